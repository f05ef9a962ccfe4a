"""The helpers package: cheap to import, every advertised name resolves and is documented."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys

import helpers


def test_import_is_lazy_and_changes_nothing():
    code = (
        "import sys, helpers\n"
        "heavy = [m for m in ('pandas', 'matplotlib', 'seaborn', 'ipywidgets', 'numpy') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"import helpers pulled in: {out.stdout.strip()}"


def test_every_export_resolves_and_has_a_docstring():
    for name in helpers.__all__:
        obj = getattr(helpers, name)
        if callable(obj):
            assert inspect.getdoc(obj), f"helpers.{name} has no docstring"


def test_every_module_has_a_docstring():
    for name in sorted({m for m in helpers._EXPORTS.values()}):
        module = importlib.import_module(f"helpers.{name}")
        assert inspect.getdoc(module), f"helpers/{name}.py has no module docstring"


def test_unknown_name_is_an_attribute_error():
    try:
        helpers.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")
