"""Reading one sheet of an Excel workbook (.xlsx): python-calamine when installed, else openpyxl.

Both readers give the same cells (``None`` for empty, whole numbers as ``int``, dates as
``datetime``); calamine (pandas' ``engine="calamine"``) is many times faster on large
workbooks. A cell holding a formula whose result was never saved (a file written by a
program, not by Excel) is an error naming the cell, never a silent blank.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from typing import Any

from ..errors import DataError
from .parse import _norm
from .sniff import _resave_error


def xlsx_engine() -> str:
    """The xlsx reader in use: ``"calamine"`` (python-calamine, fast) when installed, else ``"openpyxl"``.

    Both give the same cell values (tests/test_table_corpus.py compares them when calamine is
    installed); calamine is many times faster on large workbooks.

    Returns:
        The engine's name.

    >>> xlsx_engine() in ("calamine", "openpyxl")
    True
    """
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return "openpyxl"
    return "calamine"


def _xlsx_rows(data: bytes, label: str, sheet: str | int | None,
               engine: str | None = None) -> tuple[list[list[Any]], str]:
    """Cell values of one sheet (row 1 first) and the sheet's name."""
    if (engine or xlsx_engine()) == "calamine":
        rows, sheet_name, names = _calamine_rows(data, label, sheet)
    else:
        rows, sheet_name, names = _openpyxl_rows(data, label, sheet)
    rows = _trim(rows)
    cell = _formula_without_value(data, sheet_name)
    if cell:
        row = int(re.sub(r"[A-Z]+", "", cell))
        raise DataError(
            f"工作表“{sheet_name}”的 {cell} 单元格是公式，但文件里没有保存它的计算结果"
            "（文件多半是由程序生成、没有在 Excel 里保存过），读不到它的值",
            f"cell {cell} of sheet '{sheet_name}' holds a formula whose result was never saved "
            "(the file was probably written by a program, not saved by Excel), so its value cannot be read",
            fix_zh="用 Excel 打开这个文件，按一次“保存”（Excel 会算出所有公式），再读取",
            fix_en="open the file in Excel and save it once (Excel then computes every formula), then read it",
            source=label, row=row)
    if not any(v is not None and str(v).strip() for row in rows for v in row):
        others = "、".join(n for n in names if n != sheet_name)
        raise DataError(f"工作表“{sheet_name}”是空的", f"sheet '{sheet_name}' is empty",
                        fix_zh=("请用 sheet= 选择有数据的工作表，本文件还有：" + others) if others
                        else "请确认数据保存在这个文件里",
                        fix_en=("choose a sheet with data using sheet=; other sheets: " + others) if others
                        else "check that the data was saved in this file", source=label)
    return rows, sheet_name


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows without their trailing empty cells (engines differ in how far they pad a row).

    >>> _trim([["a", None, None], [None, None], ["b", None, "c"]])
    [['a'], [], ['b', None, 'c']]
    """
    out = []
    for row in rows:
        end = len(row)
        while end and (row[end - 1] is None or row[end - 1] == ""):
            end -= 1
        out.append(list(row[:end]))
    return out


_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_REL2 = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')
_NO_VALUE = re.compile(rb'<c\b[^>]*?\br="([A-Z]+[0-9]+)"[^>]*>\s*(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)\s*'
                       rb'(?:<v\s*/>|<v>\s*</v>)?\s*</c>')


def _formula_without_value(data: bytes, sheet_name: str) -> str | None:
    """The first cell of ``sheet_name`` holding a formula without a saved result (e.g. ``"C3"``), or None."""
    import html
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            targets = {m[0]: m[1] for m in _REL.findall(archive.read("xl/_rels/workbook.xml.rels"))}
            targets.update({m[1]: m[0] for m in _REL2.findall(archive.read("xl/_rels/workbook.xml.rels"))})
            for name, rid in _SHEET.findall(archive.read("xl/workbook.xml")):
                if html.unescape(name.decode("utf-8")) != sheet_name or rid not in targets:
                    continue
                target = targets[rid].decode("utf-8").lstrip("/")
                path = target if target.startswith("xl/") else "xl/" + target
                xml = archive.read(path)
                found = _NO_VALUE.search(xml) if b"<f" in xml else None
                return found.group(1).decode("ascii") if found else None
    except (KeyError, zipfile.BadZipFile, UnicodeDecodeError, OSError):
        return None
    return None


def _calamine_rows(data: bytes, label: str, sheet: str | int | None) -> tuple[list[list[Any]], str, list[str]]:
    """Rows of one sheet read by python-calamine (empty cells as ``None``, dates as datetimes)."""
    from python_calamine import SheetTypeEnum, load_workbook

    try:
        book = load_workbook(io.BytesIO(data))
        names = [s.name for s in book.sheets_metadata]
        kinds = {s.name: s.typ for s in book.sheets_metadata}
    except Exception:  # noqa: BLE001 -- any parser failure means the same thing to the user
        raise _resave_error("Excel 文件已损坏或格式不标准，无法读取", "the Excel file is damaged or non-standard",
                            label) from None
    sheet_name = _pick_sheet(names, sheet, label)
    if kinds[sheet_name] != SheetTypeEnum.WorkSheet:
        raise DataError(f"工作表“{sheet_name}”是图表，不是表格", f"sheet '{sheet_name}' is a chart",
                        fix_zh="请用 sheet= 指定存放数据的工作表", fix_en="choose the data sheet with sheet=",
                        source=label)
    try:
        raw = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
    except Exception:  # noqa: BLE001
        raise _resave_error("Excel 文件已损坏或格式不标准，无法读取", "the Excel file is damaged or non-standard",
                            label) from None
    return [[_calamine_cell(v) for v in row] for row in raw], sheet_name, names


def _calamine_cell(value: Any) -> Any:
    """A calamine cell as openpyxl gives it: ``None`` for empty, whole floats as int, dates as datetime."""
    if isinstance(value, str):
        return value if value != "" else None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def _openpyxl_rows(data: bytes, label: str, sheet: str | int | None) -> tuple[list[list[Any]], str, list[str]]:
    """Rows of one sheet read by openpyxl (read-only, cached formula values)."""
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
    return rows, sheet_name, list(book.sheetnames)


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


