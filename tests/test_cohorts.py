"""Cohort retention and the magic-number test (lecture 5): hand-made logs whose answers are known,
and the CDNOW matrix against an independent computation, monthly and quarterly."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import helpers
from helpers.analysis import cohorts as co
from helpers.analysis.magic_number import VERDICT, next_purchase_title
from helpers.errors import DataError

HAND = pd.DataFrame({
    "customer": list("AAABBCCD"),
    "date": ["2024-01-05", "2024-01-20", "2024-03-02", "2024-01-31", "2024-02-01", "2024-02-10", "2024-04-30",
             "2024-03-15"],
})


def test_monthly_matrix_of_the_hand_made_log():
    m = helpers.cohort_retention(HAND, "customer", "date", freq="M")
    assert list(m.index) == list(pd.PeriodIndex(["2024-01", "2024-02", "2024-03"], freq="M"))
    assert list(m.columns) == [0, 1, 2, 3]
    expected = [[1.0, 0.5, 0.5, 0.0], [1.0, 0.0, 1.0, np.nan], [1.0, 0.0, np.nan, np.nan]]
    np.testing.assert_array_equal(m.to_numpy(), np.array(expected))
    assert m.index.name == "首购期" and m.columns.name == "距首购期数"


@pytest.mark.parametrize("freq", ["Q", "季", "季度"])
def test_quarterly_matrix_and_chinese_aliases(freq):
    m = helpers.cohort_retention(HAND, "customer", "date", freq=freq)
    assert list(m.index) == [pd.Period("2024Q1", "Q")]
    assert m.to_numpy().tolist() == [[1.0, 0.25]]


def test_weekly_and_yearly_periods_are_pandas_periods():
    w = helpers.cohort_retention(HAND, "customer", "date", freq="W")
    assert w.index[0] == pd.Period("2024-01-05", "W")  # weeks from Monday, as pandas counts them
    assert (w[0] == 1.0).all()
    y = helpers.cohort_retention(HAND, "customer", "date", freq="年")
    assert list(y.index) == [pd.Period("2024", "Y")] and y.to_numpy().tolist() == [[1.0]]


def test_duplicates_order_and_types_do_not_change_the_result():
    base = helpers.cohort_retention(HAND, "customer", "date")
    doubled = pd.concat([HAND, HAND.iloc[[0, 0, 3]]]).sample(frac=1.0, random_state=3)
    pd.testing.assert_frame_equal(helpers.cohort_retention(doubled, "customer", "date"), base)
    typed = HAND.assign(date=pd.to_datetime(HAND["date"]), customer=HAND["customer"].map({"A": 1, "B": 2, "C": 3,
                                                                                            "D": 4}))
    pd.testing.assert_frame_equal(helpers.cohort_retention(typed, "customer", "date"), base)
    before = HAND.copy()
    helpers.cohort_retention(HAND, "customer", "date")
    pd.testing.assert_frame_equal(HAND, before)  # input not modified


def test_sizes_pooled_curve_and_display_table():
    m = helpers.cohort_retention(HAND, "customer", "date")
    sizes = co.cohort_sizes(HAND, "customer", "date")
    assert sizes.tolist() == [2, 1, 1]
    pooled = co.pooled_retention(m, sizes)
    # age 1: (1 + 0 + 0) / (2 + 1 + 1); age 2: (1 + 1) / (2 + 1) (the March cohort is not observed yet)
    assert pooled["留存率"].tolist()[:3] == [1.0, 0.25, 2 / 3]
    assert pooled["同期群数"].tolist() == [3, 3, 2, 1]
    table = co.cohort_table(m, sizes, max_periods=2)
    assert table.index.tolist() == ["2024年1月", "2024年2月", "2024年3月"]
    assert table.columns.tolist() == ["首购人数", "第0月", "第1月", "第2月"] and "第1月" in table.attrs["percent"]
    assert helpers.show(table).to_html().count("—") >= 1  # a cell not yet observed is "—", not 0%


@pytest.mark.parametrize("bad, words", [
    (HAND.assign(date=["2024-01-05", "", "2024-03-02", "2024-01-31", "2024-02-01", "2024-02-10", "2024-04-30",
                       "2024-03-15"]), "第 2 行"),
    (HAND.assign(date=["2024-01-05", "x", "2024-03-02", "2024-01-31", "2024-02-01", "2024-02-10", "2024-04-30",
                       "2024-03-15"]), "第 2 行"),
    (HAND.assign(customer=["A", "A", None, "B", "B", "C", "C", "D"]), "第 3 行"),
])
def test_bad_rows_are_named(bad, words):
    with pytest.raises(DataError) as err:
        helpers.cohort_retention(bad, "customer", "date")
    assert words in str(err.value)


def test_bad_freq_empty_table_and_missing_column():
    with pytest.raises(DataError, match="M 或 月"):
        helpers.cohort_retention(HAND, "customer", "date", freq="D")
    with pytest.raises(DataError, match="空的"):
        helpers.cohort_retention(HAND.iloc[:0], "customer", "date")
    with pytest.raises(DataError, match="日期"):
        helpers.cohort_retention(HAND, "customer", "日期")


def test_a_trainees_export_read_with_read_table(tmp_path):
    path = tmp_path / "我的订单.csv"
    HAND.rename(columns={"customer": "会员编号", "date": "下单日期"}).assign(
        下单日期=lambda f: pd.to_datetime(f["下单日期"]).dt.strftime("%Y年%m月%d日")).to_csv(
        path, index=False, encoding="gbk")
    raw = helpers.read_table(path)
    table = helpers.require_columns(raw, {"customer_id": "id", "date": "date"})
    m = helpers.cohort_retention(table, "customer_id", "date")
    assert m.to_numpy()[0].tolist() == [1.0, 0.5, 0.5, 0.0]


def test_columns_are_found_under_their_usual_names():
    renamed = HAND.rename(columns={"customer": "member_id", "date": "order_date"})
    pd.testing.assert_frame_equal(helpers.cohort_retention(renamed), helpers.cohort_retention(HAND, "customer", "date"))
    chinese = HAND.rename(columns={"customer": "会员编号", "date": "下单日期"})
    assert co.find_columns(chinese) == ("会员编号", "下单日期")
    with pytest.raises(DataError, match="customer_col"):
        helpers.cohort_retention(HAND)
    with pytest.raises(DataError, match="first_from"):
        co.magic_number_test(renamed)


def test_returned_by_separates_buying_in_a_month_from_having_come_back():
    # A: months 0, 2; B: 0, 1 (31 Jan, 1 Feb: calendar months); C (Feb cohort): 0, 2; D (Mar cohort): 0. Data end: Apr.
    t = co.returned_by(HAND, "customer", "date", ages=(1, 2))
    # age 1: all four observed; in month 1 only B.  age 2: A, B, C observed; in month 2 A and C; by month 2 all three.
    assert t.index.tolist() == ["第 1 个月", "第 2 个月"]
    assert t["首购人数"].tolist() == [4, 3]
    assert t["当月有购买"].tolist() == [0.25, 2 / 3]
    assert t["到这个月为止回来过"].tolist() == [0.25, 1.0]


def test_the_title_reads_a_cell_as_buying_in_that_month():
    m = helpers.cohort_retention(HAND, "customer", "date")
    sizes = co.cohort_sizes(HAND, "customer", "date")
    title = co.retention_title(m, sizes, "示例", late=2)
    assert title == "示例：首购后第 1 个月有 25% 回来购买，第 2 个月当月购买的占 67%"


# ---------------------------------------------------------------------------------------
# CDNOW against an independent computation
# ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cdnow():
    return helpers.load_cdnow()


def _independent(tx: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Sets of customers per period, one plain loop (no code shared with helpers)."""
    periods = tx["date"].dt.to_period(freq)
    buyers: dict[pd.Period, set] = {}
    for customer, period in zip(tx["customer_id"], periods):
        buyers.setdefault(period, set()).add(customer)
    first = {}
    for customer, period in sorted(zip(tx["customer_id"], periods), key=lambda cp: cp[1]):
        first.setdefault(customer, period)
    cohorts: dict[pd.Period, set] = {}
    for customer, period in first.items():
        cohorts.setdefault(period, set()).add(customer)
    last = max(buyers)
    width = (last - min(cohorts)).n + 1
    rows = {}
    for c in sorted(cohorts):
        rows[c] = [len(cohorts[c] & buyers.get(c + k, set())) / len(cohorts[c]) if c + k <= last else math.nan
                   for k in range(width)]
    return pd.DataFrame.from_dict(rows, orient="index")


@pytest.mark.parametrize("freq", ["M", "Q"])
def test_cdnow_matrix_equals_an_independent_computation(cdnow, freq):
    mine = helpers.cohort_retention(cdnow, "customer_id", "date", freq=freq)
    other = _independent(cdnow, freq)
    assert list(mine.index) == list(other.index)
    np.testing.assert_allclose(mine.to_numpy(), other.to_numpy(), rtol=0, atol=1e-12, equal_nan=True)


def test_cdnow_known_figures(cdnow):
    sizes = co.cohort_sizes(cdnow, "customer_id", "date")
    assert sizes.tolist() == [7846, 8476, 7248]
    m = helpers.cohort_retention(cdnow, "customer_id", "date")
    assert m.iloc[0, 1] == pytest.approx(1157 / 7846, abs=1e-12)
    q = helpers.cohort_retention(cdnow, "customer_id", "date", freq="Q")
    assert len(q) == 1 and q.iloc[0, 1] == pytest.approx(0.228, abs=0.0005)


# ---------------------------------------------------------------------------------------
# The magic number
# ---------------------------------------------------------------------------------------

MAGIC = pd.DataFrame([
    ("a", "2024-01-01"),
    ("b", "2024-01-01"), ("b", "2024-09-01"),                       # day 244: retained, group 0
    ("c", "2024-02-01"), ("c", "2024-02-15"),                       # group 1, not retained
    ("d", "2024-02-01"), ("d", "2024-03-01"), ("d", "2024-10-01"),  # day 29 → group 1; day 243 retained
    ("e", "2024-03-01"), ("e", "2024-03-06"), ("e", "2024-03-11"), ("e", "2024-03-11"), ("e", "2024-03-21"),
    ("e", "2024-03-31"), ("e", "2024-04-10"), ("e", "2024-09-17"),  # 5 repeat days (one twice) → 5+; day 200
    ("f", "2024-03-01"), ("f", "2024-06-29"),                       # day 120: neither window
    ("g", "2025-03-01"),                                            # first purchase outside the window
    ("h", "2024-12-31"), ("h", "2025-12-30"),                       # day 364: retained
], columns=["c", "d"])


def test_magic_number_hand_made_groups_and_wilson_interval():
    t = co.magic_number_test(MAGIC, "c", "d", "2024-01-01", "2024-12-31", data_end="2025-12-31")
    assert t["人数"].tolist() == [4, 2, 0, 0, 0, 1]
    assert t["留存人数"].tolist() == [2, 1, 0, 0, 0, 1]
    assert t.index.tolist() == [1, 2, 3, 4, 5, 6]  # rows numbered from 1 for trainees
    assert t.iloc[0]["置信下限"] == pytest.approx(0.150, abs=0.0005)
    assert t.iloc[0]["置信上限"] == pytest.approx(0.850, abs=0.0005)
    assert t["样本少"].all() and math.isnan(t.iloc[2]["留存率"])
    verdicts = co.claim_verdicts(t)
    assert set(verdicts[VERDICT]) == {"样本不足"}
    assert verdicts["比较的组（人数）"].tolist()[0] == "0次组 4 人 对 1次组 2 人"


def test_magic_number_refuses_an_unobserved_window():
    with pytest.raises(DataError, match="观察期不够"):
        co.magic_number_test(MAGIC, "c", "d", "2024-01-01", "2025-03-01", data_end="2025-12-31")


def test_cdnow_magic_number_counts_and_verdicts(cdnow):
    t = co.magic_number_test(cdnow, "customer_id", "date", "1997-01-01", "1997-03-31")
    assert list(zip(t["人数"], t["留存人数"])) == [(16683, 2884), (4136, 1596), (1484, 797), (606, 363),
                                               (299, 212), (362, 282)]
    v = co.claim_verdicts(t).set_index("口径")[VERDICT].tolist()
    assert v == ["是", "否", "是"]  # relative +30%: yes; +30 points: no; 5+ at 60%: yes (77.9%)
    assert "口号里的 60% 在这里成立" in co.magic_title(t, "CDNOW")


def test_claim_verdict_rules_on_made_up_rates():
    t = pd.DataFrame({"人数": [100, 100, 100], "留存率": [0.20, 0.26, 0.59]})
    assert co.claim_verdicts(t)[VERDICT].tolist() == ["是", "否", "否"]  # +30% relative exactly; 59% < 60%
    t = pd.DataFrame({"人数": [100, 100, 29], "留存率": [0.20, 0.50, 0.90]})
    assert co.claim_verdicts(t)[VERDICT].tolist() == ["是", "是", "样本不足"]


def test_next_purchase_title_names_the_first_and_a_later_purchase():
    curve = pd.DataFrame({"第k次购买": [1, 2], "人数": [10, 5], "之后90天内再买": [5, 4], "比例": [0.5, 0.8]})
    assert next_purchase_title(curve, "甲") == "甲：第 1 次购买后 90 天内再买 50%，第 2 次后 80%（越往后越是“幸存者”）"


def test_next_purchase_curve_counts_every_purchase_day():
    t = co.next_purchase_curve(MAGIC, "c", "d", horizon_days=30, last_start="2024-12-31")
    first = t.set_index("第k次购买").loc[1]
    # first purchases by 2024-12-31: a b c d e f h (7); bought again within 30 days: c d e
    assert (first["人数"], first["之后30天内再买"]) == (7, 3)
