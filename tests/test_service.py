"""Service experience (lecture 5): the importance × performance grid on hand-made ratings."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import helpers
from helpers.analysis.service import correlation_interval
from helpers.errors import DataError

TOUCHES = pd.DataFrame({"member_id": list("abcdef") + list("abcde") + ["a"],
                        "touchpoint": ["T1"] * 6 + ["T2"] * 5 + ["T1"],
                        "satisfaction": [2, 3, 3, 4, 5, 5, 5, 4, 5, 4, 5, 1],
                        "touch_date": ["2025-06-01"] * 11 + ["2024-06-01"]})   # the last one is too old
SURVEY = pd.DataFrame({"member_id": list("abcdefg"), "survey_date": ["2025-11-10"] * 7,
                       "responded": [1, 1, 1, 1, 1, 1, 0], "overall_satisfaction": [3, 5, 6, 6, 8, 9, None]})


def test_importance_performance_and_quadrants():
    d = helpers.touchpoint_drivers(TOUCHES, SURVEY, min_n=3).set_index("触点")
    assert d.loc["T1", "重要性"] == pytest.approx(0.9531, abs=1e-4)
    assert d.loc["T2", "重要性"] == pytest.approx(0.0503, abs=1e-4)
    assert d.loc["T1", "平均评分"] == pytest.approx(22 / 6) and d.loc["T1", "接触次数"] == 6
    assert d.loc["T1", "象限"] == "保持优势" and d.loc["T2", "象限"] == "可能投入过度"
    assert d.attrs["表现窗口"] == ("2024-12-01", "2025-11-30") and d.attrs["调查回复人数"] == 6


def test_small_samples_get_no_quadrant_and_the_title_picks_priority():
    d = helpers.touchpoint_drivers(TOUCHES, SURVEY)   # min_n = 30
    assert d["样本少"].all() and set(d["象限"]) == {"—"}
    grid = pd.DataFrame({"触点": ["A", "B", "C"], "象限": ["优先改进", "优先改进", "保持优势"],
                         "平均评分": [3.2, 2.9, 4.1]})
    assert helpers.drivers_title(grid) == "B评分最低、又最影响总体满意度：先改它，其次是A"


def test_bad_ratings_and_frameworks():
    with pytest.raises(DataError, match="第 2 行"):
        helpers.touchpoint_drivers(TOUCHES.assign(satisfaction=[2, 9] + [3] * 10), SURVEY)
    frames = helpers.service_frameworks()
    assert [len(t) for t in frames.values()] == [3, 4, 5]
    assert frames["四个方向"]["方向"].tolist() == ["内容", "流程", "触点", "关系"]


def test_fewer_than_three_raters_have_no_importance():
    d = helpers.touchpoint_drivers(TOUCHES[TOUCHES["member_id"].isin(["a", "b"])], SURVEY, min_n=1)
    assert d["重要性"].map(math.isnan).all()


def test_importance_comes_with_its_interval_and_close_calls_are_named():
    # Fisher z by hand: atanh(0.5) = 0.5493, ± 1.95996 / √25 = ± 0.3920 → tanh(0.1573) = 0.156, tanh(0.9413) = 0.736
    low, high = correlation_interval(0.5, 28)
    assert (round(low, 3), round(high, 3)) == (0.156, 0.736)
    d = helpers.touchpoint_drivers(TOUCHES, SURVEY, min_n=3)
    assert (d["重要性下限"] <= d["重要性"]).all() and (d["重要性"] <= d["重要性上限"]).all()
    grid = pd.DataFrame({"触点": ["稳", "险"], "象限": ["优先改进", "优先改进"], "平均评分": [2.9, 3.3],
                         "重要性": [0.63, 0.43], "重要性下限": [0.53, 0.31], "重要性上限": [0.72, 0.54],
                         "评价会员数": [167, 193]})
    grid.attrs.update({"importance_line": 0.30, "调查回复人数": 1150})
    text = helpers.drivers_sentence(grid)
    assert "险 0.43（0.31–0.54，n=193）" in text and "险的区间下限离 0.30 的分界线很近" in text
    assert "稳的区间下限" not in text
