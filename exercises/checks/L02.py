"""Checks for 第二讲 市场洞察与客户分类 (exercises/L02_练习.ipynb).

Expected values come from the case data (orders), computed here, so the checks follow the
data if it is regenerated. Messages say what is wrong, never the answer itself.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

import helpers
from helpers.course.exercises import (
    Incorrect,
    as_number,
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
          hint="人群是“2024 年有订单的客户”：先去掉销售额为 0 的客户（第二讲的 cu.buyers_only）；"
               "前 20% 的客户数 = 有订单的客户数 × 0.2，有小数就进一；占比可以用 cu.top_share。")
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
    want = buyers.head(n).sum() / buyers.sum()
    if abs(value - want) > 0.005 and abs(value - want) < 0.01:
        raise Incorrect("接近了，但还差一点：请多保留一位小数（例如写成 0.657，而不是 0.66）。")
    expect_number(value, want, tol=0.005)


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _lines(chart: Any) -> list[np.ndarray]:
    """The y data of every line in the chart's figure (twin axes included)."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(chart, Figure):
        figure = chart
    elif isinstance(chart, Axes):
        figure = chart.figure
    else:
        raise Incorrect("图 应该是一张图：把 charts.plot_pareto(...) 的结果赋给 图。")
    return [np.asarray(line.get_ydata(), dtype=float) for ax in figure.axes for line in ax.lines]


def _title(chart: Any) -> str:
    from matplotlib.figure import Figure

    figure = chart if isinstance(chart, Figure) else chart.figure
    titles = [ax.get_title().strip() for ax in figure.axes]
    if figure._suptitle:
        titles.append(figure._suptitle.get_text())
    return next((t for t in titles if t), "")


@question("L02_q2", "帕累托图的标题说出发现", variables=("图",),
          hint="用第二讲的 charts.plot_pareto 画第 1 题的客户（有订单的），用 title= 写一个中文标题，"
               "标题里写出前 20% 客户的销售额占比。")
def q2(图):
    sales = _sales_2024()
    buyers = sales[sales > 0]
    want = (buyers.cumsum() / buyers.sum()).to_numpy()
    everyone = (sales.cumsum() / sales.sum()).to_numpy()
    lines = _lines(图)
    if any(len(y) in (len(everyone), len(everyone) + 1) for y in lines) and len(everyone) != len(want):
        raise Incorrect("图里的客户把 2024 年没有订单的也算进去了：请只画有订单的客户（第 1 题的 有订单）。")
    drawn = [y[1:] if len(y) == len(want) + 1 else y for y in lines]
    if not any(len(y) == len(want) and np.allclose(y, want, atol=1e-9) for y in drawn):
        raise Incorrect("图里没有找到 2024 年有订单客户的累计销售额占比：请用 charts.plot_pareto 画第 1 题的 有订单。")
    title = _title(图)
    if not title:
        raise Incorrect("图还没有标题。请用 title= 写一个中文标题，说出图里的发现。")
    if not _cjk(title):
        raise Incorrect(f"标题“{title}”里没有中文。题目要求中文标题。")
    share = float(buyers.head(math.ceil(0.2 * len(buyers) - 1e-9)).sum() / buyers.sum()) * 100
    numbers = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", title)]
    if not any(abs(x - share) <= 1.0 for x in numbers):
        raise Incorrect(f"标题“{title}”还没有说出发现：请写出 2024 年前 20% 客户的销售额占比"
                        "（第 1 题的结果，写成百分数）。")


@question("L02_q3", "RFM 中 R 的方向", variables=("第3题答案",),
          hint="R 是“最近一次购买距今多少天”。天数小，说明客户是不久前还是很久以前买的？")
def q3(第3题答案):
    expect_choice(第3题答案, "B", why={
        "A": "方向反了：R 的天数越小，说明客户越是最近才买过，关系越活跃，不是流失风险高。",
        "C": "R 通常是 RFM 三项里最能预示客户会不会再来的一项，不能忽略。",
        "D": "R 量的是时间（距今天数），不是金额；金额是 M。",
    })


RULE_BIG, RULE_ROOM = 50, 100  # 万元: 2025 sales for 大客户, headroom (potential - sales) for 潜力客户
CUSTOMERS = {  # name -> (2025 sales with us, yearly purchase potential), 万元; stated in the notebook
    "客户甲": (30, 1000),
    "客户乙": (58, 67),
    "客户丙": (34, 63),
}


def classify(sales: float, potential: float) -> str:
    """The stated rule: 大客户 first, then 潜力客户 (headroom = potential - sales), else 普通客户."""
    if sales >= RULE_BIG:
        return "大客户"
    return "潜力客户" if potential - sales >= RULE_ROOM else "普通客户"


@question("L02_q4", "按标准给客户分类", variables=("客户甲", "客户乙", "客户丙"),
          hint="按顺序套用标准：先看 2025 年销售额是否达到 50 万元；不够的，再算增长空间（年采购潜力 − 采购额）"
               "是否达到 100 万元。")
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
                why = "它现在买得不多，但增长空间很大——大部分采购还给了别家。"
            else:
                why = f"它的增长空间（年采购潜力 − 采购额）不到 {RULE_ROOM} 万元。"
            raise Incorrect(f"{name}不是“{answer.strip()}”：{why}")


@question("L02_q5", "显性需求与隐性需求", variables=("第5题答案",),
          hint="显性需求是客户说出口的要求；隐性需求是客户没说、却真正让他着急的问题。")
def q5(第5题答案):
    expect_choice(第5题答案, "B", why={
        "A": "“价格再低 5%”是客户当面提出的要求，这是显性需求。",
        "C": "纪要里没有任何迹象说明客户想换供应商。",
        "D": "多备库存只是一种可能的做法，不是客户背后的问题本身。",
    })



WEIGHT_OPTIONS = {"A": "当前销售额", "B": "增长空间", "C": "合作年限", "D": "毛利率"}


@question("L02_q6", "选客权重跟着战略走（判断题）", variables=("第6题答案", "第6题理由"),
          hint="战略说的是“从现有客户身上多拿份额”：哪一项指标衡量的是客户还在向别家买多少？")
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
