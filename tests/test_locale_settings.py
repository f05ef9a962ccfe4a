"""JupyterLab in Chinese, without the news pop-up: set in the course environment only (issue 11, item 17)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_course(tmp_path: Path):
    """A copy of course.py in a scratch project, imported as a module, with a fake .venv."""
    shutil.copy(ROOT / "course.py", tmp_path / "course.py")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    spec = importlib.util.spec_from_file_location("course_locale_copy", tmp_path / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    python = module.venv_python()
    python.parent.mkdir(parents=True)
    python.write_text("", encoding="utf-8")
    return module


def test_setup_writes_chinese_locale_and_no_news_into_the_course_environment(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    (tmp_path / "project").mkdir()
    course = load_course(tmp_path / "project")
    course.STAMP.write_text(course.wanted_stamp("") + "\n", encoding="utf-8")
    course.ensure_env()  # up to date: installs nothing, still writes the defaults
    path = course.VENV / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / course.LAB_SETTINGS_FILE
    assert path.is_file()
    settings = json.loads(path.read_text(encoding="utf-8"))
    assert settings["@jupyterlab/translation-extension:plugin"]["locale"] == "zh_CN"
    notification = settings["@jupyterlab/apputils-extension:notification"]
    assert notification["fetchNews"] == "false" and notification["checkForUpdates"] is False
    assert list(home.rglob("*")) == []  # the trainee's own settings are never touched
    before = path.stat().st_mtime_ns
    course.ensure_env()
    assert path.stat().st_mtime_ns == before  # unchanged content is not rewritten


def test_fresh_install_writes_the_settings_too(tmp_path, monkeypatch):
    course = load_course(tmp_path)
    monkeypatch.setattr(course, "run", lambda cmd, **kw: 0)
    course.ensure_env()
    assert course.lab_settings_path().is_file()


def test_jupyterlab_reads_the_file_as_defaults(tmp_path):
    """jupyterlab_server takes overrides.d/*.json under {sys.prefix}/share/jupyter/lab/settings as defaults."""
    from jupyterlab_server.settings_utils import _get_overrides

    course = load_course(tmp_path)
    path = course.write_lab_settings()
    overrides, error = _get_overrides(str(path.parent.parent))
    assert not error
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "zh_CN"
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def test_the_path_is_the_one_jupyterlab_uses_for_this_environment():
    from jupyterlab.commands import get_app_dir

    if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        import pytest

        pytest.skip("tests are not running inside the course's .venv")
    spec = importlib.util.spec_from_file_location("course_real", ROOT / "course.py")
    course = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(course)
    assert course.lab_settings_path().parent.parent == Path(get_app_dir()) / "settings"
