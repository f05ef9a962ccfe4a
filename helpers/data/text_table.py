"""Reading a text table (CSV / TSV) fast: our detection first, then pandas' C parser.

:func:`read_text_table` is the text path of :func:`helpers.read_table`:

1. :func:`helpers.data.sniff.judge_encoding` decides the encoding from the *whole* file (a
   row in another encoding is an error naming that row, never mojibake);
2. the first 64 KB are decoded to find the delimiter (or Excel's ``sep=`` line), title rows
   and the header row;
3. pandas' C parser reads every cell as text (so ``00123`` and long order numbers keep
   their digits), with the file's own blank rows kept so that rows keep their Excel numbers;
4. the header is checked (blank or repeated names), blank rows dropped and remembered, and
   columns whose every value is a number become numeric.

Whenever the C parser refuses the file (a row with more fields than the header, an
unbalanced quote ...), the same bytes go through the exact pure-Python reader of
:mod:`helpers.data.read`, whose messages name the row: the fast path never changes what a
user is told, only how long it takes.
"""

from __future__ import annotations

import io
import re
import warnings
from typing import TYPE_CHECKING, Any

from ..errors import DataError
from .sniff import EURO_HANDLER, _check_is_text, judge_encoding

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Bytes decoded to find the delimiter and the header.
SAMPLE = 65_536


class SlowPath(Exception):
    """The C parser cannot give the exact answer: use the pure-Python reader."""



def exact_floats() -> dict[str, str]:
    """``read_csv`` options that read every decimal as the nearest float, on every supported pandas.

    pandas 3 reads floats exactly by default (and deprecates the option); pandas 2's default
    ("high") is off by one unit in the last place for about one value in seven.

    Returns:
        Keyword arguments for :func:`pandas.read_csv` (empty on pandas 3).

    >>> import pandas as pd
    >>> exact_floats() == ({} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"})
    True
    """
    import pandas as pd

    return {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}


def read_text_table(data: bytes, label: str, null_texts: frozenset[str]) -> pd.DataFrame:
    """The table in a text file's bytes (see the module docstring).

    Args:
        data: the file's bytes.
        label: the file name for messages.
        null_texts: cell texts that mean "no value".

    Returns:
        The DataFrame, with ``attrs`` as :func:`helpers.read_table` documents.

    >>> read_text_table("客户,金额\\n甲,12\\n".encode("gbk"), "x.csv", frozenset({""})).to_dict("list")
    {'客户': ['甲'], '金额': [12]}

    Raises:
        DataError: the encoding, the header or a row is wrong (named as in Excel).
        SlowPath: the pure-Python reader must decide (the caller then runs it).
    """
    from .read import _DELIMITERS, _check_unique_names, _clean_name, _unnamed_column_error, _width

    encoding = judge_encoding(data, label, quick=True)
    if encoding == "utf-16":  # Excel's "Unicode text": re-encode once, then as UTF-8
        data, encoding = data.decode("utf-16").encode("utf-8"), "utf-8"
    sample = _check_is_text(_sample_text(data, encoding), label)
    first, _, rest = sample.partition("\n")
    hint = re.fullmatch(r'"?sep=(.)"?', first.strip(), flags=re.IGNORECASE)
    body_text = rest if hint else sample
    delimiter = hint.group(1) if hint else max(_DELIMITERS, key=lambda d: _width(body_text, d))
    if _width(body_text, delimiter) == 1 or "\x00" in sample:
        raise SlowPath  # one column, or odd content: the exact reader explains it
    top, header = _header_record(body_text, delimiter, null_texts)
    names = [_clean_name(v) for v in header]
    body = _parse(data, encoding, delimiter, top + 1 + (1 if hint else 0), len(names), null_texts)
    if body is None:  # codes such as 00123, long numbers or TRUE/FALSE: every cell as text, then numbers
        body = _parse(data, encoding, delimiter, top + 1 + (1 if hint else 0), len(names), null_texts, text=True)
        exact = True
    else:
        exact = False
    if _needs_strip(data, encoding, delimiter):
        body, exact = _stripped(body, null_texts), True
    keep = [j for j, n in enumerate(names) if n]
    for j, column_name in enumerate(names):
        if column_name:
            continue
        filled = body.iloc[:, j].notna().to_numpy().nonzero()[0]
        if len(filled):
            i = int(filled[0])
            raise _unnamed_column_error(j, top, top + i + 2, body.iat[i, j], label)
    _check_unique_names(names, keep, top, label)
    body = body.iloc[:, keep]
    body.columns = [names[j] for j in keep]
    blank = body.isna().all(axis=1).to_numpy()
    skipped = tuple(int(top + i + 2) for i in blank.nonzero()[0])
    if blank.all():
        raise DataError(f"只有表头（第 {top + 1} 行），没有数据行", f"only a header (row {top + 1}), no data rows",
                        fix_zh="请确认导出时选中了数据，或选择正确的文件 / 工作表",
                        fix_en="check that the export included the data, or choose the right file / sheet",
                        source=label)
    frame = body[~blank] if blank.any() else body
    frame = frame.reset_index(drop=True)
    if exact or blank.any():  # blank rows made integer columns float: convert from the text again
        from .read import _numbers_from_text

        for column in frame.columns:
            if not exact and frame[column].dtype.kind == "f":
                continue
            frame[column] = _numbers_from_text(frame[column]) if frame[column].dtype.kind not in "iuf" \
                else frame[column]
    frame.attrs.update(source=label, header_row=top + 1, skipped_rows=skipped)
    return frame


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _sample_text(data: bytes, encoding: str) -> str:
    """The first :data:`SAMPLE` bytes decoded, cut at a line end."""
    chunk = data[:SAMPLE]
    if len(data) > SAMPLE and b"\n" in chunk:
        chunk = chunk[: chunk.rindex(b"\n") + 1]
    text = chunk.decode(encoding, errors=EURO_HANDLER if encoding == "gb18030" else "strict")
    return text.lstrip("\ufeff")


def _header_record(text: str, delimiter: str, null_texts: frozenset[str]) -> tuple[int, list[str]]:
    """(records before the header -- title rows and blank rows at the top --, the header's cells)."""
    import csv

    filled, records = [], []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            if reader.line_num != len(records) + 1:
                raise SlowPath  # a quoted line break above the data: let the exact reader count rows
            records.append(record)
            filled.append(sum(1 for v in record if v.strip() not in null_texts))
            if len([f for f in filled if f]) >= 5:
                break
    except csv.Error:
        raise SlowPath from None
    nonblank = [i for i, count in enumerate(filled) if count]
    if not nonblank:
        raise SlowPath
    top = nonblank[0]
    if filled[top] == 1:  # a title such as "2024年订单明细" above the real header
        top = next((i for i in nonblank[:4] if filled[i] > 1), top)
    if top + 1 < len(records):
        from .read import group_titles_above

        cells = [[v.strip() if v.strip() not in null_texts else None for v in r] for r in records[top:top + 2]]
        if group_titles_above(cells[0], cells[1]):
            top += 1  # a two-row header: merged group titles above the column names
    if top + 1 >= len(records) and len(text) >= SAMPLE - 4:
        raise SlowPath  # the header is not within the sample
    return top, [v.strip() if v.strip() not in null_texts else "" for v in records[top]]


def _parse(data: bytes, encoding: str, delimiter: str, skip: int, width: int, null_texts: frozenset[str],
           text: bool = False) -> pd.DataFrame | None:
    """The rows below the header. Numbers are read by the C parser unless ``text`` (then every cell is text).

    Returns ``None`` when the numbers cannot be read faithfully by the C parser: codes with
    leading zeros (``00123``), numbers of 16 digits or more, TRUE/FALSE.
    """
    import numpy as np
    import pandas as pd

    if not text and _leading_zero(data, delimiter, encoding):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig" if encoding == "utf-8" else encoding,
                                encoding_errors=EURO_HANDLER if encoding == "gb18030" else "strict",
                                sep=delimiter, header=None, names=list(range(width)), skiprows=skip,
                                dtype=str if text else None, keep_default_na=False, na_values=sorted(null_texts),
                                skip_blank_lines=False, engine="c", quotechar='"', doublequote=True,
                                **exact_floats())
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeError, ValueError, OverflowError):
            raise SlowPath from None
    if not text:
        for j in range(frame.shape[1]):
            column = frame.iloc[:, j]
            kind = column.dtype.kind
            if kind == "b" or (kind in "iuf" and bool(np.nanmax(np.abs(column.to_numpy(float)), initial=0) >= 1e15)):
                return None
            if kind == "O" and pd.api.types.infer_dtype(column, skipna=True) not in ("string", "empty"):
                return None  # numbers in one chunk, text in another: read the cells as text
    return frame


def _leading_zero(data: bytes, delimiter: str, encoding: str) -> bool:
    """Whether any field may start with a zero followed by a digit (a code such as 00123).

    One pass over the bytes mapped to classes (field boundary ``B``, zero ``Z``, other digit
    ``D``; quotes and signs removed). Conservative: a hit inside a quoted text only costs the
    slower, exact reading.
    """
    bounds = delimiter.encode(encoding) + b"\n\r"
    if len(bounds) != 3:  # a delimiter of several bytes (UTF-16 was re-encoded, so this is rare)
        return True
    table = bytes(ord("B") if b in bounds else ord("Z") if b == 0x30 else ord("D") if 0x31 <= b <= 0x39
                  else ord(".") for b in range(256))
    classes = b"B" + data.translate(table, b'"+-')
    return b"BZZ" in classes or b"BZD" in classes


def _needs_strip(data: bytes, encoding: str, delimiter: str) -> bool:
    """Whether any cell may start or end with white space (a cheap, conservative test on the bytes)."""
    spaces = []
    for ch in (" ", "\t", "\u3000", "\xa0"):
        if ch == delimiter:
            continue
        try:
            spaces.append(ch.encode(encoding))
        except UnicodeEncodeError:
            continue
    spaces = [s for s in spaces if s in data]
    if not spaces:
        return False
    d = delimiter.encode(encoding)
    for s in spaces:
        for pattern in (d + s, s + d, s + b"\n", s + b"\r", b"\n" + s, b'"' + s, s + b'"'):
            if pattern in data:
                return True
        if data.startswith(s) or data.rstrip(b"\r\n").endswith(s):
            return True
    return False


def _stripped(body: pd.DataFrame, null_texts: frozenset[str]) -> pd.DataFrame:
    """Text cells without surrounding white space; those that become empty or #N/A-like are missing."""
    body = body.copy()
    for j in range(body.shape[1]):
        column = body.iloc[:, j]
        if column.dtype.kind in "iufb":
            continue
        column = column.map(lambda v: v.strip() if isinstance(v, str) else v)
        body.isetitem(j, column.mask(column.isin(null_texts)))
    return body
