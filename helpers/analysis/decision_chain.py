"""Decision chains of key accounts (lecture 3): who decides, who covers them, where the gaps are.

A decision chain (决策链, buying centre) is everyone in a customer's organisation who takes
part in a purchase, each with a level (决策层 / 管理层 / 执行层), a role (决策者, 把关者, 影响者,
采购者, 使用者), an influence score and a relationship score (1-5) and an attitude (反对 / 中立
/ 支持). Our side covers them with a daily owner (日常对接人) and, for some, a senior sponsor
(高层对接人). The rules below are stated once and used by the notebook, the worksheet and the
exercises (lecture 4 reuses 关键人 and the ranks):

* **关键人** (key person): influence ≥ 4, or the role is 决策者;
* **关系弱**: relationship ≤ 2; **久未联系**: more than 90 days (key persons) or 180 days
  (others) since the last contact, or never contacted;
* **倒三角 standard**: a 决策层 contact needs a 总监 or above of ours, 管理层 a 经理 or above;
  our rank for a contact is the higher of its owner's and its sponsor's. The standard binds
  for 决策层 contacts and key persons (the gap 对接层级不足); for any other contact below his
  level's standard it is advice only (column 提示, no gap): senior time is scarce;
* gaps are ranked by influence, then severity, then weaker relationship first.

Functions take the case tables (``load_case("contacts")``, :func:`our_people`) or a trainee's
own export with Chinese headers (联系人, 层级, 决策角色, 影响力, 态度, 关系强度, 对接人 ...),
read through :func:`helpers.read_table`. Bad values raise :class:`~helpers.errors.DataError`
naming the row (data rows from 1; Excel rows for a file read with ``read_table``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..data.columns import require_columns
from ..data.parse import parse_date
from ..errors import DataError

#: Our people's ranks for coverage, low -> high.
OUR_RANKS: tuple[str, ...] = ("销售代表", "高级销售", "经理", "总监", "副总", "总经理")
NO_COVER = "无人对接"
#: Rows of the coverage matrix, top -> bottom.
COVER_ROWS: tuple[str, ...] = (*OUR_RANKS[::-1], NO_COVER)
#: The customer's levels, top -> bottom.
THEIR_LEVELS: tuple[str, ...] = ("决策层", "管理层", "执行层")
ROLES: tuple[str, ...] = ("决策者", "把关者", "影响者", "采购者", "使用者")
ATTITUDES: tuple[str, ...] = ("反对", "中立", "支持")
#: Where a role usually sits (for drawing a role nobody has been named for).
ROLE_LEVEL: dict[str, str] = {"决策者": "决策层", "把关者": "管理层", "影响者": "管理层",
                              "采购者": "执行层", "使用者": "执行层"}
#: The 倒三角 standard: the lowest rank of ours that may cover a contact of each level.
DEFAULT_STANDARD: dict[str, str] = {"决策层": "总监", "管理层": "经理", "执行层": "销售代表"}
KEY_INFLUENCE = 4
WEAK = 2
STALE_DAYS: tuple[int, int] = (90, 180)

GAP_SEVERITY: dict[str, int] = {"关键人反对": 3, "无人对接": 3, "关键人关系弱": 2, "对接层级不足": 2,
                                "久未联系": 1, "反对者（影响力较低）": 1}
GAP_ACTIONS: dict[str, str] = {
    "关键人反对": "弄清反对原因；安排与他对等的我方人员面谈（技术对技术）；用参观或试点拿出证据",
    "关键人关系弱": "列入高层或客户总负责人的月度拜访；找一个他关心的具体问题切入",
    "对接层级不足": "指定一位达到标准职级的我方对接人，一个月内完成首次会面",
    "无人对接": "本周内指定日常对接人",
    "久未联系": "两周内安排一次拜访或电话，并更新态度和关系打分",
    "反对者（影响力较低）": "由日常对接人保持联系，了解他的意见，防止在内部扩散",
    "决策链未梳理": "一个月内完成第 1 步：列出参与采购的人、角色和我方对接人",
    "缺少决策层联系人": "请现有的支持者引荐，三个月内识别并拜访对方决策层",
    "未识别角色": "下次拜访时问清由谁承担这个角色",
}
QUADRANTS: dict[tuple[str, str], str] = {("高", "支持"): "依靠", ("高", "中立"): "争取", ("高", "反对"): "化解",
                                         ("低", "支持"): "培养", ("低", "中立"): "关注", ("低", "反对"): "关注"}

_LEVEL_WORDS = {"决策层": ("决策层", "高层"), "管理层": ("管理层", "中层"), "执行层": ("执行层", "基层")}
_ATTITUDE_WORDS = {"支持": ("支持", "友好", "认可"), "中立": ("中立", "观望", "未表态"),
                   "反对": ("反对", "不支持", "抵触")}
_ROLE_WORDS = {r: (r,) for r in ROLES}

CHAIN_COLUMNS: tuple[str, ...] = (
    "客户编号", "联系人编号", "联系人", "职务", "层级", "决策角色", "影响力", "态度", "关系强度",
    "日常对接人", "日常对接人编号", "日常对接人职级", "高层对接人", "高层对接人编号", "高层对接人职级",
    "我方最高对接职级", "是否关键人", "距上次联系_天", "缺口", "缺口数", "严重度", "优先级", "象限", "汇报对象编号",
    "提示")
#: Advice (not a gap) for a contact neither key nor at the 决策层 whose cover is below his level's standard.
ADVISORY = "对接层级偏低（参考：{level}建议{need}及以上，不计缺口）"


# ---------------------------------------------------------------------------------------
# Reading tables (case data or a trainee's export)
# ---------------------------------------------------------------------------------------

def _norm(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")


def _blank(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or \
        (isinstance(value, str) and value.strip() in ("", "—", "-", "nan", "None"))


def _read(df: pd.DataFrame, spec: Mapping[str, Any]) -> pd.DataFrame:
    """Columns found and typed by :func:`require_columns`; rows numbered as the trainee counts them."""
    if not isinstance(df, pd.DataFrame):
        raise DataError(f"需要一张表（DataFrame），实际是 {type(df).__name__}",
                        f"expected a table (DataFrame), got {type(df).__name__}",
                        fix_zh="先用 h.read_table(\"文件名.xlsx\") 读入表格",
                        fix_en="read the file with h.read_table first")
    frame = df.reset_index(drop=True)
    frame.attrs = dict(df.attrs)
    own_numbers = "header_row" not in frame.attrs
    if own_numbers:  # an in-memory table: require_columns counts its rows from 1 too
        frame.attrs["header_row"] = 0
    out = require_columns(frame, spec)
    if own_numbers:
        out.attrs.pop("header_row", None)
    return out


def row_number(frame: pd.DataFrame, pos: int) -> int:
    """The row a trainee looks for: data rows from 1, or the Excel row for a file from ``read_table``.

    Args:
        frame: the table (its ``attrs`` say whether it came from a file).
        pos: the 0-based position of the row.

    Returns:
        The row number to print.

    >>> row_number(pd.DataFrame({"a": [1, 2]}), 1)
    2
    >>> f = pd.DataFrame({"a": [1, 2]}); f.attrs.update(header_row=1, skipped_rows=[])
    >>> row_number(f, 1)
    3
    """
    if "header_row" not in frame.attrs:
        return int(pos) + 1
    row = frame.attrs["header_row"] + 1 + int(pos)
    for skipped in frame.attrs.get("skipped_rows", ()):
        if skipped <= row:
            row += 1
    return row


def _bad(frame: pd.DataFrame, pos: int, column: str, zh: str, en: str, fix_zh: str, fix_en: str) -> DataError:
    return DataError(zh, en, fix_zh=fix_zh, fix_en=fix_en, column=column, row=row_number(frame, pos),
                     source=frame.attrs.get("source"))


def _choice(frame: pd.DataFrame, column: str, label: str, words: Mapping[str, tuple[str, ...]],
            required: bool = True) -> list[str | None]:
    lookup = {_norm(w): key for key, ws in words.items() for w in ws}
    out: list[str | None] = []
    for pos, value in enumerate(frame[column]):
        if _blank(value):
            if required:
                raise _bad(frame, pos, label, f"“{label}”是空的", f"'{label}' is blank",
                           f"请填写{label}（{'、'.join(words)}之一）", f"fill in one of {', '.join(words)}")
            out.append(None)
            continue
        key = lookup.get(_norm(value))
        if key is None:
            raise _bad(frame, pos, label, f"“{value}”不是可用的{label}", f"'{value}' is not a valid {label}",
                       f"请改成 {'、'.join(words)} 之一", f"use one of {', '.join(words)}")
        out.append(key)
    return out


def _score(frame: pd.DataFrame, column: str, label: str) -> list[int]:
    out = []
    for pos, value in enumerate(frame[column]):
        try:
            number = float(_norm(value)) if not _blank(value) else np.nan
        except ValueError:
            number = np.nan
        if not (number == number and number.is_integer() and 1 <= number <= 5):
            raise _bad(frame, pos, label, f"{label}应当是 1 到 5 的整数，这里是“{value}”",
                       f"{label} must be a whole number from 1 to 5, got {value!r}",
                       "请改成 1、2、3、4、5 中的一个", "use 1, 2, 3, 4 or 5")
        out.append(int(number))
    return out


def _ids(frame: pd.DataFrame, column: str) -> list[str | None]:
    if column not in frame.columns:
        return [None] * len(frame)
    return [None if _blank(v) else _norm(v) for v in frame[column]]


# ---------------------------------------------------------------------------------------
# The decision chain
# ---------------------------------------------------------------------------------------

_CONTACT_SPEC = {
    "customer_id": {"type": "id", "allow_null": True},
    "contact_name": {"type": "text", "allow_null": True},
    "org_level": {"type": "text", "allow_null": True, "aliases": ("level",)},
    "decision_role": {"type": "text", "allow_null": True},
    "influence": {"type": "text", "allow_null": True},
    "attitude": {"type": "text", "allow_null": True},
    "relationship": {"type": "text", "allow_null": True},
    "contact_id": {"type": "id", "required": False, "allow_null": True},
    "title": {"type": "text", "required": False, "allow_null": True},
    "owner_rep_id": {"type": "text", "required": False, "allow_null": True},
    "sponsor_id": {"type": "text", "required": False, "allow_null": True},
    "last_contact_date": {"type": "text", "required": False, "allow_null": True},
    "reports_to": {"type": "id", "required": False, "allow_null": True},
}


def _date_or_bad(frame: pd.DataFrame, pos: int, value: Any, label: str) -> pd.Timestamp:
    if _blank(value):
        return pd.NaT
    stamp = parse_date(value)  # the course's documented forms only: "5/3/2025" is ambiguous, so refused
    if pd.isna(stamp):
        raise _bad(frame, pos, label, f"“{value}”不是日期，或者年、月、日的顺序不明确",
                   f"{value!r} is not a date, or its day and month order is ambiguous",
                   "请写成 2025-03-05 或 2025年3月5日 这样的日期", "write a date like 2025-03-05")
    return pd.Timestamp(stamp).normalize()


def _person(frame: pd.DataFrame, pos: int, value: str | None, people: pd.DataFrame, label: str) -> str | None:
    if value is None:
        return None
    if value in people.index:
        return value
    named = people.index[people["姓名"] == value]
    if len(named) == 1:  # a trainee's file may give the name instead of the id
        return str(named[0])
    raise _bad(frame, pos, label, f"{label}编号 {value} 不在人员表中", f"{label} {value} is not in the people table",
               "请检查编号是否写错，或把这个人加进人员表（h.our_people(我的人员表)）",
               "check the id, or add the person to the people table")


def _read_contacts(contacts: pd.DataFrame, people: pd.DataFrame, as_of: Any) -> tuple[pd.DataFrame, pd.Timestamp]:
    frame = _read(contacts, _CONTACT_SPEC)
    n = len(frame)
    data = pd.DataFrame(index=range(n))
    data["客户编号"] = _ids(frame, "customer_id")
    for pos, cid in enumerate(data["客户编号"]):
        if _blank(cid):
            raise _bad(frame, pos, "客户编号", "客户编号是空的", "customer id is blank", "请填写客户编号", "fill it in")
    ids = _ids(frame, "contact_id")
    data["联系人编号"] = [i if i is not None else f"K{pos + 1}" for pos, i in enumerate(ids)]
    seen: dict[str, int] = {}
    for pos, cid in enumerate(data["联系人编号"]):
        if cid in seen:
            first = row_number(frame, seen[cid])
            raise _bad(frame, pos, "联系人编号", f"联系人编号 {cid} 重复（第一次出现在第 {first} 行）",
                       f"contact id {cid} is repeated", "每位联系人只能有一个编号", "give each contact its own id")
        seen[cid] = pos
    names = [None if _blank(v) else str(v).strip() for v in frame["contact_name"]]
    titles = [None if _blank(v) else str(v).strip() for v in frame.get("title", pd.Series([None] * n))]
    data["联系人"] = [nm or t or cid for nm, t, cid in zip(names, titles, data["联系人编号"])]
    data["职务"] = [t or "" for t in titles]
    data["层级"] = _choice(frame, "org_level", "层级", _LEVEL_WORDS)
    data["决策角色"] = _choice(frame, "decision_role", "决策角色", _ROLE_WORDS)
    data["影响力"] = _score(frame, "influence", "影响力")
    data["态度"] = _choice(frame, "attitude", "态度", _ATTITUDE_WORDS)
    data["关系强度"] = _score(frame, "relationship", "关系强度")
    for column, canonical, label in (("日常对接人编号", "owner_rep_id", "对接人"),
                                     ("高层对接人编号", "sponsor_id", "高层对接人")):
        data[column] = [_person(frame, p, v, people, label) for p, v in enumerate(_ids(frame, canonical))]
    raw_dates = frame["last_contact_date"] if "last_contact_date" in frame.columns else pd.Series([None] * n)
    data["最近联系日期"] = pd.to_datetime(pd.Series(
        [_date_or_bad(frame, p, v, "最近联系日期") for p, v in enumerate(raw_dates)], dtype="object"))
    if as_of is None:
        stamp = data["最近联系日期"].max()
    else:
        stamp = parse_date(as_of) if not isinstance(as_of, pd.Timestamp) else as_of.normalize()
        if pd.isna(stamp):
            raise DataError(f"无法识别的复盘日：{as_of!r}", f"not a date: {as_of!r}",
                            fix_zh="请写成 '2025-12-31' 这样的日期", fix_en="give a date such as '2025-12-31'")
    late = data["最近联系日期"] > stamp
    if late.any():
        pos = int(np.flatnonzero(late.to_numpy())[0])
        day = data["最近联系日期"][pos]
        raise _bad(frame, pos, "最近联系日期", f"最近联系日期 {day:%Y-%m-%d} 晚于复盘日 {stamp:%Y-%m-%d}",
                   "the last contact date is after the review date", "请检查日期，或把复盘日（as_of）设得更晚",
                   "check the date or use a later as_of")
    data["汇报对象编号"] = _ids(frame, "reports_to")
    _check_reports_to(frame, data)
    data.attrs["has_owner_columns"] = "owner_rep_id" in frame.columns or "sponsor_id" in frame.columns
    return data, stamp


def _check_reports_to(frame: pd.DataFrame, data: pd.DataFrame) -> None:
    ids, bosses = list(data["联系人编号"]), [None if _blank(b) else b for b in data["汇报对象编号"]]
    customers, levels = list(data["客户编号"]), list(data["层级"])
    pos_of = {cid: pos for pos, cid in enumerate(ids)}
    height = {lvl: i for i, lvl in enumerate(THEIR_LEVELS[::-1])}  # 执行层 0 .. 决策层 2
    fix = ("“汇报对象”填的是同一客户中此人上级的联系人编号；不知道就留空",
           "reports_to is the id of the contact's boss at the same customer; leave it blank if unknown")
    for pos, boss in enumerate(bosses):
        if boss is None:
            continue
        if boss == ids[pos]:
            raise _bad(frame, pos, "汇报对象", f"{boss} 的汇报对象是他自己", f"{boss} reports to itself", *fix)
        if boss not in pos_of:
            raise _bad(frame, pos, "汇报对象", f"汇报对象 {boss} 不在联系人表中", f"reports_to {boss} is unknown", *fix)
        bpos = pos_of[boss]
        if customers[bpos] != customers[pos]:
            raise _bad(frame, pos, "汇报对象", f"汇报对象 {boss} 属于另一家客户", f"{boss} belongs to another customer",
                       *fix)
        if height[levels[bpos]] < height[levels[pos]]:
            raise _bad(frame, pos, "汇报对象", f"汇报对象 {boss} 在{levels[bpos]}，比此人（{levels[pos]}）层级低",
                       f"{boss} is at a lower level than {ids[pos]}", *fix)
    for start in range(len(ids)):
        path: list[int] = []
        node: int | None = start
        while node is not None and node not in path:
            path.append(node)
            node = pos_of.get(bosses[node]) if bosses[node] is not None else None
        if node is not None:  # came back to a contact already on the path
            cycle = path[path.index(node):]
            names = " → ".join(ids[p] for p in [*cycle, node])
            raise _bad(frame, min(cycle), "汇报对象", f"汇报关系形成循环：{names}",
                       f"reports_to forms a cycle: {names}", *fix)


def _gaps(row: Mapping[str, Any], standard: Mapping[str, str], key: bool, weak: int,
          stale: tuple[int, int]) -> list[tuple[str, str]]:
    """(type, text) of each gap of one contact, in the stated order."""
    out = []
    if key and row["态度"] == "反对":
        out.append(("关键人反对", "关键人反对"))
    if key and row["关系强度"] <= weak:
        out.append(("关键人关系弱", "关键人关系弱"))
    rank = row["我方最高对接职级"]
    need = standard[row["层级"]]
    if rank == NO_COVER:
        out.append(("无人对接", "无人对接"))
    elif OUR_RANKS.index(rank) < OUR_RANKS.index(need) and (key or row["层级"] == THEIR_LEVELS[0]):
        out.append(("对接层级不足", f"对接层级不足（需{need}及以上）"))
    days = row["距上次联系_天"]
    limit = stale[0] if key else stale[1]
    if days != days:
        out.append(("久未联系", "从未联系"))
    elif days > limit:
        out.append(("久未联系", f"超过 {limit} 天未联系"))
    if not key and row["态度"] == "反对":
        out.append(("反对者（影响力较低）", "反对者（影响力较低）"))
    return out


def _advice(row: Mapping[str, Any], standard: Mapping[str, str], key: bool) -> str:
    """The 提示 of one contact: cover below the standard where the standard is advice only, else "—"."""
    rank, need = row["我方最高对接职级"], standard[row["层级"]]
    if key or row["层级"] == THEIR_LEVELS[0] or rank == NO_COVER or OUR_RANKS.index(rank) >= OUR_RANKS.index(need):
        return "—"
    return ADVISORY.format(level=row["层级"], need=need)


def _standard(standard: Mapping[str, str] | None) -> dict[str, str]:
    merged = {**DEFAULT_STANDARD, **(standard or {})}
    wrong = {k: v for k, v in merged.items() if k not in THEIR_LEVELS or v not in OUR_RANKS}
    if wrong:
        raise DataError(f"对接层级标准写得不对：{wrong}", f"bad standard: {wrong}",
                        fix_zh=f"层级用 {'、'.join(THEIR_LEVELS)}，职级用 {'、'.join(OUR_RANKS)}",
                        fix_en=f"levels: {', '.join(THEIR_LEVELS)}; ranks: {', '.join(OUR_RANKS)}")
    return merged


def decision_chain(contacts: pd.DataFrame, people: pd.DataFrame | None = None, customer: Any = None, *,
                   as_of: Any = None, standard: Mapping[str, str] | None = None, key_influence: int = KEY_INFLUENCE,
                   weak: int = WEAK, stale_days: tuple[int, int] = STALE_DAYS) -> pd.DataFrame:
    """The decision chain of one, several or all customers, with key persons, coverage and gaps.

    Args:
        contacts: one row per contact: customer id, name, level (层级), role (决策角色),
            influence, attitude, relationship; optional id, title, owner (对接人), sponsor
            (高层对接人), last contact date, reports_to. Case table or a trainee's export.
        people: our people, from :func:`helpers.analysis.multilevel.our_people` (default: the
            case company's).
        customer: one customer id, a list of ids, or None for every customer.
        as_of: the review date (复盘日); default: the latest last-contact date in the table.
        standard: 倒三角 standard per level (default :data:`DEFAULT_STANDARD`).
        key_influence: influence from which a contact is a key person.
        weak: relationship at or below which a key person's relationship is weak.
        stale_days: days without contact after which key persons / others count as 久未联系.

    Returns:
        One row per contact (columns :data:`CHAIN_COLUMNS`), sorted by customer and 优先级
        (contacts without a gap last, 优先级 NaN). ``attrs``: ``as_of``, ``standard``,
        ``customers_without_contacts`` (ids asked for that have no contact), ``notes``.

    Raises:
        DataError: a score outside 1-5, an unknown level / role / attitude, a repeated
            contact id, an owner not in ``people``, a last contact after ``as_of``, or a
            broken reports_to (itself, unknown, other customer, lower level, a cycle).

    >>> from helpers.analysis.multilevel import our_people
    >>> people = our_people(pd.DataFrame({"人员编号": ["S1", "L1"], "职级": ["销售代表", "总监"]}))
    >>> contacts = pd.DataFrame({"客户编号": ["A", "A"], "联系人": ["蔡总", "周工"], "层级": ["决策层", "执行层"],
    ...     "决策角色": ["决策者", "使用者"], "影响力": [5, 2], "态度": ["中立", "支持"], "关系强度": [2, 4],
    ...     "对接人": ["S1", "S1"], "最近联系日期": ["2025-08-20", "2025-12-01"]})
    >>> chain = decision_chain(contacts, people, as_of="2025-12-31")
    >>> first = chain.loc[0]
    >>> print(first["联系人"], bool(first["是否关键人"]), first["距上次联系_天"], first["优先级"])
    蔡总 True 133.0 1.0
    >>> chain.loc[0, "缺口"]
    '关键人关系弱；对接层级不足（需总监及以上）；超过 90 天未联系'
    """
    if people is None:
        from .multilevel import our_people

        people = our_people()
    std = _standard(standard)
    data, stamp = _read_contacts(contacts, people, as_of)
    asked: list[str] = []
    if customer is not None:
        asked = [_norm(c) for c in ([customer] if isinstance(customer, str) or not isinstance(customer, Iterable)
                                    else customer)]
        data = data[data["客户编号"].isin(asked)].reset_index(drop=True)
    rank = people["对接职级"].astype(str)
    names = people["姓名"].astype(str)

    def cover(owner: str | None, sponsor: str | None) -> str:
        ranks = [rank[p] for p in (owner, sponsor) if p is not None]
        return max(ranks, key=OUR_RANKS.index) if ranks else NO_COVER

    owners = [None if _blank(o) else o for o in data["日常对接人编号"]]
    sponsors = [None if _blank(o) else o for o in data["高层对接人编号"]]
    data["日常对接人"] = [names[o] if o is not None else "（无人对接）" for o in owners]
    data["高层对接人"] = [names[o] if o is not None else "—" for o in sponsors]
    data["日常对接人职级"] = [rank[o] if o is not None else NO_COVER for o in owners]
    data["高层对接人职级"] = [rank[o] if o is not None else "—" for o in sponsors]
    data["我方最高对接职级"] = [cover(o, p) for o, p in zip(owners, sponsors)]
    data["是否关键人"] = [(i >= key_influence) or (r == "决策者") for i, r in zip(data["影响力"], data["决策角色"])]
    data["距上次联系_天"] = ((stamp - data["最近联系日期"]).dt.days.astype("float64")
                        if pd.notna(stamp) else np.nan)
    gaps = [_gaps(row, std, row["是否关键人"], weak, stale_days) for _, row in data.iterrows()]
    data["缺口"] = ["；".join(t for _, t in g) or "—" for g in gaps]
    data["提示"] = [_advice(row, std, row["是否关键人"]) for _, row in data.iterrows()]
    data["缺口数"] = [len(g) for g in gaps]
    data["严重度"] = [sum(GAP_SEVERITY[k] for k, _ in g) for g in gaps]
    data["象限"] = [QUADRANTS[("高" if i >= key_influence else "低", a)] for i, a in zip(data["影响力"], data["态度"])]
    data = data.sort_values(["客户编号", "影响力", "严重度", "关系强度", "联系人编号"],
                            ascending=[True, False, False, True, True], kind="stable")
    has_gap = data["缺口数"] > 0
    data["优先级"] = np.nan
    data.loc[has_gap, "优先级"] = data[has_gap].groupby("客户编号").cumcount().astype(float) + 1
    data = pd.concat([data[has_gap], data[~has_gap]]).sort_values("客户编号", kind="stable")
    data["我方最高对接职级"] = pd.Categorical(data["我方最高对接职级"], categories=(NO_COVER, *OUR_RANKS), ordered=True)
    out = data.reindex(columns=list(CHAIN_COLUMNS)).reset_index(drop=True)
    out["是否关键人"] = out["是否关键人"].astype(bool)
    notes = []
    if not contacts.empty and not data.attrs.get("has_owner_columns", True):
        notes.append("表中没有对接人列，所有联系人都按“无人对接”处理")
    out.attrs.update(as_of=stamp, standard=std, notes=notes,
                     customers_without_contacts=[c for c in dict.fromkeys(asked) if c not in set(out["客户编号"])])
    return out


def gap_type(text: str) -> str:
    """The gap type (a key of :data:`GAP_SEVERITY`) of one gap text in the 缺口 column.

    Args:
        text: one gap as written in the chain, e.g. "超过 90 天未联系".

    Returns:
        Its type.

    >>> gap_type("对接层级不足（需总监及以上）"), gap_type("超过 90 天未联系"), gap_type("从未联系")
    ('对接层级不足', '久未联系', '久未联系')
    """
    if text.startswith("对接层级不足"):
        return "对接层级不足"
    if text == "从未联系" or text.endswith("天未联系"):
        return "久未联系"
    return text


def chain_gaps(chain: pd.DataFrame) -> pd.DataFrame:
    """The gap list: one row per (contact, gap) in priority order, plus account-level gaps.

    Account-level rows (联系人 “（整个客户）”): 决策链未梳理 (a customer asked for with no
    contact), 缺少决策层联系人, and 未识别角色：{角色} for each of the five roles nobody holds.

    Args:
        chain: output of :func:`decision_chain`.

    Returns:
        Columns 客户编号, 优先级, 联系人, 职务, 缺口类型, 说明, 建议动作 (advice from
        :data:`GAP_ACTIONS`).

    >>> chain = pd.DataFrame({"客户编号": ["A"], "优先级": [1.0], "联系人": ["蔡总"], "职务": ["总经理"],
    ...     "层级": ["决策层"], "决策角色": ["决策者"], "缺口": ["关键人关系弱；从未联系"]})
    >>> chain_gaps(chain)[["联系人", "缺口类型"]].values.tolist()[:3]
    [['蔡总', '关键人关系弱'], ['蔡总', '久未联系'], ['（整个客户）', '未识别角色']]
    """
    rows = []
    for cid, part in chain.groupby("客户编号", sort=True):
        for _, r in part.sort_values("优先级", na_position="last").iterrows():
            if r["缺口"] in ("—", None) or r["缺口"] != r["缺口"]:
                continue
            for text in str(r["缺口"]).split("；"):
                kind = gap_type(text)
                rows.append((cid, r["优先级"], r["联系人"], r["职务"], kind, text, GAP_ACTIONS[kind]))
        if not (part["层级"] == "决策层").any():
            rows.append((cid, np.nan, "（整个客户）", "—", "缺少决策层联系人", "决策链上没有对方决策层的人",
                         GAP_ACTIONS["缺少决策层联系人"]))
        for role in ROLES:
            if not (part["决策角色"] == role).any():
                rows.append((cid, np.nan, "（整个客户）", "—", "未识别角色", f"未识别角色：{role}",
                             GAP_ACTIONS["未识别角色"]))
    for cid in chain.attrs.get("customers_without_contacts", []):
        rows.append((cid, np.nan, "（整个客户）", "—", "决策链未梳理", "还没有记录任何联系人",
                     GAP_ACTIONS["决策链未梳理"]))
    out = pd.DataFrame(rows, columns=["客户编号", "优先级", "联系人", "职务", "缺口类型", "说明", "建议动作"])
    out.index = pd.RangeIndex(1, len(out) + 1)
    return out


def chain_rules(standard: Mapping[str, str] | None = None, *, key_influence: int = KEY_INFLUENCE, weak: int = WEAK,
                stale_days: tuple[int, int] = STALE_DAYS) -> pd.DataFrame:
    """The gap rules of :func:`decision_chain` in words, with their severity and advice (for trainees).

    Args:
        standard: the 倒三角 standard (default :data:`DEFAULT_STANDARD`).
        key_influence, weak, stale_days: the same parameters as :func:`decision_chain`.

    Returns:
        One row per gap type (the index, its name in ``columns.name``): 规则, 严重度 (NaN for
        the advice that is not a gap), 建议动作.

    >>> rules = chain_rules()
    >>> rules.loc["久未联系", "规则"]
    '关键人超过 90 天、其他人超过 180 天没有拜访或沟通；从未联系也算'
    >>> int(rules.loc["对接层级不足", "严重度"]), rules.columns.name
    (2, '缺口')
    """
    std = _standard(standard)
    key = f"关键人（影响力 ≥ {key_influence}，或决策角色是决策者）"
    rows = {
        "关键人反对": f"{key}态度为反对",
        "关键人关系弱": f"关键人的关系强度 ≤ {weak}（1–5 分）",
        "无人对接": "没有我方日常对接人，也没有高层对接人",
        "对接层级不足": (f"决策层联系人或关键人，我方最高对接职级低于标准：决策层需{std['决策层']}及以上，"
                   f"管理层需{std['管理层']}及以上"),
        "久未联系": f"关键人超过 {stale_days[0]} 天、其他人超过 {stale_days[1]} 天没有拜访或沟通；从未联系也算",
        "反对者（影响力较低）": "不是关键人，但态度为反对",
    }
    out = pd.DataFrame({"规则": list(rows.values()), "严重度": [float(GAP_SEVERITY[k]) for k in rows],
                        "建议动作": [GAP_ACTIONS[k] for k in rows]}, index=list(rows))
    out.loc["（只作参考）对接层级偏低"] = [
        f"其他联系人的对接职级低于本层级的标准（如管理层由{std['管理层']}以下的人对接）：只提示，不计缺口、不排优先级",
        np.nan, "有合适的机会时请更高一级的同事同去，不专门安排"]
    out.columns.name = "缺口"
    return out
