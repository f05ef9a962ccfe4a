"""Environment check for the course map: versions, and what to do when widgets do not show."""

from __future__ import annotations

import platform
import re
from importlib import metadata

#: The distribution name of this course in pyproject.toml.
DISTRIBUTION = "yonghu-jingying-course"

#: Components the course map reports, as (label, distribution name).
COMPONENTS = [
    ("Python", None),
    ("pandas", "pandas"),
    ("ipywidgets", "ipywidgets"),
    ("JupyterLab", "jupyterlab"),
    ("matplotlib", "matplotlib"),
    ("seaborn", "seaborn"),
    ("voila", "voila"),
]

WIDGET_ADVICE = (
    "如果下面的滑块显示成一行文字（例如 IntSlider(value=3, ...)）而不是可以拖动的滑块：\n"
    "  1. 关闭这个浏览器页面，在终端按 Ctrl+C 停止，再用 `python3 course.py`（Windows：`py course.py`）重新打开；\n"
    "  2. 在菜单选择 Kernel → Restart Kernel and Run All Cells；\n"
    "  3. 仍不行：删除课程文件夹里的 .venv 文件夹，再运行一次 `python3 course.py`。\n"
    "[EN] If the slider below shows as text (IntSlider(value=3, ...)): reopen the course with "
    "`python3 course.py`, then Restart Kernel and Run All Cells; if it persists, delete .venv and run again."
)


def _version_tuple(text: str) -> tuple[int, ...]:
    """'3.11.2rc1' -> (3, 11, 2).

    >>> _version_tuple("8.1.9")
    (8, 1, 9)
    """
    return tuple(int(p) for p in re.findall(r"\d+", text)[:3])


def minimum_versions() -> dict[str, str]:
    """Minimum versions the course asks for, read from the installed package metadata.

    Returns:
        A mapping of distribution name to minimum version, e.g. ``{"pandas": "2.2", ...}``
        (empty when the course package is not installed).

    >>> minimum_versions().get("pandas")
    '2.2'
    """
    try:
        requires = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        return {}
    out = {}
    for req in requires:
        match = re.match(r"^([A-Za-z0-9_.\-]+)\s*>=\s*([\d.]+)", req)
        if match and "extra ==" not in req:
            out[match.group(1).lower()] = match.group(2)
    return out


def environment_report():
    """A table of the course's key components, their versions and whether they are recent enough.

    Returns:
        A pandas DataFrame with columns 组件, 版本, 最低要求, 状态.

    >>> report = environment_report()
    >>> list(report.columns)
    ['组件', '版本', '最低要求', '状态']
    >>> report.loc[report["组件"] == "Python", "状态"].item()
    '✅'
    """
    import pandas as pd

    minimums = minimum_versions()
    rows = []
    for label, dist in COMPONENTS:
        if dist is None:
            version, minimum = platform.python_version(), "3.10"
        else:
            try:
                version = metadata.version(dist)
            except metadata.PackageNotFoundError:
                version = ""
            minimum = minimums.get(dist, "")
        if not version:
            status = "❌ 未安装 / not installed"
        elif minimum and _version_tuple(version) < _version_tuple(minimum):
            status = "⚠️ 版本过低 / too old"
        else:
            status = "✅"
        rows.append({"组件": label, "版本": version, "最低要求": minimum, "状态": status})
    return pd.DataFrame(rows)
