"""我的课程成果 puts 我的行动计划 first, then the worksheets in lecture order; every kind exports to Excel."""

from __future__ import annotations

import re

import pytest

from helpers.worksheets.export import export_report, export_worksheet
from helpers.worksheets.model import KINDS, kind_class
from helpers.worksheets.storage import save_worksheet, worksheet_path


def test_report_starts_with_my_action_plan_then_lecture_order(work_dir):
    for kind in ("ansoff", "swot", "my_action_plan", "decision_map"):
        ws = kind_class(kind)(title=f"标题-{kind}")
        save_worksheet(ws, worksheet_path(kind, folder=work_dir))
    html = export_report(work_dir).read_text(encoding="utf-8")
    positions = [html.index(f"标题-{k}") for k in ("my_action_plan", "swot", "decision_map", "ansoff")]
    assert positions == sorted(positions), positions


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_exports_to_excel_with_a_legal_sheet_name(work_dir, kind):
    from openpyxl import load_workbook

    path = export_worksheet(kind_class(kind)(title="空白"), "xlsx", folder=work_dir)
    title = load_workbook(path).active.title
    assert title and not re.search(r"[\\/?*\[\]:]", title) and len(title) <= 31
