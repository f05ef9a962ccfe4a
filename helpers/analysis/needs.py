"""Customer needs: explicit (显性) and hidden (隐性) needs, found in interview notes by keywords.

:data:`NEEDS` lists each need with its kind and keywords; :func:`needs_mentions` counts how
many notes mention each (a first pass to be checked against the notes themselves).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    pass


#: Needs heard in the case interviews: need -> (kind, a typical remark, the keywords that
#: find it). A **显性需求** is asked for in so many words ("希望……", "能不能……", "报价还要再往下谈");
#: a **隐性需求** is never asked for: the customer describes a situation or a complaint, and we
#: infer what they need from it.
NEEDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "更低的采购价格": ("显性", "今年集团要求采购成本再降五个点，价格必须重新谈",
                 ("重新谈", "压单价", "阶梯折扣", "单价偏高", "一直在涨", "每年都在涨")),
    "交期准、交货快": ("显性", "交期承诺要准，哪怕长一点也行", ("交期", "要等", "到货", "交货前")),
    "售后快速响应、有固定对接人": ("显性", "希望售后能有一个固定的对接人",
                        ("才有人回复", "固定的对接人", "第一时间响应", "值班电话", "回复进度", "明确答复")),
    "培训与手把手指导": ("显性", "希望工程师能给我们的维修班做一次系统培训", ("培训", "手把手")),
    "远程运维与设备联网": ("显性", "设备接入网络以后能不能做预测性维护",
                   ("远程诊断", "远程运维", "预测性维护", "接入", "手机上看到")),
    "生产不中断": ("隐性", "春节前那批变频器拖了很久才到货，车间只好拆旧机器上的顶着用",
              ("停了两个班", "报警停机", "顶着用", "罚款", "多备库存")),
    "出了问题随时有人帮": ("隐性", "夜班找不到售后的人，只能等到第二天", ("夜班", "讲不清楚", "备件经常不对")),
    "团队自己会用、会修": ("隐性", "技术文档写得太简略，现场的师傅看不懂", ("看不懂", "不会用", "懂工艺")),
    "向上汇报说得清": ("隐性", "报价单写得太粗，我们向上汇报时说不清差价在哪里", ("说不清", "说服董事会")),
    "看总成本而不是单价": ("隐性", "我们算的是整个使用周期的成本，单价高一点可以接受",
                   ("使用周期", "优惠更重要", "夹在中间")),
}

#: Why a need is one kind or the other, in words for the table.
KIND_REASON = {"显性": "客户直接提出了要求", "隐性": "客户只说了情况或抱怨，需要我们推断"}



def needs_table() -> pd.DataFrame:
    """The needs in :data:`NEEDS` as a table: 需求, 类型, 判断依据, 典型原话, 关键词.

    Returns:
        One row per need, explicit needs first.

    >>> needs_table()["类型"].value_counts().to_dict()
    {'显性': 5, '隐性': 5}
    """
    return pd.DataFrame([
        {"需求": need, "类型": kind, "判断依据": KIND_REASON[kind], "典型原话": quote, "关键词": "、".join(words)}
        for need, (kind, quote, words) in NEEDS.items()
    ])



def needs_mentions(notes: pd.Series) -> pd.DataFrame:
    """How many interview notes mention each need of :data:`NEEDS`.

    Uses :func:`helpers.analysis.interviews.code_notes` (a note mentions a need when it contains one
    of its keywords).

    Args:
        notes: interview notes, one per row.

    Returns:
        One row per need (most mentioned first): 类型, 提及次数, 提及率.

    >>> m = needs_mentions(pd.Series(["夜班找不到人", "价格必须重新谈，夜班也要有人"]))
    >>> int(m.loc["出了问题随时有人帮", "提及次数"]), int(m.loc["更低的采购价格", "提及次数"])
    (2, 1)
    """
    from .interviews import code_notes

    coded = code_notes(notes, {need: list(words) for need, (_, _, words) in NEEDS.items()})
    out = pd.DataFrame({
        "类型": [NEEDS[c][0] for c in coded.columns],
        "提及次数": coded.sum().astype(int).to_numpy(),
        "提及率": coded.mean().to_numpy() if len(coded) else np.zeros(len(coded.columns)),
    }, index=pd.Index(list(coded.columns), name="需求"))
    out.attrs["percent"] = ["提及率"]
    return out.sort_values("提及次数", ascending=False, kind="stable")



def need_vs_category(notes: pd.Series, need: str = "交期准、交货快", category: str = "交期与供货") -> str:
    """Why lecture 1's topic share and lecture 2's need share differ, in one sentence.

    Lecture 1 codes every note that *talks about* a topic (praise included: "供货比去年稳定"
    is about delivery); lecture 2 counts only the notes that *ask for* the need or complain. The first is
    therefore larger; both are printed with the same denominator.

    Args:
        notes: interview notes, one per row.
        need: a need of :data:`NEEDS`.
        category: a category of :data:`helpers.analysis.interviews.DEFAULT_CODEBOOK`.

    Returns:
        A Chinese sentence with both counts and shares.

    >>> print(need_vs_category(pd.Series(["交期要准", "供货比去年稳定", "价格偏高"])).replace("；", "；\\n"))
    3 条纪要中，谈到“交期与供货”的有 2 条（66.7%，第一讲的编码，含表扬）；
    提出“交期准、交货快”需求的有 1 条（33.3%，只数提要求或抱怨的）。
    """
    from .interviews import DEFAULT_CODEBOOK, code_notes

    topic = code_notes(notes, {category: DEFAULT_CODEBOOK[category]})[category]
    asked = code_notes(notes, {need: list(NEEDS[need][2])})[need]
    n = max(len(notes), 1)
    return (f"{len(notes)} 条纪要中，谈到“{category}”的有 {int(topic.sum())} 条（{topic.sum() / n:.1%}，"
            f"第一讲的编码，含表扬）；提出“{need}”需求的有 {int(asked.sum())} 条"
            f"（{asked.sum() / n:.1%}，只数提要求或抱怨的）。")
