"""The weights widget of lecture 6: move the four dimension weights, watch the ranking move.

The points per dimension are computed once (:func:`helpers.analysis.talent_weights.dimension_points`);
a slider move is one matrix product and a small HTML table whose stacked bars are drawn by the
browser (sharp on a projector, and a few milliseconds instead of a matplotlib render).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..analysis.talent import manager_criteria, rank_scores, round_scores
from ..analysis.talent_weights import dimension_points, weight_presets
from .common import html_text


def ranking(points: pd.DataFrame, weights: dict[str, float], names: pd.Series | None = None,
            default: pd.Series | None = None) -> pd.DataFrame:
    """Scores and ranks for one set of dimension weights (normalised to 1).

    Args:
        points: from :func:`helpers.analysis.talent_weights.dimension_points`.
        weights: dimension -> weight.
        names: display names by index (optional).
        default: the default rank by index, for 与默认相比 (optional).

    Returns:
        Best first: 排名, 姓名, 维度得分_<维度>, 综合得分, 与默认相比 ("↑ 2 位", "↓ 1 位" or "—";
        ↑ = a smaller rank number than under the default weights).

    >>> p = pd.DataFrame({"甲": [100.0, 0.0], "乙": [0.0, 100.0]}, index=["A", "B"])
    >>> r = ranking(p, {"甲": 1, "乙": 3}, default=pd.Series({"A": 1, "B": 2}))
    >>> r[["排名", "综合得分", "与默认相比"]].values.tolist()
    [[1, 75.0, '↑ 1 位'], [2, 25.0, '↓ 1 位']]
    """
    w = np.array([float(weights.get(d, 0)) for d in points.columns])
    w = w / w.sum()
    out = pd.DataFrame(index=points.index)
    out["姓名"] = names.reindex(points.index) if names is not None else points.index.astype(str)
    for d, wd in zip(points.columns, w):
        out[f"维度得分_{d}"] = round_scores(points[d].to_numpy() * wd)
    out["综合得分"] = round_scores(points.to_numpy() @ w)
    out.insert(0, "排名", rank_scores(out["综合得分"].to_numpy()).astype(int))
    if default is not None:
        moved = default.reindex(points.index).to_numpy() - out["排名"].to_numpy()
        out["与默认相比"] = [f"↑ {m} 位" if m > 0 else f"↓ {-m} 位" if m < 0 else "—" for m in moved]
    order = sorted(range(len(out)), key=lambda i: (out["排名"].iloc[i], str(out.index[i])))
    return out.iloc[order]


def _table_html(table: pd.DataFrame, top: int) -> str:
    """The ranking as an HTML table with a stacked bar per candidate (drawn in HTML: sharp and instant).

    >>> t = pd.DataFrame({"排名": [1], "姓名": ["<甲>"], "维度得分_一线业绩": [30.0], "综合得分": [30.0],
    ...                   "与默认相比": ["—"]})
    >>> "&lt;甲&gt;" in _table_html(t, 5) and "width:30.0%" in _table_html(t, 5)
    True
    """
    from ..charts.talent import DIMENSION_COLOURS

    dims = [c for c in table.columns if str(c).startswith("维度得分_")]
    rows = []
    for _, r in table.head(top).iterrows():
        bar = "".join(f"<span title='{html_text(d[5:])} {r[d]:.1f}' style='display:inline-block;height:12px;"
                      f"width:{max(r[d], 0):.1f}%;background:{DIMENSION_COLOURS.get(d[5:], '#8C8C8C')}'></span>"
                      for d in dims)
        rows.append(f"<tr><td>{r['排名']}</td><td>{html_text(str(r['姓名']))}</td><td>{r['综合得分']:.1f}</td>"
                    f"<td>{html_text(r.get('与默认相比', '—'))}</td>"
                    "<td style='width:260px'><div style='width:100%;white-space:nowrap;line-height:0'>"
                    f"{bar}</div></td></tr>")
    legend = "　".join(f"<span style='color:{DIMENSION_COLOURS.get(d[5:], '#8C8C8C')}'>■</span> {html_text(d[5:])}"
                      for d in dims)
    return ("<style>.tl-rank td,.tl-rank th{padding:2px 8px;text-align:left}</style>"
            "<table class='tl-rank'><thead><tr><th>排名</th><th>姓名</th><th>综合得分</th><th>与默认相比</th>"
            "<th>得分构成（0–100 分）</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
            f"<small>{legend}<br>↑ = 排名比默认权重时靠前，↓ = 靠后，— = 不变</small>")


def manager_weights_widget(candidates: pd.DataFrame, criteria: pd.DataFrame | None = None, top: int = 10) -> Any:
    """Four sliders for the dimension weights; the ranking table and the chart follow at once.

    Args:
        candidates: from :func:`helpers.analysis.talent.manager_candidates`.
        criteria: the criteria (default :func:`helpers.analysis.talent.manager_criteria`); their
            dimension weights are the sliders' start values.
        top: the candidates shown.

    Returns:
        An ``ipywidgets.VBox`` (attributes ``sliders``, ``table``, ``update``).

    >>> cand = pd.DataFrame({"姓名": ["甲", "乙"], "平均完成率": [1.1, 0.9], "年均增长": [0.1, 0.2],
    ...     "关键赢单数": [1, 5], "新客户数": [1, 4], "司龄（年）": [9, 3], "经历广度": [4, 2], "客户评价": [4.6, 4.0]})
    >>> box = manager_weights_widget(cand)
    >>> box.sliders["关键战役"].value = 70; "乙" in box.table.value.split("<td>")[2]
    True
    """
    import ipywidgets as w

    crit = manager_criteria() if criteria is None else criteria
    points = dimension_points(candidates, crit)
    start = pd.to_numeric(crit["权重"]).groupby(crit["维度"], sort=False).sum()
    start = (start / start.sum() * 100).round().astype(int)
    names = candidates["姓名"] if "姓名" in candidates else None
    default = ranking(points, start.to_dict(), names)["排名"]
    sliders = {d: w.IntSlider(value=int(np.clip(5 * round(v / 5), 5, 70)), min=5, max=70, step=5, description=d,
                              continuous_update=False, style={"description_width": "80px"},
                              layout=w.Layout(width="420px"))
               for d, v in start.items()}
    shares = w.HTML()
    table = w.HTML()
    presets = []
    for name, row in weight_presets().iterrows():
        button = w.Button(description=name, layout=w.Layout(width="auto"))
        button.on_click(lambda _, row=row: apply_preset(row))
        presets.append(button)
    holding = [False]

    def apply_preset(row: pd.Series) -> None:
        holding[0] = True
        try:
            for d, s in sliders.items():
                if d in row:
                    s.value = int(round(row[d] * 100))
        finally:
            holding[0] = False
        update()

    def update(_: Any = None) -> None:
        if holding[0]:
            return
        weights = {d: s.value for d, s in sliders.items()}
        total = sum(weights.values())
        parts = "，".join(f"{d} {v / total:.0%}" for d, v in weights.items())
        shares.value = f"实际权重（自动换算成合计 100%）：{parts}"
        result = ranking(points, weights, names, default)
        table.value = _table_html(result, top)

    for s in sliders.values():
        s.observe(update, names="value")
    update()
    box = w.VBox([w.HTML("<b>拖动滑块调整四个维度的权重</b>（或点一个预设方案）："), w.HBox(presets),
                  *sliders.values(), shares, table])
    box.sliders, box.table, box.update = sliders, table, update
    return box
