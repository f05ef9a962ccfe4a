"""The shape of helpers/: layers that only import downwards, a linter, small modules, documented functions.

The contracts themselves are in pyproject.toml ([tool.importlinter], [tool.ruff]); the map
for newcomers is helpers/README.md.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HELPERS = ROOT / "helpers"
LAYERS = ("data", "analysis", "charts", "widgets", "worksheets", "course")
MAX_TOP_LEVEL_FILES = 8
MAX_MODULE_LINES = 600


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    """Run import-linter on the package under ``root`` (with that folder's pyproject.toml)."""
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"
    return subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=300)


def test_import_contracts_are_kept():
    """course > worksheets > widgets > charts > analysis > data > core; analysis draws nothing."""
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout, result.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("analysis/rfm.py", "from ..charts import plot_pareto\n", "helpers layers"),          # upward import
    ("data/cases.py", "from ..course import nav\n", "helpers layers"),                      # upward, two layers
    ("analysis/survey.py", "import matplotlib.pyplot as plt\n", "no matplotlib"),           # drawing in analysis
])
def test_a_deliberate_violation_breaks_the_contract(tmp_path, module, line, contract):
    """The contract is not vacuous: one bad import in a copy of the package makes it fail."""
    shutil.copytree(HELPERS, tmp_path / "helpers", ignore=shutil.ignore_patterns("fonts", "__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "helpers" / module
    text = target.read_text(encoding="utf-8")
    marker = "from __future__ import annotations\n"
    target.write_text(text.replace(marker, marker + line, 1), encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout
    assert contract in result.stdout and "BROKEN" in result.stdout, result.stdout


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_top_level_is_small_and_every_role_has_its_package():
    top = sorted(p.name for p in HELPERS.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_FILES, top
    for layer in LAYERS:
        init = HELPERS / layer / "__init__.py"
        assert init.is_file(), f"helpers/{layer}/ is not a package"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"helpers/{layer}/__init__.py: no docstring"


def _modules() -> list[Path]:
    return sorted(p for p in HELPERS.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(HELPERS)))
def test_module_is_small_and_documented(path):
    text = path.read_text(encoding="utf-8")
    lines = text.count("\n")
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it along a seam"
    assert ast.get_docstring(ast.parse(text)), f"{path.relative_to(ROOT)} has no module docstring"


def _public_functions(layer: str) -> list[tuple[Path, ast.FunctionDef]]:
    out = []
    for path in sorted((HELPERS / layer).rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                out.append((path, node))
    return out


@pytest.mark.parametrize("layer", ["data", "analysis"])
def test_pure_functions_have_args_returns_and_an_example(layer):
    """Every public function of the pure layers says what it takes and returns, and shows it (a doctest)."""
    missing = []
    for path, node in _public_functions(layer):
        doc = ast.get_docstring(node) or ""
        lacks = [part for part, ok in (("docstring", bool(doc)), ("Returns", "Returns:" in doc or "Yields:" in doc),
                                        (">>> example", ">>>" in doc)) if not ok]
        if node.args.args and "Args:" not in doc:
            lacks.append("Args")
        if lacks:
            missing.append(f"{path.relative_to(ROOT)}::{node.name} lacks {', '.join(lacks)}")
    assert not missing, "\n".join(missing)
