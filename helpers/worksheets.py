"""Worksheets that trainees keep: the data model and its safe storage.

A worksheet (a SWOT, a five-forces assessment, ...) is a typed data object, separate from
the widget that edits it. Each kind is a dataclass subclass of :class:`Worksheet`
(:class:`helpers.swot.SwotWorksheet`, :class:`helpers.five_forces.FiveForcesWorksheet`)
with a ``kind``, a ``schema_version``, a title, an optional owner (the trainee's name),
two timestamps and its content.

Storage rules (one JSON file per worksheet, in :func:`helpers.paths.work_dir`):

* The file is UTF-8 JSON with readable Chinese (``ensure_ascii=False``, indented).
* **Atomic save.** :func:`save_worksheet` writes a temporary file in the same folder,
  flushes and fsyncs it, then renames it over the old file with :func:`os.replace`
  (retried a few times when Windows holds the file briefly), then fsyncs the folder. A
  crash at any moment leaves either the old or the new complete file, never a mix.
* **Last good copy.** Before a save replaces a file, the old file is read back; only if it
  is a *valid* worksheet of the same kind does it become the backup ``NAME.bak.json``. So
  the backup only ever holds content that loaded cleanly: bad content never reaches it.
* **Bad files are kept.** A corrupted file, or one written by a newer version of the course
  (a higher ``schema_version``), is never overwritten silently. Loading it raises
  :class:`~helpers.errors.WorksheetError` naming the file and the backup;
  :func:`open_worksheet` then starts from the backup (or empty). The bad file stays as it
  is until the trainee saves again; that save first copies it aside to
  ``NAME.corrupt-YYYYmmdd-HHMMSS.json`` (or ``NAME.newer-...json``).

Autosave is a :class:`Debouncer`: a change schedules a save one second later, and every
further change within that second pushes it back.

>>> from helpers.swot import SwotWorksheet
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> ws = SwotWorksheet(title="我的店")
>>> ws.add_item("S", "老客户信任度高")
0
>>> path = worksheet_path("swot", folder=folder)
>>> path.name
'swot.json'
>>> _ = save_worksheet(ws, path)
>>> load_worksheet(path) == ws
True
"""

from __future__ import annotations

import datetime as _dt
import importlib
import json
import os
import re
import secrets
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from .errors import WorksheetError
from .paths import work_dir

#: kind -> module (inside ``helpers``) that defines its Worksheet subclass. Worksheets of
#: later lectures add a line here.
KINDS: dict[str, str] = {
    "swot": "swot",
    "five_forces": "five_forces",
}

#: Longest text accepted in one field (characters), and most items in one list.
MAX_TEXT = 4_000
MAX_ITEMS = 200

#: How often, and how long, a save waits while Windows holds the file (antivirus, indexer).
REPLACE_ATTEMPTS = 10
REPLACE_MAX_SLEEP = 0.5

BACKUP_SUFFIX = ".bak.json"
_ASIDE = re.compile(r"\.(corrupt|newer)-\d{8}-\d{6}(-\d+)?\.json$")
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}


# ---------------------------------------------------------------------------------------
# Document blocks: what a worksheet says, independent of the export format
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Heading:
    """A heading (level 2 = section, 3 = subsection) in an exported worksheet."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of (possibly multi-line) text."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table: a header row and data rows (cells are text, numbers or ``None``)."""

    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


Block = Heading | Paragraph | Table

#: Columns of the flat table a worksheet exports to Excel / CSV (:meth:`Worksheet.rows`).
ROW_HEADER: tuple[str, ...] = ("部分", "序号", "内容", "评分")


# ---------------------------------------------------------------------------------------
# Validation helpers
# ---------------------------------------------------------------------------------------

def check_text(value: Any, what_zh: str, what_en: str, max_len: int = MAX_TEXT) -> str:
    """Check one text field of a worksheet.

    Args:
        value: the value to check.
        what_zh: the field's name in Chinese (used in the message).
        what_en: the field's name in English.
        max_len: the longest text accepted, in characters.

    Returns:
        ``value`` unchanged.

    Raises:
        WorksheetError: it is not text, is too long, or holds characters that cannot be
            saved as UTF-8 (a lone surrogate, e.g. half of a damaged emoji).

    >>> check_text("老客户 😀 <b>", "条目", "item")
    '老客户 😀 <b>'
    >>> check_text(3, "标题", "title")
    Traceback (most recent call last):
    ...
    helpers.errors.WorksheetError: 标题应当是文字，实际是 int
    [EN] title should be text, got int
    """
    if not isinstance(value, str):
        raise WorksheetError(f"{what_zh}应当是文字，实际是 {type(value).__name__}",
                             f"{what_en} should be text, got {type(value).__name__}")
    if len(value) > max_len:
        raise WorksheetError(
            f"{what_zh}太长：{len(value)} 个字，上限 {max_len} 个字",
            f"{what_en} is too long: {len(value)} characters, the limit is {max_len}",
            fix_zh="请把内容分成几条，或删减后再保存", fix_en="split it into several items or shorten it")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise WorksheetError(
            f"{what_zh}第 {exc.start + 1} 个字符无法保存（可能是复制时损坏的表情符号）",
            f"{what_en} has a character that cannot be saved at position {exc.start + 1} "
            "(probably a damaged emoji)",
            fix_zh="请删除这个字符后重新输入", fix_en="delete that character and type it again") from None
    return value


def check_score(value: Any, what_zh: str, what_en: str) -> int | None:
    """Check an optional 1–5 score.

    Args:
        value: ``None`` (no score) or an int from 1 to 5.
        what_zh: the field's name in Chinese.
        what_en: the field's name in English.

    Returns:
        ``value`` unchanged.

    >>> check_score(None, "权重", "weight") is None, check_score(5, "权重", "weight")
    (True, 5)
    >>> check_score(6, "权重", "weight")
    Traceback (most recent call last):
    ...
    helpers.errors.WorksheetError: 权重应当是 1 到 5 的整数（或不填），实际是 6
    [EN] weight should be a whole number from 1 to 5 (or empty), got 6
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise WorksheetError(f"{what_zh}应当是 1 到 5 的整数（或不填），实际是 {value!r}",
                             f"{what_en} should be a whole number from 1 to 5 (or empty), got {value!r}")
    return value


class NewerSchemaError(WorksheetError):
    """A worksheet file written by a newer version of the course tools (higher schema_version)."""


# ---------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------

@dataclass
class Worksheet:
    """Base class of all worksheets: the fields every kind shares.

    Subclasses set the class attributes ``kind``, ``label`` and ``schema_version`` and
    implement :meth:`content_to_dict`, :meth:`content_from_dict`,
    :meth:`validate_content`, :meth:`blocks`, :meth:`rows` and :meth:`figure`.

    Args:
        title: the worksheet's title (free text).
        owner: the trainee's name (optional).
        created: ISO timestamp of the first save ("" until saved).
        updated: ISO timestamp of the last save ("" until saved).
    """

    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""
    schema_version: ClassVar[int] = 1

    title: str = ""
    owner: str = ""
    created: str = ""
    updated: str = ""

    # -- to be provided by each kind --------------------------------------------------
    def content_to_dict(self) -> dict[str, Any]:  # pragma: no cover - abstract
        """The kind-specific content as plain JSON data."""
        raise NotImplementedError

    @classmethod
    def content_from_dict(cls, content: dict[str, Any]) -> dict[str, Any]:  # pragma: no cover
        """Constructor keyword arguments from the JSON ``content`` object (raise WorksheetError)."""
        raise NotImplementedError

    def validate_content(self) -> None:  # pragma: no cover - abstract
        """Check the kind-specific content (raise WorksheetError)."""
        raise NotImplementedError

    def blocks(self) -> list[Block]:  # pragma: no cover - abstract
        """The worksheet as headings, paragraphs and tables, for the exports."""
        raise NotImplementedError

    def rows(self) -> list[tuple[Any, ...]]:  # pragma: no cover - abstract
        """The worksheet as rows of :data:`ROW_HEADER`, for Excel / CSV."""
        raise NotImplementedError

    def figure(self) -> Any:  # pragma: no cover - abstract
        """The worksheet's picture as a matplotlib Figure."""
        raise NotImplementedError

    # -- shared -------------------------------------------------------------------------
    @property
    def display_title(self) -> str:
        """The title, or the kind's Chinese label when the title is empty."""
        return self.title.strip() or self.label

    def meta_blocks(self, *fields: tuple[str, str]) -> list[Block]:
        """The "label：value" line that opens :meth:`blocks`: ``fields``, then 姓名 and 更新时间.

        Args:
            fields: (label, value) pairs shown first; empty values are left out.

        Returns:
            ``[Paragraph]``, or ``[]`` when every value is empty.

        >>> Worksheet(owner="王").meta_blocks(("行业", "配件"), ("地区", ""))
        [Paragraph(text='行业：配件　姓名：王')]
        """
        pairs = (*fields, ("姓名", self.owner), ("更新时间", self.updated))
        parts = [f"{label}：{value}" for label, value in pairs if value]
        return [Paragraph("　".join(parts))] if parts else []

    def meta_rows(self) -> list[tuple[Any, ...]]:
        """The title / owner / updated rows that start :meth:`rows`."""
        return [("标题", None, self.title, None), ("姓名", None, self.owner, None),
                ("更新时间", None, self.updated, None)]

    def validate(self) -> None:
        """Check the whole worksheet; raise :class:`~helpers.errors.WorksheetError` if wrong.

        >>> from helpers.swot import SwotWorksheet
        >>> SwotWorksheet(title="x" * (MAX_TEXT + 1)).validate()
        Traceback (most recent call last):
        ...
        helpers.errors.WorksheetError: 标题太长：4001 个字，上限 4000 个字
        怎么办：请把内容分成几条，或删减后再保存
        [EN] title is too long: 4001 characters, the limit is 4000
        How to fix: split it into several items or shorten it
        """
        check_text(self.title, "标题", "title")
        check_text(self.owner, "姓名", "owner")
        check_text(self.created, "创建时间", "created", max_len=64)
        check_text(self.updated, "更新时间", "updated", max_len=64)
        self.validate_content()

    def to_dict(self) -> dict[str, Any]:
        """The worksheet as the JSON data written to its file.

        >>> from helpers.swot import SwotWorksheet
        >>> d = SwotWorksheet(title="t").to_dict()
        >>> d["schema_version"], d["kind"], sorted(d["content"])
        (1, 'swot', ['items', 'strategies'])
        """
        return {"schema_version": self.schema_version, "kind": self.kind, "title": self.title,
                "owner": self.owner, "created": self.created, "updated": self.updated,
                "content": self.content_to_dict()}

    def copy(self) -> Worksheet:
        """A deep copy (through the JSON data).

        >>> from helpers.swot import SwotWorksheet
        >>> a = SwotWorksheet(title="t"); b = a.copy(); b.title = "u"; a.title
        't'
        """
        return worksheet_from_dict(self.to_dict())


def kind_class(kind: str) -> type[Worksheet]:
    """The :class:`Worksheet` subclass for ``kind`` ("swot", "five_forces", ...).

    >>> kind_class("swot").__name__
    'SwotWorksheet'
    """
    module = KINDS.get(kind) if isinstance(kind, str) else None
    if module is None:
        known = "、".join(KINDS)
        raise WorksheetError(f"未知的工作表类型：{kind!r}（已知：{known}）",
                             f"unknown worksheet kind {kind!r} (known: {', '.join(KINDS)})")
    mod = importlib.import_module(f"{__package__}.{module}")
    for value in vars(mod).values():
        if isinstance(value, type) and issubclass(value, Worksheet) and value.kind == kind:
            return value
    raise LookupError(f"module helpers.{module} defines no worksheet of kind {kind!r}")  # pragma: no cover


def worksheet_from_dict(data: Any) -> Worksheet:
    """Build and validate a worksheet from its JSON data.

    Args:
        data: the parsed JSON of a worksheet file.

    Returns:
        The worksheet.

    Raises:
        WorksheetError: the data is not a worksheet, is of an unknown kind, was written by
            a newer version of the course (``schema_version`` too high), or does not validate.

    >>> worksheet_from_dict({"schema_version": 1, "kind": "swot", "content": {}}).kind
    'swot'
    >>> worksheet_from_dict({"schema_version": 9, "kind": "swot", "content": {}})
    Traceback (most recent call last):
    ...
    helpers.worksheets.NewerSchemaError: 这个文件由更新版本的课程工具保存（格式版本 9，本工具只认识到 1）
    怎么办：请先更新课程文件（重新下载或 git pull），再打开它
    [EN] this file was saved by a newer version of the course tools (schema_version 9, this one knows up to 1)
    How to fix: update the course files first (download again or git pull), then open it
    """
    if not isinstance(data, dict):
        raise WorksheetError("文件内容不是一张工作表（最外层应是 {…}）",
                             "the file is not a worksheet (expected a JSON object at the top)")
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise WorksheetError("文件缺少有效的格式版本号 schema_version，不是课程工作表",
                             "the file has no valid schema_version; it is not a course worksheet")
    cls = kind_class(data.get("kind"))  # type: ignore[arg-type]
    if version > cls.schema_version:
        raise NewerSchemaError(
            f"这个文件由更新版本的课程工具保存（格式版本 {version}，本工具只认识到 {cls.schema_version}）",
            f"this file was saved by a newer version of the course tools (schema_version {version}, "
            f"this one knows up to {cls.schema_version})",
            fix_zh="请先更新课程文件（重新下载或 git pull），再打开它",
            fix_en="update the course files first (download again or git pull), then open it")
    if version < 1:
        raise WorksheetError(f"格式版本号无效：{version}", f"invalid schema_version {version}")
    # Older versions would be migrated here, one step at a time (there is only version 1 yet).
    fields = {}
    for key, zh in (("title", "标题"), ("owner", "姓名"), ("created", "创建时间"), ("updated", "更新时间")):
        fields[key] = check_text(data.get(key, ""), zh, key)
    content = data.get("content", {})
    if not isinstance(content, dict):
        raise WorksheetError(f"工作表内容应当是 {{…}}，实际是 {type(content).__name__}",
                             f"the content should be an object, got {type(content).__name__}")
    ws = cls(**fields, **cls.content_from_dict(content))
    ws.validate()
    return ws


def dumps(ws: Worksheet) -> bytes:
    """The bytes of ``ws``'s file: indented UTF-8 JSON with readable Chinese.

    >>> from helpers.swot import SwotWorksheet
    >>> b'"title": "\\xe6\\x88\\x91"' in dumps(SwotWorksheet(title="我"))
    True
    """
    return _encode(ws.to_dict())


def _encode(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def loads(data: bytes, expected_kind: str | None = None) -> Worksheet:
    """Parse the bytes of a worksheet file (the inverse of :func:`dumps`).

    Args:
        data: the file's bytes.
        expected_kind: if given, a worksheet of another kind is an error.

    Returns:
        The worksheet.

    Raises:
        WorksheetError: the bytes are not UTF-8 JSON of a valid worksheet.

    >>> loads(b'{"schema_version": 1, "kind": "five_forces", "content": {}}').kind
    'five_forces'
    >>> loads(b'{"schema_version": 1, "kind": "swo')
    Traceback (most recent call last):
    ...
    helpers.errors.WorksheetError: 文件内容已损坏，不是完整的 JSON（第 1 行第 31 个字符附近）
    [EN] the file is damaged: not complete JSON (line 1, column 31: Unterminated string starting at)
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WorksheetError(f"文件内容已损坏：第 {exc.start + 1} 个字节不是 UTF-8 编码",
                             f"the file is damaged: byte {exc.start + 1} is not UTF-8") from None
    if not text.strip():
        raise WorksheetError("文件是空的（可能在保存时被中断）", "the file is empty (perhaps a save was interrupted)")
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WorksheetError(f"文件内容已损坏，不是完整的 JSON（第 {exc.lineno} 行第 {exc.colno} 个字符附近）",
                             f"the file is damaged: not complete JSON (line {exc.lineno}, column "
                             f"{exc.colno}: {exc.msg})") from None
    ws = worksheet_from_dict(parsed)
    if expected_kind is not None and ws.kind != expected_kind:
        raise WorksheetError(f"这是一张“{ws.label}”工作表，不是“{kind_class(expected_kind).label}”",
                             f"this is a {ws.kind} worksheet, not {expected_kind}")
    return ws


# ---------------------------------------------------------------------------------------
# Files and names
# ---------------------------------------------------------------------------------------

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
    folder = Path(folder) if folder is not None else work_dir()
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
    folder = Path(folder) if folder is not None else work_dir()
    if not folder.is_dir():
        return []
    paths = sorted(p for p in folder.glob("*.json") if p.is_file() and is_worksheet_file(p))
    if kind is None:
        return paths
    out = []
    for p in paths:
        try:
            found = json.loads(p.read_text(encoding="utf-8-sig")).get("kind")
        except (OSError, ValueError, AttributeError):
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


def atomic_write(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` so that the file is always complete: old or new.

    Writes a temporary file in the same folder, flushes and fsyncs it, renames it over
    ``path`` (retrying while Windows holds the file) and fsyncs the folder.

    Args:
        path: the file to write.
        data: its new content.

    Raises:
        WorksheetError: the file stays locked or the disk refuses; ``path`` is unchanged.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.json"
    >>> atomic_write(p, b"{}"); p.read_bytes()
    b'{}'
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "xb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        _replace(tmp, path)
    except PermissionError as exc:
        tmp.unlink(missing_ok=True)
        raise WorksheetError(
            "文件被其他程序占用，暂时无法保存",
            f"the file is held by another program and cannot be saved now ({exc.strerror})",
            fix_zh="请关闭正在打开这个文件的程序（如 Excel、记事本、网盘同步），再点“保存”",
            fix_en="close the program that has the file open (Excel, an editor, a sync tool), then press 保存",
            source=str(path)) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WorksheetError(
            f"无法保存：{exc.strerror or exc}",
            f"cannot save: {exc.strerror or exc}",
            fix_zh="请检查磁盘空间，以及这个文件夹是否可写", fix_en="check the free disk space and that the folder is writable",
            source=str(path)) from None
    _fsync_dir(path.parent)


def _remove_stale_temps(path: Path, older_than: float = 600.0) -> None:
    """Delete temp files of ``path`` left by a crashed save more than ``older_than`` s ago."""
    cutoff = time.time() - older_than
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            if tmp.stat().st_mtime < cutoff:
                tmp.unlink()
        except OSError:  # pragma: no cover - another process just removed it
            pass


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
    >>> from helpers.swot import SwotWorksheet
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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorksheetError(f"无法创建文件夹：{exc.strerror or exc}", f"cannot create the folder: {exc}",
                             source=str(path.parent)) from None
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


def _read(path: Path, kind: str | None) -> Worksheet:
    try:
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
    >>> load_worksheet(p)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    helpers.errors.WorksheetError: 文件 .../swot.json：SWOT 条目应当是一组象限（S/W/O/T），实际是 int
    怎么办：没有找到完好的备份副本（swot.bak.json）。这个文件不会被删除：下次保存时它会先被另存为 swot.corrupt-日期-时间.json。
    [EN] file .../swot.json: SWOT items should be a mapping of quadrants (S/W/O/T), got int
    How to fix: no good backup copy (swot.bak.json) was found. This file will not be deleted: the next save first copies it to swot.corrupt-DATE-TIME.json.
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
    path = worksheet_path(kind, name, folder)
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


# ---------------------------------------------------------------------------------------
# Autosave
# ---------------------------------------------------------------------------------------

class Debouncer:
    """Run ``func`` once, ``delay`` seconds after the last :meth:`trigger`.

    Used for autosave: each change calls :meth:`trigger`; the save runs when the trainee
    has paused for ``delay`` seconds. It uses a :class:`threading.Timer`, which works in
    JupyterLab, in Voilà and in plain Python alike. Timers are not daemon threads, so a
    pending save still runs when the kernel shuts down normally.

    Args:
        func: the function to run (no arguments). Its exceptions are passed to ``on_error``.
        delay: seconds of quiet before ``func`` runs.
        on_error: called with the exception if ``func`` raises (default: ignore).

    >>> calls = []
    >>> d = Debouncer(lambda: calls.append(1), delay=60)
    >>> d.trigger(); d.trigger(); d.pending
    True
    >>> d.flush(), calls, d.pending
    (True, [1], False)
    >>> d.flush()
    False
    """

    def __init__(self, func: Callable[[], Any], delay: float = 1.0,
                 on_error: Callable[[BaseException], Any] | None = None) -> None:
        self.func, self.delay, self.on_error = func, delay, on_error
        self._lock = threading.Lock()
        self._run_lock = threading.Lock()
        self._timer: threading.Timer | None = None

    @property
    def pending(self) -> bool:
        """Whether a run is scheduled."""
        return self._timer is not None

    def trigger(self) -> None:
        """Schedule a run ``delay`` seconds from now (replacing a scheduled one)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            timer = threading.Timer(self.delay, self._fire)
            timer.name = "worksheet-autosave"
            self._timer = timer
            timer.start()

    def _fire(self) -> None:
        with self._lock:
            if self._timer is not threading.current_thread():
                return  # replaced or cancelled meanwhile
            self._timer = None
        self._run()

    def _run(self) -> None:
        with self._run_lock:
            try:
                self.func()
            except BaseException as exc:  # noqa: BLE001 - reported, never lost in a thread
                if self.on_error is not None:
                    self.on_error(exc)

    def cancel(self) -> bool:
        """Drop a scheduled run. Returns whether one was scheduled."""
        with self._lock:
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
        return timer is not None

    def flush(self) -> bool:
        """Run now if a run is scheduled. Returns whether it ran."""
        if self.cancel():
            self._run()
            return True
        return False
