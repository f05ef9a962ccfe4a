"""Exercise L06 (exercises/checks/L06.py): the checks say what is wrong without giving the answer away.

The review of lecture 6 (items 5, 6, 18) found format examples that were (partly) the answer, a hint that
printed the answer's code, KISS items copied from the lecture and a judgement question with straw-man options.
These tests keep them fixed.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from helpers.course.exercises import evaluate, questions

ROOT = Path(__file__).resolve().parent.parent
MASTER = ROOT / "exercises" / "source" / "L06_master.ipynb"


@pytest.fixture(scope="module")
def checks():
    questions("L06")
    return sys.modules["course_checks_L06"]


def _message(qid: str, **answers) -> str:
    result = evaluate(qid, answers)
    return result.message


def _cells() -> list[str]:
    return ["".join(c["source"]) for c in json.loads(MASTER.read_text(encoding="utf-8"))["cells"]]


def test_format_examples_are_not_answers(checks):
    from helpers.analysis.smart import smart_check

    q2 = [{x for x in smart_check(goal).missing if x in "SMT"} for goal in checks.Q2_GOALS]
    example = [set() if e == "无" else set(e) for e in checks.Q2_FORMAT_EXAMPLE]
    assert all(a != b for a, b in zip(q2, example))
    message = _message("L06_q2", 第2题答案="MT")
    assert "这只是格式" in message and '"无"]' not in message
    six = _message("L06_q6", 第6题答案="保持")
    assert not any(word in six for word in ('"保持"', '"改进"', '"开始"', '"停止"'))
    seven = _message("L06_q7", 第7题答案="效率")
    assert "控制\"" not in seven.replace("类别\"", "")                 # no control named as an example


def test_prompts_print_no_answer_code_and_no_answer_as_example():
    text = "\n".join(c for c in _cells() if not c.startswith("<!-- 解答 -->"))
    prompts = [c for c in _cells() if c.startswith("## 第")]
    assert not any("h.reweight" in p or "h.manager_scores" in p for p in prompts)
    assert '["年度计划控制", "效率控制", "战略控制"]' not in text
    assert '["保持", "改进", "开始", "停止"]' not in text


def test_kiss_items_are_not_the_lectures_example(checks):
    lecture = (ROOT / "notebooks_src" / "06_策略创新与组织保障.md").read_text(encoding="utf-8")
    import pandas as pd

    from helpers.worksheets.kiss import kiss_example

    d = pd.DataFrame({"完成率": [0.7, 0.9], "人均客户数": [10.0, 20.0]}, index=["华北", "合计"])
    example = " ".join(item.text for items in kiss_example(d).items.values() for item in items)
    q6 = next(c for c in _cells() if c.startswith("## 第 6 题"))
    items = re.findall(r"^\d\. “([^”]+)”", q6, flags=re.M)
    assert len(items) == 4
    for item in items:
        assert item not in example and item not in lecture
    assert list(checks.Q6_ANSWER) != ["保持", "改进", "开始", "停止"]        # not simply the K-I-S-S order


def test_q1_has_no_helper_variables_in_the_blank():
    blank = json.loads((ROOT / "exercises" / "L06_练习.ipynb").read_text(encoding="utf-8"))
    q1 = next("".join(c["source"]) for c in blank["cells"] if 'check("L06_q1")' in "".join(c["source"]))
    assert q1.splitlines()[0].startswith("第1题答案 = ...") and "新得分" not in q1


@pytest.mark.parametrize("answer, reason, passed", [
    ("B", "进前三的组数最多，结论对权重不敏感", True),
    ("C", "排第一的组数多，如果公司看重经历就选他", True),
    ("B", "我觉得他人不错，比较靠谱一些", False),        # no evidence from the chart
    ("A", "销售额最高说明能力最强，应该给他", False),
    ("D", "权重可以调，调到第二名合适为止", False),
])
def test_q5_accepts_both_defensible_choices_with_evidence(answer, reason, passed):
    result = evaluate("L06_q5", {"第5题答案": answer, "第5题理由": reason})
    assert result.passed is passed, result.message


def test_q5_explains_why_the_top_seller_is_not_it():
    message = _message("L06_q5", 第5题答案="A", 第5题理由="销售额最高说明能力最强，应该给他")
    assert re.search(r"在 84 组权重里只有 \d+ 组进前三", message)
