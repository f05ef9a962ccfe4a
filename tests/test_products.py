"""Product strategy (lecture 5): the BCG rules, the product-line verdicts and the SKU review on
hand-made lines, Ansoff and 4P → 4C."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import helpers
from helpers.errors import DataError

LINES = [  # line, market 2024 → 2025, our sales 2025, competitor shares
    ("X", 100, 115, 23.0, (0.10, 0.05, 0.02)),
    ("Y", 200, 204, 30.0, (0.20, 0.10, 0.05)),
    ("Z", 50, 56, 2.8, (0.25, 0.10, 0.05)),
    ("W", 80, 82, 24.6, (0.20, 0.05, 0.0)),
    ("V", 100, 110, 11.0, (0.10, 0.02, 0.01)),
]


def _market(lines=LINES) -> pd.DataFrame:
    rows = []
    for line, before, now, ours, (a, b, c) in lines:
        rows.append((line, 2024, float(before), ours * before / now, a, b, c))
        rows.append((line, 2025, float(now), ours, a, b, c))
    return pd.DataFrame(rows, columns=["product_line", "year", "market_size_wan", "our_sales_wan", "share_a",
                                       "share_b", "share_c"])


def test_bcg_quadrants_relative_share_and_boundaries():
    b = helpers.bcg_matrix(_market(), 2025).set_index("产品线")
    assert b["象限"].to_dict() == {"X": "明星", "Y": "瘦狗", "Z": "问题", "W": "金牛", "V": "明星"}
    assert b.loc["X", "市场增长率"] == pytest.approx(0.15) and b.loc["X", "相对份额"] == pytest.approx(2.0)
    assert b.loc["Y", "相对份额"] == pytest.approx(0.7353, abs=1e-4) and b.loc["Z", "相对份额"] == pytest.approx(0.2)
    assert b.loc["W", "相对份额"] == pytest.approx(1.5) and b.loc["W", "最大竞争对手"] == "竞品A"
    assert b["靠近分界线"].to_dict() == {"X": False, "Y": False, "Z": False, "W": False, "V": True}
    assert math.isnan(b.loc["X", "上年相对份额"])  # no 2023 data: no arrow
    # what BCG does not use, shown beside it: X's sales 20 → 23 (+15%), share 20% → 20% (0 points);
    # tracked share = ours 20% + 10% + 5% + 2%
    assert b.loc["X", "本公司增长"] == pytest.approx(0.15) and b.loc["X", "份额变化（百分点）"] == pytest.approx(0.0)
    assert b.loc["X", "已跟踪份额合计"] == pytest.approx(0.37)


def test_bcg_leader_without_competitors_and_bad_input():
    b = helpers.bcg_matrix(_market([("L", 10, 12, 3.0, (0.0, 0.0, 0.0))]), 2025)
    assert b.loc[1, "象限"] == "明星" and b.loc[1, "最大竞争对手"] == "无竞争对手"  # rows numbered from 1
    with pytest.raises(DataError, match="2023"):
        helpers.bcg_matrix(_market(), 2024)
    with pytest.raises(DataError, match="0 到 1"):
        helpers.bcg_matrix(_market().assign(share_a=1.5), 2025)
    assert helpers.bcg_title(pd.DataFrame({"产品线": ["A"], "象限": ["瘦狗"], "相对份额": [0.5],
                                           "上年相对份额": [0.5]})).startswith("没有明星产品线")


def _orders(rows):
    return pd.DataFrame(rows, columns=["customer_id", "order_date", "product_id", "quantity", "amount"])


PRODUCTS = pd.DataFrame([
    ("S1", "甲1", "L1", 100.0, 2015), ("S2", "甲2", "L1", 200.0, 2016), ("S3", "甲3", "L1", 400.0, 2018),
    ("S4", "甲4", "L1", 800.0, 2025), ("T1", "乙1", "L2", 100.0, 2019), ("T2", "乙2", "L2", 110.0, 2020),
    ("D1", "丙1", "L3", 100.0, 2015), ("D2", "丙2", "L3", 100.0, 2015),
], columns=["product_id", "product_name", "product_line", "list_price", "launch_year"])
CUSTOMERS = pd.DataFrame({"customer_id": ["c1", "c2", "c3", "c4"], "industry": ["甲", "甲", "乙", "乙"]})
ORDERS = _orders([
    ("c1", "2025-03-01", "S1", 1, 70.0), ("c1", "2025-03-01", "S2", 1, 25.0), ("c1", "2025-03-01", "S3", 1, 3.0),
    ("c1", "2025-03-01", "S4", 1, 2.0),
    ("c1", "2025-04-01", "T1", 1, 100.0), ("c2", "2025-04-01", "T1", 1, 100.0), ("c3", "2025-04-01", "T1", 1, 100.0),
    ("c2", "2025-04-01", "T2", 1, 110.0), ("c3", "2025-04-01", "T2", 1, 110.0), ("c4", "2025-04-01", "T2", 1, 110.0),
    ("c1", "2025-05-01", "D1", 1, 70.0), ("c2", "2025-05-01", "D1", 1, 70.0),   # 30% off for industry 甲
    ("c3", "2025-05-01", "D1", 1, 90.0), ("c4", "2025-05-01", "D1", 1, 90.0),   # 10% off for industry 乙
    ("c1", "2025-05-01", "D2", 6, 600.0),
    ("c1", "2024-05-01", "S1", 1, 70.0),
])


def test_product_line_rules():
    r = helpers.product_line_review(ORDERS, PRODUCTS, CUSTOMERS, year=2025, min_orders=2).set_index("产品线")
    assert r.loc["L1", "判定"] == "过短" and r.loc["L1", "尾部SKU"] == "S3"   # top 70%; S4 is new, not a tail
    assert r.loc["L2", "判定"] == "过细" and "T1–T2" in r.loc["L2", "相近SKU对"]  # 10% apart, Jaccard 0.5
    assert r.loc["L3", "判定"] == "过短、过粗"                             # D2 65%; D1 甲 30% vs 乙 10%
    assert r.loc["L3", "最大行业折扣差"] == pytest.approx(0.20)
    assert helpers.product_line_review(ORDERS, PRODUCTS, CUSTOMERS, year=2025, min_orders=3).set_index(
        "产品线").loc["L3", "判定"] == "过短"  # groups of 2 orders are too small at min_orders=3


def test_too_long_needs_two_old_tails_and_the_market_lag_rule():
    products = pd.concat([PRODUCTS, pd.DataFrame([("S5", "甲5", "L1", 1600.0, 2010)], columns=PRODUCTS.columns)])
    orders = pd.concat([ORDERS, _orders([("c1", "2025-06-01", "S5", 1, 1.0)])])
    r = helpers.product_line_review(orders, products, CUSTOMERS, year=2025, min_orders=2).set_index("产品线")
    assert r.loc["L1", "判定"].startswith("过长") and r.loc["L1", "尾部SKU"] == "S3、S5"
    market = pd.DataFrame({"product_line": ["L2", "L2"], "year": [2024, 2025], "market_size_wan": [100.0, 125.0]})
    lag = helpers.product_line_review(pd.concat([orders, _orders([("c1", "2024-06-01", "T1", 1, 620.0)])]), products,
                                      CUSTOMERS, line_market=market, year=2025, min_orders=2).set_index("产品线")
    assert "过短" in lag.loc["L2", "判定"] and "市场增长 +25%" in lag.loc["L2", "依据"]


def test_sku_review_improvement_areas():
    s = helpers.sku_review(ORDERS, PRODUCTS, 2025).set_index("产品编号")
    assert s.loc["S3", "尾部SKU"] and not s.loc["S4", "尾部SKU"]
    assert s.loc["S4", "改进区域"] == "新品销售不足产品线 3%"
    assert s.loc["S1", "同比"] == pytest.approx(0.0) and s.loc["S1", "占产品线"] == pytest.approx(0.70)


def test_plan_ansoff_and_4p4c_tables():
    plan = helpers.product_plan(pd.DataFrame({"产品线": ["X", "Y"], "象限": ["明星", "瘦狗"]}),
                                pd.DataFrame({"产品线": ["X", "Y"], "判定": ["过短", "过细"]}))
    assert "补齐型号" in plan.iloc[0]["建议"] and "合并相近型号" in plan.iloc[1]["建议"]
    assert plan["提醒"].tolist() == ["—", "—"]  # no growth or share data: nothing to contradict the quadrant


def test_plan_flags_where_growth_and_share_contradict_the_quadrant():
    bcg = pd.DataFrame({"产品线": ["大瘦狗", "小瘦狗", "明星", "稳明星"], "象限": ["瘦狗", "瘦狗", "明星", "明星"],
                        "本公司销售额（万元）": [60.0, 10.0, 20.0, 10.0], "本公司增长": [0.18, -0.05, 0.02, 0.1],
                        "份额变化（百分点）": [0.6, 0.49, -2.2, -0.4]})
    plan = helpers.product_plan(bcg).set_index("产品线")
    assert plan.loc["大瘦狗", "占本公司销售额"] == pytest.approx(0.6)
    assert plan.loc["大瘦狗", "提醒"].startswith("份额上升 0.6 个百分点、销售增长 +18%")
    assert plan.loc["小瘦狗", "提醒"] == "—" and plan.loc["稳明星", "提醒"] == "—"  # below the 0.5-point line
    assert plan.loc["明星", "提醒"] == "份额下降 2.2 个百分点：先查丢份额的原因"
    caveat = helpers.bcg_caveat(pd.DataFrame({"产品线": ["A", "B"], "已跟踪份额合计": [0.2, 0.4]}))
    assert "三家已跟踪竞品中最大的一家" in caveat and "20%–40%（B最高）" in caveat
    assert helpers.ansoff_table()["风险"].tolist() == ["最低", "中", "中", "最高"]
    assert helpers.four_p_four_c()["4P"].str[:2].tolist() == ["产品", "价格", "渠道", "推广"]
    assert helpers.quadrant_strategies()["规则"].iloc[0] == "增长 ≥ 10%，相对份额 ≥ 1"


def test_ansoff_evidence_on_a_small_case():
    o = pd.DataFrame({"customer_id": ["c1", "c2"], "order_date": ["2025-03-01", "2025-04-01"],
                      "product_id": ["new", "old"], "amount": [2e5, 1e6]})
    c = pd.DataFrame({"customer_id": ["c1", "c2"], "purchase_potential_wan": [50.0, 80.0]})
    p = pd.DataFrame({"product_id": ["new", "old"], "launch_year": [2024, 2010]})
    r = pd.DataFrame({"region": ["甲", "甲", "乙", "乙"], "year": [2024, 2025, 2024, 2025],
                      "market_size_wan": [100.0, 110.0, 100.0, 101.0], "our_sales_wan": [1.0, 1.0, 9.0, 9.0]})
    e = helpers.ansoff_evidence(o, c, p, r, 2025)
    assert e["方向"].tolist() == ["市场渗透", "市场渗透", "产品开发", "市场开发", "多元化"]
    assert e["数值"].iloc[0] == 30.0 + 0.0   # c1: 50 − 20; c2: 80 − 100 → 0
    assert e["数值"].iloc[1] == 1.0 and e["说明"].iloc[1] == "甲"  # 甲 grows 10% (the BCG line), share 1% < 5%
    assert e["数值"].iloc[2] == 0.5 and e["数值"].iloc[3:].isna().all()  # new markets: not in the case data
    assert helpers.ansoff_evidence(o, c, p, r.assign(market_size_wan=[100.0, 109.0, 100.0, 101.0]), 2025)[
        "数值"].iloc[1] == 0.0  # 9% growth is below the 10% line


def test_trainee_tables_flagged_skus_and_line_verdicts():
    flagged = helpers.flagged_skus(helpers.sku_review(ORDERS, PRODUCTS, 2025))
    assert flagged.index.tolist() == list(range(1, len(flagged) + 1)) and (flagged["改进区域"] != "—").all()
    review = helpers.product_line_review(ORDERS, PRODUCTS, CUSTOMERS, year=2025, min_orders=1)
    v = helpers.line_verdicts(review)
    assert v.columns.tolist() == ["产品线", "在售型号数", "最大单品占比", "本公司增长", "市场增长", "判定", "依据"]
    assert v.index[0] == 1 and v["在售型号数"].tolist() == review["SKU数"].tolist()
