"""Reviewing a pipeline (lecture 4): time in stage, stalled deals, win rates, lost reasons, skills.

Every function takes the pipeline raw or from :func:`helpers.analysis.pipeline.prepare_pipeline`
(the rules for reaching a stage, 赢单 / 丢单 / 进行中 and stalling are stated there) and returns a
table with Chinese headers; shares are fractions listed in ``attrs["percent"]``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError
from .pipeline import (
    _DEFAULT_ACTION,
    STAGE_ACTIONS,
    STALL_DAYS,
    _as_date,
    _between,
    _customer_info,
    _numbered,
    _rep_label,
    _rep_names,
    _rep_table,
    prepare_pipeline,
    prepare_visits,
)

#: Which training fixes a weak step (the step is named by the stage it leads to).
SKILL_TRAINING: dict[str, str] = {"需求确认": "需求挖掘与提问", "方案报价": "方案设计与价值呈现",
                                  "商务谈判": "应对价格异议与竞品比较", "签约": "谈判与促成"}
#: Days without a visit linked to a stalled deal after which it is flagged as unattended.
UNATTENDED_DAYS = 45
#: The course rule: groups with fewer cases are flagged 样本少 and not interpreted.
MIN_N = 30


def _created(p: pd.DataFrame) -> str:
    """'2024-01-02 至 2025-12-19 创建的 1,044 个商机' for a headline's population."""
    dates = p[p.attrs["date_cols"][0]]
    if dates.empty:
        return "0 个商机"
    return f"{dates.min():%Y-%m-%d} 至 {dates.max():%Y-%m-%d} 创建的 {len(p):,} 个商机"


def _wan(amount: pd.Series) -> pd.Series:
    return amount.astype(float) / 1e4


def _days_between(later: pd.Series, earlier: pd.Series) -> pd.Series:
    return (later - earlier).dt.days.astype(float)


def stage_durations(pipe: pd.DataFrame, *, as_of: Any = None, stall_days: int = STALL_DAYS,
                    created_from: Any = None, created_to: Any = None) -> pd.DataFrame:
    """Days spent in each stage: medians and quartiles, and how many deals sit there now.

    For stage k, among deals with a date for both k and k + 1 (a skipped stage has no time),
    the stay is date(k + 1) − date(k). Medians, because stays are skewed. With payment terms
    (账期) in the table, the headline compares delivery → payment with the terms of the same deals.

    Args:
        pipe: the pipeline (raw or prepared).
        as_of: the review date (default: the pipeline's).
        stall_days: the threshold for the column 其中超过N天 (the stall rule).
        created_from: first creation date of the population, or None.
        created_to: last creation date, or None.

    Returns:
        One row per stage but the last, numbered from 1: 阶段, 下一阶段, 完成该阶段的商机数, 中位数（天）,
        四分之一位（天）, 四分之三位（天）, 当前停在此阶段的商机数 (not lost; after 签约 these are
        deliveries and payments still due), 其中超过N天, 丢单前停留中位数（天） (lost date − date of the
        stage the deal was lost at). A stage with no completed deal has NaN. ``attrs["terms_median"]``:
        the median terms of the deals behind 交付 → 回款 (NaN without terms).

    >>> raw = pd.DataFrame({"opportunity_id": ["A", "B"], "created_date": ["2024-01-01", "2024-01-01"],
    ...                     "date_qualified": ["2024-01-11", "2024-01-31"]})
    >>> float(stage_durations(raw, as_of="2024-03-31").loc[1, "中位数（天）"])
    20.0
    """
    p = prepare_pipeline(pipe, as_of=as_of)
    p = p[_between(p[p.attrs["date_cols"][0]], created_from, created_to)]
    stages, cols = p.attrs["stages"], p.attrs["date_cols"]
    end = _as_date(as_of) if as_of is not None else p.attrs["as_of"]
    lost = p["status"].eq("丢单")
    rows = []
    for k in range(len(stages) - 1):
        stay = _days_between(p[cols[k + 1]], p[cols[k]]).dropna()
        here = p[(p["furthest_idx"] == k) & ~lost]
        waited = _days_between(pd.Series(end, index=here.index), here["entered_current"])
        lost_here = p[(p["furthest_idx"] == k) & lost]
        before_loss = (_days_between(lost_here["date_lost"], lost_here["entered_current"]).dropna()
                       if "date_lost" in p else pd.Series(dtype=float))
        rows.append({"阶段": stages[k], "下一阶段": stages[k + 1], "完成该阶段的商机数": len(stay),
                     "中位数（天）": stay.median(), "四分之一位（天）": stay.quantile(0.25),
                     "四分之三位（天）": stay.quantile(0.75), "当前停在此阶段的商机数": len(here),
                     f"其中超过{stall_days}天": int((waited > stall_days).sum()),
                     "丢单前停留中位数（天）": before_loss.median() if len(before_loss) else np.nan})
    table = _numbered(pd.DataFrame(rows))
    last = len(stages) - 2
    paid = p[p[cols[last]].notna() & p[cols[last + 1]].notna()]
    terms = paid["payment_terms_days"].astype(float) if "payment_terms_days" in paid else pd.Series(dtype=float)
    table.attrs["terms_median"] = terms.median() if terms.notna().any() else np.nan
    slowest = table.dropna(subset=["中位数（天）"])
    if len(slowest):
        top = slowest.loc[slowest["中位数（天）"].idxmax()]
        final = table.iloc[last]
        sentence = (f"{_created(p)}中（全部商机，不只是漏斗用的一年），停留最久的是 {top['阶段']} → {top['下一阶段']}："
                    f"中位数 {top['中位数（天）']:.0f} 天（{top['完成该阶段的商机数']} 个走完这一步的商机）")
        if terms.notna().any():
            stay = _days_between(paid[cols[last + 1]], paid[cols[last]])
            late = (stay > terms)[terms.notna()]
            sentence += ("" if top["阶段"] == final["阶段"] else
                         f"；{final['阶段']} → {final['下一阶段']} 中位数 {final['中位数（天）']:.0f} 天") + \
                (f"，而这些商机的账期中位数是 {terms.median():.0f} 天，{late.mean():.0%} 的商机晚于自己的账期回款"
                 f"（{int(late.sum())} / {len(late)}）")
        table.attrs["headline"] = sentence + "。"
        table.attrs["title"] = (f"各阶段停留天数：{top['阶段']} → {top['下一阶段']} 最久，"
                                f"中位数 {top['中位数（天）']:.0f} 天"
                                + (f"（账期中位数 {terms.median():.0f} 天）" if top["阶段"] == final["阶段"]
                                   and terms.notna().any() else ""))
    return table


def stage_win_rates(pipe: pd.DataFrame, *, created_from: Any = None, created_to: Any = None) -> pd.DataFrame:
    """The share of closed deals that were won, by the stage they had reached: P(签约 | reached k).

    Args:
        pipe: the pipeline (raw or prepared).
        created_from: first creation date of the closed deals counted, or None.
        created_to: last creation date, or None.

    Returns:
        One row per stage before 签约, numbered from 1: 阶段, 已关闭商机数, 签约数, 历史签约率 (NaN when
        no closed deal reached the stage).

    >>> raw = pd.DataFrame({"opportunity_id": ["A", "B", "C"], "created_date": ["2024-01-01"] * 3,
    ...                     "date_qualified": ["2024-01-05", "2024-01-06", None],
    ...                     "date_signed": ["2024-02-01", None, None], "date_lost": [None, "2024-02-01", "2024-01-09"]})
    >>> stage_win_rates(raw)["历史签约率"].round(2).tolist()
    [0.33, 0.5, 1.0, 1.0]
    """
    p = prepare_pipeline(pipe)
    p = p[_between(p[p.attrs["date_cols"][0]], created_from, created_to)]
    closed = p[p["status"].isin(["赢单", "丢单"])]
    won = closed["status"].eq("赢单")
    stages, won_idx = p.attrs["stages"], p.attrs["won_idx"]
    rows = []
    for k in range(won_idx):
        at = closed["furthest_idx"] >= k
        n, w = int(at.sum()), int((at & won).sum())
        rows.append({"阶段": stages[k], "已关闭商机数": n, "签约数": w, "历史签约率": w / n if n else np.nan})
    table = _numbered(pd.DataFrame(rows))
    table.attrs["percent"] = ["历史签约率"]
    return table


def stalled_deals(pipe: pd.DataFrame, *, as_of: Any = None, days: int | Mapping[str, int] = STALL_DAYS,
                  visits: pd.DataFrame | None = None, customers: pd.DataFrame | None = None,
                  reps: pd.DataFrame | None = None, alerts: pd.DataFrame | None = None,
                  stage_rates_from: tuple[Any, Any] | None = None, featured: str | None = None,
                  top: int | None = None) -> pd.DataFrame:
    """Open deals stuck in their stage, in the order to push them: by weighted amount.

    Stalled = 进行中, not yet signed, and more than ``days`` in the current stage. Weighted
    amount = expected amount × the share of closed deals that went on to sign from that stage
    (:func:`stage_win_rates`): an average, which what is known about one deal can override. With
    ``visits``, the last visit linked to the deal and the last visit to the customer are shown; a
    deal without a linked visit for more than 45 days is flagged. With ``alerts``, deals of
    customers on a red receivables alert (credit hold) are flagged.

    Args:
        pipe: the pipeline (raw or prepared).
        as_of: the review date (default: the pipeline's).
        days: the threshold in days, or a dict stage -> days (stages not in it keep 60).
        visits: the visit log (optional).
        customers: the customer table, for names and account types (optional).
        reps: the sales team (销售编号, 姓名), to show owners by name (optional).
        alerts: the output of :func:`helpers.analysis.receivables.overdue_alerts` (optional).
        stage_rates_from: (first, last) creation date of the closed deals behind the stage rates.
        featured: a customer id to point out in the headline (lecture 3's featured account).
        top: keep only this many deals (the headline still counts all).

    Returns:
        One row per stalled deal, largest weighted amount first (NaN last), numbered from 1: 商机编号,
        客户名称, 客户类型, 负责销售, 产品线, 当前阶段, 停留（天）, 预计金额（万元）, 本阶段历史签约率,
        加权金额（万元）, [最近跟进本商机, 距最近跟进（天）, 最近拜访该客户, 超过45天未跟进],
        [应收红色预警], 建议动作. ``attrs["stage_rates"]`` is the table the rates come from.

    >>> raw = pd.DataFrame({"opportunity_id": ["A", "B"], "created_date": ["2024-01-01", "2024-03-01"],
    ...                     "date_qualified": ["2024-01-10", "2024-03-20"], "expected_amount": [1e5, 2e5]})
    >>> stalled_deals(raw, as_of="2024-04-30")["商机编号"].tolist()
    ['A']
    """
    p = prepare_pipeline(pipe, as_of=as_of)
    end = _as_date(as_of) if as_of is not None else p.attrs["as_of"]
    stages, won_idx = p.attrs["stages"], p.attrs["won_idx"]
    limit = {s: (days.get(s, STALL_DAYS) if isinstance(days, Mapping) else days) for s in stages}
    stay = _days_between(pd.Series(end, index=p.index), p["entered_current"])
    stuck = p[p["status"].eq("进行中") & (p["furthest_idx"] < won_idx)
              & (stay > p["furthest"].astype(str).map(limit).astype(float))].copy()
    first, last = stage_rates_from or (None, None)
    rates = stage_win_rates(p, created_from=first, created_to=last)
    rate = stuck["furthest"].astype(str).map(dict(zip(rates["阶段"], rates["历史签约率"])))
    info = _customer_info(customers)
    cid = stuck["customer_id"] if "customer_id" in stuck else pd.Series("—", index=stuck.index)
    names = _rep_names(reps)
    out = pd.DataFrame({
        "商机编号": stuck["opportunity_id"],
        "客户名称": cid.map(info["客户名称"]) if "客户名称" in info else cid,
        **({"客户类型": cid.map(info["客户类型"])} if "客户类型" in info else {}),
        **({"负责销售": _rep_label(stuck["owner_rep_id"], names)} if "owner_rep_id" in stuck else {}),
        **({"产品线": stuck["product_line"]} if "product_line" in stuck else {}),
        "当前阶段": stuck["furthest"].astype(str), "进入阶段日期": stuck["entered_current"],
        "停留（天）": stay[stuck.index].astype(int),
        "预计金额（万元）": _wan(stuck["expected_amount"]) if "expected_amount" in stuck else np.nan,
        "本阶段历史签约率": rate.astype(float),
    })
    out["加权金额（万元）"] = out["预计金额（万元）"] * out["本阶段历史签约率"]
    if visits is not None:
        out = _add_follow_up(out, stuck, prepare_visits(visits), end)
    if alerts is not None and "客户编号" in alerts and "预警级别" in alerts:
        red = set(alerts.loc[alerts["预警级别"] == "红色", "客户编号"].astype(str))
        out["应收红色预警"] = cid.astype(str).isin(red).to_numpy()
    out["建议动作"] = out["当前阶段"].map(lambda s: STAGE_ACTIONS.get(s, _DEFAULT_ACTION))
    if "应收红色预警" in out:
        out.loc[out["应收红色预警"], "建议动作"] = "客户在红色预警中（暂停赊销）：先约定还款计划，再推这个商机"
    out = out.drop(columns="进入阶段日期")
    out = out.sort_values(["加权金额（万元）", "停留（天）"], ascending=[False, False], na_position="last")
    out = _numbered(out)
    out.attrs = {"percent": ["本阶段历史签约率"], "stage_rates": rates, "days": limit, "as_of": end,
                 "n_total": len(out)}
    _stall_sentences(out, limit, end)
    if featured is not None and "客户名称" in out and len(out):
        mine = out.index[out["商机编号"].isin(stuck.loc[cid == featured, "opportunity_id"])]
        if len(mine):
            row = out.loc[mine[0]]
            out.attrs["headline"] += (f"第三讲的示范客户{row['客户名称']}也在其中：{row['当前阶段']}阶段停了 "
                                      f"{row['停留（天）']} 天，按加权金额排第 {mine[0]} 位。")
    return out if top is None else out.head(top)  # head keeps attrs (the headline counts all)


def _add_follow_up(out: pd.DataFrame, stuck: pd.DataFrame, v: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    v = v[v["visit_date"] <= end]
    by_deal = (v.dropna(subset=["opportunity_id"]).groupby("opportunity_id")["visit_date"].max()
               if "opportunity_id" in v else pd.Series(dtype="datetime64[ns]"))
    by_customer = v.groupby("customer_id")["visit_date"].max()
    deal_visit = stuck["opportunity_id"].map(by_deal)
    out["最近跟进本商机"] = pd.to_datetime(deal_visit.to_numpy())
    out["距最近跟进（天）"] = _days_between(pd.Series(end, index=out.index), out["最近跟进本商机"])
    cid = stuck["customer_id"] if "customer_id" in stuck else pd.Series(np.nan, index=stuck.index)
    out["最近拜访该客户"] = pd.to_datetime(cid.map(by_customer).to_numpy())
    out[f"超过{UNATTENDED_DAYS}天未跟进"] = out["距最近跟进（天）"].isna() | (out["距最近跟进（天）"] > UNATTENDED_DAYS)
    return out


def _stall_sentences(out: pd.DataFrame, limit: Mapping[str, int], end: pd.Timestamp) -> None:
    thresholds = sorted(set(limit.values()))
    rule = f"{thresholds[0]} 天" if len(thresholds) == 1 else "规定天数"
    if out.empty:
        out.attrs["headline"] = f"截至 {end:%Y-%m-%d}，没有在当前阶段停留超过 {rule}的进行中商机。"
        out.attrs["title"] = f"没有停滞超过 {rule}的商机"
        return
    counts = out["当前阶段"].value_counts()
    by_stage = "、".join(f"{s} {counts[s]} 个" for s in limit if s in counts)
    top = out.iloc[0]
    sentence = (f"截至 {end:%Y-%m-%d}，{len(out)} 个进行中的商机在当前阶段停留超过 {rule}（{by_stage}）；"
                f"加权金额最大的是{top['客户名称']}的{top['当前阶段']}商机（{top['商机编号']}，"
                f"预计 {top['预计金额（万元）']:.0f} 万元 × 历史签约率 {top['本阶段历史签约率']:.0%}）")
    flag = f"超过{UNATTENDED_DAYS}天未跟进"
    if flag in out:
        sentence += f"；其中 {int(out[flag].sum())} 个超过 {UNATTENDED_DAYS} 天没有与这个商机相关的拜访"
    if "应收红色预警" in out and out["应收红色预警"].any():
        sentence += f"；{int(out['应收红色预警'].sum())} 个商机的客户正处于应收红色预警（暂停赊销）"
    out.attrs["headline"] = sentence + "。"
    out.attrs["title"] = f"{len(out)} 个商机停滞超过 {rule}：按加权金额排先后"


#: The exercise's four stalled deals: each letter's role.
OPTION_ROLES: dict[str, str] = {"A": "加权金额最大", "B": "预计金额最大", "C": f"超过 {UNATTENDED_DAYS} 天没人跟进",
                                "D": "客户在应收红色预警中"}


def stalled_options(stalled: pd.DataFrame) -> pd.DataFrame:
    """Four stalled deals labelled A-D for the exercise "which one do you push first?".

    A = the largest weighted amount; B = the largest expected amount among the others; C = the
    largest weighted amount among deals nobody followed up for 45 days (without that column: the
    longest stay); D = the largest weighted amount among deals of customers on a red receivables
    alert (without that column: the most recent stall). When two roles fall on one deal the next
    deal in that role's order is taken.

    Args:
        stalled: the output of :func:`stalled_deals` (at least four deals).

    Returns:
        Four rows with 选项 (A-D) and the deal's 商机编号, 客户名称, 当前阶段, 停留（天）, 预计金额（万元）,
        本阶段历史签约率, 加权金额（万元） and, where present, 超过45天未跟进 and 应收红色预警;
        ``attrs["roles"]`` maps each letter to its role.

    >>> s = pd.DataFrame({"商机编号": list("wxyz"), "客户名称": list("甲乙丙丁"), "当前阶段": ["商务谈判"] * 4,
    ...                   "停留（天）": [75, 70, 200, 62], "预计金额（万元）": [380.0, 450, 20, 10],
    ...                   "本阶段历史签约率": [0.6, 0.2, 0.3, 0.3], "加权金额（万元）": [228.0, 90, 6, 3]})
    >>> stalled_options(s)["商机编号"].tolist()
    ['w', 'x', 'y', 'z']
    """
    if len(stalled) < 4:
        raise DataError("停滞商机不足 4 个，无法出题", "fewer than four stalled deals",
                        fix_zh="放宽停滞天数（days=）后再试", fix_en="lower the stall threshold")
    flag = f"超过{UNATTENDED_DAYS}天未跟进"
    weighted = stalled.sort_values("加权金额（万元）", ascending=False, na_position="last").index
    roles = dict(OPTION_ROLES)
    if flag in stalled:
        c_order = [i for i in weighted if stalled.loc[i, flag]] + [i for i in weighted if not stalled.loc[i, flag]]
    else:
        c_order, roles["C"] = list(stalled.sort_values("停留（天）", ascending=False).index), "停留最久"
    if "应收红色预警" in stalled and stalled["应收红色预警"].any():
        d_order = ([i for i in weighted if stalled.loc[i, "应收红色预警"]]
                   + list(stalled.sort_values("停留（天）", ascending=True).index))
    else:
        d_order, roles["D"] = list(stalled.sort_values("停留（天）", ascending=True).index), "刚刚停滞"
    orders = [weighted, stalled.sort_values("预计金额（万元）", ascending=False).index, c_order, d_order]
    chosen: list[Any] = []
    for order in orders:
        chosen.append(next(i for i in order if i not in chosen))
    shown = ("商机编号", "客户名称", "当前阶段", "停留（天）", "预计金额（万元）", "本阶段历史签约率",
             "加权金额（万元）", flag, "应收红色预警")
    table = _numbered(stalled.loc[chosen, [c for c in shown if c in stalled]].reset_index(drop=True))
    table.insert(0, "选项", list("ABCD"))
    table.attrs = {"percent": ["本阶段历史签约率"], "roles": roles}
    return table


AMOUNT_BANDS: tuple[tuple[str, float, float], ...] = (
    ("5 万元以下", 0, 5e4), ("5–20 万元", 5e4, 2e5), ("20–100 万元", 2e5, 1e6), ("100 万元及以上", 1e6, np.inf))
_DIMENSIONS = {"客户类型": "客户类型", "区域": "区域", "行业": "行业", "产品线": "product_line",
               "负责销售": "owner_rep_id", "金额档": "金额档"}


def _closed_with_dimensions(pipe: pd.DataFrame, customers: pd.DataFrame | None,
                            created: tuple[Any, Any] | None) -> pd.DataFrame:
    p = prepare_pipeline(pipe)
    p = p[_between(p[p.attrs["date_cols"][0]], *(created or (None, None)))]
    closed = p[p["status"].isin(["赢单", "丢单"])].copy()
    info = _customer_info(customers)
    if "customer_id" in closed:
        for col in info:
            closed[col] = closed["customer_id"].map(info[col])
    if "expected_amount" in closed:
        labels = [b[0] for b in AMOUNT_BANDS]
        band = pd.cut(closed["expected_amount"], [b[1] for b in AMOUNT_BANDS] + [np.inf], right=False, labels=labels)
        closed["金额档"] = band
    return closed


def win_rates(pipe: pd.DataFrame, by: str | Sequence[str], *, customers: pd.DataFrame | None = None,
              min_n: int = MIN_N, created: tuple[Any, Any] | None = None, notable: float = 0.08) -> pd.DataFrame:
    """Win rate (赢单 ÷ closed deals) by segment, with n and a flag for small groups.

    Args:
        pipe: the pipeline (raw or prepared).
        by: one or more of 客户类型, 区域, 行业 (need ``customers``), 产品线, 负责销售, 金额档
            (5 万元以下, 5–20, 20–100, 100 万元及以上; left-closed).
        customers: the customer table.
        min_n: groups with fewer closed deals are flagged 样本少 (not to be interpreted).
        created: (first, last) creation date of the deals counted, or None for all.
        notable: groups of at least ``min_n`` deals whose rate is this far from the overall rate
            (inclusive, a fraction) are named in the title; the others give its "typical" range.

    Returns:
        Columns 维度, 取值, 已关闭商机数, 赢单数, 赢率, 样本少, one row per value of each
        dimension (amount bands in order, other values by win rate, highest first), numbered
        from 1. ``attrs["overall"]`` and ``attrs["n"]``: the overall win rate and its n.

    >>> raw = pd.DataFrame({"opportunity_id": list("ABC"), "created_date": ["2024-01-01"] * 3,
    ...                     "date_signed": ["2024-02-01", None, None], "date_lost": [None, "2024-02-01", None],
    ...                     "expected_amount": [3e4, 2e6, 1e4]})
    >>> win_rates(raw, "金额档")[["取值", "已关闭商机数", "赢率"]].values.tolist()
    [['5 万元以下', 1, 1.0], ['100 万元及以上', 1, 0.0]]
    """
    closed = _closed_with_dimensions(pipe, customers, created)
    rows = []
    for dim in [by] if isinstance(by, str) else list(by):
        col = _DIMENSIONS.get(dim)
        if col is None or col not in closed:
            raise DataError(f"无法按“{dim}”分组：表中没有这一列", f"cannot group by {dim!r}",
                            fix_zh="可选：" + "、".join(_DIMENSIONS)
                            + "（客户类型、区域、行业需要传入 customers=客户表）",
                            fix_en="choose one of " + ", ".join(_DIMENSIONS) + " (some need customers=)")
        won = closed["status"].eq("赢单")
        part = []
        for value, group in won.groupby(closed[col], observed=True):
            n = len(group)
            part.append({"维度": dim, "取值": str(value), "已关闭商机数": n, "赢单数": int(group.sum()),
                         "赢率": group.mean(), "样本少": n < min_n})
        if dim != "金额档":  # amount bands keep their order; other dimensions: highest win rate first
            part.sort(key=lambda r: -r["赢率"])
        rows += part
    table = _numbered(pd.DataFrame(rows, columns=["维度", "取值", "已关闭商机数", "赢单数", "赢率", "样本少"]))
    n = len(closed)
    overall = float(closed["status"].eq("赢单").mean()) if n else np.nan
    table.attrs = {"percent": ["赢率"], "overall": overall, "n": n, "min_n": min_n,
                   "title": _win_title(table, overall, min_n, notable),
                   "headline": f"{_created(closed)}已有结果，赢率 {overall:.1%}（赢单 ÷ 已关闭）；"
                               f"已关闭商机少于 {min_n} 个的分组标为“样本少”，不作解读。"}
    return table


def _win_title(table: pd.DataFrame, overall: float, min_n: int, notable: float) -> str:
    """'赢率多在 16%–24%（全部 20%）；维保服务 31%（n = 59）较高' from the groups of at least min_n deals."""
    big = table[~table["样本少"]]
    if big.empty or np.isnan(overall):
        return "赢率（已关闭的商机）"
    far = big[(big["赢率"] - overall).abs() >= notable - 1e-12]
    usual = big.drop(index=far.index)
    if len(usual) >= 2:
        lo, hi = usual["赢率"].min(), usual["赢率"].max()
        title = f"赢率多在 {lo:.0%}–{hi:.0%}（全部 {overall:.0%}），差别不大"
    else:
        title = f"全部赢率 {overall:.0%}"
    for _, row in far.iterrows():
        title += (f"；{row['取值']} {row['赢率']:.0%}（n = {row['已关闭商机数']}）"
                  + ("较高" if row["赢率"] > overall else "较低"))
    small = int(table["样本少"].sum())
    return title + (f"；{small} 个组不到 {min_n} 个商机，不作解读" if small else "")


def lost_reasons(pipe: pd.DataFrame, *, created: tuple[Any, Any] | None = None) -> pd.DataFrame:
    """Lost deals by reason and by the stage they were lost at (counts; shares in ``attrs``).

    Args:
        pipe: the pipeline (raw or prepared), with a lost-reason column (丢单原因).
        created: (first, last) creation date of the deals counted, or None for all.

    Returns:
        Rows = reasons (most frequent first; blank reasons as 未填写) and 合计; columns = the
        stages where deals were lost and 合计. ``attrs["share"]``: each stage column as shares
        of that stage's lost deals; ``attrs["n"]``: lost deals; ``attrs["title"]``: the stages
        grouped by their most frequent reason.

    >>> raw = pd.DataFrame({"opportunity_id": list("AB"), "created_date": ["2024-01-01"] * 2,
    ...                     "date_quoted": ["2024-01-05", None], "date_lost": ["2024-02-01", "2024-01-09"],
    ...                     "lost_reason": ["价格偏高", "预算不足"]})
    >>> int(lost_reasons(raw).loc["价格偏高", "方案报价"])
    1
    """
    p = prepare_pipeline(pipe)
    p = p[_between(p[p.attrs["date_cols"][0]], *(created or (None, None)))]
    lost = p[p["status"].eq("丢单")]
    reason = lost["lost_reason"].fillna("未填写") if "lost_reason" in lost else pd.Series("未填写", index=lost.index)
    reason = reason.astype(str).replace("", "未填写")
    stage = pd.Categorical(lost["furthest"].astype(str), categories=[s for s in p.attrs["stages"]
                                                                      if s in set(lost["furthest"].astype(str))])
    counts = pd.crosstab(reason, stage)
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False).index]
    counts.index.name, counts.columns.name = "丢单原因", "丢在哪个阶段"
    share = counts / counts.sum()
    counts["合计"] = counts.sum(axis=1)
    counts.loc["合计"] = counts.sum()
    counts.attrs = {"share": share, "n": len(lost)}
    if len(lost):
        main = {s: share[s].idxmax() for s in share.columns}
        parts = [f"{s} {main[s]}（{share.loc[main[s], s]:.0%}，n = {int(counts.loc['合计', s])}）"
                 for s in share.columns]
        counts.attrs["headline"] = (f"{_created(p)}中有 {len(lost)} 个丢单；各阶段最常见的原因："
                                    + "；".join(parts) + "。")
        by_reason: dict[str, list[str]] = {}
        for s in share.columns:
            by_reason.setdefault(main[s], []).append(s)
        counts.attrs["title"] = "；".join(
            f"{'、'.join(stages)}阶段的丢单最多因{r}（" + "–".join(dict.fromkeys(
                f"{v:.0%}" for v in sorted(share.loc[r, stages]))) + "）" for r, stages in by_reason.items())
    return counts


def rep_skill_gaps(pipe: pd.DataFrame, *, reps: pd.DataFrame | None = None, min_n: int = MIN_N,
                   gap: float = 0.10, z: float = 2.0, created: tuple[Any, Any] | None = None) -> pd.DataFrame:
    """Each salesperson's weakest pre-sign step, when it is clearly below the team's.

    For each step k (需求确认, 方案报价, 商务谈判, 签约), the step rate = deals reaching k ÷ deals that
    reached k − 1 and are decided (deals still open at k − 1 are left out). A step is below the
    team when the rep is at least ``gap`` below it and the gap exceeds ``z`` standard errors of the
    team rate at the rep's n (the smaller the n, the larger the gap needed). Such a step counts as
    a weakness, with a training suggestion, only when it has at least ``min_n`` deals (the
    course's n ≥ 30 rule); below that it is shown, flagged 样本少, without a prescription.

    Args:
        pipe: the pipeline (raw or prepared) with an owner column (负责销售).
        reps: the sales team (销售编号, 姓名, 职级), to show reps by name and rank.
        min_n: least deals at a step for a judgement.
        gap: least shortfall (a fraction: 0.10 = 10 points).
        z: least shortfall in standard errors.
        created: (first, last) creation date of the deals counted, or None for all.

    Returns:
        One row per rep, numbered from 1 — weaknesses first (largest gap first), then small-sample
        flags, then the others: 销售, [职级], 商机数, 最弱环节 (“方案报价 → 商务谈判”, 无明显短板 or
        样本不足), 本步商机数, 本人转化率, 团队转化率, 差距（个百分点）, 样本少, 建议训练.
        ``attrs["steps"]``: every rep × step.

    >>> raw = pd.DataFrame({"opportunity_id": list("ABCD"), "created_date": ["2024-01-01"] * 4,
    ...                     "负责销售": ["S1", "S1", "S2", "S2"], "date_lost": ["2024-01-09"] * 4})
    >>> rep_skill_gaps(raw)["最弱环节"].tolist()
    ['样本不足', '样本不足']
    """
    p = prepare_pipeline(pipe)
    if "owner_rep_id" not in p:
        raise DataError("商机表中没有负责销售列", "the pipeline has no owner column",
                        fix_zh="加入“负责销售”列（销售编号或姓名）", fix_en="add an owner column (负责销售)")
    p = p[_between(p[p.attrs["date_cols"][0]], *(created or (None, None)))]
    stages, won_idx = p.attrs["stages"], p.attrs["won_idx"]
    at, open_ = p["furthest_idx"].to_numpy(), p["status"].eq("进行中").to_numpy()
    steps = []
    for k in range(1, won_idx + 1):
        base = (at >= k - 1) & ~(open_ & (at == k - 1))
        hit = at >= k
        team = hit[base].mean() if base.any() else np.nan
        for rep, idx in p.groupby("owner_rep_id").indices.items():
            n = int(base[idx].sum())
            rate = hit[idx][base[idx]].mean() if n else np.nan
            diff = rate - team
            se = np.sqrt(team * (1 - team) / n) if n and 0 < team < 1 else np.nan
            below = bool(n > 0 and diff <= -gap + 1e-12 and se > 0 and diff / se <= -z)
            steps.append({"销售": rep, "环节": f"{stages[k - 1]} → {stages[k]}", "到达": stages[k], "n": n,
                          "本人转化率": rate, "团队转化率": team, "差距": diff, "低于团队": below,
                          "显著": below and n >= min_n})
    steps = pd.DataFrame(steps)
    rows = []
    for rep, group in steps.groupby("销售", sort=True):
        count = int((p["owner_rep_id"] == rep).sum())
        strong, weak = group[group["显著"]], group[group["低于团队"] & ~group["显著"]]
        pick = strong if len(strong) else weak
        if len(pick):
            worst = pick.loc[pick["差距"].idxmin()]
            rows.append({"销售": rep, "商机数": count, "最弱环节": worst["环节"], "本步商机数": int(worst["n"]),
                         "本人转化率": worst["本人转化率"], "团队转化率": worst["团队转化率"],
                         "差距（个百分点）": round(100 * worst["差距"], 1), "样本少": not len(strong),
                         "建议训练": SKILL_TRAINING.get(worst["到达"], "针对这一步的专项训练") if len(strong)
                         else f"—（这一步不到 {min_n} 个商机，不作判断；先和本人一起看商机）",
                         "_order": 0 if len(strong) else 1})
        else:
            rows.append({"销售": rep, "商机数": count,
                         "最弱环节": "无明显短板" if (group["n"] >= min_n).any() else "样本不足",
                         "本步商机数": np.nan, "本人转化率": np.nan, "团队转化率": np.nan, "差距（个百分点）": np.nan,
                         "样本少": np.nan, "建议训练": "—", "_order": 2})
    table = pd.DataFrame(rows).sort_values(["_order", "差距（个百分点）", "销售"], na_position="last")
    table = _numbered(table.drop(columns="_order"))
    team = _rep_table(reps)
    if "level" in team:
        table.insert(1, "职级", table["销售"].map(team["level"]))
    table["销售"] = _rep_label(table["销售"], _rep_names(reps))
    strong_n, small_n = (int(table["样本少"].eq(flag).sum()) for flag in (False, True))  # NaN rows: neither
    table.attrs = {"percent": ["本人转化率", "团队转化率"], "steps": steps, "min_n": min_n,
                   "headline": f"按 {_created(p)}，{len(table)} 位销售中有 {strong_n} 位在某一步明显低于团队"
                               f"（差距至少 {100 * gap:.0f} 个百分点，且超过 {z:g} 倍标准误，该步至少 {min_n} 个商机）"
                               + (f"；另有 {small_n} 位差距同样超过门槛，但这一步不到 {min_n} 个商机，"
                                  "标为“样本少”，不作判断" if small_n else "") + "。"}
    return table
