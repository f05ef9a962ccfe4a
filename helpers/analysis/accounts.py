"""Customer classification: Pareto / ABC, value x potential, 大客户 / 潜力客户 / 普通客户.

All functions are pure: they take tables and return new tables (with Chinese column names,
because trainees read them directly). Their charts are in :mod:`helpers.charts.customers`;
key-account scoring and monitoring are in :mod:`helpers.analysis.key_accounts`.

Typical flow on the case company (青岚工控, fictional)::

    metrics = account_metrics(load_case("orders"), load_case("customers"))
    pareto_sentence(metrics["销售额_万元"])            # the actual split, not "80/20"
    classify_customers(metrics)                      # 大客户 / 潜力客户 / 普通客户
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..data.transactions import _require, clean_transactions
from ..errors import DataError
from .account_views import METRIC_HEADERS as METRIC_HEADERS
from .account_views import metrics_view as metrics_view
from .account_views import short_names as short_names
from .pareto import _top_count
from .pareto import abc_summary as abc_summary
from .pareto import buyers_only as buyers_only
from .pareto import customers_for_share as customers_for_share
from .pareto import pareto_sentence as pareto_sentence
from .pareto import pareto_table as pareto_table
from .pareto import top_share as top_share

if TYPE_CHECKING:  # pragma: no cover
    pass


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



def _two_windows(tx: pd.DataFrame, end: pd.Timestamp, months: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of ``(end - months, end]`` and of the ``months`` before, by calendar day."""
    start = end - pd.DateOffset(months=months)
    before = start - pd.DateOffset(months=months)
    day = tx["date"].dt.normalize()
    return tx[(day > start) & (day <= end)], tx[(day > before) & (day <= start)]



def _sales_wan(tx: pd.DataFrame, ids: pd.Index) -> pd.Series:
    """Sales per customer of ``ids`` in 万元 (0 for customers without rows)."""
    return tx.groupby("customer_id")["amount"].sum().reindex(ids, fill_value=0.0) / 1e4



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
        (销售额 / 采购潜力), 增长空间_万元 (采购潜力 - 销售额: what the customer buys elsewhere,
        the room to grow) and 合作年限 (years since the first order). ``attrs["percent"]``
        and ``attrs["signed"]`` name the share and change columns for :func:`helpers.show`.

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
            out["增长空间_万元"] = out["采购潜力_万元"] - out["销售额_万元"]
        if "first_order_date" in info.columns:
            first = pd.to_datetime(info["first_order_date"], errors="coerce").to_numpy()
            out["合作年限"] = ((end - pd.DatetimeIndex(first)).days / 365.25).to_numpy().round(1)
    out.attrs["percent"] = [c for c in ("毛利率", "钱包份额") if c in out.columns]
    out.attrs["signed"] = ["同比增长"]
    out.attrs["window"] = (end - pd.DateOffset(months=months) + pd.Timedelta(days=1), end)
    return out



#: The four quadrants of the value x headroom matrix: (value high, headroom high) -> name, strategy.
QUADRANTS: dict[tuple[bool, bool], tuple[str, str]] = {
    (True, True): ("重点经营", "价值高、增长空间大：加大投入，争取更高份额"),
    (True, False): ("稳固维护", "价值高、增长空间有限：守住份额，提高服务效率"),
    (False, True): ("重点开发", "价值低、增长空间大：派专人开发，份额提升空间最大"),
    (False, False): ("常规服务", "价值低、增长空间小：标准化、低成本服务"),
}

#: Customers without a purchase in the window: churned by the course's rule (no order in 12
#: months). They are not in the matrix or the classes' percentiles, but listed for win-back.
LOST = "流失客户"
LOST_RULE = "近 12 个月没有订单（按课程的流失定义）"
LOST_ACTION = "先挽回：问清原因（项目结束、转向对手还是我们的问题），再决定是否重新开发"



def _kth_largest(values: pd.Series, top: float) -> float:
    v = np.sort(pd.to_numeric(values, errors="coerce").dropna().to_numpy(float))[::-1]
    if len(v) == 0:
        return float("nan")
    return float(v[_top_count(top, len(v)) - 1])



def _bought(frame: pd.DataFrame, value_col: str) -> np.ndarray:
    """True for the customers with a value above 0 (who bought in the window)."""
    return (pd.to_numeric(frame[value_col], errors="coerce").fillna(0) > 0).to_numpy()



def value_potential_matrix(
    frame: pd.DataFrame,
    value_col: str = "销售额_万元",
    potential_col: str = "增长空间_万元",
    value_cut: float | None = None,
    potential_cut: float | None = None,
) -> pd.DataFrame:
    """Place each customer in the value x headroom (增长空间) matrix.

    *Value* is what the customer buys from us now; *headroom* is what it still buys
    elsewhere (purchase potential minus our sales). Only customers who bought in the window
    are placed; the default cuts are their medians. A customer with no purchase (value 0) is
    :data:`LOST` (churned by the course's rule) and gets the win-back action instead.

    Args:
        frame: one row per customer.
        value_col: current value column.
        potential_col: headroom (or potential) column, same unit.
        value_cut: cut on value (default: median among buyers).
        potential_cut: cut on headroom (default: median among buyers).

    Returns:
        A copy of ``frame`` with the columns 价值高, 潜力高 (bool; False for lost customers),
        象限 and 策略; ``attrs["cuts"]`` are the cuts, ``attrs["lost"]`` the number of lost customers.

    >>> f = pd.DataFrame({"销售额_万元": [50, 5, 40, 2, 0], "增长空间_万元": [200, 300, 45, 10, 900]})
    >>> value_potential_matrix(f)["象限"].tolist()
    ['重点经营', '重点开发', '稳固维护', '常规服务', '流失客户']
    """
    _require(frame, [value_col, potential_col])
    out = frame.copy()
    value = pd.to_numeric(out[value_col], errors="coerce")
    potential = pd.to_numeric(out[potential_col], errors="coerce")
    bought = _bought(out, value_col)
    v_cut = float(value[bought].median()) if value_cut is None else float(value_cut)
    p_cut = float(potential[bought].median()) if potential_cut is None else float(potential_cut)
    high_v = (value >= v_cut).to_numpy() & bought
    high_p = (potential >= p_cut).to_numpy() & bought
    out["价值高"], out["潜力高"] = high_v, high_p
    keys = list(QUADRANTS)  # (value high, potential high) in a fixed order
    position = np.select([high_v & high_p, high_v, high_p], [0, 1, 2], 3)
    position = np.where(bought, position, len(keys))
    names = np.array([QUADRANTS[k][0] for k in keys] + [LOST], dtype=object)
    actions = np.array([QUADRANTS[k][1] for k in keys] + [LOST_ACTION], dtype=object)
    out["象限"], out["策略"] = names[position], actions[position]
    out.attrs["cuts"] = (v_cut, p_cut)
    out.attrs["lost"] = int((~bought).sum())
    return out



def quadrant_summary(matrix: pd.DataFrame, value_col: str = "销售额_万元") -> pd.DataFrame:
    """Customers and current sales per quadrant of :func:`value_potential_matrix`, lost customers last.

    Args:
        matrix: the output of :func:`value_potential_matrix`.
        value_col: current value column.

    Returns:
        One row per quadrant and a 流失客户 row: 策略, 客户数, 销售额占比 (a fraction, listed in
        ``attrs["percent"]``).

    >>> f = pd.DataFrame({"销售额_万元": [50, 5, 40, 2, 0], "增长空间_万元": [200, 300, 45, 10, 900]})
    >>> quadrant_summary(value_potential_matrix(f))["客户数"].tolist()
    [1, 1, 1, 1, 1]
    """
    names = [name for name, _ in QUADRANTS.values()] + [LOST]
    value = pd.to_numeric(matrix[value_col], errors="coerce").fillna(0)
    total = float(value.sum()) or 1.0
    g = value.groupby(matrix["象限"]).agg(["size", "sum"]).reindex(names, fill_value=0)
    out = pd.DataFrame({
        "策略": [strategy for _, strategy in QUADRANTS.values()] + [LOST_ACTION],
        "客户数": g["size"].astype(int).to_numpy(),
        "销售额占比": g["sum"].to_numpy() / total,
    }, index=pd.Index(names, name="象限"))
    out.attrs["percent"] = ["销售额占比"]
    return out



def classification_lines(
    frame: pd.DataFrame,
    value_col: str = "销售额_万元",
    potential_col: str = "增长空间_万元",
    big_top: float = 0.2,
    big_line: float | None = None,
    potential_top: float = 0.3,
    potential_line: float | None = None,
) -> tuple[float, float]:
    """The two lines used by :func:`classify_customers`: (大客户线, 潜力线), among buyers.

    Defaults: among the customers with a value above 0 (who bought in the window), the
    大客户线 is the value of the customer at the top ``big_top`` (20%) by current value; the
    潜力线 is the headroom of the customer at the top ``potential_top`` (30%) by headroom.
    Customers without a purchase are left out, so they do not pull the lines down. Explicit
    ``big_line`` / ``potential_line`` override them.

    Args:
        frame: one row per customer.
        value_col: current value column.
        potential_col: headroom column (增长空间 = purchase potential - current value).
        big_top: share of buyers (by value) at or above the 大客户线.
        big_line: explicit 大客户线.
        potential_top: share of buyers (by headroom) at or above the 潜力线.
        potential_line: explicit 潜力线.

    Returns:
        ``(大客户线, 潜力线)`` in the unit of the columns.

    >>> f = pd.DataFrame({"销售额_万元": [50, 20, 10, 5, 1, 0], "增长空间_万元": [90, 60, 200, 8, 4, 500]})
    >>> classification_lines(f)   # among the 5 buyers: top 1 by value, top 2 by headroom
    (50.0, 90.0)
    """
    _require(frame, [value_col, potential_col])
    bought = _bought(frame, value_col)
    big = _kth_largest(frame[value_col][bought], big_top) if big_line is None else float(big_line)
    pot = (_kth_largest(frame[potential_col][bought], potential_top) if potential_line is None
           else float(potential_line))
    return big, pot



def classify_customers(
    frame: pd.DataFrame,
    value_col: str = "销售额_万元",
    potential_col: str = "增长空间_万元",
    big_top: float = 0.2,
    big_line: float | None = None,
    potential_top: float = 0.3,
    potential_line: float | None = None,
    lost: str | None = LOST,
) -> pd.DataFrame:
    """Classify customers into 大客户 / 潜力客户 / 普通客户 (and 流失客户) by stated criteria.

    The population is the customers who bought in the window (value above 0); the lines are
    taken among them (:func:`classification_lines`):

    * **大客户** (large account): current value >= 大客户线 (default: the top 20% of buyers by sales);
    * **潜力客户** (potential account): not a 大客户, and headroom (增长空间) >= 潜力线 (default:
      the top 30% of buyers by headroom) -- what it still buys elsewhere, not its size again;
    * **普通客户** (ordinary customer): every other buyer;
    * **流失客户** (``lost``): no purchase in the window -- churned by the course's rule, listed
      for win-back instead of being classified. With ``lost=None`` they count as 普通客户.

    The lines used are stored in ``result.attrs["lines"]`` and described by
    :func:`classification_rules`.

    Args:
        frame: one row per customer (e.g. from :func:`account_metrics`).
        value_col: current value column.
        potential_col: headroom column.
        big_top: share of buyers (by value) that are 大客户, when ``big_line`` is None.
        big_line: explicit value line for 大客户.
        potential_top: share of buyers (by headroom) above the 潜力线, when ``potential_line`` is None.
        potential_line: explicit headroom line.
        lost: the class of customers without a purchase, or None.

    Returns:
        A copy of ``frame`` with a categorical column 客户类别.

    >>> f = pd.DataFrame({"销售额_万元": [50, 20, 10, 5, 1, 0], "增长空间_万元": [90, 60, 200, 8, 4, 500]})
    >>> classify_customers(f)["客户类别"].tolist()
    ['大客户', '普通客户', '潜力客户', '普通客户', '普通客户', '流失客户']
    """
    big, pot = classification_lines(frame, value_col, potential_col, big_top, big_line,
                                    potential_top, potential_line)
    value = pd.to_numeric(frame[value_col], errors="coerce").to_numpy(float)
    potential = pd.to_numeric(frame[potential_col], errors="coerce").to_numpy(float)
    is_big = value >= big
    is_potential = ~is_big & (potential >= pot)
    label = np.where(is_big, CLASSES[0], np.where(is_potential, CLASSES[1], CLASSES[2])).astype(object)
    categories = list(CLASSES)
    if lost is not None:
        label[~_bought(frame, value_col)] = lost
        categories.append(lost)
    out = frame.copy()
    out["客户类别"] = pd.Categorical(label, categories=categories)
    out.attrs["lines"] = (big, pot)
    out.attrs["tops"] = (big_top if big_line is None else None, potential_top if potential_line is None else None)
    return out



def classification_rules(classified: pd.DataFrame, value_col: str = "销售额_万元", unit: str = "万元") -> pd.DataFrame:
    """The criteria used by :func:`classify_customers`, with the actual lines and counts.

    Args:
        classified: the output of :func:`classify_customers`.
        value_col: current value column.
        unit: the unit written into the criteria.

    Returns:
        One row per class: 客户类别, 判定标准, 客户数, 销售额占比 (in ``attrs["percent"]``).

    >>> f = pd.DataFrame({"销售额_万元": [50, 20, 10, 5, 1, 0], "增长空间_万元": [90, 60, 200, 8, 4, 500]})
    >>> classification_rules(classify_customers(f))["客户数"].tolist()
    [1, 1, 3, 1]
    """
    big, pot = classified.attrs["lines"]
    classes = list(classified["客户类别"].cat.categories)
    counts = classified["客户类别"].value_counts().reindex(classes, fill_value=0)
    value = pd.to_numeric(classified[value_col], errors="coerce").fillna(0)
    sales = value.groupby(classified["客户类别"], observed=False).sum().reindex(classes, fill_value=0)
    total = value.sum()
    buyers = int((value > 0).sum())
    big_top, pot_top = classified.attrs.get("tops", (None, None))
    big_why = f"大客户线：前 {big_top:.0%}" if big_top else "大客户线"
    pot_why = f"潜力线：有订单客户的前 {pot_top:.0%}" if pot_top else "潜力线"
    rules = {
        CLASSES[0]: f"近 12 个月有订单的 {buyers:,} 家客户中，销售额 ≥ {big:,.1f} {unit}（{big_why}）",
        CLASSES[1]: f"未达大客户线，但增长空间 ≥ {pot:,.1f} {unit}（{pot_why}）",
        CLASSES[2]: "其余有订单的客户",
    }
    out = pd.DataFrame({
        "客户类别": classes,
        "判定标准": [rules.get(c, LOST_RULE) for c in classes],
        "客户数": counts.to_numpy(),
        "销售额占比": (sales / total if total > 0 else sales * 0).to_numpy(),
    })
    out.attrs["percent"] = ["销售额占比"]
    return out



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



def compare_labels(sales: pd.Series, groups: dict[str, tuple[str, str, Any]],
                   reference: str | None = None) -> pd.DataFrame:
    """Several "top customer" labels side by side: rule, population, size and sales share.

    A course meets many ways of naming the best customers (ABC A 类, 大客户, RFM 重要价值客户,
    A 级重点客户, the CRM label). Each is a different rule on a different population; this
    table puts them in one place, measured on the same yardstick (the last 12 months' sales).

    Args:
        sales: the last 12 months' sales per customer (all customers; 0 for none).
        groups: label -> (rule, population and period, customer ids).
        reference: a label whose members are counted in every other group (e.g. 大客户).

    Returns:
        One row per label: 规则, 人群与期间, 客户数, 近 12 个月销售额占比 (share of all sales)
        and -- with ``reference`` -- 其中也属于<reference>.

    >>> s = pd.Series({"A": 60.0, "B": 30.0, "C": 10.0, "D": 0.0})
    >>> t = compare_labels(s, {"大客户": ("前 1 家", "有订单", ["A"]), "标签": ("CRM", "全部", ["A", "D"])}, "大客户")
    >>> t[["客户数", "近 12 个月销售额占比", "其中也属于大客户"]].values.tolist()
    [[1.0, 0.6, 1.0], [2.0, 0.6, 1.0]]
    """
    sales = pd.to_numeric(sales, errors="coerce").fillna(0.0)
    total = float(sales.sum()) or 1.0
    ref = set(map(str, groups[reference][2])) if reference else set()
    rows = []
    for name, (rule, population, ids) in groups.items():
        members = [str(i) for i in ids]
        row = {"标签": name, "规则": rule, "人群与期间": population, "客户数": len(members),
               "近 12 个月销售额占比": float(sales.reindex(members).fillna(0).sum()) / total}
        if reference:
            row[f"其中也属于{reference}"] = len(ref & set(members))
        rows.append(row)
    out = pd.DataFrame(rows).set_index("标签")
    out.attrs["percent"] = ["近 12 个月销售额占比"]
    return out



def top_customer_labels(metrics: pd.DataFrame, classified: pd.DataFrame, rfm8: pd.Series, scores: pd.DataFrame,
                        crm: pd.Series, top: int = 12) -> pd.DataFrame:
    """The five "top customer" labels of lectures 1-2 side by side (:func:`compare_labels`).

    Args:
        metrics: :func:`account_metrics` output (the last 12 months' sales: the common yardstick).
        classified: :func:`classify_customers` output.
        rfm8: the RFM 8-class label per customer (three years of orders).
        scores: :func:`key_account_scores` output.
        crm: the sales team's label per customer (account_type).
        top: the size of the A-level list.

    Returns:
        One row per label with its rule, population and period, size, share of the last 12
        months' sales, and how many are also 大客户.

    >>> m = pd.DataFrame({"销售额_万元": [60.0, 30.0, 10.0, 0.0]}, index=list("ABCD"))
    >>> k = classify_customers(m.assign(增长空间_万元=[1.0, 50.0, 2.0, 9.0]))
    >>> rfm8 = pd.Series(["重要价值客户", "一般挽留客户", "重要价值客户", "一般挽留客户"], index=list("ABCD"))
    >>> crm = pd.Series(["重点客户", "一般客户", "一般客户", "重点客户"], index=list("ABCD"))
    >>> t = top_customer_labels(m, k, rfm8, pd.DataFrame({"综合得分": [90.0, 50.0]}, index=["B", "A"]), crm, top=1)
    >>> t["客户数"].tolist(), t["其中也属于大客户"].tolist()
    ([2, 1, 2, 1, 2], [1, 1, 1, 0, 1])
    """
    sales = metrics[value_col] if (value_col := "销售额_万元") in metrics.columns else metrics.iloc[:, 0]
    abc = pareto_table(buyers_only(sales))
    buyers = int((pd.to_numeric(sales, errors="coerce").fillna(0) > 0).sum())
    big, _ = classified.attrs.get("lines", (float("nan"), float("nan")))
    groups = {
        "ABC 分类的 A 类": ("从最大的客户往下累加，累计销售额达到 80% 之前的客户",
                       f"近 12 个月有订单的 {buyers} 家", abc.index[abc["ABC类"] == "A"]),
        "大客户": (f"销售额 ≥ {big:,.1f} 万元（有订单客户的前 20%）", f"近 12 个月有订单的 {buyers} 家",
                classified.index[classified["客户类别"].astype(str) == CLASSES[0]]),
        "RFM 重要价值客户": ("R、F、M 三项得分都 ≥ 4", "2023–2025 年三年有订单的客户",
                        rfm8.index[rfm8.astype(str) == "重要价值客户"]),
        "A 级重点客户": (f"加权评分前 {top}（第三讲沿用）", f"近 12 个月有订单的 {buyers} 家", scores.index[:top]),
        "重点客户（CRM 标签）": ("销售团队在客户档案里贴的标签", f"客户档案全部 {len(metrics)} 家",
                          crm.index[crm.astype(str) == "重点客户"]),
    }
    return compare_labels(sales, groups, reference="大客户")



def matrix_headline(matrix: pd.DataFrame) -> str:
    """The finding of a :func:`value_potential_matrix`, as a chart title.

    Args:
        matrix: the output of :func:`value_potential_matrix`.

    Returns:
        How many buyers are 重点开发 and 重点经营, and how many customers are lost.

    >>> f = pd.DataFrame({"销售额_万元": [50, 5, 40, 2, 0], "增长空间_万元": [200, 300, 45, 10, 900]})
    >>> matrix_headline(value_potential_matrix(f))
    '4 家有订单的客户中，重点经营 1 家、重点开发 1 家（价值低、增长空间大）；另有 1 家近 12 个月无订单'
    """
    counts = matrix["象限"].value_counts()
    buyers = int(len(matrix) - counts.get(LOST, 0))
    text = (f"{buyers:,} 家有订单的客户中，重点经营 {int(counts.get('重点经营', 0)):,} 家、"
            f"重点开发 {int(counts.get('重点开发', 0)):,} 家（价值低、增长空间大）")
    lost = int(counts.get(LOST, 0))
    return text + (f"；另有 {lost:,} 家近 12 个月无订单" if lost else "")



def ranked(frame: pd.DataFrame, column: str, n: int = 10) -> pd.DataFrame:
    """The ``n`` rows with the largest ``column`` (a small convenience for notebooks).

    Args:
        frame: any table.
        column: the column to rank by.
        n: how many rows to keep.

    Returns:
        The ``n`` rows, largest first (ties keep their order).

    >>> ranked(pd.DataFrame({"v": [1, 3, 2]}), "v", 2)["v"].tolist()
    [3, 2]
    """
    return frame.sort_values(column, ascending=False, kind="stable").head(n)
