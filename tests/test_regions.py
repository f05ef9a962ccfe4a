"""Regional diagnosis and benchmarking on small hand-built tables (answers worked out by hand)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers import charts
from helpers.analysis import regions
from helpers.errors import DataError


@pytest.fixture
def table() -> pd.DataFrame:
    return pd.DataFrame({
        "region": ["华东", "华南", "西部"],
        "our_sales_wan": [300.0, 100.0, 50.0],
        "our_sales_wan_prev": [250.0, 100.0, 40.0],
        "market_size_wan": [1000.0, 1000.0, 500.0],
        "market_size_wan_prev": [1000.0, 800.0, 500.0],
        "our_customers": [60, 20, 10],
        "target_customers": [200, 100, 100],
        "sales_reps": [6, 4, 1],
        "avg_price_index": [110.0, 95.0, 100.0],
        "gross_margin_rate": [0.30, 0.20, 0.25],
        "channel_partners": [10, 2, 0],
    })


def test_scorecard_six_analyses_by_hand(table):
    card = regions.regional_scorecard(table)
    assert list(card.index) == ["华东", "华南", "西部", "全部区域"]
    # ① share: 300/1000, 100/1000, 50/500; company 450/2500
    assert card["市场份额"].tolist() == pytest.approx([0.3, 0.1, 0.1, 0.18])
    # ② growth: 华东 +20 % vs market 0 -> +20 pp; 华南 0 % vs +25 % -> -25 pp; 西部 +25 % vs 0
    assert card[regions.GAP].tolist()[:3] == pytest.approx([20.0, -25.0, 25.0])
    # company: sales 450/390 - 1 = 15.38 %, market 2500/2300 - 1 = 8.70 % -> 6.69 pp
    assert card.loc["全部区域", regions.GAP] == pytest.approx((450 / 390 - 2500 / 2300) * 100)
    # ③ penetration 60/200, 20/100, 10/100; company 90/400
    assert card["渗透率"].tolist() == pytest.approx([0.3, 0.2, 0.1, 0.225])
    # ④ customers per rep 10, 5, 10; company 90/11
    assert card[regions.PER_REP].tolist() == pytest.approx([10, 5, 10, 90 / 11])
    # ⑤ price index and margin; company = sales-weighted: (300*110 + 100*95 + 50*100)/450
    assert card.loc["全部区域", regions.PRICE] == pytest.approx((33000 + 9500 + 5000) / 450)
    assert card.loc["全部区域", "毛利率"] == pytest.approx((300 * 0.3 + 100 * 0.2 + 50 * 0.25) / 450)
    # ⑥ partners per 100 targets: 5, 2, 0; company 12/400*100 = 3
    assert card[regions.CHANNEL].tolist() == pytest.approx([5.0, 2.0, 0.0, 3.0])
    # every header carries its unit and there is one name per indicator (review L1 should 13)
    assert {"增长差（百分点）", "每位销售的客户数（家）", "渠道覆盖率（每百家目标客户）"} <= set(card.columns)
    assert card.attrs["percent"] == ["市场份额", "本公司增长率", "市场增长率", "渗透率", "毛利率"]


def test_scorecard_zero_denominator_gives_blank_not_error(table):
    table.loc[2, "sales_reps"] = 0
    card = regions.regional_scorecard(table)
    assert math.isnan(card.loc["西部", regions.PER_REP])


def test_scorecard_without_price_index(table):
    card = regions.regional_scorecard(table.drop(columns="avg_price_index"), price_index=None)
    assert regions.PRICE not in card.columns


def test_scorecard_missing_column_and_blank_value(table):
    with pytest.raises(DataError, match="缺少列"):
        regions.regional_scorecard(table.drop(columns="market_size_wan"))
    table.loc[1, "our_sales_wan"] = None
    with pytest.raises(DataError) as info:
        regions.regional_scorecard(table)
    assert info.value.column == "our_sales_wan"


def test_six_analyses_table_has_six_rows():
    table = regions.six_analyses()
    assert len(table) == 6
    price = table.loc["⑤ 价格与毛利"]
    # the data have no market price: the index is our realised price against list, vs our national average
    assert "目录价" in price["计算方法"] and "全国平均" in price["计算方法"] and "市场均价" not in price["计算方法"]
    assert "折扣更深" in price["怎么读"] and "溢价" not in price["回答的问题"]


def test_regions_on_the_line_are_marked_borderline():
    """Review L1 should 8: 华东 4.4%, 华南 4.6%, 西南 4.1% against 4.3% were read as high or low."""
    card = pd.DataFrame({"市场份额": [0.044, 0.046, 0.041, 0.072, 0.023, 0.043],
                         regions.GAP: [19.5, -3.7, 9.4, 39.2, 0.5, 8.5]},
                        index=["华东", "华南", "西南", "华中", "华北", "全部区域"])
    quad = regions.share_growth_quadrant(card)
    assert quad["华东"] == "临界：份额与全公司相当（高 0.1 个百分点）、跑赢市场（+19.5）"
    assert quad["华南"].startswith("临界") and quad["华南"].endswith("跑输市场（-3.7）")
    assert quad["西南"].startswith("临界：份额与全公司相当（低 0.2 个百分点）")
    assert quad["华中"] == "明星区域：份额高、跑赢市场"
    assert quad["华北"] == "临界：份额低、与市场增长相当（+0.5）"
    assert regions.share_growth_quadrant(card, share_margin=0, gap_margin=0)["华南"].startswith("防守区域")


def test_visit_brief_flags_deeper_discounts_not_higher_prices():
    card = pd.DataFrame({"市场份额": [0.02, 0.05, 0.04], regions.GAP: [-5.0, 3.0, 1.0],
                         regions.PRICE: [103.0, 95.0, 100.0]}, index=["北", "南", "全部区域"])
    assert regions.PRICE not in regions.visit_brief(card, "北")["指标"].tolist()   # a price above average is no flag
    assert regions.PRICE in regions.visit_brief(card, "南")["指标"].tolist()       # 5 points deeper discount


def test_quadrants(table):
    card = regions.regional_scorecard(table)
    quad = regions.share_growth_quadrant(card)
    # company share 0.18: 华东 0.3 high & +20 -> 明星; 华南 low & -25 -> 问题; 西部 low & +25 -> 机会
    assert quad["华东"].startswith("明星")
    assert quad["华南"].startswith("问题")
    assert quad["西部"].startswith("机会")
    with pytest.raises(DataError):
        regions.share_growth_quadrant(card.drop(index="全部区域"))


def test_region_profile_index(table):
    card = regions.regional_scorecard(table)
    prof = regions.region_profile(card, "华东")
    assert prof.loc["市场份额", "指数"] == pytest.approx(round(0.3 / 0.18 * 100, 1))
    assert math.isnan(prof.loc[regions.GAP, "指数"])  # a difference has no meaningful index
    with pytest.raises(DataError, match="华北"):
        regions.region_profile(card, "华北")


def test_plot_share_growth_has_a_bubble_per_region(table):
    import matplotlib.pyplot as plt

    card = regions.regional_scorecard(table)
    ax = charts.plot_share_growth(card, market=table.set_index("region")["market_size_wan"])
    names = [t.get_text() for t in ax.texts]
    assert sorted(names[:3]) == sorted(["华东", "华南", "西部"])
    assert sorted(names[3:]) == sorted(["明星区域", "机会区域", "防守区域", "问题区域"])
    assert len(ax.collections[0].get_offsets()) == 3
    plt.close(ax.figure)


def test_check_weights_scales_to_one():
    assert regions.check_weights({"a": 1, "b": 3}) == {"a": 0.25, "b": 0.75}
    for bad in ({}, {"a": -1, "b": 2}, {"a": 0}):
        with pytest.raises(DataError):
            regions.check_weights(bad)


@pytest.fixture
def competitors() -> pd.DataFrame:
    return pd.DataFrame(
        {"质量评分": [4.0, 5.0, 2.5], "价格": [100.0, 120.0, 80.0], "交期天数": [14.0, 7.0, 28.0]},
        index=pd.Index(["青岚", "甲", "乙"], name="公司"),
    )


def test_benchmark_scores_by_hand(competitors):
    scores = regions.benchmark_scores(
        competitors, {"质量评分": 50, "价格": 30, "交期天数": 20}, lower_is_better=["价格", "交期天数"])
    # quality: 4/5 = 80, 100, 50; price (lower better): 80/100 = 80, 80/120 = 66.7, 100
    # delivery (lower better): 7/14 = 50, 100, 25
    assert scores.loc["青岚", ["质量评分", "价格", "交期天数"]].tolist() == pytest.approx([80, 80, 50])
    assert scores.loc["甲", "价格"] == pytest.approx(66.7)
    # totals: 青岚 .5*80+.3*80+.2*50 = 74; 甲 50+20+20 = 90; 乙 25+30+5 = 60
    assert scores["加权总分"].to_dict() == pytest.approx({"甲": 90.0, "青岚": 74.0, "乙": 60.0})
    assert list(scores.index) == ["甲", "青岚", "乙"]
    assert scores["排名"].tolist() == [1, 2, 3]


def test_benchmark_weights_change_the_winner(competitors):
    price_heavy = regions.benchmark_scores(competitors, {"质量评分": 1, "价格": 9}, lower_is_better=["价格"])
    # 乙 is cheapest: 0.1*50 + 0.9*100 = 95 beats 甲 0.1*100 + 0.9*66.7 = 70
    assert price_heavy.index[0] == "乙"


def test_benchmark_rejects_bad_values(competitors):
    competitors.loc["乙", "价格"] = 0
    with pytest.raises(DataError) as info:
        regions.benchmark_scores(competitors, {"价格": 1}, lower_is_better=["价格"])
    assert info.value.column == "价格"
    with pytest.raises(DataError):
        regions.benchmark_scores(competitors, {"质量评分": 1}, lower_is_better=["价格"])


def test_gaps_to_best(competitors):
    scores = regions.benchmark_scores(
        competitors, {"质量评分": 50, "价格": 30, "交期天数": 20}, lower_is_better=["价格", "交期天数"])
    gaps = regions.gaps_to_best(scores, "青岚")
    # delivery 50 vs 甲 100 -> -50; quality 80 vs 100 -> -20; price 80 vs 乙 100 -> -20
    assert gaps.loc["交期天数", "差距"] == pytest.approx(-50.0)
    assert gaps.loc["价格", "最强对手"] == "乙"
    assert gaps.index[0] == "交期天数"
    with pytest.raises(DataError):
        regions.gaps_to_best(scores, "丙")


def test_plot_radar_one_outline_per_company(competitors):
    import matplotlib.pyplot as plt

    scores = regions.benchmark_scores(competitors, {"质量评分": 1, "价格": 1}, lower_is_better=["价格"])
    ax = charts.plot_radar(scores)
    assert len(ax.lines) == 3
    # the criteria are written outside the 100 ring (so no outline crosses them), one text each
    assert [t.get_text() for t in ax.texts] == ["质量评分", "价格"]
    assert [line.get_color() for line in ax.lines][0] == charts.regions.company_colours(scores.index)[scores.index[0]]
    plt.close(ax.figure)


def test_year_over_year_pairs_each_region_with_last_year():
    long = pd.DataFrame({
        "region": ["东", "西", "东", "西", "东", "西"],
        "year": [2023, 2023, 2024, 2024, 2025, 2025],
        "our_sales_wan": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        "market_size_wan": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0],
    })
    out = regions.year_over_year(long, 2025)
    assert out["region"].tolist() == ["东", "西"]
    assert out["our_sales_wan_prev"].tolist() == [3.0, 4.0]
    assert out["market_size_wan_prev"].tolist() == [30.0, 40.0]
    with pytest.raises(DataError, match="2022"):
        regions.year_over_year(long, 2023)
    with pytest.raises(DataError, match="西"):
        regions.year_over_year(long.drop(index=3), 2025)  # 西 has no 2024 row


def test_plot_scorecard_one_panel_per_indicator(table):
    import matplotlib.pyplot as plt

    card = regions.regional_scorecard(table)
    fig = charts.plot_scorecard(card)
    drawn = [ax for ax in fig.axes if ax.get_visible() and ax.axison]
    assert len(drawn) == 7  # share, growth gap, penetration, per rep, price index, margin, channels
    titles = [ax.get_title() for ax in drawn]
    assert titles[0] == "① 市场份额（%）"
    share_panel = drawn[0]
    # bars sorted ascending: 华南 10, 西部 10, 华东 30 (percent)
    assert sorted(p.get_width() for p in share_panel.patches) == pytest.approx([10.0, 10.0, 30.0])
    assert share_panel.lines[0].get_xdata()[0] == pytest.approx(18.0)  # company line
    plt.close(fig)
