"""Coding interview notes: hand-built notes whose codes and weights are counted by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import charts
from helpers.analysis import interviews
from helpers.errors import DataError

BOOK = {"价格": ["贵", "报价"], "交期": ["交期", "延迟"], "服务": ["服务", "响应"]}
NOTES = pd.Series(
    ["报价比别家贵", "交期经常延迟，服务响应慢", "整体满意", None, "价格贵，交期也不稳"],
    index=[101, 102, 103, 104, 105],
)


def test_code_notes_matrix_by_hand():
    coded = interviews.code_notes(NOTES, BOOK)
    assert list(coded.columns) == ["价格", "交期", "服务"]
    assert list(coded.index) == [101, 102, 103, 104, 105]  # index kept
    assert coded.values.tolist() == [
        [1, 0, 0],
        [0, 1, 1],
        [0, 0, 0],
        [0, 0, 0],  # blank note: no code
        [1, 1, 0],
    ]
    assert set(coded.to_numpy().ravel()) <= {0, 1}


def test_code_notes_counts_a_category_once_and_ignores_case():
    coded = interviews.code_notes(["贵贵贵，报价贵", "ERP 集成"], {"价格": ["贵", "报价"], "方案": ["erp"]})
    assert coded.values.tolist() == [[1, 0], [0, 1]]


def test_code_notes_accepts_a_list():
    coded = interviews.code_notes(["延迟"], BOOK)
    assert coded.index.tolist() == [0] and coded.loc[0, "交期"] == 1


def test_matched_keywords_gives_evidence():
    assert interviews.matched_keywords("交期经常延迟，服务响应慢", BOOK) == {
        "交期": ["交期", "延迟"], "服务": ["服务", "响应"]}
    assert interviews.matched_keywords(None, BOOK) == {}
    assert interviews.matched_keywords("整体满意", BOOK) == {}


@pytest.mark.parametrize("bad", [{}, {"价格": []}, {"价格": [""]}, {"价格": [3]}])
def test_bad_codebooks_are_refused(bad):
    with pytest.raises(DataError):
        interviews.code_notes(["x"], bad)


def test_codebook_table_lists_keywords():
    table = interviews.codebook_table(BOOK)
    assert table.loc["交期", "关键词"] == "交期、延迟"
    assert table["关键词数"].tolist() == [2, 2, 2]
    assert interviews.codebook_table().shape[0] == len(interviews.DEFAULT_CODEBOOK)


def test_summarise_codes_unweighted():
    coded = interviews.code_notes(NOTES, BOOK)
    summary = interviews.summarise_codes(coded)
    # 5 notes: 价格 2, 交期 2, 服务 1
    assert summary.loc["价格", "提及次数"] == 2
    assert summary.loc["服务", "提及率"] == pytest.approx(1 / 5)
    assert summary.loc["交期", "加权占比"] == pytest.approx(2 / 5)


def test_summarise_codes_weighted_by_level_changes_the_ranking():
    coded = interviews.code_notes(NOTES, BOOK)
    levels = pd.Series(["执行层", "决策层", "执行层", "管理层", "执行层"], index=NOTES.index)
    weights = interviews.weights_from(levels)
    assert weights.tolist() == [1.0, 3.0, 1.0, 2.0, 1.0]
    summary = interviews.summarise_codes(coded, weights)
    # total weight 8; 交期 notes 102 (3) + 105 (1) = 4 -> 0.5; 服务 102 -> 3/8; 价格 101 + 105 -> 2/8
    assert summary.loc["交期", "加权得分"] == pytest.approx(4.0)
    assert summary.loc["交期", "加权占比"] == pytest.approx(0.5)
    assert summary.loc["服务", "加权占比"] == pytest.approx(3 / 8)
    assert summary.loc["价格", "加权占比"] == pytest.approx(2 / 8)
    assert list(summary.index) == ["交期", "服务", "价格"]  # 服务 overtakes 价格 once weighted


def test_weights_from_unknown_label_is_an_error():
    with pytest.raises(DataError, match="实习生"):
        interviews.weights_from(pd.Series(["决策层", "实习生"]))


def test_summarise_codes_rejects_bad_weights():
    coded = interviews.code_notes(["贵"], BOOK)
    with pytest.raises(DataError):
        interviews.summarise_codes(coded, [1, 2])
    with pytest.raises(DataError):
        interviews.summarise_codes(coded, [-1])


def test_qualitative_methods_has_two_ways():
    table = interviews.qualitative_methods()
    assert len(table) == 2
    assert table.notna().all().all()


def test_plot_codes_draws_both_measures():
    import matplotlib.pyplot as plt

    summary = interviews.summarise_codes(interviews.code_notes(NOTES, BOOK))
    ax = charts.plot_codes(summary)
    assert len(ax.patches) == 2 * len(summary)
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert widths[-1] == pytest.approx(40.0)  # 2 of 5 notes
    plt.close(ax.figure)



def test_default_codebook_codes_most_case_style_notes():
    notes = ["上次到货比合同约定晚了十天", "账期从六十天缩到三十天", "变频器基本没出过故障",
             "设备坏了打电话，第二天才有人回复", "希望能在手机上看到设备运行状态", "华拓那边报价低了一成"]
    coded = interviews.code_notes(notes)
    assert coded.sum(axis=1).gt(0).all()  # every note gets at least one code
    assert coded.loc[5, "竞争对手"] == 1 and coded.loc[5, "价格与商务"] == 1


def test_weights_from_accepts_a_categorical_column():
    levels = pd.Series(pd.Categorical(["执行层", "决策层"], categories=["执行层", "管理层", "决策层"], ordered=True))
    assert interviews.weights_from(levels).tolist() == [1.0, 3.0]


def test_weighting_effect_names_what_each_level_talks_about():
    """Review L1 should 7: the mix is balanced; the ranking moves because levels talk about different things."""
    coded = pd.DataFrame({"价格": [1, 1, 0, 0, 0], "服务": [0, 0, 1, 1, 1]})
    levels = pd.Series(["决策层", "决策层", "执行层", "执行层", "执行层"])
    summary = interviews.summarise_codes(coded, interviews.weights_from(levels).to_numpy())
    text = interviews.weighting_effect(summary, levels, coded)
    assert "决策层 2 人（40%）" in text and "排第一的从“服务”变成“价格”" in text
    assert "决策层的纪要 100% 谈到“价格”" in text and "执行层的纪要 100% 谈到“服务”" in text
    assert "按层级分别列出" in text
    assert "各层级" not in interviews.weighting_effect(summary, levels)   # without the coded notes: as before
