"""General customers (lecture 4): their weight, "一带一路" candidates, 黑马, lead sources.

* :func:`general_overview` -- 重点客户 vs 一般客户: counts, active, sales share, breadth, wallet share;
* :func:`related_candidates` -- "一带一路": open leads related to an active customer (same group,
  upstream / downstream, same park, referral), with who could introduce us;
* :func:`dark_horses` -- small general customers growing fast with room to grow, five stated rules;
* :func:`lead_kpis` -- per lead source: 线索质量, 转化率 and cash 获客成本 (the seeds' campaign KPIs).

Terms as fixed for the course: **一般客户** = the CRM label; **active** = an order in the last 12
months (:mod:`helpers.analysis.definitions`); amounts in 万元.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..data.columns import require_columns
from ..errors import DataError
from .definitions import ACTIVE_MONTHS_B2B
from .pipeline import _as_date, _numbered, _rep_label, _rep_names, prepare_pipeline

_OPT = {"required": False, "allow_null": True}
LINES_TOTAL = 6  # product lines of the case company


def prepare_orders(orders: pd.DataFrame) -> pd.DataFrame:
    """Orders with canonical columns: customer_id, date, amount and, if present, product_line, order_id.

    Args:
        orders: one row per order (line); Chinese column names accepted (客户编号, 订单日期, 金额, 产品线).

    Returns:
        The orders with canonical names (``date`` for the order date).

    >>> o = prepare_orders(pd.DataFrame({"客户编号": ["C1"], "订单日期": ["2025-01-05"], "金额": ["1,000"]}))
    >>> o[["customer_id", "amount"]].values.tolist()
    [['C1', 1000.0]]
    """
    if orders.attrs.get("orders_prepared"):
        return orders
    out = require_columns(orders, {"customer_id": "id", "date": "date", "amount": "number",
                                   "product": {"type": "text", **_OPT}, "order_id": {"type": "id", **_OPT}})
    out = out.rename(columns={"product": "product_line"})
    out.attrs["orders_prepared"] = True
    return out


def prepare_customers(customers: pd.DataFrame) -> pd.DataFrame:
    """Customers with canonical columns, indexed by customer id.

    Args:
        customers: one row per customer: 客户编号 and, where known, 客户名称, 客户类型, 行业, 区域, 城市,
            年采购潜力 (万元), 首次合作日期, 负责销售, 渗透计划开始日期.

    Returns:
        The table indexed by ``customer_id`` with canonical names (``account_type``,
        ``purchase_potential_wan``, ``first_order_date``, ``sales_rep_id``, ``penetration_start`` …).

    >>> c = prepare_customers(pd.DataFrame({"客户编号": ["C1"], "客户类型": ["一般客户"], "年采购潜力": [80]}))
    >>> c.loc["C1", "account_type"], float(c.loc["C1", "purchase_potential_wan"])
    ('一般客户', 80.0)
    """
    if customers.attrs.get("customers_prepared"):
        return customers
    out = require_columns(customers, {
        "customer_id": {"type": "id", "unique": True}, "customer_name": {"type": "text", **_OPT},
        "account_type": {"type": "text", **_OPT}, "industry": {"type": "text", **_OPT},
        "region": {"type": "text", **_OPT}, "city": {"type": "text", **_OPT},
        "purchase_potential_wan": {"type": "number", **_OPT, "min": 0},
        "first_order_date": {"type": "date", **_OPT}, "penetration_start": {"type": "date", **_OPT},
        "salesperson": {"type": "id", **_OPT, "aliases": ("负责销售", "sales_rep_id")}})
    out = out.rename(columns={"salesperson": "sales_rep_id"}).set_index("customer_id", drop=False)
    out.attrs["customers_prepared"] = True
    return out


def window(end: Any, months: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The window ``(end - months, end]`` as (exclusive start, inclusive end).

    Args:
        end: the last day of the window.
        months: its length in months.

    Returns:
        (start, end) timestamps; a date ``d`` is inside when ``start < d <= end``.

    >>> [str(d.date()) for d in window("2025-12-31", 12)]
    ['2024-12-31', '2025-12-31']
    """
    stop = _as_date(end)
    return stop - pd.DateOffset(months=months), stop


def _in(dates: pd.Series, span: tuple[pd.Timestamp, pd.Timestamp]) -> pd.Series:
    return (dates > span[0]) & (dates <= span[1])


def _sales_wan(o: pd.DataFrame, span: tuple[pd.Timestamp, pd.Timestamp]) -> pd.Series:
    return o[_in(o["date"], span)].groupby("customer_id")["amount"].sum() / 1e4


def general_overview(orders: pd.DataFrame, customers: pd.DataFrame, *, as_of: Any,
                     pipeline: pd.DataFrame | None = None, months: int = ACTIVE_MONTHS_B2B) -> pd.DataFrame:
    """重点客户 vs 一般客户 at a glance: how many, how active, how much of sales, how broad.

    Args:
        orders: the orders.
        customers: the customers, with 客户类型 (account_type) and 年采购潜力.
        as_of: the review date; the window is the ``months`` before it.
        pipeline: the pipeline (optional): adds deals created in the window and the win rate.
        months: the window (default 12: the course's "active").

    Returns:
        Rows 重点客户, 一般客户, 合计; columns 客户数, 活跃客户数, 近12个月销售额（万元）, 销售额占比,
        活跃客户户均销售额（万元）, 产品线宽度中位数, 钱包份额中位数 (active customers), and with a
        pipeline 近12个月新建商机数 and, over every closed deal in the pipeline with its creation
        years in the header, 已关闭商机数（2024–2025 年创建）, 赢率（2024–2025 年创建）.

    >>> o = pd.DataFrame({"customer_id": ["A", "B"], "order_date": ["2025-06-01", "2025-07-01"],
    ...                   "amount": [3e5, 1e5], "product_line": ["变频器", "PLC控制器"]})
    >>> c = pd.DataFrame({"customer_id": ["A", "B", "C"], "account_type": ["重点客户", "一般客户", "一般客户"],
    ...                   "purchase_potential_wan": [60, 40, 10]})
    >>> general_overview(o, c, as_of="2025-12-31")["活跃客户数"].tolist()
    [1, 1, 2]
    """
    o, c = prepare_orders(orders), prepare_customers(customers)
    span = window(as_of, months)
    now = o[_in(o["date"], span)]
    sales = (now.groupby("customer_id")["amount"].sum() / 1e4).reindex(c.index, fill_value=0.0)
    active = sales.index.isin(now["customer_id"].unique())
    breadth = (now.groupby("customer_id")["product_line"].nunique() if "product_line" in now
               else pd.Series(dtype=float)).reindex(c.index)
    potential = c["purchase_potential_wan"] if "purchase_potential_wan" in c else pd.Series(np.nan, index=c.index)
    share = sales / potential.where(potential > 0)
    kind = c["account_type"].fillna("未标注") if "account_type" in c else pd.Series("全部", index=c.index)
    groups = [(k, kind == k) for k in ("重点客户", "一般客户") if (kind == k).any()]
    groups += [(k, kind == k) for k in kind.unique() if k not in ("重点客户", "一般客户")]
    groups.append(("合计", pd.Series(True, index=c.index)))
    total = sales.sum()
    rows = {}
    for name, mask in groups:
        act = mask & active
        rows[name] = {"客户数": int(mask.sum()), "活跃客户数": int(act.sum()),
                      f"近{months}个月销售额（万元）": sales[mask].sum(),
                      "销售额占比": sales[mask].sum() / total if total else np.nan,
                      "活跃客户户均销售额（万元）": sales[act].mean() if act.any() else np.nan,
                      "产品线宽度中位数": breadth[act].median(), "钱包份额中位数": share[act].median()}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "客户类型"
    if pipeline is not None:
        p = prepare_pipeline(pipeline)
        cust = p["customer_id"].map(kind) if "customer_id" in p else pd.Series("合计", index=p.index)
        created = p[p.attrs["date_cols"][0]]
        new = _in(created, span)
        closed = p["status"].isin(["赢单", "丢单"])
        years = sorted({int(created[closed].min().year), int(created[closed].max().year)}) if closed.any() else []
        period = "–".join(map(str, years)) + " 年创建" if years else "已关闭"
        n_col, rate_col = f"已关闭商机数（{period}）", f"赢率（{period}）"
        for name, _ in groups:
            pick = cust.eq(name) if name != "合计" else pd.Series(True, index=p.index)
            table.loc[name, f"近{months}个月新建商机数"] = int((pick & new).sum())
            table.loc[name, n_col] = int((pick & closed).sum())
            done = pick & closed
            table.loc[name, rate_col] = p.loc[done, "status"].eq("赢单").mean() if done.any() else np.nan
        table.attrs["win_period"] = period
    table.attrs.update({"percent": ["销售额占比", "钱包份额中位数", *[c for c in table if c.startswith("赢率")]],
                        "as_of": span[1], "over_100": int((share > 1).sum())})
    if "一般客户" in table.index:
        g, t = table.loc["一般客户"], table.loc["合计"]
        key = table.loc["重点客户"] if "重点客户" in table.index else None
        sentence = (f"截至 {span[1]:%Y-%m-%d}，{int(t['客户数'])} 家客户中一般客户 {int(g['客户数'])} 家"
                    f"（{g['客户数'] / t['客户数']:.1%}），其中近 {months} 个月有订单的 {int(g['活跃客户数'])} 家；"
                    f"一般客户贡献了近 {months} 个月销售额的 {g['销售额占比']:.1%}"
                    f"（{g[f'近{months}个月销售额（万元）']:,.0f} 万元）")
        if key is not None and not np.isnan(g["产品线宽度中位数"]):
            sentence += (f"；活跃一般客户买过的产品线中位数 {g['产品线宽度中位数']:.0f} 条，"
                         f"活跃重点客户 {key['产品线宽度中位数']:.0f} 条")
        if key is not None and "win_period" in table.attrs:
            period = table.attrs["win_period"]
            n_col, rate_col = f"已关闭商机数（{period}）", f"赢率（{period}）"
            sentence += (f"；{period}、已有结果的商机赢率：一般客户 {g[rate_col]:.1%}（n = {int(g[n_col])}），"
                         f"重点客户 {key[rate_col]:.1%}（n = {int(key[n_col])}）")
        table.attrs["headline"] = sentence + "。"
        table.attrs["title"] = (f"一般客户占客户数的 {g['客户数'] / t['客户数']:.0%}、"
                                f"近 {months} 个月销售额的 {g['销售额占比']:.0%}")
    return table


LEAD_SPEC: dict[str, Any] = {
    "lead_id": {"type": "id", "unique": True}, "company_name": {"type": "text", "aliases": ("公司名称", "企业名称")},
    "industry": {"type": "text", **_OPT}, "region": {"type": "text", **_OPT}, "city": {"type": "text", **_OPT},
    "source": "text", "related_customer_id": {"type": "id", **_OPT}, "relation": {"type": "text", **_OPT},
    "est_potential_wan": {"type": "number", **_OPT, "min": 0}, "created_date": {"type": "date", **_OPT},
    "salesperson": {"type": "id", **_OPT, "aliases": ("负责销售", "owner_rep_id")}, "status": {
        "type": "text", "aliases": ("状态",)}, "converted_customer_id": {"type": "id", **_OPT}}
#: Lead statuses still open for a first approach.
OPEN_LEAD = ("新线索", "跟进中")
#: Lead statuses that count as 有效 (a real need confirmed).
VALID_LEAD = ("已立项", "已成交")


def _leads(leads: pd.DataFrame) -> pd.DataFrame:
    return require_columns(leads, LEAD_SPEC).rename(columns={"salesperson": "owner_rep_id"})


def _referee(contacts: pd.DataFrame | None, min_influence: int = 3) -> pd.Series:
    """Customer id -> '职务（影响力 n）' of its most influential supportive contact."""
    if contacts is None or contacts.empty:
        return pd.Series(dtype=object)
    need = {"customer_id", "attitude", "influence", "title"}
    if not need <= set(contacts.columns):
        return pd.Series(dtype=object)
    ok = contacts[(contacts["attitude"].astype(str) == "支持") & (contacts["influence"].astype(float) >= min_influence)]
    best = ok.sort_values("influence", ascending=False).drop_duplicates("customer_id")
    return pd.Series([f"{t}（影响力 {int(i)}）" for t, i in zip(best["title"], best["influence"])],
                     index=best["customer_id"].astype(str))


def related_candidates(leads: pd.DataFrame, orders: pd.DataFrame, customers: pd.DataFrame, *, as_of: Any,
                       contacts: pd.DataFrame | None = None, reps: pd.DataFrame | None = None,
                       min_potential: float = 30, months: int = ACTIVE_MONTHS_B2B, stale_days: int = 180,
                       top: int | None = None) -> pd.DataFrame:
    """"一带一路": open leads related to an active customer, biggest potential first.

    Rule: the lead is related to an existing customer (same group, upstream / downstream,
    same park, referral); it is still open (新线索 or 跟进中); its anchor customer ordered in the
    last ``months`` months; its estimated potential is at least ``min_potential`` 万元. A lead
    open for more than ``stale_days`` days is marked 重新确认或关闭: re-qualify it this month
    (is the need still real? who decides?) or close it, so that the list stays honest.

    Args:
        leads: the leads (线索编号, 公司名称, 线索来源, 关联客户, 关联方式, 估算潜力, 线索状态, 创建日期 …).
        orders: the orders (to know which anchors are active).
        customers: the customers (names and account types of the anchors).
        as_of: the review date.
        contacts: the key accounts' contacts: adds 可请引荐的人 (the supportive contact with the
            highest influence ≥ 3).
        reps: the sales team (销售编号, 姓名), to show owners by name.
        min_potential: least estimated potential, 万元.
        months: the activity window of the anchor.
        stale_days: a lead open longer than this is to be re-qualified or closed.
        top: keep only the ``top`` largest candidates (the headline still counts all).

    Returns:
        One row per candidate, numbered from 1: 候选公司, 城市, 行业, 关联方式, 关联客户, 关联客户类型,
        关联客户近12个月销售额（万元）, 可请引荐的人, 估算潜力（万元）, 负责销售, 线索状态, 创建日期,
        创建至今（天）, 下一步. ``attrs["excluded"]``: related leads left out, by reason.

    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2"], "company_name": ["甲", "乙"], "source": ["同一集团"] * 2,
    ...                       "related_customer_id": ["K", "K"], "relation": ["同一集团"] * 2,
    ...                       "est_potential_wan": [50, 10], "status": ["新线索", "新线索"]})
    >>> o = pd.DataFrame({"customer_id": ["K"], "order_date": ["2025-06-01"], "amount": [1e5]})
    >>> c = pd.DataFrame({"customer_id": ["K"], "customer_name": ["老客户"], "account_type": ["重点客户"]})
    >>> related_candidates(leads, o, c, as_of="2025-12-31")["候选公司"].tolist()
    ['甲']
    """
    lead, o, c = _leads(leads), prepare_orders(orders), prepare_customers(customers)
    span = window(as_of, months)
    sales = _sales_wan(o, span)
    related = lead[lead["related_customer_id"].notna()] if "related_customer_id" in lead else lead.iloc[:0]
    status = related["status"].astype(str)
    anchor = related["related_customer_id"].astype(str)
    potential = related["est_potential_wan"].astype(float) if "est_potential_wan" in related else np.nan
    reasons = pd.Series("", index=related.index)
    reasons[~status.isin(OPEN_LEAD)] = "已立项/已成交/无效"
    reasons[(reasons == "") & ~anchor.isin(sales.index)] = "关联客户已不活跃"
    reasons[(reasons == "") & ~(potential >= min_potential)] = "潜力不足"
    keep = related[reasons == ""]
    ref = _referee(contacts)
    has_contacts = (set(contacts["customer_id"].astype(str)) if contacts is not None and "customer_id" in contacts
                    else set())
    a = keep["related_customer_id"].astype(str)
    age = ((span[1] - keep["created_date"]).dt.days.astype(float) if "created_date" in keep
           else pd.Series(np.nan, index=keep.index))
    out = pd.DataFrame({
        "候选公司": keep["company_name"], "城市": keep.get("city"), "行业": keep.get("industry"),
        "关联方式": keep.get("relation"),
        "关联客户": a.map(c["customer_name"]) if "customer_name" in c else a,
        "关联客户类型": a.map(c["account_type"]) if "account_type" in c else np.nan,
        f"关联客户近{months}个月销售额（万元）": a.map(sales),
        "可请引荐的人": [ref.get(x, "—（无支持者）" if x in has_contacts else "—（无联系人记录）") for x in a],
        "估算潜力（万元）": keep.get("est_potential_wan"),
        "负责销售": _rep_label(keep["owner_rep_id"], _rep_names(reps)) if "owner_rep_id" in keep else np.nan,
        "线索状态": keep["status"], "创建日期": keep.get("created_date"), "创建至今（天）": age})
    has_ref = ~out["可请引荐的人"].astype(str).str.startswith("—")
    out["下一步"] = np.where(age > stale_days, f"超过 {stale_days} 天：本月重新确认需求，确认不了就关闭",
                          np.where(has_ref, "请关联客户的支持者引荐，约第一次拜访", "先通过关联客户打听对方的联系人"))
    out = _numbered(out.dropna(axis=1, how="all").sort_values("估算潜力（万元）", ascending=False))
    excluded = reasons[reasons != ""].value_counts()
    reasons_order = ("已立项/已成交/无效", "关联客户已不活跃", "潜力不足")
    out.attrs = {"excluded": {k: int(excluded.get(k, 0)) for k in reasons_order}, "n_total": len(out)}
    referred = int((~out["可请引荐的人"].astype(str).str.startswith("—")).sum())
    key = int((out.get("关联客户类型", pd.Series(dtype=str)) == "重点客户").sum())
    stale, year_old = int((age > stale_days).sum()), int((age > 365).sum())
    ex = out.attrs["excluded"]
    out.attrs["headline"] = (f"截至 {span[1]:%Y-%m-%d}，{len(related)} 条与现有客户有关联的线索中，"
                             f"{len(out)} 条符合规则"
                             f"（其中 {key} 条关联重点客户，{referred} 条有可请引荐的人）；未入选：" +
                             "、".join(f"{k} {v} 条" for k, v in ex.items()) +
                             (f"。入选的线索中 {stale} 条创建已超过 {stale_days} 天（{year_old} 条超过一年）仍是"
                              "新线索或跟进中：先重新确认，确认不了就关闭" if stale else "") + "。")
    out.attrs["title"] = f"{len(out)} 家候选企业与活跃客户有关联，{referred} 家可以请老客户的支持者引荐"
    return out if top is None else out.head(top)


def dark_horses(orders: pd.DataFrame, customers: pd.DataFrame, *, as_of: Any,
                prior_range: tuple[float, float] = (1, 20), growth: float = 2.0, min_orders: int = 3,
                max_single_share: float = 0.5, min_headroom: float = 30,
                first_before: Any = None, pipeline: pd.DataFrame | None = None,
                reps: pd.DataFrame | None = None, selected_only: bool = False) -> pd.DataFrame:
    """培养黑马: general customers that are small, grow fast, not by one order, and have room to grow.

    本期 = the 12 months to ``as_of``; 上期 = the 12 months before. All five rules must hold:
    (1) labelled 一般客户 and first order before ``first_before`` (default: the start of 上期);
    (2) 上期 sales within ``prior_range`` 万元; (3) 本期 ≥ ``growth`` × 上期; (4) at least
    ``min_orders`` orders in 本期 and the largest ≤ ``max_single_share`` of 本期; (5) purchase
    potential − 本期 sales ≥ ``min_headroom`` 万元.

    Args:
        orders: the orders.
        customers: the customers (客户类型, 年采购潜力, 首次合作日期).
        as_of: the review date.
        prior_range: (low, high) of 上期 sales, 万元, inclusive.
        growth: least ratio 本期 / 上期.
        min_orders: least orders in 本期.
        max_single_share: largest order's greatest share of 本期 sales.
        min_headroom: least room to grow, 万元.
        first_before: customers must have started before this date.
        pipeline: the pipeline (optional): adds each customer's open deals.
        reps: the sales team (销售编号, 姓名), to show owners by name.
        selected_only: keep only the 黑马 (all five rules), without the columns 是否黑马 and
            未入选原因; every growth candidate stays in ``attrs["candidates"]`` for the chart.

    Returns:
        One row per customer passing rules 1-3 (the growth candidates), 黑马 first, numbered from 1:
        客户编号, 客户名称, 行业, 区域, 负责销售, 上期销售额（万元）, 本期销售额（万元）, 增长倍数, 本期订单数,
        最大单笔占比, 增长空间（万元）, 是否黑马, 未入选原因, [进行中商机数]. ``attrs["counts"]``:
        customers left after each rule; ``attrs["near_miss"]``: customers failing only rule 4;
        ``attrs["candidates"]``: every growth candidate.

    >>> o = pd.DataFrame({"customer_id": ["A"] * 6, "amount": [2.5e4] * 2 + [4e4] * 4,
    ...                   "order_date": ["2024-03-01", "2024-09-01", "2025-02-01", "2025-05-01",
    ...                                  "2025-08-01", "2025-11-01"]})
    >>> c = pd.DataFrame({"customer_id": ["A"], "account_type": ["一般客户"], "purchase_potential_wan": [80],
    ...                   "first_order_date": ["2022-05-01"]})
    >>> dark_horses(o, c, as_of="2025-12-31")[["增长倍数", "是否黑马"]].values.tolist()
    [[3.2, True]]
    """
    o, c = prepare_orders(orders), prepare_customers(customers)
    now_span = window(as_of, 12)
    prev_span = window(now_span[0], 12)
    start = _as_date(first_before) if first_before is not None else prev_span[0] + pd.Timedelta(days=1)
    first = o.groupby("customer_id")["date"].min()
    if "first_order_date" in c:
        first = c["first_order_date"].fillna(first.reindex(c.index))
    general = c[c["account_type"].astype(str) == "一般客户"] if "account_type" in c else c
    ids = general.index
    r1 = ids[first.reindex(ids) < start]
    prev = _sales_wan(o, prev_span).reindex(ids, fill_value=0.0)
    now = _sales_wan(o, now_span).reindex(ids, fill_value=0.0)
    r2 = r1[(prev[r1] >= prior_range[0]) & (prev[r1] <= prior_range[1])]
    r3 = r2[now[r2] >= growth * prev[r2]]
    recent = o[_in(o["date"], now_span) & o["customer_id"].isin(r3)]
    key = "order_id" if "order_id" in recent and recent["order_id"].notna().all() else None
    per_order = recent.groupby(["customer_id", key] if key else ["customer_id", recent.index])["amount"].sum()
    n_orders = per_order.groupby(level=0).size().reindex(r3, fill_value=0)
    biggest = (per_order.groupby(level=0).max() / 1e4).reindex(r3, fill_value=0.0) / now[r3].where(now[r3] > 0)
    potential = (c["purchase_potential_wan"].reindex(r3) if "purchase_potential_wan" in c
                 else pd.Series(np.nan, index=r3))
    headroom = potential - now[r3]
    ok4 = (n_orders >= min_orders) & (biggest <= max_single_share)
    ok5 = headroom >= min_headroom
    why = []
    for cid in r3:
        parts = []
        if n_orders[cid] < min_orders:
            parts.append(f"订单太少（{n_orders[cid]} 笔）")
        if biggest[cid] > max_single_share:
            parts.append(f"单笔大单（最大一笔占 {biggest[cid]:.0%}）")
        if pd.isna(potential[cid]):
            parts.append("潜力未填写")
        elif not ok5[cid]:
            parts.append(f"空间不足（{headroom[cid]:.0f} 万元）")
        why.append("；".join(parts))
    info = {"customer_name": "客户名称", "industry": "行业", "region": "区域", "sales_rep_id": "负责销售"}
    out = pd.DataFrame({"客户编号": list(r3), **{v: c.loc[r3, k].to_numpy() for k, v in info.items() if k in c},
                        "上期销售额（万元）": prev[r3].to_numpy(), "本期销售额（万元）": now[r3].to_numpy(),
                        "增长倍数": (now[r3] / prev[r3]).to_numpy(), "本期订单数": n_orders.to_numpy(),
                        "最大单笔占比": biggest.to_numpy(), "增长空间（万元）": headroom.to_numpy(),
                        "是否黑马": (ok4 & ok5).to_numpy(), "未入选原因": why})
    if "负责销售" in out:
        out["负责销售"] = _rep_label(out["负责销售"], _rep_names(reps))
    if pipeline is not None:
        p = prepare_pipeline(pipeline)
        open_deals = p[p["status"].eq("进行中")].groupby("customer_id").size()
        out["进行中商机数"] = out["客户编号"].map(open_deals).fillna(0).astype(int)
    out = _numbered(out.sort_values(["是否黑马", "增长倍数"], ascending=False))
    counts = [("全部一般客户", len(ids)), (f"① {start:%Y-%m-%d} 前开始合作", len(r1)),
              (f"② 上期 {prior_range[0]:g}–{prior_range[1]:g} 万元", len(r2)), (f"③ 本期 ≥ 上期 × {growth:g}", len(r3)),
              (f"④ ≥ {min_orders} 笔且最大一笔 ≤ {max_single_share:.0%}", int(ok4.sum())),
              (f"⑤ 增长空间 ≥ {min_headroom:g} 万元", int((ok4 & ok5).sum()))]
    near = int((~ok4 & ok5).sum())
    n = counts[-1][1]
    times = "至少翻了一番（本期 ≥ 上期 × 2）" if growth == 2 else f"至少是上期的 {growth:g} 倍"
    out.attrs = {"percent": ["最大单笔占比"], "counts": counts, "near_miss": near,
                 "windows": (prev_span, now_span),
                 "headline": (f"{len(ids)} 家一般客户中，{len(r3)} 家在上期之前就已合作、上期销售额 "
                              f"{prior_range[0]:g}–{prior_range[1]:g} 万元，且本期（"
                              f"{now_span[0] + pd.Timedelta(days=1):%Y-%m-%d} 至 {now_span[1]:%Y-%m-%d}）的销售额比上期"
                              f"（{prev_span[0] + pd.Timedelta(days=1):%Y-%m-%d} 至 {prev_span[1]:%Y-%m-%d}）"
                              f"{times}（规则①–③）；其中 {n} 家五条规则全部满足，"
                              f"另有 {near} 家只因单笔大单或订单太少未入选。"),
                 "title": f"{n} 家一般客户符合全部五条黑马规则；另有 {near} 家销售额翻了一番，但靠的是一两张大单"}
    out.attrs["candidates"] = out.copy()
    if selected_only:
        attrs = out.attrs
        out = _numbered(out[out["是否黑马"]].drop(columns=["是否黑马", "未入选原因"]))
        out.attrs = attrs
    return out


def lead_kpis(leads: pd.DataFrame, spend: pd.DataFrame | None = None, *, year: int, min_n: int = 30) -> pd.DataFrame:
    """The seeds' campaign KPIs per lead source: 线索质量, 转化率 and cash 获客成本.

    线索质量 = valid leads (已立项 or 已成交) ÷ leads; 转化率 = 已成交 ÷ leads; 获客成本 = the
    source's cash spend in ``year`` ÷ leads created in ``year`` and converted by the review
    date (sales people's time not counted).

    Args:
        leads: the leads (线索来源, 线索状态, 创建日期).
        spend: cash spend per year and source (年份, 线索来源, 现金费用 in 万元), optional.
        year: the creation year of the leads counted.
        min_n: sources with fewer leads are flagged 样本少.

    Returns:
        One row per source (and 合计): 线索数, 有效线索数, 线索质量, 已成交数, 转化率, 现金费用（万元）,
        获客成本（万元） (NaN when nothing converted), 样本少, 说明.

    >>> leads = pd.DataFrame({"lead_id": [f"L{i}" for i in range(10)], "company_name": list("abcdefghij"),
    ...                       "source": ["展会"] * 10, "created_date": ["2024-03-01"] * 10,
    ...                       "status": ["已立项", "已立项", "已成交"] + ["无效"] * 7})
    >>> spend = pd.DataFrame({"year": [2024], "source": ["展会"], "spend_wan": [30.0]})
    >>> kpis = lead_kpis(leads, spend, year=2024)
    >>> kpis.loc["展会", ["线索质量", "转化率", "获客成本（万元）"]].astype(float).tolist()
    [0.3, 0.1, 30.0]
    """
    lead = _leads(leads)
    if "created_date" not in lead:
        raise DataError("线索表中没有创建日期列", "the leads have no creation date",
                        fix_zh="加入“创建日期”列", fix_en="add a 创建日期 column")
    lead = lead[lead["created_date"].dt.year == year]
    status = lead["status"].astype(str)
    cash = pd.Series(dtype=float)
    if spend is not None:
        s = require_columns(spend, {"year": "integer",
                                    "source": "text", "spend_wan": "number"})
        cash = s[s["year"] == year].groupby("source")["spend_wan"].sum()
    sources = list(dict.fromkeys([*lead["source"].astype(str).value_counts().index, *cash.index]))
    rows = {}
    for name in [*sources, "合计"]:
        pick = lead["source"].astype(str).eq(name) if name != "合计" else pd.Series(True, index=lead.index)
        n, valid, won = int(pick.sum()), int(status[pick].isin(VALID_LEAD).sum()), int(status[pick].eq("已成交").sum())
        money = float(cash.sum()) if name == "合计" else (float(cash[name]) if name in cash else np.nan)
        rows[name] = {"线索数": n, "有效线索数": valid, "线索质量": valid / n if n else np.nan, "已成交数": won,
                      "转化率": won / n if n else np.nan, "现金费用（万元）": money,
                      "获客成本（万元）": money / won if won and not np.isnan(money) else np.nan,
                      "样本少": n < min_n, "说明": "只算现金，未计销售人员时间" if money == 0 else ""}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "线索来源"
    table.attrs = {"percent": ["线索质量", "转化率"], "year": year}
    body = table.drop(index="合计")
    big = body[~body["样本少"]]
    if len(big):
        best, most = big["线索质量"].idxmax(), body["线索数"].idxmax()
        paid = body.dropna(subset=["获客成本（万元）"])
        paid = paid[paid["现金费用（万元）"] > 0]
        sentence = (f"{year} 年创建的 {int(table.loc['合计', '线索数'])} 条线索中，线索质量最高的来源是{best}"
                    f"（{big.loc[best, '线索质量']:.0%}，n = {int(big.loc[best, '线索数'])}），线索最多的是{most}"
                    f"（{int(body.loc[most, '线索数'])} 条，线索质量 {body.loc[most, '线索质量']:.0%}）")
        if len(paid):
            dear = paid["获客成本（万元）"].idxmax()
            sentence += (f"；现金获客成本最高的是{dear}，每成交一家约 {paid.loc[dear, '获客成本（万元）']:.1f} 万元"
                         f"（只成交 {int(paid.loc[dear, '已成交数'])} 家，成交少时这个数很不稳定）"
                         if paid.loc[dear, "已成交数"] < 10 else
                         f"；现金获客成本最高的是{dear}，每成交一家约 {paid.loc[dear, '获客成本（万元）']:.1f} 万元"
                         f"（成交 {int(paid.loc[dear, '已成交数'])} 家）")
        table.attrs["headline"] = sentence + "。"
        table.attrs["title"] = f"{year} 年创建的线索：{best}质量最高，{most}数量最多"
    return table
