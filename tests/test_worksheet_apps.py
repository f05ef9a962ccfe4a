"""The worksheet notebooks as Voilà apps, driven in Debian chromium: edit, save, reload, find it again.

Each test serves a worksheet notebook on 127.0.0.1 with the course's offline template,
types into the widgets like a trainee, saves (by the 保存 button and by autosave), checks
the file in the isolated work folder, reloads the page -- a new kernel -- and finds the
content again. No request may leave 127.0.0.1 and no code may be visible.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.worksheets.five_forces import SCORE_OPTIONS
from helpers.worksheets.storage import load_worksheet

ROOT = Path(__file__).resolve().parent.parent
WORKSHEETS = ROOT / "notebooks" / "worksheets"
SWOT = WORKSHEETS / "swot.ipynb"
FIVE_FORCES = WORKSHEETS / "five_forces.ipynb"
START = 180_000  # ms: a cold kernel on a busy machine
STEP = 30_000
SCORE_LABEL = {value: label for label, value in SCORE_OPTIONS}  # 4 -> "4 较强"


def assert_code_hidden(page, notebook: Path) -> None:
    """No line of the notebook's code is visible, and there is no code editor."""
    text = page.inner_text("body")
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "code":
            for line in "".join(cell["source"]).splitlines():
                if line.strip():
                    assert line.strip() not in text, f"code is visible: {line!r}"
    assert page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor").count() == 0


def status_says(page, words: str) -> None:
    page.locator(".ws-status", has_text=words).wait_for(timeout=STEP)


def add_item(page, quadrant: str, text: str, count_after: int) -> None:
    box = f".ws-swot-{quadrant}"
    page.fill(f"{box} .ws-swot-new-text input", text)
    page.click(f"{box} .ws-add-button")
    page.locator(f"{box} .ws-swot-item").nth(count_after - 1).wait_for(timeout=STEP)


def item_texts(page, quadrant: str) -> list[str]:
    inputs = page.locator(f".ws-swot-{quadrant} .ws-swot-item-text input")
    return [inputs.nth(i).input_value() for i in range(inputs.count())]


@pytest.mark.browser
@pytest.mark.slow
def test_swot_app_adds_saves_reloads_and_finds_the_items(voila_app, page, work_dir):
    script = "<script>window.__pwned = 1</script>"
    with voila_app(SWOT) as url:
        page.goto(url, timeout=START)
        page.locator(".ws-swot-S .ws-swot-new-text input").wait_for(timeout=START)
        assert str(work_dir) in page.inner_text(".ws-folder")  # the trainee sees where files go
        assert_code_hidden(page, SWOT)

        add_item(page, "S", "会员复购率高", 1)
        add_item(page, "S", "门店位置好", 2)
        add_item(page, "W", script, 1)
        add_item(page, "O", "社区团购兴起 😀", 1)
        page.click(".ws-swot-S .ws-swot-item >> nth=1 >> .ws-swot-up")  # 门店位置好 moves up
        page.locator(".ws-swot-S .ws-swot-item-text input").first.wait_for(timeout=STEP)
        page.wait_for_function(
            "() => document.querySelector('.ws-swot-S .ws-swot-item-text input').value === '门店位置好'",
            timeout=STEP)
        page.select_option(".ws-swot-S .ws-swot-item >> nth=1 >> select", label="权重 4")
        page.fill(".ws-tows-WO textarea", "借社区团购补线上短板")
        page.fill(".ws-title input", "山禾生活会员店（虚构）")
        page.click(".ws-save-button")
        status_says(page, "成功：已保存")
        assert str(work_dir / "swot.json") in page.inner_text(".ws-status")

        saved = load_worksheet(work_dir / "swot.json")
        assert [(i.text, i.weight) for i in saved.items["S"]] == [("门店位置好", None), ("会员复购率高", 4)]
        assert saved.items["W"][0].text == script and saved.strategies["WO"] == "借社区团购补线上短板"
        assert saved.title == "山禾生活会员店（虚构）"
        assert page.evaluate("() => window.__pwned") is None  # the typed script stayed text
        assert script in page.inner_text(".ws-tows-sources >> nth=1")  # shown as text beside WO

        page.click(".ws-export-html")
        page.locator(".ws-export-result", has_text="已导出").wait_for(timeout=STEP)
        exported = work_dir / "导出" / "swot.html"
        assert exported.is_file() and str(exported) in page.inner_text(".ws-export-result")
        assert "<script" not in exported.read_text(encoding="utf-8").lower()

        page.reload(timeout=START)  # a new kernel: only the file remembers
        page.locator(".ws-swot-S .ws-swot-item-text input").first.wait_for(timeout=START)
        assert item_texts(page, "S") == ["门店位置好", "会员复购率高"]
        assert item_texts(page, "W") == [script]
        assert item_texts(page, "O") == ["社区团购兴起 😀"]
        assert page.locator(".ws-tows-WO textarea").input_value() == "借社区团购补线上短板"
        assert page.locator(".ws-title input").input_value() == "山禾生活会员店（虚构）"
        assert page.evaluate("() => window.__pwned") is None
        assert_code_hidden(page, SWOT)
    assert page.external_requests == []


@pytest.mark.browser
@pytest.mark.slow
def test_five_forces_app_autosaves_saves_reloads_and_finds_the_scores(voila_app, page, work_dir):
    with voila_app(FIVE_FORCES) as url:
        page.goto(url, timeout=START)
        page.locator(".ws-force-rivalry .ws-force-score select").wait_for(timeout=START)
        assert_code_hidden(page, FIVE_FORCES)
        assert "平均强度 ≤ 2.5" in page.inner_text(".ws-reading")  # the rule is stated

        page.fill(".ws-industry input", "工业自动化配件（虚构）")
        scores = {"rivalry": 4, "new_entrants": 2, "suppliers": 3, "buyers": 5, "substitutes": 2}
        for force, score in scores.items():
            page.select_option(f".ws-force-{force} .ws-force-score select", label=SCORE_LABEL[score])
        page.fill(".ws-force-buyers .ws-force-evidence textarea", "大客户集中，每年压价 3%")
        page.fill(".ws-force-buyers .ws-force-response textarea", "做定制化服务，提高转换成本")
        page.locator(".ws-reading", has_text="行业吸引力：中等").wait_for(timeout=STEP)  # mean 3.2
        assert "购买者议价能力 强度为 5" in page.inner_text(".ws-reading")
        status_says(page, "成功：自动保存")  # autosave, without pressing anything
        auto = load_worksheet(work_dir / "five_forces.json")
        assert auto.scores() == scores and auto.industry == "工业自动化配件（虚构）"

        page.fill(".ws-conclusion textarea", "吸引力中等；先应对大客户的压价。")
        page.click(".ws-save-button")
        status_says(page, "成功：已保存")
        saved = load_worksheet(work_dir / "five_forces.json")
        assert saved.conclusion == "吸引力中等；先应对大客户的压价。"
        assert saved.forces["buyers"].evidence == "大客户集中，每年压价 3%"

        page.reload(timeout=START)
        page.locator(".ws-force-rivalry .ws-force-score select").wait_for(timeout=START)
        page.locator(".ws-reading", has_text="行业吸引力：中等").wait_for(timeout=STEP)
        for force, score in scores.items():
            shown = page.eval_on_selector(f".ws-force-{force} .ws-force-score select",
                                          "s => s.options[s.selectedIndex].text")
            assert shown.replace("\xa0", " ") == SCORE_LABEL[score]  # the widget shows spaces as &nbsp;
        assert page.locator(".ws-force-buyers .ws-force-evidence textarea").input_value() == "大客户集中，每年压价 3%"
        assert (page.locator(".ws-force-buyers .ws-force-response textarea").input_value()
                == "做定制化服务，提高转换成本")
        assert page.locator(".ws-conclusion textarea").input_value() == "吸引力中等；先应对大客户的压价。"
        assert page.locator(".ws-industry input").input_value() == "工业自动化配件（虚构）"
    assert page.external_requests == []
