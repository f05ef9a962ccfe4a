"""Charts for regional diagnosis and benchmarking (lecture 1): the six-analysis scorecard,
share x growth quadrants, and the benchmarking radar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..analysis.regions import QUADRANTS

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
        The matplotlib axes; the dashed lines are the company share and a zero gap.

    >>> card = pd.DataFrame({"市场份额": [0.3, 0.1, 0.2], "增长差": [5.0, -2.0, 1.0]},
    ...                     index=["东", "西", "全部区域"])
    >>> len(plot_share_growth(card).texts)   # two region names and four quadrant names
    6
    """
    import matplotlib.pyplot as plt

    rows = scorecard.drop(index="全部区域", errors="ignore")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 5.5), layout="constrained")
    if market is None:
        sizes = pd.Series(400.0, index=rows.index)
    else:
        m = market.reindex(rows.index).astype(float)
        sizes = 200 + 1800 * m / m.max()
    ax.scatter(rows["市场份额"] * 100, rows["增长差"], s=sizes, alpha=0.55, color="#3182bd", edgecolor="white")
    for name, x, y in zip(rows.index, rows["市场份额"] * 100, rows["增长差"]):
        ax.annotate(str(name), (x, y), ha="center", va="center", fontsize=10)
    if "全部区域" in scorecard.index:
        ax.axvline(scorecard.loc["全部区域", "市场份额"] * 100, color="grey", linestyle="--", linewidth=1)
    ax.axhline(0, color="grey", linestyle="--", linewidth=1)
    ax.margins(0.15)
    corners = {(False, True): (0.02, 0.97, "left", "top"), (True, True): (0.98, 0.97, "right", "top"),
               (False, False): (0.02, 0.03, "left", "bottom"), (True, False): (0.98, 0.03, "right", "bottom")}
    for key, (x, y, ha, va) in corners.items():
        ax.text(x, y, QUADRANTS[key].split("：")[0], transform=ax.transAxes, ha=ha, va=va,
                color="grey", fontsize=11)
    ax.set_xlabel("市场份额（%）")
    ax.set_ylabel("增长差（本公司增长 − 市场增长，百分点）")
    ax.set_title(title)
    return ax



def plot_radar(scores: pd.DataFrame, title: str = "对标雷达图（各指标 0–100 分）", ax: Axes | None = None) -> Axes:
    """Radar chart (雷达图) of benchmark scores, one outline per company.

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
    import matplotlib.pyplot as plt

    criteria = [c for c in scores.columns if c not in ("加权总分", "排名")]
    angles = np.linspace(0, 2 * np.pi, len(criteria), endpoint=False).tolist()
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 6.5), subplot_kw={"polar": True}, layout="constrained")
    for name, row in scores[criteria].iterrows():
        values = row.tolist()
        ax.plot(angles + angles[:1], values + values[:1], linewidth=2, label=str(name))
        ax.fill(angles + angles[:1], values + values[:1], alpha=0.08)
    ax.set_xticks(angles)
    ax.set_xticklabels(criteria)
    ax.tick_params(axis="x", pad=10)
    ax.set_ylim(0, 100)
    ax.set_yticks([20, 40, 60, 80, 100])
    ax.set_rlabel_position(180 / len(criteria))  # radial labels between the first two axes
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.05, 1.0))
    return ax



#: The indicators drawn by :func:`plot_scorecard`, with their axis labels and scale factor.
SCORECARD_PANELS: dict[str, tuple[str, float]] = {
    "市场份额": ("① 市场份额（%）", 100.0),
    "增长差": ("② 增长差（百分点）", 1.0),
    "渗透率": ("③ 渗透率（%）", 100.0),
    "人均客户数": ("④ 每位销售的客户数（家）", 1.0),
    "价格指数": ("⑤ 价格指数（全国 = 100）", 1.0),
    "毛利率": ("⑤ 毛利率（%）", 100.0),
    "渠道覆盖率": ("⑥ 每百家目标客户的渠道伙伴（家）", 1.0),
}



def plot_scorecard(scorecard: pd.DataFrame, title: str = "区域市场六项分析") -> Any:
    """One small bar chart per indicator, regions sorted, the whole company as a dashed line.

    Args:
        scorecard: the table from :func:`regional_scorecard`.
        title: the figure title.

    Returns:
        The matplotlib figure.

    >>> card = pd.DataFrame({"市场份额": [0.3, 0.1, 0.2], "增长差": [5.0, -2.0, 1.0]},
    ...                     index=["东", "西", "全部区域"])
    >>> len(plot_scorecard(card).axes)
    2
    """
    import matplotlib.pyplot as plt

    panels = [k for k in SCORECARD_PANELS if k in scorecard.columns]
    cols = min(4, len(panels))
    rows_n = -(-len(panels) // cols)
    fig, axes = plt.subplots(rows_n, cols, figsize=(3.6 * cols, 3.0 * rows_n), layout="constrained",
                             squeeze=False)
    regions = scorecard.drop(index="全部区域", errors="ignore")
    for ax, key in zip(axes.ravel(), panels):
        label, factor = SCORECARD_PANELS[key]
        values = (regions[key] * factor).sort_values()
        colors = ["#de2d26" if v < 0 else "#3182bd" for v in values] if key == "增长差" else "#3182bd"
        ax.barh([str(i) for i in values.index], values.to_numpy(), color=colors)
        if "全部区域" in scorecard.index:
            ax.axvline(scorecard.loc["全部区域", key] * factor, color="grey", linestyle="--", linewidth=1)
        ax.set_title(label, fontsize=11)
    for ax in axes.ravel()[len(panels):]:
        ax.axis("off")
    fig.suptitle(title + "（虚线 = 全部区域）")
    return fig
