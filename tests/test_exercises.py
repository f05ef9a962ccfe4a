"""Exercise sets: one master each; exercises and solutions in sync; solutions pass; blanks fail.

Also: ``check()`` never raises and never shows a traceback, whatever the trainee typed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers.course import exercises as ex
from helpers.course.grading import (
    PROMPT,
    blank_code,
    exercise_sets,
    grade_notebook,
    out_of_sync,
    solution_code,
    split_master,
)

ROOT = Path(__file__).resolve().parent.parent
SETS = exercise_sets(ROOT)
IDS = [s.lecture for s in SETS]


def sources(nb) -> list[str]:
    return [c.source for c in nb.cells]


# ---------------------------------------------------------------- master -> two versions

def test_there_are_exercise_sets_for_lectures_1_and_2():
    assert IDS[:2] == ["L01", "L02"]


def test_blank_code_replaces_solutions_with_prompts():
    master = 'n = 10\n# BEGIN SOLUTION\n份额 = n / 40\nprint(份额)\n# END SOLUTION\ncheck("L09_q1")'
    assert blank_code(master) == f'n = 10\n份额 = {PROMPT}\ncheck("L09_q1")'
    assert solution_code(master) == 'n = 10\n份额 = n / 40\nprint(份额)\ncheck("L09_q1")'
    assert blank_code('答案 = "B"  # SOLUTION\ncheck("q")') == f'答案 = {PROMPT}\ncheck("q")'
    assert blank_code("# BEGIN SOLUTION\nprint(1)\n# END SOLUTION") == "# 请在这里写代码"
    assert blank_code("x == 1  # SOLUTION") == "x == 1  # SOLUTION", "only assignments become prompts"


def test_split_master_keeps_or_drops_marked_markdown_cells():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 标题"),
                nbformat.v4.new_markdown_cell("<!-- 练习 -->\n只在练习中"),
                nbformat.v4.new_markdown_cell("<!-- 解答 -->\n**解析**：只在解答中"),
                nbformat.v4.new_code_cell("x = 1  # SOLUTION", outputs=[], execution_count=3)]
    exercise, solution = split_master(nb, "L09")
    assert sources(exercise) == ["# 标题", "只在练习中", f"x = {PROMPT}"]
    assert sources(solution) == ["# 标题", "**解析**：只在解答中", "x = 1"]
    assert exercise.metadata["course_exercise"] == {"lecture": "L09", "version": "exercise"}
    assert exercise.cells[-1].execution_count is None


def test_exercises_and_solutions_are_in_sync_with_their_masters():
    assert out_of_sync(ROOT) == [], "run: python -m helpers.course.cli build-exercises"


def test_out_of_sync_notices_an_edited_exercise(tmp_path):
    for sub in ("exercises/source", "solutions"):
        (tmp_path / sub).mkdir(parents=True)
    s = SETS[0]
    for path in (s.master, s.exercise, s.solution):
        (tmp_path / path.relative_to(ROOT)).write_bytes(path.read_bytes())
    assert out_of_sync(tmp_path) == []
    nb = nbformat.read(tmp_path / s.exercise.relative_to(ROOT), as_version=4)
    nb.cells[3].source += "\n# edited by hand"
    nbformat.write(nb, tmp_path / s.exercise.relative_to(ROOT))
    assert out_of_sync(tmp_path) == [f"exercises/{s.exercise.name} differs from exercises/source/{s.master.name}"]


@pytest.mark.parametrize("s", SETS, ids=IDS)
def test_every_question_is_asked_and_every_check_call_is_defined(s):
    master = nbformat.read(s.master, as_version=4)
    called = re.findall(r'check\("(\w+)"\)', "\n".join(c.source for c in master.cells if c.cell_type == "code"))
    defined = list(ex.questions(s.lecture))
    assert called == defined, "each question checked once, in order"
    assert len(defined) >= 4
    exercise = nbformat.read(s.exercise, as_version=4)
    prompts = "\n".join(c.source for c in exercise.cells if c.cell_type == "code")
    for q in ex.questions(s.lecture).values():
        for var in q.variables:
            assert f"{var} = {PROMPT}" in prompts, f"{q.qid}: no blank for {var}"
    assert f'progress("{s.lecture}")' in prompts


@pytest.mark.parametrize("s", SETS, ids=IDS)
def test_solutions_have_an_explanation_for_every_question(s):
    solution = nbformat.read(s.solution, as_version=4)
    explanations = [c for c in solution.cells if c.cell_type == "markdown" and c.source.startswith("**解析")]
    assert len(explanations) == len(ex.questions(s.lecture))


# ------------------------------------------------------- solutions pass, blanks fail (executed)

@pytest.mark.slow
@pytest.mark.parametrize("s", SETS, ids=IDS)
def test_solution_passes_all_its_checks(s):
    sub = grade_notebook(s.solution)
    assert sub.status == "已批改", sub.status
    assert sub.scores == {qid: 1 for qid in ex.questions(s.lecture)}


@pytest.mark.slow
@pytest.mark.parametrize("s", SETS, ids=IDS)
def test_blank_exercise_fails_every_check_without_errors(s):
    sub = grade_notebook(s.exercise)
    assert sub.status == "已批改", "the blank exercise runs top to bottom without an error"
    assert sub.scores == {qid: 0 for qid in ex.questions(s.lecture)}


@pytest.mark.parametrize("s", SETS, ids=IDS)
def test_committed_solution_outputs_show_only_passes(s):
    nb = json.loads(s.solution.read_text(encoding="utf-8"))
    shown = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])
             if "text/plain" in o.get("data", {}) and "".join(o["data"]["text/plain"]).startswith(("✓", "✗"))]
    assert len(shown) == len(ex.questions(s.lecture))
    assert all("".join(o["data"]["text/plain"]).startswith("✓ 通过") for o in shown)


# ----------------------------------------------------------------- check() never raises

WRONG_VALUES = [None, "", "abc", 0, -1, 1e9, float("nan"), [], {}, ["甲"], pd.DataFrame(), pd.Series(dtype=float),
                pd.DataFrame({"x": [1, 2]}), object()]


class Hostile:
    """An answer whose every operation raises."""

    def __getattr__(self, name):
        raise RuntimeError("boom")

    def __float__(self):
        raise RuntimeError("boom")

    def __eq__(self, other):
        raise RuntimeError("boom")

    __hash__ = None  # type: ignore[assignment]


@pytest.mark.parametrize("lecture", IDS)
def test_wrong_answers_of_any_type_never_raise_and_never_pass(lecture):
    for qid, q in ex.questions(lecture).items():
        for value in [*WRONG_VALUES, Hostile()]:
            result = ex.check(qid, {v: value for v in q.variables})
            assert result.status in ("fail", "error"), (qid, value, result)
            text = str(result) + result._repr_html_()
            assert "Traceback" not in text and re.search(r"[\u4e00-\u9fff]", result.message), (qid, result)


def test_missing_blank_unknown_and_crashing_checks_are_explained():
    assert ex.check("L01_q1", {}).status == "missing"
    assert "还没有找到变量 回收率" in ex.check("L01_q1", {}).message
    assert ex.check("L01_q1", {"回收率": ...}).status == "blank"
    assert ex.check("L99_q1", {}).status == "error" and "没有找到题目" in ex.check("L99_q1", {}).message

    @ex.question("T_crash", "会崩溃的检查", variables=("x",), hint="提示文字")
    def _crash(x):
        raise ZeroDivisionError("division by zero")

    result = ex.check("T_crash", {"x": 1})
    assert result.status == "error" and "ZeroDivisionError" in result.message and result.hint == "提示文字"
    assert "Traceback" not in str(result)


def test_result_rendering_escapes_html():
    @ex.question("T_html", "<b>标题</b>", variables=("x",))
    def _html(x):
        raise ex.Incorrect("<script>alert(1)</script>")

    html = ex.check("T_html", {"x": 1})._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_check_reads_the_callers_globals():
    global 回收率
    回收率 = 0.123
    assert ex.check("L01_q1").status == "fail"  # found (not "missing"), just wrong
    del 回收率


def test_progress_table_lists_every_question():
    p = ex.progress("L01", {})
    assert [r.qid for r in p.results] == list(ex.questions("L01"))
    assert p.passed == 0 and "已通过 0 /" in str(p) and "<table>" in p._repr_html_()


def test_expect_table_compares_labels_values_and_order():
    want = pd.DataFrame({"区域": ["华东", "华南"], "份额": [0.3, 0.2]})
    ex.expect_table(want.iloc[::-1], want, use_index=False)
    with pytest.raises(ex.Incorrect, match="缺少这些列：份额"):
        ex.expect_table(want[["区域"]], want)
    with pytest.raises(ex.Incorrect, match="行数不对"):
        ex.expect_table(want.head(1), want)
    with pytest.raises(ex.Incorrect, match="不该出现的行"):
        ex.expect_table(pd.Series([0.3, 0.2], index=["华东", "西北"]), pd.Series([0.3, 0.2], index=["华东", "华南"]))
    with pytest.raises(ex.Incorrect, match="数值不对"):
        ex.expect_table(want.assign(份额=[0.3, 0.25]), want, use_index=False)


def test_chart_data_reads_bars_and_lines():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.close("all")  # pandas draws on the current axes: start from none
    s = pd.Series([3.0, 1.0], index=["甲", "乙"])
    assert ex.chart_data(s.plot.barh()).to_dict() == {"甲": 3.0, "乙": 1.0}
    plt.close("all")
    assert ex.chart_data(s.reset_index(drop=True).plot()).tolist() == [3.0, 1.0]
    plt.close("all")
    with pytest.raises(ex.Incorrect):
        ex.chart_data("不是图")
