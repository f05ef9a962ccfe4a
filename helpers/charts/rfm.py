"""Charts for RFM (lecture 2): score distributions, the R x F grid with named segments,
and customer share vs revenue share per segment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..analysis.rfm_segments import NAMED_SEGMENTS, _named_grid
from .base import axes_or_new

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


def plot_rf_grid(scored: pd.DataFrame, ax: Axes | None = None, title: str = "R × F 客户分布") -> Axes:
    """Heat map of customers on the R x F score grid, with the named segments written in.

    Args:
        scored: output of :func:`rfm_scores` with 5 score levels.
        ax: matplotlib axes to draw on (default: a new figure).
        title: chart title.

    Returns:
        The axes.
    """
    from matplotlib.ticker import PercentFormatter

    ax = axes_or_new(ax, (9, 6.5), layout="constrained")
    counts = np.zeros((5, 5), dtype=np.int64)
    np.add.at(counts, (scored["R"].to_numpy() - 1, scored["F"].to_numpy() - 1), 1)
    share = counts / max(counts.sum(), 1)
    image = ax.imshow(share[::-1], cmap="YlGnBu", aspect="auto")
    grid = _named_grid()[::-1]
    names = [zh for _, zh, _, _, _ in NAMED_SEGMENTS]
    for i in range(5):
        for j in range(5):
            colour = "white" if share[::-1][i, j] > share.max() * 0.6 else "black"
            ax.text(j, i, f"{names[grid[i, j]]}\n{share[::-1][i, j]:.1%}", ha="center",
                    va="center", fontsize=10, color=colour)
    ax.grid(False)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks(range(5), [str(k) for k in range(1, 6)])
    ax.set_yticks(range(5), [str(k) for k in range(5, 0, -1)])
    ax.set_xlabel("F 得分（购买次数，5 = 最多）")
    ax.set_ylabel("R 得分（最近一次购买，5 = 最近）")
    ax.set_title(title)
    bar = ax.figure.colorbar(image, ax=ax, label="客户占比", format=PercentFormatter(1.0))
    bar.outline.set_visible(False)
    return ax



def plot_segment_summary(
    summary: pd.DataFrame, ax: Axes | None = None, title: str = "各客户分群的客户占比与销售额占比"
) -> Axes:
    """Paired bars: each segment's share of customers and share of revenue.

    Args:
        summary: output of :func:`segment_summary`.
        ax: axes to draw on.
        title: chart title.

    Returns:
        The axes.
    """
    from matplotlib.ticker import PercentFormatter

    ax = axes_or_new(ax, (8, 0.45 * len(summary) + 1.6))
    y = np.arange(len(summary))
    ax.barh(y - 0.2, summary["客户占比"], height=0.4, color="#8C8C8C", label="客户占比")
    ax.barh(y + 0.2, summary["销售额占比"], height=0.4, color="#C44E52", label="销售额占比")
    for yi, (c, r) in enumerate(zip(summary["客户占比"], summary["销售额占比"])):
        ax.text(c, yi - 0.2, f" {c:.1%}", va="center", fontsize=9)
        ax.text(r, yi + 0.2, f" {r:.1%}", va="center", fontsize=9)
    ax.set_yticks(y, [str(i) for i in summary.index])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("占比")
    ax.set_title(title)
    ax.legend(loc="lower right")
    return ax



def plot_score_distribution(scored: pd.DataFrame, title: str = "R、F、M 得分的分布") -> Any:
    """Three bar charts: how many customers got each R, F and M score.

    With the tie policy of :func:`score_values`, F often has empty scores (all one-time
    buyers share F = 1); the chart makes that visible.

    Args:
        scored: output of :func:`rfm_scores`.
        title: figure title.

    Returns:
        The matplotlib figure.
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(11, 3.2), sharey=True)
    labels = {"R": "R 得分（5 = 最近买过）", "F": "F 得分（5 = 买得最多）", "M": "M 得分（5 = 花得最多）"}
    levels = int(max(scored[["R", "F", "M"]].to_numpy().max(), 5))
    for ax, letter in zip(axes, "RFM"):
        counts = scored[letter].value_counts().reindex(range(1, levels + 1), fill_value=0)
        ax.bar(counts.index, counts.to_numpy() / max(len(scored), 1), color="#4C72B0")
        ax.set_xticks(range(1, levels + 1))
        ax.set_xlabel(labels[letter])
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    axes[0].set_ylabel("客户占比")
    fig.suptitle(title)
    fig.tight_layout()
    return fig
