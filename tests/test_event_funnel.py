"""Event funnels (lecture 5): the three counting modes, the window and the diagnostics on a
hand-made log whose answers are worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import helpers
from helpers.analysis.funnel import event_funnel_diagnostics, funnel_title
from helpers.errors import DataError

ROWS = [
    ("u1", "注册", "01-01 09:00"), ("u1", "浏览", "01-01 09:05"), ("u1", "加购", "01-01 09:10"),
    ("u1", "下单", "01-01 09:20"), ("u1", "下单", "01-05 10:00"),
    ("u2", "注册", "01-01 09:00"), ("u2", "浏览", "01-02 09:00"), ("u2", "下单", "01-03 09:00"),      # skips 加购
    ("u3", "注册", "01-01 09:00"), ("u3", "加购", "01-02 10:00"), ("u3", "浏览", "01-02 10:05"),
    ("u3", "下单", "01-02 10:10"),                                                                  # out of order
    ("u4", "注册", "01-01 09:00"),
    ("u5", "浏览", "01-01 09:00"), ("u5", "加购", "01-01 09:01"), ("u5", "下单", "01-01 09:02"),      # no 注册
    ("u6", "注册", "01-01 09:00"), ("u6", "浏览", "01-01 09:30"), ("u6", "加购", "01-01 09:40"),
    ("u6", "下单", "04-10 09:00"),                                                                  # day 99
]
LOG = pd.DataFrame([(u, e, f"2025-{t}") for u, e, t in ROWS], columns=["user", "event", "time"])
STEPS = ["注册", "浏览", "加购", "下单", "下单"]
NAMES = ["注册", "浏览商品", "加入购物车", "首单", "复购"]


@pytest.mark.parametrize("mode, window, expected", [
    ("ordered", None, [5, 4, 2, 2, 1]), ("any", None, [5, 4, 3, 3, 1]), ("separate", None, [5, 5, 4, 5, 1]),
    ("ordered", 60, [5, 4, 2, 1, 1]), ("any", 60, [5, 4, 3, 2, 1]),
])
def test_counts_by_mode_and_window(mode, window, expected):
    f = helpers.event_funnel(LOG, "user", "event", "time", STEPS, mode=mode, window_days=window)
    assert f["人数"].tolist() == expected


def test_conversions_labels_and_the_missing_first_step():
    f = helpers.event_funnel(LOG, "user", "event", "time", STEPS, labels=NAMES)
    assert f["步骤"].tolist() == NAMES
    assert np.isnan(f.loc[0, "上一步转化率"])
    assert f["上一步转化率"].tolist()[1:] == [0.8, 0.5, 1.0, 0.5]
    assert f["总体转化率"].tolist() == [1.0, 0.8, 0.4, 0.4, 0.2]
    assert f["流失人数"].tolist() == [0, 1, 2, 0, 1]
    assert f.attrs["缺第一步人数"] == 1  # u5
    assert helpers.event_funnel(LOG, "user", "event", "time", STEPS)["步骤"].iloc[-1] == "下单（第2次）"


def test_diagnostics_separate_reversed_and_skipped_steps():
    d = event_funnel_diagnostics(LOG, "user", "event", "time", STEPS, labels=NAMES)
    assert d["顺序颠倒人数"].tolist() == [0, 0, 1, 1, 0]     # u3 at 加购 and 首单
    assert d["跳过上一步人数"].tolist() == [0, 0, 0, 1, 0]   # u2 ordered without 加购
    assert d["只看本步"].tolist() == [5, 5, 4, 5, 1]


def test_population_can_be_restricted_and_the_input_is_unsorted():
    shuffled = LOG.sample(frac=1.0, random_state=7)
    f = helpers.event_funnel(shuffled, "user", "event", "time", STEPS, users=["u1", "u2", "u5"])
    assert f["人数"].tolist() == [2, 2, 1, 1, 1]


def test_equal_times_count_in_order_and_a_repeat_needs_another_event():
    log = pd.DataFrame({"u": ["a", "a", "b", "b"], "e": ["下单", "注册", "注册", "下单"],
                        "t": ["2025-01-01 10:00"] * 4})
    assert helpers.event_funnel(log, "u", "e", "t", ["注册", "下单"])["人数"].tolist() == [2, 2]
    assert helpers.event_funnel(log, "u", "e", "t", ["注册", "下单", "下单"])["人数"].tolist() == [2, 2, 0]


def test_unknown_step_missing_time_and_bad_mode_are_explained():
    with pytest.raises(DataError) as err:
        helpers.event_funnel(LOG, "user", "event", "time", ["注册", "付款"])
    assert "付款" in err.value.zh and "浏览" in err.value.fix_zh
    bad = LOG.copy()
    bad.loc[3, "time"] = None
    with pytest.raises(DataError, match="第 4 行"):
        helpers.event_funnel(bad, "user", "event", "time", STEPS)
    with pytest.raises(DataError, match="ordered"):
        helpers.event_funnel(LOG, "user", "event", "time", STEPS, mode="fast")


def test_title_names_the_weakest_step_with_enough_people():
    f = pd.DataFrame({"步骤": ["注册", "浏览", "下单"], "人数": [100, 90, 30], "上一步转化率": [np.nan, 0.9, 1 / 3]})
    assert funnel_title(f, "新会员") == "新会员：转化率最低在“浏览→下单”（33%），流失人数最多的也是这一步（60 人）"
    g = pd.DataFrame({"步骤": ["注册", "浏览", "下单"], "人数": [1000, 600, 300], "上一步转化率": [np.nan, 0.6, 0.5]})
    g.attrs["窗口天数"] = 60
    assert funnel_title(g, "新会员") == ("新会员（入会后 60 天）：转化率最低在“浏览→下单”（50%），"
                                      "流失人数最多在“注册→浏览”（400 人）")  # a rate and a headcount
    assert "人数太少" in funnel_title(f.assign(人数=[10, 9, 3]), "新会员")


def test_a_missing_user_is_named_by_its_row_even_with_a_population():
    bad = LOG.copy()
    bad.loc[5, "user"] = None
    with pytest.raises(DataError, match="第 6 行"):
        helpers.event_funnel(bad, "user", "event", "time", STEPS, users=["u1"])


def test_member_funnel_keeps_one_journey_and_counts_the_other_purchases():
    log = pd.DataFrame({"member_id": ["a"] * 5 + ["b"] * 3 + ["c"] * 2,
                        "event": ["注册", "浏览", "加购", "下单", "下单", "注册", "下单", "下单", "注册", "浏览"],
                        "event_time": ["2025-01-01 09:00", "2025-01-02 10:00", "2025-01-02 10:05", "2025-01-02 10:10",
                                       "2025-02-01", "2025-01-01", "2025-01-05", "2025-01-20", "2025-01-01",
                                       "2025-01-03"],
                        "platform": ["线上", "线上", "线上", "线上", "门店", "线上", "门店", "线上", "线上", "线上"]})
    members = pd.DataFrame({"member_id": ["a", "b", "c"], "join_channel": ["APP", "小程序", "门店"]})
    f = helpers.member_funnel(log, members, join_channels=["APP", "小程序"])
    # a: online 注册 → 浏览 → 加购 → 首单; a's second order was in a store: not an online 复购. b: no online browsing.
    assert f["步骤"].tolist() == ["注册", "浏览商品", "加入购物车", "线上首单", "线上复购"]
    assert f["人数"].tolist() == [2, 1, 1, 1, 0]
    assert (f.attrs["有购买人数"], f.attrs["首单不在本平台"]) == (2, 1)   # a and b bought; b's first order in a store
    assert "同一批 2 人入会后 60 天内有购买（线上或门店）的共 2 人（100.0%）" in helpers.funnel_sentence(f)
    d = helpers.member_funnel_diagnostics(log)
    assert d.index.tolist() == [1, 2, 3, 4, 5] and d.set_index("步骤").loc["首单", "跳过上一步人数"] == 1  # b
