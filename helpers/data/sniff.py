"""What is this file? Its format (xlsx, text, or something we explain) and its text encoding.

* :func:`_detect_format` looks at the content, not the extension: an xlsx workbook, text,
  or a file that is explained instead of read (old .xls, encrypted workbook, HTML, PDF,
  picture, zip ...);
* :func:`_decode` turns text bytes into ``str``: a BOM first, else strict UTF-8, else strict
  GB18030 -- never guessing silently: implausible GB18030 output is an error too.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile

from ..errors import DataError

#: How to re-save a file in Excel so that read_table can read it (after "open it in Excel").
SAVE_AS_ZH = "点“文件 → 另存为”，保存类型选“CSV UTF-8（逗号分隔）(*.csv)”或“Excel 工作簿 (*.xlsx)”，再读取新文件"
SAVE_AS_EN = ("choose File → Save As, type 'CSV UTF-8 (Comma delimited) (*.csv)' or 'Excel Workbook (*.xlsx)', "
              "then read the new file")
RESAVE_ZH = "用 Excel 打开它，" + SAVE_AS_ZH
RESAVE_EN = "open it in Excel, " + SAVE_AS_EN

#: Fix for a file with nothing in it (the export probably did not finish).
_EXPORT_AGAIN = {"fix_zh": "请确认导出或保存已经完成，再重新导出一次",
                 "fix_en": "check that the export finished and export again"}

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Office files and encrypted workbooks


def _resave_error(zh: str, en: str, label: str) -> DataError:
    """A DataError whose fix is to re-save the file from Excel as CSV UTF-8 or .xlsx."""
    return DataError(zh, en, fix_zh=RESAVE_ZH, fix_en=RESAVE_EN, source=label)


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
        raise DataError("文件已损坏（zip / xlsx 结构不完整），可能没有下载或复制完",
                        "the file is damaged (incomplete zip/xlsx)",
                        fix_zh="请重新下载或导出；若 Excel 能打开，" + RESAVE_ZH,
                        fix_en="download or export it again; if Excel can open it, " + RESAVE_EN,
                        source=label) from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        zh, en = ("这是 Excel 二进制工作簿（.xlsb），不能直接读取",
                  "this is an Excel binary workbook (.xlsb), which cannot be read")
    elif "word/document.xml" in names:
        zh, en = "这是 Word 文档，不是表格", "this is a Word document, not a table"
    elif "ppt/presentation.xml" in names:
        zh, en = "这是 PowerPoint 演示文稿，不是表格", "this is a PowerPoint file, not a table"
    elif "content.xml" in names:
        zh, en = ("这是 WPS / LibreOffice 的 OpenDocument 文件（.ods），不能直接读取",
                  "this is an OpenDocument file (.ods)")
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
                         fix_zh="用 Excel 输入密码打开，点“文件 → 信息 → 保护工作簿 → 用密码进行加密”，"
                                "清空密码后保存，再读取",
                         fix_en="open it in Excel with the password, File → Info → Protect Workbook → "
                                "Encrypt with Password, clear the password, save, then read it again",
                         source=label)
    if has_stream("Workbook") or has_stream("Book"):
        return _resave_error("这是旧版 Excel 97-2003 文件（.xls），不能直接读取",
                             "this is an old Excel 97-2003 file (.xls)",
                             label)
    return DataError("这是旧版 Office 文件（如 Word 的 .doc），不是表格", "this is an old Office file, not a table",
                     fix_zh="请选择 .csv 或 .xlsx 文件", fix_en="choose a .csv or .xlsx file", source=label)


_BOMS = ((codecs.BOM_UTF8, "utf-8", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
         (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))


def _windows_euro(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: Windows' GBK (code page 936) writes '€' as the single byte 0x80."""
    if isinstance(error, UnicodeDecodeError) and error.object[error.start:error.start + 1] == b"\x80":
        return "€", error.start + 1
    raise error


#: Name of the codec error handler that reads Windows' GBK euro byte (registered on import).
EURO_HANDLER = "helpers-windows-euro"
codecs.register_error(EURO_HANDLER, _windows_euro)

#: A UTF-8 encoded CJK character (the pattern a UTF-8 row leaves in a GBK file).
_HANZI = re.compile("[\u4e00-\u9fff]")


def _line_at(data: bytes, pos: int) -> tuple[int, bytes]:
    """(1-based line number, the line's bytes) of byte ``pos``."""
    start = data.rfind(b"\n", 0, pos) + 1
    end = data.find(b"\n", pos)
    return data.count(b"\n", 0, start) + 1, data[start:len(data) if end < 0 else end]


def judge_encoding(data: bytes, label: str, quick: bool = False) -> str:
    """The encoding of a whole text file: ``"utf-8"``, ``"utf-16"`` or ``"gb18030"``.

    The file is judged as a whole, so a row in another encoding is an error that names
    the row, never silent mojibake: a GBK row inside a UTF-8 file, a UTF-8 row inside a GBK
    file, or a file that only decodes as GB18030 into rare characters (Big5, Shift-JIS ...).
    With ``quick``, a file whose first 200 KB are UTF-8 is taken as UTF-8: the caller must
    decode the rest strictly and come back here (without ``quick``) if that fails.

    Args:
        data: the file's bytes.
        label: the file name for messages.
        quick: judge a file that starts as UTF-8 by its first 200 KB (see above).

    Returns:
        ``"utf-8"`` (with or without BOM), ``"utf-16"`` (with BOM) or ``"gb18030"`` (GBK's superset).

    Raises:
        DataError: a row in another encoding (named), or an encoding that is none of these.

    >>> judge_encoding("客户,城市\\n甲,上海\\n".encode("gbk"), "x.csv")
    'gb18030'
    >>> data = "客户,城市\\n甲,上海\\n".encode("gbk") + "乙,北京\\n".encode("utf-8")
    >>> try:
    ...     judge_encoding(data, "x.csv")
    ... except DataError as err:
    ...     print(err.row, err.zh[:24])
    3 第 3 行的编码与文件其余部分不同：文件是 GB
    """
    for bom, encoding, shown in _BOMS:
        if data.startswith(bom):
            try:
                data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise _undecodable(data, label, exc, f"{shown}（文件开头有 {shown} 标记）",
                                   f"{shown} (the file starts with its BOM)") from None
            return encoding
    head = data[:200_000]
    try:
        head.decode("utf-8")
        head_ok = True
    except UnicodeDecodeError as exc:
        head_ok = exc.start >= len(head) - 3 and len(data) > len(head)  # only a character cut at the end
    if head_ok and not head.isascii() and quick:
        return "utf-8"  # the rest is decoded strictly by the parser; a bad row sends it back here
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _HANZI.search(data[:first_bad].decode("utf-8", "ignore")):  # real UTF-8 Chinese before the bad bytes
        row, line = _line_at(data, first_bad)
        raise _mixed(label, row, "UTF-8", "GBK/GB18030", line.decode("gb18030", "replace"),
                     line.decode("utf-8", "replace"))
    sample = data[:200_000]
    try:
        text = sample.decode("gb18030", errors=EURO_HANDLER)
    except UnicodeDecodeError as exc:
        if exc.end < len(sample) - 4:  # not just a character cut in two at the sample's end
            raise _undecodable(data, label, exc, "UTF-8 和 GB18030/GBK", "UTF-8 and GB18030/GBK") from None
        text = sample[:exc.start].decode("gb18030", errors=EURO_HANDLER)
    if _looks_garbled(text):
        raise _resave_error(
            "按 UTF-8 读不通；按 GB18030/GBK 读出来是大量生僻字或乱码，"
            "文件可能是别的编码（如繁体 Big5、日文 Shift-JIS 或西欧编码）",
            "not UTF-8, and as GB18030/GBK it turns into rare characters or garbage: the file is "
            "probably in another encoding (Big5, Shift-JIS, Latin-1 ...)", label)
    _refuse_utf8_rows(data, label)
    return "gb18030"


#: Byte classes for a fast scan: "L" a UTF-8 lead byte of a CJK character, "C" a continuation byte.
_CLASSES = bytes((ord("L") if 0xE4 <= b <= 0xE9 else ord("C") if 0x80 <= b <= 0xBF else ord("."))
                 for b in range(256))


def _refuse_utf8_rows(data: bytes, label: str, budget: int = 20_000) -> None:
    """Raise a DataError for the first line of a GBK file that is really UTF-8 text."""
    classes = data.translate(_CLASSES)
    checked: set[int] = set()
    pos = classes.find(b"LCC")
    while pos >= 0:
        start = data.rfind(b"\n", 0, pos) + 1
        end = data.find(b"\n", pos)
        end = len(data) if end < 0 else end
        if start not in checked:
            checked.add(start)
            if len(checked) > budget:
                return
            line = data[start:end]
            try:
                as_utf8 = line.decode("utf-8")
            except UnicodeDecodeError:
                as_utf8 = ""
            as_gbk = line.decode("gb18030", "replace")
            if _HANZI.search(as_utf8) and _looks_garbled(as_gbk) and not _looks_garbled(as_utf8):
                raise _mixed(label, data.count(b"\n", 0, start) + 1, "GBK/GB18030", "UTF-8", as_utf8, as_gbk)
        pos = classes.find(b"LCC", end)


def _mixed(label: str, row: int, file_enc: str, row_enc: str, meant: str, garbled: str) -> DataError:
    meant, garbled = meant.strip()[:40], garbled.strip()[:40]
    return DataError(
        f"第 {row} 行的编码与文件其余部分不同：文件是 {file_enc}，这一行却是 {row_enc}"
        f"（按 {row_enc} 读是“{meant}”，按整个文件的编码读会变成乱码“{garbled}”），所以不能直接读取",
        f"row {row} is in another encoding than the rest of the file: the file is {file_enc}, this row is "
        f"{row_enc} (as {row_enc} it reads '{meant}'; read with the file's encoding it becomes '{garbled}')",
        fix_zh="通常是把两个不同来源的文件拼在了一起。请在 Excel 中打开原始文件，" + SAVE_AS_ZH
               + "；或在记事本中把这一行重新输入一遍",
        fix_en="usually two files from different sources were joined. Open the originals in Excel, "
               + SAVE_AS_EN + "; or type this row again in a text editor",
        source=label, row=row)


def _decode(data: bytes, label: str) -> str:
    """The text of a text file, in the encoding :func:`judge_encoding` found for the whole file."""
    encoding = judge_encoding(data, label)
    try:
        if encoding == "gb18030":
            text = data.decode("gb18030", errors=EURO_HANDLER)
        else:
            text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as exc:
        raise _undecodable(data, label, exc, "UTF-8 和 GB18030/GBK", "UTF-8 and GB18030/GBK") from None
    return _check_is_text(text.lstrip("\ufeff"), label)


def _undecodable(data: bytes, label: str, exc: UnicodeDecodeError, tried_zh: str, tried_en: str) -> DataError:
    row, line = _line_at(data, exc.start)
    if "GB" in tried_en:  # a UTF-8 row among GBK rows: say so rather than "unknown encoding"
        try:
            as_utf8 = line.decode("utf-8")
        except UnicodeDecodeError:
            as_utf8 = ""
        if _HANZI.search(as_utf8):
            return _mixed(label, row, "GBK/GB18030", "UTF-8", as_utf8, line.decode("gb18030", "replace"))
    err = _resave_error(f"无法识别文件的文字编码：试过 {tried_zh}，第 {row} 行附近有读不通的字节",
                        f"unknown text encoding: tried {tried_en}; unreadable bytes near row {row}", label)
    err.row = row
    err.args = (err._render(),)
    return err


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


