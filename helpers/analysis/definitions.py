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
