"""Instructor's class view: one call aggregates a folder of trainees' worksheet files.

The instructor collects the worksheet files (``swot.json``, ``five_forces.json``, ... from
each trainee's work folder; renamed or in one sub-folder per trainee, as convenient) into
one folder and calls :func:`class_view`:

* **SWOT** -- the most frequent items per quadrant. Items are compared after
  :func:`normalize_item` (full-width/half-width, case, spaces and punctuation ignored), so
  "价格 高！" and "价格高" count as the same item; each worksheet counts an item once.
* **Five forces** -- the distribution of the 1–5 scores per force (table and chart), the
  mean, and each trainee's attractiveness reading.
* **Files it could not read**, each with the reason in Chinese and English.

Nothing in the folder is changed.

>>> import tempfile, pathlib
>>> from helpers.worksheets.swot import SwotWorksheet
>>> from helpers.worksheets.storage import save_worksheet
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> for n, text in enumerate(["价格高", "价格 高！", "交付慢"]):
...     ws = SwotWorksheet(owner=f"学员{n}"); _ = ws.add_item("W", text)
...     _ = save_worksheet(ws, folder / f"学员{n}_swot.json")
>>> _ = (folder / "坏文件.json").write_text("{", encoding="utf-8")
>>> view = class_view(folder)
>>> view.swot[["象限", "条目", "人数"]].values.tolist()
[['劣势', '价格高', 2], ['劣势', '交付慢', 1]]
>>> view.problems["文件"].tolist()
['坏文件.json']
"""

from __future__ import annotations

import base64
import html
import os
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..data.safe_text import shown_name, visible_text
from ..errors import WorksheetError
from .five_forces import FORCE_NAMES, FORCES, SCORE_LABELS, FiveForcesWorksheet
from .model import KINDS, Worksheet, kind_class
from .storage import is_worksheet_file, load_worksheet
from .swot import QUADRANT_NAMES, QUADRANTS, SwotWorksheet


def normalize_item(text: str) -> str:
    """The key under which SWOT items are counted as "the same".

    Unicode NFKC (full-width → half-width), case-folded, with every space, punctuation
    mark and symbol removed.

    Args:
        text: an item as typed.

    Returns:
        The key ("" for an item that is only punctuation).

    >>> normalize_item(" 价格 高！ "), normalize_item("ＣＲＭ系统, 落后"), normalize_item("crm系统落后")
    ('价格高', 'crm系统落后', 'crm系统落后')
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PSZC")


def read_folder(folder: Path | str) -> tuple[list[tuple[Path, Worksheet]], pd.DataFrame]:
    """Read every worksheet file under ``folder`` (sub-folders included).

    Backups (``*.bak.json``), set-aside copies and temporary files are skipped.

    Args:
        folder: the folder of collected files.

    Returns:
        ``(sheets, problems)``: the (path, worksheet) pairs read, and a table of the files
        that could not be read (columns 文件, 原因, Reason).

    >>> sheets, problems = read_folder(__import__("tempfile").mkdtemp())
    >>> sheets, list(problems.columns)
    ([], ['文件', '原因', 'Reason'])
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise WorksheetError("找不到这个文件夹", "no such folder", fix_zh="请检查路径是否写对",
                             fix_en="check the path", source=shown_name(str(folder)))
    sheets: list[tuple[Path, Worksheet]] = []
    problems: list[tuple[str, str, str]] = []
    try:
        paths = sorted(folder.rglob("*.json"), key=lambda p: os.fsencode(str(p)))
    except OSError as exc:  # a sub-folder that cannot be listed: read what can be read
        paths = []
        problems.append((shown_name(str(folder)), f"无法列出文件夹：{exc.strerror or exc}", f"cannot list: {exc}"))
    for path in paths:
        name = shown_name(path.relative_to(folder).as_posix())
        try:
            if not path.is_file() or not is_worksheet_file(path):
                continue
            sheets.append((path, load_worksheet(path)))
        except WorksheetError as exc:
            problems.append((name, exc.zh, exc.en))
        except Exception as exc:  # noqa: BLE001 - one odd file never loses the class view
            problems.append((name, f"无法读取（{type(exc).__name__}）", f"cannot be read ({type(exc).__name__})"))
    return sheets, pd.DataFrame(problems, columns=["文件", "原因", "Reason"])


def swot_summary(sheets: list[tuple[Path, Worksheet]], top: int = 5) -> pd.DataFrame:
    """The most frequent SWOT items per quadrant.

    Args:
        sheets: (path, worksheet) pairs; worksheets that are not SWOTs are ignored.
        top: items listed per quadrant.

    Returns:
        One row per listed item: 象限, 排名, 条目 (the most common wording), 人数 (SWOT
        worksheets that list it), 占比 (人数 / SWOT worksheets), 平均权重 (of those who
        gave a weight, else NaN), 写法数 (how many different wordings were merged).

    >>> ws = SwotWorksheet(); _ = ws.add_item("S", "口碑好", 4); _ = ws.add_item("S", "口碑好。", 2)
    >>> swot_summary([(Path("a.json"), ws)]).iloc[0].to_dict()
    {'象限': '优势', '排名': 1, '条目': '口碑好', '人数': 1, '占比': 1.0, '平均权重': 3.0, '写法数': 2}
    """
    swots = [ws for _, ws in sheets if isinstance(ws, SwotWorksheet)]
    rows = []
    for q in QUADRANTS:
        people: Counter[str] = Counter()
        wordings: dict[str, Counter[str]] = {}
        weights: dict[str, list[int]] = {}
        for ws in swots:
            seen = set()
            for item in ws.items[q]:
                key = normalize_item(item.text)
                if not key:
                    continue
                wordings.setdefault(key, Counter())[" ".join(item.text.split())] += 1
                if item.weight is not None:
                    weights.setdefault(key, []).append(item.weight)
                seen.add(key)
            people.update(seen)
        ranked = sorted(people.items(), key=lambda kv: (-kv[1], wordings[kv[0]].most_common(1)[0][0]))
        for rank, (key, count) in enumerate(ranked[:top], 1):
            w = weights.get(key, [])
            rows.append({"象限": QUADRANT_NAMES[q], "排名": rank, "条目": wordings[key].most_common(1)[0][0],
                         "人数": count, "占比": round(count / len(swots), 3),
                         "平均权重": round(sum(w) / len(w), 2) if w else float("nan"),
                         "写法数": len(wordings[key])})
    return pd.DataFrame(rows, columns=["象限", "排名", "条目", "人数", "占比", "平均权重", "写法数"])


def five_forces_summary(sheets: list[tuple[Path, Worksheet]]) -> pd.DataFrame:
    """The distribution of the scores per force.

    Args:
        sheets: (path, worksheet) pairs; worksheets that are not five-forces are ignored.

    Returns:
        One row per force (index 力量): the number of worksheets giving each score
        ``1分`` … ``5分``, ``未评分``, and 平均 (mean of the given scores, NaN if none).

    >>> from helpers.worksheets.five_forces import ForceEntry
    >>> ws = [(Path(f"{s}.json"), FiveForcesWorksheet(forces={f: ForceEntry(s) for f in FORCES})) for s in (2, 4)]
    >>> five_forces_summary(ws).loc["同业竞争"].tolist()
    [0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 3.0]
    """
    ffs = [ws for _, ws in sheets if isinstance(ws, FiveForcesWorksheet)]
    rows = []
    for f in FORCES:
        scores = [ws.forces[f].score for ws in ffs]
        given = [s for s in scores if s is not None]
        row: dict[str, Any] = {"力量": FORCE_NAMES[f]}
        row.update({f"{n}分": sum(1 for s in given if s == n) for n in range(1, 6)})
        row["未评分"] = len(scores) - len(given)
        row["平均"] = round(sum(given) / len(given), 2) if given else float("nan")
        rows.append(row)
    return pd.DataFrame(rows).set_index("力量")


def five_forces_readings(sheets: list[tuple[Path, Worksheet]], folder: Path | None = None) -> pd.DataFrame:
    """Each five-forces worksheet's attractiveness reading (columns 文件, 姓名, 行业, 平均强度, 吸引力).

    >>> five_forces_readings([(Path("a.json"), FiveForcesWorksheet(owner="王"))])[
    ...     ["文件", "姓名", "吸引力"]].values.tolist()
    [['a.json', '王', '待判断']]
    """
    rows = []
    for path, ws in sheets:
        if isinstance(ws, FiveForcesWorksheet):
            r = ws.reading()
            name = shown_name(path.relative_to(folder).as_posix() if folder is not None else path.name)
            rows.append({"文件": name, "姓名": ws.owner, "行业": ws.industry,
                         "平均强度": r.mean if r.mean is not None else float("nan"), "吸引力": r.level or "待判断"})
    return pd.DataFrame(rows, columns=["文件", "姓名", "行业", "平均强度", "吸引力"])


def _table_html(table: pd.DataFrame, **kwargs: Any) -> str:
    """``table.to_html`` (which escapes HTML) with every text cell's hidden characters made visible."""
    def clean(value: Any) -> Any:
        return visible_text(value) if isinstance(value, str) else value

    shown = table.map(clean)
    shown.columns = [clean(c) for c in table.columns]
    shown.index = [clean(i) for i in table.index]
    shown.index.name = clean(table.index.name)
    return shown.to_html(**kwargs)


def _png(draw: Any) -> str:
    """Base64 PNG of the figure ``draw()`` makes (drawn with the course's Chinese font)."""
    from ..charts.base import chart_style, png_bytes

    with chart_style():
        return base64.b64encode(png_bytes(draw(), dpi=90)).decode("ascii")


@dataclass
class ClassView:
    """The aggregated worksheets of a class (see :func:`class_view`).

    Attributes:
        folder: the folder read.
        sheets: the (path, worksheet) pairs read.
        problems: files that could not be read (文件, 原因, Reason).
        swot: the most frequent SWOT items (:func:`swot_summary`).
        five_forces: the score distribution per force (:func:`five_forces_summary`).
        readings: each five-forces worksheet's reading (:func:`five_forces_readings`).
    """

    folder: Path
    sheets: list[tuple[Path, Worksheet]]
    problems: pd.DataFrame
    swot: pd.DataFrame
    five_forces: pd.DataFrame
    readings: pd.DataFrame
    #: kind -> (heading, content) pairs from each later kind's :meth:`Worksheet.class_summary`.
    others: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)

    @property
    def n_swot(self) -> int:
        """Number of SWOT worksheets read."""
        return sum(isinstance(ws, SwotWorksheet) for _, ws in self.sheets)

    @property
    def n_five_forces(self) -> int:
        """Number of five-forces worksheets read."""
        return sum(isinstance(ws, FiveForcesWorksheet) for _, ws in self.sheets)

    def five_forces_figure(self) -> Any:
        """Stacked bars: how many trainees gave each score to each force (a matplotlib Figure).

        >>> len(class_view(__import__("tempfile").mkdtemp()).five_forces_figure().axes)
        1
        """
        from matplotlib.figure import Figure

        from ..charts.base import chart_style

        with chart_style():  # Chinese font, same look everywhere
            fig = Figure(figsize=(9, 4.6), dpi=100)
            ax = fig.add_subplot()
            table = self.five_forces
            colours = ["#2e7d32", "#9ccc65", "#fdd835", "#fb8c00", "#c62828"]
            left = [0] * len(table)
            names = list(table.index)[::-1]
            for n, colour in zip(range(1, 6), colours):
                counts = list(table[f"{n}分"])[::-1]
                ax.barh(names, counts, left=left, color=colour, label=f"{n} 分（{SCORE_LABELS[n]}）")
                left = [a + b for a, b in zip(left, counts)]
            for y, (_name, mean) in enumerate(zip(names, list(table["平均"])[::-1])):
                if mean == mean:  # not NaN
                    ax.text(left[y] + 0.1, y, f"平均 {mean:.1f}", va="center", fontsize=9)
            ax.set_xlabel("人数")
            ax.set_title(f"全班五力打分分布（{self.n_five_forces} 份）")
            ax.set_xlim(0, max(left + [1]) * 1.25)
            ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), title="打分")
            fig.tight_layout()
            return fig

    def swot_figure(self) -> Any:
        """Four bar charts: the most frequent items per SWOT quadrant (a matplotlib Figure).

        >>> len(class_view(__import__("tempfile").mkdtemp()).swot_figure().axes)
        4
        """
        from matplotlib.figure import Figure

        from ..charts.base import chart_style
        from .swot import QUADRANT_COLOURS, wrap_text

        with chart_style():  # Chinese font, same look everywhere
            fig = Figure(figsize=(11, 6.5), dpi=100)
            for pos, q in enumerate(QUADRANTS):
                ax = fig.add_subplot(2, 2, pos + 1)
                part = self.swot[self.swot["象限"] == QUADRANT_NAMES[q]]
                labels = [wrap_text(t, 24, 1)[0] for t in part["条目"]][::-1]
                ax.barh(range(len(part)), list(part["人数"])[::-1], color=QUADRANT_COLOURS[q])
                ax.set_yticks(range(len(part)))
                ax.set_yticklabels(labels, fontsize=9, parse_math=False)  # a "$" typed stays a "$"
                ax.set_title(f"{QUADRANT_NAMES[q]}：最常见的条目", color=QUADRANT_COLOURS[q])
                ax.set_xlabel("提到的人数")
                if part.empty:
                    ax.text(0.5, 0.5, "（暂无）", ha="center", va="center", transform=ax.transAxes)
            fig.suptitle(f"全班 SWOT 汇总（{self.n_swot} 份）", fontsize=14)
            fig.tight_layout()
            return fig

    def to_html(self) -> str:
        """The class view as an HTML fragment (tables escaped by pandas, charts as base64 PNG).

        >>> "没有工作表文件" in class_view(__import__("tempfile").mkdtemp()).to_html()
        True
        """
        parts = [f"<h3>班级汇总：{html.escape(shown_name(str(self.folder)))}</h3>",
                 f"<p>读取了 {len(self.sheets)} 份工作表（SWOT {self.n_swot} 份，五力 {self.n_five_forces} 份）；"
                 f"{len(self.problems)} 个文件无法读取。</p>"]
        if self.n_swot:
            parts += ["<h4>SWOT：各象限最常见的条目</h4>", _table_html(self.swot, index=False, na_rep=""),
                      f'<img src="data:image/png;base64,{_png(self.swot_figure)}" style="max-width:100%">']
        if self.n_five_forces:
            parts += ["<h4>五力：每种力量的打分分布（人数）</h4>", _table_html(self.five_forces, na_rep=""),
                      f'<img src="data:image/png;base64,{_png(self.five_forces_figure)}" style="max-width:100%">',
                      "<h4>每位学员的行业吸引力判断</h4>", _table_html(self.readings, index=False, na_rep="")]
        for kind, sections in self.others.items():
            n = sum(ws.kind == kind for _, ws in self.sheets)
            parts.append(f"<h4>{html.escape(kind_class(kind).label)}（{n} 份）</h4>")
            for heading, content in sections:
                parts.append(f"<h5>{html.escape(visible_text(heading))}</h5>")
                if isinstance(content, pd.DataFrame):
                    parts.append(_table_html(content, index=False, na_rep="—"))
                else:
                    try:
                        parts.append(f'<img src="data:image/png;base64,{_png(content)}" style="max-width:100%">')
                    except Exception as exc:  # noqa: BLE001 - one chart that fails never loses the view
                        parts.append(f"<p style='color:#c62828'>这张图画不出来（{type(exc).__name__}）</p>")
        if len(self.problems):
            parts += ["<h4 style='color:#c62828'>无法读取的文件 / files that could not be read</h4>",
                      _table_html(self.problems, index=False)]
        if not self.sheets and not len(self.problems):
            parts.append("<p>这个文件夹里没有工作表文件（*.json）。/ No worksheet files in this folder.</p>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()

    def save(self, out: Path | str | None = None) -> Path:
        """Write the class view as one offline HTML page (for the projector or to send round).

        Args:
            out: the page to write (default: ``班级汇总.html`` inside the folder read).

        Returns:
            The path written.

        >>> import tempfile
        >>> class_view(tempfile.mkdtemp()).save().name
        '班级汇总.html'
        """
        from .export import html_page
        from .storage import atomic_write

        out = Path(out) if out is not None else self.folder / "班级汇总.html"
        atomic_write(out, html_page("班级汇总", self.to_html()).encode("utf-8"))
        return out

    def __repr__(self) -> str:
        return (f"ClassView({str(self.folder)!r}: {self.n_swot} SWOT, {self.n_five_forces} five-forces, "
                f"{len(self.problems)} unreadable)")


def class_view(folder: Path | str, top: int = 5) -> ClassView:
    """Aggregate a folder of trainees' worksheet files into a class view.

    In a notebook the result displays itself: tables, charts and the list of files that
    could not be read, with the reason.

    Args:
        folder: the folder of collected files (sub-folders included).
        top: SWOT items listed per quadrant.

    Returns:
        A :class:`ClassView`.

    >>> class_view(__import__("tempfile").mkdtemp()).n_swot
    0
    """
    folder = Path(folder)
    sheets, problems = read_folder(folder)
    others = {}
    for kind in KINDS:
        mine = [ws for _, ws in sheets if ws.kind == kind]
        if kind not in ("swot", "five_forces") and mine:
            try:
                others[kind] = kind_class(kind).class_summary(mine)
            except Exception as exc:  # noqa: BLE001 - one kind's summary failing never loses the view
                note = pd.DataFrame({"说明": [f"这一类工作表的汇总出错了（{type(exc).__name__}），其他部分不受影响"]})
                others[kind] = [("汇总出错", note)]
    return ClassView(folder=folder, sheets=sheets, problems=problems, swot=swot_summary(sheets, top),
                     five_forces=five_forces_summary(sheets), readings=five_forces_readings(sheets, folder),
                     others=others)
