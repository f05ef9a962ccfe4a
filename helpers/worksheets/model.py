"""Worksheets that trainees keep: the data model (storage rules below, code in ``storage``).

A worksheet (a SWOT, a five-forces assessment, ...) is a typed data object, separate from
the widget that edits it. Each kind is a dataclass subclass of :class:`Worksheet`
(:class:`helpers.worksheets.swot.SwotWorksheet`, :class:`helpers.worksheets.five_forces.FiveForcesWorksheet`)
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

>>> from helpers.worksheets.swot import SwotWorksheet
>>> from helpers.worksheets.storage import load_worksheet, save_worksheet, worksheet_path
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

import importlib
import json
from dataclasses import dataclass
from typing import Any, ClassVar

from ..errors import WorksheetError

#: kind -> module (inside ``helpers``) that defines its Worksheet subclass. Worksheets of
#: later lectures add a line here.
KINDS: dict[str, str] = {  # in lecture order (the report follows it)
    "swot": "swot",
    "five_forces": "five_forces",
    "decision_map": "decision_map",
    "account_plan": "account_plan",
    "four_p_c": "four_p_c",
    "ansoff": "ansoff",
    "kiss": "kiss",
    "smart_goals": "smart_goals",
    "my_action_plan": "my_action_plan",
}


#: Longest text accepted in one field (characters), and most items in one list.
MAX_TEXT = 4_000


MAX_ITEMS = 200


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


def friendly_time(stamp: str) -> str:
    """An ISO timestamp as a trainee reads it, in this computer's time zone: ``2024年3月5日 10:32``.

    Args:
        stamp: an ISO timestamp (as saved in a worksheet file); other text is returned as is.

    Returns:
        The local date and time, or ``stamp`` unchanged when it is not a timestamp.

    >>> friendly_time("2024-03-05T10:32:05")
    '2024年3月5日 10:32'
    >>> friendly_time(""), friendly_time("昨天")
    ('', '昨天')
    """
    import datetime as dt

    try:
        when = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return stamp
    if when.tzinfo is not None:
        when = when.astimezone()
    return f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}"


class NewerSchemaError(WorksheetError):
    """A worksheet file written by a newer version of the course tools (higher schema_version)."""


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

    @classmethod
    def class_summary(cls, sheets: list[Worksheet]) -> list[tuple[str, Any]]:
        """What the instructor's class view shows for this kind (see :mod:`helpers.worksheets.classview`).

        Each kind of a later lecture overrides it; the class view calls it with every
        worksheet of this kind it could read.

        Args:
            sheets: the class's worksheets of this kind (at least one).

        Returns:
            ``(heading, content)`` pairs, in display order; ``content`` is a DataFrame (shown
            as a table, escaped) or a zero-argument function that returns a matplotlib Figure.

        >>> Worksheet.class_summary([])
        []
        """
        return []

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
        pairs = (*fields, ("姓名", self.owner), ("更新时间", friendly_time(self.updated)))
        parts = [f"{label}：{value}" for label, value in pairs if value]
        return [Paragraph("　".join(parts))] if parts else []

    def meta_rows(self) -> list[tuple[Any, ...]]:
        """The title / owner / updated rows that start :meth:`rows`."""
        return [("标题", None, self.title, None), ("姓名", None, self.owner, None),
                ("更新时间", None, friendly_time(self.updated), None)]

    def validate(self) -> None:
        """Check the whole worksheet; raise :class:`~helpers.errors.WorksheetError` if wrong.

        >>> from helpers.worksheets.swot import SwotWorksheet
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

        >>> from helpers.worksheets.swot import SwotWorksheet
        >>> d = SwotWorksheet(title="t").to_dict()
        >>> d["schema_version"], d["kind"], sorted(d["content"])
        (1, 'swot', ['items', 'strategies'])
        """
        return {"schema_version": self.schema_version, "kind": self.kind, "title": self.title,
                "owner": self.owner, "created": self.created, "updated": self.updated,
                "content": self.content_to_dict()}

    def copy(self) -> Worksheet:
        """A deep copy (through the JSON data).

        >>> from helpers.worksheets.swot import SwotWorksheet
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
    helpers.worksheets.model.NewerSchemaError: 这个文件由更新版本的课程工具保存（格式版本 9，本工具只认识到 1）
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

    >>> from helpers.worksheets.swot import SwotWorksheet
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
    except RecursionError:
        raise WorksheetError("文件内容不是工作表：括号嵌套了成千上万层", "the file is not a worksheet: brackets "
                             "are nested thousands of levels deep") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise WorksheetError("文件内容不是工作表：里面有超长的数字或无法读取的值",
                             f"the file is not a worksheet: it holds an overlong number or unreadable value "
                             f"({str(exc)[:80]})") from None
    try:
        ws = worksheet_from_dict(parsed)
    except WorksheetError:
        raise
    except Exception as exc:  # noqa: BLE001 - any other surprise in the content is a damaged file too
        raise WorksheetError(f"文件内容不是有效的工作表（{type(exc).__name__}）",
                             f"the file's content is not a valid worksheet ({type(exc).__name__}: "
                             f"{str(exc)[:80]})") from None
    if expected_kind is not None and ws.kind != expected_kind:
        raise WorksheetError(f"这是一张“{ws.label}”工作表，不是“{kind_class(expected_kind).label}”",
                             f"this is a {ws.kind} worksheet, not {expected_kind}")
    return ws
