"""The segmentation widget's chart: built once, redrawn in place on every slider move.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..analysis.segmentation import SegmentData, SegmentResult

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure


# one colour per segment position (8 classes at most)
_COLOURS = ("#C44E52", "#DD8452", "#4C72B0", "#8172B3", "#55A868", "#CCB974", "#64B5CD", "#8C8C8C")



class SegmentChart:
    """The widget's two-panel chart, built once and redrawn in place on every update.

    Left: customer share vs revenue share per segment. Right: a scatter of the fixed sample
    of :func:`prepare_segments` (days since the last purchase against total amount, log
    scale), coloured by segment. Only the bar lengths and the point colours change on an
    update, so a redraw costs one PNG rendering, not a new figure.

    Args:
        data: from :func:`prepare_segments`.
        names: the segment names (from a :class:`SegmentResult`).
        title: figure title.
        dpi: resolution of :meth:`png`.
    """

    def __init__(self, data: SegmentData, names: Sequence[str], title: str = "客户分群结果",
                 dpi: int = 72) -> None:
        from matplotlib.figure import Figure

        self.data, self.names, self.dpi = data, tuple(names), dpi
        fig = Figure(figsize=(11, 4.2), dpi=dpi)
        fig.subplots_adjust(left=0.12, right=0.98, bottom=0.13, top=0.84, wspace=0.32)
        left, right = fig.subplots(1, 2, width_ratios=[1, 1.1])
        y = np.arange(len(self.names))
        zeros = np.zeros(len(self.names))
        self.customer_bars = left.barh(y + 0.2, zeros, height=0.4, color="#8C8C8C", label="客户占比")
        self.revenue_bars = left.barh(y - 0.2, zeros, height=0.4, color="#C44E52", label="销售额占比")
        left.set_yticks(y, list(self.names))
        left.set_ylim(len(self.names) - 0.5, -0.5)
        left.set_xlim(0, 1)
        left.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
        left.set_xlabel("占比")
        left.set_title("各分群的客户占比与销售额占比", fontsize=11)
        left.legend(loc="lower right", fontsize=8)
        s = data.sample
        self.points = right.scatter(data.recency_days[s], np.maximum(data.monetary[s], 0.01), s=8,
                                    alpha=0.6, linewidths=0, color=_COLOURS[0])
        right.set_yscale("log")
        right.set_xlabel("最近一次购买距今（天）")
        right.set_ylabel("累计金额（对数刻度）")
        right.set_title(f"客户散点（抽样 {len(s):,} 位）", fontsize=11)
        for i, name in enumerate(self.names):
            right.scatter([], [], color=_COLOURS[i % len(_COLOURS)], s=20, label=name)
        right.legend(fontsize=7, loc="upper right", ncol=2 if len(self.names) > 4 else 1)
        fig.suptitle(title, fontsize=13)
        self.figure, self.bar_axes, self.scatter_axes = fig, left, right

    def draw(self, result: SegmentResult) -> SegmentChart:
        """Show ``result`` (its names must be this chart's names)."""
        if tuple(result.names) != self.names:
            raise ValueError("the result has other segments than this chart")
        for bar, v in zip(self.customer_bars, result.summary["客户占比"]):
            bar.set_width(v)
        for bar, v in zip(self.revenue_bars, result.summary["销售额占比"]):
            bar.set_width(v)
        top = max(float(result.summary["客户占比"].max()), float(result.summary["销售额占比"].max()), 0.05)
        self.bar_axes.set_xlim(0, min(1.0, top * 1.1))
        self.points.set_facecolor(np.array(_COLOURS)[result.codes[self.data.sample] % len(_COLOURS)])
        return self

    def png(self) -> bytes:
        """The chart as PNG bytes (for an ``ipywidgets.Image``)."""
        import io

        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=self.dpi)
        return buffer.getvalue()



def plot_segments(data: SegmentData, result: SegmentResult, title: str = "客户分群结果") -> Figure:
    """The segmentation chart for ``result`` as a matplotlib figure (see :class:`SegmentChart`).

    Returns:
        The figure (display it, or save it with ``fig.savefig(...)``).
    """
    return SegmentChart(data, result.names, title, dpi=100).draw(result).figure
