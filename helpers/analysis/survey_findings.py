"""Findings of the questionnaire tables in words (lecture 1): chart titles and sentences.

Each chart title states its finding, computed from the table it draws, and every comparison of
two groups comes with its uncertainty:

* :func:`response_headline`, :func:`missing_headline`, :func:`box_headline` -- titles for the
  response-rate, missing-answer and top/bottom-box charts;
* :func:`nps_gap_sentence`, :func:`nps_headline` -- the NPS gap of two groups with a 95% interval;
* :func:`invitation_sentence` -- who was invited and when (the population of the survey).

These functions are also importable from :mod:`helpers.analysis.survey`.
"""

from __future__ import annotations

import pandas as pd

from ..errors import require_present as _require

TOTAL = "合计"


def response_headline(rates: pd.DataFrame) -> str:
    """The finding of a :func:`response_rate` table with groups, as a chart title.

    Args:
        rates: the output of :func:`response_rate` with ``by`` (a 合计 row last).

    Returns:
        E.g. "重点客户的回收率（57.3%）高于一般客户（37.5%）".

    >>> r = pd.DataFrame({"发放数": [2, 2, 4], "回收数": [2, 1, 3], "回收率": [1.0, 0.5, 0.75]},
    ...                  index=["甲", "乙", "合计"])
    >>> response_headline(r)
    '甲的回收率（100.0%）高于乙（50.0%）'
    """
    groups = rates.drop(index=TOTAL, errors="ignore")["回收率"].sort_values(ascending=False, kind="stable")
    if len(groups) < 2:
        return f"问卷回收率 {rates['回收率'].iloc[-1]:.1%}"
    top, low = groups.index[0], groups.index[-1]
    if abs(groups.iloc[0] - groups.iloc[-1]) < 0.005:
        return f"各组回收率相近（{groups.iloc[-1]:.1%}–{groups.iloc[0]:.1%}）"
    return f"{top}的回收率（{groups.iloc[0]:.1%}）高于{low}（{groups.iloc[-1]:.1%}）"


def missing_headline(missing: pd.DataFrame) -> str:
    """The finding of a :func:`missing_by_item` table, as a chart title.

    Args:
        missing: the output of :func:`missing_by_item`.

    Returns:
        The item with most blanks and how far the others stay below it.

    >>> m = pd.DataFrame({"回收数": [4, 4], "缺失数": [2, 1], "缺失率": [0.5, 0.25]}, index=["甲", "乙"])
    >>> missing_headline(m)
    '“甲”一题缺失最多（4 份中 2 份，50.0%），其余各题不超过 25.0%'
    """
    ordered = missing.sort_values("缺失率", ascending=False, kind="stable")
    first = ordered.index[0]
    row = ordered.iloc[0]
    rest = ordered["缺失率"].iloc[1:]
    tail = f"，其余各题不超过 {rest.max():.1%}" if len(rest) else ""
    return f"“{first}”一题缺失最多（{int(row['回收数'])} 份中 {int(row['缺失数'])} 份，{row['缺失率']:.1%}）{tail}"


def box_headline(boxes: pd.DataFrame, low: float = 0.2, high: float | None = None) -> str:
    """The finding of a :func:`box_scores` table, as a chart title.

    By default it names the items many customers rate badly (bottom box at least ``low``);
    with ``high`` it names the items most customers rate well (top box at least ``high``).

    Args:
        boxes: the output of :func:`box_scores`.
        low: the bottom-box share from which an item is named (default 20%).
        high: the top-box share from which an item is named instead.

    Returns:
        A chart title naming the items (in the table's order) and the range of the others.

    >>> b = pd.DataFrame({"顶端框占比": [0.7, 0.3, 0.35], "底端框占比": [0.05, 0.25, 0.3]},
    ...                  index=["质量", "交期", "价格"])
    >>> box_headline(b)
    '交期、价格两项的底端框在 20% 以上（其余各项不超过 5%）'
    >>> box_headline(b, high=0.6)
    '质量一项的顶端框在 60% 以上（其余各项不超过 35%）'
    """
    column, cut, word = ("顶端框占比", high, "顶端框") if high is not None else ("底端框占比", low, "底端框")
    hit = boxes.index[boxes[column] >= cut - 1e-12]
    if len(hit) == 0:
        return f"各题的{word}都低于 {cut:.0%}（最高 {boxes[column].max():.0%}）"
    names = "、".join(str(i).removesuffix("满意度") for i in hit)
    count = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五"}.get(len(hit), str(len(hit)))
    others = boxes.drop(index=hit)[column]
    tail = f"（其余各项不超过 {others.max():.0%}）" if len(others) else ""
    return f"{names}{count}项的{word}在 {cut:.0%} 以上{tail}"


def _nps_variance(row: pd.Series) -> float:
    """Variance of one respondent's NPS contribution (+100 promoter, 0 passive, -100 detractor)."""
    p, d = float(row["推荐者占比"]), float(row["贬损者占比"])
    return 100.0 ** 2 * (p + d - (p - d) ** 2)


def nps_gap_sentence(table: pd.DataFrame, high: str, low: str, min_n: int = 30) -> str:
    """The NPS difference between two groups with its 95% interval (normal approximation).

    Each respondent counts +100 (promoter), 0 (passive) or -100 (detractor), so the NPS is
    their mean and its standard error follows from the three shares and the valid answers.

    Args:
        table: the output of :func:`nps_table` with the two groups as rows.
        high: the first group (e.g. 重点客户).
        low: the second group.
        min_n: groups with fewer valid answers are named as too small to compare.

    Returns:
        A Chinese sentence: both NPS with n, the difference and its interval, and what it means.

    >>> t = pd.DataFrame({"有效回答": [50, 60], "推荐者占比": [0.4, 0.3], "贬损者占比": [0.3, 0.3],
    ...                   "NPS": [10.0, 0.0]}, index=["甲", "乙"])
    >>> # sqrt(10000 * (0.7 - 0.01) / 50 + 10000 * 0.6 / 60) * 1.96 = 30.2
    >>> print(nps_gap_sentence(t, "甲", "乙").replace("；", "；\\n"))
    甲 NPS +10.0（50 个有效回答），乙 +0.0（60 个）；
    相差 +10.0 分，95% 区间 -20.2 至 +40.2 分：区间包含 0，两组的差别可能只是偶然。
    """
    a, b = table.loc[high], table.loc[low]
    n1, n0 = int(a["有效回答"]), int(b["有效回答"])
    diff = float(a["NPS"]) - float(b["NPS"])
    half = 1.96 * (_nps_variance(a) / n1 + _nps_variance(b) / n0) ** 0.5
    lo, hi = diff - half, diff + half
    text = (f"{high} NPS {float(a['NPS']):+.1f}（{n1} 个有效回答），{low} {float(b['NPS']):+.1f}（{n0} 个）；"
            f"相差 {diff:+.1f} 分，95% 区间 {lo:+.1f} 至 {hi:+.1f} 分：")
    small = [g for g, n in ((high, n1), (low, n0)) if n < min_n]
    if small:
        return text + f"{'、'.join(small)}不足 {min_n} 个有效回答，先不比较。"
    if lo > 0 or hi < 0:
        return text + "区间不包含 0，两组的差别不像是偶然。"
    return text + "区间包含 0，两组的差别可能只是偶然。"


def invitation_sentence(frame: pd.DataFrame, group: str, date: str) -> str:
    """Who was invited and when: the population of the questionnaire in one sentence.

    Args:
        frame: one row per invited customer.
        group: the group column (e.g. the CRM label).
        date: the invitation date column.

    Returns:
        A Chinese sentence with the period, the number invited and the number per group.

    >>> f = pd.DataFrame({"组": ["甲", "乙", "乙"], "日": ["2025-03-03", "2025-03-21", "2025-03-05"]})
    >>> invitation_sentence(f, "组", "日")
    '2025年03月03日至2025年03月21日共邀请 3 家客户：甲 1 家、乙 2 家。'
    """
    _require(frame, [group, date])
    days = pd.to_datetime(frame[date], errors="coerce")
    counts = frame[group].value_counts(sort=False)
    if isinstance(frame[group].dtype, pd.CategoricalDtype):
        counts = counts[counts > 0]
    else:  # in order of first appearance
        counts = counts.reindex(pd.unique(frame[group].dropna()))
    per = "、".join(f"{g} {int(n):,} 家" for g, n in counts.items())
    return f"{days.min():%Y年%m月%d日}至{days.max():%Y年%m月%d日}共邀请 {len(frame):,} 家客户：{per}。"


def nps_headline(table: pd.DataFrame, high: str, low: str, min_n: int = 30) -> str:
    """A chart title for :func:`nps_table`: the gap between two groups and whether it is beyond chance.

    Args:
        table: the output of :func:`nps_table`.
        high: the first group.
        low: the second group.
        min_n: fewer valid answers than this in a group: too few to compare.

    Returns:
        A short Chinese title (the interval is in :func:`nps_gap_sentence`).

    >>> t = pd.DataFrame({"有效回答": [50, 60], "推荐者占比": [0.4, 0.3], "贬损者占比": [0.3, 0.3],
    ...                   "NPS": [10.0, 0.0]}, index=["甲", "乙"])
    >>> nps_headline(t, "甲", "乙")
    '甲的 NPS 比乙高 10.0 分，差别在误差范围内'
    """
    sentence = nps_gap_sentence(table, high, low, min_n)
    diff = float(table.loc[high, "NPS"]) - float(table.loc[low, "NPS"])
    word = f"高 {diff:.1f}" if diff >= 0 else f"低 {-diff:.1f}"
    verdict = ("样本太少，先不比较" if "先不比较" in sentence else
               "差别在误差范围内" if "可能只是偶然" in sentence else "差别超出误差范围")
    return f"{high}的 NPS 比{low}{word} 分，{verdict}"
