"""Organisation for strategy (lecture 6): organisation types, the sales team's structure and size.

* :func:`org_types` -- functional, marketing and market-driven strategic organisation side by
  side (the course's framing of the outline's three names);
* :func:`structure_diagnosis`, :func:`rep_workload`, :func:`workload_title` -- people, customers,
  sales and quota attainment per region and per rep;
* :func:`default_visit_assumptions`, :func:`sales_force_size` -- how many reps the workload needs
  (the workload approach);
* :func:`tenure_bands` -- the team by tenure (described, not concluded: every band is small);
* :func:`new_generation_practices`, :func:`sales_force_decisions` -- reference tables.

The four kinds of marketing control are in :mod:`helpers.analysis.marketing_control`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..data.columns import require_columns
from ..errors import DataError, first_bad_row, require_present

MANAGER = "销售经理"
TOTAL = "合计"


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
    """What a new generation of sales people cares about and how management answers (course framing).

    Returns:
        Index 他们在意; columns 管理的回应, 本课程的工具.

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
    ], columns=["他们在意", "管理的回应", "本课程的工具"]).set_index("他们在意")


def sales_force_decisions() -> pd.DataFrame:
    """The seven sales-force decisions and what to ask for each (in the course's words).

    Returns:
        Index 决策; columns 要回答的问题, 本讲在哪里看, 对新生代团队的提醒.

    >>> sales_force_decisions().index.tolist()
    ['结构', '规模', '报酬', '招聘', '培训', '激励', '评价']
    """
    return pd.DataFrame([
        ("结构", "按区域、产品、客户还是行业分？", "三种组织与结构诊断（第一节）", "给年轻人一块清楚的“责任田”"),
        ("规模", "需要多少人？", "工作量法（第一节选讲）", "先把低价值客户占用的时间算清楚"),
        ("报酬", "固定与提成怎么配？", "案例没有数据：讨论", "提成规则要简单、当月算得出"),
        ("招聘", "招什么样的人？", "关键战役强的人有什么共同点（第二节）", "看学习速度，不只看经验"),
        ("培训", "补什么能力？", "完成率低的区域先补（第一节）", "小步快练，配师傅"),
        ("激励", "除了钱还靠什么？", "评分维度就是导向（第二节）", "认可、成长、荣誉要及时"),
        ("评价", "看什么、多久看一次？", "四类营销控制（第三节）", "过程指标和结果指标一起看"),
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


def rep_workload(sales_reps: pd.DataFrame, customers: pd.DataFrame, year: int = 2025) -> pd.DataFrame:
    """Customers, sales, quota and attainment per rep.

    Args:
        sales_reps: rep_id, rep_name, region, level, quota_<year>_wan, sales_<year>_wan
            (Chinese headers such as 销售编号, 姓名, 职级, 2025年指标 are accepted).
        customers: customer_id, sales_rep_id (负责销售).
        year: the year of the quota and sales columns.

    Returns:
        Index 销售编号: 姓名, 大区, 职级, 是否经理, 客户数, 销售额_万元, 指标_万元, 完成率
        (NaN when the quota is 0).

    >>> reps = pd.DataFrame({"rep_id": ["R1", "R2"], "rep_name": ["甲", "乙"], "region": ["A", "A"],
    ...     "level": ["销售经理", "销售代表"], "quota_2025_wan": [100, 0], "sales_2025_wan": [90, 20]})
    >>> w = rep_workload(reps, pd.DataFrame({"customer_id": ["C1", "C2"], "sales_rep_id": ["R1", "R1"]}))
    >>> w["客户数"].tolist(), w["完成率"].tolist()
    ([2, 0], [0.9, nan])
    """
    reps = _reps(sales_reps, year)
    counts = _customer_reps(customers, reps)["sales_rep_id"].value_counts()
    out = pd.DataFrame({"姓名": reps["rep_name"].to_numpy(), "大区": reps["region"].to_numpy(),
                        "职级": reps["level"].to_numpy(), "是否经理": (reps["level"] == MANAGER).to_numpy(),
                        "客户数": counts.reindex(reps["rep_id"], fill_value=0).astype(int).to_numpy(),
                        "销售额_万元": reps["sales"].to_numpy(), "指标_万元": reps["quota"].to_numpy()},
                       index=pd.Index(reps["rep_id"], name="销售编号"))
    with np.errstate(divide="ignore", invalid="ignore"):
        out["完成率"] = np.where(out["指标_万元"] > 0, out["销售额_万元"] / out["指标_万元"], np.nan)
    if isinstance(sales_reps.get("region", pd.Series(dtype=object)).dtype, pd.CategoricalDtype):
        out["大区"] = pd.Categorical(out["大区"], categories=sales_reps["region"].cat.categories)
    out.attrs["percent"] = ["完成率"]
    return out


def structure_diagnosis(sales_reps: pd.DataFrame, customers: pd.DataFrame, year: int = 2025) -> pd.DataFrame:
    """People, customers, sales and attainment per region, plus a 合计 row.

    Sales are those credited to the reps (sales_<year>_wan); 完成率 = Σ sales ÷ Σ quota.

    Args:
        sales_reps: as for :func:`rep_workload`.
        customers: customer_id, sales_rep_id.
        year: the year of the quota and sales columns.

    Returns:
        Index 大区 (+ 合计): 销售人数, 其中销售经理, 客户数, 人均客户数, 销售额_万元, 人均销售额_万元,
        指标_万元, 完成率, 客户最多, 客户最少 (customers of the rep with the most / fewest).

    >>> reps = pd.DataFrame({"rep_id": ["R1", "R2", "R3"], "rep_name": ["甲", "乙", "丙"],
    ...     "region": ["A", "A", "B"], "level": ["销售代表"] * 3,
    ...     "quota_2025_wan": [100, 100, 50], "sales_2025_wan": [90, 120, 25]})
    >>> cust = pd.DataFrame({"customer_id": [f"C{i}" for i in range(6)],
    ...     "sales_rep_id": ["R1", "R1", "R1", "R2", "R3", "R3"]})
    >>> d = structure_diagnosis(reps, cust)
    >>> d["完成率"].round(3).tolist(), d.loc["A", ["人均客户数", "客户最多", "客户最少"]].tolist()
    ([1.05, 0.5, 0.94], [2.0, 3.0, 1.0])
    """
    work = rep_workload(sales_reps, customers, year)
    rows = {}
    for region in _region_order(work["大区"]):
        part = work[work["大区"] == region]
        rows[region] = _summary(part)
    rows[TOTAL] = _summary(work)
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "大区"
    out.loc[TOTAL, ["客户最多", "客户最少"]] = [work["客户数"].max(), work["客户数"].min()]
    out.attrs.update({"percent": ["完成率"], "year": year})
    return out


def _summary(part: pd.DataFrame) -> dict[str, Any]:
    people, quota, sales = len(part), part["指标_万元"].sum(), part["销售额_万元"].sum()
    return {"销售人数": people, "其中销售经理": int(part["是否经理"].sum()), "客户数": int(part["客户数"].sum()),
            "人均客户数": round(part["客户数"].sum() / people, 1), "销售额_万元": round(sales, 1),
            "人均销售额_万元": round(sales / people, 1), "指标_万元": round(quota, 1),
            "完成率": sales / quota if quota > 0 else np.nan,
            "客户最多": float(part["客户数"].max()), "客户最少": float(part["客户数"].min())}


def workload_title(diagnosis: pd.DataFrame, min_reps: int = 2) -> str:
    """The chart title: the spread of customers per rep between regions with ``min_reps`` reps or more.

    Args:
        diagnosis: from :func:`structure_diagnosis`.
        min_reps: regions with fewer reps are left out (one person is not a region's average).

    Returns:
        One sentence.

    >>> d = pd.DataFrame({"销售人数": [2, 4, 1, 7], "人均客户数": [20.0, 40.0, 90.0, 30.0]},
    ...                  index=["华北", "华东", "西北", "合计"])
    >>> workload_title(d)
    '人均客户数从华北 20 家到华东 40 家，相差 2.0 倍：工作量先要摆平'
    """
    part = diagnosis.drop(index=TOTAL, errors="ignore")
    part = part[part["销售人数"] >= min_reps]
    if len(part) < 2:
        return "各大区的人均客户数"
    low, high = part["人均客户数"].idxmin(), part["人均客户数"].idxmax()
    a, b = part.loc[low, "人均客户数"], part.loc[high, "人均客户数"]
    if a <= 0 or b / a < 1.5:
        return f"人均客户数在 {a:.0f}–{b:.0f} 家之间，各大区工作量大体相当"
    return f"人均客户数从{low} {a:.0f} 家到{high} {b:.0f} 家，相差 {b / a:.1f} 倍：工作量先要摆平"


def default_visit_assumptions() -> pd.DataFrame:
    """Stated (not measured) visit assumptions for the workload approach; edit them with the front line.

    Returns:
        Index 客户类别: 每年拜访次数, 每次小时, 每家每年小时.

    >>> default_visit_assumptions()["每家每年小时"].tolist()
    [72.0, 24.0, 6.0]
    """
    out = pd.DataFrame({"每年拜访次数": [24, 12, 4], "每次小时": [3.0, 2.0, 1.5]},
                       index=pd.Index(["大客户", "潜力客户", "普通客户"], name="客户类别"))
    out["每家每年小时"] = out["每年拜访次数"] * out["每次小时"]
    return out


def sales_force_size(classified: pd.DataFrame, sales_reps: pd.DataFrame, customers: pd.DataFrame | None = None,
                     assumptions: pd.DataFrame | None = None, hours_per_rep: float = 1000.0,
                     year: int = 2025) -> pd.DataFrame:
    """How many reps each region's workload needs (the workload approach).

    Needed reps = Σ customers per class x visits per year x hours per visit ÷ hours a rep has
    for customers per year. 差额 = reps now − reps needed (on the shown, one-decimal value);
    判断: 缺人 when 差额 ≤ −0.5, 富余 when ≥ +0.5, else 基本匹配.

    Args:
        classified: one row per customer with 客户类别 (e.g. from
            :func:`helpers.analysis.accounts.classify_customers`), indexed by customer_id or with
            a customer_id column; with sales_rep_id, or give ``customers``.
        sales_reps: rep_id, region (and the other columns of :func:`rep_workload`).
        customers: customer_id, sales_rep_id, when ``classified`` lacks sales_rep_id.
        assumptions: from :func:`default_visit_assumptions` (edited).
        hours_per_rep: hours a rep spends with customers per year.
        year: the year of the rep table's quota and sales columns.

    Returns:
        Index 大区 (+ 合计): one count column per class, 所需小时, 所需人数, 现有人数, 差额, 判断.

    >>> cls = pd.DataFrame({"客户类别": ["大客户"] * 10 + ["潜力客户"] * 20 + ["普通客户"] * 30,
    ...                     "sales_rep_id": ["R1"] * 60}, index=[f"C{i}" for i in range(60)])
    >>> reps = pd.DataFrame({"rep_id": ["R1"], "rep_name": ["甲"], "region": ["A"], "level": ["销售代表"],
    ...                      "quota_2025_wan": [1], "sales_2025_wan": [1]})
    >>> [str(v) for v in sales_force_size(cls, reps).loc["A", ["所需小时", "所需人数", "差额", "判断"]]]
    ['1380.0', '1.4', '-0.4', '基本匹配']
    """
    assumptions = default_visit_assumptions() if assumptions is None else assumptions
    require_present(assumptions, ["每年拜访次数", "每次小时"], "拜访假设表", "the assumptions")
    hours = (pd.to_numeric(assumptions["每年拜访次数"], errors="coerce")
             * pd.to_numeric(assumptions["每次小时"], errors="coerce"))
    if hours.isna().any() or (hours < 0).any() or hours_per_rep <= 0:
        raise DataError("拜访假设必须是非负数字，每人可用小时必须大于 0", "assumptions must be non-negative numbers",
                        fix_zh="请检查拜访次数、每次小时和每人可用小时", fix_en="check the assumptions")
    reps = _reps(sales_reps, year)
    frame = classified.copy()
    if "customer_id" not in frame.columns:
        frame = frame.rename_axis("customer_id").reset_index()
    require_present(frame, ["客户类别"], "客户分类表", "the classified customers")
    if "sales_rep_id" not in frame.columns:
        if customers is None:
            raise DataError("客户分类表里没有负责销售（sales_rep_id），请同时传入客户表",
                            "the classified table has no sales_rep_id: pass customers too",
                            fix_zh="sales_force_size(分类, 销售, customers=客户)", fix_en="pass customers=")
        owner = _customer_reps(customers, reps).set_index("customer_id")["sales_rep_id"]
        frame["sales_rep_id"] = frame["customer_id"].astype(str).map(owner)
    else:
        _customer_reps(frame[["customer_id", "sales_rep_id"]].astype(str), reps)
    unknown_class = ~frame["客户类别"].astype(str).isin(hours.index.astype(str))
    if unknown_class.any():
        row = first_bad_row(unknown_class)
        raise DataError(f"第 {row} 行的客户类别“{frame['客户类别'].iloc[row - 1]}”不在拜访假设表中",
                        f"row {row}: class {frame['客户类别'].iloc[row - 1]!r} has no assumption",
                        fix_zh="在拜访假设表中为它补一行", fix_en="add a row for it", row=row)
    region_of = reps.set_index("rep_id")["region"]
    frame["大区"] = frame["sales_rep_id"].map(region_of)
    counts = pd.crosstab(frame["大区"], frame["客户类别"].astype(str)).reindex(columns=hours.index.astype(str),
                                                                           fill_value=0)
    regions = _region_order(sales_reps["region"]) if "region" in sales_reps else list(counts.index)
    counts = counts.reindex([r for r in regions if r in set(region_of)], fill_value=0)
    counts.loc[TOTAL] = counts.sum()
    out = counts.rename(columns=lambda c: f"{c}_家")
    out["所需小时"] = (counts * hours.to_numpy()).sum(axis=1).astype(float)
    out["所需人数"] = (out["所需小时"] / hours_per_rep).round(1)
    people = region_of.value_counts()
    out["现有人数"] = [int(people.get(r, 0)) if r != TOTAL else len(reps) for r in out.index]
    out["差额"] = (out["现有人数"] - out["所需人数"]).round(1)
    out["判断"] = np.where(out["差额"] <= -0.5, "缺人", np.where(out["差额"] >= 0.5, "富余", "基本匹配"))
    out.index.name = "大区"
    out.attrs["assumptions"] = f"每人每年 {hours_per_rep:g} 小时用于客户"
    return out


def tenure_bands(sales_reps: pd.DataFrame, rep_performance: pd.DataFrame, as_of: Any = "2025-12-31",
                 window_years: int = 3) -> pd.DataFrame:
    """The team by tenure: 不满 3 年 / 3–6 年 / 6 年以上 (described, not concluded: small groups).

    Args:
        sales_reps: rep_id, hire_date (入职日期).
        rep_performance: rep_id, year, quota_wan, sales_wan, new_customers, feedback_score, feedback_n.
        as_of: the day tenure is measured; its year is the year of attainment and feedback.
        window_years: new customers are summed over this many last years.

    Returns:
        Index 司龄段: 人数, 平均完成率 (mean of the reps' attainment in the last year), 人均新客户,
        客户评价均值 (weighted by answers), 评分人数, 样本提示 ("不足 30 人：只描述，不下结论").

    >>> reps = pd.DataFrame({"rep_id": ["A", "B"], "hire_date": ["2024-01-01", "2015-01-01"]})
    >>> perf = pd.DataFrame({"rep_id": ["A", "B"], "year": [2025, 2025], "quota_wan": [100, 100],
    ...     "sales_wan": [80, 120], "new_customers": [3, 1], "feedback_score": [4.0, 5.0], "feedback_n": [10, 30]})
    >>> tenure_bands(reps, perf)[["人数", "平均完成率", "客户评价均值"]].values.tolist()
    [[1.0, 0.8, 4.0], [0.0, nan, nan], [1.0, 1.2, 5.0]]
    """
    reps = require_columns(sales_reps, {"rep_id": {"type": "id", "unique": True}, "hire_date": "date"})
    perf = require_columns(rep_performance, {
        "rep_id": "id", "year": "integer", "quota_wan": {"type": "number", "min": 0},
        "sales_wan": {"type": "number", "min": 0, "aliases": ("销售额",)},
        "new_customers": {"type": "integer", "required": False, "allow_null": True},
        "feedback_score": {"type": "number", "required": False, "allow_null": True},
        "feedback_n": {"type": "integer", "required": False, "allow_null": True}})
    end = pd.Timestamp(as_of)
    years = (end - reps["hire_date"]).dt.days / 365.25
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
        rows.append({"司龄段": label, "人数": float(len(ids)), "平均完成率": rate.mean() if len(ids) else np.nan,
                     "人均新客户": new / len(ids) if len(ids) else np.nan,
                     "客户评价均值": (score * n).sum() / answered if answered > 0 else np.nan,
                     "评分人数": float(answered), "样本提示": "不足 30 人：只描述，不下结论" if len(ids) < 30 else ""})
    out = pd.DataFrame(rows).set_index("司龄段")
    out.attrs["percent"] = ["平均完成率"]
    return out


def structure_sentence(diagnosis: pd.DataFrame, low: float = 0.85) -> str:
    """The headline of :func:`structure_diagnosis`: people, customers, attainment, regions below ``low``.

    Args:
        diagnosis: from :func:`structure_diagnosis`.
        low: regions with attainment below this are named.

    Returns:
        One sentence stating the population and the year.

    >>> d = pd.DataFrame({"销售人数": [2, 1, 3], "其中销售经理": [1, 0, 1], "客户数": [4, 2, 6],
    ...     "销售额_万元": [210.0, 25.0, 235.0], "指标_万元": [200.0, 50.0, 250.0], "完成率": [1.05, 0.5, 0.94]},
    ...     index=["A", "B", "合计"]); d.attrs["year"] = 2025
    >>> print(structure_sentence(d).replace("；", "；\\n"))
    2025 年青岚全部 3 位销售（含 1 位销售经理）负责 6 家客户，指标完成率 94.0%（235 / 250 万元）；
    低于 85% 的大区：B 50.0%。
    """
    total = diagnosis.loc[TOTAL]
    rows = diagnosis.drop(index=TOTAL)
    weak = rows[rows["完成率"] < low]
    year = diagnosis.attrs.get("year", "")
    out = (f"{year} 年青岚全部 {int(total['销售人数'])} 位销售（含 {int(total['其中销售经理'])} 位销售经理）"
           f"负责 {int(total['客户数'])} 家客户，指标完成率 {total['完成率']:.1%}"
           f"（{total['销售额_万元']:,.0f} / {total['指标_万元']:,.0f} 万元）")
    if len(weak):
        return out + f"；低于 {low:.0%} 的大区：" + "、".join(f"{r} {v:.1%}" for r, v in weak["完成率"].items()) + "。"
    return out + f"；没有大区低于 {low:.0%}。"
