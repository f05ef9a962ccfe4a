"""Organisation and marketing control (lecture 6) on hand-made tables whose answers are written out."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers.analysis import marketing_control as mc
from helpers.analysis import organisation as og
from helpers.analysis import sales_force as sf
from helpers.charts.organisation import show_changes
from helpers.errors import DataError

REPS = pd.DataFrame({"rep_id": ["R1", "R2", "R3"], "rep_name": ["甲", "乙", "丙"], "region": ["区A", "区A", "区B"],
                     "level": ["销售经理", "销售代表", "销售代表"],
                     "hire_date": ["2015-01-01", "2021-06-01", "2024-03-01"],
                     "quota_2025_wan": [100, 100, 50], "sales_2025_wan": [90, 120, 25]})
CUSTOMERS = pd.DataFrame({"customer_id": [f"C{i}" for i in range(6)],
                          "sales_rep_id": ["R1", "R1", "R1", "R2", "R3", "R3"]})
# Active on 2025-12-31 (an order in 2025): C0, C1 (R1), C3 (R2), C4 (R3); C2 ordered in 2024 only, C5 never.
ORDERS = pd.DataFrame({"customer_id": ["C0", "C1", "C2", "C3", "C4", "C0"],
                       "order_date": ["2025-01-01", "2025-06-30", "2024-12-31", "2025-12-31", "2025-03-03",
                                      "2026-01-05"],
                       "product_line": ["甲"] * 6, "amount": [1e4] * 6})


def test_structure_diagnosis_hand_test():
    d = og.structure_diagnosis(REPS, CUSTOMERS, year=2025)
    assert list(d.index) == ["区A", "区B", "合计"]
    a = d.loc["区A"]
    assert (a["销售人数"], a["其中销售经理"], a["客户数"], a["人均客户数"]) == (2, 1, 4, 2.0)
    assert a["完成率"] == pytest.approx(210 / 200) and (a["客户最多"], a["客户最少"]) == (3, 1)
    assert d.loc["区B", "完成率"] == pytest.approx(0.5)
    assert d.loc["合计", "完成率"] == pytest.approx(235 / 250)              # 94.0%
    assert d.loc["合计", "人均销售额（万元）"] == pytest.approx(78.3)
    assert d.attrs["percent"] == ["完成率"] and d.attrs["per_rep"] == "人均客户数"


def test_active_customers_follow_the_course_definition():
    assert og.active_customer_ids(ORDERS, "2025-12-31") == {"C0", "C1", "C3", "C4"}   # (2024-12-31, 2025-12-31]
    d = og.structure_diagnosis(REPS, CUSTOMERS, ORDERS, year=2025)
    a = d.loc["区A"]
    assert (a["客户数"], a["其中活跃客户"], a["人均活跃客户数"]) == (4, 3, 1.5)       # R1: C0, C1; R2: C3
    assert (a["活跃客户最多"], a["活跃客户最少"]) == (2, 1) and d.loc["区B", "其中活跃客户"] == 1
    assert d.attrs["per_rep"] == "人均活跃客户数" and "人均客户数" not in d
    assert og.rep_workload(REPS, CUSTOMERS, ORDERS).loc["R1", ["客户数", "活跃客户数"]].tolist() == [3, 2]
    text = og.structure_sentence(d)
    assert "负责 6 家客户，其中 2025 年有订单的活跃客户 4 家（另 2 家近 12 个月没有订单）" in text
    assert "完成率低于 85%（明显落后）的大区：区B 50.0%" in text


def test_quota_zero_gives_no_rate():
    reps = REPS.copy()
    reps.loc[2, "quota_2025_wan"] = 0
    w = og.rep_workload(reps, CUSTOMERS)
    assert math.isnan(w.loc["R3", "完成率"]) and bool(w.loc["R1", "是否经理"])


def test_unknown_rep_of_a_customer_names_the_row():
    bad = pd.concat([CUSTOMERS, pd.DataFrame({"customer_id": ["C9"], "sales_rep_id": ["R9"]})], ignore_index=True)
    with pytest.raises(DataError) as err:
        og.structure_diagnosis(REPS, bad)
    assert err.value.row == 7 and "R9" in err.value.zh


def test_chinese_headers_are_accepted():
    reps = REPS.rename(columns={"rep_id": "销售编号", "rep_name": "姓名", "region": "大区", "level": "职级",
                                "quota_2025_wan": "2025年指标", "sales_2025_wan": "2025年销售额"})
    cust = CUSTOMERS.rename(columns={"customer_id": "客户编号", "sales_rep_id": "负责销售"})
    assert og.structure_diagnosis(reps, cust).loc["合计", "客户数"] == 6


def test_workload_title_states_a_finding_and_a_question():
    d = pd.DataFrame({"销售人数": [6, 4, 1, 11], "人均客户数": [40.7, 18.8, 90.0, 30.0]},
                     index=["华东", "华北", "西北", "合计"])
    assert og.workload_title(d) == "人均客户数从华北 19 家到华东 41 家，相差 2.2 倍：是分工不同，还是忙闲不均？"
    even = pd.DataFrame({"销售人数": [3, 3], "人均客户数": [20.0, 24.0]}, index=["甲", "乙"])
    assert "大体相当" in og.workload_title(even)


@pytest.mark.parametrize("reps_in_region, gap, verdict", [(1, -0.4, "基本匹配"), (3, 1.6, "富余"), (0, None, None)])
def test_sales_force_size_hand_test(reps_in_region, gap, verdict):
    # 10 大客户 x 24 x 3 h + 20 潜力 x 12 x 2 h + 30 普通 x 4 x 1.5 h = 720 + 480 + 180 = 1,380 h -> 1.4 reps
    classes = ["大客户"] * 10 + ["潜力客户"] * 20 + ["普通客户"] * 30
    classified = pd.DataFrame({"客户类别": classes}, index=pd.Index([f"C{i}" for i in range(60)], name="customer_id"))
    n = max(reps_in_region, 1)
    reps = pd.DataFrame({"rep_id": [f"R{i}" for i in range(n)], "rep_name": ["x"] * n, "region": ["A"] * n,
                         "level": ["销售代表"] * n, "quota_2025_wan": [1] * n, "sales_2025_wan": [1] * n})
    customers = pd.DataFrame({"customer_id": classified.index, "sales_rep_id": "R0"})
    size = sf.sales_force_size(classified, reps, customers=customers)
    row = size.loc["A"]
    assert (row["大客户（家）"], row["潜力客户（家）"], row["普通客户（家）"], row["流失客户（家）"]) == (10, 20, 30, 0)
    assert row["所需小时"] == 1380 and row["所需人力（人）"] == 1.4
    if verdict:
        assert row["现有人力（人）"] == reps_in_region and row["差额（人）"] == gap and row["判断"] == verdict


def test_sales_force_size_short_of_people_and_bad_class():
    classified = pd.DataFrame({"客户类别": ["大客户"] * 30, "sales_rep_id": ["R1"] * 30},
                              index=[f"C{i}" for i in range(30)])
    # 30 x 72 h = 2,160 h -> 2.2 needed; 区A has a manager (0.5) and a rep (1) -> 1.5 there, -0.7
    size = sf.sales_force_size(classified, REPS)
    assert size.loc["区A", ["销售人数", "其中经理", "现有人力（人）"]].tolist() == [2, 1, 1.5]
    assert size.loc["区A", "判断"] == "缺人" and size.loc["区A", "差额（人）"] == -0.7
    assert sf.sales_force_size(classified, REPS, manager_share=1).loc["区A", "判断"] == "基本匹配"   # 2 - 2.2
    big = pd.DataFrame({"客户类别": ["大客户"] * 60, "sales_rep_id": ["R3"] * 60}, index=[f"C{i}" for i in range(60)])
    assert sf.sales_force_size(big, REPS).loc["区B", "判断"] == "缺人"  # 4.3 needed, 1 there
    odd = classified.copy()
    odd.iloc[4, 0] = "战略客户"
    with pytest.raises(DataError) as err:
        sf.sales_force_size(odd, REPS)
    assert err.value.row == 5


def test_churned_customers_get_no_maintenance_visits():
    # C0..C5 all 普通客户 (6 h each); with the orders C2 and C5 become 流失客户 (0 h)
    classified = pd.DataFrame({"客户类别": ["普通客户"] * 6},
                              index=pd.Index(CUSTOMERS["customer_id"], name="customer_id"))
    size = sf.sales_force_size(classified, REPS, customers=CUSTOMERS, orders=ORDERS)
    assert size.loc["合计", ["普通客户（家）", "流失客户（家）", "所需小时"]].tolist() == [4, 2, 24.0]
    assert size.loc["区A", "流失客户（家）"] == 1 and size.loc["区B", "流失客户（家）"] == 1
    text = sf.sales_force_sentence(size)
    assert "每人每年 1,000 小时用于客户，销售经理按 0.5 人算" in text and "2 家流失客户没有安排维护拜访" in text
    assert "差额 +2.5 人" in text and "不等于可以减人" in text                # 2.5 there - 0.0 needed (rounded)
    html = show_changes(size).to_html()
    assert "+1.5" in html and "+1.0" in html                                   # 区A 1.5 - 0.0, 区B 1 - 0.0


def test_tenure_bands():
    perf = pd.DataFrame({"rep_id": ["R1", "R2", "R3"], "year": [2025] * 3, "quota_wan": [100, 100, 50],
                         "sales_wan": [90, 120, 25], "new_customers": [1, 4, 2],
                         "feedback_score": [4.0, 5.0, None], "feedback_n": [10, 30, 0]})
    bands = og.tenure_bands(REPS, perf, as_of="2025-12-31")
    assert bands["人数"].tolist() == [1, 1, 1]                        # 1.8, 4.6 and 11 years
    assert bands.loc["不满 3 年", "平均完成率"] == 0.5 and math.isnan(bands.loc["不满 3 年", "客户评价均值"])
    # new customers per year employed in 2023-2025: R3 joined 2024-03-01 -> 671 days; the others 3 whole years
    assert bands.loc["不满 3 年", "每人每年新客户"] == pytest.approx(2 / (671 / 365.25))
    assert bands.loc["3–6 年", "每人每年新客户"] == pytest.approx(4 / (1096 / 365.25))
    assert bands.loc["6 年以上", "客户评价均值"] == 4.0
    assert (bands["样本提示"] == "只有 1 人：只描述，不下结论").all()


def test_reference_tables():
    assert og.org_types().loc["风险", "职能组织"].startswith("部门墙")
    assert len(og.sales_force_decisions()) == 7 and len(og.new_generation_practices()) == 6
    assert "监督" in og.sales_force_decisions().index[-1]
    assert og.new_generation_practices().index.name.startswith("管理者常见的观察")
    assert mc.marketing_controls().loc["效率控制", "回答的问题"] == "资源用得好不好？"


# --- marketing control --------------------------------------------------------------------
def test_annual_plan_control():
    plan = mc.annual_plan_control(REPS)
    assert plan["完成率"].round(3).tolist() == [1.05, 0.5, 0.94]
    assert plan["是否达标"].tolist() == [True, False, False]


def test_profitability_flags_lines_three_points_below():
    orders = pd.DataFrame({"customer_id": ["C1"] * 4, "order_date": ["2025-01-05"] * 3 + ["2024-05-01"],
                           "product_line": ["甲", "乙", "丙", "乙"], "amount": [10000, 10000, 10000, 99999],
                           "gross_profit": [3000, 2500, 1500, 0]})
    p = mc.profitability_control(orders, 2025)                        # company 7,000 / 30,000 = 23.3%
    assert p.loc["合计", "毛利率"] == pytest.approx(7 / 30)
    assert p["与公司平均差（百分点）"].to_dict() == {"甲": 6.7, "乙": 1.7, "丙": -8.3, "合计": 0.0}
    html = show_changes(p).to_html()
    assert "+6.7" in html and "-8.3" in html
    assert p["明显偏低"].to_dict() == {"甲": False, "乙": False, "丙": True, "合计": False}


def test_efficiency_control_with_won_deals():
    orders = pd.DataFrame({"customer_id": ["C0", "C3", "C4", "C4"], "order_date": ["2025-02-01"] * 4,
                           "product_line": ["甲"] * 4, "amount": [1e4] * 4})
    pipeline = pd.DataFrame({"customer_id": ["C0", "C3", "C4", "C5"], "status": ["赢单", "赢单", "丢单", "赢单"],
                             "expected_amount": [300000, 100000, 50000, 80000],
                             "date_signed": ["2025-03-01", "2025-04-01", None, "2024-12-01"]})
    e = mc.efficiency_control(REPS, CUSTOMERS, orders, pipeline)
    assert e.loc["区A", "下单客户数"] == 2 and e.loc["区A", "人均销售额（万元）"] == 105.0
    assert e.loc["区A", "赢单数"] == 2 and e.loc["区A", "每个赢单平均金额（万元）"] == 20.0
    assert e.loc["区B", "赢单数"] == 0 and math.isnan(e.loc["区B", "每个赢单平均金额（万元）"])
    assert e.loc["合计", "赢单数"] == 2 and "没有传入获客费用表" in e.attrs["note"]


def test_acquisition_spend_is_cash_over_the_years_sales():
    # 2025 sales 40,000 元 = 4 万元; spend 2025: 展会 0.3 + 线上 0.1 = 0.4 万元 -> 10.0%; 2024 ignored
    orders = pd.DataFrame({"customer_id": ["C0", "C3", "C4", "C4"], "order_date": ["2025-02-01"] * 3 + ["2024-02-01"],
                           "product_line": ["甲"] * 4, "amount": [1e4, 1e4, 2e4, 9e9]})
    spend = pd.DataFrame({"year": [2025, 2025, 2024], "source": ["线上推广", "展会", "展会"],
                          "spend_wan": [0.1, 0.3, 50]})
    t = mc.acquisition_spend(spend, orders, 2025)
    assert list(t.index) == ["展会", "线上推广", "合计"] and t.loc["合计", "现金费用（万元）"] == pytest.approx(0.4)
    assert t.loc["合计", "占销售额"] == pytest.approx(0.1) and t.loc["展会", "占费用"] == pytest.approx(0.75)
    e = mc.efficiency_control(REPS, CUSTOMERS, orders, year=2025, marketing_spend=spend)
    assert e.attrs["获客费用"] is not None and "占全年销售额 4 万元的 10.0%" in e.attrs["note"]
    assert "不含销售人员的工资" in e.attrs["note"]
    with pytest.raises(DataError):
        mc.acquisition_spend(spend, orders, 2023)


def test_plan_sentence_names_both_thresholds():
    text = mc.control_sentences({"年度计划控制": mc.annual_plan_control(REPS)})[0]
    assert text == ("年度计划控制：2025 年全公司指标完成率 94.0%；2 个大区中 1 个达到 100%，未达到 100% 的 1 个：区B"
                    "（其中低于 85%、明显落后的：区B）。")


def test_strategic_control_hand_test():
    # 甲: 10% -> 10% -> 9.4% (-0.6 pp: alert); 乙: 5% -> 5.1% -> 5.3% (no alert)
    lm = pd.DataFrame({"product_line": ["甲"] * 3 + ["乙"] * 3, "year": [2023, 2024, 2025] * 2,
                       "market_size_wan": [1000, 1000, 1000, 2000, 2000, 2000],
                       "our_sales_wan": [100, 100, 94, 100, 102, 106],
                       "share_a": [0.05, 0.05, 0.05, 0.10, 0.10, 0.10], "share_b": 0.0, "share_c": 0.0})
    s = mc.strategic_control(lm)
    assert s["三年变化（百分点）"].to_dict() == {"甲": -0.6, "乙": 0.3}
    assert s["预警"].to_dict() == {"甲": True, "乙": False}
    assert s.loc["甲", "2025年象限"] == "金牛" and s.loc["乙", "2025年象限"] == "瘦狗"
    assert not any("_" in str(c) for c in s.columns)
    html = show_changes(s).to_html()
    assert "+0.3" in html and "-0.6" in html


def test_strategic_control_alerts_when_a_line_loses_its_lead():
    lm = pd.DataFrame({"product_line": ["丙"] * 3, "year": [2023, 2024, 2025], "market_size_wan": [100, 120, 144],
                       "our_sales_wan": [13, 16, 19.0], "share_a": [0.10, 0.10, 0.14], "share_b": 0.0,
                       "share_c": 0.0})
    s = mc.strategic_control(lm)                 # 2024: 13.3% vs 10% -> 明星; 2025: 13.2% vs 14% -> 问题
    assert (s.loc["丙", "2024年象限"], s.loc["丙", "2025年象限"]) == ("明星", "问题")
    assert bool(s.loc["丙", "预警"]) and s.loc["丙", "近一年变化（百分点）"] == -0.1


def test_strategic_control_needs_three_years():
    lm = pd.DataFrame({"product_line": ["甲"], "year": [2025], "market_size_wan": [1], "our_sales_wan": [1],
                       "share_a": [0.1], "share_b": [0.1], "share_c": [0.1]})
    with pytest.raises(DataError):
        mc.strategic_control(lm)

