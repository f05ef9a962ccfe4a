"""Where things are: the project folders and the trainee's own working folder."""

from __future__ import annotations

import os
from pathlib import Path

#: The project root (the folder holding ``course.py``), when installed in editable mode.
ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
NOTEBOOKS_DIR = ROOT / "notebooks"

#: Environment variable that overrides the trainee's working folder (tests set it).
WORK_DIR_ENV = "COURSE_WORK_DIR"


def work_dir(create: bool = True) -> Path:
    """The folder where a trainee's worksheets and exports are saved.

    It is ``~/用户经营步骤_我的成果`` (in the user's home folder, so that it survives a
    new copy of the course), unless the environment variable ``COURSE_WORK_DIR`` names
    another folder.

    Args:
        create: make the folder if it does not exist yet.

    Returns:
        The absolute path of the folder.

    >>> work_dir(create=False).is_absolute()
    True
    """
    override = os.environ.get(WORK_DIR_ENV)
    path = Path(override) if override else Path.home() / "用户经营步骤_我的成果"
    path = path.expanduser().resolve()
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path
