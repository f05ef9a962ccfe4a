"""Key accounts: select them by weighted scoring, then monitor them with alerts.

* :func:`default_key_account_criteria` / :func:`key_account_scores` -- each criterion as 0-100
  points, weighted into one score (the weights are the company's policy). Only customers who
  bought in the window are scored; amounts are scaled as a share of the largest (so 563 万 and
  97 万 stay far apart), ratios by percentile rank;
* :func:`near_cut`, :func:`weight_sensitivity` -- how close the list is at its cut and how many
  names a small change of one weight swaps: a list with a thin margin is shown as such;
* :func:`account_monitor` -- the last quarters' sales, year-on-year change, days since the
  last order and alerts; :func:`alert_actions` -- what to do for each alert.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..data.transactions import _require, clean_transactions
from ..errors import DataError
from .accounts import _as_of, _sales_wan, _two_windows

if TYPE_CHECKING:  # pragma: no cover
    pass


#: How a criterion becomes 0-100 points: amounts as a share of the largest customer's, so
#: that size differences survive; ratios (growth, margin, years) by percentile rank.
SCALES: dict[str, str] = {
    "占最大值": "本客户 ÷ 最大的客户 × 100：一半大得 50 分，差距按比例保留",
    "百分位": "按排名换算：最好的 100 分、最差的 0 分，中间按名次均匀分布",
}


def default_key_account_criteria() -> pd.DataFrame:
    """The default criteria and weights for selecting key accounts (A 级重点客户).

    Size counts through current sales (50%); what the customer still buys elsewhere through
    增长空间 (headroom = purchase potential - our sales, 20%), which is not just size again;
    growth, margin and years together 30%.

    Returns:
        A small table: 指标 (criterion), 列名 (column in the metrics table), 权重 (weight),
        越大越好 (True when a larger value is better) and 换算 (a key of :data:`SCALES`).
        Edit it and pass it to :func:`key_account_scores`.

    >>> c = default_key_account_criteria()
    >>> float(round(c["权重"].sum(), 9)), c["指标"].tolist()[:2]
    (1.0, ['当前销售额', '增长空间'])
    """
    return pd.DataFrame({
        "指标": ["当前销售额", "增长空间", "销售增长", "毛利率", "合作年限"],
        "列名": ["销售额_万元", "增长空间_万元", "同比增长", "毛利率", "合作年限"],
        "权重": [0.50, 0.20, 0.10, 0.10, 0.10],
        "越大越好": [True, True, True, True, True],
        "换算": ["占最大值", "占最大值", "百分位", "百分位", "百分位"],
    })


def criteria_view(criteria: pd.DataFrame) -> pd.DataFrame:
    """The criteria as a trainee reads them: no internal column names, the scaling in words.

    Args:
        criteria: a table like :func:`default_key_account_criteria`.

    Returns:
        Indexed by 指标: 权重 (a fraction, in ``attrs["percent"]``), 方向, 换算成 0–100 分.

    >>> criteria_view(default_key_account_criteria()).loc["增长空间", "方向"]
    '越大越好'
    """
    out = pd.DataFrame({
        "指标": criteria["指标"].to_numpy(),
        "权重": pd.to_numeric(criteria["权重"], errors="coerce").to_numpy(),
        "方向": np.where(criteria["越大越好"].astype(bool), "越大越好", "越小越好"),
        "换算成 0–100 分": [SCALES.get(str(k), str(k)) for k in criteria.get("换算", ["百分位"] * len(criteria))],
    }).set_index("指标")
    out.attrs["percent"] = ["权重"]
    return out


def _points(values: pd.Series, larger_better: bool, scale: str) -> pd.Series:
    """One criterion as 0..100 points (missing: 50, neutral)."""
    values = pd.to_numeric(values, errors="coerce").astype(float)
    if scale == "占最大值":
        if not larger_better:
            raise DataError("“占最大值”只用于越大越好的金额", "share-of-maximum needs a larger-is-better amount",
                            fix_zh="越小越好的指标请用“百分位”", fix_en="use 百分位 for smaller-is-better criteria")
        top = values.max()
        points = values.clip(lower=0) / top * 100 if top and top > 0 else values * 0.0
        return points.fillna(50.0)
    if scale != "百分位":
        raise DataError(f"不认识的换算方式：{scale!r}", f"unknown scaling {scale!r}",
                        fix_zh="请填“占最大值”或“百分位”", fix_en="use 占最大值 or 百分位", column="换算")
    if not larger_better:
        values = -values
    n = int(values.notna().sum())
    points = (values.rank(method="average") - 1) / max(n - 1, 1) * 100  # worst 0, best 100
    if n == 1:
        points[values.notna()] = 100.0
    return points.fillna(50.0)


def key_account_scores(frame: pd.DataFrame, criteria: pd.DataFrame | None = None,
                       top: int | None = None, buyers: str | None = "销售额_万元") -> pd.DataFrame:
    """Score customers 0..100 on weighted criteria and rank them.

    **Population.** When ``frame`` has the ``buyers`` column, only customers with a value
    above 0 there (those who bought in the window) are scored: a customer who bought nothing
    is not a key-account candidate but a churned one (listed elsewhere), and scoring it would
    hand it neutral points for missing growth and margin. ``attrs["excluded"]`` says how many.

    **Points.** Each criterion becomes 0..100 points by its 换算 (:data:`SCALES`): 占最大值 =
    value / the largest value x 100 (amounts: a customer half the size gets half the points),
    百分位 = percentile rank (100 = best; ties share the average rank). A criteria table
    without a 换算 column uses 百分位 throughout. A missing value (e.g. the growth of a
    customer new this year) gets 50 points. The total is the weighted mean of the points
    (weights are normalised to 1).

    Args:
        frame: one row per customer with the criteria's columns.
        criteria: table like :func:`default_key_account_criteria` (default: that table).
        top: mark the ``top`` best customers as 入选 (selected); ``attrs["margin"]`` is then
            the score gap between the last selected and the first not selected.
        buyers: the column whose value must be above 0 to be scored, or None to score all.

    Returns:
        A DataFrame (best first) with one 得分_<指标> column per criterion, 综合得分, 排名
        and -- with ``top`` -- 入选. :func:`scores_view` shows it with Chinese headers.

    >>> f = pd.DataFrame({"x": [1, 2, 3], "y": [10, 30, 20]}, index=["A", "B", "C"])
    >>> c = pd.DataFrame({"指标": ["X", "Y"], "列名": ["x", "y"], "权重": [3, 1], "越大越好": [True, False]})
    >>> key_account_scores(f, c)["综合得分"].to_dict()   # C: 0.75*100 + 0.25*50
    {'C': 87.5, 'B': 37.5, 'A': 25.0}
    >>> m = pd.DataFrame({"销售额_万元": [400.0, 100.0, 0.0]}, index=["大", "小", "无"])
    >>> c = pd.DataFrame({"指标": ["当前销售额"], "列名": ["销售额_万元"], "权重": [1], "越大越好": [True],
    ...                   "换算": ["占最大值"]})
    >>> s = key_account_scores(m, c)
    >>> s["综合得分"].to_dict(), s.attrs["excluded"]
    ({'大': 100.0, '小': 25.0}, 1)
    """
    criteria = default_key_account_criteria() if criteria is None else criteria
    _require(criteria, ["指标", "列名", "权重", "越大越好"])
    _require(frame, list(criteria["列名"]))
    weights = pd.to_numeric(criteria["权重"], errors="coerce").to_numpy(float)
    if np.isnan(weights).any() or (weights < 0).any() or weights.sum() <= 0:
        raise DataError("权重必须是非负数，且合计大于 0", "weights must be non-negative with a positive sum",
                        fix_zh="请检查权重列", fix_en="check the weights", column="权重")
    weights = weights / weights.sum()
    excluded = 0
    if buyers is not None and buyers in frame.columns:
        bought = pd.to_numeric(frame[buyers], errors="coerce").fillna(0) > 0
        excluded = int((~bought).sum())
        frame = frame[bought.to_numpy()]
    scales = criteria["换算"] if "换算" in criteria.columns else pd.Series("百分位", index=criteria.index)
    out = pd.DataFrame(index=frame.index)
    total = np.zeros(len(frame))
    for (_, row), w, scale in zip(criteria.iterrows(), weights, scales):
        points = _points(frame[row["列名"]], bool(row["越大越好"]), str(scale))
        out[f"得分_{row['指标']}"] = points.round(1)
        total += w * points.to_numpy()
    out["综合得分"] = np.round(total, 1)
    out = out.sort_values("综合得分", ascending=False, kind="stable")
    out["排名"] = np.arange(1, len(out) + 1)
    out.attrs.update(excluded=excluded, criteria=list(criteria["指标"]))
    if top is not None:
        out["入选"] = out["排名"] <= top
        if len(out) > top:
            out.attrs["margin"] = round(float(out["综合得分"].iloc[top - 1] - out["综合得分"].iloc[top]), 1)
    return out


def scores_view(scores: pd.DataFrame, names: pd.Series | None = None, rows: int | None = None) -> pd.DataFrame:
    """:func:`key_account_scores` as a trainee reads it: Chinese headers, names first.

    Args:
        scores: the output of :func:`key_account_scores`.
        names: customer names by id (the index becomes 客户名称 when given, else 客户编号).
        rows: show only the first ``rows`` rows.

    Returns:
        The table with 排名 first and the criterion columns renamed "<指标>得分"; booleans stay
        booleans (:func:`helpers.show` writes 是/否).

    >>> s = pd.DataFrame({"得分_X": [100.0], "综合得分": [100.0], "排名": [1]}, index=["C1"])
    >>> list(scores_view(s).reset_index().columns)
    ['客户编号', '排名', 'X得分', '综合得分']
    """
    out = scores if rows is None else scores.head(rows)
    out = out.rename(columns=lambda c: f"{c[3:]}得分" if str(c).startswith("得分_") else c)
    out = out[["排名", *[c for c in out.columns if c != "排名"]]]
    if names is not None:
        out = out.set_axis(pd.Index(pd.Series(names).reindex(out.index).fillna(pd.Series(out.index, index=out.index))
                                    .to_numpy(), name="客户名称"))
    else:
        out = out.rename_axis("客户编号")
    return out


def near_cut(scores: pd.DataFrame, top: int, before: int = 2, after: int = 3) -> pd.DataFrame:
    """The ranks around the cut of a top-``top`` list, with each score's distance to the cut.

    Args:
        scores: the output of :func:`key_account_scores`.
        top: the size of the list (e.g. 12).
        before: how many selected ranks to show above the cut.
        after: how many ranks below it.

    Returns:
        Ranks ``top - before + 1`` .. ``top + after`` with 排名, 综合得分, 入选 and 距入选线
        (score minus the last selected score; negative = below the line).

    >>> s = key_account_scores(pd.DataFrame({"x": [5.0, 4.0, 3.0, 2.0]}, index=list("ABCD")),
    ...     pd.DataFrame({"指标": ["X"], "列名": ["x"], "权重": [1], "越大越好": [True]}), top=2)
    >>> near_cut(s, 2, before=1, after=1)[["排名", "距入选线"]].values.tolist()
    [[2.0, 0.0], [3.0, -33.4]]
    """
    line = float(scores["综合得分"].iloc[top - 1])
    part = scores.iloc[max(top - before, 0):top + after].copy()
    part["入选"] = part["排名"] <= top
    part["距入选线"] = (part["综合得分"] - line).round(1)
    return part[["排名", "综合得分", "入选", "距入选线"]]


def weight_sensitivity(frame: pd.DataFrame, criteria: pd.DataFrame | None = None, top: int = 12,
                       step: float = 0.05) -> pd.DataFrame:
    """How many names of the top-``top`` list change when one weight moves by ``step``.

    Each criterion's weight is moved up and down by ``step`` (0.05 = 5 percentage points,
    never below 0), the weights are normalised again, and the new top list is compared with
    the original.

    Args:
        frame: the metrics table given to :func:`key_account_scores`.
        criteria: the criteria (default: :func:`default_key_account_criteria`).
        top: the size of the list.
        step: the change of one weight.

    Returns:
        Indexed by 指标: 权重, 调高后换掉几家, 调低后换掉几家.

    >>> # points: X  A 100, B 50, C 0; Y  A 0, B 100, C 50 -> B leads with 75 (A 50)
    >>> f = pd.DataFrame({"x": [9.0, 8.0, 1.0], "y": [1.0, 9.0, 5.0]}, index=list("ABC"))
    >>> c = pd.DataFrame({"指标": ["X", "Y"], "列名": ["x", "y"], "权重": [0.5, 0.5], "越大越好": [True, True]})
    >>> weight_sensitivity(f, c, top=1, step=0.05)["调高后换掉几家"].tolist()
    [0, 0]
    >>> weight_sensitivity(f, c, top=1, step=1.0)["调高后换掉几家"].tolist()   # X 1.5 : Y 0.5 -> A 75, B 62.5
    [1, 0]
    """
    criteria = default_key_account_criteria() if criteria is None else criteria
    base = set(key_account_scores(frame, criteria).index[:top])
    rows = []
    for i, name in enumerate(criteria["指标"]):
        moved = {}
        for label, sign in (("调高后换掉几家", 1), ("调低后换掉几家", -1)):
            changed = criteria.copy()
            weights = pd.to_numeric(changed["权重"], errors="coerce").astype(float)
            weights = weights / weights.sum()
            weights.iloc[i] = max(weights.iloc[i] + sign * step, 0.0)
            changed["权重"] = weights.to_numpy()
            moved[label] = len(base - set(key_account_scores(frame, changed).index[:top]))
        rows.append({"指标": name, "权重": float(pd.to_numeric(criteria["权重"]).iloc[i]
                                              / pd.to_numeric(criteria["权重"]).sum()), **moved})
    out = pd.DataFrame(rows).set_index("指标")
    out.attrs["percent"] = ["权重"]
    return out


def selection_sentence(scores: pd.DataFrame, frame: pd.DataFrame, top: int = 12,
                       sensitivity: pd.DataFrame | None = None, value_col: str = "销售额_万元") -> str:
    """The A-level list in words: who was scored, the share of sales it holds, how firm its cut is.

    Args:
        scores: the output of :func:`key_account_scores` with ``top``.
        frame: the metrics table that was scored.
        top: the size of the list.
        sensitivity: the output of :func:`weight_sensitivity` (optional).
        value_col: the sales column of ``frame``.

    Returns:
        Chinese sentences.

    >>> f = pd.DataFrame({"销售额_万元": [50.0, 30.0, 20.0, 0.0]}, index=list("ABCD"))
    >>> c = pd.DataFrame({"指标": ["当前销售额"], "列名": ["销售额_万元"], "权重": [1], "越大越好": [True],
    ...                   "换算": ["占最大值"]})
    >>> print(selection_sentence(key_account_scores(f, c, top=1), f, top=1).replace("；", "；\\n"))
    在近 12 个月有订单的 3 家客户中评分（1 家没有订单，不参加）；
    前 1 家占这些客户销售额的 50.0%，其中 1 家也是销售额最大的 1 家。第 1 名与第 2 名相差 40.0 分。
    """
    sales = pd.to_numeric(frame[value_col], errors="coerce").fillna(0)
    chosen = scores.index[:top]
    biggest = sales[sales > 0].nlargest(top).index
    text = (f"在近 12 个月有订单的 {len(scores):,} 家客户中评分（{scores.attrs.get('excluded', 0):,} 家没有订单，"
            f"不参加）；前 {top} 家占这些客户销售额的 {sales[chosen].sum() / sales.sum():.1%}，"
            f"其中 {len(set(chosen) & set(biggest))} 家也是销售额最大的 {top} 家。")
    if "margin" in scores.attrs:
        text += f"第 {top} 名与第 {top + 1} 名相差 {scores.attrs['margin']:.1f} 分。"
    if sensitivity is not None:
        worst = int(sensitivity[["调高后换掉几家", "调低后换掉几家"]].to_numpy().max())
        text += (f"任意一项权重调高或调低 5 个百分点，名单最多换掉 {worst} 家：入选线附近的客户分数很接近，"
                 "名单要和销售团队一起复核，不要当成精确的排名。")
    return text



#: A quarter counts as a fall (下滑) when it is at least this much below the quarter before;
#: the same line draws the trend arrow, so an arrow never contradicts a fall alert.
FALL = 0.1



def trend_arrow(last: float, previous: float, fall: float = FALL) -> str:
    """The trend symbol of the monitor: the last quarter against the quarter before (环比).

    ``↑`` at least ``fall`` (10%) up, ``↓`` at least ``fall`` down, ``→`` in between; a
    quarter with sales after one without counts as up; two quarters without sales give
    ``—`` (nothing to compare).

    Args:
        last: sales of the last quarter.
        previous: sales of the quarter before.
        fall: the change that counts as a move.

    Returns:
        One of "↑", "↓", "→", "—".

    >>> trend_arrow(80, 100), trend_arrow(95, 100), trend_arrow(5, 0), trend_arrow(0, 0)
    ('↓', '→', '↑', '—')
    """
    if previous <= 0:
        return "↑" if last > 0 else "—"
    change = last / previous - 1
    if change >= fall - 1e-12:
        return "↑"
    if change <= -fall + 1e-12:
        return "↓"
    return "→"



def watch_list(scores: pd.DataFrame, frame: pd.DataFrame, top: int = 12, biggest: int = 20,
               value_col: str = "销售额_万元") -> pd.Series:
    """Who the monitor watches: the A-level list and the largest customers, whichever list they are on.

    A score list misses some large accounts (its cut is close); the monitor should not. So it
    watches the ``top`` selected accounts and the ``biggest`` customers by current sales.

    Args:
        scores: the output of :func:`key_account_scores`.
        frame: the metrics table that was scored.
        top: the size of the A-level list.
        biggest: how many of the largest customers to add.
        value_col: the sales column of ``frame``.

    Returns:
        The list (A 级 first, then the other large customers by sales): customer id -> "A 级",
        "A 级、销售额前 20" or "销售额前 20".

    >>> s = pd.DataFrame({"综合得分": [90.0, 80.0, 10.0]}, index=["A", "B", "C"])
    >>> f = pd.DataFrame({"销售额_万元": [5.0, 100.0, 50.0]}, index=["A", "B", "C"])
    >>> watch_list(s, f, top=1, biggest=2).to_dict()
    {'A': 'A 级', 'B': '销售额前 2', 'C': '销售额前 2'}
    """
    chosen = list(scores.index[:top])
    sales = pd.to_numeric(frame[value_col], errors="coerce").fillna(0)
    large = list(sales[sales > 0].sort_values(ascending=False, kind="stable").index[:biggest])
    tag = f"销售额前 {biggest}"
    out = {c: ("A 级、" + tag if c in large else "A 级") for c in chosen}
    out.update({c: tag for c in large if c not in out})
    return pd.Series(out, name="名单")



#: Monitor columns a trainee reads (units in the header).
LAST12 = "近 12 个月销售额（万元）"
DAYS = "距上次下单（天）"


def account_monitor(
    orders: pd.DataFrame,
    accounts: Iterable[Any],
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    amount_col: str = "amount",
    as_of: Any = None,
    quarters: int = 4,
    drop_alert: float = 0.2,
    drop_wan: float = 50.0,
    silent_days: int = 90,
    qoq_alert: float = 0.5,
    names: pd.Series | None = None,
    tags: pd.Series | None = None,
) -> pd.DataFrame:
    """A monitoring table for key accounts: quarterly sales, changes, trend and alerts.

    * quarterly sales (万元) for the last ``quarters`` calendar quarters up to ``as_of``;
    * 环比: the last quarter against the one before; 趋势 (:func:`trend_arrow`): ↑ / ↓ when
      环比 is at least 10% up / down, → in between, — when both quarters had no order;
    * 同比: sales of the last 12 months against the 12 months before;
    * 距上次下单（天）: days from the last order to ``as_of``.

    Alerts (预警), each a rule a manager asked for; the thresholds are parameters:

    * "2025Q4 无订单" -- one of the **last two** quarters without any order (an empty quarter
      earlier, followed by steady ones, is history, not an alert; an account that never
      ordered gets "从未下单" instead);
    * "环比下降 X%" -- the last quarter at least ``qoq_alert`` (50%) below the one before
      (not repeated when the last quarter has no order: that is already a zero quarter);
    * "同比下降 X%（少了 Y 万元）" -- the last 12 months at least ``drop_alert`` (20%) **or**
      at least ``drop_wan`` (50 万元) below the 12 months before: a large account that loses
      125 万 is an alert even when that is only 18% of its sales;
    * "X 天未下单" -- more than ``silent_days`` (90, the course's silent rule) since the last order;
    * "连续两个季度下滑" -- each of the last two quarters at least 10% below the one before.

    Args:
        orders: one row per order line.
        accounts: the customer ids to monitor.
        customer_col: customer id column.
        date_col: order date column.
        amount_col: sales amount column (元).
        as_of: the day of the review; default: the last order date.
        quarters: number of quarters to show (at least 3).
        drop_alert: year-on-year drop that raises an alert (0.2 = 20%).
        drop_wan: year-on-year drop in 万元 that raises an alert whatever the percentage.
        silent_days: days without an order that raise an alert.
        qoq_alert: quarter-on-quarter drop that raises an alert (0.5 = 50%).
        names: optional display names by customer id; shown as the first column 客户名称.
        tags: optional text by customer id (e.g. from :func:`watch_list`), shown as 名单.

    Returns:
        One row per account (in the order given, index 客户编号): [客户名称, 名单,] one column per
        quarter (e.g. 2025Q4, 万元), 环比, 趋势, 近 12 个月销售额（万元）, 同比, 距上次下单（天）,
        预警 (text, empty when none), 需关注 (bool). ``attrs["signed"]`` lists 环比 and 同比
        for :func:`helpers.show`.

    >>> o = pd.DataFrame({"customer_id": ["A"] * 4 + ["B"] * 4,
    ...     "order_date": ["2024-03-01", "2024-09-01", "2025-03-01", "2025-06-30",
    ...                    "2025-01-10", "2025-04-10", "2025-07-10", "2025-10-10"],
    ...     "amount": [50_000, 50_000, 30_000, 20_000, 10_000, 10_000, 10_000, 10_000]})
    >>> m = account_monitor(o, ["A", "B"], as_of="2025-12-31")
    >>> m.loc["A", "预警"]
    '2025Q3、2025Q4 无订单；同比下降 50%（少了 5.0 万元）；184 天未下单'
    >>> m.loc["B", ["趋势", "预警"]].tolist()
    ['→', '']
    """
    if quarters < 3:
        raise ValueError("quarters must be at least 3")
    tx = clean_transactions(orders, customer_col, date_col, amount_col)
    end = _as_of(tx["date"], as_of)
    ids = pd.Index(list(accounts), name=customer_col)
    tx = tx[tx["customer_id"].isin(ids) & (tx["date"].dt.normalize() <= end)]
    last_q = pd.Period(end, freq="Q")
    periods = [last_q - k for k in range(quarters - 1, -1, -1)]
    q = tx["date"].dt.to_period("Q")
    table = (tx.assign(q=q).groupby(["customer_id", "q"])["amount"].sum() / 1e4).unstack(fill_value=0.0)
    quarterly = table.reindex(index=ids, columns=periods, fill_value=0.0).fillna(0.0)
    out = pd.DataFrame(index=ids)
    if names is not None:
        out["客户名称"] = pd.Series(names).reindex(ids).to_numpy()
    if tags is not None:
        out["名单"] = pd.Series(tags).reindex(ids).to_numpy()
    for p in periods:
        out[str(p)] = quarterly[p].round(1).to_numpy()

    values = quarterly.to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        qoq = np.where(values[:, -2] > 0, values[:, -1] / values[:, -2] - 1, np.nan)
        falls = values[:, 1:] <= values[:, :-1] * (1 - FALL) + 1e-12
    falls &= values[:, :-1] > 0
    out["环比"] = np.round(qoq, 3)
    out["趋势"] = [trend_arrow(a, b) for a, b in zip(values[:, -1], values[:, -2])]

    now, prev = (_sales_wan(rows, ids) for rows in _two_windows(tx, end, 12))
    out[LAST12] = now.round(1).to_numpy()
    out["同比"] = (now / prev - 1).where(prev > 0).round(3).to_numpy()
    last = tx.groupby("customer_id")["date"].max().reindex(ids)
    out[DAYS] = (end - last.dt.normalize()).dt.days.astype("Int64").to_numpy()

    yoy = out["同比"].to_numpy(float)
    lost = (prev - now).to_numpy(float)
    days = out[DAYS].to_numpy(dtype=float, na_value=np.nan)
    labels = [str(p) for p in periods]
    alerts: list[str] = []
    for i in range(len(ids)):  # short texts for a handful of accounts
        found: list[str] = []
        if np.isnan(days[i]):
            alerts.append("从未下单")
            continue
        zero = [labels[j] for j in range(quarters - 2, quarters) if values[i, j] <= 0]
        if zero:
            found.append(f"{'、'.join(zero)} 无订单")
        if values[i, -1] > 0 and not np.isnan(qoq[i]) and qoq[i] <= -qoq_alert + 1e-12:
            found.append(f"环比下降 {-qoq[i]:.0%}")
        if not np.isnan(yoy[i]) and (yoy[i] < -drop_alert or lost[i] >= drop_wan - 1e-9):
            found.append(f"同比下降 {-yoy[i]:.0%}（少了 {lost[i]:,.1f} 万元）")
        if days[i] > silent_days:
            found.append(f"{int(days[i])} 天未下单")
        if falls[i, -1] and falls[i, -2]:
            found.append("连续两个季度下滑")
        alerts.append("；".join(found))
    out["预警"] = alerts
    out["需关注"] = out["预警"] != ""
    out.index.name = "客户编号"
    out.attrs["signed"] = ["环比", "同比"]
    return out



def alert_actions() -> pd.DataFrame:
    """What to do when an alert of :func:`account_monitor` fires (运营与维护的动作清单).

    Returns:
        One row per alert (named with its default threshold): 预警, 建议动作, 负责人, 产出.

    >>> alert_actions()["预警"].tolist()[:2]
    ['最近两个季度中有一季无订单', '环比下降 50% 以上']
    """
    return pd.DataFrame([
        ("最近两个季度中有一季无订单", "两周内问清原因：项目间歇、库存充足，还是订单给了别家；确认下一单的时间",
         "客户经理", "原因说明 + 下一单预估"),
        ("环比下降 50% 以上", "对照客户的生产计划和我们的交付记录，找出这一季度少买的产品线",
         "客户经理", "下降原因 + 补救措施"),
        ("同比下降 20% 以上，或减少 50 万元以上",
         "一周内由客户经理拜访，弄清原因：需求减少、被竞品替代，还是我们的问题",
         "客户经理", "拜访纪要 + 挽回方案"),
        ("90 天以上未下单", "电话或上门了解生产计划，确认是否有新项目、是否转向了竞品",
         "客户经理", "下一次订单的时间和金额预估"),
        ("连续两个季度下滑（每季少 10% 以上）", "在季度复盘会上逐个讨论，必要时请高层对接、技术支持介入",
         "销售经理", "复盘结论 + 行动计划"),
        ("从未下单", "确认它为什么被列为重点客户；补齐决策链信息，制定开发计划",
         "销售经理", "开发计划（目标、负责人、时间）"),
    ], columns=["预警", "建议动作", "负责人", "产出"])
