"""Parsing one value as people type it: amounts, dates, ids and text.

Used by :func:`helpers.require_columns` (users' own files) and by
:func:`helpers.clean_records` (lecture 1's data cleaning). Each parser returns the value or
raises ``ValueError`` for text it does not accept; callers turn that into a
:class:`~helpers.errors.DataError` that names the row.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def _norm(name: Any) -> str:
    """A name for loose matching: full-width -> half-width, lower case, no spaces/_/-.

    >>> _norm("Customer ID"), _norm("ＣＵＳＴ＿ＩＤ"), _norm("金额（元）")
    ('customerid', 'custid', '金额(元)')
    """
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", str(name)).casefold())


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                   r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")



_CURRENCY = re.compile(r"[¥$€£\s]|元|RMB|CNY|人民币", flags=re.IGNORECASE)



_DASHES = {"-", "--", "—", "–", "——"}



def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)



def _parse_id(value: Any) -> str:
    if _is_number(value) and float(value).is_integer():
        return str(int(value))
    return unicodedata.normalize("NFKC", str(value)).strip()



def _parse_text(value: Any) -> str:
    if _is_number(value) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()



def _parse_number(value: Any) -> float | None:
    """A number as Excel users write it.

    >>> [_parse_number(v) for v in ["¥1,234.50", "1,234元", "（1,234）", "12.5%", "1.2万", "-"]]
    [1234.5, 1234.0, -1234.0, 0.125, 12000.0, None]
    """
    if _is_number(value):
        number = float(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()  # full-width ￥ （ ， ％ -> half-width
        if text in _DASHES:
            return None
        negative = text.startswith("(") and text.endswith(")")  # accounting style (1,234) = -1234
        text = _CURRENCY.sub("", text[1:-1] if negative else text)
        factor = 1.0
        for suffix, size in (("%", 0.01), ("万", 1e4), ("亿", 1e8)):
            if text.endswith(suffix):
                text, factor = text[: -len(suffix)], size
        if "," in text and not re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", text):
            raise ValueError(text)  # "1,5" or "1.234,50": not thousands separators, don't guess
        number = float(text.replace(",", "")) * factor * (-1 if negative else 1)
    if not math.isfinite(number):
        raise ValueError(value)
    return number



def _parse_integer(value: Any) -> int | None:
    number = _parse_number(value)
    if number is None:
        return None
    if not number.is_integer():
        raise ValueError(value)
    return int(number)



def _parse_date(value: Any) -> pd.Timestamp:
    """A date as Excel users write it.

    >>> [str(_parse_date(v).date()) for v in ["2024/3/5", "2024年3月5日", "20240305", 45356]]
    ['2024-03-05', '2024-03-05', '2024-03-05', '2024-03-05']
    """
    import pandas as pd

    if isinstance(value, (dt.date, dt.datetime)):
        return pd.Timestamp(value)
    if _is_number(value):
        if float(value).is_integer() and 19000101 <= value <= 21001231:  # 20240305
            return pd.Timestamp(dt.datetime.strptime(str(int(value)), "%Y%m%d"))
        if 10_000 <= value < 100_000:  # Excel's serial day number (1927 .. 2173)
            return pd.Timestamp("1899-12-30") + pd.Timedelta(days=float(value))
        raise ValueError(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    found = _DATE.fullmatch(text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if found:
        parts = [int(p) for p in found.groups() if p is not None]
        return pd.Timestamp(dt.datetime(*parts))  # raises ValueError for 2024-02-30
    stamp = pd.Timestamp(text)  # other spellings, e.g. "3/5/2024" from English Excel
    if stamp is pd.NaT:
        raise ValueError(value)
    return stamp.tz_localize(None) if stamp.tzinfo else stamp



_PARSERS: dict[str, Callable[[Any], Any]] = {
    "id": _parse_id, "text": _parse_text, "category": _parse_text,
    "number": _parse_number, "integer": _parse_integer, "date": _parse_date,
}


_FULLWIDTH = str.maketrans("０１２３４５６７８９，．－／：　", "0123456789,.-/: ")



def parse_amount(value: Any) -> float:
    """Read a money amount written the way people type it: 1,200元 / ￥800 / 1.2万 / 3千.

    Args:
        value: a number or text.

    Returns:
        The amount in yuan as a float, or NaN when the value is blank or unreadable.

    >>> [parse_amount(v) for v in ["1,200元", "￥800", "1.2万", "３千", 50, "", "面议"]]
    [1200.0, 800.0, 12000.0, 3000.0, 50.0, nan, nan]
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return float("nan")
    if isinstance(value, (int, float, np.number)):
        return float(value)
    text = str(value).translate(_FULLWIDTH).strip().replace(",", "").replace(" ", "")
    text = text.replace("￥", "").replace("¥", "").replace("RMB", "").replace("元", "")
    factor = 1.0
    for unit, mult in (("万", 10_000.0), ("千", 1_000.0)):
        if text.endswith(unit):
            text, factor = text[: -len(unit)], mult
    try:
        return float(text) * factor
    except ValueError:
        return float("nan")



def parse_date(value: Any) -> pd.Timestamp:
    """Read a date in the common Chinese office formats.

    Accepts 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 and 20240305 (and real dates).

    Args:
        value: a date or text.

    Returns:
        The date, or ``NaT`` when blank or unreadable.

    >>> [str(parse_date(v).date()) for v in ["2024/3/5", "2024年3月5日", "20240305", "2024.03.05"]]
    ['2024-03-05', '2024-03-05', '2024-03-05', '2024-03-05']
    >>> parse_date("下周")
    NaT
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return pd.NaT
    if isinstance(value, (pd.Timestamp, np.datetime64)) or hasattr(value, "year"):
        return pd.Timestamp(value)
    text = str(value).translate(_FULLWIDTH).strip()
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if match is None:
        match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if match is None:
        return pd.NaT
    try:
        return pd.Timestamp(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return pd.NaT
