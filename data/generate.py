"""Generate the fictional case data of the course (青岚工控 and 山禾生活会员店).

Usage::

    python data/generate.py            # (re)write data/*.csv and data/README.md
    python data/generate.py --check    # regenerate into a temporary folder and compare byte for byte

Everything is derived from one fixed seed with numpy's ``default_rng``; nothing depends on the
clock or on dict/set ordering, and values are written through the ``csv`` module with explicit
number formats, so the same script gives the same bytes on every machine and pandas version.
The tables and their columns are defined once, in ``helpers.data.schema.SCHEMA``.

All companies, people and figures are invented (虚构).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import math
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent
ROOT = DATA_DIR.parent
for _folder in (ROOT, DATA_DIR):  # allow `python data/generate.py` from a fresh checkout
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from gen_b2b import build_b2b  # noqa: E402 (needs the sys.path insert above)
from gen_b2c import build_b2c  # noqa: E402
from gen_common import Row  # noqa: E402

from helpers.data.cases import render_readme  # noqa: E402
from helpers.data.schema import SCHEMA, Table  # noqa: E402


def _fmt(value: Any, kind: str, decimals: int) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if kind == "int":
        return str(int(value))
    if kind == "float":
        text = f"{round(float(value), decimals):.{decimals}f}"
        return text[1:] if text.startswith("-") and float(text) == 0 else text
    if kind == "date":
        assert isinstance(value, dt.date), value
        return value.isoformat()
    if kind == "datetime":
        assert isinstance(value, dt.datetime), value
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def table_bytes(table: Table, rows: Sequence[Row]) -> bytes:
    """One table as CSV bytes: UTF-8 with BOM, '\\n' line ends, header = schema column names."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    for row in rows:
        assert len(row) == len(table.columns), (table.name, row)
        writer.writerow([_fmt(v, c.type, c.decimals) for v, c in zip(row, table.columns)])
    return buf.getvalue().encode("utf-8-sig")


def build_all() -> dict[str, bytes]:
    """Every output file name -> its bytes (the CSV files and README.md)."""
    tables = {**build_b2b(), **build_b2c()}
    missing = set(SCHEMA) ^ set(tables)
    assert not missing, f"tables not generated or not in the schema: {sorted(missing)}"
    files: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    for name, table in SCHEMA.items():
        files[f"{name}.csv"] = table_bytes(table, tables[name])
        counts[name] = len(tables[name])
    files["README.md"] = render_readme(counts).encode("utf-8")
    return files


def write_all(out_dir: Path) -> list[Path]:
    """Generate everything into ``out_dir`` (created if needed) and return the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fname, data in build_all().items():
        path = out_dir / fname
        path.write_bytes(data)
        written.append(path)
    return written


def check(data_dir: Path = DATA_DIR) -> list[str]:
    """Regenerate into a temporary folder; return the names of files that differ from ``data_dir``."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        write_all(fresh)
        diff = []
        for path in sorted(fresh.iterdir()):
            committed = data_dir / path.name
            if not committed.exists() or committed.read_bytes() != path.read_bytes():
                diff.append(path.name)
    return diff


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the fictional case data (虚构案例数据).")
    parser.add_argument("--check", action="store_true",
                        help="regenerate into a temporary folder and compare with data/ byte for byte")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder (default: data/)")
    args = parser.parse_args(argv)
    if args.check:
        diff = check(args.out)
        if diff:
            print("与重新生成的结果不一致 / differ from a fresh generation: " + ", ".join(diff))
            return 1
        print("案例数据与生成脚本一致 / case data are up to date")
        return 0
    written = write_all(args.out)
    total = sum(p.stat().st_size for p in written if p.suffix == ".csv")
    print(f"wrote {len(written)} files to {args.out} ({total / 1e6:.2f} MB of CSV)")
    return 0



if __name__ == "__main__":
    sys.exit(main())
