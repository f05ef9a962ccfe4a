"""RFM segments: turn R/F/M scores into named customer groups, and sum the groups up.

* the Chinese 8-class map (:func:`rfm8_table`, :func:`rfm8_segments`): each of R, F, M is
  高 or 低 by a stated cut (:func:`high_low`: score >= 4 by default), and the eight combinations have a name, a
  meaning and an action;
* the named-segment map on the R x F grid (:func:`named_segment_table`,
  :func:`named_segments`): ten named groups, each cell in exactly one;
* :func:`segment_summary`: customers and revenue per segment, as counts and shares.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..data.transactions import _require

if TYPE_CHECKING:  # pragma: no cover
    pass


#: The Chinese 8-class map. Keys: (R high, F high, M high). R high = bought **recently**.
RFM8_SEGMENTS: dict[tuple[bool, bool, bool], tuple[str, str, str]] = {
    # (R, F, M): (segment, what it means, what to do)
    (True, True, True): ("重要价值客户", "最近买过、买得勤、花得多", "重点维护，提供专属服务和新品优先体验"),
    (True, False, True): ("重要发展客户", "最近买过、花得多，但次数少", "提高购买频次：会员计划、组合推荐、定期回访"),
    (False, True, True): ("重要保持客户", "买得勤、花得多，但很久没来", "主动联系，了解原因，防止流失"),
    (False, False, True): ("重要挽留客户", "花得多，但次数少且很久没来", "优先挽回：专人回访、定向优惠"),
    (True, True, False): ("一般价值客户", "最近买过、买得勤，但金额小", "提升客单价：套餐、升级产品"),
    (True, False, False): ("一般发展客户", "新近购买的小客户", "引导第二次购买"),
    (False, True, False): ("一般保持客户", "曾经常来、金额小，很久没来", "低成本触达，如短信、社群活动"),
    (False, False, False): ("一般挽留客户", "金额小、次数少、很久没来", "低成本批量唤醒，不必投入太多"),
}


#: Order in which the 8 classes are listed in tables and charts.
RFM8_ORDER: tuple[str, ...] = (
    "重要价值客户", "重要发展客户", "重要保持客户", "重要挽留客户",
    "一般价值客户", "一般发展客户", "一般保持客户", "一般挽留客户",
)



def _rfm8_code(r_high: np.ndarray, f_high: np.ndarray, m_high: np.ndarray) -> np.ndarray:
    """The 8-class code ``R*4 + F*2 + M`` (high = 1) of boolean arrays, as int8 0..7."""
    return (np.asarray(r_high, dtype=np.int8) * 4 + np.asarray(f_high, dtype=np.int8) * 2
            + np.asarray(m_high, dtype=np.int8))



#: The 8 class names indexed by :func:`_rfm8_code`.
_RFM8_BY_CODE: tuple[str, ...] = tuple(
    name for _, (name, _, _) in sorted(
        RFM8_SEGMENTS.items(), key=lambda item: int(_rfm8_code(*item[0])))
)



def rfm8_table() -> pd.DataFrame:
    """The Chinese 8-class RFM map as a table (R 高 = bought recently).

    Returns:
        One row per class with columns R, F, M ("高"/"低"), 客户类型, 特征, 建议动作.

    >>> rfm8_table().loc[0, ["R", "F", "M", "客户类型"]].tolist()
    ['高', '高', '高', '重要价值客户']
    """
    rows = [
        {"R": "高" if r else "低", "F": "高" if f else "低", "M": "高" if m else "低",
         "客户类型": name, "特征": meaning, "建议动作": action}
        for (r, f, m), (name, meaning, action) in RFM8_SEGMENTS.items()
    ]
    table = pd.DataFrame(rows)
    table["_order"] = table["客户类型"].map({n: i for i, n in enumerate(RFM8_ORDER)})
    return table.sort_values("_order").drop(columns="_order").reset_index(drop=True)



#: The course's rule for "高" in the 8-class map: a score of at least 4 (of 1..5). With the tie
#: policy of :func:`helpers.analysis.rfm.score_values` a score of 4 or 5 means "better than at
#: least 60% of the customers", so 高 is roughly the best 40% -- fewer where many customers tie.
HIGH_SCORE = 4



def high_low(scores: pd.Series | np.ndarray, cut: float | str = HIGH_SCORE) -> np.ndarray:
    """True where a score counts as "高" (high).

    The default is a fixed score (``score >= 4``), not the average score: the average of a
    1..5 score is a number like 2.997, so "above the average" puts every 3 in 高 -- and a
    drift of the average to 3.001 would move all of them to 低. A fixed cut never flips on a
    rounding, and it says the same thing in every data set.

    Args:
        scores: RFM scores (higher = better, also for R).
        cut: a number (default :data:`HIGH_SCORE`): high means ``score >= cut``; or
            ``"median"``: high means strictly above the median score.

    Returns:
        A boolean array.

    >>> high_low([1, 3, 3, 4, 5]).tolist()
    [False, False, False, True, True]
    >>> high_low([1, 3, 5], cut=3).tolist()
    [False, True, True]
    >>> high_low([1, 2, 2, 5], cut="median").tolist()
    [False, False, False, True]
    """
    s = np.asarray(scores, dtype=float)
    if isinstance(cut, str):
        if cut != "median":
            raise ValueError("cut must be a number or 'median'")
        return s > np.median(s) if len(s) else np.zeros(0, dtype=bool)
    return s >= float(cut)



def rfm8_segments(
    scored: pd.DataFrame, cut: float | str | Mapping[str, float | str] = HIGH_SCORE
) -> pd.Series:
    """The 8-class segment of each customer from its R, F, M scores.

    Each letter is "高" or "低" by :func:`high_low` (``cut`` may differ per letter, e.g.
    ``{"R": 4, "F": 2, "M": 4}``), then :data:`RFM8_SEGMENTS` names the class.

    Args:
        scored: output of :func:`rfm_scores` (columns R, F, M).
        cut: the high/low rule, for all letters or per letter.

    Returns:
        A categorical Series (categories in :data:`RFM8_ORDER`) aligned with ``scored``.

    >>> s = pd.DataFrame({"R": [5, 5, 1, 1], "F": [5, 1, 5, 1], "M": [5, 5, 1, 1]})
    >>> rfm8_segments(s).tolist()
    ['重要价值客户', '重要发展客户', '一般保持客户', '一般挽留客户']
    """
    _require(scored, ["R", "F", "M"])
    cuts = cut if isinstance(cut, Mapping) else {"R": cut, "F": cut, "M": cut}
    r = high_low(scored["R"], cuts.get("R", HIGH_SCORE))
    f = high_low(scored["F"], cuts.get("F", HIGH_SCORE))
    m = high_low(scored["M"], cuts.get("M", HIGH_SCORE))
    names = np.array(_RFM8_BY_CODE, dtype=object)[_rfm8_code(r, f, m)]
    return pd.Series(
        pd.Categorical(names, categories=list(RFM8_ORDER)), index=scored.index,
        name="客户类型",
    )



#: The named-segment map on the R x F grid (scores 1..5): (English, 中文, R range, F range,
#: what to do). Every one of the 25 cells belongs to exactly one segment.
NAMED_SEGMENTS: tuple[tuple[str, str, tuple[int, int], tuple[int, int], str], ...] = (
    ("Champions", "冠军客户", (5, 5), (4, 5), "奖励与专属权益，请他们推荐新客户"),
    ("Loyal", "忠诚客户", (3, 4), (4, 5), "会员升级、交叉销售"),
    ("Potential loyalists", "潜在忠诚客户", (4, 5), (2, 3), "会员计划，推荐相关产品"),
    ("New customers", "新客户", (5, 5), (1, 1), "做好首单体验，引导第二次购买"),
    ("Promising", "有潜力新客", (4, 4), (1, 1), "限时优惠，建立品牌印象"),
    ("Need attention", "需要关注", (3, 3), (3, 3), "个性化推荐，限时活动"),
    ("About to sleep", "即将沉睡", (3, 3), (1, 2), "用热门产品和优惠重新激活"),
    ("At risk", "流失风险", (1, 2), (3, 4), "个性化关怀邮件/电话，了解原因"),
    ("Can't lose them", "不能失去", (1, 2), (5, 5), "专人回访，提供有吸引力的挽留方案"),
    ("Hibernating", "休眠客户", (1, 2), (1, 2), "低成本唤醒，不值得大额投入"),
)



def named_segment_table() -> pd.DataFrame:
    """The named-segment map (R x F grid, scores 1..5, R 5 = most recent) as a table.

    Returns:
        One row per segment: 客户分群, 英文名, R 得分, F 得分, 建议动作.

    >>> named_segment_table().iloc[0].tolist()[:4]
    ['冠军客户', 'Champions', '5', '4–5']
    """

    def span(lo_hi: tuple[int, int]) -> str:
        lo, hi = lo_hi
        return str(lo) if lo == hi else f"{lo}–{hi}"

    return pd.DataFrame(
        [{"客户分群": zh, "英文名": en, "R 得分": span(r), "F 得分": span(f), "建议动作": act}
         for en, zh, r, f, act in NAMED_SEGMENTS]
    )



def _named_grid() -> np.ndarray:
    grid = np.full((5, 5), -1, dtype=np.int64)
    for i, (_, _, (r0, r1), (f0, f1), _) in enumerate(NAMED_SEGMENTS):
        cells = grid[r0 - 1:r1, f0 - 1:f1]
        if (cells != -1).any():  # pragma: no cover - guarded by tests
            raise AssertionError("named segments overlap")
        grid[r0 - 1:r1, f0 - 1:f1] = i
    return grid



def named_segments(scored: pd.DataFrame) -> pd.Series:
    """The named segment (冠军客户, 忠诚客户, … 休眠客户) of each customer.

    Uses the R and F scores (1..5; R 5 = most recent) and :data:`NAMED_SEGMENTS`.

    Args:
        scored: output of :func:`rfm_scores` with ``n_scores=5``.

    Returns:
        A categorical Series of Chinese segment names, aligned with ``scored``.

    >>> s = pd.DataFrame({"R": [5, 5, 1, 3], "F": [5, 1, 1, 3]})
    >>> named_segments(s).tolist()
    ['冠军客户', '新客户', '休眠客户', '需要关注']
    """
    _require(scored, ["R", "F"])
    r = scored["R"].to_numpy()
    f = scored["F"].to_numpy()
    if len(r) and (r.min() < 1 or r.max() > 5 or f.min() < 1 or f.max() > 5):
        raise ValueError("named segments need R and F scores from 1 to 5")
    names = np.array([zh for _, zh, _, _, _ in NAMED_SEGMENTS], dtype=object)
    idx = _named_grid()[r - 1, f - 1]
    return pd.Series(pd.Categorical(names[idx], categories=list(names)), index=scored.index,
                     name="客户分群")



def segment_summary(labels: pd.Series, values: pd.Series | np.ndarray) -> pd.DataFrame:
    """Size and revenue of each segment.

    Args:
        labels: segment per customer (categorical keeps its category order, empty ones too).
        values: amount per customer, aligned with ``labels``.

    Returns:
        One row per segment: 客户数, 客户占比, 销售额, 销售额占比, 人均销售额 (the shares
        are fractions, listed in ``attrs["percent"]`` for :func:`helpers.show`).

    >>> s = segment_summary(pd.Series(["甲", "乙", "甲"]), [10.0, 30.0, 20.0])
    >>> s["销售额占比"].round(2).to_dict()
    {'甲': 0.5, '乙': 0.5}
    """
    labels = pd.Series(labels).reset_index(drop=True)
    v = pd.Series(np.asarray(values, dtype=float))
    if isinstance(labels.dtype, pd.CategoricalDtype):
        order = list(labels.cat.categories)
    else:
        order = list(pd.unique(labels))
    grouped = v.groupby(labels.astype(object)).agg(["size", "sum"]).reindex(order, fill_value=0)
    total_n, total_v = len(labels), float(v.sum())
    out = pd.DataFrame({
        "客户数": grouped["size"].astype(int).to_numpy(),
        "客户占比": grouped["size"].to_numpy() / max(total_n, 1),
        "销售额": grouped["sum"].to_numpy(),
        "销售额占比": grouped["sum"].to_numpy() / (total_v if total_v > 0 else 1.0),
    }, index=pd.Index(order, name="客户分群"))
    out["人均销售额"] = np.where(out["客户数"] > 0, out["销售额"] / out["客户数"].clip(lower=1), 0.0)
    out.attrs["percent"] = ["客户占比", "销售额占比"]
    return out
