"""Collecting the class's work from the trainees' folders of the classroom server.

* :func:`collect_exercises` copies each trainee's exercise notebook of one lecture
  (``homes/<name>/exercises/L01_练习.ipynb``) to ``提交/L01/<name>_L01.ipynb``; the grading
  (:func:`helpers.course.grading.grade_folder`) then runs on that folder.
* :func:`collect_worksheets` copies each trainee's worksheet files
  (``homes/<name>/用户经营步骤_我的成果/*.json``) to ``提交/worksheets/<name>/``, the folder
  :func:`helpers.class_view` reads.

The trainees' folders are written by code the trainees run, so a file is copied only when it
is a regular file (not a link to somewhere else) and not larger than grading accepts; every
file left out is reported with the reason. Copies are refreshed at each collection.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..worksheets.storage import list_worksheets
from .classroom import WORK_FOLDER, ClassroomSettings, trainee_homes

#: The largest file collected (the grading refuses larger ones too).
MAX_BYTES = 20_000_000


@dataclass
class Collected:
    """What a collection found: copied files by trainee, and who was left out and why."""

    folder: Path
    copied: dict[str, list[Path]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    untouched: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)

    @property
    def n_files(self) -> int:
        return sum(len(v) for v in self.copied.values())


def lecture_code(text: str) -> str:
    """``"1"``, ``"01"``, ``"l1"`` or ``"L01"`` -> ``"L01"``.

    Args:
        text: what the instructor typed.

    Returns:
        The lecture id used in exercise file names.

    >>> [lecture_code(t) for t in ("1", "01", "l1", "L01")]
    ['L01', 'L01', 'L01', 'L01']
    >>> lecture_code("x")
    Traceback (most recent call last):
    ...
    ValueError: 讲次应写成 L01 或 1 / a lecture is written L01 or 1: 'x'
    """
    match = re.fullmatch(r"[Ll]?0*(\d{1,2})", text.strip())
    if not match:
        raise ValueError(f"讲次应写成 L01 或 1 / a lecture is written L01 or 1: {text!r}")
    return f"L{int(match.group(1)):02d}"


def safe_copy(src: Path, dst: Path, max_bytes: int = MAX_BYTES) -> str:
    """Copy one file from a trainee's folder, refusing links, special files and huge files.

    Args:
        src: the trainee's file.
        dst: where the copy goes (replaced atomically).
        max_bytes: the largest file copied.

    Returns:
        ``""`` when copied, else the reason in Chinese.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); _ = (d / "a.ipynb").write_text("{}")
    >>> os.symlink(d / "a.ipynb", d / "link.ipynb")
    >>> safe_copy(d / "a.ipynb", d / "out" / "b.ipynb"), safe_copy(d / "link.ipynb", d / "c.ipynb")
    ('', '是一个链接，没有收取')
    """
    try:
        info = os.lstat(src)
    except OSError:
        return "文件不存在"
    if stat.S_ISLNK(info.st_mode):
        return "是一个链接，没有收取"
    if not stat.S_ISREG(info.st_mode):
        return "不是普通文件，没有收取"
    if info.st_size > max_bytes:
        return f"文件太大（{info.st_size / 1e6:.0f} MB），没有收取"
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(src, flags)
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        return "文件太大，没有收取"
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.partial")
    tmp.write_bytes(data)
    os.replace(tmp, dst)
    return ""


def collect_exercises(settings: ClassroomSettings, lecture: str, dest: Path | None = None) -> Collected:
    """Copy every trainee's exercise notebook of ``lecture`` into one folder, named by user.

    Args:
        settings: the classroom settings (where the trainees' folders are).
        lecture: e.g. ``"L01"`` or ``"1"``.
        dest: the submissions folder (default: ``<state>/提交/L01``).

    Returns:
        A :class:`Collected`; ``untouched`` lists trainees whose notebook is still the one handed out.

    >>> import tempfile
    >>> s = ClassroomSettings(state=Path(tempfile.mkdtemp()))
    >>> (s.homes / "stu01" / "exercises").mkdir(parents=True)
    >>> _ = (s.homes / "stu01" / "exercises" / "L01_练习.ipynb").write_text("{}", encoding="utf-8")
    >>> (s.homes / "stu02").mkdir()
    >>> got = collect_exercises(s, "1")
    >>> sorted(p.name for p in got.folder.iterdir()), got.missing
    (['stu01_L01.ipynb'], ['stu02'])
    """
    code = lecture_code(lecture)
    dest = Path(dest or settings.submissions / code)
    dest.mkdir(parents=True, exist_ok=True)
    out = Collected(dest)
    handed_out = sorted((settings.root / "exercises").glob(f"{code}_*.ipynb"))
    original = handed_out[0].read_bytes() if handed_out else None
    for name, home in trainee_homes(settings).items():
        folder = home / "exercises"
        found = sorted(folder.glob(f"{code}_*.ipynb")) if folder.is_dir() and not folder.is_symlink() else []
        if not found:
            out.missing.append(name)
            continue
        target = dest / f"{name}_{code}.ipynb"
        reason = safe_copy(found[0], target)
        if reason:
            out.refused[name] = reason
            continue
        out.copied[name] = [target]
        if original is not None and target.read_bytes() == original:
            out.untouched.append(name)
    return out


def collect_worksheets(settings: ClassroomSettings, dest: Path | None = None) -> Collected:
    """Copy every trainee's worksheet files into ``<dest>/<name>/`` for :func:`helpers.class_view`.

    Args:
        settings: the classroom settings.
        dest: the folder (default: ``<state>/提交/worksheets``); each trainee's sub-folder is
            replaced, so a worksheet a trainee deleted disappears from the class view too.

    Returns:
        A :class:`Collected`; ``missing`` lists trainees without any worksheet file.

    >>> import tempfile
    >>> s = ClassroomSettings(state=Path(tempfile.mkdtemp()))
    >>> (s.homes / "stu01" / WORK_FOLDER).mkdir(parents=True)
    >>> _ = (s.homes / "stu01" / WORK_FOLDER / "swot.json").write_text("{}", encoding="utf-8")
    >>> got = collect_worksheets(s)
    >>> [p.relative_to(got.folder).as_posix() for p in got.copied["stu01"]]
    ['stu01/swot.json']
    """
    dest = Path(dest or settings.submissions / "worksheets")
    dest.mkdir(parents=True, exist_ok=True)
    out = Collected(dest)
    for name, home in trainee_homes(settings).items():
        mine = dest / name
        if mine.is_dir() and not mine.is_symlink():
            shutil.rmtree(mine)
        files = [] if (home / WORK_FOLDER).is_symlink() else list_worksheets(home / WORK_FOLDER)
        if not files:
            out.missing.append(name)
            continue
        for src in files:
            reason = safe_copy(src, mine / src.name)
            if reason:
                out.refused[f"{name}/{src.name}"] = reason
            else:
                out.copied.setdefault(name, []).append(mine / src.name)
    return out
