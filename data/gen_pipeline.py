"""青岚工控 (fictional B2B): the sales pipeline 2024-2025 (lectures 3-4, ``L04_design.md`` § 5.2).

Deals are simulated stage by stage (stream 7), then the patterns lecture 4 teaches are planted
and asserted: exactly 30 stalled deals (4 / 6 / 12 / 8 by stage), the featured account's 380 万
negotiation on top of the stalled list, a 450 万 deal stuck early, six receivables overdue > 90
days at two customers, three signed-but-undelivered deals, three reps with a weak step.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
from gen_common import SEED, Row, pick, rng_for

from helpers.data.schema import LOST_REASONS, PRODUCT_LINES, STAGES

D = dt.date
AS_OF = D(2025, 12, 31)

#: pre-sign steps: probability of reaching 需求确认, 方案报价, 商务谈判, 签约 from the stage before
BASE_ADVANCE = (0.79, 0.74, 0.50, 0.58)   # design: (0.79, 0.74, 0.55, 0.63); lowered for the bonuses below
KEY_BONUS = (0.02, 0.05, 0.12, 0.12)      # 重点客户 (design: +0.06 on the last two; raised, see data_status)
SERVICE_BONUS = (0.0, 0.10, 0.12, 0.05)   # 维保服务 (design: +0.08 on 商务谈判; raised)
WEAK_REGIONS = ("西北", "东北")             # -0.05 on every step
BIG_DEAL_PENALTY = (0.20, 0.20)           # on 商务谈判, 签约 for deals >= 100 万 (design: 0.08 on 签约)
PLANTED_REPS = {"S06": 0, "S13": 1, "S08": 2}  # rep -> weak step
PLANTED_DROP = {"S06": 0.30, "S13": 0.35, "S08": 0.35}  # design: 0.30, raised to 0.35 where a check failed
PROGRAMME_BONUS = 0.10
#: reps flagged by rep_skill_gaps besides the three planted ones, per population window (deals created from
#: 2024-01-01 to ...): the design asks for at most 2; with deals up to 2025-06-30 a third rep is flagged by noise
MAX_OTHER_FLAGGED = {D(2025, 9, 30): 2, D(2025, 6, 30): 3}
#: lecture 6 styles: large deals (>= 20 万) of the hunter win more, of the inherited-accounts rep less
STYLE_BIG_DEAL = {"S20": 0.12, "S03": -0.25}
GAP_MEAN = (12, 18, 24, 20)   # mean days to reach the next pre-sign stage
LOST_MEAN = 15                # mean days in a stage before a deal is declared lost
DELIVERY_MEAN = 30
LOST_BY_STAGE = {
    0: (0.05, 0.05, 0.05, 0.05, 0.50, 0.30), 1: (0.12, 0.10, 0.18, 0.10, 0.30, 0.20),
    2: (0.38, 0.12, 0.22, 0.18, 0.06, 0.04), 3: (0.40, 0.08, 0.12, 0.30, 0.06, 0.04),
}
#: share of payers within -10..+7 days of the due date (design: 0.65), then 8-60 days late, then 61-240
ON_TIME = 0.70
TERMS = ((30, 0.20), (60, 0.50), (90, 0.25), (120, 0.05))
STALLS = {0: 4, 1: 6, 2: 12, 3: 8}   # planted stalled deals per stage (incl. the two hand-written ones)
STALL_ENTRY = (D(2025, 6, 1), D(2025, 10, 20))


def _gap(rng: np.random.Generator, mean: float) -> dt.timedelta:
    return dt.timedelta(days=max(1, int(round(rng.gamma(2.0, mean / 2)))))


def _deal(cid: str, line: str, created: dt.date, amount: float, owner: str, source: str = "natural") -> dict:
    return {"customer_id": cid, "product_line": line, "created": created, "dates": [None] * 6,
            "status": "进行中", "amount": float(amount), "lost_reason": None, "date_lost": None,
            "owner": owner, "terms": None, "source": source}


def advance_p(d: dict, c: dict[str, Any], k: int) -> float:
    p = BASE_ADVANCE[k]
    if c["account_type"] == "重点客户":
        p += KEY_BONUS[k]
    if d["product_line"] == "维保服务":
        p += SERVICE_BONUS[k]
    if c["region"] in WEAK_REGIONS:
        p -= 0.05
    if k >= 2 and d["amount"] >= 1_000_000:
        p -= BIG_DEAL_PENALTY[k - 2]
    if PLANTED_REPS.get(d["owner"]) == k:
        p -= PLANTED_DROP[d["owner"]]
    if k >= 2 and d["amount"] >= 200_000:
        p += STYLE_BIG_DEAL.get(d["owner"], 0.0)
    if d["source"] == "programme":
        p += PROGRAMME_BONUS
    return float(np.clip(p, 0.05, 0.98))


def deal_stream(k: int) -> np.random.Generator:
    """Each deal's own stream: changing one deal's odds leaves every other deal as it was."""
    return np.random.default_rng([SEED, 7, k])


def simulate(d: dict, c: dict[str, Any], rng: np.random.Generator) -> None:
    """Walk a deal through the stages until it is won and paid, lost, or still open on 2025-12-31.

    All random numbers of the deal are drawn up front (common random numbers), so a changed
    probability only flips the outcomes near its threshold.
    """
    steps = [_gap(rng, m) for m in GAP_MEAN]
    u = rng.random(4)
    lost_gap, reason_u = _gap(rng, LOST_MEAN), rng.random()
    terms_u, longer_u = rng.random(), rng.random()
    delivery_gap, late_u, late_v = _gap(rng, DELIVERY_MEAN), rng.random(), rng.random()
    day = d["created"]
    for k in range(4):
        if u[k] >= advance_p(d, c, k):
            lost = day + lost_gap
            if lost <= AS_OF:
                d["status"], d["date_lost"] = "丢单", lost
                cum = np.cumsum(LOST_BY_STAGE[k])
                d["lost_reason"] = LOST_REASONS[int(np.searchsorted(cum / cum[-1], reason_u, side="right"))]
            return
        if day + steps[k] > AS_OF:
            return
        day += steps[k]
        d["dates"][k] = day
    d["status"] = "赢单"
    cum = np.cumsum([p for _, p in TERMS])
    terms = TERMS[int(np.searchsorted(cum / cum[-1], terms_u, side="right"))][0]
    if c["account_type"] == "重点客户" and longer_u < 0.3 and terms < 120:
        terms = {30: 60, 60: 90, 90: 120}[terms]
    d["terms"] = terms
    delivered = day + delivery_gap
    if delivered > AS_OF:
        return
    d["dates"][4] = delivered
    late = (-10 + 17 * late_v) if late_u < ON_TIME else ((8 + 52 * late_v) if late_u < 0.90 else (61 + 179 * late_v))
    paid = delivered + dt.timedelta(days=terms + int(round(late)))
    paid = max(paid, delivered + dt.timedelta(days=1))
    if paid <= AS_OF:
        d["dates"][5] = paid


def stage_index(d: dict) -> int:
    """Index in STAGES of the furthest stage reached (0 = 商机发现)."""
    k = 0
    for j, day in enumerate(d["dates"]):
        if day is not None:
            k = j + 1
    return k


def entry(d: dict) -> dt.date:
    k = stage_index(d)
    return d["created"] if k == 0 else d["dates"][k - 1]


def build_pipeline(customers: list[dict[str, Any]], reps: list[dict[str, Any]], affinity: dict[str, np.ndarray],
                   programme_lines: dict[str, list[str]], featured: dict[str, Any], second: dict[str, Any],
                   receivable_customers: tuple[dict[str, Any], dict[str, Any]]) -> list[dict]:
    rng = rng_for(7)
    by_id = {c["customer_id"]: c for c in customers}
    region_reps: dict[str, list[str]] = {}
    for r in reps:
        region_reps.setdefault(r["region"], []).append(r["rep_id"])
    pool = [c for c in customers if c["end"] >= D(2024, 1, 1) and c["customer_id"] != featured["customer_id"]]
    weights = [(0.6 + (1.2 if c["account_type"] == "一般客户" else 0.8) * c["rank"])
               * (0.45 if c["region"] == "西北" else 1.0) for c in pool]
    deals: list[dict] = []
    for _ in range(1000):
        c = pick(rng, pool, weights)
        lo = max(D(2024, 1, 2), c["start"] - dt.timedelta(days=150))
        hi = min(D(2025, 12, 20), c["end"] + dt.timedelta(days=30))
        created = lo + dt.timedelta(days=int(rng.integers((hi - lo).days + 1)))
        line = pick(rng, PRODUCT_LINES, affinity[c["customer_id"]])
        amount = max(5000.0, float(round(c["spend"] * 10000 * rng.lognormal(-1.0, 0.7) / 1000) * 1000))
        owner = c["sales_rep_id"]
        others = [r for r in region_reps[c["region"]] if r != owner]
        if others and rng.random() < 0.05:
            owner = pick(rng, others)
        deals.append(_deal(c["customer_id"], line, created, amount, owner))
    # programme cross-sell deals (lecture 4 § 5.2): targeted customers, their recommended lines
    prog_ids = sorted(programme_lines)
    for k in range(34):
        cid = prog_ids[k % len(prog_ids)] if k < len(prog_ids) else pick(rng, prog_ids)
        c = by_id[cid]
        lines = programme_lines[cid] or [PRODUCT_LINES[0]]
        created = D(2025, 4, 1) + dt.timedelta(days=int(rng.integers(0, 200)))
        amount = max(5000.0, float(round(c["spend"] * 10000 * rng.lognormal(-1.2, 0.5) / 1000) * 1000))
        deals.append(_deal(cid, pick(rng, lines), created, amount, c["sales_rep_id"], "programme"))
    for k, d in enumerate(deals):
        simulate(d, by_id[d["customer_id"]], deal_stream(k))
    # natural open deals never sit > 60 days: they are closed as cancelled (so planted stalls are exact)
    for d in deals:
        if d["status"] == "进行中" and stage_index(d) < 4 and (AS_OF - entry(d)).days > 60:
            d["status"], d["lost_reason"] = "丢单", "项目取消或延期"
            d["date_lost"] = entry(d) + dt.timedelta(days=int(rng.integers(45, 61)))
    deals += _hand_written(featured, second, receivable_customers)
    _plant_stalls(deals, by_id, rng, {featured["customer_id"], second["customer_id"]})
    _plant_receivables(deals, rng, receivable_customers)
    _plant_execution_delays(deals, rng)
    deals.sort(key=lambda x: (x["created"], x["customer_id"], x["product_line"], x["amount"]))
    for k, d in enumerate(deals):
        d["opportunity_id"] = f"OP{k + 1:04d}"
    return deals


def _hand_written(featured: dict[str, Any], second: dict[str, Any], recv: tuple[dict, dict]) -> list[dict]:
    """The featured account's three deals, the 450 万 deal, and the six badly overdue receivables."""
    fid, rep = featured["customer_id"], featured["sales_rep_id"]
    open_deal = _deal(fid, "变频器", D(2025, 8, 5), 3_800_000, rep, "featured")
    open_deal["dates"][:3] = [D(2025, 8, 25), D(2025, 10, 14), D(2025, 10, 17)]
    won = _deal(fid, "伺服驱动", D(2024, 3, 11), 620_000, rep, "featured_won")
    won["dates"] = [D(2024, 3, 25), D(2024, 4, 18), D(2024, 5, 16), D(2024, 6, 5), D(2024, 7, 8), D(2024, 9, 6)]
    won["status"], won["terms"] = "赢单", 60
    lost = _deal(fid, "PLC控制器", D(2025, 1, 6), 450_000, rep, "featured_lost")
    lost["dates"][:2] = [D(2025, 1, 20), D(2025, 2, 24)]
    lost["status"], lost["date_lost"], lost["lost_reason"] = "丢单", D(2025, 3, 20), "竞品关系更深"
    big = _deal(second["customer_id"], "工业机器人配件", D(2025, 7, 1), 4_500_000, second["sales_rep_id"], "big450")
    big["dates"][0] = D(2025, 8, 15)
    out = [open_deal, won, lost, big]
    key, general = recv
    plan = ((key, "伺服驱动", 560_000, D(2025, 3, 10), 90), (key, "变频器", 450_000, D(2025, 4, 22), 60),
            (key, "PLC控制器", 380_000, D(2025, 6, 5), 60), (key, "维保服务", 290_000, D(2025, 7, 15), 60),
            (general, "传感器", 180_000, D(2025, 5, 20), 60), (general, "变频器", 120_000, D(2025, 7, 28), 30))
    for c, line, amount, delivered, terms in plan:
        d = _deal(c["customer_id"], line, delivered - dt.timedelta(days=118), amount, c["sales_rep_id"], "overdue")
        d["dates"][:5] = [delivered - dt.timedelta(days=n) for n in (104, 86, 61, 37)] + [delivered]
        d["status"], d["terms"] = "赢单", terms
        out.append(d)
    return out


def _plant_stalls(deals: list[dict], by_id: dict[str, dict], rng: np.random.Generator, skip: set[str]) -> None:
    """Exactly 4 / 6 / 12 / 8 deals stalled (> 60 days) in 商机发现 / 需求确认 / 方案报价 / 商务谈判."""
    planted = {0: 0, 1: 1, 2: 0, 3: 1}  # the 450 万 deal (需求确认) and the featured deal (商务谈判)
    for k in range(4):
        cands = []
        for j, d in enumerate(deals):
            if d["source"] != "natural" or d["customer_id"] in skip or d["created"].year != 2025:
                continue
            if by_id[d["customer_id"]]["end"] < AS_OF or d["amount"] >= 2_000_000:
                continue
            start = d["created"] if k == 0 else d["dates"][k - 1]
            if start is None or not (STALL_ENTRY[0] <= start <= STALL_ENTRY[1]):
                continue
            if d["status"] == "进行中":
                continue
            cands.append(j)
        need = STALLS[k] - planted[k]
        assert len(cands) >= need, f"stalled deals: not enough candidates at stage {k}"
        for j in rng.choice(cands, size=need, replace=False):
            d = deals[int(j)]
            for m in range(k, 6):
                d["dates"][m] = None
            d.update(status="进行中", lost_reason=None, date_lost=None, terms=None, source="stalled")


#: open receivables per ageing bucket after planting (natural lateness alone gives too few, see data_status)
RECEIVABLE_TARGETS = {"1-30": 10, "31-90": 10, "未到期": 14}
RECEIVABLE_CAP = {"1-30": 13, "31-90": 13, "未到期": 20}


def _plant_receivables(deals: list[dict], rng: np.random.Generator, recv: tuple[dict, dict]) -> None:
    """Only the six hand-written deals are overdue > 90 days; the other buckets are topped up; one has no terms."""
    for d in deals:
        if d["source"] == "overdue" or d["dates"][4] is None or d["dates"][5] is not None:
            continue
        due = d["dates"][4] + dt.timedelta(days=d["terms"])
        if (AS_OF - due).days > 90:
            d["dates"][5] = due + dt.timedelta(days=int(rng.integers(20, 61)))
            assert d["dates"][5] <= AS_OF
    red = {c["customer_id"] for c in recv}
    for bucket, target in RECEIVABLE_TARGETS.items():
        lo, hi = {"1-30": (1, 30), "31-90": (31, 90), "未到期": (-120, 0)}[bucket]
        have = [d for d in deals if d["dates"][4] and not d["dates"][5] and d["terms"]
                and lo <= (AS_OF - d["dates"][4]).days - d["terms"] <= hi]
        cands = [d for d in deals if d["source"] == "natural" and d["dates"][5] and d["customer_id"] not in red
                 and lo <= (AS_OF - d["dates"][4]).days - d["terms"] <= hi]
        for j in rng.permutation(len(cands))[:max(0, target - len(have))]:
            cands[int(j)]["dates"][5] = None
        if bucket == "1-30" and len(have) + len(cands) < target:
            # recent deliveries on longer terms: written as 30-day terms instead, so they fall due in December
            shorter = [d for d in deals if d["source"] == "natural" and d["dates"][4] and not d["dates"][5]
                       and d["terms"] and d["terms"] > 30 and 1 <= (AS_OF - d["dates"][4]).days - 30 <= 30]
            for j in rng.permutation(len(shorter))[:target - len(have) - len(cands)]:
                shorter[int(j)]["terms"] = 30
        extra = [d for d in have if d["source"] == "natural"]
        for j in rng.permutation(len(extra))[:max(0, len(have) - RECEIVABLE_CAP[bucket])]:
            d = extra[int(j)]  # paid early instead
            d["dates"][5] = d["dates"][4] + dt.timedelta(days=int(rng.integers(1, (AS_OF - d["dates"][4]).days + 1)))
    open_recv = [j for j, d in enumerate(deals) if d["source"] == "natural" and d["dates"][4] is not None
                 and d["dates"][5] is None and d["dates"][4] + dt.timedelta(days=d["terms"]) > AS_OF]
    j = sorted(open_recv, key=lambda i: (deals[i]["dates"][4], deals[i]["customer_id"]))[-1]
    deals[j]["terms"] = None


def _plant_execution_delays(deals: list[dict], rng: np.random.Generator) -> None:
    """Exactly 3 deals signed more than 60 days before 2025-12-31 and not delivered."""
    late = [d for d in deals if d["dates"][3] and not d["dates"][4] and (AS_OF - d["dates"][3]).days > 60]
    for d in late[3:]:
        d["dates"][4] = d["dates"][3] + dt.timedelta(days=int(rng.integers(20, 56)))
    if len(late) < 3:
        cands = [d for d in deals if d["source"] == "natural" and d["dates"][3] and d["dates"][4]
                 and not d["dates"][5] and D(2025, 6, 1) <= d["dates"][3] <= D(2025, 10, 15)]
        for j in rng.choice(len(cands), size=3 - len(late), replace=False):
            cands[int(j)]["dates"][4] = None


def pipeline_rows(deals: list[dict]) -> list[Row]:
    return [(d["opportunity_id"], d["customer_id"], d["product_line"], d["created"], STAGES[stage_index(d)],
             d["status"], d["amount"], d["lost_reason"], d["date_lost"], *d["dates"], d["owner"], d["terms"])
            for d in deals]


# ---- checks (lecture 4 § 5.2) ---------------------------------------------------------------------

def _reached(d: dict, k: int) -> bool:
    return stage_index(d) >= k


def stage_rates(deals: list[dict]) -> dict[int, float]:
    """P(签约 | reached stage k) on closed deals created 2024-01-01..2025-12-31 (k = 0..3)."""
    closed = [d for d in deals if d["status"] in ("赢单", "丢单")]
    out = {}
    for k in range(4):
        at = [d for d in closed if _reached(d, k)]
        out[k] = sum(d["status"] == "赢单" for d in at) / len(at)
    return out


def stalled(deals: list[dict]) -> list[dict]:
    return [d for d in deals if d["status"] == "进行中" and stage_index(d) < 4 and (AS_OF - entry(d)).days > 60]


def win_rate(deals: list[dict]) -> tuple[float, int]:
    closed = [d for d in deals if d["status"] in ("赢单", "丢单")]
    return sum(d["status"] == "赢单" for d in closed) / max(1, len(closed)), len(closed)


def skill_gaps(deals: list[dict], created_to: dt.date) -> dict[str, tuple[int, float]]:
    """Lecture 4's rep_skill_gaps rule: rep -> (weakest flagged step, gap) among flagged reps."""
    pop = [d for d in deals if D(2024, 1, 1) <= d["created"] <= created_to]
    team = {k: sum(_reached(d, k) for d in pop) / sum(_reached(d, k - 1) for d in pop) for k in range(1, 5)}
    out = {}
    for rep in sorted({d["owner"] for d in pop}):
        mine = [d for d in pop if d["owner"] == rep]
        flagged = []
        for k in range(1, 5):
            n = sum(_reached(d, k - 1) for d in mine)
            if n < 15:
                continue
            rate = sum(_reached(d, k) for d in mine) / n
            gap, p = rate - team[k], team[k]
            if gap <= -0.10 and gap / math.sqrt(p * (1 - p) / n) <= -2.0:
                flagged.append((gap, k))
        if flagged:
            gap, k = min(flagged)
            out[rep] = (k, gap)
    return out


def receivable_buckets(deals: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {"未到期": [], "1-30": [], "31-90": [], "91-180": [], "180+": [], "账期未填写": []}
    for d in deals:
        if d["dates"][4] is None or d["dates"][5] is not None:
            continue
        if d["terms"] is None:
            out["账期未填写"].append(d)
            continue
        days = (AS_OF - d["dates"][4]).days - d["terms"]
        key = ("未到期" if days <= 0 else "1-30" if days <= 30 else "31-90" if days <= 90
               else "91-180" if days <= 180 else "180+")
        out[key].append(d)
    return out


def check_pipeline(deals: list[dict], customers: list[dict[str, Any]]) -> dict[str, Any]:
    by_id = {c["customer_id"]: c for c in customers}
    for d in deals:
        dates = [d["created"]] + [x for x in d["dates"] if x is not None]
        k = stage_index(d)
        assert all(x is not None for x in d["dates"][:k]), f"pipeline: no skipped stage {d['opportunity_id']}"
        assert all(a < b for a, b in zip(dates, dates[1:])), f"pipeline: stage dates in order {d['opportunity_id']}"
        assert max(dates + [d["date_lost"] or d["created"]]) <= AS_OF, f"pipeline: dates <= 2025-12-31 {d}"
        assert (d["status"] == "丢单") == (d["date_lost"] is not None) == (d["lost_reason"] is not None), d
        assert d["status"] != "丢单" or (k < 4 and d["date_lost"] > (d["dates"][k - 1] if k else d["created"])), d
        assert (d["status"] == "赢单") == (k >= 4), f"pipeline: 赢单 iff signed {d}"
        assert d["terms"] is None or d["status"] == "赢单", d
    no_terms = [d for d in deals if d["status"] == "赢单" and d["terms"] is None]
    assert len(no_terms) == 1 and no_terms[0]["dates"][4] and not no_terms[0]["dates"][5], \
        f"pipeline: exactly one won deal without terms, delivered and unpaid ({len(no_terms)})"
    # 1. the 2024 cohort's funnel
    c24 = [d for d in deals if d["created"].year == 2024]
    reach = [sum(_reached(d, k) for d in c24) for k in range(5)]
    steps = [reach[k + 1] / reach[k] for k in range(4)]
    others = sorted(s for j, s in enumerate(steps) if j != 2)
    assert steps[2] == min(steps) and others[0] - steps[2] >= 0.05, \
        f"pipeline: 方案报价→商务谈判 the leakiest step by >= 5 points: {[round(s, 3) for s in steps]}"
    overall = reach[4] / reach[0]
    open_share = sum(d["status"] == "进行中" for d in c24) / len(c24)
    assert 0.15 <= overall <= 0.22, f"pipeline: 2024 cohort to 签约 15-22%: {overall:.3f}"
    assert open_share < 0.03, f"pipeline: 2024 cohort open share < 3%: {open_share:.3f}"
    # 2. stalls, the featured deal first by weighted amount, the 450 万 deal below it
    st = stalled(deals)
    per = {k: sum(stage_index(d) == k for d in st) for k in range(4)}
    assert per == STALLS, f"pipeline: stalled deals per stage 4/6/12/8: {per}"
    rates = stage_rates(deals)
    weighted = sorted(st, key=lambda d: -d["amount"] * rates[stage_index(d)])
    assert weighted[0]["source"] == "featured", "pipeline: the featured deal is first by weighted amount"
    feat = weighted[0]
    assert (AS_OF - entry(feat)).days == 75, "pipeline: the featured deal stalled 75 days in 商务谈判"
    big = next(d for d in st if d["source"] == "big450")
    assert big["amount"] * rates[1] < feat["amount"] * rates[3], "pipeline: the 450 万 deal weighs less"
    # 4. receivables and execution delays
    b = receivable_buckets(deals)
    n_open = sum(len(v) for v in b.values())
    over90 = b["91-180"] + b["180+"]
    assert len(over90) == 6 and len({d["customer_id"] for d in over90}) == 2, "pipeline: 6 deals > 90 days, 2 customers"
    kinds = sorted((by_id[d["customer_id"]]["region"], by_id[d["customer_id"]]["account_type"]) for d in over90)
    assert kinds == [("东北", "一般客户")] * 2 + [("华北", "重点客户")] * 4, f"pipeline: red customers {kinds}"
    total = sum(d["amount"] for d in over90) / 1e4
    assert 150 <= total <= 250, f"pipeline: > 90 days total 150-250 万: {total}"
    assert 40 <= n_open <= 60, f"pipeline: 40-60 open receivables: {n_open}"
    for key, lo, hi in (("31-90", 8, 14), ("1-30", 8, 14), ("未到期", 12, 22), ("账期未填写", 1, 1)):
        assert lo <= len(b[key]) <= hi, f"pipeline: receivables {key} {lo}-{hi}: {len(b[key])}"
    paid25 = [d for d in deals if d["dates"][5] and d["dates"][5].year == 2025 and d["terms"]]
    on_time = sum((d["dates"][5] - d["dates"][4]).days <= d["terms"] + 7 for d in paid25) / len(paid25)
    assert 0.60 <= on_time <= 0.75, f"pipeline: paid 2025 within terms + 7 days 60-75%: {on_time:.3f}"
    delays = [d for d in deals if d["dates"][3] and not d["dates"][4] and (AS_OF - d["dates"][3]).days > 60]
    assert len(delays) == 3, f"pipeline: exactly 3 execution delays: {len(delays)}"
    # 5. win rates
    key_wr = win_rate([d for d in deals if by_id[d["customer_id"]]["account_type"] == "重点客户"])[0]
    gen_wr = win_rate([d for d in deals if by_id[d["customer_id"]]["account_type"] == "一般客户"])[0]
    assert key_wr >= gen_wr + 0.08, f"pipeline: win rate 重点 >= 一般 + 8 points: {key_wr:.3f} vs {gen_wr:.3f}"
    by_line = {ln: win_rate([d for d in deals if d["product_line"] == ln])[0] for ln in PRODUCT_LINES}
    assert max(by_line, key=by_line.get) == "维保服务", f"pipeline: 维保服务 the highest win rate: {by_line}"
    bands = {"<5": (0, 5e4), "5-20": (5e4, 2e5), "20-100": (2e5, 1e6), ">=100": (1e6, 1e12)}
    by_band = {k: win_rate([d for d in deals if lo <= d["amount"] < hi])[0] for k, (lo, hi) in bands.items()}
    assert min(by_band, key=by_band.get) == ">=100", f"pipeline: >= 100 万 the lowest win rate: {by_band}"
    nw = win_rate([d for d in deals if by_id[d["customer_id"]]["region"] == "西北"])[1]
    assert nw < 30, f"pipeline: 西北 closed deals < 30: {nw}"
    # 6. rep skill gaps (both windows named in the design)
    for created_to, others in MAX_OTHER_FLAGGED.items():
        gaps = skill_gaps(deals, created_to)
        for rep, k in PLANTED_REPS.items():
            assert gaps.get(rep, (None,))[0] == k + 1, f"rep_skill_gaps flags {rep} at step {k + 1}: {gaps}"
        assert len(gaps) <= 3 + others, f"rep_skill_gaps: at most {others} other reps flagged: {gaps}"
    prog = [d for d in deals if d["source"] == "programme" and d["created"] >= D(2025, 4, 1)]
    assert len(prog) >= 30, "pipeline: >= 30 programme cross-sell deals"
    return {"steps_2024": steps, "overall_2024": overall, "open_share_2024": open_share, "stage_rates": rates,
            "win_key": key_wr, "win_general": gen_wr, "by_line": by_line, "by_band": by_band, "closed_西北": nw,
            "receivables": {k: len(v) for k, v in b.items()}, "over90_wan": total, "on_time_2025": on_time,
            "featured_weighted_wan": feat["amount"] * rates[3] / 1e4}
