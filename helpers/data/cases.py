"""The case data: load a table of the fictional companies, or the real CDNOW data.

* :func:`list_cases` -- every case table with its Chinese name, company and size;
* :func:`load_case` -- one table with dates, categories and ordered levels set from
  :data:`helpers.data.schema.SCHEMA` (``chinese=True`` renames the columns to Chinese);
* :func:`load_cdnow` -- the real CDNOW transactions, read offline from the lifetimes wheel;
* :func:`render_readme` -- ``data/README.md``, written from the schema by ``data/generate.py``.
"""

from __future__ import annotations

import csv
import difflib
import importlib.metadata
import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DataError
from ..paths import DATA_DIR
from .schema import B2B, B2C, SCHEMA, Table
from .text_table import exact_floats

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def _path(name: str) -> Path:
    return DATA_DIR / f"{name}.csv"



def _table(name: str) -> Table:
    if isinstance(name, str):
        key = name.strip()
        key = key.lower() if key.lower() in SCHEMA else key
        by_chinese = {t.zh: t.name for t in SCHEMA.values()}
        name = by_chinese.get(key, key)
    if not isinstance(name, str) or name not in SCHEMA:
        names = list(SCHEMA)
        close = difflib.get_close_matches(str(name), names, n=1, cutoff=0.5)
        by_zh = [t.name for t in SCHEMA.values() if str(name) and str(name) in t.zh]
        guess = close[0] if close else (by_zh[0] if by_zh else "")
        hint_zh = f"您是不是想找“{guess}”？" if guess else ""
        hint_en = f"Did you mean '{guess}'? " if guess else ""
        raise DataError(
            f"没有名为“{name}”的案例数据表。{hint_zh}",
            f"there is no case table called {name!r}. {hint_en}".rstrip(),
            fix_zh="可用的表：" + "、".join(f"{t.name}（{t.zh}）" for t in SCHEMA.values())
            + "。运行 helpers.list_cases() 查看说明。",
            fix_en="available tables: " + ", ".join(names) + ". Run helpers.list_cases() for details.",
        )
    return SCHEMA[name]



def _count_rows(path: Path) -> int:
    """Data rows of a CSV file (quoted fields may contain line breaks)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1



def _missing_file(path: Path) -> DataError:
    return DataError(
        f"找不到案例数据文件 {path.name}",
        f"case data file {path.name} not found",
        fix_zh="请在课程文件夹里运行 python data/generate.py 重新生成案例数据",
        fix_en="run `python data/generate.py` in the course folder to regenerate the case data",
        source=str(path),
    )



def list_cases() -> pd.DataFrame:
    """The case tables with their Chinese names, descriptions and sizes.

    Returns:
        A table with columns ``name``, ``中文名``, ``公司``, ``说明``, ``行数``, ``列数``,
        one row per table (``行数`` is -1 if a file is missing).

    >>> cases = list_cases()
    >>> cases.loc[cases["name"] == "orders", "中文名"].item()
    '订单明细'
    >>> bool((cases["行数"] > 0).all())
    True
    """
    import pandas as pd

    rows = []
    for t in SCHEMA.values():
        path = _path(t.name)
        rows.append({
            "name": t.name,
            "中文名": t.zh,
            "公司": t.company,
            "说明": f"{t.company}：{t.description}",
            "行数": _count_rows(path) if path.exists() else -1,
            "列数": len(t.columns),
        })
    return pd.DataFrame(rows)



def column_labels(name: str) -> dict[str, str]:
    """English column name -> Chinese column name for one case table (for chart labels).

    Args:
        name: the table name, e.g. ``"orders"``.

    Returns:
        A dict in column order.

    >>> column_labels("orders")["amount"]
    '销售额'
    """
    return {c.name: c.zh for c in _table(name).columns}



def _convert(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    import pandas as pd

    out = {}
    for col in table.columns:
        s = frame[col.name]
        if col.type == "date":
            s = pd.to_datetime(s, format="%Y-%m-%d")
        elif col.type == "datetime":
            s = pd.to_datetime(s, format="%Y-%m-%d %H:%M:%S")
        elif col.type == "int":
            s = pd.to_numeric(s).astype("Int64" if col.nullable else "int64")
        elif col.type == "float":
            s = pd.to_numeric(s).astype("float64")
        elif col.type == "category":
            cats = list(col.categories) if col.categories else sorted(s.dropna().unique())
            s = pd.Series(pd.Categorical(s, categories=cats, ordered=col.ordered), index=s.index)
        out[col.name] = s
    return pd.DataFrame(out, index=frame.index)



def read_case_file(path: str | Path, name: str) -> pd.DataFrame:
    """Read one case CSV file with the types of table ``name`` (used by :func:`load_case`).

    Args:
        path: the CSV file (UTF-8 with BOM, as written by ``data/generate.py``).
        name: the table name in :data:`SCHEMA`.

    Returns:
        The table with English column names and schema dtypes.

    >>> read_case_file(DATA_DIR / "products.csv", "products")["launch_year"].dtype.kind
    'i'
    """
    import pandas as pd

    table = _table(name)
    path = Path(path)
    if not path.exists():
        raise _missing_file(path)
    text_cols = {c.name: str for c in table.columns if c.type in ("str", "category", "date", "datetime")}
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=text_cols, keep_default_na=False,
                        na_values=[""], **exact_floats())
    expected = [c.name for c in table.columns]
    if list(frame.columns) != expected:
        raise DataError(
            f"案例数据文件 {path.name} 的列与说明不一致",
            f"the columns of {path.name} do not match the schema",
            fix_zh="请运行 python data/generate.py 重新生成案例数据",
            fix_en="run `python data/generate.py` to regenerate the case data",
            source=str(path),
        )
    return _convert(frame, table)



def load_case(name: str, chinese: bool = False) -> pd.DataFrame:
    """Load one table of the fictional case companies with proper column types.

    Dates and times (``YYYY-MM-DD HH:MM:SS``) become ``datetime64``, categories become
    ``Categorical`` (ordered where the values have an order, e.g. pipeline ``stage`` or
    ``member_tier``), whole numbers become ``int64`` (``Int64`` where answers may be missing).

    Args:
        name: the table name, e.g. ``"customers"`` (the Chinese name such as ``"客户档案"``
            also works); see :func:`list_cases`.
        chinese: rename the columns to their Chinese names (for display).

    Returns:
        The table as a DataFrame.

    Raises:
        DataError: if there is no such table (the message suggests the closest name).

    >>> orders = load_case("orders")
    >>> str(orders["order_date"].dtype).startswith("datetime64")
    True
    >>> str(load_case("member_events")["event_time"].dtype).startswith("datetime64")
    True
    >>> load_case("products", chinese=True).columns[:2].tolist()
    ['产品编号', '产品名称']
    """
    table = _table(name)
    frame = read_case_file(_path(table.name), table.name)
    if chinese:
        frame = frame.rename(columns=column_labels(table.name))
    return frame



def _cdnow_path() -> Path | None:
    spec = importlib.util.find_spec("lifetimes")
    if spec is not None and spec.submodule_search_locations:
        for base in spec.submodule_search_locations:
            candidate = Path(base) / "datasets" / "CDNOW_master.txt"
            if candidate.exists():
                return candidate
    try:
        files = importlib.metadata.files("lifetimes") or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for f in files:
        if f.name == "CDNOW_master.txt":
            located = Path(str(f.locate()))
            if located.exists():
                return located
    return None



def load_cdnow() -> pd.DataFrame:
    """The real CDNOW transactions: 69,659 purchases by 23,570 customers, 1997-01..1998-06.

    CDNOW was an online CD shop. This is the "master" transaction file of the cohort of
    customers who made their first purchase in the first quarter of 1997, as used by
    Fader, Hardie & Lee ("Counting your customers the easy way", Marketing Science,
    2005) and distributed with the ``lifetimes`` Python package (Apache-2.0 licence).
    It is read straight from the installed package, without importing it.

    Returns:
        A table with columns ``customer_id`` (int), ``date`` (datetime64),
        ``quantity`` (int, CDs bought) and ``amount`` (float, US dollars).

    Raises:
        DataError: if the ``lifetimes`` package is not installed.

    >>> cd = load_cdnow()
    >>> len(cd), cd["customer_id"].nunique()
    (69659, 23570)
    >>> str(cd["date"].min().date()), str(cd["date"].max().date())
    ('1997-01-01', '1998-06-30')
    """
    import pandas as pd

    path = _cdnow_path()
    if path is None:
        raise DataError(
            "找不到 CDNOW 数据：没有安装 lifetimes 程序包",
            "the CDNOW data were not found: the package 'lifetimes' is not installed",
            fix_zh="请在课程文件夹里重新运行 python course.py 完成安装，或运行 pip install lifetimes",
            fix_en="run `python course.py` again to finish the setup, or `pip install lifetimes`",
        )
    frame = pd.read_csv(path, sep=r"\s+", header=0,
                        names=["customer_id", "date", "quantity", "amount"],
                        dtype={"customer_id": "int64", "date": str, "quantity": "int64",
                               "amount": "float64"})
    frame["date"] = pd.to_datetime(frame["date"], format="%Y%m%d")
    return frame



def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")



def render_readme(row_counts: dict[str, int] | None = None) -> str:
    """The text of ``data/README.md``, rendered from :data:`SCHEMA`.

    Args:
        row_counts: table name -> number of data rows (``None`` reads the files in
            ``data/``; a missing table shows "—").

    Returns:
        Markdown text ending with a newline.

    >>> text = render_readme({})
    >>> "虚构" in text and "| amount | 销售额 |" in text
    True
    """
    if row_counts is None:
        row_counts = {n: _count_rows(_path(n)) for n in SCHEMA if _path(n).exists()}
    lines = [
        "# 案例数据说明（Case data）",
        "",
        "> 本文件由 `python data/generate.py` 根据 `helpers/cases.py` 中的 `SCHEMA` 自动生成，请不要手工修改。",
        ("> This file is generated from `SCHEMA` in `helpers/cases.py` by `python data/generate.py`; "
         "do not edit it by hand."),
        "",
        "## 数据是虚构的（The data are fictional）",
        "",
        "课程中的两家公司 **青岚工控**（B2B 工业自动化部件供应商）和 **山禾生活会员店**（B2C 会员制零售店）"
        "都是**虚构**的：公司、客户、人名和所有数字都由程序随机生成，与任何真实企业无关。"
        "数据有意做得“像真的”：客户价值高度集中但不是正好 80/20、春节淡季和年底冲量、区域差异、客户流失、"
        "问卷有漏答、访谈纪要需要编码，以便练习真实的分析步骤。",
        "",
        "Both companies, Qinglan Industrial Controls (B2B) and Shanhe Living membership store (B2C), are "
        "**fictional**: names, people and figures are randomly generated and describe no real company.",
        "",
        "## 如何生成与检查（How the data are generated）",
        "",
        "- 生成脚本：`data/generate.py`，使用 numpy 随机数生成器，固定种子（seed）`20250601`，"
        "不依赖当前时间；同一版本的脚本每次生成的文件逐字节相同。",
        "- 重新生成（regenerate）：在课程文件夹中运行 `python data/generate.py`。",
        "- 检查（check）：`python data/generate.py --check` 在临时文件夹中重新生成并与 `data/` 中的文件逐字节比较，"
        "不同则列出文件名并返回退出码 1。",
        "- 文件格式：CSV，UTF-8 带 BOM（`utf-8-sig`，Excel 可直接打开中文），列名为英文，日期为 `YYYY-MM-DD`，"
        "时间（datetime）为 `YYYY-MM-DD HH:MM:SS`，"
        "金额单位为元（另有说明者除外）。",
        "- 在 Python 中读取：`helpers.load_case(\"orders\")` 会设置好日期、分类等类型；"
        "`helpers.load_case(\"orders\", chinese=True)` 把列名换成中文；`helpers.list_cases()` 列出全部表。",
        "",
        "## 真实数据：CDNOW（Real data: CDNOW）",
        "",
        "`helpers.load_cdnow()` 读取真实的 CDNOW 交易数据：美国在线唱片店 CDNOW 在 1997 年第一季度首次购买的"
        "23,570 位顾客截至 1998 年 6 月底的全部 69,659 笔购买记录（金额单位：美元）。"
        "这份数据由 Fader、Hardie 与 Lee 在客户价值研究中使用（\"Counting Your Customers\" the Easy Way, "
        "Marketing Science, 2005），随 Python 程序包 `lifetimes`（Apache-2.0 许可）发布；"
        "本课程直接从已安装的 `lifetimes` 包中读取文件 `lifetimes/datasets/CDNOW_master.txt`，不联网。",
        "",
        "| 列 column | 中文名 | 含义 | 单位 | 类型 |",
        "|---|---|---|---|---|",
        "| customer_id | 顾客编号 | 顾客的编号 | | int |",
        "| date | 购买日期 | 购买日期（1997-01-01 至 1998-06-30） | | date |",
        "| quantity | 数量 | 购买的 CD 张数 | 张 | int |",
        "| amount | 金额 | 购买金额 | 美元 | float |",
        "",
        "## 表一览（Tables）",
        "",
        "| 表 table | 中文名 | 公司 | 行数 rows | 列数 columns |",
        "|---|---|---|---:|---:|",
    ]
    for t in SCHEMA.values():
        n = row_counts.get(t.name)
        lines.append(f"| [{t.name}](#{t.name}) | {t.zh} | {t.company} | "
                     f"{'—' if n is None else f'{n:,}'} | {len(t.columns)} |")
    for company in (B2B, B2C):
        if lines[-1] != "":
            lines.append("")
        lines += [f"## {company}", ""]
        for t in SCHEMA.values():
            if t.company != company:
                continue
            n = row_counts.get(t.name)
            lines += [
                f"<a id=\"{t.name}\"></a>",
                "",
                f"### {t.zh}（{t.name}，`data/{t.name}.csv`）",
                "",
                t.description,
                "",
                f"行数（rows）：{'—' if n is None else f'{n:,}'}",
                "",
                "| 列 column | 中文名 | 含义 | 单位 | 类型 |",
                "|---|---|---|---|---|",
            ]
            for c in t.columns:
                meaning = c.meaning
                if c.type == "category":
                    sep = " < " if c.ordered else "、"
                    meaning += f"。取值：{sep.join(c.categories)}" if c.categories else ""
                kind = c.type
                if c.type == "category" and c.ordered:
                    kind = "category（有序）"
                if c.type == "int" and c.nullable:
                    kind = "int（可缺失）"
                lines.append(f"| {c.name} | {_md_cell(c.zh)} | {_md_cell(meaning)} | {_md_cell(c.unit)} | {kind} |")
            lines.append("")
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
