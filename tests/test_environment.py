"""pyproject.toml is the one place versions are pinned; environment.yml must follow it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def _split(req: str) -> tuple[str, str]:
    """'pandas>=2.2; python_version<"3.11"' -> ('pandas', '>=2.2')."""
    req = req.split(";")[0].split("#")[0].strip()
    match = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    assert match, req
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(meta["dependencies"])
    for extra in meta.get("optional-dependencies", {}).values():
        reqs.extend(extra)
    return dict(_split(r) for r in reqs)


def conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    out = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            name, spec = _split(dep)
            if name not in ("python", "pip"):
                out[name] = spec
    return out


def test_environment_yml_matches_pyproject():
    pip_side, conda_side = pyproject_requirements(), conda_requirements()
    missing = sorted(set(pip_side) - set(conda_side))
    extra = sorted(set(conda_side) - set(pip_side))
    differ = {n: (pip_side[n], conda_side[n]) for n in set(pip_side) & set(conda_side)
              if pip_side[n] != conda_side[n]}
    assert not missing, f"in pyproject.toml but not environment.yml: {missing}"
    assert not extra, f"in environment.yml but not pyproject.toml: {extra}"
    assert not differ, f"minimum versions differ (pyproject, environment.yml): {differ}"


def test_every_requirement_has_a_minimum_version():
    for name, spec in pyproject_requirements().items():
        assert spec.startswith(">="), f"{name} should pin a minimum version (>=), got {spec!r}"


def test_environment_python_floor_matches_pyproject():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    python = [d for d in env["dependencies"] if isinstance(d, str) and re.match(r"python\s*[<>=]", d)]
    assert python == ["python" + meta["requires-python"]]


def test_readme_dependency_table_names_every_package():
    """Every dependency is explained in the README's Dependencies table."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Dependencies", 1)[1].split("\n## ", 1)[0]
    for name in pyproject_requirements():
        assert f"`{name}`" in section, f"README Dependencies table does not explain {name}"
