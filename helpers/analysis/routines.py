"""The cadence of penetration (lecture 4): routine actions (例行规定动作), visits and results, customer care.

A routine is a rule a salesperson must follow for a kind of customer in every period, e.g.
"一般客户：每季度至少 1 次拜访或电话". :func:`routine_rules` lists the course's rules as an
editable table; :func:`routine_compliance` checks them on the visit log (拜访记录).

A customer is **due** in a period when it ordered in the period or in the 12 months before the
period starts (so a customer who just stopped ordering is still visited). This is wider than the
course's "active" (an order in the last 12 months at the review date) on purpose. Programme
customers (渗透计划客户) are due from their programme start.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import DataError
from .general_accounts import prepare_customers, prepare_orders
from .penetration import programme_groups
from .pipeline import _numbered, _rep_label, _rep_names, prepare_visits

#: Visit types of the case company's visit log.
VISIT_TYPES = ("上门拜访", "电话或视频", "技术交流", "高层会晤", "客户活动")
_PERIODS = {"每月": ("M", 12), "每季度": ("Q", 4), "每半年": ("H", 2), "每年": ("Y", 1)}
#: Bands of yearly visit counts for :func:`visits_vs_results`: (label, low, high) inclusive.
VISIT_BANDS = (("0 次", 0, 0), ("1–2 次", 1, 2), ("3–4 次", 3, 4), ("5–8 次", 5, 8), ("9 次及以上", 9, 10**9))


def routine_rules() -> pd.DataFrame:
    """The course's routine actions, as a table a company can edit and pass back as ``rules=``.

    Returns:
        One row per rule, numbered from 1: 客户类别 (重点客户 / 一般客户 / 渗透计划客户), 动作, 频次 (每月 /
        每季度 / 每半年 / 每年 + 至少 n 次), 计入的拜访方式 (names joined by 、, or 全部), 计入的拜访目的 (or 全部).

    >>> routine_rules()[["客户类别", "频次"]].iloc[2].tolist()
    ['一般客户', '每季度至少 1 次']
    """
    rows = [
        ("重点客户", "上门拜访或技术交流", "每月至少 1 次", "上门拜访、技术交流、高层会晤", "全部"),
        ("重点客户", "高层会晤", "每半年至少 1 次", "高层会晤", "全部"),
        ("一般客户", "拜访或电话", "每季度至少 1 次", "全部", "全部"),
        ("一般客户", "上门拜访", "每半年至少 1 次", "上门拜访、技术交流", "全部"),
        ("一般客户", "客户关怀", "每年至少 1 次", "客户活动", "客户关怀"),
        ("渗透计划客户", "上门拜访", "每月至少 1 次", "上门拜访、技术交流", "全部"),
    ]
    return _numbered(pd.DataFrame(rows, columns=["客户类别", "动作", "频次", "计入的拜访方式", "计入的拜访目的"]))


def _frequency(text: str) -> tuple[str, int, int]:
    """'每季度至少 2 次' -> ('Q', 4 periods a year, 2 visits)."""
    match = re.fullmatch(r"\s*(每月|每季度|每半年|每年)\s*至少\s*(\d+)\s*次\s*", str(text))
    if not match:
        raise DataError(f"频次“{text}”无法识别", f"cannot read the frequency {text!r}",
                        fix_zh="写成“每月至少 1 次”“每季度至少 2 次”“每半年至少 1 次”或“每年至少 1 次”",
                        fix_en="write e.g. 每季度至少 1 次")
    code, per_year = _PERIODS[match.group(1)]
    return code, per_year, int(match.group(2))


def _periods(year: int, code: str) -> list[tuple[str, pd.Timestamp, pd.Timestamp]]:
    """(label, first day, last day) of each period of ``year``."""
    size = {"M": 1, "Q": 3, "H": 6, "Y": 12}[code]
    out = []
    for i in range(12 // size):
        first = pd.Timestamp(year, 1 + i * size, 1)
        last = first + pd.DateOffset(months=size) - pd.Timedelta(days=1)
        label = {"M": f"{i + 1}月", "Q": f"Q{i + 1}", "H": ("上半年", "下半年")[min(i, 1)], "Y": f"{year}年"}[code]
        out.append((label, first, last))
    return out


def _matches(v: pd.DataFrame, types: str, purposes: str) -> pd.Series:
    """Visits counted by a rule: type in its list OR purpose in its list ('全部' = any)."""
    t = [x.strip() for x in str(types).split("、") if x.strip()]
    p = [x.strip() for x in str(purposes).split("、") if x.strip()]
    kinds = v.get("visit_type", pd.Series("", index=v.index))
    by_type = pd.Series(True, index=v.index) if t == ["全部"] else kinds.isin(t)
    if p == ["全部"]:
        return by_type
    by_purpose = v.get("purpose", pd.Series("", index=v.index)).isin(p)
    return by_purpose if t == ["全部"] else (by_type | by_purpose)


def routine_compliance(visits: pd.DataFrame, orders: pd.DataFrame, customers: pd.DataFrame, *, year: int,
                       rules: pd.DataFrame | None = None, reps: pd.DataFrame | None = None) -> pd.DataFrame:
    """How often each routine was done: customer-periods due and met, per rule, rep and region.

    Args:
        visits: the visit log (拜访日期, 客户编号, 拜访方式, 拜访目的).
        orders: the orders (to know who is active in each period).
        customers: the customers (客户类型, 负责销售, 区域, 渗透计划开始日期).
        year: the year checked.
        rules: the rules (default :func:`routine_rules`), same columns.
        reps: the sales team (销售编号, 姓名), to show reps by name.

    Returns:
        One row per rule, numbered from 1 (the rule number): 客户类别, 动作, 频次, 应做客户期数, 达标期数,
        达标率 (NaN when nobody was due). ``attrs``: ``by_rep`` (rule × 负责销售 with n and 样本少 under 30
        customer-periods), ``by_region``, ``detail`` (every customer-period with 达标).

    >>> v = pd.DataFrame({"visit_date": ["2025-02-10"], "customer_id": ["A"], "visit_type": ["电话或视频"]})
    >>> o = pd.DataFrame({"customer_id": ["A"], "order_date": ["2024-11-05"], "amount": [1e4]})
    >>> c = pd.DataFrame({"customer_id": ["A"], "account_type": ["一般客户"], "sales_rep_id": ["S1"]})
    >>> routine_compliance(v, o, c, year=2025).loc[3, ["应做客户期数", "达标期数"]].astype(int).tolist()
    [4, 1]
    """
    v, o, c = prepare_visits(visits), prepare_orders(orders), prepare_customers(customers)
    rules = routine_rules() if rules is None else rules
    kind = c["account_type"].astype(str) if "account_type" in c else pd.Series("一般客户", index=c.index)
    start = c["penetration_start"] if "penetration_start" in c else pd.Series(pd.NaT, index=c.index)
    order_days = o.groupby("customer_id")["date"].apply(lambda s: np.sort(s.to_numpy()))
    detail = []
    for r, rule in enumerate(rules.to_dict("records"), start=1):
        code, _, need = _frequency(rule["频次"])
        counted = v[_matches(v, rule["计入的拜访方式"], rule["计入的拜访目的"])]
        for label, first, last in _periods(year, code):
            if rule["客户类别"] == "渗透计划客户":
                due = c.index[start.notna() & (start <= first)]
            else:
                lo, hi = np.datetime64(first - pd.DateOffset(months=12)), np.datetime64(last)
                cand = c.index[kind == rule["客户类别"]]
                due = pd.Index([i for i in cand if i in order_days.index and _any_between(order_days[i], lo, hi)])
            seen = counted[(counted["visit_date"] >= first) & (counted["visit_date"] <= last)]
            n_visits = seen.groupby("customer_id").size().reindex(due, fill_value=0)
            detail.append(pd.DataFrame({"规则": r, "客户编号": due, "期间": label,
                                        "达标": (n_visits >= need).to_numpy()}))
    columns = ["规则", "客户编号", "期间", "达标"]
    detail = pd.concat(detail, ignore_index=True) if detail else pd.DataFrame(columns=columns)
    for col, src in (("负责销售", "sales_rep_id"), ("区域", "region")):
        detail[col] = detail["客户编号"].map(c[src]) if src in c else "—"
    detail["负责销售"] = _rep_label(detail["负责销售"], _rep_names(reps))
    rules = _numbered(rules.copy())
    summary = rules[["客户类别", "动作", "频次"]].copy()
    grouped = detail.groupby("规则")["达标"]
    summary["应做客户期数"] = grouped.size().reindex(summary.index, fill_value=0).astype(int)
    summary["达标期数"] = grouped.sum().reindex(summary.index, fill_value=0).astype(int)
    summary["达标率"] = summary["达标期数"] / summary["应做客户期数"].where(summary["应做客户期数"] > 0)
    summary.attrs = {"percent": ["达标率"], "detail": detail, "year": year,
                     "by_rep": _by(detail, "负责销售", rules), "by_region": _by(detail, "区域", rules)}
    quarterly = summary[(summary["客户类别"] == "一般客户") & summary["频次"].str.startswith("每季度")]
    unit = {"M": "客户月", "Q": "客户季度", "H": "客户半年", "Y": "客户年"}
    low = summary.dropna(subset=["达标率"])
    low = low.loc[low["达标率"].idxmin()] if len(low) else None
    if len(quarterly):
        q = quarterly.iloc[0]
        by_rep = summary.attrs["by_rep"]
        by_rep = by_rep[(by_rep["规则"] == quarterly.index[0]) & ~by_rep["样本少"]]
        summary.attrs["headline"] = (f"{year} 年，一般客户“{q['频次']}拜访或电话”的达标率 {q['达标率']:.0%}"
                                     f"（n = {q['应做客户期数']:,} 个应做的客户季度）；"
                                     f"各销售从 {by_rep['达标率'].min():.0%} 到 {by_rep['达标率'].max():.0%} 不等"
                                     "（只算至少 30 个客户季度的销售）。")
        if low is not None:
            summary.attrs["headline"] += (
                f"达标率最低的规定动作是{low['客户类别']}“{low['频次']}{low['动作']}”：{low['达标率']:.1%}"
                f"（{low['达标期数']} / {low['应做客户期数']} 个应做的{unit[_frequency(low['频次'])[0]]}）。")
        summary.attrs["title"] = (f"{year} 年一般客户季度拜访达标率 {q['达标率']:.0%}，"
                                  f"各销售从 {by_rep['达标率'].min():.0%} 到 {by_rep['达标率'].max():.0%}")
    return summary


def _any_between(days: np.ndarray, lo: np.datetime64, hi: np.datetime64) -> bool:
    i = np.searchsorted(days, lo, side="left")
    return bool(i < len(days) and days[i] <= hi)


def _by(detail: pd.DataFrame, col: str, rules: pd.DataFrame, min_n: int = 30) -> pd.DataFrame:
    g = detail.groupby(["规则", col])["达标"]
    out = pd.DataFrame({"应做客户期数": g.size(), "达标期数": g.sum().astype(int)}).reset_index()
    out["达标率"] = out["达标期数"] / out["应做客户期数"]
    out["样本少"] = out["应做客户期数"] < min_n
    out.insert(1, "动作", out["规则"].map(rules["客户类别"] + "：" + rules["动作"]))
    out.attrs["percent"] = ["达标率"]
    return out


def visits_vs_results(visits: pd.DataFrame, orders: pd.DataFrame, customers: pd.DataFrame, *, year: int,
                      exclude_programme: bool = True, min_n: int = 30) -> pd.DataFrame:
    """General customers by number of visits in ``year``: the share whose sales held or grew.

    Population: customers labelled 一般客户 with orders in ``year - 1``; with
    ``exclude_programme`` the penetration programme's targeted and comparison customers are
    left out (they are compared on their own). An association, not a cause: reps also visit
    the customers who buy more.

    Args:
        visits: the visit log.
        orders: the orders.
        customers: the customers.
        year: the year whose visits and sales are compared with the year before.
        exclude_programme: leave out the programme's groups.
        min_n: bands with fewer customers are flagged 样本少.

    Returns:
        One row per band (0, 1–2, 3–4, 5–8, 9 次及以上): 客户数, 保持或增长的客户数, 占比, 样本少.

    >>> v = pd.DataFrame({"visit_date": ["2025-03-01"] * 3, "customer_id": ["A"] * 3})
    >>> o = pd.DataFrame({"customer_id": ["A", "A", "B"], "amount": [1e4, 2e4, 1e4],
    ...                   "order_date": ["2024-05-01", "2025-05-01", "2024-05-01"]})
    >>> c = pd.DataFrame({"customer_id": ["A", "B"], "account_type": ["一般客户"] * 2})
    >>> visits_vs_results(v, o, c, year=2025, exclude_programme=False)["客户数"].tolist()
    [1, 0, 1, 0, 0]
    """
    v, o, c = prepare_visits(visits), prepare_orders(orders), prepare_customers(customers)
    sales = o.groupby([o["date"].dt.year, "customer_id"])["amount"].sum()
    last = sales.get(year - 1, pd.Series(dtype=float))
    this = sales.get(year, pd.Series(dtype=float))
    ids = last.index[last > 0]
    if "account_type" in c:
        ids = ids[c["account_type"].reindex(ids).astype(str).eq("一般客户").to_numpy()]
    if exclude_programme:
        ids = ids.difference(programme_groups(o, c)["客户编号"])
    count = v[v["visit_date"].dt.year == year].groupby("customer_id").size().reindex(ids, fill_value=0)
    held = this.reindex(ids, fill_value=0.0) >= last.reindex(ids)
    rows = []
    for label, lo, hi in VISIT_BANDS:
        pick = (count >= lo) & (count <= hi)
        n = int(pick.sum())
        rows.append({"拜访次数档": label, "客户数": n, "保持或增长的客户数": int(held[pick].sum()),
                     "占比": held[pick].mean() if n else np.nan, "样本少": n < min_n})
    table = _numbered(pd.DataFrame(rows))
    table.attrs = {"percent": ["占比"], "n": len(ids), "year": year}
    ok = table[~table["样本少"]]
    if len(ok) >= 2:
        lo, hi = ok.iloc[0], ok.iloc[-1]
        table.attrs["headline"] = (f"{year - 1} 年有订单的 {len(ids)} 家一般客户"
                                   + ("（不含渗透计划客户和对照组）" if exclude_programme else "") +
                                   f"中，{year} 年拜访 {lo['拜访次数档']}的 {lo['占比']:.0%} 销售额保持或增长"
                                   f"（n = {lo['客户数']}），拜访 {hi['拜访次数档']}的 {hi['占比']:.0%}"
                                   f"（n = {hi['客户数']}）。这是相关，不是因果。")
        rest = ok.iloc[1:]
        table.attrs["title"] = (f"{year} 年拜访 {lo['拜访次数档']}的一般客户 {lo['占比']:.0%} 保持或增长，"
                                f"其余各档在 {rest['占比'].min():.0%}–{rest['占比'].max():.0%} 之间")
    return table


def care_summary(visits: pd.DataFrame, orders: pd.DataFrame, customers: pd.DataFrame, *, year: int,
                 account_type: str = "一般客户") -> pd.DataFrame:
    """Customer-care activities (客户关怀) in ``year`` and how many active customers they reached.

    Args:
        visits: the visit log: care = visit type 客户活动 (技术交流日, 培训, 答谢) or purpose 客户关怀.
        orders: the orders (due = an order in ``year`` or the 12 months before it, as in the routine rules).
        customers: the customers.
        year: the year.
        account_type: the customers counted.

    Returns:
        Rows 客户活动, 关怀电话或拜访, 合计（任一）: 次数, 覆盖客户数, 覆盖率 (÷ customers of the type due).

    >>> v = pd.DataFrame({"visit_date": ["2025-09-01"], "customer_id": ["A"], "visit_type": ["电话或视频"],
    ...                   "purpose": ["客户关怀"]})
    >>> o = pd.DataFrame({"customer_id": ["A", "B"], "order_date": ["2025-01-05"] * 2, "amount": [1e4] * 2})
    >>> c = pd.DataFrame({"customer_id": ["A", "B"], "account_type": ["一般客户"] * 2})
    >>> float(care_summary(v, o, c, year=2025).loc["合计（任一）", "覆盖率"])
    0.5
    """
    v, o, c = prepare_visits(visits), prepare_orders(orders), prepare_customers(customers)
    active = o[(o["date"] >= pd.Timestamp(year - 1, 1, 1)) & (o["date"] <= pd.Timestamp(year, 12, 31))]
    ids = pd.Index(active["customer_id"].unique())
    if "account_type" in c:
        ids = ids[c["account_type"].reindex(ids).astype(str).eq(account_type).to_numpy()]
    v = v[(v["visit_date"].dt.year == year) & v["customer_id"].isin(ids)]
    event = v.get("visit_type", pd.Series("", index=v.index)).eq("客户活动")
    care = v.get("purpose", pd.Series("", index=v.index)).eq("客户关怀") & ~event
    rows = {name: {"次数": int(m.sum()), "覆盖客户数": int(v.loc[m, "customer_id"].nunique())}
            for name, m in (("客户活动（技术交流日、培训、答谢）", event), ("关怀电话或拜访", care),
                            ("合计（任一）", event | care))}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["覆盖率"] = table["覆盖客户数"] / len(ids) if len(ids) else np.nan
    table.index.name = "关怀活动"
    total = table.iloc[-1]
    table.attrs = {"percent": ["覆盖率"], "n": len(ids),
                   "headline": f"{year} 年应做客户关怀的 {len(ids)} 家{account_type}（{year - 1}–{year} 年有订单）中，"
                               f"{int(total['覆盖客户数'])} 家（{total['覆盖率']:.0%}）至少参加过一次客户活动"
                               "或接到过一次关怀。"}
    return table
