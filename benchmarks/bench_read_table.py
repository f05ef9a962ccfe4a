"""Benchmark: helpers.read_table against bare pandas, on a large GBK CSV and a large xlsx.

Targets (issue 12):

* a 1,000,000-row GBK CSV: ``read_table`` within 2x the time and 2x the peak memory of a
  bare ``pd.read_csv(path, encoding="gbk")``;
* a 200,000-row xlsx: ``read_table`` at least 3x faster than ``pd.read_excel(path,
  engine="openpyxl")``. ``read_table`` reads xlsx with python-calamine when it is installed
  (:func:`helpers.data.xlsx.xlsx_engine`), else with openpyxl -- the table says which.

Each measurement runs in a fresh Python process (so that peak memory -- the process's
maximum resident set -- belongs to that one read), alternating baseline and ours; the
table shows the median of ``--runs`` runs and the ratios against the targets.

Usage::

    python benchmarks/bench_read_table.py                       # 1M-row CSV, 200k-row xlsx (a few minutes)
    python benchmarks/bench_read_table.py --rows 100000 --xlsx-rows 20000 --runs 3   # a quick run
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

CACHE = Path(tempfile.gettempdir()) / "course-bench-read-table"

#: What each child process runs: (label, code); ``PATH`` is replaced by the file.
READERS = {
    "csv-bare": "import pandas as pd; df = pd.read_csv(PATH, encoding='gbk')",
    "csv-ours": "from helpers.data.read import read_table; df = read_table(PATH)",
    "xlsx-bare": "import pandas as pd; df = pd.read_excel(PATH, engine='openpyxl')",
    "xlsx-ours": "from helpers.data.read import read_table; df = read_table(PATH)",
}

CHILD = """
import json, resource, sys, time
PATH = sys.argv[1]
start = time.perf_counter()
{code}
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB -> MiB
print(json.dumps({{"seconds": seconds, "peak_mb": peak, "shape": list(df.shape)}}))
"""


def orders(rows: int, seed: int = 1) -> pd.DataFrame:
    """An order export as a CRM writes it: ids, dates, amounts, quantities, regions, notes."""
    rng = np.random.default_rng(seed)
    regions = np.array(["华东", "华南", "华北", "西南", "西北", "东北", "华中"])
    notes = np.array(["老客户", "新客户，首次下单", "", "退货后重新下单", "大客户推荐", "线上渠道"])
    days = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 700, rows), unit="D")
    return pd.DataFrame({
        "订单编号": [f"O{i:07d}" for i in range(rows)],
        "客户编号": [f"C{c:05d}" for c in rng.integers(0, 50_000, rows)],
        "下单日期": days.strftime("%Y-%m-%d"),
        "金额": np.round(rng.gamma(2, 500, rows), 2),
        "数量": rng.integers(1, 20, rows),
        "区域": regions[rng.integers(0, len(regions), rows)],
        "备注": notes[rng.integers(0, len(notes), rows)],
    })


def gbk_csv(rows: int) -> Path:
    path = CACHE / f"orders_{rows}_gbk.csv"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        orders(rows).to_csv(path, index=False, encoding="gbk")
    return path


def xlsx(rows: int) -> Path:
    path = CACHE / f"orders_{rows}.xlsx"
    if not path.exists():
        from openpyxl import Workbook

        CACHE.mkdir(parents=True, exist_ok=True)
        frame = orders(rows)
        book = Workbook(write_only=True)
        sheet = book.create_sheet("订单")
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append([v.item() if hasattr(v, "item") else v for v in row])
        book.save(path)
    return path


def measure(kind: str, path: Path) -> dict:
    code = CHILD.format(code=READERS[kind].replace("PATH", "PATH"))
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def compare(base: str, ours: str, path: Path, runs: int) -> tuple[dict, dict]:
    results: dict[str, list[dict]] = {base: [], ours: []}
    for _ in range(runs):
        for kind in (base, ours):
            results[kind].append(measure(kind, path))
    median = {k: {"seconds": statistics.median(r["seconds"] for r in v),
                  "peak_mb": statistics.median(r["peak_mb"] for r in v), "shape": v[0]["shape"]}
              for k, v in results.items()}
    return median[base], median[ours]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the GBK CSV")
    parser.add_argument("--xlsx-rows", type=int, default=200_000, help="rows of the xlsx")
    parser.add_argument("--runs", type=int, default=5, help="runs of each reader (median shown)")
    args = parser.parse_args(argv)
    from helpers.data.xlsx import xlsx_engine

    csv_path, xlsx_path = gbk_csv(args.rows), xlsx(args.xlsx_rows)
    csv_base, csv_ours = compare("csv-bare", "csv-ours", csv_path, args.runs)
    xl_base, xl_ours = compare("xlsx-bare", "xlsx-ours", xlsx_path, max(1, min(args.runs, 3)))
    time_ratio = csv_ours["seconds"] / csv_base["seconds"]
    mem_ratio = csv_ours["peak_mb"] / csv_base["peak_mb"]
    speedup = xl_base["seconds"] / xl_ours["seconds"]
    rows = [
        ("GBK CSV, time", f"{args.rows:,} rows", f"pd.read_csv(encoding='gbk') {csv_base['seconds']:.2f} s",
         f"{csv_ours['seconds']:.2f} s", f"{time_ratio:.2f}x", "<= 2x", time_ratio <= 2),
        ("GBK CSV, peak memory", f"{args.rows:,} rows", f"{csv_base['peak_mb']:.0f} MB",
         f"{csv_ours['peak_mb']:.0f} MB", f"{mem_ratio:.2f}x", "<= 2x", mem_ratio <= 2),
        (f"xlsx, time (ours: {xlsx_engine()})", f"{args.xlsx_rows:,} rows",
         f"pd.read_excel(engine='openpyxl') {xl_base['seconds']:.2f} s", f"{xl_ours['seconds']:.2f} s",
         f"{speedup:.2f}x faster", ">= 3x faster", speedup >= 3),
    ]
    header = ("measure", "size", "baseline", "read_table", "ratio", "target", "met")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"median of {args.runs} runs (xlsx: {max(1, min(args.runs, 3))}), each in a fresh process")
    for r in [header, *rows]:
        print(" | ".join(str("yes" if v is True else "NO" if v is False else v).ljust(w) for v, w in zip(r, widths)))
    assert csv_ours["shape"] == csv_base["shape"] and xl_ours["shape"] == xl_base["shape"], "the tables differ"
    return 0


if __name__ == "__main__":
    sys.exit(main())
