"""Worksheet files that cannot hurt (issue 12, items 10-14, and issue 11 item 20's export details).

Hostile or broken files (JSON nested 100,000 levels deep, a 5,000-digit number, names that
are not UTF-8), unusable folders (read-only, COURSE_WORK_DIR that is a file) and killed saves
must each give a clear WorksheetError or a row in a list -- never a raw exception, a lost
class view or a pile of temporary files.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time

import pytest

from helpers.data.safe_text import remove_stale_temps
from helpers.errors import WorksheetError
from helpers.widgets.common import html_text, name_html
from helpers.worksheets import export, storage
from helpers.worksheets.classview import class_view
from helpers.worksheets.model import friendly_time, loads
from helpers.worksheets.storage import backup_path, load_worksheet, open_worksheet, save_worksheet, worksheet_path
from helpers.worksheets.swot import SwotWorksheet

DEEP = b'{"schema_version": 1, "kind": "swot", "content": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
HUGE = b'{"schema_version": 1, "kind": "swot", "title": "x", "content": {"n": ' + b"9" * 5000 + b"}}"
BAD_FILES = {"deep": DEEP, "huge_number": HUGE, "not_utf8": b'{"title": "\xff\xfe"}', "nul": b"\x00" * 100}


def sample(title: str = "我的店") -> SwotWorksheet:
    ws = SwotWorksheet(title=title, owner="王")
    ws.add_item("S", "老客户信任度高")
    return ws


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_hostile_file_is_a_worksheet_error_and_the_backup_is_kept(tmp_path, kind):
    path = worksheet_path("swot", folder=tmp_path)
    save_worksheet(sample("第一版"), path)
    save_worksheet(sample("第二版"), path)  # the first version is now the backup
    backup = backup_path(path).read_bytes()
    path.write_bytes(BAD_FILES[kind])
    with pytest.raises(WorksheetError):
        loads(BAD_FILES[kind])
    with pytest.raises(WorksheetError):
        load_worksheet(path)
    opened = open_worksheet("swot", folder=tmp_path)
    assert opened.problem and opened.worksheet.title == "第一版" and opened.restored_from == backup_path(path)
    result = save_worksheet(sample("第三版"), path)
    assert result.set_aside is not None and result.set_aside.read_bytes() == BAD_FILES[kind]
    assert backup_path(path).read_bytes() == backup, "bad content never reaches the backup"
    assert load_worksheet(path).title == "第三版"


def test_export_report_and_class_view_list_bad_files_and_keep_the_rest(tmp_path):
    save_worksheet(sample("好的"), tmp_path / "swot.json")
    for kind, data in BAD_FILES.items():
        (tmp_path / f"swot-{kind}.json").write_bytes(data)
    odd = os.fsdecode(b"\xff\xfe-swot.json")
    save_worksheet(sample("名字不是UTF-8"), tmp_path / odd)
    page = export.export_report(tmp_path).read_text(encoding="utf-8")
    assert "好的" in page and "名字不是UTF-8" in page and page.count("swot-") >= len(BAD_FILES)
    assert "\\xff\\xfe-swot.json" in page
    view = class_view(tmp_path)
    assert view.n_swot == 2 and len(view.problems) == len(BAD_FILES)
    html = view.to_html()
    assert all(name.encode("utf-8") for name in view.problems["文件"])  # no undecodable name in the table
    assert view.save().read_text(encoding="utf-8").count("老客户信任度高") >= 1  # writing never fails on a name
    assert "老客户信任度高" in html


def test_one_kinds_summary_failing_does_not_lose_the_view(tmp_path, monkeypatch):
    from helpers.worksheets import model

    kinds = [k for k in model.KINDS if k not in ("swot", "five_forces")]
    if not kinds:
        pytest.skip("no later worksheet kind is registered yet")
    kind = kinds[0]
    cls = model.kind_class(kind)
    save_worksheet(cls(title="x"), tmp_path / f"{kind}.json")
    save_worksheet(sample(), tmp_path / "swot.json")

    def broken(sheets):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(cls, "class_summary", classmethod(lambda c, sheets: broken(sheets)))
    html = class_view(tmp_path).to_html()
    assert "汇总出错" in html and "老客户信任度高" in html


def test_class_view_html_shows_hidden_characters_visibly(tmp_path):
    ws = SwotWorksheet(owner="王\u202e五")
    ws.add_item("W", "价格\x1b[31m高\x00")
    save_worksheet(ws, tmp_path / "a.json")
    html = class_view(tmp_path).to_html()
    assert "\x1b" not in html and "\x00" not in html and "\u202e" not in html


# ---------------------------------------------------------------------------------------
# folders that cannot be written
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS])
def test_a_read_only_folder_is_named_as_such(tmp_path, monkeypatch, code):
    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(storage, "open", refuse, raising=False)
    for action in (lambda: save_worksheet(sample(), tmp_path / "swot.json"),
                   lambda: export.export_worksheet(sample(), "csv", folder=tmp_path),
                   lambda: export.export_worksheet(sample(), "html", folder=tmp_path)):
        with pytest.raises(WorksheetError) as caught:
            action()
        assert "只读" in caught.value.zh and "占用" not in caught.value.zh and "read-only" in caught.value.en


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root may write into read-only folders")
def test_a_really_read_only_folder(tmp_path):
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(WorksheetError, match="只读"):
            save_worksheet(sample(), tmp_path / "swot.json")
    finally:
        tmp_path.chmod(0o755)


def test_course_work_dir_that_is_a_file(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "我的成果"
    not_a_folder.write_text("x", encoding="utf-8")
    monkeypatch.setenv("COURSE_WORK_DIR", str(not_a_folder))
    opened = open_worksheet("swot")
    assert opened.problem and "是一个文件，不是文件夹" in opened.problem
    for action in (lambda: save_worksheet(sample(), worksheet_path("swot")),
                   lambda: export.export_worksheet(sample(), "csv"),
                   lambda: export.export_report()):
        with pytest.raises(WorksheetError) as caught:
            action()
        assert "是一个文件，不是文件夹" in caught.value.zh
    assert storage.list_worksheets() == []


# ---------------------------------------------------------------------------------------
# stale temporary files
# ---------------------------------------------------------------------------------------

def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_temps_of_every_written_file_are_cleaned(tmp_path):
    path = tmp_path / "swot.json"
    save_worksheet(sample(), path)
    pid = dead_pid()
    for name in ("swot.json", "swot.bak.json", "swot.csv", "swot.html"):
        (tmp_path / f".{name}.{pid}.deadbeef.tmp").write_bytes(b"x" * 1000)
    live = tmp_path / f".swot.json.{os.getpid() + 0}.cafe0000.tmp"
    save_worksheet(sample("再存一次"), path)
    export.export_worksheet(sample(), "csv", folder=tmp_path)
    export.export_worksheet(sample(), "html", folder=tmp_path)
    live.write_bytes(b"a save in progress")  # a live writer's temp is kept
    remove_stale_temps(path)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == [live.name]


@pytest.mark.slow
def test_killed_saves_leave_nothing_behind(tmp_path):
    code = ("import sys\nfrom pathlib import Path\nfrom helpers.worksheets.storage import save_worksheet\n"
            "from helpers.worksheets.swot import SwotWorksheet\n"
            "ws = SwotWorksheet(title='x' * 3000)\n"
            "for i in range(100000):\n    ws.title = str(i) * 100\n    save_worksheet(ws, Path(sys.argv[1]))\n")
    path = tmp_path / "swot.json"
    for n in range(12):
        proc = subprocess.Popen([sys.executable, "-c", code, str(path)])
        time.sleep(1.5 + 0.07 * n)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert load_worksheet(path).kind == "swot"  # never half-written
    save_worksheet(sample(), path)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# ---------------------------------------------------------------------------------------
# exports read as typed (issue 11, item 20)
# ---------------------------------------------------------------------------------------

def test_exports_show_friendly_local_times(tmp_path):
    ws = sample()
    save_worksheet(ws, tmp_path / "swot.json")
    assert "T" in ws.updated  # stored as ISO ...
    shown = friendly_time(ws.updated)  # ... shown as people write it
    assert "年" in shown and "T" not in shown
    md, page = export.to_markdown(ws), export.to_html(ws, chart=False)
    assert shown in md and shown in page and ws.updated not in md and ws.updated not in page
    assert ("更新时间", None, shown, None) in ws.rows()


def test_markdown_export_reads_exactly_as_typed():
    from markdown_it import MarkdownIt

    typed = "<b>重点</b> & 客户 &amp; 供应商 <script>x</script> 1 < 2 > 0"
    ws = SwotWorksheet(title=typed)
    ws.add_item("S", typed)
    md = export.to_markdown(ws)
    assert "&lt;" not in md and "&amp;amp;" not in md
    rendered = MarkdownIt("commonmark", {"html": True}).render(md)
    assert "<b>" not in rendered and "<script" not in rendered
    import html as html_module
    import re

    text = html_module.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert text.count(typed) == 2


def test_csv_export_neutralises_formulas_and_control_characters(tmp_path):
    ws = SwotWorksheet(title="＝HYPERLINK(\"x\")")
    ws.add_item("T", "@SUM(A1)\x00\x1b")
    text = export.write_csv(ws, tmp_path / "a.csv").read_text(encoding="utf-8-sig")
    assert "'＝HYPERLINK" in text and "'@SUM(A1)" in text and "\x00" not in text and "\x1b" not in text


# ---------------------------------------------------------------------------------------
# widget HTML
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ['<img src=x onerror="alert(1)">.csv', "订单\u202egpj.exe", "a\x1b[2Jb.csv"])
def test_user_text_in_widget_html_is_inert(name):
    for shown in (html_text(name), name_html(name)):
        assert "<img" not in shown and "\u202e" not in shown and "\x1b" not in shown
    assert "[U+202E]" in html_text("订单\u202egpj.exe")
    assert name_html(os.fsdecode(b"\xff.csv")) == "\\xff.csv"

