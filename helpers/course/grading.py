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

**Grading.** :func:`grade_folder` runs every submitted notebook in its own process and
kernel, in a fresh temporary folder, with a time limit per cell. The kernel only reports
the trainee's answers as data (:mod:`helpers.course.answers`); this process scores them
with the lecture's checks, loaded from a read-only snapshot taken before any notebook ran,
and refuses the whole run if the checks changed meanwhile. One bad file never stops the
run: its row says what was wrong. It writes ``成绩.csv`` (utf-8-sig for Excel, formula-safe,
atomic) and ``成绩图.png`` (:mod:`helpers.course.grade_report`).

Trust model (README, grading): scores are safe from what a notebook does to its own kernel,
its folder or its processes, and a change to the checks stops the run; it is not a
security sandbox: grade only your own class's files.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data.safe_text import shown_name, visible_text
from ..paths import ROOT
from .grade_report import CHART_NAME, CSV_NAME, Submission, pass_rates, plot_pass_rates, results_table, write_results

__all__ = ["CHART_NAME", "CSV_NAME", "GradingRefused", "Submission", "build_all", "execute_notebook",
           "grade_files", "grade_folder", "grade_notebook", "out_of_sync", "pass_rates", "results_table",
           "split_master"]

PROMPT = "...  # 请在这里填写"
MARK_SOLUTION_CELL = "<!-- 解答 -->"
MARK_EXERCISE_CELL = "<!-- 练习 -->"
_ASSIGN = re.compile(r"^([^\W\d]\w*)\s*=(?!=)")
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

    from .build import widget_placeholders
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
                widget_placeholders(nb)  # a Chinese placeholder, not a widget repr, until the cell runs
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


# ----------------------------------------------------------------------------------------
# grading: the kernel reports answers, the grader decides
# ----------------------------------------------------------------------------------------

class GradingRefused(RuntimeError):
    """The course's checks changed during a grading run (the results would not be trustworthy)."""


def lecture_id(text: Any) -> str:
    """A lecture prefix in the form ``L01`` (from ``"1"``, ``"01"``, ``"l1"``), or ``""``.

    >>> lecture_id("1"), lecture_id("L02"), lecture_id("第一讲")
    ('L01', 'L02', '')
    """
    m = re.fullmatch(r"[Ll]?0*(\d{1,2})", str(text or "").strip())
    return f"L{int(m.group(1)):02d}" if m else ""


def _lectures_of(nb: Any) -> tuple[str, set[str]]:
    """The lecture in the notebook's metadata and the lectures its ``check(...)`` calls name."""
    meta = nb.metadata.get("course_exercise", {}) if isinstance(nb.metadata, dict) else {}
    stated = lecture_id(meta.get("lecture", "")) if isinstance(meta, dict) else ""
    called = {lecture_id(m) for c in nb.cells if c.get("cell_type") == "code"
              for m in _LECTURE_IN_CHECK.findall(_src(c))}
    return stated, called - {""}


def checks_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under the checks folder (relative path -> hex digest).

    Python's byte-code cache (``__pycache__``) is left out: any import rewrites it, and the
    grader never loads it (it imports the checks from a snapshot of the ``.py`` files).

    >>> checks_digest(Path("/nonexistent"))
    {}
    """
    import hashlib

    folder = Path(folder)
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def snapshot_checks(folder: Path, into: Path) -> dict[str, str]:
    """Copy the checks' ``.py`` files into ``into``, make the copy read-only, return its digest."""
    import shutil

    into.mkdir(parents=True, exist_ok=True)
    for src in sorted(Path(folder).glob("*.py")):
        shutil.copyfile(src, into / src.name)
        os.chmod(into / src.name, 0o444)
    os.chmod(into, 0o555)
    return checks_digest(into)


@contextlib.contextmanager
def checks_from(folder: Path) -> Iterator[None]:
    """Within the block, questions and checks come from ``folder`` (the snapshot); restored after."""
    from . import exercises as ex

    saved = ex.CHECKS_DIR, dict(ex._QUESTIONS), set(ex._LOADED)
    modules = {k: v for k, v in sys.modules.items() if k.startswith("course_checks_")}
    ex.CHECKS_DIR = Path(folder)
    ex._QUESTIONS.clear()
    ex._LOADED.clear()
    try:
        yield
    finally:
        ex.CHECKS_DIR = saved[0]
        ex._QUESTIONS.clear()
        ex._QUESTIONS.update(saved[1])
        ex._LOADED.clear()
        ex._LOADED.update(saved[2])
        for key in [k for k in sys.modules if k.startswith("course_checks_")]:
            del sys.modules[key]
        sys.modules.update(modules)


#: Largest submitted file read (bytes); a bigger one is reported, not run.
MAX_SUBMISSION = 20_000_000


def _read_submission(path: Path, sub: Submission) -> Any:
    """The notebook of one file, or ``None`` with ``sub.status`` saying why."""
    import nbformat

    try:
        if path.is_symlink():
            sub.status = "是一个链接（快捷方式），不是文件本身，未批改"
            return None
        if path.suffix.lower() != ".ipynb":
            sub.status = f"不是笔记本文件（{shown_name(path.suffix) or '无扩展名'}），未批改"
            return None
        if path.stat().st_size > MAX_SUBMISSION:
            sub.status = f"文件太大（超过 {MAX_SUBMISSION // 1_000_000} MB），未批改"
            return None
        raw = path.read_bytes()
    except OSError as exc:
        sub.status = f"无法读取文件（{exc.strerror or type(exc).__name__}），未批改"
        return None
    if not raw.strip():
        sub.status = "文件为空，未批改"
        return None
    try:
        return nbformat.reads(raw.decode("utf-8-sig"), as_version=4)
    except Exception:  # noqa: BLE001 - whatever is wrong, the file is not a readable notebook
        sub.status = "文件已损坏或不是笔记本格式，未批改"
        return None


def _settle_lecture(nb: Any, sub: Submission, wanted: str) -> str:
    """The lecture to grade ``nb`` as (``wanted`` when given), or ``""`` with the reason in ``sub.status``."""
    stated, called = _lectures_of(nb)
    if stated and called and called != {stated}:
        sub.status = (f"笔记本标注为 {stated} 的练习，其中却检查 {'、'.join(sorted(called))} 的题目："
                      "内容与讲次不一致，未批改")
        return ""
    found = stated or (next(iter(called)) if len(called) == 1 else "")
    if not found:
        sub.status = ("无法判断是哪一讲的练习（没有找到 check(...)）" if not called else
                      f"笔记本里混有几讲的题目（{'、'.join(sorted(called))}）") + "，未批改"
        return ""
    if wanted and found != wanted:
        sub.status = f"这是 {found} 的练习，不是本次批改的 {wanted}：没有按 {wanted} 批改"
        return ""
    sub.lecture = found
    return found


def _answers(result: dict[str, Any], marker: str, timeout: int, sub: Submission) -> dict[str, Any] | None:
    """The reported answers of a run, or ``None`` with ``sub.status`` saying why."""
    from .answers import decode

    outcome = result.get("outcome")
    if outcome == "timeout":
        sub.status = f"运行超时（某一格超过 {timeout} 秒），未批改"
        return None
    if outcome == "dead":
        sub.status = "运行时内核崩溃，未批改"
        return None
    if outcome == "unreadable":
        sub.status = "文件已损坏或不是笔记本格式，未批改"
        return None
    if outcome != "ok":
        sub.status = f"无法运行（{str(result.get('detail') or '未知原因')[:40]}），未批改"
        return None
    reports = result.get("reports") if isinstance(result.get("reports"), list) else []
    lines = [str(r) for r in reports if str(r).startswith(marker)]
    if not lines:
        sub.status = "批改代码没有运行成功（没有收到答案），未批改"
        return None
    if len(lines) > 1:
        sub.status = "答案报告出现了不止一次（笔记本的代码干扰了批改），未批改"
        return None
    try:
        return decode(json.loads(lines[0][len(marker):]))
    except (ValueError, RecursionError, MemoryError):
        sub.status = "答案报告无法读取（格式不对），未批改"
        return None


def _judge(sub: Submission, answers: dict[str, Any], errors: int) -> None:
    """Score ``answers`` with the checks of ``sub.lecture`` (inside :func:`checks_from`)."""
    from .exercises import evaluate, questions

    sub.scores = {qid: int(evaluate(qid, answers).passed) for qid in questions(sub.lecture)}
    sub.graded = True
    name = answers.get("姓名")
    if isinstance(name, str) and name.strip():
        sub.name = visible_text(" ".join(name.split()), one_line=True)[:60]
    sub.status = f"已批改（有 {errors} 个单元格报错）" if errors else "已批改"


def _flag_duplicate_names(subs: list[Submission]) -> None:
    seen: dict[str, list[Submission]] = {}
    for s in subs:
        if s.graded and s.name:
            seen.setdefault(unicodedata.normalize("NFKC", s.name).casefold().replace(" ", ""), []).append(s)
    for same in seen.values():
        if len(same) > 1:
            for s in same:
                others = "、".join(o.file for o in same if o is not s)
                s.status += f"；姓名与 {others} 相同，请核对是否同一人"


def grade_files(paths: list[Path], timeout: int = 60, workers: int | None = None, lecture: str | None = None,
                checks: Path | None = None) -> tuple[list[Submission], dict[str, str]]:
    """Grade submitted files; never stopped by one bad file. Returns (submissions, question titles).

    Each notebook runs in its own runner process and kernel (:mod:`helpers.course.grade_run`), whose
    working folder is a fresh temporary folder; the kernel only reports the answers as data. The
    answers are then scored here with the checks copied, before any notebook ran, into a read-only
    snapshot. If the checks folder changed while the notebooks ran, nothing is graded.

    Args:
        paths: the submitted files.
        timeout: seconds allowed per cell.
        workers: notebooks run at the same time (default: :func:`default_workers`).
        lecture: grade as this lecture; files of another lecture are reported, not graded.
            Default: the lecture most of the notebooks belong to.
        checks: the checks folder (default: ``exercises/checks``).

    Raises:
        GradingRefused: a checks file was changed, added or removed during the run.
    """
    from .exercises import CHECKS_DIR
    from .grade_run import run_isolated

    checks = Path(checks or CHECKS_DIR)
    before = checks_digest(checks)
    subs = [Submission(file=shown_name(p.name), name=shown_name(p.stem)) for p in paths]
    notebooks = {i: _read_submission(p, s) for i, (p, s) in enumerate(zip(paths, subs))}  # read now, once
    notebooks = {i: nb for i, nb in notebooks.items() if nb is not None}
    wanted = lecture_id(lecture) if lecture else ""
    if not wanted:
        found = [lec for nb in notebooks.values() for lec in [_lectures_of(nb)[0] or
                 next(iter(_lectures_of(nb)[1]), "")] if lec]
        wanted = max(sorted(set(found)), key=found.count) if found else ""
    with tempfile.TemporaryDirectory(prefix="course-checks-") as tmp:
        snapshot = Path(tmp) / "checks"
        frozen = snapshot_checks(checks, snapshot)
        try:
            with checks_from(snapshot):
                from .exercises import questions

                asked = {i: _settle_lecture(nb, subs[i], wanted) for i, nb in notebooks.items()}
                names = {lec: sorted({v for q in questions(lec).values() for v in q.variables} | {"姓名"})
                         for lec in set(asked.values()) if lec}
                for i, lec in asked.items():
                    if lec and not questions(lec):
                        subs[i].status, asked[i] = f"没有找到 {lec} 的题目检查（exercises/checks/{lec}.py），未批改", ""
                jobs = {i: (notebooks[i], names[lec]) for i, lec in asked.items() if lec}
                with ThreadPoolExecutor(max_workers=max(1, workers or default_workers())) as pool:
                    futures = {i: pool.submit(run_isolated, nb, vs, timeout) for i, (nb, vs) in jobs.items()}
                    runs = {i: f.result() for i, f in futures.items()}
                after = checks_digest(checks)
                if after != before or checks_digest(snapshot) != frozen:
                    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
                    raise GradingRefused(
                        f"批改期间课程的检查文件被改动了（{'、'.join(changed) or '快照'}），结果不可信，本次不出成绩。"
                        f"请用 git 恢复 {checks} 并找出改动它的提交。/ the course's checks changed during grading "
                        f"({', '.join(changed) or 'snapshot'}); no results were written. Restore {checks} (git) "
                        "and find the submission that changed it.")
                titles: dict[str, str] = {}
                for i, (result, marker) in runs.items():
                    answers = _answers(result, marker, timeout, subs[i])
                    if answers is not None:
                        _judge(subs[i], answers, int(result.get("errors") or 0))
                for lec in dict.fromkeys(s.lecture for s in subs if s.graded):
                    titles.update({qid: q.title for qid, q in questions(lec).items()})
        finally:
            _make_writable(snapshot)
    _flag_duplicate_names(subs)
    return subs, titles


def _make_writable(folder: Path) -> None:
    if folder.is_dir():
        os.chmod(folder, 0o755)
        for p in folder.iterdir():
            os.chmod(p, 0o644)


def grade_notebook(path: Path, timeout: int = 60, lecture: str | None = None) -> Submission:
    """Grade one submitted notebook (see :func:`grade_files`). Never raises for a bad file.

    Args:
        path: the submitted file.
        timeout: seconds allowed per cell.
        lecture: the lecture prefix; by default read from the notebook.

    Returns:
        The :class:`Submission`; ``status`` says, in Chinese, what happened.
    """
    return grade_files([Path(path)], timeout=timeout, workers=1, lecture=lecture)[0][0]


def submissions_in(folder: Path) -> list[Path]:
    """The submitted files in a folder (hidden files, Office lock files and our outputs skipped)."""
    skip = {CSV_NAME, CHART_NAME}
    out = []
    for p in Path(folder).iterdir():
        try:
            if (p.is_file() or p.is_symlink()) and not p.name.startswith((".", "~$")) and p.name not in skip:
                out.append(p)
        except OSError:  # a name the file system cannot even stat is still listed as a row
            out.append(p)
    return sorted(out, key=lambda p: os.fsencode(p.name))


def default_workers() -> int:
    """Notebooks to grade at a time: 2, or 1 on a single-core machine.

    Each notebook runs in its own kernel process, and much of a kernel's time is start-up
    and file reading, so two at a time help even on 2 cores.

    >>> default_workers() in (1, 2)
    True
    """
    return min(2, os.cpu_count() or 1)


def grade_folder(folder: Path, out: Path | None = None, timeout: int = 60, workers: int | None = None,
                 lecture: str | None = None, checks: Path | None = None) -> Any:
    """Grade every submitted notebook in ``folder`` and write ``成绩.csv`` and ``成绩图.png``.

    Args:
        folder: the folder of submitted files.
        out: where to write the two files (default: ``folder``).
        timeout: seconds allowed per cell of a submitted notebook.
        workers: notebooks run at the same time, each in its own kernel.
        lecture: grade every notebook as this lecture (default: the lecture of most notebooks).
        checks: the checks folder (default: ``exercises/checks``).

    Returns:
        The results table (a DataFrame).

    Raises:
        GradingRefused: the checks changed during the run (then nothing is written).
    """
    folder, out = Path(folder), Path(out or folder)
    out.mkdir(parents=True, exist_ok=True)
    subs, titles = grade_files(submissions_in(folder), timeout, workers, lecture, checks)
    table = results_table(subs, titles)
    write_results(table, out)
    graded = int(sum(s.graded for s in subs))
    if graded:
        plot_pass_rates(pass_rates(table[[s.graded for s in subs]]), graded, out / CHART_NAME)
    return table
