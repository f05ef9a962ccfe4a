"""Which key accounts get what (lecture 3): the 立体经营名单, the 挽回名单 and every key account's chain health.

Lost accounts are not growth. The course has one definition of churn
(:mod:`helpers.analysis.definitions`): a B2B customer is **流失** with no order in the 12
months before the review date, **沉默** with an order in those 12 months but none in the last 90
days, else **活跃**. So:

* :func:`order_status` -- 最近订单日期 and 订单状态 (活跃 / 沉默 / 流失) per customer;
* :func:`multilevel_accounts`, :func:`listing_sentence` -- the 立体经营名单: lecture 2's A 级
  top 12 ∪ the 12 key accounts **not lost** with the most headroom (采购潜力 − 近 12 月销售额);
* :func:`winback_accounts`, :func:`winback_sentence` -- the 挽回名单: key accounts that are lost,
  each with a decision by a stated rule (:data:`WINBACK_RULES`);
* :func:`account_chain_summary` -- every key account's decision chain in one table (the 体检),
  lost accounts in a state of their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .account_plan import _stamp
from .decision_chain import ROLES, _norm, decision_chain, gap_type
from .definitions import CHURN_MONTHS_B2B, SILENT_DAYS_B2B

ORDER_STATES: tuple[str, ...] = ("活跃", "沉默", "流失")


def _case(name: str, table: pd.DataFrame | None) -> pd.DataFrame:
    from ..data.cases import load_case

    return load_case(name) if table is None else table


def order_status(orders: pd.DataFrame, *, as_of: Any, customers: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each customer's last order and 订单状态 at the review date, by the course's definitions.

    流失 = no order in the 12 months before ``as_of`` (or none at all); 沉默 = an order in those
    12 months but more than 90 days ago; 活跃 = otherwise.

    Args:
        orders: the orders table (customer_id, order_date).
        as_of: the review date.
        customers: the customer table, to list customers without any order too (optional).

    Returns:
        Indexed by customer id: 最近订单日期 (NaT when none), 距最近订单（天）, 订单状态.

    >>> o = pd.DataFrame({"customer_id": ["A", "B", "C"], "order_date": ["2025-12-01", "2025-03-01", "2024-12-31"]})
    >>> order_status(o, as_of="2025-12-31")["订单状态"].to_dict()
    {'A': '活跃', 'B': '沉默', 'C': '流失'}
    """
    stamp = _stamp(as_of)
    frame = pd.DataFrame({"id": orders["customer_id"].astype(str), "day": pd.to_datetime(orders["order_date"])})
    last = frame[frame["day"] <= stamp].groupby("id")["day"].max()
    ids = list(dict.fromkeys([*(customers["customer_id"].astype(str) if customers is not None else []),
                              *last.index]))
    last = last.reindex(ids)
    days = (stamp - last).dt.days
    lost = last.isna() | (last <= stamp - pd.DateOffset(months=CHURN_MONTHS_B2B))
    state = np.where(lost, "流失", np.where(days > SILENT_DAYS_B2B, "沉默", "活跃"))
    return pd.DataFrame({"最近订单日期": last, "距最近订单（天）": days, "订单状态": state}, index=ids)


# ---------------------------------------------------------------------------------------
# The 立体经营名单
# ---------------------------------------------------------------------------------------

def multilevel_accounts(orders: pd.DataFrame | None = None, customers: pd.DataFrame | None = None,
                        contacts: pd.DataFrame | None = None, people: pd.DataFrame | None = None, *,
                        as_of: Any, top: int = 12) -> pd.DataFrame:
    """The 立体经营名单: lecture 2's A 级 top ``top`` ∪ the ``top`` key accounts, not lost, with the most headroom.

    A 级 uses lecture 2's :func:`helpers.account_metrics` and :func:`helpers.key_account_scores`
    (default criteria) over all customers, whatever their CRM label. Headroom (增长空间) =
    年采购潜力 − 近 12 个月销售额, ranked among customers labelled 重点客户 that are not 流失
    (:func:`order_status`); lost ones go to :func:`winback_accounts` instead.

    Args:
        orders, customers, contacts, people: the tables (default: the case tables).
        as_of: the review date (end of the 12-month window).
        top: how many of each kind.

    Returns:
        One row per listed customer (A 级 first by score, then by headroom), numbered from 1:
        客户编号, 客户名称, 负责销售 (with rank), 入选原因, 近12月销售额（万元）, 增长空间（万元）,
        最近订单日期, 订单状态, 客户类型（CRM 标签）, 决策链联系人数, 决策层对接 (全部达标 / 部分达标 /
        全部未达标 / 无决策层联系人 / 决策链未梳理). ``attrs``: the ranks used (``score_rank``,
        ``room_rank``, ...) and ``lost`` (key accounts left out as lost), see :func:`listing_sentence`.

    >>> from helpers.analysis.multilevel import our_people
    >>> o = pd.DataFrame({"customer_id": ["A", "B", "C", "D"], "order_date": ["2025-06-01"] * 3 + ["2023-06-01"],
    ...                   "amount": [900_000.0, 100_000.0, 50_000.0, 80_000.0], "gross_profit": [0.0] * 4})
    >>> c = pd.DataFrame({"customer_id": ["A", "B", "C", "D"], "customer_name": ["甲", "乙", "丙", "丁"],
    ...     "purchase_potential_wan": [100.0, 800.0, 20.0, 900.0], "first_order_date": ["2020-01-01"] * 4,
    ...     "account_type": ["重点客户", "重点客户", "一般客户", "重点客户"], "sales_rep_id": ["S1"] * 4})
    >>> k = pd.DataFrame({"customer_id": ["B"], "contact_name": ["蔡总"], "level": ["决策层"],
    ...                   "decision_role": ["决策者"], "influence": [5], "attitude": ["支持"], "relationship": [3]})
    >>> p = our_people(pd.DataFrame({"人员编号": ["S1"], "职级": ["销售代表"]}))
    >>> listed = multilevel_accounts(o, c, k, p, as_of="2025-12-31", top=1)
    >>> listed[["客户编号", "入选原因", "决策层对接"]].values.tolist(), listed.attrs["lost"]
    ([['A', 'A 级（综合得分第 1）', '决策链未梳理'], ['B', '增长空间第 1', '全部未达标']], ['D'])
    """
    from .accounts import account_metrics
    from .key_accounts import key_account_scores
    from .multilevel import our_people, top_level_cover

    orders, customers, contacts = _case("orders", orders), _case("customers", customers), _case("contacts", contacts)
    people = our_people() if people is None else people
    stamp = _stamp(as_of)
    metrics = account_metrics(orders, customers, as_of=stamp)
    status = order_status(orders, as_of=stamp, customers=customers)
    scores = key_account_scores(metrics, top=top)
    a_rank = {str(c): int(r) for c, r in scores.loc[scores["入选"], "排名"].items()}
    info = customers.assign(customer_id=customers["customer_id"].astype(str)).set_index("customer_id")
    labelled = info.index[info["account_type"].astype(str) == "重点客户"]
    lost = [c for c in labelled if status.loc[c, "订单状态"] == "流失"]
    room = (metrics["采购潜力_万元"] - metrics["销售额_万元"]).reindex(labelled.difference(lost, sort=False))
    room = room.sort_values(ascending=False, kind="stable")
    h_rank = {str(c): i for i, c in enumerate(room.index[:top], 1)}
    chain = decision_chain(contacts, people, as_of=stamp)
    rows = []
    for cid in dict.fromkeys([*sorted(a_rank, key=a_rank.get), *h_rank]):
        why = [f"A 级（综合得分第 {a_rank[cid]}）"] if cid in a_rank else []
        why += [f"增长空间第 {h_rank[cid]}"] if cid in h_rank else []
        rep = str(info.loc[cid, "sales_rep_id"])
        part = chain[chain["客户编号"] == cid]
        rows.append({"客户编号": cid, "客户名称": info.loc[cid, "customer_name"],
                     "负责销售": (f"{people.loc[rep, '姓名']}（{people.loc[rep, '对接职级']}）"
                              if rep in people.index else rep),
                     "入选原因": "；".join(why), "近12月销售额（万元）": float(metrics.loc[cid, "销售额_万元"]),
                     "增长空间（万元）": float(metrics.loc[cid, "采购潜力_万元"] - metrics.loc[cid, "销售额_万元"]),
                     "最近订单日期": status.loc[cid, "最近订单日期"], "订单状态": status.loc[cid, "订单状态"],
                     "客户类型（CRM 标签）": str(info.loc[cid, "account_type"]),
                     "决策链联系人数": len(part), "决策层对接": top_level_cover(part, chain.attrs["standard"])})
    out = pd.DataFrame(rows)
    out["最近订单日期"] = pd.to_datetime(out["最近订单日期"])
    out.index = pd.RangeIndex(1, len(out) + 1)
    out.attrs.update(as_of=stamp, top=top, a_rank=a_rank, headroom_rank=h_rank, n_scored=len(scores),
                     score_rank={str(c): int(r) for c, r in scores["排名"].items()}, n_key=len(room),
                     room_rank={str(c): i for i, c in enumerate(room.index, 1)}, lost=lost, n_labelled=len(labelled))
    return out


def listing_sentence(listing: pd.DataFrame, customer: Any | None = None, name: str | None = None) -> str:
    """The 立体经营名单 in words: size, accounts without a chain or silent, the lost left out, ``customer``'s place.

    Args:
        listing: output of :func:`multilevel_accounts`.
        customer: a customer id to place (optional).
        name: its name for the sentence (default: the id).

    Returns:
        A few lines.

    >>> t = pd.DataFrame({"客户编号": ["A", "B"], "客户类型（CRM 标签）": ["重点客户", "一般客户"],
    ...                   "决策层对接": ["全部达标", "决策链未梳理"], "订单状态": ["活跃", "沉默"]})
    >>> t.attrs.update(top=12, score_rank={"A": 1, "C": 30}, room_rank={"C": 2}, n_scored=700, n_key=100,
    ...                lost=["D"], n_labelled=101)
    >>> print(listing_sentence(t, "C"))
    名单共 2 家客户，其中 1 家还没有梳理决策链（1 家在 CRM 里标为一般客户）。
    名单上 1 家已沉默（超过 90 天没有订单）：投入之前先问清原因。
    增长空间只在仍在下单的 100 家重点客户中排名；1 家重点客户已流失（连续 12 个月没有订单），另列挽回名单。
    C 按第二讲的综合得分排第 30（共 700 家），不在 A 级；按增长空间在 100 家仍在下单的重点客户中排第 2。
    """
    missing = listing[listing["决策层对接"] == "决策链未梳理"]
    general = int((missing["客户类型（CRM 标签）"] == "一般客户").sum())
    silent = int((listing["订单状态"] == "沉默").sum()) if "订单状态" in listing else 0
    text = (f"名单共 {len(listing)} 家客户，其中 {len(missing)} 家还没有梳理决策链"
            + (f"（{general} 家在 CRM 里标为一般客户）" if general else "") + "。")
    if silent:
        text += f"\n名单上 {silent} 家已沉默（超过 {SILENT_DAYS_B2B} 天没有订单）：投入之前先问清原因。"
    lost, n_key = listing.attrs.get("lost", []), listing.attrs["n_key"]
    text += (f"\n增长空间只在仍在下单的 {n_key} 家重点客户中排名；{len(lost)} 家重点客户已流失"
             f"（连续 {CHURN_MONTHS_B2B} 个月没有订单），另列挽回名单。" if lost else "")
    if customer is not None:
        cid, top = str(customer), listing.attrs["top"]
        score, room = listing.attrs["score_rank"].get(cid), listing.attrs["room_rank"].get(cid)
        a_part = "在 A 级" if score is not None and score <= top else "不在 A 级"
        text += (f"\n{name or cid} 按第二讲的综合得分排第 {score}（共 {listing.attrs['n_scored']} 家），{a_part}；"
                 + (f"按增长空间在 {n_key} 家仍在下单的重点客户中排第 {room}。" if room
                    else "它不在增长空间的排名里（不是 CRM 里的重点客户，或已流失）。"))
    return text


# ---------------------------------------------------------------------------------------
# The 挽回名单
# ---------------------------------------------------------------------------------------

#: The decision for a lost key account, in order: (name, rule in words, next step).
WINBACK_RULES: tuple[tuple[str, str, str], ...] = (
    ("挽回", "年采购潜力 ≥ {p:g} 万元，且最近一次订单在 {m} 个月以内",
     "大区总监一个月内约见对方决策层，问清流失原因；三个月内争取一次报价机会"),
    ("先核实", "年采购潜力 ≥ {p:g} 万元，但已超过 {m} 个月没有订单",
     "负责销售两周内电话核实：对方是否还在采购本品类、决策链是否换了人；核实后再定挽回还是降级"),
    ("降级", "年采购潜力 < {p:g} 万元",
     "取消“重点客户”标签，转入一般客户的唤醒流程（第四讲），不占用高层的时间"),
)


def winback_accounts(orders: pd.DataFrame | None = None, customers: pd.DataFrame | None = None,
                     contacts: pd.DataFrame | None = None, people: pd.DataFrame | None = None,
                     visits: pd.DataFrame | None = None, pipeline: pd.DataFrame | None = None, *, as_of: Any,
                     potential_min: float = 100.0, recent_months: int = 24) -> pd.DataFrame:
    """The 挽回名单: key accounts that are lost (no order in 12 months), each with a decision by rule.

    Decision (:data:`WINBACK_RULES`): 挽回 when 年采购潜力 ≥ ``potential_min`` 万元 and the last
    order is at most ``recent_months`` months old; 先核实 when the potential is as large but the
    last order older; 降级 when the potential is smaller.

    Args:
        orders, customers, contacts, people, visits, pipeline: the tables (default: the case tables).
        as_of: the review date.
        potential_min: 万元 of annual potential from which a lost account is worth senior time.
        recent_months: months since the last order within which the relationship is still warm.

    Returns:
        One row per lost key account, numbered from 1 (挽回 first, then 先核实, 降级; larger
        potential first): 客户编号, 客户名称, 负责销售 (with rank), 最近订单日期, 流失前12个月销售额（万元）
        (the 12 months up to the last order), 年采购潜力（万元）, 最近拜访日期, 最近丢单原因,
        决策链联系人数, 决定. ``attrs``: ``as_of``, ``n_key``, ``rules`` (the three rules in words).

    >>> o = pd.DataFrame({"customer_id": ["A", "B", "C"], "order_date": ["2024-10-01", "2023-01-05", "2025-06-01"],
    ...                   "amount": [500_000.0, 80_000.0, 10_000.0]})
    >>> c = pd.DataFrame({"customer_id": ["A", "B", "C"], "customer_name": ["甲", "乙", "丙"],
    ...     "account_type": ["重点客户"] * 3, "purchase_potential_wan": [200.0, 300.0, 50.0],
    ...     "sales_rep_id": ["S1"] * 3})
    >>> empty = pd.DataFrame({"customer_id": [], "visit_date": [], "status": [], "date_lost": [], "lost_reason": []})
    >>> from helpers.analysis.multilevel import our_people
    >>> p = our_people(pd.DataFrame({"人员编号": ["S1"], "姓名": ["王五"], "职级": ["销售代表"]}))
    >>> w = winback_accounts(o, c, pd.DataFrame({"customer_id": []}), p, empty, empty, as_of="2025-12-31")
    >>> w[["客户编号", "决定"]].values.tolist(), float(w.loc[1, "流失前12个月销售额（万元）"])
    ([['A', '挽回'], ['B', '先核实']], 50.0)
    >>> w.loc[1, "负责销售"]
    '王五（销售代表）'
    """
    from .multilevel import our_people

    orders, customers, contacts = _case("orders", orders), _case("customers", customers), _case("contacts", contacts)
    visits, pipeline = _case("visits", visits), _case("pipeline", pipeline)
    people = our_people() if people is None else people
    stamp = _stamp(as_of)
    status = order_status(orders, as_of=stamp, customers=customers)
    info = customers.assign(customer_id=customers["customer_id"].astype(str)).set_index("customer_id")
    labelled = info.index[info["account_type"].astype(str) == "重点客户"]
    lost = [c for c in labelled if status.loc[c, "订单状态"] == "流失"]
    day = pd.to_datetime(orders["order_date"])
    cust = orders["customer_id"].astype(str)
    seen = pd.to_datetime(visits["visit_date"])
    last_visit = seen[seen <= stamp].groupby(visits["customer_id"].astype(str)).max()
    dropped = pipeline[pipeline["status"].astype(str) == "丢单"].sort_values("date_lost", kind="stable")
    reason = dropped.groupby(dropped["customer_id"].astype(str))["lost_reason"].last()
    n_contacts = contacts["customer_id"].astype(str).value_counts()
    names = {rule[0]: k for k, rule in enumerate(WINBACK_RULES)}
    rows = []
    for cid in lost:
        last = status.loc[cid, "最近订单日期"]
        mine = (cust == cid) & (day <= last) & (day > last - pd.DateOffset(months=12)) if pd.notna(last) \
            else cust != cust
        potential = float(info.loc[cid, "purchase_potential_wan"])
        recent = pd.notna(last) and last > stamp - pd.DateOffset(months=recent_months)
        decision = "降级" if potential < potential_min else ("挽回" if recent else "先核实")
        rep = str(info.loc[cid, "sales_rep_id"])
        rep = f"{people.loc[rep, '姓名']}（{people.loc[rep, '对接职级']}）" if rep in people.index else rep
        rows.append({"客户编号": cid, "客户名称": info.loc[cid, "customer_name"], "负责销售": rep,
                     "最近订单日期": last, "流失前12个月销售额（万元）": float(orders.loc[mine, "amount"].sum()) / 1e4,
                     "年采购潜力（万元）": potential, "最近拜访日期": last_visit.get(cid, pd.NaT),
                     "最近丢单原因": reason.get(cid, "—"), "决策链联系人数": int(n_contacts.get(cid, 0)),
                     "决定": decision, "_order": names[decision]})
    out = pd.DataFrame(rows, columns=["客户编号", "客户名称", "负责销售", "最近订单日期", "流失前12个月销售额（万元）",
                                      "年采购潜力（万元）", "最近拜访日期", "最近丢单原因", "决策链联系人数", "决定",
                                      "_order"])
    out = out.sort_values(["_order", "年采购潜力（万元）", "客户编号"], ascending=[True, False, True],
                          kind="stable").drop(columns="_order")
    for column in ("最近订单日期", "最近拜访日期"):
        out[column] = pd.to_datetime(out[column])
    out.index = pd.RangeIndex(1, len(out) + 1)
    rules = {n: (r.format(p=potential_min, m=recent_months), step) for n, r, step in WINBACK_RULES}
    out.attrs.update(as_of=stamp, n_key=len(labelled), rules=rules)
    return out


def winback_sentence(winback: pd.DataFrame) -> str:
    """The 挽回名单 in words: how many key accounts are lost, and each decision with its rule and next step.

    Args:
        winback: output of :func:`winback_accounts`.

    Returns:
        One line of counts, then one line per decision.

    >>> w = pd.DataFrame({"客户编号": ["A", "B"], "决定": ["挽回", "降级"]})
    >>> w.attrs.update(as_of=pd.Timestamp("2025-12-31"), n_key=10, rules={"挽回": ("潜力大", "约见"),
    ...                "先核实": ("潜力大但久", "核实"), "降级": ("潜力小", "取消标签")})
    >>> print(winback_sentence(w))
    截至 2025-12-31，10 家重点客户中 2 家已流失（连续 12 个月没有订单）：挽回 1 家、先核实 0 家、降级 1 家。
    挽回（潜力大）：约见。
    先核实（潜力大但久）：核实。
    降级（潜力小）：取消标签。
    """
    counts = winback["决定"].value_counts()
    rules = winback.attrs["rules"]
    split = "、".join(f"{n} {int(counts.get(n, 0))} 家" for n in rules)
    head = (f"截至 {winback.attrs['as_of']:%Y-%m-%d}，{winback.attrs['n_key']} 家重点客户中 {len(winback)} 家已流失"
            f"（连续 {CHURN_MONTHS_B2B} 个月没有订单）：{split}。")
    return "\n".join([head, *(f"{n}（{rule}）：{step}。" for n, (rule, step) in rules.items())])


# ---------------------------------------------------------------------------------------
# Every key account's chain in one table (体检)
# ---------------------------------------------------------------------------------------

#: 状态 of an account in the 体检, in display order.
STATES: tuple[str, ...] = ("决策链未梳理", "有高优先缺口", "有缺口", "完整", "已流失")
#: Gaps of a key person that make a 高优先缺口.
URGENT_GAPS: tuple[str, ...] = ("关键人反对", "无人对接", "久未联系")


def _urgent(gaps: Any) -> bool:
    return any(gap_type(t) in URGENT_GAPS for t in str(gaps).split("；"))


def account_chain_summary(contacts: pd.DataFrame, people: pd.DataFrame | None = None,
                          accounts: Iterable[Any] | None = None, *, customers: pd.DataFrame | None = None,
                          orders: pd.DataFrame | None = None, as_of: Any = None,
                          standard: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per account: last order, size of the chain, key persons, missing roles, coverage, gaps, state.

    状态 (state), first that applies: 已流失 (with ``orders``: no order in the 12 months before
    ``as_of``; these go to the 挽回名单); 决策链未梳理 (no contact); 有高优先缺口 (a key person
    who is 反对, has nobody covering him, or is 久未联系: more than 90 days or never); 有缺口 (any
    other gap, a missing role, or no 决策层 contact); 完整.

    Args:
        contacts: the contacts table (case or a trainee's).
        people: our people (default :func:`helpers.our_people`).
        accounts: the account ids to list (default: customers labelled 重点客户 in
            ``customers`` ∪ every customer with contacts).
        customers: the customer table (names, and the 重点客户 label), optional.
        orders: the orders table, for 最近订单日期 and 是否流失 (optional).
        as_of: the review date.
        standard: the 倒三角 standard.

    Returns:
        Columns 客户编号, 客户名称, 最近订单日期, 是否流失, 联系人数, 关键人数, 支持的关键人数, 缺失角色,
        决策层对接, 有高优先缺口的关键人, 缺口总数, 状态; ordered by 状态 as in :data:`STATES`, then
        most urgent, then most gaps; numbered from 1.

    >>> from helpers.analysis.multilevel import our_people
    >>> c = pd.DataFrame({"客户编号": ["A"], "联系人": ["蔡总"], "层级": ["决策层"], "决策角色": ["决策者"],
    ...                   "影响力": [5], "态度": ["支持"], "关系强度": [4], "对接人": ["L1"]})
    >>> p = our_people(pd.DataFrame({"人员编号": ["L1"], "职级": ["总监"]}))
    >>> account_chain_summary(c, p, ["A", "B"], as_of="2025-12-31")[["客户编号", "状态"]].values.tolist()
    [['B', '决策链未梳理'], ['A', '有高优先缺口']]
    """
    chain = decision_chain(contacts, people, as_of=as_of, standard=standard)
    from .multilevel import top_level_cover

    std = chain.attrs["standard"]
    names: Mapping[str, str] = {}
    labelled: list[str] = []
    if customers is not None:
        names = dict(zip(customers["customer_id"].astype(str), customers["customer_name"].astype(str)))
        if "account_type" in customers.columns:
            key = customers["account_type"].astype(str) == "重点客户"
            labelled = customers.loc[key, "customer_id"].astype(str).tolist()
    ids = [_norm(a) for a in accounts] if accounts is not None else labelled + chain["客户编号"].tolist()
    status = order_status(orders, as_of=chain.attrs["as_of"]) if orders is not None else None
    rows = []
    for cid in dict.fromkeys(ids):
        part = chain[chain["客户编号"] == cid]
        key = part[part["是否关键人"]]
        missing = [r for r in ROLES if not (part["决策角色"] == r).any()] if len(part) else []
        urgent = int(sum(_urgent(g) for g in key["缺口"]))
        gaps = int(part["缺口数"].sum())
        cover = top_level_cover(part, std)
        last = status["最近订单日期"].get(cid, pd.NaT) if status is not None else pd.NaT
        lost = (status["订单状态"].get(cid, "流失") == "流失") if status is not None else None
        if lost:
            state = "已流失"
        elif part.empty:
            state = "决策链未梳理"
        elif urgent:
            state = "有高优先缺口"
        elif gaps or missing or cover == "无决策层联系人":
            state = "有缺口"
        else:
            state = "完整"
        rows.append({"客户编号": cid, "客户名称": names.get(cid, "—"), "最近订单日期": last, "是否流失": lost,
                     "联系人数": len(part), "关键人数": len(key), "支持的关键人数": int((key["态度"] == "支持").sum()),
                     "缺失角色": "、".join(missing) or "—", "决策层对接": cover, "有高优先缺口的关键人": urgent,
                     "缺口总数": gaps, "状态": state})
    columns = ["客户编号", "客户名称", "最近订单日期", "是否流失", "联系人数", "关键人数", "支持的关键人数", "缺失角色",
               "决策层对接", "有高优先缺口的关键人", "缺口总数", "状态"]
    out = pd.DataFrame(rows, columns=columns)
    out["最近订单日期"] = pd.to_datetime(out["最近订单日期"])
    out = out.assign(_state=out["状态"].map(STATES.index)).sort_values(
        ["_state", "有高优先缺口的关键人", "缺口总数", "客户编号"], ascending=[True, False, False, True],
        kind="stable").drop(columns="_state")
    out.index = pd.RangeIndex(1, len(out) + 1)
    everyone_key = bool(labelled) and set(out["客户编号"]) <= set(labelled)
    out.attrs.update(as_of=chain.attrs["as_of"], population="重点客户" if everyone_key else "客户",
                     with_orders=status is not None)
    return out
