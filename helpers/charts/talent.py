"""Charts of lecture 6's manager selection: the candidates' scores and how their rank moves with the weights.

The four dimensions keep one colour each (:data:`DIMENSION_COLOURS`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .base import axes_or_new

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

DIMENSION_COLOURS: dict[str, str] = {"一线业绩": "#4C72B0", "关键战役": "#C44E52", "经历与岁月": "#8172B3",
                                     "客户声音": "#55A868"}


def plot_manager_scores(scores: pd.DataFrame, top: int = 10, title: str = "候选人综合得分（按维度分解）",
                        ax: Axes | None = None) -> Axes:
    """Horizontal stacked bars: each candidate's score split into the four dimensions.

    The candidate with the highest sales (the table's sales column) is marked in words.

    Args:
        scores: from :func:`helpers.analysis.talent.manager_scores`.
        top: the candidates shown (best first).
        title: the chart title (state the finding).
        ax: axes to draw on (a new figure if ``None``).

    Returns:
        The axes (x from 0 to 100 points).

    >>> s = pd.DataFrame({"姓名": ["甲", "乙"], "维度得分_一线业绩": [30.0, 10.0], "维度得分_客户声音": [10.0, 5.0],
    ...                   "综合得分": [40.0, 15.0]})
    >>> [float(v) for v in plot_manager_scores(s).get_xlim()]
    [0.0, 100.0]
    """
    shown = scores.head(top)
    dims = [c.replace("维度得分_", "") for c in scores.columns if str(c).startswith("维度得分_")]
    ax = axes_or_new(ax, (9, 0.45 * len(shown) + 1.8), layout="constrained")
    y = np.arange(len(shown))[::-1]
    left = np.zeros(len(shown))
    for dim in dims:
        values = shown[f"维度得分_{dim}"].to_numpy(float)
        ax.barh(y, values, left=left, color=DIMENSION_COLOURS.get(dim, "#8C8C8C"), label=dim, height=0.65)
        left += values
    for yi, end, total in zip(y, left, shown["综合得分"]):
        ax.text(end + 1, yi, f"{total:.1f}", va="center", fontsize=9)
    names = [str(n) for n in shown.get("姓名", pd.Series(shown.index, index=shown.index))]
    ax.set_yticks(y)
    ax.set_yticklabels(names)
    col = scores.attrs.get("销售额列")
    if col and col in scores and scores[col].notna().any():
        best = scores[col].astype(float).idxmax()
        if best in shown.index:
            yi = y[list(shown.index).index(best)]
            end = left[list(shown.index).index(best)]
            ax.text(end + 7, yi, f"← {col.split('年')[0]} 年销售额第一", va="center", fontsize=9, color="#333333")
    ax.set_xlim(0, 100)
    ax.set_xlabel("综合得分（0–100 分，按维度分段）")
    ax.set_title(title)
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1), title="维度")
    return ax


def plot_rank_ranges(sensitivity: pd.DataFrame, title: str = "权重变化时的排名区间", ax: Axes | None = None) -> Axes:
    """One row per candidate: a line from the best to the worst rank over all weight sets.

    A dot marks the rank under the default weights; the text on the right counts the weight
    sets that put the candidate in the top and first (e.g. "前三 61 组｜第一 8 组"; a count, not a
    probability: the sets are a grid we chose).

    Args:
        sensitivity: from :func:`helpers.analysis.talent.weight_sensitivity`.
        title: the chart title (state the finding).
        ax: axes to draw on (a new figure if ``None``).

    Returns:
        The axes (rank 1 on the left).

    >>> s = pd.DataFrame({"姓名": ["甲", "乙"], "默认排名": [1, 2], "最好排名": [1, 1], "最差排名": [2, 2],
    ...                   "进入前3占比": [1.0, 1.0], "排第一占比": [0.7, 0.3]})
    >>> s.attrs.update({"top": 3, "组合数": 84})
    >>> ax = plot_rank_ranges(s)
    >>> bool(ax.get_xlim()[0] < 1), ax.texts[0].get_text()
    (True, '前三 84 组｜第一 59 组')
    """
    top = sensitivity.attrs.get("top", 3)
    share_col = f"进入前{top}占比"
    n = len(sensitivity)
    combos = int(sensitivity.attrs.get("组合数", 0) or 0)

    def count(share: float) -> str:
        return f"{round(share * combos)} 组" if combos else f"{share:.0%}"

    ax = axes_or_new(ax, (9, 0.42 * n + 1.8), layout="constrained")
    y = np.arange(n)[::-1]
    for yi, (_, row) in zip(y, sensitivity.iterrows()):
        ax.plot([row["最好排名"], row["最差排名"]], [yi, yi], color="#4C72B0", linewidth=4, alpha=0.45,
                solid_capstyle="round")
        ax.plot(row["默认排名"], yi, "o", color="#C44E52", markersize=7)
        word = {1: "第一", 2: "前二", 3: "前三"}.get(top, f"前{top}")
        ax.text(n + 0.8, yi, f"{word} {count(row[share_col])}｜第一 {count(row['排第一占比'])}", va="center",
                fontsize=9)
    ax.set_yticks(y)
    ax.set_yticklabels([str(v) for v in sensitivity.get("姓名", sensitivity.index)])
    ax.set_xlim(0.5, n + 4.5)
    ax.set_xticks(range(1, n + 1))
    ax.set_xlabel(f"排名（1 = 第一；线 = {combos or '所有'} 组权重下的最好到最差，红点 = 默认权重）")
    ax.axvspan(0.5, top + 0.5, color="#eeeeee", zorder=0)
    ax.set_title(title)
    return ax
