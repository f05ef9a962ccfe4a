"""The B2C case tables of lecture 5 (山禾生活会员店): keys, ranges and the rules that tie the tables together.

The lecture's analysis patterns (lifecycle, funnel, retention, A/B results) are tested with the lecture's own
helper functions elsewhere; here are the constraints the generator promises (L05_design.md §5.1-5.5).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import helpers
from helpers.data import cases, schema

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
B2C_TABLES = ("members", "member_orders", "member_activity", "touchpoints", "member_events", "member_survey",
              "ab_test", "member_targets")


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    return {name: cases.load_case(name) for name in B2C_TABLES}


@pytest.fixture(scope="module")
def days(t) -> pd.DataFrame:
    """Purchase days (member, date), one row each."""
    return t["member_orders"][["member_id", "order_date"]].drop_duplicates()


@pytest.fixture(scope="module")
def generate():
    spec = importlib.util.spec_from_file_location("case_data_generate_b2c", DATA / "generate.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------
# the datetime column type
# ---------------------------------------------------------------------------------------


def test_datetime_is_a_schema_type_written_and_read_to_the_second(generate, tmp_path):
    assert "datetime" in schema.TYPES
    assert schema.SCHEMA["member_events"].column("event_time").type == "datetime"
    assert generate._fmt(dt.datetime(2025, 3, 4, 5, 6, 7), "datetime", 2) == "2025-03-04 05:06:07"
    assert generate._fmt(None, "datetime", 2) == ""
    path = tmp_path / "member_events.csv"
    path.write_bytes(("event_id,member_id,event_time,event,platform,order_id\n"
                      "EV000001,M00001,2025-01-02 09:00:05,注册,线上,\n"
                      "EV000002,M00001,2025-01-02 23:59:59,下单,门店,MO000001\n").encode("utf-8-sig"))
    frame = cases.read_case_file(path, "member_events")
    assert frame["event_time"].dtype.kind == "M"
    assert frame["event_time"].tolist() == [pd.Timestamp("2025-01-02 09:00:05"), pd.Timestamp("2025-01-02 23:59:59")]
    assert frame["order_id"].isna().tolist() == [True, False]


def test_load_case_gives_datetime64_for_event_time(t):
    assert str(t["member_events"]["event_time"].dtype).startswith("datetime64")
    assert (t["member_events"]["event_time"].dt.second != 0).any()  # seconds are kept


def test_b2c_tables_are_documented_in_chinese():
    for name in ("member_events", "member_survey", "ab_test", "member_targets"):
        table = schema.SCHEMA[name]
        assert table.company == schema.B2C and table.zh and table.description
        for col in table.columns:
            assert col.zh and col.meaning, (name, col.name)
    assert {"member_events", "member_survey", "ab_test", "member_targets"} <= set(helpers.list_cases()["name"])


def test_b2c_generator_reproduces_the_committed_files(generate):
    sys.path.insert(0, str(DATA))
    try:
        import gen_b2c
        tables = gen_b2c.build_b2c()
    finally:
        sys.path.remove(str(DATA))
    assert set(tables) == set(B2C_TABLES)
    for name, rows in tables.items():
        assert generate.table_bytes(schema.SCHEMA[name], rows) == (DATA / f"{name}.csv").read_bytes(), name


# ---------------------------------------------------------------------------------------
# keys
# ---------------------------------------------------------------------------------------

KEYS = {"member_events": "event_id", "member_survey": "survey_id", "ab_test": "member_id", "member_targets": "month"}
FOREIGN = [("member_events", "member_id", "members", "member_id"),
           ("member_events", "order_id", "member_orders", "order_id"),
           ("member_survey", "member_id", "members", "member_id"),
           ("ab_test", "member_id", "members", "member_id")]


@pytest.mark.parametrize("name", list(KEYS))
def test_primary_keys_are_unique_and_present(name, t):
    assert t[name][KEYS[name]].notna().all() and t[name][KEYS[name]].is_unique


@pytest.mark.parametrize("child, col, parent, key", FOREIGN)
def test_foreign_keys_exist(child, col, parent, key, t):
    assert set(t[child][col].dropna()) <= set(t[parent][key])


def test_survey_has_one_row_per_member(t):
    assert t["member_survey"]["member_id"].is_unique


# ---------------------------------------------------------------------------------------
# member behaviour
# ---------------------------------------------------------------------------------------


def test_app_visits_cover_every_day_with_an_online_order(t):
    o = t["member_orders"]
    online = o[o["channel"] == "线上"]
    need = online.groupby([online["member_id"], online["order_date"].dt.strftime("%Y-%m")])["order_date"].nunique()
    act = t["member_activity"].set_index(["member_id", "month"])["app_visits"]
    have = act.reindex(need.index, fill_value=0)
    assert (have >= need).all(), need[have < need].head()


def test_one_order_per_member_and_day(t):
    assert not t["member_orders"].duplicated(["member_id", "order_date"]).any()


def test_monthly_first_buyer_cohorts_have_at_least_80_members(days):
    first = days.groupby("member_id")["order_date"].min().dt.to_period("M")
    sizes = first.value_counts()
    window = sizes[(sizes.index >= pd.Period("2024-01", "M")) & (sizes.index <= pd.Period("2025-11", "M"))]
    assert len(window) == 23 and window.min() >= 80


# ---------------------------------------------------------------------------------------
# member_events
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ev(t) -> pd.DataFrame:
    e = t["member_events"].merge(t["members"][["member_id", "join_date", "join_channel"]], on="member_id")
    e["day"] = (e["event_time"].dt.normalize() - e["join_date"]).dt.days
    return e


def test_events_cover_the_2025_joiners_days_0_to_59(t, ev):
    m = t["members"]
    joiners = set(m.loc[m["join_date"].between("2025-01-01", "2025-10-31"), "member_id"])
    assert set(ev["member_id"]) == joiners
    assert ev["day"].between(0, 59).all()
    assert 10_000 <= len(ev) <= 30_000
    assert set(ev["event"].astype(str)) == {"注册", "浏览", "加购", "下单"}


def test_exactly_one_registration_per_member_on_the_join_date(ev):
    reg = ev[ev["event"] == "注册"]
    assert reg["member_id"].is_unique and reg["member_id"].nunique() == ev["member_id"].nunique()
    assert (reg["day"] == 0).all()
    seconds = reg["event_time"].dt.hour * 3600 + reg["event_time"].dt.minute * 60 + reg["event_time"].dt.second
    assert seconds.between(8 * 3600, 23 * 3600 - 1).all()
    first = ev.groupby("member_id")["event_time"].min()
    assert (reg.set_index("member_id")["event_time"] == first.reindex(reg["member_id"]).to_numpy()).all()


def test_event_ids_follow_time(t):
    e = t["member_events"]
    assert (e["event_id"] == [f"EV{k + 1:06d}" for k in range(len(e))]).all()
    assert e["event_time"].is_monotonic_increasing


def test_order_events_match_member_orders_one_to_one(t, ev):
    o = t["member_orders"].merge(t["members"][["member_id", "join_date"]], on="member_id")
    age = (o["order_date"] - o["join_date"]).dt.days
    window = o[o["join_date"].between("2025-01-01", "2025-10-31") & age.between(0, 59)]
    orders = ev[ev["event"] == "下单"]
    assert orders["order_id"].notna().all() and orders["order_id"].is_unique
    assert ev.loc[ev["event"] != "下单", "order_id"].isna().all()
    assert set(orders["order_id"]) == set(window["order_id"])
    both = orders.merge(window, on="order_id", suffixes=("", "_o"))
    assert (both["event_time"].dt.normalize() == both["order_date"]).all()
    assert (both["member_id"] == both["member_id_o"]).all()
    assert (both["platform"].astype(str) == both["channel"].astype(str)).all()


def test_platforms_follow_the_rules(ev):
    reg = ev[ev["event"] == "注册"]
    assert ((reg["platform"] == "门店") == (reg["join_channel"] == "门店")).all()
    assert (ev.loc[ev["event"].isin(["浏览", "加购"]), "platform"] == "线上").all()


def test_browsing_never_exceeds_the_app_visits_of_the_month(t, ev):
    browse = ev[ev["event"] == "浏览"]
    n = browse.groupby([browse["member_id"], browse["event_time"].dt.strftime("%Y-%m")]).size()
    visits = t["member_activity"].set_index(["member_id", "month"])["app_visits"].reindex(n.index, fill_value=0)
    assert (n <= visits).all()


def test_most_online_orders_have_a_cart_event_just_before_and_a_few_just_after(ev):
    online = ev[(ev["event"] == "下单") & (ev["platform"] == "线上")][["member_id", "event_time"]]
    carts = ev[ev["event"] == "加购"][["member_id", "event_time"]]
    pairs = online.reset_index().merge(carts, on="member_id", suffixes=("", "_cart"))
    lag = pairs["event_time"] - pairs["event_time_cart"]
    before = pairs[(lag >= pd.Timedelta(0)) & (lag <= pd.Timedelta(minutes=60))]["index"].nunique()
    after = pairs[(lag < pd.Timedelta(0)) & (lag >= pd.Timedelta(minutes=-3))]["index"].nunique()
    assert 0.80 <= before / len(online) <= 0.90
    assert 0.005 <= after / len(online) <= 0.02


def test_store_joiners_mostly_buy_without_a_cart(ev):
    store = ev[ev["join_channel"] == "门店"]
    buyers = store.loc[store["event"] == "下单", "member_id"].unique()
    carted = set(store.loc[store["event"] == "加购", "member_id"])
    assert np.mean([b not in carted for b in buyers]) >= 0.5


# ---------------------------------------------------------------------------------------
# member_survey
# ---------------------------------------------------------------------------------------


def test_survey_invites_every_buyer_of_january_to_october_2025(t, days):
    buyers = set(days.loc[days["order_date"].between("2025-01-01", "2025-10-31"), "member_id"])
    assert set(t["member_survey"]["member_id"]) == buyers


def test_survey_answers_are_in_range_and_empty_without_a_response(t):
    s = t["member_survey"]
    assert s["survey_date"].between("2025-11-03", "2025-11-28").all()
    assert set(s["responded"]) == {0, 1}
    answered = s["responded"] == 1
    for col, lo, hi in (("overall_satisfaction", 1, 10), ("recommend", 0, 10)):
        assert (s[col].isna() == ~answered).all(), col
        assert s.loc[answered, col].between(lo, hi).all(), col
    assert (s["survey_id"] == [f"MS{k + 1:04d}" for k in range(len(s))]).all()


def test_survey_response_is_about_55_percent_and_higher_for_silver_and_gold(t):
    s = t["member_survey"].merge(t["members"][["member_id", "member_tier"]], on="member_id")
    assert 0.50 <= s["responded"].mean() <= 0.62
    card = s["member_tier"].isin(["银卡", "金卡"])
    assert s.loc[card, "responded"].mean() > s.loc[~card, "responded"].mean()


# ---------------------------------------------------------------------------------------
# ab_test
# ---------------------------------------------------------------------------------------


def test_experiment_population_is_every_first_buyer_of_january_to_june_2025(t, days):
    first = days.groupby("member_id")["order_date"].min()
    ab = t["ab_test"].set_index("member_id")
    assert set(ab.index) == set(first[first.between("2025-01-01", "2025-06-30")].index)
    assert (ab["assigned_date"] == first.reindex(ab.index)).all()


def test_experiment_groups_and_coupons(t):
    ab = t["ab_test"]
    assert list(ab["group"].cat.categories) == ["对照组", "实验组"]
    assert ((ab["coupon_yuan"] == 0) == (ab["group"] == "对照组")).all()
    assert set(ab.loc[ab["group"] == "实验组", "coupon_yuan"]) == {20}
    n = ab["group"].value_counts()
    assert n.min() >= 450
    chi2 = (n["对照组"] - n["实验组"]) ** 2 / n.sum()
    assert math.erfc(math.sqrt(chi2 / 2)) >= 0.05  # no sample-ratio mismatch


def test_every_experiment_window_ends_inside_the_data(t):
    last = t["ab_test"]["assigned_date"].max() + pd.Timedelta(days=180)
    assert last <= t["member_orders"]["order_date"].max() <= pd.Timestamp("2025-12-31")


# ---------------------------------------------------------------------------------------
# member_targets
# ---------------------------------------------------------------------------------------


def test_targets_cover_2025_and_tell_the_story_of_joins_on_target_and_sales_behind(t):
    tg = t["member_targets"].set_index("month")
    assert tg.index.tolist() == [f"2025-{m:02d}" for m in range(1, 13)]
    assert (tg["new_members_target"] > 0).all() and (tg["sales_target_wan"] > 0).all()
    m, o = t["members"], t["member_orders"]
    joins = m[m["join_date"].dt.year == 2025].groupby(m["join_date"].dt.strftime("%Y-%m")).size()
    o25 = o[o["order_date"].dt.year == 2025]
    sales = o25.groupby(o25["order_date"].dt.strftime("%Y-%m"))["amount"].sum() / 1e4
    hit_new = joins.reindex(tg.index) >= tg["new_members_target"]
    hit_sales = sales.reindex(tg.index) >= tg["sales_target_wan"]
    assert hit_new.sum() >= 9
    assert hit_sales.sum() <= 5 and (~hit_sales.iloc[6:]).sum() >= 4
