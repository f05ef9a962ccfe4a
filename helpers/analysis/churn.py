"""Churn: is the churn line right, and can we see churn coming?

* :func:`churn_return_rate` and :func:`churn_check_sentence` -- check a churn line on data:
  of the buyers it calls churned, how many bought again? A line drawn too early calls many
  slow buyers lost. The sentence compares the course's line (more than 180 days) with the
  silent band just before it (91–180 days), which a 90-day line would also call churned.
* :func:`churn_early_warning`, :func:`early_warning_check`, :func:`warning_actions`,
  :func:`warning_title` -- an early warning from lecture 2's RFM table, back-tested on what
  happened afterwards. The risk level uses **R only** (days since the last purchase); the M
  score only splits high-value members from the others; F is not used.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..data.transactions import _check_ids, _dates, _require
from ..errors import DataError
from .definitions import CHURN_DAYS_B2C, SILENT_DAYS_B2C
from .experiments import numbered
from .lifecycle import _day
from .rfm import rfm_scores, rfm_table
from .rfm_segments import high_low


def _days(series: pd.Series) -> np.ndarray:
    return pd.to_datetime(series).to_numpy().astype("datetime64[D]").astype(np.int64)


def churn_return_rate(orders: pd.DataFrame, as_of: Any, churn_days: int = CHURN_DAYS_B2C, horizon_days: int = 365,
                      member_col: str = "member_id", date_col: str = "order_date",
                      data_end: Any = None, upper_days: int | None = None) -> dict[str, Any]:
    """Check a churn line on data: of the buyers called churned at ``as_of``, how many came back?

    A buyer is churned at ``as_of`` when the last purchase on or before it is more than
    ``churn_days`` days earlier (and at most ``upper_days``, when given: a band such as
    91–180 days); "came back" = a purchase in the ``horizon_days`` after. A good churn line
    gives a small share; a line too short calls many loyal customers lost.

    Args:
        orders: the orders.
        as_of: the date of the judgement.
        churn_days: the churn line to check.
        horizon_days: how long to look for a return.
        member_col: member id column.
        date_col: order date column.
        data_end: the last day observed (default: the last order date).
        upper_days: count only buyers silent for at most this many days (a band).

    Returns:
        A dict: 判为流失 (n), 之后回来 (n), 回来比例.

    >>> o = pd.DataFrame({"member_id": ["a", "a", "b"], "order_date": ["2024-01-01", "2025-03-01", "2024-02-01"]})
    >>> churn_return_rate(o, "2024-12-31", data_end="2025-12-31")
    {'判为流失': 2, '之后回来': 1, '回来比例': 0.5}
    """
    _require(orders, [member_col, date_col])
    _check_ids(orders[member_col], member_col)
    day = _dates(orders[date_col], date_col).astype("datetime64[D]").astype(np.int64)
    end = _day(as_of, "观察日")
    last_day = int(day.max()) if data_end is None else _day(data_end, "数据截止日")
    if end + horizon_days > last_day:
        raise DataError("观察期不够：判断日之后的数据不足", "not enough data after as_of for the horizon",
                        fix_zh="把判断日提前，或缩短观察期", fix_en="use an earlier as_of or a shorter horizon")
    frame = pd.DataFrame({"m": orders[member_col].to_numpy(), "d": day})
    last = frame[frame["d"] <= end].groupby("m")["d"].max()
    silent = end - last
    lost = last.index[(silent > churn_days) & (silent <= (upper_days if upper_days is not None else np.inf))]
    back = frame[(frame["d"] > end) & (frame["d"] <= end + horizon_days)]["m"].unique()
    n_back = int(pd.Index(lost).isin(back).sum())
    return {"判为流失": len(lost), "之后回来": n_back, "回来比例": n_back / len(lost) if len(lost) else float("nan")}


def churn_check_sentence(orders: pd.DataFrame, as_of: Any, churn_days: int = CHURN_DAYS_B2C,
                         silent_days: int = SILENT_DAYS_B2C, horizon_days: int = 365, **columns: str) -> str:
    """The churn line checked on data, against the silent band just before it, as one sentence.

    Two separate groups (not nested): buyers silent for more than ``churn_days`` days (the
    course calls them churned) and buyers silent for ``silent_days`` + 1 to ``churn_days``
    days (the lifecycle's 衰退期). A churn line at ``silent_days`` would call both churned.

    Args:
        orders: the orders.
        as_of: the date of the judgement (``horizon_days`` of data must follow).
        churn_days: the course's churn line.
        silent_days: the start of the silent band.
        horizon_days: how long to look for a return.
        **columns: ``member_col``, ``date_col`` if not the defaults.

    Returns:
        One sentence with both groups, their sizes and shares.

    >>> o = pd.DataFrame({"member_id": ["a", "a", "b", "c"],
    ...                   "order_date": ["2024-01-01", "2025-03-01", "2024-09-01", "2024-12-30"]})
    >>> print(churn_check_sentence(o, "2024-12-31", horizon_days=30).replace("；", "；\\n"))
    2024-12-31 已超过 180 天没买（按本课程算流失）的 1 位有购买会员，之后 30 天内回来 0 位（0.0%）；
    只是 91–180 天没买（衰退期）的 1 位，回来 0 位（0.0%）。流失线若定在 90 天，这些人也会被算作流失。
    """
    end = pd.Timestamp(as_of)
    lost = churn_return_rate(orders, as_of, churn_days, horizon_days, **columns)
    band = churn_return_rate(orders, as_of, silent_days, horizon_days, upper_days=churn_days, **columns)
    return (f"{end.date()} 已超过 {churn_days} 天没买（按本课程算流失）的 {lost['判为流失']:,} 位有购买会员，"
            f"之后 {horizon_days} 天内回来 {lost['之后回来']:,} 位（{lost['回来比例']:.1%}）；"
            f"只是 {silent_days + 1}–{churn_days} 天没买（衰退期）的 {band['判为流失']:,} 位，"
            f"回来 {band['之后回来']:,} 位（{band['回来比例']:.1%}）。"
            f"流失线若定在 {silent_days} 天，这些人也会被算作流失。")


def churn_early_warning(orders: pd.DataFrame, as_of: Any, member_col: str = "member_id",
                        date_col: str = "order_date", amount_col: str = "amount",
                        bands: tuple[int, int, int] = (30, SILENT_DAYS_B2C, CHURN_DAYS_B2C),
                        high_value_score: int = 4) -> pd.DataFrame:
    """Lecture 2's RFM table as an early warning: risk by recency (R) only, value by the M score.

    Members who bought within ``bands[2]`` (180) days before ``as_of`` (not yet churned) get
    风险 低 (0–30 days), 中 (31–90) or 高 (91–180 = the lifecycle's 衰退期); 价值 is 高价值
    when lecture 2's M score (:func:`helpers.rfm_scores` among these members, ties share the
    lowest score) is at least ``high_value_score``, else 普通.

    Args:
        orders: orders (member id, date, amount).
        as_of: the date of the warning.
        member_col: member id column.
        date_col: order date column.
        amount_col: amount column.
        bands: upper bounds (days) of 低, 中 and 高 risk.
        high_value_score: the M score from which a member is 高价值.

    Returns:
        One row per member: 距最近购买天数, 购买次数, 消费金额, M得分, 风险, 价值, 建议动作.

    >>> o = pd.DataFrame({"member_id": ["a", "b", "c"], "order_date": ["2025-06-20", "2025-05-01", "2025-01-15"],
    ...                   "amount": [10.0, 20.0, 30.0]})
    >>> churn_early_warning(o, "2025-06-30")["风险"].tolist()
    ['低', '中', '高']
    """
    table = rfm_table(orders[orders[date_col].pipe(pd.to_datetime) <= pd.Timestamp(as_of)], member_col, date_col,
                      amount_col, observation_end=as_of)
    table = table[table["recency_days"] <= bands[2]]
    scored = rfm_scores(table)
    risk = np.select([scored["recency_days"] <= bands[0], scored["recency_days"] <= bands[1]], ["低", "中"], "高")
    value = np.where(high_low(scored["M"], cut=high_value_score), "高价值", "普通")
    out = pd.DataFrame({"距最近购买天数": scored["recency_days"], "购买次数": scored["purchases"],
                        "消费金额": scored["monetary"], "M得分": scored["M"],
                        "风险": pd.Categorical(risk, categories=["低", "中", "高"], ordered=True),
                        "价值": value}, index=scored.index)
    actions = warning_actions().set_index(["风险", "价值"])["动作"]
    out["建议动作"] = [actions.get((r, v), actions.get((r, "全部"), "")) for r, v in zip(risk, value)]
    out.attrs["as_of"] = str(pd.Timestamp(as_of).date())
    return out


def early_warning_check(warning: pd.DataFrame, orders: pd.DataFrame, horizon_days: int = CHURN_DAYS_B2C,
                        member_col: str = "member_id", date_col: str = "order_date") -> pd.DataFrame:
    """Back-test the warning: per risk band, how many did not buy again in the next ``horizon_days``?

    Args:
        warning: output of :func:`churn_early_warning` (its ``attrs["as_of"]`` is used).
        orders: the orders, including those after the warning date.
        horizon_days: the outcome window after the warning date.
        member_col: member id column.
        date_col: order date column.

    Returns:
        One row per risk band: 风险, 人数, 之后流失人数, 之后流失率, 置信下限, 置信上限.

    >>> o = pd.DataFrame({"member_id": ["a", "b", "a", "c"],
    ...                   "order_date": ["2025-06-20", "2025-03-01", "2025-07-20", "2025-08-15"],
    ...                   "amount": [10.0, 20.0, 30.0, 5.0]})
    >>> w = churn_early_warning(o, "2025-06-30")
    >>> early_warning_check(w, o, horizon_days=30)[["风险", "之后流失率"]].values.tolist()
    [['低', 0.0], ['中', nan], ['高', 1.0]]
    """
    from .experiments import wilson_interval

    as_of = warning.attrs.get("as_of")
    if as_of is None:
        raise DataError("预警表缺少观察日（请用 churn_early_warning 的结果）", "the warning table has no as_of date")
    start = _day(as_of, "观察日")
    days = _days(orders[date_col])
    if start + horizon_days > int(days.max()):
        raise DataError("观察期不够：预警日之后的数据不足以判断是否流失", "not enough data after the warning date",
                        fix_zh="把预警日提前或缩短观察期", fix_en="use an earlier date or a shorter horizon")
    later = orders.loc[(days > start) & (days <= start + horizon_days), member_col].unique()
    lost = ~warning.index.isin(later)
    rows = []
    for band in ["低", "中", "高"]:
        mask = (warning["风险"] == band).to_numpy()
        n, x = int(mask.sum()), int(lost[mask].sum())
        low, high = wilson_interval(x, n)
        rows.append({"风险": band, "人数": n, "之后流失人数": x, "之后流失率": x / n if n else math.nan,
                     "置信下限": low, "置信上限": high})
    out = pd.DataFrame(rows)
    out.attrs["percent"] = ["之后流失率", "置信下限", "置信上限"]
    return out


def warning_actions() -> pd.DataFrame:
    """What to do for each risk × value group, who does it, and how it is measured.

    Returns:
        Columns 风险, 价值, 动作, 负责人, 时限, 衡量指标 ("—" where nothing is done); rows numbered from 1.

    >>> warning_actions().iloc[0][["风险", "价值"]].tolist(), warning_actions().iloc[-1]["衡量指标"]
    (['高', '高价值'], '—')
    """
    rows = [("高", "高价值", "一对一电话回访，了解原因，给专属权益", "门店店长/专属导购", "48 小时内"),
            ("高", "普通", "自动短信或小程序消息，附限时券", "会员运营", "1 周内"),
            ("中", "高价值", "专属导购提醒新品、补货", "专属导购", "2 周内"),
            ("中", "普通", "常规会员活动触达", "会员运营", "按月"),
            ("低", "全部", "不打扰，维持服务", "—", "—")]
    table = pd.DataFrame(rows, columns=["风险", "价值", "动作", "负责人", "时限"])
    table["衡量指标"] = ["30 天回购率（与不触达的对照组比较）"] * 4 + ["—"]
    return numbered(table)


def warning_title(check: pd.DataFrame, as_of: str = "") -> str:
    """A title for the back-test: does the later churn rise with the warning level?

    Args:
        check: output of :func:`early_warning_check`.
        as_of: the warning date, for the sentence.

    Returns:
        One sentence.

    >>> c = pd.DataFrame({"风险": ["低", "中", "高"], "之后流失率": [0.37, 0.65, 0.88]})
    >>> warning_title(c, "2025-06-30")
    '预警有效：2025-06-30 高风险（91–180 天没买）的会员，之后半年有 88% 没再买；低风险的只有 37%'
    """
    rates = check.set_index("风险")["之后流失率"]
    rising = bool(rates.is_monotonic_increasing)
    head = "预警有效" if rising else "预警的分级不清楚"
    when = f"{as_of} " if as_of else ""
    return (f"{head}：{when}高风险（91–180 天没买）的会员，之后半年有 {rates['高']:.0%} 没再买；"
            f"低风险的只有 {rates['低']:.0%}")


