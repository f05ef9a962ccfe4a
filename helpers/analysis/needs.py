"""Customer needs: explicit (显性) and hidden (隐性) needs, found sentence by sentence in interview notes.

The rule of lecture 2 is "did the customer say the request out loud?". So the coding works on
**sentences**, not on whole notes:

1. each note is split into sentences (:func:`sentences`);
2. a sentence that contains a request phrase (:data:`REQUEST_CUES`: 希望、能不能、必须、最好、
   需要、要……) is a **request**; any other sentence describes a situation, a complaint or praise;
3. an **explicit** need is coded only from request sentences, a **hidden** need only from the
   other sentences -- so one sentence can never count as both kinds, and a complaint such as
   "到货比合同约定晚了四天" is not an explicit request;
4. a need's keywords (:data:`NEEDS`) decide which need a sentence speaks to.

It is a first pass: the notebook shows how many sentences it coded, and the test suite checks
it against a hand coding of every sentence of the case interviews.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: Phrases that make a sentence a request (the customer asks for something in so many words).
REQUEST_CUES: tuple[str, ...] = (
    "希望", "能不能", "必须", "最好", "需要", "如果能", "如果有", "硬条件", "关键是别", "愿意为此付费",
    "要准", "要提前", "要抓", "要配得上", "要有人", "要给", "要能", "要跟得上", "要一起", "要看到",
)
_REQUEST = re.compile("|".join(map(re.escape, REQUEST_CUES)))

#: Needs heard in the case interviews: need -> (kind, a typical remark, the keywords that find it).
#: An explicit need's keywords are looked for in request sentences only, a hidden need's in the
#: other sentences only (see the module docstring).
NEEDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "价格与商务条件": ("显性", "今年集团要求采购成本再降五个点，价格必须重新谈",
                ("重新谈", "阶梯折扣", "和大单一样算", "账期", "别每年都涨", "一起想办法")),
    "交期准、供货有保障": ("显性", "交期承诺要准，哪怕长一点也行", ("交期", "供货能力", "交货前", "备件仓库")),
    "售后快速响应、有固定对接人": ("显性", "希望售后能有一个固定的对接人",
                        ("固定的对接人", "第一时间响应", "值班电话", "明确答复")),
    "培训与工程师现场支持": ("显性", "希望工程师能给我们的维修班做一次系统培训",
                    ("培训", "手把手", "在现场", "驻厂", "早一点介入")),
    "远程运维与设备联网": ("显性", "设备接入网络以后能不能做预测性维护",
                   ("接入", "预测性维护", "远程运维", "远程诊断", "手机上看到")),
    "质量稳定、跟得上要求": ("显性", "去年那次批量不良给我们造成了不小的损失，希望别再出现",
                    ("返修质量", "别再出现", "产品要跟得上")),
    "生产不中断、计划不被打乱": ("隐性", "春节前那批变频器拖了很久才到货，车间只好拆旧机器上的顶着用",
                     ("停了两个班", "顶着用", "罚款", "多备库存", "一改再改", "对不上", "老是变", "报警停机",
                      "返修了好几次", "供货的保障", "急用")),
    "出了问题很快有人帮": ("隐性", "夜班找不到售后的人，只能等到第二天",
                   ("夜班", "才有人回复", "没人回复", "讲不清楚", "备件经常不对", "流程太繁琐")),
    "团队自己会用、会修": ("隐性", "技术文档写得太简略，现场的师傅看不懂", ("看不懂", "不会用")),
    "对内说得清（向上汇报、应对采购）": ("隐性", "报价单写得太粗，我们向上汇报时说不清差价在哪里",
                          ("说不清", "说服董事会", "夹在中间")),
    "看总成本而不是单价": ("隐性", "我们算的是整个使用周期的成本，单价高一点可以接受", ("使用周期",)),
    "价格稳定、预算可控": ("隐性", "你们的报价每年都在涨，这个说不过去", ("每年都在涨",)),
}

#: Why a need is one kind or the other, in words for the table.
KIND_REASON = {"显性": "客户直接提出了要求（句子里有“希望、能不能、必须、要……”）",
               "隐性": "客户只说了情况或抱怨，没有提要求，需要我们推断"}


def sentences(note: object) -> list[str]:
    """The sentences of a note (split after 。！？; an opener such as "客户表示：" stays attached).

    Args:
        note: one interview note (blank gives no sentences).

    Returns:
        The non-empty sentences, without their final punctuation.

    >>> sentences("交期要准。夜班找不到人！")
    ['交期要准', '夜班找不到人']
    """
    if not isinstance(note, str):
        return []
    return [s.strip() for s in re.split(r"[。！？!?]", note) if s.strip()]


def is_request(sentence: str) -> bool:
    """True when the sentence asks for something in so many words (:data:`REQUEST_CUES`).

    Args:
        sentence: one sentence of a note.

    Returns:
        Whether it contains a request phrase.

    >>> is_request("希望售后能有一个固定的对接人"), is_request("上游一断货我们就要被罚款")
    (True, False)
    """
    return bool(_REQUEST.search(sentence))


def code_sentence(sentence: str) -> list[str]:
    """The needs one sentence speaks to: explicit needs if it is a request, hidden needs otherwise.

    Args:
        sentence: one sentence.

    Returns:
        The matching needs of :data:`NEEDS` (all of one kind), in the table's order.

    >>> code_sentence("上次到货比合同约定晚了四天，产线停了两个班")
    ['生产不中断、计划不被打乱']
    >>> code_sentence("操作培训只讲了半天，新来的员工还是不会用")   # "培训" but no request: hidden only
    ['团队自己会用、会修']
    """
    kind = "显性" if is_request(sentence) else "隐性"
    return [need for need, (k, _, words) in NEEDS.items() if k == kind and any(w in sentence for w in words)]


def code_needs(notes: pd.Series) -> pd.DataFrame:
    """A note x need 0/1 matrix: 1 when at least one sentence of the note codes to the need.

    Args:
        notes: interview notes, one per row.

    Returns:
        The matrix, columns in :data:`NEEDS` order, same index as ``notes``.

    >>> code_needs(pd.Series(["交期承诺要准。到货比合同约定晚了四天，产线停了两个班。"])).iloc[0].loc[
    ...     ["交期准、供货有保障", "生产不中断、计划不被打乱"]].tolist()
    [1, 1]
    """
    rows = []
    for note in notes:
        found = {need for sentence in sentences(note) for need in code_sentence(sentence)}
        rows.append([int(need in found) for need in NEEDS])
    return pd.DataFrame(rows, index=notes.index, columns=list(NEEDS), dtype=int)


def needs_table() -> pd.DataFrame:
    """The needs in :data:`NEEDS` as a table: 需求, 类型, 判断依据, 典型原话, 关键词.

    Returns:
        One row per need, explicit needs first.

    >>> needs_table()["类型"].value_counts().to_dict()
    {'显性': 6, '隐性': 6}
    """
    return pd.DataFrame([
        {"需求": need, "类型": kind, "判断依据": KIND_REASON[kind], "典型原话": quote, "关键词": "、".join(words)}
        for need, (kind, quote, words) in NEEDS.items()
    ])


def needs_mentions(notes: pd.Series) -> pd.DataFrame:
    """How many interview notes mention each need of :data:`NEEDS` (coded by :func:`code_needs`).

    Args:
        notes: interview notes, one per row.

    Returns:
        One row per need (most mentioned first): 类型, 提及次数, 提及率 (denominator: all notes).

    >>> m = needs_mentions(pd.Series(["夜班找不到人", "价格必须重新谈。夜班找不到人"]))
    >>> int(m.loc["出了问题很快有人帮", "提及次数"]), int(m.loc["价格与商务条件", "提及次数"])
    (2, 1)
    """
    coded = code_needs(notes)
    out = pd.DataFrame({
        "类型": [NEEDS[c][0] for c in coded.columns],
        "提及次数": coded.sum().astype(int).to_numpy(),
        "提及率": coded.mean().to_numpy() if len(coded) else np.zeros(len(coded.columns)),
    }, index=pd.Index(list(coded.columns), name="需求"))
    out.attrs["percent"] = ["提及率"]
    return out.sort_values("提及次数", ascending=False, kind="stable")


def coding_sentence(notes: pd.Series) -> str:
    """How much of the notes the sentence coding covered, in one sentence.

    Args:
        notes: interview notes.

    Returns:
        Sentences in total, requests among them, and sentences coded to a need of each kind.

    >>> print(coding_sentence(pd.Series(["交期要准。今年供货比去年顺。", "夜班找不到人。"])).replace("；", "；\\n"))
    2 条纪要共 3 句：提出要求的 1 句，其中 1 句编入显性需求；
    描述情况或抱怨的 2 句，其中 1 句编入隐性需求（其余是表扬、竞品消息，或编码表没覆盖的说法，要人工再读一遍）。
    """
    all_s = [s for note in notes for s in sentences(note)]
    asks = [s for s in all_s if is_request(s)]
    told = [s for s in all_s if not is_request(s)]
    return (f"{len(notes)} 条纪要共 {len(all_s)} 句：提出要求的 {len(asks)} 句，其中 "
            f"{sum(bool(code_sentence(s)) for s in asks)} 句编入显性需求；描述情况或抱怨的 {len(told)} 句，其中 "
            f"{sum(bool(code_sentence(s)) for s in told)} 句编入隐性需求"
            "（其余是表扬、竞品消息，或编码表没覆盖的说法，要人工再读一遍）。")


def need_vs_category(notes: pd.Series, need: str = "交期准、供货有保障", hidden: str = "生产不中断、计划不被打乱",
                     category: str = "交期与供货") -> str:
    """Why lecture 1's topic share and lecture 2's need share differ: the actual breakdown.

    Lecture 1 codes every note that *talks about* a topic; lecture 2 splits those notes by what
    they say about it: a request (the explicit need), a situation or complaint (the hidden
    need), or neither (praise, or a remark that asks for nothing).

    Args:
        notes: interview notes, one per row (the index is used to name the notes).
        need: the explicit need of :data:`NEEDS` that matches the topic.
        hidden: the hidden need that matches it.
        category: a category of :data:`helpers.analysis.interviews.DEFAULT_CODEBOOK`.

    Returns:
        A Chinese sentence with both shares and the breakdown of the topic's notes.

    >>> n = pd.Series(["交期要准", "供货比去年稳定", "到货晚了，产线停了两个班", "价格偏高"],
    ...               index=["I1", "I2", "I3", "I4"])
    >>> print(need_vs_category(n).replace("；", "；\\n").replace("%），", "%），\\n"))
    第一讲：4 条纪要中谈到“交期与供货”的有 3 条（75.0%）；
    第二讲：其中 1 条提出了“交期准、供货有保障”的要求（25.0%），
    1 条只描述了情况或抱怨（隐性需求“生产不中断、计划不被打乱”），1 条既没提要求也不是抱怨（I2，多为表扬）。
    """
    from .interviews import DEFAULT_CODEBOOK, code_notes

    topic = code_notes(notes, {category: DEFAULT_CODEBOOK[category]})[category].astype(bool)
    coded = code_needs(notes)
    asked = coded[need].astype(bool) & topic
    told = coded[hidden].astype(bool) & topic & ~asked
    other = topic & ~asked & ~told
    n = max(len(notes), 1)
    named = "、".join(map(str, notes.index[other.to_numpy()]))
    return (f"第一讲：{len(notes)} 条纪要中谈到“{category}”的有 {int(topic.sum())} 条（{topic.sum() / n:.1%}）；"
            f"第二讲：其中 {int(asked.sum())} 条提出了“{need}”的要求（{asked.sum() / n:.1%}），"
            f"{int(told.sum())} 条只描述了情况或抱怨（隐性需求“{hidden}”），"
            f"{int(other.sum())} 条既没提要求也不是抱怨" + (f"（{named}，多为表扬）。" if named else "。"))


def mentions_headline(mentions: pd.DataFrame) -> str:
    """The finding of :func:`needs_mentions`, as a chart title: the top need of each kind.

    Args:
        mentions: the output of :func:`needs_mentions`.

    Returns:
        A short Chinese title.

    >>> m = needs_mentions(pd.Series(["夜班找不到人", "价格必须重新谈。夜班找不到人"]))
    >>> mentions_headline(m)
    '提得最多的显性需求是“价格与商务条件”（50%），隐性需求是“出了问题很快有人帮”（100%）'
    """
    parts = []
    for kind in ("显性", "隐性"):
        part = mentions[mentions["类型"] == kind]
        if len(part) and part["提及次数"].max() > 0:
            top = part["提及次数"].idxmax()
            parts.append(f"{kind}需求是“{top}”（{part.loc[top, '提及率']:.0%}）")
    return "提得最多的" + "，".join(parts) if parts else "没有纪要提到编码表里的需求"
