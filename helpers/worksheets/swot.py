"""SWOT worksheet: strengths, weaknesses, opportunities, threats -- and the TOWS strategies.

The trainee lists items in four quadrants, each with an optional weight (1–5, how much it
matters), and then fills in the four TOWS strategy prompts that pair them up:

========  ===========================================  =============
prompt    question                                     draws on
========  ===========================================  =============
SO        用哪些优势去抓住哪些机会？                     优势 + 机会
WO        借哪些机会来弥补哪些劣势？                     劣势 + 机会
ST        用哪些优势去抵御哪些威胁？                     优势 + 威胁
WT        怎样减少劣势、避开威胁？                       劣势 + 威胁
========  ===========================================  =============

The model (:class:`SwotWorksheet`) is plain data with small operations (add, edit, move,
remove); :func:`swot_worksheet` is the widget over it, and :meth:`SwotWorksheet.figure` the
2×2 picture.

>>> ws = SwotWorksheet(title="山禾生活会员店（虚构）")
>>> ws.add_item("S", "会员复购率高", weight=4)
0
>>> ws.add_item("S", "门店位置好")
1
>>> ws.move_item("S", 1, -1)
0
>>> [item.text for item in ws.items["S"]]
['门店位置好', '会员复购率高']
>>> [q for q, _ in ws.tows_sources("WO")]
['W', 'O']
"""

from __future__ import annotations

import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..errors import WorksheetError
from .model import MAX_ITEMS, Block, Heading, Paragraph, Table, Worksheet, check_score, check_text

QUADRANTS: tuple[str, ...] = ("S", "W", "O", "T")
QUADRANT_NAMES: dict[str, str] = {"S": "优势", "W": "劣势", "O": "机会", "T": "威胁"}
QUADRANT_ENGLISH: dict[str, str] = {"S": "Strengths", "W": "Weaknesses", "O": "Opportunities", "T": "Threats"}
QUADRANT_HINTS: dict[str, str] = {
    "S": "内部·有利：我们比对手做得好的地方",
    "W": "内部·不利：我们的短板和欠缺",
    "O": "外部·有利：市场、政策、技术带来的机会",
    "T": "外部·不利：竞争、替代、环境变化带来的风险",
}
QUADRANT_COLOURS: dict[str, str] = {"S": "#2e7d32", "W": "#c62828", "O": "#1565c0", "T": "#ef6c00"}

STRATEGIES: tuple[str, ...] = ("SO", "WO", "ST", "WT")
STRATEGY_NAMES: dict[str, str] = {"SO": "SO 增长型策略", "WO": "WO 扭转型策略",
                                  "ST": "ST 多元化策略", "WT": "WT 防御型策略"}
STRATEGY_PROMPTS: dict[str, str] = {
    "SO": "用哪些优势去抓住哪些机会？",
    "WO": "借哪些机会来弥补哪些劣势？",
    "ST": "用哪些优势去抵御哪些威胁？",
    "WT": "怎样减少劣势、避开威胁？",
}


def _check_quadrant(quadrant: str) -> str:
    if quadrant not in QUADRANTS:
        raise WorksheetError(f"没有这个象限：{quadrant!r}（应为 S、W、O、T 之一）",
                             f"no quadrant {quadrant!r} (expected one of S, W, O, T)")
    return quadrant


def _check_strategy(strategy: str) -> str:
    if strategy not in STRATEGIES:
        raise WorksheetError(f"没有这个策略：{strategy!r}", f"no strategy {strategy!r}")
    return strategy


@dataclass
class SwotItem:
    """One SWOT item: its text and an optional weight 1–5 (how much it matters)."""

    text: str = ""
    weight: int | None = None


@dataclass
class SwotWorksheet(Worksheet):
    """A SWOT analysis with TOWS strategies.

    Args:
        items: quadrant ("S", "W", "O", "T") -> list of :class:`SwotItem`.
        strategies: TOWS prompt ("SO", "WO", "ST", "WT") -> the trainee's answer.
    """

    kind: ClassVar[str] = "swot"
    label: ClassVar[str] = "SWOT 分析"
    schema_version: ClassVar[int] = 1

    items: dict[str, list[SwotItem]] = field(default_factory=lambda: {q: [] for q in QUADRANTS})
    strategies: dict[str, str] = field(default_factory=lambda: {s: "" for s in STRATEGIES})

    # -- operations ---------------------------------------------------------------------
    def add_item(self, quadrant: str, text: str, weight: int | None = None) -> int:
        """Append an item to ``quadrant``.

        Args:
            quadrant: "S", "W", "O" or "T".
            text: the item (surrounding spaces are removed; must not be empty).
            weight: optional 1–5.

        Returns:
            The new item's index.

        >>> SwotWorksheet().add_item("X", "a")
        Traceback (most recent call last):
        ...
        helpers.errors.WorksheetError: 没有这个象限：'X'（应为 S、W、O、T 之一）
        [EN] no quadrant 'X' (expected one of S, W, O, T)
        """
        items = self.items[_check_quadrant(quadrant)]
        text = check_text(text, "条目", "item").strip()
        if not text:
            raise WorksheetError("请先输入条目内容", "type the item first")
        if len(items) >= MAX_ITEMS:
            raise WorksheetError(f"每个象限最多 {MAX_ITEMS} 条", f"at most {MAX_ITEMS} items per quadrant")
        items.append(SwotItem(text, check_score(weight, "权重", "weight")))
        return len(items) - 1

    def _index(self, quadrant: str, index: int) -> int:
        items = self.items[_check_quadrant(quadrant)]
        if not isinstance(index, int) or not 0 <= index < len(items):
            raise WorksheetError(f"{QUADRANT_NAMES[quadrant]}里没有第 "
                                 f"{index + 1 if isinstance(index, int) else index} 条",
                                 f"{QUADRANT_ENGLISH[quadrant]} has no item {index}")
        return index

    def edit_item(self, quadrant: str, index: int, text: str | None = None,
                  weight: int | None | str = "keep") -> None:
        """Change an item's text and/or weight (``weight=None`` clears it).

        >>> ws = SwotWorksheet(); ws.add_item("O", "新区域")
        0
        >>> ws.edit_item("O", 0, text="西南新区域", weight=3); ws.items["O"][0]
        SwotItem(text='西南新区域', weight=3)
        """
        item = self.items[quadrant][self._index(quadrant, index)]
        if text is not None:
            item.text = check_text(text, "条目", "item")
        if weight != "keep":
            item.weight = check_score(weight, "权重", "weight")

    def move_item(self, quadrant: str, index: int, delta: int) -> int:
        """Move an item up (``delta`` < 0) or down; it stops at either end.

        Returns:
            The item's new index.

        >>> ws = SwotWorksheet(); _ = ws.add_item("T", "a"); _ = ws.add_item("T", "b")
        >>> ws.move_item("T", 0, +1), ws.move_item("T", 1, +1)
        (1, 1)
        """
        items = self.items[quadrant]
        index = self._index(quadrant, index)
        target = max(0, min(len(items) - 1, index + delta))
        items.insert(target, items.pop(index))
        return target

    def remove_item(self, quadrant: str, index: int) -> SwotItem:
        """Delete an item and return it.

        >>> ws = SwotWorksheet(); _ = ws.add_item("W", "交付慢"); ws.remove_item("W", 0).text
        '交付慢'
        """
        return self.items[quadrant].pop(self._index(quadrant, index))

    def set_strategy(self, strategy: str, text: str) -> None:
        """Fill in a TOWS prompt ("SO", "WO", "ST" or "WT").

        >>> ws = SwotWorksheet(); ws.set_strategy("SO", "用复购优势开新店"); ws.strategies["SO"]
        '用复购优势开新店'
        """
        self.strategies[_check_strategy(strategy)] = check_text(text, "策略", "strategy")

    def tows_sources(self, strategy: str) -> list[tuple[str, list[SwotItem]]]:
        """The two quadrants a TOWS prompt pairs, with their items (to show beside it).

        >>> ws = SwotWorksheet(); _ = ws.add_item("S", "口碑好")
        >>> [(q, [i.text for i in items]) for q, items in ws.tows_sources("ST")]
        [('S', ['口碑好']), ('T', [])]
        """
        return [(q, list(self.items[q])) for q in _check_strategy(strategy)]

    def is_empty(self) -> bool:
        """Whether nothing has been written yet.

        >>> SwotWorksheet().is_empty()
        True
        """
        return not (self.title or self.owner or any(self.items.values()) or any(self.strategies.values()))

    # -- storage ------------------------------------------------------------------------
    def content_to_dict(self) -> dict[str, Any]:
        """The content as JSON data: ``{"items": {...}, "strategies": {...}}``."""
        return {"items": {q: [{"text": i.text, "weight": i.weight} for i in self.items[q]] for q in QUADRANTS},
                "strategies": {s: self.strategies[s] for s in STRATEGIES}}

    @classmethod
    def content_from_dict(cls, content: dict[str, Any]) -> dict[str, Any]:
        """Constructor arguments from the JSON content object (missing parts are empty)."""
        raw_items = content.get("items", {})
        if not isinstance(raw_items, dict):
            raise WorksheetError(f"SWOT 条目应当是一组象限（S/W/O/T），实际是 {type(raw_items).__name__}",
                                 "SWOT items should be a mapping of quadrants (S/W/O/T), "
                                 f"got {type(raw_items).__name__}")
        unknown = set(raw_items) - set(QUADRANTS)
        if unknown:
            raise WorksheetError(f"未知的象限：{sorted(unknown)}", f"unknown quadrants: {sorted(unknown)}")
        items: dict[str, list[SwotItem]] = {}
        for q in QUADRANTS:
            entries = raw_items.get(q, [])
            if not isinstance(entries, list):
                raise WorksheetError(f"{QUADRANT_NAMES[q]}的条目应当是列表", f"{QUADRANT_ENGLISH[q]} should be a list")
            items[q] = []
            for n, entry in enumerate(entries, 1):
                if not isinstance(entry, dict):
                    raise WorksheetError(f"{QUADRANT_NAMES[q]}第 {n} 条格式不对",
                                         f"{QUADRANT_ENGLISH[q]} item {n} is malformed")
                items[q].append(SwotItem(entry.get("text", ""), entry.get("weight")))
        raw_strategies = content.get("strategies", {})
        if not isinstance(raw_strategies, dict) or set(raw_strategies) - set(STRATEGIES):
            raise WorksheetError("TOWS 策略部分格式不对（应为 SO/WO/ST/WT）",
                                 "the TOWS strategies are malformed (expected SO/WO/ST/WT)")
        strategies = {s: raw_strategies.get(s, "") for s in STRATEGIES}
        return {"items": items, "strategies": strategies}

    def validate_content(self) -> None:
        """Check quadrants, items (text, weight 1–5) and strategies."""
        if not isinstance(self.items, dict) or set(self.items) != set(QUADRANTS):
            raise WorksheetError("SWOT 必须正好有 S、W、O、T 四个象限", "a SWOT needs exactly the quadrants S, W, O, T")
        for q in QUADRANTS:
            if len(self.items[q]) > MAX_ITEMS:
                raise WorksheetError(f"{QUADRANT_NAMES[q]}超过 {MAX_ITEMS} 条",
                                     f"{QUADRANT_ENGLISH[q]}: more than {MAX_ITEMS} items")
            for n, item in enumerate(self.items[q], 1):
                if not isinstance(item, SwotItem):
                    raise WorksheetError(f"{QUADRANT_NAMES[q]}第 {n} 条格式不对",
                                         f"{QUADRANT_ENGLISH[q]} item {n} is malformed")
                check_text(item.text, f"{QUADRANT_NAMES[q]}第 {n} 条", f"{QUADRANT_ENGLISH[q]} item {n}")
                check_score(item.weight, f"{QUADRANT_NAMES[q]}第 {n} 条的权重",
                            f"weight of {QUADRANT_ENGLISH[q]} item {n}")
        if not isinstance(self.strategies, dict) or set(self.strategies) != set(STRATEGIES):
            raise WorksheetError("TOWS 策略必须是 SO、WO、ST、WT 四项", "TOWS needs exactly SO, WO, ST, WT")
        for s in STRATEGIES:
            check_text(self.strategies[s], f"{s} 策略", f"{s} strategy")

    # -- exports --------------------------------------------------------------------------
    def blocks(self) -> list[Block]:
        """The worksheet as headings, tables and paragraphs (for Markdown / HTML).

        >>> ws = SwotWorksheet(); _ = ws.add_item("S", "口碑好", 5)
        >>> ws.blocks()[:2]
        [Heading(text='优势（Strengths）', level=2), Table(header=('序号', '内容', '权重'), rows=((1, '口碑好', 5),))]
        """
        out = self.meta_blocks()
        for q in QUADRANTS:
            out.append(Heading(f"{QUADRANT_NAMES[q]}（{QUADRANT_ENGLISH[q]}）"))
            if self.items[q]:
                out.append(Table(("序号", "内容", "权重"),
                                 tuple((n, i.text, i.weight) for n, i in enumerate(self.items[q], 1))))
            else:
                out.append(Paragraph("（暂无）"))
        out.append(Heading("TOWS 策略"))
        for s in STRATEGIES:
            out.append(Heading(f"{STRATEGY_NAMES[s]}：{STRATEGY_PROMPTS[s]}", level=3))
            out.append(Paragraph(self.strategies[s] if self.strategies[s] else "（未填写）"))
        return out

    def rows(self) -> list[tuple[Any, ...]]:
        """One row per field for Excel / CSV (columns :data:`~helpers.worksheets.ROW_HEADER`).

        >>> ws = SwotWorksheet(title="t"); _ = ws.add_item("O", "政策", 2)
        >>> ws.rows()[3]
        ('机会', 1, '政策', 2)
        """
        out = self.meta_rows()
        for q in QUADRANTS:
            out += [(QUADRANT_NAMES[q], n, i.text, i.weight) for n, i in enumerate(self.items[q], 1)]
        out += [(STRATEGY_NAMES[s], None, self.strategies[s], None) for s in STRATEGIES]
        return out

    def figure(self) -> Any:
        """The 2×2 SWOT picture (a matplotlib Figure; call :func:`helpers.setup` for Chinese).

        Items are numbered, with their weight as ★n; long items are shortened and only the
        first 8 of a quadrant are drawn (the exports list them all).
        """
        return swot_figure(self)


# ---------------------------------------------------------------------------------------
# Picture
# ---------------------------------------------------------------------------------------

def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_text(text: str, width: int = 34, max_lines: int = 2) -> list[str]:
    """Wrap mixed Chinese / Latin text to ``width`` columns (a Chinese character counts 2).

    Args:
        text: the text (line breaks become spaces).
        width: columns per line.
        max_lines: at most this many lines; the last one ends in … if text was cut.

    Returns:
        The lines.

    >>> wrap_text("会员复购率高，门店位置好，供应链稳定，价格有优势", width=20)
    ['会员复购率高，门店位', '置好，供应链稳定，…']
    >>> wrap_text("short")
    ['short']
    """
    text = " ".join(text.split())
    lines: list[str] = []
    current = ""
    for ch in text:
        if _width(current + ch) > width:
            lines.append(current)
            current = ch
        else:
            current += ch
    if current or not lines:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and _width(last + "…") > width:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines


def swot_figure(ws: SwotWorksheet, max_items: int = 8) -> Any:
    """Draw ``ws`` as a 2×2 grid: 优势 | 劣势 over 机会 | 威胁.

    Args:
        ws: the worksheet.
        max_items: items drawn per quadrant (the rest are counted).

    Returns:
        A :class:`matplotlib.figure.Figure` (not attached to pyplot, so it is safe to draw
        from the autosave thread).

    >>> len(swot_figure(SwotWorksheet()).axes)
    4
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    from ..charts.base import chart_style

    with chart_style():  # Chinese font, same look everywhere
        fig = Figure(figsize=(10, 7.5), dpi=100)
        title = ws.display_title if ws.display_title != ws.label else "SWOT 分析"
        fig.suptitle(" ".join(wrap_text(title, 60, 1)), fontsize=16, fontweight="bold", parse_math=False)
        for pos, q in enumerate(QUADRANTS):
            ax = fig.add_subplot(2, 2, pos + 1)
            ax.set_xlim(0, 1)
            ax.set_ylim(0, 1)
            ax.axis("off")
            colour = QUADRANT_COLOURS[q]
            ax.add_patch(FancyBboxPatch((0.01, 0.01), 0.98, 0.98, boxstyle="round,pad=0,rounding_size=0.03",
                                        facecolor=colour, alpha=0.08, edgecolor=colour, linewidth=2))
            ax.text(0.05, 0.93, f"{QUADRANT_NAMES[q]} {q}", fontsize=15, fontweight="bold", color=colour,
                    va="top", parse_math=False)
            ax.text(0.95, 0.93, QUADRANT_HINTS[q].split("：")[0], fontsize=9, color=colour, ha="right",
                    va="top", parse_math=False)
            items = ws.items[q]
            lines: list[str] = []
            for n, item in enumerate(items[:max_items], 1):
                star = f"  ★{item.weight}" if item.weight else ""
                wrapped = wrap_text(item.text or "（空）", 40, 2)
                lines.append(f"{n}. {wrapped[0]}{star if len(wrapped) == 1 else ''}")
                lines += [f"    {w}" for w in wrapped[1:-1]]
                if len(wrapped) > 1:
                    lines.append(f"    {wrapped[-1]}{star}")
            if len(items) > max_items:
                lines.append(f"……另有 {len(items) - max_items} 条")
            if not items:
                lines.append("（暂无）")
            ax.text(0.05, 0.80, "\n".join(lines), fontsize=10.5, va="top", linespacing=1.5, parse_math=False,
                    color="#222222")
        fig.subplots_adjust(left=0.02, right=0.98, top=0.9, bottom=0.02, wspace=0.04, hspace=0.06)
        return fig


# ---------------------------------------------------------------------------------------
# Widget
# ---------------------------------------------------------------------------------------

#: Weight choices in the widget (0 = no weight).
WEIGHT_OPTIONS: list[tuple[str, int]] = [("权重 —", 0)] + [(f"权重 {n}", n) for n in range(1, 6)]


def sources_html(ws: SwotWorksheet, strategy: str) -> str:
    """The items a TOWS prompt draws on, as escaped HTML (shown beside the prompt).

    >>> ws = SwotWorksheet(); _ = ws.add_item("S", "<b>口碑</b>")
    >>> sources_html(ws, "SO")
    '<b>优势：</b>1. &lt;b&gt;口碑&lt;/b&gt;<br><b>机会：</b>（暂无）'
    """
    import html

    parts = []
    for q, items in ws.tows_sources(strategy):
        listed = "；".join(f"{n}. {html.escape(i.text)}" for n, i in enumerate(items, 1)) or "（暂无）"
        parts.append(f"<b>{QUADRANT_NAMES[q]}：</b>{listed}")
    return "<br>".join(parts)


class SwotBody:
    """The SWOT widgets inside :class:`helpers.worksheets.shell.WorksheetEditor`.

    Four quadrant boxes (CSS ``ws-swot-S`` ... ``ws-swot-T``), each with its item rows
    (``ws-swot-item``: text ``ws-swot-item-text``, weight ``ws-swot-item-weight``, buttons
    ``ws-swot-up`` / ``ws-swot-down`` / ``ws-swot-delete``) and an input row
    (``ws-swot-new-text``, ``ws-swot-new-weight``, ``ws-add-button``); then the four TOWS
    prompts (``ws-tows-SO`` ...) with the items they draw on.
    """

    def __init__(self, editor: Any) -> None:
        import ipywidgets as w

        from ..widgets.common import styled

        self.w, self.editor, self.styled = w, editor, styled
        self.removed: tuple[str, int, SwotItem] | None = None
        self.rows: dict[str, Any] = {}
        self.new_text: dict[str, Any] = {}
        self.new_weight: dict[str, Any] = {}
        boxes = []
        for q in QUADRANTS:
            colour = QUADRANT_COLOURS[q]
            header = w.HTML(f"<div style='color:{colour};font-size:1.15em'><b>{QUADRANT_NAMES[q]} {q}</b>"
                            f"（{QUADRANT_ENGLISH[q]}）<br><small>{QUADRANT_HINTS[q]}</small></div>")
            self.rows[q] = styled(w.VBox(), "ws-swot-items")
            self.new_text[q] = styled(w.Text(placeholder=f"新的{QUADRANT_NAMES[q]}，输入后按回车或点“添加”",
                                             layout=w.Layout(width="60%")), "ws-swot-new-text")
            with warnings.catch_warnings():  # on_submit is the one event that means "Enter" (not blur)
                warnings.simplefilter("ignore", DeprecationWarning)
                self.new_text[q].on_submit(lambda _, q=q: self.add(q))
            self.new_weight[q] = styled(w.Dropdown(options=WEIGHT_OPTIONS, value=0, layout=w.Layout(width="90px")),
                                        "ws-swot-new-weight")
            add = styled(w.Button(description="添加", icon="plus", layout=w.Layout(width="80px")), "ws-add-button")
            add.on_click(lambda _, q=q: self.add(q))
            boxes.append(styled(w.VBox([header, self.rows[q], w.HBox([self.new_text[q], self.new_weight[q], add])],
                                       layout=w.Layout(border=f"2px solid {colour}", padding="6px")),
                                "ws-swot-quadrant", f"ws-swot-{q}"))
        grid = w.GridBox(boxes, layout=w.Layout(grid_template_columns="1fr 1fr", grid_gap="8px", width="98%"))
        self.undo = styled(w.Button(description="撤销删除", icon="undo", layout=w.Layout(display="none")),
                           "ws-undo-button")
        self.undo.on_click(lambda _: self.undo_remove())
        self.sources: dict[str, Any] = {}
        self.strategy: dict[str, Any] = {}
        tows = []
        for s in STRATEGIES:
            self.sources[s] = styled(w.HTML(), "ws-tows-sources")
            self.strategy[s] = styled(w.Textarea(placeholder=STRATEGY_PROMPTS[s],
                                                 layout=w.Layout(width="98%", height="70px")),
                                      "ws-tows", f"ws-tows-{s}")
            self.strategy[s].observe(lambda ch, s=s: self.set_strategy(s, ch["new"]), names="value")
            tows.append(w.VBox([w.HTML(f"<b>{STRATEGY_NAMES[s]}</b>：{STRATEGY_PROMPTS[s]}"), self.sources[s],
                                self.strategy[s]]))
        self.widget = w.VBox([
            w.HTML("<h3>第一步：填写四个象限</h3>可以给每条打一个权重（1–5，越大越重要），用 ↑ ↓ 调整顺序。"),
            grid, self.undo,
            w.HTML("<h3>第二步：TOWS 策略（把内外因素配对，想出对策）</h3>"),
            w.GridBox(tows, layout=w.Layout(grid_template_columns="1fr 1fr", grid_gap="8px", width="98%")),
        ])

    # -- showing ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show ``editor.worksheet`` again (after opening a file)."""
        for q in QUADRANTS:
            self.rebuild(q)
        for s in STRATEGIES:
            self.strategy[s].value = self.editor.worksheet.strategies[s]
        self.removed = None
        self.undo.layout.display = "none"

    def refresh_sources(self) -> None:
        """Update the items shown beside the TOWS prompts."""
        for s in STRATEGIES:
            listed = sources_html(self.editor.worksheet, s)
            self.sources[s].value = f"<div style='color:#555;font-size:0.9em'>{listed}</div>"

    def rebuild(self, q: str) -> None:
        """Recreate the item rows of quadrant ``q``."""
        w, styled = self.w, self.styled
        rows = []
        for i, item in enumerate(self.editor.worksheet.items[q]):
            text = styled(w.Text(value=item.text, layout=w.Layout(width="55%")), "ws-swot-item-text")
            text.observe(lambda ch, i=i: self.edit(q, i, text=ch["new"]), names="value")
            weight = styled(w.Dropdown(options=WEIGHT_OPTIONS, value=item.weight or 0, layout=w.Layout(width="90px")),
                            "ws-swot-item-weight")
            weight.observe(lambda ch, i=i: self.edit(q, i, weight=ch["new"] or None), names="value")
            buttons = []
            for label, css, tip, action in (("↑", "ws-swot-up", "上移", lambda _, i=i: self.move(q, i, -1)),
                                            ("↓", "ws-swot-down", "下移", lambda _, i=i: self.move(q, i, +1)),
                                            ("✕", "ws-swot-delete", "删除这一条", lambda _, i=i: self.remove(q, i))):
                b = styled(w.Button(description=label, tooltip=tip, layout=w.Layout(width="36px")), css)
                b.on_click(action)
                buttons.append(b)
            rows.append(styled(w.HBox([w.Label(f"{i + 1}."), text, weight, *buttons]), "ws-swot-item"))
        old, self.rows[q].children = self.rows[q].children, rows
        for row in old:  # free the replaced widgets in the kernel and the browser
            for child in row.children:
                child.close()
            row.close()
        self.refresh_sources()

    # -- actions (thin: the model does the work) --------------------------------------------
    def _do(self, action: Callable[[], Any], rebuild: str) -> None:
        """Apply ``action`` through the editor, then redraw the rows of quadrant ``rebuild``."""
        self.editor.apply(action, then=lambda: self.rebuild(rebuild))

    def add(self, q: str) -> None:
        """Add the typed item to quadrant ``q`` (the 添加 button)."""
        from ..widgets.common import problem_html

        text = self.new_text[q].value
        if not text.strip():
            self.editor.message.value = problem_html(f"请先在{QUADRANT_NAMES[q]}的输入框里写内容，再按回车或点“添加”")
            return
        self.editor.message.value = ""
        self._do(lambda: self.editor.worksheet.add_item(q, text, self.new_weight[q].value or None), rebuild=q)
        self.new_text[q].value = ""
        self.new_weight[q].value = 0

    def edit(self, q: str, i: int, **changes: Any) -> None:
        """Change item ``i`` of ``q`` (text typed or weight chosen in its row)."""
        self.editor.apply(lambda: self.editor.worksheet.edit_item(q, i, **changes), then=self.refresh_sources)

    def move(self, q: str, i: int, delta: int) -> None:
        """Move item ``i`` of ``q`` up or down."""
        self._do(lambda: self.editor.worksheet.move_item(q, i, delta), rebuild=q)

    def remove(self, q: str, i: int) -> None:
        """Delete item ``i`` of ``q`` (can be undone once with 撤销删除)."""
        def action() -> None:
            self.removed = (q, i, self.editor.worksheet.remove_item(q, i))
        self._do(action, rebuild=q)
        if self.removed:
            self.undo.description = f"撤销删除“{wrap_text(self.removed[2].text, 20, 1)[0]}”"
            self.undo.layout.display = None

    def undo_remove(self) -> None:
        """Put the last deleted item back where it was."""
        if self.removed is None:
            return
        q, i, item = self.removed
        self.removed = None
        self.undo.layout.display = "none"
        self._do(lambda: self.editor.worksheet.items[q].insert(min(i, len(self.editor.worksheet.items[q])), item),
                 rebuild=q)

    def set_strategy(self, s: str, text: str) -> None:
        """Store the text typed into a TOWS prompt."""
        self.editor.apply(lambda: self.editor.worksheet.set_strategy(s, text))


def swot_worksheet(name: str | None = None, folder: Any = None, delay: float = 1.0) -> Any:
    """Show the SWOT worksheet: edit the four quadrants and the TOWS strategies.

    Every change is saved automatically one second after the last keystroke (there is also
    a 保存 button); the file is ``swot.json`` in the work folder (``swot-NAME.json`` for a
    named worksheet). Reopening the notebook reloads it.

    Args:
        name: the worksheet's name (``None``: the default one).
        folder: the folder (default: :func:`helpers.paths.work_dir`).
        delay: seconds of quiet before autosave.

    Returns:
        The editor; it displays itself as the widget.

    >>> import tempfile
    >>> swot_worksheet(folder=tempfile.mkdtemp()).path.name
    'swot.json'
    """
    from .shell import WorksheetEditor

    return WorksheetEditor("swot", SwotBody, name=name, folder=folder, delay=delay)
