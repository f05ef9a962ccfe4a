"""Checks for 第六讲 策略创新与组织保障 (exercises/L06_练习.ipynb).

Expected values come from the case data and the course's own tools (the manager score, the
SMART checker), so the checks follow the data and the rules if either changes. Messages say
what is wrong and in which direction, never the answer.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

import pandas as pd

import helpers
from helpers.analysis.smart import smart_check
from helpers.analysis.talent_weights import reweight, weight_sensitivity
from helpers.course.exercises import Incorrect, expect_choice, expect_keywords, expect_reason, question

AS_OF = "2025-12-31"
#: Question 1's weights: 一线业绩 up to 50 %, 关键战役 down to 20 %, 经历与岁月 down to 15 %.
Q1_WEIGHTS = {"一线业绩": 0.50, "关键战役": 0.20, "经历与岁月": 0.15, "客户声音": 0.15}
#: Question 2's goals (the answer is what the course's checker says about S, M and T).
Q2_GOALS = ("提升华东区重点客户满意度", "加强客户关系管理，提升服务水平", "下季度新增重点客户5家")
#: The format example in question 2's message: it must match none of the answers (tests/test_exercise_l06.py).
Q2_FORMAT_EXAMPLE = ("S", "无", "MT")
#: Question 5: the options that can be defended, and the evidence a reason must cite.
Q5_DEFENSIBLE = ("B", "C")
Q5_EVIDENCE = {"敏感性图里的证据": ("前三", "第一", "组", "权重", "稳", "经历", "维度", "区间", "名次", "排名")}
#: Question 6: the list each of the four review items belongs to, in order (not the K-I-S-S order).
Q6_ANSWER = ("开始", "停止", "保持", "改进")
CONTROLS = {"盈利": "盈利能力控制", "效率": "效率控制", "战略": "战略控制", "年度": "年度计划控制",
            "计划": "年度计划控制"}
Q7_ANSWER = ("盈利能力控制", "效率控制", "战略控制")


def _norm(value: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))


@lru_cache(maxsize=1)
def _candidates() -> pd.DataFrame:
    return helpers.manager_candidates(helpers.load_case("sales_reps"), helpers.load_case("rep_performance"),
                                      as_of=AS_OF)


@lru_cache(maxsize=1)
def _scores() -> tuple[pd.DataFrame, pd.DataFrame]:
    candidates, criteria = _candidates(), helpers.manager_criteria()
    return (helpers.manager_scores(candidates, criteria),
            helpers.manager_scores(candidates, reweight(criteria, Q1_WEIGHTS)))


@lru_cache(maxsize=1)
def _sensitivity() -> pd.DataFrame:
    return weight_sensitivity(_candidates(), helpers.manager_criteria(), step=0.1, min_weight=0.1, top=3)


@question("L06_q1", "换一组权重，谁排第一", variables=("第1题答案",),
          hint="四个维度的权重改成 一线业绩 50%、关键战役 20%、经历与岁月 15%、客户声音 15%，再算一次得分，"
               "看排名第一的销售编号。")
def q1(第1题答案):
    default, changed = _scores()
    if not isinstance(第1题答案, str):
        raise Incorrect('请把销售编号写在引号里，例如 "S01"。')
    answer = _norm(第1题答案).upper()
    if answer not in set(changed.index):
        if answer in {_norm(n) for n in changed["姓名"]}:
            raise Incorrect("请填销售编号（例如 S01），不是姓名。")
        raise Incorrect(f"候选人里没有“{第1题答案}”。请从得分表的销售编号里选。")
    firsts = set(changed.index[changed["排名"] == 1])
    if answer in firsts:
        return
    if answer in set(default.index[default["排名"] == 1]):
        raise Incorrect("这是默认权重下的第一名。权重改了以后，要重新算一次得分。")
    raise Incorrect(f"按新的权重，{answer} 排第 {int(changed.loc[answer, '排名'])} 名，还不是第一。")


def _letters(value: Any) -> set[str] | None:
    """"MT" / "m、t" / "无" -> set of letters (None when it is not an answer of this form)."""
    text = _norm(value).upper()
    if text in ("无", "没有", "都不缺", "NONE", "-", "—"):
        return set()
    text = re.sub(r"[、，,/和与及]", "", text)
    if not text or any(ch not in "SMART" for ch in text):
        return None
    return set(text)


@question("L06_q2", "检查器说缺什么", variables=("第2题答案",),
          hint="对照规则表：有没有“数字 + 单位”？有没有期限？句子够不够 8 个字、有没有具体的对象？")
def q2(第2题答案):
    if not isinstance(第2题答案, (list, tuple)) or len(第2题答案) != 3:
        example = ", ".join(f'"{x}"' for x in Q2_FORMAT_EXAMPLE)
        raise Incorrect(f"请按顺序填三个答案，放在方括号里，格式如 [{example}]（这只是格式，不是答案）。")
    wrong = []
    for n, (goal, answer) in enumerate(zip(Q2_GOALS, 第2题答案), 1):
        got = _letters(answer)
        if got is None:
            raise Incorrect(f"第 {n} 个答案“{answer}”看不懂：请只写 S、M、T 中缺的字母（如 \"MT\"），都不缺写 \"无\"。")
        expected = {x for x in smart_check(goal).missing if x in "SMT"}
        if got != expected:
            wrong.append(f"第 {n} 个目标" + ("多写了 " + "、".join(sorted(got - expected)) if got - expected else "")
                         + ("；" if got - expected and expected - got else "")
                         + ("少写了字母" if expected - got else ""))
    if wrong:
        raise Incorrect("还不对：" + "；".join(wrong) + "。")


@question("L06_q3", "写一个自己的 SMART 目标", variables=("第3题答案",),
          hint="加上数字和单位（如“从 18% 提高到 25%”“新增 5 家”）、截止日期（如“2026年6月30日前”），"
               "并写清是哪类客户或哪个指标。")
def q3(第3题答案):
    if not isinstance(第3题答案, str) or not 第3题答案.strip():
        raise Incorrect("请把你的目标写成一句话，放在引号里。")
    result = smart_check(第3题答案)
    lacking = [x for x in "SMT" if result[x] != "是"]
    if lacking:
        advice = "；".join(result.table().loc[x, "建议"] for x in lacking)
        raise Incorrect(f"检查器认为还缺：{'、'.join(lacking)}。{advice}")


@question("L06_q4", "机器人配件该怎么组织", variables=("第4题答案", "第4题理由"),
          hint="谁对这一类客户的全部结果负责？哪种组织能让销售、技术、产品快速一起行动？")
def q4(第4题答案, 第4题理由):
    expect_choice(第4题答案, "C", why={
        "A": "职能组织里各部门按自己的流程走，没有人对这一类客户的全部结果负责，几十家客户的快速配合很难做到。",
        "B": "各大区各卖各的，机器人集成商的需求分散在各区，技术和产品的支持也跟不上。",
        "D": "份额在丢（战略控制的预警），不调整就是接受下滑。",
    })
    expect_reason(第4题理由, min_chars=8)


@question("L06_q5", "第二个面谈名额给谁", variables=("第5题答案", "第5题理由"),
          hint="看图右边的组数：谁在更多的权重组合下都进前三？谁排第一的组数多、又是靠哪个维度？")
def q5(第5题答案, 第5题理由):
    sens = _sensitivity()
    combos = int(sens.attrs["组合数"])
    sales_col = _candidates().attrs["销售额列"]
    top_seller = _candidates()[sales_col].astype(float).idxmax()
    in_top = round(float(sens.loc[top_seller, "进入前3占比"]) * combos)
    letter = _norm(第5题答案).upper().strip("（）()。. ") if isinstance(第5题答案, str) else 第5题答案
    if letter not in Q5_DEFENSIBLE:
        expect_choice(第5题答案, Q5_DEFENSIBLE[0], why={
            "A": f"销售额最高的人在 {combos} 组权重里只有 {in_top} 组进前三：分数看到的不只是销售额。",
            "D": "这就是讲义说的“把权重凑成想要的结果”：权重要在看名单之前定。",
        })
    expect_reason(第5题理由, min_chars=8)
    expect_keywords(第5题理由, Q5_EVIDENCE, need=1)


@question("L06_q6", "KISS：四条意见放进哪张清单", variables=("第6题答案",),
          hint="“停止”是要放弃的做法，“开始”是还没做但该做的事；“改进”是在做但效果不够的事。")
def q6(第6题答案):
    if not isinstance(第6题答案, (list, tuple)) or len(第6题答案) != 4:
        raise Incorrect('请按顺序填四个答案，放在方括号里，格式如 ["清单名", "清单名", "清单名", "清单名"]，'
                        "每个清单名是 保持、改进、开始、停止 之一。")
    answers = [_norm(a) for a in 第6题答案]
    if any(a.upper() in ("K", "I", "S", "KEEP", "IMPROVE", "START", "STOP") for a in answers):
        raise Incorrect("请用中文“保持、改进、开始、停止”作答："
                        "“开始”（Start）和“停止”（Stop）的首字母都是 S，字母分不清。")
    unknown = [a for a in answers if a not in Q6_ANSWER]
    if unknown:
        raise Incorrect(f"“{unknown[0]}”不是四张清单之一：只能填 保持、改进、开始、停止。")
    wrong = [f"第 {n} 条" for n, (a, e) in enumerate(zip(answers, Q6_ANSWER), 1) if a != e]
    if wrong:
        raise Incorrect("、".join(wrong) + " 放错了清单。")


@question("L06_q7", "认出四类营销控制", variables=("第7题答案",),
          hint="先问：这个数回答的是“赚不赚钱”“资源用得好不好”“方向对不对”，还是“计划完成了没有”？")
def q7(第7题答案):
    if not isinstance(第7题答案, (list, tuple)) or len(第7题答案) != 3:
        raise Incorrect('请按顺序填三个答案，放在方括号里，格式如 ["第1个的类别", "第2个的类别", "第3个的类别"]，'
                        "每个类别是四类营销控制之一（年度计划、盈利能力、效率、战略）。")
    wrong = []
    for n, (answer, expected) in enumerate(zip(第7题答案, Q7_ANSWER), 1):
        text = _norm(answer)
        named = next((full for short, full in CONTROLS.items() if short in text), None)
        if named is None:
            raise Incorrect(f"第 {n} 个答案“{answer}”不是四类营销控制之一（年度计划、盈利能力、效率、战略）。")
        if named != expected:
            wrong.append(f"第 {n} 个")
    if wrong:
        raise Incorrect("、".join(wrong) + "还不对。")
