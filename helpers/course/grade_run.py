"""Run one submitted notebook in isolation and collect its answers (a child process of the grader).

``python -m helpers.course.grade_run`` reads a job (JSON on standard input: the notebook's
text, the answer variables, a random marker, the time limit), runs the notebook in a fresh
kernel whose working folder is a new, empty temporary folder, and prints one result line
(JSON) on standard output. The notebook never sees the submissions folder, the other
trainees' files or the marker before its last cell.

When the notebook ends (or a cell runs too long, or the kernel dies), every process it
started is killed: on Linux this process is a *child subreaper*, so even a process that
detached itself (double fork, new session) is re-parented here and found; elsewhere the
kernel's process tree is killed. The grader also kills whatever still carries the job's
token in its environment (:func:`kill_tagged`).
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: Environment variable set in every kernel the grader starts (its value is the job's token).
TOKEN_ENV = "COURSE_GRADE_TOKEN"

#: Prefix of the runner's result line on standard output.
RESULT_MARK = "@@COURSE-GRADE-RUN@@"


def become_subreaper() -> bool:
    """Make orphaned descendants re-parent to this process (Linux only). Returns success."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):  # pragma: no cover
        return False


def kill_descendants(rounds: int = 20) -> int:
    """Kill every descendant of this process (repeatedly, until none is left). Returns how many.

    Only ever called in a grading runner process (never in the grader or a test process, whose
    children are other people's servers). The example runs it in a child process of its own:

    >>> import subprocess, sys
    >>> code = ("import subprocess, sys, time; from helpers.course.grade_run import kill_descendants; "
    ...         "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
    ...         "time.sleep(0.3); print(kill_descendants())")
    >>> subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout.strip()
    '1'
    """
    import psutil

    me = psutil.Process()
    killed = 0
    for _ in range(rounds):
        children = me.children(recursive=True)
        if not children:
            break
        for child in children:
            try:
                child.kill()
                killed += 1
            except psutil.Error:
                pass
        psutil.wait_procs(children, timeout=3)
        _reap()
    return killed


def _reap() -> None:
    if os.name == "nt":  # pragma: no cover - Windows has no zombies to reap
        return
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def kill_tagged(token: str) -> int:
    """Kill every process of this user whose environment holds ``TOKEN_ENV=token``. Returns how many.

    >>> kill_tagged("no-such-token")
    0
    """
    import psutil

    me = os.getpid()
    killed = 0
    for proc in psutil.process_iter(["pid"]):
        if proc.pid == me:
            continue
        try:
            if proc.environ().get(TOKEN_ENV) == token:
                proc.kill()
                killed += 1
        except (psutil.Error, OSError):
            continue
    return killed


def report_cell(marker: str, names: list[str]) -> str:
    """The code of the cell appended to a submission: it reports the answers as data.

    >>> "report(" in report_cell("X", ["a"])
    True
    """
    return ("import helpers.course.answers as _course_answers\n"
            f"_course_answers.report({marker!r}, {names!r}, globals())")


def run_job(job: dict[str, Any]) -> dict[str, Any]:
    """Run one notebook as described by ``job``; the result as a dict (never raises).

    Keys of ``job``: ``notebook`` (text), ``names`` (answer variables), ``marker``,
    ``token``, ``timeout`` (seconds per cell).

    Returns:
        ``{"outcome": "ok" | "timeout" | "dead" | "unreadable" | "failed", "reports": [...],
        "errors": n, "detail": ...}``; ``reports`` are the answer reports of the last cell.
    """
    import nbformat
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    from .grading import execute_notebook

    result: dict[str, Any] = {"outcome": "failed", "reports": [], "errors": 0, "detail": ""}
    try:
        nb = nbformat.reads(job["notebook"], as_version=4)
    except Exception as exc:  # noqa: BLE001
        result.update(outcome="unreadable", detail=type(exc).__name__)
        return result
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.cells.append(nbformat.v4.new_code_cell(report_cell(job["marker"], list(job["names"]))))
    with tempfile.TemporaryDirectory(prefix="course-grade-") as scratch:
        run_dir, work = Path(scratch) / "run", Path(scratch) / "work"
        run_dir.mkdir()
        work.mkdir()
        env = {"COURSE_WORK_DIR": str(work), "MPLBACKEND": "Agg", TOKEN_ENV: job["token"]}
        try:
            execute_notebook(nb, run_dir, timeout=int(job["timeout"]), allow_errors=True, env=env)
            result["outcome"] = "ok"
        except CellTimeoutError:
            result["outcome"] = "timeout"
        except DeadKernelError:
            result["outcome"] = "dead"
        except Exception as exc:  # noqa: BLE001 - reported as this file's status
            result.update(outcome="failed", detail=type(exc).__name__)
        finally:
            kill_descendants()
            kill_tagged(job["token"])
            time.sleep(0.05)
            kill_descendants()
    from .answers import MIME

    result["reports"] = [str(o["data"][MIME]) for o in nb.cells[-1].get("outputs", [])
                         if o.get("output_type") == "display_data" and MIME in o.get("data", {})]
    result["errors"] = sum(o.get("output_type") == "error" for c in nb.cells[:-1] for o in c.get("outputs", []))
    return result


def run_isolated(nb: Any, names: list[str], timeout: int, attempts: int = 2) -> tuple[dict[str, Any], str]:
    """Run ``nb`` in a runner process of its own (this module's :func:`main`): the grader's side.

    A run that failed for a reason outside the notebook (the kernel did not start in time on
    a busy machine, ...) is tried again, in a fresh runner, up to ``attempts`` times.

    Args:
        nb: the notebook (``nbformat`` node).
        names: the answer variables to report.
        timeout: seconds allowed per cell.
        attempts: how often to try when the run itself failed.

    Returns:
        ``(result, marker)``: the runner's result (see :func:`run_job`) and the random marker
        of the answers line.
    """
    for _ in range(max(1, attempts)):
        result, marker = _run_once(nb, names, timeout)
        if result.get("outcome") != "failed":
            break
    return result, marker


def _run_once(nb: Any, names: list[str], timeout: int) -> tuple[dict[str, Any], str]:
    import nbformat

    token, marker = secrets.token_hex(16), f"@@COURSE-ANSWERS-{secrets.token_hex(16)}@@"
    job = json.dumps({"notebook": nbformat.writes(nb), "names": names, "marker": marker, "token": token,
                      "timeout": timeout}, ensure_ascii=True).encode("ascii")
    n_cells = sum(c.cell_type == "code" for c in nb.cells)
    deadline = timeout * (n_cells + 2) + 180
    kwargs: dict[str, Any] = ({"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if os.name == "nt"
                              else {"start_new_session": True})
    env = {k: v for k, v in os.environ.items() if k != "COURSE_GRADE_TOKEN"}
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # a kernel writes nothing next to the course's checks
    result: dict[str, Any] = {"outcome": "failed", "reports": [], "errors": 0}
    with tempfile.TemporaryDirectory(prefix="course-grade-runner-") as cwd:
        proc = subprocess.Popen([sys.executable, "-m", "helpers.course.grade_run"], cwd=cwd, env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, **kwargs)
        try:
            out, _ = proc.communicate(job, timeout=deadline)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            out, result["outcome"] = b"", "timeout"
        finally:
            kill_tagged(token)
    lines = [ln for ln in out.decode("utf-8", "replace").splitlines() if ln.startswith(RESULT_MARK)]
    if lines:
        try:
            result.update(json.loads(lines[-1][len(RESULT_MARK):]))
        except ValueError:
            pass
    return result, marker


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        if os.name == "nt":  # pragma: no cover - Windows
            proc.kill()
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    proc.wait()


def main() -> int:
    """Entry point: a job on standard input, one result line on standard output."""
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, lambda *_: (kill_descendants(), os._exit(143)))
    become_subreaper()
    job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    result = run_job(job)
    sys.stdout.write(RESULT_MARK + json.dumps(result, ensure_ascii=True) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
