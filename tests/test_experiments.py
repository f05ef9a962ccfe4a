"""Comparing proportions and A/B tests (lecture 5): intervals, tests and sample sizes on
numbers worked out by hand, the coupon-experiment summary on hand-made members, the widget."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import helpers
from helpers.analysis import experiments as ex
from helpers.errors import DataError


def test_difference_interval_and_test():
    r = ex.compare_proportions(215, 500, 255, 500)
    assert r["diff"] == pytest.approx(0.08)
    assert r["se"] == pytest.approx(0.031464, abs=1e-6)
    assert (r["ci_low"], r["ci_high"]) == (pytest.approx(0.01833, abs=1e-5), pytest.approx(0.14167, abs=1e-5))
    assert r["z"] == pytest.approx(2.534, abs=0.001) and r["p_value"] == pytest.approx(0.0113, abs=0.0001)
    assert r["significant"] and r["提示"] == ""
    r = ex.compare_proportions(90, 500, 100, 500)
    assert (r["ci_low"], r["ci_high"]) == (pytest.approx(-0.02861, abs=1e-5), pytest.approx(0.06861, abs=1e-5))
    assert not r["significant"] and r["p_value"] == pytest.approx(0.420, abs=0.001)
    r = ex.compare_proportions(221, 512, 262, 498)
    assert (r["diff"], r["ci_low"], r["ci_high"]) == (pytest.approx(0.09446, abs=1e-5),
                                                      pytest.approx(0.03311, abs=1e-5),
                                                      pytest.approx(0.15581, abs=1e-5))
    assert ex.compare_proportions(1, 8, 3, 9)["提示"]  # too small for the normal approximation


@pytest.mark.parametrize("base, mde, n", [(0.18, 0.02, 6036), (0.43, 0.08, 608), (0.50, 0.10, 385),
                                          (0.18, 0.05, 1020)])
def test_sample_size_per_group(base, mde, n):
    assert ex.sample_size_two_proportions(base, mde) == n


def test_min_detectable_effect_textbook_values():
    # z = 1.95996 + 0.84162 = 2.80158, z² = 7.84887.  p1 = 0.10, p2 = 0.15: 7.84887 · (0.09 + 0.1275) / 0.05² = 682.6
    # people per group, so 682.6 per group detect exactly 5 points.
    n = 7.848868 * (0.10 * 0.90 + 0.15 * 0.85) / 0.05 ** 2
    assert ex.min_detectable_effect(0.10, n) == pytest.approx(0.05, abs=1e-5)
    # p1 = 0.5, p2 = 0.6: 7.84887 · 0.49 / 0.01 = 384.6
    assert ex.min_detectable_effect(0.5, 7.848868 * 0.49 / 0.01) == pytest.approx(0.10, abs=1e-5)
    # unequal groups: δ = z · √(p1q1/n1 + p2q2/n2); with n1 = 400, n2 = 1600 and p1 = 0.5 this solves to ≈ 0.0875
    d = ex.min_detectable_effect(0.5, 400, n_other=1600)
    assert d == pytest.approx(2.80158 * math.sqrt(0.25 / 400 + (0.5 + d) * (0.5 - d) / 1600), abs=1e-5)
    assert ex.min_detectable_effect(0.5, 400, n_other=1600) < ex.min_detectable_effect(0.5, 400)


def test_min_detectable_effect_inverts_the_sample_size():
    assert ex.min_detectable_effect(0.18, 500) == pytest.approx(0.0727, abs=0.0005)
    assert ex.min_detectable_effect(0.43, 500) == pytest.approx(0.0881, abs=0.0005)
    d = ex.min_detectable_effect(0.18, 6036)
    assert d == pytest.approx(0.02, abs=0.0002)


@pytest.mark.parametrize("args", [(0.0, 0.02), (0.18, 0.0), (0.9, 0.2), (0.18, -0.01)])
def test_bad_sample_size_inputs(args):
    with pytest.raises(DataError):
        ex.sample_size_two_proportions(*args)


def test_wilson_interval_and_bad_counts():
    assert [round(v, 3) for v in ex.wilson_interval(2, 4)] == [0.15, 0.85]
    assert all(math.isnan(v) for v in ex.wilson_interval(0, 0))
    with pytest.raises(DataError):
        ex.wilson_interval(5, 4)


def test_sample_ratio_mismatch():
    ok = ex.srm_check(pd.DataFrame({"group": ["对照组"] * 500 + ["实验组"] * 500}))
    assert ok["p"] == pytest.approx(1.0) and not ok["异常"]
    bad = ex.srm_check(pd.DataFrame({"group": ["对照组"] * 560 + ["实验组"] * 440}))
    assert bad["chi2"] == pytest.approx(14.4) and bad["p"] == pytest.approx(0.000148, abs=1e-6) and bad["异常"]
    assert list(bad["人数"]) == ["对照组", "实验组"]
    with pytest.raises(DataError, match="两组"):
        ex.srm_check(pd.DataFrame({"group": ["对照组"] * 3}))


AB = pd.DataFrame({"member_id": ["a", "b", "c", "d"], "assigned_date": ["2025-01-01", "2025-01-01", "2025-02-01",
                                                                         "2025-02-01"],
                   "group": ["对照组", "对照组", "实验组", "实验组"]})
ORDERS = pd.DataFrame([("a", "2025-01-01"), ("a", "2025-01-31"), ("a", "2025-04-02"),   # day 30, day 91
                       ("b", "2025-01-01"), ("b", "2025-07-01"),                        # day 181: outside
                       ("c", "2025-02-01"), ("c", "2025-02-02"),                        # day 1
                       ("d", "2025-02-01"), ("d", "2025-07-31"),                        # day 180
                       ("z", "2025-12-31")], columns=["member_id", "order_date"])


def test_outcomes_and_summary_on_hand_made_members():
    out = ex.ab_outcomes(AB, ORDERS)
    assert out["30天内复购"].tolist() == [True, False, True, False]
    assert out["第91–180天留存"].tolist() == [True, False, False, True]
    s = helpers.ab_test_summary(AB, ORDERS)
    assert s["A组比例"].tolist() == [0.5, 0.5] and s["B组比例"].tolist() == [0.5, 0.5]
    assert s["差值（百分点）"].tolist() == [0.0, 0.0] and s.index.tolist() == [1, 2]
    # the smallest detectable difference at p = 0.5 with 2 per group is more than the 50 points that are left
    assert s["本实验能检出的最小差值（百分点）"].isna().all()
    assert "是否显著" in s and s.attrs["percent"] == ["A组比例", "B组比例"]


def test_summary_refuses_unobserved_windows_and_members_without_orders():
    with pytest.raises(DataError, match="观察期不够"):
        helpers.ab_test_summary(AB, ORDERS[~ORDERS["order_date"].isin(["2025-12-31", "2025-07-31"])])
    with pytest.raises(DataError, match="没有任何订单"):
        helpers.ab_test_summary(pd.concat([AB, AB.iloc[[0]].assign(member_id="q")]), ORDERS)
    with pytest.raises(DataError, match="分组只能是"):
        helpers.ab_test_summary(AB.assign(group=["A", "A", "B", "B"]), ORDERS)


def test_power_sentence_says_what_the_experiment_cannot_see():
    s = pd.DataFrame({"指标": ["留存"], "A组人数": [465], "B组人数": [463], "差值（百分点）": [-0.3],
                      "置信下限（百分点）": [-6.0], "置信上限（百分点）": [5.3], "是否显著": [False],
                      "本实验能检出的最小差值（百分点）": [8.4]})
    text = ex.ab_power_sentence(s)
    assert "对照组 465 人、实验组 463 人" in text and "也可能是 +5 个百分点左右" in text
    assert "本实验只能检出 8.4 个百分点以上的差别" in text and "不等于“没有作用”" in text
    assert ex.srm_sentence(ex.srm_check(pd.DataFrame({"group": ["对照组"] * 5 + ["实验组"] * 5}))).endswith(
        "两组人数没有失衡。")


def test_title_says_what_is_reliable():
    s = pd.DataFrame({"指标": ["30天内复购", "第91–180天留存"], "差值（百分点）": [8.0, 2.0],
                      "是否显著": [True, False]})
    assert ex.ab_title(s) == ("复购券让30天内复购提高 +8.0 个百分点（可信）；"
                              "对第91–180天留存的作用 +2.0 个百分点，还无法确定")


def test_sample_size_widget():
    from helpers.widgets.experiments import ab_sample_size_widget

    w = ab_sample_size_widget(0.18, 0.02, 500)
    assert "6,036" in w.result.value and "7.3 个百分点" in w.result.value
    summary = pd.DataFrame({"指标": ["30天内复购", "留存"], "A组人数": [465, 465], "A组比例": [0.45, 0.2602],
                            "B组人数": [463, 463]})
    w = ab_sample_size_widget(summary)  # starts from the experiment: its control rate and group size
    assert (w.base.value, w.mde.value, w.per_group.value) == (26.0, 5.0, 463)
    assert "1,276" in w.result.value and "8.4 个百分点" in w.result.value
    w.base.value, w.mde.value = 43.0, 8.0
    assert "608" in w.result.value
    w.base.value, w.mde.value = 60.0, 20.0
    w.base.value = 60.0
    w.mde.value = 20.0
    assert "每组需要" in w.result.value
