"""Charts for interview coding (lecture 1): mention rate and weighted share per theme.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


def plot_codes(summary: pd.DataFrame, title: str = "访谈主题：提及率与加权占比", ax: Axes | None = None) -> Axes:
    """Bar chart comparing plain mention rates with weighted shares per category.

    Args:
        summary: the table from :func:`summarise_codes`.
        title: chart title.
        ax: axes to draw on (a new figure if ``None``).

    Returns:
        The matplotlib axes.

    >>> from helpers.analysis.interviews import summarise_codes
    >>> s = summarise_codes(pd.DataFrame({"价格": [1, 0], "交期": [1, 1]}))
    >>> len(plot_codes(s).patches)   # two bars per category
    4
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.5 * len(summary) + 1.8), layout="constrained")
    data = summary[["提及率", "加权占比"]].iloc[::-1] * 100
    data.plot.barh(ax=ax, color=["#9ecae1", "#08519c"], width=0.75)
    ax.set_xlabel("占全部访谈的百分比（%）")
    ax.set_ylabel("")
    ax.set_title(title)
    ax.legend(["提及率（每条笔记权重相同）", "加权占比（按被访者层级加权）"], loc="lower right")
    return ax
