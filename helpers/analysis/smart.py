"""The course's one SMART checker: which of S / M / A / R / T a written Chinese goal lacks.

Lecture 3 (重点客户行动计划) and lecture 6 (SMART 目标, 我的行动计划) use the same rules:

* **S 具体** -- at least 8 characters (punctuation and spaces not counted) **and** an object:
  a title, a product line, a concrete thing (订单, 合同, 拜访 ...), a metric (复购率, 满意度 ...),
  a scope (重点客户, 华东, 小程序 ...) or a term from ``context``;
* **M 可衡量** -- a number with a unit (%, 万元, 家, 次, 天 ...), a fraction (一半, 减半,
  三分之一), a before -> after change ("从 X 提高到 Y", "由中立转为支持"), 翻番 / 翻倍, or a
  deliverable whose delivery anyone can check (发方案, 提交报价, 签订合同, 召开评审会);
* **A 可达成** -- never 是 automatically. 否 only for an impossible target (a share above 100 %,
  an amount above ``context["potential_wan"]``); otherwise 待判断, with what the text shows
  (a baseline and the size of the change, absolute words such as 所有 / 第一 / 翻番);
* **R 相关** -- with a parent goal: 是 when both share a business keyword, else 待判断; with
  only ``terms``: 是 when the goal names one of them or is a business goal; without any
  context: always 待判断 -- the basis says whether it is at least a business goal, which says
  nothing about *which* parent goal it serves;
* **T 有时限** -- a date or deadline (2026年, 6月底, Q3, 下季度, 30天内 ...) or ``deadline``.
  每月 / 每周 are frequencies and "48小时内回复" is a service standard: neither is a deadline.

These are keyword rules, stated in :func:`smart_rules` and admitted in :func:`smart_limits`:
a goal can pass all five and still be a poor goal, and a good goal in unusual words can fail.

>>> r = smart_check("提升华东区重点客户满意度")
>>> r.missing
('M', 'T')
>>> smart_missing("下季度新增重点客户5家。")
'—'
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

#: The five letters, their Chinese name and what they ask.
LETTERS: tuple[str, ...] = ("S", "M", "A", "R", "T")
NAMES: dict[str, str] = {"S": "S 具体", "M": "M 可衡量", "A": "A 可达成", "R": "R 相关", "T": "T 有时限"}
MEANINGS: dict[str, str] = {
    "S": "说清对象和范围（Specific）：对谁、做成什么？",
    "M": "有数字或看得见的前后变化（Measurable）：怎么知道做到了？",
    "A": "资源和时间够得着（Attainable）：凭什么做得到？",
    "R": "服务于上级目标和自己的职责（Relevant）：做成了对大目标有什么用？",
    "T": "有截止日期（Time-bound）：什么时候之前？",
}
YES, NO, OPEN = "是", "否", "待判断"
RESULTS: tuple[str, ...] = (YES, NO, OPEN)

# --- vocabulary --------------------------------------------------------------------------
TITLES = ("董事长", "总经理", "副总", "总裁", "总监", "经理", "厂长", "工程师", "采购", "主管")
PRODUCT_LINES = ("伺服驱动", "变频器", "PLC控制器", "PLC", "传感器", "工业机器人配件", "机器人配件", "维保服务")
THINGS = ("订单", "合同", "项目", "方案", "样机", "试用", "试点", "培训", "拜访", "会晤", "参观", "报价", "回款",
          "份额", "销售额", "产品线", "招标", "投诉", "签约", "线索", "商机")
METRICS = ("复购率", "复购", "留存率", "流失率", "转化率", "满意度", "净推荐值", "NPS", "营收", "收入",
           "毛利率", "毛利", "应收", "客单价", "市场份额", "门店", "经销商", "代理商", "新品", "完成率",
           "覆盖率", "渗透率", "获客成本",
           "库存", "客户数", "会员数", "回款周期")
SCOPES = ("重点客户", "一般客户", "大客户", "潜力客户", "新客户", "老客户", "新会员", "老会员", "金卡", "银卡",
          "流失会员", "沉默会员", "华东", "华南", "华北", "华中", "西南", "西北", "东北", "一线", "新一线", "二线",
          "三线", "小程序", "APP", "社群", "线上", "线下", "异业合作")
VAGUE = ("加强", "深化", "改善", "提升关系", "维护好", "搞好", "做好", "积极", "全面", "进一步", "做大", "做强", "努力",
         "争取", "大力", "持续", "不断", "尽量", "尽快", "优化", "完善", "推进", "重视", "落实", "水平")
GENERIC_R = ("客户", "销售", "份额", "关系", "决策", "回款", "产品线", "合作", "项目", "合同", "订单", "会员", "复购",
             "留存", "转化", "满意", "毛利", "利润", "收入", "营收", "完成率", "指标", "投诉", "成本", "库存", "应收",
             "渠道", "市场", "报价", "方案")
R_TERMS = ("复购", "留存", "流失", "转化", "满意", "销售", "收入", "毛利", "利润", "回款", "客单价", "新客户",
           "重点客户", "一般客户", "会员", "份额", "拜访", "渠道", "产品", "服务", "团队", "培训", "成本", "完成率",
           "指标", "投诉")
ABSOLUTE = ("翻一番", "翻番", "翻倍", "百分百", "100%", "零投诉", "零差错", "第一", "全部", "所有", "全覆盖")
SHARE_WORDS = ("份额", "占比", "占有率")
#: Words that contain a number character followed by a unit character but are not quantities.
NOT_QUANTITIES = ("十分", "万分", "一成不变", "千家万户", "万家")

# --- patterns (on NFKC text without spaces) -----------------------------------------------
_CN = "零一二两三四五六七八九十百千万亿半"
NUM = rf"(?:\d+(?:\.\d+)?|[{_CN}]+)"
UNIT = (r"(?:%|个百分点|百分点|万元|亿元|元|亿|万|次|家|个(?!月|季度|星期|工作日)|台|套|位|人|名|条|项|分(?!钟|点)"
        r"|分钟|单|笔|件|场|倍|成|小时|天(?!内|之内|以内))")
_M_NUMBER = re.compile(rf"(?<![第\d.{_CN}]){NUM}{UNIT}")
_M_PERCENT_WORDS = re.compile(rf"百分之[\d{_CN}]+|百分百")
_M_CHANGE = re.compile(r"(由|从).{1,8}?(转为|变为|提升到|提高到|提到|达到|降到|降低到|降至|缩短到|延长到|增加到|减少到)"
                       r".{1,8}")
_M_DOUBLE = re.compile(r"翻[一两]?[番倍]")
_M_FRACTION = re.compile(rf"减半|一半|[{_CN}\d]+分之[{_CN}\d]+")
#: A deliverable anyone can check: a verb of handing over or holding, then (within a few characters) the thing.
DELIVERABLES = ("方案", "报价单", "报价", "合同", "协议", "报告", "计划书", "建议书", "样机", "标书", "纪要", "评审会",
                "交流会", "培训会", "说明会")
_M_DELIVERABLE = re.compile(r"(发出|发送|发|提交|递交|交付|寄出|寄送|送达|签订|签署|签下|召开|举办|出具|拿到|取得)"
                            r"[^，。；,;]{0,8}?(" + "|".join(sorted(DELIVERABLES, key=len, reverse=True)) + ")")
_T_PATTERNS = (
    re.compile(r"20\d{2}年"),
    re.compile(r"\d{4}[-/.]\d{1,2}"),
    re.compile(r"(?<!\d)\d{1,2}月(底|末|初|中旬|\d{1,2}[日号])?"),
    re.compile(r"Q[1-4](?!\d)|第[1-4一二三四]季", re.I),
    re.compile(r"[一二三四1-4]季度"),
    re.compile("|".join(("年底", "年末", "年内", "年初", "年中", "月底", "月末", "季度末", "季末", "上半年", "下半年",
                         "本季度", "本月", "本周", "本年度", "今年", "明年", r"下个?月", "下季度", "下周", "下半月",
                         "春节前", "国庆前"))),
    re.compile(rf"{NUM}个?(天|日|周|星期|月|季度|年)(内|之内|以内)"),
)
_FROM_TO_UNIT = r"(%|个百分点|万元|元|天|小时|家|人|次|个|分|单|笔)?"
_FROM_TO = re.compile(rf"从(\d+(?:\.\d+)?){_FROM_TO_UNIT}"
                      rf"(?:缩短|延长|提高|提升|增加|增长|降低|减少|下降|降|提|增)?(?:到|至)(\d+(?:\.\d+)?){_FROM_TO_UNIT}")
_GROWTH = re.compile(r"(增长|提升|提高|增加|上升)了?(\d+(?:\.\d+)?)%")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")
_WAN = re.compile(r"(\d+(?:\.\d+)?)万元?")
_CUSTOMER_ID = re.compile(r"C\d{4}")
_PRODUCT_CODE = re.compile(r"QL-\w+", re.I)


def normalise(text: Any) -> str:
    """The goal as the rules read it: NFKC (full-width -> half-width), spaces removed.

    Args:
        text: the goal (``None`` counts as empty).

    Returns:
        The normalised text.

    >>> normalise("２０２６年 ３月 前签约１个项目")
    '2026年3月前签约1个项目'
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def _length(text: str) -> int:
    """Characters that are neither punctuation, symbol nor space."""
    return sum(1 for ch in text if unicodedata.category(ch)[0] not in "PSZC")


def _found(text: str, words: Iterable[str]) -> list[str]:
    """The words of ``words`` that occur in ``text``, longest first, without words inside longer hits."""
    hits: list[str] = []
    for word in sorted(set(words), key=len, reverse=True):
        if word and word.upper() in text.upper() and not any(word in h for h in hits):
            hits.append(word)
    return hits


def _context_parts(context: str | Mapping[str, Any] | None) -> tuple[list[str], str, float | None]:
    """(terms, parent goal, potential in 万元) from any accepted form of ``context``."""
    if context is None:
        return [], "", None
    if isinstance(context, str):
        return [], normalise(context), None
    if not isinstance(context, Mapping):
        raise TypeError("context must be a string, a mapping or None")
    terms: list[str] = []
    for key in ("terms", "names", "titles", "lines"):  # names/titles/lines: lecture 3's first draft
        value = context.get(key)
        if isinstance(value, str):
            value = [value]
        terms += [normalise(v) for v in (value or ()) if normalise(v)]
    potential = context.get("potential_wan")
    try:
        potential = float(potential) if potential is not None else None
    except (TypeError, ValueError):
        potential = None
    if potential is not None and math.isnan(potential):
        potential = None
    return terms, normalise(context.get("parent", "")), potential


def _deadline_text(deadline: Any) -> str:
    """The deadline as YYYY-MM-DD when it reads as a date, else as typed."""
    if deadline is None or (isinstance(deadline, float) and math.isnan(deadline)):
        return ""
    from ..data.parse import parse_date

    stamp = parse_date(deadline)
    if stamp is pd.NaT or pd.isna(stamp):
        return str(deadline).strip()
    return stamp.strftime("%Y-%m-%d")


def _number(value: str) -> float:
    return float(value)


def _change_note(before: float, after: float, unit: str = "") -> str:
    """"有基线：从 18% 到 25%（变化 +38.9%）", with a warning above 50 %."""
    if before == 0:
        return f"有基线：从 {before:g}{unit} 到 {after:g}{unit}（基线为 0，无法算变化幅度）"
    change = after / before - 1
    note = f"有基线：从 {before:g}{unit} 到 {after:g}{unit}（变化 {change:+.1%}）"
    return note + ("，超过 50%，请核实" if abs(change) > 0.5 else "")


@dataclass(frozen=True)
class SmartRow:
    """One letter's verdict: 结果 (是 / 否 / 待判断), 依据 (what the rule saw), 建议 (how to fix)."""

    letter: str
    result: str
    basis: str
    advice: str


@dataclass(frozen=True)
class SmartResult:
    """What :func:`smart_check` says about one goal.

    Attributes:
        goal: the goal as written.
        rows: one :class:`SmartRow` per letter, in the order S, M, A, R, T.
        vague: the vague words found (加强, 做好 ...), to be replaced by concrete actions.
    """

    goal: str
    rows: tuple[SmartRow, ...]
    vague: tuple[str, ...] = ()

    def __getitem__(self, letter: str) -> str:
        """The 结果 of one letter, e.g. ``result["M"]`` -> "否"."""
        for row in self.rows:
            if row.letter == letter:
                return row.result
        raise KeyError(letter)

    @property
    def results(self) -> dict[str, str]:
        """Letter -> 结果."""
        return {row.letter: row.result for row in self.rows}

    @property
    def missing(self) -> tuple[str, ...]:
        """The letters whose 结果 is 否, in the order S, M, A, R, T."""
        return tuple(row.letter for row in self.rows if row.result == NO)

    @property
    def open(self) -> tuple[str, ...]:
        """The letters left to a person (结果 待判断)."""
        return tuple(row.letter for row in self.rows if row.result == OPEN)

    def table(self) -> pd.DataFrame:
        """The verdict as a table: index S..T, columns 要素, 含义, 结果, 依据, 建议.

        >>> smart_check("第3季度").table().loc[["S", "T"], "结果"].tolist()
        ['否', '是']
        """
        return pd.DataFrame([{"要素": NAMES[r.letter], "含义": MEANINGS[r.letter], "结果": r.result,
                              "依据": r.basis, "建议": r.advice} for r in self.rows],
                            index=pd.Index([r.letter for r in self.rows]))

    def vague_line(self) -> str:
        """"空泛词：加强、做好（建议换成具体动作）", or "" when none was found."""
        return f"空泛词：{'、'.join(self.vague)}（建议换成具体动作）" if self.vague else ""

    def _repr_html_(self) -> str:
        marks = {YES: ("#2e7d32", "●"), NO: ("#c62828", "✕"), OPEN: ("#ef6c00", "？")}
        rows = []
        for r in self.rows:
            colour, mark = marks[r.result]
            rows.append(f"<tr><td><b>{NAMES[r.letter]}</b></td>"
                        f"<td style='color:{colour};white-space:nowrap'>{mark} <b>{r.result}</b></td>"
                        f"<td>{html.escape(r.basis)}</td><td>{html.escape(r.advice)}</td></tr>")
        head = f"<p><b>目标：</b>{html.escape(self.goal) if self.goal.strip() else '（空）'}</p>"
        missing = "缺少：" + ("、".join(self.missing) if self.missing else "无（S、M、R、T 中没有“否”）")
        foot = [missing, "A 和 R 最终由人判断：检查器只认字，不懂业务。"]
        if self.vague:
            foot.insert(1, self.vague_line())
        return (head + "<table><thead><tr><th>要素</th><th>结果</th><th>依据</th><th>建议</th></tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>"
                + "".join(f"<p>{html.escape(line)}</p>" for line in foot))

    def __repr__(self) -> str:
        lines = [f"目标：{self.goal}"] + [f"{NAMES[r.letter]}：{r.result}（{r.basis}）" for r in self.rows]
        if self.vague:
            lines.append(self.vague_line())
        return "\n".join(lines)


def _check_s(text: str, terms: list[str], vague: list[str]) -> SmartRow:
    objects = _found(text, (*TITLES, *PRODUCT_LINES, *THINGS, *METRICS, *SCOPES, *terms))
    objects += _CUSTOMER_ID.findall(text) + _PRODUCT_CODE.findall(text)
    length = _length(text)
    if not text:
        return SmartRow("S", NO, "没有内容", "请先写一句目标")
    if length < 8:
        return SmartRow("S", NO, f"只有 {length} 个字（不足 8 个字），说不清对象和范围",
                        "写全：对谁（哪类客户、哪个区域）、做成什么（哪个指标）")
    if objects:
        return SmartRow("S", YES, "对象：" + "、".join(objects[:4]), "—")
    if vague:
        return SmartRow("S", NO, "只有‘" + "/".join(vague[:3]) + "’这类笼统说法，没有说清对象或动作",
                        "写明对象（哪类客户、哪个人、哪条产品线）和具体动作")
    return SmartRow("S", NO, "没有找到具体的对象或动作", "写明对象（哪类客户、哪个人、哪条产品线）和具体指标")


def _check_m(text: str) -> SmartRow:
    cleaned = text
    for word in NOT_QUANTITIES:
        cleaned = cleaned.replace(word, "　")
    hits = [m.group() for m in _M_NUMBER.finditer(cleaned)] + _M_PERCENT_WORDS.findall(cleaned)
    change = _M_CHANGE.search(cleaned)
    double = _M_DOUBLE.search(cleaned)
    fraction = _M_FRACTION.search(cleaned)
    deliverable = _M_DELIVERABLE.search(cleaned)
    parts = []
    if hits:
        parts.append("数字：" + "、".join(dict.fromkeys(hits)))
    if change:
        parts.append("前后变化：" + change.group())
    if double:
        parts.append("倍数：" + double.group())
    if fraction:
        parts.append("比例：" + fraction.group())
    if deliverable:
        parts.append("交付物：" + deliverable.group() + "（做没做到，一看便知）")
    if parts:
        return SmartRow("M", YES, "；".join(parts), "—")
    return SmartRow("M", NO, "没有“数字 + 单位”、前后变化或看得见的交付物",
                    "加上数字和单位，例如“从 18% 提高到 25%”“新增 5 家”，或写明交付什么（如“提交方案”）")


def _check_a(text: str, potential: float | None, baseline: Any, target: Any) -> SmartRow:
    default = "规则无法判断资源是否足够，请与负责人确认"
    for word in SHARE_WORDS:
        for m in re.finditer(word, text):
            for p in _PERCENT.finditer(text[m.end(): m.end() + 12]):
                if float(p.group(1)) > 100:
                    return SmartRow("A", NO, f"{word}目标 {p.group()} 超过 100%，不可能达到",
                                    "份额最多 100%：请改成可能的目标")
    if potential is not None:
        for m in _WAN.finditer(text):
            if float(m.group(1)) > potential:
                return SmartRow("A", NO, f"金额 {m.group()} 超过客户的采购潜力 {potential:g} 万元",
                                "目标金额不能超过客户的全部采购额：请按潜力重新定")
    notes = []
    pair, unit = None, ""
    if baseline is not None and target is not None:
        try:
            pair = (float(baseline), float(target))
        except (TypeError, ValueError):
            pair = None
        if pair is not None and any(math.isnan(v) for v in pair):
            pair = None
    if pair is None:
        found = _FROM_TO.search(text)
        if found:
            pair = (_number(found.group(1)), _number(found.group(3)))
            unit = found.group(2) or found.group(4) or ""
    if pair is not None:
        notes.append(_change_note(*pair, unit))
    growth = [float(g.group(2)) for g in _GROWTH.finditer(text)]
    if any(g > 100 for g in growth):
        notes.append("增长目标超过 100%，请确认资源")
    absolute = _found(text, ABSOLUTE)
    if absolute:
        notes.append(f"含“{'、'.join(absolute)}”这类绝对化目标（全部/第一/翻番），请核实")
    notes.append(default)
    return SmartRow("A", OPEN, "；".join(notes), "写出基线和依据（去年做到多少、有哪些资源），请负责人确认")


def _check_r(text: str, terms: list[str], parent: str) -> SmartRow:
    named = _found(text, terms)
    if parent:
        shared = [w for w in R_TERMS if w in text and w in parent]
        if shared or named:
            return SmartRow("R", YES, "与上级目标的共同关键词：" + "、".join(shared + named), "—")
        return SmartRow("R", OPEN, "与上级目标没有共同的业务关键词",
                        "说明这个目标怎样服务于上级目标（例如用同一个指标）")
    generic = _found(text, GENERIC_R)
    if named:
        return SmartRow("R", YES, "提到了：" + "、".join(named), "—")
    if generic and terms:
        return SmartRow("R", YES, "是业务目标（提到" + "、".join(generic[:3]) + "）", "—")
    if generic:
        return SmartRow("R", OPEN, "仅说明是业务目标（提到" + "、".join(generic[:3]) + "）；没有填写上级目标，"
                        "无法判断与哪个上级目标相关", "填写上级目标，检查器才能看两者是否相关")
    return SmartRow("R", OPEN, "看不出它服务于哪个上级目标", "请说明它服务于哪个上级目标")


def _check_t(text: str, deadline: Any) -> SmartRow:
    when = _deadline_text(deadline)
    if when:
        return SmartRow("T", YES, f"截止日期 {when}", "—")
    hits = []
    for pattern in _T_PATTERNS:
        hits += [m.group() for m in pattern.finditer(text)]
    if hits:
        return SmartRow("T", YES, "时间：" + "、".join(dict.fromkeys(hits)), "—")
    note = "没有截止日期"
    if re.search(r"每(天|日|周|星期|月|季度?|年)", text):
        note += "（“每月/每周”是频率，不是期限）"
    elif re.search(r"\d+(小时|分钟)(内|之内|以内)", text):
        note += "（“48 小时内”是服务标准，不是完成期限）"
    return SmartRow("T", NO, note, "加上截止日期，例如“2026年6月30日前”“下季度末前”")


def smart_check(goal: str, *, context: str | Mapping[str, Any] | None = None, deadline: Any = None,
                baseline: Any = None, target: Any = None) -> SmartResult:
    """Check a written goal against S / M / A / R / T by the stated keyword rules.

    Args:
        goal: the goal, one sentence in Chinese (full-width digits are fine).
        context: the parent goal as text (for R), or a mapping with ``terms`` (names, titles,
            product lines that count as objects for S and as relevant for R), ``parent`` (the
            parent goal) and ``potential_wan`` (the customer's potential in 万元, for A).
        deadline: a deadline filled in separately (then T is 是).
        baseline: the starting value filled in separately (the A note uses it with ``target``).
        target: the target value filled in separately.

    Returns:
        A :class:`SmartResult`: ``.table()`` (要素, 含义, 结果, 依据, 建议), ``.missing``
        (letters with 否); it shows itself as a table in a notebook.

    >>> r = smart_check("2026年6月30日前，把华东区一般客户的季度复购率从18%提高到25%。",
    ...                 context="提高一般客户的复购与留存")
    >>> r.results
    {'S': '是', 'M': '是', 'A': '待判断', 'R': '是', 'T': '是'}
    >>> r.table().loc["A", "依据"].split("；")[0]
    '有基线：从 18% 到 25%（变化 +38.9%）'
    >>> smart_check("加强与该客户高层的关系").missing
    ('S', 'M', 'T')
    """
    text = normalise(goal)
    terms, parent, potential = _context_parts(context)
    vague = _found(text, VAGUE)
    rows = (_check_s(text, terms, vague), _check_m(text), _check_a(text, potential, baseline, target),
            _check_r(text, terms, parent), _check_t(text, deadline))
    return SmartResult("" if goal is None else str(goal), rows, tuple(vague))


def smart_missing(goal: str, **kw: Any) -> str:
    """The letters a goal lacks (结果 否), as "S、M、T", or "—" when none.

    Args:
        goal: the goal.
        **kw: ``context``, ``deadline``, ... as for :func:`smart_check`.

    Returns:
        The letters joined by "、", or "—".

    >>> smart_missing("加强客户关系管理，提升服务水平。")
    'S、M、T'
    """
    return "、".join(smart_check(goal, **kw).missing) or "—"


def smart_table(goals: Any, context: str | Mapping[str, Any] | None = None, goal_col: str = "目标",
                deadline_col: str | None = None) -> pd.DataFrame:
    """Check many goals at once: one row per goal with S, M, A, R, T, 缺少 and 提示.

    Args:
        goals: a list of goal texts, or a DataFrame with the goals in ``goal_col`` (its other
            columns are kept in front).
        context: as for :func:`smart_check`, the same for every goal.
        goal_col: the column with the goal texts.
        deadline_col: a column with deadlines filled in separately (optional).

    Returns:
        The goals' columns, then S, M, A, R, T (是 / 否 / 待判断), 缺少 ("—" or "M、T") and
        提示 (the first advice of a letter with 否, or the vague-word line).

    >>> smart_table(["下季度新增重点客户5家", "提高复购率"])[["S", "M", "T", "缺少"]].values.tolist()
    [['是', '是', '是', '—'], ['否', '否', '否', 'S、M、T']]
    """
    frame = pd.DataFrame({goal_col: list(goals)}) if not isinstance(goals, pd.DataFrame) else goals.copy()
    if goal_col not in frame.columns:
        from ..errors import require_present

        require_present(frame, [goal_col], "目标表", "the goals table")
    out = frame.reset_index(drop=True)
    results = []
    for i, goal in enumerate(out[goal_col]):
        deadline = out.loc[i, deadline_col] if deadline_col else None
        results.append(smart_check(goal, context=context, deadline=deadline))
    for letter in LETTERS:
        out[letter] = [r[letter] for r in results]
    out["缺少"] = ["、".join(r.missing) or "—" for r in results]
    hints = []
    for r in results:
        advice = [row.advice for row in r.rows if row.result == NO]
        hints.append(advice[0] if advice else (r.vague_line() or "—"))
    out["提示"] = hints
    return out


def smart_rules() -> pd.DataFrame:
    """The checker's rules in plain Chinese (shown to trainees beside the checker).

    Returns:
        Index 要素 (one row per letter); columns 判为“是”, 判为“否”或“待判断”.

    >>> smart_rules().index.tolist()
    ['S 具体', 'M 可衡量', 'A 可达成', 'R 相关', 'T 有时限']
    """
    rows = [
        ("S 具体", "句子至少 8 个字（不算标点），并且有“对象”：职务（总经理、采购……）、产品线、"
                   "具体事项（订单、合同、拜访……）、指标（复购率、销售额、满意度……）"
                   "或范围（重点客户、华东、小程序……）",
         "否：太短，或只有“加强、提升、做好”这类笼统说法"),
        ("M 可衡量", "有“数字 + 单位”（%、个百分点、万元、家、人、次、天、小时……）、“一半/减半/三分之一”、"
                     "“从 X 提高到 Y”这样的前后变化、“翻番/翻倍”，或一件做没做到一看便知的交付物"
                     "（发方案、提交报价、签订合同、召开评审会……）",
         "否：没有数字、没有前后变化，也没有交付物"),
        ("A 可达成", "从不自动判“是”：资源够不够，文字看不出来",
         "待判断：依据里写出有没有基线（变化超过 50% 提醒核实）、有没有“翻番、所有、第一、零投诉”这类绝对化说法；"
         "否：份额超过 100% 这类不可能的目标"),
        ("R 相关", "填了上级目标：两句话有共同的业务关键词（复购、回款、毛利、完成率……）",
         "待判断：没有填上级目标（依据里只说明它是不是业务目标），或与上级目标没有共同关键词"),
        ("T 有时限", "有日期或期限：2026年、6月底、第三季度、Q3、年底、下季度、30天内……；或单独填了截止日期",
         "否：没有期限。“每月、每周”是频率；“48 小时内回复”是服务标准，算可衡量，不算截止日期"),
    ]
    return pd.DataFrame(rows, columns=["要素", "判为“是”", "判为“否”或“待判断”"]).set_index("要素")


def smart_limits() -> str:
    """What the checker cannot see (printed under its rules).

    Returns:
        One paragraph in Chinese.

    >>> "同义词" in smart_limits()
    True
    """
    return ("检查器不懂的事：同义词和行话（它只认规则表里列出的词，不认识你们公司自己的说法，例如“动销率”；"
            "交付物也只认方案、报价、合同、报告这类常见的词）；"
            "方向对不对（“把流失率从 5% 提高到 8%”它照样说“有基线”）；"
            "数字合不合理（“从 1% 提高到 1.5%”和“从 50% 提高到 75%”都是 +50%）；目标之间是否矛盾；"
            "一句空话只要提到一个指标（“努力做好会员运营，尽快提高复购率”）就能过 S；"
            "一件交付物（“本周五前给张总发方案”）能过 M，但方案好不好它看不出。"
            "没有填上级目标时，R 一律是“待判断”：依据里说“是业务目标”，只说明句子谈的是业务，"
            "不说明它与你的上级目标相关。"
            "A 和 R 最终要由人判断。")
