"""What all charts share: the Chinese chart style, new axes, the empty-chart message, PNG bytes.

:func:`chart_style` draws with the bundled Chinese font and a fixed look, whatever the
caller's matplotlib settings, under one lock (matplotlib is not thread-safe and autosave
renders on a timer thread). :func:`png_bytes` renders a figure to PNG.
"""

from __future__ import annotations

import contextlib
import io
import threading
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

_RENDER_LOCK = threading.RLock()



@contextlib.contextmanager
def chart_style() -> Iterator[None]:
    """Draw the worksheet pictures the same way everywhere, with Chinese, one at a time.

    Inside the block matplotlib has its default look plus the course's bundled Chinese
    font (see :mod:`helpers.style`), whether or not :func:`helpers.setup` was called -- so
    a picture exported by a script looks like the one in the notebook. Drawings take turns
    (the autosave thread redraws too), and a character no font has (a rare emoji, say) is
    drawn as a box without a warning.

    >>> from matplotlib.figure import Figure
    >>> with chart_style():
    ...     Figure().text(0, 0, "中文").get_fontfamily()[0]
    'Course Sans SC'
    """
    import matplotlib as mpl
    import matplotlib.style

    from .. import style

    families = style.register_fonts()
    with _RENDER_LOCK, warnings.catch_warnings(), matplotlib.style.context("default"), \
            mpl.rc_context({"font.family": families, "font.sans-serif": families, "axes.unicode_minus": False}):
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph.*missing")
        yield



def png_bytes(fig: Any, dpi: int = 110) -> bytes:
    """Render a matplotlib Figure to PNG bytes (white background), in :func:`chart_style`.

    Create the figure inside ``with chart_style():`` too, so that its text gets the font.

    Args:
        fig: the figure.
        dpi: resolution.

    Returns:
        The PNG file's bytes.

    >>> from matplotlib.figure import Figure
    >>> png_bytes(Figure(figsize=(1, 1)), dpi=10)[:4]
    b'\\x89PNG'
    """
    buf = io.BytesIO()
    with chart_style():
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def axes_or_new(ax: Axes | None, size: tuple[float, float], **options: Any) -> Axes:
    """``ax``, or the axes of a new figure of ``size`` inches when ``ax`` is ``None``.

    Args:
        ax: axes to draw on, or ``None``.
        size: (width, height) of the new figure in inches.
        options: passed to ``plt.subplots`` for a new figure (e.g. ``layout="constrained"``).

    Returns:
        The axes to draw on.

    >>> axes_or_new(None, (4, 3)).figure.get_size_inches().tolist()
    [4.0, 3.0]
    """
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=size, **options)[1]


def placeholder(text: str, title: str | None = None, ax: Axes | None = None) -> Figure:
    """An empty chart that says why it is empty (instead of an error, or a blank frame, on empty input).

    Args:
        text: the message, e.g. "没有停滞的商机".
        title: the chart's title.
        ax: axes to draw on (default: a new, low figure).

    Returns:
        The figure.

    >>> from matplotlib.figure import Figure
    >>> placeholder("暂无数据", ax=Figure().add_subplot()).axes[0].texts[0].get_text()
    '暂无数据'
    """
    ax = axes_or_new(ax, (8, 2.2))
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=13, color="#555555", transform=ax.transAxes)
    if title:
        ax.set_title(title)
    return ax.figure
