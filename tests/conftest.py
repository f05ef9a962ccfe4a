"""Shared fixtures: an isolated working folder, and a headless Debian chromium."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from labdriver import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent

# Every test run (and every notebook kernel nbval starts from it) saves worksheets in a
# throw-away folder, never in the trainee's real one.
os.environ.setdefault("COURSE_WORK_DIR", tempfile.mkdtemp(prefix="course-work-"))
os.environ.setdefault("MPLBACKEND", "Agg")



@pytest.fixture
def chinese_fonts():
    """Charts drawn with the course's Chinese font, as in the notebooks (settings restored after)."""
    import matplotlib
    import pandas as pd

    from helpers.style import setup

    with matplotlib.rc_context(), pd.option_context("display.unicode.east_asian_width", False):
        setup(theme=None)
        yield


@pytest.fixture
def work_dir(tmp_path, monkeypatch) -> Path:
    """A fresh, empty working folder for one test (also set for child processes)."""
    folder = tmp_path / "我的成果"
    folder.mkdir()
    monkeypatch.setenv("COURSE_WORK_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def browser():
    """A headless Debian chromium driven by Playwright.

    Without chromium the browser tests are reported as skipped -- except when
    ``COURSE_REQUIRE_BROWSER=1`` (set by ``.ci/run``), where a missing browser fails.
    """
    if not Path(CHROMIUM).is_file():
        if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"chromium not found at {CHROMIUM} (install Debian's chromium)")
        pytest.skip(f"chromium not found at {CHROMIUM}; browser tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    """A new page that refuses (and records) every request leaving 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.external_requests = []  # type: ignore[attr-defined]

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")):
            route.continue_()
        else:
            page.external_requests.append(url)  # type: ignore[attr-defined]
            route.abort()

    context.route("**/*", guard)
    yield page
    context.close()


@pytest.fixture
def voila_app(tmp_path):
    """Factory: ``with voila_app(notebook) as url:`` serves a notebook on 127.0.0.1."""
    from helpers.course.present import serve

    def start(notebook: Path, env: dict | None = None):
        full_env = {**os.environ, **(env or {})}
        return serve(Path(notebook), env=full_env, log=tmp_path / "voila.log")

    return start
