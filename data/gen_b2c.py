"""山禾生活会员店 (fictional B2C): members, their orders, monthly activity, service touchpoints, and the
lecture-5 tables (behaviour log, satisfaction survey, coupon experiment, 2025 targets).

Random streams: join dates come from ``rng_for(4)``; every member then draws from its own stream
``default_rng([SEED, 4, m])``, so a change to one member's behaviour leaves the others alone. The
experiment's assignment is ``rng_for(40)`` and the coupon's effect ``default_rng([SEED, 40, m])``;
``member_events`` and ``member_survey`` draw per member from ``default_rng([SEED, 41, m])`` and
``default_rng([SEED, 42, m])``; ``member_targets`` is a rule on the data (no draws).

What the generator does **not** do, on purpose: a member's drop-out chance is fixed when the member is
drawn. Buying more never lowers it: only a bad, unresolved service contact raises it for one purchase,
the experiment's coupon brings back some would-be leavers once, and a small one-time win-back (回流)
happens regardless of how much the member bought. Loyal members (low drop-out chance) are drawn with
shorter gaps between purchases. So the strong link between early repeat purchases and retention that
lecture 5 finds is selection, not cause.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, NamedTuple

import numpy as np
from gen_common import B2C_END, B2C_START, SEED, Row, day_range, pick, rng_for

from helpers.data.schema import AGE_GROUPS, CITY_TIERS, JOIN_CHANNELS, TOUCHPOINTS


class Behaviour(NamedTuple):
    """How the members who joined through one channel behave (means over members)."""

    share: float        # share of joins
    gap: float          # mean days between purchases
    drop: float         # mean drop-out chance after a purchase
    online: float       # share of online orders
    engage: float       # app engagement (scales app visits)
    same_day: float     # chance that the first purchase is on the join day
    delay: float        # otherwise: mean days from joining to the first purchase
    never: float        # chance of never buying


CHANNEL_BEHAVIOUR = {
    "门店": Behaviour(0.38, 32, 0.32, 0.18, 0.6, 0.95, 20, 0.02),
    "小程序": Behaviour(0.24, 56, 0.48, 0.55, 1.0, 0.30, 25, 0.33),
    "APP": Behaviour(0.12, 56, 0.26, 0.70, 0.7, 0.40, 20, 0.22),
    "社群": Behaviour(0.14, 20, 0.28, 0.55, 1.4, 0.80, 20, 0.03),
    "异业合作": Behaviour(0.12, 50, 0.65, 0.45, 0.7, 0.80, 30, 0.06),
}


TOUCH_SATISFACTION = {"到店导购": 4.2, "客服热线": 3.25, "在线客服": 3.75, "配送": 3.3, "售后退换": 2.9,
                      "会员活动": 4.0}

#: weight of each touchpoint's rating in the survey's overall satisfaction (lecture 5, §11.2)
SURVEY_WEIGHTS = {"售后退换": 1.0, "到店导购": 0.8, "配送": 0.9, "在线客服": 0.1, "客服热线": 0.1, "会员活动": 0.05}

GAP_LOYALTY = 0.25  # elasticity of the purchase gap to the drop-out chance
WINBACK = 0.06  # chance that a member who stopped comes back once, 150-420 days later (回流)

EXPERIMENT = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))  # first purchase days in the coupon experiment
COUPON_YUAN = 20
#: share of the coupon holders who would have stopped after their first purchase but use the coupon (valid
#: 30 days) for a second one; they then go on as before, with their own (high) drop-out chance
COUPON_RESCUE = 0.17
EVENTS_JOIN = (dt.date(2025, 1, 1), dt.date(2025, 10, 31))  # joiners whose first 60 days are logged
EVENT_DAYS = 60
SURVEY_BUYERS = (dt.date(2025, 1, 1), dt.date(2025, 10, 31))
SURVEY_DAYS = (dt.date(2025, 11, 3), dt.date(2025, 11, 28))


def _member(m: int, join: int, days: list[dt.date], treated: bool) -> dict[str, Any]:
    """One member's profile, orders, service contacts and monthly activity, from its own stream."""
    rng = np.random.default_rng([SEED, 4, m])
    coupon_rng = np.random.default_rng([SEED, 40, m])
    end_i = len(days) - 1
    mid = f"M{m + 1:05d}"
    channel = pick(rng, list(CHANNEL_BEHAVIOUR), [v.share for v in CHANNEL_BEHAVIOUR.values()])
    b = CHANNEL_BEHAVIOUR[channel]
    tier_city = pick(rng, CITY_TIERS, (0.22, 0.30, 0.28, 0.20))
    gender = pick(rng, ("女", "男"), (0.66, 0.34))
    age = pick(rng, AGE_GROUPS, (0.12, 0.38, 0.30, 0.13, 0.07))
    pace = rng.gamma(1.3, 1 / 1.3)
    drop = float(rng.beta(1.0, 1.0 * (1 - b.drop) / b.drop))      # drop-out chance after each purchase (fixed)
    # typical days between purchases: loyal members (low drop-out chance) also tend to buy more often
    gap = max(7.0, b.gap * pace * (drop / b.drop) ** GAP_LOYALTY)
    basket = 150 * rng.lognormal(0, 0.35) * (1.2 if tier_city == "一线" else 1.0)
    t = join if rng.random() < b.same_day else join + 1 + int(rng.exponential(b.delay))
    if rng.random() < b.never:
        t = end_i + 1  # registered, never bought
    in_experiment = t <= end_i and EXPERIMENT[0] <= days[t] <= EXPERIMENT[1]
    orders: list[dict[str, Any]] = []
    touches: list[dict[str, Any]] = []
    spend_c = 0
    last_active = join
    won_back = False
    while t <= end_i:
        day = days[t]
        online = rng.random() < b.online
        amount_c = int(round(basket * rng.lognormal(-0.08, 0.45) * 100))
        items = max(1, int(round(amount_c / 100 / (38 * rng.lognormal(0, 0.3)))))
        orders.append({"member_id": mid, "date": day, "t": t, "channel": "线上" if online else "门店",
                       "items": items, "amount_c": amount_c})
        spend_c += amount_c
        last_active = t
        extra_drop = 0.0
        if rng.random() < 0.22:
            point = pick(rng, ("配送", "在线客服", "售后退换") if online else ("到店导购", "客服热线", "售后退换"),
                         (0.5, 0.3, 0.2) if online else (0.6, 0.2, 0.2))
            sat = int(np.clip(round(TOUCH_SATISFACTION[point] + rng.normal(0, 1.0)), 1, 5))
            resolved = int(rng.random() < (0.35 + 0.13 * sat))
            touch_day = min(t + int(rng.integers(0, 4)), end_i)
            touches.append({"member_id": mid, "date": days[touch_day], "point": point, "sat": sat,
                            "resolved": resolved})
            if sat <= 2:
                extra_drop = 0.3 if not resolved else 0.12
        if rng.random() < min(0.95, drop + extra_drop):
            if in_experiment and treated and len(orders) == 1 and coupon_rng.random() < COUPON_RESCUE:
                t += int(coupon_rng.integers(3, 31))  # the coupon brings back a member who was about to leave
                continue
            if won_back or rng.random() >= WINBACK:
                break
            won_back = True
            t += int(rng.integers(150, 421))
            continue
        t += max(2, int(round(rng.exponential(gap))))
    if rng.random() < 0.15 * b.engage and last_active + 20 <= end_i:
        touch_day = last_active + int(rng.integers(5, min(120, end_i - last_active) + 1))
        sat = int(np.clip(round(TOUCH_SATISFACTION["会员活动"] + rng.normal(0, 0.8)), 1, 5))
        touches.append({"member_id": mid, "date": days[touch_day], "point": "会员活动", "sat": sat, "resolved": 1})
    tier = "金卡" if spend_c >= 300000 else "银卡" if spend_c >= 100000 else "普通"

    # monthly activity: from the join month until a little after the last purchase
    by_month: dict[str, list[str]] = {}
    for o in orders:
        by_month.setdefault(o["date"].strftime("%Y-%m"), []).append(o["channel"])
    activity: list[Row] = []
    tail = int(rng.integers(0, 4))
    last_day = days[min(last_active, end_i)]
    last_month_i = min(last_day.year * 12 + last_day.month - 1 + tail, 2025 * 12 + 11)
    month = (days[join].year, days[join].month)
    while month[0] * 12 + month[1] - 1 <= last_month_i:
        key = f"{month[0]}-{month[1]:02d}"
        mo = by_month.get(key, [])
        n_online = sum(1 for x in mo if x == "线上")
        n_store = len(mo) - n_online
        app = int(rng.poisson(b.engage * (1.5 + 2.5 * n_online + 0.5 * n_store)))
        app = max(app, n_online)  # every online order is a visit (one order per member and day)
        store = n_store + int(rng.poisson(0.25 if n_store else 0.1))
        coupons = int(rng.binomial(len(mo), 0.35)) if mo else 0
        if app or store or coupons:
            activity.append((mid, key, app, store, coupons))
        month = (month[0] + (month[1] == 12), month[1] % 12 + 1)
    return {"row": (mid, days[join], channel, tier_city, gender, age, tier), "join": join, "channel": channel,
            "orders": orders, "touches": touches, "activity": activity,
            "experiment": in_experiment, "tier": tier}


def build_b2c() -> dict[str, list[Row]]:
    rng = rng_for(4)
    days = day_range(B2C_START, B2C_END)
    n_days = len(days)
    join_w = np.empty(n_days)
    for i, d in enumerate(days):
        x = (1.0 + 0.7 * i / n_days) * (1.3 if i < 31 else 1.0)  # the store grows; opening month
        if (d.month, d.day) in ((6, 18), (11, 11), (12, 12)):
            x *= 4
        if d.weekday() >= 5:
            x *= 1.5
        join_w[i] = x
    n_mem = 4000
    join_idx = np.sort(rng.choice(n_days, size=n_mem, p=join_w / join_w.sum()))
    people = [_member(m, int(join_idx[m]), days, False) for m in range(n_mem)]
    treated = _assign(people)
    for m in treated:  # the same member, same stream, now with the coupon
        people[m] = _member(m, int(join_idx[m]), days, True)

    orders = sorted((o for p in people for o in p["orders"]), key=lambda o: (o["date"], o["member_id"]))
    for k, o in enumerate(orders):
        o["order_id"] = f"MO{k + 1:06d}"
    order_rows = [(o["order_id"], o["member_id"], o["date"], o["channel"], o["items"], o["amount_c"] / 100)
                  for o in orders]
    touches = sorted((x for p in people for x in p["touches"]), key=lambda x: (x["date"], x["member_id"], x["point"]))
    touch_rows = [(f"T{k + 1:05d}", x["member_id"], x["date"], x["point"], x["sat"], x["resolved"])
                  for k, x in enumerate(touches)]
    activity = sorted((r for p in people for r in p["activity"]), key=lambda r: (r[0], r[1]))
    ab_rows = [(p["row"][0], p["orders"][0]["date"], "实验组" if m in treated else "对照组",
                COUPON_YUAN if m in treated else 0) for m, p in enumerate(people) if p["experiment"]]
    assert all(p in TOUCHPOINTS for p in TOUCH_SATISFACTION) and set(CHANNEL_BEHAVIOUR) == set(JOIN_CHANNELS)
    assert set(SURVEY_WEIGHTS) == set(TOUCHPOINTS)
    _check_members(people)
    _check_experiment(ab_rows)
    return {
        "members": [p["row"] for p in people], "member_orders": order_rows, "member_activity": activity,
        "touchpoints": touch_rows,
        "member_events": _events(people, days),
        "member_survey": _survey(people, touches, days),
        "ab_test": ab_rows,
        "member_targets": _targets(people, orders),
    }


def _assign(people: list[dict[str, Any]]) -> set[int]:
    """The coupon experiment's 50/50 assignment, stratified by join channel: within a channel, the first
    buyers of 2025-01..06 in the order of their first purchase, in blocks of four with two of each arm
    (permuted blocks, ``rng_for(40)``)."""
    rng = rng_for(40)
    treated: set[int] = set()
    for channel in JOIN_CHANNELS:
        queue = sorted((p["orders"][0]["date"], p["row"][0], m) for m, p in enumerate(people)
                       if p["experiment"] and p["channel"] == channel)
        for i in range(0, len(queue), 4):
            block = queue[i:i + 4]
            arms = rng.permutation([0, 1, 0, 1])[:len(block)]
            treated |= {m for (_, _, m), arm in zip(block, arms) if arm}
    return treated


def _check_members(people: list[dict[str, Any]]) -> None:
    cohorts: dict[str, int] = {}
    for p in people:
        if p["orders"]:
            key = p["orders"][0]["date"].strftime("%Y-%m")
            cohorts[key] = cohorts.get(key, 0) + 1
        online = {}
        for o in p["orders"]:
            if o["channel"] == "线上":
                online[o["date"].strftime("%Y-%m")] = online.get(o["date"].strftime("%Y-%m"), 0) + 1
        visits = {r[1]: r[2] for r in p["activity"]}
        assert all(visits.get(k, 0) >= n for k, n in online.items()), \
            f"member_activity: app_visits >= days with online orders ({p['row'][0]})"
    small = {k: n for k, n in cohorts.items() if k <= "2025-11" and n < 80}
    assert not small, f"cohort pattern: every monthly cohort 2024-01..2025-11 has >= 80 first buyers, not {small}"


def _check_experiment(ab_rows: list[Row]) -> None:
    n = {g: sum(1 for r in ab_rows if r[2] == g) for g in ("对照组", "实验组")}
    chi2 = (n["对照组"] - n["实验组"]) ** 2 / (n["对照组"] + n["实验组"])
    p_srm = math.erfc(math.sqrt(chi2 / 2))
    assert min(n.values()) >= 450, f"A/B pattern: at least 450 members per arm, got {n}"
    assert p_srm >= 0.05, f"A/B pattern: the 50/50 split must pass the SRM check (p >= 0.05), p = {p_srm:.3f}"


# ---- member_events ------------------------------------------------------------------------------------

def _hms(h: int, m: int = 0, s: int = 0) -> int:
    return h * 3600 + m * 60 + s


def _events(people: list[dict[str, Any]], days: list[dt.date]) -> list[Row]:
    """The behaviour log of the members who joined in ``EVENTS_JOIN``: their first 60 days."""
    day0 = days[0]
    found: list[tuple[int, int, str, str, str, str]] = []  # (day index, second, member, event, platform, order)
    for m, p in enumerate(people):
        join = p["join"]
        if not EVENTS_JOIN[0] <= days[join] <= EVENTS_JOIN[1]:
            continue
        rng = np.random.default_rng([SEED, 41, m])
        mid = p["row"][0]
        last = join + EVENT_DAYS - 1
        ev: list[tuple[int, int, str, str, str]] = []
        online_by_month: dict[str, int] = {}
        for o in p["orders"]:
            if o["channel"] == "线上":
                key = o["date"].strftime("%Y-%m")
                online_by_month[key] = online_by_month.get(key, 0) + 1
            if not join <= o["t"] <= last:
                continue
            if o["channel"] == "门店":
                ev.append((o["t"], int(rng.integers(_hms(10), _hms(21) + 1)), "下单", "门店", o["order_id"]))
                continue
            sec = int(rng.integers(_hms(9), _hms(22, 59, 59) + 1))
            u = rng.random()
            cart_gap = int(rng.integers(120, 1801))
            browse_gap = int(rng.integers(180, 1201))
            if u < 0.01:  # the 加购 is logged 1-3 minutes after the order (tracking delay)
                ev.append((o["t"], sec + int(rng.integers(60, 181)), "加购", "线上", ""))
                ev.append((o["t"], sec - browse_gap, "浏览", "线上", ""))
            elif u < 0.84:
                ev.append((o["t"], sec - cart_gap, "加购", "线上", ""))
                ev.append((o["t"], sec - cart_gap - browse_gap, "浏览", "线上", ""))
            else:  # straight to the order, no 加购
                ev.append((o["t"], sec - int(rng.integers(300, 3001)), "浏览", "线上", ""))
            ev.append((o["t"], sec, "下单", "线上", o["order_id"]))
        # the other app visits of each month: a day in the month (not before joining); logged with p 0.85
        for _, key, app, _store, _coupons in p["activity"]:
            year, mon = int(key[:4]), int(key[5:])
            first = (dt.date(year, mon, 1) - day0).days
            month_end = (dt.date(year + (mon == 12), mon % 12 + 1, 1) - day0).days - 1
            lo, hi = max(first, join), min(month_end, len(days) - 1)
            for _ in range(app - online_by_month.get(key, 0)):
                t = int(rng.integers(lo, hi + 1))
                logged = rng.random() < 0.85
                sec = int(rng.integers(_hms(8, 30), _hms(23) + 1))
                cart = rng.random() < 0.12
                cart_sec = sec + int(rng.integers(300, 2401))
                if not (logged and join <= t <= last):
                    continue
                ev.append((t, sec, "浏览", "线上", ""))
                if cart:  # an abandoned cart
                    ev.append((t, cart_sec, "加购", "线上", ""))
        same_day = [sec for t, sec, *_ in ev if t == join]
        reg = (min(same_day) - int(rng.integers(60, 601))) if same_day else int(rng.integers(_hms(8), _hms(23)))
        ev.append((join, reg, "注册", "门店" if p["channel"] == "门店" else "线上", ""))
        found += [(t, sec, mid, name, plat, oid) for t, sec, name, plat, oid in ev]
    found.sort(key=lambda e: (e[0], e[1], e[2], ("注册", "浏览", "加购", "下单").index(e[3])))
    rows: list[Row] = []
    for k, (t, sec, mid, name, plat, oid) in enumerate(found):
        when = dt.datetime.combine(days[t], dt.time()) + dt.timedelta(seconds=sec)
        rows.append((f"EV{k + 1:06d}", mid, when, name, plat, oid))
    _check_events(people, days, rows)
    return rows


def _check_events(people: list[dict[str, Any]], days: list[dt.date], rows: list[Row]) -> None:
    joins = {p["row"][0]: days[p["join"]] for p in people if EVENTS_JOIN[0] <= days[p["join"]] <= EVENTS_JOIN[1]}
    assert 10_000 <= len(rows) <= 30_000, f"member_events: 10,000-30,000 rows expected, got {len(rows)}"
    regs = [r[1] for r in rows if r[3] == "注册"]
    assert sorted(regs) == sorted(joins), "member_events: exactly one 注册 per member who joined 2025-01..10"
    store_joiners = {p["row"][0] for p in people if p["channel"] == "门店"}
    channel = {o["order_id"]: o["channel"] for p in people for o in p["orders"]}
    for _, mid, when, name, plat, oid in rows:
        assert joins[mid] <= when.date() <= joins[mid] + dt.timedelta(days=EVENT_DAYS - 1), (mid, when)
        assert (name == "下单") == bool(oid), (mid, name, oid)
        assert plat == (channel[oid] if oid else "门店" if name == "注册" and mid in store_joiners else "线上"), \
            f"member_events: platform of {name} ({mid})"
        if name == "注册":
            assert dt.time(8) <= when.time() <= dt.time(22, 59, 59) and when.date() == joins[mid], (mid, when)
    want = {o["order_id"]: o["date"] for p in people if p["row"][0] in joins for o in p["orders"]
            if joins[p["row"][0]] <= o["date"] <= joins[p["row"][0]] + dt.timedelta(days=EVENT_DAYS - 1)}
    got = {r[5]: r[2].date() for r in rows if r[3] == "下单"}
    assert got == want and len(got) == sum(r[3] == "下单" for r in rows), \
        "member_events: 下单 events and member_orders in the window must match one to one, with equal dates"
    visits = {(p["row"][0], key): app for p in people if p["row"][0] in joins for _, key, app, *_ in p["activity"]}
    browse: dict[tuple[str, str], int] = {}
    for r in rows:
        if r[3] == "浏览":
            k = (r[1], r[2].strftime("%Y-%m"))
            browse[k] = browse.get(k, 0) + 1
    assert all(n <= visits.get(k, 0) for k, n in browse.items()), "member_events: 浏览 per month <= app_visits"
    online = [r for r in rows if r[3] == "下单" and r[4] == "线上"]
    carts: dict[str, list[dt.datetime]] = {}
    for r in rows:
        if r[3] == "加购":
            carts.setdefault(r[1], []).append(r[2])
    before = sum(any(dt.timedelta(0) <= r[2] - c <= dt.timedelta(minutes=60) for c in carts.get(r[1], []))
                 for r in online)
    after = sum(any(dt.timedelta(0) < c - r[2] <= dt.timedelta(minutes=3) for c in carts.get(r[1], []))
                for r in online)
    assert 0.80 <= before / len(online) <= 0.90, f"member_events: 加购 before online 下单 {before / len(online):.3f}"
    assert 0.005 <= after / len(online) <= 0.02, f"member_events: 加购 logged after 下单 {after / len(online):.4f}"


# ---- member_survey ------------------------------------------------------------------------------------

def _survey(people: list[dict[str, Any]], touches: list[dict[str, Any]], days: list[dt.date]) -> list[Row]:
    """Satisfaction survey (Nov 2025) of every member who bought between January and October 2025."""
    by_member: dict[str, list[dict[str, Any]]] = {}
    for x in touches:
        by_member.setdefault(x["member_id"], []).append(x)
    rows: list[Row] = []
    for m, p in enumerate(people):
        mid = p["row"][0]
        if not any(SURVEY_BUYERS[0] <= o["date"] <= SURVEY_BUYERS[1] for o in p["orders"]):
            continue
        rng = np.random.default_rng([SEED, 42, m])
        when = SURVEY_DAYS[0] + dt.timedelta(days=int(rng.integers((SURVEY_DAYS[1] - SURVEY_DAYS[0]).days + 1)))
        since = when - dt.timedelta(days=364)
        responded = rng.random() < (0.65 if p["tier"] in ("银卡", "金卡") else 0.55)
        noise, noise_rec = rng.normal(0, 1.1), rng.normal(0, 1.2)
        overall = recommend = None
        if responded:
            ratings: dict[str, list[int]] = {}
            for x in by_member.get(mid, []):
                if since <= x["date"] <= when:
                    ratings.setdefault(x["point"], []).append(x["sat"])
            bought = len({o["date"] for o in p["orders"] if since <= o["date"] <= when})
            latent = 6.6 + sum(SURVEY_WEIGHTS[k] * (np.mean(v) - 3.5) for k, v in ratings.items())
            latent += 0.25 * math.log(bought) + noise
            overall = int(np.clip(round(latent), 1, 10))
            recommend = int(np.clip(round(latent + noise_rec), 0, 10))
        rows.append((mid, when, int(responded), overall, recommend))
    rows = [(f"MS{k + 1:04d}", *r) for k, r in enumerate(rows)]
    assert all((r[4] is None) == (r[3] == 0) and (r[5] is None) == (r[3] == 0) for r in rows), \
        "member_survey: scores are empty exactly when the member did not respond"
    return rows


# ---- member_targets -----------------------------------------------------------------------------------

def _targets(people: list[dict[str, Any]], orders: list[dict[str, Any]]) -> list[Row]:
    """The 2025 monthly plan, made at the end of 2024. New members: 10% above the same month of 2024 (rounded
    to 5). Sales: December 2024's sales per member, times the planned number of members (members at the end
    of 2024 plus the planned joins so far), i.e. a plan that assumes no member is lost. Joins grow as planned;
    sales fall further behind every month (the "拉新达标、销售不达标" story of lecture 5: the gap is churn)."""
    joins = {(y, m): 0 for y in (2024, 2025) for m in range(1, 13)}
    sales = {(y, m): 0.0 for y in (2024, 2025) for m in range(1, 13)}
    for p in people:
        joins[(p["row"][1].year, p["row"][1].month)] += 1
    for o in orders:
        sales[(o["date"].year, o["date"].month)] += o["amount_c"] / 100 / 1e4
    base = sum(joins[(2024, m)] for m in range(1, 13))
    planned = base
    rows: list[Row] = []
    for m in range(1, 13):
        new_target = int(round(joins[(2024, m)] * 1.10 / 5) * 5)
        planned += new_target
        rows.append((f"2025-{m:02d}", new_target, round(sales[(2024, 12)] * planned / base, 1)))
    _check_targets(rows, joins, sales)
    return rows


def _check_targets(rows: list[Row], joins: dict[tuple[int, int], int], sales: dict[tuple[int, int], float]) -> None:
    hit_new = sum(joins[(2025, m)] >= r[1] for m, r in zip(range(1, 13), rows))
    hit_sales = [sales[(2025, m)] >= r[2] for m, r in zip(range(1, 13), rows)]
    ratios = [joins[(2025, m)] / r[1] for m, r in zip(range(1, 13), rows)]
    ratios += [sales[(2025, m)] / r[2] for m, r in zip(range(1, 13), rows)]
    assert all(abs(x - 1) >= 0.01 for x in ratios), "targets: no month within 1% of its target (no flip on rounding)"
    assert hit_new >= 9, f"targets pattern 拉新达标: new members on target in >= 9 months, got {hit_new}"
    assert sum(hit_sales) <= 5 and hit_sales[6:].count(False) >= 4, \
        f"targets pattern 销售不达标: sales on target in <= 5 months, >= 4 of H2 missed; got {hit_sales}"
