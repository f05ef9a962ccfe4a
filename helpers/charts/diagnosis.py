"""Charts for lecture 1's methods: the step diagrams of the two-step methods and the on-site diagnosis.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import DataError
from .base import axes_or_new


def plot_steps(steps: Sequence[str], details: Sequence[str] | None = None,
               title: str = "", ax: Any = None) -> Any:
    """Draw a method's steps as boxes joined by arrows (a picture for every "N-step" method).

    Args:
        steps: the step names, in order (2-5 fit on one line).
        details: one short line under each step name (optional).
        title: chart title.
        ax: axes to draw on (a new figure if ``None``).

    Returns:
        The matplotlib axes (axis lines hidden).

    >>> ax = plot_steps(["清洗", "结构化"], ["去重、补缺、统一格式", "汇总成分析表"], title="数据处理2步法")
    >>> [t.get_text() for t in ax.texts][:2]
    ['清洗', '去重、补缺、统一格式']
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch

    n = len(steps)
    if n == 0:
        raise DataError("没有步骤可画", "no steps to draw")
    details = list(details) if details is not None else [""] * n
    if len(details) != n:
        raise DataError("说明的条数要与步骤数相同", "give one detail line per step")
    ax = axes_or_new(ax, (3.2 * n + 0.6, 2.2), layout="constrained")
    width, gap = 2.6, 0.6
    colors = plt.get_cmap("Blues")(np.linspace(0.35, 0.75, n))
    for i, (name, detail) in enumerate(zip(steps, details)):
        x = i * (width + gap)
        ax.add_patch(FancyBboxPatch((x, 0), width, 1.4, boxstyle="round,pad=0.05,rounding_size=0.15",
                                    facecolor=colors[i], edgecolor="none"))
        ax.text(x + width / 2, 0.95, name, ha="center", va="center", fontsize=13, fontweight="bold",
                color="white" if i >= n / 2 else "black")
        ax.text(x + width / 2, 0.4, detail, ha="center", va="center", fontsize=9, wrap=True,
                color="white" if i >= n / 2 else "black")
        if i < n - 1:
            ax.annotate("", xy=(x + width + gap - 0.08, 0.7), xytext=(x + width + 0.08, 0.7),
                        arrowprops={"arrowstyle": "-|>", "color": "grey", "lw": 2})
    ax.set_xlim(-0.2, n * (width + gap) - gap + 0.2)
    ax.set_ylim(-0.2, 1.6)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def plot_cleaning(structured: Any, title: str = "数据处理两步法") -> Any:
    """The two steps as boxes, beside the structured result (amount per month and region).

    Args:
        structured: the output of :func:`helpers.analysis.diagnosis.structure_records`
            (months as rows, regions as columns, 合计 row and column).
        title: the figure title.

    Returns:
        The figure.
    """
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 3.4), layout="constrained",
                                   gridspec_kw={"width_ratios": [1.2, 1]})
    plot_steps(["① 清洗", "② 结构化"], ["空格 · 写法 · 格式 · 缺失 · 重复", "汇总成分析表，加合计"], ax=ax1)
    table = structured.drop(index="合计", errors="ignore").drop(columns="合计", errors="ignore") / 1e4
    x = np.arange(len(table))
    width = 0.8 / max(table.shape[1], 1)
    colours = ("#3182bd", "#fd8d3c", "#31a354", "#756bb1")
    for k, column in enumerate(table.columns):
        ax2.bar(x + (k - (table.shape[1] - 1) / 2) * width, table[column].to_numpy(), width=width,
                color=colours[k % len(colours)], label=str(column))
    ax2.set_xticks(x, [f"{pd_month(i)}" for i in table.index])
    ax2.set_title("清洗后：各月各区域拜访成交额")
    ax2.set_xlabel("月份")
    ax2.set_ylabel("金额（万元）")
    ax2.legend()
    fig.suptitle(title)
    return fig


def pd_month(label: Any) -> str:
    """A month label in Chinese: "2024-03" or a timestamp -> "2024年3月".

    Args:
        label: a month as text ("2024-03"), a Period or a Timestamp.

    Returns:
        The label.

    >>> pd_month("2024-03"), pd_month("合计")
    ('2024年3月', '合计')
    """
    import pandas as pd

    try:
        stamp = pd.Period(str(label), freq="M")
    except (ValueError, TypeError):
        return str(label)
    return f"{stamp.year}年{stamp.month}月"
