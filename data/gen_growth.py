"""青岚工控 (fictional B2B): lecture 4's growth stories in the orders.

* the 2025 **penetration programme** (渗透计划): 40 general customers picked on 2025-04-01 from an
  eligible set; they get cross-sell orders in the lines their peers buy (stream 11);
* **黑马** (dark horses): if the natural data miss the pattern, a few small old general customers get
  extra 2025 orders (stream 12).

The rules follow ``/work/notes/L04_design.md`` § 3 (screens) and § 5 (data).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
from gen_common import rng_for

from helpers.data.schema import PRODUCT_LINES

SELECT_STREAM, PROGRAMME_STREAM, DARK_HORSE_STREAM = 8, 11, 12

PROGRAMME_START = dt.date(2025, 4, 1)
PROGRAMME_REGIONS = ("华东", "华中", "西南")
PROGRAMME_SIZE = 40
BEFORE = (dt.date(2024, 4, 1), dt.date(2024, 12, 31))
AFTER = (dt.date(2025, 4, 1), dt.date(2025, 12, 31))
PRE = (dt.date(2023, 4, 1), dt.date(2023, 12, 31))


def window_sales(order_rows: list[dict[str, Any]], start: dt.date, end: dt.date) -> dict[str, float]:
    """customer_id -> sales in 万元 of the orders dated in [start, end]."""
    out: dict[str, float] = {}
    for o in order_rows:
        if start <= o["date"] <= end:
            out[o["customer_id"]] = out.get(o["customer_id"], 0.0) + o["amount_c"] / 1e6
    return out


def window_lines(order_rows: list[dict[str, Any]], start: dt.date, end: dt.date) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for o in order_rows:
        if start <= o["date"] <= end:
            out.setdefault(o["customer_id"], set()).add(o["product"][2])
    return out


def eligible_customers(customers: list[dict[str, Any]], order_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The programme's eligibility rule (known in March 2025): general, pilot region, old, active, mid-size."""
    h2 = window_sales(order_rows, dt.date(2024, 7, 1), dt.date(2024, 12, 31))
    before = window_sales(order_rows, *BEFORE)
    return [c for c in customers
            if c["account_type"] == "一般客户" and c["region"] in PROGRAMME_REGIONS
            and c["first_order_date"] <= dt.date(2023, 3, 31) and c["customer_id"] in h2
            and 3 <= before.get(c["customer_id"], 0.0) <= 40]


def select_programme(customers: list[dict[str, Any]], order_rows: list[dict[str, Any]]) -> list[str]:
    """40 eligible customers, picked with probability ∝ 1 + rank of headroom (managers pick, not a lottery).

    Draws are repeated (same stream, at most 300 times) until the pick leaves a usable comparison:
    the two groups grew alike before the programme (pre-trends within 7 points), the picked customers'
    own orders (without the programme's) grow like the control group's (within 8 points), and the
    control group behaves as lecture 4 describes (growth -8..+10 %, median change < -2 %, at most 27 %
    buying a new line). The effect of the programme itself is checked after its orders are added.
    """
    rng = rng_for(SELECT_STREAM)
    eligible = eligible_customers(customers, order_rows)
    assert len(eligible) >= 80, f"programme eligible set >= 80: {len(eligible)}"
    sales_2024 = window_sales(order_rows, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    best = best_year(order_rows)
    head = [best.get(c["customer_id"], 0.0) + c["headroom_draw"] - sales_2024.get(c["customer_id"], 0.0)
            for c in eligible]
    order = np.argsort(np.argsort(head, kind="mergesort"), kind="mergesort")  # 0 = smallest headroom
    p = (1.0 + order) / (1.0 + order).sum()
    pre, before, after = (window_sales(order_rows, *w) for w in (PRE, BEFORE, AFTER))
    lp, lb, la = (window_lines(order_rows, *w) for w in (PRE, BEFORE, AFTER))
    all_ids = [c["customer_id"] for c in eligible]

    def trend(group: list[str]) -> float:
        return sum(before.get(c, 0.0) for c in group) / sum(pre.get(c, 0.0) for c in group) - 1

    for _ in range(300):
        ids = sorted(all_ids[int(k)] for k in rng.choice(len(eligible), size=PROGRAMME_SIZE, replace=False, p=p))
        control = [c for c in all_ids if c not in ids]
        growth = sum(after.get(c, 0.0) for c in control) / sum(before[c] for c in control) - 1
        median = float(np.median([after.get(c, 0.0) / before[c] - 1 for c in control]))
        new_line = sum(bool(la.get(c, set()) - lb.get(c, set()) - lp.get(c, set())) for c in control) / len(control)
        natural = sum(after.get(c, 0.0) for c in ids) / sum(before[c] for c in ids) - 1
        if (abs(trend(ids) - trend(control)) <= 0.07 and -0.08 <= growth <= 0.10 and median < -0.02
                and new_line <= 0.27 and abs(natural - growth) <= 0.08):
            break
    else:
        raise AssertionError("programme: no pick with parallel pre-trends and a usable control group")
    for c in customers:
        c["penetration_start"] = PROGRAMME_START if c["customer_id"] in ids else None
    return ids


def best_year(order_rows: list[dict[str, Any]]) -> dict[str, float]:
    """customer_id -> its best calendar-year sales in 万元."""
    years: dict[tuple[str, int], float] = {}
    for o in order_rows:
        key = (o["customer_id"], o["date"].year)
        years[key] = years.get(key, 0.0) + o["amount_c"] / 1e6
    out: dict[str, float] = {}
    for (cid, _), v in years.items():
        out[cid] = max(out.get(cid, 0.0), v)
    return out


def recommended_lines(c: dict[str, Any], customers: list[dict[str, Any]], order_rows: list[dict[str, Any]],
                      k: int = 2) -> list[str]:
    """Lecture 4's next-best-line rule as of 2025-03-31: what active peers of the industry buy and it doesn't."""
    as_of = dt.date(2025, 3, 31)
    recent = window_lines(order_rows, dt.date(2024, 4, 1), as_of)
    spend = {}
    for o in order_rows:
        if dt.date(2024, 4, 1) <= o["date"] <= as_of:
            key = (o["customer_id"], o["product"][2])
            spend[key] = spend.get(key, 0) + o["amount_c"]
    bought = window_lines(order_rows, dt.date(2023, 4, 1), as_of).get(c["customer_id"], set())
    industry = {x["customer_id"]: x["industry"] for x in customers}
    peers = [cid for cid in recent if cid != c["customer_id"] and industry[cid] == c["industry"]]
    if len(peers) < 30:
        peers = [cid for cid in recent if cid != c["customer_id"]]
    scored = []
    for i, line in enumerate(PRODUCT_LINES):
        if line in bought:
            continue
        buyers = [p for p in peers if line in recent[p]]
        pen = len(buyers) / len(peers)
        mean_spend = sum(spend.get((p, line), 0) for p in buyers) / max(1, len(buyers))
        scored.append((-pen, -mean_spend, i, line))
    return [s[3] for s in sorted(scored)[:k]]


def programme_orders(customers: list[dict[str, Any]], order_rows: list[dict[str, Any]], ids: list[str],
                     workdays: list[dt.date], products_for, order_discount, discount_base) -> tuple[list, dict]:
    """Cross-sell order intents for the targeted customers, and each one's recommended lines."""
    rng = rng_for(PROGRAMME_STREAM)
    by_id = {c["customer_id"]: c for c in customers}
    before = window_sales(order_rows, *BEFORE)
    days = [d for d in workdays if AFTER[0] <= d <= AFTER[1]]
    intents, lines_of = [], {}
    for cid in ids:
        c = by_id[cid]
        lines = recommended_lines(c, customers, order_rows)
        lines_of[cid] = lines
        k = 1 + int(rng.poisson(2.0))
        ok = [d for d in days if d <= c["end"]]
        if not ok or not lines:
            continue
        w = np.array([d.month - 3 for d in ok], dtype=float)  # rising linearly by month (April = 1)
        picks = sorted(rng.choice(len(ok), size=k, replace=True, p=w / w.sum()).tolist())
        for j in picks:
            day = ok[int(j)]
            line = lines[int(rng.integers(len(lines)))]
            value = 0.30 * before[cid] * 1e4 / k * float(rng.lognormal(0, 0.3))
            prod = _affordable(rng, products_for, line, day.year, value)
            z = float(rng.normal(0, 0.025))
            intents.append({"c": c, "day": day, "prod": prod, "value": value, "source": "programme",
                            "discount": order_discount(prod, c["industry"], discount_base(c), z)})
    return intents, lines_of


# ---- 黑马 (lecture 4 § 1.2) ---------------------------------------------------------------------

def dark_horse_screen(customers: list[dict[str, Any]], order_rows: list[dict[str, Any]],
                      potential: dict[str, float]) -> dict[str, Any]:
    """The five rules with as_of 2025-12-31: returns the waterfall, the 黑马 and the one-big-order near misses."""
    prior = window_sales(order_rows, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    cur_orders: dict[str, list[int]] = {}
    for o in order_rows:
        if o["date"].year == 2025:
            cur_orders.setdefault(o["customer_id"], []).append(o["amount_c"])
    general = [c for c in customers if c["account_type"] == "一般客户"]
    r1 = [c for c in general if c["first_order_date"] < dt.date(2024, 1, 1)]
    r2 = [c for c in r1 if 1 <= prior.get(c["customer_id"], 0.0) <= 20]
    r3 = [c for c in r2 if sum(cur_orders.get(c["customer_id"], [])) / 1e6 >= 2 * prior[c["customer_id"]]]
    horses, near, waterfall = [], [], [len(general), len(r1), len(r2), len(r3)]
    r4 = []
    for c in r3:
        amounts = cur_orders[c["customer_id"]]
        cur = sum(amounts) / 1e6
        rule4 = len(amounts) >= 3 and max(amounts) <= 0.5 * sum(amounts)
        rule5 = potential[c["customer_id"]] - cur >= 30
        if rule4:
            r4.append(c)
            if rule5:
                horses.append(c["customer_id"])
        elif rule5 and len(amounts) >= 3:
            near.append(c["customer_id"])
    waterfall += [len(r4), len(horses)]
    return {"horses": horses, "near": near, "waterfall": waterfall}


def dark_horse_top_up(customers: list[dict[str, Any]], order_rows: list[dict[str, Any]],
                      potential: dict[str, float], workdays: list[dt.date], products_for, order_discount,
                      discount_base, targets: tuple[int, int] = (10, 3)) -> list[dict[str, Any]]:
    """Order intents that bring the screen to ~10 黑马 and ≥ 3 one-big-order near misses (only if needed)."""
    rng = rng_for(DARK_HORSE_STREAM)
    screen = dark_horse_screen(customers, order_rows, potential)
    need_horses = targets[0] - len(screen["horses"]) if len(screen["horses"]) < 8 else 0
    need_near = max(0, targets[1] - len(screen["near"]))
    if not need_horses and not need_near:
        return []
    prior = window_sales(order_rows, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    cur = window_sales(order_rows, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    n25: dict[str, int] = {}
    for o in order_rows:
        if o["date"].year == 2025:
            n25[o["customer_id"]] = n25.get(o["customer_id"], 0) + 1
    pool = [c for c in customers
            if c["account_type"] == "一般客户" and c["region"] not in PROGRAMME_REGIONS
            and c["first_order_date"] < dt.date(2023, 1, 1) and 2 <= prior.get(c["customer_id"], 0.0) <= 15
            and cur.get(c["customer_id"], 0.0) < 1.6 * prior[c["customer_id"]]
            and c["headroom_draw"] >= 45 and c["end"] >= dt.date(2025, 12, 31)]
    order = [pool[int(k)] for k in rng.permutation(len(pool))]
    days = [d for d in workdays if dt.date(2025, 2, 15) <= d <= dt.date(2025, 12, 20)]
    line_sales: dict[tuple[str, str], int] = {}
    for o in order_rows:
        key = (o["customer_id"], o["product"][2])
        line_sales[key] = line_sales.get(key, 0) + o["amount_c"]
    intents = []
    for c in order:
        cid, p24 = c["customer_id"], prior[c["customer_id"]]
        base = discount_base(c)
        c["main_line"] = max(PRODUCT_LINES, key=lambda ln: (line_sales.get((cid, ln), 0), -PRODUCT_LINES.index(ln)))
        if need_near and n25.get(cid, 0) >= 2:
            # one large order: the year doubles, but a single order is more than half of it
            big = max(2.3 * p24 - cur.get(cid, 0.0), 1.5 * cur.get(cid, 0.0)) * 1e4
            intents.append(_intent(rng, c, days, big, products_for, order_discount, base))
            need_near -= 1
        elif need_horses:
            # steady growth: four or five orders of similar size
            m = 4 + int(rng.integers(2))
            total = (2.6 * p24 - cur.get(cid, 0.0)) * 1e4
            for _ in range(m):
                intents.append(_intent(rng, c, days, total / m * float(rng.uniform(0.8, 1.2)), products_for,
                                       order_discount, base))
            need_horses -= 1
        if not need_near and not need_horses:
            break
    return intents


def _affordable(rng: np.random.Generator, products_for, line: str, year: int, value: float) -> tuple:
    """A product of the line by popularity among those whose list price fits the order value (else the cheapest)."""
    cands, pw = products_for(line, year)
    fit = [(p, w) for p, w in zip(cands, pw) if p[3] <= value] or [min(zip(cands, pw), key=lambda x: x[0][3])]
    weights = np.array([w for _, w in fit])
    return fit[int(rng.choice(len(fit), p=weights / weights.sum()))][0]


def _intent(rng, c, days, value, products_for, order_discount, base) -> dict[str, Any]:
    day = days[int(rng.integers(len(days)))]
    prod = _affordable(rng, products_for, c["main_line"], day.year, value)
    z = float(rng.normal(0, 0.025))
    return {"c": c, "day": day, "prod": prod, "value": math.floor(value), "source": "dark_horse",
            "discount": order_discount(prod, c["industry"], base, z)}


def check_programme(customers: list[dict[str, Any]], order_rows: list[dict[str, Any]],
                    visits: list[dict[str, Any]]) -> dict[str, float]:
    """Lecture 4 § 4 (penetration_effect): the programme's effect against the eligible-but-not-picked group."""
    eligible = {c["customer_id"] for c in eligible_customers(customers, order_rows)}
    targeted = {c["customer_id"] for c in customers if c.get("penetration_start")}
    assert targeted <= eligible and len(targeted) == PROGRAMME_SIZE, "programme: 40 targeted, all eligible"
    control = eligible - targeted
    assert len(control) >= 40, f"programme: control group >= 40: {len(control)}"
    pre, before, after = (window_sales(order_rows, *w) for w in (PRE, BEFORE, AFTER))
    lp, lb, la = (window_lines(order_rows, *w) for w in (PRE, BEFORE, AFTER))
    n_visits: dict[str, int] = {}
    for v in visits:
        if AFTER[0] <= v["date"] <= AFTER[1]:
            n_visits[v["customer_id"]] = n_visits.get(v["customer_id"], 0) + 1
    out = {}
    for name, group in (("计划", targeted), ("对照", control)):
        b = sum(before.get(c, 0.0) for c in group)
        out[name + "增长"] = sum(after.get(c, 0.0) for c in group) / b - 1
        out[name + "前趋势"] = b / sum(pre.get(c, 0.0) for c in group) - 1
        changes = sorted(after.get(c, 0.0) / before[c] - 1 for c in group)
        out[name + "中位数"] = float(np.median(changes))
        out[name + "新增产品线"] = sum(bool(la.get(c, set()) - lb.get(c, set()) - lp.get(c, set()))
                                  for c in group) / len(group)
        out[name + "月均拜访"] = sum(n_visits.get(c, 0) for c in group) / len(group) / 9
    diff = out["计划增长"] - out["对照增长"]
    assert -0.10 <= out["对照增长"] <= 0.12, f"programme: control growth -10%..+12%: {out}"
    assert 0.15 <= diff <= 0.40, f"programme: targeted - control 15-40 points: {out}"
    assert abs(out["计划前趋势"] - out["对照前趋势"]) <= 0.10, f"programme: pre-trends within 10 points: {out}"
    assert out["计划新增产品线"] >= 0.50 and out["对照新增产品线"] <= 0.30, f"programme: new lines: {out}"
    assert out["计划月均拜访"] >= 1.0 and out["对照月均拜访"] <= 0.5, f"programme: visits per month: {out}"
    assert out["对照中位数"] < 0, f"programme: control median change < 0 (regression to the mean): {out}"
    out["eligible"] = len(eligible)
    return out


def check_dark_horses(customers: list[dict[str, Any]], order_rows: list[dict[str, Any]]) -> dict[str, Any]:
    potential = {c["customer_id"]: c["potential"] for c in customers}
    screen = dark_horse_screen(customers, order_rows, potential)
    assert 8 <= len(screen["horses"]) <= 15, f"黑马: 8-15 pass all five rules: {screen}"
    assert len(screen["near"]) >= 3, f"黑马: >= 3 fail only rule 4 (one big order): {screen}"
    return screen
