"""Pareto / ABC analysis (帕累托 / ABC 分析, lecture 2): the actual concentration, stated with its population.

* :func:`buyers_only` -- the population: customers who bought in the period;
* :func:`pareto_table`, :func:`abc_summary` -- customers sorted by value with cumulative
  shares and the ABC class;
* :func:`top_share`, :func:`customers_for_share`, :func:`pareto_sentence` -- the split in numbers
  and in one sentence that names its population and period.

These functions are also importable from :mod:`helpers.analysis.accounts`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..errors import DataError


def _top_count(top: float, n: int) -> int:
    """How many customers the top ``top`` share of ``n`` customers holds: ceil, at least one."""
    return max(1, math.ceil(top * n - 1e-9))



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



def abc_summary(pareto: pd.DataFrame, unit: str = "") -> pd.DataFrame:
    """Customers and sales per ABC class of a :func:`pareto_table`.

    Args:
        pareto: the output of :func:`pareto_table`.
        unit: the unit of the values, written into the header (e.g. 万元).

    Returns:
        One row per class A, B, C: 客户数, 客户占比, 销售额 (or 销售额（<unit>）), 销售额占比.

    >>> abc_summary(pareto_table(pd.Series([50.0, 30.0, 15.0, 5.0])), unit="万元").columns.tolist()
    ['客户数', '客户占比', '销售额（万元）', '销售额占比']
    """
    g = pareto.groupby("ABC类")["销售额"].agg(["size", "sum"]).reindex(["A", "B", "C"], fill_value=0)
    total = float(pareto["销售额"].sum()) or 1.0
    out = pd.DataFrame({
        "客户数": g["size"].astype(int).to_numpy(),
        "客户占比": g["size"].to_numpy() / max(len(pareto), 1),
        f"销售额（{unit}）" if unit else "销售额": g["sum"].to_numpy(),
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
