"""青岚工控 (fictional B2B): the product catalogue and the product rules of the order loop.

Lecture 5 reviews the product lines (过长 / 过短 / 过粗 / 过细) and draws a BCG matrix from
``line_market``; the rules here plant what that review finds:

* 传感器 is too long: three old, slow SKUs (P25-P27) each sell 1-4 % of the line;
* PLC控制器 is too fine: P28 is a near-twin of P09 bought by the same customers;
* 变频器 is too coarse: P06 is sold at ~30 % discount to 纺织/化工/食品饮料 and ~12 % to the rest;
* 工业机器人配件 is too short: our line stays flat in 2025 while its market grows ~20 %.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from gen_common import rng_for

#: random streams of this module (each its own, so other draws stay put)
TWIN_STREAM, AFFINITY_STREAM = 22, 24

#: P06 is a general-purpose drive sold deep into price-driven industries (lecture 5, 过粗)
P06_DEEP_INDUSTRIES = ("纺织", "化工", "食品饮料")
P06_DISCOUNT = (0.30, 0.12)  # mean discount for those industries / for the others

#: probabilities that an order for P09 goes to its near-twin P28 instead, or is split between the two
#: (lecture 5, 过细). The design's plain 45 % swap gives a buyer overlap of only ~0.25, so part of the
#: orders are split: the same customer then buys both models.
TWIN_P = (0.25, 0.55)

#: core product lines per customer: 1 + Binomial(4, CORE_P[0] + CORE_P[1] * size rank²); other lines weigh NON_CORE
CORE_P = (0.12, 0.80)
NON_CORE = 0.025

#: product_id, name, line, list price, unit cost, launch year, lifecycle stage, popularity, yearly trend
PRODUCTS = (
    ("P01", "QL-S30 经济型伺服驱动器", "伺服驱动", 1850, 1390, 2014, "衰退期", 0.8, 0.80),
    ("P02", "QL-S100 通用伺服驱动器", "伺服驱动", 3200, 2050, 2017, "成熟期", 1.6, 1.00),
    ("P03", "QL-S300 高性能伺服系统", "伺服驱动", 6800, 3950, 2020, "成长期", 1.0, 1.20),
    ("P04", "QL-S600 总线型伺服系统", "伺服驱动", 9600, 5300, 2024, "导入期", 0.5, 1.90),
    ("P05", "QL-V10 小功率变频器", "变频器", 1200, 860, 2013, "衰退期", 0.9, 0.82),
    ("P06", "QL-V50 通用变频器", "变频器", 4800, 3250, 2016, "成熟期", 1.6, 0.99),
    ("P07", "QL-V90 行业专用变频器", "变频器", 12800, 7900, 2019, "成熟期", 0.9, 1.04),
    ("P08", "QL-V200 高压变频器", "变频器", 56000, 36000, 2022, "成长期", 0.35, 1.15),
    ("P09", "QL-C1 小型PLC", "PLC控制器", 2600, 1560, 2016, "成熟期", 1.4, 0.98),
    ("P10", "QL-C5 中型PLC", "PLC控制器", 8800, 4950, 2018, "成熟期", 1.0, 1.03),
    ("P11", "QL-C9 运动控制器", "PLC控制器", 15600, 8400, 2021, "成长期", 0.6, 1.22),
    ("P12", "QL-E1 边缘控制器", "PLC控制器", 11800, 6900, 2025, "导入期", 0.5, 1.0),
    ("P13", "QL-G2 光电传感器", "传感器", 180, 96, 2015, "成熟期", 1.5, 0.97),
    ("P14", "QL-G4 接近开关", "传感器", 95, 58, 2012, "衰退期", 1.1, 0.85),
    ("P15", "QL-G8 编码器", "传感器", 1350, 720, 2018, "成熟期", 1.0, 1.02),
    ("P16", "QL-G12 视觉传感器", "传感器", 6200, 3100, 2023, "导入期", 0.45, 1.55),
    ("P17", "QL-R3 精密减速机", "工业机器人配件", 8200, 5200, 2019, "成长期", 1.2, 1.12),
    ("P18", "QL-R5 机器人末端夹爪", "工业机器人配件", 3600, 1980, 2020, "成长期", 1.0, 1.18),
    ("P19", "QL-R7 机器人线缆包", "工业机器人配件", 980, 560, 2017, "成熟期", 0.9, 1.0),
    ("P20", "QL-R9 协作机器人关节模组", "工业机器人配件", 16800, 10600, 2024, "导入期", 0.35, 1.8),
    ("P21", "年度巡检保养服务", "维保服务", 18000, 9800, 2015, "成熟期", 1.0, 1.0),
    ("P22", "现场故障维修服务", "维保服务", 3500, 2100, 2012, "成熟期", 1.2, 0.97),
    ("P23", "远程运维订阅服务", "维保服务", 9800, 3900, 2024, "导入期", 0.5, 1.7),
    ("P24", "设备改造升级服务", "维保服务", 42000, 27500, 2021, "成长期", 0.4, 1.12),
    ("P25", "QL-G3 长距光电传感器", "传感器", 260, 150, 2016, "衰退期", 0.10, 0.85),
    ("P26", "QL-G5 耐高温接近开关", "传感器", 140, 86, 2015, "衰退期", 0.08, 0.85),
    ("P27", "QL-G6 磁性开关", "传感器", 120, 75, 2014, "衰退期", 0.07, 0.82),
    ("P28", "QL-C2 小型PLC（增强型）", "PLC控制器", 2900, 1750, 2023, "成长期", 0.0, 1.10),
)

BY_ID = {p[0]: p for p in PRODUCTS}


def products_for(line: str, year: int) -> tuple[list[tuple], list[float]]:
    """The products of a line on sale in ``year`` and their popularity weights (P28 comes only as P09's twin)."""
    cands = [p for p in PRODUCTS if p[2] == line and p[5] <= year and p[0] != "P28"]
    return cands, [p[7] * p[8] ** (year - 2023) for p in cands]


def line_affinity(customers: list[dict[str, Any]], line_mix: tuple[tuple[int, ...], ...],
                  industries: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Per customer, a weight per product line: most orders go to a few "core" lines the customer knows.

    Bigger customers have more core lines (1 + Binomial(4, 0.1 + 0.7 rank²)); a core line weighs its
    industry share, any other line only ``NON_CORE`` of it.
    """
    rng = rng_for(AFFINITY_STREAM)
    out = {}
    for c in customers:
        mix = np.array(line_mix[industries.index(c["industry"])], dtype=float)
        k = 1 + int(rng.binomial(4, CORE_P[0] + CORE_P[1] * c["rank"] ** 2))
        core = rng.choice(6, size=k, replace=False, p=mix / mix.sum())
        weight = np.full(6, NON_CORE)
        weight[core] = 1.0
        out[c["customer_id"]] = mix * weight
    return out


class TwinChooser:
    """P09 orders partly go to its near-twin P28: replaced, or split into a P09 and a P28 line.

    Customers who buy one of the two models then often buy the other one as well (the buyer sets
    overlap, lecture 5's 过细). Draws come from the module's own stream.
    """

    def __init__(self) -> None:
        self.rng = rng_for(TWIN_STREAM)

    def __call__(self, prod: tuple, value: float) -> list[tuple[tuple, float]]:
        if prod[0] != "P09":
            return [(prod, value)]
        r = float(self.rng.random())
        if r < TWIN_P[0]:
            return [(BY_ID["P28"], value)]
        if r < TWIN_P[0] + TWIN_P[1]:
            u = float(self.rng.uniform(0.35, 0.65))
            return [(prod, value * u), (BY_ID["P28"], value * (1 - u))]
        return [(prod, value)]


def order_discount(prod: tuple, industry: str, base: float, z: float) -> float:
    """Discount of one order line; ``z`` ~ N(0, 0.025) is the order's own noise."""
    if prod[0] == "P06":
        mean = P06_DISCOUNT[0] if industry in P06_DEEP_INDUSTRIES else P06_DISCOUNT[1]
        return float(np.clip(mean + z * 1.2, 0.0, 0.45))
    return float(np.clip(base + z, 0.0, 0.32))


# ---- line_market (lecture 5 § 5.7) -------------------------------------------------------------------

#: 2025 market growth and our share per line, as (candidates, design value); PLC控制器 takes what is left
#: of the total market. The generator picks the combination closest to the design values that keeps
#: PLC控制器 between -4 % and +2 % growth and every share change 2024->2025 within 1.5 points.
LINE_TARGETS = {
    "伺服驱动": (((0.122, 0.126, 0.13), (0.034, 0.036, 0.038, 0.040)), (0.12, 0.036)),
    "传感器": (((0.122, 0.126, 0.13), (0.030, 0.032, 0.034, 0.036)), (0.125, 0.032)),
    "工业机器人配件": (((0.185, 0.19, 0.20, 0.21), (0.13,)), (0.20, 0.13)),
    "维保服务": (((0.035, 0.04, 0.045), (0.19, 0.20, 0.21, 0.22)), (0.04, 0.22)),
    "变频器": (((0.025, 0.03, 0.035), (0.050, 0.052, 0.054, 0.056)), (0.03, 0.052)),
}
PLC_DESIGN = (-0.01, 0.029)  # growth, share


def _line_targets(s: dict[tuple[str, int], float], total: dict[int, float]) -> list[dict[str, tuple]]:
    """Candidate (growth, share) targets per line, best first (closest to the design values)."""
    import itertools

    names = list(LINE_TARGETS)
    scored = []
    grids = [list(itertools.product(*LINE_TARGETS[ln][0])) for ln in names]
    for combo in itertools.product(*grids):
        o25 = o24 = dist = 0.0
        ok = True
        for ln, (g, share) in zip(names, combo):
            z25 = s[(ln, 2025)] / share
            z24 = z25 / (1 + g)
            o25, o24 = o25 + z25, o24 + z24
            if ln != "工业机器人配件" and abs(share - s[(ln, 2024)] / z24) > 0.014:
                ok = False
            dg, ds = LINE_TARGETS[ln][1]
            dist += abs(g - dg) / 0.01 + abs(share - ds) / ds / 0.05
        plc_g = (total[2025] - o25) / (total[2024] - o24) - 1
        plc_s = s[("PLC控制器", 2025)] / (total[2025] - o25)
        if ok and -0.035 <= plc_g <= 0.015:
            dist += abs(plc_g - PLC_DESIGN[0]) / 0.01 + abs(plc_s - PLC_DESIGN[1]) / PLC_DESIGN[1] / 0.05
            scored.append((round(dist, 9), combo))
    scored.sort()
    return [dict(zip(names, combo)) for _, combo in scored]


#: 2025 competitor shares per line (A, B, C) before scaling to the national shares of ``competitors``
COMP_SHARES = {"伺服驱动": (0.16, 0.08, 0.02), "变频器": (0.14, 0.06, 0.01), "PLC控制器": (0.12, 0.06, 0.02),
               "传感器": (0.06, 0.07, 0.03), "工业机器人配件": (0.05, 0.09, 0.10), "维保服务": (0.15, 0.04, 0.0)}

#: competitor sales growth per year (as in ``competitors``); their earlier shares follow from it
COMP_GROWTH = (0.036, 0.142, 0.318)


def build_line_market(order_rows: list[dict[str, Any]], total_market: dict[int, float],
                      national: tuple[float, float, float]) -> list[tuple]:
    """One row per line and year: market size, our sales, and the three competitors' shares."""
    lines = ("伺服驱动", "变频器", "PLC控制器", "传感器", "工业机器人配件", "维保服务")
    ours = {(ln, y): 0 for ln in lines for y in (2023, 2024, 2025)}
    for o in order_rows:
        ours[(o["product"][2], o["date"].year)] += o["amount_c"]
    s = {k: v / 1e6 for k, v in ours.items()}
    for targets in _line_targets(s, total_market):
        rows = _line_rows(lines, s, targets, total_market, national)
        try:
            check_line_market(rows, total_market, national)
            return rows
        except AssertionError:
            continue
    raise AssertionError("line_market: no targets meet the lecture 5 patterns")


def _line_rows(lines: tuple[str, ...], s: dict[tuple[str, int], float], targets: dict[str, tuple],
               total_market: dict[int, float], national: tuple[float, float, float]) -> list[tuple]:
    size: dict[tuple[str, int], float] = {}
    for ln, (g25, share25) in targets.items():
        size[(ln, 2025)] = s[(ln, 2025)] / share25
        size[(ln, 2024)] = size[(ln, 2025)] / (1 + g25)
        size[(ln, 2023)] = size[(ln, 2024)] / (1 + g25)  # the market grew about as fast the year before
    for y in (2023, 2024, 2025):
        size[("PLC控制器", y)] = total_market[y] - sum(size[(ln, y)] for ln in targets)
    size = {k: round(v, 1) for k, v in size.items()}
    # competitor shares: 2025 scaled so the market-weighted averages equal the national shares
    total25 = sum(size[(ln, 2025)] for ln in lines)
    scale = [national[j] / (sum(COMP_SHARES[ln][j] * size[(ln, 2025)] for ln in lines) / total25) for j in range(3)]
    rows = []
    for ln in lines:
        for y in (2023, 2024, 2025):
            mkt_growth = (sum(size[(x, 2025)] for x in lines) / sum(size[(x, y)] for x in lines)) ** (
                1 / (2025 - y)) - 1 if y < 2025 else 0.0
            comp = []
            for j in range(3):
                back = ((1 + mkt_growth) / (1 + COMP_GROWTH[j])) ** (2025 - y)
                comp.append(round(COMP_SHARES[ln][j] * scale[j] * back, 3))
            rows.append((ln, y, size[(ln, y)], round(s[(ln, y)], 1), *comp))
    return rows


def bcg(rows: list[tuple], year: int) -> dict[str, tuple[float, float, str]]:
    """Lecture 5's BCG rule: line -> (market growth, relative share, quadrant)."""
    by = {(r[0], r[1]): r for r in rows}
    out = {}
    for ln in {r[0] for r in rows}:
        r, prev = by[(ln, year)], by[(ln, year - 1)]
        growth = round(r[2] / prev[2] - 1, 6)
        rel = round((r[3] / r[2]) / max(r[4:7]), 6)
        quadrant = ("明星" if rel >= 1 else "问题") if growth >= 0.10 else ("金牛" if rel >= 1 else "瘦狗")
        out[ln] = (growth, rel, quadrant)
    return out


def check_line_market(rows: list[tuple], total_market: dict[int, float], national: tuple[float, ...]) -> None:
    assert len(rows) == 18, "line_market: 18 rows"
    for y in (2023, 2024, 2025):
        total = sum(r[2] for r in rows if r[1] == y)
        assert abs(total - total_market[y]) <= 0.5, f"line_market: sizes add up to the regions' market {y}"
    for r in rows:
        assert r[2] > 0 and r[3] / r[2] + sum(r[4:7]) <= 0.95, f"line_market: shares add up to <= 95% {r}"
    size25 = {r[0]: r[2] for r in rows if r[1] == 2025}
    for j in range(3):
        avg = sum(r[4 + j] * size25[r[0]] for r in rows if r[1] == 2025) / sum(size25.values())
        assert abs(avg - national[j]) <= 0.002, f"line_market: competitor {j} national share {avg:.4f}"
    b25, b24 = bcg(rows, 2025), bcg(rows, 2024)
    expected = {"伺服驱动": "问题", "传感器": "问题", "工业机器人配件": "明星", "维保服务": "金牛", "变频器": "瘦狗",
                "PLC控制器": "瘦狗"}
    assert {ln: v[2] for ln, v in b25.items()} == expected, f"line_market: BCG quadrants 2025 {b25}"
    for ln, (g, rel, _) in b25.items():
        assert abs(g - 0.10) >= 0.02 and abs(rel - 1) >= 0.15, f"line_market: {ln} far from the lines {g}, {rel}"
    g, rel, _ = b25["工业机器人配件"]
    assert 0.18 <= g <= 0.22 and 1.2 <= rel <= 1.4 and b24["工业机器人配件"][1] >= 1.6, \
        f"line_market: 机器人配件 growth 18-22%, relative 1.2-1.4 (2024 >= 1.6): {g}, {rel}, {b24['工业机器人配件']}"
    g, rel, _ = b25["PLC控制器"]
    assert -0.04 <= g <= 0.02, f"line_market: PLC控制器 growth -4..+2%: {g}"
    share = {(r[0], r[1]): r[3] / r[2] for r in rows}
    for ln in size25:
        change = share[(ln, 2025)] - share[(ln, 2024)]
        if ln == "工业机器人配件":
            assert change <= -0.005, f"line_market: 机器人配件 share falls >= 0.5 pp: {change}"
        else:
            assert abs(change) <= 0.015, f"line_market: {ln} share change within 1.5 pp: {change}"


def product_line_review(order_rows: list[dict[str, Any]], industry_of: dict[str, str], line_rows: list[tuple],
                        year: int = 2025) -> dict[str, dict[str, Any]]:
    """Lecture 5 § 10.2 rules (default parameters): per line, the 过长/过短/过粗/过细 flags and their evidence."""
    sku: dict[str, int] = {}
    line_sales: dict[tuple[str, int], int] = {}
    buyers: dict[str, set[str]] = {}
    disc: dict[tuple[str, str], list[float]] = {}
    for o in order_rows:
        p, y = o["product"], o["date"].year
        line_sales[(p[2], y)] = line_sales.get((p[2], y), 0) + o["amount_c"]
        if y != year:
            continue
        sku[p[0]] = sku.get(p[0], 0) + o["amount_c"]
        buyers.setdefault(p[0], set()).add(o["customer_id"])
        d = 1 - (o["amount_c"] / 100 / o["qty"]) / p[3]
        disc.setdefault((p[0], industry_of[o["customer_id"]]), []).append(d)
    market = {(r[0], r[1]): r[2] for r in line_rows}
    out = {}
    for line in {p[2] for p in PRODUCTS}:
        ids = sorted(pid for pid in sku if BY_ID[pid][2] == line)
        total = sum(sku[pid] for pid in ids)
        share = {pid: sku[pid] / total for pid in ids}
        tail = [pid for pid in ids if share[pid] < 0.05 and year - BY_ID[pid][5] >= 3]
        ours_g = line_sales[(line, year)] / line_sales[(line, year - 1)] - 1
        mkt_g = market[(line, year)] / market[(line, year - 1)] - 1
        flags = []
        if len(tail) >= 2:
            flags.append("过长")
        if max(share.values()) >= 0.60 or (mkt_g >= 0.10 and ours_g < 0.5 * mkt_g and len(ids) <= 4):
            flags.append("过短")
        spreads = {}
        for pid in ids:
            means = [np.mean(v) for (q, _), v in disc.items() if q == pid and len(v) >= 30]
            if len(means) >= 2:
                spreads[pid] = max(means) - min(means)
        if any(v >= 0.15 for v in spreads.values()):
            flags.append("过粗")
        twins = []
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                pa, pb = BY_ID[a][3], BY_ID[b][3]
                jac = len(buyers[a] & buyers[b]) / len(buyers[a] | buyers[b])
                if abs(pa - pb) / min(pa, pb) <= 0.20 and jac >= 0.50:
                    twins.append((a, b, jac))
        if twins:
            flags.append("过细")
        out[line] = {"flags": flags, "share": share, "tail": tail, "ours_growth": ours_g, "market_growth": mkt_g,
                     "spreads": spreads, "twins": twins}
    return out


def check_product_lines(order_rows: list[dict[str, Any]], customers: list[dict[str, Any]],
                        line_rows: list[tuple]) -> dict[str, dict[str, Any]]:
    review = product_line_review(order_rows, {c["customer_id"]: c["industry"] for c in customers}, line_rows)
    flags = {ln: v["flags"] for ln, v in review.items()}
    assert flags == {"传感器": ["过长"], "工业机器人配件": ["过短"], "变频器": ["过粗"], "PLC控制器": ["过细"],
                     "伺服驱动": [], "维保服务": []}, f"product lines (lecture 5): {flags}"
    sensors = review["传感器"]
    assert sensors["tail"] == ["P25", "P26", "P27"], f"传感器 tail = P25-P27: {sensors['tail']}"
    assert all(0.01 <= sensors["share"][p] <= 0.04 for p in sensors["tail"]), f"tail SKUs 1-4%: {sensors['share']}"
    assert -0.03 <= review["工业机器人配件"]["ours_growth"] <= 0.03, "机器人配件: our 2025 growth -3..+3%"
    assert [t[:2] for t in review["PLC控制器"]["twins"]] == [("P09", "P28")], "PLC控制器: P09/P28 twins"
    assert review["变频器"]["spreads"]["P06"] >= 0.15, "变频器: P06 discount spread >= 15 points"
    others = {p: v for ln, r in review.items() for p, v in r["spreads"].items() if p != "P06"}
    assert max(others.values()) < 0.10, f"other SKUs' industry discount spread < 10 points: {others}"
    return review
