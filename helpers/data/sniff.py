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
            "按 UTF-8 读不通；按 GB18030/GBK 读出来是大量生僻字或乱码，"
            "文件可能是别的编码（如繁体 Big5、日文 Shift-JIS 或西欧编码）",
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


