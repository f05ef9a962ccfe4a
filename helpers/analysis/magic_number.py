"""The "magic number" claim tested on data: do more early repeat purchases go with higher retention?

* :func:`magic_number_test` -- the seeds' claim "one repeat purchase lifts retention by 30%,
  five make a loyal customer with 60%+ retention", turned into a computable question (who,
  how grouped, which retention window);
* :func:`claim_verdicts` -- whether the data agree with each part of the claim, *by this
  course's definitions* and as a correlation only (the groups are not random);
* :func:`magic_title` -- a chart title;
* :func:`next_purchase_curve` -- another definition of the same idea ("after the k-th
  purchase, who buys again?"), which gives a very different answer.

When ``customer_col`` / ``date_col`` are not given they are found under their usual names
(:func:`helpers.analysis.cohorts.find_columns`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..data.transactions import _customers, _dates, _require
from ..errors import DataError
from .experiments import numbered, wilson_interval

#: The verdict column of :func:`claim_verdicts`: agreement with the claim, correlation only.
VERDICT = "数据是否与说法一致（仅相关）"



def _purchase_days(transactions: pd.DataFrame, customer_col: str | None,
                   date_col: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (customer code, day number) pairs, customer-major and in time order."""
    from .cohorts import find_columns

    customer_col, date_col = find_columns(transactions, customer_col, date_col)
    _require(transactions, [customer_col, date_col])
    if len(transactions) == 0:
        raise DataError("交易表是空的", "the transaction table is empty")
    codes, _ = _customers(transactions[customer_col], customer_col)
    days = _dates(transactions[date_col], date_col).astype("datetime64[D]").astype(np.int64)
    low = int(days.min())
    span = int(days.max()) - low + 1
    keys = np.sort(codes * span + (days - low))
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]]
    return keys // span, keys % span + low


def _day(value: Any, what: str) -> int:
    stamp = pd.Timestamp(value)
    if pd.isna(stamp):
        raise DataError(f"{what}不是日期：{value!r}", f"{what} is not a date: {value!r}")
    return int(np.datetime64(stamp.date(), "D").astype(np.int64))


def magic_number_test(transactions: pd.DataFrame, customer_col: str | None = None, date_col: str | None = None,
                      first_from: Any = None, first_to: Any = None, early_days: int = 90, retain_from: int = 181,
                      retain_to: int = 365, cap: int = 5,
                      data_end: Any = None) -> pd.DataFrame:
    """Test "more repeat purchases → higher retention" on data, with honest uncertainty.

    * **Who**: customers whose first purchase day is between ``first_from`` and ``first_to``;
    * **group**: the number of purchase days in days 1..``early_days`` after the first
      (several orders on a day count once), capped at ``cap`` ("5次及以上");
    * **retained**: at least one purchase day in days ``retain_from``..``retain_to``. The gap
      between the two windows keeps the purchases that form the groups apart from those that
      measure retention.

    If some customer could not be observed to day ``retain_to`` the function refuses
    (DataError "观察期不够") rather than silently counting them as lost.

    Args:
        transactions: one row per transaction.
        customer_col: column with the customer id (``None``: found under its usual names).
        date_col: column with the date (``None``: found).
        first_from: first day of the first-purchase window (required).
        first_to: last day of the first-purchase window (required).
        early_days: length of the grouping window.
        retain_from: first day of the retention window.
        retain_to: last day of the retention window.
        cap: the largest group ("cap 次及以上").
        data_end: the last day observed (default: the last date in the data).

    Returns:
        One row per group 0..cap: 首购后N天内复购次数, 人数, 留存人数, 留存率, 置信下限,
        置信上限 (Wilson 95%), 比0次组高（百分点）, 是0次组的几倍,
        样本少 (n < 30); rows numbered from 1. Empty groups have NaN rates.

    >>> tx = pd.DataFrame({"c": list("aabb"), "d": ["2024-01-01", "2024-09-01", "2024-02-01", "2024-02-15"]})
    >>> magic_number_test(tx, "c", "d", "2024-01-01", "2024-12-31", data_end="2025-12-31")[
    ...     ["人数", "留存人数"]].head(2).values.tolist()
    [[1, 1], [1, 0]]
    """
    if first_from is None or first_to is None:
        raise DataError("请写明首购窗口：first_from（开始日）和 first_to（结束日）",
                        "first_from and first_to are required",
                        fix_zh='例如 first_from="2024-01-01", first_to="2024-12-31"',
                        fix_en='e.g. first_from="2024-01-01", first_to="2024-12-31"')
    if not 1 <= early_days < retain_from <= retain_to:
        raise DataError("窗口设置不合理：应满足 1 ≤ 分组窗口 < 留存窗口开始 ≤ 留存窗口结束",
                        "windows must satisfy 1 <= early_days < retain_from <= retain_to")
    cust, day = _purchase_days(transactions, customer_col, date_col)
    end = int(day.max()) if data_end is None else _day(data_end, "数据截止日")
    lo, hi = _day(first_from, "首购开始日"), _day(first_to, "首购结束日")
    if hi + retain_to > end:
        need = np.datetime64(hi + retain_to, "D")
        raise DataError(f"观察期不够：最晚首购的顾客要观察到 {need}，数据只到 {np.datetime64(end, 'D')}",
                        f"not enough follow-up: the latest first buyers must be observed until {need}",
                        fix_zh="把首购窗口提前，或缩短留存窗口", fix_en="move the first-purchase window earlier")
    starts = np.flatnonzero(np.r_[True, cust[1:] != cust[:-1]])
    first = day[starts]
    owner = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(cust)]))
    rel = day - first[owner]
    early = np.bincount(owner, weights=(rel >= 1) & (rel <= early_days), minlength=len(starts))
    kept = np.bincount(owner, weights=(rel >= retain_from) & (rel <= retain_to), minlength=len(starts)) > 0
    pop = (first >= lo) & (first <= hi)
    group = np.minimum(early[pop], cap).astype(np.int64)
    n = np.bincount(group, minlength=cap + 1)
    k = np.bincount(group, weights=kept[pop], minlength=cap + 1).astype(np.int64)
    rows = []
    for g in range(cap + 1):
        low, high = wilson_interval(int(k[g]), int(n[g]))
        rows.append({f"首购后{early_days}天内复购次数": f"{g}次" + ("及以上" if g == cap else ""),
                     "人数": int(n[g]), "留存人数": int(k[g]), "留存率": k[g] / n[g] if n[g] else math.nan,
                     "置信下限": low, "置信上限": high})
    table = pd.DataFrame(rows)
    r0 = table.loc[0, "留存率"]
    table["比0次组高（百分点）"] = (table["留存率"] - r0) * 100
    table["是0次组的几倍"] = table["留存率"] / r0 if r0 else math.nan
    table["样本少"] = table["人数"] < 30
    table = numbered(table)
    table.attrs["percent"] = ["留存率", "置信下限", "置信上限"]
    table.attrs["留存窗口"] = f"首购后第 {retain_from}–{retain_to} 天"
    table.attrs["人群"] = (f"{np.datetime64(lo, 'D')} 至 {np.datetime64(hi, 'D')} 首次购买的 {int(n.sum()):,} 位顾客；"
                         f"留存 = 首购后第 {retain_from}–{retain_to} 天内有购买")
    return table


def claim_verdicts(test: pd.DataFrame, min_n: int = 30) -> pd.DataFrame:
    """Whether the data agree with each part of the claim (both readings of "提升 30%"), with the n behind it.

    Rules: relative reading ``r1 / r0 − 1 ≥ 0.30``; percentage-point reading ``r1 − r0 ≥ 0.30``;
    loyalty ``r(cap+) ≥ 0.60``. A comparison that involves a group of fewer than ``min_n``
    customers is "样本不足". The answer holds only for the test's definitions (its grouping
    and retention windows) and is a correlation: "是" does not mean repeat purchases *cause*
    retention.

    Args:
        test: output of :func:`magic_number_test`.
        min_n: the smallest group size interpreted.

    Returns:
        Columns 说法, 口径, 比较的组（人数）, 数据结果, and :data:`VERDICT` (是 / 否 / 样本不足);
        rows numbered from 1.

    >>> t = pd.DataFrame({"组": ["0次", "1次", "2次及以上"], "人数": [100, 80, 50], "留存率": [0.10, 0.20, 0.30]})
    >>> claim_verdicts(t)[VERDICT].tolist()
    ['是', '否', '否']
    """
    n, r = test["人数"].to_numpy(), test["留存率"].to_numpy(dtype=float)
    last = len(test) - 1
    names = [str(x) for x in test.iloc[:, 0]] if test.columns[0] not in ("人数", "留存率") else \
        [f"第 {g} 组" for g in range(len(test))]

    def verdict(ok: bool, groups: list[int]) -> str:
        return "样本不足" if any(n[g] < min_n for g in groups) else ("是" if ok else "否")

    def who(groups: list[int]) -> str:
        return " 对 ".join(f"{names[g]}组 {int(n[g]):,} 人" for g in groups)

    rel = r[1] / r[0] - 1 if r[0] else math.nan
    return numbered(pd.DataFrame([
        {"说法": "复购 1 次，留存提升 30% 以上", "口径": "相对提升：1 次组 ÷ 0 次组 − 1",
         "比较的组（人数）": who([0, 1]), "数据结果": f"{rel:+.0%}（{r[0]:.1%} → {r[1]:.1%}）",
         VERDICT: verdict(rel >= 0.30, [0, 1])},
        {"说法": "复购 1 次，留存提升 30% 以上", "口径": "百分点：1 次组 − 0 次组", "比较的组（人数）": who([0, 1]),
         "数据结果": f"{(r[1] - r[0]) * 100:+.1f} 个百分点", VERDICT: verdict(r[1] - r[0] >= 0.30, [0, 1])},
        {"说法": "复购 5 次变忠诚，留存 60% 以上", "口径": "最高组的留存率", "比较的组（人数）": who([last]),
         "数据结果": f"{r[last]:.1%}", VERDICT: verdict(r[last] >= 0.60, [last])},
    ]))


def magic_title(test: pd.DataFrame, who: str) -> str:
    """A chart title stating what the magic-number test shows (the wording follows the verdicts).

    Args:
        test: output of :func:`magic_number_test`.
        who: the population, e.g. "山禾会员（2024 年首购）".

    Returns:
        One sentence.

    >>> t = pd.DataFrame({"人数": [100, 80, 50], "留存率": [0.10, 0.20, 0.31]})
    >>> magic_title(t, "示例")
    '示例：有复购的人留存更高，但最高组也只有 31%，不到口号说的 60%'
    """
    rates = test["留存率"].to_numpy(dtype=float)
    top = float(rates[-1])
    higher = bool(np.all(rates[1:][~np.isnan(rates[1:])] > rates[0]))
    head = f"{who}：有复购的人留存更高" if higher else f"{who}：复购多的人留存并不都更高"
    if top >= 0.60:
        return head + f"，最高组达到 {top:.0%}，口号里的 60% 在这里成立"
    return head + f"，但最高组也只有 {top:.0%}，不到口号说的 60%"


def next_purchase_curve(transactions: pd.DataFrame, customer_col: str | None = None, date_col: str | None = None,
                        horizon_days: int = 180,
                        last_start: Any = None, cap: int = 12) -> pd.DataFrame:
    """Another definition of the same idea: after the k-th purchase, how many buy again within N days?

    Every purchase day k = 1..``cap`` of every customer counts, if it is on or before
    ``last_start`` (default: the data end minus ``horizon_days``, so that each is fully
    observed). Customers "survive" into higher k, which is exactly why this curve rises.

    Args:
        transactions: one row per transaction.
        customer_col: column with the customer id (``None``: found under its usual names).
        date_col: column with the date (``None``: found).
        horizon_days: the follow-up window after each purchase.
        last_start: the latest purchase day counted.
        cap: the largest k shown.

    Returns:
        One row per k: 第k次购买, 人数, 之后N天内再买, 比例.

    >>> tx = pd.DataFrame({"c": list("aab"), "d": ["2024-01-01", "2024-02-01", "2024-01-01"]})
    >>> next_purchase_curve(tx, "c", "d", horizon_days=60, last_start="2024-01-31")["比例"].tolist()
    [0.5]
    """
    cust, day = _purchase_days(transactions, customer_col, date_col)
    end = int(day.max())
    last = end - horizon_days if last_start is None else _day(last_start, "最后起点日")
    starts = np.flatnonzero(np.r_[True, cust[1:] != cust[:-1]])
    rank = np.arange(len(cust)) - np.repeat(starts, np.diff(np.r_[starts, len(cust)])) + 1
    same_next = np.r_[cust[1:] == cust[:-1], False]
    gap = np.r_[day[1:] - day[:-1], 0]
    again = same_next & (gap <= horizon_days)
    use = (day <= last) & (rank <= cap)
    n = np.bincount(rank[use], minlength=cap + 1)[1:]
    k = np.bincount(rank[use], weights=again[use], minlength=cap + 1)[1:].astype(np.int64)
    keep = n > 0
    table = pd.DataFrame({"第k次购买": np.arange(1, cap + 1)[keep], "人数": n[keep],
                          f"之后{horizon_days}天内再买": k[keep], "比例": k[keep] / n[keep]})
    table.attrs["percent"] = ["比例"]
    return table


def next_purchase_title(curve: pd.DataFrame, who: str, late: int = 6) -> str:
    """A title for :func:`next_purchase_curve`: the share after the first and after a later purchase.

    Args:
        curve: output of :func:`next_purchase_curve`.
        who: the population, e.g. "山禾会员".
        late: the later purchase (falls back to the last one shown).

    Returns:
        One sentence.

    >>> c = pd.DataFrame({"第k次购买": [1, 2, 3], "人数": [100, 60, 40], "之后180天内再买": [60, 42, 34],
    ...                   "比例": [0.6, 0.7, 0.85]})
    >>> next_purchase_title(c, "示例")
    '示例：第 1 次购买后 180 天内再买 60%，第 3 次后 85%（越往后越是“幸存者”）'
    """
    rates = curve.set_index("第k次购买")["比例"]
    late = late if late in rates.index else int(rates.index.max())
    days = str(curve.columns[2]).removeprefix("之后").removesuffix("天内再买")
    return (f"{who}：第 1 次购买后 {days} 天内再买 {rates.iloc[0]:.0%}，第 {late} 次后 {rates[late]:.0%}"
            "（越往后越是“幸存者”）")
