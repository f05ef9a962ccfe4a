"""Chart of the touchpoint drivers (lecture 5): importance × performance, bubble size = volume."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .base import axes_or_new

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

#: Quadrant colours of the importance × performance grid.
DRIVER_COLOURS: dict[str, str] = {"优先改进": "#C44E52", "保持优势": "#55A868", "可能投入过度": "#DD8452",
                                  "次要改进": "#8C8C8C", "—": "#FFFFFF"}


def plot_touchpoint_grid(drivers: pd.DataFrame, title: str = "服务触点：重要性 × 表现", ax: Axes | None = None) -> Axes:
    """Touchpoints placed by performance (mean rating) and importance (correlation with overall satisfaction).

    Bubble area ∝ 接触次数; touchpoints flagged 样本少 are drawn hollow and not placed in a quadrant.

    Args:
        drivers: output of :func:`helpers.analysis.service.touchpoint_drivers`.
        title: chart title (state the finding, e.g. with ``drivers_title``).
        ax: axes to draw on.

    Returns:
        The axes.
    """
    ax = axes_or_new(ax, (9, 6))
    perf_line = drivers.attrs.get("perf_line", 3.5)
    imp_line = drivers.attrs.get("importance_line", 0.30)
    x = drivers["平均评分"].to_numpy(dtype=float)
    y = drivers["重要性"].to_numpy(dtype=float)
    volume = drivers["接触次数"].to_numpy(dtype=float)
    area = 1800 * volume / max(float(volume.max()), 1) + 60
    small = drivers["样本少"].to_numpy(dtype=bool)
    x_lo, x_hi = min(2.5, float(np.nanmin(x)) - 0.2), max(4.5, float(np.nanmax(x)) + 0.2)
    y_lo, y_hi = min(0.0, float(np.nanmin(y)) - 0.05), max(0.7, float(np.nanmax(y)) + 0.08)
    for xi, yi, a, q, s, name, v, n in zip(x, y, area, drivers["象限"], small, drivers["触点"], volume,
                                           drivers["评价会员数"]):
        if np.isnan(xi) or np.isnan(yi):
            continue
        colour = DRIVER_COLOURS.get(q, "#8C8C8C")
        ax.scatter(xi, yi, s=a, facecolor="white" if s else colour, edgecolor=colour if not s else "#555555",
                   alpha=0.8, lw=1.5, zorder=3)
        ax.text(xi, yi, f"{name}\n{int(v):,}次", ha="center", va="center", fontsize=9, zorder=4)
        if s:
            ax.text(xi, yi - 0.05, f"样本少（n={int(n)}）", ha="center", fontsize=8, color="#555555")
    ax.axvline(perf_line, color="#555555", lw=1)
    ax.axhline(imp_line, color="#555555", lw=1)
    corners = {"优先改进": (x_lo + 0.03, y_hi - 0.02, "left", "top"),
               "保持优势": (x_hi - 0.03, y_hi - 0.02, "right", "top"),
               "次要改进": (x_lo + 0.03, y_lo + 0.02, "left", "bottom"),
               "可能投入过度": (x_hi - 0.03, y_lo + 0.02, "right", "bottom")}
    for name, (cx, cy, ha, va) in corners.items():
        ax.text(cx, cy, name, ha=ha, va=va, fontsize=13, fontweight="bold", color=DRIVER_COLOURS[name])
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    ax.set_xlabel(f"表现：平均评分（1–5 分）；竖线 {perf_line:g} 分")
    ax.set_ylabel(f"重要性：与总体满意度的相关系数；横线 {imp_line:g}")
    ax.text(0.99, -0.14, "气泡面积 = 接触次数（12 个月）；相关不等于因果", transform=ax.transAxes, ha="right",
            fontsize=8.5, color="#555555")
    ax.grid(False)
    ax.set_title(title)
    return ax
