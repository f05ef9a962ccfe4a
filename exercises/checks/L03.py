"""Checks for 第三讲 重点客户与立体策略 (exercises/L03_练习.ipynb).

Expected values come from the case data through the same helpers the exercise's set-up cell
calls (decision_chain, coverage_summary, plan_status), so the checks follow the data if it is
regenerated. Messages say what is wrong and in which direction, never the answer itself.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from functools import lru_cache
from typing import Any

import numpy as np

import helpers
from helpers.course.exercises import Incorrect, expect_choice, expect_number, expect_reason, question

AS_OF = "2025-12-31"
#: Question 2's options: regions of the influence × attitude grid.
REGIONS = {"A": "依靠", "B": "争取", "C": "化解", "D": "关注"}
#: Question 3's options: contacts of the featured chain, by title.
TITLES = {"A": "总经理", "B": "技术总监", "C": "采购专员", "D": "采购经理"}
#: Titles of a senior person (question 5), on the customer's side.
SENIOR_TITLES = ("总经理", "副总经理", "副总", "董事长", "总裁")
#: Our own senior people's titles (question 5): naming them does not name the customer's senior person.
OUR_TITLES = ("营销副总经理", "营销副总", "技术副总经理", "技术副总", "大区总监", "营销总监", "技术服务经理")
_OURS = re.compile(r"(我方|我们的?|我司|本公司|咱们的?)的?(" + "|".join(SENIOR_TITLES) + ")")
_THEIRS = re.compile(r"(对方|客户|该客户|这家客户|他们)的?(" + "|".join(SENIOR_TITLES) + ")")


def _number(value: Any) -> float:
    """The answer as a number, with messages in a trainee's words (no type names, no pandas terms)."""
    if isinstance(value, (list, tuple)) or (hasattr(value, "shape") and not isinstance(value, numbers.Number)):
        flat = np.asarray(value, dtype=object).reshape(-1)
        if len(flat) != 1:
            raise Incorrect("本题只要一个数，你的答案里有好几个数（或是一整列）。请只写一个数，例如 0.25。")
        value = flat[0]
    if isinstance(value, str):
        raise Incorrect(f"你的答案是文字（“{value}”），请写成数字：去掉引号。")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise Incorrect("本题需要一个数字，例如 0.25（不带引号）。")
    if math.isnan(float(value)):
        raise Incorrect("你的结果是空的（表里没有这个数）：请检查读的是不是那一行、那一列。")
    return float(value)


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    contacts, people = helpers.load_case("contacts"), helpers.our_people()
    featured = helpers.featured_account()
    plan = helpers.plan_status(helpers.load_case("account_plan"), as_of=AS_OF, people=people, contacts=contacts)
    return {"featured": featured,
            "chain": helpers.decision_chain(contacts, people, customer=featured, as_of=AS_OF),
            "coverage": helpers.coverage_summary(helpers.decision_chain(contacts, people, as_of=AS_OF)),
            "plan": plan}


def _row(title: str) -> Any:
    chain = _data()["chain"]
    return chain[chain["职务"] == title].iloc[0]


@question("L03_q1", "关系弱的关键人", variables=("第1题答案",),
          hint="先只看“是否关键人”为“是”的行，再数其中“关系强度”≤ 2 的有几位。")
def q1(第1题答案):
    chain = _data()["chain"]
    value = _number(第1题答案)
    want = int((chain["是否关键人"] & (chain["关系强度"] <= 2)).sum())
    everyone = int((chain["关系强度"] <= 2).sum())
    if value == everyone and everyone != want:
        raise Incorrect("你把不是关键人的联系人也数进来了：关键人要影响力 ≥ 4，或者决策角色是决策者。")
    if value == want - 1:
        raise Incorrect("少数了一位：每一位关键人都要看，包括态度反对的那一位。")
    expect_number(value, want, tol=0, fraction=False)


@question("L03_q2", "影响力 × 态度矩阵的区域", variables=("第2题答案",),
          hint="高影响 = 影响力 ≥ 4。高影响的人按态度分三块：支持 → 依靠，中立 → 争取，反对 → 化解。")
def q2(第2题答案):
    region = _row("技术总监")["象限"]
    correct = next(k for k, v in REGIONS.items() if v == region)
    expect_choice(第2题答案, correct, why={
        "A": "“依靠”是给支持我们的高影响人物的。先看他的态度。",
        "B": "“争取”是对中立者的打法。先看他的态度。",
        "C": "再看看他的影响力和态度各是多少。",
        "D": "“关注”是给影响力 ≤ 3 的人的。先看他的影响力：高影响 = 影响力 ≥ 4。",
    })


def _letter(value: Any) -> str:
    return unicodedata.normalize("NFKC", value).strip().upper().strip("（）()。. ") if isinstance(value, str) else ""


@question("L03_q3", "先补哪一个缺口（判断）", variables=("第3题答案", "第3题理由"),
          hint="本讲的优先级规则：先比影响力，影响力相同再比缺口的严重度，再比关系强度。也想一想：什么情况下你会改变这个顺序？")
def q3(第3题答案, 第3题理由):
    """A judgement: the rule's first gap, or the opposed gatekeeper with a reason, both pass."""
    chain = _data()["chain"]
    first = chain.loc[chain["优先级"] == 1, "职务"].iloc[0]
    # the rule's first gap, or a key person who opposes us (he blocks the deal): both are defensible
    defensible = [k for k, v in TITLES.items()
                  if v == first or (bool(_row(v)["是否关键人"]) and _row(v)["态度"] == "反对")]
    if _letter(第3题答案) not in defensible:
        why = {}
        for letter, title in TITLES.items():
            row = _row(title)
            if not row["缺口数"]:
                why[letter] = "他身上没有缺口：他支持我们、最近也联系过；管理层的对接层级对他只是参考，不计缺口。"
            elif row["影响力"] <= 2:
                why[letter] = f"他的影响力只有 {row['影响力']}：有缺口，但不是最先要补的。"
            else:
                why[letter] = f"他的影响力（{row['影响力']}）不是最高的，缺口也不是最严重的。"
        expect_choice(第3题答案, defensible[0], why={k: v for k, v in why.items() if k not in defensible})
    expect_reason(第3题理由, not_only=[f"{k} {v}" for k, v in TITLES.items()] + list(TITLES.values()))


@question("L03_q4", "决策层的对接达标率", variables=("第4题答案",),
          hint="在“覆盖汇总”表里找“决策层”那一行的“达标率”，写成小数。")
def q4(第4题答案):
    cov = _data()["coverage"]
    value = _number(第4题答案)
    top = cov.loc["决策层", "达标率"]
    for level in ("管理层", "执行层"):
        rate = cov.loc[level, "达标率"]
        if abs(value - rate) < 0.0005 and abs(rate - top) > 0.001:
            raise Incorrect(f"你读的是{level}那一行。本题问的是决策层。")
    if abs(value - cov.loc["决策层", "达标人数"]) < 0.5:
        raise Incorrect("你填的是达标的人数，本题要的是比例（0 到 1 之间的小数）。")
    expect_number(value, top, tol=0.005)


@question("L03_q5", "把目标改写成 SMART", variables=("第5题答案",),
          hint="用“谁、在什么时候之前、做成什么、做到多少”四个问题检查你的句子，并点名对方的一位高层（如总经理）。")
def q5(第5题答案):
    if not isinstance(第5题答案, str) or not 第5题答案.strip():
        raise Incorrect("请把改写后的目标写成一句话，放在英文引号里。")
    result = helpers.smart_check(第5题答案, context=helpers.smart_context(_data()["featured"]))
    missing = [x for x in "SMT" if result[x] != "是"]
    if missing:
        advice = {"S": "S：说清对谁、做成什么（点名一位对方高层，如“对方总经理”）",
                  "M": "M：加一个数字或一个前后变化，例如“拜访 2 次”“态度由中立转为支持”",
                  "T": "T：写上截止日期，例如“2026年3月31日前”"}
        raise Incorrect("检查器认为还缺 " + "、".join(missing) + "。" + "；".join(advice[x] for x in missing) + "。")
    if not names_their_senior(第5题答案):
        raise Incorrect("题目要求点名对方（客户）的一位高层，例如“对方总经理”或“对方副总经理”。"
                        "营销副总、技术副总是我们自己的人，不算。")


def names_their_senior(text: str) -> bool:
    """Whether a goal names a senior person of the featured customer, not one of ours.

    Passes with 对方/客户 + a senior title, or — once our own titles are taken out — a title or
    name of a 决策层 contact of the featured customer.
    """
    if _THEIRS.search(text):
        return True
    rest = _OURS.sub("", text)
    for title in OUR_TITLES:
        rest = rest.replace(title, "")
    top = _data()["chain"]
    top = top[top["层级"] == "决策层"]
    return any(w and w in rest for w in [*top["职务"], *top["联系人"], "董事长", "总裁"])


@question("L03_q6", "逾期的高层对接怎么纠偏（判断）", variables=("第6题答案", "第6题理由"),
          hint="纠偏要改变做法，而不只是改日期；想一想这项行动对应的是哪个缺口。")
def q6(第6题答案, 第6题理由):
    expect_choice(第6题答案, "B", why={
        "A": "只把日期往后挪，做法没变，下个季度它还会逾期。",
        "C": "这正是缺口本身：对方决策层需要我方总监以上的人对接，换成销售代表解决不了问题。",
        "D": "它对应的是优先级第 1 的缺口（对方总经理），删掉等于放弃补这个缺口。",
    })
    expect_reason(第6题理由)
