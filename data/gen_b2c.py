"""山禾生活会员店 (fictional B2C): members, their orders, monthly activity and service touchpoints."""

from __future__ import annotations

from typing import Any

import numpy as np
from gen_common import B2C_END, B2C_START, Row, day_range, pick, rng_for

from helpers.data.schema import AGE_GROUPS, CITY_TIERS, JOIN_CHANNELS, TOUCHPOINTS

#: per join channel: (share of joins, mean days between purchases, mean drop-out chance after a purchase,
#:  share of online orders, app engagement)
CHANNEL_BEHAVIOUR = {
    "门店": (0.38, 40, 0.32, 0.20, 0.6), "小程序": (0.24, 36, 0.38, 0.65, 1.2), "APP": (0.12, 30, 0.24, 0.80, 2.0),
    "社群": (0.14, 28, 0.22, 0.55, 1.4), "异业合作": (0.12, 50, 0.58, 0.45, 0.7),
}


TOUCH_SATISFACTION = {"到店导购": 4.2, "客服热线": 3.4, "在线客服": 3.7, "配送": 3.4, "售后退换": 2.9, "会员活动": 4.0}


def build_b2c() -> dict[str, list[Row]]:
    rng = rng_for(4)
    days = day_range(B2C_START, B2C_END)
    n_days = len(days)
    join_w = np.empty(n_days)
    for i, d in enumerate(days):
        x = 1.0 + 0.6 * i / n_days  # the store grows
        if (d.month, d.day) in ((6, 18), (11, 11), (12, 12)):
            x *= 4
        if d.weekday() >= 5:
            x *= 1.5
        join_w[i] = x
    n_mem = 4000
    join_idx = np.sort(rng.choice(n_days, size=n_mem, p=join_w / join_w.sum()))
    channels = list(CHANNEL_BEHAVIOUR)
    members: list[Row] = []
    orders: list[dict[str, Any]] = []
    touches: list[dict[str, Any]] = []
    activity: list[Row] = []
    end_i = n_days - 1
    for m in range(n_mem):
        mid = f"M{m + 1:05d}"
        join = int(join_idx[m])
        channel = pick(rng, channels, [v[0] for v in CHANNEL_BEHAVIOUR.values()])
        _, gap_mean, drop_mean, online_share, engage = CHANNEL_BEHAVIOUR[channel]
        tier_city = pick(rng, CITY_TIERS, (0.22, 0.30, 0.28, 0.20))
        gender = pick(rng, ("女", "男"), (0.66, 0.34))
        age = pick(rng, AGE_GROUPS, (0.12, 0.38, 0.30, 0.13, 0.07))
        gap = max(7.0, gap_mean * rng.gamma(1.3, 1 / 1.3))          # this member's typical days between purchases
        drop = float(rng.beta(1.4, 1.4 * (1 - drop_mean) / drop_mean))  # drop-out chance after each purchase
        basket = 150 * rng.lognormal(0, 0.35) * (1.2 if tier_city == "一线" else 1.0)
        t = join if rng.random() < 0.88 else join + int(rng.exponential(25))
        if rng.random() < 0.07:
            t = end_i + 1  # registered, never bought
        spend_c = 0
        month_orders: dict[str, list[str]] = {}
        last_active = join
        while t <= end_i:
            day = days[t]
            online = rng.random() < online_share
            amount_c = int(round(basket * rng.lognormal(-0.08, 0.45) * 100))
            items = max(1, int(round(amount_c / 100 / (38 * rng.lognormal(0, 0.3)))))
            orders.append({"member_id": mid, "date": day, "channel": "线上" if online else "门店",
                           "items": items, "amount_c": amount_c})
            spend_c += amount_c
            month_orders.setdefault(day.strftime("%Y-%m"), []).append("线上" if online else "门店")
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
                break
            t += max(2, int(round(rng.exponential(gap))))
        if rng.random() < 0.15 * engage and last_active + 20 <= end_i:
            touch_day = last_active + int(rng.integers(5, min(120, end_i - last_active) + 1))
            sat = int(np.clip(round(TOUCH_SATISFACTION["会员活动"] + rng.normal(0, 0.8)), 1, 5))
            touches.append({"member_id": mid, "date": days[touch_day], "point": "会员活动", "sat": sat,
                            "resolved": 1})
        tier = "金卡" if spend_c >= 300000 else "银卡" if spend_c >= 100000 else "普通"
        members.append((mid, days[join], channel, tier_city, gender, age, tier))
        # monthly activity: from the join month until a little after the last purchase
        tail = int(rng.integers(0, 4))
        month = (days[join].year, days[join].month)
        last_month_i = min(days[min(last_active, end_i)].year * 12 + days[min(last_active, end_i)].month - 1 + tail,
                           2025 * 12 + 11)
        while month[0] * 12 + month[1] - 1 <= last_month_i:
            key = f"{month[0]}-{month[1]:02d}"
            mo = month_orders.get(key, [])
            n_online = sum(1 for x in mo if x == "线上")
            n_store = len(mo) - n_online
            app = int(rng.poisson(engage * (1.5 + 2.5 * n_online + 0.5 * n_store)))
            store = n_store + int(rng.poisson(0.25 if n_store else 0.1))
            coupons = int(rng.binomial(len(mo), 0.35)) if mo else 0
            if app or store or coupons:
                activity.append((mid, key, app, store, coupons))
            month = (month[0] + (month[1] == 12), month[1] % 12 + 1)

    orders.sort(key=lambda o: (o["date"], o["member_id"]))
    order_rows = [(f"MO{k + 1:06d}", o["member_id"], o["date"], o["channel"], o["items"], o["amount_c"] / 100)
                  for k, o in enumerate(orders)]
    touches.sort(key=lambda x: (x["date"], x["member_id"], x["point"]))
    touch_rows = [(f"T{k + 1:05d}", x["member_id"], x["date"], x["point"], x["sat"], x["resolved"])
                  for k, x in enumerate(touches)]
    activity.sort(key=lambda r: (r[0], r[1]))
    assert all(p in TOUCHPOINTS for p in TOUCH_SATISFACTION) and set(channels) == set(JOIN_CHANNELS)
    return {"members": members, "member_orders": order_rows, "member_activity": activity, "touchpoints": touch_rows}
