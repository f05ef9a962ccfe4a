"""Instructor tools: build exercise sets from masters, run notebooks, grade a class.

**One source per exercise set.** ``exercises/source/L01_master.ipynb`` holds the questions
with their solutions. :func:`build_all` derives two notebooks from it:

* ``exercises/L01_练习.ipynb`` -- blanks, prompts and checks, without outputs;
* ``solutions/L01_解答.ipynb`` -- the worked answers and explanations, executed.

Markers in the master (borrowed from otter-grader's ``otter assign`` format):

* code lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` are solution-only; in the
  exercise, each top-level assignment ``name = …`` in the block becomes
  ``name = ...  # 请在这里填写`` and the other lines are dropped;
* a code line ending in ``# SOLUTION`` becomes ``name = ...  # 请在这里填写`` in the exercise;
* a Markdown cell whose first line is ``<!-- 解答 -->`` appears only in the solution,
  ``<!-- 练习 -->`` only in the exercise (the marker line itself is removed).

**Grading.** :func:`grade_folder` executes every submitted notebook (with a time limit
per cell), re-runs every check of its lecture on the notebook's final variables, and
writes ``成绩.csv`` (utf-8-sig, for Excel) and ``成绩图.png``.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import tempfile
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..paths import ROOT

PROMPT = "...  # 请在这里填写"
MARK_SOLUTION_CELL = "<!-- 解答 -->"
MARK_EXERCISE_CELL = "<!-- 练习 -->"
_ASSIGN = re.compile(r"^([^\W\d]\w*)\s*=(?!=)")
_GRADE_MARK = "@@COURSE-GRADE@@"
_LECTURE_IN_CHECK = re.compile(r"""check\(\s*["'](L\d+)_""")


# ----------------------------------------------------------------------------------------
# master -> exercise + solution
# ----------------------------------------------------------------------------------------

def _src(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def blank_code(source: str) -> str:
    """The exercise version of a master code cell (solutions replaced by prompts).

    Args:
        source: the master cell's source.

    Returns:
        The source with every solution block or ``# SOLUTION`` line replaced.

    >>> print(blank_code("n = 100\\n# BEGIN SOLUTION\\nx = n / 4\\ny = x + 1\\n# END SOLUTION\\ncheck('q')"))
    n = 100
    x = ...  # 请在这里填写
    y = ...  # 请在这里填写
    check('q')
    >>> print(blank_code('答案 = "B"  # SOLUTION'))
    答案 = ...  # 请在这里填写
    """
    out: list[str] = []
    block: list[str] | None = None
    for line in source.splitlines():
        stripped = line.strip()
        if stripped == "# BEGIN SOLUTION":
            block = []
        elif stripped == "# END SOLUTION" and block is not None:
            names = [m.group(1) for m in map(_ASSIGN.match, block) if m]
            out += [f"{n} = {PROMPT}" for n in dict.fromkeys(names)] or ["# 请在这里写代码"]
            block = None
        elif block is not None:
            block.append(line)
        elif stripped.endswith("# SOLUTION") and (m := _ASSIGN.match(line)):
            out.append(f"{m.group(1)} = {PROMPT}")
        else:
            out.append(line)
    return "\n".join(out)


def solution_code(source: str) -> str:
    """The solution version of a master code cell (markers removed).

    >>> print(solution_code("# BEGIN SOLUTION\\nx = 1\\n# END SOLUTION\\ny = 2  # SOLUTION"))
    x = 1
    y = 2
    """
    lines = [ln for ln in source.splitlines() if ln.strip() not in ("# BEGIN SOLUTION", "# END SOLUTION")]
    return "\n".join(re.sub(r"\s*# SOLUTION$", "", ln) for ln in lines)


def split_master(master: Any, lecture: str) -> tuple[Any, Any]:
    """Derive the exercise and the solution notebook from a master notebook.

    Args:
        master: the master notebook (``nbformat`` node).
        lecture: the lecture prefix, e.g. ``"L01"`` (stored in the notebooks' metadata).

    Returns:
        ``(exercise, solution)``, both without outputs and without navigation cells.
    """
    from .nav import is_nav

    versions = []
    for kind in ("exercise", "solution"):
        nb = copy.deepcopy(master)
        cells = []
        for cell in nb.cells:
            if is_nav(cell):
                continue
            text = _src(cell)
            if cell.cell_type == "markdown":
                first, _, rest = text.partition("\n")
                if first.strip() in (MARK_SOLUTION_CELL, MARK_EXERCISE_CELL):
                    if (first.strip() == MARK_SOLUTION_CELL) != (kind == "solution"):
                        continue
                    text = rest.lstrip("\n")
            elif cell.cell_type == "code":
                text = blank_code(text) if kind == "exercise" else solution_code(text)
                cell.outputs, cell.execution_count = [], None
            cell.source = text
            cells.append(cell)
        nb.cells = cells
        nb.metadata["course_exercise"] = {"lecture": lecture, "version": kind}
        versions.append(nb)
    return versions[0], versions[1]


@dataclass
class ExerciseSet:
    """The three files of one lecture's exercise set."""

    lecture: str
    master: Path
    exercise: Path
    solution: Path


def exercise_sets(root: Path = ROOT) -> list[ExerciseSet]:
    """Every exercise set, found from ``exercises/source/LNN_master.ipynb``."""
    sets = []
    for master in sorted((root / "exercises" / "source").glob("L[0-9][0-9]_master.ipynb")):
        lec = master.name[:3]
        sets.append(ExerciseSet(lec, master, root / "exercises" / f"{lec}_练习.ipynb",
                                root / "solutions" / f"{lec}_解答.ipynb"))
    return sets


def _comparable(nb: Any) -> list[tuple[str, str]]:
    from .nav import is_nav

    return [(c.cell_type, _src(c).strip()) for c in nb.cells if not is_nav(c)]


def out_of_sync(root: Path = ROOT) -> list[str]:
    """Exercise or solution notebooks that differ from what their master gives.

    Only cell types and sources count (outputs and navigation cells are ignored).

    Returns:
        One line per problem (empty when everything is in sync).
    """
    import nbformat

    problems = []
    for s in exercise_sets(root):
        exercise, solution = split_master(nbformat.read(s.master, as_version=4), s.lecture)
        for want, path in ((exercise, s.exercise), (solution, s.solution)):
            if not path.exists():
                problems.append(f"{path.relative_to(root)} is missing")
            elif _comparable(nbformat.read(path, as_version=4)) != _comparable(want):
                problems.append(f"{path.relative_to(root)} differs from {s.master.relative_to(root)}")
    return problems


def build_all(root: Path = ROOT, execute: bool = True, timeout: int = 300,
              lectures: list[str] | None = None) -> list[Path]:
    """Regenerate ``exercises/`` and ``solutions/`` from the masters.

    Args:
        root: the project root.
        execute: run each solution notebook so that it is saved with its outputs.
        timeout: seconds allowed per cell when executing.
        lectures: only these (``["L03"]``); all when ``None``.

    Returns:
        The files written.
    """
    import nbformat

    from .nav import apply_nav

    written = []
    for s in exercise_sets(root):
        if lectures and s.lecture not in lectures:
            continue
        exercise, solution = split_master(nbformat.read(s.master, as_version=4), s.lecture)
        for nb, path in ((exercise, s.exercise), (solution, s.solution)):
            path.parent.mkdir(parents=True, exist_ok=True)
            apply_nav(nb, path.relative_to(root).as_posix(), root)
            if execute and nb is solution:  # charts inline, so that readers see them
                nb = execute_notebook(nb, path.parent, timeout=timeout,
                                      env={"MPLBACKEND": "module://matplotlib_inline.backend_inline"})
            nbformat.write(nb, path)
            written.append(path)
    return written


# ----------------------------------------------------------------------------------------
# running notebooks
# ----------------------------------------------------------------------------------------

def execute_notebook(nb: Any, cwd: Path, timeout: int = 120, allow_errors: bool = False,
                     env: dict[str, str] | None = None) -> Any:
    """Execute a notebook in a fresh kernel whose working folder is ``cwd``.

    Args:
        nb: the notebook (``nbformat`` node); executed in place.
        cwd: the kernel's working folder.
        timeout: seconds allowed per cell.
        allow_errors: go on after a cell raises (grading) instead of stopping.
        env: extra environment variables for the kernel.

    Returns:
        The executed notebook.
    """
    from nbclient import NotebookClient

    env = {"PYDEVD_DISABLE_FILE_VALIDATION": "1", **(env or {})}
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=allow_errors,
                            resources={"metadata": {"path": str(cwd)}}, startup_timeout=120)
    old = dict(os.environ)
    os.environ.update(env)
    try:  # the kernel's own log lines (e.g. ipykernel's transport warning) are not for the instructor
        client.execute(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        os.environ.clear()
        os.environ.update(old)
    return nb


@dataclass
class Submission:
    """The grading of one submitted file."""

    file: str
    name: str = ""
    lecture: str = ""
    scores: dict[str, int] = field(default_factory=dict)
    status: str = ""
    graded: bool = False


def _lecture_of(nb: Any) -> str:
    meta = nb.metadata.get("course_exercise", {})
    if meta.get("lecture"):
        return str(meta["lecture"])
    for cell in nb.cells:
        m = _LECTURE_IN_CHECK.search(_src(cell)) if cell.cell_type == "code" else None
        if m:
            return m.group(1)
    return ""


def grade_notebook(path: Path, timeout: int = 60, lecture: str | None = None) -> Submission:
    """Execute one submitted notebook and score every question of its lecture.

    Never raises: a file that cannot be read or run gives a :class:`Submission` whose
    ``status`` says why, in Chinese.

    Args:
        path: the submitted file.
        timeout: seconds allowed per cell (a cell running longer stops the grading of this file).
        lecture: the lecture prefix; by default read from the notebook.

    Returns:
        The :class:`Submission`.
    """
    import nbformat
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    sub = Submission(file=path.name, name=path.stem)
    if path.suffix.lower() != ".ipynb":
        sub.status = f"不是笔记本文件（{path.suffix or '无扩展名'}），未批改"
        return sub
    raw = path.read_bytes()
    if not raw.strip():
        sub.status = "文件为空，未批改"
        return sub
    try:
        nb = nbformat.reads(raw.decode("utf-8-sig"), as_version=4)
    except Exception:
        sub.status = "文件已损坏或不是笔记本格式，未批改"
        return sub
    sub.lecture = lecture or _lecture_of(nb)
    if not sub.lecture:
        sub.status = "无法判断是哪一讲的练习（没有找到 check(...)），未批改"
        return sub
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    nb.cells.append(nbformat.v4.new_code_cell(
        "import json as _json, helpers.course.exercises as _ex\n"
        f"print({_GRADE_MARK!r} + _json.dumps({{'scores': _ex.grade_namespace({sub.lecture!r}, globals()),"
        " 'name': str(globals().get('姓名', '') or '')}, ensure_ascii=False))"))
    try:
        with tempfile.TemporaryDirectory(prefix="course-grade-") as scratch:
            execute_notebook(nb, path.parent, timeout=timeout, allow_errors=True,
                             env={"COURSE_WORK_DIR": scratch, "MPLBACKEND": "Agg"})
    except CellTimeoutError:
        sub.status = f"运行超时（某一格超过 {timeout} 秒），未批改"
        return sub
    except DeadKernelError:
        sub.status = "运行时内核崩溃，未批改"
        return sub
    except Exception as exc:
        sub.status = f"无法运行（{type(exc).__name__}），未批改"
        return sub
    text = "".join(o.get("text", "") for o in nb.cells[-1].get("outputs", []) if o.get("output_type") == "stream")
    if _GRADE_MARK not in text:
        sub.status = "批改代码没有运行成功，未批改"
        return sub
    result = json.loads(text.split(_GRADE_MARK, 1)[1].strip().splitlines()[0])
    sub.scores, sub.graded = result["scores"], True
    sub.name = result["name"].strip() or sub.name
    errors = sum(o.get("output_type") == "error" for c in nb.cells[:-1] for o in c.get("outputs", []))
    sub.status = f"已批改（有 {errors} 个单元格报错）" if errors else "已批改"
    return sub


# ----------------------------------------------------------------------------------------
# a class folder -> 成绩.csv + 成绩图.png
# ----------------------------------------------------------------------------------------

CSV_NAME = "成绩.csv"
CHART_NAME = "成绩图.png"


def submissions_in(folder: Path) -> list[Path]:
    """The submitted files in a folder (hidden files, Office lock files and our outputs skipped)."""
    skip = {CSV_NAME, CHART_NAME}
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith((".", "~$")) and p.name not in skip)


def results_table(subs: list[Submission]) -> Any:
    """One row per submission: file, name, one 1/0 column per question, total, status.

    Question columns are named ``"<qid> <title>"``; a file that could not be graded has
    empty question cells.
    """
    import pandas as pd

    from .exercises import questions

    columns: dict[str, str] = {}
    for lec in dict.fromkeys(s.lecture for s in subs if s.graded):
        columns.update({qid: f"{qid} {q.title}" for qid, q in questions(lec).items()})
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
    return table


def pass_rates(table: Any) -> Any:
    """Share of the graded submissions that pass each question (a Series, question -> 0..1)."""
    qcols = [c for c in table.columns if c not in ("文件", "姓名", "总分", "状态")]
    return table[qcols].astype("Float64").mean().astype(float)


def plot_pass_rates(rates: Any, n_graded: int, path: Path) -> Path:
    """Save a bar chart of the pass rate per question; hard questions (< 60 %) in red.

    Args:
        rates: pass rate per question (0..1), as from :func:`pass_rates`.
        n_graded: how many submissions were graded (shown in the title).
        path: the PNG file to write.

    Returns:
        ``path``.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a missing glyph must not flood the instructor's terminal
        try:
            from .. import style

            style.setup()
        except Exception:  # the chart still saves, only without the course's font settings
            pass
        _draw_pass_rates(rates, n_graded, path)
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
    fig.savefig(path, dpi=120)


def default_workers() -> int:
    """Notebooks to grade at a time: 2, or 1 on a single-core machine.

    Each notebook runs in its own kernel process, and much of a kernel's time is start-up
    and file reading, so two at a time help even on 2 cores: 8 submissions took 28-34 s
    with two workers against 36-43 s one after the other (2 cores, busy machine).

    >>> default_workers() in (1, 2)
    True
    """
    return min(2, os.cpu_count() or 1)


def grade_folder(folder: Path, out: Path | None = None, timeout: int = 60, workers: int | None = None,
                 lecture: str | None = None) -> Any:
    """Grade every submitted notebook in ``folder`` and write the table and the chart.

    Args:
        folder: the folder of submitted files.
        out: where to write ``成绩.csv`` and ``成绩图.png`` (default: ``folder``).
        timeout: seconds allowed per cell of a submitted notebook.
        workers: notebooks run at the same time, each in its own kernel (default:
            :func:`default_workers`).
        lecture: grade every notebook as this lecture (default: read from each notebook).

    Returns:
        The results table (a DataFrame).
    """
    folder, out = Path(folder), Path(out or folder)
    out.mkdir(parents=True, exist_ok=True)
    files = submissions_in(folder)
    notebooks = [p for p in files if p.suffix.lower() == ".ipynb"]
    workers = workers or default_workers()
    if workers > 1 and len(notebooks) > 1:
        import multiprocessing

        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = {p: pool.submit(grade_notebook, p, timeout, lecture) for p in notebooks}
            done = {p: f.result() for p, f in futures.items()}
    else:
        done = {p: grade_notebook(p, timeout, lecture) for p in notebooks}
    subs = [done[p] if p in done else grade_notebook(p, timeout, lecture) for p in files]
    table = results_table(subs)
    table.to_csv(out / CSV_NAME, index=False, encoding="utf-8-sig")
    graded = int(sum(s.graded for s in subs))
    if graded:
        plot_pass_rates(pass_rates(table[[s.graded for s in subs]]), graded, out / CHART_NAME)
    return table

