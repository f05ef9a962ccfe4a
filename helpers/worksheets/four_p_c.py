"""4P/4C worksheet: look at each part of the marketing mix from the customer's side.

For one product or service the trainee writes, for each of the four pairs, what the
company does now (4P), how the customer sees it (4C), how big the gap is (1–5, 5 = very
big) and up to five improvement actions:

==============  =================================  ==================================
pair            4P: what we do                     4C: what the customer asks
==============  =================================  ==================================
产品 → 顾客      产品 Product                       顾客 Consumer：要解决什么问题？
价格 → 成本      价格 Price                         成本 Cost：钱、时间、麻烦一共多少？
渠道 → 便利      渠道 Place                         便利 Convenience：在哪里、何时最方便？
推广 → 沟通      推广 Promotion                     沟通 Communication：是对话还是广告？
==============  =================================  ==================================

Rule: an improvement action needs the customer's view first (用 4C 提问题，用 4P 落实动作),
so :meth:`FourPCWorksheet.add_action` refuses an action while 顾客怎么看 is empty.

>>> ws = FourPCWorksheet(subject="会员生鲜周卡（虚构）")
>>> ws.set_view("price", "除了钱，还要排队提货，花时间")
>>> ws.set_gap("price", 4)
>>> ws.add_action("price", "小程序预约、到店即取")
0
>>> ws.action_candidates()
['4P/4C·价格→成本：小程序预约、到店即取']
"""

from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd

from ..errors import WorksheetError
from .model import Block, Heading, Paragraph, Table, Worksheet, check_score, check_text
from .swot import wrap_text

PAIRS: tuple[str, ...] = ("product", "price", "place", "promotion")
PAIR_NAMES: dict[str, str] = {"product": "产品→顾客", "price": "价格→成本", "place": "渠道→便利",
                              "promotion": "推广→沟通"}
P_NAMES: dict[str, str] = {"product": "产品 Product", "price": "价格 Price", "place": "渠道 Place",
                           "promotion": "推广 Promotion"}
C_NAMES: dict[str, str] = {"product": "顾客 Consumer", "price": "成本 Cost", "place": "便利 Convenience",
                           "promotion": "沟通 Communication"}
P_PROMPTS: dict[str, str] = {"product": "我们现在卖什么、有哪些型号或服务？", "price": "我们怎么定价、打折？",
                             "place": "顾客在哪里买、怎么拿到？", "promotion": "我们怎么告诉顾客、怎么促销？"}
C_PROMPTS: dict[str, str] = {"product": "顾客要解决的问题是什么？我们解决得好吗？",
                             "price": "顾客付出的全部代价：钱、时间、麻烦、换供应商的成本？",
                             "place": "对顾客来说，在哪里、什么时候买最方便？",
                             "promotion": "顾客愿意和我们对话吗？他从哪里听到我们？"}
MAX_ACTIONS = 5
SUBJECT_MAX, CUSTOMER_MAX = 60, 200
GAP_LABELS: dict[int, str] = {1: "很小", 2: "较小", 3: "中等", 4: "较大", 5: "很大"}
GAP_COLOURS: dict[int, str] = {1: "#2e7d32", 2: "#9ccc65", 3: "#fdd835", 4: "#fb8c00", 5: "#c62828"}


def _check_pair(pair: str) -> str:
    if pair not in PAIRS:
        raise WorksheetError(f"没有这一项：{pair!r}（应为 {'、'.join(PAIRS)} 之一）",
                             f"no pair {pair!r} (expected one of {', '.join(PAIRS)})")
    return pair


@dataclass
class PairEntry:
    """One 4P → 4C pair: what we do now, how the customer sees it, the gap (1–5) and actions."""

    now: str = ""
    view: str = ""
    gap: int | None = None
    actions: list[str] = field(default_factory=list)


@dataclass
class FourPCWorksheet(Worksheet):
    """A 4P/4C review of one product or service.

    Args:
        subject: the product or service (required for a meaningful sheet, ≤ 60 characters).
        customer: the target customer (≤ 200 characters).
        pairs: pair key (:data:`PAIRS`) -> :class:`PairEntry`.
    """

    kind: ClassVar[str] = "four_p_c"
    label: ClassVar[str] = "4P→4C 营销组合"
    schema_version: ClassVar[int] = 1

    subject: str = ""
    customer: str = ""
    pairs: dict[str, PairEntry] = field(default_factory=lambda: {p: PairEntry() for p in PAIRS})

    # -- operations ---------------------------------------------------------------------
    def set_subject(self, text: str) -> None:
        """Set the product or service reviewed (≤ 60 characters).

        >>> ws = FourPCWorksheet(); ws.set_subject("伺服驱动"); ws.subject
        '伺服驱动'
        """
        self.subject = check_text(text, "对象", "subject", SUBJECT_MAX)

    def set_customer(self, text: str) -> None:
        """Set the target customer (≤ 200 characters).

        >>> ws = FourPCWorksheet(); ws.set_customer("华东中小机械厂"); ws.customer
        '华东中小机械厂'
        """
        self.customer = check_text(text, "目标顾客", "customer", CUSTOMER_MAX)

    def set_now(self, pair: str, text: str) -> None:
        """Set what the company does now for a pair (the 4P side).

        >>> ws = FourPCWorksheet(); ws.set_now("place", "经销商"); ws.pairs["place"].now
        '经销商'
        """
        self.pairs[_check_pair(pair)].now = check_text(text, f"{PAIR_NAMES[pair]}的现在的做法", f"{pair} now")

    def set_view(self, pair: str, text: str) -> None:
        """Set how the customer sees it (the 4C side).

        >>> ws = FourPCWorksheet(); ws.set_view("place", "夜班要备件找不到人"); ws.pairs["place"].view
        '夜班要备件找不到人'
        """
        self.pairs[_check_pair(pair)].view = check_text(text, f"{PAIR_NAMES[pair]}的顾客怎么看", f"{pair} view")

    def set_gap(self, pair: str, gap: int | None) -> None:
        """Set the gap between the two views (1 = 很小 … 5 = 很大, or ``None``).

        >>> ws = FourPCWorksheet(); ws.set_gap("price", 6)
        Traceback (most recent call last):
        ...
        helpers.errors.WorksheetError: 价格→成本的差距应当是 1 到 5 的整数（或不填），实际是 6
        [EN] price gap should be a whole number from 1 to 5 (or empty), got 6
        """
        self.pairs[_check_pair(pair)].gap = check_score(gap, f"{PAIR_NAMES[pair]}的差距", f"{pair} gap")

    def add_action(self, pair: str, text: str) -> int:
        """Add an improvement action to a pair; the customer's view must be written first.

        Returns:
            The new action's index.

        >>> FourPCWorksheet().add_action("product", "增加一个小功率型号")
        Traceback (most recent call last):
        ...
        helpers.errors.WorksheetError: 先写“顾客怎么看”，再写改进动作（产品→顾客）
        [EN] write how the customer sees it first, then the improvement (product)
        """
        entry = self.pairs[_check_pair(pair)]
        text = check_text(text, "改进动作", "action", CUSTOMER_MAX).strip()
        if not text:
            raise WorksheetError("请先输入改进动作", "type the action first")
        if not entry.view.strip():
            raise WorksheetError(f"先写“顾客怎么看”，再写改进动作（{PAIR_NAMES[pair]}）",
                                 f"write how the customer sees it first, then the improvement ({pair})")
        if len(entry.actions) >= MAX_ACTIONS:
            raise WorksheetError(f"每一项最多 {MAX_ACTIONS} 个改进动作：挑最重要的", f"at most {MAX_ACTIONS} actions")
        entry.actions.append(text)
        return len(entry.actions) - 1

    def remove_action(self, pair: str, index: int) -> str:
        """Delete an improvement action and return it.

        >>> ws = FourPCWorksheet(); ws.set_view("product", "要省心"); _ = ws.add_action("product", "上门调试")
        >>> ws.remove_action("product", 0)
        '上门调试'
        """
        actions = self.pairs[_check_pair(pair)].actions
        if not isinstance(index, int) or not 0 <= index < len(actions):
            raise WorksheetError(f"{PAIR_NAMES[pair]}没有第 {index} 个改进动作", f"{pair} has no action {index}")
        return actions.pop(index)

    def action_candidates(self) -> list[str]:
        """The improvement actions, for 我的行动计划 (lecture 6).

        Returns:
            One text per action, prefixed with its pair.

        >>> FourPCWorksheet().action_candidates()
        []
        """
        return [f"4P/4C·{PAIR_NAMES[p]}：{a}" for p in PAIRS for a in self.pairs[p].actions]

    def warnings(self) -> list[str]:
        """What is still missing (shown, never an error).

        Returns:
            Chinese sentences.

        >>> FourPCWorksheet().warnings()
        ['还没有写对象（产品或服务名称）']
        """
        out = [] if self.subject.strip() else ["还没有写对象（产品或服务名称）"]
        out += [f"{PAIR_NAMES[p]}有改进动作，但“顾客怎么看”是空的" for p in PAIRS
                if self.pairs[p].actions and not self.pairs[p].view.strip()]
        return out

    def is_empty(self) -> bool:
        """Whether nothing has been written yet.

        >>> FourPCWorksheet().is_empty()
        True
        """
        return not (self.title or self.owner or self.subject or self.customer
                    or any(e.now or e.view or e.gap or e.actions for e in self.pairs.values()))

    # -- storage ------------------------------------------------------------------------
    def content_to_dict(self) -> dict[str, Any]:
        """The content as JSON data."""
        return {"subject": self.subject, "customer": self.customer,
                "pairs": {p: {"now": e.now, "view": e.view, "gap": e.gap, "actions": list(e.actions)}
                          for p, e in ((p, self.pairs[p]) for p in PAIRS)}}

    @classmethod
    def content_from_dict(cls, content: dict[str, Any]) -> dict[str, Any]:
        """Constructor arguments from the JSON content object (missing parts are empty)."""
        raw = content.get("pairs", {})
        if not isinstance(raw, dict) or set(raw) - set(PAIRS):
            raise WorksheetError("4P/4C 部分格式不对（应为产品、价格、渠道、推广四项）",
                                 "the pairs are malformed (expected product, price, place, promotion)")
        pairs = {}
        for p in PAIRS:
            e = raw.get(p, {})
            if not isinstance(e, dict) or not isinstance(e.get("actions", []), list):
                raise WorksheetError(f"{PAIR_NAMES[p]}的内容格式不对", f"{p} is malformed")
            pairs[p] = PairEntry(e.get("now", ""), e.get("view", ""), e.get("gap"), list(e.get("actions", [])))
        return {"subject": content.get("subject", ""), "customer": content.get("customer", ""), "pairs": pairs}

    def validate_content(self) -> None:
        """Check the subject, the customer, and each pair (texts, gap 1–5, at most 5 actions)."""
        check_text(self.subject, "对象", "subject", SUBJECT_MAX)
        check_text(self.customer, "目标顾客", "customer", CUSTOMER_MAX)
        if not isinstance(self.pairs, dict) or set(self.pairs) != set(PAIRS):
            raise WorksheetError("4P/4C 必须正好有四项", "exactly the four pairs are needed")
        for p in PAIRS:
            e = self.pairs[p]
            if not isinstance(e, PairEntry) or not isinstance(e.actions, list):
                raise WorksheetError(f"{PAIR_NAMES[p]}的内容格式不对", f"{p} is malformed")
            check_text(e.now, f"{PAIR_NAMES[p]}的现在的做法", f"{p} now")
            check_text(e.view, f"{PAIR_NAMES[p]}的顾客怎么看", f"{p} view")
            check_score(e.gap, f"{PAIR_NAMES[p]}的差距", f"{p} gap")
            if len(e.actions) > MAX_ACTIONS:
                raise WorksheetError(f"{PAIR_NAMES[p]}超过 {MAX_ACTIONS} 个改进动作", f"{p}: more than {MAX_ACTIONS}")
            for n, a in enumerate(e.actions, 1):
                check_text(a, f"{PAIR_NAMES[p]}第 {n} 个改进动作", f"{p} action {n}", CUSTOMER_MAX)

    # -- exports --------------------------------------------------------------------------
    def blocks(self) -> list[Block]:
        """The worksheet as headings, tables and paragraphs (for Markdown / HTML).

        >>> FourPCWorksheet(subject="伺服").blocks()[0]
        Paragraph(text='对象：伺服')
        """
        out = self.meta_blocks(("对象", self.subject), ("目标顾客", self.customer))
        out.append(Heading("从 4P 到 4C"))
        out.append(Table(("项目", "4P：现在的做法", "4C：顾客怎么看", "差距（1–5）"),
                         tuple((PAIR_NAMES[p], self.pairs[p].now, self.pairs[p].view, self.pairs[p].gap)
                               for p in PAIRS)))
        out.append(Heading("改进动作"))
        for p in PAIRS:
            out.append(Heading(PAIR_NAMES[p], level=3))
            actions = self.pairs[p].actions
            out.append(Table(("序号", "改进动作"), tuple((n, a) for n, a in enumerate(actions, 1))) if actions
                       else Paragraph("（暂无）"))
        for w in self.warnings():
            out.append(Paragraph(f"提醒：{w}"))
        return out

    def rows(self) -> list[tuple[Any, ...]]:
        """One row per field for Excel / CSV (columns 部分, 序号, 内容, 评分 = 差距).

        >>> ws = FourPCWorksheet(); ws.set_now("product", "三个型号"); ws.set_gap("product", 3)
        >>> ws.rows()[5]
        ('产品→顾客·4P 现在的做法', 1, '三个型号', 3)
        """
        out = self.meta_rows() + [("对象", None, self.subject, None), ("目标顾客", None, self.customer, None)]
        for n, p in enumerate(PAIRS, 1):
            e = self.pairs[p]
            out.append((f"{PAIR_NAMES[p]}·4P 现在的做法", n, e.now, e.gap))
            out.append((f"{PAIR_NAMES[p]}·4C 顾客怎么看", n, e.view, e.gap))
            out += [(f"{PAIR_NAMES[p]}·改进动作", k, a, None) for k, a in enumerate(e.actions, 1)]
        return out

    def figure(self) -> Any:
        """Four rows: 4P text, arrow, 4C text, the gap bar, and the actions under each row."""
        return four_p_c_figure(self)

    @classmethod
    def class_summary(cls, sheets: list[Worksheet]) -> list[tuple[str, Any]]:
        """The class's mean gap per pair (table and chart) and the most frequent actions per pair.

        >>> a, b = FourPCWorksheet(), FourPCWorksheet()
        >>> for ws, gap, action in ((a, 4, "分期付款"), (b, 2, "分期付款！")):
        ...     ws.set_gap("price", gap); ws.set_view("price", "贵"); _ = ws.add_action("price", action)
        >>> parts = FourPCWorksheet.class_summary([a, b])
        >>> float(parts[0][1].set_index("项目").loc["价格→成本", "平均差距"]), int(parts[2][1].iloc[0]["人数"])
        (3.0, 2)
        """
        from .classview import normalize_item

        mine = [s for s in sheets if isinstance(s, FourPCWorksheet)]
        gaps = []
        for p in PAIRS:
            given = [s.pairs[p].gap for s in mine if s.pairs[p].gap is not None]
            gaps.append({"项目": PAIR_NAMES[p], "打分人数": len(given),
                         "平均差距": round(sum(given) / len(given), 2) if given else float("nan")})
        table = pd.DataFrame(gaps)
        top = []
        for p in PAIRS:
            people: Counter[str] = Counter()
            wording: dict[str, Counter[str]] = {}
            for s in mine:
                keys = set()
                for a in s.pairs[p].actions:
                    key = normalize_item(a)
                    if key:
                        wording.setdefault(key, Counter())[" ".join(a.split())] += 1
                        keys.add(key)
                people.update(keys)
            ranked = sorted(people.items(), key=lambda kv: (-kv[1], wording[kv[0]].most_common(1)[0][0]))[:5]
            top += [{"项目": PAIR_NAMES[p], "排名": r, "改进动作": wording[k].most_common(1)[0][0], "人数": n}
                    for r, (k, n) in enumerate(ranked, 1)]
        return [("每一项的平均差距（1 = 很小，5 = 很大）", table), ("平均差距（图）", lambda: _gap_chart(table)),
                ("每一项最常见的改进动作（人数 = 写了它的学员数）",
                 pd.DataFrame(top, columns=["项目", "排名", "改进动作", "人数"]))]


# ---------------------------------------------------------------------------------------
# Pictures
# ---------------------------------------------------------------------------------------

def _gap_chart(table: pd.DataFrame) -> Any:
    from matplotlib.figure import Figure

    from ..charts.base import chart_style

    with chart_style():
        fig = Figure(figsize=(7, 3.2), dpi=100)
        ax = fig.add_subplot()
        values = table["平均差距"].fillna(0).to_numpy()
        ax.barh(table["项目"][::-1], values[::-1], color="#fb8c00")
        for y, (v, n) in enumerate(zip(values[::-1], table["打分人数"][::-1])):
            ax.text(v + 0.05, y, f"{v:.1f}（{n} 人打分）", va="center", fontsize=9)
        ax.set_xlim(0, 5.8)
        ax.set_xlabel("平均差距（1 = 很小，5 = 很大）")
        ax.set_title("全班：4P 与 4C 的差距")
        fig.tight_layout()
        return fig


def four_p_c_figure(ws: FourPCWorksheet) -> Any:
    """Draw the worksheet: one band per pair with 4P on the left, 4C on the right, gap bar, actions.

    Args:
        ws: the worksheet.

    Returns:
        A :class:`matplotlib.figure.Figure` (not attached to pyplot).

    >>> len(four_p_c_figure(FourPCWorksheet()).axes)
    1
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, Rectangle

    from ..charts.base import chart_style

    with chart_style():
        fig = Figure(figsize=(10, 8.6), dpi=100)
        ax = fig.add_axes([0.02, 0.02, 0.96, 0.86])
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 4)
        ax.axis("off")
        title = ws.display_title if ws.display_title != ws.label else "4P→4C 营销组合"
        if ws.subject:
            title += f"：{ws.subject}"
        fig.suptitle(" ".join(wrap_text(title, 60, 1)), fontsize=15, fontweight="bold", parse_math=False)
        if ws.customer:
            fig.text(0.5, 0.905, " ".join(wrap_text(f"目标顾客：{ws.customer}", 90, 1)), ha="center", fontsize=10,
                     color="#444444", parse_math=False)
        for row, p in enumerate(PAIRS):
            y = 3 - row
            e = ws.pairs[p]
            ax.add_patch(Rectangle((0.05, y + 0.05), 9.9, 0.9, facecolor="#f5f7fa", edgecolor="#cfd8dc"))
            ax.text(0.2, y + 0.82, P_NAMES[p], fontsize=11, fontweight="bold", color="#1565c0", va="top")
            ax.text(5.2, y + 0.82, C_NAMES[p], fontsize=11, fontweight="bold", color="#2e7d32", va="top")
            ax.text(0.2, y + 0.58, "\n".join(wrap_text(e.now or "（未填写）", 40, 2)), fontsize=9.5, va="top",
                    parse_math=False)
            ax.text(5.2, y + 0.58, "\n".join(wrap_text(e.view or "（未填写）", 40, 2)), fontsize=9.5, va="top",
                    parse_math=False)
            ax.add_patch(FancyArrowPatch((4.4, y + 0.72), (5.05, y + 0.72), arrowstyle="-|>", mutation_scale=14,
                                         color="#777777"))
            gap = e.gap
            ax.add_patch(Rectangle((8.3, y + 0.7), 1.5, 0.14, facecolor="#eeeeee", edgecolor="none"))
            if gap:
                ax.add_patch(Rectangle((8.3, y + 0.7), 1.5 * gap / 5, 0.14, facecolor=GAP_COLOURS[gap]))
            ax.text(9.05, y + 0.6, f"差距 {gap}（{GAP_LABELS[gap]}）" if gap else "差距 未评", ha="center",
                    va="top", fontsize=9)
            acts = "；".join(f"{n}. {a}" for n, a in enumerate(e.actions, 1))
            ax.text(0.2, y + 0.2, "改进：" + " ".join(wrap_text(acts, 110, 1)) if acts else "改进：（暂无）",
                    fontsize=9.5, color="#c62828" if acts else "#888888", va="center", parse_math=False)
        return fig


# ---------------------------------------------------------------------------------------
# Widget
# ---------------------------------------------------------------------------------------

GAP_OPTIONS: list[tuple[str, int]] = [("差距 未评", 0)] + [(f"差距 {n} {GAP_LABELS[n]}", n) for n in range(1, 6)]


class FourPCBody:
    """The 4P/4C widgets inside :class:`helpers.worksheets.shell.WorksheetEditor`.

    Subject (``ws-4pc-subject``) and customer (``ws-4pc-customer``); per pair a box
    ``ws-4pc-pair ws-4pc-KEY`` with ``ws-4pc-now``, ``ws-4pc-view``, ``ws-4pc-gap``, the
    action rows (``ws-4pc-action`` with ``ws-4pc-delete``) and ``ws-4pc-new-action`` +
    ``ws-add-button`` (Enter adds too).
    """

    def __init__(self, editor: Any) -> None:
        import ipywidgets as w

        from ..widgets.common import styled

        self.w, self.editor, self.styled = w, editor, styled
        ws = lambda: editor.worksheet  # noqa: E731 - the editor may swap the worksheet
        self.subject = styled(w.Text(description="对象", placeholder="产品或服务，如：QL-S100 伺服驱动器",
                                     layout=w.Layout(width="60%")), "ws-4pc-subject")
        self.subject.observe(lambda ch: editor.apply(lambda: ws().set_subject(ch["new"])), names="value")
        self.customer = styled(w.Text(description="目标顾客", placeholder="卖给谁？如：华东中小机械厂的设备主管",
                                      layout=w.Layout(width="90%")), "ws-4pc-customer")
        self.customer.observe(lambda ch: editor.apply(lambda: ws().set_customer(ch["new"])), names="value")
        self.now, self.view, self.gap, self.rows, self.new = {}, {}, {}, {}, {}
        boxes = []
        for p in PAIRS:
            self.now[p] = styled(w.Textarea(placeholder=f"4P · {P_PROMPTS[p]}", layout=w.Layout(width="98%",
                                                                                               height="56px")),
                                 "ws-4pc-now")
            self.now[p].observe(lambda ch, p=p: editor.apply(lambda: ws().set_now(p, ch["new"])), names="value")
            self.view[p] = styled(w.Textarea(placeholder=f"4C · {C_PROMPTS[p]}", layout=w.Layout(width="98%",
                                                                                                height="56px")),
                                  "ws-4pc-view")
            self.view[p].observe(lambda ch, p=p: editor.apply(lambda: ws().set_view(p, ch["new"])), names="value")
            self.gap[p] = styled(w.Dropdown(options=GAP_OPTIONS, value=0, layout=w.Layout(width="150px")), "ws-4pc-gap")
            self.gap[p].observe(lambda ch, p=p: editor.apply(lambda: ws().set_gap(p, ch["new"] or None)), names="value")
            self.rows[p] = styled(w.VBox(), "ws-4pc-actions")
            self.new[p] = styled(w.Text(placeholder="改进动作，输入后按回车或点“添加”", layout=w.Layout(width="70%")),
                                 "ws-4pc-new-action")
            with warnings.catch_warnings():  # on_submit is the one event that means "Enter"
                warnings.simplefilter("ignore", DeprecationWarning)
                self.new[p].on_submit(lambda _, p=p: self.add(p))
            add = styled(w.Button(description="添加", icon="plus", layout=w.Layout(width="80px")), "ws-add-button")
            add.on_click(lambda _, p=p: self.add(p))
            header = w.HTML(f"<b style='font-size:1.1em'>{PAIR_NAMES[p]}</b>　"
                            f"<small>{P_NAMES[p]} → {C_NAMES[p]}</small>")
            boxes.append(styled(w.VBox([header, w.HBox([w.VBox([self.now[p]], layout=w.Layout(width="50%")),
                                                        w.VBox([self.view[p]], layout=w.Layout(width="50%"))]),
                                        self.gap[p], self.rows[p], w.HBox([self.new[p], add])],
                                       layout=w.Layout(border="1px solid #90a4ae", padding="6px")),
                                "ws-4pc-pair", f"ws-4pc-{p}"))
        self.notes = styled(w.HTML(), "ws-4pc-notes")
        self.widget = w.VBox([
            w.HTML("<h3>第一步：写清对象和目标顾客</h3>"), self.subject, self.customer,
            w.HTML("<h3>第二步：每一项先写我们的做法（4P），再写顾客怎么看（4C），打一个差距分</h3>"
                   "先写“顾客怎么看”，才能添加改进动作：用 4C 提问题，用 4P 落实动作。"),
            w.GridBox(boxes, layout=w.Layout(grid_template_columns="1fr 1fr", grid_gap="8px", width="98%")),
            self.notes])

    def refresh(self) -> None:
        """Show ``editor.worksheet`` again (after opening a file)."""
        ws = self.editor.worksheet
        self.subject.value, self.customer.value = ws.subject, ws.customer
        for p in PAIRS:
            self.now[p].value, self.view[p].value = ws.pairs[p].now, ws.pairs[p].view
            self.gap[p].value = ws.pairs[p].gap or 0
            self.rebuild(p)

    def rebuild(self, p: str) -> None:
        """Recreate the action rows of pair ``p``."""
        from ..widgets.common import html_text

        w, styled = self.w, self.styled
        rows = []
        for i, a in enumerate(self.editor.worksheet.pairs[p].actions):
            delete = styled(w.Button(description="✕", tooltip="删除", layout=w.Layout(width="36px")), "ws-4pc-delete")
            delete.on_click(lambda _, i=i: self.editor.apply(lambda: self.editor.worksheet.remove_action(p, i),
                                                             then=lambda: self.rebuild(p)))
            rows.append(styled(w.HBox([w.HTML(f"{i + 1}. {html_text(a)}", layout=w.Layout(width="85%")), delete]),
                               "ws-4pc-action"))
        old, self.rows[p].children = self.rows[p].children, rows
        for row in old:
            for child in row.children:
                child.close()
            row.close()
        notes = self.editor.worksheet.warnings()
        self.notes.value = "".join(f"<div style='color:#ef6c00'>提醒：{html_text(n)}</div>" for n in notes)

    def add(self, p: str) -> None:
        """Add the typed action to pair ``p`` (the 添加 button or Enter)."""
        text = self.new[p].value
        if self.editor.apply(lambda: self.editor.worksheet.add_action(p, text), then=lambda: self.rebuild(p)):
            self.editor.message.value = ""
            self.new[p].value = ""


def four_p_c_worksheet(name: str | None = None, folder: Any = None, delay: float = 1.0) -> Any:
    """Show the 4P/4C worksheet: for one product, each P against its C, the gap and the actions.

    Every change is saved automatically one second after the last keystroke; the file is
    ``four_p_c.json`` in the work folder (``four_p_c-NAME.json`` for a named worksheet).

    Args:
        name: the worksheet's name (``None``: the default one).
        folder: the folder (default: :func:`helpers.paths.work_dir`).
        delay: seconds of quiet before autosave.

    Returns:
        The editor; it displays itself as the widget.

    >>> import tempfile
    >>> four_p_c_worksheet(folder=tempfile.mkdtemp()).path.name
    'four_p_c.json'
    """
    from .shell import WorksheetEditor

    return WorksheetEditor("four_p_c", FourPCBody, name=name, folder=folder, delay=delay)
