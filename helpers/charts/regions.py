"""Charts for regional diagnosis and benchmarking (lecture 1): the six-analysis scorecard,
share x growth quadrants, and the benchmarking radar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..analysis.regions import CHANNEL, GAP, GAP_MARGIN, PER_REP, PRICE, QUADRANTS, SHARE_MARGIN
from .base import axes_or_new

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


def plot_share_growth(scorecard: pd.DataFrame, market: pd.Series | None = None,
                      title: str = "区域诊断：市场份额 × 增长差", ax: Axes | None = None) -> Axes:
    """Bubble chart: share (x) against growth gap (y), one bubble per region.

    Args:
        scorecard: the table from :func:`regional_scorecard`.
        market: market size per region for the bubble sizes (same size if ``None``).
        title: chart title.
        ax: axes to draw on (a new figure if ``None``).

    Returns:
        The matplotlib axes; the dashed lines are the company share and a zero gap, the grey
        bands around them the 临界 zone of :func:`share_growth_quadrant`.

    >>> card = pd.DataFrame({"市场份额": [0.3, 0.1, 0.2], GAP: [5.0, -2.0, 1.0]},
    ...                     index=["东", "西", "全部区域"])
    >>> len(plot_share_growth(card).texts)   # two region names and four quadrant names
    6
    """
    rows = scorecard.drop(index="全部区域", errors="ignore")
    ax = axes_or_new(ax, (8, 5.5), layout="constrained")
    if market is None:
        sizes = pd.Series(400.0, index=rows.index)
    else:
        m = market.reindex(rows.index).astype(float)
        sizes = 200 + 1800 * m / m.max()
    ax.scatter(rows["市场份额"] * 100, rows[GAP], s=sizes, alpha=0.55, color="#3182bd", edgecolor="white")
    for name, x, y in zip(rows.index, rows["市场份额"] * 100, rows[GAP]):
        ax.annotate(str(name), (x, y), ha="center", va="center", fontsize=10)
    if "全部区域" in scorecard.index:
        line = scorecard.loc["全部区域", "市场份额"] * 100
        ax.axvline(line, color="grey", linestyle="--", linewidth=1)
        ax.axvspan(line - SHARE_MARGIN * 100, line + SHARE_MARGIN * 100, color="#d9d9d9", alpha=0.45, lw=0)
    ax.axhline(0, color="grey", linestyle="--", linewidth=1)
    ax.axhspan(-GAP_MARGIN, GAP_MARGIN, color="#d9d9d9", alpha=0.45, lw=0)
    ax.margins(0.15)
    corners = {(False, True): (0.02, 0.97, "left", "top"), (True, True): (0.98, 0.97, "right", "top"),
               (False, False): (0.02, 0.03, "left", "bottom"), (True, False): (0.98, 0.03, "right", "bottom")}
    for key, (x, y, ha, va) in corners.items():
        ax.text(x, y, QUADRANTS[key].split("：")[0], transform=ax.transAxes, ha=ha, va=va,
                color="grey", fontsize=11)
    ax.set_xlabel(f"市场份额（%；灰带 = 与全公司相差 {SHARE_MARGIN * 100:.1f} 个百分点以内，临界）")
    ax.set_ylabel(f"增长差（本公司增长 − 市场增长，百分点；灰带 = ±{GAP_MARGIN:.0f}）")
    ax.set_title(title)
    return ax



#: The company's own colour in every benchmarking chart; competitors get the greys and blues.
OWN, OWN_COLOUR = "本公司", "#C44E52"
_OTHERS = ("#4C72B0", "#8C8C8C", "#55A868", "#8172B3", "#CCB974")


def company_colours(names: list[str] | pd.Index) -> dict[str, str]:
    """One colour per company, the same in the radar and the bar chart: 本公司 always red.

    Args:
        names: the companies.

    Returns:
        Company -> colour.

    >>> company_colours(["对手A", "本公司", "对手B"])
    {'对手A': '#4C72B0', '本公司': '#C44E52', '对手B': '#8C8C8C'}
    """
    others = iter(_OTHERS * 3)
    return {str(n): OWN_COLOUR if str(n) == OWN else next(others) for n in names}


def plot_radar(scores: pd.DataFrame, title: str = "对标雷达图（各指标 0–100 分）", ax: Axes | None = None) -> Axes:
    """Radar chart (雷达图) of benchmark scores, one outline per company (本公司 in red).

    The criteria labels sit outside the 100 ring, so no outline crosses them.

    Args:
        scores: the table from :func:`benchmark_scores` (加权总分 and 排名 are ignored).
        title: chart title.
        ax: a polar axes to draw on (a new figure if ``None``).

    Returns:
        The matplotlib (polar) axes.

    >>> s = pd.DataFrame({"质量": [80.0, 100.0], "价格": [100.0, 60.0], "服务": [70.0, 90.0]},
    ...                  index=["我们", "对手"])
    >>> len(plot_radar(s).lines)
    2
    """
    criteria = [c for c in scores.columns if c not in ("加权总分", "排名")]
    angles = np.linspace(0, 2 * np.pi, len(criteria), endpoint=False).tolist()
    ax = axes_or_new(ax, (6.5, 6.5), subplot_kw={"polar": True}, layout="constrained")
    colours = company_colours(list(scores.index))
    for name, row in scores[criteria].iterrows():
        values = row.tolist()
        width = 3 if str(name) == OWN else 1.6
        ax.plot(angles + angles[:1], values + values[:1], linewidth=width, label=str(name), color=colours[str(name)])
        ax.fill(angles + angles[:1], values + values[:1], alpha=0.06, color=colours[str(name)])
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_xticks(angles)
    ax.set_xticklabels([])
    for angle, label in zip(angles, criteria):  # labels outside the outer ring
        ax.text(angle, 118, label, ha="center", va="center", fontsize=11)
    ax.set_ylim(0, 100)
    ax.set_yticks([20, 40, 60, 80, 100])
    ax.set_yticklabels(["20", "40", "60", "80", "100"], fontsize=9, color="grey")
    ax.set_rlabel_position(180 / len(criteria))
    ax.set_title(title, pad=34, y=1.06)
    ax.legend(loc="upper left", bbox_to_anchor=(1.08, 1.05))
    return ax


def plot_benchmark(scores: pd.DataFrame, title: str = "对标竞争对手：各指标得分与加权总分") -> Any:
    """The radar and the weighted totals side by side, each company in the same colour in both.

    Args:
        scores: the table from :func:`benchmark_scores`.
        title: the figure title.

    Returns:
        The figure.
    """
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(13.5, 5.8), layout="constrained")
    plot_radar(scores, title="各指标得分（0–100 分）", ax=fig.add_subplot(1, 2, 1, polar=True))
    ax = fig.add_subplot(1, 2, 2)
    ordered = scores.sort_values("加权总分")
    colours = company_colours(list(scores.index))
    ax.barh([str(i) for i in ordered.index], ordered["加权总分"], color=[colours[str(i)] for i in ordered.index])
    for y, v in enumerate(ordered["加权总分"]):
        ax.text(v + 1, y, f"{v:.1f}", va="center", fontsize=10)
    ax.set_xlim(0, 100)
    ax.set_xlabel("加权总分（0–100）")
    ax.set_title("加权总分（权重合计 100%）")
    fig.suptitle(title)
    return fig


def plot_weighted_totals(scores: pd.DataFrame, title: str = "加权总分（权重已换算为合计 100%）") -> Axes:
    """Horizontal bars of the weighted totals (本公司 in red), for the weights explorer.

    Args:
        scores: the table from :func:`benchmark_scores`.
        title: chart title.

    Returns:
        The axes.
    """
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=(7.5, 3.2), layout="constrained")
    ordered = scores.sort_values("加权总分")
    colours = company_colours(list(scores.index))
    ax.barh([str(i) for i in ordered.index], ordered["加权总分"], color=[colours[str(i)] for i in ordered.index])
    for y, v in enumerate(ordered["加权总分"]):
        ax.text(v + 1, y, f"{v:.1f}", va="center", fontsize=10)
    ax.set_xlim(0, 100)
    ax.set_xlabel("加权总分")
    ax.set_title(title)
    return ax


def plot_region_profile(profile: pd.DataFrame, region: str) -> Axes:
    """Each indicator of one region as an index (whole company = 100): red below, green above.

    Args:
        profile: the output of :func:`helpers.analysis.regions.region_profile` (a 指数 column).
        region: the region's name, for the title.

    Returns:
        The axes.
    """
    import matplotlib.pyplot as plt

    index = profile["指数"].dropna().sort_values()
    _, ax = plt.subplots(figsize=(7.5, 3.6), layout="constrained")
    ax.barh([str(i) for i in index.index], index.to_numpy(),
            color=["#de2d26" if v < 100 else "#31a354" for v in index])
    ax.axvline(100, color="grey", linestyle="--")
    ax.set_xlim(0, max(float(index.max()) * 1.1, 120))
    ax.set_title(f"{region}：各指标相对全公司（全公司 = 100）")
    ax.set_xlabel("指数")
    return ax



#: The indicators drawn by :func:`plot_scorecard`, with their axis labels and scale factor.
SCORECARD_PANELS: dict[str, tuple[str, float]] = {
    "市场份额": ("① 市场份额（%）", 100.0),
    GAP: ("② 增长差（百分点）", 1.0),
    "渗透率": ("③ 渗透率（%）", 100.0),
    PER_REP: ("④ 每位销售的客户数（家）", 1.0),
    PRICE: ("⑤ 价格指数（全国 = 100，低 = 折扣深）", 1.0),
    "毛利率": ("⑤ 毛利率（%）", 100.0),
    CHANNEL: ("⑥ 渠道覆盖率（每百家目标客户）", 1.0),
}



def plot_scorecard(scorecard: pd.DataFrame, title: str = "区域市场六项分析", order: list[str] | None = None) -> Any:
    """One small bar chart per indicator, the regions in the same order in every panel.

    The whole company is the dashed line. The price index is drawn as the distance from
    100 (our national average), not as bars from 0, so the differences can be seen.

    Args:
        scorecard: the table from :func:`regional_scorecard`.
        title: the figure title.
        order: the regions from top to bottom (default: by market share, largest on top).

    Returns:
        The matplotlib figure.

    >>> card = pd.DataFrame({"市场份额": [0.3, 0.1, 0.2], GAP: [5.0, -2.0, 1.0]},
    ...                     index=["东", "西", "全部区域"])
    >>> fig = plot_scorecard(card)
    >>> [[t.get_text() for t in ax.get_yticklabels()] for ax in fig.axes[:2]]
    [['西', '东'], ['西', '东']]
    """
    import matplotlib.pyplot as plt

    panels = [k for k in SCORECARD_PANELS if k in scorecard.columns]
    cols = min(4, len(panels))
    rows_n = -(-len(panels) // cols)
    fig, axes = plt.subplots(rows_n, cols, figsize=(3.7 * cols, 3.1 * rows_n), layout="constrained",
                             squeeze=False)
    regions = scorecard.drop(index="全部区域", errors="ignore")
    if order is None:
        key = "市场份额" if "市场份额" in regions.columns else regions.columns[0]
        order = list(regions[key].sort_values().index)  # drawn bottom-up: largest on top
    else:
        order = list(order)[::-1]
    labels = [str(r) for r in order]
    for ax, key in zip(axes.ravel(), panels):
        label, factor = SCORECARD_PANELS[key]
        values = regions.loc[order, key].astype(float) * factor
        whole = scorecard.loc["全部区域", key] * factor if "全部区域" in scorecard.index else None
        if key == PRICE:
            ax.barh(labels, values.to_numpy() - 100, left=100,
                    color=["#de2d26" if v < 100 else "#3182bd" for v in values])
            span = max(float((values - 100).abs().max()), 2.0) * 1.3
            ax.set_xlim(100 - span, 100 + span)
            ax.axvline(100, color="black", linewidth=0.8)
            step = max(1, int(np.ceil(span / 2)))  # at most five whole-number ticks: no overlapping labels
            ax.set_xticks([100 + i * step for i in range(-2, 3) if abs(i * step) <= span])
            ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0f}")
        else:
            colours = ["#de2d26" if v < 0 else "#3182bd" for v in values] if key == GAP else "#3182bd"
            ax.barh(labels, values.to_numpy(), color=colours)
            if key == GAP:
                ax.axvline(0, color="black", linewidth=0.8)
        if whole is not None:
            ax.axvline(whole, color="grey", linestyle="--", linewidth=1)
        ax.set_title(label, fontsize=11)
    for ax in axes.ravel()[len(panels):]:
        ax.axis("off")
    fig.suptitle(title + "（区域按市场份额排列；虚线 = 全部区域）")
    return fig
