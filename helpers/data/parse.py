"""Parsing one value as people type it: amounts, dates, ids and text -- only documented forms.

Used by :func:`helpers.require_columns` (users' own files) and by
:func:`helpers.clean_records` (lecture 1's data cleaning). A parser returns the value, or
raises ``ValueError`` for text it does not accept (:class:`Ambiguous`, a subclass, when the
text could mean two things); callers turn that into a :class:`~helpers.errors.DataError`
that names the row. Nothing is guessed: a value either reads as exactly what the forms
below say, or it is refused.

**Amounts** (:func:`_parse_number`; :func:`parse_amount` gives NaN instead of refusing):

* digits, optionally with a decimal point: ``1234.5``, ``.5``; thousands grouped by
  commas or spaces in threes: ``1,234,567.5``, ``1 234 567`` (``1 2`` and ``1,5`` are refused);
* a sign ``-`` / ``+`` in front, or accounting brackets: ``(1,234)`` = -1234
  (``(-3)``, a sign inside brackets, is refused);
* a currency before or after the sign: ``¥ ￥ $ € £ RMB CNY 人民币``; ``元`` at the end;
* at most one unit at the end: ``%`` (÷100), ``千`` (×1,000), ``万`` (×10,000), ``亿``
  (×100,000,000), also as ``万元`` / ``亿元``; ``1.2万%`` (two units) and any other unit
  (``12kg``, ``1.2w``) are refused; scientific ``1.2E+05`` only without a unit;
* ``-``, ``--``, ``—`` alone mean "no value".

**Dates** (:func:`_parse_date`; :func:`parse_date` gives NaT instead of refusing):

* year first, with a four-digit year: ``2024-03-05``, ``2024/3/5``, ``2024.3.5``,
  ``2024年3月5日``, ``20240305``, optionally followed by a time ``14:30`` or ``14:30:05``
  (also ``2024-03-05T14:30:05``);
* a month name: ``5 Mar 2024``, ``5-Mar-2024``, ``Mar 5, 2024``, ``March 5, 2024``;
* Excel's serial day numbers (10000-99999, e.g. 45356 = 2024-03-05) and ``20240305`` as a
  number; real dates and timestamps as they are;
* refused as ambiguous unless the caller states the order (``format="DMY"``, ``"MDY"`` or
  a ``strptime`` format such as ``"%d/%m/%y"``): day and month before the year
  (``5/3/2024`` -- 5 March or 3 May?) and two-digit years (``24/3/5``);
* refused always: words such as ``now``, ``today``, ``昨天``, time zones, anything else.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import unicodedata
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError, first_bad_row


class Ambiguous(ValueError):
    """A value that could be read in two ways (e.g. ``5/3/2024``); the caller must state the format."""


def _norm(name: Any) -> str:
    """A name for loose matching: full-width -> half-width, lower case, no spaces/_/-.

    >>> _norm("Customer ID"), _norm("ＣＵＳＴ＿ＩＤ"), _norm("金额（元）")
    ('customerid', 'custid', '金额(元)')
    """
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", str(name)).casefold())


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _parse_id(value: Any) -> str:
    if _is_number(value) and math.isfinite(float(value)) and float(value).is_integer():
        return str(int(value))
    return unicodedata.normalize("NFKC", str(value)).strip()


def _parse_text(value: Any) -> str:
    if _is_number(value) and math.isfinite(float(value)) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


# -- amounts ------------------------------------------------------------------------------

_DASHES = {"-", "--", "—", "–", "——", "－"}

_MONEY = r"(?:¥|\$|€|£|RMB|CNY|人民币)"

_AMOUNT = re.compile(
    rf"""(?P<sign1>[-+])?\s*(?:{_MONEY}\s*)?(?P<sign2>[-+])?\s*
    (?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d{{1,3}}(?:\ \d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
    (?P<exp>[eE][-+]?\d{{1,3}})?
    \s*(?P<unit>%|千元?|万元?|亿元?|元)?""", re.VERBOSE | re.IGNORECASE)

_UNITS = {None: 1.0, "%": 0.01, "元": 1.0, "千": 1e3, "千元": 1e3, "万": 1e4, "万元": 1e4, "亿": 1e8, "亿元": 1e8}

#: The accepted ways of writing an amount, as shown in messages.
AMOUNT_FORMS_ZH = "1234.5、1,234.50、1 234、¥1,234.50、1234元、-5、(1,234)＝−1234、12.5%、3千、1.2万、1.2万元、3亿"
AMOUNT_FORMS_EN = "1234.5, 1,234.50, 1 234, ¥1,234.50, 1234元, -5, (1,234) = -1234, 12.5%, 3千, 1.2万, 3亿"


def _parse_number(value: Any) -> float | None:
    """An amount written in one of the documented forms (module docstring); refuses anything else.

    >>> [_parse_number(v) for v in ["¥1,234.50", "1,234元", "（1,234）", "12.5%", "1.2万", "-"]]
    [1234.5, 1234.0, -1234.0, 0.125, 12000.0, None]
    >>> for bad in ["1 2", "1.2万%", "(-3)", "12kg", "1,5"]:
    ...     try:
    ...         _parse_number(bad)
    ...     except ValueError:
    ...         print("refused", bad)
    refused 1 2
    refused 1.2万%
    refused (-3)
    refused 12kg
    refused 1,5
    """
    if _is_number(value):
        try:
            number = float(value)
        except OverflowError:
            raise ValueError(value) from None
        if not math.isfinite(number):
            raise ValueError(value)
        return number
    text = unicodedata.normalize("NFKC", str(value)).strip().replace("\u2212", "-")
    if text in _DASHES:
        return None
    negative = len(text) > 2 and text[0] == "(" and text[-1] == ")"
    if negative:
        text = text[1:-1].strip()
    match = _AMOUNT.fullmatch(text)
    if not match or (match["sign1"] and match["sign2"]) or (negative and (match["sign1"] or match["sign2"])):
        raise ValueError(value)
    if match["exp"] and match["unit"] not in (None, "元"):
        raise ValueError(value)
    digits = match["num"].replace(",", "").replace(" ", "") + (match["exp"] or "")
    number = float(digits) * _UNITS[match["unit"]]
    if negative or "-" in (match["sign1"], match["sign2"]):
        number = -number
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _parse_integer(value: Any) -> int | None:
    """A whole number (exact, also beyond 2**53); refuses fractions and numbers outside int64.

    >>> _parse_integer("12345678901234567"), _parse_integer("3.0"), _parse_integer("1.2万")
    (12345678901234567, 3, 12000)
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)):
        number: int = int(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip() if not _is_number(value) else ""
        if re.fullmatch(r"[-+]?\d+", text):
            number = int(text)  # digits only: exact, no detour through float
        else:
            parsed = _parse_number(value)
            if parsed is None:
                return None
            if not parsed.is_integer():
                raise ValueError(value)
            number = int(parsed)
    if not -(2**63) <= number < 2**63:
        raise ValueError(value)  # beyond what a table column of whole numbers can hold
    return number


# -- dates --------------------------------------------------------------------------------

_TIME = r"(?:(?:\s+|T)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.(?P<f>\d{1,6}))?)?)?"
_YMD = re.compile(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})" + _TIME)
_YMD_ZH = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]" + _TIME)
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
_XYY = re.compile(r"(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})" + _TIME)
_TWO_DIGIT = re.compile(r"\d{1,2}([-/.])\d{1,2}\1\d{1,2}" + _TIME + r"|\d{2}\s*年.*")
_MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
     ("nov", "november"), ("dec", "december")], 1) for m in names}
_DAY_MON = re.compile(r"(?P<d>\d{1,2})[\s-](?P<mon>[A-Za-z]{3,9})\.?[\s-](?P<y>\d{4})")
_MON_DAY = re.compile(r"(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})")

#: The accepted ways of writing a date, as shown in messages.
DATE_FORMS_ZH = ("2024-03-05、2024/3/5、2024.3.5、2024年3月5日、20240305、2024-03-05 14:30、5 Mar 2024；"
                 "“日/月/年”或“月/日/年”（如 5/3/2024）和两位数年份要在规则里写明顺序，"
                 "例如 {\"type\": \"date\", \"format\": \"DMY\"}（或 \"MDY\"、\"%d/%m/%y\"）")
DATE_FORMS_EN = ("2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, 2024-03-05 14:30, 5 Mar 2024; "
                 "day/month/year or month/day/year (5/3/2024) and two-digit years need the order in the spec, "
                 "e.g. {\"type\": \"date\", \"format\": \"DMY\"} (or \"MDY\", \"%d/%m/%y\")")


def _stamp(y: Any, m: Any, d: Any, found: Any = None) -> pd.Timestamp:
    """The timestamp of the parts (a time from ``found``'s H/M/S/f groups); ValueError if impossible."""
    parts = [int(y), int(m), int(d)]
    if found is not None and found["H"] is not None:
        parts += [int(found["H"]), int(found["M"]), int(found["S"] or 0), int((found["f"] or "0").ljust(6, "0"))]
    return pd.Timestamp(dt.datetime(*parts))  # raises ValueError for 2024-02-30 or 25:00


def _parse_date(value: Any, order: str | None = None) -> pd.Timestamp:
    """A date written in one of the documented forms (module docstring); refuses anything else.

    Args:
        value: the cell value.
        order: how to read day-month-year text: ``"DMY"``, ``"MDY"``, or a ``strptime``
            format (``"%d/%m/%y"``); ``None`` refuses such text as ambiguous.

    Returns:
        The timestamp.

    >>> [str(_parse_date(v).date()) for v in ["2024/3/5", "2024年3月5日", "20240305", 45356, "5 Mar 2024"]]
    ['2024-03-05', '2024-03-05', '2024-03-05', '2024-03-05', '2024-03-05']
    >>> str(_parse_date("5/3/2024", order="DMY").date()), str(_parse_date("5/3/2024", order="MDY").date())
    ('2024-03-05', '2024-05-03')
    >>> _parse_date("5/3/2024")
    Traceback (most recent call last):
    ...
    helpers.data.parse.Ambiguous: 5/3/2024
    """
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date, np.datetime64)):
        stamp = pd.Timestamp(value)
        if stamp is pd.NaT:
            raise ValueError(value)
        return stamp.tz_localize(None) if stamp.tzinfo else stamp
    if _is_number(value):
        return _date_from_number(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if order and "%" in order:
        try:
            return pd.Timestamp(dt.datetime.strptime(text, order))
        except ValueError:
            raise ValueError(value) from None
    for pattern in (_YMD, _YMD_ZH):
        found = pattern.fullmatch(text)
        if found:
            return _stamp(found["y"], found["m"], found["d"], found)
    found = _COMPACT.fullmatch(text)
    if found:
        return _stamp(found["y"], found["m"], found["d"])
    found = _DAY_MON.fullmatch(text) or _MON_DAY.fullmatch(text)
    if found and found["mon"].lower() in _MONTHS:
        return _stamp(found["y"], _MONTHS[found["mon"].lower()], found["d"])
    found = _XYY.fullmatch(text)
    if found:
        first, second = found["a"], found["b"]
        if order is None or order.upper() not in ("DMY", "MDY"):
            raise Ambiguous(value)
        day, month = (first, second) if order.upper() == "DMY" else (second, first)
        return _stamp(found["y"], month, day, found)
    if _TWO_DIGIT.fullmatch(text):
        raise Ambiguous(value)
    raise ValueError(value)


def _date_from_number(value: Any) -> pd.Timestamp:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    if number.is_integer() and 19000101 <= number <= 21001231:  # 20240305
        text = str(int(number))
        return _stamp(text[:4], text[4:6], text[6:])
    if 10_000 <= number < 100_000:  # Excel's serial day number (1927 .. 2173)
        return pd.Timestamp("1899-12-30") + pd.Timedelta(days=number)
    raise ValueError(value)


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "id": _parse_id, "text": _parse_text, "category": _parse_text,
    "number": _parse_number, "integer": _parse_integer, "date": _parse_date,
}


def parser_for(kind: str, date_format: str | None = None) -> Callable[[Any], Any]:
    """The parser of a column type (``date_format`` applies to dates).

    Args:
        kind: a column type of :func:`helpers.require_columns` ("number", "date", ...).
        date_format: for dates: "DMY", "MDY" or a ``strptime`` format (see :func:`_parse_date`).

    Returns:
        A function of one value that returns the parsed value or raises ``ValueError``.

    >>> parser_for("date", "DMY")("5/3/2024").month
    3
    """
    if kind == "date" and date_format:
        return partial(_parse_date, order=date_format)
    return _PARSERS[kind]


# -- lenient forms for lecture 1's cleaning: NaN / NaT instead of an error ------------------

_FULLWIDTH = str.maketrans("０１２３４５６７８９，．－／：　", "0123456789,.-/: ")


def parse_amount(value: Any) -> float:
    """Read a money amount written the way people type it: 1,200元 / ￥800 / 1.2万 / 3千.

    The same forms as :func:`require_columns` accepts (module docstring); anything else --
    two units (``1.2万%``), digits split by a space (``1 2``), a sign inside brackets --
    is not guessed.

    Args:
        value: a number or text.

    Returns:
        The amount in yuan as a float, or NaN when the value is blank or not a documented form.

    >>> [parse_amount(v) for v in ["1,200元", "￥800", "1.2万", "３千", 50, "", "面议", "1 2"]]
    [1200.0, 800.0, 12000.0, 3000.0, 50.0, nan, nan, nan]
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return float("nan")
    try:
        number = _parse_number(value)
    except (ValueError, TypeError, OverflowError):
        return float("nan")
    return float("nan") if number is None else number


def parse_date(value: Any, format: str | None = None) -> pd.Timestamp:  # noqa: A002 - pandas' name
    """Read a date in the common Chinese office formats (the documented forms only).

    Accepts 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, real dates and the
    other forms in the module docstring; ``5/3/2024`` only with ``format="DMY"`` or ``"MDY"``.

    Args:
        value: a date or text.
        format: ``"DMY"``, ``"MDY"`` or a ``strptime`` format for day-month-year text.

    Returns:
        The date, or ``NaT`` when blank, ambiguous or not a documented form.

    >>> [str(parse_date(v).date()) for v in ["2024/3/5", "2024年3月5日", "20240305", "2024.03.05"]]
    ['2024-03-05', '2024-03-05', '2024-03-05', '2024-03-05']
    >>> parse_date("下周"), parse_date("now"), parse_date("5/3/2024")
    (NaT, NaT, NaT)
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return pd.NaT
    if isinstance(value, str):
        value = value.translate(_FULLWIDTH)
    try:
        return _parse_date(value, order=format)
    except (ValueError, TypeError, OverflowError):
        return pd.NaT


def date_column(frame: pd.DataFrame, column: str) -> pd.Series:
    """A table's date column as datetimes, refusing blanks and unreadable values.

    For analysis functions whose input dates are already dates or ISO text (the case data,
    or a table read with :func:`helpers.read_table`); users' raw text goes through
    :func:`helpers.require_columns` first.

    Args:
        frame: the table.
        column: the name of its date column.

    Returns:
        The column as ``datetime64`` values, same index.

    Raises:
        DataError: a value is blank or not a date (the message names its data row, counted from 1).

    >>> date_column(pd.DataFrame({"日期": ["2024-03-05", "2024-04-01"]}), "日期").dt.month.tolist()
    [3, 4]
    >>> try:
    ...     date_column(pd.DataFrame({"日期": ["2024-03-05", ""]}), "日期")
    ... except DataError as e:
    ...     print(e.row)
    2
    """
    values = pd.to_datetime(frame[column], errors="coerce")
    if values.isna().any():
        row = first_bad_row(values.isna().to_numpy())
        raise DataError("有空白或无法识别的日期", "a date is blank or cannot be read",
                        fix_zh="把日期写成 2024-03-05 这样的格式", fix_en="write dates like 2024-03-05",
                        column=column, row=row)
    return values
