"""Lecture 6's worksheets: KISS 复盘, SMART 目标, 我的行动计划 -- model, storage, exports, report, class view,
widgets, and one Voilà app each in a real browser."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from helpers.errors import WorksheetError
from helpers.worksheets import export
from helpers.worksheets.classview import class_view
from helpers.worksheets.five_forces import FiveForcesWorksheet
from helpers.worksheets.kiss import KissWorksheet, kiss_example, kiss_worksheet
from helpers.worksheets.my_action_plan import MyActionPlanWorksheet, collect_candidates, my_action_plan_worksheet
from helpers.worksheets.smart_goals import SmartGoalsWorksheet, smart_goals_worksheet
from helpers.worksheets.storage import load_worksheet, save_worksheet, worksheet_path
from helpers.worksheets.swot import SwotWorksheet

ROOT = Path(__file__).resolve().parent.parent
PAYLOAD = "<script>alert(1)</script> =SUM(A1) *粗* 😀"


def sample_kiss() -> KissWorksheet:
    ws = KissWorksheet(title="华北复盘", owner="王小明", subject="华北区 2025 年", period_start="2025-01-01",
                       period_end="2025-12-31", facts="完成率 68%，全公司 92%")
    ws.add_item("keep", "每周一的商机复盘会")
    ws.add_item("improve", "报价审批要 5 天", "李", "2026/2/28")
    ws.add_item("start", "给新人配师傅", "王", "2026年3月31日")
    ws.add_item("start", PAYLOAD)
    ws.add_item("stop", "按客户数平均分配拜访任务")
    return ws


def sample_goals() -> SmartGoalsWorksheet:
    ws = SmartGoalsWorksheet(title="我的目标", parent="提高一般客户的复购与留存")
    ws.add_goal("把华东区一般客户的季度复购率从18%提高到25%", metric="复购率", baseline="18%", target="25",
                deadline="2026-06-30", owner="王", confirm_a="是")
    ws.add_goal("加强客户关系管理，提升服务水平。")
    ws.add_goal(PAYLOAD)
    return ws


def sample_plan() -> MyActionPlanWorksheet:
    ws = MyActionPlanWorksheet(title="我的计划", strategy="先补齐华北的客户覆盖", plan_date="2026-01-05")
    ws.add_action("机器人配件设专人，季度份额回到13%", owner="王", due="2026-03-31", metric="份额")
    ws.add_action(PAYLOAD, owner="李", start="2026-01-10", due="2026-09-30")
    return ws


# --- KISS ------------------------------------------------------------------------------------
def test_kiss_rules():
    ws = sample_kiss()
    assert ws.items["improve"][0].due == "2026-02-28" and ws.items["start"][0].due == "2026-03-31"
    assert ws.problems() == ["开始第 2 条缺负责人和完成日期"]
    assert ws.status_line() == "还有 1 条“开始”缺负责人或日期。"
    ws.items["start"][0].due = "2025-06-30"
    assert "开始第 1 条的完成日期早于复盘期间结束日期" in ws.problems()
    with pytest.raises(WorksheetError):
        ws.set_period("2025-12-31", "2025-01-01")
    with pytest.raises(WorksheetError):
        ws.add_item("keep", "x", due="下周")
    for n in range(9):
        ws.add_item("keep", f"第 {n} 条")
    with pytest.raises(WorksheetError, match="最多 10 条"):
        ws.add_item("keep", "第 11 条")


def test_kiss_invalid_dates_in_a_file_are_refused(tmp_path):
    data = sample_kiss().to_dict()
    data["content"]["items"]["start"][0]["due"] = "2026/3/31"
    (tmp_path / "kiss.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(WorksheetError, match="不是有效日期"):
        load_worksheet(tmp_path / "kiss.json")


def test_kiss_example_quotes_the_figures_it_is_given():
    d = pd.DataFrame({"完成率": [0.684, 0.919], "人均客户数": [18.8, 30.0]}, index=["华北", "合计"])
    strategy = pd.DataFrame({"预警": [False, True]}, index=["伺服驱动", "工业机器人配件"])
    ws = kiss_example(d, strategy=strategy)
    assert ws.items["improve"][0].text.startswith("华北完成率 68%（全公司 92%）")
    assert ws.items["start"][0].text == "工业机器人配件设专人，每季度看份额"
    assert ws.problems() == [] and "人均客户 19 家" in ws.facts
    assert "为演示编写" in ws.facts                                    # the invented items are said to be invented
    active = pd.DataFrame({"完成率": [0.712, 0.95], "人均活跃客户数": [12.0, 21.2]}, index=["华北", "合计"])
    active.attrs["per_rep"] = "人均活跃客户数"
    assert "人均活跃客户 12 家（全公司 21 家）" in kiss_example(active).facts


# --- SMART goals -------------------------------------------------------------------------------
def test_smart_goals_use_the_course_checker_with_the_fields():
    ws = sample_goals()
    first = ws.check(0)
    assert first.results == {"S": "是", "M": "是", "A": "待判断", "R": "是", "T": "是"}
    assert "有基线：从 18 到 25（变化 +38.9%）" in first.table().loc["A", "依据"]
    assert ws.verdicts()[0]["A"] == "已确认"
    assert ws.check(1).missing == ("S", "M", "T")
    with pytest.raises(WorksheetError, match="数字"):
        ws.edit_goal(0, baseline="很多")
    with pytest.raises(WorksheetError):
        ws.edit_goal(0, confirm_r="也许")
    ws.edit_goal(1, deadline="2026/6/30")
    assert ws.check(1)["T"] == "是"
    ws.add_goal("a")
    ws.add_goal("b")
    with pytest.raises(WorksheetError, match="最多写 5 个目标"):
        ws.add_goal("c")


def test_smart_goals_class_summary():
    a, b = sample_goals(), SmartGoalsWorksheet()
    b.add_goal("努力做好会员运营工作，尽快提高复购率", confirm_r="否")
    sections = dict(SmartGoalsWorksheet.class_summary([a, b]))
    letters = sections["每个要素判为“否”的目标占比（来源：第六讲 SMART 目标工作表）"].set_index("要素")
    assert letters.loc["M 可衡量", "“否”的个数"] == 3 and letters.loc["M 可衡量", "目标数"] == 4
    words = sections["最常见的空泛词"].set_index("空泛词")["出现的目标数"]
    assert words["加强"] == 1 and words["努力"] == 1
    confirmed = sections["学员亲自确认了 A、R 的目标占比"].set_index("确认项")["已确认的占比"]
    assert confirmed.to_dict() == {"A 可达成": 0.25, "R 相关": 0.25}


# --- my action plan ------------------------------------------------------------------------------
def test_plan_rules():
    ws = sample_plan()
    assert ws.problems() == ["第 2 条没有衡量指标", "第 2 条：检查器认为缺 M（加上数字、单位和日期）"]
    ws.edit_action(0, start="2026-01-01")
    assert "第 1 条的开始日期早于计划日期" in ws.problems()
    ws.edit_action(0, due="2025-12-31")
    assert "第 1 条的完成日期早于开始日期" in ws.problems()
    for n in range(3):
        ws.add_action(f"行动 {n}")
    with pytest.raises(WorksheetError, match="最多 5 条"):
        ws.add_action("第六条")


def _saved_folder(tmp_path: Path) -> Path:
    swot = SwotWorksheet()
    swot.set_strategy("SO", "用复购优势开新店")
    save_worksheet(swot, tmp_path / "swot.json")
    forces = FiveForcesWorksheet()
    forces.set_score("buyers", 5)
    forces.set_response("buyers", "做定制化服务")
    forces.set_score("rivalry", 3)
    save_worksheet(forces, tmp_path / "five_forces.json")
    old = KissWorksheet()
    old.add_item("start", "旧的一条")
    save_worksheet(old, worksheet_path("kiss", "旧", tmp_path))
    save_worksheet(sample_kiss(), tmp_path / "kiss.json")          # the newer one is used
    save_worksheet(sample_goals(), tmp_path / "smart_goals.json")
    (tmp_path / "smart_goals-坏了.json").write_text("{", encoding="utf-8")
    return tmp_path


def test_candidates_from_the_earlier_worksheets(tmp_path):
    cands = collect_candidates(_saved_folder(tmp_path))
    assert cands.groupby("来源", sort=False).size().to_dict() == {
        "SWOT 分析": 1, "波特五力分析": 1, "KISS 复盘": 3, "SMART 目标": 3}
    texts = cands["内容"].tolist()
    assert "SO 增长型策略：用复购优势开新店" in texts
    assert "应对最强的力量：购买者议价能力（5分）：做定制化服务" in texts
    assert "开始：旧的一条" not in texts and "改进：报价审批要 5 天" in texts
    kiss = cands[cands["工作表"] == "kiss"].set_index("内容")
    assert kiss.loc["开始：给新人配师傅", ["负责人", "日期", "文件"]].tolist() == ["王", "2026-03-31", "kiss.json"]
    goal = cands[cands["工作表"] == "smart_goals"].iloc[0]
    assert (goal["日期"], goal["负责人"]) == ("2026-06-30", "王")
    assert any("smart_goals-坏了.json" in note for note in cands.attrs["notes"])


def test_a_plan_keeps_its_copy_when_the_source_is_deleted(tmp_path):
    folder = _saved_folder(tmp_path)
    cands = collect_candidates(folder)
    plan = MyActionPlanWorksheet(plan_date="2026-01-05")
    row = cands[cands["内容"] == "开始：给新人配师傅"].iloc[0].to_dict()
    plan.actions[plan.add_candidate(row)].metric = "新人 3 个月完成率"
    (folder / "kiss.json").unlink()
    save_worksheet(plan, folder / "my_action_plan.json")
    back = load_worksheet(folder / "my_action_plan.json")
    action = back.actions[0]
    assert (action.text, action.source, action.source_file, action.owner, action.due) == (
        "开始：给新人配师傅", "KISS 复盘", "kiss.json", "王", "2026-03-31")
    assert action.source_updated == row["保存时间"] != ""
    copied = [b for b in back.blocks() if getattr(b, "header", ("",))[0:2] == ("序号", "来源")][0]
    assert copied.rows[0][2] == "开始：给新人配师傅"


def test_candidates_tolerate_an_empty_or_missing_folder(tmp_path):
    assert collect_candidates(tmp_path / "没有").empty
    assert "还没有找到" in collect_candidates(tmp_path).attrs["notes"][0]


def test_plan_class_summary():
    a, b = sample_plan(), MyActionPlanWorksheet(plan_date="2026-01-05")
    b.add_action("机器人配件设专人，季度份额回到13%", owner="赵", due="2026-02-01", source="KISS 复盘")
    sections = MyActionPlanWorksheet.class_summary([a, b])
    by_source = sections[0][1].set_index("来源")["行动数"]
    assert by_source.to_dict() == {"自己写": 2, "KISS 复盘": 1}
    due = sections[2][1].set_index("完成期限")["行动数"]
    assert due.to_dict() == {"≤ 30 天": 1, "31–60 天": 0, "61–90 天": 1, "> 90 天": 1, "没有日期": 0}
    top = sections[3][1]
    assert top.iloc[0].tolist() == ["机器人配件设专人，季度份额回到13%", 2]
    complete = sections[1][1].set_index("项目")["占比"]
    assert complete["有负责人"] == 1.0 and complete["有衡量指标"] == pytest.approx(0.333)


# --- storage and exports for all three -------------------------------------------------------
MAKERS = [sample_kiss, sample_goals, sample_plan]


@pytest.mark.parametrize("make", MAKERS, ids=lambda m: m.__name__)
def test_save_reload_equal(tmp_path, make):
    ws = make()
    path = worksheet_path(ws.kind, folder=tmp_path)
    save_worksheet(ws, path)
    back = load_worksheet(path)
    assert back == ws and back.updated
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["kind"] == ws.kind and data["schema_version"] == 1


@pytest.mark.parametrize("make", MAKERS, ids=lambda m: m.__name__)
def test_every_export_format(tmp_path, make):
    ws = make()
    out = tmp_path / "导出"
    for fmt in export.FORMATS:
        path = export.export_worksheet(ws, fmt, folder=out)
        assert path.is_file() and path.stat().st_size > 0
    page = (out / f"{ws.kind}.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert export.read_rows(out / f"{ws.kind}.csv") == ws.rows() == export.read_rows(out / f"{ws.kind}.xlsx")
    markdown = (out / f"{ws.kind}.md").read_text(encoding="utf-8")
    assert f"![{ws.label}图示]({ws.kind}.png)" in markdown
    assert export.markdown_text(PAYLOAD) in markdown and "<script>" not in markdown   # escaped the export's way
    assert (out / f"{ws.kind}.png").read_bytes().startswith(b"\x89PNG")


def test_exports_show_dates_in_chinese(tmp_path):
    page = export.to_html(sample_kiss(), chart=False)
    assert "2026年3月31日" in page and "2026-03-31" not in page
    assert "2026年1月5日" in export.to_markdown(sample_plan())


def test_report_and_class_view_include_the_three(tmp_path):
    for make in MAKERS:
        ws = make()
        save_worksheet(ws, worksheet_path(ws.kind, folder=tmp_path))
    page = export.export_report(tmp_path).read_text(encoding="utf-8")
    for label in ("KISS 复盘", "SMART 目标", "我的行动计划"):
        assert label in page
    assert "<script>alert" not in page
    view = class_view(tmp_path)
    assert set(view.others) >= {"kiss", "smart_goals", "my_action_plan"}
    html = view.to_html()
    assert "KISS 复盘（1 份）" in html and "我的行动计划（1 份）" in html and "最常见的空泛词" in html
    assert "data:image/png;base64" in html                      # the SMART chart


# --- widgets without a browser ------------------------------------------------------------------
def test_kiss_widget_adds_saves_and_reloads(tmp_path):
    editor = kiss_worksheet(folder=tmp_path, delay=60)
    body = editor.body
    body.subject.value = "华北区 2025 年"
    body.start.value, body.end.value = "2025/1/1", "2025年12月31日"
    text, owner, due = body.new["start"]
    text.value, owner.value, due.value = "机器人配件设专人", "王", "2026/3/31"
    body.add("start")
    assert text.value == "" and len(body.rows["start"].children) == 1
    body.new["improve"][0].value = "报价审批太慢"
    body.add("improve")
    assert "1 条“改进”" in body.status.value
    body.new["stop"][0].value = ""
    body.add("stop")
    assert "请先在" in editor.message.value
    body.new["keep"][2].value = "下周"
    body.new["keep"][0].value = "周例会"
    body.add("keep")
    assert "看不懂这个日期" in editor.message.value and not editor.worksheet.items["keep"]
    assert editor.save_now()
    again = kiss_worksheet(folder=tmp_path)
    assert again.worksheet.period_end == "2025-12-31" and again.body.start.value == "2025-01-01"
    assert [r.children[1].value for r in again.body.rows["start"].children] == ["机器人配件设专人"]
    assert again.body.rows["start"].children[0].children[3].value == "2026-03-31"


def test_smart_widget_checks_as_you_type(tmp_path):
    editor = smart_goals_worksheet(folder=tmp_path, delay=60)
    body = editor.body
    body.new_text.value = "提升华东区重点客户满意度"
    body.add()
    result = body.results[0]
    assert "M 可衡量 <b>否</b>" in result.value and "T 有时限 <b>否</b>" in result.value
    box = body.goals.children[0]
    box.children[0].children[1].value = "2026年6月30日前，把华东区重点客户满意度从4.0提高到4.5分"
    assert "M 可衡量 <b>是</b>" in body.results[0].value and "T 有时限 <b>是</b>" in body.results[0].value
    box.children[2].children[0].value = "是"                          # A confirmed
    assert "已确认" in body.results[0].value
    assert editor.save_now()
    assert load_worksheet(tmp_path / "smart_goals.json").goals[0].confirm_a == "是"


def test_plan_widget_takes_a_candidate(tmp_path):
    _saved_folder(tmp_path)
    editor = my_action_plan_worksheet(folder=tmp_path, delay=60)
    body = editor.body
    assert editor.worksheet.plan_date == body.date.value != ""
    labels = [label for label, _ in body.pick.options]
    assert any(label.startswith("【KISS 复盘】开始：给新人配师傅") for label in labels)
    assert "smart_goals-坏了.json" in body.notes.value
    body.pick.value = next(v for label, v in body.pick.options if "给新人配师傅" in label)
    body.take()
    assert len(body.actions.children) == 1 and editor.worksheet.actions[0].owner == "王"
    body.new_text.value = "每周一复盘"
    body.add_own()
    assert "第 2 条缺负责人、完成日期" in body.status.value
    assert editor.save_now()
    report = editor.export_report()
    assert report is not None and "我的行动计划" in report.read_text(encoding="utf-8")


# --- the apps in a real browser ------------------------------------------------------------------
START, STEP = 180_000, 30_000


def _app(voila_app, page, kind: str, ready: str):
    notebook = ROOT / "notebooks" / "worksheets" / f"{kind}.ipynb"
    server = voila_app(notebook)
    url = server.__enter__()
    page.goto(url, timeout=START)
    page.locator(ready).first.wait_for(timeout=START)
    assert page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor").count() == 0
    return server


@pytest.mark.browser
@pytest.mark.slow
def test_kiss_app_adds_saves_reloads_and_finds_it(voila_app, page, work_dir):
    server = _app(voila_app, page, "kiss", ".ws-kiss-start .ws-kiss-new-text input")
    try:
        page.fill(".ws-kiss-start .ws-kiss-new-text input", "机器人配件设专人")
        page.fill(".ws-kiss-start .ws-kiss-new-owner input", "王经理")
        page.fill(".ws-kiss-start .ws-kiss-new-due input", "2026/3/31")
        page.click(".ws-kiss-start .ws-add-button")
        page.locator(".ws-kiss-start .ws-kiss-item").first.wait_for(timeout=STEP)
        page.click(".ws-save-button")
        page.locator(".ws-status", has_text="已保存").wait_for(timeout=STEP)
        saved = load_worksheet(work_dir / "kiss.json")
        started = [(i.text, i.owner, i.due) for i in saved.items["start"]]
        assert started == [("机器人配件设专人", "王经理", "2026-03-31")]
        page.reload(timeout=START)
        page.locator(".ws-kiss-start .ws-kiss-item-text input").first.wait_for(timeout=START)
        assert page.locator(".ws-kiss-start .ws-kiss-item-text input").first.input_value() == "机器人配件设专人"
        assert page.locator(".ws-kiss-start .ws-kiss-item-due input").first.input_value() == "2026-03-31"
    finally:
        server.__exit__(None, None, None)
    assert page.external_requests == []


@pytest.mark.browser
@pytest.mark.slow
def test_smart_goals_app_adds_saves_reloads_and_finds_it(voila_app, page, work_dir):
    server = _app(voila_app, page, "smart_goals", ".ws-smart-new-text input")
    try:
        page.fill(".ws-smart-new-text input", "提升华东区重点客户满意度")
        page.click(".ws-add-button")
        page.locator(".ws-smart-result", has_text="否").first.wait_for(timeout=STEP)
        assert "M 可衡量 否" in page.inner_text(".ws-smart-result")
        page.click(".ws-save-button")
        page.locator(".ws-status", has_text="已保存").wait_for(timeout=STEP)
        assert load_worksheet(work_dir / "smart_goals.json").goals[0].text == "提升华东区重点客户满意度"
        page.reload(timeout=START)
        page.locator(".ws-smart-goal-text input").first.wait_for(timeout=START)
        assert page.locator(".ws-smart-goal-text input").first.input_value() == "提升华东区重点客户满意度"
    finally:
        server.__exit__(None, None, None)
    assert page.external_requests == []


@pytest.mark.browser
@pytest.mark.slow
def test_my_action_plan_app_adds_saves_reloads_and_finds_it(voila_app, page, work_dir):
    kiss = KissWorksheet()
    kiss.add_item("start", "给新人配师傅", "王", "2026-03-31")
    save_worksheet(kiss, work_dir / "kiss.json")
    server = _app(voila_app, page, "my_action_plan", ".ws-plan-candidates select")
    try:
        page.select_option(".ws-plan-candidates select", label="【KISS 复盘】开始：给新人配师傅")
        page.click(".ws-plan-add-candidate")
        page.locator(".ws-plan-action").first.wait_for(timeout=STEP)
        page.click(".ws-save-button")
        page.locator(".ws-status", has_text="已保存").wait_for(timeout=STEP)
        saved = load_worksheet(work_dir / "my_action_plan.json")
        assert [(a.text, a.owner, a.source) for a in saved.actions] == [("开始：给新人配师傅", "王", "KISS 复盘")]
        page.reload(timeout=START)
        page.locator(".ws-plan-text input").first.wait_for(timeout=START)
        assert page.locator(".ws-plan-text input").first.input_value() == "开始：给新人配师傅"
    finally:
        server.__exit__(None, None, None)
    assert page.external_requests == []
