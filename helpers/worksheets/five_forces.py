"""Five-forces worksheet (波特五力): how strongly each force presses on the industry.

For each of the five forces the trainee gives a 1–5 intensity score (1 = 很弱, 5 = 很强),
the evidence behind it and the response. The worksheet then reads the industry's
attractiveness with one stated rule (:func:`attractiveness`):

* the stronger the forces, the less profit is left in the industry, so the reading uses
  the **mean intensity** of the five forces: mean ≤ 2.5 → 吸引力高; ≤ 3.5 → 吸引力中等;
  above 3.5 → 吸引力低;
* the reading needs all five scores; until then it says how many are missing;
* any force scored 5 is flagged on its own, whatever the mean: it needs a response first.

>>> ws = FiveForcesWorksheet(industry="工业自动化配件（虚构）")
>>> for force, score in zip(FORCES, (4, 2, 3, 5, 2)):
...     ws.set_score(force, score)
>>> reading = ws.reading()
>>> reading.level, reading.mean, reading.flagged
('中等', 3.2, ('buyers',))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..errors import WorksheetError
from .model import Block, Heading, Paragraph, Table, Worksheet, check_score, check_text

FORCES: tuple[str, ...] = ("rivalry", "new_entrants", "suppliers", "buyers", "substitutes")
FORCE_NAMES: dict[str, str] = {
    "rivalry": "同业竞争",
    "new_entrants": "潜在进入者威胁",
    "suppliers": "供应商议价能力",
    "buyers": "购买者议价能力",
    "substitutes": "替代品威胁",
}
FORCE_ENGLISH: dict[str, str] = {
    "rivalry": "rivalry among competitors",
    "new_entrants": "threat of new entrants",
    "suppliers": "bargaining power of suppliers",
    "buyers": "bargaining power of buyers",
    "substitutes": "threat of substitutes",
}
FORCE_QUESTIONS: dict[str, str] = {
    "rivalry": "对手多不多、实力是否接近？价格战、促销战频繁吗？市场还在增长吗？",
    "new_entrants": "新公司进入这个行业难不难？需要多少资金、资质、渠道、客户关系？",
    "suppliers": "关键原料或部件是否只有少数几家能供？换供应商的代价大吗？",
    "buyers": "客户是否集中、采购量大、容易比价或自己生产？换掉我们的代价小吗？",
    "substitutes": "有没有别的产品或做法能满足同样的需要？它们的性价比在变好吗？",
}
SCORE_LABELS: dict[int, str] = {1: "很弱", 2: "较弱", 3: "中等", 4: "较强", 5: "很强"}

#: The attractiveness rule: upper bounds of the mean intensity for each reading.
HIGH_MAX = 2.5
MEDIUM_MAX = 3.5
RULE_TEXT = (f"判断规则：五种力量的平均强度 ≤ {HIGH_MAX} → 行业吸引力高；≤ {MEDIUM_MAX} → 中等；"
             f"高于 {MEDIUM_MAX} → 低（力量越强，留给企业的利润越少）。五项都打分后才给出判断；"
             "任何一项打到 5 分都会单独提醒，需要优先应对。")


@dataclass(frozen=True)
class Reading:
    """The attractiveness reading of a five-forces assessment.

    Attributes:
        level: "高", "中等", "低", or "" while scores are missing.
        mean: mean intensity of the scored forces (``None`` if none is scored).
        flagged: forces scored 5.
        missing: forces not scored yet.
    """

    level: str
    mean: float | None
    flagged: tuple[str, ...]
    missing: tuple[str, ...]

    def text(self) -> str:
        """One Chinese sentence stating the reading.

        >>> attractiveness({f: 2 for f in FORCES}).text()
        '平均强度 2.0 → 行业吸引力高。'
        """
        if self.missing:
            names = "、".join(FORCE_NAMES[f] for f in self.missing)
            line = f"还有 {len(self.missing)} 项没有打分（{names}），打完分后给出判断。"
        else:
            line = f"平均强度 {self.mean:.1f} → 行业吸引力{self.level}。"
        if self.flagged:
            line += "注意：" + "、".join(FORCE_NAMES[f] for f in self.flagged) + " 强度为 5（很强），需要优先制定应对。"
        return line


def attractiveness(scores: Mapping[str, int | None]) -> Reading:
    """Read the industry's attractiveness from the five intensity scores (rule: :data:`RULE_TEXT`).

    Args:
        scores: force -> 1–5, or ``None`` when not scored.

    Returns:
        A :class:`Reading`.

    >>> attractiveness(dict(zip(FORCES, (3, 3, 4, 4, 4)))).level   # mean 3.6
    '低'
    >>> attractiveness(dict(zip(FORCES, (3, 3, 3, 4, 4)))).level   # mean 3.4
    '中等'
    >>> r = attractiveness({"rivalry": 5})
    >>> r.level, r.mean, r.flagged, len(r.missing)
    ('', 5.0, ('rivalry',), 4)
    """
    for f in FORCES:
        check_score(scores.get(f), FORCE_NAMES[f], FORCE_ENGLISH[f])
    given = {f: scores[f] for f in FORCES if scores.get(f) is not None}
    missing = tuple(f for f in FORCES if f not in given)
    mean = round(sum(given.values()) / len(given), 2) if given else None
    level = ""
    if not missing and mean is not None:
        level = "高" if mean <= HIGH_MAX else "中等" if mean <= MEDIUM_MAX else "低"
    flagged = tuple(f for f in FORCES if given.get(f) == 5)
    return Reading(level, mean, flagged, missing)


@dataclass
class ForceEntry:
    """The trainee's assessment of one force: score 1–5 (or ``None``), evidence, response."""

    score: int | None = None
    evidence: str = ""
    response: str = ""


@dataclass
class FiveForcesWorksheet(Worksheet):
    """A five-forces assessment of one industry.

    Args:
        industry: the industry (or market) assessed.
        forces: force key (:data:`FORCES`) -> :class:`ForceEntry`.
        conclusion: the trainee's overall conclusion.
    """

    kind: ClassVar[str] = "five_forces"
    label: ClassVar[str] = "波特五力分析"
    schema_version: ClassVar[int] = 1

    industry: str = ""
    forces: dict[str, ForceEntry] = field(default_factory=lambda: {f: ForceEntry() for f in FORCES})
    conclusion: str = ""

    # -- operations ---------------------------------------------------------------------
    def _entry(self, force: str) -> ForceEntry:
        if force not in FORCES:
            raise WorksheetError(f"没有这种力量：{force!r}（应为 {'、'.join(FORCES)} 之一）",
                                 f"no force {force!r} (expected one of {', '.join(FORCES)})")
        return self.forces[force]

    def set_score(self, force: str, score: int | None) -> None:
        """Set a force's intensity (1–5, or ``None`` to clear).

        >>> ws = FiveForcesWorksheet(); ws.set_score("buyers", 4); ws.forces["buyers"].score
        4
        >>> ws.set_score("buyers", 0)
        Traceback (most recent call last):
        ...
        helpers.errors.WorksheetError: 购买者议价能力应当是 1 到 5 的整数（或不填），实际是 0
        [EN] bargaining power of buyers should be a whole number from 1 to 5 (or empty), got 0
        """
        self._entry(force).score = check_score(score, FORCE_NAMES[force], FORCE_ENGLISH[force])

    def set_evidence(self, force: str, text: str) -> None:
        """Set the evidence behind a force's score.

        >>> ws = FiveForcesWorksheet(); ws.set_evidence("rivalry", "三家对手都在降价"); ws.forces["rivalry"].evidence
        '三家对手都在降价'
        """
        self._entry(force).evidence = check_text(text, f"{FORCE_NAMES[force]}的依据", f"{force} evidence")

    def set_response(self, force: str, text: str) -> None:
        """Set the response to a force.

        >>> ws = FiveForcesWorksheet(); ws.set_response("substitutes", "捆绑服务"); ws.forces["substitutes"].response
        '捆绑服务'
        """
        self._entry(force).response = check_text(text, f"{FORCE_NAMES[force]}的应对", f"{force} response")

    def scores(self) -> dict[str, int | None]:
        """Force -> score.

        >>> FiveForcesWorksheet().scores()["rivalry"] is None
        True
        """
        return {f: self.forces[f].score for f in FORCES}

    def reading(self) -> Reading:
        """The attractiveness reading (see :func:`attractiveness`)."""
        return attractiveness(self.scores())

    def is_empty(self) -> bool:
        """Whether nothing has been written yet.

        >>> FiveForcesWorksheet().is_empty()
        True
        """
        return not (self.title or self.owner or self.industry or self.conclusion
                    or any(e.score is not None or e.evidence or e.response for e in self.forces.values()))

    # -- storage ------------------------------------------------------------------------
    def content_to_dict(self) -> dict[str, Any]:
        """The content as JSON data."""
        return {"industry": self.industry,
                "forces": {f: {"score": e.score, "evidence": e.evidence, "response": e.response}
                           for f, e in ((f, self.forces[f]) for f in FORCES)},
                "conclusion": self.conclusion}

    @classmethod
    def content_from_dict(cls, content: dict[str, Any]) -> dict[str, Any]:
        """Constructor arguments from the JSON content object (missing parts are empty)."""
        raw = content.get("forces", {})
        if not isinstance(raw, dict) or set(raw) - set(FORCES):
            raise WorksheetError("五力部分格式不对（应为五种力量各一项）",
                                 "the forces are malformed (expected one entry per force)")
        forces = {}
        for f in FORCES:
            entry = raw.get(f, {})
            if not isinstance(entry, dict):
                raise WorksheetError(f"{FORCE_NAMES[f]}的内容格式不对", f"{FORCE_ENGLISH[f]} is malformed")
            forces[f] = ForceEntry(entry.get("score"), entry.get("evidence", ""), entry.get("response", ""))
        return {"industry": content.get("industry", ""), "forces": forces,
                "conclusion": content.get("conclusion", "")}

    def validate_content(self) -> None:
        """Check the industry, each force's score (1–5 or empty), evidence and response."""
        check_text(self.industry, "行业", "industry")
        check_text(self.conclusion, "结论", "conclusion")
        if not isinstance(self.forces, dict) or set(self.forces) != set(FORCES):
            raise WorksheetError("五力必须正好包含五种力量", "exactly the five forces are needed")
        for f in FORCES:
            e = self.forces[f]
            if not isinstance(e, ForceEntry):
                raise WorksheetError(f"{FORCE_NAMES[f]}的内容格式不对", f"{FORCE_ENGLISH[f]} is malformed")
            check_score(e.score, f"{FORCE_NAMES[f]}的强度", f"{FORCE_ENGLISH[f]} score")
            check_text(e.evidence, f"{FORCE_NAMES[f]}的依据", f"{FORCE_ENGLISH[f]} evidence")
            check_text(e.response, f"{FORCE_NAMES[f]}的应对", f"{FORCE_ENGLISH[f]} response")

    # -- exports --------------------------------------------------------------------------
    def blocks(self) -> list[Block]:
        """The worksheet as headings, a table and paragraphs (for Markdown / HTML).

        >>> FiveForcesWorksheet(industry="配件").blocks()[0]
        Paragraph(text='行业：配件')
        """
        out = self.meta_blocks(("行业", self.industry))
        out.append(Heading("五种力量"))
        out.append(Table(("力量", "强度（1–5）", "依据", "应对"),
                         tuple((FORCE_NAMES[f], self.forces[f].score, self.forces[f].evidence,
                                self.forces[f].response) for f in FORCES)))
        out.append(Heading("行业吸引力"))
        out.append(Paragraph(self.reading().text()))
        out.append(Paragraph(RULE_TEXT))
        out.append(Heading("结论"))
        out.append(Paragraph(self.conclusion if self.conclusion else "（未填写）"))
        return out

    def rows(self) -> list[tuple[Any, ...]]:
        """One row per field for Excel / CSV (columns 部分, 序号, 内容, 评分).

        >>> ws = FiveForcesWorksheet(); ws.set_score("rivalry", 4); ws.set_evidence("rivalry", "价格战")
        >>> ws.rows()[4]
        ('同业竞争·依据', 1, '价格战', 4)
        """
        out = self.meta_rows() + [("行业", None, self.industry, None)]
        for n, f in enumerate(FORCES, 1):
            e = self.forces[f]
            out.append((f"{FORCE_NAMES[f]}·依据", n, e.evidence, e.score))
            out.append((f"{FORCE_NAMES[f]}·应对", n, e.response, None))
        out.append(("结论", None, self.conclusion, None))
        return out

    def figure(self) -> Any:
        """The radar chart of the five intensities (a matplotlib Figure)."""
        return radar_figure(self)


# ---------------------------------------------------------------------------------------
# Picture
# ---------------------------------------------------------------------------------------

def radar_figure(ws: FiveForcesWorksheet) -> Any:
    """Draw the five intensities as a radar (spider) chart, with the reading underneath.

    Unscored forces are drawn at 0 and marked "未评分".

    Args:
        ws: the worksheet.

    Returns:
        A :class:`matplotlib.figure.Figure` (not attached to pyplot).

    >>> radar_figure(FiveForcesWorksheet()).axes[0].name
    'polar'
    """
    import math

    from matplotlib.figure import Figure

    from ..charts.base import chart_style
    from .swot import wrap_text

    with chart_style():  # Chinese font, same look everywhere
        scores = ws.scores()
        angles = [2 * math.pi * i / len(FORCES) for i in range(len(FORCES))]
        values = [scores[f] or 0 for f in FORCES]
        fig = Figure(figsize=(8, 7.2), dpi=100)
        title = ws.display_title if ws.display_title != ws.label else "波特五力分析"
        if ws.industry:
            title += f"：{ws.industry}"
        fig.suptitle(" ".join(wrap_text(title, 60, 1)), fontsize=15, fontweight="bold", parse_math=False)
        ax = fig.add_subplot(projection="polar")
        ax.set_theta_offset(math.pi / 2)  # the first force at the top, the others clockwise
        ax.set_theta_direction(-1)
        ax.plot(angles + angles[:1], values + values[:1], color="#1565c0", linewidth=2)
        ax.fill(angles + angles[:1], values + values[:1], color="#1565c0", alpha=0.2)
        ax.set_ylim(0, 5)
        ax.set_yticks([1, 2, 3, 4, 5])
        ax.set_yticklabels(["1", "2", "3", "4", "5"], fontsize=8, color="#666666")
        ax.set_xticks(angles)
        labels = [f"{FORCE_NAMES[f]}\n{scores[f] if scores[f] else '未评分'}" for f in FORCES]
        ax.set_xticklabels(labels, fontsize=11)
        ax.tick_params(axis="x", pad=12)
        for angle, f in zip(angles, FORCES):
            if scores[f] == 5:
                ax.plot([angle], [5], marker="o", color="#c62828", markersize=10)
        ax.set_title("强度：1 = 很弱，5 = 很强（越靠外，压力越大）", fontsize=10, pad=50, color="#444444")
        reading = ws.reading()
        fig.text(0.5, 0.04, "\n".join(wrap_text(reading.text(), 90, 3)), ha="center", fontsize=11,
                 color="#c62828" if reading.flagged else "#222222", parse_math=False)
        fig.subplots_adjust(top=0.80, bottom=0.17)
        return fig


# ---------------------------------------------------------------------------------------
# Widget
# ---------------------------------------------------------------------------------------

#: Score choices in the widget (0 = not scored).
SCORE_OPTIONS: list[tuple[str, int]] = [("未评分", 0)] + [(f"{n} {SCORE_LABELS[n]}", n) for n in range(1, 6)]


def reading_html(ws: FiveForcesWorksheet) -> str:
    """The attractiveness reading and its rule, as HTML (no user text in it).

    >>> "平均强度" in reading_html(FiveForcesWorksheet(forces={f: ForceEntry(3) for f in FORCES}))
    True
    """
    reading = ws.reading()
    colour = {"高": "#2e7d32", "中等": "#ef6c00", "低": "#c62828"}.get(reading.level, "#555555")
    return (f"<div style='font-size:1.15em;color:{colour}'><b>行业吸引力：{reading.level or '待判断'}</b>　"
            f"{reading.text()}</div><div style='color:#555;font-size:0.9em'>{RULE_TEXT}</div>")


class FiveForcesBody:
    """The five-forces widgets inside :class:`helpers.worksheets.shell.WorksheetEditor`.

    The industry (``ws-industry``); per force a box ``ws-force ws-force-KEY`` with the
    score (``ws-force-score``), evidence (``ws-force-evidence``) and response
    (``ws-force-response``); the reading (``ws-reading``); the conclusion (``ws-conclusion``).
    """

    def __init__(self, editor: Any) -> None:
        import ipywidgets as w

        from ..widgets.common import styled

        self.editor = editor
        self.industry = styled(w.Text(description="行业", placeholder="例如：华东地区工业自动化配件",
                                      layout=w.Layout(width="60%")), "ws-industry")
        self.industry.observe(lambda ch: self._do(lambda: setattr(editor.worksheet, "industry",
                                                                  check_text(ch["new"], "行业", "industry"))),
                              names="value")
        self.score: dict[str, Any] = {}
        self.evidence: dict[str, Any] = {}
        self.response: dict[str, Any] = {}
        boxes = []
        for f in FORCES:
            self.score[f] = styled(w.Dropdown(options=SCORE_OPTIONS, value=0, description="强度",
                                              layout=w.Layout(width="200px")), "ws-force-score")
            self.score[f].observe(lambda ch, f=f: self._do(lambda: editor.worksheet.set_score(f, ch["new"] or None)),
                                  names="value")
            self.evidence[f] = styled(w.Textarea(placeholder="依据：你看到了什么事实、数据或现象？",
                                                 layout=w.Layout(width="98%", height="60px")), "ws-force-evidence")
            self.evidence[f].observe(lambda ch, f=f: self._do(lambda: editor.worksheet.set_evidence(f, ch["new"])),
                                     names="value")
            self.response[f] = styled(w.Textarea(placeholder="应对：我们打算怎么做？",
                                                 layout=w.Layout(width="98%", height="60px")), "ws-force-response")
            self.response[f].observe(lambda ch, f=f: self._do(lambda: editor.worksheet.set_response(f, ch["new"])),
                                     names="value")
            header = w.HTML(f"<b style='font-size:1.1em'>{FORCE_NAMES[f]}</b>"
                            f"<br><small style='color:#555'>{FORCE_QUESTIONS[f]}</small>")
            boxes.append(styled(w.VBox([header, self.score[f], self.evidence[f], self.response[f]],
                                       layout=w.Layout(border="1px solid #90a4ae", padding="6px")),
                                "ws-force", f"ws-force-{f}"))
        self.reading = styled(w.HTML(), "ws-reading")
        self.conclusion = styled(w.Textarea(placeholder="结论：这个行业值不值得投入？我们最该先应对哪一种力量？",
                                            layout=w.Layout(width="98%", height="80px")), "ws-conclusion")
        self.conclusion.observe(lambda ch: self._do(lambda: setattr(editor.worksheet, "conclusion",
                                                                    check_text(ch["new"], "结论", "conclusion"))),
                                names="value")
        self.widget = w.VBox([
            w.HTML("<h3>第一步：给五种力量打分</h3>1 = 很弱，5 = 很强；再写下依据和应对。"),
            self.industry,
            w.GridBox(boxes, layout=w.Layout(grid_template_columns="1fr 1fr", grid_gap="8px", width="98%")),
            w.HTML("<h3>第二步：行业吸引力</h3>"),
            self.reading,
            self.conclusion,
        ])

    def refresh(self) -> None:
        """Show ``editor.worksheet`` again (after opening a file)."""
        ws = self.editor.worksheet
        self.industry.value = ws.industry
        for f in FORCES:
            self.score[f].value = ws.forces[f].score or 0
            self.evidence[f].value = ws.forces[f].evidence
            self.response[f].value = ws.forces[f].response
        self.conclusion.value = ws.conclusion
        self.show_reading()

    def show_reading(self) -> None:
        """Show the attractiveness reading of ``editor.worksheet``."""
        self.reading.value = reading_html(self.editor.worksheet)

    def _do(self, action: Any) -> None:
        self.editor.apply(action, then=self.show_reading)


def five_forces_worksheet(name: str | None = None, folder: Any = None, delay: float = 1.0) -> Any:
    """Show the five-forces worksheet: score, evidence and response for each force.

    Every change is saved automatically one second after the last keystroke (there is also
    a 保存 button); the file is ``five_forces.json`` in the work folder
    (``five_forces-NAME.json`` for a named worksheet). Reopening the notebook reloads it.

    Args:
        name: the worksheet's name (``None``: the default one).
        folder: the folder (default: :func:`helpers.paths.work_dir`).
        delay: seconds of quiet before autosave.

    Returns:
        The editor; it displays itself as the widget.

    >>> import tempfile
    >>> five_forces_worksheet(name="华东区", folder=tempfile.mkdtemp()).path.name
    'five_forces-华东区.json'
    """
    from .shell import WorksheetEditor

    return WorksheetEditor("five_forces", FiveForcesBody, name=name, folder=folder, delay=delay)
