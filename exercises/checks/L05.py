"""Checks for 第五讲 营销模式与策略创新 (exercises/L05_练习.ipynb).

Expected values are computed here from the case data and the course's own tools (the cohort
matrix, the lifecycle rules, the proportion comparison, the sample-size formula, the channel
levers), so the checks follow the data and the rules if either changes. Messages say what is
wrong and in which direction, never the answer itself.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

import helpers
from helpers.analysis.experiments import compare_proportions, sample_size_two_proportions
from helpers.course.exercises import Incorrect, as_number, expect_choice, expect_number, expect_reason, question

AS_OF = "2025-12-31"
#: Question 1: the cohort and the age asked for.
Q1_COHORT, Q1_AGE = "2024-09", 3
#: Question 2: four members (join date, purchase dates), judged at AS_OF.
Q2_MEMBERS = {
    "甲": ("2025-11-20", ()),
    "乙": ("2024-05-01", ("2025-03-02", "2025-06-10", "2025-08-15")),
    "丙": ("2024-02-01", ("2025-02-01", "2025-04-01", "2025-06-01", "2025-08-01", "2025-10-01", "2025-12-01",
                          "2025-12-28")),
    "丁": ("2024-09-01", ("2025-05-01",)),
}
#: Question 4: another store's coupon test (control x / n, treatment x / n).
Q4 = (221, 512, 262, 498)
#: Question 5: baseline (close to the coupon experiment's control retention) and the difference to detect;
#: the group size on offer. Not the lecture widget's starting point (it starts at +5 points).
Q5_BASE, Q5_MDE, Q5_OFFER = 0.26, 0.03, 500
#: Question 6: the four actions (channel, lever) offered as A-D.
Q6_OPTIONS = {"A": ("门店", "拉新人数 +10%"), "B": ("小程序", "留存率追平最好渠道"),
              "C": ("异业合作", "留存率 +5 个百分点"), "D": ("APP", "拉新人数 +10%")}
STAGES = ("新手期", "成长期", "成熟期", "衰退期", "流失期")


@lru_cache(maxsize=1)
def _matrix() -> tuple[pd.DataFrame, pd.Series]:
    orders = helpers.load_case("member_orders")
    return (helpers.cohort_retention(orders, "member_id", "order_date", freq="M"),
            helpers.cohort_sizes(orders, "member_id", "order_date", freq="M"))


@question("L05_q1", "读留存矩阵", variables=("第1题答案", "第1题人数"),
          hint="行是首购月份，列是首购后第几个月（第 0 月是首购当月）；格子里是那批会员在那个月当月有购买的比例。"
               "人数 = 这个比例 × 这批会员的首购人数（表里的第一列）。")
def q1(第1题答案, 第1题人数):
    matrix, sizes = _matrix()
    cohort = pd.Period(Q1_COHORT, freq="M")
    want = float(matrix.loc[cohort, Q1_AGE])
    value = as_number(第1题答案)
    if abs(value - want * 100) < 0.06:
        raise Incorrect("请写成小数（例如 0.25），不要写成百分数。")
    for age in (Q1_AGE - 1, Q1_AGE + 1):
        if abs(value - float(matrix.loc[cohort, age])) < 0.0006 and abs(value - want) > 0.0006:
            raise Incorrect("列选错了：第 0 列是首购当月，“首购后第 3 个月”是标着“第3月”的那一列。")
    for other in (cohort - 1, cohort + 1):
        if abs(value - float(matrix.loc[other, Q1_AGE])) < 0.0006 and abs(value - want) > 0.0006:
            raise Incorrect("行选错了：要的是 2024 年 9 月首次购买的那一批。")
    expect_number(value, want, tol=0.0006)  # the table shows one decimal of a percent
    people = as_number(第1题人数)
    size = int(sizes.loc[cohort])
    if abs(people - want * 100) < 1 and abs(people - want * size) > 1:
        raise Incorrect("第二问要的是人数：比例 × 这批会员的首购人数。")
    if abs(people - size) < 0.5:
        raise Incorrect("这是这批会员的首购人数；还要乘以第 3 个月的比例。")
    expect_number(people, want * size, tol=1)


@lru_cache(maxsize=1)
def _q2_expected() -> dict[str, str]:
    members = pd.DataFrame({"member_id": list(Q2_MEMBERS), "join_date": [v[0] for v in Q2_MEMBERS.values()]})
    orders = pd.DataFrame([(m, d) for m, (_, days) in Q2_MEMBERS.items() for d in days],
                          columns=["member_id", "order_date"])
    stages = helpers.lifecycle_stages(members, orders, as_of=AS_OF)
    return {m: str(stages.loc[m, "生命周期阶段"]) for m in Q2_MEMBERS}


_WHY = {"流失期": "距最近一次购买超过 180 天（或从未购买且入会超过 180 天），先判流失。",
        "衰退期": "距最近一次购买在 91–180 天之间，不管买过几次，都是衰退期。",
        "新手期": "还没买过（入会不满 180 天），或只买过 1 次且近 90 天内买过。",
        "成长期": "近 90 天内买过，买过 2–5 次。",
        "成熟期": "近 90 天内买过，买过 6 次及以上。"}


@question("L05_q2", "按规则判断生命周期阶段", variables=("甲", "乙", "丙", "丁"),
          hint="先算距最近一次购买有多少天（观察日 2025-12-31），再看买过几次；"
               "规则按“流失 → 衰退 → 新手 → 成长 → 成熟”的顺序判断。")
def q2(甲, 乙, 丙, 丁):
    answers = {"甲": 甲, "乙": 乙, "丙": 丙, "丁": 丁}
    for name, answer in answers.items():
        if not isinstance(answer, str) or answer.strip() not in STAGES:
            raise Incorrect(f"会员{name}：请填“{'”“'.join(STAGES)}”中的一个，并带英文引号。")
    for name, want in _q2_expected().items():
        if answers[name].strip() != want:
            raise Incorrect(f"会员{name}不是“{answers[name].strip()}”。提示：{_WHY[want]}")


@question("L05_q3", "“魔法数字”说明了什么", variables=("第3题答案", "第3题理由"),
          hint="复购多的人留存高，是“复购让人留下”，还是“本来想留下的人才会多买”？怎样才能分清？")
def q3(第3题答案, 第3题理由):
    expect_choice(第3题答案, "B", why={
        "A": "数据只显示复购多的会员留存更高（相关），没有证明是复购造成了留存；而且 30% 的两种读法结论不同。",
        "C": "山禾 5 次及以上组的留存远不到 60%；就算到了，把它定成 KPI 也只是在奖励本来就忠诚的人。",
        "D": "两者明显相关：复购多的组留存更高。问题在于相关能不能当作因果。",
    })
    expect_reason(第3题理由, min_chars=8)


@question("L05_q4", "读 A/B 测试结果", variables=("第4题差值", "第4题下限", "第4题显著"),
          hint="差值 = 实验组的复购比例 − 对照组的复购比例。讲义第七节“比较两个比例”的工具"
               "要两组各自的复购人数和总人数，给出差值和 95% 置信区间（都是小数，题目要百分点）。")
def q4(第4题差值, 第4题下限, 第4题显著):
    r = compare_proportions(*Q4)
    diff, low = as_number(第4题差值), as_number(第4题下限)
    if abs(diff - r["diff"]) < 0.002:
        raise Incorrect("题目要百分点：差值 0.094 要写成 9.4。")
    if abs(diff + r["diff"] * 100) < 0.15:
        raise Incorrect("方向反了：是实验组减对照组。")
    expect_number(diff, r["diff"] * 100, tol=0.1)
    if abs(low - r["ci_low"]) < 0.002:
        raise Incorrect("置信区间下限也请写成百分点。")
    if abs(low - r["ci_high"] * 100) < 0.15:
        raise Incorrect("这是上限；题目要的是下限（较小的那个数）。")
    expect_number(low, r["ci_low"] * 100, tol=0.1)
    if not isinstance(第4题显著, str) or 第4题显著.strip() not in ("是", "否"):
        raise Incorrect('是否显著请填 "是" 或 "否"（带英文引号）。')
    if (第4题显著.strip() == "是") != r["significant"]:
        raise Incorrect("看置信区间：区间不包含 0，差别才可信；包含 0，就还不能确定。")


@question("L05_q5", "实验需要多少人", variables=("每组人数", "第5题够不够"),
          hint="样本量的计算需要两个数：基线比例和想发现的差异，都写成小数；显著性 5%、功效 80% 是常用的默认值。"
               "讲义第七节有现成的计算工具和小控件。")
def q5(每组人数, 第5题够不够):
    want = sample_size_two_proportions(Q5_BASE, Q5_MDE)
    n = as_number(每组人数)
    if abs(n - 2 * want) <= 4:
        raise Incorrect("这是两组加起来的人数；题目问的是每组。")
    if abs(n - sample_size_two_proportions(Q5_BASE, Q5_MDE * 10)) <= 2:
        raise Incorrect("差异 3 个百分点要写成 0.03，不是 0.3。")
    expect_number(n, want, tol=2)
    if not isinstance(第5题够不够, str) or 第5题够不够.strip() not in ("够", "不够", "是", "否"):
        raise Incorrect('请填 "够" 或 "不够"（带英文引号）。')
    enough = 第5题够不够.strip() in ("够", "是")
    if enough != (Q5_OFFER >= want):
        raise Incorrect(f"比一比：每组 {Q5_OFFER} 人，和你算出来的每组需要的人数，哪个多？")


def _q6_values() -> dict[str, float]:
    members, orders = helpers.load_case("members"), helpers.load_case("member_orders")
    table = helpers.channel_retention(members, orders, join_from="2024-01-01", join_to="2025-06-30")
    levers = helpers.retention_levers(table).set_index(["渠道", "杠杆"])["多留住人数"]
    return {letter: float(levers[key]) for letter, key in Q6_OPTIONS.items()}


@question("L05_q6", "哪个动作能多留住最多的会员", variables=("第6题答案", "第6题理由"),
          hint="每个动作多留住的人数 = 入会人数 × 留存率的变化（拉新 +10% 时 = 新增人数 × 留存率）；四个都算一算再比。")
def q6(第6题答案, 第6题理由):
    values = _q6_values()
    best = max(values, key=values.get)
    why = {k: f"这个动作大约多留住 {v:.0f} 人，不是四个里最多的。" for k, v in values.items() if k != best}
    expect_choice(第6题答案, best, why=why)
    expect_reason(第6题理由, min_chars=8)


@question("L05_q7", "丢份额的明星产品怎么办", variables=("第7题答案",),
          hint="明星产品的任务是什么？它的相对份额在往哪个方向走？")
def q7(第7题答案):
    expect_choice(第7题答案, "B", why={
        "A": "明星所在的市场增长很快，对手在追；不投入，领先优势会继续缩小。",
        "C": "它的市场增长快、相对份额仍大于 1，是明星，不是瘦狗。",
        "D": "相对份额一年内明显下滑，这是需要马上处理的信号。",
    })

