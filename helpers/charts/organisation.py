"""Charts and tables of lecture 6's organisation part: the reps' workload, the marketing-control dashboard.

Regions keep one colour each in every chart of the lecture (:data:`REGION_COLOURS`); product-line
panels draw every line in one neutral colour and the lines a control flags in red, with the word.

:func:`show_changes` is :func:`helpers.show` for tables with signed numbers that are not
percentages (a change in percentage points, a gap in people): those columns get a "+".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..analysis.organisation import LAGGING
from .base import axes_or_new

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

REGION_COLOURS: dict[str, str] = {"华东": "#4C72B0", "华南": "#DD8452", "华北": "#55A868", "华中": "#C44E52",
                                  "西南": "#8172B3", "西北": "#937860", "东北": "#DA8BC3"}
OTHER = "#64B5CD"
#: Product-line panels: every line in one neutral colour, the lines a control flags in red (with the word).
PLAIN, FLAG = "#7F8C9A", "#c62828"


def colour(name: Any, palette: dict[str, str]) -> str:
    """The fixed colour of a region or product line (a neutral blue for others).

    >>> colour("华东", REGION_COLOURS), colour("火星", REGION_COLOURS)
    ('#4C72B0', '#64B5CD')
    """
    return palette.get(str(name), OTHER)


def show_changes(table: pd.DataFrame, caption: str | None = None, decimals: int = 1) -> Any:
    """:func:`helpers.show`, plus a sign on the columns in ``table.attrs["signed_number"]`` (e.g. +0.6).

    Args:
        table: the table (its other columns are formatted as :func:`helpers.show` does).
        caption: a title above the table.
        decimals: decimals of the signed numbers.

    Returns:
        A pandas ``Styler``.

    >>> t = pd.DataFrame({"份额": [0.052, 0.13, 0.2], "近一年变化（百分点）": [0.6, -2.2, 0.0],
    ...                   "预警": [False, True, False]}, index=["甲", "乙", "丙"])
    >>> t.attrs.update({"percent": ["份额"], "signed_number": ["近一年变化（百分点）"]})
    >>> html = show_changes(t).to_html()
    >>> "+0.6" in html and "-2.2" in html and "+0.0" not in html and "5.2%" in html and "False" not in html
    True
    """
    from .tables import MISSING, show

    def signed(value: Any) -> str:
        if value is None or pd.isna(value):
            return MISSING
        return f"{value:+.{decimals}f}" if round(float(value), decimals) != 0 else f"{0:.{decimals}f}"

    columns = [c for c in table.attrs.get("signed_number", ()) if c in table.columns]
    styler = show(table, caption=caption, decimals=decimals)
    return styler.format(signed, subset=columns) if columns else styler


def plot_workload(workload: pd.DataFrame, title: str = "每位销售的客户数与指标完成率", ax: Axes | None = None,
                  z: float = 1.5) -> Axes:
    """Scatter: (active) customers per rep (x) against quota attainment (y), one colour per region.

    Managers are drawn as diamonds; only outliers (|z| > ``z`` on either axis) are named. The x
    axis counts 活跃客户数 when the table has it (customers with an order in the last 12 months).

    Args:
        workload: from :func:`helpers.analysis.organisation.rep_workload`.
        title: the chart title (state the finding).
        ax: axes to draw on (a new figure if ``None``).
        z: the z-score beyond which a rep is named.

    Returns:
        The axes.

    >>> w = pd.DataFrame({"姓名": ["甲", "乙", "丙"], "大区": ["华东", "华北", "华北"],
    ...                   "是否经理": [True, False, False], "客户数": [40, 10, 12], "完成率": [1.1, 0.6, 0.7]})
    >>> float(plot_workload(w).get_xlim()[0])
    0.0
    """
    ax = axes_or_new(ax, (8.5, 5.2), layout="constrained")
    active = "活跃客户数" in workload
    x = workload["活跃客户数" if active else "客户数"].astype(float)
    y = workload["完成率"].astype(float) * 100
    from matplotlib.lines import Line2D

    manager_flag = workload["是否经理"].astype(bool)
    regions = list(dict.fromkeys(workload["大区"]))
    for region in regions:
        for manager, marker in ((False, "o"), (True, "D")):
            mask = (workload["大区"] == region) & (manager_flag == manager)
            if mask.any():
                ax.scatter(x[mask], y[mask], s=70 if manager else 50, marker=marker,
                           color=colour(region, REGION_COLOURS), edgecolor="black" if manager else "white",
                           linewidth=0.8)
    handles = [Line2D([], [], marker="o", linestyle="", color=colour(r, REGION_COLOURS), label=str(r))
               for r in regions]
    handles.append(Line2D([], [], marker="D", linestyle="", color="white", markeredgecolor="black",
                          label="销售经理（菱形）"))
    zx = (x - x.mean()) / (x.std(ddof=0) or 1)
    zy = (y - y.mean()) / (y.std(ddof=0) or 1)
    for i in np.flatnonzero(((zx.abs() > z) | (zy.abs() > z)).to_numpy()):
        ax.annotate(str(workload["姓名"].iloc[i]), (x.iloc[i], y.iloc[i]), xytext=(5, 4), textcoords="offset points",
                    fontsize=9)
    ax.axhline(100, color="grey", linestyle="--", linewidth=1)
    ax.text(0.01, 100, " 完成率 100%", va="bottom", fontsize=9, color="grey", transform=ax.get_yaxis_transform())
    ax.set_xlim(0, max(x.max() * 1.12, 1))
    ax.set_ylim(0, max(y.max() * 1.12, 110))
    ax.set_xlabel("负责的活跃客户数（家，近 12 个月有订单）" if active else "负责的客户数（家）")
    ax.set_ylabel("指标完成率（%）")
    ax.set_title(title)
    ax.legend(handles=handles, fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1), title="大区")
    return ax


def _bars(ax: Axes, labels: list[str], values: np.ndarray, colours: list[str], unit: str, fmt: str) -> None:
    bars = ax.bar(range(len(labels)), values, color=colours)
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, fontsize=9, rotation=30 if max(len(s) for s in labels) > 3 else 0,
                       ha="right" if max(len(s) for s in labels) > 3 else "center")
    ax.set_ylabel(unit)
    ax.set_ylim(0, max(np.nanmax(values) * 1.22, 1e-9))
    for bar, value in zip(bars, values):
        if not np.isnan(value):
            ax.text(bar.get_x() + bar.get_width() / 2, value, fmt.format(value), ha="center", va="bottom", fontsize=9)


def plot_control_dashboard(dashboard: dict[str, pd.DataFrame], title: str = "营销控制看板") -> Figure:
    """Four small charts, one per kind of marketing control (bars from 0, targets as lines).

    Args:
        dashboard: from :func:`helpers.analysis.marketing_control.control_dashboard`.
        title: the figure title.

    Returns:
        The figure (2 x 2 panels; the strategy panel is left out without line-market data).

    >>> plan = pd.DataFrame({"完成率": [1.05, 0.5, 0.94]}, index=["甲", "乙", "合计"])
    >>> len(plot_control_dashboard({"年度计划控制": plan}).axes)
    1
    """
    import matplotlib.pyplot as plt

    panels = [k for k in ("年度计划控制", "盈利能力控制", "效率控制", "战略控制") if k in dashboard]
    rows = 1 if len(panels) <= 2 else 2
    fig, axes = plt.subplots(rows, min(len(panels), 2), figsize=(12, 4.3 * rows), layout="constrained", squeeze=False)
    for ax, key in zip(axes.flat, panels):
        table = dashboard[key].drop(index="合计", errors="ignore")
        labels = [str(i) for i in table.index]
        if key == "年度计划控制":
            values = table["完成率"].to_numpy(float) * 100
            _bars(ax, labels, values, [colour(n, REGION_COLOURS) for n in labels], "指标完成率（%）", "{:.0f}%")
            if "是否达标" in table:
                words = ["达标" if ok else ("明显落后" if v < LAGGING * 100 else "未达标")
                         for ok, v in zip(table["是否达标"], values)]
                ax.set_xticklabels([f"{n}\n{w}" for n, w in zip(labels, words)], fontsize=9)
            ax.axhline(100, color="black", linestyle="--", linewidth=1)
            ax.axhline(LAGGING * 100, color="grey", linestyle=":", linewidth=1)
            ax.set_title(f"年度计划控制：各大区完成率（虚线 = 100% 达标，点线 = {LAGGING:.0%} 明显落后）", fontsize=11)
        elif key == "盈利能力控制":
            values = table["毛利率"].to_numpy(float) * 100
            low = table["明显偏低"].astype(bool).tolist() if "明显偏低" in table else [False] * len(labels)
            _bars(ax, labels, values, [FLAG if flag else PLAIN for flag in low], "毛利率（%）", "{:.1f}%")
            ax.set_xticklabels([f"{n}\n（偏低）" if flag else n for n, flag in zip(labels, low)], fontsize=9)
            if "合计" in dashboard[key].index:
                ax.axhline(dashboard[key].loc["合计", "毛利率"] * 100, color="black", linestyle="--", linewidth=1)
            ax.set_title("盈利能力控制：各产品线毛利率（虚线 = 公司平均，红 = 低 3 个百分点以上）", fontsize=11)
        elif key == "效率控制":
            values = table["人均销售额（万元）"].to_numpy(float)
            _bars(ax, labels, values, [colour(n, REGION_COLOURS) for n in labels], "人均销售额（万元）", "{:.0f}")
            if "合计" in dashboard[key].index:
                ax.axhline(dashboard[key].loc["合计", "人均销售额（万元）"], color="black", linestyle="--", linewidth=1)
            ax.set_title("效率控制：各大区人均销售额（虚线 = 全公司）", fontsize=11)
        else:
            share_cols = [c for c in table.columns if str(c).endswith("年份额")]
            width = 0.8 / len(share_cols)
            shades = [0.35, 0.65, 1.0][-len(share_cols):]
            alerts = table["预警"].astype(bool).tolist()
            for k, (col, alpha) in enumerate(zip(share_cols, shades)):
                ax.bar(np.arange(len(labels)) + (k - (len(share_cols) - 1) / 2) * width,
                       table[col].to_numpy(float) * 100, width, alpha=alpha,
                       color=[FLAG if flag else PLAIN for flag in alerts], label=col.replace("年份额", " 年"))
            ax.set_xticks(range(len(labels)))
            ax.set_xticklabels([f"{n}\n（预警）" if flag else n for n, flag in zip(labels, table["预警"])],
                               fontsize=9)
            ax.set_ylim(0, table[share_cols].to_numpy(float).max() * 100 * 1.2)
            ax.set_ylabel("本公司市场份额（%）")
            ax.legend(fontsize=8, title="年份（颜色由浅到深）", title_fontsize=8)
            ax.set_title("战略控制：各产品线市场份额三年变化（红 = 预警）", fontsize=11)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    fig.suptitle(title, fontsize=14)
    return fig
