"""Checking a transaction log: one row per purchase with a customer, a date and an amount.

:func:`clean_transactions` validates the three columns (missing values, unreadable dates,
negative or non-numeric amounts) and raises :class:`~helpers.errors.DataError` naming the
first bad row; the private helpers convert the columns to numpy arrays for the vectorised
RFM, cohort and segmentation code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import DataError, first_bad_row, require_present

if TYPE_CHECKING:  # pragma: no cover
    pass


#: Period units accepted by ``freq`` (the same as lifetimes accepts): weeks (starting on
#: Monday, as pandas' ``W`` periods), days, hours, minutes, seconds.
FREQ_UNITS: tuple[str, ...] = ("W", "D", "h", "m", "s")


_FREQ_NAMES_ZH = {"W": "周", "D": "天", "h": "小时", "m": "分钟", "s": "秒"}


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
