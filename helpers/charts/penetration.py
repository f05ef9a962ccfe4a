"""Charts of general customers and penetration (lecture 4): overview, "一带一路" candidates, 黑马,
wallet share × breadth, routine compliance, visits and results, lead sources, the programme's effect.

Each function takes the table of the matching function in :mod:`helpers.analysis.general_accounts`,
:mod:`helpers.analysis.penetration` or :mod:`helpers.analysis.routines` and returns the Figure,
titled by default with the finding computed with the table (``table.attrs["title"]``).
重点 / 一般客户 keep the colours of :mod:`helpers.charts.pipeline`; the programme's groups are
orange (计划客户) and grey (对照组).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .base import axes_or_new, placeholder
from .pipeline import ACCOUNT_COLOURS, ALERT_RED, GREY, _percent_axis, short

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: The penetration programme's groups.
GROUP_COLOURS: dict[str, str] = {"计划客户": "#ef6c00", "对照组": "#757575"}
#: The relations of "一带一路" leads.
RELATION_COLOURS: dict[str, str] = {"同一集团": "#1565c0", "上游供应商": "#6a1b9a", "下游客户": "#00838f",
                                    "同一园区": "#2e7d32", "老客户引荐": "#ef6c00"}


def plot_general_overview(overview: pd.DataFrame, *, title: str | None = None, ax: Axes | None = None) -> Figure:
    """Two 100% bars -- customers and sales in the window -- split 重点客户 / 一般客户, with counts.

    Args:
        overview: the output of :func:`helpers.analysis.general_accounts.general_overview`.
        title: chart title (default: the finding).
        ax: axes to draw on.

    Returns:
        The figure.
    """
    ax = axes_or_new(ax, (8.5, 3.4))
    kinds = [k for k in ("重点客户", "一般客户") if k in overview.index]
    sales_col = next(c for c in overview.columns if c.endswith("销售额（万元）") and c.startswith("近"))
    bars = {"客户数（家）": overview.loc[kinds, "客户数"].astype(float),
            sales_col.replace("近12个月", "近 12 个月"): overview.loc[kinds, sales_col]}
    for yi, values in enumerate(bars.values()):
        left = 0.0
        total = float(values.sum()) or 1.0
        for kind, value in values.items():
            share = value / total
            ax.barh(yi, share, left=left, color=ACCOUNT_COLOURS[kind], height=0.6, label=kind if yi == 0 else None)
            text = f"{kind} {value:,.0f}（{share:.0%}）" if share >= 0.25 else f"{value:,.0f}\n（{share:.0%}）"
            ax.text(left + share / 2, yi, text, ha="center", va="center", fontsize=10,
                    color="white" if kind == "重点客户" else "#0d2a4a")
            left += share
    ax.set_yticks(range(len(bars)), list(bars))
    ax.invert_yaxis()
    _percent_axis(ax, "x", 1.0)
    ax.set_xlabel("占合计的比例")
    ax.grid(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=9, frameon=False)
    ax.set_title(title or overview.attrs.get("title", "重点客户与一般客户"))
    return ax.figure


def plot_related_candidates(candidates: pd.DataFrame, *, title: str | None = None, top: int = 15,
                            ax: Axes | None = None) -> Figure:
    """The largest "一带一路" candidates by estimated potential, coloured by relation; ★ = a referee exists.

    Args:
        candidates: the output of :func:`helpers.analysis.general_accounts.related_candidates`.
        title: chart title (default: the finding).
        top: how many candidates to draw.
        ax: axes to draw on.

    Returns:
        The figure.
    """
    from matplotlib.patches import Patch

    title = title or candidates.attrs.get("title", "“一带一路”候选企业")
    if candidates.empty:
        return placeholder("没有符合规则的候选企业", title, ax)
    data = candidates.head(top)
    ax = axes_or_new(ax, (9.5, 0.4 * len(data) + 1.8))
    y = np.arange(len(data))
    ax.barh(y, data["估算潜力（万元）"], color=[RELATION_COLOURS.get(r, GREY) for r in data["关联方式"]], height=0.65)
    for yi, (_, row) in enumerate(data.iterrows()):
        star = "★ " if not str(row.get("可请引荐的人", "—")).startswith("—") else ""
        ax.text(row["估算潜力（万元）"], yi, f"  {star}← {short(row['关联客户'], 12)}", va="center", fontsize=9)
    ax.set_yticks(y, [short(n) for n in data["候选公司"]])
    ax.invert_yaxis()
    ax.set_xlim(0, data["估算潜力（万元）"].max() * 1.6)
    shown = (f"\n图中为估算潜力最大的 {len(data)} 家（共 {candidates.attrs['n_total']} 家）"
             if candidates.attrs.get("n_total", len(data)) > len(data) else "")
    ax.set_xlabel("估算年采购潜力（万元）；“←”后为关联的现有客户，★ = 可请对方的支持者引荐" + shown)
    ax.grid(axis="y", visible=False)
    seen = [r for r in RELATION_COLOURS if r in set(data["关联方式"])]
    ax.legend(handles=[Patch(color=RELATION_COLOURS[r], label=r) for r in seen], loc="lower right", fontsize=9)
    ax.set_title(title)
    return ax.figure


def plot_dark_horses(horses: pd.DataFrame, *, title: str | None = None, ax: Axes | None = None) -> Figure:
    """Growth candidates: last year's sales × growth ratio (log); ★ = 黑马, grey = left out (reason shown).

    Args:
        horses: the output of :func:`helpers.analysis.general_accounts.dark_horses` (with
            ``selected_only=True`` the chart still draws every candidate, from ``attrs["candidates"]``).
        title: chart title (default: the finding).
        ax: axes to draw on.

    Returns:
        The figure.
    """
    from matplotlib.ticker import FixedLocator, NullLocator

    title = title or horses.attrs.get("title", "黑马筛选")
    horses = horses.attrs.get("candidates", horses)
    if horses.empty:
        return placeholder("没有销售额翻倍的一般客户", title, ax)
    ax = axes_or_new(ax, (9.5, 5.2))
    size = 40 + 6 * horses["增长空间（万元）"].clip(lower=0).fillna(0).to_numpy()
    win = horses["是否黑马"].to_numpy(dtype=bool)
    ax.scatter(horses.loc[~win, "上期销售额（万元）"], horses.loc[~win, "增长倍数"], s=size[~win], facecolors="none",
               edgecolors=GREY, linewidths=1.2, label="销售额翻了一番，但未满足全部规则")
    ax.scatter(horses.loc[win, "上期销售额（万元）"], horses.loc[win, "增长倍数"], s=size[win] * 1.6, marker="*",
               color="#ef6c00", edgecolors="#8a3c00", linewidths=0.6, label="黑马（五条规则全部满足）", zorder=3)
    out = horses[~win].nlargest(5, "本期销售额（万元）")
    for _, row in out.iterrows():
        reason = str(row["未入选原因"]).split("；")[0]
        ax.annotate(reason, (row["上期销售额（万元）"], row["增长倍数"]), xytext=(6, 4), textcoords="offset points",
                    fontsize=9, color="#555555")
    ax.set_yscale("log")
    ticks = [t for t in (2, 3, 5, 10, 20, 50) if t <= max(horses["增长倍数"].max() * 1.3, 3)]
    ax.yaxis.set_major_locator(FixedLocator(ticks))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_yticklabels([f"{t} 倍" for t in ticks])
    ax.set_ylim(1.8, max(horses["增长倍数"].max() * 1.4, 3))
    ax.set_xlim(0, horses["上期销售额（万元）"].max() * 1.15)
    ax.set_xlabel("上期（前一个 12 个月）销售额（万元）")
    ax.set_ylabel("本期 ÷ 上期（倍，对数刻度）")
    counts = horses.attrs.get("counts")
    if counts:
        steps = "\n".join(f"{name}：{n} 家" for name, n in counts)
        ax.text(1.02, 1.0, "筛选过程（依次满足）\n" + steps, transform=ax.transAxes, ha="left", va="top", fontsize=9,
                bbox={"facecolor": "white", "edgecolor": "#cccccc"})
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=9, markerscale=0.5, frameon=False)
    ax.set_title(title)
    return ax.figure


def plot_wallet_breadth(wallet: pd.DataFrame, *, title: str | None = None, account_type: str = "一般客户",
                        ax: Axes | None = None) -> Figure:
    """Box plots of share of wallet by product breadth (1, 2, 3, 4+ lines), n under each box.

    Args:
        wallet: the output of :func:`helpers.analysis.penetration.wallet_and_breadth`.
        title: chart title (default: the finding).
        account_type: which customers to draw (None for all).
        ax: axes to draw on.

    Returns:
        The figure.
    """
    data = wallet if account_type is None or "客户类型" not in wallet else wallet[wallet["客户类型"] == account_type]
    data = data.dropna(subset=["钱包份额"])
    ax = axes_or_new(ax, (8.5, 4.6))
    band = data["产品线宽度"].clip(upper=4).astype(int)
    labels = ["1 条", "2 条", "3 条", "4 条及以上"]
    groups = [data.loc[band == k, "钱包份额"].clip(upper=1).to_numpy() for k in (1, 2, 3, 4)]
    colour = ACCOUNT_COLOURS.get(account_type or "", "#1565c0")
    box = ax.boxplot(groups, positions=range(4), widths=0.55, patch_artist=True, showfliers=True,
                     medianprops={"color": "#222222", "linewidth": 2}, flierprops={"markersize": 3})
    for patch in box["boxes"]:
        patch.set_facecolor(colour)
        patch.set_alpha(0.8)
    ax.set_xticks(range(4), [f"{lab}\n（n = {len(g)}）" for lab, g in zip(labels, groups)])
    _percent_axis(ax, "y", 1.0)
    ax.set_xlabel(f"近 12 个月买过的产品线条数（{account_type or '全部客户'}）")
    ax.set_ylabel("钱包份额（我们的销售额 ÷ 年采购潜力）")
    ax.grid(axis="x", visible=False)
    ax.set_title(title or wallet.attrs.get("title", "钱包份额与产品线宽度"))
    return ax.figure


def plot_routine_compliance(compliance: pd.DataFrame, *, title: str | None = None, rule: int | None = None,
                            alert_below: float = 0.40, ax: Axes | None = None) -> Figure:
    """Compliance with one routine (default: 一般客户 quarterly) by rep, with n; small n grey.

    A rep's rate is written in red when it is below ``alert_below`` and the rep had at least 30
    customer-periods due (the rule is stated under the chart).

    Args:
        compliance: the output of :func:`helpers.analysis.routines.routine_compliance`.
        title: chart title (default: the finding).
        rule: the number of the rule to draw (default: the first 每季度 rule for 一般客户).
        alert_below: rates below this (a fraction) are written in red.
        ax: axes to draw on.

    Returns:
        The figure.
    """
    if rule is None:
        pick = compliance[(compliance["客户类别"] == "一般客户") & compliance["频次"].str.startswith("每季度")]
        rule = int(pick.index[0]) if len(pick) else 0
    reps = compliance.attrs["by_rep"]
    reps = reps[reps["规则"] == rule].sort_values("达标率", ascending=False)
    title = title or compliance.attrs.get("title", "例行规定动作达标率")
    if reps.empty:
        return placeholder("这条规定动作没有应做的客户期数", title, ax)
    ax = axes_or_new(ax, (9, 0.32 * len(reps) + 1.8))
    y = np.arange(len(reps))
    small = reps["样本少"].to_numpy()
    ax.barh(y, reps["达标率"], color=["#cfd8dc" if s else "#90caf9" for s in small], height=0.65,
            hatch=None, edgecolor="white")
    for yi, (rate, n, s) in enumerate(zip(reps["达标率"], reps["应做客户期数"], small)):
        ax.text(rate + 0.01, yi, f"{rate:.0%}（n = {n}）" + ("  样本少" if s else ""), va="center", fontsize=9,
                color=ALERT_RED if rate < alert_below and not s else "#222222")
    company = compliance.loc[rule, "达标率"]
    ax.axvline(company, color="#555555", ls="--", lw=1)
    ax.set_yticks(y, reps["负责销售"].astype(str).tolist())
    ax.invert_yaxis()
    _percent_axis(ax, "x", 1.15)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    row = compliance.loc[rule]
    ax.set_xlabel(f"{row['客户类别']}“{row['频次']}{row['动作']}”的达标率（虚线：全公司 {company:.0%}）\n"
                  f"红字：达标率低于 {alert_below:.0%}，且应做客户期数不少于 30；灰色：不到 30，样本少")
    ax.set_ylabel("负责销售")
    ax.grid(axis="y", visible=False)
    ax.set_title(title)
    return ax.figure


def plot_visits_vs_results(table: pd.DataFrame, *, title: str | None = None, ax: Axes | None = None) -> Figure:
    """Share of general customers whose sales held or grew, by number of visits; n per bar.

    Args:
        table: the output of :func:`helpers.analysis.routines.visits_vs_results`.
        title: chart title (default: the finding).
        ax: axes to draw on.

    Returns:
        The figure.
    """
    ax = axes_or_new(ax, (8.5, 4.2))
    x = np.arange(len(table))
    small = table["样本少"].to_numpy()
    ax.bar(x, table["占比"].fillna(0), color=["#cfd8dc" if s else "#90caf9" for s in small], width=0.6)
    for xi, (rate, n, s) in enumerate(zip(table["占比"], table["客户数"], small)):
        text = "—" if pd.isna(rate) else f"{rate:.0%}"
        ax.text(xi, (0 if pd.isna(rate) else rate) + 0.02, f"{text}\nn = {n}" + ("\n样本少" if s else ""),
                ha="center", va="bottom", fontsize=9)
    ax.set_xticks(x, table["拜访次数档"].tolist())
    _percent_axis(ax, "y", 1.2)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    year = table.attrs.get("year")
    ax.set_xlabel(f"{year} 年的拜访次数（含电话）" if year else "拜访次数")
    ax.set_ylabel("销售额保持或增长的客户占比")
    ax.grid(axis="x", visible=False)
    ax.set_title(title or table.attrs.get("title", "拜访次数与结果"))
    return ax.figure


def plot_lead_kpis(kpis: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Per lead source: 线索质量 and 转化率 (left), cash 获客成本 per customer won (right).

    Args:
        kpis: the output of :func:`helpers.analysis.general_accounts.lead_kpis`.
        title: chart title (default: the finding).

    Returns:
        The figure.
    """
    import matplotlib.pyplot as plt

    data = kpis.drop(index="合计", errors="ignore")
    data = data[data["线索数"] > 0].sort_values("线索质量", ascending=False)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11.5, 0.38 * len(data) + 2.4),
                                      gridspec_kw={"width_ratios": [3, 2]})
    y = np.arange(len(data))
    left.barh(y - 0.2, data["线索质量"], height=0.38, color="#1565c0", label="线索质量（有效 ÷ 线索数）")
    left.barh(y + 0.2, data["转化率"], height=0.38, color="#90caf9", label="转化率（已成交 ÷ 线索数）")
    for yi, (q, n, s) in enumerate(zip(data["线索质量"], data["线索数"], data["样本少"])):
        left.text(q + 0.01, yi - 0.2, f"{q:.0%}（n = {n}）" + ("  样本少" if s else ""), va="center", fontsize=9)
    left.set_yticks(y, data.index.tolist())
    left.invert_yaxis()
    _percent_axis(left, "x", min(1.0, data["线索质量"].max() * 1.6 + 0.05))
    left.set_xlabel("占该来源线索数的比例")
    left.legend(loc="lower right", fontsize=9)
    left.grid(axis="y", visible=False)
    paid = data[(data["现金费用（万元）"] > 0) & data["获客成本（万元）"].notna()].sort_values("获客成本（万元）")
    yy = np.arange(len(paid))
    right.barh(yy, paid["获客成本（万元）"], color="#ef6c00", height=0.6)
    for yi, (cac, won) in enumerate(zip(paid["获客成本（万元）"], paid["已成交数"])):
        right.text(cac, yi, f"  {cac:.1f} 万元（成交 {won} 家）", va="center", fontsize=9)
    right.set_yticks(yy, paid.index.tolist())
    right.invert_yaxis()
    right.set_xlim(0, max(paid["获客成本（万元）"].max(), 1) * 1.7 if len(paid) else 1)
    right.set_xlabel("现金获客成本（万元 / 每成交一家；不含人员时间）")
    right.grid(axis="y", visible=False)
    fig.suptitle(title or kpis.attrs.get("title", "获客来源"))
    fig.tight_layout()
    return fig


def plot_penetration_effect(effect: pd.DataFrame, differences: pd.DataFrame | None = None, *,
                            title: str | None = None) -> Figure:
    """Sales index of both groups over three windows (before = 100) and, beside it, each difference
    between the groups with its bootstrap interval (a dot and a bar; the dashed line is 0).

    Args:
        effect: the output of :func:`helpers.analysis.penetration.penetration_effect`.
        differences: the output of :func:`helpers.analysis.penetration.effect_uncertainty` (the right
            panel; without it, the share of customers adding a product line).
        title: chart title (default: the finding of ``differences``, else of ``effect``).

    Returns:
        The figure.
    """
    import matplotlib.pyplot as plt

    index = effect.attrs["index"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12.5, 4.9), gridspec_kw={"width_ratios": [1.6, 1.4]})
    x = np.arange(len(index))
    for group in ("计划客户", "对照组"):
        n = int(effect.loc[group, "客户数"])
        left.plot(x, index[group], marker="o", lw=2.5, color=GROUP_COLOURS[group], label=f"{group}（n = {n}）")
        for xi, value in zip(x, index[group]):
            left.annotate(f"{value:.0f}", (xi, value), xytext=(0, 8 if group == "计划客户" else -15),
                          textcoords="offset points", ha="center", fontsize=9, color=GROUP_COLOURS[group])
    top = max(float(index.max().max()) * 1.2, 120)
    left.axvline(1.5, color="#555555", ls=":", lw=1)
    left.text(1.52, top * 0.97, "计划开始", fontsize=9, color="#555555", va="top")
    left.set_xticks(x, [label.replace(" 年 ", " 年\n") for label in index.index])
    left.set_ylim(0, top)
    left.set_ylabel("销售额指数（2024 年同期 = 100）")
    left.legend(loc="lower right", fontsize=9)
    left.grid(axis="x", visible=False)
    left.set_title("两组的销售额（每段都取 4–12 月）", fontsize=11)
    if differences is None:
        share = effect.loc[["计划客户", "对照组"], "新增产品线的客户占比"]
        right.bar([0, 1], share, color=[GROUP_COLOURS[g] for g in share.index], width=0.6)
        for xi, value in enumerate(share):
            right.text(xi, value + 0.02, f"{value:.0%}", ha="center", fontsize=10)
        right.set_xticks([0, 1], list(share.index))
        _percent_axis(right, "y", 1.0)
        right.set_ylabel("之后买了新产品线的客户占比")
        right.grid(axis="x", visible=False)
        right.set_title("新增产品线", fontsize=11)
    else:
        rows = differences[differences["单位"] == "个百分点"]
        lo, hi = differences.attrs["interval"]
        y = np.arange(len(rows))
        for yi, (_, row) in enumerate(rows.iterrows()):
            colour = GREY if row["区间包含 0"] else GROUP_COLOURS["计划客户"]
            right.plot([row[lo], row[hi]], [yi, yi], color=colour, lw=3, solid_capstyle="butt")
            right.plot(row["差异"], yi, "o", color=colour, markersize=8)
            right.annotate(f"{row['差异']:+.0f}（{row[lo]:+.0f} 至 {row[hi]:+.0f}）".replace("-", "−"),
                           (row["差异"], yi), xytext=(0, 9), textcoords="offset points", ha="center", fontsize=9,
                           color=colour)
        right.axvline(0, color="#555555", ls="--", lw=1)
        right.set_yticks(y, [name.replace("：", "：\n") for name in rows.index], fontsize=9.5)
        right.set_ylim(len(rows) - 0.4, -0.7)
        span = max(abs(float(rows[lo].min())), abs(float(rows[hi].max())), 10) * 1.15
        right.set_xlim(-span, span)
        right.set_xlabel(f"计划客户 − 对照组（个百分点；线段 = {differences.attrs['level']:.0%} 区间，"
                         f"重抽样 {differences.attrs['n_boot']:,} 次）\n灰色：区间包含 0，与零区分不开")
        right.grid(axis="y", visible=False)
        right.set_title("两组之差和它的不确定性", fontsize=11)
    fig.suptitle(title or (differences.attrs.get("title") if differences is not None else None)
                 or effect.attrs.get("title", "渗透计划的效果"))
    fig.tight_layout()
    return fig
