"""Ansoff worksheet: growth options in four directions, with a size, a risk and a focus.

The trainee lists options in each quadrant of the Ansoff matrix -- 市场渗透 (existing
products, existing markets), 市场开发 (existing products, new markets), 产品开发 (new
products, existing markets), 多元化 (new products, new markets) -- each with an optional
yearly revenue estimate (万元), a risk score (1–5) and whether it is chosen.

Rules (stated in the widget): at most **3** options chosen in all (focus); a chosen option
needs its risk; a chosen 多元化 option without a size estimate gets a reminder (not an
error): diversification is the riskiest direction, estimate its size first.

>>> ws = AnsoffWorksheet(business="青岚工控（虚构）")
>>> ws.add_option("penetration", "重点客户增加维保服务", size=300, risk=1)
0
>>> ws.set_chosen("penetration", 0, True)
>>> ws.chosen()
[('penetration', AnsoffOption(text='重点客户增加维保服务', size=300.0, risk=1, chosen=True))]
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd

from ..errors import WorksheetError
from .model import MAX_ITEMS, Block, Heading, Paragraph, Table, Worksheet, check_score, check_text
from .swot import wrap_text

QUADRANTS: tuple[str, ...] = ("penetration", "market_dev", "product_dev", "diversification")
QUADRANT_NAMES: dict[str, str] = {"penetration": "市场渗透", "market_dev": "市场开发", "product_dev": "产品开发",
                                  "diversification": "多元化"}
QUADRANT_HINTS: dict[str, str] = {"penetration": "现有产品 × 现有市场：卖更多给现有客户",
                                  "market_dev": "现有产品 × 新市场：新区域、新行业、新客户群",
                                  "product_dev": "新产品 × 现有市场：给现有客户新产品或服务",
                                  "diversification": "新产品 × 新市场：风险最高"}
QUADRANT_SHADES: dict[str, str] = {"penetration": "#e8f1fa", "market_dev": "#c6dbef", "product_dev": "#c6dbef",
                                   "diversification": "#9ecae1"}
#: Widget borders: the darker, the riskier.
BORDERS: dict[str, str] = {"penetration": "#90caf9", "market_dev": "#42a5f5", "product_dev": "#42a5f5",
                           "diversification": "#1565c0"}
MAX_CHOSEN = 3
TEXT_MAX = 200
RULE_TEXT = (f"规则：全部选项中最多选中 {MAX_CHOSEN} 个（聚焦）；选中的选项要打风险分（1 = 很低，5 = 很高）；"
             "选中多元化却没有估算规模时会提醒：多元化风险最高，请先估算规模。")


def _check_quadrant(q: str) -> str:
    if q not in QUADRANTS:
        raise WorksheetError(f"没有这个方向：{q!r}（应为 {'、'.join(QUADRANTS)} 之一）",
                             f"no quadrant {q!r} (expected one of {', '.join(QUADRANTS)})")
    return q


def _check_size(value: Any, what: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise WorksheetError(f"{what}应当是数字（万元）", f"{what} must be a number")
    try:
        number = float(str(value).replace(",", "").replace("，", "").replace("万元", "").replace("万", "").strip())
    except ValueError:
        raise WorksheetError(f"{what}应当是数字（万元），实际是 {value!r}", f"{what} must be a number, got {value!r}",
                             fix_zh="只写数字，例如 300", fix_en="write a number such as 300") from None
    if math.isnan(number) or number < 0 or math.isinf(number):
        raise WorksheetError(f"{what}应当是不小于 0 的数字，实际是 {value!r}", f"{what} must be >= 0, got {value!r}")
    return number


@dataclass
class AnsoffOption:
    """One growth option: the idea, its yearly revenue estimate (万元, optional), risk 1–5, chosen."""

    text: str = ""
    size: float | None = None
    risk: int | None = None
    chosen: bool = False


@dataclass
class AnsoffWorksheet(Worksheet):
    """Growth options in the four Ansoff directions.

    Args:
        business: the business the options are for.
        options: quadrant (:data:`QUADRANTS`) -> list of :class:`AnsoffOption`.
        conclusion: one sentence: which direction, and why (≤ 200 characters).
    """

    kind: ClassVar[str] = "ansoff"
    label: ClassVar[str] = "安索夫矩阵：增长方向"
    schema_version: ClassVar[int] = 1

    business: str = ""
    options: dict[str, list[AnsoffOption]] = field(default_factory=lambda: {q: [] for q in QUADRANTS})
    conclusion: str = ""

    # -- operations ---------------------------------------------------------------------
    def _option(self, q: str, index: int) -> AnsoffOption:
        items = self.options[_check_quadrant(q)]
        if not isinstance(index, int) or not 0 <= index < len(items):
            raise WorksheetError(f"{QUADRANT_NAMES[q]}里没有第 {index} 个选项", f"{q} has no option {index}")
        return items[index]

    def add_option(self, q: str, text: str, size: Any = None, risk: int | None = None) -> int:
        """Add an option to a quadrant.

        Returns:
            The new option's index.

        >>> AnsoffWorksheet().add_option("diversification", "  ")
        Traceback (most recent call last):
        ...
        helpers.errors.WorksheetError: 请先输入选项内容
        [EN] type the option first
        """
        items = self.options[_check_quadrant(q)]
        text = check_text(text, "选项", "option", TEXT_MAX).strip()
        if not text:
            raise WorksheetError("请先输入选项内容", "type the option first")
        if len(items) >= MAX_ITEMS:
            raise WorksheetError(f"每个方向最多 {MAX_ITEMS} 个选项", f"at most {MAX_ITEMS} options per quadrant")
        items.append(AnsoffOption(text, _check_size(size, "规模"), check_score(risk, "风险", "risk")))
        return len(items) - 1

    def edit_option(self, q: str, index: int, text: str | None = None, size: Any = "keep",
                    risk: int | None | str = "keep") -> None:
        """Change an option's text, size or risk (``None`` clears size or risk).

        >>> ws = AnsoffWorksheet(); _ = ws.add_option("market_dev", "进入西南")
        >>> ws.edit_option("market_dev", 0, size="1,200", risk=3); ws.options["market_dev"][0].size
        1200.0
        """
        option = self._option(q, index)
        if text is not None:
            option.text = check_text(text, "选项", "option", TEXT_MAX)
        if size != "keep":
            option.size = _check_size(size, "规模")
        if risk != "keep":
            new_risk = check_score(risk, "风险", "risk")
            if option.chosen and new_risk is None:
                raise WorksheetError("选中的选项必须有风险分", "a chosen option needs a risk score")
            option.risk = new_risk

    def set_chosen(self, q: str, index: int, chosen: bool) -> None:
        """Choose or unchoose an option (at most 3 chosen; a chosen option needs a risk score).

        >>> ws = AnsoffWorksheet(); _ = ws.add_option("product_dev", "远程运维订阅")
        >>> ws.set_chosen("product_dev", 0, True)
        Traceback (most recent call last):
        ...
        helpers.errors.WorksheetError: 先给这个选项打风险分（1–5），再选中它
        [EN] give the option a risk score (1-5) before choosing it
        """
        option = self._option(q, index)
        if chosen and not option.chosen:
            if option.risk is None:
                raise WorksheetError("先给这个选项打风险分（1–5），再选中它",
                                     "give the option a risk score (1-5) before choosing it")
            if len(self.chosen()) >= MAX_CHOSEN:
                raise WorksheetError(f"最多选中 {MAX_CHOSEN} 个：先取消一个，再选这个（聚焦才能做成）",
                                     f"at most {MAX_CHOSEN} options can be chosen")
        option.chosen = bool(chosen)

    def remove_option(self, q: str, index: int) -> AnsoffOption:
        """Delete an option and return it.

        >>> ws = AnsoffWorksheet(); _ = ws.add_option("penetration", "老客户复购")
        >>> ws.remove_option("penetration", 0).text
        '老客户复购'
        """
        self._option(q, index)
        return self.options[q].pop(index)

    def chosen(self) -> list[tuple[str, AnsoffOption]]:
        """The chosen options with their quadrant, in quadrant order.

        >>> AnsoffWorksheet().chosen()
        []
        """
        return [(q, o) for q in QUADRANTS for o in self.options[q] if o.chosen]

    def warnings(self) -> list[str]:
        """Reminders that are not errors (a chosen 多元化 option without a size estimate).

        >>> ws = AnsoffWorksheet(); _ = ws.add_option("diversification", "做储能", risk=5)
        >>> ws.set_chosen("diversification", 0, True); ws.warnings()
        ['多元化风险最高，请估算规模：做储能']
        """
        return [f"多元化风险最高，请估算规模：{o.text}" for q, o in self.chosen()
                if q == "diversification" and o.size is None]

    def action_candidates(self) -> list[str]:
        """The chosen options, for 我的行动计划 (lecture 6).

        Returns:
            One text per chosen option.

        >>> AnsoffWorksheet().action_candidates()
        []
        """
        return [f"安索夫·{QUADRANT_NAMES[q]}：{o.text}" for q, o in self.chosen()]

    def is_empty(self) -> bool:
        """Whether nothing has been written yet.

        >>> AnsoffWorksheet().is_empty()
        True
        """
        return not (self.title or self.owner or self.business or self.conclusion or any(self.options.values()))

    # -- storage ------------------------------------------------------------------------
    def content_to_dict(self) -> dict[str, Any]:
        """The content as JSON data."""
        return {"business": self.business, "conclusion": self.conclusion,
                "options": {q: [{"text": o.text, "size": o.size, "risk": o.risk, "chosen": o.chosen}
                                for o in self.options[q]] for q in QUADRANTS}}

    @classmethod
    def content_from_dict(cls, content: dict[str, Any]) -> dict[str, Any]:
        """Constructor arguments from the JSON content object (missing parts are empty)."""
        raw = content.get("options", {})
        if not isinstance(raw, dict) or set(raw) - set(QUADRANTS):
            raise WorksheetError("安索夫选项格式不对（应为四个方向）",
                                 "the options are malformed (expected four quadrants)")
        options: dict[str, list[AnsoffOption]] = {}
        for q in QUADRANTS:
            entries = raw.get(q, [])
            if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
                raise WorksheetError(f"{QUADRANT_NAMES[q]}的选项格式不对", f"{q} options are malformed")
            options[q] = [AnsoffOption(e.get("text", ""), _check_size(e.get("size"), f"{QUADRANT_NAMES[q]}选项的规模"),
                                       e.get("risk"), e.get("chosen", False)) for e in entries]
        return {"business": content.get("business", ""), "conclusion": content.get("conclusion", ""),
                "options": options}

    def validate_content(self) -> None:
        """Check texts, sizes (≥ 0), risks (1–5), at most 3 chosen, each chosen with a risk."""
        check_text(self.business, "业务名称", "business", TEXT_MAX)
        check_text(self.conclusion, "一句话结论", "conclusion", TEXT_MAX)
        if not isinstance(self.options, dict) or set(self.options) != set(QUADRANTS):
            raise WorksheetError("安索夫矩阵必须正好有四个方向", "exactly the four quadrants are needed")
        for q in QUADRANTS:
            if len(self.options[q]) > MAX_ITEMS:
                raise WorksheetError(f"{QUADRANT_NAMES[q]}超过 {MAX_ITEMS} 个选项", f"{q}: more than {MAX_ITEMS}")
            for n, o in enumerate(self.options[q], 1):
                what = f"{QUADRANT_NAMES[q]}第 {n} 个选项"
                if not isinstance(o, AnsoffOption) or not isinstance(o.chosen, bool):
                    raise WorksheetError(f"{what}格式不对", f"{q} option {n} is malformed")
                check_text(o.text, what, f"{q} option {n}", TEXT_MAX)
                if o.size is not None and _check_size(o.size, f"{what}的规模") != o.size:
                    raise WorksheetError(f"{what}的规模格式不对", f"{q} option {n}: bad size")
                check_score(o.risk, f"{what}的风险", f"{q} option {n} risk")
                if o.chosen and o.risk is None:
                    raise WorksheetError(f"{what}已选中，但没有风险分", f"{q} option {n} is chosen without a risk")
        if len(self.chosen()) > MAX_CHOSEN:
            raise WorksheetError(f"最多选中 {MAX_CHOSEN} 个选项，现在选中了 {len(self.chosen())} 个",
                                 f"at most {MAX_CHOSEN} options can be chosen")

    # -- exports --------------------------------------------------------------------------
    def blocks(self) -> list[Block]:
        """The worksheet as headings, tables and paragraphs (for Markdown / HTML).

        >>> AnsoffWorksheet(business="工控").blocks()[0]
        Paragraph(text='业务：工控')
        """
        out = self.meta_blocks(("业务", self.business))
        for q in QUADRANTS:
            out.append(Heading(f"{QUADRANT_NAMES[q]}（{QUADRANT_HINTS[q]}）"))
            items = self.options[q]
            out.append(Table(("序号", "选项", "规模（万元）", "风险（1–5）", "选中"),
                             tuple((n, o.text, o.size, o.risk, "是" if o.chosen else "否")
                                   for n, o in enumerate(items, 1))) if items else Paragraph("（暂无）"))
        out.append(Heading("一句话结论"))
        out.append(Paragraph(self.conclusion or "（未填写）"))
        out.append(Paragraph(RULE_TEXT))
        out += [Paragraph(f"提醒：{w}") for w in self.warnings()]
        return out

    def rows(self) -> list[tuple[Any, ...]]:
        """One row per option for Excel / CSV (部分 = direction, 内容 = option, 评分 = risk).

        >>> ws = AnsoffWorksheet(); _ = ws.add_option("market_dev", "进入西南", size=500, risk=3)
        >>> ws.rows()[4]
        ('市场开发', 1, '进入西南（规模约 500 万元）', 3)
        """
        out = self.meta_rows() + [("业务", None, self.business, None)]
        for q in QUADRANTS:
            for n, o in enumerate(self.options[q], 1):
                size = f"（规模约 {o.size:g} 万元）" if o.size is not None else ""
                text = o.text + size + ("★选中" if o.chosen else "")
                out.append((QUADRANT_NAMES[q], n, text, o.risk))
        out.append(("一句话结论", None, self.conclusion, None))
        return out

    def figure(self) -> Any:
        """The 2 × 2 matrix with the options; chosen ones bold with ★ 选中."""
        return ansoff_figure(self)

    @classmethod
    def class_summary(cls, sheets: list[Worksheet]) -> list[tuple[str, Any]]:
        """Per direction: options listed, options chosen, mean risk of the chosen; and the top options.

        >>> a = AnsoffWorksheet(); _ = a.add_option("penetration", "老客户加维保", risk=2)
        >>> a.set_chosen("penetration", 0, True)
        >>> table = AnsoffWorksheet.class_summary([a])[0][1]
        >>> table.set_index("方向").loc["市场渗透", ["选项数", "选中数"]].astype(int).tolist()
        [1, 1]
        """
        from .classview import normalize_item

        mine = [s for s in sheets if isinstance(s, AnsoffWorksheet)]
        rows, top = [], []
        for q in QUADRANTS:
            opts = [o for s in mine for o in s.options[q]]
            risks = [o.risk for o in opts if o.chosen and o.risk is not None]
            rows.append({"方向": QUADRANT_NAMES[q], "选项数": len(opts), "选中数": sum(o.chosen for o in opts),
                         "写了的人数": sum(1 for s in mine if s.options[q]),
                         "选中的平均风险": round(sum(risks) / len(risks), 2) if risks else float("nan")})
            people: Counter[str] = Counter()
            wording: dict[str, Counter[str]] = {}
            for s in mine:
                keys = set()
                for o in s.options[q]:
                    key = normalize_item(o.text)
                    if key:
                        wording.setdefault(key, Counter())[" ".join(o.text.split())] += 1
                        keys.add(key)
                people.update(keys)
            ranked = sorted(people.items(), key=lambda kv: (-kv[1], wording[kv[0]].most_common(1)[0][0]))[:5]
            top += [{"方向": QUADRANT_NAMES[q], "排名": r, "选项": wording[k].most_common(1)[0][0], "人数": n}
                    for r, (k, n) in enumerate(ranked, 1)]
        table = pd.DataFrame(rows)
        return [("每个方向的选项数、选中数和选中选项的平均风险", table),
                ("选项与选中（图）", lambda: _class_chart(table)),
                ("每个方向最常见的选项（人数 = 写了它的学员数）",
                 pd.DataFrame(top, columns=["方向", "排名", "选项", "人数"]))]


# ---------------------------------------------------------------------------------------
# Pictures
# ---------------------------------------------------------------------------------------

def _class_chart(table: pd.DataFrame) -> Any:
    from matplotlib.figure import Figure

    from ..charts.base import chart_style

    with chart_style():
        fig = Figure(figsize=(7, 3.4), dpi=100)
        ax = fig.add_subplot()
        names = table["方向"][::-1]
        chosen = table["选中数"][::-1].to_numpy()
        other = (table["选项数"] - table["选中数"])[::-1].to_numpy()
        ax.barh(names, chosen, color="#1565c0", label="选中")
        ax.barh(names, other, left=chosen, color="#90caf9", label="未选中")
        ax.set_xlabel("选项数（全班）")
        ax.set_title("全班的增长选项：各方向写了多少、选中多少")
        ax.legend(fontsize=9)
        fig.tight_layout()
        return fig


def ansoff_figure(ws: AnsoffWorksheet, max_items: int = 6) -> Any:
    """Draw the worksheet as a 2 × 2 grid shaded from light (渗透) to dark (多元化).

    Args:
        ws: the worksheet.
        max_items: options drawn per quadrant (the rest are counted).

    Returns:
        A :class:`matplotlib.figure.Figure` (not attached to pyplot).

    >>> len(ansoff_figure(AnsoffWorksheet()).axes)
    1
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    from ..charts.base import chart_style

    cells = {"penetration": (0, 1), "market_dev": (1, 1), "product_dev": (0, 0), "diversification": (1, 0)}
    risk_colours = {1: "#2e7d32", 2: "#9ccc65", 3: "#fdd835", 4: "#fb8c00", 5: "#c62828"}
    with chart_style():
        fig = Figure(figsize=(10, 7.5), dpi=100)
        ax = fig.add_axes([0.08, 0.03, 0.9, 0.84])
        title = ws.display_title if ws.display_title != ws.label else "安索夫矩阵：增长方向"
        if ws.business:
            title += f"：{ws.business}"
        fig.suptitle(" ".join(wrap_text(title, 60, 1)), fontsize=15, fontweight="bold", parse_math=False)
        for q, (x, y) in cells.items():
            ax.add_patch(Rectangle((x, y), 1, 1, facecolor=QUADRANT_SHADES[q], edgecolor="white", lw=3))
            ax.text(x + 0.04, y + 0.94, QUADRANT_NAMES[q], fontsize=14, fontweight="bold", va="top", color="#0b3c68")
            ax.text(x + 0.96, y + 0.94, QUADRANT_HINTS[q].split("：")[0], fontsize=8.5, va="top", ha="right",
                    color="#455a64")
            items = ws.options[q]
            for n, o in enumerate(items[:max_items]):
                yy = y + 0.8 - n * 0.11
                if o.risk:
                    ax.plot([x + 0.06], [yy - 0.012], "o", color=risk_colours[o.risk], ms=7)
                size = f"（约 {o.size:g} 万元）" if o.size is not None else ""
                star = "★ " if o.chosen else ""
                text = star + wrap_text(o.text, 30, 1)[0] + size + ("  选中" if o.chosen else "")
                if o.chosen and q == "diversification" and o.size is None:
                    text += "（请估算规模）"
                ax.text(x + 0.1, yy, text, fontsize=9.5, va="center", fontweight="bold" if o.chosen else "normal",
                        color="#000000" if o.chosen else "#333333", parse_math=False)
            if len(items) > max_items:
                ax.text(x + 0.1, y + 0.8 - max_items * 0.11, f"……另有 {len(items) - max_items} 个", fontsize=9)
            if not items:
                ax.text(x + 0.5, y + 0.5, "（暂无）", ha="center", fontsize=10, color="#777777")
        ax.set_xlim(0, 2)
        ax.set_ylim(0, 2)
        ax.set_xticks([0.5, 1.5], ["现有市场", "新市场"])
        ax.set_yticks([1.5, 0.5], ["现有产品", "新产品"])
        ax.xaxis.set_ticks_position("top")
        ax.tick_params(length=0)
        for side in ax.spines.values():
            side.set_visible(False)
        legend = "圆点 = 风险（绿 1 低 … 红 5 高）；★ = 选中（最多 3 个）"
        fig.text(0.5, 0.005, legend + ("　" + wrap_text(ws.conclusion, 60, 1)[0] if ws.conclusion else ""),
                 ha="center", fontsize=9, color="#444444", parse_math=False)
        return fig


# ---------------------------------------------------------------------------------------
# Widget
# ---------------------------------------------------------------------------------------

RISK_OPTIONS: list[tuple[str, int]] = [("风险 —", 0)] + [(f"风险 {n}", n) for n in range(1, 6)]


class AnsoffBody:
    """The Ansoff widgets inside :class:`helpers.worksheets.shell.WorksheetEditor`.

    Business (``ws-ansoff-business``); per quadrant a box ``ws-ansoff-quadrant ws-ansoff-Q``
    with option rows (``ws-ansoff-option``: ``ws-ansoff-size``, ``ws-ansoff-risk``,
    ``ws-ansoff-chosen``, ``ws-ansoff-delete``) and ``ws-ansoff-new-text`` +
    ``ws-ansoff-new-risk`` + ``ws-add-button`` (Enter adds too); the conclusion
    (``ws-ansoff-conclusion``) and the reminders (``ws-ansoff-notes``).
    """

    def __init__(self, editor: Any) -> None:
        import ipywidgets as w

        from ..widgets.common import styled

        self.w, self.editor, self.styled = w, editor, styled
        self.business = styled(w.Text(description="业务", placeholder="哪项业务的增长？如：华东区工控配件",
                                      layout=w.Layout(width="60%")), "ws-ansoff-business")
        self.business.observe(lambda ch: editor.apply(lambda: setattr(
            editor.worksheet, "business", check_text(ch["new"], "业务名称", "business", TEXT_MAX))), names="value")
        self.rows, self.new_text, self.new_risk = {}, {}, {}
        boxes = []
        for q in QUADRANTS:
            self.rows[q] = styled(w.VBox(), "ws-ansoff-options")
            self.new_text[q] = styled(w.Text(placeholder="新选项，输入后按回车或点“添加”",
                                             layout=w.Layout(width="58%")), "ws-ansoff-new-text")
            with warnings.catch_warnings():  # on_submit is the one event that means "Enter"
                warnings.simplefilter("ignore", DeprecationWarning)
                self.new_text[q].on_submit(lambda _, q=q: self.add(q))
            self.new_risk[q] = styled(w.Dropdown(options=RISK_OPTIONS, value=0, layout=w.Layout(width="95px")),
                                      "ws-ansoff-new-risk")
            add = styled(w.Button(description="添加", icon="plus", layout=w.Layout(width="80px")), "ws-add-button")
            add.on_click(lambda _, q=q: self.add(q))
            header = w.HTML(f"<b style='font-size:1.1em'>{QUADRANT_NAMES[q]}</b><br><small>{QUADRANT_HINTS[q]}</small>")
            boxes.append(styled(w.VBox([header, self.rows[q], w.HBox([self.new_text[q], self.new_risk[q], add])],
                                       layout=w.Layout(border=f"2px solid {BORDERS[q]}", padding="6px")),
                                "ws-ansoff-quadrant", f"ws-ansoff-{q}"))
        self.notes = styled(w.HTML(), "ws-ansoff-notes")
        self.conclusion = styled(w.Textarea(placeholder="一句话结论：选哪个方向、为什么？", layout=w.Layout(width="98%",
                                                                                               height="60px")),
                                 "ws-ansoff-conclusion")
        self.conclusion.observe(lambda ch: editor.apply(lambda: setattr(
            editor.worksheet, "conclusion", check_text(ch["new"], "一句话结论", "conclusion", TEXT_MAX))),
            names="value")
        self.widget = w.VBox([
            w.HTML("<h3>第一步：四个方向各写几个增长选项</h3>每个选项可以填预计年收入（万元）和风险（1–5）。"),
            self.business,
            w.GridBox(boxes, layout=w.Layout(grid_template_columns="1fr 1fr", grid_gap="8px", width="98%")),
            w.HTML(f"<h3>第二步：选中最多 {MAX_CHOSEN} 个，写一句话结论</h3><small>{RULE_TEXT}</small>"),
            self.notes, self.conclusion])

    def refresh(self) -> None:
        """Show ``editor.worksheet`` again (after opening a file)."""
        ws = self.editor.worksheet
        self.business.value, self.conclusion.value = ws.business, ws.conclusion
        for q in QUADRANTS:
            self.rebuild(q)

    def show_notes(self) -> None:
        """Show the chosen count and the reminders."""
        from ..widgets.common import html_text

        ws = self.editor.worksheet
        lines = [f"已选中 {len(ws.chosen())} / {MAX_CHOSEN} 个"] + [f"提醒：{n}" for n in ws.warnings()]
        self.notes.value = "".join(f"<div style='color:{'#ef6c00' if i else '#1565c0'}'>{html_text(t)}</div>"
                                   for i, t in enumerate(lines))

    def rebuild(self, q: str) -> None:
        """Recreate the option rows of quadrant ``q``."""
        w, styled, editor = self.w, self.styled, self.editor
        rows = []
        for i, o in enumerate(editor.worksheet.options[q]):
            text = styled(w.Text(value=o.text, layout=w.Layout(width="44%")), "ws-ansoff-text")
            text.observe(lambda ch, i=i: editor.apply(lambda: editor.worksheet.edit_option(q, i, text=ch["new"])),
                         names="value")
            size = styled(w.Text(value="" if o.size is None else f"{o.size:g}", placeholder="万元",
                                 layout=w.Layout(width="70px")), "ws-ansoff-size")
            size.observe(lambda ch, i=i: editor.apply(lambda: editor.worksheet.edit_option(q, i, size=ch["new"]),
                                                      then=self.show_notes), names="value")
            risk = styled(w.Dropdown(options=RISK_OPTIONS, value=o.risk or 0, layout=w.Layout(width="90px")),
                          "ws-ansoff-risk")
            risk.observe(lambda ch, i=i: editor.apply(
                lambda: editor.worksheet.edit_option(q, i, risk=ch["new"] or None)), names="value")
            chosen = styled(w.Checkbox(value=o.chosen, description="选中", indent=False, layout=w.Layout(width="64px")),
                            "ws-ansoff-chosen")
            chosen.observe(lambda ch, i=i, box=chosen: self.choose(q, i, ch["new"], box), names="value")
            delete = styled(w.Button(description="✕", tooltip="删除", layout=w.Layout(width="36px")),
                            "ws-ansoff-delete")
            delete.on_click(lambda _, i=i: editor.apply(lambda: editor.worksheet.remove_option(q, i),
                                                        then=lambda: self.rebuild(q)))
            rows.append(styled(w.HBox([text, size, risk, chosen, delete]), "ws-ansoff-option"))
        old, self.rows[q].children = self.rows[q].children, rows
        for row in old:
            for child in row.children:
                child.close()
            row.close()
        self.show_notes()

    def choose(self, q: str, i: int, value: bool, box: Any) -> None:
        """Tick or untick an option; a refused tick is undone in the widget."""
        ok = self.editor.apply(lambda: self.editor.worksheet.set_chosen(q, i, value), then=self.show_notes)
        if not ok and box.value != self.editor.worksheet.options[q][i].chosen:
            box.value = self.editor.worksheet.options[q][i].chosen

    def add(self, q: str) -> None:
        """Add the typed option to quadrant ``q`` (the 添加 button or Enter)."""
        text, risk = self.new_text[q].value, self.new_risk[q].value or None
        if self.editor.apply(lambda: self.editor.worksheet.add_option(q, text, risk=risk),
                             then=lambda: self.rebuild(q)):
            self.editor.message.value = ""
            self.new_text[q].value = ""
            self.new_risk[q].value = 0


def ansoff_worksheet(name: str | None = None, folder: Any = None, delay: float = 1.0) -> Any:
    """Show the Ansoff worksheet: growth options in four directions, choose at most three.

    Every change is saved automatically one second after the last keystroke; the file is
    ``ansoff.json`` in the work folder (``ansoff-NAME.json`` for a named worksheet).

    Args:
        name: the worksheet's name (``None``: the default one).
        folder: the folder (default: :func:`helpers.paths.work_dir`).
        delay: seconds of quiet before autosave.

    Returns:
        The editor; it displays itself as the widget.

    >>> import tempfile
    >>> ansoff_worksheet(folder=tempfile.mkdtemp()).path.name
    'ansoff.json'
    """
    from .shell import WorksheetEditor

    return WorksheetEditor("ansoff", AnsoffBody, name=name, folder=folder, delay=delay)
