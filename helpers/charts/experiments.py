"""Charts for comparisons and experiments (lecture 5): the A/B result, group rates with
their intervals, actual against target, and the sample-size curve.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..analysis.experiments import DIFF, HIGH, LOW, sample_size_two_proportions, wilson_interval
from .base import axes_or_new

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

#: Control and treatment colours, the same in every chart.
AB_COLOURS: dict[str, str] = {"对照组": "#9E9E9E", "实验组": "#4C72B0"}


def plot_ab(summary: pd.DataFrame, title: str = "复购券实验的结果") -> object:
    """Two panels: each metric's rate in both groups (with 95% intervals), and the difference B − A.

    Args:
        summary: output of :func:`helpers.analysis.experiments.ab_test_summary`.
        title: figure title (state the finding, e.g. with ``ab_title``).

    Returns:
        The matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    groups = summary.attrs.get("groups", ("对照组", "实验组"))
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [1.2, 1]})
    x = np.arange(len(summary))
    for k, (g, col_n, col_p) in enumerate(((groups[0], "A组人数", "A组比例"), (groups[1], "B组人数", "B组比例"))):
        rates = summary[col_p].to_numpy(dtype=float)
        n = summary[col_n].to_numpy()
        ci = np.array([wilson_interval(int(round(r * m)), int(m)) for r, m in zip(rates, n)])
        pos = x + (k - 0.5) * 0.36
        left.bar(pos, rates, width=0.34, color=AB_COLOURS.get(g, "#4C72B0"), label=f"{g}（n={int(n[0]):,}）")
        left.errorbar(pos, rates, yerr=np.vstack([rates - ci[:, 0], ci[:, 1] - rates]), fmt="none", ecolor="#333333",
                      capsize=3, lw=1)
        for p, r in zip(pos, rates):
            left.text(p, r + 0.05, f"{r:.1%}", ha="center", fontsize=9.5)
    left.set_xticks(x, summary["指标"].tolist())
    left.set_ylim(0, min(1.0, float(summary[["A组比例", "B组比例"]].to_numpy().max()) + 0.2))
    left.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    left.set_ylabel("比例（竖线：95% 置信区间）")
    left.legend(fontsize=9, loc="upper right")
    left.grid(axis="x", visible=False)
    left.set_title("两组的比例")
    diff = summary[DIFF].to_numpy(dtype=float)
    low, high = summary[LOW].to_numpy(dtype=float), summary[HIGH].to_numpy(dtype=float)
    colours = ["#2E7D32" if s else "#9E9E9E" for s in summary["是否显著"]]
    right.hlines(x, low, high, color=colours, lw=3)
    right.scatter(diff, x, color=colours, s=60, zorder=3)
    for xi, d, lo, hi, s in zip(x, diff, low, high, summary["是否显著"]):
        right.text(d, xi - 0.22, f"{d:+.1f}（{lo:+.1f} 至 {hi:+.1f}）{'可信' if s else '包含 0'}", ha="center",
                   fontsize=9.5)
    right.axvline(0, color="#C44E52", lw=1.2, ls="--")
    right.set_yticks(x, summary["指标"].tolist())
    right.set_ylim(len(summary) - 0.4, -0.6)
    span = max(abs(low).max(), abs(high).max(), 1) * 1.3
    right.set_xlim(-span, span)
    right.set_xlabel("实验组 − 对照组（百分点，横线 = 95% 置信区间）")
    right.set_title("差值：区间不含 0 才算可信")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_compare_groups(table: pd.DataFrame, title: str = "各组比例与 95% 置信区间", what: str = "比例",
                        ax: Axes | None = None) -> Axes:
    """Each group's rate as a dot with its interval, and the overall rate as a line.

    Args:
        table: output of :func:`helpers.analysis.compare.compare_groups`.
        title: chart title.
        what: what the rate is (x-axis label).
        ax: axes to draw on.

    Returns:
        The axes.
    """
    ax = axes_or_new(ax, (8, 0.55 * len(table) + 1.6))
    y = np.arange(len(table))
    colours = ["#C44E52" if d else "#4C72B0" for d in table["与其余显著不同"]]
    ax.hlines(y, table["置信下限"], table["置信上限"], color=colours, lw=3)
    ax.scatter(table["比例"], y, color=colours, s=50, zorder=3)
    for yi, r, hi, n in zip(y, table["比例"], table["置信上限"], table["人数"]):
        ax.text(hi + 0.01, yi, f"{r:.1%}（n={int(n):,}）", va="center", fontsize=9.5)
    overall = table.attrs.get("overall")
    if overall is not None:
        ax.axvline(overall, color="#555555", ls="--", lw=1)
        ax.text(overall, -0.7, f"全体 {overall:.1%}", ha="center", fontsize=9, color="#555555")
    ax.set_yticks(y, table["分组"].tolist())
    ax.set_ylim(len(table) - 0.4, -1)
    ax.set_xlim(0, min(1.0, float(table["置信上限"].max()) + 0.25))
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel(f"{what}（横线：95% 置信区间；红色：与其余人群差异显著）")
    ax.set_title(title)
    return ax


def plot_target_attainment(table: pd.DataFrame, title: str = "每月目标达成率", ax: Axes | None = None) -> Axes:
    """Lines of each metric's monthly attainment (actual ÷ target) against the 100% line.

    Args:
        table: output of :func:`helpers.analysis.compare.compare_to_target`.
        title: chart title.
        ax: axes to draw on.

    Returns:
        The axes.
    """
    ax = axes_or_new(ax, (9, 4))
    x = np.arange(len(table))
    colours = ["#55A868", "#C44E52", "#4C72B0", "#DD8452"]
    for k, col in enumerate(table.attrs.get("percent", [])):
        ax.plot(x, table[col], marker="o", color=colours[k % 4], label=col.replace("达成率", ""))
    ax.axhline(1.0, color="#333333", lw=1, ls="--")
    ax.text(len(table) - 0.6, 1.01, "目标线 100%", ha="right", fontsize=9)
    ax.set_xticks(x, [m.split("年")[-1] for m in table["月份"]])
    low = float(np.nanmin(table[table.attrs.get("percent", [])].to_numpy()))
    ax.set_ylim(min(0.6, low - 0.05), None)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_ylabel("达成率（实际 ÷ 目标）")
    ax.set_xlabel(f"{table['月份'].iloc[0].split('年')[0]} 年的月份")
    ax.legend(fontsize=9)
    ax.set_title(title)
    return ax


def plot_sample_size(p_base: float, effects: np.ndarray | None = None, per_group: int | None = None,
                     title: str | None = None, ax: Axes | None = None) -> Axes:
    """People needed per group against the smallest difference to detect (5% significance, 80% power).

    Args:
        p_base: the control rate.
        effects: the differences to draw (fractions; default 1–15 percentage points).
        per_group: mark this group size (e.g. the experiment's 500).
        title: chart title.
        ax: axes to draw on.

    Returns:
        The axes.
    """
    ax = axes_or_new(ax, (7.5, 4))
    d = np.linspace(0.01, 0.15, 57) if effects is None else np.asarray(effects, dtype=float)
    d = d[p_base + d < 1]
    n = [sample_size_two_proportions(p_base, x) for x in d]
    ax.plot(d * 100, n, color="#4C72B0", lw=2)
    if per_group:
        ax.axhline(per_group, color="#C44E52", ls="--", lw=1)
        ax.text(d[-1] * 100, per_group * 1.15, f"每组 {per_group:,} 人", ha="right", color="#C44E52", fontsize=9)
    ax.set_yscale("log")
    ax.set_xlabel("想要发现的最小差异（百分点）")
    ax.set_ylabel("每组需要的人数（对数刻度）")
    ax.set_title(title or f"基线 {p_base:.0%} 时：差异越小，需要的人越多")
    return ax
