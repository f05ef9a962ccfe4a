"""Product evaluation and product-line review: too long, too short, too coarse, too fine.

The seeds name the four words (过长过短、过粗过细) but give no test; the rules below are
**this course's**, each checkable on order data (all parameters can be changed):

========  ==========================================================================
过长      at least 2 tail SKUs. A tail SKU has under ``tail_share`` (5%) of its line's
          sales and has been on the market ``tail_min_age`` (3) years or more (new
          products are not a tail).
过短      the biggest SKU has ``top_share`` (60%) or more of the line; or the line's
          market grows ``growth_line`` (10%) or more while our line grows less than
          ``lag_ratio`` (half) of that, with at most ``max_skus_short`` (4) SKUs on sale.
过粗      one SKU sold to different industries at very different discounts: mean discount
          of the highest and the lowest industry differ by ``discount_gap`` (15
          percentage points) or more (industries with at least ``min_orders`` orders).
过细      two SKUs of one line whose list prices differ by ``twin_price`` (20%) or less
          and whose buyers overlap by ``twin_overlap`` (50%) or more (Jaccard: customers
          who bought both ÷ customers who bought either).
========  ==========================================================================

:func:`sku_review` evaluates each SKU against its line (sales, growth, margin, the
improvement areas); :func:`product_line_review` gives each line its verdict and the evidence;
:func:`flagged_skus` and :func:`line_verdicts` are the two tables a trainee reads.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

from ..data.transactions import _require
from ..errors import DataError
from .experiments import numbered

_ORDER_COLS = ["customer_id", "order_date", "product_id", "quantity", "amount"]
_PRODUCT_COLS = ["product_id", "product_name", "product_line", "list_price", "launch_year"]


def _year_sales(orders: pd.DataFrame, year: int) -> pd.DataFrame:
    _require(orders, _ORDER_COLS)
    o = orders.reset_index(drop=True)
    o["_year"] = pd.to_datetime(o["order_date"]).dt.year
    if not (o["_year"] == year).any():
        raise DataError(f"订单里没有 {year} 年的数据", f"no orders in {year}", column="order_date")
    return o


def sku_review(orders: pd.DataFrame, products: pd.DataFrame, year: int, tail_share: float = 0.05,
               tail_min_age: int = 3, margin_gap: float = 0.05, decline: float = 0.10,
               intro_share: float = 0.03) -> pd.DataFrame:
    """Each SKU against its product line in ``year``: sales, share, growth, margin, improvement areas.

    改进区域 (several may apply): 毛利率低于产品线 5 个百分点以上; 销售额同比下降 10% 以上;
    尾部 SKU (see the module docstring); 新品（上市不到两年）销售不足产品线 3%.

    Args:
        orders: order lines (customer_id, order_date, product_id, quantity, amount; gross_profit
            for the margin).
        products: products (product_id, product_name, product_line, list_price, launch_year,
            lifecycle_stage optional).
        year: the year reviewed.
        tail_share: a tail SKU's share of its line is below this.
        tail_min_age: a tail SKU has been on the market at least this many years.
        margin_gap: margin below the line's by more than this is an improvement area.
        decline: a sales fall of more than this is an improvement area.
        intro_share: a new SKU below this share of its line is an improvement area.

    Returns:
        One row per SKU on sale (launched by ``year``): 产品编号, 产品名称, 产品线, 上市年份,
        生命周期, 销售额（万元）, 占产品线, 同比, 毛利率, 比产品线毛利率（百分点）, 尾部SKU, 改进区域.

    >>> o = pd.DataFrame({"customer_id": ["c"] * 3, "order_date": ["2025-03-01"] * 3, "product_id": ["A", "B", "B"],
    ...                   "quantity": [1, 1, 1], "amount": [96.0, 2.0, 2.0], "gross_profit": [30.0, 1.0, 1.0]})
    >>> p = pd.DataFrame({"product_id": ["A", "B"], "product_name": ["甲", "乙"], "product_line": ["L", "L"],
    ...                   "list_price": [100.0, 2.0], "launch_year": [2015, 2015]})
    >>> sku_review(o, p, 2025)[["产品编号", "尾部SKU", "改进区域"]].values.tolist()
    [['A', False, '—'], ['B', True, '尾部 SKU']]
    """
    o = _year_sales(orders, year)
    _require(products, _PRODUCT_COLS)
    p = products[products["launch_year"] <= year].set_index("product_id")
    now = o[o["_year"] == year].groupby("product_id")["amount"].sum().reindex(p.index, fill_value=0.0)
    before = o[o["_year"] == year - 1].groupby("product_id")["amount"].sum().reindex(p.index)
    line_sales = now.groupby(p["product_line"], observed=True).transform("sum")
    share = now / line_sales.replace(0, np.nan)
    if "gross_profit" in o:
        gp = o[o["_year"] == year].groupby("product_id")["gross_profit"].sum().reindex(p.index, fill_value=0.0)
        margin = gp / now.replace(0, np.nan)
        line_margin = gp.groupby(p["product_line"], observed=True).transform("sum") / line_sales.replace(0, np.nan)
    else:
        margin = line_margin = pd.Series(np.nan, index=p.index)
    growth = now / before.replace(0, np.nan) - 1
    age = year - p["launch_year"]
    tail = (share < tail_share) & (age >= tail_min_age)
    areas = []
    for sku in p.index:
        flags = []
        if margin[sku] < line_margin[sku] - margin_gap:
            flags.append(f"毛利率低于产品线 {margin_gap * 100:g} 个百分点以上")
        if growth[sku] < -decline:
            flags.append(f"销售额同比下降 {decline:.0%} 以上")
        if tail[sku]:
            flags.append("尾部 SKU")
        if age[sku] < 2 and share[sku] < intro_share:
            flags.append(f"新品销售不足产品线 {intro_share:.0%}")
        areas.append("、".join(flags) or "—")
    table = pd.DataFrame({"产品编号": p.index, "产品名称": p["product_name"].to_numpy(),
                          "产品线": p["product_line"].astype(str).to_numpy(),
                          "上市年份": p["launch_year"].astype(int).astype(str).to_numpy(),
                          "生命周期": p["lifecycle_stage"].astype(str).to_numpy() if "lifecycle_stage" in p else "—",
                          "销售额（万元）": (now / 1e4).to_numpy(), "占产品线": share.to_numpy(),
                          "同比": growth.to_numpy(), "毛利率": margin.to_numpy(),
                          "比产品线毛利率（百分点）": ((margin - line_margin) * 100).to_numpy(),
                          "尾部SKU": tail.to_numpy(),
                          "改进区域": areas})
    table.attrs["percent"] = ["占产品线", "毛利率"]
    table.attrs["signed"] = ["同比"]
    table.attrs["year"] = year
    return table


def _discount_spread(o: pd.DataFrame, p: pd.DataFrame, customers: pd.DataFrame, min_orders: int) -> pd.DataFrame:
    """Per SKU: the largest gap between industries' mean discounts (industries with min_orders orders)."""
    _require(customers, ["customer_id", "industry"])
    price = p["list_price"].reindex(o["product_id"]).to_numpy(dtype=float)
    qty = o["quantity"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        discount = 1 - (o["amount"].to_numpy(dtype=float) / qty) / price
    frame = pd.DataFrame({"sku": o["product_id"].to_numpy(), "discount": discount,
                          "industry": customers.set_index("customer_id")["industry"].reindex(o["customer_id"])
                          .astype(str).to_numpy()}).dropna()
    stats = frame.groupby(["sku", "industry"])["discount"].agg(["mean", "size"]).reset_index()
    stats = stats[stats["size"] >= min_orders]
    rows = []
    for sku, g in stats.groupby("sku"):
        if len(g) >= 2:
            hi, lo = g.loc[g["mean"].idxmax()], g.loc[g["mean"].idxmin()]
            rows.append({"sku": sku, "spread": hi["mean"] - lo["mean"],
                         "detail": f"{hi['industry']} {hi['mean']:.0%} 对 {lo['industry']} {lo['mean']:.0%}"})
    return pd.DataFrame(rows, columns=["sku", "spread", "detail"]).set_index("sku")


def product_line_review(orders: pd.DataFrame, products: pd.DataFrame, customers: pd.DataFrame,
                        line_market: pd.DataFrame | None = None, year: int = 2025, tail_share: float = 0.05,
                        tail_min_age: int = 3, top_share: float = 0.60, lag_ratio: float = 0.5,
                        growth_line: float = 0.10, max_skus_short: int = 4, discount_gap: float = 0.15,
                        min_orders: int = 30, twin_price: float = 0.20, twin_overlap: float = 0.50) -> pd.DataFrame:
    """Each product line's verdict -- 过长 / 过短 / 过粗 / 过细 / 正常 -- by the rules of this module.

    Args:
        orders: order lines (customer_id, order_date, product_id, quantity, amount).
        products: products (product_id, product_name, product_line, list_price, launch_year).
        customers: customers (customer_id, industry).
        line_market: market size per line and year (for the market-lag rule of 过短); optional.
        year: the year reviewed.
        tail_share: see the module docstring.
        tail_min_age: see the module docstring.
        top_share: see the module docstring.
        lag_ratio: see the module docstring.
        growth_line: see the module docstring.
        max_skus_short: see the module docstring.
        discount_gap: see the module docstring.
        min_orders: see the module docstring.
        twin_price: see the module docstring.
        twin_overlap: see the module docstring.

    Returns:
        One row per line: 产品线, SKU数, 最大单品占比, 尾部SKU, 本公司增长, 市场增长,
        最大行业折扣差, 相近SKU对, 判定, 依据.

    >>> o = pd.DataFrame({"customer_id": ["c1", "c2", "c1", "c2", "c3"], "order_date": ["2025-05-01"] * 5,
    ...                   "product_id": ["T1", "T1", "T2", "T2", "T2"], "quantity": [1] * 5,
    ...                   "amount": [150.0, 150, 110, 110, 110]})
    >>> p = pd.DataFrame({"product_id": ["T1", "T2"], "product_name": ["甲", "乙"], "product_line": ["L2", "L2"],
    ...                   "list_price": [100.0, 110.0], "launch_year": [2015, 2016]})
    >>> c = pd.DataFrame({"customer_id": ["c1", "c2", "c3"], "industry": ["x"] * 3})
    >>> product_line_review(o, p, c, min_orders=1)[["产品线", "判定"]].values.tolist()
    [['L2', '过细']]
    """
    skus = sku_review(orders, products, year, tail_share=tail_share, tail_min_age=tail_min_age)
    o = _year_sales(orders, year)
    p = products.set_index("product_id")
    now = o[o["_year"] == year]
    spread = _discount_spread(now, p, customers, min_orders)
    buyers = now.groupby("product_id")["customer_id"].agg(lambda s: frozenset(s))
    growth_market: dict[str, float] = {}
    if line_market is not None:
        _require(line_market, ["product_line", "year", "market_size_wan"])
        size = line_market.set_index(["product_line", "year"])["market_size_wan"]
        for line in skus["产品线"].unique():
            if (line, year) in size.index and (line, year - 1) in size.index:
                growth_market[line] = size[(line, year)] / size[(line, year - 1)] - 1
    o["_line"] = o["product_id"].map(p["product_line"]).astype(str)
    line_now = o[o["_year"] == year].groupby("_line")["amount"].sum()
    line_before = o[o["_year"] == year - 1].groupby("_line")["amount"].sum()
    rows = []
    for line, g in skus.groupby("产品线", sort=False):
        flags, why = [], []
        tails = g[g["尾部SKU"]]
        if len(tails) >= 2:
            flags.append("过长")
            why.append(f"{len(tails)} 个尾部型号（{'、'.join(tails['产品编号'])}）")
        top = float(g["占产品线"].max())
        ours = line_now.get(line, 0.0) / line_before.get(line, math.nan) - 1 if line_before.get(line) else math.nan
        market = growth_market.get(line, math.nan)
        lagging = (market >= growth_line and not ours >= lag_ratio * market and len(g) <= max_skus_short)
        if top >= top_share or lagging:
            flags.append("过短")
            why.append(f"最大单品占 {top:.0%}" if top >= top_share else
                       f"市场增长 {market:+.0%}，本线增长 {ours:+.0%}，只有 {len(g)} 个型号")
        gaps = spread.reindex(g["产品编号"]).dropna()
        widest = float(gaps["spread"].max()) if len(gaps) else math.nan
        if widest >= discount_gap:
            sku = gaps["spread"].idxmax()
            flags.append("过粗")
            why.append(f"{sku} 行业折扣差 {widest * 100:.0f} 个百分点（{gaps.loc[sku, 'detail']}）")
        twins = []
        for a, b in itertools.combinations(g["产品编号"], 2):
            pa, pb = float(p.loc[a, "list_price"]), float(p.loc[b, "list_price"])
            sa, sb = buyers.get(a, frozenset()), buyers.get(b, frozenset())
            if not sa or not sb or abs(pa - pb) / min(pa, pb) > twin_price:
                continue
            jac = len(sa & sb) / len(sa | sb)
            if jac >= twin_overlap:
                twins.append(f"{a}–{b}（价差 {abs(pa - pb) / min(pa, pb):.0%}，客户重合 {jac:.0%}）")
        if twins:
            flags.append("过细")
            why.append("相近型号 " + "；".join(twins))
        rows.append({"产品线": line, "SKU数": len(g), "最大单品占比": top,
                     "尾部SKU": "、".join(tails["产品编号"]) or "—", "本公司增长": ours, "市场增长": market,
                     "最大行业折扣差": widest, "相近SKU对": "；".join(twins) or "—",
                     "判定": "、".join(flags) or "正常", "依据": "；".join(why) or "各项规则都未触发"})
    table = pd.DataFrame(rows)
    table.attrs["percent"] = ["最大单品占比", "最大行业折扣差"]
    table.attrs["signed"] = ["本公司增长", "市场增长"]
    return table


def product_lines_title(review: pd.DataFrame) -> str:
    """A title listing the lines that broke a rule.

    Args:
        review: output of :func:`product_line_review`.

    Returns:
        One sentence.

    >>> product_lines_title(pd.DataFrame({"产品线": ["A", "B"], "判定": ["过长", "正常"]}))
    '产品线体检：A过长；其余正常'
    """
    flagged = review[review["判定"] != "正常"]
    if flagged.empty:
        return "产品线体检：各条产品线都没有触发规则"
    return "产品线体检：" + "；".join(f"{r['产品线']}{r['判定']}" for _, r in flagged.iterrows()) + \
        ("；其余正常" if len(flagged) < len(review) else "")


def flagged_skus(skus: pd.DataFrame) -> pd.DataFrame:
    """The SKUs with at least one improvement area, numbered from 1 (the table a trainee reads).

    Args:
        skus: output of :func:`sku_review`.

    Returns:
        The same columns, only the flagged rows, rows numbered from 1 (attrs kept).

    >>> t = pd.DataFrame({"产品编号": ["A", "B", "C"], "改进区域": ["—", "尾部 SKU", "—"]})
    >>> flagged_skus(t)["产品编号"].to_dict()
    {1: 'B'}
    """
    out = skus[skus["改进区域"] != "—"].copy()
    out.attrs = dict(skus.attrs)
    return numbered(out)


def line_verdicts(review: pd.DataFrame) -> pd.DataFrame:
    """The product-line verdicts as a trainee reads them: size, growth, verdict and its evidence.

    Args:
        review: output of :func:`product_line_review`.

    Returns:
        Columns 产品线, 在售型号数, 最大单品占比, 本公司增长, 市场增长, 判定, 依据; rows numbered from 1.

    >>> r = pd.DataFrame({"产品线": ["L"], "SKU数": [3], "最大单品占比": [0.5], "本公司增长": [0.1], "市场增长": [0.2],
    ...                   "判定": ["正常"], "依据": ["各项规则都未触发"]})
    >>> line_verdicts(r).columns.tolist()
    ['产品线', '在售型号数', '最大单品占比', '本公司增长', '市场增长', '判定', '依据']
    """
    out = review[["产品线", "SKU数", "最大单品占比", "本公司增长", "市场增长", "判定", "依据"]]
    out = numbered(out.rename(columns={"SKU数": "在售型号数"}).reset_index(drop=True))
    out.attrs.update({"percent": ["最大单品占比"], "signed": ["本公司增长", "市场增长"]})
    return out
