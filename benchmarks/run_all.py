"""Every benchmark of the course in one table: medians, ratios to a named baseline, targets met or missed.

Run on demand (not in the test suite), with the course environment's Python::

    .venv/bin/python benchmarks/run_all.py            # full sizes (about 6 minutes on 2 cores)
    .venv/bin/python benchmarks/run_all.py --quick    # small sizes, to check the script

Each figure is the median of several runs, measured side by side with its baseline in the same
run. Peak memory is the peak of memory traced by ``tracemalloc`` during one call (numpy and pandas
report their buffers to it), measured in a separate run from the timing. The table marks each
target that an issue named as met or missed, and for a miss by how much. The README shows the
latest table with the date, the machine and this command.

The individual scripts (``bench_rfm.py``, ``bench_cohorts.py``, ``bench_segments.py``,
``bench_read_table.py``, and ``bench_browser.py`` for the slider as a trainee feels it in
Chromium) print more detail on one topic; this script reuses their data
generators and baselines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]


@dataclass
class Row:
    """One line of the table."""

    what: str
    size: str
    ours: float            # seconds (median)
    baseline_name: str
    baseline: float | None  # seconds (median)
    peak_mb: float | None = None
    baseline_peak_mb: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> str:
        if not self.baseline:
            return "—"
        r = self.baseline / self.ours
        return f"{r:.1f}× faster" if r >= 1 else f"{1 / r:.2f}× slower"


def median_time(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def peak_mb(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


# ---------------------------------------------------------------------------------------------
# the measurements
# ---------------------------------------------------------------------------------------------

def rfm_rows(sizes: list[int], runs: int) -> list[Row]:
    import bench_rfm

    from helpers import load_cdnow, rfm_summary

    rows = []
    for size in sizes:
        if size == 0:
            tx = load_cdnow()[["customer_id", "date", "amount"]]
            label = f"{len(tx):,} (CDNOW)"
        else:
            tx = bench_rfm.synthetic_transactions(size)
            label = f"{size:,}"
        def ours(tx=tx):
            return rfm_summary(tx, "customer_id", "date", "amount")

        t_ours, m_ours = median_time(ours, runs), peak_mb(ours)
        for name, base in (("lifetimes summary_data_from_transaction_data", bench_rfm.lifetimes_summary),
                           ("pandas groupby", bench_rfm.pandas_groupby)):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t_base = median_time(lambda b=base, tx=tx: b(tx), max(1, runs - 2) if size >= 5_000_000 else runs)
                m_base = peak_mb(lambda b=base, tx=tx: b(tx))
            rows.append(Row("rfm_summary", label, t_ours, name, t_base, m_ours, m_base))
    return rows


def cohort_funnel_rows(size: int, runs: int) -> list[Row]:
    import bench_cohorts

    from helpers.analysis.cohorts import cohort_retention
    from helpers.analysis.funnel import event_funnel

    tx, ev = bench_cohorts.synthetic_transactions(size), bench_cohorts.synthetic_events(size)
    steps = bench_cohorts.STEPS
    out = []
    for what, ours, base in (
        ("cohort_retention (monthly)", lambda: cohort_retention(tx, "customer_id", "date", "M"),
         lambda: bench_cohorts.pandas_cohorts(tx, "M")),
        ("event_funnel (ordered, 60 days)",
         lambda: event_funnel(ev, "user_id", "event", "time", steps, window_days=60),
         lambda: bench_cohorts.pandas_funnel(ev, steps, window_days=60)),
    ):
        t = median_time(ours, runs)
        out.append(Row(what, f"{size:,}", t, "plain pandas", median_time(base, max(1, runs // 2)),
                       peak_mb(ours), None, "≤ 1 s at 1,000,000 rows (issue 10)",
                       t <= 1.0 if size >= 1_000_000 else None))
    return out


def segmentation_rows(customers: int, updates: int) -> list[Row]:
    import bench_segments

    from helpers.analysis import rfm
    from helpers.analysis import segmentation as sg
    from helpers.widgets import segmentation

    tx = bench_segments.synthetic_transactions(customers)
    widget = segmentation.SegmentWidget(tx, "customer_id", "date", "amount")
    data = widget.data
    params = bench_segments.slider_positions(data, max(1, updates // 2))

    def naive() -> None:
        for p in params:
            table = rfm.rfm_table(tx, "customer_id", "date", "amount")
            bench_segments.pandas_labels(table, rfm.rfm_scores(table), p)

    def full() -> None:
        for p in params:
            widget.params = p
            widget.update()

    def pure() -> None:
        for p in params:
            sg.segment_update(data, p)

    n = len(params)
    t_full, t_naive, t_pure = median_time(full, 3) / n, median_time(naive, 3) / n, median_time(pure, 3) / n
    speed = t_naive / t_full
    return [
        Row("segmentation: one full widget update (labels, table, chart)", f"{customers:,} customers", t_full,
            "recompute from transactions", t_naive, None, None, "≥ 5× faster than recomputing (issue 11)",
            speed >= 5 if customers >= 100_000 else None),
        Row("segmentation: pure update (segment_update)", f"{customers:,} customers", t_pure,
            "recompute from transactions", t_naive, None, None, "≤ 50 ms (lecture 2)",
            t_pure <= 0.05 if customers >= 100_000 else None),
    ]


def read_table_rows(csv_rows: int, xlsx_rows: int, runs: int) -> list[Row]:
    import bench_read_table as brt

    from helpers.data.read import xlsx_engine

    csv_base, csv_ours = brt.compare("csv-bare", "csv-ours", brt.gbk_csv(csv_rows), runs)
    xl_base, xl_ours = brt.compare("xlsx-bare", "xlsx-ours", brt.xlsx(xlsx_rows), max(1, min(runs, 3)))
    t_ratio = csv_ours["seconds"] / csv_base["seconds"]
    m_ratio = csv_ours["peak_mb"] / csv_base["peak_mb"]
    speed = xl_base["seconds"] / xl_ours["seconds"]
    full = csv_rows >= 1_000_000
    return [
        Row("read_table, GBK CSV (time; peak = process RSS)", f"{csv_rows:,} rows", csv_ours["seconds"],
            "pd.read_csv(encoding='gbk')", csv_base["seconds"], csv_ours["peak_mb"], csv_base["peak_mb"],
            "≤ 2× the time and ≤ 2× the memory (issue 12)", (t_ratio <= 2 and m_ratio <= 2) if full else None,
            f"time {t_ratio:.2f}×, memory {m_ratio:.2f}× of the baseline"),
        Row(f"read_table, xlsx (engine: {xlsx_engine()})", f"{xlsx_rows:,} rows", xl_ours["seconds"],
            "pd.read_excel(engine='openpyxl')", xl_base["seconds"], None, None, "≥ 3× faster (issue 12)",
            speed >= 3 if xlsx_rows >= 200_000 else None),
    ]


def _child_seconds(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", f"import time; t=time.perf_counter(); {code}; "
                              "print(time.perf_counter()-t)"], capture_output=True, text=True, check=True,
                             cwd=ROOT, env={**os.environ, "MPLBACKEND": "Agg"})
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def import_rows(runs: int) -> list[Row]:
    base = _child_seconds("import pandas", runs)
    return [
        Row("import helpers", "—", _child_seconds("import helpers", runs), "import pandas", base,
            note="lazy: imports nothing heavy"),
        Row("import helpers + helpers.setup()", "—", _child_seconds("import helpers; helpers.setup()", runs),
            "import pandas", base, note="setup loads matplotlib and the Chinese font"),
    ]


def notebook_rows(runs: int) -> list[Row]:
    import nbformat

    from helpers.course.grading import execute_notebook

    env = {"MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import helpers\nhelpers.setup()")])
    base = median_time(lambda: execute_notebook(empty, ROOT / "notebooks", timeout=300, env=env), runs)
    rows = []
    for path in sorted((ROOT / "notebooks").glob("0[0-9]_*.ipynb")):
        def run(p: Path = path) -> None:
            execute_notebook(nbformat.read(p, as_version=4), p.parent, timeout=600, env=env)
        rows.append(Row(f"execute {path.stem}", f"{len(nbformat.read(path, as_version=4).cells)} cells",
                        median_time(run, runs), "kernel start + helpers.setup()", base))
    return rows


# ---------------------------------------------------------------------------------------------
# the table
# ---------------------------------------------------------------------------------------------

def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            mem = f"{int(f.readline().split()[1]) / 2**20:.0f} GiB RAM, "
    except OSError:
        pass
    import numpy
    import pandas
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {mem}Python "
            f"{platform.python_version()}, pandas {pandas.__version__}, numpy {numpy.__version__}")


def render(rows: list[Row], command: str) -> str:
    def fmt_s(x: float | None) -> str:
        return "—" if x is None else (f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s")

    def fmt_mb(x: float | None) -> str:
        return "—" if x is None else f"{x:,.0f} MB"

    lines = [f"Date: {dt.date.today().isoformat()} · Machine: {machine()} · Command: `{command}`", "",
             "| measurement | size | ours (median) | baseline | baseline (median) | ratio | peak memory "
             "(ours / baseline) | target | result |",
             "|---|---|---:|---|---:|---:|---:|---|---|"]
    for r in rows:
        result = "—" if r.met is None else ("met" if r.met else "**missed**")
        if r.note:
            result = f"{result} ({r.note})" if r.met is not None else r.note
        memory = "—" if r.peak_mb is None else f"{fmt_mb(r.peak_mb)} / {fmt_mb(r.baseline_peak_mb)}"
        lines.append(f"| {r.what} | {r.size} | {fmt_s(r.ours)} | {r.baseline_name} | {fmt_s(r.baseline)} | "
                     f"{r.ratio} | {memory} | {r.target or '—'} | {result} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one run each (checks the script)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median reported)")
    parser.add_argument("--skip", nargs="*", default=[],
                        help="parts to leave out: rfm cohorts segments browser read import notebooks")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows as JSON")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    rows: list[Row] = []

    def browser_rows() -> list[Row]:
        import bench_browser

        python_update = next((r.ours for r in rows if r.what.startswith("segmentation: one full")), None)
        return bench_browser.slider_rows(5_000 if args.quick else 100_000, 5 if args.quick else 20, python_update)

    parts: list[tuple[str, Callable[[], list[Row]]]] = [
        ("rfm", lambda: rfm_rows([0, 20_000] if args.quick else [0, 1_000_000, 5_000_000], max(3, runs))),
        ("cohorts", lambda: cohort_funnel_rows(50_000 if args.quick else 1_000_000, runs)),
        ("segments", lambda: segmentation_rows(5_000 if args.quick else 100_000, 4 if args.quick else 20)),
        ("browser", browser_rows),
        ("read", lambda: read_table_rows(20_000 if args.quick else 1_000_000, 2_000 if args.quick else 200_000,
                                         runs)),
        ("import", lambda: import_rows(runs)),
        ("notebooks", lambda: notebook_rows(1 if args.quick else 3)),
    ]
    for name, part in parts:
        if name in args.skip:
            continue
        t0 = time.perf_counter()
        rows += part()
        print(f"[{name}: {time.perf_counter() - t0:.0f} s]", file=sys.stderr, flush=True)
    command = "python benchmarks/run_all.py" + (" --quick" if args.quick else "")
    print(render(rows, command))
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=1), encoding="utf-8")
    missed = [r for r in rows if r.met is False]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
