"""Grading that one file can neither game nor break (issue 12, items 1-4).

The hostile notebooks in tests/fixtures/adversarial/ (see make_fixtures.py there) answer L01
wrongly and then attack the grader: they replace check() and print, forge result lines,
rewrite the checks, write outside their folder, leave detached processes, crash. Each must
get exactly what its answers earn, and none may stop the run or touch another row.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import matplotlib
import matplotlib.figure
import nbformat
import pandas as pd
import pytest

from helpers.course import answers
from helpers.course.cli import main
from helpers.course.exercises import CHECKS_DIR, chart_data
from helpers.course.grade_report import Submission, results_table, write_results
from helpers.course.grading import CSV_NAME, GradingRefused, _answers, grade_folder

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "tests" / "fixtures" / "submissions"
HOSTILE = ROOT / "tests" / "fixtures" / "adversarial"


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def row(table: pd.DataFrame, file: str) -> pd.Series:
    hits = table[table["文件"] == file]
    assert len(hits) == 1, (file, table["文件"].tolist())
    return hits.iloc[0]


# ---------------------------------------------------------------------------------------
# hostile notebooks
# ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("作业")
    out = tmp_path_factory.mktemp("结果")
    for name in ("张三_L01.ipynb", "李四_L01.ipynb"):
        shutil.copy(GOOD / name, folder / name)
    for nb in HOSTILE.glob("*.ipynb"):
        if nb.stem != "改检查文件_L01":
            shutil.copy(nb, folder / nb.name)
    originals = {p.name: p.read_bytes() for p in folder.iterdir()}
    env = {"COURSE_TEST_SUBMISSIONS": str(folder), "COURSE_TEST_OUT": str(out)}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        table = grade_folder(folder, out=out, workers=2, timeout=60)
        finished = time.time()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return folder, out, table, originals, finished


@pytest.mark.slow
@pytest.mark.parametrize("stem", ["改检查函数_L01", "改print_L01", "伪造结果行_L01", "假数字_L01", "写到别处_L01",
                                  "后台进程_L01", "找到作业文件夹_L01"])
def test_a_hostile_notebook_gets_only_what_its_answers_earn(hostile, stem):
    _, out, table, _, _ = hostile
    got = row(table, f"{stem}.ipynb")
    assert got["状态"].startswith("已批改"), got["状态"]
    assert got["总分"] == 0, f"{stem} obtained {got['总分']} points with wrong answers"
    assert row(read_csv(out / CSV_NAME), f"{stem}.ipynb")["总分"] == "0"


@pytest.mark.slow
def test_honest_submissions_are_graded_as_read_before_any_notebook_ran(hostile):
    folder, _, table, originals, _ = hostile
    for name in ("张三_L01.ipynb", "李四_L01.ipynb"):
        assert row(table, name)["总分"] == 6, row(table, name)["状态"]
    # the relative writes of 写到别处 landed in its own temporary folder, not here ...
    assert not (folder.parent / "成绩.csv").exists()
    # ... while 找到作业文件夹, which knew the absolute path, did overwrite files on disk: grading is no sandbox,
    # but the grades come from the copies read before any notebook ran
    assert (folder / "张三_L01.ipynb").read_bytes() != originals["张三_L01.ipynb"]


@pytest.mark.slow
def test_a_crashing_kernel_is_one_row(hostile):
    _, _, table, _, _ = hostile
    got = row(table, "内核崩溃_L01.ipynb")
    assert got["状态"] == "运行时内核崩溃，未批改" and pd.isna(got["总分"])


@pytest.mark.slow
def test_no_process_of_a_submission_outlives_the_run(hostile):
    import psutil

    _, out, _, _, _ = hostile
    alive = out / "daemon_alive.txt"
    alive.unlink(missing_ok=True)
    before = (out / CSV_NAME).read_bytes()
    time.sleep(2.5)  # the daemons would write every 0.5 s
    assert not alive.exists(), "a detached process of a submission is still running"
    assert (out / CSV_NAME).read_bytes() == before
    leftovers = [p for p in psutil.process_iter(["cmdline"]) if "daemon_alive" in " ".join(p.info["cmdline"] or [])]
    assert leftovers == []


# ---------------------------------------------------------------------------------------
# the checks must not change
# ---------------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_notebook_that_rewrites_the_checks_stops_the_run_loudly(tmp_path, monkeypatch, capsys):
    checks = tmp_path / "checks"
    shutil.copytree(CHECKS_DIR, checks, ignore=shutil.ignore_patterns("__pycache__"))
    folder = tmp_path / "作业"
    folder.mkdir()
    shutil.copy(HOSTILE / "改检查文件_L01.ipynb", folder)
    shutil.copy(GOOD / "王五_L01.ipynb", folder)
    monkeypatch.setenv("COURSE_TEST_CHECKS_DIR", str(checks))
    with pytest.raises(GradingRefused, match="L01.py"):
        grade_folder(folder, workers=1, checks=checks)
    assert not (folder / CSV_NAME).exists(), "no results are written when the checks changed"
    assert "return" in (checks / "L01.py").read_text(encoding="utf-8")  # it really was changed
    shutil.copy(CHECKS_DIR / "L01.py", checks / "L01.py")  # restored: the CLI run refuses loudly too
    assert main(["grade", str(folder), "--checks", str(checks), "--workers", "1"]) == 3
    assert "拒绝出成绩" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------
# strange files: names, other lectures, duplicated names
# ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def strange(tmp_path_factory):
    folder = tmp_path_factory.mktemp("作业")
    good = (GOOD / "张三_L01.ipynb").read_bytes()
    names = {"bytes": os.fsdecode(b"\xff\xfe\xd5\xc5\xc8\xfd.ipynb"), "long": "长" * 80 + ".ipynb",
             "formula": '=HYPERLINK("x","点我").ipynb', "bidi": "王\u202ebnypi.exe.ipynb"}
    for name in names.values():
        (folder / name).write_bytes(good)
    other = nbformat.read(ROOT / "exercises" / "L02_练习.ipynb", as_version=4)
    nbformat.write(other, folder / "钱_L02.ipynb")
    renamed = nbformat.read(GOOD / "李四_L01.ipynb", as_version=4)
    for cell in renamed.cells:
        cell.source = cell.source.replace('姓名 = "李四"', '姓名 = "=cmd|\' /C calc\'!A0"')
    nbformat.write(renamed, folder / "李四_L01.ipynb")
    table = grade_folder(folder, workers=2)
    return folder, names, table, read_csv(folder / CSV_NAME)


@pytest.mark.slow
def test_strange_file_names_are_rows_shown_readably(strange):
    _, names, table, csv = strange
    assert len(csv) == len(table) == 6
    assert "\\xff\\xfe\\xd5\\xc5\\xc8\\xfd.ipynb" in csv["文件"].tolist()  # bytes spelled out, nothing lost
    assert "长" * 80 + ".ipynb" in csv["文件"].tolist()
    assert "'=HYPERLINK(\"x\",\"点我\").ipynb" in csv["文件"].tolist()  # text for Excel, not a formula
    assert "王[U+202E]bnypi.exe.ipynb" in csv["文件"].tolist()  # the direction control is visible
    for value in csv["文件"]:
        assert "\u202e" not in value


@pytest.mark.slow
def test_another_lectures_notebook_is_named_and_not_graded(strange):
    _, _, table, _ = strange
    got = row(table, "钱_L02.ipynb")
    assert "L02" in got["状态"] and "L01" in got["状态"] and pd.isna(got["总分"])


@pytest.mark.slow
def test_same_name_twice_is_flagged_and_formula_names_are_inert(strange):
    _, _, table, csv = strange
    flagged = table[table["状态"].str.contains("姓名与")]
    assert len(flagged) == 4 and set(flagged["姓名"]) == {"张三"}
    assert row(csv, "李四_L01.ipynb")["姓名"] == "'=cmd|' /C calc'!A0"


# ---------------------------------------------------------------------------------------
# the answer data: round trip, and what a bad result line does
# ---------------------------------------------------------------------------------------

def roundtrip(value):
    return answers.decode(json.loads(json.dumps(answers.encode_all({"x": value}))))["x"]


def test_answers_round_trip_as_data():
    series = pd.Series([0.5, 0.25], index=pd.CategoricalIndex(["华东", "华南"]), name="回收率")
    assert roundtrip(series).to_dict() == {"华东": 0.5, "华南": 0.25}
    frame = pd.DataFrame({"区域": ["华东", "华南"], "人数": [3, 4], "日期": pd.to_datetime(["2024-03-05"] * 2)})
    back = roundtrip(frame)
    assert back.to_dict("list") == frame.to_dict("list") and str(back["人数"].dtype) == "int64"
    assert roundtrip(12345678901234567890123) == 12345678901234567890123
    assert roundtrip({"a", "b"}) == {"a", "b"} and roundtrip(("a", [1, None])) == ("a", [1, None])
    assert roundtrip(...) is Ellipsis and roundtrip(pd.NA) is pd.NA
    assert callable(roundtrip(len)) and type(roundtrip(object())).__name__ == "object"


def test_lying_objects_are_reported_as_plain_values():
    class Always(float):
        def __eq__(self, other):
            return True

        __hash__ = float.__hash__

    class Letter(str):
        def upper(self):
            return "C"

    assert type(roundtrip(Always(0.1))) is float and roundtrip(Always(0.1)) == 0.1
    assert type(roundtrip(Letter("A"))) is str and roundtrip(Letter("A")).upper() == "A"


def test_a_chart_answer_keeps_what_checks_read():
    ax = pd.Series([3, 5], index=["甲", "乙"]).plot.bar(title="收入", ax=matplotlib.figure.Figure().add_subplot())
    back = roundtrip(ax)
    assert chart_data(back).to_dict() == {"甲": 3.0, "乙": 5.0} and back.get_title() == "收入"
    line = pd.Series([0.2, 0.7, 1.0]).plot(use_index=False, ax=matplotlib.figure.Figure().add_subplot())
    assert chart_data(roundtrip(line.figure)).tolist() == [0.2, 0.7, 1.0]


@pytest.mark.parametrize(("stdout", "status"), [
    ("", "没有收到答案"),
    ("MARK{\"x\": \n", "无法读取"),
    ("MARK{}\nMARK{}\n", "不止一次"),
    ("MARK" + "[" * 100_000 + "]" * 100_000 + "\n", "无法读取"),
    ("MARK" + json.dumps({"x": {"t": "int", "v": "9" * 6000}}) + "\n", "无法读取"),
    ("MARK" + json.dumps({"x": {"t": "exec", "v": "import os"}}) + "\n", "无法读取"),
    ("MARK" + json.dumps({"x": {"t": "series", "index": [], "values": [{"t": "int", "v": "1"}]}}) + "\n", "无法读取"),
])
def test_a_bad_result_line_is_that_rows_status(stdout, status):
    sub = Submission("a.ipynb")
    assert _answers({"outcome": "ok", "reports": stdout.splitlines()}, "MARK", 60, sub) is None
    assert status in sub.status and not sub.graded


def test_results_csv_is_formula_safe_and_written_atomically(tmp_path):
    subs = [Submission(name, name, "L09", {"L09_q1": 1}, "已批改", True)
            for name in ["=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "@SUM(A1)", "＝1+1", "－1", "-x", "正常"]]
    subs.append(Submission("坏\x00\x1b[31m.ipynb", "坏", status="文件为空，未批改"))
    path = write_results(results_table(subs, {"L09_q1": "示例"}), tmp_path)
    text = path.read_text(encoding="utf-8-sig")
    for cell in ["'=HYPERLINK", "'+cmd", "'@SUM", "'＝1+1", "'－1", "'-x", "正常"]:
        assert cell in text
    assert "\x00" not in text and "\x1b" not in text
    assert [p.name for p in tmp_path.iterdir()] == [CSV_NAME], "no temporary file is left behind"
