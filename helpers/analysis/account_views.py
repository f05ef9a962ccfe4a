"""How trainees read the customer tables of lecture 2: Chinese headers with units, short names.

* :func:`metrics_view` -- :func:`helpers.analysis.accounts.account_metrics` with headers such as
  "近 12 个月销售额（万元）" instead of the internal column names;
* :func:`short_names` -- customer names without the legal suffix and the city, for charts.

Both are also importable from :mod:`helpers.analysis.accounts`.
"""

from __future__ import annotations

import pandas as pd

#: Display names of :func:`account_metrics` columns (units in the header, no underscores).
METRIC_HEADERS: dict[str, str] = {
    "销售额_万元": "近 12 个月销售额（万元）", "上期销售额_万元": "前 12 个月销售额（万元）",
    "同比增长": "同比增长", "订单数": "近 12 个月订单数", "毛利率": "毛利率", "最近下单日期": "最近下单日期",
    "距上次下单_天": "距上次下单（天）",
    "采购潜力_万元": "年采购潜力（万元）", "钱包份额": "钱包份额", "增长空间_万元": "增长空间（万元）",
    "合作年限": "合作年限（年）", "客户类别": "客户类别", "象限": "象限",
}



def metrics_view(frame: pd.DataFrame, names: pd.Series | None = None, columns: list[str] | None = None) -> pd.DataFrame:
    """A table of :func:`account_metrics` as a trainee reads it: Chinese headers with units.

    Args:
        frame: :func:`account_metrics` output (or a table with some of its columns).
        names: customer names by id; the index becomes 客户名称 when given, else 客户编号.
        columns: the columns to keep (internal names), in order; default: all known ones.

    Returns:
        The renamed table; ``attrs["percent"]`` / ``attrs["signed"]`` follow the new names.

    >>> m = pd.DataFrame({"销售额_万元": [15.0], "同比增长": [0.5], "距上次下单_天": [3]},
    ...                  index=pd.Index(["A"], name="customer_id"))
    >>> v = metrics_view(m)
    >>> v.index.name, list(v.columns), v.attrs["signed"]
    ('客户编号', ['近 12 个月销售额（万元）', '同比增长', '距上次下单（天）'], ['同比增长'])
    """
    keep = [c for c in (columns or list(METRIC_HEADERS)) if c in frame.columns]
    out = frame[keep].rename(columns=METRIC_HEADERS)
    if names is not None:
        out.index = pd.Index(pd.Series(names).reindex(frame.index).to_numpy(), name="客户名称")
    else:
        out.index = out.index.rename("客户编号")
    out.attrs["percent"] = [METRIC_HEADERS[c] for c in ("毛利率", "钱包份额") if c in keep]
    out.attrs["signed"] = [METRIC_HEADERS[c] for c in ("同比增长",) if c in keep]
    return out



def short_names(customers: pd.DataFrame, customer_col: str = "customer_id", name_col: str = "customer_name",
                city_col: str | None = "city") -> pd.Series:
    """Short customer names for charts: the legal suffix and the leading city dropped.

    A short name that two customers would share keeps its city, so names stay unique.

    Args:
        customers: the customer table.
        customer_col: id column.
        name_col: full name column.
        city_col: city column (its value is removed from the front of the name), or None.

    Returns:
        Short names indexed by customer id.

    >>> c = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "city": ["哈尔滨", "南京", "杭州"],
    ...                   "customer_name": ["哈尔滨皙麓车配科技有限公司", "南京蔚舟制药有限公司",
    ...                                     "杭州蔚舟制药有限公司"]})
    >>> short_names(c).tolist()
    ['皙麓车配科技', '南京蔚舟制药', '杭州蔚舟制药']
    """
    full = customers[name_col].astype(str).str.replace(r"(股份有限公司|有限责任公司|有限公司|公司)$", "", regex=True)
    names = full
    if city_col is not None and city_col in customers.columns:
        cities = customers[city_col].astype(str)
        names = pd.Series([n[len(c):] if c and n.startswith(c) and len(n) > len(c) + 1 else n
                           for n, c in zip(full, cities)], index=customers.index)
        shared = names.duplicated(keep=False)
        names = names.where(~shared, full)
    return pd.Series(names.to_numpy(), index=customers[customer_col].to_numpy(), name="客户简称")
