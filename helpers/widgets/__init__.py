"""Widgets: thin ipywidgets layers over :mod:`helpers.analysis` and :mod:`helpers.charts`.

A widget only wires controls to pure functions and shows their results; it holds no
business logic of its own. :mod:`~helpers.widgets.common` has what every widget shares
(escaping user text, CSS classes, problem boxes).
"""
