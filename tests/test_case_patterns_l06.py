"""The teaching patterns lecture 6 relies on, asserted by running its own functions on the case data
(L06_design.md §5.3). If the generator changes and a pattern breaks, the lecture's text and the
instructor guide no longer fit the data: fix the generator (or the lecture), not this test."""

from __future__ import annotations

import numpy as np
import pytest

import helpers as h
from helpers.analysis.talent import MIN_FEEDBACK
from helpers.analysis.talent_weights import rating_rule_comparison, reweight, weight_grid, weight_presets

AS_OF = "2025-12-31"


@pytest.fixture(scope="module")
def team():
    reps, perf = h.load_case("sales_reps"), h.load_case("rep_performance")
    candidates = h.manager_candidates(reps, perf, as_of=AS_OF)
    criteria = h.manager_criteria()
    return {"reps": reps, "perf": perf, "candidates": candidates, "criteria": criteria,
            "scores": h.manager_scores(candidates, criteria),
            "sensitivity": h.weight_sensitivity(candidates, criteria, step=0.1, min_weight=0.1, top=3)}


def _first_under(team, preset: str) -> set[str]:
    weights = weight_presets().loc[preset].to_dict()
    scores = h.manager_scores(team["candidates"], reweight(team["criteria"], weights))
    return set(scores.index[scores["排名"] == 1])


def test_1_sixteen_candidates_give_or_take_two(team):
    assert 14 <= len(team["candidates"]) <= 18


def test_2_the_top_seller_is_not_the_best_candidate(team):
    c, s, sens = team["candidates"], team["scores"], team["sensitivity"]
    top_seller = c[c.attrs["销售额列"]].astype(float).idxmax()
    assert s.loc[top_seller, "排名"] >= 5
    assert sens.loc[top_seller, "排第一占比"] == 0
    assert c.loc[top_seller, "平均完成率"] < 0.95


def test_3_presets_disagree_and_the_default_leader_is_robust(team):
    leaders = [_first_under(team, p) for p in weight_presets().index]
    assert len(set().union(*leaders)) >= 3
    default_first = team["scores"].index[0]
    assert team["sensitivity"].loc[default_first, "进入前3占比"] >= 0.70


def test_4_a_veteran_leads_under_experience_first(team):
    c = team["candidates"]
    (veteran,) = _first_under(team, "经历优先")
    row = c.loc[veteran]
    assert row["司龄（年）"] >= 9 and row["经历广度"] >= 4 and row["客户评价"] >= 4.3
    assert row["评分人次"] >= 15


def test_5_the_fastest_grower_leads_under_front_line_first(team):
    c = team["candidates"]
    assert c["年均增长"].astype(float).idxmax() in _first_under(team, "一线业绩优先")


def test_6_one_year_of_ratings_is_too_few_and_three_pooled_years_are_enough(team):
    """Review item 1: the lecture pools 2023-2025 ratings because one year leaves most candidates below
    10 ratings (scored 50, the middle); pooled, nobody is scored on a missing rating."""
    last = h.manager_candidates(team["reps"], team["perf"], as_of=AS_OF, feedback_years=1)
    n_last = last["评分人次"].astype("Float64")
    assert (n_last < MIN_FEEDBACK).sum() >= 3 and (n_last >= 30).sum() == 0
    pooled = team["candidates"]
    assert (pooled["评分人次"].astype("Float64") >= MIN_FEEDBACK).all() and pooled["客户评价"].notna().all()
    assert pooled.attrs["评价年份"] == (2023, 2025)


def test_6b_pooling_keeps_the_top_three(team):
    comp = rating_rule_comparison(team["reps"], team["perf"], team["criteria"], as_of=AS_OF)
    pooled_top = set(comp.index[comp["排名（合并，本讲）"] <= 3])
    assert pooled_top == set(comp.index[comp["排名（只看最后一年）"] <= 3])
    assert (comp["排名（合并，本讲）"] != comp["排名（只看最后一年）"]).sum() >= 3     # the rule still matters below


def test_exercise_q5_the_second_and_third_differ_in_kind(team):
    """Exercise L06 Q5 describes default #2 as in the top 3 more often and default #3 as first more often."""
    sens = team["sensitivity"]
    assert sens[sens["默认排名"] == 1]["进入前3占比"].iloc[0] >= 0.9          # "在绝大多数权重组合下都进前三"
    second = sens[sens["默认排名"] == 2].iloc[0]
    third = sens[sens["默认排名"] == 3].iloc[0]
    assert second["进入前3占比"] > third["进入前3占比"]
    assert third["排第一占比"] > second["排第一占比"]
    (veteran,) = _first_under(team, "经历优先")
    assert sens.index[sens["默认排名"] == 3][0] == veteran                # 3rd leads on experience


def test_7_key_deals_are_small_counts(team):
    deals = team["candidates"]["关键赢单数"]
    assert deals.min() >= 0 and deals.max() <= 6


def test_8_structure_spread_and_attainment():
    reps, customers, orders = h.load_case("sales_reps"), h.load_case("customers"), h.load_case("orders")
    d = h.structure_diagnosis(reps, customers, orders, year=2025)
    regions = d.drop(index="合计")
    multi = regions[regions["销售人数"] >= 2]
    assert multi["人均活跃客户数"].max() / multi["人均活跃客户数"].min() >= 2
    assert d.loc["合计", "客户数"] > d.loc["合计", "其中活跃客户"]             # churned accounts exist and are named
    assert 0.88 <= d.loc["合计", "完成率"] <= 0.96
    assert (regions["完成率"] < 0.85).sum() >= 2


def test_9_strategy_control_flags_robot_parts_only():
    dash = h.control_dashboard(h.load_case("orders"), h.load_case("sales_reps"), h.load_case("customers"),
                               h.load_case("line_market"), year=2025)
    s = dash["战略控制"]
    assert s.loc["工业机器人配件", "近一年变化（百分点）"] <= -0.5
    others = s.drop(index="工业机器人配件")
    assert (others["近一年变化（百分点）"].abs() <= 1.5).all()


def test_exercise_q1_weights_change_the_leader(team):
    """Exercise L06 Q1 asks who leads under 一线业绩 50 / 关键战役 20 / 经历 15 / 客户 15: not the default #1."""
    weights = {"一线业绩": 0.50, "关键战役": 0.20, "经历与岁月": 0.15, "客户声音": 0.15}
    changed = h.manager_scores(team["candidates"], reweight(team["criteria"], weights))
    assert changed.index[0] != team["scores"].index[0]
    assert changed["综合得分"].iloc[0] - changed["综合得分"].iloc[1] >= 1.0     # not a near tie


def test_rep_tables_agree(team):
    reps, perf = team["reps"].set_index("rep_id"), team["perf"]
    last = perf[perf["year"] == 2025].set_index("rep_id")
    assert np.allclose(last["sales_wan"].reindex(reps.index), reps["sales_2025_wan"], atol=0.05)
    assert np.allclose(last["quota_wan"].reindex(reps.index), reps["quota_2025_wan"], atol=0.05)
    assert len(weight_grid(4)) == team["sensitivity"].attrs["组合数"] == 84
