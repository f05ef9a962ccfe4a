"""Charts for retention (lecture 5): the cohort heat map, retention curves, the magic-number test.

The heat map uses a fixed colour scale (0–60%) so that month 0's 100% does not wash out
the rest; month 0 is drawn in grey. Cells not yet observed stay blank (they are not 0%).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..analysis.cohorts import UNIT_ZH, period_label, pooled_retention
from .base import axes_or_new

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

#: Colours of cohort groups in the retention curves (half years in time order), and the pooled line.
GROUP_COLOURS = ("#4C72B0", "#55A868", "#DD8452", "#8172B3", "#937860", "#DA8BC3")
POOLED_COLOUR = "#222222"


def _unit(matrix: pd.DataFrame) -> tuple[str, str]:
    if isinstance(matrix.index, pd.PeriodIndex):
        return UNIT_ZH.get(matrix.index.freqstr[0], ("期", "期"))
    return ("期", "期")


def plot_cohort_heatmap(matrix: pd.DataFrame, sizes: pd.Series, max_periods: int = 12, vmax: float = 0.6,
                        title: str = "同期群留存矩阵", ax: Axes | None = None) -> Axes:
    """The retention matrix as a heat map: one row per cohort (with its size), one column per period since.

    Args:
        matrix: output of :func:`helpers.cohort_retention`.
        sizes: output of :func:`helpers.analysis.cohorts.cohort_sizes`.
        max_periods: the last column drawn.
        vmax: the top of the colour scale (fixed, so that column 0's 100% does not dominate).
        title: chart title (state the finding).
        ax: axes to draw on.

    Returns:
        The axes.
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import Normalize

    data = matrix.iloc[:, : max_periods + 1].to_numpy(dtype=float)
    rows, cols = data.shape
    ax = axes_or_new(ax, (min(1.0 + 0.72 * cols, 12.5), min(1.6 + 0.36 * rows, 11)))
    cmap = plt.get_cmap("Blues").with_extremes(bad="white")
    shown = np.ma.masked_invalid(data.copy())
    shown[:, 0] = np.ma.masked
    norm = Normalize(0, vmax)
    ax.pcolormesh(np.arange(cols + 1), np.arange(rows + 1), shown, cmap=cmap, norm=norm,
                  edgecolors="white", linewidth=0.6)
    ax.pcolormesh([0, 1], np.arange(rows + 1), np.full((rows, 1), 1.0), cmap="Greys", vmin=0, vmax=4,
                  edgecolors="white", linewidth=0.6)
    size = 10 if rows <= 26 else 9
    for i in range(rows):
        for j in range(cols):
            v = data[i, j]
            if np.isnan(v):
                continue
            dark = j > 0 and norm(v) > 0.62
            ax.text(j + 0.5, i + 0.5, f"{v:.0%}", ha="center", va="center", fontsize=size,
                    color="white" if dark else "#222222")
    ax.set_xlim(0, cols)
    ax.set_ylim(rows, 0)
    unit = _unit(matrix)[0]
    ax.set_xticks(np.arange(cols) + 0.5, [str(k) for k in range(cols)])
    labels = [f"{period_label(p) if isinstance(p, pd.Period) else p}（{int(n):,}人）"
              for p, n in zip(matrix.index, np.asarray(sizes))]
    ax.set_yticks(np.arange(rows) + 0.5, labels, fontsize=size)
    note = "；按日历月：1 月 31 日首购，2 月 1 日就进入第 1 个月" if unit == "月" else ""
    ax.set_xlabel(f"首购后第几{unit}（第 0 {unit}是首购当{unit}，恒为 100%{note}）")
    ax.set_ylabel("首购月份（人数）" if unit == "月" else f"首购的{unit}（人数）")
    ax.xaxis.set_ticks_position("top")
    ax.xaxis.set_label_position("top")
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.tick_params(length=0)
    sm = plt.cm.ScalarMappable(norm=norm, cmap=cmap)
    bar = ax.figure.colorbar(sm, ax=ax, fraction=0.03, pad=0.02)
    bar.ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    bar.set_label(f"这一{unit}当{unit}有购买的比例（≥ {vmax:.0%} 同色）")
    ax.set_title(title, pad=12)
    return ax


def _groups(index: pd.Index, groups: str) -> list[str]:
    if groups == "cohort":
        return [period_label(p) if isinstance(p, pd.Period) else str(p) for p in index]
    out = []
    for p in index:
        ts = p.start_time if isinstance(p, pd.Period) else pd.Timestamp(p)
        if groups == "half_year":
            out.append(f"{ts.year}年{'上' if ts.month <= 6 else '下'}半年首购")
        elif groups == "quarter":
            out.append(f"{ts.year}年第{ts.quarter}季度首购")
        else:
            out.append(f"{ts.year}年首购")
    return out


def plot_retention_curves(matrix: pd.DataFrame, sizes: pd.Series, groups: str = "half_year", max_periods: int = 12,
                          title: str = "留存曲线", ax: Axes | None = None) -> Axes:
    """Retention curves: one line per group of cohorts (size-weighted) and the pooled line.

    Args:
        matrix: output of :func:`helpers.cohort_retention`.
        sizes: cohort sizes.
        groups: ``"half_year"``, ``"quarter"``, ``"year"`` or ``"cohort"`` (one line each).
        max_periods: the last age drawn.
        title: chart title.
        ax: axes to draw on.

    Returns:
        The axes.
    """
    ax = axes_or_new(ax, (9, 4.8))
    labels = np.array(_groups(matrix.index, groups))
    sizes = pd.Series(np.asarray(sizes), index=matrix.index)
    for k, name in enumerate(dict.fromkeys(labels)):
        pick = labels == name
        curve = pooled_retention(matrix[pick], sizes[pick])
        curve = curve[curve.index <= max_periods].dropna()
        n = int(sizes[pick].sum())
        ax.plot(curve.index, curve["留存率"], marker="o", ms=3, lw=1.6, color=GROUP_COLOURS[k % len(GROUP_COLOURS)],
                label=f"{name}（{n:,}人）")
    pooled = pooled_retention(matrix, sizes)
    pooled = pooled[pooled.index <= max_periods].dropna()
    ax.plot(pooled.index, pooled["留存率"], color=POOLED_COLOUR, lw=2.8,
            label=f"全部（{int(sizes.sum()):,}人，按人数加权）")
    unit = _unit(matrix)[0]
    ax.set_ylim(0, 1.02)
    ax.set_xlim(0, max(int(pooled.index.max()), 1))
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel(f"首购后第几{unit}")
    ax.set_ylabel(f"这一{unit}当{unit}有购买的比例")
    ax.set_xticks(range(0, int(pooled.index.max()) + 1))
    ax.legend(fontsize=9, loc="upper right")
    ax.set_title(title)
    return ax


def plot_magic_number(test: pd.DataFrame, title: str = "复购次数与一年后留存", claim: float = 0.60,
                      ax: Axes | None = None) -> Axes:
    """Retention by number of early repeat purchases, with 95% intervals, n and the slogan's 60% line.

    Args:
        test: output of :func:`helpers.analysis.cohorts.magic_number_test`.
        title: chart title.
        claim: the slogan's loyalty line.
        ax: axes to draw on.

    Returns:
        The axes.
    """
    ax = axes_or_new(ax, (8.5, 4.6))
    x = np.arange(len(test))
    rate = test["留存率"].to_numpy(dtype=float)
    small = test["样本少"].to_numpy(dtype=bool)
    colours = ["#BBBBBB" if s else "#4C72B0" for s in small]
    ax.bar(x, np.nan_to_num(rate), color=colours, width=0.62)
    err = np.vstack([rate - test["置信下限"].to_numpy(dtype=float), test["置信上限"].to_numpy(dtype=float) - rate])
    ax.errorbar(x, rate, yerr=np.nan_to_num(err), fmt="none", ecolor="#333333", capsize=4, lw=1)
    for xi, r, hi in zip(x, rate, test["置信上限"]):
        if not np.isnan(r):
            ax.text(xi, hi + 0.02, f"{r:.0%}", ha="center", fontsize=10)
    ax.axhline(claim, color="#C44E52", ls="--", lw=1.4)
    ax.text(len(test) - 0.5, claim + 0.015, f"口号：复购 5 次变忠诚，留存 {claim:.0%}", ha="right", color="#C44E52",
            fontsize=9)
    ax.set_xticks(x, [f"{g}\nn={int(n):,}" for g, n in zip(test.iloc[:, 0].astype(str), test["人数"])])
    ax.set_ylim(0, max(1.0, float(np.nanmax(test["置信上限"])) + 0.08))
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel(f"{test.columns[0]}（n = 人数）")
    window = test.attrs.get("留存窗口", "留存窗口")
    ax.set_ylabel(f"{window}仍有购买的比例")
    ax.grid(axis="x", visible=False)
    ax.set_title(title)
    if small.any():
        ax.text(0.01, 0.97, "灰色：不足 30 人，不作解读", transform=ax.transAxes, fontsize=9, va="top", color="#777777")
    return ax


def plot_next_purchase(curve: pd.DataFrame, title: str = "第 k 次购买之后再买的比例", ax: Axes | None = None) -> Axes:
    """The "after the k-th purchase" curve of :func:`helpers.analysis.cohorts.next_purchase_curve`.

    Args:
        curve: output of ``next_purchase_curve``.
        title: chart title.
        ax: axes to draw on.

    Returns:
        The axes.
    """
    ax = axes_or_new(ax, (8, 4))
    ax.plot(curve["第k次购买"], curve["比例"], marker="o", color="#4C72B0")
    for k, r, n in zip(curve["第k次购买"], curve["比例"], curve["人数"]):
        ax.text(k, r + 0.03, f"{r:.0%}\nn={int(n):,}", ha="center", fontsize=9)
    ax.set_ylim(0, 1.1)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xticks(curve["第k次购买"].tolist())
    ax.set_xlabel("第 k 次购买（购买日）")
    ax.set_ylabel(str(curve.columns[2]) + "的比例")
    ax.set_title(title)
    return ax

