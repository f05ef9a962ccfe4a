"""Charts for product strategy (lecture 5): the BCG bubble chart, the product-line review and
the Ansoff matrix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .base import axes_or_new

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

#: Quadrant colours of the BCG chart.
QUADRANT_COLOURS: dict[str, str] = {"明星": "#E9A23B", "问题": "#8172B3", "金牛": "#55A868", "瘦狗": "#9E9E9E"}
#: Background shades of the Ansoff quadrants: light (low risk) to dark (high risk).
ANSOFF_SHADES: dict[str, str] = {"市场渗透": "#E8F1FA", "市场开发": "#C6DBEF", "产品开发": "#C6DBEF",
                                 "多元化": "#6BAED6"}


def plot_bcg(bcg: pd.DataFrame, title: str = "波士顿矩阵", ax: Axes | None = None) -> Axes:
    """The BCG matrix as a bubble chart: relative share (log, high share on the right) × market growth.

    Bubble area ∝ our sales; an arrow runs from last year's position to this year's.

    Args:
        bcg: output of :func:`helpers.analysis.products.bcg_matrix`.
        title: chart title (state the finding, e.g. with ``bcg_title``).
        ax: axes to draw on.

    Returns:
        The axes.
    """
    ax = axes_or_new(ax, (9, 6))
    growth_line, share_line = bcg.attrs.get("thresholds", (0.10, 1.0))
    rel = bcg["相对份额"].replace(np.inf, 3.0).clip(0.08, 3.2).to_numpy(dtype=float)
    growth = bcg["市场增长率"].to_numpy(dtype=float) * 100
    sales = bcg["本公司销售额（万元）"].to_numpy(dtype=float)
    area = 2200 * sales / max(float(sales.max()), 1e-9) + 80
    colours = [QUADRANT_COLOURS[q] for q in bcg["象限"]]
    x_lo, x_hi = 0.1, 3.2
    y_lo = min(-5.0, float(np.nanmin(growth)) - 3)
    y_hi = max(25.0, float(np.nanmax(growth)) + 4)
    for x0, y0, x1, y1 in zip(bcg["上年相对份额"], bcg["上年市场增长率"] * 100, rel, growth):
        if pd.notna(x0) and pd.notna(y0) and (abs(np.log(min(max(x0, 0.08), 3.2)) - np.log(x1)) > 0.05
                                              or abs(y0 - y1) > 1):
            ax.annotate("", xy=(x1, y1), xytext=(min(max(x0, 0.08), 3.2), y0),
                        arrowprops={"arrowstyle": "->", "color": "#777777", "lw": 1.2})
    ax.scatter(rel, growth, s=area, c=colours, alpha=0.75, edgecolors="white", linewidths=1.2, zorder=3)
    for x, y, name, s in zip(rel, growth, bcg["产品线"], sales):
        ax.text(x, y, f"{name}\n{s:,.0f}万元", ha="center", va="center", fontsize=9, zorder=4)
    ax.set_xscale("log")
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    ax.axvline(share_line, color="#555555", lw=1)
    ax.axhline(growth_line * 100, color="#555555", lw=1)
    ticks = [0.1, 0.2, 0.5, 1, 2, 3]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.minorticks_off()
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0f}%")
    ax.set_xlabel("相对市场份额（本公司份额 ÷ 三家已跟踪竞品中最大的一家，对数刻度；\n"
                  "越往右越领先，与经典画法左右相反）")
    ax.set_ylabel("市场增长率（%）")
    corners = {"问题": (x_lo * 1.05, y_hi - 1, "left"), "明星": (x_hi / 1.05, y_hi - 1, "right"),
               "瘦狗": (x_lo * 1.05, y_lo + 1, "left"), "金牛": (x_hi / 1.05, y_lo + 1, "right")}
    for name, (x, y, ha) in corners.items():
        ax.text(x, y, name, ha=ha, va="top" if y > 0 else "bottom", fontsize=14, color=QUADRANT_COLOURS[name],
                fontweight="bold")
    ax.text(0.99, 0.01, "气泡面积 = 本公司销售额；箭头 = 从上一年到今年", transform=ax.transAxes, ha="right",
            fontsize=8.5, color="#555555")
    ax.grid(False)
    ax.set_title(title)
    return ax


def plot_product_lines(skus: pd.DataFrame, title: str = "产品线结构：各型号占本线销售额",
                       ax: Axes | None = None) -> Axes:
    """One 100% bar per product line, one segment per SKU; tail SKUs hatched.

    Args:
        skus: output of :func:`helpers.analysis.product_lines.sku_review`.
        title: chart title.
        ax: axes to draw on.

    Returns:
        The axes.
    """
    from matplotlib.patches import Patch

    lines = list(dict.fromkeys(skus["产品线"]))
    ax = axes_or_new(ax, (10, 0.6 * len(lines) + 1.8))
    palette = ("#4C72B0", "#55A868", "#DD8452", "#8172B3", "#937860", "#DA8BC3", "#8C8C8C")
    for yi, line in enumerate(lines):
        part = skus[skus["产品线"] == line].sort_values("占产品线", ascending=False)
        left = 0.0
        for k, (_, row) in enumerate(part.iterrows()):
            share = float(row["占产品线"]) if pd.notna(row["占产品线"]) else 0.0
            tail = bool(row["尾部SKU"])
            ax.barh(yi, share, left=left, color="#F2F2F2" if tail else palette[k % len(palette)],
                    edgecolor="#C44E52" if tail else "white", hatch="///" if tail else None, height=0.6)
            if share >= 0.07:
                ax.text(left + share / 2, yi, f"{row['产品编号']}\n{share:.0%}", ha="center", va="center", fontsize=8.5,
                        color="#222222" if tail else "white")
            left += share
    ax.set_yticks(range(len(lines)), lines)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel(f"占本产品线 {skus.attrs.get('year', '')} 年销售额的比例")
    ax.legend(handles=[Patch(facecolor="#F2F2F2", edgecolor="#C44E52", hatch="///",
                             label="尾部型号（占比 < 5% 且上市 ≥ 3 年）")], loc="upper left",
              bbox_to_anchor=(0, -0.12 - 0.3 / max(len(lines), 1)), fontsize=9, frameon=False)
    ax.grid(False)
    ax.set_title(title)
    return ax


def _chunks(text: str, width: int = 22) -> list[str]:
    """Chinese text cut into lines of ``width`` characters (Chinese has no spaces to break at)."""
    return [text[i: i + width] for i in range(0, len(text), width)]


def plot_ansoff(evidence: pd.DataFrame | None = None, title: str = "安索夫矩阵：越往右下，风险越高",
                ax: Axes | None = None) -> Axes:
    """The Ansoff 2 × 2 matrix, shaded by risk; with ``evidence`` each cell shows its measured indicator.

    Args:
        evidence: output of :func:`helpers.analysis.products.ansoff_evidence` (optional).
        title: chart title.
        ax: axes to draw on.

    Returns:
        The axes.
    """
    from matplotlib.patches import Rectangle

    from ..analysis.products import ansoff_table

    ax = axes_or_new(ax, (9, 6))
    cells = {"市场渗透": (0, 1), "市场开发": (1, 1), "产品开发": (0, 0), "多元化": (1, 0)}
    table = ansoff_table().set_index("方向")
    found = evidence.set_index("方向") if evidence is not None else None
    for name, (x, y) in cells.items():
        ax.add_patch(Rectangle((x, y), 1, 1, facecolor=ANSOFF_SHADES[name], edgecolor="white", lw=3))
        ax.text(x + 0.5, y + 0.82, name, ha="center", fontsize=15, fontweight="bold", color="#0B3C68")
        ax.text(x + 0.5, y + 0.64, table.loc[name, "做法"], ha="center", fontsize=9.5, wrap=True)
        ax.text(x + 0.5, y + 0.52, f"风险：{table.loc[name, '风险']}", ha="center", fontsize=9.5, color="#C44E52")
        if found is not None and name in found.index:
            lines = []
            for _, row in found.loc[[name]].iterrows():
                value = row["数值"]
                if pd.isna(value):
                    lines += _chunks(f"{row['指标']}：{row['说明']}")
                    continue
                shown = f"{value:.0%}" if 0 < value < 1 else f"{value:,.0f}"
                if "区域" in str(row["指标"]) and value > 0:
                    shown += f"（{row['说明']}）"
                lines += _chunks(str(row["指标"])) + [shown]
            ax.text(x + 0.5, y + 0.42, "\n".join(lines), ha="center", va="top", fontsize=9, color="#222222",
                    linespacing=1.4)
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.set_xticks([0.5, 1.5], ["现有市场", "新市场"], fontsize=11)
    ax.set_yticks([1.5, 0.5], ["现有产品", "新产品"], fontsize=11)
    ax.xaxis.set_ticks_position("top")
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title(title, pad=24)
    return ax
