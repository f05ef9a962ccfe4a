"""Product strategy: the BCG growth-share matrix, a planning table, Ansoff and 4P → 4C.

* :func:`bcg_matrix` -- each product line placed by its market's growth and its relative
  market share (our share ÷ the share of the largest of the **tracked** competitors -- the
  case tracks three; the rest of the market is not named), with the quadrant, a flag for
  lines close to a boundary, and what BCG does not look at (our own growth, the change of
  our share, how much of the market the tracked firms hold); :func:`bcg_caveat` says it.
  Rules: growth ≥ 10% is "high", relative share ≥ 1 is "high" (boundary values go to the
  high side; values are compared after rounding to six decimals so that a float's last
  digit never flips a quadrant).
* :func:`product_plan` -- the quadrant's strategy combined with the product-line review of
  :mod:`helpers.analysis.product_lines` into one recommendation per line, with what BCG does
  not see beside it and a 提醒 where that contradicts the quadrant.
* :func:`ansoff_table`, :func:`ansoff_evidence` -- the four growth directions, and measured
  indicators from the B2B case data where the case has them.
* :func:`four_p_four_c` -- the seeds' shift from 4P (the company's checklist) to 4C (the
  customer's questions), with an example from each case company.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..data.transactions import _require
from ..errors import DataError, first_bad_row
from .experiments import numbered

#: Competitor share columns of ``line_market`` and their names.
COMPETITORS: dict[str, str] = {"share_a": "竞品A", "share_b": "竞品B", "share_c": "竞品C"}
#: The four BCG quadrants with their planning strategy.
BCG_STRATEGY: dict[str, str] = {
    "明星": "加大投入，守住领先",
    "问题": "选择性投入：挑一个能赢的细分重点打，否则退出",
    "金牛": "维持效率，用它的现金支持明星和问题产品",
    "瘦狗": "收缩、精简型号，或找一个能守住的小细分",
}


def _quadrant(high_growth: np.ndarray, high_share: np.ndarray) -> np.ndarray:
    return np.select([high_growth & high_share, high_growth, high_share], ["明星", "问题", "金牛"], "瘦狗")


def bcg_matrix(line_market: pd.DataFrame, year: int, growth_threshold: float = 0.10, share_threshold: float = 1.0,
               line_col: str = "product_line") -> pd.DataFrame:
    """Place each product line on the BCG growth-share matrix for ``year``.

    * 市场增长率 = market size (year) ÷ market size (year − 1) − 1;
    * 本公司份额 = our sales ÷ market size; 相对份额 = our share ÷ the largest tracked
      competitor's share (inf when no competitor has a share: we lead);
    * not used by the quadrant, shown beside it: 本公司增长 (our sales against last year),
      份额变化（百分点） (our share against last year), 已跟踪份额合计 (our share plus the
      tracked competitors' -- the rest of the market belongs to firms not tracked);
    * 象限: 明星 (growth ≥ threshold, relative ≥ 1), 问题 (growth high, relative < 1),
      金牛 (growth low, relative ≥ 1), 瘦狗 (both low);
    * 靠近分界线: growth within 1 percentage point of the threshold, or relative share
      between 0.9 and 1.1 -- a small change of data or market definition would move it.

    The previous year's position (上年市场增长率, 上年相对份额) is added when the table has
    the year before it too (for the arrow in :func:`helpers.charts.plot_bcg`).

    Args:
        line_market: one row per product line and year: market_size_wan, our_sales_wan,
            share_a, share_b, share_c (fractions 0–1).
        year: the year to place.
        growth_threshold: the growth boundary (default 10%).
        share_threshold: the relative share boundary (default 1).
        line_col: the product line column.

    Returns:
        One row per line (numbered from 1): 产品线, 市场规模（万元）, 市场增长率, 本公司销售额（万元）,
        本公司份额, 最大竞争对手, 其份额, 相对份额, 象限, 靠近分界线, 本公司增长, 份额变化（百分点）,
        已跟踪份额合计, 上年市场增长率, 上年相对份额.

    >>> lm = pd.DataFrame({"product_line": ["X", "X", "Y", "Y"], "year": [2024, 2025, 2024, 2025],
    ...                    "market_size_wan": [100.0, 115.0, 200.0, 204.0], "our_sales_wan": [20.0, 23.0, 28.0, 30.0],
    ...                    "share_a": [0.1, 0.1, 0.2, 0.2], "share_b": [0.05] * 4, "share_c": [0.02] * 4})
    >>> bcg_matrix(lm, 2025)[["产品线", "象限"]].values.tolist()
    [['X', '明星'], ['Y', '瘦狗']]
    """
    cols = [line_col, "year", "market_size_wan", "our_sales_wan", *COMPETITORS]
    _require(line_market, cols)
    lm = line_market[cols].copy()
    size = pd.to_numeric(lm["market_size_wan"], errors="coerce").to_numpy(dtype=float)
    bad = ~(size > 0)
    if bad.any():
        raise DataError("市场规模必须大于 0", "market sizes must be above 0", column="market_size_wan",
                        row=first_bad_row(bad))
    shares = lm[list(COMPETITORS)].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    bad = ~((shares >= 0) & (shares <= 1)).all(axis=1)
    if bad.any():
        raise DataError("竞品份额必须是 0 到 1 之间的小数", "competitor shares must be fractions from 0 to 1",
                        column="share_a", row=first_bad_row(bad))

    def one(y: int) -> pd.DataFrame:
        now = lm[lm["year"] == y].set_index(line_col)
        before = lm[lm["year"] == y - 1].set_index(line_col)
        missing = [str(x) for x in now.index if x not in before.index]
        if now.empty or missing:
            raise DataError(f"缺少 {y - 1} 年的市场数据，算不出 {y} 年的增长率：{'、'.join(missing) or '全部'}",
                            f"no market data for {y - 1}, so no growth for {y}", column="year")
        growth = now["market_size_wan"] / before.loc[now.index, "market_size_wan"] - 1
        ours = now["our_sales_wan"] / now["market_size_wan"]
        comp = now[list(COMPETITORS)]
        leader = comp.max(axis=1)
        relative = np.where(leader > 0, ours / leader.replace(0, np.nan), np.inf)
        before = before.loc[now.index]
        return pd.DataFrame({"市场规模（万元）": now["market_size_wan"], "市场增长率": growth,
                             "本公司销售额（万元）": now["our_sales_wan"], "本公司份额": ours,
                             "最大竞争对手": [COMPETITORS[c] if v > 0 else "无竞争对手"
                                         for c, v in zip(comp.idxmax(axis=1), leader)],
                             "其份额": leader, "相对份额": relative,
                             "本公司增长": now["our_sales_wan"] / before["our_sales_wan"].replace(0, np.nan) - 1,
                             "份额变化（百分点）": (ours - before["our_sales_wan"] / before["market_size_wan"]) * 100,
                             "已跟踪份额合计": ours + comp.sum(axis=1)}, index=now.index)

    table = one(year)
    g = table["市场增长率"].round(6).to_numpy()
    r = np.round(table["相对份额"].to_numpy(dtype=float), 6)
    table["象限"] = _quadrant(g >= growth_threshold, r >= share_threshold)
    near_share = (r > 0.9 * share_threshold) & (r < 1.1 * share_threshold)
    table["靠近分界线"] = (np.abs(g - growth_threshold) < 0.01) | near_share
    table = table[[c for c in table.columns if c not in ("本公司增长", "份额变化（百分点）", "已跟踪份额合计")]
                  + ["本公司增长", "份额变化（百分点）", "已跟踪份额合计"]]
    if (lm["year"] == year - 2).any():
        prev = one(year - 1).reindex(table.index)
        table["上年市场增长率"], table["上年相对份额"] = prev["市场增长率"], prev["相对份额"]
    else:
        table["上年市场增长率"], table["上年相对份额"] = np.nan, np.nan
    table = numbered(table.reset_index().rename(columns={line_col: "产品线"}))
    table.attrs["percent"] = ["市场增长率", "本公司份额", "其份额", "已跟踪份额合计", "上年市场增长率"]
    table.attrs["signed"] = ["本公司增长"]
    table.attrs["year"] = year
    table.attrs["thresholds"] = (growth_threshold, share_threshold)
    return table


def bcg_title(bcg: pd.DataFrame) -> str:
    """A title stating the portfolio's finding: the stars, and whether their lead is shrinking.

    Args:
        bcg: output of :func:`bcg_matrix`.

    Returns:
        One sentence.

    >>> b = pd.DataFrame({"产品线": ["X", "Y"], "象限": ["明星", "瘦狗"], "相对份额": [1.3, 0.4],
    ...                   "上年相对份额": [1.9, 0.4]})
    >>> bcg_title(b)
    'X是唯一的明星，但领先优势一年内明显缩小（相对份额 1.9 → 1.3）'
    """
    stars = bcg[bcg["象限"] == "明星"]
    counts = bcg["象限"].value_counts()
    if stars.empty:
        return "没有明星产品线：" + "、".join(f"{q} {counts.get(q, 0)} 条" for q in BCG_STRATEGY)
    names = "、".join(stars["产品线"])
    head = f"{names}是唯一的明星" if len(stars) == 1 else f"明星产品线：{names}"
    shrink = stars[stars["相对份额"] < 0.85 * stars["上年相对份额"]]
    if len(shrink):
        row = shrink.iloc[0]
        return head + f"，但领先优势一年内明显缩小（相对份额 {row['上年相对份额']:.1f} → {row['相对份额']:.1f}）"
    return head + "，领先地位稳定"


def product_plan(bcg: pd.DataFrame, review: pd.DataFrame | None = None, share_move: float = 0.5) -> pd.DataFrame:
    """One recommendation per product line: the quadrant's strategy, sharpened by the line review, with a check.

    BCG sees two numbers only. The table puts beside them what it does not see -- the line's
    weight in our sales, our own growth and the change of our share -- and a 提醒 where they
    contradict the quadrant: a 瘦狗 or 问题 line whose share rose by ``share_move`` points or
    more should not be shrunk before the growth is understood; a 明星 or 金牛 line whose share
    fell as much needs the reason found.

    Args:
        bcg: output of :func:`bcg_matrix`.
        review: output of :func:`helpers.analysis.product_lines.product_line_review` (optional).
        share_move: the share change (percentage points) that triggers a 提醒.

    Returns:
        Columns 产品线, 象限, 本公司销售额（万元）, 占本公司销售额, 本公司增长, 份额变化（百分点）,
        产品线判定, 建议, 提醒; rows numbered from 1.

    >>> b = pd.DataFrame({"产品线": ["X", "Y"], "象限": ["明星", "瘦狗"], "本公司销售额（万元）": [10.0, 30.0],
    ...                   "本公司增长": [0.02, 0.18], "份额变化（百分点）": [-2.0, 0.6]})
    >>> r = pd.DataFrame({"产品线": ["X", "Y"], "判定": ["过短", "正常"]})
    >>> p = product_plan(b, r)
    >>> print(p.loc[1, "建议"]); print(p.loc[1, "提醒"]); print(p.loc[2, "提醒"])
    加大投入，守住领先；补齐型号、配专人，跟上市场增长
    份额下降 2.0 个百分点：先查丢份额的原因
    份额上升 0.6 个百分点、销售增长 +18%：收缩之前先查清增长从哪来
    """
    extra = {"过长": "清理尾部型号，把资源集中到主力型号", "过短": "补齐型号、配专人，跟上市场增长",
             "过粗": "为高折扣的行业客户单独开发一个型号，而不是靠打折去够",
             "过细": "合并相近型号，减少自己抢自己"}
    flags = review.set_index("产品线")["判定"] if review is not None else pd.Series(dtype=object)
    total = float(bcg["本公司销售额（万元）"].sum()) if "本公司销售额（万元）" in bcg else math.nan
    rows = []
    for _, row in bcg.iterrows():
        verdict = str(flags.get(row["产品线"], "—"))
        advice = [BCG_STRATEGY[row["象限"]]] + [extra[f] for f in verdict.split("、") if f in extra]
        move, growth = float(row.get("份额变化（百分点）", math.nan)), float(row.get("本公司增长", math.nan))
        note = "—"
        if row["象限"] in ("瘦狗", "问题") and move >= share_move:
            note = f"份额上升 {move:.1f} 个百分点、销售增长 {growth:+.0%}：收缩之前先查清增长从哪来"
        elif row["象限"] in ("明星", "金牛") and move <= -share_move:
            note = f"份额下降 {-move:.1f} 个百分点：先查丢份额的原因"
        sales = float(row.get("本公司销售额（万元）", math.nan))
        rows.append({"产品线": row["产品线"], "象限": row["象限"], "本公司销售额（万元）": sales,
                     "占本公司销售额": sales / total if total else math.nan, "本公司增长": growth,
                     "份额变化（百分点）": move, "产品线判定": verdict, "建议": "；".join(advice), "提醒": note})
    out = numbered(pd.DataFrame(rows))
    out.attrs["percent"] = ["占本公司销售额"]
    out.attrs["signed"] = ["本公司增长"]
    return out


def bcg_caveat(bcg: pd.DataFrame) -> str:
    """What the BCG chart does not show: whom the relative share compares with, and how much of the market that is.

    Args:
        bcg: output of :func:`bcg_matrix`.

    Returns:
        One sentence.

    >>> b = pd.DataFrame({"产品线": ["X", "Y", "Z"], "已跟踪份额合计": [0.25, 0.30, 0.53]})
    >>> print(bcg_caveat(b).replace("；", "；\\n").replace("。", "。\\n").replace("，其余", "，\\n其余").strip())
    相对份额是和三家已跟踪竞品中最大的一家比；
    本公司和这三家合计只占各产品线市场的 25%–53%（Z最高），
    其余属于没有跟踪的厂商，真正的“老大”可能另有其人。
    波士顿矩阵只看市场增长和相对份额两个数：本公司自己的增长、份额的变化、毛利和客户需求都不在图上。
    """
    tracked = bcg.set_index("产品线")["已跟踪份额合计"]
    return (f"相对份额是和三家已跟踪竞品中最大的一家比；本公司和这三家合计只占各产品线市场的 "
            f"{tracked.min():.0%}–{tracked.max():.0%}（{tracked.idxmax()}最高），其余属于没有跟踪的厂商，"
            "真正的“老大”可能另有其人。波士顿矩阵只看市场增长和相对份额两个数：本公司自己的增长、份额的变化、"
            "毛利和客户需求都不在图上。")


def ansoff_table() -> pd.DataFrame:
    """The Ansoff matrix: four growth directions, what each means and how risky it is.

    Returns:
        Columns 方向, 产品, 市场, 做法, 风险.

    >>> ansoff_table()["方向"].tolist()
    ['市场渗透', '市场开发', '产品开发', '多元化']
    """
    rows = [("市场渗透", "现有产品", "现有市场", "卖更多给现有客户：提高份额、频次和客单价", "最低"),
            ("市场开发", "现有产品", "新市场", "现有产品进入新区域、新行业、新客户群", "中"),
            ("产品开发", "新产品", "现有市场", "给现有客户提供新产品或新服务", "中"),
            ("多元化", "新产品", "新市场", "新产品进入新市场，离现有能力最远", "最高")]
    return pd.DataFrame(rows, columns=["方向", "产品", "市场", "做法", "风险"])


def ansoff_evidence(orders: pd.DataFrame, customers: pd.DataFrame, products: pd.DataFrame, regions: pd.DataFrame,
                    year: int, new_since: int | None = None, region_growth: float = 0.10) -> pd.DataFrame:
    """Measured indicators per Ansoff direction, from the B2B case tables (one or more rows per direction).

    * 市场渗透 (existing products, existing markets) -- Σ (purchase potential − our sales in
      ``year``) over the customers who bought in ``year`` (万元, never negative per customer);
      and the regions we already sell in whose market grew by at least ``region_growth``
      (the BCG growth line, 10%) while our share there is below our national share: room to
      win share where we already are;
    * 产品开发 -- the share of those customers who bought a product launched in
      ``new_since`` (default ``year − 2``) or later: how well new products reach them;
    * 市场开发 and 多元化 -- new regions, industries or customer groups are not in the case
      data: they need outside research.

    Args:
        orders: order lines (customer_id, order_date, product_id, amount).
        customers: customers (customer_id, purchase_potential_wan).
        products: products (product_id, launch_year).
        regions: regions by year (region, year, market_size_wan, our_sales_wan).
        year: the year.
        new_since: first launch year counted as new.
        region_growth: the market growth that makes a region attractive (as BCG's line).

    Returns:
        Columns 方向, 指标, 数值, 说明; rows numbered from 1.

    >>> o = pd.DataFrame({"customer_id": ["c"], "order_date": ["2025-03-01"], "product_id": ["p"], "amount": [2e5]})
    >>> c = pd.DataFrame({"customer_id": ["c"], "purchase_potential_wan": [50.0]})
    >>> p = pd.DataFrame({"product_id": ["p"], "launch_year": [2024]})
    >>> r = pd.DataFrame({"region": ["甲", "甲"], "year": [2024, 2025], "market_size_wan": [100.0, 110.0],
    ...                   "our_sales_wan": [5.0, 5.0]})
    >>> ansoff_evidence(o, c, p, r, 2025)["数值"].tolist()[:3]
    [30.0, 0.0, 1.0]
    """
    _require(orders, ["customer_id", "order_date", "product_id", "amount"])
    _require(customers, ["customer_id", "purchase_potential_wan"])
    _require(products, ["product_id", "launch_year"])
    _require(regions, ["region", "year", "market_size_wan", "our_sales_wan"])
    new_since = year - 2 if new_since is None else new_since
    o = orders[pd.to_datetime(orders["order_date"]).dt.year == year]
    sales = o.groupby("customer_id")["amount"].sum() / 1e4
    potential = customers.set_index("customer_id")["purchase_potential_wan"].reindex(sales.index)
    headroom = float((potential - sales).clip(lower=0).sum())
    launch = products.set_index("product_id")["launch_year"]
    new_buyers = o.loc[o["product_id"].map(launch).fillna(0).astype(int) >= new_since, "customer_id"].nunique()
    share_new = new_buyers / len(sales) if len(sales) else math.nan
    now = regions[regions["year"] == year].set_index("region")
    before = regions[regions["year"] == year - 1].set_index("region")
    growth = now["market_size_wan"] / before["market_size_wan"].reindex(now.index) - 1
    national = now["our_sales_wan"].sum() / now["market_size_wan"].sum()
    ours = now["our_sales_wan"] / now["market_size_wan"]
    picks = [str(r) for r in now.index if growth.get(r, math.nan) >= region_growth and ours[r] < national]
    rows = [("市场渗透", f"{year} 年有购买客户的剩余采购潜力（万元）", round(headroom, 1),
             "潜力 − 本公司销售额，按客户加总：老客户身上还有多少生意"),
            ("市场渗透", f"市场增长 ≥ {region_growth:.0%} 而本公司份额低于全国的已进入区域", float(len(picks)),
             "、".join(picks) if picks else "没有符合条件的区域"),
            ("产品开发", f"{year} 年有购买的客户中买过 {new_since} 年及以后上市产品的比例", share_new,
             f"{new_buyers} / {len(sales)} 位客户：新产品有没有卖到老客户手里"),
            ("市场开发", "案例数据中没有", math.nan, "新区域、新行业、新客户群的规模需要外部调研"),
            ("多元化", "案例数据中没有", math.nan, "新产品进入新市场，需要外部调研和独立团队")]
    return numbered(pd.DataFrame(rows, columns=["方向", "指标", "数值", "说明"]))


def four_p_four_c() -> pd.DataFrame:
    """From 4P to 4C: the company's checklist turned into the customer's questions.

    Returns:
        Columns 4P, 4C, 换成顾客视角的问题, 山禾的例子, 青岚的例子.

    >>> four_p_four_c()["4C"].tolist()
    ['顾客 Consumer', '成本 Cost', '便利 Convenience', '沟通 Communication']
    """
    rows = [("产品 Product", "顾客 Consumer", "他要解决什么问题？我们的产品解决得好不好？",
             "会员买的是“省心的一周食材”，不只是单件商品", "客户要的是产线不停，不只是一台驱动器"),
            ("价格 Price", "成本 Cost", "他为此付出的全部代价是多少：钱、时间、麻烦？",
             "配送等待、退换麻烦也是成本", "交期、调试培训、换型的切换成本"),
            ("渠道 Place", "便利 Convenience", "他在哪里、什么时候买最方便？",
             "门店、小程序、社群随时下单、就近提货", "备件前置到区域仓，夜班也能拿到"),
            ("推广 Promotion", "沟通 Communication", "我们和他是双向对话，还是单向广告？",
             "社群里听会员的反馈，再决定上什么新品", "工程师上门交流应用问题，而不是发宣传册")]
    return numbered(pd.DataFrame(rows, columns=["4P", "4C", "换成顾客视角的问题", "山禾的例子", "青岚的例子"]))


def quadrant_strategies() -> pd.DataFrame:
    """The BCG quadrants with their rules and planning strategies, as a table.

    Returns:
        Columns 象限, 规则, 规划策略.

    >>> quadrant_strategies()["象限"].tolist()
    ['明星', '问题', '金牛', '瘦狗']
    """
    rules = {"明星": "增长 ≥ 10%，相对份额 ≥ 1", "问题": "增长 ≥ 10%，相对份额 < 1",
             "金牛": "增长 < 10%，相对份额 ≥ 1", "瘦狗": "增长 < 10%，相对份额 < 1"}
    return numbered(pd.DataFrame([(q, rules[q], s) for q, s in BCG_STRATEGY.items()],
                                 columns=["象限", "规则", "规划策略"]))

