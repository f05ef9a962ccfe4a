"""Lecture 1's "动手试一试" controls: one call each, so a notebook cell stays one line.

Each function builds a small ipywidgets control (a dropdown, sliders or a text box) over an
analysis function and a chart, and returns it for display:

* :func:`crosstab_explorer` -- pick a survey question, see it by customer group;
* :func:`region_explorer` -- pick a region, see its indicators against the whole company;
* :func:`benchmark_explorer` -- move the weights, see whether the ranking changes;
* :func:`question_explorer` -- type a business question, see its type and method.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd


def _show(figure_or_axes: Any) -> None:
    import matplotlib.pyplot as plt

    plt.show()


def crosstab_explorer(answers: pd.DataFrame, items: Sequence[str], group: str = "客户分组",
                      value: str | None = None) -> Any:
    """A dropdown of survey questions; shows the chosen one by customer group (chart + table).

    Args:
        answers: one row per returned questionnaire.
        items: the question columns to choose from.
        group: the grouping column.
        value: the question shown first (default: the last of ``items``).

    Returns:
        The interactive widget.
    """
    import ipywidgets as widgets
    from IPython.display import display

    from ..analysis import survey as sv
    from ..charts.survey import plot_crosstab
    from ..charts.tables import show

    def draw(题目: str) -> None:
        table = sv.crosstab(answers, 题目, group, labels=sv.LIKERT_LABELS)
        _show(plot_crosstab(table, title=f"{题目} × {group}（分母：该组回收问卷，含未作答）"))
        shown = table.copy()
        shown.attrs["percent"] = [c for c in table.columns if c != "人数"]
        display(show(shown))

    choice = widgets.Dropdown(options=list(items), value=value or list(items)[-1], description="题目")
    return widgets.interactive(draw, 题目=choice)


def region_explorer(card: pd.DataFrame) -> Any:
    """A dropdown of regions; shows the region's indicators as an index (whole company = 100).

    Args:
        card: the output of :func:`helpers.analysis.regions.regional_scorecard`.

    Returns:
        The interactive widget.
    """
    import ipywidgets as widgets

    from ..analysis import regions as rg
    from ..charts.regions import plot_region_profile

    quadrant = rg.share_growth_quadrant(card)

    def draw(区域: str) -> None:
        profile = rg.region_profile(card, 区域)
        _show(plot_region_profile(profile, 区域))
        gap, whole = profile.loc[rg.GAP, "本区域"], profile.loc[rg.GAP, "全部区域"]
        print(f"增长差：{gap:+.1f} 个百分点（全部区域 {whole:+.1f}）")
        print("象限：", quadrant[区域])

    options = [r for r in card.index if r != "全部区域"]
    return widgets.interactive(draw, 区域=widgets.Dropdown(options=options, description="区域"))


def benchmark_explorer(competitors: pd.DataFrame, weights: Mapping[str, float]) -> Any:
    """One slider per criterion; shows the weighted totals (weights rescaled to 100%).

    Args:
        competitors: the benchmark table (one row per company, one 1-10 column per criterion).
        weights: the starting weights, criterion -> weight.

    Returns:
        The interactive widget.
    """
    import ipywidgets as widgets

    from ..analysis import regions as rg
    from ..charts.regions import plot_weighted_totals
    from ..errors import DataError

    def draw(**chosen: float) -> None:
        try:
            result = rg.benchmark_scores(competitors, chosen)
        except DataError as err:
            print(str(err).split("\n[EN]")[0])
            return
        _show(plot_weighted_totals(result))
        leader = result.index[0]
        print(f"第一名：{leader}（{result.loc[leader, '加权总分']:.1f} 分）")

    sliders = {name: widgets.IntSlider(value=int(v), min=0, max=50, step=5, description=name,
                                       style={"description_width": "6em"}, continuous_update=False)
               for name, v in weights.items()}
    return widgets.interactive(draw, **sliders)


def question_explorer(question: str = "为什么华南的份额下降了？") -> Any:
    """A text box: type a business question, see its type (描述/诊断/预测/决策) and the method.

    Args:
        question: the example shown first.

    Returns:
        The interactive widget.
    """
    import ipywidgets as widgets

    from ..analysis import diagnosis as dg

    types = dg.problem_types()

    def draw(问题: str) -> None:
        kind = dg.classify_question(问题)
        print(f"问题类型：{kind}")
        if kind in types.index:
            print(f"首选方法：{types.loc[kind, '首选方法']}")
            print(f"本讲对应的部分：{types.loc[kind, '本讲对应的部分']}")
        else:
            print("没有找到线索词。请把问题写成“是什么 / 为什么 / 会怎样 / 该怎么办”之一。")

    box = widgets.Text(value=question, description="问题", continuous_update=False,
                       layout=widgets.Layout(width="520px"))
    return widgets.interactive(draw, 问题=box)
