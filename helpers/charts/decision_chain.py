"""Charts of lecture 3's decision chains: the organisation picture, influence × attitude, coverage, chain health.

The three attitudes keep one colour in every chart of lectures 3-4 and in the 决策链地图
worksheet (:data:`ATTITUDE_COLOURS`: 反对 red, 中立 grey, 支持 green). Each function takes the
output of :mod:`helpers.analysis.decision_chain` / :mod:`helpers.analysis.multilevel`, draws on
``ax`` (a new pyplot figure when ``None``; the worksheets pass axes of a plain Figure) and
returns the Figure. Without a title it writes one that states the finding. Empty input gets a
centred placeholder instead of an error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..analysis.decision_chain import COVER_ROWS, KEY_INFLUENCE, OUR_RANKS, ROLE_LEVEL, ROLES, THEIR_LEVELS  # noqa: F401
from .base import axes_or_new, placeholder

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

ATTITUDE_COLOURS: dict[str, str] = {"反对": "#c62828", "中立": "#9e9e9e", "支持": "#2e7d32"}
STATE_COLOURS: dict[str, str] = {"决策链未梳理": "#616161", "有高优先缺口": "#c62828", "有缺口": "#ef6c00",
                                 "完整": "#2e7d32", "已流失": "#8d6e63"}
HOLE = "#c62828"
ADVISORY = "#ef6c00"
EMPTY_CHAIN = "该客户还没有梳理决策链"


def _label(row: pd.Series) -> str:
    return str(row["职务"] or row["联系人"]) if row["职务"] == row["职务"] else str(row["联系人"])


def org_title(chain: pd.DataFrame, name: str | None = None) -> str:
    """The finding of the organisation picture, e.g. "甲厂：8 位联系人中 6 位只由销售代表对接".

    >>> c = pd.DataFrame({"我方最高对接职级": ["销售代表", "总监"], "缺口数": [1, 0], "优先级": [1.0, None],
    ...                   "职务": ["总经理", "副总"], "联系人": ["a", "b"]})
    >>> org_title(c, "甲厂")
    '甲厂：2 位联系人中 1 位只由销售代表对接'
    """
    who = f"{name}：" if name else ""
    if chain.empty:
        return f"{who}{EMPTY_CHAIN}"
    only_rep = int((chain["我方最高对接职级"].astype(str) == OUR_RANKS[0]).sum())
    if only_rep * 2 >= len(chain):
        return f"{who}{len(chain)} 位联系人中 {only_rep} 位只由销售代表对接"
    gaps = chain[chain["缺口数"] > 0]
    if gaps.empty:
        return f"{who}{len(chain)} 位联系人都没有缺口"
    first = gaps.sort_values("优先级").iloc[0]
    return f"{who}{len(gaps)} 位联系人存在缺口，先补{_label(first)}"


def _positions(chain: pd.DataFrame, per_row: int = 6) -> dict[str, tuple[float, float]]:
    """Box centre per contact id: bands top → bottom; in a band, people sit in the order of their bosses.

    A contact whose boss is in a higher band is ordered by the boss's position; one whose boss
    is in the same band comes right after the boss; contacts without a boss by influence.
    """
    ids = list(chain["联系人编号"])
    boss = {i: b for i, b in zip(ids, chain["汇报对象编号"]) if isinstance(b, str) and b in ids and b != i}
    level = dict(zip(ids, chain["层级"]))
    influence = dict(zip(ids, chain["影响力"]))
    pos: dict[str, tuple[float, float]] = {}

    def key(cid: str, depth: int = 0) -> tuple:
        b = boss.get(cid)
        own = (-int(influence[cid]), cid)
        if b is None or depth > len(ids):
            return (float("inf"), own)
        if b in pos:
            return (pos[b][0], own)
        return (*key(b, depth + 1), 1, own)  # same band: right after the boss

    for band, lvl in enumerate(THEIR_LEVELS):
        members = sorted((i for i in ids if level[i] == lvl), key=lambda i: (key(i) if i in boss else
                                                                           (-1.0, (-int(influence[i]), i))))
        rows = [members[k:k + per_row] for k in range(0, len(members), per_row)] or [[]]
        for r, row in enumerate(rows):
            y = 2 - band + (0.22 if len(rows) > 1 and r == 0 else -0.22 if len(rows) > 1 else 0)
            for k, cid in enumerate(row):
                pos[cid] = ((k + 0.5) / max(len(row), 1) * per_row, y)
    return pos


def plot_org_chain(chain: pd.DataFrame, *, name: str | None = None, title: str | None = None,
                   ax: Axes | None = None) -> Figure:
    """The decision chain as an organisation picture: three bands, one box per contact.

    Box colour = 态度; border width = 关系强度 (1 thin … 5 thick); ★ = 关键人; a red badge
    counts the contact's gaps; under each box our daily owner and, if any, the senior sponsor;
    grey lines join a contact to the boss (汇报对象). A role nobody has been named for is a
    dashed empty box in the band where it usually sits.

    Args:
        chain: output of :func:`helpers.decision_chain` for one customer.
        name: the customer's name (for the default title).
        title: the title (default: the finding, see :func:`org_title`).
        ax: axes to draw on.

    Returns:
        The Figure.

    >>> plot_org_chain(pd.DataFrame(columns=["我方最高对接职级"])).axes[0].texts[0].get_text()
    '该客户还没有梳理决策链'
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyBboxPatch, Patch

    ax = axes_or_new(ax, (11, 6))
    title = title or org_title(chain, name)
    if chain.empty:
        return placeholder(EMPTY_CHAIN, title, ax)
    per_row = 6
    pos = _positions(chain, per_row)
    width, height = 0.78 * per_row / max(per_row, 1) * 1.0, 0.34
    for band, lvl in enumerate(THEIR_LEVELS):
        y = 2 - band
        ax.axhspan(y - 0.5, y + 0.5, color="#f5f5f5" if band % 2 == 0 else "white", zorder=0)
        ax.text(-0.35, y, lvl, ha="right", va="center", fontsize=12, fontweight="bold", color="#424242")
    by_id = chain.set_index("联系人编号")
    for cid, row in by_id.iterrows():
        b = row["汇报对象编号"]
        if isinstance(b, str) and b in pos:
            (x0, y0), (x1, y1) = pos[b], pos[cid]
            if abs(y0 - y1) < 0.5:  # boss in the same band: join the sides
                side = width / 2 if x1 > x0 else -width / 2
                ax.plot([x0 + side, x1 - side], [y0, y1], color="#bdbdbd", lw=1, zorder=1)
            else:  # start below the boss's owner lines
                sponsor = by_id.loc[b, "高层对接人"]
                below = 0.14 if sponsor in ("—", None) or sponsor != sponsor else 0.25
                ax.plot([x0, x1], [y0 - height / 2 - below, y1 + height / 2], color="#bdbdbd", lw=1, zorder=1)
    for cid, row in by_id.iterrows():
        x, y = pos[cid]
        colour = ATTITUDE_COLOURS.get(row["态度"], "#9e9e9e")
        lw = 0.8 + (int(row["关系强度"]) - 1) * 0.6
        ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                                    boxstyle="round,pad=0.02,rounding_size=0.05", facecolor=colour, alpha=0.9,
                                    edgecolor="#212121", linewidth=lw, zorder=2))
        star = "★" if bool(row["是否关键人"]) else ""
        ax.text(x, y + 0.05, f"{star}{_label(row)}", ha="center", va="center", fontsize=11, color="white",
                fontweight="bold", zorder=3, parse_math=False)
        ax.text(x, y - 0.09, f"{row['决策角色']}｜影响 {row['影响力']}", ha="center", va="center", fontsize=9,
                color="white", zorder=3)
        lines = ["对接：（无人）" if row["日常对接人"] == "（无人对接）"
                 else f"对接：{row['日常对接人']}（{row.get('日常对接人职级', '')}）"]
        if row["高层对接人"] not in ("—", None) and row["高层对接人"] == row["高层对接人"]:
            lines.append(f"高层：{row['高层对接人']}（{row.get('高层对接人职级', '')}）")
        ax.text(x, y - height / 2 - 0.03, "\n".join(lines), ha="center", va="top", fontsize=9, color="#424242",
                zorder=3, parse_math=False)
        if row["缺口数"]:
            ax.text(x + width / 2 - 0.02, y + height / 2 - 0.02, f"{int(row['缺口数'])}", ha="center",
                    va="center", fontsize=9, color="white", fontweight="bold", zorder=4,
                    bbox={"boxstyle": "circle,pad=0.25", "facecolor": HOLE, "edgecolor": "white"})
    missing = [r for r in ROLES if not (chain["决策角色"] == r).any()]
    for k, role in enumerate(missing):
        y = 2 - THEIR_LEVELS.index(ROLE_LEVEL[role])
        x = per_row + 0.4 + 0.95 * (k // 3)
        ax.add_patch(FancyBboxPatch((x - 0.42, y - height / 2), 0.84, height, boxstyle="round,pad=0.02",
                                    facecolor="white", edgecolor="#757575", linestyle="--", linewidth=1.2, zorder=2))
        ax.text(x, y, f"未识别：\n{role}", ha="center", va="center", fontsize=9.5, color="#616161", zorder=3)
    right = per_row + (0.95 * ((len(missing) - 1) // 3 + 1) + 0.1 if missing else 0)
    ax.set_xlim(-1.3, right + 0.1)
    ax.set_ylim(-0.6, 2.6)
    ax.set_axis_off()
    handles = [Patch(facecolor=c, label=a) for a, c in ATTITUDE_COLOURS.items()]
    handles += [Line2D([], [], ls="", label="★ = 关键人"),
                Line2D([], [], ls="", marker="o", color=HOLE, markersize=9, label="红圈数字 = 缺口数"),
                Line2D([], [], ls="", label="边框越粗 = 关系越强")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=6, fontsize=10, frameon=False)
    ax.set_title(title, fontsize=14)
    return ax.figure


def _spread(n: int) -> list[tuple[float, float]]:
    """Fixed offsets for n points in one cell: up to 3 in a row, further rows above and below."""
    out = []
    for k in range(n):
        row, col = divmod(k, 3)
        in_row = min(3, n - row * 3)
        out.append(((col - (in_row - 1) / 2) * 0.3, [0, 0.28, -0.28, 0.14, -0.14][row % 5]))
    return out


def grid_title(chain: pd.DataFrame, name: str | None = None, key_influence: int = KEY_INFLUENCE) -> str:
    """The finding of the influence × attitude grid.

    >>> c = pd.DataFrame({"影响力": [5, 4, 2], "态度": ["中立", "支持", "反对"]})
    >>> grid_title(c, "甲厂")
    '甲厂：高影响（影响力 ≥ 4）的 2 人中 1 人还没争取到（中立或反对）'
    """
    who = f"{name}：" if name else ""
    if chain.empty:
        return f"{who}{EMPTY_CHAIN}"
    high = chain[chain["影响力"] >= key_influence]
    if high.empty:
        return f"{who}决策链上还没有影响力 ≥ {key_influence} 的人"
    not_won = int((high["态度"] != "支持").sum())
    if not not_won:
        return f"{who}高影响的 {len(high)} 人都支持我们"
    return f"{who}高影响（影响力 ≥ {key_influence}）的 {len(high)} 人中 {not_won} 人还没争取到（中立或反对）"


def plot_influence_grid(chain: pd.DataFrame, *, name: str | None = None, title: str | None = None,
                        ax: Axes | None = None, key_influence: int = KEY_INFLUENCE) -> Figure:
    """Influence (y, 1-5) × attitude (x: 反对 / 中立 / 支持), with the five regions of the lecture.

    Points of one cell are spread by fixed offsets (no random jitter); marker size = 关系强度;
    colour = 态度; ★ marks a 关键人. The dashed line separates 高影响 (≥ ``key_influence``).

    Args:
        chain: output of :func:`helpers.decision_chain` (one customer).
        name: the customer's name (for the default title).
        title: the title (default: the finding, see :func:`grid_title`).
        ax: axes to draw on.
        key_influence: the influence from which a contact is 高影响.

    Returns:
        The Figure.

    >>> c = pd.DataFrame({"影响力": [5], "态度": ["中立"], "关系强度": [2], "职务": ["总经理"], "联系人": ["蔡总"],
    ...                   "是否关键人": [True]})
    >>> plot_influence_grid(c).axes[0].get_ylim()
    (np.float64(0.5), np.float64(5.5))
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    ax = axes_or_new(ax, (9, 6.2))
    title = title or grid_title(chain, name, key_influence)
    cut = key_influence - 0.5
    regions = [((-0.5, cut), 1, "化解", "#ffebee"), ((0.5, cut), 1, "争取", "#fff8e1"),
               ((1.5, cut), 1, "依靠", "#e8f5e9"), ((-0.5, 0.5), 2, "关注", "#fafafa"),
               ((1.5, 0.5), 1, "培养", "#f1f8e9")]
    for (x0, y0), w, label, colour in regions:
        h = 5.5 - y0 if y0 == cut else cut - 0.5
        ax.add_patch(Rectangle((x0, y0), w, h, facecolor=colour, edgecolor="none", zorder=0))
        ax.text(x0 + 0.04, y0 + h - 0.06, label, ha="left", va="top", fontsize=13, fontweight="bold",
                color="#757575", zorder=1)
    ax.axhline(cut, color="#424242", ls="--", lw=1.2, zorder=1)
    ax.text(1.46, cut - 0.04, f"虚线以上 = 高影响（影响力 ≥ {key_influence}）", ha="right", va="top", fontsize=9.5,
            color="#424242")
    ax.grid(False)
    if chain.empty:
        ax.text(1, 3, EMPTY_CHAIN, ha="center", va="center", fontsize=14, color="#616161")
    x_of = {"反对": 0, "中立": 1, "支持": 2}
    for (att, infl), part in chain.groupby(["态度", "影响力"], sort=False):
        for (dx, dy), (_, row) in zip(_spread(len(part)), part.iterrows()):
            x, y = x_of[att] + dx, int(infl) + dy
            ax.scatter([x], [y], s=60 + (int(row["关系强度"]) - 1) * 60, color=ATTITUDE_COLOURS[att],
                       edgecolor="white", linewidth=1, zorder=3)
            star = "★" if bool(row.get("是否关键人", False)) else ""
            ax.text(x, y - 0.17, f"{star}{_label(row)}", ha="center", va="top", fontsize=9.5, zorder=4,
                    parse_math=False)
    ax.set_xlim(-0.5, 2.5)
    ax.set_ylim(0.5, 5.5)
    ax.set_xticks([0, 1, 2], ["反对", "中立", "支持"])
    ax.set_yticks(range(1, 6), ["1 很小", "2", "3", "4", "5 很大"])
    ax.set_xlabel("态度（对我们）")
    ax.set_ylabel("影响力（1–5 分）")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    sizes = [Line2D([], [], ls="", marker="o", markersize=np.sqrt(60 + (r - 1) * 60), color="#9e9e9e",
                    label=f"关系强度 {r}") for r in (1, 3, 5)]
    sizes.append(Line2D([], [], ls="", label="★ = 关键人"))
    ax.legend(handles=sizes, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9.5, frameon=False,
              labelspacing=1.4, title="圆点大小", title_fontsize=9.5)
    ax.set_title(title, fontsize=13)
    return ax.figure


def coverage_title(matrix: pd.DataFrame, name: str | None = None) -> str:
    """The finding of the coverage matrix.

    >>> m = pd.DataFrame(0, index=list(COVER_ROWS), columns=list(THEIR_LEVELS))
    >>> m.loc["销售代表", "决策层"], m.loc["销售代表", "管理层"] = 2, 3
    >>> m.attrs.update(holes=[("销售代表", "决策层")], binding={("销售代表", "决策层"): 2, ("销售代表", "管理层"): 0},
    ...                customers=1)
    >>> coverage_title(m, "甲厂")
    '甲厂：2 位决策层联系人或关键人低于对接标准；另有 3 位只低于参考标准'
    """
    holes = matrix.attrs.get("holes", [])
    binding = matrix.attrs.get("binding", {c: int(matrix.loc[c]) for c in holes})
    below = int(sum(binding.values()))
    advice = int(sum(matrix.loc[c] - k for c, k in binding.items()))
    if matrix.attrs.get("customers", 1) > 1:
        top = int(matrix["决策层"].sum())
        low = int(sum(matrix.loc[r, "决策层"] for r, c in holes if c == "决策层"))
        share = f"（{low / top:.0%}）" if top else ""
        return (f"{matrix.attrs['customers']} 家客户的 {top} 位决策层联系人中，{low} 位{share}"
                "没有达到对接标准")
    who = f"{name}：" if name else ""
    tail = f"；另有 {advice} 位只低于参考标准" if advice else ""
    if not holes:
        return f"{who}必须达标的联系人都达到了对接标准{tail}"
    return f"{who}{below} 位决策层联系人或关键人低于对接标准{tail}"


def plot_coverage_matrix(matrix: pd.DataFrame, *, name: str | None = None, title: str | None = None,
                         ax: Axes | None = None) -> Figure:
    """The 倒三角 check: our highest covering rank (rows) × their level (columns).

    Cells under the standard (the thick staircase) are tinted; those with a contact for whom
    the standard binds (决策层, key person, nobody covering) are the holes, outlined in red with
    the count in bold red; cells holding only contacts for whom it is advice are outlined in
    dashed orange. For one customer, cells with up to three contacts show their titles.

    Args:
        matrix: output of :func:`helpers.coverage_matrix`.
        name: the customer's name (for the default title).
        title: the title (default: the finding, see :func:`coverage_title`).
        ax: axes to draw on.

    Returns:
        The Figure.

    >>> from helpers.analysis.multilevel import coverage_matrix
    >>> c = pd.DataFrame({"客户编号": ["A"], "联系人": ["蔡总"], "职务": ["总经理"], "层级": ["决策层"],
    ...                   "我方最高对接职级": ["销售代表"]})
    >>> len(plot_coverage_matrix(coverage_matrix(c)).axes[0].patches)
    21
    """
    from matplotlib.patches import Rectangle

    ax = axes_or_new(ax, (8, 6.4))
    title = title or coverage_title(matrix, name)
    rows, cols = list(matrix.index), list(matrix.columns)
    below = set(map(tuple, matrix.attrs.get("below", [])))
    holes = set(map(tuple, matrix.attrs.get("holes", [])))
    advisory = set(map(tuple, matrix.attrs.get("advisory", [])))
    binding = matrix.attrs.get("binding", {})
    names = matrix.attrs.get("names", {})
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            n = int(matrix.loc[r, c])
            hole = (r, c) in holes
            edge = HOLE if hole else ADVISORY if (r, c) in advisory else "white"
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor="#fde7e7" if (r, c) in below else "#f1f8f1",
                                   edgecolor=edge, linewidth=2.5 if edge != "white" else 1,
                                   linestyle="--" if (r, c) in advisory else "-", zorder=1))
            if not n:
                continue
            listed = names.get((r, c), [])
            text = str(n) if not listed or len(listed) > 3 else f"{n}\n" + "、".join(map(str, listed))
            if hole and 0 < binding.get((r, c), n) < n:
                text += f"\n（{binding[(r, c)]} 位必须达标）"
            ax.text(j + 0.5, i + 0.5, text, ha="center", va="center", fontsize=12 if len(text) < 5 else 10,
                    color=HOLE if hole else "#212121", fontweight="bold" if hole else "normal", zorder=2,
                    parse_math=False)
    std = matrix.attrs.get("standard", {})
    steps = []
    for j, c in enumerate(cols):
        need = std.get(c)
        if need in OUR_RANKS:
            edge = rows.index(need) + 1  # rows are top (总经理) → bottom
            steps += [(j, edge), (j + 1, edge)]
    if steps:
        xs, ys = zip(*steps)
        ax.plot(xs, ys, color="#212121", lw=3, zorder=3, solid_capstyle="butt")
    ax.set_xlim(0, len(cols))
    ax.set_ylim(len(rows), 0)
    ax.grid(False)
    ax.set_xticks([j + 0.5 for j in range(len(cols))], cols)
    ax.set_yticks([i + 0.5 for i in range(len(rows))], rows)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xlabel("对方层级", labelpad=10)
    ax.set_ylabel("我方最高对接职级")
    ax.tick_params(length=0, labelsize=11)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.text(0, len(rows) + 0.15, "粗线以下 = 低于对接标准；红框 = 空洞（决策层、关键人或无人对接的人落在那里）；"
            "橙色虚线框 = 只低于参考标准", ha="left", va="top", fontsize=9.5, color="#424242")
    ax.set_title(title, fontsize=13, pad=28)
    return ax.figure


def health_title(summary: pd.DataFrame) -> str:
    """The finding of the chain-health chart: what its bars show, lost accounts apart.

    >>> s = pd.DataFrame({"状态": ["决策链未梳理", "有高优先缺口", "完整", "已流失"]})
    >>> health_title(s)
    '4 家客户：1 家已流失（另列挽回名单）；其余 3 家中 1 家有高优先缺口，1 家还没有梳理决策链'
    """
    counts = summary["状态"].value_counts()
    lost, unknown, urgent = (int(counts.get(k, 0)) for k in ("已流失", "决策链未梳理", "有高优先缺口"))
    who = summary.attrs.get("population", "客户")
    rest = f"{lost} 家已流失（另列挽回名单）；其余 {len(summary) - lost} 家中 " if lost else ""
    head = f"{len(summary)} 家{who}：{rest}"
    return f"{head}{urgent} 家有高优先缺口，{unknown} 家还没有梳理决策链"


def plot_chain_health(summary: pd.DataFrame, *, title: str | None = None) -> Figure:
    """All key accounts' decision chains: accounts per 状态, and accounts (not lost) missing each role.

    高优先缺口 = a key person who is 反对, has nobody covering him, or is 久未联系 (the rule of
    :func:`helpers.account_chain_summary`); the legend says so.

    Args:
        summary: output of :func:`helpers.account_chain_summary`.
        title: the title (default: the finding, see :func:`health_title`).

    Returns:
        The Figure (two panels).

    >>> s = pd.DataFrame({"状态": ["完整"], "决策层对接": ["全部达标"], "缺失角色": ["—"], "联系人数": [3]})
    >>> len(plot_chain_health(s).axes)
    2
    """
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.2), gridspec_kw={"width_ratios": [1.5, 1]})
    n = len(summary)
    counts = summary["状态"].value_counts()
    start = 0
    labels = {"有高优先缺口": "有高优先缺口：关键人反对、无人对接或超过 90 天未联系"}
    for state, colour in STATE_COLOURS.items():
        k = int(counts.get(state, 0))
        if not k and state == "已流失":
            continue
        left.barh([0], [k], left=start, color=colour, label=f"{labels.get(state, state)}（{k} 家）", height=0.5)
        if k and k / n >= 0.08:  # counts only: the title says which total each count belongs to
            left.text(start + k / 2, 0, f"{k} 家", ha="center", va="center", color="white", fontsize=10.5)
        elif k:
            left.text(start + k / 2, 0.3, f"{k} 家", ha="center", va="bottom", fontsize=9.5)
        start += k
    left.set_xlim(0, max(n, 1))
    left.set_ylim(-0.4, 0.75)
    left.grid(False)
    left.set_yticks([])
    left.set_xlabel("客户数（家）")
    left.set_title("各状态的客户数")
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=2, fontsize=9.5, frameon=False)
    mapped = summary[(summary["联系人数"] > 0) & (summary["状态"] != "已流失")]
    missing = [int(mapped["缺失角色"].str.contains(r).sum()) for r in ROLES]
    right.barh(list(ROLES)[::-1], missing[::-1], color="#757575")
    for y, k in enumerate(missing[::-1]):
        right.text(k, y, f" {k}", va="center", fontsize=10)
    right.set_xlim(0, max(max(missing, default=0) * 1.25, 1))
    right.set_xlabel(f"缺这个角色的客户数（家，共 {len(mapped)} 家已梳理、未流失）")
    right.set_title("各角色缺失的客户数")
    fig.suptitle(title or health_title(summary), fontsize=13)
    fig.tight_layout()
    return fig


def plot_roles_missing(roles: pd.DataFrame, n_maps: int, *, title: str | None = None,
                       ax: Axes | None = None) -> Figure:
    """Class view of the 决策链地图: per role, maps that did not name it and maps where it is not covered.

    Args:
        roles: one row per role: 角色, 未识别的地图数, 无人对接或层级不足的地图数.
        n_maps: how many maps the class handed in.
        title: the title (default “全班：最常缺失或没人对接的角色”).
        ax: axes to draw on.

    Returns:
        The Figure.

    >>> r = pd.DataFrame({"角色": ["把关者"], "未识别的地图数": [1], "无人对接或层级不足的地图数": [1]})
    >>> plot_roles_missing(r, 3).axes[0].get_xlim()
    (np.float64(0.0), np.float64(3.0))
    """
    ax = axes_or_new(ax, (8.5, 4.2))
    y = list(range(len(roles)))[::-1]
    ax.barh([v + 0.2 for v in y], roles["未识别的地图数"], height=0.38, color="#757575", label="没有识别出这个角色")
    ax.barh([v - 0.2 for v in y], roles["无人对接或层级不足的地图数"], height=0.38, color=HOLE,
            label="有这个角色，但无人对接或对接层级不足")
    ax.set_yticks(y, roles["角色"].tolist())
    ax.set_xlim(0, max(n_maps, 1))
    ax.set_xlabel(f"地图数（共 {n_maps} 张）")
    ax.set_title(title or "全班：最常缺失或没人对接的角色")
    ax.legend(loc="lower right", fontsize=9)
    ax.figure.tight_layout()
    return ax.figure
