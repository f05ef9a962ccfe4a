"""Market diagnosis (市场诊断): behavioural trends, say-vs-do, on-site checklist, data handling.

The pieces of lecture 1 that are not a questionnaire, a regional table or an interview:

* **big-data analysis** (大数据分析) on order records: monthly revenue, seasonality, active
  customers, and the flow of new / retained / returning / lost customers;
* **combined research** (综合调研): setting what customers *say* (survey) beside what they
  *do* (orders) -- :func:`revenue_change` and :func:`say_vs_do`, which live in
  :mod:`helpers.analysis.say_do` and are re-exported here;
* the **on-site diagnosis** checklist (现场诊断的3个步骤);
* **data processing in two steps** (数据处理2步法): clean (:func:`clean_records`), then
  structure (:func:`structure_records`);
* **handling a problem by its type in two steps** (问题类型处理2步法): classify the question
  (:func:`classify_question`), then pick the method from :func:`problem_types`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..data.parse import _FULLWIDTH, date_column, parse_amount, parse_date
from ..errors import DataError
from ..errors import require_present as _require
from .definitions import CHURN_MONTHS_B2B
from .say_do import MIN_GROUP as MIN_GROUP
from .say_do import base_rate_sentence as base_rate_sentence
from .say_do import rank_correlation_sentence as rank_correlation_sentence
from .say_do import revenue_change as revenue_change
from .say_do import say_vs_do as say_vs_do
from .say_do import say_vs_do_headline as say_vs_do_headline
from .say_do import say_vs_do_sentence as say_vs_do_sentence


def _every_period(table: pd.DataFrame | pd.Series, period: pd.Series, freq: str,
                  name: str) -> pd.DataFrame | pd.Series:
    """``table`` (indexed by period) with every period of ``period``'s range, gaps filled with 0.

    The index becomes each period's first day, named ``name``.
    """
    table = table.reindex(pd.period_range(period.min(), period.max(), freq=freq), fill_value=0)
    table.index = table.index.to_timestamp()
    table.index.name = name
    return table



def site_visit_checklist() -> pd.DataFrame:
    """The three steps of an on-site market diagnosis (现场诊断的3个步骤) as a checklist.

    Step 1 准备 (desk preparation) -> step 2 走访与观察 (visit and observe) -> step 3 复盘与行动
    (review and act). Each step lists what to check and what it produces.

    Returns:
        One row per check item with 步骤, 检查项 and 产出.

    >>> site_visit_checklist()["步骤"].unique().tolist()
    ['① 准备', '② 走访与观察', '③ 复盘与行动']
    """
    rows = [
        ("① 准备", "读数据：本区域销售额、份额、增长、客户名单和流失名单", "一页区域数据快照"),
        ("① 准备", "列假设：这个区域最可能的 2–3 个问题是什么", "待验证的假设清单"),
        ("① 准备", "排日程：选客户（大、中、流失各几家）、渠道伙伴和竞品网点", "走访路线与访谈提纲"),
        ("② 走访与观察", "访谈客户与渠道：问采购原因、不满和对手的做法，记下原话", "访谈笔记（带被访者层级）"),
        ("② 走访与观察", "现场观察：库存、陈列、使用场景、竞品出现的频率，拍照计数", "观察记录表"),
        ("② 走访与观察", "陪同拜访：看销售人员怎么介绍、客户怎么回应", "拜访观察要点"),
        ("③ 复盘与行动", "对照假设：哪些被证实、哪些被推翻、发现了什么新问题", "诊断结论（事实 + 数据）"),
        ("③ 复盘与行动", "定行动：每个问题一个负责人、一个期限、一个可衡量的目标", "行动计划表"),
        ("③ 复盘与行动", "约复查：一个月后用同一组指标再看一次", "跟踪指标与复查日期"),
    ]
    return pd.DataFrame(rows, columns=["步骤", "检查项", "产出"])



def monthly_revenue(
    orders: pd.DataFrame,
    date: str = "order_date",
    amount: str = "amount",
    by: str | None = None,
) -> pd.DataFrame:
    """Revenue per calendar month (月度销售额), optionally split by a column.

    Months without orders appear with 0, so trends are not broken by gaps.

    Args:
        orders: one row per order (line).
        date: the order date column.
        amount: the amount column.
        by: a column to split by (region, product line); ``None`` gives one 销售额 column.

    Returns:
        A table indexed by month (the first day of each month), one column per group.

    >>> o = pd.DataFrame({"order_date": ["2024-01-05", "2024-01-20", "2024-03-01"], "amount": [1, 2, 5]})
    >>> monthly_revenue(o)["销售额"].tolist()
    [3.0, 0.0, 5.0]
    """
    _require(orders, [date, amount] + ([by] if by else []))
    when = date_column(orders, date).dt.to_period("M")
    money = pd.to_numeric(orders[amount], errors="coerce").astype(float)
    if by is None:
        table = money.groupby(when).sum().to_frame("销售额")
    else:
        table = money.groupby([when, orders[by]], observed=True).sum().unstack(fill_value=0.0)
        table.columns.name = by
    return _every_period(table, when, "M", "月份").astype(float)



def seasonality_index(monthly: pd.Series) -> pd.Series:
    """Seasonal index (季节指数) per calendar month: that month's average / all months' average x 100.

    100 means an ordinary month; 130 means 30 % above an ordinary month. Use whole years of
    data, or the index is biased towards the months that appear more often.

    Args:
        monthly: revenue per month with a datetime index (e.g. a column of
            :func:`monthly_revenue`).

    Returns:
        The index for months 1-12 (months missing from the data are left out).

    >>> s = pd.Series([10.0, 30.0, 10.0, 30.0],
    ...               index=pd.to_datetime(["2023-01-01", "2023-02-01", "2024-01-01", "2024-02-01"]))
    >>> seasonality_index(s).tolist()
    [50.0, 150.0]
    """
    by_month = monthly.groupby(monthly.index.month).mean()
    out = by_month / monthly.mean() * 100
    out.index.name = "月"
    return out.rename("季节指数")



def active_customers(orders: pd.DataFrame, customer: str = "customer_id", date: str = "order_date",
                     freq: str = "M") -> pd.Series:
    """How many different customers ordered in each period (活跃客户数).

    Args:
        orders: one row per order (line).
        customer: the customer id column.
        date: the order date column.
        freq: ``"M"`` month, ``"Q"`` quarter or ``"Y"`` year.

    Returns:
        The count per period (periods with no orders get 0), index = period start.

    >>> o = pd.DataFrame({"customer_id": [1, 1, 2], "order_date": ["2024-01-02", "2024-01-09", "2024-02-01"]})
    >>> active_customers(o).tolist()
    [1, 1]
    """
    _require(orders, [customer, date])
    period = date_column(orders, date).dt.to_period(freq)
    counts = _every_period(orders[customer].groupby(period).nunique(), period, freq, "期间")
    return counts.rename("活跃客户数").astype(int)



def customer_flow(orders: pd.DataFrame, customer: str = "customer_id", date: str = "order_date",
                  freq: str = "Q", first_order: pd.Series | None = None,
                  churn_months: int = CHURN_MONTHS_B2B) -> pd.DataFrame:
    """New, returning and churned customers per period, by the course's churn rule (客户增减).

    The course has one definition (:mod:`helpers.analysis.definitions`): a B2B customer is
    **active** with an order in the last ``churn_months`` (12) months and **churned** after
    ``churn_months`` months in a row without one. For each period t (ending on day e):

    * 期末活跃客户: customers with an order in the ``churn_months`` months up to e;
    * 新客户: active at the end of t but not of t-1, with their first order ever in t;
    * 回流客户: active at the end of t but not of t-1, and had ordered before (they had
      churned and came back);
    * 流失客户: active at the end of t-1 but not of t -- their last order is now
      ``churn_months`` months old.

    So 期末活跃客户(t) = 期末活跃客户(t-1) + 新客户 + 回流客户 - 流失客户. A customer who
    skips one quarter is *not* churned. The first periods are left out until a whole
    ``churn_months`` window lies inside the data (with orders from 2023, the table starts
    in 2024Q1), because before that "active" cannot be known.

    Args:
        orders: one row per order (line).
        customer: the customer id column.
        date: the order date column.
        freq: ``"M"``, ``"Q"`` (default) or ``"Y"``.
        first_order: optional, customer id -> date of the first order ever (also before
            the data start), so that old customers are not counted as new.
        churn_months: months without an order after which a customer counts as churned.

    Returns:
        One row per period (index = period start) with 期末活跃客户, 新客户, 回流客户,
        流失客户 and 净增 (新客户 + 回流客户 - 流失客户).

    >>> o = pd.DataFrame({"customer_id": ["a", "b", "a", "c", "b"],
    ...                   "order_date": ["2024-01-10", "2024-02-10", "2024-04-01", "2024-05-01", "2024-12-01"]})
    >>> f = customer_flow(o, freq="M", churn_months=3)
    >>> f.loc["2024-05-01":"2024-08-01", ["新客户", "回流客户", "流失客户"]].values.tolist()
    [[1, 0, 1], [0, 0, 0], [0, 0, 1], [0, 0, 1]]
    """
    _require(orders, [customer, date])
    when = date_column(orders, date)
    period = when.dt.to_period(freq)
    full = pd.period_range(period.min(), period.max(), freq=freq)
    data_start = full[0].start_time
    ends = [p.end_time.normalize() for p in full]
    who = orders[customer].to_numpy()
    day = when.dt.normalize()

    def active_at(end: pd.Timestamp) -> set[Any]:
        start = end - pd.DateOffset(months=churn_months)
        return set(who[((day > start) & (day <= end)).to_numpy()])

    first_seen = pd.Series(when.to_numpy(), index=who).groupby(level=0).min()
    if first_order is not None:
        known = pd.to_datetime(first_order, errors="coerce").dropna()
        first_seen = pd.concat([first_seen, known]).groupby(level=0).min()
    first_period = first_seen.dt.to_period(freq)
    rows, index = [], []
    previous: set[Any] | None = None
    for p, end in zip(full, ends):
        covered = p.start_time - pd.DateOffset(months=churn_months) >= data_start
        now = active_at(end)
        if previous is not None and covered:
            entered = now - previous
            new = {c for c in entered if first_period.get(c) == p}
            churned = previous - now
            rows.append({"期末活跃客户": len(now), "新客户": len(new), "回流客户": len(entered - new),
                         "流失客户": len(churned)})
            index.append(p.start_time)
        previous = now
    out = pd.DataFrame(rows, index=pd.DatetimeIndex(index, name="期间"),
                       columns=["期末活跃客户", "新客户", "回流客户", "流失客户"])
    out["净增"] = out["新客户"] + out["回流客户"] - out["流失客户"]
    out.attrs["rule"] = f"流失 = 连续 {churn_months} 个月没有订单"
    return out



def messy_sample() -> pd.DataFrame:
    """A small, deliberately messy visit log, as sales reps often hand it in.

    It has a duplicate row, extra spaces, a blank customer, region names spelt three ways,
    amounts as text with units, and dates in four formats.

    Returns:
        Nine raw rows, every value text, as read from a spreadsheet.

    >>> len(messy_sample())
    9
    """
    return pd.DataFrame({
        "客户": ["恒达机械", "恒达机械", " 新宇包装", "", "远航电子", "远航电子", "启明食品", "启明食品", "华茂纺织"],
        "区域": ["华东", "华东", "华东区", "华南", "华南 ", "华南", "华 东", "华东", "华南地区"],
        "日期": ["2024-03-05", "2024-03-05", "2024/3/18", "2024-03-20", "2024年4月2日", "20240415",
                 "2024.04.20", "2024/4/28", "2024-04-30"],
        "金额": ["12,000元", "12,000元", "8500", "3000", "1.5万", "￥9,800", "6千", "面议", "4200"],
    }, dtype=object)



def clean_records(
    raw: pd.DataFrame,
    *,
    required: Sequence[str] = (),
    text: Sequence[str] = (),
    dates: Sequence[str] = (),
    amounts: Sequence[str] = (),
    aliases: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Step 1 of data processing (清洗): make every value mean one thing, and say what changed.

    In order: trim spaces (also inside the text columns), map spelling variants to one name,
    read dates and amounts, drop rows missing a required value (including unreadable dates
    or amounts in required columns), and drop exact duplicates.

    Args:
        raw: the table as typed.
        required: columns that must not be blank after cleaning.
        text: text columns to trim (all inner and outer spaces removed).
        dates: columns to read with :func:`parse_date`.
        amounts: columns to read with :func:`parse_amount`.
        aliases: per column, variant -> standard name (e.g. ``{"区域": {"华东区": "华东"}}``).

    Returns:
        ``(clean, log)``: the cleaned table (index reset) and a log with 步骤, 影响行数 and 说明.

    >>> clean, log = clean_records(messy_sample(), required=["客户", "金额"], text=["客户", "区域"],
    ...     dates=["日期"], amounts=["金额"], aliases={"区域": {"华东区": "华东", "华南地区": "华南"}})
    >>> len(clean), sorted(clean["区域"].unique())
    (6, ['华东', '华南'])
    """
    aliases = aliases or {}
    _require(raw, list(dict.fromkeys([*required, *text, *dates, *amounts, *aliases])))
    df = raw.copy()
    log: list[dict[str, Any]] = []
    for col in text:
        before = df[col]
        after = before.map(lambda v: v if not isinstance(v, str) else re.sub(r"\s+", "", v.translate(_FULLWIDTH)))
        after = after.map(lambda v: np.nan if isinstance(v, str) and v == "" else v)
        changed = int(((before != after) & before.notna() & ~(before.astype(str).str.strip() == "")).sum())
        df[col] = after
        log.append({"步骤": f"去空格：{col}", "影响行数": changed, "说明": "删除多余空格和全角字符"})
    for col, mapping in aliases.items():
        hits = int(df[col].isin(list(mapping)).sum())
        df[col] = df[col].replace(dict(mapping))
        log.append({"步骤": f"统一写法：{col}", "影响行数": hits,
                    "说明": "；".join(f"{k}→{v}" for k, v in mapping.items())})
    for col in dates:
        parsed = df[col].map(parse_date)
        bad = int((parsed.isna() & df[col].notna()).sum())
        df[col] = pd.to_datetime(parsed)
        log.append({"步骤": f"识别日期：{col}", "影响行数": len(df), "说明": f"统一为 年-月-日；{bad} 个无法识别"})
    for col in amounts:
        parsed = df[col].map(parse_amount).astype(float)
        bad = int((parsed.isna() & df[col].notna()).sum())
        df[col] = parsed
        log.append({"步骤": f"识别金额：{col}", "影响行数": len(df),
                    "说明": f"去掉“元/￥/逗号”，换算万、千；{bad} 个无法识别"})
    for col in required:
        blank = df[col].isna()
        if df[col].dtype == object:
            blank |= df[col].astype(str).str.strip().eq("")
        n = int(blank.sum())
        df = df[~blank.to_numpy()]
        log.append({"步骤": f"删除空白：{col}", "影响行数": n, "说明": "必填项为空或无法识别，整行删除（应回头补录）"})
    n_before = len(df)
    df = df.drop_duplicates()
    log.append({"步骤": "删除重复行", "影响行数": n_before - len(df), "说明": "所有列都相同的行只保留一行"})
    return df.reset_index(drop=True), pd.DataFrame(log)



def cleaning_sentence(raw: pd.DataFrame, clean: pd.DataFrame, log: pd.DataFrame) -> str:
    """What cleaning removed, and what to do about each kind of removed row.

    A duplicate row is removed for good; a row dropped for a missing required value
    (:func:`clean_records`' "删除空白" steps) has to go back to whoever typed it.

    Args:
        raw: the table before cleaning.
        clean: the cleaned table.
        log: the log of :func:`clean_records`.

    Returns:
        A Chinese sentence.

    >>> clean, log = clean_records(messy_sample(), required=["客户", "金额"], amounts=["金额"])
    >>> print(cleaning_sentence(messy_sample(), clean, log).replace("；", "；\\n"))
    原始 9 行 → 清洗后 6 行：删掉的 3 行中，1 行是重复行，删掉即可；
    2 行缺必填项（客户 1 行、金额 1 行），要回头找录入人补录，而不是悄悄丢掉。
    """
    steps = log.set_index("步骤")["影响行数"]
    blanks = {k.split("：", 1)[1]: int(v) for k, v in steps.items() if str(k).startswith("删除空白") and v}
    dup = int(steps.get("删除重复行", 0))
    removed = len(raw) - len(clean)
    parts = []
    if dup:
        parts.append(f"{dup} 行是重复行，删掉即可")
    if blanks:
        detail = "、".join(f"{c} {n} 行" for c, n in blanks.items())
        parts.append(f"{sum(blanks.values())} 行缺必填项（{detail}），要回头找录入人补录，而不是悄悄丢掉")
    tail = f"：删掉的 {removed} 行中，" + "；".join(parts) if parts else ""
    return f"原始 {len(raw)} 行 → 清洗后 {len(clean)} 行{tail}。"



def structure_records(clean: pd.DataFrame, index: str, columns: str | None, values: str,
                      freq: str | None = None) -> pd.DataFrame:
    """Step 2 of data processing (结构化): arrange clean records into an analysis table with totals.

    Args:
        clean: the cleaned records.
        index: the row dimension (e.g. 区域); with ``freq`` it must be a date column.
        columns: the column dimension (e.g. 产品线), or ``None`` for a single column.
        values: the amount to add up.
        freq: ``"M"`` or ``"Q"`` to group the date column ``index`` by month or quarter
            (rows are then labelled like 2024-03 or 2024Q1).

    Returns:
        A sum table with a 合计 row and (when ``columns`` is given) a 合计 column.

    >>> c = pd.DataFrame({"区域": ["东", "东", "西"], "月": ["1月", "2月", "1月"], "金额": [1.0, 2.0, 4.0]})
    >>> float(structure_records(c, "区域", "月", "金额").loc["合计", "合计"])
    7.0
    """
    _require(clean, [index, values] + ([columns] if columns else []))
    if freq is not None:
        periods = pd.to_datetime(clean[index], errors="coerce").dt.to_period(freq)
        clean = clean.assign(**{index: periods.astype(str)})
    table = pd.pivot_table(clean, index=index, columns=columns, values=values, aggfunc="sum",
                           fill_value=0.0, margins=True, margins_name="合计", observed=True)
    if columns is None:
        table = table[[values]]
    else:
        table.columns.name = columns
    return table.astype(float)



#: Problem types in the order they are tested (the first match wins), with their cue words.
PROBLEM_CUES: dict[str, tuple[str, ...]] = {
    "决策型": ("应该", "怎么办", "要不要", "是否要", "选哪", "优先", "如何分配", "怎么做"),
    "预测型": ("会不会", "预计", "预测", "明年", "下季度", "将会", "未来", "能达到"),
    "诊断型": ("为什么", "原因", "导致", "为何", "怎么会"),
    "描述型": ("多少", "哪些", "是什么", "占比", "分布", "有几", "排名", "怎么样"),
}



def problem_types() -> pd.DataFrame:
    """The decision table of problem type -> method (问题类型处理2步法, step 2).

    Returns:
        One row per type with 典型问题, 线索词, 首选方法 and 本讲对应的部分 (where lecture 1
        shows the method, by section: what a trainee can turn back to).

    >>> problem_types().index.tolist()
    ['描述型', '诊断型', '预测型', '决策型']
    """
    rows = {
        "描述型": ("华东区去年卖了多少？各产品线占比多少？", "统计汇总、交叉表、趋势图",
                "第一部分 1.3–1.6 满意度分布与交叉分析；2.1 月度趋势图"),
        "诊断型": ("为什么华南的份额下降？客户为什么流失？", "拆解对比（按区域/产品/客户）、访谈与观察验证",
                "第二部分 2 区域六项分析；第三部分 3–4 访谈、观察与编码"),
        "预测型": ("明年一季度销售额预计多少？", "趋势 × 季节指数外推、情景假设（乐观/基准/保守）",
                "第一部分 2.1 季节指数"),
        "决策型": ("应该优先投入哪个区域？选哪家渠道伙伴？", "加权打分、对标、先小范围试点再推广",
                "第二部分 3 对标竞争对手（加权打分）"),
    }
    out = pd.DataFrame(
        [(k, v[0], "、".join(PROBLEM_CUES[k]), v[1], v[2]) for k, v in rows.items()],
        columns=["问题类型", "典型问题", "线索词", "首选方法", "本讲对应的部分"],
    ).set_index("问题类型")
    return out



def classify_question(question: str) -> str:
    """Step 1 of handling a problem: decide which type a business question is.

    The cue words of :data:`PROBLEM_CUES` are tested in the order 决策型, 预测型, 诊断型,
    描述型; the first type with a cue in the question wins (so "明年能卖多少" is 预测型, not
    描述型). A question with no cue gets "待判断" -- rephrase it or decide by hand.

    Args:
        question: the question in Chinese.

    Returns:
        The type name, or "待判断".

    >>> classify_question("为什么华南份额下降了？"), classify_question("明年华东能卖多少？")
    ('诊断型', '预测型')
    """
    text = (question or "").strip()
    for kind, cues in PROBLEM_CUES.items():
        if any(cue in text for cue in cues):
            return kind
    return "待判断"


def check_report(raw: pd.DataFrame, rules: Mapping[str, Any], source: str = "") -> str:
    """Check a table against column rules and say, in Chinese, the first problem found or that it passes.

    Args:
        raw: the table.
        rules: column rules as for :func:`helpers.require_columns`.
        source: the file name, for the message.

    Returns:
        "检查通过：…" or the problems with their rows and columns (Chinese only; the lecture
        then shows how to fix them).

    >>> check_report(pd.DataFrame({"金额": ["12", "面议"]}), {"金额": "number"}).split("\\n")[0]
    '发现问题：列“金额”：有 1 个值不是数字，或用了不认识的单位：第 3 行“面议”'
    >>> check_report(pd.DataFrame({"金额": [12.0]}), {"金额": "number"})
    '检查通过：1 行都符合规则。'
    """
    from ..data.columns import require_columns

    try:
        checked = require_columns(raw, dict(rules), source=source or None)
    except DataError as err:
        return "发现问题：" + str(err).split("\n[EN]")[0].split("\n怎么办：")[0]
    return f"检查通过：{len(checked)} 行都符合规则。"
