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
from .pipeline import _as_date, prepare_visits

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
        近12月销售额_万元, 采购潜力_万元, 钱包份额, 产品线宽度, 已购产品线. ``attrs["over_100"]`` counts
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
                        f"近{months}月销售额_万元": sales.to_numpy(), "采购潜力_万元": potential.to_numpy(),
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
                   lines: list[str] | None = None) -> pd.DataFrame:
    """The next product line to offer each active customer: the one its peers buy and it does not.

    Peers = the other customers of the same industry with an order in the last ``months``
    (all other active customers when the industry has fewer than ``min_peers``). For every
    line the customer has not bought in ``lookback_months``, the peer penetration is the share
    of peers who bought it in the last ``months``. The highest wins (ties: higher average peer
    spend on the line); below ``min_share`` (inclusive bound) there is no recommendation.

    Args:
        orders: the orders (with 产品线).
        customers: the customers (客户类型, 行业).
        as_of: the review date.
        months: the window for "active" and for peer penetration.
        lookback_months: a line bought within this window counts as already bought.
        min_peers: least peers in the industry before falling back to all active customers.
        min_share: least peer penetration for a recommendation.
        lines: the company's product lines (default: every line that appears in the orders).

    Returns:
        One row per active customer: 客户编号, 客户名称, 客户类型, 行业, 产品线宽度 (last ``months``),
        近24月买过的产品线, 推荐产品线
        ("—" when none), 同行渗透率, 同行数, 同行口径, 理由.

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
        if done[r].all():
            why = f"已买全部 {len(lines)} 条"
        elif key_share[r, b] >= min_share - 1e-12:
            pick, rate = lines[b], float(share[r, b])
            who = "同行业客户中" if same[r] else f"全部活跃客户中（{industry[cid]}同行不足 {min_peers} 家）"
            why = f"{who} {rate:.0%} 在买（n = {int(n[r])}），它近 {lookback_months} 个月没买过"
        else:
            why = f"没有同行渗透率 ≥ {min_share:.0%} 的产品线"
        rows.append({"客户编号": cid, "产品线宽度": int(h[r].sum()),
                     f"近{lookback_months}月买过的产品线": "、".join(x for x, d in zip(lines, done[r]) if d) or "—",
                     "推荐产品线": pick, "同行渗透率": rate, "同行数": int(n[r]), "同行口径": scope, "理由": why})
    out = pd.DataFrame(rows)
    for k, v in (("industry", "行业"), ("account_type", "客户类型"), ("customer_name", "客户名称")):
        if k in c:
            out.insert(1, v, out["客户编号"].map(c[k]).to_numpy())
    out.attrs = {"percent": ["同行渗透率"], "as_of": span[1]}
    return out


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
                                   f"（{int(table['客户数'].iloc[0])} 家，{table['占比'].iloc[0]:.0%}）。")
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
        One row per product line: 产品线, 同行在买的比例, 它近24个月买过. ``attrs``: ``n`` (peers),
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
    return out


def next_line_example(orders: pd.DataFrame, customers: pd.DataFrame, *, as_of: Any,
                      account_type: str = "一般客户", min_peers: int = 30) -> str:
    """A customer whose next line is clear, for exercises: the highest peer penetration among customers
    of ``account_type`` with a recommendation from their own industry (ties: smallest id).

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
    pick = rec[(rec["推荐产品线"] != "—") & (rec["同行口径"] == "同行业")]
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

    The same calendar months before and after (April–December) avoid the year-end season.

    Args:
        orders: the orders.
        customers: the customers with 渗透计划开始日期.
        visits: the visit log (optional): adds visits per customer and month after the start.
        before: the window before the programme (first, last day).
        after: the window after the start.
        pre: the window a year earlier, to check that both groups moved alike before.
        eligibility: the eligibility rule (see :func:`programme_groups`).

    Returns:
        Rows 计划客户, 对照组, 差异（计划 − 对照）; columns 客户数, 之前_万元, 之后_万元, 合计增长率,
        客户增长中位数, 新增产品线的客户占比, 之后仍有订单的客户占比, [月均拜访次数（之后）], 前趋势增长率.
        The 差异 row holds differences (percentage points as fractions). ``attrs["did"]``: the
        difference of 合计增长率; ``attrs["index"]``: sales per window with before = 100.

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
    v = prepare_visits(visits) if visits is not None else None
    rows, index = {}, {}
    for name in ("计划客户", "对照组"):
        pick = (groups["组"] == name).to_numpy()
        ids = groups.loc[pick, "客户编号"]
        b, a, p0 = sums["before"][pick], sums["after"][pick], sums["pre"][pick]
        new = [bool(lines["after"].get(i, set()) - lines["before"].get(i, set()) - lines["pre"].get(i, set()))
               for i in ids]
        row = {"客户数": int(pick.sum()), "之前_万元": b.sum(), "之后_万元": a.sum(),
               "合计增长率": a.sum() / b.sum() - 1 if b.sum() else np.nan,
               "客户增长中位数": float(np.median(a[b > 0] / b[b > 0] - 1)) if (b > 0).any() else np.nan,
               "新增产品线的客户占比": float(np.mean(new)) if len(new) else np.nan,
               "之后仍有订单的客户占比": float(np.mean(a > 0)) if len(a) else np.nan}
        if v is not None:
            seen = v[_in(v["visit_date"], spans["after"]) & v["customer_id"].isin(set(ids))]
            row["月均拜访次数（之后）"] = len(seen) / max(len(ids), 1) / months
        row["前趋势增长率"] = b.sum() / p0.sum() - 1 if p0.sum() else np.nan
        rows[name] = row
        index[name] = [100 * x / b.sum() if b.sum() else np.nan for x in (p0.sum(), b.sum(), a.sum())]
    table = pd.DataFrame.from_dict(rows, orient="index")
    diff = table.loc["计划客户"] - table.loc["对照组"]
    diff[["客户数", "之前_万元", "之后_万元"]] = np.nan
    table.loc["差异（计划 − 对照）"] = diff
    table.index.name = "组"
    did = float(diff["合计增长率"])
    labels = [_span_label(s[0] + pd.Timedelta(days=1), s[1]) for s in spans.values()]
    off = groups[~groups["符合条件"] & (groups["组"] == "计划客户")]["客户编号"].tolist()
    t, k = table.loc["计划客户"], table.loc["对照组"]
    table.attrs = {"signed": ["合计增长率", "客户增长中位数", "前趋势增长率"],
                   "percent": ["新增产品线的客户占比", "之后仍有订单的客户占比"], "did": did,
                   "index": pd.DataFrame(index, index=labels), "groups": groups,
                   "note": f"{len(off)} 家计划客户不符合入选条件：" + "、".join(off) if off else "",
                   "headline": (f"渗透计划客户（n = {int(t['客户数'])}）{labels[2]}的销售额比 {labels[1]}增长 "
                                f"{t['合计增长率']:+.1%}，对照组（n = {int(k['客户数'])}）增长 {k['合计增长率']:+.1%}："
                                f"两者之差约 {100 * did:+.1f} 个百分点。"
                                f"计划开始前（{labels[0]} → {labels[1]}），两组分别增长 "
                                f"{t['前趋势增长率']:+.1%} 和 {k['前趋势增长率']:+.1%}。名单由经理挑选、不是随机分配，"
                                "这个差值更接近计划的作用，但不能全部算作计划的功劳。"),
                   "title": (f"渗透计划客户增长 {t['合计增长率']:+.0%}，对照组 {k['合计增长率']:+.0%}："
                             f"差中差约 {100 * did:+.0f} 个百分点")}
    return table
