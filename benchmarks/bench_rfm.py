"""Benchmark: helpers.rfm_summary against lifetimes and a plain pandas group-by.

All three compute lifetimes' definitions (frequency, recency, T, monetary_value) on the same
synthetic transaction log, in the same run; the script checks that they agree and prints a
table of median times with ratios against the named baseline, lifetimes'
``summary_data_from_transaction_data``. DuckDB is timed too when it is installed.

Usage::

    python benchmarks/bench_rfm.py                 # 5,000,000 transactions (about 1-2 minutes)
    python benchmarks/bench_rfm.py --rows 200000   # a quick run
    python benchmarks/bench_rfm.py --text-ids      # customer ids as text, as in CRM exports
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd

from helpers.analysis.rfm import rfm_summary

COLUMNS = ["frequency", "recency", "T", "monetary_value"]


def synthetic_transactions(rows: int, seed: int = 7, text_ids: bool = False) -> pd.DataFrame:
    """``rows`` transactions of about rows/10 customers over three years (heavy-tailed).

    With ``text_ids`` the customer ids are text such as ``C0001234`` (as in CRM exports).
    """
    rng = np.random.default_rng(seed)
    n_customers = max(rows // 10, 1)
    # a few customers buy very often, most buy once or twice (like real retail data)
    weights = rng.pareto(1.2, n_customers) + 0.05
    customers = rng.choice(n_customers, size=rows, p=weights / weights.sum())
    start = np.datetime64("2022-01-01T00:00", "m")
    minutes = rng.integers(0, 3 * 365 * 24 * 60, size=rows)
    amounts = np.round(rng.lognormal(4.0, 0.8, size=rows), 2)
    ids = pd.Series(customers.astype(np.int64))
    if text_ids:
        ids = "C" + ids.astype(str).str.zfill(7)
    return pd.DataFrame({
        "customer_id": ids,
        "date": pd.to_datetime(start + minutes.astype("timedelta64[m]")),
        "amount": amounts,
    })


def lifetimes_summary(tx: pd.DataFrame) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from lifetimes.utils import summary_data_from_transaction_data

        return summary_data_from_transaction_data(tx, "customer_id", "date", monetary_value_col="amount")


def pandas_groupby(tx: pd.DataFrame) -> pd.DataFrame:
    """The straightforward pandas version: floor to days, sum per day, aggregate per customer."""
    day = tx["date"].dt.floor("D")
    end = day.max()
    daily = (tx.assign(day=day).groupby(["customer_id", "day"], sort=True)["amount"].sum()
             .reset_index())
    first = daily.groupby("customer_id")["day"].transform("min")
    g = daily.groupby("customer_id")
    out = pd.DataFrame({
        "frequency": g.size() - 1,
        "recency": (g["day"].max() - g["day"].min()).dt.days,
        "T": (end - g["day"].min()).dt.days,
        "monetary_value": daily["amount"].where(daily["day"] != first).groupby(daily["customer_id"]).mean(),
    })
    return out.fillna({"monetary_value": 0.0}).astype(float)


def duckdb_summary(tx: pd.DataFrame) -> pd.DataFrame:  # pragma: no cover - optional
    import duckdb

    sql = """
    WITH daily AS (
        SELECT customer_id, CAST(date AS DATE) AS day, SUM(amount) AS amount
        FROM tx GROUP BY 1, 2),
    ranked AS (
        SELECT *, MIN(day) OVER (PARTITION BY customer_id) AS first_day FROM daily)
    SELECT customer_id,
           COUNT(*) - 1 AS frequency,
           date_diff('day', MIN(day), MAX(day)) AS recency,
           date_diff('day', MIN(day), (SELECT MAX(CAST(date AS DATE)) FROM tx)) AS T,
           COALESCE(AVG(CASE WHEN day > first_day THEN amount END), 0) AS monetary_value
    FROM ranked GROUP BY customer_id ORDER BY customer_id
    """
    return duckdb.sql(sql).df().set_index("customer_id").astype(float)


def time_it(fn: Callable[[], pd.DataFrame], repeat: int) -> tuple[float, pd.DataFrame]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000, help="number of transactions")
    parser.add_argument("--repeat", type=int, default=3, help="runs per method (median is reported)")
    parser.add_argument("--text-ids", action="store_true", help="customer ids as text (C0001234) instead of integers")
    args = parser.parse_args(argv)

    tx = synthetic_transactions(args.rows, text_ids=args.text_ids)
    kind = "text" if args.text_ids else "integer"
    print(f"{len(tx):,} transactions, {tx['customer_id'].nunique():,} customers ({kind} ids), "
          f"{tx['date'].min():%Y-%m-%d} .. {tx['date'].max():%Y-%m-%d}; median of {args.repeat} runs")

    methods: dict[str, Callable[[], pd.DataFrame]] = {
        "lifetimes summary_data_from_transaction_data (baseline)": lambda: lifetimes_summary(tx),
        "pandas groupby (plain)": lambda: pandas_groupby(tx),
        "helpers.rfm_summary": lambda: rfm_summary(tx, "customer_id", "date", "amount"),
    }
    try:
        import duckdb  # noqa: F401

        methods["duckdb SQL"] = lambda: duckdb_summary(tx)
    except ImportError:
        print("(duckdb not installed: skipped)")

    results: dict[str, tuple[float, pd.DataFrame]] = {}
    for name, fn in methods.items():
        results[name] = time_it(fn, args.repeat)

    baseline_name = next(iter(methods))
    base_time, reference = results[baseline_name]
    print()
    print("| method | median time (s) | speed-up vs lifetimes | same result |")
    print("|---|---:|---:|:---:|")
    for name, (seconds, result) in results.items():
        same = (result.index.equals(reference.index)
                and all(np.array_equal(result[c].to_numpy(), reference[c].to_numpy()) for c in COLUMNS[:3])
                and np.allclose(result["monetary_value"], reference["monetary_value"], rtol=0, atol=1e-9))
        print(f"| {name} | {seconds:.3f} | {base_time / seconds:.1f}× | {'yes' if same else 'NO'} |")
    ours = results["helpers.rfm_summary"][0]
    target = base_time / ours >= 3
    print(f"\nTarget (at least 3× faster than lifetimes): {'met' if target else 'NOT met'} "
          f"({base_time / ours:.1f}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
