"""Helpers for the course 用户经营步骤 (steps of customer operations).

Importing this package is cheap and changes no global setting: pandas, matplotlib and
ipywidgets are imported only when a function that needs them is first used. Call
:func:`helpers.setup` once at the top of a notebook to turn on Chinese charts and
friendly error messages.

>>> import helpers
>>> sorted(helpers.__all__)[:3]
['DataError', 'WorksheetError', 'friendly_message']
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
    "require_columns": "tables",
    # rfm.py -- RFM summary and scoring
    "rfm_summary": "rfm",
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
