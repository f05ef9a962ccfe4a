"""Qualitative data (定性数据): how it is collected, and turning interview notes into numbers.

Quantifying interviews takes two steps (访谈数据量化2步法):

1. **code** (编码) -- read every note and mark which topics it mentions, using a codebook
   (编码表): a dict ``category -> keywords``. :func:`code_notes` does a first, mechanical
   pass and returns a note x category 0/1 matrix;
2. **count and weight** (计数与加权) -- count how many notes mention each topic, and
   weight each note by who said it (e.g. a decision maker counts more than a clerk) or by
   the customer's value. :func:`summarise_codes` does both.

Keyword coding is a first pass, not the truth: it misses synonyms and cannot see negation
("没有延迟" still contains "延迟"). Always read a sample of the notes it coded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import DataError, first_bad_row

if TYPE_CHECKING:  # pragma: no cover
    pass


#: A codebook for interviews with industrial customers: category -> keywords.
#: Written for the case notes; extend it with the words your own customers use.
DEFAULT_CODEBOOK: dict[str, list[str]] = {
    "交期与供货": ["交期", "交货", "到货", "要等", "等货", "缺货", "延迟", "供货"],
    "价格与商务": ["价格", "报价", "单价", "降本", "账期", "折扣", "贵", "成本"],
    "产品质量": ["质量", "故障", "不良", "返修", "稳定", "精度", "寿命"],
    "技术支持与服务": ["售后", "对接人", "工程师", "培训", "技术文档", "响应", "回复", "调试", "备件更换"],
    "数字化服务": ["远程运维", "远程诊断", "手机", "线上", "数字化", "接入"],
    "方案与选型": ["方案", "选型", "定制", "集成", "兼容"],
    "竞争对手": ["竞品", "进口品牌", "国产同行", "别家", "华拓", "想换", "对手"],
}



#: Weight of an interviewee by level (层级): decision makers count three times a user.
LEVEL_WEIGHTS: dict[str, float] = {"决策层": 3.0, "管理层": 2.0, "执行层": 1.0}



def qualitative_methods() -> pd.DataFrame:
    """The two ways of collecting qualitative data (定性数据收集的2种方法) used in this course.

    Way 1 is **asking** (问): in-depth interviews, one to one or as a small focus group.
    Way 2 is **watching** (看): observing on site what customers and channel partners
    actually do. Asking tells you reasons and feelings; watching tells you behaviour
    that people do not report. Use both on the same question when you can.

    Returns:
        A table, one row per way, with 怎么做, 擅长回答, 常见偏差 and 记录成什么.

    >>> qualitative_methods().index.tolist()
    ['访谈法（问）', '观察法（看）']
    """
    rows = {
        "访谈法（问）": {
            "具体形式": "一对一深度访谈（in-depth interview）；5–8 人的焦点小组（focus group）",
            "怎么做": "提前写好访谈提纲，问开放式问题，多问“为什么”“举个例子”，当场记录原话",
            "擅长回答": "客户为什么这样选、看重什么、有什么不满和期待",
            "常见偏差": "客户说的和做的不一致；被访者迎合提问者；小组里被强势者带偏",
            "记录成什么": "访谈笔记（原话 + 被访者层级 + 客户编号），供后面编码",
        },
        "观察法（看）": {
            "具体形式": "现场观察（门店、工地、产线、渠道库房）；陪同销售拜访",
            "怎么做": "按观察清单看陈列、库存、竞品、使用场景，拍照并计数，不打断对方",
            "擅长回答": "客户实际怎么用、在哪里买、现场有什么问题没人提",
            "常见偏差": "只看到一天一处；被观察者知道有人看而改变行为",
            "记录成什么": "观察记录表（时间、地点、看到的事实、数量、照片编号）",
        },
    }
    out = pd.DataFrame(rows).T
    out.index.name = "方法"
    return out



def check_codebook(codebook: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """Validate a codebook and return it as ``{category: [keywords]}`` with spaces trimmed.

    Args:
        codebook: category -> keywords.

    Returns:
        A cleaned copy.

    Raises:
        DataError: when the codebook is empty, a category has no keywords, or a keyword
            is not text.

    >>> check_codebook({"价格": [" 贵 ", "报价"]})
    {'价格': ['贵', '报价']}
    """
    if not codebook:
        raise DataError("编码表是空的", "the codebook is empty",
                        fix_zh="至少写一个类别和它的关键词", fix_en="add at least one category with keywords")
    out: dict[str, list[str]] = {}
    for category, keywords in codebook.items():
        if isinstance(keywords, str):
            keywords = [keywords]
        cleaned = []
        for word in keywords:
            if not isinstance(word, str) or not word.strip():
                raise DataError(
                    f"类别“{category}”里有空白或不是文字的关键词：{word!r}",
                    f"category {category!r} has an empty or non-text keyword: {word!r}",
                    fix_zh="关键词必须是非空的文字，例如 \"交期\"",
                    fix_en='keywords must be non-empty text, e.g. "交期"',
                )
            cleaned.append(word.strip())
        if not cleaned:
            raise DataError(f"类别“{category}”没有关键词", f"category {category!r} has no keywords",
                            fix_zh="给这个类别写至少一个关键词，或者删掉它",
                            fix_en="give it at least one keyword, or remove it")
        out[str(category)] = cleaned
    return out



def codebook_table(codebook: Mapping[str, Iterable[str]] = DEFAULT_CODEBOOK) -> pd.DataFrame:
    """The codebook as a table to show and discuss.

    Args:
        codebook: category -> keywords.

    Returns:
        One row per category with 关键词 (joined with 、) and 关键词数.

    >>> codebook_table({"价格": ["贵", "报价"]}).loc["价格", "关键词"]
    '贵、报价'
    """
    book = check_codebook(codebook)
    out = pd.DataFrame({
        "关键词": {c: "、".join(k) for c, k in book.items()},
        "关键词数": {c: len(k) for c, k in book.items()},
    })
    out.index.name = "类别"
    return out



def _as_series(notes: Sequence[str] | pd.Series) -> pd.Series:
    return notes if isinstance(notes, pd.Series) else pd.Series(list(notes))



def _lower_text(note: object) -> str:
    """A note in lower case for matching; a blank note (None, NaN) is ``""``."""
    if note is None or (not isinstance(note, str) and pd.isna(note)):
        return ""
    return str(note).lower()



def matched_keywords(
    note: str | None, codebook: Mapping[str, Iterable[str]] = DEFAULT_CODEBOOK
) -> dict[str, list[str]]:
    """Which keywords of which category occur in one note (the evidence behind a code).

    Matching is plain substring search, ignoring upper/lower case.

    Args:
        note: one interview note (blank gives an empty result).
        codebook: category -> keywords.

    Returns:
        ``{category: [keywords found]}`` for the categories found, in codebook order.

    >>> matched_keywords("报价偏贵，交期还行", {"价格": ["贵", "报价"], "交期": ["交期"], "质量": ["故障"]})
    {'价格': ['贵', '报价'], '交期': ['交期']}
    """
    book = check_codebook(codebook)
    text = _lower_text(note)
    found = {c: [k for k in words if k.lower() in text] for c, words in book.items()}
    return {c: k for c, k in found.items() if k}



def code_notes(
    notes: Sequence[str] | pd.Series, codebook: Mapping[str, Iterable[str]] = DEFAULT_CODEBOOK
) -> pd.DataFrame:
    """Step 1 of quantifying interviews: code each note into categories (编码).

    A note belongs to a category when it contains at least one of the category's
    keywords (substring match, case ignored). A note can belong to several categories,
    or to none; blank notes belong to none.

    Args:
        notes: the interview notes (a Series keeps its index).
        codebook: category -> keywords.

    Returns:
        A note x category matrix of 0/1 integers, columns in codebook order.

    >>> book = {"价格": ["贵", "报价"], "交期": ["交期", "延迟"]}
    >>> code_notes(["报价太贵", "交期延迟两周，价格还行", None], book).values.tolist()
    [[1, 0], [0, 1], [0, 0]]
    """
    book = check_codebook(codebook)
    series = _as_series(notes)
    text = series.map(_lower_text)
    out = pd.DataFrame(
        {c: text.map(lambda t, ks=words: int(any(k.lower() in t for k in ks))) for c, words in book.items()},
        index=series.index,
    )
    out.columns.name = "类别"
    return out.astype(int)



def weights_from(values: pd.Series, mapping: Mapping[str, float] = LEVEL_WEIGHTS) -> pd.Series:
    """Turn a label column (e.g. interviewee level) into numeric weights.

    Args:
        values: the labels, one per note.
        mapping: label -> weight.

    Returns:
        The weights as floats, same index.

    Raises:
        DataError: when a label has no weight (so nothing is silently dropped).

    >>> weights_from(pd.Series(["决策层", "执行层"])).tolist()
    [3.0, 1.0]
    """
    values = values.astype(object)
    out = values.map(lambda v: mapping.get(v.strip() if isinstance(v, str) else v))
    if out.isna().any():
        bad = values[out.isna()].iloc[0]
        raise DataError(
            f"没有为“{bad}”设定权重",
            f"no weight is set for {bad!r}",
            fix_zh="在权重表中加入它，现有：" + "、".join(map(str, mapping)),
            fix_en="add it to the weights; known: " + ", ".join(map(str, mapping)),
            row=first_bad_row(out.isna().to_numpy()),
        )
    return out.astype(float)



def summarise_codes(coded: pd.DataFrame, weights: pd.Series | Sequence[float] | None = None) -> pd.DataFrame:
    """Step 2 of quantifying interviews: count and weight the codes (计数与加权).

    Args:
        coded: the 0/1 matrix from :func:`code_notes`.
        weights: one non-negative weight per note (e.g. from :func:`weights_from`);
            ``None`` weights every note 1.

    Returns:
        One row per category, sorted by weighted share (largest first), with
        提及次数 (notes mentioning it), 提及率 (share of all notes), 加权得分 (sum of the
        weights of those notes) and 加权占比 (加权得分 / total weight of all notes).

    >>> coded = pd.DataFrame({"价格": [1, 1, 0], "交期": [0, 1, 1]})
    >>> summarise_codes(coded, [1, 1, 3])["加权占比"].round(2).to_dict()
    {'交期': 0.8, '价格': 0.4}
    """
    if weights is None:
        w = pd.Series(1.0, index=coded.index)
    else:
        w = weights.astype(float) if isinstance(weights, pd.Series) else pd.Series(list(weights), dtype=float)
        if len(w) != len(coded):
            raise DataError(f"权重有 {len(w)} 个，笔记有 {len(coded)} 条，数量必须相同",
                            f"{len(w)} weights for {len(coded)} notes; they must match")
        w = pd.Series(w.to_numpy(), index=coded.index)
        if w.isna().any() or (w < 0).any():
            raise DataError("权重必须是非负数且不能为空", "weights must be non-negative and not blank")
    total = float(w.sum())
    n = len(coded)
    out = pd.DataFrame({
        "提及次数": coded.sum().astype(int),
        "提及率": coded.mean() if n else coded.sum() * float("nan"),
        "加权得分": coded.mul(w, axis=0).sum(),
    })
    out["加权占比"] = out["加权得分"] / total if total else float("nan")
    out.index.name = "类别"
    return out.sort_values(["加权占比", "提及次数"], ascending=False, kind="stable")



def weighting_effect(summary: pd.DataFrame, levels: pd.Series, coded: pd.DataFrame | None = None) -> str:
    """What weighting by level changed, said honestly, with the interviewee mix it depends on.

    Weighting can only move the result as far as the levels talk about different things.
    With ``coded``, the sentence also names what each level talks about most, because that --
    not the head count -- is why the ranking moves; and it recommends reporting by level as
    well as one weighted figure.

    Args:
        summary: the output of :func:`summarise_codes` with weights.
        levels: the interviewee level of each note.
        coded: the 0/1 matrix from :func:`code_notes` (same rows as ``levels``), optional.

    Returns:
        Chinese sentences: the level mix, the largest change in percentage points, whether
        the order of the topics changed and, with ``coded``, each level's main topic.

    >>> coded = pd.DataFrame({"价格": [1, 1, 0], "交期": [0, 0, 1]})
    >>> s = summarise_codes(coded, [1, 1, 3])
    >>> print(weighting_effect(s, pd.Series(["执行层", "执行层", "决策层"]), coded).replace("。", "。\\n"))
    受访者：决策层 1 人（33%）、执行层 2 人（67%）。
    加权后变化最大的是“交期”（+26.7 个百分点），主题的先后顺序变了：排第一的从“价格”变成“交期”。
    各层级关心的事不同：决策层的纪要 100% 谈到“交期”，执行层的纪要 100% 谈到“价格”；加权放大了决策层的声音，排序才会变。
    汇报时建议先按层级分别列出，再给一个加权数。
    <BLANKLINE>
    """
    counts = levels.value_counts()
    order = [lv for lv in LEVEL_WEIGHTS if lv in counts.index] + [lv for lv in counts.index
                                                                  if lv not in LEVEL_WEIGHTS]
    mix = "、".join(f"{lv} {counts[lv]} 人（{counts[lv] / counts.sum():.0%}）" for lv in order)
    change = (summary["加权占比"] - summary["提及率"]) * 100
    biggest = change.abs().idxmax()
    plain = summary["提及率"].sort_values(ascending=False, kind="stable").index.tolist()
    weighted = summary["加权占比"].sort_values(ascending=False, kind="stable").index.tolist()
    text = f"受访者：{mix}。加权后变化最大的是“{biggest}”（{change[biggest]:+.1f} 个百分点），"
    if plain[0] != weighted[0]:
        text += f"主题的先后顺序变了：排第一的从“{plain[0]}”变成“{weighted[0]}”。"
    elif plain != weighted:
        text += "排第一的主题没有变，后面几个主题的先后有变化。"
    elif counts.max() / counts.sum() >= 0.7:
        return text + "主题的先后顺序没有变：受访者层级越单一，加权能改变的就越少。"
    else:
        text += "主题的先后顺序没有变。"
    if coded is None:
        return text
    shares = coded.groupby(levels.astype(str).to_numpy()).mean()
    ends = [lv for lv in (order[0], order[-1]) if lv in shares.index]
    focus = "，".join(f"{lv}的纪要 {shares.loc[lv].max():.0%} 谈到“{shares.loc[lv].idxmax()}”"
                     for lv in dict.fromkeys(ends))
    return (text + f"各层级关心的事不同：{focus}；加权放大了{order[0]}的声音，排序才会变。"
            "汇报时建议先按层级分别列出，再给一个加权数。")



def observation_record() -> pd.DataFrame:
    """An example observation record (观察法): what was seen on site, counted, not asked.

    The second way of collecting qualitative data is watching. A record lists facts with
    time, place and a count, so that observations from several visits can be added up
    like coded interviews. The rows are a fictional visit to a customer's plant.

    Returns:
        One row per observation: 时间, 地点, 看到的事实, 数量, 可能说明什么.

    >>> observation_record()["数量"].dtype.kind
    'i'
    """
    rows = [
        ("09:30", "客户备件库", "货架上的伺服驱动器中，竞品品牌占多数", 14, "客户的备件在向竞品集中，可能在换供应商"),
        ("10:15", "2 号产线", "设备面板上贴着手写的参数调整说明", 3, "操作人员看不懂说明书，需要培训或更好的文档"),
        ("11:00", "维修班", "故障记录本上，夜班报修后第二天才处理的条目", 6, "夜间没人响应：远程支持或驻厂备件的机会"),
        ("14:00", "采购部", "桌上摊着两家供应商的报价对比表", 1, "正在比价：要准备总成本（不只是单价）的说法"),
    ]
    return pd.DataFrame(rows, columns=["时间", "地点", "看到的事实", "数量", "可能说明什么"])
