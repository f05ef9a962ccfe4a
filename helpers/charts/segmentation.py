"""The segmentation widget's chart: a vector (SVG) picture rebuilt in a few milliseconds.

The widget redraws on every slider move, so its chart is not a matplotlib PNG (a PNG costs
hundreds of milliseconds to render and is blurry when a projector stretches it). It is an
SVG drawn by the browser: sharp at any size and screen density, and cheap to rebuild
because everything that does not depend on the sliders (axes, ticks, the positions of the
sampled points) is laid out once. :func:`plot_segments` draws the same picture with
matplotlib, for notebooks and exports.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..analysis.segmentation import SegmentData, SegmentResult

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure


# one colour per segment position (8 classes at most)
_COLOURS = ("#C44E52", "#DD8452", "#4C72B0", "#8172B3", "#55A868", "#CCB974", "#64B5CD", "#8C8C8C")
_CUSTOMERS, _REVENUE = "#8C8C8C", "#C44E52"

# layout of the SVG, in viewBox units (the picture scales to the width it is given)
_W, _H = 760, 330
_BARS = (150, 330)      # x range of the bar panel
_SCATTER = (450, 740)   # x range of the scatter panel
_TOP, _BOTTOM = 58, 282  # y range of both panels
_FONT = "font-family:'Course Sans SC','Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif"


def _nice_step(span: float, ticks: int = 4) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) that cuts ``span`` into about ``ticks`` parts.

    >>> _nice_step(730), _nice_step(0.62)
    (200.0, 0.2)
    """
    raw = max(span, 1e-12) / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power * 1.0001:
            return float(factor * power)
    return float(10 * power)  # pragma: no cover


def _money(value: float) -> str:
    """A tick label for an amount: 100, 1,000, 1万, 10万."""
    if value >= 10_000:
        return f"{value / 10_000:g}万"
    return f"{value:,.0f}"


def _text(x: float, y: float, text: str, size: int = 13, anchor: str = "start", fill: str = "#333",
          weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
            f'font-weight="{weight}">{html.escape(text)}</text>')


class SegmentChart:
    """The widget's two-panel chart, laid out once and rebuilt as SVG on every update.

    Left: each segment's share of customers (grey) and of revenue (red), the segment names
    in their scatter colours. Right: a fixed sample of customers (days since the last
    purchase against total amount, log scale) coloured by segment.

    Args:
        data: from :func:`helpers.analysis.segmentation.prepare_segments`.
        names: the segment names (from a :class:`SegmentResult`).
        title: the chart title.

    >>> import pandas as pd
    >>> from helpers.analysis.segmentation import prepare_segments, segment_update, SegmentParams
    >>> t = pd.DataFrame({"recency_days": [3, 50, 400], "purchases": [5, 1, 2], "monetary": [900.0, 60.0, 300.0]})
    >>> d = prepare_segments(t)
    >>> r = segment_update(d, SegmentParams(r_days=30, f_min=2, m_min=200))
    >>> svg = SegmentChart(d, r.names).draw(r).svg()
    >>> svg.startswith("<svg") and "重要价值客户" in svg and svg.count("<circle") == 3
    True
    """

    def __init__(self, data: SegmentData, names: Sequence[str], title: str = "客户分群结果") -> None:
        self.data, self.names, self.title = data, tuple(names), title
        self._result: SegmentResult | None = None
        sample = data.sample
        # scatter: x = days since the last purchase (linear), y = amount (log)
        days = data.recency_days[sample].astype(float)
        money = np.maximum(data.monetary[sample].astype(float), 1.0)
        x_max = max(float(data.recency_days.max()), 1.0)
        step = _nice_step(x_max)
        x_top = math.ceil(x_max / step) * step
        lo = math.floor(math.log10(max(float(np.maximum(data.monetary, 1.0).min()), 1.0)))
        hi = math.ceil(math.log10(max(float(data.monetary.max()), 10.0)))
        hi = max(hi, lo + 1)
        x0, x1 = _SCATTER

        def sx(v: np.ndarray | float) -> np.ndarray | float:
            return x0 + (np.asarray(v) / x_top) * (x1 - x0)

        def sy(v: np.ndarray | float) -> np.ndarray | float:
            return _BOTTOM - (np.log10(v) - lo) / (hi - lo) * (_BOTTOM - _TOP)

        px, py = sx(days), sy(money)
        self._points = np.array([f'<circle cx="{a:.1f}" cy="{b:.1f}" r="2.6"/>' for a, b in zip(px, py)],
                                dtype=object)
        parts = [f'<rect x="{x0}" y="{_TOP}" width="{x1 - x0}" height="{_BOTTOM - _TOP}" fill="#fafafa" '
                 f'stroke="#bbb"/>']
        for k in range(int(x_top / step) + 1):
            v = k * step
            parts.append(f'<line x1="{sx(v):.1f}" y1="{_BOTTOM}" x2="{sx(v):.1f}" y2="{_BOTTOM + 4}" stroke="#888"/>')
            parts.append(_text(float(sx(v)), _BOTTOM + 18, f"{v:,.0f}", 12, "middle"))
        for e in range(lo, hi + 1):
            y = float(sy(10.0 ** e))
            parts.append(f'<line x1="{x0 - 4}" y1="{y:.1f}" x2="{x0}" y2="{y:.1f}" stroke="#888"/>')
            parts.append(_text(x0 - 7, y + 4, _money(10.0 ** e), 12, "end"))
        parts.append(_text((x0 + x1) / 2, _BOTTOM + 38, "最近一次购买距今（天）", 13, "middle"))
        parts.append(f'<text transform="translate({x0 - 52},{(_TOP + _BOTTOM) / 2}) rotate(-90)" font-size="13" '
                     f'text-anchor="middle" fill="#333">累计金额（对数刻度）</text>')
        parts.append(_text((x0 + x1) / 2, _TOP - 10, f"客户散点（抽样 {len(sample):,} 位）", 14, "middle"))
        # bar panel: names in their colours, the frame and the legend
        k = len(self.names)
        self._band = (_BOTTOM - _TOP) / max(k, 1)
        b0 = _BARS[0]
        for i, name in enumerate(self.names):
            y = _TOP + (i + 0.5) * self._band
            colour = _COLOURS[i % len(_COLOURS)]
            parts.append(f'<rect x="{b0 - 138}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}"/>')
            parts.append(_text(b0 - 124, y + 5, name, 13))
        parts.append(f'<line x1="{b0}" y1="{_TOP}" x2="{b0}" y2="{_BOTTOM}" stroke="#888"/>')
        parts.append(_text((_BARS[0] + _BARS[1]) / 2, _TOP - 10, "各分群的客户占比与销售额占比", 14, "middle"))
        parts.append(f'<rect x="{b0}" y="{_BOTTOM + 26}" width="10" height="10" fill="{_CUSTOMERS}"/>')
        parts.append(_text(b0 + 14, _BOTTOM + 35, "客户占比", 12))
        parts.append(f'<rect x="{b0 + 84}" y="{_BOTTOM + 26}" width="10" height="10" fill="{_REVENUE}"/>')
        parts.append(_text(b0 + 98, _BOTTOM + 35, "销售额占比", 12))
        self._static = "".join(parts)

    def draw(self, result: SegmentResult) -> SegmentChart:
        """Show ``result`` (its names must be this chart's names).

        Args:
            result: from :func:`helpers.analysis.segmentation.segment_update`.

        Returns:
            The chart itself, for ``chart.draw(result).svg()``.
        """
        if tuple(result.names) != self.names:
            raise ValueError("the result has other segments than this chart")
        self._result = result
        return self

    def svg(self) -> str:
        """The chart as an SVG document (a string), scaled to the width of its container.

        Returns:
            The SVG markup.
        """
        parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {_H}" width="100%" '
                 f'style="max-width:{_W * 1.4:.0f}px;{_FONT}" role="img" aria-label="{html.escape(self.title)}">',
                 _text(_W / 2, 22, self.title, 16, "middle", weight="bold"), self._static]
        result = self._result
        if result is not None:
            customers = np.asarray(result.summary["客户占比"], float)
            revenue = np.asarray(result.summary["销售额占比"], float)
            top = max(float(customers.max(initial=0)), float(revenue.max(initial=0)), 0.05)
            step = _nice_step(top, 3)
            x_top = min(1.0, math.ceil(top * 1.12 / step) * step)
            b0, b1 = _BARS
            scale = (b1 - b0 - 40) / x_top
            h = self._band * 0.36
            for i, (c, r) in enumerate(zip(customers, revenue)):
                y = _TOP + (i + 0.5) * self._band
                for value, colour, dy in ((c, _CUSTOMERS, -h), (r, _REVENUE, 0.0)):
                    width = max(value * scale, 0.0)
                    parts.append(f'<rect x="{b0}" y="{y + dy:.1f}" width="{width:.1f}" height="{h:.1f}" '
                                 f'fill="{colour}"/>')
                    parts.append(_text(b0 + width + 3, y + dy + h - 2, f"{value:.1%}", 11))
            for k in range(int(round(x_top / step)) + 1):
                v = k * step
                x = b0 + v * scale
                parts.append(f'<line x1="{x:.1f}" y1="{_BOTTOM}" x2="{x:.1f}" y2="{_BOTTOM + 4}" stroke="#888"/>')
                parts.append(_text(x, _BOTTOM + 17, f"{v:.0%}", 12, "middle"))
            codes = result.codes[self.data.sample]
            for i in range(len(self.names)):
                chosen = self._points[codes == i]
                if len(chosen):
                    parts.append(f'<g fill="{_COLOURS[i % len(_COLOURS)]}" fill-opacity="0.7">'
                                 + "".join(chosen) + "</g>")
        parts.append("</svg>")
        return "".join(parts)


def plot_segments(data: SegmentData, result: SegmentResult, title: str = "客户分群结果") -> Figure:
    """The segmentation chart for ``result`` as a matplotlib figure (for notebooks and exports).

    Args:
        data: from :func:`helpers.analysis.segmentation.prepare_segments`.
        result: from :func:`helpers.analysis.segmentation.segment_update`.
        title: the figure title.

    Returns:
        The figure: shares per segment (left) and the sampled customers (right).
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(11, 4.2), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[1, 1.1])
    y = np.arange(len(result.names))
    left.barh(y - 0.2, result.summary["客户占比"], height=0.4, color=_CUSTOMERS, label="客户占比")
    left.barh(y + 0.2, result.summary["销售额占比"], height=0.4, color=_REVENUE, label="销售额占比")
    left.set_yticks(y, list(result.names))
    left.invert_yaxis()
    left.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    left.set_xlabel("占比")
    left.set_title("各分群的客户占比与销售额占比", fontsize=11)
    left.legend(loc="lower right", fontsize=9)
    s = data.sample
    colours = np.array(_COLOURS)[result.codes[s] % len(_COLOURS)]
    right.scatter(data.recency_days[s], np.maximum(data.monetary[s], 1.0), s=8, alpha=0.6, linewidths=0, c=colours)
    right.set_yscale("log")
    right.set_xlabel("最近一次购买距今（天）")
    right.set_ylabel("累计金额（对数刻度）")
    right.set_title(f"客户散点（抽样 {len(s):,} 位）", fontsize=11)
    fig.suptitle(title, fontsize=13)
    return fig
