"""Lecture 4: penetration -- wallet and breadth, next best line, routines, visits, the programme's effect."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import DataError
from helpers.analysis.penetration import (
    bootstrap_differences,
    effect_uncertainty,
    increase_concentration,
    line_profile,
    next_best_line,
    next_best_summary,
    next_line_example,
    penetration_effect,
    programme_groups,
    wallet_and_breadth,
)
from helpers.analysis.routines import routine_compliance, routine_rules, visits_vs_results

AS_OF = "2025-12-31"
LINES = ["伺服驱动", "变频器", "PLC控制器", "传感器", "工业机器人配件", "维保服务"]


def _peers(industry: str = "化工", n: int = 40) -> list[tuple]:
    """n active peers: 30 buy 变频器 (75%), 14 维保服务 (35%), 12 PLC控制器 (30%); all buy 传感器."""
    rows = []
    for i in range(n):
        cid = f"{industry}{i:02d}"
        lines = ["传感器"] + ["变频器"] * (i < 30) + ["维保服务"] * (i < 14) + ["PLC控制器"] * (14 <= i < 26)
        rows += [(cid, "2025-06-01", 1e4, line) for line in lines]
    return rows


def _case(subject_rows: list[tuple], industry: str = "化工", peers: int = 40) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = _peers(industry, peers) + subject_rows
    orders = pd.DataFrame(rows, columns=["customer_id", "order_date", "amount", "product_line"])
    ids = orders["customer_id"].unique()
    customers = pd.DataFrame({"customer_id": ids, "industry": [industry] * len(ids), "account_type": "一般客户"})
    return orders, customers


def _recommend(subject_rows, **kw) -> pd.Series:
    orders, customers = _case(subject_rows, **kw)
    return next_best_line(orders, customers, as_of=AS_OF, lines=LINES).set_index("客户编号").loc["X"]


def test_next_best_line_peers_buy_it_the_customer_does_not():
    x = _recommend([("X", "2025-03-01", 1e4, "传感器")])
    assert (x["推荐产品线"], x["同行渗透率"], x["同行数"], x["同行口径"]) == ("变频器", 0.75, 40, "同行业")
    assert "75%" in x["理由"] and "n = 40" in x["理由"]


def test_line_profile_shows_what_the_recommendation_rests_on():
    orders, customers = _case([("X", "2025-03-01", 1e4, "传感器"), ("X", "2024-04-15", 1e4, "变频器")])
    profile = line_profile(orders, customers, "X", as_of=AS_OF, lines=LINES).set_index("产品线")
    assert profile.loc["变频器", "同行在买的比例"] == 0.75 and profile.loc["变频器", "它近24个月买过"]
    assert profile.loc["维保服务", "同行在买的比例"] == 0.35 and not profile.loc["维保服务", "它近24个月买过"]
    assert profile.attrs["n"] == 40 and profile.attrs["scope"] == "同行业"
    assert next_line_example(orders, customers, as_of=AS_OF) == "化工30"  # 75% for 化工30-39: smallest id


def test_next_best_line_skips_lines_bought_within_24_months():
    y = _recommend([("X", "2025-03-01", 1e4, "传感器"), ("X", "2024-04-15", 1e4, "变频器")])
    assert (y["推荐产品线"], y["同行渗透率"]) == ("维保服务", 0.35)
    assert y["产品线宽度"] == 1 and y["近24个月买过的产品线"] == "变频器、传感器"
    # 变频器 was bought 20 months ago, not in the last 12: win it back before offering 维保服务
    assert y["待挽回产品线"] == "变频器" and y["理由"].startswith("先挽回：近 12 个月停买了变频器")


def test_next_best_line_by_account_type_largest_customers_first():
    orders, customers = _case([("X", "2025-03-01", 5e4, "传感器")])
    customers.loc[customers["customer_id"] == "化工00", "account_type"] = "重点客户"
    rec = next_best_line(orders, customers, as_of=AS_OF, lines=LINES, account_type="一般客户", top=3)
    assert rec["客户编号"].tolist()[0] == "X" and len(rec) == 3 and rec.index.tolist() == [1, 2, 3]
    assert rec["近12个月销售额（万元）"].iloc[0] == 5
    every = next_best_line(orders, customers, as_of=AS_OF, lines=LINES, account_type="一般客户")
    assert "化工00" not in set(every["客户编号"]) and len(every) == 40
    assert "0 家（0%）近 12 个月停买了以前买过的产品线" in next_best_summary(every).attrs["headline"]


def test_next_best_line_threshold_is_inclusive_and_below_it_there_is_none():
    z = _recommend([("X", "2025-03-01", 1e4, line) for line in ("传感器", "变频器", "维保服务")])
    assert (z["推荐产品线"], z["同行渗透率"]) == ("PLC控制器", 0.30)
    w = _recommend([("X", "2025-03-01", 1e4, line) for line in ("传感器", "变频器", "维保服务", "PLC控制器")])
    assert w["推荐产品线"] == "—" and w["理由"] == "没有同行渗透率 ≥ 30% 的产品线"
    full = _recommend([("X", "2025-03-01", 1e4, line) for line in LINES])
    assert full["推荐产品线"] == "—" and full["理由"] == "已买全部 6 条"


def test_next_best_line_small_industry_falls_back_to_all_active_customers():
    orders, customers = _case([("X", "2025-03-01", 1e4, "传感器")], industry="纺织", peers=12)
    more, more_c = _case([], industry="化工", peers=40)
    rec = next_best_line(pd.concat([orders, more]), pd.concat([customers, more_c]), as_of=AS_OF)
    x = rec.set_index("客户编号").loc["X"]
    assert x["同行口径"] == "全部活跃客户（同行业不足 30 家）" and x["同行数"] == 52
    assert x["推荐产品线"] == "变频器" and x["同行渗透率"] == pytest.approx((30 + 12) / 52)
    summary = next_best_summary(rec)
    assert summary.loc["变频器", "客户数"] >= 1 and summary["占比"].sum() == pytest.approx(1)


def test_wallet_and_breadth_and_shares_above_100_percent():
    orders = pd.DataFrame({"customer_id": ["A", "A", "B"], "order_date": ["2025-03-01", "2025-06-01", "2025-06-01"],
                           "amount": [2e5, 2e5, 5e5], "product_line": ["变频器", "传感器", "变频器"]})
    customers = pd.DataFrame({"customer_id": ["A", "B"], "purchase_potential_wan": [80, 40],
                              "account_type": "一般客户"})
    w = wallet_and_breadth(orders, customers, as_of=AS_OF).set_index("客户编号")
    assert w.loc["A", "钱包份额"] == 0.5 and w.loc["A", "产品线宽度"] == 2
    assert w.loc["A", "已购产品线"] == "变频器、传感器"
    assert w.attrs["over_100"] == 1


# --- programme effect --------------------------------------------------------------------------------------------

def _programme(extra_orders=(), extra_customers=()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """T1 10 -> 15, T2 10 -> 13 (targeted), C1 10 -> 11, C2 10 -> 10 (control); all had 8 a year before."""
    rows = []
    sales = {"T1": (8, 10, 15), "T2": (8, 10, 13), "C1": (8, 10, 11), "C2": (8, 10, 10)}
    for cid, (pre, before, after) in sales.items():
        rows += [(cid, "2023-06-01", pre * 1e4, "变频器"), (cid, "2024-08-01", before * 1e4, "变频器"),
                 (cid, "2025-08-01", after * 1e4, "传感器" if cid == "T1" else "变频器")]
    orders = pd.DataFrame(rows + list(extra_orders), columns=["customer_id", "order_date", "amount", "product_line"])
    base = [("T1", "2025-04-01"), ("T2", "2025-04-01"), ("C1", None), ("C2", None)]
    customers = pd.DataFrame([(cid, "一般客户", "华东", "2020-01-01", start) for cid, start in base]
                             + list(extra_customers),
                             columns=["customer_id", "account_type", "region", "first_order_date", "penetration_start"])
    return orders, customers


def test_penetration_effect_difference_in_differences():
    orders, customers = _programme()
    visits = pd.DataFrame({"visit_date": ["2025-05-01"] * 9 + ["2025-06-01"], "customer_id": ["T1"] * 9 + ["C1"]})
    e = penetration_effect(orders, customers, visits=visits)
    assert e.index.tolist() == ["计划客户", "对照组"]
    assert e["合计增长率"].tolist() == pytest.approx([0.40, 0.05])
    assert e.attrs["did"] == pytest.approx(0.35) and e.attrs["pre_gap"] == pytest.approx(0.0)
    assert e["客户增长中位数"].tolist() == pytest.approx([0.40, 0.05])
    assert e["前趋势增长率"].tolist() == pytest.approx([0.25, 0.25])
    assert e["之前（万元）"].tolist() == [20, 20] and e["之后（万元）"].tolist() == [28, 21]
    assert e.loc["计划客户", "新增产品线的客户占比"] == 0.5 and e.loc["对照组", "新增产品线的客户占比"] == 0
    assert e.loc["计划客户", "月均拜访次数（之后）"] == pytest.approx(9 / 2 / 9)
    assert e.attrs["index"].loc["2025 年 4–12 月", "计划客户"] == pytest.approx(140)
    assert "+35.0 个百分点" in e.attrs["headline"] and "不是随机分配" in e.attrs["headline"]
    per = e.attrs["customers"].set_index("客户编号")
    assert per.loc["T1", ["pre", "before", "after"]].tolist() == [8, 10, 15] and per.loc["T1", "new_line"]
    assert per.loc["T1", "visits"] == pytest.approx(1) and per.loc["C1", "visits"] == pytest.approx(1 / 9)


# --- how sure the effect is: bootstrap on hand-made groups whose answer is known --------------------------------

def _group(pre, before, after, **extra) -> pd.DataFrame:
    return pd.DataFrame({"pre": pre, "before": before, "after": after, **extra})


def test_bootstrap_identical_groups_give_an_interval_around_zero():
    g = _group([8, 9, 10, 12, 20, 30], [10, 10, 12, 15, 18, 40], [12, 9, 15, 15, 30, 35],
               new_line=[True, False, True, False, False, True])
    t = bootstrap_differences(g, g.copy(), n_boot=4000, seed=7)
    lo, hi = t.attrs["interval"]
    for row in t.itertuples():
        assert row.差异 == 0
    after = t.loc["计划开始后：销售额增长率之差"]
    assert after[lo] < 0 < after[hi] and after["区间包含 0"]
    assert abs(after[lo] + after[hi]) < 0.2 * (after[hi] - after[lo])  # centred on 0
    assert t.attrs["n_boot"] == 4000 and t.attrs["seed"] == 7 and t.attrs["n"] == (6, 6)


def test_bootstrap_every_customer_growing_alike_gives_no_uncertainty():
    """Every targeted customer grows by exactly 50%, every control customer by 0%: whatever the
    resample, the difference is 50 points, so the interval is [50, 50] and excludes 0."""
    t = bootstrap_differences(_group([5, 7, 9], [10, 20, 40], [15, 30, 60]), _group([3, 6], [10, 30], [10, 30]),
                              n_boot=500)
    lo, hi = t.attrs["interval"]
    row = t.loc["计划开始后：销售额增长率之差"]
    assert (row["差异"], row[lo], row[hi]) == pytest.approx((50, 50, 50))
    assert not row["区间包含 0"] and row["单位"] == "个百分点"
    # before vs pre: the targeted grew 70 → … not identical per customer, so the earlier gap has an interval
    assert t.loc["扣除计划前差距后的差异", "差异"] == pytest.approx(50 - t.loc["计划开始前：销售额增长率之差", "差异"])


def test_bootstrap_same_seed_same_interval_and_bad_input():
    a = _group([1, 2, 3, 4], [2, 3, 4, 5], [3, 3, 6, 5], visits=[1.0, 2, 1, 0])
    b = _group([1, 2, 3], [2, 2, 2], [2, 3, 1], visits=[0.0, 0, 1])
    first, again = bootstrap_differences(a, b, seed=11), bootstrap_differences(a, b, seed=11)
    pd.testing.assert_frame_equal(first, again)
    assert first.loc["月均拜访次数之差", "单位"] == "次/月"
    assert first.loc["月均拜访次数之差", "差异"] == pytest.approx(1 - 1 / 3)
    with pytest.raises(DataError):
        bootstrap_differences(a.drop(columns="pre"), b)
    with pytest.raises(DataError):
        bootstrap_differences(a, b.iloc[:0])


def test_increase_concentration():
    r = increase_concentration([10, 10, 10, 10], [30, 10, 15, 5], ["A", "B", "C", "D"], top=2)
    assert r["increase"] == 20 and r["top_increase"] == 25 and r["ids"] == ["A", "C"]
    assert r["share"] == pytest.approx(1.25)  # the top two make more than the whole: D fell
    assert pd.isna(increase_concentration([10], [5], ["A"])["share"])  # no increase: no share


def test_effect_uncertainty_states_what_the_data_support():
    orders, customers = _programme()
    visits = pd.DataFrame({"visit_date": ["2025-05-01"] * 9 + ["2025-06-01"], "customer_id": ["T1"] * 9 + ["C1"]})
    u = effect_uncertainty(penetration_effect(orders, customers, visits=visits), n_boot=1000, seed=1, top=1)
    assert u.loc["计划开始后：销售额增长率之差", "差异"] == pytest.approx(35)
    assert u.attrs["concentration"]["ids"] == ["T1"]
    assert u.attrs["concentration"]["share"] == pytest.approx(5 / 8)
    head = u.attrs["headline"]
    assert "重抽样 1,000 次（随机种子 1）" in head and "62% 来自 1 家客户（T1）" in head
    assert "计划开始前两组已相差 +0.0 个百分点" in head
    assert u.attrs["title"].startswith("计划客户的")


def test_programme_groups_apply_the_eligibility_rule():
    extra_orders = [("N1", "2024-08-01", 2.9e4, "变频器"), ("N2", "2024-08-01", 10e4, "变频器"),
                    ("N3", "2024-08-01", 10e4, "变频器"), ("N4", "2024-05-01", 10e4, "变频器")]
    extra_customers = [("N1", "一般客户", "华东", "2020-01-01", None),   # sales 2.9 < 3
                       ("N2", "一般客户", "华南", "2020-01-01", None),   # region
                       ("N3", "一般客户", "华东", "2023-04-01", None),   # started too late (not before 2023-04-01)
                       ("N4", "一般客户", "华东", "2020-01-01", None)]   # no order in 2024 H2
    orders, customers = _programme(extra_orders, extra_customers)
    g = programme_groups(orders, customers)
    assert g["客户编号"].tolist() == ["T1", "T2", "C1", "C2"]
    customers.loc[customers["customer_id"] == "N2", "penetration_start"] = "2025-04-01"  # targeted although ineligible
    g = programme_groups(orders, customers).set_index("客户编号")
    assert g.loc["N2", "组"] == "计划客户" and not g.loc["N2", "符合条件"]
    assert "N2" in penetration_effect(orders, customers).attrs["note"]


# --- routines and visits -------------------------------------------------------------------------------------------

def test_routine_compliance_quarterly_and_half_yearly_rules():
    visits = pd.DataFrame({"visit_date": ["2025-02-10", "2025-08-01"], "customer_id": ["A", "A"],
                           "visit_type": ["电话或视频", "上门拜访"], "purpose": ["例行维护", "例行维护"]})
    orders = pd.DataFrame({"customer_id": ["A"], "order_date": ["2024-11-05"], "amount": [1e4]})
    customers = pd.DataFrame({"customer_id": ["A"], "account_type": ["一般客户"], "sales_rep_id": ["S1"],
                              "region": ["华东"]})
    r = routine_compliance(visits, orders, customers, year=2025)
    rule = r.set_index(["客户类别", "动作"])
    assert rule.loc[("一般客户", "拜访或电话"), ["应做客户期数", "达标期数"]].tolist() == [4, 2]
    assert rule.loc[("一般客户", "上门拜访"), ["应做客户期数", "达标期数"]].tolist() == [2, 1]
    assert rule.loc[("一般客户", "客户关怀"), "达标期数"] == 0
    assert pd.isna(rule.loc[("重点客户", "高层会晤"), "达标率"])  # nobody due: no error
    missed = r.attrs["detail"].query("规则 == 3 and not 达标")["期间"].tolist()
    assert missed == ["Q2", "Q4"]
    by_rep = r.attrs["by_rep"]
    assert by_rep.loc[by_rep["规则"] == 3, "达标率"].tolist() == [0.5] and by_rep["样本少"].all()
    assert r.index.tolist() == [1, 2, 3, 4, 5, 6] and r.loc[3, "动作"] == "拜访或电话"
    # the lowest rule with someone due: 客户关怀 0 of 1 customer-year
    assert "达标率最低的规定动作是一般客户“每年至少 1 次客户关怀”：0.0%（0 / 1 个应做的客户年）" in r.attrs["headline"]
    named = routine_compliance(visits, orders, customers, year=2025,
                               reps=pd.DataFrame({"销售编号": ["S1"], "姓名": ["刘一"]}))
    assert set(named.attrs["by_rep"]["负责销售"]) == {"刘一"}


def test_routine_compliance_active_window_and_programme_rule():
    visits = pd.DataFrame({"visit_date": ["2025-05-06", "2025-06-02"], "customer_id": ["P", "P"],
                           "visit_type": ["上门拜访"] * 2})
    orders = pd.DataFrame({"customer_id": ["A", "P"], "order_date": ["2024-02-01", "2024-10-01"], "amount": [1e4] * 2})
    customers = pd.DataFrame({"customer_id": ["A", "P"], "account_type": ["一般客户"] * 2,
                              "penetration_start": [None, "2025-04-01"]})
    r = routine_compliance(visits, orders, customers, year=2025).set_index(["客户类别", "动作"])
    # A's last order (2024-02-01) is within 12 months before Q1 only; P is due in all four quarters.
    assert r.loc[("一般客户", "拜访或电话"), "应做客户期数"] == 5
    assert r.loc[("渗透计划客户", "上门拜访"), ["应做客户期数", "达标期数"]].tolist() == [9, 2]


def test_routine_rules_are_editable():
    rules = routine_rules()
    rules.loc[3, "频次"] = "每月至少 2 次"
    visits = pd.DataFrame({"visit_date": ["2025-01-02", "2025-01-20"], "customer_id": ["A"] * 2})
    orders = pd.DataFrame({"customer_id": ["A"], "order_date": ["2025-01-05"], "amount": [1e4]})
    customers = pd.DataFrame({"customer_id": ["A"], "account_type": ["一般客户"]})
    r = routine_compliance(visits, orders, customers, year=2025, rules=rules)
    assert r.loc[3, ["应做客户期数", "达标期数"]].tolist() == [12, 1]
    rules.loc[3, "频次"] = "经常"
    with pytest.raises(DataError, match="频次“经常”无法识别"):
        routine_compliance(visits, orders, customers, year=2025, rules=rules)


def test_visits_vs_results_band_bounds():
    counts = {"A": 2, "B": 3, "C": 9, "D": 0, "E": 4}
    visits = pd.DataFrame([(cid, "2025-04-01") for cid, n in counts.items() for _ in range(n)],
                          columns=["customer_id", "visit_date"])
    orders = pd.DataFrame([(cid, "2024-05-01", 1e4) for cid in counts] + [("A", "2025-05-01", 2e4),
                                                                         ("C", "2025-05-01", 0.5e4)],
                          columns=["customer_id", "order_date", "amount"])
    customers = pd.DataFrame({"customer_id": list(counts), "account_type": ["一般客户"] * 5})
    t = visits_vs_results(visits, orders, customers, year=2025, exclude_programme=False).set_index("拜访次数档")
    assert t["客户数"].tolist() == [1, 1, 2, 0, 1]
    assert t.loc["1–2 次", "占比"] == 1.0 and t.loc["9 次及以上", "占比"] == 0 and t["样本少"].all()
    with pytest.raises(DataError, match="第 1 行：客户“A”不在客户表中"):
        from helpers.analysis.pipeline import prepare_visits

        prepare_visits(visits, customers.iloc[1:])


def test_penetration_charts_draw_with_chinese_titles():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers.charts.base import chart_style
    from helpers.charts.penetration import (
        plot_penetration_effect,
        plot_routine_compliance,
        plot_visits_vs_results,
        plot_wallet_breadth,
    )

    orders, customers = _programme()
    visits = pd.DataFrame({"visit_date": ["2025-05-01", "2025-06-01"], "customer_id": ["T1", "C1"]})
    with chart_style():
        effect = penetration_effect(orders, customers, visits=visits)
        with_interval = plot_penetration_effect(effect, effect_uncertainty(effect, n_boot=200))
        figures = [plot_penetration_effect(effect), with_interval,
                   plot_wallet_breadth(wallet_and_breadth(orders, customers.assign(purchase_potential_wan=50),
                                                          as_of=AS_OF)),
                   plot_routine_compliance(routine_compliance(visits, orders, customers, year=2025)),
                   plot_visits_vs_results(visits_vs_results(visits, orders, customers, year=2025,
                                                            exclude_programme=False))]
    for fig in figures:
        titles = [ax.get_title() for ax in fig.axes] + [fig._suptitle.get_text() if fig._suptitle else ""]
        assert any(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in titles), titles
    assert "区间" in with_interval._suptitle.get_text()
    plt.close("all")
