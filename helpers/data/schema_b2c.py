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
)
