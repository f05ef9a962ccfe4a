"""``python course.py classroom ...``: start the class server, collect and grade the class's work.

    python course.py classroom [--ip 0.0.0.0] [--port 8000] [--password ...] [--admin NAME]
    python course.py classroom collect L01        exercise notebooks -> 提交/L01/, then graded
    python course.py classroom collect worksheets worksheet files -> 提交/worksheets/ + 班级汇总.html

The hub runs in the foreground until Ctrl+C (or SIGTERM / SIGHUP, or the end of ``course.py``);
then it stops every trainee's server, the proxy and the culler, and anything still left below
it is stopped too (:func:`stop_hub`). Trainees' files stay in ``classroom/homes/``.
:func:`serve_classroom` does the same for a ``with`` block (tests, benchmarks).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from .classroom import (
    ADMIN,
    STATE,
    ClassroomError,
    ClassroomSettings,
    default_max_servers,
    exposure_warning,
)
from .classroom_hub import proxy_command, write_hub_config


def say(zh: str, en: str) -> None:
    """Print one bilingual line."""
    print(f"[classroom] {zh} / {en}", flush=True)


def hub_command(config: Path) -> list[str]:
    """The command that starts JupyterHub with ``config``.

    >>> hub_command(Path("c.py"))[1:]
    ['-m', 'jupyterhub', '-f', 'c.py']
    """
    return [sys.executable, "-m", "jupyterhub", "-f", str(config)]


def check_port_free(ip: str, port: int) -> None:
    """Raise :class:`ClassroomError` when ``ip:port`` is already taken."""
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    with socket.socket(family) as sock:
        try:
            sock.bind((ip, port))
        except OSError as exc:
            raise ClassroomError(
                f"地址 {ip}:{port} 不能使用（{exc.strerror}）。端口被占用时换一个，例如 --port {port + 1}。",
                f"cannot listen on {ip}:{port} ({exc.strerror}); try another --port.") from exc


def wait_for_hub(settings: ClassroomSettings, proc: subprocess.Popen, timeout: float = 120.0) -> None:
    """Wait until the hub answers through its public address, or raise."""
    import requests

    url = settings.local_url + "/hub/api/"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log = settings.hub_dir / "jupyterhub.log"
            raise ClassroomError(f"JupyterHub 启动失败（代码 {proc.returncode}），请看日志 {log}",
                                 f"JupyterHub exited with code {proc.returncode}; see the log {log}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=2, verify=not settings.tls).status_code == 200:
                return
        time.sleep(0.3)
    raise ClassroomError(f"JupyterHub 在 {timeout:.0f} 秒内没有就绪，请看日志 {settings.hub_dir / 'jupyterhub.log'}",
                         f"JupyterHub was not ready within {timeout:.0f} s; see the log")


def _prebuild_matplotlib(settings: ClassroomSettings) -> None:
    """Build matplotlib's font cache once in the shared folder the trainees' kernels use."""
    folder = settings.hub_dir / "matplotlib"
    folder.mkdir(mode=0o700, exist_ok=True)
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env={**os.environ,
                   "MPLCONFIGDIR": str(folder)}, capture_output=True, timeout=300, check=False)


def start_hub(settings: ClassroomSettings, password: str | None = None,
              new_password: bool = False) -> tuple[subprocess.Popen, dict[str, str]]:
    """Write the configuration and start JupyterHub (its output goes to ``hub/jupyterhub.log``, mode 600).

    Returns:
        The hub process (its own session: Ctrl+C in the terminal reaches only this process,
        which stops the hub in order) and the passwords.
    """
    import importlib.util

    missing = [m for m in ("jupyterhub", "jupyterhub_idle_culler") if importlib.util.find_spec(m) is None]
    if missing:
        names = ", ".join(missing)
        raise ClassroomError(f"缺少 {names}。请用 python course.py classroom 启动（会自动安装），或 pip install -e "
                             "\".[classroom]\"。", f"{names} not installed: start with `python course.py classroom` "
                             "(it installs them) or pip install -e \".[classroom]\".")
    proxy_command(settings.tls)  # refuse early, in the terminal, when no usable proxy is installed
    check_port_free(settings.ip, settings.port)
    config, pw = write_hub_config(settings, password, new_password)
    _prebuild_matplotlib(settings)
    log_path = settings.hub_dir / "jupyterhub.log"
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    detach: dict = ({"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if os.name == "nt"
                    else {"start_new_session": True})
    env = {k: v for k, v in os.environ.items() if k != "COURSE_CLASS_PASSWORD"}
    try:
        proc = subprocess.Popen(hub_command(config), cwd=settings.hub_dir, stdout=fd, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env, **detach)
    finally:
        os.close(fd)
    return proc, pw


def stop_hub(proc: subprocess.Popen, timeout: float = 60.0) -> int:
    """Stop the hub politely (it stops every trainee's server, the proxy, the culler), then whatever is left.

    Returns:
        How many processes were stopped (see :func:`helpers.course.present.stop_tree`).
    """
    from .present import stop_tree

    return stop_tree(proc, timeout)


@contextlib.contextmanager
def serve_classroom(settings: ClassroomSettings, password: str | None = None,
                    timeout: float = 120.0) -> Iterator[tuple[str, dict[str, str]]]:
    """Run the class server for the duration of a ``with`` block.

    Args:
        settings: the classroom settings (use a temporary ``state`` and free ports in tests).
        password: the class password.
        timeout: seconds to wait for the hub.

    Yields:
        ``(url, passwords)``: the hub's local URL and ``{"class_password", "admin_password"}``.
    """
    proc, pw = start_hub(settings, password)
    try:
        wait_for_hub(settings, proc, timeout)
        yield settings.local_url, pw
    finally:
        stop_hub(proc)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_classroom(settings: ClassroomSettings, password: str | None = None, new_password: bool = False,
                  show_password: bool = True) -> int:
    """Start the class server, print the projector banner, and run until Ctrl+C. Returns the exit code."""
    from .classroom_banner import login_banner, trainee_urls
    from .grade_run import become_subreaper

    warning = exposure_warning(settings)
    if warning:
        print("\n" + warning + "\n", file=sys.stderr, flush=True)
    say("正在启动课堂服务器（约 10 秒）……", "starting the class server (about 10 s) ...")
    become_subreaper()  # a trainee server whose hub died is re-parented here and stopped with it
    handled = [s for s in ("SIGTERM", "SIGHUP", "SIGBREAK") if hasattr(signal, s)]
    previous = {name: signal.signal(getattr(signal, name), _interrupt) for name in handled}
    parent = os.getppid()
    proc = None
    try:
        proc, pw = start_hub(settings, password, new_password)
        wait_for_hub(settings, proc)
        urls = trainee_urls(settings.ip, settings.port, "https" if settings.tls else "http")
        print(login_banner(urls, pw["class_password"], settings.admin, settings.secrets_file, warning,
                           show_password=show_password), flush=True)
        limit = settings.max_servers or default_max_servers(per_trainee_mib=settings.mem_limit_mib)
        say(f"上限：同时最多 {limit} 位学员的服务（按本机内存、每人 {settings.mem_limit_mib} MiB 估算）；闲置 "
            f"{settings.idle_timeout // 60} 分钟的服务、闲置 {settings.kernel_idle_timeout // 60} 分钟的内核自动关闭",
            f"limits: {limit} trainee servers at once; idle servers stop after {settings.idle_timeout // 60} min")
        say(f"日志：{settings.hub_dir / 'jupyterhub.log'}", "log file (no passwords in it)")
        while proc.poll() is None and os.getppid() == parent:
            time.sleep(0.5)
        if proc.returncode:
            say(f"JupyterHub 意外退出（代码 {proc.returncode}），请看日志",
                "JupyterHub stopped unexpectedly; see the log")
            return 1
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        if proc is not None:
            say("正在关闭课堂服务器和所有学员的服务……", "stopping the class server and every trainee's server ...")
            stop_hub(proc)
            say(f"已关闭。学员的文件都在 {settings.homes}", f"stopped; trainees' files are in {settings.homes}")
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def _print_collected(got: object, what_zh: str) -> None:
    say(f"已收取 {len(got.copied)} 位学员的{what_zh}（{got.n_files} 个文件）到 {got.folder}",
        f"collected {got.n_files} files from {len(got.copied)} trainees into {got.folder}")
    if got.missing:
        say("没有找到文件的学员：" + "、".join(got.missing), "no file from: " + ", ".join(got.missing))
    if getattr(got, "untouched", None):
        say("还没有作答（和发下去的一样）：" + "、".join(got.untouched),
            "not answered yet: " + ", ".join(got.untouched))
    for who, reason in got.refused.items():
        say(f"  {who}：{reason}", f"  {who}: not collected")


def collect(settings: ClassroomSettings, what: str, grade: bool = True, timeout: int = 60) -> int:
    """``classroom collect L01`` (then grade) or ``classroom collect worksheets`` (then the class view)."""
    from .classroom_collect import collect_exercises, collect_worksheets, lecture_code

    if not settings.homes.is_dir():
        say(f"还没有学员文件夹：{settings.homes}", f"no trainees' folders yet: {settings.homes}")
        return 2
    if what.lower() in ("worksheets", "worksheet", "工作表"):
        from ..worksheets.classview import class_view

        got = collect_worksheets(settings)
        _print_collected(got, "工作表")
        page = class_view(got.folder).save()
        say(f"班级汇总：{page}（在笔记本里：helpers.class_view(r'{got.folder}')）",
            f"class view: {page} (in a notebook: helpers.class_view(...))")
        return 0
    try:
        code = lecture_code(what)
    except ValueError as exc:
        say(str(exc), "usage: classroom collect L01 | worksheets")
        return 2
    got = collect_exercises(settings, code)
    _print_collected(got, f" {code} 练习")
    if not grade or not got.copied:
        return 0
    from .grading import CSV_NAME, GradingRefused, grade_folder

    say("正在批改（会运行学员的代码，每本几秒钟）……", "grading (runs the trainees' code, a few seconds each) ...")
    try:
        table = grade_folder(got.folder, timeout=timeout, lecture=code)
    except GradingRefused as exc:
        print(f"[classroom] 拒绝出成绩 / REFUSED: {exc}", file=sys.stderr, flush=True)
        return 3
    for _, row in table.iterrows():
        total = "—" if row["总分"] is None or str(row["总分"]) == "<NA>" else row["总分"]
        print(f"    {row['文件']:<28} {row['姓名']!s:<12} 总分 {total}  {row['状态']}", flush=True)
    say(f"成绩表：{got.folder / CSV_NAME}", f"results: {got.folder / CSV_NAME}")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``classroom`` sub-command to the course's command line (:mod:`helpers.course.cli`)."""
    cl = sub.add_parser("classroom", help="课堂服务器（JupyterHub）/ class server on JupyterHub",
                        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cl.add_argument("action", nargs="*", help="空：启动；collect L01；collect worksheets / empty: start")
    cl.add_argument("--ip", default="127.0.0.1",
                    help="监听地址；让学员连接请用 0.0.0.0 或本机局域网地址 / listen address (default 127.0.0.1)")
    cl.add_argument("--port", type=int, default=8000)
    cl.add_argument("--password", default=None, help="课堂密码（≥ 8 个字符；不写则生成，也可用环境变量 "
                    "COURSE_CLASS_PASSWORD）/ class password (else generated or kept from last time)")
    cl.add_argument("--new-password", action="store_true", help="生成新的课堂密码 / generate a new class password")
    cl.add_argument("--hide-password", action="store_true", help="不在屏幕上显示课堂密码 / do not show it")
    cl.add_argument("--admin", default=ADMIN, help="讲师的用户名 / the instructor's user name")
    cl.add_argument("--users", default="", help="只允许这些用户名，逗号分隔 / only these user names (comma-separated)")
    cl.add_argument("--idle-minutes", type=int, default=60, help="闲置多久关闭学员服务 / idle minutes before a "
                    "trainee's server is stopped")
    cl.add_argument("--max-servers", type=int, default=0, help="同时运行的学员服务上限（默认按内存计算）/ "
                    "servers at once (default: from memory)")
    cl.add_argument("--ssl-cert", default="", help="TLS 证书（PEM）/ TLS certificate")
    cl.add_argument("--ssl-key", default="", help="TLS 私钥（PEM）/ TLS key")
    cl.add_argument("--dir", default=str(STATE), help="状态文件夹 / state folder (default: classroom/)")
    cl.add_argument("--no-grade", action="store_true", help="collect 后不批改 / collect only")
    return cl


def settings_from(args: argparse.Namespace) -> ClassroomSettings:
    """The :class:`ClassroomSettings` of a parsed command line."""
    users = tuple(u.strip().lower() for u in args.users.split(",") if u.strip())
    return ClassroomSettings(state=Path(args.dir).resolve(), ip=args.ip, port=args.port, admin=args.admin.lower(),
                             users=users, idle_timeout=max(5, args.idle_minutes) * 60, max_servers=args.max_servers,
                             ssl_cert=args.ssl_cert, ssl_key=args.ssl_key)


def run_command(args: argparse.Namespace) -> int:
    """Run ``classroom`` with parsed arguments; returns the exit code."""
    settings = settings_from(args)
    try:
        if not args.action and os.name == "nt":
            raise ClassroomError("课堂服务器（JupyterHub）不支持 Windows：请在 Linux、macOS 或 Windows 的 WSL 里运行。",
                                 "JupyterHub does not run on Windows: use Linux, macOS or WSL.")
        if not args.action:
            password = args.password or os.environ.get("COURSE_CLASS_PASSWORD") or None
            return run_classroom(settings, password, args.new_password, not args.hide_password)
        if args.action[0] == "collect" and len(args.action) == 2:
            return collect(settings, args.action[1], grade=not args.no_grade)
    except ClassroomError as exc:
        print(f"[classroom] {exc}", file=sys.stderr, flush=True)
        return 2
    say(f"不认识的命令：{' '.join(args.action)}", "usage: classroom | classroom collect L01 | classroom collect "
        "worksheets")
    return 2
