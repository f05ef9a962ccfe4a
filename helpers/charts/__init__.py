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
from .diagnosis import plot_cleaning, plot_steps
from .interviews import plot_codes, plot_codes_by_level, plot_interviewees
from .regions import (plot_benchmark, plot_radar, plot_region_profile, plot_scorecard, plot_share_growth,
                      plot_weighted_totals)
from .rfm import plot_rf_grid, plot_score_distribution, plot_segment_summary
from .segmentation import SegmentChart, plot_segments
from .survey import plot_boxes, plot_crosstab, plot_likert, plot_missing, plot_nps, plot_response_rate
from .tables import show
from .trends import (plot_customer_flow, plot_monthly_trend, plot_product_line_trend, plot_region_years,
                     plot_say_do)

# lecture 3 charts: add the import here
from .account_plan import plot_interaction_lines, plot_plan_timeline
from .decision_chain import plot_chain_health, plot_coverage_matrix, plot_influence_grid, plot_org_chain
# lecture 4 charts: add the import here
from .penetration import (
    plot_dark_horses,
    plot_general_overview,
    plot_lead_kpis,
    plot_penetration_effect,
    plot_related_candidates,
    plot_routine_compliance,
    plot_visits_vs_results,
    plot_wallet_breadth,
)
from .pipeline import (
    plot_ageing,
    plot_funnel,
    plot_lost_reasons,
    plot_stage_durations,
    plot_stalled,
    plot_win_rates,
)
# lecture 5 charts: add the import here
from .cohorts import plot_cohort_heatmap, plot_magic_number, plot_next_purchase, plot_retention_curves
from .experiments import plot_ab, plot_compare_groups, plot_sample_size, plot_target_attainment
from .funnel import plot_event_funnel
from .lifecycle import (plot_churn_flow, plot_early_warning, plot_lifecycle_by_quarter, plot_stage_counts,
                        plot_transitions)
from .products import plot_ansoff, plot_bcg, plot_product_lines
from .service import plot_touchpoint_grid
from .userops import plot_channel_retention
# lecture 6 charts: add the import here
from .my_action_plan import plot_action_timeline
from .organisation import plot_control_dashboard, plot_workload
from .talent import plot_manager_scores, plot_rank_ranges

__all__ = [name for name in dir() if name.startswith("plot_")] + ["SegmentChart", "chart_style", "png_bytes", "show"]
