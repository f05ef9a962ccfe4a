"""青岚工控 (fictional B2B): the visit log 2024-2025 (拜访记录, ``L03_design.md`` § 5.5, ``L04_design.md`` § 5.6).

Visits come from several sources, all from stream 9 except the featured account's hand-written
rows: reps visiting the contacts they get on with, leaders visiting the contacts they sponsor,
routine visits to general customers (with a per-rep diligence), the penetration programme,
deal-stage visits, collection visits and holiday calls.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from gen_accounts import LEADERS, OUR_RANKS, our_people
from gen_common import CNY, Row, pick, rng_for

D = dt.date
AS_OF = D(2025, 12, 31)
START = D(2024, 1, 2)
MONTHS = [(y, m) for y in (2024, 2025) for m in range(1, 13)]
QUARTERS = [(y, q) for y in (2024, 2025) for q in range(4)]

VISIT_TYPES = ("上门拜访", "电话或视频", "技术交流", "高层会晤", "客户活动")
PURPOSES = ("例行维护", "商机挖掘", "方案沟通", "商务谈判", "合同与交付", "回款催收", "技术服务", "客户关怀")
STAGE_PURPOSE = ("商机挖掘", "方案沟通", "商务谈判", "合同与交付")
STAGE_ROLES = (("使用者", "影响者"), ("把关者", "影响者", "采购者"), ("采购者", "决策者"), ("决策者", "采购者"))

#: routine visit intensity of general customers per quarter, and the reps' diligence
GENERAL_RATE = 0.78   # design: 0.7; raised so the quarterly rule is met 55-75 % of the time
LAZY_REPS = ("S11", "S15")   # 华南 and 华北 (outside the programme), diligence 0.35: the compliance chart's tail
CONTACT_RATE = (0.09, 0.09, 1.4)  # λ per contact-month = (a + b × relationship) × (c if key person)


def allowed_days() -> dict[tuple[int, int], list[dt.date]]:
    """Workdays per (year, month), none from CNY - 3 to CNY + 7."""
    out: dict[tuple[int, int], list[dt.date]] = {}
    day = START
    while day <= AS_OF:
        cny = CNY[day.year]
        if day.weekday() < 5 and not (-3 <= (day - cny).days <= 7):
            out.setdefault((day.year, day.month), []).append(day)
        day += dt.timedelta(days=1)
    return out


class VisitLog:
    def __init__(self, customers: list[dict[str, Any]], windows: dict[str, tuple[dt.date, dt.date]]) -> None:
        self.rows: list[dict[str, Any]] = []
        self.days = allowed_days()
        self.all_days = [d for m in MONTHS for d in self.days[m]]
        self.windows = windows

    def add(self, day: dt.date, cid: str, visitor: str, vtype: str, purpose: str, contact: str | None = None,
            opp: str | None = None, force: bool = False) -> None:
        lo, hi = self.windows[cid]
        if force or lo <= day <= hi:
            self.rows.append({"date": day, "customer_id": cid, "contact_id": contact, "visitor": visitor,
                              "type": vtype, "purpose": purpose, "opp": opp})

    def day_in(self, rng: np.random.Generator, lo: dt.date, hi: dt.date) -> dt.date | None:
        cands = [d for d in self.all_days if lo <= d <= hi]
        return cands[int(rng.integers(len(cands)))] if cands else None

    def month_day(self, rng: np.random.Generator, ym: tuple[int, int]) -> dt.date:
        days = self.days[ym]
        return days[int(rng.integers(len(days)))]


def visit_windows(customers: list[dict[str, Any]], order_rows: list[dict[str, Any]]) -> dict[str, tuple]:
    """Per customer, the days it can be visited: from first order − 180 days; churned: to last order + 90."""
    last: dict[str, dt.date] = {}
    for o in order_rows:
        last[o["customer_id"]] = max(last.get(o["customer_id"], o["date"]), o["date"])
    out = {}
    for c in customers:
        lo = max(START, c["first_order_date"] - dt.timedelta(days=180))
        hi = AS_OF if c["end"] >= AS_OF else min(AS_OF, last[c["customer_id"]] + dt.timedelta(days=90))
        out[c["customer_id"]] = (lo, hi)
    return out


def active_in(order_dates: list[dt.date], start: dt.date, end: dt.date) -> bool:
    """Lecture 4's routine rule: an order in the period or in the 12 months before its start."""
    lo = D(start.year - 1, start.month, start.day)
    return any(lo <= d <= end for d in order_dates)


def quarter_bounds(y: int, q: int) -> tuple[dt.date, dt.date]:
    start = D(y, 3 * q + 1, 1)
    end = D(y, 3 * q + 3, {0: 31, 1: 30, 2: 30, 3: 31}[q])
    return start, end


def build_visits(customers: list[dict[str, Any]], reps: list[dict[str, Any]], contacts: list[dict[str, Any]],
                 deals: list[dict], order_rows: list[dict[str, Any]], featured: dict[str, Any],
                 no_chain: list[str], recv: tuple[dict, dict]) -> list[dict[str, Any]]:
    rng = rng_for(9)
    log = VisitLog(customers, visit_windows(customers, order_rows))
    by_id = {c["customer_id"]: c for c in customers}
    fid = featured["customer_id"]
    function = {lid: func for lid, _, _, func, _ in LEADERS}
    orders_of: dict[str, list[dt.date]] = {}
    for o in order_rows:
        orders_of.setdefault(o["customer_id"], []).append(o["date"])

    # A. contacts of key accounts: their owner, and their sponsor
    for x in contacts:
        cid = x["customer_id"]
        key_person = x["influence"] >= 4 or x["decision_role"] == "决策者"
        lam = (CONTACT_RATE[0] + CONTACT_RATE[1] * x["relationship"]) * (CONTACT_RATE[2] if key_person else 1.0)
        for ym in MONTHS:
            n = int(rng.poisson(lam))
            for _ in range(n):
                day = log.month_day(rng, ym)
                vtype = pick(rng, ("上门拜访", "电话或视频", "技术交流"), (0.55, 0.40, 0.05))
                purpose = pick(rng, ("例行维护", "客户关怀", "商机挖掘", "技术服务"), (0.75, 0.08, 0.12, 0.05))
                if x["owner"] and not (cid == fid and day.year == 2025):
                    log.add(day, cid, x["owner"], vtype, purpose, x["contact_id"])
        if x["sponsor"]:
            for year in (2024, 2025):
                for _ in range(int(rng.poisson(2.0))):
                    day = log.day_in(rng, D(year, 1, 2), D(year, 12, 31))
                    if function[x["sponsor"]] == "技术":
                        vtype, purpose = "技术交流", pick(rng, ("技术服务", "方案沟通"))
                    else:
                        vtype, purpose = "高层会晤", pick(rng, ("例行维护", "客户关怀", "方案沟通"), (0.5, 0.3, 0.2))
                    if not (cid == fid and year == 2025):
                        log.add(day, cid, x["sponsor"], vtype, purpose, x["contact_id"])

    # B. key accounts without a decision chain yet
    for cid in no_chain:
        for ym in MONTHS:
            for _ in range(int(rng.poisson(1.0))):
                log.add(log.month_day(rng, ym), cid, by_id[cid]["sales_rep_id"],
                        pick(rng, ("上门拜访", "电话或视频"), (0.5, 0.5)), pick(rng, ("例行维护", "商机挖掘")))

    # C. routine visits to general customers, by the rep's diligence
    diligence = {r["rep_id"]: float(rng.lognormal(0, 0.35)) for r in reps}
    diligence.update({r: 0.35 for r in LAZY_REPS})  # design: 0.45
    general = [c for c in customers if c["account_type"] == "一般客户"]
    amounts: dict[str, list[tuple[dt.date, int]]] = {}
    for o in order_rows:
        amounts.setdefault(o["customer_id"], []).append((o["date"], o["amount_c"]))
    for y, q in QUARTERS:
        qs, qe = quarter_bounds(y, q)
        prev = D(qs.year - 1, qs.month, 1)
        active = [c for c in general if active_in(orders_of.get(c["customer_id"], []), qs, qe)]
        s12 = {c["customer_id"]: max(1.0, sum(a for d, a in amounts[c["customer_id"]] if prev <= d < qs) / 1e6)
               for c in active}
        med = float(np.median(list(s12.values()))) if s12 else 1.0
        for c in active:
            lam = GENERAL_RATE * diligence[c["sales_rep_id"]] * (s12[c["customer_id"]] / med) ** 0.3
            for _ in range(int(rng.poisson(lam))):
                day = log.day_in(rng, qs, min(qe, AS_OF))
                vtype = pick(rng, ("电话或视频", "上门拜访", "客户活动"), (0.50, 0.45, 0.05))
                purpose = "客户关怀" if vtype == "客户活动" else pick(rng, ("例行维护", "商机挖掘"), (0.8, 0.2))
                log.add(day, c["customer_id"], c["sales_rep_id"], vtype, purpose)

    # D. the penetration programme (from 2025-04-01)
    for c in customers:
        if not c.get("penetration_start"):
            continue
        for m in range(4, 13):
            if rng.random() < 0.85:
                log.add(log.month_day(rng, (2025, m)), c["customer_id"], c["sales_rep_id"], "上门拜访",
                        pick(rng, ("商机挖掘", "例行维护"), (0.6, 0.4)))
            for _ in range(int(rng.poisson(0.4))):
                log.add(log.month_day(rng, (2025, m)), c["customer_id"], c["sales_rep_id"], "电话或视频", "例行维护")
        for q in (1, 2, 3):
            if rng.random() < 0.7:
                qs, qe = quarter_bounds(2025, q)
                log.add(log.day_in(rng, qs, qe), c["customer_id"], c["sales_rep_id"], "客户活动", "客户关怀")

    # E. deal stages: one visit by the owner in the five days up to each pre-sign stage date
    roles_of: dict[str, list[dict]] = {}
    for x in contacts:
        roles_of.setdefault(x["customer_id"], []).append(x)
    for d in deals:
        if d["source"].startswith("featured"):
            continue
        for k in range(4):
            day = d["dates"][k]
            if day is None:
                continue
            lo = max(d["created"], day - dt.timedelta(days=5))
            vday = log.day_in(rng, lo, day)
            vtype = pick(rng, ("上门拜访", "电话或视频", "技术交流"), (0.6, 0.3, 0.1))
            contact = _stage_contact(rng, roles_of.get(d["customer_id"], []), k)
            if vday is not None:  # none when the five days are a weekend or the Spring Festival break
                log.add(vday, d["customer_id"], d["owner"], vtype, STAGE_PURPOSE[k], contact, d["opportunity_id"])
    stalled = [d for d in deals if d["source"] in ("stalled", "big450")]
    recent = [stalled[int(j)] for j in sorted(rng.choice(len(stalled), size=9, replace=False))]
    for d in recent:
        k = _stage_of(d)
        day = log.day_in(rng, AS_OF - dt.timedelta(days=29), AS_OF)
        log.add(day, d["customer_id"], d["owner"], pick(rng, ("上门拜访", "电话或视频"), (0.6, 0.4)),
                STAGE_PURPOSE[max(0, k - 1)], _stage_contact(rng, roles_of.get(d["customer_id"], []), max(0, k - 1)),
                d["opportunity_id"])

    # F. collection visits for receivables overdue 31-90 days; of the two red customers only the general one
    key_red, general_red = recv
    for d in deals:
        if d["dates"][4] is None or d["dates"][5] is not None or d["terms"] is None:
            continue
        overdue = (AS_OF - d["dates"][4]).days - d["terms"]
        if 31 <= overdue <= 90 and d["customer_id"] != key_red["customer_id"] and rng.random() < 0.6:
            log.add(log.day_in(rng, AS_OF - dt.timedelta(days=29), AS_OF), d["customer_id"], d["owner"],
                    pick(rng, ("上门拜访", "电话或视频")), "回款催收")
    log.add(D(2025, 12, 10), general_red["customer_id"], general_red["sales_rep_id"], "上门拜访", "回款催收")

    # G. holiday calls to 30 % of the general customers active in 2025
    for c in general:
        if any(d.year == 2025 for d in orders_of.get(c["customer_id"], [])) and rng.random() < 0.3:
            m = 1 if rng.random() < 0.5 else 9
            log.add(log.month_day(rng, (2025, m)), c["customer_id"], c["sales_rep_id"], "电话或视频", "客户关怀")

    # H. the featured account in 2025: hand-written (L03 § 5.5)
    _featured_visits(log, featured, contacts, deals, rng)
    return log.rows


def _stage_of(d: dict) -> int:
    k = 0
    for j, day in enumerate(d["dates"]):
        if day is not None:
            k = j + 1
    return k


def _stage_contact(rng: np.random.Generator, chain: list[dict], k: int) -> str | None:
    if not chain:
        return None
    fit = [x for x in chain if x["decision_role"] in STAGE_ROLES[k]] or chain
    return fit[int(rng.integers(len(fit)))]["contact_id"]


def _featured_visits(log: VisitLog, c: dict[str, Any], contacts: list[dict], deals: list[dict],
                     rng: np.random.Generator) -> None:
    from gen_accounts import region_leaders

    cid, rep = c["customer_id"], c["sales_rep_id"]
    director, tech = region_leaders(c["region"])
    k = {x["title"]: x["contact_id"] for x in contacts if x["customer_id"] == cid}
    open_deal = next(d["opportunity_id"] for d in deals if d["source"] == "featured")
    lost_deal = next(d for d in deals if d["source"] == "featured_lost")
    # January-June 2025: a monthly routine visit by the rep to 采购经理 or 电气工程师; the lost deal's stages
    lost_days = {1: (lost_deal["dates"][0], "商机挖掘"), 2: (lost_deal["dates"][1], "方案沟通")}
    for m in range(1, 7):
        if m in lost_days:
            day, purpose = lost_days[m]
            log.add(day, cid, rep, "上门拜访", purpose, k["采购经理"], lost_deal["opportunity_id"], force=True)
        else:
            who = "采购经理" if rng.random() < 0.5 else "电气工程师"
            log.add(log.month_day(rng, (2025, m)), cid, rep, "上门拜访", "例行维护", k[who], force=True)
    hand = (
        (D(2025, 7, 10), director, "高层会晤", "例行维护", "副总经理", None),
        (D(2025, 7, 22), rep, "客户活动", "客户关怀", "电气工程师", None),
        (D(2025, 8, 20), rep, "上门拜访", "例行维护", "总经理", None),
        (D(2025, 9, 12), tech, "技术交流", "方案沟通", "技术总监", None),
        (D(2025, 9, 30), rep, "上门拜访", "例行维护", "生产厂长", None),
        (D(2025, 10, 9), rep, "上门拜访", "方案沟通", "技术总监", open_deal),
        (D(2025, 10, 14), rep, "上门拜访", "方案沟通", "采购经理", open_deal),
        (D(2025, 11, 20), rep, "客户活动", "客户关怀", "设备部经理", None),
        (D(2025, 12, 10), rep, "上门拜访", "例行维护", "设备部经理", None),
        (D(2025, 12, 12), director, "上门拜访", "商务谈判", "采购经理", open_deal),
        (D(2025, 12, 12), director, "高层会晤", "商务谈判", "副总经理", None),
        (D(2025, 12, 15), rep, "电话或视频", "例行维护", "采购经理", None),
        (D(2025, 12, 16), tech, "技术交流", "技术服务", "设备部经理", None),
        (D(2025, 12, 22), rep, "上门拜访", "例行维护", "电气工程师", None),
    )
    for day, who, vtype, purpose, title, opp in hand:
        log.add(day, cid, who, vtype, purpose, k[title], opp, force=True)


def finish_visits(rows: list[dict[str, Any]], contacts: list[dict[str, Any]]) -> list[Row]:
    """Sort and number the visits; write each contact's last visit date back to the contact."""
    rows.sort(key=lambda v: (v["date"], v["customer_id"], v["visitor"], v["type"], v["purpose"],
                             v["contact_id"] or "", v["opp"] or ""))
    last: dict[str, dt.date] = {}
    out: list[Row] = []
    for k, v in enumerate(rows):
        out.append((f"V{k + 1:06d}", v["date"], v["customer_id"], v["contact_id"], v["visitor"], v["type"],
                    v["purpose"], v["opp"]))
        if v["contact_id"]:
            last[v["contact_id"]] = max(last.get(v["contact_id"], v["date"]), v["date"])
    for x in contacts:
        x["last_contact"] = last.get(x["contact_id"])
    return out


def check_visits(rows: list[dict[str, Any]], customers: list[dict[str, Any]], reps: list[dict[str, Any]],
                 contacts: list[dict[str, Any]], deals: list[dict], windows: dict[str, tuple],
                 featured_id: str) -> None:
    people = our_people(reps)
    contact_of = {x["contact_id"]: x["customer_id"] for x in contacts}
    deal_of = {d["opportunity_id"]: d for d in deals}
    for v in rows:
        assert START <= v["date"] <= AS_OF, f"visits: date in window {v}"
        assert v["visitor"] in people, f"visits: visitor exists {v}"
        if v["type"] == "高层会晤":
            assert OUR_RANKS.index(people[v["visitor"]]) >= OUR_RANKS.index("总监"), f"高层会晤 rank >= 总监 {v}"
        if v["contact_id"]:
            assert contact_of[v["contact_id"]] == v["customer_id"], f"visits: contact of the customer {v}"
        if v["opp"]:
            d = deal_of[v["opp"]]
            close = d["dates"][3] or d["date_lost"] or AS_OF
            assert d["customer_id"] == v["customer_id"] and d["created"] <= v["date"] <= close, \
                f"visits: opportunity of the customer, within its life {v}"
        lo, hi = windows[v["customer_id"]]
        assert lo <= v["date"] <= hi, f"visits: first order - 180 days .. (churned) last order + 90 days {v}"
    n = len(rows)
    assert 9000 <= n <= 12500, f"visits: expected size 9,000-12,000 rows, got {n}"
    # featured account, 2025: three lines of interaction (L03 § 3)
    func = {lid: f for lid, _, _, f, _ in LEADERS}
    lines: dict[str, list[dt.date]] = {"高层线": [], "技术线": [], "商务线": []}
    for v in rows:
        if v["customer_id"] != featured_id or v["date"].year != 2025:
            continue
        f = func.get(v["visitor"], "销售")
        rank = OUR_RANKS.index(people[v["visitor"]])
        line = "技术线" if f == "技术" else ("高层线" if rank >= OUR_RANKS.index("总监") else "商务线")
        lines[line].append(v["date"])
    assert {d.month for d in lines["商务线"]} == set(range(1, 13)), "featured: 商务线 every month"
    assert len(lines["高层线"]) == 3 and len(set(lines["高层线"])) == 2, "featured: 高层线 3 visits on 2 days"
    assert sorted(lines["技术线"]) == [D(2025, 9, 12), D(2025, 12, 16)], "featured: 技术线 2 visits"
    for line, gap in (("高层线", 190), ("技术线", 254)):
        days = sorted(set(lines[line]))
        edges = [D(2024, 12, 31)] + days + [D(2026, 1, 1)]
        longest = max((b - a).days - 1 for a, b in zip(edges, edges[1:]))
        assert longest == gap, f"featured: {line} longest gap {gap} days, got {longest}"
    assert not any(v["visitor"] in ("L01", "L02") for v in rows if v["customer_id"] == featured_id), \
        "featured: no visit by L01 or L02"


def check_collections(rows: list[dict[str, Any]], recv: tuple[dict, dict]) -> None:
    """Of the two customers with receivables overdue > 90 days, only the general customer was chased lately."""
    chased = {v["customer_id"] for v in rows if v["purpose"] == "回款催收" and (AS_OF - v["date"]).days < 30}
    key, general = recv
    assert general["customer_id"] in chased and key["customer_id"] not in chased, \
        "receivables: only the general red customer has a 回款催收 visit in the last 30 days"


def routine_compliance(visits: list[dict[str, Any]], customers: list[dict[str, Any]],
                       order_rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Lecture 4 § 3.2, year 2025: 重点客户 monthly on-site rule and 一般客户 quarterly rule (by rep)."""
    orders_of: dict[str, list[dt.date]] = {}
    for o in order_rows:
        orders_of.setdefault(o["customer_id"], []).append(o["date"])
    onsite: set[tuple[str, int]] = set()
    quarter: set[tuple[str, int]] = set()
    for v in visits:
        if v["date"].year != 2025:
            continue
        if v["type"] in ("上门拜访", "技术交流", "高层会晤"):
            onsite.add((v["customer_id"], v["date"].month))
        quarter.add((v["customer_id"], (v["date"].month - 1) // 3))
    key_n = key_ok = 0
    by_rep: dict[str, list[int]] = {}
    for c in customers:
        dates = orders_of.get(c["customer_id"], [])
        if c["account_type"] == "重点客户":
            for m in range(1, 13):
                end = D(2025, m + 1, 1) - dt.timedelta(days=1) if m < 12 else D(2025, 12, 31)
                if active_in(dates, D(2025, m, 1), end):
                    key_n += 1
                    key_ok += (c["customer_id"], m) in onsite
        else:
            for q in range(4):
                if active_in(dates, *quarter_bounds(2025, q)):
                    r = by_rep.setdefault(c["sales_rep_id"], [0, 0])
                    r[0] += 1
                    r[1] += (c["customer_id"], q) in quarter
    gen_n, gen_ok = sum(r[0] for r in by_rep.values()), sum(r[1] for r in by_rep.values())
    rates = {rep: ok / n for rep, (n, ok) in by_rep.items()}
    return {"key_monthly": key_ok / key_n, "general_quarterly": gen_ok / gen_n, "by_rep": rates}


def check_routines(visits: list[dict[str, Any]], customers: list[dict[str, Any]],
                   order_rows: list[dict[str, Any]], deals: list[dict]) -> dict[str, Any]:
    r = routine_compliance(visits, customers, order_rows)
    assert 0.50 <= r["key_monthly"] <= 0.70, f"routines: 重点客户 monthly 50-70%: {r['key_monthly']:.3f}"
    assert 0.55 <= r["general_quarterly"] <= 0.75, f"routines: 一般客户 quarterly 55-75%: {r['general_quarterly']:.3f}"
    rates = sorted(r["by_rep"].values())
    assert rates[-1] - rates[0] >= 0.40 and rates[1] < 0.40, f"routines: reps range >= 40 points, two < 40%: {rates}"
    # stalled deals: 20 without a deal visit in the last 45 days, the other 10 with one in the last 30
    from gen_pipeline import stalled

    last: dict[str, dt.date] = {}
    for v in visits:
        if v["opp"]:
            last[v["opp"]] = max(last.get(v["opp"], v["date"]), v["date"])
    st = stalled(deals)
    quiet = [d for d in st if (AS_OF - last.get(d["opportunity_id"], D(2000, 1, 1))).days >= 45]
    recent = [d for d in st if (AS_OF - last.get(d["opportunity_id"], D(2000, 1, 1))).days < 30]
    assert len(st) == 30 and len(quiet) == 20 and len(recent) == 10, \
        f"stalled deals: 20 quiet >= 45 days, 10 visited within 30 days: {len(quiet)}, {len(recent)}"
    return r
