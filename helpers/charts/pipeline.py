"""Charts of the pipeline stage by stage (lecture 4): funnel, time in stage, stalled deals, win rates,
lost reasons, receivables ageing.

Each function takes the table of the matching function in :mod:`helpers.analysis.pipeline`,
:mod:`helpers.analysis.pipeline_review` or :mod:`helpers.analysis.receivables` and returns the
Figure. The default title is the finding computed with the table (``table.attrs["title"]``).
Colours are fixed per entity across lecture 4: the outline's phases (:data:`PHASE_COLOURS`),
重点 / 一般客户 (:data:`ACCOUNT_COLOURS`), the ageing buckets from green to red.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..analysis.pipeline import PHASES
from .base import axes_or_new, placeholder

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Colour of each phase of the outline (早期 … 后期), the same in every lecture-4 chart.
PHASE_COLOURS: dict[str, str] = {"早期": "#90caf9", "前期": "#1565c0", "中期": "#66bb6a", "后期": "#2e7d32"}
#: 重点客户 / 一般客户, the same in every lecture-4 chart.
ACCOUNT_COLOURS: dict[str, str] = {"重点客户": "#1565c0", "一般客户": "#90caf9"}
#: Stages before signing (stalled deals), coloured like their phase but distinct.
STAGE_COLOURS: dict[str, str] = {"商机发现": "#90caf9", "需求确认": "#42a5f5", "方案报价": "#1565c0",
                                 "商务谈判": "#0d47a1", "签约": "#66bb6a", "交付": "#43a047", "回款": "#2e7d32"}
#: Ageing buckets, from not yet due (green) to very late (dark red); missing terms grey.
AGEING_COLOURS = ("#66bb6a", "#fdd835", "#fb8c00", "#e53935", "#8e0000", "#9e9e9e")
ALERT_RED = "#c62828"
GREY = "#9e9e9e"


def short(text: Any, width: int = 14) -> str:
    """A label cut to ``width`` characters with "…" (long company names).

    Args:
        text: the label.
        width: the most characters kept.

    Returns:
        The label, cut if longer.

    >>> short("嘉兴渟麓光伏设备有限公司华东分公司", 10)
    '嘉兴渟麓光伏设备有…'
    """
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _percent_axis(ax: Axes, axis: str = "x", top: float = 1.0) -> None:
    from matplotlib.ticker import PercentFormatter

    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(PercentFormatter(1.0, decimals=0))
    (ax.set_xlim if axis == "x" else ax.set_ylim)(0, top)


def plot_funnel(funnel: pd.DataFrame, *, title: str | None = None, ax: Axes | None = None) -> Figure:
    """Bars (from 0) of deals reaching each stage, coloured by outline phase, with step and overall rates.

    The step with the lowest conversion before signing (``attrs["leakiest"]``) is written in red.

    Args:
        funnel: the output of :func:`helpers.analysis.pipeline.funnel`.
        title: chart title (default: the finding).
        ax: axes to draw on.

    Returns:
        The figure.
    """
    from matplotlib.patches import Patch

    ax = axes_or_new(ax, (9, 0.55 * len(funnel) + 1.8))
    y = np.arange(len(funnel))
    counts = funnel["到达数"].to_numpy(dtype=float)
    colours = [PHASE_COLOURS.get(p, GREY) for p in funnel["大纲阶段"]]
    ax.barh(y, counts, color=colours, height=0.65)
    leak = funnel.attrs.get("leakiest")
    leak_to = leak.split(" → ")[-1] if leak else None
    top = max(counts.max(), 1.0)
    rows = zip(funnel["阶段"], counts, funnel["阶段转化率"], funnel["累计转化率"])
    for yi, (stage, n, step, total) in enumerate(rows):
        text = f"{int(n):,}（累计 {total:.0%}）" if yi == 0 or pd.isna(step) else \
            f"{int(n):,}（上一阶段的 {step:.0%}；累计 {total:.0%}）"
        red = stage == leak_to
        ax.text(n + top * 0.01, yi, text + ("  ← 流失最多" if red else ""), va="center", fontsize=10,
                color=ALERT_RED if red else "#222222", fontweight="bold" if red else "normal")
    ax.set_yticks(y, [f"{s}（{p}）" for s, p in zip(funnel["阶段"], funnel["大纲阶段"])])
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.75)
    ax.set_xlabel(f"到达该阶段的商机数（个；共 {funnel.attrs.get('n', int(top))} 个）")
    ax.grid(axis="y", visible=False)
    phases = [p for p in PHASE_COLOURS if p in set(funnel["大纲阶段"])]
    ax.legend(handles=[Patch(color=PHASE_COLOURS[p], label=p) for p in phases], loc="lower right", fontsize=9,
              title="大纲阶段", title_fontsize=9)
    ax.set_title(title or funnel.attrs.get("title", "销售漏斗"))
    return ax.figure


def plot_stage_durations(durations: pd.DataFrame, *, title: str | None = None, ax: Axes | None = None) -> Figure:
    """Range bars of days spent in each stage: the middle half (P25–P75) and the median.

    Args:
        durations: the output of :func:`helpers.analysis.pipeline_review.stage_durations`.
        title: chart title (default: the finding).
        ax: axes to draw on.

    Returns:
        The figure.
    """
    ax = axes_or_new(ax, (9, 0.55 * len(durations) + 1.8))
    y = np.arange(len(durations))
    lo, mid, hi = (durations[c].to_numpy(dtype=float) for c in ("四分之一位（天）", "中位数（天）", "四分之三位（天）"))
    colours = [PHASE_COLOURS.get(PHASES.get(s, ""), GREY) for s in durations["阶段"]]
    ax.barh(y, np.nan_to_num(hi - lo), left=np.nan_to_num(lo), color=colours, height=0.55, label="中间一半的商机")
    ax.scatter(mid, y, marker="|", s=400, color="#222222", linewidths=2.5, label="中位数", zorder=3)
    right = np.nanmax(np.r_[hi, 1.0]) * 1.5
    for yi, (m, n) in enumerate(zip(mid, durations["完成该阶段的商机数"])):
        text = "无数据" if np.isnan(m) else f"中位数 {m:.0f} 天（n = {int(n)}）"
        ax.text(right * 0.99, yi, text, va="center", ha="right", fontsize=9.5)
    ax.set_yticks(y, [f"{a} → {b}" for a, b in zip(durations["阶段"], durations["下一阶段"])])
    ax.invert_yaxis()
    ax.set_xlim(0, right)
    ax.set_xlabel("在该阶段停留的天数（天；色条为四分之一位到四分之三位）")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper right", bbox_to_anchor=(1.0, -0.13), ncol=2, fontsize=9, frameon=False)
    ax.set_title(title or durations.attrs.get("title", "各阶段停留天数"))
    return ax.figure


def plot_stalled(stalled: pd.DataFrame, *, title: str | None = None, top: int = 15, ax: Axes | None = None) -> Figure:
    """Stalled deals by weighted amount (万元), coloured by stage; hatched when nobody followed up in 45 days;
    "暂停赊销" written after the deals of customers on a red receivables alert.

    Args:
        stalled: the output of :func:`helpers.analysis.pipeline_review.stalled_deals`.
        title: chart title (default: the finding).
        top: how many deals to draw.
        ax: axes to draw on.

    Returns:
        The figure.
    """
    from matplotlib.patches import Patch

    title = title or stalled.attrs.get("title", "停滞商机")
    if stalled.empty:
        return placeholder("没有停滞的商机", title, ax)
    data = stalled.dropna(subset=["加权金额（万元）"]).head(top)
    ax = axes_or_new(ax, (9.5, 0.42 * len(data) + 1.8))
    y = np.arange(len(data))
    flag = next((c for c in data.columns if c.endswith("天未跟进")), None)
    for yi, (_, row) in enumerate(data.iterrows()):
        ax.barh(yi, row["加权金额（万元）"], color=STAGE_COLOURS.get(row["当前阶段"], GREY), height=0.65,
                hatch="///" if flag and row[flag] else None, edgecolor="white")
        hold = bool(row.get("应收红色预警", False))
        text = f"  停 {int(row['停留（天）'])} 天 · 预计 {row['预计金额（万元）']:.0f} 万元"
        text += "  · 暂停赊销" if hold else ""
        ax.text(row["加权金额（万元）"], yi, text, va="center", fontsize=9, color=ALERT_RED if hold else "#222222")
    ax.set_yticks(y, [f"{short(n)}（{i}）" for n, i in zip(data["客户名称"], data["商机编号"])])
    ax.invert_yaxis()
    ax.set_xlim(0, data["加权金额（万元）"].max() * 1.6)
    total = stalled.attrs.get("n_total", len(stalled))
    ax.set_xlabel("加权金额（万元）= 预计金额 × 本阶段历史签约率"
                  + (f"\n图中为加权金额最大的 {len(data)} 个（共 {total} 个）" if total > len(data) else ""))
    ax.grid(axis="y", visible=False)
    stages = list(dict.fromkeys(data["当前阶段"]))
    handles = [Patch(color=STAGE_COLOURS.get(s, GREY), label=s) for s in stages]
    if flag:
        handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="///", label="超过 45 天没有跟进"))
    ax.legend(handles=handles, loc="lower right", fontsize=9)
    ax.set_title(title)
    return ax.figure


def plot_win_rates(rates: pd.DataFrame, *, title: str | None = None) -> Figure:
    """One panel per dimension: win rate per value with n; small groups hatched; dashed overall rate.

    Args:
        rates: the output of :func:`helpers.analysis.pipeline_review.win_rates`.
        title: chart title.

    Returns:
        The figure.
    """
    import matplotlib.pyplot as plt

    dims = list(dict.fromkeys(rates["维度"]))
    heights = [max(len(rates[rates["维度"] == d]), 2) for d in dims]
    fig, axes = plt.subplots(len(dims), 1, figsize=(8.5, 0.42 * sum(heights) + 1.4 * len(dims)),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    overall = rates.attrs.get("overall")
    right = min(1.0, max(float(rates["赢率"].max()), 0.1) * 1.6)
    for ax, dim in zip(axes[:, 0], dims):
        part = rates[rates["维度"] == dim]
        y = np.arange(len(part))
        small = part["样本少"].to_numpy()
        colours = [ACCOUNT_COLOURS.get(v, "#1565c0") for v in part["取值"]]
        ax.barh(y, part["赢率"], color=colours, alpha=0.9, height=0.6)
        for yi, (rate, n, s) in enumerate(zip(part["赢率"], part["已关闭商机数"], small)):
            if s:
                ax.barh(yi, rate, color="white", alpha=0.55, hatch="///", edgecolor=GREY, height=0.6)
            ax.text(rate + 0.01, yi, f"{rate:.0%}（n = {n}）" + ("  样本少，仅供参考" if s else ""), va="center",
                    fontsize=9, color=GREY if s else "#222222")
        if overall is not None and not np.isnan(overall):
            ax.axvline(overall, color="#555555", ls="--", lw=1)
        ax.set_yticks(y, part["取值"].tolist())
        ax.invert_yaxis()
        _percent_axis(ax, "x", right)
        ax.set_ylabel(dim)
        ax.grid(axis="y", visible=False)
    axes[-1, 0].set_xlabel(f"赢率 = 赢单 ÷ 已关闭商机（虚线：全部 {overall:.0%}）" if overall is not None else "赢率")
    fig.suptitle(title or rates.attrs.get("title", "赢率（已关闭的商机）"))
    fig.tight_layout()
    return fig


def plot_lost_reasons(table: pd.DataFrame, *, title: str | None = None, ax: Axes | None = None) -> Figure:
    """100% stacked bars: the lost deals of each stage by reason, with n per stage.

    Args:
        table: the output of :func:`helpers.analysis.pipeline_review.lost_reasons`.
        title: chart title.
        ax: axes to draw on.

    Returns:
        The figure.
    """
    share = table.attrs.get("share")
    if share is None or share.empty:
        return placeholder("没有丢单", title, ax)
    ax = axes_or_new(ax, (9, 0.6 * share.shape[1] + 2.2))
    palette = ["#c62828", "#ef6c00", "#6a1b9a", "#1565c0", "#9e9e9e", "#2e7d32", "#795548", "#00838f"]
    y = np.arange(share.shape[1])
    left = np.zeros(share.shape[1])
    for i, reason in enumerate(share.index):
        values = share.loc[reason].to_numpy(dtype=float)
        ax.barh(y, values, left=left, color=palette[i % len(palette)], label=reason, height=0.6)
        for yi, (v, x) in enumerate(zip(values, left)):
            if v >= 0.08:
                ax.text(x + v / 2, yi, f"{v:.0%}", ha="center", va="center", fontsize=9, color="white")
        left += values
    n = table.loc["合计", share.columns] if "合计" in table.index else share.sum()
    ax.set_yticks(y, [f"{s}\n（n = {int(k)}）" for s, k in zip(share.columns, n)])
    ax.invert_yaxis()
    _percent_axis(ax, "x", 1.0)
    ax.set_xlabel("该阶段丢单中各原因的占比")
    ax.set_ylabel("丢在哪个阶段")
    ax.grid(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=min(4, len(share.index)), fontsize=9,
              frameon=False)
    ax.set_title(title or table.attrs.get("title", "丢单原因（按丢在哪个阶段）"))
    return ax.figure


def plot_ageing(ageing: pd.DataFrame, behaviour: pd.DataFrame | None = None, *, title: str | None = None) -> Figure:
    """Receivables by ageing bucket (万元 from 0, green to red); beside it, how paid deals paid.

    Args:
        ageing: the output of :func:`helpers.analysis.receivables.receivables_ageing`.
        behaviour: the output of :func:`helpers.analysis.receivables.payment_behaviour` (optional panel).
        title: chart title (default: the finding of :func:`~helpers.analysis.receivables.ageing_summary`).

    Returns:
        The figure.
    """
    import matplotlib.pyplot as plt

    from ..analysis.receivables import ageing_summary

    summary = ageing_summary(ageing)
    title = title or summary.attrs.get("title")
    if ageing.empty:
        return placeholder("复盘日没有未回款的应收", title)
    fig, axes = plt.subplots(1, 2 if behaviour is not None else 1, figsize=(11 if behaviour is not None else 8.5, 4.6),
                             gridspec_kw={"width_ratios": [2.4, 1]} if behaviour is not None else None, squeeze=False)
    ax = axes[0, 0]
    body = summary.drop(index="合计")
    x = np.arange(len(body))
    ax.bar(x, body["金额（万元）"], color=AGEING_COLOURS[: len(body)], width=0.65)
    for xi, (amount, count) in enumerate(zip(body["金额（万元）"], body["笔数"])):
        ax.text(xi, amount, f"{amount:,.0f} 万元\n{int(count)} 笔", ha="center", va="bottom", fontsize=9)
    ax.set_xticks(x, [label.replace("逾期 ", "逾期\n") for label in body.index], fontsize=9.5)
    ax.set_ylim(0, max(body["金额（万元）"].max(), 1) * 1.3)
    ax.set_ylabel("应收金额（万元）")
    ax.grid(axis="x", visible=False)
    ax.set_title(f"账龄（截至 {ageing.attrs['as_of']:%Y-%m-%d}）" if "as_of" in ageing.attrs else "账龄", fontsize=11)
    if behaviour is not None:
        right = axes[0, 1]
        data = behaviour
        small = data["样本少"].to_numpy(dtype=bool) if "样本少" in data else np.zeros(len(data), bool)
        colours = [ACCOUNT_COLOURS.get(k, GREY) for k in data.index]
        right.bar(np.arange(len(data)), data["按期占比"], color=colours, width=0.6)
        for xi, (rate, n, s) in enumerate(zip(data["按期占比"], data["回款笔数"], small)):
            if s:
                right.bar(xi, rate, color="white", alpha=0.6, hatch="///", edgecolor=GREY, width=0.6)
            right.text(xi, rate + 0.02, f"{rate:.0%}\nn = {int(n)}" + ("\n样本少" if s else ""), ha="center",
                       va="bottom", fontsize=9, color=GREY if s else "#222222")
        right.set_xticks(np.arange(len(data)), list(data.index))
        _percent_axis(right, "y", 1.2)
        right.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        grace = behaviour.attrs.get("grace_days", 0)
        right.set_ylabel("到期日当天或之前到账的占比" if grace == 0 else f"到期日后 {grace} 天内到账的占比")
        right.grid(axis="x", visible=False)
        year = behaviour.attrs.get("year")
        right.set_title(f"{year} 年回款的商机：按期占比" if year else "已回款商机：按期占比", fontsize=11)
    fig.suptitle(title or "应收账龄")
    fig.tight_layout()
    return fig
