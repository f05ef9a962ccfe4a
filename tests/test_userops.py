"""User operations (lecture 5): four dimensions, channel retention and its levers, the RFM early
warning back-test and the channel crossover, on hand-made members."""

from __future__ import annotations

import pandas as pd
import pytest

import helpers
from helpers.errors import DataError

MEMBERS = pd.DataFrame({"member_id": ["a", "b", "c"], "join_date": ["2025-01-01", "2025-01-01", "2025-11-01"],
                        "join_channel": ["门店", "APP", "门店"]})
ORDERS = pd.DataFrame({"member_id": ["a", "a", "b", "c"],
                       "order_date": ["2025-03-01", "2025-12-01", "2025-05-01", "2025-11-20"],
                       "amount": [100.0, 50.0, 30.0, 20.0], "channel": ["门店", "线上", "线上", "门店"]})


def test_four_dimensions_with_numerators_and_denominators():
    activity = pd.DataFrame({"member_id": ["a", "b", "c"], "month": ["2025-12", "2025-12", "2025-11"],
                             "app_visits": [1, 0, 3], "store_visits": [0, 2, 0]})
    survey = pd.DataFrame({"member_id": ["a", "b"], "responded": [1, 0], "overall_satisfaction": [8, None]})
    t = helpers.user_dimensions(MEMBERS, ORDERS, activity, survey, as_of="2025-12-31").set_index("指标")
    assert (t.loc["活跃会员数", "分子"], t.loc["活跃会员数", "分母"]) == (2, 3)       # a (30 days) and c (41 days)
    assert t.loc["活跃会员数", "结果"] == "2 人（占已入会会员 66.7%）"
    visits = t.loc["12 月互动率（访问或到店）"]
    assert (visits["分子"], visits["分母"]) == (1, 2)  # b churned; a visited
    values = t.attrs["数值"]
    assert values["2025 年人均消费"] == pytest.approx(200 / 3) and t.loc["2025 年人均消费", "结果"] == "66.7 元"
    assert values["2025 年复购率"] == pytest.approx(1 / 3) and t.loc["2025 年复购率", "结果"] == "33.3%"
    assert values["总体满意度均分"] == 8
    assert t["维度"].tolist() == ["规模", "活跃", "价值", "关系", "关系"]
    assert helpers.user_dimensions(MEMBERS, ORDERS, as_of="2025-12-31").index.tolist() == [1, 2, 3]


def test_channel_retention_table_and_the_identity():
    m = pd.DataFrame({"member_id": [f"m{i}" for i in range(6)], "join_date": ["2025-01-01"] * 6,
                      "join_channel": pd.Categorical(["门店", "门店", "门店", "APP", "APP", "社群"],
                                                     categories=["门店", "APP", "社群"])})
    o = pd.DataFrame({"member_id": ["m0", "m1", "m3", "m0"],
                      "order_date": ["2025-04-02", "2025-07-01", "2025-06-30", "2025-01-02"]})  # days 91, 181, 180, 1
    t = helpers.channel_retention(m, o, "2025-01-01", "2025-01-31", data_end="2025-12-31")
    assert t["渠道"].tolist() == ["门店", "APP", "社群", "合计"]
    assert t["入会人数"].tolist() == [3, 2, 1, 6] and t["留存人数"].tolist() == [1, 1, 0, 2]
    body = t[t["渠道"] != "合计"]
    assert (body["入会人数"] * body["留存率"]).sum() == pytest.approx(t["留存人数"].iloc[-1])
    with pytest.raises(DataError, match="观察期不够"):
        helpers.channel_retention(m, o, "2025-01-01", "2025-09-30")


def test_levers_best_reference_ignores_small_channels_and_never_goes_negative():
    t = pd.DataFrame({"渠道": ["X", "Y", "Z"], "入会人数": [100, 50, 10], "留存人数": [30, 5, 4],
                      "留存率": [0.3, 0.1, 0.4]})
    lev = helpers.retention_levers(t).set_index(["渠道", "杠杆"])["多留住人数"]
    assert [lev[("X", "留存率追平最好渠道")], lev[("Y", "留存率追平最好渠道")], lev[("Z", "留存率追平最好渠道")]] \
        == [0.0, 10.0, 0.0]
    assert [lev[(c, "留存率 +5 个百分点")] for c in "XYZ"] == [5.0, 2.5, 0.5]
    assert [lev[(c, "拉新人数 +10%")] for c in "XYZ"] == [3.0, 0.5, 0.4]
    title = helpers.lever_title(helpers.retention_levers(t))
    assert title.startswith("最大的杠杆：Y的留存率追平最好渠道，可多留住约 10 人")


def test_retention_beats_intake_whenever_retention_is_below_half():
    t = pd.DataFrame({"渠道": ["A"], "入会人数": [400], "留存人数": [120], "留存率": [0.3]})
    lev = helpers.retention_levers(t).set_index("杠杆")["多留住人数"]
    assert lev["留存率 +5 个百分点"] > lev["拉新人数 +10%"]


def test_early_warning_bands_value_and_back_test():
    o = pd.DataFrame({"member_id": ["a", "b", "c", "d", "e", "f", "a", "c", "z"],
                      "order_date": ["2025-06-20", "2025-05-21", "2025-03-22", "2024-12-01", "2025-06-30",
                                     "2025-04-01", "2025-08-01", "2025-09-01", "2025-12-31"],
                      "amount": [10.0, 20, 30, 40, 500, 60, 5, 5, 1]})
    w = helpers.churn_early_warning(o, "2025-06-30")
    assert "d" not in w.index and "z" not in w.index               # d: 211 days (churned); z: later
    assert w.loc[["a", "b", "c", "e", "f"], "风险"].tolist() == ["低", "中", "高", "低", "中"]  # 10, 40, 100, 0, 90
    assert w.loc["e", "价值"] == "高价值" and w.loc["a", "价值"] == "普通"
    assert "电话" in w.loc["c", "建议动作"] or "短信" in w.loc["c", "建议动作"]
    check = helpers.early_warning_check(w, o).set_index("风险")
    assert check.loc["低", "之后流失率"] == 0.5   # a came back, e did not
    assert check.loc["中", "之后流失率"] == 1.0 and check.loc["高", "之后流失率"] == 0.0  # c came back
    with pytest.raises(DataError, match="观察期不够"):
        helpers.early_warning_check(w, o[o["member_id"] != "z"])


def test_warning_actions_name_owner_and_metric():
    a = helpers.warning_actions()
    assert set(a["风险"]) == {"高", "中", "低"} and a["负责人"].str.len().min() >= 1
    acted = a["风险"] != "低"
    assert a.loc[acted, "衡量指标"].str.contains("对照组").all()
    assert (a.loc[~acted, "衡量指标"] == "—").all()  # nothing is done for low risk: nothing to measure


def test_monthly_kpis_and_first_repeat():
    k = helpers.monthly_kpis(MEMBERS, ORDERS)
    assert k.loc[pd.Period("2025-01", "M"), "新入会会员（人）"] == 2
    assert k.loc[pd.Period("2025-03", "M"), "首购会员（人）"] == 1
    f = helpers.first_repeat(MEMBERS, ORDERS, "2025-01-01", "2025-06-30", days=90, data_end="2025-12-31")
    assert f["90天内复购"].to_dict() == {"a": False, "b": False}
    assert f.index.name == "会员编号" and "入会渠道" in f.columns  # Chinese names for the notebook


def test_channel_crossover_shares():
    c = helpers.channel_crossover(MEMBERS, ORDERS, 2025).set_index("入会渠道")
    assert c.loc["门店", "门店购买占比"] == pytest.approx(120 / 170) and c.loc["APP", "线上购买占比"] == 1.0
    assert c.loc["门店", "购买会员数"] == 2
    ordered = MEMBERS.assign(join_channel=pd.Categorical(MEMBERS["join_channel"], categories=["门店", "APP"]))
    assert helpers.channel_crossover(ordered, ORDERS, 2025)["入会渠道"].tolist() == ["门店", "APP"]


def test_case_swot_items_quote_the_lectures_figures():
    m = pd.DataFrame({"member_id": list("abcd"), "join_date": ["2025-01-01"] * 4,
                      "join_channel": ["门店", "门店", "APP", "APP"]})
    o = pd.DataFrame({"member_id": ["a", "a", "b", "c", "c", "d", "d"],
                      "order_date": ["2025-01-01", "2025-01-10", "2025-01-01", "2025-01-01", "2025-05-01",
                                     "2025-01-01", "2025-12-31"], "amount": [1.0] * 7})
    ab = pd.DataFrame({"member_id": list("abcd"), "assigned_date": ["2025-01-01"] * 4,
                       "group": ["实验组", "对照组", "实验组", "对照组"]})
    t = helpers.case_swot_items(m, o, ab, join_from="2025-01-01", join_to="2025-01-31", churn_from="2025-03-31",
                                tie_points=60)
    assert t["象限"].tolist() == ["优势", "优势", "劣势", "劣势", "机会", "威胁"]
    items = t["条目"].tolist()
    assert items[0] == "APP、门店入会的会员入会后第 91–180 天留存并列最高（50.0%、0.0%）"  # within 60 points: tied
    assert "随机实验" in items[1] and "测不出来" in items[1]     # both results of the experiment
    assert "进入流失期" in items[2]                              # the quarterly churn rate, not the stock
    assert all("外部" in x for x in items[4:])                   # O and T are outside: not from the case data
