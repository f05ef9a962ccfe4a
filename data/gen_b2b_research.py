"""青岚工控 (fictional B2B): the survey and the interviews (lecture 1), and the key-account tables (lectures 3-4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from gen_accounts import (
    build_account_plan,
    build_contacts,
    build_leaders,
    check_contacts,
    contacts_rows,
    featured_account,
)
from gen_b2b import CITIES, INDUSTRY_WORD, NAME_HEAD, NAME_TAIL, sales_by_year
from gen_checks import add_months, check_existing_customers
from gen_common import B2B_END, Row, _rand_date, pick, rng_for
from gen_growth import check_dark_horses, check_programme
from gen_interviews import build_interviews
from gen_leads import build_leads
from gen_pipeline import build_pipeline, check_pipeline, pipeline_rows
from gen_team import build_team, check_team
from gen_visits import build_visits, check_collections, check_routines, check_visits, finish_visits, visit_windows

COMMENTS = {
    "q_quality": ("设备运行稳定，质量放心。", "个别批次有不良，希望加强出厂检验。", "质量总体不错，但返修周期偏长。"),
    "q_delivery": ("交期能不能再短一点，旺季经常等货。", "最近几次到货都延迟了。", "交货准时，这点很满意。"),
    "q_tech_support": ("工程师上门调试很及时。", "技术支持响应慢，电话经常没人接。", "希望多组织一些现场培训。"),
    "q_price": ("价格比别家贵，希望有更灵活的折扣。", "报价透明，性价比可以。", "希望账期能放宽一些。"),
    "q_sales_staff": ("销售经理很专业，沟通顺畅。", "换了销售之后对接不太顺。", "希望销售多来现场看看。"),
    "q_digital": ("希望有远程运维平台，能在线看设备状态。", "线上下单系统不好用。", "远程诊断功能很实用。"),
}


#: The sample frames: each list is drawn on a day before the field work and holds only existing
#: customers who ordered in the 12 months before every contact day (active by the course's rule):
#: an order in [last contact day - 12 months, frame day). Survey: invitations 3-21 March 2025;
#: interviews: 7 April - 27 June 2025.
SURVEY_FRAME = (dt.date(2025, 3, 1), dt.date(2025, 3, 21))
INTERVIEW_FRAME = (dt.date(2025, 4, 1), dt.date(2025, 6, 27))


def existing_active(customers: list[dict[str, Any]], order_rows: list[dict[str, Any]],
                    frame: tuple[dt.date, dt.date]) -> list[str]:
    """Customers with an order in ``[frame[1] - 12 months, frame[0])``: existing and active on every contact day."""
    day, last_contact = frame
    start = add_months(last_contact, -12)
    first = first_orders(customers, order_rows)
    ids = {o["customer_id"] for o in order_rows if start <= o["date"] < day}
    return sorted(cid for cid in ids if first[cid] < day)


def first_orders(customers: list[dict[str, Any]], order_rows: list[dict[str, Any]]) -> dict[str, dt.date]:
    """Each customer's first order: the earlier of the customer file's date and its first order row."""
    first = {c["customer_id"]: c["first_order_date"] for c in customers}
    for o in order_rows:
        if o["date"] < first[o["customer_id"]]:
            first[o["customer_id"]] = o["date"]
    return first


def build_survey_interviews(customers: list[dict[str, Any]], order_rows: list[dict[str, Any]]) -> dict[str, list[Row]]:
    rng = rng_for(3)
    frame = existing_active(customers, order_rows, SURVEY_FRAME)
    by_id = {c["customer_id"]: c for c in customers}

    # ---- survey (2025) ----------------------------------------------------------------
    item_mean = {"q_quality": 4.0, "q_delivery": 3.2, "q_tech_support": 3.7, "q_price": 3.0,
                 "q_sales_staff": 3.9, "q_digital": 2.9}
    item_missing = {"q_quality": 0.03, "q_delivery": 0.05, "q_tech_support": 0.08, "q_price": 0.06,
                    "q_sales_staff": 0.04, "q_digital": 0.18}
    survey: list[Row] = []
    for cid in frame:
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

    interviews = build_interviews(customers, existing_active(customers, order_rows, INTERVIEW_FRAME))
    first = first_orders(customers, order_rows)
    check_existing_customers([(r[1], r[3]) for r in survey], first, order_rows, "survey invitation")
    check_existing_customers([(r[1], r[2]) for r in interviews], first, order_rows, "interview")
    return {"survey": survey, "interviews": interviews}


def build_b2b_research(w: Any) -> dict[str, list[Row]]:
    """Survey and interviews, then leaders, contacts, pipeline, visits and the featured account's plan."""
    tables = build_survey_interviews(w.customers, w.order_rows)
    customers, reps = w.customers, w.reps
    sales = sales_by_year(w.order_rows)
    featured = featured_account(customers, reps, sales)
    contacts, no_chain = build_contacts(customers, reps, featured["customer_id"], sales)
    with_chain = {x["customer_id"] for x in contacts}

    def headroom(c: dict[str, Any]) -> float:
        return c["potential"] - sales[c["customer_id"]][2025] / 1e6

    active = [c for c in customers if c["end"] >= B2B_END and sales[c["customer_id"]][2025] > 0]
    second = max((c for c in active if c["account_type"] == "重点客户" and c["customer_id"] in with_chain
                  and c["customer_id"] != featured["customer_id"]), key=lambda c: (headroom(c), c["customer_id"]))
    taken = {featured["customer_id"], second["customer_id"]}
    recv = (max((c for c in active if c["region"] == "华北" and c["account_type"] == "重点客户"
                 and c["customer_id"] not in taken), key=lambda c: sales[c["customer_id"]][2025]),
            max((c for c in active if c["region"] == "东北" and c["account_type"] == "一般客户"),
                key=lambda c: sales[c["customer_id"]][2025]))
    deals = build_pipeline(customers, reps, w.extra["affinity"], w.extra["programme_lines"], featured, second, recv)
    w.extra["pipeline_summary"] = check_pipeline(deals, customers)
    raw = build_visits(customers, reps, contacts, deals, w.order_rows, featured, no_chain, recv)
    windows = visit_windows(customers, w.order_rows)
    check_visits(raw, customers, reps, contacts, deals, windows, featured["customer_id"])
    check_collections(raw, recv)
    visits = finish_visits(raw, contacts)
    w.extra["contacts_summary"] = check_contacts(contacts, reps, customers, featured["customer_id"], no_chain)
    share = sales[featured["customer_id"]][2025] / 1e6 / featured["potential"]
    plan = build_account_plan(featured, contacts, share)
    check_plan_visits(plan, raw)
    w.extra["routines"] = check_routines(raw, customers, w.order_rows, deals)
    w.extra["programme"] = check_programme(customers, w.order_rows, raw)
    w.extra["dark_horses"] = check_dark_horses(customers, w.order_rows)
    reps_rows, perf = build_team(reps, customers, w.order_rows, deals, w.rng)
    w.extra["team"] = check_team(reps_rows, perf, reps, customers)
    leads, spend = build_leads(customers, reps, w.order_rows, featured, (CITIES, NAME_HEAD, NAME_TAIL, INDUSTRY_WORD))
    w.extra.update(featured=featured, deals=deals, contacts=contacts, visits=raw, second=second, recv=recv)
    tables.update({"leaders": build_leaders(reps), "contacts": contacts_rows(contacts),
                   "pipeline": pipeline_rows(deals),
                   "visits": visits, "account_plan": plan, "leads": leads, "marketing_spend": spend,
                   "sales_reps": reps_rows, "rep_performance": perf})
    return tables


def check_plan_visits(plan: list[Row], visits: list[dict[str, Any]]) -> None:
    """Every completed non-review action has a visit on its actual date by its owner to its target."""
    seen = {(v["date"], v["visitor"], v["contact_id"]) for v in visits}
    for row in plan:
        item, target, owner, actual, review = row[0], row[6], row[7], row[9], row[11]
        if actual is not None and not review:
            assert (actual, owner, target) in seen, f"account plan: completed action {item} has its visit"
