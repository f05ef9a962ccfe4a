"""Start a notebook as a full-screen Voilà app: code hidden, widgets live, offline.

Used by ``python course.py present N`` / ``python course.py worksheet NAME`` and by the
browser tests. The app uses the course's own Voilà template ``course``
(``helpers/course/jupyter/voila/templates/course``): Voilà's ``lab`` template, which serves its
assets from the local installation, minus the two stylesheet links it points at a CDN, and
with the navigation cells hidden. So the app makes no request off the machine.
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


def voila_command(notebook: Path, port: int, open_browser: bool = False) -> list[str]:
    """The command line that serves ``notebook`` as an app on 127.0.0.1.

    Args:
        notebook: the notebook to serve.
        port: the TCP port to listen on.
        open_browser: open the app in the default browser.

    Returns:
        The argument list for :func:`subprocess.Popen`.

    >>> cmd = voila_command(Path("a.ipynb"), 8866)
    >>> "--template=course" in cmd and "--Voila.ip=127.0.0.1" in cmd
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
    ]
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
    """Stop a server process: politely first, then by force after ``timeout`` seconds.

    >>> proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    >>> stop_process(proc)
    >>> proc.poll() is not None
    True
    """
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def serve(notebook: Path, port: int | None = None, env: dict | None = None,
          log: Path | None = None) -> Iterator[str]:
    """Serve ``notebook`` with Voilà for the duration of a ``with`` block.

    Args:
        notebook: the notebook to serve.
        port: the port (a free one when ``None``).
        env: environment for the server and its kernels.
        log: file that receives the server's output.

    Yields:
        The app's URL on 127.0.0.1. The server is stopped when the block ends.
    """
    port = port or free_port()
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(voila_command(Path(notebook), port), env=voila_env(env),
                            stdout=out, stderr=subprocess.STDOUT, cwd=Path(notebook).parent)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_port(port, proc=proc)
        yield url
    finally:
        stop_process(proc)
        if log:
            out.close()
