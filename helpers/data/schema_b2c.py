"""The tables of 山禾生活会员店 (fictional B2C membership store)."""

from __future__ import annotations

from .table_spec import _C, Table, _cat

B2C = "山禾生活会员店（虚构）"

JOIN_CHANNELS = ("门店", "小程序", "APP", "社群", "异业合作")

CITY_TIERS = ("一线", "新一线", "二线", "三线及以下")

GENDERS = ("女", "男")

AGE_GROUPS = ("18-24岁", "25-34岁", "35-44岁", "45-54岁", "55岁及以上")

MEMBER_TIERS = ("普通", "银卡", "金卡")

ORDER_CHANNELS = ("门店", "线上")

TOUCHPOINTS = ("到店导购", "客服热线", "在线客服", "配送", "售后退换", "会员活动")

#: behaviour-log events, in journey order
MEMBER_EVENTS = ("注册", "浏览", "加购", "下单")

EVENT_PLATFORMS = ("线上", "门店")

AB_GROUPS = ("对照组", "实验组")

#: 山禾生活会员店's tables, in documentation order.
B2C_TABLES: tuple[Table, ...] = (
    Table("members", "会员档案", B2C,
          "每行一位会员（2024-2025 年入会；有些会员注册后从未下单）。用于用户生命周期、渠道留存和新用户运营分析。",
          (
              _C("member_id", "会员编号", "会员的唯一编号，如 M00001", "str"),
              _C("join_date", "入会日期", "注册成为会员的日期", "date"),
              _cat("join_channel", "入会渠道", "会员从哪个渠道注册", JOIN_CHANNELS),
              _cat("city_tier", "城市等级", "会员所在城市的等级", CITY_TIERS),
              _cat("gender", "性别", "会员性别", GENDERS),
              _cat("age_group", "年龄段", "会员年龄段", AGE_GROUPS, ordered=True),
              _cat("member_tier", "会员等级", "截至 2025 年底的会员等级", MEMBER_TIERS, ordered=True),
          )),
    Table("member_orders", "会员订单", B2C,
          "每行一笔会员订单，2024-01-01 至 2025-12-31。用于复购、留存、RFM 和“魔法数字”检验。",
          (
              _C("order_id", "订单编号", "订单的唯一编号", "str"),
              _C("member_id", "会员编号", "对应 members.member_id", "str"),
              _C("order_date", "下单日期", "订单日期", "date"),
              _cat("channel", "购买渠道", "门店或线上", ORDER_CHANNELS),
              _C("items", "件数", "订单商品件数", "int", unit="件"),
              _C("amount", "订单金额", "实付金额", "float", unit="元"),
          )),
    Table("member_activity", "会员月度活跃", B2C,
          "每行一位会员一个月的活跃情况（只列出有活跃的月份）。用于活跃度和流失预警分析。",
          (
              _C("member_id", "会员编号", "对应 members.member_id", "str"),
              _C("month", "月份", "年-月，如 2025-03", "str"),
              _C("app_visits", "APP/小程序访问次数", "当月打开 APP 或小程序的次数", "int", unit="次"),
              _C("store_visits", "到店次数", "当月到店次数", "int", unit="次"),
              _C("coupons_used", "用券次数", "当月使用优惠券的次数", "int", unit="次"),
          )),
    Table("touchpoints", "服务触点评价", B2C,
          "每行一次服务接触及会员的评价。用于服务体验分析（哪个触点拖后腿）。",
          (
              _C("touch_id", "触点编号", "服务接触的唯一编号", "str"),
              _C("member_id", "会员编号", "对应 members.member_id", "str"),
              _C("touch_date", "日期", "服务发生的日期", "date"),
              _cat("touchpoint", "触点", "服务触点类型", TOUCHPOINTS),
              _C("satisfaction", "满意度", "会员对这次服务的评分，1=很不满意 … 5=很满意", "int", unit="分（1-5）"),
              _C("resolved", "是否解决", "问题是否一次解决，1=是，0=否", "int", unit="0/1"),
          )),
    Table("member_events", "会员行为日志", B2C,
          "每行一个会员行为事件：2025 年 1–10 月入会的会员，入会当天起 60 天内（第 0–59 天）的注册、浏览、加购和下单，"
          "按时间先后编号。用于新会员漏斗分析（第五讲）。门店下单没有线上的浏览和加购记录。",
          (
              _C("event_id", "事件编号", "事件的唯一编号，按发生时间排序，如 EV000001", "str"),
              _C("member_id", "会员编号", "对应 members.member_id（2025-01-01 至 2025-10-31 入会的会员）", "str"),
              _C("event_time", "发生时间", "事件发生的时间，精确到秒，在入会日期起 60 天内", "datetime"),
              _cat("event", "事件", "行为类型：注册=成为会员，浏览=浏览商品，加购=加入购物车，下单=完成订单",
                   MEMBER_EVENTS),
              _cat("platform", "端", "事件发生在线上（APP/小程序）还是门店；注册按入会渠道，浏览、加购在线上，"
                   "下单与订单的购买渠道一致", EVENT_PLATFORMS),
              _C("order_id", "订单编号", "只有“下单”事件填写，对应 member_orders.order_id；其他事件为空", "str"),
          )),
    Table("member_survey", "会员满意度调查", B2C,
          "每行一位受邀会员：2025 年 1–10 月有购买的会员全部受邀，2025 年 11 月作答。用于服务触点驱动分析"
          "（哪个触点最影响总体满意度）和用户经营四个维度中的“关系”。",
          (
              _C("survey_id", "问卷编号", "问卷的唯一编号，如 MS0001", "str"),
              _C("member_id", "会员编号", "受邀会员，对应 members.member_id；每位会员一行", "str"),
              _C("survey_date", "调查日期", "邀请并作答的日期（2025-11-03 至 2025-11-28）", "date"),
              _C("responded", "是否回复", "1=已回复，0=未回复", "int", unit="0/1"),
              _C("overall_satisfaction", "总体满意度", "“总的来说，您对山禾满意吗？”1=非常不满意 … 10=非常满意；"
                 "空=未回复", "int", unit="分（1-10）", nullable=True),
              _C("recommend", "推荐意愿", "“您有多大可能把山禾推荐给亲友？”0=完全不可能 … 10=非常可能；空=未回复",
                 "int", unit="分（0-10）", nullable=True),
          )),
    Table("ab_test", "复购券实验分组", B2C,
          "每行一位参加复购券实验的会员：2025 年 1–6 月首次购买的会员，在首购当天随机分到对照组或实验组"
          "（实验组收到一张 30 天内有效的复购券）。实验结果不在表里，用 member_orders 计算。",
          (
              _C("member_id", "会员编号", "参加实验的会员，对应 members.member_id；每位会员一行", "str"),
              _C("assigned_date", "分组日期", "分组的日期，等于该会员第一次购买的日期", "date"),
              _cat("group", "分组", "随机分组：对照组不发券，实验组发复购券", AB_GROUPS),
              _C("coupon_yuan", "复购券面额", "对照组为 0，实验组为 20", "int", unit="元"),
          )),
    Table("member_targets", "2025年经营目标", B2C,
          "每行一个月：2025 年每月的新入会会员目标和会员销售额目标（2024 年底制定）。用于“对目标”的对比分析。",
          (
              _C("month", "月份", "年-月，2025-01 至 2025-12", "str"),
              _C("new_members_target", "新入会目标", "当月新入会会员人数目标", "int", unit="人"),
              _C("sales_target_wan", "销售额目标", "当月会员订单金额合计的目标", "float", unit="万元", decimals=1),
          )),
)
