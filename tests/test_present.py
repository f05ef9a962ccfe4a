"""Presenting in class: a lecture served as a Voilà app hides code and keeps widgets live, offline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers.course.cli import lecture_notebook, main, worksheet_notebook

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "present" / "demo.ipynb"


def code_sources(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def assert_code_hidden(page, path: Path) -> None:
    """No line of any code cell is in the page's visible text or in a code editor."""
    text = page.inner_text("body")
    for src in code_sources(path):
        for line in src.splitlines():
            line = line.strip()
            if len(line) > 12 and not line.startswith("#"):
                assert line not in text, f"code is visible: {line!r}"
    assert page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor").count() == 0


@pytest.mark.browser
def test_fixture_app_hides_code_and_widget_responds(voila_app, page):
    with voila_app(FIXTURE) as url:
        page.goto(url, timeout=120_000)
        select = page.locator(".widget-dropdown select")
        select.wait_for(timeout=120_000)
        assert "当前区域：华东" in page.inner_text("body")
        assert_code_hidden(page, FIXTURE)
        assert "演示测试笔记本" in page.inner_text("body")
        assert "导航测试链接" not in page.inner_text("body"), "navigation cells are hidden in the app"
        select.select_option("华南")
        page.get_by_text("当前区域：华南").wait_for(timeout=20_000)
    assert page.external_requests == []


@pytest.mark.browser
def test_app_serves_the_bundled_chinese_font(voila_app, page, tmp_path):
    """Chinese in the app renders with the course font, even where the system has no CJK font."""
    with voila_app(FIXTURE) as url:
        page.goto(url, timeout=120_000)
        page.locator(".widget-dropdown select").wait_for(timeout=120_000)
        page.evaluate("document.fonts.ready")
        loaded = page.evaluate(
            """async () => { await document.fonts.load('16px "Course Sans SC"', '中文');
                             await document.fonts.load('bold 16px "Course Sans SC"', '中文');
                             await document.fonts.ready;
                             return [...document.fonts].filter(f => f.family.includes('Course Sans SC')
                                                                    && f.status === 'loaded').length; }""")
        assert loaded == 2, "the @font-face rules for Course Sans SC (regular, bold) did not load"
        # Ask the browser which font it really drew each element's glyphs with.
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        for selector in ("h1", ".widget-label"):
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            assert [f["familyName"] for f in fonts] == ["Course Sans SC"], (selector, fonts)
        page.screenshot(path=str(tmp_path / "app.png"))
    assert page.external_requests == []


LECTURE_2 = ROOT / "notebooks" / "02_市场洞察与客户分类.ipynb"


@pytest.mark.browser
@pytest.mark.slow
def test_lecture_2_app_hides_code_and_segmentation_widget_responds(voila_app, page):
    """Lecture 2 as presented in class: its segmentation widget answers a change of focus group."""
    with voila_app(LECTURE_2) as url:
        page.goto(url, timeout=300_000)
        focus = page.locator(".widget-dropdown", has_text="重点查看").locator("select")
        focus.wait_for(timeout=300_000)  # the whole notebook runs before the page shows (~30 s here)
        assert_code_hidden(page, LECTURE_2)
        assert page.locator(".widget-slider").count() >= 3, "the threshold sliders are rendered"
        groups = focus.locator("option").all_inner_texts()
        assert len(groups) >= 2
        before = page.inner_text("body")
        choice = next(g for g in reversed(groups) if g != focus.input_value())
        focus.select_option(label=choice)
        page.wait_for_function("b => document.body.innerText !== b", arg=before, timeout=30_000)
        assert re.search(rf"{choice}：[\d,]+ [人家]，占销售额 [\d.]+%", page.inner_text("body")), \
            "the summary line now describes the chosen group"
    assert page.external_requests == []


def test_lecture_numbers_map_to_notebooks(tmp_path):
    (tmp_path / "01_市场诊断与数据分析.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "02_市场洞察与客户分类.ipynb").write_text("{}", encoding="utf-8")
    assert lecture_notebook("1", tmp_path).name == "01_市场诊断与数据分析.ipynb"
    assert lecture_notebook("02", tmp_path).name == "02_市场洞察与客户分类.ipynb"
    assert lecture_notebook("L2", tmp_path).name == "02_市场洞察与客户分类.ipynb"
    assert lecture_notebook("3", tmp_path) is None
    assert lecture_notebook("abc", tmp_path) is None


def test_worksheet_names_map_to_notebooks(tmp_path):
    (tmp_path / "swot.ipynb").write_text("{}", encoding="utf-8")
    assert worksheet_notebook("swot", tmp_path) == tmp_path / "swot.ipynb"
    assert worksheet_notebook("nope", tmp_path) is None


def test_present_unknown_lecture_says_so_in_chinese(capsys):
    assert main(["present", "99"]) == 2
    out = capsys.readouterr().out
    assert "没有找到第 99 讲" in out and "no notebook for lecture 99" in out
