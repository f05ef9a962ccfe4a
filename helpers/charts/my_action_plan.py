"""The 90-day timeline of 我的行动计划 (lecture 6's closing worksheet)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

DEFAULT_COLOURS: dict[str, str] = {"第三讲": "#C44E52", "第四讲": "#DD8452", "第五讲": "#4C72B0",
                                   "第六讲": "#55A868", "自己写": "#8C8C8C"}


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of ``width`` columns (a Chinese character counts 2)."""
    out, current = [], ""
    for ch in " ".join(str(text).split()):
        current += ch
        if sum(2 if ord(c) > 0x2E7F else 1 for c in current) >= width:
            out.append(current)
            current = ""
    if current or not out:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][:-1] + "…"
    return out


def _day(value: str) -> str:
    stamp = pd.Timestamp(value)
    return f"{stamp.month}月{stamp.day}日"


def plot_action_timeline(actions: pd.DataFrame, plan_date: str, title: str = "我的行动计划：未来 90 天",
                         strategy: str = "", days: int = 90, colours: dict[str, str] | None = None) -> Figure:
    """One bar per action from its start to its due date, over the next ``days`` days.

    Bars are coloured by the lecture the action came from, and the lecture is written beside the
    owner (never colour alone); an action due after ``days`` is drawn to the edge with "→", one
    without a due date says so.

    Args:
        actions: columns 行动, 负责人, 来源, 讲次, 开始日期, 完成日期 (dates YYYY-MM-DD or "").
        plan_date: the first day (YYYY-MM-DD).
        title: the figure title.
        strategy: the one-sentence strategy, shown under the title.
        days: the span drawn (30 / 60 / 90 marks).
        colours: 讲次 -> colour.

    Returns:
        A :class:`matplotlib.figure.Figure` not attached to pyplot (safe to draw from a timer thread).

    >>> a = pd.DataFrame({"行动": ["设专人"], "负责人": ["王"], "来源": ["自己写"], "讲次": ["自己写"],
    ...                   "开始日期": ["2026-01-05"], "完成日期": ["2026-06-30"]})
    >>> [t.get_text() for t in plot_action_timeline(a, "2026-01-05").axes[0].texts][:2]
    ['→', '1. 设专人']
    """
    from matplotlib.figure import Figure

    colours = {**DEFAULT_COLOURS, **(colours or {})}
    origin = pd.Timestamp(plan_date)
    n = max(len(actions), 1)
    fig = Figure(figsize=(11, 2.0 + 0.75 * n), dpi=100)
    ax = fig.add_axes((0.30, 0.22 if n > 1 else 0.32, 0.50, 0.58 if n > 1 else 0.42))
    ax.set_xlim(0, days)
    ax.set_ylim(n - 0.4, -0.6)
    for mark in range(30, days + 1, 30):
        ax.axvline(mark, color="#bbbbbb", linewidth=1, linestyle="--")
    ticks = list(range(0, days + 1, 30))
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"计划日期\n{_day(plan_date)}"] + [f"{d} 天\n{_day(origin + pd.Timedelta(days=d))}"
                                                         for d in ticks[1:]], fontsize=9)
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    if actions.empty:
        ax.text(days / 2, 0, "（还没有行动）", ha="center", va="center", color="#777777")
    for i, row in enumerate(actions.itertuples(index=False)):
        colour = colours.get(row.讲次, colours["自己写"])
        start = (pd.Timestamp(row.开始日期) - origin).days if row.开始日期 else 0
        left = min(max(start, 0), days - 1)
        if not row.完成日期:
            ax.text(left + 1, i, "缺完成日期", va="center", fontsize=9, color="#c62828")
        else:
            end = (pd.Timestamp(row.完成日期) - origin).days
            ax.barh(i, min(max(end, left + 1), days) - left, left=left, height=0.5, color=colour, alpha=0.85)
            if end > days:
                ax.text(days - 1, i, "→", va="center", ha="right", fontsize=12, color="white", fontweight="bold")
        ax.text(-0.02, i, "\n".join(_wrap(f"{i + 1}. {row.行动}", 34, 2)), transform=ax.get_yaxis_transform(),
                ha="right", va="center", fontsize=9.5, parse_math=False)
        source = row.来源 + (f"（{row.讲次}）" if row.讲次 != row.来源 and row.讲次 != "自己写" else "")
        ax.text(1.01, i, "\n".join(_wrap(f"{row.负责人 or '缺负责人'}｜{source}", 30, 2)),
                transform=ax.get_yaxis_transform(), ha="left", va="center", fontsize=9, color="#333333",
                parse_math=False)
    fig.suptitle(title, fontsize=15, fontweight="bold", parse_math=False)
    if strategy:
        fig.text(0.5, 0.88 if n > 1 else 0.84, "我的一句话策略：" + _wrap(strategy, 90, 1)[0], ha="center",
                 fontsize=10, color="#444444", parse_math=False)
    return fig
