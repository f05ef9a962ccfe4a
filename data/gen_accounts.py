"""青岚工控 (fictional B2B): key-account tables of lectures 3-4 — leaders, decision chains, the action plan.

The **featured account** (示范客户) of lecture 3 is chosen by the rule of ``L03_design.md`` § 2.3:
among accounts labelled 重点客户 whose rep is a 销售代表 and whose 2025 sales are below 2024, the
one with the largest headroom (采购潜力 − 2025 年销售额). The generator makes sure a good story
exists: the biggest declining such account gets a large headroom (its 2025 wallet share is set to
~13 %), and the rule must then pick it (asserted). Its decision chain and action plan are
hand-written below.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
from gen_common import GIVEN, SURNAMES, Row, _person, pick, rng_for

D = dt.date

#: random streams of this module
LEADER_STREAM, CONTACT_EXTRA_STREAM = 21, 23

#: the featured account's 2025 wallet share (2025 sales / purchase potential)
FEATURED_SHARE = 0.13

#: leader_id, title, rank, function, regions
LEADERS = (
    ("L01", "总经理", "总经理", "管理", "全国"),
    ("L02", "营销副总经理", "副总", "销售", "全国"),
    ("L03", "技术副总经理", "副总", "技术", "全国"),
    ("L04", "华东大区总监", "总监", "销售", "华东、华中"),
    ("L05", "华南大区总监", "总监", "销售", "华南、西南"),
    ("L06", "华北大区总监", "总监", "销售", "华北、西北、东北"),
    ("L07", "技术服务经理（华东）", "经理", "技术", "华东、华中"),
    ("L08", "技术服务经理（华南）", "经理", "技术", "华南、西南"),
    ("L09", "技术服务经理（华北）", "经理", "技术", "华北、西北、东北"),
)

#: our ranks, low to high (lecture 3): reps map 销售经理 -> 经理
OUR_RANKS = ("销售代表", "高级销售", "经理", "总监", "副总", "总经理")
REP_RANK = {"销售代表": "销售代表", "高级销售": "高级销售", "销售经理": "经理"}
LEVEL_ORDER = {"执行层": 0, "管理层": 1, "决策层": 2}
STANDARD = {"决策层": "总监", "管理层": "经理", "执行层": "销售代表"}


def region_leaders(region: str) -> tuple[str, str]:
    """(大区总监, 技术服务经理) leader ids responsible for a region."""
    for k, lid in enumerate(("L04", "L05", "L06")):
        if region in LEADERS[3 + k][4]:
            return lid, ("L07", "L08", "L09")[k]
    raise KeyError(region)


def build_leaders(reps: list[dict[str, Any]]) -> list[Row]:
    rng = rng_for(LEADER_STREAM)
    used = {r["rep_name"] for r in reps}
    return [(lid, _person(rng, used), title, rank, func, regions) for lid, title, rank, func, regions in LEADERS]


def person_rank(people: dict[str, str], pid: str | None) -> int:
    return -1 if not pid else OUR_RANKS.index(people[pid])


# ---- the featured account ------------------------------------------------------------------------

def featured_candidates(customers: list[dict[str, Any]], reps: list[dict[str, Any]],
                        sales: dict[str, dict[int, int]]) -> list[dict[str, Any]]:
    level = {r["rep_id"]: r["level"] for r in reps}
    return [c for c in customers
            if c["account_type"] == "重点客户" and level[c["sales_rep_id"]] == "销售代表"
            and sales[c["customer_id"]][2025] < sales[c["customer_id"]][2024]]


def plant_featured_headroom(customers: list[dict[str, Any]], reps: list[dict[str, Any]],
                            sales: dict[str, dict[int, int]]) -> None:
    """Give the biggest declining long-standing key account of a 销售代表 a wallet share of ~13 %."""
    cands = [c for c in featured_candidates(customers, reps, sales)
             if c["first_order_date"] < D(2023, 1, 1) and sales[c["customer_id"]][2025] > 0]
    c = max(cands, key=lambda x: (sales[x["customer_id"]][2025], x["customer_id"]))
    s25 = sales[c["customer_id"]][2025] / 1e6
    c["potential"] = max(c["potential"], math.ceil(s25 / FEATURED_SHARE))
    c["featured_planted"] = True


def featured_account(customers: list[dict[str, Any]], reps: list[dict[str, Any]],
                     sales: dict[str, dict[int, int]]) -> dict[str, Any]:
    """The rule of L03 § 2.3, asserted to pick the planted account and to rank top 5 by headroom."""
    def headroom(x: dict[str, Any]) -> float:
        return x["potential"] - sales[x["customer_id"]][2025] / 1e6

    cands = featured_candidates(customers, reps, sales)
    best = max(cands, key=lambda x: (headroom(x), x["customer_id"]))
    assert best.get("featured_planted"), f"featured account: the rule picks {best['customer_id']}, not the planted one"
    keys = sorted((x for x in customers if x["account_type"] == "重点客户"), key=lambda x: -headroom(x))
    rank = [x["customer_id"] for x in keys].index(best["customer_id"]) + 1
    assert rank <= 5, f"featured account ranks top 5 of key accounts by headroom: rank {rank}"
    assert sales[best["customer_id"]][2025] < sales[best["customer_id"]][2024], "featured account: 2025 < 2024"
    return best


# ---- decision chains (contacts) --------------------------------------------------------------------

POSITIONS = (
    ("总经理", "决策层", "决策者", "总"), ("副总经理", "决策层", "决策者", "总"),
    ("采购经理", "管理层", "采购者", "经理"), ("设备部经理", "管理层", "影响者", "经理"),
    ("技术总监", "管理层", "把关者", "总监"), ("生产厂长", "管理层", "影响者", "厂长"),
    ("质量经理", "管理层", "把关者", "经理"), ("采购专员", "执行层", "采购者", ""),
    ("设备工程师", "执行层", "使用者", "工"), ("电气工程师", "执行层", "使用者", "工"),
    ("维修班长", "执行层", "使用者", "班长"),
)

#: the featured chain: title, influence, attitude, relationship, owner ("rep" or None), sponsor, reports_to
FEATURED_CHAIN = (
    ("总经理", 5, "中立", 2, "rep", None, None),
    ("副总经理", 4, "支持", 3, "rep", "director", "总经理"),
    ("技术总监", 4, "反对", 2, "rep", None, "总经理"),
    ("生产厂长", 3, "中立", 3, "rep", None, "副总经理"),
    ("采购经理", 3, "支持", 4, "rep", None, "副总经理"),
    ("设备部经理", 3, "支持", 4, "rep", None, "技术总监"),
    ("电气工程师", 2, "支持", 5, "rep", None, "设备部经理"),
    ("采购专员", 1, "反对", 2, None, None, "采购经理"),
)


def _boss(title: str, titles: list[str], rng: np.random.Generator) -> str | None:
    pos = {p[0]: p for p in POSITIONS}[title]
    if title == "总经理":
        return None
    if title == "副总经理":
        return "总经理"
    if title == "采购专员":
        return "采购经理" if "采购经理" in titles else "总经理"
    if pos[1] == "管理层":
        return "副总经理" if "副总经理" in titles and rng.random() < 0.5 else "总经理"
    for boss in ("设备部经理", "生产厂长", "技术总监"):
        if boss in titles:
            return boss
    return "总经理"


def build_contacts(customers: list[dict[str, Any]], reps: list[dict[str, Any]], featured_id: str,
                   sales: dict[str, dict[int, int]]) -> tuple[list[dict[str, Any]], list[str]]:
    """Decision chains of the key accounts; returns the contacts (dicts) and the key accounts left without."""
    rng = rng_for(6)
    extra = rng_for(CONTACT_EXTRA_STREAM)
    keys = [c for c in customers if c["account_type"] == "重点客户"]
    new_2025 = [c["customer_id"] for c in keys if c["first_order_date"] >= D(2025, 1, 1)]
    no_chain = sorted(extra.choice(new_2025, size=3, replace=False).tolist())
    value = {c["customer_id"]: sales[c["customer_id"]][2025] / 1e6 + c["potential"] for c in keys}
    cut = sorted(value.values())[int(len(keys) * 0.8)]  # top quintile by 2025 sales + potential
    contacts: list[dict[str, Any]] = []
    for c in keys:
        cid = c["customer_id"]
        director, tech = region_leaders(c["region"])
        manager = next(r["rep_id"] for r in reps if r["region"] == c["region"] and r["level"] == "销售经理")
        n = int(rng.integers(3, 7))
        must = [0, 2]  # every chain has a 总经理 and a 采购经理
        rest = [k for k in range(len(POSITIONS)) if k not in must]
        chosen_pos = must + sorted(rng.choice(rest, size=n - 2, replace=False).tolist())
        used_surnames: set[str] = set()
        chain = []
        for k in chosen_pos:
            title, level, role, suffix = POSITIONS[k]
            surname = pick(rng, SURNAMES)
            while surname in used_surnames:
                surname = pick(rng, SURNAMES)
            used_surnames.add(surname)
            name = surname + suffix if suffix else surname + pick(rng, GIVEN)
            influence = int(np.clip({"决策层": 5, "管理层": 3.6, "执行层": 2}[level] + rng.normal(0, 0.7), 1, 5))
            relationship = int(np.clip(round({"决策层": 2.4, "管理层": 3.0, "执行层": 3.6}[level]
                                             + rng.normal(0, 1.0)), 1, 5))
            att_p = {1: (0.45, 0.45, 0.10), 2: (0.25, 0.55, 0.20), 3: (0.10, 0.50, 0.40),
                     4: (0.05, 0.30, 0.65), 5: (0.02, 0.18, 0.80)}[relationship]
            attitude = pick(rng, ("反对", "中立", "支持"), att_p)
            owner = c["sales_rep_id"]
            if level == "决策层" and rng.random() < 0.5:
                owner = manager
            rng.exponential(1.0)  # (was the last-contact draw; kept so the stream stays aligned)
            chain.append({"customer_id": cid, "contact_name": name, "title": title, "level": level,
                          "decision_role": role, "influence": influence, "attitude": attitude,
                          "relationship": relationship, "owner": owner, "sponsor": None})
        if cid in no_chain:
            continue
        if cid == featured_id:
            chain = _featured_chain(c, extra, director)
        else:
            titles = [x["title"] for x in chain]
            for x in chain:
                x["boss_title"] = _boss(x["title"], titles, extra)
                if x["level"] == "决策层":
                    if extra.random() < (0.60 if value[cid] >= cut else 0.20):
                        x["sponsor"] = pick(extra, (director, "L02", "L01"), (0.6, 0.3, 0.1))
                elif x["title"] in ("技术总监", "质量经理"):
                    u = extra.random()
                    x["sponsor"] = tech if u < 0.35 else ("L03" if u < 0.40 else None)
        contacts += chain
    # exactly 9 newly identified people without an owner (not key persons, 9 different accounts)
    eligible = [k for k, x in enumerate(contacts)
                if x["customer_id"] != featured_id and x["level"] in ("执行层", "管理层")
                and x["influence"] < 4 and x["decision_role"] != "决策者" and not x["sponsor"]]
    picked: list[int] = []
    seen: set[str] = set()
    for k in extra.permutation(len(eligible)):
        x = contacts[eligible[int(k)]]
        if x["customer_id"] not in seen:
            picked.append(eligible[int(k)])
            seen.add(x["customer_id"])
        if len(picked) == 9:
            break
    for k in picked:
        contacts[k]["owner"] = None
    for k, x in enumerate(contacts):
        x["contact_id"] = f"K{k + 1:04d}"
    by_title: dict[tuple[str, str], str] = {(x["customer_id"], x["title"]): x["contact_id"] for x in contacts}
    for x in contacts:
        boss = x.pop("boss_title", None)
        x["reports_to"] = by_title[(x["customer_id"], boss)] if boss else None
    return contacts, no_chain


def _featured_chain(c: dict[str, Any], rng: np.random.Generator, director: str) -> list[dict[str, Any]]:
    pos = {p[0]: p for p in POSITIONS}
    out, used = [], set()
    for title, infl, att, rel, owner, sponsor, boss in FEATURED_CHAIN:
        _, level, role, suffix = pos[title]
        surname = pick(rng, SURNAMES)
        while surname in used:
            surname = pick(rng, SURNAMES)
        used.add(surname)
        out.append({"customer_id": c["customer_id"], "contact_name": surname + suffix if suffix else
                    surname + pick(rng, GIVEN), "title": title, "level": level, "decision_role": role,
                    "influence": infl, "attitude": att, "relationship": rel,
                    "owner": c["sales_rep_id"] if owner else None, "sponsor": director if sponsor else None,
                    "boss_title": boss})
    return out


def contacts_rows(contacts: list[dict[str, Any]]) -> list[Row]:
    return [(x["contact_id"], x["customer_id"], x["contact_name"], x["title"], x["level"], x["decision_role"],
             x["influence"], x["attitude"], x["relationship"], x["owner"], x["sponsor"], x["reports_to"],
             x.get("last_contact")) for x in contacts]


def our_people(reps: list[dict[str, Any]]) -> dict[str, str]:
    """person id -> rank in OUR_RANKS (sales reps and leaders)."""
    people = {r["rep_id"]: REP_RANK[r["level"]] for r in reps}
    people.update({lid: rank for lid, _, rank, _, _ in LEADERS})
    return people


def coverage_rank(x: dict[str, Any], people: dict[str, str]) -> int:
    """Index in OUR_RANKS of the higher of owner and sponsor (-1 = 无人对接)."""
    return max(person_rank(people, x["owner"]), person_rank(people, x["sponsor"]))


def chain_gaps(x: dict[str, Any], people: dict[str, str], as_of: dt.date) -> tuple[list[str], int]:
    """Lecture 3's gap rules for one contact: (gap names, severity)."""
    key = x["influence"] >= 4 or x["decision_role"] == "决策者"
    rank = coverage_rank(x, people)
    gaps = []
    if key and x["attitude"] == "反对":
        gaps.append(("关键人反对", 3))
    if key and x["relationship"] <= 2:
        gaps.append(("关键人关系弱", 2))
    if rank < 0:
        gaps.append(("无人对接", 3))
    elif rank < OUR_RANKS.index(STANDARD[x["level"]]):
        gaps.append(("对接层级不足", 2))
    last = x.get("last_contact")
    days = None if last is None else (as_of - last).days
    if days is None or days > (90 if key else 180):
        gaps.append(("久未联系", 1))
    if not key and x["attitude"] == "反对":
        gaps.append(("反对者（影响力较低）", 1))
    return [g for g, _ in gaps], sum(s for _, s in gaps)


def check_contacts(contacts: list[dict[str, Any]], reps: list[dict[str, Any]], customers: list[dict[str, Any]],
                   featured_id: str, no_chain: list[str]) -> dict[str, float]:
    """The decision-chain patterns of L03 § 5.3 (after the last-contact dates are set from the visits)."""
    people = our_people(reps)
    as_of = D(2025, 12, 31)
    by_id = {x["contact_id"]: x for x in contacts}
    # 1. the featured chain, its holes and priorities
    feat = [x for x in contacts if x["customer_id"] == featured_id]
    assert [x["title"] for x in feat] == [t[0] for t in FEATURED_CHAIN], "featured chain: titles"
    holes: dict[tuple[int, str], int] = {}
    for x in feat:
        rank = coverage_rank(x, people)
        if rank < OUR_RANKS.index(STANDARD[x["level"]]):
            holes[(rank, x["level"])] = holes.get((rank, x["level"]), 0) + 1
    assert (len(holes), sum(holes.values())) == (3, 6), f"featured coverage holes 3 cells / 6 contacts: {holes}"
    gapped = []
    for x in feat:
        gaps, severity = chain_gaps(x, people, as_of)
        if gaps:
            gapped.append((-x["influence"], -severity, x["relationship"], x["contact_id"], x["title"]))
    order = [g[4] for g in sorted(gapped)]
    assert order[:2] == ["总经理", "技术总监"], f"featured gap priority 1 总经理, 2 技术总监: {order}"
    # 2. coverage across all chains
    top = [x for x in contacts if x["level"] == "决策层"]
    mid = [x for x in contacts if x["level"] == "管理层"]
    top_ok = sum(coverage_rank(x, people) >= OUR_RANKS.index("总监") for x in top) / len(top)
    mid_ok = sum(coverage_rank(x, people) >= OUR_RANKS.index("经理") for x in mid) / len(mid)
    accounts_top: dict[str, bool] = {}
    for x in top:
        ok = coverage_rank(x, people) >= OUR_RANKS.index("总监")
        accounts_top[x["customer_id"]] = accounts_top.get(x["customer_id"], False) or ok
    all_below = sum(not ok for ok in accounts_top.values())
    assert 0.25 <= top_ok <= 0.40, f"决策层 contacts meeting the 总监 standard 25-40%: {top_ok:.3f}"
    assert all_below >= 40, f"accounts whose every 决策层 contact is below standard >= 40: {all_below}"
    assert 0.40 <= mid_ok <= 0.75, f"管理层 contacts meeting the 经理 standard 40-75%: {mid_ok:.3f}"
    # 3. exactly 10 without owner and sponsor; exactly 3 key accounts without contacts
    nobody = [x for x in contacts if not x["owner"] and not x["sponsor"]]
    assert len(nobody) == 10, f"exactly 10 contacts without owner and sponsor: {len(nobody)}"
    keys = {c["customer_id"] for c in customers if c["account_type"] == "重点客户"}
    first = {c["customer_id"]: c["first_order_date"] for c in customers}
    missing = sorted(keys - {x["customer_id"] for x in contacts})
    assert missing == no_chain and len(missing) == 3, f"exactly 3 key accounts without contacts: {missing}"
    assert all(first[m] >= D(2025, 1, 1) for m in missing), "key accounts without contacts first ordered in 2025"
    # 4. reports_to: same customer, boss level >= own level, acyclic
    for x in contacts:
        seen = {x["contact_id"]}
        boss = x["reports_to"]
        while boss:
            b = by_id[boss]
            assert b["customer_id"] == x["customer_id"], f"reports_to same customer: {x['contact_id']}"
            assert boss not in seen, f"reports_to acyclic: {x['contact_id']}"
            seen.add(boss)
            boss = b["reports_to"]
        if x["reports_to"]:
            assert LEVEL_ORDER[by_id[x["reports_to"]]["level"]] >= LEVEL_ORDER[x["level"]], \
                f"reports_to boss level >= subordinate level: {x['contact_id']}"
    for x in contacts:
        assert x["owner"] is None or x["owner"] in people, x
        assert x["sponsor"] is None or x["sponsor"].startswith("L"), x
    return {"决策层达标率": top_ok, "管理层达标率": mid_ok, "决策层全部低于标准的客户": all_below}


# ---- the featured account's action plan (L03 § 5.4) ------------------------------------------------

PLAN = (
    # item, goal, action, target title, owner key, planned, actual, status, is_review, note
    ("P01", "G3", "拜访副总经理，介绍客户总负责人的新安排", "副总经理", "director", D(2025, 7, 8), D(2025, 7, 10),
     "已完成", 0, ""),
    ("P02", "G3", "为工程师举办现场技术交流会", "电气工程师", "rep", D(2025, 7, 22), D(2025, 7, 22), "已完成", 0, ""),
    ("P03", "G2", "为技术总监做 2 号产线改造方案的技术澄清", "技术总监", "tech", D(2025, 8, 15), D(2025, 9, 12),
     "已完成", 0, "技术总监出差，推迟约四周"),
    ("P04", "G2", "邀请技术总监参观本公司工厂和标杆客户", "技术总监", "L03", D(2025, 9, 10), None, "进行中", 0,
     "对方尚未确认时间"),
    ("P05", "G3", "营销副总拜访对方总经理（高层对接）", "总经理", "L02", D(2025, 9, 30), None, "未开始", 0, ""),
    ("P06", "G2", "提交改造方案与报价", "采购经理", "rep", D(2025, 10, 15), D(2025, 10, 14), "已完成", 0, ""),
    ("P07", None, "第三季度复盘", None, "director", D(2025, 10, 31), D(2025, 11, 5), "已完成", 1, ""),
    ("P08", "G3", "邀请设备部经理参加用户培训班", "设备部经理", "rep", D(2025, 11, 15), D(2025, 11, 20), "已完成", 0,
     ""),
    ("P09", "G2", "与采购经理、副总经理进行商务谈判", "采购经理", "director", D(2025, 11, 30), D(2025, 12, 12),
     "已完成", 0, "对方要求再降价，未谈拢"),
    ("P10", "G2", "远程运维订阅服务试用上线", "设备部经理", "tech", D(2025, 12, 10), None, "进行中", 0,
     "试用环境调试中"),
    ("P11", "G3", "邀请参加年度客户答谢会", "总经理", "rep", D(2025, 12, 18), None, "已取消", 0, "客户方时间冲突"),
    ("P12", None, "年度复盘", None, "director", D(2025, 12, 30), D(2025, 12, 30), "已完成", 1, ""),
    ("P13", "G1", "年度战略合作会谈", "总经理", "L02", D(2026, 1, 15), None, "未开始", 0, ""),
    ("P14", "G2", "签订 2 号产线改造合同", "副总经理", "director", D(2026, 3, 31), None, "未开始", 0, ""),
)

GOALS = {
    "G1": ("战略", "到 2027 年底，成为该客户伺服驱动与变频器的首选供应商，钱包份额由 {s} 提升到 30%"),
    "G2": ("战役", "2026 年 3 月 31 日前签下 2 号产线变频与伺服改造项目（预计 380 万元）"),
    "G3": ("战役", "2025 年 12 月 31 日前，与对方总经理建立每季度 1 次的高层会晤（由营销副总完成首次会晤）"),
}


def plan_owner(key: str, c: dict[str, Any]) -> str:
    director, tech = region_leaders(c["region"])
    return {"director": director, "tech": tech, "rep": c["sales_rep_id"]}.get(key, key)


def build_account_plan(c: dict[str, Any], contacts: list[dict[str, Any]], share_2025: float) -> list[Row]:
    by_title = {x["title"]: x["contact_id"] for x in contacts if x["customer_id"] == c["customer_id"]}
    share = f"{round(share_2025 * 100):d}%"
    rows: list[Row] = []
    for item, goal, action, target, owner, planned, actual, status, review, note in PLAN:
        level, text = GOALS[goal] if goal else (None, "")
        rows.append((item, c["customer_id"], goal, level, text.format(s=share), action,
                     by_title[target] if target else None, plan_owner(owner, c), planned, actual, status, review,
                     note))
        assert D(2025, 7, 1) <= planned <= D(2026, 3, 31), f"account plan: planned date window ({item})"
        assert (actual is not None) == (status == "已完成"), f"account plan: status/actual consistent ({item})"
        assert actual is None or actual <= D(2025, 12, 31), f"account plan: actual <= 2025-12-31 ({item})"
    return rows
