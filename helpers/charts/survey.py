"""Charts for questionnaires (lecture 1): the diverging stacked Likert bar chart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ..analysis.survey import LIKERT_LABELS

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


def plot_likert(
    distribution: pd.DataFrame,
    labels: dict[Any, str] | None = None,
    title: str = "各题满意度分布",
    ax: Axes | None = None,
) -> Axes:
    """Diverging stacked bar chart (发散堆积条形图) of a Likert distribution.

    Negative answers go left of zero, positive right, and the neutral middle level is
    split half and half across zero, so bars that lean right are better.

    Args:
        distribution: shares from :func:`likert_distribution` (rows = items).
        labels: display names of the levels (default :data:`LIKERT_LABELS`).
        title: chart title.
        ax: axes to draw on (a new figure if ``None``).

    Returns:
        The matplotlib axes.

    >>> from helpers.analysis.survey import likert_distribution
    >>> dist = likert_distribution(pd.DataFrame({"q": [1, 3, 5, 5]}), ["q"])
    >>> ax = plot_likert(dist)
    >>> ax.get_title(), len(ax.patches)   # one bar segment per level
    ('各题满意度分布', 5)
    """
    import matplotlib.pyplot as plt

    labels = labels or LIKERT_LABELS
    levels = list(distribution.columns)
    k = len(levels)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.55 * len(distribution) + 1.8), layout="constrained")
    colors = plt.get_cmap("RdYlGn")([i / (k - 1) if k > 1 else 0.5 for i in range(k)])
    data = distribution.fillna(0) * 100
    rows = list(range(len(data)))[::-1]
    mid = k // 2 if k % 2 else None
    left = -(data.iloc[:, : k // 2].sum(axis=1) + (data.iloc[:, mid] / 2 if mid is not None else 0))
    start = left.to_numpy(dtype=float).copy()
    for i, level in enumerate(levels):
        width = data[level].to_numpy(dtype=float)
        ax.barh(rows, width, left=start, color=colors[i], edgecolor="white",
                label=labels.get(level, str(level)))
        start = start + width
    ax.axvline(0, color="grey", linewidth=1)
    ax.set_yticks(rows)
    ax.set_yticklabels([str(i) for i in data.index])
    ax.set_xlabel("占有效回答的百分比（%）：左侧为负面，右侧为正面")
    ax.set_title(title)
    ax.legend(ncol=k, loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False)
    return ax
