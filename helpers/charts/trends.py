"""Charts for the big-data part of lecture 1: monthly trend and seasonality, regions and product
lines over the years, the flow of customers, and what customers said beside what they did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

#: One colour per NPS group, the same in every chart of the course.
NPS_COLOURS = {"推荐者": "#31a354", "中立者": "#969696", "贬损者": "#de2d26", "未作答": "#d9d9d9"}
#: Years, oldest light to newest dark.
YEAR_COLOURS = ("#c6dbef", "#6baed6", "#08519c", "#08306b")


def chinese_months(ax: Axes, months: tuple[int, ...] = (1, 7)) -> None:
    """Date ticks in Chinese on the x axis: "2024年1月" at each January, "7月" in between.

    Args:
        ax: axes whose x axis holds dates.
        months: the months that get a tick.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot(pd.date_range("2023-01-01", periods=24, freq="MS"), range(24))
    >>> chinese_months(ax); fig.canvas.draw()
    >>> [t.get_text() for t in ax.get_xticklabels()][:3]
    ['2023年\\n1月', '7月', '2024年\\n1月']
    """
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=months))
    ax.xaxis.set_major_formatter(lambda v, _: (lambda d: f"{d.year}年\n{d.month}月" if d.month == months[0]
                                               else f"{d.month}月")(mdates.num2date(v)))


def quarter_label(stamp: Any) -> str:
    """A quarter as trainees read it: "2025年Q1".

    Args:
        stamp: any date in the quarter.

    Returns:
        The label.

    >>> quarter_label(pd.Timestamp("2025-05-01"))
    '2025年Q2'
    """
    stamp = pd.Timestamp(stamp)
    return f"{stamp.year}年Q{stamp.quarter}"


def plot_monthly_trend(monthly: pd.DataFrame, title: str = "月度销售额与季节性") -> Any:
    """Two panels: monthly revenue with its 12-month rolling mean, and the seasonal index.

    Args:
        monthly: revenue per month in 万元 (a 销售额 column, dates as index), e.g.
            ``monthly_revenue(orders) / 1e4``.
        title: the figure title.

    Returns:
        The figure. Seasonal index: red below 90, green above 110.
    """
    import matplotlib.pyplot as plt

    from ..analysis.diagnosis import seasonality_index

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 4.2), layout="constrained")
    sales = monthly["销售额"]
    ax1.plot(sales.index, sales.to_numpy(), color="#9ecae1", label="月度销售额")
    ax1.plot(sales.index, sales.rolling(12).mean().to_numpy(), color="#08519c", linewidth=3, label="近 12 个月平均")
    ax1.set_ylim(0, None)
    chinese_months(ax1)
    ax1.set_title("月度销售额与趋势")
    ax1.set_ylabel("销售额（万元）")
    ax1.legend(loc="lower right")
    season = seasonality_index(sales)
    colours = ["#de2d26" if v < 90 else "#31a354" if v > 110 else "#bdbdbd" for v in season]
    ax2.bar(season.index, season.to_numpy(), color=colours)
    ax2.axhline(100, color="grey", linestyle="--")
    ax2.set_xticks(range(1, 13), [f"{m}月" for m in range(1, 13)])
    ax2.set_title("季节指数（普通月份 = 100；红 < 90，绿 > 110）")
    ax2.set_ylabel("季节指数")
    fig.suptitle(title)
    return fig


def plot_region_years(monthly_by_region: pd.DataFrame, title: str = "各区域年度销售额") -> Axes:
    """Grouped horizontal bars: each region's revenue per year, regions in a fixed order.

    Args:
        monthly_by_region: revenue per month and region in 万元 (one column per region),
            e.g. ``monthly_revenue(orders, by="region") / 1e4``.
        title: the chart title.

    Returns:
        The axes.
    """
    import matplotlib.pyplot as plt

    yearly = monthly_by_region.groupby(monthly_by_region.index.year).sum().T
    yearly = yearly.sort_values(yearly.columns[-1])
    _, ax = plt.subplots(figsize=(7.5, 4.5), layout="constrained")
    n = len(yearly.columns)
    height = 0.8 / n
    y = np.arange(len(yearly))
    for k, year in enumerate(yearly.columns):
        ax.barh(y + (k - (n - 1) / 2) * height, yearly[year].to_numpy(), height=height,
                color=YEAR_COLOURS[k % len(YEAR_COLOURS)], label=f"{year} 年")
    ax.set_yticks(y, [str(r) for r in yearly.index])
    ax.set_xlabel("销售额（万元）")
    ax.set_title(title)
    ax.legend(loc="lower right")
    return ax


def plot_product_line_trend(monthly_by_line: pd.DataFrame, title: str = "各产品线季度销售额") -> Axes:
    """Stacked areas of quarterly revenue per product line.

    Args:
        monthly_by_line: revenue per month and product line in 万元, e.g.
            ``monthly_revenue(orders, by="product_line") / 1e4``.
        title: the chart title.

    Returns:
        The axes.
    """
    import matplotlib.pyplot as plt

    quarterly = monthly_by_line.resample("QS").sum()
    _, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    x = np.arange(len(quarterly))
    colours = plt.get_cmap("tab20c")(np.linspace(0, 0.95, quarterly.shape[1]))
    ax.stackplot(x, quarterly.T.to_numpy(), labels=[str(c) for c in quarterly.columns], colors=colours)
    ax.set_xticks(x[::2], [quarter_label(d) for d in quarterly.index[::2]])
    ax.set_xlim(0, len(x) - 1)
    ax.set_ylim(0, None)
    ax.set_ylabel("销售额（万元）")
    ax.set_title(title)
    ax.legend(title="产品线", loc="upper left", fontsize=9, ncol=2)
    return ax


def plot_customer_flow(flow: pd.DataFrame, title: str = "客户增减（流失 = 连续 12 个月没有订单）") -> Any:
    """Two panels: active customers at each quarter's end, and new, returning and churned customers.

    Args:
        flow: the output of :func:`helpers.analysis.diagnosis.customer_flow`.
        title: the figure title.

    Returns:
        The figure; counts start at 0.
    """
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 4.2), layout="constrained")
    labels = [quarter_label(d) for d in flow.index]
    x = np.arange(len(flow))
    ax1.bar(x, flow["期末活跃客户"], color="#6baed6")
    ax1.bar_label(ax1.containers[0], fontsize=9)
    ax1.set_ylim(0, flow["期末活跃客户"].max() * 1.15)
    ax1.set_title("活跃客户（季末时近 12 个月有订单）")
    ax1.set_ylabel("客户数（家）")
    ax2.bar(x, flow["新客户"], color="#31a354", label="新客户")
    ax2.bar(x, flow["回流客户"], bottom=flow["新客户"], color="#a1d99b", label="回流客户（流失后又下单）")
    ax2.bar(x, -flow["流失客户"], color="#de2d26", label="流失客户（向下）")
    ax2.plot(x, flow["净增"], color="black", marker="o", label="净增")
    ax2.axhline(0, color="grey", linewidth=1)
    ax2.set_title("每季度新增、回流与流失客户")
    ax2.set_ylabel("客户数（家）")
    ax2.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    for ax in (ax1, ax2):
        ax.set_xticks(x, labels, rotation=45, ha="right")
    fig.suptitle(title)
    return fig


def plot_say_do(joined: pd.DataFrame, table: pd.DataFrame, group: str = "推荐意愿分组",
                title: str = "客户说的（问卷）与做的（订单）") -> Any:
    """Two panels: satisfaction against revenue change per customer, and repurchase by group with n.

    The repurchase bars carry their n and a 95% interval; groups under 30 customers are
    drawn hatched and labelled "样本太少".

    Args:
        joined: one row per surveyed customer with 满意度均分, 变化率 and the ``group`` column.
        table: the output of :func:`helpers.analysis.diagnosis.say_vs_do`.
        group: the group column of ``joined``.
        title: the figure title.

    Returns:
        The figure.
    """
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 4.5), layout="constrained")
    known = joined.dropna(subset=["变化率", group])
    for name, part in known.groupby(group, observed=True):
        ax1.scatter(part["满意度均分"], part["变化率"].clip(-1, 2) * 100, alpha=0.6, label=f"{name}（{len(part)} 家）",
                    color=NPS_COLOURS.get(str(name), "#636363"))
    ax1.axhline(0, color="grey", linewidth=1)
    ax1.set_title("满意度（说）与销售额变化（做），每点一家客户")
    ax1.set_xlabel("问卷满意度均分（1–5 分）")
    ax1.set_ylabel("2025 年比 2024 年销售额变化（%，上限 200%）")
    ax1.legend(title="推荐意愿分组")
    x = np.arange(len(table))
    rate = table["复购率"].to_numpy() * 100
    err = np.vstack([rate - table["复购率下限"].to_numpy() * 100, table["复购率上限"].to_numpy() * 100 - rate])
    err = np.clip(err, 0, None)  # at 0% or 100% the interval touches the bar: never a negative length
    colours = [NPS_COLOURS.get(str(g), "#636363") for g in table.index]
    bars = ax2.bar(x, rate, color=colours, yerr=err, capsize=6, ecolor="#444")
    for bar, small in zip(bars, table["样本太少"]):
        if small:
            bar.set_hatch("//")
            bar.set_alpha(0.45)
    ax2.set_xticks(x, [f"{g}\nn = {n}" + ("\n样本太少" if s else "") for g, n, s in
                       zip(table.index, table["客户数"], table["样本太少"])])
    for xi, r in zip(x, rate):
        ax2.text(xi + 0.08, r / 2, f"{r:.0f}%", va="center", fontsize=10)
    ax2.set_ylim(0, 105)
    ax2.set_title("问卷后的复购率（竖线 = 95% 区间）")
    ax2.set_ylabel("2025 年 4–12 月下过单的比例（%）")
    fig.suptitle(title)
    return fig
