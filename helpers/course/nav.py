"""Header and footer links (previous · course map · next) on every course notebook.

The course is read in this order::

    00_导学 → 01 lecture → L01 练习 → 02 lecture → L02 练习 → 03 lecture → …

A solution (``solutions/L01_解答.ipynb``) is not in the reading path: its header leads back
to its exercise, and onwards to whatever follows that exercise. An exercise's footer also
links to its solution, for self-study learners.

The links sit in two Markdown cells tagged ``nav`` (the first and last cell). Running
:func:`update_all` again replaces them, so it never duplicates them. Links are relative and
percent-encoded, so they work in JupyterLab, in nbconvert's HTML and on GitHub.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import quote, unquote

from ..paths import ROOT

NAV_TAG = "nav"
COURSE_MAP = "notebooks/00_导学.ipynb"
_DIGITS = "零一二三四五六七八九十"
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def lecture_name(n: int) -> str:
    """Chinese ordinal name of lecture ``n``.

    >>> lecture_name(2), lecture_name(10)
    ('第二讲', '第十讲')
    """
    return f"第{_DIGITS[n]}讲" if 0 <= n <= 10 else f"第{n}讲"


def title_of(rel: str) -> str:
    """A short Chinese title for a course file, taken from its name.

    Args:
        rel: the path relative to the project root, with ``/``.

    Returns:
        The title shown in a link.

    >>> title_of("notebooks/01_市场诊断与数据分析.ipynb")
    '第一讲 市场诊断与数据分析'
    >>> title_of("exercises/L02_练习.ipynb"), title_of("notebooks/00_导学.ipynb")
    ('第二讲 练习', '课程导学')
    """
    stem = posixpath.basename(rel).rsplit(".", 1)[0]
    if rel == COURSE_MAP:
        return "课程导学"
    m = re.match(r"L?(\d+)_(.*)", stem)
    if not m:
        return stem
    return f"{lecture_name(int(m.group(1)))} {m.group(2)}"


def reading_order(root: Path = ROOT) -> list[str]:
    """The course files in reading order (lectures and exercises), relative to ``root``.

    An exercise is listed when its notebook or its master (``exercises/source/LNN_master.ipynb``)
    exists.

    Args:
        root: the project root.

    Returns:
        Paths relative to ``root``, with ``/``.
    """
    order = [COURSE_MAP] if (root / COURSE_MAP).exists() else []
    for lecture in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        n = int(lecture.name[:2])
        if n == 0:
            continue
        order.append(f"notebooks/{lecture.name}")
        ex = f"exercises/L{n:02d}_练习.ipynb"
        if (root / ex).exists() or (root / f"exercises/source/L{n:02d}_master.ipynb").exists():
            order.append(ex)
    return order


def solution_for(exercise: str) -> str:
    """The solution notebook of an exercise notebook.

    >>> solution_for("exercises/L01_练习.ipynb")
    'solutions/L01_解答.ipynb'
    """
    return "solutions/" + posixpath.basename(exercise).replace("_练习", "_解答")


def exercise_for(solution: str) -> str:
    """The exercise notebook of a solution notebook.

    >>> exercise_for("solutions/L01_解答.ipynb")
    'exercises/L01_练习.ipynb'
    """
    return "exercises/" + posixpath.basename(solution).replace("_解答", "_练习")


def link(src: str, dst: str) -> str:
    """A relative, percent-encoded link from file ``src`` to file ``dst`` (both root-relative).

    >>> link("exercises/L01_练习.ipynb", "notebooks/00_导学.ipynb")
    '../notebooks/00_%E5%AF%BC%E5%AD%A6.ipynb'
    """
    return quote(posixpath.relpath(dst, posixpath.dirname(src) or "."), safe="/")


def nav_text(rel: str, root: Path = ROOT, footer: bool = False) -> str:
    """The Markdown of the header (or footer) of one course file.

    Args:
        rel: the file, relative to ``root``, with ``/``.
        root: the project root.
        footer: build the footer instead of the header.

    Returns:
        One line of Markdown links.
    """
    order = reading_order(root)
    is_solution = rel.startswith("solutions/")
    anchor = exercise_for(rel) if is_solution else rel
    i = order.index(anchor) if anchor in order else -1
    prev = anchor if is_solution else (order[i - 1] if i > 0 else None)
    nxt = order[i + 1] if 0 <= i < len(order) - 1 else None
    parts = []
    if prev:
        word = "返回练习" if is_solution else "上一篇"
        parts.append(f"⬅ {word}：[{title_of(prev)}]({link(rel, prev)})")
    if rel == COURSE_MAP:
        parts.append("课程导学")
    elif prev != COURSE_MAP:  # the course map is already the previous item
        parts.append(f"[课程导学]({link(rel, COURSE_MAP)})")
    if nxt:
        parts.append(f"下一篇：[{title_of(nxt)}]({link(rel, nxt)}) ➡")
    line = "　｜　".join(parts)
    if footer and rel.startswith("exercises/"):
        sol = solution_for(rel)
        line += f"\n\n做完了？对照参考解答：[{title_of(sol)}]({link(rel, sol)})"
    return line


def _cell(text: str, which: str) -> dict:
    from nbformat import from_dict

    return from_dict({"cell_type": "markdown", "id": f"nav-{which}", "metadata": {"tags": [NAV_TAG]},
                      "source": text})


def is_nav(cell: dict) -> bool:
    """Whether a notebook cell is a navigation cell made by this module."""
    return NAV_TAG in cell.get("metadata", {}).get("tags", [])


def apply_nav(nb: dict, rel: str, root: Path = ROOT) -> dict:
    """Replace the navigation cells of notebook ``nb`` (a JSON dict) with fresh ones.

    Args:
        nb: the notebook, as loaded by ``json`` or ``nbformat``.
        rel: its path relative to ``root``.
        root: the project root.

    Returns:
        The same notebook object, changed in place.
    """
    body = [c for c in nb["cells"] if not is_nav(c)]
    nb["cells"] = [_cell(nav_text(rel, root), "top"), *body, _cell(nav_text(rel, root, footer=True), "bottom")]
    if nb.get("nbformat", 4) == 4 and nb.get("nbformat_minor", 0) < 5:
        nb["nbformat_minor"] = 5  # cell ids need nbformat 4.5
    return nb


def course_files(root: Path = ROOT) -> list[str]:
    """Every file that carries navigation: the reading order plus existing solutions."""
    files = reading_order(root)
    files += [solution_for(f) for f in files if f.startswith("exercises/")]
    return [f for f in files if (root / f).exists()]


def update_all(root: Path = ROOT, only: list[str] | None = None) -> list[str]:
    """Write fresh navigation cells into every course notebook (or only some).

    Args:
        root: the project root.
        only: root-relative paths to update; all course files when ``None``.

    Returns:
        The files that changed.
    """
    import nbformat

    changed = []
    for rel in only or course_files(root):
        path = root / rel
        nb = nbformat.read(path, as_version=4)
        before = nbformat.writes(nb)
        apply_nav(nb, rel, root)
        after = nbformat.writes(nb)
        if after != before:
            path.write_text(after + ("\n" if not after.endswith("\n") else ""), encoding="utf-8")
            changed.append(rel)
    return changed


def broken_links(rel: str, root: Path = ROOT) -> list[str]:
    """Links in the navigation cells of ``rel`` whose target file does not exist.

    Args:
        rel: the notebook, relative to ``root``.
        root: the project root.

    Returns:
        The broken link targets (empty when all resolve).
    """
    nb = json.loads((root / rel).read_text(encoding="utf-8"))
    bad = []
    for cell in filter(is_nav, nb["cells"]):
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for target in _LINK.findall(text):
            if not (root / posixpath.dirname(rel) / unquote(target)).resolve().is_file():
                bad.append(target)
    return list(dict.fromkeys(bad))
