"""What grading hands the instructor: 成绩.csv (one row per file) and 成绩图.png (pass rate per question).

Both files are written atomically (a temporary file renamed over the old one), so a
reader -- Excel, or anything left running -- never sees half a table. Every text cell of
the CSV is made inert for Excel (:func:`helpers.data.safe_text.csv_cell`): a name such as
``=HYPERLINK(...)`` is shown as text, never run as a formula.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data.safe_text import remove_stale_temps, temp_name, write_csv_atomic

CSV_NAME = "成绩.csv"
CHART_NAME = "成绩图.png"


@dataclass
class Submission:
    """The grading of one submitted file."""

    file: str
    name: str = ""
    lecture: str = ""
    scores: dict[str, int] = field(default_factory=dict)
    status: str = ""
    graded: bool = False


def results_table(subs: list[Submission], titles: dict[str, str] | None = None) -> Any:
    """One row per submission: file, name, one 1/0 column per question, total, status.

    Args:
        subs: the graded submissions.
        titles: question id -> title (default: read from the lectures' checks).

    Returns:
        A DataFrame. Question columns are named ``"<qid> <title>"``; a file that could not be
        graded has empty question cells.

    >>> results_table([Submission("a.ipynb", "甲", "L09", {"L09_q1": 1}, "已批改", True)],
    ...               {"L09_q1": "示例"}).columns.tolist()
    ['文件', '姓名', 'L09_q1 示例', '总分', '状态']
    """
    import pandas as pd

    if titles is None:
        from .exercises import questions

        titles = {}
        for lec in dict.fromkeys(s.lecture for s in subs if s.graded):
            titles.update({qid: q.title for qid, q in questions(lec).items()})
    graded_ids = {qid for s in subs if s.graded for qid in s.scores}
    columns = {qid: f"{qid} {title}" for qid, title in titles.items() if qid in graded_ids}
    rows = []
    for s in subs:
        row: dict[str, Any] = {"文件": s.file, "姓名": s.name}
        for qid, col in columns.items():
            row[col] = s.scores.get(qid) if s.graded else None
        row["总分"] = sum(s.scores.values()) if s.graded else None
        row["状态"] = s.status
        rows.append(row)
    table = pd.DataFrame(rows, columns=["文件", "姓名", *columns.values(), "总分", "状态"])
    for col in [*columns.values(), "总分"]:
        table[col] = table[col].astype("Int64")
    for col in ("文件", "姓名", "状态"):
        table[col] = table[col].astype(object)
    return table


def write_results(table: Any, folder: Path) -> Path:
    """Write ``成绩.csv`` (UTF-8 with BOM for Excel, formula-safe, atomic) into ``folder``.

    Args:
        table: from :func:`results_table`.
        folder: the output folder.

    Returns:
        The CSV's path.
    """
    return write_csv_atomic(table, Path(folder) / CSV_NAME)


def pass_rates(table: Any) -> Any:
    """Share of the graded submissions that pass each question (a Series, question -> 0..1)."""
    qcols = [c for c in table.columns if c not in ("文件", "姓名", "总分", "状态")]
    return table[qcols].astype("Float64").mean().astype(float)


def plot_pass_rates(rates: Any, n_graded: int, path: Path) -> Path:
    """Save a bar chart of the pass rate per question; hard questions (< 60 %) in red.

    Args:
        rates: pass rate per question (0..1), as from :func:`pass_rates`.
        n_graded: how many submissions were graded (shown in the title).
        path: the PNG file to write (atomically).

    Returns:
        ``path``.
    """
    path = Path(path)
    tmp = temp_name(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a missing glyph must not flood the instructor's terminal
        try:
            from .. import style

            style.setup()
        except Exception:  # noqa: BLE001 - the chart still saves, only without the course's font settings
            pass
        try:
            _draw_pass_rates(rates, n_graded, tmp)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    remove_stale_temps(path)
    return path


def _draw_pass_rates(rates: Any, n_graded: int, path: Path) -> None:
    from matplotlib.figure import Figure  # no pyplot: no global backend or figure state is touched

    fig = Figure(figsize=(8, 0.5 * len(rates) + 1.8))
    ax = fig.subplots()
    values = list(rates.fillna(0))[::-1]  # barh draws bottom-up: reverse to list the first question on top
    ax.barh(list(rates.index)[::-1], [v * 100 for v in values],
            color=["#c62828" if v < 0.6 else "#2e7d32" for v in values])
    for y, v in enumerate(values):
        ax.text(v * 100 + 1, y, f"{v:.0%}", va="center")
    ax.set_xlim(0, 110)
    ax.set_xlabel("通过率（%）")
    ax.set_title(f"全班各题通过率（{n_graded} 份可批改）——红色为不到 60% 通过的难题")
    fig.tight_layout()
    fig.savefig(path, dpi=120, format="png")
