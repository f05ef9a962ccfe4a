"""Checks for 第二讲 市场洞察与客户分类 (exercises/L02_练习.ipynb).

Expected values come from the case data (orders), computed here, so the checks follow the
data if it is regenerated. Messages say what is wrong, never the answer itself.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

import helpers
from helpers.course.exercises import (
    Incorrect,
    as_number,
    chart_data,
    expect_choice,
    expect_number,
    expect_reason,
    question,
)


@lru_cache(maxsize=1)
def _sales_2024() -> pd.Series:
    """2024 sales per customer in 万元, every customer of the customer table (0 if none), largest first."""
    orders = helpers.load_case("orders")
    ids = helpers.load_case("customers")["customer_id"]
    year = orders[orders["order_date"].dt.year == 2024]
    sales = year.groupby("customer_id")["amount"].sum().reindex(ids, fill_value=0.0) / 1e4
    return sales.sort_values(ascending=False)


@question("L02_q1", "2024 年前 20% 客户的销售额占比", variables=("前20人数", "前20占比"),
          hint="人群是“2024 年有订单的客户”：先去掉销售额为 0 的客户；前 20% 的客户数 = 客户数 × 0.2，向上取整。")
def q1(前20人数, 前20占比):
    sales = _sales_2024()
    buyers = sales[sales > 0]
    n = math.ceil(0.2 * len(buyers) - 1e-9)
    count = as_number(前20人数)
    if abs(count - math.ceil(0.2 * len(sales))) < 0.5 or abs(count - int(0.2 * len(sales))) < 0.5:
        raise Incorrect("前20人数 把 2024 年没有订单的客户也算进去了。本题的人群是 2024 年有订单的客户。")
    if abs(count - int(0.2 * len(buyers))) < 0.5 and n != int(0.2 * len(buyers)):
        raise Incorrect("前20人数 差了一家：课程的规则是向上取整（有小数就进一）。")
    expect_number(count, n, fraction=False)
    value = as_number(前20占比)
    if abs(value - 0.8) < 1e-9:
        raise Incorrect("0.8 是“二八定律”的口号，不是用数据算出来的结果。")
    if abs(value - buyers.tail(n).sum() / buyers.sum()) < 0.0005:
        raise Incorrect("你算的是销售额最低的那些客户。表已经从高到低排好，最前面的才是销售额最高的客户。")
    if abs(value - buyers.head(n).sum()) < 0.01:
        raise Incorrect("你给出的是金额，本题要的是占比：还要除以全部客户的销售额。")
    expect_number(value, buyers.head(n).sum() / buyers.sum(), tol=0.0005)


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@question("L02_q2", "帕累托曲线", variables=("累计占比", "图"),
          hint="累计占比：把从高到低排好的销售额逐个累加，再除以总额，最后一个值是 1。图：画一条折线，"
               "并给它一个中文标题（标题里要有汉字）。")
def q2(累计占比, 图):
    sales = _sales_2024()
    buyers = sales[sales > 0]
    want = buyers.cumsum() / buyers.sum()
    if not isinstance(累计占比, pd.Series):
        raise Incorrect(f"累计占比 应该是一列数据（Series），现在是 {type(累计占比).__name__}。")
    if len(累计占比) == len(sales):
        raise Incorrect("累计占比 把 2024 年没有订单的客户也算进去了：请只用有订单的客户（第 1 题的人群）。")
    if len(累计占比) != len(want):
        raise Incorrect(f"累计占比 应该每个有订单的客户一个值（{len(want)} 个），现在有 {len(累计占比)} 个。")
    mine = 累计占比.to_numpy(dtype=float)
    if np.allclose(mine, buyers.cumsum().to_numpy()):
        raise Incorrect("累计占比 还是金额：请再除以全部客户的销售额，让它从 0 涨到 1。")
    if not np.allclose(mine, want.to_numpy(), atol=1e-9):
        raise Incorrect("累计占比 的数值不对：应该是从高到低逐个累加的销售额除以总额，最后一个值等于 1。")
    data = chart_data(图)
    if len(data) != len(want) or not np.allclose(data.to_numpy(dtype=float), want.to_numpy(), atol=1e-9):
        raise Incorrect("图里画的不是 累计占比：请用 累计占比 画折线。")
    ax = 图.axes[0] if hasattr(图, "axes") and not hasattr(图, "get_title") else 图
    title = ax.get_title().strip() or (ax.figure._suptitle.get_text() if ax.figure._suptitle else "")
    if not title:
        raise Incorrect("图还没有标题。每张图都要有中文标题，说出图里的发现。")
    if not _cjk(title):
        raise Incorrect(f"标题“{title}”里没有中文。题目要求中文标题，例如说出前 20% 的客户贡献了多少。")


@question("L02_q3", "RFM 中 R 的方向", variables=("第3题答案",),
          hint="R 是“最近一次购买距今多少天”。天数小，说明客户是不久前还是很久以前买的？")
def q3(第3题答案):
    expect_choice(第3题答案, "B", why={
        "A": "方向反了：R 的天数越小，说明客户越是最近才买过，关系越活跃，不是流失风险高。",
        "C": "R 通常是 RFM 三项里最能预示客户会不会再来的一项，不能忽略。",
        "D": "R 量的是时间（距今天数），不是金额；金额是 M。",
    })


RULE_BIG, RULE_POTENTIAL = 50, 100  # 万元: 2025 sales for 大客户, yearly purchase potential for 潜力客户
CUSTOMERS = {  # name -> (2025 sales with us, yearly purchase potential), 万元; stated in the notebook
    "客户甲": (30, 1000),
    "客户乙": (58, 67),
    "客户丙": (34, 63),
}


def classify(sales: float, potential: float) -> str:
    """The stated rule: 大客户 first, then 潜力客户, else 普通客户."""
    if sales >= RULE_BIG:
        return "大客户"
    return "潜力客户" if potential >= RULE_POTENTIAL else "普通客户"


@question("L02_q4", "按标准给客户分类", variables=("客户甲", "客户乙", "客户丙"),
          hint="按顺序套用标准：先看 2025 年销售额是否达到 50 万元；不够的，再看年采购潜力是否达到 100 万元。")
def q4(客户甲, 客户乙, 客户丙):
    answers = {"客户甲": 客户甲, "客户乙": 客户乙, "客户丙": 客户丙}
    labels = ("大客户", "潜力客户", "普通客户")
    for name, answer in answers.items():
        if not isinstance(answer, str) or answer.strip() not in labels:
            raise Incorrect(f"{name}：请填“大客户”“潜力客户”“普通客户”中的一个，并带引号。")
    for name, answer in answers.items():
        sales, potential = CUSTOMERS[name]
        want = classify(sales, potential)
        if answer.strip() != want:
            if want == "大客户":
                why = f"它 2025 年的销售额已经达到 {RULE_BIG} 万元的门槛，销售团队贴的标签不影响分类。"
            elif answer.strip() == "大客户":
                why = f"它 2025 年的销售额没有达到 {RULE_BIG} 万元。"
            elif want == "潜力客户":
                why = "它现在买得不多，但年采购潜力很大——大部分采购还给了别家。"
            else:
                why = f"它的年采购潜力不到 {RULE_POTENTIAL} 万元。"
            raise Incorrect(f"{name}不是“{answer.strip()}”：{why}")


@question("L02_q5", "显性需求与隐性需求", variables=("第5题答案",),
          hint="显性需求是客户说出口的要求；隐性需求是客户没说、却真正让他着急的问题。")
def q5(第5题答案):
    expect_choice(第5题答案, "B", why={
        "A": "“价格再低 5%”是客户当面提出的要求，这是显性需求。",
        "C": "纪要里没有任何迹象说明客户想换供应商。",
        "D": "多备库存只是一种可能的做法，不是客户背后的问题本身。",
    })



WEIGHT_OPTIONS = {"A": "当前销售额", "B": "采购潜力", "C": "合作年限", "D": "毛利率"}


@question("L02_q6", "选客权重跟着战略走（判断题）", variables=("第6题答案", "第6题理由"),
          hint="战略说的是“从现有客户身上多拿份额”：哪一项指标衡量的是客户还能多买多少？")
def q6(第6题答案, 第6题理由):
    expect_choice(第6题答案, "B", why={
        "A": "当前销售额看的是现在买了多少，不是还能多买多少；只提高它，选出来的还是现在的大客户。",
        "C": "合作年限说明关系长久，但和还能多拿多少份额关系不大。",
        "D": "毛利率说明赚得多不多，不说明客户还有多少采购在别家。",
    })
    expect_reason(第6题理由, not_only=list(WEIGHT_OPTIONS.values()))


ALERT_OPTIONS = {
    "A": "不用管：同比还在涨",
    "B": "两周内问清原因（项目间歇、库存充足，还是订单给了别家），确认下一单的时间",
    "C": "马上给它降价，防止流失",
    "D": "把它移出 A 级重点客户名单",
}


@question("L02_q7", "预警之后做什么（判断题）", variables=("第7题答案", "第7题理由"),
          hint="预警是提问，不是结论：先弄清原因，再决定动作。哪一个选项是在弄清原因？")
def q7(第7题答案, 第7题理由):
    expect_choice(第7题答案, "B", why={
        "A": "同比看的是一整年，最近一个季度突然少了一半以上，可能是订单正在流向别家，不能等到同比也掉下来。",
        "C": "还不知道原因就降价，可能白白让利：原因也许是客户的项目间歇，或者是我们的交付出了问题。",
        "D": "一个季度的下降不足以说明客户不重要；移出名单会让它更没人管。",
    })
    expect_reason(第7题理由, not_only=list(ALERT_OPTIONS.values()))
