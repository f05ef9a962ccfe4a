"""Trends, customer flow, say-vs-do, cleaning and problem types on hand-built records."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers import charts
from helpers.analysis import diagnosis as d
from helpers.data import parse
from helpers.errors import DataError


@pytest.fixture
def orders() -> pd.DataFrame:
    # customer a: Jan, Feb, Jul 2024; b: Feb 2024, Jan 2025; c: Apr 2024 only
    return pd.DataFrame({
        "customer_id": ["a", "a", "b", "c", "a", "b"],
        "order_date": pd.to_datetime(["2024-01-10", "2024-02-03", "2024-02-20", "2024-04-11",
                                      "2024-07-01", "2025-01-15"]),
        "amount": [100.0, 50.0, 200.0, 80.0, 60.0, 300.0],
        "region": ["东", "东", "西", "西", "东", "西"],
    })


def test_site_visit_checklist_has_three_steps_in_order():
    table = d.site_visit_checklist()
    assert table["步骤"].drop_duplicates().tolist() == ["① 准备", "② 走访与观察", "③ 复盘与行动"]
    assert table.notna().all().all()


def test_monthly_revenue_fills_gaps(orders):
    rev = d.monthly_revenue(orders)
    assert len(rev) == 13  # 2024-01 .. 2025-01
    assert rev.loc["2024-02-01", "销售额"] == pytest.approx(250.0)
    assert rev.loc["2024-03-01", "销售额"] == 0.0
    assert rev["销售额"].sum() == pytest.approx(orders["amount"].sum())


def test_monthly_revenue_by_region(orders):
    rev = d.monthly_revenue(orders, by="region")
    assert sorted(rev.columns) == ["东", "西"]
    assert rev.loc["2024-02-01", "东"] == pytest.approx(50.0)
    assert rev.loc["2024-02-01", "西"] == pytest.approx(200.0)
    assert rev.to_numpy().sum() == pytest.approx(790.0)


def test_monthly_revenue_bad_date_is_reported():
    o = pd.DataFrame({"order_date": ["2024-01-01", "不详"], "amount": [1, 2]})
    with pytest.raises(DataError) as info:
        d.monthly_revenue(o)
    assert info.value.row == 2 and info.value.column == "order_date"


def test_seasonality_index_by_hand():
    idx = pd.date_range("2022-01-01", periods=24, freq="MS")
    # every December is 3x an ordinary month of 10: mean = (11*10 + 30)/12 = 140/12
    values = pd.Series([30.0 if t.month == 12 else 10.0 for t in idx], index=idx)
    season = d.seasonality_index(values)
    assert season.loc[12] == pytest.approx(30 / (140 / 12) * 100)
    assert season.loc[1] == pytest.approx(10 / (140 / 12) * 100)
    assert season.mean() == pytest.approx(100.0)


def test_active_customers_per_month(orders):
    act = d.active_customers(orders)
    assert act.loc["2024-01-01"] == 1
    assert act.loc["2024-02-01"] == 2  # a and b, a counted once
    assert act.loc["2024-03-01"] == 0
    quarterly = d.active_customers(orders, freq="Q")
    assert quarterly.tolist() == [2, 1, 1, 0, 1]


def test_customer_flow_uses_the_course_churn_rule(orders):
    """流失 = 12 months without an order (definitions.py), not one quarter without one."""
    # a: Jan, Feb, Jul 2024; b: Feb 2024, Jan 2025; c: Apr 2024. Data start 2024-01, so with
    # a 6-month rule the table starts in 2024Q3 (a whole 6-month window inside the data).
    flow = d.customer_flow(orders, freq="Q", churn_months=6)
    assert [str(i.date()) for i in flow.index] == ["2024-07-01", "2024-10-01", "2025-01-01"]
    # end of Q2: active (Jan..Jun] = {a, b, c}; end of Q3: (Apr..Sep] = {a, c}: b churned
    assert flow["流失客户"].tolist() == [1, 1, 1]        # b in Q3, c in Q4 (Apr + 6 months), a in Q1-25
    assert flow["回流客户"].tolist() == [0, 0, 1]        # b comes back in 2025Q1 after 11 months
    assert flow["新客户"].tolist() == [0, 0, 0]
    assert flow["期末活跃客户"].tolist() == [2, 1, 1]
    prev = pd.Series([3, 2, 1], index=flow.index)
    assert (flow["期末活跃客户"] == prev + flow["新客户"] + flow["回流客户"] - flow["流失客户"]).all()


def test_a_quarter_without_an_order_is_not_churn():
    o = pd.DataFrame({"customer_id": ["x"] * 4,
                      "order_date": pd.to_datetime(["2023-01-05", "2023-07-05", "2024-01-05", "2024-09-05"])})
    flow = d.customer_flow(o, freq="Q")           # default: 12 months
    assert flow["流失客户"].sum() == 0             # gaps of six and eight months
    later = pd.concat([o, pd.DataFrame({"customer_id": ["x"], "order_date": [pd.Timestamp("2026-01-05")]})])
    flow = d.customer_flow(later, freq="Q")
    assert flow.loc["2025-07-01", "流失客户"] == 1   # 12 months after 2024-09-05
    assert flow.loc["2026-01-01", "回流客户"] == 1


def test_customer_flow_with_first_order_dates():
    o = pd.DataFrame({"customer_id": ["old", "new", "old"],
                      "order_date": pd.to_datetime(["2023-02-01", "2024-02-01", "2024-03-01"])})
    first = pd.Series(pd.to_datetime(["2019-05-01", "2024-02-01"]), index=["old", "new"])
    flow = d.customer_flow(o, freq="Q", first_order=first)
    assert flow.loc["2024-01-01", "新客户"] == 1      # "new" first ordered in 2024Q1
    assert flow.loc["2024-01-01", "回流客户"] == 0    # "old" was still active (Feb 2023 + 12 months)
    assert flow.loc["2024-01-01", "流失客户"] == 0


def test_revenue_change_windows(orders):
    change = d.revenue_change(orders, "2024-07-01", months=6)
    # before = 2024-01-01..2024-06-30, after = 2024-07-01..2024-12-31
    assert change.loc["a", "之前销售额"] == pytest.approx(150.0)
    assert change.loc["a", "之后销售额"] == pytest.approx(60.0)
    assert change.loc["a", "变化率"] == pytest.approx(-0.6)
    assert not change.loc["b", "之后有复购"]  # b's 2025 order is outside the window
    assert change.loc["c", "变化率"] == pytest.approx(-1.0)


def test_revenue_change_new_customer_has_blank_change(orders):
    change = d.revenue_change(orders, "2025-01-01", months=6)
    # b: nothing in 2024-07..12, 300 after -> change unknown, not infinite
    assert math.isnan(change.loc["b", "变化率"])
    assert change.loc["b", "之后有复购"]
    assert "c" not in change.index  # no order in either window


def test_say_vs_do_by_group():
    joined = pd.DataFrame({
        "nps组": pd.Categorical(["推荐者", "贬损者", "推荐者", "中立者", None],
                               categories=["推荐者", "中立者", "贬损者"]),
        "之后有复购": [True, False, False, True, True],
        "变化率": [0.2, -0.4, float("nan"), 0.0, 0.5],
    })
    table = d.say_vs_do(joined, "nps组")
    assert list(table.index) == ["推荐者", "中立者", "贬损者", "未作答"]
    assert table.loc["推荐者", "客户数"] == 2
    assert table.loc["推荐者", "复购率"] == pytest.approx(0.5)
    assert table.loc["推荐者", "销售额变化中位数"] == pytest.approx(0.2)  # blank change left out
    assert table.loc["未作答", "复购率"] == pytest.approx(1.0)


@pytest.mark.parametrize("text, value", [
    ("1,200元", 1200.0), ("￥9,800", 9800.0), ("1.5万", 15000.0), ("6千", 6000.0),
    ("１２００", 1200.0), (" 300 ", 300.0), (42, 42.0),
])
def test_parse_amount(text, value):
    assert parse.parse_amount(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "面议", None, float("nan"), "1.2.3"])
def test_parse_amount_unreadable_is_nan(text):
    assert math.isnan(parse.parse_amount(text))


@pytest.mark.parametrize("text", ["2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", "20240305",
                                  "２０２４/３/５", pd.Timestamp("2024-03-05")])
def test_parse_date_formats(text):
    assert parse.parse_date(text) == pd.Timestamp("2024-03-05")


@pytest.mark.parametrize("text", ["2024-13-01", "下周", "", None])
def test_parse_date_unreadable_is_nat(text):
    assert pd.isna(parse.parse_date(text))


def test_clean_records_on_messy_sample():
    raw = d.messy_sample()
    clean, log = d.clean_records(
        raw, required=["客户", "金额"], text=["客户", "区域"], dates=["日期"], amounts=["金额"],
        aliases={"区域": {"华东区": "华东", "华南地区": "华南"}})
    # 9 rows - 1 blank customer - 1 unreadable amount (面议) - 1 duplicate = 6
    assert len(clean) == 6
    assert sorted(clean["区域"].unique()) == ["华东", "华南"]
    assert clean["客户"].tolist().count("恒达机械") == 1
    assert "新宇包装" in clean["客户"].tolist()  # leading space removed
    assert clean["金额"].sum() == pytest.approx(12000 + 8500 + 15000 + 9800 + 6000 + 4200)
    assert clean["日期"].min() == pd.Timestamp("2024-03-05")
    steps = dict(zip(log["步骤"], log["影响行数"]))
    assert steps["删除重复行"] == 1
    assert steps["删除空白：客户"] == 1
    assert steps["删除空白：金额"] == 1
    assert steps["统一写法：区域"] == 2
    assert raw.loc[2, "客户"] == " 新宇包装"  # the input is not modified


def test_clean_records_missing_column():
    with pytest.raises(DataError, match="缺少列"):
        d.clean_records(pd.DataFrame({"a": [1]}), required=["客户"])


def test_structure_records_totals():
    clean = pd.DataFrame({"区域": ["东", "东", "西"], "产品": ["甲", "乙", "甲"], "金额": [1.0, 2.0, 4.0],
                          "日期": pd.to_datetime(["2024-01-05", "2024-02-05", "2024-02-10"])})
    table = d.structure_records(clean, "区域", "产品", "金额")
    assert table.loc["东", "合计"] == pytest.approx(3.0)
    assert table.loc["合计", "甲"] == pytest.approx(5.0)
    assert table.loc["西", "乙"] == 0.0
    monthly = d.structure_records(clean, "日期", None, "金额", freq="M")
    assert monthly["金额"].to_dict() == {"2024-01": 1.0, "2024-02": 6.0, "合计": 7.0}


@pytest.mark.parametrize("question, kind", [
    ("华东区去年卖了多少？", "描述型"),
    ("为什么华南的份额下降？", "诊断型"),
    ("明年一季度能卖多少？", "预测型"),   # 预测 wins over 描述
    ("我们应该优先投入哪个区域？", "决策型"),
    ("老客户流失的原因是什么？", "诊断型"),  # 诊断 wins over 描述 (是什么)
    ("今天天气", "待判断"),
])
def test_classify_question(question, kind):
    assert d.classify_question(question) == kind


def test_problem_types_cover_every_classifiable_type():
    table = d.problem_types()
    assert set(table.index) == set(d.PROBLEM_CUES)
    assert table["首选方法"].str.len().gt(0).all()


def test_plot_steps_draws_boxes_and_arrows():
    import matplotlib.pyplot as plt

    ax = charts.plot_steps(["准备", "走访", "复盘"], ["a", "b", "c"], title="现场诊断")
    assert len(ax.patches) == 3
    assert [t.get_text() for t in ax.texts if t.get_text() in ("准备", "走访", "复盘")] == ["准备", "走访", "复盘"]
    arrows = [c for c in ax.get_children() if type(c).__name__ == "Annotation"]
    assert len(arrows) == 2
    plt.close(ax.figure)
    with pytest.raises(DataError):
        charts.plot_steps([])
    with pytest.raises(DataError):
        charts.plot_steps(["a", "b"], ["only one"])


def test_say_vs_do_shows_n_interval_and_flags_small_groups():
    joined = pd.DataFrame({"g": ["推荐者"] * 45 + ["贬损者"] * 40 + ["中立者"] * 7,
                           "之后有复购": [True] * 40 + [False] * 5 + [True] * 20 + [False] * 20 + [True] * 7,
                           "变化率": 0.0})
    table = d.say_vs_do(joined, "g")
    assert table.loc["中立者", "样本太少"] and not table.loc["推荐者", "样本太少"]
    assert table.loc["推荐者", "复购率下限"] < 40 / 45 < table.loc["推荐者", "复购率上限"]
    assert table.loc["中立者", "复购率上限"] == pytest.approx(1.0)
    sentence = d.say_vs_do_sentence(table)
    assert "45 家中 40 家" in sentence and "区间在 0 以上" in sentence and "相关" in sentence
    assert "样本太少" in d.say_vs_do_sentence(table, high="中立者")


def test_problem_types_point_to_sections_not_function_names():
    """Review L1 must 4: trainees saw monthly_revenue、crosstab in the table."""
    column = d.problem_types()["本讲对应的部分"]
    assert column.str.contains("部分").all()
    assert not column.str.contains(r"[A-Za-z_]").any()


def test_base_rate_and_correlation_sentences():
    change = pd.DataFrame({"之前销售额": [100.0, 100.0, 100.0, 100.0, 0.0],
                           "之后销售额": [0.0, 50.0, 90.0, 500.0, 30.0]})
    before = change["之前销售额"].where(change["之前销售额"] > 0)
    change["变化率"] = (change["之后销售额"] - change["之前销售额"]) / before
    text = d.base_rate_sentence(change)
    # changes -100%, -50%, -10%, +400% -> median -30%; 1 of 4 stopped; total 670 / 400 - 1 = +67.5%
    assert "共 4 家" in text and "-30.0%" in text and "1 家（25.0%）" in text and "+67.5%" in text
    joined = pd.DataFrame({"满意度均分": [1.0, 2.0, 3.0, 4.0], "变化率": [0.1, 0.2, 0.3, None],
                           "推荐意愿分组": ["贬损者", None, "推荐者", "推荐者"]})
    text = d.rank_correlation_sentence(joined)
    assert "ρ = 1.00" in text and "3 家有前后两期销售额的客户" in text
    assert "画了其中 2 家，另 1 家推荐意愿未作答" in text


def test_say_vs_do_chart_survives_a_group_at_100_percent():
    """A group where everyone repurchased has an interval ending exactly at its bar."""
    import matplotlib.pyplot as plt

    joined = pd.DataFrame({"推荐意愿分组": ["推荐者"] * 36 + ["贬损者"] * 34,
                           "之后有复购": [True] * 36 + [True, False] * 17, "变化率": 0.0, "满意度均分": 3.0})
    table = d.say_vs_do(joined, "推荐意愿分组")
    assert table.loc["推荐者", "复购率上限"] == pytest.approx(1.0)
    fig = charts.plot_say_do(joined, table, title=d.say_vs_do_headline(table))
    assert "差别超出了误差范围" in fig._suptitle.get_text()
    plt.close(fig)
    small = d.say_vs_do(joined.iloc[30:40], "推荐意愿分组")
    assert d.say_vs_do_headline(small).endswith("样本太少，先不下结论")
    plt.close(fig)


def test_cleaning_sentence_separates_duplicates_from_rows_to_re_enter():
    """Review L1 should 16: one of the three deleted rows is a correct duplicate, not a row to re-enter."""
    raw = d.messy_sample()
    clean, log = d.clean_records(raw, required=["客户", "金额"], text=["客户", "区域"], dates=["日期"],
                                 amounts=["金额"], aliases={"区域": {"华东区": "华东", "华南地区": "华南"}})
    text = d.cleaning_sentence(raw, clean, log)
    assert "1 行是重复行，删掉即可" in text and "2 行缺必填项（客户 1 行、金额 1 行）" in text
