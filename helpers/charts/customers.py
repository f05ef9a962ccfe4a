"""Charts for customer classification (lecture 2): needs mentions, Pareto curve,
value x potential matrix, key-account quarterly trends.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..analysis.accounts import buyers_only, pareto_table, top_share
from .base import axes_or_new

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


def plot_needs(mentions: pd.DataFrame, ax: Axes | None = None,
               title: str = "客户访谈中提到的需求：显性与隐性") -> Axes:
    """Bar chart of :func:`needs_mentions`; explicit needs in grey, hidden needs in red.

    Returns:
        The axes.
    """
    from matplotlib.patches import Patch
    from matplotlib.ticker import PercentFormatter

    ax = axes_or_new(ax, (8.5, 0.42 * len(mentions) + 1.6), layout="constrained")
    data = mentions.iloc[::-1]
    colours = ["#C44E52" if k == "隐性" else "#8C8C8C" for k in data["类型"]]
    ax.barh(list(data.index), data["提及率"], color=colours)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("提到该需求的访谈占比")
    ax.set_title(title)
    ax.legend(handles=[Patch(color="#8C8C8C", label="显性需求（客户提出了要求）"),
                       Patch(color="#C44E52", label="隐性需求（只说了情况或抱怨）")], loc="lower right")
    return ax



def plot_pareto(values: pd.Series, ax: Axes | None = None, title: str = "客户销售额帕累托图",
                top: float = 0.2, what: str = "销售额", unit: str = "万元", population: str = "有购买的客户") -> Axes:
    """Pareto chart: the cumulative share (line, left axis) over each customer's value (area, right axis).

    Only customers with a value above 0 are drawn (:func:`helpers.analysis.accounts.buyers_only`);
    the x axis says how many. The actual split at ``top`` is marked and written on the chart.

    Args:
        values: value per customer.
        ax: axes to draw on (default: a new figure).
        title: chart title (say the finding).
        top: share of customers to mark.
        what: name of the value (for labels).
        unit: unit of the value (for the axis label).
        population: who the customers are, for the x axis label.

    Returns:
        The axes with the cumulative line (and the title); the values are on a twin axis.

    >>> ax = plot_pareto(pd.Series([50.0, 30.0, 20.0, 0.0]))
    >>> [round(float(v), 2) for v in ax.lines[0].get_ydata()]
    [0.0, 0.5, 0.8, 1.0]
    """
    from matplotlib.ticker import PercentFormatter

    buyers = buyers_only(values)
    table = pareto_table(buyers)
    ax = axes_or_new(ax, (9, 4.5), layout="constrained")
    x = table["客户累计占比"].to_numpy()
    value_ax = ax.twinx()
    value_ax.fill_between(np.r_[0, x], np.r_[table["销售额"].to_numpy()[:1], table["销售额"].to_numpy()], step="pre",
                          color="#9ecae1", label=f"单个客户{what}（右轴）")
    value_ax.set_ylim(0, None)
    value_ax.grid(False)
    value_ax.set_ylabel(f"单个客户{what}（{unit}）" if unit else what)
    ax.plot(np.r_[0, x], np.r_[0, table["累计占比"].to_numpy()], color="#C44E52", lw=2, label=f"累计{what}占比（左轴）")
    ax.set_zorder(value_ax.get_zorder() + 1)  # the line above the area
    ax.patch.set_visible(False)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(f"客户累计占比（{len(buyers):,} 家{population}，按{what}从高到低排列）")
    ax.set_ylabel(f"累计{what}占比")
    reached = top_share(buyers, top)
    ax.axvline(top, color="grey", ls="--", lw=1)
    ax.axhline(reached, color="grey", ls="--", lw=1)
    ax.annotate(f"前 {top:.0%} 客户 → {reached:.1%} {what}", xy=(top, reached),
                xytext=(top + 0.06, reached - 0.2), arrowprops={"arrowstyle": "->"})
    ax.set_title(title)
    handles = ax.get_legend_handles_labels()[0][:1] + value_ax.get_legend_handles_labels()[0]
    ax.legend(handles, [h.get_label() for h in handles], loc="center right")
    return ax



def plot_value_potential(
    matrix: pd.DataFrame,
    value_col: str = "销售额_万元",
    potential_col: str = "增长空间_万元",
    ax: Axes | None = None,
    title: str = "客户价值 × 增长空间矩阵",
    unit: str = "万元",
    potential_label: str = "增长空间：采购潜力 − 近 12 个月销售额",
) -> Axes:
    """Scatter of the customers who bought, on value (x) and headroom (y), coloured by quadrant.

    Customers without a purchase (象限 流失客户) are not drawn: they have no value to place;
    the x-axis label says how many were left out.

    Args:
        matrix: output of :func:`value_potential_matrix` (uses its cuts).
        value_col: current value column.
        potential_col: headroom column.
        ax: axes to draw on.
        title: chart title (say the finding).
        unit: unit for the axis labels.
        potential_label: what the y axis shows.

    Returns:
        The axes (log scales, so that small and large customers are both visible; a headroom
        of 0 or below is drawn at the bottom edge).
    """
    ax = axes_or_new(ax, (8, 6), layout="constrained")
    colours = {"重点经营": "#C44E52", "稳固维护": "#4C72B0", "重点开发": "#DD8452", "常规服务": "#8C8C8C"}
    shown = matrix[matrix["象限"].isin(list(colours))]
    x = pd.to_numeric(shown[value_col], errors="coerce").clip(lower=0.01)
    y = pd.to_numeric(shown[potential_col], errors="coerce").clip(lower=0.01)
    for name, colour in colours.items():
        mask = (shown["象限"] == name).to_numpy()
        ax.scatter(x[mask], y[mask], s=18, alpha=0.7, color=colour, label=f"{name}（{mask.sum()} 家）")
    v_cut, p_cut = matrix.attrs.get("cuts", (x.median(), y.median()))
    ax.axvline(v_cut, color="grey", ls="--", lw=1)
    ax.axhline(p_cut, color="grey", ls="--", lw=1)
    ax.set_xscale("log")
    ax.set_yscale("log")

    def plain(zero: str) -> Any:  # plain numbers, and a word for values drawn at the edge
        return lambda v, _: zero if v <= 0.0101 else f"{v:,.0f}" if v >= 1 else f"{v:g}"

    ax.xaxis.set_major_formatter(plain("0"))
    ax.yaxis.set_major_formatter(plain("0 或以下"))
    ax.set_xticks([t for t in (0.1, 1, 10, 100, 1000, 10000) if float(x.min()) / 1.5 <= t <= float(x.max()) * 1.5])
    ax.set_yticks([t for t in (0.01, 1, 10, 100, 1000, 10000) if t <= max(float(y.max()), 1) * 1.5
                   and (t >= 1 or float(y.min()) <= 0.0101)])
    lost = int((matrix["象限"] == "流失客户").sum())
    left_out = f"；另有 {lost} 家近 12 个月无订单，未画出" if lost else ""
    ax.set_xlabel(f"当前价值：近 12 个月销售额（{unit}，对数刻度；{len(shown)} 家有订单的客户{left_out}）")
    ax.set_ylabel(f"{potential_label}（{unit}，对数刻度）")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=9, title="虚线 = 有订单客户的中位数", title_fontsize=9)
    return ax



def plot_account_trends(monitor: pd.DataFrame, names: pd.Series | None = None,
                        title: str = "重点客户季度销售额走势", ncols: int = 4) -> Any:
    """Small multiples: one bar chart of quarterly sales per monitored account.

    Accounts with an alert are drawn in red, and the alert is written under their full
    name (long names and alerts wrap onto several lines instead of being cut off).

    Args:
        monitor: output of :func:`account_monitor` (with a 客户名称 column, or pass ``names``).
        names: optional display names indexed like ``monitor``.
        title: figure title.
        ncols: charts per row.

    Returns:
        The matplotlib figure.
    """
    import textwrap

    import matplotlib.pyplot as plt

    qcols = [c for c in monitor.columns if len(c) == 6 and c[4] == "Q"]
    n = max(len(monitor), 1)
    ncols = min(ncols, n)
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 3.0 * nrows + 0.6), squeeze=False,
                             sharex=True, layout="constrained")
    top = float(monitor[qcols].to_numpy(float).max()) if len(monitor) else 1.0
    for ax, (account, row) in zip(axes.ravel(), monitor.iterrows()):
        if names is not None:
            label = str(names.get(account, account))
        else:
            label = str(row["客户名称"]) if "客户名称" in monitor.columns else str(account)
        alert = bool(row["需关注"])
        colour = "#C44E52" if alert else "#8C8C8C"
        ax.bar([f"{c[2:4]}Q{c[5]}" for c in qcols], row[qcols].to_numpy(float), color=colour)
        ax.set_ylim(0, top * 1.1 or 1)
        note = "\n".join(textwrap.wrap(str(row["预警"]), 16)) if alert else "正常"
        ax.set_title(f"{textwrap.fill(label, 12)}（{row['趋势']}）\n{note}", fontsize=9,
                     color=colour if alert else "black")
        ax.tick_params(labelsize=9)
    for ax in axes.ravel()[len(monitor):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("销售额（万元）", fontsize=9)
    fig.suptitle(f"{title}\n（红色 = 有预警；括号里是趋势：↑ ↓ 为环比变化 10% 以上）")
    return fig
