"""Organisation for strategy (lecture 6): organisation types, the sales team's structure and size.

* :func:`org_types` -- functional, marketing and market-driven strategic organisation side by
  side (the course's framing of the outline's three names);
* :func:`structure_diagnosis`, :func:`rep_workload`, :func:`workload_title` -- people, customers
  (all, and active by the course's B2B definition), sales and quota attainment per region and rep;
* :func:`tenure_bands` -- the team by tenure (described, not concluded: every band is small);
* :func:`new_generation_practices`, :func:`sales_force_decisions` -- reference tables.

How many reps the workload needs is in :mod:`helpers.analysis.sales_force`; the four kinds of
marketing control are in :mod:`helpers.analysis.marketing_control`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..data.columns import require_columns
from ..errors import DataError, first_bad_row
from .definitions import ACTIVE_MONTHS_B2B

MANAGER = "销售经理"
TOTAL = "合计"
#: Attainment below this is named as 明显落后 in the structure sentence (the plan control uses 100 %).
LAGGING = 0.85


def org_types() -> pd.DataFrame:
    """Three ways to organise for strategy, side by side (the course's framing).

    Returns:
        Index 方面 (怎么分, 优化什么, 适合什么时候, 风险, 策略创新从哪来); one column per type.

    >>> list(org_types().columns)
    ['职能组织', '营销组织', '市场驱动战略型组织']
    """
    rows = {
        "怎么分": ("按专业分：销售部、市场部、技术部、客服部",
                "营销统一管理，再按区域、产品或客户类型分工（常见：区域经理 + 产品经理）",
                "按目标客户群或行业组建跨职能团队：前端直接面对客户，后台提供专业支持"),
        "优化什么": ("专业深度、效率、成本", "市场覆盖，营销动作的一致与协同",
                 "对市场变化的反应速度、客户价值、发现新机会"),
        "适合什么时候": ("产品少、市场稳定、规模不大", "多产品、多区域，需要统一的营销策略",
                   "客户需求变化快；大客户和行业解决方案；需要跨部门快速决策"),
        "风险": ("部门墙：没有人对“客户结果”负责", "区域和产品抢资源；矩阵里责任不清、协调成本高",
               "成本高、对人的要求高；权责不清时“人人负责 = 无人负责”"),
        "策略创新从哪来": ("高层推动，各部门执行", "营销部门牵头，区域或产品经理落实",
                    "一线团队发现机会，组织快速配置资源"),
    }
    return pd.DataFrame(rows, index=["职能组织", "营销组织", "市场驱动战略型组织"]).T.rename_axis("方面")


def new_generation_practices() -> pd.DataFrame:
    """What managers commonly observe about a new generation of sales people, and how to answer (course framing).

    The observations are common managerial views, not findings: the case data cannot test them.

    Returns:
        Index 管理者常见的观察：他们在意; columns 管理的回应, 本课程的工具.

    >>> new_generation_practices().shape
    (6, 2)
    """
    return pd.DataFrame([
        ("知道目标和标准", "目标透明、可衡量", "SMART 目标（第四节）"),
        ("及时反馈", "每周短复盘，而不是年底一次考评", "KISS 复盘（第四节）"),
        ("成长看得见", "职级与能力地图；师傅带教；管理和专家两条路线", "干部选拔标准（第二节）"),
        ("公平", "指标、评分、分配规则公开", "透明评分与敏感性分析（第二节）"),
        ("工具顺手", "用系统看板代替手工报表", "第一至五讲的分析"),
        ("意义感", "让他看到客户因为他而得到的改变", "客户评价、客户故事分享"),
    ], columns=["管理者常见的观察：他们在意", "管理的回应", "本课程的工具"]).set_index("管理者常见的观察：他们在意")


def sales_force_decisions() -> pd.DataFrame:
    """The seven sales-force decisions and what to ask for each (in the course's words).

    The seed lists ten: design (目标, 战略, 结构, 规模, 报酬) and management (招聘, 培训, 监督, 激励,
    评价). 目标 and 战略 are lectures 1-5 and the SMART goals of this lecture; 监督 (day-to-day
    follow-up) shares a row with 评价 (periodic assessment) -- both are needed.

    Returns:
        Index 决策; columns 要回答的问题, 本讲在哪里看, 对新生代团队的提醒.

    >>> sales_force_decisions().index.tolist()
    ['结构', '规模', '报酬', '招聘', '培训', '激励', '评价与监督']
    """
    return pd.DataFrame([
        ("结构", "按区域、产品、客户还是行业分？", "三种组织与结构诊断（第一节）", "给年轻人一块清楚的“责任田”"),
        ("规模", "需要多少人？", "工作量法（第一节选讲）", "先把低价值客户占用的时间算清楚"),
        ("报酬", "固定与提成怎么配？", "案例没有数据：讨论", "提成规则要简单、当月算得出"),
        ("招聘", "招什么样的人？", "关键战役强的人有什么共同点（第二节）", "看学习速度，不只看经验"),
        ("培训", "补什么能力？", "完成率低的区域先补（第一节）", "小步快练，配师傅"),
        ("激励", "除了钱还靠什么？", "评分维度就是导向（第二节）", "认可、成长、荣誉要及时"),
        ("评价与监督", "定期看什么结果？日常盯哪些过程、谁来盯？",
         "四类营销控制（第三节）；拜访与商机的日常跟进（第三、四讲）", "过程指标和结果指标一起看；监督是帮他把事做成"),
    ], columns=["决策", "要回答的问题", "本讲在哪里看", "对新生代团队的提醒"]).set_index("决策")



def _reps(sales_reps: pd.DataFrame, year: int) -> pd.DataFrame:
    spec = {"rep_id": {"type": "id", "unique": True}, "rep_name": {"type": "text", "aliases": ("姓名",)},
            "region": "text", "level": {"type": "text", "aliases": ("职级",)},
            f"quota_{year}_wan": {"type": "number", "min": 0, "aliases": (f"{year}年指标",)},
            f"sales_{year}_wan": {"type": "number", "min": 0, "aliases": (f"{year}年销售额",)}}
    reps = require_columns(sales_reps, spec).reset_index(drop=True)
    return reps.rename(columns={f"quota_{year}_wan": "quota", f"sales_{year}_wan": "sales"})


def _customer_reps(customers: pd.DataFrame, reps: pd.DataFrame) -> pd.DataFrame:
    """customer_id, sales_rep_id of every customer; an unknown rep is a DataError naming the row."""
    cust = require_columns(customers, {"customer_id": "id", "sales_rep_id": "id"}).reset_index(drop=True)
    unknown = ~cust["sales_rep_id"].isin(reps["rep_id"])
    if unknown.any():
        row = first_bad_row(unknown)
        bad = cust.loc[unknown, ["customer_id", "sales_rep_id"]].iloc[0]
        raise DataError(f"客户表第 {row} 行：客户 {bad['customer_id']} 的负责销售 {bad['sales_rep_id']} "
                        "不在销售人员表中",
                        f"row {row} of the customers: rep {bad['sales_rep_id']} of {bad['customer_id']} is unknown",
                        fix_zh="请检查负责销售的编号，或在销售人员表中补上这个人", fix_en="check the rep id",
                        column="sales_rep_id", row=row)
    return cust


def _region_order(values: pd.Series) -> list[Any]:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return [c for c in values.cat.categories if c in set(values)]
    return list(dict.fromkeys(values))


def active_customer_ids(orders: pd.DataFrame, as_of: Any, months: int = ACTIVE_MONTHS_B2B) -> set[str]:
    """The customers active on ``as_of`` by the course's B2B definition: an order in the last ``months`` months.

    The window is ``(as_of - months, as_of]`` (on 2025-12-31 with 12 months: the calendar year 2025).

    Args:
        orders: customer_id, order_date (Chinese headers such as 客户编号, 下单日期 are accepted).
        as_of: the reference day.
        months: the window (default: the course's 12 months, :data:`definitions.ACTIVE_MONTHS_B2B`).

    Returns:
        The set of active customer ids.

    >>> o = pd.DataFrame({"customer_id": ["A", "B", "C"], "order_date": ["2024-12-31", "2025-01-01", "2026-01-02"]})
    >>> sorted(active_customer_ids(o, "2025-12-31"))
    ['B']
    """
    o = require_columns(orders, {"customer_id": "id", "order_date": {"type": "date", "aliases": ("date",)}})
    end = pd.Timestamp(as_of).normalize()
    start = end - pd.DateOffset(months=months)
    inside = (o["order_date"] > start) & (o["order_date"] <= end)
    return set(o.loc[inside, "customer_id"].astype(str))


def rep_workload(sales_reps: pd.DataFrame, customers: pd.DataFrame, orders: pd.DataFrame | None = None,
                 year: int = 2025, as_of: Any = None) -> pd.DataFrame:
    """Customers (all, and active when ``orders`` are given), sales, quota and attainment per rep.

    Args:
        sales_reps: rep_id, rep_name, region, level, quota_<year>_wan, sales_<year>_wan
            (Chinese headers such as 销售编号, 姓名, 职级, 2025年指标 are accepted).
        customers: customer_id, sales_rep_id (负责销售).
        orders: customer_id, order_date; with them 活跃客户数 counts the customers with an order in
            the 12 months up to ``as_of`` (the course's definition of an active B2B customer).
        year: the year of the quota and sales columns.
        as_of: the reference day for 活跃 (default: 31 December of ``year``).

    Returns:
        Index 销售编号: 姓名, 大区, 职级, 是否经理, 客户数, 活跃客户数 (with ``orders``), 销售额（万元）,
        指标（万元）, 完成率 (NaN when the quota is 0).

    >>> reps = pd.DataFrame({"rep_id": ["R1", "R2"], "rep_name": ["甲", "乙"], "region": ["A", "A"],
    ...     "level": ["销售经理", "销售代表"], "quota_2025_wan": [100, 0], "sales_2025_wan": [90, 20]})
    >>> o = pd.DataFrame({"customer_id": ["C1"], "order_date": ["2025-05-01"]})
    >>> w = rep_workload(reps, pd.DataFrame({"customer_id": ["C1", "C2"], "sales_rep_id": ["R1", "R1"]}), o)
    >>> w["客户数"].tolist(), w["活跃客户数"].tolist(), w["完成率"].tolist()
    ([2, 0], [1, 0], [0.9, nan])
    """
    reps = _reps(sales_reps, year)
    cust = _customer_reps(customers, reps)
    counts = cust["sales_rep_id"].value_counts()
    out = pd.DataFrame({"姓名": reps["rep_name"].to_numpy(), "大区": reps["region"].to_numpy(),
                        "职级": reps["level"].to_numpy(), "是否经理": (reps["level"] == MANAGER).to_numpy(),
                        "客户数": counts.reindex(reps["rep_id"], fill_value=0).astype(int).to_numpy()},
                       index=pd.Index(reps["rep_id"], name="销售编号"))
    if orders is not None:
        active = active_customer_ids(orders, as_of if as_of is not None else f"{year}-12-31")
        live = cust.loc[cust["customer_id"].astype(str).isin(active), "sales_rep_id"].value_counts()
        out["活跃客户数"] = live.reindex(reps["rep_id"], fill_value=0).astype(int).to_numpy()
    out["销售额（万元）"] = reps["sales"].to_numpy()
    out["指标（万元）"] = reps["quota"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["完成率"] = np.where(out["指标（万元）"] > 0, out["销售额（万元）"] / out["指标（万元）"], np.nan)
    if isinstance(sales_reps.get("region", pd.Series(dtype=object)).dtype, pd.CategoricalDtype):
        out["大区"] = pd.Categorical(out["大区"], categories=sales_reps["region"].cat.categories)
    out.attrs.update({"percent": ["完成率"], "year": year})
    return out


def structure_diagnosis(sales_reps: pd.DataFrame, customers: pd.DataFrame, orders: pd.DataFrame | None = None,
                        year: int = 2025, as_of: Any = None) -> pd.DataFrame:
    """People, customers, sales and attainment per region, plus a 合计 row.

    Sales are those credited to the reps (sales_<year>_wan); 完成率 = Σ sales ÷ Σ quota. With
    ``orders`` the workload is counted in **active** customers (an order in the 12 months up to
    ``as_of``: the course's B2B definition); customers without one are still listed in 客户数.

    Args:
        sales_reps: as for :func:`rep_workload`.
        customers: customer_id, sales_rep_id.
        orders: customer_id, order_date (optional; without them every customer counts).
        year: the year of the quota and sales columns.
        as_of: the reference day for 活跃 (default: 31 December of ``year``).

    Returns:
        Index 大区 (+ 合计): 销售人数, 其中销售经理, 客户数, [其中活跃客户, 人均活跃客户数 | 人均客户数],
        销售额（万元）, 人均销售额（万元）, 指标（万元）, 完成率, and the customers of the rep with the most
        and the fewest (活跃客户最多 / 活跃客户最少, or 客户最多 / 客户最少). ``attrs["per_rep"]`` names
        the per-rep column.

    >>> reps = pd.DataFrame({"rep_id": ["R1", "R2", "R3"], "rep_name": ["甲", "乙", "丙"],
    ...     "region": ["A", "A", "B"], "level": ["销售代表"] * 3,
    ...     "quota_2025_wan": [100, 100, 50], "sales_2025_wan": [90, 120, 25]})
    >>> cust = pd.DataFrame({"customer_id": [f"C{i}" for i in range(6)],
    ...     "sales_rep_id": ["R1", "R1", "R1", "R2", "R3", "R3"]})
    >>> d = structure_diagnosis(reps, cust)
    >>> d["完成率"].round(3).tolist(), d.loc["A", ["人均客户数", "客户最多", "客户最少"]].tolist()
    ([1.05, 0.5, 0.94], [2.0, 3.0, 1.0])
    >>> o = pd.DataFrame({"customer_id": ["C0", "C3", "C4"], "order_date": ["2025-03-01", "2024-06-01", "2025-09-09"]})
    >>> structure_diagnosis(reps, cust, o).loc["A", ["其中活跃客户", "人均活跃客户数"]].tolist()
    [1.0, 0.5]
    """
    work = rep_workload(sales_reps, customers, orders, year, as_of)
    active = "活跃客户数" in work
    rows = {}
    for region in _region_order(work["大区"]):
        rows[region] = _summary(work[work["大区"] == region], active)
    rows[TOTAL] = _summary(work, active)
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "大区"
    count = "活跃客户数" if active else "客户数"
    most, least = ("活跃客户最多", "活跃客户最少") if active else ("客户最多", "客户最少")
    out.loc[TOTAL, [most, least]] = [work[count].max(), work[count].min()]
    out.attrs.update({"percent": ["完成率"], "year": year,
                      "per_rep": "人均活跃客户数" if active else "人均客户数"})
    return out


def _summary(part: pd.DataFrame, active: bool) -> dict[str, Any]:
    people, quota, sales = len(part), part["指标（万元）"].sum(), part["销售额（万元）"].sum()
    count = "活跃客户数" if active else "客户数"
    row: dict[str, Any] = {"销售人数": people, "其中销售经理": int(part["是否经理"].sum()),
                           "客户数": int(part["客户数"].sum())}
    if active:
        row["其中活跃客户"] = int(part["活跃客户数"].sum())
    row[f"人均{count}"] = round(part[count].sum() / people, 1)
    row.update({"销售额（万元）": round(sales, 1), "人均销售额（万元）": round(sales / people, 1),
                "指标（万元）": round(quota, 1), "完成率": sales / quota if quota > 0 else np.nan})
    most, least = ("活跃客户最多", "活跃客户最少") if active else ("客户最多", "客户最少")
    row.update({most: float(part[count].max()), least: float(part[count].min())})
    return row


def workload_title(diagnosis: pd.DataFrame, min_reps: int = 2) -> str:
    """The chart title: the spread of customers per rep between regions with ``min_reps`` reps or more.

    A finding and the question it raises (the chart cannot say whether the spread is by design).

    Args:
        diagnosis: from :func:`structure_diagnosis`.
        min_reps: regions with fewer reps are left out (one person is not a region's average).

    Returns:
        One sentence.

    >>> d = pd.DataFrame({"销售人数": [2, 4, 1, 7], "人均活跃客户数": [12.0, 30.7, 90.0, 21.2]},
    ...                  index=["华北", "华东", "西北", "合计"]); d.attrs["per_rep"] = "人均活跃客户数"
    >>> workload_title(d)
    '人均活跃客户数从华北 12 家到华东 31 家，相差 2.6 倍：是分工不同，还是忙闲不均？'
    """
    col = diagnosis.attrs.get("per_rep", "人均客户数" if "人均客户数" in diagnosis else "人均活跃客户数")
    part = diagnosis.drop(index=TOTAL, errors="ignore")
    part = part[part["销售人数"] >= min_reps]
    if len(part) < 2:
        return f"各大区的{col}"
    low, high = part[col].idxmin(), part[col].idxmax()
    a, b = part.loc[low, col], part.loc[high, col]
    if a <= 0 or b / a < 1.5:
        return f"{col}在 {a:.0f}–{b:.0f} 家之间，各大区工作量大体相当"
    return f"{col}从{low} {a:.0f} 家到{high} {b:.0f} 家，相差 {b / a:.1f} 倍：是分工不同，还是忙闲不均？"


def tenure_bands(sales_reps: pd.DataFrame, rep_performance: pd.DataFrame, as_of: Any = "2025-12-31",
                 window_years: int = 3) -> pd.DataFrame:
    """The team by tenure: 不满 3 年 / 3–6 年 / 6 年以上 (described, not concluded: small groups).

    New customers are a rate per year employed inside the window (a rep hired last year has had
    one year to find them, not three).

    Args:
        sales_reps: rep_id, hire_date (入职日期).
        rep_performance: rep_id, year, quota_wan, sales_wan, new_customers, feedback_score, feedback_n.
        as_of: the day tenure is measured; its year is the year of attainment and feedback.
        window_years: new customers are counted over this many last years.

    Returns:
        Index 司龄段: 人数, 平均完成率 (mean of the reps' attainment in the last year), 每人每年新客户
        (Σ new customers ÷ Σ years employed in the window), 客户评价均值 (weighted by answers), 评分人数,
        样本提示 ("只有 2 人：只描述，不下结论").

    >>> reps = pd.DataFrame({"rep_id": ["A", "B"], "hire_date": ["2025-01-01", "2015-01-01"]})
    >>> perf = pd.DataFrame({"rep_id": ["A", "B"], "year": [2025, 2025], "quota_wan": [100, 100],
    ...     "sales_wan": [80, 120], "new_customers": [3, 1], "feedback_score": [4.0, 5.0], "feedback_n": [10, 30]})
    >>> t = tenure_bands(reps, perf)
    >>> t[["人数", "平均完成率", "客户评价均值"]].values.tolist(), t["每人每年新客户"].round(2).tolist()
    ([[1.0, 0.8, 4.0], [0.0, nan, nan], [1.0, 1.2, 5.0]], [3.0, nan, 0.33])
    """
    reps = require_columns(sales_reps, {"rep_id": {"type": "id", "unique": True}, "hire_date": "date"})
    perf = require_columns(rep_performance, {
        "rep_id": "id", "year": "integer", "quota_wan": {"type": "number", "min": 0},
        "sales_wan": {"type": "number", "min": 0, "aliases": ("销售额",)},
        "new_customers": {"type": "integer", "required": False, "allow_null": True},
        "feedback_score": {"type": "number", "required": False, "allow_null": True},
        "feedback_n": {"type": "integer", "required": False, "allow_null": True}})
    end = pd.Timestamp(as_of)
    start = pd.Timestamp(f"{end.year - window_years + 1}-01-01")
    years = (end - reps["hire_date"]).dt.days / 365.25
    employed = ((end - reps["hire_date"].clip(lower=start)).dt.days + 1) / 365.25
    employed = pd.Series(employed.clip(lower=0).to_numpy(), index=reps["rep_id"].to_numpy())
    labels = ["不满 3 年", "3–6 年", "6 年以上"]
    band = pd.Series(np.where(years < 3, labels[0], np.where(years < 6, labels[1], labels[2])),
                     index=reps["rep_id"].to_numpy())
    last = perf[perf["year"] == end.year].set_index("rep_id")
    window = perf[(perf["year"] > end.year - window_years) & (perf["year"] <= end.year)]
    rows = []
    for label in labels:
        ids = band.index[band == label]
        mine = last.reindex(ids)
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = (mine["sales_wan"] / mine["quota_wan"]).where(mine["quota_wan"] > 0)
        n = mine["feedback_n"].fillna(0).astype(float) if "feedback_n" in mine else pd.Series(0.0, index=ids)
        score = mine["feedback_score"].astype(float) if "feedback_score" in mine else pd.Series(np.nan, index=ids)
        answered = n[score.notna()].sum()
        new = window.loc[window["rep_id"].isin(ids), "new_customers"].fillna(0).sum() if "new_customers" in window \
            else np.nan
        person_years = float(employed.reindex(ids).sum())
        rows.append({"司龄段": label, "人数": float(len(ids)), "平均完成率": rate.mean() if len(ids) else np.nan,
                     "每人每年新客户": new / person_years if person_years > 0 else np.nan,
                     "客户评价均值": (score * n).sum() / answered if answered > 0 else np.nan,
                     "评分人数": float(answered),
                     "样本提示": f"只有 {len(ids)} 人：只描述，不下结论" if len(ids) < 30 else ""})
    out = pd.DataFrame(rows).set_index("司龄段")
    out.attrs["percent"] = ["平均完成率"]
    return out


def structure_sentence(diagnosis: pd.DataFrame, low: float = LAGGING) -> str:
    """The headline of :func:`structure_diagnosis`: people, customers (active ones), attainment, lagging regions.

    Args:
        diagnosis: from :func:`structure_diagnosis`.
        low: regions with attainment below this are named as 明显落后 (below 100 % is the plan
            control's 未达标; both thresholds are named).

    Returns:
        One sentence stating the population and the year.

    >>> d = pd.DataFrame({"销售人数": [2, 1, 3], "其中销售经理": [1, 0, 1], "客户数": [4, 2, 6],
    ...     "其中活跃客户": [3, 1, 4], "销售额（万元）": [210.0, 25.0, 235.0], "指标（万元）": [200.0, 50.0, 250.0],
    ...     "完成率": [1.05, 0.5, 0.94]}, index=["A", "B", "合计"]); d.attrs["year"] = 2025
    >>> print(structure_sentence(d).replace("；", "；\\n").replace("，", "，\\n"))
    2025 年青岚全部 3 位销售（含 1 位销售经理）负责 6 家客户，
    其中 2025 年有订单的活跃客户 4 家（另 2 家近 12 个月没有订单）；
    指标完成率 94.0%（235 / 250 万元）；
    完成率低于 85%（明显落后）的大区：B 50.0%。
    """
    total = diagnosis.loc[TOTAL]
    rows = diagnosis.drop(index=TOTAL)
    weak = rows[rows["完成率"] < low]
    year = diagnosis.attrs.get("year", "")
    out = (f"{year} 年青岚全部 {int(total['销售人数'])} 位销售（含 {int(total['其中销售经理'])} 位销售经理）"
           f"负责 {int(total['客户数'])} 家客户")
    if "其中活跃客户" in diagnosis:
        live = int(total["其中活跃客户"])
        out += (f"，其中 {year} 年有订单的活跃客户 {live} 家（另 {int(total['客户数']) - live} 家近 "
                f"{ACTIVE_MONTHS_B2B} 个月没有订单）")
    out += (f"；指标完成率 {total['完成率']:.1%}（{total['销售额（万元）']:,.0f} / {total['指标（万元）']:,.0f} 万元）"
            f"；完成率低于 {low:.0%}（明显落后）的大区：")
    if len(weak):
        return out + "、".join(f"{r} {v:.1%}" for r, v in weak["完成率"].items()) + "。"
    return out + "无。"
