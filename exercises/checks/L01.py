"""Checks for 第一讲 市场诊断与数据分析 (exercises/L01_练习.ipynb).

Each check reads the trainee's answer variables and raises ``Incorrect`` with a Chinese
message when something is wrong. Expected values are computed from the case data here,
never typed in, so the checks follow the data if it is regenerated. Messages say what is
wrong and in which direction, but never give the answer away.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

import helpers
from helpers.analysis import diagnosis as dg
from helpers.analysis import regions as rg
from helpers.analysis import survey as sv
from helpers.course.exercises import (
    Incorrect,
    as_number,
    expect_choice,
    expect_number,
    expect_reason,
    expect_table,
    question,
)


@lru_cache(maxsize=1)
def _survey() -> pd.DataFrame:
    """The survey with the lecture's Chinese column names (是否回复, 客户分组, 交期满意度, 推荐意愿)."""
    return helpers.load_case("survey", chinese=True)


def _close(value: float, want: float, tol: float = 0.005) -> None:
    """Pass within ``tol``; a rounding to two decimals that is just outside gets its own message."""
    if abs(value - want) <= tol:
        return
    if abs(value - want) < 0.01:
        raise Incorrect("接近了，但还差一点：请多保留一位小数（例如写成 0.443，而不是 0.44）。")
    expect_number(value, want, tol=tol)


@question("L01_q1", "问卷回收率", variables=("回收率",),
          hint="回收率回答的是“发出去的问卷里，收回来了多少”：分母是发出去的，分子是收回来的。")
def q1(回收率):
    s = _survey()
    invited, back = len(s), int(s["是否回复"].sum())
    value = as_number(回收率)
    if abs(value - invited) < 0.5 or abs(value - back) < 0.5:
        raise Incorrect("你给出的是人数，本题要的是比例（0 到 1 之间的小数）。")
    if back and abs(value - invited / back) < 0.005:
        raise Incorrect("分子和分母放反了：回收率不会大于 1。")
    if abs(value - (1 - back / invited)) < 0.005:
        raise Incorrect("你算的是没有回复的比例。回收率数的是回复了的客户。")
    _close(value, back / invited)


@question("L01_q2", "各客户分组的回收率", variables=("分组回收率",),
          hint="用第一讲 1.1 节的 sv.response_rate：告诉它哪一列记录是否回复（responded），按哪一列分组（by）。")
def q2(分组回收率):
    s = _survey()
    want = s.groupby("客户分组", observed=True)["是否回复"].mean()
    if isinstance(分组回收率, (int, float)):
        raise Incorrect("这是一个数。本题要每个客户分组各一个回收率：结果应该是一张表，每组一行。")
    if isinstance(分组回收率, pd.DataFrame):
        if set(map(str, 分组回收率.index)) == {"合计"}:
            raise Incorrect("结果只有合计一行：还要按“客户分组”分组（参数 by）。")
        if "回收率" in 分组回收率.columns:
            分组回收率 = 分组回收率["回收率"]
        elif 分组回收率.shape[1] == 1:
            分组回收率 = 分组回收率.iloc[:, 0]
        else:
            raise Incorrect("表里没有“回收率”一列。请用第一讲 1.1 节的 sv.response_rate，并按“客户分组”分组。")
        分组回收率 = 分组回收率.drop(index="合计", errors="ignore")
    if isinstance(分组回收率, pd.Series) and len(分组回收率) == len(want) \
            and set(map(str, 分组回收率.index)) == set(map(str, want.index)):
        counts = s.groupby("客户分组", observed=True)["是否回复"].sum()
        if all(abs(float(分组回收率[k]) - float(counts[k])) < 0.5 for k in want.index):
            raise Incorrect("你算的是各组回复的人数，本题要的是回收率（回复数 ÷ 发放数）。")
    expect_table(分组回收率, want, tol=0.005)


@question("L01_q3", "交期满意度的顶端框占比", variables=("交期好评率",),
          hint="分子是打 4 或 5 分的人；分母只算回答了交期这一题的人——没回复问卷的、回复了但这题空着的都不算。")
def q3(交期好评率):
    s = _survey()
    top = (s["交期满意度"] >= 4).sum()
    answered = s["交期满意度"].notna().sum()
    responders = s["是否回复"].sum()
    value = as_number(交期好评率)
    if abs(value - top / len(s)) < 0.0005:
        raise Incorrect("你的分母包括了没有回复问卷的客户。本题的分母是“回答了这一题的人”。")
    if abs(value - top / responders) < 0.0005 and answered != responders:
        raise Incorrect("你的分母是全部回复者，但有些回复者这一题没有作答。本题的分母是“回答了这一题的人”。")
    if abs(value - (s["交期满意度"] == 5).sum() / answered) < 0.0005:
        raise Incorrect("你只算了 5 分。顶端框（top-box）这里指 4 分和 5 分。")
    _close(value, top / answered)


@question("L01_q4", "净推荐值 NPS", variables=("贬损者比例", "NPS"),
          hint="贬损者是打 0–6 分的人，6 分也算在内；写法和推荐者比例那一行一样，只是分数的范围不同。"
               "NPS 是两个比例之差，再换成 −100 到 100 的分数。")
def q4(贬损者比例, NPS):
    scores = _survey()["推荐意愿"].dropna()
    detractors = float((scores <= 6).mean())
    without_sixes = float((scores < 6).mean())
    if abs(as_number(贬损者比例) - without_sixes) < 1e-9 and abs(detractors - without_sixes) > 1e-9:
        raise Incorrect("贬损者比例少算了打 6 分的人：贬损者是 0–6 分，6 分也算。")
    _close(as_number(贬损者比例), detractors)
    want = (float((scores >= 9).mean()) - detractors) * 100
    if abs(as_number(NPS) * 100 - want) < 0.5 and abs(want) > 0.5:
        raise Incorrect("NPS 习惯写成 −100 到 100 之间的分数：请把比例之差乘以 100。")
    expect_number(NPS, want, tol=0.5, fraction=False)


@question("L01_q5", "选对区域分析方法", variables=("第5题答案",),
          hint="想一想：问题问的是“该做的客户做到了几成”，分子和分母分别是什么？")
def q5(第5题答案):
    expect_choice(第5题答案, "C", why={
        "A": "市场份额看的是销售额占市场规模的比例，回答“我们占了多大一块”，不回答客户做到了几成。",
        "B": "增长对比看的是我们是否跑赢市场，与客户覆盖无关。",
        "D": "价格与毛利看的是溢价和盈利能力，与客户覆盖无关。",
    })


NOTE_CATEGORIES = ("交期与供货", "价格与商务", "产品质量", "技术支持与服务", "方案与选型", "竞争对手")


@question("L01_q6", "给访谈纪要编码", variables=("编码",),
          hint="逐句读纪要：每一句在说哪个话题？只选纪要里真正提到的类别。")
def q6(编码):
    if isinstance(编码, str):
        编码 = [编码]
    if not isinstance(编码, (list, tuple, set)):
        raise Incorrect('请写成一个列表，例如 ["产品质量", "竞争对手"]。')
    chosen = {str(c).strip() for c in 编码}
    unknown = sorted(chosen - set(NOTE_CATEGORIES))
    if unknown:
        raise Incorrect(f"这些不是编码表里的类别：{'、'.join(unknown)}。请从题目给出的六个类别中选择，注意字要一致。")
    want = {"交期与供货", "价格与商务"}
    missing, extra = want - chosen, chosen - want
    if missing:
        raise Incorrect(f"还漏了 {len(missing)} 个类别。再读一遍纪要的每一句。")
    if extra:
        raise Incorrect(f"{'、'.join(sorted(extra))}：纪要里并没有谈到这个话题。编码只记录对方真正提到的内容。")



@lru_cache(maxsize=1)
def _scorecard() -> pd.DataFrame:
    regions = helpers.load_case("regions")
    reps = helpers.load_case("sales_reps").groupby("region", observed=True).size().rename("sales_reps")
    return rg.regional_scorecard(rg.year_over_year(regions, 2025).join(reps, on="region"))


@question("L01_q7", "先去哪个区域做现场诊断（判断题）", variables=("第7题区域", "第7题理由"),
          hint="没有唯一答案：先看哪个区域的问题最明显（增长差、份额、渗透率……），再写出到现场要验证什么。")
def q7(第7题区域, 第7题理由):
    card = _scorecard().drop(index="全部区域")
    if not isinstance(第7题区域, str):
        raise Incorrect('请把区域名写在英文引号里，例如 "华东"。')
    region = 第7题区域.strip().removesuffix("区")
    if region not in card.index:
        raise Incorrect(f"“{第7题区域}”不是案例里的区域。可选：{'、'.join(map(str, card.index))}。")
    expect_reason(第7题理由, not_only=[region, 第7题区域])


@lru_cache(maxsize=1)
def _say_do() -> pd.DataFrame:
    survey = helpers.load_case("survey", chinese=True)
    back = sv.respondents(survey, responded="是否回复")
    back["推荐意愿分组"] = sv.nps_category(back["推荐意愿"])
    orders = helpers.load_case("orders")
    after = dg.revenue_change(orders, "2025-04-01", months=9)
    joined = back.join(after[["之后有复购"]], on="客户编号").assign(变化率=0.0)
    joined["之后有复购"] = joined["之后有复购"].eq(True)
    return dg.say_vs_do(joined, "推荐意愿分组")


SAY_DO_OPTIONS = {
    "A": "能：推荐者的复购率明显更高，差别的 95% 区间在 0 以上",
    "B": "不能下结论：差别的 95% 区间包含 0，可能只是偶然",
    "C": "能：复购率高一点就说明是满意带来了复购",
    "D": "反过来：贬损者复购明显更多，区间在 0 以下",
}


@question("L01_q8", "说的和做的：能下结论吗（判断题）", variables=("第8题答案", "第8题理由"),
          hint="看第一讲“说的与做的”那一节：推荐者和贬损者的复购率差多少？那句话里的 95% 区间包含 0 吗？")
def q8(第8题答案, 第8题理由):
    table = _say_do()
    n1, k1 = table.loc["推荐者", ["客户数", "复购客户数"]]
    n0, k0 = table.loc["贬损者", ["客户数", "复购客户数"]]
    p1, p0 = k1 / n1, k0 / n0
    half = 1.96 * ((p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0) ** 0.5)
    correct = "A" if p1 - p0 - half > 0 else "D" if p1 - p0 + half < 0 else "B"
    why = {"C": "复购率高一点可能只是偶然；就算差别很确定，也只是相关，不能说明是满意带来了复购。"}
    for letter in "ABD":
        if letter != correct:
            why[letter] = "再看一遍那句话里的 95% 区间：它在 0 的哪一边，还是包含 0？"
    expect_choice(第8题答案, correct, why=why)
    expect_reason(第8题理由, not_only=list(SAY_DO_OPTIONS.values()))
