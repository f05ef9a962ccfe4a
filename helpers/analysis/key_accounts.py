"""Key accounts: select them by weighted scoring, then monitor them with alerts.

* :func:`default_key_account_criteria` / :func:`key_account_scores` -- each criterion as a
  0-100 percentile score, weighted into one score (the weights are the company's policy);
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


def default_key_account_criteria() -> pd.DataFrame:
    """The default criteria and weights for selecting key accounts (重点客户).

    Returns:
        A small table: 指标 (criterion), 列名 (column in the metrics table), 权重 (weight),
        越大越好 (True when a larger value is better). Edit it and pass it to
        :func:`key_account_scores`.

    >>> float(round(default_key_account_criteria()["权重"].sum(), 9))
    1.0
    """
    return pd.DataFrame({
        "指标": ["当前销售额", "采购潜力", "销售增长", "毛利率", "合作年限"],
        "列名": ["销售额_万元", "采购潜力_万元", "同比增长", "毛利率", "合作年限"],
        "权重": [0.30, 0.25, 0.15, 0.15, 0.15],
        "越大越好": [True, True, True, True, True],
    })



def key_account_scores(frame: pd.DataFrame, criteria: pd.DataFrame | None = None,
                       top: int | None = None) -> pd.DataFrame:
    """Score customers 0..100 on weighted criteria and rank them.

    Each criterion is turned into points 0..100 by its **percentile rank** among the
    customers (100 = best; ties share the average rank), so criteria with different units
    can be added up. A missing value (e.g. growth of a brand-new customer) gets 50 points
    (neutral). The total is the weighted mean of the points (weights are normalised to 1).

    Args:
        frame: one row per customer with the criteria's columns.
        criteria: table like :func:`default_key_account_criteria` (default: that table).
        top: mark the ``top`` best customers as 入选 (selected).

    Returns:
        A DataFrame (best first) with one 得分_<指标> column per criterion, 综合得分, 排名
        and -- with ``top`` -- 入选.

    >>> f = pd.DataFrame({"x": [1, 2, 3], "y": [10, 30, 20]}, index=["A", "B", "C"])
    >>> c = pd.DataFrame({"指标": ["X", "Y"], "列名": ["x", "y"], "权重": [3, 1], "越大越好": [True, False]})
    >>> key_account_scores(f, c)["综合得分"].to_dict()   # C: 0.75*100 + 0.25*50
    {'C': 87.5, 'B': 37.5, 'A': 25.0}
    """
    criteria = default_key_account_criteria() if criteria is None else criteria
    _require(criteria, ["指标", "列名", "权重", "越大越好"])
    _require(frame, list(criteria["列名"]))
    weights = pd.to_numeric(criteria["权重"], errors="coerce").to_numpy(float)
    if np.isnan(weights).any() or (weights < 0).any() or weights.sum() <= 0:
        raise DataError("权重必须是非负数，且合计大于 0", "weights must be non-negative with a positive sum",
                        fix_zh="请检查权重列", fix_en="check the weights", column="权重")
    weights = weights / weights.sum()
    out = pd.DataFrame(index=frame.index)
    total = np.zeros(len(frame))
    for (_, row), w in zip(criteria.iterrows(), weights):
        values = pd.to_numeric(frame[row["列名"]], errors="coerce")
        if not bool(row["越大越好"]):
            values = -values
        n = int(values.notna().sum())
        # rank 1..n -> 0..100 points (worst 0, best 100); missing -> 50
        points = ((values.rank(method="average") - 1) / max(n - 1, 1) * 100).fillna(50.0)
        if n == 1:
            points[values.notna()] = 100.0
        out[f"得分_{row['指标']}"] = points.round(1)
        total += w * points.to_numpy()
    out["综合得分"] = np.round(total, 1)
    out = out.sort_values("综合得分", ascending=False, kind="stable")
    out["排名"] = np.arange(1, len(out) + 1)
    if top is not None:
        out["入选"] = out["排名"] <= top
    return out



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



def account_monitor(
    orders: pd.DataFrame,
    accounts: Iterable[Any],
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    amount_col: str = "amount",
    as_of: Any = None,
    quarters: int = 4,
    drop_alert: float = 0.2,
    silent_days: int = 90,
    qoq_alert: float = 0.5,
    names: pd.Series | None = None,
) -> pd.DataFrame:
    """A monitoring table for key accounts: quarterly sales, changes, trend and alerts.

    * quarterly sales (万元) for the last ``quarters`` calendar quarters up to ``as_of``;
    * 环比: the last quarter against the one before; 趋势 (:func:`trend_arrow`): ↑ / ↓ when
      环比 is at least 10% up / down, → in between, — when both quarters had no order;
    * 同比: sales of the last 12 months against the 12 months before;
    * 距上次下单_天: days from the last order to ``as_of``.

    Alerts (预警), each a rule a manager asked for; the thresholds are parameters:

    * "2025Q2 无订单" -- a shown quarter without any order (an account that never ordered
      gets "从未下单" instead);
    * "环比下降 X%" -- the last quarter at least ``qoq_alert`` (50%) below the one before
      (not repeated when the last quarter has no order: that is already a zero quarter);
    * "销售额同比下降 X%" -- 同比 below -``drop_alert`` (20%);
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
        silent_days: days without an order that raise an alert.
        qoq_alert: quarter-on-quarter drop that raises an alert (0.5 = 50%).
        names: optional display names by customer id; shown as the first column 客户名称.

    Returns:
        One row per account (in the order given): [客户名称,] one column per quarter (e.g.
        2025Q4), 环比, 趋势, 近12月_万元, 同比, 距上次下单_天, 预警 (text, empty when none),
        需关注 (bool). ``attrs["signed"]`` lists 环比 and 同比 for :func:`helpers.show`.

    >>> o = pd.DataFrame({"customer_id": ["A"] * 4 + ["B"] * 4,
    ...     "order_date": ["2024-03-01", "2024-09-01", "2025-03-01", "2025-06-30",
    ...                    "2025-01-10", "2025-04-10", "2025-07-10", "2025-10-10"],
    ...     "amount": [50_000, 50_000, 30_000, 20_000, 10_000, 10_000, 10_000, 10_000]})
    >>> m = account_monitor(o, ["A", "B"], as_of="2025-12-31")
    >>> m.loc["A", "预警"]
    '2025Q3、2025Q4 无订单；销售额同比下降 50%；184 天未下单'
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
    out["近12月_万元"] = now.round(1).to_numpy()
    out["同比"] = (now / prev - 1).where(prev > 0).round(3).to_numpy()
    last = tx.groupby("customer_id")["date"].max().reindex(ids)
    out["距上次下单_天"] = (end - last.dt.normalize()).dt.days.astype("Int64").to_numpy()

    yoy = out["同比"].to_numpy(float)
    days = out["距上次下单_天"].to_numpy(dtype=float, na_value=np.nan)
    labels = [str(p) for p in periods]
    alerts: list[str] = []
    for i in range(len(ids)):  # short texts for a handful of accounts
        found: list[str] = []
        if np.isnan(days[i]):
            alerts.append("从未下单")
            continue
        zero = [labels[j] for j in range(quarters) if values[i, j] <= 0]
        if zero:
            found.append(f"{'、'.join(zero)} 无订单")
        if values[i, -1] > 0 and not np.isnan(qoq[i]) and qoq[i] <= -qoq_alert + 1e-12:
            found.append(f"环比下降 {-qoq[i]:.0%}")
        if not np.isnan(yoy[i]) and yoy[i] < -drop_alert:
            found.append(f"销售额同比下降 {-yoy[i]:.0%}")
        if days[i] > silent_days:
            found.append(f"{int(days[i])} 天未下单")
        if falls[i, -1] and falls[i, -2]:
            found.append("连续两个季度下滑")
        alerts.append("；".join(found))
    out["预警"] = alerts
    out["需关注"] = out["预警"] != ""
    out.attrs["signed"] = ["环比", "同比"]
    return out



def alert_actions() -> pd.DataFrame:
    """What to do when an alert of :func:`account_monitor` fires (运营与维护的动作清单).

    Returns:
        One row per alert: 预警, 建议动作, 负责人, 产出.

    >>> alert_actions()["预警"].tolist()[:2]
    ['某季度无订单', '环比下降']
    """
    return pd.DataFrame([
        ("某季度无订单", "两周内问清原因：项目间歇、库存充足，还是订单给了别家；确认下一单的时间",
         "客户经理", "原因说明 + 下一单预估"),
        ("环比下降", "对照客户的生产计划和我们的交付记录，找出这一季度少买的产品线",
         "客户经理", "下降原因 + 补救措施"),
        ("销售额同比下降", "一周内由客户经理拜访，弄清原因：需求减少、被竞品替代，还是我们的问题",
         "客户经理", "拜访纪要 + 挽回方案"),
        ("X 天未下单", "电话或上门了解生产计划，确认是否有新项目、是否转向了竞品",
         "客户经理", "下一次订单的时间和金额预估"),
        ("连续两个季度下滑", "在季度复盘会上逐个讨论，必要时请高层对接、技术支持介入",
         "销售经理", "复盘结论 + 行动计划"),
        ("从未下单", "确认它为什么被列为重点客户；补齐决策链信息，制定开发计划",
         "销售经理", "开发计划（目标、负责人、时间）"),
    ], columns=["预警", "建议动作", "负责人", "产出"])
