"""Lectures 1-2 as a trainee reads them, and their exercises' checks on hand-made answers (review of L01/L02)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from helpers.course.exercises import evaluate

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0[012]_*.ipynb"))


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_show_is_displayed(path):
    """Review L1 must 2: show(...) that is not the last line of a cell builds a table nobody sees."""
    for i, cell in enumerate(_cells(path)):
        if cell["cell_type"] != "code" or not re.search(r"(^|[^.\w])show\(", _source(cell)):
            continue
        html = [o for o in cell.get("outputs", []) if "text/html" in o.get("data", {})]
        shows = len(re.findall(r"(^|[^.\w])show\(", _source(cell), flags=re.M))
        assert len(html) >= shows, f"{path.name} cell {i}: {shows} show() call(s), {len(html)} table(s) displayed"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_table_headers_have_no_internal_names(path):
    """Review L2 must 10: customer_id, 销售额_万元, 近12月_万元 … in tables a trainee reads."""
    for i, cell in enumerate(_cells(path)):
        for out in cell.get("outputs", []):
            html = "".join(out.get("data", {}).get("text/html", ""))
            html = re.sub(r"<style.*?</style>", "", html, flags=re.S)
            for header in re.findall(r"<th[^>]*>(.*?)</th>", html, flags=re.S):
                text = re.sub(r"<.*?>|&\w+;", "", header).strip()
                assert not re.search(r"[a-z_]", text), f"{path.name} cell {i}: header {text!r}"


def _ns(**answers):
    return answers


def test_l01_rounded_answers_pass_and_near_misses_get_a_specific_message():
    """Review L1 must 6: 0.43 (true 0.432) was called 偏小了."""
    import helpers

    s = helpers.load_case("survey", chinese=True)
    rate = s["是否回复"].mean()
    assert evaluate("L01_q1", _ns(回收率=round(rate, 2))).status == "pass"
    near = evaluate("L01_q1", _ns(回收率=rate - 0.007))
    assert near.status != "pass" and "多保留一位小数" in near.message
    assert "放反" in evaluate("L01_q1", _ns(回收率=1 / rate)).message


def test_l01_group_rates_accept_the_lecture_helper():
    """Review L1 should 14: the lecture shows sv.response_rate, so the exercise accepts its table."""
    import helpers
    from helpers.analysis import survey as sv

    s = helpers.load_case("survey", chinese=True)
    table = sv.response_rate(s, responded="是否回复", by="客户分组")
    assert evaluate("L01_q2", _ns(分组回收率=table)).status == "pass"
    assert evaluate("L01_q2", _ns(分组回收率=table["回收率"].drop(index="合计"))).status == "pass"
    only_total = sv.response_rate(s, responded="是否回复")
    assert "分组" in evaluate("L01_q2", _ns(分组回收率=only_total)).message


def test_l01_hints_give_the_idea_not_the_code():
    """Review L1 must 5: hints spelt out '(分数 <= 6).mean()' and '.dropna() … >= 4'."""
    from helpers.course.exercises import questions

    for q in questions("L01").values():
        assert not re.search(r"\.mean\(|\.dropna\(|<=|>=|\(分数", q.hint), (q.qid, q.hint)


def test_l01_region_question_accepts_any_region_with_a_reason():
    """Review L1 should 15: only the lowest growth gap passed, which made a judgement a lookup."""
    reason = "份额高但在跑输市场，要去现场看看是谁在抢我们的客户"
    assert evaluate("L01_q7", _ns(第7题区域="华南", 第7题理由=reason)).status == "pass"
    assert evaluate("L01_q7", _ns(第7题区域="华北", 第7题理由=reason)).status == "pass"
    assert evaluate("L01_q7", _ns(第7题区域="火星", 第7题理由=reason)).status != "pass"
    assert evaluate("L01_q7", _ns(第7题区域="华南", 第7题理由="华南")).status != "pass"


def test_l02_pareto_chart_title_must_state_the_finding():
    """Review L2 should 16: the lecture's chart helper is accepted; the title must say the share."""
    import matplotlib.pyplot as plt

    import helpers
    from helpers import charts
    from helpers.analysis import accounts as cu

    orders, customers = helpers.load_case("orders"), helpers.load_case("customers")
    year = orders[orders["order_date"].dt.year == 2024]
    sales = year.groupby("customer_id")["amount"].sum().reindex(customers["customer_id"], fill_value=0) / 1e4
    buyers = cu.buyers_only(sales.sort_values(ascending=False))
    share = cu.top_share(buyers, 0.2)
    good = charts.plot_pareto(buyers, title=f"2024 年前 20% 的客户贡献了 {share:.1%} 的销售额")
    assert evaluate("L02_q2", _ns(图=good)).status == "pass"
    vague = charts.plot_pareto(buyers, title="2024 年帕累托图")
    assert "发现" in evaluate("L02_q2", _ns(图=vague)).message
    everyone = charts.plot_pareto(pd.concat([buyers, pd.Series(0.0, index=["无1"])]), title=f"前 20% 贡献 {share:.1%}")
    assert evaluate("L02_q2", _ns(图=everyone)).status == "pass"     # zeros are left out by the helper itself
    plt.close("all")


def test_l02_headroom_is_the_answer_for_taking_share():
    """Review L2 must 3: option B is 增长空间, the measure of what the customer still buys elsewhere."""
    reason = "多拿份额要看客户还有多少采购给了别家"
    assert evaluate("L02_q6", _ns(第6题答案="B", 第6题理由=reason)).status == "pass"
    assert evaluate("L02_q6", _ns(第6题答案="A", 第6题理由=reason)).status != "pass"
    assert evaluate("L02_q4", _ns(客户甲="潜力客户", 客户乙="大客户", 客户丙="普通客户")).status == "pass"
