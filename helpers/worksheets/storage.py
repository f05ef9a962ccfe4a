"""Safe storage of worksheets: one JSON file each, never half-written, never silently lost.

* :func:`save_worksheet` writes a temporary file, fsyncs it and renames it over the old
  one (:func:`atomic_write`); the previous valid version becomes ``NAME.bak.json``;
* :func:`load_worksheet` raises :class:`~helpers.errors.WorksheetError` for a damaged or
  newer file; :func:`open_worksheet` then starts from the backup and keeps the bad file,
  which the next save copies aside (``NAME.corrupt-…json`` / ``NAME.newer-…json``);
* :func:`worksheet_path`, :func:`list_worksheets`: where the files are (the trainee's
  work folder, :func:`helpers.paths.work_dir`).

See :mod:`helpers.worksheets.model` for the file format.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..data.safe_text import remove_stale_temps, temp_name
from ..errors import WorksheetError
from ..paths import work_dir
from .model import NewerSchemaError, Worksheet, _encode, kind_class, loads

#: How often, and how long, a save waits while Windows holds the file (antivirus, indexer).
REPLACE_ATTEMPTS = 10


REPLACE_MAX_SLEEP = 0.5


BACKUP_SUFFIX = ".bak.json"


_ASIDE = re.compile(r"\.(corrupt|newer)-\d{8}-\d{6}(-\d+)?\.json$")


_WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')


_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}


def safe_name(name: str) -> str:
    """A file name stem that works on Windows, macOS and Linux (Chinese is kept).

    Args:
        name: what the trainee typed.

    Returns:
        The name with characters Windows forbids replaced by ``_``, surrounding spaces
        and dots removed, at most 80 characters; ``""`` when nothing is left.

    >>> safe_name(" 我的店: 2024/华东? ")
    '我的店_ 2024_华东_'
    >>> safe_name("CON"), safe_name("...")
    ('CON_', '')
    """
    name = unicodedata.normalize("NFC", str(name))
    name = _WINDOWS_FORBIDDEN.sub("_", name).strip(" .")[:80].strip(" .")
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name += "_"
    return name


def worksheet_path(kind: str, name: str | None = None, folder: Path | str | None = None) -> Path:
    """The file of worksheet ``name`` of ``kind`` in ``folder`` (default: the work folder).

    The default worksheet of a kind is ``KIND.json`` (``swot.json``); a named one is
    ``KIND-NAME.json`` (``swot-华东区.json``), so that one trainee can keep several.

    Args:
        kind: "swot", "five_forces", ...
        name: the worksheet's name, or ``None`` for the default one.
        folder: the folder; :func:`helpers.paths.work_dir` when ``None``.

    Returns:
        The path (the file may not exist yet).

    >>> worksheet_path("swot", folder="/tmp/x").name
    'swot.json'
    >>> worksheet_path("swot", "华东区", folder="/tmp/x").name
    'swot-华东区.json'
    >>> worksheet_path("swot", "swot-华东区", folder="/tmp/x").name
    'swot-华东区.json'
    """
    kind_class(kind)
    folder = Path(folder) if folder is not None else ensure_folder()
    stem = safe_name(name) if name else ""
    if stem.endswith(".json"):
        stem = stem[:-5]
    if not stem or stem == kind:
        stem = kind
    elif not stem.startswith(kind + "-"):
        stem = f"{kind}-{stem}"
    return folder / f"{stem}.json"


def backup_path(path: Path | str) -> Path:
    """The last good copy of worksheet file ``path``.

    >>> backup_path("/w/swot.json").name
    'swot.bak.json'
    """
    path = Path(path)
    return path.with_name(_stem(path) + BACKUP_SUFFIX)


def _stem(path: Path) -> str:
    """The file name without ``.json`` (``swot.bak.json`` -> ``swot.bak``)."""
    return path.name[:-5] if path.name.endswith(".json") else path.name


def _aside_reason(exc: WorksheetError) -> str:
    """Why an unreadable file is set aside: ``newer`` (schema) or ``corrupt``."""
    return "newer" if isinstance(exc, NewerSchemaError) else "corrupt"


def is_worksheet_file(path: Path | str) -> bool:
    """Whether ``path`` is a worksheet's own file (not a backup, a set-aside or temp file).

    >>> [is_worksheet_file(n) for n in ("swot.json", "swot.bak.json",
    ...  "swot.corrupt-20240101-093000.json", ".swot.json.1.ab.tmp", "a.csv")]
    [True, False, False, False, False]
    """
    name = Path(path).name
    return (name.endswith(".json") and not name.startswith(".") and not name.endswith(BACKUP_SUFFIX)
            and not _ASIDE.search(name))


def list_worksheets(folder: Path | str | None = None, kind: str | None = None) -> list[Path]:
    """The worksheet files in ``folder`` (not recursive), sorted by name.

    Args:
        folder: the folder; the work folder when ``None``.
        kind: only worksheets of this kind. A file that cannot be read is included when
            its name starts with the kind (so that it can still be opened and repaired).

    Returns:
        Paths of the files.

    >>> list_worksheets("/nonexistent/folder")
    []
    """
    try:
        folder = Path(folder) if folder is not None else work_dir()
        if not folder.is_dir():
            return []
        paths = sorted(p for p in folder.glob("*.json") if p.is_file() and is_worksheet_file(p))
    except OSError:  # COURSE_WORK_DIR is a file, or the folder cannot be listed
        return []
    if kind is None:
        return paths
    out = []
    for p in paths:
        try:
            if p.stat().st_size > MAX_FILE_BYTES:
                raise ValueError("too large")
            found = json.loads(p.read_text(encoding="utf-8-sig")).get("kind")
        except Exception:  # noqa: BLE001 - damaged, deeply nested, huge numbers ...: judge by the name
            found = kind if p.stem == kind or p.stem.startswith(kind + "-") else None
        if found == kind:
            out.append(p)
    return out


def _now() -> _dt.datetime:
    return _dt.datetime.now().astimezone().replace(microsecond=0)


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX only; Windows has no directory fsync)."""
    if os.name == "nt":  # pragma: no cover - Windows
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some file systems refuse
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _replace(src: Path, dst: Path, attempts: int = REPLACE_ATTEMPTS) -> None:
    """``os.replace`` retried with short sleeps while the target is held (Windows)."""
    for attempt in range(attempts):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if attempt == attempts - 1:
                raise
            time.sleep(min(0.02 * 2 ** attempt, REPLACE_MAX_SLEEP))


def folder_error(exc: OSError, folder: Path | str, doing_zh: str = "保存", doing_en: str = "save") -> WorksheetError:
    """What is really wrong when the system refuses to write into ``folder``, in words.

    Args:
        exc: the error the system raised.
        folder: the folder (or file) concerned.
        doing_zh: what was being done, in Chinese ("保存", "导出" ...).
        doing_en: the same in English.

    Returns:
        A :class:`WorksheetError` with a fix for that cause.

    >>> import errno
    >>> print(folder_error(OSError(errno.EROFS, "Read-only file system"), "/w").zh)
    无法保存：文件夹 /w 是只读的（不允许写入）
    """
    import errno

    where = Path(folder)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        zh = f"无法{doing_zh}：文件夹 {where} 是只读的（不允许写入）"
        en = f"cannot {doing_en}: the folder {where} is read-only (writing is not allowed)"
        fix_zh = ("请在文件夹的“属性”里取消“只读”、换一个自己有权限的文件夹，或把环境变量 COURSE_WORK_DIR "
                  "设为一个可写的文件夹")
        fix_en = "clear the folder's read-only setting, use a folder you may write to, or set COURSE_WORK_DIR to one"
    elif exc.errno in (errno.EEXIST, errno.ENOTDIR) or (where.exists() and not where.is_dir()):
        zh = f"无法{doing_zh}：{where} 是一个文件，不是文件夹"
        en = f"cannot {doing_en}: {where} is a file, not a folder"
        fix_zh = "请把环境变量 COURSE_WORK_DIR（或所选的位置）改为一个文件夹，或把这个同名文件改名"
        fix_en = "point COURSE_WORK_DIR (or the chosen location) at a folder, or rename that file"
    elif exc.errno == errno.ENOSPC:
        zh, en = f"无法{doing_zh}：磁盘已满", f"cannot {doing_en}: the disk is full"
        fix_zh, fix_en = "请清理磁盘空间后再试", "free some disk space and try again"
    else:
        zh = f"无法{doing_zh}：{exc.strerror or exc}"
        en = f"cannot {doing_en}: {exc.strerror or exc}"
        fix_zh = "请检查磁盘空间，以及这个文件夹是否可写"
        fix_en = "check the free disk space and that the folder is writable"
    return WorksheetError(zh, en, fix_zh=fix_zh, fix_en=fix_en, source=str(where))


def ensure_folder(folder: Path | str | None = None, doing_zh: str = "保存", doing_en: str = "save") -> Path:
    """``folder`` (default: the work folder) created if needed; a WorksheetError says why it cannot be.

    >>> import tempfile
    >>> ensure_folder(Path(tempfile.mkdtemp()) / "新").is_dir()
    True
    """
    try:
        if folder is None:
            return work_dir()
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    except OSError as exc:
        target = folder if folder is not None else os.environ.get("COURSE_WORK_DIR") or "我的成果"
        raise folder_error(exc, target, doing_zh, doing_en) from None


def atomic_write(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` so that the file is always complete: old or new.

    Writes a temporary file in the same folder, flushes and fsyncs it, renames it over
    ``path`` (retrying while Windows holds the file) and fsyncs the folder. Temporary
    files that earlier, interrupted writes of ``path`` left behind are removed.

    Args:
        path: the file to write.
        data: its new content.

    Raises:
        WorksheetError: the folder is read-only, the file stays locked or the disk refuses;
            ``path`` is unchanged.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.json"
    >>> atomic_write(p, b"{}"); p.read_bytes()
    b'{}'
    """
    path = Path(path)
    tmp = temp_name(path)
    try:
        with open(tmp, "xb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:  # the folder refuses a new file: read-only, missing, full ...
        tmp.unlink(missing_ok=True)
        raise folder_error(exc, path.parent) from None
    try:
        _replace(tmp, path)
    except PermissionError as exc:
        tmp.unlink(missing_ok=True)
        if path.is_dir() or not os.access(path.parent, os.W_OK):  # the folder, not a lock, refuses
            raise folder_error(exc, path.parent) from None
        raise WorksheetError(
            "文件被其他程序占用，暂时无法保存",
            f"the file is held by another program and cannot be saved now ({exc.strerror})",
            fix_zh="请关闭正在打开这个文件的程序（如 Excel、记事本、网盘同步），再点“保存”",
            fix_en="close the program that has the file open (Excel, an editor, a sync tool), then press 保存",
            source=str(path)) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise folder_error(exc, path.parent) from None
    _fsync_dir(path.parent)
    remove_stale_temps(path)


def _remove_stale_temps(path: Path, older_than: float = 600.0) -> None:
    """Delete temp files of ``path`` left by an interrupted save (see :func:`remove_stale_temps`)."""
    remove_stale_temps(path, older_than)


def _aside_path(path: Path, reason: str, when: _dt.datetime) -> Path:
    base = _stem(path)
    candidate = path.with_name(f"{base}.{reason}-{when:%Y%m%d-%H%M%S}.json")
    n = 1
    while candidate.exists():
        candidate = path.with_name(f"{base}.{reason}-{when:%Y%m%d-%H%M%S}-{n}.json")
        n += 1
    return candidate


@dataclass
class SaveResult:
    """What :func:`save_worksheet` did.

    Attributes:
        path: the file written.
        saved_at: when (local time).
        backup: the last good copy written by this save (the previous version), if any.
        set_aside: where an unreadable previous file was copied before being replaced.
        changed_elsewhere: the file on disk was not what this program last read or wrote
            (another window saved it); that version is now the backup.
        written: the bytes now in ``path``.
    """

    path: Path
    saved_at: _dt.datetime
    backup: Path | None = None
    set_aside: Path | None = None
    changed_elsewhere: bool = False
    written: bytes = field(default=b"", repr=False)

    def status(self) -> str:
        """A one-line Chinese status: ``已保存 10:32:05 → path``.

        >>> SaveResult(Path("/w/swot.json"), _dt.datetime(2024, 1, 1, 10, 32, 5)).status()
        '已保存 10:32:05 → /w/swot.json'
        """
        line = f"已保存 {self.saved_at:%H:%M:%S} → {self.path}"
        if self.set_aside is not None:
            line += f"（原来无法读取的文件已另存为 {self.set_aside.name}）"
        if self.changed_elsewhere and self.backup is not None:
            line += f"（文件曾在别处被修改，那个版本保留在 {self.backup.name}）"
        return line


def save_worksheet(ws: Worksheet, path: Path | str, expected: bytes | None = None) -> SaveResult:
    """Save ``ws`` to ``path`` atomically, keeping the previous good version as backup.

    The rule, in order:

    1. ``ws`` is validated first; an invalid worksheet touches no file.
    2. If ``path`` holds a *valid* worksheet of the same kind, that old content becomes
       the backup ``NAME.bak.json`` (written atomically). If it holds anything else
       (damaged, newer schema, another kind), it is copied aside to
       ``NAME.corrupt-…json`` / ``NAME.newer-…json`` and the backup is left alone.
    3. The new content is written atomically over ``path`` (see :func:`atomic_write`).

    ``ws.updated`` (and ``ws.created`` on the first save) are set only when the save
    succeeds.

    Args:
        ws: the worksheet.
        path: its file.
        expected: the bytes this program last read from or wrote to ``path`` (to notice
            that another window changed the file in between), or ``None``.

    Returns:
        A :class:`SaveResult`.

    Raises:
        WorksheetError: ``ws`` is invalid, or the file cannot be written.

    >>> import tempfile, pathlib
    >>> from helpers.worksheets.swot import SwotWorksheet
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "swot.json"
    >>> save_worksheet(SwotWorksheet(title="一"), p).backup is None
    True
    >>> save_worksheet(SwotWorksheet(title="二"), p).backup.name
    'swot.bak.json'
    >>> load_worksheet(backup_path(p)).title, load_worksheet(p).title
    ('一', '二')
    """
    ws.validate()
    path = Path(path)
    ensure_folder(path.parent)
    when = _now()
    data = ws.to_dict()
    data["updated"] = when.isoformat()
    data["created"] = ws.created or data["updated"]
    new_bytes = _encode(data)

    try:
        old_bytes: bytes | None = path.read_bytes()
    except FileNotFoundError:
        old_bytes = None
    except OSError as exc:
        raise WorksheetError(f"无法读取原文件：{exc.strerror or exc}", f"cannot read the existing file: {exc}",
                             source=str(path)) from None

    result = SaveResult(path=path, saved_at=when, written=new_bytes)
    if old_bytes is not None:
        result.changed_elsewhere = expected is not None and old_bytes != expected
        try:
            loads(old_bytes, expected_kind=ws.kind)
        except WorksheetError as exc:
            result.set_aside = _aside_path(path, _aside_reason(exc), when)
            atomic_write(result.set_aside, old_bytes)
        else:
            bak = backup_path(path)
            try:
                same = bak.read_bytes() == old_bytes
            except OSError:
                same = False
            if not same:
                atomic_write(bak, old_bytes)
            result.backup = bak
    atomic_write(path, new_bytes)
    _remove_stale_temps(path)
    ws.updated = data["updated"]
    ws.created = data["created"]
    return result


#: A worksheet file is a few kilobytes; anything above this is not one (and is not read into memory).
MAX_FILE_BYTES = 20_000_000


def _read(path: Path, kind: str | None) -> Worksheet:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise WorksheetError(f"文件太大（超过 {MAX_FILE_BYTES // 1_000_000} MB），不是课程的工作表",
                                 f"the file is too large (over {MAX_FILE_BYTES // 1_000_000} MB) to be a worksheet",
                                 source=str(path))
        raw = path.read_bytes()
    except FileNotFoundError:
        raise WorksheetError("文件不存在", "the file does not exist", source=str(path)) from None
    except OSError as exc:
        raise WorksheetError(f"无法读取文件：{exc.strerror or exc}", f"cannot read the file: {exc}",
                             source=str(path)) from None
    try:
        return loads(raw, expected_kind=kind)
    except WorksheetError as exc:
        raise type(exc)(exc.zh, exc.en, fix_zh=exc.fix_zh, fix_en=exc.fix_en, source=str(path)) from None


def load_worksheet(path: Path | str, kind: str | None = None) -> Worksheet:
    """Load the worksheet saved at ``path``.

    Args:
        path: the worksheet's file.
        kind: if given, a worksheet of another kind is an error.

    Returns:
        The worksheet.

    Raises:
        WorksheetError: the file is missing, damaged, or from a newer version. The message
            names the file and says where the last good copy is (or that there is none),
            and that the damaged file is kept.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "swot.json"
    >>> _ = p.write_text('{"schema_version": 1, "kind": "swot", "content": {"items": 5}}')
    >>> load_worksheet(p)  # doctest: +ELLIPSIS, +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    helpers.errors.WorksheetError: 文件 .../swot.json：SWOT 条目应当是一组象限（S/W/O/T），实际是 int
    怎么办：没有找到完好的备份副本（swot.bak.json）。这个文件不会被删除：下次保存时它会先被另存为
    swot.corrupt-日期-时间.json。
    [EN] file .../swot.json: SWOT items should be a mapping of quadrants (S/W/O/T), got int
    How to fix: no good backup copy (swot.bak.json) was found.
    This file will not be deleted: the next save first copies it to swot.corrupt-DATE-TIME.json.
    """
    path = Path(path)
    try:
        return _read(path, kind)
    except WorksheetError as exc:
        if not path.exists():
            raise
        stem, reason = _stem(path), _aside_reason(exc)
        bak = backup_path(path)
        try:
            _read(bak, kind)
            good = True
        except WorksheetError:
            good = False
        keep_zh = f"这个文件不会被删除：下次保存时它会先被另存为 {stem}.{reason}-日期-时间.json。"
        keep_en = f"This file will not be deleted: the next save first copies it to {stem}.{reason}-DATE-TIME.json."
        if good:
            fix_zh = f"上一次完好的副本在 {bak}，打开工作表时会从它恢复。" + keep_zh
            fix_en = f"The previous good copy is at {bak}; opening the worksheet restores it. " + keep_en
        else:
            fix_zh = f"没有找到完好的备份副本（{bak.name}）。" + keep_zh
            fix_en = f"no good backup copy ({bak.name}) was found. " + keep_en
        if exc.fix_zh:
            fix_zh, fix_en = exc.fix_zh + "。" + fix_zh, exc.fix_en + ". " + fix_en
        raise type(exc)(exc.zh, exc.en, fix_zh=fix_zh, fix_en=fix_en, source=str(path)) from None


@dataclass
class Opened:
    """What :func:`open_worksheet` found.

    Attributes:
        worksheet: the worksheet to edit (loaded, restored from the backup, or new).
        path: its file.
        problem: ``None``, or the bilingual message explaining why the file could not be
            read (then ``worksheet`` comes from ``restored_from`` or is empty).
        restored_from: the backup the worksheet was restored from, if any.
        raw: the bytes read from ``path`` (``None`` if it does not exist).
    """

    worksheet: Worksheet
    path: Path
    problem: str | None = None
    restored_from: Path | None = None
    raw: bytes | None = None


def open_worksheet(kind: str, name: str | None = None, folder: Path | str | None = None) -> Opened:
    """Open a worksheet for editing, never failing and never changing a file.

    A missing file gives a new empty worksheet. A file that cannot be read gives the last
    good copy (or an empty worksheet) plus the message of :func:`load_worksheet`; the
    unreadable file is left untouched.

    Args:
        kind: "swot", "five_forces", ...
        name: the worksheet's name (``None``: the default one, ``KIND.json``).
        folder: the folder (default: the work folder).

    Returns:
        An :class:`Opened`.

    >>> import tempfile
    >>> o = open_worksheet("swot", folder=tempfile.mkdtemp())
    >>> o.path.name, o.problem, o.worksheet.kind
    ('swot.json', None, 'swot')
    """
    cls = kind_class(kind)
    try:
        path = worksheet_path(kind, name, folder)
    except WorksheetError as exc:  # the work folder itself is unusable: say so, start empty
        fallback = Path(folder) if folder is not None else Path(os.environ.get("COURSE_WORK_DIR") or ".")
        return Opened(cls(), fallback / f"{kind}.json", problem=str(exc))
    for target in (path, backup_path(path)):
        remove_stale_temps(target)
    try:
        raw: bytes | None = path.read_bytes()
    except OSError:
        raw = None
    if raw is None and not path.exists():
        return Opened(cls(), path)
    try:
        return Opened(load_worksheet(path, kind), path, raw=raw)
    except WorksheetError as exc:
        problem = str(exc)
    bak = backup_path(path)
    try:
        return Opened(_read(bak, kind), path, problem=problem, restored_from=bak, raw=raw)
    except WorksheetError:
        return Opened(cls(), path, problem=problem, raw=raw)
