"""Generate the fictional case data of the course (青岚工控 and 山禾生活会员店).

Usage::

    python data/generate.py            # (re)write data/*.csv and data/README.md
    python data/generate.py --check    # regenerate into a temporary folder and compare byte for byte

Everything is derived from one fixed seed with numpy's ``default_rng``; nothing depends on the
clock or on dict/set ordering, and values are written through the ``csv`` module with explicit
number formats, so the same script gives the same bytes on every machine and pandas version.
The tables and their columns are defined once, in ``helpers.data.schema.SCHEMA``.

All companies, people and figures are invented (虚构).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import math
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

DATA_DIR = Path(__file__).resolve().parent
ROOT = DATA_DIR.parent
if str(ROOT) not in sys.path:  # allow `python data/generate.py` from a fresh checkout
    sys.path.insert(0, str(ROOT))

from helpers.data.cases import render_readme  # noqa: E402 (needs the sys.path insert above)
from helpers.data.schema import (  # noqa: E402
    AGE_GROUPS,
    CITY_TIERS,
    INDUSTRIES,
    JOIN_CHANNELS,
    LOST_REASONS,
    PRODUCT_LINES,
    REGIONS,
    SCHEMA,
    STAGES,
    TOUCHPOINTS,
    Table,
)

SEED = 20250601
Row = Sequence[Any]

# --------------------------------------------------------------------------------------
# writing
# --------------------------------------------------------------------------------------


def _fmt(value: Any, kind: str, decimals: int) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if kind == "int":
        return str(int(value))
    if kind == "float":
        text = f"{round(float(value), decimals):.{decimals}f}"
        return text[1:] if text.startswith("-") and float(text) == 0 else text
    if kind == "date":
        assert isinstance(value, dt.date), value
        return value.isoformat()
    return str(value)


def table_bytes(table: Table, rows: Sequence[Row]) -> bytes:
    """One table as CSV bytes: UTF-8 with BOM, '\\n' line ends, header = schema column names."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    for row in rows:
        assert len(row) == len(table.columns), (table.name, row)
        writer.writerow([_fmt(v, c.type, c.decimals) for v, c in zip(row, table.columns)])
    return buf.getvalue().encode("utf-8-sig")


# --------------------------------------------------------------------------------------
# calendar
# --------------------------------------------------------------------------------------

B2B_START, B2B_END = dt.date(2023, 1, 1), dt.date(2025, 12, 31)
B2C_START, B2C_END = dt.date(2024, 1, 1), dt.date(2025, 12, 31)
#: Chinese New Year (春节) dates.
CNY = {2023: dt.date(2023, 1, 22), 2024: dt.date(2024, 2, 10), 2025: dt.date(2025, 1, 29)}
YEARS = (2023, 2024, 2025)


def day_range(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def rng_for(part: int) -> np.random.Generator:
    """An independent random stream per part, so changing one table leaves the others alone."""
    return np.random.default_rng([SEED, part])


def pick(rng: np.random.Generator, values: Sequence[Any], p: Sequence[float] | None = None) -> Any:
    if p is not None:
        w = np.asarray(p, dtype=float)
        return values[int(rng.choice(len(values), p=w / w.sum()))]
    return values[int(rng.integers(len(values)))]


# --------------------------------------------------------------------------------------
# B2B: 青岚工控 (fictional)
# --------------------------------------------------------------------------------------

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
)
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁"
            "沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武")
GIVEN = ("子涵", "浩然", "思远", "雨桐", "晨阳", "嘉怡", "宇航", "欣妍", "俊杰", "梓萱", "明轩", "若溪",
         "志强", "海燕", "建华", "丽娟", "文博", "雅琪", "立新", "春梅", "国栋", "晓东", "静怡", "振宇",
         "卫东", "秀英", "家豪", "一鸣", "书瑶", "天佑", "启明", "梦琪")


def _person(rng: np.random.Generator, used: set[str]) -> str:
    for _ in range(200):
        name = pick(rng, SURNAMES) + pick(rng, GIVEN)
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError("ran out of names")


def _rand_date(rng: np.random.Generator, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=int(rng.integers((end - start).days + 1)))


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


def build_b2b() -> dict[str, list[Row]]:
    rng = rng_for(1)
    days = day_range(B2B_START, B2B_END)
    base_w = _b2b_day_weights(days)
    year_of = np.array([d.year - 2023 for d in days])
    year_weight = np.array([base_w[year_of == k].sum() for k in range(3)])

    # ---- sales reps -----------------------------------------------------------------
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

    # ---- customers ------------------------------------------------------------------
    n_cust = 720
    region_idx = rng.choice(len(REGIONS), size=n_cust, p=np.array(REGION_P) / sum(REGION_P))
    cohort = rng.choice(4, size=n_cust, p=(0.52, 0.17, 0.16, 0.15))  # 0 = before 2023, then 2023/24/25
    spend_wan = rng.lognormal(mean=math.log(11.0), sigma=1.22, size=n_cust)  # yearly spend with us
    wallet_share = rng.beta(2.2, 4.0, size=n_cust)
    potential = spend_wan / np.clip(wallet_share, 0.05, None) * rng.lognormal(0, 0.15, size=n_cust)
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
        employees = int(np.clip(round(potential[i] * 2.4 * rng.lognormal(0, 0.45)), 18, 26000))
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
        label_score = math.log(potential[i]) + 0.5 * math.log(spend_wan[i]) + rng.normal(0, 0.55)
        customers.append({
            "customer_id": f"C{i + 1:04d}", "customer_name": cname, "industry": industry, "region": region,
            "city": city, "employees": employees, "potential": round(float(potential[i]), 1),
            "first_order_date": first, "start": start, "end": end, "spend": float(spend_wan[i]),
            "label_score": label_score, "rank": float(spend_rank[i]),
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

    # ---- orders ---------------------------------------------------------------------
    products_by_line = {line: [p for p in PRODUCTS if p[2] == line] for line in PRODUCT_LINES}
    order_rows: list[dict[str, Any]] = []
    for _i, c in enumerate(customers):
        trend = REGION_TREND[c["region"]]
        w = base_w * np.array([trend[k] for k in year_of])
        s, e = (c["start"] - B2B_START).days, (c["end"] - B2B_START).days
        window = w[s:e + 1]
        lam = 0.45 * c["spend"] ** 0.78  # orders per year
        expected = lam * float(window.sum()) / float(year_weight.mean())
        n = max(1, int(rng.poisson(expected)))
        idx = rng.choice(len(window), size=n, p=window / window.sum()) + s
        if c["first_order_date"] >= B2B_START:
            idx[0] = s  # a new customer's first order is on its first-order date
        idx.sort()
        industry_i = INDUSTRIES.index(c["industry"])
        discount_base = 0.06 + 0.12 * c["rank"] + REGION_DISCOUNT[c["region"]]
        for d_i in idx:
            day = days[int(d_i)]
            line = pick(rng, PRODUCT_LINES, LINE_MIX[industry_i])
            cands = [p for p in products_by_line[line] if p[5] <= day.year]
            pw = [p[7] * p[8] ** (day.year - 2023) for p in cands]
            prod = pick(rng, cands, pw)
            value = c["spend"] * 10000 / lam * rng.lognormal(-0.2, 0.65)
            discount = float(np.clip(discount_base + rng.normal(0, 0.025), 0.0, 0.32))
            price_c = int(round(prod[3] * 100 * (1 - discount)))
            qty = max(1, int(round(value / (price_c / 100))))
            amount_c = qty * price_c
            gp_c = amount_c - qty * prod[4] * 100
            order_rows.append({"customer_id": c["customer_id"], "date": day, "product": prod,
                               "qty": qty, "amount_c": amount_c, "gp_c": gp_c,
                               "list_c": qty * prod[3] * 100, "region": c["region"],
                               "rep": c["sales_rep_id"]})
    order_rows.sort(key=lambda o: (o["date"], o["customer_id"], o["product"][0], o["qty"]))
    per_year: dict[int, int] = {}
    orders: list[Row] = []
    for o in order_rows:
        y = o["date"].year
        per_year[y] = per_year.get(y, 0) + 1
        o["order_id"] = f"SO{y}{per_year[y]:05d}"
        orders.append((o["order_id"], o["customer_id"], o["date"], o["product"][0], o["product"][2], o["qty"],
                       o["amount_c"] / 100, o["gp_c"] / 100))

    customers_rows = [(c["customer_id"], c["customer_name"], c["industry"], c["region"], c["city"],
                       c["employees"], c["potential"], c["first_order_date"], c["account_type"],
                       c["sales_rep_id"]) for c in customers]
    products_rows = [(p[0], p[1], p[2], float(p[3]), float(p[4]), p[5], p[6]) for p in PRODUCTS]

    # ---- regions --------------------------------------------------------------------
    agg: dict[tuple[str, int], dict[str, Any]] = {}
    for o in order_rows:
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

    # ---- sales reps (2025 figures from orders) ---------------------------------------
    rep_sales: dict[str, dict[int, int]] = {r["rep_id"]: {y: 0 for y in YEARS} for r in reps}
    for o in order_rows:
        rep_sales[o["rep"]][o["date"].year] += o["amount_c"]
    reps_rows: list[Row] = []
    for r in reps:
        s24 = rep_sales[r["rep_id"]][2024] / 100 / 10000
        quota = round(max(s24, 60.0) * float(rng.uniform(1.08, 1.30)) / 10) * 10
        reps_rows.append((r["rep_id"], r["rep_name"], r["region"], r["hire_date"], r["level"], float(quota),
                          round(rep_sales[r["rep_id"]][2025] / 100 / 10000, 1)))

    # ---- competitors ----------------------------------------------------------------
    total_market = {y: sum(row[2] for row in regions_rows if row[1] == y) for y in YEARS}
    our_sales = {y: sum(a["amount"] for (r, yy), a in agg.items() if yy == y) / 100 / 10000 for y in YEARS}
    competitors_rows: list[Row] = [
        ("本公司", "青岚工控", our_sales[2025] / total_market[2025], our_sales[2025] / our_sales[2024] - 1,
         0.46, 0.78, 7, 6, 6, 8, 6, 6),
        ("竞品A", "启衡电气", 0.118, 0.036, 0.81, 0.82, 8, 5, 7, 7, 9, 8),
        ("竞品B", "华拓自动化", 0.067, 0.142, 0.58, 0.71, 7, 8, 8, 6, 6, 7),
        ("竞品C", "远森科技", 0.024, 0.318, 0.27, 0.64, 6, 9, 7, 5, 4, 5),
    ]

    tables = {
        "customers": customers_rows, "orders": orders, "products": products_rows, "regions": regions_rows,
        "competitors": competitors_rows, "sales_reps": reps_rows,
    }
    tables.update(build_b2b_research(customers, reps, order_rows))
    return tables


# ---- survey, interviews, contacts, pipeline ----------------------------------------

COMMENTS = {
    "q_quality": ("设备运行稳定，质量放心。", "个别批次有不良，希望加强出厂检验。", "质量总体不错，但返修周期偏长。"),
    "q_delivery": ("交期能不能再短一点，旺季经常等货。", "最近几次到货都延迟了。", "交货准时，这点很满意。"),
    "q_tech_support": ("工程师上门调试很及时。", "技术支持响应慢，电话经常没人接。", "希望多组织一些现场培训。"),
    "q_price": ("价格比别家贵，希望有更灵活的折扣。", "报价透明，性价比可以。", "希望账期能放宽一些。"),
    "q_sales_staff": ("销售经理很专业，沟通顺畅。", "换了销售之后对接不太顺。", "希望销售多来现场看看。"),
    "q_digital": ("希望有远程运维平台，能在线看设备状态。", "线上下单系统不好用。", "远程诊断功能很实用。"),
}


def build_b2b_research(customers: list[dict[str, Any]], reps: list[dict[str, Any]],
                       order_rows: list[dict[str, Any]]) -> dict[str, list[Row]]:
    rng = rng_for(3)
    active_2024_25 = sorted({o["customer_id"] for o in order_rows if o["date"].year >= 2024})
    by_id = {c["customer_id"]: c for c in customers}

    # ---- survey (2025) ----------------------------------------------------------------
    item_mean = {"q_quality": 4.0, "q_delivery": 3.2, "q_tech_support": 3.7, "q_price": 3.0,
                 "q_sales_staff": 3.9, "q_digital": 2.9}
    item_missing = {"q_quality": 0.03, "q_delivery": 0.05, "q_tech_support": 0.08, "q_price": 0.06,
                    "q_sales_staff": 0.04, "q_digital": 0.18}
    survey: list[Row] = []
    for cid in active_2024_25:
        c = by_id[cid]
        key = c["account_type"] == "重点客户"
        if not key and rng.random() > 0.45:
            continue
        invited = _rand_date(rng, dt.date(2025, 3, 3), dt.date(2025, 3, 21))
        responded = int(rng.random() < (0.56 if key else 0.36))
        answers: dict[str, int | None] = {q: None for q in item_mean}
        nps_score: int | None = None
        comment = ""
        if responded:
            mood = rng.normal(0.15 if key else -0.1, 0.6)
            for q, m in item_mean.items():
                if rng.random() < item_missing[q]:
                    continue
                answers[q] = int(np.clip(round(m + mood + rng.normal(0, 0.75)), 1, 5))
            given = [v for v in answers.values() if v is not None]
            avg = sum(given) / len(given) if given else 3.0
            if rng.random() > 0.05:
                nps_score = int(np.clip(round(2.6 * avg - 1.8 + rng.normal(0, 1.3)), 0, 10))
            if rng.random() < 0.4:
                scored = [(v, q) for q, v in answers.items() if v is not None]
                if scored:
                    scored.sort()
                    v, q = scored[0] if rng.random() < 0.7 else scored[-1]
                    texts = COMMENTS[q]
                    comment = texts[0] if (v >= 4 and q in ("q_quality", "q_tech_support", "q_sales_staff")) \
                        else pick(rng, texts)
        survey.append([None, cid, c["account_type"], invited, responded, *answers.values(), nps_score, comment])
    survey.sort(key=lambda r: (r[3], r[1]))
    for k, row in enumerate(survey):
        row[0] = f"R{k + 1:04d}"

    # ---- interviews (2025) ----------------------------------------------------------
    rng = rng_for(5)
    # sentence templates per theme; {p} product, {n} a number, {c} a competitor, {t} a time span
    themes = {
        "交期": ("旺季时{p}经常要等{n}周，影响我们的排产。", "上次到货比合同约定晚了{n}天，产线只好停了两个班。",
               "希望能在我们附近设一个备件仓库，缩短交货时间。", "交期承诺要准，哪怕长一点也行，最怕临时变卦。",
               "{c}现货多，急单基本一周内能发过来。", "今年你们的供货比去年稳定，没再出现断货。"),
        "价格": ("今年降本压力很大，{p}的报价还要再往下谈。", "你们的价格比进口品牌低，但比国产同行高出一截。",
               "账期从六十天缩到三十天，对我们资金压力不小。", "采购部门只看单价，我们更关心整体使用成本。",
               "{c}报价比你们低了{n}个点，我们内部有人想换。", "价格还算合理，关键是别每年都涨。"),
        "技术支持": ("调试阶段工程师很专业，问题当天就解决了。", "希望工程师能给我们的维修班做一次系统培训。",
                 "新产线选型时，你们的应用工程师帮了很大忙。", "技术文档写得太简略，现场人员看不懂。",
                 "{p}的参数设置比较复杂，需要有人手把手教。", "和{c}比，你们的技术人员更懂我们的工艺。"),
        "产品质量": ("{p}用了{n}年基本没出过故障，稳定性不错。", "上季度有一批{p}不良率偏高，返修了好几次。",
                 "精度能满足要求，寿命还要再观察。", "质量是我们选供应商的第一条，这一点你们过关。",
                 "高温高湿的车间里，{p}偶尔会报警停机。", "换成你们的{p}以后，产线停机次数明显少了。"),
        "数字化": ("我们正在建数字化工厂，希望设备数据能接入我们的系统。", "如果有远程运维，很多小问题不用等人上门。",
                "线上下单和查物流的功能太弱，还是靠打电话。", "希望能在手机上看到设备运行状态和保养提醒。",
                "{c}已经给我们演示过云平台，老板很感兴趣。", "设备联网以后能不能做预测性维护，这是我们明年的重点。"),
        "竞品": ("{c}的销售几乎每周都来，关系跑得很勤。", "{c}给了免费试用{t}的条件，老板有点心动。",
               "和进口品牌比，你们的方案灵活，但品牌说服力差一些。", "我们同时用你们和{c}的产品，各有长短。",
               "集团总部在推统一采购，{c}是另一个候选。", "别家也来谈过，但切换供应商的风险太大。"),
        "售后响应": ("设备坏了打电话，{t}才有人回复，太慢了。", "售后响应速度比去年快了，基本四小时内有答复。",
                 "希望售后能有一个固定对接人，不要每次都重新说明情况。", "备件更换流程太繁琐，要走好几道审批。",
                 "夜班出故障时找不到人，只能等到第二天。", "上次的质保纠纷拖了{t}才处理完。"),
    }
    slots = {"p": ("伺服驱动器", "变频器", "PLC", "传感器", "减速机", "编码器"),
             "n": ("三", "四", "五", "六", "八", "十"),
             "c": ("启衡", "华拓", "远森", "启衡电气", "华拓自动化", "一家进口品牌"),
             "t": ("一个月", "两个星期", "第二天", "三天", "半年")}

    def fill(template: str) -> str:
        return template.format(**{k: pick(rng, v) for k, v in slots.items()})

    theme_p = {"交期": 0.55, "价格": 0.5, "技术支持": 0.4, "产品质量": 0.35, "数字化": 0.3, "竞品": 0.3,
               "售后响应": 0.35}
    openers = ("客户表示：", "受访者提到，", "", "", "交流中对方说，", "对方开门见山：")
    role_level = {"采购经理": "管理层", "设备主管": "管理层", "技术工程师": "执行层", "生产厂长": "管理层",
                  "总经理": "决策层"}
    key_ids = [c["customer_id"] for c in customers
               if c["account_type"] == "重点客户" and c["customer_id"] in active_2024_25]
    other_ids = [c["customer_id"] for c in customers
                 if c["account_type"] == "一般客户" and c["customer_id"] in active_2024_25]
    chosen = sorted(rng.choice(key_ids, size=30, replace=False).tolist()
                    + rng.choice(other_ids, size=22, replace=False).tolist())
    interviews: list[list[Any]] = []
    for cid in chosen:
        role = pick(rng, ("采购经理", "设备主管", "技术工程师", "生产厂长", "总经理"), (0.3, 0.22, 0.2, 0.16, 0.12))
        names = list(themes)
        hit = [t for t in names if rng.random() < theme_p[t]]
        if len(hit) < 2:
            hit = sorted(set(hit) | set(rng.choice(names, size=2, replace=False).tolist()), key=names.index)
        hit = hit[:4]
        order = rng.permutation(len(hit))
        sentences = [fill(pick(rng, themes[hit[int(k)]])) for k in order]
        note = pick(rng, openers) + "".join(sentences)
        interviews.append([None, cid, _rand_date(rng, dt.date(2025, 4, 7), dt.date(2025, 6, 27)), role,
                           role_level[role], note])
    interviews.sort(key=lambda r: (r[2], r[1]))
    for k, row in enumerate(interviews):
        row[0] = f"I{k + 1:03d}"

    # ---- contacts (decision chain of key accounts) ------------------------------------
    rng = rng_for(6)
    positions = (
        ("总经理", "决策层", "决策者", "总"), ("副总经理", "决策层", "决策者", "总"),
        ("采购经理", "管理层", "采购者", "经理"), ("设备部经理", "管理层", "影响者", "经理"),
        ("技术总监", "管理层", "把关者", "总监"), ("生产厂长", "管理层", "影响者", "厂长"),
        ("质量经理", "管理层", "把关者", "经理"), ("采购专员", "执行层", "采购者", ""),
        ("设备工程师", "执行层", "使用者", "工"), ("电气工程师", "执行层", "使用者", "工"),
        ("维修班长", "执行层", "使用者", "班长"),
    )
    contacts: list[Row] = []
    key_accounts = [c for c in customers if c["account_type"] == "重点客户"]
    for c in key_accounts:
        n = int(rng.integers(3, 7))
        must = [0, 2]  # every chain has a 总经理 and a 采购经理
        rest = [k for k in range(len(positions)) if k not in must]
        chosen_pos = must + sorted(rng.choice(rest, size=n - 2, replace=False).tolist())
        used_surnames: set[str] = set()
        for k in chosen_pos:
            title, level, role, suffix = positions[k]
            surname = pick(rng, SURNAMES)
            while surname in used_surnames:
                surname = pick(rng, SURNAMES)
            used_surnames.add(surname)
            name = surname + suffix if suffix else surname + pick(rng, GIVEN)
            influence = int(np.clip({"决策层": 5, "管理层": 3.6, "执行层": 2}[level] + rng.normal(0, 0.7), 1, 5))
            relationship = int(np.clip(round({"决策层": 2.4, "管理层": 3.0, "执行层": 3.6}[level] + rng.normal(0, 1.0)),
                                       1, 5))
            att_p = {1: (0.45, 0.45, 0.10), 2: (0.25, 0.55, 0.20), 3: (0.10, 0.50, 0.40),
                     4: (0.05, 0.30, 0.65), 5: (0.02, 0.18, 0.80)}[relationship]
            attitude = pick(rng, ("反对", "中立", "支持"), att_p)
            rep = c["sales_rep_id"]
            if level == "决策层" and rng.random() < 0.5:
                rep = next(r["rep_id"] for r in reps if r["region"] == c["region"] and r["level"] == "销售经理")
            stale = int(rng.exponential(25 + 35 * (5 - relationship)))
            last = B2B_END - dt.timedelta(days=min(stale, 330))
            contacts.append([None, c["customer_id"], name, title, level, role, influence, attitude,
                             relationship, rep, last])
    for k, row in enumerate(contacts):
        row[0] = f"K{k + 1:04d}"

    # ---- pipeline (opportunities created 2024-2025) -------------------------------------
    rng = rng_for(7)
    advance = (0.72, 0.74, 0.68, 0.58, 0.96, 0.93)  # probability of reaching the next stage
    gap_days = (12, 18, 21, 20, 35, 45)              # mean days to reach the next stage
    lost_by_stage = {
        0: (0.05, 0.05, 0.30, 0.10, 0.35, 0.15), 1: (0.15, 0.10, 0.35, 0.15, 0.15, 0.10),
        2: (0.40, 0.15, 0.10, 0.20, 0.10, 0.05), 3: (0.45, 0.10, 0.05, 0.25, 0.10, 0.05),
    }
    pipeline: list[list[Any]] = []
    pool = [c for c in customers if c["end"] >= dt.date(2024, 1, 1)]
    weights = [0.6 + (1.2 if c["account_type"] == "一般客户" else 0.8) * c["rank"] for c in pool]
    for _ in range(960):
        c = pick(rng, pool, weights)
        created = _rand_date(rng, dt.date(2024, 1, 2), dt.date(2025, 12, 20))
        line = pick(rng, PRODUCT_LINES, LINE_MIX[INDUSTRIES.index(c["industry"])])
        amount = float(round(c["spend"] * 10000 * rng.lognormal(-1.0, 0.7) / 1000) * 1000)
        amount = max(amount, 5000.0)
        dates: list[dt.date | None] = [None] * 6
        stage, status, reason = 0, "进行中", ""
        day = created
        for k in range(6):
            step = dt.timedelta(days=max(2, int(rng.gamma(2.0, gap_days[k] / 2))))
            if day + step > B2B_END:
                break  # still open at the end of the data
            if rng.random() >= advance[k]:
                if k < 4:
                    status, reason = "丢单", pick(rng, LOST_REASONS, lost_by_stage[k])
                break
            day = day + step
            dates[k] = day
            stage = k + 1
        if stage >= 4:
            status = "赢单"
        pipeline.append([None, c["customer_id"], line, created, STAGES[stage], status, amount, reason, *dates])
    pipeline.sort(key=lambda r: (r[3], r[1], r[2]))
    for k, row in enumerate(pipeline):
        row[0] = f"OP{k + 1:04d}"

    return {"survey": survey, "interviews": interviews, "contacts": contacts, "pipeline": pipeline}


# --------------------------------------------------------------------------------------
# B2C: 山禾生活会员店 (fictional)
# --------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------
# driver
# --------------------------------------------------------------------------------------


def build_all() -> dict[str, bytes]:
    """Every output file name -> its bytes (the CSV files and README.md)."""
    tables = {**build_b2b(), **build_b2c()}
    missing = set(SCHEMA) ^ set(tables)
    assert not missing, f"tables not generated or not in the schema: {sorted(missing)}"
    files: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    for name, table in SCHEMA.items():
        files[f"{name}.csv"] = table_bytes(table, tables[name])
        counts[name] = len(tables[name])
    files["README.md"] = render_readme(counts).encode("utf-8")
    return files


def write_all(out_dir: Path) -> list[Path]:
    """Generate everything into ``out_dir`` (created if needed) and return the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fname, data in build_all().items():
        path = out_dir / fname
        path.write_bytes(data)
        written.append(path)
    return written


def check(data_dir: Path = DATA_DIR) -> list[str]:
    """Regenerate into a temporary folder; return the names of files that differ from ``data_dir``."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        write_all(fresh)
        diff = []
        for path in sorted(fresh.iterdir()):
            committed = data_dir / path.name
            if not committed.exists() or committed.read_bytes() != path.read_bytes():
                diff.append(path.name)
    return diff


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the fictional case data (虚构案例数据).")
    parser.add_argument("--check", action="store_true",
                        help="regenerate into a temporary folder and compare with data/ byte for byte")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder (default: data/)")
    args = parser.parse_args(argv)
    if args.check:
        diff = check(args.out)
        if diff:
            print("与重新生成的结果不一致 / differ from a fresh generation: " + ", ".join(diff))
            return 1
        print("案例数据与生成脚本一致 / case data are up to date")
        return 0
    written = write_all(args.out)
    total = sum(p.stat().st_size for p in written if p.suffix == ".csv")
    print(f"wrote {len(written)} files to {args.out} ({total / 1e6:.2f} MB of CSV)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
