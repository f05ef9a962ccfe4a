"""The user lifecycle (lecture 5): the stage rules on hand-made members, churn flow, transitions,
the churn-line check and the widget."""

from __future__ import annotations

import pandas as pd
import pytest

import helpers
from helpers.analysis import lifecycle as lc
from helpers.errors import DataError

MEMBERS = pd.DataFrame({
    "member_id": list("ABCDEFGHIJ"),
    "join_date": ["2025-12-01", "2025-01-01", "2025-06-01", "2025-06-01", "2024-01-01", "2024-01-01", "2024-01-01",
                  "2024-01-01", "2024-01-01", "2026-01-05"],
})
ORDERS = pd.DataFrame([
    ("C", "2025-10-02"), ("D", "2025-10-01"), ("E", "2025-03-01"), ("E", "2025-07-04"), ("F", "2025-07-03"),
    *[("G", d) for d in ("2025-10-01", "2025-10-20", "2025-11-01", "2025-11-15", "2025-12-01", "2025-12-20")],
    *[("H", d) for d in ("2025-10-01", "2025-10-20", "2025-11-01", "2025-11-15", "2025-12-20")],
    ("I", "2025-12-30"), ("I", "2025-12-30"),
], columns=["member_id", "order_date"])

EXPECTED = {  # id: (stage, purchase days, days since the last purchase)
    "A": ("新手期", 0, None), "B": ("流失期", 0, None), "C": ("新手期", 1, 90), "D": ("衰退期", 1, 91),
    "E": ("衰退期", 2, 180), "F": ("流失期", 1, 181), "G": ("成熟期", 6, 11), "H": ("成长期", 5, 11),
    "I": ("新手期", 1, 1),
}


def test_each_rule_on_its_boundary():
    stages = helpers.lifecycle_stages(MEMBERS, ORDERS, as_of="2025-12-31")
    assert "J" not in stages.index  # joined after the date
    for member, (stage, n, rec) in EXPECTED.items():
        row = stages.loc[member]
        assert (row["生命周期阶段"], row["购买次数"]) == (stage, n), member
        assert (pd.isna(row["距最近购买天数"]) if rec is None else row["距最近购买天数"] == rec), member
    assert stages.loc["B", "入会天数"] == 364
    assert list(stages["生命周期阶段"].cat.categories) == list(lc.STAGES)


def test_orders_after_the_date_are_ignored_and_counts_keep_every_stage():
    stages = helpers.lifecycle_stages(MEMBERS, ORDERS, as_of="2025-09-30")
    assert stages.loc["G", "购买次数"] == 0 and stages.loc["G", "生命周期阶段"] == "流失期"  # joined 2024, no order yet
    counts = lc.stage_counts(helpers.lifecycle_stages(MEMBERS, ORDERS, as_of="2025-12-31"))
    assert counts["阶段"].tolist() == list(lc.STAGES)
    assert counts["人数"].tolist() == [3, 1, 1, 2, 2] and counts["占比"].sum() == pytest.approx(1.0)


def test_thresholds_are_parameters_and_validated():
    loose = lc.LifecycleRules(silent_days=60, churn_days=365, mature_purchases=5)
    stages = helpers.lifecycle_stages(MEMBERS, ORDERS, as_of="2025-12-31", rules=loose)
    assert stages.loc["F", "生命周期阶段"] == "衰退期" and stages.loc["H", "生命周期阶段"] == "成熟期"
    with pytest.raises(DataError, match="阈值不合理"):
        lc.LifecycleRules(silent_days=180, churn_days=180)
    assert lc.LifecycleRules().table()["规则"].iloc[1] == "距最近一次购买 91–180 天"


def test_unknown_member_and_repeated_id_are_named():
    with pytest.raises(DataError, match="第 2 行") as err:
        helpers.lifecycle_stages(MEMBERS, pd.DataFrame({"member_id": ["A", "Z"],
                                                        "order_date": ["2025-01-01"] * 2}), "2025-12-31")
    assert "Z" in str(err.value)
    with pytest.raises(DataError, match="重复"):
        helpers.lifecycle_stages(pd.concat([MEMBERS, MEMBERS.iloc[[0]]]), ORDERS, "2025-12-31")


def test_an_order_before_joining_counts_tenure_from_the_order():
    m = pd.DataFrame({"member_id": ["X"], "join_date": ["2025-06-01"]})
    o = pd.DataFrame({"member_id": ["X"], "order_date": ["2025-05-01"]})
    stages = helpers.lifecycle_stages(m, o, "2025-12-31")
    assert stages.attrs["早于入会的订单"] == 1 and stages.loc["X", "入会天数"] == 244


def test_churn_flow_new_churn_rate_and_returns():
    m = pd.DataFrame({"member_id": ["a", "b", "c"], "join_date": ["2024-01-01", "2024-01-01", "2024-05-01"]})
    o = pd.DataFrame({"member_id": ["a", "b", "c", "c", "b"],
                      "order_date": ["2024-03-01", "2024-06-20", "2024-09-01", "2024-12-01", "2025-02-01"]})
    flow = helpers.churn_flow(m, o, "2024-06-30", "2025-03-31")
    # 2024Q3: a churns (rec 213); b, c fine. 2024Q4: b churns (rec 194). 2025Q1: b comes back, c silent.
    assert flow["期间"].tolist() == ["2024年第3季度", "2024年第4季度", "2025年第1季度"]
    assert flow["期初未流失"].tolist() == [3, 2, 1]
    assert flow["新增流失"].tolist() == [1, 1, 0]
    assert flow["回流"].tolist() == [0, 0, 1]
    assert flow["累计流失"].tolist() == [1, 2, 1]
    assert flow["流失率"].tolist() == [pytest.approx(1 / 3), 0.5, 0.0]


def test_transitions_rows_columns_and_shares():
    counts = helpers.stage_transitions(MEMBERS, ORDERS, "2025-09-30", "2025-12-31")
    assert list(counts.columns) == list(lc.STAGES) and list(counts.index) == [*lc.STAGES, lc.NEW_ROW]
    assert counts.loc[lc.NEW_ROW].sum() == 1 and counts.loc[lc.NEW_ROW, "新手期"] == 1  # A joined in December
    assert counts.to_numpy().sum() == 9  # J is never counted
    before = helpers.lifecycle_stages(MEMBERS, ORDERS, "2025-09-30")["生命周期阶段"]
    after = helpers.lifecycle_stages(MEMBERS, ORDERS, "2025-12-31")["生命周期阶段"]
    for member in before.index:
        assert counts.loc[before[member], after[member]] >= 1
    shares = lc.transition_shares(counts)
    assert shares.loc["流失期", list(lc.STAGES)].sum() == pytest.approx(1.0)
    assert shares.loc["流失期", "期初人数"] == counts.loc["流失期"].sum()


def test_transitions_title_names_the_biggest_leak_and_skips_small_rows():
    c = pd.DataFrame([[50, 10, 40, 0], [0, 60, 30, 10], [0, 0, 0, 100], [0, 0, 5, 5]],
                     index=["新手期", "成熟期", "衰退期", "成长期"], columns=["新手期", "成熟期", "衰退期", "流失期"])
    # both shares are the 衰退期 cell itself (成熟期's 10% into 流失期 is not added)
    assert lc.transitions_title(c) == "一个季度里，新手期 40%、成熟期 30% 的会员滑入衰退期"
    assert "人数太少" in lc.transitions_title(c, min_n=1000)
    c.attrs["period"] = ("2025-09-30", "2025-12-31")
    assert "就等于 2025-10-02 及以后一次也没买" in lc.transitions_note(c)


def test_churn_line_check_counts_returns():
    o = pd.DataFrame({"member_id": ["a", "a", "b", "c", "c"],
                      "order_date": ["2024-01-01", "2025-02-01", "2024-03-01", "2024-10-01", "2025-01-10"]})
    r = helpers.churn_return_rate(o, "2024-12-31", data_end="2025-12-31")
    assert (r["判为流失"], r["之后回来"]) == (2, 1)  # a and b churned, a came back; c only silent
    r90 = helpers.churn_return_rate(o, "2024-12-31", churn_days=60, data_end="2025-12-31")
    assert (r90["判为流失"], r90["之后回来"]) == (3, 2)
    with pytest.raises(DataError, match="观察期不够"):
        helpers.churn_return_rate(o, "2025-06-30")
    band = helpers.churn_return_rate(o, "2024-12-31", churn_days=60, upper_days=180, data_end="2025-12-31")
    assert (band["判为流失"], band["之后回来"]) == (1, 1)  # only c: 91 days silent, back in January


def test_churn_check_sentence_reports_two_separate_groups():
    o = pd.DataFrame({"member_id": ["a", "a", "b", "c", "c", "z"],
                      "order_date": ["2024-01-01", "2025-02-01", "2024-03-01", "2024-10-01", "2025-01-10",
                                     "2025-12-31"]})  # z: a new buyer after the judgement, counted in neither group
    text = helpers.churn_check_sentence(o, "2024-12-31")
    # > 180 days: a (back) and b; 91–180 days: c (back) -- not nested
    assert "已超过 180 天没买（按本课程算流失）的 2 位有购买会员，之后 365 天内回来 1 位（50.0%）" in text
    assert "只是 91–180 天没买（衰退期）的 1 位，回来 1 位（100.0%）" in text


def test_rules_table_definitions_and_stage_title_are_numbered_for_trainees():
    assert lc.LifecycleRules().table().index.tolist() == [1, 2, 3, 4, 5]
    d = lc.b2c_definitions()
    assert d.columns.tolist() == ["概念", "山禾会员的定义", "理由"] and "同左" not in d["山禾会员的定义"].tolist()
    counts = pd.DataFrame({"阶段": list(lc.STAGES), "人数": [1, 1, 1, 2, 5], "占比": [0.1, 0.1, 0.1, 0.2, 0.5]})
    assert lc.stage_title(counts, "2025-12-31") == "截至 2025-12-31，10 位已入会会员中 50% 已流失，成熟期仅 10%"


def test_stage_actions_cover_every_stage_with_a_metric():
    actions = lc.stage_actions()
    assert actions["阶段"].tolist() == list(lc.STAGES) and actions["衡量指标"].str.len().min() > 0


def test_widget_updates_and_keeps_the_churn_line_above_the_silent_line():
    from helpers.widgets.lifecycle import lifecycle_widget

    w = lifecycle_widget(MEMBERS.iloc[:-1], ORDERS, as_of="2025-12-31", check_as_of="2024-12-31")
    assert "衰退期" in w.bars.value and "检验流失线" in w.check.value
    w.silent.value = 180
    assert w.churn.value > 180
    w.mature.value = 5
    assert "成熟期" in w.bars.value
