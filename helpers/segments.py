"""Customer segmentation that a trainee can steer: the logic, and a thin widget over it.

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

* ``"rfm8"`` -- the Chinese 8-class map (see :mod:`helpers.rfm`) with **thresholds in
  business units**: R 高 = the last purchase is at most ``r_days`` days ago, F 高 = at
  least ``f_min`` purchases, M 高 = at least ``m_min`` spent;
* ``"weighted"`` -- a weighted score ``(w_r R + w_f F + w_m M) / (w_r + w_f + w_m)`` of the
  1..5 RFM scores (rank-based, ties share the lowest score), cut into 高价值 (score >=
  ``cut_high``), 中价值 (>= ``cut_mid``) and 低价值.

:func:`segment_widget` wires these to sliders and dropdowns (ipywidgets), for the case data,
for a DataFrame (``segment_widget(my_df)``) or for a file uploaded in the widget.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import DataError
from .rfm import _RFM8_BY_CODE, RFM8_ORDER, _require, _rfm8_code, rfm_table, score_values

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

SCHEMES: dict[str, str] = {"rfm8": "RFM 八类（按阈值）", "weighted": "加权得分三档（按权重）"}
WEIGHTED_ORDER: tuple[str, ...] = ("高价值客户", "中价值客户", "低价值客户")
#: File name of the export in the trainee's working folder.
EXPORT_NAME = "客户分群名单.csv"

_TABLE_CSS = ("<style>.seg-summary-table{border-collapse:collapse;font-size:13px}"
              ".seg-summary-table th,.seg-summary-table td{padding:2px 10px;text-align:right}"
              ".seg-summary-table td:first-child,.seg-summary-table th:first-child{text-align:left}"
              ".seg-summary-table tr:nth-child(even){background:#f4f4f4}</style>")

# one colour per segment position (8 classes at most)
_COLOURS = ("#C44E52", "#DD8452", "#4C72B0", "#8172B3", "#55A868", "#CCB974", "#64B5CD", "#8C8C8C")


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
        table: output of :func:`helpers.rfm.rfm_table` (recency_days, purchases, monetary).
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
    """Starting values: each threshold at the customers' average (the usual RFM rule).

    R: the average days since the last purchase (rounded); F: the average number of
    purchases, rounded up; M: the average total amount (rounded). Equal weights; cuts 4.0
    and 2.5 on the 1..5 weighted score.

    >>> t = pd.DataFrame({"recency_days": [10, 30], "purchases": [1, 2], "monetary": [100.0, 300.0]})
    >>> p = default_params(prepare_segments(t))
    >>> p.r_days, p.f_min, p.m_min
    (20.0, 2.0, 200.0)
    """
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {sorted(SCHEMES)}")
    return SegmentParams(
        scheme=scheme,
        r_days=float(round(data.recency_days.mean())),
        f_min=float(max(2, np.ceil(data.purchases.mean()))),
        m_min=float(round(data.monetary.mean())),
        focus=RFM8_ORDER[0] if scheme == "rfm8" else WEIGHTED_ORDER[0],
    )


# position of each 8-class name in RFM8_ORDER, indexed by the R*4 + F*2 + M code
_RFM8_POSITION = np.array([RFM8_ORDER.index(n) for n in _RFM8_BY_CODE], dtype=np.int8)


def segment_codes(data: SegmentData, params: SegmentParams) -> tuple[tuple[str, ...], np.ndarray]:
    """Label every customer (the core of :func:`segment_update`).

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
    """Save the customer list with segments as a CSV for Excel (UTF-8 with BOM).

    Args:
        data: from :func:`prepare_segments`.
        result: from :func:`segment_update`.
        path: where to save; default: ``客户分群名单.csv`` in :func:`helpers.paths.work_dir`.

    Returns:
        The absolute path of the file written.
    """
    from .paths import work_dir

    target = Path(path) if path is not None else work_dir() / EXPORT_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    segment_list(data, result).to_csv(target, index=False, encoding="utf-8-sig")
    return target.resolve()


# ---------------------------------------------------------------------------------------
# Chart
# ---------------------------------------------------------------------------------------

class SegmentChart:
    """The widget's two-panel chart, built once and redrawn in place on every update.

    Left: customer share vs revenue share per segment. Right: a scatter of the fixed sample
    of :func:`prepare_segments` (days since the last purchase against total amount, log
    scale), coloured by segment. Only the bar lengths and the point colours change on an
    update, so a redraw costs one PNG rendering, not a new figure.

    Args:
        data: from :func:`prepare_segments`.
        names: the segment names (from a :class:`SegmentResult`).
        title: figure title.
        dpi: resolution of :meth:`png`.
    """

    def __init__(self, data: SegmentData, names: Sequence[str], title: str = "客户分群结果",
                 dpi: int = 72) -> None:
        from matplotlib.figure import Figure

        self.data, self.names, self.dpi = data, tuple(names), dpi
        fig = Figure(figsize=(11, 4.2), dpi=dpi)
        fig.subplots_adjust(left=0.12, right=0.98, bottom=0.13, top=0.84, wspace=0.32)
        left, right = fig.subplots(1, 2, width_ratios=[1, 1.1])
        y = np.arange(len(self.names))
        zeros = np.zeros(len(self.names))
        self.customer_bars = left.barh(y + 0.2, zeros, height=0.4, color="#8C8C8C", label="客户占比")
        self.revenue_bars = left.barh(y - 0.2, zeros, height=0.4, color="#C44E52", label="销售额占比")
        left.set_yticks(y, list(self.names))
        left.set_ylim(len(self.names) - 0.5, -0.5)
        left.set_xlim(0, 1)
        left.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
        left.set_xlabel("占比")
        left.set_title("各分群的客户占比与销售额占比", fontsize=11)
        left.legend(loc="lower right", fontsize=8)
        s = data.sample
        self.points = right.scatter(data.recency_days[s], np.maximum(data.monetary[s], 0.01), s=8,
                                    alpha=0.6, linewidths=0, color=_COLOURS[0])
        right.set_yscale("log")
        right.set_xlabel("最近一次购买距今（天）")
        right.set_ylabel("累计金额（对数刻度）")
        right.set_title(f"客户散点（抽样 {len(s):,} 位）", fontsize=11)
        for i, name in enumerate(self.names):
            right.scatter([], [], color=_COLOURS[i % len(_COLOURS)], s=20, label=name)
        right.legend(fontsize=7, loc="upper right", ncol=2 if len(self.names) > 4 else 1)
        fig.suptitle(title, fontsize=13)
        self.figure, self.bar_axes, self.scatter_axes = fig, left, right

    def draw(self, result: SegmentResult) -> SegmentChart:
        """Show ``result`` (its names must be this chart's names)."""
        if tuple(result.names) != self.names:
            raise ValueError("the result has other segments than this chart")
        for bar, v in zip(self.customer_bars, result.summary["客户占比"]):
            bar.set_width(v)
        for bar, v in zip(self.revenue_bars, result.summary["销售额占比"]):
            bar.set_width(v)
        top = max(float(result.summary["客户占比"].max()), float(result.summary["销售额占比"].max()), 0.05)
        self.bar_axes.set_xlim(0, min(1.0, top * 1.1))
        self.points.set_facecolor(np.array(_COLOURS)[result.codes[self.data.sample] % len(_COLOURS)])
        return self

    def png(self) -> bytes:
        """The chart as PNG bytes (for an ``ipywidgets.Image``)."""
        import io

        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=self.dpi)
        return buffer.getvalue()


def plot_segments(data: SegmentData, result: SegmentResult, title: str = "客户分群结果") -> Figure:
    """The segmentation chart for ``result`` as a matplotlib figure (see :class:`SegmentChart`).

    Returns:
        The figure (display it, or save it with ``fig.savefig(...)``).
    """
    return SegmentChart(data, result.names, title, dpi=100).draw(result).figure


# ---------------------------------------------------------------------------------------
# The widget (thin wiring)
# ---------------------------------------------------------------------------------------

def _case_transactions() -> tuple[pd.DataFrame, str]:
    from .cases import load_case

    orders = load_case("member_orders")
    return orders.rename(columns={"member_id": "customer_id", "order_date": "date"}), "山禾生活会员店（虚构）会员订单"


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
    from .tables import require_columns

    spec = dict(TRANSACTION_SPEC)
    for key, column in (("customer_id", customer_col), ("date", date_col), ("amount", amount_col)):
        if column is not None:
            rule = spec[key] if isinstance(spec[key], dict) else {"type": spec[key]}
            spec[key] = {**rule, "column": column}
    return require_columns(frame, spec)


def _is_clean(frame: pd.DataFrame, customer_col: str, date_col: str, amount_col: str) -> bool:
    """True when the columns exist and already have date and number types (no conversion needed)."""
    if not {customer_col, date_col, amount_col} <= set(frame.columns):
        return False
    return (pd.api.types.is_datetime64_any_dtype(frame[date_col])
            and pd.api.types.is_numeric_dtype(frame[amount_col]))


class SegmentWidget:
    """The segmentation widget: controls + outputs over the pure functions above.

    Create it with :func:`segment_widget`. Attributes ``data``, ``params`` and ``result``
    hold the current state; :meth:`update` is the callback run on every change.
    """

    def __init__(self, transactions: pd.DataFrame | None = None, customer_col: str = "customer_id",
                 date_col: str = "date", amount_col: str = "amount", observation_end: Any = None,
                 unit: str = "人", source: str | None = None) -> None:
        import ipywidgets as w

        self.unit = unit
        self._observation_end = observation_end
        style = {"description_width": "9em"}
        wide = w.Layout(width="460px")
        self.scheme = w.Dropdown(options=[(v, k) for k, v in SCHEMES.items()], value="rfm8",
                                 description="分群方式", style=style, layout=wide)
        self.r_days = w.IntSlider(description="R 近：≤ 天", style=style, layout=wide, continuous_update=False)
        self.f_min = w.IntSlider(description="F 频：≥ 次", style=style, layout=wide, continuous_update=False)
        self.m_min = w.FloatSlider(description="M 额：≥ 金额", style=style, layout=wide, continuous_update=False,
                                   readout_format=",.0f")
        self.w_r = w.FloatSlider(value=1.0, min=0, max=3, step=0.1, description="R 权重", style=style, layout=wide,
                                 continuous_update=False)
        self.w_f = w.FloatSlider(value=1.0, min=0, max=3, step=0.1, description="F 权重", style=style, layout=wide,
                                 continuous_update=False)
        self.w_m = w.FloatSlider(value=1.0, min=0, max=3, step=0.1, description="M 权重", style=style, layout=wide,
                                 continuous_update=False)
        self.cut_high = w.FloatSlider(value=4.0, min=1, max=5, step=0.1, description="高价值：得分 ≥",
                                      style=style, layout=wide, continuous_update=False)
        self.cut_mid = w.FloatSlider(value=2.5, min=1, max=5, step=0.1, description="中价值：得分 ≥",
                                     style=style, layout=wide, continuous_update=False)
        self.focus = w.Dropdown(description="重点查看", style=style, layout=wide)
        self.summary = w.HTML()
        self.table = w.HTML()
        self.chart = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self._chart: SegmentChart | None = None
        self._charts: dict[tuple[int, tuple[str, ...]], SegmentChart] = {}
        self.export_button = w.Button(description="导出客户名单（CSV）", icon="download",
                                      tooltip="保存为 Excel 可直接打开的 CSV 文件", layout=w.Layout(width="220px"))
        self.export_path = w.HTML()
        self.upload = w.FileUpload(accept=".csv,.xlsx,.xls,.txt", multiple=False, description="上传我的交易表")
        self.source_label = w.HTML()
        self.status = w.HTML()
        for widget, css in [
            (self.scheme, "seg-scheme"), (self.r_days, "seg-r-days"), (self.f_min, "seg-f-min"),
            (self.m_min, "seg-m-min"), (self.w_r, "seg-w-r"), (self.w_f, "seg-w-f"), (self.w_m, "seg-w-m"),
            (self.cut_high, "seg-cut-high"), (self.cut_mid, "seg-cut-mid"), (self.focus, "seg-focus"),
            (self.summary, "seg-summary"), (self.table, "seg-table"), (self.chart, "seg-chart"),
            (self.export_button, "seg-export"), (self.export_path, "seg-export-path"),
            (self.upload, "seg-upload"), (self.source_label, "seg-source"), (self.status, "seg-status"),
        ]:
            widget.add_class(css)
        self.threshold_box = w.VBox([self.r_days, self.f_min, self.m_min])
        self.weight_box = w.VBox([self.w_r, self.w_f, self.w_m, self.cut_high, self.cut_mid])
        controls = w.VBox([self.scheme, self.threshold_box, self.weight_box, self.focus])
        upload_box = w.HBox([self.upload, self.source_label])
        results = w.VBox([self.summary, self.table, w.HBox([self.export_button, self.export_path])],
                         layout=w.Layout(margin="0 0 0 24px"))
        self.root = w.VBox([upload_box, w.HBox([controls, results]), self.chart, self.status])
        self.root.add_class("seg-widget")

        self._loading = False
        if transactions is None:
            transactions, source = _case_transactions()
            customer_col, date_col, amount_col = "customer_id", "date", "amount"
        elif not _is_clean(transactions, customer_col, date_col, amount_col):
            given = [c if c in transactions.columns else None for c in (customer_col, date_col, amount_col)]
            transactions = own_transactions(transactions, *given)
            customer_col, date_col, amount_col = "customer_id", "date", "amount"
        self.load(transactions, customer_col, date_col, amount_col,
                  source=source or str(transactions.attrs.get("source", "你的数据")))

        for control in (self.scheme, self.r_days, self.f_min, self.m_min, self.w_r, self.w_f, self.w_m,
                        self.cut_high, self.cut_mid, self.focus):
            control.observe(self._on_change, names="value")
        self.export_button.on_click(self._on_export)
        self.upload.observe(self._on_upload, names="value")

    # -- state -------------------------------------------------------------------------
    def load(self, transactions: pd.DataFrame, customer_col: str = "customer_id", date_col: str = "date",
             amount_col: str = "amount", source: str = "你的数据") -> None:
        """Compute RFM for a new transaction log and reset the sliders to its defaults."""
        table = rfm_table(transactions, customer_col, date_col, amount_col, self._observation_end)
        self.data = prepare_segments(table)
        defaults = default_params(self.data, self.scheme.value)
        self._loading = True
        try:
            r_max = int(max(self.data.recency_days.max(), 1))
            self.r_days.min, self.r_days.max = 0, r_max
            self.r_days.value = int(min(defaults.r_days, r_max))
            f_max = int(min(max(self.data.purchases.max(), 2), 50))
            self.f_min.min, self.f_min.max = 1, f_max
            self.f_min.value = int(min(defaults.f_min, f_max))
            m_top = float(np.quantile(self.data.monetary, 0.99)) or 1.0
            step = float(10 ** max(np.floor(np.log10(m_top)) - 2, 0))
            self.m_min.max = max(m_top, defaults.m_min)
            self.m_min.min = 0.0
            self.m_min.step = step
            self.m_min.value = defaults.m_min
        finally:
            self._loading = False
        self.source_label.value = f"<span class='seg-source-name'>数据：{source}（{len(self.data):,} 位客户）</span>"
        self.export_path.value = ""
        self.update()

    def current_params(self) -> SegmentParams:
        """The parameters shown by the controls."""
        return SegmentParams(
            scheme=self.scheme.value, r_days=float(self.r_days.value), f_min=float(self.f_min.value),
            m_min=float(self.m_min.value), w_r=float(self.w_r.value), w_f=float(self.w_f.value),
            w_m=float(self.w_m.value), cut_high=float(self.cut_high.value), cut_mid=float(self.cut_mid.value),
            focus=str(self.focus.value or ""),
        )

    # -- callbacks ---------------------------------------------------------------------
    def update(self, draw: bool = True) -> None:
        """Recompute the segments from the controls and refresh the outputs."""
        from .errors import friendly_message

        started = time.perf_counter()
        rfm8 = self.scheme.value == "rfm8"
        self.threshold_box.layout.display = None if rfm8 else "none"
        self.weight_box.layout.display = "none" if rfm8 else None
        names = RFM8_ORDER if rfm8 else WEIGHTED_ORDER
        if tuple(self.focus.options) != tuple(names):
            self._loading = True
            try:
                self.focus.options = list(names)
                self.focus.value = names[0]
            finally:
                self._loading = False
        try:
            self.params = self.current_params()
            self.result = segment_update(self.data, self.params, self.unit)
        except DataError as exc:
            self.status.value = f"<pre class='seg-error'>{friendly_message(exc)}</pre>"
            return
        self.summary.value = f"<b class='seg-headline'>{self.result.headline}</b>"
        if draw:
            shown = self.result.summary.copy()
            shown["客户数"] = shown["客户数"].map("{:,}".format)
            shown["客户占比"] = shown["客户占比"].map("{:.1%}".format)
            shown["销售额"] = shown["销售额"].map("{:,.0f}".format)
            shown["销售额占比"] = shown["销售额占比"].map("{:.1%}".format)
            self.table.value = _TABLE_CSS + shown.to_html(index=False, classes="seg-summary-table", border=0)
            key = (id(self.data), self.result.names)
            if key not in self._charts:  # one chart per data set and scheme, built once
                self._charts = {k: v for k, v in self._charts.items() if k[0] == id(self.data)}
                self._charts[key] = SegmentChart(self.data, self.result.names, SCHEMES[self.params.scheme])
            self._chart = self._charts[key]
            self.chart.value = self._chart.draw(self.result).png()
        self.status.value = (f"<span class='seg-timing' style='color:#888'>更新用时 "
                             f"{(time.perf_counter() - started) * 1000:.0f} 毫秒</span>")

    def _on_change(self, change: dict) -> None:
        if not self._loading:
            self.update()

    def _on_export(self, _button: Any = None) -> Path:
        path = export_segments(self.data, self.result)
        self.export_path.value = f"<span class='seg-export-done'>已保存：<code>{path}</code></span>"
        return path

    def _on_upload(self, change: dict) -> None:
        from .errors import friendly_message

        from .tables import read_table

        try:
            raw = read_table(change["new"])
            self.load(own_transactions(raw), source=str(raw.attrs.get("source", "上传的文件")))
        except Exception as exc:  # shown to the trainee in plain words, never a traceback
            self.status.value = f"<pre class='seg-error'>{friendly_message(exc)}</pre>"

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.root)


def segment_widget(transactions: pd.DataFrame | None = None, customer_col: str = "customer_id",
                   date_col: str = "date", amount_col: str = "amount", observation_end: Any = None,
                   unit: str = "人") -> SegmentWidget:
    """The interactive segmentation widget.

    With no arguments it uses the case data (山禾生活会员店 member orders). For your own
    data, read the file and pass it in::

        my_df = helpers.read_table("我的订单.xlsx")
        helpers.segment_widget(my_df)                       # columns found by name
        helpers.segment_widget(my_df, "客户", "日期", "实收")  # or named explicitly

    or use the widget's 上传 button. Columns are found and checked by
    :func:`own_transactions` (:func:`helpers.require_columns`): names such as 客户编号 /
    下单日期 / 金额 are recognised, and problems are explained with the Excel row.

    Args:
        transactions: one row per purchase; None for the case data.
        customer_col: customer id column.
        date_col: purchase date column.
        amount_col: amount column.
        observation_end: the reference day for "days since the last purchase"; default:
            the last date in the data.
        unit: counting word in the headline (人 or 家).

    Returns:
        The widget (display it by leaving it as the last line of a cell).
    """
    return SegmentWidget(transactions, customer_col, date_col, amount_col, observation_end, unit)


def replace(params: SegmentParams, **changes: Any) -> SegmentParams:
    """A copy of ``params`` with some fields changed (for benchmarks and tests).

    >>> replace(SegmentParams(), r_days=30).r_days
    30
    """
    return dataclasses.replace(params, **changes)
