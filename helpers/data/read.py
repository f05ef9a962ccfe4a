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

import codecs
import csv
import datetime as dt
import difflib
import io
import math
import os
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DataError
from .parse import _norm

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


#: How to re-save a file in Excel so that read_table can read it (after "open it in Excel").
SAVE_AS_ZH = "点“文件 → 另存为”，保存类型选“CSV UTF-8（逗号分隔）(*.csv)”或“Excel 工作簿 (*.xlsx)”，再读取新文件"



SAVE_AS_EN = ("choose File → Save As, type 'CSV UTF-8 (Comma delimited) (*.csv)' or 'Excel Workbook (*.xlsx)', "
              "then read the new file")



RESAVE_ZH = "用 Excel 打开它，" + SAVE_AS_ZH



RESAVE_EN = "open it in Excel, " + SAVE_AS_EN



#: Fix for a file with nothing in it (the export probably did not finish).
_EXPORT_AGAIN = {"fix_zh": "请确认导出或保存已经完成，再重新导出一次",
                 "fix_en": "check that the export finished and export again"}



#: Cell texts that mean "no value" (besides blank cells): Excel's #N/A and common exports.
NULL_TEXTS = frozenset({"", "#N/A", "N/A", "NA", "n/a", "NULL", "null", "NaN", "nan", "None"})



#: How many bad values an error message shows before "…".
SHOW_AT_MOST = 5



def _resave_error(zh: str, en: str, label: str) -> DataError:
    """A DataError whose fix is to re-save the file from Excel as CSV UTF-8 or .xlsx."""
    return DataError(zh, en, fix_zh=RESAVE_ZH, fix_en=RESAVE_EN, source=label)



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
    data, label = _load_source(source, name)
    if _detect_format(data, label) == "xlsx":
        rows, sheet_name = _xlsx_rows(data, label, sheet)
        frame = _frame_from_rows(rows, label, extra_fields_are_errors=False, sheet=sheet_name)
        frame.attrs["sheet"] = sheet_name
    else:
        frame = _frame_from_rows(_csv_rows(_decode(data, label), label), label, extra_fields_are_errors=True)
    return frame



def _load_source(source: Any, name: str | None) -> tuple[bytes, str]:
    """The file's bytes and the name used in messages."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        label = name or path.name or str(path)
        if path.is_dir():
            raise _folder_error(path, label)
        try:
            return path.read_bytes(), label
        except FileNotFoundError:
            raise _not_found_error(path, label) from None
        except PermissionError:
            raise DataError(
                "没有权限读取这个文件", "permission denied when reading the file",
                fix_zh="如果文件正在 Excel 中打开，请先关闭它；或把它复制到“我的成果”等自己的文件夹再读取",
                fix_en="close the file if Excel has it open, or copy it to a folder of your own",
                source=label) from None
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



def _folder_error(path: Path, label: str) -> DataError:
    tables = sorted(p.name for p in path.iterdir() if p.suffix.lower() in {".csv", ".xlsx", ".txt", ".tsv"})
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
    files = [p.name for p in folder.iterdir() if p.is_file()]
    close = difflib.get_close_matches(path.name, files, n=3, cutoff=0.5)
    if close:
        fix_zh, fix_en = "是不是要读：" + "、".join(close) + "？", "did you mean: " + ", ".join(close) + "?"
    else:
        fix_zh, fix_en = "请检查文件名和扩展名（.csv / .xlsx）是否正确", "check the file name and its extension"
    return DataError(f"找不到文件{where_zh}", f"file not found{where_en}",
                     fix_zh=fix_zh, fix_en=fix_en, source=label)



OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Office files and encrypted workbooks



#: Start of files that are certainly not tables: (Chinese, English) description.
_NOT_TABLES = {
    b"\x89PNG": ("PNG 图片", "a PNG image"),
    b"\xff\xd8\xff": ("JPEG 图片", "a JPEG image"),
    b"GIF8": ("GIF 图片", "a GIF image"),
    b"BM": ("BMP 图片", "a BMP image"),
    b"%PDF": ("PDF 文档", "a PDF document"),
    b"Rar!": ("RAR 压缩包", "a RAR archive"),
    b"7z\xbc\xaf": ("7z 压缩包", "a 7z archive"),
    b"\x1f\x8b": ("gzip 压缩包", "a gzip archive"),
    b"{\\rtf": ("RTF 文档", "an RTF document"),
}



def _detect_format(data: bytes, label: str) -> str:
    """``"xlsx"`` or ``"text"``; every other kind of file raises a DataError explaining it."""
    if not data:
        raise DataError("文件是空的（0 字节）", "the file is empty (0 bytes)", **_EXPORT_AGAIN, source=label)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_format(data, label)
    if data.startswith(OLE2_MAGIC):
        raise _ole2_error(data, label)
    for magic, (zh, en) in _NOT_TABLES.items():
        if data.startswith(magic):
            raise DataError(f"这不是表格文件，而是{zh}", f"this is not a table but {en}",
                            fix_zh="请选择从 Excel 或系统导出的 .csv 或 .xlsx 文件",
                            fix_en="choose a .csv or .xlsx file exported from Excel or your system", source=label)
    return "text"



def _zip_format(data: bytes, label: str) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        raise DataError("文件已损坏（zip / xlsx 结构不完整），可能没有下载或复制完", "the file is damaged (incomplete zip/xlsx)",
                        fix_zh="请重新下载或导出；若 Excel 能打开，" + RESAVE_ZH,
                        fix_en="download or export it again; if Excel can open it, " + RESAVE_EN,
                        source=label) from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        zh, en = "这是 Excel 二进制工作簿（.xlsb），不能直接读取", "this is an Excel binary workbook (.xlsb), which cannot be read"
    elif "word/document.xml" in names:
        zh, en = "这是 Word 文档，不是表格", "this is a Word document, not a table"
    elif "ppt/presentation.xml" in names:
        zh, en = "这是 PowerPoint 演示文稿，不是表格", "this is a PowerPoint file, not a table"
    elif "content.xml" in names:
        zh, en = "这是 WPS / LibreOffice 的 OpenDocument 文件（.ods），不能直接读取", "this is an OpenDocument file (.ods)"
    else:
        inside = "、".join(names[:5]) + ("…" if len(names) > 5 else "")
        raise DataError(f"这是一个 zip 压缩包，不是 Excel 文件；里面有：{inside}",
                        f"this is a zip archive, not an Excel workbook; it contains: {inside}",
                        fix_zh="请先解压，再读取其中的 .csv 或 .xlsx 文件",
                        fix_en="unzip it first, then read the .csv or .xlsx file inside", source=label)
    raise _resave_error(zh, en, label)



def _ole2_error(data: bytes, label: str) -> DataError:
    """Explain an OLE2 container: encrypted xlsx, old .xls, or another old Office file."""
    def has_stream(stream: str) -> bool:  # directory entries store names in UTF-16LE
        return stream.encode("utf-16-le") in data

    if has_stream("EncryptedPackage"):
        return DataError("工作簿设置了打开密码（已加密），无法读取", "the workbook is password-protected (encrypted)",
                         fix_zh="用 Excel 输入密码打开，点“文件 → 信息 → 保护工作簿 → 用密码进行加密”，清空密码后保存，再读取",
                         fix_en="open it in Excel with the password, File → Info → Protect Workbook → "
                                "Encrypt with Password, clear the password, save, then read it again",
                         source=label)
    if has_stream("Workbook") or has_stream("Book"):
        return _resave_error("这是旧版 Excel 97-2003 文件（.xls），不能直接读取", "this is an old Excel 97-2003 file (.xls)",
                             label)
    return DataError("这是旧版 Office 文件（如 Word 的 .doc），不是表格", "this is an old Office file, not a table",
                     fix_zh="请选择 .csv 或 .xlsx 文件", fix_en="choose a .csv or .xlsx file", source=label)



_BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
         (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))



def _windows_euro(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: Windows' GBK (code page 936) writes '€' as the single byte 0x80."""
    if isinstance(error, UnicodeDecodeError) and error.object[error.start:error.start + 1] == b"\x80":
        return "€", error.start + 1
    raise error



def _decode(data: bytes, label: str) -> str:
    """The text of a text file: BOM, else strict UTF-8, else strict GB18030 (GBK's superset)."""
    for bom, encoding, shown in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise _undecodable(data, label, exc, f"{shown}（文件开头有 {shown} 标记）",
                                   f"{shown} (the file starts with its BOM)") from None
            return _check_is_text(text.lstrip("\ufeff"), label)
    try:
        return _check_is_text(data.decode("utf-8"), label)
    except UnicodeDecodeError:
        pass
    codecs.register_error("helpers-windows-euro", _windows_euro)  # idempotent
    try:
        text = data.decode("gb18030", errors="helpers-windows-euro")
    except UnicodeDecodeError as exc:
        raise _undecodable(data, label, exc, "UTF-8 和 GB18030/GBK", "UTF-8 and GB18030/GBK") from None
    text = _check_is_text(text, label)
    if _looks_garbled(text):
        raise _resave_error(
            "按 UTF-8 读不通；按 GB18030/GBK 读出来是大量生僻字或乱码，文件可能是别的编码（如繁体 Big5、日文 Shift-JIS 或西欧编码）",
            "not UTF-8, and as GB18030/GBK it turns into rare characters or garbage: the file is "
            "probably in another encoding (Big5, Shift-JIS, Latin-1 ...)", label)
    return text



def _undecodable(data: bytes, label: str, exc: UnicodeDecodeError, tried_zh: str, tried_en: str) -> DataError:
    row = data[:exc.start].count(b"\n") + 1
    return _resave_error(f"无法识别文件的文字编码：试过 {tried_zh}，第 {row} 行附近有读不通的字节",
                         f"unknown text encoding: tried {tried_en}; unreadable bytes near row {row}", label)



def _check_is_text(text: str, label: str) -> str:
    """Refuse binary content, HTML pages and XML spreadsheets that only look like text."""
    sample = text[:100_000]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n\f")
    if "\x00" in sample or controls > len(sample) // 100:
        raise DataError("这不是文本表格（里面有大量二进制内容）", "this is not a text table (it contains binary data)",
                        fix_zh="请选择 .csv 或 .xlsx 文件；若它能用 Excel 打开，" + RESAVE_ZH,
                        fix_en="choose a .csv or .xlsx file; if Excel can open it, " + RESAVE_EN, source=label)
    head = sample.lstrip(" \t\r\n\ufeff")[:2000].lower()
    if head.startswith("<") and ("<html" in head or "<table" in head or "<!doctype html" in head):
        raise DataError(
            "这个文件其实是网页（HTML），只是扩展名像 Excel 文件——很多 CRM / ERP 系统“导出 Excel”时就是这样",
            "this file is really a web page (HTML) with an Excel-like extension, as many CRM/ERP 'Excel exports' are",
            fix_zh="用 Excel 打开它（提示“格式与扩展名不一致”时选“是”），再" + SAVE_AS_ZH,
            fix_en="open it in Excel (answer Yes to the format warning), then " + SAVE_AS_EN,
            source=label)
    if head.startswith("<") and "urn:schemas-microsoft-com:office:spreadsheet" in sample[:5000]:
        raise _resave_error("这是 Excel 2003 XML 表格，不能直接读取", "this is an Excel 2003 XML spreadsheet", label)
    return text



def _looks_garbled(text: str) -> bool:
    """True when text decoded as GB18030 is probably another encoding read wrongly.

    Real Chinese business text is written almost only with the common characters of the
    GB2312 set; a wrong guess gives many rare characters, private-use or unassigned code
    points. Symbols and punctuation (such as '€') do not count either way.

    >>> _looks_garbled("客户编号,金额,备注 王喆")
    False
    >>> _looks_garbled("客戶編號,金額".encode("big5").decode("gb18030"))
    True
    """
    odd = total = 0
    for ch in text[:100_000]:
        category = unicodedata.category(ch)
        if ch < "\x80" or category[0] not in "LC":
            continue
        total += 1
        if category in ("Co", "Cn", "Cc"):
            odd += 1
            continue
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            odd += 1
    return total > 0 and odd / total > 0.25



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
    try:  # strict: a quote that never closes is an error, not one giant cell
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            rows.append(row)
    except csv.Error:
        raise DataError("这一行的英文引号 \" 不配对（某个值以引号开头却没有正确结束）",
                        "unbalanced quotes in this row (a value opens a \" that is not closed properly)",
                        fix_zh="在记事本中检查这一行的引号，删除多余的 \"；或在 Excel 中" + SAVE_AS_ZH,
                        fix_en="check the quotes in that row and remove the stray \", or in Excel " + SAVE_AS_EN,
                        source=label, row=len(rows) + 1) from None
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



def _xlsx_rows(data: bytes, label: str, sheet: str | int | None) -> tuple[list[list[Any]], str]:
    """Cell values of one sheet (row 1 first) and the sheet's name."""
    import openpyxl

    with warnings.catch_warnings():  # e.g. "Workbook contains no default style" from CRM exports
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 -- any parser failure means the same thing to the user
            raise _resave_error("Excel 文件已损坏或格式不标准，无法读取", "the Excel file is damaged or non-standard",
                                label) from None
        try:
            sheet_name = _pick_sheet(book.sheetnames, sheet, label)
            worksheet = book[sheet_name]
            if not hasattr(worksheet, "iter_rows"):
                raise DataError(f"工作表“{sheet_name}”是图表，不是表格", f"sheet '{sheet_name}' is a chart",
                                fix_zh="请用 sheet= 指定存放数据的工作表", fix_en="choose the data sheet with sheet=",
                                source=label)
            worksheet.reset_dimensions()  # some exporters write a wrong size; read every cell
            rows = [list(row) for row in worksheet.iter_rows(values_only=True)]
        finally:
            book.close()
    if not any(v is not None and str(v).strip() for row in rows for v in row):
        others = "、".join(n for n in book.sheetnames if n != sheet_name)
        raise DataError(f"工作表“{sheet_name}”是空的", f"sheet '{sheet_name}' is empty",
                        fix_zh=("请用 sheet= 选择有数据的工作表，本文件还有：" + others) if others else "请确认数据保存在这个文件里",
                        fix_en=("choose a sheet with data using sheet=; other sheets: " + others) if others
                        else "check that the data was saved in this file", source=label)
    return rows, sheet_name



def _pick_sheet(names: list[str], sheet: str | int | None, label: str) -> str:
    if sheet is None:
        return names[0]
    if isinstance(sheet, int) and 0 <= sheet < len(names):
        return names[sheet]
    if isinstance(sheet, str):
        if sheet in names:
            return sheet
        loose = [n for n in names if _norm(n) == _norm(sheet)]
        if len(loose) == 1:
            return loose[0]
    listed = "、".join(f"“{n}”" for n in names)
    raise DataError(
        f"找不到工作表 {sheet!r}；本文件的工作表有：{listed}",
        f"no sheet {sheet!r}; the workbook's sheets are: {', '.join(names)}",
        fix_zh="请把 sheet= 改成上面的名称之一（或 0、1… 表示第几个，从 0 开始）",
        fix_en="set sheet= to one of these names (or 0, 1, ... for the position, from 0)", source=label)



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
            raise DataError(
                f"{where}{_letter(j)} 列（第 {j + 1} 列）没有列名，但有数据（如第 {top + first + 2} 行的 {body[first][j]!r}）",
                f"{where_en}column {_letter(j)} (no. {j + 1}) has no name in the header but holds data "
                f"(e.g. {body[first][j]!r} in row {top + first + 2})",
                fix_zh=f"请在第 {top + 1} 行（表头）的 {_letter(j)} 列填上列名，或删除这一列",
                fix_en=f"type a name in row {top + 1} (the header) of column {_letter(j)}, or delete the column",
                source=label, row=top + 1)
    seen: dict[str, int] = {}
    for j in keep:
        if names[j] in seen:
            i = seen[names[j]]
            raise DataError(
                f"{where}列名“{names[j]}”出现了两次（{_letter(i)} 列和 {_letter(j)} 列）",
                f"{where_en}the column name '{names[j]}' appears twice (columns {_letter(i)} and {_letter(j)})",
                fix_zh="请把其中一列改名（如“金额2”）或删除重复的列", fix_en="rename one of them (e.g. '金额2') or delete the duplicate",
                source=label, column=names[j], row=top + 1)
        seen[names[j]] = j

    skipped = tuple(top + i + 2 for i, row in enumerate(body) if all(row[j] is None for j in keep))
    data = [[row[j] for j in keep] for row in body if any(row[j] is not None for j in keep)]
    if not data:
        raise DataError(f"{where}只有表头（第 {top + 1} 行），没有数据行", f"{where_en}only a header (row {top + 1}), no data rows",
                        fix_zh="请确认导出时选中了数据，或选择正确的文件 / 工作表",
                        fix_en="check that the export included the data, or choose the right file / sheet",
                        source=label)
    frame = pd.DataFrame(data, columns=[names[j] for j in keep])
    for column in frame.columns:
        frame[column] = _numbers_from_text(frame[column])
    frame.attrs.update(source=label, header_row=top + 1, skipped_rows=skipped)
    return frame



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
