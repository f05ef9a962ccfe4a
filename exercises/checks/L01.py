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
from helpers.course.exercises import Incorrect, as_number, expect_choice, expect_number, expect_table, question


@lru_cache(maxsize=1)
def _survey() -> pd.DataFrame:
    return helpers.load_case("survey")


@question("L01_q1", "问卷回收率", variables=("回收率",),
          hint='回收率 = 回复的人数 ÷ 发出问卷的人数；responded 列中 1 表示已回复，所以可以用 survey["responded"].mean()。')
def q1(回收率):
    s = _survey()
    value = as_number(回收率)
    if abs(value - len(s)) < 0.5 or abs(value - s["responded"].sum()) < 0.5:
        raise Incorrect("你给出的是人数，本题要的是比例（0 到 1 之间的小数）。")
    expect_number(回收率, s["responded"].mean(), tol=0.0005)


@question("L01_q2", "各客户分组的回收率", variables=("分组回收率",),
          hint='按 customer_group 分组，再对 responded 求平均：'
               'survey.groupby("customer_group", observed=True)["responded"].mean()')
def q2(分组回收率):
    s = _survey()
    want = s.groupby("customer_group", observed=True)["responded"].mean()
    if isinstance(分组回收率, pd.Series) and len(分组回收率) == len(want) \
            and set(map(str, 分组回收率.index)) == set(map(str, want.index)):
        counts = s.groupby("customer_group", observed=True)["responded"].sum()
        if all(abs(float(分组回收率[k]) - float(counts[k])) < 0.5 for k in want.index):
            raise Incorrect("你算的是各组回复的人数（求和），本题要的是回收率（求平均）。")
    expect_table(分组回收率, want, tol=0.0005)


@question("L01_q3", "交期满意度的顶端框占比", variables=("交期好评率",),
          hint="只看回答了这一题的人：先 .dropna() 去掉空白，再看 4 分和 5 分（>= 4）的比例。")
def q3(交期好评率):
    s = _survey()
    top = (s["q_delivery"] >= 4).sum()
    answered = s["q_delivery"].notna().sum()
    responders = s["responded"].sum()
    value = as_number(交期好评率)
    if abs(value - top / len(s)) < 0.0005:
        raise Incorrect("你的分母包括了没有回复问卷的客户。本题的分母是“回答了这一题的人”。")
    if abs(value - top / responders) < 0.0005 and answered != responders:
        raise Incorrect("你的分母是全部回复者，但有些回复者这一题没有作答。本题的分母是“回答了这一题的人”。")
    if abs(value - (s["q_delivery"] == 5).sum() / answered) < 0.0005:
        raise Incorrect("你只算了 5 分。顶端框（top-box）这里指 4 分和 5 分。")
    expect_number(交期好评率, top / answered, tol=0.0005)


@question("L01_q4", "净推荐值 NPS", variables=("贬损者比例", "NPS"),
          hint="贬损者是打 0–6 分的人（含 6 分）：(分数 <= 6).mean()；NPS = (推荐者比例 − 贬损者比例) × 100。")
def q4(贬损者比例, NPS):
    scores = _survey()["nps_score"].dropna()
    detractors = float((scores <= 6).mean())
    without_sixes = float((scores < 6).mean())
    if abs(as_number(贬损者比例) - without_sixes) < 1e-9 and abs(detractors - without_sixes) > 1e-9:
        raise Incorrect("贬损者比例少算了打 6 分的人：贬损者是 0–6 分，要包括 6 分（用 <= 6）。")
    expect_number(贬损者比例, detractors, tol=0.0005)
    want = (float((scores >= 9).mean()) - detractors) * 100
    if abs(as_number(NPS) * 100 - want) < 0.05 and abs(want) > 0.05:
        raise Incorrect("NPS 习惯写成 −100 到 100 之间的分数：请把比例之差乘以 100。")
    expect_number(NPS, want, tol=0.05, fraction=False)


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
