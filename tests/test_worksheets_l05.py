"""Lecture 5's worksheets: 4P/4C and 安索夫 -- model rules, save → reload, every export, the report
(我的课程成果), the class view, the widgets, and one Voilà app in a real browser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.errors import WorksheetError
from helpers.worksheets import export
from helpers.worksheets.ansoff import AnsoffWorksheet, ansoff_worksheet
from helpers.worksheets.classview import class_view
from helpers.worksheets.four_p_c import PAIRS, FourPCWorksheet, four_p_c_worksheet
from helpers.worksheets.model import KINDS, loads
from helpers.worksheets.storage import load_worksheet, save_worksheet

ROOT = Path(__file__).resolve().parent.parent
PAYLOAD = "<script>alert(1)</script> =SUM(A1) *粗* 😀"
START, STEP = 180_000, 30_000


def sample_4pc() -> FourPCWorksheet:
    ws = FourPCWorksheet(title="伺服 4P/4C", owner="王小明", subject="QL-S100 伺服驱动器（虚构）",
                         customer="华东中小机械厂的设备主管")
    ws.set_now("product", "三种功率规格")
    ws.set_view("product", "要的是产线不停，调试要快")
    ws.set_gap("product", 4)
    ws.add_action("product", "出厂预设参数，上门调试半天完成")
    ws.set_view("price", PAYLOAD)
    ws.add_action("price", PAYLOAD)
    ws.set_gap("place", 5)
    return ws


def sample_ansoff() -> AnsoffWorksheet:
    ws = AnsoffWorksheet(title="2026 增长", owner="王小明", business="工控配件（虚构）", conclusion="先渗透，再进西南")
    ws.add_option("penetration", "重点客户加维保合同", size=300, risk=1)
    ws.set_chosen("penetration", 0, True)
    ws.add_option("market_dev", "进入西南新能源客户", size="1,200", risk=3)
    ws.add_option("diversification", PAYLOAD, risk=5)
    ws.set_chosen("diversification", 0, True)
    return ws


def test_kinds_are_registered():
    assert KINDS["four_p_c"] == "four_p_c" and KINDS["ansoff"] == "ansoff"


# --- 4P/4C ----------------------------------------------------------------------------------
def test_4pc_rules():
    ws = FourPCWorksheet()
    with pytest.raises(WorksheetError, match="先写“顾客怎么看”"):
        ws.add_action("place", "备件前置")
    ws.set_view("place", "夜班拿不到备件")
    for n in range(5):
        ws.add_action("place", f"动作{n}")
    with pytest.raises(WorksheetError, match="最多 5 个"):
        ws.add_action("place", "第六个")
    with pytest.raises(WorksheetError, match="上限 60"):
        ws.set_subject("长" * 61)
    with pytest.raises(WorksheetError):
        ws.set_gap("place", 0)
    ws.set_view("place", "")
    assert ws.warnings() == ["还没有写对象（产品或服务名称）", "渠道→便利有改进动作，但“顾客怎么看”是空的"]


def test_4pc_save_reload_and_candidates(tmp_path):
    ws = sample_4pc()
    path = save_worksheet(ws, tmp_path / "four_p_c.json").path
    again = load_worksheet(path)
    assert again == ws and again.pairs["price"].actions == [PAYLOAD]
    assert again.action_candidates()[0] == "4P/4C·产品→顾客：出厂预设参数，上门调试半天完成"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["kind"] == "four_p_c" and data["content"]["pairs"]["place"]["gap"] == 5
    with pytest.raises(WorksheetError):
        loads(json.dumps({"schema_version": 1, "kind": "four_p_c",
                          "content": {"pairs": {"product": {"gap": 9}}}}).encode())


# --- Ansoff -------------------------------------------------------------------------------
def test_ansoff_rules():
    ws = sample_ansoff()
    assert ws.options["market_dev"][0].size == 1200.0
    with pytest.raises(WorksheetError, match="先给这个选项打风险分"):
        ws.add_option("product_dev", "远程运维订阅")
        ws.set_chosen("product_dev", 0, True)
    ws.edit_option("product_dev", 0, risk=2)
    ws.set_chosen("product_dev", 0, True)
    with pytest.raises(WorksheetError, match="最多选中 3 个"):
        ws.set_chosen("market_dev", 0, True)
    with pytest.raises(WorksheetError, match="必须有风险分"):
        ws.edit_option("product_dev", 0, risk=None)
    with pytest.raises(WorksheetError, match="数字"):
        ws.edit_option("market_dev", 0, size="很多")
    assert ws.warnings() == [f"多元化风险最高，请估算规模：{PAYLOAD}"]
    ws.edit_option("diversification", 0, size=500)
    assert ws.warnings() == []


def test_ansoff_save_reload_and_validation(tmp_path):
    ws = sample_ansoff()
    path = save_worksheet(ws, tmp_path / "ansoff.json").path
    assert load_worksheet(path) == ws
    assert ws.action_candidates() == ["安索夫·市场渗透：重点客户加维保合同", f"安索夫·多元化：{PAYLOAD}"]
    four = {"schema_version": 1, "kind": "ansoff",
            "content": {"options": {"penetration": [{"text": f"t{i}", "risk": 1, "chosen": True} for i in range(4)]}}}
    with pytest.raises(WorksheetError, match="最多选中 3 个"):
        loads(json.dumps(four).encode())
    bad = {"schema_version": 1, "kind": "ansoff", "content": {"options": {"penetration": [{"text": "x", "size": -1}]}}}
    with pytest.raises(WorksheetError, match="不小于 0"):
        loads(json.dumps(bad).encode())


# --- exports, report, class view --------------------------------------------------------------
@pytest.mark.parametrize("make", [sample_4pc, sample_ansoff])
def test_every_export_format(tmp_path, make):
    ws = make()
    for fmt in ("md", "html", "png", "xlsx", "csv"):
        path = export.export_worksheet(ws, fmt, folder=tmp_path, stem=ws.kind)
        assert path.is_file() and path.stat().st_size > 0
    html = (tmp_path / f"{ws.kind}.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    markdown = (tmp_path / f"{ws.kind}.md").read_text(encoding="utf-8")
    assert "alert(1)" in markdown and "😀" in markdown
    rows = export.read_rows(tmp_path / f"{ws.kind}.xlsx")
    assert any(PAYLOAD in str(r[2]) for r in rows)
    assert (tmp_path / f"{ws.kind}.png").read_bytes()[:4] == b"\x89PNG"


def test_report_contains_both(tmp_path):
    save_worksheet(sample_4pc(), tmp_path / "four_p_c.json")
    save_worksheet(sample_ansoff(), tmp_path / "ansoff.json")
    page = export.export_report(tmp_path).read_text(encoding="utf-8")
    assert "4P→4C 营销组合" in page and "安索夫矩阵：增长方向" in page
    assert "重点客户加维保合同" in page and "出厂预设参数" in page and "<script>alert" not in page


def test_class_view_summaries(tmp_path):
    for n, gap in enumerate((4, 2, 3)):
        ws = FourPCWorksheet(owner=f"学员{n}")
        ws.set_gap("price", gap)
        ws.set_view("price", "贵")
        ws.add_action("price", "分期付款" + "！" * n)
        save_worksheet(ws, tmp_path / f"学员{n}_four_p_c.json")
        a = AnsoffWorksheet(owner=f"学员{n}")
        a.add_option("penetration", "老客户加维保", risk=2)
        a.set_chosen("penetration", 0, True)
        a.add_option("diversification", "储能", risk=5)
        save_worksheet(a, tmp_path / f"学员{n}_ansoff.json")
    view = class_view(tmp_path)
    gaps = dict(view.others["four_p_c"])["每一项的平均差距（1 = 很小，5 = 很大）"].set_index("项目")
    assert gaps.loc["价格→成本", "平均差距"] == 3.0 and gaps.loc["价格→成本", "打分人数"] == 3
    top = view.others["four_p_c"][2][1]
    assert top.iloc[0]["改进动作"] == "分期付款" and top.iloc[0]["人数"] == 3
    table = view.others["ansoff"][0][1].set_index("方向")
    assert table.loc["市场渗透", "选中数"] == 3 and table.loc["多元化", "选中数"] == 0
    assert table.loc["市场渗透", "选中的平均风险"] == 2.0
    page = view.to_html()
    assert "4P→4C 营销组合（3 份）" in page and "安索夫矩阵：增长方向（3 份）" in page
    assert page.count("data:image/png;base64,") >= 2


# --- widgets without a browser ------------------------------------------------------------------
def test_4pc_widget_adds_saves_and_reloads(tmp_path):
    editor = four_p_c_worksheet(folder=tmp_path, delay=60)
    body = editor.body
    body.subject.value = "会员生鲜周卡"
    body.new["price"].value = "预约到店即取"
    body.add("price")
    assert "先写“顾客怎么看”" in editor.message.value and not editor.worksheet.pairs["price"].actions
    body.view["price"].value = "排队提货浪费时间"
    body.add("price")
    assert body.new["price"].value == "" and len(body.rows["price"].children) == 1
    body.gap["price"].value = 4
    assert editor.save_now()
    again = four_p_c_worksheet(folder=tmp_path)
    assert again.worksheet.pairs["price"].actions == ["预约到店即取"] and again.body.gap["price"].value == 4
    assert again.body.subject.value == "会员生鲜周卡"


def test_ansoff_widget_choice_rules_and_reload(tmp_path):
    editor = ansoff_worksheet(folder=tmp_path, delay=60)
    body = editor.body
    for q in ("penetration", "market_dev", "product_dev", "diversification"):
        body.new_text[q].value = f"{q} 选项"
        body.new_risk[q].value = 3
        body.add(q)
    boxes = [body.rows[q].children[0].children[3] for q in ("penetration", "market_dev", "product_dev",
                                                            "diversification")]
    for box in boxes[:3]:
        box.value = True
    boxes[3].value = True
    assert boxes[3].value is False and "最多选中 3 个" in editor.message.value  # the refused tick is undone
    assert "已选中 3 / 3 个" in body.notes.value
    assert editor.save_now()
    again = ansoff_worksheet(folder=tmp_path)
    assert len(again.worksheet.chosen()) == 3
    assert again.body.rows["penetration"].children[0].children[3].value is True


# --- one app in a real browser ------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.slow
def test_ansoff_app_adds_saves_reloads_and_finds_it(voila_app, page, work_dir):
    notebook = ROOT / "notebooks" / "worksheets" / "ansoff.ipynb"
    server = voila_app(notebook)
    url = server.__enter__()
    try:
        page.goto(url, timeout=START)
        box = ".ws-ansoff-penetration"
        page.locator(f"{box} .ws-ansoff-new-text input").wait_for(timeout=START)
        assert page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor").count() == 0
        page.fill(f"{box} .ws-ansoff-new-text input", "重点客户加维保合同")
        page.select_option(f"{box} .ws-ansoff-new-risk select", label="风险 2")
        page.click(f"{box} .ws-add-button")
        page.locator(f"{box} .ws-ansoff-option").first.wait_for(timeout=STEP)
        page.click(f"{box} .ws-ansoff-chosen input")
        page.locator(".ws-ansoff-notes", has_text="已选中 1 / 3 个").wait_for(timeout=STEP)
        page.click(".ws-save-button")
        page.locator(".ws-status", has_text="已保存").wait_for(timeout=STEP)
        saved = load_worksheet(work_dir / "ansoff.json")
        assert [(o.text, o.risk, o.chosen) for o in saved.options["penetration"]] == [("重点客户加维保合同", 2, True)]
        page.reload(timeout=START)
        page.locator(f"{box} .ws-ansoff-text input").first.wait_for(timeout=START)
        assert page.locator(f"{box} .ws-ansoff-text input").first.input_value() == "重点客户加维保合同"
        assert page.locator(f"{box} .ws-ansoff-chosen input").first.is_checked()
    finally:
        server.__exit__(None, None, None)
    assert page.external_requests == []


def test_every_pair_has_a_box_in_the_widget(tmp_path):
    editor = four_p_c_worksheet(folder=tmp_path, delay=60)
    assert set(editor.body.rows) == set(PAIRS)
