"""Navigation: every lecture, exercise and solution has a header and a footer whose links resolve."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest

from helpers.course import nav

ROOT = Path(__file__).resolve().parent.parent


def make_course(root: Path, lectures=(1, 2, 3), exercises=(1, 2)) -> None:
    """A small course tree with Chinese file names (empty notebooks)."""
    names = {1: "市场诊断与数据分析", 2: "市场洞察与客户分类", 3: "重点客户与立体策略"}
    files = ["notebooks/00_导学.ipynb", *[f"notebooks/{n:02d}_{names[n]}.ipynb" for n in lectures]]
    files += [f"exercises/L{n:02d}_练习.ipynb" for n in exercises]
    files += [f"solutions/L{n:02d}_解答.ipynb" for n in exercises]
    for rel in files:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(f"# {rel}"),
                    nbformat.v4.new_code_cell("import helpers\nhelpers.setup()")]
        nbformat.write(nb, path)


def src(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def nav_cells(path: Path) -> list[str]:
    """The sources of the navigation cells of a notebook."""
    return [src(c) for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if nav.is_nav(c)]


def test_reading_order_puts_each_exercise_after_its_lecture(tmp_path):
    make_course(tmp_path)
    assert nav.reading_order(tmp_path) == [
        "notebooks/00_导学.ipynb", "notebooks/01_市场诊断与数据分析.ipynb", "exercises/L01_练习.ipynb",
        "notebooks/02_市场洞察与客户分类.ipynb", "exercises/L02_练习.ipynb", "notebooks/03_重点客户与立体策略.ipynb",
    ]


def test_update_adds_header_and_footer_once_and_is_idempotent(tmp_path):
    make_course(tmp_path)
    changed = nav.update_all(tmp_path)
    assert len(changed) == 8
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.ipynb")}
    assert nav.update_all(tmp_path) == []  # second run: nothing to do
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.ipynb")} == before
    for rel in nav.course_files(tmp_path):
        cells = json.loads((tmp_path / rel).read_text(encoding="utf-8"))["cells"]
        assert nav.is_nav(cells[0]) and nav.is_nav(cells[-1]), rel
        assert sum(map(nav.is_nav, cells)) == 2, rel
        assert src(cells[1]) == f"# {rel}", "the original content is kept, in order"
        assert nav.broken_links(rel, tmp_path) == [], rel


def test_links_point_to_previous_map_and_next(tmp_path):
    make_course(tmp_path)
    nav.update_all(tmp_path)
    header = nav_cells(tmp_path / "exercises/L01_练习.ipynb")[0]
    assert "上一篇：[第一讲 市场诊断与数据分析](../notebooks/01_%E5%B8%82" in header
    assert "[课程导学](../notebooks/00_%E5%AF%BC%E5%AD%A6.ipynb)" in header
    assert "下一篇：[第二讲 市场洞察与客户分类](../notebooks/02_" in header
    footer = nav_cells(tmp_path / "exercises/L01_练习.ipynb")[1]
    assert "[第一讲 解答](../solutions/L01_%E8%A7%A3%E7%AD%94.ipynb)" in footer
    solution = nav_cells(tmp_path / "solutions/L01_解答.ipynb")[0]
    assert "返回练习：[第一讲 练习](../exercises/L01_%E7%BB%83%E4%B9%A0.ipynb)" in solution
    assert "下一篇：[第二讲 市场洞察与客户分类]" in solution
    first = nav_cells(tmp_path / "notebooks/00_导学.ipynb")[0]
    assert "上一篇" not in first and "下一篇：[第一讲 市场诊断与数据分析](01_" in first
    last = nav_cells(tmp_path / "notebooks/03_重点客户与立体策略.ipynb")[0]
    assert "上一篇：[第二讲 练习](../exercises/L02_" in last and "下一篇" not in last
    for target in [t for c in nav_cells(tmp_path / "exercises/L01_练习.ipynb") for t in nav._LINK.findall(c)]:
        assert "%" in target and unquote(target) != target, "Chinese file names are percent-encoded"


def test_a_new_lecture_updates_the_neighbours(tmp_path):
    make_course(tmp_path, lectures=(1, 2), exercises=(1,))
    nav.update_all(tmp_path)
    make_course(tmp_path, lectures=(1, 2, 3), exercises=(1,))  # lecture 3 appears later
    nav.update_all(tmp_path, only=["notebooks/03_重点客户与立体策略.ipynb"])
    assert "notebooks/02_市场洞察与客户分类.ipynb" in nav.update_all(tmp_path)
    assert "下一篇：[第三讲" in nav_cells(tmp_path / "notebooks/02_市场洞察与客户分类.ipynb")[0]


def test_broken_link_is_reported(tmp_path):
    make_course(tmp_path)
    nav.update_all(tmp_path)
    (tmp_path / "exercises/L02_练习.ipynb").unlink()
    assert nav.broken_links("notebooks/02_市场洞察与客户分类.ipynb", tmp_path) == [
        nav.link("notebooks/02_市场洞察与客户分类.ipynb", "exercises/L02_练习.ipynb")]


def test_nav_on_a_copy_of_the_real_notebooks_keeps_outputs(tmp_path):
    """The script only adds two Markdown cells: outputs and other cells are untouched."""
    for rel in nav.course_files(ROOT):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, tmp_path / rel)
    if not nav.course_files(tmp_path):
        pytest.skip("no course notebooks yet")
    nav.update_all(tmp_path)
    for rel in nav.course_files(tmp_path):
        old = [c for c in json.loads((ROOT / rel).read_text(encoding="utf-8"))["cells"] if not nav.is_nav(c)]
        new = [c for c in json.loads((tmp_path / rel).read_text(encoding="utf-8"))["cells"] if not nav.is_nav(c)]
        assert [c.get("outputs") for c in new] == [c.get("outputs") for c in old], rel
        assert nav.broken_links(rel, tmp_path) == [], rel


@pytest.mark.parametrize("rel", nav.course_files(ROOT) or ["(none)"])
def test_course_notebooks_have_navigation_that_resolves(rel):
    """The committed notebooks carry up-to-date navigation (run `python -m helpers.course.cli nav`)."""
    if rel == "(none)":
        pytest.skip("no course notebooks yet")
    cells = json.loads((ROOT / rel).read_text(encoding="utf-8"))["cells"]
    assert nav.is_nav(cells[0]) and nav.is_nav(cells[-1]), f"{rel}: run python -m helpers.course.cli nav"
    assert src(cells[0]) == nav.nav_text(rel, ROOT), f"{rel}: navigation is stale; run python -m helpers.course.cli nav"
    assert nav.broken_links(rel, ROOT) == []


@pytest.fixture
def jupyterlab(tmp_path):
    """Factory: serve ``root`` with JupyterLab on 127.0.0.1 (no token) for the duration of a with-block."""
    import contextlib
    import subprocess
    import sys

    from helpers.course.present import free_port, stop_process, wait_for_port

    @contextlib.contextmanager
    def start(root: Path):
        port = free_port()
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
               "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root}",
               "--ServerApp.port_retries=0", "--allow-root"]
        with open(tmp_path / "jupyterlab.log", "wb") as log:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
            try:
                wait_for_port(port, timeout=120, proc=proc)
                yield f"http://127.0.0.1:{port}"
            finally:
                stop_process(proc)

    return start


@pytest.mark.browser
@pytest.mark.slow
def test_clicking_a_navigation_link_opens_the_notebook_in_jupyterlab(tmp_path, jupyterlab, page):
    """The percent-encoded relative links open the Chinese-named notebook in a JupyterLab tab."""
    root = tmp_path / "课程"
    make_course(root)
    for path in root.rglob("*.ipynb"):  # a kernelspec, so JupyterLab does not ask which kernel to use
        nb = nbformat.read(path, as_version=4)
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, path)
    nav.update_all(root)
    with jupyterlab(root) as url:
        page.goto(f"{url}/lab/tree/exercises/L01_练习.ipynb", timeout=120_000)
        link = page.locator(".jp-RenderedMarkdown a", has_text="第二讲 市场洞察与客户分类").first
        link.wait_for(timeout=120_000)
        page.wait_for_timeout(1000)
        while page.locator(".jp-Dialog").count():  # e.g. a first-run notice
            page.keyboard.press("Escape")
            page.wait_for_timeout(300)
        link.click()
        page.locator(".lm-TabBar-tabLabel", has_text="02_市场洞察与客户分类.ipynb").wait_for(timeout=60_000)
