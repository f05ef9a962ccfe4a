"""JupyterLab as the course opens it: the bundled Chinese font in the page, on 127.0.0.1 only.

``python course.py`` (through ``python -m helpers.course.cli lab``), the browser tests and
the classroom server all start JupyterLab through :func:`lab_command` and :func:`lab_env`,
so that what is tested is what trainees get:

* **Chinese in the page everywhere.** The course's Jupyter configuration folder (not the
  trainee's own ``~/.jupyter``) holds a ``custom/custom.css`` with ``@font-face`` rules for
  the bundled font *Course Sans SC* and the two font files; JupyterLab loads it with
  ``--LabApp.custom_css=True``. The rules are limited to CJK code points (``unicode-range``),
  so Latin text keeps the system font while Chinese is drawn with the bundled one even on a
  machine without any CJK font.
* **Chinese menus, no news pop-up.** The zh-CN language pack and its default-locale setting
  live in the course environment (``course.py`` writes them); nothing here changes the
  trainee's global settings.
* **Local only.** The server listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from ..paths import ROOT
from ..style import FONT_BOLD_PATH, FONT_FAMILY, FONT_PATH

#: The course's own Jupyter configuration folder (git-ignored), used instead of ``~/.jupyter``.
COURSE_CONFIG = ROOT / ".course-jupyter"
#: Code points the bundled font is used for: CJK punctuation, kana, hanzi, full-width forms.
CJK_RANGES = "U+2E80-2FDF, U+3000-303F, U+3200-33FF, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+FE30-FE4F, U+FF00-FFEF"
_UI_FONTS = ("system-ui, -apple-system, blinkmacsystemfont, 'Segoe UI', helvetica, arial, sans-serif, "
             "'Apple Color Emoji', 'Segoe UI Emoji', 'Segoe UI Symbol'")
_CODE_FONTS = "menlo, consolas, 'DejaVu Sans Mono', monospace"


def custom_css() -> str:
    """The ``custom.css`` that makes JupyterLab draw Chinese with the bundled font.

    Returns:
        CSS text: two ``@font-face`` rules (regular, bold) limited to CJK code points, and the
        JupyterLab / ipywidgets font variables with the bundled family first.

    >>> css = custom_css()
    >>> "@font-face" in css and "unicode-range" in css and "--jp-ui-font-family" in css
    True
    """
    faces = "\n".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{path.name}") format("truetype"); '
        f"font-weight: {weight}; font-style: normal; font-display: swap; unicode-range: {CJK_RANGES}; }}"
        for path, weight in ((FONT_PATH, "100 549"), (FONT_BOLD_PATH, "550 900")))
    family = f'"{FONT_FAMILY}"'
    return f"""/* Written by helpers/course/lab.py: the course's bundled Chinese font in JupyterLab. */
{faces}
/* Doubled selectors outrank the theme's own :root / .jp-ThemedContainer rules, loaded later. */
:root:root, body.jp-ThemedContainer.jp-ThemedContainer, .jp-ThemedContainer.jp-ThemedContainer {{
  --jp-ui-font-family: {family}, {_UI_FONTS};
  --jp-content-font-family: {family}, {_UI_FONTS};
  --jp-widgets-font-family: {family}, {_UI_FONTS};
  --jp-code-font-family: {_CODE_FONTS}, {family};
}}
/* Form controls do not inherit the page font: without this, a dropdown or a text box shows boxes. */
input, select, option, optgroup, textarea, button, ::placeholder {{
  font-family: var(--jp-widgets-font-family), {family}, {_UI_FONTS} !important;
}}
"""


def prepare_config(folder: Path = COURSE_CONFIG) -> Path:
    """Create (or refresh) the course's Jupyter configuration folder.

    Args:
        folder: where to create it.

    Returns:
        The folder; ``custom/`` in it holds ``custom.css`` and the two font files.

    >>> import tempfile
    >>> folder = prepare_config(Path(tempfile.mkdtemp()) / "cfg")
    >>> sorted(p.name for p in (folder / "custom").iterdir())
    ['CourseSansSC-Bold.ttf', 'CourseSansSC-Regular.ttf', 'custom.css']
    """
    custom = folder / "custom"
    custom.mkdir(parents=True, exist_ok=True)
    for font in (FONT_PATH, FONT_BOLD_PATH):
        target = custom / font.name
        if not target.is_file() or target.stat().st_size != font.stat().st_size:
            partial = target.with_name(target.name + ".partial")
            shutil.copyfile(font, partial)
            os.replace(partial, target)
    css = custom / "custom.css"
    text = custom_css()
    if not css.is_file() or css.read_text(encoding="utf-8") != text:
        css.write_text(text, encoding="utf-8")
    return folder


def lab_env(env: dict[str, str] | None = None, config: Path = COURSE_CONFIG) -> dict[str, str]:
    """The environment JupyterLab runs in: the course's configuration folder, UTF-8 I/O.

    Args:
        env: the environment to start from (default: this process's).
        config: the course's configuration folder (prepared here).

    Returns:
        A new environment dictionary.

    >>> import tempfile
    >>> lab_env({}, Path(tempfile.mkdtemp()))["PYTHONIOENCODING"]
    'utf-8'
    """
    out = dict(os.environ if env is None else env)
    out["JUPYTER_CONFIG_DIR"] = str(prepare_config(config))
    out.setdefault("PYTHONIOENCODING", "utf-8")
    return out


def lab_command(port: int, token: str | None = None, root: Path = ROOT, notebook: str | None = None,
                open_browser: bool = True, ip: str = "127.0.0.1", expose_app: bool = False) -> list[str]:
    """The command line that starts the course's JupyterLab.

    Args:
        port: the TCP port.
        token: the login token (``None``: JupyterLab makes one and prints the link).
        root: the folder JupyterLab shows (the course folder).
        notebook: a notebook to open first, relative to ``root`` (e.g. the course map).
        open_browser: open the default browser.
        ip: the address to listen on (loopback unless a classroom needs more).
        expose_app: expose ``window.jupyterapp`` (the browser tests drive JupyterLab through it).

    Returns:
        The argument list for :func:`subprocess.Popen` (run it with :func:`lab_env`).

    >>> cmd = lab_command(8888, token="t", open_browser=False)
    >>> "--LabApp.custom_css=True" in cmd and "--ServerApp.ip=127.0.0.1" in cmd
    True
    """
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.ip={ip}", f"--ServerApp.port={port}",
           "--ServerApp.port_retries=0", f"--ServerApp.root_dir={root}", "--LabApp.custom_css=True",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           f"--ServerApp.open_browser={open_browser}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI run as root
        cmd.append("--ServerApp.allow_root=True")
    if token is not None:
        cmd.append(f"--IdentityProvider.token={token}")
    if expose_app:
        cmd.append("--LabApp.expose_app_in_browser=True")
    if notebook:
        cmd.append(notebook)
    return cmd


@contextlib.contextmanager
def serve_lab(root: Path = ROOT, env: dict[str, str] | None = None, log: Path | None = None,
              config: Path | None = None, timeout: float = 120.0) -> Iterator[tuple[str, str]]:
    """Run the course's JupyterLab on 127.0.0.1 for the duration of a ``with`` block.

    Args:
        root: the folder JupyterLab serves.
        env: extra environment variables.
        log: a file for the server's output (default: discarded).
        config: the configuration folder (default: a fresh temporary copy, so that tests
            leave no settings behind).
        timeout: seconds to wait for the server to answer.

    Yields:
        ``(base_url, token)``, e.g. ``("http://127.0.0.1:8901/", "…")``.
    """
    import tempfile

    from .present import free_port, stop_process, wait_for_port

    port, token = free_port(), secrets.token_hex(16)
    with tempfile.TemporaryDirectory(prefix="course-lab-") as tmp:
        full = lab_env({**os.environ, **(env or {})}, config or Path(tmp) / "config")
        full.setdefault("JUPYTER_RUNTIME_DIR", str(Path(tmp) / "runtime"))
        out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
        proc = subprocess.Popen(lab_command(port, token, root, open_browser=False, expose_app=True),
                                cwd=root, env=full, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            wait_for_port(port, timeout, proc)
            yield f"http://127.0.0.1:{port}/", token
        finally:
            stop_process(proc)
            if log:
                out.close()
