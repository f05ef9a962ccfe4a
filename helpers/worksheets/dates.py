"""Dates in worksheets: stored as YYYY-MM-DD text, typed in the usual Chinese office forms, shown in Chinese."""

from __future__ import annotations

import unicodedata
from typing import Any

import pandas as pd

from ..errors import WorksheetError
from .model import check_text


def check_date(value: Any, what_zh: str, what_en: str) -> str:
    """A date field of a worksheet: "" or a real date written YYYY-MM-DD.

    Args:
        value: the stored value.
        what_zh: the field's name in Chinese.
        what_en: the same in English.

    Returns:
        ``value`` unchanged.

    >>> check_date("2026-03-31", "完成日期", "due")
    '2026-03-31'
    >>> check_date("2026-02-30", "完成日期", "due")
    Traceback (most recent call last):
    ...
    helpers.errors.WorksheetError: 完成日期不是有效日期：'2026-02-30'（应写成 2026-03-31 这样）
    [EN] due is not a valid date: '2026-02-30' (write it like 2026-03-31)
    """
    check_text(value, what_zh, what_en, max_len=10)
    if value == "":
        return value
    try:
        ok = pd.Timestamp(value).strftime("%Y-%m-%d") == value
    except (ValueError, TypeError):
        ok = False
    if not ok:
        raise WorksheetError(f"{what_zh}不是有效日期：{value!r}（应写成 2026-03-31 这样）",
                             f"{what_en} is not a valid date: {value!r} (write it like 2026-03-31)")
    return value


def read_date(text: str) -> str:
    """What a trainee typed as a date, as YYYY-MM-DD ("" for empty).

    Accepts 2026-03-31, 2026/3/31, 2026.3.31, 2026年3月31日 and 20260331.

    >>> read_date("2026年3月5日"), read_date(" "), read_date("2026/3/31")
    ('2026-03-05', '', '2026-03-31')
    >>> read_date("下周")
    Traceback (most recent call last):
    ...
    helpers.errors.WorksheetError: 看不懂这个日期：“下周”（请写成 2026-03-31、2026/3/31 或 2026年3月31日）
    [EN] cannot read the date '下周' (write it like 2026-03-31)
    """
    from ..data.parse import parse_date

    text = unicodedata.normalize("NFKC", str(text)).strip()
    if not text:
        return ""
    stamp = parse_date(text)
    if pd.isna(stamp):
        raise WorksheetError(f"看不懂这个日期：“{text}”（请写成 2026-03-31、2026/3/31 或 2026年3月31日）",
                             f"cannot read the date {text!r} (write it like 2026-03-31)")
    return stamp.strftime("%Y-%m-%d")


def date_label(iso: str) -> str:
    """A stored date as exports show it: "2026年3月31日" ("" stays "").

    >>> date_label("2026-03-05"), date_label("")
    ('2026年3月5日', '')
    """
    if not iso:
        return ""
    stamp = pd.Timestamp(iso)
    return f"{stamp.year}年{stamp.month}月{stamp.day}日"
