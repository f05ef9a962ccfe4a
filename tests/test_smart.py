"""The course's one SMART checker (helpers/analysis/smart.py): every case of L03 §4.3 and L06 §4.3."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.analysis.smart import (
    LETTERS,
    SmartResult,
    smart_check,
    smart_limits,
    smart_missing,
    smart_rules,
    smart_table,
)

# --- lecture 6 design §4.3: goal, context, expected S M A R T ------------------------------
# Without a parent goal R is always 待判断 (review of L06, item 12): "是业务目标" is only the basis.
L06_CASES = [
    (1, "2026年6月30日前，把华东区一般客户的季度复购率从18%提高到25%。", "提高一般客户的复购与留存", "是是待是是"),
    (2, "加强客户关系管理，提升服务水平。", None, "否否待待否"),
    (3, "下季度新增重点客户5家。", None, "是是待待是"),
    (4, "今年销售额翻一番。", None, "是是待待是"),
    (5, "48小时内回复所有客户投诉", None, "是是待待否"),
    (6, "努力做好会员运营工作，尽快提高复购率", None, "是否待待否"),
    (7, "到2026年底，APP渠道新会员的90天留存率达到30%", None, "是是待待是"),
    (8, "２０２６年３月底前，把小程序首单转化率从２０％提到２４％", None, "是是待待是"),
    (9, "3个月内把西南区回款周期从90天缩短到60天", None, "是是待待是"),
    (10, "提升华东区重点客户满意度", None, "是否待待否"),
    (11, "把流失率从5%提高到8%", None, "是是待待否"),
    (12, "", None, "否否待待否"),
    (13, "提高复购率", "把大客户的回款周期缩短", "否否待待否"),
]
WORD = {"是": "是", "否": "否", "待": "待判断"}


@pytest.mark.parametrize("number, goal, context, expected", L06_CASES, ids=[str(c[0]) for c in L06_CASES])
def test_lecture6_cases(number, goal, context, expected):
    result = smart_check(goal, context=context)
    assert result.results == {letter: WORD[e] for letter, e in zip(LETTERS, expected)}, number


def basis(result: SmartResult, letter: str) -> str:
    return result.table().loc[letter, "依据"]


def test_a_notes_give_the_baseline_and_the_size_of_the_change():
    assert "有基线：从 18% 到 25%（变化 +38.9%）" in basis(smart_check(L06_CASES[0][1]), "A")
    assert "变化 +20.0%" in basis(smart_check(L06_CASES[7][1]), "A")          # full-width digits
    assert "从 90天 到 60天（变化 -33.3%）" in basis(smart_check(L06_CASES[8][1]), "A")
    eleven = basis(smart_check("把流失率从5%提高到8%"), "A")
    assert "+60.0%" in eleven and "超过 50%，请核实" in eleven
    assert "超过 50%" not in basis(smart_check(L06_CASES[0][1]), "A")


def test_a_flags_absolute_words_and_is_never_passed():
    doubled = basis(smart_check("今年销售额翻一番。"), "A")
    assert "翻一番" in doubled and "请核实" in doubled
    assert "所有" in basis(smart_check("48小时内回复所有客户投诉"), "A")
    for _, goal, context, _ in L06_CASES:
        assert smart_check(goal, context=context)["A"] != "是"


def test_a_uses_baseline_and_target_given_separately():
    r = smart_check("提升华东区重点客户满意度", baseline=4.0, target=4.5)
    assert "有基线：从 4 到 4.5（变化 +12.5%）" in basis(r, "A")
    assert "超过 50%" in basis(smart_check("提升复购率", baseline="10", target="20"), "A")
    assert "有基线" not in basis(smart_check("提升复购率", baseline="", target=None), "A")


def test_case6_vague_words_are_reported_even_when_s_passes():
    r = smart_check("努力做好会员运营工作，尽快提高复购率")
    assert r["S"] == "是" and {"努力", "做好", "尽快"} <= set(r.vague)
    assert r.vague_line().startswith("空泛词：") and "建议换成具体动作" in r.vague_line()


def test_case11_r_is_open_and_the_limits_admit_the_wrong_direction():
    assert smart_check("把流失率从5%提高到8%")["R"] == "待判断"
    assert "流失率从 5% 提高到 8%" in smart_limits()


def test_case12_empty_goal_asks_for_a_sentence():
    r = smart_check("")
    assert r.table().loc["S", "建议"] == "请先写一句目标"
    assert smart_check(None).missing == ("S", "M", "T")


def test_case13_short_goal_and_no_shared_keyword():
    r = smart_check("提高复购率", context="把大客户的回款周期缩短")
    assert "不足 8 个字" in basis(r, "S")
    assert "没有共同" in basis(r, "R")


def test_r_with_and_without_context():
    no_context = smart_check("下季度新增重点客户5家。")
    assert no_context["R"] == "待判断" and basis(no_context, "R").startswith("仅说明是业务目标")
    assert "无法判断与哪个上级目标相关" in basis(no_context, "R")
    assert "看不出" in basis(smart_check("第3季度完成"), "R")
    assert smart_check("下季度新增重点客户5家。", context={"terms": ["某厂"]})["R"] == "是"   # lecture 3's use
    with_parent = smart_check("下季度新增重点客户5家。", context="扩大重点客户数量")
    assert with_parent["R"] == "是" and "重点客户" in basis(with_parent, "R")


# --- lecture 3 design §4.3 ------------------------------------------------------------------
def test_l03_1_vague_relationship_goal():
    r = smart_check("加强与该客户高层的关系")
    assert r.results == {"S": "否", "M": "否", "A": "待判断", "R": "待判断", "T": "否"}
    assert "加强" in basis(r, "S") and "笼统" in basis(r, "S")
    assert smart_missing("加强与该客户高层的关系") == "S、M、T"


def test_l03_2_visit_goal_r_depends_on_the_context():
    goal = "2026年3月31日前，由营销副总拜访对方总经理2次，使其态度由中立转为支持"
    r = smart_check(goal)
    assert (r["S"], r["M"], r["A"], r["R"], r["T"]) == ("是", "是", "待判断", "待判断", "是")
    assert smart_check(goal, context={"terms": ["总经理", "技术总监"]})["R"] == "是"
    assert smart_check(goal, context={"titles": ["总经理"]})["R"] == "是"   # lecture 3's first key names


def test_l03_3_share_above_100_percent_is_impossible():
    r = smart_check("本季度把钱包份额提升到120%")
    assert (r["S"], r["M"], r["A"], r["T"]) == ("是", "是", "否", "是")
    assert r.missing == ("A",)


def test_l03_4_growth_above_100_percent_is_open_with_a_note():
    r = smart_check("下半年销售额增长300%")
    assert (r["M"], r["A"], r["T"]) == ("是", "待判断", "是")
    assert "超过 100%" in basis(r, "A")


def test_l03_5_full_width_goal():
    r = smart_check("２０２６年３月前签约１个项目")
    assert (r["S"], r["M"], r["T"]) == ("是", "是", "是")


def test_l03_6_every_month_is_a_frequency():
    r = smart_check("每月拜访一次采购经理")
    assert (r["S"], r["M"], r["T"]) == ("是", "是", "否")
    assert "频率" in basis(r, "T")


def test_l03_7_quarter_alone():
    r = smart_check("第3季度")
    assert (r["S"], r["M"], r["T"]) == ("否", "否", "是")


def test_l03_8_deadline_given_separately():
    r = smart_check("完成项目", deadline="2026-03-31")
    assert r["T"] == "是" and "2026-03-31" in basis(r, "T")
    assert "2026-03-31" in basis(smart_check("完成项目", deadline=pd.Timestamp("2026-03-31")), "T")
    assert "2026-03-31" in basis(smart_check("完成项目", deadline="2026年3月31日"), "T")


def test_amount_above_potential_is_impossible():
    r = smart_check("2026年向该客户销售变频器500万元", context={"terms": ["变频器"], "potential_wan": 300})
    assert r["A"] == "否" and "采购潜力" in basis(r, "A")
    assert smart_check("2026年向该客户销售变频器200万元", context={"potential_wan": 300})["A"] == "待判断"


# --- patterns in detail -----------------------------------------------------------------------
@pytest.mark.parametrize("goal, m", [
    ("提升客户满意度十分重要的事情", "否"),        # 十分 is not "ten points"
    ("提升客户满意度几个百分点以上", "否"),        # 百分点 without a number
    ("客户满意度提高5个百分点", "是"),
    ("重点客户满意度达到百分之九十", "是"),
    ("48小时内回复客户投诉", "是"),
    ("30天内完成重点客户回访", "否"),            # 30天内 is a deadline, not a quantity
    ("两个月内完成重点客户回访", "否"),
    ("重点客户满意度由中立转为支持", "是"),
    ("把客户投诉减少一半", "是"),                # review item 12: a fraction is a quantity
    ("华东区重点客户的投诉减半", "是"),
    ("把退货率降到三分之一", "是"),
    ("本周五前给张总发方案", "是"),              # a deliverable: done or not, anyone can check
    ("月底前向采购经理提交报价单", "是"),
    ("下月召开一次技术评审会", "是"),
    ("月底前跟进重点客户的方案", "否"),          # 跟进 is no delivery
    ("尽快把重点客户的关系做好", "否"),
])
def test_m_patterns(goal, m):
    assert smart_check(goal)["M"] == m


@pytest.mark.parametrize("goal, t", [
    ("Q3完成华东区重点客户回访", "是"),
    ("q3完成华东区重点客户回访", "是"),
    ("三个月内完成华东区重点客户回访", "是"),
    ("半年内完成华东区重点客户回访", "是"),
    ("12月底前完成华东区重点客户回访", "是"),
    ("本年度完成华东区重点客户回访", "是"),
    ("每周完成华东区重点客户回访", "否"),
    ("48小时内回复华东区重点客户投诉", "否"),
])
def test_t_patterns(goal, t):
    assert smart_check(goal)["T"] == t


# --- false negatives found in the review of lecture 6 (item 12) ------------------------------------
@pytest.mark.parametrize("goal, context, letter, want", [
    ("把客户投诉减少一半", None, "M", "是"),
    ("把毛利率从28%提高到30%", "2026 年公司毛利率回到 30%", "R", "是"),
    ("把毛利率从28%提高到30%", {"terms": ["甲厂"]}, "R", "是"),
    ("华北完成率从71%提高到90%", "2026 年全公司完成率达到 95%", "R", "是"),
    ("华北完成率从71%提高到90%", {"terms": ["甲厂"]}, "R", "是"),
    ("本周五前给张总发方案", None, "M", "是"),
    ("本周五前给张总发方案", None, "T", "是"),
])
def test_review_false_negatives(goal, context, letter, want):
    assert smart_check(goal, context=context)[letter] == want


def test_business_words_show_in_the_r_basis_without_a_parent():
    for goal, word in (("把毛利率从28%提高到30%", "毛利"), ("华北完成率从71%提高到90%", "完成率")):
        r = smart_check(goal)
        assert r["R"] == "待判断" and word in basis(r, "R") and "仅说明是业务目标" in basis(r, "R")
    assert "交付物：发方案" in basis(smart_check("本周五前给张总发方案"), "M")


def test_limits_are_honest_about_the_new_rules():
    text = smart_limits()
    assert "R 一律是“待判断”" in text and "交付物" in text and "发方案" in text


def test_table_shape_and_words():
    table = smart_check("提升华东区重点客户满意度").table()
    assert list(table.columns) == ["要素", "含义", "结果", "依据", "建议"]
    assert list(table.index) == list(LETTERS)
    assert set(table["结果"]) <= {"是", "否", "待判断"}


def test_html_shows_words_and_escapes_the_goal():
    page = smart_check("<script>alert(1)</script>提升满意度")._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    for word in ("是", "否", "待判断"):
        assert f"<b>{word}</b>" in page
    assert "A 和 R 最终由人判断" in page


def test_missing_is_a_tuple_and_smart_missing_a_dash():
    assert smart_check("下季度新增重点客户5家。").missing == ()
    assert smart_missing("下季度新增重点客户5家。") == "—"


def test_smart_table_keeps_the_goal_columns():
    goals = pd.DataFrame({"目标编号": ["G1", "G2"], "目标": ["下季度新增重点客户5家", "加强客户关系管理"],
                          "截止": [None, "2026-06-30"]})
    out = smart_table(goals, deadline_col="截止")
    assert list(out.columns[:3]) == ["目标编号", "目标", "截止"]
    assert out["缺少"].tolist() == ["—", "S、M"]
    assert out.loc[1, "T"] == "是"


def test_smart_table_without_the_goal_column_is_a_data_error():
    from helpers.errors import DataError

    with pytest.raises(DataError):
        smart_table(pd.DataFrame({"x": ["a"]}))


def test_rules_table_is_in_chinese_and_complete():
    rules = smart_rules()
    assert len(rules) == 5 and rules.index.name == "要素"
    assert "48 小时内" in rules.loc["T 有时限"].iloc[1] and "从不自动" in rules.loc["A 可达成"].iloc[0]
