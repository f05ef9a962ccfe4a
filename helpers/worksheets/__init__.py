"""Worksheets: what a trainee fills in and takes home.

* :mod:`~helpers.worksheets.model` -- the :class:`Worksheet` base class, validation, JSON;
* :mod:`~helpers.worksheets.storage` -- safe files: atomic save, backup, open, list;
* :mod:`~helpers.worksheets.autosave` -- the debounced autosave;
* :mod:`~helpers.worksheets.shell` -- the widget shell every worksheet shares;
* one module per kind (``swot``, ``five_forces``, ...): model, picture, widget body;
* :mod:`~helpers.worksheets.export` -- Markdown / HTML / PNG / xlsx / CSV, 我的课程成果;
* :mod:`~helpers.worksheets.classview` -- the instructor's view of a class's files.
"""
