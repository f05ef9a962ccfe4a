"""Charts of lecture 3's plans and contacts over time: the interaction lines and the action-plan timeline.

Month ticks are Chinese (``7月``, the year on January and on the first tick); the review date
(复盘日) is a dashed vertical line. Each function returns the Figure and writes a title that
states the finding when none is given; empty input gets a centred placeholder.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..analysis.multilevel import LINES
from .base import axes_or_new, placeholder

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

LINE_COLOURS: dict[str, str] = {"高层线": "#6a1b9a", "技术线": "#1565c0", "商务线": "#00897b"}
STATE_COLOURS: dict[str, str] = {"按期完成": "#2e7d32", "延期完成": "#ef6c00", "逾期未完成": "#c62828",
                                 "进行中（未超期）": "#f9a825", "未到期": "#9e9e9e", "已取消": "#9e9e9e",
                                 "缺计划日期": "#c62828"}
EMPTY_PLAN = "计划里还没有行动"


def shorten(text: Any, width: int) -> str:
    """Cut ``text`` to ``width`` columns (a Chinese character counts 2), ending in … when cut.

    >>> shorten("邀请技术总监参观本公司工厂和标杆客户", 20)
    '邀请技术总监参观本…'
    """
    text = " ".join(str(text).split())
    out, used = "", 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width - (1 if used + w < len(text) * 2 else 0):
            return out + "…"
        out, used = out + ch, used + w
    return out


def month_ticks(ax: Axes, start: pd.Timestamp, end: pd.Timestamp) -> None:
    """One tick per month between ``start`` and ``end``: "7月", with the year on January and the first tick.

    >>> from matplotlib.figure import Figure
    >>> ax = Figure().add_subplot()
    >>> month_ticks(ax, pd.Timestamp("2025-11-20"), pd.Timestamp("2026-02-10"))
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['2025年12月', '2026年1月', '2月']
    """
    import matplotlib.dates as mdates

    months = pd.date_range(start.normalize(), end.normalize(), freq="MS")
    labels = [f"{m.year}年{m.month}月" if k == 0 or m.month == 1 else f"{m.month}月" for k, m in enumerate(months)]
    ax.set_xticks([mdates.date2num(m) for m in months], labels)


def lines_title(lines: pd.DataFrame, name: str | None = None) -> str:
    """The finding of the interaction-line chart.

    >>> t = pd.DataFrame({"线": ["商务线"] * 2 + ["技术线"], "拜访次数": [1, 1, 1]})
    >>> t.attrs.update(broken=["高层线", "技术线"], longest_gap={"高层线": 273, "技术线": 619, "商务线": 20},
    ...                censored={"高层线": False, "技术线": True, "商务线": False}, broken_days=60)
    >>> lines_title(t, "甲厂")
    '甲厂：高层线、技术线断线（最长 273 天、≥ 619 天无互动）；商务线 2 个月有拜访'
    """
    who = f"{name}：" if name else ""
    broken = lines.attrs.get("broken", [])
    gap = lines.attrs.get("longest_gap", {})
    censored = lines.attrs.get("censored", {})
    parts = []
    if broken:
        days = "、".join(f"{'≥ ' if censored.get(b) else ''}{gap[b]} 天" for b in broken)
        parts.append(f"{'、'.join(broken)}断线（最长 {days}无互动）")
    for line in LINES:
        if line not in broken:
            months = int((lines.loc[lines["线"] == line, "拜访次数"] > 0).sum())
            parts.append(f"{line} {months} 个月有拜访")
    return who + "；".join(parts)


def plot_interaction_lines(lines: pd.DataFrame, *, name: str | None = None, title: str | None = None,
                           ax: Axes | None = None) -> Figure:
    """Three strips (高层线, 技术线, 商务线): one dot per visit day; the longest silence of a broken line is bracketed.

    A silence that began before the window is bracketed from the window's left edge with an
    arrow, and labelled with the day it began (the last visit, or the first day of the records).

    Args:
        lines: output of :func:`helpers.interaction_lines`.
        name: the customer's name (for the default title).
        title: the title (default: the finding, see :func:`lines_title`).
        ax: axes to draw on.

    Returns:
        The Figure.

    >>> from helpers.analysis.multilevel import interaction_lines, our_people
    >>> p = our_people(pd.DataFrame({"人员编号": ["S1"], "职级": ["销售代表"]}))
    >>> v = pd.DataFrame({"客户编号": ["A"], "拜访日期": ["2025-06-01"], "拜访人": ["S1"]})
    >>> fig = plot_interaction_lines(interaction_lines(v, p, "A", as_of="2025-12-31"))
    >>> fig.axes[0].get_yticklabels()[0].get_text()
    '商务线'
    """
    import matplotlib.dates as mdates

    ax = axes_or_new(ax, (11, 3.8))
    title = title or lines_title(lines, name)
    start, end = lines.attrs["window"]
    dates = lines.attrs["dates"]
    y_of = {line: k for k, line in enumerate(LINES[::-1])}
    for m in pd.date_range(start, end, freq="MS"):
        ax.axvline(mdates.date2num(m), color="#eeeeee", lw=1, zorder=0)
    for line in LINES:
        y = y_of[line]
        ax.axhline(y, color="#e0e0e0", lw=6, zorder=1, solid_capstyle="butt")
        days = pd.Series(dates[line], dtype="datetime64[ns]").value_counts().sort_index()
        if len(days):
            ax.scatter([mdates.date2num(d) for d in days.index], [y] * len(days), s=70 + 40 * (days.to_numpy() - 1),
                       color=LINE_COLOURS[line], edgecolor="white", zorder=3)
            for d, k in days.items():
                if k > 1:
                    ax.text(mdates.date2num(d), y + 0.18, f"×{k}", ha="center", va="bottom", fontsize=9)
        if line in lines.attrs["broken"]:
            a, b = lines.attrs["gap_span"][line]
            early = a < start
            x0, x1 = mdates.date2num(max(a, start)), mdates.date2num(b)
            yb = y - 0.3
            ax.plot([x0, x1, x1], [yb, yb, yb + 0.08], color="#c62828", lw=1.5, zorder=2)
            if early:
                ax.annotate("", xy=(x0 - 2, yb), xytext=(x0 + 6, yb), zorder=2,
                            arrowprops={"arrowstyle": "->", "color": "#c62828", "lw": 1.5})
            else:
                ax.plot([x0, x0], [yb, yb + 0.08], color="#c62828", lw=1.5, zorder=2)
            censored = lines.attrs.get("censored", {}).get(line, False)
            since = ""
            if early:
                since = f"（自记录起点 {a:%Y-%m-%d}，此前无记录）" if censored else f"（自 {a:%Y-%m-%d} 上次拜访）"
            days = f"{'≥ ' if censored else ''}{lines.attrs['longest_gap'][line]} 天无互动{since}"
            ax.text((x0 + x1) / 2, yb - 0.04, days, ha="center", va="top", fontsize=9.5, color="#c62828")
    ax.axvline(mdates.date2num(end), color="#424242", ls="--", lw=1)
    ax.text(mdates.date2num(end), len(LINES) - 0.45, "复盘日", ha="right", va="bottom", fontsize=9.5, color="#424242")
    ax.set_xlim(mdates.date2num(start) - 3, mdates.date2num(end) + 4)
    ax.set_ylim(-0.75, len(LINES) - 0.3)
    ax.set_yticks(list(y_of.values()), list(y_of.keys()))
    month_ticks(ax, start, end)
    ax.grid(False)
    ax.tick_params(length=0)
    for spine in ("top", "right", "left"):
        ax.spines[spine].set_visible(False)
    ax.set_xlabel(f"拜访日期（一个点 = 一天的拜访；两次互动相隔超过 {lines.attrs.get('broken_days', 60)} 天 = 断线）")
    ax.set_title(title, fontsize=13)
    return ax.figure


def timeline_title(status: pd.DataFrame, name: str | None = None) -> str:
    """The finding of the plan timeline.

    >>> s = pd.DataFrame({"执行状态": ["按期完成", "逾期未完成"], "是否复盘点": [False, True]})
    >>> timeline_title(s)
    '行动计划：2 项（含 1 个复盘点），复盘日 1 项逾期未完成'
    """
    who = f"{name}：" if name else "行动计划："
    if status.empty:
        return f"{who}{EMPTY_PLAN}"
    reviews = int(status["是否复盘点"].sum()) if "是否复盘点" in status else 0
    late = int((status["执行状态"] == "逾期未完成").sum())
    tail = f"复盘日 {late} 项逾期未完成" if late else "到复盘日没有逾期未完成的行动"
    return f"{who}{len(status)} 项（含 {reviews} 个复盘点），{tail}"


def plot_plan_timeline(status: pd.DataFrame, *, as_of: Any = None, name: str | None = None, title: str | None = None,
                       ax: Axes | None = None) -> Figure:
    """The action plan on a time axis: one row per action, grouped by goal; reviews are diamonds.

    Hollow circle = planned date; filled circle = done on that date, joined to the plan (green
    on time, orange late); red cross and bar = overdue up to the review date; grey = cancelled
    or not yet due. Each row ends with its owner.

    Args:
        status: output of :func:`helpers.plan_status`.
        as_of: the review date (default: the one ``plan_status`` used).
        name: the customer's name (for the default title).
        title: the title (default: the finding, see :func:`timeline_title`).
        ax: axes to draw on.

    Returns:
        The Figure.

    >>> s = pd.DataFrame(columns=["执行状态", "是否复盘点"])
    >>> plot_plan_timeline(s).axes[0].texts[0].get_text()
    '计划里还没有行动'
    """
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D

    rows = _timeline_rows(status)
    ax = axes_or_new(ax, (11, 0.42 * max(len(rows), 1) + 1.6))
    title = title or timeline_title(status, name)
    if status.empty:
        return placeholder(EMPTY_PLAN, title, ax)
    stamp = pd.Timestamp(as_of if as_of is not None else status.attrs.get("as_of", pd.Timestamp.today())).normalize()
    days = pd.concat([status["计划日期"], status["实际日期"], pd.Series([stamp])]).dropna()
    lo, hi = days.min() - pd.Timedelta(days=12), days.max() + pd.Timedelta(days=12)
    n = len(rows)
    for k, (kind, row) in enumerate(rows):
        y = n - 1 - k
        if kind == "goal":
            ax.text(mdates.date2num(lo) + 1, y, row, ha="left", va="center", fontsize=10, fontweight="bold",
                    color="#37474f", parse_math=False)
            continue
        _draw_action(ax, row, y, stamp)
    ax.axvline(mdates.date2num(stamp), color="#424242", ls="--", lw=1)
    ax.text(mdates.date2num(stamp), -0.65, " 复盘日", ha="left", va="bottom", fontsize=9.5, color="#424242")
    ax.set_xlim(mdates.date2num(lo), mdates.date2num(hi))
    ax.set_ylim(-0.7, n - 0.2)
    ax.set_yticks([n - 1 - k for k, (kind, _) in enumerate(rows) if kind == "action"],
                  [shorten(f"{r['行动编号']} {r['行动']}", 30) for kind, r in rows if kind == "action"])
    month_ticks(ax, lo, hi)
    ax.grid(False)
    ax.tick_params(length=0, labelsize=9.5)
    for spine in ("top", "right", "left"):
        ax.spines[spine].set_visible(False)
    ax.set_xlabel("日期")
    handles = [Line2D([], [], ls="", marker="o", mfc="white", mec="#424242", label="计划日期"),
               Line2D([], [], marker="o", color=STATE_COLOURS["按期完成"], label="按期完成"),
               Line2D([], [], marker="o", color=STATE_COLOURS["延期完成"], label="延期完成"),
               Line2D([], [], marker="x", color=STATE_COLOURS["逾期未完成"], label="逾期未完成"),
               Line2D([], [], ls="", marker="o", color="#bdbdbd", label="已取消 / 未到期"),
               Line2D([], [], ls="", marker="D", mfc="white", mec="#424242", label="复盘点")]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=6, fontsize=9.5, frameon=False)
    ax.set_title(title, fontsize=13, pad=30)
    return ax.figure


def _timeline_rows(status: pd.DataFrame) -> list[tuple[str, Any]]:
    """("goal", header text) and ("action", row) in drawing order: goals by id, reviews last."""
    if status.empty:
        return []
    frame = status.assign(_review=status.get("是否复盘点", False).astype(bool))
    out: list[tuple[str, Any]] = []
    goals = sorted(g for g in frame.loc[~frame["_review"], "目标编号"].unique() if g != "—")
    groups = [(g, frame[(frame["目标编号"] == g) & ~frame["_review"]]) for g in goals]
    groups.append(("—", frame[(frame["目标编号"] == "—") & ~frame["_review"]]))
    groups.append(("复盘点", frame[frame["_review"]]))
    for goal, part in groups:
        if part.empty:
            continue
        text = part["目标"].iloc[0] if "目标" in part and goal not in ("—", "复盘点") else ""
        header = {"—": "未对应目标的行动", "复盘点": "复盘点"}.get(goal, f"{goal}：{shorten(text, 70)}")
        out.append(("goal", header))
        out += [("action", r) for _, r in part.sort_values("计划日期", na_position="last").iterrows()]
    return out


def _draw_action(ax: Axes, row: pd.Series, y: float, stamp: pd.Timestamp) -> None:
    import matplotlib.dates as mdates

    state = row["执行状态"]
    colour = STATE_COLOURS.get(state, "#9e9e9e")
    marker = "D" if bool(row.get("是否复盘点", False)) else "o"
    plan, done = row["计划日期"], row["实际日期"]
    px = mdates.date2num(plan) if pd.notna(plan) else None
    if state in ("按期完成", "延期完成"):
        ax.plot([px, mdates.date2num(done)], [y, y], color=colour, lw=2, zorder=2)
        ax.scatter([px], [y], marker=marker, s=55, facecolor="white", edgecolor="#424242", zorder=3)
        ax.scatter([mdates.date2num(done)], [y], marker=marker, s=55, color=colour, zorder=4)
    elif state == "逾期未完成":
        ax.plot([px, mdates.date2num(stamp)], [y, y], color=colour, lw=3, alpha=0.5, zorder=2)
        ax.scatter([px], [y], marker="x", s=70, color=colour, linewidth=2.2, zorder=4)
        ax.text(mdates.date2num(stamp) + 2, y, f"逾期 {row['偏差（天）']:.0f} 天", va="center", fontsize=9,
                color=colour)
    elif state == "进行中（未超期）":
        ax.plot([px, mdates.date2num(stamp)], [y, y], color=colour, lw=2, zorder=2)
        ax.scatter([px], [y], marker=marker, s=55, facecolor="white", edgecolor=colour, linewidth=1.5, zorder=3)
    elif state == "已取消":
        ax.scatter([px], [y], marker=marker, s=55, color="#bdbdbd", zorder=3)
        ax.text(px + 3, y, "已取消", va="center", fontsize=9, color="#757575")
    elif px is not None:  # 未到期
        ax.scatter([px], [y], marker=marker, s=55, facecolor="white", edgecolor="#9e9e9e", zorder=3)
    owner = row.get("负责人", "")
    ax.text(1.005, y, shorten(owner, 12), transform=ax.get_yaxis_transform(), va="center", fontsize=9,
            color="#424242", parse_math=False)


def plot_smart_missing(letters: pd.DataFrame, n_goals: int, *, title: str | None = None,
                       ax: Axes | None = None) -> Figure:
    """Class view of the action plans: how many goals lack each SMART letter (结果 否).

    Args:
        letters: one row per letter: 要素 (S, M, A, R, T) and 缺少的目标数.
        n_goals: how many goals the class wrote.
        title: the title (default “全班：目标最常缺少的 SMART 要素”).
        ax: axes to draw on.

    Returns:
        The Figure.

    >>> t = pd.DataFrame({"要素": list("SMART"), "缺少的目标数": [2, 3, 0, 0, 4]})
    >>> float(plot_smart_missing(t, 5).axes[0].get_ylim()[1])
    5.0
    """
    ax = axes_or_new(ax, (7.5, 3.8))
    names = {"S": "S 具体", "M": "M 可衡量", "A": "A 可达成", "R": "R 相关", "T": "T 有时限"}
    counts = letters["缺少的目标数"].astype(int).tolist()
    ax.bar([names.get(x, x) for x in letters["要素"]], counts, color="#c62828", width=0.6)
    for k, value in enumerate(counts):
        ax.text(k, value, f"{value}", ha="center", va="bottom", fontsize=10)
    ax.set_ylim(0, float(max(n_goals, 1)))
    ax.set_ylabel(f"缺少这一项的目标数（共 {n_goals} 个目标）")
    ax.set_title(title or "全班：目标最常缺少的 SMART 要素")
    ax.text(1, -0.16, "A 从不自动判“是”，只有不可能的目标判“否”", transform=ax.transAxes, ha="right", fontsize=9,
            color="#616161")
    ax.grid(False)
    ax.figure.tight_layout()
    return ax.figure
