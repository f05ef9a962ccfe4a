"""Presenting without leaks (issue 12, items 15-18, and issue 11 item 17's loading text).

* stopping ``course.py present`` -- Ctrl+C, SIGTERM, or the death of the process that started
  it -- stops the Voilà server and every kernel;
* kernels of reloaded or closed pages go away (the _xsrf fix, culling as a second line);
* links to other notebooks open a note, not "403: Forbidden";
* a lecture app started before class shows a complete page within seconds (preheated kernel).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from helpers.course.present import free_port, serve, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "tests" / "fixtures" / "present" / "demo.ipynb"
LINKS = ROOT / "tests" / "fixtures" / "present" / "links.ipynb"
LECTURE_2 = ROOT / "notebooks" / "02_市场洞察与客户分类.ipynb"
CLI = [sys.executable, "-m", "helpers.course.cli"]


def kernels_of_server(port: int) -> list[psutil.Process]:
    """The kernel processes below the Voilà server listening on ``port``."""
    out = []
    for proc in psutil.process_iter(["cmdline"]):
        cmd = " ".join(proc.info["cmdline"] or [])
        if "-m voila" in cmd and f"--port={port}" in cmd:
            try:
                out += [c for c in proc.children(recursive=True)
                        if "ipykernel" in " ".join(c.cmdline())]
            except psutil.Error:
                pass
    return out


def wait_until_idle(procs: list[psutil.Process], limit: float = 300) -> None:
    """Wait until the kernels have finished running the notebook (CPU idle twice in a row)."""
    deadline, quiet = time.monotonic() + limit, 0
    while time.monotonic() < deadline and quiet < 2:
        try:
            busy = sum(p.cpu_percent(interval=1.0) for p in procs)
        except psutil.Error:
            busy = 0
        quiet = quiet + 1 if busy < 5 else 0


def open_page(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=300) as response:  # runs the notebook
        return response.read().decode("utf-8")


# ---------------------------------------------------------------------------------------
# stopping stops everything
# ---------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "parent killed"])
def test_stopping_present_stops_the_server_and_every_kernel(how, tmp_path):
    port = free_port()
    command = [*CLI, "present", str(DEMO), "--no-browser", f"--port={port}"]
    if how == "parent killed":  # like `kill <pid of course.py>`: course.py starts the CLI and waits for it
        starter = subprocess.Popen([sys.executable, "-c", f"import subprocess; subprocess.call({command!r})"],
                                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        starter = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, timeout=120)
        page = open_page(port)
        assert 'cell-index="3"' in page, "the whole notebook was rendered"
        family = psutil.Process(starter.pid).children(recursive=True)
        assert len([p for p in family if "ipykernel" in " ".join(p.cmdline())]) >= 1
        if how == "parent killed":
            starter.kill()
        else:
            starter.send_signal(getattr(signal, how))
        gone, alive = psutil.wait_procs(family, timeout=40)
        assert alive == [], f"still running after {how}: {[p.cmdline()[:4] for p in alive]}"
    finally:
        for p in psutil.Process(os.getpid()).children(recursive=True):
            try:
                if p.pid == starter.pid or "helpers.course.cli" in " ".join(p.cmdline()):
                    p.kill()
            except psutil.Error:
                pass
        starter.wait(timeout=30)


def test_the_app_page_carries_the_chinese_loading_text_and_the_link_note(tmp_path):
    with serve(LINKS, log=tmp_path / "voila.log") as url:
        page = open_page(int(url.rsplit(":", 1)[1].strip("/")))
    assert "正在准备内容：第 ${cell_index} / ${cell_count} 部分" in page and "正在加载，请稍候" in page
    assert "这个链接要在 JupyterLab 中打开" in page


# ---------------------------------------------------------------------------------------
# in the browser
# ---------------------------------------------------------------------------------------

@pytest.mark.browser
def test_reloading_a_page_five_times_leaves_at_most_two_kernels(voila_app, page, tmp_path):
    port = free_port()
    log = tmp_path / "voila.log"
    idle, every = 20, 5  # short for the test (the app uses CULL_IDLE and CULL_INTERVAL)
    with serve(DEMO, port=port, log=log, preheat=True, cull_idle=idle, cull_interval=every) as url:
        for _ in range(6):  # the first visit and five reloads
            page.goto(url, timeout=120_000)
            try:
                page.locator(".widget-dropdown select").wait_for(timeout=120_000)
            except Exception:
                print(log.read_text(encoding="utf-8", errors="replace")[-3000:])
                raise
        time.sleep(idle + 2 * every + 3)  # the culling interval, twice, after the idle time
        kernels = kernels_of_server(port)
        text = log.read_text(encoding="utf-8", errors="replace")
        assert len(kernels) <= 2, f"{len(kernels)} kernels left after 5 reloads"
        assert "'_xsrf' argument missing" not in text, "the page's shutdown request was refused"
        page.goto("about:blank")  # closing the last page: its kernel goes too
        time.sleep(idle + 2 * every + 3)
        assert len(kernels_of_server(port)) <= 1  # only the preheated one waits for the next visitor


@pytest.mark.browser
def test_links_to_other_notebooks_show_where_to_open_them(voila_app, page):
    with voila_app(LINKS) as url:
        page.goto(url, timeout=120_000)
        page.locator(".widget-dropdown select").wait_for(timeout=120_000)
        assert "正在准备内容" in page.evaluate("window.voila_process.toString()")
        page.get_by_text("第二讲练习").click()
        note = page.locator("#course-notebook-note")
        note.wait_for(timeout=10_000)
        assert "JupyterLab" in note.inner_text() and "exercises/L02_练习.ipynb" in note.inner_text()
        assert page.url == url and "403" not in page.inner_text("body")
        note.get_by_text("知道了").click()
        page.get_by_text("参考解答").click()
        assert "solutions/L02_解答.ipynb" in page.locator("#course-notebook-note").inner_text()
    assert page.external_requests == []


@pytest.mark.browser
@pytest.mark.slow
def test_a_preheated_lecture_app_is_ready_within_seconds(page, tmp_path):
    port = free_port()
    with serve(LECTURE_2, port=port, log=tmp_path / "voila.log", preheat=True,
               env={**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline"}) as url:
        deadline = time.monotonic() + 120
        while not kernels_of_server(port) and time.monotonic() < deadline:
            time.sleep(0.5)
        wait_until_idle(kernels_of_server(port))  # the instructor started the app before class
        start = time.monotonic()
        page.goto(url, timeout=300_000)
        page.locator(".widget-dropdown", has_text="重点查看").locator("select").wait_for(timeout=300_000)
        ready = time.monotonic() - start
    print(f"\nlecture 2 app, preheated: complete page {ready:.1f} s after opening it")
    (tmp_path / "ready_seconds.txt").write_text(f"{ready:.1f}", encoding="utf-8")
    assert ready < 10, f"the preheated app took {ready:.1f} s"
