"""Candidates for 我的行动计划: what the trainee's earlier worksheets could turn into actions.

Read-only: for each kind of :data:`SOURCE_KINDS` the most recently updated readable file is used;
unreadable files are skipped with a Chinese note, never an exception. A worksheet kind may define
``action_candidates()`` (returning ``(text, owner, due)`` triples or plain texts) to control what
it offers; otherwise known kinds are read by their fields and any other kind by its exported rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import WorksheetError
from .dates import read_date
from .model import Worksheet

OWN = "自己写"
#: The worksheets a plan draws on, in the course's order, with the lecture they belong to.
SOURCE_KINDS: dict[str, str] = {"swot": "第五讲", "five_forces": "第五讲", "decision_map": "第三讲",
                                "account_plan": "第三讲", "four_p_c": "第五讲", "ansoff": "第五讲",
                                "kiss": "第六讲", "smart_goals": "第六讲"}
CANDIDATE_COLUMNS = ["来源", "讲次", "内容", "负责人", "日期", "文件", "保存时间", "工作表"]


def _safe_date(value: Any) -> str:
    try:
        return read_date(value) if value not in (None, "") and not pd.isna(value) else ""
    except (WorksheetError, TypeError, ValueError):
        return ""


def _generic(ws: Worksheet) -> list[tuple[str, str, str]]:
    """Fallback for any kind: the non-empty content rows of its export (at most 8)."""
    out = []
    for row in ws.rows():
        part, content = row[0], row[2]
        if part in ("标题", "姓名", "更新时间") or not isinstance(content, str) or not content.strip():
            continue
        out.append((f"{part}：{content.strip()}" if part else content.strip(), "", ""))
    return out[:8]


def candidates_of(ws: Worksheet) -> list[tuple[str, str, str]]:
    """What could become an action in one worksheet: (text, owner, due YYYY-MM-DD or "").

    A kind may define ``action_candidates()`` returning such triples (or plain texts); known
    kinds are read by their fields; any other kind falls back to its exported rows.

    Args:
        ws: a loaded worksheet.

    Returns:
        The candidates, in the worksheet's order.

    >>> from helpers.worksheets.swot import SwotWorksheet
    >>> s = SwotWorksheet(); s.set_strategy("SO", "用复购优势开新店")
    >>> candidates_of(s)
    [('SO 增长型策略：用复购优势开新店', '', '')]
    """
    custom = getattr(ws, "action_candidates", None)
    if callable(custom):
        return [(c, "", "") if isinstance(c, str) else (str(c[0]), str(c[1] or ""), _safe_date(c[2]))
                for c in custom()]
    if ws.kind == "swot":
        from .swot import STRATEGIES, STRATEGY_NAMES

        return [(f"{STRATEGY_NAMES[s]}：{ws.strategies[s].strip()}", "", "")  # type: ignore[attr-defined]
                for s in STRATEGIES if ws.strategies[s].strip()]  # type: ignore[attr-defined]
    if ws.kind == "five_forces":
        from .five_forces import FORCE_NAMES

        scored = [(e.score, f) for f, e in ws.forces.items() if e.score]  # type: ignore[attr-defined]
        out = []
        if scored:
            score, force = max(scored, key=lambda sf: sf[0])
            response = ws.forces[force].response.strip()  # type: ignore[attr-defined]
            out.append((f"应对最强的力量：{FORCE_NAMES[force]}（{score}分）" + (f"：{response}" if response else ""),
                        "", ""))
        if ws.conclusion.strip():  # type: ignore[attr-defined]
            out.append((f"五力结论：{ws.conclusion.strip()}", "", ""))  # type: ignore[attr-defined]
        return out
    if ws.kind == "kiss":
        from .kiss import PART_NAMES

        return [(f"{PART_NAMES[p]}：{i.text}", i.owner, i.due) for p in ("start", "improve")
                for i in ws.items[p]]  # type: ignore[attr-defined]
    if ws.kind == "smart_goals":
        return [(g.text, g.owner, g.deadline) for g in ws.goals if g.text.strip()]  # type: ignore[attr-defined]
    return _other_kinds(ws)


def _other_kinds(ws: Any) -> list[tuple[str, str, str]]:
    """Lectures 3 and 5's worksheets, read by their fields (any surprise falls back to the rows)."""
    if ws.kind == "account_plan":
        return [(str(a.text), str(a.owner or ""), _safe_date(a.planned)) for a in ws.actions
                if a.status not in ("已完成", "已取消") and str(a.text).strip()]
    if ws.kind == "decision_map":
        gaps = ws.gaps()
        return [(f"决策链缺口：{g['联系人']}（{g['职务']}）{g['缺口类型']}——{g['建议动作']}", "", "")
                for _, g in gaps.head(5).iterrows()]
    if ws.kind == "four_p_c":
        from . import four_p_c

        names = getattr(four_p_c, "PAIR_NAMES", {})
        return [(f"4P/4C 改进（{names.get(key, key)}）：{text}", "", "") for key, entry in ws.pairs.items()
                for text in entry.actions if str(text).strip()]
    if ws.kind == "ansoff":
        chosen = [o for options in getattr(ws, "options", {}).values() for o in options
                  if getattr(o, "chosen", False) or getattr(o, "selected", False)]
        if chosen:
            return [(f"安索夫选择：{o.text}", "", "") for o in chosen]
    return _generic(ws)


def collect_candidates(folder: Path | str | None = None) -> pd.DataFrame:
    """Candidates for the plan from the trainee's saved worksheets (nothing is changed).

    For each kind of :data:`SOURCE_KINDS` the most recently updated readable file is used; files
    that cannot be read are skipped and named in ``attrs["notes"]``.

    Args:
        folder: the work folder (default :func:`helpers.paths.work_dir`).

    Returns:
        One row per candidate: 来源 (the worksheet's label), 讲次, 内容, 负责人, 日期, 文件,
        保存时间, 工作表 (kind). ``attrs["notes"]``: Chinese lines about skipped files.

    >>> import tempfile
    >>> collect_candidates(tempfile.mkdtemp()).attrs["notes"]
    ['还没有找到保存过的工作表：先在前面几讲的工作表里写点内容。']
    """
    from ..paths import work_dir
    from .model import KINDS, kind_class
    from .storage import list_worksheets, load_worksheet

    folder = Path(folder) if folder is not None else work_dir()
    rows, notes = [], []
    for kind, lecture in SOURCE_KINDS.items():
        if kind not in KINDS:
            continue
        loaded = []
        for path in list_worksheets(folder, kind) if folder.is_dir() else []:
            try:
                loaded.append((path, load_worksheet(path)))
            except Exception as exc:  # noqa: BLE001 - any unreadable file is skipped with a note
                notes.append(f"跳过无法读取的文件 {path.name}：{getattr(exc, 'zh', exc)}")
        if not loaded:
            continue
        path, ws = max(loaded, key=lambda pw: (pw[1].updated, pw[0].stat().st_mtime))
        try:
            found = candidates_of(ws)
        except Exception:  # noqa: BLE001 - a kind changed by another lecture must not break the plan
            notes.append(f"无法从 {path.name}（{kind_class(kind).label}）中取出候选内容，已跳过")
            continue
        for text, owner, due in found:
            rows.append([ws.label, lecture, text, owner, _safe_date(due), path.name, ws.updated, kind])
    if not rows and not notes:
        notes.append("还没有找到保存过的工作表：先在前面几讲的工作表里写点内容。")
    out = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    out.attrs["notes"] = notes
    return out
