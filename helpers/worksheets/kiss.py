"""KISS 复盘 worksheet: Keep / Improve / Start / Stop, after the facts.

A review (复盘) answers four questions once the facts are on the table (plan against actual):
which practices to **keep** (保持), which to **improve** (改进), what to **start** (开始) and what
to **stop** (停止). Every 改进 and 开始 item needs an owner and a date, or the next review will say
the same things again; at most 10 items per list keep the review focused.

Saving is always allowed; what is still missing is listed as 待完善 (in the widget and in the
exports) rather than refused.

>>> ws = KissWorksheet(subject="华北区 2025 年", period_start="2025-01-01", period_end="2025-12-31")
>>> ws.add_item("start", "机器人配件设专人", owner="王经理", due="2026-03-31")
0
>>> ws.add_item("improve", "报价审批太慢")
0
>>> ws.problems()
['改进第 1 条缺负责人和完成日期']
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd

from ..errors import WorksheetError
from .dates import check_date, date_label, read_date
from .model import Block, Heading, Paragraph, Table, Worksheet, check_text

__all__ = ["KissItem", "KissWorksheet", "check_date", "date_label", "kiss_example", "kiss_worksheet", "read_date"]

PARTS: tuple[str, ...] = ("keep", "improve", "start", "stop")
PART_NAMES: dict[str, str] = {"keep": "保持", "improve": "改进", "start": "开始", "stop": "停止"}
PART_ENGLISH: dict[str, str] = {"keep": "Keep", "improve": "Improve", "start": "Start", "stop": "Stop"}
PART_HINTS: dict[str, str] = {
    "keep": "做得好、要继续的做法",
    "improve": "在做但效果不够、要改的做法",
    "start": "还没做、应该开始做的事",
    "stop": "要放弃的做法（释放时间和资源）",
}
PART_COLOURS: dict[str, str] = {"keep": "#2e7d32", "improve": "#ef6c00", "start": "#1565c0", "stop": "#616161"}
#: Lists whose items need an owner and a date.
NEED_OWNER: tuple[str, ...] = ("improve", "start")
MAX_PER_LIST = 10
MAX_SUBJECT, MAX_FACTS, MAX_ITEM, MAX_OWNER = 100, 2_000, 200, 20


def _check_part(part: str) -> str:
    if part not in PARTS:
        raise WorksheetError(f"没有这个部分：{part!r}（应为 keep、improve、start、stop 之一）",
                             f"no part {part!r} (expected keep, improve, start or stop)")
    return part


@dataclass
class KissItem:
    """One item of a KISS list: what, who, by when (YYYY-MM-DD or "")."""

    text: str = ""
    owner: str = ""
    due: str = ""


@dataclass
class KissWorksheet(Worksheet):
    """A KISS review.

    Args:
        subject: what is reviewed (复盘对象), e.g. "华北区 2025 年".
        period_start: first day of the period reviewed (YYYY-MM-DD or "").
        period_end: last day of the period reviewed.
        facts: 事实与数据: plan against actual.
        items: part ("keep", "improve", "start", "stop") -> list of :class:`KissItem`.
    """

    kind: ClassVar[str] = "kiss"
    label: ClassVar[str] = "KISS 复盘"
    schema_version: ClassVar[int] = 1

    subject: str = ""
    period_start: str = ""
    period_end: str = ""
    facts: str = ""
    items: dict[str, list[KissItem]] = field(default_factory=lambda: {p: [] for p in PARTS})

    # -- operations ---------------------------------------------------------------------
    def add_item(self, part: str, text: str, owner: str = "", due: str = "") -> int:
        """Append an item to ``part`` and return its index (``due`` as typed: 2026/3/31 is fine).

        >>> KissWorksheet().add_item("stop", " ")
        Traceback (most recent call last):
        ...
        helpers.errors.WorksheetError: 请先输入内容
        [EN] type the item first
        """
        items = self.items[_check_part(part)]
        text = check_text(text, "条目", "item", MAX_ITEM).strip()
        if not text:
            raise WorksheetError("请先输入内容", "type the item first")
        if len(items) >= MAX_PER_LIST:
            raise WorksheetError(f"每张清单最多 {MAX_PER_LIST} 条：复盘要聚焦，先合并或删掉次要的",
                                 f"at most {MAX_PER_LIST} items per list")
        items.append(KissItem(text, check_text(owner, "负责人", "owner", MAX_OWNER).strip(), read_date(due)))
        return len(items) - 1

    def edit_item(self, part: str, index: int, **changes: str) -> None:
        """Change an item's ``text``, ``owner`` or ``due`` (as typed).

        >>> ws = KissWorksheet(); _ = ws.add_item("keep", "周例会")
        >>> ws.edit_item("keep", 0, due="2026年1月5日"); ws.items["keep"][0].due
        '2026-01-05'
        """
        item = self.items[_check_part(part)][self._index(part, index)]
        for key, value in changes.items():
            if key == "text":
                item.text = check_text(value, "条目", "item", MAX_ITEM)
            elif key == "owner":
                item.owner = check_text(value, "负责人", "owner", MAX_OWNER)
            elif key == "due":
                item.due = read_date(value)
            else:
                raise WorksheetError(f"没有这个字段：{key}", f"no field {key}")

    def remove_item(self, part: str, index: int) -> KissItem:
        """Delete an item and return it."""
        return self.items[_check_part(part)].pop(self._index(part, index))

    def _index(self, part: str, index: int) -> int:
        if not isinstance(index, int) or not 0 <= index < len(self.items[part]):
            raise WorksheetError(f"{PART_NAMES[part]}里没有第 {index} 条", f"{PART_ENGLISH[part]} has no item {index}")
        return index

    def set_period(self, start: str, end: str) -> None:
        """Set the period as typed; the end may not be before the start.

        >>> KissWorksheet().set_period("2025-12-31", "2025-01-01")
        Traceback (most recent call last):
        ...
        helpers.errors.WorksheetError: 复盘期间的结束日期早于开始日期
        [EN] the period ends before it starts
        """
        start, end = read_date(start), read_date(end)
        if start and end and end < start:
            raise WorksheetError("复盘期间的结束日期早于开始日期", "the period ends before it starts")
        self.period_start, self.period_end = start, end

    def problems(self) -> list[str]:
        """What is still missing (待完善): owners and dates of 改进 / 开始, dates before the period ends.

        >>> ws = KissWorksheet(period_end="2025-12-31"); _ = ws.add_item("start", "设专人", "王", "2025-06-30")
        >>> ws.problems()
        ['开始第 1 条的完成日期早于复盘期间结束日期']
        """
        out = []
        for part in PARTS:
            for n, item in enumerate(self.items[part], 1):
                lacking = [w for w, v in (("负责人", item.owner.strip()), ("完成日期", item.due)) if not v]
                if part in NEED_OWNER and lacking:
                    out.append(f"{PART_NAMES[part]}第 {n} 条缺{'和'.join(lacking)}")
                if item.due and self.period_end and item.due < self.period_end:
                    out.append(f"{PART_NAMES[part]}第 {n} 条的完成日期早于复盘期间结束日期")
        return out

    def status_line(self) -> str:
        """One sentence for the widget: how many 开始 / 改进 items lack an owner or a date.

        >>> KissWorksheet().status_line()
        '“改进”和“开始”的每一条都写上负责人和完成日期。'
        """
        missing = {p: sum(1 for i in self.items[p] if not (i.owner.strip() and i.due)) for p in NEED_OWNER}
        parts = [f"{n} 条“{PART_NAMES[p]}”" for p, n in missing.items() if n]
        if not parts:
            return "“改进”和“开始”的每一条都写上负责人和完成日期。"
        return "还有 " + "、".join(parts) + "缺负责人或日期。"

    # -- storage ------------------------------------------------------------------------
    def content_to_dict(self) -> dict[str, Any]:
        """The content as JSON data."""
        return {"subject": self.subject, "period_start": self.period_start, "period_end": self.period_end,
                "facts": self.facts,
                "items": {p: [{"text": i.text, "owner": i.owner, "due": i.due} for i in self.items[p]] for p in PARTS}}

    @classmethod
    def content_from_dict(cls, content: dict[str, Any]) -> dict[str, Any]:
        """Constructor arguments from the JSON content (missing parts are empty)."""
        raw = content.get("items", {})
        if not isinstance(raw, dict) or set(raw) - set(PARTS):
            raise WorksheetError("KISS 的清单格式不对（应为 keep/improve/start/stop）",
                                 "KISS lists are malformed (expected keep/improve/start/stop)")
        items: dict[str, list[KissItem]] = {}
        for p in PARTS:
            entries = raw.get(p, [])
            if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
                raise WorksheetError(f"{PART_NAMES[p]}清单格式不对", f"the {PART_ENGLISH[p]} list is malformed")
            items[p] = [KissItem(e.get("text", ""), e.get("owner", ""), e.get("due", "")) for e in entries]
        return {"subject": content.get("subject", ""), "period_start": content.get("period_start", ""),
                "period_end": content.get("period_end", ""), "facts": content.get("facts", ""), "items": items}

    def validate_content(self) -> None:
        """Check texts, dates, the period and the list sizes."""
        check_text(self.subject, "复盘对象", "subject", MAX_SUBJECT)
        check_text(self.facts, "事实与数据", "facts", MAX_FACTS)
        check_date(self.period_start, "复盘开始日期", "period start")
        check_date(self.period_end, "复盘结束日期", "period end")
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise WorksheetError("复盘期间的结束日期早于开始日期", "the period ends before it starts")
        if not isinstance(self.items, dict) or set(self.items) != set(PARTS):
            raise WorksheetError("KISS 必须正好有保持、改进、开始、停止四张清单", "KISS needs exactly four lists")
        for p in PARTS:
            if len(self.items[p]) > MAX_PER_LIST:
                raise WorksheetError(f"{PART_NAMES[p]}超过 {MAX_PER_LIST} 条", f"{PART_ENGLISH[p]}: too many items")
            for n, item in enumerate(self.items[p], 1):
                if not isinstance(item, KissItem):
                    raise WorksheetError(f"{PART_NAMES[p]}第 {n} 条格式不对",
                                         f"{PART_ENGLISH[p]} item {n} is malformed")
                check_text(item.text, f"{PART_NAMES[p]}第 {n} 条", f"{PART_ENGLISH[p]} item {n}", MAX_ITEM)
                check_text(item.owner, f"{PART_NAMES[p]}第 {n} 条的负责人", "owner", MAX_OWNER)
                check_date(item.due, f"{PART_NAMES[p]}第 {n} 条的完成日期", "due date")

    # -- exports --------------------------------------------------------------------------
    def period_text(self) -> str:
        """"2025年1月1日 至 2025年12月31日" (or what is filled in)."""
        if not (self.period_start or self.period_end):
            return ""
        return f"{date_label(self.period_start) or '？'} 至 {date_label(self.period_end) or '？'}"

    def blocks(self) -> list[Block]:
        """The worksheet as headings, tables and paragraphs (for Markdown / HTML).

        >>> ws = KissWorksheet(subject="华北"); _ = ws.add_item("keep", "周例会", "李", "2026-01-05")
        >>> ws.blocks()[4]
        Table(header=('序号', '内容', '负责人', '完成日期'), rows=((1, '周例会', '李', '2026年1月5日'),))
        """
        out = self.meta_blocks(("复盘对象", self.subject), ("复盘期间", self.period_text()))
        out += [Heading("事实与数据（计划 vs 实际）"), Paragraph(self.facts or "（未填写）")]
        for p in PARTS:
            out.append(Heading(f"{PART_NAMES[p]}（{PART_ENGLISH[p]}）：{PART_HINTS[p]}"))
            if self.items[p]:
                rows = tuple((n, i.text, i.owner, date_label(i.due)) for n, i in enumerate(self.items[p], 1))
                out.append(Table(("序号", "内容", "负责人", "完成日期"), rows))
            else:
                out.append(Paragraph("（暂无）"))
        if self.problems():
            out += [Heading("待完善"), Paragraph("\n".join(self.problems()))]
        return out

    def rows(self) -> list[tuple[Any, ...]]:
        """One row per field for Excel / CSV; an item is "text（负责人，日期）".

        >>> ws = KissWorksheet(); _ = ws.add_item("start", "设专人", "王", "2026-03-31")
        >>> ws.rows()[-1]
        ('开始', 1, '设专人（王，2026年3月31日）', None)
        """
        out = self.meta_rows() + [("复盘对象", None, self.subject, None), ("复盘期间", None, self.period_text(), None),
                                  ("事实与数据", None, self.facts, None)]
        for p in PARTS:
            for n, i in enumerate(self.items[p], 1):
                extra = "，".join(v for v in (i.owner, date_label(i.due)) if v)
                out.append((PART_NAMES[p], n, i.text + (f"（{extra}）" if extra else ""), None))
        return out

    def figure(self) -> Any:
        """Four columns 保持 / 改进 / 开始 / 停止, each card with its owner and date."""
        return kiss_figure(self)

    @classmethod
    def class_summary(cls, sheets: list[Worksheet]) -> list[tuple[str, Any]]:
        """The class's reviews: most frequent items per list, owners and dates, items per list.

        >>> a = KissWorksheet(); _ = a.add_item("stop", "平均分配拜访")
        >>> b = KissWorksheet(); _ = b.add_item("stop", "平均分配拜访！")
        >>> top = KissWorksheet.class_summary([a, b])[0][1]
        >>> top[["清单", "条目", "人数"]].values.tolist()
        [['停止', '平均分配拜访', 2]]
        """
        from .classview import normalize_item

        reviews = [s for s in sheets if isinstance(s, KissWorksheet)]
        top_rows, per_list = [], []
        for p in PARTS:
            people: Counter[str] = Counter()
            wording: dict[str, Counter[str]] = {}
            for ws in reviews:
                keys = set()
                for item in ws.items[p]:
                    key = normalize_item(item.text)
                    if key:
                        wording.setdefault(key, Counter())[" ".join(item.text.split())] += 1
                        keys.add(key)
                people.update(keys)
            ranked = sorted(people.items(), key=lambda kv: (-kv[1], wording[kv[0]].most_common(1)[0][0]))[:5]
            top_rows += [{"清单": PART_NAMES[p], "排名": r, "条目": wording[k].most_common(1)[0][0], "人数": n}
                         for r, (k, n) in enumerate(ranked, 1)]
            counts = [len(ws.items[p]) for ws in reviews]
            complete = [bool(i.owner.strip() and i.due) for ws in reviews for i in ws.items[p]]
            per_list.append({"清单": PART_NAMES[p], "平均条数": round(sum(counts) / max(len(counts), 1), 1),
                             "写了的人数": sum(1 for c in counts if c), "条目数": len(complete),
                             "有负责人和日期的占比": (round(sum(complete) / len(complete), 3) if complete
                                              else float("nan")) if p in NEED_OWNER else float("nan")})
        top = pd.DataFrame(top_rows, columns=["清单", "排名", "条目", "人数"])
        return [("各清单最常见的条目（人数 = 写了它的学员数）", top),
                ("每张清单的条数；“改进”“开始”有负责人和日期的占比", pd.DataFrame(per_list))]


# ---------------------------------------------------------------------------------------
# Picture
# ---------------------------------------------------------------------------------------

def kiss_figure(ws: KissWorksheet, max_items: int = 8) -> Any:
    """Draw ``ws`` as four columns; each list's name is written in its colour (never colour alone).

    Args:
        ws: the worksheet.
        max_items: cards drawn per list (the rest are counted; the exports list them all).

    Returns:
        A :class:`matplotlib.figure.Figure` (not attached to pyplot: safe from the autosave thread).

    >>> len(kiss_figure(KissWorksheet()).axes)
    4
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    from ..charts.base import chart_style
    from .swot import wrap_text

    def lines_of(text: str) -> list[str]:  # wrapped, and no line starts with closing punctuation
        out: list[str] = []
        for line in wrap_text(text, 34, 3):
            while out and line and line[0] in "，。、；：）」』！？%":
                out[-1], line = out[-1] + line[0], line[1:]
            if line:
                out.append(line)
        return out

    shown = {p: ws.items[p][:max_items] for p in PARTS}
    cards = {p: [(lines_of(i.text), i) for i in shown[p]] for p in PARTS}
    rows = max([sum(len(lines) + 1.6 for lines, _ in cards[p]) for p in PARTS] + [3.0])
    line_in = 0.23                                  # inches per text line
    height = 1.3 + rows * line_in
    with chart_style():
        fig = Figure(figsize=(12, height), dpi=100)
        head = " ".join(wrap_text(ws.subject or ws.display_title, 60, 1))
        period = ws.period_text()
        fig.suptitle(f"KISS 复盘：{head}" + (f"（{period}）" if period else ""), fontsize=15, fontweight="bold",
                     parse_math=False, y=1 - 0.25 / height)
        top = 1 - 0.65 / height
        fig.subplots_adjust(left=0.01, right=0.99, top=top, bottom=0.1 / height, wspace=0.05)
        unit = line_in / ((top - 0.1 / height) * height)  # one line as a fraction of the axes' height
        for pos, part in enumerate(PARTS):
            ax = fig.add_subplot(1, 4, pos + 1)
            ax.set_xlim(0, 1)
            ax.set_ylim(0, 1)
            ax.axis("off")
            colour = PART_COLOURS[part]
            ax.add_patch(FancyBboxPatch((0.02, 1 - 1.5 * unit), 0.96, 1.5 * unit,
                                        boxstyle="round,pad=0,rounding_size=0.02", facecolor=colour, edgecolor=colour))
            ax.text(0.5, 1 - 0.75 * unit, f"{PART_NAMES[part]}（{PART_ENGLISH[part]}）", ha="center", va="center",
                    fontsize=13, color="white", fontweight="bold")
            y = 1 - 1.8 * unit
            for lines, item in cards[part]:
                meta = " · ".join(v for v in (item.owner, date_label(item.due)) if v)
                if part in NEED_OWNER and not meta:
                    meta = "缺负责人和日期"
                box = unit * (len(lines) + 1.2)
                ax.add_patch(FancyBboxPatch((0.03, y - box), 0.94, box, boxstyle="round,pad=0,rounding_size=0.02",
                                            facecolor=colour, alpha=0.10, edgecolor=colour))
                ax.text(0.06, y - 0.25 * unit, "\n".join(lines), va="top", fontsize=10, parse_math=False,
                        color="#222222", linespacing=1.3)
                ax.text(0.94, y - box + 0.15 * unit, meta, ha="right", va="bottom", fontsize=9, color="#444444",
                        parse_math=False)
                y -= box + 0.4 * unit
            hidden = len(ws.items[part]) - len(shown[part])
            if not ws.items[part]:
                ax.text(0.5, 1 - 2.6 * unit, "（暂无）", ha="center", fontsize=10, color="#777777")
            elif hidden:
                ax.text(0.5, max(y - 0.5 * unit, 0.0), f"……另有 {hidden} 条", ha="center", fontsize=9,
                        color="#555555")
        return fig


# ---------------------------------------------------------------------------------------
# Widget
# ---------------------------------------------------------------------------------------

class KissBody:
    """The KISS widgets inside :class:`helpers.worksheets.shell.WorksheetEditor`.

    Subject ``ws-kiss-subject``, period ``ws-kiss-start`` / ``ws-kiss-end``, facts ``ws-kiss-facts``,
    the line of what is missing ``ws-kiss-status``; per list a box ``ws-kiss-PART`` (keep, improve,
    start, stop) with item rows ``ws-kiss-item`` (``ws-kiss-item-text``, ``-owner``, ``-due``,
    ``ws-kiss-delete``) and an input row (``ws-kiss-new-text``, ``-owner``, ``-due``, ``ws-add-button``).
    Dates are read when the field is left or Enter is pressed (2026/3/31 and 2026年3月31日 work too).
    """

    def __init__(self, editor: Any) -> None:
        import ipywidgets as w

        from ..widgets.common import styled

        self.w, self.editor, self.styled = w, editor, styled
        ws_ = lambda: editor.worksheet  # noqa: E731 - the worksheet changes when a file is opened
        self.subject = styled(w.Text(description="复盘对象", placeholder="例如：华北区 2025 年",
                                     layout=w.Layout(width="60%")), "ws-kiss-subject")
        self.subject.observe(lambda ch: editor.apply(
            lambda: setattr(ws_(), "subject", check_text(ch["new"], "复盘对象", "subject", MAX_SUBJECT))),
            names="value")
        self.start = styled(w.Text(description="开始日期", placeholder="2025-01-01", continuous_update=False,
                                   layout=w.Layout(width="30%")), "ws-kiss-start")
        self.end = styled(w.Text(description="结束日期", placeholder="2025-12-31", continuous_update=False,
                                 layout=w.Layout(width="30%")), "ws-kiss-end")
        for box in (self.start, self.end):
            box.observe(lambda _: editor.apply(lambda: ws_().set_period(self.start.value, self.end.value),
                                               then=self.show_status), names="value")
        self.facts = styled(w.Textarea(placeholder="事实与数据：计划多少，实际多少？差在哪里？（先摆事实，再谈原因）",
                                       layout=w.Layout(width="98%", height="80px")), "ws-kiss-facts")
        self.facts.observe(lambda ch: editor.apply(
            lambda: setattr(ws_(), "facts", check_text(ch["new"], "事实与数据", "facts", MAX_FACTS))), names="value")
        self.status = styled(w.HTML(), "ws-kiss-status")
        self.rows: dict[str, Any] = {}
        self.new: dict[str, tuple[Any, Any, Any]] = {}
        boxes = []
        for part in PARTS:
            colour = PART_COLOURS[part]
            header = w.HTML(f"<div style='color:{colour};font-size:1.15em'><b>{PART_NAMES[part]}</b>"
                            f"（{PART_ENGLISH[part]}）<br><small>{PART_HINTS[part]}</small></div>")
            self.rows[part] = styled(w.VBox(), "ws-kiss-items")
            text = styled(w.Text(placeholder=f"新的“{PART_NAMES[part]}”", layout=w.Layout(width="45%")),
                          "ws-kiss-new-text")
            owner = styled(w.Text(placeholder="负责人", layout=w.Layout(width="18%")), "ws-kiss-new-owner")
            due = styled(w.Text(placeholder="完成日期", layout=w.Layout(width="20%")), "ws-kiss-new-due")
            add = styled(w.Button(description="添加", icon="plus", layout=w.Layout(width="80px")), "ws-add-button")
            add.on_click(lambda _, part=part: self.add(part))
            self.new[part] = (text, owner, due)
            boxes.append(styled(w.VBox([header, self.rows[part], w.HBox([text, owner, due, add])],
                                       layout=w.Layout(border=f"2px solid {colour}", padding="6px")),
                                "ws-kiss-part", f"ws-kiss-{part}"))
        self.widget = w.VBox([
            w.HTML("<h3>第一步：先摆事实</h3>写清复盘对象、期间，以及计划和实际的数字。"),
            self.subject, w.HBox([self.start, self.end]), self.facts,
            w.HTML("<h3>第二步：四张清单</h3>“改进”和“开始”的每一条都要有负责人和完成日期；每张清单最多 10 条。"),
            w.GridBox(boxes, layout=w.Layout(grid_template_columns="1fr 1fr", grid_gap="8px", width="98%")),
            self.status,
        ])

    def refresh(self) -> None:
        """Show ``editor.worksheet`` again (after opening a file)."""
        ws = self.editor.worksheet
        self.subject.value, self.facts.value = ws.subject, ws.facts
        self.start.value, self.end.value = ws.period_start, ws.period_end
        for part in PARTS:
            self.rebuild(part)
        self.show_status()

    def show_status(self) -> None:
        """Show what is still missing."""
        from ..widgets.common import html_text

        ws = self.editor.worksheet
        problems = ws.problems()
        colour = "#ef6c00" if problems else "#2e7d32"
        word = "待完善：" if problems else "已完整："
        detail = "<br>".join(html_text(p) for p in problems)
        self.status.value = (f"<div style='color:{colour}'><b>{word}</b>{html_text(ws.status_line())}"
                             + (f"<br><small>{detail}</small>" if detail else "") + "</div>")

    def rebuild(self, part: str) -> None:
        """Recreate the item rows of ``part``."""
        w, styled = self.w, self.styled
        rows = []
        for i, item in enumerate(self.editor.worksheet.items[part]):
            text = styled(w.Text(value=item.text, layout=w.Layout(width="45%")), "ws-kiss-item-text")
            owner = styled(w.Text(value=item.owner, placeholder="负责人", layout=w.Layout(width="18%")),
                           "ws-kiss-item-owner")
            due = styled(w.Text(value=item.due, placeholder="完成日期", continuous_update=False,
                                layout=w.Layout(width="20%")), "ws-kiss-item-due")
            for box, key in ((text, "text"), (owner, "owner"), (due, "due")):
                box.observe(lambda ch, i=i, key=key: self.edit(part, i, key, ch["new"]), names="value")
            delete = styled(w.Button(description="✕", tooltip="删除这一条", layout=w.Layout(width="36px")),
                            "ws-kiss-delete")
            delete.on_click(lambda _, i=i: self.remove(part, i))
            rows.append(styled(w.HBox([w.Label(f"{i + 1}."), text, owner, due, delete]), "ws-kiss-item"))
        old, self.rows[part].children = self.rows[part].children, rows
        for row in old:
            for child in row.children:
                child.close()
            row.close()
        self.show_status()

    def add(self, part: str) -> None:
        """Add the typed item to ``part`` (the 添加 button)."""
        from ..widgets.common import problem_html

        text, owner, due = self.new[part]
        if not text.value.strip():
            self.editor.message.value = problem_html(f"请先在“{PART_NAMES[part]}”的输入框里写内容，再点“添加”")
            return
        self.editor.message.value = ""
        done = self.editor.apply(lambda: self.editor.worksheet.add_item(part, text.value, owner.value, due.value),
                                 then=lambda: self.rebuild(part))
        if done:
            text.value = owner.value = due.value = ""

    def edit(self, part: str, i: int, key: str, value: str) -> None:
        """Change field ``key`` of item ``i`` of ``part``."""
        self.editor.apply(lambda: self.editor.worksheet.edit_item(part, i, **{key: value}), then=self.show_status)

    def remove(self, part: str, i: int) -> None:
        """Delete item ``i`` of ``part``."""
        self.editor.apply(lambda: self.editor.worksheet.remove_item(part, i), then=lambda: self.rebuild(part))


def kiss_example(diagnosis: pd.DataFrame, region: str = "华北", year: int = 2025,
                 strategy: pd.DataFrame | None = None) -> KissWorksheet:
    """A filled-in example (not saved): a KISS of one region of the case, quoting figures computed in class.

    Only the facts and the 改进 / 开始 items come from the data; the 保持 and 停止 items are
    written for the demonstration (the case has no record of such practices), and the facts say so.

    Args:
        diagnosis: from :func:`helpers.analysis.organisation.structure_diagnosis` (with 合计).
        region: the region reviewed.
        year: the year reviewed.
        strategy: the 战略控制 table (its 预警 lines become a 开始 item), optional.

    Returns:
        A :class:`KissWorksheet` (its picture shows with ``.figure()``).

    >>> d = pd.DataFrame({"完成率": [0.712, 0.95], "人均活跃客户数": [12.0, 21.2]}, index=["华北", "合计"])
    >>> d.attrs["per_rep"] = "人均活跃客户数"
    >>> ws = kiss_example(d)
    >>> ws.items["improve"][0].text[:18], ws.facts.split("。")[0]
    ('华北完成率 71%（全公司 95%）', '2025 年指标完成率 71%（全公司 95%）；人均活跃客户 12 家（全公司 21 家）')
    """
    row, total = diagnosis.loc[region], diagnosis.loc["合计"]
    per = diagnosis.attrs.get("per_rep", "人均客户数" if "人均客户数" in diagnosis else "人均活跃客户数")
    word = per.replace("数", "")
    ws = KissWorksheet(title=f"示例：青岚{region}区 {year} 年复盘（虚构）", subject=f"青岚{region}区 {year} 年",
                       period_start=f"{year}-01-01", period_end=f"{year}-12-31",
                       facts=f"{year} 年指标完成率 {row['完成率']:.0%}（全公司 {total['完成率']:.0%}）；"
                             f"{word} {row[per]:.0f} 家（全公司 {total[per]:.0f} 家）。"
                             "“保持”和“停止”两条是为演示编写的：案例数据里没有这些做法的记录。")
    due = f"{year + 1}-03-31"
    ws.add_item("keep", "每周一的商机复盘会：问题在周内就摆上桌")
    ws.add_item("improve", f"{region}完成率 {row['完成率']:.0%}（全公司 {total['完成率']:.0%}）：先查指标是否定得过高，"
                "再查客户覆盖", "区域经理", due)
    alerts = [] if strategy is None else [str(i) for i in strategy.index[strategy["预警"].astype(bool)]]
    line = alerts[0] if alerts else "新产品线"
    ws.add_item("start", f"{line}设专人，每季度看份额", "营销总监", due)
    ws.add_item("stop", "按客户数平均分配拜访任务（大客户被冷落）")
    return ws


def kiss_worksheet(name: str | None = None, folder: Any = None, delay: float = 1.0) -> Any:
    """Show the KISS 复盘 worksheet: facts first, then 保持 / 改进 / 开始 / 停止 with owners and dates.

    Every change is saved automatically one second after the last keystroke; the file is
    ``kiss.json`` in the work folder (``kiss-NAME.json`` for a named review).

    Args:
        name: the worksheet's name (``None``: the default one).
        folder: the folder (default: :func:`helpers.paths.work_dir`).
        delay: seconds of quiet before autosave.

    Returns:
        The editor; it displays itself as the widget.

    >>> import tempfile
    >>> kiss_worksheet(folder=tempfile.mkdtemp()).path.name
    'kiss.json'
    """
    from .shell import WorksheetEditor

    return WorksheetEditor("kiss", KissBody, name=name, folder=folder, delay=delay)
