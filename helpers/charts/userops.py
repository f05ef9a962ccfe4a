"""Charts for user operations (lecture 5): retained members per channel and the levers that add more.

Each join channel has one colour in every chart (:data:`CHANNEL_COLOURS`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: One colour per join channel of the 山禾 case, the same in every chart.
CHANNEL_COLOURS: dict[str, str] = {"门店": "#4C72B0", "小程序": "#55A868", "APP": "#8172B3", "社群": "#DD8452",
                                   "异业合作": "#937860"}


def _colour(name: str, k: int) -> str:
    fallback = ("#4C72B0", "#55A868", "#8172B3", "#DD8452", "#937860", "#DA8BC3")
    return CHANNEL_COLOURS.get(str(name), fallback[k % len(fallback)])


def plot_channel_retention(table: pd.DataFrame, levers: pd.DataFrame,
                           title: str = "留存会员 = Σ 渠道人数 × 渠道留存率") -> object:
    """Two panels: members and retained members per channel; extra members each lever would keep.

    Args:
        table: output of :func:`helpers.analysis.userops.channel_retention`.
        levers: output of :func:`helpers.analysis.userops.retention_levers`.
        title: figure title (state the biggest lever, e.g. with ``lever_title``).

    Returns:
        The matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    t = table[table["渠道"] != "合计"].reset_index(drop=True)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.4), gridspec_kw={"width_ratios": [1, 1.15]})
    y = np.arange(len(t))
    colours = [_colour(c, k) for k, c in enumerate(t["渠道"])]
    left.barh(y, t["入会人数"], color="#E6E6E6", height=0.62)
    left.barh(y, t["留存人数"], color=colours, height=0.62)
    top = float(t["入会人数"].max())
    for yi, n, kept, rate in zip(y, t["入会人数"], t["留存人数"], t["留存率"]):
        left.text(n + top * 0.01, yi, f"{int(kept):,} / {int(n):,} = {rate:.1%}", va="center", fontsize=9.5)
    left.set_yticks(y, t["渠道"].tolist())
    left.invert_yaxis()
    left.set_xlim(0, top * 1.5)
    left.set_xlabel("会员人数（深色 = 留存，浅色 = 未留存）")
    left.set_title("各渠道：入会人数与留存人数")
    left.grid(axis="y", visible=False)

    names = list(dict.fromkeys(levers["杠杆"]))
    shades = ("#2E7D32", "#81C784", "#BDBDBD")
    width = 0.8 / max(len(names), 1)
    best = levers[~levers["样本少"]].iloc[0] if (~levers["样本少"]).any() else levers.iloc[0]
    for k, lever in enumerate(names):
        part = levers[levers["杠杆"] == lever].set_index("渠道").reindex(t["渠道"])
        values = part["多留住人数"].to_numpy(dtype=float)
        right.barh(y + (k - (len(names) - 1) / 2) * width, values, height=width, color=shades[k % 3], label=lever)
        for yi, v, ch in zip(y, values, t["渠道"]):
            is_best = ch == best["渠道"] and lever == best["杠杆"]
            right.text(v + 0.5, yi + (k - (len(names) - 1) / 2) * width, f"{v:.0f}" + (" ← 最大" if is_best else ""),
                       va="center", fontsize=8.5 if not is_best else 10, color="#C44E52" if is_best else "#333333",
                       fontweight="bold" if is_best else "normal")
    right.set_yticks(y, t["渠道"].tolist())
    right.invert_yaxis()
    right.set_xlim(0, float(levers["多留住人数"].max()) * 1.35 + 1)
    right.set_xlabel("可多留住的会员（人）")
    right.set_title("每个动作能多留住多少人")
    right.legend(fontsize=9, loc="lower right")
    right.grid(axis="y", visible=False)
    fig.suptitle(title)
    fig.tight_layout()
    return fig
