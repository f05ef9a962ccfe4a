"""Property tests of the date and amount parsers (issue 12, item 5).

A value either parses to exactly the documented result (helpers/data/parse.py's module
docstring lists the forms) or is refused -- never a guess: not 12 for "1 2", not +3 for
"(-3)", not today for "now", not 2005-03-24 for "24/3/5".
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from helpers.data.columns import require_columns
from helpers.data.parse import Ambiguous, _parse_date, _parse_number, parse_amount, parse_date
from helpers.errors import DataError

DATES = st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31))
TIMES = st.one_of(st.none(), st.times().map(lambda t: t.replace(microsecond=0)))
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FULL_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]


def documented(d: dt.date) -> list[str]:
    return [f"{d:%Y-%m-%d}", f"{d.year}/{d.month}/{d.day}", f"{d.year}.{d.month:02d}.{d.day}",
            f"{d.year}年{d.month}月{d.day}日", f"{d.year} 年 {d.month:02d} 月 {d.day:02d} 日", f"{d:%Y%m%d}",
            f"{d.day} {MONTHS[d.month - 1]} {d.year}", f"{d.day}-{MONTHS[d.month - 1]}-{d.year}",
            f"{MONTHS[d.month - 1]} {d.day}, {d.year}", f"{FULL_MONTHS[d.month - 1]} {d.day}, {d.year}",
            f"　{d:%Y-%m-%d} "]


@settings(max_examples=300, deadline=None)
@given(d=DATES, t=TIMES)
def test_every_documented_date_form_parses_to_exactly_that_date(d, t):
    want = pd.Timestamp(d)
    for text in documented(d):
        assert _parse_date(text) == want, text
        assert parse_date(text) == want, text
    if t is not None:
        with_time = pd.Timestamp(dt.datetime.combine(d, t))
        assert _parse_date(f"{d:%Y-%m-%d} {t:%H:%M:%S}") == with_time
        assert _parse_date(f"{d:%Y-%m-%d}T{t:%H:%M:%S}") == with_time
        assert _parse_date(f"{d.year}/{d.month}/{d.day} {t.hour}:{t.minute:02d}") == with_time.replace(second=0)


@settings(max_examples=300, deadline=None)
@given(d=DATES, sep=st.sampled_from(["/", "-", "."]))
def test_day_and_month_before_the_year_need_the_stated_order(d, sep):
    text = f"{d.day}{sep}{d.month}{sep}{d.year}"
    with pytest.raises(Ambiguous):
        _parse_date(text)
    assert parse_date(text) is pd.NaT
    assert _parse_date(text, order="DMY") == pd.Timestamp(d)
    swapped = f"{d.month}{sep}{d.day}{sep}{d.year}"
    assert _parse_date(swapped, order="MDY") == pd.Timestamp(d)


@settings(max_examples=200, deadline=None)
@given(d=DATES, sep=st.sampled_from(["/", "-", "."]))
@example(d=dt.date(2005, 3, 24), sep="/")
def test_two_digit_years_are_refused_unless_the_format_says_so(d, sep):
    yy = d.year % 100
    for text in (f"{yy:02d}{sep}{d.month}{sep}{d.day}", f"{d.day}{sep}{d.month}{sep}{yy:02d}",
                 f"{yy:02d}年{d.month}月{d.day}日"):
        with pytest.raises(ValueError):
            _parse_date(text)
    assert _parse_date(f"{d.day}/{d.month}/{yy:02d}", order="%d/%m/%y").day == d.day


@pytest.mark.parametrize("word", ["now", "today", "Today", "yesterday", "tomorrow", "昨天", "今天", "下周",
                                  "2024-03-05T10:00:00Z", "2024-03-05 10:00+08:00", "3月5日", "2024-3", "45356.5.1"])
def test_words_time_zones_and_partial_dates_are_refused(word):
    with pytest.raises(ValueError):
        _parse_date(word)
    assert parse_date(word) is pd.NaT


@settings(max_examples=500, deadline=None)
@given(text=st.text(st.sampled_from("0123456789/-.年月日 :TZnowadyMr,"), max_size=24))
def test_any_text_either_names_its_full_year_or_is_refused(text):
    try:
        stamp = _parse_date(text)
    except ValueError:
        return
    assert str(stamp.year) in text.replace(" ", ""), (text, stamp)


# ---------------------------------------------------------------------------------------
# amounts
# ---------------------------------------------------------------------------------------

UNITS = {"": 1.0, "%": 0.01, "元": 1.0, "千": 1e3, "万": 1e4, "万元": 1e4, "亿": 1e8, "亿元": 1e8}


def grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep) if sep else str(n)


@settings(max_examples=500, deadline=None)
@given(whole=st.integers(0, 10**12), decimals=st.one_of(st.none(), st.text("0123456789", min_size=1, max_size=4)),
       sep=st.sampled_from(["", ",", " "]), sign=st.sampled_from(["", "-", "+", "()"]),
       money=st.sampled_from(["", "¥", "￥", "$", "RMB ", "人民币"]), unit=st.sampled_from(sorted(UNITS)))
def test_every_documented_amount_form_parses_to_exactly_its_value(whole, decimals, sep, sign, money, unit):
    digits = grouped(whole, sep) + (f".{decimals}" if decimals is not None else "")
    body = f"{money}{digits}{unit}"
    text = f"({body})" if sign == "()" else f"{sign}{body}"
    want = float(f"{whole}" + (f".{decimals}" if decimals is not None else "")) * UNITS[unit]
    if sign in ("-", "()"):
        want = -want
    assert _parse_number(text) == want, text
    assert parse_amount(text) == want, text


@pytest.mark.parametrize("text", ["1 2", "12 34", "1.2万%", "3万亿", "5%%", "(-3)", "(+3)", "--3", "+-3", "1,5",
                                  "1,23", "1.234,50", "1.2.3", "12kg", "1.2w", "3k", "5美元", "1e5万", "一万",
                                  "¥", "()", "1 ,234", "%5", "５ ６"])
def test_ambiguous_or_unknown_amounts_are_refused(text):
    with pytest.raises(ValueError):
        _parse_number(text)
    assert math.isnan(parse_amount(text))


@settings(max_examples=500, deadline=None)
@given(text=st.text(st.sampled_from("0123456789,. -+()¥%万亿元kgwE"), max_size=16))
def test_any_text_either_parses_to_its_digits_or_is_refused(text):
    try:
        value = _parse_number(text)
    except ValueError:
        return
    if value is None:  # a dash alone: no value
        assert text.strip() in {"-", "--"}
        return
    digits = "".join(ch for ch in text if ch.isdigit())
    assert digits, text
    assert (value < 0) == (("-" in text or "(" in text) and value != 0)


def test_huge_and_odd_numbers_are_refused_not_crashing():
    for value in (10**400, float("inf"), float("nan"), "1e999"):
        with pytest.raises(ValueError):
            _parse_number(value)
    assert _parse_number(12345678901234567890) == 1.2345678901234567e19


# ---------------------------------------------------------------------------------------
# what the user sees: a DataError naming the row and the accepted forms
# ---------------------------------------------------------------------------------------

def test_ambiguous_dates_name_the_row_and_how_to_state_the_order():
    raw = pd.DataFrame({"日期": ["2024-03-05", "5/3/2024", "24/3/5", "now"]})
    with pytest.raises(DataError) as caught:
        require_columns(raw, {"date": "date"}, source="d.csv")
    message = str(caught.value)
    assert "第 3 行“5/3/2024”" in message and "第 4 行“24/3/5”" in message and "第 5 行“now”" in message
    assert "\"format\": \"DMY\"" in message and "2024年3月5日" in message
    out = require_columns(raw.iloc[:2], {"date": {"type": "date", "format": "DMY"}})
    assert out["date"].tolist() == [pd.Timestamp("2024-03-05"), pd.Timestamp("2024-03-05")]


def test_unknown_units_name_the_row_and_the_accepted_forms():
    with pytest.raises(DataError) as caught:
        require_columns(pd.DataFrame({"金额": ["12", "1.2万%", "1 2", "5kg"]}), {"amount": "number"}, source="a.csv")
    message = str(caught.value)
    assert "第 3 行“1.2万%”" in message and "第 4 行“1 2”" in message and "第 5 行“5kg”" in message
    assert "1.2万" in message and "(1,234)" in message
