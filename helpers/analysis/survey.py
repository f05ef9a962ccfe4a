"""Questionnaire analysis (小数据调研): response rates, Likert items, top/bottom box, NPS, crosstabs.

Every figure here says which denominator it uses, because missing answers are common in
real questionnaires and the choice of denominator changes the result:

* **invited** (发放数) -- everyone who received the questionnaire: used for response rates;
* **respondents** (回收数) -- everyone who returned it: used for missing-answer counts and
  for crosstabs that show 未作答 (no answer) as its own column;
* **valid answers** (有效回答) -- respondents who answered *this* item: used for
  distributions, top/bottom box, means and NPS unless you ask otherwise.

Output tables carry Chinese column names because trainees read them directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import DataError, first_bad_row
from ..errors import require_present as _require
from .survey_findings import box_headline as box_headline
from .survey_findings import invitation_sentence as invitation_sentence
from .survey_findings import missing_headline as missing_headline
from .survey_findings import nps_gap_sentence as nps_gap_sentence
from .survey_findings import nps_headline as nps_headline
from .survey_findings import response_headline as response_headline

if TYPE_CHECKING:  # pragma: no cover
    pass


#: Default five-point Likert scale: 1 = 很不满意 ... 5 = 很满意.
LIKERT_LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)



LIKERT_LABELS: dict[int, str] = {1: "很不满意", 2: "不满意", 3: "一般", 4: "满意", 5: "很满意"}



#: NPS rule (stated once, used everywhere): 9-10 推荐者, 7-8 中立者, 0-6 贬损者.
NPS_PROMOTER_MIN = 9



NPS_DETRACTOR_MAX = 6



NPS_LABELS = ("推荐者", "中立者", "贬损者")



NO_ANSWER = "未作答"



TOTAL = "合计"



def _numeric(frame: pd.DataFrame, column: str) -> pd.Series:
    """The column as floats (missing stays NaN); text that is not a number is an error."""
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = values.isna() & frame[column].notna()
    if bad.any():
        value = frame[column][bad].iloc[0]
        raise DataError(
            f"有不是数字的答案：{value!r}",
            f"an answer is not a number: {value!r}",
            fix_zh="把这一格改成数字，或者留空表示未作答",
            fix_en="make it a number, or leave it blank for 'no answer'",
            column=column,
            row=first_bad_row(bad.to_numpy()),
        )
    return values.astype(float)



def _flag(frame: pd.DataFrame, column: str) -> pd.Series:
    """A yes/no column as booleans; blank counts as 'no'."""
    raw = frame[column]
    # 1/0 need no keys of their own: they equal and hash like True/False, so they find those entries.
    mapping = {True: True, False: False, "是": True, "否": False,
               "yes": True, "no": False, "true": True, "false": False, "1": True, "0": False}
    out = raw.map(lambda v: False if pd.isna(v) else mapping.get(v.strip().lower() if isinstance(v, str) else v))
    if out.isna().any():
        bad = raw[out.isna()].iloc[0]
        raise DataError(
            f"无法识别为是/否：{bad!r}",
            f"not a yes/no value: {bad!r}",
            fix_zh="这一列只能填 是/否、1/0 或 True/False",
            fix_en="use 是/否, 1/0 or True/False",
            column=column,
        )
    return out.astype(bool)



def response_rate(frame: pd.DataFrame, responded: str = "responded", by: str | None = None) -> pd.DataFrame:
    """Response rate (回收率) overall and, optionally, per group.

    Denominator: everyone invited (one row per invited person).

    Args:
        frame: one row per invited person.
        responded: the yes/no column saying whether the person returned the questionnaire
            (booleans, 1/0 or 是/否; blank counts as not returned).
        by: a group column (e.g. customer group); ``None`` gives only the overall row.

    Returns:
        A table with 发放数 (invited), 回收数 (returned) and 回收率 (share, 0-1), one row
        per group plus a final 合计 row.

    >>> df = pd.DataFrame({"组": ["A", "A", "B", "B", "B"], "回收": [1, 0, 1, 1, 0]})
    >>> rates = response_rate(df, "回收", by="组")
    >>> rates["回收率"].round(3).to_dict()
    {'A': 0.5, 'B': 0.667, '合计': 0.6}
    """
    _require(frame, [responded] + ([by] if by else []))
    flags = _flag(frame, responded)
    total = pd.DataFrame({"发放数": [len(frame)], "回收数": [int(flags.sum())]}, index=[TOTAL])
    if by is None:
        out = total
    else:
        grouped = flags.groupby(frame[by], observed=True, sort=True)
        per = pd.DataFrame({"发放数": grouped.size(), "回收数": grouped.sum().astype(int)})
        out = pd.concat([per, total])
        out.index.name = by
    out["回收率"] = out["回收数"] / out["发放数"]
    return out



def respondents(frame: pd.DataFrame, responded: str = "responded") -> pd.DataFrame:
    """Only the rows of people who returned the questionnaire.

    Args:
        frame: one row per invited person.
        responded: the yes/no column (see :func:`response_rate`).

    Returns:
        The returned rows, index reset.

    >>> len(respondents(pd.DataFrame({"responded": [True, False, True]})))
    2
    """
    _require(frame, [responded])
    return frame[_flag(frame, responded).to_numpy()].reset_index(drop=True)



def missing_by_item(frame: pd.DataFrame, items: Sequence[str]) -> pd.DataFrame:
    """How many respondents left each item blank.

    Denominator: respondents (rows of ``frame``).

    Args:
        frame: one row per respondent.
        items: the question columns.

    Returns:
        A table indexed by item with 回收数 (respondents), 有效回答 (answered), 缺失数
        (blank) and 缺失率 (blank / respondents).

    >>> df = pd.DataFrame({"q1": [5, None, 4], "q2": [3, 2, 1]})
    >>> missing_by_item(df, ["q1", "q2"])["缺失数"].to_dict()
    {'q1': 1, 'q2': 0}
    """
    _require(frame, items)
    n = len(frame)
    valid = [int(_numeric(frame, c).notna().sum()) for c in items]
    out = pd.DataFrame({"回收数": n, "有效回答": valid}, index=pd.Index(list(items), name="题目"))
    out["缺失数"] = out["回收数"] - out["有效回答"]
    out["缺失率"] = out["缺失数"] / out["回收数"] if n else float("nan")
    return out



def _check_levels(values: pd.Series, levels: Sequence[int], column: str) -> None:
    bad = values.notna() & ~values.isin([float(v) for v in levels])
    if bad.any():
        raise DataError(
            f"答案 {values[bad].iloc[0]:g} 不在量表 {min(levels)}–{max(levels)} 之内",
            f"answer {values[bad].iloc[0]:g} is outside the scale {min(levels)}-{max(levels)}",
            fix_zh="检查录入错误，或者把量表范围设置正确",
            fix_en="check for typing errors, or set the right scale",
            column=column,
            row=first_bad_row(bad.to_numpy()),
        )



def likert_distribution(
    frame: pd.DataFrame,
    items: Sequence[str],
    levels: Sequence[int] = LIKERT_LEVELS,
    normalize: bool = True,
) -> pd.DataFrame:
    """Distribution of answers for Likert items (李克特量表).

    Denominator: valid answers of each item (blanks are left out; see
    :func:`missing_by_item` for how many).

    Args:
        frame: one row per respondent.
        items: the question columns, answered on the scale ``levels``.
        levels: the allowed answers, lowest first.
        normalize: shares (rows sum to 1) if True, counts if False.

    Returns:
        A table with one row per item and one column per level.

    >>> df = pd.DataFrame({"q1": [1, 5, 5, None]})
    >>> likert_distribution(df, ["q1"]).loc["q1"].round(3).tolist()
    [0.333, 0.0, 0.0, 0.0, 0.667]
    """
    _require(frame, items)
    rows = {}
    for item in items:
        values = _numeric(frame, item)
        _check_levels(values, levels, item)
        counts = values.value_counts().reindex([float(v) for v in levels], fill_value=0)
        counts.index = list(levels)
        rows[item] = counts
    out = pd.DataFrame(rows).T.astype(int)
    out.index.name = "题目"
    if normalize:
        totals = out.sum(axis=1).replace(0, float("nan"))
        out = out.div(totals, axis=0)
    return out



def box_scores(
    frame: pd.DataFrame,
    items: Sequence[str],
    levels: Sequence[int] = LIKERT_LEVELS,
    box: int = 2,
    denominator: str = "valid",
) -> pd.DataFrame:
    """Top-box and bottom-box shares (顶端框 / 底端框) and the mean of Likert items.

    With ``box=2`` on a 1-5 scale the top box is "4 or 5" and the bottom box "1 or 2".

    Args:
        frame: one row per respondent.
        items: the question columns.
        levels: the scale, lowest first.
        box: how many levels each box holds (1 = only the extreme level).
        denominator: ``"valid"`` divides by those who answered the item (the usual
            choice); ``"respondents"`` divides by all respondents, counting blanks as
            "not in the box" -- a cautious lower bound.

    Returns:
        A table indexed by item with 有效回答, 缺失数, 顶端框占比, 底端框占比 and 均值
        (mean of valid answers).

    >>> df = pd.DataFrame({"q1": [5, 4, 1, None]})
    >>> box_scores(df, ["q1"]).loc["q1", ["有效回答", "顶端框占比", "底端框占比"]].round(3).tolist()
    [3.0, 0.667, 0.333]
    >>> float(box_scores(df, ["q1"], denominator="respondents").loc["q1", "顶端框占比"])
    0.5
    """
    if denominator not in ("valid", "respondents"):
        raise DataError(
            f"denominator 只能是 'valid' 或 'respondents'，收到 {denominator!r}",
            f"denominator must be 'valid' or 'respondents', got {denominator!r}",
        )
    if not 1 <= box <= len(levels) // 2:
        raise DataError(
            f"box 应在 1 到 {len(levels) // 2} 之间", f"box must be between 1 and {len(levels) // 2}"
        )
    _require(frame, items)
    top, bottom = [float(v) for v in levels[-box:]], [float(v) for v in levels[:box]]
    rows = []
    for item in items:
        values = _numeric(frame, item)
        _check_levels(values, levels, item)
        n_valid = int(values.notna().sum())
        base = n_valid if denominator == "valid" else len(values)

        def share(hits: int, base: int = base) -> float:
            return hits / base if base else float("nan")

        rows.append({
            "题目": item,
            "有效回答": n_valid,
            "缺失数": len(values) - n_valid,
            "顶端框占比": share(int(values.isin(top).sum())),
            "底端框占比": share(int(values.isin(bottom).sum())),
            "均值": values.mean(),
        })
    return pd.DataFrame(rows).set_index("题目")



def nps_category(scores: Sequence[float] | pd.Series) -> pd.Series:
    """Put 0-10 "would you recommend us" scores into the three NPS groups.

    Rule: 9-10 推荐者 (promoter), 7-8 中立者 (passive), 0-6 贬损者 (detractor); blank stays blank.

    Args:
        scores: answers on the 0-10 scale.

    Returns:
        A categorical Series with the group of each answer.

    >>> nps_category([10, 8, 3, None]).tolist()
    ['推荐者', '中立者', '贬损者', nan]
    """
    values = pd.to_numeric(pd.Series(scores), errors="coerce").astype(float)
    original = pd.Series(scores)
    bad = (values.isna() & original.notna()) | (values.notna() & ((values < 0) | (values > 10)))
    if bad.any():
        raise DataError(
            f"推荐意愿分数应为 0–10，收到 {original[bad].iloc[0]!r}",
            f"recommendation scores must be 0-10, got {original[bad].iloc[0]!r}",
            fix_zh="检查录入错误；空白表示未作答",
            fix_en="check for typing errors; leave blank for no answer",
        )
    out = pd.Series(pd.NA, index=values.index, dtype="object")
    out[values >= NPS_PROMOTER_MIN] = NPS_LABELS[0]
    out[(values > NPS_DETRACTOR_MAX) & (values < NPS_PROMOTER_MIN)] = NPS_LABELS[1]
    out[values <= NPS_DETRACTOR_MAX] = NPS_LABELS[2]
    out[values.isna()] = float("nan")
    return pd.Series(pd.Categorical(out, categories=list(NPS_LABELS)), index=values.index)



def nps(scores: Sequence[float] | pd.Series) -> float:
    """Net promoter score (净推荐值): % promoters minus % detractors, from -100 to 100.

    Denominator: valid answers (blanks are left out). Returns NaN when nobody answered.

    Args:
        scores: answers on the 0-10 scale.

    Returns:
        The score, in points.

    >>> nps([10, 9, 8, 7, 6, 0, None])   # 2 promoters, 2 detractors of 6 answers
    0.0
    >>> nps([10, 10, 9, 5])
    50.0
    """
    groups = nps_category(scores).dropna()
    if groups.empty:
        return float("nan")
    return float(((groups == NPS_LABELS[0]).mean() - (groups == NPS_LABELS[2]).mean()) * 100)



def nps_table(frame: pd.DataFrame, score: str, by: str | None = None) -> pd.DataFrame:
    """NPS with its three group shares, overall and per group.

    Denominator: valid answers to ``score`` within each group.

    Args:
        frame: one row per respondent.
        score: the 0-10 recommendation column.
        by: a group column, or ``None`` for the overall row only.

    Returns:
        A table with 有效回答, 缺失数, 推荐者占比, 中立者占比, 贬损者占比 and NPS (points),
        one row per group plus 合计.

    >>> df = pd.DataFrame({"组": ["A", "A", "B", "B"], "s": [10, 3, 9, None]})
    >>> nps_table(df, "s", by="组")["NPS"].to_dict()
    {'A': 0.0, 'B': 100.0, '合计': 33.3}
    """
    _require(frame, [score] + ([by] if by else []))
    groups = nps_category(frame[score])

    def summarise(mask: pd.Series) -> dict[str, Any]:
        g = groups[mask.to_numpy()]
        valid = g.dropna()
        n = len(valid)
        row: dict[str, Any] = {"有效回答": n, "缺失数": len(g) - n}
        for label in NPS_LABELS:
            row[f"{label}占比"] = (valid == label).sum() / n if n else float("nan")
        row["NPS"] = round(nps(frame[score][mask.to_numpy()]), 1)
        return row

    everyone = pd.Series(True, index=frame.index)
    rows, index = [], []
    if by is not None:
        col = frame[by]
        if isinstance(col.dtype, pd.CategoricalDtype):
            keys = [k for k in col.cat.categories if (col == k).any()]
        else:
            keys = sorted(col.dropna().unique(), key=str)
        for key in keys:
            rows.append(summarise(frame[by] == key))
            index.append(key)
    rows.append(summarise(everyone))
    index.append(TOTAL)
    return pd.DataFrame(rows, index=pd.Index(index, name=by))



def crosstab(
    frame: pd.DataFrame,
    item: str,
    by: str,
    levels: Sequence[int] | None = LIKERT_LEVELS,
    labels: dict[Any, str] | None = None,
) -> pd.DataFrame:
    """Crosstab (交叉分析) of one question's answers by customer group, blanks shown openly.

    Denominator: respondents in each group; 未作答 is a column of its own, so every row
    sums to 1.

    Args:
        frame: one row per respondent.
        item: the question column.
        by: the group column (rows of the result).
        levels: the allowed answers in order (``None``: whatever occurs, sorted).
        labels: optional display names for the answers, e.g. :data:`LIKERT_LABELS`.

    Returns:
        Shares by group (rows) and answer (columns), with a 人数 column (respondents).

    >>> df = pd.DataFrame({"组": ["A", "A", "B"], "q": [5, None, 1]})
    >>> crosstab(df, "q", "组", levels=[1, 5]).loc["A"].tolist()   # 1, 5, 未作答, 人数
    [0.0, 0.5, 0.5, 2.0]
    """
    _require(frame, [item, by])
    if levels is not None:
        values = _numeric(frame, item)
        _check_levels(values, levels, item)
        answers = values.map(lambda v: v if pd.isna(v) else int(v) if float(v).is_integer() else v)
        order: list[Any] = list(levels)
    else:
        answers = frame[item]
        order = sorted(answers.dropna().unique(), key=str)
    # Count by position in ``order`` (all integers, so pandas never has to sort mixed types).
    position = {value: i for i, value in enumerate(order)}
    codes = answers.map(lambda v: len(order) if pd.isna(v) else position[v]).astype(int)
    table = pd.crosstab(frame[by], codes).reindex(columns=range(len(order) + 1), fill_value=0)
    table.columns = order + [NO_ANSWER]
    sizes = table.sum(axis=1)
    out = table.div(sizes, axis=0)
    if labels:
        out = out.rename(columns=labels)
    out.columns.name = None
    out.index.name = by
    out["人数"] = sizes
    return out
