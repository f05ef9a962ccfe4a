"""Small things a trainee meets in the worksheets (issue 11, item 20): Enter adds, titles in the chooser, labels."""

from __future__ import annotations

import warnings

from helpers.worksheets.swot import swot_worksheet


def test_enter_in_a_swot_input_adds_the_item(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # building the widget warns about nothing
        editor = swot_worksheet(folder=tmp_path, delay=60)
    box = editor.body.new_text["S"]
    box.value = "交付快"
    box._handle_string_msg(None, {"event": "submit"}, [])   # what the browser sends on Enter
    assert [item.text for item in editor.worksheet.items["S"]] == ["交付快"]
    assert box.value == ""


def test_file_chooser_shows_titles_not_file_names(tmp_path):
    editor = swot_worksheet(folder=tmp_path, delay=60)
    editor.title.value = "我的企业"
    editor.save_now()
    editor.new_name.value = "华东区"
    editor._on_new()
    labels = [label for label, _ in editor.file.options]
    assert "我的企业（默认）" in labels and "SWOT 分析（华东区）" in labels or any("华东区" in x for x in labels)
    assert not any(label.startswith("swot") for label in labels)


def test_buttons_are_wide_enough_for_their_labels(tmp_path):
    editor = swot_worksheet(folder=tmp_path, delay=60)
    buttons = [b for b in editor.widget.children[-2].children]
    assert buttons and all(b.layout.width == "auto" for b in buttons)
    assert any(b.description == "生成《我的课程成果》" for b in buttons)


def test_status_emoji_come_with_a_word(tmp_path):
    editor = swot_worksheet(folder=tmp_path, delay=60)
    editor.title.value = "x"
    editor.save_now()
    assert "✓ 成功" in editor.status.value
