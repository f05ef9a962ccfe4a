"""Helpers for the course 用户经营步骤 (steps of customer operations).

Importing this package is cheap and changes no global setting: pandas, matplotlib and
ipywidgets are imported only when a function that needs them is first used. Call
:func:`helpers.setup` once at the top of a notebook to turn on Chinese charts and
friendly error messages.

>>> import helpers
>>> {"DataError", "load_case", "read_table", "setup"} <= set(helpers.__all__)
True
"""

from __future__ import annotations

import importlib
from typing import Any

# public name -> module inside this package that defines it (loaded on first use).
# Each section belongs to one module; keep the sections sorted by module.
_EXPORTS: dict[str, str] = {
    # doctor.py -- environment check for the course map
    "environment_report": "doctor",
    # errors.py -- bilingual errors
    "DataError": "errors",
    "WorksheetError": "errors",
    "friendly_message": "errors",
    # paths.py -- project and working folders
    "work_dir": "paths",
    # style.py -- Chinese fonts, seaborn theme, error display
    "setup": "style",
    "set_theme": "style",
    # cases.py -- the fictional case company and the real CDNOW data
    "list_cases": "cases",
    "load_case": "cases",
    "load_cdnow": "cases",
    "column_labels": "cases",
    # tables.py -- reading and validating users' own files
    "read_table": "tables",
    "COLUMN_SYNONYMS": "tables",
    "require_columns": "tables",
    # rfm.py -- RFM summary and scoring
    "rfm_summary": "rfm",
    "rfm_table": "rfm",
    "rfm_scores": "rfm",
    "rfm8_segments": "rfm",
    "named_segments": "rfm",
    # customers.py -- Pareto/ABC, value x potential, classes, key accounts, monitoring (lecture 2)
    "account_metrics": "customers",
    "pareto_sentence": "customers",
    "classify_customers": "customers",
    "key_account_scores": "customers",
    "account_monitor": "customers",
    # segments.py -- the segmentation widget and its logic (lecture 2)
    "segment_widget": "segments",
    # worksheets.py -- worksheet model and safe storage
    "open_worksheet": "worksheets",
    "load_worksheet": "worksheets",
    "save_worksheet": "worksheets",
    "list_worksheets": "worksheets",
    # swot.py / five_forces.py -- the two worksheets (model, picture, widget)
    "swot_worksheet": "swot",
    "five_forces_worksheet": "five_forces",
    # export.py -- Markdown / HTML / PNG / Excel / CSV exports, 我的课程成果 report
    "export_worksheet": "export",
    "export_report": "export",
    # classview.py -- instructor's aggregation of a class's worksheet files
    "class_view": "classview",
    # survey.py -- questionnaire analysis (lecture 1)
    "response_rate": "survey",
    "box_scores": "survey",
    "nps": "survey",
    "nps_table": "survey",
    # diagnosis.py -- trends, say vs do, two-step methods (lecture 1)
    "customer_flow": "diagnosis",
    "clean_records": "diagnosis",
    # regions.py -- regional diagnosis and benchmarking (lecture 1)
    "regional_scorecard": "regions",
    "benchmark_scores": "regions",
    # interviews.py -- coding interview notes (lecture 1)
    "code_notes": "interviews",
    "summarise_codes": "interviews",
    # exercises.py -- instant feedback
    "check": "exercises",
    "progress": "exercises",
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
