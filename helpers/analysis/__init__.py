"""Analysis: pure, tested functions per topic. Tables in, tables out.

No matplotlib and no ipywidgets here (import-linter checks it): charts live in
:mod:`helpers.charts`, widgets in :mod:`helpers.widgets`. Trainee-facing tables have
Chinese column names. One module per topic:

* lecture 1 -- ``survey``, ``diagnosis``, ``regions``, ``interviews``;
* lecture 2 -- ``needs``, ``rfm``, ``rfm_segments``, ``accounts``, ``key_accounts``,
  ``segmentation``;
* lectures 3-6 add their topics beside them.
"""
