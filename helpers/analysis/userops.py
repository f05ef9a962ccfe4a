"""User operations on a membership business: the four dimensions, channels, a SWOT example.

* :func:`user_dimensions` -- a health check on four dimensions, one metric each, every
  metric with its numerator, denominator and rule. The seeds only say "定义用户经营的 4 个
  维度"; 规模 / 活跃 / 价值 / 关系 is **this course's framing**.
* :func:`channel_retention` and :func:`retention_levers` -- the seeds' formula
  "retained users = Σ channel users × channel retention" as a table, and which lever
  (a channel's retention or its intake) would keep the most extra members.
* :func:`case_swot_items` -- a SWOT of the case written from this lecture's figures (internal
  findings as strengths and weaknesses; opportunities and threats need outside information).
* :func:`monthly_kpis`, :func:`first_repeat`, :func:`channel_crossover` -- the monthly
  figures, the 90-day repeat flag per first buyer, and whose credit a member's spend is.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..data.transactions import _require
from ..errors import DataError
from .definitions import SILENT_DAYS_B2C
from .experiments import numbered
from .lifecycle import _day, churn_flow, prepare_purchases, stages_at


def _days(series: pd.Series) -> np.ndarray:
    return pd.to_datetime(series).to_numpy().astype("datetime64[D]").astype(np.int64)


def user_dimensions(members: pd.DataFrame, orders: pd.DataFrame, activity: pd.DataFrame | None = None,
                    survey: pd.DataFrame | None = None, as_of: Any = "2025-12-31", member_col: str = "member_id",
                    join_col: str = "join_date", date_col: str = "order_date",
                    amount_col: str = "amount") -> pd.DataFrame:
    """A health check of user operations on four dimensions (this course's framing), one metric each.

    * 规模 -- active members (the course definition: a purchase in the ``SILENT_DAYS_B2C`` (90)
      days up to ``as_of``), also as a share of the members who joined by then;
    * 活跃 -- engagement, not the course's "active": among members not churned at ``as_of``
      (lifecycle rules), the share with an app or store visit in the month of ``as_of``
      ("12 月互动率（访问或到店）"; needs ``activity``);
    * 价值 -- spend per buyer in the calendar year of ``as_of``;
    * 关系 -- the share of that year's buyers with two or more purchase days; and the mean
      overall satisfaction of the survey respondents (needs ``survey``).

    Args:
        members: member list (id, join date).
        orders: orders (member id, date, amount).
        activity: monthly activity (member_id, month "2025-12", app_visits, store_visits), optional.
        survey: survey (responded, overall_satisfaction), optional.
        as_of: the observation date.
        member_col: member id column.
        join_col: join date column.
        date_col: order date column.
        amount_col: amount column.

    Returns:
        One row per metric (numbered from 1): 维度, 指标, 结果 (the value as text with its unit), 分子, 分母,
        口径. ``attrs["数值"]`` maps each 指标 to its number (rates as fractions).

    >>> m = pd.DataFrame({"member_id": ["a", "b", "c"], "join_date": ["2025-01-01"] * 3})
    >>> o = pd.DataFrame({"member_id": ["a", "a", "b"], "order_date": ["2025-03-01", "2025-12-01", "2025-05-01"],
    ...                   "amount": [100.0, 50.0, 30.0]})
    >>> t = user_dimensions(m, o, as_of="2025-12-31")
    >>> t["结果"].tolist(), round(t.attrs["数值"]["2025 年复购率"], 3)
    (['1 人（占已入会会员 33.3%）', '90.0 元', '50.0%'], 0.5)
    """
    _require(orders, [member_col, date_col, amount_col])
    p = prepare_purchases(members, orders, member_col, join_col, date_col)
    stages = stages_at(p, as_of)
    end = _day(as_of, "观察日")
    year = pd.Timestamp(as_of).year
    rows = []
    recency = stages["距最近购买天数"]
    active = int((recency.fillna(10**9) <= SILENT_DAYS_B2C).sum())
    share = active / max(len(stages), 1)
    rows.append(("规模", "活跃会员数", float(active), f"{active:,} 人（占已入会会员 {share:.1%}）", active, len(stages),
                 f"截至 {pd.Timestamp(as_of).date()} 近 {SILENT_DAYS_B2C} 天有购买的会员（课程定义的“活跃”）"
                 "÷ 已入会会员"))
    if activity is not None:
        _require(activity, [member_col, "month", "app_visits", "store_visits"])
        month = f"{year}-{pd.Timestamp(as_of).month:02d}"
        alive = stages.index[stages["生命周期阶段"] != "流失期"]
        this = activity[(activity["month"].astype(str) == month)
                        & ((activity["app_visits"] > 0) | (activity["store_visits"] > 0))]
        n_active = int(pd.Index(alive).isin(this[member_col]).sum())
        rate = n_active / max(len(alive), 1)
        rows.append(("活跃", f"{pd.Timestamp(as_of).month} 月互动率（访问或到店）", rate, f"{rate:.1%}",
                     n_active, len(alive), f"未流失会员中，{month} 有 APP/小程序访问或到店的比例"
                     "（看的是互动，不是“活跃会员”的购买）"))
    day = _days(orders[date_col])
    in_year = (day <= end) & (pd.to_datetime(orders[date_col]).dt.year.to_numpy() == year)
    spend = orders.loc[in_year, amount_col].astype(float).groupby(orders.loc[in_year, member_col]).sum()
    buyers = len(spend)
    per_head = float(spend.sum() / buyers) if buyers else math.nan
    rows.append(("价值", f"{year} 年人均消费", per_head, f"{per_head:,.1f} 元",
                 int(round(float(spend.sum()))), buyers, f"{year} 年会员订单金额（元）÷ {year} 年有购买的会员数"))
    days_per = pd.Series(day[in_year]).groupby(orders.loc[in_year, member_col].to_numpy()).nunique()
    repeaters = int((days_per >= 2).sum())
    repeat = repeaters / buyers if buyers else math.nan
    rows.append(("关系", f"{year} 年复购率", repeat, f"{repeat:.1%}", repeaters, buyers,
                 f"{year} 年购买 ≥ 2 天的会员 ÷ {year} 年有购买的会员"))
    if survey is not None:
        _require(survey, ["responded", "overall_satisfaction"])
        answered = survey[survey["responded"] == 1]["overall_satisfaction"].astype(float)
        rows.append(("关系", "总体满意度均分", float(answered.mean()), f"{answered.mean():.2f} 分（1–10 分）",
                     int(round(float(answered.sum()))), len(answered), "会员满意度调查中已回复会员的总分 ÷ 回复人数"))
    table = pd.DataFrame(rows, columns=["维度", "指标", "数值", "结果", "分子", "分母", "口径"])
    table = numbered(table.drop(columns="数值"))
    table.attrs["数值"] = dict(zip([r[1] for r in rows], [r[2] for r in rows]))
    return table


def monthly_kpis(members: pd.DataFrame, orders: pd.DataFrame, member_col: str = "member_id",
                 join_col: str = "join_date", date_col: str = "order_date", amount_col: str = "amount") -> pd.DataFrame:
    """Monthly member sales (万元), new members and first buyers.

    Args:
        members: member list.
        orders: orders.
        member_col: member id column.
        join_col: join date column.
        date_col: order date column.
        amount_col: amount column.

    Returns:
        Index = months (Period M); columns 会员销售额（万元）, 新入会会员（人）, 首购会员（人）.

    >>> m = pd.DataFrame({"member_id": ["a", "b"], "join_date": ["2025-01-03", "2025-02-01"]})
    >>> o = pd.DataFrame({"member_id": ["a", "a"], "order_date": ["2025-01-05", "2025-02-01"], "amount": [1e4, 2e4]})
    >>> monthly_kpis(m, o).values.tolist()
    [[1.0, 1.0, 1.0], [2.0, 1.0, 0.0]]
    """
    _require(members, [member_col, join_col])
    _require(orders, [member_col, date_col, amount_col])
    order_month = pd.to_datetime(orders[date_col]).dt.to_period("M")
    sales = orders[amount_col].astype(float).groupby(order_month).sum() / 1e4
    joined = pd.to_datetime(members[join_col]).dt.to_period("M").value_counts()
    first = pd.to_datetime(orders[date_col]).groupby(orders[member_col]).min().dt.to_period("M").value_counts()
    months = pd.period_range(min(sales.index.min(), joined.index.min()), max(sales.index.max(), joined.index.max()),
                             freq="M")
    out = pd.DataFrame({"会员销售额（万元）": sales.reindex(months, fill_value=0.0),
                        "新入会会员（人）": joined.reindex(months, fill_value=0).astype(float),
                        "首购会员（人）": first.reindex(months, fill_value=0).astype(float)}, index=months)
    out.index.name = "月份"
    return out


def first_repeat(members: pd.DataFrame, orders: pd.DataFrame, first_from: Any, first_to: Any, days: int = 90,
                 member_col: str = "member_id", join_col: str = "join_date", date_col: str = "order_date",
                 data_end: Any = None) -> pd.DataFrame:
    """Per first buyer: did they buy again within ``days`` days of the first purchase?

    Population: members whose first purchase day is between ``first_from`` and ``first_to``;
    DataError if the last of them cannot be observed for ``days`` days.

    Args:
        members: member list (its other columns -- channel, city tier -- are kept).
        orders: orders.
        first_from: first day of the first-purchase window.
        first_to: last day of the window.
        days: the repeat window.
        member_col: member id column.
        join_col: join date column.
        date_col: order date column.
        data_end: the last day observed (default: the last order date).

    Returns:
        The member rows of the population (index 会员编号; the case's member columns under their
        Chinese names: 入会渠道, 城市等级, …) with 首购日期 and a bool column ``{days}天内复购``.

    >>> m = pd.DataFrame({"member_id": ["a", "b"], "join_date": ["2025-01-01"] * 2, "城市": ["甲", "乙"]})
    >>> o = pd.DataFrame({"member_id": ["a", "a", "b"], "order_date": ["2025-01-02", "2025-02-01", "2025-01-05"]})
    >>> first_repeat(m, o, "2025-01-01", "2025-01-31", days=30, data_end="2025-12-31")["30天内复购"].tolist()
    [True, False]
    """
    p = prepare_purchases(members, orders, member_col, join_col, date_col)
    lo, hi = _day(first_from, "首购开始日"), _day(first_to, "首购结束日")
    if hi + days > (p.last_day if data_end is None else _day(data_end, "数据截止日")):
        raise DataError("观察期不够：最晚首购的会员还观察不到足够的天数", "not enough follow-up after first_to",
                        fix_zh="把首购窗口的结束日提前", fix_en="move first_to earlier")
    starts = np.flatnonzero(np.r_[True, p.owner[1:] != p.owner[:-1]]) if len(p.owner) else np.zeros(0, dtype=int)
    first = np.full(len(p.ids), -1, dtype=np.int64)
    first[p.owner[starts]] = p.day[starts]
    rel = p.day - first[p.owner]
    again = np.zeros(len(p.ids), dtype=bool)
    again[p.owner[(rel >= 1) & (rel <= days)]] = True
    pop = (first >= lo) & (first <= hi)
    from ..data.cases import column_labels

    out = members.set_index(member_col).loc[p.ids[pop]].copy()
    out = out.rename(columns=column_labels("members")).rename_axis(column_labels("members").get(member_col, member_col))
    out["首购日期"] = pd.to_datetime(first[pop].astype("datetime64[D]"))
    out[f"{days}天内复购"] = again[pop]
    return out


def channel_retention(members: pd.DataFrame, orders: pd.DataFrame, join_from: Any, join_to: Any,
                      channel_col: str = "join_channel", retain_from: int = 91, retain_to: int = 180,
                      member_col: str = "member_id", join_col: str = "join_date", date_col: str = "order_date",
                      data_end: Any = None) -> pd.DataFrame:
    """Retained members = Σ channel members × channel retention, as a table.

    Population: members who joined between ``join_from`` and ``join_to`` -- never-buyers
    included (the channel brought them); retained = a purchase day ``retain_from``..``retain_to``
    days after joining. The 合计 row's 留存人数 equals Σ 入会人数 × 留存率 exactly.

    Args:
        members: member list with a channel column.
        orders: orders.
        join_from: first join day.
        join_to: last join day.
        channel_col: the channel column.
        retain_from: first day of the retention window.
        retain_to: last day of the retention window.
        member_col: member id column.
        join_col: join date column.
        date_col: order date column.
        data_end: the last day observed (default: the last order date).

    Returns:
        One row per channel plus 合计 (numbered from 1): 渠道, 入会人数, 留存人数, 留存率, 占留存总数.

    >>> m = pd.DataFrame({"member_id": ["a", "b", "c"], "join_date": ["2025-01-01"] * 3,
    ...                   "join_channel": ["门店", "门店", "APP"]})
    >>> o = pd.DataFrame({"member_id": ["a", "c"], "order_date": ["2025-05-01", "2025-01-02"]})
    >>> channel_retention(m, o, "2025-01-01", "2025-01-31", data_end="2025-12-31")[["渠道", "留存人数"]].values.tolist()
    [['APP', 0], ['门店', 1], ['合计', 1]]
    """
    _require(members, [channel_col])
    p = prepare_purchases(members, orders, member_col, join_col, date_col)
    lo, hi = _day(join_from, "入会开始日"), _day(join_to, "入会结束日")
    end = p.last_day if data_end is None else _day(data_end, "数据截止日")
    if hi + retain_to > end:
        raise DataError(f"观察期不够：最晚入会的会员要观察到入会后第 {retain_to} 天，数据不够",
                        "not enough follow-up for the latest members", fix_zh="把入会窗口的结束日提前",
                        fix_en="move join_to earlier")
    rel = p.day - p.join[p.owner]
    kept = np.zeros(len(p.ids), dtype=bool)
    kept[p.owner[(rel >= retain_from) & (rel <= retain_to)]] = True
    pop = (p.join >= lo) & (p.join <= hi)
    channel = members[channel_col].to_numpy()[pop]
    frame = pd.DataFrame({"渠道": channel.astype(str), "kept": kept[pop]})
    table = frame.groupby("渠道")["kept"].agg(["size", "sum"]).rename(columns={"size": "入会人数", "sum": "留存人数"})
    if isinstance(members[channel_col].dtype, pd.CategoricalDtype):  # keep the schema's channel order
        order = [str(c) for c in members[channel_col].cat.categories if str(c) in table.index]
        table = table.loc[order]
    table = table.reset_index()
    table["留存率"] = table["留存人数"] / table["入会人数"]
    total_users, total_kept = int(table["入会人数"].sum()), int(table["留存人数"].sum())
    assert round(float((table["入会人数"] * table["留存率"]).sum())) == total_kept  # the seeds' identity
    table["占留存总数"] = table["留存人数"] / max(total_kept, 1)
    table = pd.concat([table, pd.DataFrame([{"渠道": "合计", "入会人数": total_users, "留存人数": total_kept,
                                              "留存率": total_kept / max(total_users, 1), "占留存总数": 1.0}])],
                      ignore_index=True)
    table[["入会人数", "留存人数"]] = table[["入会人数", "留存人数"]].astype(np.int64)
    table = numbered(table)
    table.attrs["percent"] = ["留存率", "占留存总数"]
    table.attrs["人群"] = (f"{pd.Timestamp(join_from).date()} 至 {pd.Timestamp(join_to).date()} 入会的 "
                         f"{total_users:,} 位会员（含从未购买的）；"
                         f"留存 = 入会后第 {retain_from}–{retain_to} 天内有购买")
    return table


def retention_levers(table: pd.DataFrame, retention_step: float = 0.05, users_step: float = 0.10,
                     min_n: int = 30) -> pd.DataFrame:
    """How many extra members each lever would keep, per channel.

    * 留存率追平最好渠道: 入会人数 × (best rate − rate), the best among channels with at least
      ``min_n`` members (never negative);
    * 留存率 +5 个百分点: 入会人数 × ``retention_step``;
    * 拉新人数 +10%: ``users_step`` × 入会人数 × 留存率.

    Args:
        table: output of :func:`channel_retention` (the 合计 row is ignored).
        retention_step: the retention improvement tried.
        users_step: the intake increase tried.
        min_n: channels below this size cannot be "the best" and are flagged.

    Returns:
        One row per channel and lever: 渠道, 杠杆, 多留住人数, 占现有留存, 样本少; largest first.

    >>> t = pd.DataFrame({"渠道": ["X", "Y", "Z"], "入会人数": [100, 50, 10], "留存人数": [30, 5, 4],
    ...                   "留存率": [0.3, 0.1, 0.4]})
    >>> top = retention_levers(t).iloc[0]
    >>> top["渠道"], top["杠杆"], float(top["多留住人数"])
    ('Y', '留存率追平最好渠道', 10.0)
    """
    _require(table, ["渠道", "入会人数", "留存率"])
    t = table[table["渠道"] != "合计"]
    big = t[t["入会人数"] >= min_n]
    best = float(big["留存率"].max()) if len(big) else math.nan
    total = float((t["入会人数"] * t["留存率"]).sum())
    rows = []
    for _, r in t.iterrows():
        n, rate = float(r["入会人数"]), float(r["留存率"])
        for lever, extra in (("留存率追平最好渠道", max(n * (best - rate), 0.0) if best == best else math.nan),
                             (f"留存率 +{retention_step * 100:g} 个百分点", n * retention_step),
                             (f"拉新人数 +{users_step:.0%}", users_step * n * rate)):
            rows.append({"渠道": r["渠道"], "杠杆": lever, "多留住人数": round(extra, 1),
                         "占现有留存": extra / total if total else math.nan, "样本少": n < min_n})
    out = pd.DataFrame(rows).sort_values("多留住人数", ascending=False, kind="stable").reset_index(drop=True)
    out.attrs["percent"] = ["占现有留存"]
    return out


def lever_title(levers: pd.DataFrame) -> str:
    """The biggest single lever as a sentence.

    Args:
        levers: output of :func:`retention_levers`.

    Returns:
        One sentence.

    >>> lever_title(pd.DataFrame({"渠道": ["Y"], "杠杆": ["留存率追平最好渠道"], "多留住人数": [10.0],
    ...                           "占现有留存": [0.25], "样本少": [False]}))
    '最大的杠杆：Y的留存率追平最好渠道，可多留住约 10 人（占现在的 25%）'
    """
    top = levers[~levers["样本少"]].iloc[0] if (~levers["样本少"]).any() else levers.iloc[0]
    return (f"最大的杠杆：{top['渠道']}的{top['杠杆']}，可多留住约 {top['多留住人数']:.0f} 人"
            f"（占现在的 {top['占现有留存']:.0%}）")


def channel_crossover(members: pd.DataFrame, orders: pd.DataFrame, year: int, member_col: str = "member_id",
                      channel_col: str = "join_channel", order_channel_col: str = "channel",
                      date_col: str = "order_date", amount_col: str = "amount") -> pd.DataFrame:
    """Whose credit is a member's spend? Spend per join channel, split by where it was bought.

    Args:
        members: member list with the join channel.
        orders: orders with the order channel (门店 / 线上).
        year: the calendar year.
        member_col: member id column.
        channel_col: join channel column.
        order_channel_col: order channel column.
        date_col: order date column.
        amount_col: amount column.

    Returns:
        One row per join channel (the member list's channel order when it is categorical; numbered
        from 1): 入会渠道, 购买会员数, 金额（万元）, then one share column per order channel, named
        ``<渠道>购买占比`` (``attrs["percent"]``).

    >>> m = pd.DataFrame({"member_id": ["a"], "join_channel": ["门店"]})
    >>> o = pd.DataFrame({"member_id": ["a", "a"], "order_date": ["2025-01-01"] * 2, "channel": ["门店", "线上"],
    ...                   "amount": [3e4, 1e4]})
    >>> channel_crossover(m, o, 2025)[["门店购买占比", "线上购买占比"]].values.tolist()
    [[0.75, 0.25]]
    """
    _require(members, [member_col, channel_col])
    _require(orders, [member_col, order_channel_col, date_col, amount_col])
    o = orders[pd.to_datetime(orders[date_col]).dt.year == year]
    joined = members.set_index(member_col)[channel_col].astype(str)
    frame = pd.DataFrame({"入会渠道": joined.reindex(o[member_col]).to_numpy(),
                          "购买渠道": o[order_channel_col].astype(str).to_numpy(),
                          "金额": o[amount_col].astype(float).to_numpy(), "会员": o[member_col].to_numpy()})
    spend = frame.pivot_table(index="入会渠道", columns="购买渠道", values="金额", aggfunc="sum", fill_value=0.0)
    for column, axis in ((members[channel_col], 0), (orders[order_channel_col], 1)):  # the schema's order
        if isinstance(column.dtype, pd.CategoricalDtype):
            labels = spend.index if axis == 0 else spend.columns
            order = [str(c) for c in column.cat.categories if str(c) in labels]
            spend = spend.reindex(order + [c for c in labels if c not in order], axis=axis)
    total = spend.sum(axis=1)
    out = spend.div(total, axis=0).rename(columns=lambda c: f"{c}购买占比")
    out.insert(0, "金额（万元）", total / 1e4)
    out.insert(0, "购买会员数", frame.groupby("入会渠道")["会员"].nunique().reindex(out.index).astype(np.int64))
    out = numbered(out.reset_index())
    out.columns.name = None
    out.attrs["percent"] = [f"{c}购买占比" for c in spend.columns]
    return out


def case_swot_items(members: pd.DataFrame, orders: pd.DataFrame, ab: pd.DataFrame | None = None,
                    join_from: Any = "2024-01-01", join_to: Any = "2025-06-30", churn_from: Any = "2024-06-30",
                    as_of: Any = "2025-12-31", tie_points: float = 1.0) -> pd.DataFrame:
    """A SWOT of the 山禾 case whose items quote figures computed in this lecture (an example).

    Strengths and weaknesses are what the case data show about 山禾 itself (internal); the
    opportunities and threats of a SWOT are outside the company, and the case data hold none,
    so those rows say what to look for instead of inventing it. Channels whose retention is
    within ``tie_points`` percentage points of the best are named together ("并列"); the
    coupon experiment is quoted with both of its results.

    Args:
        members: member list (with join channel).
        orders: orders.
        ab: the coupon experiment (optional).
        join_from: first join day for the channel retention.
        join_to: last join day for the channel retention.
        churn_from: the first quarter end of the quarterly churn rates.
        as_of: the last quarter end of the quarterly churn rates.
        tie_points: channels this close to the best count as tied.

    Returns:
        Columns 象限, 条目, 依据; rows numbered from 1.

    >>> m = pd.DataFrame({"member_id": ["a", "b"], "join_date": ["2025-01-01"] * 2, "join_channel": ["门店", "APP"]})
    >>> o = pd.DataFrame({"member_id": ["a", "b"], "order_date": ["2025-05-01", "2025-12-31"], "amount": [10.0, 1]})
    >>> case_swot_items(m, o, join_from="2025-01-01", join_to="2025-01-31", churn_from="2025-03-31")["象限"].tolist()
    ['优势', '劣势', '劣势', '机会', '威胁']
    """
    from .experiments import DIFF as DIFF_COL
    from .experiments import HIGH as HIGH_COL
    from .experiments import LOW as LOW_COL
    from .experiments import MDE, ab_test_summary

    channels = channel_retention(members, orders, join_from, join_to)
    body = channels[(channels["渠道"] != "合计") & (channels["入会人数"] >= 30)]
    body = (body if len(body) else channels[channels["渠道"] != "合计"]).sort_values("留存率", ascending=False)
    best = float(body["留存率"].iloc[0])
    tops = body[body["留存率"] >= best - tie_points / 100]
    worst = body.iloc[-1]
    window = "入会后第 91–180 天留存"
    names = "、".join(tops["渠道"])
    rates = "、".join(f"{r:.1%}" for r in tops["留存率"])
    rows = [("优势", f"{names}入会的会员{window}" + (f"并列最高（{rates}）" if len(tops) > 1 else f"最高（{rates}）"),
             f"第八节渠道表（{channels.attrs['人群']}）")]
    if ab is not None:
        first, later = (r for _, r in ab_test_summary(ab, orders).iterrows())
        rows.append(("优势", f"复购券让{first['指标']}提高 {first[DIFF_COL]:+.1f} 个百分点（随机实验，95% 区间 "
                            f"{first[LOW_COL]:+.1f} 至 {first[HIGH_COL]:+.1f}）；对{later['指标']}的作用测不出来"
                            f"（本实验只能检出 {later[MDE]:.1f} 个百分点以上的差别）", "第七节 A/B 测试"))
    flow = churn_flow(members, orders, churn_from, as_of)
    rows.append(("劣势", f"每个季度，期初未流失的会员中有 {flow['流失率'].min():.0%}–{flow['流失率'].max():.0%} "
                        f"进入流失期（{flow['期间'].iloc[0]}至{flow['期间'].iloc[-1]}）",
                 "第三节季度流失率（分母：期初未流失的会员）"))
    rows.append(("劣势", f"{worst['渠道']}入会的会员{window}只有 {worst['留存率']:.0%}，拉来的人大多留不住",
                 "第八节渠道表"))
    rows.append(("机会", "（要到外部找）市场和顾客有什么变化，可能让更多会员留下？"
                        "例如周边人口、消费习惯、合作平台的变化",
                 "案例数据只有山禾自己的记录，没有外部信息"))
    rows.append(("威胁", "（要到外部找）有什么变化，可能把会员拉走？例如附近新开的竞争门店、线上平台的补贴",
                 "案例数据只有山禾自己的记录，没有外部信息"))
    return numbered(pd.DataFrame(rows, columns=["象限", "条目", "依据"]))
