"""Chart of an event funnel (lecture 5): horizontal bars from 0, each with its count and step conversion."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .base import axes_or_new

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


def plot_event_funnel(funnel: pd.DataFrame, title: str = "行为漏斗", note: str | None = None,
                      ax: Axes | None = None) -> Axes:
    """Horizontal bars of :func:`helpers.analysis.funnel.event_funnel`: 人数（上一步转化率）.

    The step with the lowest conversion from the previous step is drawn in red.

    Args:
        funnel: output of ``event_funnel`` or ``member_funnel``.
        title: chart title (state the finding, e.g. with ``funnel_title``); a long title is
            broken into two lines at its first "：".
        note: a line under the chart (population and window); default ``人群：`` and the
            funnel's ``attrs["人群"]`` when it has one.
        ax: axes to draw on.

    Returns:
        The axes.
    """
    ax = axes_or_new(ax, (8.5, 0.6 * len(funnel) + 1.6))
    y = np.arange(len(funnel))
    n = funnel["人数"].to_numpy(dtype=float)
    rates = funnel["上一步转化率"].to_numpy(dtype=float)
    worst = int(np.nanargmin(rates)) if np.isfinite(rates).any() else -1
    colours = ["#C44E52" if i == worst else "#4C72B0" for i in range(len(funnel))]
    ax.barh(y, n, color=colours, height=0.62)
    top = float(n.max()) or 1.0
    for yi, count, rate, overall in zip(y, n, rates, funnel["总体转化率"]):
        text = f"{int(count):,}" if np.isnan(rate) else f"{int(count):,}（上一步的 {rate:.0%}；总体 {overall:.0%}）"
        ax.text(count + top * 0.01, yi, text, va="center", fontsize=10)
    ax.set_yticks(y, funnel["步骤"].tolist())
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.55)
    ax.set_xlabel("到达这一步的人数（人）")
    ax.grid(axis="y", visible=False)
    if len(title) > 40:
        cut = title.find("：")
        title = title if cut < 0 else title[: cut + 1] + "\n" + title[cut + 1:]
    ax.set_title(title)
    if note is None and funnel.attrs.get("人群"):
        note = f"人群：{funnel.attrs['人群']}"
    if note:
        ax.text(0, -0.2, note, transform=ax.transAxes, fontsize=9, color="#555555", va="top")
    return ax
