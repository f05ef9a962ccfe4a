"""Errors that trainees read: bilingual, specific, with a fix.

Every error that reaches a trainee or an analyst is a :class:`DataError` (or a
subclass). Its message says, in Chinese and then in English, *what* is wrong,
*where* (file, column, row) and *how to fix it*.
"""

from __future__ import annotations


class DataError(ValueError):
    """A problem with the user's data or files, explained in Chinese and English.

    Args:
        zh: what is wrong, in Chinese.
        en: the same in English.
        fix_zh: how to fix it, in Chinese.
        fix_en: how to fix it, in English.
        source: the file (or upload) the problem is in, if any.
        column: the column concerned, if any.
        row: the 1-based data row concerned, if any (as the user sees it in Excel).

    >>> err = DataError("缺少列“金额”", "column 'amount' is missing",
    ...                 fix_zh="请在表头中加入“金额”列", fix_en="add an 'amount' column",
    ...                 source="orders.csv", column="金额")
    >>> print(err)
    文件 orders.csv，列“金额”：缺少列“金额”
    怎么办：请在表头中加入“金额”列
    [EN] file orders.csv, column '金额': column 'amount' is missing
    How to fix: add an 'amount' column
    >>> isinstance(err, ValueError)
    True
    """

    def __init__(
        self,
        zh: str,
        en: str,
        *,
        fix_zh: str = "",
        fix_en: str = "",
        source: str | None = None,
        column: str | None = None,
        row: int | None = None,
    ) -> None:
        self.zh, self.en = zh, en
        self.fix_zh, self.fix_en = fix_zh, fix_en
        self.source, self.column, self.row = source, column, row
        super().__init__(self._render())

    def _where(self, lang: str) -> str:
        parts = []
        if self.source:
            parts.append(f"文件 {self.source}" if lang == "zh" else f"file {self.source}")
        if self.column is not None:
            parts.append(f"列“{self.column}”" if lang == "zh" else f"column '{self.column}'")
        if self.row is not None:
            parts.append(f"第 {self.row} 行" if lang == "zh" else f"row {self.row}")
        if not parts:
            return ""
        return ("，".join(parts) + "：") if lang == "zh" else (", ".join(parts) + ": ")

    def _render(self) -> str:
        lines = [self._where("zh") + self.zh]
        if self.fix_zh:
            lines.append("怎么办：" + self.fix_zh)
        lines.append("[EN] " + self._where("en") + self.en)
        if self.fix_en:
            lines.append("How to fix: " + self.fix_en)
        return "\n".join(lines)


class WorksheetError(DataError):
    """A worksheet file that cannot be read or saved (corrupted, newer schema, locked)."""


def friendly_message(exc: BaseException) -> str:
    """Turn any exception into a short text a trainee can read (no traceback).

    Args:
        exc: the exception caught.

    Returns:
        The bilingual message of a :class:`DataError`, or a generic bilingual line
        naming the exception type for anything else.

    >>> friendly_message(KeyError("金额"))
    "出错了（KeyError）：'金额'\\n[EN] Something went wrong (KeyError): '金额'"
    """
    if isinstance(exc, DataError):
        return str(exc)
    return f"出错了（{type(exc).__name__}）：{exc}\n[EN] Something went wrong ({type(exc).__name__}): {exc}"


def require_present(frame, columns, table_zh: str = "表", table_en: str = "the table") -> None:
    """Raise a :class:`DataError` naming the columns of ``columns`` that ``frame`` lacks.

    A light check for functions that take an already-loaded table; use
    :func:`helpers.data.columns.require_columns` to validate and convert a user's file.

    Args:
        frame: a pandas DataFrame (anything with ``.columns``).
        columns: the column names the caller needs.
        table_zh: what the table is called in the Chinese message, e.g. "交易表".
        table_en: the same in English.

    >>> import pandas as pd
    >>> require_present(pd.DataFrame({"a": [1]}), ["a"])
    >>> require_present(pd.DataFrame({"a": [1]}), ["a", "金额"])
    Traceback (most recent call last):
    ...
    helpers.errors.DataError: 列“金额”：表中缺少列 “金额”
    怎么办：请检查列名是否拼写正确，或在调用时指定列名；现有列：a
    [EN] column '金额': column(s) '金额' not found in the table
    How to fix: check the column names or pass them explicitly; available: a
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        available = [str(c) for c in frame.columns]
        raise DataError(
            f"{table_zh}中缺少列 " + "、".join(f"“{c}”" for c in missing),
            f"column(s) {', '.join(repr(c) for c in missing)} not found in {table_en}",
            fix_zh="请检查列名是否拼写正确，或在调用时指定列名；现有列：" + "、".join(available),
            fix_en="check the column names or pass them explicitly; available: " + ", ".join(available),
            column=str(missing[0]),
        )


def first_bad_row(mask) -> int:
    """The 1-based data row of the first true value in ``mask`` (a boolean array or Series).

    Used by functions that work on an in-memory table, whose rows the trainee counts from 1;
    :mod:`helpers.data.columns` reports Excel row numbers instead (header = row 1).

    >>> first_bad_row([False, False, True, True])
    3
    """
    import numpy as np

    return int(np.flatnonzero(np.asarray(mask, dtype=bool))[0]) + 1
