"""Small plain computations the B2B generator uses to assert its planted patterns.

They follow the rules written in the lecture designs (``/work/notes/L0*_design.md``); the lecture
helpers implement the same rules for trainees, and the lecture tests run those on the case data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np


def ranks(values: Sequence[float]) -> np.ndarray:
    """Average ranks 1..n (ties share the mean rank), like ``pandas.Series.rank()``."""
    x = np.asarray(values, dtype=float)
    order = np.argsort(x, kind="mergesort")
    r = np.empty(len(x))
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and x[order[j + 1]] == x[order[i]]:
            j += 1
        r[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return r


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rank correlation (Pearson on average ranks)."""
    return float(np.corrcoef(ranks(x), ranks(y))[0, 1])


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months (day of month clipped to the month's length)."""
    m = day.month - 1 + months
    y, m = day.year + m // 12, m % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(y, m, d)
        except ValueError:
            continue
    raise ValueError(day)


def workday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def check_existing_customers(events: Iterable[tuple[str, dt.date]], first_order: Mapping[str, dt.date],
                             order_rows: Iterable[Mapping[str, Any]], what: str) -> None:
    """Every ``(customer, day)`` (a survey invitation, an interview) is with an existing, active customer.

    The customer's first order is before the day, and it ordered in the 12 months before the day
    (active by the course's rule), so that "后来的复购" is never a first purchase.
    """
    days: dict[str, list[dt.date]] = {}
    for o in order_rows:
        days.setdefault(o["customer_id"], []).append(o["date"])
    for cid, day in events:
        assert first_order[cid] < day, f"{what}: {cid} on {day} before its first order {first_order[cid]}"
        start = add_months(day, -12)
        recent = any(start <= d < day for d in days.get(cid, ()))
        assert recent, f"{what}: {cid} had no order in the 12 months before {day}"
