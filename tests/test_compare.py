"""Comparison analysis (lecture 5): against time, against other groups, against target."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import helpers
from helpers.errors import DataError


def test_month_on_month_and_year_on_year():
    t = pd.DataFrame({"销售额": [100.0, 110.0, 121.0], "新会员": [10.0, 0.0, 5.0]},
                     index=pd.PeriodIndex(["2024-12", "2025-11", "2025-12"], freq="M"))
    out = helpers.compare_periods(t, "2025-12")
    assert out.loc["销售额", "环比"] == pytest.approx(0.10) and out.loc["销售额", "同比"] == pytest.approx(0.21)
    assert math.isnan(out.loc["新会员", "环比"])  # last month 0: no ratio
    assert out.attrs["signed"] == ["环比", "同比"]
    assert math.isnan(helpers.compare_periods(t, "2025-11").loc["销售额", "上月"])
    with pytest.raises(DataError, match="月份"):
        helpers.compare_periods(t, "十二月")


def test_groups_with_intervals_test_against_the_rest_and_small_groups():
    f = pd.DataFrame({"g": ["X"] * 100 + ["Y"] * 100 + ["Z"] * 10,
                      "ok": [1] * 30 + [0] * 70 + [1] * 50 + [0] * 50 + [1] * 4 + [0] * 6})
    out = helpers.compare_groups(f, "g", "ok").set_index("分组")
    assert out.loc["Y", "比例"] == 0.5 and out.loc["Y", "置信下限"] < 0.5 < out.loc["Y", "置信上限"]
    assert out.loc["Y", "与其余显著不同"]          # 50/100 vs 34/110
    assert out.loc["Z", "样本少"] and not out.loc["X", "样本少"]
    two = helpers.compare_groups(f[f["g"] != "Z"], "g", "ok").set_index("分组")
    assert two.loc["Y", "与其余显著不同"]  # 50/100 vs 30/100: z 2.887, p 0.0039
    with pytest.raises(DataError, match="第 1 行"):
        helpers.compare_groups(f.assign(ok=["是"] + [1] * 209), "g", "ok")


def test_against_target_month_by_month():
    actual = pd.DataFrame({"新入会会员（人）": [120.0, 90.0]}, index=["2025-01", "2025-02"])
    target = pd.DataFrame({"month": ["2025-01", "2025-02"], "goal": [100, 100]})
    out = helpers.compare_to_target(actual, target, {"新入会会员（人）": "goal"})
    assert out.columns.tolist() == ["月份", "新入会会员实际", "新入会会员目标", "新入会会员达成率",
                                    "新入会会员是否达标"]
    assert out["新入会会员达成率"].tolist() == [1.2, 0.9] and out["新入会会员是否达标"].tolist() == [True, False]
    assert out["月份"].tolist() == ["2025年1月", "2025年2月"]
    with pytest.raises(DataError, match="大于 0"):
        helpers.compare_to_target(actual, target.assign(goal=[100, 0]), {"新入会会员（人）": "goal"})


def test_people_stay_whole_numbers_beside_money():
    t = pd.DataFrame({"销售额（万元）": [11.4, 16.66, 16.55], "新入会会员（人）": [165.0, 211.0, 214.0]},
                     index=pd.PeriodIndex(["2024-12", "2025-11", "2025-12"], freq="M"))
    out = helpers.compare_periods(t, "2025-12")
    assert out.loc["新入会会员（人）", "本月"] == 214 and isinstance(out.loc["新入会会员（人）", "本月"], int)
    assert out.loc["销售额（万元）", "本月"] == 16.6
    html = helpers.show(out).to_html()
    assert ">214<" in html and "214.0" not in html


def test_target_title_assumption_and_default_pairs():
    actual = pd.DataFrame({"新入会会员（人）": [12.0, 9.0], "会员销售额（万元）": [1.0, 1.0]},
                          index=["2025-01", "2025-02"])
    target = pd.DataFrame({"month": ["2025-01", "2025-02"], "new_members_target": [10, 10],
                           "sales_target_wan": [0.11, 0.12]})
    out = helpers.compare_to_target(actual, target)  # the case's two targets by default
    assert helpers.target_title(out) == "新入会会员 1/2 个月达标，会员销售额 2/2 个月达标"
    # plan: 100 members before 2025, +10 a month → 110, 120 planned; 1,100 元 / 110 = 1,200 元 / 120 = 10 元 each
    members = pd.DataFrame({"join_date": ["2024-05-01"] * 100 + ["2025-01-15"] * 7})
    text = helpers.target_assumption(target, members)
    assert "2024 年底前入会的 100 人" in text and "10.0–10.0 元" in text and "一个也不流失" in text
    uneven = target.assign(sales_target_wan=[0.11, 0.20])
    assert "没有按会员人数同比例设定" in helpers.target_assumption(uneven, members)


def test_retention_measures_state_population_window_and_denominator():
    t = helpers.retention_measures()
    assert t.index.tolist() == list(range(1, len(t) + 1))
    assert t[["人群", "时间窗口", "分母"]].apply(lambda c: c.str.len() > 0).all().all()
    windows = t.set_index("指标")["时间窗口"]
    assert windows["实验留存（复购券 A/B）"] == "首购后第 91–180 天有购买"      # from the experiment's constants
    assert windows["30 天内复购（复购券 A/B）"] == "首购后第 1–30 天又买"
