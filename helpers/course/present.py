"""Start a notebook as a full-screen Voilà app: code hidden, widgets live, offline, no leaks.

Used by ``python course.py present N`` / ``python course.py worksheet NAME`` and by the
browser tests. The app uses the course's own Voilà template ``course``
(``helpers/course/jupyter/voila/templates/course``): Voilà's ``lab`` template, which serves its
assets from the local installation, minus the two stylesheet links it points at a CDN, with
the navigation cells hidden, a Chinese loading text, and a note instead of a 403 page for
links to other notebooks. So the app makes no request off the machine.

Kernels do not pile up (each is about 230 MB):

* a closed or reloaded page shuts its kernel down at once. Voilà's page sends that request
  without the ``_xsrf`` token it checks for (upstream voila#1458: 403, the kernel lives on),
  so the app turns the token check off -- acceptable for a server that listens on
  127.0.0.1 only, and the kernel id in the request is a random UUID;
* as a second line, a kernel without a connected page is culled after
  :data:`CULL_IDLE` seconds (checked every :data:`CULL_INTERVAL` seconds);
* lecture apps keep one *preheated* kernel that has already run the notebook, so the page
  an instructor opens before class is complete within seconds (worksheet apps do not:
  they must read the trainee's latest file when the page opens).

:func:`stop_tree` stops the server and every process below it (the kernels too).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: Jupyter data folder holding the course's Voilà template (added to ``JUPYTER_PATH``).
JUPYTER_DATA = Path(__file__).resolve().parent / "jupyter"
TEMPLATE = "course"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now.

    >>> 1024 < free_port() < 65536
    True
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


#: A kernel without a connected page is shut down after this many seconds of inactivity ...
CULL_IDLE = 120
#: ... checked this often (seconds).
CULL_INTERVAL = 30


def voila_command(notebook: Path, port: int, open_browser: bool = False, preheat: bool = False,
                  cull_idle: int = CULL_IDLE, cull_interval: int = CULL_INTERVAL) -> list[str]:
    """The command line that serves ``notebook`` as an app on 127.0.0.1.

    Args:
        notebook: the notebook to serve.
        port: the TCP port to listen on.
        open_browser: open the app in the default browser.
        preheat: keep one kernel that has already run the notebook (lecture apps).
        cull_idle: seconds after which a kernel without a page is shut down.
        cull_interval: how often (seconds) kernels are checked for that.

    Returns:
        The argument list for :func:`subprocess.Popen`.

    >>> cmd = voila_command(Path("a.ipynb"), 8866, preheat=True)
    >>> "--template=course" in cmd and "--Voila.ip=127.0.0.1" in cmd and "--preheat_kernel=True" in cmd
    True

    Run it with :func:`voila_env`, which makes the ``course`` template findable.
    """
    cmd = [
        sys.executable, "-m", "voila", str(notebook),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        f"--template={TEMPLATE}",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--Voila.port_retries=0",
        # voila#1458: the page's shutdown request lacks the _xsrf token; without the check it works
        "--Voila.tornado_settings=disable_check_xsrf=True",
        f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
        f"--MappingKernelManager.cull_interval={cull_interval}",
        "--MappingKernelManager.cull_connected=False",
    ]
    if preheat:
        cmd += ["--preheat_kernel=True", "--pool_size=1", "--VoilaKernelManager.fill_delay=0"]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def web_font_root() -> Path:
    """A Jupyter data folder whose ``voila/templates/course/static`` holds the bundled fonts.

    The course template's ``@font-face`` rules load the fonts from there, so Chinese text in the
    app (headings, widget labels, what trainees type) renders even on a machine without a CJK
    font. The files are copied from ``helpers/fonts`` into the temporary folder once, so the
    repository keeps a single copy of each font.

    Returns:
        The folder to add to ``JUPYTER_PATH``.

    >>> (web_font_root() / "voila" / "templates" / TEMPLATE / "static" / "CourseSansSC-Regular.ttf").is_file()
    True
    """
    from ..style import FONT_BOLD_PATH, FONT_PATH

    root = Path(tempfile.gettempdir()) / "course-voila-fonts"
    static = root / "voila" / "templates" / TEMPLATE / "static"
    for font in (FONT_PATH, FONT_BOLD_PATH):
        target = static / font.name
        if not target.is_file() or target.stat().st_size != font.stat().st_size:
            static.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
            shutil.copyfile(font, partial)
            os.replace(partial, target)
    return root


def voila_env(env: dict | None = None) -> dict:
    """The environment for a Voilà server: ``env`` (default: this process's) plus the
    course's template folder (and the folder serving its fonts) at the front of ``JUPYTER_PATH``.

    Args:
        env: the base environment.

    Returns:
        A new dict.

    >>> voila_env({"JUPYTER_PATH": "x"})["JUPYTER_PATH"].endswith(os.pathsep + "x")
    True
    """
    env = dict(os.environ if env is None else env)
    parts = (str(JUPYTER_DATA), str(web_font_root()), env.get("JUPYTER_PATH", ""))
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in parts if p)
    return env


def wait_for_port(port: int, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    """Wait until something listens on 127.0.0.1:``port``, or raise ``TimeoutError``.

    Only a TCP connection is tried: a GET on a Voilà page would run the notebook.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited early with code {proc.returncode}")
        with socket.socket() as sock:
            sock.settimeout(1)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise TimeoutError(f"nothing listened on port {port} within {timeout:.0f} s")


def stop_process(proc: subprocess.Popen, timeout: float = 15.0) -> None:
    """Stop a server process and everything it started (see :func:`stop_tree`).

    >>> proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    >>> stop_process(proc)
    >>> proc.poll() is not None
    True
    """
    stop_tree(proc, timeout)


def stop_tree(proc: subprocess.Popen, timeout: float = 15.0) -> int:
    """Stop ``proc`` politely (SIGTERM; on Windows TerminateProcess), then by force, and every
    process below it -- Voilà's kernels and whatever they started. Returns how many were stopped.

    The process tree is listed before the server stops (its kernels would otherwise become
    orphans nobody knows about) and again afterwards.
    """
    import psutil

    def tree() -> list[psutil.Process]:
        try:
            return psutil.Process(proc.pid).children(recursive=True)
        except psutil.Error:
            return []

    below = tree()
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    below += [p for p in tree() if p not in below]
    alive = []
    for child in below:
        try:
            if child.is_running():
                child.terminate()
                alive.append(child)
        except psutil.Error:
            pass
    _, still = psutil.wait_procs(alive, timeout=5)
    for child in still:
        try:
            child.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(still, timeout=5)
    return len(alive) + 1


@contextlib.contextmanager
def serve(notebook: Path, port: int | None = None, env: dict | None = None,
          log: Path | None = None, **options: Any) -> Iterator[str]:
    """Serve ``notebook`` with Voilà for the duration of a ``with`` block.

    Args:
        notebook: the notebook to serve.
        port: the port (a free one when ``None``).
        env: environment for the server and its kernels.
        log: file that receives the server's output.
        options: passed to :func:`voila_command` (``preheat``, ``cull_idle``, ``cull_interval``).

    Yields:
        The app's URL on 127.0.0.1. The server and its kernels are stopped when the block ends.
    """
    port = port or free_port()
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(voila_command(Path(notebook), port, **options), env=voila_env(env),
                            stdout=out, stderr=subprocess.STDOUT, cwd=Path(notebook).parent)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_port(port, proc=proc)
        yield url
    finally:
        stop_process(proc)
        if log:
            out.close()
