"""Action plans (lecture 3): plan against actual, the summary, owners, goals, on hand-made plans."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import helpers
from helpers import DataError
from helpers.analysis.account_lists import (
    account_chain_summary,
    multilevel_accounts,
    order_status,
    winback_accounts,
    winback_sentence,
)
from helpers.analysis.account_plan import (
    ADVICE,
    STATES,
    goal_deadline,
    goal_sentence,
    goal_smart_table,
    goal_status,
    owner_rank_line,
    plan_goals,
    plan_owners,
    plan_sentence,
    plan_status,
    plan_summary,
    plan_table,
)
from helpers.analysis.featured import featured_account, smart_context
from helpers.analysis.multilevel import our_people
from helpers.analysis.smart import smart_check, smart_table

AS_OF = "2025-12-31"


def plan(**changes) -> pd.DataFrame:
    """Items A–I of the design (§ 4.2); I has no owner. ``changes`` = {column: {row: value}}."""
    table = pd.DataFrame({
        "item_id": list("ABCDEFGHI"),
        "goal_id": ["G1", "G1", "G2", "G2", "G2", "G3", "G3", None, "G1"],
        "goal": ["签下项目"] * 2 + ["转化技术总监"] * 3 + ["高层会晤"] * 2 + [None, "签下项目"],
        "action": [f"行动{c}" for c in "ABCDEFGHI"],
        "target_contact_id": ["k1", "k2", "k1", None, "k2", None, None, None, None],
        "owner_id": ["S1", "S1", "L1", "S1", "L1", "S1", "L1", "S1", None],
        "planned_date": ["2025-12-01", "2025-11-01", "2025-11-15", "2025-12-28", "2026-01-15", "2025-10-01",
                         "2025-12-24", "2025-12-23", "2025-12-20"],
        "actual_date": ["2025-12-05", "2025-11-20", None, None, None, None, "2025-12-31", None, "2025-12-20"],
        "status": ["已完成", "已完成", "进行中", "进行中", "未开始", "已取消", "已完成", "未开始", "已完成"],
        "is_review": [0, 0, 0, 0, 0, 0, 0, 1, 0]}).astype(object)
    for column, rows in changes.items():
        for row, value in rows.items():
            table.loc[row, column] = value
    return table


@pytest.fixture
def people() -> pd.DataFrame:
    return our_people(pd.DataFrame({"人员编号": ["S1", "L1"], "姓名": ["孙一", "李总监"],
                                    "职级": ["销售代表", "大区总监"]}))


CONTACTS = pd.DataFrame({"contact_id": ["k1", "k2"], "title": ["总经理", "采购经理"], "level": ["决策层", "管理层"],
                         "contact_name": ["蔡总", "邵经理"]})


def test_plan_status_of_the_design_example(people):
    s = plan_status(plan(), as_of=AS_OF, people=people, contacts=CONTACTS).set_index("行动编号")
    assert s["执行状态"].to_dict() == {
        "A": "按期完成", "B": "延期完成", "C": "逾期未完成", "D": "进行中（未超期）", "E": "未到期", "F": "已取消",
        "G": "按期完成", "H": "逾期未完成", "I": "按期完成"}
    assert s["偏差（天）"].dropna().to_dict() == {"A": 4, "B": 19, "C": 46, "D": 3, "G": 7, "H": 8, "I": 0}
    assert math.isnan(s.loc["E", "偏差（天）"]) and math.isnan(s.loc["F", "偏差（天）"])
    assert s["需纠偏"].to_dict() == {"A": False, "B": False, "C": True, "D": False, "E": False, "F": False,
                                  "G": False, "H": True, "I": True}
    assert s.loc["C", "纠偏建议"] == ADVICE["升级"]  # target 总经理 at 决策层
    assert s.loc["H", "纠偏建议"] == ADVICE["逾期未完成"]
    assert s.loc["I", "纠偏建议"] == ADVICE["无负责人"] and s.loc["I", "负责人"] == "（未指定）"
    assert s.loc["B", "纠偏建议"] == ADVICE["延期完成"] and s.loc["F", "纠偏建议"] == ADVICE["已取消"]
    assert s.loc["C", "对象"] == "总经理" and s.loc["C", "负责人"] == "李总监" and s.loc["C", "负责人职级"] == "总监"
    assert s.loc["H", "是否复盘点"] and not s.loc["A", "是否复盘点"]


def test_tolerance_is_inclusive_and_a_parameter():
    s = plan_status(plan(), as_of=AS_OF, tolerance_days=3).set_index("行动编号")["执行状态"]
    assert s["A"] == "延期完成" and s["D"] == "进行中（未超期）" and s["G"] == "延期完成"
    s = plan_status(plan(), as_of=AS_OF, tolerance_days=8).set_index("行动编号")["执行状态"]
    assert s["H"] == "进行中（未超期）"


def test_plan_summary_counts_and_rates():
    """Actions only: the review point H is a meeting, counted apart (review item: 8/11 counted reviews)."""
    summary = plan_summary(plan_status(plan(), as_of=AS_OF))
    assert list(summary.index[1:8]) == list(STATES) and summary.columns.name == "项目"
    assert summary.loc["全部行动", "行动数"] == 8 and summary.loc["全部行动", "说明"] == "不含 1 个复盘点"
    assert summary.loc[list(STATES), "行动数"].tolist() == [3, 1, 1, 1, 1, 1, 0]
    assert summary.loc[list(STATES), "比率"].isna().all()  # one denominator per table: rates only on the rate rows
    assert summary.loc["已到期完成率", "比率"] == pytest.approx(4 / 6)
    assert summary.loc["按期完成率", "比率"] == pytest.approx(3 / 6)
    assert summary.loc["已到期完成率", "说明"].startswith("4 / 6（已完成 ÷ 已到期的行动；不含复盘点")
    assert summary.attrs["percent"] == ["比率"] and summary.attrs["reviews"] == (1, 0)
    empty = plan_summary(plan_status(plan().iloc[[4]], as_of=AS_OF))  # only a future action
    assert math.isnan(empty.loc["已到期完成率", "比率"]) and empty.loc["已到期完成率", "说明"].startswith("0 / 0")
    assert empty.attrs["reviews"] == (0, 0)


def test_plan_sentence_lists_the_overdue_actions(people):
    text = plan_sentence(plan_status(plan(), as_of=AS_OF, people=people)).splitlines()
    assert text[0] == "截至 2025-12-31，已到期的 6 项行动完成了 4 项（66.7%），其中按期完成 3 项（50.0%）。"
    assert text[1] == "另有 1 个复盘点（复盘是会议，不算行动），按期开了 0 个（H 逾期 8 天未开）。"
    assert text[2] == "逾期未完成 1 项：C 行动C（逾期 46 天，负责人 李总监）。"
    assert text[3] == ("按负责人职级看已到期的行动：总监 2 项，完成 1 项（C 未完成）；"
                       "销售代表 3 项，完成 2 项（D 未完成）。")


def test_owner_rank_line_without_ranks_is_empty():
    s = plan_status(plan(), as_of=AS_OF)  # no people: ranks unknown
    assert owner_rank_line(s) == "" and "按负责人职级" not in plan_sentence(s)


def test_dates_out_of_order_and_missing_are_flagged_not_crashed():
    s = plan_status(plan(planned_date={0: None}), as_of=AS_OF).set_index("行动编号")
    assert s.loc["A", "执行状态"] == "缺计划日期" and s.loc["A", "需纠偏"]
    assert s.loc["A", "纠偏建议"] == ADVICE["缺计划日期"]
    early = plan_status(plan(actual_date={1: "2025-10-20"}), as_of=AS_OF).set_index("行动编号")
    assert early.loc["B", "偏差（天）"] == -12 and early.loc["B", "执行状态"] == "按期完成"  # done before the plan


def test_status_is_derived_when_the_column_is_missing():
    s = plan_status(plan().drop(columns="status"), as_of=AS_OF).set_index("行动编号")["执行状态"]
    assert s["F"] == "逾期未完成"  # without a status, a cancelled action looks open
    assert s["A"] == "按期完成"


@pytest.mark.parametrize(("changes", "row", "words"), [
    ({"actual_date": {0: None}}, 1, ("已完成", "实际日期")),
    ({"actual_date": {3: "2025-12-20"}}, 4, ("进行中",)),
    ({"actual_date": {0: "2026-01-02"}}, 1, ("晚于复盘日",)),
    ({"planned_date": {2: "十一月中"}}, 3, ("不是日期",)),
    ({"item_id": {5: "A"}}, 6, ("重复",)),
    ({"status": {4: "搁置"}}, 5, ("状态",)),
])
def test_bad_rows_are_named(changes, row, words):
    with pytest.raises(DataError) as err:
        plan_status(plan(**changes), as_of=AS_OF)
    assert err.value.row == row, str(err.value)
    for word in words:
        assert word in str(err.value)


def test_trainees_plan_with_chinese_headers(tmp_path, people):
    path = tmp_path / "行动计划.xlsx"
    pd.DataFrame({"行动编号": [1, 2], "工作事项": ["拜访总经理", "技术交流"], "负责人": ["S1", "L1"],
                  "计划完成日期": ["2025/11/1", "2026年1月10日"], "实际完成日期": ["", ""],
                  "执行状态": ["未启动", "未开始"],
                  "目标": ["年底前拜访总经理2次", "年底前拜访总经理2次"]}).to_excel(path, index=False)
    s = plan_status(helpers.read_table(path), as_of=AS_OF, people=people)
    assert s["执行状态"].tolist() == ["逾期未完成", "未到期"] and s["行动编号"].tolist() == ["1", "2"]
    assert s["负责人"].tolist() == ["孙一", "李总监"]
    bad = tmp_path / "坏计划.xlsx"
    pd.DataFrame({"行动编号": [1, 2], "工作事项": ["a", "b"], "负责人": ["S1", "S1"],
                  "计划完成日期": ["2025/11/1", "2025/11/2"], "状态": ["已完成", "未开始"]}).to_excel(bad, index=False)
    with pytest.raises(DataError) as err:
        plan_status(helpers.read_table(bad), as_of=AS_OF)
    assert err.value.row == 2  # Excel row of the first data row


def test_goals_owners_and_display(people):
    goals = plan_goals(plan())
    assert goals.reset_index().values.tolist() == [["G1", "—", "签下项目"], ["G2", "—", "转化技术总监"],
                                                   ["G3", "—", "高层会晤"]]
    assert goals.columns.name == "目标编号" and goals.index.name is None  # one header row in show()
    s = plan_status(plan(), as_of=AS_OF, people=people, contacts=CONTACTS)
    owners = plan_owners(s)
    assert owners.loc["孙一", "负责的行动数"] == 4 and owners.loc["李总监", "其中对接决策层的"] == 1  # H is a review
    assert owners.loc["孙一", ["已到期", "其中已完成"]].tolist() == [3, 2]
    assert owners.loc["李总监", "负责的目标"] == "G2、G3" and owners.loc["（未指定）", "负责的行动数"] == 1
    table = plan_table(s)
    assert "目标" not in table.columns and table.columns.name == "行动编号" and table.index[0] == "A"
    assert table.loc["C", "负责人"] == "李总监（总监）" and table.loc["I", "负责人"] == "（未指定）"
    assert "偏差（天）" in table.columns and not any("_" in str(c) for c in table.columns)


def test_goal_deadlines_and_status():
    """Goal status: the goal's deadline (read from its text) against its actions and their targets."""
    assert goal_deadline("2025 年 12 月 31 日前，与对方总经理会晤") == pd.Timestamp("2025-12-31")
    assert goal_deadline("到 2027 年底成为首选供应商") == pd.Timestamp("2027-12-31")
    assert goal_deadline("2026年2月底前签约") == pd.Timestamp("2026-02-28") and pd.isna(goal_deadline("尽快签约"))
    table = plan(goal={0: "2026年3月31日前签下项目", 1: "2026年3月31日前签下项目", 8: "2026年3月31日前签下项目",
                       2: "2025年12月31日前转化技术总监", 3: "2025年12月31日前转化技术总监",
                       4: "2025年12月31日前转化技术总监", 5: "2025年11月30日前高层会晤", 6: "2025年11月30日前高层会晤"})
    contacts = CONTACTS.assign(attitude=["中立", "反对"])
    goals = goal_status(plan_status(table, as_of=AS_OF, contacts=contacts))
    # G1: not yet due; B was late and its target (k2) is against us -> 有风险
    assert goals.loc["G1", "目标状态"] == "有风险" and "对象 采购经理 仍反对" in goals.loc["G1", "依据"]
    assert "B 延期完成" in goals.loc["G1", "依据"]
    # G2: due at the review date, C overdue and E not done -> 到期未达成
    assert goals.loc["G2", "目标状态"] == "到期未达成" and goals.loc["G2", "依据"].startswith("C 逾期未完成 46 天")
    # G3: due, F cancelled -> 到期未达成 although G was done
    assert goals.loc["G3", "目标状态"] == "到期未达成" and goals.loc["G3", ["行动数", "已完成"]].tolist() == [2, 1]
    done = goal_status(plan_status(table.drop(index=[5]), as_of=AS_OF))
    assert done.loc["G3", "目标状态"] == "到期待核实"
    calm = goal_status(plan_status(table.iloc[[0]], as_of=AS_OF))
    assert calm.loc["G1", "目标状态"] == "按计划推进"
    future = goal_status(plan_status(plan(goal={4: "2026年6月30日前转化技术总监"}).iloc[[4]], as_of=AS_OF))
    assert future.loc["G2", "目标状态"] == "未开始"
    assert goal_sentence(goals).splitlines()[1].startswith("G2 到期未达成（截止 2025-12-31）：C 逾期未完成 46 天")


# --- the SMART checker as this lecture uses it (rules are tested in tests/test_smart.py) ----------

CONTEXT = {"terms": ["嘉兴某光伏设备公司", "总经理", "技术总监", "变频器"], "potential_wan": 1900.0}


@pytest.mark.parametrize(("goal", "kw", "want"), [
    ("加强与该客户高层的关系", {}, {"S": "否", "M": "否", "A": "待判断", "T": "否"}),
    ("2026年3月31日前，由营销副总拜访对方总经理2次，使其态度由中立转为支持", {"context": CONTEXT},
     {"S": "是", "M": "是", "A": "待判断", "R": "是", "T": "是"}),
    ("本季度把钱包份额提升到120%", {}, {"S": "是", "M": "是", "A": "否", "T": "是"}),
    ("２０２６年３月前签约１个项目", {}, {"S": "是", "M": "是", "T": "是"}),
    ("每月拜访一次采购经理", {}, {"S": "是", "M": "是", "T": "否"}),
    ("完成项目", {"deadline": "2026-03-31"}, {"T": "是"}),
])
def test_lecture_goals_through_the_course_checker(goal, kw, want):
    result = smart_check(goal, **kw)
    assert {k: result[k] for k in want} == want, result.table()


def test_smart_table_on_plan_goals_with_the_accounts_context():
    table = smart_table(plan_goals(pd.DataFrame({"goal": [
        "2026 年 3 月 31 日前签下 2 号产线变频与伺服改造项目（预计 380 万元）",
        "2025 年 12 月 31 日前，与对方总经理建立每季度 1 次的高层会晤（由营销副总完成首次会晤）"]})), context=CONTEXT)
    assert table[["S", "M", "A", "R", "T"]].values.tolist() == [["是", "是", "待判断", "是", "是"]] * 2
    shown = goal_smart_table(pd.DataFrame({"goal_id": ["G2"], "goal": ["2026年3月31日前签约1个项目"]}), CONTEXT)
    assert shown.index.tolist() == ["G2"] and shown.columns.name == "目标编号"


def test_smart_context_of_a_customer():
    customers = pd.DataFrame({"customer_id": ["C1"], "customer_name": ["甲厂"], "purchase_potential_wan": [800.0]})
    contacts = pd.DataFrame({"customer_id": ["C1", "C2"], "title": ["技术总监", "财务总监"]})
    ctx = smart_context("C1", customers=customers, contacts=contacts)
    assert ctx["terms"][:3] == ["甲厂", "C1", "技术总监"] and "财务总监" not in ctx["terms"]
    assert "变频器" in ctx["terms"] and ctx["potential_wan"] == 800.0
    assert smart_check("年底前把对甲厂的销售额提高到900万元", context=ctx)["A"] == "否"


def test_featured_account_needs_exactly_one_customer():
    assert featured_account(pd.DataFrame({"customer_id": ["C7", "C7"]})) == "C7"
    with pytest.raises(DataError):
        featured_account(pd.DataFrame({"customer_id": ["C7", "C8"]}))


# --- the case data: the story the lecture tells holds (figures are computed, never typed) ----------

@pytest.fixture(scope="module")
def case():
    people, contacts = helpers.our_people(), helpers.load_case("contacts")
    featured = helpers.featured_account()
    return {"people": people, "contacts": contacts, "featured": featured,
            "chain": helpers.decision_chain(contacts, people, featured, as_of=AS_OF),
            "plan": plan_status(helpers.load_case("account_plan"), as_of=AS_OF, people=people, contacts=contacts)}


def test_featured_chain_plan_and_coverage_on_case_data(case):
    chain = case["chain"].set_index("职务")
    assert chain["优先级"].dropna().sort_values().index[:2].tolist() == ["总经理", "技术总监"]
    assert chain.loc["技术总监", "象限"] == "化解" and chain.loc["总经理", "象限"] == "争取"
    m = helpers.coverage_matrix(case["chain"])
    assert len(m.attrs["holes"]) == 3 and int(sum(m.loc[c] for c in m.attrs["holes"])) == 6
    assert sum(m.attrs["binding"].values()) == 3  # 总经理, 技术总监, 采购专员; the other managers: advice only
    summary = plan_summary(case["plan"])
    assert summary.loc[["按期完成", "延期完成", "逾期未完成", "已取消", "未到期"], "行动数"].tolist() == [4, 2, 3, 1, 2]
    assert summary.loc["已到期完成率", "说明"].startswith("6 / 9") and summary.attrs["reviews"] == (2, 2)
    assert "副总 2 项，完成 0 项（P04、P05 未完成）" in plan_sentence(case["plan"])
    goals = goal_status(case["plan"])
    assert goals.loc["G3", "目标状态"] == "到期未达成" and goals.loc["G2", "目标状态"] == "有风险"
    assert "未谈拢" in goals.loc["G2", "依据"] and "技术总监 仍反对" in goals.loc["G2", "依据"]
    assert (goals["层次"] != "战术").all()  # G3 runs July-December: a 战役
    plan_rows = case["plan"].set_index("行动编号")
    assert plan_rows.loc["P14", "负责人职级"] in ("总监", "副总", "总经理")  # 决策层 target: 总监 and above
    late = case["plan"].set_index("行动")
    assert late.loc["营销副总拜访对方总经理（高层对接）", "执行状态"] == "逾期未完成"
    assert late.loc["营销副总拜访对方总经理（高层对接）", "纠偏建议"] == ADVICE["升级"]


def test_featured_account_is_listed_by_headroom_and_some_listed_accounts_have_no_chain(case):
    listing = helpers.multilevel_accounts(as_of=AS_OF)
    assert case["featured"] in listing.attrs["headroom_rank"]  # whether it is also A 级 is lecture 2's scoring
    assert (listing["决策层对接"] == "决策链未梳理").any()


def test_the_lecture_notebook_types_no_company_name():
    import json
    from pathlib import Path

    notebook = Path(__file__).resolve().parent.parent / "notebooks" / "03_重点客户与立体策略.ipynb"
    text = "".join("".join(c["source"]) for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]
                   if c["cell_type"] == "markdown")
    names = helpers.load_case("customers")["customer_name"]
    assert not [n for n in names if n in text]


# --- the lists: 立体经营名单 without lost accounts, the 挽回名单, the 体检 ----------------------------

ORDERS = pd.DataFrame({"customer_id": ["A", "B", "C", "D", "E"],
                       "order_date": ["2025-12-01", "2025-06-01", "2024-12-31", "2023-05-01", "2024-06-01"],
                       "amount": [900_000.0, 100_000.0, 500_000.0, 300_000.0, 50_000.0], "gross_profit": [0.0] * 5})
CUSTOMERS = pd.DataFrame({"customer_id": list("ABCDE"), "customer_name": ["甲", "乙", "丙", "丁", "戊"],
                          "account_type": ["重点客户"] * 5,
                          "purchase_potential_wan": [100.0, 800.0, 900.0, 400.0, 60.0],
                          "first_order_date": ["2020-01-01"] * 5, "sales_rep_id": ["S1"] * 5})


def test_order_status_follows_the_course_definition():
    s = order_status(ORDERS, as_of=AS_OF, customers=CUSTOMERS.assign(customer_id=list("ABCDF")))
    assert s["订单状态"].to_dict() == {"A": "活跃", "B": "沉默", "C": "流失", "D": "流失", "F": "流失", "E": "流失"}
    assert s.loc["B", "距最近订单（天）"] == 213 and pd.isna(s.loc["F", "最近订单日期"])


def test_lost_key_accounts_are_not_ranked_for_growth_but_go_to_the_winback_list(people):
    contacts = pd.DataFrame({"customer_id": [], "contact_name": [], "level": [], "decision_role": [], "influence": [],
                             "attitude": [], "relationship": []})
    listed = multilevel_accounts(ORDERS, CUSTOMERS, contacts, people, as_of=AS_OF, top=2)
    assert listed.attrs["lost"] == ["C", "D", "E"] and "C" not in listed.attrs["room_rank"]
    assert listed.loc[listed["客户编号"] == "B", "订单状态"].item() == "沉默"
    assert not any("_" in c for c in listed.columns)
    empty = pd.DataFrame({"customer_id": [], "visit_date": [], "status": [], "date_lost": [], "lost_reason": []})
    visits = pd.DataFrame({"customer_id": ["C", "C"], "visit_date": ["2025-02-01", "2026-01-05"]})
    w = winback_accounts(ORDERS, CUSTOMERS, contacts, people, visits, empty, as_of=AS_OF)
    assert w[["客户编号", "决定"]].values.tolist() == [["C", "挽回"], ["D", "先核实"], ["E", "降级"]]
    assert w.loc[1, "最近拜访日期"] == pd.Timestamp("2025-02-01")  # a visit after as_of is ignored
    assert w.loc[1, "流失前12个月销售额（万元）"] == 50.0 and w.loc[1, "负责销售"] == "孙一（销售代表）"
    text = winback_sentence(w).splitlines()
    assert text[0] == ("截至 2025-12-31，5 家重点客户中 3 家已流失（连续 12 个月没有订单）："
                       "挽回 1 家、先核实 1 家、降级 1 家。")
    assert text[1].startswith("挽回（年采购潜力 ≥ 100 万元，且最近一次订单在 24 个月以内）：大区总监")
    w = winback_accounts(ORDERS, CUSTOMERS, contacts, people, visits, empty, as_of=AS_OF, potential_min=1000)
    assert set(w["决定"]) == {"降级"}


def test_lists_on_case_data(case):
    listing = helpers.multilevel_accounts(as_of=AS_OF)
    status = helpers.order_status(helpers.load_case("orders"), as_of=AS_OF)
    grown = [c for c in listing["客户编号"] if c in listing.attrs["headroom_rank"]]
    assert grown and (status.loc[grown, "订单状态"] != "流失").all()
    w = helpers.winback_accounts(as_of=AS_OF)
    assert set(w["客户编号"]) == set(listing.attrs["lost"]) and len(w) == len(listing.attrs["lost"]) > 0
    health = account_chain_summary(case["contacts"], case["people"], customers=helpers.load_case("customers"),
                                   orders=helpers.load_case("orders"), as_of=AS_OF)
    assert set(health.loc[health["状态"] == "已流失", "客户编号"]) == set(w["客户编号"])
    assert (health["状态"].tail(len(w)) == "已流失").all()  # lost accounts last, apart from the rest


# --- exercise L03: the checks accept what the questions promise ----------------------------------

def test_question_3_accepts_the_rule_or_the_opposed_gatekeeper_with_a_reason():
    from helpers.course import exercises as ex

    reason = "他挡着项目，而且态度反对，项目马上要定，所以先化解他"
    for letter, status in (("A", "pass"), ("B", "pass"), ("b", "pass"), ("C", "fail"), ("D", "fail")):
        result = ex.evaluate("L03_q3", {"第3题答案": letter, "第3题理由": reason})
        assert result.status == status, (letter, result.message)
    d = ex.evaluate("L03_q3", {"第3题答案": "D", "第3题理由": reason})
    assert "没有缺口" in d.message
    assert ex.evaluate("L03_q3", {"第3题答案": "B", "第3题理由": "B"}).status == "fail"  # a reason is still needed


@pytest.mark.parametrize(("goal", "ok"), [
    ("2026年3月31日前，由营销副总拜访对方总经理2次，使其态度由中立转为支持", True),
    ("2026年3月31日前，由大区总监拜访客户的副总经理2次，签下改造项目", True),
    ("2026年3月31日前，营销副总拜访对方采购经理2次，使其态度由中立转为支持", False),  # our VP, their buyer
    ("2026年3月31日前，我方总经理拜访对方采购经理2次，使其态度由中立转为支持", False),
    ("2026年3月31日前，技术副总拜访技术总监2次，使其态度由反对转为中立", False),
])
def test_question_5_needs_a_senior_person_of_the_customer(goal, ok):
    from helpers.course import exercises as ex

    result = ex.evaluate("L03_q5", {"第5题答案": goal})
    assert (result.status == "pass") is ok, result.message
    if not ok:
        assert "我们自己的人" in result.message or "还缺" in result.message


def test_number_answers_get_plain_messages():
    from helpers.course import exercises as ex

    rate = helpers.coverage_summary(helpers.decision_chain(helpers.load_case("contacts"), helpers.our_people(),
                                                           as_of=AS_OF)).loc["决策层", "达标率"]
    assert ex.evaluate("L03_q4", {"第4题答案": pd.Series([rate])}).status == "pass"  # one number in a column is fine
    for value in (pd.Series([rate, rate]), [rate, 0.1], float("nan")):
        message = ex.evaluate("L03_q4", {"第4题答案": value}).message
        assert not any(w in message for w in ("iloc", "item()", "NaN", "list", "类型")), message
