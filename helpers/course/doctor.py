"""Environment check for the course map: versions, and a widget check whose advice shows only on failure."""

from __future__ import annotations

import platform
import re
from importlib import metadata
from typing import Any

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
    ("JupyterLab 中文界面", "jupyterlab-language-pack-zh-CN"),
]

#: Shown only where a widget cannot be drawn: it is the text fallback of :func:`widget_check`'s
#: output, which JupyterLab shows instead of the slider when the widget extension is missing.
WIDGET_ADVICE = (
    "这里本应出现一个可以拖动的滑块，但浏览器没能画出它（你看到的是这段文字）。请这样处理：\n"
    "  1. 关闭这个浏览器页面，在终端按 Ctrl+C 停止，再用 python3 course.py（Windows：py course.py）重新打开；\n"
    "  2. 在菜单选择“内核” → “重启内核并运行所有单元格”（英文界面：Kernel → Restart Kernel and Run All Cells）；\n"
    "  3. 仍不行：删除课程文件夹里的 .venv 文件夹，再运行一次 python3 course.py。"
)


class WidgetCheck:
    """A slider whose text fallback is :data:`WIDGET_ADVICE` (see :func:`widget_check`)."""

    def __init__(self, widget: Any) -> None:
        self.widget = widget

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_(**kwargs))
        bundle["text/plain"] = WIDGET_ADVICE
        return bundle


def widget_check() -> WidgetCheck:
    """A slider to check that widgets work; the advice appears only when they do not.

    JupyterLab shows the slider when the widget extension works. When it cannot draw the
    widget it shows the output's text instead -- here, what to do about it, rather than
    ``IntSlider(value=3, ...)``. So the advice is seen exactly when it is needed.

    Returns:
        An object that displays as the slider (leave it as the last line of a cell).

    >>> bundle = widget_check()._repr_mimebundle_()
    >>> bundle["text/plain"] == WIDGET_ADVICE, "application/vnd.jupyter.widget-view+json" in bundle
    (True, True)
    """
    import ipywidgets as widgets

    return WidgetCheck(widgets.IntSlider(value=3, min=1, max=5, description="打分"))


#: Components the course runs without (shown as a warning, not an error, when missing).
OPTIONAL = {"jupyterlab-language-pack-zh-CN"}


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
    '✓ 正常'
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
            status = "⚠ 未安装（菜单为英文，不影响学习）" if dist in OPTIONAL else "✗ 未安装"
        elif minimum and _version_tuple(version) < _version_tuple(minimum):
            status = "⚠ 版本过低"
        else:
            status = "✓ 正常"
        rows.append({"组件": label, "版本": version, "最低要求": minimum, "状态": status})
    return pd.DataFrame(rows)
