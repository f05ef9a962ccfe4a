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
) -> pd.DataFrame:
    """A monitoring table for key accounts: quarterly trend, year-on-year change, alerts.

    * quarterly sales (万元) for the last ``quarters`` calendar quarters up to ``as_of``;
    * 趋势: the least-squares slope over those quarters, as a share of their mean per
      quarter: ↑ above +10%, ↓ below -10%, → in between;
    * 同比: sales of the last 12 months against the 12 months before;
    * 距上次下单_天: days from the last order to ``as_of``;
    * 预警 (alerts): "销售额同比下降 X%" when 同比 < -``drop_alert``; "X 天未下单" when
      距上次下单_天 > ``silent_days``; "连续两个季度下滑" when each of the last two quarters
      is below the one before.

    Args:
        orders: one row per order line.
        accounts: the customer ids to monitor.
        customer_col: customer id column.
        date_col: order date column.
        amount_col: sales amount column (元).
        as_of: the day of the review; default: the last order date.
        quarters: number of quarters to show.
        drop_alert: year-on-year drop that raises an alert (0.2 = 20%).
        silent_days: days without an order that raise an alert.

    Returns:
        One row per account (in the order given): one column per quarter (e.g. 2025Q4),
        趋势, 近12月_万元, 同比, 距上次下单_天, 预警 (text, empty when none), 需关注 (bool).

    >>> o = pd.DataFrame({"customer_id": ["A"] * 4 + ["B"] * 2,
    ...     "order_date": ["2024-03-01", "2024-09-01", "2025-03-01", "2025-06-30",
    ...                    "2024-12-01", "2025-12-20"],
    ...     "amount": [50_000, 50_000, 30_000, 20_000, 10_000, 40_000]})
    >>> m = account_monitor(o, ["A", "B"], as_of="2025-12-31")
    >>> m.loc["A", "预警"]
    '销售额同比下降 50%；184 天未下单'
    >>> bool(m.loc["B", "需关注"])
    False
    """
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
    for p in periods:
        out[str(p)] = quarterly[p].round(1).to_numpy()

    values = quarterly.to_numpy(float)
    k = np.arange(quarters) - (quarters - 1) / 2
    slope = (values * k).sum(axis=1) / (k**2).sum() if quarters > 1 else np.zeros(len(ids))
    mean = values.mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(mean > 0, slope / mean, 0.0)
    out["趋势"] = np.where(rel > 0.1, "↑", np.where(rel < -0.1, "↓", "→"))

    now, prev = (_sales_wan(rows, ids) for rows in _two_windows(tx, end, 12))
    out["近12月_万元"] = now.round(1).to_numpy()
    out["同比"] = (now / prev - 1).where(prev > 0).round(3).to_numpy()
    last = tx.groupby("customer_id")["date"].max().reindex(ids)
    out["距上次下单_天"] = (end - last.dt.normalize()).dt.days.astype("Int64").to_numpy()

    alerts: list[list[str]] = [[] for _ in range(len(ids))]
    yoy = out["同比"].to_numpy(float)
    days = out["距上次下单_天"].to_numpy(dtype=float, na_value=np.nan)
    falling = ((values[:, -1] < values[:, -2]) & (values[:, -2] < values[:, -3]) if quarters >= 3
               else np.zeros(len(ids), bool))
    for i in range(len(ids)):  # builds short texts for a handful of accounts
        if not np.isnan(yoy[i]) and yoy[i] < -drop_alert:
            alerts[i].append(f"销售额同比下降 {-yoy[i]:.0%}")
        if np.isnan(days[i]):
            alerts[i].append("从未下单")
        elif days[i] > silent_days:
            alerts[i].append(f"{int(days[i])} 天未下单")
        if falling[i]:
            alerts[i].append("连续两个季度下滑")
    out["预警"] = ["；".join(a) for a in alerts]
    out["需关注"] = out["预警"] != ""
    return out



def alert_actions() -> pd.DataFrame:
    """What to do when an alert of :func:`account_monitor` fires (运营与维护的动作清单).

    >>> alert_actions()["预警"].tolist()[:2]
    ['销售额同比下降', 'X 天未下单']
    """
    return pd.DataFrame([
        ("销售额同比下降", "一周内由客户经理拜访，弄清原因：需求减少、被竞品替代，还是我们的问题",
         "客户经理", "拜访纪要 + 挽回方案"),
        ("X 天未下单", "电话或上门了解生产计划，确认是否有新项目、是否转向了竞品",
         "客户经理", "下一次订单的时间和金额预估"),
        ("连续两个季度下滑", "在季度复盘会上逐个讨论，必要时请高层对接、技术支持介入",
         "销售经理", "复盘结论 + 行动计划"),
        ("从未下单", "确认它为什么被列为重点客户；补齐决策链信息，制定开发计划",
         "销售经理", "开发计划（目标、负责人、时间）"),
    ], columns=["预警", "建议动作", "负责人", "产出"])
