"""RFM: how recently, how often and how much each customer buys -- and RFM scoring.

Two summaries of a transaction log are offered, because two traditions use the letters RFM:

* :func:`rfm_summary` -- the *modelling* definitions of the ``lifetimes`` package
  (``summary_data_from_transaction_data``), exactly: ``frequency`` counts *repeat* purchase
  periods, ``recency`` is the age of the customer at the last purchase, ``T`` the age at the
  end of observation and ``monetary_value`` the mean of the repeat periods' amounts. Use it
  with lifetimes' BG/NBD and Gamma-Gamma models.
* :func:`rfm_table` -- the *marketing* definitions used for RFM scoring: days since the last
  purchase, number of purchase days, total amount.

Scoring (:func:`score_values`, :func:`rfm_scores`) turns each of R, F and M into a score
1..5 (5 = best) with one documented tie policy, and two explicit segment tables turn scores
into customer groups: the Chinese 8-class map (:func:`rfm8_table`, :func:`rfm8_segments`)
and a named-segment map on the R x F grid (:func:`named_segment_table`,
:func:`named_segments`).

Everything is vectorised (numpy / pandas); there is no per-customer Python loop.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import DataError, first_bad_row, require_present

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

#: Period units accepted by ``freq`` (the same as lifetimes accepts): weeks (starting on
#: Monday, as pandas' ``W`` periods), days, hours, minutes, seconds.
FREQ_UNITS: tuple[str, ...] = ("W", "D", "h", "m", "s")
_FREQ_NAMES_ZH = {"W": "周", "D": "天", "h": "小时", "m": "分钟", "s": "秒"}


# ---------------------------------------------------------------------------------------
# Reading and checking the transaction log
# ---------------------------------------------------------------------------------------

def _require(frame: pd.DataFrame, columns: Sequence[str]) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise DataError(
            "需要一张表（DataFrame）作为交易记录",
            f"expected a pandas DataFrame of transactions, got {type(frame).__name__}",
            fix_zh="先用 helpers.read_table(...) 读入文件，再把结果传进来",
            fix_en="read the file with helpers.read_table(...) first",
        )
    require_present(frame, columns, "交易表", "the transactions")


def _dates(column: pd.Series, name: str) -> np.ndarray:
    """The column as a numpy datetime64 array; unreadable or missing dates are an error."""
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        column = column.dt.tz_localize(None)
    if not pd.api.types.is_datetime64_dtype(column.dtype):
        raw = column
        parsed = pd.to_datetime(raw, errors="coerce")
        if (parsed.isna() & raw.notna()).any():
            parsed = pd.to_datetime(raw, errors="coerce", format="mixed")
        bad = (parsed.isna() & raw.notna()).to_numpy()
        if bad.any():
            value = raw.iloc[int(np.flatnonzero(bad)[0])]
            raise DataError(
                f"无法识别的日期：{value!r}",
                f"not a date: {value!r}",
                fix_zh="请把日期写成 2024-03-15 这样的格式",
                fix_en="write dates like 2024-03-15",
                column=name,
                row=first_bad_row(bad),
            )
        column = parsed
    values = column.to_numpy()
    missing = np.isnat(values)
    if missing.any():
        raise DataError(
            "日期为空",
            "a date is missing",
            fix_zh="请补上这一行的日期，或删除这一行",
            fix_en="fill in the date or delete the row",
            column=name,
            row=first_bad_row(missing),
        )
    return values


def _amounts(column: pd.Series, name: str) -> np.ndarray:
    """The column as float64; text, missing or negative amounts are an error."""
    values = pd.to_numeric(column, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    bad = np.isnan(values)
    if bad.any():
        value = column.iloc[int(np.flatnonzero(bad)[0])]
        raise DataError(
            f"金额不是数字或为空：{value!r}",
            f"an amount is not a number or is missing: {value!r}",
            fix_zh="请把金额改成数字（不要带“元”或千分位逗号），或删除这一行",
            fix_en="make the amount a plain number, or delete the row",
            column=name,
            row=first_bad_row(bad),
        )
    negative = values < 0
    if negative.any():
        raise DataError(
            f"金额为负数：{values[negative][0]:g}（可能是退货）",
            f"a negative amount: {values[negative][0]:g} (a return?)",
            fix_zh="RFM 只统计购买：请先删除退货行，或把退货与原订单抵消后再分析",
            fix_en="RFM counts purchases only: remove returns or net them against their orders",
            column=name,
            row=first_bad_row(negative),
        )
    return values


def _check_ids(column: pd.Series, name: str) -> None:
    missing = column.isna().to_numpy()
    if missing.any():
        raise DataError(
            "客户编号为空",
            "a customer id is missing",
            fix_zh="请补上这一行的客户编号，或删除这一行",
            fix_en="fill in the customer id or delete the row",
            column=name,
            row=first_bad_row(missing),
        )


def _customers(column: pd.Series, name: str) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (sorted order when the ids can be sorted) and the unique ids."""
    _check_ids(column, name)
    values = column.to_numpy()
    if values.dtype.kind in "iu" and len(values):
        # Integer ids in a compact range (the usual case): a lookup table, no hashing.
        lo, hi = int(values.min()), int(values.max())
        if hi - lo < 4 * len(values) + 1024:
            offset = values.astype(np.int64) - lo
            present = np.zeros(hi - lo + 1, dtype=bool)
            present[offset] = True
            lookup = np.cumsum(present) - 1
            ids = (np.flatnonzero(present) + lo).astype(values.dtype)
            return lookup[offset], pd.Index(ids, name=name)
    try:
        codes, uniques = pd.factorize(column, sort=True)
    except TypeError:  # ids of mixed types cannot be sorted
        codes, uniques = pd.factorize(column.astype(str), sort=True)
    return np.asarray(codes, dtype=np.int64), pd.Index(uniques, name=name)


def _check_freq(freq: str) -> None:
    if freq not in FREQ_UNITS:
        raise DataError(
            f"不支持的时间单位 freq={freq!r}",
            f"unsupported freq={freq!r}",
            fix_zh="freq 可选：" + "、".join(f"{k}（{v}）" for k, v in _FREQ_NAMES_ZH.items()),
            fix_en="use one of " + ", ".join(FREQ_UNITS),
        )


def _periods(dates: np.ndarray, freq: str) -> np.ndarray:
    """Whole periods since 1970-01-01 (int64); weeks start on Monday like pandas' ``W``.

    ``freq`` must already be checked with :func:`_check_freq`.
    """
    if freq == "W":
        days = dates.astype("datetime64[D]").astype(np.int64)
        return (days + 3) // 7  # 1970-01-01 is a Thursday; day -3 is a Monday
    return dates.astype(f"datetime64[{freq}]").astype(np.int64)


def _period_start(period: np.ndarray | int, freq: str) -> pd.DatetimeIndex:
    """The first moment of each period (inverse of :func:`_periods`)."""
    p = np.atleast_1d(np.asarray(period, dtype=np.int64))
    if freq == "W":
        return pd.DatetimeIndex((p * 7 - 3).astype("datetime64[D]"))
    return pd.DatetimeIndex(p.astype(f"datetime64[{freq}]"))


def clean_transactions(
    transactions: pd.DataFrame,
    customer_col: str = "customer_id",
    date_col: str = "date",
    amount_col: str = "amount",
) -> pd.DataFrame:
    """Check a transaction log and return it with fixed types and standard column names.

    The same checks as :func:`rfm_summary` (missing columns, unreadable or missing dates,
    amounts that are not numbers or are negative, missing customer ids), each reported
    as a bilingual :class:`~helpers.errors.DataError` naming the column and the row.

    Args:
        transactions: one row per transaction.
        customer_col: column with the customer id.
        date_col: column with the purchase date (dates or date text).
        amount_col: column with the amount.

    Returns:
        A new DataFrame with columns ``customer_id``, ``date`` (datetime64) and ``amount``
        (float), in the original row order.

    >>> clean_transactions(pd.DataFrame({"客户": ["A"], "日期": ["2024/3/5"], "金额": ["12.5"]}),
    ...                    "客户", "日期", "金额")
      customer_id       date  amount
    0           A 2024-03-05    12.5
    """
    _require(transactions, [customer_col, date_col, amount_col])
    ids = transactions[customer_col]
    _check_ids(ids, customer_col)
    return pd.DataFrame({
        "customer_id": ids.to_numpy(),
        "date": pd.DatetimeIndex(_dates(transactions[date_col], date_col)),
        "amount": _amounts(transactions[amount_col], amount_col),
    })


@dataclass(frozen=True)
class _Aggregate:
    """Per-customer aggregates of a transaction log, in periods of ``freq``."""

    customers: pd.Index     # one entry per customer that bought by the observation end
    n_periods: np.ndarray   # number of distinct purchase periods (>= 1)
    first: np.ndarray       # first purchase period (int)
    last: np.ndarray        # last purchase period (int)
    end: int                # observation end period
    total: np.ndarray       # total amount over all periods
    repeat_total: np.ndarray  # total amount over the repeat periods (all but the first)


def _aggregate(
    transactions: pd.DataFrame,
    customer_col: str,
    date_col: str,
    amount_col: str | None,
    observation_end: Any,
    freq: str,
) -> _Aggregate:
    columns = [customer_col, date_col] + ([amount_col] if amount_col is not None else [])
    _require(transactions, columns)
    _check_freq(freq)
    codes, uniques = _customers(transactions[customer_col], customer_col)
    periods = _periods(_dates(transactions[date_col], date_col), freq)
    if amount_col is not None:
        amounts = _amounts(transactions[amount_col], amount_col)
    else:
        amounts = np.zeros(len(periods))

    if observation_end is None:
        end = int(periods.max()) if len(periods) else 0
    else:
        try:
            stamp = pd.Timestamp(observation_end)
        except (TypeError, ValueError):
            stamp = pd.NaT
        if pd.isna(stamp):
            raise DataError(
                f"无法识别的观察截止日期：{observation_end!r}",
                f"observation_end is not a date: {observation_end!r}",
                fix_zh="请写成 '2024-12-31' 这样的日期",
                fix_en="give a date such as '2024-12-31'",
            )
        if stamp.tzinfo is not None:
            stamp = stamp.tz_localize(None)
        end = int(_periods(np.array([stamp.to_datetime64()]), freq)[0])
        keep = periods <= end
        if not keep.all():
            codes, periods, amounts = codes[keep], periods[keep], amounts[keep]

    empty = np.zeros(0, dtype=np.int64)
    if len(codes) == 0:
        return _Aggregate(uniques[:0], empty, empty, empty, end, empty.astype(float),
                          empty.astype(float))

    # The distinct (customer, period) pairs = the purchase periods. One int64 key per pair,
    # customer-major, so that sorting the keys lists each customer's periods in time order
    # (np.sort of int64 is much faster than argsort or a hash group-by).
    n_cust = len(uniques)
    low = int(periods.min())
    span = int(periods.max()) - low + 1
    if span * (n_cust + 1) < 2**62:
        keys = np.sort(codes * span + (periods - low))
        distinct = keys[np.r_[True, keys[1:] != keys[:-1]]]
        cust, per = distinct // span, distinct % span + low
    else:  # pragma: no cover - astronomically many periods (seconds over centuries)
        order = np.lexsort((periods, codes))
        c, p = codes[order], periods[order]
        new = np.r_[True, (c[1:] != c[:-1]) | (p[1:] != p[:-1])]
        cust, per = c[new], p[new]

    starts = np.flatnonzero(np.r_[True, cust[1:] != cust[:-1]])
    ends = np.r_[starts[1:], len(cust)] - 1
    buyers = cust[starts]  # codes of the customers who bought by the observation end
    first = np.zeros(n_cust, dtype=np.int64)
    first[buyers] = per[starts]
    # Amounts need no grouping by period: a customer's repeat total is the sum of every
    # transaction outside their first purchase period.
    repeat = np.where(periods == first[codes], 0.0, amounts)
    return _Aggregate(
        customers=uniques[buyers],
        n_periods=np.diff(np.r_[starts, len(cust)]),
        first=per[starts],
        last=per[ends],
        end=end,
        total=np.bincount(codes, weights=amounts, minlength=n_cust)[buyers],
        repeat_total=np.bincount(codes, weights=repeat, minlength=n_cust)[buyers],
    )


# ---------------------------------------------------------------------------------------
# Summaries
# ---------------------------------------------------------------------------------------

def rfm_summary(
    transactions: pd.DataFrame,
    customer_col: str = "customer_id",
    date_col: str = "date",
    amount_col: str = "amount",
    observation_end: Any = None,
    freq: str = "D",
) -> pd.DataFrame:
    """Frequency, recency, T and monetary value per customer, as lifetimes defines them.

    The result equals ``lifetimes.utils.summary_data_from_transaction_data(transactions,
    customer_col, date_col, monetary_value_col=amount_col, observation_period_end=
    observation_end, freq=freq)`` (tested on the CDNOW master data), computed with a few
    vectorised numpy passes instead of pandas period conversion and several group-bys.

    Definitions (time is counted in whole periods of ``freq``; every timestamp is first
    moved to the start of its period, e.g. to its day for ``"D"``, its Monday for ``"W"``):

    * a customer's *purchase periods* are the distinct periods in which they bought; amounts
      in the same period are **summed** into one purchase;
    * ``frequency`` -- the number of **repeat** purchase periods: all purchase periods except
      the first. A one-time buyer has frequency 0;
    * ``recency`` -- periods between the first and the last purchase period (0 for one-time
      buyers). Note: this is the customer's *age at the last purchase*, not "time since the
      last purchase" (that is ``T - recency``);
    * ``T`` -- periods between the first purchase period and ``observation_end``;
    * ``monetary_value`` -- the **mean** of the repeat purchase periods' amounts; the first
      purchase is left out, and one-time buyers get 0.

    Transactions after ``observation_end`` (compared by period) are ignored; customers who
    first bought after it do not appear.

    Args:
        transactions: one row per transaction.
        customer_col: column with the customer id.
        date_col: column with the purchase date or time (dates or date text).
        amount_col: column with the amount of the transaction (>= 0).
        observation_end: the end of observation (a date); default: the last date in the data.
        freq: the period unit: ``"W"``, ``"D"`` (default), ``"h"``, ``"m"`` or ``"s"``.

    Returns:
        A DataFrame indexed by customer id (sorted) with float columns ``frequency``,
        ``recency``, ``T`` and ``monetary_value``.

    Raises:
        DataError: a column is missing, a date cannot be read, an amount is not a number or
            is negative, a customer id is missing, or ``freq`` is not supported.

    >>> tx = pd.DataFrame({"customer_id": ["A", "A", "A", "B"],
    ...                    "date": ["2024-01-01", "2024-01-01", "2024-01-11", "2024-01-05"],
    ...                    "amount": [10.0, 5.0, 30.0, 8.0]})
    >>> rfm_summary(tx, "customer_id", "date", "amount", observation_end="2024-01-31")  # doctest: +NORMALIZE_WHITESPACE
                 frequency  recency     T  monetary_value
    customer_id
    A                  1.0     10.0  30.0            30.0
    B                  0.0      0.0  26.0             0.0
    """
    agg = _aggregate(transactions, customer_col, date_col, amount_col, observation_end, freq)
    frequency = (agg.n_periods - 1).astype(float)
    monetary = np.where(frequency > 0, agg.repeat_total / np.maximum(frequency, 1), 0.0)
    return pd.DataFrame(
        {
            "frequency": frequency,
            "recency": (agg.last - agg.first).astype(float),
            "T": (agg.end - agg.first).astype(float),
            "monetary_value": monetary.astype(float),
        },
        index=agg.customers,
    )


def rfm_table(
    transactions: pd.DataFrame,
    customer_col: str = "customer_id",
    date_col: str = "date",
    amount_col: str = "amount",
    observation_end: Any = None,
) -> pd.DataFrame:
    """Recency, frequency and monetary value per customer, as marketers score them.

    Definitions (by calendar day; purchases on the same day count as one purchase):

    * ``recency_days`` -- days from the last purchase to ``observation_end`` (0 = bought on
      the last day). **Smaller is better.**
    * ``purchases`` -- the number of purchase days, the first one included (>= 1). It equals
      lifetimes' ``frequency + 1``.
    * ``monetary`` -- the total amount bought up to ``observation_end``.
    * ``first_purchase`` / ``last_purchase`` -- the dates of the first and last purchase.

    Args:
        transactions: one row per transaction.
        customer_col: column with the customer id.
        date_col: column with the purchase date.
        amount_col: column with the amount (>= 0).
        observation_end: the end of observation; default: the last date in the data.

    Returns:
        A DataFrame indexed by customer id with the columns above.

    >>> tx = pd.DataFrame({"customer_id": ["A", "A", "A", "B"],
    ...                    "date": ["2024-01-01", "2024-01-01", "2024-01-11", "2024-01-05"],
    ...                    "amount": [10.0, 5.0, 30.0, 8.0]})
    >>> rfm_table(tx, observation_end="2024-01-31")[["recency_days", "purchases", "monetary"]]  # doctest: +NORMALIZE_WHITESPACE
                 recency_days  purchases  monetary
    customer_id
    A                      20          2      45.0
    B                      26          1       8.0
    """
    agg = _aggregate(transactions, customer_col, date_col, amount_col, observation_end, "D")
    return pd.DataFrame(
        {
            "recency_days": (agg.end - agg.last).astype(np.int64),
            "purchases": agg.n_periods.astype(np.int64),
            "monetary": agg.total.astype(float),
            "first_purchase": _period_start(agg.first, "D"),
            "last_purchase": _period_start(agg.last, "D"),
        },
        index=agg.customers,
    )


# ---------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------

def score_values(
    values: Sequence[float] | np.ndarray | pd.Series,
    n_scores: int = 5,
    higher_is_better: bool = True,
    edges: Sequence[float] | None = None,
) -> np.ndarray:
    """Scores 1..n_scores (n_scores = best) for one RFM dimension.

    **Tie policy (rank-based scoring, the default).** A customer's score depends on the
    share of customers who are strictly *worse*: ``score = 1 + floor(n_scores * worse / N)``.
    Equal values therefore always get the same score, and a tied group gets the **lowest**
    score of the positions it occupies. Plain quantile cuts break on real data -- more than
    half of CDNOW's customers bought only once, so a "20% per score" cut would have to give
    identical customers different scores (or fail with duplicate bin edges). With this
    policy all one-time buyers share F = 1, and some scores may be empty; that is honest.

    **Fixed bins.** With ``edges`` (``n_scores - 1`` increasing numbers) the score is
    ``1 +`` the number of edges the value reaches (``value >= edge``) for
    ``higher_is_better``, or ``1 +`` the number of edges the value stays at or below
    (``value <= edge``) otherwise. E.g. purchases with ``edges=(2, 3, 5, 10)`` score 1 for
    one purchase, 2 for two, 3 for 3-4, 4 for 5-9, 5 for 10 or more.

    Args:
        values: one number per customer.
        n_scores: number of score levels (default 5).
        higher_is_better: False for recency in days (a recent purchase is good).
        edges: fixed bin edges instead of ranks.

    Returns:
        An int array of scores.

    >>> score_values([0, 0, 0, 0, 0, 0, 1, 1, 2, 5])       # 60% one-time buyers
    array([1, 1, 1, 1, 1, 1, 4, 4, 5, 5])
    >>> score_values([3, 40, 200, 400], higher_is_better=False)  # days since last purchase
    array([4, 3, 2, 1])
    >>> score_values([1, 2, 3, 4, 7, 12], edges=(2, 3, 5, 10))
    array([1, 2, 3, 3, 4, 5])
    """
    x = np.asarray(values, dtype=float)
    if n_scores < 2:
        raise ValueError("n_scores must be at least 2")
    if np.isnan(x).any():
        raise DataError("评分数据中有空值", "values to score contain missing values",
                        fix_zh="请先去掉空值", fix_en="drop missing values first")
    if edges is not None:
        e = np.asarray(edges, dtype=float)
        if len(e) != n_scores - 1 or np.any(np.diff(e) <= 0):
            raise ValueError(f"edges must be {n_scores - 1} strictly increasing numbers")
        if higher_is_better:
            return (1 + np.searchsorted(e, x, side="right")).astype(np.int64)
        return (n_scores - np.searchsorted(e, x, side="left")).astype(np.int64)
    n = len(x)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    ordered = np.sort(x)
    if higher_is_better:
        worse = np.searchsorted(ordered, x, side="left")
    else:
        worse = n - np.searchsorted(ordered, x, side="right")
    return (1 + (worse * n_scores) // n).astype(np.int64)


def rfm_scores(
    table: pd.DataFrame,
    n_scores: int = 5,
    edges: Mapping[str, Sequence[float]] | None = None,
) -> pd.DataFrame:
    """Add R, F, M scores (1..n_scores, higher = better) to an :func:`rfm_table`.

    * ``R`` scores ``recency_days`` -- **fewer days since the last purchase = higher R**
      (recent = good = 5);
    * ``F`` scores ``purchases``; ``M`` scores ``monetary``.

    Each uses :func:`score_values` (rank-based, ties share the lowest score) unless
    ``edges`` gives fixed bins for it, e.g. ``edges={"F": (2, 3, 5, 10)}``.

    Args:
        table: output of :func:`rfm_table` (columns recency_days, purchases, monetary).
        n_scores: number of score levels.
        edges: optional fixed bin edges per letter ``"R"`` / ``"F"`` / ``"M"`` (for R in
            days, e.g. ``(30, 90, 180, 365)`` scores 5 for <= 30 days).

    Returns:
        A copy of ``table`` with int columns ``R``, ``F``, ``M`` and the text code ``RFM``
        (e.g. ``"545"``).

    >>> t = pd.DataFrame({"recency_days": [5, 100, 300, 20],
    ...                   "purchases": [6, 1, 1, 2], "monetary": [900.0, 50.0, 80.0, 120.0]})
    >>> rfm_scores(t, n_scores=4)[["R", "F", "M", "RFM"]]
       R  F  M  RFM
    0  4  4  4  444
    1  2  1  1  211
    2  1  1  2  112
    3  3  3  3  333
    """
    _require(table, ["recency_days", "purchases", "monetary"])
    edges = dict(edges or {})
    unknown = set(edges) - {"R", "F", "M"}
    if unknown:
        raise ValueError(f"edges keys must be 'R', 'F' or 'M', not {sorted(unknown)}")
    out = table.copy()
    out["R"] = score_values(table["recency_days"], n_scores, False, edges.get("R"))
    out["F"] = score_values(table["purchases"], n_scores, True, edges.get("F"))
    out["M"] = score_values(table["monetary"], n_scores, True, edges.get("M"))
    out["RFM"] = out["R"].astype(str) + out["F"].astype(str) + out["M"].astype(str)
    return out


# ---------------------------------------------------------------------------------------
# Segment tables
# ---------------------------------------------------------------------------------------

#: The Chinese 8-class map. Keys: (R high, F high, M high). R high = bought **recently**.
RFM8_SEGMENTS: dict[tuple[bool, bool, bool], tuple[str, str, str]] = {
    # (R, F, M): (segment, what it means, what to do)
    (True, True, True): ("重要价值客户", "最近买过、买得勤、花得多", "重点维护，提供专属服务和新品优先体验"),
    (True, False, True): ("重要发展客户", "最近买过、花得多，但次数少", "提高购买频次：会员计划、组合推荐、定期回访"),
    (False, True, True): ("重要保持客户", "买得勤、花得多，但很久没来", "主动联系，了解原因，防止流失"),
    (False, False, True): ("重要挽留客户", "花得多，但次数少且很久没来", "优先挽回：专人回访、定向优惠"),
    (True, True, False): ("一般价值客户", "最近买过、买得勤，但金额小", "提升客单价：套餐、升级产品"),
    (True, False, False): ("一般发展客户", "新近购买的小客户", "引导第二次购买"),
    (False, True, False): ("一般保持客户", "曾经常来、金额小，很久没来", "低成本触达，如短信、社群活动"),
    (False, False, False): ("一般挽留客户", "金额小、次数少、很久没来", "低成本批量唤醒，不必投入太多"),
}

#: Order in which the 8 classes are listed in tables and charts.
RFM8_ORDER: tuple[str, ...] = (
    "重要价值客户", "重要发展客户", "重要保持客户", "重要挽留客户",
    "一般价值客户", "一般发展客户", "一般保持客户", "一般挽留客户",
)


def _rfm8_code(r_high: np.ndarray, f_high: np.ndarray, m_high: np.ndarray) -> np.ndarray:
    """The 8-class code ``R*4 + F*2 + M`` (high = 1) of boolean arrays, as int8 0..7."""
    return (np.asarray(r_high, dtype=np.int8) * 4 + np.asarray(f_high, dtype=np.int8) * 2
            + np.asarray(m_high, dtype=np.int8))


#: The 8 class names indexed by :func:`_rfm8_code`.
_RFM8_BY_CODE: tuple[str, ...] = tuple(
    name for _, (name, _, _) in sorted(
        RFM8_SEGMENTS.items(), key=lambda item: int(_rfm8_code(*item[0])))
)


def rfm8_table() -> pd.DataFrame:
    """The Chinese 8-class RFM map as a table (R 高 = bought recently).

    Returns:
        One row per class with columns R, F, M ("高"/"低"), 客户类型, 特征, 建议动作.

    >>> rfm8_table().loc[0, ["R", "F", "M", "客户类型"]].tolist()
    ['高', '高', '高', '重要价值客户']
    """
    rows = [
        {"R": "高" if r else "低", "F": "高" if f else "低", "M": "高" if m else "低",
         "客户类型": name, "特征": meaning, "建议动作": action}
        for (r, f, m), (name, meaning, action) in RFM8_SEGMENTS.items()
    ]
    table = pd.DataFrame(rows)
    table["_order"] = table["客户类型"].map({n: i for i, n in enumerate(RFM8_ORDER)})
    return table.sort_values("_order").drop(columns="_order").reset_index(drop=True)


def high_low(scores: pd.Series | np.ndarray, cut: float | str = "mean") -> np.ndarray:
    """True where a score counts as "高" (high).

    Args:
        scores: RFM scores (higher = better, also for R).
        cut: ``"mean"`` (default): high means strictly above the average score of all
            customers -- the usual rule in Chinese RFM practice; or a number: high means
            ``score >= cut``.

    Returns:
        A boolean array.

    >>> high_low([1, 1, 1, 4, 5]).tolist()          # mean 2.4
    [False, False, False, True, True]
    >>> high_low([1, 3, 5], cut=3).tolist()
    [False, True, True]
    """
    s = np.asarray(scores, dtype=float)
    if isinstance(cut, str):
        if cut != "mean":
            raise ValueError("cut must be 'mean' or a number")
        return s > s.mean() if len(s) else np.zeros(0, dtype=bool)
    return s >= float(cut)


def rfm8_segments(
    scored: pd.DataFrame, cut: float | str | Mapping[str, float | str] = "mean"
) -> pd.Series:
    """The 8-class segment of each customer from its R, F, M scores.

    Each letter is "高" or "低" by :func:`high_low` (``cut`` may differ per letter, e.g.
    ``{"R": 4, "F": "mean", "M": "mean"}``), then :data:`RFM8_SEGMENTS` names the class.

    Args:
        scored: output of :func:`rfm_scores` (columns R, F, M).
        cut: the high/low rule, for all letters or per letter.

    Returns:
        A categorical Series (categories in :data:`RFM8_ORDER`) aligned with ``scored``.

    >>> s = pd.DataFrame({"R": [5, 5, 1, 1], "F": [5, 1, 5, 1], "M": [5, 5, 1, 1]})
    >>> rfm8_segments(s).tolist()
    ['重要价值客户', '重要发展客户', '一般保持客户', '一般挽留客户']
    """
    _require(scored, ["R", "F", "M"])
    cuts = cut if isinstance(cut, Mapping) else {"R": cut, "F": cut, "M": cut}
    r = high_low(scored["R"], cuts.get("R", "mean"))
    f = high_low(scored["F"], cuts.get("F", "mean"))
    m = high_low(scored["M"], cuts.get("M", "mean"))
    names = np.array(_RFM8_BY_CODE, dtype=object)[_rfm8_code(r, f, m)]
    return pd.Series(
        pd.Categorical(names, categories=list(RFM8_ORDER)), index=scored.index,
        name="客户类型",
    )


#: The named-segment map on the R x F grid (scores 1..5): (English, 中文, R range, F range,
#: what to do). Every one of the 25 cells belongs to exactly one segment.
NAMED_SEGMENTS: tuple[tuple[str, str, tuple[int, int], tuple[int, int], str], ...] = (
    ("Champions", "冠军客户", (5, 5), (4, 5), "奖励与专属权益，请他们推荐新客户"),
    ("Loyal", "忠诚客户", (3, 4), (4, 5), "会员升级、交叉销售"),
    ("Potential loyalists", "潜在忠诚客户", (4, 5), (2, 3), "会员计划，推荐相关产品"),
    ("New customers", "新客户", (5, 5), (1, 1), "做好首单体验，引导第二次购买"),
    ("Promising", "有潜力新客", (4, 4), (1, 1), "限时优惠，建立品牌印象"),
    ("Need attention", "需要关注", (3, 3), (3, 3), "个性化推荐，限时活动"),
    ("About to sleep", "即将沉睡", (3, 3), (1, 2), "用热门产品和优惠重新激活"),
    ("At risk", "流失风险", (1, 2), (3, 4), "个性化关怀邮件/电话，了解原因"),
    ("Can't lose them", "不能失去", (1, 2), (5, 5), "专人回访，提供有吸引力的挽留方案"),
    ("Hibernating", "休眠客户", (1, 2), (1, 2), "低成本唤醒，不值得大额投入"),
)


def named_segment_table() -> pd.DataFrame:
    """The named-segment map (R x F grid, scores 1..5, R 5 = most recent) as a table.

    Returns:
        One row per segment: 客户分群, 英文名, R 得分, F 得分, 建议动作.

    >>> named_segment_table().iloc[0].tolist()[:4]
    ['冠军客户', 'Champions', '5', '4–5']
    """

    def span(lo_hi: tuple[int, int]) -> str:
        lo, hi = lo_hi
        return str(lo) if lo == hi else f"{lo}–{hi}"

    return pd.DataFrame(
        [{"客户分群": zh, "英文名": en, "R 得分": span(r), "F 得分": span(f), "建议动作": act}
         for en, zh, r, f, act in NAMED_SEGMENTS]
    )


def _named_grid() -> np.ndarray:
    grid = np.full((5, 5), -1, dtype=np.int64)
    for i, (_, _, (r0, r1), (f0, f1), _) in enumerate(NAMED_SEGMENTS):
        cells = grid[r0 - 1:r1, f0 - 1:f1]
        if (cells != -1).any():  # pragma: no cover - guarded by tests
            raise AssertionError("named segments overlap")
        grid[r0 - 1:r1, f0 - 1:f1] = i
    return grid


def named_segments(scored: pd.DataFrame) -> pd.Series:
    """The named segment (冠军客户, 忠诚客户, … 休眠客户) of each customer.

    Uses the R and F scores (1..5; R 5 = most recent) and :data:`NAMED_SEGMENTS`.

    Args:
        scored: output of :func:`rfm_scores` with ``n_scores=5``.

    Returns:
        A categorical Series of Chinese segment names, aligned with ``scored``.

    >>> s = pd.DataFrame({"R": [5, 5, 1, 3], "F": [5, 1, 1, 3]})
    >>> named_segments(s).tolist()
    ['冠军客户', '新客户', '休眠客户', '需要关注']
    """
    _require(scored, ["R", "F"])
    r = scored["R"].to_numpy()
    f = scored["F"].to_numpy()
    if len(r) and (r.min() < 1 or r.max() > 5 or f.min() < 1 or f.max() > 5):
        raise ValueError("named segments need R and F scores from 1 to 5")
    names = np.array([zh for _, zh, _, _, _ in NAMED_SEGMENTS], dtype=object)
    idx = _named_grid()[r - 1, f - 1]
    return pd.Series(pd.Categorical(names[idx], categories=list(names)), index=scored.index,
                     name="客户分群")


def plot_rf_grid(scored: pd.DataFrame, ax: Axes | None = None, title: str = "R × F 客户分布") -> Axes:
    """Heat map of customers on the R x F score grid, with the named segments written in.

    Args:
        scored: output of :func:`rfm_scores` with 5 score levels.
        ax: matplotlib axes to draw on (default: a new figure).
        title: chart title.

    Returns:
        The axes.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 5.5))
    counts = np.zeros((5, 5), dtype=np.int64)
    np.add.at(counts, (scored["R"].to_numpy() - 1, scored["F"].to_numpy() - 1), 1)
    share = counts / max(counts.sum(), 1)
    image = ax.imshow(share[::-1], cmap="YlGnBu", aspect="auto")
    grid = _named_grid()[::-1]
    names = [zh for _, zh, _, _, _ in NAMED_SEGMENTS]
    for i in range(5):
        for j in range(5):
            colour = "white" if share[::-1][i, j] > share.max() * 0.6 else "black"
            ax.text(j, i, f"{names[grid[i, j]]}\n{share[::-1][i, j]:.1%}", ha="center",
                    va="center", fontsize=8, color=colour)
    ax.set_xticks(range(5), [str(k) for k in range(1, 6)])
    ax.set_yticks(range(5), [str(k) for k in range(5, 0, -1)])
    ax.set_xlabel("F 得分（购买次数，5 = 最多）")
    ax.set_ylabel("R 得分（最近一次购买，5 = 最近）")
    ax.set_title(title)
    ax.figure.colorbar(image, ax=ax, label="客户占比")
    return ax


def segment_summary(labels: pd.Series, values: pd.Series | np.ndarray) -> pd.DataFrame:
    """Size and revenue of each segment.

    Args:
        labels: segment per customer (categorical keeps its category order, empty ones too).
        values: amount per customer, aligned with ``labels``.

    Returns:
        One row per segment: 客户数, 客户占比, 销售额, 销售额占比, 人均销售额.

    >>> s = segment_summary(pd.Series(["甲", "乙", "甲"]), [10.0, 30.0, 20.0])
    >>> s["销售额占比"].round(2).to_dict()
    {'甲': 0.5, '乙': 0.5}
    """
    labels = pd.Series(labels).reset_index(drop=True)
    v = pd.Series(np.asarray(values, dtype=float))
    if isinstance(labels.dtype, pd.CategoricalDtype):
        order = list(labels.cat.categories)
    else:
        order = list(pd.unique(labels))
    grouped = v.groupby(labels.astype(object)).agg(["size", "sum"]).reindex(order, fill_value=0)
    total_n, total_v = len(labels), float(v.sum())
    out = pd.DataFrame({
        "客户数": grouped["size"].astype(int).to_numpy(),
        "客户占比": grouped["size"].to_numpy() / max(total_n, 1),
        "销售额": grouped["sum"].to_numpy(),
        "销售额占比": grouped["sum"].to_numpy() / (total_v if total_v > 0 else 1.0),
    }, index=pd.Index(order, name="客户分群"))
    out["人均销售额"] = np.where(out["客户数"] > 0, out["销售额"] / out["客户数"].clip(lower=1), 0.0)
    return out


def plot_segment_summary(summary: pd.DataFrame, ax: Axes | None = None, title: str = "各客户分群的客户占比与销售额占比") -> Axes:
    """Paired bars: each segment's share of customers and share of revenue.

    Args:
        summary: output of :func:`segment_summary`.
        ax: axes to draw on.
        title: chart title.

    Returns:
        The axes.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.45 * len(summary) + 1.6))
    y = np.arange(len(summary))
    ax.barh(y - 0.2, summary["客户占比"], height=0.4, color="#8C8C8C", label="客户占比")
    ax.barh(y + 0.2, summary["销售额占比"], height=0.4, color="#C44E52", label="销售额占比")
    for yi, (c, r) in enumerate(zip(summary["客户占比"], summary["销售额占比"])):
        ax.text(c, yi - 0.2, f" {c:.1%}", va="center", fontsize=8)
        ax.text(r, yi + 0.2, f" {r:.1%}", va="center", fontsize=8)
    ax.set_yticks(y, [str(i) for i in summary.index])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("占比")
    ax.set_title(title)
    ax.legend(loc="lower right")
    return ax


def plot_score_distribution(scored: pd.DataFrame, title: str = "R、F、M 得分的分布") -> Any:
    """Three bar charts: how many customers got each R, F and M score.

    With the tie policy of :func:`score_values`, F often has empty scores (all one-time
    buyers share F = 1); the chart makes that visible.

    Args:
        scored: output of :func:`rfm_scores`.
        title: figure title.

    Returns:
        The matplotlib figure.
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(11, 3.2), sharey=True)
    labels = {"R": "R 得分（5 = 最近买过）", "F": "F 得分（5 = 买得最多）", "M": "M 得分（5 = 花得最多）"}
    levels = int(max(scored[["R", "F", "M"]].to_numpy().max(), 5))
    for ax, letter in zip(axes, "RFM"):
        counts = scored[letter].value_counts().reindex(range(1, levels + 1), fill_value=0)
        ax.bar(counts.index, counts.to_numpy() / max(len(scored), 1), color="#4C72B0")
        ax.set_xticks(range(1, levels + 1))
        ax.set_xlabel(labels[letter])
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    axes[0].set_ylabel("客户占比")
    fig.suptitle(title)
    fig.tight_layout()
    return fig
