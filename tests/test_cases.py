"""The case data: reproducible files, documented columns and types, realistic shapes, loaders."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import helpers
from helpers.data import cases, schema
from helpers.errors import DataError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def _load_generator():
    spec = importlib.util.spec_from_file_location("case_data_generate", DATA / "generate.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator():
    return _load_generator()


@pytest.fixture(scope="module")
def fresh_files(generator) -> dict[str, bytes]:
    return generator.build_all()


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    """Every case table, loaded once."""
    return {name: cases.load_case(name) for name in schema.SCHEMA}


# ---------------------------------------------------------------------------------------
# files
# ---------------------------------------------------------------------------------------


def test_regenerating_reproduces_the_committed_files_byte_for_byte(fresh_files):
    committed = {p.name for p in DATA.iterdir() if p.suffix in (".csv", ".md")}
    assert committed == set(fresh_files)
    differ = [name for name, data in fresh_files.items() if (DATA / name).read_bytes() != data]
    assert differ == []


def test_check_mode_names_the_files_that_differ(generator, tmp_path, capsys):
    for name in ("orders.csv", "survey.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    (tmp_path / "survey.csv").write_bytes((DATA / "survey.csv").read_bytes().replace(b"R0001", b"R9999"))
    assert generator.main(["--check", "--out", str(tmp_path)]) == 1
    named = capsys.readouterr().out.strip().split(": ", 1)[1].split(", ")
    assert "survey.csv" in named and "members.csv" in named  # changed, and missing
    assert "orders.csv" not in named  # identical


def test_readme_is_rendered_from_the_schema():
    text = (DATA / "README.md").read_text(encoding="utf-8")
    assert text == cases.render_readme()
    assert "虚构" in text and "CDNOW" in text and "--check" in text
    for table in schema.SCHEMA.values():
        assert f"### {table.zh}（{table.name}" in text
        for col in table.columns:
            assert f"| {col.name} | {col.zh} |" in text


def test_csv_files_are_utf8_with_bom_and_unix_line_ends():
    for name in schema.SCHEMA:
        data = (DATA / f"{name}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), name
        assert b"\r" not in data, name
        data.decode("utf-8-sig")


def test_total_size_stays_small():
    total = sum((DATA / f"{name}.csv").stat().st_size for name in schema.SCHEMA)
    assert total < 4_000_000


# ---------------------------------------------------------------------------------------
# schema and loaders
# ---------------------------------------------------------------------------------------


def test_schema_is_well_formed():
    for table in schema.SCHEMA.values():
        names = [c.name for c in table.columns]
        zh = [c.zh for c in table.columns]
        assert len(set(names)) == len(names) and len(set(zh)) == len(zh), table.name
        assert "虚构" in table.company
        for col in table.columns:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", col.name), col.name
            assert col.type in schema.TYPES
            assert bool(col.categories) == (col.type == "category"), col.name
            assert not col.nullable or col.type == "int"


@pytest.mark.parametrize("name", list(schema.SCHEMA))
def test_every_table_loads_with_documented_columns_and_dtypes(name, t):
    frame = t[name]
    table = schema.SCHEMA[name]
    assert list(frame.columns) == [c.name for c in table.columns]
    assert len(frame) > 0
    raw = pd.read_csv(DATA / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    for col in table.columns:
        s = frame[col.name]
        blank = (raw[col.name] == "").to_numpy()
        assert (s.isna().to_numpy() == blank).all(), f"{name}.{col.name}: missing values changed on load"
        if col.type == "date":
            assert s.dtype.kind == "M", col.name
        elif col.type == "int":
            if col.nullable:
                assert isinstance(s.dtype, pd.Int64Dtype), col.name
            else:
                assert s.dtype.kind == "i", col.name
        elif col.type == "float":
            assert s.dtype.kind == "f", col.name
        elif col.type == "category":
            assert isinstance(s.dtype, pd.CategoricalDtype), col.name
            assert list(s.cat.categories) == list(col.categories), col.name
            assert s.cat.ordered == col.ordered, col.name
        else:
            assert pd.api.types.is_string_dtype(s) or pd.api.types.is_object_dtype(s), col.name


def test_ordered_categories_compare_in_order(t):
    p = t["pipeline"]
    assert (p["stage"] >= "签约").sum() == (p["status"] == "赢单").sum()
    assert t["products"]["lifecycle_stage"].max() == "衰退期"
    assert t["members"]["member_tier"].cat.categories[-1] == "金卡"


def test_chinese_column_names_and_labels():
    zh = cases.load_case("orders", chinese=True)
    labels = helpers.column_labels("orders")
    assert list(zh.columns) == list(labels.values())
    assert labels["order_date"] == "下单日期"
    assert list(labels) == [c.name for c in schema.SCHEMA["orders"].columns]


def test_list_cases_counts_rows_and_says_fictional():
    listing = helpers.list_cases()
    assert list(listing["name"]) == list(schema.SCHEMA)
    assert {"name", "中文名", "说明", "行数", "列数"} <= set(listing.columns)
    for _, row in listing.iterrows():
        assert row["行数"] == len(cases.load_case(row["name"]))
        assert row["列数"] == len(schema.SCHEMA[row["name"]].columns)
        assert "虚构" in row["说明"]


@pytest.mark.parametrize("wrong, suggestion", [("order", "orders"), ("Customer", "customers"),
                                                ("订单", "orders")])
def test_unknown_table_name_raises_data_error_with_suggestion(wrong, suggestion):
    with pytest.raises(DataError) as info:
        helpers.load_case(wrong)
    message = str(info.value)
    assert f"“{suggestion}”" in message and f"'{suggestion}'" in message
    assert "member_orders" in message and "没有名为" in message and "[EN]" in message


def test_table_names_are_forgiving():
    expected = cases.load_case("orders")
    for alias in (" Orders ", "订单明细"):
        pd.testing.assert_frame_equal(cases.load_case(alias), expected)


def test_unknown_name_without_close_match_lists_all_tables():
    with pytest.raises(DataError) as info:
        cases.column_labels("zzzz")
    assert "您是不是想找" not in str(info.value)
    assert all(name in str(info.value) for name in schema.SCHEMA)


def test_missing_file_is_explained(tmp_path):
    with pytest.raises(DataError, match="generate.py"):
        cases.read_case_file(tmp_path / "orders.csv", "orders")


# ---------------------------------------------------------------------------------------
# keys and consistency between tables
# ---------------------------------------------------------------------------------------

PRIMARY_KEYS = {
    "customers": "customer_id", "orders": "order_id", "products": "product_id", "competitors": "company_code",
    "survey": "response_id", "interviews": "interview_id", "contacts": "contact_id",
    "pipeline": "opportunity_id", "sales_reps": "rep_id", "members": "member_id",
    "member_orders": "order_id", "touchpoints": "touch_id",
}
FOREIGN_KEYS = [
    ("customers", "sales_rep_id", "sales_reps", "rep_id"), ("orders", "customer_id", "customers", "customer_id"),
    ("orders", "product_id", "products", "product_id"), ("survey", "customer_id", "customers", "customer_id"),
    ("interviews", "customer_id", "customers", "customer_id"),
    ("contacts", "customer_id", "customers", "customer_id"), ("contacts", "owner_rep_id", "sales_reps", "rep_id"),
    ("pipeline", "customer_id", "customers", "customer_id"), ("member_orders", "member_id", "members", "member_id"),
    ("member_activity", "member_id", "members", "member_id"), ("touchpoints", "member_id", "members", "member_id"),
]


@pytest.mark.parametrize("name", list(PRIMARY_KEYS))
def test_primary_keys_are_unique(name, t):
    assert t[name][PRIMARY_KEYS[name]].is_unique
    assert t[name][PRIMARY_KEYS[name]].notna().all()


@pytest.mark.parametrize("child, col, parent, key", FOREIGN_KEYS)
def test_foreign_keys_exist(child, col, parent, key, t):
    assert set(t[child][col].dropna()) <= set(t[parent][key])


def test_dates_are_in_the_documented_windows(t):
    o, mo = t["orders"]["order_date"], t["member_orders"]["order_date"]
    assert o.min() >= pd.Timestamp("2023-01-01") and o.max() <= pd.Timestamp("2025-12-31")
    assert mo.min() >= pd.Timestamp("2024-01-01") and mo.max() <= pd.Timestamp("2025-12-31")
    assert t["members"]["join_date"].between("2024-01-01", "2025-12-31").all()
    assert (t["member_activity"]["month"].str.fullmatch(r"202[45]-(0[1-9]|1[0-2])")).all()


def test_order_lines_are_internally_consistent(t):
    o = t["orders"].merge(t["products"], on="product_id", suffixes=("", "_p"))
    assert (o["product_line"].astype(str) == o["product_line_p"].astype(str)).all()
    assert (o["quantity"] >= 1).all() and (o["amount"] > 0).all()
    cost = o["amount"] - o["gross_profit"]
    assert np.allclose(cost, o["quantity"] * o["unit_cost"], atol=0.01)
    assert (o["amount"] <= o["quantity"] * o["list_price"] + 0.01).all()
    launched = o["order_date"].dt.year >= o["launch_year"]
    assert launched.all()


def test_every_customer_ordered_and_new_customers_start_on_first_order_date(t):
    c, o = t["customers"], t["orders"]
    first = o.groupby("customer_id")["order_date"].min()
    assert set(first.index) == set(c["customer_id"])
    new = c[c["first_order_date"] >= "2023-01-01"].set_index("customer_id")["first_order_date"]
    assert (first.loc[new.index] == new).all()
    old = c[c["first_order_date"] < "2023-01-01"]
    assert len(old) > len(c) / 3


def test_regions_and_reps_agree_with_orders(t):
    o = t["orders"].merge(t["customers"][["customer_id", "region", "sales_rep_id"]], on="customer_id")
    o["year"] = o["order_date"].dt.year
    by = o.groupby([o["region"].astype(str), "year"])
    r = t["regions"].assign(region=t["regions"]["region"].astype(str)).set_index(["region", "year"])
    assert np.allclose(r["our_sales_wan"], (by["amount"].sum() / 1e4).round(1).loc[r.index], atol=0.051)
    assert (r["our_customers"] == by["customer_id"].nunique().loc[r.index]).all()
    margin = (by["gross_profit"].sum() / by["amount"].sum()).loc[r.index]
    assert np.allclose(r["gross_margin_rate"], margin, atol=0.0006)
    assert (r["our_sales_wan"] < r["market_size_wan"]).all() and (r["our_customers"] < r["target_customers"]).all()
    reps = t["sales_reps"].set_index("rep_id")
    sales25 = o[o["year"] == 2025].groupby("sales_rep_id")["amount"].sum().div(1e4).reindex(reps.index, fill_value=0)
    assert np.allclose(reps["sales_2025_wan"], sales25, atol=0.051)
    assert len(t["regions"]) == len(schema.REGIONS) * 3


# ---------------------------------------------------------------------------------------
# realistic shapes (B2B)
# ---------------------------------------------------------------------------------------


def test_customer_value_is_skewed_but_not_exactly_80_20(t):
    revenue = t["orders"].groupby("customer_id")["amount"].sum().sort_values(ascending=False)
    top = revenue.iloc[: round(len(revenue) * 0.2)].sum() / revenue.sum()
    assert 0.6 < top < 0.9
    assert abs(top - 0.8) > 0.02


def test_many_customers_order_rarely_and_some_only_once(t):
    n = t["orders"].groupby("customer_id").size()
    assert (n <= 5).mean() > 0.5
    assert (n == 1).sum() > 50
    assert n.max() > 50


def test_spring_festival_dip_and_year_end_push(t):
    o = t["orders"]
    monthly = o.groupby([o["order_date"].dt.year, o["order_date"].dt.month])["amount"].sum().unstack()
    for year, row in monthly.iterrows():
        mean = row.mean()
        assert row[1] < mean and row[2] < mean, year
        assert row[12] > mean, year
        assert row[10:13].sum() > row[1:4].sum(), year


def test_growth_differs_between_regions(t):
    r = t["regions"].pivot(index="region", columns="year", values="our_sales_wan")
    growth = r[2025] / r[2023] - 1
    assert growth.max() - growth.min() > 0.3
    assert growth.min() < growth.mean() < growth.max()


def test_some_customers_churned_and_new_ones_arrive_each_year(t):
    o = t["orders"]
    years = o.groupby("customer_id")["order_date"].agg(lambda s: set(s.dt.year))
    churned = sum(1 for y in years if 2023 in y and 2025 not in y)
    assert churned > 30
    first_year = t["customers"]["first_order_date"].dt.year
    for year in (2023, 2024, 2025):
        assert (first_year == year).sum() > 30


def test_sales_team_labels_are_imperfect(t):
    revenue = t["orders"].groupby("customer_id")["amount"].sum()
    c = t["customers"].set_index("customer_id")
    top = revenue.rank(ascending=False) <= len(revenue) * 0.2
    key = c["account_type"] == "重点客户"
    assert 0.08 < key.mean() < 0.3
    assert (key & ~top).sum() > 0 and (~key & top).sum() > 0   # mislabelled both ways
    assert revenue[key].mean() > 3 * revenue[~key].mean()      # but the label is informative


def test_pipeline_narrows_along_the_stages(t):
    p = t["pipeline"]
    reached = [int((p["stage"] >= s).sum()) for s in schema.STAGES]
    assert all(a > b for a, b in zip(reached, reached[1:])), reached
    # a stage date is present exactly when that stage was reached, and dates never go back
    for k, col in enumerate(schema.STAGE_DATE_COLUMNS, start=1):
        assert (p[col].notna() == (p["stage"] >= schema.STAGES[k])).all(), col
    dates = p[["created_date", *schema.STAGE_DATE_COLUMNS]]
    steps = dates.diff(axis=1).iloc[:, 1:]
    gaps = steps.to_numpy().ravel()
    gaps = gaps[~pd.isna(gaps)]
    assert len(gaps) > len(p) and (gaps > pd.Timedelta(0)).all()
    lost = p["status"] == "丢单"
    assert (p["lost_reason"].notna() == lost).all()
    assert set(p.loc[lost, "stage"].astype(str)) <= set(schema.STAGES[:4])
    assert set(p["lost_reason"].dropna()) <= set(schema.LOST_REASONS)
    assert {"进行中", "赢单", "丢单"} == set(p["status"].astype(str))


def test_survey_has_realistic_response_and_missing_answers(t):
    s = t["survey"]
    items = list(schema.SURVEY_ITEMS)
    rate = s.groupby("customer_group", observed=True)["responded"].mean()
    assert 0.35 <= s["responded"].mean() <= 0.55
    assert abs(rate["重点客户"] - rate["一般客户"]) > 0.1
    responders, others = s[s["responded"] == 1], s[s["responded"] == 0]
    assert others[items + ["nps_score"]].isna().all().all()
    assert others["comment"].isna().all()
    missing = responders[items].isna().sum()
    assert (missing > 0).all() and responders[items].notna().any(axis=1).all()
    values = pd.Series(responders[items].to_numpy().ravel()).dropna()
    assert values.between(1, 5).all() and responders["nps_score"].dropna().between(0, 10).all()
    means = responders[items].mean()
    assert means.max() - means.min() > 0.5   # the items tell different stories
    assert 0 < responders["comment"].notna().mean() < 0.7


def test_interview_notes_mention_several_themes(t):
    i = t["interviews"]
    assert 40 <= len(i) <= 60
    sentences = i["note"].str.count("。")
    assert sentences.between(2, 4).all()
    themes = {"交期": "交期|到货|交货", "价格": "价格|报价|账期|成本", "技术": "工程师|技术|培训",
              "质量": "质量|故障|不良|稳定", "数字化": "数字化|远程|线上|手机", "竞品": "竞品|别家|进口品牌|华拓",
              "售后": "售后|备件|回复"}
    shares = {k: i["note"].str.contains(v).mean() for k, v in themes.items()}
    assert all(0.1 < v < 0.9 for v in shares.values()), shares
    assert i["note"].nunique() == len(i)


def test_contacts_cover_the_key_accounts_decision_chain(t):
    k, c = t["contacts"], t["customers"]
    key_ids = set(c.loc[c["account_type"] == "重点客户", "customer_id"])
    assert set(k["customer_id"]) == key_ids
    per = k.groupby("customer_id")
    assert per.size().between(3, 6).all()
    assert per["level"].agg(lambda s: "决策层" in set(s.astype(str))).all()
    assert k["influence"].between(1, 5).all() and k["relationship"].between(1, 5).all()
    assert k.groupby("level", observed=True)["influence"].mean().is_monotonic_increasing


def test_competitors_table(t):
    comp = t["competitors"]
    assert list(comp["company_code"].astype(str)) == list(schema.COMPANY_CODES)
    assert comp.loc[0, "company_name"] == "青岚工控"
    scores = comp[["product_quality", "price_competitiveness", "delivery", "technical_service", "brand",
                   "channel_coverage"]]
    assert ((scores >= 1) & (scores <= 10)).all().all()
    assert comp["market_share"].between(0, 1).all()
    ours = t["regions"].groupby("year")[["our_sales_wan", "market_size_wan"]].sum()
    assert comp.loc[0, "market_share"] == pytest.approx(
        ours.loc[2025, "our_sales_wan"] / ours.loc[2025, "market_size_wan"], abs=0.001)


# ---------------------------------------------------------------------------------------
# realistic shapes (B2C)
# ---------------------------------------------------------------------------------------


def test_members_many_buy_once_and_repeat_buyers_stay_longer(t):
    m, o = t["members"], t["member_orders"]
    n = o.groupby("member_id").size().reindex(m["member_id"], fill_value=0)
    assert 0.25 < (n == 1).mean() < 0.6
    assert (n == 0).sum() > 0
    # the "magic number" is testable: purchases in the first 90 days vs buying again 6-12 months later
    x = o.merge(m[["member_id", "join_date"]], on="member_id")
    x["age"] = (x["order_date"] - x["join_date"]).dt.days
    early = x[x["age"] <= 90].groupby("member_id").size()
    later = x[(x["age"] > 180) & (x["age"] <= 365)].groupby("member_id").size()
    cohort = m.loc[m["join_date"] <= "2024-12-31", "member_id"]
    e = early.reindex(cohort, fill_value=0)
    kept = later.reindex(cohort, fill_value=0) > 0
    one, two = kept[e == 1].mean(), kept[e == 2].mean()
    assert two > one > 0
    ratio = kept.groupby(m.set_index("member_id")["join_channel"].reindex(cohort).to_numpy()).mean()
    assert ratio.max() > 1.3 * ratio.min()  # channels retain differently


def test_tiers_follow_spending_and_touchpoints_differ(t):
    m, o, tp = t["members"], t["member_orders"], t["touchpoints"]
    spend = o.groupby("member_id")["amount"].sum().reindex(m["member_id"], fill_value=0).to_numpy()
    by_tier = pd.Series(spend).groupby(m["member_tier"].to_numpy()).min()
    assert by_tier["金卡"] > by_tier["银卡"] > by_tier["普通"]
    sat = tp.groupby("touchpoint", observed=True)["satisfaction"].mean()
    assert sat.max() - sat.min() > 0.8
    assert tp["satisfaction"].between(1, 5).all() and set(tp["resolved"]) == {0, 1}
    act = t["member_activity"]
    assert not act.duplicated(["member_id", "month"]).any()
    assert (act[["app_visits", "store_visits", "coupons_used"]].sum(axis=1) > 0).all()


# ---------------------------------------------------------------------------------------
# CDNOW
# ---------------------------------------------------------------------------------------


def test_load_cdnow_gives_the_real_master_file():
    cd = helpers.load_cdnow()
    assert list(cd.columns) == ["customer_id", "date", "quantity", "amount"]
    assert len(cd) == 69_659 and cd["customer_id"].nunique() == 23_570
    assert cd["date"].min() == pd.Timestamp("1997-01-01") and cd["date"].max() == pd.Timestamp("1998-06-30")
    assert cd["customer_id"].dtype.kind == "i" and cd["quantity"].dtype.kind == "i"
    assert cd["amount"].dtype.kind == "f" and cd["date"].dtype.kind == "M"
    # every customer's first purchase is in the first quarter of 1997 (the cohort)
    assert cd.groupby("customer_id")["date"].min().max() < pd.Timestamp("1997-04-01")


def test_load_cdnow_without_lifetimes_explains_the_fix(monkeypatch):
    import importlib.metadata

    monkeypatch.setattr(cases.importlib.util, "find_spec", lambda name: None)

    def not_found(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(cases.importlib.metadata, "files", not_found)
    with pytest.raises(DataError) as info:
        cases.load_cdnow()
    assert "python course.py" in str(info.value) and "pip install lifetimes" in str(info.value)
