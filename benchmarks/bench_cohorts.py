"""Benchmark: helpers.cohort_retention and helpers.event_funnel against plain pandas, on a million rows.

Both helpers must take at most 1 second on 1,000,000 transactions / events (about 100,000
customers) on a 2-core machine (issue 10). The script builds a synthetic transaction log and
a synthetic event log, times each helper and a straightforward pandas version of the same
computation in the same run (median of several runs), checks that they agree, and prints a
table with the times and the speed-up against the pandas baseline.

Usage::

    python benchmarks/bench_cohorts.py                  # 1,000,000 rows, 5 runs each
    python benchmarks/bench_cohorts.py --rows 200000    # a quick run
    python benchmarks/bench_cohorts.py --text-ids       # customer ids as text, as in CRM exports
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from helpers.analysis.cohorts import cohort_retention
from helpers.analysis.funnel import event_funnel

TARGET_SECONDS = 1.0
STEPS = ["注册", "浏览", "加购", "下单", "下单"]


def synthetic_transactions(rows: int, seed: int = 11, text_ids: bool = False) -> pd.DataFrame:
    """``rows`` transactions of about rows/10 customers over three years (most buy once or twice)."""
    rng = np.random.default_rng(seed)
    n = max(rows // 10, 1)
    weights = rng.pareto(1.3, n) + 0.05
    customers = rng.choice(n, size=rows, p=weights / weights.sum())
    start = np.datetime64("2022-01-01", "D")
    first = rng.integers(0, 3 * 365, size=n)
    gap = rng.exponential(120, size=rows).astype(np.int64)
    days = np.minimum(first[customers] + gap, 3 * 365 - 1)
    ids = pd.Series(customers.astype(np.int64))
    if text_ids:
        ids = "C" + ids.astype(str).str.zfill(7)
    return pd.DataFrame({"customer_id": ids, "date": pd.to_datetime(start + days.astype("timedelta64[D]"))})


def synthetic_events(rows: int, seed: int = 12, text_ids: bool = False) -> pd.DataFrame:
    """About ``rows`` events of rows/10 users: one 注册 each, then 浏览 / 加购 / 下单 at random later times."""
    rng = np.random.default_rng(seed)
    n = max(rows // 10, 1)
    joined = rng.integers(0, 300 * 86_400, size=n)
    extra = rows - n
    users = np.r_[np.arange(n), rng.integers(0, n, size=extra)]
    names = np.r_[np.zeros(n, dtype=np.int64), rng.choice([1, 2, 3], size=extra, p=[0.55, 0.25, 0.20])]
    offset = np.r_[np.zeros(n, dtype=np.int64), rng.integers(-3_600, 90 * 86_400, size=extra)]
    seconds = joined[users] + offset
    ids = pd.Series(users.astype(np.int64))
    if text_ids:
        ids = "U" + ids.astype(str).str.zfill(7)
    order = rng.permutation(len(users))
    return pd.DataFrame({
        "user_id": ids.to_numpy()[order],
        "event": pd.Categorical.from_codes(names[order], categories=["注册", "浏览", "加购", "下单"]),
        "time": pd.to_datetime(np.datetime64("2025-01-01T00:00:00") + seconds[order].astype("timedelta64[s]")),
    })


def pandas_cohorts(tx: pd.DataFrame, freq: str = "M") -> pd.DataFrame:
    """The straightforward pandas version: periods, unique pairs, first period per customer, pivot."""
    per = tx["date"].dt.to_period(freq)
    pairs = pd.DataFrame({"c": tx["customer_id"].to_numpy(), "p": per.array.asi8}).drop_duplicates()
    pairs["cohort"] = pairs.groupby("c")["p"].transform("min")
    pairs["age"] = pairs["p"] - pairs["cohort"]
    counts = pairs.pivot_table(index="cohort", columns="age", values="c", aggfunc="count", fill_value=0)
    sizes = pairs[pairs["age"] == 0].groupby("cohort").size()
    matrix = counts.div(sizes, axis=0)
    last = int(pairs["p"].max())
    matrix = matrix.reindex(columns=range(last - int(matrix.index.min()) + 1), fill_value=0.0)
    mask = matrix.index.to_numpy()[:, None] + matrix.columns.to_numpy()[None, :] > last
    return matrix.mask(mask)


def pandas_funnel(events: pd.DataFrame, steps: list[str], window_days: float | None = None) -> list[int]:
    """An ordered funnel with merges and group-bys: each step's earliest event after the previous one."""
    ev = events.sort_values(["user_id", "time"], kind="stable").reset_index(drop=True)
    ev["rank"] = np.arange(len(ev))
    first = ev[ev["event"] == steps[0]].groupby("user_id", sort=False).first()[["time", "rank"]]
    start = first["time"].rename("t1")
    prev = first.rename(columns={"time": "pt", "rank": "pr"})
    last_rank = {steps[0]: first["rank"]}
    counts = [len(prev)]
    for step in steps[1:]:
        cand = ev.loc[ev["event"] == step, ["user_id", "time", "rank"]].merge(prev, left_on="user_id",
                                                                              right_index=True)
        cand = cand.merge(start, left_on="user_id", right_index=True)
        ok = cand["time"] >= cand["pt"]
        if window_days is not None:
            ok &= cand["time"] <= cand["t1"] + pd.Timedelta(days=window_days)
        if step in last_rank:
            ok &= cand["rank"] > cand["user_id"].map(last_rank[step]).fillna(-1)
        hit = cand[ok].groupby("user_id", sort=False).first()[["time", "rank"]]
        prev = hit.rename(columns={"time": "pt", "rank": "pr"})
        last_rank[step] = hit["rank"]
        counts.append(len(hit))
    return counts


def time_it(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="transactions and events")
    parser.add_argument("--repeat", type=int, default=5, help="runs per method (median is reported)")
    parser.add_argument("--text-ids", action="store_true", help="ids as text (C0001234) instead of integers")
    args = parser.parse_args(argv)

    tx = synthetic_transactions(args.rows, text_ids=args.text_ids)
    ev = synthetic_events(args.rows, text_ids=args.text_ids)
    kind = "text" if args.text_ids else "integer"
    print(f"{len(tx):,} transactions of {tx['customer_id'].nunique():,} customers; {len(ev):,} events of "
          f"{ev['user_id'].nunique():,} users ({kind} ids); median of {args.repeat} runs")

    rows = []
    for name, ours, base, same in (
        ("cohort_retention, monthly",
         lambda: cohort_retention(tx, "customer_id", "date", "M"), lambda: pandas_cohorts(tx, "M"),
         lambda a, b: np.allclose(a.to_numpy(), b.to_numpy(), atol=1e-12, equal_nan=True)),
        ("cohort_retention, quarterly",
         lambda: cohort_retention(tx, "customer_id", "date", "Q"), lambda: pandas_cohorts(tx, "Q"),
         lambda a, b: np.allclose(a.to_numpy(), b.to_numpy(), atol=1e-12, equal_nan=True)),
        ("event_funnel, ordered, 60-day window",
         lambda: event_funnel(ev, "user_id", "event", "time", STEPS, window_days=60),
         lambda: pandas_funnel(ev, STEPS, window_days=60),
         lambda a, b: a["人数"].tolist() == b),
    ):
        t_ours, r_ours = time_it(ours, args.repeat)
        t_base, r_base = time_it(base, max(1, min(args.repeat, 3)))
        rows.append((name, t_ours, t_base, same(r_ours, r_base)))

    print()
    print("| computation | helpers (s) | plain pandas (s) | speed-up | same result | ≤ 1 s |")
    print("|---|---:|---:|---:|:---:|:---:|")
    for name, t_ours, t_base, same in rows:
        print(f"| {name} | {t_ours:.3f} | {t_base:.3f} | {t_base / t_ours:.1f}× | {'yes' if same else 'NO'} | "
              f"{'yes' if t_ours <= TARGET_SECONDS else 'NO'} |")
    met = all(t <= TARGET_SECONDS and same for _, t, _, same in rows)
    print(f"\nTarget (each helper ≤ {TARGET_SECONDS:g} s on {args.rows:,} rows, same result as pandas): "
          f"{'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
