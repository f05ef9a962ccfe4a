"""Lecture 5's story on the case data: the patterns the notebook's text and titles rely on.

Each test runs the lecture's own functions on the case tables (so the notebook and the test
agree by construction) and checks a pattern stated in words in the notebook, a chart title
or an exercise. If the data are regenerated and a pattern breaks, the notebook's story must
be rewritten -- this file says which.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pytest

import helpers

AS_OF = "2025-12-31"


@cache
def case(name: str) -> pd.DataFrame:
    return helpers.load_case(name)


def members() -> pd.DataFrame:
    return case("members")


def orders() -> pd.DataFrame:
    return case("member_orders")


# --- 一、二：四个维度，漏斗 -------------------------------------------------------------------------
def test_four_dimensions_have_their_denominators():
    t = helpers.user_dimensions(members(), orders(), case("member_activity"), case("member_survey"), as_of=AS_OF)
    assert list(t["维度"]) == ["规模", "活跃", "价值", "关系", "关系"]
    assert (t["分母"] > 0).all()
    # "活跃" in the 规模 row is the course definition; the 活跃 dimension measures visits (互动率)
    assert t["指标"].tolist()[:2] == ["活跃会员数", "12 月互动率（访问或到店）"] and "占已入会会员" in t["结果"].iloc[0]


def test_online_funnel_shape_and_its_weakest_steps():
    f = helpers.member_funnel(case("member_events"), members(), join_channels=["APP", "小程序"], platform="线上")
    step = f["上一步转化率"].tolist()[1:]
    assert step[0] >= 0.85 and 0.40 <= step[1] <= 0.65 and 0.55 <= step[2] <= 0.90 and 0.30 <= step[3] <= 0.55
    assert min(range(4), key=lambda k: step[k]) in (1, 3)  # the title names 浏览→加购 or 首单→复购
    assert f["人数"].iloc[0] >= 300
    # "同一批人在门店的购买，在图下面单独交代": a real share of them bought, some first in a store
    assert f.attrs["有购买人数"] > f["人数"].iloc[3] and f.attrs["首单不在本平台"] >= 30
    # "两个“最”…常常不是同一步": the lowest rate and the largest headcount loss differ in the case
    title = helpers.funnel_title(f, "APP/小程序入会的新会员")
    assert "流失人数最多在" in title and "（入会后 60 天）" in title


def test_store_joiners_skip_the_online_steps():
    store = members().loc[members()["join_channel"] == "门店", "member_id"]
    d = helpers.event_funnel_diagnostics(case("member_events"), "member_id", "event", "event_time",
                                         ["注册", "浏览", "加购", "下单"], window_days=60, users=store)
    first = d.set_index("步骤").loc["下单"]
    assert first["跳过上一步人数"] >= 0.5 * first["只看本步"]  # most store first orders have no 加购 before


# --- 三：生命周期 ---------------------------------------------------------------------------------
def test_every_stage_is_populated_and_mature_members_leak():
    counts = helpers.stage_counts(helpers.lifecycle_stages(members(), orders(), as_of=AS_OF))
    assert (counts["人数"] >= 150).all()
    assert "已流失，成熟期仅" in helpers.stage_title(counts, AS_OF)
    t = helpers.stage_transitions(members(), orders(), "2025-09-30", AS_OF)
    assert t.loc["成熟期"].sum() >= 200
    assert t.loc["成熟期", "衰退期"] / t.loc["成熟期"].sum() >= 0.20  # "相当一部分"（the 衰退期 cell itself）
    assert t.loc["流失期", ["新手期", "成长期", "成熟期", "衰退期"]].sum() >= 10    # some come back (回流)
    assert helpers.transitions_title(t).endswith("的会员滑入衰退期") and "成熟期" in helpers.transitions_title(t)
    assert "基本就是“这个季度没有购买”" in helpers.transitions_note(t)  # 92 days against a 90-day line


def test_the_180_day_churn_line_is_justified():
    long = helpers.churn_return_rate(orders(), "2024-12-31", churn_days=180)
    band = helpers.churn_return_rate(orders(), "2024-12-31", churn_days=90, upper_days=180)
    assert long["回来比例"] <= 0.05 and band["回来比例"] >= 2 * long["回来比例"]  # the silent band comes back more
    assert band["判为流失"] >= 200
    flow = helpers.churn_flow(members(), orders(), "2024-06-30", AS_OF)
    assert flow["累计流失"].is_monotonic_increasing


# --- 四：留存矩阵 ---------------------------------------------------------------------------------
def test_cohorts_are_large_enough_and_curves_alike():
    m = helpers.cohort_retention(orders(), "member_id", "order_date")
    sizes = helpers.cohort_sizes(orders(), "member_id", "order_date")
    assert (sizes.loc["2024-01":"2025-11"] >= 80).all()
    pooled = helpers.pooled_retention(m, sizes)["留存率"]
    assert 0.30 <= pooled[1] <= 0.45 and 0.08 <= pooled[6] <= 0.15
    halves = [helpers.pooled_retention(m.loc[a:b], sizes.loc[a:b])["留存率"][1]
              for a, b in (("2024-01", "2024-06"), ("2024-07", "2024-12"), ("2025-01", "2025-06"),
                           ("2025-07", "2025-11"))]
    assert max(halves) - min(halves) <= 0.08  # "几批人的形状几乎一样"
    back = helpers.returned_by(orders(), ages=(1, 3, 6, 12))["到这个月为止回来过"].tolist()
    assert back == sorted(back) and back[3] - back[2] <= 0.03  # "只增不减，拐平"
    cd = helpers.load_cdnow()
    cd_first = helpers.pooled_retention(helpers.cohort_retention(cd), helpers.cohort_sizes(cd))["留存率"][1]
    assert cd_first < pooled[1]  # "首购后第 1 个月回来购买的比例比山禾还低"


# --- 五：魔法数字 ---------------------------------------------------------------------------------
def test_magic_number_overstated_relative_lift_yes_sixty_percent_no():
    t = helpers.magic_number_test(orders(), "member_id", "order_date", "2024-01-01", "2024-12-31")
    r = t["留存率"].tolist()
    assert (t["人数"] >= 60).all()
    assert r[1] / r[0] >= 1.3 and r[1] - r[0] < 0.30 and r[-1] < 0.60
    assert all(x > r[0] for x in r[1:])  # "有复购的人留存更高"
    verdict = "数据是否与说法一致（仅相关）"
    assert helpers.claim_verdicts(t)[verdict].tolist() == ["是", "否", "否"]
    cd = helpers.magic_number_test(helpers.load_cdnow(), first_from="1997-01-01", first_to="1997-03-31")
    assert helpers.claim_verdicts(cd)[verdict].tolist()[2] == "是"  # "两份数据的结论不同"
    curve = helpers.next_purchase_curve(orders(), "member_id", "order_date", horizon_days=180).set_index("第k次购买")
    assert curve.loc[5, "比例"] >= 0.60 and curve.loc[1, "比例"] >= 0.50  # "5 次以后很容易超过 60%，第 1 次之后也不低"


# --- 六：RFM 预警 ---------------------------------------------------------------------------------
def test_early_warning_risk_bands_separate_later_churn():
    w = helpers.churn_early_warning(orders(), as_of="2025-06-30")
    c = helpers.early_warning_check(w, orders(), horizon_days=180).set_index("风险")
    assert (c["人数"] >= 300).all()
    assert c.loc["中", "之后流失率"] - c.loc["低", "之后流失率"] >= 0.15
    assert c.loc["高", "之后流失率"] - c.loc["中", "之后流失率"] >= 0.15


# --- 七：对比分析与 A/B -----------------------------------------------------------------------------
def test_city_tiers_are_noise_and_channels_are_not():
    f = helpers.first_repeat(members(), orders(), "2024-01-01", "2025-09-30", days=90)
    city = helpers.compare_groups(f, "城市等级", "90天内复购")
    assert city["比例"].max() - city["比例"].min() <= 0.06 and not city["与其余显著不同"].any()
    channel = helpers.compare_groups(f, "入会渠道", "90天内复购")
    assert channel["比例"].max() - channel["比例"].min() >= 0.20


def test_new_members_on_target_sales_not():
    t = helpers.compare_to_target(helpers.monthly_kpis(members(), orders()), case("member_targets"))
    assert t["新入会会员是否达标"].sum() >= 9 and t["会员销售额是否达标"].sum() <= 5
    assert t["会员销售额是否达标"].iloc[6:].sum() <= 2  # the second half misses
    # "销售额目标是按“入会过的会员都还在买”定的": target per planned member is the same every month
    assert "一个也不流失" in helpers.target_assumption(case("member_targets"), members())


def test_coupon_lifts_the_second_order_not_proven_for_retention():
    ab = case("ab_test")
    assert helpers.srm_check(ab)["p"] >= 0.05 and ab["group"].value_counts().min() >= 450
    s = helpers.ab_test_summary(ab, orders()).set_index("指标")
    first, later = s.loc["30天内复购"], s.loc["第91–180天留存"]
    assert 5 <= first["差值（百分点）"] <= 12 and first["置信下限（百分点）"] > 0
    assert -1 <= later["差值（百分点）"] <= 4 and later["置信下限（百分点）"] < 0 < later["置信上限（百分点）"]
    # "这个实验太小": it could not detect a retention difference of 5 points, and +5 is inside the interval
    assert later["本实验能检出的最小差值（百分点）"] >= 6 and later["置信上限（百分点）"] >= 4.5


# --- 八：渠道杠杆 ---------------------------------------------------------------------------------
def test_one_channel_is_the_clear_lever():
    t = helpers.channel_retention(members(), orders(), "2024-01-01", "2025-06-30")
    levers = helpers.retention_levers(t)
    top, second = levers["多留住人数"].iloc[0], levers["多留住人数"].iloc[1]
    assert (levers.iloc[0]["渠道"], levers.iloc[0]["杠杆"]) == ("小程序", "留存率追平最好渠道")
    assert top >= 1.25 * second
    body = t[t["渠道"] != "合计"].set_index("渠道")["留存率"]
    assert body.idxmin() == "异业合作" and set(body.nlargest(2).index) == {"APP", "社群"}
    swot = helpers.case_swot_items(members(), orders(), case("ab_test"))
    assert "APP、社群入会的会员" in swot["条目"].iloc[0] and "并列最高" in swot["条目"].iloc[0]  # within 1 point


# --- 十：产品 -------------------------------------------------------------------------------------
def test_bcg_quadrants_and_the_shrinking_star():
    b = helpers.bcg_matrix(case("line_market"), 2025).set_index("产品线")
    assert b["象限"].to_dict() == {"伺服驱动": "问题", "变频器": "瘦狗", "PLC控制器": "瘦狗", "传感器": "问题",
                                  "工业机器人配件": "明星", "维保服务": "金牛"}
    robot = b.loc["工业机器人配件"]
    assert robot["上年相对份额"] >= 1.6 and 1.2 <= robot["相对份额"] <= 1.4
    assert not b["靠近分界线"].any()
    # "被归为“瘦狗”的线，可能恰恰是本公司销售额最大、而且份额还在上升的线"
    dogs = b[b["象限"] == "瘦狗"]
    assert set(b["本公司销售额（万元）"].nlargest(2).index) == set(dogs.index)
    assert (dogs["份额变化（百分点）"] >= 0.5).all() and (dogs["本公司增长"] >= 0.10).all()
    plan = helpers.product_plan(helpers.bcg_matrix(case("line_market"), 2025)).set_index("产品线")
    assert plan.loc[list(dogs.index), "提醒"].str.startswith("份额上升").all()
    assert plan.loc["工业机器人配件", "提醒"].startswith("份额下降")  # the shrinking star


def test_product_line_verdicts():
    r = helpers.product_line_review(case("orders"), case("products"), case("customers"), case("line_market"),
                                    year=2025).set_index("产品线")
    assert r["判定"].to_dict() == {"伺服驱动": "正常", "变频器": "过粗", "PLC控制器": "过细", "传感器": "过长",
                                  "工业机器人配件": "过短", "维保服务": "正常"}
    assert r.loc["传感器", "尾部SKU"] == "P25、P26、P27"
    assert -0.03 <= r.loc["工业机器人配件", "本公司增长"] <= 0.05  # exercise 7: "销售几乎没有增长"
    assert "P09–P28" in r.loc["PLC控制器", "相近SKU对"]


# --- 十一：服务 -----------------------------------------------------------------------------------
def test_touchpoint_quadrants():
    d = helpers.touchpoint_drivers(case("touchpoints"), case("member_survey")).set_index("触点")
    assert (d["评价会员数"] >= 60).all()
    assert d["象限"].to_dict() == {"到店导购": "保持优势", "客服热线": "次要改进", "在线客服": "可能投入过度",
                                  "配送": "优先改进", "售后退换": "优先改进", "会员活动": "可能投入过度"}
    assert d["平均评分"].idxmin() == "售后退换"  # the title names it first
    assert ((d["平均评分"] - 3.5).abs() >= 0.1).all() and ((d["重要性"] - 0.30).abs() >= 0.08).all()  # no flip
    assert "配送的区间下限离 0.30 的分界线很近" in helpers.drivers_sentence(d.reset_index())


@pytest.mark.parametrize("table", ["member_events", "member_survey", "ab_test", "member_targets", "line_market"])
def test_the_new_tables_exist(table):
    assert len(case(table)) > 0
