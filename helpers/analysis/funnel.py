"""Event funnels: from a behaviour log (who did what, when) to the steps of a journey.

A funnel splits a journey into ordered steps and counts how many people reach each one.
This module works on an **event log**: a step that has no event did not happen. (Lecture
4's :func:`helpers.funnel` works on a sales pipeline instead, where a later stage implies
the earlier ones.)

:func:`event_funnel` counts in three ways (``mode``):

* ``"ordered"`` (严格按顺序, the default) -- a person reaches step j when they did steps
  0..j in this order: the first step's earliest event t₁, then for each next step the
  earliest event of that name at or after the previous step's time (equal times allowed);
  a name repeated in ``steps`` (["注册", "浏览", "下单", "下单"]) needs another, later event.
  Greedy earliest matching finds a chain whenever one exists.
* ``"any"`` (不计顺序) -- the person has, within the window, at least as many events of each
  name among steps 0..j as the steps ask for, in any order;
* ``"separate"`` (只看本步) -- the person has enough events of step j's own name, anywhere
  (all people of the log, not only those with the first step; no window).

``window_days`` counts only events at most that many days after t₁ (ordered and any).
:func:`event_funnel_diagnostics` puts the three side by side and counts the people who did
the steps in another order or skipped the previous step -- people a strict funnel would
wrongly call lost.

Vectorised: one sort of the log by person and time, then per step a masked "first match
per person" -- a million events take well under a second (``benchmarks/bench_cohorts.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..data.transactions import _dates, _require
from ..errors import DataError
from .cohorts import _id_codes

MODES: dict[str, str] = {"ordered": "严格按顺序", "any": "不计顺序", "separate": "只看本步"}
_NS_PER_DAY = 86_400 * 10**9


@dataclass(frozen=True)
class _Log:
    user: np.ndarray       # user code per event, sorted by user, then time, then input order
    name: np.ndarray       # step index per event (-1 for names not in the steps)
    time: np.ndarray       # int64 nanoseconds
    n_users: int


def _prepare(events: pd.DataFrame, user_col: str, step_col: str, time_col: str, steps: Sequence[str],
             users: Iterable[Any] | None) -> tuple[_Log, list[str]]:
    _require(events, [user_col, step_col, time_col])
    steps = [str(s) for s in steps]
    if len(steps) < 2:
        raise DataError("漏斗至少要有两个步骤", "a funnel needs at least two steps")
    # checked on the whole log, so that an error names the row the trainee sees
    times = _dates(events[time_col], time_col).astype("datetime64[ns]").astype(np.int64)
    codes = _id_codes(events[user_col], user_col)
    column = events[step_col]
    names, uniques = pd.factorize(column.astype(str) if column.dtype == object else column)
    uniques = [str(u) for u in uniques]
    unknown = [s for s in dict.fromkeys(steps) if s not in set(uniques)]
    if unknown:
        have = "、".join(sorted(set(column.dropna().astype(str)))) or "（无）"
        raise DataError(f"行为日志里没有这些步骤：{'、'.join(unknown)}", f"steps not in the log: {', '.join(unknown)}",
                        fix_zh=f"日志里的事件有：{have}。请检查步骤名称是否写对", fix_en="check the step names",
                        column=step_col)
    distinct = list(dict.fromkeys(steps))
    lookup = np.array([distinct.index(u) if u in distinct else -1 for u in uniques] or [-1], dtype=np.int64)
    name = np.where(names >= 0, lookup[names], -1) if len(names) else np.zeros(0, dtype=np.int64)
    if users is not None:
        keep = events[user_col].isin(pd.Index(list(users))).to_numpy()
        times, codes, name = times[keep], codes[keep], name[keep]
    order = _user_time_order(codes, times)
    return _Log(codes[order].astype(np.int64), name[order], times[order], int(codes.max()) + 1 if len(codes) else 0), \
        distinct


def _user_time_order(codes: np.ndarray, times: np.ndarray) -> np.ndarray:
    """The permutation that sorts events by user, then time, then input order.

    When the numbers fit, one int64 key ``(user, time, position)`` is sorted with a single
    ``np.sort`` (several times faster than two stable argsorts on a million events); times
    are first reduced to whole seconds when every time is a whole second.
    """
    n = len(codes)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    t = times - times.min()
    if not (t % 10**9).any():
        t = t // 10**9
    span = int(t.max()) + 1
    users = int(codes.max()) + 1
    if users * span * n < 2**62:
        keys = np.sort((codes * span + t) * n + np.arange(n, dtype=np.int64))
        return keys % n
    order = np.argsort(times, kind="stable")  # pragma: no cover - nanosecond logs over long spans
    return order[np.argsort(codes[order], kind="stable")]


def _first_times(log: _Log, code: int) -> np.ndarray:
    """Each user's earliest time of step code ``code`` (int64 max when none)."""
    t1 = np.full(log.n_users, np.iinfo(np.int64).max)
    hit = log.name == code
    np.minimum.at(t1, log.user[hit], log.time[hit])
    return t1


def _ordered(log: _Log, codes: list[int], window: int | None) -> list[int]:
    big = np.iinfo(np.int64).max
    t1 = _first_times(log, codes[0])
    reached = t1 < big
    counts = [int(reached.sum())]
    limit = t1 + window if window is not None else np.full(log.n_users, big)
    prev_time = t1.copy()
    last_pos = {codes[0]: np.full(log.n_users, -1, dtype=np.int64)}
    # position of the first-step event (the earliest, first in the sorted log)
    pos = np.flatnonzero(log.name == codes[0])
    u = log.user[pos]
    first = np.r_[True, u[1:] != u[:-1]]
    last_pos[codes[0]][u[first]] = pos[first]
    for code in codes[1:]:
        pos = np.flatnonzero(log.name == code)
        u = log.user[pos]
        after = last_pos.get(code)
        ok = reached[u] & (log.time[pos] >= prev_time[u]) & (log.time[pos] <= limit[u])
        if after is not None:
            ok &= pos > after[u]
        pos, u = pos[ok], u[ok]
        first = np.r_[True, u[1:] != u[:-1]] if len(u) else np.zeros(0, dtype=bool)
        hit_users, hit_pos = u[first], pos[first]
        reached = np.zeros(log.n_users, dtype=bool)
        reached[hit_users] = True
        prev_time = np.full(log.n_users, big)
        prev_time[hit_users] = log.time[hit_pos]
        mine = last_pos.setdefault(code, np.full(log.n_users, -1, dtype=np.int64))
        mine[hit_users] = hit_pos
        counts.append(int(reached.sum()))
    return counts


def _name_counts(log: _Log, n_names: int, keep: np.ndarray) -> np.ndarray:
    """Events per (user, step name) among the events where ``keep`` is true."""
    use = keep & (log.name >= 0)
    flat = np.bincount(log.user[use] * n_names + log.name[use], minlength=log.n_users * n_names)
    return flat.reshape(log.n_users, n_names)


def _needed(codes: list[int], n_names: int) -> np.ndarray:
    """Row j: how many events of each name steps 0..j ask for."""
    need = np.zeros((len(codes), n_names), dtype=np.int64)
    for j, code in enumerate(codes):
        need[j:, code] += 1
    return need


def _any(log: _Log, codes: list[int], n_names: int, window: int | None) -> list[int]:
    t1 = _first_times(log, codes[0])
    pop = t1 < np.iinfo(np.int64).max
    keep = pop[log.user]
    if window is not None:
        keep &= log.time <= t1[log.user] + window
    have = _name_counts(log, n_names, keep)[pop]
    return [int((have >= row).all(axis=1).sum()) for row in _needed(codes, n_names)]


def _separate(log: _Log, codes: list[int], n_names: int) -> list[int]:
    have = _name_counts(log, n_names, np.ones(len(log.user), dtype=bool))
    need = _needed(codes, n_names)
    return [int((have[:, code] >= need[j, code]).sum()) for j, code in enumerate(codes)]


def _table(labels: list[str], counts: list[int]) -> pd.DataFrame:
    n = np.asarray(counts, dtype=float)
    prev = np.r_[np.nan, n[:-1]]
    with np.errstate(invalid="ignore", divide="ignore"):
        step = np.where(prev > 0, n / prev, np.nan)
        overall = n / n[0] if n[0] else np.full(len(n), np.nan)
    lost = np.r_[0, np.maximum(prev[1:] - n[1:], 0)].astype(np.int64)
    table = pd.DataFrame({"步骤": labels, "人数": np.asarray(counts, dtype=np.int64), "上一步转化率": step,
                          "总体转化率": overall, "流失人数": lost})
    table.attrs["percent"] = ["上一步转化率", "总体转化率"]
    return table


def _labels(steps: Sequence[str], labels: Sequence[str] | None) -> list[str]:
    if labels is None:
        seen: dict[str, int] = {}
        out = []
        for s in steps:
            seen[s] = seen.get(s, 0) + 1
            out.append(s if seen[s] == 1 else f"{s}（第{seen[s]}次）")
        return out
    if len(labels) != len(steps):
        raise DataError(f"步骤名称 labels 有 {len(labels)} 个，步骤 steps 有 {len(steps)} 个，应当一样多",
                        "labels and steps must have the same length")
    return [str(x) for x in labels]


def event_funnel(events: pd.DataFrame, user_col: str, step_col: str, time_col: str, steps: Sequence[str],
                 labels: Sequence[str] | None = None, mode: str = "ordered", window_days: float | None = None,
                 users: Iterable[Any] | None = None) -> pd.DataFrame:
    """Count how many people reach each step of a journey in an event log.

    Args:
        events: one row per event (person, event name, time); a trainee's export works.
        user_col: the person's id column.
        step_col: the event name column.
        time_col: the event time column (date or date and time).
        steps: the event names in journey order; a repeated name means "that event again".
        labels: display names of the steps (same length), e.g. 首单 / 复购 for two 下单.
        mode: ``"ordered"`` (default), ``"any"`` or ``"separate"`` (see the module docstring).
        window_days: count only events within this many days after the first step.
        users: restrict the population to these ids (others are ignored).

    Returns:
        One row per step: 步骤, 人数, 上一步转化率, 总体转化率, 流失人数.
        ``attrs["缺第一步人数"]`` counts the people with later steps but without the first one
        (never counted in an ordered funnel).

    Raises:
        DataError: a column is missing, a step name is not in the log (the message lists the
            names present), or a time or id is missing (naming the row).

    >>> log = pd.DataFrame({"u": ["a", "a", "a", "b", "b", "c"],
    ...                     "e": ["注册", "浏览", "下单", "注册", "下单", "浏览"],
    ...                     "t": ["2025-01-01 09:00", "2025-01-01 09:05", "2025-01-02", "2025-01-01",
    ...                           "2025-01-03", "2025-01-01"]})
    >>> event_funnel(log, "u", "e", "t", ["注册", "浏览", "下单"])[["步骤", "人数"]].values.tolist()
    [['注册', 2], ['浏览', 1], ['下单', 1]]
    """
    if mode not in MODES:
        raise DataError(f"不支持的漏斗口径 mode={mode!r}", f"unknown mode {mode!r}",
                        fix_zh="可选：ordered（严格按顺序）、any（不计顺序）、separate（只看本步）",
                        fix_en="use 'ordered', 'any' or 'separate'")
    names = _labels(steps, labels)
    log, distinct = _prepare(events, user_col, step_col, time_col, steps, users)
    codes = [distinct.index(str(s)) for s in steps]
    window = None if window_days is None else int(round(float(window_days) * _NS_PER_DAY))
    if mode == "ordered":
        counts = _ordered(log, codes, window)
    elif mode == "any":
        counts = _any(log, codes, len(distinct), window)
    else:
        counts = _separate(log, codes, len(distinct))
    table = _table(names, counts)
    has_first = np.zeros(log.n_users, dtype=bool)
    has_first[log.user[log.name == codes[0]]] = True
    has_other = np.zeros(log.n_users, dtype=bool)
    has_other[log.user[(log.name >= 0) & (log.name != codes[0])]] = True
    table.attrs.update({"缺第一步人数": int((has_other & ~has_first).sum()), "口径": MODES[mode],
                        "窗口天数": window_days})
    return table


def event_funnel_diagnostics(events: pd.DataFrame, user_col: str, step_col: str, time_col: str,
                             steps: Sequence[str], labels: Sequence[str] | None = None,
                             window_days: float | None = None, users: Iterable[Any] | None = None) -> pd.DataFrame:
    """The three funnel counts side by side, and who would be wrongly called lost.

    * 顺序颠倒人数 = 不计顺序 − 严格按顺序: people who did the steps, but in another order
      (a late log entry, or browsing after buying);
    * 跳过上一步人数: people of the population (with the first step) who did this step
      within the window but never the previous one (e.g. members who buy in the store with
      no online browsing). 0 for the first step.

    Args:
        events: the event log.
        user_col: person id column.
        step_col: event name column.
        time_col: event time column.
        steps: the event names in journey order.
        labels: display names of the steps.
        window_days: the window for the ordered and any counts.
        users: restrict to these ids.

    Returns:
        Columns 步骤, 严格按顺序, 不计顺序, 只看本步, 顺序颠倒人数, 跳过上一步人数.

    >>> log = pd.DataFrame({"u": ["a", "a", "a"], "e": ["注册", "加购", "浏览"],
    ...                     "t": ["2025-01-01", "2025-01-02", "2025-01-03"]})
    >>> event_funnel_diagnostics(log, "u", "e", "t", ["注册", "浏览", "加购"])["顺序颠倒人数"].tolist()
    [0, 0, 1]
    """
    args = (events, user_col, step_col, time_col, steps, labels)
    ordered = event_funnel(*args, mode="ordered", window_days=window_days, users=users)
    anyway = event_funnel(*args, mode="any", window_days=window_days, users=users)
    separate = event_funnel(*args, mode="separate", users=users)
    log, distinct = _prepare(events, user_col, step_col, time_col, steps, users)
    codes = [distinct.index(str(s)) for s in steps]
    t1 = _first_times(log, codes[0])
    pop = t1 < np.iinfo(np.int64).max
    keep = pop[log.user]
    if window_days is not None:
        keep &= log.time <= t1[log.user] + int(round(float(window_days) * _NS_PER_DAY))
    have = _name_counts(log, len(distinct), keep)
    need = _needed(codes, len(distinct))
    skipped = [0] + [int((pop & (have[:, codes[j]] >= need[j, codes[j]]) & (have[:, codes[j - 1]] == 0)).sum())
                     for j in range(1, len(codes))]
    return pd.DataFrame({"步骤": ordered["步骤"], "严格按顺序": ordered["人数"], "不计顺序": anyway["人数"],
                         "只看本步": separate["人数"], "顺序颠倒人数": anyway["人数"] - ordered["人数"],
                         "跳过上一步人数": np.asarray(skipped, dtype=np.int64)})


def funnel_title(funnel: pd.DataFrame, who: str, min_n: int = 30) -> str:
    """A title naming the step with the lowest conversion and the step that loses the most people.

    The two are often different steps: a low rate on a small base loses fewer people than a
    middling rate on a large one. Steps whose previous step has fewer than ``min_n`` people
    are not interpreted; the window (``attrs["窗口天数"]`` of :func:`event_funnel`) is named.

    Args:
        funnel: output of :func:`event_funnel`.
        who: the population, e.g. "APP/小程序入会的新会员".
        min_n: the smallest base interpreted.

    Returns:
        One sentence.

    >>> f = pd.DataFrame({"步骤": ["注册", "浏览", "下单"], "人数": [100, 90, 30], "上一步转化率": [None, 0.9, 1 / 3]})
    >>> funnel_title(f, "新会员")
    '新会员：转化率最低在“浏览→下单”（33%），流失人数最多的也是这一步（60 人）'
    >>> f.attrs["窗口天数"] = 60
    >>> funnel_title(f.assign(人数=[1000, 500, 300], 上一步转化率=[None, 0.5, 0.6]), "新会员")
    '新会员（入会后 60 天）：转化率最低在“注册→浏览”（50%），流失人数最多的也是这一步（500 人）'
    """
    n = funnel["人数"].to_numpy(dtype=float)
    rates = funnel["上一步转化率"].to_numpy(dtype=float)
    ok = [j for j in range(1, len(funnel)) if n[j - 1] >= min_n and not np.isnan(rates[j])]
    window = funnel.attrs.get("窗口天数")
    head = f"{who}（入会后 {window:g} 天）" if window else who
    if not ok:
        return f"{head}：人数太少，漏斗不作解读"
    steps = funnel["步骤"].tolist()
    low = min(ok, key=lambda k: rates[k])
    most = max(ok, key=lambda k: n[k - 1] - n[k])
    text = f"{head}：转化率最低在“{steps[low - 1]}→{steps[low]}”（{rates[low]:.0%}）"
    if most == low:
        return text + f"，流失人数最多的也是这一步（{n[most - 1] - n[most]:,.0f} 人）"
    return text + f"，流失人数最多在“{steps[most - 1]}→{steps[most]}”（{n[most - 1] - n[most]:,.0f} 人）"


# ---------------------------------------------------------------------------------------
# The lecture's member journey (山禾 case columns by default)
# ---------------------------------------------------------------------------------------

#: The journey of a new member in the 山禾 log, and its display names.
MEMBER_STEPS: tuple[str, ...] = ("注册", "浏览", "加购", "下单", "下单")
MEMBER_LABELS: tuple[str, ...] = ("注册", "浏览商品", "加入购物车", "首单", "复购")


def _population(members: pd.DataFrame | None, join_channels: Sequence[str] | None, member_col: str,
                channel_col: str) -> list[Any] | None:
    if members is None or join_channels is None:
        return None
    _require(members, [member_col, channel_col])
    return members.loc[members[channel_col].astype(str).isin([str(c) for c in join_channels]), member_col].tolist()


def member_funnel(events: pd.DataFrame, members: pd.DataFrame | None = None,
                  join_channels: Sequence[str] | None = ("APP", "小程序"), platform: str | None = "线上",
                  window_days: float = 60, member_col: str = "member_id", event_col: str = "event",
                  time_col: str = "event_time", platform_col: str = "platform",
                  channel_col: str = "join_channel") -> pd.DataFrame:
    """The new members' journey 注册 → 浏览 → 加购 → 首单 → 复购 on one platform (the lecture's main funnel).

    A funnel describes one journey: with ``platform="线上"`` only online events count, so a
    member whose first order was in a store is not "lost at 加购" -- they are simply not on
    this journey. The store orders of the same people are counted beside it (``attrs``), so
    that the online funnel is not read as all the buying there was.

    Args:
        events: the behaviour log (member, event, time, platform).
        members: the member list, to pick the population by join channel (optional).
        join_channels: the join channels of the population (ignored without ``members``).
        platform: count only events on this platform (``None``: all events).
        window_days: count only events within this many days of the first 注册.
        member_col: member id column.
        event_col: event name column.
        time_col: event time column.
        platform_col: platform column of ``events``.
        channel_col: join channel column of ``members``.

    Returns:
        The table of :func:`event_funnel` (steps labelled 线上首单 / 线上复购 with a platform).
        ``attrs``: 人群 (who, window, platform), 总人数, 有购买人数 (any platform, within the
        window), 首单不在本平台 (of those, first order elsewhere), 平台.

    >>> log = pd.DataFrame({"member_id": ["a", "a", "a", "a", "b", "b"],
    ...                     "event": ["注册", "浏览", "加购", "下单", "注册", "下单"],
    ...                     "event_time": ["2025-01-01 09:00", "2025-01-02", "2025-01-02 00:05", "2025-01-02 00:10",
    ...                                    "2025-01-03", "2025-01-04"],
    ...                     "platform": ["线上", "线上", "线上", "线上", "线上", "门店"]})
    >>> f = member_funnel(log)
    >>> f["人数"].tolist(), f.attrs["有购买人数"], f.attrs["首单不在本平台"]
    ([2, 1, 1, 1, 0], 2, 1)
    """
    _require(events, [member_col, event_col, time_col] + ([platform_col] if platform is not None else []))
    users = _population(members, join_channels, member_col, channel_col)
    log = events if platform is None else events[events[platform_col].astype(str) == str(platform)]
    labels = list(MEMBER_LABELS) if platform is None else [*MEMBER_LABELS[:3], f"{platform}首单", f"{platform}复购"]
    table = event_funnel(log, member_col, event_col, time_col, MEMBER_STEPS, labels=labels, window_days=window_days,
                         users=users)
    # everyone of the population and their orders on any platform within the window
    pop = events if users is None else events[events[member_col].isin(pd.Index(users))]
    times = pd.Series(_dates(pop[time_col], time_col), index=pop.index)
    start = times[(pop[event_col] == MEMBER_STEPS[0]).to_numpy()].groupby(pop[member_col]).min()
    joined = pop[member_col].map(start)
    inside = (pop[event_col] == "下单").to_numpy() & (times <= joined + pd.Timedelta(days=window_days)).to_numpy()
    bought = pop[inside].assign(_t=times[inside]).sort_values("_t", kind="stable").drop_duplicates(member_col)
    elsewhere = int((bought[platform_col].astype(str) != str(platform)).sum()) if platform is not None else 0
    days = pd.Timestamp(times.min()).date(), pd.Timestamp(start.max()).date() if len(start) else None
    who = "、".join(join_channels) + "入会" if users is not None and join_channels else "全部"
    table.attrs.update({"总人数": int(table["人数"].iloc[0]), "有购买人数": int(len(bought)),
                        "首单不在本平台": elsewhere, "平台": platform,
                        "人群": f"{days[0]} 至 {days[1]} {who}的 {int(table['人数'].iloc[0]):,} 位新会员；"
                               f"入会后 {window_days:g} 天内" + (f"；只计{platform}行为" if platform else "")})
    return table


def funnel_sentence(funnel: pd.DataFrame) -> str:
    """What a one-platform funnel leaves out: the same people's purchases elsewhere.

    Args:
        funnel: output of :func:`member_funnel`.

    Returns:
        One sentence.

    >>> f = pd.DataFrame({"步骤": ["注册", "线上首单"], "人数": [654, 290]})
    >>> f.attrs.update({"总人数": 654, "有购买人数": 430, "首单不在本平台": 178, "平台": "线上", "窗口天数": 60})
    >>> print(funnel_sentence(f).replace("，其中", "，\\n其中"))
    同一批 654 人入会后 60 天内有购买（线上或门店）的共 430 人（65.7%），
    其中 178 人的第一单不在线上：漏斗里的“线上首单”（290 人）不是全部的购买。
    """
    a = funnel.attrs
    total, bought, other = a["总人数"], a["有购买人数"], a["首单不在本平台"]
    first = funnel.loc[funnel["步骤"].astype(str).str.endswith("首单"), "人数"]
    shown = f"（{int(first.iloc[0]):,} 人）" if len(first) else ""
    return (f"同一批 {total:,} 人入会后 {a['窗口天数']:g} 天内有购买（线上或门店）的共 {bought:,} 人"
            f"（{bought / total:.1%}），其中 {other:,} 人的第一单不在{a['平台']}：漏斗里的“{a['平台']}首单”{shown}"
            "不是全部的购买。")


def member_funnel_diagnostics(events: pd.DataFrame, members: pd.DataFrame | None = None,
                              join_channels: Sequence[str] | None = None, window_days: float = 60,
                              member_col: str = "member_id", event_col: str = "event", time_col: str = "event_time",
                              channel_col: str = "join_channel") -> pd.DataFrame:
    """The three counts of the member journey side by side, on all platforms (see :func:`event_funnel_diagnostics`).

    Args:
        events: the behaviour log.
        members: the member list (optional, to pick join channels).
        join_channels: the join channels of the population (``None``: every new member).
        window_days: the window after 注册.
        member_col: member id column.
        event_col: event name column.
        time_col: event time column.
        channel_col: join channel column of ``members``.

    Returns:
        The diagnostics table, rows numbered from 1.

    >>> log = pd.DataFrame({"member_id": ["a", "a", "b", "b", "b"], "event": ["注册", "下单", "注册", "浏览", "加购"],
    ...                     "event_time": ["2025-01-01", "2025-01-02", "2025-01-01", "2025-01-01", "2025-01-01"]})
    >>> member_funnel_diagnostics(log)["跳过上一步人数"].tolist()
    [0, 0, 0, 1, 0]
    """
    users = _population(members, join_channels, member_col, channel_col)
    table = event_funnel_diagnostics(events, member_col, event_col, time_col, MEMBER_STEPS, labels=MEMBER_LABELS,
                                     window_days=window_days, users=users)
    table.index = pd.RangeIndex(1, len(table) + 1)
    return table
