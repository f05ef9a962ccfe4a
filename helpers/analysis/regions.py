"""Regional market diagnosis (区域市场诊断): six practical analyses and benchmarking (对标).

The six analyses used in this course (区域市场分析6个实用法), each one number per region:

1. 市场份额 (market share)              = our sales / market size
2. 增长差 (growth gap)                  = our sales growth - market growth, in percentage points
3. 渗透率 (penetration)                 = our active customers / target customers in the region
4. 每位销售的客户数 (customers per rep) = our active customers / sales reps
5. 价格与毛利 (price and margin)        = our price index and gross margin. The price index is
   our realised price against list price in the region, relative to our own national average
   (= 100): below 100 means deeper discounts here than elsewhere. There is no market price
   in the data, so it says nothing about a premium over competitors.
6. 渠道覆盖率 (channel coverage)        = channel partners per 100 target customers

Column names carry their unit (:data:`GAP`, :data:`PER_REP`, :data:`PRICE`, :data:`CHANNEL`),
because trainees read the table directly.

Benchmarking scores us and our competitors on the same criteria, turns every criterion
into 0-100 relative to the best company (so that "lower is better" criteria such as
delivery days can be mixed with "higher is better" ones), and adds them with stated
weights that sum to 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import DataError
from ..errors import require_present as _require

if TYPE_CHECKING:  # pragma: no cover
    pass


#: Scorecard columns whose name carries the unit (one name per indicator, everywhere).
GAP = "增长差（百分点）"
PER_REP = "每位销售的客户数（家）"
PRICE = "价格指数（全国 = 100）"
CHANNEL = "渠道覆盖率（每百家目标客户）"

#: Share x growth quadrants: (share at or above the company's, growth gap above 0) -> label.
QUADRANTS = {
    (True, True): "明星区域：份额高、跑赢市场",
    (False, True): "机会区域：份额低、跑赢市场",
    (True, False): "防守区域：份额高、跑输市场",
    (False, False): "问题区域：份额低、跑输市场",
}

#: A region whose share is within this distance of the company's (0.005 = 0.5 percentage
#: points), or whose growth gap is within :data:`GAP_MARGIN` points of 0, sits on a line:
#: its quadrant is marked 临界 instead of being read as high or low.
SHARE_MARGIN = 0.005
GAP_MARGIN = 1.0



def six_analyses() -> pd.DataFrame:
    """The six regional analyses of this course: name, formula, question it answers.

    Returns:
        A table with one row per analysis.

    >>> six_analyses().index.tolist()[:3]
    ['① 市场份额', '② 增长差', '③ 渗透率']
    """
    rows = [
        ("① 市场份额", "本公司销售额 ÷ 区域市场容量", "我们在这个区域占了多大一块？",
         "低于全公司的区域，先查是产品不适配还是覆盖不够"),
        ("② 增长差", "本公司销售增长率 − 市场增长率（百分点）", "我们是在跑赢还是跑输市场？",
         "市场在涨而我们不涨，份额就在流失"),
        ("③ 渗透率", "有交易的客户数 ÷ 区域目标客户数", "该做的客户做到了几成？", "渗透率低说明还有空白客户可开发"),
        ("④ 每位销售的客户数", "有交易的客户数 ÷ 销售人数（家）", "每个销售要照顾多少客户？",
         "太多顾不过来，太少说明人效偏低"),
        ("⑤ 价格与毛利", "价格指数：本区域成交价 ÷ 目录价，相对本公司全国平均（= 100）；毛利率：毛利 ÷ 销售额",
         "我们在这个区域让了多少价？让价换来量了吗？",
         "低于 100 表示本区域折扣更深；折扣更深而份额仍低，说明降价没换来量"),
        ("⑥ 渠道覆盖率", "渠道伙伴数 ÷ 目标客户数 × 100", "每 100 个目标客户有几个渠道伙伴服务？",
         "覆盖低的区域，客户找不到我们"),
    ]
    out = pd.DataFrame(rows, columns=["分析", "计算方法", "回答的问题", "怎么读"]).set_index("分析")
    return out



def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    den = den.astype(float)
    return num.astype(float) / den.where(den != 0)



def year_over_year(
    regions: pd.DataFrame,
    year: int,
    columns: Sequence[str] = ("our_sales_wan", "market_size_wan"),
    region: str = "region",
    year_col: str = "year",
) -> pd.DataFrame:
    """One year's rows of a region x year table, with last year's values beside them.

    Args:
        regions: one row per region and year (like the case table ``regions``).
        year: the year to analyse.
        columns: the columns whose previous-year value is needed; each gets a partner
            column named ``<column>_prev``.
        region: the region column.
        year_col: the year column.

    Returns:
        One row per region of ``year`` with all its columns plus the ``*_prev`` columns.

    Raises:
        DataError: when ``year`` or the year before is not in the table for every region.

    >>> t = pd.DataFrame({"region": ["东", "东"], "year": [2024, 2025], "our_sales_wan": [8.0, 10.0],
    ...                   "market_size_wan": [100.0, 110.0]})
    >>> year_over_year(t, 2025)[["our_sales_wan", "our_sales_wan_prev"]].values.tolist()
    [[10.0, 8.0]]
    """
    _require(regions, [region, year_col, *columns])
    now = regions[regions[year_col] == year]
    prev = regions[regions[year_col] == year - 1]
    if now.empty or prev.empty:
        years = sorted(regions[year_col].dropna().unique().tolist())
        raise DataError(f"表中没有 {year} 年或 {year - 1} 年的数据", f"no rows for {year} or {year - 1}",
                        fix_zh=f"可选年份：{years}", fix_en=f"available years: {years}", column=year_col)
    prev = prev.set_index(prev[region].astype(str))[list(columns)].add_suffix("_prev")
    keys = now[region].astype(str)
    out = now.assign(**{c: keys.map(prev[c]).to_numpy() for c in prev.columns})
    if out[list(prev.columns)].isna().any().any():
        lacking = out.loc[out[list(prev.columns)].isna().any(axis=1), region].astype(str).tolist()
        raise DataError(f"这些区域缺少 {year - 1} 年的数据：{'、'.join(lacking)}",
                        f"regions without {year - 1} data: {', '.join(lacking)}", column=region)
    return out.reset_index(drop=True)



def regional_scorecard(
    regions: pd.DataFrame,
    *,
    region: str = "region",
    sales: str = "our_sales_wan",
    sales_prev: str = "our_sales_wan_prev",
    market: str = "market_size_wan",
    market_prev: str = "market_size_wan_prev",
    customers: str = "our_customers",
    targets: str = "target_customers",
    reps: str = "sales_reps",
    price_index: str | None = "avg_price_index",
    margin: str = "gross_margin_rate",
    partners: str = "channel_partners",
) -> pd.DataFrame:
    """All six regional analyses in one table, one row per region plus 全部区域.

    The 全部区域 row is computed from the column totals (not the mean of the ratios), so it
    is the figure for the whole company. Its price index is the sales-weighted mean and its
    gross margin is the sales-weighted mean of the regional margins.

    Args:
        regions: one row per region with the columns named below (sales and market in the
            same money unit; the ``*_prev`` columns are the year before).
        region: region name column.
        sales, sales_prev: our sales this year and last year.
        market, market_prev: market size this year and last year.
        customers: our customers with orders this year.
        targets: target customers in the region (everyone who could buy from us).
        reps: number of sales reps.
        price_index: our realised price against list price, relative to our national
            average (100 = same); ``None`` if the table has no such column (the result then
            has no price index).
        margin: gross margin as a share of sales (0-1).
        partners: number of channel partners (distributors, agents).

    Returns:
        Columns 市场份额, 本公司增长率, 市场增长率, 增长差（百分点）, 渗透率, 每位销售的客户数（家）,
        价格指数（全国 = 100）, 毛利率 and 渠道覆盖率（每百家目标客户）; the shares are listed in
        ``attrs["percent"]`` for :func:`helpers.show`.

    >>> df = pd.DataFrame({"region": ["东", "西"], "our_sales_wan": [30, 10], "our_sales_wan_prev": [25, 10],
    ...     "market_size_wan": [100, 100], "market_size_wan_prev": [100, 80], "our_customers": [30, 5],
    ...     "target_customers": [100, 50], "sales_reps": [3, 1], "avg_price_index": [105, 95],
    ...     "gross_margin_rate": [0.3, 0.2], "channel_partners": [4, 1]})
    >>> card = regional_scorecard(df)
    >>> card["市场份额"].to_dict()
    {'东': 0.3, '西': 0.1, '全部区域': 0.2}
    >>> card[GAP].round(1).to_dict()
    {'东': 20.0, '西': -25.0, '全部区域': 3.2}
    """
    cols = [region, sales, sales_prev, market, market_prev, customers, targets, reps, margin, partners]
    if price_index:
        cols.append(price_index)
    _require(regions, cols)
    num = regions.set_index(region)[cols[1:]].apply(pd.to_numeric, errors="coerce").astype(float)
    if num.isna().any().any():
        col = num.columns[num.isna().any()][0]
        raise DataError(
            "有空白或不是数字的值",
            "a value is blank or not a number",
            fix_zh="补全这一列的数字后再计算", fix_en="fill in numbers in this column", column=col,
        )
    total = num.sum()
    weights = num[sales] / total[sales] if total[sales] else pd.Series(1 / len(num), index=num.index)
    total[margin] = float((num[margin] * weights).sum())
    if price_index:
        total[price_index] = float((num[price_index] * weights).sum())
    both = pd.concat([num, total.to_frame("全部区域").T])
    out = pd.DataFrame(index=both.index)
    out["市场份额"] = _ratio(both[sales], both[market])
    out["本公司增长率"] = _ratio(both[sales], both[sales_prev]) - 1
    out["市场增长率"] = _ratio(both[market], both[market_prev]) - 1
    out[GAP] = (out["本公司增长率"] - out["市场增长率"]) * 100
    out["渗透率"] = _ratio(both[customers], both[targets])
    out[PER_REP] = _ratio(both[customers], both[reps])
    if price_index:
        out[PRICE] = both[price_index]
    out["毛利率"] = both[margin]
    out[CHANNEL] = _ratio(both[partners], both[targets]) * 100
    out.attrs["percent"] = ["市场份额", "本公司增长率", "市场增长率", "渗透率", "毛利率"]
    out.index.name = "区域"
    return out



def share_growth_quadrant(scorecard: pd.DataFrame, share_margin: float = SHARE_MARGIN,
                          gap_margin: float = GAP_MARGIN) -> pd.Series:
    """Place each region in a share x growth quadrant against the whole company.

    "High share" means a share at or above the 全部区域 share; "outgrowing" means a growth
    gap above 0 (we grew faster than the market). A region within ``share_margin`` of the
    company's share, or within ``gap_margin`` points of a zero gap, is on a line: its label
    starts with "临界" and says which side it is on, so that a region 0.1 points above the
    line is not read as "份额很高".

    Args:
        scorecard: the table from :func:`regional_scorecard`.
        share_margin: distance to the company share that counts as on the line (0.005 = 0.5 points).
        gap_margin: distance to a zero growth gap, in points, that counts as on the line.

    Returns:
        The quadrant label of each region (the 全部区域 row is left out).

    >>> card = pd.DataFrame({"市场份额": [0.3, 0.1, 0.203, 0.12], GAP: [5.0, -2.0, 3.0, 0.4]},
    ...                     index=["东", "西", "南", "北"])
    >>> card.loc["全部区域"] = [0.2, 1.0]
    >>> for label in share_growth_quadrant(card):
    ...     print(label)
    明星区域：份额高、跑赢市场
    问题区域：份额低、跑输市场
    临界：份额与全公司相当（高 0.3 个百分点）、跑赢市场（+3.0）
    临界：份额低、与市场增长相当（+0.4）
    """
    if "全部区域" not in scorecard.index:
        raise DataError("评分表里没有“全部区域”一行", "the scorecard has no 全部区域 row",
                        fix_zh="请使用 regional_scorecard 的结果", fix_en="use the result of regional_scorecard")
    overall = scorecard.loc["全部区域", "市场份额"]
    rows = scorecard.drop(index="全部区域")
    labels = []
    for s, g in zip(rows["市场份额"], rows[GAP]):
        near_share, near_gap = abs(s - overall) < share_margin + 1e-12, abs(g) < gap_margin + 1e-12
        if not (near_share or near_gap):
            labels.append(QUADRANTS[(bool(s >= overall), bool(g > 0))])
            continue
        diff = (s - overall) * 100
        share = (f"份额与全公司相当（{'高' if diff >= 0 else '低'} {abs(diff):.1f} 个百分点）" if near_share
                 else "份额高" if s >= overall else "份额低")
        growth = (f"与市场增长相当（{g:+.1f}）" if near_gap else
                  f"跑赢市场（{g:+.1f}）" if g > 0 else f"跑输市场（{g:+.1f}）")
        labels.append(f"临界：{share}、{growth}")
    return pd.Series(labels, index=rows.index, name="象限")



def region_profile(scorecard: pd.DataFrame, region: str) -> pd.DataFrame:
    """One region's indicators beside the whole company's, with an index (全部区域 = 100).

    Args:
        scorecard: the table from :func:`regional_scorecard`.
        region: the region to show.

    Returns:
        One row per indicator with 本区域, 全部区域 and 指数 (本区域 / 全部区域 x 100; for
        the growth rates and the growth gap the index is not meaningful and is left blank).

    >>> card = pd.DataFrame({"市场份额": [0.3, 0.2], GAP: [5.0, 1.0]}, index=["东", "全部区域"])
    >>> float(region_profile(card, "东").loc["市场份额", "指数"])
    150.0
    """
    if region not in scorecard.index:
        raise DataError(f"没有区域“{region}”", f"no region {region!r}",
                        fix_zh="可选区域：" + "、".join(map(str, scorecard.index)),
                        fix_en="choose one of: " + ", ".join(map(str, scorecard.index)))
    out = pd.DataFrame({"本区域": scorecard.loc[region], "全部区域": scorecard.loc["全部区域"]})
    base = out["全部区域"].where(out["全部区域"] != 0)
    out["指数"] = (out["本区域"] / base * 100).round(1)
    signed = [i for i in out.index if i in (GAP, "本公司增长率", "市场增长率")]
    out.loc[signed, "指数"] = np.nan
    out.index.name = "指标"
    return out



def check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Validate benchmarking weights and scale them to sum to 1.

    Args:
        weights: criterion -> weight (any non-negative numbers, e.g. percentages).

    Returns:
        The weights divided by their sum.

    >>> check_weights({"价格": 30, "质量": 70})
    {'价格': 0.3, '质量': 0.7}
    """
    if not weights:
        raise DataError("没有设定权重", "no weights given", fix_zh="至少给一个指标设定权重",
                        fix_en="give at least one criterion a weight")
    values = {k: float(v) for k, v in weights.items()}
    if any(v < 0 or np.isnan(v) for v in values.values()):
        raise DataError("权重不能为负数或空白", "weights must be non-negative numbers")
    total = sum(values.values())
    if total <= 0:
        raise DataError("权重之和必须大于 0", "the weights must add up to more than 0")
    return {k: v / total for k, v in values.items()}



def benchmark_scores(
    table: pd.DataFrame,
    weights: Mapping[str, float],
    lower_is_better: Sequence[str] = (),
) -> pd.DataFrame:
    """Score companies on weighted criteria (对标打分), each criterion on 0-100.

    Each criterion becomes a score relative to the best company: value / best x 100 when
    higher is better, best / value x 100 when lower is better (price, delivery days). The
    best company gets 100 on every criterion; a company half as good gets 50. The total
    (加权总分) is the weighted sum of these scores, with the weights scaled to sum to 1.

    Args:
        table: one row per company (index = company name), one positive numeric column
            per criterion.
        weights: criterion -> weight; only these criteria are scored.
        lower_is_better: the criteria where a smaller value is better.

    Returns:
        The 0-100 score of each criterion, 加权总分 and 排名 (1 = best), best first.

    >>> t = pd.DataFrame({"质量": [4.0, 5.0], "交期天数": [10.0, 20.0]}, index=["我们", "对手"])
    >>> s = benchmark_scores(t, {"质量": 1, "交期天数": 1}, lower_is_better=["交期天数"])
    >>> s["加权总分"].to_dict()
    {'我们': 90.0, '对手': 75.0}
    """
    w = check_weights(weights)
    _require(table, list(w))
    unknown = [c for c in lower_is_better if c not in w]
    if unknown:
        raise DataError(f"“越低越好”里的指标没有权重：{'、'.join(unknown)}",
                        f"lower-is-better criteria without a weight: {', '.join(unknown)}")
    data = table[list(w)].apply(pd.to_numeric, errors="coerce").astype(float)
    bad = data.isna() | (data <= 0)
    if bad.any().any():
        col = data.columns[bad.any()][0]
        raise DataError("对标指标必须是大于 0 的数字", "benchmark values must be numbers above 0",
                        fix_zh="检查这一列是否有空白、0 或负数", fix_en="look for blanks, zeros or negatives",
                        column=col)
    scores = pd.DataFrame(index=data.index)
    for crit in w:
        col = data[crit]
        scores[crit] = (col.min() / col if crit in lower_is_better else col / col.max()) * 100
    scores["加权总分"] = sum(scores[c] * wt for c, wt in w.items())
    scores = scores.round(1).sort_values("加权总分", ascending=False, kind="stable")
    scores["排名"] = scores["加权总分"].rank(ascending=False, method="min").astype(int)
    scores.index.name = table.index.name or "公司"
    return scores



def gaps_to_best(scores: pd.DataFrame, us: str) -> pd.DataFrame:
    """Where we trail the best competitor, criterion by criterion.

    Args:
        scores: the table from :func:`benchmark_scores`.
        us: our company's row name.

    Returns:
        One row per criterion with 我方得分, 最强对手, 对手得分 and 差距 (our score minus
        the best other company's), largest shortfall first.

    >>> s = pd.DataFrame({"质量": [80.0, 100.0], "价格": [100.0, 60.0], "加权总分": [90.0, 80.0], "排名": [1, 2]},
    ...                  index=["我们", "对手"])
    >>> gaps_to_best(s, "我们")["差距"].to_dict()
    {'质量': -20.0, '价格': 40.0}
    """
    if us not in scores.index:
        raise DataError(f"对标表里没有“{us}”", f"{us!r} is not in the benchmark table",
                        fix_zh="可选：" + "、".join(map(str, scores.index)),
                        fix_en="choose one of: " + ", ".join(map(str, scores.index)))
    criteria = [c for c in scores.columns if c not in ("加权总分", "排名")]
    others = scores.drop(index=us)
    rows = []
    for crit in criteria:
        best = others[crit].idxmax()
        rows.append({"指标": crit, "我方得分": scores.loc[us, crit], "最强对手": best,
                     "对手得分": others.loc[best, crit],
                     "差距": round(float(scores.loc[us, crit] - others.loc[best, crit]), 1)})
    return pd.DataFrame(rows).set_index("指标").sort_values("差距", kind="stable")



#: What to check on site when an indicator is weak: indicator -> (weak when, hypothesis to test).
HYPOTHESES: dict[str, tuple[str, str]] = {
    "市场份额": ("low", "客户在用谁家的产品？到客户现场和备件库看一看、数一数"),
    GAP: ("negative", "市场在涨、我们没跟上：问客户今年新增的采购给了谁、为什么"),
    "渗透率": ("low", "还有目标客户没开发：核对名单，看没成交的客户卡在哪一步"),
    PER_REP: ("low", "每位销售管的客户少：陪访一天，看时间花在了哪里"),
    PRICE: ("discount", "折扣比全公司深：问客户是不是只在降价时才买，降价有没有换来量"),
    "毛利率": ("low", "毛利偏低：查报价审批，看折扣是否给得太多"),
    CHANNEL: ("low", "渠道伙伴少：走访网点，看客户能不能就近买到、修到"),
}

#: The price index flags a region when it is at least this many points below the company's.
DISCOUNT_POINTS = 3.0


def _shown(key: str, value: float) -> str:
    """An indicator's value in its unit, as text (the units differ from row to row)."""
    if key in ("市场份额", "渗透率", "毛利率"):
        return f"{value:.1%}"
    if key == GAP:
        return f"{value:+.1f} 个百分点"
    if key == PER_REP:
        return f"{value:.1f} 家"
    if key == CHANNEL:
        return f"每百家 {value:.1f} 个"
    return f"{value:.1f}"


def visit_brief(scorecard: pd.DataFrame, region: str | None = None) -> pd.DataFrame:
    """Step 1 of an on-site diagnosis, from the data: the weak indicators of a region and what to test.

    A weak indicator is one at least 10% worse than the whole company (index below 90), a
    negative growth gap, or a price index at least :data:`DISCOUNT_POINTS` points below the
    company's (deeper discounts). Each gets the hypothesis the visit should confirm or
    reject (:data:`HYPOTHESES`).

    Args:
        scorecard: the table from :func:`regional_scorecard`.
        region: the region to visit; default: the one with the lowest growth gap.

    Returns:
        One row per weak indicator: 指标, 本区域 and 全部区域 (as text in each indicator's
        unit), 指数, 要在现场验证的假设; ``attrs["region"]`` is the region.

    >>> card = pd.DataFrame({"市场份额": [0.02, 0.05, 0.04], GAP: [-5.0, 3.0, 1.0], "渗透率": [0.2, 0.1, 0.15],
    ...                      PRICE: [95.0, 100.0, 99.5]}, index=["北", "南", "全部区域"])
    >>> brief = visit_brief(card)
    >>> brief.attrs["region"], brief["指标"].tolist()
    ('北', ['市场份额', '增长差（百分点）', '价格指数（全国 = 100）'])
    """
    if region is None:
        region = str(scorecard.drop(index="全部区域", errors="ignore")[GAP].idxmin())
    profile = region_profile(scorecard, region)
    rows = []
    for key, (weak, hypothesis) in HYPOTHESES.items():
        if key not in profile.index:
            continue
        here, whole, index = profile.loc[key, ["本区域", "全部区域", "指数"]]
        flagged = (here < 0 if weak == "negative" else
                   here <= whole - DISCOUNT_POINTS if weak == "discount" else (pd.notna(index) and index < 90))
        if flagged:
            rows.append({"指标": key, "本区域": _shown(key, here), "全部区域": _shown(key, whole), "指数": index,
                         "要在现场验证的假设": hypothesis})
    out = pd.DataFrame(rows, columns=["指标", "本区域", "全部区域", "指数", "要在现场验证的假设"])
    out.attrs["region"] = region
    return out
