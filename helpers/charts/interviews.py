"""Charts for interview coding (lecture 1): mention rate and weighted share per theme.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from .base import axes_or_new

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
    ax = axes_or_new(ax, (8, 0.5 * len(summary) + 1.8), layout="constrained")
    data = summary[["提及率", "加权占比"]].iloc[::-1] * 100
    data.plot.barh(ax=ax, color=["#9ecae1", "#08519c"], width=0.75)
    ax.set_xlabel("占全部访谈的百分比（%）")
    ax.set_ylabel("")
    ax.set_title(title)
    ax.legend(["提及率（每条笔记权重相同）", "加权占比（按被访者层级加权）"], loc="lower right")
    return ax


#: Interviewee levels, junior to senior, light to dark.
LEVELS = ("执行层", "管理层", "决策层")
LEVEL_COLOURS = ("#c6dbef", "#6baed6", "#08519c")


def plot_interviewees(notes: pd.DataFrame, role: str = "interviewee_role", level: str = "interviewee_level",
                      title: str = "") -> Axes:
    """Stacked bars: how many interviews per interviewee role, split by level.

    Args:
        notes: one row per interview.
        role: the role column.
        level: the level column (执行层 / 管理层 / 决策层).
        title: chart title (default: "N 次访谈的受访者构成").

    Returns:
        The axes.

    >>> n = pd.DataFrame({"interviewee_role": ["采购经理", "总经理"], "interviewee_level": ["管理层", "决策层"]})
    >>> plot_interviewees(n).get_title()
    '2 次访谈的受访者构成'
    """
    import matplotlib.pyplot as plt

    table = pd.crosstab(notes[role], notes[level])
    table = table.reindex(columns=[lv for lv in LEVELS if lv in table.columns] +
                          [c for c in table.columns if c not in LEVELS])
    table = table.loc[table.sum(axis=1).sort_values().index]
    _, ax = plt.subplots(figsize=(7.5, 0.4 * len(table) + 1.6), layout="constrained")
    left = pd.Series(0, index=table.index)
    for column in table.columns:
        colour = LEVEL_COLOURS[LEVELS.index(column)] if column in LEVELS else "#bdbdbd"
        ax.barh([str(i) for i in table.index], table[column], left=left, color=colour,
                label=f"{column}（{int(table[column].sum())} 次）")
        left = left + table[column]
    ax.set_xlabel("访谈次数")
    ax.set_ylabel("受访者职务")
    ax.set_title(title or f"{len(notes)} 次访谈的受访者构成")
    ax.legend(title="层级", loc="lower right")
    return ax


def plot_codes_by_level(summary: pd.DataFrame, coded: pd.DataFrame, levels: pd.Series,
                        title: str = "访谈主题：整体与各层级") -> Any:
    """Two panels: mention rate and weighted share per topic, and a heat map of topic by level.

    The heat map has no grid lines through its cells; each row says its n, and rows with
    fewer than 10 interviews are marked as too few to compare.

    Args:
        summary: the output of :func:`helpers.analysis.interviews.summarise_codes`.
        coded: the 0/1 note x topic matrix of :func:`helpers.analysis.interviews.code_notes`.
        levels: the interviewee level of each note, aligned with ``coded``.
        title: the figure title.

    Returns:
        The figure.
    """
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(14, 4.6), layout="constrained",
                                   gridspec_kw={"width_ratios": [1.3, 1]})
    plot_codes(summary, ax=ax1)
    level = pd.Series(pd.Categorical(list(levels), categories=[lv for lv in LEVELS if lv in set(levels)]),
                      index=coded.index)
    by_level = coded.groupby(level, observed=True).mean()[summary.index] * 100
    sizes = level.value_counts()
    ax2.imshow(by_level.to_numpy(), cmap="Blues", aspect="auto", vmin=0, vmax=100)
    ax2.grid(False)
    ax2.set_xticks(range(len(by_level.columns)), by_level.columns, rotation=40, ha="right")
    ax2.set_yticks(range(len(by_level.index)),
                   [f"{lv}（{sizes[lv]} 人）" + ("，太少" if sizes[lv] < 10 else "") for lv in by_level.index])
    for (i, j), value in pd.DataFrame(by_level.to_numpy()).stack().items():
        ax2.text(j, i, f"{value:.0f}%", ha="center", va="center", fontsize=10,
                 color="white" if value > 55 else "black")
    ax2.tick_params(length=0)
    for spine in ax2.spines.values():
        spine.set_visible(False)
    ax2.set_title("各层级受访者提到各主题的比例")
    fig.suptitle(title)
    return fig
