"""Exports of worksheets: Markdown, standalone HTML, PNG, Excel (xlsx) and CSV.

Every export escapes the trainee's text for its format, so whatever was typed -- Chinese,
emoji, ``<script>``, ``=SUM(A1)``, Markdown syntax -- comes out as the same text:

* **Markdown** (:func:`to_markdown`): Markdown punctuation -- including ``<``, ``>`` and ``&``
  -- is backslash-escaped, so a Markdown viewer shows exactly what was typed (``<b>`` stays
  ``<b>``, never bold and never ``&lt;b&gt;``) and raw HTML never passes through; line breaks
  become ``<br>``. The picture is a PNG next to the ``.md`` file.
* **HTML** (:func:`to_html`): one self-contained, offline page: inline CSS, the picture
  embedded as base64 PNG, no external URL, every piece of user text passed through
  :func:`html.escape`, and a Content-Security-Policy that forbids scripts anyway.
* **PNG** (:func:`figure_png`): the worksheet's picture.
* **Excel** (:func:`write_xlsx`): every text cell is stored as text (a leading ``=`` is not
  a formula); characters XML cannot hold are written with Excel's own ``_xHHHH_`` escape.
* **CSV** (:func:`write_csv`): UTF-8 with BOM (``utf-8-sig``) so that Excel shows Chinese;
  a cell starting with ``= + - @`` (which Excel would run as a formula) or ``'`` gets one
  leading ``'``. :func:`read_rows` reads either file back to the original rows.

:func:`export_report` collects all of a trainee's worksheets into one page, 我的课程成果.
"""

from __future__ import annotations

import base64
import csv
import datetime as _dt
import html
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..charts.base import chart_style, png_bytes
from ..data.safe_text import shown_name, visible_text
from ..errors import WorksheetError
from .model import KINDS, ROW_HEADER, Block, Heading, Paragraph, Table, Worksheet, friendly_time
from .storage import atomic_write, ensure_folder, list_worksheets, load_worksheet

FORMATS: dict[str, str] = {"md": "Markdown", "html": "HTML 网页", "png": "PNG 图片", "xlsx": "Excel", "csv": "CSV"}


EXPORT_FOLDER = "导出"


REPORT_NAME = "我的课程成果.html"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_NEWLINES = re.compile(r"\r\n|\r|\n")


def _visible(text: str) -> str:
    """Unify line breaks; control characters become U+FFFD and direction controls ``[U+202E]``."""
    return visible_text(_NEWLINES.sub("\n", text))


_MD_INLINE = re.compile(r"([\\`*_\[\]{}|~$#!<>&])")


def markdown_text(value: Any) -> str:
    """``value`` as one line of Markdown that renders as exactly its text.

    Args:
        value: text (or a number, or ``None`` for an empty cell).

    Returns:
        The escaped Markdown.

    >>> print(markdown_text("<script>alert(1)</script> *粗* | 1. a & b"))
    \\<script\\>alert(1)\\</script\\> \\*粗\\* \\| 1. a \\& b
    >>> markdown_text("- 价格战\\n第二行"), markdown_text(None), markdown_text(3)
    ('\\\\- 价格战<br>第二行', '', '3')
    """
    if value is None:
        return ""
    text = _visible(str(value))
    text = _MD_INLINE.sub(r"\\\1", text)
    lines = []
    for line in text.split("\n"):
        line = line.strip(" \t")
        line = re.sub(r"^([-+=])", r"\\\1", line)          # list item / setext underline
        line = re.sub(r"^(\d+)([.)])", r"\1\\\2", line)     # ordered list
        lines.append(line)
    return "<br>".join(lines)


def _md_block(block: Block, shift: int = 0) -> str:
    if isinstance(block, Heading):
        return "#" * (block.level + shift) + " " + markdown_text(block.text)
    if isinstance(block, Paragraph):
        return markdown_text(block.text) or "&nbsp;"
    if isinstance(block, Table):
        lines = ["| " + " | ".join(markdown_text(h) for h in block.header) + " |",
                 "|" + "---|" * len(block.header)]
        for row in block.rows:
            lines.append("| " + " | ".join(markdown_text(c) for c in row) + " |")
        return "\n".join(lines)
    raise TypeError(f"unknown block {block!r}")  # pragma: no cover


def to_markdown(ws: Worksheet, image: str | None = None) -> str:
    """The worksheet as a Markdown document.

    Args:
        ws: the worksheet.
        image: relative path of its PNG picture to link (``None``: no picture).

    Returns:
        The Markdown text.

    >>> from helpers.worksheets.swot import SwotWorksheet
    >>> ws = SwotWorksheet(title="我的 <SWOT>"); _ = ws.add_item("S", "口碑*好*")
    >>> print(to_markdown(ws).splitlines()[0])
    # 我的 \\<SWOT\\>
    >>> "| 1 | 口碑\\\\*好\\\\* |  |" in to_markdown(ws)
    True
    """
    parts = [f"# {markdown_text(ws.display_title)}", f"*{ws.label}*"]
    if image:
        parts.append(f"![{ws.label}图示]({image})")
    parts += [_md_block(b) for b in ws.blocks()]
    return "\n\n".join(parts) + "\n"


_CSS = """
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif;
 max-width:960px;margin:2em auto;padding:0 1em;color:#222;line-height:1.6}
h1{border-bottom:3px solid #1565c0;padding-bottom:.2em}
h2{color:#1565c0;border-bottom:1px solid #ccc;margin-top:1.6em}
h3{color:#333}
table{border-collapse:collapse;width:100%;margin:.6em 0}
th,td{border:1px solid #bbb;padding:.35em .6em;text-align:left;vertical-align:top;white-space:normal;
 overflow-wrap:anywhere}
th{background:#eef3f8}
img{max-width:100%;height:auto;border:1px solid #ddd}
.kind{color:#666;font-style:italic}
.problem{color:#c62828}
footer{margin-top:3em;color:#888;font-size:.85em}
section.sheet{page-break-after:always}
@media print{body{margin:0;max-width:none}}
"""


_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def html_text(value: Any) -> str:
    """``value`` as escaped HTML (line breaks kept as ``<br>``).

    >>> html_text('<script>alert("x")</script>\\n&')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>&amp;'
    >>> html_text(None)
    ''
    """
    if value is None:
        return ""
    return html.escape(_visible(str(value)), quote=True).replace("\n", "<br>")


def _html_block(block: Block, shift: int = 0) -> str:
    if isinstance(block, Heading):
        level = min(block.level + shift, 6)
        return f"<h{level}>{html_text(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        return f"<p>{html_text(block.text)}</p>"
    if isinstance(block, Table):
        head = "".join(f"<th>{html_text(h)}</th>" for h in block.header)
        body = "".join("<tr>" + "".join(f"<td>{html_text(c)}</td>" for c in row) + "</tr>" for row in block.rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    raise TypeError(f"unknown block {block!r}")  # pragma: no cover


def _png_img(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<img alt="{html.escape(alt, quote=True)}" src="data:image/png;base64,{data}">'


def html_page(title: str, body: str) -> str:
    """A complete offline HTML page around ``body`` (inline CSS, no script allowed by its CSP).

    Args:
        title: the page title (escaped here).
        body: the page's HTML body (already escaped by the caller).

    Returns:
        The HTML text.

    >>> page = html_page("<我的>", "<p>x</p>")
    >>> "<title>&lt;我的&gt;</title>" in page, "default-src 'none'" in page
    (True, True)
    """
    generated = friendly_time(_dt.datetime.now().isoformat())
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_CSP}\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html_text(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n"
            f"<footer>由课程《用户经营步骤》的工作表工具生成于 {generated}。本页不需要联网即可查看和打印。</footer>\n"
            "</body>\n</html>\n")


def _sheet_html(ws: Worksheet, chart: bool, level: int, anchor: str = "") -> str:
    id_attr = f' id="{anchor}"' if anchor else ""
    heading = f"<h{level}{id_attr}>{html_text(ws.display_title)}</h{level}>"
    parts = [heading, f"<p class=\"kind\">{html_text(ws.label)}</p>"]
    if chart:
        parts.append(_png_img(figure_png(ws), f"{ws.label}图示"))
    parts += [_html_block(b, shift=level - 1) for b in ws.blocks()]
    return "\n".join(parts)


def to_html(ws: Worksheet, chart: bool = True) -> str:
    """The worksheet as one standalone, offline HTML page.

    Args:
        ws: the worksheet.
        chart: embed its picture (as a base64 PNG).

    Returns:
        The HTML text.

    >>> from helpers.worksheets.swot import SwotWorksheet
    >>> ws = SwotWorksheet(title="<script>alert(1)</script>")
    >>> page = to_html(ws, chart=False)
    >>> "<script" in page, "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    (False, True)
    """
    return html_page(ws.display_title, _sheet_html(ws, chart, level=1))


def figure_png(ws: Worksheet, dpi: int = 110) -> bytes:
    """The worksheet's picture as PNG bytes (drawn in :func:`chart_style`).

    Args:
        ws: the worksheet.
        dpi: resolution.

    Returns:
        The PNG file's bytes.

    >>> from helpers.worksheets.five_forces import FiveForcesWorksheet
    >>> figure_png(FiveForcesWorksheet(), dpi=20)[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    with chart_style():
        return png_bytes(ws.figure(), dpi)


_XLSX_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff]")


_XLSX_CODE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def xlsx_escape(text: str) -> str:
    """Text as Excel stores it: characters XML cannot hold as ``_xHHHH_``.

    A literal ``_xHHHH_`` in the text is protected as ``_x005F_xHHHH_``, as Excel does.

    >>> xlsx_escape("a\\x01b\\r\\n"), xlsx_escape("_x0041_")
    ('a_x0001_b_x000D_\\n', '_x005F_x0041_')
    >>> xlsx_unescape(xlsx_escape("_x0041_ \\x02"))
    '_x0041_ \\x02'
    """
    text = _XLSX_ESCAPED.sub(r"_x005F_\1", text)
    return _XLSX_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def xlsx_unescape(text: str) -> str:
    """The inverse of :func:`xlsx_escape` (what Excel shows for a stored text).

    Args:
        text: a cell's text as stored in the file.

    Returns:
        The text as Excel shows it.

    >>> xlsx_unescape("a_x0001_b_x005F_x0041_")
    'a\\x01b_x0041_'
    """
    return _XLSX_CODE.sub(lambda m: chr(int(m.group(1), 16)), text)


_CSV_FORMULA = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\t", "\r", "\n", "'")


def csv_escape(text: str) -> str:
    """Protect a CSV cell from being run as a formula by Excel (prefix ``'``).

    >>> csv_escape("=SUM(A1)"), csv_escape("-价格战"), csv_escape("普通"), csv_escape("'"), csv_escape("＝1")
    ("'=SUM(A1)", "'-价格战", '普通', "''", "'＝1")
    """
    return "'" + text if text.startswith(_CSV_FORMULA) else text


def csv_unescape(text: str) -> str:
    """The inverse of :func:`csv_escape`.

    >>> [csv_unescape(csv_escape(t)) for t in ("=1", "'", "''x", "a'")]
    ['=1', "'", "''x", "a'"]
    """
    return text[1:] if text.startswith("'") and len(text) > 1 and text[1:].startswith(_CSV_FORMULA) else text


def write_xlsx(ws: Worksheet, path: Path | str) -> Path:
    """Write the worksheet's rows (:meth:`Worksheet.rows`) to an Excel file.

    Args:
        ws: the worksheet.
        path: the ``.xlsx`` file.

    Returns:
        ``path``.

    >>> import tempfile, pathlib
    >>> from helpers.worksheets.swot import SwotWorksheet
    >>> write_xlsx(SwotWorksheet(), pathlib.Path(tempfile.mkdtemp()) / "a.xlsx").name
    'a.xlsx'
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    sheet = wb.active
    sheet.title = re.sub(r"[\\/?*\[\]:]", "-", ws.label)[:31] or "工作表"  # characters Excel forbids in a sheet name
    sheet.append(list(ROW_HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(ws.rows(), start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = xlsx_escape(value)
                cell.data_type = "s"  # text, even if it starts with "="
            else:
                cell.value = value
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in zip("ABCD", (18, 6, 80, 6)):
        sheet.column_dimensions[col].width = width
    sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    path = Path(path)
    atomic_write(path, buf.getvalue())
    return path


def write_csv(ws: Worksheet, path: Path | str) -> Path:
    """Write the worksheet's rows to a CSV file for Excel (UTF-8 with BOM, formula-safe).

    Text that Excel would run as a formula gets a leading ``'``; control characters become
    ``�`` and direction controls ``[U+202E]`` (:func:`helpers.data.safe_text.visible_text`).

    Args:
        ws: the worksheet.
        path: the ``.csv`` file.

    Returns:
        ``path``.

    >>> import tempfile, pathlib
    >>> from helpers.worksheets.swot import SwotWorksheet
    >>> write_csv(SwotWorksheet(), pathlib.Path(tempfile.mkdtemp()) / "a.csv").read_bytes()[:3]
    b'\\xef\\xbb\\xbf'
    """
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(ROW_HEADER)
    for row in ws.rows():  # control characters (NUL, ESC ...) become U+FFFD, as in the other exports
        writer.writerow(["" if v is None else csv_escape(visible_text(v)) if isinstance(v, str) else v
                         for v in row])
    path = Path(path)
    atomic_write(path, buf.getvalue().encode("utf-8-sig"))
    return path


def _cell_back(column: int, value: Any) -> Any:
    if column in (1, 3):  # 序号, 评分: numbers or empty
        if value in (None, ""):
            return None
        return int(value)
    return "" if value is None else value


def read_rows(path: Path | str) -> list[tuple[Any, ...]]:
    """Read an Excel or CSV export back into the worksheet's rows (undoing the escapes).

    Args:
        path: a file written by :func:`write_xlsx` or :func:`write_csv`.

    Returns:
        The rows, equal to ``ws.rows()`` of the exported worksheet.

    >>> import tempfile, pathlib
    >>> from helpers.worksheets.swot import SwotWorksheet
    >>> ws = SwotWorksheet(title="=1+1"); _ = ws.add_item("T", "-价格战", 4)
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> read_rows(write_csv(ws, folder / "a.csv")) == ws.rows() == read_rows(write_xlsx(ws, folder / "a.xlsx"))
    True
    """
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        raw = [tuple(r) for r in wb.active.iter_rows(values_only=True)]
        wb.close()
        unescape = xlsx_unescape
    else:
        with open(path, encoding="utf-8-sig", newline="") as f:
            raw = [tuple(r) for r in csv.reader(f)]
        unescape = csv_unescape
    out = []
    for row in raw[1:]:
        out.append(tuple(unescape(v) if isinstance(v, str) and c in (0, 2) else _cell_back(c, v)
                         for c, v in enumerate(row)))
    return out


def export_worksheet(ws: Worksheet, fmt: str, folder: Path | str | None = None, stem: str | None = None) -> Path:
    """Write the worksheet in format ``fmt`` and return the file's path.

    Args:
        ws: the worksheet.
        fmt: "md", "html", "png", "xlsx" or "csv". Markdown also writes the PNG it links.
        folder: where to write (default: the ``导出`` folder inside the work folder).
        stem: the file name without extension (default: the worksheet's kind).

    Returns:
        The path written.

    >>> import tempfile
    >>> from helpers.worksheets.swot import SwotWorksheet
    >>> export_worksheet(SwotWorksheet(), "csv", folder=tempfile.mkdtemp()).name
    'swot.csv'
    """
    if fmt not in FORMATS:
        raise WorksheetError(f"不支持的导出格式：{fmt!r}（可选：{'、'.join(FORMATS)}）",
                             f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    folder = ensure_folder(Path(folder) if folder is not None else ensure_folder(None, "导出", "export")
                           / EXPORT_FOLDER, "导出", "export")
    stem = stem or ws.kind
    path = folder / f"{stem}.{fmt}"
    if fmt == "md":
        png = folder / f"{stem}.png"
        atomic_write(png, figure_png(ws))
        atomic_write(path, to_markdown(ws, image=png.name).encode("utf-8"))
    elif fmt == "html":
        atomic_write(path, to_html(ws).encode("utf-8"))
    elif fmt == "png":
        atomic_write(path, figure_png(ws))
    elif fmt == "xlsx":
        write_xlsx(ws, path)
    else:
        write_csv(ws, path)
    return path


def _report(sheets: Iterable[tuple[Path, Worksheet]], problems: Iterable[tuple[Path, str]], folder: Path) -> str:
    sheets, problems = list(sheets), list(problems)
    owners = sorted({ws.owner.strip() for _, ws in sheets if ws.owner.strip()})
    body = ["<h1>我的课程成果</h1>",
            "<p>课程：用户经营步骤——构建成功的市场策略</p>"]
    if owners:
        body.append(f"<p>学员：{html_text('、'.join(owners))}</p>")
    body.append(f"<p>来源文件夹：<code>{html_text(shown_name(str(folder)))}</code></p>")
    if not sheets:
        body.append("<p>这个文件夹里还没有保存的工作表。先在工作表里写点内容（会自动保存），再生成本页。</p>")
    else:
        body.append("<h2>目录</h2><ol>" + "".join(
            f"<li><a href=\"#ws{n}\">{html_text(ws.label)}：{html_text(ws.display_title)}</a>"
            f"（{html_text(shown_name(path.name))}）</li>" for n, (path, ws) in enumerate(sheets, 1)) + "</ol>")
    for n, (_path, ws) in enumerate(sheets, 1):
        body.append(f"<section class=\"sheet\">{_sheet_html(ws, True, level=2, anchor=f'ws{n}')}</section>")
    if problems:
        body.append("<h2 class=\"problem\">没有收入的文件</h2>"
                    "<table><thead><tr><th>文件</th><th>原因</th></tr></thead><tbody>"
                    + "".join(f"<tr><td>{html_text(shown_name(p.name))}</td><td>{html_text(reason)}</td></tr>"
                              for p, reason in problems)
                    + "</tbody></table>")
    return html_page("我的课程成果", "\n".join(body))


def export_report(folder: Path | str | None = None, out: Path | str | None = None) -> Path:
    """Collect all worksheets in ``folder`` into one offline HTML page, 我的课程成果.

    Files that cannot be read are listed at the end with the reason (nothing is changed).

    Args:
        folder: the folder with the worksheet files (default: the work folder).
        out: the page to write (default: ``folder/导出/我的课程成果.html``).

    Returns:
        The path of the page.

    >>> import tempfile
    >>> export_report(tempfile.mkdtemp()).name
    '我的课程成果.html'
    """
    folder = Path(folder) if folder is not None else ensure_folder(None, "生成成果页", "write the report")
    sheets, problems = [], []
    for path in list_worksheets(folder):
        try:
            sheets.append((path, load_worksheet(path)))
        except WorksheetError as exc:
            problems.append((path, f"{exc.zh} / {exc.en}"))
    # 我的行动计划 first (it is the day's conclusion), then the worksheets in lecture order
    order = ["my_action_plan", *(k for k in KINDS if k != "my_action_plan")]
    sheets.sort(key=lambda pw: (order.index(pw[1].kind) if pw[1].kind in order else len(order), pw[0].name))
    out = Path(out) if out is not None else folder / EXPORT_FOLDER / REPORT_NAME
    ensure_folder(out.parent, "生成成果页", "write the report")
    atomic_write(out, _report(sheets, problems, folder).encode("utf-8", "backslashreplace"))
    return out
