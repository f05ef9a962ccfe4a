"""Service experience: the course's 3 / 4 / 5 lists and which touchpoints drive satisfaction.

The outline names "服务体验的 3 个特征、服务创新的 4 个方向、设计尖叫服务的 5 个步骤" but the
seeds do not spell them out; :func:`service_frameworks` gives **this course's framing**.

:func:`touchpoint_drivers` builds the importance × performance grid from data:

* 表现 (performance) = the mean rating of a touchpoint (1–5) over a 12-month window, all
  members; 接触次数 = the number of ratings in that window (how many people it touches);
* 重要性 (importance) = the Pearson correlation, across survey respondents, between a
  respondent's mean rating of the touchpoint in the ``window_days`` up to the survey date
  and their overall satisfaction (1–10). Asking people "is it important?" makes everything
  important; the correlation shows what moves the overall score. It is not proof of cause:
  demanding members may rate everything lower. Each correlation comes with its 95% interval
  (Fisher z: ``tanh(atanh r ± 1.96 / √(n − 3))``) -- with a couple of hundred raters it is
  about ±0.12 wide, so a touchpoint near the 0.30 line is not clearly on either side.
* 象限: 优先改进 (important, below the performance line), 保持优势 (important, above),
  可能投入过度 (less important, above), 次要改进 (less important, below). Lines at 3.5
  (between 一般 3 and 满意 4) and 0.30 (fixed, stated). Touchpoints rated by fewer than
  ``min_n`` respondents are flagged 样本少 and get no quadrant.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..data.transactions import _check_ids, _dates, _require
from ..errors import DataError, first_bad_row
from .experiments import numbered

QUADRANTS: tuple[str, ...] = ("优先改进", "保持优势", "可能投入过度", "次要改进")


def service_frameworks() -> dict[str, pd.DataFrame]:
    """The course's service lists: 3 features, 4 directions of innovation, 5 steps to a "尖叫" service.

    Returns:
        ``{"三个特征": …, "四个方向": …, "五个步骤": …}``, each a small table numbered from 1.

    >>> [len(t) for t in service_frameworks().values()]
    [3, 4, 5]
    """
    features = pd.DataFrame([
        ("无形", "顾客买之前看不到，只能凭感受和口碑判断", "把服务“看得见”：公开承诺、进度提醒、评价展示"),
        ("同步", "服务的提供和享受同时发生，员工就是“产品”的一部分", "一线员工的状态、技能和授权决定体验"),
        ("易变", "同一项服务，换一次、换一个人就可能不一样", "先把关键动作标准化，再留出个性化的空间"),
    ], columns=["特征", "含义", "对管理的启示"])
    directions = pd.DataFrame([
        ("内容", "提供新的服务项目", "上门安装、以旧换新、会员专属课程"),
        ("流程", "少等待、少环节、少跑腿", "一次办结的退换货、线上预约到店"),
        ("触点", "线上线下无缝衔接", "小程序下单、门店自提，售后在任一渠道都能办"),
        ("关系", "会员、社群和个性化关怀", "生日关怀、社群答疑、专属导购"),
    ], columns=["方向", "做什么", "例子"])
    steps = pd.DataFrame([
        ("① 找关键触点", "接触多、情绪强、对总体满意度影响大的环节（下面的重要性 × 表现图）"),
        ("② 听原话", "在低分评价和投诉里找顾客到底在抱怨什么"),
        ("③ 设计超预期的一招", "成本可控、顾客意想不到的一个动作"),
        ("④ 小范围试点并对照测量", "留一个不改的对照组，像 A/B 测试那样比较"),
        ("⑤ 标准化与推广", "写成操作标准，培训，定期复盘，再推广"),
    ], columns=["步骤", "做法"])
    return {"三个特征": numbered(features), "四个方向": numbered(directions), "五个步骤": numbered(steps)}


def _window(value: Any, what: str) -> np.datetime64:
    stamp = pd.Timestamp(value)
    if pd.isna(stamp):
        raise DataError(f"{what}不是日期：{value!r}", f"{what} is not a date: {value!r}")
    return np.datetime64(stamp.date(), "D")


def touchpoint_drivers(touches: pd.DataFrame, survey: pd.DataFrame, member_col: str = "member_id",
                       touchpoint_col: str = "touchpoint", score_col: str = "satisfaction",
                       date_col: str = "touch_date", overall_col: str = "overall_satisfaction",
                       survey_date_col: str = "survey_date", responded_col: str | None = "responded",
                       window_days: int = 365, perf_from: Any = None, perf_to: Any = None,
                       perf_line: float = 3.5, importance_line: float = 0.30, min_n: int = 30) -> pd.DataFrame:
    """Which touchpoints drive overall satisfaction, how well each performs, and how many it touches.

    Args:
        touches: one row per rated service contact (member, touchpoint, rating 1–5, date).
        survey: one row per invited member (member, survey date, responded, overall 1–10).
        member_col: member id column (both tables).
        touchpoint_col: touchpoint column.
        score_col: rating column (1–5).
        date_col: contact date column.
        overall_col: overall satisfaction column of the survey.
        survey_date_col: survey date column.
        responded_col: 1/0 responded column (``None``: every row with an overall score).
        window_days: ratings within this many days up to the survey date count for a respondent.
        perf_from: first day of the performance window (default: 12 months before ``perf_to``).
        perf_to: last day of the performance window (default: the end of the month of the last
            survey date, e.g. 2025-11-30; the window is then 2024-12-01..2025-11-30).
        perf_line: the performance boundary.
        importance_line: the importance boundary.
        min_n: touchpoints with fewer respondents are flagged 样本少.

    Returns:
        One row per touchpoint (numbered from 1): 触点, 接触次数, 平均评分, 重要性, 重要性下限,
        重要性上限 (95%), 评价会员数, 象限, 样本少.

    >>> touches = pd.DataFrame({"member_id": list("abcdefabcde"), "touchpoint": ["T1"] * 6 + ["T2"] * 5,
    ...                         "satisfaction": [2, 3, 3, 4, 5, 5, 5, 4, 5, 4, 5], "touch_date": ["2025-06-01"] * 11})
    >>> survey = pd.DataFrame({"member_id": list("abcdef"), "survey_date": ["2025-11-10"] * 6, "responded": [1] * 6,
    ...                        "overall_satisfaction": [3, 5, 6, 6, 8, 9]})
    >>> d = touchpoint_drivers(touches, survey, min_n=3)
    >>> d[["触点", "象限"]].values.tolist(), round(float(d.loc[1, "重要性"]), 4)
    ([['T1', '保持优势'], ['T2', '可能投入过度']], 0.9531)
    """
    _require(touches, [member_col, touchpoint_col, score_col, date_col])
    _require(survey, [member_col, survey_date_col, overall_col])
    _check_ids(touches[member_col], member_col)
    scores = pd.to_numeric(touches[score_col], errors="coerce")
    bad = ~scores.between(1, 5).to_numpy()
    if bad.any():
        raise DataError("评分应是 1 到 5 的数字", "ratings must be numbers from 1 to 5", column=score_col,
                        row=first_bad_row(bad))
    day = _dates(touches[date_col], date_col).astype("datetime64[D]")
    answered = survey
    if responded_col is not None and responded_col in survey:
        answered = survey[survey[responded_col] == 1]
    answered = answered.dropna(subset=[overall_col])
    survey_day = _dates(answered[survey_date_col], survey_date_col).astype("datetime64[D]")
    if len(answered) == 0:
        raise DataError("调查里没有已回复的会员", "no survey responses", column=overall_col)
    last = survey_day.max()
    if perf_to is None:
        perf_to_day = np.datetime64(pd.Timestamp(last).to_period("M").end_time.date(), "D")
    else:
        perf_to_day = _window(perf_to, "表现窗口结束日")
    if perf_from is None:
        perf_from_day = np.datetime64((pd.Timestamp(perf_to_day) - pd.DateOffset(years=1)).date(), "D") + 1
    else:
        perf_from_day = _window(perf_from, "表现窗口开始日")
    in_perf = (day >= perf_from_day) & (day <= perf_to_day)
    frame = pd.DataFrame({"m": touches[member_col].to_numpy(), "t": touches[touchpoint_col].astype(str).to_numpy(),
                          "s": scores.to_numpy(dtype=float), "d": day})
    perf = frame[in_perf].groupby("t")["s"].agg(["mean", "size"])
    when = pd.Series(survey_day, index=answered[member_col].to_numpy())
    when = when[~when.index.duplicated()]
    overall = pd.Series(answered[overall_col].astype(float).to_numpy(), index=answered[member_col].to_numpy())
    overall = overall[~overall.index.duplicated()]
    mine = frame[frame["m"].isin(when.index)].copy()
    mine["sd"] = when.reindex(mine["m"]).to_numpy()
    mine = mine[(mine["d"] <= mine["sd"]) & (mine["d"] > mine["sd"] - np.timedelta64(window_days, "D"))]
    per_member = mine.groupby(["t", "m"])["s"].mean()
    column = touches[touchpoint_col]
    categorical = isinstance(column.dtype, pd.CategoricalDtype)
    order = list(column.cat.categories) if categorical else sorted(frame["t"].unique())
    rows = []
    for t in [str(x) for x in order]:
        ratings = per_member.loc[t] if t in per_member.index.get_level_values(0) else pd.Series(dtype=float)
        n = len(ratings)
        r = float(np.corrcoef(ratings.to_numpy(), overall.reindex(ratings.index).to_numpy())[0, 1]) \
            if n >= 3 and ratings.std() > 0 else math.nan
        low, high = correlation_interval(r, n)
        mean = float(perf["mean"].get(t, math.nan))
        small = n < min_n
        quadrant = "—" if small or math.isnan(r) or math.isnan(mean) else (
            ("优先改进" if mean < perf_line else "保持优势") if r >= importance_line
            else ("可能投入过度" if mean >= perf_line else "次要改进"))
        rows.append({"触点": t, "接触次数": int(perf["size"].get(t, 0)), "平均评分": mean, "重要性": r,
                     "重要性下限": low, "重要性上限": high, "评价会员数": n, "象限": quadrant, "样本少": small})
    table = numbered(pd.DataFrame(rows))
    table.attrs.update({"perf_line": perf_line, "importance_line": importance_line,
                        "表现窗口": (str(perf_from_day), str(perf_to_day)), "调查回复人数": int(len(overall))})
    return table


def correlation_interval(r: float, n: int, conf: float = 0.95) -> tuple[float, float]:
    """The confidence interval of a Pearson correlation (Fisher z transformation).

    ``tanh(atanh(r) ± z_{conf} / √(n − 3))``; NaN when ``n < 4`` or ``r`` is NaN.

    Args:
        r: the correlation.
        n: the number of pairs.
        conf: confidence level.

    Returns:
        ``(low, high)``.

    >>> [round(v, 3) for v in correlation_interval(0.5, 28)]  # atanh 0.549 ± 1.96 / 5
    [0.156, 0.736]
    """
    from statistics import NormalDist

    if n < 4 or r != r or abs(r) >= 1:
        return (math.nan, math.nan) if n < 4 or r != r else (r, r)
    half = NormalDist().inv_cdf(0.5 + conf / 2) / math.sqrt(n - 3)
    z = math.atanh(r)
    return (math.tanh(z - half), math.tanh(z + half))


def drivers_sentence(drivers: pd.DataFrame, margin: float = 0.05) -> str:
    """The importance of the touchpoints to fix first, with their intervals, and which are close to the line.

    Args:
        drivers: output of :func:`touchpoint_drivers`.
        margin: an interval whose lower end is within this of the importance line is "close".

    Returns:
        One sentence.

    >>> d = pd.DataFrame({"触点": ["A", "B"], "象限": ["优先改进", "优先改进"], "平均评分": [2.9, 3.3],
    ...                   "重要性": [0.63, 0.43], "重要性下限": [0.53, 0.31], "重要性上限": [0.71, 0.54],
    ...                   "评价会员数": [167, 193]})
    >>> d.attrs.update({"importance_line": 0.30, "调查回复人数": 1150})
    >>> print(drivers_sentence(d).replace("。", "。\\n").strip())
    调查回复 1,150 人；评价会员数不足 30 的触点不放进象限。
    “优先改进”的触点，重要性（95% 区间）：A 0.63（0.53–0.71，n=167）、B 0.43（0.31–0.54，n=193）。
    B的区间下限离 0.30 的分界线很近：把它排在A之后，判断要留余地。
    """
    line = float(drivers.attrs.get("importance_line", 0.30))
    head = f"调查回复 {int(drivers.attrs.get('调查回复人数', 0)):,} 人；评价会员数不足 30 的触点不放进象限。"
    first = drivers[drivers["象限"] == "优先改进"].sort_values("平均评分")
    if first.empty:
        return head
    items = "、".join(f"{r['触点']} {r['重要性']:.2f}（{r['重要性下限']:.2f}–{r['重要性上限']:.2f}，"
                     f"n={int(r['评价会员数'])}）" for _, r in first.iterrows())
    text = head + f"“优先改进”的触点，重要性（95% 区间）：{items}。"
    close = first[first["重要性下限"] < line + margin]
    if len(close):
        sure = first[first["重要性下限"] >= line + margin]["触点"].tolist()
        after = f"：把它排在{'、'.join(sure)}之后，判断要留余地。" if sure else "：判断要留余地。"
        text += f"{'、'.join(close['触点'])}的区间下限离 {line:.2f} 的分界线很近" + after
    return text


def drivers_title(drivers: pd.DataFrame) -> str:
    """A title naming the touchpoint to fix first (priority quadrant, lowest rating).

    Args:
        drivers: output of :func:`touchpoint_drivers`.

    Returns:
        One sentence.

    >>> drivers_title(pd.DataFrame({"触点": ["A", "B"], "象限": ["优先改进", "保持优势"], "平均评分": [2.9, 4.1]}))
    'A评分低、又最影响总体满意度：先改它'
    """
    first = drivers[drivers["象限"] == "优先改进"].sort_values("平均评分")
    if first.empty:
        return "没有“重要又做得差”的触点：保持优势，检查可能投入过度的服务"
    names = first["触点"].tolist()
    if len(names) == 1:
        return f"{names[0]}评分低、又最影响总体满意度：先改它"
    return f"{names[0]}评分最低、又最影响总体满意度：先改它，其次是{'、'.join(names[1:])}"
