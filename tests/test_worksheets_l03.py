"""Lecture 3's worksheets: 决策链地图 and 重点客户行动计划 -- model, storage, exports, report, class view, apps."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import helpers
from helpers.errors import WorksheetError
from helpers.worksheets import export
from helpers.worksheets.account_plan import AccountPlanWorksheet, account_plan_worksheet, smart_badges
from helpers.worksheets.classview import class_view
from helpers.worksheets.decision_map import DecisionMapWorksheet, decision_map_worksheet
from helpers.worksheets.model import KINDS, kind_class
from helpers.worksheets.storage import load_worksheet, save_worksheet

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date.today()


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def contact(name: str, **over) -> dict:
    base = {"name": name, "title": "", "level": "管理层", "role": "影响者", "influence": 3, "attitude": "支持",
            "relationship": 3, "owner": "小王", "owner_rank": "经理", "last_contact": day(-10)}
    return {**base, **over}


def sample_map() -> DecisionMapWorksheet:
    ws = DecisionMapWorksheet(title="甲厂（练习）", owner="王小明")
    ws.add_contact(**contact("蔡总", title="总经理", level="决策层", role="决策者", influence=5, attitude="中立",
                             relationship=2, owner_rank="销售代表", last_contact=day(-120)))
    ws.add_contact(**contact("周总监", title="技术总监", role="把关者", influence=4, attitude="反对", relationship=2))
    ws.add_contact(**contact("<b>杨专员</b>", title="采购专员", level="执行层", role="采购者", influence=1,
                             attitude="反对", owner="", owner_rank="", last_contact=""))
    ws.add_contact(name="草稿甲")  # a draft: kept, listed under 待完善, left out of the picture
    return ws


def sample_plan() -> AccountPlanWorksheet:
    ws = AccountPlanWorksheet(title="甲厂（练习）", owner="王小明", period_start=day(-100), period_end=day(120),
                              account_owner="何总监")
    ws.add_goal(f"{(TODAY + dt.timedelta(days=90)):%Y年%m月%d日}前签下2号产线改造项目（预计380万元）", level="战役")
    ws.add_goal("加强与该客户高层的关系", level="战略")
    ws.add_action("营销副总拜访对方总经理", goal=1, owner="吴副总", owner_rank="副总", planned=day(-40),
                  target="总经理")
    ws.add_action("提交方案与报价", goal=1, owner="小田", owner_rank="销售代表", planned=day(-30), status="已完成",
                  actual=day(-31))
    ws.add_action("=SUM(A1) <script>", owner="小田", planned=day(30))
    ws.add_review(day(-20))
    return ws


# --- the models ---------------------------------------------------------------------------------

def test_kinds_are_registered():
    assert KINDS["decision_map"] == "decision_map" and KINDS["account_plan"] == "account_plan"
    assert kind_class("decision_map") is DecisionMapWorksheet and kind_class("account_plan") is AccountPlanWorksheet
    assert helpers.decision_map_worksheet is decision_map_worksheet
    assert helpers.account_plan_worksheet is account_plan_worksheet


def test_decision_map_uses_the_lectures_rules():
    ws = sample_map()
    chain = ws.chain(as_of=TODAY).set_index("联系人")
    assert list(chain.index) == ["蔡总", "周总监", "<b>杨专员</b>"]  # the draft is left out
    assert chain.loc["蔡总", "缺口"] == "关键人关系弱；对接层级不足（需总监及以上）；超过 90 天未联系"
    assert chain.loc["周总监", "缺口"] == "关键人反对；关键人关系弱"  # 经理 meets the 管理层 standard
    assert chain.loc["<b>杨专员</b>", "缺口"] == "无人对接；从未联系；反对者（影响力较低）"
    gaps = ws.gaps(as_of=TODAY)
    assert gaps["联系人"].tolist()[:4] == ["蔡总", "蔡总", "蔡总", "周总监"]
    assert "未识别角色：使用者" in gaps["说明"].tolist()
    todo = ws.to_do()
    assert any("草稿甲" in t and "层级" in t for t in todo)
    assert any(t.startswith("还没有人担任") and "使用者" in t for t in todo)


def test_decision_map_owner_without_rank_counts_as_a_sales_rep_and_is_listed():
    ws = DecisionMapWorksheet()
    ws.add_contact(**contact("蔡总", level="决策层", role="决策者", influence=5, owner_rank=""))
    assert str(ws.chain().loc[0, "我方最高对接职级"]) == "销售代表"
    assert any("请选择对接人职级" in t for t in ws.to_do())


@pytest.mark.parametrize(("values", "words"), [
    ({"name": ""}, "姓名"),
    ({"name": "x", "influence": 6}, "影响力"),
    ({"name": "x", "attitude": "冷淡"}, "态度"),
    ({"name": "x", "owner_rank": "组长"}, "对接人职级"),
    ({"name": "x", "last_contact": "上周"}, "不是日期"),
    ({"name": "x" * 21}, "太长"),
])
def test_decision_map_refuses_bad_values(values, words):
    with pytest.raises(WorksheetError, match=words):
        DecisionMapWorksheet().add_contact(**values)


def test_decision_map_edit_and_remove():
    ws = sample_map()
    ws.edit_contact(3, level="执行层", role="使用者", influence=2, attitude="支持", relationship=4)
    assert "草稿甲" in ws.chain()["联系人"].tolist()
    assert ws.remove_contact(0).name == "蔡总" and len(ws.contacts) == 3
    with pytest.raises(WorksheetError):
        ws.edit_contact(9, name="x")


def test_account_plan_checks_goals_and_actions():
    ws = sample_plan()
    assert ws.smart(0).missing == () and ws.smart(1).missing == ("S", "M", "T")
    status = ws.status().set_index("行动编号")
    assert status.loc["A1", "执行状态"] == "逾期未完成" and status.loc["A1", "偏差（天）"] == 40
    assert status.loc["A2", "执行状态"] == "按期完成" and status.loc["A3", "执行状态"] == "未到期"
    assert status.loc["R1", "执行状态"] == "按期完成" and status.loc["R1", "是否复盘点"]
    assert status.loc["A1", "负责人职级"] == "副总"
    todo = ws.to_do()
    assert "目标 2 缺少 S、M、T（SMART 检查）" in todo and "目标 2 还没有对应的行动" in todo
    assert any("没有对应的目标" in t for t in todo)
    assert not any("倒三角" in t for t in todo) and not any("复盘点" in t for t in todo)
    ws.edit_action(0, owner_rank="经理")
    assert any("倒三角的顶端空着" in t for t in ws.to_do())


def test_account_plan_goal_removal_renumbers_actions():
    ws = sample_plan()
    ws.add_action("签合同", goal=2)
    ws.remove_goal(0)
    assert [a.goal for a in ws.actions] == [0, 0, 0, 1]


@pytest.mark.parametrize(("call", "words"), [
    (lambda ws: ws.add_action("x", status="已完成"), "实际日期"),
    (lambda ws: ws.add_action("x", actual=day(-1)), "实际日期"),
    (lambda ws: ws.add_action("x", status="已完成", actual=day(5)), "晚于今天"),
    (lambda ws: ws.add_action("x", goal=7), "目标不存在"),
    (lambda ws: ws.add_action("x", planned="下周"), "不是日期"),
    (lambda ws: ws.add_goal("x", level="战场"), "层次"),
    (lambda ws: ws.add_review("月底"), "不是日期"),
])
def test_account_plan_refuses_bad_values(call, words):
    with pytest.raises(WorksheetError, match=words):
        call(sample_plan())


def test_account_plan_period_must_not_end_before_it_starts():
    ws = sample_plan()
    ws.period_end = day(-200)
    with pytest.raises(WorksheetError, match="早于开始日期"):
        ws.validate()


def test_smart_badges_pair_colour_with_a_word():
    html = smart_badges(sample_plan().smart(1))
    assert "缺 S" in html and "缺 M" in html and "A？" in html and ">R<" in html


# --- storage and exports ------------------------------------------------------------------------

@pytest.mark.parametrize("make", [sample_map, sample_plan])
def test_save_reload_equal(tmp_path, make):
    ws = make()
    path = tmp_path / f"{ws.kind}.json"
    save_worksheet(ws, path)
    assert load_worksheet(path) == ws
    assert json.loads(path.read_text(encoding="utf-8"))["kind"] == ws.kind


@pytest.mark.parametrize("make", [sample_map, sample_plan])
def test_every_export_format(tmp_path, make):
    ws = make()
    for fmt in ("md", "html", "png", "xlsx", "csv"):
        path = export.export_worksheet(ws, fmt, folder=tmp_path)
        assert path.exists() and path.stat().st_size > 100
    assert export.read_rows(tmp_path / f"{ws.kind}.xlsx") == ws.rows()
    assert export.read_rows(tmp_path / f"{ws.kind}.csv") == ws.rows()
    assert (tmp_path / f"{ws.kind}.png").read_bytes().startswith(b"\x89PNG")
    page = (tmp_path / f"{ws.kind}.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "<b>杨专员" not in page
    md = (tmp_path / f"{ws.kind}.md").read_text(encoding="utf-8")
    assert "甲厂（练习）" in md and "待完善" in md


def test_report_contains_both_worksheets(tmp_path):
    save_worksheet(sample_map(), tmp_path / "decision_map.json")
    save_worksheet(sample_plan(), tmp_path / "account_plan.json")
    page = export.export_report(tmp_path).read_text(encoding="utf-8")
    assert "决策链地图" in page and "重点客户行动计划" in page
    assert page.count("data:image/png;base64,") >= 2 and "<script" not in page.lower()
    assert "关键人关系弱" in page and "缺少" in page


# --- class view ---------------------------------------------------------------------------------

def _map(gatekeeper: str | None) -> DecisionMapWorksheet:
    ws = DecisionMapWorksheet()
    ws.add_contact(**contact("总", level="决策层", role="决策者", influence=5, owner_rank="总监"))
    for role in ("影响者", "采购者", "使用者"):
        ws.add_contact(**contact(role, role=role, level="执行层" if role != "影响者" else "管理层"))
    if gatekeeper == "covered":
        ws.add_contact(**contact("把关", role="把关者", influence=4, owner_rank="经理"))
    elif gatekeeper == "uncovered":
        ws.add_contact(**contact("把关", role="把关者", influence=4, owner="", owner_rank=""))
    return ws


def test_class_view_names_the_roles_most_often_uncovered(tmp_path):
    for name, gate in (("A", None), ("B", "uncovered"), ("C", "covered")):
        save_worksheet(_map(gate), tmp_path / f"{name}_decision_map.json")
    plan = sample_plan()
    save_worksheet(plan, tmp_path / "A_account_plan.json")
    save_worksheet(AccountPlanWorksheet(), tmp_path / "B_account_plan.json")
    view = class_view(tmp_path)
    sections = dict(view.others["decision_map"])
    roles = sections["各角色：未识别，或无人对接 / 对接层级不足"].set_index("角色")
    assert roles.loc["把关者", "未识别的占比"] == "33.3%" and roles.loc["把关者", "无人对接或层级不足的占比"] == "33.3%"
    assert roles.index[0] == "把关者"  # the most often missing or uncovered role comes first
    assert roles.loc["决策者", "未识别的地图数"] == 0
    gaps = sections["各类缺口出现在多少张地图里"].set_index("缺口类型")
    assert gaps.loc["无人对接", "有这种缺口的地图数"] == 1
    overview = sections["概况"].set_index("项目")["数值"]
    assert overview["地图数"] == "3" and overview["决策者全部支持的地图"] == "3（100.0%）"
    plans = dict(view.others["account_plan"])
    letters = plans["各 SMART 要素：缺少（判为“否”）的目标数"].set_index("要素")
    assert letters.loc["S", "缺少的目标数"] == 1 and letters.loc["A", "缺少的目标数"] == 0
    assert plans["概况"].set_index("项目").loc["计划数", "数值"] == "2"
    html = view.to_html()
    assert "全班：最常缺失或没人对接的角色" in html and "全班：目标最常缺少的 SMART 要素" in html
    assert html.count("data:image/png;base64,") >= 2


# --- widgets without a browser ------------------------------------------------------------------

def test_decision_map_widget_adds_edits_saves_and_reloads(tmp_path):
    editor = decision_map_worksheet(folder=tmp_path, delay=60)
    body = editor.body
    body.submit()
    assert "请先填写联系人的姓名" in editor.message.value
    values = {"name": "蔡总", "title": "总经理", "level": "决策层", "role": "决策者", "influence": 5,
              "attitude": "中立", "relationship": 2, "owner": "小王", "owner_rank": "销售代表"}
    for key, value in values.items():
        body.inputs[key].value = value
    body.submit()
    assert body.inputs["name"].value == "" and len(body.list.children) == 1
    assert "关键人关系弱" in body.gap_box.value and bytes(body.grid_image.value).startswith(b"\x89PNG")
    body.load(0)
    body.inputs["attitude"].value = "支持"
    body.submit()
    assert editor.worksheet.contacts[0].attitude == "支持" and body.editing is None
    editor.flush()
    again = decision_map_worksheet(folder=tmp_path)
    assert again.worksheet.contacts[0].name == "蔡总" and len(again.body.list.children) == 1
    body.remove(0)
    assert not editor.worksheet.contacts


def test_account_plan_widget_adds_goals_actions_reviews_and_marks_done(tmp_path):
    editor = account_plan_worksheet(folder=tmp_path, delay=60)
    body = editor.body
    body.goal["text"].value = "加强与客户高层的关系"
    body.add_goal()
    assert "缺 S" in body.goal_rows.children[0].children[0].value
    body.action["text"].value = "拜访总经理"
    body.action["goal"].value = 1
    body.action["planned"].value = day(-20)
    body.add_action()
    assert len(body.action_rows.children) == 1 and "逾期未完成 1 项" in body.summary.value
    status, actual = body.action_rows.children[0].children[1:3]
    status.value = "已完成"
    assert editor.worksheet.actions[0].status == "已完成" and actual.value == TODAY.isoformat()
    body.review.value = day(10)
    body.add_review()
    body.meta["period_start"].value = "2026-13-01"  # refused, shown, not stored
    assert "不是日期" in editor.message.value and editor.worksheet.period_start == ""
    editor.flush()
    saved = load_worksheet(tmp_path / "account_plan.json")
    assert saved.actions[0].status == "已完成" and saved.reviews == [day(10)]


# --- the apps in a browser ----------------------------------------------------------------------

START, STEP = 180_000, 30_000


@pytest.mark.browser
@pytest.mark.slow
def test_decision_map_app_adds_saves_reloads_and_finds_the_contact(voila_app, page, work_dir):
    notebook = ROOT / "notebooks" / "worksheets" / "decision_map.ipynb"
    with voila_app(notebook) as url:
        page.goto(url, timeout=START)
        page.locator(".ws-dm-name input").wait_for(timeout=START)
        page.fill(".ws-dm-title input", "总经理")
        page.select_option(".ws-dm-level select", label="决策层")
        page.select_option(".ws-dm-role select", label="决策者")
        page.select_option(".ws-dm-influence select", label="影响力 5（很大）")
        page.select_option(".ws-dm-attitude select", label="中立")
        page.select_option(".ws-dm-relationship select", label="关系强度 2（较小）")
        page.fill(".ws-dm-owner input", "小王")
        page.fill(".ws-dm-name input", "蔡总")
        page.press(".ws-dm-name input", "Enter")  # Enter adds, as in the SWOT
        page.locator(".ws-dm-contact").first.wait_for(timeout=STEP)
        page.locator(".ws-dm-gaps", has_text="关键人关系弱").wait_for(timeout=STEP)
        page.click(".ws-save-button")
        page.locator(".ws-status", has_text="已保存").wait_for(timeout=STEP)
        assert load_worksheet(work_dir / "decision_map.json").contacts[0].name == "蔡总"
        page.reload(timeout=START)
        page.locator(".ws-dm-contact-text", has_text="蔡总").wait_for(timeout=START)
        assert "总经理" in page.inner_text(".ws-dm-contact-text")
    assert page.external_requests == []


@pytest.mark.browser
@pytest.mark.slow
def test_account_plan_app_adds_saves_reloads_and_finds_the_action(voila_app, page, work_dir):
    notebook = ROOT / "notebooks" / "worksheets" / "account_plan.ipynb"
    with voila_app(notebook) as url:
        page.goto(url, timeout=START)
        page.locator(".ws-ap-goal-text input").wait_for(timeout=START)
        page.fill(".ws-ap-goal-text input", "2026年3月31日前签下2号产线改造项目（预计380万元）")
        page.press(".ws-ap-goal-text input", "Enter")
        page.locator(".ws-ap-goal").first.wait_for(timeout=STEP)
        page.select_option(".ws-ap-action-goal select", index=1)
        page.fill(".ws-ap-action-owner input", "吴副总")
        page.fill(".ws-ap-action-planned input", day(15))
        page.fill(".ws-ap-action-text input", "营销副总拜访对方总经理")
        page.click(".ws-add-button")
        page.locator(".ws-ap-action").first.wait_for(timeout=STEP)
        page.click(".ws-save-button")
        page.locator(".ws-status", has_text="已保存").wait_for(timeout=STEP)
        saved = load_worksheet(work_dir / "account_plan.json")
        assert saved.actions[0].text == "营销副总拜访对方总经理" and saved.actions[0].goal == 1
        page.reload(timeout=START)
        page.locator(".ws-ap-action-label", has_text="营销副总拜访对方总经理").wait_for(timeout=START)
        assert "签下2号产线改造项目" in page.inner_text(".ws-ap-goal")
    assert page.external_requests == []
