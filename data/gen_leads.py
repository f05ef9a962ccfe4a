"""青岚工控 (fictional B2B): sales leads and the cash spent on them (lecture 4 § 1.1 and § 3.5).

Leads related to an existing customer (同一集团, 上下游, 同一园区, 老客户引荐 — lecture 4's
“一带一路”) convert far better than fair or online leads. Stream 10.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
from gen_common import Row, pick, rng_for

from helpers.data.schema import INDUSTRIES

D = dt.date
AS_OF = D(2025, 12, 31)

#: source: (share of leads, 有效 = 已立项 + 已成交, 已成交) for leads created in 2024 (L04 § 5.4;
#: 同一园区 有效 raised from 0.35 to 0.42 so its small sample stays 20 points above 展会)
SOURCES = {
    "老客户引荐": (0.10, 0.50, 0.25), "同一集团": (0.06, 0.55, 0.30), "上下游": (0.08, 0.45, 0.20),
    "同一园区": (0.08, 0.42, 0.15), "展会": (0.30, 0.12, 0.04), "线上推广": (0.22, 0.18, 0.06),
    "行业协会": (0.08, 0.25, 0.10), "陌生拜访": (0.08, 0.10, 0.04),
}
RELATED = ("老客户引荐", "同一集团", "上下游", "同一园区")

#: share of customers won in 2024-2025 that came through a recorded lead (design: 60 %; with ~600 other
#: leads that would give a 2024 conversion rate far above the source profile above, so 25 %)
CONVERTED_SHARE = 0.25
OTHER_LEADS = 600

#: cash spent per source and year, 万元 (L04 § 5.5): excludes the sales people's time
SPEND = {"老客户引荐": (6, 8), "同一集团": (0, 0), "上下游": (0, 0), "同一园区": (2, 3), "展会": (110, 120),
         "线上推广": (50, 60), "行业协会": (18, 20), "陌生拜访": (0, 0)}


def _relation(rng: np.random.Generator, source: str) -> str:
    if source == "上下游":
        return pick(rng, ("上游供应商", "下游客户"))
    return source


def build_leads(customers: list[dict[str, Any]], reps: list[dict[str, Any]], order_rows: list[dict[str, Any]],
                featured: dict[str, Any], name_parts: tuple) -> tuple[list[Row], list[Row]]:
    rng = rng_for(10)
    cities, heads, tails, words = name_parts
    used_names = {c["customer_name"] for c in customers}
    last: dict[str, dt.date] = {}
    for o in order_rows:
        last[o["customer_id"]] = max(last.get(o["customer_id"], o["date"]), o["date"])
    region_reps: dict[str, list[str]] = {}
    for r in reps:
        region_reps.setdefault(r["region"], []).append(r["rep_id"])
    names = list(SOURCES)
    share = np.array([SOURCES[s][0] for s in names])
    won = np.array([SOURCES[s][2] for s in names])

    def anchor_for(region: str, city: str | None, created: dt.date, key_p: float = 0.4) -> dict | None:
        pool = [c for c in customers if c["region"] == region and c["first_order_date"] < created
                and last[c["customer_id"]] >= created - dt.timedelta(days=365) and (city is None or c["city"] == city)]
        if not pool:
            return None
        keys = [c for c in pool if c["account_type"] == "重点客户"]
        if keys and rng.random() < key_p:
            pool = keys
        return pool[int(rng.integers(len(pool)))]

    leads: list[dict[str, Any]] = []
    # converted leads: a quarter of the customers won in 2024-2025 came through a recorded lead
    for c in customers:
        if c["first_order_date"] < D(2024, 1, 1) or rng.random() >= CONVERTED_SHARE:
            continue
        created = c["first_order_date"] - dt.timedelta(days=int(rng.integers(20, 151)))
        p = share * won
        source = names[int(rng.choice(len(names), p=p / p.sum()))]
        anchor = None
        if source in RELATED:
            anchor = anchor_for(c["region"], c["city"] if source == "同一园区" else None, created)
            if anchor is None:
                source = "行业协会"
        leads.append({"name": c["customer_name"], "industry": c["industry"], "region": c["region"],
                      "city": c["city"], "source": source, "anchor": anchor,
                      "relation": _relation(rng, source) if anchor else None, "potential": c["potential"],
                      "created": created, "owner": c["sales_rep_id"], "status": "已成交",
                      "converted": c["customer_id"]})
    # other leads, created 2024-01-01 .. 2025-12-20
    p_other = share * (1 - won)
    for _ in range(OTHER_LEADS):
        source = names[int(rng.choice(len(names), p=p_other / p_other.sum()))]
        created = D(2024, 1, 1) + dt.timedelta(days=int(rng.integers((D(2025, 12, 20) - D(2024, 1, 1)).days + 1)))
        region = pick(rng, ("华东", "华南", "华北", "华中", "西南", "西北", "东北"),
                      (0.30, 0.22, 0.15, 0.12, 0.10, 0.05, 0.06))
        anchor = None
        if source in RELATED:
            anchor = anchor_for(region, None, created)
            if anchor is None:
                source = "陌生拜访"
        city = anchor["city"] if anchor else pick(rng, cities[region])
        industry = anchor["industry"] if anchor and source == "同一集团" else pick(rng, INDUSTRIES)
        valid, closed = SOURCES[source][1], SOURCES[source][2]
        age = (AS_OF - created).days
        u = rng.random()
        if u < (valid - closed) / (1 - closed):
            status = "已立项"
        else:
            new_p, follow_p = (0.02, 0.08) if age > 270 else ((0.10, 0.30) if age > 90 else (0.50, 0.35))
            if source in RELATED:
                follow_p += 0.12 if age > 270 else 0.25  # a referral is followed up longer before it is dropped
            v = rng.random()
            status = "新线索" if v < new_p else ("跟进中" if v < new_p + follow_p else "无效")
        for _ in range(500):
            name = f"{city}{pick(rng, heads)}{pick(rng, tails)}{pick(rng, words[industry])}有限公司"
            if name not in used_names:
                used_names.add(name)
                break
        potential = float(np.clip(rng.lognormal(math.log(45), 0.8), 5, 2000))
        owner = anchor["sales_rep_id"] if anchor else pick(rng, region_reps[region])
        leads.append({"name": name, "industry": industry, "region": region, "city": city, "source": source,
                      "anchor": anchor, "relation": _relation(rng, source) if anchor else None,
                      "potential": round(potential, 1), "created": created, "owner": owner, "status": status,
                      "converted": None})
    # an open referral inside the featured account's group (lecture 3 links to lecture 4)
    fc = featured
    for _ in range(500):
        name = f"{fc['city']}{pick(rng, heads)}{pick(rng, tails)}{pick(rng, words[fc['industry']])}有限公司"
        if name not in used_names:
            used_names.add(name)
            break
    leads.append({"name": name, "industry": fc["industry"], "region": fc["region"], "city": fc["city"],
                  "source": "同一集团", "anchor": fc, "relation": "同一集团", "potential": 160.0,
                  "created": D(2025, 11, 6), "owner": fc["sales_rep_id"], "status": "跟进中", "converted": None})
    leads.sort(key=lambda x: (x["created"], x["name"]))
    rows: list[Row] = []
    for k, x in enumerate(leads):
        rows.append((f"LD{k + 1:04d}", x["name"], x["industry"], x["region"], x["city"], x["source"],
                     x["anchor"]["customer_id"] if x["anchor"] else None, x["relation"], x["potential"],
                     x["created"], x["owner"], x["status"], x["converted"]))
    spend = [(y, s, float(SPEND[s][k])) for k, y in enumerate((2024, 2025)) for s in names]
    check_leads(leads, customers, last)
    return rows, spend


def check_leads(leads: list[dict[str, Any]], customers: list[dict[str, Any]], last: dict[str, dt.date]) -> None:
    first = {c["customer_id"]: c["first_order_date"] for c in customers}
    for x in leads:
        assert (x["status"] == "已成交") == (x["converted"] is not None), f"leads: converted iff 已成交 {x}"
        assert x["converted"] is None or first[x["converted"]] >= x["created"], "leads: first order after the lead"
        assert (x["anchor"] is not None) == (x["source"] in RELATED), f"leads: related fields iff related {x}"
        assert x["anchor"] is None or first[x["anchor"]["customer_id"]] < x["created"], "leads: anchor older"
    open_rel = [x for x in leads if x["anchor"] and x["status"] in ("新线索", "跟进中") and x["potential"] >= 30
                and last[x["anchor"]["customer_id"]] > AS_OF - dt.timedelta(days=365)]
    on_key = sum(x["anchor"]["account_type"] == "重点客户" for x in open_rel)
    assert 40 <= len(open_rel) <= 70 and on_key >= 10, \
        f"leads: 40-70 open related candidates (>= 10 on key accounts): {len(open_rel)}, {on_key}"
    quality = {}
    for s in SOURCES:
        mine = [x for x in leads if x["source"] == s and x["created"].year == 2024]
        quality[s] = sum(x["status"] in ("已立项", "已成交") for x in mine) / len(mine)
    assert all(quality[s] >= quality["展会"] + 0.20 for s in RELATED), f"leads: referral quality >> 展会: {quality}"
    assert 550 <= len(leads) <= 750, f"leads: about 650 rows: {len(leads)}"
