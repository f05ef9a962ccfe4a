"""Course: running the course around the notebooks.

* :mod:`~helpers.course.exercises`, :mod:`~helpers.course.slips` -- ``check()``, ``progress()``
  and the Chinese hints for typical slips (``helpers.start_exercises()``);
* :mod:`~helpers.course.grading` (+ ``grade_run``, ``answers``, ``grade_report``) -- building
  exercises from masters, grading a class with scores decided outside the trainees' kernels;
* :mod:`~helpers.course.nav`, :mod:`~helpers.course.build` -- previous / next links; notebooks
  built from their text sources in ``notebooks_src/``;
* :mod:`~helpers.course.lab` -- JupyterLab as the course opens it (web font, loopback);
* :mod:`~helpers.course.present` -- Voilà apps (``jupyter/`` holds the course template);
* :mod:`~helpers.course.classroom` (+ ``classroom_*``, ``hub_client``) -- the classroom server;
* :mod:`~helpers.course.doctor` -- the environment report on the course map;
* :mod:`~helpers.course.cli` -- the sub-commands of ``course.py``.
"""
