"""Text that came from users, made inert wherever the course writes or shows it.

One place for the rules, used by every writer and viewer:

* :func:`csv_cell` / :func:`safe_csv_frame`: a cell that Excel would run as a formula
  (starting with ``= + - @``, their full-width forms ``＝ ＋ － ＠``, a tab or a line
  break) gets a leading ``'``, so Excel shows it as text; control characters are replaced;
* :func:`visible_text`: control characters (NUL, ESC, ...) become ``�`` and invisible
  direction controls (U+202E "right-to-left override" and its relatives, which can make
  ``exe.txt`` look like ``txt.exe``) are shown as ``[U+202E]``;
* :func:`shown_name`: a file name as a person should see it, also when its bytes are not
  UTF-8 (``\\xff`` instead of a crash);
* :func:`write_csv_atomic`: a table written for Excel (UTF-8 with BOM) in one step: a
  temporary file renamed over the target, so a reader never sees half a file.

Numbers are never changed: ``-3`` in a numeric column stays a number.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Any

#: First characters that make Excel (or LibreOffice, WPS) read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\t", "\r", "\n")

#: C0 and C1 control characters except tab and line breaks (those are kept where text may hold them).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

#: Bidirectional formatting characters: they reorder what follows without being seen.
_BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible_text(value: Any, *, one_line: bool = False) -> str:
    """``value`` as text whose every character can be seen.

    Args:
        value: any value (``None`` gives ``""``).
        one_line: also replace tabs and line breaks (for names and file lists).

    Returns:
        The text with control characters as ``�`` and direction controls as ``[U+XXXX]``.

    >>> visible_text("abc\\u202etxt.exe"), visible_text("a\\x00b\\x1b[31m")
    ('abc[U+202E]txt.exe', 'a�b�[31m')
    >>> visible_text("两行\\n文字"), visible_text("两行\\n文字", one_line=True)
    ('两行\\n文字', '两行�文字')
    """
    if value is None:
        return ""
    text = _CONTROLS.sub("\ufffd", str(value))
    if one_line:
        text = re.sub(r"[\t\r\n\u2028\u2029]", "\ufffd", text)
    return _BIDI.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def shown_name(name: Any) -> str:
    """A file name as a person should see it: undecodable bytes as ``\\xNN``, every character visible.

    On Linux a file name may hold bytes that are not UTF-8; Python keeps them as lone
    surrogates, which cannot be written to a UTF-8 file. This spells them out.

    Args:
        name: the name (``str`` from ``os.listdir`` / ``Path.name``, or ``bytes``).

    Returns:
        Printable text.

    >>> shown_name(os.fsdecode(b"\\xff\\xfe\\xe5\\xbc\\xa0.ipynb")) if os.name != "nt" else "\\\\xff\\\\xfe张.ipynb"
    '\\\\xff\\\\xfe张.ipynb'
    >>> shown_name("=HYPERLINK(1)\\u202e")
    '=HYPERLINK(1)[U+202E]'
    """
    if isinstance(name, bytes):
        raw = name
    else:
        try:
            raw = os.fsencode(str(name))
        except UnicodeError:  # pragma: no cover - a str that is not a file name at all
            raw = str(name).encode("utf-8", "backslashreplace")
    return visible_text(raw.decode("utf-8", "backslashreplace"), one_line=True)


def csv_cell(value: Any) -> Any:
    """One cell made safe for Excel: text that would run as a formula gets a leading ``'``.

    Args:
        value: a cell value; numbers, booleans and ``None`` are returned unchanged.

    Returns:
        The safe value.

    >>> [csv_cell(v) for v in ["=HYPERLINK(\\"x\\")", "+cmd|' /C calc'!A0", "@SUM(A1)", "＝1+1", "-价格战", "普通"]]
    ['\\'=HYPERLINK("x")', "'+cmd|' /C calc'!A0", "'@SUM(A1)", "'＝1+1", "'-价格战", '普通']
    >>> csv_cell(-3), csv_cell(None), csv_cell("a\\x00b\\x1b")
    (-3, None, 'a�b�')
    """
    if not isinstance(value, str):
        return value
    text = _CONTROLS.sub("\ufffd", value)
    return "'" + text if text.startswith(FORMULA_START) else text


def safe_csv_frame(frame: Any) -> Any:
    """A copy of a DataFrame whose text cells (and column names) are safe for Excel (:func:`csv_cell`).

    Args:
        frame: a pandas DataFrame.

    Returns:
        A new DataFrame; numeric columns are untouched.

    >>> import pandas as pd
    >>> safe_csv_frame(pd.DataFrame({"姓名": ["=1+1", "王"], "分": [-1, 2]})).to_dict("list")
    {'姓名': ["'=1+1", '王'], '分': [-1, 2]}
    """
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype) in ("str", "string"):
            out[column] = out[column].map(csv_cell).astype(object)
    out.columns = [csv_cell(c) if isinstance(c, str) else c for c in out.columns]
    return out


def temp_name(path: Path) -> Path:
    """The temporary file an atomic write of ``path`` uses: ``.NAME.PID.RANDOM.tmp`` in the same folder.

    Args:
        path: the file to be written.

    Returns:
        A new, unused path next to it (see :func:`remove_stale_temps`).

    >>> temp_name(Path("/w/a.csv")).name.startswith(".a.csv.")
    True
    """
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def _alive(pid: int) -> bool:
    try:
        import psutil

        return bool(psutil.pid_exists(pid))
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        return True


def remove_stale_temps(path: Path | str, older_than: float = 600.0) -> int:
    """Delete the temporary files of ``path`` that an interrupted write left behind. Returns how many.

    A temporary file (see :func:`temp_name`) is stale when the process that wrote it no longer
    runs, or when it is older than ``older_than`` seconds; a save in progress in another
    process keeps its file.

    Args:
        path: the file whose temporary files to look for.
        older_than: age in seconds after which any temporary file counts as stale.

    Returns:
        How many files were removed.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / ".a.json.999999999.ab12cd34.tmp").write_bytes(b"x" * 10)
    >>> remove_stale_temps(folder / "a.json"), sorted(p.name for p in folder.iterdir())
    (1, [])
    """
    import time

    path = Path(path)
    cutoff = time.time() - older_than
    removed = 0
    try:
        candidates = list(path.parent.glob(f".{_glob_escape(path.name)}.*.tmp"))
    except OSError:
        return 0
    for tmp in candidates:
        parts = tmp.name[len(path.name) + 2:].split(".")
        pid = int(parts[0]) if parts and parts[0].isdigit() else None
        try:
            if (pid is not None and pid != os.getpid() and not _alive(pid)) or tmp.stat().st_mtime < cutoff:
                tmp.unlink()
                removed += 1
        except OSError:  # another process just removed it, or it is not ours to remove
            pass
    return removed


def _glob_escape(name: str) -> str:
    """``name`` with glob's special characters escaped.

    >>> _glob_escape("a[1]*.json")
    'a[[]1[]][*].json'
    """
    return re.sub(r"([*?\[\]])", r"[\1]", name)


def write_csv_atomic(frame: Any, path: Path | str, *, index: bool = False) -> Path:
    """Write a DataFrame as CSV for Excel (UTF-8 with BOM, formula-safe) in one atomic step.

    The table goes to a temporary file in the same folder, which then replaces ``path``
    (:func:`os.replace`), so ``path`` is always either the old or the complete new file.

    Args:
        frame: the table.
        path: the CSV file.
        index: also write the index.

    Returns:
        ``path``.

    >>> import pandas as pd, tempfile
    >>> p = write_csv_atomic(pd.DataFrame({"a": ["@x"]}), Path(tempfile.mkdtemp()) / "t.csv")
    >>> p.read_bytes()
    b"\\xef\\xbb\\xbfa\\n'@x\\n"
    """
    path = Path(path)
    tmp = temp_name(path)
    data = safe_csv_frame(frame).to_csv(index=index, lineterminator="\n").encode("utf-8-sig", "backslashreplace")
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    remove_stale_temps(path)
    return path
