"""The sample-size widget of lecture 5: how many people an A/B test needs.

:func:`ab_sample_size_widget` takes the baseline rate, the smallest difference worth
finding, the power and the significance level, and answers with the people needed per
group and the smallest difference a given group size can detect (the formula of
:func:`helpers.analysis.experiments.sample_size_two_proportions`).
"""

from __future__ import annotations

import pandas as pd

from ..analysis.experiments import min_detectable_effect, sample_size_two_proportions
from ..errors import DataError
from .common import styled


class SampleSizeWidget:
    """Sliders for an A/B test's sample size; see :func:`ab_sample_size_widget`."""

    def __init__(self, base: float, mde: float, per_group: int) -> None:
        import ipywidgets as w

        style = {"description_width": "10em"}
        wide = w.Layout(width="460px")
        self.base = w.FloatSlider(value=base * 100, min=1, max=60, step=0.5, description="基线比例（%）",
                                  style=style, layout=wide, continuous_update=False, readout_format=".1f")
        self.mde = w.FloatSlider(value=mde * 100, min=0.5, max=20, step=0.5, description="想发现的差异（百分点）",
                                 style=style, layout=wide, continuous_update=False, readout_format=".1f")
        self.power = w.Dropdown(options=[("70%", 0.7), ("80%（常用）", 0.8), ("90%", 0.9)], value=0.8,
                                description="功效", style=style)
        self.alpha = w.Dropdown(options=[("5%（常用）", 0.05), ("1%", 0.01)], value=0.05, description="显著性水平",
                                style=style)
        self.per_group = w.BoundedIntText(value=per_group, min=10, max=10_000_000, step=50,
                                          description="我每组能有（人）", style=style)
        self.result = styled(w.HTML(), "ab-size-result")
        for control in (self.base, self.mde, self.power, self.alpha, self.per_group):
            control.observe(lambda _: self.update(), names="value")
        self.root = w.VBox([self.base, self.mde, w.HBox([self.power, self.alpha]), self.per_group, self.result])
        self.update()

    def update(self) -> None:
        """Recompute the sample size and the detectable difference."""
        p, d = self.base.value / 100, self.mde.value / 100
        try:
            n = sample_size_two_proportions(p, d, self.alpha.value, self.power.value)
            text = f"要发现 {p:.1%} → {p + d:.1%} 的差异，<b>每组需要 {n:,} 人</b>（两组共 {2 * n:,} 人）。"
        except DataError:
            text = "基线加差异超过了 100%，请调小一点。"
        mde = min_detectable_effect(p, int(self.per_group.value), self.alpha.value, self.power.value)
        can = "—" if mde != mde else f"{mde * 100:.1f} 个百分点"
        self.result.value = (f"<div style='font-size:1.1em;margin-top:6px'>{text}<br>"
                             f"每组 {int(self.per_group.value):,} 人时，能可靠发现的最小差异约为 <b>{can}</b>。</div>")

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.root)


def ab_sample_size_widget(base: float | pd.DataFrame = 0.26, mde: float = 0.05,
                          per_group: int | None = None) -> SampleSizeWidget:
    """A sample-size calculator for comparing two proportions (two-sided test).

    Give it the experiment's result table (:func:`helpers.ab_test_summary`) and it starts from
    that experiment: the control rate of the last metric (the long-term one, rounded to half a
    point for the slider) and the smaller group's size.

    Args:
        base: the control group's rate (fraction), or an A/B summary table.
        mde: the smallest difference worth detecting (fraction).
        per_group: a group size to check (default: the experiment's, else 465).

    Returns:
        The widget (it displays itself).
    """
    if isinstance(base, pd.DataFrame):
        row = base.iloc[-1]
        per_group = per_group or int(min(row["A组人数"], row["B组人数"]))
        base = round(float(row["A组比例"]) * 200) / 200
    return SampleSizeWidget(float(base), mde, per_group or 465)
