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

An action without an owner also needs correcting. The module also holds the 立体经营名单
(:func:`multilevel_accounts`); the featured account's helpers are in :mod:`helpers.analysis.featured`.
"""

from __future__ import annotations

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
    "延期完成": f"已完成，但比计划晚 {TOLERANCE_DAYS} 天以上",
    "逾期未完成": f"没完成，计划日期已过去 {TOLERANCE_DAYS} 天以上",
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
                                   "计划日期", "实际日期", "偏差_天", "执行状态", "需纠偏", "纠偏建议", "是否复盘点")

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
            目标编号, 目标, 目标层次, 对象 (a contact id), 复盘点 (1 / 0). Case table ``account_plan``
            or a trainee's export.
        as_of: the review date (复盘日).
        tolerance_days: days late that still count as on time (inclusive).
        people: our people (:func:`helpers.our_people`), to show names and ranks of owners.
        contacts: the contacts table, to show the target's title and level.

    Returns:
        One row per action (columns :data:`STATUS_COLUMNS`): 偏差_天 is actual − planned for a
        done action, review date − planned for an open one that is due, else NaN.

    Raises:
        DataError: naming the row -- 已完成 without an actual date, an actual date on an
            action 未开始 / 进行中, an actual date after ``as_of``, an unreadable date, a
            repeated 行动编号, or an unknown 状态.

    >>> plan = pd.DataFrame({"行动编号": ["A", "C"], "行动": ["拜访", "参观"], "负责人": ["S1", "S1"],
    ...     "计划日期": ["2025-12-01", "2025-11-15"], "实际日期": ["2025-12-05", None], "状态": ["已完成", "进行中"]})
    >>> plan_status(plan, as_of="2025-12-31")[["执行状态", "偏差_天", "需纠偏"]].values.tolist()
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
    if contacts is not None:
        for _, c in contacts.iterrows():
            titles[str(c["contact_id"])] = str(c.get("title") or c.get("contact_name"))
            levels[str(c["contact_id"])] = str(c["level"])
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
            "计划日期": plan_day, "实际日期": act_day, "偏差_天": dev, "执行状态": state,
            "需纠偏": state in ("逾期未完成", "缺计划日期") or owners[pos] is None, "纠偏建议": advice,
            "是否复盘点": reviews[pos]})
    out = pd.DataFrame(rows, columns=list(STATUS_COLUMNS))
    out["计划日期"] = pd.to_datetime(out["计划日期"])
    out["实际日期"] = pd.to_datetime(out["实际日期"])
    out.index = pd.RangeIndex(1, n + 1)
    out.attrs.update(as_of=stamp, tolerance_days=tolerance_days)
    return out


def plan_table(status: pd.DataFrame) -> pd.DataFrame:
    """The plan-vs-actual table as a trainee reads it (the long goal text left out).

    Args:
        status: output of :func:`plan_status`.

    Returns:
        The same rows without the columns 目标, 对象层级 and 是否复盘点.

    >>> plan_table(pd.DataFrame({c: [] for c in STATUS_COLUMNS})).columns[:3].tolist()
    ['行动编号', '目标编号', '行动']
    """
    return status.drop(columns=["目标", "对象层级", "是否复盘点"])


def plan_summary(status: pd.DataFrame) -> pd.DataFrame:
    """Counts per 执行状态 and the two completion rates, with their denominators.

    已到期 = planned on or before the review date, not cancelled. 已到期完成率 = done ÷ 已到期;
    按期完成率 = 按期完成 ÷ 已到期.

    Args:
        status: output of :func:`plan_status`.

    Returns:
        Index 项目: one row per 执行状态 (all seven, zeros kept) with 行动数 and 占比 (of all
        actions), then 已到期完成率 and 按期完成率 with 行动数 (numerator), 占比 (the rate, NaN
        when nothing is due) and 说明 ("8 / 11 ...").

    >>> s = pd.DataFrame({"执行状态": ["按期完成", "逾期未完成", "未到期"]})
    >>> row = plan_summary(s).loc["已到期完成率"]
    >>> int(row["行动数"]), float(row["占比"]), row["说明"]
    (1, 0.5, '1 / 2（已完成 ÷ 已到期，不含已取消）')
    """
    counts = status["执行状态"].value_counts()
    total = len(status)
    rows = [{"项目": s, "行动数": int(counts.get(s, 0)), "占比": counts.get(s, 0) / total if total else np.nan,
             "说明": STATE_RULES[s]} for s in STATES]
    done = int(counts.get("按期完成", 0) + counts.get("延期完成", 0))
    on_time = int(counts.get("按期完成", 0))
    due = done + int(counts.get("逾期未完成", 0) + counts.get("进行中（未超期）", 0))
    rows.append({"项目": "已到期完成率", "行动数": done, "占比": done / due if due else np.nan,
                 "说明": f"{done} / {due}（已完成 ÷ 已到期，不含已取消）"})
    rows.append({"项目": "按期完成率", "行动数": on_time, "占比": on_time / due if due else np.nan,
                 "说明": f"{on_time} / {due}（按期完成 ÷ 已到期，不含已取消）"})
    out = pd.DataFrame(rows).set_index("项目")
    out.attrs["percent"] = ["占比"]
    return out


def plan_sentence(status: pd.DataFrame) -> str:
    """The headline of a review: completion of what was due, and every overdue action with its days.

    Args:
        status: output of :func:`plan_status` (its ``attrs["as_of"]`` dates the sentence).

    Returns:
        One or two sentences.

    >>> s = pd.DataFrame({"行动编号": ["P1", "P2"], "行动": ["拜访", "参观"], "负责人": ["王", "李"],
    ...     "执行状态": ["按期完成", "逾期未完成"], "偏差_天": [0.0, 30.0]})
    >>> s.attrs["as_of"] = pd.Timestamp("2025-12-31")
    >>> print(plan_sentence(s))
    截至 2025-12-31，已到期的 2 项行动完成了 1 项（50.0%），其中按期完成 1 项（50.0%）。
    逾期未完成 1 项：P2 参观（逾期 30 天，负责人 李）。
    """
    summary = plan_summary(status)
    due = summary.loc["已到期完成率", "说明"].split("（")[0].split(" / ")[1]
    day = status.attrs.get("as_of")
    head = f"截至 {day:%Y-%m-%d}，" if day is not None else ""
    done, rate = int(summary.loc["已到期完成率", "行动数"]), summary.loc["已到期完成率", "占比"]
    on_time, on_rate = int(summary.loc["按期完成率", "行动数"]), summary.loc["按期完成率", "占比"]
    text = (f"{head}已到期的 {due} 项行动完成了 {done} 项（{rate:.1%}），其中按期完成 {on_time} 项（{on_rate:.1%}）。"
            if int(due) else f"{head}还没有到期的行动。")
    late = status[status["执行状态"] == "逾期未完成"].sort_values("偏差_天", ascending=False)
    if len(late):
        items = "；".join(f"{r['行动编号']} {r['行动']}（逾期 {r['偏差_天']:.0f} 天，负责人 {r['负责人']}）"
                         for _, r in late.iterrows())
        text += f"\n逾期未完成 {len(late)} 项：{items}。"
    return text


def plan_goals(plan: pd.DataFrame) -> pd.DataFrame:
    """The distinct goals of a plan: 目标编号, 层次, 目标 (review rows without a goal left out).

    Args:
        plan: the plan table (columns goal_id, goal_level, goal or their Chinese names).

    Returns:
        One row per goal, sorted by 目标编号.

    >>> plan = pd.DataFrame({"goal_id": ["G1", "G1", None], "goal_level": ["战役", "战役", None],
    ...                      "goal": ["签下项目", "签下项目", None]})
    >>> plan_goals(plan).values.tolist()
    [['G1', '战役', '签下项目']]
    """
    frame = _read(plan, {k: _PLAN_SPEC[k] for k in ("goal_id", "goal", "goal_level")})
    out = pd.DataFrame({"目标编号": _column(frame, "goal_id"), "层次": _column(frame, "goal_level"),
                        "目标": _column(frame, "goal")})
    out = out[[not _blank(g) for g in out["目标"]]].drop_duplicates("目标")
    out["目标编号"] = [g if not _blank(g) else f"G{i}" for i, g in enumerate(out["目标编号"], 1)]
    out["层次"] = ["—" if _blank(x) else x for x in out["层次"]]
    return out.sort_values("目标编号", kind="stable").reset_index(drop=True)


def plan_owners(status: pd.DataFrame) -> pd.DataFrame:
    """Who owns what in a plan: actions per owner, how many reach the 决策层, which goals.

    Args:
        status: output of :func:`plan_status` (with ``contacts`` for the 决策层 count).

    Returns:
        One row per owner (most actions first): 负责人, 职级, 负责的行动数, 其中对接决策层的行动数, 负责的目标.

    >>> s = pd.DataFrame({"负责人": ["王", "王"], "负责人职级": ["总监", "总监"], "对象层级": ["决策层", "管理层"],
    ...                   "目标编号": ["G1", "—"]})
    >>> plan_owners(s).values.tolist()
    [['王', '总监', 2, 1, 'G1']]
    """
    rows = []
    for owner, part in status.groupby("负责人", sort=False):
        goals = [g for g in dict.fromkeys(part["目标编号"]) if g != "—"]
        rows.append({"负责人": owner, "职级": part["负责人职级"].iloc[0], "负责的行动数": len(part),
                     "其中对接决策层的行动数": int((part["对象层级"] == "决策层").sum()),
                     "负责的目标": "、".join(sorted(goals)) or "—"})
    out = pd.DataFrame(rows, columns=["负责人", "职级", "负责的行动数", "其中对接决策层的行动数", "负责的目标"])
    return out.sort_values("负责的行动数", ascending=False, kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------
# The featured account and the 立体经营名单
# ---------------------------------------------------------------------------------------

def multilevel_accounts(orders: pd.DataFrame | None = None, customers: pd.DataFrame | None = None,
                        contacts: pd.DataFrame | None = None, people: pd.DataFrame | None = None, *,
                        as_of: Any, top: int = 12) -> pd.DataFrame:
    """The 立体经营名单: lecture 2's A 级 top ``top`` ∪ the ``top`` key accounts with the most headroom.

    A 级 uses lecture 2's :func:`helpers.account_metrics` and :func:`helpers.key_account_scores`
    (default criteria) over all customers, whatever their CRM label. Headroom (增长空间) =
    年采购潜力 − 近 12 个月销售额, among customers labelled 重点客户.

    Args:
        orders, customers, contacts, people: the tables (default: the case tables).
        as_of: the review date (end of the 12-month window).
        top: how many of each kind.

    Returns:
        One row per listed customer (A 级 first by score, then by headroom): 客户编号, 客户名称,
        负责销售, 负责销售职级, 入选原因, 近12月销售额_万元, 采购潜力_万元, 增长空间_万元,
        客户类型（CRM 标签）, 决策链联系人数, 决策层对接 (全部达标 / 部分达标 / 全部未达标 / 无决策层联系人 /
        决策链未梳理). ``attrs``: the ranks used (``score_rank``, ``room_rank``, ...), see :func:`listing_sentence`.

    >>> from helpers.analysis.multilevel import our_people
    >>> o = pd.DataFrame({"customer_id": ["A", "B", "C"], "order_date": ["2025-06-01"] * 3,
    ...                   "amount": [900_000.0, 100_000.0, 50_000.0], "gross_profit": [0.0] * 3})
    >>> c = pd.DataFrame({"customer_id": ["A", "B", "C"], "customer_name": ["甲", "乙", "丙"],
    ...                   "purchase_potential_wan": [100.0, 800.0, 20.0], "first_order_date": ["2020-01-01"] * 3,
    ...                   "account_type": ["重点客户", "重点客户", "一般客户"], "sales_rep_id": ["S1"] * 3})
    >>> k = pd.DataFrame({"customer_id": ["B"], "contact_name": ["蔡总"], "level": ["决策层"],
    ...                   "decision_role": ["决策者"], "influence": [5], "attitude": ["支持"], "relationship": [3]})
    >>> p = our_people(pd.DataFrame({"人员编号": ["S1"], "职级": ["销售代表"]}))
    >>> listed = multilevel_accounts(o, c, k, p, as_of="2025-12-31", top=1)
    >>> listed[["客户编号", "入选原因", "决策层对接"]].values.tolist()
    [['A', 'A 级（综合得分第 1）', '决策链未梳理'], ['B', '增长空间第 1', '全部未达标']]
    """
    from .accounts import account_metrics
    from .decision_chain import decision_chain
    from .featured import _case
    from .key_accounts import key_account_scores
    from .multilevel import our_people, top_level_cover

    orders, customers, contacts = _case("orders", orders), _case("customers", customers), _case("contacts", contacts)
    people = our_people() if people is None else people
    stamp = _stamp(as_of)
    metrics = account_metrics(orders, customers, as_of=stamp)
    scores = key_account_scores(metrics, top=top)
    a_rank = {str(c): int(r) for c, r in scores.loc[scores["入选"], "排名"].items()}
    info = customers.assign(customer_id=customers["customer_id"].astype(str)).set_index("customer_id")
    labelled = info.index[info["account_type"].astype(str) == "重点客户"]
    room = (metrics["采购潜力_万元"] - metrics["销售额_万元"]).reindex(labelled).sort_values(ascending=False,
                                                                                      kind="stable")
    h_rank = {str(c): i for i, c in enumerate(room.index[:top], 1)}
    chain = decision_chain(contacts, people, as_of=stamp)
    rows = []
    for cid in dict.fromkeys([*sorted(a_rank, key=a_rank.get), *h_rank]):
        why = [f"A 级（综合得分第 {a_rank[cid]}）"] if cid in a_rank else []
        why += [f"增长空间第 {h_rank[cid]}"] if cid in h_rank else []
        rep = str(info.loc[cid, "sales_rep_id"])
        part = chain[chain["客户编号"] == cid]
        rows.append({"客户编号": cid, "客户名称": info.loc[cid, "customer_name"],
                     "负责销售": people.loc[rep, "姓名"] if rep in people.index else rep,
                     "负责销售职级": str(people.loc[rep, "对接职级"]) if rep in people.index else "—",
                     "入选原因": "；".join(why), "近12月销售额_万元": float(metrics.loc[cid, "销售额_万元"]),
                     "采购潜力_万元": float(metrics.loc[cid, "采购潜力_万元"]),
                     "增长空间_万元": float(metrics.loc[cid, "采购潜力_万元"] - metrics.loc[cid, "销售额_万元"]),
                     "客户类型（CRM 标签）": str(info.loc[cid, "account_type"]),
                     "决策链联系人数": len(part), "决策层对接": top_level_cover(part, chain.attrs["standard"])})
    out = pd.DataFrame(rows)
    out.index = pd.RangeIndex(1, len(out) + 1)
    full_room = {str(c): i for i, c in enumerate(room.index, 1)}
    out.attrs.update(as_of=stamp, top=top, a_rank=a_rank, headroom_rank=h_rank, n_scored=len(scores),
                     score_rank={str(c): int(r) for c, r in scores["排名"].items()}, n_key=len(room),
                     room_rank=full_room)
    return out


def listing_sentence(listing: pd.DataFrame, customer: Any | None = None, name: str | None = None) -> str:
    """The 立体经营名单 in words: its size, the accounts without a decision chain, and where ``customer`` stands.

    Args:
        listing: output of :func:`multilevel_accounts`.
        customer: a customer id to place (optional).
        name: its name for the sentence (default: the id).

    Returns:
        One or two sentences.

    >>> t = pd.DataFrame({"客户编号": ["A", "B"], "客户类型（CRM 标签）": ["重点客户", "一般客户"],
    ...                   "决策层对接": ["全部达标", "决策链未梳理"]})
    >>> t.attrs.update(top=12, score_rank={"A": 1, "C": 30}, room_rank={"C": 2}, n_scored=700, n_key=116)
    >>> print(listing_sentence(t, "C"))
    名单共 2 家客户；其中 1 家还没有梳理决策链（1 家在 CRM 里标为一般客户）。
    C 按第二讲的综合得分排第 30（共 700 家），不在 A 级；按增长空间在 116 家重点客户中排第 2。
    """
    missing = listing[listing["决策层对接"] == "决策链未梳理"]
    general = int((missing["客户类型（CRM 标签）"] == "一般客户").sum())
    text = (f"名单共 {len(listing)} 家客户；其中 {len(missing)} 家还没有梳理决策链"
            + (f"（{general} 家在 CRM 里标为一般客户）" if general else "") + "。")
    if customer is not None:
        cid, top = str(customer), listing.attrs["top"]
        score, room = listing.attrs["score_rank"].get(cid), listing.attrs["room_rank"].get(cid)
        a_part = "在 A 级" if score is not None and score <= top else "不在 A 级"
        text += (f"\n{name or cid} 按第二讲的综合得分排第 {score}（共 {listing.attrs['n_scored']} 家），{a_part}；"
                 + (f"按增长空间在 {listing.attrs['n_key']} 家重点客户中排第 {room}。" if room
                    else "它不是 CRM 里的重点客户。"))
    return text
