"""Every worksheet notebook in the course's JupyterLab, in a real browser (see test_lab_lectures.py)."""

from __future__ import annotations

import pytest
from labdriver import ROOT, check_notebook, start_lab

WORKSHEETS = sorted((ROOT / "notebooks" / "worksheets").glob("*.ipynb"))


@pytest.fixture(scope="module")
def lab(tmp_path_factory, browser):
    with start_lab(tmp_path_factory) as server:
        yield server


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("notebook", WORKSHEETS, ids=lambda p: p.stem)
def test_worksheet_runs_all_in_jupyterlab(browser, lab, notebook):
    result = check_notebook(browser, lab, notebook)
    assert result["widgets"] >= 1, "a worksheet notebook shows its worksheet widget"
