"""Manager selection (helpers/analysis/talent.py) on hand-made teams whose answers are worked out below."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers.analysis import talent as tl
from helpers.analysis import talent_weights as tw
from helpers.data.read import read_table
from helpers.errors import DataError

REPS = pd.DataFrame({
    "rep_id": ["A", "B", "C", "D"], "rep_name": ["甲", "乙", "丙", "丁"], "region": ["华东", "华东", "华北", "华北"],
    "hire_date": ["2018-03-01", "2022-07-01", "2015-01-01", "2024-05-01"],
    "level": ["高级销售", "销售代表", "销售经理", "销售代表"],
    "functions_served": [2, 1, 3, 1], "regions_served": [1, 1, 2, 1],
    "career_path": ["技术支持（3年）→ 华东高级销售", "华东销售代表", "…", "华北销售代表"]})
PERF = pd.DataFrame({
    "rep_id": ["A"] * 3 + ["B"] * 4 + ["C"] * 3 + ["D"] * 2,
    "year": [2023, 2024, 2025, 2022, 2023, 2024, 2025, 2023, 2024, 2025, 2024, 2025],
    "full_year": [1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 1],
    "quota_wan": [100, 100, 100, 40, 80, 80, 100, 300, 300, 300, 50, 90],
    "sales_wan": [110, 100, 121, 30, 60, 80, 120, 280, 300, 310, 40, 95],
    "new_customers": [1, 1, 1, 2, 3, 2, 2, 0, 0, 1, 1, 2],
    "key_deals_won": [None, 1, 1, None, None, 2, 3, None, 1, 1, 0, 1],
    "feedback_score": [4.4, 4.4, 4.5, None, 3.9, 4.0, 4.0, 4.8, 4.8, 4.8, None, 4.2],
    "feedback_n": [11, 12, 12, 0, 2, 3, 3, 20, 20, 20, 0, 5]})
# Ratings pool 2023-2025 (weighted by the number of ratings): A 4.4 x 11 + 4.4 x 12 + 4.5 x 12 = 155.2 over 35
# ratings -> 4.434; B has 2 + 3 + 3 = 8 ratings (2022 is outside the window) -> fewer than 10 -> missing.


@pytest.fixture
def candidates():
    return tl.manager_candidates(REPS, PERF, as_of="2025-12-31")


def test_eligibility_and_reasons(candidates):
    assert list(candidates.index) == ["A", "B"]
    skipped = candidates.attrs["未入选"].set_index("销售编号")["原因"]
    assert skipped["C"] == "职级为销售经理"
    assert skipped["D"] == "司龄 1.7 年，不足 2 年"


def test_raw_values_of_the_design_hand_test(candidates):
    a, b = candidates.loc["A"], candidates.loc["B"]
    assert a["平均完成率"] == pytest.approx((1.10 + 1.00 + 1.21) / 3)          # 1.1033
    assert a["年均增长"] == pytest.approx((121 / 110) ** 0.5 - 1)              # 0.0488
    assert (a["关键赢单数"], a["新客户数"], a["经历广度"]) == (2, 3, 3)
    assert a["客户评价"] == pytest.approx(155.2 / 35) and a["评分人次"] == 35
    assert b["平均完成率"] == pytest.approx((0.75 + 1.00 + 1.20) / 3)          # 0.9833; 2022 is outside the window
    assert b["年均增长"] == pytest.approx((120 / 60) ** 0.5 - 1)               # 0.4142
    assert (b["关键赢单数"], b["新客户数"], b["经历广度"]) == (5, 7, 2)
    assert math.isnan(b["客户评价"]) and b["评分人次"] == 8                   # 8 ratings < 10 -> missing
    assert a["司龄（年）"] == pytest.approx((pd.Timestamp("2025-12-31") - pd.Timestamp("2018-03-01")).days / 365.25)
    assert candidates.attrs["销售额列"] == "2025年销售额（万元）" and a["2025年销售额（万元）"] == 121
    assert candidates.attrs["评价年份"] == (2023, 2025)
    assert a["职业经历"].startswith("技术支持")


def test_scores_of_the_design_hand_test(candidates):
    scores = tl.manager_scores(candidates)
    # A: 0.20*100 (完成率) + 0.10*100 (司龄) + 0.10*100 (广度) + 0.15*100 (评价, only value) = 55.0
    # B: 0.15*100 (增长) + 0.20*100 (赢单) + 0.10*100 (新客户) + 0.15*50 (评价 missing) = 52.5
    assert scores["综合得分"].to_dict() == {"A": 55.0, "B": 52.5}
    assert scores["排名"].tolist() == [1, 2]
    assert scores.loc["B", "缺失项"] == "客户评价（评分 8 人次）"
    assert scores.loc["A", "维度得分_一线业绩"] == 20.0 and scores.loc["B", "维度得分_关键战役"] == 30.0
    assert scores.loc["B", "得分_客户评价"] == 50.0


def test_last_year_only_is_the_old_rule():
    last = tl.manager_candidates(REPS, PERF, as_of="2025-12-31", feedback_years=1)
    assert last.loc["A", "客户评价"] == 4.5 and last.loc["A", "评分人次"] == 12
    assert math.isnan(last.loc["B", "客户评价"]) and last.attrs["评价年份"] == (2025, 2025)


def test_the_criteria_table_has_no_internal_column_and_names_the_rule():
    crit = tl.manager_criteria()
    assert list(crit.columns) == ["维度", "指标", "权重", "越大越好", "口径"]
    assert crit.index.tolist() == list(range(1, 8)) and not any("_" in str(c) for c in crit["指标"])
    assert "按评分人次加权" in crit.set_index("指标").loc["客户评价", "口径"]


def test_candidates_sentence_states_the_ratings_rule(candidates):
    text = tl.candidates_sentence(candidates)
    assert "合并 2023–2025 年的评分：每人 8–35 人次" in text and "按缺失记 50 分的有 1 人" in text


def test_equal_rounded_scores_share_a_rank():
    cand = pd.DataFrame({"x": [1.0, 1.0, 0.0]}, index=pd.Index(["B", "A", "C"], name="销售编号"))
    crit = pd.DataFrame({"维度": ["D"], "指标": ["X"], "列名": ["x"], "权重": [1], "越大越好": [True]})
    scores = tl.manager_scores(cand, crit)
    assert list(scores.index) == ["A", "B", "C"] and scores["排名"].tolist() == [1, 1, 3]


def test_points_are_lecture_2s_rule():
    from helpers.analysis.key_accounts import key_account_scores

    values = pd.Series([5.0, 3.0, 3.0, None, 1.0], index=list("abcde"))
    frame = pd.DataFrame({"v": values})
    crit = pd.DataFrame({"指标": ["V"], "列名": ["v"], "权重": [1], "越大越好": [True]})
    assert key_account_scores(frame, crit)["得分_V"].sort_index().tolist() == \
        tl.criterion_points(values).round(1).tolist()


def test_presets_give_three_different_leaders():
    # each candidate leads one dimension (100 points), the others tie (33.3 points)
    cand = pd.DataFrame({
        "姓名": ["一线", "战役", "经历", "口碑"],
        "平均完成率": [1.3, 1.0, 1.0, 1.0], "年均增长": [0.3, 0.1, 0.1, 0.1],
        "关键赢单数": [1, 6, 1, 1], "新客户数": [2, 9, 2, 2],
        "司龄（年）": [4, 4, 12, 4], "经历广度": [2, 2, 5, 2],
        "客户评价": [4.0, 4.0, 4.0, 4.9]}, index=pd.Index(list("PKEV"), name="销售编号"))
    table = tw.weight_presets_table(cand)
    leaders = table["第1名"].str.split("（").str[0].to_dict()
    assert leaders == {"均衡（默认）": "一线", "一线业绩优先": "一线", "关键战役优先": "战役", "经历优先": "经历"}
    assert table.loc["经历优先", "权重"] == "20/15/50/15"
    # leader of 经历优先: 0.5*100 + 0.5*33.33 = 66.7
    assert table.loc["经历优先", "第1名"] == "经历（66.7）"


def test_sensitivity_hand_test_of_the_design():
    cand = pd.DataFrame({"姓名": list("ABC"), "x": [3, 2, 1], "y": [1, 2, 3]},
                        index=pd.Index(list("ABC"), name="销售编号"))
    crit = pd.DataFrame({"维度": ["F1", "F2"], "指标": ["X", "Y"], "列名": ["x", "y"], "权重": [0.5, 0.5],
                         "越大越好": [True, True]})
    s = tw.weight_sensitivity(cand, crit, step=0.25, min_weight=0.25)
    assert s.attrs["组合数"] == 3
    assert s["最好排名"].to_dict() == {"A": 1, "B": 1, "C": 1}
    assert s["最差排名"].to_dict() == {"A": 3, "B": 2, "C": 3}
    assert s["排第一占比"].round(3).to_dict() == {"A": 0.667, "B": 0.333, "C": 0.667}
    assert (s["进入前3占比"] == 1.0).all()
    top1 = tw.weight_sensitivity(cand, crit, step=0.25, min_weight=0.25, top=1)
    assert top1["进入前1占比"].tolist() == top1["排第一占比"].tolist()
    assert tw.sensitivity_title(s) == "A 在全部 3 组权重下都进前三；谁排第一取决于权重：A 2 组、C 2 组、B 1 组"
    s.loc["C", "进入前3占比"] = s.loc["A", "进入前3占比"] = 2 / 3
    assert tw.sensitivity_title(s).startswith("B 在全部 3 组") is True


def test_four_dimensions_give_84_combinations(candidates):
    s = tw.weight_sensitivity(candidates)
    assert s.attrs["组合数"] == 84 and set(s.columns) >= {"默认排名", "最好排名", "最差排名"}
    assert np.allclose(tw.weight_grid(4).sum(axis=1), 1.0)


def test_reweight_keeps_proportions_inside_a_dimension():
    crit = tw.reweight(None, {"一线业绩": 0.55, "关键战役": 0.20, "经历与岁月": 0.10, "客户声音": 0.15})
    first = crit[crit["维度"] == "一线业绩"]["权重"].tolist()
    assert first == pytest.approx([0.55 * 20 / 35, 0.55 * 15 / 35])
    assert crit["权重"].sum() == pytest.approx(1.0)


def test_titles_and_card(candidates):
    scores = tl.manager_scores(candidates)
    assert tl.scores_title(scores) == "综合得分第一是 甲；甲 的 2025 年销售额也是第一"
    card = tl.candidate_card(candidates, scores, "B")
    assert card.loc["客户评价", "说明"] == "缺失，记 50 分"
    assert card.loc["关键赢单数", "名次"] == "第 1 / 2"
    assert card.attrs["综合排名"] == 2
    assert tl.card_sentence(card).startswith("乙：综合得分第 2 名（共 2 位候选人）。职业经历：华东销售代表")
    with pytest.raises(DataError):
        tl.candidate_card(candidates, scores, "Z")


def test_card_shows_ties_and_places_among_fewer():
    cand = pd.DataFrame({"姓名": list("甲乙丙丁"), "平均完成率": [1.0, 0.9, 0.8, 0.7],
                         "年均增长": [0.1, None, 0.3, None], "关键赢单数": [3, 3, 3, 0], "新客户数": [1, 2, 3, 4],
                         "司龄（年）": [9, 3, 4, 5],
                         "经历广度": [3, 3, 3, 2], "客户评价": [4.0, 4.1, 4.2, 4.3]},
                        index=pd.Index(list("ABCD"), name="销售编号"))
    card = tl.candidate_card(cand, tl.manager_scores(cand), "B")
    assert card.loc["经历广度", "名次"] == "并列第 1 / 4" and card.loc["经历广度", "说明"] == "3 人同值"
    assert card.loc["平均完成率", ["名次", "说明"]].tolist() == ["第 2 / 4", ""]
    a = tl.candidate_card(cand, tl.manager_scores(cand), "A")
    assert a.loc["年均增长", ["名次", "说明"]].tolist() == ["第 2 / 2", "只在有数据的 2 人中排名"]


def test_the_scores_title_states_the_gap_of_the_top_three():
    s = pd.DataFrame({"排名": [1, 2, 3, 4], "姓名": list("甲乙丙丁"), "综合得分": [79.7, 75.7, 70.0, 64.0],
                      "2025年销售额（万元）": [1, 2, 3, 9]})
    s.attrs["销售额列"] = "2025年销售额（万元）"
    assert tl.scores_title(s) == "前三名 甲、乙、丙，第一比第三高 9.7 分；2025 年销售额最高的 丁 排第 4"


def test_rating_rule_comparison_on_the_hand_team():
    comp = tw.rating_rule_comparison(REPS, PERF)
    # B has no rating under either rule; A has one under both (pooled 4.43, last year 4.5): same ranks
    assert comp["评分人次（合并）"].tolist() == [35, 8] and comp["评分人次（最后一年）"].tolist() == [12, 3]
    assert comp["变化"].tolist() == ["—", "—"]
    assert tw.rating_rule_sentence(comp, top=1) == (
        "只看 2025 年，2 人中 1 人的评分不足 10 人次（按缺失记 50 分）；合并 2023–2025 年后每人 8–35 人次，"
        "仍不足 10 人次的有 1 人。前 1 名两种规则下相同；没有人的名次变化。")


def test_blind_spots_are_listed():
    assert "意愿" in tl.score_blind_spots().index


# --- bad input and a trainee's own export ---------------------------------------------------
def test_unknown_rep_in_performance_names_the_row():
    perf = pd.concat([PERF, pd.DataFrame({"rep_id": ["X"], "year": [2025], "quota_wan": [1], "sales_wan": [1]})],
                     ignore_index=True)
    with pytest.raises(DataError) as err:
        tl.manager_candidates(REPS, perf)
    assert err.value.row == len(perf) and "X" in err.value.zh


def test_rep_and_year_twice_names_the_row():
    perf = pd.concat([PERF, PERF.iloc[[2]]], ignore_index=True)
    with pytest.raises(DataError) as err:
        tl.manager_candidates(REPS, perf)
    assert err.value.row == len(perf)


def test_bad_quota_value_is_a_data_error_naming_the_row():
    perf = PERF.astype({"quota_wan": object}).copy()
    perf.loc[4, "quota_wan"] = "很多"
    with pytest.raises(DataError) as err:
        tl.manager_candidates(REPS, perf)
    assert "第 6 行" in str(err.value)      # Excel row: header is row 1


def test_negative_weights_are_refused():
    crit = tl.manager_criteria()
    crit.iloc[2, crit.columns.get_loc("权重")] = -1
    with pytest.raises(DataError) as err:
        tl.manager_scores(pd.DataFrame({c: [1.0] for c in crit["指标"]}), crit)
    assert err.value.row == 3


def test_a_trainee_export_with_chinese_headers(tmp_path):
    reps = REPS.rename(columns={"rep_id": "工号", "rep_name": "姓名", "region": "大区", "hire_date": "入职日期",
                                "level": "职级", "functions_served": "职能数", "regions_served": "大区数",
                                "career_path": "职业经历"})
    perf = PERF.rename(columns={"rep_id": "销售编号", "year": "年份", "full_year": "是否整年在职", "quota_wan": "指标",
                                "sales_wan": "销售额", "new_customers": "新客户数", "key_deals_won": "关键赢单数",
                                "feedback_score": "客户评价", "feedback_n": "评价人数"})
    reps.to_csv(tmp_path / "销售.csv", index=False, encoding="gbk")
    perf.to_excel(tmp_path / "业绩.xlsx", index=False)
    cand = tl.manager_candidates(read_table(tmp_path / "销售.csv"), read_table(tmp_path / "业绩.xlsx"))
    assert tl.manager_scores(cand)["综合得分"].to_dict() == {"A": 55.0, "B": 52.5}
