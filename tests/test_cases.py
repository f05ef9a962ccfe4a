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
        if col.type in ("date", "datetime"):
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
    "member_orders": "order_id", "touchpoints": "touch_id", "leaders": "leader_id", "visits": "visit_id",
    "account_plan": "item_id", "leads": "lead_id",
}
FOREIGN_KEYS = [
    ("customers", "sales_rep_id", "sales_reps", "rep_id"), ("orders", "customer_id", "customers", "customer_id"),
    ("orders", "product_id", "products", "product_id"), ("survey", "customer_id", "customers", "customer_id"),
    ("interviews", "customer_id", "customers", "customer_id"),
    ("contacts", "customer_id", "customers", "customer_id"), ("contacts", "owner_rep_id", "sales_reps", "rep_id"),
    ("pipeline", "customer_id", "customers", "customer_id"), ("pipeline", "owner_rep_id", "sales_reps", "rep_id"),
    ("contacts", "sponsor_id", "leaders", "leader_id"), ("contacts", "reports_to", "contacts", "contact_id"),
    ("visits", "customer_id", "customers", "customer_id"), ("visits", "contact_id", "contacts", "contact_id"),
    ("visits", "opportunity_id", "pipeline", "opportunity_id"),
    ("account_plan", "customer_id", "customers", "customer_id"),
    ("account_plan", "target_contact_id", "contacts", "contact_id"),
    ("leads", "related_customer_id", "customers", "customer_id"),
    ("leads", "converted_customer_id", "customers", "customer_id"), ("leads", "owner_rep_id", "sales_reps", "rep_id"),
    ("rep_performance", "rep_id", "sales_reps", "rep_id"),
    ("member_orders", "member_id", "members", "member_id"),
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
    assert np.allclose(r["our_sales_wan"], (by["amount"].sum() / 1e4).loc[r.index], atol=0.0501)
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
    # purchases = days with an order (the course's definition; one day may hold several order lines)
    n = t["orders"].groupby("customer_id")["order_date"].nunique()
    assert (n <= 5).mean() > 0.45
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
    themes = {"交期": "交期|到货|交货|供货", "价格": "价格|报价|账期|成本|单价", "技术": "工程师|技术|培训",
              "质量": "质量|故障|不良|稳定|精度", "数字化": "数字化|远程|线上|手机|接入",
              "竞品": "竞品|别家|进口品牌|华拓|对手",
              "售后": "售后|备件|回复|响应"}
    shares = {k: i["note"].str.contains(v).mean() for k, v in themes.items()}
    assert all(0.1 < v < 0.9 for v in shares.values()), shares
    assert i["note"].nunique() == len(i)
    # every role belongs to one level
    assert (i.groupby("interviewee_role", observed=True)["interviewee_level"].nunique() == 1).all()


def test_interviewee_levels_are_balanced_and_weighting_changes_the_ranking(t):
    """Issue 11 item 7: with 决策层 3 / 管理层 2 / 执行层 1 the ranking of themes visibly changes."""
    from helpers.analysis import interviews as iv

    i = t["interviews"]
    shares = i["interviewee_level"].value_counts(normalize=True)
    assert shares.between(0.25, 0.45).all(), shares
    coded = iv.code_notes(i["note"])
    plain = iv.summarise_codes(coded)
    weighted = iv.summarise_codes(coded, iv.weights_from(i["interviewee_level"]))
    assert plain["提及率"].idxmax() != weighted["加权占比"].idxmax()
    by_level = coded.groupby(i["interviewee_level"].astype(str).to_numpy()).mean()
    assert by_level.loc["决策层", "价格与商务"] > by_level.loc["执行层", "价格与商务"] + 0.3
    assert by_level.loc["执行层", "技术支持与服务"] > by_level.loc["决策层", "技术支持与服务"] + 0.3


def test_contacts_cover_the_key_accounts_decision_chain(t):
    k, c = t["contacts"], t["customers"]
    key_ids = set(c.loc[c["account_type"] == "重点客户", "customer_id"])
    missing = key_ids - set(k["customer_id"])
    assert set(k["customer_id"]) <= key_ids
    # exactly 3 key accounts have no decision chain yet: all first ordered in 2025
    assert len(missing) == 3
    assert (c.set_index("customer_id").loc[sorted(missing), "first_order_date"] >= "2025-01-01").all()
    per = k.groupby("customer_id")
    assert per.size().between(3, 8).all()
    assert per["level"].agg(lambda s: "决策层" in set(s.astype(str))).all()
    assert k["influence"].between(1, 5).all() and k["relationship"].between(1, 5).all()
    assert k.groupby("level", observed=True)["influence"].mean().is_monotonic_increasing
    # attitudes follow the relationship
    assert k.groupby("attitude", observed=True)["relationship"].mean().is_monotonic_increasing


def test_contacts_owners_sponsors_and_reporting_lines(t):
    k = t["contacts"].set_index("contact_id")
    nobody = k["owner_rep_id"].isna() & k["sponsor_id"].isna()
    assert nobody.sum() == 10
    assert k["sponsor_id"].dropna().isin(t["leaders"]["leader_id"]).all()
    level = k["level"].cat.codes
    boss = k["reports_to"].dropna()
    assert (k.loc[boss.to_numpy(), "customer_id"].to_numpy() == k.loc[boss.index, "customer_id"].to_numpy()).all()
    assert (level.loc[boss.to_numpy()].to_numpy() >= level.loc[boss.index].to_numpy()).all()
    for start in boss.index:  # no cycles
        seen, cur = set(), start
        while isinstance(cur, str):
            assert cur not in seen
            seen.add(cur)
            cur = k.loc[cur, "reports_to"]


def test_last_contact_date_is_the_latest_visit(t):
    v, k = t["visits"], t["contacts"].set_index("contact_id")
    last = v.dropna(subset=["contact_id"]).groupby("contact_id")["visit_date"].max()
    pd.testing.assert_series_equal(k["last_contact_date"].dropna().sort_index(), last.sort_index(),
                                   check_names=False, check_index_type=False)
    assert k["last_contact_date"].isna().sum() == len(k) - len(last)


def test_leaders_are_distinct_from_sales_reps(t):
    lead, reps = t["leaders"], t["sales_reps"]
    assert len(lead) == 9
    assert not set(lead["leader_id"]) & set(reps["rep_id"])
    names = pd.concat([lead["leader_name"], reps["rep_name"]])
    assert names.is_unique
    assert set(lead["function"].astype(str)) == {"管理", "销售", "技术"}


def test_visits_are_workday_visits_by_our_people(t):
    v = t["visits"]
    people = set(t["sales_reps"]["rep_id"]) | set(t["leaders"]["leader_id"])
    assert set(v["visitor_id"]) <= people
    assert v["visit_date"].between("2024-01-01", "2025-12-31").all()
    assert (v["visit_date"].dt.day_of_week < 5).all()
    assert 9000 <= len(v) <= 12500
    senior = t["leaders"].loc[t["leaders"]["rank"] >= "总监", "leader_id"]
    assert v.loc[v["visit_type"] == "高层会晤", "visitor_id"].isin(senior).all()
    # a visit names a contact of the same customer, and a deal of the same customer within the deal's life
    with_contact = v.dropna(subset=["contact_id"]).merge(t["contacts"][["contact_id", "customer_id"]],
                                                         on="contact_id", suffixes=("", "_k"))
    assert (with_contact["customer_id"] == with_contact["customer_id_k"]).all()
    p = t["pipeline"]
    with_deal = v.dropna(subset=["opportunity_id"]).merge(p, on="opportunity_id", suffixes=("", "_p"))
    close = with_deal["date_signed"].fillna(with_deal["date_lost"]).fillna(pd.Timestamp("2025-12-31"))
    assert (with_deal["customer_id"] == with_deal["customer_id_p"]).all()
    assert with_deal["visit_date"].between(with_deal["created_date"], close).all()
    # no visit long before a customer's first order
    first = t["customers"].set_index("customer_id")["first_order_date"]
    assert (v["visit_date"] >= first.loc[v["customer_id"]].to_numpy() - pd.Timedelta(days=180)).all()


def test_account_plan_of_the_featured_account(t):
    plan, k = t["account_plan"], t["contacts"]
    assert len(plan) == 14 and plan["customer_id"].nunique() == 1
    assert (plan["status"] == "已完成").eq(plan["actual_date"].notna()).all()
    assert plan["planned_date"].between("2025-07-01", "2026-03-31").all()
    assert (plan["actual_date"].dropna() <= "2025-12-31").all()
    people = set(t["sales_reps"]["rep_id"]) | set(t["leaders"]["leader_id"])
    assert set(plan["owner_id"]) <= people
    mine = set(k.loc[k["customer_id"] == plan["customer_id"].iloc[0], "contact_id"])
    assert set(plan["target_contact_id"].dropna()) <= mine
    assert (plan["goal_id"].isna() == (plan["is_review"] == 1)).all()
    done = plan[(plan["status"] == "已完成") & (plan["is_review"] == 0)]
    v = t["visits"]
    for _, row in done.iterrows():
        hit = v[(v["visit_date"] == row["actual_date"]) & (v["visitor_id"] == row["owner_id"])
                & (v["contact_id"] == row["target_contact_id"])]
        assert len(hit) >= 1, row["item_id"]


def test_potential_is_at_least_sales_and_headroom_is_not_size(t):
    """Issue 11 item 2: potential includes competitors' share, so it is never below our sales."""
    o = t["orders"]
    sales = o.groupby(["customer_id", o["order_date"].dt.year])["amount"].sum().unstack(fill_value=0) / 1e4
    pot = t["customers"].set_index("customer_id")["purchase_potential_wan"].loc[sales.index]
    assert (pot.to_numpy()[:, None] >= sales.to_numpy() - 1e-9).all()
    headroom = pot - sales[2025]
    assert abs(sales[2025].rank().corr(headroom.rank())) < 0.2


def test_pipeline_owners_lost_dates_and_terms(t):
    p = t["pipeline"]
    lost, won = p["status"] == "丢单", p["status"] == "赢单"
    assert (p["date_lost"].notna() == lost).all()
    last = p[["created_date", *schema.STAGE_DATE_COLUMNS[:3]]].max(axis=1)
    assert (p.loc[lost, "date_lost"] > last[lost]).all()
    assert p.loc[~won, "payment_terms_days"].isna().all()
    assert p.loc[won, "payment_terms_days"].isna().sum() == 1
    assert set(p["payment_terms_days"].dropna()) <= {30, 60, 90, 120}
    assert p["owner_rep_id"].notna().all()
    open_deals = p[p["status"] == "进行中"]
    entered = open_deals[["created_date", *schema.STAGE_DATE_COLUMNS]].max(axis=1)
    stalled = (pd.Timestamp("2025-12-31") - entered).dt.days > 60
    assert stalled.sum() == 30
    assert open_deals.loc[stalled, "stage"].astype(str).value_counts().to_dict() == {
        "方案报价": 12, "商务谈判": 8, "需求确认": 6, "商机发现": 4}


def test_penetration_programme_customers(t):
    c = t["customers"]
    start = c["penetration_start"].dropna()
    assert len(start) == 40 and (start == "2025-04-01").all()
    picked = c[c["penetration_start"].notna()]
    assert (picked["account_type"] == "一般客户").all()
    assert set(picked["region"].astype(str)) <= {"华东", "华中", "西南"}
    assert (picked["first_order_date"] <= "2023-03-31").all()


def test_leads_and_marketing_spend(t):
    ld, c, spend = t["leads"], t["customers"], t["marketing_spend"]
    assert 550 <= len(ld) <= 750
    won = ld["status"] == "已成交"
    assert (ld["converted_customer_id"].notna() == won).all()
    first = c.set_index("customer_id")["first_order_date"]
    assert (first.loc[ld.loc[won, "converted_customer_id"]].to_numpy() >= ld.loc[won, "created_date"].to_numpy()).all()
    names = c.set_index("customer_id")["customer_name"]
    assert (names.loc[ld.loc[won, "converted_customer_id"]].to_numpy() == ld.loc[won, "company_name"].to_numpy()).all()
    assert not set(ld.loc[~won, "company_name"]) & set(c["customer_name"])
    related = ld["source"].isin(["老客户引荐", "同一集团", "上下游", "同一园区"])
    assert (ld["related_customer_id"].notna() == related).all() and (ld["relation"].notna() == related).all()
    anchors = ld[related]
    assert (first.loc[anchors["related_customer_id"]].to_numpy() < anchors["created_date"].to_numpy()).all()
    assert len(spend) == 16 and not spend.duplicated(["year", "source"]).any()
    assert set(spend["year"]) == {2024, 2025} and set(ld["source"].astype(str)) <= set(spend["source"].astype(str))
    assert (spend["spend_wan"] >= 0).all()
    # related leads are better leads than trade-fair leads (2024 cohort)
    y24 = ld[ld["created_date"].dt.year == 2024]
    quality = y24["status"].isin(["已立项", "已成交"]).groupby(y24["source"].astype(str)).mean()
    assert (quality[["老客户引荐", "同一集团", "上下游", "同一园区"]] >= quality["展会"] + 0.2).all()


def test_products_and_line_market(t):
    prod, lm, o = t["products"], t["line_market"], t["orders"]
    assert len(prod) == 28 and {"P25", "P26", "P27", "P28"} <= set(prod["product_id"])
    assert len(lm) == 18 and not lm.duplicated(["product_line", "year"]).any()
    ours = o.groupby([o["product_line"].astype(str), o["order_date"].dt.year])["amount"].sum() / 1e4
    key = list(zip(lm["product_line"].astype(str), lm["year"]))
    assert np.allclose(lm["our_sales_wan"], ours.loc[key].to_numpy(), atol=0.0501)
    market = t["regions"].groupby("year")["market_size_wan"].sum()
    assert np.allclose(lm.groupby("year")["market_size_wan"].sum(), market.loc[[2023, 2024, 2025]], atol=0.5)
    shares = lm[["share_a", "share_b", "share_c"]]
    assert (lm["our_sales_wan"] / lm["market_size_wan"] + shares.sum(axis=1) <= 0.95).all()
    y25 = lm[lm["year"] == 2025]
    national = t["competitors"].set_index("company_code")["market_share"]
    for col, code in (("share_a", "竞品A"), ("share_b", "竞品B"), ("share_c", "竞品C")):
        avg = (y25[col] * y25["market_size_wan"]).sum() / y25["market_size_wan"].sum()
        assert avg == pytest.approx(national[code], abs=0.002)
    # P28 is bought by P09's customers (lecture 5's 过细)
    o25 = o[o["order_date"].dt.year == 2025]
    a = set(o25.loc[o25["product_id"] == "P09", "customer_id"])
    b = set(o25.loc[o25["product_id"] == "P28", "customer_id"])
    assert len(a & b) / len(a | b) >= 0.5


def test_rep_performance_agrees_with_orders_customers_and_pipeline(t):
    perf, reps, c, o, p = t["rep_performance"], t["sales_reps"], t["customers"], t["orders"], t["pipeline"]
    reps_i = reps.set_index("rep_id")
    hire = reps_i["hire_date"]
    expected = {(r, y) for r, d in hire.items() for y in (2023, 2024, 2025) if d.year <= y}
    assert set(zip(perf["rep_id"], perf["year"])) == expected and len(perf) == len(expected)
    full = perf["rep_id"].map(hire) <= pd.to_datetime(perf["year"].astype(str) + "-01-01")
    assert (perf["full_year"] == full.astype(int)).all()
    p25 = perf[perf["year"] == 2025].set_index("rep_id")
    assert np.allclose(p25["sales_wan"], reps_i.loc[p25.index, "sales_2025_wan"])
    assert np.allclose(p25["quota_wan"], reps_i.loc[p25.index, "quota_2025_wan"])
    x = o.merge(c[["customer_id", "sales_rep_id"]], on="customer_id")
    x = x[x["order_date"] >= x["sales_rep_id"].map(hire)]
    sales = x.groupby(["sales_rep_id", x["order_date"].dt.year])["amount"].sum() / 1e4
    got = perf.set_index(["rep_id", "year"])["sales_wan"]
    assert np.allclose(got, sales.reindex(got.index, fill_value=0), atol=0.0501)
    new = c[c["first_order_date"] >= c["sales_rep_id"].map(hire)]
    new = new.groupby(["sales_rep_id", new["first_order_date"].dt.year]).size()
    assert (perf.set_index(["rep_id", "year"])["new_customers"] == new.reindex(got.index, fill_value=0)).all()
    assert perf.loc[perf["year"] == 2023, "key_deals_won"].isna().all()
    big = p[(p["status"] == "赢单") & (p["expected_amount"] >= 200_000)].merge(c[["customer_id", "sales_rep_id"]])
    big = big[big["date_signed"] >= big["sales_rep_id"].map(hire)]
    k = big.groupby(["sales_rep_id", big["date_signed"].dt.year]).size()
    later = perf[perf["year"] >= 2024].set_index(["rep_id", "year"])["key_deals_won"]
    assert (later == k.reindex(later.index, fill_value=0)).all()
    assert (perf["feedback_score"].isna() == (perf["feedback_n"] == 0)).all()
    assert perf["feedback_score"].dropna().between(1, 5).all() and (perf["quota_wan"] > 0).all()


def test_sales_reps_careers(t):
    reps = t["sales_reps"]
    assert reps["functions_served"].between(1, 3).all() and reps["regions_served"].between(1, 3).all()
    assert (reps["functions_served"] >= 2).sum() >= 6
    recent = reps["hire_date"] >= "2023-01-01"
    assert (reps.loc[recent, "regions_served"] == 1).all()
    for _, r in reps.iterrows():
        steps = r["career_path"].split(" → ")
        assert len(steps) >= r["functions_served"]
        assert steps[-1] == f"{r['region']}{r['level']}"
        assert sum(g in r["career_path"] for g in schema.REGIONS) == r["regions_served"]


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
