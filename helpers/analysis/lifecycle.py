"""The user lifecycle: 新手期 / 成长期 / 成熟期 / 衰退期 / 流失期, by written rules.

The seeds name five stages; to manage them each needs a rule that two people apply the
same way. This course's rules (checked in order, the first that fits wins; a *purchase*
is a day with an order, as everywhere in the course, see :mod:`helpers.analysis.definitions`):

1. **流失期** -- the last purchase was more than ``churn_days`` (180) days ago; or never
   bought and joined more than ``churn_days`` days ago;
2. **衰退期** -- the last purchase was ``silent_days`` + 1 (91) to ``churn_days`` days ago;
3. **新手期** -- never bought (joined within ``churn_days``), or bought once within ``silent_days``;
4. **成长期** -- 2 to ``mature_purchases`` − 1 (5) purchase days, the last within ``silent_days``;
5. **成熟期** -- ``mature_purchases`` (6) or more purchase days, the last within ``silent_days``.

The default thresholds are the course definitions (``SILENT_DAYS_B2C``, ``CHURN_DAYS_B2C``);
they are choices, and :func:`helpers.analysis.churn.churn_return_rate` checks the churn line on
data (how many of those called churned came back).

Functions: :func:`lifecycle_stages` (one row per member), :func:`stage_counts`,
:func:`stage_counts_by_period`, :func:`churn_flow` (new churn and churn rate per quarter,
because the cumulative number of churned members only grows), :func:`stage_transitions`
and :func:`transition_shares` (how members move between two dates), :func:`stage_actions`;
:func:`b2c_definitions` (the course definitions the lecture relies on), and the sentences
:func:`stage_title`, :func:`transitions_title`, :func:`transitions_note`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..data.transactions import _check_ids, _dates, _require
from ..errors import DataError, first_bad_row
from .definitions import CHURN_DAYS_B2C, SILENT_DAYS_B2C, course_definitions
from .experiments import numbered

#: The five stages in their display order.
STAGES: tuple[str, ...] = ("新手期", "成长期", "成熟期", "衰退期", "流失期")
#: The row of members who joined between the two dates of a transition table.
NEW_ROW = "（新入会）"


@dataclass(frozen=True)
class LifecycleRules:
    """The thresholds of the lifecycle rules (days since the last purchase, purchase days).

    Args:
        silent_days: more days than this without a purchase → 衰退期 (default 90).
        churn_days: more days than this → 流失期 (default 180).
        mature_purchases: this many purchase days or more → 成熟期 (default 6).

    >>> LifecycleRules(silent_days=200)
    Traceback (most recent call last):
    ...
    helpers.errors.DataError: 阈值不合理：需要 0 < 衰退线 (200) < 流失线 (180)，成熟线 (6) ≥ 3
    [EN] bad thresholds: need 0 < silent_days (200) < churn_days (180) and mature_purchases (6) >= 3
    """

    silent_days: int = SILENT_DAYS_B2C
    churn_days: int = CHURN_DAYS_B2C
    mature_purchases: int = 6

    def __post_init__(self) -> None:
        if not (0 < self.silent_days < self.churn_days and self.mature_purchases >= 3):
            raise DataError(f"阈值不合理：需要 0 < 衰退线 ({self.silent_days}) < 流失线 ({self.churn_days})，"
                            f"成熟线 ({self.mature_purchases}) ≥ 3",
                            f"bad thresholds: need 0 < silent_days ({self.silent_days}) < churn_days "
                            f"({self.churn_days}) and mature_purchases ({self.mature_purchases}) >= 3")

    def table(self) -> pd.DataFrame:
        """The rules as a table (阶段, 规则), with the thresholds written in.

        Returns:
            Five rows numbered 1–5 in the order they are checked.

        >>> LifecycleRules().table()["阶段"].tolist()
        ['流失期', '衰退期', '新手期', '成长期', '成熟期']
        """
        s, c, m = self.silent_days, self.churn_days, self.mature_purchases
        rows = [("流失期", f"距最近一次购买超过 {c} 天；或从未购买且入会超过 {c} 天"),
                ("衰退期", f"距最近一次购买 {s + 1}–{c} 天"),
                ("新手期", f"还没买过（入会 ≤ {c} 天）；或只买过 1 次且近 {s} 天内买过"),
                ("成长期", f"买过 2–{m - 1} 次，且近 {s} 天内买过"),
                ("成熟期", f"买过 {m} 次及以上，且近 {s} 天内买过")]
        return numbered(pd.DataFrame(rows, columns=["阶段", "规则"]))


def _day(value: Any, what: str) -> int:
    stamp = pd.Timestamp(value)
    if pd.isna(stamp):
        raise DataError(f"{what}不是日期：{value!r}", f"{what} is not a date: {value!r}")
    return int(np.datetime64(stamp.date(), "D").astype(np.int64))


@dataclass(frozen=True)
class Purchases:
    """Members and their distinct purchase days, prepared once (for many snapshots or a widget).

    Attributes:
        ids: member ids (index order).
        join: join day numbers (days since 1970-01-01).
        owner: member position of each distinct purchase day (sorted by member, then day).
        day: the purchase day numbers.
        early: number of members whose first purchase is before their join date.
    """

    ids: pd.Index
    join: np.ndarray
    owner: np.ndarray
    day: np.ndarray
    early: int

    @property
    def last_day(self) -> int:
        """The last purchase day in the data (or the last join day when there are none)."""
        return int(self.day.max()) if len(self.day) else int(self.join.max())


def prepare_purchases(members: pd.DataFrame, orders: pd.DataFrame, member_col: str = "member_id",
                      join_col: str = "join_date", date_col: str = "order_date") -> Purchases:
    """Check the member list and the orders and index the distinct purchase days per member.

    Args:
        members: one row per member (member id, join date).
        orders: one row per order (member id, order date).
        member_col: member id column (both tables).
        join_col: join date column.
        date_col: order date column.

    Returns:
        A :class:`Purchases`.

    Raises:
        DataError: missing columns, dates or ids, a repeated member id, or an order of a
            member not in the member list (naming the row).

    >>> p = prepare_purchases(pd.DataFrame({"member_id": ["A"], "join_date": ["2025-01-01"]}),
    ...                       pd.DataFrame({"member_id": ["A", "A"], "order_date": ["2025-01-02"] * 2}))
    >>> len(p.day)
    1
    """
    _require(members, [member_col, join_col])
    _require(orders, [member_col, date_col])
    _check_ids(members[member_col], member_col)
    _check_ids(orders[member_col], member_col)
    ids = pd.Index(members[member_col])
    repeated = ids.duplicated()
    if repeated.any():
        raise DataError(f"会员编号重复：{ids[repeated][0]!r}", f"repeated member id {ids[repeated][0]!r}",
                        fix_zh="会员表每位会员只能有一行", fix_en="one row per member",
                        column=member_col, row=first_bad_row(repeated))
    join = _dates(members[join_col], join_col).astype("datetime64[D]").astype(np.int64)
    days = _dates(orders[date_col], date_col).astype("datetime64[D]").astype(np.int64)
    codes = ids.get_indexer(orders[member_col])
    unknown = codes < 0
    if unknown.any():
        bad = orders[member_col].iloc[int(np.flatnonzero(unknown)[0])]
        raise DataError(f"订单里的会员 {bad!r} 不在会员表中", f"an order's member {bad!r} is not in the member list",
                        fix_zh="检查会员编号是否一致，或先补全会员表", fix_en="check the member ids",
                        column=member_col, row=first_bad_row(unknown))
    if len(days):
        low = int(days.min())
        span = int(days.max()) - low + 1
        keys = np.sort(codes.astype(np.int64) * span + (days - low))
        keys = keys[np.r_[True, keys[1:] != keys[:-1]]]
        owner, day = keys // span, keys % span + low
    else:
        owner, day = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    first = np.full(len(ids), np.iinfo(np.int64).max)
    np.minimum.at(first, owner, day)
    return Purchases(ids, join, owner, day, int((first < join).sum()))


def stages_at(p: Purchases, as_of: Any, rules: LifecycleRules = LifecycleRules()) -> pd.DataFrame:
    """The lifecycle table at one date from prepared purchases (see :func:`lifecycle_stages`).

    Args:
        p: output of :func:`prepare_purchases`.
        as_of: the observation date.
        rules: the thresholds.

    Returns:
        The same table as :func:`lifecycle_stages`.

    >>> p = prepare_purchases(pd.DataFrame({"member_id": ["A"], "join_date": ["2025-01-01"]}),
    ...                       pd.DataFrame({"member_id": ["A"], "order_date": ["2025-01-02"]}))
    >>> stages_at(p, "2025-03-01")["生命周期阶段"].tolist()
    ['新手期']
    """
    end = _day(as_of, "观察日")
    use = p.day <= end
    owner, day = p.owner[use], p.day[use]
    n = np.bincount(owner, minlength=len(p.ids))
    last = np.full(len(p.ids), -1, dtype=np.int64)
    np.maximum.at(last, owner, day)
    first = np.full(len(p.ids), np.iinfo(np.int64).max)
    np.minimum.at(first, owner, day)
    start = np.minimum(p.join, first)
    member = p.join <= end
    rec = end - last
    tenure = end - start
    bought = n >= 1
    stage = np.select(
        [(bought & (rec > rules.churn_days)) | (~bought & (tenure > rules.churn_days)),
         bought & (rec > rules.silent_days),
         n <= 1,
         n < rules.mature_purchases],
        [4, 3, 0, 1], default=2)[member]
    never = ~bought[member]
    last_date = pd.Series(last[member].astype("datetime64[D]")).astype("datetime64[s]")
    last_date[never] = pd.NaT
    recency = pd.array(rec[member], dtype="Int64")
    recency[never] = pd.NA
    table = pd.DataFrame({
        "入会日期": pd.Series(p.join[member].astype("datetime64[D]")).astype("datetime64[s]").to_numpy(),
        "购买次数": n[member],
        "最近购买日期": last_date.to_numpy(),
        "距最近购买天数": recency,
        "入会天数": tenure[member],
        "生命周期阶段": pd.Categorical.from_codes(stage, categories=list(STAGES), ordered=True),
    }, index=p.ids[member])
    table.attrs["as_of"] = str(pd.Timestamp(as_of).date())
    table.attrs["早于入会的订单"] = int(((first < p.join) & member).sum())
    return table


def lifecycle_stages(members: pd.DataFrame, orders: pd.DataFrame, as_of: Any, member_col: str = "member_id",
                     join_col: str = "join_date", date_col: str = "order_date",
                     rules: LifecycleRules = LifecycleRules()) -> pd.DataFrame:
    """Each member's lifecycle stage at ``as_of``, by the written rules of this module.

    Members who joined after ``as_of`` are left out; orders after ``as_of`` are ignored. If a
    member's first order is before the join date, tenure counts from the first order
    (``attrs["早于入会的订单"]`` says how many such members there are).

    Args:
        members: one row per member (id, join date).
        orders: one row per order (member id, order date).
        as_of: the observation date.
        member_col: member id column.
        join_col: join date column.
        date_col: order date column.
        rules: the thresholds (:class:`LifecycleRules`).

    Returns:
        One row per member (index = id): 入会日期, 购买次数 (purchase days), 最近购买日期,
        距最近购买天数 (Int64, <NA> if never bought), 入会天数, 生命周期阶段 (ordered categorical).

    >>> members = pd.DataFrame({"member_id": ["A", "B", "C"],
    ...                         "join_date": ["2025-12-01", "2025-01-01", "2025-06-01"]})
    >>> orders = pd.DataFrame({"member_id": ["C"], "order_date": ["2025-10-01"]})
    >>> lifecycle_stages(members, orders, "2025-12-31")["生命周期阶段"].tolist()
    ['新手期', '流失期', '衰退期']
    """
    return stages_at(prepare_purchases(members, orders, member_col, join_col, date_col), as_of, rules)


def stage_counts(stages: pd.DataFrame) -> pd.DataFrame:
    """Members per stage (all five stages, zeros kept).

    Args:
        stages: output of :func:`lifecycle_stages`.

    Returns:
        Columns 阶段, 人数, 占比 (``attrs["percent"]``).

    >>> t = pd.DataFrame({"生命周期阶段": pd.Categorical(["新手期", "流失期", "流失期"], categories=list(STAGES))})
    >>> stage_counts(t)["人数"].tolist()
    [1, 0, 0, 0, 2]
    """
    counts = stages["生命周期阶段"].value_counts().reindex(list(STAGES), fill_value=0)
    table = pd.DataFrame({"阶段": list(STAGES), "人数": counts.to_numpy(dtype=np.int64)})
    table["占比"] = table["人数"] / max(int(table["人数"].sum()), 1)
    table.attrs["percent"] = ["占比"]
    return table


def _snapshots(start: Any, end: Any, freq: str) -> list[pd.Timestamp]:
    periods = pd.period_range(pd.Timestamp(start), pd.Timestamp(end), freq=freq)
    if len(periods) == 0:
        raise DataError("观察期为空：结束日早于开始日", "no period between start and end")
    return [p.end_time.normalize() for p in periods]


def stage_counts_by_period(members: pd.DataFrame, orders: pd.DataFrame, start: Any, end: Any, freq: str = "Q",
                           rules: LifecycleRules = LifecycleRules(), **columns: str) -> pd.DataFrame:
    """Stage counts at the end of each period (each snapshot on the members joined by then).

    Args:
        members: the member list.
        orders: the orders.
        start: a date in the first period.
        end: a date in the last period.
        freq: ``"Q"`` (quarter ends) or ``"M"`` (month ends).
        rules: the thresholds.
        **columns: ``member_col``, ``join_col``, ``date_col`` if not the defaults.

    Returns:
        A wide table: index 观察日 (dates), one column per stage (counts).

    >>> m = pd.DataFrame({"member_id": ["A"], "join_date": ["2025-01-10"]})
    >>> o = pd.DataFrame({"member_id": ["A"], "order_date": ["2025-01-11"]})
    >>> stage_counts_by_period(m, o, "2025-03-31", "2025-12-31")["流失期"].tolist()
    [0, 0, 1, 1]
    """
    p = prepare_purchases(members, orders, **columns)
    rows = {}
    for day in _snapshots(start, end, freq):
        rows[day] = stages_at(p, day, rules)["生命周期阶段"].value_counts().reindex(list(STAGES), fill_value=0)
    table = pd.DataFrame(rows).T.astype(np.int64)
    table.index.name = "观察日"
    return table


def churn_flow(members: pd.DataFrame, orders: pd.DataFrame, start: Any, end: Any, freq: str = "Q",
               rules: LifecycleRules = LifecycleRules(), **columns: str) -> pd.DataFrame:
    """Churn as a manager should watch it: new churn and the churn rate per period, and returns.

    Between two consecutive period ends (the first snapshot is the starting point):

    * 期初未流失 -- members (joined by the previous end) not in 流失期 at the previous end;
    * 新增流失 -- of those, the members in 流失期 at this end;
    * 流失率 = 新增流失 ÷ 期初未流失;
    * 回流 -- members in 流失期 at the previous end who are not any more (they bought again);
    * 累计流失 -- members in 流失期 at this end (this number only grows; do not manage by it).

    Args:
        members: the member list.
        orders: the orders.
        start: a date in the first period (the starting snapshot).
        end: a date in the last period.
        freq: ``"Q"`` or ``"M"``.
        rules: the thresholds.
        **columns: ``member_col``, ``join_col``, ``date_col`` if not the defaults.

    Returns:
        One row per period after the first (numbered from 1): 期间, 期初未流失, 新增流失, 流失率, 回流, 累计流失.

    >>> m = pd.DataFrame({"member_id": ["A", "B"], "join_date": ["2024-01-01", "2024-01-01"]})
    >>> o = pd.DataFrame({"member_id": ["A", "B", "B"], "order_date": ["2024-01-05", "2024-06-01", "2025-01-10"]})
    >>> churn_flow(m, o, "2024-09-30", "2025-03-31")[["期初未流失", "新增流失", "回流"]].values.tolist()
    [[1, 1, 0], [0, 0, 1]]
    """
    p = prepare_purchases(members, orders, **columns)
    days = _snapshots(start, end, freq)
    rows = []
    before = stages_at(p, days[0], rules)["生命周期阶段"]
    for day in days[1:]:
        now = stages_at(p, day, rules)["生命周期阶段"]
        was_lost = before == "流失期"
        is_lost = now.reindex(before.index) == "流失期"
        base = int((~was_lost).sum())
        new = int((~was_lost & is_lost).sum())
        label = pd.Period(day, freq=freq)
        name = f"{label.year}年第{label.quarter}季度" if freq.startswith("Q") else f"{label.year}年{label.month}月"
        rows.append({"期间": name,
                     "期初未流失": base, "新增流失": new, "流失率": new / base if base else np.nan,
                     "回流": int((was_lost & ~is_lost).sum()), "累计流失": int((now == "流失期").sum())})
        before = now
    table = numbered(pd.DataFrame(rows))
    table.attrs["percent"] = ["流失率"]
    return table


def stage_transitions(members: pd.DataFrame, orders: pd.DataFrame, start: Any, end: Any,
                      rules: LifecycleRules = LifecycleRules(), **columns: str) -> pd.DataFrame:
    """How members moved between stages from ``start`` to ``end`` (counts).

    Rows: the stage at ``start`` (members joined by then) plus a row ``（新入会）`` for members
    who joined after ``start`` and by ``end``; columns: the stage at ``end``. Both in stage
    order, zeros kept.

    Args:
        members: the member list.
        orders: the orders.
        start: the first date.
        end: the second date.
        rules: the thresholds.
        **columns: ``member_col``, ``join_col``, ``date_col`` if not the defaults.

    Returns:
        A count table (index 期初阶段, columns 期末阶段).

    >>> m = pd.DataFrame({"member_id": ["A", "B"], "join_date": ["2025-01-01", "2025-11-01"]})
    >>> o = pd.DataFrame({"member_id": ["A"], "order_date": ["2025-09-01"]})
    >>> t = stage_transitions(m, o, "2025-09-30", "2025-12-31")
    >>> int(t.loc["新手期", "衰退期"]), int(t.loc["（新入会）", "新手期"])
    (1, 1)
    """
    p = prepare_purchases(members, orders, **columns)
    if _day(start, "开始日") >= _day(end, "结束日"):
        raise DataError("开始日应早于结束日", "start must be before end")
    before = stages_at(p, start, rules)["生命周期阶段"]
    after = stages_at(p, end, rules)["生命周期阶段"]
    rows = before.reindex(after.index).astype(object).fillna(NEW_ROW)
    table = pd.crosstab(pd.Categorical(rows, categories=[*STAGES, NEW_ROW]),
                        pd.Categorical(after.astype(object), categories=list(STAGES)), dropna=False)
    table.index.name, table.columns.name = "期初阶段", "期末阶段"
    table.index, table.columns = pd.Index(table.index.astype(str), name="期初阶段"), \
        pd.Index(table.columns.astype(str), name="期末阶段")
    table.attrs["period"] = (str(pd.Timestamp(start).date()), str(pd.Timestamp(end).date()))
    return table.astype(np.int64)


def transition_shares(counts: pd.DataFrame) -> pd.DataFrame:
    """Row percentages of a transition table (each row sums to 100%), with the row's n.

    Args:
        counts: output of :func:`stage_transitions`.

    Returns:
        The shares (``attrs["percent"]``) and a last column 期初人数.

    >>> c = pd.DataFrame([[3, 1], [0, 0]], index=["a", "b"], columns=["x", "y"])
    >>> transition_shares(c).values.tolist()
    [[0.75, 0.25, 4.0], [nan, nan, 0.0]]
    """
    total = counts.sum(axis=1)
    shares = counts.div(total.replace(0, np.nan), axis=0)
    shares["期初人数"] = total.astype(float)
    shares.attrs["percent"] = list(counts.columns)
    return shares


def transitions_title(counts: pd.DataFrame, min_n: int = 30) -> str:
    """A title naming the biggest leak into 衰退期, and 成熟期's share measured the same way.

    The leak of a row = its share moving into 衰退期 (the chart cell itself, nothing added).
    Rows are the active stages 新手期, 成长期, 成熟期 and new members, with at least ``min_n``
    members; when the biggest leak is not from 成熟期, 成熟期's share (the most valuable
    members) is added.

    Args:
        counts: output of :func:`stage_transitions`.
        min_n: smaller rows are not interpreted.

    Returns:
        One sentence.

    >>> c = pd.DataFrame([[50, 10, 40], [0, 70, 30], [0, 0, 100]], index=["新手期", "成熟期", "衰退期"],
    ...                  columns=["新手期", "成熟期", "衰退期"])
    >>> transitions_title(c)
    '一个季度里，新手期 40%、成熟期 30% 的会员滑入衰退期'
    """
    if "衰退期" not in counts.columns:
        return "各阶段人数太少，流转比例不作解读"
    shares = counts.div(counts.sum(axis=1).replace(0, np.nan), axis=0)["衰退期"]
    active = [r for r in (*STAGES[:3], NEW_ROW) if r in shares.index and counts.loc[r].sum() >= min_n]
    if not active:
        return "各阶段人数太少，流转比例不作解读"
    row = max(active, key=lambda r: float(shares[r]))
    who = "新入会会员" if row == NEW_ROW else row
    parts = [f"{who} {float(shares[row]):.0%}"]
    if row != "成熟期" and "成熟期" in active:
        parts.append(f"成熟期 {float(shares['成熟期']):.0%}")
    return f"一个季度里，{'、'.join(parts)} 的会员滑入衰退期"


def transitions_note(counts: pd.DataFrame, rules: LifecycleRules = LifecycleRules()) -> str:
    """What "moved into 衰退期" means when the two dates are about one silent line apart.

    A member in an active stage at the start bought within ``silent_days`` before it; at the
    end they are in 衰退期 (or 流失期) exactly when they did not buy after the start's first
    ``gap − silent_days`` days. With a quarter of 92 days and a 90-day line that is "no
    purchase this quarter".

    Args:
        counts: output of :func:`stage_transitions` (its ``attrs["period"]`` is used).
        rules: the thresholds.

    Returns:
        One sentence.

    >>> c = pd.DataFrame([[1]], index=["新手期"], columns=["新手期"])
    >>> c.attrs["period"] = ("2025-09-30", "2025-12-31")
    >>> print(transitions_note(c).replace("：", "：\\n").replace("——", "\\n——"))
    两次观察相隔 92 天，只比衰退线（90 天）多 2 天：
    期初还在新手、成长、成熟期的会员，到期末进入衰退期，就等于 2025-10-02 及以后一次也没买
    ——基本就是“这个季度没有购买”。
    """
    start, end = (pd.Timestamp(d) for d in counts.attrs["period"])
    gap = (end - start).days
    last_ok = end - pd.Timedelta(days=rules.silent_days)
    return (f"两次观察相隔 {gap} 天，只比衰退线（{rules.silent_days} 天）多 {gap - rules.silent_days} 天："
            f"期初还在新手、成长、成熟期的会员，到期末进入衰退期，就等于 {last_ok.date()} 及以后一次也没买"
            + ("——基本就是“这个季度没有购买”。" if 0 <= gap - rules.silent_days <= 5 else "。"))


def stage_title(counts: pd.DataFrame, as_of: Any) -> str:
    """A title for the stage counts: how many are lost, how few are mature.

    Args:
        counts: output of :func:`stage_counts`.
        as_of: the date of the stages.

    Returns:
        One sentence.

    >>> t = pd.DataFrame({"阶段": list(STAGES), "人数": [10, 10, 8, 14, 58], "占比": [.1, .1, .08, .14, .58]})
    >>> stage_title(t, "2025-12-31")
    '截至 2025-12-31，100 位已入会会员中 58% 已流失，成熟期仅 8%'
    """
    share = counts.set_index("阶段")["占比"]
    return (f"截至 {pd.Timestamp(as_of).date()}，{int(counts['人数'].sum()):,} 位已入会会员中 "
            f"{float(share['流失期']):.0%} 已流失，成熟期仅 {float(share['成熟期']):.0%}")


def b2c_definitions() -> pd.DataFrame:
    """The course definitions a membership business uses (the B2C column of the course table).

    Returns:
        Columns 概念, 山禾会员的定义, 理由 (from :func:`helpers.course_definitions`), rows numbered from 1.

    >>> b2c_definitions()["概念"].tolist()[:3]
    ['购买次数', '活跃', '沉默（预警）']
    """
    table = course_definitions()
    b2b = [c for c in table.columns if c.startswith("B2B")][0]
    b2c = [c for c in table.columns if c.startswith("B2C")][0]
    out = table.drop(columns=b2b).rename(columns={b2c: "山禾会员的定义"})
    same = out["山禾会员的定义"] == "同左"
    out.loc[same, "山禾会员的定义"] = table.loc[same, b2b]
    return numbered(out.reset_index(drop=True))


def stage_actions() -> pd.DataFrame:
    """Goal, key actions and the metric for each stage (this course's framing of the seeds' advice).

    Returns:
        One row per stage (numbered from 1): 阶段, 经营目标, 关键动作, 衡量指标.

    >>> stage_actions()["阶段"].tolist()
    ['新手期', '成长期', '成熟期', '衰退期', '流失期']
    """
    rows = [
        ("新手期", "破零，促成第二单", "新手引导、首单礼、首月复购券", "首单率、30 天复购率"),
        ("成长期", "养成购买习惯", "积分与等级、任务、按品类推荐", "进入成熟期的比例"),
        ("成熟期", "提高客单价，延长成熟期", "会员特权、跨品类推荐、专属服务", "人均消费、满意度"),
        ("衰退期", "预警和挽留", "RFM 预警；高价值会员优先回访、定向券", "90 天内回购率"),
        ("流失期", "找回有价值的人", "高价值会员一对一召回；新会员流失先改新手流程", "召回率"),
    ]
    return numbered(pd.DataFrame(rows, columns=["阶段", "经营目标", "关键动作", "衡量指标"]))


