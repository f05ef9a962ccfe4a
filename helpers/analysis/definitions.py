"""One definition per concept, for the whole course: active, silent, churned, repeat purchase.

Every lecture that counts active or lost customers uses these constants and cites
:func:`course_definitions`, so that lecture 1's "流失" and lecture 5's "流失" mean the same.

* B2B (青岚工控): industrial buyers order in long cycles, so a customer is **active** with an
  order in the last 12 months and **churned** after 12 months in a row without one;
  **silent** (the early warning of lecture 2's monitor) after 90 days without an order.
* B2C (山禾会员): a member is **active** with a purchase in the last 90 days, **silent** after
  91-180 days (the lifecycle's 衰退期) and **churned** after more than 180 days without a
  purchase (at least 181 days); a member who never bought counts as churned once 180 days
  have passed since joining. In the case data, of the buyers churned by this rule at
  2024-12-31 only a few per cent bought again in 2025 (lecture 5 checks it).
* A **purchase** is a day with an order (several orders on one day count once), as in
  lecture 2's RFM ``F``; a **repeat purchase** is the second purchase day or later.

Day arithmetic is in whole calendar days: ``recency = as_of - last purchase date``
(0 = bought on ``as_of``).
"""

from __future__ import annotations

import pandas as pd

#: B2B: months without an order after which a customer counts as churned.
CHURN_MONTHS_B2B = 12
#: B2B: days without an order after which an account is flagged as silent.
SILENT_DAYS_B2B = 90
#: B2B: an active customer ordered within this many months before the reference date.
ACTIVE_MONTHS_B2B = 12
#: B2C: days without a purchase after which a member counts as churned (strictly more than).
CHURN_DAYS_B2C = 180
#: B2C: days without a purchase after which a member is silent (strictly more than).
SILENT_DAYS_B2C = 90


def course_definitions() -> pd.DataFrame:
    """The course's definitions of purchase, active, silent, churned and repeat, as a table.

    Returns:
        One row per concept; columns 概念, B2B 青岚工控, B2C 山禾会员, 理由.

    >>> table = course_definitions()
    >>> list(table.columns)
    ['概念', 'B2B 青岚工控', 'B2C 山禾会员', '理由']
    >>> table.set_index("概念").loc["流失", "B2B 青岚工控"]
    '连续 12 个月没有订单'
    """
    rows = [
        ("购买次数", "有订单的天数（同一天多笔算 1 次）", "同左", "与第二讲 RFM 的 F 一致"),
        ("活跃", f"近 {ACTIVE_MONTHS_B2B} 个月有订单", f"近 {SILENT_DAYS_B2C} 天有购买",
         "工业品采购周期长；会员的购买间隔多在两个月以内"),
        ("沉默（预警）", f"{SILENT_DAYS_B2B} 天没有订单（第二讲监控表）",
         f"{SILENT_DAYS_B2C + 1}–{CHURN_DAYS_B2C} 天没有购买（生命周期的衰退期）", "流失之前的预警带"),
        ("流失", f"连续 {CHURN_MONTHS_B2B} 个月没有订单",
         f"连续 {CHURN_DAYS_B2C} 天以上（≥ {CHURN_DAYS_B2C + 1} 天）没有购买；入会满 {CHURN_DAYS_B2C} 天仍未首购也算",
         "按这条规则判为流失的客户，之后很少再回来（第五讲用数据检验）"),
        ("复购", "第 2 个及以后的购买日", "同左", "—"),
    ]
    return pd.DataFrame(rows, columns=["概念", "B2B 青岚工控", "B2C 山禾会员", "理由"])


def course_glossary() -> pd.DataFrame:
    """The course's terms with their one definition and the lecture that introduces them.

    Each rule here is the one the lecture's helper functions apply (with the default
    parameters); the lectures print the figures, this table only states the rules.

    Returns:
        One row per term; columns 术语, 定义, 出处.

    >>> table = course_glossary().set_index("术语")
    >>> table.loc["关键人", "出处"]
    '第三讲'
    >>> "60 天" in table.loc["停滞商机", "定义"]
    True
    """
    rows = [
        ("活跃 / 沉默 / 流失", "见上表（course_definitions）：B2B 按 12 个月，B2C 按 90 / 180 天", "第一、五讲"),
        ("重点客户（CRM 标签）", "销售团队在客户档案里贴的“重点客户”标签，不一定与数据算出的价值一致", "第二讲"),
        ("A 级重点客户", "近 12 个月有订单的客户中，按第二讲的加权评分（当前销售额 50%、增长空间 20%、"
                       "销售增长 10%、毛利率 10%、合作年限 10%；金额按占最大值、比率按百分位换算成 0–100 分）"
                       "排名前 12 的客户", "第二讲"),
        ("大客户 / 潜力客户 / 普通客户", "在近 12 个月有订单的客户中：销售额达到前 20% 线为大客户；否则增长空间"
                                      "（年采购潜力 − 近 12 个月销售额）达到前 30% 线为潜力客户；其余为普通客户。"
                                      "近 12 个月没有订单的客户另列为流失客户（挽回名单）", "第二讲"),
        ("钱包份额", "近 12 个月本公司销售额 ÷ 客户一年在本品类的采购总额（含买竞品的部分）", "第二、四讲"),
        ("增长空间", "年采购潜力 − 近 12 个月本公司销售额（万元）：客户还在向别家买的部分；"
                     "第二讲用它划潜力线并给 A 级评分", "第二、三讲"),
        ("关键人", "影响力 ≥ 4 分，或决策角色是“决策者”的联系人", "第三讲"),
        ("倒三角对接标准", "对方决策层由我方总监及以上对接，管理层由经理及以上对接，执行层任何人都可以；"
                         "对决策层的人和关键人是硬要求（低于标准算缺口），对其他管理层联系人只作参考", "第三讲"),
        ("断线", "与客户的一条互动线（高层线、商务线、技术线）两次互动相隔超过 60 天，"
                 "或最后一次互动距复盘日超过 60 天；空白从上一次拜访算起（含复盘期之前的拜访）", "第三讲"),
        ("立体经营名单", "A 级重点客户，加上标为重点客户、仍在下单（近 12 个月有订单）、增长空间排前 12 的客户；"
                       "已流失的重点客户另列挽回名单", "第三讲"),
        ("挽回名单", "标为重点客户、但连续 12 个月没有订单的客户：年采购潜力 ≥ 100 万元且最近订单在 24 个月内的挽回，"
                     "潜力同样大但更久的先核实，潜力 < 100 万元的降级", "第三讲"),
        ("高优先缺口", "关键人反对、关键人无人对接，或关键人超过 90 天没有联系", "第三讲"),
        ("一般客户", "CRM 标签为“一般客户”的客户（大多数客户）", "第四讲"),
        ("停滞商机",
         "进行中、尚未签约、在当前阶段停留超过 60 天的商机；按加权金额（预计金额 × 该阶段历史签约率）排先后",
         "第四讲"),
        ("逾期 / 账龄", "到期日 = 交付日期 + 账期；逾期天数 = 复盘日 − 到期日；超过 90 天为红色预警；"
                       "到期日当天或之前到账为按期回款", "第四讲"),
        ("黑马", "一般客户中同时满足五条规则的客户：① 在上期（前一个 12 个月）开始之前就已合作；"
                 "② 上期销售额 1–20 万元；③ 本期（近 12 个月）销售额至少翻一番（本期 ≥ 上期 × 2）；"
                 "④ 本期至少 3 笔订单，且最大一笔不超过本期销售额的一半；"
                 "⑤ 增长空间（年采购潜力 − 本期销售额）不少于 30 万元", "第四讲"),
        ("产品线宽度", "客户近 12 个月买过的产品线条数", "第四讲"),
        ("获客现金费用率", "当年获客现金费用 ÷ 当年销售额；不含销售人员的工资、提成和差旅", "第四、六讲"),
        ("同期群（cohort）留存", "按首次购买的月份分组；每组在首购后第 k 个日历月当月有购买的人数 ÷ 该组首购人数"
                               "（不是“还剩多少人”）", "第五讲"),
        ("到第 k 个月为止回来过", "首购后已观察满 k 个月的会员中，第 1 至第 k 个日历月里至少买过一次的比例", "第五讲"),
        ("一年后留存（魔法数字检验）", "某年首购的会员中，首购后第 181–365 天有购买的比例；"
                                    "按首购后第 1–90 天复购的天数分组", "第五讲"),
        ("渠道留存", "某段时间入会的会员（含从未购买的）中，入会后第 91–180 天有购买的比例；"
                     "分母为该渠道入会人数", "第五讲"),
        ("实验留存 / 30 天内复购", "参加复购券实验的首购会员中，首购后第 91–180 天有购买 / 第 1–30 天又买的比例；"
                                 "分母为各组人数", "第五讲"),
        ("年度复购率", "当年有购买的会员中，当年购买 ≥ 2 天的比例", "第五讲"),
        ("90 天内复购", "首购会员中，首购后第 1–90 天又买的比例", "第五讲"),
        ("互动率", "未流失会员中，当月有 APP/小程序访问或到店的比例（不是“活跃会员”）", "第五讲"),
        ("最小可检出差值", "功效 80%、双侧显著性 5% 时，按两组人数和对照组比例，"
                           "实验能可靠发现的最小差值（百分点）", "第五讲"),
        ("相对市场份额", "本公司份额 ÷ 三家已跟踪竞品中最大的一家的份额", "第五讲"),
    ]
    return pd.DataFrame(rows, columns=["术语", "定义", "出处"])
