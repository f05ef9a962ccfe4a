"""Cohort retention and the "magic number" claim, on any transaction log.

* :func:`cohort_retention` -- the retention matrix: one row per cohort (the period of each
  customer's first transaction), one column per period since; each cell is the share of the
  cohort with at least one transaction in that period. :func:`cohort_sizes`,
  :func:`pooled_retention` (size-weighted curve), :func:`cohort_table` (for display) and
  :func:`retention_title` go with it.
* :func:`returned_by` -- the two readings of a retention matrix side by side: the share
  buying *in* month k, and the share who came back *by* month k.

The magic-number test (:func:`magic_number_test` …) lives in :mod:`helpers.analysis.magic_number`
and is re-exported here.

When ``customer_col`` / ``date_col`` are not given, they are found under their usual names
(``member_id`` / ``customer_id`` / 会员编号 …, ``order_date`` / ``date`` / 下单日期 …), so that
a notebook cell reads ``cohort_retention(会员订单)``.

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

#: Accepted ``freq`` values -> period unit (M month, Q quarter, W week from Monday, Y year).
FREQS: dict[str, str] = {"M": "M", "月": "M", "Q": "Q", "季": "Q", "季度": "Q", "W": "W", "周": "W",
                         "Y": "Y", "年": "Y"}
#: How a period unit is written in Chinese column labels and sentences.
UNIT_ZH: dict[str, tuple[str, str]] = {"M": ("月", "个月"), "Q": ("季", "个季度"), "W": ("周", "周"),
                                       "Y": ("年", "年")}


#: Column names tried, in order, when the id or the date column is not given.
ID_NAMES: tuple[str, ...] = ("member_id", "customer_id", "会员编号", "客户编号", "顾客编号", "用户编号")
DATE_NAMES: tuple[str, ...] = ("order_date", "date", "下单日期", "订单日期", "购买日期", "日期")


def find_columns(frame: pd.DataFrame, customer_col: str | None = None,
                 date_col: str | None = None) -> tuple[str, str]:
    """The customer id and date columns: as given, or the first of their usual names present.

    Args:
        frame: the transactions.
        customer_col: the id column, or ``None`` to look for :data:`ID_NAMES`.
        date_col: the date column, or ``None`` to look for :data:`DATE_NAMES`.

    Returns:
        ``(customer_col, date_col)``.

    Raises:
        DataError: a column is not given and none of its usual names is present.

    >>> find_columns(pd.DataFrame(columns=["order_id", "member_id", "order_date"]))
    ('member_id', 'order_date')
    """
    _require(frame, [])
    found = []
    for given, names, what, arg in ((customer_col, ID_NAMES, "客户编号", "customer_col"),
                                    (date_col, DATE_NAMES, "日期", "date_col")):
        hit = given if given is not None else next((c for c in names if c in frame.columns), None)
        if hit is None:
            raise DataError(f"没有找到{what}列（找过：{'、'.join(names)}）",
                            f"no {arg} found (tried {', '.join(names)})",
                            fix_zh=f"请用 {arg}=\"列名\" 写明是哪一列", fix_en=f"name it with {arg}=...")
        found.append(hit)
    return found[0], found[1]


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


def _cohort_counts(transactions: pd.DataFrame, customer_col: str | None, date_col: str | None,
                   freq: str) -> tuple[pd.PeriodIndex, np.ndarray, np.ndarray, Any]:
    """(cohort index, active counts [cohort x age], cohort sizes, last date) -- the shared core."""
    customer_col, date_col = find_columns(transactions, customer_col, date_col)
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


def cohort_retention(transactions: pd.DataFrame, customer_col: str | None = None, date_col: str | None = None,
                     freq: str = "M") -> pd.DataFrame:
    """The cohort retention matrix of a transaction log.

    * **Rows**: one per cohort = the period (a pandas ``Period`` of ``freq``) of each customer's
      first transaction, in order; only periods in which someone bought for the first time.
    * **Columns**: 0, 1, 2, … = periods since that first period.
    * **Cells**: the share of the cohort's customers with at least one transaction *in* that
      period (not "still there": a customer may skip month 2 and buy in month 3); column 0
      is therefore 1.0. Periods are calendar periods: a first purchase on 31 January reaches
      month 1 the next day. Cells after the last period in the data are NaN (not yet
      observed -- not 0); observed periods without activity are 0.0.

    ``freq``: ``"M"`` (月), ``"Q"`` (季 / 季度), ``"W"`` (周, weeks from Monday) or ``"Y"`` (年).

    Args:
        transactions: one row per transaction (a trainee's export read with ``read_table`` works;
            amounts are not needed).
        customer_col: column with the customer id (``None``: found by :func:`find_columns`).
        date_col: column with the transaction date (dates or date text; ``None``: found).
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


def cohort_sizes(transactions: pd.DataFrame, customer_col: str | None = None, date_col: str | None = None,
                 freq: str = "M") -> pd.Series:
    """The number of customers in each cohort (same index as :func:`cohort_retention`).

    Args:
        transactions: one row per transaction.
        customer_col: column with the customer id (``None``: found by :func:`find_columns`).
        date_col: column with the transaction date (``None``: found).
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
    """A chart title that states the finding: the share buying *in* an early and in a later period.

    Uses the size-weighted curve (:func:`pooled_retention`); ``late`` falls back to the
    oldest age observed. The wording says "in that month" -- a cell is not the share still
    around (see :func:`returned_by`).

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
    '示例：首购后第 1 个月有 30% 回来购买，第 3 个月当月购买的占 10%'
    """
    pooled = pooled_retention(matrix, sizes)["留存率"].dropna()
    unit = UNIT_ZH.get(matrix.index.freqstr[0], ("期", "期"))[1] if isinstance(matrix.index, pd.PeriodIndex) \
        else "期"
    late = min(late, int(pooled.index.max()))
    r1, r2 = pooled.get(early, math.nan), pooled.get(late, math.nan)
    return f"{who}：首购后第 {early} {unit}有 {r1:.0%} 回来购买，第 {late} {unit}当{unit[-1]}购买的占 {r2:.0%}"


def returned_by(transactions: pd.DataFrame, customer_col: str | None = None, date_col: str | None = None,
                ages: tuple[int, ...] = (1, 3, 6, 12), freq: str = "M") -> pd.DataFrame:
    """Two readings of the retention matrix: buying *in* period k, and having come back *by* period k.

    For each age k, over the customers whose cohort is observed up to period k:

    * 当月有购买 -- bought in period k itself (the size-weighted matrix column,
      :func:`pooled_retention`);
    * 到这个月为止回来过 -- bought in at least one of the periods 1..k (came back at least
      once). This one only rises; the first one can fall while many customers are still around.

    Args:
        transactions: one row per transaction.
        customer_col: the id column (``None``: found by :func:`find_columns`).
        date_col: the date column (``None``: found).
        ages: the ages shown.
        freq: the period (see :func:`cohort_retention`).

    Returns:
        One row per age (index 第 k 个月 …): 首购人数 (the denominator), 当月有购买,
        到这个月为止回来过 (fractions, ``attrs["percent"]``; 季 / 周 / 年 for other periods).

    >>> tx = pd.DataFrame({"c": list("AABBC"), "d": ["2024-01-05", "2024-03-01", "2024-01-20", "2024-02-02",
    ...                                               "2024-01-09"]})
    >>> returned_by(tx, "c", "d", ages=(1, 2)).round(3)  # doctest: +NORMALIZE_WHITESPACE
            首购人数  当月有购买  到这个月为止回来过
    第 1 个月     3  0.333      0.333
    第 2 个月     3  0.333      0.667
    """
    customer_col, date_col = find_columns(transactions, customer_col, date_col)
    index, counts, sizes, _ = _cohort_counts(transactions, customer_col, date_col, freq)
    unit = _freq(freq)
    periods = _ordinals(_dates(transactions[date_col], date_col), unit)
    low = int(periods.min())
    span = int(periods.max()) - low + 1
    cust, per = _distinct_pairs(_id_codes(transactions[customer_col], customer_col), periods - low, span)
    starts = np.flatnonzero(np.r_[True, cust[1:] != cust[:-1]])
    first = per[starts]
    has_second = np.diff(np.r_[starts, len(cust)]) > 1
    back = np.where(has_second, per[np.minimum(starts + 1, len(per) - 1)] - first, np.iinfo(np.int64).max)
    cohort_age = (index.asi8 - index.asi8[0]).astype(np.int64)  # cohort position in periods
    oldest = counts.shape[1] - 1 - cohort_age                      # the oldest age each cohort reached
    rows = {}
    word = UNIT_ZH[unit][1]
    for k in ages:
        seen = oldest >= k
        base = int(sizes[seen].sum())
        if base == 0:
            continue
        now = float(counts[seen, k].sum()) / base
        reached = (span - 1 - first) >= k
        rows[f"第 {k} {word}"] = (float(base), now, float((back[reached] <= k).sum()) / base)
    now_col, by_col = f"当{UNIT_ZH[unit][0]}有购买", f"到这{word}为止回来过"
    out = pd.DataFrame.from_dict(rows, orient="index", columns=["首购人数", now_col, by_col])
    out["首购人数"] = out["首购人数"].astype(np.int64)
    out.attrs["percent"] = [now_col, by_col]
    return out


def population(table: pd.DataFrame) -> str:
    """The population line a lecture table carries (who, which period), for a caption.

    Args:
        table: a table from this course's functions with ``attrs["人群"]``.

    Returns:
        The text, or an empty string.

    >>> t = pd.DataFrame({"a": [1]})
    >>> t.attrs["人群"] = "2024 年首购的 10 位顾客"
    >>> population(t)
    '2024 年首购的 10 位顾客'
    """
    return str(table.attrs.get("人群", ""))


from .magic_number import claim_verdicts, magic_number_test, magic_title, next_purchase_curve  # noqa: E402

__all__ = ["DATE_NAMES", "FREQS", "ID_NAMES", "UNIT_ZH", "claim_verdicts", "cohort_retention", "cohort_sizes",
           "cohort_table", "find_columns", "magic_number_test", "magic_title", "next_purchase_curve", "period_label",
           "pooled_retention", "population", "retention_title", "returned_by"]
