"""Command line for instructors and maintainers (called by ``python course.py ...``).

    python -m helpers.course.cli present N          lecture N as a full-screen app (code hidden, widgets live)
    python -m helpers.course.cli worksheet NAME     a worksheet (swot, five_forces) as an app
    python -m helpers.course.cli grade FOLDER       grade submitted exercise notebooks -> 成绩.csv, 成绩图.png
    python -m helpers.course.cli build-exercises    regenerate exercises/ and solutions/ from the masters
    python -m helpers.course.cli nav                refresh the prev / course map / next links of every notebook
    python -m helpers.course.cli build-notebooks [N ...]  build notebooks/*.ipynb from notebooks_src/*.md (executed)

Every message is in Chinese, then English. Nothing here needs a network.

Stopping ``present`` / ``worksheet``: Ctrl+C, closing the terminal, ``kill PID`` (SIGTERM) of
this process, or the end of the process that started it (``course.py``) stops the Voilà server
and every kernel it started. On Windows: Ctrl+C or closing the window; from another window
``taskkill /T /PID <pid>`` (``/T`` ends the whole tree, as a plain ``taskkill /F`` of one process
would not).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from ..paths import NOTEBOOKS_DIR, ROOT


def say(zh: str, en: str) -> None:
    """Print one bilingual line."""
    print(f"[course] {zh} / {en}", flush=True)


def lecture_notebook(number: str, folder: Path = NOTEBOOKS_DIR) -> Path | None:
    """The lecture notebook for ``number`` (``"1"``, ``"01"`` or ``"L01"``), or ``None``.

    >>> lecture_notebook("1", Path("/nonexistent")) is None
    True
    """
    digits = number.upper().lstrip("L")
    if not digits.isdigit():
        return None
    hits = sorted(folder.glob(f"{int(digits):02d}_*.ipynb"))
    return hits[0] if hits else None


def worksheet_notebook(name: str, folder: Path = NOTEBOOKS_DIR / "worksheets") -> Path | None:
    """The worksheet notebook called ``name`` (``swot`` -> ``notebooks/worksheets/swot.ipynb``)."""
    path = folder / f"{Path(name).stem}.ipynb"
    return path if path.is_file() else None


def run_app(notebook: Path, port: int | None = None, open_browser: bool = True, preheat: bool = False) -> int:
    """Serve ``notebook`` with Voilà in the foreground until Ctrl+C (or SIGTERM, or the parent ends).

    Whatever way the command ends, the server and every kernel it started are stopped
    (:func:`helpers.course.present.stop_tree`): Ctrl+C, a plain ``kill`` (SIGTERM), a closed
    terminal (SIGHUP), or the end of the process that started this one (``course.py``).
    On Windows, Ctrl+C or closing the window does the same.
    """
    from .grade_run import become_subreaper
    from .present import free_port, stop_tree, voila_command, voila_env

    port = port or free_port()
    say(f"正在以应用方式打开 {notebook.name}：http://127.0.0.1:{port}/ （按 F11 全屏，结束请在此窗口按 Ctrl+C）",
        f"serving {notebook.name} at http://127.0.0.1:{port}/ (F11 for full screen, Ctrl+C to stop)")
    become_subreaper()  # kernels whose server died are re-parented here, so they are found and stopped
    detach: dict = ({"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if os.name == "nt"
                    else {"start_new_session": True})  # Ctrl+C reaches this process only: one orderly stop
    parent = os.getppid()
    handled = [s for s in ("SIGTERM", "SIGHUP", "SIGBREAK") if hasattr(signal, s)]
    previous = {name: signal.signal(getattr(signal, name), _interrupt) for name in handled}
    proc = subprocess.Popen(voila_command(notebook.resolve(), port, open_browser=open_browser, preheat=preheat),
                            cwd=notebook.parent, env=voila_env(), **detach)
    try:
        while proc.poll() is None:
            if os.getppid() != parent:  # whoever started us is gone (e.g. course.py was killed)
                break
            time.sleep(0.5)
        return proc.returncode or 0
    except KeyboardInterrupt:
        return 0
    finally:
        stop_tree(proc)
        say("已结束演示，服务和内核都已关闭", "stopped: the server and its kernels are shut down")
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def cmd_present(args: argparse.Namespace) -> int:
    given = Path(args.number)
    nb = given if given.suffix == ".ipynb" and given.is_file() else lecture_notebook(args.number)
    if nb is None:
        have = ", ".join(p.name[:2].lstrip("0") or "0" for p in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")))
        say(f"没有找到第 {args.number} 讲的笔记本。现有：{have}",
            f"no notebook for lecture {args.number}; have: {have}")
        return 2
    return run_app(nb, args.port, not args.no_browser, preheat=not args.no_preheat)


def cmd_worksheet(args: argparse.Namespace) -> int:
    nb = worksheet_notebook(args.name)
    if nb is None:
        have = ", ".join(p.stem for p in sorted((NOTEBOOKS_DIR / "worksheets").glob("*.ipynb")))
        say(f"没有找到工作表 {args.name}。现有：{have or '（无）'}", f"no worksheet {args.name}; have: {have or '-'}")
        return 2
    return run_app(nb, args.port, not args.no_browser)


def cmd_grade(args: argparse.Namespace) -> int:
    from .grading import CHART_NAME, CSV_NAME, GradingRefused, grade_folder, pass_rates

    folder = Path(args.folder)
    if not folder.is_dir():
        say(f"文件夹不存在：{folder}", f"no such folder: {folder}")
        return 2
    out = Path(args.out) if args.out else folder
    say(f"正在批改 {folder} 中的笔记本（每本几秒钟）……", f"grading the notebooks in {folder} ...")
    say("提醒：批改会运行学员提交的代码，只批改你自己班级的作业",
        "grading runs the submitted code: grade only your own class")
    try:
        table = grade_folder(folder, out=out, timeout=args.timeout, workers=args.workers, lecture=args.lecture,
                             checks=Path(args.checks) if args.checks else None)
    except GradingRefused as exc:
        print("\n" + "!" * 72 + f"\n[course] 拒绝出成绩 / REFUSED: {exc}\n" + "!" * 72, file=sys.stderr, flush=True)
        return 3
    graded = table["总分"].notna()
    say(f"共 {len(table)} 个文件，已批改 {int(graded.sum())} 个", f"{len(table)} files, {int(graded.sum())} graded")
    for _, row in table[~graded].iterrows():
        say(f"  {row['文件']}：{row['状态']}", f"  {row['文件']}: not graded")
    for _, row in table[graded & table["状态"].str.contains("姓名与", regex=False)].iterrows():
        say(f"  请核对 {row['文件']}：{row['状态']}", f"  check {row['文件']}: the same name as another file")
    if graded.any():
        rates = pass_rates(table[graded])
        hard = rates[rates < 0.6]
        if len(hard):
            say("全班觉得难的题（通过率不到 60%）：" + "；".join(f"{q} {v:.0%}" for q, v in hard.items()),
                "hard questions (< 60 % pass): " + "; ".join(f"{q.split()[0]} {v:.0%}" for q, v in hard.items()))
        say(f"图表：{out / CHART_NAME}", f"chart: {out / CHART_NAME}")
    say(f"成绩表（可用 Excel 打开）：{out / CSV_NAME}", f"results table (opens in Excel): {out / CSV_NAME}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .grading import build_all, out_of_sync

    if args.check:
        problems = out_of_sync(ROOT)
        for p in problems:
            say(f"不同步：{p}", f"out of sync: {p}")
        if not problems:
            say("练习与解答都与母版一致", "exercises and solutions match their masters")
        return 1 if problems else 0
    for path in build_all(ROOT, execute=not args.no_execute, lectures=args.lecture or None):
        say(f"已生成 {path.relative_to(ROOT)}", f"wrote {path.relative_to(ROOT).as_posix()}")
    return 0


def cmd_nav(args: argparse.Namespace) -> int:
    from .nav import broken_links, course_files, update_all

    if args.check:
        bad = {f: broken_links(f, ROOT) for f in course_files(ROOT)}
        bad = {f: b for f, b in bad.items() if b}
        for f, links in bad.items():
            say(f"{f} 中的链接无效：{links}", f"broken links in {f}: {links}")
        return 1 if bad else 0
    changed = update_all(ROOT, only=args.files or None)
    say(f"已更新 {len(changed)} 个笔记本的导航", f"navigation updated in {len(changed)} notebooks")
    for f in changed:
        print("  " + f)
    from .build import refresh_source_nav

    for f in changed:  # keep the text sources in step (their navigation cells only)
        if f.startswith("notebooks/"):
            refresh_source_nav(Path(f), ROOT)
    return 0


def cmd_build_notebooks(args: argparse.Namespace) -> int:
    from .build import build, out_of_sync

    if args.check:
        problems = out_of_sync(ROOT)
        for p in problems:
            say(f"不同步：{p}", f"out of sync: {p}")
        if not problems:
            say("所有笔记本都与文本源一致", "every notebook matches its text source")
        return 1 if problems else 0
    for path in build(args.names, ROOT, execute=not args.no_execute):
        say(f"已生成 {path.relative_to(ROOT).as_posix()}", f"wrote {path.relative_to(ROOT).as_posix()}")
    return 0


def cmd_lab(args: argparse.Namespace) -> int:
    """Open the course in JupyterLab (``python course.py``): the course's settings and Chinese font."""
    from .lab import lab_command, lab_env
    from .present import free_port

    port = args.port or free_port()
    say(f"正在打开 JupyterLab：http://127.0.0.1:{port}/ （关闭请在此窗口按 Ctrl+C）",
        f"opening JupyterLab at http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    cmd = lab_command(port, root=ROOT, notebook=args.notebook, open_browser=not args.no_browser)
    try:
        return subprocess.call(cmd + args.extra, cwd=ROOT, env=lab_env())
    except KeyboardInterrupt:
        return 0


def cmd_classroom(args: argparse.Namespace) -> int:
    """The class server on JupyterHub, and collecting its work (issue 14; :mod:`helpers.course.classroom_cli`)."""
    from .classroom_cli import run_command

    return run_command(args)


def parser() -> argparse.ArgumentParser:
    """The argument parser (sub-commands as in the module docstring)."""
    p = argparse.ArgumentParser(prog="python course.py", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    pr = sub.add_parser("present", help="演示第 N 讲 / present lecture N")
    pr.add_argument("number", help="讲次（如 2），或一个 .ipynb 文件 / lecture number, or an .ipynb file")
    pr.add_argument("--no-preheat", action="store_true",
                    help="不预先运行笔记本（默认预先运行，打开时几秒就绪）/ do not run the notebook ahead")
    ws = sub.add_parser("worksheet", help="打开工作表 / open a worksheet")
    ws.add_argument("name")
    for s in (pr, ws):
        s.add_argument("--port", type=int, default=None)
        s.add_argument("--no-browser", action="store_true", help="不自动打开浏览器 / do not open a browser")
    gr = sub.add_parser("grade", help="批改全班作业 / grade a folder of notebooks")
    gr.add_argument("folder")
    gr.add_argument("--out", default=None, help="结果保存到哪个文件夹 / output folder (default: FOLDER)")
    gr.add_argument("--timeout", type=int, default=60, help="每格最多运行几秒 / seconds per cell")
    gr.add_argument("--workers", type=int, default=None,
                    help="同时运行几本（默认 2）/ notebooks at a time (default 2)")
    gr.add_argument("--lecture", default=None,
                    help="例如 L01；别的讲次的笔记本不按它批改 / e.g. L01 (default: the lecture of most notebooks)")
    gr.add_argument("--checks", default=None, help=argparse.SUPPRESS)  # another checks folder (tests)
    bd = sub.add_parser("build-exercises", help="由母版生成练习与解答 / build exercises and solutions")
    bd.add_argument("--no-execute", action="store_true", help="不执行解答 / do not execute solutions")
    bd.add_argument("--check", action="store_true", help="只检查是否同步 / only check they are in sync")
    bd.add_argument("--lecture", action="append", help="只生成这一讲，例如 L03（可重复）/ only this lecture, e.g. L03")
    nv = sub.add_parser("nav", help="更新导航链接 / refresh navigation links")
    nv.add_argument("files", nargs="*", help="只更新这些（相对项目根目录）/ only these (root-relative)")
    nv.add_argument("--check", action="store_true", help="只检查链接 / only check the links")
    bn = sub.add_parser("build-notebooks", help="由文本源生成并执行笔记本 / build notebooks from notebooks_src/")
    bn.add_argument("names", nargs="*", help="例如 03、swot；不写则全部 / e.g. 03, swot; default: all")
    bn.add_argument("--no-execute", action="store_true", help="只更新输入，不执行 / inputs only, no execution")
    bn.add_argument("--check", action="store_true", help="只检查是否同步 / only check they are in sync")
    lb = sub.add_parser("lab", help="用课程设置打开 JupyterLab / open the course in JupyterLab")
    lb.add_argument("notebook", nargs="?", default="notebooks/00_导学.ipynb")
    lb.add_argument("--port", type=int, default=None)
    lb.add_argument("--no-browser", action="store_true", help="不自动打开浏览器 / do not open a browser")
    lb.add_argument("extra", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    from .classroom_cli import add_parser as add_classroom_parser  # classroom [collect L01|worksheets]

    add_classroom_parser(sub)
    return p


COMMANDS = {"present": cmd_present, "worksheet": cmd_worksheet, "grade": cmd_grade,
            "build-exercises": cmd_build, "nav": cmd_nav, "build-notebooks": cmd_build_notebooks,
            "lab": cmd_lab, "classroom": cmd_classroom}


def main(argv: list[str] | None = None) -> int:
    """Run one sub-command; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):  # a GBK console must not crash on a name it cannot show
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the instructor sees a readable line, not a traceback
        from ..errors import friendly_message

        print(friendly_message(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
