"""Charts for questionnaires (lecture 1): the diverging stacked Likert bar chart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..analysis.survey import LIKERT_LABELS
from .base import axes_or_new

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
    ax = axes_or_new(ax, (9, 0.55 * len(distribution) + 1.8), layout="constrained")
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


#: One colour per customer group, the same in every chart of lecture 1.
GROUP_COLOURS = {"重点客户": "#3182bd", "一般客户": "#9ecae1", "合计": "#636363", "全部": "#636363"}
#: Likert levels from 很不满意 (red) to 很满意 (green); 未作答 grey.
LIKERT_COLOURS = ("#d7191c", "#fdae61", "#ffffbf", "#a6d96a", "#1a9641", "#d9d9d9")


def plot_response_rate(rates: pd.DataFrame, title: str = "问卷回收率（分母：发放数）") -> Axes:
    """Bars of the response rate per group, each labelled with its rate and n.

    Args:
        rates: the output of :func:`helpers.analysis.survey.response_rate` (发放数, 回收数, 回收率).
        title: chart title.

    Returns:
        The axes.

    >>> r = pd.DataFrame({"发放数": [10, 20], "回收数": [5, 5], "回收率": [0.5, 0.25]}, index=["重点客户", "一般客户"])
    >>> [t.get_text() for t in plot_response_rate(r).texts]
    ['50.0%（5/10）', '25.0%（5/20）']
    """
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=(6.5, 3.6), layout="constrained")
    values = rates["回收率"].to_numpy() * 100
    x = np.arange(len(rates))
    ax.bar(x, values, color=[GROUP_COLOURS.get(str(g), "#636363") for g in rates.index])
    for xi, v, k, n in zip(x, values, rates["回收数"], rates["发放数"]):
        ax.text(xi, v + 1.5, f"{v:.1f}%（{int(k)}/{int(n)}）", ha="center", fontsize=10)
    ax.set_xticks(x, [str(g) for g in rates.index])
    ax.set_ylim(0, max(values.max() * 1.25, 10))
    ax.set_ylabel("回收率（%）")
    ax.set_title(title)
    return ax


def plot_missing(missing: pd.DataFrame, title: str = "各题缺失率") -> Axes:
    """Horizontal bars of each question's share of blank answers, with the count.

    The questions keep the table's order (the questionnaire's), the same in every survey chart.

    Args:
        missing: the output of :func:`helpers.analysis.survey.missing_by_item` (缺失数, 缺失率, 回收数).
        title: chart title (say the denominator).

    Returns:
        The axes.
    """
    import matplotlib.pyplot as plt

    data = missing
    _, ax = plt.subplots(figsize=(7.5, 3.6), layout="constrained")
    y = np.arange(len(data))[::-1]  # questionnaire order, first question on top
    ax.barh(y, data["缺失率"] * 100, color="#fdae6b")
    ax.set_yticks(y, [str(i) for i in data.index])
    for yi, rate, n in zip(y, data["缺失率"], data["缺失数"]):
        ax.text(rate * 100 + 0.3, yi, f"{rate:.1%}（{int(n)} 份）", va="center", fontsize=9)
    ax.set_xlim(0, max(data["缺失率"].max() * 100 * 1.35, 5))
    ax.set_xlabel("缺失率（%）")
    ax.set_title(title)
    return ax


def plot_boxes(boxes: pd.DataFrame, title: str = "各题顶端框（4–5 分）与底端框（1–2 分）占比") -> Axes:
    """Paired bars: top-box and bottom-box share per question, with the n of each question.

    The questions keep the table's order (the questionnaire's), the same in every survey chart.

    Args:
        boxes: the output of :func:`helpers.analysis.survey.box_scores`.
        title: chart title.

    Returns:
        The axes.
    """
    import matplotlib.pyplot as plt

    data = boxes
    _, ax = plt.subplots(figsize=(8.5, 4.2), layout="constrained")
    y = np.arange(len(data))[::-1]  # questionnaire order, first question on top
    ax.barh(y + 0.2, data["顶端框占比"] * 100, height=0.4, color="#31a354", label="顶端框：满意 + 很满意")
    ax.barh(y - 0.2, data["底端框占比"] * 100, height=0.4, color="#de2d26", label="底端框：很不满意 + 不满意")
    ax.set_yticks(y, [f"{i}（n = {int(n)}）" for i, n in zip(data.index, data["有效回答"])])
    ax.set_xlabel("占这一题有效回答的百分比（%）")
    ax.set_xlim(0, 100)
    ax.set_title(title)
    ax.legend(loc="lower right")
    return ax


def plot_nps(nps: pd.DataFrame, title: str = "推荐意愿的三组构成（分母：该组有效回答）") -> Axes:
    """Stacked bars of promoters, passives and detractors per group, with the NPS and n written beside.

    Args:
        nps: the output of :func:`helpers.analysis.survey.nps_table`.
        title: chart title.

    Returns:
        The axes.
    """
    import matplotlib.pyplot as plt

    from .trends import NPS_COLOURS

    _, ax = plt.subplots(figsize=(8.5, 3.2), layout="constrained")
    left = np.zeros(len(nps))
    y = np.arange(len(nps))[::-1]
    for column, label in (("推荐者占比", "推荐者（9–10 分）"), ("中立者占比", "中立者（7–8 分）"),
                          ("贬损者占比", "贬损者（0–6 分）")):
        values = nps[column].to_numpy() * 100
        ax.barh(y, values, left=left, color=NPS_COLOURS[label[:3]], label=label)
        left += values
    for yi, value, n in zip(y, nps["NPS"], nps["有效回答"]):
        ax.text(102, yi, f"NPS {value:+.1f}（n = {int(n)}）", va="center", fontsize=10)
    ax.set_yticks(y, [str(i) for i in nps.index])
    ax.set_xlim(0, 130)
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlabel("占比（%）")
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.4, -0.3), ncol=3, frameon=False)
    return ax


def plot_crosstab(cross: pd.DataFrame, title: str = "交叉分析（分母：该组回收问卷，含未作答）") -> Axes:
    """Stacked 100% bars of one question's answers per customer group (未作答 included, in grey).

    Args:
        cross: the output of :func:`helpers.analysis.survey.crosstab` (shares and a 人数 column).
        title: chart title.

    Returns:
        The axes.
    """
    import matplotlib.pyplot as plt

    data = cross.drop(columns="人数", errors="ignore") * 100
    _, ax = plt.subplots(figsize=(8.5, 2.9), layout="constrained")
    left = np.zeros(len(data))
    y = np.arange(len(data))[::-1]
    for k, column in enumerate(data.columns):
        ax.barh(y, data[column].to_numpy(), left=left, color=LIKERT_COLOURS[k % len(LIKERT_COLOURS)],
                label=str(column), edgecolor="white")
        left += data[column].to_numpy()
    n = cross["人数"] if "人数" in cross.columns else pd.Series(np.nan, index=cross.index)
    ax.set_yticks(y, [f"{g}（n = {int(k)}）" for g, k in zip(data.index, n)])
    ax.set_xlim(0, 100)
    ax.set_xlabel("占比（%）")
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=len(data.columns), frameon=False)
    return ax
