"""Users' own tables: find the columns an analysis needs, convert and check their values.

:func:`require_columns` finds each column under its usual Chinese or English names
(:data:`COLUMN_SYNONYMS`), converts values the way Excel users write them ("¥1,234.50",
"2024年3月5日", "12%") with the parsers of :mod:`helpers.data.parse`, and checks presence,
blanks, ranges, choices and uniqueness. Problems are one :class:`~helpers.errors.DataError`
that lists the rows as Excel numbers them (header = row 1).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import numbers
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import DataError
from .parse import (
    AMOUNT_FORMS_EN,
    AMOUNT_FORMS_ZH,
    DATE_FORMS_EN,
    DATE_FORMS_ZH,
    Ambiguous,
    _norm,
    _parse_text,
    parser_for,
)
from .read import NULL_TEXTS, SHOW_AT_MOST
from .synonyms import COLUMN_SYNONYMS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


#: Canonical column name -> names users give it (Chinese and English). Matching ignores
#: case, spaces, underscores, hyphens and full-width forms, so "Customer ID", "customer_id"
#: and "ＣＵＳＴＯＭＥＲ＿ＩＤ" are the same. One name belongs to one canonical name only.


#: Column types a spec may ask for.
TYPES = ("id", "text", "number", "integer", "date", "category")


_OPTIONS = {"type", "required", "allow_null", "min", "max", "choices", "unique", "aliases", "column", "format"}


#: Problem messages of require_columns: (zh, en, fix_zh, fix_en), formatted with n (how
#: many), rows (the first few rows and values), and allowed / limit where they apply.
_PROBLEMS = {
    "number": ("有 {n} 个值不是数字，或用了不认识的单位：{rows}",
               "{n} value(s) are not numbers or use an unknown unit: {rows}",
               "请在 Excel 中把它们改成这些写法之一：" + AMOUNT_FORMS_ZH + "（单位只能有一个），保存后重新读取",
               "in Excel, write them in one of these forms: " + AMOUNT_FORMS_EN + " (one unit at most), "
               "save and read again"),
    "integer": ("有 {n} 个值不是整数：{rows}", "{n} value(s) are not whole numbers: {rows}",
                "请在 Excel 中把它们改成整数，如 3，保存后重新读取",
                "in Excel, write whole numbers such as 3, save and read again"),
    "date": ("有 {n} 个值不是日期：{rows}", "{n} value(s) are not dates: {rows}",
             "请在 Excel 中把它们改成这些写法之一：" + DATE_FORMS_ZH + "，保存后重新读取",
             "in Excel, write them in one of these forms: " + DATE_FORMS_EN + "; save and read again"),
    "ambiguous": ("有 {n} 个日期有两种读法（“日/月”还是“月/日”，或年份只有两位）：{rows}",
                  "{n} date(s) can be read two ways (day/month or month/day, or a two-digit year): {rows}",
                  "请在规则里写明顺序，例如 {\"type\": \"date\", \"format\": \"DMY\"}（日/月/年）、"
                  "\"MDY\"（月/日/年）或 \"%d/%m/%y\"；或在 Excel 中改成 2024-03-05 这样年份在前的写法",
                  "state the order in the spec, e.g. {\"type\": \"date\", \"format\": \"DMY\"} (day/month/year), "
                  "\"MDY\" or \"%d/%m/%y\"; or write year-first dates like 2024-03-05 in Excel"),
    "blank": ("有 {n} 个空值：{rows}", "{n} blank cell(s): {rows}",
              "请补上这些单元格，或删除这些行（若允许为空，在规则里写 \"allow_null\": True）",
              "fill them in or delete those rows (or allow blanks with \"allow_null\": True)"),
    "choices": ("有 {n} 个值不在允许的取值（{allowed}）中：{rows}",
                "{n} value(s) are not among the allowed ({allowed}): {rows}",
                "请改成允许的取值之一，或在规则的 choices 里加上它们",
                "change them to an allowed value, or add them to 'choices'"),
    "min": ("有 {n} 个值小于下限 {limit}：{rows}", "{n} value(s) are below the minimum {limit}: {rows}",
            "请检查这些值是否录错（负数金额可能是退货，可先删除这些行）",
            "check these values for typing errors (negative amounts may be returns: remove those rows first)"),
    "max": ("有 {n} 个值大于上限 {limit}：{rows}", "{n} value(s) are above the maximum {limit}: {rows}",
            "请检查这些值是否录错（如多打了一个 0）", "check these values for typing errors (e.g. an extra 0)"),
    "unique": ("有 {n} 个值重复出现：{rows}", "{n} value(s) are repeated: {rows}",
               "每个值只能出现一次：请删除重复的行，或检查编号是否录错",
               "each value may appear once: delete duplicate rows or correct them"),
}


def require_columns(df: pd.DataFrame, spec: Mapping[str, Any], *, source: str | None = None) -> pd.DataFrame:
    """Find the columns an analysis needs, convert their values and check them.

    Each entry of ``spec`` maps a canonical column name to a type, or to a dict of rules::

        {"customer_id": "id",
         "date": "date",
         "amount": {"type": "number", "min": 0},
         "region": {"type": "text", "required": False}}

    Types: ``id`` (text; numbers written without ``.0``, full-width letters made half-width),
    ``text``, ``number`` (float; accepts "¥1,234.50", "1,234元", "(1,234)" = -1234, "12%" =
    0.12, "1.2万" = 12000), ``integer`` (nullable ``Int64``), ``date`` (accepts "2024/3/5",
    "2024-03-05", "2024年3月5日", "20240305", dates with times, and Excel serial numbers),
    ``category`` (pandas categorical). Rules:

    * ``required`` (default True): the column must be present; a missing optional column
      is simply absent from the result;
    * ``allow_null`` (default False): whether blank cells are allowed;
    * ``min`` / ``max``: inclusive bounds (number, integer, date);
    * ``choices``: the allowed values (category, text, id), matched loosely
      ("ａ" -> "A") and returned as written in ``choices``;
    * ``unique`` (default False): no value may repeat (e.g. a customer list's id);
    * ``aliases``: more names to accept for this column, besides :data:`COLUMN_SYNONYMS`;
    * ``column``: the exact column to use (settles a choice between two candidates).

    A column is found by its canonical name, its synonyms in :data:`COLUMN_SYNONYMS` or its
    aliases, ignoring case, spaces, underscores and full-width forms.

    Args:
        df: the table, e.g. from :func:`read_table` (it is not changed).
        spec: canonical name -> type name or dict of rules, as above.
        source: the file name for messages (default: ``df.attrs["source"]`` if set).

    Returns:
        A new DataFrame: the spec's columns first, under their canonical names and with
        converted types, then the other columns unchanged. Index and ``attrs`` are kept.

    Raises:
        DataError: a required column is missing, two columns match one name, or values are
            not of the type, blank or out of range. Rows are named as Excel numbers them.

    >>> import pandas as pd
    >>> raw = pd.DataFrame({"客户编号": ["C1", "C2"], "下单日期": ["2024/3/5", "2024年3月6日"],
    ...                     "实付金额": ["¥1,234.50", "88元"]})
    >>> out = require_columns(raw, {"customer_id": "id", "date": "date",
    ...                             "amount": {"type": "number", "min": 0}})
    >>> out.columns.tolist(), out["amount"].tolist()
    (['customer_id', 'date', 'amount'], [1234.5, 88.0])
    >>> out["date"].dt.strftime("%Y-%m-%d").tolist()
    ['2024-03-05', '2024-03-06']
    >>> try:
    ...     require_columns(raw, {"quantity": "integer"}, source="订单.csv")
    ... except DataError as err:
    ...     print(err.zh.splitlines()[0])
    找不到需要的列：quantity（可用的列名：数量、件数、购买数量、销售数量、订购数量、quantity、qty）
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise DataError(f"需要一张表（DataFrame），实际是 {type(df).__name__}",
                        f"expected a table (DataFrame), got {type(df).__name__}",
                        fix_zh="先用 helpers.read_table(...) 读入文件，再把结果传进来",
                        fix_en="read the file with helpers.read_table(...) first", source=source)
    if not isinstance(spec, Mapping):
        raise DataError(f"规则应当是一个字典（{{列名: 类型}}），实际是 {type(spec).__name__}",
                        f"the spec should be a dict {{column: type}}, got {type(spec).__name__}",
                        fix_zh='例如 {"customer_id": "id", "amount": "number"}',
                        fix_en='e.g. {"customer_id": "id", "amount": "number"}', source=source)
    try:
        return _require_columns(df, spec, source)
    except DataError:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever the table holds, the user gets a DataError
        from .read import _unexpected_error

        raise _unexpected_error(exc, source or df.attrs.get("source")) from None


def _require_columns(df: pd.DataFrame, spec: Mapping[str, Any], source: str | None) -> pd.DataFrame:
    import pandas as pd

    source = source or df.attrs.get("source")
    rules = {canonical: _rule(canonical, value) for canonical, value in spec.items()}
    found = _match_columns(df, rules, source)
    problems: list[tuple[str, str, str, str, str]] = []
    converted: dict[str, pd.Series] = {}
    for canonical, original in found.items():
        series, column_problems = _convert_column(df, original, rules[canonical])
        converted[canonical] = series
        problems += column_problems
    if len(problems) == 1:
        column, zh, en, fix_zh, fix_en = problems[0]
        raise DataError(zh, en, fix_zh=fix_zh, fix_en=fix_en, source=source, column=column)
    if problems:
        raise DataError(
            f"发现 {len(problems)} 处问题：\n" + "\n".join(f"  - 列“{p[0]}”：{p[1]}" for p in problems),
            f"{len(problems)} problems:\n" + "\n".join(f"  - column '{p[0]}': {p[2]}" for p in problems),
            fix_zh="；".join(dict.fromkeys(p[3] for p in problems)),
            fix_en="; ".join(dict.fromkeys(p[4] for p in problems)), source=source)
    used = set(found.values())
    others = {c: df[c] for c in df.columns if c not in used}
    result = pd.DataFrame({**converted, **others}, index=df.index)
    result.attrs.update(df.attrs)
    return result


def _rule(canonical: str, value: Any) -> dict[str, Any]:
    """One spec entry as a full dict of rules with defaults."""
    rule = {"type": value} if isinstance(value, str) else dict(value)
    kind = rule.get("type")
    wrong = sorted(set(rule) - _OPTIONS)  # unknown options, or options that do not fit the type
    wrong += [o for o in ("min", "max") if o in rule and kind not in ("number", "integer", "date")]
    wrong += [o for o in ("choices",) if o in rule and kind not in ("id", "text", "category")]
    wrong += [o for o in ("format",) if o in rule and (kind != "date" or not isinstance(rule[o], str))]
    if kind not in TYPES or wrong:
        raise DataError(f"规则“{canonical}”写得不对：类型 {kind!r}，有问题的选项 {wrong}",
                        f"bad spec for '{canonical}': type {kind!r}, wrong options {wrong}",
                        fix_zh=f"类型可选：{'、'.join(TYPES)}；选项可选：{'、'.join(sorted(_OPTIONS))}"
                               "（min/max 只用于 number、integer、date；choices 只用于 id、text、category；"
                               "format 只用于 date，如 \"DMY\"）",
                        fix_en=f"types: {', '.join(TYPES)}; options: {', '.join(sorted(_OPTIONS))} "
                               "(min/max for number, integer, date; choices for id, text, category; "
                               "format for date, e.g. \"DMY\")")
    return {"required": True, "allow_null": False, "unique": False, "aliases": (), **rule}


def _spec_example(canonical: str, kind: str, column: str) -> str:
    """A spec entry that names the column to use, for fix texts."""
    return json.dumps({canonical: {"type": kind, "column": column}}, ensure_ascii=False)


def _match_columns(df: pd.DataFrame, rules: dict[str, dict[str, Any]], source: str | None) -> dict[str, Any]:
    """Canonical name -> the df column that holds it (only for columns found)."""
    columns = list(df.columns)
    found: dict[str, Any] = {}
    missing = []
    for canonical, rule in rules.items():
        if rule.get("column") is not None:  # named in the spec: exact name first, then loosely
            hits = [c for c in columns if c == rule["column"]] or \
                   [c for c in columns if _norm(c) == _norm(rule["column"])]
        else:
            accepted = {_norm(n) for n in (canonical, *COLUMN_SYNONYMS.get(canonical, ()), *rule["aliases"])}
            hits = [c for c in columns if _norm(c) in accepted]
        if len(hits) > 1:
            example = _spec_example(canonical, rule["type"], str(hits[-1]))
            raise DataError(
                f"有 {len(hits)} 列都可以当作 {canonical}：“" + "”和“".join(map(str, hits)) + "”，不知道该用哪一列",
                f"{len(hits)} columns could be '{canonical}': {', '.join(map(repr, hits))}",
                fix_zh=f"删除或改名其中一列，或在规则里写明用哪一列，例如 {example}",
                fix_en=f"delete or rename one, or name the column in the spec, e.g. {example}", source=source)
        if hits:
            found[canonical] = hits[0]
        elif rule["required"]:
            missing.append(canonical)
    if missing:
        raise _missing_error(missing, rules, columns, source)
    claimed: dict[Any, str] = {}
    for canonical, column in found.items():
        if column in claimed:
            raise DataError(f"列“{column}”同时被当作 {claimed[column]} 和 {canonical}",
                            f"column '{column}' matches both '{claimed[column]}' and '{canonical}'",
                            fix_zh="请在规则里用 column 或 aliases 区分这两项",
                            fix_en="tell them apart with 'column' or 'aliases' in the spec",
                            source=source, column=str(column))
        claimed[column] = canonical
    return found


def _missing_error(missing: list[str], rules: dict[str, dict[str, Any]], columns: list[Any],
                   source: str | None) -> DataError:
    lines_zh, lines_en = [], []
    for canonical in missing:
        rule = rules[canonical]
        names = [rule["column"]] if rule.get("column") else list(dict.fromkeys(
            [*COLUMN_SYNONYMS.get(canonical, ()), *rule["aliases"]] or [canonical]))
        accepted = [_norm(n) for n in names]
        guess = [c for c in columns if difflib.get_close_matches(_norm(c), accepted, n=1, cutoff=0.6)]
        lines_zh.append(f"{canonical}（可用的列名：{'、'.join(names)}）"
                        + (f"——是不是“{guess[0]}”？" if guess else ""))
        lines_en.append(f"{canonical} (accepted names: {', '.join(names)})"
                        + (f" -- is it '{guess[0]}'?" if guess else ""))
    example = _spec_example(missing[0], rules[missing[0]]["type"], "你的列名")
    example_en = _spec_example(missing[0], rules[missing[0]]["type"], "your column")
    return DataError(
        "找不到需要的列：" + "；".join(lines_zh) + "\n表中现有的列：" + "、".join(map(str, columns)),
        "required column(s) not found: " + "; ".join(lines_en)
        + "\ncolumns in the table: " + ", ".join(map(str, columns)),
        fix_zh=f"把表头改成上面任一名称，或在规则里写明用哪一列，例如 {example}",
        fix_en=f"rename the header to one of the accepted names, or name your column in the spec, e.g. {example_en}",
        source=source)


def _excel_row(df: pd.DataFrame, label: Any) -> Any:
    """The Excel row number of the row with index ``label`` (header = row 1).

    Uses ``attrs`` set by :func:`read_table` (title rows and blank rows it skipped);
    other frames are taken to start at row 2. Non-integer labels are returned as they are.
    """
    if not isinstance(label, numbers.Integral):
        return label
    row = df.attrs.get("header_row", 1) + 1 + int(label)
    for skipped in df.attrs.get("skipped_rows", ()):
        if skipped <= row:
            row += 1
    return row


def _show(value: Any) -> str:
    """A cell value as the user typed it: 100 rather than 100.0, dates without 00:00:00."""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return str(value.date())
    return _parse_text(value)


def _rows_text(df: pd.DataFrame, items: list[tuple[Any, Any]], lang: str) -> str:
    """ "第 4 行“abc”、第 7 行“x”…（共 12 个）" / "row 4 'abc', row 7 'x' ... (12 in all)" """
    shown = items[:SHOW_AT_MOST]
    if lang == "zh":
        text = "、".join(f"第 {_excel_row(df, label)} 行" + (f"“{_show(value)}”" if value is not None else "")
                        for label, value in shown)
        return text + (f"…（共 {len(items)} 个）" if len(items) > len(shown) else "")
    text = ", ".join(f"row {_excel_row(df, label)}" + (f" '{_show(value)}'" if value is not None else "")
                     for label, value in shown)
    return text + (f" ... ({len(items)} in all)" if len(items) > len(shown) else "")


_UNREADABLE = object()  # what _parse_column caches for a value its parser refused
_AMBIGUOUS = object()  # ... and for a value that could be read two ways


def _is_blank(value: Any) -> bool:
    import pandas as pd

    if isinstance(value, str):
        return value.strip() in NULL_TEXTS
    return value is None or bool(pd.isna(value))


def _parse_column(column: pd.Series, parse: Callable[[Any], Any],
                  ambiguous: list[tuple] | None = None) -> tuple[list[Any], list[tuple], list[tuple]]:
    """Parse each distinct value once: (values with None for blanks, bad items, blank items).

    Items are ``(index label, original value)`` pairs, as :func:`_rows_text` shows them;
    values that could be read two ways go to ``ambiguous`` (or to the bad items).
    """
    values: list[Any] = []
    bad: list[tuple] = []
    blank: list[tuple] = []
    cache: dict[Any, Any] = {}
    for label, value in column.items():
        result = None
        if not _is_blank(value):
            try:
                key = (type(value), value)
                hash(key)
            except TypeError:  # an unhashable cell (a list from a JSON export): parsed, not cached
                key = None
            if key is None or key not in cache:
                try:
                    result = parse(value)
                except Ambiguous:
                    result = _AMBIGUOUS
                except (ValueError, TypeError, OverflowError, ArithmeticError):
                    result = _UNREADABLE
                if key is not None:
                    cache[key] = result
            else:
                result = cache[key]
            if result is _UNREADABLE or result is _AMBIGUOUS:
                (ambiguous if result is _AMBIGUOUS and ambiguous is not None else bad).append((label, value))
                values.append(None)
                continue
        if result is None or result == "":
            blank.append((label, None))
            result = None
        values.append(result)
    return values, bad, blank


def _convert_column(df: pd.DataFrame, original: Any,
                    rule: dict[str, Any]) -> tuple[pd.Series, list[tuple[str, str, str, str, str]]]:
    """The converted column and its problems as (column, zh, en, fix_zh, fix_en) tuples."""
    import pandas as pd

    kind, choices = rule["type"], rule.get("choices")
    ambiguous: list[tuple] = []
    values, bad, blank = _parse_column(df[original], parser_for(kind, rule.get("format")), ambiguous)
    found = {kind: bad, "ambiguous": ambiguous,
             "blank": [] if rule["allow_null"] else blank}  # problem name -> (label, value) items
    if choices is not None:
        by_norm = {_norm(c): c for c in choices}
        found["choices"] = [(label, v) for label, v in zip(df.index, values)
                            if v is not None and _norm(v) not in by_norm]
        values = [None if v is None else by_norm.get(_norm(v)) for v in values]
    limits = {}
    for bound in ("min", "max"):
        if rule.get(bound) is not None:
            limit = limits[bound] = pd.Timestamp(rule[bound]) if kind == "date" else rule[bound]
            found[bound] = [(label, raw) for label, raw, v in zip(df.index, df[original], values)
                            if v is not None and (v < limit if bound == "min" else v > limit)]
    if rule["unique"]:
        seen: set[Any] = set()
        found["unique"] = []
        for label, v in zip(df.index, values):
            if v is not None and v in seen:
                found["unique"].append((label, v))
            seen.add(v)
    problems = []
    for name, items in found.items():
        if items:
            zh, en, fix_zh, fix_en = _PROBLEMS[name]
            limit = limits.get(name)
            extra = {"n": len(items), "allowed": "/".join(map(str, choices or ())),
                     "limit": _show(limit) if limit is not None else ""}
            problems.append((str(original), zh.format(rows=_rows_text(df, items, "zh"), **extra),
                             en.format(rows=_rows_text(df, items, "en"), **extra), fix_zh, fix_en))
    return _typed(values, kind, choices, df.index), problems


def _typed(values: list[Any], kind: str, choices: Any, index: pd.Index) -> pd.Series:
    """The converted values as a Series of the type's dtype."""
    import pandas as pd

    if kind == "number":
        return pd.Series([math.nan if v is None else v for v in values], index=index, dtype="float64")
    if kind == "integer":
        return pd.Series(values, index=index, dtype="Int64")
    if kind == "date":
        return pd.Series(pd.to_datetime(values), index=index)
    if kind == "category":
        categories = list(choices) if choices is not None else sorted({v for v in values if v is not None})
        return pd.Series(pd.Categorical(values, categories=categories), index=index)
    return pd.Series(values, index=index, dtype=object)
