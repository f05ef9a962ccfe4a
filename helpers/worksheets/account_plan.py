"""重点客户行动计划 (key-account action plan): goals checked against SMART, actions with owners and dates.

Goals are checked by the course's one SMART checker (:func:`helpers.smart_check`); plan against
actual is :func:`helpers.plan_status` at today's date and the picture its timeline
(:func:`helpers.charts.plot_plan_timeline`). Review points count as held once their date has passed.

>>> ws = AccountPlanWorksheet(title="甲厂")
>>> ws.add_goal("2026年3月31日前签下2号产线改造项目（预计380万元）", level="战役")
0
>>> ws.add_action("营销副总拜访对方总经理", goal=1, owner="吴总", owner_rank="副总", planned="2026-01-15")
0
>>> ws.smart(0).missing, ws.to_do(today=__import__("datetime").date(2025, 12, 31))
((), ['计划里还没有复盘点'])
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar

import pandas as pd

from ..analysis import account_plan as ap
from ..analysis.decision_chain import OUR_RANKS
from ..errors import WorksheetError
from .decision_map import parse_day
from .model import Block, Heading, Paragraph, Table, Worksheet, check_text

GOAL_LEVELS: tuple[str, ...] = ("战略", "战役", "战术")
MAX_GOALS, MAX_ACTIONS, MAX_REVIEWS = 8, 40, 12
SENIOR = OUR_RANKS[OUR_RANKS.index("总监"):]


@dataclass
class PlanGoal:
    """One goal: text, level (战略 / 战役 / 战术), deadline (YYYY-MM-DD) and owner."""

    text: str = ""
    level: str = ""
    deadline: str = ""
    owner: str = ""


@dataclass
class PlanAction:
    """One action: text, goal number (1-based; 0 = none), target, owner and rank, dates, status."""

    text: str = ""
    goal: int = 0
    target: str = ""
    owner: str = ""
    owner_rank: str = ""
    planned: str = ""
    actual: str = ""
    status: str = "未开始"


def _check_goal(g: Any, n: int) -> None:
    if not isinstance(g, PlanGoal):
        raise WorksheetError(f"第 {n} 个目标格式不对", f"goal {n} is malformed")
    check_text(g.text, f"第 {n} 个目标", f"goal {n}", 200)
    check_text(g.owner, f"第 {n} 个目标的负责人", f"owner of goal {n}", 20)
    if g.level not in ("", *GOAL_LEVELS):
        raise WorksheetError(f"第 {n} 个目标的层次应为 战略、战役 或 战术", f"goal {n}: level {g.level!r}")
    parse_day(g.deadline, f"第 {n} 个目标的截止日期", f"deadline of goal {n}")


def _check_action(a: Any, n: int, n_goals: int, today: dt.date) -> None:
    if not isinstance(a, PlanAction):
        raise WorksheetError(f"第 {n} 项行动格式不对", f"action {n} is malformed")
    for key, zh, limit in (("text", "内容", 120), ("target", "对象", 30), ("owner", "负责人", 20)):
        check_text(getattr(a, key), f"第 {n} 项行动的{zh}", f"{key} of action {n}", limit)
    if isinstance(a.goal, bool) or not isinstance(a.goal, int) or not 0 <= a.goal <= n_goals:
        raise WorksheetError(f"第 {n} 项行动对应的目标不存在：{a.goal!r}", f"action {n}: no goal {a.goal!r}")
    if a.owner_rank not in ("", *OUR_RANKS):
        raise WorksheetError(f"第 {n} 项行动的负责人职级“{a.owner_rank}”不在可选范围",
                             f"action {n}: rank {a.owner_rank!r}")
    if a.status not in ap.STATUSES:
        raise WorksheetError(f"第 {n} 项行动的状态应为 {'、'.join(ap.STATUSES)} 之一",
                             f"action {n}: status {a.status!r}")
    parse_day(a.planned, f"第 {n} 项行动的计划日期", f"planned date of action {n}")
    actual = parse_day(a.actual, f"第 {n} 项行动的实际日期", f"actual date of action {n}")
    if (a.status == "已完成") != (actual is not None) and a.status != "已取消":
        raise WorksheetError(f"第 {n} 项行动：状态为“已完成”时要填实际日期；没完成时不填",
                             f"action {n}: an actual date goes with status 已完成, and only with it",
                             fix_zh="把状态改成“已完成”并写上完成日期，或删掉实际日期",
                             fix_en="mark it done with the date, or clear the date")
    if actual is not None and actual > today:
        raise WorksheetError(f"第 {n} 项行动的实际日期晚于今天", f"action {n}: the actual date is in the future")


@dataclass
class AccountPlanWorksheet(Worksheet):
    """An action plan for one key account (the title is the customer's name).

    Args:
        period_start, period_end: the plan's period (YYYY-MM-DD).
        account_owner: the 客户总负责人.
        goals: up to :data:`MAX_GOALS` goals.
        actions: up to :data:`MAX_ACTIONS` actions.
        reviews: up to :data:`MAX_REVIEWS` review dates.
    """

    kind: ClassVar[str] = "account_plan"
    label: ClassVar[str] = "重点客户行动计划"
    schema_version: ClassVar[int] = 1

    period_start: str = ""
    period_end: str = ""
    account_owner: str = ""
    goals: list[PlanGoal] = field(default_factory=list)
    actions: list[PlanAction] = field(default_factory=list)
    reviews: list[str] = field(default_factory=list)

    # -- operations -----------------------------------------------------------------------
    def add_goal(self, text: str, level: str = "", deadline: str = "", owner: str = "") -> int:
        """Add a goal; returns its index (its number is index + 1)."""
        if len(self.goals) >= MAX_GOALS:
            raise WorksheetError(f"最多 {MAX_GOALS} 个目标", f"at most {MAX_GOALS} goals")
        goal = PlanGoal(str(text).strip(), level, str(deadline).strip(), str(owner).strip())
        if not goal.text:
            raise WorksheetError("请先写下目标", "type the goal first")
        _check_goal(goal, len(self.goals) + 1)
        self.goals.append(goal)
        return len(self.goals) - 1

    def remove_goal(self, index: int) -> PlanGoal:
        """Delete goal ``index``; its actions keep going but no longer point to a goal."""
        if not 0 <= index < len(self.goals):
            raise WorksheetError(f"没有第 {index + 1} 个目标", f"no goal {index}")
        for a in self.actions:
            a.goal = 0 if a.goal == index + 1 else a.goal - (a.goal > index + 1)
        return self.goals.pop(index)

    def add_action(self, text: str, **values: Any) -> int:
        """Add an action (fields of :class:`PlanAction`); returns its index."""
        if len(self.actions) >= MAX_ACTIONS:
            raise WorksheetError(f"最多 {MAX_ACTIONS} 项行动", f"at most {MAX_ACTIONS} actions")
        values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
        action = PlanAction(str(text).strip(), **values)
        if not action.text:
            raise WorksheetError("请先写下行动内容", "type the action first")
        _check_action(action, len(self.actions) + 1, len(self.goals), dt.date.today())
        self.actions.append(action)
        return len(self.actions) - 1

    def edit_action(self, index: int, **changes: Any) -> None:
        """Change fields of action ``index`` (e.g. ``status="已完成", actual="2025-12-12"``)."""
        new = PlanAction(**{**asdict(self._action(index)), **changes})
        _check_action(new, index + 1, len(self.goals), dt.date.today())
        self.actions[index] = new

    def remove_action(self, index: int) -> PlanAction:
        """Delete action ``index``."""
        self._action(index)
        return self.actions.pop(index)

    def _action(self, index: int) -> PlanAction:
        if not isinstance(index, int) or not 0 <= index < len(self.actions):
            raise WorksheetError(f"没有第 {index} 项行动", f"no action {index}")
        return self.actions[index]

    def add_review(self, day: str) -> int:
        """Add a review date (YYYY-MM-DD); the list stays sorted. Returns its index."""
        if len(self.reviews) >= MAX_REVIEWS:
            raise WorksheetError(f"最多 {MAX_REVIEWS} 个复盘点", f"at most {MAX_REVIEWS} reviews")
        day = str(day).strip()
        if parse_day(day, "复盘日期", "review date") is None:
            raise WorksheetError("请先写下复盘日期，如 2026-01-31", "type the review date first")
        self.reviews = sorted({*self.reviews, day})
        return self.reviews.index(day)

    # -- the analysis, through the lecture's functions -------------------------------------
    def smart(self, index: int) -> Any:
        """The SMART check of goal ``index`` (:func:`helpers.smart_check`, its deadline counts for T)."""
        from ..analysis.smart import smart_check

        g = self.goals[index]
        context = {"terms": [self.title.strip()]} if self.title.strip() else None
        return smart_check(g.text, deadline=g.deadline or None, context=context)

    def plan_table(self, today: dt.date) -> pd.DataFrame:
        """Actions and review points in the columns :func:`helpers.plan_status` reads."""
        rows = [{"item_id": f"A{n}", "action": a.text, "owner_id": a.owner or None, "planned_date": a.planned or None,
                 "actual_date": a.actual or None, "status": a.status, "goal_id": f"G{a.goal}" if a.goal else None,
                 "goal": self.goals[a.goal - 1].text if a.goal else None, "target_contact_id": a.target or None,
                 "is_review": 0} for n, a in enumerate(self.actions, 1)]
        for n, day in enumerate(self.reviews, 1):
            held = dt.date.fromisoformat(day) <= today
            rows.append({"item_id": f"R{n}", "action": "复盘", "owner_id": self.account_owner or None,
                         "planned_date": day, "actual_date": day if held else None,
                         "status": "已完成" if held else "未开始", "is_review": 1})
        return pd.DataFrame(rows, columns=["item_id", "action", "owner_id", "planned_date", "actual_date", "status",
                                           "goal_id", "goal", "target_contact_id", "is_review"])

    def status(self, today: dt.date | None = None) -> pd.DataFrame:
        """Plan against actual today (:func:`helpers.plan_status`)."""
        from ..analysis.multilevel import our_people

        today = today or dt.date.today()
        ranked = {a.owner: a.owner_rank for a in self.actions if a.owner and a.owner_rank}
        people = our_people(pd.DataFrame({"人员编号": list(ranked), "职级": list(ranked.values())})) if ranked else None
        return ap.plan_status(self.plan_table(today), as_of=today, people=people)

    def to_do(self, today: dt.date | None = None) -> list[str]:
        """What is still missing (待完善), each by a stated rule (see the module example)."""
        out = [] if self.goals else ["还没有目标：先写一个能通过 SMART 检查的目标"]
        for n, _ in enumerate(self.goals, 1):
            missing = [m for m in self.smart(n - 1).missing if m in "SMT"]
            if missing:
                out.append(f"目标 {n} 缺少 {'、'.join(missing)}（SMART 检查）")
            if not any(a.goal == n for a in self.actions):
                out.append(f"目标 {n} 还没有对应的行动")
        start = parse_day(self.period_start, "开始日期", "start")
        end = parse_day(self.period_end, "结束日期", "end")
        for n, a in enumerate(self.actions, 1):
            for missing, text in ((not a.goal, "没有对应的目标"), (not a.owner, "没有负责人"),
                                  (not a.planned, "没有计划日期")):
                if missing:
                    out.append(f"行动 {n}（{a.text}）{text}")
            day = parse_day(a.planned, "计划日期", "planned")
            if day and ((start and day < start) or (end and day > end)):
                out.append(f"行动 {n}（{a.text}）的计划日期在计划周期之外")
        if not self.reviews:
            out.append("计划里还没有复盘点")
        if self.actions and not any(a.owner_rank in SENIOR for a in self.actions):
            out.append("没有任何一项行动由总监及以上负责：倒三角的顶端空着")
        return out

    # -- storage --------------------------------------------------------------------------
    def content_to_dict(self) -> dict[str, Any]:
        """The content as JSON data."""
        return {"period_start": self.period_start, "period_end": self.period_end, "account_owner": self.account_owner,
                "goals": [asdict(g) for g in self.goals], "actions": [asdict(a) for a in self.actions],
                "reviews": list(self.reviews)}

    @classmethod
    def content_from_dict(cls, content: dict[str, Any]) -> dict[str, Any]:
        """Constructor arguments from the JSON content (missing parts are empty)."""
        out: dict[str, Any] = {k: content.get(k, "") for k in ("period_start", "period_end", "account_owner")}
        for key, kind, zh in (("goals", PlanGoal, "目标"), ("actions", PlanAction, "行动")):
            raw = content.get(key, [])
            names = {f.name for f in fields(kind)}
            if not isinstance(raw, list) or any(not isinstance(e, dict) or set(e) - names for e in raw):
                raise WorksheetError(f"{zh}部分格式不对", f"{key} are malformed")
            out[key] = [kind(**e) for e in raw]
        reviews = content.get("reviews", [])
        if not isinstance(reviews, list) or not all(isinstance(r, str) for r in reviews):
            raise WorksheetError("复盘点格式不对", "reviews are malformed")
        out["reviews"] = reviews
        return out

    def validate_content(self) -> None:
        """Check period, goals, actions (dates, status vs actual date, ranks) and review dates."""
        for key, zh in (("period_start", "计划开始日期"), ("period_end", "计划结束日期"),
                        ("account_owner", "客户总负责人")):
            check_text(getattr(self, key), zh, key, 20)
        start = parse_day(self.period_start, "计划开始日期", "start")
        end = parse_day(self.period_end, "计划结束日期", "end")
        if start and end and end < start:
            raise WorksheetError("计划结束日期早于开始日期", "the plan ends before it starts")
        if len(self.goals) > MAX_GOALS or len(self.actions) > MAX_ACTIONS or len(self.reviews) > MAX_REVIEWS:
            raise WorksheetError("目标、行动或复盘点太多", "too many goals, actions or reviews")
        for n, g in enumerate(self.goals, 1):
            _check_goal(g, n)
        today = dt.date.today()
        for n, a in enumerate(self.actions, 1):
            _check_action(a, n, len(self.goals), today)
        for day in self.reviews:
            parse_day(day, "复盘日期", "review date")

    # -- exports --------------------------------------------------------------------------
    def blocks(self) -> list[Block]:
        """Goals with their SMART results, the plan-vs-actual table, review points, to-do list.

        >>> [b.text for b in AccountPlanWorksheet().blocks() if isinstance(b, Heading)]
        ['目标与 SMART 检查', '行动计划与执行情况', '复盘点', '待完善']
        """
        out = self.meta_blocks(("客户", self.title), ("计划周期", " 至 ".join(d for d in (self.period_start,
                               self.period_end) if d)), ("客户总负责人", self.account_owner))
        out.append(Heading("目标与 SMART 检查"))
        goals = []
        for n, g in enumerate(self.goals, 1):
            r = self.smart(n - 1)
            goals.append((f"G{n}", g.level or "—", g.text, g.deadline or "—", g.owner or "—",
                          *(r[x] for x in "SMART"), "、".join(r.missing) or "—"))
        out.append(Table(("编号", "层次", "目标", "截止日期", "负责人", "S", "M", "A", "R", "T", "缺少"), tuple(goals))
                   if goals else Paragraph("（暂无）"))
        out.append(Heading("行动计划与执行情况"))
        status = self.status()
        acts = status[~status["是否复盘点"]]
        out.append(Paragraph(ap.plan_sentence(status)) if len(status) else Paragraph("（暂无）"))
        if len(acts):
            header = ("编号", "目标", "行动", "对象", "负责人", "计划日期", "实际日期", "执行状态", "纠偏建议")
            out.append(Table(header, tuple(
                (r["行动编号"], r["目标编号"], r["行动"], r["对象"], r["负责人"], _day(r["计划日期"]),
                 _day(r["实际日期"]), r["执行状态"], r["纠偏建议"]) for _, r in acts.iterrows())))
        out.append(Heading("复盘点"))
        out.append(Paragraph("、".join(self.reviews) or "（暂无）"))
        out.append(Heading("待完善"))
        out.append(Paragraph("\n".join(self.to_do()) or "（无）"))
        return out

    def rows(self) -> list[tuple[Any, ...]]:
        """One row per goal, action and review (columns 部分, 序号, 内容, 评分 = SMART 缺少的字母数)."""
        out = self.meta_rows()
        out += [("目标", n, f"{g.level or '—'}｜{g.text}｜截止 {g.deadline or '—'}", len(self.smart(n - 1).missing))
                for n, g in enumerate(self.goals, 1)]
        out += [("行动", n, f"{a.text}｜目标 {a.goal or '—'}｜{a.owner or '（未指定）'}｜计划 {a.planned or '—'}｜"
                 f"{a.status}" + (f" {a.actual}" if a.actual else ""), None) for n, a in enumerate(self.actions, 1)]
        out += [("复盘点", n, day, None) for n, day in enumerate(self.reviews, 1)]
        return out

    def figure(self) -> Any:
        """The plan's timeline (a matplotlib Figure)."""
        from matplotlib.figure import Figure

        from ..charts.account_plan import plot_plan_timeline
        from ..charts.base import chart_style
        status = self.status()
        with chart_style():
            height = 0.42 * (len(status) + len(self.goals) + 2) + 1.8
            fig = Figure(figsize=(11, height), dpi=100)
            plot_plan_timeline(status, as_of=dt.date.today(), name=self.title.strip() or None, ax=fig.add_subplot())
            fig.subplots_adjust(left=0.27, right=0.9, top=1 - 1.0 / height, bottom=0.8 / height)
            return fig

    # -- class view -------------------------------------------------------------------------
    @classmethod
    def class_summary(cls, sheets: list[Worksheet]) -> list[tuple[str, Any]]:
        """How SMART the class's goals are, and whether plans reach the top of the 倒三角.

        >>> ws = AccountPlanWorksheet(); _ = ws.add_goal("提升客户关系")
        >>> AccountPlanWorksheet.class_summary([ws])[1][1]["缺少的目标数"].tolist()
        [1, 1, 0, 0, 1]
        """
        plans = [ws for ws in sheets if isinstance(ws, AccountPlanWorksheet)]
        checks = [p.smart(i) for p in plans for i in range(len(p.goals))]
        n_goals, n = len(checks), max(len(plans), 1)
        actions = [a for p in plans for a in p.actions]

        def share(k: int, total: int) -> str:
            return f"{k}（{k / total:.1%}）" if total else "—"

        smt = sum(all(r[x] == "是" for x in "SMT") for r in checks)
        senior = sum(any(a.owner_rank in SENIOR for a in p.actions) for p in plans)
        owned = sum(bool(a.owner and a.planned) for a in actions)
        reviewed = sum(bool(p.reviews) for p in plans)
        overview = pd.DataFrame({"项目": ["计划数", "目标总数", "S、M、T 都为“是”的目标",
                                        "至少一项行动由总监及以上负责的计划", "有负责人且有计划日期的行动",
                                        "每份计划的行动数（中位数）", "有复盘点的计划"],
                                 "数值": [str(len(plans)), str(n_goals), share(smt, n_goals), share(senior, n),
                                        share(owned, len(actions)),
                                        f"{statistics.median([len(p.actions) for p in plans]) if plans else 0:g}",
                                        share(reviewed, n)]})
        letters = pd.DataFrame({"要素": list("SMART"),
                                "缺少的目标数": [sum(x in r.missing for r in checks) for x in "SMART"]})
        letters["占比"] = [f"{k / n_goals:.1%}" if n_goals else "—" for k in letters["缺少的目标数"]]
        return [("概况", overview), ("各 SMART 要素：缺少（判为“否”）的目标数", letters),
                ("全班：目标最常缺少的 SMART 要素", lambda: _letters_figure(letters, n_goals))]


def _day(value: Any) -> str:
    return "—" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")

def _letters_figure(letters: pd.DataFrame, n_goals: int) -> Any:
    from matplotlib.figure import Figure

    from ..charts.account_plan import plot_smart_missing

    return plot_smart_missing(letters, n_goals, ax=Figure(figsize=(7.5, 3.8), dpi=100).add_subplot())


# ---------------------------------------------------------------------------------------
# Widget
# ---------------------------------------------------------------------------------------

BADGE = {"是": "background:#2e7d32;color:white;border:1px solid #2e7d32",
         "否": "background:white;color:#c62828;border:1px solid #c62828",
         "待判断": "background:#eeeeee;color:#616161;border:1px solid #bdbdbd"}


def smart_badges(result: Any) -> str:
    """Five badges S M A R T: 是 green, 否 red outlined with 缺, 待判断 grey with ？ (a word besides the colour).

    >>> "缺 M" in smart_badges(__import__("helpers").smart_check("加强与客户高层的关系"))
    True
    """
    import html

    out = []
    for row in result.rows:
        word = {"是": row.letter, "否": f"缺 {row.letter}", "待判断": f"{row.letter}？"}[row.result]
        out.append(f"<span title='{html.escape(row.basis, quote=True)}' style='{BADGE[row.result]};"
                   f"border-radius:4px;padding:0 5px;margin-right:3px;font-weight:bold'>{word}</span>")
    return "".join(out)


class AccountPlanBody:
    """The 重点客户行动计划 widgets inside :class:`helpers.worksheets.shell.WorksheetEditor`.

    CSS classes ``ws-ap-*``: goal form (``-goal-text``: Enter adds) and rows ``ws-ap-goal``;
    action form (``-action-text``: Enter adds; button ``ws-add-button``) and rows ``ws-ap-action``
    (``-action-label``, ``-action-status``, ``-action-actual``); reviews; ``-summary``; ``-todo``.
    """

    def __init__(self, editor: Any) -> None:
        import warnings

        import ipywidgets as w

        from ..widgets.common import styled

        self.w, self.editor, self.styled = w, editor, styled

        def text(css: str, hint: str, width: str = "48%") -> Any:
            return styled(w.Text(placeholder=hint, layout=w.Layout(width=width)), css)

        self.meta = {"period_start": text("ws-ap-start", "计划开始日期，如 2026-01-01", "30%"),
                     "period_end": text("ws-ap-end", "计划结束日期，如 2026-06-30", "30%"),
                     "account_owner": text("ws-ap-account-owner", "客户总负责人（如：华东大区总监）", "36%")}
        for key, widget in self.meta.items():
            widget.observe(lambda ch, key=key: self.editor.apply(
                lambda: self._set_meta(key, ch["new"]), then=self.show_status), names="value")
        self.goal = {"text": text("ws-ap-goal-text", "目标，如：2026年3月31日前签下2号产线项目（按回车添加）", "98%"),
                     "level": styled(w.Dropdown(options=[("层次：请选择", "")] + [(x, x) for x in GOAL_LEVELS],
                                                layout=w.Layout(width="32%")), "ws-ap-goal-level"),
                     "deadline": text("ws-ap-goal-deadline", "截止日期，如 2026-03-31", "32%"),
                     "owner": text("ws-ap-goal-owner", "目标负责人", "32%")}
        self.action = {"text": text("ws-ap-action-text", "行动，如：营销副总拜访对方总经理（按回车添加）", "98%"),
                       "goal": styled(w.Dropdown(options=[("对应目标：无", 0)], value=0, layout=w.Layout(width="48%")),
                                      "ws-ap-action-goal"),
                       "target": text("ws-ap-action-target", "对象（对方的人或角色）"),
                       "owner": text("ws-ap-action-owner", "负责人"),
                       "owner_rank": styled(w.Dropdown(options=[("职级：请选择", "")] + [(r, r) for r in OUR_RANKS],
                                                       layout=w.Layout(width="48%")), "ws-ap-action-rank"),
                       "planned": text("ws-ap-action-planned", "计划日期，如 2026-01-15")}
        self.review = text("ws-ap-review-date", "复盘日期，如 2026-01-31", "40%")
        buttons = {}
        for key, label, css, action in (("goal", "添加目标", "ws-ap-goal-add", self.add_goal),
                                        ("action", "添加行动", "ws-add-button", self.add_action),
                                        ("review", "添加复盘点", "ws-ap-review-add", self.add_review)):
            buttons[key] = styled(w.Button(description=label, icon="plus", layout=w.Layout(width="auto",
                                                                                           min_width="110px")), css)
            buttons[key].on_click(lambda _, action=action: action())
        with warnings.catch_warnings():  # on_submit is the one event that means "Enter" (not blur)
            warnings.simplefilter("ignore", DeprecationWarning)
            self.goal["text"].on_submit(lambda _: self.add_goal())
            self.action["text"].on_submit(lambda _: self.add_action())
            self.review.on_submit(lambda _: self.add_review())
        self.goal_rows, self.action_rows = styled(w.VBox(), "ws-ap-goals"), styled(w.VBox(), "ws-ap-actions")
        self.review_list, self.summary, self.todo = (styled(w.HTML(), f"ws-ap-{css}")
                                                     for css in ("reviews", "summary", "todo"))
        g, a = self.goal, self.action
        self.widget = w.VBox([
            w.HBox(list(self.meta.values())),
            w.HTML("<h3>第一步：写目标（自动做 SMART 检查）</h3><small>绿色 = 是；红框“缺” = 否；灰色“？” = 待判断"
                   "（A 和 R 要由人判断）。鼠标停在字母上可以看到依据。</small>"),
            g["text"], w.HBox([g["level"], g["deadline"], g["owner"]]), buttons["goal"], self.goal_rows,
            w.HTML("<h3>第二步：排行动（谁、什么时候、对谁做什么）</h3>"),
            a["text"], w.HBox([a["goal"], a["target"]]), w.HBox([a["owner"], a["owner_rank"]]),
            w.HBox([a["planned"], buttons["action"]]), self.action_rows,
            w.HTML("<h3>第三步：放好复盘点</h3>"), w.HBox([self.review, buttons["review"]]), self.review_list,
            w.HTML("<h3>执行情况（计划 vs 实际，按今天计算）</h3>"), self.summary, self.todo,
        ])

    def _set_meta(self, key: str, value: str) -> None:
        new = self.editor.worksheet.copy()  # check on a copy: a half-typed date is refused, not stored
        setattr(new, key, value.strip())
        new.validate_content()
        setattr(self.editor.worksheet, key, value.strip())

    # -- showing --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show ``editor.worksheet`` again (after opening a file)."""
        for key, widget in self.meta.items():
            widget.value = getattr(self.editor.worksheet, key)
        self.rebuild()

    def _replace(self, box: Any, rows: list[Any]) -> None:
        old, box.children = box.children, rows
        for row in old:  # free the replaced widgets in the kernel and the browser
            for child in (*row.children, row):
                child.close()

    def rebuild(self) -> None:
        """Recreate the goal and action rows, the goal choices, reviews and the status lines."""
        from ..widgets.common import html_text

        w, styled, ws = self.w, self.styled, self.editor.worksheet
        goals = []
        for i, g in enumerate(ws.goals):
            label = styled(w.HTML(f"<b>G{i + 1}</b> {html_text(g.level or '')} {html_text(g.text)}"
                                  f"{'（截止 ' + html_text(g.deadline) + '）' if g.deadline else ''}<br>"
                                  f"{smart_badges(ws.smart(i))}"), "ws-ap-goal-label")
            delete = styled(w.Button(description="✕", tooltip="删除这个目标", layout=w.Layout(width="36px")),
                            "ws-ap-goal-delete")
            delete.on_click(lambda _, i=i: self.editor.apply(lambda: ws.remove_goal(i), then=self.rebuild))
            goals.append(styled(w.HBox([label, delete]), "ws-ap-goal"))
        self._replace(self.goal_rows, goals)
        self.action["goal"].options = [("对应目标：无", 0)] + [(f"G{i + 1} {g.text[:24]}", i + 1)
                                                             for i, g in enumerate(ws.goals)]
        actions = []
        for i, a in enumerate(ws.actions):
            rank = f"（{a.owner_rank}）" if a.owner_rank else ""
            line = (f"{i + 1}. {a.text}｜{'G' + str(a.goal) if a.goal else '无目标'}｜{a.target or '—'}｜"
                    f"{a.owner or '（未指定）'}{rank}｜计划 {a.planned or '—'}")
            status = styled(w.Dropdown(options=list(ap.STATUSES), value=a.status, layout=w.Layout(width="90px")),
                            "ws-ap-action-status")
            actual = styled(w.Text(value=a.actual, placeholder="实际日期", layout=w.Layout(width="110px")),
                            "ws-ap-action-actual")
            status.observe(lambda ch, i=i, actual=actual: self.set_status(i, ch["new"], actual), names="value")
            actual.observe(lambda ch, i=i: self.editor.apply(lambda: ws.edit_action(i, actual=ch["new"].strip()),
                                                             then=self.show_status), names="value")
            delete = styled(w.Button(description="✕", tooltip="删除这项行动", layout=w.Layout(width="36px")),
                            "ws-ap-action-delete")
            delete.on_click(lambda _, i=i: self.editor.apply(lambda: ws.remove_action(i), then=self.rebuild))
            actions.append(styled(w.HBox([styled(w.HTML(html_text(line)), "ws-ap-action-label"), status, actual,
                                          delete]), "ws-ap-action"))
        self._replace(self.action_rows, actions)
        self.review_list.value = "复盘点：" + ("、".join(html_text(d) for d in ws.reviews) or "（暂无）")
        self.show_status()

    def show_status(self) -> None:
        """Plan against actual today, and what is still missing."""
        from ..widgets.common import html_text

        ws = self.editor.worksheet
        try:
            status = ws.status()
            line = ap.plan_sentence(status) if len(status) else "（还没有行动）"
            todo = ws.to_do()
        except Exception as exc:  # noqa: BLE001 - shown, never raised in the widget
            line, todo = f"暂时无法计算：{exc}", []
        self.summary.value = f"<div style='white-space:pre-wrap'>{html_text(line)}</div>"
        self.todo.value = ("<b>待完善</b><ul>" + "".join(f"<li>{html_text(t)}</li>" for t in todo) + "</ul>"
                           if todo else "")

    # -- actions --------------------------------------------------------------------------
    def set_status(self, index: int, status: str, actual: Any) -> None:
        """Change an action's status; 已完成 fills in today as the actual date (editable)."""
        day = actual.value.strip() or dt.date.today().isoformat() if status == "已完成" else ""
        if self.editor.apply(lambda: self.editor.worksheet.edit_action(index, status=status, actual=day),
                             then=self.show_status):
            was, self.editor.loading = self.editor.loading, True
            try:
                actual.value = day
            finally:
                self.editor.loading = was

    def _add(self, fields: dict[str, Any], action: Any, empty: str) -> None:
        from ..widgets.common import problem_html

        if not str(fields["text"].value).strip():
            self.editor.message.value = problem_html(empty)
            return
        self.editor.message.value = ""
        if self.editor.apply(action, then=self.rebuild):
            for key, widget in fields.items():
                widget.value = 0 if key == "goal" else ""

    def add_goal(self) -> None:
        """Add the typed goal."""
        g, ws = {k: v.value for k, v in self.goal.items()}, self.editor.worksheet
        self._add(self.goal, lambda: ws.add_goal(g.pop("text"), **g), "请先写下目标，再按回车或点“添加目标”")

    def add_action(self) -> None:
        """Add the typed action."""
        a, ws = {k: v.value for k, v in self.action.items()}, self.editor.worksheet
        self._add(self.action, lambda: ws.add_action(a.pop("text"), **a), "请先写下行动，再按回车或点“添加行动”")

    def add_review(self) -> None:
        """Add the typed review date."""
        day, ws = self.review.value, self.editor.worksheet
        self._add({"text": self.review}, lambda: ws.add_review(day), "请先写下复盘日期，如 2026-01-31")


def account_plan_worksheet(name: str | None = None, folder: Any = None, delay: float = 1.0) -> Any:
    """Show the 重点客户行动计划 worksheet: goals with SMART checks, actions, review points, timeline.

    Every change is saved automatically one second after the last one (there is also a 保存
    button); the file is ``account_plan.json`` in the work folder.

    Args:
        name: the worksheet's name (``None``: the default one).
        folder: the folder (default: :func:`helpers.paths.work_dir`).
        delay: seconds of quiet before autosave.

    Returns:
        The editor; it displays itself as the widget.

    >>> import tempfile
    >>> account_plan_worksheet(folder=tempfile.mkdtemp()).path.name
    'account_plan.json'
    """
    from .shell import WorksheetEditor

    return WorksheetEditor("account_plan", AccountPlanBody, name=name, folder=folder, delay=delay)
