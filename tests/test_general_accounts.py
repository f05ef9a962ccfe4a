"""Lecture 4: general customers -- overview, "一带一路" candidates, 黑马, lead KPIs -- on hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import DataError
from helpers.analysis.general_accounts import dark_horses, general_overview, lead_kpis, related_candidates
from helpers.analysis.routines import care_summary

AS_OF = "2025-12-31"


def _orders(spec: dict[str, dict[int, list[float]]]) -> pd.DataFrame:
    """customer -> year -> order amounts in 万元, dated March, May, July ... of that year."""
    rows = []
    for cid, years in spec.items():
        for year, amounts in years.items():
            for i, wan in enumerate(amounts):
                rows.append((f"{cid}{year}{i}", cid, f"{year}-{3 + 2 * i:02d}-10", wan * 1e4, "变频器"))
    return pd.DataFrame(rows, columns=["order_id", "customer_id", "order_date", "amount", "product_line"])


# A grows 2.4x in four equal orders with room: 黑马.  B grows 2.4x through one order of 9 of 12 万.
# C grows 1.8x.  D starts from 0.5 万 (rule 2).  E grows 2.5x but has only 15 万 room.  F started in 2024.
HORSES = {"A": {2024: [1.25] * 4, 2025: [3] * 4}, "B": {2024: [2.5, 2.5], 2025: [9, 1.5, 1.5]},
          "C": {2024: [5], 2025: [3, 3, 3]}, "D": {2024: [0.5], 2025: [2, 2, 2]},
          "E": {2024: [10], 2025: [5] * 5}, "F": {2024: [3], 2025: [5, 5]}}
CUSTOMERS = pd.DataFrame({"customer_id": list("ABCDEF"), "customer_name": list("甲乙丙丁戊己"),
                          "account_type": ["一般客户"] * 6, "purchase_potential_wan": [80, 80, 80, 80, 40, 80],
                          "first_order_date": ["2022-01-01"] * 5 + ["2024-05-01"]})


def test_dark_horses_five_rules_and_the_waterfall():
    d = dark_horses(_orders(HORSES), CUSTOMERS, as_of=AS_OF).set_index("客户编号")
    assert sorted(d.index) == ["A", "B", "E"]  # passed rules 1-3
    assert d["是否黑马"].to_dict() == {"A": True, "E": False, "B": False}
    assert d.loc["A", "增长倍数"] == pytest.approx(2.4) and d.loc["A", "最大单笔占比"] == 0.25
    assert d.loc["A", "增长空间（万元）"] == 68
    assert d.loc["B", "未入选原因"] == "单笔大单（最大一笔占 75%）"
    assert d.loc["E", "未入选原因"] == "空间不足（15 万元）"
    assert [n for _, n in d.attrs["counts"]] == [6, 5, 4, 3, 2, 1]
    assert d.attrs["near_miss"] == 1
    assert "至少翻了一番（本期 ≥ 上期 × 2）" in d.attrs["headline"] and "2 倍" not in d.attrs["headline"]
    assert d.attrs["title"].startswith("1 家一般客户符合全部五条黑马规则")


def test_dark_horses_selected_only_keeps_every_candidate_for_the_chart():
    reps = pd.DataFrame({"销售编号": ["S1"], "姓名": ["刘一"]})
    d = dark_horses(_orders(HORSES), CUSTOMERS.assign(sales_rep_id="S1"), as_of=AS_OF, selected_only=True, reps=reps)
    assert d["客户编号"].tolist() == ["A"] and d.index.tolist() == [1] and d["负责销售"].tolist() == ["刘一"]
    assert sorted(d.attrs["candidates"]["客户编号"]) == ["A", "B", "E"]


def test_dark_horses_key_accounts_and_missing_potential():
    c = CUSTOMERS.copy()
    c.loc[0, "account_type"] = "重点客户"
    c.loc[1, "purchase_potential_wan"] = None
    d = dark_horses(_orders(HORSES), c, as_of=AS_OF).set_index("客户编号")
    assert "A" not in d.index
    assert "潜力未填写" in d.loc["B", "未入选原因"]


def test_dark_horses_order_count_rule():
    d = dark_horses(_orders({"G": {2024: [4], 2025: [5, 5]}}), CUSTOMERS.assign(customer_id=list("GBCDEF")),
                    as_of=AS_OF)
    assert d.loc[1, "未入选原因"] == "订单太少（2 笔）" and not d.loc[1, "是否黑马"]


def test_general_overview_counts_active_and_shares():
    o = _orders({"A": {2025: [30]}, "B": {2025: [10]}, "C": {2023: [5]}})
    c = pd.DataFrame({"customer_id": list("ABC"), "account_type": ["重点客户", "一般客户", "一般客户"],
                      "purchase_potential_wan": [60, 40, 10]})
    pipe = pd.DataFrame({"opportunity_id": ["P1", "P2", "P3"], "customer_id": ["A", "B", "B"],
                         "created_date": ["2025-02-01", "2025-03-01", "2024-03-01"],
                         "date_signed": ["2025-03-01", None, None], "date_lost": [None, "2025-04-01", "2024-05-01"]})
    t = general_overview(o, c, as_of=AS_OF, pipeline=pipe)
    assert t["客户数"].tolist() == [1, 2, 3] and t["活跃客户数"].tolist() == [1, 1, 2]
    assert t.loc["一般客户", "销售额占比"] == 0.25 and t.loc["一般客户", "钱包份额中位数"] == 0.25
    assert t.loc["一般客户", "近12个月新建商机数"] == 1 and t.loc["一般客户", "赢率（2024–2025 年创建）"] == 0
    assert t.loc["合计", "赢率（2024–2025 年创建）"] == pytest.approx(1 / 3)
    assert t.loc["合计", "已关闭商机数（2024–2025 年创建）"] == 3
    assert t.loc["一般客户", "活跃客户户均销售额（万元）"] == 10
    assert "2024–2025 年创建、已有结果的商机赢率：一般客户 0.0%（n = 2）" in t.attrs["headline"]
    assert "一般客户 2 家（66.7%）" in t.attrs["headline"] and "25.0%" in t.attrs["headline"]
    assert t.attrs["title"] == "一般客户占客户数的 67%、近 12 个月销售额的 25%"


def test_related_candidates_rule_and_referee():
    leads = pd.DataFrame({
        "线索编号": ["L1", "L2", "L3", "L4", "L5"], "公司名称": ["甲", "乙", "丙", "丁", "戊"],
        "线索来源": ["同一集团", "上下游", "老客户引荐", "同一园区", "展会"],
        "关联客户": ["K", "OLD", "K", "K", None], "关联方式": ["同一集团", "下游客户", "老客户引荐", "同一园区", None],
        "估算潜力": [50, 80, 20, 60, 90], "线索状态": ["新线索", "跟进中", "新线索", "已成交", "新线索"]})
    orders = _orders({"K": {2025: [100]}, "OLD": {2023: [10]}})
    customers = pd.DataFrame({"customer_id": ["K", "OLD"], "customer_name": ["老客户", "旧客户"],
                              "account_type": ["重点客户", "一般客户"]})
    contacts = pd.DataFrame({"customer_id": ["K", "K", "K"], "title": ["采购经理", "总经理", "技术总监"],
                             "influence": [4, 5, 3], "attitude": ["支持", "中立", "支持"]})
    r = related_candidates(leads, orders, customers, as_of=AS_OF, contacts=contacts)
    assert r["候选公司"].tolist() == ["甲"]
    assert r.loc[1, "可请引荐的人"] == "采购经理（影响力 4）" and r.loc[1, "关联客户"] == "老客户"
    assert r.attrs["excluded"] == {"已立项/已成交/无效": 1, "关联客户已不活跃": 1, "潜力不足": 1}
    no_contacts = related_candidates(leads, orders, customers, as_of=AS_OF)
    assert no_contacts.loc[1, "可请引荐的人"] == "—（无联系人记录）"
    assert len(related_candidates(leads, orders, customers, as_of=AS_OF, min_potential=10)) == 2
    assert related_candidates(leads, orders, customers, as_of=AS_OF, min_potential=10, top=1)["候选公司"].tolist() \
        == ["甲"]


def test_related_candidates_old_leads_are_requalified_or_closed():
    """Created 2025-06-30 (184 days before the review date) → older than 180 days; 2025-07-04 (180) is not."""
    leads = pd.DataFrame({"线索编号": ["L1", "L2"], "公司名称": ["甲", "乙"], "线索来源": ["同一集团"] * 2,
                          "关联客户": ["K", "K"], "关联方式": ["同一集团"] * 2, "估算潜力": [50, 40],
                          "线索状态": ["跟进中", "新线索"], "创建日期": ["2025-06-30", "2025-07-04"]})
    orders = _orders({"K": {2025: [100]}})
    customers = pd.DataFrame({"customer_id": ["K"], "customer_name": ["老客户"], "account_type": ["重点客户"]})
    r = related_candidates(leads, orders, customers, as_of=AS_OF).set_index("候选公司")
    assert r["创建至今（天）"].to_dict() == {"甲": 184, "乙": 180}
    assert r.loc["甲", "下一步"].startswith("超过 180 天：本月重新确认需求")
    assert r.loc["乙", "下一步"] == "先通过关联客户打听对方的联系人"
    head = related_candidates(leads, orders, customers, as_of=AS_OF).attrs["headline"]
    assert "1 条创建已超过 180 天（0 条超过一年）" in head


def test_lead_kpis_quality_conversion_and_cash_cac():
    leads = pd.DataFrame({
        "lead_id": [f"L{i}" for i in range(16)], "company_name": [f"公司{i}" for i in range(16)],
        "source": ["展会"] * 10 + ["老客户引荐"] * 4 + ["展会", "线上推广"],
        "created_date": ["2024-03-01"] * 14 + ["2025-03-01", "2024-06-01"],
        "status": ["已立项", "已立项", "已成交"] + ["无效"] * 7 + ["已成交", "已成交", "跟进中", "新线索"]
                  + ["已成交", "无效"]})
    spend = pd.DataFrame({"年份": [2024, 2024, 2024, 2025], "线索来源": ["展会", "老客户引荐", "行业协会", "展会"],
                          "现金费用": [30, 0, 5, 99]})
    k = lead_kpis(leads, spend, year=2024)
    assert k.loc["展会", ["线索数", "线索质量", "转化率", "获客成本（万元）"]].tolist() == [10, 0.3, 0.1, 30.0]
    assert k.loc["老客户引荐", "获客成本（万元）"] == 0 and k.loc["老客户引荐", "样本少"]
    assert k.loc["老客户引荐", "说明"] == "只算现金，未计销售人员时间"
    assert k.loc["行业协会", "线索数"] == 0 and pd.isna(k.loc["行业协会", "线索质量"])
    assert pd.isna(k.loc["线上推广", "现金费用（万元）"]) and pd.isna(k.loc["线上推广", "获客成本（万元）"])
    assert k.loc["合计", "线索数"] == 15
    with pytest.raises(DataError):
        lead_kpis(leads.drop(columns="created_date"), spend, year=2024)


def test_care_summary_covers_active_general_customers():
    visits = pd.DataFrame({"visit_date": ["2025-09-01", "2025-05-01", "2025-06-01"], "customer_id": ["A", "B", "B"],
                           "visit_type": ["电话或视频", "客户活动", "上门拜访"],
                           "purpose": ["客户关怀", "客户关怀", "例行维护"]})
    orders = _orders({"A": {2025: [1]}, "B": {2024: [1]}, "C": {2025: [1]}})
    customers = pd.DataFrame({"customer_id": list("ABC"), "account_type": ["一般客户"] * 3})
    t = care_summary(visits, orders, customers, year=2025)
    assert t["次数"].tolist() == [1, 1, 2] and t["覆盖客户数"].tolist() == [1, 1, 2]
    assert t.iloc[-1]["覆盖率"] == pytest.approx(2 / 3)
