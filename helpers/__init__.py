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
    # --- analysis: lecture 4 ----------------------------------------------------------
    # --- analysis: lecture 5 ----------------------------------------------------------
    # --- analysis: lecture 6 ----------------------------------------------------------
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
    "export_worksheet": "worksheets.export",
    "export_report": "worksheets.export",
    "class_view": "worksheets.classview",
    # --- course -----------------------------------------------------------------------
    "environment_report": "course.doctor",
    "check": "course.exercises",
    "progress": "course.exercises",
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
