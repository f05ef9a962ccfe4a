"""The tables of 青岚工控 (fictional B2B supplier of industrial automation components)."""

from __future__ import annotations

from .table_spec import _C, Table, _cat, _likert

B2B = "青岚工控（虚构）"

REGIONS = ("华东", "华南", "华北", "华中", "西南", "西北", "东北")

INDUSTRIES = ("汽车零部件", "电子制造", "新能源", "机械加工", "食品饮料", "化工", "医药", "纺织", "包装印刷")

PRODUCT_LINES = ("伺服驱动", "变频器", "PLC控制器", "传感器", "工业机器人配件", "维保服务")

ACCOUNT_TYPES = ("重点客户", "一般客户")

LIFECYCLE = ("导入期", "成长期", "成熟期", "衰退期")

STAGES = ("商机发现", "需求确认", "方案报价", "商务谈判", "签约", "交付", "回款")

#: Date column of each pipeline stage after the first (the first is ``created_date``).
STAGE_DATE_COLUMNS = ("date_qualified", "date_quoted", "date_negotiated", "date_signed",
                      "date_delivered", "date_paid")

PIPELINE_STATUS = ("进行中", "赢单", "丢单")

LOST_REASONS = ("价格偏高", "交期太长", "技术方案不匹配", "竞品关系更深", "项目取消或延期", "预算不足")

REP_LEVELS = ("销售代表", "高级销售", "销售经理")

#: interviewee roles, from the shop floor (执行层) to the top (决策层)
ROLES = ("采购专员", "技术工程师", "维修班长", "采购经理", "设备主管", "生产厂长", "副总经理", "总经理")

CONTACT_LEVELS = ("执行层", "管理层", "决策层")

DECISION_ROLES = ("决策者", "影响者", "使用者", "采购者", "把关者")

ATTITUDES = ("反对", "中立", "支持")

COMPANY_CODES = ("本公司", "竞品A", "竞品B", "竞品C")

#: our people's ranks when they cover a customer's contact, low to high (lecture 3)
LEADER_RANKS = ("经理", "总监", "副总", "总经理")

LEADER_FUNCTIONS = ("管理", "销售", "技术")

VISIT_TYPES = ("上门拜访", "电话或视频", "技术交流", "高层会晤", "客户活动")

VISIT_PURPOSES = ("例行维护", "商机挖掘", "方案沟通", "商务谈判", "合同与交付", "回款催收", "技术服务", "客户关怀")

GOAL_LEVELS = ("战略", "战役", "战术")

#: where a lead came from; the first four are related to an existing customer (lecture 4's 一带一路)
LEAD_SOURCES = ("老客户引荐", "同一集团", "上下游", "同一园区", "展会", "线上推广", "行业协会", "陌生拜访")

LEAD_RELATIONS = ("同一集团", "上游供应商", "下游客户", "同一园区", "老客户引荐")

LEAD_STATUS = ("新线索", "跟进中", "已立项", "已成交", "无效")

PLAN_STATUS = ("未开始", "进行中", "已完成", "已取消")

SURVEY_ITEMS = ("q_quality", "q_delivery", "q_tech_support", "q_price", "q_sales_staff", "q_digital")

#: 青岚工控's tables, in documentation order.
B2B_TABLES: tuple[Table, ...] = (
    Table("customers", "客户档案", B2B,
          "每行一个客户（2023-2025 年至少下过一单的客户）。用于客户分类、区域分析和客户价值分析。",
          (
              _C("customer_id", "客户编号", "客户的唯一编号，如 C0001", "str"),
              _C("customer_name", "客户名称", "虚构的公司名称", "str"),
              _cat("industry", "行业", "客户所在行业", INDUSTRIES),
              _cat("region", "区域", "客户所在大区", REGIONS),
              _C("city", "城市", "客户所在城市", "str"),
              _C("employees", "员工人数", "客户企业的员工人数", "int", unit="人"),
              _C("purchase_potential_wan", "年采购潜力",
                 "销售估算的客户每年在本品类上的采购总额（含向竞品采购），因此不低于本公司对该客户任何一年的销售额。"
                 "生成规则：= 2023-2025 年本公司对该客户的最高年销售额 + 增长空间；增长空间（客户向竞品采购或尚未"
                 "采购的部分）逐个客户估算，与客户规模基本无关",
                 "float", unit="万元", decimals=1),
              _C("first_order_date", "首次合作日期",
                 "客户第一次向本公司下单的日期；早于 2023 年的是老客户（订单表只含 2023-2025）",
                 "date"),
              _cat("account_type", "客户类型", "销售团队目前给客户贴的标签（不一定与真实价值一致）", ACCOUNT_TYPES),
              _C("sales_rep_id", "负责销售", "负责该客户的销售人员编号，对应 sales_reps.rep_id", "str"),
              _C("penetration_start", "渗透计划开始日期",
                 "被列入 2025 年渗透计划的日期；空表示未列入。名单由大区经理从符合条件的一般客户中挑选，不是随机分配；"
                 "计划客户和对照组的挑选规则见第四讲", "date"),
          )),
    Table("orders", "订单明细", B2B,
          "每行一笔订单（一个产品），2023-01-01 至 2025-12-31。用于销售分析、帕累托分析、季节性和客户流失分析。",
          (
              _C("order_id", "订单编号", "订单的唯一编号", "str"),
              _C("customer_id", "客户编号", "下单客户，对应 customers.customer_id", "str"),
              _C("order_date", "下单日期", "订单日期", "date"),
              _C("product_id", "产品编号", "对应 products.product_id", "str"),
              _cat("product_line", "产品线", "产品所属产品线", PRODUCT_LINES),
              _C("quantity", "数量", "订购数量（维保服务为服务次数）", "int", unit="件/次"),
              _C("amount", "销售额", "订单金额（折扣后，不含税）", "float", unit="元"),
              _C("gross_profit", "毛利", "销售额减去产品成本", "float", unit="元"),
          )),
    Table("products", "产品目录", B2B,
          "每行一个产品。用于产品线分析、波士顿矩阵和产品生命周期。",
          (
              _C("product_id", "产品编号", "产品的唯一编号，如 P01", "str"),
              _C("product_name", "产品名称", "产品型号名称（虚构）", "str"),
              _cat("product_line", "产品线", "产品所属产品线", PRODUCT_LINES),
              _C("list_price", "目录价", "单价（未打折）", "float", unit="元"),
              _C("unit_cost", "单位成本", "单位产品成本", "float", unit="元"),
              _C("launch_year", "上市年份", "产品上市的年份", "int", unit="年"),
              _cat("lifecycle_stage", "生命周期阶段", "产品经理判断的生命周期阶段", LIFECYCLE, ordered=True),
          )),
    Table("regions", "区域市场", B2B,
          "每行一个区域一年（2023-2025）。用于区域市场诊断的六个实用分析法。本公司销售额与订单表一致。",
          (
              _cat("region", "区域", "大区", REGIONS),
              _C("year", "年份", "统计年份", "int", unit="年"),
              _C("market_size_wan", "市场规模", "该区域本品类的市场总规模（行业估算）", "float",
                 unit="万元", decimals=1),
              _C("our_sales_wan", "本公司销售额", "本公司在该区域当年的销售额（= 订单表合计 / 10000）", "float",
                 unit="万元", decimals=1),
              _C("target_customers", "目标客户数", "该区域可能采购本品类的企业数（潜在客户）", "int", unit="家"),
              _C("our_customers", "本公司客户数", "当年在该区域有订单的客户数（与订单表一致）", "int", unit="家"),
              _C("channel_partners", "渠道伙伴数", "该区域的经销商/代理商数量", "int", unit="家"),
              _C("avg_price_index", "价格指数", "本公司在该区域的平均成交价格指数，全国平均 = 100", "float",
                 decimals=1),
              _C("gross_margin_rate", "毛利率", "当年毛利 / 销售额（与订单表一致）", "float", unit="比例（0-1）",
                 decimals=3),
          )),
    Table("competitors", "竞争对手对标", B2B,
          "每行一家公司：本公司和三家虚构的竞争对手。用于竞争对手分析和对标（benchmarking）。",
          (
              _cat("company_code", "公司代号", "本公司或竞品A/B/C", COMPANY_CODES),
              _C("company_name", "公司名称", "公司名称（全部虚构）", "str"),
              _C("market_share", "市场份额", "在本品类全国市场中的份额", "float", unit="比例（0-1）", decimals=3),
              _C("sales_growth", "销售增长率", "2025 年销售额同比增长率", "float", unit="比例", decimals=3),
              _C("brand_awareness", "品牌知名度", "目标客户中听说过该品牌的比例（行业调研）", "float",
                 unit="比例（0-1）", decimals=2),
              _C("customer_loyalty", "客户忠诚度", "老客户次年继续采购的比例", "float", unit="比例（0-1）", decimals=2),
              _C("product_quality", "产品质量", "对标评分：产品质量与稳定性", "int", unit="分（1-10）"),
              _C("price_competitiveness", "价格竞争力", "对标评分：价格越有优势分越高", "int", unit="分（1-10）"),
              _C("delivery", "交付能力", "对标评分：交期与准时交付", "int", unit="分（1-10）"),
              _C("technical_service", "技术服务", "对标评分：技术支持与售后响应", "int", unit="分（1-10）"),
              _C("brand", "品牌影响力", "对标评分：品牌形象", "int", unit="分（1-10）"),
              _C("channel_coverage", "渠道覆盖", "对标评分：渠道与网点覆盖", "int", unit="分（1-10）"),
          )),
    Table("survey", "客户满意度问卷", B2B,
          "2025 年客户问卷，每行一位受邀客户（包括没有回复的）。用于回收率、李克特量表、NPS 和交叉分析。",
          (
              _C("response_id", "问卷编号", "问卷的唯一编号", "str"),
              _C("customer_id", "客户编号", "受邀客户，对应 customers.customer_id", "str"),
              _cat("customer_group", "客户分组", "发问卷时的客户类型", ACCOUNT_TYPES),
              _C("invited_date", "邀请日期", "发出问卷的日期", "date"),
              _C("responded", "是否回复", "1=已回复，0=未回复（未回复者所有答案为空）", "int", unit="0/1"),
              _likert("q_quality", "产品质量满意度", "产品质量"),
              _likert("q_delivery", "交期满意度", "交货及时性"),
              _likert("q_tech_support", "技术支持满意度", "技术支持"),
              _likert("q_price", "价格满意度", "价格"),
              _likert("q_sales_staff", "销售人员满意度", "销售人员的服务"),
              _likert("q_digital", "数字化服务满意度", "数字化服务（远程运维、线上下单等）"),
              _C("nps_score", "推荐意愿", "“您有多大可能向同行推荐我们？”0-10 分；空=未作答", "int",
                 unit="分（0-10）", nullable=True),
              _C("comment", "意见建议", "开放题的文字回答，常为空", "str"),
          )),
    Table("interviews", "客户访谈记录", B2B,
          "每行一次客户访谈的纪要（2025 年）。用于访谈数据量化：先编码、再计数与加权。",
          (
              _C("interview_id", "访谈编号", "访谈的唯一编号", "str"),
              _C("customer_id", "客户编号", "被访客户，对应 customers.customer_id", "str"),
              _C("interview_date", "访谈日期", "访谈日期", "date"),
              _cat("interviewee_role", "受访者职务", "受访者在客户企业中的职务", ROLES),
              _cat("interviewee_level", "受访者层级", "受访者的组织层级（可用于加权）", CONTACT_LEVELS, ordered=True),
              _C("note", "访谈纪要", "访谈要点（2-4 句，虚构）", "str"),
          )),
    Table("contacts", "重点客户决策链", B2B,
          ("每行一位联系人：重点客户组织中参与采购决策的人，含汇报关系、我方日常对接人和高层对接人。"
           "用于梳理组织决策链、覆盖矩阵和立体策略。有 3 家 2025 年新列入的重点客户还没有梳理决策链（没有联系人）。"),
          (
              _C("contact_id", "联系人编号", "联系人的唯一编号", "str"),
              _C("customer_id", "客户编号", "所属客户，对应 customers.customer_id", "str"),
              _C("contact_name", "联系人", "联系人称呼（虚构）", "str"),
              _C("title", "职务", "联系人的职务", "str"),
              _cat("level", "层级", "组织层级", CONTACT_LEVELS, ordered=True),
              _cat("decision_role", "决策角色", "在采购决策中的角色", DECISION_ROLES),
              _C("influence", "影响力", "对采购决策的影响力，1=很小 … 5=很大", "int", unit="分（1-5）"),
              _cat("attitude", "态度", "对本公司的态度", ATTITUDES, ordered=True),
              _C("relationship", "关系强度", "与本公司的关系，1=很弱 … 5=很强", "int", unit="分（1-5）"),
              _C("owner_rep_id", "对接销售", "日常对接的销售编号，对应 sales_reps.rep_id；空=还没有指定对接人", "str"),
              _C("sponsor_id", "高层对接人", "负责对接此人的本公司高层或技术专家，对应 leaders.leader_id；空=没有",
                 "str"),
              _C("reports_to", "汇报对象", "此人的上级联系人编号（同一客户）；空=最高层或未知", "str"),
              _C("last_contact_date", "最近联系日期", "= 拜访记录中此人最近一次被拜访的日期；空=从未拜访", "date"),
          )),
    Table("pipeline", "销售机会", B2B,
          ("每行一个销售机会（2024-2025 年创建），记录走到的最远阶段和每个阶段的日期、负责销售和账期。"
           "用于漏斗、停滞商机、赢率与丢单原因、交付延迟和应收账龄。案例数据中没有跳过的阶段，也没有分期回款。"),
          (
              _C("opportunity_id", "机会编号", "销售机会的唯一编号", "str"),
              _C("customer_id", "客户编号", "对应 customers.customer_id", "str"),
              _cat("product_line", "产品线", "机会涉及的产品线", PRODUCT_LINES),
              _C("created_date", "创建日期", "发现商机（创建机会）的日期", "date"),
              _cat("stage", "最远阶段", "机会走到的最远阶段：" + "→".join(STAGES), STAGES, ordered=True),
              _cat("status", "状态", "赢单 = 已签约；丢单 = 有丢单日期；其余为进行中", PIPELINE_STATUS),
              _C("expected_amount", "预计金额", "机会的预计合同金额", "float", unit="元", decimals=0),
              _C("lost_reason", "丢单原因", "仅丢单时填写", "str"),
              _C("date_lost", "丢单日期", "判定丢单的日期；仅丢单时填写", "date"),
              _C("date_qualified", "需求确认日期", "到达“需求确认”的日期；空=未到达", "date"),
              _C("date_quoted", "方案报价日期", "到达“方案报价”的日期；空=未到达", "date"),
              _C("date_negotiated", "商务谈判日期", "到达“商务谈判”的日期；空=未到达", "date"),
              _C("date_signed", "签约日期", "签订合同的日期；空=未签约", "date"),
              _C("date_delivered", "交付日期", "完成交付的日期；空=未交付", "date"),
              _C("date_paid", "回款日期", "收到全部货款的日期；空=未回款", "date"),
              _C("owner_rep_id", "负责销售", "跟进该商机的销售编号，对应 sales_reps.rep_id", "str"),
              _C("payment_terms_days", "账期", "合同约定的付款天数（交付后）；仅赢单时填写，个别为空", "int", unit="天",
                 nullable=True),
          )),
    Table("sales_reps", "销售人员", B2B,
          "每行一位销售人员。2025 年销售额与订单表一致（按客户的负责销售汇总）。",
          (
              _C("rep_id", "销售编号", "销售人员编号，如 S01", "str"),
              _C("rep_name", "姓名", "销售人员姓名（虚构）", "str"),
              _cat("region", "区域", "负责的大区", REGIONS),
              _C("hire_date", "入职日期", "入职日期", "date"),
              _cat("level", "职级", "销售职级", REP_LEVELS, ordered=True),
              _C("quota_2025_wan", "2025年指标", "2025 年销售指标", "float", unit="万元", decimals=1),
              _C("sales_2025_wan", "2025年销售额", "2025 年实际销售额（其负责客户的订单合计 / 10000）", "float",
                 unit="万元", decimals=1),
              _C("functions_served", "从事过的职能数", "在本公司及以前从事过的职能种类（销售、技术支持、市场、客服）",
                 "int", unit="个"),
              _C("regions_served", "工作过的大区数", "在本公司工作过的大区数（含现在的）", "int", unit="个"),
              _C("career_path", "职业经历", "简短经历，用“→”分隔，最后一步是现在的大区和职级", "str"),
          )),
    Table("rep_performance", "销售人员历年业绩", B2B,
          ("每行一位销售人员一年（2023-2025，入职当年起）：指标、销售额、新客户、关键赢单和客户评价。"
           "用于干部选拔评分。2025 年的指标和销售额与销售人员表一致。"),
          (
              _C("rep_id", "销售编号", "对应 sales_reps.rep_id", "str"),
              _C("year", "年份", "统计年份", "int", unit="年"),
              _C("full_year", "是否整年在职", "1=当年 1 月 1 日前已入职，0=当年入职", "int", unit="0/1"),
              _C("quota_wan", "年度指标", "当年销售指标；入职当年按在职时间折算", "float", unit="万元", decimals=1),
              _C("sales_wan", "销售额", "当年其负责客户、入职之后的订单合计 / 10000", "float", unit="万元", decimals=1),
              _C("new_customers", "新开发客户数", "当年首次下单（且在其入职之后）、由他负责的客户数", "int", unit="家"),
              _C("key_deals_won", "关键赢单数", "当年签约、预计金额 ≥ 20 万元的赢单（按客户的负责销售归属）；"
                 "2023 年没有商机记录，为空", "int", unit="单", nullable=True),
              _C("key_deal_amount_wan", "关键赢单金额", "上述赢单的预计金额合计 / 10000；2023 年为空", "float",
                 unit="万元", decimals=1),
              _C("feedback_score", "客户评价", "年度客户回访中客户对该销售的评分均值，1=很差 … 5=很好；无人评分为空",
                 "float", unit="分（1-5）", decimals=1),
              _C("feedback_n", "评价人数", "给出评分的客户数", "int", unit="家"),
          )),
    Table("leaders", "高层与专家", B2B,
          "每行一位本公司的高层或技术专家（不承担个人销售指标）。用于覆盖矩阵和立体策略：谁能对接客户的决策层和技术层。",
          (
              _C("leader_id", "人员编号", "高层或专家的编号，如 L01（与销售编号不重复）", "str"),
              _C("leader_name", "姓名", "虚构姓名（与销售人员不重名）", "str"),
              _C("title", "职务", "职务，如营销副总经理、华东大区总监、技术服务经理（华东）", "str"),
              _cat("rank", "对接职级", "对接客户时的职级，由低到高：经理 < 总监 < 副总 < 总经理", LEADER_RANKS,
                   ordered=True),
              _cat("function", "职能", "管理、销售或技术", LEADER_FUNCTIONS),
              _C("regions", "负责区域", "“全国”或负责的大区，如“华东、华中”", "str"),
          )),
    Table("visits", "拜访记录", B2B,
          ("每行一次拜访或沟通（2024-01-02 至 2025-12-31，工作日），包括销售、高层和技术人员。"
           "用于最近联系、互动线、例行规定动作和拜访频次分析。"),
          (
              _C("visit_id", "拜访编号", "拜访的唯一编号，按日期排序", "str"),
              _C("visit_date", "拜访日期", "拜访或沟通的日期（工作日）", "date"),
              _C("customer_id", "客户编号", "被拜访的客户，对应 customers.customer_id", "str"),
              _C("contact_id", "联系人编号", "被拜访的联系人（仅重点客户有），对应 contacts.contact_id；空=未记录到人",
                 "str"),
              _C("visitor_id", "拜访人", "本公司拜访人，对应 sales_reps.rep_id 或 leaders.leader_id", "str"),
              _cat("visit_type", "拜访方式", "上门、电话或视频、技术交流、高层会晤（总监及以上）、客户活动",
                   VISIT_TYPES),
              _cat("purpose", "拜访目的", "这次拜访或沟通的主要目的", VISIT_PURPOSES),
              _C("opportunity_id", "商机编号", "与某个商机有关时填写，对应 pipeline.opportunity_id", "str"),
          )),
    Table("line_market", "产品线市场", B2B,
          ("每行一条产品线一年（2023-2025）：该产品线的全国市场规模（行业估算）、本公司销售额和三家竞品的份额。"
           "用于波士顿矩阵和战略控制。各产品线市场规模之和 = 区域市场表当年的市场规模合计。"),
          (
              _cat("product_line", "产品线", "六条产品线", PRODUCT_LINES),
              _C("year", "年份", "统计年份", "int", unit="年"),
              _C("market_size_wan", "市场规模", "该产品线全国市场规模（行业估算，含所有厂商）", "float", unit="万元",
                 decimals=1),
              _C("our_sales_wan", "本公司销售额", "= 订单表该产品线当年合计 / 10000", "float", unit="万元", decimals=1),
              _C("share_a", "竞品A份额", "竞品A（启衡电气）在该产品线市场的份额", "float",
                 unit="比例（0-1）", decimals=3),
              _C("share_b", "竞品B份额", "竞品B（华拓自动化）在该产品线市场的份额", "float",
                 unit="比例（0-1）", decimals=3),
              _C("share_c", "竞品C份额", "竞品C（远森科技）在该产品线市场的份额", "float",
                 unit="比例（0-1）", decimals=3),
          )),
    Table("leads", "线索与潜在客户", B2B,
          ("每行一条销售线索（2023-09 至 2025-12 创建）：一家可能成为客户的企业，记录来源、与现有客户的关联和跟进状态。"
           "用于“一带一路”候选名单和获客来源分析。"),
          (
              _C("lead_id", "线索编号", "线索的唯一编号，LD0001…", "str"),
              _C("company_name", "公司名称", "虚构（与客户名称同一规则生成；已成交的线索 = 对应客户的名称）", "str"),
              _cat("industry", "行业", "企业所在行业", INDUSTRIES),
              _cat("region", "区域", "企业所在大区", REGIONS),
              _C("city", "城市", "企业所在城市", "str"),
              _cat("source", "线索来源", "线索从哪里来；前四种与现有客户有关联", LEAD_SOURCES),
              _C("related_customer_id", "关联客户",
                 "前四种来源必填：关联的现有客户，对应 customers.customer_id；其余为空", "str"),
              _cat("relation", "关联方式", "与关联客户的关系；无关联为空", LEAD_RELATIONS),
              _C("est_potential_wan", "估算年采购潜力", "销售估算的该企业每年在本品类上的采购额", "float", unit="万元",
                 decimals=1),
              _C("created_date", "创建日期", "录入线索的日期", "date"),
              _C("owner_rep_id", "负责销售", "跟进线索的销售编号，对应 sales_reps.rep_id", "str"),
              _cat("status", "线索状态", "新线索 → 跟进中 → 已立项（确认有真实需求）→ 已成交；或判定为无效",
                   LEAD_STATUS),
              _C("converted_customer_id", "成交客户", "已成交时 = 成为的客户编号（customers.customer_id）；否则为空",
                 "str"),
          )),
    Table("marketing_spend", "获客费用", B2B,
          "每行一个年份一种线索来源的现金费用，不含销售人员的时间成本。用于获客成本（CAC）。",
          (
              _C("year", "年份", "费用发生的年份", "int", unit="年"),
              _cat("source", "线索来源", "与线索表的来源相同", LEAD_SOURCES),
              _C("spend_wan", "现金费用", "当年该来源的现金费用（展会、广告、礼品、活动等）", "float", unit="万元",
                 decimals=1),
          )),
    Table("account_plan", "重点客户行动计划", B2B,
          ("第三讲示范客户 2025 年 7 月至 2026 年 3 月的行动计划：每行一个行动或复盘点，含目标、对象、负责人、"
           "计划日期与实际执行情况。用于第三讲的行动计划与纠偏。"),
          (
              _C("item_id", "行动编号", "行动的编号，P01…", "str"),
              _C("customer_id", "客户编号", "示范客户，对应 customers.customer_id", "str"),
              _C("goal_id", "目标编号", "G1/G2/G3；复盘点为空", "str"),
              _cat("goal_level", "目标层次", "战略、战役、战术；复盘点为空", GOAL_LEVELS),
              _C("goal", "目标", "目标全文（同一目标各行相同）；复盘点为空", "str"),
              _C("action", "行动", "行动内容", "str"),
              _C("target_contact_id", "对象", "对方联系人编号，对应 contacts.contact_id；内部复盘为空", "str"),
              _C("owner_id", "负责人", "负责人编号，对应 sales_reps.rep_id 或 leaders.leader_id", "str"),
              _C("planned_date", "计划日期", "计划完成的日期", "date"),
              _C("actual_date", "实际日期", "实际完成的日期；空=未完成", "date"),
              _cat("status", "状态", "未开始、进行中、已完成、已取消", PLAN_STATUS),
              _C("is_review", "复盘点", "1=复盘点，0=行动", "int", unit="0/1"),
              _C("note", "备注", "简短说明（如推迟或取消的原因）", "str"),
          )),
)
