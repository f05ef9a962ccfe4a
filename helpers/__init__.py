"""Helpers for the course 用户经营步骤 (steps of customer operations).

Importing this package is cheap and changes no global setting: pandas, matplotlib and
ipywidgets are imported only when a function that needs them is first used. Call
:func:`helpers.setup` once at the top of a notebook to turn on Chinese charts and
friendly error messages.

The package is layered; data flow one way, and imports only point down (checked by
import-linter in the tests, see ``helpers/README.md``)::

    course       exercises, grading, navigation, presenting, the command line
    worksheets   the trainee's worksheets: model, safe storage, kinds, exports, class view
    widgets      thin ipywidgets layers over analysis + charts (the segmentation widget)
    charts       every chart a lecture shows: a tidy table in, a matplotlib figure out
    analysis     pure, tested functions per topic (no matplotlib, no ipywidgets)
    data         the case data and users' own files
    core         errors, paths, style (+ fonts/)

The names below are the public API: ``helpers.load_case``, ``helpers.rfm_summary``, ...
work whatever module they live in.

>>> import helpers
>>> {"DataError", "load_case", "read_table", "setup"} <= set(helpers.__all__)
True
"""

from __future__ import annotations

import importlib
from typing import Any

# public name -> module inside this package that defines it (loaded on first use).
# One section per layer and topic; a new lecture adds its own section.
_EXPORTS: dict[str, str] = {
    # --- core -------------------------------------------------------------------------
    "DataError": "errors",
    "WorksheetError": "errors",
    "friendly_message": "errors",
    "work_dir": "paths",
    "setup": "style",
    "set_theme": "style",
    # --- data: the case data and users' own files --------------------------------------
    "list_cases": "data.cases",
    "load_case": "data.cases",
    "load_cdnow": "data.cases",
    "column_labels": "data.cases",
    "read_table": "data.read",
    "COLUMN_SYNONYMS": "data.columns",
    "require_columns": "data.columns",
    # --- analysis: course-wide definitions (churn, active, ...) -------------------------
    "course_definitions": "analysis.definitions",
    "course_glossary": "analysis.definitions",
    # --- analysis: lecture 1 ----------------------------------------------------------
    "response_rate": "analysis.survey",
    "box_scores": "analysis.survey",
    "nps": "analysis.survey",
    "nps_table": "analysis.survey",
    "customer_flow": "analysis.diagnosis",
    "clean_records": "analysis.diagnosis",
    "regional_scorecard": "analysis.regions",
    "benchmark_scores": "analysis.regions",
    "code_notes": "analysis.interviews",
    "summarise_codes": "analysis.interviews",
    # --- analysis: lecture 2 ----------------------------------------------------------
    "rfm_summary": "analysis.rfm",
    "rfm_table": "analysis.rfm",
    "rfm_scores": "analysis.rfm",
    "rfm8_segments": "analysis.rfm_segments",
    "named_segments": "analysis.rfm_segments",
    "account_metrics": "analysis.accounts",
    "pareto_sentence": "analysis.accounts",
    "classify_customers": "analysis.accounts",
    "key_account_scores": "analysis.key_accounts",
    "account_monitor": "analysis.key_accounts",
    # --- analysis: lecture 3 ----------------------------------------------------------
    "decision_chain": "analysis.decision_chain",
    "chain_table": "analysis.decision_chain",
    "chain_gaps": "analysis.decision_chain",
    "chain_findings": "analysis.decision_chain",
    "our_people": "analysis.multilevel",
    "coverage_matrix": "analysis.multilevel",
    "coverage_summary": "analysis.multilevel",
    "coverage_sentence": "analysis.multilevel",
    "account_chain_summary": "analysis.multilevel",
    "interaction_lines": "analysis.multilevel",
    "interaction_summary": "analysis.multilevel",
    "senior_load": "analysis.multilevel",
    "senior_sentence": "analysis.multilevel",
    "plan_status": "analysis.account_plan",
    "plan_table": "analysis.account_plan",
    "plan_summary": "analysis.account_plan",
    "plan_sentence": "analysis.account_plan",
    "plan_goals": "analysis.account_plan",
    "plan_owners": "analysis.account_plan",
    "featured_account": "analysis.featured",
    "customer_name": "analysis.featured",
    "account_snapshot": "analysis.featured",
    "multilevel_accounts": "analysis.account_plan",
    "listing_sentence": "analysis.account_plan",
    "smart_context": "analysis.featured",
    # --- analysis: lecture 4 ----------------------------------------------------------
    "prepare_pipeline": "analysis.pipeline",
    "prepare_visits": "analysis.pipeline",
    "stage_map": "analysis.pipeline",
    "funnel": "analysis.pipeline",
    "stage_history_to_wide": "analysis.pipeline",
    "headline": "analysis.pipeline",
    "stage_durations": "analysis.pipeline_review",
    "stage_win_rates": "analysis.pipeline_review",
    "stalled_deals": "analysis.pipeline_review",
    "stalled_options": "analysis.pipeline_review",
    "win_rates": "analysis.pipeline_review",
    "lost_reasons": "analysis.pipeline_review",
    "execution_delays": "analysis.pipeline_review",
    "rep_skill_gaps": "analysis.pipeline_review",
    "receivables_ageing": "analysis.receivables",
    "ageing_summary": "analysis.receivables",
    "overdue_alerts": "analysis.receivables",
    "payment_behaviour": "analysis.receivables",
    "general_overview": "analysis.general_accounts",
    "related_candidates": "analysis.general_accounts",
    "dark_horses": "analysis.general_accounts",
    "lead_kpis": "analysis.general_accounts",
    "wallet_and_breadth": "analysis.penetration",
    "next_best_line": "analysis.penetration",
    "next_best_summary": "analysis.penetration",
    "programme_groups": "analysis.penetration",
    "line_profile": "analysis.penetration",
    "next_line_example": "analysis.penetration",
    "penetration_effect": "analysis.penetration",
    "routine_rules": "analysis.routines",
    "routine_compliance": "analysis.routines",
    "visits_vs_results": "analysis.routines",
    "care_summary": "analysis.routines",
    "plot_funnel": "charts.pipeline",
    "plot_stage_durations": "charts.pipeline",
    "plot_stalled": "charts.pipeline",
    "plot_win_rates": "charts.pipeline",
    "plot_lost_reasons": "charts.pipeline",
    "plot_ageing": "charts.pipeline",
    "plot_general_overview": "charts.penetration",
    "plot_related_candidates": "charts.penetration",
    "plot_dark_horses": "charts.penetration",
    "plot_wallet_breadth": "charts.penetration",
    "plot_routine_compliance": "charts.penetration",
    "plot_visits_vs_results": "charts.penetration",
    "plot_lead_kpis": "charts.penetration",
    "plot_penetration_effect": "charts.penetration",
    # --- analysis: lecture 5 ----------------------------------------------------------
    "cohort_retention": "analysis.cohorts",
    "cohort_sizes": "analysis.cohorts",
    "pooled_retention": "analysis.cohorts",
    "cohort_table": "analysis.cohorts",
    "retention_title": "analysis.cohorts",
    "magic_number_test": "analysis.cohorts",
    "claim_verdicts": "analysis.cohorts",
    "magic_title": "analysis.cohorts",
    "next_purchase_curve": "analysis.cohorts",
    "LifecycleRules": "analysis.lifecycle",
    "lifecycle_stages": "analysis.lifecycle",
    "stage_counts": "analysis.lifecycle",
    "stage_counts_by_period": "analysis.lifecycle",
    "churn_flow": "analysis.lifecycle",
    "stage_transitions": "analysis.lifecycle",
    "transition_shares": "analysis.lifecycle",
    "transitions_title": "analysis.lifecycle",
    "churn_return_rate": "analysis.lifecycle",
    "stage_actions": "analysis.lifecycle",
    "churn_check_sentence": "analysis.lifecycle",
    "event_funnel": "analysis.funnel",
    "event_funnel_diagnostics": "analysis.funnel",
    "funnel_title": "analysis.funnel",
    "wilson_interval": "analysis.experiments",
    "compare_proportions": "analysis.experiments",
    "sample_size_two_proportions": "analysis.experiments",
    "min_detectable_effect": "analysis.experiments",
    "srm_check": "analysis.experiments",
    "ab_test_summary": "analysis.experiments",
    "ab_title": "analysis.experiments",
    "srm_sentence": "analysis.experiments",
    "compare_periods": "analysis.compare",
    "compare_groups": "analysis.compare",
    "compare_to_target": "analysis.compare",
    "groups_sentence": "analysis.compare",
    "target_sentence": "analysis.compare",
    "user_dimensions": "analysis.userops",
    "monthly_kpis": "analysis.userops",
    "first_repeat": "analysis.userops",
    "channel_retention": "analysis.userops",
    "retention_levers": "analysis.userops",
    "lever_title": "analysis.userops",
    "churn_early_warning": "analysis.userops",
    "early_warning_check": "analysis.userops",
    "warning_actions": "analysis.userops",
    "channel_crossover": "analysis.userops",
    "warning_title": "analysis.userops",
    "case_swot_items": "analysis.userops",
    "bcg_matrix": "analysis.products",
    "bcg_title": "analysis.products",
    "product_plan": "analysis.products",
    "quadrant_strategies": "analysis.products",
    "ansoff_table": "analysis.products",
    "ansoff_evidence": "analysis.products",
    "four_p_four_c": "analysis.products",
    "sku_review": "analysis.product_lines",
    "product_line_review": "analysis.product_lines",
    "product_lines_title": "analysis.product_lines",
    "service_frameworks": "analysis.service",
    "touchpoint_drivers": "analysis.service",
    "drivers_title": "analysis.service",
    "plot_cohort_heatmap": "charts.cohorts",
    "plot_retention_curves": "charts.cohorts",
    "plot_magic_number": "charts.cohorts",
    "plot_next_purchase": "charts.cohorts",
    "plot_stage_counts": "charts.lifecycle",
    "plot_lifecycle_by_quarter": "charts.lifecycle",
    "plot_churn_flow": "charts.lifecycle",
    "plot_transitions": "charts.lifecycle",
    "plot_early_warning": "charts.lifecycle",
    "plot_event_funnel": "charts.funnel",
    "plot_ab": "charts.experiments",
    "plot_compare_groups": "charts.experiments",
    "plot_target_attainment": "charts.experiments",
    "plot_sample_size": "charts.experiments",
    "plot_channel_retention": "charts.userops",
    "plot_bcg": "charts.products",
    "plot_product_lines": "charts.products",
    "plot_ansoff": "charts.products",
    "plot_touchpoint_grid": "charts.service",
    "lifecycle_widget": "widgets.lifecycle",
    "ab_sample_size_widget": "widgets.experiments",
    "four_p_c_worksheet": "worksheets.four_p_c",
    "ansoff_worksheet": "worksheets.ansoff",
    # --- analysis: lecture 6 ----------------------------------------------------------
    "smart_check": "analysis.smart",
    "smart_missing": "analysis.smart",
    "smart_table": "analysis.smart",
    "smart_rules": "analysis.smart",
    "smart_limits": "analysis.smart",
    "org_types": "analysis.organisation",
    "structure_diagnosis": "analysis.organisation",
    "rep_workload": "analysis.organisation",
    "workload_title": "analysis.organisation",
    "default_visit_assumptions": "analysis.organisation",
    "sales_force_size": "analysis.organisation",
    "tenure_bands": "analysis.organisation",
    "new_generation_practices": "analysis.organisation",
    "sales_force_decisions": "analysis.organisation",
    "marketing_controls": "analysis.marketing_control",
    "control_dashboard": "analysis.marketing_control",
    "manager_criteria": "analysis.talent",
    "manager_candidates": "analysis.talent",
    "manager_scores": "analysis.talent",
    "weight_presets": "analysis.talent_weights",
    "weight_presets_table": "analysis.talent_weights",
    "reweight": "analysis.talent_weights",
    "weight_sensitivity": "analysis.talent_weights",
    "score_blind_spots": "analysis.talent",
    "candidate_card": "analysis.talent",
    "scores_title": "analysis.talent",
    "sensitivity_title": "analysis.talent_weights",
    "manager_weights_widget": "widgets.talent",
    "candidates_sentence": "analysis.talent",
    "score_summary": "analysis.talent",
    "structure_sentence": "analysis.organisation",
    "control_sentences": "analysis.marketing_control",
    "plot_workload": "charts.organisation",
    "plot_control_dashboard": "charts.organisation",
    "plot_manager_scores": "charts.talent",
    "plot_rank_ranges": "charts.talent",
    "plot_action_timeline": "charts.my_action_plan",
    # --- charts and tables as trainees see them ----------------------------------------
    "show": "charts.tables",
    # --- widgets ----------------------------------------------------------------------
    "segment_widget": "widgets.segmentation",
    # --- worksheets -------------------------------------------------------------------
    "open_worksheet": "worksheets.storage",
    "load_worksheet": "worksheets.storage",
    "save_worksheet": "worksheets.storage",
    "list_worksheets": "worksheets.storage",
    "swot_worksheet": "worksheets.swot",
    "five_forces_worksheet": "worksheets.five_forces",
    # worksheets of lectures 3-6 add their *_worksheet function here
    "decision_map_worksheet": "worksheets.decision_map",
    "account_plan_worksheet": "worksheets.account_plan",
    "kiss_worksheet": "worksheets.kiss",
    "kiss_example": "worksheets.kiss",
    "smart_goals_worksheet": "worksheets.smart_goals",
    "my_action_plan_worksheet": "worksheets.my_action_plan",
    "collect_candidates": "worksheets.my_action_plan",
    "export_worksheet": "worksheets.export",
    "export_report": "worksheets.export",
    "class_view": "worksheets.classview",
    # --- course -----------------------------------------------------------------------
    "environment_report": "course.doctor",
    "check": "course.exercises",
    "progress": "course.exercises",
    "start_exercises": "course.exercises",
    "widget_check": "course.doctor",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
