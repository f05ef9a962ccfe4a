"""User operations on a membership business: the four dimensions, channels, early warning.

* :func:`user_dimensions` -- a health check on four dimensions, one metric each, every
  metric with its numerator, denominator and rule. The seeds only say "定义用户经营的 4 个
  维度"; 规模 / 活跃 / 价值 / 关系 is **this course's framing**.
* :func:`channel_retention` and :func:`retention_levers` -- the seeds' formula
  "retained users = Σ channel users × channel retention" as a table, and which lever
  (a channel's retention or its intake) would keep the most extra members.
* :func:`churn_early_warning`, :func:`early_warning_check`, :func:`warning_actions` --
  lecture 2's RFM as an early warning of churn, back-tested on what happened afterwards.
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
from .definitions import CHURN_DAYS_B2C, SILENT_DAYS_B2C
from .lifecycle import _day, prepare_purchases, stages_at
from .rfm import rfm_scores, rfm_table
from .rfm_segments import high_low


def _days(series: pd.Series) -> np.ndarray:
    return pd.to_datetime(series).to_numpy().astype("datetime64[D]").astype(np.int64)


def user_dimensions(members: pd.DataFrame, orders: pd.DataFrame, activity: pd.DataFrame | None = None,
                    survey: pd.DataFrame | None = None, as_of: Any = "2025-12-31", member_col: str = "member_id",
                    join_col: str = "join_date", date_col: str = "order_date",
                    amount_col: str = "amount") -> pd.DataFrame:
    """A health check of user operations on four dimensions (this course's framing), one metric each.

    * 规模 -- active members: a purchase in the ``SILENT_DAYS_B2C`` (90) days up to ``as_of``;
      denominator: members who joined by then;
    * 活跃 -- among members not churned at ``as_of`` (lifecycle rules), the share with an app
      or store visit in the month of ``as_of`` (needs ``activity``);
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
        One row per metric: 维度, 指标, 结果 (the value as text with its unit), 分子, 分母, 口径.
        ``attrs["数值"]`` maps each 指标 to its number (rates as fractions).

    >>> m = pd.DataFrame({"member_id": ["a", "b", "c"], "join_date": ["2025-01-01"] * 3})
    >>> o = pd.DataFrame({"member_id": ["a", "a", "b"], "order_date": ["2025-03-01", "2025-12-01", "2025-05-01"],
    ...                   "amount": [100.0, 50.0, 30.0]})
    >>> t = user_dimensions(m, o, as_of="2025-12-31")
    >>> t["结果"].tolist(), round(t.attrs["数值"]["2025 年复购率"], 3)
    (['1 人', '90.0 元', '50.0%'], 0.5)
    """
    _require(orders, [member_col, date_col, amount_col])
    p = prepare_purchases(members, orders, member_col, join_col, date_col)
    stages = stages_at(p, as_of)
    end = _day(as_of, "观察日")
    year = pd.Timestamp(as_of).year
    rows = []
    recency = stages["距最近购买天数"]
    active = int((recency.fillna(10**9) <= SILENT_DAYS_B2C).sum())
    rows.append(("规模", "活跃会员数", float(active), f"{active:,} 人", active, len(stages),
                 f"截至 {pd.Timestamp(as_of).date()} 近 {SILENT_DAYS_B2C} 天有购买的会员（分母：已入会会员）"))
    if activity is not None:
        _require(activity, [member_col, "month", "app_visits", "store_visits"])
        month = f"{year}-{pd.Timestamp(as_of).month:02d}"
        alive = stages.index[stages["生命周期阶段"] != "流失期"]
        this = activity[(activity["month"].astype(str) == month)
                        & ((activity["app_visits"] > 0) | (activity["store_visits"] > 0))]
        n_active = int(pd.Index(alive).isin(this[member_col]).sum())
        rate = n_active / max(len(alive), 1)
        rows.append(("活跃", f"{pd.Timestamp(as_of).month} 月活跃率", rate, f"{rate:.1%}",
                     n_active, len(alive), f"未流失会员中，{month} 有 APP/小程序访问或到店的比例"))
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
    table = table.drop(columns="数值")
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
        The member rows of the population with 首购日期 and a bool column ``{days}天内复购``.

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
    out = members.set_index(member_col).loc[p.ids[pop]].copy()
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
        One row per channel plus 合计: 渠道, 入会人数, 留存人数, 留存率, 占留存总数.

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


def churn_early_warning(orders: pd.DataFrame, as_of: Any, member_col: str = "member_id",
                        date_col: str = "order_date", amount_col: str = "amount",
                        bands: tuple[int, int, int] = (30, SILENT_DAYS_B2C, CHURN_DAYS_B2C),
                        high_value_score: int = 4) -> pd.DataFrame:
    """Lecture 2's RFM as an early warning: risk by recency, value by the M score.

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
        Columns 风险, 价值, 动作, 负责人, 时限, 衡量指标.

    >>> warning_actions().iloc[0][["风险", "价值"]].tolist()
    ['高', '高价值']
    """
    rows = [("高", "高价值", "一对一电话回访，了解原因，给专属权益", "门店店长/专属导购", "48 小时内"),
            ("高", "普通", "自动短信或小程序消息，附限时券", "会员运营", "1 周内"),
            ("中", "高价值", "专属导购提醒新品、补货", "专属导购", "2 周内"),
            ("中", "普通", "常规会员活动触达", "会员运营", "按月"),
            ("低", "全部", "不打扰，维持服务", "—", "—")]
    table = pd.DataFrame(rows, columns=["风险", "价值", "动作", "负责人", "时限"])
    table["衡量指标"] = "30 天回购率（与不触达的对照组比较）"
    return table


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
        One row per join channel: 入会渠道, 购买会员数, 金额（万元）, then one share column per
        order channel (``attrs["percent"]``).

    >>> m = pd.DataFrame({"member_id": ["a"], "join_channel": ["门店"]})
    >>> o = pd.DataFrame({"member_id": ["a", "a"], "order_date": ["2025-01-01"] * 2, "channel": ["门店", "线上"],
    ...                   "amount": [3e4, 1e4]})
    >>> channel_crossover(m, o, 2025)[["门店", "线上"]].values.tolist()
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
    total = spend.sum(axis=1)
    out = spend.div(total, axis=0)
    out.insert(0, "金额（万元）", total / 1e4)
    out.insert(0, "购买会员数", frame.groupby("入会渠道")["会员"].nunique().reindex(out.index).astype(np.int64))
    out = out.reset_index()
    out.columns.name = None
    out.attrs["percent"] = [c for c in spend.columns]
    return out


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


def case_swot_items(members: pd.DataFrame, orders: pd.DataFrame, ab: pd.DataFrame | None = None,
                    join_from: Any = "2024-01-01", join_to: Any = "2025-06-30",
                    as_of: Any = "2025-12-31") -> pd.DataFrame:
    """A SWOT of the 山禾 case whose items quote figures computed in this lecture (an example).

    Args:
        members: member list (with join channel).
        orders: orders.
        ab: the coupon experiment (optional; the opportunity then quotes its 30-day effect).
        join_from: first join day for the channel retention.
        join_to: last join day for the channel retention.
        as_of: the date of the lifecycle stages.

    Returns:
        Columns 象限, 条目, 依据.

    >>> m = pd.DataFrame({"member_id": ["a", "b"], "join_date": ["2025-01-01"] * 2, "join_channel": ["门店", "APP"]})
    >>> o = pd.DataFrame({"member_id": ["a", "b"], "order_date": ["2025-05-01", "2025-12-31"], "amount": [10.0, 1]})
    >>> case_swot_items(m, o, join_from="2025-01-01", join_to="2025-01-31", as_of="2025-12-31")["象限"].tolist()
    ['优势', '劣势', '威胁']
    """
    from .experiments import ab_test_summary

    channels = channel_retention(members, orders, join_from, join_to)
    body = channels[channels["渠道"] != "合计"].sort_values("留存率")
    best, worst = body.iloc[-1], body.iloc[0]
    stages = stages_at(prepare_purchases(members, orders), as_of)["生命周期阶段"]
    lost = float((stages == "流失期").mean())
    rows = [("优势", f"{best['渠道']}入会的会员半年留存 {best['留存率']:.0%}，是各渠道最高",
             f"第八节渠道表（{channels.attrs['人群']}）"),
            ("劣势", f"截至 {pd.Timestamp(as_of).date()}，{lost:.0%} 的会员已处于流失期",
             "第三节生命周期（全部已入会会员）")]
    if ab is not None:
        first = ab_test_summary(ab, orders).iloc[0]
        rows.append(("机会", f"复购券让{first['指标']}提高 {first['差值（百分点）']:+.1f} 个百分点（随机实验）",
                     "第七节 A/B 测试"))
    rows.append(("威胁", f"{worst['渠道']}拉来的会员半年留存只有 {worst['留存率']:.0%}，拉新越多、流失越多",
                 "第八节渠道表"))
    return pd.DataFrame(rows, columns=["象限", "条目", "依据"])
