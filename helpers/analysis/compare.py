"""Comparison analysis: a number means something only against a reference.

Three references (the seeds' 对比分析):

* **against time** -- :func:`compare_periods`: this month against last month (环比) and the
  same month last year (同比, which removes the season);
* **against space** -- :func:`compare_groups`: rates of groups (regions, channels, city
  tiers) with their confidence intervals and a test against everyone else, so that a gap
  inside the noise is not read as a difference;
* **against target** -- :func:`compare_to_target`: actual against plan, month by month;
  :func:`target_title` and :func:`target_assumption` say what the comparison shows and what
  the plan took for granted.

Comparing two figures only makes sense when they are measured the same way:
:func:`retention_measures` lists every "留存" and "复购" of lecture 5 with its population,
window and denominator (the 口径对照表).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..data.transactions import _require
from ..errors import DataError, first_bad_row
from .experiments import compare_proportions, numbered, wilson_interval

#: The case's monthly targets: actual column of :func:`helpers.monthly_kpis` -> target column.
TARGET_PAIRS: dict[str, str] = {"新入会会员（人）": "new_members_target", "会员销售额（万元）": "sales_target_wan"}


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
        fractions (``attrs["signed"]``); NaN where a month is missing or the base is 0. A metric
        whose monthly values are all whole numbers (people) keeps them as ``int``; others are
        rounded to 1 decimal -- the three level columns hold both kinds, so a table shows
        214 people, not 214.0.

    >>> t = pd.DataFrame({"销售额": [100.5, 110.0, 121.26], "人数": [3.0, 4.0, 5.0]},
    ...                  index=["2024-12", "2025-11", "2025-12"])
    >>> compare_periods(t, "2025-12")[["本月", "上月", "去年同月"]].values.tolist()
    [[121.3, 110.0, 100.5], [5, 4, 3]]
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
        whole = bool((series.dropna() % 1 == 0).all())

        def level(v: float, whole: bool = whole) -> Any:
            return v if math.isnan(v) else (int(v) if whole else round(v, 1))

        rows.append({"指标": col, "本月": level(cur), "上月": level(prev),
                     "环比": cur / prev - 1 if prev else math.nan, "去年同月": level(last_year),
                     "同比": cur / last_year - 1 if last_year else math.nan})
    out = pd.DataFrame(rows).set_index("指标")
    out[["本月", "上月", "去年同月"]] = out[["本月", "上月", "去年同月"]].astype(object)
    for col, row in zip(cols, rows):
        out.loc[col, ["本月", "上月", "去年同月"]] = [row["本月"], row["上月"], row["去年同月"]]
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


def compare_to_target(actual: pd.DataFrame, target: pd.DataFrame, pairs: Mapping[str, str] | None = None,
                      month_col: str = "month") -> pd.DataFrame:
    """Actual against target, month by month: 实际, 目标, 达成率, 是否达标 per metric.

    Args:
        actual: a monthly table (index = months) with the actual values.
        target: a table with a month column and target columns.
        pairs: actual column -> target column, e.g. ``{"新入会会员（人）": "new_members_target"}``
            (default :data:`TARGET_PAIRS`, the case's two targets).
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
    pairs = TARGET_PAIRS if pairs is None else pairs
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


def target_title(table: pd.DataFrame) -> str:
    """A chart title that states only what the comparison shows: months on target per metric.

    Args:
        table: output of :func:`compare_to_target`.

    Returns:
        One sentence.

    >>> t = pd.DataFrame({"月份": ["2025年1月", "2025年2月"], "新入会会员是否达标": [True, True],
    ...                   "会员销售额是否达标": [False, False]})
    >>> target_title(t)
    '新入会会员 2/2 个月达标，会员销售额 0/2 个月达标'
    """
    flags = [c for c in table.columns if c.endswith("是否达标")]
    return "，".join(f"{c.removesuffix('是否达标')} {int(table[c].sum())}/{len(table)} 个月达标" for c in flags)


def target_assumption(target: pd.DataFrame, members: pd.DataFrame, sales_col: str = "sales_target_wan",
                      new_col: str = "new_members_target", month_col: str = "month",
                      join_col: str = "join_date") -> str:
    """What a sales plan took for granted: sales target per planned member, month by month.

    Planned members = members who joined before the plan year + the new-member targets so
    far. If the target per planned member is (nearly) the same every month, the plan counts
    every member who ever joined as still buying -- it assumes no churn.

    Args:
        target: the monthly targets (month, sales target in 万元, new-member target).
        members: the member list (join date).
        sales_col: the sales target column (万元).
        new_col: the new-member target column.
        month_col: the month column.
        join_col: the join date column of ``members``.

    Returns:
        One sentence.

    >>> t = pd.DataFrame({"month": ["2025-01", "2025-02"], "new_members_target": [10, 10],
    ...                   "sales_target_wan": [0.11, 0.12]})
    >>> m = pd.DataFrame({"join_date": ["2024-05-01"] * 100})
    >>> print(target_assumption(t, m).replace("：", "：\\n"))
    会员销售额目标 ÷ 计划会员数（2024 年底前入会的 100 人 + 当年累计计划新增）每个月都在 10.0–10.0 元之间：
    目标把入会过的会员都算成还在买，默认一个也不流失。
    """
    _require(target, [month_col, sales_col, new_col])
    _require(members, [join_col])
    first = _month(target[month_col].iloc[0])
    before = int((pd.to_datetime(members[join_col]) < first.start_time).sum())
    planned = before + pd.to_numeric(target[new_col]).cumsum().to_numpy(dtype=float)
    per = pd.to_numeric(target[sales_col]).to_numpy(dtype=float) * 1e4 / planned
    steady = per.max() / per.min() - 1 < 0.02
    text = (f"会员销售额目标 ÷ 计划会员数（{first.year - 1} 年底前入会的 {before:,} 人 + 当年累计计划新增）"
            f"每个月都在 {per.min():.1f}–{per.max():.1f} 元之间：")
    return text + ("目标把入会过的会员都算成还在买，默认一个也不流失。" if steady
                   else "各月差别较大，目标没有按会员人数同比例设定。")


def retention_measures() -> pd.DataFrame:
    """Every "留存" and "复购" measure of lecture 5 with its population, window and denominator.

    The same word names different measures in different sections; comparing two of them is
    only fair when the three columns agree. The rules are those of the functions' defaults
    and of the calls in the lecture notebook.

    Returns:
        Columns 类别, 指标, 本讲位置, 人群, 时间窗口, 分母; rows numbered from 1.

    >>> t = retention_measures()
    >>> t["类别"].value_counts().to_dict()
    {'复购': 6, '留存': 5}
    """
    from .definitions import CHURN_DAYS_B2C, SILENT_DAYS_B2C
    from .experiments import AB_METRICS

    ab = {name: (a, b) for name, a, b in AB_METRICS}
    short, long_ = (ab[k] for k in ab)
    rows = [
        ("留存", "月度留存（留存矩阵）", "第四节", "同一个月首次购买的一批会员（同期群）",
         "首购后第 k 个日历月当月有购买（不是“还在”：可以跳过一个月再回来）", "这一批的首购人数"),
        ("留存", "到第 k 个月为止回来过", "第四节", "首购后已观察满 k 个月的会员",
         "首购后第 1 至第 k 个日历月里至少买过一次", "这些会员的首购人数"),
        ("留存", "一年后留存（魔法数字检验）", "第五节", "2024 年首次购买的会员，按首购后 90 天内复购天数分组",
         "首购后第 181–365 天有购买", "同一组的人数"),
        ("留存", "实验留存（复购券 A/B）", "第七节", "2025 年 1–6 月首次购买、参加实验的会员",
         f"首购后第 {long_[0]}–{long_[1]} 天有购买", "各组人数"),
        ("留存", "渠道留存", "第八节、第十二节", "2024-01-01 至 2025-06-30 入会的会员（含从未购买的）",
         "入会后第 91–180 天有购买", "该渠道的入会人数"),
        ("复购", "年度复购率（关系维度）", "第一节", "2025 年有购买的会员", "2025 年内购买 ≥ 2 天",
         "2025 年有购买的会员"),
        ("复购", "漏斗里的“线上复购”", "第二节", "2025 年 1–10 月经 APP/小程序入会的会员",
         "入会后 60 天内第 2 次线上下单", "注册人数（总体转化率）；线上首单人数（上一步转化率）"),
        ("复购", "90 天内复购", "第七节对比分析", "2024-01-01 至 2025-09-30 首次购买的会员", "首购后第 1–90 天又买",
         "这些首购会员"),
        ("复购", "30 天内复购（复购券 A/B）", "第七节", "2025 年 1–6 月首次购买、参加实验的会员",
         f"首购后第 {short[0]}–{short[1]} 天又买", "各组人数"),
        ("复购", "第 k 次购买之后再买", "第五节选讲", "每一次购买（只算之后观察满 180 天的）",
         "这次购买后 180 天内再买", "第 k 次购买的人数"),
        ("复购", "成熟期的“买过 6 次”", "第三节", f"近 {SILENT_DAYS_B2C} 天内买过的会员",
         f"从入会起累计购买 ≥ 6 天，不限时间（超过 {CHURN_DAYS_B2C} 天没买就算流失）", "—（分阶段的规则，不是比例）"),
    ]
    return numbered(pd.DataFrame(rows, columns=["类别", "指标", "本讲位置", "人群", "时间窗口", "分母"]))
