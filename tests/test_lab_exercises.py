"""One exercise notebook per lecture in the course's JupyterLab, in a real browser (see test_lab_lectures.py).

The exercises are committed blank: Run All must still finish without an error or a stderr
box (each check says 未作答 instead), with the Chinese interface and font.
"""

from __future__ import annotations

import pytest
from labdriver import ROOT, check_notebook, start_lab

EXERCISES = sorted((ROOT / "exercises").glob("L[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def lab(tmp_path_factory, browser):
    with start_lab(tmp_path_factory) as server:
        yield server


def test_there_is_an_exercise_notebook_per_lecture():
    lectures = sorted(p.name[:2] for p in (ROOT / "notebooks").glob("0[1-9]_*.ipynb"))
    assert sorted(p.name[1:3] for p in EXERCISES) == lectures


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("notebook", EXERCISES, ids=lambda p: p.stem)
def test_exercise_runs_all_in_jupyterlab(browser, lab, notebook):
    check_notebook(browser, lab, notebook)
