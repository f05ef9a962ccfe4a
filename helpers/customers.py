"""Customer classification: Pareto / ABC, value x potential, 大客户 / 潜力客户 / 普通客户,
key-account selection by weighted scoring, and a monitoring table for large accounts.

All functions are pure: they take tables and return new tables (with Chinese column names,
because trainees read them directly). The ``plot_*`` functions draw one chart each, with
Chinese titles and labels; matplotlib is imported only inside them.

Typical flow on the case company (青岚工控, fictional)::

    metrics = account_metrics(load_case("orders"), load_case("customers"))
    pareto_sentence(metrics["销售额_万元"])            # the actual split, not "80/20"
    classify_customers(metrics)                      # 大客户 / 潜力客户 / 普通客户
    key_account_scores(metrics)                      # weighted scoring
    account_monitor(load_case("orders"), accounts)   # trends and alerts
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import DataError
from .rfm import _require, clean_transactions

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

CLASSES: tuple[str, ...] = ("大客户", "潜力客户", "普通客户")


def _as_of(dates: pd.Series, as_of: Any) -> pd.Timestamp:
    if as_of is None:
        return pd.Timestamp(dates.max()).normalize()
    try:
        stamp = pd.Timestamp(as_of)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise DataError(f"无法识别的日期：{as_of!r}", f"not a date: {as_of!r}",
                        fix_zh="请写成 '2025-12-31' 这样的日期", fix_en="give a date such as '2025-12-31'")
    return stamp.normalize()


def _top_count(top: float, n: int) -> int:
    """How many customers the top ``top`` share of ``n`` customers holds: ceil, at least one."""
    return max(1, math.ceil(top * n - 1e-9))


def _two_windows(tx: pd.DataFrame, end: pd.Timestamp, months: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of ``(end - months, end]`` and of the ``months`` before, by calendar day."""
    start = end - pd.DateOffset(months=months)
    before = start - pd.DateOffset(months=months)
    day = tx["date"].dt.normalize()
    return tx[(day > start) & (day <= end)], tx[(day > before) & (day <= start)]


def _sales_wan(tx: pd.DataFrame, ids: pd.Index) -> pd.Series:
    """Sales per customer of ``ids`` in 万元 (0 for customers without rows)."""
    return tx.groupby("customer_id")["amount"].sum().reindex(ids, fill_value=0.0) / 1e4


# ---------------------------------------------------------------------------------------
# Customer insight: explicit and hidden needs (显性 / 隐性需求)
# ---------------------------------------------------------------------------------------

#: Needs heard in the case interviews: need -> (kind, a typical remark, the keywords that
#: find it). 显性需求 are asked for in so many words; 隐性需求 hide behind complaints and
#: side remarks and have to be inferred.
NEEDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "更低的采购价格": ("显性", "报价还要再往下谈", ("往下谈", "降本", "价格比", "单价")),
    "更短、更准的交期": ("显性", "交期能不能再短一点", ("交期", "要等", "等货", "到货比合同")),
    "更快的售后响应": ("显性", "打电话，两个星期才有人回复", ("才有人回复", "响应")),
    "少停机，降低整体使用成本": ("隐性", "采购只看单价，我们更关心整体使用成本", ("整体使用成本", "停机", "停了两个班")),
    "出了问题随时有人帮": ("隐性", "夜班出故障时找不到人", ("夜班", "远程运维", "找不到人")),
    "提升自己团队的维护能力": ("隐性", "技术文档写得太简略，现场人员看不懂", ("培训", "看不懂")),
    "设备数据化与预测性维护": ("隐性", "设备联网以后能不能做预测性维护", ("预测性维护", "联网")),
}


def needs_table() -> pd.DataFrame:
    """The needs in :data:`NEEDS` as a table: 需求, 类型, 典型原话, 关键词.

    >>> needs_table()["类型"].value_counts().to_dict()
    {'隐性': 4, '显性': 3}
    """
    return pd.DataFrame([
        {"需求": need, "类型": kind, "典型原话": quote, "关键词": "、".join(words)}
        for need, (kind, quote, words) in NEEDS.items()
    ])


def needs_mentions(notes: pd.Series) -> pd.DataFrame:
    """How many interview notes mention each need of :data:`NEEDS`.

    Uses :func:`helpers.interviews.code_notes` (a note mentions a need when it contains one
    of its keywords).

    Args:
        notes: interview notes, one per row.

    Returns:
        One row per need (most mentioned first): 类型, 提及次数, 提及率.

    >>> m = needs_mentions(pd.Series(["夜班出故障时找不到人", "报价还要再往下谈，夜班也要有人"]))
    >>> m.loc["出了问题随时有人帮", "提及次数"], m.loc["更低的采购价格", "提及次数"]
    (np.int64(2), np.int64(1))
    """
    from .interviews import code_notes

    coded = code_notes(notes, {need: list(words) for need, (_, _, words) in NEEDS.items()})
    out = pd.DataFrame({
        "类型": [NEEDS[c][0] for c in coded.columns],
        "提及次数": coded.sum().astype(int).to_numpy(),
        "提及率": coded.mean().to_numpy() if len(coded) else np.zeros(len(coded.columns)),
    }, index=pd.Index(list(coded.columns), name="需求"))
    return out.sort_values("提及次数", ascending=False, kind="stable")


def plot_needs(mentions: pd.DataFrame, ax: Axes | None = None,
               title: str = "客户访谈中提到的需求：显性与隐性") -> Axes:
    """Bar chart of :func:`needs_mentions`; explicit needs in grey, hidden needs in red.

    Returns:
        The axes.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch
    from matplotlib.ticker import PercentFormatter

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4))
    data = mentions.iloc[::-1]
    colours = ["#C44E52" if k == "隐性" else "#8C8C8C" for k in data["类型"]]
    ax.barh(list(data.index), data["提及率"], color=colours)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("提到该需求的访谈占比")
    ax.set_title(title)
    ax.legend(handles=[Patch(color="#8C8C8C", label="显性需求（客户直接提出）"),
                       Patch(color="#C44E52", label="隐性需求（藏在抱怨和闲谈里）")], loc="lower right")
    return ax


# ---------------------------------------------------------------------------------------
# Per-customer metrics
# ---------------------------------------------------------------------------------------

def account_metrics(
    orders: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    amount_col: str = "amount",
    profit_col: str | None = "gross_profit",
    as_of: Any = None,
    months: int = 12,
) -> pd.DataFrame:
    """Sales, growth, margin and recency per customer over the last ``months`` months.

    The window is ``(as_of - months, as_of]``; the comparison window is the ``months``
    before it. Amounts are converted to 万元 (10,000 yuan).

    Args:
        orders: one row per order line.
        customers: optional customer table (same ``customer_col``); its customers are all
            listed (with 0 sales if they did not buy), and ``purchase_potential_wan`` and
            ``first_order_date`` are used when present.
        customer_col: customer id column in both tables.
        date_col: order date column.
        amount_col: sales amount column (元).
        profit_col: gross profit column (元), or None.
        as_of: end of the window; default: the last order date.
        months: window length in months.

    Returns:
        A DataFrame indexed by customer with columns 销售额_万元, 上期销售额_万元, 同比增长
        (NaN when the previous window had no sales), 订单数, 毛利率 (if ``profit_col``),
        最近下单日期, 距上次下单_天, and -- with ``customers`` -- 采购潜力_万元, 钱包份额
        (销售额 / 采购潜力) and 合作年限 (years since the first order).

    >>> o = pd.DataFrame({"customer_id": ["A", "A", "B"],
    ...                   "order_date": ["2024-06-01", "2025-06-01", "2025-12-31"],
    ...                   "amount": [100_000, 150_000, 20_000], "gross_profit": [0, 45_000, 5_000]})
    >>> m = account_metrics(o)
    >>> [float(x) for x in m.loc["A", ["销售额_万元", "上期销售额_万元", "同比增长", "毛利率", "距上次下单_天"]]]
    [15.0, 10.0, 0.5, 0.3, 213.0]
    >>> [float(x) for x in m.loc["B", ["销售额_万元", "上期销售额_万元", "毛利率", "距上次下单_天"]]]
    [2.0, 0.0, 0.25, 0.0]
    """
    tx = clean_transactions(orders, customer_col, date_col, amount_col)
    if profit_col is not None:
        _require(orders, [profit_col])
        tx["profit"] = pd.to_numeric(orders[profit_col], errors="coerce").to_numpy(dtype=float)
    end = _as_of(tx["date"], as_of)
    now, prev = _two_windows(tx, end, months)
    upto = tx[tx["date"].dt.normalize() <= end]

    ids = pd.Index(pd.unique(tx["customer_id"]), name=customer_col)
    if customers is not None:
        _require(customers, [customer_col])
        ids = pd.Index(customers[customer_col].to_numpy(), name=customer_col)
    out = pd.DataFrame(index=ids)
    out["销售额_万元"] = _sales_wan(now, ids)
    out["上期销售额_万元"] = _sales_wan(prev, ids)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = out["销售额_万元"] / out["上期销售额_万元"] - 1
    out["同比增长"] = growth.where(out["上期销售额_万元"] > 0)
    out["订单数"] = now.groupby("customer_id").size().reindex(ids, fill_value=0).astype(int)
    if profit_col is not None:
        profit = now.groupby("customer_id")["profit"].sum().reindex(ids, fill_value=0.0)
        out["毛利率"] = (profit / (out["销售额_万元"] * 1e4)).where(out["销售额_万元"] > 0)
    last = upto.groupby("customer_id")["date"].max().reindex(ids)
    out["最近下单日期"] = last.dt.normalize()
    out["距上次下单_天"] = (end - out["最近下单日期"]).dt.days.astype("Int64")
    if customers is not None:
        info = customers.set_index(customer_col)
        if "purchase_potential_wan" in info.columns:
            out["采购潜力_万元"] = pd.to_numeric(info["purchase_potential_wan"], errors="coerce").to_numpy()
            with np.errstate(divide="ignore", invalid="ignore"):
                out["钱包份额"] = (out["销售额_万元"] / out["采购潜力_万元"]).where(out["采购潜力_万元"] > 0)
        if "first_order_date" in info.columns:
            first = pd.to_datetime(info["first_order_date"], errors="coerce").to_numpy()
            out["合作年限"] = ((end - pd.DatetimeIndex(first)).days / 365.25).to_numpy().round(1)
    return out


# ---------------------------------------------------------------------------------------
# Pareto / ABC
# ---------------------------------------------------------------------------------------

def pareto_table(values: pd.Series, a: float = 0.8, b: float = 0.95) -> pd.DataFrame:
    """Customers sorted by value, with cumulative shares and the ABC class.

    ABC rule (stated once): walk down the customers from the largest; a customer is **A**
    while the cumulative share *before* it is below ``a`` (so the A customers together
    make up the first ``a`` of sales, the one crossing the line included), **B** while it
    is below ``b``, and **C** after that.

    Args:
        values: sales (or profit) per customer, indexed by customer.
        a: cumulative share that closes class A (default 80%).
        b: cumulative share that closes class B (default 95%).

    Returns:
        A DataFrame (largest first) with columns 排名, 销售额, 占比, 累计占比, 客户累计占比, ABC类.

    >>> t = pareto_table(pd.Series({"甲": 50.0, "乙": 30.0, "丙": 15.0, "丁": 5.0}))
    >>> t["累计占比"].round(3).tolist(), t["ABC类"].tolist()
    ([0.5, 0.8, 0.95, 1.0], ['A', 'A', 'B', 'C'])
    """
    v = pd.to_numeric(pd.Series(values), errors="coerce").fillna(0.0).astype(float)
    if (v < 0).any():
        raise DataError("帕累托分析的数值不能为负", "values for a Pareto analysis must not be negative",
                        fix_zh="请先去掉退货或负值", fix_en="remove returns or negative values first")
    if not 0 < a < b <= 1:
        raise ValueError("need 0 < a < b <= 1")
    v = v.sort_values(ascending=False, kind="stable")
    total = v.sum()
    share = v / total if total > 0 else v * 0.0
    cum = share.cumsum()
    before = cum - share
    n = len(v)
    abc = np.where(before < a - 1e-12, "A", np.where(before < b - 1e-12, "B", "C"))
    return pd.DataFrame({
        "排名": np.arange(1, n + 1),
        "销售额": v.to_numpy(),
        "占比": share.to_numpy(),
        "累计占比": cum.to_numpy(),
        "客户累计占比": np.arange(1, n + 1) / n,
        "ABC类": abc,
    }, index=v.index)


def abc_summary(pareto: pd.DataFrame) -> pd.DataFrame:
    """Customers and sales per ABC class of a :func:`pareto_table`.

    Returns:
        One row per class A, B, C: 客户数, 客户占比, 销售额, 销售额占比.

    >>> abc_summary(pareto_table(pd.Series([50.0, 30.0, 15.0, 5.0])))["客户数"].tolist()
    [2, 1, 1]
    """
    g = pareto.groupby("ABC类")["销售额"].agg(["size", "sum"]).reindex(["A", "B", "C"], fill_value=0)
    total = float(pareto["销售额"].sum()) or 1.0
    return pd.DataFrame({
        "客户数": g["size"].astype(int).to_numpy(),
        "客户占比": g["size"].to_numpy() / max(len(pareto), 1),
        "销售额": g["sum"].to_numpy(),
        "销售额占比": g["sum"].to_numpy() / total,
    }, index=pd.Index(["A", "B", "C"], name="ABC类"))


def top_share(values: pd.Series, top: float = 0.2) -> float:
    """Share of the total contributed by the top ``top`` of customers.

    The top group has ``ceil(top * N)`` customers (at least one).

    Args:
        values: value per customer.
        top: share of customers, e.g. 0.2 for the top 20%.

    Returns:
        A number between 0 and 1.

    >>> top_share(pd.Series([50, 30, 15, 5, 0]), 0.2)
    0.5
    """
    v = np.sort(pd.to_numeric(pd.Series(values), errors="coerce").fillna(0).to_numpy(float))[::-1]
    if len(v) == 0 or v.sum() <= 0:
        return 0.0
    return float(v[:_top_count(top, len(v))].sum() / v.sum())


def customers_for_share(values: pd.Series, share: float = 0.8) -> float:
    """The smallest share of customers (largest first) that makes up ``share`` of the total.

    >>> customers_for_share(pd.Series([50, 30, 15, 5]), 0.8)
    0.5
    """
    table = pareto_table(values)
    if table.empty or table["销售额"].sum() <= 0:
        return 0.0
    reached = table["累计占比"].to_numpy() >= share - 1e-12
    return float(table["客户累计占比"].to_numpy()[np.argmax(reached)])


def pareto_sentence(values: pd.Series, top: float = 0.2, share: float = 0.8, what: str = "销售额") -> str:
    """The actual concentration in one Chinese sentence (instead of repeating "80/20").

    Args:
        values: value per customer.
        top: share of top customers to report on.
        share: share of the total to find the customers for.
        what: name of the value, e.g. 销售额 or 毛利.

    Returns:
        E.g. "前 20% 的客户（1 家）贡献了 50.0% 的销售额；贡献 80% 销售额的是前 40.0% 的客户。"

    >>> pareto_sentence(pd.Series([50, 30, 15, 5, 0]))
    '前 20% 的客户（1 家）贡献了 50.0% 的销售额；贡献 80% 销售额的是前 40.0% 的客户。'
    """
    k = _top_count(top, len(values))
    return (f"前 {top:.0%} 的客户（{k} 家）贡献了 {top_share(values, top):.1%} 的{what}；"
            f"贡献 {share:.0%} {what}的是前 {customers_for_share(values, share):.1%} 的客户。")


def plot_pareto(values: pd.Series, ax: Axes | None = None, title: str = "客户销售额帕累托图",
                top: float = 0.2, what: str = "销售额", unit: str = "万元") -> Axes:
    """Pareto chart: customers' values as bars (largest first) and the cumulative share.

    The actual split at ``top`` is marked with dashed lines and written on the chart.

    Args:
        values: value per customer.
        ax: axes to draw on (default: a new figure).
        title: chart title.
        top: share of customers to mark.
        what: name of the value (for labels).
        unit: unit of the value (for the axis label).

    Returns:
        The axes with the bars; the cumulative line is on a twin axis.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    table = pareto_table(values)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.5))
    x = table["客户累计占比"].to_numpy()
    width = 1.0 / max(len(table), 1)
    ax.bar(x - width / 2, table["销售额"], width=width, color="#4C72B0", label=f"单个客户{what}")
    ax.set_xlim(0, 1)
    ax.set_xlabel("客户累计占比（按销售额从高到低排列）")
    ax.set_ylabel(f"{what}（{unit}）" if unit else what)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    line_ax = ax.twinx()
    line_ax.plot(np.r_[0, x], np.r_[0, table["累计占比"].to_numpy()], color="#C44E52", lw=2,
                 label=f"累计{what}占比")
    line_ax.set_ylim(0, 1.02)
    line_ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    line_ax.set_ylabel(f"累计{what}占比")
    reached = top_share(values, top)
    line_ax.axvline(top, color="grey", ls="--", lw=1)
    line_ax.axhline(reached, color="grey", ls="--", lw=1)
    line_ax.annotate(f"前 {top:.0%} 客户 → {reached:.1%} {what}", xy=(top, reached),
                     xytext=(top + 0.05, reached - 0.18), arrowprops={"arrowstyle": "->"})
    ax.set_title(title)
    handles = ax.get_legend_handles_labels()[0] + line_ax.get_legend_handles_labels()[0]
    line_ax.legend(handles, [h.get_label() for h in handles], loc="center right")
    return ax


# ---------------------------------------------------------------------------------------
# Value x potential, classes
# ---------------------------------------------------------------------------------------

#: The four quadrants of the value x potential matrix: (value high, potential high) -> name, strategy.
QUADRANTS: dict[tuple[bool, bool], tuple[str, str]] = {
    (True, True): ("重点经营", "价值高、潜力大：加大投入，争取更高份额"),
    (True, False): ("稳固维护", "价值高、潜力有限：守住份额，提高服务效率"),
    (False, True): ("重点开发", "价值低、潜力大：派专人开发，份额提升空间最大"),
    (False, False): ("常规服务", "价值低、潜力小：标准化、低成本服务"),
}


def _kth_largest(values: pd.Series, top: float) -> float:
    v = np.sort(pd.to_numeric(values, errors="coerce").dropna().to_numpy(float))[::-1]
    if len(v) == 0:
        return float("nan")
    return float(v[_top_count(top, len(v)) - 1])


def value_potential_matrix(
    frame: pd.DataFrame,
    value_col: str = "销售额_万元",
    potential_col: str = "采购潜力_万元",
    value_cut: float | None = None,
    potential_cut: float | None = None,
) -> pd.DataFrame:
    """Place each customer in the value x potential matrix.

    *Value* is what the customer buys from us now; *potential* is what it could buy (its
    whole yearly purchase in our category, competitors included). A customer is "high" on
    an axis when it is at or above the cut; the default cuts are the medians.

    Args:
        frame: one row per customer.
        value_col: current value column.
        potential_col: potential column (same unit).
        value_cut: cut on value (default: median).
        potential_cut: cut on potential (default: median).

    Returns:
        A copy of ``frame`` with the columns 价值高, 潜力高 (bool), 象限 and 策略.

    >>> f = pd.DataFrame({"销售额_万元": [50, 5, 40, 2], "采购潜力_万元": [200, 300, 45, 10]})
    >>> value_potential_matrix(f)["象限"].tolist()
    ['重点经营', '重点开发', '稳固维护', '常规服务']
    """
    _require(frame, [value_col, potential_col])
    out = frame.copy()
    value = pd.to_numeric(out[value_col], errors="coerce")
    potential = pd.to_numeric(out[potential_col], errors="coerce")
    v_cut = float(value.median()) if value_cut is None else float(value_cut)
    p_cut = float(potential.median()) if potential_cut is None else float(potential_cut)
    out["价值高"] = (value >= v_cut).to_numpy()
    out["潜力高"] = (potential >= p_cut).to_numpy()
    keys = list(QUADRANTS)  # (value high, potential high) in a fixed order
    position = np.select([out["价值高"].to_numpy() & out["潜力高"].to_numpy(),
                          out["价值高"].to_numpy(), out["潜力高"].to_numpy()],
                         [keys.index((True, True)), keys.index((True, False)), keys.index((False, True))],
                         keys.index((False, False)))
    out["象限"] = np.array([QUADRANTS[k][0] for k in keys], dtype=object)[position]
    out["策略"] = np.array([QUADRANTS[k][1] for k in keys], dtype=object)[position]
    out.attrs["cuts"] = (v_cut, p_cut)
    return out


def quadrant_summary(matrix: pd.DataFrame, value_col: str = "销售额_万元") -> pd.DataFrame:
    """Customers and current sales per quadrant of :func:`value_potential_matrix`.

    Returns:
        One row per quadrant: 策略, 客户数, 销售额占比.
    """
    names = [name for name, _ in QUADRANTS.values()]
    value = pd.to_numeric(matrix[value_col], errors="coerce").fillna(0)
    total = float(value.sum()) or 1.0
    g = value.groupby(matrix["象限"]).agg(["size", "sum"]).reindex(names, fill_value=0)
    return pd.DataFrame({
        "策略": [strategy for _, strategy in QUADRANTS.values()],
        "客户数": g["size"].astype(int).to_numpy(),
        "销售额占比": g["sum"].to_numpy() / total,
    }, index=pd.Index(names, name="象限"))


def plot_value_potential(
    matrix: pd.DataFrame,
    value_col: str = "销售额_万元",
    potential_col: str = "采购潜力_万元",
    ax: Axes | None = None,
    title: str = "客户价值 × 潜力矩阵",
    unit: str = "万元",
) -> Axes:
    """Scatter of customers on value (x) and potential (y), coloured by quadrant.

    Args:
        matrix: output of :func:`value_potential_matrix` (uses its cuts).
        value_col: current value column.
        potential_col: potential column.
        ax: axes to draw on.
        title: chart title.
        unit: unit for the axis labels.

    Returns:
        The axes (log scales, so that small and large customers are both visible).
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 6))
    colours = {"重点经营": "#C44E52", "稳固维护": "#4C72B0", "重点开发": "#DD8452", "常规服务": "#8C8C8C"}
    x = pd.to_numeric(matrix[value_col], errors="coerce").clip(lower=0.01)
    y = pd.to_numeric(matrix[potential_col], errors="coerce").clip(lower=0.01)
    for name, colour in colours.items():
        mask = (matrix["象限"] == name).to_numpy()
        ax.scatter(x[mask], y[mask], s=18, alpha=0.7, color=colour, label=f"{name}（{mask.sum()} 家）")
    v_cut, p_cut = matrix.attrs.get("cuts", (x.median(), y.median()))
    ax.axvline(v_cut, color="grey", ls="--", lw=1)
    ax.axhline(p_cut, color="grey", ls="--", lw=1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(f"当前价值：近 12 个月销售额（{unit}，对数刻度）")
    ax.set_ylabel(f"潜力：年采购潜力（{unit}，对数刻度）")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=9)
    return ax


def classification_lines(
    frame: pd.DataFrame,
    value_col: str = "销售额_万元",
    potential_col: str = "采购潜力_万元",
    big_top: float = 0.2,
    big_line: float | None = None,
    potential_top: float = 0.3,
    potential_line: float | None = None,
) -> tuple[float, float]:
    """The two lines used by :func:`classify_customers`: (大客户线, 潜力线).

    Defaults: the 大客户线 is the value of the customer at the top ``big_top`` (20%) by
    current value; the 潜力线 is the potential of the customer at the top ``potential_top``
    (30%) by potential. Explicit ``big_line`` / ``potential_line`` override them.

    >>> f = pd.DataFrame({"销售额_万元": [50, 20, 10, 5, 1], "采购潜力_万元": [90, 60, 200, 8, 4]})
    >>> classification_lines(f)
    (50.0, 90.0)
    """
    _require(frame, [value_col, potential_col])
    big = _kth_largest(frame[value_col], big_top) if big_line is None else float(big_line)
    pot = _kth_largest(frame[potential_col], potential_top) if potential_line is None else float(potential_line)
    return big, pot


def classify_customers(
    frame: pd.DataFrame,
    value_col: str = "销售额_万元",
    potential_col: str = "采购潜力_万元",
    big_top: float = 0.2,
    big_line: float | None = None,
    potential_top: float = 0.3,
    potential_line: float | None = None,
) -> pd.DataFrame:
    """Classify customers into 大客户 / 潜力客户 / 普通客户 by stated criteria.

    * **大客户** (large account): current value >= 大客户线. Default line: the value of the
      customer at the top 20% (``big_top``), i.e. the top 20% of customers by sales.
    * **潜力客户** (potential account): not a 大客户, and potential >= 潜力线. Default line:
      the potential of the customer at the top 30% (``potential_top``) by potential.
    * **普通客户** (ordinary customer): everyone else.

    The lines used are stored in ``result.attrs["lines"]`` and described by
    :func:`classification_rules`.

    Args:
        frame: one row per customer (e.g. from :func:`account_metrics`).
        value_col: current value column.
        potential_col: potential column.
        big_top: share of customers (by value) that are 大客户, when ``big_line`` is None.
        big_line: explicit value line for 大客户.
        potential_top: share of customers (by potential) above the 潜力线, when
            ``potential_line`` is None.
        potential_line: explicit potential line.

    Returns:
        A copy of ``frame`` with a categorical column 客户类别.

    >>> f = pd.DataFrame({"销售额_万元": [50, 20, 10, 5, 1], "采购潜力_万元": [90, 60, 200, 8, 4]})
    >>> classify_customers(f)["客户类别"].tolist()
    ['大客户', '普通客户', '潜力客户', '普通客户', '普通客户']
    """
    big, pot = classification_lines(frame, value_col, potential_col, big_top, big_line,
                                    potential_top, potential_line)
    value = pd.to_numeric(frame[value_col], errors="coerce").to_numpy(float)
    potential = pd.to_numeric(frame[potential_col], errors="coerce").to_numpy(float)
    is_big = value >= big
    is_potential = ~is_big & (potential >= pot)
    label = np.where(is_big, CLASSES[0], np.where(is_potential, CLASSES[1], CLASSES[2]))
    out = frame.copy()
    out["客户类别"] = pd.Categorical(label, categories=list(CLASSES))
    out.attrs["lines"] = (big, pot)
    return out


def classification_rules(classified: pd.DataFrame, value_col: str = "销售额_万元", unit: str = "万元") -> pd.DataFrame:
    """The criteria used by :func:`classify_customers`, with the actual lines and counts.

    Returns:
        One row per class: 客户类别, 判定标准, 客户数, 销售额占比.
    """
    big, pot = classified.attrs["lines"]
    counts = classified["客户类别"].value_counts().reindex(list(CLASSES), fill_value=0)
    value = pd.to_numeric(classified[value_col], errors="coerce").fillna(0)
    sales = value.groupby(classified["客户类别"], observed=False).sum().reindex(list(CLASSES), fill_value=0)
    total = value.sum()
    rules = [
        f"当前销售额 ≥ {big:,.1f} {unit}（大客户线）",
        f"未达大客户线，但年采购潜力 ≥ {pot:,.1f} {unit}（潜力线）",
        "其余客户",
    ]
    return pd.DataFrame({
        "客户类别": list(CLASSES),
        "判定标准": rules,
        "客户数": counts.to_numpy(),
        "销售额占比": (sales / total if total > 0 else sales * 0).to_numpy(),
    })


def crosstab_labels(ours: pd.Series, theirs: pd.Series, theirs_name: str = "现有标签") -> pd.DataFrame:
    """Count customers by our class (rows) and another labelling (columns), with totals.

    Both Series are indexed by customer id and aligned on it.

    Args:
        ours: e.g. 客户类别 from :func:`classify_customers`.
        theirs: e.g. the sales team's ``account_type``.
        theirs_name: column header for ``theirs``.

    Returns:
        A count table with a 合计 row and column.

    >>> a = pd.Series(["大客户", "普通客户"], index=["C1", "C2"])
    >>> b = pd.Series(["一般客户", "一般客户"], index=["C2", "C1"])
    >>> crosstab_labels(a, b).loc["大客户", "一般客户"]
    np.int64(1)
    """
    theirs = theirs.reindex(ours.index)
    table = pd.crosstab(ours.rename(ours.name or "客户类别"), theirs.rename(theirs_name),
                        margins=True, margins_name="合计", dropna=False)
    return table


# ---------------------------------------------------------------------------------------
# Key-account selection by weighted scoring
# ---------------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------------
# Large-account monitoring (大客户开发与监控)
# ---------------------------------------------------------------------------------------

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
    falling = (values[:, -1] < values[:, -2]) & (values[:, -2] < values[:, -3]) if quarters >= 3 else np.zeros(len(ids), bool)
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


def plot_account_trends(monitor: pd.DataFrame, names: pd.Series | None = None,
                        title: str = "重点客户季度销售额走势", ncols: int = 4) -> Any:
    """Small multiples: one bar chart of quarterly sales per monitored account.

    Accounts with an alert are drawn in red, and the alert is written under their name.

    Args:
        monitor: output of :func:`account_monitor`.
        names: optional display names indexed like ``monitor`` (e.g. customer names).
        title: figure title.
        ncols: charts per row.

    Returns:
        The matplotlib figure.
    """
    import matplotlib.pyplot as plt

    qcols = [c for c in monitor.columns if len(c) == 6 and c[4] == "Q"]
    n = max(len(monitor), 1)
    ncols = min(ncols, n)
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.1 * ncols, 2.5 * nrows + 0.6), squeeze=False,
                             sharex=True)
    for ax, (account, row) in zip(axes.ravel(), monitor.iterrows()):
        label = str(names.get(account, account)) if names is not None else str(account)
        alert = bool(row["需关注"])
        ax.bar([c[2:] for c in qcols], row[qcols].to_numpy(float), color="#C44E52" if alert else "#8C8C8C")
        short = label if len(label) <= 10 else label[:9] + "…"
        ax.set_title(f"{short}\n{row['预警'] if alert else '正常'}", fontsize=8,
                     color="#C44E52" if alert else "black")
        ax.tick_params(labelsize=7)
    for ax in axes.ravel()[len(monitor):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("销售额（万元）", fontsize=8)
    fig.suptitle(f"{title}（红色 = 有预警）")
    fig.tight_layout()
    return fig


def ranked(frame: pd.DataFrame, column: str, n: int = 10) -> pd.DataFrame:
    """The ``n`` rows with the largest ``column`` (a small convenience for notebooks).

    >>> ranked(pd.DataFrame({"v": [1, 3, 2]}), "v", 2)["v"].tolist()
    [3, 2]
    """
    return frame.sort_values(column, ascending=False, kind="stable").head(n)

