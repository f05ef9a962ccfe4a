"""Tables as a trainee reads them: percentages as %, 是/否 instead of True/False, dates in full.

Analysis functions return plain numbers (shares as fractions 0-1, flags as booleans), so
that tests and exercise checks can compute with them. :func:`show` is the one place that
turns such a table into what a trainee sees, the same way in every lecture:

* columns named in ``table.attrs["percent"]`` (or ``percent=``) as ``12.3%``; columns in
  ``table.attrs["signed"]`` (changes such as 同比) as ``+12.3%`` / ``-4.0%``; columns in
  ``table.attrs["signed_number"]`` (changes in points or people) as ``+0.6`` / ``-3``;
* booleans as 是 / 否, missing values as "—", dates as ``2025-03-31``;
* other numbers with thousands separators (``1,234.5``), integers without decimals.

The table's numbers are untouched: :func:`show` returns a pandas ``Styler`` whose display
is formatted; ``.data`` gives the table back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

MISSING = "—"
YES, NO = "是", "否"


def _percent(decimals: int, signed: bool) -> Any:
    def fmt(value: Any) -> str:
        if value is None or pd.isna(value):
            return MISSING
        return f"{value:+.{decimals}%}" if signed else f"{value:.{decimals}%}"

    return fmt


def _number(decimals: int) -> Any:
    def fmt(value: Any) -> str:
        if value is None or pd.isna(value):
            return MISSING
        if isinstance(value, bool):
            return YES if value else NO
        if float(value).is_integer() and decimals == 0:
            return f"{int(value):,}"
        return f"{value:,.{decimals}f}"

    return fmt


def _signed_number(decimals: int) -> Any:
    def fmt(value: Any) -> str:
        if value is None or pd.isna(value):
            return MISSING
        return f"{value:+,.0f}" if float(value).is_integer() else f"{value:+,.{decimals}f}"

    return fmt


def _flag(value: Any) -> str:
    if value is None or (not isinstance(value, bool) and pd.isna(value)):
        return MISSING
    return YES if bool(value) else NO


def _date(value: Any) -> str:
    if value is None or pd.isna(value):
        return MISSING
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return MISSING
    if isinstance(value, bool):
        return YES if value else NO
    return str(value)


def formats(table: pd.DataFrame, percent: Iterable[str] = (), signed: Iterable[str] = (),
            decimals: int = 1) -> dict[Any, Any]:
    """The display function of every column (see :func:`show`).

    Args:
        table: the table.
        percent: columns to show as percentages (added to ``table.attrs["percent"]``).
        signed: columns to show as signed percentages (added to ``table.attrs["signed"]``).
        decimals: decimals for percentages and non-integer numbers.

    Returns:
        Column -> function(value) -> str.

    >>> t = pd.DataFrame({"占比": [0.1234], "入选": [True], "金额": [1234.5]})
    >>> f = formats(t, percent=["占比"])
    >>> f["占比"](0.1234), f["入选"](True), f["金额"](1234.5)
    ('12.3%', '是', '1,234.5')
    """
    pct = set(table.attrs.get("percent", ())) | set(percent)
    sgn = set(table.attrs.get("signed", ())) | set(signed)
    sgn_num = set(table.attrs.get("signed_number", ()))
    out: dict[Any, Any] = {}
    for column in table.columns:
        series = table[column]
        if column in sgn_num:  # changes in points or people: +0.6, −3
            out[column] = _signed_number(decimals)
        elif column in sgn:
            out[column] = _percent(decimals, signed=True)
        elif column in pct:
            out[column] = _percent(decimals, signed=False)
        elif pd.api.types.is_bool_dtype(series):
            out[column] = _flag
        elif pd.api.types.is_datetime64_any_dtype(series):
            out[column] = _date
        elif pd.api.types.is_integer_dtype(series):
            out[column] = _number(0)
        elif pd.api.types.is_float_dtype(series):
            whole = series.dropna()
            out[column] = _number(0 if len(whole) and (whole % 1 == 0).all() else decimals)
        else:
            out[column] = _text
    return out


def show(table: pd.DataFrame | pd.Series, percent: Iterable[str] = (), signed: Iterable[str] = (),
         decimals: int = 1, caption: str | None = None) -> Any:
    """A table formatted for trainees: %, 是/否, "—" for missing, full dates, thousands separators.

    Args:
        table: a DataFrame (a Series is shown as a one-column table).
        percent: columns to show as percentages, besides those in ``table.attrs["percent"]``.
        signed: columns to show as signed percentages (changes), besides ``table.attrs["signed"]``.
        decimals: decimals for percentages and non-integer numbers.
        caption: a title shown above the table (state population and period here).

    Returns:
        A pandas ``Styler`` (displays as an HTML table in JupyterLab and in the apps).

    >>> t = pd.DataFrame({"客户": ["甲", "乙"], "同比": [0.254, -0.1], "需关注": [True, False]})
    >>> t.attrs["signed"] = ["同比"]
    >>> html = show(t).to_html()
    >>> "+25.4%" in html and "-10.0%" in html and "是" in html and "True" not in html
    True
    """
    frame = table.to_frame() if isinstance(table, pd.Series) else table
    if frame.index.name is not None and not isinstance(frame.index, pd.MultiIndex) \
            and frame.index.name not in frame.columns:  # a named index reads as the first column, one header row
        attrs = dict(frame.attrs)
        frame = frame.reset_index()
        frame.attrs = attrs
    fmt = formats(frame, percent, signed, decimals)
    index_fmt = _date if isinstance(frame.index, pd.DatetimeIndex) else _text
    styler = frame.style.format(fmt).format_index(index_fmt, axis=0)
    if _plain_index(frame.index):  # 0, 1, 2 … (or a filtered 0, 4, 13 …) means nothing to a reader
        styler = styler.hide(axis="index")
    # text columns read left-aligned (CSS by column position: works with any index, unique or not)
    styles = [{"selector": "th", "props": "text-align: left;"}]
    for j in range(frame.shape[1]):
        data = frame.iloc[:, j]
        if not (pd.api.types.is_numeric_dtype(data) or pd.api.types.is_datetime64_any_dtype(data)):
            styles.append({"selector": f"td.col{j}", "props": "text-align: left;"})
    styler = styler.set_table_styles(styles, overwrite=False)
    if caption:
        styler = styler.set_caption(caption)
    return styler


def _plain_index(index: pd.Index) -> bool:
    """True for a default row number, which a trainee should not see: an unnamed integer index that
    counts from 0 (also after filtering: 0, 4, 13 …). Years, months and other labels stay visible.

    >>> _plain_index(pd.RangeIndex(3)), _plain_index(pd.Index([0, 4, 13])), _plain_index(pd.Index(["甲"]))
    (True, True, False)
    >>> _plain_index(pd.Index([2024, 2025])), _plain_index(pd.Index(range(1, 13)))
    (False, False)
    """
    if index.name is not None or isinstance(index, pd.MultiIndex) or not pd.api.types.is_integer_dtype(index):
        return False
    return len(index) == 0 or bool(index[0] == 0 and index.is_monotonic_increasing)
