"""Questionnaire analysis: every expected value below is worked out by hand in a comment."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import charts
from helpers.analysis import survey
from helpers.errors import DataError


@pytest.fixture
def invited() -> pd.DataFrame:
    # 8 invited: group 大客户 4 (3 returned), 普通客户 4 (1 returned, one blank flag)
    return pd.DataFrame({
        "group": ["大客户"] * 4 + ["普通客户"] * 4,
        "responded": [True, True, True, False, True, False, False, None],
        "q1": [5, 4, None, None, 2, None, None, None],
        "q2": [3, 3, 1, None, 5, None, None, None],
        "rec": [10, 9, 6, None, None, None, None, None],
    })


def test_response_rate_overall_and_by_group(invited):
    rates = survey.response_rate(invited, "responded", by="group")
    assert rates.loc["大客户", "发放数"] == 4 and rates.loc["大客户", "回收数"] == 3
    assert rates.loc["大客户", "回收率"] == pytest.approx(0.75)
    assert rates.loc["普通客户", "回收率"] == pytest.approx(0.25)  # blank flag = not returned
    assert rates.loc["合计", "回收率"] == pytest.approx(4 / 8)
    assert list(rates.index) == ["大客户", "普通客户", "合计"]
    only_total = survey.response_rate(invited, "responded")
    assert list(only_total.index) == ["合计"]


def test_response_rate_accepts_chinese_yes_no():
    df = pd.DataFrame({"回收": ["是", "否", "否", "是 "]})
    assert survey.response_rate(df, "回收").loc["合计", "回收数"] == 2


def test_response_rate_rejects_unknown_flag():
    with pytest.raises(DataError, match="是/否"):
        survey.response_rate(pd.DataFrame({"r": ["maybe"]}), "r")


def test_missing_column_is_a_data_error(invited):
    with pytest.raises(DataError, match="缺少列"):
        survey.response_rate(invited, "回收")


def test_respondents_keeps_only_returned(invited):
    back = survey.respondents(invited)
    assert len(back) == 4
    assert back["group"].tolist() == ["大客户"] * 3 + ["普通客户"]


def test_missing_by_item_uses_respondents_as_denominator(invited):
    back = survey.respondents(invited)
    miss = survey.missing_by_item(back, ["q1", "q2", "rec"])
    # q1 answered by 3 of 4 respondents; q2 by 4; rec by 3
    assert miss["回收数"].tolist() == [4, 4, 4]
    assert miss["缺失数"].tolist() == [1, 0, 1]
    assert miss.loc["q1", "缺失率"] == pytest.approx(0.25)


def test_likert_distribution_leaves_out_blanks():
    df = pd.DataFrame({"q": [1, 2, 2, 5, None, None]})
    dist = survey.likert_distribution(df, ["q"])
    # 4 valid answers: 1 -> 1/4, 2 -> 2/4, 5 -> 1/4
    assert dist.loc["q"].tolist() == pytest.approx([0.25, 0.5, 0.0, 0.0, 0.25])
    counts = survey.likert_distribution(df, ["q"], normalize=False)
    assert counts.loc["q"].tolist() == [1, 2, 0, 0, 1]


def test_likert_distribution_all_blank_item_gives_nan():
    dist = survey.likert_distribution(pd.DataFrame({"q": [None, None]}), ["q"])
    assert dist.loc["q"].isna().all()


def test_out_of_scale_answer_names_row_and_column():
    with pytest.raises(DataError) as info:
        survey.likert_distribution(pd.DataFrame({"q": [1, 7]}), ["q"])
    assert info.value.column == "q" and info.value.row == 2


def test_text_answer_is_rejected():
    with pytest.raises(DataError, match="不是数字"):
        survey.box_scores(pd.DataFrame({"q": [1, "满意"]}), ["q"])


def test_top_box_with_missing_values_both_denominators():
    df = pd.DataFrame({"q": [5, 5, 4, 3, 2, 1, None, None]})
    valid = survey.box_scores(df, ["q"], box=2)
    # 6 valid: top (4,5) = 3 -> 0.5; bottom (1,2) = 2 -> 1/3
    assert valid.loc["q", "有效回答"] == 6 and valid.loc["q", "缺失数"] == 2
    assert valid.loc["q", "顶端框占比"] == pytest.approx(0.5)
    assert valid.loc["q", "底端框占比"] == pytest.approx(1 / 3)
    assert valid.loc["q", "均值"] == pytest.approx(20 / 6)
    cautious = survey.box_scores(df, ["q"], box=2, denominator="respondents")
    assert cautious.loc["q", "顶端框占比"] == pytest.approx(3 / 8)
    strict = survey.box_scores(df, ["q"], box=1)
    assert strict.loc["q", "顶端框占比"] == pytest.approx(2 / 6)  # only the 5s


def test_box_scores_rejects_bad_options():
    df = pd.DataFrame({"q": [1]})
    with pytest.raises(DataError):
        survey.box_scores(df, ["q"], denominator="all")
    with pytest.raises(DataError):
        survey.box_scores(df, ["q"], box=3)  # a 5-point scale has boxes of 1 or 2


def test_nps_category_boundaries():
    groups = survey.nps_category([0, 6, 7, 8, 9, 10, np.nan])
    assert groups.tolist()[:6] == ["贬损者", "贬损者", "中立者", "中立者", "推荐者", "推荐者"]
    assert pd.isna(groups.iloc[6])


def test_nps_of_known_list():
    # 10 answers: promoters 9,9,10,10 (4); passives 7,8 (2); detractors 0,3,6,6 (4) -> 0
    assert survey.nps([9, 9, 10, 10, 7, 8, 0, 3, 6, 6]) == pytest.approx(0.0)
    # 5 answers + 1 blank: promoters 3, detractor 1 -> (3-1)/5 = 40
    assert survey.nps([10, 9, 9, 8, 2, None]) == pytest.approx(40.0)
    assert survey.nps([1, 2]) == pytest.approx(-100.0)
    assert math.isnan(survey.nps([None, None]))


def test_nps_rejects_out_of_range():
    with pytest.raises(DataError, match="0–10"):
        survey.nps([11])
    with pytest.raises(DataError):
        survey.nps(["很好"])


def test_nps_table_by_group(invited):
    back = survey.respondents(invited)
    table = survey.nps_table(back, "rec", by="group")
    # 大客户: 10, 9, 6 -> 2 promoters, 1 detractor of 3 -> 33.3; 普通客户: blank only
    assert table.loc["大客户", "有效回答"] == 3
    assert table.loc["大客户", "NPS"] == pytest.approx(33.3)
    assert table.loc["大客户", "推荐者占比"] == pytest.approx(2 / 3)
    assert table.loc["普通客户", "有效回答"] == 0 and table.loc["普通客户", "缺失数"] == 1
    assert math.isnan(table.loc["普通客户", "NPS"])
    assert table.loc["合计", "NPS"] == pytest.approx(33.3)
    shares = table.loc["大客户", ["推荐者占比", "中立者占比", "贬损者占比"]]
    assert shares.sum() == pytest.approx(1.0)


def test_crosstab_shows_no_answer_and_rows_sum_to_one(invited):
    back = survey.respondents(invited)
    table = survey.crosstab(back, "q1", "group", labels=survey.LIKERT_LABELS)
    # 大客户 respondents: 5, 4, blank -> 满意 1/3, 非常满意 1/3, 未作答 1/3
    assert table.loc["大客户", "很满意"] == pytest.approx(1 / 3)
    assert table.loc["大客户", "未作答"] == pytest.approx(1 / 3)
    assert table.loc["普通客户", "不满意"] == pytest.approx(1.0)
    assert table["人数"].tolist() == [3, 1]
    shares = table.drop(columns="人数")
    assert shares.sum(axis=1).tolist() == pytest.approx([1.0, 1.0])


def test_crosstab_without_levels_uses_what_occurs():
    df = pd.DataFrame({"g": ["x", "x", "y"], "a": ["好", None, "差"]})
    table = survey.crosstab(df, "a", "g", levels=None)
    assert list(table.columns) == ["好", "差", "未作答", "人数"]  # sorted by code point
    assert table.loc["x", "未作答"] == pytest.approx(0.5)


def test_plot_likert_diverges_around_zero():
    import matplotlib.pyplot as plt

    dist = survey.likert_distribution(pd.DataFrame({"q": [1, 3, 5, 5]}), ["q"])
    ax = charts.plot_likert(dist)
    lefts = [p.get_x() for p in ax.patches]
    # 1 -> 25 % left of zero, neutral 25 % split in half: the bar starts at -37.5
    assert min(lefts) == pytest.approx(-37.5)
    assert ax.get_legend() is not None
    assert [t.get_text() for t in ax.get_legend().get_texts()][0] == "很不满意"
    plt.close(ax.figure)


def test_group_order_follows_a_categorical_column():
    df = pd.DataFrame({
        "g": pd.Categorical(["重点客户", "一般客户", "一般客户"], categories=["重点客户", "一般客户"]),
        "responded": [1, 1, 0],
        "rec": pd.array([10, 0, None], dtype="Int64"),
    })
    assert list(survey.response_rate(df, by="g").index) == ["重点客户", "一般客户", "合计"]
    table = survey.nps_table(df, "rec", by="g")
    assert list(table.index) == ["重点客户", "一般客户", "合计"]
    assert table["NPS"].tolist()[:2] == [100.0, -100.0]


def test_crosstab_with_categorical_groups_and_nullable_answers():
    df = pd.DataFrame({
        "g": pd.Categorical(["重点客户", "一般客户", "一般客户"], categories=["重点客户", "一般客户"]),
        "q": pd.array([5, None, 2], dtype="Int64"),
    })
    table = survey.crosstab(df, "q", "g")
    assert table.loc["一般客户", [2, "未作答"]].tolist() == [0.5, 0.5]
    assert table.loc["重点客户", 5] == 1.0


def test_nps_gap_has_an_interval_from_the_three_shares():
    """Review L1 should 9: a 10-point NPS gap on 58 and 81 answers was shown without its uncertainty."""
    t = pd.DataFrame({"有效回答": [58, 81], "推荐者占比": [0.40, 0.30], "贬损者占比": [0.35, 0.35],
                      "NPS": [5.0, -5.0]}, index=["重点客户", "一般客户"])
    # variance per answer: 10000 * (p + d - (p - d)^2): 7475 and 6475 -> half width 1.96 * sqrt(7475/58 + 6475/81)
    half = 1.96 * math.sqrt(7475 / 58 + 6475 / 81)
    text = survey.nps_gap_sentence(t, "重点客户", "一般客户")
    assert f"95% 区间 {10 - half:+.1f} 至 {10 + half:+.1f} 分" in text and "可能只是偶然" in text
    small = t.assign(有效回答=[20, 81])
    assert "不足 30 个有效回答" in survey.nps_gap_sentence(small, "重点客户", "一般客户")


def test_headlines_state_the_finding():
    rates = pd.DataFrame({"发放数": [10, 20, 30], "回收数": [6, 5, 11], "回收率": [0.6, 0.25, 11 / 30]},
                         index=["重点客户", "一般客户", "合计"])
    assert survey.response_headline(rates) == "重点客户的回收率（60.0%）高于一般客户（25.0%）"
    boxes = pd.DataFrame({"顶端框占比": [0.7, 0.38, 0.68], "底端框占比": [0.07, 0.21, 0.08]},
                         index=["产品质量满意度", "交期满意度", "技术支持满意度"])
    assert survey.box_headline(boxes) == "交期一项的底端框在 20% 以上（其余各项不超过 8%）"
    assert survey.box_headline(boxes, high=0.6) == "产品质量、技术支持两项的顶端框在 60% 以上（其余各项不超过 38%）"


def test_survey_charts_keep_the_questionnaire_order():
    """Review L1 should 12: missing rate, Likert and boxes listed the items in three different orders."""
    import matplotlib.pyplot as plt

    items = ["质量", "交期", "价格"]
    back = pd.DataFrame({"质量": [5, 5, 4, None], "交期": [1, 2, None, None], "价格": [3, 4, 2, 1]})
    order = []
    for ax in (charts.plot_missing(survey.missing_by_item(back, items)),
               charts.plot_boxes(survey.box_scores(back, items)),
               charts.plot_likert(survey.likert_distribution(back, items))):
        labels = sorted(((t.get_position()[1], t.get_text()) for t in ax.get_yticklabels()), reverse=True)
        order.append([text.split("（")[0] for _, text in labels])
        plt.close(ax.figure)
    assert order == [items, items, items]


def test_case_invitees_were_existing_customers():
    """Review L1 must 1: 36 of 338 invitees first ordered after their invitation."""
    import helpers

    s = helpers.load_case("survey")
    orders = helpers.load_case("orders")
    first = pd.concat([orders.groupby("customer_id")["order_date"].min(),
                       pd.to_datetime(helpers.load_case("customers").set_index("customer_id")["first_order_date"])],
                      axis=1).min(axis=1)
    invited = pd.to_datetime(s["invited_date"])
    assert (first.reindex(s["customer_id"]).to_numpy() < invited.to_numpy()).all()
    for cid, day in zip(s["customer_id"], invited):
        mine = orders.loc[orders["customer_id"] == cid, "order_date"]
        assert ((mine < day) & (mine >= day - pd.DateOffset(months=12))).any(), cid
    text = survey.invitation_sentence(helpers.load_case("survey", chinese=True), "客户分组", "邀请日期")
    assert text.startswith("2025年03月") and f"共邀请 {len(s)} 家客户" in text
