"""青岚工控 (fictional B2B): customers, orders, products, regions, sales reps, competitors."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from gen_accounts import plant_featured_headroom
from gen_checks import spearman
from gen_common import B2B_END, B2B_START, CNY, YEARS, Row, _person, _rand_date, day_range, pick, rng_for
from gen_growth import best_year, dark_horse_top_up, programme_orders, select_programme
from gen_products import (
    PRODUCTS,
    TwinChooser,
    build_line_market,
    check_product_lines,
    line_affinity,
    order_discount,
    products_for,
)
from gen_team import assign_new_customers, trend_factor

from helpers.data.schema import INDUSTRIES, PRODUCT_LINES, REGIONS

#: random stream of the purchase potential (headroom), separate so other columns stay put
POTENTIAL_STREAM = 20

REGION_P = (0.30, 0.22, 0.15, 0.12, 0.10, 0.05, 0.06)


CITIES = {
    "华东": ("上海", "苏州", "无锡", "宁波", "杭州", "南京", "常州", "合肥", "嘉兴"),
    "华南": ("深圳", "东莞", "广州", "佛山", "惠州", "中山", "厦门"),
    "华北": ("北京", "天津", "石家庄", "济南", "青岛", "唐山"),
    "华中": ("武汉", "长沙", "郑州", "南昌", "襄阳"),
    "西南": ("成都", "重庆", "昆明", "贵阳", "绵阳"),
    "西北": ("西安", "兰州", "银川", "乌鲁木齐"),
    "东北": ("沈阳", "大连", "长春", "哈尔滨"),
}


#: industry mix per region (rows follow REGIONS, columns follow INDUSTRIES)
INDUSTRY_MIX = (
    (24, 14, 16, 14, 8, 8, 6, 6, 4),   # 华东
    (12, 30, 14, 10, 8, 6, 6, 6, 8),   # 华南
    (16, 10, 8, 20, 10, 14, 10, 4, 8),  # 华北
    (22, 10, 14, 18, 10, 8, 8, 4, 6),  # 华中
    (18, 14, 16, 12, 12, 8, 10, 4, 6),  # 西南
    (10, 6, 22, 16, 12, 18, 8, 4, 4),  # 西北
    (26, 4, 6, 30, 12, 12, 6, 2, 2),   # 东北
)


#: product-line mix per industry (rows follow INDUSTRIES, columns follow PRODUCT_LINES)
LINE_MIX = (
    (30, 14, 16, 16, 18, 6),  # 汽车零部件
    (28, 8, 20, 28, 10, 6),   # 电子制造
    (30, 16, 18, 16, 14, 6),  # 新能源
    (20, 22, 20, 14, 16, 8),  # 机械加工
    (8, 34, 22, 22, 4, 10),   # 食品饮料
    (6, 40, 22, 18, 2, 12),   # 化工
    (12, 24, 26, 24, 4, 10),  # 医药
    (14, 40, 20, 14, 2, 10),  # 纺织
    (22, 26, 22, 20, 4, 6),   # 包装印刷
)


INDUSTRY_WORD = {
    "汽车零部件": ("汽车部件", "车配科技", "汽配制造"), "电子制造": ("电子科技", "精密电子", "光电科技"),
    "新能源": ("新能源科技", "储能科技", "光伏设备"), "机械加工": ("精密机械", "机床制造", "重工机械"),
    "食品饮料": ("食品", "饮品", "乳业"), "化工": ("化工", "新材料", "精细化工"),
    "医药": ("制药", "生物医药", "医疗器械"), "纺织": ("纺织", "织造", "服饰材料"),
    "包装印刷": ("包装", "印务", "包装材料"),
}


NAME_HEAD = "澄岚沐栖汀砚棠芊溯霁榆蔚朔珩翎渟璟岫槿皙"


NAME_TAIL = "禾川屿岭湾杉泓晗舟垣峤麓"


#: regional trend of demand per year (multiplies order intensity)
REGION_TREND = {
    "华东": (1.0, 1.10, 1.21), "华南": (1.0, 1.06, 1.10), "华北": (1.0, 0.99, 1.01), "华中": (1.0, 1.12, 1.26),
    "西南": (1.0, 1.15, 1.32), "西北": (1.0, 0.95, 0.90), "东北": (1.0, 0.90, 0.84),
}


#: region price level: extra discount (negative = firmer prices)
REGION_DISCOUNT = {"华东": 0.02, "华南": 0.05, "华北": 0.0, "华中": 0.01, "西南": -0.01, "西北": -0.03,
                   "东北": 0.0}


#: (market share of our company in 2023, yearly market growth, target customers per our customer,
#:  channel partners 2023)
REGION_MARKET = {
    "华东": (0.034, 0.07, 7.5, 18), "华南": (0.041, 0.05, 6.0, 14), "华北": (0.027, 0.02, 9.0, 11),
    "华中": (0.052, 0.08, 5.5, 9), "西南": (0.031, 0.10, 8.0, 8), "西北": (0.058, 0.03, 6.5, 4),
    "东北": (0.046, -0.02, 5.0, 6),
}


def _b2b_day_weights(days: list[dt.date]) -> np.ndarray:
    month_w = (0.86, 0.86, 1.0, 1.0, 1.02, 1.06, 0.95, 0.92, 1.04, 0.96, 1.16, 1.42)
    w = np.empty(len(days))
    for i, d in enumerate(days):
        x = month_w[d.month - 1]
        if d.weekday() >= 5:
            x *= 0.12
        gap = (d - CNY[d.year]).days
        if -10 <= gap <= 14:
            x *= 0.2
        elif 15 <= gap <= 24:
            x *= 0.7
        w[i] = x
    return w


@dataclass
class World:
    """Everything the B2B parts share while the tables are built (one generation run)."""

    rng: np.random.Generator
    days: list[dt.date]
    base_w: np.ndarray
    year_of: np.ndarray
    year_weight: np.ndarray
    reps: list[dict[str, Any]] = field(default_factory=list)
    customers: list[dict[str, Any]] = field(default_factory=list)
    intents: list[dict[str, Any]] = field(default_factory=list)
    order_rows: list[dict[str, Any]] = field(default_factory=list)
    tables: dict[str, list[Row]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def by_id(self) -> dict[str, dict[str, Any]]:
        return {c["customer_id"]: c for c in self.customers}


def make_reps(rng: np.random.Generator) -> list[dict[str, Any]]:
    reps_per_region = {"华东": 6, "华南": 5, "华北": 4, "华中": 3, "西南": 3, "西北": 1, "东北": 2}
    used_names: set[str] = set()
    reps: list[dict[str, Any]] = []
    for region in REGIONS:
        for k in range(reps_per_region[region]):
            level = "销售经理" if k == 0 else pick(rng, ("销售代表", "高级销售"), (0.55, 0.45))
            years_back = {"销售经理": (6, 14), "高级销售": (3, 9), "销售代表": (1, 5)}[level]
            hire = _rand_date(rng, dt.date(2025 - years_back[1], 1, 1), dt.date(2025 - years_back[0], 6, 30))
            reps.append({"rep_id": f"S{len(reps) + 1:02d}", "rep_name": _person(rng, used_names),
                         "region": region, "hire_date": hire, "level": level})
    return reps


def make_customers(rng: np.random.Generator, reps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    n_cust = 720
    region_idx = rng.choice(len(REGIONS), size=n_cust, p=np.array(REGION_P) / sum(REGION_P))
    cohort = rng.choice(4, size=n_cust, p=(0.52, 0.17, 0.16, 0.15))  # 0 = before 2023, then 2023/24/25
    spend_wan = rng.lognormal(mean=math.log(11.0), sigma=1.22, size=n_cust)  # yearly spend with us
    wallet_share = rng.beta(2.2, 4.0, size=n_cust)
    # the sales team's rough idea of a customer's size: drives head count and the CRM label only
    # (the published purchase potential is set from the orders, see set_potential)
    size_hint = spend_wan / np.clip(wallet_share, 0.05, None) * rng.lognormal(0, 0.15, size=n_cust)
    spend_rank = spend_wan.argsort().argsort() / (n_cust - 1)  # 0 = smallest
    customers: list[dict[str, Any]] = []
    used_cnames: set[str] = set()
    for i in range(n_cust):
        region = REGIONS[region_idx[i]]
        industry = pick(rng, INDUSTRIES, INDUSTRY_MIX[region_idx[i]])
        city = pick(rng, CITIES[region])
        for _ in range(500):
            cname = f"{city}{pick(rng, NAME_HEAD)}{pick(rng, NAME_TAIL)}{pick(rng, INDUSTRY_WORD[industry])}有限公司"
            if cname not in used_cnames:
                used_cnames.add(cname)
                break
        employees = int(np.clip(round(size_hint[i] * 2.4 * rng.lognormal(0, 0.45)), 18, 26000))
        if cohort[i] == 0:
            start = B2B_START
            first = _rand_date(rng, dt.date(2011, 1, 1), dt.date(2022, 12, 20))
        else:
            year = 2022 + int(cohort[i])
            start = _rand_date(rng, dt.date(year, 1, 5), dt.date(year, 12, 10))
            first = start
        # churn: small customers and the declining regions leave more often
        hazard = 0.05 + 0.20 * (1 - spend_rank[i]) ** 1.5 + (0.05 if region in ("东北", "西北") else 0.0)
        years_to_churn = rng.exponential(1 / -math.log(1 - hazard))
        end_day = start + dt.timedelta(days=int(years_to_churn * 365))
        end = min(end_day, B2B_END)
        label_score = math.log(size_hint[i]) + 0.5 * math.log(spend_wan[i]) + rng.normal(0, 0.55)
        customers.append({
            "customer_id": f"C{i + 1:04d}", "customer_name": cname, "industry": industry, "region": region,
            "city": city, "employees": employees, "first_order_date": first, "start": start, "end": end,
            "spend": float(spend_wan[i]), "label_score": label_score, "rank": float(spend_rank[i]),
        })
    # 重点客户: the top ~16% by the sales team's (imperfect) score
    cut = sorted(c["label_score"] for c in customers)[int(n_cust * 0.84)]
    for c in customers:
        c["account_type"] = "重点客户" if c["label_score"] >= cut else "一般客户"
        region_reps = [r for r in reps if r["region"] == c["region"]]
        weights = [{"销售经理": 3.0, "高级销售": 2.0, "销售代表": 1.0}[r["level"]]
                   ** (1.5 if c["account_type"] == "重点客户" else 0)
                   for r in region_reps]
        c["sales_rep_id"] = pick(rng, region_reps, weights)["rep_id"]
    return customers


def order_row(c: dict[str, Any], day: dt.date, prod: tuple, value: float, discount: float) -> dict[str, Any]:
    """One order line of customer ``c``: quantity, amount and gross profit in cents from a target value."""
    price_c = int(round(prod[3] * 100 * (1 - discount)))
    qty = max(1, int(round(value / (price_c / 100))))
    amount_c = qty * price_c
    return {"customer_id": c["customer_id"], "date": day, "product": prod, "qty": qty, "amount_c": amount_c,
            "gp_c": amount_c - qty * prod[4] * 100, "list_c": qty * prod[3] * 100, "region": c["region"],
            "rep": c["sales_rep_id"]}


def discount_base(c: dict[str, Any]) -> float:
    return 0.06 + 0.12 * c["rank"] + REGION_DISCOUNT[c["region"]]


def make_orders(w: World) -> None:
    """Order intents (customer, day, product, value, discount) of the main loop; rows come later."""
    rng = w.rng
    affinity = w.extra["affinity"] = line_affinity(w.customers, LINE_MIX, INDUSTRIES)
    twin = TwinChooser()
    for c in w.customers:
        trend = REGION_TREND[c["region"]]
        weights = w.base_w * np.array([trend[k] for k in w.year_of])
        s, e = (c["start"] - B2B_START).days, (c["end"] - B2B_START).days
        window = weights[s:e + 1]
        lam = 0.45 * c["spend"] ** 0.78  # orders per year
        expected = lam * float(window.sum()) / float(w.year_weight.mean())
        n = max(1, int(rng.poisson(expected)))
        idx = rng.choice(len(window), size=n, p=window / window.sum()) + s
        if c["first_order_date"] >= B2B_START:
            idx[0] = s  # a new customer's first order is on its first-order date
        idx.sort()
        line_w = affinity[c["customer_id"]]
        base = discount_base(c)
        for d_i in idx:
            day = w.days[int(d_i)]
            line = pick(rng, PRODUCT_LINES, line_w)
            cands, pw = products_for(line, day.year)
            prod = pick(rng, cands, pw)
            value = c["spend"] * 10000 / lam * rng.lognormal(-0.2, 0.65)
            z = float(rng.normal(0, 0.025))
            for prod_k, value_k in twin(prod, value):
                w.intents.append({"c": c, "day": day, "prod": prod_k, "value": value_k, "source": "main",
                                  "discount": order_discount(prod_k, c["industry"], base, z)})


def intents_to_rows(w: World, intents: list[dict[str, Any]] | None = None) -> None:
    """Turn order intents into order lines, applying the value factors of the planted patterns."""
    for it in w.intents if intents is None else intents:
        value = it["value"] * value_factor(w, it) if it["source"] == "main" else it["value"]
        w.order_rows.append(order_row(it["c"], it["day"], it["prod"], value, it["discount"]))


def value_factor(w: World, it: dict[str, Any]) -> float:
    """Planted value factors: the rep's hidden style (lecture 6) and the calibrated 2025 line growth (lecture 5)."""
    year = it["day"].year
    f = trend_factor(it["c"]["sales_rep_id"], year)
    if year == 2025:
        f *= w.extra.get("line_2025", {}).get(it["prod"][2], 1.0)
    return f


#: our 2025 sales growth per product line, calibrated after the main loop (lecture 5: 机器人配件 flat
#: while its market grows ~20 %, 伺服驱动 growing at least half as fast as its ~12 % market)
LINE_GROWTH_2025 = {"工业机器人配件": 0.0, "伺服驱动": 0.085}


def calibrate_lines(w: World) -> None:
    """Set the 2025 value factor of the calibrated lines so that their growth hits the target."""
    w.order_rows = []
    intents_to_rows(w)
    totals: dict[tuple[str, int], int] = {}
    for o in w.order_rows:
        key = (o["product"][2], o["date"].year)
        totals[key] = totals.get(key, 0) + o["amount_c"]
    w.extra["line_2025"] = {line: (1 + g) * totals[(line, 2024)] / totals[(line, 2025)]
                            for line, g in LINE_GROWTH_2025.items()}
    w.order_rows = []


def finish_orders(order_rows: list[dict[str, Any]]) -> list[Row]:
    """Sort the order lines and number them per year (SO2023xxxxx …)."""
    order_rows.sort(key=lambda o: (o["date"], o["customer_id"], o["product"][0], o["qty"]))
    per_year: dict[int, int] = {}
    orders: list[Row] = []
    for o in order_rows:
        y = o["date"].year
        per_year[y] = per_year.get(y, 0) + 1
        o["order_id"] = f"SO{y}{per_year[y]:05d}"
        orders.append((o["order_id"], o["customer_id"], o["date"], o["product"][0], o["product"][2], o["qty"],
                       o["amount_c"] / 100, o["gp_c"] / 100))
    return orders


def sales_by_year(order_rows: list[dict[str, Any]]) -> dict[str, dict[int, int]]:
    """customer_id -> {year: sales in cents} (every year of the data present)."""
    out: dict[str, dict[int, int]] = {}
    for o in order_rows:
        out.setdefault(o["customer_id"], {y: 0 for y in YEARS})[o["date"].year] += o["amount_c"]
    return out


def draw_headroom(customers: list[dict[str, Any]]) -> None:
    """Each customer's headroom (万元): what it spends on the category beyond its best year with us.

    Drawn per customer from its own stream, only weakly tied to the customer's size (issue 11).
    """
    rng = rng_for(POTENTIAL_STREAM)
    for c in customers:
        c["headroom_draw"] = 26.0 * (c["spend"] / 11.0) ** 0.12 * math.exp(1.05 * float(rng.normal()))


def provisional_potential(customers: list[dict[str, Any]], order_rows: list[dict[str, Any]]) -> dict[str, float]:
    best = best_year(order_rows)
    return {c["customer_id"]: best.get(c["customer_id"], 0.0) + c["headroom_draw"] for c in customers}


def growth_orders(w: World) -> None:
    """Lecture 4: the penetration programme's cross-sell orders, then the 黑马 top-up if needed."""
    ids = select_programme(w.customers, w.order_rows)
    workdays = [d for d in w.days if d.weekday() < 5]
    intents, lines_of = programme_orders(w.customers, w.order_rows, ids, workdays, products_for, order_discount,
                                         discount_base)
    w.extra["programme_lines"] = lines_of
    w.intents += intents
    intents_to_rows(w, intents)
    intents = dark_horse_top_up(w.customers, w.order_rows, provisional_potential(w.customers, w.order_rows),
                                workdays, products_for, order_discount, discount_base)
    w.intents += intents
    intents_to_rows(w, intents)


def set_potential(customers: list[dict[str, Any]], reps: list[dict[str, Any]],
                  order_rows: list[dict[str, Any]]) -> None:
    """Purchase potential = the customer's best year with us + its headroom (rounded up to 0.1 万元).

    The potential is the customer's whole yearly spend on the category (competitors included), so it
    can never be below what it bought from us in any year (asserted), and the headroom hardly
    depends on the customer's size (asserted: |Spearman ρ(2025 sales, headroom)| < 0.2).
    """
    sales = sales_by_year(order_rows)
    for c in customers:
        best = max(sales[c["customer_id"]].values()) / 100 / 10000
        c["potential"] = math.ceil((best + c["headroom_draw"]) * 10 - 1e-9) / 10
    plant_featured_headroom(customers, reps, sales)
    for c in customers:
        assert c["potential"] * 10000 * 100 >= max(sales[c["customer_id"]].values()), \
            f"potential ≥ sales in every year fails for {c['customer_id']}"
    s25 = [sales[c["customer_id"]][2025] / 1e6 for c in customers]
    head = [c["potential"] - s for c, s in zip(customers, s25)]
    active = [k for k, s in enumerate(s25) if s > 0]
    for label, idx in (("all customers", range(len(customers))), ("active in 2025", active)):
        rho = spearman([s25[k] for k in idx], [head[k] for k in idx])
        assert abs(rho) < 0.2, f"headroom independent of size ({label}): |rho(2025 sales, headroom)| = {rho:.3f}"


def regions_and_reps(w: World) -> None:
    agg: dict[tuple[str, int], dict[str, Any]] = {}
    for o in w.order_rows:
        a = agg.setdefault((o["region"], o["date"].year), {"amount": 0, "gp": 0, "list": 0, "cust": set()})
        a["amount"] += o["amount_c"]
        a["gp"] += o["gp_c"]
        a["list"] += o["list_c"]
        a["cust"].add(o["customer_id"])
    national = {y: sum(a["amount"] for (r, yy), a in agg.items() if yy == y)
                / sum(a["list"] for (r, yy), a in agg.items() if yy == y) for y in YEARS}
    regions_rows: list[Row] = []
    partners_rng = rng_for(2)
    for region in REGIONS:
        share0, growth, target_ratio, partners0 = REGION_MARKET[region]
        market0 = agg[(region, 2023)]["amount"] / 100 / 10000 / share0
        target0 = len(agg[(region, 2023)]["cust"]) * target_ratio
        partners = partners0
        for k, y in enumerate(YEARS):
            a = agg[(region, y)]
            market = round(market0 * (1 + growth) ** k / 100) * 100
            target = int(round(target0 * (1 + growth / 2) ** k / 10) * 10)
            if k:
                partners = max(2, partners + int(partners_rng.integers(-1, 3)))
            price_index = (a["amount"] / a["list"]) / national[y] * 100
            regions_rows.append((region, y, float(market), round(a["amount"] / 100 / 10000, 1), target,
                                 len(a["cust"]), partners, price_index, a["gp"] / a["amount"]))

    # ---- competitors ----------------------------------------------------------------
    total_market = {y: sum(row[2] for row in regions_rows if row[1] == y) for y in YEARS}
    our_sales = {y: sum(a["amount"] for (r, yy), a in agg.items() if yy == y) / 100 / 10000 for y in YEARS}
    competitors_rows: list[Row] = [
        ("本公司", "青岚工控", our_sales[2025] / total_market[2025], our_sales[2025] / our_sales[2024] - 1,
         0.46, 0.78, 7, 6, 6, 8, 6, 6),
        *COMPETITORS,
    ]
    w.tables.update({"regions": regions_rows, "competitors": competitors_rows})
    w.extra["total_market"] = total_market
    w.tables["line_market"] = build_line_market(w.order_rows, total_market, tuple(c[2] for c in COMPETITORS))
    w.extra["product_review"] = check_product_lines(w.order_rows, w.customers, w.tables["line_market"])


LAST_WORLD: list[World] = []

#: the three fictional competitors (code, name, share, growth, awareness, loyalty, six benchmark scores)
COMPETITORS: tuple[Row, ...] = (
    ("竞品A", "启衡电气", 0.118, 0.036, 0.81, 0.82, 8, 5, 7, 7, 9, 8),
    ("竞品B", "华拓自动化", 0.067, 0.142, 0.58, 0.71, 7, 8, 8, 6, 6, 7),
    ("竞品C", "远森科技", 0.024, 0.318, 0.27, 0.64, 6, 9, 7, 5, 4, 5),
)


def build_b2b() -> dict[str, list[Row]]:
    days = day_range(B2B_START, B2B_END)
    base_w = _b2b_day_weights(days)
    year_of = np.array([d.year - 2023 for d in days])
    year_weight = np.array([base_w[year_of == k].sum() for k in range(3)])
    w = World(rng=rng_for(1), days=days, base_w=base_w, year_of=year_of, year_weight=year_weight)
    w.reps = make_reps(w.rng)
    w.customers = make_customers(w.rng, w.reps)
    assign_new_customers(w.customers, w.reps)
    make_orders(w)
    calibrate_lines(w)
    intents_to_rows(w)
    draw_headroom(w.customers)
    growth_orders(w)
    orders = finish_orders(w.order_rows)
    set_potential(w.customers, w.reps, w.order_rows)

    customers_rows = [(c["customer_id"], c["customer_name"], c["industry"], c["region"], c["city"],
                       c["employees"], c["potential"], c["first_order_date"], c["account_type"],
                       c["sales_rep_id"], c.get("penetration_start")) for c in w.customers]
    products_rows = [(p[0], p[1], p[2], float(p[3]), float(p[4]), p[5], p[6]) for p in PRODUCTS]
    w.tables.update({"customers": customers_rows, "orders": orders, "products": products_rows})
    regions_and_reps(w)

    from gen_b2b_research import build_b2b_research  # it reuses this module's constants

    w.tables.update(build_b2b_research(w))
    LAST_WORLD[:] = [w]  # for inspection while developing the generator
    return w.tables
