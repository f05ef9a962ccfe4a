"""After signing (lecture 4, the middle and late phases): delivery delays, receivables ageing, overdue
alerts, payment behaviour.

* **due date** = delivery date + payment terms (合同约定的账期, days), unless the table has its
  own due-date column (到期日);
* **days overdue** = review date − due date (0 or less: not yet due);
* buckets 未到期, 逾期 1–30 天, 31–90 天, 91–180 天, 180 天以上 (bounds inclusive: 30 days overdue
  is 1–30), and 账期未填写 for deals without terms;
* alerts per customer on its worst receivable: 红色 over 90 days, 橙色 31–90, 黄色 1–30,
  提醒 when something falls due within 15 days (or terms are missing), else 无; a red alert means
  no more sales on credit, so the orders a red customer placed since it turned red are shown;
* paid **on time** = paid by the due date (the same rule as the ageing: one day late is overdue).

A receivable is a delivered deal not paid by the review date, for its full expected amount
(the case data have no partial payments).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError
from .general_accounts import prepare_orders
from .pipeline import _as_date, _customer_info, _numbered, _rep_label, _rep_names, prepare_pipeline, prepare_visits

#: The course rule: groups with fewer cases are flagged 样本少 and not interpreted.
MIN_N = 30

#: Alert levels, most urgent first, with the action and who owns it.
ALERTS: dict[str, tuple[str, str]] = {
    "红色": ("暂停赊销新订单；销售经理与财务一周内上门，约定还款计划", "销售经理"),
    "橙色": ("本周内电话 + 书面催收；核对发票和验收单据", "负责销售"),
    "黄色": ("确认对方付款流程卡在哪里", "负责销售"),
    "提醒": ("到期前提醒，确认单据齐全；账期未填写的先补填", "负责销售"),
    "无": ("—", "—"),
}
MISSING_TERMS = "账期未填写"


def bucket_labels(buckets: tuple[int, ...] = (30, 90, 180)) -> list[str]:
    """The ageing buckets' names for the given bounds (days overdue).

    Args:
        buckets: the upper bounds of the overdue buckets, increasing.

    Returns:
        未到期, one label per bucket, the open-ended one, and 账期未填写.

    >>> bucket_labels()
    ['未到期', '逾期 1–30 天', '逾期 31–90 天', '逾期 91–180 天', '逾期 180 天以上', '账期未填写']
    """
    lows = [1, *(b + 1 for b in buckets[:-1])]
    return ["未到期", *(f"逾期 {lo}–{hi} 天" for lo, hi in zip(lows, buckets)), f"逾期 {buckets[-1]} 天以上",
            MISSING_TERMS]


def receivables_ageing(pipe: pd.DataFrame, *, as_of: Any = None, customers: pd.DataFrame | None = None,
                       reps: pd.DataFrame | None = None, default_terms: float | None = None,
                       buckets: tuple[int, ...] = (30, 90, 180), prepayment_ok: bool = False) -> pd.DataFrame:
    """Every open receivable at the review date, with its due date, days overdue and bucket.

    Args:
        pipe: the pipeline (raw or prepared) with delivery and payment dates and 账期 (days) or 到期日.
        as_of: the review date (default: the pipeline's latest date).
        customers: the customer table, for names, account types and owners.
        reps: the sales team (销售编号, 姓名), to show owners by name.
        default_terms: terms (days) for deals without their own; None keeps them as 账期未填写.
        buckets: upper bounds of the overdue buckets.
        prepayment_ok: payment before delivery (款到发货) is allowed.

    Returns:
        One row per receivable, most overdue first, numbered from 1: 商机编号, 客户编号, [客户名称, 客户类型],
        负责销售, 交付日期, 账期（天）, 到期日, 应收金额（万元）, 逾期（天）, 账龄档 (ordered).
        ``attrs["missing_terms"]``: 商机编号 of deals without terms.

    Raises:
        DataError: the table has neither terms nor due dates and no ``default_terms``.

    >>> raw = pd.DataFrame({"opportunity_id": ["R1"], "created_date": ["2025-08-01"], "date_signed": ["2025-08-20"],
    ...                     "date_delivered": ["2025-09-01"], "payment_terms_days": [30], "expected_amount": [3e5]})
    >>> receivables_ageing(raw, as_of="2025-12-31")[["逾期（天）", "账龄档"]].values.tolist()
    [[91.0, '逾期 91–180 天']]
    """
    p = prepare_pipeline(pipe, as_of=as_of, prepayment_ok=prepayment_ok)
    end = _as_date(as_of) if as_of is not None else p.attrs["as_of"]
    if "date_delivered" not in p or "date_paid" not in p:
        raise DataError("缺少交付日期或回款日期列", "no delivery or payment date column",
                        fix_zh="表中需要“交付日期”和“回款日期”两列（回款日期可以为空）",
                        fix_en="the table needs 交付日期 and 回款日期 columns")
    has_terms, has_due = "payment_terms_days" in p, "due_date" in p
    if not (has_terms or has_due) and default_terms is None:
        raise DataError("缺少账期或到期日列", "no payment terms or due date column",
                        fix_zh="在表中加入“账期”（天）或“到期日”列，或调用时写 default_terms=60",
                        fix_en="add 账期 (days) or 到期日, or call with default_terms=60")
    open_ = p[(p["date_delivered"] <= end) & (p["date_paid"].isna() | (p["date_paid"] > end))].copy()
    terms = open_["payment_terms_days"].astype(float) if has_terms else pd.Series(np.nan, index=open_.index)
    if default_terms is not None:
        terms = terms.fillna(float(default_terms))
    due = open_["due_date"] if has_due else pd.Series(pd.NaT, index=open_.index, dtype="datetime64[ns]")
    due = due.fillna(open_["date_delivered"] + pd.to_timedelta(terms, unit="D"))
    late = (end - due).dt.days.astype(float)
    labels = bucket_labels(buckets)
    edges = [-np.inf, 0, *buckets, np.inf]
    bucket = pd.cut(late, edges, right=True, labels=labels[:-1]).astype(object)
    bucket[late.isna()] = MISSING_TERMS
    info = _customer_info(customers)
    cid = open_["customer_id"] if "customer_id" in open_ else pd.Series("—", index=open_.index)
    owner = (open_["owner_rep_id"] if "owner_rep_id" in open_ else
             cid.map(customers.set_index("customer_id")["sales_rep_id"]) if customers is not None
             and "sales_rep_id" in customers else pd.Series("—", index=open_.index))
    out = pd.DataFrame({
        "商机编号": open_["opportunity_id"], "客户编号": cid,
        **{col: cid.map(info[col]) for col in ("客户名称", "客户类型") if col in info},
        "负责销售": _rep_label(owner, _rep_names(reps)), "交付日期": open_["date_delivered"], "账期（天）": terms,
        "到期日": due,
        "应收金额（万元）": open_["expected_amount"].astype(float) / 1e4 if "expected_amount" in open_ else np.nan,
        "逾期（天）": late, "账龄档": pd.Categorical(bucket, categories=labels, ordered=True)})
    out = _numbered(out.sort_values(["逾期（天）", "应收金额（万元）"], ascending=False, na_position="last"))
    out.attrs = {"as_of": end, "buckets": tuple(buckets), "labels": labels,
                 "missing_terms": out.loc[out["账龄档"] == MISSING_TERMS, "商机编号"].tolist()}
    return out


def ageing_summary(ageing: pd.DataFrame) -> pd.DataFrame:
    """Receivables by ageing bucket: count, amount and share of the amount, with a total row.

    Args:
        ageing: the output of :func:`receivables_ageing`.

    Returns:
        One row per bucket (all kept, fixed order) and 合计: 笔数, 金额（万元）, 金额占比.
        ``attrs``: ``total``, ``overdue`` and ``over_90`` (万元), ``headline``.

    >>> a = pd.DataFrame({"应收金额（万元）": [10.0, 30.0], "逾期（天）": [-5.0, 100.0],
    ...                   "账龄档": pd.Categorical(["未到期", "逾期 91–180 天"], categories=bucket_labels())})
    >>> float(ageing_summary(a).loc["合计", "金额（万元）"])
    40.0
    """
    labels = ageing.attrs.get("labels") or list(ageing["账龄档"].cat.categories)
    grouped = ageing.groupby("账龄档", observed=False)["应收金额（万元）"]
    table = pd.DataFrame({"笔数": grouped.size(), "金额（万元）": grouped.sum()}).reindex(labels, fill_value=0)
    table.loc["合计"] = table.sum()
    table["笔数"] = table["笔数"].astype(int)
    total = float(table.loc["合计", "金额（万元）"])
    table["金额占比"] = table["金额（万元）"] / total if total else np.nan
    table.index.name = "账龄档"
    late = ageing["逾期（天）"]
    bound = (ageing.attrs.get("buckets") or (30, 90, 180))[1]
    overdue = float(ageing.loc[late > 0, "应收金额（万元）"].sum())
    over = ageing[late > bound]
    as_of = ageing.attrs.get("as_of")
    when = f"截至 {as_of:%Y-%m-%d}，" if as_of is not None else ""
    customers = over["客户名称"].nunique() if "客户名称" in over else over.get("客户编号", pd.Series()).nunique()
    table.attrs = {"percent": ["金额占比"], "total": total, "overdue": overdue,
                   "over_90": float(over["应收金额（万元）"].sum()),
                   "headline": f"{when}已交付未回款的应收共 {int(table.loc['合计', '笔数'])} 笔、{total:,.1f} 万元；"
                               f"其中逾期 {overdue:,.1f} 万元，逾期超过 {bound} 天的 {len(over)} 笔、"
                               f"{over['应收金额（万元）'].sum():,.1f} 万元，来自 {customers} 家客户。",
                   "title": f"应收 {total:,.0f} 万元中 {over['应收金额（万元）'].sum():,.0f} 万元逾期超过 {bound} 天"
                            f"（{customers} 家客户）"}
    return table


def overdue_alerts(ageing: pd.DataFrame, *, visits: pd.DataFrame | None = None, orders: pd.DataFrame | None = None,
                   soon_days: int = 15, visit_days: int = 30, include_none: bool = True) -> pd.DataFrame:
    """One alert per customer with receivables, on its worst item, with the action and its owner.

    A red alert means no more sales on credit. Its start (红色预警起始日) is the first day one of the
    customer's open receivables was more than 90 days overdue (its due date + 91 days); with
    ``orders``, the orders the customer placed from that day to the review date are counted, so a
    manager sees whether the hold is kept.

    Args:
        ageing: the output of :func:`receivables_ageing`.
        visits: the visit log; adds whether a 回款催收 visit happened in the last ``visit_days`` days.
        orders: the orders; adds the orders a red customer placed since its red alert started.
        soon_days: a receivable due within this many days (0 = today) raises 提醒.
        visit_days: the window for collection visits.
        include_none: keep the customers whose receivables raise no alert (预警级别 无).

    Returns:
        One row per customer, most urgent first, numbered from 1: 客户编号, [客户名称, 客户类型], 负责销售,
        应收合计（万元）, 逾期合计（万元）, 最长逾期（天）, 预警级别 (红色 / 橙色 / 黄色 / 提醒 / 无), 动作, 负责人,
        [近30天有催收拜访], [红色预警起始日, 此后订单数, 此后订单金额（万元）] (red customers only).
        The headline counts every customer, whatever ``include_none``.

    >>> a = pd.DataFrame({"客户编号": ["X", "Y"], "负责销售": ["S1", "S2"], "应收金额（万元）": [30.0, 5.0],
    ...                   "逾期（天）": [91.0, -3.0], "账龄档": ["逾期 91–180 天", "未到期"]})
    >>> overdue_alerts(a)["预警级别"].tolist()
    ['红色', '提醒']
    """
    bounds = ageing.attrs.get("buckets") or (30, 90, 180)
    end = ageing.attrs.get("as_of")
    key = "客户编号"
    rows = []
    for cid, group in ageing.groupby(key, sort=False):
        late = group["逾期（天）"]
        worst = late.max()
        if worst > bounds[1]:
            level = "红色"
        elif worst > bounds[0]:
            level = "橙色"
        elif worst > 0:
            level = "黄色"
        elif ((late >= -soon_days) & (late <= 0)).any() or late.isna().any():
            level = "提醒"
        else:
            level = "无"
        row = {key: cid}
        for col in ("客户名称", "客户类型", "负责销售"):
            if col in group:
                row[col] = group[col].iloc[0]
        row.update({"应收合计（万元）": group["应收金额（万元）"].sum(),
                    "逾期合计（万元）": group.loc[late > 0, "应收金额（万元）"].sum(),
                    "最长逾期（天）": worst if worst > 0 else 0.0, "预警级别": level,
                    "动作": ALERTS[level][0], "负责人": ALERTS[level][1]})
        if level == "红色" and "到期日" in group:
            row["红色预警起始日"] = group.loc[late > bounds[1], "到期日"].min() + pd.Timedelta(days=bounds[1] + 1)
        rows.append(row)
    table = pd.DataFrame(rows)
    if table.empty:
        table.attrs["headline"] = "复盘日没有未回款的应收。"
        return table
    if visits is not None:
        v = prepare_visits(visits)
        stop = end if end is not None else v["visit_date"].max()
        recent = v[(v["visit_date"] > stop - pd.Timedelta(days=visit_days)) & (v["visit_date"] <= stop)]
        if "purpose" in recent:
            recent = recent[recent["purpose"].astype(str) == "回款催收"]
        table[f"近{visit_days}天有催收拜访"] = table[key].isin(set(recent["customer_id"]))
    if orders is not None and "红色预警起始日" in table:
        o = prepare_orders(orders)
        o = o[o["date"] <= end] if end is not None else o
        since = [o[(o["customer_id"] == c) & (o["date"] >= d)] if pd.notna(d) else None
                 for c, d in zip(table[key], table["红色预警起始日"])]
        table["此后订单数"] = [np.nan if x is None else float(x["order_id"].nunique() if "order_id" in x
                                                           and x["order_id"].notna().all() else len(x)) for x in since]
        table["此后订单金额（万元）"] = [np.nan if x is None else x["amount"].sum() / 1e4 for x in since]
    order = {name: i for i, name in enumerate(ALERTS)}
    table = table.sort_values(["预警级别", "逾期合计（万元）"],
                              key=lambda s: s.map(order) if s.name == "预警级别" else -s)
    counts = table["预警级别"].value_counts()
    sentence = "；".join(f"{lvl} {counts[lvl]} 家" for lvl in ALERTS if lvl != "无" and lvl in counts)
    when = f"截至 {end:%Y-%m-%d}，" if end is not None else ""
    headline = f"{when}{len(table)} 家有未回款应收的客户中：{sentence or '没有预警'}。"
    col = f"近{visit_days}天有催收拜访"
    red = table[table["预警级别"] == "红色"]
    if col in table and len(red):
        headline += f"红色预警的 {len(red)} 家中，{int(red[col].sum())} 家近 {visit_days} 天有过催收拜访。"
    if "此后订单金额（万元）" in table:
        kept = red[red["此后订单数"] > 0]
        name = "客户名称" if "客户名称" in red else key
        headline += ("按规则红色预警后应暂停赊销，但" + "；".join(
            f"{r[name]}在 {r['红色预警起始日']:%Y-%m-%d} 之后仍下了 {int(r['此后订单数'])} 笔订单、"
            f"{r['此后订单金额（万元）']:,.1f} 万元" for _, r in kept.iterrows()) + "。"
            if len(kept) else "红色预警的客户在预警之后都没有新订单。")
    if not include_none:
        table = table[table["预警级别"] != "无"]
    table = _numbered(table)
    table.attrs["headline"] = headline
    return table


def payment_behaviour(pipe: pd.DataFrame, *, year: int, customers: pd.DataFrame | None = None,
                      grace_days: int = 0, min_n: int = MIN_N) -> pd.DataFrame:
    """How paid deals actually paid: the share paid by the due date and the median delay.

    Args:
        pipe: the pipeline (raw or prepared) with delivery, payment dates and 账期.
        year: deals whose payment date falls in this year.
        customers: the customer table, to split by account type.
        grace_days: days after the due date still counted as on time (default 0: the ageing's
            rule, where one day late is overdue).
        min_n: groups with fewer payments are flagged 样本少.

    Returns:
        Rows by 客户类型 (if ``customers``) and 合计: 回款笔数, 按期占比, 实际回款天数中位数, 账期中位数,
        晚于到期日中位数（天） (median of payment − due date), 样本少.

    >>> raw = pd.DataFrame({"opportunity_id": ["A", "B"], "created_date": ["2025-01-01"] * 2,
    ...                     "date_delivered": ["2025-02-01"] * 2, "date_paid": ["2025-03-01", "2025-06-01"],
    ...                     "payment_terms_days": [30, 30]})
    >>> float(payment_behaviour(raw, year=2025).loc["合计", "按期占比"])
    0.5
    """
    p = prepare_pipeline(pipe)
    if "payment_terms_days" not in p:
        raise DataError("缺少账期列", "no payment terms column", fix_zh="在表中加入“账期”（天）列",
                        fix_en="add a 账期 (days) column")
    paid = p[(p["date_paid"].dt.year == year) & p["payment_terms_days"].notna() & p["date_delivered"].notna()].copy()
    paid["天数"] = (paid["date_paid"] - paid["date_delivered"]).dt.days.astype(float)
    paid["晚"] = paid["天数"] - paid["payment_terms_days"].astype(float)
    info = _customer_info(customers)
    groups = [("合计", paid)]
    if "客户类型" in info and "customer_id" in paid:
        kind = paid["customer_id"].map(info["客户类型"])
        order = {"重点客户": 0, "一般客户": 1}
        parts = sorted(paid.groupby(kind, sort=False, observed=True),
                       key=lambda kg: (order.get(str(kg[0]), 9), str(kg[0])))
        groups = [(str(k), g) for k, g in parts] + groups
    rows = {name: {"回款笔数": len(g), "按期占比": (g["晚"] <= grace_days).mean() if len(g) else np.nan,
                   "实际回款天数中位数": g["天数"].median(),
                   "账期中位数": g["payment_terms_days"].astype(float).median(),
                   "晚于到期日中位数（天）": g["晚"].median(), "样本少": len(g) < min_n} for name, g in groups}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "客户类型"
    total = table.loc["合计"]
    rule = "到期日当天或之前到账" if grace_days == 0 else f"到期日后 {grace_days} 天内到账"
    small = [k for k in table.index if k != "合计" and table.loc[k, "样本少"]]
    same = "（与账龄同一口径：晚 1 天就算逾期）" if grace_days == 0 else ""
    sentence = (f"{year} 年回款的 {int(total['回款笔数'])} 笔中，{total['按期占比']:.0%} {rule}{same}；"
                f"实际回款天数中位数 {total['实际回款天数中位数']:.0f} 天（账期中位数 {total['账期中位数']:.0f} 天）")
    if small:
        sentence += "；" + "、".join(f"{k}只有 {int(table.loc[k, '回款笔数'])} 笔" for k in small) + \
            f"，少于 {min_n} 笔，不作解读"
    table.attrs = {"percent": ["按期占比"], "grace_days": grace_days, "year": year, "rule": rule,
                   "headline": sentence + "。"}
    return table


def execution_delays(pipe: pd.DataFrame, *, as_of: Any = None, days: int = 60,
                     customers: pd.DataFrame | None = None, reps: pd.DataFrame | None = None) -> pd.DataFrame:
    """Signed deals not delivered more than ``days`` after signing (the middle phase's alert).

    Args:
        pipe: the pipeline (raw or prepared).
        as_of: the review date (default: the pipeline's).
        days: days after signing without delivery that count as a delay.
        customers: the customer table, for names.
        reps: the sales team (销售编号, 姓名), to show owners by name.

    Returns:
        One row per delayed deal, longest first, numbered from 1: 商机编号, 客户名称, 签约日期,
        已签约（天）, 预计金额（万元）, 负责销售, 建议动作.

    >>> raw = pd.DataFrame({"opportunity_id": ["A"], "created_date": ["2024-01-01"], "date_signed": ["2024-01-10"]})
    >>> execution_delays(raw, as_of="2024-04-30")["已签约（天）"].tolist()
    [111]
    """
    p = prepare_pipeline(pipe, as_of=as_of)
    end = _as_date(as_of) if as_of is not None else p.attrs["as_of"]
    stages, cols, won_idx = p.attrs["stages"], p.attrs["date_cols"], p.attrs["won_idx"]
    signed = p[cols[won_idx]]
    age = (end - signed).dt.days.astype(float)
    late = p[(p["furthest_idx"] == won_idx) & (age > days)] if won_idx + 1 < len(stages) else p.iloc[:0]
    info = _customer_info(customers)
    cid = late["customer_id"] if "customer_id" in late else pd.Series("—", index=late.index)
    out = pd.DataFrame({"商机编号": late["opportunity_id"],
                        "客户名称": cid.map(info["客户名称"]) if "客户名称" in info else cid,
                        "签约日期": signed[late.index], "已签约（天）": age[late.index].astype(int),
                        "预计金额（万元）": (late["expected_amount"].astype(float) / 1e4 if "expected_amount" in late
                                            else np.nan),
                        **({"负责销售": _rep_label(late["owner_rep_id"], _rep_names(reps))}
                           if "owner_rep_id" in late else {}),
                        "建议动作": "召开交付协调会，明确到货和验收日期"})
    out = _numbered(out.sort_values("已签约（天）", ascending=False))
    out.attrs["headline"] = (f"截至 {end:%Y-%m-%d}，{len(out)} 个商机签约超过 {days} 天仍未交付"
                             + (f"，合计 {out['预计金额（万元）'].sum():.0f} 万元。" if len(out) else "。"))
    return out
