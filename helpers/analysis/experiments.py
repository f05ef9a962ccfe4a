"""Proportions with honest uncertainty: confidence intervals, A/B tests and the sample size they need.

Lecture 5 compares rates (repeat-purchase rates, retention rates) between groups. A
difference between two percentages means little without its uncertainty, so every
comparison here comes with a 95% confidence interval, and an experiment with the number of
people per group it would need to detect a given difference.

* :func:`wilson_interval` -- the confidence interval of one proportion (Wilson score
  interval: sensible also for small groups and rates near 0 or 1);
* :func:`compare_proportions` -- the difference of two proportions: Wald interval (unpooled
  standard error) and a pooled two-sided z-test;
* :func:`sample_size_two_proportions` / :func:`min_detectable_effect` -- the usual
  normal-approximation formula ``n = (z_{1-alpha/2} + z_{power})^2 (p1 q1 + p2 q2) / delta^2``
  per group, and its inverse;
* :func:`srm_check` -- whether the two groups of an experiment are as balanced as a 50/50
  random split should make them (sample-ratio mismatch, a chi-square test);
* :func:`ab_test_summary` -- the lecture's coupon experiment: outcomes computed from the order
  log relative to each member's assignment date, one row per metric.

Only the standard library's :class:`statistics.NormalDist` and :func:`math.erfc` are used
(no scipy).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from ..data.transactions import _check_ids, _dates, _require
from ..errors import DataError, first_bad_row

#: Groups of the coupon experiment: control first, treatment second.
GROUPS: tuple[str, str] = ("对照组", "实验组")


def numbered(table: pd.DataFrame) -> pd.DataFrame:
    """The table with its rows numbered 1, 2, … (how a trainee counts rows), attrs kept.

    Args:
        table: a table with any index.

    Returns:
        The same table (not a copy) with a ``RangeIndex`` starting at 1.

    >>> numbered(pd.DataFrame({"a": [5, 6]})).index.tolist()
    [1, 2]
    """
    table.index = pd.RangeIndex(1, len(table) + 1)
    return table


def _z(conf: float) -> float:
    if not 0 < conf < 1:
        raise DataError(f"置信水平应在 0 和 1 之间，实际是 {conf!r}", f"conf must be between 0 and 1, got {conf!r}",
                        fix_zh="常用 0.95", fix_en="0.95 is usual")
    return NormalDist().inv_cdf(0.5 + conf / 2)


def _count(x: Any, n: Any, what: str) -> tuple[int, int]:
    if isinstance(x, bool) or isinstance(n, bool) or int(x) != x or int(n) != n or not 0 <= x <= n or n < 0:
        raise DataError(f"{what}：成功人数 {x!r} 和总人数 {n!r} 不合理（应为 0 ≤ 成功 ≤ 总数 的整数）",
                        f"{what}: successes {x!r} and size {n!r} must be whole numbers with 0 <= x <= n")
    return int(x), int(n)


def wilson_interval(x: int, n: int, conf: float = 0.95) -> tuple[float, float]:
    """The Wilson score confidence interval of a proportion ``x / n``.

    Centre ``(p + z²/2n) / (1 + z²/n)``, half-width ``z √(p(1−p)/n + z²/4n²) / (1 + z²/n)``.
    Unlike the textbook ``p ± z√(p(1−p)/n)`` it stays inside 0–1 and is honest for small
    groups (with 0 of 5 it does not claim "exactly 0%").

    Args:
        x: successes (e.g. members retained).
        n: group size.
        conf: confidence level.

    Returns:
        ``(low, high)`` as fractions; ``(nan, nan)`` when ``n`` is 0.

    >>> [round(v, 3) for v in wilson_interval(2, 4)]
    [0.15, 0.85]
    >>> [round(v, 3) for v in wilson_interval(0, 5)]
    [0.0, 0.434]
    """
    x, n = _count(x, n, "置信区间")
    if n == 0:
        return (math.nan, math.nan)
    z = _z(conf)
    p = x / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def compare_proportions(x_a: int, n_a: int, x_b: int, n_b: int, conf: float = 0.95) -> dict[str, Any]:
    """Compare two proportions: the difference B − A with its confidence interval and a z-test.

    * difference ``d = p_B − p_A``;
    * interval ``d ± z √(p_A(1−p_A)/n_A + p_B(1−p_B)/n_B)`` (Wald, unpooled);
    * two-sided z-test of "no difference" with the pooled proportion; ``significant`` when the
      interval excludes 0;
    * ``提示`` warns when a group is too small for the normal approximation
      (``n·p`` or ``n·(1−p)`` below 10).

    Args:
        x_a: successes in group A (the control).
        n_a: size of group A.
        x_b: successes in group B (the treatment).
        n_b: size of group B.
        conf: confidence level.

    Returns:
        A dict with ``p_a``, ``p_b``, ``diff``, ``se``, ``ci_low``, ``ci_high``, ``z``,
        ``p_value``, ``significant`` and ``提示``.

    >>> r = compare_proportions(215, 500, 255, 500)
    >>> round(r["diff"], 4), round(r["ci_low"], 5), round(r["ci_high"], 5), round(r["p_value"], 4), r["significant"]
    (0.08, 0.01833, 0.14167, 0.0113, True)
    """
    x_a, n_a = _count(x_a, n_a, "A 组")
    x_b, n_b = _count(x_b, n_b, "B 组")
    if n_a == 0 or n_b == 0:
        raise DataError("比较比例时，两组都至少要有 1 人", "both groups need at least one member",
                        fix_zh="检查分组是否写对", fix_en="check the group labels")
    z_crit = _z(conf)
    p_a, p_b = x_a / n_a, x_b / n_b
    diff = p_b - p_a
    se = math.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
    pooled = (x_a + x_b) / (n_a + n_b)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    z = diff / se0 if se0 > 0 else 0.0
    p_value = math.erfc(abs(z) / math.sqrt(2))
    low, high = diff - z_crit * se, diff + z_crit * se
    small = min(n_a * p_a, n_a * (1 - p_a), n_b * p_b, n_b * (1 - p_b)) < 10
    return {"p_a": p_a, "p_b": p_b, "diff": diff, "se": se, "ci_low": low, "ci_high": high, "z": z,
            "p_value": p_value, "significant": bool(low > 0 or high < 0),
            "提示": "样本太少，正态近似不可靠，结论仅供参考" if small else ""}


def sample_size_two_proportions(p_base: float, mde: float, alpha: float = 0.05, power: float = 0.80) -> int:
    """People needed **per group** to detect a rise from ``p_base`` to ``p_base + mde``.

    ``n = ⌈(z_{1−α/2} + z_{power})² · (p₁(1−p₁) + p₂(1−p₂)) / δ²⌉`` with ``p₁ = p_base``,
    ``p₂ = p₁ + δ`` (two-sided test at level ``alpha``).

    Args:
        p_base: the control group's rate (e.g. 0.18).
        mde: the minimum detectable effect, in fractions (0.02 = 2 percentage points), > 0.
        alpha: significance level.
        power: the chance of detecting a true effect of size ``mde``.

    Returns:
        The number per group.

    >>> sample_size_two_proportions(0.18, 0.02), sample_size_two_proportions(0.43, 0.08)
    (6036, 608)
    """
    if not 0 < p_base < 1 or not mde > 0 or not p_base + mde < 1:
        raise DataError(f"基线比例 {p_base!r} 或最小可检出差异 {mde!r} 不合理",
                        f"p_base {p_base!r} or mde {mde!r} out of range",
                        fix_zh="基线在 0 和 1 之间，差异大于 0，且两者之和小于 1（都写成小数，如 0.18 和 0.02）",
                        fix_en="0 < p_base < 1, mde > 0 and p_base + mde < 1 (as fractions)")
    if not 0 < alpha < 1 or not 0 < power < 1:
        raise DataError("显著性水平和功效都应在 0 和 1 之间", "alpha and power must be between 0 and 1")
    z = NormalDist().inv_cdf(1 - alpha / 2) + NormalDist().inv_cdf(power)
    p2 = p_base + mde
    return math.ceil(z * z * (p_base * (1 - p_base) + p2 * (1 - p2)) / (mde * mde) - 1e-9)


def min_detectable_effect(p_base: float, n_per_group: float, alpha: float = 0.05, power: float = 0.80,
                          n_other: float | None = None) -> float:
    """The smallest rise over ``p_base`` that groups of this size can detect (two-sided test).

    Solves ``δ = (z_{1−α/2} + z_{power}) · √(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂)`` for ``δ`` with
    ``p₂ = p₁ + δ`` (bisection to 1e-7). With two equal groups this is the inverse of
    :func:`sample_size_two_proportions`: at ``p₁ = 0.10`` the textbook example needs
    ``7.849 · (0.09 + 0.1275) / 0.05² = 682.9`` people per group for ``δ = 0.05``, so 683
    per group detect about 5 percentage points.

    Args:
        p_base: the control group's rate.
        n_per_group: people in the control group (and in the other group, unless ``n_other``).
        alpha: significance level.
        power: power.
        n_other: people in the treatment group, if different.

    Returns:
        The effect as a fraction (0.073 = 7.3 percentage points); NaN if even ``p₂ = 1`` is
        not detectable.

    >>> round(min_detectable_effect(0.18, 500), 4), round(min_detectable_effect(0.10, 683), 4)
    (0.0727, 0.05)
    """
    n_b = n_per_group if n_other is None else n_other
    if not 0 < p_base < 1 or min(n_per_group, n_b) < 2:
        raise DataError("基线比例应在 0 和 1 之间，每组至少 2 人", "need 0 < p_base < 1 and n_per_group >= 2")
    if not 0 < alpha < 1 or not 0 < power < 1:
        raise DataError("显著性水平和功效都应在 0 和 1 之间", "alpha and power must be between 0 and 1")
    z = NormalDist().inv_cdf(1 - alpha / 2) + NormalDist().inv_cdf(power)

    def short(d: float) -> float:
        """How far d falls short of being detectable (> 0: not detectable)."""
        p2 = p_base + d
        return z * math.sqrt(p_base * (1 - p_base) / n_per_group + p2 * (1 - p2) / n_b) - d

    low, high = 1e-9, 1 - p_base - 1e-9
    if short(high) > 0:
        return math.nan
    while high - low > 1e-7:
        mid = (low + high) / 2
        low, high = (mid, high) if short(mid) > 0 else (low, mid)
    return high


def srm_check(ab: pd.DataFrame, group_col: str = "group") -> dict[str, Any]:
    """Sample-ratio mismatch: are the two groups as balanced as a 50/50 random split makes them?

    Chi-square test (1 degree of freedom) of the two group sizes against equal halves;
    ``异常`` when ``p < 0.001`` -- then the randomisation or the logging is broken and the
    experiment's result should not be trusted.

    Args:
        ab: one row per member in the experiment.
        group_col: the column with the group (exactly two values).

    Returns:
        A dict: ``人数`` (group -> size), ``chi2``, ``p`` and ``异常`` (bool).

    >>> r = srm_check(pd.DataFrame({"group": ["对照组"] * 560 + ["实验组"] * 440}))
    >>> round(r["chi2"], 1), round(r["p"], 6), r["异常"]
    (14.4, 0.000148, True)
    """
    _require(ab, [group_col])
    counts = ab[group_col].astype(str).value_counts()
    if len(counts) != 2:
        raise DataError(f"实验应正好有两组，实际有 {len(counts)} 组：{'、'.join(counts.index)}",
                        f"an experiment needs exactly two groups, found {len(counts)}", column=group_col)
    n = counts.to_numpy(dtype=float)
    expected = n.sum() / 2
    chi2 = float(((n - expected) ** 2 / expected).sum())
    p = math.erfc(math.sqrt(chi2 / 2))
    order = [g for g in GROUPS if g in counts.index] + [g for g in counts.index if g not in GROUPS]
    return {"人数": {g: int(counts[g]) for g in order}, "chi2": chi2, "p": p, "异常": bool(p < 0.001)}


#: Columns of the A/B summary with the difference and its interval, in percentage points.
DIFF, LOW, HIGH = "差值（百分点）", "置信下限（百分点）", "置信上限（百分点）"
#: Column of the A/B summary: the smallest difference this experiment could detect.
MDE = "本实验能检出的最小差值（百分点）"
#: The lecture's two outcome metrics: (name, first day, last day) after the assignment date.
AB_METRICS: tuple[tuple[str, int, int], ...] = (("30天内复购", 1, 30), ("第91–180天留存", 91, 180))


def ab_outcomes(ab: pd.DataFrame, orders: pd.DataFrame, member_col: str = "member_id",
                date_col: str = "order_date", assigned_col: str = "assigned_date",
                metrics: Sequence[tuple[str, int, int]] = AB_METRICS) -> pd.DataFrame:
    """Each experiment member's outcomes, computed from the order log (nothing is stored twice).

    A metric ``(name, first, last)`` is true when the member has a purchase day ``first`` to
    ``last`` days after the assignment date (the day of the first purchase).

    Args:
        ab: one row per member: member id, assignment date, group.
        orders: the order log (member id, order date).
        member_col: member id column (both tables).
        date_col: order date column.
        assigned_col: assignment date column of ``ab``.
        metrics: the outcome windows.

    Returns:
        ``ab`` with one boolean column per metric.

    Raises:
        DataError: a member's window ends after the last order date (the outcome is not yet
            observed), or a member of the experiment has no order at all.

    >>> ab = pd.DataFrame({"member_id": ["a", "b"], "assigned_date": ["2025-01-01"] * 2, "group": ["对照组", "实验组"]})
    >>> orders = pd.DataFrame({"member_id": ["a", "b", "b", "a"],
    ...                        "order_date": ["2025-01-01", "2025-01-01", "2025-01-20", "2025-06-30"]})
    >>> ab_outcomes(ab, orders)[["member_id", "30天内复购", "第91–180天留存"]].values.tolist()
    [['a', False, True], ['b', True, False]]
    """
    _require(ab, [member_col, assigned_col])
    _require(orders, [member_col, date_col])
    _check_ids(ab[member_col], member_col)
    _check_ids(orders[member_col], member_col)
    assigned = _dates(ab[assigned_col], assigned_col).astype("datetime64[D]").astype(np.int64)
    days = _dates(orders[date_col], date_col).astype("datetime64[D]").astype(np.int64)
    data_end = int(days.max())
    known = pd.Index(orders[member_col].unique())
    missing = ~ab[member_col].isin(known).to_numpy()
    if missing.any():
        who = ab[member_col].iloc[int(np.flatnonzero(missing)[0])]
        raise DataError(f"实验名单里的会员 {who!r} 在订单表里没有任何订单",
                        "a member of the experiment has no order at all (the assignment date is the first purchase)",
                        fix_zh="检查会员编号是否与订单表一致", fix_en="check that member ids match the order log",
                        column=member_col, row=first_bad_row(missing))
    last_window = max(last for _, _, last in metrics)
    late = assigned + last_window > data_end
    if late.any():
        end = np.datetime64(int(data_end), "D")
        raise DataError(f"观察期不够：有会员的观察窗口（分组后第 {last_window} 天）超过了数据的最后一天 {end}",
                        f"the outcome window (day {last_window}) of some members ends after the data end {end}",
                        fix_zh="只分析分组日期足够早的会员，或等数据更新后再算", fix_en="use earlier members or wait",
                        column=assigned_col, row=first_bad_row(late))
    codes = pd.Index(ab[member_col]).get_indexer(orders[member_col])
    inside = codes >= 0
    rel = days[inside] - assigned[codes[inside]]
    out = ab.copy()
    for name, first, last in metrics:
        hit = (rel >= first) & (rel <= last)
        flag = np.zeros(len(ab), dtype=bool)
        flag[codes[inside][hit]] = True
        out[name] = flag
    return out


def ab_test_summary(ab: pd.DataFrame, orders: pd.DataFrame, member_col: str = "member_id",
                    date_col: str = "order_date", group_col: str = "group", assigned_col: str = "assigned_date",
                    metrics: Sequence[tuple[str, int, int]] = AB_METRICS, conf: float = 0.95,
                    groups: tuple[str, str] = GROUPS) -> pd.DataFrame:
    """The experiment's result table: one row per metric, control (A) against treatment (B).

    Args:
        ab: one row per member (member id, assignment date, group).
        orders: the order log.
        member_col: member id column.
        date_col: order date column.
        group_col: group column of ``ab``.
        assigned_col: assignment date column of ``ab``.
        metrics: outcome windows ``(name, first day, last day)``.
        conf: confidence level.
        groups: (control, treatment) labels.

    Returns:
        Columns 指标, A组人数, A组比例, B组人数, B组比例, 差值（百分点） (B − A), 置信下限（百分点）,
        置信上限（百分点）, 是否显著 (bool), 本实验能检出的最小差值（百分点） (:func:`min_detectable_effect`
        at the control rate, both group sizes, 80% power, two-sided 5%); rows numbered from 1.
        ``attrs["percent"]`` lists the rate columns; ``attrs["p值"]`` has the z-tests' p-values.

    >>> ab = pd.DataFrame({"member_id": list("abcd"), "assigned_date": ["2025-01-01"] * 4,
    ...                    "group": ["对照组", "对照组", "实验组", "实验组"]})
    >>> orders = pd.DataFrame({"member_id": list("abcdcd"),
    ...                        "order_date": ["2025-01-01"] * 4 + ["2025-01-10", "2025-03-01"]})
    >>> s = ab_test_summary(ab, orders, metrics=(("30天内复购", 1, 30),))
    >>> s[["A组比例", "B组比例", DIFF]].values.tolist()
    [[0.0, 0.5, 50.0]]
    """
    _require(ab, [group_col])
    labels = ab[group_col].astype(str)
    unknown = ~labels.isin(groups).to_numpy()
    if unknown.any():
        raise DataError(f"分组只能是 {'、'.join(groups)}，这里是 {labels.iloc[int(np.flatnonzero(unknown)[0])]!r}",
                        f"groups must be {', '.join(groups)}", column=group_col, row=first_bad_row(unknown))
    outcomes = ab_outcomes(ab, orders, member_col, date_col, assigned_col, metrics)
    a, b = (outcomes[labels.to_numpy() == g] for g in groups)
    rows, p_values = [], []
    for name, _, _ in metrics:
        r = compare_proportions(int(a[name].sum()), len(a), int(b[name].sum()), len(b), conf)
        mde = min_detectable_effect(r["p_a"], len(a), n_other=len(b)) if 0 < r["p_a"] < 1 and min(len(a), len(b)) >= 2 \
            else math.nan
        rows.append({"指标": name, "A组人数": len(a), "A组比例": r["p_a"], "B组人数": len(b), "B组比例": r["p_b"],
                     DIFF: r["diff"] * 100, LOW: r["ci_low"] * 100, HIGH: r["ci_high"] * 100,
                     "是否显著": r["significant"], MDE: mde * 100})
        p_values.append(r["p_value"])
    table = numbered(pd.DataFrame(rows))
    table.attrs["percent"] = ["A组比例", "B组比例"]
    table.attrs["groups"] = groups
    table.attrs["p值"] = p_values
    return table


def ab_title(summary: pd.DataFrame) -> str:
    """The headline of the A/B result: what is reliable and what is not yet.

    Args:
        summary: output of :func:`ab_test_summary` (first row = the short-term metric).

    Returns:
        One sentence.

    >>> s = pd.DataFrame({"指标": ["30天内复购", "第91–180天留存"], DIFF: [8.0, 2.0],
    ...                   "是否显著": [True, False]})
    >>> ab_title(s)
    '复购券让30天内复购提高 +8.0 个百分点（可信）；对第91–180天留存的作用 +2.0 个百分点，还无法确定'
    """
    parts = []
    for i, (_, row) in enumerate(summary.iterrows()):
        verdict = "可信" if row["是否显著"] else "还无法确定"
        if i == 0:
            parts.append(f"复购券让{row['指标']}提高 {row[DIFF]:+.1f} 个百分点（{verdict}）")
        elif row["是否显著"]:
            parts.append(f"对{row['指标']}的作用 {row[DIFF]:+.1f} 个百分点（{verdict}）")
        else:
            parts.append(f"对{row['指标']}的作用 {row[DIFF]:+.1f} 个百分点，{verdict}")
    return "；".join(parts)


def ab_power_sentence(summary: pd.DataFrame, power: float = 0.80, alpha: float = 0.05) -> str:
    """What the experiment can and cannot tell, per metric: its interval and the smallest detectable difference.

    A metric whose interval excludes 0 is reliable (the lower end is the cautious figure); for
    one whose interval includes 0 the sentence says how large a difference the experiment
    could have detected at all -- "not detected" is not "no effect".

    Args:
        summary: output of :func:`ab_test_summary`.
        power: the power used for the detectable difference (stated in the sentence).
        alpha: the significance level (stated in the sentence).

    Returns:
        One paragraph (a sentence per metric).

    >>> s = pd.DataFrame({"指标": ["30天内复购", "第91–180天留存"], "A组人数": [465, 465], "B组人数": [463, 463],
    ...                   DIFF: [8.4, -0.3], LOW: [2.0, -6.0], HIGH: [14.8, 5.3], "是否显著": [True, False],
    ...                   MDE: [9.1, 8.4]})
    >>> print(ab_power_sentence(s).replace("。", "。\\n").strip())
    对照组 465 人、实验组 463 人（功效 80%、双侧显著性 5%）。
    30天内复购：差值 +8.4 个百分点，95% 置信区间 +2.0 至 +14.8，不含 0，可信；保守地看，提升可能只有 2 个百分点左右。
    第91–180天留存：差值 -0.3 个百分点，95% 置信区间 -6.0 至 +5.3，包含 0：真实作用可能是 0，也可能是 +5 个百分点左右。
    本实验只能检出 8.4 个百分点以上的差别，测不出更小的第91–180天留存差别——“没测出来”不等于“没有作用”。
    """
    groups = summary.attrs.get("groups", GROUPS)
    parts = [f"{groups[0]} {int(summary['A组人数'].iloc[0]):,} 人、{groups[1]} {int(summary['B组人数'].iloc[0]):,} 人"
             f"（功效 {power:.0%}、双侧显著性 {alpha:.0%}）。"]
    for _, row in summary.iterrows():
        d, lo, hi = float(row[DIFF]), float(row[LOW]), float(row[HIGH])
        head = f"{row['指标']}：差值 {d:+.1f} 个百分点，95% 置信区间 {lo:+.1f} 至 {hi:+.1f}"
        if row["是否显著"]:
            parts.append(head + f"，不含 0，可信；保守地看，提升可能只有 {abs(lo):.0f} 个百分点左右。"
                         if lo > 0 else head + "，不含 0，可信。")
        else:
            parts.append(head + f"，包含 0：真实作用可能是 0，也可能是 {hi:+.0f} 个百分点左右。"
                         f"本实验只能检出 {float(row[MDE]):.1f} 个百分点以上的差别，测不出更小的{row['指标']}差别"
                         "——“没测出来”不等于“没有作用”。")
    return "".join(parts)


def srm_sentence(srm: dict[str, Any]) -> str:
    """The sample-ratio check as a sentence.

    Args:
        srm: output of :func:`srm_check`.

    Returns:
        One sentence.

    >>> srm_sentence(srm_check(pd.DataFrame({"group": ["对照组"] * 465 + ["实验组"] * 463})))
    '分组人数：对照组 465 人、实验组 463 人；卡方检验 p = 0.95：两组人数没有失衡。'
    """
    counts = "、".join(f"{g} {n:,} 人" for g, n in srm["人数"].items())
    if srm["异常"]:
        return f"分组人数：{counts}；卡方检验 p < 0.001：两组人数明显失衡，先查分组和记录，再看结果。"
    return f"分组人数：{counts}；卡方检验 p = {srm['p']:.2f}：两组人数没有失衡。"
