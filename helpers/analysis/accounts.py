"""Customer classification: Pareto / ABC, value x potential, 大客户 / 潜力客户 / 普通客户.

All functions are pure: they take tables and return new tables (with Chinese column names,
because trainees read them directly). Their charts are in :mod:`helpers.charts.customers`;
key-account scoring and monitoring are in :mod:`helpers.analysis.key_accounts`.

Typical flow on the case company (青岚工控, fictional)::

    metrics = account_metrics(load_case("orders"), load_case("customers"))
    pareto_sentence(metrics["销售额_万元"])            # the actual split, not "80/20"
    classify_customers(metrics)                      # 大客户 / 潜力客户 / 普通客户
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..data.transactions import _require, clean_transactions
from ..errors import DataError

if TYPE_CHECKING:  # pragma: no cover
    pass


CLASSES: tuple[str, ...] = ("大客户", "潜力客户", "普通客户")



def _as_of(dates: pd.Series, as_of: Any) -> pd.Timestamp:
    if as_of is None:
        return pd.Timestamp(dates.max()).normalize()
    try:
        stamp = pd.Timestamp(as_of)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise DataError(f"无法识别的日期：{as_of!r}", f"not a date: {as_of!r}",
                        fix_zh="请写成 '2025-12-31' 这样的日期", fix_en="give a date such as '2025-12-31'")
    return stamp.normalize()



def _top_count(top: float, n: int) -> int:
    """How many customers the top ``top`` share of ``n`` customers holds: ceil, at least one."""
    return max(1, math.ceil(top * n - 1e-9))



def _two_windows(tx: pd.DataFrame, end: pd.Timestamp, months: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of ``(end - months, end]`` and of the ``months`` before, by calendar day."""
    start = end - pd.DateOffset(months=months)
    before = start - pd.DateOffset(months=months)
    day = tx["date"].dt.normalize()
    return tx[(day > start) & (day <= end)], tx[(day > before) & (day <= start)]



def _sales_wan(tx: pd.DataFrame, ids: pd.Index) -> pd.Series:
    """Sales per customer of ``ids`` in 万元 (0 for customers without rows)."""
    return tx.groupby("customer_id")["amount"].sum().reindex(ids, fill_value=0.0) / 1e4



def account_metrics(
    orders: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    amount_col: str = "amount",
    profit_col: str | None = "gross_profit",
    as_of: Any = None,
    months: int = 12,
) -> pd.DataFrame:
    """Sales, growth, margin and recency per customer over the last ``months`` months.

    The window is ``(as_of - months, as_of]``; the comparison window is the ``months``
    before it. Amounts are converted to 万元 (10,000 yuan).

    Args:
        orders: one row per order line.
        customers: optional customer table (same ``customer_col``); its customers are all
            listed (with 0 sales if they did not buy), and ``purchase_potential_wan`` and
            ``first_order_date`` are used when present.
        customer_col: customer id column in both tables.
        date_col: order date column.
        amount_col: sales amount column (元).
        profit_col: gross profit column (元), or None.
        as_of: end of the window; default: the last order date.
        months: window length in months.

    Returns:
        A DataFrame indexed by customer with columns 销售额_万元, 上期销售额_万元, 同比增长
        (NaN when the previous window had no sales), 订单数, 毛利率 (if ``profit_col``),
        最近下单日期, 距上次下单_天, and -- with ``customers`` -- 采购潜力_万元, 钱包份额
        (销售额 / 采购潜力), 增长空间_万元 (采购潜力 - 销售额: what the customer buys elsewhere,
        the room to grow) and 合作年限 (years since the first order). ``attrs["percent"]``
        and ``attrs["signed"]`` name the share and change columns for :func:`helpers.show`.

    >>> o = pd.DataFrame({"customer_id": ["A", "A", "B"],
    ...                   "order_date": ["2024-06-01", "2025-06-01", "2025-12-31"],
    ...                   "amount": [100_000, 150_000, 20_000], "gross_profit": [0, 45_000, 5_000]})
    >>> m = account_metrics(o)
    >>> [float(x) for x in m.loc["A", ["销售额_万元", "上期销售额_万元", "同比增长", "毛利率", "距上次下单_天"]]]
    [15.0, 10.0, 0.5, 0.3, 213.0]
    >>> [float(x) for x in m.loc["B", ["销售额_万元", "上期销售额_万元", "毛利率", "距上次下单_天"]]]
    [2.0, 0.0, 0.25, 0.0]
    """
    tx = clean_transactions(orders, customer_col, date_col, amount_col)
    if profit_col is not None:
        _require(orders, [profit_col])
        tx["profit"] = pd.to_numeric(orders[profit_col], errors="coerce").to_numpy(dtype=float)
    end = _as_of(tx["date"], as_of)
    now, prev = _two_windows(tx, end, months)
    upto = tx[tx["date"].dt.normalize() <= end]

    ids = pd.Index(pd.unique(tx["customer_id"]), name=customer_col)
    if customers is not None:
        _require(customers, [customer_col])
        ids = pd.Index(customers[customer_col].to_numpy(), name=customer_col)
    out = pd.DataFrame(index=ids)
    out["销售额_万元"] = _sales_wan(now, ids)
    out["上期销售额_万元"] = _sales_wan(prev, ids)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = out["销售额_万元"] / out["上期销售额_万元"] - 1
    out["同比增长"] = growth.where(out["上期销售额_万元"] > 0)
    out["订单数"] = now.groupby("customer_id").size().reindex(ids, fill_value=0).astype(int)
    if profit_col is not None:
        profit = now.groupby("customer_id")["profit"].sum().reindex(ids, fill_value=0.0)
        out["毛利率"] = (profit / (out["销售额_万元"] * 1e4)).where(out["销售额_万元"] > 0)
    last = upto.groupby("customer_id")["date"].max().reindex(ids)
    out["最近下单日期"] = last.dt.normalize()
    out["距上次下单_天"] = (end - out["最近下单日期"]).dt.days.astype("Int64")
    if customers is not None:
        info = customers.set_index(customer_col)
        if "purchase_potential_wan" in info.columns:
            out["采购潜力_万元"] = pd.to_numeric(info["purchase_potential_wan"], errors="coerce").to_numpy()
            with np.errstate(divide="ignore", invalid="ignore"):
                out["钱包份额"] = (out["销售额_万元"] / out["采购潜力_万元"]).where(out["采购潜力_万元"] > 0)
            out["增长空间_万元"] = out["采购潜力_万元"] - out["销售额_万元"]
        if "first_order_date" in info.columns:
            first = pd.to_datetime(info["first_order_date"], errors="coerce").to_numpy()
            out["合作年限"] = ((end - pd.DatetimeIndex(first)).days / 365.25).to_numpy().round(1)
    out.attrs["percent"] = [c for c in ("毛利率", "钱包份额") if c in out.columns]
    out.attrs["signed"] = ["同比增长"]
    out.attrs["window"] = (end - pd.DateOffset(months=months) + pd.Timedelta(days=1), end)
    return out



def pareto_table(values: pd.Series, a: float = 0.8, b: float = 0.95) -> pd.DataFrame:
    """Customers sorted by value, with cumulative shares and the ABC class.

    ABC rule (stated once): walk down the customers from the largest; a customer is **A**
    while the cumulative share *before* it is below ``a`` (so the A customers together
    make up the first ``a`` of sales, the one crossing the line included), **B** while it
    is below ``b``, and **C** after that.

    Args:
        values: sales (or profit) per customer, indexed by customer.
        a: cumulative share that closes class A (default 80%).
        b: cumulative share that closes class B (default 95%).

    Returns:
        A DataFrame (largest first) with columns 排名, 销售额, 占比, 累计占比, 客户累计占比, ABC类.

    >>> t = pareto_table(pd.Series({"甲": 50.0, "乙": 30.0, "丙": 15.0, "丁": 5.0}))
    >>> t["累计占比"].round(3).tolist(), t["ABC类"].tolist()
    ([0.5, 0.8, 0.95, 1.0], ['A', 'A', 'B', 'C'])
    """
    v = pd.to_numeric(pd.Series(values), errors="coerce").fillna(0.0).astype(float)
    if (v < 0).any():
        raise DataError("帕累托分析的数值不能为负", "values for a Pareto analysis must not be negative",
                        fix_zh="请先去掉退货或负值", fix_en="remove returns or negative values first")
    if not 0 < a < b <= 1:
        raise ValueError("need 0 < a < b <= 1")
    v = v.sort_values(ascending=False, kind="stable")
    total = v.sum()
    share = v / total if total > 0 else v * 0.0
    cum = share.cumsum()
    before = cum - share
    n = len(v)
    abc = np.where(before < a - 1e-12, "A", np.where(before < b - 1e-12, "B", "C"))
    return pd.DataFrame({
        "排名": np.arange(1, n + 1),
        "销售额": v.to_numpy(),
        "占比": share.to_numpy(),
        "累计占比": cum.to_numpy(),
        "客户累计占比": np.arange(1, n + 1) / n,
        "ABC类": abc,
    }, index=v.index)



def abc_summary(pareto: pd.DataFrame) -> pd.DataFrame:
    """Customers and sales per ABC class of a :func:`pareto_table`.

    Args:
        pareto: the output of :func:`pareto_table`.

    Returns:
        One row per class A, B, C: 客户数, 客户占比, 销售额, 销售额占比.

    >>> abc_summary(pareto_table(pd.Series([50.0, 30.0, 15.0, 5.0])))["客户数"].tolist()
    [2, 1, 1]
    """
    g = pareto.groupby("ABC类")["销售额"].agg(["size", "sum"]).reindex(["A", "B", "C"], fill_value=0)
    total = float(pareto["销售额"].sum()) or 1.0
    out = pd.DataFrame({
        "客户数": g["size"].astype(int).to_numpy(),
        "客户占比": g["size"].to_numpy() / max(len(pareto), 1),
        "销售额": g["sum"].to_numpy(),
        "销售额占比": g["sum"].to_numpy() / total,
    }, index=pd.Index(["A", "B", "C"], name="ABC类"))
    out.attrs["percent"] = ["客户占比", "销售额占比"]
    return out



def top_share(values: pd.Series, top: float = 0.2) -> float:
    """Share of the total contributed by the top ``top`` of customers.

    The top group has ``ceil(top * N)`` customers (at least one).

    Args:
        values: value per customer.
        top: share of customers, e.g. 0.2 for the top 20%.

    Returns:
        A number between 0 and 1.

    >>> top_share(pd.Series([50, 30, 15, 5, 0]), 0.2)
    0.5
    """
    v = np.sort(pd.to_numeric(pd.Series(values), errors="coerce").fillna(0).to_numpy(float))[::-1]
    if len(v) == 0 or v.sum() <= 0:
        return 0.0
    return float(v[:_top_count(top, len(v))].sum() / v.sum())



def customers_for_share(values: pd.Series, share: float = 0.8) -> float:
    """The smallest share of customers (largest first) that makes up ``share`` of the total.

    Args:
        values: value per customer.
        share: the share of the total to reach, e.g. 0.8.

    Returns:
        A share of customers between 0 and 1 (0 when the total is 0).

    >>> customers_for_share(pd.Series([50, 30, 15, 5]), 0.8)
    0.5
    """
    table = pareto_table(values)
    if table.empty or table["销售额"].sum() <= 0:
        return 0.0
    reached = table["累计占比"].to_numpy() >= share - 1e-12
    return float(table["客户累计占比"].to_numpy()[np.argmax(reached)])



def buyers_only(values: pd.Series) -> pd.Series:
    """The customers who bought something (value > 0): the population of a Pareto analysis.

    A customer list usually includes customers without a purchase in the period. Kept in,
    they swell the "top 20%" with customers who do not matter to the split and make the
    concentration look higher than it is among the customers who actually buy.

    Args:
        values: value per customer (blank counts as 0).

    Returns:
        The values above 0, in the original order; ``attrs["excluded"]`` is how many
        customers were left out.

    >>> b = buyers_only(pd.Series([50.0, 0.0, 30.0, None]))
    >>> b.tolist(), b.attrs["excluded"]
    ([50.0, 30.0], 2)
    """
    v = pd.to_numeric(pd.Series(values), errors="coerce").fillna(0.0).astype(float)
    out = v[v > 0].copy()
    out.attrs["excluded"] = int(len(v) - len(out))
    return out



def pareto_sentence(values: pd.Series, top: float = 0.2, share: float = 0.8, what: str = "销售额",
                    population: str = "有购买", period: str = "") -> str:
    """The actual concentration in one Chinese sentence (instead of repeating "80/20").

    The sentence names its population and period. Only customers with a value above 0
    count (:func:`buyers_only`); how many were left out is said at the end.

    Args:
        values: value per customer.
        top: share of top customers to report on.
        share: share of the total to find the customers for.
        what: name of the value, e.g. 销售额 or 毛利.
        population: who the customers are, said before "的 N 家客户", e.g. "近 12 个月有订单".
        period: when, e.g. "2025 年"; put in front of the sentence.

    Returns:
        E.g. "在有购买的 4 家客户中，前 20% 的客户（1 家）贡献了 50.0% 的销售额；
        贡献 80% 销售额的是前 50.0% 的客户（另有 1 家客户没有购买，不计入）。"

    >>> s = pareto_sentence(pd.Series([50, 30, 15, 5, 0]), period="2025 年")
    >>> print(s.replace("；", "；\\n"))
    2025 年，在有购买的 4 家客户中，前 20% 的客户（1 家）贡献了 50.0% 的销售额；
    贡献 80% 销售额的是前 50.0% 的客户（另有 1 家客户没有购买，不计入）。
    """
    buyers = buyers_only(values)
    k = _top_count(top, len(buyers))
    excluded = buyers.attrs["excluded"]
    head = f"{period}，" if period else ""
    tail = f"（另有 {excluded:,} 家客户没有购买，不计入）" if excluded else ""
    return (f"{head}在{population}的 {len(buyers):,} 家客户中，前 {top:.0%} 的客户（{k:,} 家）贡献了 "
            f"{top_share(buyers, top):.1%} 的{what}；贡献 {share:.0%} {what}的是前 "
            f"{customers_for_share(buyers, share):.1%} 的客户{tail}。")



#: The four quadrants of the value x potential matrix: (value high, potential high) -> name, strategy.
QUADRANTS: dict[tuple[bool, bool], tuple[str, str]] = {
    (True, True): ("重点经营", "价值高、潜力大：加大投入，争取更高份额"),
    (True, False): ("稳固维护", "价值高、潜力有限：守住份额，提高服务效率"),
    (False, True): ("重点开发", "价值低、潜力大：派专人开发，份额提升空间最大"),
    (False, False): ("常规服务", "价值低、潜力小：标准化、低成本服务"),
}



def _kth_largest(values: pd.Series, top: float) -> float:
    v = np.sort(pd.to_numeric(values, errors="coerce").dropna().to_numpy(float))[::-1]
    if len(v) == 0:
        return float("nan")
    return float(v[_top_count(top, len(v)) - 1])



def value_potential_matrix(
    frame: pd.DataFrame,
    value_col: str = "销售额_万元",
    potential_col: str = "采购潜力_万元",
    value_cut: float | None = None,
    potential_cut: float | None = None,
) -> pd.DataFrame:
    """Place each customer in the value x potential matrix.

    *Value* is what the customer buys from us now; *potential* is what it could buy (its
    whole yearly purchase in our category, competitors included). A customer is "high" on
    an axis when it is at or above the cut; the default cuts are the medians.

    Args:
        frame: one row per customer.
        value_col: current value column.
        potential_col: potential column (same unit).
        value_cut: cut on value (default: median).
        potential_cut: cut on potential (default: median).

    Returns:
        A copy of ``frame`` with the columns 价值高, 潜力高 (bool), 象限 and 策略.

    >>> f = pd.DataFrame({"销售额_万元": [50, 5, 40, 2], "采购潜力_万元": [200, 300, 45, 10]})
    >>> value_potential_matrix(f)["象限"].tolist()
    ['重点经营', '重点开发', '稳固维护', '常规服务']
    """
    _require(frame, [value_col, potential_col])
    out = frame.copy()
    value = pd.to_numeric(out[value_col], errors="coerce")
    potential = pd.to_numeric(out[potential_col], errors="coerce")
    v_cut = float(value.median()) if value_cut is None else float(value_cut)
    p_cut = float(potential.median()) if potential_cut is None else float(potential_cut)
    out["价值高"] = (value >= v_cut).to_numpy()
    out["潜力高"] = (potential >= p_cut).to_numpy()
    keys = list(QUADRANTS)  # (value high, potential high) in a fixed order
    position = np.select([out["价值高"].to_numpy() & out["潜力高"].to_numpy(),
                          out["价值高"].to_numpy(), out["潜力高"].to_numpy()],
                         [keys.index((True, True)), keys.index((True, False)), keys.index((False, True))],
                         keys.index((False, False)))
    out["象限"] = np.array([QUADRANTS[k][0] for k in keys], dtype=object)[position]
    out["策略"] = np.array([QUADRANTS[k][1] for k in keys], dtype=object)[position]
    out.attrs["cuts"] = (v_cut, p_cut)
    return out



def quadrant_summary(matrix: pd.DataFrame, value_col: str = "销售额_万元") -> pd.DataFrame:
    """Customers and current sales per quadrant of :func:`value_potential_matrix`.

    Args:
        matrix: the output of :func:`value_potential_matrix`.
        value_col: current value column.

    Returns:
        One row per quadrant: 策略, 客户数, 销售额占比 (a fraction, listed in ``attrs["percent"]``).

    >>> f = pd.DataFrame({"销售额_万元": [50, 5, 40, 2], "采购潜力_万元": [200, 300, 45, 10]})
    >>> quadrant_summary(value_potential_matrix(f))["客户数"].tolist()
    [1, 1, 1, 1]
    """
    names = [name for name, _ in QUADRANTS.values()]
    value = pd.to_numeric(matrix[value_col], errors="coerce").fillna(0)
    total = float(value.sum()) or 1.0
    g = value.groupby(matrix["象限"]).agg(["size", "sum"]).reindex(names, fill_value=0)
    out = pd.DataFrame({
        "策略": [strategy for _, strategy in QUADRANTS.values()],
        "客户数": g["size"].astype(int).to_numpy(),
        "销售额占比": g["sum"].to_numpy() / total,
    }, index=pd.Index(names, name="象限"))
    out.attrs["percent"] = ["销售额占比"]
    return out



def classification_lines(
    frame: pd.DataFrame,
    value_col: str = "销售额_万元",
    potential_col: str = "采购潜力_万元",
    big_top: float = 0.2,
    big_line: float | None = None,
    potential_top: float = 0.3,
    potential_line: float | None = None,
) -> tuple[float, float]:
    """The two lines used by :func:`classify_customers`: (大客户线, 潜力线).

    Defaults: the 大客户线 is the value of the customer at the top ``big_top`` (20%) by
    current value; the 潜力线 is the potential of the customer at the top ``potential_top``
    (30%) by potential. Explicit ``big_line`` / ``potential_line`` override them.

    Args:
        frame: one row per customer.
        value_col: current value column.
        potential_col: potential column.
        big_top: share of customers (by value) above the 大客户线.
        big_line: explicit 大客户线.
        potential_top: share of customers (by potential) above the 潜力线.
        potential_line: explicit 潜力线.

    Returns:
        ``(大客户线, 潜力线)`` in the unit of the columns.

    >>> f = pd.DataFrame({"销售额_万元": [50, 20, 10, 5, 1], "采购潜力_万元": [90, 60, 200, 8, 4]})
    >>> classification_lines(f)
    (50.0, 90.0)
    """
    _require(frame, [value_col, potential_col])
    big = _kth_largest(frame[value_col], big_top) if big_line is None else float(big_line)
    pot = _kth_largest(frame[potential_col], potential_top) if potential_line is None else float(potential_line)
    return big, pot



def classify_customers(
    frame: pd.DataFrame,
    value_col: str = "销售额_万元",
    potential_col: str = "采购潜力_万元",
    big_top: float = 0.2,
    big_line: float | None = None,
    potential_top: float = 0.3,
    potential_line: float | None = None,
) -> pd.DataFrame:
    """Classify customers into 大客户 / 潜力客户 / 普通客户 by stated criteria.

    * **大客户** (large account): current value >= 大客户线. Default line: the value of the
      customer at the top 20% (``big_top``), i.e. the top 20% of customers by sales.
    * **潜力客户** (potential account): not a 大客户, and potential >= 潜力线. Default line:
      the potential of the customer at the top 30% (``potential_top``) by potential.
    * **普通客户** (ordinary customer): everyone else.

    The lines used are stored in ``result.attrs["lines"]`` and described by
    :func:`classification_rules`.

    Args:
        frame: one row per customer (e.g. from :func:`account_metrics`).
        value_col: current value column.
        potential_col: potential column.
        big_top: share of customers (by value) that are 大客户, when ``big_line`` is None.
        big_line: explicit value line for 大客户.
        potential_top: share of customers (by potential) above the 潜力线, when
            ``potential_line`` is None.
        potential_line: explicit potential line.

    Returns:
        A copy of ``frame`` with a categorical column 客户类别.

    >>> f = pd.DataFrame({"销售额_万元": [50, 20, 10, 5, 1], "采购潜力_万元": [90, 60, 200, 8, 4]})
    >>> classify_customers(f)["客户类别"].tolist()
    ['大客户', '普通客户', '潜力客户', '普通客户', '普通客户']
    """
    big, pot = classification_lines(frame, value_col, potential_col, big_top, big_line,
                                    potential_top, potential_line)
    value = pd.to_numeric(frame[value_col], errors="coerce").to_numpy(float)
    potential = pd.to_numeric(frame[potential_col], errors="coerce").to_numpy(float)
    is_big = value >= big
    is_potential = ~is_big & (potential >= pot)
    label = np.where(is_big, CLASSES[0], np.where(is_potential, CLASSES[1], CLASSES[2]))
    out = frame.copy()
    out["客户类别"] = pd.Categorical(label, categories=list(CLASSES))
    out.attrs["lines"] = (big, pot)
    return out



def classification_rules(classified: pd.DataFrame, value_col: str = "销售额_万元", unit: str = "万元") -> pd.DataFrame:
    """The criteria used by :func:`classify_customers`, with the actual lines and counts.

    Args:
        classified: the output of :func:`classify_customers`.
        value_col: current value column.
        unit: the unit written into the criteria.

    Returns:
        One row per class: 客户类别, 判定标准, 客户数, 销售额占比 (in ``attrs["percent"]``).

    >>> f = pd.DataFrame({"销售额_万元": [50, 20, 10, 5, 1], "采购潜力_万元": [90, 60, 200, 8, 4]})
    >>> classification_rules(classify_customers(f))["客户数"].tolist()
    [1, 1, 3]
    """
    big, pot = classified.attrs["lines"]
    counts = classified["客户类别"].value_counts().reindex(list(CLASSES), fill_value=0)
    value = pd.to_numeric(classified[value_col], errors="coerce").fillna(0)
    sales = value.groupby(classified["客户类别"], observed=False).sum().reindex(list(CLASSES), fill_value=0)
    total = value.sum()
    rules = [
        f"当前销售额 ≥ {big:,.1f} {unit}（大客户线）",
        f"未达大客户线，但年采购潜力 ≥ {pot:,.1f} {unit}（潜力线）",
        "其余客户",
    ]
    out = pd.DataFrame({
        "客户类别": list(CLASSES),
        "判定标准": rules,
        "客户数": counts.to_numpy(),
        "销售额占比": (sales / total if total > 0 else sales * 0).to_numpy(),
    })
    out.attrs["percent"] = ["销售额占比"]
    return out



def crosstab_labels(ours: pd.Series, theirs: pd.Series, theirs_name: str = "现有标签") -> pd.DataFrame:
    """Count customers by our class (rows) and another labelling (columns), with totals.

    Both Series are indexed by customer id and aligned on it.

    Args:
        ours: e.g. 客户类别 from :func:`classify_customers`.
        theirs: e.g. the sales team's ``account_type``.
        theirs_name: column header for ``theirs``.

    Returns:
        A count table with a 合计 row and column.

    >>> a = pd.Series(["大客户", "普通客户"], index=["C1", "C2"])
    >>> b = pd.Series(["一般客户", "一般客户"], index=["C2", "C1"])
    >>> crosstab_labels(a, b).loc["大客户", "一般客户"]
    np.int64(1)
    """
    theirs = theirs.reindex(ours.index)
    table = pd.crosstab(ours.rename(ours.name or "客户类别"), theirs.rename(theirs_name),
                        margins=True, margins_name="合计", dropna=False)
    return table



def ranked(frame: pd.DataFrame, column: str, n: int = 10) -> pd.DataFrame:
    """The ``n`` rows with the largest ``column`` (a small convenience for notebooks).

    Args:
        frame: any table.
        column: the column to rank by.
        n: how many rows to keep.

    Returns:
        The ``n`` rows, largest first (ties keep their order).

    >>> ranked(pd.DataFrame({"v": [1, 3, 2]}), "v", 2)["v"].tolist()
    [3, 2]
    """
    return frame.sort_values(column, ascending=False, kind="stable").head(n)
