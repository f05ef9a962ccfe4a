"""The README's two commands go through course.py: check its set-up logic."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_course(tmp_path: Path):
    """A copy of course.py in a scratch project, imported as a module."""
    shutil.copy(ROOT / "course.py", tmp_path / "course.py")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    spec = importlib.util.spec_from_file_location("course_copy", tmp_path / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_venv(course) -> None:
    python = course.venv_python()
    python.parent.mkdir(parents=True)
    python.write_text("", encoding="utf-8")


def test_second_run_installs_nothing(tmp_path, monkeypatch):
    course = load_course(tmp_path)
    fake_venv(course)
    course.STAMP.write_text(course.wanted_stamp("test") + "\n", encoding="utf-8")

    def no_install(*args, **kwargs):
        raise AssertionError(f"a second run must not install anything: {args}")

    monkeypatch.setattr(course, "run", no_install)
    monkeypatch.setattr(course.venv, "EnvBuilder", no_install)
    assert course.ensure_env(test_tools=True) == course.venv_python()
    assert course.ensure_env(test_tools=False) == course.venv_python()


def test_changed_pyproject_triggers_install(tmp_path, monkeypatch):
    course = load_course(tmp_path)
    fake_venv(course)
    course.STAMP.write_text(course.wanted_stamp("") + "\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "y"\n', encoding="utf-8")
    calls = []
    monkeypatch.setattr(course, "run", lambda cmd, **kw: calls.append(cmd))
    course.ensure_env()
    assert any("install" in c and "-e" in c for c in calls), calls
    assert course.installed_extras() == {"base"}


def test_test_tools_added_on_top_of_base(tmp_path, monkeypatch):
    course = load_course(tmp_path)
    fake_venv(course)
    course.STAMP.write_text(course.wanted_stamp("") + "\n", encoding="utf-8")
    calls = []
    monkeypatch.setattr(course, "run", lambda cmd, **kw: calls.append(cmd))
    course.ensure_env(test_tools=True)
    assert [c for c in calls if ".[test]" in c], calls
    assert course.installed_extras() == {"base", "test"}


def test_real_environment_is_up_to_date_and_second_setup_is_a_no_op():
    """In this checkout the suite runs inside .venv set up by course.py: setup must not reinstall."""
    if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        pytest.skip("tests are not running inside the course's .venv")
    out = subprocess.run([sys.executable, str(ROOT / "course.py"), "setup", "--test"],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "pip" not in out.stdout + out.stderr and "安装" not in out.stdout, out.stdout


def test_help_lists_the_commands():
    out = subprocess.run([sys.executable, str(ROOT / "course.py"), "--help"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    for word in ("test", "present", "worksheet", "grade"):
        assert word in out.stdout
