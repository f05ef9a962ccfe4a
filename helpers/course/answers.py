"""A trainee's answers as plain data: written in the trainee's kernel, read by the grader.

Grading never trusts the trainee's kernel with a score. The kernel only runs
:func:`report` at the end of the notebook, which turns each answer variable into JSON data
(:func:`encode`): numbers, text, lists, tables (pandas Series / DataFrame) and charts (the
bars, lines, ticks and title of a matplotlib Axes). The grader reads that data back into
equal Python objects with :func:`decode` and runs the checks itself, in its own process.

Whatever a notebook does to its own kernel -- replace ``check``, ``print`` or the
grading functions, print fake result lines, subclass ``float`` -- it can only change
which *answers* are reported, never the comparison with the expected values.

>>> import pandas as pd
>>> answers = {"回收率": 0.62, "分组": pd.Series([0.5, 0.25], index=["华东", "华南"], name="r"), "空": ...}
>>> back = decode(json.loads(json.dumps(encode_all(answers))))
>>> back["回收率"], back["分组"].to_dict(), back["空"]
(0.62, {'华东': 0.5, '华南': 0.25}, Ellipsis)
"""

from __future__ import annotations

import datetime as dt
import json
import math
import numbers
import sys
from collections.abc import Mapping
from typing import Any

#: Deepest nesting of containers kept; deeper parts are reported as too deep.
MAX_DEPTH = 12

#: Most elements of one list / table kept.
MAX_ITEMS = 2_000_000


class AnswerDataError(ValueError):
    """The reported answer data is malformed (the grader then says so for that file)."""


def _number(value: Any) -> dict[str, Any]:
    if isinstance(value, numbers.Integral):
        return {"t": "int", "v": str(int(value))}  # text: any size, no float rounding
    number = float(value)
    return {"t": "float", "v": repr(number) if math.isfinite(number) else str(number)}


def _scalar(value: Any) -> dict[str, Any] | None:
    """The encoding of a single value, or ``None`` if it is a container / object."""
    import numpy as np

    if value is None or value is Ellipsis:
        return {"t": "none" if value is None else "ellipsis"}
    pd = sys.modules.get("pandas")
    if pd is not None and (value is pd.NA or value is pd.NaT):
        return {"t": "na" if value is pd.NA else "nat"}
    if isinstance(value, (bool, np.bool_)):
        return {"t": "bool", "v": bool(value)}
    if isinstance(value, numbers.Real):
        return _number(value)
    if isinstance(value, str):
        return {"t": "str", "v": str.__str__(value)}
    if isinstance(value, (dt.datetime, dt.date, np.datetime64)):
        import pandas as pd

        stamp = pd.Timestamp(value)
        return {"t": "nat"} if stamp is pd.NaT else {"t": "ts", "v": stamp.isoformat()}
    return None


def _chart(ax: Any, depth: int) -> dict[str, Any]:
    from matplotlib.patches import Rectangle

    bars = [[float(p.get_x()), float(p.get_y()), float(p.get_width()), float(p.get_height())]
            for p in ax.patches if isinstance(p, Rectangle)]
    lines = [[[encode(v, depth + 1) for v in line.get_xdata(orig=True)],
              [encode(v, depth + 1) for v in line.get_ydata(orig=True)]] for line in ax.lines]
    return {"t": "axes", "title": str(ax.get_title()), "xlabel": str(ax.get_xlabel()), "ylabel": str(ax.get_ylabel()),
            "bars": bars, "lines": lines,
            "xticks": [float(t) for t in ax.get_xticks()], "xlabels": [t.get_text() for t in ax.get_xticklabels()],
            "yticks": [float(t) for t in ax.get_yticks()], "ylabels": [t.get_text() for t in ax.get_yticklabels()]}


def encode(value: Any, depth: int = 0) -> dict[str, Any]:
    """One answer as JSON data (runs in the trainee's kernel; never raises).

    Args:
        value: the answer.
        depth: nesting level (internal).

    Returns:
        A JSON-serialisable dict with a type tag ``t``.

    >>> encode(3), encode("B"), encode([1, "a"])["t"]
    ({'t': 'int', 'v': '3'}, {'t': 'str', 'v': 'B'}, 'list')
    """
    try:
        if depth > MAX_DEPTH:
            return {"t": "deep"}
        found = _scalar(value)
        if found is not None:
            return found
        return _container(value, depth)
    except Exception as exc:  # noqa: BLE001 - an odd object is reported as such, never breaks the report
        return {"t": "other", "type": type(value).__name__[:60], "error": type(exc).__name__}


def _container(value: Any, depth: int) -> dict[str, Any]:
    import numpy as np

    mods = sys.modules
    pd = mods.get("pandas")
    if pd is not None and isinstance(value, pd.Series):
        return {"t": "series", "name": encode(value.name, depth + 1), "dtype": str(value.dtype),
                "index": [encode(v, depth + 1) for v in _limited(value.index)],
                "values": [encode(v, depth + 1) for v in _limited(value.tolist())]}
    if pd is not None and isinstance(value, pd.DataFrame):
        return {"t": "frame", "columns": [encode(c, depth + 1) for c in value.columns],
                "dtypes": [str(d) for d in value.dtypes],
                "index": [encode(v, depth + 1) for v in _limited(value.index)],
                "data": [[encode(v, depth + 1) for v in _limited(value.iloc[:, j].tolist())]
                         for j in range(value.shape[1])]}
    if isinstance(value, np.ndarray):
        return {"t": "list", "v": [encode(v, depth + 1) for v in _limited(value.tolist())]}
    if isinstance(value, np.generic):
        return encode(value.item(), depth)
    matplotlib = mods.get("matplotlib.axes"), mods.get("matplotlib.figure")
    if matplotlib[0] is not None and isinstance(value, matplotlib[0].Axes):
        return _chart(value, depth)
    if matplotlib[1] is not None and isinstance(value, matplotlib[1].Figure):
        return {"t": "figure", "axes": [_chart(ax, depth + 1) for ax in value.axes[:20]]}
    if isinstance(value, (list, tuple, set, frozenset)):
        kind = "set" if isinstance(value, (set, frozenset)) else "tuple" if isinstance(value, tuple) else "list"
        return {"t": kind, "v": [encode(v, depth + 1) for v in _limited(value)]}
    if isinstance(value, Mapping):
        return {"t": "dict", "v": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in _limited(value.items())]}
    if callable(value):
        return {"t": "callable", "name": str(getattr(value, "__name__", ""))[:60]}
    return {"t": "other", "type": type(value).__name__[:60]}


def _limited(items: Any) -> list[Any]:
    out = []
    for n, item in enumerate(items):
        if n >= MAX_ITEMS:
            break
        out.append(item)
    return out


def encode_all(namespace: Mapping[str, Any], names: Any = None) -> dict[str, Any]:
    """The answers named ``names`` found in ``namespace`` (all of it when ``None``), encoded.

    >>> encode_all({"a": 1, "b": 2}, ["a", "c"])
    {'a': {'t': 'int', 'v': '1'}}
    """
    keys = list(namespace) if names is None else [n for n in names if n in namespace]
    return {str(k): encode(namespace[k]) for k in keys}


#: MIME type of the answers report (display data, not printed text: replacing ``print`` or
#: ``sys.stdout`` neither hides nor forges it).
MIME = "application/vnd.course.answers+json"


def report(marker: str, names: list[str], namespace: Mapping[str, Any]) -> None:
    """Publish the answers as ``marker + JSON`` (called by the grader's last cell).

    Args:
        marker: a random text the grader looks for (it appears nowhere else).
        names: the answer variables of the lecture (and ``姓名``).
        namespace: the notebook's globals.
    """
    from IPython.display import publish_display_data

    line = marker + json.dumps(encode_all(namespace, names), ensure_ascii=True, allow_nan=False)
    publish_display_data({MIME: line, "text/plain": "答案已交给批改程序"})


# ----------------------------------------------------------------------------------------
# grader side
# ----------------------------------------------------------------------------------------

def decode(data: Any) -> dict[str, Any]:
    """The answers back as Python objects (runs in the grader).

    Args:
        data: the parsed JSON object (name -> encoded value).

    Returns:
        name -> value.

    Raises:
        AnswerDataError: the data is not what :func:`encode_all` writes.

    >>> decode({"x": {"t": "float", "v": "nan"}})["x"]
    nan
    >>> decode({"x": {"t": "int"}})
    Traceback (most recent call last):
    ...
    helpers.course.answers.AnswerDataError: malformed answer data (KeyError)
    """
    if not isinstance(data, dict):
        raise AnswerDataError("answer data is not an object")
    try:
        return {str(k): _decode(v, 0) for k, v in data.items()}
    except AnswerDataError:
        raise
    except Exception as exc:  # noqa: BLE001 - any malformed structure means the same
        raise AnswerDataError(f"malformed answer data ({type(exc).__name__})") from None


class Unreadable:
    """Stands for an answer of a type the grader does not rebuild (its class name is kept)."""

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


def _opaque(type_name: str) -> Any:
    """An object whose ``type(x).__name__`` is ``type_name`` (what the checks' messages show)."""
    name = "".join(ch for ch in str(type_name) if ch.isalnum() or ch == "_")[:60] or "object"
    return type(name, (Unreadable,), {})(name)


def _decode(node: Any, depth: int) -> Any:
    if depth > MAX_DEPTH + 2 or not isinstance(node, dict):
        raise AnswerDataError("answer data nested too deeply or malformed")
    kind = node["t"]
    if kind in ("none", "ellipsis"):
        return None if kind == "none" else Ellipsis
    if kind in ("na", "nat"):
        import pandas as pd

        return pd.NA if kind == "na" else pd.NaT
    if kind == "bool":
        return bool(node["v"])
    if kind == "int":
        text = str(node["v"])
        if len(text) > 5000:
            raise AnswerDataError("integer too long")
        return int(text)
    if kind == "float":
        return float(str(node["v"]))
    if kind == "str":
        if not isinstance(node["v"], str):
            raise AnswerDataError("text expected")
        return node["v"]
    if kind == "ts":
        import pandas as pd

        return pd.Timestamp(str(node["v"]))
    if kind in ("list", "tuple", "set"):
        items = [_decode(v, depth + 1) for v in _items(node["v"])]
        return {"list": list, "tuple": tuple, "set": _set}[kind](items)
    if kind == "dict":
        return {_hashable(_decode(k, depth + 1)): _decode(v, depth + 1) for k, v in _items(node["v"])}
    if kind == "series":
        return _series(node, depth)
    if kind == "frame":
        return _frame(node, depth)
    if kind == "axes":
        return _axes(node)
    if kind == "figure":
        from matplotlib.figure import Figure

        fig = Figure()
        for ax in _items(node["axes"]):
            _axes(ax, fig)
        return fig
    if kind == "callable":
        def answer_function() -> None:  # the trainee's answer was a function (e.g. .mean without ())
            return None
        return answer_function
    if kind == "deep":
        return _opaque("nested_too_deep")
    if kind == "other":
        return _opaque(node.get("type", "object"))
    raise AnswerDataError(f"unknown answer type {str(kind)[:20]!r}")


def _items(value: Any) -> list[Any]:
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise AnswerDataError("list expected")
    return value


def _set(items: list[Any]) -> set[Any]:
    return {_hashable(v) for v in items}


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


_SAFE_DTYPES = {"int64", "float64", "bool", "boolean", "Int64", "Float64", "object", "str", "string",
                "int32", "float32", "category"}


def _typed(values: list[Any], dtype: str) -> Any:
    import pandas as pd

    series = pd.Series(values, dtype=object)
    if dtype in _SAFE_DTYPES and dtype not in ("object",):
        try:
            return series.astype(dtype)
        except (TypeError, ValueError):
            return series
    if dtype.startswith("datetime64"):
        try:
            return pd.to_datetime(series)
        except (TypeError, ValueError):
            return series
    try:
        return series.infer_objects()
    except (TypeError, ValueError):  # pragma: no cover
        return series


def _series(node: dict[str, Any], depth: int) -> Any:
    import pandas as pd

    values = [_decode(v, depth + 1) for v in _items(node["values"])]
    index = [_hashable(_decode(v, depth + 1)) for v in _items(node["index"])]
    if len(index) != len(values):
        raise AnswerDataError("series index and values differ in length")
    series = _typed(values, str(node.get("dtype", "object")))
    series.index = pd.Index(index, dtype=object).infer_objects() if index else pd.RangeIndex(0)
    series.name = _hashable(_decode(node["name"], depth + 1))
    return series


def _frame(node: dict[str, Any], depth: int) -> Any:
    import pandas as pd

    columns = [_hashable(_decode(c, depth + 1)) for c in _items(node["columns"])]
    data = _items(node["data"])
    dtypes = _items(node.get("dtypes", ["object"] * len(columns)))
    index = [_hashable(_decode(v, depth + 1)) for v in _items(node["index"])]
    if not (len(columns) == len(data) == len(dtypes)):
        raise AnswerDataError("frame columns and data differ in length")
    parts = []
    for column, dtype in zip(data, dtypes):
        values = [_decode(v, depth + 1) for v in _items(column)]
        if len(values) != len(index):
            raise AnswerDataError("frame column length differs from its index")
        parts.append(_typed(values, str(dtype)).reset_index(drop=True))
    frame = pd.concat(parts, axis=1, ignore_index=True) if parts else pd.DataFrame(index=range(len(index)))
    frame.columns = pd.Index(columns, dtype=object)
    frame.index = pd.Index(index, dtype=object).infer_objects() if index else pd.RangeIndex(0)
    return frame


def _axes(node: dict[str, Any], fig: Any = None) -> Any:
    """A matplotlib Axes with the same bars, lines, tick labels and title (what checks read)."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    if node.get("t") != "axes":
        raise AnswerDataError("chart expected")
    fig = fig if fig is not None else Figure()
    ax = fig.add_subplot(len(fig.axes) + 1, 1, len(fig.axes) + 1) if fig.axes else fig.add_subplot()
    for x, y, w, h in _items(node["bars"]):
        ax.add_patch(Rectangle((float(x), float(y)), float(w), float(h)))
    for xs, ys in _items(node["lines"]):
        ax.add_line(Line2D([_decode(v, 1) for v in _items(xs)], [_decode(v, 1) for v in _items(ys)]))
    ax.set_xticks([float(t) for t in _items(node["xticks"])])
    ax.set_xticklabels([str(t) for t in _items(node["xlabels"])][: len(node["xticks"])])
    ax.set_yticks([float(t) for t in _items(node["yticks"])])
    ax.set_yticklabels([str(t) for t in _items(node["ylabels"])][: len(node["yticks"])])
    ax.set_title(str(node.get("title", "")))
    ax.set_xlabel(str(node.get("xlabel", "")))
    ax.set_ylabel(str(node.get("ylabel", "")))
    return ax
