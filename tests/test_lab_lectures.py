"""Every lecture notebook (and the course map) in the course's JupyterLab, in a real browser.

For each notebook: open it, Run All, wait until the kernel is idle, then assert that there is
no error output and no stderr box, every widget renders as a widget and answers one
interaction, Chinese is drawn with a CJK font, the menus are Chinese, no request leaves
127.0.0.1. A screenshot of each notebook is saved under ``test-artifacts/lab/``.
"""

from __future__ import annotations

import pytest
from labdriver import ROOT, check_notebook, start_lab

LECTURES = sorted((ROOT / "notebooks").glob("0[0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def lab(tmp_path_factory, browser):
    with start_lab(tmp_path_factory) as server:
        yield server


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("notebook", LECTURES, ids=lambda p: p.stem)
def test_lecture_runs_all_in_jupyterlab(browser, lab, notebook):
    result = check_notebook(browser, lab, notebook)
    assert result["screenshot"].is_file()
