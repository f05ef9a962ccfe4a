"""Cohort retention and the "magic number" claim, on any transaction log.

* :func:`cohort_retention` -- the retention matrix: one row per cohort (the period of each
  customer's first transaction), one column per period since; each cell is the share of the
  cohort with at least one transaction in that period. :func:`cohort_sizes`,
  :func:`pooled_retention` (size-weighted curve), :func:`cohort_table` (for display) and
  :func:`retention_title` go with it.
* :func:`magic_number_test` -- the seeds' claim "one repeat purchase lifts retention by 30%,
  five make a loyal customer with 60%+ retention", turned into a computable question;
  :func:`claim_verdicts` states what the data say about each part of the claim, and
  :func:`next_purchase_curve` shows how a different definition changes the answer.

Everything is vectorised (numpy): one sort of the (customer, period) pairs and a few
``bincount`` calls, no per-customer loop -- a million transactions take well under a second
(``benchmarks/bench_cohorts.py``). Several transactions of one customer in one period count
once; the input is not modified.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..data.transactions import _customers, _dates, _require
from ..errors import DataError, first_bad_row
from .experiments import wilson_interval

#: Accepted ``freq`` values -> period unit (M month, Q quarter, W week from Monday, Y year).
FREQS: dict[str, str] = {"M": "M", "月": "M", "Q": "Q", "季": "Q", "季度": "Q", "W": "W", "周": "W",
                         "Y": "Y", "年": "Y"}
#: How a period unit is written in Chinese column labels and sentences.
UNIT_ZH: dict[str, tuple[str, str]] = {"M": ("月", "个月"), "Q": ("季", "个季度"), "W": ("周", "周"),
                                       "Y": ("年", "年")}


def _freq(freq: str) -> str:
    unit = FREQS.get(freq) if isinstance(freq, str) else None
    if unit is None:
        raise DataError(f"不支持的周期 freq={freq!r}", f"unsupported freq={freq!r}",
                        fix_zh="可选：M 或 月、Q 或 季/季度、W 或 周（周一开始）、Y 或 年",
                        fix_en="use M (month), Q (quarter), W (week from Monday) or Y (year)")
    return unit


def _ordinals(dates: np.ndarray, unit: str) -> np.ndarray:
    """Period numbers since 1970 (int64): months, quarters, weeks from Monday or years.

    Days first (a cheap conversion), then a look-up table over the few thousand days the
    data span -- converting a million dates to months directly is ten times slower.
    """
    days = dates.astype("datetime64[D]").astype(np.int64)
    if unit == "W":
        return (days + 3) // 7
    low = int(days.min()) if len(days) else 0
    span = np.arange(low, int(days.max()) + 1 if len(days) else low + 1)
    months = span.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    table = {"M": months, "Q": months // 3, "Y": months // 12}[unit]
    return table[days - low]


def _period_index(ordinals: np.ndarray, unit: str) -> pd.PeriodIndex:
    """Our ordinals as a pandas PeriodIndex (pandas counts weeks from the week of 1970-01-01 as 1)."""
    shift = 1 if unit == "W" else 0
    return pd.PeriodIndex.from_ordinals(np.asarray(ordinals, dtype=np.int64) + shift, freq=unit)


def period_label(period: pd.Period) -> str:
    """A period as Chinese text: 2024年1月, 2024年第1季度, 2024年, or the week's Monday.

    Args:
        period: a pandas Period of freq M, Q, W or Y.

    Returns:
        The label.

    >>> period_label(pd.Period("2024-01", "M")), period_label(pd.Period("2024Q3", "Q"))
    ('2024年1月', '2024年第3季度')
    """
    code = period.freqstr[0]
    if code == "M":
        return f"{period.year}年{period.month}月"
    if code == "Q":
        return f"{period.year}年第{period.quarter}季度"
    if code == "W":
        return f"{period.start_time:%Y-%m-%d}起一周"
    return f"{period.year}年"


def _id_codes(column: pd.Series, name: str) -> np.ndarray:
    """Integer codes of customer ids; a missing id is a DataError naming its row.

    Compact integer ids go through :func:`helpers.data.transactions._customers` (a look-up,
    no hashing); other ids are hashed once by ``pd.factorize``, whose code -1 marks a missing
    id -- so no separate pass over a million text ids is needed to find blanks.
    """
    if column.dtype.kind in "iu":
        return _customers(column, name)[0]
    codes, _ = pd.factorize(column)
    missing = codes < 0
    if missing.any():
        raise DataError("客户编号为空", "a customer id is missing", fix_zh="请补上这一行的客户编号，或删除这一行",
                        fix_en="fill in the customer id or delete the row", column=name, row=first_bad_row(missing))
    return np.asarray(codes, dtype=np.int64)


def _cohort_counts(transactions: pd.DataFrame, customer_col: str, date_col: str,
                   freq: str) -> tuple[pd.PeriodIndex, np.ndarray, np.ndarray, Any]:
    """(cohort index, active counts [cohort x age], cohort sizes, last date) -- the shared core."""
    _require(transactions, [customer_col, date_col])
    unit = _freq(freq)
    if len(transactions) == 0:
        raise DataError("交易表是空的", "the transaction table is empty", fix_zh="请检查读入的文件",
                        fix_en="check the file you read")
    codes = _id_codes(transactions[customer_col], customer_col)
    dates = _dates(transactions[date_col], date_col)
    periods = _ordinals(dates, unit)
    low = int(periods.min())
    span = int(periods.max()) - low + 1
    cust, per = _distinct_pairs(codes, periods - low, span)
    starts = np.flatnonzero(np.r_[True, cust[1:] != cust[:-1]])
    first = np.repeat(per[starts], np.diff(np.r_[starts, len(cust)]))
    width = span  # ages 0 .. span-1 (the earliest cohort is the earliest period)
    counts = np.bincount(first * width + (per - first), minlength=span * width).reshape(span, width)
    sizes = np.bincount(per[starts], minlength=span)
    keep = np.flatnonzero(sizes)
    return _period_index(low + keep, unit), counts[keep], sizes[keep], dates.max()


def _distinct_pairs(codes: np.ndarray, per: np.ndarray, span: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (customer, period) pairs, customer-major and in time order.

    A presence bitmap (customers × periods) when it is small -- a scatter and a scan, no
    sort -- otherwise one sort of int64 keys.
    """
    n_cust = int(codes.max()) + 1
    keys = codes * span + per
    if n_cust * span <= 50_000_000:
        present = np.zeros(n_cust * span, dtype=bool)
        present[keys] = True
        keys = np.flatnonzero(present)
    else:  # pragma: no cover - very many customers over very many periods
        keys = np.sort(keys)
        keys = keys[np.r_[True, keys[1:] != keys[:-1]]]
    return keys // span, keys % span


def cohort_retention(transactions: pd.DataFrame, customer_col: str, date_col: str, freq: str = "M") -> pd.DataFrame:
    """The cohort retention matrix of a transaction log.

    * **Rows**: one per cohort = the period (a pandas ``Period`` of ``freq``) of each customer's
      first transaction, in order; only periods in which someone bought for the first time.
    * **Columns**: 0, 1, 2, … = periods since that first period.
    * **Cells**: the share of the cohort's customers with at least one transaction in that
      period; column 0 is therefore 1.0. Cells after the last period in the data are NaN
      (not yet observed -- not 0); observed periods without activity are 0.0.

    ``freq``: ``"M"`` (月), ``"Q"`` (季 / 季度), ``"W"`` (周, weeks from Monday) or ``"Y"`` (年).

    Args:
        transactions: one row per transaction (a trainee's export read with ``read_table`` works;
            amounts are not needed).
        customer_col: column with the customer id.
        date_col: column with the transaction date (dates or date text).
        freq: the period.

    Returns:
        A DataFrame: index ``首购期`` (PeriodIndex), columns ``距首购期数`` (0, 1, …), floats.
        ``attrs["last_date"]`` is the last date in the data.

    Raises:
        DataError: a column is missing, the table is empty, a date is missing or unreadable,
            a customer id is missing (naming the row), or ``freq`` is not supported.

    >>> tx = pd.DataFrame({"客户": list("AAABBCCD"),
    ...                    "日期": ["2024-01-05", "2024-01-20", "2024-03-02", "2024-01-31", "2024-02-01",
    ...                             "2024-02-10", "2024-04-30", "2024-03-15"]})
    >>> cohort_retention(tx, "客户", "日期")  # doctest: +NORMALIZE_WHITESPACE
    距首购期数    0    1    2    3
    首购期
    2024-01  1.0  0.5  0.5  0.0
    2024-02  1.0  0.0  1.0  NaN
    2024-03  1.0  0.0  NaN  NaN
    """
    index, counts, sizes, last = _cohort_counts(transactions, customer_col, date_col, freq)
    matrix = counts / sizes[:, None]
    rows = (index.asi8 - index.asi8[0])[:, None]  # periods from the first cohort
    ages = np.arange(counts.shape[1])[None, :]
    matrix = np.where(rows + ages > counts.shape[1] - 1, np.nan, matrix)
    out = pd.DataFrame(matrix, index=index.rename("首购期"), columns=pd.RangeIndex(counts.shape[1], name="距首购期数"))
    out.attrs["last_date"] = str(pd.Timestamp(last).date())
    return out


def cohort_sizes(transactions: pd.DataFrame, customer_col: str, date_col: str, freq: str = "M") -> pd.Series:
    """The number of customers in each cohort (same index as :func:`cohort_retention`).

    Args:
        transactions: one row per transaction.
        customer_col: column with the customer id.
        date_col: column with the transaction date.
        freq: the period (see :func:`cohort_retention`).

    Returns:
        A Series named ``首购人数``.

    >>> tx = pd.DataFrame({"c": ["A", "A", "B"], "d": ["2024-01-05", "2024-02-01", "2024-02-03"]})
    >>> cohort_sizes(tx, "c", "d").tolist()
    [1, 1]
    """
    index, _, sizes, _ = _cohort_counts(transactions, customer_col, date_col, freq)
    return pd.Series(sizes, index=index.rename("首购期"), name="首购人数")


def pooled_retention(matrix: pd.DataFrame, sizes: pd.Series) -> pd.DataFrame:
    """The retention curve of all cohorts together, weighted by cohort size.

    Value at age k = Σ (customers active at age k) ÷ Σ (cohort sizes), over the cohorts
    observed at age k -- not the mean of the percentages, which would give a cohort of 10
    the same weight as one of 1,000.

    Args:
        matrix: output of :func:`cohort_retention`.
        sizes: output of :func:`cohort_sizes` (same index).

    Returns:
        One row per age (index 距首购期数): 留存率, 同期群数, 首购人数合计.

    >>> m = pd.DataFrame([[1.0, 0.5], [1.0, float("nan")]])
    >>> pooled_retention(m, pd.Series([2, 8]))["留存率"].tolist()
    [1.0, 0.5]
    """
    values = matrix.to_numpy(dtype=float)
    n = np.asarray(sizes, dtype=float)[:, None] * np.ones_like(values)
    seen = ~np.isnan(values)
    active = np.where(seen, np.round(values * n), 0).sum(axis=0)
    base = np.where(seen, n, 0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = active / base
    out = pd.DataFrame({"留存率": rate, "同期群数": seen.sum(axis=0), "首购人数合计": base.astype(np.int64)},
                       index=pd.RangeIndex(values.shape[1], name="距首购期数"))
    out.attrs["percent"] = ["留存率"]
    return out


def cohort_table(matrix: pd.DataFrame, sizes: pd.Series, max_periods: int = 12) -> pd.DataFrame:
    """The retention matrix as trainees read it: 2024年1月, 首购人数, 第0月 … 第12月.

    Args:
        matrix: output of :func:`cohort_retention`.
        sizes: output of :func:`cohort_sizes`.
        max_periods: the last column shown.

    Returns:
        A table (index = cohort labels) with ``attrs["percent"]`` set, for :func:`helpers.show`.

    >>> m = pd.DataFrame([[1.0, 0.25]], index=pd.PeriodIndex(["2024-01"], freq="M"))
    >>> cohort_table(m, pd.Series([4], index=m.index)).columns.tolist()
    ['首购人数', '第0月', '第1月']
    """
    unit = UNIT_ZH.get(matrix.index.freqstr[0], ("期", "期"))[0] if isinstance(matrix.index, pd.PeriodIndex) \
        else "期"
    shown = matrix.iloc[:, : max_periods + 1]
    labels = [period_label(p) if isinstance(p, pd.Period) else str(p) for p in matrix.index]
    table = pd.DataFrame({"首购人数": np.asarray(sizes, dtype=np.int64)}, index=pd.Index(labels, name="首购期"))
    for k in shown.columns:
        table[f"第{k}{unit}"] = shown[k].to_numpy()
    table.attrs["percent"] = [c for c in table.columns if c != "首购人数"]
    return table


def retention_title(matrix: pd.DataFrame, sizes: pd.Series, who: str, early: int = 1, late: int = 6) -> str:
    """A chart title that states the finding: how many come back soon after the first purchase, and later.

    Uses the size-weighted curve (:func:`pooled_retention`); ``late`` falls back to the
    oldest age observed.

    Args:
        matrix: output of :func:`cohort_retention`.
        sizes: output of :func:`cohort_sizes`.
        who: the population, e.g. "山禾会员".
        early: the early age (default 1).
        late: the late age (default 6).

    Returns:
        One sentence.

    >>> m = pd.DataFrame([[1.0, 0.3, 0.2, 0.1]], index=pd.PeriodIndex(["2024-01"], freq="M"))
    >>> retention_title(m, pd.Series([100], index=m.index), "示例", late=3)
    '示例：首购后第 1 个月只有 30% 回来购买，第 3 个月只剩 10%——大多数人首购后的第一个月就没有再来'
    """
    pooled = pooled_retention(matrix, sizes)["留存率"].dropna()
    unit = UNIT_ZH.get(matrix.index.freqstr[0], ("期", "期"))[1] if isinstance(matrix.index, pd.PeriodIndex) \
        else "期"
    late = min(late, int(pooled.index.max()))
    r1, r2 = pooled.get(early, math.nan), pooled.get(late, math.nan)
    text = f"{who}：首购后第 {early} {unit}只有 {r1:.0%} 回来购买，第 {late} {unit}只剩 {r2:.0%}"
    if r1 <= 0.5:
        text += f"——大多数人首购后的第一{unit}就没有再来"
    return text


# ---------------------------------------------------------------------------------------
# The magic-number claim
# ---------------------------------------------------------------------------------------

def _purchase_days(transactions: pd.DataFrame, customer_col: str, date_col: str) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (customer code, day number) pairs, customer-major and in time order."""
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


def magic_number_test(transactions: pd.DataFrame, customer_col: str, date_col: str, first_from: Any, first_to: Any,
                      early_days: int = 90, retain_from: int = 181, retain_to: int = 365, cap: int = 5,
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
        customer_col: column with the customer id.
        date_col: column with the date.
        first_from: first day of the first-purchase window.
        first_to: last day of the first-purchase window.
        early_days: length of the grouping window.
        retain_from: first day of the retention window.
        retain_to: last day of the retention window.
        cap: the largest group ("cap 次及以上").
        data_end: the last day observed (default: the last date in the data).

    Returns:
        One row per group 0..cap: 首购后N天内复购次数, 人数, 留存人数, 留存率, 置信下限,
        置信上限 (Wilson 95%), 比0次组高（百分点）, 是0次组的几倍,
        样本少 (n < 30). Empty groups have NaN rates.

    >>> tx = pd.DataFrame({"c": list("aabb"), "d": ["2024-01-01", "2024-09-01", "2024-02-01", "2024-02-15"]})
    >>> magic_number_test(tx, "c", "d", "2024-01-01", "2024-12-31", data_end="2025-12-31")[
    ...     ["人数", "留存人数"]].head(2).values.tolist()
    [[1, 1], [1, 0]]
    """
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
    table.attrs["percent"] = ["留存率", "置信下限", "置信上限"]
    table.attrs["留存窗口"] = f"首购后第 {retain_from}–{retain_to} 天"
    table.attrs["人群"] = (f"{np.datetime64(lo, 'D')} 至 {np.datetime64(hi, 'D')} 首次购买的 {int(n.sum()):,} 位顾客；"
                         f"留存 = 首购后第 {retain_from}–{retain_to} 天内有购买")
    return table


def claim_verdicts(test: pd.DataFrame, min_n: int = 30) -> pd.DataFrame:
    """What the data say about each part of the claim (both readings of "提升 30%").

    Rules: relative reading ``r1 / r0 − 1 ≥ 0.30``; percentage-point reading ``r1 − r0 ≥ 0.30``;
    loyalty ``r(cap+) ≥ 0.60``. A comparison that involves a group of fewer than ``min_n``
    customers is "样本不足".

    Args:
        test: output of :func:`magic_number_test`.
        min_n: the smallest group size interpreted.

    Returns:
        Columns 说法, 口径, 数据结果, 是否成立 (是 / 否 / 样本不足).

    >>> t = pd.DataFrame({"人数": [100, 80, 50], "留存率": [0.10, 0.20, 0.30]})
    >>> claim_verdicts(t)["是否成立"].tolist()
    ['是', '否', '否']
    """
    n, r = test["人数"].to_numpy(), test["留存率"].to_numpy(dtype=float)
    last = len(test) - 1
    top = str(test.iloc[last, 0]) if test.columns[0] not in ("人数", "留存率") else f"第 {last} 组"

    def verdict(ok: bool, groups: list[int]) -> str:
        return "样本不足" if any(n[g] < min_n for g in groups) else ("是" if ok else "否")

    rel = r[1] / r[0] - 1 if r[0] else math.nan
    return pd.DataFrame([
        {"说法": "复购 1 次，留存提升 30% 以上", "口径": "相对提升：1 次组 ÷ 0 次组 − 1",
         "数据结果": f"{rel:+.0%}（{r[0]:.1%} → {r[1]:.1%}）", "是否成立": verdict(rel >= 0.30, [0, 1])},
        {"说法": "复购 1 次，留存提升 30% 以上", "口径": "百分点：1 次组 − 0 次组",
         "数据结果": f"{(r[1] - r[0]) * 100:+.1f} 个百分点", "是否成立": verdict(r[1] - r[0] >= 0.30, [0, 1])},
        {"说法": "复购 5 次变忠诚，留存 60% 以上", "口径": f"最高组（{top}）的留存率",
         "数据结果": f"{r[last]:.1%}", "是否成立": verdict(r[last] >= 0.60, [last])},
    ])


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


def next_purchase_curve(transactions: pd.DataFrame, customer_col: str, date_col: str, horizon_days: int = 180,
                        last_start: Any = None, cap: int = 12) -> pd.DataFrame:
    """Another definition of the same idea: after the k-th purchase, how many buy again within N days?

    Every purchase day k = 1..``cap`` of every customer counts, if it is on or before
    ``last_start`` (default: the data end minus ``horizon_days``, so that each is fully
    observed). Customers "survive" into higher k, which is exactly why this curve rises.

    Args:
        transactions: one row per transaction.
        customer_col: column with the customer id.
        date_col: column with the date.
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
