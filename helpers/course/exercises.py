"""Instant feedback for the exercises: ``check("L01_q1")`` and ``progress()``.

Each lecture's questions are defined in ``exercises/checks/L01.py`` (one file per lecture)
with the :func:`question` decorator. A check reads the trainee's answer variables from the
notebook, and either returns (pass) or raises :class:`Incorrect` with a message and a hint
in Chinese. :func:`check` turns every outcome -- pass, wrong, blank, missing variable, or an
exception anywhere -- into a short, kind result; it never raises and never shows a traceback.

The ``expect_*`` functions are the building blocks of checks: numbers with a tolerance,
choices, short answers by keywords, tables (DataFrame / Series) and a chart's data.

>>> @question("DEMO_q1", "回收率", variables=("回收率",), hint="回收率 = 收回 ÷ 发出")
... def _demo(回收率):
...     expect_number(回收率, 0.62, tol=0.005)
>>> 回收率 = 0.62
>>> print(check("DEMO_q1"))
✓ 通过 DEMO_q1 回收率
>>> 回收率 = 62
>>> print(check("DEMO_q1"))
✗ 还不对 DEMO_q1 回收率：看起来你填的是百分数（62）。本题请写成小数，例如 0.35 表示 35%。
   提示：回收率 = 收回 ÷ 发出
>>> 回收率 = ...
>>> check("DEMO_q1").status
'blank'
"""

from __future__ import annotations

import html
import importlib.util
import math
import numbers
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..paths import ROOT

#: Where the per-lecture check definitions live (``L01.py`` defines the ``L01_*`` questions).
CHECKS_DIR = ROOT / "exercises" / "checks"

STATUS_TEXT = {"pass": "✓ 通过", "fail": "✗ 还不对", "blank": "○ 未作答",
               "missing": "○ 未作答", "error": "✗ 出错"}


class Incorrect(Exception):
    """Raised by a check when the answer is wrong.

    Args:
        message: what is wrong, in Chinese (never the correct answer itself).
        hint: an extra hint, in Chinese; the question's own hint is used when empty.
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass(frozen=True)
class Question:
    """One exercise question: its id, title, answer variables and check function."""

    qid: str
    title: str
    variables: tuple[str, ...]
    func: Callable[..., Any]
    hint: str = ""

    @property
    def lecture(self) -> str:
        return self.qid.split("_")[0]


@dataclass
class Result:
    """The outcome of one check; shown as a coloured box in a notebook."""

    qid: str
    title: str
    status: str  # pass | fail | blank | missing | error
    message: str = ""
    hint: str = ""

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    def __str__(self) -> str:
        if self.passed:
            return f"✓ 通过 {self.qid} {self.title}"
        text = f"{STATUS_TEXT[self.status]} {self.qid} {self.title}：{self.message}"
        return text + (f"\n   提示：{self.hint}" if self.hint else "")

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = "#2e7d32" if self.passed else ("#9e9e9e" if self.status in ("blank", "missing") else "#c62828")
        body = f"<b>{STATUS_TEXT[self.status]}</b>　{html.escape(self.qid)} {html.escape(self.title)}"
        if self.message and not self.passed:
            body += f"<br>{html.escape(self.message)}"
        if self.hint and not self.passed:
            body += f"<br>提示：{html.escape(self.hint)}"
        return (f'<div style="border-left:6px solid {colour};padding:6px 12px;margin:4px 0;'
                f'background:{colour}11;line-height:1.6">{body}</div>')


_QUESTIONS: dict[str, Question] = {}
_LOADED: set[str] = set()


def question(qid: str, title: str, variables: Iterable[str], hint: str = "") -> Callable:
    """Decorator that registers a check function as question ``qid``.

    Args:
        qid: the question id, ``"<lecture>_<name>"``, e.g. ``"L01_q1"``.
        title: a short Chinese title shown with the result.
        variables: names of the notebook variables the check reads (passed as keyword arguments).
        hint: the hint shown whenever the answer is not yet right.

    Returns:
        The decorator (the function is returned unchanged).

    >>> @question("DEMO_q0", "示例", variables=("x",))
    ... def _q0(x):
    ...     expect_number(x, 1)
    >>> check("DEMO_q0", {"x": 2}).message
    '你的结果 2 偏大了。'
    """
    def register(func: Callable) -> Callable:
        _QUESTIONS[qid] = Question(qid, title, tuple(variables), func, hint)
        return func
    return register


def _load(lecture: str) -> None:
    """Import ``exercises/checks/<lecture>.py`` once (it registers its questions)."""
    if lecture in _LOADED:
        return
    path = CHECKS_DIR / f"{lecture}.py"
    if path.is_file():
        spec = importlib.util.spec_from_file_location(f"course_checks_{lecture}", path)
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules[spec.name] = module  # type: ignore[union-attr]
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    _LOADED.add(lecture)


def questions(lecture: str) -> dict[str, Question]:
    """The questions of one lecture, in the order they are defined.

    Args:
        lecture: the lecture prefix, e.g. ``"L01"``.

    Returns:
        A dict ``qid -> Question``.

    >>> @question("DEMO5_x", "示例", variables=("x",))
    ... def _x(x):
    ...     expect_number(x, 1)
    >>> list(questions("DEMO5"))
    ['DEMO5_x']
    """
    _load(lecture)
    return {k: q for k, q in _QUESTIONS.items() if q.lecture == lecture}


def evaluate(qid: str, namespace: Mapping[str, Any]) -> Result:
    """Run the check of ``qid`` against the variables in ``namespace``; never raises.

    Args:
        qid: the question id.
        namespace: where the answer variables live (the notebook's globals).

    Returns:
        A :class:`Result`.

    >>> evaluate("NOPE_q9", {}).message
    '没有找到题目 NOPE_q9。请检查题号是否写对（例如 "L01_q1"）。'
    """
    try:
        q = questions(qid.split("_")[0]).get(qid)
    except Exception as exc:  # a broken checks file must not show a traceback either
        return Result(qid, "", "error", f"读取题目定义时出错（{type(exc).__name__}）：{exc}。请告诉讲师。")
    if q is None:
        return Result(qid, "", "error", f'没有找到题目 {qid}。请检查题号是否写对（例如 "L01_q1"）。')
    args = {}
    for name in q.variables:
        if name not in namespace:
            return Result(qid, q.title, "missing",
                          f"还没有找到变量 {name}。请先在上面的格里填写答案，并运行那一格（Shift+Enter）。", q.hint)
        if namespace[name] is Ellipsis:
            return Result(qid, q.title, "blank",
                          f"还没有作答：把 {name} 后面的 ... 换成你的答案，再运行那一格。", q.hint)
        args[name] = namespace[name]
    try:
        q.func(**args)
    except Incorrect as wrong:
        return Result(qid, q.title, "fail", wrong.message, wrong.hint or q.hint)
    except Exception as exc:
        return Result(qid, q.title, "error",
                      f"检查时遇到了问题（{type(exc).__name__}：{exc}）。通常是答案的类型不对，"
                      "请对照题目要求的格式再试一次。", q.hint)
    return Result(qid, q.title, "pass")


def start_exercises() -> bool:
    """Set up an exercise notebook: typical slips get a Chinese hint, never a traceback.

    Called in the first cell of every exercise notebook. After it, a cell that fails --
    ``第3题答案 = B`` without quotes, ``“B”`` with Chinese quotes, a full-width bracket,
    comma or ``＝``, a variable from a cell not yet run -- shows one or two Chinese
    sentences that say what to change (:mod:`helpers.course.slips`).

    Returns:
        True inside a notebook, False elsewhere (nothing to set up).

    >>> start_exercises()   # not in a notebook here
    False
    """
    from .slips import install

    return install()



def check(qid: str, namespace: Mapping[str, Any] | None = None) -> Result:
    """Check one answer and show the result (pass, or what is wrong plus a hint).

    Args:
        qid: the question id, e.g. ``"L02_q3"``.
        namespace: where the answers are; by default the caller's globals (the notebook).

    Returns:
        A :class:`Result`, displayed as a coloured box in the notebook. Never raises.
    """
    if namespace is None:
        namespace = sys._getframe(1).f_globals
    return evaluate(str(qid), namespace)


def grade_namespace(lecture: str, namespace: Mapping[str, Any]) -> dict[str, int]:
    """Score every question of a lecture: 1 if it passes, else 0.

    Args:
        lecture: the lecture prefix, e.g. ``"L01"``.
        namespace: the notebook's variables.

    Returns:
        ``{qid: 1 or 0}`` in question order.

    >>> @question("DEMO3_a", "甲", variables=("a",))
    ... def _a(a):
    ...     expect_number(a, 1)
    >>> @question("DEMO3_b", "乙", variables=("b",))
    ... def _b(b):
    ...     expect_choice(b, "A")
    >>> grade_namespace("DEMO3", {"a": 1, "b": "C"})
    {'DEMO3_a': 1, 'DEMO3_b': 0}
    """
    return {qid: int(evaluate(qid, namespace).passed) for qid in questions(lecture)}


@dataclass
class Progress:
    """A table of the questions of a lecture and whether each passes."""

    lecture: str
    results: list[Result] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(r.passed for r in self.results)

    def __str__(self) -> str:
        lines = [f"{self.lecture} 练习进度：已通过 {self.passed} / {len(self.results)} 题"]
        lines += [f"  {STATUS_TEXT[r.status]}  {r.qid} {r.title}" for r in self.results]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{html.escape(r.qid)}</td><td>{html.escape(r.title)}</td>"
                       f"<td>{STATUS_TEXT[r.status]}</td></tr>" for r in self.results)
        return (f"<p><b>{html.escape(self.lecture)} 练习进度：已通过 {self.passed} / {len(self.results)} 题</b></p>"
                f"<table><tr><th>题号</th><th>题目</th><th>结果</th></tr>{rows}</table>")


def progress(lecture: str | None = None, namespace: Mapping[str, Any] | None = None) -> Progress:
    """Show which questions of a lecture pass right now.

    Args:
        lecture: the lecture prefix, e.g. ``"L01"``; by default the notebook variable
            ``练习编号`` (set in every exercise notebook).
        namespace: where the answers are; by default the caller's globals.

    Returns:
        A :class:`Progress` (shown as a table in the notebook). Never raises.

    >>> @question("DEMO4_a", "回收率", variables=("a",))
    ... def _a(a):
    ...     expect_number(a, 1)
    >>> @question("DEMO4_b", "选择", variables=("b",))
    ... def _b(b):
    ...     expect_choice(b, "A")
    >>> print(progress("DEMO4", {"a": 1}))
    DEMO4 练习进度：已通过 1 / 2 题
      ✓ 通过  DEMO4_a 回收率
      ○ 未作答  DEMO4_b 选择
    """
    if namespace is None:
        namespace = sys._getframe(1).f_globals
    lecture = lecture or str(namespace.get("练习编号", "L01"))
    return Progress(lecture, [evaluate(qid, namespace) for qid in questions(lecture)])


# --------------------------------------------------------------------------------------
# Building blocks for checks. Each raises Incorrect with a Chinese message when wrong.
# --------------------------------------------------------------------------------------

def _fmt(x: float) -> str:
    return f"{x:.4g}"


_FORGOT_CALL = "你的答案是一个函数本身，可能忘了在末尾加括号，例如 .mean() 而不是 .mean。"


def as_number(value: Any) -> float:
    """The answer as a float, or :class:`Incorrect` saying why it is not a number.

    Args:
        value: the trainee's answer.

    Returns:
        The number.

    >>> as_number(3)
    3.0
    >>> as_number("0.33")
    Traceback (most recent call last):
    helpers.course.exercises.Incorrect: 你的答案是文字（"0.33"），请写成数字：去掉引号。
    """
    if hasattr(value, "shape") and not isinstance(value, numbers.Number):
        if getattr(value, "size", 2) == 1:
            raise Incorrect("你的答案是只有一个数的表格或数列，请取出这个数本身（例如在后面加 .iloc[0] 或 .item()）。")
        raise Incorrect("本题需要一个数字，你的答案是一整列或一张表。")
    if isinstance(value, str):
        raise Incorrect(f'你的答案是文字（"{value}"），请写成数字：去掉引号。')
    if callable(value):
        raise Incorrect(_FORGOT_CALL)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise Incorrect(f"本题需要一个数字，你的答案是 {type(value).__name__} 类型。")
    number = float(value)
    if math.isnan(number):
        raise Incorrect("你的结果是空值（NaN）。可能除以了 0，或者用到了有缺失的列。")
    return number


def expect_number(value: Any, expected: float, *, tol: float = 1e-6, rel: float = 0.0,
                  fraction: bool = True) -> None:
    """Pass when ``value`` is a number within ``tol`` (or ``rel`` x expected) of ``expected``.

    Args:
        value: the trainee's answer.
        expected: the correct value.
        tol: absolute tolerance.
        rel: relative tolerance.
        fraction: the answer is a share written as a decimal (0.35); a percentage (35)
            gets its own message.

    >>> expect_number(0.3333, 1 / 3, tol=0.001)
    >>> expect_number(0.5, 1 / 3, tol=0.001)
    Traceback (most recent call last):
    helpers.course.exercises.Incorrect: 你的结果 0.5 偏大了。
    """
    number = as_number(value)
    expected = float(expected)
    limit = max(tol, rel * abs(expected))
    if abs(number - expected) <= limit:
        return
    if fraction and abs(expected) <= 1 and abs(number / 100 - expected) <= limit:
        raise Incorrect(f"看起来你填的是百分数（{_fmt(number)}）。本题请写成小数，例如 0.35 表示 35%。")
    direction = "偏大" if number > expected else "偏小"
    raise Incorrect(f"你的结果 {_fmt(number)} {direction}了。")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip()


def expect_choice(value: Any, correct: str, *, options: str = "ABCD",
                  why: Mapping[str, str] | None = None) -> None:
    """Pass when ``value`` names the correct option (``"B"``, ``"b"``, ``"Ｂ"`` all count).

    Args:
        value: the trainee's answer.
        correct: the letter of the correct option.
        options: the letters that exist.
        why: for some wrong letters, why that option is not the best one.

    >>> expect_choice(" ｂ ", "B")
    >>> expect_choice("C", "B", why={"C": "C 只看了金额。"})
    Traceback (most recent call last):
    helpers.course.exercises.Incorrect: 你选了 C。C 只看了金额。
    """
    if not isinstance(value, str):
        raise Incorrect(f'请用带引号的字母作答，例如 "{options[0]}"。')
    letter = _norm(value).upper().strip("（）()。. ")
    if letter not in options or len(letter) != 1:
        raise Incorrect(f"请只填一个选项字母（{'、'.join(options)} 中的一个），你填的是“{value}”。")
    if letter != correct.upper():
        raise Incorrect(f"你选了 {letter}。" + ((why or {}).get(letter) or "这个选项不是最合适的，再读一遍题目。"))


def expect_keywords(text: Any, groups: Mapping[str, Iterable[str]], *, need: int | None = None,
                    min_chars: int = 4) -> None:
    """Pass when a short answer touches enough of the required points.

    Args:
        text: the trainee's short answer.
        groups: ``{point: [words that show the point]}``.
        need: how many points must be touched (all by default).
        min_chars: shorter answers are asked to say more.

    >>> expect_keywords("先清洗再结构化", {"清洗": ["清洗", "清理"], "结构化": ["结构", "编码"]})
    >>> expect_keywords("先清洗数据", {"清洗": ["清洗"], "结构化": ["结构", "编码"]})
    Traceback (most recent call last):
    helpers.course.exercises.Incorrect: 你的回答还没有谈到：结构化。
    """
    if not isinstance(text, str):
        raise Incorrect("请把回答写成文字，放在引号里。")
    body = _norm(text).lower()
    if len(body) < min_chars:
        raise Incorrect("回答太短了，请用一两句话写出你的想法。")
    missing = [point for point, words in groups.items() if not any(_norm(w).lower() in body for w in words)]
    need = len(groups) if need is None else need
    if len(groups) - len(missing) < need:
        raise Incorrect("你的回答还没有谈到：" + "、".join(missing) + "。")


def expect_reason(text: Any, *, min_chars: int = 10, not_only: Iterable[str] = ()) -> None:
    """Pass when a free-text reason is a real sentence: long enough, and more than a copied option.

    Judgement questions ask for a choice (checked with :func:`expect_choice`) and a reason in
    the trainee's own words. A rule cannot judge a reason; it only checks that one was
    written. The solution shows a model reason for comparison.

    Args:
        text: the trainee's reason.
        min_chars: shorter reasons (ignoring spaces and punctuation) are asked to say more.
        not_only: texts that alone are not a reason (for example the options' wording).

    >>> expect_reason("决策者态度中立，关系弱，先补高层对接")
    >>> expect_reason("A")
    Traceback (most recent call last):
    helpers.course.exercises.Incorrect: 理由太短了：请用一两句话写出你为什么这样选（至少 10 个字）。
    """
    if not isinstance(text, str):
        raise Incorrect("请把理由写成文字，放在引号里。")
    body = "".join(ch for ch in _norm(text) if ch.isalnum())
    if len(body) < min_chars:
        raise Incorrect(f"理由太短了：请用一两句话写出你为什么这样选（至少 {min_chars} 个字）。")
    for option in not_only:
        if body == "".join(ch for ch in _norm(option) if ch.isalnum()):
            raise Incorrect("这是选项原文，请用自己的话说明理由。")


def expect_table(value: Any, expected: Any, *, tol: float = 1e-6, ignore_order: bool = True,
                 use_index: bool = True) -> None:
    """Pass when a DataFrame or Series has the expected columns, labels and values.

    Args:
        value: the trainee's table (DataFrame or Series).
        expected: the correct table.
        tol: absolute tolerance for numbers.
        ignore_order: rows may come in any order.
        use_index: the index (e.g. the group names after ``groupby``) is part of the answer.

    >>> import pandas as pd
    >>> good = pd.Series([0.5, 0.25], index=["华东", "华南"])
    >>> expect_table(good.iloc[::-1], good)
    >>> expect_table(good * 100, good)
    Traceback (most recent call last):
    helpers.course.exercises.Incorrect: “华东”这一行的数值不对：你的是 50。
    """
    import pandas as pd

    if not isinstance(value, (pd.DataFrame, pd.Series)):
        raise Incorrect(_FORGOT_CALL if callable(value) else
                        f"本题需要一张表（DataFrame）或一列数据（Series），你的答案是 {type(value).__name__}。")
    mine, want = value, expected
    if isinstance(want, pd.Series):
        if isinstance(mine, pd.DataFrame):
            if mine.shape[1] != 1:
                raise Incorrect("本题需要一列数据（Series），你的答案有好几列。")
            mine = mine.iloc[:, 0]
        mine, want = mine.to_frame("值"), want.to_frame("值")
    elif isinstance(mine, pd.Series):
        raise Incorrect("本题需要一张表（DataFrame），你的答案只有一列（Series）。可以试试 .reset_index()。")
    missing = [c for c in want.columns if c not in mine.columns]
    if missing:
        raise Incorrect("你的表缺少这些列：" + "、".join(map(str, missing)) + "。")
    if len(mine) != len(want):
        raise Incorrect(f"行数不对：你的表有 {len(mine)} 行，应该有 {len(want)} 行。")
    mine = mine[list(want.columns)]
    if use_index:
        if ignore_order:
            known = set(want.index)
            unknown = [i for i in mine.index if i not in known]
            if unknown:
                raise Incorrect(f"你的表里有不该出现的行：{'、'.join(map(str, unknown[:3]))}。")
            mine = mine.loc[list(want.index)]
        labels = [str(i) for i in want.index]
    else:
        if ignore_order:
            mine = mine.sort_values(list(mine.columns)).reset_index(drop=True)
            want = want.sort_values(list(want.columns)).reset_index(drop=True)
        labels = [str(i + 1) for i in range(len(want))]
    for label, row_mine, row_want in zip(labels, mine.itertuples(index=False), want.itertuples(index=False)):
        for a, b in zip(row_mine, row_want):
            if isinstance(b, numbers.Real) and isinstance(a, numbers.Real):
                same = abs(float(a) - float(b)) <= tol or (math.isnan(float(a)) and math.isnan(float(b)))
            else:
                same = str(a) == str(b)
            if not same:
                shown = _fmt(float(a)) if isinstance(a, numbers.Real) else a
                raise Incorrect(f"“{label}”这一行的数值不对：你的是 {shown}。")


def chart_data(chart: Any) -> Any:
    """The data drawn in a bar or line chart, as a pandas Series (label -> value).

    Args:
        chart: a matplotlib ``Axes`` (what ``df.plot.bar()`` returns) or ``Figure``.

    Returns:
        A Series: bar heights (or widths for horizontal bars) by tick label, or the first
        line's y values by x.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> ax = pd.Series([3, 5], index=["甲", "乙"]).plot.bar()
    >>> chart_data(ax).to_dict()
    {'甲': 3.0, '乙': 5.0}
    """
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    ax = chart.axes[0] if isinstance(chart, Figure) else chart
    if not isinstance(ax, Axes):
        raise Incorrect("本题需要一张图（例如 数据.plot.bar() 的结果），请把画图那一行的结果赋给变量。")
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    if bars:
        horizontal = len({round(b.get_x(), 6) for b in bars}) == 1 and len(bars) > 1
        ticks = ax.get_yticklabels() if horizontal else ax.get_xticklabels()
        labels = [t.get_text() for t in ticks][: len(bars)]
        values = [float(b.get_width() if horizontal else b.get_height()) for b in bars]
        return pd.Series(values, index=labels if len(labels) == len(values) else None)
    if ax.lines:
        x, y = ax.lines[0].get_data()
        return pd.Series([float(v) for v in y], index=list(x))
    raise Incorrect("图里没有找到柱子或折线。请用 .plot.bar() 或 .plot() 画图。")
