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
1..5 (5 = best) with one documented tie policy; :mod:`helpers.analysis.rfm_segments` turns
scores into customer groups and :mod:`helpers.charts.rfm` draws them.

Everything is vectorised (numpy / pandas); there is no per-customer Python loop.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..data.transactions import _amounts, _check_freq, _customers, _dates, _period_start, _periods, _require
from ..errors import DataError

if TYPE_CHECKING:  # pragma: no cover
    pass


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
    >>> rfm_table(tx, observation_end="2024-01-31")[  # doctest: +NORMALIZE_WHITESPACE
    ...     ["recency_days", "purchases", "monetary"]]
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
    churn_days: int | None = None,
) -> pd.DataFrame:
    """Add R, F, M scores (1..n_scores, higher = better) to an :func:`rfm_table`.

    * ``R`` scores ``recency_days`` -- **fewer days since the last purchase = higher R**
      (recent = good = 5);
    * ``F`` scores ``purchases``; ``M`` scores ``monetary``.

    Each uses :func:`score_values` (rank-based, ties share the lowest score) unless
    ``edges`` gives fixed bins for it, e.g. ``edges={"F": (2, 3, 5, 10)}``.

    **Churned customers.** Rank-based R only says "more recent than others": where most
    customers are long gone, a customer silent for 460 days can still score R = 3 and be called
    "即将沉睡" or "忠诚客户". With ``churn_days`` (the course's churn rule: 365 for B2B's
    12 months, 180 for members) every customer silent for more than that many days gets
    R = 1, whatever its rank.

    Args:
        table: output of :func:`rfm_table` (columns recency_days, purchases, monetary).
        n_scores: number of score levels.
        edges: optional fixed bin edges per letter ``"R"`` / ``"F"`` / ``"M"`` (for R in
            days, e.g. ``(30, 90, 180, 365)`` scores 5 for <= 30 days).
        churn_days: customers silent for more than this many days get R = 1 (None: no cap).

    Returns:
        A copy of ``table`` with int columns ``R``, ``F``, ``M`` and the text code ``RFM``
        (e.g. ``"545"``); ``attrs["churned"]`` counts the customers capped by ``churn_days``.

    >>> t = pd.DataFrame({"recency_days": [5, 100, 300, 20],
    ...                   "purchases": [6, 1, 1, 2], "monetary": [900.0, 50.0, 80.0, 120.0]})
    >>> rfm_scores(t, n_scores=4)[["R", "F", "M", "RFM"]]
       R  F  M  RFM
    0  4  4  4  444
    1  2  1  1  211
    2  1  1  2  112
    3  3  3  3  333
    >>> rfm_scores(t, n_scores=4, churn_days=90)["R"].tolist()   # 100 days > 90: churned, R = 1
    [4, 1, 1, 3]
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
    churned = 0
    if churn_days is not None:
        lapsed = (table["recency_days"] > churn_days).to_numpy()
        out.loc[lapsed, "R"] = 1
        churned = int(lapsed.sum())
    out["RFM"] = out["R"].astype(str) + out["F"].astype(str) + out["M"].astype(str)
    out.attrs["churned"] = churned
    return out
