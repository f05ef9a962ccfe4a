"""SMART 目标 worksheet: up to five goals, each checked by the course's one SMART checker.

The trainee writes the parent goal (上级目标 / 战略) once and up to five goals below it. Each goal
is checked with :func:`helpers.analysis.smart.smart_check` (``context`` = the parent goal for R,
``deadline`` = the deadline field for T, baseline and target for the A note). The checker never
passes A, and R only by keywords, so the trainee confirms A and R by hand (是 / 否 / 未确认).

>>> ws = SmartGoalsWorksheet(parent="提高一般客户的复购与留存")
>>> ws.add_goal("把华东区一般客户的季度复购率从18%提高到25%", deadline="2026-06-30")
0
>>> ws.check(0).results
{'S': '是', 'M': '是', 'A': '待判断', 'R': '是', 'T': '是'}
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd

from ..analysis.smart import LETTERS, NAMES, NO, OPEN, YES, SmartResult, smart_check
from ..errors import WorksheetError
from .dates import check_date, date_label, read_date
from .model import Block, Heading, Paragraph, Table, Worksheet, check_text

MAX_GOALS = 5
CONFIRM: tuple[str, ...] = ("未确认", "是", "否")
MAX_PARENT, MAX_GOAL, MAX_SHORT = 300, 300, 60
MARKS: dict[str, tuple[str, str]] = {YES: ("#2e7d32", "●"), NO: ("#c62828", "✕"), OPEN: ("#9e9e9e", "？")}


def _number(value: Any, what_zh: str, what_en: str) -> float | None:
    """A baseline or target: None, or a finite number (typed text such as "18%" is read as 18)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip().replace("％", "%").rstrip("%").replace(",", "")
        try:
            value = float(text)
        except ValueError:
            raise WorksheetError(f"{what_zh}应当是数字（可以不填），实际是 {value!r}",
                                 f"{what_en} should be a number (or empty), got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise WorksheetError(f"{what_zh}应当是数字（可以不填），实际是 {value!r}",
                             f"{what_en} should be a number (or empty), got {value!r}")
    return float(value)


def _confirm(value: Any, what_zh: str) -> str:
    if value not in CONFIRM:
        raise WorksheetError(f"{what_zh}只能是 是、否 或 未确认，实际是 {value!r}",
                             f"{what_zh} must be 是, 否 or 未确认, got {value!r}")
    return value


@dataclass
class SmartGoal:
    """One goal: the sentence, its metric, baseline and target, deadline, owner, and A / R confirmed."""

    text: str = ""
    metric: str = ""
    baseline: float | None = None
    target: float | None = None
    deadline: str = ""
    owner: str = ""
    confirm_a: str = "未确认"
    confirm_r: str = "未确认"


@dataclass
class SmartGoalsWorksheet(Worksheet):
    """Up to five goals under one parent goal.

    Args:
        parent: 上级目标 / 战略 (the context for R).
        goals: list of :class:`SmartGoal`.
    """

    kind: ClassVar[str] = "smart_goals"
    label: ClassVar[str] = "SMART 目标"
    schema_version: ClassVar[int] = 1

    parent: str = ""
    goals: list[SmartGoal] = field(default_factory=list)

    def add_goal(self, text: str, **fields: Any) -> int:
        """Append a goal (other fields as keywords, typed values are read) and return its index.

        >>> ws = SmartGoalsWorksheet()
        >>> for _ in range(5): _ = ws.add_goal("下季度新增重点客户5家")
        >>> ws.add_goal("再加一个")
        Traceback (most recent call last):
        ...
        helpers.errors.WorksheetError: 最多写 5 个目标：目标太多等于没有重点
        [EN] at most 5 goals
        """
        if len(self.goals) >= MAX_GOALS:
            raise WorksheetError(f"最多写 {MAX_GOALS} 个目标：目标太多等于没有重点", f"at most {MAX_GOALS} goals")
        goal = SmartGoal()
        self.goals.append(goal)
        try:
            self.edit_goal(len(self.goals) - 1, text=text, **fields)
        except WorksheetError:
            self.goals.pop()
            raise
        return len(self.goals) - 1

    def edit_goal(self, index: int, **changes: Any) -> None:
        """Change fields of goal ``index``: text, metric, baseline, target, deadline, owner, confirm_a, confirm_r.

        >>> ws = SmartGoalsWorksheet(); _ = ws.add_goal("提升满意度")
        >>> ws.edit_goal(0, baseline="4.0", target="4.5", deadline="2026/6/30"); ws.goals[0].deadline
        '2026-06-30'
        """
        if not isinstance(index, int) or not 0 <= index < len(self.goals):
            raise WorksheetError(f"没有第 {index} 个目标", f"no goal {index}")
        goal = self.goals[index]
        for key, value in changes.items():
            if key == "text":
                goal.text = check_text(value, "目标", "goal", MAX_GOAL)
            elif key in ("metric", "owner"):
                setattr(goal, key, check_text(value, "指标" if key == "metric" else "负责人", key, MAX_SHORT))
            elif key in ("baseline", "target"):
                setattr(goal, key, _number(value, "基线" if key == "baseline" else "目标值", key))
            elif key == "deadline":
                goal.deadline = read_date(value)
            elif key in ("confirm_a", "confirm_r"):
                setattr(goal, key, _confirm(value, "人工确认"))
            else:
                raise WorksheetError(f"没有这个字段：{key}", f"no field {key}")

    def remove_goal(self, index: int) -> SmartGoal:
        """Delete goal ``index`` and return it."""
        if not isinstance(index, int) or not 0 <= index < len(self.goals):
            raise WorksheetError(f"没有第 {index} 个目标", f"no goal {index}")
        return self.goals.pop(index)

    def check(self, index: int) -> SmartResult:
        """The checker's verdict on goal ``index`` (parent goal as context, deadline, baseline, target)."""
        g = self.goals[index]
        return smart_check(g.text, context=self.parent.strip() or None, deadline=g.deadline or None,
                           baseline=g.baseline, target=g.target)

    def verdicts(self) -> list[dict[str, str]]:
        """Letter -> what to show for each goal: the checker's word, or the trainee's for A and R.

        >>> ws = SmartGoalsWorksheet(); _ = ws.add_goal("下季度新增重点客户5家", confirm_a="是", confirm_r="否")
        >>> ws.verdicts()[0]
        {'S': '是', 'M': '是', 'A': '已确认', 'R': '不成立', 'T': '是'}
        """
        out = []
        for i, g in enumerate(self.goals):
            shown = dict(self.check(i).results)
            for letter, confirmed in (("A", g.confirm_a), ("R", g.confirm_r)):
                if confirmed != "未确认":
                    shown[letter] = "已确认" if confirmed == "是" else "不成立"
            out.append(shown)
        return out

    # -- storage ------------------------------------------------------------------------
    def content_to_dict(self) -> dict[str, Any]:
        """The content as JSON data."""
        return {"parent": self.parent, "goals": [dict(vars(g)) for g in self.goals]}

    @classmethod
    def content_from_dict(cls, content: dict[str, Any]) -> dict[str, Any]:
        """Constructor arguments from the JSON content."""
        raw = content.get("goals", [])
        if not isinstance(raw, list) or not all(isinstance(g, dict) for g in raw):
            raise WorksheetError("目标列表格式不对", "the goals are malformed")
        known = set(vars(SmartGoal()))
        goals = []
        for n, g in enumerate(raw, 1):
            if set(g) - known:
                raise WorksheetError(f"第 {n} 个目标有未知字段：{sorted(set(g) - known)}",
                                     f"goal {n} has unknown fields")
            goals.append(SmartGoal(**g))
        return {"parent": content.get("parent", ""), "goals": goals}

    def validate_content(self) -> None:
        """Check the parent goal, at most five goals and every field of each."""
        check_text(self.parent, "上级目标", "parent goal", MAX_PARENT)
        if not isinstance(self.goals, list) or len(self.goals) > MAX_GOALS:
            raise WorksheetError(f"最多 {MAX_GOALS} 个目标", f"at most {MAX_GOALS} goals")
        for n, g in enumerate(self.goals, 1):
            if not isinstance(g, SmartGoal):
                raise WorksheetError(f"第 {n} 个目标格式不对", f"goal {n} is malformed")
            check_text(g.text, f"第 {n} 个目标", f"goal {n}", MAX_GOAL)
            check_text(g.metric, f"第 {n} 个目标的指标", "metric", MAX_SHORT)
            check_text(g.owner, f"第 {n} 个目标的负责人", "owner", MAX_SHORT)
            _number(g.baseline, f"第 {n} 个目标的基线", "baseline")
            _number(g.target, f"第 {n} 个目标的目标值", "target")
            check_date(g.deadline, f"第 {n} 个目标的截止日期", "deadline")
            _confirm(g.confirm_a, f"第 {n} 个目标的 A 确认")
            _confirm(g.confirm_r, f"第 {n} 个目标的 R 确认")

    # -- exports --------------------------------------------------------------------------
    def blocks(self) -> list[Block]:
        """Parent goal, the goals table, then each goal's check (依据 and 建议).

        >>> ws = SmartGoalsWorksheet(parent="p"); _ = ws.add_goal("提升华东区重点客户满意度")
        >>> ws.blocks()[2].rows[0][1:8]
        ('提升华东区重点客户满意度', '是', '否', '待判断', '待判断', '否', 'M、T')
        """
        out = self.meta_blocks() + [Heading("上级目标 / 战略"), Paragraph(self.parent or "（未填写）")]
        rows = []
        for i, (g, shown) in enumerate(zip(self.goals, self.verdicts())):
            rows.append((i + 1, g.text, *(shown[letter] for letter in LETTERS), "、".join(self.check(i).missing) or "—",
                         g.metric, _fmt(g.baseline), _fmt(g.target), date_label(g.deadline), g.owner))
        header = ("序号", "目标", "S", "M", "A", "R", "T", "缺少", "指标", "基线", "目标值", "截止日期", "负责人")
        out.append(Table(header, tuple(rows)) if rows else Paragraph("（还没有目标）"))
        for i, g in enumerate(self.goals):
            result = self.check(i)
            out.append(Heading(f"目标 {i + 1} 的检查：{g.text}", level=3))
            out.append(Table(("要素", "结果", "依据", "建议"),
                             tuple((NAMES[r.letter], r.result, r.basis, r.advice) for r in result.rows)))
            if result.vague:
                out.append(Paragraph(result.vague_line()))
        out.append(Paragraph("检查器按写明的关键词规则读句子，只是提醒；A（可达成）和 R（相关）由你确认。"))
        return out

    def rows(self) -> list[tuple[Any, ...]]:
        """One row per goal and letter (部分 = "目标 n", 内容 = "S 具体：是（依据）").

        >>> ws = SmartGoalsWorksheet(); _ = ws.add_goal("第3季度")
        >>> ws.rows()[4][:3]
        ('目标 1', 1, '第3季度')
        """
        out = self.meta_rows() + [("上级目标", None, self.parent, None)]
        for i, (g, shown) in enumerate(zip(self.goals, self.verdicts())):
            out.append((f"目标 {i + 1}", 1, g.text, None))
            for n, r in enumerate(self.check(i).rows, 2):
                out.append((f"目标 {i + 1}", n, f"{NAMES[r.letter]}：{shown[r.letter]}（{r.basis}）", None))
        return out

    def figure(self) -> Any:
        """One row per goal (text wrapped to 2 lines) and five columns with a mark and the word."""
        return smart_goals_figure(self)

    @classmethod
    def class_summary(cls, sheets: list[Worksheet]) -> list[tuple[str, Any]]:
        """The class's goals: share with 否 per letter, frequent vague words, A and R confirmed.

        >>> a = SmartGoalsWorksheet(); _ = a.add_goal("努力做好会员运营，尽快提高复购率", confirm_a="是")
        >>> s = SmartGoalsWorksheet.class_summary([a])
        >>> s[0][1]["“否”的占比"].tolist()
        [0.0, 1.0, 0.0, 0.0, 1.0]
        """
        goals = [(ws, i) for ws in sheets if isinstance(ws, SmartGoalsWorksheet) for i in range(len(ws.goals))]
        results = [ws.check(i) for ws, i in goals]
        n = len(results)
        letters = pd.DataFrame({"要素": [NAMES[x] for x in LETTERS], "目标数": n,
                                "“否”的个数": [sum(r[x] == NO for r in results) for x in LETTERS]})
        letters["“否”的占比"] = (letters["“否”的个数"] / n).round(3) if n else float("nan")
        vague = Counter(word for r in results for word in r.vague)
        words = pd.DataFrame(vague.most_common(10), columns=["空泛词", "出现的目标数"])
        def share(key: str) -> float:
            done = sum(getattr(ws.goals[i], key) != "未确认" for ws, i in goals)
            return round(done / n, 3) if n else float("nan")

        confirmed = pd.DataFrame({"确认项": ["A 可达成", "R 相关"], "目标数": n,
                                  "已确认的占比": [share("confirm_a"), share("confirm_r")]})

        def draw() -> Any:
            from matplotlib.figure import Figure

            fig = Figure(figsize=(7, 3.6), dpi=100)
            ax = fig.add_subplot()
            ax.bar(letters["要素"], letters["“否”的占比"] * 100, color="#c62828")
            ax.set_ylim(0, 100)
            ax.set_ylabel("判为“否”的目标占比（%）")
            ax.set_title(f"全班 SMART 目标（第六讲工作表，{n} 个目标）：最常缺少的要素")
            fig.tight_layout()
            return fig

        return [("每个要素判为“否”的目标占比（来源：第六讲 SMART 目标工作表）", letters), ("图：最常缺少的要素", draw),
                ("最常见的空泛词", words), ("学员亲自确认了 A、R 的目标占比", confirmed)]


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


# ---------------------------------------------------------------------------------------
# Picture
# ---------------------------------------------------------------------------------------

def smart_goals_figure(ws: SmartGoalsWorksheet) -> Any:
    """A table-like picture: one row per goal, the five letters with a mark and the word.

    Args:
        ws: the worksheet.

    Returns:
        A :class:`matplotlib.figure.Figure` (not attached to pyplot).

    >>> ws = SmartGoalsWorksheet(); _ = ws.add_goal("下季度新增重点客户5家")
    >>> len(smart_goals_figure(ws).axes)
    1
    """
    from matplotlib.figure import Figure

    from ..charts.base import chart_style
    from .swot import wrap_text

    n = max(len(ws.goals), 1)
    with chart_style():
        fig = Figure(figsize=(11, 1.3 + 0.85 * n), dpi=100)
        ax = fig.add_axes((0.01, 0.02, 0.98, 0.80))
        ax.set_xlim(0, 11)
        ax.set_ylim(n + 0.1, -0.9)
        ax.axis("off")
        title = ws.parent.strip() and "上级目标：" + wrap_text(ws.parent, 90, 1)[0]
        fig.suptitle(ws.display_title if ws.display_title != ws.label else "SMART 目标", fontsize=15,
                     fontweight="bold", parse_math=False, y=0.97)
        if title:
            fig.text(0.5, 0.86, title, ha="center", fontsize=10, color="#444444", parse_math=False)
        ax.text(0.1, -0.5, "目标", fontsize=11, fontweight="bold", va="center")
        for j, letter in enumerate(LETTERS):
            ax.text(6.6 + j * 0.9, -0.5, NAMES[letter].replace(" ", "\n"), fontsize=10, fontweight="bold",
                    ha="center", va="center")
        if not ws.goals:
            ax.text(5.5, 0.4, "（还没有目标）", ha="center", fontsize=11, color="#777777")
        for i, (g, shown) in enumerate(zip(ws.goals, ws.verdicts())):
            y = i + 0.4
            ax.axhline(i - 0.05, color="#dddddd", linewidth=0.8)
            lines = wrap_text(f"{i + 1}. {g.text or '（空）'}", 64, 2)
            ax.text(0.1, y, "\n".join(lines), fontsize=10, va="center", parse_math=False)
            for j, letter in enumerate(LETTERS):
                word = shown[letter]
                colour, mark = MARKS.get(word, ("#2e7d32", "●") if word == "已确认" else ("#c62828", "✕"))
                ax.text(6.6 + j * 0.9, y, f"{mark}\n{word}", fontsize=9.5, ha="center", va="center", color=colour,
                        linespacing=1.2)
        fig.text(0.01, 0.005, "● 是　✕ 否　？ 待判断（A、R 由你确认后显示“已确认”或“不成立”）", fontsize=9,
                 color="#555555")
        return fig


# ---------------------------------------------------------------------------------------
# Widget
# ---------------------------------------------------------------------------------------

def result_html(ws: SmartGoalsWorksheet, index: int) -> str:
    """The check of one goal as a short line of words (escaped): "S 具体 是 · M 可衡量 否 …" and fixes.

    >>> ws = SmartGoalsWorksheet(); _ = ws.add_goal("<b>提升满意度</b>")
    >>> "<b>提升" in result_html(ws, 0), "M 可衡量 <b>否</b>" in result_html(ws, 0)
    (False, True)
    """
    import html

    result = ws.check(index)
    shown = ws.verdicts()[index]
    badges = []
    for letter in LETTERS:
        colour, mark = MARKS.get(result[letter], MARKS[OPEN])
        badges.append(f"<span style='color:{colour}'>{mark} {NAMES[letter]} <b>{html.escape(shown[letter])}</b></span>")
    fixes = [f"{r.letter}：{html.escape(r.advice)}" for r in result.rows if r.result == NO]
    extra = [html.escape(result.vague_line())] if result.vague else []
    a_note = html.escape(result.table().loc["A", "依据"].split("；")[0])
    return ("　".join(badges) + "<br><small style='color:#555'>" + "；".join(fixes + extra + ["A 依据：" + a_note])
            + "</small>")


class SmartGoalsBody:
    """The SMART widgets inside :class:`helpers.worksheets.shell.WorksheetEditor`.

    Parent goal ``ws-smart-parent``; one box per goal ``ws-smart-goal`` with ``ws-smart-goal-text``,
    ``ws-smart-metric``, ``ws-smart-baseline``, ``ws-smart-target``, ``ws-smart-deadline``, ``ws-smart-owner``,
    ``ws-smart-confirm-a``, ``ws-smart-confirm-r``, ``ws-smart-delete`` and the check ``ws-smart-result``;
    a new goal is typed into ``ws-smart-new-text`` and added with ``ws-add-button``.
    """

    def __init__(self, editor: Any) -> None:
        import ipywidgets as w

        from ..analysis.smart import smart_limits, smart_rules
        from ..widgets.common import styled

        self.w, self.editor, self.styled = w, editor, styled
        self.parent = styled(w.Textarea(placeholder="上级目标或战略，例如：提高一般客户的复购与留存（检查 R 时用）",
                                        layout=w.Layout(width="98%", height="50px")), "ws-smart-parent")
        self.parent.observe(lambda ch: editor.apply(
            lambda: setattr(editor.worksheet, "parent", check_text(ch["new"], "上级目标", "parent", MAX_PARENT)),
            then=self.show_results), names="value")
        self.goals = styled(w.VBox(), "ws-smart-goals")
        self.results: list[Any] = []
        self.new_text = styled(w.Text(placeholder="写一句目标，例如：2026年6月30日前，把一般客户复购率从18%提高到25%",
                                      layout=w.Layout(width="75%")), "ws-smart-new-text")
        add = styled(w.Button(description="添加目标", icon="plus"), "ws-add-button")
        add.on_click(lambda _: self.add())
        rules = w.HTML(smart_rules().to_html() + f"<p>{smart_limits()}</p>")
        accordion = styled(w.Accordion(children=[rules]), "ws-smart-rules")
        accordion.set_title(0, "检查器的规则和局限（点开看）")
        self.widget = w.VBox([
            w.HTML("<h3>第一步：上级目标</h3>你的目标要服务于哪个更大的目标？"), self.parent,
            w.HTML("<h3>第二步：写 3–5 个目标，逐条检查</h3>每改一个字，下面的检查结果就会更新。"
                   "A（可达成）和 R（相关）检查器判断不了，请你自己确认。"),
            self.goals, w.HBox([self.new_text, add]), accordion,
        ])

    def refresh(self) -> None:
        """Show ``editor.worksheet`` again (after opening a file)."""
        self.parent.value = self.editor.worksheet.parent
        self.rebuild()

    def rebuild(self) -> None:
        """Recreate one box per goal."""
        w, styled = self.w, self.styled
        boxes, self.results = [], []
        options = [("A：未确认", "未确认"), ("A：是，做得到", "是"), ("A：否，做不到", "否")]
        for i, g in enumerate(self.editor.worksheet.goals):
            text = styled(w.Text(value=g.text, layout=w.Layout(width="88%")), "ws-smart-goal-text")
            fields = {"text": text}
            for key, label, css, width, value, lazy in (
                    ("metric", "指标", "ws-smart-metric", "22%", g.metric, False),
                    ("baseline", "基线", "ws-smart-baseline", "12%", _fmt(g.baseline), True),
                    ("target", "目标值", "ws-smart-target", "12%", _fmt(g.target), True),
                    ("deadline", "截止日期", "ws-smart-deadline", "18%", g.deadline, True),
                    ("owner", "负责人", "ws-smart-owner", "16%", g.owner, False)):
                fields[key] = styled(w.Text(value=value, placeholder=label, continuous_update=not lazy,
                                            layout=w.Layout(width=width)), css)
            fields["confirm_a"] = styled(w.Dropdown(options=options, value=g.confirm_a, layout=w.Layout(width="170px")),
                                         "ws-smart-confirm-a")
            fields["confirm_r"] = styled(w.Dropdown(options=[(t.replace("A：", "R：").replace("做得到", "相关")
                                                              .replace("做不到", "不相关"), v) for t, v in options],
                                                    value=g.confirm_r, layout=w.Layout(width="170px")),
                                         "ws-smart-confirm-r")
            for key, box in fields.items():
                box.observe(lambda ch, i=i, key=key: self.edit(i, key, ch["new"]), names="value")
            delete = styled(w.Button(description="✕", tooltip="删除这个目标", layout=w.Layout(width="36px")),
                            "ws-smart-delete")
            delete.on_click(lambda _, i=i: self.remove(i))
            result = styled(w.HTML(result_html(self.editor.worksheet, i)), "ws-smart-result")
            self.results.append(result)
            keys = ("metric", "baseline", "target", "deadline", "owner")
            boxes.append(styled(w.VBox([w.HBox([w.Label(f"目标 {i + 1}"), text, delete]),
                                        w.HBox([fields[k] for k in keys]),
                                        w.HBox([fields["confirm_a"], fields["confirm_r"]]), result],
                                       layout=w.Layout(border="1px solid #90a4ae", padding="6px")), "ws-smart-goal"))
        old, self.goals.children = self.goals.children, boxes
        for box in old:
            box.close()

    def show_results(self) -> None:
        """Update every goal's check (after the parent goal changed)."""
        for i, html_widget in enumerate(self.results):
            if i < len(self.editor.worksheet.goals):
                html_widget.value = result_html(self.editor.worksheet, i)

    def add(self) -> None:
        """Add the typed goal (the 添加目标 button)."""
        from ..widgets.common import problem_html

        if not self.new_text.value.strip():
            self.editor.message.value = problem_html("请先在输入框里写一句目标，再点“添加目标”")
            return
        self.editor.message.value = ""
        if self.editor.apply(lambda: self.editor.worksheet.add_goal(self.new_text.value.strip()), then=self.rebuild):
            self.new_text.value = ""

    def edit(self, i: int, key: str, value: Any) -> None:
        """Change field ``key`` of goal ``i`` and update its check."""
        def then() -> None:
            if i < len(self.results):
                self.results[i].value = result_html(self.editor.worksheet, i)

        self.editor.apply(lambda: self.editor.worksheet.edit_goal(i, **{key: value}), then=then)

    def remove(self, i: int) -> None:
        """Delete goal ``i``."""
        self.editor.apply(lambda: self.editor.worksheet.remove_goal(i), then=self.rebuild)


def smart_goals_worksheet(name: str | None = None, folder: Any = None, delay: float = 1.0) -> Any:
    """Show the SMART 目标 worksheet: a parent goal and up to five goals, each checked as you type.

    Every change is saved automatically one second after the last keystroke; the file is
    ``smart_goals.json`` in the work folder (``smart_goals-NAME.json`` for a named one).

    Args:
        name: the worksheet's name (``None``: the default one).
        folder: the folder (default: :func:`helpers.paths.work_dir`).
        delay: seconds of quiet before autosave.

    Returns:
        The editor; it displays itself as the widget.

    >>> import tempfile
    >>> smart_goals_worksheet(folder=tempfile.mkdtemp()).path.name
    'smart_goals.json'
    """
    from .shell import WorksheetEditor

    return WorksheetEditor("smart_goals", SmartGoalsBody, name=name, folder=folder, delay=delay)
