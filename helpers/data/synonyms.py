"""The usual Chinese and English names of the columns analyses ask for.

:func:`helpers.require_columns` finds a column under its canonical name (the key) or any
of these names, after loose matching (full-width → half-width, case, spaces, ``_`` and
``-`` ignored). A lecture that reads a new kind of table adds its columns in its section.
"""

from __future__ import annotations

#: canonical column name -> names it is accepted under (Chinese first).
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": ("客户编号", "客户ID", "客户代码", "客户编码", "客户号", "会员ID", "会员编号", "会员号",
                    "会员卡号", "用户ID", "用户编号", "customer_id", "CustomerID", "cust_id", "client_id",
                    "member_id", "user_id"),
    "customer_name": ("客户名称", "客户名", "客户", "客户姓名", "公司名称", "单位名称", "会员姓名", "姓名",
                      "customer_name", "customer", "client", "client_name"),
    "date": ("日期", "订单日期", "下单日期", "交易日期", "购买日期", "成交日期", "消费日期", "付款日期",
             "支付日期", "date", "order_date", "transaction_date", "purchase_date"),
    "amount": ("金额", "金额(元)", "销售额", "销售额(元)", "销售金额", "订单金额", "实付金额", "成交金额",
               "消费金额", "交易金额", "支付金额", "amount", "sales", "revenue", "order_amount", "sales_amount"),
    "quantity": ("数量", "件数", "购买数量", "销售数量", "订购数量", "quantity", "qty"),
    "price": ("单价", "价格", "售价", "price", "unit_price"),
    "region": ("区域", "地区", "大区", "销售区域", "所属区域", "所属大区", "region", "area", "territory"),
    "province": ("省份", "省", "所在省份", "province"),
    "city": ("城市", "所在城市", "city"),
    "product": ("产品", "产品名称", "产品线", "商品", "商品名称", "品名", "product", "product_name",
                "product_line", "item"),
    "category": ("品类", "类别", "产品类别", "商品类别", "category"),
    "order_id": ("订单号", "订单编号", "订单ID", "单号", "order_id", "order_no", "order_number"),
    "channel": ("渠道", "销售渠道", "来源渠道", "channel"),
    "industry": ("行业", "所属行业", "industry"),
    "level": ("客户等级", "会员等级", "等级", "客户级别", "level", "tier", "grade"),
    "salesperson": ("销售员", "业务员", "销售代表", "客户经理", "负责人", "salesperson", "sales_rep", "owner"),
    "signup_date": ("注册日期", "入会日期", "开卡日期", "signup_date", "join_date", "registration_date"),
    # --- lecture 3: decision chains, action plans ------------------------------------
    # --- lecture 4: pipeline, receivables, visits ------------------------------------
    # --- lecture 5: members, events, products ----------------------------------------
    # --- lecture 6: sales team ---------------------------------------------------------
}
