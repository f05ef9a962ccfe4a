#!/usr/bin/env python3
"""One entry point for the course: set up, open, test, present, grade.

Only the standard library is used here, so this file runs on any Python 3.10+
before anything is installed.

    python course.py                 set up (first time only) and open JupyterLab at the course map
    python course.py test [ARGS]     set up with the test tools and run the whole test suite
    python course.py setup           set up only (used by CI and by the two commands above)
    python course.py present N       open lecture N as a full-screen app (code hidden, widgets live)
    python course.py worksheet NAME  open a worksheet (swot, five_forces) as an app
    python course.py grade FOLDER    grade a folder of submitted exercise notebooks
    python course.py classroom       the class server on JupyterHub (see README: 课堂服务器)

On Windows use ``py course.py`` instead of ``python course.py``.

The environment lives in ``.venv`` beside this file. A stamp file records what was
installed; when ``pyproject.toml`` has not changed, a second run installs nothing and
starts in seconds.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "course-stamp.txt"
COURSE_MAP = "notebooks/00_导学.ipynb"
MIN_PYTHON = (3, 10)
#: JupyterLab defaults for the course environment: Chinese menus (zh-CN language pack), no
#: "get notified about Jupyter news?" pop-up, no update check. Written into the environment's
#: own settings folder, so the trainee's global Jupyter settings are never touched; a choice
#: the trainee makes in JupyterLab's settings still wins.
LAB_SETTINGS = {
    "@jupyterlab/translation-extension:plugin": {"locale": "zh_CN"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}
LAB_SETTINGS_FILE = "yonghu-jingying-course.json"


def say(zh: str, en: str) -> None:
    """Print a bilingual progress line."""
    print(f"[course] {zh} / {en}", flush=True)


def lab_settings_path() -> Path:
    """Where JupyterLab in ``.venv`` reads package defaults: ``{sys.prefix}/share/jupyter/lab/settings/overrides.d``."""
    return VENV / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / LAB_SETTINGS_FILE


def write_lab_settings() -> Path:
    """Write the course's JupyterLab defaults (:data:`LAB_SETTINGS`) into the course environment."""
    path = lab_settings_path()
    text = json.dumps(LAB_SETTINGS, ensure_ascii=False, indent=2) + "\n"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path


def venv_python() -> Path:
    """Path of the Python interpreter inside the course environment."""
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def wanted_stamp(extras: str) -> str:
    """What the stamp must say for the environment to be up to date."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    return f"{digest} extras={extras} python={sys.version_info[0]}.{sys.version_info[1]}"


def installed_extras() -> set[str]:
    """The extras the stamp says are installed ('' = base only)."""
    if not STAMP.exists() or not venv_python().exists():
        return set()
    text = STAMP.read_text(encoding="utf-8").strip()
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    if not text.startswith(digest):
        return set()
    for part in text.split():
        if part.startswith("extras="):
            return {"base", *filter(None, part[len("extras="):].split(","))}
    return set()


def ensure_env(test_tools: bool = False, extra: str = "") -> Path:
    """Create ``.venv`` and install the course into it, unless already done."""
    if sys.version_info < MIN_PYTHON:
        sys.exit(
            f"需要 Python 3.10 或更新版本，当前是 {sys.version.split()[0]}。"
            f" / Python 3.10+ is required, this is {sys.version.split()[0]}."
        )
    have = installed_extras()
    need = {"base", "test"} if test_tools else {"base"}
    need |= {extra} if extra else set()  # e.g. "classroom" (JupyterHub)
    if need <= have:
        write_lab_settings()
        return venv_python()
    extras = sorted((need | have) - {"base"})
    if not venv_python().exists():
        say("正在创建独立环境 .venv（只需一次）", "creating the isolated environment .venv (once)")
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
    py = str(venv_python())
    target = "." + (f"[{','.join(extras)}]" if extras else "")
    say("正在安装依赖（首次需要几分钟）", "installing dependencies (a few minutes the first time)")
    run([py, "-m", "pip", "install", "--disable-pip-version-check", "-q", "--upgrade", "pip"])
    run([py, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", target])
    # Build matplotlib's font cache now, so the first notebook cell prints no notice about it.
    run([py, "-c", "import matplotlib.font_manager"])
    write_lab_settings()
    STAMP.write_text(wanted_stamp(",".join(extras)) + "\n", encoding="utf-8")
    say("环境已就绪", "environment ready")
    return venv_python()


def run(cmd: list[str], **kwargs) -> int:
    """Run a command in the project folder and stop on failure."""
    code = subprocess.call(cmd, cwd=kwargs.pop("cwd", ROOT), **kwargs)
    if code != 0:
        sys.exit(code)
    return code


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "open"
    rest = argv[1:]
    if cmd in ("-h", "--help", "help"):
        print(__doc__)
        return 0
    if cmd == "setup":
        ensure_env(test_tools="--test" in rest)
        return 0
    if cmd == "open":
        py = ensure_env()
        say("正在打开 JupyterLab（关闭请按 Ctrl+C）", "opening JupyterLab (Ctrl+C to stop)")
        return subprocess.call([str(py), "-m", "helpers.course.cli", "lab", COURSE_MAP, *rest], cwd=ROOT)
    if cmd == "test":
        py = ensure_env(test_tools=True)
        args = rest or []
        return subprocess.call([str(py), "-m", "pytest", "-n", "2", "--dist", "loadfile", *args], cwd=ROOT)
    if cmd in ("present", "worksheet", "grade"):
        py = ensure_env()
        return subprocess.call([str(py), "-m", "helpers.course.cli", cmd, *rest], cwd=ROOT)
    if cmd == "classroom":  # the class server: installs the "classroom" extra (JupyterHub) first
        py = ensure_env(extra="classroom")
        proc = subprocess.Popen([str(py), "-m", "helpers.course.cli", cmd, *rest], cwd=ROOT)
        while True:  # Ctrl+C reaches the server too: it stops every trainee's server in order, then exits
            try:
                return proc.wait()
            except KeyboardInterrupt:
                pass
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
