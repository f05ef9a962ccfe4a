"""Customer segmentation that a trainee can steer: the logic under the segmentation widget.

The logic is three plain, tested functions:

* :func:`prepare_segments` -- computes once everything that does not change when a slider
  moves (RFM per customer, the R/F/M scores, the sample of points for the scatter);
* :func:`segment_update` -- the pure function one slider move calls: it labels every
  customer and sums up the segments (sizes, revenue share, a headline) with a few
  vectorised numpy operations (well under 50 ms for 100,000 customers, see
  ``benchmarks/bench_segments.py``);
* :func:`segment_list` / :func:`export_segments` -- the customer list with segments, and
  its export as a CSV file for Excel (UTF-8 with BOM).

Two schemes are offered:

* ``"rfm8"`` -- the Chinese 8-class map (see :mod:`helpers.analysis.rfm_segments`) with **thresholds in
  business units**: R 高 = the last purchase is at most ``r_days`` days ago, F 高 = at
  least ``f_min`` purchases, M 高 = at least ``m_min`` spent;
* ``"weighted"`` -- a weighted score ``(w_r R + w_f F + w_m M) / (w_r + w_f + w_m)`` of the
  1..5 RFM scores (rank-based, ties share the lowest score), cut into 高价值 (score >=
  ``cut_high``), 中价值 (>= ``cut_mid``) and 低价值.

:func:`helpers.segment_widget` (:mod:`helpers.widgets.segmentation`) wires these to sliders
and dropdowns; its chart is :class:`helpers.charts.SegmentChart`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..data.transactions import _require
from ..errors import DataError
from .definitions import SILENT_DAYS_B2C
from .rfm import score_values
from .rfm_segments import _RFM8_BY_CODE, RFM8_ORDER, _rfm8_code

if TYPE_CHECKING:  # pragma: no cover
    pass


SCHEMES: dict[str, str] = {"rfm8": "RFM 八类（按阈值）", "weighted": "加权得分三档（按权重）"}



WEIGHTED_ORDER: tuple[str, ...] = ("高价值客户", "中价值客户", "低价值客户")



#: File name of the export in the trainee's working folder.
EXPORT_NAME = "客户分群名单.csv"



@dataclass(frozen=True)
class SegmentData:
    """Per-customer arrays computed once (see :func:`prepare_segments`).

    Attributes:
        ids: customer ids.
        recency_days: days since the last purchase (smaller = more recent).
        purchases: number of purchase days.
        monetary: total amount.
        scores: int8 array of shape (3, n): the R, F, M scores 1..5 (5 = best).
        sample: indices of the customers drawn in the scatter (at most ``sample_size``).
        total: total amount of all customers.
    """

    ids: np.ndarray
    recency_days: np.ndarray
    purchases: np.ndarray
    monetary: np.ndarray
    scores: np.ndarray
    sample: np.ndarray
    total: float

    def __len__(self) -> int:
        return len(self.ids)



@dataclass(frozen=True)
class SegmentParams:
    """What the trainee chooses. Defaults: :func:`default_params`.

    Attributes:
        scheme: ``"rfm8"`` (thresholds) or ``"weighted"`` (weights).
        r_days: R 高 when the last purchase is at most this many days ago.
        f_min: F 高 when the customer bought on at least this many days.
        m_min: M 高 when the customer spent at least this much in total.
        w_r, w_f, w_m: weights of the R, F and M scores (scheme ``"weighted"``).
        cut_high: weighted score from which a customer is 高价值客户.
        cut_mid: weighted score from which a customer is 中价值客户.
        focus: the segment named in the headline.
    """

    scheme: str = "rfm8"
    r_days: float = 90.0
    f_min: float = 2.0
    m_min: float = 1000.0
    w_r: float = 1.0
    w_f: float = 1.0
    w_m: float = 1.0
    cut_high: float = 4.0
    cut_mid: float = 2.5
    focus: str = "重要价值客户"



@dataclass(frozen=True)
class SegmentResult:
    """The outcome of one update: a label per customer and the summary.

    Attributes:
        names: segment names, in display order.
        codes: one int8 per customer: the position of its segment in ``names``.
        counts: customers per segment.
        revenue: total amount per segment.
        summary: table with 客户分群, 客户数, 客户占比, 销售额, 销售额占比.
        headline: one line about the focus segment, e.g. "重要价值客户：123 人，占销售额 45.6%".
    """

    names: tuple[str, ...]
    codes: np.ndarray
    counts: np.ndarray
    revenue: np.ndarray
    summary: pd.DataFrame
    headline: str



def prepare_segments(table: pd.DataFrame, sample_size: int = 2000, seed: int = 0) -> SegmentData:
    """Precompute what does not depend on the sliders.

    Args:
        table: output of :func:`helpers.analysis.rfm.rfm_table` (recency_days, purchases, monetary).
        sample_size: at most this many customers are drawn in the scatter (a fixed random
            sample, so the chart stays fast and the same on every update).
        seed: random seed of the sample.

    Returns:
        A :class:`SegmentData`.

    >>> t = pd.DataFrame({"recency_days": [3, 50, 400], "purchases": [5, 1, 2],
    ...                   "monetary": [900.0, 60.0, 300.0]}, index=["A", "B", "C"])
    >>> d = prepare_segments(t)
    >>> len(d), d.scores.tolist()
    (3, [[4, 2, 1], [4, 1, 2], [4, 1, 2]])
    """
    _require(table, ["recency_days", "purchases", "monetary"])
    if len(table) == 0:
        raise DataError("没有可分群的客户", "there are no customers to segment",
                        fix_zh="请检查交易表是否为空，或观察截止日期是否太早",
                        fix_en="check that the transactions are not empty")
    recency = table["recency_days"].to_numpy(dtype=np.int64)
    purchases = table["purchases"].to_numpy(dtype=np.int64)
    monetary = table["monetary"].to_numpy(dtype=float)
    scores = np.vstack([
        score_values(recency, 5, higher_is_better=False),
        score_values(purchases, 5),
        score_values(monetary, 5),
    ]).astype(np.int8)
    rng = np.random.default_rng(seed)
    n = len(table)
    sample = np.sort(rng.choice(n, size=min(n, sample_size), replace=False))
    return SegmentData(
        ids=table.index.to_numpy(), recency_days=recency, purchases=purchases,
        monetary=monetary, scores=scores, sample=sample, total=float(monetary.sum()),
    )



def default_params(data: SegmentData, scheme: str = "rfm8") -> SegmentParams:
    """Starting values tied to the course's definitions, not to averages.

    R: bought within :data:`helpers.analysis.definitions.SILENT_DAYS_B2C` (90) days -- 活跃 for
    members, not yet 沉默 for firms; F: at least 2 purchase days -- the customer has bought
    again (复购); M: at least the median total amount -- the better-spending half. An average
    would move with every new record (a mean of 4.55 purchases rounds up to 5, and to 6 once it
    passes 5.0) and lets customers silent for most of a year count as "近". Equal weights;
    cuts 4.0 and 2.5 on the 1..5 weighted score. These are slider positions to start from, in
    business units (days, purchases, money).

    Args:
        data: from :func:`prepare_segments`.
        scheme: ``"rfm8"`` or ``"weighted"``.

    Returns:
        A :class:`SegmentParams`.

    >>> t = pd.DataFrame({"recency_days": [10, 30, 400], "purchases": [1, 2, 9], "monetary": [100.0, 300.0, 250.0]})
    >>> p = default_params(prepare_segments(t))
    >>> p.r_days, p.f_min, p.m_min
    (90.0, 2.0, 250.0)
    """
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {sorted(SCHEMES)}")
    return SegmentParams(
        scheme=scheme,
        r_days=float(SILENT_DAYS_B2C),
        f_min=2.0,
        m_min=float(np.median(data.monetary)),
        focus=RFM8_ORDER[0] if scheme == "rfm8" else WEIGHTED_ORDER[0],
    )



# position of each 8-class name in RFM8_ORDER, indexed by the R*4 + F*2 + M code
_RFM8_POSITION = np.array([RFM8_ORDER.index(n) for n in _RFM8_BY_CODE], dtype=np.int8)



def segment_codes(data: SegmentData, params: SegmentParams) -> tuple[tuple[str, ...], np.ndarray]:
    """Label every customer (the core of :func:`segment_update`).

    Args:
        data: from :func:`prepare_segments`.
        params: the trainee's choices.

    Returns:
        (names in display order, int8 position of each customer's segment in ``names``).

    >>> t = pd.DataFrame({"recency_days": [3, 50, 400], "purchases": [5, 1, 2],
    ...                   "monetary": [900.0, 60.0, 300.0]})
    >>> names, codes = segment_codes(prepare_segments(t), SegmentParams(r_days=30, f_min=2, m_min=200))
    >>> [names[c] for c in codes]
    ['重要价值客户', '一般挽留客户', '重要保持客户']
    """
    if params.scheme == "rfm8":
        code = _rfm8_code(data.recency_days <= params.r_days, data.purchases >= params.f_min,
                          data.monetary >= params.m_min)
        return RFM8_ORDER, _RFM8_POSITION[code]
    if params.scheme == "weighted":
        w = np.array([params.w_r, params.w_f, params.w_m], dtype=float)
        if (w < 0).any() or w.sum() <= 0:
            raise DataError("权重必须是非负数，且至少一个大于 0", "weights must be >= 0 with a positive sum",
                            fix_zh="请把至少一个权重调到大于 0", fix_en="set at least one weight above 0")
        score = (w @ data.scores) / w.sum() + 1e-9  # tolerance: a score equal to a cut reaches it
        code = np.where(score >= params.cut_high, 0, np.where(score >= params.cut_mid, 1, 2)).astype(np.int8)
        return WEIGHTED_ORDER, code
    raise ValueError(f"unknown scheme {params.scheme!r}; use one of {sorted(SCHEMES)}")



def segment_update(data: SegmentData, params: SegmentParams, unit: str = "人") -> SegmentResult:
    """Label the customers and summarise the segments -- what one slider move computes.

    Args:
        data: from :func:`prepare_segments`.
        params: the trainee's choices.
        unit: counting word for customers in the headline (人 for consumers, 家 for firms).

    Returns:
        A :class:`SegmentResult`.

    >>> t = pd.DataFrame({"recency_days": [3, 50, 400], "purchases": [5, 1, 2],
    ...                   "monetary": [900.0, 60.0, 300.0]})
    >>> r = segment_update(prepare_segments(t), SegmentParams(r_days=30, f_min=2, m_min=200))
    >>> r.headline
    '重要价值客户：1 人，占销售额 71.4%'
    """
    names, codes = segment_codes(data, params)
    k = len(names)
    counts = np.bincount(codes, minlength=k)
    revenue = np.bincount(codes, weights=data.monetary, minlength=k)
    n = max(len(data), 1)
    total = data.total if data.total > 0 else 1.0
    summary = pd.DataFrame({
        "客户分群": list(names),
        "客户数": counts,
        "客户占比": counts / n,
        "销售额": revenue,
        "销售额占比": revenue / total,
    })
    focus = params.focus if params.focus in names else names[0]
    i = names.index(focus)
    headline = f"{focus}：{counts[i]:,} {unit}，占销售额 {revenue[i] / total:.1%}"
    return SegmentResult(names=names, codes=codes, counts=counts, revenue=revenue,
                         summary=summary, headline=headline)



def segment_list(data: SegmentData, result: SegmentResult) -> pd.DataFrame:
    """One row per customer with its segment (Chinese column names, ready for Excel).

    Args:
        data: from :func:`prepare_segments`.
        result: from :func:`segment_update`.

    Returns:
        A table: 客户编号, 客户分群, 最近购买距今_天, 购买次数, 累计金额, R得分, F得分, M得分.

    >>> t = pd.DataFrame({"recency_days": [3, 400], "purchases": [5, 1], "monetary": [900.0, 60.0]},
    ...                  index=["A", "B"])
    >>> d = prepare_segments(t)
    >>> segment_list(d, segment_update(d, SegmentParams(r_days=30, f_min=2, m_min=200)))["客户分群"].tolist()
    ['重要价值客户', '一般挽留客户']
    """
    names = np.array(result.names, dtype=object)
    return pd.DataFrame({
        "客户编号": data.ids,
        "客户分群": names[result.codes],
        "最近购买距今_天": data.recency_days,
        "购买次数": data.purchases,
        "累计金额": np.round(data.monetary, 2),
        "R得分": data.scores[0],
        "F得分": data.scores[1],
        "M得分": data.scores[2],
    })



def export_segments(data: SegmentData, result: SegmentResult, path: str | Path | None = None) -> Path:
    """Save the customer list with segments as a CSV for Excel (UTF-8 with BOM, formula-safe).

    Customer ids come from the trainee's own file; an id such as ``=HYPERLINK(...)``,
    ``+cmd|...``, ``@SUM(...)`` or ``＝1+1`` would run as a formula when the CSV is opened
    in Excel, so such cells get a leading ``'`` (:func:`helpers.data.safe_text.csv_cell`).
    The file is written in one step (never half a file).

    Args:
        data: from :func:`prepare_segments`.
        result: from :func:`segment_update`.
        path: where to save; default: ``客户分群名单.csv`` in :func:`helpers.paths.work_dir`.

    Returns:
        The absolute path of the file written.

    >>> import tempfile
    >>> t = pd.DataFrame({"recency_days": [3], "purchases": [5], "monetary": [900.0]}, index=["=1+1"])
    >>> d = prepare_segments(t)
    >>> out = export_segments(d, segment_update(d, SegmentParams()), Path(tempfile.mkdtemp()) / "x.csv")
    >>> out.read_text(encoding="utf-8-sig").splitlines()[1].split(",")[:2]
    ["'=1+1", '一般价值客户']
    """
    from ..data.safe_text import write_csv_atomic
    from ..paths import work_dir

    target = Path(path) if path is not None else work_dir() / EXPORT_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    write_csv_atomic(segment_list(data, result), target)
    return target.resolve()



#: What :func:`own_transactions` asks of a trainee's file (see :func:`helpers.require_columns`).
TRANSACTION_SPEC: dict[str, Any] = {"customer_id": "id", "date": "date", "amount": {"type": "number", "min": 0}}



def own_transactions(frame: pd.DataFrame, customer_col: str | None = None, date_col: str | None = None,
                     amount_col: str | None = None) -> pd.DataFrame:
    """A trainee's transactions, with the columns found and checked by :func:`helpers.require_columns`.

    Columns are found by name (客户编号 / 会员编号 / customer_id …, 日期 / 下单日期 …,
    金额 / 实付金额 …) unless given; values such as "¥1,234.50" or "2024年3月5日" are
    converted; blanks and negative amounts are reported with the Excel row.

    Args:
        frame: the table, e.g. from :func:`helpers.read_table`.
        customer_col: the customer column, if its name is not recognised.
        date_col: the date column, if its name is not recognised.
        amount_col: the amount column, if its name is not recognised.

    Returns:
        The table with columns ``customer_id``, ``date``, ``amount`` first.

    >>> raw = pd.DataFrame({"会员编号": ["M1", "M2"], "下单日期": ["2024/3/5", "2024年3月6日"],
    ...                     "实付金额": ["¥1,234.50", "88元"]})
    >>> own_transactions(raw)[["customer_id", "amount"]].to_dict("list")
    {'customer_id': ['M1', 'M2'], 'amount': [1234.5, 88.0]}
    """
    from ..data.columns import require_columns

    spec = dict(TRANSACTION_SPEC)
    for key, column in (("customer_id", customer_col), ("date", date_col), ("amount", amount_col)):
        if column is not None:
            rule = spec[key] if isinstance(spec[key], dict) else {"type": spec[key]}
            spec[key] = {**rule, "column": column}
    return require_columns(frame, spec)



def replace(params: SegmentParams, **changes: Any) -> SegmentParams:
    """A copy of ``params`` with some fields changed (for benchmarks and tests).

    Args:
        params: the parameters to copy.
        **changes: the fields to change.

    Returns:
        A new :class:`SegmentParams`.

    >>> replace(SegmentParams(), r_days=30).r_days
    30
    """
    return dataclasses.replace(params, **changes)
