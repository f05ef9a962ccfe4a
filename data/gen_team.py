"""青岚工控 (fictional B2B): the sales team of lecture 6 — hidden rep styles, careers, yearly performance.

Four reps get a hidden *style* that shapes their data (lecture 6 scores manager candidates and
asks whether the scoring is robust to the weights):

* S03 继承型 (inherited accounts): big customers, few new ones, flat sales, misses quota, loses big deals;
* S20 开拓型 (hunter): wins new customers and big deals, beats quota;
* S18 资深型 (veteran): long tenure, several functions and regions, steady 100-110 % of quota,
  customers rate her highly;
* S06 成长型 (fast grower): the fastest-growing sales.

The others are "normal". Effects go through the order values (trend), the assignment of new
customers, the win probability of big deals (pipeline) and the customer feedback mean.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
from gen_common import pick, rng_for

STYLE = {"S03": "继承型", "S20": "开拓型", "S18": "资深型", "S06": "成长型"}

#: random streams of this module
ASSIGN_STREAM = 25

#: value factor of a styled rep's customers' orders per year (2023, 2024, 2025)
TREND = {"继承型": (1.0, 1.0, 0.97), "开拓型": (1.0, 1.0, 1.0), "资深型": (1.0, 1.03, 1.06),
         "成长型": (0.72, 0.92, 1.15)}

#: weight multiplier when new customers (first order 2023-2025) are assigned to reps of a region
NEW_CUSTOMER_PULL = {"继承型": 0.15, "开拓型": 2.5, "资深型": 1.0, "成长型": 1.0}

#: the inherited-accounts rep takes over this many of the biggest old customers of the colleague with the
#: biggest book in his region (a non-manager without a style) when he joins
INHERITED_ACCOUNTS = 4


def style_of(rep_id: str) -> str:
    return STYLE.get(rep_id, "普通")


def trend_factor(rep_id: str, year: int) -> float:
    style = STYLE.get(rep_id)
    return TREND[style][year - 2023] if style else 1.0


def assign_new_customers(customers: list[dict[str, Any]], reps: list[dict[str, Any]]) -> None:
    """Re-assign customers won in 2023-2025 within their region, pulled towards hunters.

    Uses the same level weights as the original assignment, times the style pull, and only reps
    already hired when the customer first ordered can have won it (others weigh 0.2).
    """
    rng = rng_for(ASSIGN_STREAM)
    for c in customers:
        if c["first_order_date"] < dt.date(2023, 1, 1):
            continue
        region_reps = [r for r in reps if r["region"] == c["region"]]
        weights = []
        for r in region_reps:
            w = {"销售经理": 3.0, "高级销售": 2.0, "销售代表": 1.0}[r["level"]] ** (
                1.5 if c["account_type"] == "重点客户" else 0)
            w *= NEW_CUSTOMER_PULL.get(style_of(r["rep_id"]), 1.0)
            w *= 1.0 if r["hire_date"] <= c["first_order_date"] else 0.2
            weights.append(w)
        c["sales_rep_id"] = pick(rng, region_reps, weights)["rep_id"]
    for rid, style in STYLE.items():
        if style != "继承型":
            continue
        r = next(x for x in reps if x["rep_id"] == rid)
        others = [x["rep_id"] for x in reps if x["region"] == r["region"] and x["level"] != "销售经理"
                  and x["rep_id"] not in STYLE]
        book = {x: sum(c["spend"] for c in customers if c["sales_rep_id"] == x) for x in others}
        donor = max(others, key=lambda x: (book[x], x))  # the colleague with the biggest book hands over
        old = [c for c in customers if c["sales_rep_id"] == donor and c["first_order_date"] < dt.date(2023, 1, 1)
               and c["end"] >= r["hire_date"]]
        for c in sorted(old, key=lambda x: (-x["spend"], x["customer_id"]))[:INHERITED_ACCOUNTS]:
            c["sales_rep_id"] = rid


# ---- sales_reps (new columns) and rep_performance (lecture 6 § 5) -----------------------------------

FEEDBACK_STREAM, CAREER_STREAM, QUOTA_STREAM = 26, 27, 28
AS_OF = dt.date(2025, 12, 31)

#: attainment (sales / quota) a styled rep's manager ends up with, per year (2023, 2024, 2025): their
#: quotas are set from the result (the design's uplift rule cannot give a veteran 100-110 % every year)
STYLE_ATTAINMENT = {"继承型": ((0.86, 0.94), (0.84, 0.92), (0.82, 0.90)),
                    "开拓型": ((1.05, 1.10), (1.06, 1.11), (1.07, 1.12)),
                    "资深型": ((1.01, 1.06), (1.02, 1.08), (1.03, 1.09)),
                    "成长型": ((1.10, 1.16), (1.20, 1.28), (1.30, 1.38))}
#: customer feedback per style: (mean score 1-5, share of the rep's customers who answer);
#: normal reps draw a mean around 3.9 and a share of 25-45 %
FEEDBACK = {"继承型": (3.6, 0.35), "开拓型": (4.4, 0.45), "资深型": (4.55, 0.85), "成长型": (4.3, 0.45)}
#: functions and regions served per style (others are drawn)
CAREER = {"资深型": (3, 2), "开拓型": (1, 2), "成长型": (1, 2), "继承型": (1, 1)}
OTHER_FUNCTIONS = (("技术支持工程师", "技术支持"), ("市场专员", "市场"), ("客服主管", "客服"))


def rep_year_sales(reps: list[dict[str, Any]], customers: list[dict[str, Any]],
                   order_rows: list[dict[str, Any]]) -> dict[tuple[str, int], int]:
    """(rep, year) -> sales in cents of its customers' orders dated on or after its hire date."""
    hire = {r["rep_id"]: r["hire_date"] for r in reps}
    rep_of = {c["customer_id"]: c["sales_rep_id"] for c in customers}
    out: dict[tuple[str, int], int] = {}
    for o in order_rows:
        rep = rep_of[o["customer_id"]]
        if o["date"] >= hire[rep]:
            key = (rep, o["date"].year)
            out[key] = out.get(key, 0) + o["amount_c"]
    return out


def build_team(reps: list[dict[str, Any]], customers: list[dict[str, Any]], order_rows: list[dict[str, Any]],
               deals: list[dict], main_rng: Any) -> tuple[list[tuple], list[tuple]]:
    """sales_reps rows (with career columns) and rep_performance rows."""
    sales = rep_year_sales(reps, customers, order_rows)
    qrng, frng, crng = rng_for(QUOTA_STREAM), rng_for(FEEDBACK_STREAM), rng_for(CAREER_STREAM)
    rep_of = {c["customer_id"]: c["sales_rep_id"] for c in customers}
    active: dict[tuple[str, int], set[str]] = {}
    for o in order_rows:
        active.setdefault((rep_of[o["customer_id"]], o["date"].year), set()).add(o["customer_id"])
    perf, rep_rows = [], []
    for r in reps:
        rid, hire, style = r["rep_id"], r["hire_date"], style_of(r["rep_id"])
        base = float(main_rng.uniform(1.08, 1.30))  # the 2025 uplift (drawn for every rep, as before)
        fb_mean, p_answer = float(np.clip(frng.normal(3.9, 0.25), 3.2, 4.4)), float(frng.uniform(0.25, 0.45))
        fb_mean, p_answer = FEEDBACK.get(style, (fb_mean, p_answer))
        quota: dict[int, float] = {}
        for y in (2023, 2024, 2025):
            if hire.year > y:
                continue
            s = sales.get((rid, y), 0) / 1e6
            prev_months = 12 if hire <= dt.date(y - 1, 1, 1) else 13 - hire.month
            prev_full = sales.get((rid, y - 1), 0) / 1e6 * 12 / prev_months
            if style != "普通":
                q = s / float(qrng.uniform(*STYLE_ATTAINMENT[style][y - 2023]))
            elif hire.year == y:
                q = max(s, 10.0) * float(qrng.uniform(0.95, 1.20))  # hire year: a prorated estimate
            elif y == 2023:
                q = s * float(qrng.uniform(0.95, 1.25))  # 2022 is not in the data: an estimate near 2023
            elif y == 2024:
                q = max(prev_full, 40.0) * float(qrng.uniform(1.05, 1.30))
            else:
                q = max(prev_full, 60.0) * base
            quota[y] = max(10.0, round(q / 10) * 10)
            new = sum(1 for c in customers if c["sales_rep_id"] == rid and c["first_order_date"].year == y
                      and c["first_order_date"] >= hire)
            won = [d for d in deals if d["dates"][3] and d["dates"][3].year == y and d["amount"] >= 200_000
                   and rep_of[d["customer_id"]] == rid and d["dates"][3] >= hire]
            k_n = None if y == 2023 else len(won)
            k_amt = None if y == 2023 else round(sum(d["amount"] for d in won) / 1e4, 1)
            n_active = len(active.get((rid, y), ()))
            n = int(frng.binomial(n_active, p_answer)) if n_active else 0
            score = None if n == 0 else float(np.clip(round(fb_mean + frng.normal(0, 0.35 / math.sqrt(n)), 1), 1, 5))
            perf.append((rid, y, int(hire <= dt.date(y, 1, 1)), float(quota[y]), round(s, 1), new, k_n, k_amt,
                         score, n))
        functions, regions, path = _career(crng, r)
        rep_rows.append((rid, r["rep_name"], r["region"], hire, r["level"], quota[2025],
                         round(sales.get((rid, 2025), 0) / 1e6, 1), functions, regions, path))
    return rep_rows, perf


def _career(rng: np.random.Generator, r: dict[str, Any]) -> tuple[int, int, str]:
    """Functions and regions served, and a career path naming exactly those regions."""
    from gen_b2b import REGIONS

    style = style_of(r["rep_id"])
    recent = r["hire_date"] >= dt.date(2023, 1, 1)
    functions = 1 + int(rng.binomial(2, 0.22))
    regions = 1 if recent else 1 + int(rng.binomial(2, 0.25))
    functions, regions = CAREER.get(style, (functions, regions))
    steps = []
    for k in rng.permutation(len(OTHER_FUNCTIONS))[:functions - 1]:
        steps.append(f"{OTHER_FUNCTIONS[int(k)][0]}（{int(rng.integers(1, 5))}年）")
    others = [x for x in REGIONS if x != r["region"]]
    for k in rng.permutation(len(others))[:regions - 1]:
        steps.append(f"{others[int(k)]}销售代表")
    if r["level"] != "销售代表" and regions == 1:
        steps.append(f"{r['region']}销售代表")
    steps.append(f"{r['region']}{r['level']}")
    return functions, regions, " → ".join(steps)


# ---- lecture 6's scoring, as plain computations (L06 § 2 and § 4.2) --------------------------------

CRITERIA = (  # dimension, column, weight
    ("一线业绩", "平均完成率", 0.20), ("一线业绩", "年均增长", 0.15), ("关键战役", "关键赢单数", 0.20),
    ("关键战役", "新客户数", 0.10), ("经历与岁月", "司龄_年", 0.10), ("经历与岁月", "经历广度", 0.10),
    ("客户声音", "客户评价", 0.15),
)
DIMENSIONS = ("一线业绩", "关键战役", "经历与岁月", "客户声音")
PRESETS = {"均衡": (0.35, 0.30, 0.20, 0.15), "一线业绩优先": (0.55, 0.20, 0.10, 0.15),
           "关键战役优先": (0.20, 0.55, 0.10, 0.15), "经历优先": (0.20, 0.15, 0.50, 0.15)}


def candidates(rep_rows: list[tuple], perf: list[tuple]) -> dict[str, dict[str, float | None]]:
    """manager_candidates: non-managers hired by 2023-12-31, with the seven criteria."""
    out = {}
    for rid, _, _, hire, level, _, _, functions, regions, _ in rep_rows:
        if level == "销售经理" or hire > dt.date(2023, 12, 31):
            continue
        mine = {row[1]: row for row in perf if row[0] == rid}
        full = [y for y in sorted(mine) if mine[y][2] == 1]
        attain = [mine[y][4] / mine[y][3] for y in full]
        growth = None
        if len(full) >= 2 and mine[full[0]][4] > 0:
            growth = (mine[2025][4] / mine[full[0]][4]) ** (1 / (2025 - full[0])) - 1
        fb = mine[2025]
        out[rid] = {"平均完成率": sum(attain) / len(attain), "年均增长": growth,
                    "关键赢单数": sum(mine[y][6] or 0 for y in (2024, 2025) if y in mine),
                    "新客户数": sum(mine[y][5] for y in mine), "司龄_年": (AS_OF - hire).days / 365.25,
                    "经历广度": functions + regions, "客户评价": fb[8] if fb[9] >= 10 else None,
                    "评价人数": fb[9], "2025销售额": mine[2025][4]}
    return out


def criterion_points(cands: dict[str, dict]) -> dict[str, dict[str, float]]:
    """Points 0-100 per criterion: percentile of the average rank; missing 50; a single value 100."""
    from gen_checks import ranks

    ids = sorted(cands)
    points: dict[str, dict[str, float]] = {rid: {} for rid in ids}
    for _, col, _ in CRITERIA:
        have = [rid for rid in ids if cands[rid][col] is not None]
        r = ranks([cands[rid][col] for rid in have])
        for rid in ids:
            points[rid][col] = 50.0
        for rid, rk in zip(have, r):
            points[rid][col] = 100.0 if len(have) == 1 else (rk - 1) / (len(have) - 1) * 100
    return points


def rank_by(points: dict[str, dict[str, float]], dims: tuple[float, ...]) -> dict[str, int]:
    """Ranks (min method on the score rounded to 0.1) for dimension weights ``dims``."""
    total = {d: sum(w for dd, _, w in CRITERIA if dd == d) for d in DIMENSIONS}
    weight = {col: dims[DIMENSIONS.index(d)] * w / total[d] for d, col, w in CRITERIA}
    score = {rid: round(sum(weight[c] * p[c] for c in weight) / sum(weight.values()) + 1e-9, 1)
             for rid, p in points.items()}
    return {rid: 1 + sum(v > s for v in score.values()) for rid, s in score.items()}


def check_team(rep_rows: list[tuple], perf: list[tuple], reps: list[dict[str, Any]],
               customers: list[dict[str, Any]]) -> dict[str, Any]:
    """Lecture 6 § 5.3 patterns."""
    cands = candidates(rep_rows, perf)
    assert 14 <= len(cands) <= 18, f"team: 16 ± 2 candidates: {len(cands)}"
    points = criterion_points(cands)
    default = rank_by(points, PRESETS["均衡"])
    grid = [(a / 10, b / 10, c / 10, (10 - a - b - c) / 10) for a in range(1, 8) for b in range(1, 8)
            for c in range(1, 8) if 10 - a - b - c >= 1]
    assert len(grid) == 84
    runs = [rank_by(points, g) for g in grid]
    top_sales = max(cands, key=lambda r: cands[r]["2025销售额"])
    assert style_of(top_sales) == "继承型", f"team: the top 2025 seller is the inherited-accounts rep: {top_sales}"
    assert default[top_sales] >= 5, f"team: the top seller ranks >= 5th by default: {default[top_sales]}"
    assert not any(run[top_sales] == 1 for run in runs), "team: the top seller is #1 under no weights"
    firsts = {name: sorted(r for r, k in rank_by(points, dims).items() if k == 1) for name, dims in PRESETS.items()}
    assert len({tuple(v) for v in firsts.values()}) >= 3, f"team: presets have >= 3 different #1: {firsts}"
    hunter = next(r for r in cands if style_of(r) == "开拓型")
    assert firsts["均衡"] == [hunter], f"team: the hunter is the default #1: {firsts}"
    top3 = sum(run[hunter] <= 3 for run in runs) / len(runs)
    assert top3 >= 0.70, f"team: the hunter is top 3 in >= 70% of the combinations: {top3:.2f}"
    veteran = next(r for r in cands if style_of(r) == "资深型")
    v = cands[veteran]
    assert firsts["经历优先"] == [veteran], f"team: the veteran is #1 under 经历优先: {firsts}"
    assert v["司龄_年"] >= 9 and v["经历广度"] == 5 and (v["客户评价"] or 0) >= 4.3 and v["评价人数"] >= 15, \
        f"team: veteran profile {v}"
    vet_years = [row for row in perf if row[0] == veteran and row[2] == 1]
    assert all(1.00 <= row[4] / row[3] <= 1.10 for row in vet_years), "team: veteran 100-110 % of quota each year"
    grower = next(r for r in cands if style_of(r) == "成长型")
    growths = {r: c["年均增长"] for r, c in cands.items() if c["年均增长"] is not None}
    assert max(growths, key=growths.get) == grower, f"team: the grower has the highest 年均增长: {growths}"
    assert firsts["一线业绩优先"] == [grower], f"team: the grower is #1 under 一线业绩优先: {firsts}"
    n_fb = [c["评价人数"] for c in cands.values()]
    assert sum(n < 10 for n in n_fb) >= 3 and max(n_fb) < 30, f"team: feedback counts {n_fb}"
    deals = [c["关键赢单数"] for c in cands.values()]
    assert min(deals) >= 0 and max(deals) <= 6, f"team: key deals 0-6 per candidate: {deals}"
    # structure (§ 1.2): customers per rep by region, company and regional attainment 2025
    region_of = {r["rep_id"]: r["region"] for r in reps}
    n_reps: dict[str, int] = {}
    for r in reps:
        n_reps[r["region"]] = n_reps.get(r["region"], 0) + 1
    n_cust: dict[str, int] = {}
    for c in customers:
        n_cust[region_of[c["sales_rep_id"]]] = n_cust.get(region_of[c["sales_rep_id"]], 0) + 1
    per_rep = {g: n_cust[g] / n for g, n in n_reps.items() if n >= 2}
    assert max(per_rep.values()) >= 2 * min(per_rep.values()), f"team: customers per rep spread >= 2x: {per_rep}"
    q25 = {g: 0.0 for g in n_reps}
    s25 = {g: 0.0 for g in n_reps}
    for row in rep_rows:
        q25[row[2]] += row[5]
        s25[row[2]] += row[6]
    company = sum(s25.values()) / sum(q25.values())
    assert 0.88 <= company <= 0.96, f"team: company attainment 2025 88-96%: {company:.3f}"
    low = [g for g in q25 if s25[g] / q25[g] < 0.85]
    assert len(low) >= 2, f"team: >= 2 regions below 85%: { {g: round(s25[g] / q25[g], 3) for g in q25} }"
    for row in rep_rows:
        f, g, path = row[7], row[8], row[9]
        assert 1 <= f <= 3 and 1 <= g <= 3 and path.count("→") + 1 >= f, f"team: career columns {row}"
        assert sum(x in path for x in {r["region"] for r in reps}) == g, f"team: regions in the path {row}"
        assert path.endswith(f"{row[2]}{row[4]}"), f"team: the path ends with the current job {row}"
        assert row[3] < dt.date(2023, 1, 1) or g == 1, f"team: recent hires served one region {row}"
    assert sum(row[7] >= 2 for row in rep_rows) >= 6, "team: >= 6 reps served >= 2 functions"
    return {"candidates": cands, "default": default, "firsts": firsts, "hunter_top3": top3,
            "company_attainment": company, "low_regions": low, "per_rep": per_rep}
