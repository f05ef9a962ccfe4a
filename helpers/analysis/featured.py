"""The featured key account of lecture 3 and what the lecture shows about one account at a glance.

* :func:`featured_account` -- the one customer of the case table ``account_plan``, chosen by the
  generator with a stated rule (a key account run by a 销售代表, whose 2025 sales fell below 2024,
  with the largest headroom); the notebook prints its name, never types it;
* :func:`customer_name`, :func:`account_snapshot` -- its name and a two-column overview;
* :func:`smart_context` -- what the SMART checker should know about the account (names, titles,
  product lines, potential).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError
from .account_plan import _stamp


def featured_account(plan: pd.DataFrame | None = None) -> str:
    """The featured key account of lecture 3: the one customer of the action plan.

    Args:
        plan: the plan table (default: the case table ``account_plan``).

    Returns:
        The customer id.

    >>> featured_account(pd.DataFrame({"customer_id": ["C0123", "C0123"]}))
    'C0123'
    """
    if plan is None:
        from ..data.cases import load_case

        plan = load_case("account_plan")
    ids = list(dict.fromkeys(str(c) for c in plan["customer_id"].dropna()))
    if len(ids) != 1:
        raise DataError(f"行动计划表应只含一家客户，实际有 {len(ids)} 家", f"expected one customer, got {len(ids)}",
                        fix_zh="请只保留一家客户的行动", fix_en="keep the actions of one customer")
    return ids[0]


def customer_name(customer: Any, customers: pd.DataFrame | None = None) -> str:
    """A customer's name from the customer table (the case table by default); the id if unknown.

    Args:
        customer: the customer id.
        customers: the customer table (default: the case table).

    Returns:
        The name.

    >>> customer_name("C9", pd.DataFrame({"customer_id": ["C9"], "customer_name": ["甲公司"]}))
    '甲公司'
    """
    if customers is None:
        from ..data.cases import load_case

        customers = load_case("customers")
    names = dict(zip(customers["customer_id"].astype(str), customers["customer_name"].astype(str)))
    return names.get(str(customer), str(customer))


def smart_context(customer: Any, *, customers: pd.DataFrame | None = None,
                  contacts: pd.DataFrame | None = None) -> dict[str, Any]:
    """What the SMART checker should know about a key account: its names, people, lines, potential.

    Args:
        customer: the customer id.
        customers: the customer table (default: the case table).
        contacts: the contacts table (default: the case table).

    Returns:
        ``{"terms": [name, id, contact titles ..., product lines ...], "potential_wan": potential}``
        for :func:`helpers.analysis.smart.smart_check`.

    >>> ctx = smart_context("C9", customers=pd.DataFrame({"customer_id": ["C9"], "customer_name": ["甲公司"],
    ...     "purchase_potential_wan": [500.0]}), contacts=pd.DataFrame({"customer_id": ["C9"], "title": ["技术总监"]}))
    >>> ctx["terms"][:3], ctx["potential_wan"]
    (['甲公司', 'C9', '技术总监'], 500.0)
    """
    from ..data.cases import load_case
    from ..data.schema_b2b import PRODUCT_LINES

    customers = load_case("customers") if customers is None else customers
    contacts = load_case("contacts") if contacts is None else contacts
    cid = str(customer)
    row = customers[customers["customer_id"].astype(str) == cid]
    titles = contacts.loc[contacts["customer_id"].astype(str) == cid, "title"].dropna().astype(str).tolist()
    potential = float(row["purchase_potential_wan"].iloc[0]) if len(row) and \
        "purchase_potential_wan" in row.columns else None
    terms = [*(row["customer_name"].astype(str).tolist() if len(row) else []), cid, *titles, *PRODUCT_LINES]
    return {"terms": list(dict.fromkeys(terms)), "potential_wan": potential}


def _case(name: str, table: pd.DataFrame | None) -> pd.DataFrame:
    from ..data.cases import load_case

    return load_case(name) if table is None else table


def account_snapshot(customer: Any, *, as_of: Any, orders: pd.DataFrame | None = None,
                     customers: pd.DataFrame | None = None, contacts: pd.DataFrame | None = None,
                     people: pd.DataFrame | None = None, pipeline: pd.DataFrame | None = None) -> pd.DataFrame:
    """One key account at a glance: sales, potential, wallet share, lines, open deals, decision chain.

    Sales are over ``(as_of − 12 months, as_of]`` and the 12 months before, as in lecture 2's
    :func:`helpers.account_metrics`; 钱包份额 = 近 12 月销售额 ÷ 年采购潜力.

    Args:
        customer: the customer id.
        as_of: the review date.
        orders, customers, contacts, people, pipeline: the tables (default: the case tables).

    Returns:
        Two columns, 指标 and 数值 (as text, formatted); the numbers are in ``attrs["values"]``.

    >>> o = pd.DataFrame({"customer_id": ["A"], "order_date": ["2025-06-01"], "amount": [50_000.0],
    ...                   "gross_profit": [0.0], "product_line": ["变频器"]})
    >>> c = pd.DataFrame({"customer_id": ["A"], "customer_name": ["甲"], "industry": ["化工"], "region": ["华东"],
    ...                   "purchase_potential_wan": [50.0], "first_order_date": ["2020-01-01"], "sales_rep_id": ["S1"]})
    >>> k = pd.DataFrame({"客户编号": ["A"], "联系人": ["蔡总"], "层级": ["决策层"], "决策角色": ["决策者"],
    ...                   "影响力": [5], "态度": ["支持"], "关系强度": [3]})
    >>> p = pd.DataFrame({"人员编号": ["S1"], "职级": ["销售代表"]})
    >>> from helpers.analysis.multilevel import our_people
    >>> snap = account_snapshot("A", as_of="2025-12-31", orders=o, customers=c, contacts=k, people=our_people(p),
    ...                         pipeline=pd.DataFrame({"customer_id": [], "status": [], "expected_amount": []}))
    >>> snap.loc[snap["指标"].str.startswith("钱包份额"), "数值"].item()
    '10.0%'
    """
    from .accounts import account_metrics
    from .decision_chain import decision_chain
    from .multilevel import our_people

    orders, customers = _case("orders", orders), _case("customers", customers)
    contacts, pipeline = _case("contacts", contacts), _case("pipeline", pipeline)
    people = our_people() if people is None else people
    stamp = _stamp(as_of)
    cid = str(customer)
    info = customers[customers["customer_id"].astype(str) == cid]
    if info.empty:
        raise DataError(f"客户表里没有客户 {cid}", f"customer {cid} is not in the customer table",
                        fix_zh="请检查客户编号", fix_en="check the id")
    info = info.iloc[0]
    metrics = account_metrics(orders, customers[customers["customer_id"].astype(str) == cid], as_of=stamp).loc[cid]
    recent = orders[(orders["customer_id"].astype(str) == cid) & (pd.to_datetime(orders["order_date"]) > stamp -
                    pd.DateOffset(months=12)) & (pd.to_datetime(orders["order_date"]) <= stamp)]
    lines = int(recent["product_line"].nunique()) if "product_line" in recent.columns else 0
    open_deals = pipeline[(pipeline["customer_id"].astype(str) == cid) & (pipeline["status"].astype(str) == "进行中")]
    chain = decision_chain(contacts, people, cid, as_of=stamp)
    key = chain[chain["是否关键人"]]
    rep = str(info.get("sales_rep_id", ""))
    rep_text = (f"{people.loc[rep, '姓名']}（{people.loc[rep, '对接职级']}）" if rep in people.index else rep or "—")
    sales, before = float(metrics["销售额_万元"]), float(metrics["上期销售额_万元"])
    potential = float(metrics.get("采购潜力_万元", np.nan))
    values = {"近12月销售额_万元": sales, "上期销售额_万元": before,
              "同比": sales / before - 1 if before else np.nan, "采购潜力_万元": potential,
              "钱包份额": sales / potential if potential else np.nan, "产品线数": lines,
              "进行中商机数": len(open_deals), "进行中商机金额_万元": float(open_deals["expected_amount"].sum()) / 1e4,
              "联系人数": len(chain), "关键人数": len(key),
              "关键人支持占比": (key["态度"] == "支持").mean() if len(key) else np.nan}

    def pct(x: float, signed: bool = False) -> str:
        return "—" if x != x else (f"{x:+.1%}" if signed else f"{x:.1%}")

    rows = [("客户名称", str(info["customer_name"])),
            ("行业 / 区域", f"{info.get('industry', '—')} / {info.get('region', '—')}"),
            ("负责销售（职级）", rep_text), ("近 12 个月销售额（万元）", f"{sales:,.1f}"),
            ("再往前 12 个月（万元）", f"{before:,.1f}"), ("同比", pct(values["同比"], signed=True)),
            ("年采购潜力（万元）", "—" if potential != potential else f"{potential:,.1f}"),
            ("钱包份额（近 12 个月销售额 ÷ 年采购潜力）", pct(values["钱包份额"])),
            ("近 12 个月买过的产品线", f"{lines} / 6 条"),
            ("进行中的商机", f"{len(open_deals)} 个，预计 {values['进行中商机金额_万元']:,.1f} 万元"),
            ("决策链联系人", f"{len(chain)} 人，其中关键人 {len(key)} 人"),
            ("关键人中态度“支持”的占比", pct(values["关键人支持占比"]) + (f"（{len(key)} 人中）" if len(key) else ""))]
    out = pd.DataFrame(rows, columns=["指标", "数值"])
    out.index = pd.RangeIndex(1, len(out) + 1)
    out.attrs.update(values=values, as_of=stamp)
    return out
