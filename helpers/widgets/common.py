"""What every widget shares: escaping user text, CSS classes, a problem box.

Any text that came from a user (a file name, a cell value, a worksheet entry) goes
through :func:`html_text` before it is put into an ``ipywidgets.HTML`` (or into any other
HTML): it is escaped, control characters become ``�`` and invisible direction controls
(U+202E ...) are shown as ``[U+202E]``. File names go through :func:`name_html`, which also
spells out bytes that are not UTF-8.
"""

from __future__ import annotations

import html
from typing import Any

from ..data.safe_text import shown_name, visible_text


def styled(widget: Any, *classes: str) -> Any:
    """Add CSS classes to a widget and return it (for one-line construction).

    >>> class W:
    ...     def __init__(self): self.c = []
    ...     def add_class(self, c): self.c.append(c)
    >>> styled(W(), "ws-a", "ws-b").c
    ['ws-a', 'ws-b']
    """
    for c in classes:
        widget.add_class(c)
    return widget


def html_text(text: Any) -> str:
    """``text`` as inert HTML: escaped, line breaks kept, hidden characters made visible.

    Args:
        text: user text (anything else is turned into text; ``None`` gives ``""``).

    Returns:
        HTML that shows exactly the characters of ``text``.

    >>> html_text("<script>\\n")
    '&lt;script&gt;<br>'
    >>> html_text('<img src=x onerror="alert(1)">\\u202e\\x1b')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;[U+202E]\ufffd'
    """
    return html.escape(visible_text(text), quote=True).replace("\r\n", "\n").replace("\n", "<br>")


def name_html(name: Any) -> str:
    """A file name as inert, one-line HTML (see :func:`helpers.data.safe_text.shown_name`).

    Args:
        name: a file name (``str`` or ``bytes``).

    Returns:
        The escaped HTML.

    >>> name_html("<b>订单</b>.csv")
    '&lt;b&gt;订单&lt;/b&gt;.csv'
    """
    return html.escape(shown_name(name), quote=True)


def problem_html(text: str) -> str:
    """``text`` escaped (see :func:`html_text`) in the red of the widgets' problem lines.

    >>> problem_html("请先<输入>")
    "<span style='color:#c62828'>请先&lt;输入&gt;</span>"
    """
    return f"<span style='color:#c62828'>{html_text(text)}</span>"
