"""Course: running the course around the notebooks.

* :mod:`~helpers.course.exercises` -- ``check()`` and ``progress()`` for trainees;
* :mod:`~helpers.course.grading` -- building exercises from masters, grading a class;
* :mod:`~helpers.course.nav` -- previous / next links in every notebook;
* :mod:`~helpers.course.present` -- Voilà apps (``jupyter/`` holds the course template);
* :mod:`~helpers.course.doctor` -- the environment report on the course map;
* :mod:`~helpers.course.cli` -- the sub-commands of ``course.py``.
"""
