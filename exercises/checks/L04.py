"""Checks for 第四讲 一般客户与渗透策略 (exercises/L04_练习.ipynb).

Expected values come from the case data through the same helpers the exercise's set-up cells
call (funnel, stalled deals, ageing, next product line, programme effect), so the checks follow
the data if it is regenerated. Messages say what is wrong and in which direction, never the answer.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

import pandas as pd

import helpers
from helpers.course.exercises import Incorrect, as_number, expect_choice, expect_number, expect_reason, question

AS_OF = "2025-12-31"
#: Question 2's options: the four steps before signing, as "from → to".
STEPS = {"A": "商机发现 → 需求确认", "B": "需求确认 → 方案报价", "C": "方案报价 → 商务谈判", "D": "商务谈判 → 签约"}


@lru_cache(maxsize=1)
def _tables() -> dict[str, Any]:
    orders, customers = helpers.load_case("orders"), helpers.load_case("customers")
    pipe = helpers.prepare_pipeline(helpers.load_case("pipeline"))
    return {"orders": orders, "customers": customers, "pipe": pipe,
            "funnel": helpers.funnel(pipe, created_from="2024-01-01", created_to="2024-12-31")}


@question("L04_q1", "累计转化率", variables=("第1题答案",),
          hint="看“签约”那一行：累计转化率 = 到达签约的商机 ÷ 全部商机。")
def q1(第1题答案):
    f = _tables()["funnel"].set_index("阶段")
    value = as_number(第1题答案)
    if abs(value - f.loc["签约", "到达数"]) < 0.5:
        raise Incorrect("你填的是商机个数，本题要的是比例（0 到 1 之间的小数）。")
    step, total = f.loc["签约", "阶段转化率"], f.loc["签约", "累计转化率"]
    if abs(value - step) <= 0.005 and abs(step - total) > 0.01:
        raise Incorrect("你读的是“阶段转化率”（相对上一阶段）。本题要“累计转化率”（相对全部商机）。")
    expect_number(value, total, tol=0.005)  # the chart's rounded "21%" (0.21) passes too


@question("L04_q2", "流失最多的一步", variables=("第2题答案",),
          hint="比较四步的“阶段转化率”：转化率最低的那一步，流失的比例最高。")
def q2(第2题答案):
    f = _tables()["funnel"]
    correct = next(k for k, v in STEPS.items() if v == f.attrs["leakiest"])
    reach = f.set_index("阶段")["到达数"]
    lost = {k: reach[v.split(" → ")[0]] - reach[v.split(" → ")[1]] for k, v in STEPS.items()}
    most = max(lost, key=lost.get)
    why = {k: "这一步的阶段转化率不是四步中最低的：比较“阶段转化率”一列。" for k in STEPS}
    if most != correct:
        why[most] = "这一步流失的商机个数最多，但它的分母（上一阶段的商机）也最大。本题比较的是比例：看阶段转化率。"
    expect_choice(第2题答案, correct, why=why)


def _stalled_options() -> pd.DataFrame:
    """The same four deals as the exercise's set-up cell (follow-up from the visits, credit hold from the alerts)."""
    t = _tables()
    alerts = helpers.overdue_alerts(helpers.receivables_ageing(t["pipe"], as_of=AS_OF, customers=t["customers"]),
                                    orders=t["orders"])
    stalled = helpers.stalled_deals(t["pipe"], as_of=AS_OF, customers=t["customers"],
                                    visits=helpers.load_case("visits"), alerts=alerts)
    return helpers.stalled_options(stalled)


#: Question 3's defensible choices: the largest weighted amount, or the largest amount (with a reason).
DEFENSIBLE = ("加权金额最大", "预计金额最大")


@question("L04_q3", "先推哪个停滞商机", variables=("第3题答案", "第3题理由"),
          hint="比较“加权金额”（预计金额 × 本阶段历史签约率），再看最后两列：有没有人跟进？客户是不是在暂停赊销？")
def q3(第3题答案, 第3题理由):
    options = _stalled_options()
    roles = options.attrs["roles"]
    ok = [letter for letter, role in roles.items() if role in DEFENSIBLE]
    why = {}
    for letter, role in roles.items():
        if role == "超过 45 天没人跟进":
            why[letter] = ("它超过 45 天没人跟进：周例会上要么排出本周的动作，要么关闭。"
                           "但乘上历史签约率后，它的分量比表中加权金额最大的两个小得多。")
        elif role == "客户在应收红色预警中":
            why[letter] = ("这家客户有逾期超过 90 天的应收（红色预警），按规则暂停赊销新订单："
                           "先把欠款收回来、约定还款计划，再推新商机。")
        elif role not in DEFENSIBLE:
            why[letter] = "它不是最值得先推的：比较一下四个商机的加权金额。"
    for letter in ok:  # either defensible choice passes; the reason carries the judgement
        try:
            expect_choice(第3题答案, letter)
        except Incorrect:
            continue
        break
    else:
        expect_choice(第3题答案, ok[0], why=why)
    expect_reason(第3题理由, min_chars=10)


@question("L04_q4", "逾期超过 90 天的应收", variables=("第4题答案",),
          hint="账龄汇总表里“逾期 91–180 天”和“逾期 180 天以上”两行的金额之和（不含“账期未填写”）。")
def q4(第4题答案):
    t = _tables()
    summary = helpers.ageing_summary(helpers.receivables_ageing(t["pipe"], as_of=AS_OF, customers=t["customers"]))
    value = as_number(第4题答案)
    over = summary.loc[["逾期 91–180 天", "逾期 180 天以上"]]
    if abs(value - summary.attrs["overdue"]) < 0.1 and abs(summary.attrs["overdue"] - summary.attrs["over_90"]) > 0.1:
        raise Incorrect("你把所有逾期的应收都加上了。本题只要逾期超过 90 天的两档。")
    if abs(value - over["笔数"].sum()) < 0.5 and abs(over["笔数"].sum() - summary.attrs["over_90"]) > 0.5:
        raise Incorrect("你填的是笔数，本题要金额（万元）。")
    if abs(value - summary.loc["合计", "金额（万元）"]) < 0.1:
        raise Incorrect("你填的是全部应收（含未到期的）。本题只要逾期超过 90 天的部分。")
    if abs(value * 1e4 - summary.attrs["over_90"]) < 1e3:
        raise Incorrect("单位是万元：表里的金额已经是万元，不用再换算。")
    expect_number(value, summary.attrs["over_90"], tol=0.1, fraction=False)


def _line(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().replace("产品线", "").replace(" ", "").upper()


@question("L04_q5", "下一个产品线", variables=("第5题答案",),
          hint="同行在买、它还没买：在“它近24个月买过”为“否”的产品线里，找同行在买的比例最高的一条。")
def q5(第5题答案):
    t = _tables()
    cid = helpers.next_line_example(t["orders"], t["customers"], as_of=AS_OF)
    profile = helpers.line_profile(t["orders"], t["customers"], cid, as_of=AS_OF).set_index("产品线")
    bought = profile[profile.columns[-1]]
    if not isinstance(第5题答案, str):
        raise Incorrect('请把产品线名称写在引号里，例如 "伺服驱动"。')
    names = {_line(n): n for n in profile.index}
    answer = names.get(_line(第5题答案))
    if answer is None:
        raise Incorrect("没有这条产品线。请从表中的产品线名称里选一条：" + "、".join(profile.index) + "。")
    rec = helpers.next_best_line(t["orders"], t["customers"], as_of=AS_OF).set_index("客户编号").loc[cid, "推荐产品线"]
    if answer == rec:
        return
    if bought[answer]:
        raise Incorrect(f"它近 24 个月已经买过{answer}。要找的是它还没买的产品线。")
    raise Incorrect(f"{answer}它确实还没买，但同行在买的比例不是最高。再比较一下“同行在买的比例”。")


@question("L04_q6", "渗透计划的效果怎么说", variables=("第6题答案", "第6题理由"),
          hint="差中差 = 计划客户的变化 − 对照组的变化；再看差异表：这个差值的 95% 区间包不包含 0？名单又是怎么挑的？")
def q6(第6题答案, 第6题理由):
    t = _tables()
    effect = helpers.penetration_effect(t["orders"], t["customers"], visits=helpers.load_case("visits"))
    diff = helpers.effect_uncertainty(effect, n_boot=5000, seed=2025)
    moved = [name for name in ("新增产品线的客户占比之差", "月均拜访次数之差")
             if name in diff.index and not diff.loc[name, "区间包含 0"]]
    behaviour = ("而且差异表里拜访和新增产品线的区间不含 0，计划至少改变了行为，“看不出任何效果”说过头了。"
                 if moved else "")
    expect_choice(第6题答案, "B", why={
        "A": "只看计划客户自己的前后变化，会把市场本身的变化和其他原因都算成计划的效果；"
             "要和对照组比，还要看差值的区间。",
        "C": "有对照组，正是为了把两组共同经历的变化减掉；减掉之后剩下的差值，才是要讨论的效果。" + behaviour,
        "D": "对照组回落，可能是市场，也可能是均值回归（名单按 2024 年“做得还不错”来挑），这里没有检验是哪一个；"
             "无论哪个原因，两组都受影响，减去对照组正是为了去掉它，并不说明效果被低估。",
    })
    expect_reason(第6题理由, min_chars=10)
