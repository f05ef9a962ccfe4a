"""我的行动计划: the day's worksheets turned into 3-5 actions for the next 30/60/90 days.

:func:`collect_candidates` (in :mod:`helpers.worksheets.plan_candidates`) reads the trainee's
earlier worksheets (read-only, the most recently updated file of each kind; unreadable files are
skipped with a note) and lists what could become
an action: SWOT strategies, the strongest of the five forces, decision-chain gaps, key-account
actions, 4P/4C improvements, chosen Ansoff options, KISS 开始 / 改进 items and SMART goals. The
plan keeps a **copy** of the chosen text with its file name and save time, so it stays complete
when the source is deleted. Each action needs an owner and a due date; a missing metric, or a
sentence the SMART checker finds without M or T, is a warning (待完善), not an error.

>>> plan = MyActionPlanWorksheet(plan_date="2026-01-05")
>>> plan.add_action("机器人配件设专人，季度份额回到13%", owner="王经理", due="2026-03-31", metric="市场份额")
0
>>> plan.problems()
[]
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd

from ..analysis.smart import smart_check
from ..errors import WorksheetError
from .dates import check_date, date_label, read_date
from .model import Block, Heading, Paragraph, Table, Worksheet, check_text
from .plan_candidates import CANDIDATE_COLUMNS, OWN, SOURCE_KINDS, candidates_of, collect_candidates

__all__ = ["MyActionPlanWorksheet", "PlanAction", "candidates_of", "collect_candidates", "my_action_plan_worksheet"]

MAX_ACTIONS = 5
MAX_TEXT_PLAN, MAX_SHORT = 200, 60
LECTURE_COLOURS: dict[str, str] = {"第三讲": "#C44E52", "第四讲": "#DD8452", "第五讲": "#4C72B0",
                                   "第六讲": "#55A868", OWN: "#8C8C8C"}


@dataclass
class PlanAction:
    """One action: what, where it came from (a copy of the source text), who, when, how measured."""

    text: str = ""
    source: str = OWN
    source_kind: str = ""
    source_text: str = ""
    source_file: str = ""
    source_updated: str = ""
    owner: str = ""
    start: str = ""
    due: str = ""
    metric: str = ""
    first_step: str = ""


_TEXT_FIELDS = {"text": ("行动", MAX_TEXT_PLAN), "owner": ("负责人", MAX_SHORT), "metric": ("衡量指标", MAX_SHORT),
                "first_step": ("下周一的第一步", MAX_TEXT_PLAN)}


@dataclass
class MyActionPlanWorksheet(Worksheet):
    """The trainee's action plan for the next 90 days.

    Args:
        strategy: 我的一句话策略.
        plan_date: the day the plan starts (YYYY-MM-DD).
        actions: up to five :class:`PlanAction`.
    """

    kind: ClassVar[str] = "my_action_plan"
    label: ClassVar[str] = "我的行动计划"
    schema_version: ClassVar[int] = 1

    strategy: str = ""
    plan_date: str = ""
    actions: list[PlanAction] = field(default_factory=list)

    def add_action(self, text: str, **fields: Any) -> int:
        """Append an action (fields as keywords; dates as typed) and return its index.

        >>> MyActionPlanWorksheet().add_action("  ")
        Traceback (most recent call last):
        ...
        helpers.errors.WorksheetError: 请先写下行动
        [EN] type the action first
        """
        if len(self.actions) >= MAX_ACTIONS:
            raise WorksheetError(f"最多 {MAX_ACTIONS} 条行动：挑最重要的", f"at most {MAX_ACTIONS} actions")
        if not str(text).strip():
            raise WorksheetError("请先写下行动", "type the action first")
        self.actions.append(PlanAction(start=self.plan_date))
        try:
            self.edit_action(len(self.actions) - 1, text=str(text).strip(), **fields)
        except WorksheetError:
            self.actions.pop()
            raise
        return len(self.actions) - 1

    def add_candidate(self, candidate: Any) -> int:
        """Add a row of :func:`collect_candidates` as an action (its text copied; owner and date carried over).

        >>> plan = MyActionPlanWorksheet(plan_date="2026-01-05")
        >>> row = {"来源": "KISS 复盘", "内容": "开始：设专人", "负责人": "王", "日期": "2026-03-31",
        ...        "文件": "kiss.json", "保存时间": "2026-01-04T10:00:00", "工作表": "kiss"}
        >>> plan.actions[plan.add_candidate(row)].source_file
        'kiss.json'
        """
        get = candidate.get
        return self.add_action(get("内容", ""), source=get("来源", OWN), source_kind=get("工作表", ""),
                               source_text=get("内容", ""), source_file=get("文件", ""),
                               source_updated=get("保存时间", ""), owner=get("负责人", "") or "",
                               due=get("日期", "") or "")

    def edit_action(self, index: int, **changes: Any) -> None:
        """Change fields of action ``index`` (dates as typed, e.g. 2026/3/31)."""
        if not isinstance(index, int) or not 0 <= index < len(self.actions):
            raise WorksheetError(f"没有第 {index} 条行动", f"no action {index}")
        action = self.actions[index]
        for key, value in changes.items():
            if key in ("start", "due"):
                setattr(action, key, read_date(value))
            elif key in _TEXT_FIELDS:
                zh, limit = _TEXT_FIELDS[key]
                setattr(action, key, check_text(value, zh, key, limit))
            elif key in ("source", "source_kind", "source_text", "source_file", "source_updated"):
                setattr(action, key, check_text(value, "来源", key))
            else:
                raise WorksheetError(f"没有这个字段：{key}", f"no field {key}")

    def remove_action(self, index: int) -> PlanAction:
        """Delete action ``index`` and return it."""
        if not isinstance(index, int) or not 0 <= index < len(self.actions):
            raise WorksheetError(f"没有第 {index} 条行动", f"no action {index}")
        return self.actions.pop(index)

    def problems(self) -> list[str]:
        """What to complete before the plan is taken home (待完善).

        >>> plan = MyActionPlanWorksheet(plan_date="2026-01-05"); _ = plan.add_action("提升满意度")
        >>> plan.problems()
        ['第 1 条缺负责人、完成日期', '第 1 条没有衡量指标', '第 1 条：检查器认为缺 M、T（加上数字、单位和日期）']
        """
        out = []
        for n, a in enumerate(self.actions, 1):
            lacking = [w for w, v in (("负责人", a.owner.strip()), ("完成日期", a.due)) if not v]
            if lacking:
                out.append(f"第 {n} 条缺{'、'.join(lacking)}")
            if a.due and a.start and a.due < a.start:
                out.append(f"第 {n} 条的完成日期早于开始日期")
            if a.start and self.plan_date and a.start < self.plan_date:
                out.append(f"第 {n} 条的开始日期早于计划日期")
            if not a.metric.strip():
                out.append(f"第 {n} 条没有衡量指标")
            missing = [x for x in smart_check(f"{a.text}（{a.metric}）" if a.metric else a.text,
                                              deadline=a.due or None).missing if x in ("M", "T")]
            if missing:
                out.append(f"第 {n} 条：检查器认为缺 {'、'.join(missing)}（加上数字、单位和日期）")
        return out

    # -- storage ------------------------------------------------------------------------
    def content_to_dict(self) -> dict[str, Any]:
        """The content as JSON data."""
        return {"strategy": self.strategy, "plan_date": self.plan_date,
                "actions": [dict(vars(a)) for a in self.actions]}

    @classmethod
    def content_from_dict(cls, content: dict[str, Any]) -> dict[str, Any]:
        """Constructor arguments from the JSON content."""
        raw = content.get("actions", [])
        known = set(vars(PlanAction()))
        if not isinstance(raw, list) or not all(isinstance(a, dict) and not set(a) - known for a in raw):
            raise WorksheetError("行动列表格式不对", "the actions are malformed")
        return {"strategy": content.get("strategy", ""), "plan_date": content.get("plan_date", ""),
                "actions": [PlanAction(**a) for a in raw]}

    def validate_content(self) -> None:
        """Check the strategy, the plan date, at most five actions and every field."""
        check_text(self.strategy, "我的一句话策略", "strategy", MAX_TEXT_PLAN)
        check_date(self.plan_date, "计划日期", "plan date")
        if not isinstance(self.actions, list) or len(self.actions) > MAX_ACTIONS:
            raise WorksheetError(f"最多 {MAX_ACTIONS} 条行动", f"at most {MAX_ACTIONS} actions")
        for n, a in enumerate(self.actions, 1):
            if not isinstance(a, PlanAction):
                raise WorksheetError(f"第 {n} 条行动格式不对", f"action {n} is malformed")
            for key, (zh, limit) in _TEXT_FIELDS.items():
                check_text(getattr(a, key), f"第 {n} 条的{zh}", key, limit)
            for key in ("source", "source_kind", "source_text", "source_file", "source_updated"):
                check_text(getattr(a, key), f"第 {n} 条的来源", key)
            check_date(a.start, f"第 {n} 条的开始日期", "start")
            check_date(a.due, f"第 {n} 条的完成日期", "due")

    # -- exports --------------------------------------------------------------------------
    def blocks(self) -> list[Block]:
        """Strategy, the actions table, the copied source texts and what is still missing.

        >>> plan = MyActionPlanWorksheet(strategy="先稳住华北"); _ = plan.add_action("设专人", owner="王")
        >>> plan.blocks()[2].rows[0][:4]
        (1, '设专人', '自己写', '王')
        """
        out = self.meta_blocks(("计划日期", date_label(self.plan_date)), ("我的一句话策略", self.strategy))
        header = ("序号", "行动", "来源", "负责人", "开始日期", "完成日期", "衡量指标", "下周一的第一步")
        rows = tuple((n, a.text, a.source, a.owner, date_label(a.start), date_label(a.due), a.metric, a.first_step)
                     for n, a in enumerate(self.actions, 1))
        out += [Heading("行动（30 / 60 / 90 天）"), Table(header, rows) if rows else Paragraph("（还没有行动）")]
        copied = tuple((n, a.source, a.source_text, a.source_file, a.source_updated.replace("T", " ")[:16])
                       for n, a in enumerate(self.actions, 1) if a.source != OWN)
        if copied:
            out += [Heading("行动的来源（保存时的原文）"), Table(("序号", "来源", "原文", "文件", "保存时间"), copied)]
        if self.problems():
            out += [Heading("待完善"), Paragraph("\n".join(self.problems()))]
        return out

    def rows(self) -> list[tuple[Any, ...]]:
        """One row per field; an action is "text（负责人，完成日期；指标：…；第一步：…；来源：…）".

        >>> plan = MyActionPlanWorksheet(); _ = plan.add_action("设专人", owner="王", due="2026-03-31")
        >>> plan.rows()[-1]
        ('行动', 1, '设专人（王，2026年3月31日；来源：自己写）', None)
        """
        out = self.meta_rows() + [("我的一句话策略", None, self.strategy, None),
                                  ("计划日期", None, date_label(self.plan_date), None)]
        for n, a in enumerate(self.actions, 1):
            parts = ["，".join(v for v in (a.owner, date_label(a.due)) if v)]
            parts += [f"指标：{a.metric}"] * bool(a.metric) + [f"第一步：{a.first_step}"] * bool(a.first_step)
            parts.append(f"来源：{a.source}")
            out.append(("行动", n, f"{a.text}（{'；'.join(p for p in parts if p)}）", None))
        return out

    def figure(self) -> Any:
        """The 90-day timeline (see :func:`plan_figure`)."""
        return plan_figure(self)

    @classmethod
    def class_summary(cls, sheets: list[Worksheet]) -> list[tuple[str, Any]]:
        """Which worksheets turn into action, completeness, due dates, frequent actions, S / M / T.

        >>> a = MyActionPlanWorksheet(plan_date="2026-01-05")
        >>> _ = a.add_action("下季度新增重点客户5家", owner="王", due="2026-03-31", metric="客户数")
        >>> s = MyActionPlanWorksheet.class_summary([a])
        >>> s[2][1]["行动数"].tolist()
        [0, 0, 1, 0, 0]
        """
        from .classview import normalize_item

        plans = [s for s in sheets if isinstance(s, MyActionPlanWorksheet)]
        actions = [(p, a) for p in plans for a in p.actions]
        n = len(actions)
        sources = Counter(a.source for _, a in actions)
        by_source = pd.DataFrame(sources.most_common(), columns=["来源", "行动数"])
        share = lambda hits: round(hits / n, 3) if n else float("nan")  # noqa: E731
        checks = [smart_check(a.text, deadline=a.due or None) for _, a in actions]
        complete = pd.DataFrame({"项目": ["有负责人", "有完成日期", "有衡量指标", "S 具体为“是”", "M 可衡量为“是”",
                                        "T 有时限为“是”"],
                                 "占比": [share(sum(bool(a.owner.strip()) for _, a in actions)),
                                        share(sum(bool(a.due) for _, a in actions)),
                                        share(sum(bool(a.metric.strip()) for _, a in actions)),
                                        *(share(sum(r[x] == "是" for r in checks)) for x in "SMT")]})
        bins = Counter()
        for p, a in actions:
            if not a.due or not p.plan_date:
                bins["没有日期"] += 1
                continue
            days = (pd.Timestamp(a.due) - pd.Timestamp(p.plan_date)).days
            label = "≤ 30 天" if days <= 30 else "31–60 天" if days <= 60 else "61–90 天" if days <= 90 else "> 90 天"
            bins[label] += 1
        due = pd.DataFrame({"完成期限": ["≤ 30 天", "31–60 天", "61–90 天", "> 90 天", "没有日期"]})
        due["行动数"] = [bins[k] for k in due["完成期限"]]
        wording: dict[str, Counter[str]] = {}
        people: Counter[str] = Counter()
        for p in plans:
            keys = set()
            for a in p.actions:
                key = normalize_item(a.text)
                if key:
                    wording.setdefault(key, Counter())[" ".join(a.text.split())] += 1
                    keys.add(key)
            people.update(keys)
        top = pd.DataFrame([(wording[k].most_common(1)[0][0], c) for k, c in people.most_common(10)],
                           columns=["行动", "人数"])
        return [(f"行动来自哪张工作表（{len(plans)} 份计划，{n} 条行动）", by_source),
                ("行动写得完整吗（占全部行动）", complete), ("完成期限（距计划日期）", due), ("最常见的行动", top)]


# ---------------------------------------------------------------------------------------
# Picture
# ---------------------------------------------------------------------------------------

def plan_table(ws: MyActionPlanWorksheet) -> pd.DataFrame:
    """The plan's actions as the table :func:`helpers.charts.my_action_plan.plot_action_timeline` draws.

    >>> plan = MyActionPlanWorksheet(plan_date="2026-01-05"); _ = plan.add_action("设专人", due="2026-03-31")
    >>> plan_table(plan)[["行动", "讲次", "完成日期"]].values.tolist()
    [['设专人', '自己写', '2026-03-31']]
    """
    return pd.DataFrame([{"行动": a.text, "负责人": a.owner, "来源": a.source,
                          "讲次": SOURCE_KINDS.get(a.source_kind, OWN), "开始日期": a.start, "完成日期": a.due}
                         for a in ws.actions], columns=["行动", "负责人", "来源", "讲次", "开始日期", "完成日期"])


def plan_figure(ws: MyActionPlanWorksheet, days: int = 90) -> Any:
    """The plan's 90-day timeline, coloured by the lecture each action came from.

    >>> len(plan_figure(MyActionPlanWorksheet(plan_date="2026-01-05")).axes)
    1
    """
    from ..charts.base import chart_style
    from ..charts.my_action_plan import plot_action_timeline

    title = ws.display_title if ws.display_title != ws.label else "我的行动计划"
    with chart_style():
        return plot_action_timeline(plan_table(ws), ws.plan_date or _dt.date.today().strftime("%Y-%m-%d"),
                                    title=f"{title}：未来 {days} 天", strategy=ws.strategy, days=days,
                                    colours=LECTURE_COLOURS)


# ---------------------------------------------------------------------------------------
# Widget
# ---------------------------------------------------------------------------------------

class MyActionPlanBody:
    """The plan's widgets inside :class:`helpers.worksheets.shell.WorksheetEditor`.

    Strategy ``ws-plan-strategy``, plan date ``ws-plan-date``; the candidates from earlier worksheets
    ``ws-plan-candidates`` (a list), ``ws-plan-add-candidate``, ``ws-plan-reload`` and the notes
    ``ws-plan-notes``; an own action ``ws-plan-new-text`` + ``ws-add-button``; one box per action
    ``ws-plan-action`` (``ws-plan-text``, ``-owner``, ``-start``, ``-due``, ``-metric``, ``-first-step``,
    ``ws-plan-delete``); what is missing ``ws-plan-status``.
    """

    def __init__(self, editor: Any) -> None:
        import ipywidgets as w

        from ..widgets.common import styled

        self.w, self.editor, self.styled = w, editor, styled
        self.candidates = pd.DataFrame(columns=CANDIDATE_COLUMNS)
        self.strategy = styled(w.Text(description="一句话策略", placeholder="例如：先补齐华北的客户覆盖，再推新产品线",
                                      layout=w.Layout(width="80%")), "ws-plan-strategy")
        self.strategy.observe(lambda ch: editor.apply(lambda: setattr(
            editor.worksheet, "strategy", check_text(ch["new"], "我的一句话策略", "strategy", MAX_TEXT_PLAN))),
            names="value")
        self.date = styled(w.Text(description="计划日期", continuous_update=False, layout=w.Layout(width="30%")),
                           "ws-plan-date")
        self.date.observe(lambda ch: editor.apply(lambda: setattr(editor.worksheet, "plan_date", read_date(ch["new"])),
                                                  then=self.show_status), names="value")
        self.pick = styled(w.Select(options=[], rows=8, layout=w.Layout(width="98%")), "ws-plan-candidates")
        take = styled(w.Button(description="加入行动计划", icon="plus", button_style="info"), "ws-plan-add-candidate")
        take.on_click(lambda _: self.take())
        reload = styled(w.Button(description="重新读取工作表", icon="refresh"), "ws-plan-reload")
        reload.on_click(lambda _: self.load_candidates())
        self.notes = styled(w.HTML(), "ws-plan-notes")
        self.new_text = styled(w.Text(placeholder="或者自己写一条行动", layout=w.Layout(width="70%")),
                               "ws-plan-new-text")
        add = styled(w.Button(description="添加", icon="plus", layout=w.Layout(width="80px")), "ws-add-button")
        add.on_click(lambda _: self.add_own())
        self.actions = styled(w.VBox(), "ws-plan-actions")
        self.status = styled(w.HTML(), "ws-plan-status")
        self.widget = w.VBox([
            w.HTML("<h3>第一步：我的一句话策略</h3>"), self.strategy, self.date,
            w.HTML("<h3>第二步：从今天的工作表里挑 3–5 条</h3>下面列出你保存过的工作表里可以变成行动的内容。"
                   "选中一条，点“加入行动计划”；加入的是一份副本，原工作表不会改变。"),
            self.pick, w.HBox([take, reload]), self.notes, w.HBox([self.new_text, add]),
            w.HTML("<h3>第三步：写上负责人、日期、衡量指标和下周一的第一步</h3>"), self.actions, self.status,
        ])

    def refresh(self) -> None:
        """Show ``editor.worksheet`` again (after opening a file); a new plan starts today."""
        ws = self.editor.worksheet
        if not ws.plan_date:
            ws.plan_date = _dt.date.today().strftime("%Y-%m-%d")
        self.strategy.value, self.date.value = ws.strategy, ws.plan_date
        self.load_candidates()
        self.rebuild()

    def load_candidates(self) -> None:
        """Read the candidates again from the worksheet folder."""
        from ..widgets.common import html_text

        self.candidates = collect_candidates(self.editor.folder)
        self.pick.options = [(f"【{r['来源']}】{r['内容']}"[:120], i) for i, r in self.candidates.iterrows()]
        lines = self.candidates.attrs.get("notes", [])
        self.notes.value = ("<div style='color:#ef6c00'>" + "<br>".join(html_text(x) for x in lines) + "</div>"
                            if lines else f"<small>共 {len(self.candidates)} 条候选内容。</small>")

    def take(self) -> None:
        """Add the selected candidate as an action."""
        from ..widgets.common import problem_html

        if self.pick.value is None:
            self.editor.message.value = problem_html("请先在上面的列表里选中一条")
            return
        row = self.candidates.loc[self.pick.value].to_dict()
        self.editor.message.value = ""
        self.editor.apply(lambda: self.editor.worksheet.add_candidate(row), then=self.rebuild)

    def add_own(self) -> None:
        """Add the typed action."""
        if self.editor.apply(lambda: self.editor.worksheet.add_action(self.new_text.value), then=self.rebuild):
            self.new_text.value = ""

    def show_status(self) -> None:
        """Show what is still missing."""
        from ..widgets.common import html_text

        problems = self.editor.worksheet.problems()
        self.status.value = (f"<div style='color:#ef6c00'><b>待完善：</b>{'<br>'.join(html_text(p) for p in problems)}"
                             "</div>" if problems else "<div style='color:#2e7d32'><b>已完整：</b>每条行动都有负责人、"
                             "日期和衡量指标。</div>")

    def rebuild(self) -> None:
        """Recreate one box per action."""
        from ..widgets.common import html_text

        w, styled = self.w, self.styled
        boxes = []
        for i, a in enumerate(self.editor.worksheet.actions):
            fields = {"text": styled(w.Text(value=a.text, layout=w.Layout(width="85%")), "ws-plan-text")}
            for key, label, width, lazy in (("owner", "负责人", "18%", False), ("start", "开始日期", "18%", True),
                                            ("due", "完成日期", "18%", True), ("metric", "衡量指标", "30%", False),
                                            ("first_step", "下周一的第一步", "85%", False)):
                fields[key] = styled(w.Text(value=getattr(a, key), placeholder=label, continuous_update=not lazy,
                                            layout=w.Layout(width=width)), f"ws-plan-{key.replace('_', '-')}")
            for key, box in fields.items():
                box.observe(lambda ch, i=i, key=key: self.editor.apply(
                    lambda: self.editor.worksheet.edit_action(i, **{key: ch["new"]}), then=self.show_status),
                    names="value")
            delete = styled(w.Button(description="✕", tooltip="删除这条行动", layout=w.Layout(width="36px")),
                            "ws-plan-delete")
            delete.on_click(lambda _, i=i: self.editor.apply(lambda: self.editor.worksheet.remove_action(i),
                                                             then=self.rebuild))
            source = w.HTML(f"<small style='color:#555'>来源：{html_text(a.source)}"
                            + (f"（{html_text(a.source_file)}）" if a.source_file else "") + "</small>")
            boxes.append(styled(w.VBox([w.HBox([w.Label(f"{i + 1}."), fields["text"], delete]), source,
                                        w.HBox([fields["owner"], fields["start"], fields["due"], fields["metric"]]),
                                        fields["first_step"]],
                                       layout=w.Layout(border="1px solid #90a4ae", padding="6px")), "ws-plan-action"))
        old, self.actions.children = self.actions.children, boxes
        for box in old:
            box.close()
        self.show_status()


def my_action_plan_worksheet(name: str | None = None, folder: Any = None, delay: float = 1.0) -> Any:
    """Show 我的行动计划: pick 3-5 actions from the day's worksheets, with owners, dates and metrics.

    The file is ``my_action_plan.json`` in the work folder. The shell's 生成《我的课程成果》 button
    collects every worksheet, this plan included, into one page to take home.

    Args:
        name: the worksheet's name (``None``: the default one).
        folder: the folder (default: :func:`helpers.paths.work_dir`).
        delay: seconds of quiet before autosave.

    Returns:
        The editor; it displays itself as the widget.

    >>> import tempfile
    >>> my_action_plan_worksheet(folder=tempfile.mkdtemp()).path.name
    'my_action_plan.json'
    """
    from .shell import WorksheetEditor

    return WorksheetEditor("my_action_plan", MyActionPlanBody, name=name, folder=folder, delay=delay)
