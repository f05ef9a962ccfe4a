"""Charts for the user lifecycle (lecture 5): stage counts, stages over time, churn flow,
the transition heat map and the RFM early-warning back-test.

Each stage has one colour in every chart (:data:`STAGE_COLOURS`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..analysis.lifecycle import STAGES
from .base import axes_or_new

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

#: One colour per lifecycle stage, the same in every chart.
STAGE_COLOURS: dict[str, str] = {"新手期": "#8ECAE6", "成长期": "#3A86C8", "成熟期": "#1D4E89",
                                 "衰退期": "#F4A261", "流失期": "#B0B0B0"}


def plot_stage_counts(counts: pd.DataFrame, title: str = "各生命周期阶段的会员人数", ax: Axes | None = None) -> Axes:
    """Bars of members per stage, labelled with count and share.

    Args:
        counts: output of :func:`helpers.analysis.lifecycle.stage_counts`.
        title: chart title.
        ax: axes to draw on.

    Returns:
        The axes.
    """
    ax = axes_or_new(ax, (8, 4))
    x = np.arange(len(counts))
    ax.bar(x, counts["人数"], color=[STAGE_COLOURS[s] for s in counts["阶段"]])
    top = float(counts["人数"].max()) or 1.0
    for xi, n, share in zip(x, counts["人数"], counts["占比"]):
        ax.text(xi, n + top * 0.02, f"{int(n):,}（{share:.0%}）", ha="center", fontsize=10)
    ax.set_xticks(x, counts["阶段"].tolist())
    ax.set_ylim(0, top * 1.15)
    ax.set_ylabel("会员人数（人）")
    ax.grid(axis="x", visible=False)
    ax.set_title(title)
    return ax


def plot_lifecycle_by_quarter(table: pd.DataFrame, title: str = "每个季度末的会员阶段结构",
                              ax: Axes | None = None) -> Axes:
    """Stacked bars: members in each stage at each period end.

    Args:
        table: output of :func:`helpers.analysis.lifecycle.stage_counts_by_period`.
        title: chart title.
        ax: axes to draw on.

    Returns:
        The axes.
    """
    ax = axes_or_new(ax, (9, 4.6))
    x = np.arange(len(table))
    bottom = np.zeros(len(table))
    for stage in STAGES:
        values = table[stage].to_numpy(dtype=float)
        ax.bar(x, values, bottom=bottom, color=STAGE_COLOURS[stage], label=stage, width=0.7)
        bottom += values
    labels = [f"{d.year}年\n第{(d.month - 1) // 3 + 1}季度末" if d.month in (3, 6, 9, 12) else f"{d:%Y-%m-%d}"
              for d in pd.to_datetime(table.index)]
    ax.set_xticks(x, labels)
    ax.set_ylabel("会员人数（人，当时已入会）")
    ax.set_ylim(0, bottom.max() * 1.08)
    ax.legend(ncol=5, fontsize=9, loc="upper left")
    ax.grid(axis="x", visible=False)
    ax.set_title(title)
    return ax


def plot_churn_flow(flow: pd.DataFrame, title: str = "累计流失只会增加：要看每季度的流失率") -> object:
    """Two panels: the cumulative number of churned members, and the churn rate per period.

    Args:
        flow: output of :func:`helpers.analysis.lifecycle.churn_flow`.
        title: figure title.

    Returns:
        The matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    x = np.arange(len(flow))
    labels = [p.replace("年第", "年\n第") for p in flow["期间"]]
    left.bar(x, flow["累计流失"], color=STAGE_COLOURS["流失期"])
    left.set_xticks(x, labels)
    left.set_ylabel("期末处于流失期的会员（人）")
    left.set_title("累计流失人数")
    left.grid(axis="x", visible=False)
    right.plot(x, flow["流失率"], marker="o", color="#C44E52")
    for xi, r, n in zip(x, flow["流失率"], flow["期初未流失"]):
        right.text(xi, r + 0.02, f"{r:.0%}\nn={int(n):,}", ha="center", fontsize=9)
    right.set_xticks(x, labels)
    right.set_ylim(0, max(0.5, float(flow["流失率"].max()) + 0.12))
    right.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    right.set_ylabel("新增流失 ÷ 期初未流失会员")
    right.set_title("季度流失率（n = 期初未流失会员）")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_transitions(counts: pd.DataFrame, title: str = "会员阶段流转（行 = 期初阶段，格 = 去向占比）",
                     ax: Axes | None = None) -> Axes:
    """Heat map of a transition table: row shares, with counts, and each row's n on the left.

    Args:
        counts: output of :func:`helpers.analysis.lifecycle.stage_transitions`.
        title: chart title.
        ax: axes to draw on.

    Returns:
        The axes.
    """
    ax = axes_or_new(ax, (8.5, 5))
    total = counts.sum(axis=1).to_numpy(dtype=float)
    shares = counts.to_numpy(dtype=float) / np.where(total > 0, total, np.nan)[:, None]
    rows, cols = shares.shape
    ax.pcolormesh(np.arange(cols + 1), np.arange(rows + 1), np.ma.masked_invalid(shares), cmap="Purples",
                  vmin=0, vmax=1, edgecolors="white", linewidth=0.8)
    for i in range(rows):
        for j in range(cols):
            if np.isnan(shares[i, j]):
                continue
            colour = "white" if shares[i, j] > 0.55 else "#222222"
            ax.text(j + 0.5, i + 0.5, f"{shares[i, j]:.0%}\n({int(counts.iat[i, j]):,})", ha="center", va="center",
                    fontsize=9.5, color=colour)
    ax.set_xlim(0, cols)
    ax.set_ylim(rows, 0)
    ax.set_xticks(np.arange(cols) + 0.5, list(counts.columns))
    ax.set_yticks(np.arange(rows) + 0.5, [f"{r}（{int(n):,}人）" for r, n in zip(counts.index, total)])
    period = counts.attrs.get("period")
    ax.set_xlabel(f"期末阶段（{period[1]}）" if period else "期末阶段")
    ax.set_ylabel(f"期初阶段（{period[0]}）" if period else "期初阶段")
    ax.xaxis.set_ticks_position("top")
    ax.xaxis.set_label_position("top")
    ax.grid(False)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title(title, pad=12)
    return ax


def plot_early_warning(check: pd.DataFrame, title: str = "RFM 预警回测：风险越高，之后流失越多",
                       ax: Axes | None = None) -> Axes:
    """Bars of the later churn rate per risk band, with 95% intervals and n.

    Args:
        check: output of :func:`helpers.analysis.churn.early_warning_check`.
        title: chart title.
        ax: axes to draw on.

    Returns:
        The axes.
    """
    ax = axes_or_new(ax, (7, 4))
    x = np.arange(len(check))
    rate = check["之后流失率"].to_numpy(dtype=float)
    ax.bar(x, rate, color=["#8ECAE6", "#F4A261", "#C44E52"][: len(check)], width=0.6)
    err = np.vstack([rate - check["置信下限"].to_numpy(dtype=float), check["置信上限"].to_numpy(dtype=float) - rate])
    ax.errorbar(x, rate, yerr=np.nan_to_num(err), fmt="none", ecolor="#333333", capsize=4, lw=1)
    for xi, r in zip(x, rate):
        if not np.isnan(r):
            ax.text(xi, r + 0.06, f"{r:.0%}", ha="center", fontsize=11)
    bands = {"低": "低风险\n0–30 天", "中": "中风险\n31–90 天", "高": "高风险\n91–180 天"}
    ax.set_xticks(x, [f"{bands.get(b, b)}\nn={int(n):,}" for b, n in zip(check["风险"], check["人数"])])
    ax.set_ylim(0, 1.08)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_ylabel("之后 180 天没有再买的比例")
    ax.set_xlabel("预警日的风险等级（距最近一次购买的天数）")
    ax.grid(axis="x", visible=False)
    ax.set_title(title)
    return ax
