"""Customer classification: Pareto/ABC, value x potential, classes, key-account scores, monitoring."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import charts
from helpers.analysis import accounts as cu
from helpers.analysis import key_accounts
from helpers.errors import DataError

# Charts are drawn with the course's Chinese font, as in the notebooks (fixture in conftest.py).
pytestmark = pytest.mark.usefixtures("chinese_fonts")


values_strategy = st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=60)


# --------------------------------------------------------------------------- Pareto / ABC

@settings(max_examples=80, deadline=None)
@given(values=values_strategy, a=st.floats(0.5, 0.85), gap=st.floats(0.05, 0.14))
def test_pareto_table_abc_rule(values, a, gap):
    b = a + gap
    s = pd.Series(values, index=[f"C{i}" for i in range(len(values))])
    t = cu.pareto_table(s, a=a, b=b)
    assert sorted(t.index) == sorted(s.index)
    assert (np.diff(t["销售额"]) <= 0).all()
    assert set(t["ABC类"]) <= {"A", "B", "C"}
    order = t["ABC类"].map({"A": 0, "B": 1, "C": 2}).to_numpy()
    assert (np.diff(order) >= 0).all(), "classes must run A, then B, then C"
    if s.sum() > 0:
        assert t["累计占比"].iloc[-1] == pytest.approx(1.0)
        share_a = t.loc[t["ABC类"] == "A", "占比"].sum()
        assert share_a >= a - 1e-9  # the A group covers the first a of sales...
        assert share_a - t.loc[t["ABC类"] == "A", "占比"].iloc[-1] < a + 1e-9  # ...and no more than needed


@settings(max_examples=80, deadline=None)
@given(values=values_strategy, top=st.floats(0.05, 0.9))
def test_top_share_matches_brute_force(values, top):
    s = pd.Series(values)
    k = max(1, math.ceil(top * len(values) - 1e-9))
    expected = sum(sorted(values, reverse=True)[:k]) / sum(values) if sum(values) > 0 else 0.0
    assert cu.top_share(s, top) == pytest.approx(expected)


def test_pareto_sentence_reports_the_actual_split():
    rng = np.random.default_rng(3)
    s = pd.Series(rng.pareto(1.5, 500) * 10)
    sentence = cu.pareto_sentence(s)
    top100 = s.sort_values(ascending=False).iloc[:100].sum() / s.sum()
    assert f"前 20% 的客户（100 家）贡献了 {top100:.1%} 的销售额" in sentence
    cum = s.sort_values(ascending=False).cumsum() / s.sum()
    needed = (np.argmax(cum.to_numpy() >= 0.8) + 1) / len(s)
    assert f"前 {needed:.1%} 的客户" in sentence


def test_pareto_rejects_negative_values():
    with pytest.raises(DataError):
        cu.pareto_table(pd.Series([5.0, -1.0]))


# --------------------------------------------------------------------------- metrics on the case

@pytest.fixture(scope="module")
def case():
    import helpers

    orders = helpers.load_case("orders")
    customers = helpers.load_case("customers")
    return orders, customers, cu.account_metrics(orders, customers)


def test_account_metrics_agree_with_the_orders(case):
    orders, customers, m = case
    assert len(m) == len(customers) and m.index.is_unique
    end = orders["order_date"].max().normalize()
    last12 = orders[orders["order_date"] > end - pd.DateOffset(months=12)]
    assert m["销售额_万元"].sum() == pytest.approx(last12["amount"].sum() / 1e4)
    one = last12.groupby("customer_id")["amount"].sum().idxmax()
    assert m.loc[one, "销售额_万元"] == pytest.approx(last12.loc[last12.customer_id == one, "amount"].sum() / 1e4)
    margin = last12.loc[last12.customer_id == one, "gross_profit"].sum() / last12.loc[
        last12.customer_id == one, "amount"].sum()
    assert m.loc[one, "毛利率"] == pytest.approx(margin)
    assert (m["距上次下单_天"].dropna() >= 0).all()
    assert {"采购潜力_万元", "钱包份额", "合作年限"} <= set(m.columns)


def test_case_concentration_is_not_exactly_80_20(case):
    _, _, m = case
    share = cu.top_share(m["销售额_万元"], 0.2)
    assert 0.5 < share < 0.95
    assert "贡献了" in cu.pareto_sentence(m["销售额_万元"])


# --------------------------------------------------------------------------- matrix and classes

def test_value_potential_quadrants_follow_the_cuts():
    f = pd.DataFrame({"销售额_万元": [1, 10, 100, 1000], "增长空间_万元": [5000, 5, 50, 500]})
    out = cu.value_potential_matrix(f, value_cut=50, potential_cut=100)
    assert out["象限"].tolist() == ["重点开发", "常规服务", "稳固维护", "重点经营"]
    assert out.attrs["cuts"] == (50.0, 100.0)
    default = cu.value_potential_matrix(f)
    assert default.attrs["cuts"] == (f["销售额_万元"].median(), f["增长空间_万元"].median())


def test_matrix_medians_are_among_buyers_and_non_buyers_are_lost():
    """Review L2 must 2: 212 customers without an order pulled the medians down and were sent to 重点开发."""
    f = pd.DataFrame({"销售额_万元": [0, 0, 0, 4, 10, 20, 40], "增长空间_万元": [900, 800, 5, 10, 300, 1, 50]})
    out = cu.value_potential_matrix(f)
    assert out.attrs["cuts"] == (15.0, 30.0)          # medians of the 4 buyers only: (10+20)/2, (10+50)/2
    assert out["象限"].tolist()[:3] == ["流失客户"] * 3  # not 重点开发, however large their headroom
    assert not out.loc[:2, ["价值高", "潜力高"]].to_numpy().any()
    assert out["象限"].tolist()[3:] == ["常规服务", "重点开发", "稳固维护", "重点经营"]
    summary = cu.quadrant_summary(out)
    assert summary.loc["流失客户", "客户数"] == 3 and summary["客户数"].sum() == 7
    assert "挽回" in summary.loc["流失客户", "策略"]


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(st.floats(0, 500), st.floats(0, 3000)), min_size=1, max_size=80),
       big_top=st.floats(0.05, 0.5), potential_top=st.floats(0.05, 0.6))
def test_classes_obey_their_stated_criteria(rows, big_top, potential_top):
    f = pd.DataFrame(rows, columns=["销售额_万元", "增长空间_万元"])
    out = cu.classify_customers(f, big_top=big_top, potential_top=potential_top)
    big, pot = out.attrs["lines"]
    cls = out["客户类别"]
    bought = f["销售额_万元"] > 0
    assert (cls[~bought] == "流失客户").all() and (cls[bought] != "流失客户").all()
    assert (out.loc[cls == "大客户", "销售额_万元"] >= big).all()
    assert (out.loc[bought & (cls != "大客户"), "销售额_万元"] < big).all()
    assert (out.loc[cls == "潜力客户", "增长空间_万元"] >= pot).all()
    assert (out.loc[cls == "普通客户", "增长空间_万元"] < pot).all()
    assert (cls == "大客户").sum() >= math.ceil(big_top * bought.sum() - 1e-9)  # among buyers; ties may add more
    rules = cu.classification_rules(out)
    assert rules["客户数"].sum() == len(f)
    assert rules["客户类别"].tolist() == ["大客户", "潜力客户", "普通客户", "流失客户"]


def test_lines_are_taken_among_buyers():
    """Review L2 must 1: the top 20% over all 720 (212 without an order) gave 144 大客户, not 102."""
    f = pd.DataFrame({"销售额_万元": [100.0, 50.0, 40.0, 30.0, 20.0] + [0.0] * 5,
                      "增长空间_万元": [1.0, 2.0, 3.0, 90.0, 80.0] + [500.0] * 5})
    out = cu.classify_customers(f)
    assert out.attrs["lines"] == (100.0, 80.0)   # top 20% of 5 buyers = 1 by sales; top 30% = ceil(1.5) = 2 by headroom
    assert out["客户类别"].value_counts().to_dict() == {"流失客户": 5, "潜力客户": 2, "普通客户": 2, "大客户": 1}
    assert cu.classify_customers(f, lost=None)["客户类别"].tolist()[5:] == ["潜力客户"] * 5
    rules = cu.classification_rules(out)
    assert "5 家客户中" in rules.loc[0, "判定标准"] and "增长空间 ≥ 80.0 万元" in rules.loc[1, "判定标准"]


def test_case_big_accounts_are_the_pareto_top_20_percent(case):
    _, _, m = case
    out = cu.classify_customers(m)
    buyers = cu.buyers_only(m["销售额_万元"])
    big = out["客户类别"] == "大客户"
    assert big.sum() == math.ceil(0.2 * len(buyers))
    assert m.loc[big, "销售额_万元"].sum() / buyers.sum() == pytest.approx(cu.top_share(buyers, 0.2))


def test_explicit_lines_override_the_defaults(case):
    _, _, m = case
    out = cu.classify_customers(m, big_line=100, potential_line=500)
    assert out.attrs["lines"] == (100.0, 500.0)
    assert ((out["客户类别"] == "大客户") == (m["销售额_万元"] >= 100)).all()
    rules = cu.classification_rules(out)
    assert "100.0 万元" in rules.loc[0, "判定标准"]
    assert rules["销售额占比"].sum() == pytest.approx(1.0)


# --------------------------------------------------------------------------- key accounts

def test_key_account_scores_rank_a_dominant_customer_first():
    f = pd.DataFrame({
        "销售额_万元": [500, 20, 30, 10, 0], "增长空间_万元": [400, 30, 30, 30, 600],
        "同比增长": [0.5, 0.1, np.nan, -0.2, np.nan], "毛利率": [0.4, 0.2, 0.3, 0.1, np.nan],
        "合作年限": [10, 2, 3, 1, 8],
    }, index=["W", "X", "Y", "Z", "无"])
    s = key_accounts.key_account_scores(f, top=2)
    assert "无" not in s.index and s.attrs["excluded"] == 1   # no order: not a candidate, no neutral points
    assert s.index[0] == "W" and s.loc["W", "综合得分"] == 100.0
    assert s.loc["X", "得分_当前销售额"] == 4.0      # share of the largest: 20 / 500
    assert s.loc["Y", "得分_增长空间"] == 7.5         # 30 / 400
    assert s.loc["Y", "得分_销售增长"] == 50.0        # missing -> neutral
    assert s["入选"].tolist() == [True, True, False, False]
    assert s["排名"].tolist() == [1, 2, 3, 4]
    assert s.attrs["margin"] == round(s["综合得分"].iloc[1] - s["综合得分"].iloc[2], 1)


def test_size_keeps_its_differences():
    """Review L2 must 4: by percentile 563 万 and 97 万 scored almost alike; by share of the maximum they do not."""
    f = pd.DataFrame({"销售额_万元": [563.0, 437.0, 97.0, 96.0, 5.0]}, index=list("ABCDE"))
    crit = pd.DataFrame({"指标": ["当前销售额"], "列名": ["销售额_万元"], "权重": [1], "越大越好": [True],
                         "换算": ["占最大值"]})
    s = key_accounts.key_account_scores(f, crit)
    assert s.loc["C", "综合得分"] == round(97 / 563 * 100, 1)
    percentile = key_accounts.key_account_scores(f, crit.drop(columns="换算"))
    assert percentile.loc["C", "综合得分"] == 50.0      # the old scale: rank 3 of 5


def test_selection_tools_on_the_case(case):
    _, _, m = case
    s = key_accounts.key_account_scores(m, top=12)
    buyers = (m["销售额_万元"] > 0).sum()
    assert len(s) == buyers and s.attrs["excluded"] == len(m) - buyers
    biggest = m["销售额_万元"].nlargest(6).index
    assert set(biggest) <= set(s.index[:12])                 # the six largest accounts are all A 级
    near = key_accounts.near_cut(s, 12)
    assert near["排名"].tolist() == [11, 12, 13, 14, 15] and near["入选"].tolist() == [True, True, False, False, False]
    sens = key_accounts.weight_sensitivity(m, top=12)
    assert list(sens.index) == list(key_accounts.default_key_account_criteria()["指标"])
    assert sens[["调高后换掉几家", "调低后换掉几家"]].to_numpy().max() <= 12
    text = key_accounts.selection_sentence(s, m, top=12, sensitivity=sens)
    assert f"在近 12 个月有订单的 {buyers} 家客户中评分" in text and "最多换掉" in text
    watch = key_accounts.watch_list(s, m)
    assert set(s.index[:12]) <= set(watch.index) and set(m["销售额_万元"].nlargest(20).index) <= set(watch.index)


def test_key_account_weights_and_direction():
    f = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [3.0, 2.0, 1.0]}, index=list("PQR"))
    crit = pd.DataFrame({"指标": ["甲", "乙"], "列名": ["a", "b"], "权重": [2, 2], "越大越好": [True, True]})
    even = key_accounts.key_account_scores(f, crit)
    assert set(even["综合得分"]) == {50.0}
    crit.loc[1, "越大越好"] = False
    flipped = key_accounts.key_account_scores(f, crit)
    assert flipped.index[0] == "R" and flipped.loc["R", "综合得分"] == 100.0
    crit.loc[0, "权重"] = -1
    with pytest.raises(DataError):
        key_accounts.key_account_scores(f, crit)


# --------------------------------------------------------------------------- monitoring

def _orders(rows):
    return pd.DataFrame(rows, columns=["customer_id", "order_date", "amount"])


def test_monitor_alerts_fire_only_when_they_should():
    o = _orders([
        # K1: steady, every quarter, recent -> no alert
        ("K1", "2024-02-10", 100_000), ("K1", "2024-08-10", 100_000),
        ("K1", "2025-02-10", 60_000), ("K1", "2025-05-10", 55_000), ("K1", "2025-08-10", 50_000),
        ("K1", "2025-12-01", 60_000),
        # K2: drop of 30% and silent for 150 days (so 2025Q4 has no order)
        ("K2", "2024-05-01", 200_000), ("K2", "2025-01-03", 40_000), ("K2", "2025-04-03", 50_000),
        ("K2", "2025-08-03", 50_000),
        # K3: falling three quarters in a row, still ordering
        ("K3", "2025-02-15", 120_000), ("K3", "2025-05-15", 90_000), ("K3", "2025-08-15", 60_000),
        ("K3", "2025-11-15", 50_000),
    ])
    m = key_accounts.account_monitor(o, ["K1", "K2", "K3", "K4"], as_of="2025-12-31")
    assert list(m.columns[:4]) == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert m.loc["K1", "预警"] == "" and not m.loc["K1", "需关注"]
    assert m.loc["K1", "同比"] == pytest.approx(225 / 200 - 1)
    assert m.loc["K1", "趋势"] == "↑" and m.loc["K1", "环比"] == pytest.approx(0.2)
    assert m.loc["K2", "预警"] == "2025Q4 无订单；同比下降 30%（少了 6.0 万元）；150 天未下单"
    assert m.loc["K3", "预警"] == "连续两个季度下滑"
    assert m.loc["K3", "趋势"] == "↓"
    assert m.loc["K4", "预警"] == "从未下单"
    assert m.loc["K2", "2025Q3"] == 5.0
    # thresholds are parameters
    lenient = key_accounts.account_monitor(o, ["K2"], as_of="2025-12-31", drop_alert=0.5, silent_days=200)
    assert lenient.loc["K2", "预警"] == "2025Q4 无订单"


def test_monitor_alerts_on_a_zero_quarter_among_the_last_two():
    """Like C0172 / C0575 in the case: a recent quarter without any order, then back -- not 正常."""
    o = _orders([("Z", "2025-01-15", 50_000), ("Z", "2025-04-15", 60_000), ("Z", "2025-10-15", 55_000),
                 ("Z", "2024-06-01", 150_000)])
    m = key_accounts.account_monitor(o, ["Z"], as_of="2025-12-31")
    assert m.loc["Z", "2025Q3"] == 0.0
    assert m.loc["Z", "预警"] == "2025Q3 无订单"
    assert bool(m.loc["Z", "需关注"])


def test_an_old_empty_quarter_followed_by_steady_ones_is_not_an_alert():
    """Review L2 should 11: an empty Q1, then three steady quarters and +264% year on year, was 需关注."""
    o = _orders([("N", "2025-04-15", 350_000), ("N", "2025-07-15", 340_000), ("N", "2025-10-15", 360_000),
                 ("N", "2024-09-01", 288_000)])
    m = key_accounts.account_monitor(o, ["N"], as_of="2025-12-31")
    assert m.loc["N", "2025Q1"] == 0.0 and m.loc["N", "预警"] == "" and not m.loc["N", "需关注"]


def test_a_large_absolute_loss_is_an_alert_even_below_20_percent():
    """Review L2 should 11: the largest account lost 18% (about 125 万) and showed 正常."""
    o = _orders([("L", "2024-03-01", 1_700_000), ("L", "2024-09-01", 1_700_000),
                 ("L", "2025-02-01", 700_000), ("L", "2025-05-01", 700_000), ("L", "2025-08-01", 700_000),
                 ("L", "2025-11-01", 685_000)])
    m = key_accounts.account_monitor(o, ["L"], as_of="2025-12-31")
    assert m.loc["L", "预警"] == "同比下降 18%（少了 61.5 万元）"
    assert key_accounts.account_monitor(o, ["L"], as_of="2025-12-31", drop_wan=100).loc["L", "预警"] == ""


def test_alert_actions_name_their_thresholds():
    """Review L2 must 9: no "X 天未下单" placeholder in front of trainees."""
    alerts = key_accounts.alert_actions()["预警"].tolist()
    assert "90 天以上未下单" in alerts and "环比下降 50% 以上" in alerts
    assert not any("X" in a for a in alerts)


def test_monitor_alerts_on_a_sharp_quarter_on_quarter_drop():
    """Like C0330: the last quarter 55% below the one before, though the year is up."""
    o = _orders([("S", "2025-01-15", 100_000), ("S", "2025-04-15", 100_000), ("S", "2025-07-15", 200_000),
                 ("S", "2025-10-15", 90_000), ("S", "2024-06-01", 100_000)])
    m = key_accounts.account_monitor(o, ["S"], as_of="2025-12-31")
    assert m.loc["S", "环比"] == pytest.approx(-0.55)
    assert m.loc["S", "预警"] == "环比下降 55%"
    assert m.loc["S", "趋势"] == "↓"
    assert key_accounts.account_monitor(o, ["S"], as_of="2025-12-31", qoq_alert=0.6).loc["S", "预警"] == ""


def test_monitor_trend_arrow_never_contradicts_a_fall_alert():
    """C0363 showed → beside 连续下滑: now a fall and the arrow use the same 10% line."""
    rows = []
    rng = np.random.default_rng(4)
    for k in range(200):
        for month in ("02", "05", "08", "11"):
            amount = float(rng.choice([0, 10_000, 50_000, 90_000, 100_000, 105_000]))
            if amount:
                rows.append((f"A{k}", f"2025-{month}-10", amount))
        rows.append((f"A{k}", "2024-06-01", 100_000))
    m = key_accounts.account_monitor(_orders(rows), [f"A{k}" for k in range(200)], as_of="2025-12-31")
    falling = m["预警"].str.contains("连续两个季度下滑|环比下降")
    assert falling.any()
    assert (m.loc[falling, "趋势"] == "↓").all()
    assert (m.loc[m["趋势"] == "↑", "预警"].str.contains("连续两个季度下滑") == False).all()  # noqa: E712


def test_monitor_shows_percentages_and_yes_no():
    import helpers

    o = _orders([("K", "2024-06-01", 100_000), ("K", "2025-06-01", 254_400)])
    m = key_accounts.account_monitor(o, ["K"], as_of="2025-12-31", names=pd.Series({"K": "某某精密机械有限公司"}))
    assert m.columns[0] == "客户名称" and m.loc["K", "客户名称"] == "某某精密机械有限公司"
    html = helpers.show(m).to_html()
    assert "+154.4%" in html and "是" in html and "True" not in html and "1.544" not in html


def test_monitor_on_case_key_accounts(case):
    orders, _, m = case
    top = key_accounts.key_account_scores(m, top=15)
    chosen = top.index[top["入选"]]
    mon = key_accounts.account_monitor(orders, chosen)
    assert list(mon.index) == list(chosen)
    days = mon["距上次下单（天）"].astype(float)
    assert ((days > 90) <= mon["需关注"]).all()  # every silent account is flagged
    assert mon["需关注"].sum() == (mon["预警"] != "").sum()


# --------------------------------------------------------------------------- charts

def test_charts_have_chinese_titles_and_labels(case):
    import matplotlib.pyplot as plt

    orders, _, m = case
    ax = charts.plot_pareto(m["销售额_万元"])
    assert ax.get_title() == "客户销售额帕累托图" and "客户累计占比" in ax.get_xlabel()
    ax2 = charts.plot_value_potential(cu.value_potential_matrix(m))
    assert "价值" in ax2.get_xlabel() and "潜力" in ax2.get_ylabel()
    mon = key_accounts.account_monitor(orders, m["销售额_万元"].nlargest(5).index)
    flagged = mon.index[mon["需关注"]]
    fig = charts.plot_account_trends(mon)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 5 and visible[0].get_ylabel() == "销售额（万元）"
    titles = [ax.get_title() for ax in visible]
    assert sum("正常" not in t for t in titles) == len(flagged)
    plt.close("all")


def test_pareto_counts_only_customers_who_bought():
    """Issue 11 item 1: the 213 customers without a purchase must not swell the top 20%."""
    buyers = pd.Series([50.0, 30.0, 10.0, 5.0, 5.0])
    with_idle = pd.concat([buyers, pd.Series([0.0] * 5)], ignore_index=True)
    sentence = cu.pareto_sentence(with_idle, population="近 12 个月有订单", period="2025 年")
    assert sentence.startswith("2025 年，在近 12 个月有订单的 5 家客户中，前 20% 的客户（1 家）贡献了 50.0%")
    assert "另有 5 家客户没有购买，不计入" in sentence
    same = cu.pareto_sentence(buyers, population="近 12 个月有订单", period="2025 年")
    assert same.rstrip("。") == sentence.split("（另有")[0]   # idle customers change nothing but the note
    ax = charts.plot_pareto(with_idle)
    assert "5 家" in ax.get_xlabel()


def test_headroom_is_potential_minus_sales(case):
    _, _, m = case
    assert (m["增长空间_万元"] == m["采购潜力_万元"] - m["销售额_万元"]).all()
    assert (m["钱包份额"].dropna() <= 1.0 + 1e-9).all(), "potential below own sales (generator check)"
