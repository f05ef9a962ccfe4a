"""What every widget shares: escaping user text, CSS classes, a problem box.

Any text that came from a user (a file name, a cell value, a worksheet entry) goes
through :func:`html_text` before it is put into an ``ipywidgets.HTML``.
"""

from __future__ import annotations

import html
from typing import Any


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



def html_text(text: str) -> str:
    """HTML-escape ``text`` and keep its line breaks.

    >>> html_text("<script>\\n")
    '&lt;script&gt;<br>'
    """
    return html.escape(text).replace("\n", "<br>")



def problem_html(text: str) -> str:
    """``text`` escaped (see :func:`html_text`) in the red of the widgets' problem lines.

    >>> problem_html("请先<输入>")
    "<span style='color:#c62828'>请先&lt;输入&gt;</span>"
    """
    return f"<span style='color:#c62828'>{html_text(text)}</span>"
