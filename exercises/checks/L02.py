"""Checks for 第二讲 市场洞察与客户分类 (exercises/L02_练习.ipynb).

Expected values come from the case data (orders), computed here, so the checks follow the
data if it is regenerated. Messages say what is wrong, never the answer itself.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

import helpers
from helpers.course.exercises import Incorrect, as_number, chart_data, expect_choice, expect_number, question


@lru_cache(maxsize=1)
def _revenue() -> pd.Series:
    """Revenue per customer over the three years, largest first."""
    orders = helpers.load_case("orders")
    return orders.groupby("customer_id")["amount"].sum().sort_values(ascending=False)


@question("L02_q1", "前 20% 客户的收入占比", variables=("前20占比",),
          hint="取排在最前面的 前20人数 个客户：客户收入.head(前20人数).sum()，再除以全部客户的收入 客户收入.sum()。")
def q1(前20占比):
    rev = _revenue()
    value = as_number(前20占比)
    n = int(len(rev) * 0.2)
    if abs(value - 0.8) < 1e-9:
        raise Incorrect("0.8 是“二八定律”的口号，不是用数据算出来的结果。请用代码算出真实的比例。")
    if abs(value - rev.tail(n).sum() / rev.sum()) < 0.0005:
        raise Incorrect("你算的是收入最低的 20% 客户。客户收入 已经从高到低排好，最前面的才是收入最高的客户。")
    if abs(value - rev.head(n).sum()) < 1:
        raise Incorrect("你给出的是金额，本题要的是占比：还要除以全部客户的收入。")
    expect_number(value, rev.head(n).sum() / rev.sum(), tol=0.0005)


@question("L02_q2", "帕累托曲线", variables=("累计占比", "图"),
          hint="累计占比 = 客户收入.cumsum() / 客户收入.sum()；图 = 累计占比.plot(use_index=False, title=\"…\")")
def q2(累计占比, 图):
    rev = _revenue()
    want = rev.cumsum() / rev.sum()
    if not isinstance(累计占比, pd.Series):
        raise Incorrect(f"累计占比 应该是一列数据（Series），现在是 {type(累计占比).__name__}。")
    if len(累计占比) != len(want):
        raise Incorrect(f"累计占比 应该每个客户一个值（{len(want)} 个），现在有 {len(累计占比)} 个。")
    mine = 累计占比.to_numpy(dtype=float)
    if np.allclose(mine, rev.cumsum().to_numpy()):
        raise Incorrect("累计占比 还是金额：请再除以全部客户的收入 客户收入.sum()，让它从 0 涨到 1。")
    if not np.allclose(mine, want.to_numpy(), atol=1e-9):
        raise Incorrect("累计占比 的数值不对：应该是 客户收入 的累计和（.cumsum()）除以总收入，最后一个值等于 1。")
    data = chart_data(图)
    if len(data) != len(want) or not np.allclose(data.to_numpy(dtype=float), want.to_numpy(), atol=1e-9):
        raise Incorrect("图里画的不是 累计占比：请用 累计占比.plot(...) 画图。")
    ax = 图.axes[0] if hasattr(图, "axes") and not hasattr(图, "get_title") else 图
    if not ax.get_title().strip():
        raise Incorrect("图还没有标题。每张图都要有中文标题：在 .plot(...) 里加上 title=\"……\"。")


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
