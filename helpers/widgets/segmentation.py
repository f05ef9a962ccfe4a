"""The segmentation widget of lecture 2: sliders and dropdowns over the pure functions.

:func:`segment_widget` shows the case data, a DataFrame (``segment_widget(my_df)``) or a
file uploaded in the widget. Every change calls :func:`helpers.analysis.segmentation.segment_update`
and redraws :class:`helpers.charts.SegmentChart` in place; the logic is in
:mod:`helpers.analysis.segmentation`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..analysis.rfm import rfm_table
from ..analysis.rfm_segments import RFM8_ORDER
from ..analysis.segmentation import (
    SCHEMES,
    WEIGHTED_ORDER,
    SegmentParams,
    default_params,
    export_segments,
    own_transactions,
    prepare_segments,
    segment_update,
)
from ..charts.segmentation import SegmentChart
from ..errors import DataError
from .common import html_text, name_html

if TYPE_CHECKING:  # pragma: no cover
    pass


_TABLE_CSS = ("<style>.seg-summary-table{border-collapse:collapse;font-size:13px}"
              ".seg-summary-table th,.seg-summary-table td{padding:2px 10px;text-align:right}"
              ".seg-summary-table td:first-child,.seg-summary-table th:first-child{text-align:left}"
              ".seg-summary-table tr:nth-child(even){background:#f4f4f4}"
              ".seg-chart svg{display:block;height:auto}</style>")


def _summary_html(summary: pd.DataFrame) -> str:
    """The segment table as HTML (built by hand: pandas' to_html costs more than the chart)."""
    rows = "".join(
        f"<tr><td>{html_text(name)}</td><td>{n:,}</td><td>{cs:.1%}</td><td>{rev:,.0f}</td><td>{rs:.1%}</td></tr>"
        for name, n, cs, rev, rs in zip(summary["客户分群"], summary["客户数"], summary["客户占比"],
                                        summary["销售额"], summary["销售额占比"]))
    return (_TABLE_CSS + "<table class='seg-summary-table'><thead><tr><th>客户分群</th><th>客户数</th>"
            "<th>客户占比</th><th>销售额</th><th>销售额占比</th></tr></thead><tbody>" + rows + "</tbody></table>")



#: The case data the widget can open: name -> (table, id column, display name, counting word).
CASES: dict[str, tuple[str, str, str, str]] = {
    "青岚": ("orders", "customer_id", "青岚工控（虚构）2023–2025 年客户订单", "家"),
    "山禾": ("member_orders", "member_id", "山禾生活会员店（虚构）会员订单", "人"),
}


def _case_transactions(case: str = "青岚") -> tuple[pd.DataFrame, str, str]:
    from ..data.cases import load_case

    if case not in CASES:
        raise DataError(f"没有名为“{case}”的案例，可选：{'、'.join(CASES)}", f"unknown case {case!r}",
                        fix_zh="例如 segment_widget(case=\"青岚\")", fix_en='e.g. segment_widget(case="青岚")')
    table, id_col, label, unit = CASES[case]
    orders = load_case(table)
    return orders.rename(columns={id_col: "customer_id", "order_date": "date"}), label, unit



def _chinese(exc: BaseException) -> str:
    """The Chinese part of an error message (the widget speaks to trainees in Chinese only)."""
    from ..errors import friendly_message

    return friendly_message(exc).split("\n[EN]")[0]



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
                 unit: str | None = None, source: str | None = None, case: str = "青岚") -> None:
        import ipywidgets as w

        self.unit = unit or "人"
        self._observation_end = observation_end
        style = {"description_width": "8em"}
        wide = w.Layout(width="380px")
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
        self.chart = w.HTML(layout=w.Layout(flex="1 1 560px", min_width="480px"))
        self._chart: SegmentChart | None = None
        self._charts: dict[tuple[int, tuple[str, ...]], SegmentChart] = {}
        self.export_button = w.Button(description="导出客户名单（CSV）", icon="download",
                                      tooltip="保存为 Excel 可直接打开的 CSV 文件",
                                      layout=w.Layout(width="auto", min_width="190px"))
        self.export_path = w.HTML()
        self.upload = w.FileUpload(accept=".csv,.xlsx,.xls,.txt", multiple=False, description="上传我的交易表",
                                   layout=w.Layout(width="auto", min_width="170px"))
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
        # Controls and chart side by side, so both fit on a 1366 x 768 screen; table and export below.
        controls = w.VBox([self.scheme, self.threshold_box, self.weight_box, self.focus, self.summary],
                          layout=w.Layout(width="390px", flex="0 0 390px"))
        upload_box = w.HBox([self.upload, self.source_label])
        below = w.VBox([self.table, w.HBox([self.export_button, self.export_path])])
        self.root = w.VBox([upload_box, self.status,
                            w.HBox([controls, self.chart], layout=w.Layout(flex_flow="row wrap")), below])
        self.root.add_class("seg-widget")

        self._loading = False
        if transactions is None:
            transactions, source, case_unit = _case_transactions(case)
            self.unit = unit or case_unit
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
        self.source_label.value = (f"<span class='seg-source-name'>数据：{name_html(source)}"
                                   f"（{len(self.data):,} 位客户）</span>")
        self.status.value = ""
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
            self.status.value = f"<div class='seg-error'>{html_text(_chinese(exc))}</div>"
            return
        self.status.value = ""
        self.summary.value = f"<b class='seg-headline'>{html_text(self.result.headline)}</b>"
        if draw:
            self.table.value = _summary_html(self.result.summary)
            key = (id(self.data), self.result.names)
            if key not in self._charts:  # one chart per data set and scheme, laid out once
                self._charts = {k: v for k, v in self._charts.items() if k[0] == id(self.data)}
                self._charts[key] = SegmentChart(self.data, self.result.names, SCHEMES[self.params.scheme])
            self._chart = self._charts[key]
            self.chart.value = self._chart.draw(self.result).svg()

    def _on_change(self, change: dict) -> None:
        if not self._loading:
            self.update()

    def _on_export(self, _button: Any = None) -> Path:
        path = export_segments(self.data, self.result)
        self.export_path.value = f"<span class='seg-export-done'>已保存：<code>{name_html(path)}</code></span>"
        return path

    def _on_upload(self, change: dict) -> None:
        from ..data.read import read_table

        try:
            raw = read_table(change["new"])
            self.load(own_transactions(raw), source=str(raw.attrs.get("source", "上传的文件")))
        except Exception as exc:  # shown to the trainee in plain words, never a traceback
            self.status.value = f"<div class='seg-error'>{html_text(_chinese(exc))}</div>"

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.root)



def segment_widget(transactions: pd.DataFrame | None = None, customer_col: str = "customer_id",
                   date_col: str = "date", amount_col: str = "amount", observation_end: Any = None,
                   unit: str | None = None, case: str = "青岚") -> SegmentWidget:
    """The interactive segmentation widget.

    With no arguments it uses the case of lectures 1-2 (青岚工控 customer orders, counted in 家);
    ``case="山禾"`` opens the member store of lecture 5 (counted in 人). For your own data, read
    the file and pass it in::

        my_df = helpers.read_table("我的订单.xlsx")
        helpers.segment_widget(my_df)                       # columns found by name
        helpers.segment_widget(my_df, "客户", "日期", "实收")  # or named explicitly

    or use the widget's 上传 button. Columns are found and checked by
    :func:`own_transactions` (:func:`helpers.require_columns`): names such as 客户编号 /
    下单日期 / 金额 are recognised, and problems are explained with the Excel row.

    Args:
        transactions: one row per purchase; None for a case.
        customer_col: customer id column.
        date_col: purchase date column.
        amount_col: amount column.
        observation_end: the reference day for "days since the last purchase"; default:
            the last date in the data.
        unit: counting word in the headline (default: 家 for 青岚, 人 otherwise).
        case: the case data when ``transactions`` is None: "青岚" or "山禾".

    Returns:
        The widget (display it by leaving it as the last line of a cell).
    """
    return SegmentWidget(transactions, customer_col, date_col, amount_col, observation_end, unit, case=case)
