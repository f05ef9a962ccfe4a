"""The featured key account of lecture 3 and what the lecture shows about one account at a glance.

* :func:`featured_account` -- the one customer of the case table ``account_plan``, chosen by the
  generator with a stated rule (a key account run by a 销售代表, whose 2025 sales fell below 2024,
  with the largest headroom); the notebook prints its name, never types it;
* :func:`customer_name`, :func:`account_snapshot` -- its name and a two-column overview;
* :func:`smart_context` -- what the SMART checker should know about the account (names, titles,
  product lines, potential);
* :func:`chain_table`, :func:`gap_table`, :func:`chain_findings` -- one account's decision chain
  and its gap list as a trainee reads them, and what they say in sentences.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError
from .account_plan import _stamp
from .decision_chain import NO_COVER, OUR_RANKS


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
        One column 数值 (as text, formatted) indexed by the indicator (``columns.name`` 指标, so
        that :func:`helpers.show` prints one header row); the numbers are in ``attrs["values"]``.

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
    >>> snap.loc["钱包份额（近 12 个月销售额 ÷ 年采购潜力）", "数值"], snap.loc["关键人中态度“支持”的", "数值"]
    ('10.0%', '1 / 1 人')
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
              "支持的关键人数": int((key["态度"] == "支持").sum())}

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
            ("关键人中态度“支持”的", f"{values['支持的关键人数']} / {len(key)} 人" if len(key) else "—")]
    out = pd.DataFrame({"数值": [v for _, v in rows]}, index=[k for k, _ in rows])
    out.columns.name = "指标"
    out.attrs.update(values=values, as_of=stamp)
    return out


# ---------------------------------------------------------------------------------------
# One account's decision chain as a trainee reads it
# ---------------------------------------------------------------------------------------

def _cover_text(row: pd.Series) -> str:
    if row["日常对接人"] == "（无人对接）" and row["高层对接人"] in ("—", None):
        return "（无人对接）"
    parts = [] if row["日常对接人"] == "（无人对接）" else [f"{row['日常对接人']}（{row['日常对接人职级']}）"]
    if row["高层对接人"] not in ("—", None) and row["高层对接人"] == row["高层对接人"]:
        parts.append(f"高层：{row['高层对接人']}（{row['高层对接人职级']}）")
    return "；".join(parts)


def chain_table(chain: pd.DataFrame) -> pd.DataFrame:
    """The decision chain as a trainee reads it: fewer columns, our people with their ranks, "从未联系".

    Args:
        chain: output of :func:`helpers.decision_chain`.

    Returns:
        Columns 联系人, 职务, 层级, 决策角色, 影响力, 态度, 关系强度, 是否关键人, 我方对接人
        (daily owner and senior sponsor with their ranks), 距上次联系（天）, 缺口, 优先级, 提示
        (advice that is not a gap); rows numbered from 1 in priority order.

    >>> from helpers.analysis.decision_chain import CHAIN_COLUMNS
    >>> chain = pd.DataFrame({c: [None] for c in CHAIN_COLUMNS}).assign(
    ...     距上次联系_天=[np.nan], 日常对接人=["王五"], 日常对接人职级=["销售代表"], 高层对接人=["—"])
    >>> chain_table(chain).loc[1, ["我方对接人", "距上次联系（天）"]].tolist()
    ['王五（销售代表）', '从未联系']
    """
    view = chain.copy()
    view["距上次联系（天）"] = [("从未联系" if d != d else int(d)) for d in view["距上次联系_天"]]
    view["我方对接人"] = [_cover_text(r) for _, r in view.iterrows()]
    cols = ["联系人", "职务", "层级", "决策角色", "影响力", "态度", "关系强度", "是否关键人", "我方对接人",
            "距上次联系（天）", "缺口", "优先级", "提示"]
    out = view.reindex(columns=cols).reset_index(drop=True)
    out["提示"] = out["提示"].fillna("—")
    out.index = pd.RangeIndex(1, len(out) + 1)
    return out


def gap_table(chain: pd.DataFrame) -> pd.DataFrame:
    """The gap list as a trainee reads it: one row per gap, priority first, no duplicated columns.

    Args:
        chain: output of :func:`helpers.decision_chain` (one or several customers).

    Returns:
        :func:`helpers.chain_gaps` with columns 优先级, 联系人, 职务, 缺口, 建议动作 (and 客户编号
        first when the chain has several customers); rows numbered from 1.

    >>> chain = pd.DataFrame({"客户编号": ["A"], "优先级": [1.0], "联系人": ["蔡总"], "职务": ["总经理"],
    ...     "层级": ["决策层"], "决策角色": ["决策者"], "缺口": ["关键人关系弱；从未联系"]})
    >>> gap_table(chain).columns.tolist(), gap_table(chain).loc[2, "缺口"]
    (['优先级', '联系人', '职务', '缺口', '建议动作'], '从未联系')
    """
    from .decision_chain import chain_gaps

    gaps = chain_gaps(chain).rename(columns={"说明": "缺口"}).drop(columns="缺口类型")
    if gaps["客户编号"].nunique() <= 1:
        gaps = gaps.drop(columns="客户编号")
    return gaps


def chain_findings(chain: pd.DataFrame) -> str:
    """What a decision chain says, in sentences: coverage, each key person, the first gap to close.

    Args:
        chain: output of :func:`helpers.decision_chain` for one customer.

    Returns:
        A few lines of text (population and date stated).

    >>> chain = pd.DataFrame({"联系人": ["蔡总", "王工"], "职务": ["总经理", "工程师"], "是否关键人": [True, False],
    ...     "我方最高对接职级": ["销售代表", "无人对接"], "态度": ["中立", "支持"], "关系强度": [2, 4],
    ...     "距上次联系_天": [133.0, np.nan], "缺口": ["关键人关系弱", "无人对接"], "优先级": [1.0, 2.0]})
    >>> chain.attrs["as_of"] = pd.Timestamp("2025-12-31")
    >>> print(chain_findings(chain))
    截至 2025-12-31，决策链上 2 位联系人中：关键人 1 位；只由销售代表对接的 1 位；无人对接的 1 位。
    关键人 总经理（蔡总）：态度中立，关系强度 2，133 天没有联系，我方最高对接职级 销售代表。
    先补的缺口（优先级第 1）：总经理（蔡总）——关键人关系弱。
    """
    if chain.empty:
        return "这家客户还没有梳理决策链：第 1 步就是列出参与采购的人。"
    day = chain.attrs.get("as_of")
    head = f"截至 {day:%Y-%m-%d}，" if day is not None and pd.notna(day) else ""
    rank = chain["我方最高对接职级"].astype(str)
    only_rep, nobody = int((rank == OUR_RANKS[0]).sum()), int((rank == NO_COVER).sum())
    lines = [f"{head}决策链上 {len(chain)} 位联系人中：关键人 {int(chain['是否关键人'].sum())} 位；"
             f"只由销售代表对接的 {only_rep} 位；无人对接的 {nobody} 位。"]
    key = chain[chain["是否关键人"]].sort_values("优先级", na_position="last")
    for (_, r), cover in zip(key.iterrows(), rank[key.index]):
        days = r["距上次联系_天"]
        seen = "从未联系" if days != days else f"{days:.0f} 天没有联系"
        lines.append(f"关键人 {r['职务'] or r['联系人']}（{r['联系人']}）：态度{r['态度']}，关系强度 {r['关系强度']}，"
                     f"{seen}，我方最高对接职级 {cover}。")
    first = chain[chain["优先级"] == 1]
    if len(first):
        r = first.iloc[0]
        lines.append(f"先补的缺口（优先级第 1）：{r['职务'] or r['联系人']}（{r['联系人']}）——{r['缺口']}。")
    return "\n".join(lines)
