"""A sales pipeline stage by stage (lecture 4): checking the table, funnel, stage times, stalled deals.

One row per deal ("wide" format): an id, the customer, the date the deal was created and one
date column per later stage, in order. The case company's stages are 商机发现 → 需求确认 → 方案报价 →
商务谈判 → 签约 → 交付 → 回款; a trainee's CRM export may name its columns in Chinese (商机编号, 创建日期,
需求确认日期, 预计金额 …, see :data:`helpers.COLUMN_SYNONYMS`) or use its own stages (``stages=`` and
``date_cols=``). The rules, stated once for the course:

* a deal **reaches** a stage when that stage has a date, or any later stage has one (a skipped
  stage counts as passed, but no time is counted in it);
* **赢单** = reached 签约; **丢单** = has a lost date (or status 丢单 when the export has no lost
  date); every other deal is **进行中**; the **win rate** is 赢单 ÷ (赢单 + 丢单), closed deals only;
* a deal is **stalled** when it is 进行中, not yet signed, and has stayed more than 60 days in
  its current stage.

:func:`prepare_pipeline` checks a table once (dates in order, status consistent with the
dates, no dates after the review date) and every other function starts from it. Win rates,
stage times, stalled deals, lost reasons, execution delays and skill gaps are in
:mod:`helpers.analysis.pipeline_review`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..data.columns import _excel_row, require_columns
from ..data.schema_b2b import STAGE_DATE_COLUMNS as _LATER_DATE_COLUMNS
from ..data.schema_b2b import STAGES
from ..errors import DataError

#: The date column of every case stage, the first being the creation date.
STAGE_DATE_COLUMNS: tuple[str, ...] = ("created_date", *_LATER_DATE_COLUMNS)
#: Each case stage's phase in the course outline (早期 潜在商机挖掘 … 后期 回款促进).
PHASES: dict[str, str] = {"商机发现": "早期", "需求确认": "早期", "方案报价": "前期", "商务谈判": "前期",
                          "签约": "中期", "交付": "中期", "回款": "后期"}
#: Days in the current stage after which an open deal counts as stalled.
STALL_DAYS = 60
#: What to do with a deal stalled in each stage (the weekly review's default action).
STAGE_ACTIONS: dict[str, str] = {
    "商机发现": "确认需求是否真实，不真实就关闭",
    "需求确认": "约使用者和技术把关人一起做需求确认",
    "方案报价": "问清卡在价格还是方案：价格就谈总成本，方案就请技术支持上门",
    "商务谈判": "请上级一同拜访决策人，明确签约条件和时间",
}
_DEFAULT_ACTION = "明确下一步动作和截止日期"
#: How the status of a deal may be written in an export -> the course's three values.
STATUS_WORDS: dict[str, str] = {
    **dict.fromkeys(("赢单", "赢", "已赢单", "成交", "已成交", "签约", "已签约", "won", "win"), "赢单"),
    **dict.fromkeys(("丢单", "输单", "输", "丢", "丢失", "已丢单", "失败", "关闭", "已关闭", "lost", "lose"), "丢单"),
    **dict.fromkeys(("进行中", "跟进中", "在途", "open", "进行"), "进行中"),
}
#: Other names under which a deal's owner appears in CRM exports (besides the salesperson synonyms).
OWNER_ALIASES = ("负责销售", "跟进销售", "商机负责人", "跟进人", "owner_rep_id")

_SPEC: dict[str, dict[str, Any]] = {
    "opportunity_id": {"type": "id", "unique": True},
    "customer_id": {"type": "id", "required": False},
    "stage": {"type": "text", "required": False, "allow_null": True},
    "status": {"type": "text", "required": False, "allow_null": True, "aliases": ("状态",)},
    "date_lost": {"type": "date", "required": False, "allow_null": True},
    "expected_amount": {"type": "number", "required": False, "allow_null": True, "min": 0},
    "product": {"type": "text", "required": False, "allow_null": True},
    "salesperson": {"type": "id", "required": False, "allow_null": True, "aliases": OWNER_ALIASES},
    "lost_reason": {"type": "text", "required": False, "allow_null": True},
    "payment_terms_days": {"type": "number", "required": False, "allow_null": True, "min": 0},
    "due_date": {"type": "date", "required": False, "allow_null": True},
}
_RENAME = {"product": "product_line", "salesperson": "owner_rep_id"}


def _row(df: pd.DataFrame, position: int) -> int:
    """The row number a user sees: Excel's for a file read by read_table, else 1-based."""
    if "header_row" in df.attrs:
        return int(_excel_row(df, int(df.index[position])))
    return position + 1


def _day(value: Any) -> str:
    return "—" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _stage_label(stages: Sequence[str], k: int) -> str:
    return "创建" if k == 0 else str(stages[k])


def _row_error(row: int, zh: str, en: str, fix_zh: str, fix_en: str, source: Any = None) -> DataError:
    return DataError(zh, en, fix_zh=fix_zh, fix_en=fix_en, row=row, source=source)


def _as_date(value: Any) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise DataError(f"无法识别的日期：{value!r}", f"not a date: {value!r}",
                        fix_zh="请写成 '2025-12-31' 这样的日期", fix_en="give a date such as '2025-12-31'")
    return stamp.normalize()


def prepare_pipeline(df: pd.DataFrame, *, stages: Sequence[str] = STAGES, date_cols: Sequence[str] | None = None,
                     won_stage: str = "签约", as_of: Any = None, errors: str = "raise",
                     prepayment_ok: bool = False) -> pd.DataFrame:
    """Check a pipeline table once and add each deal's furthest stage and status.

    Checks, each a :class:`~helpers.DataError` naming the row (Excel's row number for a file
    read with :func:`helpers.read_table`, else the 1-based row): a missing creation date;
    stage dates out of order (same day is fine); a lost date before the last stage date;
    a status or 最远阶段 that contradicts the dates; a date after ``as_of``; a repeated id; a
    negative amount. A skipped stage is not an error: it is listed in ``跳过阶段``.

    Args:
        df: one row per deal: id, creation date, one date per later stage; optional customer,
            status, lost date, amount, product line, owner, lost reason, payment terms, due date.
            Chinese column names are accepted (商机编号, 创建日期, 需求确认日期, 丢单日期, 预计金额 …).
        stages: the stage names in order (default: the case company's seven).
        date_cols: for other stages, the date column of each stage in order (first = created).
        won_stage: the stage whose date means the deal is won.
        as_of: the review date; dates after it are errors (default: the latest date in the table).
        errors: ``"raise"``, or ``"skip"`` to drop rows whose dates are out of order (listed in
            ``attrs["dropped"]`` as (row, reason) and in ``attrs["notes"]``).
        prepayment_ok: payment may come before delivery (款到发货): the last date is then only
            checked against the creation date.

    Returns:
        The deals with canonical columns (``opportunity_id``, the date columns, ``status``,
        ``date_lost``, ``expected_amount``, ``product_line``, ``owner_rep_id`` … where present)
        plus ``furthest`` (ordered stage), ``furthest_idx``, ``entered_current`` (date the
        furthest stage was reached) and ``跳过阶段``. ``attrs`` holds ``stages``, ``date_cols``,
        ``won_idx``, ``as_of``, ``skipped`` (rows), ``dropped`` and ``notes``.

    >>> raw = pd.DataFrame({"商机编号": ["D1", "D2"], "创建日期": ["2024-01-01", "2024-01-02"],
    ...                     "需求确认日期": ["2024-01-10", None], "方案报价日期": ["2024-01-20", "2024-01-15"],
    ...                     "签约日期": ["2024-02-01", None], "预计金额": [100_000, 50_000]})
    >>> p = prepare_pipeline(raw)
    >>> p[["opportunity_id", "furthest", "status", "跳过阶段"]].values.tolist()
    [['D1', '签约', '赢单', '商务谈判'], ['D2', '方案报价', '进行中', '需求确认']]
    """
    if df.attrs.get("pipeline_prepared"):
        return df
    stages = tuple(stages)
    if date_cols is None:
        if stages != tuple(STAGES):
            raise DataError("使用自己的阶段时，需要按阶段顺序写出每个阶段的日期列",
                            "with your own stages, give the date column of each stage in order",
                            fix_zh="例如 date_cols=['创建日期', '初访日期', '报价日期', '签约日期']",
                            fix_en="e.g. date_cols=['created', 'first visit', 'quote', 'signed']")
        date_cols, custom = STAGE_DATE_COLUMNS, False
    else:
        date_cols, custom = tuple(date_cols), True
    if len(date_cols) != len(stages) or won_stage not in stages:
        raise DataError(f"阶段（{len(stages)} 个）和日期列（{len(date_cols)} 个）对不上，或阶段里没有“{won_stage}”",
                        f"{len(stages)} stages but {len(date_cols)} date columns, or no stage {won_stage!r}",
                        fix_zh="每个阶段一列日期，第一列是创建日期；won_stage 写成代表赢单的阶段名",
                        fix_en="one date column per stage, the first being the creation date; set won_stage")
    spec = {c: {"type": "date", "required": k == 0 or custom, "allow_null": k > 0, **({"column": c} if custom else {})}
            for k, c in enumerate(date_cols)}
    out = require_columns(df, {**spec, **_SPEC}).rename(columns=_RENAME)
    for c in date_cols:
        if c not in out:
            out[c] = pd.NaT
    out = out.reset_index(drop=True)
    rows = [_row(df, i) for i in range(len(df))]
    source = df.attrs.get("source")
    days = np.column_stack([(out[c] - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype=float) for c in date_cols])
    lost_days = ((out["date_lost"] - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype=float)
                 if "date_lost" in out else np.full(len(out), np.nan))

    problems = _order_problems(days, lost_days, stages, prepayment_ok)
    dropped = []
    if problems and errors != "skip":
        pos, zh, en = problems[0]
        raise _row_error(rows[pos], zh, en, "请核对这一行的日期：后一个阶段的日期不能早于前一个阶段",
                         "check the dates of this row: a later stage cannot come before an earlier one", source)
    if problems:
        bad = sorted({p for p, _, _ in problems})
        dropped = [(rows[p], next(zh for q, zh, _ in problems if q == p)) for p in bad]
        keep = np.setdiff1d(np.arange(len(out)), bad)
        out, days, lost_days, rows = out.iloc[keep].reset_index(drop=True), days[keep], lost_days[keep], \
            [rows[i] for i in keep]

    stamp = _as_date(as_of) if as_of is not None else pd.Timestamp(
        pd.to_datetime(np.nanmax(np.r_[days.ravel(), lost_days, 0.0]), unit="D")).normalize()
    limit = (stamp - pd.Timestamp("1970-01-01")).days
    late = np.flatnonzero((np.nan_to_num(days, nan=-1e9) > limit).any(axis=1)
                          | (np.nan_to_num(lost_days, nan=-1e9) > limit))
    if len(late):
        pos = int(late[0])
        raise _row_error(rows[pos], f"有晚于复盘日 {_day(stamp)} 的日期", f"a date after the review date {_day(stamp)}",
                         "请核对这一行的日期，或把复盘日（as_of）设得更晚", "check the dates, or set a later as_of",
                         source)

    present = ~np.isnan(days)
    furthest = len(stages) - 1 - np.argmax(present[:, ::-1], axis=1)
    won_idx = stages.index(won_stage)
    won = furthest >= won_idx
    status = _status(out, won, rows, stages, won_idx, source)
    _check_stage_column(out, furthest, stages, rows, source)
    skipped = [", ".join(stages[k] for k in range(1, f) if not present[i, k]) for i, f in enumerate(furthest)]

    out["status"] = pd.Categorical(status, categories=["进行中", "赢单", "丢单"])
    out["furthest"] = pd.Categorical([stages[k] for k in furthest], categories=list(stages), ordered=True)
    out["furthest_idx"] = furthest
    out["entered_current"] = pd.to_datetime(days[np.arange(len(out)), furthest], unit="D")
    out["跳过阶段"] = [s or "" for s in skipped]
    notes = [f"已排除 {len(dropped)} 行日期顺序错误的商机"] if dropped else []
    if "date_lost" not in out and "status" not in df.columns and not any(
            str(c) in ("状态", "商机状态", "赢丢状态") for c in df.columns):
        notes.append("表中没有丢单日期或状态列：未签约的商机都算作进行中")
    out.attrs = {"pipeline_prepared": True, "stages": stages, "date_cols": date_cols, "won_idx": won_idx,
                 "as_of": stamp, "skipped": [rows[i] for i, s in enumerate(skipped) if s], "dropped": dropped,
                 "notes": notes, "rows": rows, "source": source}
    return out


def _order_problems(days: np.ndarray, lost_days: np.ndarray, stages: Sequence[str],
                    prepayment_ok: bool) -> list[tuple[int, str, str]]:
    """(position, zh, en) of every row whose stage dates (or lost date) go backwards."""
    problems = []
    last = len(stages) - 1
    for j in range(1, len(stages)):
        earlier = days[:, :j] if not (prepayment_ok and j == last) else days[:, :1]
        prev = np.max(np.where(np.isnan(earlier), -np.inf, earlier), axis=1)
        for pos in np.flatnonzero(days[:, j] < prev):
            i = int(np.flatnonzero(earlier[pos] == prev[pos])[0])
            problems.append((int(pos), f"{stages[j]}日期 {_day(pd.to_datetime(days[pos, j], unit='D'))} 早于"
                                       f"{_stage_label(stages, i)}日期 {_day(pd.to_datetime(prev[pos], unit='D'))}",
                             f"the {stages[j]} date comes before the {_stage_label(stages, i)} date"))
    last_date = np.max(np.where(np.isnan(days), -np.inf, days), axis=1)
    for pos in np.flatnonzero(lost_days < last_date):
        k = int(np.flatnonzero(days[pos] == last_date[pos])[-1])
        problems.append((int(pos), f"丢单日期 {_day(pd.to_datetime(lost_days[pos], unit='D'))} 早于"
                                   f"{_stage_label(stages, k)}日期 {_day(pd.to_datetime(last_date[pos], unit='D'))}",
                         f"the lost date comes before the {_stage_label(stages, k)} date"))
    return sorted(problems, key=lambda p: p[0])


def _status(out: pd.DataFrame, won: np.ndarray, rows: list[int], stages: Sequence[str], won_idx: int,
            source: Any) -> list[str]:
    """The derived status of every deal, checked against a status column and lost dates."""
    has_lost = "date_lost" in out
    lost_date = out["date_lost"].notna().to_numpy() if has_lost else np.zeros(len(out), bool)
    written = [None] * len(out)
    if "status" in out:
        for i, value in enumerate(out["status"]):
            if value is None or pd.isna(value) or str(value).strip() == "":
                continue
            word = STATUS_WORDS.get(str(value).strip().lower()) or STATUS_WORDS.get(str(value).strip())
            if word is None:
                raise _row_error(rows[i], f"状态“{value}”无法识别", f"unknown status {value!r}",
                                 "状态请写成 进行中、赢单 或 丢单", "write the status as 进行中, 赢单 or 丢单", source)
            written[i] = word
    fix = ("请核对这一行的状态和各阶段日期，使两者一致", "make the status agree with the stage dates")
    result = []
    for i in range(len(out)):
        lost = lost_date[i] if has_lost else written[i] == "丢单"
        derived = "赢单" if won[i] else ("丢单" if lost else "进行中")
        w, signed = written[i], stages[won_idx]
        if won[i] and lost_date[i]:
            raise _row_error(rows[i], f"填写了{signed}日期，又填写了丢单日期", f"both a {signed} date and a lost date",
                             *fix, source)
        if w is not None and w != derived:
            if w == "赢单":
                zh = f"状态写的是“赢单”，但没有{signed}日期"
            elif won[i]:
                zh = f"状态写的是“{w}”，但填写了{signed}日期"
            elif w == "丢单":
                zh = "状态写的是“丢单”，但丢单日期是空的"
            else:
                zh = "状态写的是“进行中”，但填写了丢单日期"
            raise _row_error(rows[i], zh, f"the status {w} contradicts the dates", *fix, source)
        result.append(derived)
    return result


def _check_stage_column(out: pd.DataFrame, furthest: np.ndarray, stages: Sequence[str], rows: list[int],
                        source: Any) -> None:
    if "stage" not in out:
        return
    for i, value in enumerate(out["stage"]):
        if value is None or pd.isna(value) or str(value).strip() in STATUS_WORDS or str(value).strip() == "":
            continue
        name = str(value).strip()
        if name not in stages:
            raise _row_error(rows[i], f"阶段“{name}”不在阶段列表中", f"unknown stage {name!r}",
                             "阶段可选：" + "、".join(stages), "stages: " + ", ".join(stages), source)
        k = stages.index(name)
        if k < furthest[i]:
            zh = f"最远阶段写的是“{name}”，但填写了{stages[furthest[i]]}日期"
        elif k > furthest[i]:
            zh = f"最远阶段写的是“{name}”，但没有{name}日期（也没有更后阶段的日期）"
        else:
            continue
        raise _row_error(rows[i], zh, f"the stage {name!r} contradicts the dates",
                         "请核对这一行的阶段和日期，使两者一致", "make the stage agree with the dates", source)


def prepare_visits(visits: pd.DataFrame, customers: pd.DataFrame | None = None) -> pd.DataFrame:
    """Check a visit log (拜访记录) and give it canonical column names.

    Args:
        visits: one row per visit or call: 拜访日期, 客户编号; optional 拜访方式, 拜访目的, 商机编号, 拜访人.
        customers: when given, every visit's customer must be in it.

    Returns:
        The visits with ``visit_date``, ``customer_id`` and, where present, ``visit_type``,
        ``purpose``, ``opportunity_id``, ``visitor_id``.

    >>> v = prepare_visits(pd.DataFrame({"拜访日期": ["2025-03-01"], "客户编号": ["C1"], "拜访方式": ["上门拜访"]}))
    >>> v[["visit_date", "customer_id", "visit_type"]].astype(str).values.tolist()
    [['2025-03-01', 'C1', '上门拜访']]
    """
    if visits.attrs.get("visits_prepared"):
        return visits
    opt = {"required": False, "allow_null": True}
    out = require_columns(visits, {"visit_date": "date", "customer_id": "id", "visit_type": {"type": "text", **opt},
                                   "purpose": {"type": "text", **opt}, "opportunity_id": {"type": "id", **opt},
                                   "visitor_id": {"type": "id", **opt}})
    if customers is not None and "customer_id" in customers:
        unknown = ~out["customer_id"].isin(set(customers["customer_id"].astype(str)))
        if unknown.any():
            pos = int(np.flatnonzero(unknown.to_numpy())[0])
            raise _row_error(_row(visits, pos), f"客户“{out['customer_id'].iloc[pos]}”不在客户表中",
                             f"customer {out['customer_id'].iloc[pos]!r} is not in the customer table",
                             "请核对客户编号，或把这家客户加进客户表", "check the id or add the customer",
                             visits.attrs.get("source"))
    out.attrs["visits_prepared"] = True
    return out


def _customer_info(customers: pd.DataFrame | None) -> pd.DataFrame:
    """Customer id -> 客户名称, 客户类型, 区域, 行业 (whichever the table has)."""
    if customers is None:
        return pd.DataFrame()
    names = {"customer_name": "客户名称", "account_type": "客户类型", "region": "区域", "industry": "行业"}
    table = customers.set_index(customers["customer_id"].astype(str))
    return table[[c for c in names if c in table]].rename(columns=names)


def _rep_table(reps: pd.DataFrame | None) -> pd.DataFrame:
    """The sales team indexed by rep id, with rep_name and (where present) level; empty without one."""
    if reps is None:
        return pd.DataFrame(columns=["rep_name"])
    team = require_columns(reps, {"rep_id": {"type": "id", "aliases": ("人员编号", "person_id")},
                                  "rep_name": {"type": "text", "aliases": ("姓名", "name")},
                                  "level": {"type": "text", "required": False, "allow_null": True,
                                            "aliases": ("职级", "对接职级", "rank")}})
    return team.set_index(team["rep_id"].astype(str))


def _rep_names(reps: pd.DataFrame | None) -> dict[str, str]:
    """Rep id -> name from a sales-team table (销售编号 / rep_id, 姓名 / rep_name); empty without one."""
    return _rep_table(reps)["rep_name"].astype(str).to_dict()


def _rep_label(ids: pd.Series, names: Mapping[str, str]) -> pd.Series:
    """Rep ids shown by name where the sales-team table knows them (the id otherwise)."""
    return ids.map(lambda x: names.get(str(x), x) if pd.notna(x) else x)


def _numbered(table: pd.DataFrame) -> pd.DataFrame:
    """Rows numbered 1, 2, 3 … as a trainee counts them (a list, not a table keyed by a label)."""
    table.index = pd.RangeIndex(1, len(table) + 1)
    return table


def _between(dates: pd.Series, start: Any, end: Any) -> pd.Series:
    keep = pd.Series(True, index=dates.index)
    if start is not None:
        keep &= dates >= _as_date(start)
    if end is not None:
        keep &= dates <= _as_date(end)
    return keep


def stage_map(stages: Sequence[str] = STAGES) -> pd.DataFrame:
    """The case company's stages against the outline's four phases, with the export's column names.

    Args:
        stages: the stages to list (default: the case company's seven).

    Returns:
        One row per stage: 阶段, 大纲阶段, 进入这一阶段的标志, 导出表中的日期列.

    >>> stage_map()[["阶段", "大纲阶段"]].head(3).values.tolist()
    [['商机发现', '早期 潜在商机挖掘'], ['需求确认', '早期 潜在商机挖掘'], ['方案报价', '前期 项目运作推动']]
    """
    phase = {"早期": "早期 潜在商机挖掘", "前期": "前期 项目运作推动", "中期": "中期 合同执行推动",
             "后期": "后期 最终回款促进"}
    signs = {"商机发现": "登记了一个具体的采购需求线索", "需求确认": "客户书面或当面确认了需求、预算和时间",
             "方案报价": "正式方案和报价已经发给客户", "商务谈判": "双方开始谈价格、条款或合同文本",
             "签约": "合同签订", "交付": "货物到达或服务完成，客户验收", "回款": "全部货款到账"}
    cols = dict(zip(STAGES, ("创建日期", "需求确认日期", "方案报价日期", "商务谈判日期", "签约日期", "交付日期",
                             "回款日期")))
    return _numbered(pd.DataFrame({"阶段": list(stages),
                                   "大纲阶段": [phase.get(PHASES.get(s, ""), "—") for s in stages],
                                   "进入这一阶段的标志": [signs.get(s, "—") for s in stages],
                                   "导出表中的日期列": [cols.get(s, "—") for s in stages]}))


def funnel(pipe: pd.DataFrame, *, created_from: Any = None, created_to: Any = None,
           stages: Sequence[str] = STAGES) -> pd.DataFrame:
    """The stage funnel: how many deals reached each stage, with step and overall conversion.

    Step conversion = reached this stage ÷ reached the previous one; overall = reached ÷ all
    deals. Use a cohort (deals created in a period long enough ago) so that young deals do
    not lower the rates; deals still open count as "not reached the next stage".

    Args:
        pipe: the pipeline (raw or from :func:`prepare_pipeline`).
        created_from: first creation date of the population (inclusive), or None.
        created_to: last creation date (inclusive), or None.
        stages: the stage names, when ``pipe`` is a raw table with the case stages.

    Returns:
        One row per stage: 阶段, 大纲阶段, 到达数, 阶段转化率, 累计转化率, 未到达下一阶段数, 其中丢单,
        其中仍在进行. A stage nobody reached has 0 and the steps after it NaN. ``attrs``: ``n``,
        ``open_share``, ``skipped``, ``leakiest`` (the pre-sign step with the lowest step rate),
        ``headline``, ``title``.

    Raises:
        DataError: no deal was created in the period.

    >>> raw = pd.DataFrame({"opportunity_id": ["A", "B", "C"], "created_date": ["2024-01-01"] * 3,
    ...                     "date_qualified": ["2024-01-05", "2024-01-06", None],
    ...                     "date_quoted": ["2024-01-09", None, None], "date_signed": ["2024-02-01", None, None]})
    >>> funnel(raw)["到达数"].tolist()
    [3, 2, 1, 1, 1, 0, 0]
    """
    full = prepare_pipeline(pipe, stages=stages)
    p = full[_between(full[full.attrs["date_cols"][0]], created_from, created_to)]
    if p.empty:
        raise DataError("所选时间段内没有商机", "no deal was created in the chosen period",
                        fix_zh="请检查 created_from / created_to 的日期", fix_en="check created_from / created_to")
    st, won_idx, n = p.attrs["stages"], p.attrs["won_idx"], len(p)
    reached = np.array([(p["furthest_idx"] >= k).sum() for k in range(len(st))])
    prev = np.r_[n, reached[:-1]]
    with np.errstate(divide="ignore", invalid="ignore"):
        step = np.where(prev > 0, reached / np.maximum(prev, 1), np.nan)
    at = p["furthest_idx"].to_numpy()
    lost = p["status"].eq("丢单").to_numpy()
    table = pd.DataFrame({
        "阶段": list(st), "大纲阶段": [PHASES.get(s, "—") for s in st], "到达数": reached,
        "阶段转化率": step, "累计转化率": reached / n,
        "未到达下一阶段数": [float(reached[k] - reached[k + 1]) if k + 1 < len(st) else np.nan for k in range(len(st))],
        "其中丢单": [int(((at == k) & lost).sum()) for k in range(len(st))],
        "其中仍在进行": [int(((at == k) & ~lost).sum()) if k + 1 < len(st) else 0 for k in range(len(st))],
    })
    steps = [k for k in range(1, won_idx + 1) if not np.isnan(step[k])]
    leak = min(steps, key=lambda k: step[k]) if steps else None
    open_n = int(p["status"].eq("进行中").sum())
    period = _period(created_from, created_to, p)
    table.attrs = {"percent": ["阶段转化率", "累计转化率"], "n": n, "open_share": open_n / n,
                   "skipped": int((p["跳过阶段"] != "").sum()),
                   "leakiest": None if leak is None else f"{st[leak - 1]} → {st[leak]}",
                   "notes": list(p.attrs.get("notes", []))}
    won_n = int(reached[won_idx])
    sentence = (f"{period}创建的 {n} 个商机中，{won_n} 个走到了{st[won_idx]}（累计转化率 {won_n / n:.1%}）")
    if leak is not None:
        sentence += f"；流失最多的一步是 {st[leak - 1]} → {st[leak]}（阶段转化率 {step[leak]:.1%}，" \
                    f"{reached[leak - 1]} 个中走到 {reached[leak]} 个）"
    if open_n:
        sentence += f"。其中还有 {open_n} 个（{open_n / n:.1%}）在进行中，它们算作“还没到达下一阶段”，所以转化率略偏低"
    closed = int(p["status"].isin(["赢单", "丢单"]).sum())
    if closed == n:
        sentence += "。这批商机都已有结果，所以累计转化率也就是它们的赢率（赢单 ÷ 已关闭）"
    elif closed:
        sentence += f"。只算已有结果的 {closed} 个商机，赢率（赢单 ÷ 已关闭）为 {won_n / closed:.1%}"
    every = full[full["status"].isin(["赢单", "丢单"])]
    if closed and len(every) > closed:
        sentence += (f"；表中全部已关闭的 {len(every):,} 个商机（{_period(None, None, every)}创建）"
                     f"赢率为 {every['status'].eq('赢单').mean():.1%}：人群不同，两个数不必相等")
    table.attrs["headline"] = sentence + "。"
    table.attrs["win_rate"] = won_n / closed if closed else np.nan
    table.attrs["title"] = (f"{period}创建的 {n} 个商机：{won_n / n:.0%} 走到签约" +
                            (f"，流失最多在 {st[leak - 1]} → {st[leak]}" if leak is not None else ""))
    return _numbered(table)


def _period(start: Any, end: Any, p: pd.DataFrame) -> str:
    """'2024 年' for a calendar year, else 'from … to …' for the creation-date filter."""
    if start is not None and end is not None:
        a, b = _as_date(start), _as_date(end)
        if a.year == b.year and (a.month, a.day, b.month, b.day) == (1, 1, 12, 31):
            return f"{a.year} 年"
        return f"{_day(a)} 至 {_day(b)} "
    dates = p[p.attrs["date_cols"][0]]
    return f"{_day(dates.min())} 至 {_day(dates.max())} "


def headline(table: pd.DataFrame) -> str:
    """The sentence that states a lecture-4 table's finding, with its population and period.

    Args:
        table: a result of :func:`funnel`, :func:`stalled_deals` and the other lecture-4
            functions (they keep the sentence in ``attrs["headline"]``).

    Returns:
        The sentence, or an empty string for a table without one.

    >>> t = pd.DataFrame({"a": [1]}); t.attrs["headline"] = "2024 年创建的 3 个商机中……"
    >>> headline(t)
    '2024 年创建的 3 个商机中……'
    """
    return str(table.attrs.get("headline", ""))


def stage_history_to_wide(history: pd.DataFrame, *, stages: Sequence[str] = STAGES, id_col: str = "opportunity_id",
                          stage_col: str = "stage", date_col: str = "date",
                          date_cols: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Turn a stage log (one row per deal and stage change) into the wide table, first date per stage.

    A deal that went back to an earlier stage keeps its first dates and is listed in
    ``attrs["moved_back"]``.

    Args:
        history: the log; columns ``id_col``, ``stage_col``, ``date_col``.
        stages: the stage names in order; the first stage's date becomes ``created_date``.
        id_col: deal id column.
        stage_col: stage name column.
        date_col: date column.
        date_cols: stage -> output column name (default: the case names for the case stages).

    Returns:
        One row per deal: ``opportunity_id`` and one date column per stage.

    Raises:
        DataError: a stage name not in ``stages`` (naming the row).

    >>> log = pd.DataFrame({"opportunity_id": ["D1", "D1", "D1"], "stage": ["商机发现", "方案报价", "需求确认"],
    ...                     "date": ["2024-01-01", "2024-01-20", "2024-01-10"]})
    >>> stage_history_to_wide(log)[["created_date", "date_qualified", "date_quoted"]].astype(str).values.tolist()
    [['2024-01-01', '2024-01-10', '2024-01-20']]
    """
    stages = tuple(stages)
    names = dict(date_cols) if date_cols else (dict(zip(STAGES, STAGE_DATE_COLUMNS)) if stages == tuple(STAGES)
                                               else {s: f"{s}日期" for s in stages})
    log = require_columns(history, {"opportunity_id": {"type": "id", "column": id_col} if id_col != "opportunity_id"
                                    else "id", "stage": {"type": "text", "column": stage_col},
                                    "date": {"type": "date", "column": date_col}})
    unknown = ~log["stage"].isin(stages)
    if unknown.any():
        pos = int(np.flatnonzero(unknown.to_numpy())[0])
        raise _row_error(_row(history, pos), f"阶段“{log['stage'].iloc[pos]}”不在阶段列表中",
                         f"unknown stage {log['stage'].iloc[pos]!r}", "阶段可选：" + "、".join(stages),
                         "stages: " + ", ".join(stages), history.attrs.get("source"))
    log = log.assign(k=log["stage"].map({s: i for i, s in enumerate(stages)}))
    first = log.groupby(["opportunity_id", "k"])["date"].min().unstack("k")
    order = log.sort_values(["opportunity_id", "date", "k"])
    back = order.groupby("opportunity_id")["k"].apply(lambda s: bool((s.diff() < 0).any()))
    wide = pd.DataFrame({"opportunity_id": first.index})
    for k, s in enumerate(stages):
        wide[names[s]] = first[k].to_numpy() if k in first else pd.NaT
    wide.attrs["moved_back"] = sorted(back[back].index)
    return wide
