"""Penetration (lecture 4): share of wallet, product breadth, the next line to offer, the programme's effect.

* **钱包份额** (share of wallet) = our sales in the last 12 months ÷ the customer's yearly purchase
  potential in the category (competitors included);
* **产品线宽度** = product lines bought in the last 12 months;
* **下一个产品线** = among the lines the customer has not bought in 24 months, the one most of its
  peers buy ("同行在买、它还没买"); peers = other active customers of its industry (all active
  customers when the industry has fewer than 30);
* **渗透计划的效果**: sales before and after for the targeted customers *and* for a comparison
  group of customers who met the same eligibility rule but were not picked (difference in
  differences), with the pre-programme trend of both. The list was picked by managers, not at
  random, so the difference is closer to the programme's effect but is not proof of it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..data.schema_b2b import PRODUCT_LINES
from ..errors import DataError
from .definitions import ACTIVE_MONTHS_B2B
from .general_accounts import _in, _sales_wan, prepare_customers, prepare_orders, window
from .pipeline import _as_date, _numbered, prepare_visits

#: Who could be picked for the 2025 programme (the list was fixed in March 2025 with data known then).
DEFAULT_ELIGIBILITY: dict[str, Any] = {
    "account_type": "一般客户", "regions": ("华东", "华中", "西南"), "first_order_before": "2023-04-01",
    "ordered_between": ("2024-07-01", "2024-12-31"), "sales_between": ("2024-04-01", "2024-12-31"),
    "sales_range_wan": (3, 40)}


def _lines(o: pd.DataFrame) -> list[str]:
    seen = set(o["product_line"].dropna().astype(str))
    return [x for x in PRODUCT_LINES if x in seen] + sorted(seen - set(PRODUCT_LINES))


def wallet_and_breadth(orders: pd.DataFrame, customers: pd.DataFrame, *, as_of: Any,
                       months: int = ACTIVE_MONTHS_B2B) -> pd.DataFrame:
    """Share of wallet and product breadth of every active customer.

    Args:
        orders: the orders (with 产品线).
        customers: the customers (客户类型, 行业, 年采购潜力 in 万元).
        as_of: the review date.
        months: the window (default 12 months).

    Returns:
        One row per customer with an order in the window: 客户编号, 客户名称, 客户类型, 行业,
        近12个月销售额（万元）, 采购潜力（万元）, 钱包份额, 产品线宽度, 已购产品线. ``attrs["over_100"]`` counts
        shares above 100% (a potential below our own sales contradicts its definition).

    >>> o = pd.DataFrame({"customer_id": ["A", "A"], "order_date": ["2025-03-01", "2025-06-01"],
    ...                   "amount": [1e5, 1e5], "product_line": ["变频器", "传感器"]})
    >>> c = pd.DataFrame({"customer_id": ["A"], "purchase_potential_wan": [80]})
    >>> wallet_and_breadth(o, c, as_of="2025-12-31")[["钱包份额", "产品线宽度"]].values.tolist()
    [[0.25, 2.0]]
    """
    o, c = prepare_orders(orders), prepare_customers(customers)
    span = window(as_of, months)
    now = o[_in(o["date"], span)]
    sales = now.groupby("customer_id")["amount"].sum() / 1e4
    ids = sales.index
    lines = now.groupby("customer_id")["product_line"].agg(lambda s: sorted(set(s.dropna().astype(str)),
                                                                              key=_line_order))
    potential = (c["purchase_potential_wan"].reindex(ids).astype(float) if "purchase_potential_wan" in c
                 else pd.Series(np.nan, index=ids))
    out = pd.DataFrame({"客户编号": ids,
                        **{v: c[k].reindex(ids).to_numpy() for k, v in (("customer_name", "客户名称"),
                           ("account_type", "客户类型"), ("industry", "行业")) if k in c},
                        f"近{months}个月销售额（万元）": sales.to_numpy(), "采购潜力（万元）": potential.to_numpy(),
                        "钱包份额": (sales / potential.where(potential > 0)).to_numpy(),
                        "产品线宽度": lines.map(len).reindex(ids).to_numpy(),
                        "已购产品线": lines.map("、".join).reindex(ids).to_numpy()})
    out.attrs = {"percent": ["钱包份额"], "over_100": int((out["钱包份额"] > 1).sum()), "as_of": span[1]}
    general = out[out.get("客户类型", pd.Series("一般客户", index=out.index)) == "一般客户"]
    if len(general):
        band = general["产品线宽度"].clip(upper=4)
        med = general.groupby(band)["钱包份额"].median()
        n = general.groupby(band).size()
        low, high = med.get(1, np.nan), med.get(4, np.nan)
        out.attrs["headline"] = (f"截至 {span[1]:%Y-%m-%d}，近 {months} 个月有订单的 {len(general)} 家一般客户中，"
                                 f"只买 1 条产品线的 {n.get(1, 0)} 家钱包份额中位数 {low:.0%}，"
                                 f"买 4 条及以上的 {n.get(4, 0)} 家为 {high:.0%}。这是相关，不一定是因果。")
        out.attrs["title"] = f"一般客户：只买 1 条产品线的钱包份额中位数 {low:.0%}，买 4 条以上的 {high:.0%}"
    return out


def _line_order(name: str) -> tuple[int, str]:
    return (PRODUCT_LINES.index(name) if name in PRODUCT_LINES else len(PRODUCT_LINES), name)


def next_best_line(orders: pd.DataFrame, customers: pd.DataFrame, *, as_of: Any, months: int = ACTIVE_MONTHS_B2B,
                   lookback_months: int = 24, min_peers: int = 30, min_share: float = 0.30,
                   lines: list[str] | None = None, account_type: str | None = None,
                   top: int | None = None) -> pd.DataFrame:
    """The next product line to offer each active customer: the one its peers buy and it does not.

    Peers = the other customers of the same industry with an order in the last ``months``
    (all other active customers when the industry has fewer than ``min_peers``). For every
    line the customer has not bought in ``lookback_months``, the peer penetration is the share
    of peers who bought it in the last ``months``. The highest wins (ties: higher average peer
    spend on the line); below ``min_share`` (inclusive bound) there is no recommendation.
    Lines bought in ``lookback_months`` but not in the last ``months`` are lines to **win back**
    first (待挽回产品线): ask why the customer stopped before offering something new.

    Args:
        orders: the orders (with 产品线).
        customers: the customers (客户类型, 行业).
        as_of: the review date.
        months: the window for "active" and for peer penetration.
        lookback_months: a line bought within this window counts as already bought.
        min_peers: least peers in the industry before falling back to all active customers.
        min_share: least peer penetration for a recommendation.
        lines: the company's product lines (default: every line that appears in the orders).
        account_type: keep only customers of this 客户类型 (peers are still all active customers).
        top: keep only the ``top`` customers with the largest sales in the last ``months``.

    Returns:
        One row per active customer, largest sales first, numbered from 1: 客户编号, 客户名称, 客户类型,
        行业, 近12个月销售额（万元）, 产品线宽度 (last ``months``), 近24个月买过的产品线, 待挽回产品线,
        推荐产品线 ("—" when none), 同行渗透率, 同行数, 同行口径, 理由.

    >>> o = pd.DataFrame({"customer_id": list("ABC") + ["A"], "order_date": ["2025-06-01"] * 4,
    ...                   "amount": [1e4] * 4, "product_line": ["变频器", "变频器", "传感器", "传感器"]})
    >>> c = pd.DataFrame({"customer_id": list("ABC"), "industry": ["化工"] * 3})
    >>> next_best_line(o, c, as_of="2025-12-31", min_peers=1).set_index("客户编号")["推荐产品线"].to_dict()
    {'A': '—', 'B': '传感器', 'C': '变频器'}
    """
    o, c = prepare_orders(orders), prepare_customers(customers)
    span, back = window(as_of, months), window(as_of, lookback_months)
    lines = list(lines) if lines is not None else _lines(o)
    recent = o[_in(o["date"], span)]
    ids = pd.Index(sorted(recent["customer_id"].unique()))
    buys = (recent.pivot_table(index="customer_id", columns="product_line", values="amount", aggfunc="sum",
                               observed=True).reindex(index=ids, columns=lines).fillna(0.0))
    has = buys > 0
    bought = (o[_in(o["date"], back)].groupby(["customer_id", "product_line"]).size().unstack()
              .reindex(index=ids, columns=lines).notna())
    industry = (c["industry"].reindex(ids).fillna("未填写") if "industry" in c else pd.Series("全部", index=ids))
    h, spend_sum = has.to_numpy(dtype=float), buys.to_numpy()
    size = industry.map(industry.value_counts()).to_numpy()
    same = size - 1 >= min_peers
    group_has = has.groupby(industry.to_numpy()).transform("sum").to_numpy(dtype=float)
    group_sum = buys.groupby(industry.to_numpy()).transform("sum").to_numpy()
    count = np.where(same[:, None], group_has, h.sum(axis=0)[None, :]) - h
    total = np.where(same[:, None], group_sum, spend_sum.sum(axis=0)[None, :]) - spend_sum
    n = np.where(same, size - 1, len(ids) - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(n[:, None] > 0, count / np.maximum(n, 1)[:, None], np.nan)
        spend = np.where(count > 0, total / np.maximum(count, 1), 0.0)
    done = bought.to_numpy()
    key_share = np.where(done | np.isnan(share), -np.inf, share)
    order = np.broadcast_to(np.arange(len(lines)), key_share.shape)
    best = np.lexsort((order, -spend, -key_share), axis=-1)[:, 0] if lines else np.zeros(len(ids), int)
    rows = []
    for r, cid in enumerate(ids):
        pick, rate, b = "—", np.nan, int(best[r]) if lines else 0
        scope = "同行业" if same[r] else f"全部活跃客户（同行业不足 {min_peers} 家）"
        lapsed = [x for x, d, now in zip(lines, done[r], h[r]) if d and not now]
        if done[r].all():
            why = f"已买全部 {len(lines)} 条"
        elif key_share[r, b] >= min_share - 1e-12:
            pick, rate = lines[b], float(share[r, b])
            who = "同行业客户中" if same[r] else f"全部活跃客户中（{industry[cid]}同行不足 {min_peers} 家）"
            why = f"{who} {rate:.0%} 在买（n = {int(n[r])}），它近 {lookback_months} 个月没买过"
        else:
            why = f"没有同行渗透率 ≥ {min_share:.0%} 的产品线"
        if lapsed:
            why = f"先挽回：近 {months} 个月停买了{'、'.join(lapsed)}，先问清原因；再谈新产品线（{why}）"
        rows.append({"客户编号": cid, f"近{months}个月销售额（万元）": spend_sum[r].sum() / 1e4,
                     "产品线宽度": int(h[r].sum()),
                     f"近{lookback_months}个月买过的产品线": "、".join(x for x, d in zip(lines, done[r]) if d) or "—",
                     "待挽回产品线": "、".join(lapsed) or "—",
                     "推荐产品线": pick, "同行渗透率": rate, "同行数": int(n[r]), "同行口径": scope, "理由": why})
    out = pd.DataFrame(rows)
    for k, v in (("industry", "行业"), ("account_type", "客户类型"), ("customer_name", "客户名称")):
        if k in c:
            out.insert(1, v, out["客户编号"].map(c[k]).to_numpy())
    if account_type is not None and "客户类型" in out:
        out = out[out["客户类型"] == account_type]
    out = _numbered(out.sort_values([f"近{months}个月销售额（万元）", "客户编号"], ascending=[False, True]))
    out.attrs = {"percent": ["同行渗透率"], "as_of": span[1]}
    return out if top is None else out.head(top)


def next_best_summary(rec: pd.DataFrame, *, account_type: str | None = "一般客户") -> pd.DataFrame:
    """How many customers each line would be offered to (what a campaign would push).

    Args:
        rec: the output of :func:`next_best_line`.
        account_type: count only this 客户类型 (None for all).

    Returns:
        One row per recommended line (and 不推荐 for "—"): 客户数, 占比, 同行渗透率中位数.

    >>> rec = pd.DataFrame({"推荐产品线": ["变频器", "变频器", "—"], "同行渗透率": [0.6, 0.5, np.nan]})
    >>> next_best_summary(rec, account_type=None)["客户数"].tolist()
    [2, 1]
    """
    r = rec if account_type is None or "客户类型" not in rec else rec[rec["客户类型"] == account_type]
    line = r["推荐产品线"].replace("—", "不推荐")
    table = pd.DataFrame({"客户数": line.value_counts(), "同行渗透率中位数": r.groupby(line)["同行渗透率"].median()})
    table = table.sort_values("客户数", ascending=False)
    table = pd.concat([table.drop(index="不推荐", errors="ignore"), table.loc[table.index == "不推荐"]])
    table.insert(1, "占比", table["客户数"] / table["客户数"].sum())
    table.index.name = "推荐产品线"
    table.attrs["percent"] = ["占比", "同行渗透率中位数"]
    if len(table) and table.index[0] != "不推荐":
        who = account_type or "客户"
        as_of = rec.attrs.get("as_of")
        when = f"截至 {as_of:%Y-%m-%d}，" if as_of is not None else ""
        table.attrs["headline"] = (f"{when}按“同行在买、它还没买”，{len(r)} 家活跃{who}中"
                                   f"最常被推荐的是 {table.index[0]}"
                                   f"（{int(table['客户数'].iloc[0])} 家，{table['占比'].iloc[0]:.0%}）")
        if "待挽回产品线" in r:
            back = int((r["待挽回产品线"] != "—").sum())
            table.attrs["headline"] += (f"；其中 {back} 家（{back / len(r):.0%}）近 12 个月停买了以前买过的产品线，"
                                        "对它们先挽回、再推新")
        table.attrs["headline"] += "。"
    return table


def line_profile(orders: pd.DataFrame, customers: pd.DataFrame, customer_id: str, *, as_of: Any,
                 months: int = ACTIVE_MONTHS_B2B, lookback_months: int = 24, min_peers: int = 30,
                 lines: list[str] | None = None) -> pd.DataFrame:
    """One customer's product lines beside its peers': what :func:`next_best_line` bases its choice on.

    Args:
        orders: the orders.
        customers: the customers (行业).
        customer_id: the customer.
        as_of: the review date.
        months: the window for "active" and for peer penetration.
        lookback_months: a line bought within this window counts as already bought.
        min_peers: least peers in the industry before falling back to all active customers.
        lines: the company's product lines (default: every line in the orders).

    Returns:
        One row per product line, numbered from 1: 产品线, 同行在买的比例, 它近24个月买过. ``attrs``: ``n`` (peers),
        ``scope`` (同行业 or the fallback).

    >>> o = pd.DataFrame({"customer_id": list("ABC"), "order_date": ["2025-06-01"] * 3, "amount": [1e4] * 3,
    ...                   "product_line": ["变频器", "变频器", "传感器"]})
    >>> c = pd.DataFrame({"customer_id": list("ABC"), "industry": ["化工"] * 3})
    >>> line_profile(o, c, "C", as_of="2025-12-31", min_peers=1)["同行在买的比例"].tolist()
    [1.0, 0.0]
    """
    o, c = prepare_orders(orders), prepare_customers(customers)
    span, back = window(as_of, months), window(as_of, lookback_months)
    lines = list(lines) if lines is not None else _lines(o)
    recent = o[_in(o["date"], span)]
    active = pd.Index(recent["customer_id"].unique())
    industry = c["industry"].reindex(active).fillna("未填写") if "industry" in c else pd.Series("全部", index=active)
    own = c.loc[customer_id, "industry"] if "industry" in c and customer_id in c.index else "全部"
    same = active[(industry == own).to_numpy() & (active != customer_id)]
    peers, scope = (same, "同行业") if len(same) >= min_peers else (active[active != customer_id],
                                                                  f"全部活跃客户（同行业不足 {min_peers} 家）")
    has = recent[recent["customer_id"].isin(peers)].groupby("product_line")["customer_id"].nunique()
    mine = set(o[_in(o["date"], back) & (o["customer_id"] == customer_id)]["product_line"].dropna().astype(str))
    out = pd.DataFrame({"产品线": lines, "同行在买的比例": [has.get(x, 0) / len(peers) if len(peers) else np.nan
                                                  for x in lines],
                        f"它近{lookback_months}个月买过": [x in mine for x in lines]})
    out.attrs = {"percent": ["同行在买的比例"], "n": len(peers), "scope": scope}
    return _numbered(out)


def next_line_example(orders: pd.DataFrame, customers: pd.DataFrame, *, as_of: Any,
                      account_type: str = "一般客户", min_peers: int = 30) -> str:
    """A customer whose next line is clear, for exercises: the highest peer penetration among customers
    of ``account_type`` with a recommendation from their own industry and no line to win back first
    (ties: smallest id).

    Args:
        orders: the orders.
        customers: the customers.
        as_of: the review date.
        account_type: the customers to choose from.
        min_peers: least peers in the industry (as in :func:`next_best_line`).

    Returns:
        The customer id.

    >>> o = pd.DataFrame({"customer_id": list("ABC"), "order_date": ["2025-06-01"] * 3, "amount": [1e4] * 3,
    ...                   "product_line": ["变频器", "变频器", "传感器"]})
    >>> c = pd.DataFrame({"customer_id": list("ABC"), "industry": ["化工"] * 3, "account_type": ["一般客户"] * 3})
    >>> next_line_example(o, c, as_of="2025-12-31", min_peers=1)
    'C'
    """
    rec = next_best_line(orders, customers, as_of=as_of, min_peers=min_peers)
    pick = rec[(rec["推荐产品线"] != "—") & (rec["同行口径"] == "同行业") & (rec["待挽回产品线"] == "—")]
    if "客户类型" in pick:
        pick = pick[pick["客户类型"] == account_type]
    pick = pick.sort_values(["同行渗透率", "客户编号"], ascending=[False, True])
    if pick.empty:
        raise DataError("没有按同行业给出推荐的客户", "no customer with a recommendation from its own industry",
                        fix_zh="检查行业列，或降低 min_peers", fix_en="check the industry column or lower min_peers")
    return str(pick["客户编号"].iloc[0])


def programme_groups(orders: pd.DataFrame, customers: pd.DataFrame, *,
                     eligibility: dict[str, Any] | None = None) -> pd.DataFrame:
    """The penetration programme's groups: 计划客户 (targeted) and 对照组 (eligible, not targeted).

    Eligibility (``DEFAULT_ELIGIBILITY``): labelled 一般客户; in 华东, 华中 or 西南; first order
    before 2023-04-01; an order between 2024-07-01 and 2024-12-31; sales 2024-04-01…2024-12-31 of
    3–40 万元. Targeted = ``penetration_start`` (渗透计划开始日期) not empty.

    Args:
        orders: the orders.
        customers: the customers with 渗透计划开始日期.
        eligibility: the rule's parameters (keys as in ``DEFAULT_ELIGIBILITY``).

    Returns:
        One row per targeted or eligible customer: 客户编号, 组 (计划客户 / 对照组), 符合条件.

    >>> o = pd.DataFrame({"customer_id": ["T", "C"], "order_date": ["2024-08-01"] * 2, "amount": [1e5, 1e5]})
    >>> c = pd.DataFrame({"customer_id": ["T", "C"], "account_type": ["一般客户"] * 2, "region": ["华东"] * 2,
    ...                   "first_order_date": ["2020-01-01"] * 2, "penetration_start": ["2025-04-01", None]})
    >>> programme_groups(o, c)["组"].tolist()
    ['计划客户', '对照组']
    """
    rule = {**DEFAULT_ELIGIBILITY, **(eligibility or {})}
    o, c = prepare_orders(orders), prepare_customers(customers)
    first = o.groupby("customer_id")["date"].min().reindex(c.index)
    if "first_order_date" in c:
        first = c["first_order_date"].fillna(first)
    first_day, last_day = (_as_date(d) for d in rule["ordered_between"])
    ordered = o[(o["date"] >= first_day) & (o["date"] <= last_day)]
    sales_span = (_as_date(rule["sales_between"][0]) - pd.Timedelta(days=1), _as_date(rule["sales_between"][1]))
    sales = _sales_wan(o, sales_span).reindex(c.index, fill_value=0.0)
    low, high = rule["sales_range_wan"]
    ok = ((c["account_type"].astype(str) == rule["account_type"]) if "account_type" in c else True) \
        & (c["region"].astype(str).isin(rule["regions"]) if "region" in c else True) \
        & (first < _as_date(rule["first_order_before"])) & c.index.isin(ordered["customer_id"].unique()) \
        & (sales >= low) & (sales <= high)
    targeted = c["penetration_start"].notna() if "penetration_start" in c else pd.Series(False, index=c.index)
    pick = ok | targeted
    out = pd.DataFrame({"客户编号": c.index[pick], "组": np.where(targeted[pick], "计划客户", "对照组"),
                        "符合条件": ok[pick].to_numpy()})
    return out.sort_values(["组", "客户编号"], ascending=[False, True]).reset_index(drop=True)


def _span_label(first: pd.Timestamp, last: pd.Timestamp) -> str:
    if first.year == last.year:
        return f"{first.year} 年 {first.month}–{last.month} 月"
    return f"{first.year} 年 {first.month} 月–{last.year} 年 {last.month} 月"


def penetration_effect(orders: pd.DataFrame, customers: pd.DataFrame, *, visits: pd.DataFrame | None = None,
                       before: tuple[Any, Any] = ("2024-04-01", "2024-12-31"),
                       after: tuple[Any, Any] = ("2025-04-01", "2025-12-31"),
                       pre: tuple[Any, Any] = ("2023-04-01", "2023-12-31"),
                       eligibility: dict[str, Any] | None = None) -> pd.DataFrame:
    """Before and after for the targeted customers and the comparison group (difference in differences).

    The same calendar months before and after (April–December) avoid the year-end season. The
    table describes both groups; how sure the difference is comes from :func:`effect_uncertainty`.

    Args:
        orders: the orders.
        customers: the customers with 渗透计划开始日期.
        visits: the visit log (optional): adds visits per customer and month after the start.
        before: the window before the programme (first, last day).
        after: the window after the start.
        pre: the window a year earlier, to check that both groups moved alike before.
        eligibility: the eligibility rule (see :func:`programme_groups`).

    Returns:
        Rows 计划客户, 对照组; columns 客户数, 之前（万元）, 之后（万元）, 合计增长率, 客户增长中位数,
        新增产品线的客户占比, 之后仍有订单的客户占比, [月均拜访次数（之后）], 前趋势增长率.
        ``attrs``: ``did`` (the difference of 合计增长率, a fraction), ``pre_gap`` (the same before
        the programme), ``index`` (sales per window with before = 100), ``customers`` (one row per
        customer: 客户编号, 组, pre, before, after, new_line, [visits] — the input of
        :func:`effect_uncertainty`), ``labels`` (the three windows).

    >>> o = pd.DataFrame({"customer_id": ["T", "T", "C", "C"], "amount": [1e5, 1.5e5, 1e5, 1e5],
    ...                   "order_date": ["2024-08-01", "2025-08-01"] * 2, "product_line": ["变频器"] * 4})
    >>> c = pd.DataFrame({"customer_id": ["T", "C"], "account_type": ["一般客户"] * 2, "region": ["华东"] * 2,
    ...                   "first_order_date": ["2020-01-01"] * 2, "penetration_start": ["2025-04-01", None]})
    >>> round(penetration_effect(o, c).attrs["did"], 2)
    0.5
    """
    o, c = prepare_orders(orders), prepare_customers(customers)
    groups = programme_groups(o, c, eligibility=eligibility)
    spans = {k: (_as_date(a) - pd.Timedelta(days=1), _as_date(b)) for k, (a, b) in
             (("pre", pre), ("before", before), ("after", after))}
    sums = {k: _sales_wan(o, s).reindex(groups["客户编号"], fill_value=0.0).to_numpy() for k, s in spans.items()}
    lines = {k: o[_in(o["date"], s)].groupby("customer_id")["product_line"].agg(set) for k, s in spans.items()}
    months = (spans["after"][1].to_period("M") - (spans["after"][0] + pd.Timedelta(days=1)).to_period("M")).n + 1
    per = pd.DataFrame({"客户编号": groups["客户编号"], "组": groups["组"], **sums,
                        "new_line": [bool(lines["after"].get(i, set()) - lines["before"].get(i, set())
                                          - lines["pre"].get(i, set())) for i in groups["客户编号"]]})
    if visits is not None:
        v = prepare_visits(visits)
        seen = v[_in(v["visit_date"], spans["after"])].groupby("customer_id").size()
        per["visits"] = per["客户编号"].map(seen).fillna(0).to_numpy() / months
    rows, index = {}, {}
    for name in ("计划客户", "对照组"):
        g = per[per["组"] == name]
        b, a, p0 = g["before"].to_numpy(), g["after"].to_numpy(), g["pre"].to_numpy()
        row = {"客户数": len(g), "之前（万元）": b.sum(), "之后（万元）": a.sum(),
               "合计增长率": a.sum() / b.sum() - 1 if b.sum() else np.nan,
               "客户增长中位数": float(np.median(a[b > 0] / b[b > 0] - 1)) if (b > 0).any() else np.nan,
               "新增产品线的客户占比": float(g["new_line"].mean()) if len(g) else np.nan,
               "之后仍有订单的客户占比": float(np.mean(a > 0)) if len(a) else np.nan}
        if "visits" in g:
            row["月均拜访次数（之后）"] = float(g["visits"].mean()) if len(g) else np.nan
        row["前趋势增长率"] = b.sum() / p0.sum() - 1 if p0.sum() else np.nan
        rows[name] = row
        index[name] = [100 * x / b.sum() if b.sum() else np.nan for x in (p0.sum(), b.sum(), a.sum())]
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "组"
    t, k = table.loc["计划客户"], table.loc["对照组"]
    did, pre_gap = float(t["合计增长率"] - k["合计增长率"]), float(t["前趋势增长率"] - k["前趋势增长率"])
    labels = [_span_label(s[0] + pd.Timedelta(days=1), s[1]) for s in spans.values()]
    off = groups[~groups["符合条件"] & (groups["组"] == "计划客户")]["客户编号"].tolist()
    table.attrs = {"signed": ["合计增长率", "客户增长中位数", "前趋势增长率"],
                   "percent": ["新增产品线的客户占比", "之后仍有订单的客户占比"], "did": did, "pre_gap": pre_gap,
                   "index": pd.DataFrame(index, index=labels), "groups": groups, "customers": per, "labels": labels,
                   "note": f"{len(off)} 家计划客户不符合入选条件：" + "、".join(off) if off else "",
                   "headline": (f"渗透计划客户（n = {int(t['客户数'])}）{labels[2]}的销售额比 {labels[1]}增长 "
                                f"{t['合计增长率']:+.1%}，对照组（n = {int(k['客户数'])}）增长 {k['合计增长率']:+.1%}，"
                                f"相差 {100 * did:+.1f} 个百分点；计划开始前（{labels[0]} → {labels[1]}）两组的增长率"
                                f"已相差 {100 * pre_gap:+.1f} 个百分点"
                                f"（{t['前趋势增长率']:+.1%} 对 {k['前趋势增长率']:+.1%}）。"
                                "名单由经理挑选、不是随机分配。"),
                   "title": (f"渗透计划客户增长 {t['合计增长率']:+.0%}，对照组 {k['合计增长率']:+.0%}："
                             f"相差 {100 * did:+.0f} 个百分点")}
    return table


#: Bootstrap resamples and seed used by the lecture (stated in the notebook).
N_BOOT, SEED = 5000, 2025


def bootstrap_differences(treated: pd.DataFrame, control: pd.DataFrame, *, n_boot: int = N_BOOT, seed: int = SEED,
                          level: float = 0.95) -> pd.DataFrame:
    """Differences between two groups of customers, each with a bootstrap interval.

    Customers are resampled with replacement within each group (``n_boot`` times, a fixed
    ``seed``), every measure is recomputed on the same resample, and the interval is the
    middle ``level`` of the resampled differences (percentile interval).

    Args:
        treated: one row per customer of the targeted group with sales ``pre`` (the earlier
            window), ``before`` and ``after``; optional ``new_line`` (bool: bought a new product
            line after) and ``visits`` (visits per month after).
        control: the same for the comparison group.
        n_boot: resamples.
        seed: the random seed (same seed, same interval).
        level: the interval's coverage.

    Returns:
        One row per measure — 计划开始后：销售额增长率之差 (growth after vs before, 个百分点),
        计划开始前：销售额增长率之差 (before vs pre), 扣除计划前差距后的差异 (the first minus the
        second), [新增产品线的客户占比之差], [月均拜访次数之差 (次/月)] — with columns 差异,
        95% 区间下限, 95% 区间上限 (named after ``level``), 单位, 区间包含 0. ``attrs``: ``n_boot``,
        ``seed``, ``level``, ``n``, ``interval`` (the two interval columns' names).

    >>> same = pd.DataFrame({"pre": [10.0, 20, 30, 40], "before": [12.0, 18, 33, 40], "after": [15.0, 17, 30, 50]})
    >>> t = bootstrap_differences(same, same, n_boot=500)
    >>> float(t.iloc[0]["差异"]), bool(t.iloc[0]["区间包含 0"])
    (0.0, True)
    """
    def growth(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return 100 * (y.sum(axis=-1) / x.sum(axis=-1) - 1)

    def measures(t: dict[str, np.ndarray], c: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        after = growth(t["before"], t["after"]) - growth(c["before"], c["after"])
        earlier = growth(t["pre"], t["before"]) - growth(c["pre"], c["before"])
        out = {"计划开始后：销售额增长率之差": after, "计划开始前：销售额增长率之差": earlier,
               "扣除计划前差距后的差异": after - earlier}
        if "new_line" in t:
            out["新增产品线的客户占比之差"] = 100 * (t["new_line"].mean(axis=-1) - c["new_line"].mean(axis=-1))
        if "visits" in t:
            out["月均拜访次数之差"] = t["visits"].mean(axis=-1) - c["visits"].mean(axis=-1)
        return out

    cols = [k for k in ("pre", "before", "after", "new_line", "visits") if k in treated and k in control]
    if not {"pre", "before", "after"} <= set(cols) or treated.empty or control.empty:
        raise DataError("两组都需要客户，且每位客户要有 pre、before、after 三段销售额",
                        "both groups need customers with pre, before and after sales",
                        fix_zh="用 penetration_effect(...) 的结果调用 effect_uncertainty",
                        fix_en="use effect_uncertainty")
    t = {k: treated[k].to_numpy(dtype=float) for k in cols}
    c = {k: control[k].to_numpy(dtype=float) for k in cols}
    rng = np.random.default_rng(seed)
    ti = rng.integers(0, len(treated), size=(n_boot, len(treated)))
    ci = rng.integers(0, len(control), size=(n_boot, len(control)))
    with np.errstate(invalid="ignore", divide="ignore"):
        point = measures(t, c)
        boot = measures({k: v[ti] for k, v in t.items()}, {k: v[ci] for k, v in c.items()})
    tail = 100 * (1 - level) / 2
    lo, hi = f"{level:.0%} 区间下限", f"{level:.0%} 区间上限"
    rows = {}
    for name, value in point.items():
        ok = boot[name][np.isfinite(boot[name])]
        low, high = np.percentile(ok, [tail, 100 - tail]) if len(ok) else (np.nan, np.nan)
        rows[name] = {"差异": float(value), lo: float(low), hi: float(high),
                      "单位": "次/月" if name == "月均拜访次数之差" else "个百分点",
                      "区间包含 0": bool(low <= 0 <= high)}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.attrs = {"n_boot": n_boot, "seed": seed, "level": level, "n": (len(treated), len(control)),
                   "interval": (lo, hi)}
    return table


def increase_concentration(before: Any, after: Any, ids: Any, *, top: int = 5) -> dict[str, Any]:
    """How much of a group's sales increase comes from its ``top`` largest contributors.

    Args:
        before: each customer's sales before.
        after: each customer's sales after (same order).
        ids: the customers' ids (same order).
        top: how many contributors to count.

    Returns:
        ``{"increase": total change, "top_increase": the top customers' change, "share": their share
        of the total change (NaN when the total is not positive), "ids": their ids, largest first}``.

    >>> r = increase_concentration([10, 10, 10], [40, 15, 10], ["A", "B", "C"], top=1)
    >>> round(r["share"], 3), r["ids"]
    (0.857, ['A'])
    """
    change = pd.Series(np.asarray(after, dtype=float) - np.asarray(before, dtype=float), index=list(ids))
    best = change.sort_values(ascending=False, kind="stable").head(top)
    total = float(change.sum())
    return {"increase": total, "top_increase": float(best.sum()),
            "share": float(best.sum() / total) if total > 0 else np.nan, "ids": [str(i) for i in best.index]}


def effect_uncertainty(effect: pd.DataFrame, *, n_boot: int = N_BOOT, seed: int = SEED, level: float = 0.95,
                       top: int = 5) -> pd.DataFrame:
    """How sure the programme's effect is: bootstrap intervals of the differences, and concentration.

    Args:
        effect: the output of :func:`penetration_effect`.
        n_boot: bootstrap resamples (customers resampled within each group).
        seed: the random seed.
        level: the interval's coverage.
        top: the headline says how much of the targeted group's increase its ``top`` customers make.

    Returns:
        The table of :func:`bootstrap_differences`; ``attrs["headline"]`` states the difference with its
        interval, the earlier gap, the concentration and what the data do and do not support;
        ``attrs["title"]`` the chart's finding; ``attrs["concentration"]`` the detail.

    >>> o = pd.DataFrame({"customer_id": ["T", "T", "C", "C"], "amount": [1e5, 1.5e5, 1e5, 1e5],
    ...                   "order_date": ["2024-08-01", "2025-08-01"] * 2, "product_line": ["变频器"] * 4})
    >>> c = pd.DataFrame({"customer_id": ["T", "C"], "account_type": ["一般客户"] * 2, "region": ["华东"] * 2,
    ...                   "first_order_date": ["2020-01-01"] * 2, "penetration_start": ["2025-04-01", None]})
    >>> e = penetration_effect(o, c)
    >>> round(float(effect_uncertainty(e, n_boot=100).iloc[0]["差异"]), 1)
    50.0
    """
    per, labels = effect.attrs["customers"], effect.attrs["labels"]
    t, c = per[per["组"] == "计划客户"], per[per["组"] == "对照组"]
    table = bootstrap_differences(t, c, n_boot=n_boot, seed=seed, level=level)
    conc = increase_concentration(t["before"], t["after"], t["客户编号"], top=top)
    after, earlier, adj = (table.iloc[i] for i in range(3))
    lo, hi = table.attrs["interval"]

    def rng(row: pd.Series, digits: int = 0) -> str:
        return " 至 ".join(f"{row[k]:+.{digits}f}".replace("-", "−") for k in (lo, hi))

    sentence = (f"计划客户（n = {len(t)}）比对照组（n = {len(c)}）多增长 {after['差异']:.1f} 个百分点"
                f"（{labels[2]}对 {labels[1]}）；在每组内按客户有放回地重抽样 {n_boot:,} 次（随机种子 {seed}），"
                f"{level:.0%} 区间为 {rng(after)} 个百分点。计划开始前两组已相差 {earlier['差异']:+.1f} 个百分点，"
                f"扣除后约 {adj['差异']:+.1f} 个百分点（区间 {rng(adj)}）。")
    if conc["increase"] > 0:
        sentence += (f"计划客户销售额增加的 {conc['increase']:,.1f} 万元中，{conc['share']:.0%} 来自 {top} 家客户"
                     f"（{'、'.join(conc['ids'])}）。")
    behaviour = [r for r in ("新增产品线的客户占比之差", "月均拜访次数之差") if r in table.index]
    moved = [r for r in behaviour if not table.loc[r, "区间包含 0"]]
    if moved:
        parts = [f"新增产品线的客户占比高 {table.loc[r, '差异']:.0f} 个百分点（区间 {rng(table.loc[r])}）"
                 if r.startswith("新增") else
                 f"月均拜访多 {table.loc[r, '差异']:.1f} 次（区间 {rng(table.loc[r], 1)}）" for r in moved]
        sentence += "数据能支持的是：计划客户的行为变了——" + "，".join(parts) + "。"
    sentence += (f"销售额的差异方向有利，但区间包含 0：在 {len(t)} 对 {len(c)} 家的样本下，与零区分不开，"
                 "还不能说计划带来了销售额的增长。"
                 if after["区间包含 0"] and after["差异"] > 0 else
                 "销售额差异的区间包含 0：与零区分不开。" if after["区间包含 0"] else
                 "销售额差异的区间不含 0；但名单不是随机挑的，仍不能全部算作计划的功劳。")
    table.attrs.update({"concentration": conc, "headline": sentence,
                        "title": ("计划客户的" + ("拜访和新产品线明显增多" if len(moved) == 2 else "行为有变化")
                                  + f"；销售额多增长 {after['差异']:.0f} 个百分点，"
                                  + (f"但 {level:.0%} 区间（{rng(after)}）包含 0" if after["区间包含 0"]
                                     else f"{level:.0%} 区间 {rng(after)}"))})
    return table
