"""The 立体 (multi-level) strategy of lecture 3: our people, coverage, interaction lines, senior load.

* :func:`our_people` -- who of ours can cover a customer's contacts, and at which rank
  (销售代表 < 高级销售 < 经理 < 总监 < 副总 < 总经理);
* :func:`coverage_matrix`, :func:`coverage_summary`, :func:`coverage_sentence` -- the 倒三角
  check: each contact in the cell (our highest rank covering him, his level); cells below the
  standard (决策层 ← 总监 and above, 管理层 ← 经理 and above) are the holes;
* :func:`interaction_lines` -- 高层线, 技术线 and 商务线 month by month; a line silent for more
  than 60 days (from one visit to the next, counted from the last visit before the window) is 断线;
* :func:`senior_load`, :func:`senior_sentence` -- how many decision-level contacts each senior
  person of ours covers, against a stated capacity.

Rules and column names are those of :mod:`helpers.analysis.decision_chain`; the lists of accounts
(立体经营名单, 挽回名单, 体检) are in :mod:`helpers.analysis.account_lists`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError
from .decision_chain import (
    COVER_ROWS,
    NO_COVER,
    OUR_RANKS,
    THEIR_LEVELS,
    _bad,
    _blank,
    _norm,
    _read,
    _standard,
    row_number,
)

#: Titles people give a rank -> our rank (for a trainee's people table).
RANK_SYNONYMS: dict[str, tuple[str, ...]] = {
    "销售代表": ("销售代表", "业务员", "销售员", "客户代表", "销售"),
    "高级销售": ("高级销售", "资深销售", "高级客户经理", "高级销售代表"),
    "经理": ("经理", "销售经理", "区域经理", "技术服务经理", "客户经理"),
    "总监": ("总监", "大区总监", "区域总监", "销售总监", "营销总监"),
    "副总": ("副总", "副总经理", "营销副总", "营销副总经理", "技术副总经理", "副总裁"),
    "总经理": ("总经理", "总裁", "CEO", "董事长"),
}
#: Words inside a longer title, checked in this order when the title is not listed above.
_RANK_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("副总", ("副总", "副总裁")), ("总经理", ("总经理", "总裁", "董事长")), ("总监", ("总监",)),
    ("高级销售", ("高级", "资深")), ("经理", ("经理",)), ("销售代表", ("销售代表", "业务员", "销售员")))


def rank_of(title: Any) -> str:
    """Our rank (one of :data:`OUR_RANKS`) for a rank or title as people write it.

    Args:
        title: e.g. "大区总监", "销售经理", "营销副总".

    Returns:
        The rank, or "" when the title is not recognised.

    >>> rank_of("大区总监"), rank_of("销售经理"), rank_of("华东大区总监"), rank_of("组长")
    ('总监', '经理', '总监', '')
    """
    key = _norm(title).upper()
    for rank, words in RANK_SYNONYMS.items():
        if key in {_norm(w).upper() for w in words}:
            return rank
    for rank, parts in _RANK_PARTS:  # a longer title: 华东大区总监, 技术服务经理（华东）
        if any(p in key for p in parts):
            return rank
    return ""


# ---------------------------------------------------------------------------------------
# Our people
# ---------------------------------------------------------------------------------------

_PEOPLE_SPEC = {
    "person_id": {"type": "id", "allow_null": True, "aliases": ("rep_id", "leader_id", "员工编号", "工号", "销售编号")},
    "person_name": {"type": "text", "required": False, "allow_null": True,
                    "aliases": ("姓名", "员工姓名", "销售姓名", "rep_name", "leader_name")},
    "rank": {"type": "text", "allow_null": True, "aliases": ("level",)},
    "title": {"type": "text", "required": False, "allow_null": True},
    "function": {"type": "text", "required": False, "allow_null": True},
}


def _people_rows(table: pd.DataFrame, default_function: str = "") -> pd.DataFrame:
    frame = _read(table, _PEOPLE_SPEC)
    rows = []
    for pos in range(len(frame)):
        pid = frame["person_id"].iloc[pos]
        if _blank(pid):
            raise _bad(frame, pos, "人员编号", "人员编号是空的", "person id is blank",
                       "请填写人员编号", "fill in the id")
        raw_rank = frame["rank"].iloc[pos]
        rank = rank_of(raw_rank) if not _blank(raw_rank) else ""
        if not rank:
            raise _bad(frame, pos, "职级", f"“{raw_rank}”不是可识别的职级", f"unknown rank {raw_rank!r}",
                       "职级请写成以下之一（由低到高）：" + "、".join(OUR_RANKS), "use one of " + ", ".join(OUR_RANKS))
        title = frame["title"].iloc[pos] if "title" in frame.columns else None
        title = raw_rank if _blank(title) else title
        function = frame["function"].iloc[pos] if "function" in frame.columns else None
        if _blank(function):
            function = default_function or ("技术" if "技术" in str(title) else "销售")
        name = frame["person_name"].iloc[pos] if "person_name" in frame.columns else None
        rows.append({"人员编号": _norm(pid), "姓名": pid if _blank(name) else str(name).strip(),
                     "职务": str(title), "对接职级": rank, "职能": str(function).strip(),
                     "_row": row_number(frame, pos)})
    return pd.DataFrame(rows, columns=["人员编号", "姓名", "职务", "对接职级", "职能", "_row"])


def our_people(sales_reps: pd.DataFrame | None = None, leaders: pd.DataFrame | None = None) -> pd.DataFrame:
    """Our people who can cover a customer's contacts, with their rank for the 倒三角 check.

    Args:
        sales_reps: the case table ``sales_reps`` (its 销售经理 count as 经理), or a trainee's
            people table with 人员编号, 姓名, 职级 (and optional 职务, 职能). Default: the case table.
        leaders: the case table ``leaders`` (senior and technical people), or another people
            table. Default: the case table, when ``sales_reps`` is also left out.

    Returns:
        One row per person, indexed by id: 人员编号, 姓名, 职务, 对接职级 (one of
        :data:`OUR_RANKS`), 职能 (销售 / 技术 / 管理).

    Raises:
        DataError: an unknown rank (naming the row and the six ranks), or an id used twice.

    >>> mine = pd.DataFrame({"人员编号": ["P1", "P2"], "姓名": ["王", "李"], "职级": ["销售经理", "营销总监"]})
    >>> our_people(mine)[["姓名", "对接职级", "职能"]].values.tolist()
    [['王', '经理', '销售'], ['李', '总监', '销售']]
    """
    from ..data.cases import load_case

    tables = []
    if sales_reps is None and leaders is None:
        sales_reps, leaders = load_case("sales_reps"), load_case("leaders")
    if sales_reps is not None:
        tables.append(_people_rows(sales_reps))
    if leaders is not None:
        tables.append(_people_rows(leaders))
    people = pd.concat(tables, ignore_index=True)
    dup = people["人员编号"].duplicated()
    if dup.any():
        first = people[dup].iloc[0]
        raise DataError(f"人员编号 {first['人员编号']} 出现了两次", f"person id {first['人员编号']} appears twice",
                        fix_zh="每个人员编号只能出现一次", fix_en="each id may appear once", column="人员编号",
                        row=int(first["_row"]))
    people = people.drop(columns="_row")
    people["对接职级"] = pd.Categorical(people["对接职级"], categories=OUR_RANKS, ordered=True)
    people.index = pd.Index(people["人员编号"].tolist())
    return people


# ---------------------------------------------------------------------------------------
# Coverage: the 倒三角 check
# ---------------------------------------------------------------------------------------

def _meets(rank: Any, level: str, std: Mapping[str, str]) -> bool:
    rank = str(rank)
    return rank != NO_COVER and OUR_RANKS.index(rank) >= OUR_RANKS.index(std[level])


def _binding(row: Mapping[str, Any]) -> bool:
    """Whether the standard binds for a contact: 决策层, a key person, or nobody covering him."""
    return (row["层级"] == THEIR_LEVELS[0] or bool(row.get("是否关键人", False))
            or str(row["我方最高对接职级"]) == NO_COVER)


def coverage_matrix(chain: pd.DataFrame, standard: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Contacts counted by (our highest covering rank, their level); the holes are the cells below standard.

    The standard binds for 决策层 contacts, key persons and contacts nobody covers; other
    contacts below their level's standard only get advice (see :mod:`helpers.analysis.decision_chain`).

    Args:
        chain: output of :func:`helpers.analysis.decision_chain.decision_chain`.
        standard: the 倒三角 standard (default: the chain's, else :data:`DEFAULT_STANDARD`).

    Returns:
        Counts with index :data:`COVER_ROWS` (总经理 … 销售代表, 无人对接) and columns 决策层,
        管理层, 执行层 (all cells, 0 where empty). ``attrs``: ``below`` (cells under the
        standard), ``holes`` (cells under it with a contact for whom it binds), ``binding``
        (cell -> how many such contacts), ``advisory`` (cells under it with advice-only
        contacts alone), ``names`` ((row, column) -> the contacts' titles, for one customer),
        ``standard``, ``customers``.

    >>> chain = pd.DataFrame({"客户编号": ["A"] * 3, "联系人": ["蔡总", "王工", "李经理"],
    ...     "职务": ["总经理", "工程师", "采购经理"], "层级": ["决策层", "执行层", "管理层"],
    ...     "我方最高对接职级": ["销售代表"] * 3})
    >>> m = coverage_matrix(chain)
    >>> int(m.loc["销售代表", "决策层"]), m.attrs["holes"], m.attrs["advisory"]
    (1, [('销售代表', '决策层')], [('销售代表', '管理层')])
    """
    std = _standard(standard or chain.attrs.get("standard"))
    matrix = pd.DataFrame(0, index=list(COVER_ROWS), columns=list(THEIR_LEVELS))
    names: dict[tuple[str, str], list[str]] = {}
    binding: dict[tuple[str, str], int] = {}
    for _, r in chain.iterrows():
        cell = (str(r["我方最高对接职级"]), r["层级"])
        matrix.loc[cell] += 1
        names.setdefault(cell, []).append(r["职务"] or r["联系人"])
        binding[cell] = binding.get(cell, 0) + int(_binding(r))
    below = [(row, col) for row in COVER_ROWS for col in THEIR_LEVELS if not _meets(row, col, std)]
    matrix.index.name, matrix.columns.name = "我方最高对接职级", "对方层级"
    customers = int(chain["客户编号"].nunique()) if len(chain) else 0
    matrix.attrs.update(standard=std, below=below, holes=[c for c in below if binding.get(c, 0)],
                        advisory=[c for c in below if matrix.loc[c] > 0 and not binding.get(c, 0)],
                        binding={c: binding.get(c, 0) for c in below if matrix.loc[c] > 0},
                        names=names if customers == 1 else {}, customers=customers)
    return matrix


def coverage_summary(chain: pd.DataFrame, standard: Mapping[str, str] | None = None) -> pd.DataFrame:
    """How many contacts of each level are covered at the standard rank.

    Args:
        chain: output of ``decision_chain`` (one or many customers).
        standard: the 倒三角 standard (default: the chain's).

    Returns:
        One row per level (index; ``columns.name`` 对方层级): 联系人数, 标准（我方至少）, 达标人数,
        达标率 (fraction, NaN when the level has no contact), 必须达标却未达标 (决策层 contacts,
        key persons and contacts nobody covers, below the standard), 无人对接人数.
        ``attrs["percent"]``.

    >>> chain = pd.DataFrame({"客户编号": ["A", "A"], "层级": ["决策层", "决策层"],
    ...                       "我方最高对接职级": ["副总", "销售代表"]})
    >>> row = coverage_summary(chain).loc["决策层"]
    >>> int(row["联系人数"]), int(row["达标人数"]), float(row["达标率"]), row["标准（我方至少）"]
    (2, 1, 0.5, '总监及以上（必须）')
    """
    std = _standard(standard or chain.attrs.get("standard"))
    rows = []
    for level in THEIR_LEVELS:
        part = chain[chain["层级"] == level]
        met = [_meets(r, level, std) for r in part["我方最高对接职级"]]
        must = sum(_binding(r) and not m for (_, r), m in zip(part.iterrows(), met))
        need = "任何对接人" if std[level] == OUR_RANKS[0] else f"{std[level]}及以上"
        need += "（必须）" if level == THEIR_LEVELS[0] else "（关键人必须，其他人参考）" if need != "任何对接人" else ""
        rows.append({"对方层级": level, "联系人数": len(part), "标准（我方至少）": need, "达标人数": sum(met),
                     "达标率": sum(met) / len(part) if len(part) else np.nan, "必须达标却未达标": must,
                     "无人对接人数": int((part["我方最高对接职级"].astype(str) == NO_COVER).sum())})
    out = pd.DataFrame(rows).set_index("对方层级")
    out.index.name, out.columns.name = None, "对方层级"
    out.attrs["percent"] = ["达标率"]
    return out


def top_level_cover(part: pd.DataFrame, std: Mapping[str, str] | None = None) -> str:
    """How one customer's 决策层 is covered: 全部达标 / 部分达标 / 全部未达标 / 无决策层联系人 / 决策链未梳理.

    Args:
        part: the decision chain of one customer.
        std: the 倒三角 standard (default :data:`DEFAULT_STANDARD`).

    Returns:
        One of the five words above.

    >>> top_level_cover(pd.DataFrame({"层级": ["决策层", "决策层"], "我方最高对接职级": ["副总", "销售代表"]}))
    '部分达标'
    """
    if part.empty:
        return "决策链未梳理"
    std = _standard(std)
    top = part[part["层级"] == "决策层"]
    if top.empty:
        return "无决策层联系人"
    ok = [_meets(r, "决策层", std) for r in top["我方最高对接职级"]]
    return "全部达标" if all(ok) else ("部分达标" if any(ok) else "全部未达标")


def coverage_sentence(chain: pd.DataFrame, standard: Mapping[str, str] | None = None) -> str:
    """Two headline sentences on the 决策层's coverage, with population and n.

    Args:
        chain: output of ``decision_chain`` for the customers concerned.
        standard: the 倒三角 standard (default: the chain's).

    Returns:
        The sentences.

    >>> chain = pd.DataFrame({"客户编号": ["A", "B"], "层级": ["决策层", "决策层"],
    ...                       "我方最高对接职级": ["副总", "销售代表"]})
    >>> print(coverage_sentence(chain))
    2 家客户的 2 位决策层联系人中，1 位（50.0%）有总监及以上的人对接。
    在有决策层联系人的 2 家客户中，1 家（50.0%）的决策层联系人全部没有总监及以上的人对接。
    """
    std = _standard(standard or chain.attrs.get("standard"))
    top = chain[chain["层级"] == "决策层"]
    ok = sum(_meets(r, "决策层", std) for r in top["我方最高对接职级"])
    states = [top_level_cover(p, std) for _, p in top.groupby("客户编号")]
    n_acc, none_ok = len(states), states.count("全部未达标")
    if not len(top):
        return "这些客户的决策链上还没有决策层联系人。"
    need = std["决策层"]
    day = chain.attrs.get("as_of")
    head = f"截至 {day:%Y-%m-%d}，有联系人记录的 " if day is not None and pd.notna(day) else ""
    return (f"{head}{chain['客户编号'].nunique()} 家客户的 {len(top)} 位决策层联系人中，{ok} 位（{ok / len(top):.1%}）"
            f"有{need}及以上的人对接。\n在有决策层联系人的 {n_acc} 家客户中，"
            f"{none_ok} 家（{none_ok / n_acc:.1%}）的决策层联系人全部没有{need}及以上的人对接。")


# ---------------------------------------------------------------------------------------
# Interaction lines and senior load
# ---------------------------------------------------------------------------------------

LINES: tuple[str, ...] = ("高层线", "技术线", "商务线")
BROKEN_DAYS = 60


def line_of(rank: Any, function: Any) -> str:
    """The interaction line of a visitor: 技术线 for technical people, 高层线 for 总监 and above, else 商务线.

    Args:
        rank: the visitor's rank (one of :data:`OUR_RANKS`).
        function: the visitor's function (销售 / 技术 / 管理).

    Returns:
        The line.

    >>> line_of("副总", "技术"), line_of("总监", "销售"), line_of("经理", "销售")
    ('技术线', '高层线', '商务线')
    """
    if str(function) == "技术":
        return "技术线"
    return "高层线" if OUR_RANKS.index(str(rank)) >= OUR_RANKS.index("总监") else "商务线"


_VISIT_SPEC = {
    "customer_id": {"type": "id", "allow_null": True},
    "visit_date": {"type": "date", "allow_null": True, "aliases": ("拜访日期",)},
    "visitor_id": {"type": "id", "allow_null": True, "aliases": ("拜访人", "拜访人编号", "visitor")},
    "visit_type": {"type": "text", "required": False, "allow_null": True, "aliases": ("拜访方式", "拜访类型")},
}


def _longest_gap(days: list[pd.Timestamp], first: pd.Timestamp, start: pd.Timestamp,
                 end: pd.Timestamp) -> tuple[int, pd.Timestamp, pd.Timestamp, bool]:
    """(days, from, to, censored) of the longest silence that reaches into the window [start, end].

    A silence runs from one visit to the next (or to ``end``); one that began before the window
    counts from the visit before the window. With no visit before it in the records (which begin
    on ``first``), it counts from ``first`` and is censored: the real silence may be longer.
    """
    best = (-1, start, end, False)
    edges = sorted({d for d in days if d <= end})
    pairs = [(first, edges[0] if edges else end, True), *((a, b, False) for a, b in zip(edges, [*edges[1:], end]))]
    for a, b, censored in pairs:
        if b >= start and (b - a).days > best[0]:
            best = ((b - a).days, a, b, censored)
    return best


def interaction_lines(visits: pd.DataFrame, people: pd.DataFrame | None, customer: Any, *, as_of: Any,
                      months: int = 12, broken_days: int = BROKEN_DAYS) -> pd.DataFrame:
    """Visits to one customer per line (高层线 / 技术线 / 商务线) and calendar month, and each line's longest silence.

    The window is the ``months`` calendar months ending with the month of ``as_of`` (up to
    ``as_of``). A visit belongs to the line of its visitor (:func:`line_of`). A line's longest
    silence is the most days from one visit to the next (or to ``as_of``) among the silences
    that reach into the window, counted from the last visit **before** the window when there is
    one; with none in the records it counts from the first day of the records and is marked
    ``censored`` (at least that long). 断线 = a silence of more than ``broken_days`` days.

    Args:
        visits: one row per visit: customer, date, visitor (拜访人) -- case table or export.
        people: our people (default :func:`our_people`).
        customer: the customer id.
        as_of: the review date.
        months: months in the window.
        broken_days: a line is 断线 when its longest silence is longer than this.

    Returns:
        One row per (线, 月份): 线, 月份 (first day of the month), 拜访次数. ``attrs``:
        ``longest_gap`` (days), ``gap_span`` (from, to) and ``censored`` per line, ``broken``
        (lines), ``dates`` (visit dates per line in the window), ``window`` (first day, as_of),
        ``records_from`` (the first visit day of the whole table), ``broken_days``.

    >>> p = our_people(pd.DataFrame({"人员编号": ["S1", "L1"], "职级": ["销售代表", "总监"]}))
    >>> v = pd.DataFrame({"客户编号": ["A", "A", "A", "A"], "拜访人": ["L1", "S1", "S1", "L1"],
    ...                   "拜访日期": ["2024-10-10", "2025-01-15", "2025-03-10", "2025-07-10"]})
    >>> lines = interaction_lines(v, p, "A", as_of="2025-12-31")
    >>> lines.attrs["longest_gap"], lines.attrs["censored"]["技术线"], lines.attrs["broken"]
    ({'高层线': 273, '技术线': 447, '商务线': 296}, True, ['高层线', '技术线', '商务线'])
    """
    people = our_people() if people is None else people
    frame = _read(visits, _VISIT_SPEC)
    end = pd.Timestamp(as_of).normalize()
    start = (end - pd.DateOffset(months=months - 1)).replace(day=1)
    cid = _norm(customer)
    known = frame["visit_date"].dropna()
    first = known[known <= end].min() if len(known[known <= end]) else start  # where the records begin
    mine = [p for p, c in enumerate(frame["customer_id"]) if not _blank(c) and _norm(c) == cid]
    dates: dict[str, list[pd.Timestamp]] = {line: [] for line in LINES}
    every: dict[str, list[pd.Timestamp]] = {line: [] for line in LINES}
    for pos in mine:
        day = frame["visit_date"].iloc[pos]
        if pd.isna(day) or day.normalize() > end:
            continue
        who = frame["visitor_id"].iloc[pos]
        who = None if _blank(who) else _norm(who)
        if who not in people.index:
            raise _bad(frame, pos, "拜访人", f"拜访人 {who} 不在人员表中", f"visitor {who} is not in the people table",
                       "请检查拜访人编号，或把这个人加进人员表", "check the id or add the person to the people table")
        line = line_of(people.loc[who, "对接职级"], people.loc[who, "职能"])
        every[line].append(day.normalize())
        if day.normalize() >= start:
            dates[line].append(day.normalize())
    month_starts = pd.date_range(start, end, freq="MS")
    rows = [{"线": line, "月份": m, "拜访次数": sum(1 for d in dates[line] if d.year == m.year and d.month == m.month)}
            for line in LINES for m in month_starts]
    out = pd.DataFrame(rows, columns=["线", "月份", "拜访次数"])
    gaps = {line: _longest_gap(every[line], first.normalize(), start, end) for line in LINES}
    out.attrs.update(longest_gap={k: v[0] for k, v in gaps.items()}, gap_span={k: v[1:3] for k, v in gaps.items()},
                     censored={k: v[3] for k, v in gaps.items()}, records_from=first.normalize(),
                     broken=[k for k, v in gaps.items() if v[0] > broken_days], dates=dates, window=(start, end),
                     broken_days=broken_days, customer=cid)
    return out


def interaction_summary(lines: pd.DataFrame) -> pd.DataFrame:
    """One row per line: 拜访次数, 有拜访的月数, 最长无互动（天）, 无互动区间, 断线 (longer than the stated limit).

    Args:
        lines: output of :func:`interaction_lines`.

    Returns:
        Indexed by line (高层线, 技术线, 商务线; ``columns.name`` 线). 无互动区间 says where the
        longest silence starts and ends (a visit, the first day of the records, or the review date).

    >>> p = our_people(pd.DataFrame({"人员编号": ["S1"], "职级": ["销售代表"]}))
    >>> v = pd.DataFrame({"客户编号": ["A", "A"], "拜访日期": ["2024-09-01", "2025-12-01"], "拜访人": ["S1", "S1"]})
    >>> row = interaction_summary(interaction_lines(v, p, "A", as_of="2025-12-31")).loc["商务线"]
    >>> int(row["拜访次数"]), int(row["最长无互动（天）"]), row["无互动区间"], bool(row["断线"])
    (1, 456, '2024-09-01 上次拜访 → 2025-12-01 下次拜访', True)
    """
    gap, span, censored = lines.attrs["longest_gap"], lines.attrs["gap_span"], lines.attrs["censored"]
    end = lines.attrs["window"][1]

    def where(line: str) -> str:
        a, b = span[line]
        left = f"拜访记录起点 {a:%Y-%m-%d}（此前无记录，实际更长）" if censored[line] else f"{a:%Y-%m-%d} 上次拜访"
        right = f"{b:%Y-%m-%d} 复盘日" if b == end else f"{b:%Y-%m-%d} 下次拜访"
        return f"{left} → {right}"

    out = pd.DataFrame({
        "拜访次数": lines.groupby("线")["拜访次数"].sum(),
        "有拜访的月数": lines.groupby("线")["拜访次数"].apply(lambda s: int((s > 0).sum())),
    }).reindex(list(LINES))
    out["最长无互动（天）"] = [gap[line] for line in LINES]
    out["无互动区间"] = [where(line) for line in LINES]
    out["断线"] = [line in lines.attrs["broken"] for line in LINES]
    out.index.name, out.columns.name = None, "线"
    return out


def senior_load(chain: pd.DataFrame, people: pd.DataFrame | None = None, visits: pd.DataFrame | None = None, *,
                year: int = 2025, listed: Iterable[Any] | None = None) -> pd.DataFrame:
    """How many decision-level contacts each of our people at 总监 or above covers (owner or sponsor).

    Args:
        chain: output of ``decision_chain`` for all key accounts.
        people: our people (default :func:`our_people`).
        visits: the visits table, to count each person's 高层会晤 in ``year`` (optional).
        year: the year for the visit count.
        listed: ids of the 立体经营名单, to count how many covered customers are on it.

    Returns:
        One row per person (rank ≥ 总监): 姓名, 职务, 对接职级, 对接的决策层联系人数, 涉及客户数,
        and optionally 其中立体经营名单客户数 and ``{year}年高层会晤次数``.

    >>> p = our_people(pd.DataFrame({"人员编号": ["L1"], "职级": ["总监"]}))
    >>> chain = pd.DataFrame({"客户编号": ["A"], "层级": ["决策层"], "日常对接人编号": [None],
    ...                       "高层对接人编号": ["L1"]})
    >>> senior_load(chain, p)[["对接的决策层联系人数", "涉及客户数"]].values.tolist()
    [[1, 1]]
    """
    people = our_people() if people is None else people
    senior = people[[OUR_RANKS.index(str(r)) >= OUR_RANKS.index("总监") for r in people["对接职级"]]]
    top = chain[chain["层级"] == "决策层"]
    listed_set = {_norm(x) for x in listed} if listed is not None else None
    talks = None
    if visits is not None:
        v = _read(visits, _VISIT_SPEC)
        v = v[v["visit_date"].dt.year == year]
        if "visit_type" in v.columns:
            v = v[v["visit_type"].astype(str) == "高层会晤"]
        talks = v["visitor_id"].astype(str).value_counts()
    rows = []
    for pid, person in senior.iterrows():
        mine = top[(top["日常对接人编号"] == pid) | (top["高层对接人编号"] == pid)]
        row = {"人员编号": pid, "姓名": person["姓名"], "职务": person["职务"], "对接职级": str(person["对接职级"]),
               "对接的决策层联系人数": len(mine), "涉及客户数": int(mine["客户编号"].nunique())}
        if listed_set is not None:
            row["其中立体经营名单客户数"] = int(sum(c in listed_set for c in mine["客户编号"].unique()))
        if talks is not None:
            row[f"{year}年高层会晤次数"] = int(talks.get(pid, 0))
        rows.append(row)
    out = pd.DataFrame(rows)
    if len(out):
        out = out.set_index("人员编号")
        out.index.name, out.columns.name = None, "人员编号"
    out.attrs["year"] = year
    return out


def senior_sentence(load: pd.DataFrame, chain: pd.DataFrame, *, meetings_per_year: int = 4) -> str:
    """How stretched our senior people would be if every decision-level contact had one, against a stated capacity.

    Args:
        load: output of :func:`senior_load` (with visits, for the year's 高层会晤 count).
        chain: the chain of all key accounts (the one ``load`` was computed from).
        meetings_per_year: meetings a year that keep one decision-level relationship alive
            (4 = once a quarter).

    Returns:
        Two sentences with the counts: today's load, and what covering every 决策层 contact
        would take per senior person, beside the most meetings any of them held in the year.

    >>> load = pd.DataFrame({"对接的决策层联系人数": [3, 1], "2025年高层会晤次数": [5, 2]})
    >>> load.attrs["year"] = 2025
    >>> chain = pd.DataFrame({"客户编号": ["A", "B", "C"], "层级": ["决策层"] * 3})
    >>> print(senior_sentence(load, chain))
    我方总监及以上的 2 位高层现在一共对接 4 人次的决策层联系人。
    3 家客户共有 3 位决策层联系人；都由高层对接、每人每年见 4 次（每季度 1 次）的话，
    平均每位高层每年要做约 6 次会晤；2025 年会晤最多的一位高层做了 5 次。
    """
    top = chain[chain["层级"] == "决策层"]
    n = max(len(load), 1)
    covered = int(load["对接的决策层联系人数"].sum())
    need = len(top) * meetings_per_year / n
    column = f"{load.attrs.get('year', '')}年高层会晤次数"
    most = (f"；{load.attrs['year']} 年会晤最多的一位高层做了 {int(load[column].max())} 次"
            if column in load.columns and len(load) else "")
    often = "（每季度 1 次）" if meetings_per_year == 4 else ""
    return (f"我方总监及以上的 {len(load)} 位高层现在一共对接 {covered} 人次的决策层联系人。\n"
            f"{chain['客户编号'].nunique()} 家客户共有 {len(top)} 位决策层联系人；都由高层对接、每人每年见 "
            f"{meetings_per_year} 次{often}的话，\n平均每位高层每年要做约 {need:.0f} 次会晤{most}。")
