"""青岚工控 (fictional B2B): survey, interviews, decision chains (contacts) and the pipeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from gen_b2b import LINE_MIX
from gen_common import B2B_END, GIVEN, SURNAMES, Row, _rand_date, pick, rng_for

from helpers.data.schema import INDUSTRIES, LOST_REASONS, PRODUCT_LINES, STAGES

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
