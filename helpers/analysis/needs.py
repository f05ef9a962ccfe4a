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
#: find it). 显性需求 are asked for in so many words; 隐性需求 hide behind complaints and
#: side remarks and have to be inferred.
NEEDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "更低的采购价格": ("显性", "报价还要再往下谈", ("往下谈", "降本", "价格比", "单价")),
    "更短、更准的交期": ("显性", "交期能不能再短一点", ("交期", "要等", "等货", "到货比合同")),
    "更快的售后响应": ("显性", "打电话，两个星期才有人回复", ("才有人回复", "响应")),
    "少停机，降低整体使用成本": ("隐性", "采购只看单价，我们更关心整体使用成本",
                     ("整体使用成本", "停机", "停了两个班")),
    "出了问题随时有人帮": ("隐性", "夜班出故障时找不到人", ("夜班", "远程运维", "找不到人")),
    "提升自己团队的维护能力": ("隐性", "技术文档写得太简略，现场人员看不懂", ("培训", "看不懂")),
    "设备数据化与预测性维护": ("隐性", "设备联网以后能不能做预测性维护", ("预测性维护", "联网")),
}



def needs_table() -> pd.DataFrame:
    """The needs in :data:`NEEDS` as a table: 需求, 类型, 典型原话, 关键词.

    >>> needs_table()["类型"].value_counts().to_dict()
    {'隐性': 4, '显性': 3}
    """
    return pd.DataFrame([
        {"需求": need, "类型": kind, "典型原话": quote, "关键词": "、".join(words)}
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

    >>> m = needs_mentions(pd.Series(["夜班出故障时找不到人", "报价还要再往下谈，夜班也要有人"]))
    >>> m.loc["出了问题随时有人帮", "提及次数"], m.loc["更低的采购价格", "提及次数"]
    (np.int64(2), np.int64(1))
    """
    from .interviews import code_notes

    coded = code_notes(notes, {need: list(words) for need, (_, _, words) in NEEDS.items()})
    out = pd.DataFrame({
        "类型": [NEEDS[c][0] for c in coded.columns],
        "提及次数": coded.sum().astype(int).to_numpy(),
        "提及率": coded.mean().to_numpy() if len(coded) else np.zeros(len(coded.columns)),
    }, index=pd.Index(list(coded.columns), name="需求"))
    return out.sort_values("提及次数", ascending=False, kind="stable")
