"""Action plans (lecture 3): plan against actual, the summary, owners, goals, on hand-made plans."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import helpers
from helpers import DataError
from helpers.analysis.account_plan import (
    ADVICE,
    STATES,
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
    assert s["偏差_天"].dropna().to_dict() == {"A": 4, "B": 19, "C": 46, "D": 3, "G": 7, "H": 8, "I": 0}
    assert math.isnan(s.loc["E", "偏差_天"]) and math.isnan(s.loc["F", "偏差_天"])
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
    summary = plan_summary(plan_status(plan(), as_of=AS_OF))
    assert list(summary.index[:7]) == list(STATES)
    assert summary.loc[list(STATES), "行动数"].tolist() == [3, 1, 2, 1, 1, 1, 0]
    assert summary.loc["已到期完成率", "占比"] == pytest.approx(4 / 7)
    assert summary.loc["按期完成率", "占比"] == pytest.approx(3 / 7)
    assert summary.loc["已到期完成率", "说明"].startswith("4 / 7")
    assert summary.attrs["percent"] == ["占比"]
    empty = plan_summary(plan_status(plan().iloc[[4]], as_of=AS_OF))  # only a future action
    assert math.isnan(empty.loc["已到期完成率", "占比"]) and empty.loc["已到期完成率", "说明"].startswith("0 / 0")


def test_plan_sentence_lists_the_overdue_actions(people):
    text = plan_sentence(plan_status(plan(), as_of=AS_OF, people=people))
    assert text.startswith("截至 2025-12-31，已到期的 7 项行动完成了 4 项（57.1%），其中按期完成 3 项（42.9%）。")
    assert "逾期未完成 2 项：C 行动C（逾期 46 天，负责人 李总监）；H 行动H（逾期 8 天" in text


def test_dates_out_of_order_and_missing_are_flagged_not_crashed():
    s = plan_status(plan(planned_date={0: None}), as_of=AS_OF).set_index("行动编号")
    assert s.loc["A", "执行状态"] == "缺计划日期" and s.loc["A", "需纠偏"]
    assert s.loc["A", "纠偏建议"] == ADVICE["缺计划日期"]
    early = plan_status(plan(actual_date={1: "2025-10-20"}), as_of=AS_OF).set_index("行动编号")
    assert early.loc["B", "偏差_天"] == -12 and early.loc["B", "执行状态"] == "按期完成"  # done before the plan


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
    assert goals.values.tolist() == [["G1", "—", "签下项目"], ["G2", "—", "转化技术总监"], ["G3", "—", "高层会晤"]]
    s = plan_status(plan(), as_of=AS_OF, people=people, contacts=CONTACTS)
    owners = plan_owners(s).set_index("负责人")
    assert owners.loc["孙一", "负责的行动数"] == 5 and owners.loc["李总监", "其中对接决策层的行动数"] == 1
    assert owners.loc["李总监", "负责的目标"] == "G2、G3" and owners.loc["（未指定）", "负责的行动数"] == 1
    assert "目标" not in plan_table(s).columns


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
        "2025 年 12 月 31 日前，与对方总经理建立季度会晤，使技术总监的态度由反对转为中立"]})), context=CONTEXT)
    assert table[["S", "M", "A", "R", "T"]].values.tolist() == [["是", "是", "待判断", "是", "是"]] * 2


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
    summary = plan_summary(case["plan"])
    assert summary.loc[["按期完成", "延期完成", "逾期未完成", "已取消", "未到期"], "行动数"].tolist() == [6, 2, 3, 1, 2]
    assert summary.loc["已到期完成率", "说明"].startswith("8 / 11")
    late = case["plan"].set_index("行动")
    assert late.loc["营销副总拜访对方总经理（高层对接）", "执行状态"] == "逾期未完成"
    assert late.loc["营销副总拜访对方总经理（高层对接）", "纠偏建议"] == ADVICE["升级"]


def test_featured_account_is_listed_by_headroom_and_some_listed_accounts_have_no_chain(case):
    listing = helpers.multilevel_accounts(as_of=AS_OF)
    assert case["featured"] in listing.attrs["headroom_rank"] and case["featured"] not in listing.attrs["a_rank"]
    assert (listing["决策层对接"] == "决策链未梳理").any()


def test_the_lecture_notebook_types_no_company_name():
    import json
    from pathlib import Path

    notebook = Path(__file__).resolve().parent.parent / "notebooks" / "03_重点客户与立体策略.ipynb"
    text = "".join("".join(c["source"]) for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]
                   if c["cell_type"] == "markdown")
    names = helpers.load_case("customers")["customer_name"]
    assert not [n for n in names if n in text]
