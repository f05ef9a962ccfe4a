"""Every notebook follows the course's conventions (shape, set-up cell, committed executed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from labdriver import EMOJI

ROOT = Path(__file__).resolve().parent.parent
LECTURES = sorted((ROOT / "notebooks").glob("0[0-9]_*.ipynb"))


def _notebooks(folder: str) -> list[Path]:
    """Notebooks under a top-level folder, leaving out checkpoints and exercise masters."""
    return sorted(p for p in (ROOT / folder).rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts and "source" not in p.parts)


# Lectures, worksheets and solutions are committed executed so that readers see the charts;
# exercises are committed blank.
EXECUTED = _notebooks("notebooks") + _notebooks("solutions")
ALL_NOTEBOOKS = EXECUTED + _notebooks("exercises")


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_there_are_lecture_notebooks():
    assert len(LECTURES) >= 3, [p.name for p in LECTURES]


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.name)
def test_lecture_shape(path):
    """学习目标 → … → 小结 → 练习, in this order, as headings."""
    headings = [line for c in cells(path) if c["cell_type"] == "markdown"
                for line in source(c).splitlines() if line.startswith("#")]
    order = []
    for key in ("学习目标", "小结", "练习"):
        hits = [i for i, h in enumerate(headings) if key in h]
        assert hits, f"{path.name}: no heading containing {key!r}"
        order.append(hits[0] if key == "学习目标" else hits[-1])
    assert order == sorted(order), f"{path.name}: headings out of order: {headings}"


@pytest.mark.parametrize("path", [p for p in ALL_NOTEBOOKS], ids=lambda p: str(p.relative_to(ROOT)))
def test_first_code_cell_sets_up_helpers(path):
    code = [source(c) for c in cells(path) if c["cell_type"] == "code"
            and "nav" not in c.get("metadata", {}).get("tags", [])]
    assert code, f"{path} has no code"
    assert "import helpers" in code[0] and "helpers.setup()" in code[0], code[0]


@pytest.mark.parametrize("path", EXECUTED, ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_executed_without_errors(path):
    code = [c for c in cells(path) if c["cell_type"] == "code"]
    assert any(c.get("outputs") for c in code), f"{path} is committed without outputs"
    for c in code:
        for out in c.get("outputs", []):
            assert out.get("output_type") != "error", f"{path}: error output {out.get('ename')}"
            text = "".join(out.get("text", "")) if out.get("output_type") == "stream" else ""
            assert not re.search(r"Glyph \d+|findfont|Traceback", text), f"{path}: {text[:200]}"
            assert out.get("name") != "stderr" or not text.strip(), f"{path}: stderr output {text[:200]}"


# ---------------------------------------------------------------------------------------------
# What a trainee reads: short code cells that call helpers, and text sources for authors
# ---------------------------------------------------------------------------------------------

NOTEBOOKS = _notebooks("notebooks")
MAX_CELL_LINES = 10


def _code_cells(path: Path) -> list[str]:
    return [source(c) for c in cells(path)
            if c["cell_type"] == "code" and "nav" not in c.get("metadata", {}).get("tags", [])]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_code_cells_are_short_helper_calls(path):
    """A trainee reads every code cell: at most 10 lines each, and no drawing code of its own."""
    long = [(i, len(c.strip().splitlines())) for i, c in enumerate(_code_cells(path))
            if len(c.strip().splitlines()) > MAX_CELL_LINES]
    assert not long, f"{path.name}: code cells longer than {MAX_CELL_LINES} lines (cell, lines): {long}"
    drawing = re.compile(r"\bplt\.|import matplotlib|\.plot\(|\.subplots\(")
    raw = [i for i, c in enumerate(_code_cells(path)) if drawing.search(c)]
    assert not raw, f"{path.name}: raw matplotlib in code cells {raw}; put the chart in helpers/charts/"


def test_every_notebook_has_a_text_source_in_sync():
    """notebooks/X.ipynb and notebooks_src/X.md have the same cells (README: the author's loop)."""
    from helpers.course.build import out_of_sync

    problems = out_of_sync(ROOT)
    assert not problems, "\n".join(problems) + "\n→ python -m helpers.course.cli build-notebooks"


# Linux and many company laptops have no colour-emoji font: an emoji shows as an empty box.
# The browser suite catches it too, but only after minutes; this catches it in the text.
TRAINEE_TEXT = [*ALL_NOTEBOOKS, *sorted((ROOT / "notebooks_src").glob("*.md")),
                *sorted((ROOT / "notebooks").glob("*.md")), ROOT / "README.md"]


@pytest.mark.parametrize("path", TRAINEE_TEXT, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_emoji_in_what_trainees_read(path):
    found = [(n, line.strip()[:60]) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if EMOJI.search(line)]
    assert not found, f"emoji (shown as a box without an emoji font); use a text mark such as ✓ ✗ ○ ⚠: {found[:5]}"
