"""The four kinds of marketing control (营销控制), each read as one number on the case data.

* **年度计划控制** -- is the plan being met? quota attainment per region;
* **盈利能力控制** -- are we earning the right money? gross margin per product line;
* **效率控制** -- are the resources used well? sales per rep, per customer, per won deal, and the
  cash spent on winning customers as a share of sales (:func:`acquisition_spend`);
* **战略控制** -- is the direction still right? market share per product line over three years
  and its growth-share (BCG) quadrant.

:func:`marketing_controls` is the reference table, :func:`control_dashboard` the four tables.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..data.columns import require_columns
from ..errors import DataError
from .organisation import LAGGING, TOTAL, _customer_reps, _region_order, _reps

#: Thresholds stated once: a line's margin this many points below the company flags it; a
#: share fall of this many points in the last year raises the strategy alert.
MARGIN_GAP_PP = 3.0
SHARE_FALL_PP = 0.5
#: What the case's marketing-spend table leaves out (said wherever its total is shown).
SPEND_EXCLUDES = "不含销售人员的工资、提成和差旅等时间成本"


def marketing_controls() -> pd.DataFrame:
    """The four kinds of marketing control: the question, the core numbers, how often, who.

    Returns:
        Index 控制类型; columns 回答的问题, 核心指标, 多久看一次, 谁负责.

    >>> marketing_controls().index.tolist()
    ['年度计划控制', '盈利能力控制', '效率控制', '战略控制']
    """
    return pd.DataFrame([
        ("年度计划控制", "计划完成了没有？", "销售额、完成率、市场份额、客户满意度", "每月", "营销负责人、各区域经理"),
        ("盈利能力控制", "赚的是不是该赚的钱？", "按产品线、客户类别、区域的毛利和毛利率", "每季度",
         "营销负责人与财务"),
        ("效率控制", "资源用得好不好？", "人均销售额、每客户销售额、每个赢单的金额、费用率", "每季度",
         "销售运营、各区域经理"),
        ("战略控制", "方向还对不对？", "各产品线的市场份额与增长、产品组合（波士顿矩阵）", "每年（重大变化时随时）",
         "总经理、营销负责人"),
    ], columns=["控制类型", "回答的问题", "核心指标", "多久看一次", "谁负责"]).set_index("控制类型")


def _orders(orders: pd.DataFrame) -> pd.DataFrame:
    return require_columns(orders, {
        "customer_id": "id", "date": {"type": "date", "aliases": ("order_date",)},
        "product": {"type": "text", "aliases": ("product_line",)}, "amount": "number",
        "gross_profit": {"type": "number", "required": False, "allow_null": True, "aliases": ("毛利", "毛利额")}})


def annual_plan_control(sales_reps: pd.DataFrame, year: int = 2025) -> pd.DataFrame:
    """Quota, sales and attainment per region (+ 合计); 是否达标 when attainment ≥ 100.0 %.

    Args:
        sales_reps: rep_id, rep_name, region, level, quota_<year>_wan, sales_<year>_wan.
        year: the year of the quota and sales columns.

    Returns:
        Index 大区: 指标（万元）, 实际（万元）, 完成率, 是否达标 (达到 100 %, decided on the rate
        rounded to 0.1 %).

    >>> reps = pd.DataFrame({"rep_id": ["R1", "R2"], "rep_name": ["甲", "乙"], "region": ["A", "B"],
    ...     "level": ["销售代表"] * 2, "quota_2025_wan": [100, 100], "sales_2025_wan": [99.96, 80]})
    >>> annual_plan_control(reps)["是否达标"].tolist()
    [True, False, False]
    """
    reps = _reps(sales_reps, year)
    table = reps.groupby("region", sort=False, observed=True)[["quota", "sales"]].sum()
    table = table.reindex(_region_order(reps["region"] if "region" in reps else table.index))
    table.loc[TOTAL] = table.sum()
    out = pd.DataFrame({"指标（万元）": table["quota"].round(1), "实际（万元）": table["sales"].round(1)})
    out["完成率"] = (table["sales"] / table["quota"]).where(table["quota"] > 0)
    out["是否达标"] = out["完成率"].round(3) >= 1.0
    out.index.name = "大区"
    out.attrs["percent"] = ["完成率"]
    return out


def profitability_control(orders: pd.DataFrame, year: int = 2025) -> pd.DataFrame:
    """Sales, gross profit and margin per product line in ``year``, against the company.

    Args:
        orders: customer_id, order_date, product_line, amount, gross_profit (元).
        year: the calendar year.

    Returns:
        Index 产品线 (largest sales first, + 合计): 销售额（万元）, 毛利（万元）, 毛利率, 与公司平均差（百分点）,
        明显偏低 (at least 3 points below the company, on the difference rounded to 0.1 point).

    >>> o = pd.DataFrame({"customer_id": ["C1"] * 2, "order_date": ["2025-01-05"] * 2,
    ...     "product_line": ["甲", "乙"], "amount": [10000, 9000], "gross_profit": [3000, 1800]})
    >>> profitability_control(o)[["与公司平均差（百分点）", "明显偏低"]].values.tolist()
    [[4.7, False], [-5.3, True], [0.0, False]]
    """
    o = _orders(orders)
    if "gross_profit" not in o:
        raise DataError("订单表没有毛利列，无法做盈利能力控制", "the orders have no gross profit column",
                        fix_zh="请加入“毛利”列（销售额减成本）", fix_en="add a gross_profit column")
    o = o[o["date"].dt.year == year]
    table = o.groupby("product", observed=True)[["amount", "gross_profit"]].sum() / 1e4
    table = table.sort_values("amount", ascending=False)
    table.loc[TOTAL] = table.sum()
    out = pd.DataFrame({"销售额（万元）": table["amount"].round(1), "毛利（万元）": table["gross_profit"].round(1)})
    out["毛利率"] = (table["gross_profit"] / table["amount"]).where(table["amount"] > 0)
    company = out.loc[TOTAL, "毛利率"]
    out["与公司平均差（百分点）"] = ((out["毛利率"] - company) * 100).round(1)
    out["明显偏低"] = out["与公司平均差（百分点）"] <= -MARGIN_GAP_PP
    out.index.name = "产品线"
    out.attrs.update({"percent": ["毛利率"], "signed_number": ["与公司平均差（百分点）"]})
    return out


def efficiency_control(sales_reps: pd.DataFrame, customers: pd.DataFrame, orders: pd.DataFrame,
                       pipeline: pd.DataFrame | None = None, year: int = 2025,
                       marketing_spend: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sales per rep, per buying customer and per won deal, by the reps' region; the acquisition spend.

    Args:
        sales_reps: as for :func:`annual_plan_control`.
        customers: customer_id, sales_rep_id.
        orders: customer_id, order_date, product_line, amount.
        pipeline: customer_id, status, expected_amount, date_signed (optional: won deals).
        year: the calendar year.
        marketing_spend: year, source, spend_wan (optional: the cash spent on winning customers,
            company-wide; see :func:`acquisition_spend`).

    Returns:
        Index 大区 (+ 合计): 销售人数, 下单客户数, 人均销售额（万元）, 每客户销售额（万元）, 赢单数,
        每个赢单平均金额（万元）. ``attrs``: 获客费用 (the table of :func:`acquisition_spend`, or
        ``None``) and note (what the spend covers and leaves out, or that there is none).

    >>> reps = pd.DataFrame({"rep_id": ["R1", "R2"], "rep_name": ["甲", "乙"], "region": ["A", "A"],
    ...     "level": ["销售代表"] * 2, "quota_2025_wan": [100, 100], "sales_2025_wan": [60, 40]})
    >>> cust = pd.DataFrame({"customer_id": ["C1", "C2"], "sales_rep_id": ["R1", "R2"]})
    >>> o = pd.DataFrame({"customer_id": ["C1", "C2"], "order_date": ["2025-03-01"] * 2,
    ...     "product_line": ["甲"] * 2, "amount": [600000, 400000]})
    >>> efficiency_control(reps, cust, o).loc["A", ["人均销售额（万元）", "每客户销售额（万元）"]].tolist()
    [50.0, 50.0]
    """
    reps = _reps(sales_reps, year)
    owner = _customer_reps(customers, reps).set_index("customer_id")["sales_rep_id"]
    region_of = reps.set_index("rep_id")["region"]
    o = _orders(orders)
    o = o[o["date"].dt.year == year]
    buyers = o.assign(region=o["customer_id"].map(owner).map(region_of)).groupby("region")["customer_id"].nunique()
    won = pd.Series(dtype=float)
    if pipeline is not None:
        p = require_columns(pipeline, {"customer_id": "id", "status": "text", "expected_amount": "number",
                                       "date_signed": {"type": "date", "allow_null": True}})
        p = p[(p["status"] == "赢单") & (p["date_signed"].dt.year == year)]
        won = p.assign(region=p["customer_id"].map(owner).map(region_of)).groupby("region")["expected_amount"]
    regions = _region_order(reps["region"])
    rows = {}
    for region in [*regions, TOTAL]:
        mine = reps if region == TOTAL else reps[reps["region"] == region]
        n_buyers = int(buyers.sum() if region == TOTAL else buyers.get(region, 0))
        sales = mine["sales"].sum()
        row: dict[str, Any] = {"销售人数": len(mine), "下单客户数": n_buyers,
                               "人均销售额（万元）": round(sales / len(mine), 1),
                               "每客户销售额（万元）": round(sales / n_buyers, 1) if n_buyers else np.nan}
        if pipeline is not None:
            amounts = (pd.concat([g for _, g in won]) if region == TOTAL and len(won.groups)
                       else won.get_group(region) if region in won.groups else pd.Series(dtype=float))
            row["赢单数"] = len(amounts)
            row["每个赢单平均金额（万元）"] = round(amounts.mean() / 1e4, 1) if len(amounts) else np.nan
        rows[region] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "大区"
    spend = None if marketing_spend is None else acquisition_spend(marketing_spend, orders, year)
    out.attrs["获客费用"] = spend
    out.attrs["note"] = (spend_sentence(spend) if spend is not None
                         else "没有传入获客费用表（marketing_spend），费用率没有计算。")
    return out


def acquisition_spend(marketing_spend: pd.DataFrame, orders: pd.DataFrame, year: int = 2025) -> pd.DataFrame:
    """The cash spent on winning customers in ``year`` by lead source, and its share of the year's sales.

    The case table holds cash only (展会, 线上推广, 行业协会, 礼品 ...): the sales people's pay,
    commission and travel are not in it, so the share is the acquisition *cash* rate, not the
    full cost of selling.

    Args:
        marketing_spend: year, source, spend_wan (年份, 线索来源, 现金费用 in 万元).
        orders: customer_id, order_date, product_line, amount (the year's sales, all customers).
        year: the calendar year.

    Returns:
        Index 线索来源 (largest first, + 合计): 现金费用（万元）, 占费用, 占销售额. ``attrs``: 销售额（万元）,
        year.

    >>> spend = pd.DataFrame({"year": [2025, 2025, 2024], "source": ["展会", "线上推广", "展会"],
    ...                       "spend_wan": [12.0, 3.0, 99.0]})
    >>> o = pd.DataFrame({"customer_id": ["C1"], "order_date": ["2025-03-01"], "product_line": ["甲"],
    ...                   "amount": [1_000_000]})
    >>> t = acquisition_spend(spend, o)
    >>> t.loc["合计", ["现金费用（万元）", "占销售额"]].tolist(), float(t.loc["展会", "占费用"])
    ([15.0, 0.15], 0.8)
    """
    s = require_columns(marketing_spend, {"year": {"type": "integer", "aliases": ("年份",)},
                                          "source": {"type": "text", "aliases": ("线索来源",)},
                                          "spend_wan": {"type": "number", "min": 0, "aliases": ("现金费用",)}})
    s = s[s["year"] == year]
    if s.empty:
        raise DataError(f"获客费用表中没有 {year} 年的数据", f"the spend table has no year {year}",
                        fix_zh="请检查年份", fix_en="check the year")
    o = _orders(orders)
    sales = float(o.loc[o["date"].dt.year == year, "amount"].sum()) / 1e4
    cash = s.groupby("source", observed=True)["spend_wan"].sum().sort_values(ascending=False, kind="stable")
    cash.loc[TOTAL] = cash.sum()
    out = pd.DataFrame({"现金费用（万元）": cash.round(1)})
    out["占费用"] = cash / cash[TOTAL] if cash[TOTAL] > 0 else np.nan
    out["占销售额"] = cash / sales if sales > 0 else np.nan
    out.index.name = "线索来源"
    out.attrs.update({"percent": ["占费用", "占销售额"], "销售额（万元）": sales, "year": year})
    return out


def spend_sentence(spend: pd.DataFrame) -> str:
    """The acquisition cash rate in one sentence, with what the figure leaves out.

    Args:
        spend: from :func:`acquisition_spend`.

    Returns:
        One sentence.

    >>> t = pd.DataFrame({"现金费用（万元）": [120.0, 211.0], "占销售额": [0.008, 0.0142]}, index=["展会", "合计"])
    >>> t.attrs.update({"销售额（万元）": 14840.0, "year": 2025})
    >>> print(spend_sentence(t).replace("；", "；\\n"))
    2025 年获客现金费用 211 万元（最多的是展会 120 万元），占全年销售额 14,840 万元的 1.4%；
    不含销售人员的工资、提成和差旅等时间成本。
    """
    total = spend.loc[TOTAL]
    rows = spend.drop(index=TOTAL, errors="ignore")
    top = rows["现金费用（万元）"].idxmax() if len(rows) else None
    biggest = f"（最多的是{top} {rows.loc[top, '现金费用（万元）']:,.0f} 万元）" if top is not None else ""
    return (f"{spend.attrs.get('year', '')} 年获客现金费用 {total['现金费用（万元）']:,.0f} 万元{biggest}，"
            f"占全年销售额 {spend.attrs.get('销售额（万元）', float('nan')):,.0f} 万元的 {total['占销售额']:.1%}；"
            f"{SPEND_EXCLUDES}。")


def strategic_control(line_market: pd.DataFrame, year: int = 2025, years: int = 3) -> pd.DataFrame:
    """Market share per product line over ``years`` years, its BCG quadrant, and the alert.

    The quadrants are those of lecture 5's :func:`helpers.analysis.products.bcg_matrix` (one rule
    for the course). 预警 (是) when the share fell at least 0.5 points in the last year, or the line
    moved from a high relative share (明星 / 金牛) to a low one (问题 / 瘦狗).

    Args:
        line_market: product_line, year, market_size_wan, our_sales_wan, share_a / share_b /
            share_c (competitors' shares, 0-1).
        year: the last year.
        years: the years shown.

    Returns:
        Index 产品线: <year>年份额 per year, 近一年变化（百分点）, 三年变化（百分点）, <year-1>年象限,
        <year>年象限, 预警. ``attrs``: percent, signed_number.

    >>> lm = pd.DataFrame({"product_line": ["甲"] * 3 + ["乙"] * 3, "year": [2023, 2024, 2025] * 2,
    ...     "market_size_wan": [1000, 1000, 1000, 2000, 2000, 2000],
    ...     "our_sales_wan": [100, 100, 94, 100, 102, 106], "share_a": [0.05] * 6, "share_b": [0.0] * 6,
    ...     "share_c": [0.0] * 6})
    >>> strategic_control(lm)[["近一年变化（百分点）", "预警"]].values.tolist()
    [[-0.6, True], [0.2, False]]
    """
    from .products import bcg_matrix

    lm = require_columns(line_market, {
        "product_line": {"type": "text", "aliases": ("产品线",)}, "year": "integer",
        "market_size_wan": {"type": "number", "min": 0, "aliases": ("市场规模",)},
        "our_sales_wan": {"type": "number", "min": 0, "aliases": ("本公司销售额",)},
        **{c: {"type": "number", "min": 0, "max": 1} for c in ("share_a", "share_b", "share_c")}})
    lines = list(dict.fromkeys(lm["product_line"]))
    wanted = list(range(year - years + 1, year + 1))
    missing = [y for y in (*wanted, year - 2) if y not in set(lm["year"])]
    if missing:
        raise DataError(f"产品线市场表缺少 {missing[0]} 年的数据", f"the line-market table has no year {missing[0]}",
                        fix_zh=f"需要 {year - 2}–{year} 年每年每条产品线一行", fix_en="one row per line and year")
    share = (lm.set_index(["product_line", "year"])["our_sales_wan"]
             / lm.set_index(["product_line", "year"])["market_size_wan"])
    out = pd.DataFrame(index=pd.Index(lines, name="产品线"))
    for y in wanted:
        out[f"{y}年份额"] = [share.get((line, y), np.nan) for line in lines]
    before = np.array([share.get((line, year - 1), np.nan) for line in lines])
    out["近一年变化（百分点）"] = ((out[f"{year}年份额"] - before) * 100).round(1)
    out["三年变化（百分点）"] = ((out[f"{year}年份额"] - out[f"{wanted[0]}年份额"]) * 100).round(1)
    for y in (year - 1, year):
        out[f"{y}年象限"] = bcg_matrix(lm, y).set_index("产品线")["象限"].reindex(lines).to_numpy()
    slipped = out[f"{year - 1}年象限"].isin(["明星", "金牛"]) & out[f"{year}年象限"].isin(["问题", "瘦狗"])
    out["预警"] = (out["近一年变化（百分点）"] <= -SHARE_FALL_PP) | slipped
    out.attrs.update({"percent": [f"{y}年份额" for y in wanted], "year": year,
                      "signed_number": ["近一年变化（百分点）", "三年变化（百分点）"]})
    return out


def control_dashboard(orders: pd.DataFrame, sales_reps: pd.DataFrame, customers: pd.DataFrame,
                      line_market: pd.DataFrame | None = None, pipeline: pd.DataFrame | None = None,
                      year: int = 2025, marketing_spend: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The four control tables of ``year`` in one dict (keys are the control types).

    Args:
        orders: the orders (customer_id, order_date, product_line, amount, gross_profit).
        sales_reps: the reps with quota_<year>_wan and sales_<year>_wan.
        customers: customer_id, sales_rep_id.
        line_market: the product lines' market (for 战略控制; left out when ``None``).
        pipeline: the sales opportunities (for won deals in 效率控制; optional).
        year: the year.
        marketing_spend: the cash spent on winning customers (for 效率控制; optional).

    Returns:
        {"年度计划控制": ..., "盈利能力控制": ..., "效率控制": ..., "战略控制": ...}.

    >>> sorted(control_dashboard.__annotations__)[:2]
    ['customers', 'line_market']
    """
    out = {"年度计划控制": annual_plan_control(sales_reps, year),
           "盈利能力控制": profitability_control(orders, year),
           "效率控制": efficiency_control(sales_reps, customers, orders, pipeline, year, marketing_spend)}
    if line_market is not None:
        out["战略控制"] = strategic_control(line_market, year)
    return out


def _quadrant_move(before: Any, now: Any) -> str:
    return f"仍是{now}" if before == now else f"{before}→{now}"


def _plan_sentence(table: pd.DataFrame, year: int) -> str:
    rows = table.drop(index=TOTAL, errors="ignore")
    if TOTAL not in table.index:
        return f"年度计划控制：{year} 年各大区完成率见表。"
    missed = rows.index[~rows["是否达标"].astype(bool)]
    lagging = rows.index[rows["完成率"] < LAGGING]
    out = (f"年度计划控制：{year} 年全公司指标完成率 {table.loc[TOTAL, '完成率']:.1%}；{len(rows)} 个大区中 "
           f"{int(rows['是否达标'].sum())} 个达到 100%")
    if len(missed):
        out += f"，未达到 100% 的 {len(missed)} 个：{'、'.join(map(str, missed))}"
        out += f"（其中低于 {LAGGING:.0%}、明显落后的：{'、'.join(map(str, lagging)) or '无'}）"
    return out + "。"


def control_sentences(dashboard: dict[str, pd.DataFrame], year: int = 2025) -> list[str]:
    """One sentence per control of :func:`control_dashboard`, each with its population and year.

    Args:
        dashboard: from :func:`control_dashboard`.
        year: the year shown.

    Returns:
        The sentences, in the order of the dashboard.

    >>> plan = pd.DataFrame({"完成率": [1.05, 0.8, 0.95, 0.94], "是否达标": [True, False, False, False]},
    ...                     index=["A", "B", "C", "合计"])
    >>> print(control_sentences({"年度计划控制": plan})[0].replace("；", "；\\n"))
    年度计划控制：2025 年全公司指标完成率 94.0%；
    3 个大区中 1 个达到 100%，未达到 100% 的 2 个：B、C（其中低于 85%、明显落后的：B）。
    """
    out = []
    for key, table in dashboard.items():
        rows = table.drop(index=TOTAL, errors="ignore")
        if key == "年度计划控制":
            out.append(_plan_sentence(table, year))
        elif key == "盈利能力控制":
            low = rows.index[rows["明显偏低"].astype(bool)]
            out.append(f"{key}：{year} 年公司毛利率 {table.loc[TOTAL, '毛利率']:.1%}；"
                       f"比公司平均低 {MARGIN_GAP_PP:g} 个百分点以上的产品线：{'、'.join(map(str, low)) or '无'}。")
        elif key == "效率控制":
            col = "人均销售额（万元）"
            best, worst = rows[col].idxmax(), rows[col].idxmin()
            out.append(f"{key}：{year} 年人均销售额从{worst} {rows.loc[worst, col]:,.0f} 万元到"
                       f"{best} {rows.loc[best, col]:,.0f} 万元（全公司 {table.loc[TOTAL, col]:,.0f} 万元）；"
                       f"{table.attrs.get('note', '')}")
        elif key == "战略控制":
            alert = rows.index[rows["预警"].astype(bool)]
            before, now = rows[f"{year - 1}年象限"], rows[f"{year}年象限"]
            change = "、".join(f"{line}（近一年 {rows.loc[line, '近一年变化（百分点）']:+.1f} 个百分点，"
                              f"{_quadrant_move(before[line], now[line])}）" for line in alert)
            out.append(f"{key}：{year - 2}–{year} 年各产品线的市场份额中，需要预警的：{change or '无'}。")
    return out
