"""Benchmark: one update of the segmentation widget on 100,000 customers.

Targets: the pure update (:func:`helpers.analysis.segmentation.segment_update`) takes at most 50 ms
(median), and one full update of the widget -- labels, summary table, chart bytes -- is at least
5x faster than the naive recompute from the transactions. Measured in the same run, on the same
customers and the same sequence of slider positions:

* **naive recompute (baseline)** -- what a notebook does without precomputation: on every
  slider move, recompute RFM from the transaction log (``rfm_table`` + ``rfm_scores``),
  label the customers with pandas and group by segment;
* **pandas on the customer table** -- RFM precomputed once, labels and summary with pandas;
* **segment_update** -- the widget's pure update function, for both schemes;
* **full widget callback** -- ``SegmentWidget.update()``: the pure update plus the summary
  table (HTML) and the two-panel chart rebuilt as SVG (what the browser gets; vector, so
  sharp at any size).

Usage::

    python benchmarks/bench_segments.py                    # 100,000 customers
    python benchmarks/bench_segments.py --customers 20000 --updates 10
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from helpers.analysis import rfm, rfm_segments
from helpers.analysis import segmentation as sg
from helpers.widgets import segmentation


def synthetic_transactions(n_customers: int, seed: int = 11) -> pd.DataFrame:
    """About 6 purchases per customer over two years; 55% buy only once."""
    rng = np.random.default_rng(seed)
    per_customer = np.where(rng.random(n_customers) < 0.55, 1, rng.integers(2, 25, n_customers))
    ids = np.repeat(np.arange(n_customers), per_customer)
    days = rng.integers(0, 730, len(ids))
    return pd.DataFrame({
        "customer_id": ids,
        "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D"),
        "amount": np.round(rng.lognormal(5, 1, len(ids)), 2),
    })


def slider_positions(data: sg.SegmentData, n: int) -> list[sg.SegmentParams]:
    """A fixed sequence of slider moves around the defaults (both schemes)."""
    base = sg.default_params(data)
    rng = np.random.default_rng(5)
    out = []
    for i in range(n):
        out.append(sg.replace(base, r_days=float(rng.integers(10, 600)), f_min=float(rng.integers(1, 10)),
                              m_min=float(rng.integers(50, 3000))))
        out.append(sg.replace(base, scheme="weighted", focus="高价值客户", w_r=float(rng.uniform(0, 3)),
                              w_f=float(rng.uniform(0, 3)), w_m=float(rng.uniform(0.1, 3)),
                              cut_high=4.0, cut_mid=float(rng.uniform(1.5, 3.5))))
        del i
    return out


def pandas_labels(table: pd.DataFrame, scored: pd.DataFrame | None, p: sg.SegmentParams) -> pd.DataFrame:
    if p.scheme == "rfm8":
        key = pd.DataFrame({
            "R": np.where(table["recency_days"] <= p.r_days, "高", "低"),
            "F": np.where(table["purchases"] >= p.f_min, "高", "低"),
            "M": np.where(table["monetary"] >= p.m_min, "高", "低"),
        }, index=table.index)
        lookup = rfm_segments.rfm8_table().set_index(["R", "F", "M"])["客户类型"]
        labels = key.merge(lookup, left_on=["R", "F", "M"], right_index=True, how="left")["客户类型"]
    else:
        assert scored is not None
        score = (p.w_r * scored["R"] + p.w_f * scored["F"] + p.w_m * scored["M"]) / (p.w_r + p.w_f + p.w_m)
        labels = pd.Series(np.select([score >= p.cut_high, score >= p.cut_mid], ["高价值客户", "中价值客户"],
                                     "低价值客户"), index=table.index)
    summary = table.groupby(labels)["monetary"].agg(["size", "sum"])
    summary["客户占比"] = summary["size"] / len(table)
    summary["销售额占比"] = summary["sum"] / table["monetary"].sum()
    return summary


def timed(fn: Callable[[sg.SegmentParams], object], params: list[sg.SegmentParams]) -> list[float]:
    times = []
    for p in params:
        t0 = time.perf_counter()
        fn(p)
        times.append(time.perf_counter() - t0)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--updates", type=int, default=20, help="slider moves per scheme")
    args = parser.parse_args(argv)

    tx = synthetic_transactions(args.customers)
    t0 = time.perf_counter()
    table = rfm.rfm_table(tx)
    data = sg.prepare_segments(table)
    prep = time.perf_counter() - t0
    scored = rfm.rfm_scores(table)
    params = slider_positions(data, args.updates)
    print(f"{len(data):,} customers, {len(tx):,} transactions; {len(params)} slider moves "
          f"({args.updates} per scheme); one-off preparation (rfm_table + prepare_segments): {prep * 1000:.0f} ms")

    def naive(p: sg.SegmentParams) -> object:
        t = rfm.rfm_table(tx)
        s = rfm.rfm_scores(t)
        return pandas_labels(t, s, p)

    results: dict[str, list[float]] = {
        "naive recompute from transactions (baseline)": timed(naive, params[: max(4, len(params) // 5)]),
        "pandas on the precomputed customer table": timed(lambda p: pandas_labels(table, scored, p), params),
        "segment_update, RFM 八类": timed(lambda p: sg.segment_update(data, p), params[0::2]),
        "segment_update, 加权得分": timed(lambda p: sg.segment_update(data, p), params[1::2]),
    }

    # The full callback of the widget: pure update + HTML table + chart re-rendered to PNG.
    import matplotlib

    matplotlib.use("Agg")
    widget = segmentation.SegmentWidget(tx)

    def callback(p: sg.SegmentParams) -> None:
        widget._loading = True  # set the controls without triggering the callback
        widget.scheme.value = p.scheme
        widget.r_days.value, widget.f_min.value = int(p.r_days), int(p.f_min)
        widget.m_min.value = min(p.m_min, widget.m_min.max)
        widget.w_r.value, widget.w_f.value, widget.w_m.value = p.w_r, p.w_f, p.w_m
        widget.cut_mid.value = p.cut_mid
        widget._loading = False
        widget.update()

    callback(params[0])
    callback(params[1])  # both charts built once, as after the first move of each scheme
    full = "full widget callback (update + table + chart SVG)"
    results[full] = timed(callback, params[: max(6, len(params) // 2)])
    print(f"chart bytes per update: {len(widget.chart.value.encode()):,}")

    base_name = next(iter(results))
    base = statistics.median(results[base_name])
    print()
    print("| step | runs | median (ms) | 90th pct (ms) | speed-up vs naive recompute |")
    print("|---|---:|---:|---:|---:|")
    for name, times in results.items():
        med = statistics.median(times)
        p90 = float(np.percentile(times, 90))
        ratio = base / med
        print(f"| {name} | {len(times)} | {med * 1000:.1f} | {p90 * 1000:.1f} | "
              f"{ratio:.0f}× |" if ratio >= 10 else
              f"| {name} | {len(times)} | {med * 1000:.1f} | {p90 * 1000:.1f} | {ratio:.1f}× |")
    pure = max(statistics.median(results["segment_update, RFM 八类"]),
               statistics.median(results["segment_update, 加权得分"]))
    print(f"\nTarget (pure update at most 50 ms median): {'met' if pure <= 0.05 else 'NOT met'} "
          f"({pure * 1000:.1f} ms)")
    speed = base / statistics.median(results[full])
    print(f"Target (full widget update at least 5x faster than the naive recompute): "
          f"{'met' if speed >= 5 else 'NOT met'} ({speed:.0f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
