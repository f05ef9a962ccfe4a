"""rfm_summary equals lifetimes; RFM scoring keeps its tie policy; the segment maps are complete."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.analysis import rfm, rfm_segments
from helpers.errors import DataError

# --------------------------------------------------------------------------- references

def lifetimes_summary():
    """lifetimes' own function, imported the ordinary way.

    ``lifetimes.utils`` imports fine on pandas 2.2 and 3.x; only ``lifetimes.datasets`` is
    avoided (it needs ``pkg_resources``). The import sets the pandas option
    ``mode.chained_assignment`` (deprecated in pandas 3); we put it back afterwards.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        before = pd.get_option("mode.chained_assignment")
        from lifetimes.utils import summary_data_from_transaction_data

        pd.set_option("mode.chained_assignment", before)
    return summary_data_from_transaction_data


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    """The CDNOW master data (customer_id, date, quantity, amount), read by helpers.data.cases."""
    import helpers

    return helpers.load_cdnow()


def assert_same_as_lifetimes(ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    assert list(ours.columns) == ["frequency", "recency", "T", "monetary_value"]
    assert [str(i) for i in ours.index] == [str(i) for i in theirs.index]
    for col in ("frequency", "recency", "T"):
        np.testing.assert_array_equal(ours[col].to_numpy(), theirs[col].to_numpy(), err_msg=col)
    np.testing.assert_allclose(ours["monetary_value"].to_numpy(), theirs["monetary_value"].to_numpy(),
                               rtol=0, atol=1e-9)


# --------------------------------------------------------------------------- rfm_summary

@pytest.mark.parametrize(
    "kwargs",
    [{}, {"observation_end": "1997-09-30"}, {"freq": "W"}, {"freq": "W", "observation_end": "1998-01-15"}],
    ids=["default", "obs-end", "weeks", "weeks-obs-end"],
)
def test_equals_lifetimes_on_cdnow(cdnow, kwargs):
    theirs = lifetimes_summary()(
        cdnow, "customer_id", "date", monetary_value_col="amount",
        observation_period_end=kwargs.get("observation_end"), freq=kwargs.get("freq", "D"),
    )
    ours = rfm.rfm_summary(cdnow, "customer_id", "date", "amount", **kwargs)
    assert len(ours) > 10_000
    assert_same_as_lifetimes(ours, theirs)


def test_cdnow_has_many_one_time_buyers(cdnow):
    summary = rfm.rfm_summary(cdnow, "customer_id", "date", "amount")
    assert (summary["frequency"] == 0).mean() > 0.5
    assert (summary.loc[summary["frequency"] == 0, "monetary_value"] == 0).all()


transactions = st.lists(
    st.tuples(
        st.integers(0, 6),                                     # customer
        st.integers(0, 60 * 24 * 60 - 1),                      # minute within 60 days
        st.floats(0, 500, allow_nan=False).map(lambda x: round(x, 2)),
    ),
    min_size=1, max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(rows=transactions, freq=st.sampled_from(["D", "W", "h"]), cut=st.one_of(st.none(), st.integers(0, 59)),
       ids=st.sampled_from(["text", "int", "sparse-int"]))
def test_equals_lifetimes_on_random_logs(rows, freq, cut, ids):
    start = pd.Timestamp("2024-03-01")
    make_id = {"text": lambda c: f"C{c}", "int": lambda c: c, "sparse-int": lambda c: c * 10**12 - 7}[ids]
    frame = pd.DataFrame({
        "cid": [make_id(c) for c, _, _ in rows],
        "when": [start + pd.Timedelta(minutes=m) for _, m, _ in rows],
        "amt": [a for _, _, a in rows],
    })
    end = None if cut is None else start + pd.Timedelta(days=cut, hours=5)
    if end is not None and (frame["when"].dt.floor("D") > end).all():
        return  # lifetimes cannot summarise an empty log
    theirs = lifetimes_summary()(frame, "cid", "when", monetary_value_col="amt",
                                 observation_period_end=end, freq=freq)
    ours = rfm.rfm_summary(frame, "cid", "when", "amt", observation_end=end, freq=freq)
    assert_same_as_lifetimes(ours, theirs)


def test_definitions_by_hand():
    tx = pd.DataFrame({
        "c": ["A", "A", "A", "A", "B", "C", "C"],
        "d": ["2024-01-01", "2024-01-01 18:00", "2024-01-04", "2024-01-10", "2024-01-08",
              "2024-01-02", "2024-02-20"],
        "a": [10.0, 5.0, 20.0, 40.0, 99.0, 7.0, 1000.0],
    })
    out = rfm.rfm_summary(tx, "c", "d", "a", observation_end="2024-01-31")
    # A: three purchase days (the first day's two rows are one purchase), repeat amounts 20, 40.
    assert out.loc["A"].tolist() == [2.0, 9.0, 30.0, 30.0]
    # B bought once: frequency 0, recency 0, monetary 0.
    assert out.loc["B"].tolist() == [0.0, 0.0, 23.0, 0.0]
    # C's February purchase is after the observation end and is ignored.
    assert out.loc["C"].tolist() == [0.0, 0.0, 29.0, 0.0]


def test_rfm_table_agrees_with_summary(cdnow):
    summary = rfm.rfm_summary(cdnow, "customer_id", "date", "amount")
    table = rfm.rfm_table(cdnow, "customer_id", "date", "amount")
    assert table.index.equals(summary.index)
    np.testing.assert_array_equal(table["purchases"], summary["frequency"] + 1)
    np.testing.assert_array_equal(table["recency_days"], summary["T"] - summary["recency"])
    totals = cdnow.groupby("customer_id")["amount"].sum()
    np.testing.assert_allclose(table["monetary"], totals.loc[table.index], atol=1e-9)
    assert (table["last_purchase"] >= table["first_purchase"]).all()
    assert table["last_purchase"].max() == pd.Timestamp("1998-06-30")


def test_dates_can_be_text_and_ids_numbers():
    tx = pd.DataFrame({"id": [3, 1, 3], "date": ["2024/01/05", "2024-01-02", "2024-01-09"],
                       "amount": ["12.5", 3, 4]})
    out = rfm.rfm_summary(tx, "id", "date", "amount")
    assert list(out.index) == [1, 3]
    assert out.loc[3].tolist() == [1.0, 4.0, 4.0, 4.0]


@pytest.mark.parametrize(
    ("frame", "column", "row", "words"),
    [
        (pd.DataFrame({"customer_id": [1], "date": ["2024-01-01"]}), "amount", None, "缺少列"),
        (pd.DataFrame({"customer_id": [1, 2], "date": ["2024-01-01", "明天"], "amount": [1, 2]}),
         "date", 2, "无法识别的日期"),
        (pd.DataFrame({"customer_id": [1, 2], "date": ["2024-01-01", None], "amount": [1, 2]}),
         "date", 2, "日期为空"),
        (pd.DataFrame({"customer_id": [1, 2], "date": ["2024-01-01"] * 2, "amount": [1, -5]}),
         "amount", 2, "负数"),
        (pd.DataFrame({"customer_id": [1, 2], "date": ["2024-01-01"] * 2, "amount": [1, "1,200元"]}),
         "amount", 2, "不是数字"),
        (pd.DataFrame({"customer_id": [1, None], "date": ["2024-01-01"] * 2, "amount": [1, 2]}),
         "customer_id", 2, "客户编号为空"),
    ],
    ids=["missing-column", "bad-date", "missing-date", "negative", "text-amount", "missing-id"],
)
def test_bad_input_gives_a_friendly_error(frame, column, row, words):
    with pytest.raises(DataError) as info:
        rfm.rfm_summary(frame)
    err = info.value
    assert words in str(err)
    assert err.column == column
    assert err.row == row
    assert "[EN]" in str(err) and err.fix_zh


def test_bad_freq_and_observation_end():
    tx = pd.DataFrame({"customer_id": [1], "date": ["2024-01-01"], "amount": [1]})
    with pytest.raises(DataError, match="freq"):
        rfm.rfm_summary(tx, freq="M")
    with pytest.raises(DataError, match="观察截止日期"):
        rfm.rfm_summary(tx, observation_end="不知道")


# --------------------------------------------------------------------------- scoring

@settings(max_examples=80, deadline=None)
@given(values=st.lists(st.integers(0, 30), min_size=1, max_size=200), n=st.integers(2, 7),
       better=st.booleans())
def test_scores_ties_share_the_lowest_score(values, n, better):
    x = np.array(values, dtype=float)
    s = rfm.score_values(x, n, higher_is_better=better)
    assert s.min() >= 1 and s.max() <= n
    order = x if better else -x
    # equal values -> equal scores; better values -> never a lower score
    for v in np.unique(x):
        assert len(set(s[x == v])) == 1
    pairs = np.argsort(order, kind="stable")
    assert np.all(np.diff(s[pairs]) >= 0)
    # the tied group gets the score of its lowest position
    worse = np.array([(order < o).sum() for o in order])
    np.testing.assert_array_equal(s, 1 + (worse * n) // len(x))


@settings(max_examples=40, deadline=None)
@given(n_items=st.integers(5, 300), n=st.integers(2, 6))
def test_distinct_values_fill_the_scores_evenly(n_items, n):
    s = rfm.score_values(np.random.default_rng(n_items).permutation(n_items), n)
    counts = np.bincount(s, minlength=n + 1)[1:]
    assert counts.sum() == n_items
    assert counts.max() - counts.min() <= 1


def test_fixed_edges_for_frequency_and_recency():
    f = rfm.score_values([1, 2, 3, 4, 5, 9, 10, 40], edges=(2, 3, 5, 10))
    assert f.tolist() == [1, 2, 3, 3, 4, 4, 5, 5]
    r = rfm.score_values([0, 30, 31, 90, 91, 365, 366], higher_is_better=False, edges=(30, 90, 180, 365))
    assert r.tolist() == [5, 5, 4, 4, 3, 2, 1]
    with pytest.raises(ValueError):
        rfm.score_values([1, 2], edges=(3, 2, 4, 5))


def test_plain_quantiles_fail_on_cdnow_but_our_scores_work(cdnow):
    table = rfm.rfm_table(cdnow, "customer_id", "date", "amount")
    with pytest.raises(ValueError):  # duplicate bin edges: more than 40% share one value
        pd.qcut(table["purchases"], 5, labels=False)
    scored = rfm.rfm_scores(table)
    one_timers = table["purchases"] == 1
    assert one_timers.mean() > 0.5
    assert (scored.loc[one_timers, "F"] == 1).all()
    assert (scored.loc[~one_timers, "F"] > 1).all()
    # R: a recent purchase is good -- the most recent customers have R = 5
    assert (scored.loc[table["recency_days"] == 0, "R"] == 5).all()
    assert scored["R"].corr(table["recency_days"], method="spearman") < -0.95
    assert set(scored["RFM"].str.len()) == {3}


def test_rfm_scores_with_edges_and_bad_keys():
    t = pd.DataFrame({"recency_days": [10, 200], "purchases": [1, 12], "monetary": [5.0, 50.0]})
    out = rfm.rfm_scores(t, edges={"F": (2, 3, 5, 10), "R": (30, 90, 180, 365)})
    assert out["F"].tolist() == [1, 5] and out["R"].tolist() == [5, 2]
    with pytest.raises(ValueError):
        rfm.rfm_scores(t, edges={"X": (1, 2, 3, 4)})


# --------------------------------------------------------------------------- segment maps

def test_rfm8_table_covers_every_combination_once():
    table = rfm_segments.rfm8_table()
    assert len(table) == 8
    assert len(table[["R", "F", "M"]].drop_duplicates()) == 8
    assert table["客户类型"].tolist() == list(rfm_segments.RFM8_ORDER)
    assert table.loc[table["客户类型"] == "重要挽留客户", ["R", "F", "M"]].iloc[0].tolist() == ["低", "低", "高"]


def test_rfm8_direction_of_recency(cdnow):
    scored = rfm.rfm_scores(rfm.rfm_table(cdnow, "customer_id", "date", "amount"))
    seg = rfm_segments.rfm8_segments(scored)
    assert seg.notna().all()
    days = scored.groupby(seg.astype(str))["recency_days"].median()
    # "重要价值" (R high) bought far more recently than "重要保持" (R low).
    assert days["重要价值客户"] < days["重要保持客户"]
    assert days["一般发展客户"] < days["一般挽留客户"]
    spend = scored.groupby(seg.astype(str))["monetary"].median()
    assert spend["重要挽留客户"] > spend["一般挽留客户"]


def test_rfm8_cut_per_letter():
    s = pd.DataFrame({"R": [3, 4], "F": [1, 5], "M": [5, 5]})
    # F and M use the course's default (score >= 4); R is cut at 3 here
    assert rfm_segments.rfm8_segments(s, cut={"R": 3}).tolist() == ["重要发展客户", "重要价值客户"]
    assert rfm_segments.rfm8_segments(s, cut=4).tolist() == ["重要挽留客户", "重要价值客户"]
    assert rfm_segments.rfm8_segments(s, cut={"M": 6}).tolist() == ["一般挽留客户", "一般价值客户"]


def test_rfm8_default_cut_does_not_flip_on_a_rounding():
    """A score of 3 is 低 whatever the other customers' scores: the cut is a fixed score (>= 4), not the mean."""
    threes = pd.DataFrame({"R": [3] * 6, "F": [3] * 6, "M": [3] * 6})
    low_mean = pd.concat([threes, pd.DataFrame({"R": [1, 2], "F": [1, 2], "M": [1, 2]})], ignore_index=True)
    high_mean = pd.concat([threes, pd.DataFrame({"R": [5, 4], "F": [5, 4], "M": [5, 4]})], ignore_index=True)
    for frame in (low_mean, high_mean):   # mean 2.6 and 3.4: the 3s stay 一般挽留客户 in both
        assert (rfm_segments.rfm8_segments(frame).iloc[:6] == "一般挽留客户").all()
    assert rfm_segments.high_low([3.0, 4.0]).tolist() == [False, True]
    assert rfm_segments.high_low([3.999, 4.0], cut=4).tolist() == [False, True]
    with pytest.raises(ValueError):
        rfm_segments.high_low([1, 2], cut="mean")


def test_named_segments_cover_the_grid_exactly_once():
    grid = rfm_segments._named_grid()
    assert (grid >= 0).all()
    assert sorted(set(grid.ravel())) == list(range(len(rfm_segments.NAMED_SEGMENTS)))
    r, f = np.meshgrid(np.arange(1, 6), np.arange(1, 6), indexing="ij")
    seg = rfm_segments.named_segments(pd.DataFrame({"R": r.ravel(), "F": f.ravel()}))
    assert seg.value_counts().sum() == 25
    assert seg[(r.ravel() == 5) & (f.ravel() == 5)].iloc[0] == "冠军客户"
    assert seg[(r.ravel() == 1) & (f.ravel() == 5)].iloc[0] == "不能失去"
    with pytest.raises(ValueError):
        rfm_segments.named_segments(pd.DataFrame({"R": [6], "F": [1]}))


def test_named_segments_on_cdnow(cdnow):
    scored = rfm.rfm_scores(rfm.rfm_table(cdnow, "customer_id", "date", "amount"))
    seg = rfm_segments.named_segments(scored)
    one_timers = scored["purchases"] == 1
    # one-time buyers are never Champions or Loyal: F = 1
    assert not seg[one_timers].isin(["冠军客户", "忠诚客户"]).any()
    assert set(seg[one_timers & (scored["R"] == 5)]) <= {"新客户"}
    table = rfm_segments.named_segment_table()
    assert len(table) == len(rfm_segments.NAMED_SEGMENTS) and table["客户分群"].is_unique


def test_churned_customers_get_the_lowest_recency_score():
    """Review L2 must 8: ranks called members silent for 460 days 即将沉睡 and 忠诚客户."""
    from helpers.analysis import rfm_segments

    t = pd.DataFrame({"recency_days": [470, 480, 500, 520, 540, 20, 400],
                      "purchases": [6, 1, 1, 1, 1, 6, 1], "monetary": [900.0, 50, 40, 30, 25, 800, 20]})
    plain = rfm.rfm_scores(t)
    assert plain.loc[0, "R"] == 3          # 4 of 7 are longer gone: 1 + floor(5 * 4 / 7) -- "recent" by rank alone
    capped = rfm.rfm_scores(t, churn_days=180)
    assert capped.loc[[0, 1, 2, 3, 4, 6], "R"].tolist() == [1] * 6 and capped.loc[5, "R"] == plain.loc[5, "R"]
    assert capped.attrs["churned"] == 6
    named = rfm_segments.named_segments(capped)
    assert set(named[t["recency_days"] > 180]) <= {"流失风险", "不能失去", "休眠客户"}
    assert rfm_segments.rfm8_segments(capped)[0] != "重要价值客户"


def test_case_members_silent_over_180_days_are_never_loyal():
    import helpers
    from helpers.analysis import rfm_segments

    scored = rfm.rfm_scores(rfm.rfm_table(helpers.load_case("member_orders"), "member_id", "order_date", "amount"),
                            churn_days=180)
    named = rfm_segments.named_segments(scored)
    silent = scored["recency_days"] > 180
    assert silent.sum() == scored.attrs["churned"] > 0
    assert not named[silent].isin(["冠军客户", "忠诚客户", "即将沉睡", "需要关注", "潜在忠诚客户"]).any()
