"""决策链地图 (decision-chain map): a trainee maps one key account of their own company.

Each contact has a name, title, level (决策层 / 管理层 / 执行层), role, influence and
relationship (1-5), attitude, our daily owner and sponsor with their ranks, and the last
contact date. The worksheet does not re-implement the rules: it turns its complete rows into
a table and calls :func:`helpers.decision_chain` (key persons, coverage, gaps, priority) and
:func:`helpers.chain_gaps`; the picture is :func:`helpers.charts.plot_influence_grid` with the
top gaps beneath it.

Rows missing a required field are kept as drafts (listed under 待完善, left out of the
picture); an owner without a rank counts as a 销售代表 until the rank is chosen.

>>> ws = DecisionMapWorksheet(title="甲厂")
>>> ws.add_contact(name="蔡总", title="总经理", level="决策层", role="决策者", influence=5, attitude="中立",
...                relationship=2, owner="小王", owner_rank="销售代表")
0
>>> ws.gaps(as_of="2025-12-31")["缺口类型"].tolist()[:2]
['关键人关系弱', '对接层级不足']
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar

import pandas as pd

from ..analysis import decision_chain as dc
from ..analysis.decision_chain import ATTITUDES, DEFAULT_STANDARD, GAP_SEVERITY, OUR_RANKS, ROLES, THEIR_LEVELS
from ..errors import WorksheetError
from .model import Block, Heading, Paragraph, Table, Worksheet, check_score, check_text

MAX_CONTACTS = 30
LIMITS = {"name": 20, "title": 20, "owner": 20, "sponsor": 20, "note": 200}  # characters
REQUIRED = {"name": "姓名", "level": "层级", "role": "决策角色", "influence": "影响力", "attitude": "态度",
            "relationship": "关系强度"}
CHOICES = {"level": THEIR_LEVELS, "role": ROLES, "attitude": ATTITUDES, "owner_rank": OUR_RANKS,
           "sponsor_rank": OUR_RANKS}
FIELD_ZH = {"name": "姓名", "title": "职务", "level": "层级", "role": "决策角色", "influence": "影响力",
            "attitude": "态度", "relationship": "关系强度", "owner": "我方日常对接人", "owner_rank": "对接人职级",
            "sponsor": "高层对接人", "sponsor_rank": "高层对接人职级", "last_contact": "最近联系日期", "note": "备注"}


@dataclass
class MapContact:
    """One person of the customer's decision chain (empty text / None = not filled in)."""

    name: str = ""
    title: str = ""
    level: str = ""
    role: str = ""
    influence: int | None = None
    attitude: str = ""
    relationship: int | None = None
    owner: str = ""
    owner_rank: str = ""
    sponsor: str = ""
    sponsor_rank: str = ""
    last_contact: str = ""
    note: str = ""

    def missing(self) -> list[str]:
        """The required fields still empty (Chinese names)."""
        return [zh for key, zh in REQUIRED.items() if getattr(self, key) in ("", None)]


def parse_day(value: str, what_zh: str, what_en: str) -> dt.date | None:
    """An ISO date typed in a worksheet ("" = none); anything else is a WorksheetError.

    >>> parse_day("2025-12-01", "日期", "date")
    datetime.date(2025, 12, 1)
    """
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise WorksheetError(f"{what_zh}“{value}”不是日期，请写成 2025-12-01 这样",
                             f"{what_en} {value!r} is not a date", fix_zh="格式：年-月-日，例如 2025-12-01",
                             fix_en="use YYYY-MM-DD") from None


def _check_contact(c: Any, n: int) -> None:
    if not isinstance(c, MapContact):
        raise WorksheetError(f"第 {n} 位联系人格式不对", f"contact {n} is malformed")
    for key, zh in FIELD_ZH.items():
        value = getattr(c, key)
        if key in ("influence", "relationship"):
            check_score(value, f"第 {n} 位联系人的{zh}", f"{key} of contact {n}")
            continue
        check_text(value, f"第 {n} 位联系人的{zh}", f"{key} of contact {n}", LIMITS.get(key, 40))
        if key in CHOICES and value and value not in CHOICES[key]:
            raise WorksheetError(f"第 {n} 位联系人的{zh}“{value}”不在可选范围（{'、'.join(CHOICES[key])}）",
                                 f"{key} of contact {n}: {value!r} is not one of {', '.join(CHOICES[key])}")
    parse_day(c.last_contact, f"第 {n} 位联系人的最近联系日期", f"last contact of contact {n}")


@dataclass
class DecisionMapWorksheet(Worksheet):
    """A decision-chain map of one key account (the title is the customer's name).

    Args:
        contacts: the contacts, in the order entered.
        standard: the 倒三角 standard per level (default :data:`DEFAULT_STANDARD`).
    """

    kind: ClassVar[str] = "decision_map"
    label: ClassVar[str] = "决策链地图"
    schema_version: ClassVar[int] = 1

    contacts: list[MapContact] = field(default_factory=list)
    standard: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_STANDARD))

    # -- operations -----------------------------------------------------------------------
    def add_contact(self, **values: Any) -> int:
        """Add a contact (fields of :class:`MapContact`); returns its index (WorksheetError if wrong or too many)."""
        if len(self.contacts) >= MAX_CONTACTS:
            raise WorksheetError(f"最多 {MAX_CONTACTS} 位联系人", f"at most {MAX_CONTACTS} contacts")
        contact = MapContact(**{k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()})
        if not contact.name:
            raise WorksheetError("请先填写联系人的姓名或称呼", "type the contact's name first")
        _check_contact(contact, len(self.contacts) + 1)
        self.contacts.append(contact)
        return len(self.contacts) - 1

    def edit_contact(self, index: int, **changes: Any) -> None:
        """Change fields of contact ``index`` (0-based).

        >>> ws = DecisionMapWorksheet(); _ = ws.add_contact(name="周工"); ws.edit_contact(0, influence=3)
        """
        old = self._get(index)
        new = MapContact(**{**asdict(old), **{k: (v.strip() if isinstance(v, str) else v) for k, v in changes.items()}})
        _check_contact(new, index + 1)
        self.contacts[index] = new

    def remove_contact(self, index: int) -> MapContact:
        """Delete contact ``index`` and return it."""
        self._get(index)
        return self.contacts.pop(index)

    def _get(self, index: int) -> MapContact:
        if not isinstance(index, int) or not 0 <= index < len(self.contacts):
            raise WorksheetError(f"没有第 {index + 1 if isinstance(index, int) else index} 位联系人",
                                 f"no contact {index}")
        return self.contacts[index]

    # -- the analysis, through the lecture's functions -------------------------------------
    def complete(self) -> list[tuple[int, MapContact]]:
        """(index, contact) of the rows with every required field filled in."""
        return [(i, c) for i, c in enumerate(self.contacts) if not c.missing()]

    def tables(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(contacts, people) in the columns :func:`helpers.decision_chain` reads."""
        from ..analysis.multilevel import our_people

        rows, ranks = [], {}
        for i, c in self.complete():
            for person, rank in ((c.owner, c.owner_rank), (c.sponsor, c.sponsor_rank)):
                if person:
                    ranks[person] = max(ranks.get(person, OUR_RANKS[0]), rank or OUR_RANKS[0], key=OUR_RANKS.index)
            rows.append({"contact_id": f"R{i + 1}", "customer_id": "本客户", "contact_name": c.name,
                         "title": c.title, "level": c.level, "decision_role": c.role, "influence": c.influence,
                         "attitude": c.attitude, "relationship": c.relationship, "owner_rep_id": c.owner or None,
                         "sponsor_id": c.sponsor or None, "last_contact_date": c.last_contact or None})
        contacts = pd.DataFrame(rows, columns=["contact_id", "customer_id", "contact_name", "title", "level",
                                               "decision_role", "influence", "attitude", "relationship",
                                               "owner_rep_id", "sponsor_id", "last_contact_date"])
        ids, levels = list(ranks) or ["（无）"], list(ranks.values()) or ["销售代表"]
        people = our_people(pd.DataFrame({"人员编号": ids, "职级": levels}))
        return contacts, people

    def chain(self, as_of: Any = None) -> pd.DataFrame:
        """The decision chain of the complete rows (:func:`helpers.decision_chain`) at ``as_of`` (default today)."""
        contacts, people = self.tables()
        days = [d for _, c in self.complete() if (d := parse_day(c.last_contact, "日期", "date"))]
        stamp = pd.Timestamp(as_of if as_of is not None else dt.date.today())
        stamp = max([stamp, *(pd.Timestamp(d) for d in days)])  # a future date is listed under 待完善
        return dc.decision_chain(contacts, people, "本客户", as_of=stamp, standard=self.standard)

    def gaps(self, as_of: Any = None) -> pd.DataFrame:
        """The gap list (:func:`helpers.chain_gaps`) without the customer column."""
        chain = self.chain(as_of)
        if chain.empty:
            return pd.DataFrame(columns=["优先级", "联系人", "职务", "缺口类型", "说明", "建议动作"])
        return dc.chain_gaps(chain).drop(columns="客户编号")

    def to_do(self, today: dt.date | None = None) -> list[str]:
        """What is still missing (待完善): drafts, owners without rank, missing level or roles.

        >>> DecisionMapWorksheet().to_do()
        ['还没有联系人：先添加对方的总经理或项目负责人']
        """
        today = today or dt.date.today()
        if not self.contacts:
            return ["还没有联系人：先添加对方的总经理或项目负责人"]
        out = []
        for n, c in enumerate(self.contacts, 1):
            if c.missing():
                out.append(f"第 {n} 位（{c.name}）还缺：{'、'.join(c.missing())}（补齐前不计入图）")
            if c.owner and not c.owner_rank:
                out.append(f"第 {n} 位（{c.name}）：请选择对接人职级（暂按销售代表计）")
            if c.sponsor and not c.sponsor_rank:
                out.append(f"第 {n} 位（{c.name}）：请选择高层对接人职级（暂按销售代表计）")
            if not c.owner and c.sponsor:
                out.append(f"第 {n} 位（{c.name}）：只有高层对接人，缺日常对接人")
            day = parse_day(c.last_contact, "日期", "date")
            if day and day > today:
                out.append(f"第 {n} 位（{c.name}）：最近联系日期晚于今天")
        done = [c for _, c in self.complete()]
        if done and not any(c.level == "决策层" for c in done):
            out.append("还没有决策层的联系人")
        unused = [r for r in ROLES if not any(c.role == r for c in done)]
        if done and unused:
            out.append(f"还没有人担任：{'、'.join(unused)}")
        return out

    # -- storage --------------------------------------------------------------------------
    def content_to_dict(self) -> dict[str, Any]:
        """The content as JSON data."""
        return {"contacts": [asdict(c) for c in self.contacts], "standard": dict(self.standard)}

    @classmethod
    def content_from_dict(cls, content: dict[str, Any]) -> dict[str, Any]:
        """Constructor arguments from the JSON content (missing parts are empty)."""
        raw = content.get("contacts", [])
        if not isinstance(raw, list):
            raise WorksheetError("联系人部分应当是列表", "contacts should be a list")
        names = {f.name for f in fields(MapContact)}
        contacts = []
        for n, entry in enumerate(raw, 1):
            if not isinstance(entry, dict) or set(entry) - names:
                raise WorksheetError(f"第 {n} 位联系人格式不对", f"contact {n} is malformed")
            contacts.append(MapContact(**entry))
        standard = content.get("standard", dict(DEFAULT_STANDARD))
        if not isinstance(standard, dict):
            raise WorksheetError("对接层级标准格式不对", "the standard is malformed")
        return {"contacts": contacts, "standard": {**DEFAULT_STANDARD, **standard}}

    def validate_content(self) -> None:
        """Check every contact (types, 1-5 scores, allowed choices, lengths, dates) and the standard."""
        if not isinstance(self.contacts, list) or len(self.contacts) > MAX_CONTACTS:
            raise WorksheetError(f"联系人最多 {MAX_CONTACTS} 位", f"at most {MAX_CONTACTS} contacts")
        for n, c in enumerate(self.contacts, 1):
            _check_contact(c, n)
        if set(self.standard) != set(THEIR_LEVELS) or not set(self.standard.values()) <= set(OUR_RANKS):
            raise WorksheetError("对接层级标准写得不对", "the standard is not valid")

    # -- exports --------------------------------------------------------------------------
    def blocks(self) -> list[Block]:
        """Counts, the contacts table, the gap list and the to-do list.

        >>> [b.text for b in DecisionMapWorksheet(title="甲厂").blocks() if isinstance(b, Heading)]
        ['联系人', '缺口（按优先级）', '待完善']
        """
        out = self.meta_blocks(("客户", self.title))
        chain = self.chain()
        gaps = self.gaps()
        key = int(chain["是否关键人"].sum()) if len(chain) else 0
        with_gap = int((chain["缺口数"] > 0).sum()) if len(chain) else 0
        out.append(Paragraph(f"联系人 {len(self.contacts)} 位（完整 {len(chain)} 位），关键人 {key} 位，"
                             f"有缺口 {with_gap} 位。规则：关键人 = 影响力 ≥ 4 或决策者；对接标准 = "
                             + "，".join(f"{lvl} ← {self.standard[lvl]}及以上" for lvl in THEIR_LEVELS[:2]) + "。"))
        out.append(Heading("联系人"))
        keyed = dict(zip(chain["联系人编号"], chain["是否关键人"])) if len(chain) else {}
        rows = tuple((n, c.name, c.title, c.level, c.role, c.influence, c.attitude, c.relationship,
                      f"{c.owner}（{c.owner_rank or '职级未选'}）" if c.owner else "（无人对接）",
                      f"{c.sponsor}（{c.sponsor_rank or '职级未选'}）" if c.sponsor else "—",
                      c.last_contact or "—", {True: "是", False: "否"}.get(keyed.get(f"R{n}"), "—"))
                     for n, c in enumerate(self.contacts, 1))
        out.append(Table(("序号", "姓名", "职务", "层级", "决策角色", "影响力", "态度", "关系强度", "日常对接人",
                          "高层对接人", "最近联系", "关键人"), rows) if rows else Paragraph("（暂无）"))
        out.append(Heading("缺口（按优先级）"))
        out.append(Table(("优先级", "联系人", "缺口", "建议动作"), tuple(
            ("—" if p != p else int(p), who, text, act)
            for p, who, text, act in gaps[["优先级", "联系人", "说明", "建议动作"]].itertuples(index=False)))
            if len(gaps) else Paragraph("（暂无）"))
        out.append(Heading("待完善"))
        out.append(Paragraph("\n".join(self.to_do()) or "（无）"))
        return out

    def rows(self) -> list[tuple[Any, ...]]:
        """One row per contact and per gap (columns 部分, 序号, 内容, 评分 = 影响力).

        >>> ws = DecisionMapWorksheet(); _ = ws.add_contact(name="周工", title="工程师")
        >>> ws.rows()[3]
        ('联系人', 1, '周工｜工程师｜—｜—｜—｜关系 —｜对接 —', None)
        """
        out = self.meta_rows()
        for n, c in enumerate(self.contacts, 1):
            text = "｜".join([c.name, c.title or "—", c.level or "—", c.role or "—", c.attitude or "—",
                             f"关系 {c.relationship or '—'}", f"对接 {c.owner or '—'}"])
            out.append(("联系人", n, text, c.influence))
        for n, (who, text, act) in enumerate(self.gaps()[["联系人", "说明", "建议动作"]].itertuples(index=False), 1):
            out.append(("缺口", n, f"{who}：{text}（{act}）", None))
        return out

    def figure(self) -> Any:
        """The influence × attitude grid with the top five gaps beneath (a matplotlib Figure)."""
        return decision_map_figure(self)

    # -- class view -------------------------------------------------------------------------
    @classmethod
    def class_summary(cls, sheets: list[Worksheet]) -> list[tuple[str, Any]]:
        """Which roles the class most often could not name or cover, which gaps are common.

        >>> a = DecisionMapWorksheet(); _ = a.add_contact(name="x", level="决策层", role="决策者", influence=5,
        ...                                 attitude="支持", relationship=3, owner="王", owner_rank="总监")
        >>> [h for h, _ in DecisionMapWorksheet.class_summary([a])][:2]
        ['概况', '各角色：未识别，或无人对接 / 对接层级不足']
        """
        maps = [ws for ws in sheets if isinstance(ws, DecisionMapWorksheet)]
        chains = [ws.chain() for ws in maps]
        n = max(len(maps), 1)
        sizes = [len(c) for c in chains]
        unseen, uncovered = {}, {}
        for role in ROLES:
            unseen[role] = sum(not (c["决策角色"] == role).any() for c in chains)
            uncovered[role] = sum(bool((part := c[c["决策角色"] == role]).shape[0]) and all(
                "无人对接" in g or "对接层级不足" in g for g in part["缺口"]) for c in chains)
        roles = pd.DataFrame({"角色": list(ROLES), "未识别的地图数": [unseen[r] for r in ROLES],
                              "未识别的占比": [f"{unseen[r] / n:.1%}" for r in ROLES],
                              "无人对接或层级不足的地图数": [uncovered[r] for r in ROLES],
                              "无人对接或层级不足的占比": [f"{uncovered[r] / n:.1%}" for r in ROLES]})
        roles = roles.assign(_s=[unseen[r] + uncovered[r] for r in ROLES]).sort_values(
            "_s", ascending=False, kind="stable").drop(columns="_s")
        gap_rows = []
        for kind in GAP_SEVERITY:
            k = sum(any(kind == dc.gap_type(t) for g in c["缺口"] for t in str(g).split("；")) for c in chains)
            gap_rows.append({"缺口类型": kind, "有这种缺口的地图数": k, "占比": f"{k / n:.1%}"})
        deciders = [c[c["决策角色"] == "决策者"] for c in chains]
        all_for = sum(len(d) > 0 and (d["态度"] == "支持").all() for d in deciders)
        overview = pd.DataFrame({"项目": ["地图数", "每张地图的联系人数（中位数）", "决策者全部支持的地图"],
                                 "数值": [str(len(maps)), f"{statistics.median(sizes) if sizes else 0:g}",
                                        f"{all_for}（{all_for / n:.1%}）"]})
        return [("概况", overview), ("各角色：未识别，或无人对接 / 对接层级不足", roles),
                ("全班：最常缺失或没人对接的角色", lambda: _roles_figure(roles, len(maps))),
                ("各类缺口出现在多少张地图里", pd.DataFrame(gap_rows))]


# ---------------------------------------------------------------------------------------
# Pictures
# ---------------------------------------------------------------------------------------

def decision_map_figure(ws: DecisionMapWorksheet, top: int = 5) -> Any:
    """The grid of :func:`helpers.charts.plot_influence_grid` and, beneath, the first ``top`` gaps.

    >>> len(decision_map_figure(DecisionMapWorksheet()).axes)
    2
    """
    from matplotlib.figure import Figure

    from ..charts.base import chart_style
    from ..charts.decision_chain import grid_title, plot_influence_grid

    chain = ws.chain()
    gaps = ws.gaps().head(top)
    with chart_style():
        fig = Figure(figsize=(10, 8.2), dpi=100)
        grid = fig.add_gridspec(2, 1, height_ratios=[3.2, 1])
        ax = fig.add_subplot(grid[0])
        plot_influence_grid(chain, ax=ax, title=grid_title(chain, ws.display_title if ws.title else None))
        low = fig.add_subplot(grid[1])
        low.set_axis_off()
        lines = [f"{'—' if p != p else int(p)}. {who}：{text}" for p, who, text in
                 gaps[["优先级", "联系人", "说明"]].itertuples(index=False)] or ["（暂无缺口）"]
        low.text(0, 1, "先补哪些缺口（按优先级）：\n" + "\n".join(lines), va="top", fontsize=10.5, linespacing=1.5,
                 parse_math=False)
        fig.subplots_adjust(left=0.1, right=0.82, top=0.94, bottom=0.02, hspace=0.25)
        return fig


def _roles_figure(roles: pd.DataFrame, n_maps: int) -> Any:
    from matplotlib.figure import Figure

    from ..charts.decision_chain import plot_roles_missing

    return plot_roles_missing(roles, n_maps, ax=Figure(figsize=(8.5, 4.2), dpi=100).add_subplot())


# ---------------------------------------------------------------------------------------
# Widget
# ---------------------------------------------------------------------------------------

SCORE_WORDS = {1: "很小", 2: "较小", 3: "中等", 4: "较大", 5: "很大"}


def _options(label: str, values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(f"{label}：请选择", "")] + [(v, v) for v in values]


def _scores(label: str) -> list[tuple[str, int]]:
    return [(f"{label}：请选择", 0)] + [(f"{label} {k}（{w}）", k) for k, w in SCORE_WORDS.items()]


def contact_line(n: int, c: MapContact) -> str:
    """One contact as the list shows it, e.g. '1. 蔡总（总经理）｜决策层｜决策者｜影响 5｜…' (escaped by the widget)."""
    owner = f"{c.owner}（{c.owner_rank or '职级未选'}）" if c.owner else "（无人）"
    return "｜".join([f"{n}. {c.name}" + (f"（{c.title}）" if c.title else ""), c.level or "—", c.role or "—",
                     f"影响 {c.influence or '—'}", c.attitude or "—", f"关系 {c.relationship or '—'}", f"对接 {owner}"])


class DecisionMapBody:
    """The 决策链地图 widgets inside :class:`helpers.worksheets.shell.WorksheetEditor`.

    Left (40 %): the form ``ws-dm-form`` (``ws-dm-name`` -- Enter adds --, ``ws-dm-title``,
    ``ws-dm-level``, ``ws-dm-role``, ``ws-dm-influence``, ``ws-dm-attitude``,
    ``ws-dm-relationship``, ``ws-dm-owner``, ``ws-dm-owner-rank``, ``ws-dm-sponsor``,
    ``ws-dm-sponsor-rank``, ``ws-dm-last``, ``ws-dm-note``; button ``ws-add-button``) and the
    list (rows ``ws-dm-contact``: text ``ws-dm-contact-text``, ``ws-dm-edit``, ``ws-dm-delete``).
    Right (60 %): the pictures (``ws-dm-picture``), the gap list (``ws-dm-gaps``) and what is
    still missing (``ws-dm-todo``).
    """

    def __init__(self, editor: Any) -> None:
        import warnings

        import ipywidgets as w

        from ..widgets.common import styled

        self.w, self.editor, self.styled = w, editor, styled
        self.editing: int | None = None
        full = w.Layout(width="98%")
        half = w.Layout(width="48%")
        self.inputs: dict[str, Any] = {
            "name": styled(w.Text(placeholder="姓名或称呼（必填），如：蔡总；按回车添加", layout=half), "ws-dm-name"),
            "title": styled(w.Text(placeholder="职务，如：总经理", layout=half), "ws-dm-title"),
            "level": styled(w.Dropdown(options=_options("层级", THEIR_LEVELS), layout=half), "ws-dm-level"),
            "role": styled(w.Dropdown(options=_options("决策角色", ROLES), layout=half), "ws-dm-role"),
            "influence": styled(w.Dropdown(options=_scores("影响力"), value=0, layout=half), "ws-dm-influence"),
            "attitude": styled(w.Dropdown(options=_options("态度", ATTITUDES), layout=half), "ws-dm-attitude"),
            "relationship": styled(w.Dropdown(options=_scores("关系强度"), value=0, layout=half),
                                   "ws-dm-relationship"),
            "last_contact": styled(w.Text(placeholder="最近联系日期，如 2025-12-01", layout=half), "ws-dm-last"),
            "owner": styled(w.Text(placeholder="我方日常对接人", layout=half), "ws-dm-owner"),
            "owner_rank": styled(w.Dropdown(options=_options("对接人职级", OUR_RANKS), layout=half),
                                 "ws-dm-owner-rank"),
            "sponsor": styled(w.Text(placeholder="我方高层对接人（可不填）", layout=half), "ws-dm-sponsor"),
            "sponsor_rank": styled(w.Dropdown(options=_options("高层职级", OUR_RANKS), layout=half),
                                   "ws-dm-sponsor-rank"),
            "note": styled(w.Text(placeholder="备注（可不填）", layout=full), "ws-dm-note"),
        }
        with warnings.catch_warnings():  # on_submit is the one event that means "Enter" (not blur)
            warnings.simplefilter("ignore", DeprecationWarning)
            self.inputs["name"].on_submit(lambda _: self.submit())
        self.add = styled(w.Button(description="添加联系人", icon="plus", button_style="primary",
                                   layout=w.Layout(width="auto", min_width="120px")), "ws-add-button")
        self.add.on_click(lambda _: self.submit())
        self.cancel = styled(w.Button(description="取消修改", layout=w.Layout(display="none", width="auto")),
                             "ws-dm-cancel")
        self.cancel.on_click(lambda _: self.clear())
        pairs = [("name", "title"), ("level", "role"), ("influence", "attitude"), ("relationship", "last_contact"),
                 ("owner", "owner_rank"), ("sponsor", "sponsor_rank")]
        form = styled(w.VBox([w.HBox([self.inputs[a], self.inputs[b]]) for a, b in pairs]
                             + [self.inputs["note"], w.HBox([self.add, self.cancel])]), "ws-dm-form")
        self.list = styled(w.VBox(), "ws-dm-list")
        self.grid_image, self.org_image = (styled(w.Image(format="png", layout=w.Layout(max_width="100%")), css)
                                           for css in ("ws-dm-picture", "ws-dm-org"))
        self.org_image.layout.display = "none"  # a toggle, not a Tab: tab titles do not get the course font
        view = styled(w.ToggleButtons(options=["影响力 × 态度", "组织图"]), "ws-dm-view")
        view.observe(lambda ch: self.show_view(ch["new"] == "组织图"), names="value")
        tabs = w.VBox([view, self.grid_image, self.org_image])
        self.gap_box = styled(w.HTML(), "ws-dm-gaps")
        self.todo = styled(w.HTML(), "ws-dm-todo")
        left = w.VBox([w.HTML("<h3>第一步：逐个添加联系人</h3><small>带“请选择”的项和姓名必填；"
                              "影响力、关系强度 1 = 很小/很弱，5 = 很大/很强。</small>"), form,
                       w.HTML("<h3>已添加的联系人</h3>"), self.list], layout=w.Layout(width="40%"))
        right = w.VBox([w.HTML("<h3>第二步：看图，找缺口</h3>"), tabs, self.gap_box, self.todo],
                       layout=w.Layout(width="60%"))
        self.widget = w.HBox([left, right], layout=w.Layout(width="100%"))

    # -- showing --------------------------------------------------------------------------
    def show_view(self, org: bool) -> None:
        """Show the organisation picture (``org``) or the influence × attitude grid."""
        self.grid_image.layout.display, self.org_image.layout.display = ("none", None) if org else (None, "none")

    def refresh(self) -> None:
        """Show ``editor.worksheet`` again (after opening a file)."""
        self.clear()
        self.rebuild()

    def rebuild(self) -> None:
        """Recreate the contact list and redraw the pictures, gaps and to-do list."""
        from ..widgets.common import html_text

        w, styled = self.w, self.styled
        rows = []
        for i, c in enumerate(self.editor.worksheet.contacts):
            text = styled(w.HTML(html_text(contact_line(i + 1, c))), "ws-dm-contact-text")
            edit = styled(w.Button(description="修改", layout=w.Layout(width="60px")), "ws-dm-edit")
            edit.on_click(lambda _, i=i: self.load(i))
            delete = styled(w.Button(description="✕", tooltip="删除这位联系人", layout=w.Layout(width="36px")),
                            "ws-dm-delete")
            delete.on_click(lambda _, i=i: self.remove(i))
            rows.append(styled(w.HBox([text, edit, delete]), "ws-dm-contact"))
        old, self.list.children = self.list.children, rows
        for row in old:  # free the replaced widgets in the kernel and the browser
            for child in (*row.children, row):
                child.close()
        self.show_analysis()

    def show_analysis(self) -> None:
        """Redraw the two pictures and the lists of gaps and missing items."""
        from ..charts.base import chart_style, png_bytes
        from ..charts.decision_chain import plot_org_chain
        from ..widgets.common import html_text, problem_html

        ws = self.editor.worksheet.copy()
        try:
            self.grid_image.value = png_bytes(decision_map_figure(ws), dpi=72)
            with chart_style():
                from matplotlib.figure import Figure

                fig = Figure(figsize=(11, 6), dpi=100)
                plot_org_chain(ws.chain(), name=ws.title or None, ax=fig.add_subplot())
                self.org_image.value = png_bytes(fig, dpi=64)
            gaps = ws.gaps()
        except Exception as exc:  # noqa: BLE001 - shown, never raised in the widget
            self.gap_box.value = problem_html(f"图示画不出来：{exc}")
            return
        items = "".join(f"<li><b>{html_text(who)}</b>：{html_text(text)} → {html_text(act)}</li>"
                        for who, text, act in gaps[["联系人", "说明", "建议动作"]].itertuples(index=False))
        self.gap_box.value = ("<b>缺口（按优先级：影响力 → 严重度 → 关系强度）</b>"
                              + (f"<ol>{items}</ol>" if items else "<p>（暂无）</p>"))
        todo = ws.to_do()
        self.todo.value = ("<b>待完善</b><ul>" + "".join(f"<li>{html_text(t)}</li>" for t in todo) + "</ul>"
                           if todo else "")

    # -- actions --------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """The form's values as :class:`MapContact` fields."""
        out = {k: widget.value for k, widget in self.inputs.items()}
        out["influence"] = out["influence"] or None
        out["relationship"] = out["relationship"] or None
        return out

    def clear(self) -> None:
        """Empty the form and leave edit mode."""
        for key, widget in self.inputs.items():
            widget.value = 0 if key in ("influence", "relationship") else ""
        self.editing = None
        self.add.description = "添加联系人"
        self.cancel.layout.display = "none"

    def load(self, index: int) -> None:
        """Put contact ``index`` into the form to change it (the 修改 button)."""
        c = self.editor.worksheet.contacts[index]
        for key, widget in self.inputs.items():
            value = getattr(c, key)
            widget.value = (value or 0) if key in ("influence", "relationship") else value
        self.editing = index
        self.add.description = f"保存第 {index + 1} 位的修改"
        self.cancel.layout.display = None

    def submit(self) -> None:
        """Add the typed contact, or save the changes of the one being edited."""
        from ..widgets.common import problem_html

        values = self.values()
        if not values["name"].strip():
            self.editor.message.value = problem_html("请先填写联系人的姓名或称呼，再按回车或点“添加联系人”")
            return
        self.editor.message.value = ""
        ws, index = self.editor.worksheet, self.editing
        action = (lambda: ws.add_contact(**values)) if index is None else (lambda: ws.edit_contact(index, **values))
        if self.editor.apply(action, then=self.rebuild):
            self.clear()

    def remove(self, index: int) -> None:
        """Delete contact ``index``."""
        self.editor.apply(lambda: self.editor.worksheet.remove_contact(index), then=self.rebuild)
        if self.editing is not None:
            self.clear()


def decision_map_worksheet(name: str | None = None, folder: Any = None, delay: float = 1.0) -> Any:
    """Show the 决策链地图 worksheet: add the contacts of one key account, see the grid and the gaps.

    Every change is saved automatically one second after the last one (there is also a 保存
    button); the file is ``decision_map.json`` in the work folder.

    Args:
        name: the worksheet's name (``None``: the default one).
        folder: the folder (default: :func:`helpers.paths.work_dir`).
        delay: seconds of quiet before autosave.

    Returns:
        The editor; it displays itself as the widget.

    >>> import tempfile
    >>> decision_map_worksheet(folder=tempfile.mkdtemp()).path.name
    'decision_map.json'
    """
    from .shell import WorksheetEditor

    return WorksheetEditor("decision_map", DecisionMapBody, name=name, folder=folder, delay=delay)
