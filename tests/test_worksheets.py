"""Worksheets: the model, safe storage, the corrupted-file rules, exports, widgets, class view."""

from __future__ import annotations

import base64
import csv
import json
import os
import re
import shutil
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.data.safe_text import visible_text
from helpers.errors import DataError, WorksheetError
from helpers.worksheets import export, storage
from helpers.worksheets import model as worksheets
from helpers.worksheets.autosave import Debouncer
from helpers.worksheets.classview import class_view, normalize_item
from helpers.worksheets.five_forces import FORCES, FiveForcesWorksheet, ForceEntry, attractiveness
from helpers.worksheets.storage import (
    atomic_write,
    backup_path,
    list_worksheets,
    load_worksheet,
    open_worksheet,
    safe_name,
    save_worksheet,
    worksheet_path,
)
from helpers.worksheets.swot import QUADRANTS, STRATEGIES, SwotItem, SwotWorksheet

# ---------------------------------------------------------------------------------------
# Random content: Chinese, emoji, empty, very long, HTML / script / formula / Markdown payloads
# ---------------------------------------------------------------------------------------

PAYLOADS = [
    "<script>alert('x')</script>", "</td></tr></table><script>alert(1)</script>", "<SCRIPT SRC=//x.js>",
    '<img src=x onerror="alert(1)">', "<!-- 注释 -->", "=SUM(A1:A9)", "=HYPERLINK(\"http://x\")", "-价格战",
    "+86 电话", "@所有人", "'", "''=1", "_x0041_", "_x005F_", "*粗体* _斜体_ `代码` [链接](http://x.cn)",
    "# 标题", "1. 列表", "- 列表", "> 引用", "| a | b |", "$x^2$", "&amp; &lt; &#60;", "\\", "\\*",
    "\r\n", "a\rb", "\x00\x01\x1f", "😀👍🏽👨‍👩‍👧", "中文，标点。！？", "", " ", "\t", "\ufeffBOM", "行\u2028分隔",
    "    四个空格开头", "---", "===", "![图](x.png)", "{{ 模板 }}", "</style>", "]]>", "\u202e反向",
]
_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_EMOJI = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)
TEXT = st.one_of(
    st.text(max_size=30),  # any Unicode text (no lone surrogates: a trainee cannot type them)
    st.sampled_from(PAYLOADS),
    st.text(alphabet=st.one_of(_CJK, _EMOJI, st.sampled_from("<>&\"'/ \n\r=*_|#`$\\")), max_size=30),
    st.lists(st.sampled_from(PAYLOADS), min_size=2, max_size=4).map("".join),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=6), st.integers(100, 650)),  # very long (up to MAX_TEXT)
)
WEIGHT = st.one_of(st.none(), st.integers(1, 5))


@st.composite
def swots(draw) -> SwotWorksheet:
    return SwotWorksheet(
        title=draw(TEXT), owner=draw(TEXT),
        items={q: [SwotItem(t, w) for t, w in draw(st.lists(st.tuples(TEXT, WEIGHT), max_size=3))] for q in QUADRANTS},
        strategies={s: draw(TEXT) for s in STRATEGIES})


@st.composite
def five_forces(draw) -> FiveForcesWorksheet:
    return FiveForcesWorksheet(
        title=draw(TEXT), owner=draw(TEXT), industry=draw(TEXT), conclusion=draw(TEXT),
        forces={f: ForceEntry(draw(WEIGHT), draw(TEXT), draw(TEXT)) for f in FORCES})


SHEETS = st.one_of(swots(), five_forces())


def user_texts(ws) -> list[str]:
    """Every piece of text the trainee typed into ``ws``."""
    out = [ws.title, ws.owner]
    if isinstance(ws, SwotWorksheet):
        out += [i.text for q in QUADRANTS for i in ws.items[q]] + list(ws.strategies.values())
    else:
        out += [ws.industry, ws.conclusion] + [t for e in ws.forces.values() for t in (e.evidence, e.response)]
    return out


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """A scratch folder for the property tests, on a RAM disk where there is one.

    Every save fsyncs twice; on a RAM disk that costs nothing, which keeps 1,000 examples
    fast. That saves survive crashes is what tests/test_worksheet_crash.py checks, on disk.
    """
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="worksheet-property-", dir=shm))
        yield folder
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path_factory.mktemp("property")


# ---------------------------------------------------------------------------------------
# Property: save -> load is lossless, and the backup is always the previous version
# ---------------------------------------------------------------------------------------

def test_random_content_survives_save_and_load_1000_times(scratch):
    path = scratch / "roundtrip.json"
    previous: list = []

    @settings(max_examples=1000, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(SHEETS)
    def check(ws):
        if path.exists() and load_worksheet(path).kind != ws.kind:
            path.unlink()  # a file of the other kind would be (correctly) set aside
            backup_path(path).unlink(missing_ok=True)
            previous.clear()
        save_worksheet(ws, path)
        loaded = load_worksheet(path)
        assert loaded == ws
        assert user_texts(loaded) == user_texts(ws)
        if previous:
            assert load_worksheet(backup_path(path)) == previous[-1]
        previous[:] = [loaded]

    check()
    leftovers = [p.name for p in scratch.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


# ---------------------------------------------------------------------------------------
# Property: every export escapes the text and keeps it
# ---------------------------------------------------------------------------------------

class _Collector(HTMLParser):
    """Tags, attributes and text of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]
        if tag == "br":
            self.text.append("\n")

    def handle_data(self, data):
        self.text.append(data)


def collect(page: str) -> _Collector:
    c = _Collector()
    c.feed(page)
    c.close()
    return c


def norm(text: str) -> str:
    """What a reader sees of ``text``: control characters as U+FFFD, direction controls spelled out,
    whitespace collapsed (the one rule every export and viewer follows: helpers.data.safe_text)."""
    return " ".join(visible_text(text).split())


def visible_rows(rows: list[tuple]) -> list[tuple]:
    """Rows as the CSV export writes them (control characters replaced, see :func:`norm`)."""
    return [tuple(visible_text(v) if isinstance(v, str) else v for v in row) for row in rows]


PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "table", "thead", "tbody",
             "tr", "th", "td", "br", "footer"}
MARKDOWN_TAGS = {"h1", "h2", "h3", "p", "em", "table", "thead", "tbody", "tr", "th", "td", "br"}


def test_random_content_is_escaped_by_every_export(scratch):
    import mistune

    # escape=False: raw HTML passes through, as in most Markdown viewers -- the worst case
    render = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])

    @settings(max_examples=300, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(SHEETS)
    def check(ws):
        # the title is shown stripped (an empty title shows the kind's name instead)
        texts = [t for t in [ws.title.strip(), *user_texts(ws)[1:]] if norm(t)]
        # HTML: no tag comes from the trainee's text, and all of it is there as text
        page = export.to_html(ws, chart=False)
        assert "<script" not in page.lower()
        parsed = collect(page)
        assert set(parsed.tags) <= PAGE_TAGS, set(parsed.tags) - PAGE_TAGS
        shown = norm("".join(parsed.text))
        for t in texts:
            assert norm(t) in shown
        # Markdown: rendered by a CommonMark renderer, it shows the same text and makes no tag
        md = export.to_markdown(ws)
        rendered = render(md)
        assert "<script" not in rendered.lower()
        parsed = collect(rendered)
        assert set(parsed.tags) <= MARKDOWN_TAGS, (set(parsed.tags) - MARKDOWN_TAGS, md)
        shown = norm("".join(parsed.text))
        for t in texts:
            assert norm(t) in shown, (t, md)
        # CSV: the rows come back exactly
        assert export.read_rows(export.write_csv(ws, scratch / "p.csv")) == visible_rows(ws.rows())

    check()


def test_random_content_survives_the_excel_export(scratch):
    @settings(max_examples=100, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(SHEETS)
    def check(ws):
        assert export.read_rows(export.write_xlsx(ws, scratch / "p.xlsx")) == ws.rows()

    check()


def test_random_content_draws_as_a_picture():
    """Charts take any text: "$" is not math, control characters and emoji do not break them."""
    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(SHEETS)
    def check(ws):
        assert export.figure_png(ws, dpi=20).startswith(b"\x89PNG")

    check()
    ws = SwotWorksheet(title="$\\frac{1}{$")
    ws.add_item("S", "$\\undefinedcommand$ 😀 \x00")
    assert export.figure_png(ws, dpi=20).startswith(b"\x89PNG")


def test_csv_is_utf8_with_bom_and_formulas_are_defused(tmp_path):
    ws = SwotWorksheet(title="=HYPERLINK(\"http://evil\")")
    ws.add_item("T", "-价格战")
    path = export.write_csv(ws, tmp_path / "a.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as f:
        cells = [c for row in csv.reader(f) for c in row]
    assert not any(c.startswith(("=", "-", "+", "@")) for c in cells), cells
    assert "'-价格战" in cells


def test_xlsx_text_is_never_a_formula(tmp_path):
    from openpyxl import load_workbook

    ws = SwotWorksheet(title="=1+1")
    path = export.write_xlsx(ws, tmp_path / "a.xlsx")
    cell = load_workbook(path).active["C2"]
    assert cell.value == "=1+1" and cell.data_type == "s"


# ---------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------

def test_swot_operations_add_edit_reorder_delete():
    ws = SwotWorksheet()
    assert ws.add_item("S", "  口碑好  ", weight=5) == 0
    assert ws.add_item("S", "交付快") == 1
    assert ws.add_item("S", "价格低") == 2
    assert ws.items["S"][0] == SwotItem("口碑好", 5)  # trimmed
    assert ws.move_item("S", 2, -1) == 1
    assert [i.text for i in ws.items["S"]] == ["口碑好", "价格低", "交付快"]
    assert ws.move_item("S", 0, -1) == 0  # already first
    assert ws.move_item("S", 1, +5) == 2  # stops at the end
    ws.edit_item("S", 0, weight=None)
    ws.edit_item("S", 1, text="交付很快")
    assert ws.items["S"] == [SwotItem("口碑好"), SwotItem("交付很快"), SwotItem("价格低")]
    assert ws.remove_item("S", 2) == SwotItem("价格低")
    assert [q for q in QUADRANTS if ws.items[q]] == ["S"]
    with pytest.raises(WorksheetError, match="没有第 5 条"):
        ws.remove_item("S", 4)
    with pytest.raises(WorksheetError, match="请先输入"):
        ws.add_item("O", "   ")
    with pytest.raises(WorksheetError, match="1 到 5"):
        ws.add_item("O", "x", weight=True)


def test_tows_prompts_show_the_quadrants_they_pair():
    ws = SwotWorksheet()
    ws.add_item("S", "强")
    ws.add_item("W", "弱")
    ws.add_item("O", "机")
    ws.add_item("T", "险")
    texts = {s: [i.text for _, items in ws.tows_sources(s) for i in items] for s in STRATEGIES}
    assert texts == {"SO": ["强", "机"], "WO": ["弱", "机"], "ST": ["强", "险"], "WT": ["弱", "险"]}


@pytest.mark.parametrize("scores, mean, level", [
    ((2, 2, 3, 3, 2), 2.4, "高"),
    ((3, 2, 3, 2, 2), 2.4, "高"),
    ((2, 3, 3, 2, 3), 2.6, "中等"),
    ((4, 4, 3, 3, 3), 3.4, "中等"),
    ((4, 4, 4, 3, 3), 3.6, "低"),
    ((1, 1, 1, 1, 1), 1.0, "高"),   # five integer scores give means in steps of 0.2, so the
                                    # neighbours of the bounds 2.5 and 3.5 are 2.4/2.6 and 3.4/3.6
    ((5, 5, 5, 5, 5), 5.0, "低"),
])
def test_attractiveness_rule(scores, mean, level):
    reading = attractiveness(dict(zip(FORCES, scores)))
    assert reading.mean == pytest.approx(mean)
    assert reading.level == level
    assert reading.missing == ()
    assert f"行业吸引力{level}" in reading.text()


def test_attractiveness_flags_any_five_and_waits_for_all_scores():
    reading = attractiveness({"rivalry": 5, "buyers": 1})
    assert reading.level == "" and reading.flagged == ("rivalry",)
    assert set(reading.missing) == {"new_entrants", "suppliers", "substitutes"}
    assert "还有 3 项没有打分" in reading.text() and "同业竞争" in reading.text()
    full = attractiveness(dict(zip(FORCES, (1, 1, 1, 1, 5))))
    assert full.level == "高" and full.flagged == ("substitutes",)
    assert "替代品威胁 强度为 5" in full.text()


def test_validation_messages_are_bilingual():
    ws = SwotWorksheet()
    ws.items["S"].append(SwotItem("坏\ud800字"))  # a lone surrogate, e.g. half of a damaged emoji
    with pytest.raises(WorksheetError) as info:
        ws.validate()
    assert isinstance(info.value, DataError)
    message = str(info.value)
    assert "优势第 1 条" in message and "无法保存" in message and "[EN]" in message and "Strengths item 1" in message
    ff = FiveForcesWorksheet()
    ff.forces["buyers"].score = 7
    with pytest.raises(WorksheetError, match="购买者议价能力的强度应当是 1 到 5"):
        ff.validate()
    with pytest.raises(WorksheetError, match="太长"):
        SwotWorksheet(owner="名" * (worksheets.MAX_TEXT + 1)).validate()


def test_invalid_worksheet_touches_no_file(tmp_path):
    path = tmp_path / "swot.json"
    save_worksheet(SwotWorksheet(title="好的"), path)
    before = path.read_bytes()
    bad = SwotWorksheet(title="x" * (worksheets.MAX_TEXT + 1))
    with pytest.raises(WorksheetError):
        save_worksheet(bad, path)
    assert path.read_bytes() == before
    assert not backup_path(path).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["swot.json"]


# ---------------------------------------------------------------------------------------
# Storage
# ---------------------------------------------------------------------------------------

def test_file_is_readable_utf8_json_with_schema_version(tmp_path):
    ws = SwotWorksheet(title="我的店", owner="王小明")
    ws.add_item("S", "口碑好 😀", 4)
    result = save_worksheet(ws, tmp_path / "swot.json")
    raw = result.path.read_bytes()
    text = raw.decode("utf-8")
    assert "我的店" in text and "口碑好 😀" in text and "\\u" not in text  # readable, not escaped
    assert "\n  \"kind\": \"swot\"" in text  # indented
    data = json.loads(text)
    assert data["schema_version"] == 1 and data["kind"] == "swot"
    assert data["content"]["items"]["S"] == [{"text": "口碑好 😀", "weight": 4}]
    assert data["updated"] == ws.updated and data["created"] == ws.created and ws.created
    assert result.status().startswith("已保存 ") and str(result.path) in result.status()


def test_created_stays_and_updated_moves(tmp_path, monkeypatch):
    path = tmp_path / "five_forces.json"
    ws = FiveForcesWorksheet()
    times = iter(["2024-05-01T09:00:00+08:00", "2024-05-01T09:05:00+08:00"])
    import datetime as dt

    monkeypatch.setattr(storage, "_now", lambda: dt.datetime.fromisoformat(next(times)))
    save_worksheet(ws, path)
    save_worksheet(ws, path)
    loaded = load_worksheet(path)
    assert loaded.created == "2024-05-01T09:00:00+08:00"
    assert loaded.updated == "2024-05-01T09:05:00+08:00"


def test_backup_is_the_previous_good_version(tmp_path):
    path = tmp_path / "swot.json"
    for n in range(1, 4):
        result = save_worksheet(SwotWorksheet(title=f"版本{n}"), path)
        assert result.backup == (backup_path(path) if n > 1 else None)
        assert load_worksheet(path).title == f"版本{n}"
        if n > 1:
            assert load_worksheet(backup_path(path)).title == f"版本{n - 1}"


def test_several_named_worksheets_and_listing(tmp_path):
    assert worksheet_path("swot", None, tmp_path) == tmp_path / "swot.json"
    assert worksheet_path("swot", "华东区", tmp_path) == tmp_path / "swot-华东区.json"
    assert worksheet_path("five_forces", "a/b:c", tmp_path).name == "five_forces-a_b_c.json"
    assert safe_name("  ..  ") == "" and safe_name("aux.txt") == "aux.txt_"
    save_worksheet(SwotWorksheet(title="默认"), worksheet_path("swot", None, tmp_path))
    save_worksheet(SwotWorksheet(title="一"), worksheet_path("swot", "华东区", tmp_path))
    save_worksheet(SwotWorksheet(title="二"), worksheet_path("swot", "华东区", tmp_path))
    save_worksheet(FiveForcesWorksheet(), worksheet_path("five_forces", None, tmp_path))
    (tmp_path / "swot-坏.json").write_text("{", encoding="utf-8")
    (tmp_path / ".swot.json.1.ab.tmp").write_text("x", encoding="utf-8")
    (tmp_path / "swot.corrupt-20240101-000000.json").write_text("{", encoding="utf-8")
    names = [p.name for p in list_worksheets(tmp_path)]
    assert names == ["five_forces.json", "swot-华东区.json", "swot-坏.json", "swot.json"]
    assert [p.name for p in list_worksheets(tmp_path, "swot")] == ["swot-华东区.json", "swot-坏.json", "swot.json"]
    assert [p.name for p in list_worksheets(tmp_path, "five_forces")] == ["five_forces.json"]
    assert open_worksheet("swot", "华东区", tmp_path).worksheet.title == "二"


def test_work_dir_env_decides_the_default_folder(work_dir):
    assert worksheet_path("swot") == work_dir.resolve() / "swot.json"
    save_worksheet(SwotWorksheet(title="环境变量"), worksheet_path("swot"))
    assert open_worksheet("swot").worksheet.title == "环境变量"


def test_replace_is_retried_while_windows_holds_the_file(tmp_path, monkeypatch):
    path = tmp_path / "swot.json"
    save_worksheet(SwotWorksheet(title="旧"), path)
    real = os.replace
    failures = {"left": 3}

    def flaky(src, dst):
        if failures["left"]:
            failures["left"] -= 1
            raise PermissionError(13, "The process cannot access the file")
        return real(src, dst)

    monkeypatch.setattr(storage.os, "replace", flaky)
    monkeypatch.setattr(storage.time, "sleep", lambda s: None)
    save_worksheet(SwotWorksheet(title="新"), path)
    assert load_worksheet(path).title == "新" and failures["left"] == 0


def test_a_file_held_for_good_gives_a_clear_message_and_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "swot.json"
    save_worksheet(SwotWorksheet(title="旧"), path)
    before = path.read_bytes()
    calls = []

    def locked(src, dst):
        calls.append(dst)
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(storage.os, "replace", locked)
    monkeypatch.setattr(storage.time, "sleep", lambda s: None)
    with pytest.raises(WorksheetError) as info:
        save_worksheet(SwotWorksheet(title="新"), path)
    assert "被其他程序占用" in str(info.value) and "Excel" in str(info.value) and "[EN]" in str(info.value)
    assert len(calls) == storage.REPLACE_ATTEMPTS  # bounded
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_changes_made_in_another_window_end_up_in_the_backup(tmp_path):
    path = tmp_path / "swot.json"
    first = save_worksheet(SwotWorksheet(title="这里"), path)
    save_worksheet(SwotWorksheet(title="另一个窗口"), path)  # e.g. the Voilà app
    result = save_worksheet(SwotWorksheet(title="这里又改了"), path, expected=first.written)
    assert result.changed_elsewhere
    assert load_worksheet(backup_path(path)).title == "另一个窗口"
    assert "别处被修改" in result.status()


def test_debouncer_runs_once_after_the_last_trigger():
    calls = []
    done = threading.Event()
    d = Debouncer(lambda: (calls.append(time.monotonic()), done.set()), delay=0.2)
    start = time.monotonic()
    for _ in range(5):
        d.trigger()
        time.sleep(0.05)
    assert calls == []  # still typing
    assert done.wait(5)
    time.sleep(0.3)
    assert len(calls) == 1 and calls[0] - start >= 0.2 + 4 * 0.05 - 0.01
    assert not d.pending and not d.flush()


def test_debouncer_reports_errors_and_can_be_cancelled():
    errors = []
    d = Debouncer(lambda: 1 / 0, delay=60, on_error=errors.append)
    d.trigger()
    assert d.flush() and isinstance(errors[0], ZeroDivisionError)
    d.trigger()
    assert d.cancel() and not d.pending and not d.flush()


def test_atomic_write_leaves_no_temp_file(tmp_path):
    atomic_write(tmp_path / "a.json", b"1")
    atomic_write(tmp_path / "a.json", b"2")
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]
    assert (tmp_path / "a.json").read_bytes() == b"2"


# ---------------------------------------------------------------------------------------
# Corrupted and newer-schema files
# ---------------------------------------------------------------------------------------

def _three_versions(path: Path) -> tuple[bytes, bytes]:
    save_worksheet(SwotWorksheet(title="版本1"), path)
    save_worksheet(SwotWorksheet(title="版本2"), path)
    return backup_path(path).read_bytes(), path.read_bytes()


def test_corrupted_file_gives_a_clear_message_and_the_backup_is_kept(tmp_path):
    path = tmp_path / "swot.json"
    good_backup, good_main = _three_versions(path)
    damaged = good_main[: len(good_main) // 2]  # a save cut in half (what atomic saves prevent)
    path.write_bytes(damaged)

    with pytest.raises(WorksheetError) as info:
        load_worksheet(path)
    message = str(info.value)
    assert str(path) in message  # names the file
    assert "已损坏" in message and "damaged" in message
    assert str(backup_path(path)) in message and "上一次完好的副本" in message and "previous good copy" in message
    assert "不会被删除" in message and "will not be deleted" in message

    opened = open_worksheet("swot", folder=tmp_path)
    assert opened.worksheet.title == "版本1" and opened.restored_from == backup_path(path)
    assert opened.problem == message
    # opening changed nothing
    assert path.read_bytes() == damaged and backup_path(path).read_bytes() == good_backup

    # saving again: the damaged file is set aside intact, the backup is NOT overwritten with it
    result = save_worksheet(SwotWorksheet(title="版本3"), path)
    assert result.set_aside is not None and result.set_aside.name.startswith("swot.corrupt-")
    assert result.set_aside.read_bytes() == damaged
    assert backup_path(path).read_bytes() == good_backup
    assert result.backup is None and "另存为" in result.status()
    assert load_worksheet(path).title == "版本3"
    # and life goes on: the next save backs up version 3
    save_worksheet(SwotWorksheet(title="版本4"), path)
    assert load_worksheet(backup_path(path)).title == "版本3"
    assert result.set_aside.read_bytes() == damaged
    assert [p.name for p in list_worksheets(tmp_path)] == ["swot.json"]


@pytest.mark.parametrize("content, words", [
    (b"", "空的"),
    (b"\xff\xfe\x00garbage", "UTF-8"),
    (b"[1, 2]", "不是一张工作表"),
    (b'{"kind": "swot", "content": {}}', "schema_version"),
    (b'{"schema_version": 1, "kind": "mindmap", "content": {}}', "未知的工作表类型"),
    (b'{"schema_version": 1, "kind": "five_forces", "content": {}}', "不是“SWOT 分析”"),
    (b'{"schema_version": 1, "kind": "swot", "content": {"items": {"S": [{"text": "a", "weight": 9}]}}}', "1 到 5"),
])
def test_every_kind_of_damage_is_explained(tmp_path, content, words):
    path = tmp_path / "swot.json"
    path.write_bytes(content)
    with pytest.raises(WorksheetError, match=words) as info:
        load_worksheet(path, "swot")
    assert "没有找到完好的备份副本" in str(info.value) and "[EN]" in str(info.value)
    opened = open_worksheet("swot", folder=tmp_path)
    assert opened.worksheet == SwotWorksheet() and opened.restored_from is None and opened.problem
    assert path.read_bytes() == content


def test_newer_schema_file_is_not_overwritten(tmp_path):
    path = tmp_path / "swot.json"
    good_backup, _ = _three_versions(path)
    future = {"schema_version": 2, "kind": "swot", "title": "来自新版本", "content": {"mindmap": []}}
    path.write_text(json.dumps(future, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(WorksheetError) as info:
        load_worksheet(path)
    assert "更新版本" in str(info.value) and "newer version" in str(info.value) and "git pull" in str(info.value)
    opened = open_worksheet("swot", folder=tmp_path)
    assert opened.worksheet.title == "版本1"
    result = save_worksheet(opened.worksheet, path)
    assert result.set_aside.name.startswith("swot.newer-")
    assert json.loads(result.set_aside.read_text(encoding="utf-8")) == future
    assert backup_path(path).read_bytes() == good_backup


def test_a_damaged_backup_is_never_used(tmp_path):
    path = tmp_path / "swot.json"
    _three_versions(path)
    backup_path(path).write_text("{broken", encoding="utf-8")
    path.write_text("{also broken", encoding="utf-8")
    opened = open_worksheet("swot", folder=tmp_path)
    assert opened.worksheet == SwotWorksheet() and opened.restored_from is None
    assert "没有找到完好的备份副本" in opened.problem


# ---------------------------------------------------------------------------------------
# Exports
# ---------------------------------------------------------------------------------------

def _sample_swot() -> SwotWorksheet:
    ws = SwotWorksheet(title="山禾生活会员店（虚构）<script>alert(1)</script>", owner="王小明")
    ws.add_item("S", "会员复购率高", 5)
    ws.add_item("W", "线上渠道弱 <img src=x onerror=alert(1)>")
    ws.add_item("O", "社区团购兴起")
    ws.add_item("T", "=HYPERLINK(\"http://evil\")")
    ws.set_strategy("SO", "用会员复购的优势做社区团购")
    return ws


def _sample_forces() -> FiveForcesWorksheet:
    ws = FiveForcesWorksheet(title="青岚工控（虚构）", industry="工业自动化配件")
    for f, s in zip(FORCES, (4, 2, 3, 5, 2)):
        ws.set_score(f, s)
    ws.set_evidence("buyers", "大客户集中，年年压价")
    ws.set_response("buyers", "做定制化服务，提高转换成本")
    return ws


@pytest.mark.parametrize("make", [_sample_swot, _sample_forces])
def test_html_export_is_standalone_offline_and_escaped(tmp_path, make):
    ws = make()
    path = export.export_worksheet(ws, "html", folder=tmp_path)
    page = path.read_text(encoding="utf-8")
    parsed = collect(page)
    assert set(parsed.tags) <= PAGE_TAGS | {"img"}
    assert "<script" not in page.lower() and "<img src=x" not in page
    refs = [v for k, v in parsed.attrs if k in ("src", "href")]
    assert refs and all(v.startswith("data:image/png;base64,") for v in refs)
    png = base64.b64decode(refs[0].split(",", 1)[1])
    assert png.startswith(b"\x89PNG")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"(https?:)?//[^\s\"'<]*\.(css|js|woff2?)", page)
    for t in user_texts(ws):
        assert norm(t) in norm("".join(parsed.text))


def test_markdown_export_writes_its_picture_and_links_it(tmp_path):
    ws = _sample_swot()
    path = export.export_worksheet(ws, "md", folder=tmp_path, stem="我的swot")
    md = path.read_text(encoding="utf-8")
    assert path.name == "我的swot.md" and "![SWOT 分析图示](我的swot.png)" in md
    assert (tmp_path / "我的swot.png").read_bytes().startswith(b"\x89PNG")
    assert "<script>" not in md and "\\<script\\>" in md
    assert "| 1 | 会员复购率高 | 5 |" in md
    assert "用会员复购的优势做社区团购" in md


def test_png_xlsx_csv_exports(tmp_path):
    ws = _sample_forces()
    assert export.export_worksheet(ws, "png", folder=tmp_path).read_bytes().startswith(b"\x89PNG")
    for fmt in ("xlsx", "csv"):
        path = export.export_worksheet(ws, fmt, folder=tmp_path)
        rows = export.read_rows(path)
        assert rows == ws.rows()
        assert ("购买者议价能力·依据", 4, "大客户集中，年年压价", 5) in rows
    with pytest.raises(WorksheetError, match="不支持的导出格式"):
        export.export_worksheet(ws, "pdf", folder=tmp_path)


def test_default_export_folder_is_inside_the_work_folder(work_dir):
    path = export.export_worksheet(SwotWorksheet(), "csv")
    assert path == work_dir.resolve() / "导出" / "swot.csv"


def test_report_collects_every_worksheet_and_lists_unreadable_files(tmp_path):
    save_worksheet(_sample_swot(), tmp_path / "swot.json")
    save_worksheet(_sample_forces(), tmp_path / "five_forces.json")
    save_worksheet(SwotWorksheet(title="华东区"), worksheet_path("swot", "华东区", tmp_path))
    (tmp_path / "swot-坏了.json").write_text("{", encoding="utf-8")
    path = export.export_report(tmp_path)
    assert path == tmp_path / "导出" / "我的课程成果.html"
    page = path.read_text(encoding="utf-8")
    parsed = collect(page)
    text = norm("".join(parsed.text))
    assert "我的课程成果" in text and "学员：王小明" in text
    assert text.rindex("青岚工控") > max(text.rindex("山禾生活会员店"), text.rindex("华东区"))  # SWOTs first
    assert "swot-坏了.json" in text and "已损坏" in text
    assert "<script" not in page.lower()
    refs = [v for k, v in parsed.attrs if k in ("src", "href")]
    assert sum(v.startswith("data:image/png") for v in refs) == 3
    assert all(v.startswith(("data:image/png;base64,", "#ws")) for v in refs)


# ---------------------------------------------------------------------------------------
# Widgets (without a browser): thin wiring over the model
# ---------------------------------------------------------------------------------------

def test_swot_widget_edits_saves_and_reloads(tmp_path):
    from helpers.worksheets.swot import swot_worksheet

    editor = swot_worksheet(folder=tmp_path, delay=60)
    assert "新工作表" in editor.status.value and str(tmp_path) in editor.where.value
    body = editor.body
    for text, weight in (("会员复购率高", 4), ("门店位置好", 0), ("<b>社群</b>", 2)):
        body.new_text["S"].value = text
        body.new_weight["S"].value = weight
        body.add("S")
    assert body.new_text["S"].value == "" and len(body.rows["S"].children) == 3
    body.move("S", 2, -2)
    body.remove("S", 1)
    assert body.undo.layout.display is None
    body.undo_remove()
    row = body.rows["S"].children[0]
    text_widget = row.children[1]
    text_widget.value = "<b>社群运营</b>"  # typing in a row edits the model
    body.strategy["WO"].value = "借社区团购补线上短板"
    editor.title.value = "我的店"
    assert editor.debouncer.pending and "自动保存" in editor.status.value
    assert "&lt;b&gt;社群运营&lt;/b&gt;" in body.sources["SO"].value
    editor.flush()
    assert "✓" in editor.status.value and str(tmp_path / "swot.json") in editor.status.value
    saved = load_worksheet(tmp_path / "swot.json")
    assert [(i.text, i.weight) for i in saved.items["S"]] == [
        ("<b>社群运营</b>", 2), ("会员复购率高", 4), ("门店位置好", None)]
    assert saved.strategies["WO"] == "借社区团购补线上短板" and saved.title == "我的店"
    assert bytes(editor.chart.value).startswith(b"\x89PNG")

    again = swot_worksheet(folder=tmp_path)  # e.g. after a kernel restart
    assert again.worksheet == saved and again.title.value == "我的店"
    assert [r.children[1].value for r in again.body.rows["S"].children] == [
        "<b>社群运营</b>", "会员复购率高", "门店位置好"]
    assert again.body.strategy["WO"].value == "借社区团购补线上短板"
    bundle = again._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and "SWOT" in bundle["text/plain"]


def test_swot_widget_refuses_an_empty_item_with_a_message(tmp_path):
    from helpers.worksheets.swot import swot_worksheet

    editor = swot_worksheet(folder=tmp_path, delay=60)
    editor.body.add("T")
    assert "请先" in editor.message.value and not editor.debouncer.pending
    assert not (tmp_path / "swot.json").exists()


def test_autosave_runs_by_itself_after_the_pause(tmp_path):
    from helpers.worksheets.five_forces import five_forces_worksheet

    editor = five_forces_worksheet(folder=tmp_path, delay=0.2)
    editor.body.score["rivalry"].value = 4
    editor.body.evidence["rivalry"].value = "三家对手降价"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not (tmp_path / "five_forces.json").exists():
        time.sleep(0.05)
    time.sleep(0.3)
    saved = load_worksheet(tmp_path / "five_forces.json")
    assert saved.forces["rivalry"] == ForceEntry(4, "三家对手降价", "")
    assert "自动保存" in editor.status.value


def test_five_forces_widget_shows_the_reading_and_exports(tmp_path):
    from helpers.worksheets.five_forces import five_forces_worksheet

    editor = five_forces_worksheet(folder=tmp_path, delay=60)
    for f, s in zip(FORCES, (4, 2, 3, 5, 2)):
        editor.body.score[f].value = s
    editor.body.industry.value = "工业自动化配件"
    editor.body.response["buyers"].value = "提高转换成本"
    assert "行业吸引力：中等" in editor.body.reading.value and "购买者议价能力" in editor.body.reading.value
    assert "平均强度 ≤ 2.5" in editor.body.reading.value  # the rule is stated
    for fmt in ("md", "html", "png", "xlsx", "csv"):
        path = editor.export(fmt)
        assert path == tmp_path / "导出" / f"five_forces.{fmt}" and path.exists()
        assert str(path) in editor.export_result.value
    assert (tmp_path / "five_forces.json").exists()  # exporting saved the pending change
    report = editor.export_report()
    assert report.exists() and "我的课程成果" in editor.export_result.value
    editor.body.score["rivalry"].value = 0
    assert editor.worksheet.forces["rivalry"].score is None


def test_widget_switches_between_named_worksheets(tmp_path):
    from helpers.worksheets.swot import swot_worksheet

    editor = swot_worksheet(folder=tmp_path, delay=60)
    editor.title.value = "默认"
    editor.new_name.value = "华东区"
    editor._on_new()
    assert editor.path == tmp_path / "swot-华东区.json" and editor.title.value == ""
    assert load_worksheet(tmp_path / "swot.json").title == "默认"  # the pending change was saved first
    editor.title.value = "华东"
    editor.file.value = "swot"
    assert editor.title.value == "默认" and load_worksheet(tmp_path / "swot-华东区.json").title == "华东"
    assert [value for _, value in editor.file.options] == ["swot", "swot-华东区"]
    assert [label for label, _ in editor.file.options] == ["默认（默认）", "华东（华东区）"]  # titles, not file names


def test_widget_opens_a_corrupted_file_from_its_backup(tmp_path):
    from helpers.worksheets.swot import swot_worksheet

    path = tmp_path / "swot.json"
    _three_versions(path)
    path.write_text('{"schema_version": 1, "kind": "swot", <script>', encoding="utf-8")
    editor = swot_worksheet(folder=tmp_path, delay=60)
    assert editor.title.value == "版本1"
    assert "原文件无法读取" in editor.message.value and "swot.bak.json" in editor.message.value
    assert "<script>" not in editor.message.value
    editor.title.value = "修好了"
    editor.save_now()
    assert load_worksheet(path).title == "修好了"
    assert len(list(tmp_path.glob("swot.corrupt-*.json"))) == 1
    assert load_worksheet(backup_path(path)).title == "版本1"


def test_widget_shows_a_save_error_instead_of_raising(tmp_path, monkeypatch):
    from helpers.worksheets.swot import swot_worksheet

    editor = swot_worksheet(folder=tmp_path, delay=60)
    editor.title.value = "x"

    def locked(src, dst):
        raise PermissionError(13, "locked")

    monkeypatch.setattr(storage.os, "replace", locked)
    monkeypatch.setattr(storage.time, "sleep", lambda s: None)
    assert editor.save_now() is False
    assert "保存失败" in editor.status.value and "被其他程序占用" in editor.status.value


# ---------------------------------------------------------------------------------------
# Instructor's class view
# ---------------------------------------------------------------------------------------

def test_class_view_counts_items_and_scores_and_lists_bad_files(tmp_path):
    trainees = {
        "张三": (["价格高", "交付慢"], (4, 2, 3, 5, 2)),
        "李四": (["价格 高！", "服务好"], (4, 3, 3, 4, 2)),
        "王五": (["ＰＲＩＣＥ高", "价格高。", "<script>x</script>"], (5, 2, None, 4, 1)),
    }
    for name, (weaknesses, scores) in trainees.items():
        sub = tmp_path / name
        sub.mkdir()
        ws = SwotWorksheet(owner=name)
        for w in weaknesses:
            ws.items["W"].append(SwotItem(w, 3))
        ws.items["T"].append(SwotItem("$\\frac{价格$ 战"))  # "$" in a chart label is text, not math
        save_worksheet(ws, sub / "swot.json")
        save_worksheet(ws, sub / "swot.json")  # leaves a .bak.json, which must not count twice
        ff = FiveForcesWorksheet(owner=name, forces={f: ForceEntry(s) for f, s in zip(FORCES, scores)})
        save_worksheet(ff, sub / "five_forces.json")
    (tmp_path / "赵六_swot.json").write_text('{"schema_version": 1, "kind": "swot"', encoding="utf-8")
    (tmp_path / "孙七.json").write_text('{"schema_version": 7, "kind": "swot", "content": {}}', encoding="utf-8")

    view = class_view(tmp_path)
    assert view.n_swot == 3 and view.n_five_forces == 3
    w = view.swot[view.swot["象限"] == "劣势"]
    # 价格高 (张三), 价格 高！ (李四) and 价格高。 (王五) are one item, named by its most common wording
    top = w.iloc[0]
    assert top["条目"] == "价格高" and top["人数"] == 3 and top["占比"] == 1.0 and top["写法数"] == 3
    assert normalize_item("ＰＲＩＣＥ高") == "price高"
    assert set(w["条目"]) == {"价格高", "交付慢", "服务好", "ＰＲＩＣＥ高", "<script>x</script>"}
    dist = view.five_forces
    assert dist.loc["同业竞争", ["4分", "5分"]].tolist() == [2, 1]
    assert dist.loc["同业竞争", "平均"] == pytest.approx(13 / 3, abs=0.01)
    assert dist.loc["供应商议价能力", "未评分"] == 1 and dist.loc["供应商议价能力", "3分"] == 2
    assert dist.loc["购买者议价能力", ["4分", "5分"]].tolist() == [2, 1]
    assert view.readings.set_index("姓名").loc["张三", "吸引力"] == "中等"  # mean 3.2
    assert view.readings.set_index("姓名").loc["王五", "吸引力"] == "待判断"
    problems = view.problems.set_index("文件")
    assert sorted(problems.index) == ["孙七.json", "赵六_swot.json"]
    assert "损坏" in problems.loc["赵六_swot.json", "原因"] and "damaged" in problems.loc["赵六_swot.json", "Reason"]
    assert "更新版本" in problems.loc["孙七.json", "原因"] and "newer" in problems.loc["孙七.json", "Reason"]
    page = view._repr_html_()
    assert "<script>x" not in page and "&lt;script&gt;x" in page
    assert page.count("data:image/png;base64,") == 2 and "无法读取的文件" in page
    assert "3 SWOT" in repr(view)
    saved = view.save()
    assert saved == tmp_path / "班级汇总.html"
    assert "<script>x" not in saved.read_text(encoding="utf-8") and class_view(tmp_path).n_swot == 3


def test_class_view_of_a_missing_folder_says_so(tmp_path):
    with pytest.raises(WorksheetError, match="找不到这个文件夹"):
        class_view(tmp_path / "nope")
    empty = class_view(tmp_path)
    assert "没有工作表文件" in empty._repr_html_()

