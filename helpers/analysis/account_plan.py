"""Key-account action plans (lecture 3): plan against actual, deviations, corrective actions.

:func:`plan_status` compares each action's planned and actual date at the review date
(复盘日) with a stated tolerance (7 days by default, inclusive):

=================  ====================================================  ==========
执行状态            rule                                                  需纠偏
=================  ====================================================  ==========
按期完成            done, at most ``tolerance_days`` late (early counts)   否
延期完成            done, more than ``tolerance_days`` late                否 (复盘原因)
逾期未完成          not done, planned more than ``tolerance_days`` ago     是
进行中（未超期）    not done, planned 0..``tolerance_days`` days ago       否
未到期              planned after the review date                         否
已取消              cancelled                                             否
缺计划日期          no planned date                                       是
=================  ====================================================  ==========

An action without an owner also needs correcting. The 立体经营名单 is in
:mod:`helpers.analysis.account_lists`; the featured account's helpers are in :mod:`helpers.analysis.featured`.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError
from .decision_chain import _bad, _blank, _choice, _date_or_bad, _ids, _norm, _read

TOLERANCE_DAYS = 7
STATUSES: tuple[str, ...] = ("未开始", "进行中", "已完成", "已取消")
_STATUS_WORDS = {"未开始": ("未开始", "未启动", "待开始"), "进行中": ("进行中", "执行中", "推进中"),
                 "已完成": ("已完成", "完成"), "已取消": ("已取消", "取消")}
#: 执行状态 in display order.
STATES: tuple[str, ...] = ("按期完成", "延期完成", "逾期未完成", "进行中（未超期）", "未到期", "已取消", "缺计划日期")
#: The rule of each 执行状态, in words (tolerance as used by plan_status's default).
STATE_RULES: dict[str, str] = {
    "按期完成": f"已完成，比计划晚不超过 {TOLERANCE_DAYS} 天（提前也算）",
    "延期完成": f"已完成，但比计划晚了超过 {TOLERANCE_DAYS} 天",
    "逾期未完成": f"没完成，计划日期已过去超过 {TOLERANCE_DAYS} 天",
    "进行中（未超期）": f"没完成，计划日期已到，过去不到 {TOLERANCE_DAYS} 天",
    "未到期": "计划日期还没到",
    "已取消": "决定不做了",
    "缺计划日期": "没有写计划日期",
}
ADVICE: dict[str, str] = {
    "升级": "升级：由更高一级领导亲自约见，一周内定下新日期，列为下次复盘第一项",
    "逾期未完成": "负责人说明原因；换人或把行动拆小，重新排期",
    "延期完成": "复盘延期原因，检查后续相关行动的日期",
    "已取消": "确认目标是否需要替代行动",
    "无负责人": "指定负责人",
    "缺计划日期": "补上计划日期",
}
STATUS_COLUMNS: tuple[str, ...] = ("行动编号", "目标编号", "目标", "行动", "对象", "对象层级", "负责人", "负责人职级",
                                   "计划日期", "实际日期", "偏差（天）", "执行状态", "需纠偏", "纠偏建议", "是否复盘点",
                                   "备注", "对象态度", "目标层次")

_PLAN_SPEC = {
    "item_id": {"type": "id", "allow_null": True},
    "action": {"type": "text", "allow_null": True},
    "owner_id": {"type": "text", "allow_null": True, "aliases": ("负责人",)},
    "planned_date": {"type": "text", "allow_null": True},
    "actual_date": {"type": "text", "required": False, "allow_null": True},
    "status": {"type": "text", "required": False, "allow_null": True, "aliases": ("状态", "执行状态")},
    "goal_id": {"type": "id", "required": False, "allow_null": True},
    "goal": {"type": "text", "required": False, "allow_null": True},
    "goal_level": {"type": "text", "required": False, "allow_null": True},
    "target_contact_id": {"type": "text", "required": False, "allow_null": True},
    "is_review": {"type": "text", "required": False, "allow_null": True},
    "note": {"type": "text", "required": False, "allow_null": True, "aliases": ("备注", "说明")},
}


def _stamp(as_of: Any) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(as_of)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise DataError(f"无法识别的复盘日：{as_of!r}", f"not a date: {as_of!r}",
                        fix_zh="请写成 '2025-12-31' 这样的日期", fix_en="give a date such as '2025-12-31'")
    return stamp.normalize()


def _column(frame: pd.DataFrame, name: str) -> list[Any]:
    return list(frame[name]) if name in frame.columns else [None] * len(frame)


def plan_status(plan: pd.DataFrame, *, as_of: Any, tolerance_days: int = TOLERANCE_DAYS,
                people: pd.DataFrame | None = None, contacts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Plan against actual at the review date: deviation, 执行状态, whether to correct, and how.

    Args:
        plan: one row per action: 行动编号, 行动, 负责人, 计划日期; optional 实际日期, 状态
            (未开始 / 进行中 / 已完成 / 已取消; without it an action with an actual date is 已完成),
            目标编号, 目标, 目标层次, 对象 (a contact id), 复盘点 (1 / 0), 备注. Case table
            ``account_plan`` or a trainee's export.
        as_of: the review date (复盘日).
        tolerance_days: days late that still count as on time (inclusive).
        people: our people (:func:`helpers.our_people`), to show names and ranks of owners.
        contacts: the contacts table, to show the target's title, level and attitude.

    Returns:
        One row per action (columns :data:`STATUS_COLUMNS`), numbered from 1: 偏差（天） is
        actual − planned for a done action, review date − planned for an open one that is due,
        else NaN.

    Raises:
        DataError: naming the row -- 已完成 without an actual date, an actual date on an
            action 未开始 / 进行中, an actual date after ``as_of``, an unreadable date, a
            repeated 行动编号, or an unknown 状态.

    >>> plan = pd.DataFrame({"行动编号": ["A", "C"], "行动": ["拜访", "参观"], "负责人": ["S1", "S1"],
    ...     "计划日期": ["2025-12-01", "2025-11-15"], "实际日期": ["2025-12-05", None], "状态": ["已完成", "进行中"]})
    >>> plan_status(plan, as_of="2025-12-31")[["执行状态", "偏差（天）", "需纠偏"]].values.tolist()
    [['按期完成', 4.0, False], ['逾期未完成', 46.0, True]]
    """
    stamp = _stamp(as_of)
    frame = _read(plan, _PLAN_SPEC)
    n = len(frame)
    ids = _ids(frame, "item_id")
    seen: dict[str, int] = {}
    for pos, item in enumerate(ids):
        if item is None:
            raise _bad(frame, pos, "行动编号", "行动编号是空的", "item id is blank",
                       "请给每个行动一个编号", "give an id")
        if item in seen:
            raise _bad(frame, pos, "行动编号", f"行动编号 {item} 重复", f"item id {item} is repeated",
                       "每个行动只能有一个编号", "give each action its own id")
        seen[item] = pos
    planned = [_date_or_bad(frame, p, v, "计划日期") for p, v in enumerate(frame["planned_date"])]
    actual = [_date_or_bad(frame, p, v, "实际日期") for p, v in enumerate(_column(frame, "actual_date"))]
    if "status" in frame.columns:
        status = [s if s is not None else ("已完成" if pd.notna(a) else "未开始")
                  for s, a in zip(_choice(frame, "status", "状态", _STATUS_WORDS, required=False), actual)]
    else:
        status = ["已完成" if pd.notna(a) else "未开始" for a in actual]
    for pos in range(n):
        done, has = status[pos] == "已完成", pd.notna(actual[pos])
        if done and not has:
            raise _bad(frame, pos, "实际日期", "状态是“已完成”，却没有实际日期", "done but no actual date",
                       "请填上完成的日期，或把状态改成“进行中”", "fill in the date or change the status")
        if has and status[pos] in ("未开始", "进行中"):
            raise _bad(frame, pos, "实际日期", f"状态是“{status[pos]}”，却填了实际日期",
                       "an actual date on an action that is not done", "完成了就把状态改成“已完成”，否则删掉实际日期",
                       "mark it 已完成 or clear the date")
        if has and actual[pos] > stamp:
            raise _bad(frame, pos, "实际日期", f"实际日期 {actual[pos]:%Y-%m-%d} 晚于复盘日 {stamp:%Y-%m-%d}",
                       "the actual date is after the review date", "请检查日期，或把复盘日设得更晚",
                       "check the date or use a later as_of")
    owners = [None if _blank(o) else _norm(o) for o in frame["owner_id"]]
    names = people["姓名"].astype(str).to_dict() if people is not None else {}
    ranks = people["对接职级"].astype(str).to_dict() if people is not None else {}
    targets = [None if _blank(t) else _norm(t) for t in _column(frame, "target_contact_id")]
    titles: dict[str, str] = {}
    levels: dict[str, str] = {}
    moods: dict[str, str] = {}
    if contacts is not None:
        for _, c in contacts.iterrows():
            titles[str(c["contact_id"])] = str(c.get("title") or c.get("contact_name"))
            levels[str(c["contact_id"])] = str(c["level"])
            moods[str(c["contact_id"])] = str(c.get("attitude", "—"))
    reviews = [str(v).strip() in ("1", "是", "True", "true", "Y", "y") for v in _column(frame, "is_review")]
    rows = []
    for pos in range(n):
        plan_day, act_day, state_in = planned[pos], actual[pos], status[pos]
        dev = np.nan
        if state_in == "已取消":
            state = "已取消"
        elif pd.isna(plan_day):
            state = "缺计划日期"
        elif state_in == "已完成":
            dev = float((act_day - plan_day).days)
            state = "按期完成" if dev <= tolerance_days else "延期完成"
        elif plan_day <= stamp:
            dev = float((stamp - plan_day).days)
            state = "逾期未完成" if dev > tolerance_days else "进行中（未超期）"
        else:
            state = "未到期"
        level = levels.get(targets[pos] or "", "")
        if state == "逾期未完成":
            advice = ADVICE["升级"] if level == "决策层" else ADVICE["逾期未完成"]
        elif state in ADVICE:
            advice = ADVICE[state]
        elif owners[pos] is None:
            advice = ADVICE["无负责人"]
        else:
            advice = "—"
        rows.append({
            "行动编号": ids[pos], "目标编号": _ids(frame, "goal_id")[pos] or "—",
            "目标": (_column(frame, "goal")[pos] if not _blank(_column(frame, "goal")[pos]) else "—"),
            "行动": frame["action"].iloc[pos] if not _blank(frame["action"].iloc[pos]) else "—",
            "对象": titles.get(targets[pos] or "", targets[pos] or "—"), "对象层级": level or "—",
            "负责人": names.get(owners[pos], owners[pos]) if owners[pos] else "（未指定）",
            "负责人职级": ranks.get(owners[pos] or "", "—"),
            "计划日期": plan_day, "实际日期": act_day, "偏差（天）": dev, "执行状态": state,
            "需纠偏": state in ("逾期未完成", "缺计划日期") or owners[pos] is None, "纠偏建议": advice,
            "是否复盘点": reviews[pos],
            "备注": "—" if _blank(_column(frame, "note")[pos]) else str(_column(frame, "note")[pos]).strip(),
            "对象态度": moods.get(targets[pos] or "", "—"),
            "目标层次": "—" if _blank(_column(frame, "goal_level")[pos]) else str(_column(frame, "goal_level")[pos])})
    out = pd.DataFrame(rows, columns=list(STATUS_COLUMNS))
    out["计划日期"] = pd.to_datetime(out["计划日期"])
    out["实际日期"] = pd.to_datetime(out["实际日期"])
    out.index = pd.RangeIndex(1, n + 1)
    out.attrs.update(as_of=stamp, tolerance_days=tolerance_days)
    return out


def plan_table(status: pd.DataFrame) -> pd.DataFrame:
    """The plan-vs-actual table as a trainee reads it: indexed by 行动编号, owner with rank, no long goal text.

    Args:
        status: output of :func:`plan_status`.

    Returns:
        Index 行动编号 (its name in ``columns.name``); columns 目标编号, 行动, 对象, 负责人 (with
        rank), 计划日期, 实际日期, 偏差（天）, 执行状态, 需纠偏, 纠偏建议, 备注.

    >>> s = pd.DataFrame({c: ["—"] for c in STATUS_COLUMNS}).assign(行动编号=["P1"], 负责人=["王"], 负责人职级=["总监"])
    >>> t = plan_table(s)
    >>> t.columns[:3].tolist(), t.loc["P1", "负责人"], t.columns.name
    (['目标编号', '行动', '对象'], '王（总监）', '行动编号')
    """
    out = status.copy()
    out["负责人"] = [o if r in ("—", None) or r != r else f"{o}（{r}）"
                  for o, r in zip(out["负责人"], out["负责人职级"])]
    hidden = ["目标", "目标层次", "对象层级", "是否复盘点", "负责人职级", "对象态度"]
    out = out.set_index("行动编号").drop(columns=hidden)
    out.index.name, out.columns.name = None, "行动编号"
    return out


def _actions(status: pd.DataFrame) -> pd.DataFrame:
    """The rows that are actions, not review points."""
    return status[~status["是否复盘点"].astype(bool)] if "是否复盘点" in status else status


def plan_summary(status: pd.DataFrame) -> pd.DataFrame:
    """Counts per 执行状态 and the two completion rates, actions only, each rate with its denominator.

    Review points (复盘点) are meetings, not actions: they are left out and counted in
    ``attrs["reviews"]``. 已到期 = planned on or before the review date, not cancelled.
    已到期完成率 = done ÷ 已到期; 按期完成率 = 按期完成 ÷ 已到期. The state rows have no rate, so the
    table has one denominator.

    Args:
        status: output of :func:`plan_status`.

    Returns:
        Index 项目 (its name in ``columns.name``): 全部行动, one row per 执行状态 (all seven, zeros
        kept) with 行动数 and 说明 (the rule), then 已到期完成率 and 按期完成率 with 行动数
        (numerator), 比率 and 说明 ("6 / 9 ..."). ``attrs``: ``percent``, ``reviews`` (number of
        review points, how many held on time), ``due``.

    >>> s = pd.DataFrame({"执行状态": ["按期完成", "逾期未完成", "未到期", "按期完成"],
    ...                   "是否复盘点": [False, False, False, True]})
    >>> t = plan_summary(s)
    >>> int(t.loc["已到期完成率", "行动数"]), float(t.loc["已到期完成率", "比率"]), t.loc["已到期完成率", "说明"]
    (1, 0.5, '1 / 2（已完成 ÷ 已到期的行动；不含复盘点、已取消和未到期）')
    >>> int(t.loc["全部行动", "行动数"]), t.attrs["reviews"]
    (3, (1, 1))
    """
    actions = _actions(status)
    counts = actions["执行状态"].value_counts()
    reviews = status.loc[status.index.difference(actions.index), "执行状态"] if len(actions) < len(status) else None
    n_reviews = 0 if reviews is None else len(reviews)
    rows = [{"项目": "全部行动", "行动数": len(actions), "比率": np.nan,
             "说明": f"不含 {n_reviews} 个复盘点" if n_reviews else "计划里的全部行动"}]
    rows += [{"项目": s, "行动数": int(counts.get(s, 0)), "比率": np.nan, "说明": STATE_RULES[s]} for s in STATES]
    done = int(counts.get("按期完成", 0) + counts.get("延期完成", 0))
    on_time = int(counts.get("按期完成", 0))
    due = done + int(counts.get("逾期未完成", 0) + counts.get("进行中（未超期）", 0))
    tail = "已到期的行动；不含复盘点、已取消和未到期）"
    rows.append({"项目": "已到期完成率", "行动数": done, "比率": done / due if due else np.nan,
                 "说明": f"{done} / {due}（已完成 ÷ {tail}"})
    rows.append({"项目": "按期完成率", "行动数": on_time, "比率": on_time / due if due else np.nan,
                 "说明": f"{on_time} / {due}（按期完成 ÷ {tail}"})
    out = pd.DataFrame(rows).set_index("项目")
    out.index.name, out.columns.name = None, "项目"
    held = 0 if reviews is None else int((reviews == "按期完成").sum())
    out.attrs.update(percent=["比率"], reviews=(n_reviews, held), due=due)
    return out


def owner_rank_line(status: pd.DataFrame) -> str:
    """Due actions done, by the owner's rank (highest first): who delivers and who does not.

    Args:
        status: output of :func:`plan_status` with ``people`` (for 负责人职级).

    Returns:
        One sentence, or "" without ranks or due actions.

    >>> s = pd.DataFrame({"行动编号": ["P1", "P2", "P3"], "负责人职级": ["副总", "副总", "销售代表"],
    ...                   "执行状态": ["逾期未完成", "未到期", "按期完成"]})
    >>> owner_rank_line(s)
    '按负责人职级看已到期的行动：副总 1 项，完成 0 项（P1 未完成）；销售代表 1 项，完成 1 项。'
    """
    from .decision_chain import OUR_RANKS

    actions = _actions(status)
    due = actions[actions["执行状态"].isin(("按期完成", "延期完成", "逾期未完成", "进行中（未超期）"))]
    due = due[due["负责人职级"].isin(OUR_RANKS)] if "负责人职级" in due else due.iloc[:0]
    parts = []
    for rank in OUR_RANKS[::-1]:
        mine = due[due["负责人职级"] == rank]
        if len(mine):
            open_ = mine.loc[~mine["执行状态"].isin(("按期完成", "延期完成")), "行动编号"].tolist()
            done = len(mine) - len(open_)
            parts.append(f"{rank} {len(mine)} 项，完成 {done} 项" + (f"（{'、'.join(open_)} 未完成）" if open_ else ""))
    return ("按负责人职级看已到期的行动：" + "；".join(parts) + "。") if parts else ""


def plan_sentence(status: pd.DataFrame) -> str:
    """The headline of a review: completion of the actions that were due, each overdue action, and by whom.

    Args:
        status: output of :func:`plan_status` (its ``attrs["as_of"]`` dates the sentence).

    Returns:
        A few lines: completion (actions only, review points apart), the overdue actions with
        their days, and completion by the owner's rank.

    >>> s = pd.DataFrame({"行动编号": ["P1", "P2", "R1"], "行动": ["拜访", "参观", "复盘"],
    ...     "负责人": ["王", "李", "李"], "负责人职级": ["销售代表", "副总", "总监"],
    ...     "执行状态": ["按期完成", "逾期未完成", "按期完成"],
    ...     "偏差（天）": [0.0, 30.0, 0.0], "是否复盘点": [False, False, True]})
    >>> s.attrs["as_of"] = pd.Timestamp("2025-12-31")
    >>> print(plan_sentence(s))
    截至 2025-12-31，已到期的 2 项行动完成了 1 项（50.0%），其中按期完成 1 项（50.0%）。
    另有 1 个复盘点（复盘是会议，不算行动），按期开了 1 个。
    逾期未完成 1 项：P2 参观（逾期 30 天，负责人 李）。
    按负责人职级看已到期的行动：副总 1 项，完成 0 项（P2 未完成）；销售代表 1 项，完成 1 项。
    """
    summary = plan_summary(status)
    due = summary.attrs["due"]
    day = status.attrs.get("as_of")
    head = f"截至 {day:%Y-%m-%d}，" if day is not None else ""
    done, rate = int(summary.loc["已到期完成率", "行动数"]), summary.loc["已到期完成率", "比率"]
    on_time, on_rate = int(summary.loc["按期完成率", "行动数"]), summary.loc["按期完成率", "比率"]
    n_reviews, held = summary.attrs["reviews"]
    text = (f"{head}已到期的 {due} 项行动完成了 {done} 项（{rate:.1%}），其中按期完成 {on_time} 项（{on_rate:.1%}）。"
            if due else f"{head}还没有到期的行动。")
    missed = [f"{r['行动编号']} 逾期 {r['偏差（天）']:.0f} 天未开" for _, r in status.iterrows()
              if r["执行状态"] == "逾期未完成" and bool(r.get("是否复盘点", False))]
    text += (f"\n另有 {n_reviews} 个复盘点（复盘是会议，不算行动），按期开了 {held} 个"
             + (f"（{'；'.join(missed)}）" if missed else "") + "。") if n_reviews else ""
    late = _actions(status)
    late = late[late["执行状态"] == "逾期未完成"].sort_values("偏差（天）", ascending=False)
    if len(late):
        items = "；".join(f"{r['行动编号']} {r['行动']}（逾期 {r['偏差（天）']:.0f} 天，负责人 {r['负责人']}）"
                         for _, r in late.iterrows())
        text += f"\n逾期未完成 {len(late)} 项：{items}。"
    ranks = owner_rank_line(status)
    return text + (f"\n{ranks}" if ranks else "")


def plan_goals(plan: pd.DataFrame) -> pd.DataFrame:
    """The distinct goals of a plan, indexed by 目标编号: 层次, 目标 (review rows without a goal left out).

    Args:
        plan: the plan table (columns goal_id, goal_level, goal or their Chinese names).

    Returns:
        One row per goal, sorted by 目标编号 (the index; its name in ``columns.name``).

    >>> plan = pd.DataFrame({"goal_id": ["G1", "G1", None], "goal_level": ["战役", "战役", None],
    ...                      "goal": ["签下项目", "签下项目", None]})
    >>> plan_goals(plan).loc["G1"].tolist()
    ['战役', '签下项目']
    """
    frame = _read(plan, {k: _PLAN_SPEC[k] for k in ("goal_id", "goal", "goal_level")})
    out = pd.DataFrame({"目标编号": _column(frame, "goal_id"), "层次": _column(frame, "goal_level"),
                        "目标": _column(frame, "goal")})
    out = out[[not _blank(g) for g in out["目标"]]].drop_duplicates("目标")
    out["目标编号"] = [g if not _blank(g) else f"G{i}" for i, g in enumerate(out["目标编号"], 1)]
    out["层次"] = ["—" if _blank(x) else x for x in out["层次"]]
    out = out.sort_values("目标编号", kind="stable").set_index("目标编号")
    out.index.name, out.columns.name = None, "目标编号"
    return out


def goal_smart_table(plan: pd.DataFrame, context: Any = None) -> pd.DataFrame:
    """The plan's goals through the course's SMART checker, indexed by 目标编号.

    The checker reads the wording only; whether a goal was reached is :func:`goal_status`.

    Args:
        plan: the plan table.
        context: what the checker should know about the account (:func:`helpers.smart_context`).

    Returns:
        :func:`helpers.smart_table` of :func:`plan_goals`: 层次, 目标, S, M, A, R, T, 缺少, 提示.

    >>> t = goal_smart_table(pd.DataFrame({"goal_id": ["G1"], "goal": ["2026年3月31日前签约1个项目"]}))
    >>> t.loc["G1", ["S", "M", "T"]].tolist(), t.columns.name
    (['是', '是', '是'], '目标编号')
    """
    from .smart import smart_table

    goals = plan_goals(plan)
    out = smart_table(goals.reset_index(drop=True), context=context)
    out.index, out.columns.name = goals.index, "目标编号"
    return out


_DEADLINE = re.compile(r"(\d{4})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|底)|底)")
#: 目标状态 in order, with the rule in words.
GOAL_STATES: dict[str, str] = {
    "到期未达成": "截止日期已到，对应的行动还有没完成或取消的",
    "到期待核实": "截止日期已到，对应的行动都完成了：结果要由负责人核实",
    "有风险": "还没到截止日期，但有行动逾期未完成或延期完成，或行动对象仍反对我们",
    "按计划推进": "还没到截止日期，已到期的行动都按期完成",
    "未开始": "还没到截止日期，也还没有到期的行动",
}


def goal_deadline(text: Any) -> pd.Timestamp:
    """The deadline written in a goal: "2026 年 3 月 31 日前" → 2026-03-31, "2027 年底" → 2027-12-31.

    Args:
        text: the goal.

    Returns:
        The first date written in it (a month's end for "6 月底", the year's end for "年底"), or NaT.

    >>> goal_deadline("到 2027 年底，成为首选供应商"), goal_deadline("2026年6月底前签约")
    (Timestamp('2027-12-31 00:00:00'), Timestamp('2026-06-30 00:00:00'))
    """
    found = _DEADLINE.search(str(text)) if not _blank(text) else None
    if not found:
        return pd.NaT
    year, month, day = found.groups()
    if month is None:
        return pd.Timestamp(int(year), 12, 31)
    first = pd.Timestamp(int(year), int(month), 1)
    return first + pd.offsets.MonthEnd(0) if day is None else pd.Timestamp(int(year), int(month), int(day))


def goal_status(status: pd.DataFrame) -> pd.DataFrame:
    """Was each goal reached? The goal's deadline against the state of its actions (rules: :data:`GOAL_STATES`).

    Args:
        status: output of :func:`plan_status` (with ``contacts`` for the targets' attitude).

    Returns:
        Indexed by 目标编号 (its name in ``columns.name``): 层次, 目标, 截止日期 (read from the
        goal's text, :func:`goal_deadline`), 行动数, 已完成, 目标状态, 依据 (the overdue, late and
        cancelled actions, their notes, and targets still 反对).

    >>> s = pd.DataFrame({"行动编号": ["P1", "P2"], "目标编号": ["G1", "G1"], "目标层次": ["战役"] * 2,
    ...     "目标": ["2025年12月31日前与总经理会晤1次"] * 2, "行动": ["拜访", "答谢会"], "对象": ["总经理"] * 2,
    ...     "执行状态": ["逾期未完成", "已取消"], "偏差（天）": [92.0, None], "备注": ["—", "时间冲突"],
    ...     "对象态度": ["中立"] * 2, "是否复盘点": [False] * 2})
    >>> s.attrs["as_of"] = pd.Timestamp("2025-12-31")
    >>> row = goal_status(s).loc["G1"]
    >>> row["目标状态"], row["依据"]
    ('到期未达成', 'P1 逾期未完成 92 天；P2 已取消（时间冲突）')
    """
    stamp = status.attrs.get("as_of", pd.Timestamp.today().normalize())
    actions = _actions(status)
    actions = actions[actions["目标编号"] != "—"]
    rows = []
    for goal, part in actions.groupby("目标编号", sort=True):
        deadline = goal_deadline(part["目标"].iloc[0])
        state = part["执行状态"]
        done = int(state.isin(("按期完成", "延期完成")).sum())
        why = []
        for _, r in part.iterrows():
            note = f"（{r['备注']}）" if r.get("备注", "—") not in ("—", None) else ""
            if r["执行状态"] == "逾期未完成":
                why.append(f"{r['行动编号']} 逾期未完成 {r['偏差（天）']:.0f} 天{note}")
            elif r["执行状态"] in ("延期完成", "已取消"):
                why.append(f"{r['行动编号']} {r['执行状态']}{note}")
            elif note:
                why.append(f"{r['行动编号']} 备注{note}")
        against = sorted({r["对象"] for _, r in part.iterrows() if r.get("对象态度") == "反对"})
        why += [f"对象 {t} 仍反对" for t in against]
        if pd.notna(deadline) and deadline <= stamp:
            label = "到期待核实" if done == len(part) else "到期未达成"
        elif state.isin(("逾期未完成", "延期完成")).any() or against:
            label = "有风险"
        elif state.isin(("按期完成", "进行中（未超期）")).any():
            label = "按计划推进"
        else:
            label = "未开始"
        rows.append({"目标编号": goal, "层次": part["目标层次"].iloc[0] if "目标层次" in part else "—",
                     "目标": part["目标"].iloc[0], "截止日期": deadline, "行动数": len(part), "已完成": done,
                     "目标状态": label, "依据": "；".join(why) or "—"})
    out = pd.DataFrame(rows, columns=["目标编号", "层次", "目标", "截止日期", "行动数", "已完成", "目标状态", "依据"])
    out["截止日期"] = pd.to_datetime(out["截止日期"])
    out = out.set_index("目标编号")
    out.index.name, out.columns.name = None, "目标编号"
    out.attrs["as_of"] = stamp
    return out


def goal_sentence(goals: pd.DataFrame) -> str:
    """The goals' states in one line each, latest first: what to say at the review.

    Args:
        goals: output of :func:`goal_status`.

    Returns:
        One line per goal.

    >>> g = pd.DataFrame({"截止日期": [pd.Timestamp("2025-12-31")], "目标状态": ["到期未达成"],
    ...                   "依据": ["P1 逾期未完成 92 天"]}, index=["G3"])
    >>> goal_sentence(g)
    'G3 到期未达成（截止 2025-12-31）：P1 逾期未完成 92 天。'
    """
    lines = []
    for goal, r in goals.iterrows():
        when = f"截止 {r['截止日期']:%Y-%m-%d}" if pd.notna(r["截止日期"]) else "没有写截止日期"
        lines.append(f"{goal} {r['目标状态']}（{when}）" + (f"：{r['依据']}。" if r["依据"] != "—" else "。"))
    return "\n".join(lines)


def plan_owners(status: pd.DataFrame) -> pd.DataFrame:
    """Who owns what in a plan (actions only): how many, how many reach the 决策层, how many due and done.

    Args:
        status: output of :func:`plan_status` (with ``contacts`` for the 决策层 count).

    Returns:
        Indexed by 负责人 (its name in ``columns.name``; most actions first): 职级, 负责的行动数,
        其中对接决策层的, 已到期, 其中已完成, 负责的目标.

    >>> s = pd.DataFrame({"负责人": ["王", "王"], "负责人职级": ["总监", "总监"], "对象层级": ["决策层", "管理层"],
    ...                   "目标编号": ["G1", "—"], "执行状态": ["按期完成", "未到期"]})
    >>> plan_owners(s).values.tolist()
    [['总监', 2, 1, 1, 1, 'G1']]
    """
    rows = []
    for owner, part in _actions(status).groupby("负责人", sort=False):
        goals = [g for g in dict.fromkeys(part["目标编号"]) if g != "—"]
        state = part["执行状态"]
        rows.append({"负责人": owner, "职级": part["负责人职级"].iloc[0], "负责的行动数": len(part),
                     "其中对接决策层的": int((part["对象层级"] == "决策层").sum()),
                     "已到期": int(state.isin(("按期完成", "延期完成", "逾期未完成", "进行中（未超期）")).sum()),
                     "其中已完成": int(state.isin(("按期完成", "延期完成")).sum()),
                     "负责的目标": "、".join(sorted(goals)) or "—"})
    out = pd.DataFrame(rows, columns=["负责人", "职级", "负责的行动数", "其中对接决策层的", "已到期", "其中已完成",
                                      "负责的目标"])
    out = out.sort_values("负责的行动数", ascending=False, kind="stable").set_index("负责人")
    out.index.name, out.columns.name = None, "负责人"
    return out
