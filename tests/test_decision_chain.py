"""Decision chains, coverage and interaction lines (lecture 3) on small hand-made tables with known answers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import helpers
from helpers import DataError
from helpers.analysis.account_lists import account_chain_summary
from helpers.analysis.decision_chain import (
    GAP_ACTIONS,
    GAP_SEVERITY,
    chain_gaps,
    chain_rules,
    decision_chain,
    gap_type,
)
from helpers.analysis.featured import chain_table, gap_table
from helpers.analysis.multilevel import (
    coverage_matrix,
    coverage_sentence,
    coverage_summary,
    interaction_lines,
    interaction_summary,
    line_of,
    our_people,
    rank_of,
    senior_load,
    top_level_cover,
)

AS_OF = "2025-12-31"


@pytest.fixture
def people() -> pd.DataFrame:
    """S1 销售代表, S2 销售经理 (→ 经理), L1 副总经理 (副总), L2 大区总监 (总监), L3 技术服务经理 (经理, 技术)."""
    return our_people(pd.DataFrame({
        "人员编号": ["S1", "S2", "L1", "L2", "L3"], "姓名": ["孙一", "钱二", "赵三", "李四", "周五"],
        "职级": ["销售代表", "销售经理", "副总经理", "大区总监", "技术服务经理"],
        "职能": ["销售", "销售", "销售", "销售", "技术"]}))


def contacts(**changes) -> pd.DataFrame:
    """Customer A's five contacts (design § 4.1); ``changes`` = {column: {row: value}} (rows 0-based)."""
    table = pd.DataFrame({
        "contact_id": ["c1", "c2", "c3", "c4", "c5"], "customer_id": ["A"] * 5,
        "contact_name": ["蔡总", "李总", "周总监", "王工", "赵经理"],
        "title": ["总经理", "副总经理", "技术总监", "电气工程师", "采购经理"],
        "level": ["决策层", "决策层", "管理层", "执行层", "管理层"],
        "decision_role": ["决策者", "决策者", "把关者", "使用者", "采购者"],
        "influence": [5, 4, 4, 2, 3], "attitude": ["中立", "支持", "反对", "反对", "支持"],
        "relationship": [2, 4, 3, 2, 4], "owner_rep_id": ["S1", "S2", "S2", None, "S1"],
        "sponsor_id": [None, "L1", None, None, None],
        "last_contact_date": ["2025-08-20", "2025-12-01", "2025-11-01", None, "2025-06-15"],
        "reports_to": [None, "c1", "c1", "c3", "c2"]}).astype(object)
    for column, rows in changes.items():
        for row, value in rows.items():
            table.loc[row, column] = value
    return table


def by_id(chain: pd.DataFrame) -> pd.DataFrame:
    return chain.set_index("联系人编号")


# --- our people ------------------------------------------------------------------------------

def test_our_people_maps_titles_to_the_six_ranks(people):
    assert people["对接职级"].astype(str).tolist() == ["销售代表", "经理", "副总", "总监", "经理"]
    assert people.loc["L3", "职能"] == "技术"
    assert [rank_of(t) for t in ("营销副总", "CEO", "资深销售", "区域经理")] == ["副总", "总经理", "高级销售", "经理"]


def test_unknown_rank_names_the_row_and_the_ranks():
    with pytest.raises(DataError) as err:
        our_people(pd.DataFrame({"人员编号": ["P1", "P2"], "职级": ["总监", "组长"]}))
    assert err.value.row == 2 and "组长" in str(err.value)
    assert all(rank in str(err.value) for rank in ("销售代表", "高级销售", "经理", "总监", "副总", "总经理"))


def test_duplicate_person_id_names_the_second_row():
    with pytest.raises(DataError) as err:
        our_people(pd.DataFrame({"人员编号": ["P1", "P1"], "职级": ["总监", "经理"]}))
    assert err.value.row == 2


# --- the chain ---------------------------------------------------------------------------------

def test_chain_of_the_design_example(people):
    chain = by_id(decision_chain(contacts(), people, as_of=AS_OF))
    assert chain["我方最高对接职级"].astype(str).to_dict() == {
        "c1": "销售代表", "c3": "经理", "c5": "销售代表", "c4": "无人对接", "c2": "副总"}
    assert chain["是否关键人"].to_dict() == {"c1": True, "c3": True, "c5": False, "c4": False, "c2": True}
    assert chain.loc["c1", "距上次联系_天"] == 133 and math.isnan(chain.loc["c4", "距上次联系_天"])
    assert chain.loc["c1", "缺口"] == "关键人关系弱；对接层级不足（需总监及以上）；超过 90 天未联系"
    assert chain.loc["c3", "缺口"] == "关键人反对"
    assert chain.loc["c4", "缺口"] == "无人对接；从未联系；反对者（影响力较低）"
    # c5 is neither key nor at the 决策层: the 管理层 standard is advice for him, not a gap
    assert chain.loc["c5", "缺口"] == "超过 180 天未联系"
    assert chain.loc["c5", "提示"] == "对接层级偏低（参考：管理层建议经理及以上，不计缺口）"
    assert chain.loc["c1", "提示"] == "—" and chain.loc["c4", "提示"] == "—"
    assert chain.loc["c2", "缺口"] == "—"
    assert chain["缺口数"].to_dict() == {"c1": 3, "c3": 1, "c5": 1, "c4": 3, "c2": 0}
    assert chain["严重度"].to_dict() == {"c1": 5, "c3": 3, "c5": 1, "c4": 5, "c2": 0}
    assert chain["象限"].to_dict() == {"c1": "争取", "c3": "化解", "c5": "培养", "c4": "关注", "c2": "依靠"}
    assert chain["优先级"].dropna().to_dict() == {"c1": 1, "c3": 2, "c5": 3, "c4": 4}
    assert math.isnan(chain.loc["c2", "优先级"])
    assert list(chain.index) == ["c1", "c3", "c5", "c4", "c2"]  # by priority, no gap last
    assert chain.loc["c4", "日常对接人"] == "（无人对接）" and chain.loc["c2", "高层对接人"] == "赵三"


def test_priority_ties_break_on_severity_then_weaker_relationship(people):
    # c4 and c5 become non-key 决策层 contacts (influence 3, not 决策者), covered by S1, seen
    # recently: one gap each (对接层级不足, severity 2); c4's relationship 3 is weaker than c5's 4.
    moved = {"level": {3: "决策层", 4: "决策层"}, "decision_role": {3: "影响者"}, "reports_to": {3: "c1", 4: "c2"},
             "influence": {3: 3}, "attitude": {3: "中立"}, "relationship": {3: 3}, "owner_rep_id": {3: "S1"}}
    table = contacts(**moved, last_contact_date={3: "2025-12-01", 4: "2025-12-01"})
    chain = by_id(decision_chain(table, people, as_of=AS_OF))
    assert chain.loc["c4", "缺口"] == chain.loc["c5", "缺口"] == "对接层级不足（需总监及以上）"
    assert chain["优先级"].dropna().to_dict() == {"c1": 1, "c3": 2, "c4": 3, "c5": 4}
    # with a stale contact (more than 180 days) c5 gains severity and goes first
    chain = by_id(decision_chain(contacts(**moved, last_contact_date={3: "2025-12-01"}), people, as_of=AS_OF))
    assert chain.loc["c5", "优先级"] < chain.loc["c4", "优先级"]


def test_the_standard_binds_for_key_persons_and_the_top_only(people):
    """A key person at the 管理层 covered by a rep is a gap; a non-key one only gets advice."""
    chain = by_id(decision_chain(contacts(owner_rep_id={2: "S1"}), people, as_of=AS_OF))
    assert chain.loc["c3", "缺口"] == "关键人反对；对接层级不足（需经理及以上）" and chain.loc["c3", "提示"] == "—"
    chain = by_id(decision_chain(contacts(influence={2: 3}, decision_role={2: "影响者"}, owner_rep_id={2: "S1"}),
                                 people, as_of=AS_OF))
    assert chain.loc["c3", "缺口"] == "反对者（影响力较低）" and chain.loc["c3", "提示"].startswith("对接层级偏低")
    rules = chain_rules()
    assert set(rules.index[:6]) == set(GAP_SEVERITY) and math.isnan(rules["严重度"].iloc[-1])
    assert rules.loc["关键人关系弱", "规则"] == "关键人的关系强度 ≤ 2（1–5 分）"
    assert "决策层联系人或关键人" in rules.loc["对接层级不足", "规则"]


def test_stale_limits_are_strict_and_differ_for_key_persons(people):
    chain = by_id(decision_chain(contacts(last_contact_date={0: "2025-10-02", 4: "2025-07-04"}), people,
                                 as_of=AS_OF))
    assert chain.loc["c1", "距上次联系_天"] == 90 and "未联系" not in chain.loc["c1", "缺口"]
    assert chain.loc["c5", "距上次联系_天"] == 180 and "未联系" not in chain.loc["c5", "缺口"]
    chain = by_id(decision_chain(contacts(last_contact_date={0: "2025-10-01"}), people, as_of=AS_OF))
    assert "超过 90 天未联系" in chain.loc["c1", "缺口"]


def test_sponsor_without_owner_covers_at_the_sponsors_rank(people):
    chain = by_id(decision_chain(contacts(owner_rep_id={0: None}, sponsor_id={0: "L2"}), people, as_of=AS_OF))
    assert str(chain.loc["c1", "我方最高对接职级"]) == "总监"
    assert "无人对接" not in chain.loc["c1", "缺口"] and "层级不足" not in chain.loc["c1", "缺口"]
    assert chain.loc["c1", "日常对接人"] == "（无人对接）"


def test_contact_with_no_owner_column_at_all(people):
    table = contacts().drop(columns=["owner_rep_id", "sponsor_id"])
    chain = decision_chain(table, people, as_of=AS_OF)
    assert set(chain["我方最高对接职级"].astype(str)) == {"无人对接"}
    assert chain.attrs["notes"] == ["表中没有对接人列，所有联系人都按“无人对接”处理"]


def test_customer_with_no_contacts(people):
    chain = decision_chain(contacts(), people, customer="B", as_of=AS_OF)
    assert chain.empty and chain.attrs["customers_without_contacts"] == ["B"]
    gaps = chain_gaps(chain)
    assert gaps[["客户编号", "缺口类型"]].values.tolist() == [["B", "决策链未梳理"]]
    assert len(coverage_matrix(chain).attrs["holes"]) == 0
    assert math.isnan(coverage_summary(chain).loc["决策层", "达标率"])


def test_gap_list_in_priority_order_with_account_rows(people):
    gaps = chain_gaps(decision_chain(contacts(), people, as_of=AS_OF))
    assert gaps["联系人"].tolist()[:3] == ["蔡总", "蔡总", "蔡总"]
    assert gaps["缺口类型"].tolist() == ["关键人关系弱", "对接层级不足", "久未联系", "关键人反对", "久未联系",
                                   "无人对接", "久未联系", "反对者（影响力较低）", "未识别角色"]
    assert gaps["说明"].iloc[-1] == "未识别角色：影响者"
    assert gaps["建议动作"].iloc[0] == GAP_ACTIONS["关键人关系弱"]
    assert set(GAP_SEVERITY) <= set(GAP_ACTIONS)
    assert gap_type("对接层级不足（需经理及以上）") == "对接层级不足"


def test_chain_table_for_trainees(people):
    view = chain_table(decision_chain(contacts(), people, as_of=AS_OF))
    assert view.index.tolist() == [1, 2, 3, 4, 5]
    assert view.loc[4, "距上次联系（天）"] == "从未联系" and view.loc[1, "距上次联系（天）"] == 133
    assert "联系人编号" not in view.columns
    assert view.loc[1, "我方对接人"] == "孙一（销售代表）"
    assert view.loc[5, "我方对接人"] == "钱二（经理）；高层：赵三（副总）"
    assert view.loc[4, "我方对接人"] == "（无人对接）" and view.loc[3, "提示"].startswith("对接层级偏低")
    shown = gap_table(decision_chain(contacts(), people, as_of=AS_OF))
    assert shown.columns.tolist() == ["优先级", "联系人", "职务", "缺口", "建议动作"]
    assert shown.index[0] == 1 and shown.loc[1, "缺口"] == "关键人关系弱"


# --- bad input → DataError naming the row ------------------------------------------------------

@pytest.mark.parametrize(("changes", "row", "words"), [
    ({"influence": {2: 6}}, 3, ("影响力",)),
    ({"relationship": {1: "强"}}, 2, ("关系强度",)),
    ({"attitude": {3: "冷淡"}}, 4, ("态度", "支持")),
    ({"level": {0: "董事会"}}, 1, ("层级",)),
    ({"reports_to": {1: "c5"}}, 2, ("汇报对象", "层级低")),
    ({"reports_to": {0: "c2"}}, 1, ("循环",)),
    ({"reports_to": {0: "c1"}}, 1, ("他自己",)),
    ({"reports_to": {4: "c9"}}, 5, ("不在联系人表中",)),
    ({"last_contact_date": {2: "2026-01-05"}}, 3, ("晚于复盘日",)),
    ({"last_contact_date": {2: "下周"}}, 3, ("不是日期",)),
    ({"owner_rep_id": {4: "S9"}}, 5, ("不在人员表中",)),
    ({"contact_id": {3: "c1"}}, 4, ("重复",)),
    ({"customer_id": {2: None}}, 3, ("客户编号",)),
])
def test_bad_rows_are_named(people, changes, row, words):
    with pytest.raises(DataError) as err:
        decision_chain(contacts(**changes), people, as_of=AS_OF)
    assert err.value.row == row, str(err.value)
    assert f"第 {row} 行" in str(err.value)
    for word in words:
        assert word in str(err.value)


def test_reports_to_another_customer_is_refused(people):
    table = pd.concat([contacts(), pd.DataFrame({
        "contact_id": ["d1"], "customer_id": ["B"], "contact_name": ["孙总"], "title": ["总经理"], "level": ["决策层"],
        "decision_role": ["决策者"], "influence": [5], "attitude": ["支持"], "relationship": [3],
        "owner_rep_id": ["S1"], "reports_to": ["c1"]})], ignore_index=True)
    with pytest.raises(DataError, match="另一家客户") as err:
        decision_chain(table, people, as_of=AS_OF)
    assert err.value.row == 6


# --- a trainee's own export, Chinese headers ---------------------------------------------------

def test_trainees_export_with_chinese_headers(tmp_path, people):
    export = pd.DataFrame({
        "客户编号": ["K01", "K01", "K01"], "联系人姓名": ["刘总", "陈工", "何经理"],
        "职位": ["总经理", "工程师", "采购经理"],
        "组织层级": ["高层", "基层", "中层"], "角色": ["决策者", "使用者", "采购者"], "影响力评分": [5, 2, 3],
        "立场": ["观望", "认可", "抵触"], "关系": [1, 4, 3], "对接人": ["孙一", "孙一", ""],
        "最近拜访日期": ["2025/9/1", "2025年12月20日", ""]})
    path = tmp_path / "联系人.csv"
    export.to_csv(path, index=False, encoding="gbk")
    table = helpers.read_table(path)
    chain = by_id(decision_chain(table, people, as_of=AS_OF).assign(
        联系人编号=lambda d: d["联系人"]))  # no id column: K1.. were given
    assert chain.loc["刘总", "层级"] == "决策层" and chain.loc["刘总", "态度"] == "中立"
    assert chain.loc["何经理", "态度"] == "反对" and str(chain.loc["何经理", "我方最高对接职级"]) == "无人对接"
    assert chain.loc["刘总", "日常对接人"] == "孙一"  # the owner given by name
    assert chain.loc["刘总", "距上次联系_天"] == 121
    bad = export.assign(影响力评分=[5, 2, 9])
    bad.to_csv(path, index=False, encoding="gbk")
    with pytest.raises(DataError) as err:
        decision_chain(helpers.read_table(path), people, as_of=AS_OF)
    assert err.value.row == 4  # the Excel row: header = row 1
    assert err.value.source and "联系人.csv" in err.value.source


def test_trainees_people_table_read_from_excel(tmp_path):
    path = tmp_path / "人员.xlsx"
    people = pd.DataFrame({"员工编号": ["E1", "E2"], "姓名": ["甲", "乙"], "级别": ["区域总监", "业务员"]})
    people.to_excel(path, index=False)
    mine = our_people(helpers.read_table(path))
    assert mine["对接职级"].astype(str).tolist() == ["总监", "销售代表"]


# --- coverage ----------------------------------------------------------------------------------

def test_coverage_matrix_and_holes(people):
    m = coverage_matrix(decision_chain(contacts(), people, as_of=AS_OF))
    assert list(m.index) == ["总经理", "副总", "总监", "经理", "高级销售", "销售代表", "无人对接"]
    assert list(m.columns) == ["决策层", "管理层", "执行层"]
    assert int(m.values.sum()) == 5
    assert {k: int(v) for k, v in m.stack().items() if v} == {
        ("副总", "决策层"): 1, ("经理", "管理层"): 1, ("销售代表", "决策层"): 1, ("销售代表", "管理层"): 1,
        ("无人对接", "执行层"): 1}
    # the 采购经理 (管理层, not key) covered by a rep is below the standard, but it is only advice for him
    assert set(m.attrs["holes"]) == {("销售代表", "决策层"), ("无人对接", "执行层")}
    assert m.attrs["advisory"] == [("销售代表", "管理层")]
    assert m.attrs["names"][("销售代表", "决策层")] == ["总经理"]
    assert ("总监", "决策层") not in m.attrs["below"] and ("经理", "决策层") in m.attrs["below"]


def test_coverage_summary_and_sentence(people):
    chain = decision_chain(contacts(), people, as_of=AS_OF)
    s = coverage_summary(chain)
    assert s[["联系人数", "达标人数", "无人对接人数"]].values.tolist() == [[2, 1, 0], [2, 1, 0], [1, 0, 1]]
    assert s["达标率"].tolist() == [0.5, 0.5, 0.0] and s.attrs["percent"] == ["达标率"]
    assert "1 家客户的 2 位决策层联系人中，1 位（50.0%）" in coverage_sentence(chain)
    assert "0 家（0.0%）的决策层联系人全部没有" in coverage_sentence(chain)


def test_a_custom_standard(people):
    chain = decision_chain(contacts(), people, as_of=AS_OF, standard={"决策层": "经理"})
    assert "对接层级不足（需经理及以上）" in chain.set_index("联系人编号").loc["c1", "缺口"]
    assert chain.attrs["standard"]["决策层"] == "经理"
    assert coverage_summary(chain, {"决策层": "销售代表"}).loc["决策层", "达标率"] == 1.0
    with pytest.raises(DataError):
        decision_chain(contacts(), people, as_of=AS_OF, standard={"决策层": "组长"})


def test_top_level_cover_states():
    frame = pd.DataFrame({"层级": ["决策层"], "我方最高对接职级": ["销售代表"]})
    assert top_level_cover(frame) == "全部未达标"
    assert top_level_cover(frame.iloc[:0]) == "决策链未梳理"
    assert top_level_cover(frame.assign(层级="管理层")) == "无决策层联系人"


def test_account_chain_summary_lists_an_account_without_contacts(people):
    customers = pd.DataFrame({"customer_id": ["A", "B", "C"], "customer_name": ["甲厂", "乙厂", "丙厂"],
                              "account_type": ["重点客户", "重点客户", "一般客户"]})
    s = account_chain_summary(contacts(), people, customers=customers, as_of=AS_OF).set_index("客户编号")
    assert list(s.index) == ["B", "A"]  # C is not a key account and has no contacts
    assert s.loc["B", "状态"] == "决策链未梳理" and s.loc["B", "联系人数"] == 0 and s.loc["B", "客户名称"] == "乙厂"
    assert s.loc["A", "缺失角色"] == "影响者" and s.loc["A", "缺口总数"] == 8
    assert s.loc["A", "状态"] == "有高优先缺口" and s.loc["A", "决策层对接"] == "部分达标"
    assert s.loc["A", "有高优先缺口的关键人"] == 2  # 蔡总 (久未联系) and 周总监 (反对)
    assert s.loc["A", "关键人数"] == 3 and s.loc["A", "支持的关键人数"] == 1
    assert s["最近订单日期"].isna().all() and s["是否流失"].isna().all()  # no orders given


def test_account_chain_summary_puts_lost_accounts_apart(people):
    """With orders: an account without an order in the 12 months before as_of is 已流失, listed last."""
    customers = pd.DataFrame({"customer_id": ["A", "B"], "customer_name": ["甲厂", "乙厂"],
                              "account_type": ["重点客户", "重点客户"]})
    orders = pd.DataFrame({"customer_id": ["A", "B"], "order_date": ["2024-12-31", "2025-01-01"]})
    s = account_chain_summary(contacts(), people, customers=customers, orders=orders, as_of=AS_OF)
    assert s[["客户编号", "状态", "是否流失"]].values.tolist() == [["B", "决策链未梳理", False], ["A", "已流失", True]]
    assert s.loc[2, "最近订单日期"] == pd.Timestamp("2024-12-31")
    # a key person who is only weak and under-covered is an ordinary gap, not a 高优先 one
    calm = contacts(attitude={2: "中立"}, last_contact_date={0: "2025-12-01", 3: "2025-12-01"}, owner_rep_id={3: "S1"})
    s = account_chain_summary(calm, people, ["A"], as_of=AS_OF)
    assert s.loc[1, "状态"] == "有缺口" and s.loc[1, "有高优先缺口的关键人"] == 0


# --- interaction lines and senior load -----------------------------------------------------------

def test_interaction_lines_of_the_design_example(people):
    visits = pd.DataFrame({"customer_id": ["A"] * 4 + ["B"], "visit_date": pd.to_datetime(
        ["2025-01-15", "2025-03-10", "2025-07-01", "2025-12-20", "2025-05-05"]),
        "visitor_id": ["S1", "S1", "L1", "L2", "L3"]})
    lines = interaction_lines(visits, people, "A", as_of=AS_OF)
    hit = lines[lines["拜访次数"] > 0]
    counts = {(line, m.month): n for line, m, n in hit[["线", "月份", "拜访次数"]].itertuples(index=False)}
    assert counts == {("高层线", 7): 1, ("高层线", 12): 1, ("商务线", 1): 1, ("商务线", 3): 1}
    assert len(lines) == 36 and lines["月份"].min() == pd.Timestamp("2025-01-01")
    # the records begin 2025-01-15: the 技术线 has no visit since then, so at least 350 days ("censored")
    assert lines.attrs["longest_gap"] == {"高层线": 172, "技术线": 350, "商务线": 296}
    assert lines.attrs["censored"] == {"高层线": False, "技术线": True, "商务线": False}
    assert lines.attrs["gap_span"]["商务线"] == (pd.Timestamp("2025-03-10"), pd.Timestamp("2025-12-31"))
    assert lines.attrs["broken"] == ["高层线", "技术线", "商务线"]
    summary = interaction_summary(lines)
    assert summary.loc["技术线", "拜访次数"] == 0 and summary.loc["商务线", "有拜访的月数"] == 2


def test_interaction_line_rules_and_window(people):
    assert line_of("副总", "技术") == "技术线" and line_of("总经理", "管理") == "高层线"
    visits = pd.DataFrame({"客户编号": ["A", "A"], "拜访日期": ["2024-12-31", "2025-01-01"], "拜访人": ["S1", "S1"]})
    lines = interaction_lines(visits, people, "A", as_of=AS_OF)
    assert lines["拜访次数"].sum() == 1  # the 2024 visit is outside the window
    none = interaction_lines(visits, people, "Z", as_of=AS_OF)
    assert none.attrs["longest_gap"]["商务线"] == 365 and none.attrs["broken"] == ["高层线", "技术线", "商务线"]


def test_a_silence_counts_from_the_last_visit_before_the_window(people):
    """Review item: the 高层线 silence 2024-10-10 → 2025-07-10 is 273 days, not 190 from the window's edge."""
    visits = pd.DataFrame({"客户编号": ["A", "A", "A", "B"], "拜访人": ["L1", "L1", "L3", "S1"],
                           "拜访日期": ["2024-10-10", "2025-07-10", "2025-09-12", "2024-01-02"]})
    lines = interaction_lines(visits, people, "A", as_of=AS_OF)
    assert lines.attrs["longest_gap"]["高层线"] == 273 and not lines.attrs["censored"]["高层线"]
    assert lines.attrs["gap_span"]["高层线"] == (pd.Timestamp("2024-10-10"), pd.Timestamp("2025-07-10"))
    # no technical visit before 2025-09-12 in records that begin 2024-01-02: at least 619 days
    assert lines.attrs["longest_gap"]["技术线"] == 619 and lines.attrs["censored"]["技术线"]
    summary = interaction_summary(lines)
    assert summary.loc["高层线", "无互动区间"] == "2024-10-10 上次拜访 → 2025-07-10 下次拜访"
    assert summary.loc["技术线", "无互动区间"].startswith("拜访记录起点 2024-01-02（此前无记录")
    assert summary.loc["高层线", "断线"] and summary.columns.name == "线"
    # exactly 60 days apart is not 断线; 61 is
    for days, broken in ((60, False), (61, True)):
        end = pd.Timestamp("2025-01-01") + pd.Timedelta(days=days)
        close = pd.DataFrame({"客户编号": ["A"] * 3, "拜访人": ["S1"] * 3,
                              "拜访日期": ["2024-12-31", "2025-01-01", f"{end:%Y-%m-%d}"]})
        assert ("商务线" in interaction_lines(close, people, "A", as_of=end).attrs["broken"]) is broken


def test_unknown_visitor_names_the_visit_row(people):
    visits = pd.DataFrame({"客户编号": ["A", "A"], "拜访日期": ["2025-02-01", "2025-03-01"], "拜访人": ["S1", "X9"]})
    with pytest.raises(DataError, match="不在人员表中") as err:
        interaction_lines(visits, people, "A", as_of=AS_OF)
    assert err.value.row == 2


def test_senior_load(people):
    chain = decision_chain(contacts(sponsor_id={0: "L2"}), people, as_of=AS_OF)
    visits = pd.DataFrame({"customer_id": ["A", "A", "A"], "visit_date": ["2025-03-01", "2024-03-01", "2025-04-01"],
                           "visitor_id": ["L2", "L2", "L1"], "visit_type": ["高层会晤", "高层会晤", "上门拜访"]})
    load = senior_load(chain, people, visits, year=2025, listed=["A"])
    assert list(load.index) == ["L1", "L2"]
    assert load.loc["L2", "对接的决策层联系人数"] == 1 and load.loc["L1", "对接的决策层联系人数"] == 1
    assert load.loc["L2", "2025年高层会晤次数"] == 1 and load.loc["L1", "2025年高层会晤次数"] == 0
    assert load.loc["L2", "其中立体经营名单客户数"] == 1


def test_an_ambiguous_date_is_refused_not_guessed():
    """5/3/2025 could be 5 March or 3 May: the chain refuses it instead of guessing (course rule)."""
    from helpers.analysis.decision_chain import _date_or_bad

    frame = pd.DataFrame({"x": [1]})
    with pytest.raises(DataError, match="顺序不明确"):
        _date_or_bad(frame, 0, "5/3/2025", "最近联系日期")
    assert _date_or_bad(frame, 0, "2025年3月5日", "最近联系日期") == pd.Timestamp("2025-03-05")
