"""Comparison analysis: a number means something only against a reference.

Three references (the seeds' 对比分析):

* **against time** -- :func:`compare_periods`: this month against last month (环比) and the
  same month last year (同比, which removes the season);
* **against space** -- :func:`compare_groups`: rates of groups (regions, channels, city
  tiers) with their confidence intervals and a test against everyone else, so that a gap
  inside the noise is not read as a difference;
* **against target** -- :func:`compare_to_target`: actual against plan, month by month.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..data.transactions import _require
from ..errors import DataError, first_bad_row
from .experiments import compare_proportions, wilson_interval


def _month(value: Any) -> pd.Period:
    try:
        return pd.Period(value, freq="M")
    except (TypeError, ValueError):
        raise DataError(f"无法识别的月份：{value!r}", f"not a month: {value!r}",
                        fix_zh="请写成 2025-12 这样的月份", fix_en="write a month like 2025-12") from None


def compare_periods(table: pd.DataFrame, month: Any, value_cols: list[str] | None = None) -> pd.DataFrame:
    """This month against last month (环比) and the same month of last year (同比).

    Args:
        table: a monthly table, index = months (Period ``M`` or text like "2025-12").
        month: the month to look at.
        value_cols: the columns to compare (default: every numeric column).

    Returns:
        One row per metric (index 指标): 本月, 上月, 环比, 去年同月, 同比. Changes are
        fractions (``attrs["signed"]``); NaN where a month is missing or the base is 0.

    >>> t = pd.DataFrame({"销售额": [100.0, 110.0, 121.0]}, index=["2024-12", "2025-11", "2025-12"])
    >>> compare_periods(t, "2025-12").round(3).values.tolist()
    [[121.0, 110.0, 0.1, 100.0, 0.21]]
    """
    index = pd.PeriodIndex([_month(m) for m in table.index], freq="M")
    frame = table.set_axis(index)
    cols = value_cols or [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    _require(frame, cols)
    now = _month(month)
    rows = []
    for col in cols:
        series = frame[col]

        def get(p: pd.Period, s: pd.Series = series) -> float:
            return float(s.loc[p]) if p in s.index else math.nan

        cur, prev, last_year = get(now), get(now - 1), get(now - 12)
        rows.append({"指标": col, "本月": cur, "上月": prev, "环比": cur / prev - 1 if prev else math.nan,
                     "去年同月": last_year, "同比": cur / last_year - 1 if last_year else math.nan})
    out = pd.DataFrame(rows).set_index("指标")
    out.attrs["signed"] = ["环比", "同比"]
    out.attrs["month"] = str(now)
    return out


def compare_groups(frame: pd.DataFrame, group_col: str, success_col: str, conf: float = 0.95,
                   min_n: int = 30) -> pd.DataFrame:
    """Rates per group with their uncertainty, and whether each group differs from the rest.

    Each group's rate comes with a Wilson confidence interval; 与其余显著不同 is a
    two-proportion z-test of the group against all other rows (level ``1 − conf``). Groups
    with fewer than ``min_n`` people are flagged 样本少 and should not be interpreted.

    Args:
        frame: one row per person with a group and a success flag (bool or 0/1).
        group_col: the group column.
        success_col: the success column.
        conf: confidence level.
        min_n: groups below this size are flagged.

    Returns:
        Columns 分组, 人数, 成功人数, 比例, 置信下限, 置信上限, 与其余显著不同, 样本少;
        ``attrs["overall"]`` is the overall rate.

    >>> f = pd.DataFrame({"g": ["X"] * 100 + ["Y"] * 100, "ok": [1] * 30 + [0] * 70 + [1] * 50 + [0] * 50})
    >>> compare_groups(f, "g", "ok")[["分组", "比例", "与其余显著不同"]].values.tolist()
    [['X', 0.3, True], ['Y', 0.5, True]]
    """
    _require(frame, [group_col, success_col])
    raw = frame[success_col]
    bad = ~(raw.isin([0, 1, True, False])).to_numpy() | raw.isna().to_numpy()
    if bad.any():
        raise DataError(f"“是否成功”应为 是/否 或 1/0，这里是 {raw.iloc[int(np.flatnonzero(bad)[0])]!r}",
                        "the success column must be True/False or 1/0", column=success_col, row=first_bad_row(bad))
    ok = raw.astype(bool).to_numpy()
    groups = frame[group_col]
    total_n, total_x = len(ok), int(ok.sum())
    alpha_conf = conf
    rows = []
    categorical = isinstance(groups.dtype, pd.CategoricalDtype)
    labels = groups.cat.categories if categorical else sorted(groups.dropna().unique())
    for g in labels:
        mask = (groups == g).to_numpy()
        n, x = int(mask.sum()), int(ok[mask].sum())
        if n == 0:
            continue
        low, high = wilson_interval(x, n, conf)
        rest_n, rest_x = total_n - n, total_x - x
        differs = compare_proportions(rest_x, rest_n, x, n, alpha_conf)["p_value"] < 1 - conf if rest_n else False
        rows.append({"分组": str(g), "人数": n, "成功人数": x, "比例": x / n, "置信下限": low, "置信上限": high,
                     "与其余显著不同": bool(differs), "样本少": n < min_n})
    out = pd.DataFrame(rows)
    out.attrs["percent"] = ["比例", "置信下限", "置信上限"]
    out.attrs["overall"] = total_x / total_n if total_n else math.nan
    return out


def compare_to_target(actual: pd.DataFrame, target: pd.DataFrame, pairs: Mapping[str, str],
                      month_col: str = "month") -> pd.DataFrame:
    """Actual against target, month by month: 实际, 目标, 达成率, 是否达标 per metric.

    Args:
        actual: a monthly table (index = months) with the actual values.
        target: a table with a month column and target columns.
        pairs: actual column -> target column, e.g. ``{"新入会会员（人）": "new_members_target"}``.
        month_col: the month column of ``target``.

    Returns:
        One row per target month: 月份, then for each metric ``<name>实际``, ``<name>目标``,
        ``<name>达成率`` (fraction) and ``<name>是否达标`` (bool, actual ≥ target). The name is
        the actual column without its unit in brackets.

    >>> a = pd.DataFrame({"销售额": [90.0, 120.0]}, index=["2025-01", "2025-02"])
    >>> t = pd.DataFrame({"month": ["2025-01", "2025-02"], "goal": [100.0, 100.0]})
    >>> compare_to_target(a, t, {"销售额": "goal"})[["销售额达成率", "销售额是否达标"]].values.tolist()
    [[0.9, False], [1.2, True]]
    """
    _require(target, [month_col, *pairs.values()])
    _require(actual, list(pairs))
    index = pd.PeriodIndex([_month(m) for m in actual.index], freq="M")
    frame = actual.set_axis(index)
    months = [_month(m) for m in target[month_col]]
    out = pd.DataFrame({"月份": [f"{m.year}年{m.month}月" for m in months]})
    percent = []
    for col, goal_col in pairs.items():
        goal = pd.to_numeric(target[goal_col], errors="coerce").to_numpy(dtype=float)
        bad = ~(goal > 0)
        if bad.any():
            raise DataError("目标必须是大于 0 的数字", "targets must be numbers above 0", column=goal_col,
                            row=first_bad_row(bad))
        name = col.split("（")[0].split("(")[0]
        real = np.array([float(frame[col].get(m, math.nan)) for m in months])
        out[f"{name}实际"] = real
        out[f"{name}目标"] = goal
        out[f"{name}达成率"] = real / goal
        out[f"{name}是否达标"] = real >= goal
        percent.append(f"{name}达成率")
    out.attrs["percent"] = percent
    return out


def groups_sentence(table: pd.DataFrame, what: str) -> str:
    """What a group comparison says: the spread, and whether it is beyond the noise.

    Args:
        table: output of :func:`compare_groups`.
        what: the rate's name, e.g. "90 天复购率".

    Returns:
        One sentence.

    >>> t = pd.DataFrame({"分组": ["甲", "乙"], "人数": [600, 650], "比例": [0.56, 0.58],
    ...                   "与其余显著不同": [False, False], "样本少": [False, False]})
    >>> print(groups_sentence(t, "复购率").replace("；", "；\\n"))
    各组复购率从 56.0%（甲）到 58.0%（乙），相差 2.0 个百分点；
    没有一组与其余人群的差异超出误差范围，不要据此调整策略。
    """
    t = table[~table["样本少"]]
    lo, hi = t.loc[t["比例"].idxmin()], t.loc[t["比例"].idxmax()]
    gap = " " if what[:1].isdigit() else ""
    head = (f"各组{gap}{what}从 {lo['比例']:.1%}（{lo['分组']}）到 {hi['比例']:.1%}（{hi['分组']}），"
            f"相差 {(hi['比例'] - lo['比例']) * 100:.1f} 个百分点；")
    real = t[t["与其余显著不同"]]["分组"].tolist()
    if not real:
        return head + "没有一组与其余人群的差异超出误差范围，不要据此调整策略。"
    return head + f"{'、'.join(real)}与其余人群的差异超出误差范围，值得深究。"


def target_sentence(table: pd.DataFrame) -> str:
    """How many months each metric reached its target.

    Args:
        table: output of :func:`compare_to_target`.

    Returns:
        One sentence.

    >>> t = pd.DataFrame({"月份": ["2025年1月", "2025年2月"], "销售额是否达标": [True, False]})
    >>> target_sentence(t)
    '2025年1月–2025年2月：销售额 2 个月中 1 个月达标。'
    """
    flags = [c for c in table.columns if c.endswith("是否达标")]
    parts = [f"{c.removesuffix('是否达标')} {len(table)} 个月中 {int(table[c].sum())} 个月达标" for c in flags]
    return f"{table['月份'].iloc[0]}–{table['月份'].iloc[-1]}：" + "；".join(parts) + "。"
