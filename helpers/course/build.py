"""Lecture sources as text: build the executed notebooks from their MyST Markdown sources.

Every lecture and worksheet notebook under ``notebooks/`` has a text source under
``notebooks_src/`` (same tree, ``.md``, MyST Markdown as written by jupytext; the pairing is
declared once in ``pyproject.toml`` under ``[tool.jupytext]``). Authors edit the text and
reviewers read its diff; readers get the executed ``.ipynb`` with its charts.

The author's loop::

    edit notebooks_src/03_重点客户与立体策略.md
    python -m helpers.course.cli build-notebooks 03      # or no name: every notebook

:func:`build_notebook` reads the source, refreshes the navigation cells, executes the
notebook in ``notebooks/`` (charts inline), replaces the text shown for widgets before they
run (:func:`widget_placeholders`) and writes both files. :func:`out_of_sync` lists pairs
whose inputs differ (the test suite fails on any).

Why MyST Markdown rather than ``py:percent``: a lecture is mostly prose with short code
cells, so Markdown keeps the prose readable and the code in fenced ``{code-cell}`` blocks;
a ``.py`` file would turn every paragraph into comment lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..paths import ROOT

SOURCES = "notebooks_src"
FORMAT = "md:myst"
#: What an unrun notebook shows where a widget will appear (instead of ``VBox(children=...)``).
WIDGET_PLACEHOLDER = "【交互控件】运行本格（Shift + Enter）后，这里会出现可以操作的控件。"
_WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


@dataclass(frozen=True)
class Pair:
    """A notebook and its text source, as paths relative to the project root."""

    notebook: Path
    source: Path


def source_for(notebook: Path, root: Path = ROOT) -> Path:
    """The text source of a notebook under ``notebooks/``.

    Args:
        notebook: the notebook, absolute or relative to ``root``.
        root: the project root.

    Returns:
        The ``.md`` path under ``notebooks_src/`` (relative to ``root``).

    >>> source_for(Path("notebooks/worksheets/swot.ipynb")).as_posix()
    'notebooks_src/worksheets/swot.md'
    """
    rel = notebook.relative_to(root) if notebook.is_absolute() else notebook
    return Path(SOURCES, *rel.parts[1:]).with_suffix(".md")


def pairs(root: Path = ROOT) -> list[Pair]:
    """Every notebook under ``notebooks/`` with its source (which may not exist yet).

    Args:
        root: the project root.

    Returns:
        The pairs, sorted by notebook path.
    """
    notebooks = sorted(p for p in (root / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    return [Pair(p.relative_to(root), source_for(p, root)) for p in notebooks]


def _select(names: list[str] | None, root: Path) -> list[Pair]:
    every = pairs(root)
    for md in sorted((root / SOURCES).rglob("*.md")):  # sources whose notebook does not exist yet
        rel = md.relative_to(root)
        if all(p.source != rel for p in every):
            every.append(Pair(Path("notebooks", *rel.parts[1:]).with_suffix(".ipynb"), rel))
    if not names:
        return every
    chosen = [p for p in every if any(n in (p.notebook.stem, p.notebook.stem[:2], p.notebook.as_posix(),
                                            p.source.as_posix()) for n in names)]
    unknown = [n for n in names if not any(n in (p.notebook.stem, p.notebook.stem[:2], p.notebook.as_posix(),
                                                  p.source.as_posix()) for p in every)]
    if unknown:
        raise ValueError(f"没有这些笔记本：{unknown} / no such notebooks: {unknown}")
    return chosen


def widget_placeholders(nb: Any) -> int:
    """Replace every widget output with a Chinese placeholder, and drop the saved widget state.

    An executed notebook keeps, for each widget, a reference to a widget model that only
    exists while its kernel runs, and a ``text/plain`` repr such as ``VBox(children=(...))``
    that JupyterLab shows when the model is missing. The committed notebook shows a short
    instruction instead; running the cell replaces it with the live widget.

    Args:
        nb: a notebook (``nbformat`` node or JSON dict), changed in place.

    Returns:
        How many outputs were changed.

    >>> nb = {"metadata": {}, "cells": [{"cell_type": "code", "outputs": [{"output_type": "display_data",
    ...       "data": {"text/plain": "VBox(children=())", _WIDGET_MIME: {"model_id": "x"}}}]}]}
    >>> widget_placeholders(nb), nb["cells"][0]["outputs"][0]["data"] == {"text/plain": WIDGET_PLACEHOLDER}
    (1, True)
    """
    changed = 0
    for cell in nb["cells"]:
        for out in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
            data = out.get("data", {})
            if _WIDGET_MIME in data:
                out["data"] = {"text/plain": WIDGET_PLACEHOLDER}
                changed += 1
    nb["metadata"].pop("widgets", None)
    return changed


def stable_ids(nb: Any) -> None:
    """Give every cell an id derived from its position and content, so that rebuilding an
    unchanged notebook changes nothing in git.

    Args:
        nb: a notebook, changed in place.

    >>> nb = {"cells": [{"cell_type": "markdown", "source": "# 标题"}]}
    >>> stable_ids(nb); nb["cells"][0]["id"]
    'c00-54c814b9'
    """
    import hashlib

    for i, cell in enumerate(nb["cells"]):
        if cell.get("metadata", {}).get("tags") and "nav" in cell["metadata"]["tags"]:
            cell["id"] = "nav-top" if i == 0 else "nav-bottom"
            continue
        digest = hashlib.sha1(f"{cell['cell_type']}:{cell['source']}".encode()).hexdigest()[:8]
        cell["id"] = f"c{i:02d}-{digest}"


def read_source(path: Path) -> Any:
    """A notebook read from its MyST source (inputs only).

    Args:
        path: the ``.md`` file.

    Returns:
        An ``nbformat`` notebook.
    """
    import jupytext

    return jupytext.read(path, fmt=FORMAT)


def write_source(nb: Any, path: Path) -> None:
    """Write the inputs of ``nb`` as a MyST source (the canonical text form jupytext writes).

    Args:
        nb: the notebook.
        path: the ``.md`` file to write.
    """
    import jupytext

    path.parent.mkdir(parents=True, exist_ok=True)
    jupytext.write(nb, path, fmt=FORMAT)


def build_notebook(pair: Pair, root: Path = ROOT, execute: bool = True, timeout: int = 600) -> Path:
    """Build ``notebooks/X.ipynb`` from ``notebooks_src/X.md``: navigation, execution, placeholders.

    Args:
        pair: the notebook and its source.
        root: the project root.
        execute: run the notebook so that it is saved with its outputs.
        timeout: seconds allowed per cell.

    Returns:
        The notebook written.
    """
    import nbformat

    from .grading import execute_notebook
    from .nav import apply_nav

    nb = read_source(root / pair.source)
    nb.metadata.pop("jupytext", None)
    nb.metadata.setdefault("kernelspec", {"display_name": "Python 3", "language": "python", "name": "python3"})
    nb.metadata.setdefault("language_info", {"name": "python"})
    if pair.notebook.as_posix() in _course_files(root):
        apply_nav(nb, pair.notebook.as_posix(), root)
    target = root / pair.notebook
    target.parent.mkdir(parents=True, exist_ok=True)
    stable_ids(nb)
    if execute:
        nb = execute_notebook(nb, target.parent, timeout=timeout,
                              env={"MPLBACKEND": "module://matplotlib_inline.backend_inline"})
        widget_placeholders(nb)
        for cell in nb.cells:  # execution times are noise in a diff
            cell.get("metadata", {}).pop("execution", None)
    nbformat.validate(nb)
    nbformat.write(nb, target)
    write_source(nb, root / pair.source)
    return target


def _course_files(root: Path) -> set[str]:
    from .nav import course_files

    return set(course_files(root))


def build(names: list[str] | None = None, root: Path = ROOT, execute: bool = True) -> list[Path]:
    """Build some notebooks (by number ``"03"``, stem or path) or, with no names, every one.

    Args:
        names: which notebooks; ``None`` or empty for all that have a source.
        root: the project root.
        execute: run them (else only the inputs are refreshed).

    Returns:
        The notebooks written.
    """
    chosen = [p for p in _select(names, root) if (root / p.source).exists()]
    return [build_notebook(p, root, execute=execute) for p in chosen]


def export_sources(root: Path = ROOT) -> list[Path]:
    """Write (or refresh) the text source of every notebook from the notebook itself.

    Used once to create the sources, and by ``cli nav`` after it rewrote navigation cells.

    Args:
        root: the project root.

    Returns:
        The sources written.
    """
    import nbformat

    written = []
    for pair in pairs(root):
        write_source(nbformat.read(root / pair.notebook, as_version=4), root / pair.source)
        written.append(pair.source)
    return written


def refresh_source_nav(notebook: Path, root: Path = ROOT) -> Path | None:
    """Rewrite only the navigation cells of a notebook's text source (the author's text stays).

    Args:
        notebook: the notebook, relative to ``root`` (``notebooks/…``).
        root: the project root.

    Returns:
        The source written, or ``None`` when the notebook has no source yet.
    """
    from .nav import apply_nav

    source = root / source_for(notebook, root)
    if not source.exists():
        return None
    nb = read_source(source)
    apply_nav(nb, notebook.as_posix(), root)
    write_source(nb, source)
    return source


def out_of_sync(root: Path = ROOT) -> list[str]:
    """Pairs whose inputs differ (cell types, sources, tags), or whose source is missing.

    Args:
        root: the project root.

    Returns:
        One readable line per problem; empty when every pair is in sync.
    """
    import nbformat
    from jupytext.compare import NotebookDifference, compare_notebooks

    problems = []
    for pair in pairs(root):
        if not (root / pair.source).exists():
            problems.append(f"{pair.notebook.as_posix()}: no text source {pair.source.as_posix()}")
            continue
        try:
            compare_notebooks(read_source(root / pair.source), nbformat.read(root / pair.notebook, as_version=4),
                              fmt=FORMAT)
        except NotebookDifference as exc:
            first = str(exc).strip().splitlines()[:6]
            problems.append(f"{pair.notebook.as_posix()} differs from {pair.source.as_posix()}: " + " | ".join(first))
    for md in sorted((root / SOURCES).rglob("*.md")) if (root / SOURCES).exists() else []:
        rel = md.relative_to(root)
        if not any(p.source == rel for p in pairs(root)):
            problems.append(f"{rel.as_posix()}: no notebook built from it yet")
    return problems
