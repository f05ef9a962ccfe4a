"""Explicit and hidden needs (issue 11, item 8): an explicit need is asked for; a hidden one is inferred."""

from __future__ import annotations

import re

import pandas as pd

from helpers.analysis import needs

ASKS = re.compile(r"希望|能不能|重新谈|要准|固定的对接人")


def test_every_need_has_a_kind_and_a_reason():
    table = needs.needs_table()
    assert set(table["类型"]) == {"显性", "隐性"}
    assert (table["判断依据"] == table["类型"].map(needs.KIND_REASON)).all()


def test_hidden_needs_are_never_requests():
    """A typical remark of a hidden need describes a situation; it asks for nothing."""
    for need, (kind, quote, _) in needs.NEEDS.items():
        if kind == "隐性":
            assert not ASKS.search(quote), (need, quote)
    for need in ("培训与手把手指导", "远程运维与设备联网"):   # said in so many words: explicit
        assert needs.NEEDS[need][0] == "显性"


def test_typical_remarks_are_found_by_their_own_keywords():
    for need, (_, quote, _) in needs.NEEDS.items():
        assert needs.needs_mentions(pd.Series([quote])).loc[need, "提及次数"] == 1, need


def test_lecture_1_topic_and_lecture_2_need_are_reconciled():
    notes = pd.Series(["交期承诺要准", "今年你们的供货比去年顺，没再出现断货", "价格还算合理"])
    sentence = needs.need_vs_category(notes)
    assert "谈到“交期与供货”的有 2 条（66.7%" in sentence and "需求的有 1 条（33.3%" in sentence
