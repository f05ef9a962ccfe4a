"""Typical slips in the exercise notebooks get a Chinese hint, never a traceback (issue 11, item 13)."""

from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient

from helpers.course import slips

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def _syntax(code: str) -> SyntaxError:
    try:
        compile(code, "<cell>", "exec")
    except SyntaxError as err:
        return err
    raise AssertionError(f"{code!r} compiles")


@pytest.mark.parametrize(("code", "wide", "ascii_"), [
    ('第3题答案 = “B”', "“ ”", '" "'),
    ("第3题答案 = ‘B’", "‘ ’", "' '"),
    ("回收率 = survey（\"responded\"）", "（ ）", "( )"),
    ('编码 = ["交期与供货"，"价格与商务"]', "，", ","),
    ('第3题答案 ＝ "B"', "＝", "="),
    ('编码 = 【"交期与供货"】', "【 】", "[ ]"),
])
def test_full_width_symbols_are_named_with_their_ascii_twin(code, wide, ascii_):
    hint = slips.hint_for(_syntax(code), code)
    assert f"{wide} 要换成英文（半角）的 {ascii_}" in hint
    assert "输入法" in hint and "Traceback" not in hint


@pytest.mark.parametrize(("name", "expected"), [
    ("B", '第3题答案 = "B"'),
    ("c", '第3题答案 = "C"'),
    ("大客户", '"大客户"'),
    ("survey", "运行上方所有单元格"),
])
def test_unquoted_answers_and_missing_variables(name, expected):
    hint = slips.hint_for(NameError(f"name '{name}' is not defined", name=name))
    assert expected in hint and re.search(r"[\u4e00-\u9fff]", hint)


def test_other_slips_have_a_plain_hint():
    assert "引号没有成对" in slips.hint_for(_syntax('第3题答案 = "B'))
    assert "括号没有成对" in slips.hint_for(_syntax("x = (1, 2"))
    assert "空格" in slips.hint_for(_syntax("x = 1\n  y = 2"))
    assert "列名" in slips.hint_for(KeyError("销售额"))
    assert "ZeroDivisionError" in slips.hint_for(ZeroDivisionError("division by zero"))


@pytest.mark.slow
def test_an_exercise_kernel_answers_slips_with_hints_not_tracebacks(tmp_path):
    """The real thing: a kernel set up like an exercise notebook, cells with the usual slips."""
    slips_cells = ['第3题答案 = B', '第3题答案 = “B”', '编码 = ["交期与供货"，"价格与商务"]', '第3题答案 ＝ "B"',
                   '客户甲 = 大客户', 'print(survey)']
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import helpers\nhelpers.setup()\nfrom helpers import check, progress\n"
                                          "helpers.start_exercises()")]
    nb.cells += [nbformat.v4.new_code_cell(code) for code in slips_cells]
    nb.cells.append(nbformat.v4.new_code_cell('第3题答案 = "B"\nprint("ok", 第3题答案)'))
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    for cell in nb.cells[1:-1]:
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert len(errors) == 1, (cell.source, cell.outputs)
        text = "\n".join(errors[0].traceback)
        assert text.startswith("⚠ 需要修改："), text
        assert "Traceback" not in text and "File " not in text and "line " not in text, text
    assert '"B"' in "".join(nb.cells[1].outputs[0].traceback)
    assert "“ ”" in "".join(nb.cells[2].outputs[0].traceback)
    assert "，" in "".join(nb.cells[3].outputs[0].traceback)
    assert "＝" in "".join(nb.cells[4].outputs[0].traceback)
    assert "运行上方所有单元格" in "".join(nb.cells[6].outputs[0].traceback)
    assert nb.cells[-1].outputs[0].text == "ok B\n"  # a corrected cell runs normally
