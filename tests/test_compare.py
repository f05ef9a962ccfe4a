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
