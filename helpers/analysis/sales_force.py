"""How many sales reps the workload needs (lecture 6, the workload approach).

Needed people = Σ customers per class x visits per year x hours per visit ÷ hours a rep spends
with customers per year. Every number in it is a stated assumption (:func:`default_visit_assumptions`),
not a measurement; :func:`sales_force_sentence` repeats the assumptions next to the result.

Only customers active by the course's B2B definition (an order in the last 12 months) are
maintained; churned customers get the class 流失客户 (no maintenance visits by default: winning
them back is business development, which this model leaves out). A sales manager counts as
``manager_share`` of a person (half of the time goes to managing).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError, first_bad_row, require_present
from .definitions import ACTIVE_MONTHS_B2B
from .organisation import MANAGER, TOTAL, _customer_reps, _region_order, _reps, active_customer_ids

#: The class of customers without an order in the last 12 months.
CHURNED = "流失客户"
HOURS_PER_REP = 1000.0
MANAGER_SHARE = 0.5


def default_visit_assumptions() -> pd.DataFrame:
    """Stated (not measured) visit assumptions for the workload approach; edit them with the front line.

    Returns:
        Index 客户类别: 每年拜访次数, 每次小时, 每家每年小时. 流失客户 (no order in 12 months)
        get no maintenance visits.

    >>> default_visit_assumptions()["每家每年小时"].tolist()
    [72.0, 24.0, 6.0, 0.0]
    """
    out = pd.DataFrame({"每年拜访次数": [24, 12, 4, 0], "每次小时": [3.0, 2.0, 1.5, 0.0]},
                       index=pd.Index(["大客户", "潜力客户", "普通客户", CHURNED], name="客户类别"))
    out["每家每年小时"] = out["每年拜访次数"] * out["每次小时"]
    return out


def sales_force_size(classified: pd.DataFrame, sales_reps: pd.DataFrame, customers: pd.DataFrame | None = None,
                     assumptions: pd.DataFrame | None = None, hours_per_rep: float = HOURS_PER_REP,
                     year: int = 2025, orders: pd.DataFrame | None = None, as_of: Any = None,
                     manager_share: float = MANAGER_SHARE) -> pd.DataFrame:
    """How many people each region's workload needs, against the people it has (the workload approach).

    所需人力 = Σ customers per class x visits per year x hours per visit ÷ ``hours_per_rep``.
    现有人力 = reps who are not managers + ``manager_share`` x managers. 差额 = 现有 − 所需 (on the
    shown, one-decimal values); 判断: 缺人 when 差额 ≤ −0.5, 富余 when ≥ +0.5, else 基本匹配.

    Args:
        classified: one row per customer with 客户类别 (e.g. from
            :func:`helpers.analysis.accounts.classify_customers`), indexed by customer_id or with
            a customer_id column; with sales_rep_id, or give ``customers``.
        sales_reps: rep_id, region, level (and the quota and sales columns of ``year``).
        customers: customer_id, sales_rep_id, when ``classified`` lacks sales_rep_id.
        assumptions: from :func:`default_visit_assumptions` (edited).
        hours_per_rep: hours a rep spends with customers per year (about 46 weeks x 22 hours).
        year: the year of the rep table's quota and sales columns.
        orders: customer_id, order_date: customers without an order in the 12 months up to
            ``as_of`` become 流失客户 (optional).
        as_of: the reference day for 流失 (default: 31 December of ``year``).
        manager_share: the share of a manager's time counted as a seller's.

    Returns:
        Index 大区 (+ 合计): one count column per class (大客户（家） ...), 所需小时, 所需人力（人）,
        销售人数, 其中经理, 现有人力（人）, 差额（人）, 判断. ``attrs``: 假设 (the assumptions in words),
        signed_number (the columns shown with a sign).

    >>> cls = pd.DataFrame({"客户类别": ["大客户"] * 10 + ["潜力客户"] * 20 + ["普通客户"] * 30,
    ...                     "sales_rep_id": ["R1"] * 60}, index=[f"C{i}" for i in range(60)])
    >>> reps = pd.DataFrame({"rep_id": ["R1"], "rep_name": ["甲"], "region": ["A"], "level": ["销售代表"],
    ...                      "quota_2025_wan": [1], "sales_2025_wan": [1]})
    >>> [str(v) for v in sales_force_size(cls, reps).loc["A", ["所需小时", "所需人力（人）", "差额（人）", "判断"]]]
    ['1380.0', '1.4', '-0.4', '基本匹配']
    """
    assumptions = default_visit_assumptions() if assumptions is None else assumptions
    require_present(assumptions, ["每年拜访次数", "每次小时"], "拜访假设表", "the assumptions")
    hours = (pd.to_numeric(assumptions["每年拜访次数"], errors="coerce")
             * pd.to_numeric(assumptions["每次小时"], errors="coerce"))
    if hours.isna().any() or (hours < 0).any() or hours_per_rep <= 0 or not 0 <= manager_share <= 1:
        raise DataError("拜访假设必须是非负数字，每人可用小时必须大于 0，经理折算在 0 到 1 之间",
                        "assumptions must be non-negative numbers, hours per rep positive, manager share in 0..1",
                        fix_zh="请检查拜访次数、每次小时、每人可用小时和经理折算", fix_en="check the assumptions")
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
    frame["客户类别"] = frame["客户类别"].astype(str)
    if orders is not None:
        active = active_customer_ids(orders, as_of if as_of is not None else f"{year}-12-31")
        frame.loc[~frame["customer_id"].astype(str).isin(active), "客户类别"] = CHURNED
    unknown_class = ~frame["客户类别"].isin(hours.index.astype(str))
    if unknown_class.any():
        row = first_bad_row(unknown_class)
        raise DataError(f"第 {row} 行的客户类别“{frame['客户类别'].iloc[row - 1]}”不在拜访假设表中",
                        f"row {row}: class {frame['客户类别'].iloc[row - 1]!r} has no assumption",
                        fix_zh="在拜访假设表中为它补一行", fix_en="add a row for it", row=row)
    region_of = reps.set_index("rep_id")["region"]
    frame["大区"] = frame["sales_rep_id"].map(region_of)
    counts = pd.crosstab(frame["大区"], frame["客户类别"]).reindex(columns=hours.index.astype(str), fill_value=0)
    regions = _region_order(sales_reps["region"]) if "region" in sales_reps else list(counts.index)
    counts = counts.reindex([r for r in regions if r in set(region_of)], fill_value=0)
    counts.loc[TOTAL] = counts.sum()
    out = counts.rename(columns=lambda c: f"{c}（家）")
    out.columns.name = None
    out["所需小时"] = (counts * hours.to_numpy()).sum(axis=1).astype(float)
    out["所需人力（人）"] = (out["所需小时"] / hours_per_rep).round(1)
    managers = reps["level"] == MANAGER
    people = reps.groupby("region", observed=True).size()
    bosses = reps[managers].groupby("region", observed=True).size()
    out["销售人数"] = [len(reps) if r == TOTAL else int(people.get(r, 0)) for r in out.index]
    out["其中经理"] = [int(managers.sum()) if r == TOTAL else int(bosses.get(r, 0)) for r in out.index]
    out["现有人力（人）"] = (out["销售人数"] - out["其中经理"] * (1 - manager_share)).round(1)
    out["差额（人）"] = (out["现有人力（人）"] - out["所需人力（人）"]).round(1)
    out["判断"] = np.where(out["差额（人）"] <= -0.5, "缺人", np.where(out["差额（人）"] >= 0.5, "富余", "基本匹配"))
    out.index.name = "大区"
    out.attrs.update({"假设": f"每人每年 {hours_per_rep:,.0f} 小时用于客户；销售经理按 {manager_share:g} 人算",
                      "hours_per_rep": hours_per_rep, "manager_share": manager_share,
                      "churned": orders is not None, "churned_hours": float(hours.get(CHURNED, 0.0)),
                      "signed_number": ["差额（人）"]})
    return out


def sales_force_sentence(size: pd.DataFrame) -> str:
    """The result of :func:`sales_force_size` in one sentence, with the assumptions it rests on.

    Args:
        size: from :func:`sales_force_size` (with its 合计 row).

    Returns:
        One sentence: needed vs available people and the gap, the assumptions, what is left out.

    >>> t = pd.DataFrame({"所需人力（人）": [15.9], "销售人数": [24], "其中经理": [7], "现有人力（人）": [20.5],
    ...                   "差额（人）": [4.6], "流失客户（家）": [212]}, index=["合计"])
    >>> t.attrs.update({"hours_per_rep": 1000.0, "manager_share": 0.5, "churned": True})
    >>> text = sales_force_sentence(t).replace("；", "；\\n").replace("。", "。\\n")
    >>> print(text.replace("人，现", "人，\\n现").strip())
    按写明的假设（每人每年 1,000 小时用于客户，销售经理按 0.5 人算），维护近 12 个月有订单的客户需要 15.9 人，
    现有人力 20.5 人（24 位销售，其中 7 位经理），差额 +4.6 人；
    212 家流失客户没有安排维护拜访。
    这只算维护现有客户的拜访：开发新客户、挽回流失客户、写方案和催款的时间都不在内，所以“富余”不等于可以减人。
    """
    total = size.loc[TOTAL]
    hours = size.attrs.get("hours_per_rep", HOURS_PER_REP)
    share = size.attrs.get("manager_share", MANAGER_SHARE)
    who = f"近 {ACTIVE_MONTHS_B2B} 个月有订单的客户" if size.attrs.get("churned") else "全部客户"
    people, bosses = int(total["销售人数"]), int(total["其中经理"])
    out = (f"按写明的假设（每人每年 {hours:,.0f} 小时用于客户，销售经理按 {share:g} 人算），维护{who}需要 "
           f"{total['所需人力（人）']:.1f} 人，现有人力 {total['现有人力（人）']:.1f} 人"
           f"（{people} 位销售，其中 {bosses} 位经理），差额 {total['差额（人）']:+.1f} 人")
    churned = f"{CHURNED}（家）"
    if size.attrs.get("churned") and churned in size:
        each = size.attrs.get("churned_hours", 0.0)
        out += (f"；{int(total[churned])} 家流失客户按每家每年 {each:g} 小时算" if each
                else f"；{int(total[churned])} 家流失客户没有安排维护拜访")
    return out + ("。这只算维护现有客户的拜访：开发新客户、挽回流失客户、写方案和催款的时间都不在内，"
                  "所以“富余”不等于可以减人。")
