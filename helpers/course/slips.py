"""Typical slips in an exercise notebook, answered with a Chinese hint instead of a traceback.

A trainee who writes ``第3题答案 = B`` gets a ``NameError``; one who types ``“B”`` with
Chinese quotes, a full-width bracket, comma or ``＝`` gets a ``SyntaxError``. Both are the
most likely mistakes of a non-programmer, and a Python traceback tells them nothing.
:func:`hint_for` turns such an error into one or two Chinese sentences; :func:`install`
registers it with IPython (``set_custom_exc``) so that, in an exercise notebook, every
error of a cell is answered by an error output that holds only the hint. The cell still
counts as failed (Run All stops there, and the instructor's grading counts it), but the
trainee reads what to change, never a traceback.
"""

from __future__ import annotations

import re
from typing import Any

#: Full-width characters a Chinese keyboard types instead of the ASCII ones Python needs.
FULL_WIDTH: dict[str, tuple[str, str]] = {
    "“": ('"', "引号"), "”": ('"', "引号"), "‘": ("'", "引号"), "’": ("'", "引号"),
    "＂": ('"', "引号"), "＇": ("'", "引号"), "「": ('"', "引号"), "」": ('"', "引号"),
    "（": ("(", "括号"), "）": (")", "括号"), "【": ("[", "方括号"), "】": ("]", "方括号"),
    "［": ("[", "方括号"), "］": ("]", "方括号"), "｛": ("{", "花括号"), "｝": ("}", "花括号"),
    "，": (",", "逗号"), "、": (",", "逗号"), "＝": ("=", "等号"), "：": (":", "冒号"),
    "；": (";", "分号"), "。": (".", "点号"), "．": (".", "点号"), "＋": ("+", "加号"),
    "－": ("-", "减号"), "＊": ("*", "乘号"), "／": ("/", "除号"), "＜": ("<", "小于号"),
    "＞": (">", "大于号"), "　": (" ", "空格"),
}

#: Names that, left without quotes, were meant as an option letter.
_OPTION = re.compile(r"^[A-Da-d]$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _full_width_in(line: str) -> list[str]:
    seen: list[str] = []
    for ch in line:
        if ch in FULL_WIDTH and ch not in seen:
            seen.append(ch)
    return seen


def hint_for(error: BaseException, source: str = "") -> str:
    """One or two Chinese sentences that say what to change, for an error in an exercise cell.

    Args:
        error: the exception raised by the cell (or by compiling it).
        source: the cell's code, when known (used to find full-width characters).

    Returns:
        The hint (never a traceback).

    >>> hint_for(NameError("name 'B' is not defined", name="B"))
    '选项要加英文引号：例如 第3题答案 = "B"。没有引号时，Python 把 B 当成一个变量名，而这个变量并不存在。'
    >>> print(hint_for(SyntaxError("invalid character '“' (U+201C)"), '第3题答案 = “B”').replace("。", "。\\n"))
    这一格里有中文（全角）符号：“ ” 要换成英文（半角）的 " "。
    把输入法切换到英文后重新输入这些符号，例如 第3题答案 = "B"。
    <BLANKLINE>
    >>> hint_for(NameError("name 'survey' is not defined", name="survey"))
    '还没有找到 survey：它在前面的格里定义。请先运行上面所有的格（菜单“运行” → “运行上方所有单元格”），再运行这一格。'
    """
    if isinstance(error, SyntaxError):
        text = source or (error.text or "")
        wide = _full_width_in(text)
        if wide:
            ascii_ = " ".join(FULL_WIDTH[ch][0] for ch in wide)
            return (f"这一格里有中文（全角）符号：{' '.join(wide)} 要换成英文（半角）的 {ascii_}。"
                    "把输入法切换到英文后重新输入这些符号，例如 第3题答案 = \"B\"。")
        if isinstance(error, IndentationError):
            return "这一行前面多了（或少了）空格。答案行要从最左边写起，不要在行首加空格。"
        message = str(getattr(error, "msg", error))
        if "unterminated string" in message or "EOL while scanning" in message:
            return "引号没有成对：文字答案要写在一对英文引号里，例如 客户甲 = \"大客户\"。"
        if "never closed" in message or "unmatched" in message or "does not match" in message:
            return "括号没有成对：每个 ( [ { 都要有对应的 ) ] }。"
        line = f"第 {error.lineno} 行" if getattr(error, "lineno", None) else "这一格"
        return (f"{line}的写法 Python 看不懂：检查引号、括号是否成对，符号是否都是英文半角，"
                "答案的格式是否和题目的例子一样。")
    if isinstance(error, NameError):
        name = getattr(error, "name", None) or (re.findall(r"'([^']+)'", str(error)) or [""])[0]
        if _OPTION.match(name):
            return (f'选项要加英文引号：例如 第3题答案 = "{name.upper()}"。'
                    f"没有引号时，Python 把 {name} 当成一个变量名，而这个变量并不存在。")
        if _CJK.search(name):
            return (f"“{name}”如果是你的答案文字，请放在英文引号里，例如 \"{name}\"；"
                    "如果它是前面定义的变量，请先运行上面所有的格（菜单“运行” → “运行上方所有单元格”）。")
        return (f"还没有找到 {name}：它在前面的格里定义。请先运行上面所有的格"
                "（菜单“运行” → “运行上方所有单元格”），再运行这一格。")
    if isinstance(error, KeyError):
        return (f"找不到 {error}：列名或键要和表里的写法完全一样（包括中文和大小写）。"
                "可以先运行 表.columns 看一看有哪些列。")
    if isinstance(error, AttributeError):
        return f"写法有误（{error}）：检查点号后面的名字是否拼对，例如 .mean() 而不是 .Mean()。"
    if isinstance(error, TypeError):
        return f"数据的类型不对（{error}）：文字要放在引号里，数字不要加引号；函数名后面记得加括号。"
    from ..errors import DataError

    if isinstance(error, DataError):
        return str(error).split("\n[EN]")[0]
    return f"运行时出了问题（{type(error).__name__}：{error}）。对照题目的例子检查这一格，改好后再运行。"


def hint_lines(error: BaseException, source: str = "") -> list[str]:
    """What an exercise notebook shows for an error: the hint in two lines, no traceback.

    Args:
        error: the exception.
        source: the cell's code, when known.

    Returns:
        The lines of the error output (the first one starts with "⚠ 需要修改").

    >>> hint_lines(NameError("name 'c' is not defined", name="c"))[0].startswith('⚠ 需要修改：选项要加英文引号')
    True
    """
    return [f"⚠ 需要修改：{hint_for(error, source)}", "改好后再运行这一格（Shift + Enter）。"]



def _handler(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: Any = None) -> list[str]:
    """IPython custom exception handler: an error output that holds the hint, not a traceback."""
    source = ""
    if isinstance(value, SyntaxError):
        try:
            source = shell.history_manager.input_hist_raw[-1]
        except Exception:  # pragma: no cover - no history: the error's own line is enough
            source = ""
    stb = hint_lines(value, source)
    shell._showtraceback(etype, value, stb)
    return stb



def install(shell: Any | None = None) -> bool:
    """Answer every error of an exercise cell with a Chinese hint (see :func:`hint_for`).

    Args:
        shell: the IPython shell (default: the running one).

    Returns:
        True when a shell was found and the handler installed; False outside IPython.

    >>> install(None)   # outside a notebook there is nothing to install
    False
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover
            return False
        shell = get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((Exception,), _handler)
    return True
