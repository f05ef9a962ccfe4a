"""Selecting managers from the sales team (干部选拔) with a transparent, weighted score.

How the ranking moves with the weights is in :mod:`helpers.analysis.talent_weights`.

The outline's three sources of managers become measurable criteria (the course's framing):

* **一线业绩** (front-line results): average quota attainment over full years, yearly growth;
* **关键战役** (key battles): large deals won, new customers opened;
* **经历与岁月** (experience over time): tenure, breadth (functions + regions served);
* **客户声音** (the customer's voice): the customers' rating of the rep.

:func:`manager_candidates` builds one row per eligible rep, :func:`manager_scores` turns each
criterion into 0-100 points (percentile among candidates, missing = 50: the same rule as the
key-account score of lecture 2) and weights them, :func:`weight_sensitivity` shows how the
ranking moves when the weights move, and :func:`score_blind_spots` says what no score sees.

The customers' rating pools the ratings of all years in the window (weighted by the number of
ratings): one year gives most reps fewer than 10 ratings, and a missing value scored 50 (the
middle) would reward having few ratings over having modest ones.

The criteria table's 指标 names the column of :func:`manager_candidates` it scores (an older
table with a separate 列名 column still works).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..data.columns import require_columns
from ..errors import DataError, first_bad_row, require_present

#: The dimensions, in display order (the same colours in every chart of lecture 6).
DIMENSIONS: tuple[str, ...] = ("一线业绩", "关键战役", "经历与岁月", "客户声音")
#: Levels eligible by default, and the fewest ratings (over the pooled years) that make a rating count.
LEVELS: tuple[str, ...] = ("销售代表", "高级销售")
MIN_FEEDBACK = 10
#: The column with the number of ratings behind 客户评价 (summed over the pooled years).
RATINGS = "评分人次"

_REP_SPEC = {"rep_id": {"type": "id", "unique": True}, "rep_name": {"type": "text", "aliases": ("姓名",)},
             "region": "text", "hire_date": "date", "level": {"type": "text", "aliases": ("职级", "岗位级别")},
             "functions_served": {"type": "integer", "required": False, "allow_null": True, "min": 0},
             "regions_served": {"type": "integer", "required": False, "allow_null": True, "min": 0},
             "career_path": {"type": "text", "required": False, "allow_null": True}}
_PERF_SPEC = {"rep_id": "id", "year": {"type": "integer", "min": 1990, "max": 2100},
              "full_year": {"type": "integer", "required": False, "allow_null": True, "min": 0, "max": 1},
              "quota_wan": {"type": "number", "min": 0},
              "sales_wan": {"type": "number", "min": 0, "aliases": ("销售额",)},
              "new_customers": {"type": "integer", "required": False, "allow_null": True, "min": 0},
              "key_deals_won": {"type": "integer", "required": False, "allow_null": True, "min": 0},
              "feedback_score": {"type": "number", "required": False, "allow_null": True, "min": 1, "max": 5},
              "feedback_n": {"type": "integer", "required": False, "allow_null": True, "min": 0}}


def manager_criteria() -> pd.DataFrame:
    """The default selection criteria and weights (edit the table to change the policy).

    Returns:
        One row per criterion (index 序号 from 1): 维度, 指标 (also the column of
        :func:`manager_candidates` it scores), 权重 (sums to 1), 越大越好, 口径 (how it is measured).

    >>> c = manager_criteria()
    >>> c.groupby("维度", sort=False)["权重"].sum().round(2).to_dict()
    {'一线业绩': 0.35, '关键战役': 0.3, '经历与岁月': 0.2, '客户声音': 0.15}
    """
    rows = [
        ("一线业绩", "平均完成率", 0.20, "近三年中整年在职的年份：销售额 ÷ 指标，取平均"),
        ("一线业绩", "年均增长", 0.15, "第一个整年到最后一年销售额的年均增长率（至少两个整年，否则缺失）"),
        ("关键战役", "关键赢单数", 0.20, "近两年签约、预计金额 ≥ 20 万元的赢单数"),
        ("关键战役", "新客户数", 0.10, "近三年首次下单、由他负责的客户数"),
        ("经历与岁月", "司龄（年）", 0.10, "截至评估日的在职年数"),
        ("经历与岁月", "经历广度", 0.10, "从事过的职能数 + 工作过的大区数"),
        ("客户声音", "客户评价", 0.15,
         f"近三年客户评分（1–5）的均值，按评分人次加权；三年合计不足 {MIN_FEEDBACK} 人次视为缺失"),
    ]
    frame = pd.DataFrame(rows, columns=["维度", "指标", "权重", "口径"])
    frame.insert(3, "越大越好", True)
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="序号")
    frame.attrs["percent"] = ["权重"]
    return frame


def _as_of(as_of: Any) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(as_of)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if stamp is pd.NaT:
        raise DataError(f"评估日期看不懂：{as_of!r}", f"cannot read the date {as_of!r}",
                        fix_zh="请写成 2025-12-31 这样的日期", fix_en="write it like 2025-12-31")
    return stamp.normalize()


def _check_performance(perf: pd.DataFrame, reps: pd.DataFrame) -> None:
    unknown = ~perf["rep_id"].isin(reps["rep_id"])
    if unknown.any():
        row = first_bad_row(unknown)
        raise DataError(f"业绩表第 {row} 行的销售编号 {perf['rep_id'][unknown].iloc[0]} 不在销售人员表中",
                        f"row {row} of the performance table: rep {perf['rep_id'][unknown].iloc[0]} "
                        "is not in the sales-rep table",
                        fix_zh="请检查编号是否录错，或在销售人员表中补上这个人", fix_en="check the id", row=row)
    twice = perf.duplicated(["rep_id", "year"])
    if twice.any():
        row = first_bad_row(twice)
        raise DataError(f"业绩表第 {row} 行重复：同一个销售同一年出现了两次",
                        f"row {row} of the performance table repeats a rep and year",
                        fix_zh="每位销售每年只能有一行：请删除重复的行", fix_en="keep one row per rep and year",
                        row=row)


def manager_candidates(sales_reps: pd.DataFrame, rep_performance: pd.DataFrame, as_of: Any = "2025-12-31",
                       levels: tuple[str, ...] = LEVELS, min_tenure_years: float = 2.0,
                       key_deal_years: int = 2, window_years: int = 3,
                       feedback_years: int | None = None) -> pd.DataFrame:
    """One row per candidate for manager with the raw values of every criterion.

    Candidates: reps whose level is in ``levels`` and who joined at least ``min_tenure_years``
    before ``as_of``. The others are listed in ``attrs["未入选"]`` with the reason.

    Args:
        sales_reps: one row per rep (rep_id, rep_name, region, hire_date, level; optional
            functions_served, regions_served, career_path). Chinese headers such as 销售编号,
            姓名, 入职日期, 职级 are accepted.
        rep_performance: one row per rep and year (rep_id, year, quota_wan, sales_wan; optional
            full_year, new_customers, key_deals_won, feedback_score, feedback_n), e.g. 年份, 指标, 销售额.
        as_of: the day of the assessment; its year is the last year used.
        levels: the eligible levels.
        min_tenure_years: the shortest tenure for a candidate.
        key_deal_years: key deals are counted over this many last years.
        window_years: attainment, growth and new customers use this many last years.
        feedback_years: the ratings of this many last years are pooled (default ``window_years``;
            1 = the last year only): 客户评价 = Σ score x ratings ÷ Σ ratings, missing when
            fewer than ``MIN_FEEDBACK`` ratings.

    Returns:
        Index 销售编号; columns 姓名, 大区, 职级, 入职日期, 平均完成率, 年均增长, 关键赢单数,
        新客户数, 司龄（年）, 经历广度, 客户评价, 评分人次, 整年数, <year>年销售额（万元）,
        职业经历. ``attrs``: 未入选 (a table), 年份 (first and last year), 评价年份, 销售额列.

    Raises:
        DataError: a missing column, a bad value (naming the row), a performance row whose
            rep is unknown, or a rep and year given twice.

    >>> reps = pd.DataFrame({"rep_id": ["A", "C"], "rep_name": ["甲", "丙"], "region": ["华东"] * 2,
    ...     "hire_date": ["2018-03-01", "2015-01-01"], "level": ["高级销售", "销售经理"]})
    >>> perf = pd.DataFrame({"rep_id": ["A"] * 3, "year": [2023, 2024, 2025], "quota_wan": [100] * 3,
    ...     "sales_wan": [110, 100, 121]})
    >>> c = manager_candidates(reps, perf)
    >>> c.loc["A", ["平均完成率", "年均增长"]].astype(float).round(4).tolist(), c.attrs["未入选"]["原因"].tolist()
    ([1.1033, 0.0488], ['职级为销售经理'])
    """
    feedback_years = window_years if feedback_years is None else feedback_years
    reps = require_columns(sales_reps, _REP_SPEC).reset_index(drop=True)
    perf = require_columns(rep_performance, _PERF_SPEC).reset_index(drop=True)
    _check_performance(perf, reps)
    end = _as_of(as_of)
    last = end.year
    first = last - window_years + 1
    perf = perf[(perf["year"] >= first) & (perf["year"] <= last)].copy()
    hire = reps.set_index("rep_id")["hire_date"]
    derived = (hire.reindex(perf["rep_id"]).to_numpy() <= pd.to_datetime(perf["year"].astype(str) + "-01-01")
               .to_numpy())
    full = perf["full_year"].astype("float").to_numpy() if "full_year" in perf else np.full(len(perf), np.nan)
    perf["整年"] = np.where(np.isnan(full), derived, full == 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        perf["完成率"] = np.where(perf["quota_wan"] > 0, perf["sales_wan"] / perf["quota_wan"], np.nan)

    cutoff = end - pd.DateOffset(months=round(min_tenure_years * 12))
    eligible = reps["level"].isin(levels) & (reps["hire_date"] <= cutoff)
    excluded = reps[~eligible]
    tenure = (end - reps["hire_date"]).dt.days / 365.25
    reasons = np.where(~reps["level"].isin(levels), "职级为" + reps["level"].astype(str),
                       "司龄 " + tenure.round(1).astype(str) + f" 年，不足 {min_tenure_years:g} 年")
    skipped = pd.DataFrame({"销售编号": excluded["rep_id"], "姓名": excluded["rep_name"], "职级": excluded["level"],
                            "入职日期": excluded["hire_date"], "原因": reasons[~eligible.to_numpy()]})

    sales_col = f"{last}年销售额（万元）"
    rows = []
    for _, rep in reps[eligible].iterrows():
        mine = perf[perf["rep_id"] == rep["rep_id"]].sort_values("year")
        whole = mine[mine["整年"].astype(bool)]
        growth = math.nan
        if len(whole) >= 2 and whole["year"].iloc[-1] == last and whole["sales_wan"].iloc[0] > 0:
            span = last - int(whole["year"].iloc[0])
            growth = (whole["sales_wan"].iloc[-1] / whole["sales_wan"].iloc[0]) ** (1 / span) - 1
        this = mine[mine["year"] == last]
        deals = mine.loc[mine["year"] > last - key_deal_years, "key_deals_won"] if "key_deals_won" in mine else None
        n_fb, score = _pooled_rating(mine[mine["year"] > last - feedback_years])
        enough = not pd.isna(n_fb) and int(n_fb) >= MIN_FEEDBACK and not pd.isna(score)
        breadth = math.nan
        if "functions_served" in rep and "regions_served" in rep and not (
                pd.isna(rep["functions_served"]) or pd.isna(rep["regions_served"])):
            breadth = float(rep["functions_served"] + rep["regions_served"])
        rows.append({
            "销售编号": rep["rep_id"], "姓名": rep["rep_name"], "大区": rep["region"], "职级": rep["level"],
            "入职日期": rep["hire_date"],
            "平均完成率": whole["完成率"].mean() if len(whole) else math.nan,
            "年均增长": growth,
            "关键赢单数": float(deals.fillna(0).sum()) if deals is not None else math.nan,
            "新客户数": float(mine["new_customers"].fillna(0).sum()) if "new_customers" in mine else math.nan,
            "司龄（年）": (end - rep["hire_date"]).days / 365.25,
            "经历广度": breadth,
            "客户评价": float(score) if enough else math.nan,
            RATINGS: n_fb,
            "整年数": len(whole),
            sales_col: float(this["sales_wan"].iloc[0]) if len(this) else math.nan,
            "职业经历": rep.get("career_path", "") if not pd.isna(rep.get("career_path", "")) else "",
        })
    out = pd.DataFrame(rows).set_index("销售编号") if rows else pd.DataFrame(columns=["姓名"])
    if rows:
        out[RATINGS] = out[RATINGS].astype("Int64")
    out.attrs.update({"未入选": skipped.reset_index(drop=True), "年份": (first, last), "销售额列": sales_col,
                      "评价年份": (last - feedback_years + 1, last), "percent": ["平均完成率", "年均增长"]})
    return out


def _pooled_rating(rows: pd.DataFrame) -> tuple[Any, float]:
    """(number of ratings, their mean) over the given years: Σ score x n ÷ Σ n (years without a score skipped)."""
    if "feedback_score" not in rows or not len(rows):
        return pd.NA, math.nan
    score = pd.to_numeric(rows["feedback_score"], errors="coerce").astype(float)
    if "feedback_n" not in rows:
        return pd.NA, float(score.mean()) if score.notna().any() else math.nan
    n = pd.to_numeric(rows["feedback_n"], errors="coerce").astype(float).fillna(0)
    rated = score.notna() & (n > 0)
    total = float(n[rated].sum())
    return int(total), float((score[rated] * n[rated]).sum() / total) if total > 0 else math.nan


def criterion_points(values: pd.Series, larger_better: bool = True) -> pd.Series:
    """A criterion as 0-100 points: percentile of the rank among those with a value.

    The rule of lecture 2's key-account score: (average rank - 1) / (n - 1) x 100, the best
    100 and the worst 0, ties share the average rank; a missing value gets 50 (neutral); a
    single value gets 100.

    Args:
        values: one value per candidate (NaN = missing).
        larger_better: whether a larger value is better.

    Returns:
        The points, same index.

    >>> criterion_points(pd.Series([3, 2, 2, None])).tolist()
    [100.0, 25.0, 25.0, 50.0]
    """
    values = pd.to_numeric(values, errors="coerce").astype(float)
    if not larger_better:
        values = -values
    n = int(values.notna().sum())
    points = (values.rank(method="average") - 1) / max(n - 1, 1) * 100
    if n == 1:
        points[values.notna()] = 100.0
    return points.fillna(50.0)


def _criteria(criteria: pd.DataFrame | None) -> pd.DataFrame:
    """The criteria with weights normalised to 1 and a 列名 column (= 指标 unless an older table gives one)."""
    criteria = manager_criteria() if criteria is None else criteria.reset_index(drop=True)
    require_present(criteria, ["维度", "指标", "权重", "越大越好"], "评分标准表", "the criteria table")
    if "列名" not in criteria:
        criteria = criteria.assign(列名=criteria["指标"])
    weights = pd.to_numeric(criteria["权重"], errors="coerce")
    bad = weights.isna() | (weights < 0)
    if bad.any() or weights.sum() <= 0:
        row = first_bad_row(bad) if bad.any() else None
        raise DataError("权重必须是非负数，且合计大于 0", "weights must be non-negative with a positive sum",
                        fix_zh="请检查评分标准表的“权重”列", fix_en="check the weights", column="权重", row=row)
    out = criteria.copy()
    out["权重"] = weights / weights.sum()
    return out


def round_scores(values: np.ndarray) -> np.ndarray:
    """Scores rounded to 0.1 (first to 1e-6, so float noise never decides a rounding).

    Args:
        values: the scores.

    Returns:
        The rounded scores.

    >>> same = np.array([0.1 * 3 * 100 + 0.05, 30.0 + 0.05])   # one score, two float spellings
    >>> np.round(same, 1).tolist(), round_scores(same).tolist()
    ([30.1, 30.0], [30.0, 30.0])
    """
    return np.round(np.round(values, 6), 1)


def rank_scores(scores: np.ndarray) -> np.ndarray:
    """Rank 1 = best per column, equal scores share the better rank ("min" method).

    Args:
        scores: one score per candidate (rows), optionally one column per weight set.

    Returns:
        The ranks, same shape.

    >>> rank_scores(np.array([50.0, 70.0, 50.0])).tolist()
    [2, 1, 2]
    """
    return (scores[None, :, ...] > scores[:, None, ...]).sum(axis=1) + 1


def _points_table(candidates: pd.DataFrame, criteria: pd.DataFrame) -> pd.DataFrame:
    require_present(candidates, list(criteria["列名"]), "候选人表", "the candidates table")
    return pd.DataFrame({row["指标"]: criterion_points(candidates[row["列名"]], bool(row["越大越好"]))
                         for _, row in criteria.iterrows()}, index=candidates.index)


def _missing_note(candidates: pd.DataFrame, criteria: pd.DataFrame) -> list[str]:
    notes = []
    for _, row in candidates.iterrows():
        parts = []
        for _, c in criteria.iterrows():
            if pd.isna(row[c["列名"]]):
                if c["列名"] == "客户评价" and RATINGS in row and not pd.isna(row[RATINGS]):
                    parts.append(f"客户评价（评分 {int(row[RATINGS])} 人次）")
                elif c["列名"] == "年均增长" and "整年数" in row:
                    parts.append(f"年均增长（整年 {int(row['整年数'])} 年）")
                else:
                    parts.append(f"{c['指标']}（无数据）")
        notes.append("、".join(parts))
    return notes


def manager_scores(candidates: pd.DataFrame, criteria: pd.DataFrame | None = None) -> pd.DataFrame:
    """Score and rank candidates: points per criterion, weighted into one score.

    综合得分 = Σ weight x points (weights normalised to 1), rounded to 0.1. Ranks use the
    rounded score (equal shown scores share a rank); ties are listed by 销售编号.

    Args:
        candidates: from :func:`manager_candidates` (or any table with the criteria's columns).
        criteria: from :func:`manager_criteria` (default), possibly with other weights.

    Returns:
        Index 销售编号, best first: 排名, 姓名, 大区, 职级 (those present), 得分_<指标> per
        criterion, 维度得分_<维度> (weighted points of the dimension), 综合得分, 缺失项 and
        the reference sales column (not scored).

    >>> cand = pd.DataFrame({"平均完成率": [1.10, 0.98], "年均增长": [0.05, 0.41], "关键赢单数": [2, 5],
    ...     "新客户数": [3, 7], "司龄（年）": [7.8, 3.5], "经历广度": [3, 2], "客户评价": [4.5, None]},
    ...     index=pd.Index(["A", "B"], name="销售编号"))
    >>> manager_scores(cand)[["排名", "综合得分"]].values.tolist()
    [[1.0, 55.0], [2.0, 52.5]]
    """
    crit = _criteria(criteria)
    points = _points_table(candidates, crit)
    out = pd.DataFrame(index=candidates.index)
    for col in ("姓名", "大区", "职级"):
        if col in candidates:
            out[col] = candidates[col]
    for _, c in crit.iterrows():
        out[f"得分_{c['指标']}"] = points[c["指标"]].round(1)
    total = np.zeros(len(candidates))
    for dim in dict.fromkeys(crit["维度"]):
        part = crit[crit["维度"] == dim]
        value = sum(w * points[name].to_numpy() for name, w in zip(part["指标"], part["权重"]))
        out[f"维度得分_{dim}"] = round_scores(np.asarray(value, float))
        total = total + value
    out["综合得分"] = round_scores(total)
    out["缺失项"] = _missing_note(candidates, crit)
    sales_col = candidates.attrs.get("销售额列")
    if sales_col and sales_col in candidates:
        out[sales_col] = candidates[sales_col]
    out.insert(0, "排名", rank_scores(out["综合得分"].to_numpy()).astype(int))
    order = sorted(range(len(out)), key=lambda i: (out["排名"].iloc[i], str(out.index[i])))
    out = out.iloc[order]
    out.attrs.update({"维度": list(dict.fromkeys(crit["维度"])), "销售额列": sales_col})
    return out


def scores_title(scores: pd.DataFrame) -> str:
    """The chart title for :func:`manager_scores`: who is first, and where the top seller ranks.

    Args:
        scores: from :func:`manager_scores` (with 姓名 and the sales column).

    Returns:
        One sentence.

    >>> s = pd.DataFrame({"排名": [1, 2, 3], "姓名": ["甲", "乙", "丙"], "综合得分": [74.2, 72.9, 70.0],
    ...                   "2025年销售额（万元）": [500, 900, 400]})
    >>> s.attrs["销售额列"] = "2025年销售额（万元）"
    >>> scores_title(s)
    '前三名 甲、乙、丙 相差不到 5 分（4.2 分）；2025 年销售额最高的 乙 排第 2'
    """
    col = scores.attrs.get("销售额列")
    first = scores["姓名"].iloc[0]
    head = f"综合得分第一是 {first}"
    if len(scores) >= 3 and "综合得分" in scores:
        top = scores.head(3)
        gap = float(top["综合得分"].iloc[0] - top["综合得分"].iloc[2])
        names = "、".join(map(str, top["姓名"]))
        head = (f"前三名 {names} 相差不到 5 分（{gap:.1f} 分）" if gap < 5
                else f"前三名 {names}，第一比第三高 {gap:.1f} 分")
    if not col or col not in scores or scores[col].isna().all():
        return head
    best = scores[col].astype(float).idxmax()
    year = col.split("年")[0]
    if scores.loc[best, "姓名"] == first:
        return f"{head}；{first} 的 {year} 年销售额也是第一"
    seller, rank = scores.loc[best, "姓名"], int(scores.loc[best, "排名"])
    return f"{head}；{year} 年销售额最高的 {seller} 排第 {rank}"


def score_blind_spots() -> pd.DataFrame:
    """What a selection score cannot see, why it matters and what fills the gap (course framing).

    Returns:
        Index 分数看不见的; columns 为什么重要, 用什么补.

    >>> len(score_blind_spots())
    6
    """
    return pd.DataFrame([
        ("带团队、培养人的能力", "干部的工作是让别人出业绩", "让他带一个新人 3 个月，看新人的进步；360 度评价"),
        ("价值观与诚信", "业绩好但做法有问题，会带坏一个团队", "合规记录、同事与客户访谈"),
        ("区域和客户盘子的难度", "接手大客户的人数字天然好看；开荒区域天然难", "按区域潜力调整，看增量而不只看总量"),
        ("运气和小样本", "两年里的关键赢单只有几单，一单之差就改变名次", "看多年趋势，看丢单复盘，不只看结果"),
        ("意愿", "不是每个优秀销售都想当管理者", "直接问；给专家路线（高级销售 → 资深专家）"),
        ("评分公开后的“应试”", "人会朝被打分的方向用力（只冲大单、不管回款）", "定期调整指标，加入回款和客户评价"),
    ], columns=["分数看不见的", "为什么重要", "用什么补"]).set_index("分数看不见的")


#: How each criterion's raw value is written on the candidate card.
UNITS: dict[str, str] = {"平均完成率": "%", "年均增长": "%", "关键赢单数": "单", "新客户数": "家", "司龄（年）": "年",
                         "经历广度": "项", "客户评价": "分"}


def _with_unit(column: str, value: float) -> str:
    unit = UNITS.get(column, "")
    if pd.isna(value):
        return "—"
    if unit == "%":
        return f"{value:.1%}"
    return f"{value:g} {unit}".strip() if float(value).is_integer() else f"{value:.1f} {unit}".strip()


def score_summary(scores: pd.DataFrame, top: int | None = 10) -> pd.DataFrame:
    """The scores as a trainee reads them: rank, who, the four dimension scores, total, what is missing.

    Args:
        scores: from :func:`manager_scores`.
        top: the first rows kept (``None``: all).

    Returns:
        Index 销售编号: 排名, 姓名, 大区, one column per dimension (its weighted points), 综合得分,
        缺失项 and the reference sales column.

    >>> s = pd.DataFrame({"排名": [1], "姓名": ["甲"], "得分_X": [100.0], "维度得分_一线业绩": [35.0],
    ...                   "综合得分": [35.0], "缺失项": [""]})
    >>> list(score_summary(s).columns)
    ['排名', '姓名', '一线业绩', '综合得分', '缺失项']
    """
    keep = [c for c in scores.columns if not str(c).startswith("得分_") and c != "职级"]
    out = scores[keep].rename(columns=lambda c: str(c).replace("维度得分_", ""))
    out.attrs = dict(scores.attrs)
    return out if top is None else out.head(top)


def candidate_card(candidates: pd.DataFrame, scores: pd.DataFrame, rep_id: str,
                   criteria: pd.DataFrame | None = None) -> pd.DataFrame:
    """One candidate's profile: each criterion's value, points and place among the candidates.

    Places use the "min" rule: equal values share the better place and say so ("并列第 2 / 16，
    10 人同值"). A place among fewer candidates than all (others have no value) is flagged.

    Args:
        candidates: from :func:`manager_candidates`.
        scores: from :func:`manager_scores`.
        rep_id: the candidate's 销售编号.
        criteria: the criteria used (default :func:`manager_criteria`).

    Returns:
        Index 指标 (one row per criterion): 维度, 数值 (text with its unit), 得分, 名次
        ("第 2 / 16" or "并列第 2 / 16"), 说明 (同值人数, 缺失 = 50 分, 只在有数据的人中排名, 样本少).
        ``attrs``: 姓名, 综合排名, 候选人数, 职业经历.

    >>> cand = pd.DataFrame({"姓名": ["甲", "乙", "丙"], "平均完成率": [1.1, 0.9, 1.0], "年均增长": [0.1, None, 0.2],
    ...     "关键赢单数": [1, 5, 5], "新客户数": [1, 4, 2], "司龄（年）": [9, 3, 4], "经历广度": [4, 2, 3],
    ...     "客户评价": [4.6, 4.0, 4.1]}, index=pd.Index(["A", "B", "C"], name="销售编号"))
    >>> card = candidate_card(cand, manager_scores(cand), "B")
    >>> card.loc["年均增长", ["名次", "说明"]].tolist(), card.loc["关键赢单数", ["名次", "说明"]].tolist()
    (['—', '缺失，记 50 分'], ['并列第 1 / 3', '2 人同值'])
    >>> candidate_card(cand, manager_scores(cand), "A").loc["年均增长", "说明"]
    '只在有数据的 2 人中排名'
    """
    crit = _criteria(criteria)
    if rep_id not in candidates.index:
        raise DataError(f"候选人中没有 {rep_id}", f"{rep_id} is not among the candidates",
                        fix_zh="可选：" + "、".join(map(str, candidates.index)), fix_en="choose one of the index")
    rows = []
    for _, c in crit.iterrows():
        values = pd.to_numeric(candidates[c["列名"]], errors="coerce")
        value = values.loc[rep_id]
        place, notes = "—", []
        if pd.isna(value):
            notes.append("缺失，记 50 分")
        else:
            better = values > value if c["越大越好"] else values < value
            same, known = int((values == value).sum()), int(values.notna().sum())
            place = f"{'并列' if same > 1 else ''}第 {int(better.sum()) + 1} / {known}"
            if same > 1:
                notes.append(f"{same} 人同值")
            if known < len(values):
                notes.append(f"只在有数据的 {known} 人中排名")
            if c["列名"] == "关键赢单数" and value <= 2:
                notes.append("单数少：一单之差就改变名次")
        rows.append({"维度": c["维度"], "指标": c["指标"], "数值": _with_unit(c["列名"], value),
                     "得分": scores.loc[rep_id, f"得分_{c['指标']}"], "名次": place, "说明": "；".join(notes)})
    out = pd.DataFrame(rows).set_index("指标")
    out.attrs.update({"姓名": candidates.loc[rep_id].get("姓名", rep_id),
                      "综合排名": int(scores.loc[rep_id, "排名"]), "候选人数": len(candidates),
                      "职业经历": candidates.loc[rep_id].get("职业经历", "")})
    return out


def card_sentence(card: pd.DataFrame) -> str:
    """The line above a candidate card: who, overall place, career path.

    Args:
        card: from :func:`candidate_card`.

    Returns:
        One sentence.

    >>> c = pd.DataFrame()
    >>> c.attrs.update({"姓名": "甲", "综合排名": 1, "候选人数": 16, "职业经历": "华中销售代表 → 西南高级销售"})
    >>> card_sentence(c)
    '甲：综合得分第 1 名（共 16 位候选人）。职业经历：华中销售代表 → 西南高级销售。'
    """
    a = card.attrs
    out = f"{a.get('姓名', '')}：综合得分第 {a.get('综合排名', '—')} 名（共 {a.get('候选人数', '—')} 位候选人）。"
    return out + (f"职业经历：{a['职业经历']}。" if a.get("职业经历") else "")


def candidates_sentence(candidates: pd.DataFrame) -> str:
    """Who the candidates are, out of whom, and over which years (the population of every score).

    Args:
        candidates: from :func:`manager_candidates`.

    Returns:
        One or two sentences; with ratings, how many each candidate has over the pooled years.

    >>> c = pd.DataFrame({"姓名": ["甲", "乙"], "客户评价": [4.1, None], "评分人次": [13, 7]})
    >>> c.attrs.update({"年份": (2023, 2025), "评价年份": (2023, 2025), "未入选": pd.DataFrame(
    ...     {"原因": ["职级为销售经理", "司龄 1.7 年，不足 2 年"]})})
    >>> print(candidates_sentence(c))
    候选人：2 位销售代表和高级销售（全部 4 人中，销售经理 1 人、入职不满 2 年 1 人不参评）；业绩看 2023–2025 年。
    客户评价合并 2023–2025 年的评分：每人 7–13 人次；不足 10 人次、按缺失记 50 分的有 1 人。
    """
    skipped = candidates.attrs.get("未入选", pd.DataFrame(columns=["原因"]))
    managers = int(skipped["原因"].astype(str).str.startswith("职级").sum())
    young = len(skipped) - managers
    first, last = candidates.attrs.get("年份", ("?", "?"))
    parts = [f"销售经理 {managers} 人"] * bool(managers) + [f"入职不满 2 年 {young} 人"] * bool(young)
    out = f"候选人：{len(candidates)} 位销售代表和高级销售（全部 {len(candidates) + len(skipped)} 人中，"
    out += "、".join(parts) + f"不参评）；业绩看 {first}–{last} 年。"
    if "客户评价" in candidates and RATINGS in candidates and len(candidates):
        few = int(candidates["客户评价"].isna().sum())
        n = candidates[RATINGS].astype("Float64")
        a, b = candidates.attrs.get("评价年份", (first, last))
        years = f"{a}–{b} 年" if a != b else f"{b} 年"
        out += (f"\n客户评价{'合并 ' if a != b else '只看 '}{years}的评分：每人 {int(n.min())}–{int(n.max())} 人次；"
                + (f"不足 {MIN_FEEDBACK} 人次、按缺失记 50 分的有 {few} 人。" if few
                   else f"人人都有至少 {MIN_FEEDBACK} 人次，没有人按缺失记分。"))
    return out
