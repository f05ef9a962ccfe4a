"""Users' own data: read a CSV or Excel file they bring, then find and check its columns.

Two public functions:

* :func:`read_table` reads a CSV or ``.xlsx`` file -- from a path, from bytes, or from
  the value of an ``ipywidgets.FileUpload`` -- whatever Excel or a CRM export produced:
  UTF-8 with or without BOM, GBK/GB18030, Excel's "Unicode text" (UTF-16, tabs), comma,
  tab or semicolon separators, Chinese column names, title rows above the header.
* :func:`require_columns` finds the columns an analysis needs under their usual Chinese
  or English names (:data:`COLUMN_SYNONYMS`), converts values the way Excel users write
  them ("¥1,234.50", "2024年3月5日", "12%") and checks presence, blanks and ranges.

Both raise :class:`helpers.errors.DataError`: a Chinese + English message that names the
file, the column or row, and how to fix it. Rows are numbered as in Excel (header = row 1,
first data row = row 2).

How :func:`read_table` works, one small function per step:

1. ``_load_source``: get the bytes and the name to show in messages;
2. ``_detect_format``: look at the content (not the extension): xlsx, text, or a file we
   explain instead of reading (old .xls, encrypted workbook, HTML, PDF, picture, zip ...);
3. ``_decode`` (text only): BOM, else strict UTF-8, else strict GB18030 -- never guessing
   silently: implausible GB18030 output is an error too;
4. ``_csv_rows`` / ``_xlsx_rows``: the cells as a list of rows;
5. ``_frame_from_rows``: find the header, check its names, drop blank rows, turn columns
   of number text into numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DataError
from .safe_text import shown_name
from .sniff import _EXPORT_AGAIN, SAVE_AS_EN, SAVE_AS_ZH, _decode, _detect_format
from .text_table import SlowPath, read_text_table
from .xlsx import _xlsx_rows, xlsx_engine  # noqa: F401 - xlsx_engine re-exported (benchmarks import it here)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


#: Cell texts that mean "no value" (besides blank cells): Excel's #N/A and common exports.
NULL_TEXTS = frozenset({"", "#N/A", "N/A", "NA", "n/a", "NULL", "null", "NaN", "nan", "None"})


#: How many bad values an error message shows before "…".
SHOW_AT_MOST = 5


def _letter(index: int) -> str:
    """Excel's column letter for a 0-based column index (0 -> A, 26 -> AA).

    >>> _letter(0), _letter(25), _letter(26)
    ('A', 'Z', 'AA')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_table(source: Any, *, sheet: str | int | None = None, name: str | None = None) -> pd.DataFrame:
    """Read a CSV or Excel (.xlsx) file that a user brings, and explain any problem.

    The format is recognised from the content, not from the extension. Text files may be
    UTF-8 (with or without BOM), GBK / GB18030 or UTF-16 with BOM (Excel's "Unicode text"),
    separated by commas, tabs, semicolons or ``|``. Header names are stripped of spaces and
    BOM remnants; title rows above the header (one cell, e.g. "2024年订单明细") and fully
    blank rows are skipped; columns whose values are all numbers become numeric (codes with
    leading zeros such as ``00123`` and numbers longer than 15 digits stay text). Other
    values are kept as they are -- :func:`require_columns` converts them.

    Args:
        source: a path (``str`` or ``pathlib.Path``); the file's ``bytes``; a binary file
            object; or the ``value`` of an ``ipywidgets.FileUpload`` (a tuple of dicts
            with ``name`` and ``content``; exactly one file).
        sheet: for Excel files, the sheet name or 0-based position (default: the first
            sheet). Ignored for text files.
        name: the file name to show in messages (default: the path's or upload's name).

    Returns:
        A new DataFrame with a default index. ``df.attrs`` records ``source`` (the name),
        ``header_row`` and ``skipped_rows`` (Excel row numbers), which
        :func:`require_columns` uses to name rows as Excel shows them, and ``sheet`` for
        Excel files.

    Raises:
        DataError: the file is missing, empty, not a table, in an unsupported format, in
            an unknown encoding, or its header or rows are malformed.

    >>> data = "客户编号,金额\\nC001,\\"1,234\\"\\nC002,88\\n".encode("gbk")
    >>> read_table(data, name="订单.csv").to_dict("list")
    {'客户编号': ['C001', 'C002'], '金额': ['1,234', '88']}
    >>> read_table(b"id;qty\\n7;2\\n", name="x.csv").to_dict("list")
    {'id': [7], 'qty': [2]}
    >>> try:
    ...     read_table(b"", name="empty.csv")
    ... except DataError as err:
    ...     print(err.zh)
    文件是空的（0 字节）
    """
    label = str(name or "")
    try:
        data, label = _load_source(source, name)
        if _detect_format(data, label) == "xlsx":
            rows, sheet_name = _xlsx_rows(data, label, sheet)
            frame = _frame_from_rows(rows, label, extra_fields_are_errors=False, sheet=sheet_name)
            frame.attrs["sheet"] = sheet_name
            return frame
        try:
            return read_text_table(data, label, NULL_TEXTS)
        except SlowPath:  # the exact, pure-Python reader decides (and names the row of a problem)
            return _frame_from_rows(_csv_rows(_decode(data, label), label), label, extra_fields_are_errors=True)
    except DataError:
        raise
    except MemoryError:
        raise DataError("文件太大，内存不够读取", "the file is too large for the memory of this computer",
                        fix_zh="请只导出需要的列和行（例如一年的数据），或在内存更大的电脑上读取",
                        fix_en="export only the columns and rows you need, or use a computer with more memory",
                        source=label or None) from None
    except Exception as exc:  # noqa: BLE001 - whatever the input, the user gets a DataError
        raise _unexpected_error(exc, label) from None


def _unexpected_error(exc: BaseException, label: str | None) -> DataError:
    """A DataError for a failure no rule foresaw (the type is named for the maintainers)."""
    return DataError(f"读取时遇到了意外的问题（{type(exc).__name__}）",
                     f"an unexpected problem while reading ({type(exc).__name__}: {str(exc)[:200]})",
                     fix_zh="请在 Excel 中打开这个文件，" + SAVE_AS_ZH + "；如果仍然不行，请把文件发给讲师",
                     fix_en="open the file in Excel, " + SAVE_AS_EN + "; if that does not help, send the file "
                            "to the instructor", source=label or None)


def _load_source(source: Any, name: str | None) -> tuple[bytes, str]:
    """The file's bytes and the name used in messages."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        label = name or shown_name(path.name or str(path))[:200]
        if "\x00" in str(path):
            raise DataError("路径里有看不见的空字符（NUL），不是有效的文件路径",
                            "the path contains a NUL character and is not a valid file path",
                            fix_zh="请重新复制或输入文件路径", fix_en="copy or type the path again", source=label)
        try:
            if path.is_dir():
                raise _folder_error(path, label)
            return path.read_bytes(), label
        except FileNotFoundError:
            raise _not_found_error(path, label) from None
        except PermissionError:
            raise DataError(
                "没有权限读取这个文件", "permission denied when reading the file",
                fix_zh="如果文件正在 Excel 中打开，请先关闭它；或把它复制到“我的成果”等自己的文件夹再读取",
                fix_en="close the file if Excel has it open, or copy it to a folder of your own",
                source=label) from None
        except OSError as exc:
            raise _path_error(exc, label) from None
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), name or "上传的文件"
    if hasattr(source, "read"):  # an open binary file or io.BytesIO
        content = source.read()
        if isinstance(content, str):
            content = content.encode("utf-8")
        return bytes(content), name or str(getattr(source, "name", "") or "上传的文件")
    return _from_upload(source, name)


def _from_upload(value: Any, name: str | None) -> tuple[bytes, str]:
    """The one file in an ``ipywidgets.FileUpload`` value (v8: tuple of dicts; v7: dict)."""
    if isinstance(value, Mapping):
        if "content" in value:  # one upload entry passed on its own
            files = [value]
        else:  # ipywidgets 7: {file name: {"metadata": ..., "content": ...}}
            files = [{"name": key, **item} for key, item in value.items() if isinstance(item, Mapping)]
    elif isinstance(value, (list, tuple)):
        files = list(value)
    else:
        raise DataError(
            f"不认识的数据来源（{type(value).__name__}）",
            f"cannot read a table from a {type(value).__name__}",
            fix_zh="请传入文件路径（如 \"订单.csv\"）、文件内容（bytes）或上传控件的 .value",
            fix_en="pass a file path (e.g. \"orders.csv\"), the file's bytes, or a FileUpload's .value")
    if not files:
        raise DataError("还没有选择文件", "no file was uploaded",
                        fix_zh="请先点击“上传”按钮选择一个 CSV 或 Excel 文件",
                        fix_en="click the Upload button and choose a CSV or Excel file first")
    if len(files) > 1:
        names = "、".join(str(f.get("name", "?")) for f in files if isinstance(f, Mapping))
        raise DataError(f"一次上传了 {len(files)} 个文件（{names}），只能读取一个",
                        f"{len(files)} files were uploaded ({names}); only one can be read",
                        fix_zh="请重新上传，只选一个文件", fix_en="upload again, choosing a single file")
    item = files[0]
    if not isinstance(item, Mapping) or "content" not in item:
        raise DataError("上传控件的值格式不对（缺少 content）", "the upload value has no 'content'",
                        fix_zh="请直接传入上传控件的 .value", fix_en="pass the FileUpload's .value itself")
    return bytes(item["content"]), name or str(item.get("name") or "上传的文件")


def _path_error(exc: OSError, label: str) -> DataError:
    """Why a path cannot be read (too long, a loop of links, ...), in words."""
    import errno

    if exc.errno == errno.ENAMETOOLONG:
        zh, en = "路径或文件名太长，系统无法打开", "the path or file name is too long for the system"
        fix_zh = "请把文件改个短一点的名字，或移到层级浅一些的文件夹"
        fix_en = "rename the file or move it to a shorter path"
    elif exc.errno == errno.ELOOP:
        zh = "路径中的快捷方式（符号链接）互相指向，形成了循环"
        en = "the path's symbolic links point at each other in a loop"
        fix_zh, fix_en = "请直接选择文件本身，而不是快捷方式", "choose the file itself, not a link to it"
    else:
        zh = f"无法读取这个文件（{exc.strerror or type(exc).__name__}）"
        en = f"cannot read the file ({exc.strerror or exc})"
        fix_zh = "请检查路径，并把文件复制到自己的文件夹再读取"
        fix_en = "check the path, or copy the file to a folder of your own"
    return DataError(zh, en, fix_zh=fix_zh, fix_en=fix_en, source=label)


def _folder_error(path: Path, label: str) -> DataError:
    try:
        tables = sorted(shown_name(p.name) for p in path.iterdir()
                        if p.suffix.lower() in {".csv", ".xlsx", ".txt", ".tsv"})
    except OSError:
        tables = []
    hint_zh = ("；其中的表格文件有：" + "、".join(tables[:8])) if tables else ""
    hint_en = ("; table files in it: " + ", ".join(tables[:8])) if tables else ""
    return DataError("这是一个文件夹，不是文件", "this is a folder, not a file",
                     fix_zh="请在路径后面加上文件名" + hint_zh,
                     fix_en="add the file name to the path" + hint_en, source=label)


def _not_found_error(path: Path, label: str) -> DataError:
    folder = path.parent if str(path.parent) else Path(".")
    where_zh = f"（相对路径从当前文件夹 {Path.cwd()} 算起）" if not path.is_absolute() else ""
    where_en = f" (relative paths start at the current folder {Path.cwd()})" if not path.is_absolute() else ""
    if not folder.is_dir():
        return DataError(f"找不到文件夹 {folder}{where_zh}", f"folder {folder} does not exist{where_en}",
                         fix_zh="请检查路径是否拼写正确", fix_en="check the spelling of the path", source=label)
    try:
        files = [shown_name(p.name) for p in folder.iterdir() if p.is_file()]
    except OSError:
        files = []
    close = difflib.get_close_matches(shown_name(path.name), files, n=3, cutoff=0.5)
    if close:
        fix_zh, fix_en = "是不是要读：" + "、".join(close) + "？", "did you mean: " + ", ".join(close) + "?"
    else:
        fix_zh, fix_en = "请检查文件名和扩展名（.csv / .xlsx）是否正确", "check the file name and its extension"
    return DataError(f"找不到文件{where_zh}", f"file not found{where_en}",
                     fix_zh=fix_zh, fix_en=fix_en, source=label)


_DELIMITERS = (",", "\t", ";", "|")  # in order of preference when tied


def _csv_rows(text: str, label: str) -> list[list[str]]:
    """Rows of fields, with the delimiter found from the first rows (``sep=;`` line honoured)."""
    first, _, rest = text.partition("\n")
    hint = re.fullmatch(r'"?sep=(.)"?', first.strip(), flags=re.IGNORECASE)
    if hint:  # Excel's own delimiter hint; Excel hides this line, so rows keep their numbers
        delimiter, text = hint.group(1), rest
    else:
        delimiter = max(_DELIMITERS, key=lambda d: _width(text, d))
    if _width(text, delimiter) == 1:
        header = next((line for line in text.splitlines() if line.strip()), "")
        if len(header.split("，")) > 1:
            raise DataError(
                "表头只能按中文逗号“，”分开：CSV 的分隔符必须是英文逗号“,”（或制表符、分号）",
                "the header is only separated by full-width Chinese commas '，'; CSV needs ',' (or tab, ';')",
                fix_zh="把分隔用的中文逗号“，”替换成英文逗号“,”；或在 Excel 中" + SAVE_AS_ZH,
                fix_en="replace the separating '，' by ',', or in Excel " + SAVE_AS_EN,
                source=label, row=1)
    rows: list[list[str]] = []
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, 1 << 30))  # a long cell is a cell (pandas has no limit either)
    try:  # strict: a quote that never closes is an error, not one giant cell
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            rows.append(row)
    except csv.Error:
        raise DataError("这一行的英文引号 \" 不配对（某个值以引号开头却没有正确结束）",
                        "unbalanced quotes in this row (a value opens a \" that is not closed properly)",
                        fix_zh="在记事本中检查这一行的引号，删除多余的 \"；或在 Excel 中" + SAVE_AS_ZH,
                        fix_en="check the quotes in that row and remove the stray \", or in Excel " + SAVE_AS_EN,
                        source=label, row=len(rows) + 1) from None
    finally:
        csv.field_size_limit(limit)
    return rows


def _width(text: str, delimiter: str) -> int:
    """Largest number of fields among the first 20 rows when split by ``delimiter``."""
    reader = csv.reader(io.StringIO(text[:65_536], newline=""), delimiter=delimiter)
    widest = 0
    try:
        for number, row in enumerate(reader):
            widest = max(widest, len(row))
            if number >= 20:
                break
    except csv.Error:
        pass
    return widest


def group_titles_above(upper: list[Any], lower: list[Any]) -> bool:
    """Whether ``upper`` holds group titles over the column names in ``lower`` (a merged two-row header).

    Excel keeps a merged cell's text in its first cell only, so "客户信息" merged over two
    columns leaves a gap after it; the row below names every column with text.

    Args:
        upper: the cells of the candidate header (``None`` for blank).
        lower: the cells of the row below it.

    Returns:
        True when ``upper`` has a gap under which ``lower`` has a name, and ``lower`` is all text
        without gaps and covers every column ``upper`` uses.

    >>> group_titles_above(["客户信息", None, "交易", None], ["客户编号", "客户名称", "金额", "日期"])
    True
    >>> group_titles_above(["客户", "金额"], ["A", 12])
    False
    """
    width = len(lower)
    up = [j < len(upper) and upper[j] is not None for j in range(width)]
    low = [lower[j] is not None for j in range(width)]
    names = [v for v in lower if v is not None]
    if not any(up) or not all(isinstance(v, str) and not re.fullmatch(r"[\s\d.,%+\-¥$()]*", v) for v in names):
        return False  # numbers below: that row is data, not column names
    last = max(j for j in range(width) if low[j]) if any(low) else -1
    if any(up[j] and not low[j] for j in range(width)) or not all(low[: last + 1]):
        return False
    return any(up[j] and j + 1 <= last and not up[j + 1] for j in range(width))


def _clean_rows(rows: list[list[Any]]) -> list[list[Any]]:
    """Strip text cells; blank and #N/A-like text become None; other values are kept."""
    return [[(None if (text := v.strip()) in NULL_TEXTS else text) if isinstance(v, str) else v
             for v in row] for row in rows]


def _clean_name(value: Any) -> str:
    """A header cell as a column name: text without spaces at the ends, BOM or line breaks."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time(0) else value
    text = str(value).replace("\ufeff", "").replace("\u200b", "")
    return " ".join(text.split())


def _frame_from_rows(rows: list[list[Any]], label: str, *, extra_fields_are_errors: bool,
                     sheet: str | None = None) -> pd.DataFrame:
    """Find the header, check the names and rows, and build the DataFrame."""
    import pandas as pd

    where, where_en = (f"工作表“{sheet}”：", f"sheet '{sheet}': ") if sheet else ("", "")

    cells = _clean_rows(rows)
    filled = [sum(v is not None for v in row) for row in cells]
    nonblank = [i for i, count in enumerate(filled) if count]
    if not nonblank:
        raise DataError(f"{where}只有空白，没有任何内容", f"{where_en}there are only blank cells", **_EXPORT_AGAIN,
                        source=label)
    top = nonblank[0]
    if filled[top] == 1:  # a title such as "2024年订单明细" above the real header
        top = next((i for i in nonblank[:4] if filled[i] > 1), top)
    if top + 1 < len(cells) and group_titles_above(cells[top], cells[top + 1]):
        top += 1  # a two-row header: merged group titles above the column names
    header = cells[top]

    if extra_fields_are_errors:
        for i in range(top + 1, len(cells)):
            if any(v is not None for v in cells[i][len(header):]):
                raise DataError(
                    f"这一行有 {len(cells[i])} 个值，比表头的 {len(header)} 列多",
                    f"this row has {len(cells[i])} fields but the header has {len(header)} columns",
                    fix_zh="通常是某个值里含有逗号（如 1,234 或地址）却没有用引号括起来：请删掉值里的逗号，"
                           "或在 Excel 中打开后重新“另存为 → CSV UTF-8（逗号分隔）”",
                    fix_en="usually a value contains a comma (e.g. 1,234 or an address) without quotes: remove "
                           "that comma, or open the file in Excel and save it again as CSV UTF-8",
                    source=label, row=i + 1)

    width = max(len(row) for row in cells[top:])
    names = [_clean_name(v) for v in header] + [""] * (width - len(header))
    body = [row + [None] * (width - len(row)) for row in cells[top + 1:]]
    keep = []
    for j, column_name in enumerate(names):
        if column_name:
            keep.append(j)
            continue
        first = next((i for i, row in enumerate(body) if row[j] is not None), None)
        if first is not None:  # a column without a name is dropped if empty, an error if not
            raise _unnamed_column_error(j, top, top + first + 2, body[first][j], label, where, where_en)
    _check_unique_names(names, keep, top, label, where, where_en)

    skipped = tuple(top + i + 2 for i, row in enumerate(body) if all(row[j] is None for j in keep))
    data = [[row[j] for j in keep] for row in body if any(row[j] is not None for j in keep)]
    if not data:
        raise DataError(f"{where}只有表头（第 {top + 1} 行），没有数据行",
                        f"{where_en}only a header (row {top + 1}), no data rows",
                        fix_zh="请确认导出时选中了数据，或选择正确的文件 / 工作表",
                        fix_en="check that the export included the data, or choose the right file / sheet",
                        source=label)
    frame = pd.DataFrame(data, columns=[names[j] for j in keep])
    for column in frame.columns:
        frame[column] = _numbers_from_text(frame[column])
    frame.attrs.update(source=label, header_row=top + 1, skipped_rows=skipped)
    return frame



def _unnamed_column_error(j: int, top: int, row_no: int, value: Any, label: str | None,
                          where: str = "", where_en: str = "") -> DataError:
    """The error for column ``j`` that has data but no name in header row ``top`` (0-based)."""
    return DataError(
        f"{where}{_letter(j)} 列（第 {j + 1} 列）没有列名，但有数据（如第 {row_no} 行的 {value!r}）",
        f"{where_en}column {_letter(j)} (no. {j + 1}) has no name in the header but holds data "
        f"(e.g. {value!r} in row {row_no})",
        fix_zh=f"请在第 {top + 1} 行（表头）的 {_letter(j)} 列填上列名，或删除这一列",
        fix_en=f"type a name in row {top + 1} (the header) of column {_letter(j)}, or delete the column",
        source=label, row=top + 1)


def _check_unique_names(names: list[str], keep: list[int], top: int, label: str | None,
                        where: str = "", where_en: str = "") -> None:
    """Raise a DataError when two kept columns share a name (header in row ``top``, 0-based)."""
    seen: dict[str, int] = {}
    for j in keep:
        if names[j] in seen:
            i = seen[names[j]]
            raise DataError(
                f"{where}列名“{names[j]}”出现了两次（{_letter(i)} 列和 {_letter(j)} 列）",
                f"{where_en}the column name '{names[j]}' appears twice (columns {_letter(i)} and {_letter(j)})",
                fix_zh="请把其中一列改名（如“金额2”）或删除重复的列",
                fix_en="rename one of them (e.g. '金额2') or delete the duplicate",
                source=label, column=names[j], row=top + 1)
        seen[names[j]] = j

def _numbers_from_text(column: pd.Series) -> pd.Series:
    """The column as numbers when every value is number text; otherwise unchanged.

    Codes with leading zeros ("00123") and numbers longer than 15 digits (order or ID-card
    numbers, which would lose digits as floats) stay text.
    """
    import pandas as pd

    text = column.dropna()
    if text.empty or pd.api.types.infer_dtype(text, skipna=True) != "string":
        return column
    if pd.to_numeric(text.head(50), errors="coerce").isna().any():  # quick exit for text columns
        return column
    found = pd.to_numeric(text, errors="coerce")
    if found.isna().any() or text.str.contains(r"^[+-]?0\d|^[+-]?\d{16,}$", regex=True).any():
        return column
    if len(text) == len(column) and pd.api.types.is_integer_dtype(found):
        return found
    # Python's float() rounds exactly like the text was written (to_numeric may not in pandas 2)
    return pd.Series([float(v) if isinstance(v, str) else math.nan for v in column], index=column.index)
