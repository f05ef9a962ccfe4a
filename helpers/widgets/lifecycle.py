"""The lifecycle widget of lecture 5: change the thresholds, see the stages and the churn-line check.

:func:`lifecycle_widget` has three sliders (衰退线, 流失线, 成熟线); the stage counts and the
check of the churn line ("of those called churned, how many came back?") follow at once.
The purchase days are indexed once (:func:`helpers.analysis.lifecycle.prepare_purchases`),
so an update is a few numpy passes and an HTML bar chart -- no redrawing of a figure.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..analysis.lifecycle import STAGES, LifecycleRules, Purchases, _day, prepare_purchases, stages_at
from ..charts.lifecycle import STAGE_COLOURS
from ..errors import DataError, friendly_message
from .common import html_text, styled


def _return_rate(p: Purchases, as_of: Any, churn_days: int, horizon_days: int = 365) -> tuple[int, int]:
    """(buyers churned at as_of by ``churn_days``, of them buying again within the horizon)."""
    end = _day(as_of, "观察日")
    before = p.day <= end
    last = np.full(len(p.ids), -1, dtype=np.int64)
    np.maximum.at(last, p.owner[before], p.day[before])
    lost = (last >= 0) & (end - last > churn_days)
    later = (p.day > end) & (p.day <= end + horizon_days)
    back = np.zeros(len(p.ids), dtype=bool)
    back[p.owner[later]] = True
    return int(lost.sum()), int((lost & back).sum())


def _bars_html(counts: pd.Series) -> str:
    total = max(int(counts.sum()), 1)
    top = max(int(counts.max()), 1)
    rows = []
    for stage in STAGES:
        n = int(counts.get(stage, 0))
        rows.append(f"<div class='lc-row' style='display:flex;align-items:center;margin:3px 0'>"
                    f"<span style='width:4.5em'>{stage}</span>"
                    f"<span style='display:inline-block;height:20px;width:{320 * n / top:.0f}px;"
                    f"background:{STAGE_COLOURS[stage]}'></span>"
                    f"<span style='margin-left:6px'>{n:,} 人（{n / total:.1%}）</span></div>")
    return "".join(rows)


class LifecycleWidget:
    """Sliders over the lifecycle rules; see :func:`lifecycle_widget`."""

    def __init__(self, members: pd.DataFrame, orders: pd.DataFrame, as_of: Any, check_as_of: Any,
                 **columns: str) -> None:
        import ipywidgets as w

        self.purchases = prepare_purchases(members, orders, **columns)
        self.as_of, self.check_as_of = as_of, check_as_of
        style = {"description_width": "7em"}
        wide = w.Layout(width="420px")
        self.silent = w.IntSlider(value=90, min=30, max=180, step=10, description="衰退线（天）", style=style,
                                  layout=wide, continuous_update=False)
        self.churn = w.IntSlider(value=180, min=90, max=365, step=15, description="流失线（天）", style=style,
                                 layout=wide, continuous_update=False)
        self.mature = w.IntSlider(value=6, min=3, max=10, description="成熟线（次）", style=style, layout=wide,
                                  continuous_update=False)
        self.bars = styled(w.HTML(), "lc-bars")
        self.check = styled(w.HTML(), "lc-check")
        self.message = styled(w.HTML(), "lc-message")
        for slider in (self.silent, self.churn, self.mature):
            slider.observe(lambda _: self.update(), names="value")
        rules = w.HTML("<small>规则按顺序判断：流失 → 衰退 → 新手 → 成长 → 成熟。流失线必须大于衰退线。</small>")
        self.root = w.HBox([w.VBox([self.silent, self.churn, self.mature, rules, self.message]),
                            w.VBox([w.HTML(f"<b>截至 {pd.Timestamp(as_of).date()} 各阶段人数</b>"), self.bars,
                                    self.check], layout=w.Layout(margin="0 0 0 16px"))])
        self.update()

    def update(self) -> None:
        """Recompute the stages and the churn-line check from the sliders."""
        if self.churn.value <= self.silent.value:
            self.churn.value = self.silent.value + 15  # the widget keeps 流失线 > 衰退线
            return
        try:
            rules = LifecycleRules(self.silent.value, self.churn.value, self.mature.value)
        except DataError as exc:
            self.message.value = f"<span style='color:#c62828'>{html_text(friendly_message(exc))}</span>"
            return
        self.message.value = ""
        stages = stages_at(self.purchases, self.as_of, rules)["生命周期阶段"]
        self.bars.value = _bars_html(stages.value_counts())
        lost, back = _return_rate(self.purchases, self.check_as_of, rules.churn_days)
        share = back / lost if lost else float("nan")
        self.check.value = (f"<div style='margin-top:8px'>检验流失线：{pd.Timestamp(self.check_as_of).date()} "
                            f"按“{rules.churn_days} 天没买”判为流失的 <b>{lost:,}</b> 位有购买会员中，"
                            f"之后一年又回来买的有 <b>{back:,}</b> 位（<b>{share:.1%}</b>）。"
                            "这个比例越低，流失线越可信；太高说明线画得太早。</div>")

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.root)


def lifecycle_widget(members: pd.DataFrame | None = None, orders: pd.DataFrame | None = None,
                     as_of: Any = "2025-12-31", check_as_of: Any = "2024-12-31", **columns: str) -> LifecycleWidget:
    """Sliders for the lifecycle thresholds; stage counts and the churn-line check update at once.

    Args:
        members: the member list (default: the 山禾 case).
        orders: the orders (default: the 山禾 case).
        as_of: the date the stages are computed for.
        check_as_of: the date at which the churn line is checked (a year of data must follow).
        **columns: ``member_col``, ``join_col``, ``date_col`` if not the defaults.

    Returns:
        The widget (it displays itself).
    """
    if members is None or orders is None:
        from ..data.cases import load_case

        members, orders = load_case("members"), load_case("member_orders")
    return LifecycleWidget(members, orders, as_of, check_as_of, **columns)
