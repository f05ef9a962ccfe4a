"""Test set-up shared by the doctests in helpers/ and the tests in tests/.

The ``>>>`` examples of the chart functions draw real figures; they draw them with the course's
Chinese font, as a notebook does after ``helpers.setup()`` (and with the settings restored after
each example), so that no "Glyph missing" warning hides a real problem.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _chinese_font_for_doctests(request):
    if request.node.__class__.__name__ != "DoctestItem" or ".charts." not in request.node.name:
        yield
        return
    import matplotlib

    from helpers.style import setup

    with matplotlib.rc_context():
        setup(theme=None)
        yield
