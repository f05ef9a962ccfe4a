"""Lecture 5 charts: each draws from its analysis table with a Chinese title, labelled axes,
counts and rates from 0, and no grid lines through heat-map cells."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import helpers  # noqa: E402
from helpers import charts  # noqa: E402
from helpers.analysis import cohorts as co  # noqa: E402
from helpers.analysis import lifecycle as lc  # noqa: E402
from helpers.analysis import product_lines as pl  # noqa: E402

TX = pd.DataFrame({"c": list("AAABBCCD"), "d": ["2024-01-05", "2024-01-20", "2024-03-02", "2024-01-31", "2024-02-01",
                                                 "2024-02-10", "2024-04-30", "2024-03-15"]})


@pytest.fixture(autouse=True)
def _close():
    helpers.setup()
    yield
    plt.close("all")


def _axes(obj):
    return obj.axes if hasattr(obj, "savefig") else [obj]


def _check(obj, title_part):
    fig = obj if hasattr(obj, "savefig") else obj.figure
    titles = [a.get_title() for a in _axes(obj)] + ([fig._suptitle.get_text()] if fig._suptitle else [])
    assert any(title_part in t for t in titles), titles
    fig.canvas.draw()
    return fig


def test_heatmap_curves_and_magic_number():
    m = helpers.cohort_retention(TX, "c", "d")
    s = co.cohort_sizes(TX, "c", "d")
    ax = charts.plot_cohort_heatmap(m, s, title="留存热力图")
    _check(ax, "留存热力图")
    assert not any(line.get_visible() for line in ax.get_xgridlines() + ax.get_ygridlines())
    assert "2024年1月（2人）" in [t.get_text() for t in ax.get_yticklabels()]
    texts = [t.get_text() for t in ax.texts]
    assert "100%" in texts and "50%" in texts and texts.count("100%") == 4
    ax = charts.plot_retention_curves(m, s, title="留存曲线")
    assert ax.get_ylim()[0] == 0
    t = co.magic_number_test(TX, "c", "d", "2024-01-01", "2024-01-31", early_days=30, retain_from=31, retain_to=90)
    ax = charts.plot_magic_number(t, title="魔法数字")
    assert ax.get_ylim()[0] == 0 and ax.get_xticklabels()[1].get_text() == "1次\nn=2"


def test_lifecycle_charts():
    m = pd.DataFrame({"member_id": list("ABCD"), "join_date": ["2024-01-01"] * 4})
    o = TX.rename(columns={"c": "member_id", "d": "order_date"})
    counts = lc.stage_counts(helpers.lifecycle_stages(m, o, "2024-06-30"))
    assert charts.plot_stage_counts(counts).get_ylim()[0] == 0
    by_quarter = lc.stage_counts_by_period(m, o, "2024-03-31", "2024-12-31")
    assert charts.plot_lifecycle_by_quarter(by_quarter).get_ylim()[0] == 0
    _check(charts.plot_churn_flow(lc.churn_flow(m, o, "2024-03-31", "2024-12-31")), "流失")
    ax = charts.plot_transitions(lc.stage_transitions(m, o, "2024-03-31", "2024-06-30"), title="流转")
    assert not any(line.get_visible() for line in ax.get_xgridlines() + ax.get_ygridlines())


def test_funnel_ab_groups_target_and_sample_size():
    f = pd.DataFrame({"步骤": ["注册", "浏览", "下单"], "人数": [100, 80, 20], "上一步转化率": [np.nan, 0.8, 0.25],
                      "总体转化率": [1, 0.8, 0.2], "流失人数": [0, 20, 60]})
    ax = charts.plot_event_funnel(f, title="漏斗")
    assert ax.get_xlim()[0] == 0 and ax.patches[2].get_facecolor()[0] > 0.7  # the weakest step in red
    s = pd.DataFrame({"指标": ["30天内复购"], "A组人数": [500], "A组比例": [0.43], "B组人数": [500],
                      "B组比例": [0.51], "差值（百分点）": [8.0], "置信下限（百分点）": [1.8],
                      "置信上限（百分点）": [14.2], "是否显著": [True]})
    _check(charts.plot_ab(s, title="实验"), "实验")
    g = helpers.compare_groups(pd.DataFrame({"g": ["甲"] * 40 + ["乙"] * 40, "ok": [1, 0] * 20 + [1] * 40}), "g", "ok")
    assert charts.plot_compare_groups(g).get_xlim()[0] == 0
    t = helpers.compare_to_target(pd.DataFrame({"销售额（万元）": [9.0, 11.0]}, index=["2025-01", "2025-02"]),
                                  pd.DataFrame({"month": ["2025-01", "2025-02"], "g": [10.0, 10.0]}),
                                  {"销售额（万元）": "g"})
    _check(charts.plot_target_attainment(t), "达成率")
    _check(charts.plot_sample_size(0.18, per_group=500), "18%")


def test_channel_bcg_lines_ansoff_and_touchpoints():
    table = pd.DataFrame({"渠道": ["门店", "APP", "合计"], "入会人数": [100, 50, 150], "留存人数": [30, 5, 35],
                          "留存率": [0.3, 0.1, 35 / 150]})
    _check(charts.plot_channel_retention(table, helpers.retention_levers(table), title="渠道"), "渠道")
    lm = pd.DataFrame({"product_line": ["X"] * 3, "year": [2023, 2024, 2025], "market_size_wan": [90.0, 100, 120],
                       "our_sales_wan": [10.0, 20, 18], "share_a": [0.1] * 3, "share_b": [0.05] * 3,
                       "share_c": [0.0] * 3})
    ax = charts.plot_bcg(helpers.bcg_matrix(lm, 2025), title="波士顿")
    assert ax.get_xscale() == "log" and "相对市场份额" in ax.get_xlabel()
    orders = pd.DataFrame({"customer_id": ["c"] * 2, "order_date": ["2025-01-01"] * 2, "product_id": ["P1", "P2"],
                           "quantity": [1, 1], "amount": [97.0, 3.0]})
    products = pd.DataFrame({"product_id": ["P1", "P2"], "product_name": ["甲", "乙"], "product_line": ["L"] * 2,
                             "list_price": [100.0, 3.0], "launch_year": [2015, 2015]})
    ax = charts.plot_product_lines(pl.sku_review(orders, products, 2025))
    assert any(p.get_hatch() == "///" for p in ax.patches)  # the tail SKU
    _check(charts.plot_ansoff(), "安索夫")
    d = pd.DataFrame({"触点": ["甲", "乙"], "接触次数": [100, 40], "平均评分": [3.0, 4.2], "重要性": [0.5, 0.1],
                      "评价会员数": [80, 10], "象限": ["优先改进", "—"], "样本少": [False, True]})
    d.attrs.update(perf_line=3.5, importance_line=0.3)
    ax = charts.plot_touchpoint_grid(d, title="触点")
    assert any("样本少" in t.get_text() for t in ax.texts)
