"""Committed notebooks show a Chinese placeholder where a widget will appear, never its repr (issue 11, item 18)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers.course import doctor
from helpers.course.build import WIDGET_PLACEHOLDER

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p for folder in ("notebooks", "solutions") for p in (ROOT / folder).rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)
#: The start of an ipywidgets repr: IntSlider(value=3, ...), VBox(children=(...)), interactive(...).
WIDGET_REPR = re.compile(r"^\s*(?:[A-Z][A-Za-z]*(?:Slider|Box|Dropdown|Button|Text|Area|Upload|Picker|HTML|Image|"
                         r"Output|Label|Checkbox|Select\w*|Tab|Accordion|Progress\w*)|VBox|HBox|GridBox|interactive)\(")


def _plain_outputs(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        for o in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
            text = o.get("data", {}).get("text/plain", "")
            out.append("".join(text) if isinstance(text, list) else text)
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_widget_repr_in_committed_notebooks(path):
    reprs = [t[:60] for t in _plain_outputs(path) if WIDGET_REPR.match(t)]
    assert not reprs, f"{path.name}: widget repr text {reprs}; rebuild with build-notebooks"
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert "widgets" not in nb.get("metadata", {}), "saved widget state left in the notebook"


def test_the_lectures_show_the_placeholder_where_widgets_are():
    for name in ("00_导学.ipynb", "02_市场洞察与客户分类.ipynb"):
        assert WIDGET_PLACEHOLDER in _plain_outputs(ROOT / "notebooks" / name), name


def test_widget_advice_appears_only_when_the_widget_fails():
    """The advice is the widget's text fallback: JupyterLab shows it only if it cannot draw the slider."""
    bundle = doctor.widget_check()._repr_mimebundle_()
    assert bundle["text/plain"] == doctor.WIDGET_ADVICE
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"]
    assert "[EN]" not in doctor.WIDGET_ADVICE and "course.py" in doctor.WIDGET_ADVICE
    src = (ROOT / "notebooks_src" / "00_导学.md").read_text(encoding="utf-8")
    assert "print(WIDGET_ADVICE)" not in src and "widget_check()" in src


def test_pattern_matches_the_reprs_it_must_catch():
    for text in ("IntSlider(value=3, description='打分')", "VBox(children=(Dropdown(",
                 "interactive(children=(", "HBox(children=())"):
        assert WIDGET_REPR.match(text), text
    assert not WIDGET_REPR.match(WIDGET_PLACEHOLDER) and not WIDGET_REPR.match("Text of a table")
