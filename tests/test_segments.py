"""Segmentation logic (pure functions) and the thin widget over it."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import charts
from helpers.analysis import rfm, rfm_segments
from helpers.analysis import segmentation as sg
from helpers.errors import DataError
from helpers.widgets import segmentation

# Charts are drawn with the course's Chinese font, as in the notebooks (fixture in conftest.py).
pytestmark = pytest.mark.usefixtures("chinese_fonts")


def synthetic_table(n: int = 500, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "recency_days": rng.integers(0, 700, n),
        "purchases": np.where(rng.random(n) < 0.55, 1, rng.integers(2, 20, n)),
        "monetary": np.round(rng.lognormal(6, 1, n), 2),
    }, index=[f"U{i:05d}" for i in range(n)])


def synthetic_transactions(n_customers: int = 300, seed: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = rng.integers(1, 6, n_customers)
    ids = np.repeat([f"客户{i:04d}" for i in range(n_customers)], rows)
    dates = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, len(ids)), unit="D")
    return pd.DataFrame({"客户编号": ids, "下单日期": dates, "金额": np.round(rng.lognormal(5, 1, len(ids)), 2)})


table_strategy = st.lists(
    st.tuples(st.integers(0, 800), st.integers(1, 30), st.floats(0, 1e5, allow_nan=False)),
    min_size=1, max_size=80,
).map(lambda rows: pd.DataFrame(rows, columns=["recency_days", "purchases", "monetary"]))


@settings(max_examples=60, deadline=None)
@given(table=table_strategy, r=st.integers(0, 800), f=st.integers(1, 30), m=st.floats(0, 1e5))
def test_rfm8_codes_match_the_segment_table(table, r, f, m):
    data = sg.prepare_segments(table)
    names, codes = sg.segment_codes(data, sg.SegmentParams(r_days=r, f_min=f, m_min=m))
    assert names == rfm_segments.RFM8_ORDER
    expected_table = rfm_segments.rfm8_table().set_index(["R", "F", "M"])["客户类型"]
    hi = lambda mask: np.where(mask, "高", "低")  # noqa: E731
    keys = zip(hi(table["recency_days"] <= r), hi(table["purchases"] >= f), hi(table["monetary"] >= m))
    assert [names[c] for c in codes] == [expected_table[k] for k in keys]


@settings(max_examples=60, deadline=None)
@given(table=table_strategy, w=st.tuples(st.floats(0, 3), st.floats(0, 3), st.floats(0.01, 3)),
       cuts=st.tuples(st.floats(1, 5), st.floats(1, 5)))
def test_weighted_codes_and_summary(table, w, cuts):
    high, mid = max(cuts), min(cuts)
    data = sg.prepare_segments(table)
    params = sg.SegmentParams(scheme="weighted", w_r=w[0], w_f=w[1], w_m=w[2], cut_high=high, cut_mid=mid,
                              focus="中价值客户")
    result = sg.segment_update(data, params)
    scored = rfm.rfm_scores(table)
    score = (w[0] * scored["R"] + w[1] * scored["F"] + w[2] * scored["M"]) / sum(w) + 1e-9
    expected = np.select([score >= high, score >= mid], ["高价值客户", "中价值客户"], "低价值客户")
    assert [result.names[c] for c in result.codes] == expected.tolist()
    s = result.summary
    assert s["客户数"].sum() == len(table)
    if table["monetary"].sum() > 0:
        assert s["销售额占比"].sum() == pytest.approx(1.0)
        by_pandas = table["monetary"].groupby(expected).sum()
        for name, value in by_pandas.items():
            assert s.set_index("客户分群").loc[name, "销售额"] == pytest.approx(value)
    n_mid = int((expected == "中价值客户").sum())
    assert result.headline.startswith(f"中价值客户：{n_mid:,} 人，占销售额 ")


def test_defaults_follow_the_course_definitions_not_the_averages():
    """Review L2 must 7: R = the mean (264 days) called customers silent for most of a year "近"."""
    t = synthetic_table()
    data = sg.prepare_segments(t)
    p = sg.default_params(data)
    assert p.r_days == 90.0                       # active / not yet silent
    assert p.f_min == 2.0                         # bought again
    assert p.m_min == float(np.median(t["monetary"]))
    shifted = sg.prepare_segments(t.assign(purchases=t["purchases"] + 3))
    assert sg.default_params(shifted).f_min == 2.0   # does not move with the data
    assert sg.default_params(data, "weighted").focus == "高价值客户"
    with pytest.raises(ValueError):
        sg.default_params(data, "other")


def test_scores_are_precomputed_with_the_rfm_tie_policy():
    t = synthetic_table()
    data = sg.prepare_segments(t, sample_size=100)
    scored = rfm.rfm_scores(t)
    np.testing.assert_array_equal(data.scores, scored[["R", "F", "M"]].to_numpy().T)
    assert (data.scores[1][t["purchases"].to_numpy() == 1] == 1).all()
    assert len(data.sample) == 100 and len(set(data.sample)) == 100
    assert data.total == pytest.approx(t["monetary"].sum())


def test_bad_weights_and_scheme():
    data = sg.prepare_segments(synthetic_table(20))
    with pytest.raises(DataError):
        sg.segment_update(data, sg.SegmentParams(scheme="weighted", w_r=0, w_f=0, w_m=0))
    with pytest.raises(ValueError):
        sg.segment_update(data, sg.SegmentParams(scheme="kmeans"))
    with pytest.raises(DataError):
        sg.prepare_segments(synthetic_table(0))


def test_export_is_utf8_with_bom_and_complete(work_dir):
    t = synthetic_table(50)
    data = sg.prepare_segments(t)
    result = sg.segment_update(data, sg.default_params(data))
    path = sg.export_segments(data, result)
    assert path == (work_dir / sg.EXPORT_NAME).resolve()
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert back.columns[:2].tolist() == ["客户编号", "客户分群"]
    assert back["客户编号"].tolist() == t.index.tolist()
    assert back["客户分群"].value_counts().sum() == 50
    assert back["累计金额"].sum() == pytest.approx(t["monetary"].sum(), abs=0.01)


def test_chart_has_chinese_labels():
    data = sg.prepare_segments(synthetic_table(200))
    fig = charts.plot_segments(data, sg.segment_update(data, sg.default_params(data)), title="测试")
    left, right = fig.axes[:2]
    assert left.get_title() == "各分群的客户占比与销售额占比"
    assert right.get_xlabel() == "最近一次购买距今（天）"
    assert [t.get_text() for t in left.get_yticklabels()] == list(rfm_segments.RFM8_ORDER)


# --------------------------------------------------------------------------- the widget

@pytest.fixture
def widget(work_dir):
    return segmentation.segment_widget(synthetic_transactions(), "客户编号", "下单日期", "金额")


def test_widget_updates_the_headline_when_a_slider_moves(widget):
    before = widget.summary.value
    assert "重要价值客户：" in before and "seg-headline" in before
    widget.r_days.value = 5
    after = widget.summary.value
    assert after != before
    n = int(((widget.data.recency_days <= 5) & (widget.data.purchases >= widget.f_min.value)
             & (widget.data.monetary >= widget.m_min.value)).sum())
    assert f"重要价值客户：{n:,} 人" in after


def test_widget_scheme_and_focus(widget):
    widget.scheme.value = "weighted"
    assert widget.threshold_box.layout.display == "none"
    assert widget.weight_box.layout.display is None
    assert list(widget.focus.options) == list(sg.WEIGHTED_ORDER)
    assert "高价值客户：" in widget.summary.value
    widget.focus.value = "低价值客户"
    assert "低价值客户：" in widget.summary.value
    before = widget.summary.value
    widget.cut_mid.value = 1.0  # everyone is at least 中价值 -> no 低价值 left
    assert widget.summary.value != before and "低价值客户：0 人" in widget.summary.value


def test_widget_controls_have_css_classes(widget):
    classes = {c for child in (widget.scheme, widget.r_days, widget.f_min, widget.m_min, widget.w_r,
                               widget.summary, widget.export_button, widget.upload, widget.focus)
               for c in child._dom_classes}
    assert {"seg-scheme", "seg-r-days", "seg-f-min", "seg-m-min", "seg-w-r", "seg-summary",
            "seg-export", "seg-upload", "seg-focus"} <= classes
    assert "seg-widget" in widget.root._dom_classes


def test_widget_export_button_writes_to_the_work_dir(widget, work_dir):
    widget.export_button.click()
    files = list(work_dir.glob("*.csv"))
    assert [f.name for f in files] == [sg.EXPORT_NAME]
    assert str(files[0].resolve()) in widget.export_path.value
    assert len(pd.read_csv(files[0], encoding="utf-8-sig")) == len(widget.data)


def test_widget_on_the_case_data(work_dir):
    """Review L2 should 15: the lecture-2 widget opens lecture 2's case (青岚工控, counted in 家)."""
    w = segmentation.segment_widget()
    assert "青岚" in w.source_label.value
    assert w.r_days.value == 90 and w.f_min.value == 2
    assert "家" in w.result.headline
    members = segmentation.segment_widget(case="山禾")
    assert "山禾" in members.source_label.value and len(members.data) > 1000
    assert members.r_days.max >= members.r_days.value > 0 and "人" in members.result.headline
    with pytest.raises(DataError):
        segmentation.segment_widget(case="别的")


def test_widget_shows_errors_in_plain_words(widget):
    widget.scheme.value = "weighted"
    widget.w_r.value = 0
    widget.w_f.value = 0
    widget.w_m.value = 0
    assert "权重" in widget.status.value and "Traceback" not in widget.status.value


def test_widget_bad_input_is_a_data_error():
    with pytest.raises(DataError):
        segmentation.segment_widget(pd.DataFrame({"a": [1]}), "a", "b", "c")


def test_widget_chart_is_vector_and_follows_the_result(widget):
    """An SVG: sharp at any size and screen density (a 72-dpi PNG was blurry on a projector)."""
    svg = widget.chart.value
    assert svg.startswith("<svg") and 'viewBox="0 0 ' in svg and 'width="100%"' in svg
    widget.m_min.value = widget.m_min.max
    svg = widget.chart.value
    for share in widget.result.summary["销售额占比"]:
        assert f">{share:.1%}<" in svg
    sample_codes = widget.result.codes[widget.data.sample]
    assert svg.count("<circle") == len(widget.data.sample)
    assert svg.count(f'<g fill="{charts.segmentation._COLOURS[0]}"') == int((sample_codes == 0).any())
    assert "重要价值客户" in widget.table.value and "seg-summary-table" in widget.table.value


def test_widget_shows_no_timing_text(widget):
    widget.r_days.value = 10
    assert "毫秒" not in widget.status.value and "seg-timing" not in widget.status.value


def test_widget_controls_and_chart_sit_side_by_side(widget):
    row = widget.root.children[2]
    assert widget.chart in row.children and any(widget.r_days in getattr(c, "children", ()) or
                                                  widget.scheme in getattr(c, "children", ()) for c in row.children)
    assert widget.table not in row.children  # the table goes below, the chart stays beside the sliders


def test_widget_escapes_user_text(work_dir):
    """A file name or a cell value from the trainee's file is shown as text, never run as HTML."""
    evil = '<img src=x onerror="alert(1)">.csv'
    raw = synthetic_transactions(60)
    raw.attrs["source"] = evil
    w = segmentation.segment_widget(raw, "客户编号", "下单日期", "金额")
    assert "<img" not in w.source_label.value and "&lt;img" in w.source_label.value
    upload = ({"name": evil, "type": "text/csv", "size": 1,
               "content": memoryview("会员编号,下单日期,实付金额\n<b>x</b>,2024-01-01,-5\n".encode())},)
    w._on_upload({"new": upload})
    assert "<b>" not in w.status.value and "<img" not in w.status.value
    assert "[EN]" not in w.status.value


def test_export_neutralises_formula_cells(work_dir):
    """Customer ids like =HYPERLINK(...) or ＝1+1 must not run as formulas when Excel opens the CSV."""
    ids = ["=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "@SUM(A1)", "-1+1", "＝1+1", "C001"]
    t = pd.DataFrame({"recency_days": range(6), "purchases": [1] * 6, "monetary": [10.0] * 6}, index=ids)
    data = sg.prepare_segments(t)
    path = sg.export_segments(data, sg.segment_update(data, sg.default_params(data)))
    back = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    assert back["客户编号"].tolist() == ["'" + i for i in ids[:5]] + ["C001"]


@pytest.mark.browser
def test_widget_works_in_a_browser(voila_app, page, tmp_path, work_dir):
    """The widget renders in a notebook front end; a slider and a dropdown change the headline."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import helpers\nhelpers.segment_widget()")]
    path = tmp_path / "分群.ipynb"
    nbformat.write(nb, path)
    with voila_app(path, env={"COURSE_WORK_DIR": str(work_dir)}) as url:
        page.goto(url, timeout=120_000)
        headline = page.locator(".seg-summary")
        headline.wait_for(timeout=120_000)
        before = headline.inner_text()
        assert before.startswith("重要价值客户：")

        page.locator(".seg-r-days .noUi-handle").focus()
        page.keyboard.press("Home")  # R threshold to 0 days: almost nobody is "recent"
        page.wait_for_function("b => document.querySelector('.seg-summary').innerText !== b", arg=before,
                               timeout=30_000)
        assert headline.inner_text().startswith("重要价值客户：") and headline.inner_text() != before

        page.locator(".seg-scheme select").select_option(label="加权得分三档（按权重）")
        page.wait_for_function("() => document.querySelector('.seg-summary').innerText.startsWith('高价值客户')",
                               timeout=30_000)
        assert page.locator(".seg-chart svg").count() == 1
        page.set_viewport_size({"width": 1366, "height": 768})
        page.locator(".seg-widget").scroll_into_view_if_needed()
        page.evaluate("document.querySelector('.seg-widget').scrollIntoView({block: 'start'})")
        slider, chart = page.locator(".seg-w-r").bounding_box(), page.locator(".seg-chart svg").bounding_box()
        assert slider["y"] + slider["height"] <= 768 and chart["y"] + chart["height"] <= 768, (slider, chart)
        assert "毫秒" not in page.locator(".seg-widget").inner_text()

        page.locator(".seg-export").click()
        page.locator(".seg-export-done").wait_for(timeout=30_000)
        assert (work_dir / sg.EXPORT_NAME).is_file()
    assert page.external_requests == []


def _csv_bytes(encoding: str = "gbk") -> bytes:
    tx = synthetic_transactions(80)
    text = "会员编号,下单日期,实付金额\n" + "".join(
        f"{c},{d:%Y年%m月%d日},\"{a:,.2f}元\"\n" for c, d, a in tx.itertuples(index=False))
    return text.encode(encoding)


def test_own_transactions_finds_and_converts_the_columns():
    import helpers

    raw = helpers.read_table(_csv_bytes(), name="我的订单.csv")
    tx = sg.own_transactions(raw)
    assert tx.columns[:3].tolist() == ["customer_id", "date", "amount"]
    assert pd.api.types.is_datetime64_any_dtype(tx["date"]) and (tx["amount"] > 0).all()
    bad = raw.copy()
    bad.loc[3, "实付金额"] = "-12"
    with pytest.raises(DataError) as info:
        sg.own_transactions(bad)
    assert "第 5 行" in str(info.value)  # as Excel numbers it: header is row 1


def test_widget_takes_a_raw_table_and_an_upload(work_dir):
    import helpers

    raw = helpers.read_table(_csv_bytes(), name="我的订单.csv")
    w = segmentation.segment_widget(raw)
    assert "我的订单.csv" in w.source_label.value and len(w.data) == 80
    upload = ({"name": "上传的订单.csv", "type": "text/csv", "size": 1, "content": memoryview(_csv_bytes("utf-8")),
               "last_modified": 0},)
    w._on_upload({"new": upload})
    assert "上传的订单.csv" in w.source_label.value and "重要价值客户：" in w.summary.value
    w._on_upload({"new": ({"name": "坏文件.csv", "content": memoryview(b"a,b\n1,2\n")},)})
    assert "seg-error" in w.status.value and "Traceback" not in w.status.value
    assert "上传的订单.csv" in w.source_label.value  # the previous data stay
