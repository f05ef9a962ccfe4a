"""How the manager ranking moves with the weights (lecture 6): presets, every weight set, titles.

The points per dimension are computed once (:func:`dimension_points`); every set of dimension
weights is then one matrix product, ranked like :func:`helpers.analysis.talent.manager_scores`
(scores rounded to 0.1, equal scores share a rank).

Only the four dimension weights move here. The other choices behind a score -- the split of a
dimension's weight between its criteria, the rule for a missing value, the minimum number of
ratings, the years pooled -- stay fixed; :func:`rating_rule_comparison` shows one of them (the
ratings rule) side by side.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from ..errors import DataError
from .talent import (
    DIMENSIONS,
    MIN_FEEDBACK,
    _criteria,
    _points_table,
    manager_candidates,
    manager_scores,
    rank_scores,
    round_scores,
)


def weight_presets() -> pd.DataFrame:
    """Four sets of dimension weights to compare (the course's presets).

    Returns:
        Index 方案; one column per dimension (fractions summing to 1).

    >>> weight_presets().sum(axis=1).round(6).tolist()
    [1.0, 1.0, 1.0, 1.0]
    """
    return pd.DataFrame([(0.35, 0.30, 0.20, 0.15), (0.55, 0.20, 0.10, 0.15), (0.20, 0.55, 0.10, 0.15),
                         (0.20, 0.15, 0.50, 0.15)], columns=list(DIMENSIONS),
                        index=pd.Index(["均衡（默认）", "一线业绩优先", "关键战役优先", "经历优先"], name="方案"))


def reweight(criteria: pd.DataFrame | None, dimension_weights: dict[str, float]) -> pd.DataFrame:
    """Criteria with new dimension weights; criteria inside a dimension keep their proportions.

    Args:
        criteria: the criteria (default :func:`manager_criteria`).
        dimension_weights: dimension -> weight (normalised to 1 here).

    Returns:
        A copy of the criteria with new 权重.

    >>> reweight(None, {"一线业绩": 1, "关键战役": 1, "经历与岁月": 1, "客户声音": 1})["权重"].round(4).tolist()[:2]
    [0.1429, 0.1071]
    """
    crit = _criteria(criteria)
    total = sum(float(dimension_weights.get(d, 0)) for d in dict.fromkeys(crit["维度"]))
    if total <= 0:
        raise DataError("维度权重合计必须大于 0", "dimension weights must have a positive sum",
                        fix_zh="至少给一个维度正的权重", fix_en="give at least one dimension a positive weight")
    share = crit["权重"] / crit.groupby("维度")["权重"].transform("sum")
    crit["权重"] = share * crit["维度"].map(lambda d: float(dimension_weights.get(d, 0)) / total)
    return crit


def weight_presets_table(candidates: pd.DataFrame, criteria: pd.DataFrame | None = None) -> pd.DataFrame:
    """The top three under each preset of :func:`weight_presets`.

    Args:
        candidates: from :func:`manager_candidates`.
        criteria: the criteria whose proportions inside each dimension are kept.

    Returns:
        Index 方案: 权重 (e.g. "35/30/20/15"), 第1名, 第2名, 第3名 ("姓名（得分）").

    >>> cand = pd.DataFrame({"姓名": ["甲", "乙"], "平均完成率": [1.1, 0.9], "年均增长": [0.1, 0.2],
    ...     "关键赢单数": [1, 5], "新客户数": [1, 4], "司龄（年）": [9, 3], "经历广度": [4, 2], "客户评价": [4.6, 4.0]})
    >>> weight_presets_table(cand).loc["关键战役优先", "第1名"]
    '乙（63.6）'
    """
    rows = []
    for name, weights in weight_presets().iterrows():
        scores = manager_scores(candidates, reweight(criteria, weights.to_dict()))
        label = scores["姓名"] if "姓名" in scores else pd.Series(scores.index.astype(str), index=scores.index)
        top = [f"{label.iloc[i]}（{scores['综合得分'].iloc[i]:.1f}）" if i < len(scores) else "—" for i in range(3)]
        rows.append({"方案": name, "权重": "/".join(f"{round(w * 100):d}" for w in weights),
                     "第1名": top[0], "第2名": top[1], "第3名": top[2]})
    return pd.DataFrame(rows).set_index("方案")


def weight_grid(n: int, step: float = 0.1, min_weight: float = 0.1) -> np.ndarray:
    """Every set of ``n`` weights on a ``step`` grid, each at least ``min_weight``, summing to 1.

    Args:
        n: number of dimensions.
        step: grid step.
        min_weight: smallest weight.

    Returns:
        An array (combinations x n).

    >>> weight_grid(4).shape, weight_grid(2, 0.25, 0.25).tolist()
    ((84, 4), [[0.25, 0.75], [0.5, 0.5], [0.75, 0.25]])
    """
    units, low = round(1 / step), round(min_weight / step)
    if abs(units * step - 1) > 1e-9 or low * n > units:
        raise DataError("步长或最小权重不合适：无法组成合计为 1 的权重", "no weights on this grid sum to 1",
                        fix_zh="步长应能整除 1（如 0.1、0.05），最小权重 × 维度数 ≤ 1",
                        fix_en="use a step that divides 1 and min_weight x n <= 1")
    combos = [c for c in itertools.product(range(low, units + 1), repeat=n) if sum(c) == units]
    return np.array(combos, float) / units


def dimension_points(candidates: pd.DataFrame, criteria: pd.DataFrame | None = None) -> pd.DataFrame:
    """Points per dimension (0-100): the criteria's points weighted inside their dimension.

    A score for any dimension weights is then ``dimension_points @ weights`` (one matrix product).

    Args:
        candidates: from :func:`manager_candidates`.
        criteria: the criteria (default :func:`manager_criteria`).

    Returns:
        Same index as ``candidates``; one column per dimension.

    >>> cand = pd.DataFrame({"x": [3, 1], "y": [1, 3]})
    >>> crit = pd.DataFrame({"维度": ["D", "D"], "指标": ["X", "Y"], "列名": ["x", "y"], "权重": [3, 1],
    ...                      "越大越好": [True, True]})
    >>> dimension_points(cand, crit)["D"].tolist()
    [75.0, 25.0]
    """
    crit = _criteria(criteria)
    points = _points_table(candidates, crit)
    inner = crit["权重"] / crit.groupby("维度")["权重"].transform("sum")
    return pd.DataFrame({d: sum(w * points[name] for name, w in zip(crit.loc[crit["维度"] == d, "指标"],
                                                                     inner[crit["维度"] == d]))
                         for d in dict.fromkeys(crit["维度"])}, index=candidates.index)


def weight_sensitivity(candidates: pd.DataFrame, criteria: pd.DataFrame | None = None, step: float = 0.1,
                       min_weight: float = 0.1, top: int = 3) -> pd.DataFrame:
    """How each candidate's rank moves over every reasonable set of dimension weights.

    Every combination of the dimension weights on a ``step`` grid, each at least
    ``min_weight`` and summing to 1 (84 combinations for four dimensions at 0.1), is scored
    as in :func:`manager_scores` (points computed once; criteria inside a dimension keep
    their proportions; ranks on scores rounded to 0.1, equal scores share a rank).

    Args:
        candidates: from :func:`manager_candidates`.
        criteria: the criteria (default :func:`manager_criteria`).
        step: grid step.
        min_weight: smallest weight of a dimension.
        top: the "top" counted in 进入前N占比.

    Returns:
        Index 销售编号, by default rank: 姓名 (if present), 默认排名, 最好排名, 最差排名,
        进入前<top>占比, 排第一占比. ``attrs["组合数"]`` = number of combinations.

    >>> cand = pd.DataFrame({"x": [3, 2, 1], "y": [1, 2, 3]}, index=pd.Index(list("ABC"), name="销售编号"))
    >>> crit = pd.DataFrame({"维度": ["F1", "F2"], "指标": ["X", "Y"], "列名": ["x", "y"], "权重": [0.5, 0.5],
    ...                      "越大越好": [True, True]})
    >>> s = weight_sensitivity(cand, crit, step=0.25, min_weight=0.25)
    >>> s[["最好排名", "最差排名"]].values.tolist(), s["排第一占比"].round(3).tolist()
    ([[1, 3], [1, 2], [1, 3]], [0.667, 0.333, 0.667])
    """
    crit = _criteria(criteria)
    per_dim = dimension_points(candidates, crit)
    grid = weight_grid(per_dim.shape[1], step, min_weight)
    ranks = rank_scores(round_scores(per_dim.to_numpy() @ grid.T))
    default = manager_scores(candidates, crit)["排名"].reindex(candidates.index)
    out = pd.DataFrame(index=candidates.index)
    if "姓名" in candidates:
        out["姓名"] = candidates["姓名"]
    out["默认排名"] = default.astype(int)
    out["最好排名"] = ranks.min(axis=1).astype(int)
    out["最差排名"] = ranks.max(axis=1).astype(int)
    out[f"进入前{top}占比"] = (ranks <= top).mean(axis=1)
    out["排第一占比"] = (ranks == 1).mean(axis=1)
    order = sorted(range(len(out)), key=lambda i: (out["默认排名"].iloc[i], str(out.index[i])))
    out = out.iloc[order]
    out.attrs.update({"组合数": len(grid), "percent": [f"进入前{top}占比", "排第一占比"], "top": top})
    return out


def sensitivity_title(sensitivity: pd.DataFrame) -> str:
    """The chart title for :func:`weight_sensitivity`: who stays in the top, and who comes first how often.

    Shares are written as counts of the weight sets ("84 组中 49 组"): the sets are a grid chosen
    by us, not a sample, so a share of them is no probability.

    Args:
        sensitivity: from :func:`weight_sensitivity` (with 姓名).

    Returns:
        One sentence: the candidate most often in the top (in how many of the weight sets),
        then everyone who is first in some weight sets, with the number of sets.

    >>> s = pd.DataFrame({"姓名": ["甲", "乙", "丙"], "默认排名": [1, 2, 3], "进入前3占比": [1.0, 0.8, 0.6],
    ...                   "排第一占比": [0.3, 0.6, 0.1]})
    >>> s.attrs.update({"top": 3, "组合数": 10})
    >>> sensitivity_title(s)
    '甲 在全部 10 组权重下都进前三；谁排第一取决于权重：乙 6 组、甲 3 组、丙 1 组'
    """
    top = sensitivity.attrs.get("top", 3)
    col = f"进入前{top}占比"
    top_word = {1: "第一", 2: "前二", 3: "前三", 4: "前四", 5: "前五"}.get(top, f"前{top}")
    combos = int(sensitivity.attrs.get("组合数", 0) or 0)

    def count(share: float) -> str:
        return f"{round(share * combos)} 组" if combos else f"{share:.0%} 的组合"

    ordered = sensitivity.sort_values([col, "默认排名"], ascending=[False, True], kind="stable")
    robust = ordered.index[0]
    share = ordered.loc[robust, col]
    if share >= 1 and combos:
        where = f"在全部 {combos} 组权重下"
    elif combos:
        where = f"在 {combos} 组权重中的 {round(share * combos)} 组下"
    else:
        where = f"在 {share:.0%} 的权重组合下"
    sentence = f"{ordered.loc[robust, '姓名']} {where}都进{top_word}"
    leaders = sensitivity[sensitivity["排第一占比"] > 0].sort_values("排第一占比", ascending=False, kind="stable")
    if len(leaders) > 1:
        firsts = "、".join(f"{r['姓名']} {count(r['排第一占比'])}" for _, r in leaders.iterrows())
        sentence += f"；谁排第一取决于权重：{firsts}"
    elif len(leaders) == 1:
        sentence += f"；{leaders['姓名'].iloc[0]} 在所有组合下都排第一"
    return sentence


def rating_rule_comparison(sales_reps: pd.DataFrame, rep_performance: pd.DataFrame,
                           criteria: pd.DataFrame | None = None, as_of: str = "2025-12-31") -> pd.DataFrame:
    """Ranks under the lecture's ratings rule (pooled years) and under the last year only (missing = 50).

    Both use the same candidates, criteria and weights; only 客户评价 changes: the ratings of the
    whole window pooled, or the last year's alone (fewer than ``MIN_FEEDBACK`` ratings = missing,
    scored 50).

    Args:
        sales_reps: as for :func:`helpers.analysis.talent.manager_candidates`.
        rep_performance: as for :func:`helpers.analysis.talent.manager_candidates`.
        criteria: the criteria (default :func:`helpers.analysis.talent.manager_criteria`).
        as_of: the day of the assessment.

    Returns:
        Index 销售编号, by the pooled rank: 姓名, 评分人次（合并）, 评分人次（最后一年）, 排名（合并，本讲）,
        排名（只看最后一年）, 变化 ("↑ 2 位" = ranked higher under the pooled rule, "—" = same).
        ``attrs``: 合并年份, 最后一年.

    >>> reps = pd.DataFrame({"rep_id": ["A", "B"], "rep_name": ["甲", "乙"], "region": ["华东"] * 2,
    ...     "hire_date": ["2019-01-01", "2018-01-01"], "level": ["销售代表"] * 2})
    >>> perf = pd.DataFrame({"rep_id": ["A"] * 3 + ["B"] * 3, "year": [2023, 2024, 2025] * 2,
    ...     "quota_wan": [100] * 6, "sales_wan": [100] * 6,
    ...     "feedback_score": [4.8, 4.8, 4.8, 3.0, 3.0, 3.0], "feedback_n": [8, 8, 8, 12, 12, 12]})
    >>> rating_rule_comparison(reps, perf)[["排名（合并，本讲）", "排名（只看最后一年）", "变化"]].values.tolist()
    [[1, 2, '↑ 1 位'], [2, 1, '↓ 1 位']]
    """
    pooled = manager_candidates(sales_reps, rep_performance, as_of=as_of)
    last = manager_candidates(sales_reps, rep_performance, as_of=as_of, feedback_years=1)
    a = manager_scores(pooled, criteria)["排名"]
    b = manager_scores(last, criteria)["排名"].reindex(a.index)
    out = pd.DataFrame(index=a.index)
    if "姓名" in pooled:
        out["姓名"] = pooled["姓名"].reindex(a.index)
    out["评分人次（合并）"] = pooled["评分人次"].reindex(a.index)
    out["评分人次（最后一年）"] = last["评分人次"].reindex(a.index)
    out["排名（合并，本讲）"] = a.astype(int)
    out["排名（只看最后一年）"] = b.astype(int)
    moved = out["排名（只看最后一年）"] - out["排名（合并，本讲）"]
    out["变化"] = [f"↑ {m} 位" if m > 0 else f"↓ {-m} 位" if m < 0 else "—" for m in moved]
    out.attrs.update({"合并年份": pooled.attrs["评价年份"], "最后一年": last.attrs["评价年份"][1]})
    return out


def rating_rule_sentence(comparison: pd.DataFrame, top: int = 3, shown: int = 3) -> str:
    """What pooling the ratings changed: who still lacks enough ratings, whether the top stays, who moved most.

    Args:
        comparison: from :func:`rating_rule_comparison`.
        top: the top compared.
        shown: how many of the largest moves are named.

    Returns:
        One sentence.

    >>> t = pd.DataFrame({"姓名": ["甲", "乙", "丙"], "评分人次（合并）": [30, 13, 20],
    ...     "评分人次（最后一年）": [11, 4, 9], "排名（合并，本讲）": [1, 2, 3], "排名（只看最后一年）": [1, 3, 2]})
    >>> t.attrs.update({"合并年份": (2023, 2025), "最后一年": 2025})
    >>> print(rating_rule_sentence(t, top=1).replace("；", "；\\n"))
    只看 2025 年，3 人中 2 人的评分不足 10 人次（按缺失记 50 分）；
    合并 2023–2025 年后每人 13–30 人次。前 1 名两种规则下相同；
    名次变化最大的：乙 3→2、丙 2→3。
    """
    a, b = comparison.attrs.get("合并年份", ("?", "?"))
    last = comparison.attrs.get("最后一年", b)
    n_last = comparison["评分人次（最后一年）"].astype("Float64").fillna(0)
    n_pool = comparison["评分人次（合并）"].astype("Float64").fillna(0)
    few = int((n_last < MIN_FEEDBACK).sum())
    out = (f"只看 {last} 年，{len(comparison)} 人中 {few} 人的评分不足 {MIN_FEEDBACK} 人次"
           f"（按缺失记 50 分）；合并 {a}–{b} 年后每人 {int(n_pool.min())}–{int(n_pool.max())} 人次")
    still = int((n_pool < MIN_FEEDBACK).sum())
    out += f"，仍不足 {MIN_FEEDBACK} 人次的有 {still} 人。" if still else "。"
    pooled_top = set(comparison.index[comparison["排名（合并，本讲）"] <= top])
    last_top = set(comparison.index[comparison["排名（只看最后一年）"] <= top])
    out += f"前 {top} 名两种规则下{'相同' if pooled_top == last_top else '不同'}；"
    moves = (comparison["排名（合并，本讲）"] - comparison["排名（只看最后一年）"]).abs()
    moved = moves[moves > 0].sort_values(ascending=False, kind="stable").head(shown)
    if not len(moved):
        return out + "没有人的名次变化。"
    before, after = comparison["排名（只看最后一年）"], comparison["排名（合并，本讲）"]
    return out + "名次变化最大的：" + "、".join(
        f"{comparison.loc[i, '姓名']} {before[i]}→{after[i]}" for i in moved.index) + "。"
