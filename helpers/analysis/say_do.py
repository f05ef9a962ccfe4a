"""Say vs do (综合调研, lecture 1): what surveyed customers said beside what they did afterwards.

* :func:`revenue_change` -- each customer's sales before and after a date (the survey);
* :func:`say_vs_do` / :func:`say_vs_do_sentence` -- repurchase by survey group, with n and a
  95% interval, and the conclusion in one sentence;
* :func:`base_rate_sentence` -- what the same change looks like among *all* customers, so that
  a group's "−20%" is read against the company's own base rate;
* :func:`rank_correlation_sentence` -- satisfaction against sales change, with the n it rests on.

These functions are also importable from :mod:`helpers.analysis.diagnosis`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.parse import date_column
from ..errors import require_present as _require


def revenue_change(orders: pd.DataFrame, split: str | pd.Timestamp, months: int = 12,
                   customer: str = "customer_id", date: str = "order_date",
                   amount: str = "amount") -> pd.DataFrame:
    """Each customer's revenue in the months before and after a date (e.g. the survey date).

    Args:
        orders: one row per order (line).
        split: the dividing date; "before" is ``[split - months, split)``, "after" is
            ``[split, split + months)``.
        months: the window length on each side.
        customer, date, amount: column names.

    Returns:
        One row per customer who ordered in either window, with 之前销售额, 之后销售额,
        变化率 ((after - before) / before; blank when before is 0) and 之后有复购 (ordered
        at least once after the split).

    >>> o = pd.DataFrame({"customer_id": [1, 1, 2], "order_date": ["2023-06-01", "2024-03-01", "2023-09-01"],
    ...                   "amount": [100.0, 50.0, 80.0]})
    >>> r = revenue_change(o, "2024-01-01")
    >>> r["变化率"].tolist(), r["之后有复购"].tolist()
    ([-0.5, -1.0], [True, False])
    """
    _require(orders, [customer, date, amount])
    when = date_column(orders, date)
    start = pd.Timestamp(split)
    before = (when >= start - pd.DateOffset(months=months)) & (when < start)
    after = (when >= start) & (when < start + pd.DateOffset(months=months))
    money = pd.to_numeric(orders[amount], errors="coerce").astype(float)
    out = pd.DataFrame({
        "之前销售额": money.where(before, 0.0).groupby(orders[customer]).sum(),
        "之后销售额": money.where(after, 0.0).groupby(orders[customer]).sum(),
    })
    out = out[(out["之前销售额"] > 0) | (out["之后销售额"] > 0)]
    base = out["之前销售额"].where(out["之前销售额"] > 0)
    out["变化率"] = (out["之后销售额"] - out["之前销售额"]) / base
    out["之后有复购"] = out["之后销售额"] > 0
    out.index.name = customer
    return out



#: Groups smaller than this are flagged, not interpreted.
MIN_GROUP = 30



def _wilson(k: np.ndarray, n: np.ndarray, z: float = 1.96) -> tuple[np.ndarray, np.ndarray]:
    """95% Wilson interval of k successes out of n (NaN where n = 0)."""
    k, n = np.asarray(k, float), np.asarray(n, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half



def say_vs_do(joined: pd.DataFrame, group: str, repurchased: str = "之后有复购",
              change: str = "变化率") -> pd.DataFrame:
    """What customers said (a survey group) beside what they did (repurchase, revenue change).

    Args:
        joined: one row per surveyed customer, with the survey group (e.g. NPS group) and
            the behaviour columns from :func:`revenue_change`.
        group: the "say" column (rows of the result; blanks are shown as 未作答).
        repurchased: a True/False column.
        change: a revenue-change column (blank for customers with no revenue before).

    Returns:
        One row per group with 客户数, 复购客户数, 复购率, 复购率下限 and 复购率上限 (a 95%
        Wilson interval: with few customers the rate is uncertain), 销售额变化中位数 (among
        customers with a known change) and 样本太少 (fewer than 30 customers: not to be
        interpreted). Shares are listed in ``attrs["percent"]``.

    >>> j = pd.DataFrame({"g": ["推荐者", "推荐者", "贬损者"], "之后有复购": [True, True, False],
    ...                   "变化率": [0.1, 0.3, -0.5]})
    >>> say_vs_do(j, "g")["复购率"].to_dict()
    {'推荐者': 1.0, '贬损者': 0.0}
    """
    _require(joined, [group, repurchased, change])
    keys = joined[group].astype(object).where(joined[group].notna(), "未作答")
    grouped = joined.groupby(keys, sort=False)
    out = pd.DataFrame({
        "客户数": grouped.size(),
        "复购客户数": grouped[repurchased].sum().astype(int),
        "复购率": grouped[repurchased].mean().astype(float),
    })
    out["复购率下限"], out["复购率上限"] = _wilson(out["复购客户数"], out["客户数"])
    out["销售额变化中位数"] = grouped[change].median()
    out["样本太少"] = out["客户数"] < MIN_GROUP
    if isinstance(joined[group].dtype, pd.CategoricalDtype):
        order = [c for c in joined[group].cat.categories if c in out.index] + [i for i in out.index if i == "未作答"]
        out = out.reindex(order)
    out.index.name = group
    out.attrs["percent"] = ["复购率", "复购率下限", "复购率上限"]
    out.attrs["signed"] = ["销售额变化中位数"]
    return out



def say_vs_do_sentence(table: pd.DataFrame, high: str = "推荐者", low: str = "贬损者") -> str:
    """The conclusion of :func:`say_vs_do` in one sentence, with its uncertainty.

    Compares the repurchase rates of two groups; the difference gets a 95% interval (normal
    approximation), and a group with fewer than 30 customers is named as too small.

    Args:
        table: the output of :func:`say_vs_do`.
        high: the group that said the most (e.g. 推荐者).
        low: the group that said the least (e.g. 贬损者).

    Returns:
        A Chinese sentence.

    >>> t = pd.DataFrame({"客户数": [40, 50], "复购客户数": [30, 35]}, index=["推荐者", "贬损者"])
    >>> print(say_vs_do_sentence(t).replace("，相差", "，\\n相差").replace("：", "：\\n"))
    推荐者的复购率 75.0%（40 家中 30 家），贬损者 70.0%（50 家中 35 家），
    相差 +5.0 个百分点，95% 区间 -13.5 至 +23.5 个百分点：
    区间包含 0，这份数据不能说明推荐意愿高的客户更会复购。
    """
    n1, k1 = int(table.loc[high, "客户数"]), int(table.loc[high, "复购客户数"])
    n0, k0 = int(table.loc[low, "客户数"]), int(table.loc[low, "复购客户数"])
    small = [g for g, n in ((high, n1), (low, n0)) if n < MIN_GROUP]
    p1, p0 = k1 / n1, k0 / n0
    diff = p1 - p0
    half = 1.96 * np.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    lo, hi = (diff - half) * 100, (diff + half) * 100
    text = (f"{high}的复购率 {p1:.1%}（{n1} 家中 {k1} 家），{low} {p0:.1%}（{n0} 家中 {k0} 家），"
            f"相差 {diff * 100:+.1f} 个百分点，95% 区间 {lo:+.1f} 至 {hi:+.1f} 个百分点：")
    if small:
        return text + f"{'、'.join(small)}不足 {MIN_GROUP} 家，样本太少，先不下结论。"
    if lo > 0:
        return text + "区间在 0 以上，推荐意愿高的客户确实更常复购（这是相关，不证明是推荐意愿带来了复购）。"
    if hi < 0:
        return text + "区间在 0 以下：说推荐的客户反而复购更少，需要访谈弄清原因。"
    return text + "区间包含 0，这份数据不能说明推荐意愿高的客户更会复购。"


def base_rate_sentence(change: pd.DataFrame, label: str = "2024 年有销售额的客户",
                       before: str = "2024 年", after: str = "2025 年") -> str:
    """The base rate to read a say-vs-do table against: the change among *all* customers.

    Industrial customers order in lumps, so most of them buy less in any one year than in
    the year before even when the company grows: the growth comes from a few customers. A
    survey group's median change of -20% therefore says little until it is set beside the
    median of every customer.

    Args:
        change: the output of :func:`revenue_change` for the same windows.
        label: who the customers are (those with sales in the first window).
        before: the first window, for the sentence.
        after: the second window.

    Returns:
        A Chinese sentence: n, the median change, the share that stopped buying, and the
        company's total change.

    >>> c = pd.DataFrame({"之前销售额": [100.0, 100.0, 100.0, 0.0], "之后销售额": [50.0, 0.0, 400.0, 80.0]})
    >>> c["变化率"] = (c["之后销售额"] - c["之前销售额"]) / c["之前销售额"].where(c["之前销售额"] > 0)
    >>> print(base_rate_sentence(c).replace("；", "；\\n"))
    对照：2024 年有销售额的客户共 3 家，它们销售额变化的中位数是 -50.0%，1 家（33.3%）在 2025 年没有再下单；
    而公司整体销售额变化 +76.7%：增长集中在少数客户身上，单个客户的年度销售额本来就起伏很大。
    """
    known = change["变化率"].dropna()
    stopped = int((change.loc[known.index, "之后销售额"] <= 0).sum())
    total = float(change["之后销售额"].sum()) / float(change["之前销售额"].sum()) - 1
    return (f"对照：{label}共 {len(known):,} 家，它们销售额变化的中位数是 {known.median():+.1%}，"
            f"{stopped:,} 家（{stopped / max(len(known), 1):.1%}）在 {after}没有再下单；"
            f"而公司整体销售额变化 {total:+.1%}：增长集中在少数客户身上，单个客户的年度销售额本来就起伏很大。")


def rank_correlation_sentence(joined: pd.DataFrame, say: str = "满意度均分", do: str = "变化率",
                              group: str | None = "推荐意愿分组") -> str:
    """Spearman's rank correlation between what customers said and did, with the n behind it.

    Args:
        joined: one row per surveyed customer.
        say: the survey score column.
        do: the behaviour column (blank when unknown, e.g. no sales in the first window).
        group: a column whose blanks the scatter chart leaves out (said so in the sentence), or None.

    Returns:
        A Chinese sentence with ρ, the customers it rests on and how many the chart leaves out.

    >>> j = pd.DataFrame({"满意度均分": [1, 2, 3, 4, 5.0], "变化率": [-0.5, 0.0, None, 0.2, 0.1],
    ...                   "推荐意愿分组": ["贬损者", None, "中立者", "推荐者", "推荐者"]})
    >>> print(rank_correlation_sentence(j).replace("（", "\\n（"))
    满意度均分与销售额变化的秩相关系数 ρ = 0.80
    （4 家有前后两期销售额的客户；散点图画了其中 3 家，另 1 家推荐意愿未作答；1 = 完全同向，0 = 没有关系）
    """
    both = joined[[say, do]].apply(pd.to_numeric, errors="coerce").dropna()
    rho = float(both[say].rank().corr(both[do].rank())) if len(both) > 1 else float("nan")
    drawn = len(both)
    note = ""
    if group is not None and group in joined.columns:
        blank = int(joined.loc[both.index, group].isna().sum())
        drawn -= blank
        note = f"；散点图画了其中 {drawn:,} 家，另 {blank:,} 家推荐意愿未作答" if blank else ""
    return (f"{say}与销售额变化的秩相关系数 ρ = {rho:.2f}"
            f"（{len(both):,} 家有前后两期销售额的客户{note}；1 = 完全同向，0 = 没有关系）")


def say_vs_do_headline(table: pd.DataFrame, high: str = "推荐者", low: str = "贬损者") -> str:
    """A chart title for :func:`say_vs_do`: the difference and whether it is beyond chance.

    Args:
        table: the output of :func:`say_vs_do`.
        high: the group that said the most.
        low: the group that said the least.

    Returns:
        A short Chinese title.

    >>> t = pd.DataFrame({"客户数": [40, 50], "复购客户数": [30, 35]}, index=["推荐者", "贬损者"])
    >>> say_vs_do_headline(t)
    '推荐者的复购率比贬损者高 5.0 个百分点，差别在误差范围内'
    """
    n1, k1 = int(table.loc[high, "客户数"]), int(table.loc[high, "复购客户数"])
    n0, k0 = int(table.loc[low, "客户数"]), int(table.loc[low, "复购客户数"])
    p1, p0 = k1 / n1, k0 / n0
    half = 1.96 * np.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    diff = (p1 - p0) * 100
    word = f"高 {diff:.1f}" if diff >= 0 else f"低 {-diff:.1f}"
    if min(n1, n0) < MIN_GROUP:
        verdict = "样本太少，先不下结论"
    else:
        verdict = "差别在误差范围内" if abs(p1 - p0) <= half else "差别超出了误差范围（仍只是相关）"
    return f"{high}的复购率比{low}{word} 个百分点，{verdict}"
