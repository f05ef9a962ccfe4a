"""Charts: every chart a lecture shows, as one function call.

Each ``plot_*`` function takes a tidy table (usually the output of a function in
:mod:`helpers.analysis`) and returns the matplotlib Axes or Figure it drew, with a Chinese
title and labelled axes, so that a notebook cell is one line::

    from helpers import charts
    charts.plot_pareto(客户指标["销售额_万元"], title="…")

The functions live in one module per topic (``charts/rfm.py`` beside ``analysis/rfm.py``);
this package collects them so that notebooks need one import. ``charts.base`` holds what
they share (the Chinese chart style, PNG rendering). Importing this package imports
matplotlib; ``import helpers`` alone does not.
"""

from __future__ import annotations

from .base import chart_style, png_bytes
from .customers import plot_account_trends, plot_needs, plot_pareto, plot_value_potential
from .diagnosis import plot_steps
from .interviews import plot_codes
from .regions import plot_radar, plot_scorecard, plot_share_growth
from .rfm import plot_rf_grid, plot_score_distribution, plot_segment_summary
from .segmentation import SegmentChart, plot_segments
from .survey import plot_likert
from .tables import show

# lecture 3 charts: add the import here
# lecture 4 charts: add the import here
# lecture 5 charts: add the import here
# lecture 6 charts: add the import here

__all__ = [name for name in dir() if name.startswith("plot_")] + ["SegmentChart", "chart_style", "png_bytes", "show"]
