"""Chinese in every chart: the bundled font, a seaborn theme and friendly error display.

The project ships its own Simplified Chinese font, *Course Sans SC* (a subset of Noto Sans
CJK SC under the SIL Open Font License; see ``helpers/fonts/SOURCE.md``), so charts show
Chinese on Windows, macOS and Linux, offline, with or without a Chinese system font.

Each notebook turns it on explicitly in its first cell::

    import helpers
    helpers.setup()

Importing this module changes nothing; only :func:`setup` and :func:`set_theme` do.
``seaborn.set_theme`` resets the fonts: use :func:`set_theme` instead (or call
:func:`setup` again afterwards).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_PATH = FONT_DIR / "CourseSansSC-Regular.ttf"
FONT_BOLD_PATH = FONT_DIR / "CourseSansSC-Bold.ttf"
FONT_FAMILY = "Course Sans SC"

# Chinese fonts that come with common systems. Those actually installed are added after the
# bundled font, so a character it lacks (say a rare hanzi in a trainee's own data) is drawn
# from them glyph by glyph instead of as a box.
SYSTEM_CJK_FAMILIES = (
    "Microsoft YaHei",  # Windows
    "PingFang SC",  # macOS
    "Noto Sans CJK SC",  # Linux (fonts-noto-cjk)
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "SimHei",  # older Windows
)
LAST_RESORT_FAMILY = "DejaVu Sans"  # ships with matplotlib

FIGURE_SIZE = (8.0, 4.5)  # inches; 16:9 like a projector
FIGURE_DPI = 100  # 800 x 450 pixels in a notebook
SAVE_DPI = 200  # crisp PNGs for slides and handouts


class SetupInfo(dict[str, Any]):
    """What :func:`setup` or :func:`set_theme` set: a dict that a notebook shows as one line.

    >>> SetupInfo(font_family="Course Sans SC", theme="whitegrid")
    中文图表已就绪：字体 Course Sans SC，主题 whitegrid
    """

    def __repr__(self) -> str:
        theme = self.get("theme") or "matplotlib 默认"
        return f"中文图表已就绪：字体 {self.get('font_family')}，主题 {theme}"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # IPython display
        printer.text(repr(self))


def font_families(installed: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The font list charts use: bundled font, installed system CJK fonts, DejaVu Sans.

    Args:
        installed: the names of the font families matplotlib knows on this machine.

    Returns:
        Family names, best first; matplotlib takes each character from the first font
        of the list that has it.

    >>> font_families({"PingFang SC", "Arial"})
    ['Course Sans SC', 'PingFang SC', 'DejaVu Sans']
    >>> font_families()
    ['Course Sans SC', 'DejaVu Sans']
    """
    return [FONT_FAMILY, *(f for f in SYSTEM_CJK_FAMILIES if f in installed), LAST_RESORT_FAMILY]


def register_fonts() -> list[str]:
    """Add the bundled font files to matplotlib's font manager (once) and return the family list.

    Changes no rcParams: use it to draw with Chinese inside an ``rc_context`` (as the worksheet
    exports do) without calling :func:`setup`.

    Returns:
        The font families to use, bundled font first, e.g. ``["Course Sans SC", ..., "DejaVu Sans"]``.

    >>> register_fonts()[0]
    'Course Sans SC'
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    known = {Path(entry.fname).resolve() for entry in manager.ttflist}
    for path in (FONT_PATH, FONT_BOLD_PATH):
        if path.resolve() not in known:
            manager.addfont(str(path))
    # addfont forgets earlier look-ups in recent matplotlib; older versions need this.
    cache_clear = getattr(getattr(manager, "_findfont_cached", None), "cache_clear", None)
    if cache_clear is not None:
        cache_clear()
    return font_families({entry.name for entry in manager.ttflist})


def _has_minus_sign(path: Path) -> bool:
    """Whether the font at *path* has U+2212 MINUS SIGN (used for negative tick labels)."""
    from matplotlib.ft2font import FT2Font

    return FT2Font(str(path)).get_char_index(0x2212) != 0


def _apply_fonts() -> SetupInfo:
    """Point matplotlib's fonts at the bundled Chinese font; returns what was set."""
    import matplotlib as mpl

    families = register_fonts()
    previous = [f for f in mpl.rcParams["font.sans-serif"] if f not in families]
    minus = _has_minus_sign(FONT_PATH)
    mpl.rcParams["font.family"] = families
    mpl.rcParams["font.sans-serif"] = families + previous
    mpl.rcParams["axes.unicode_minus"] = minus
    return SetupInfo(font_path=str(FONT_PATH), font_family=FONT_FAMILY, families=families,
                     unicode_minus=minus)


def set_theme(**kwargs: Any) -> SetupInfo:
    """Apply a seaborn theme and keep the Chinese font (use instead of ``sns.set_theme``).

    ``seaborn.set_theme`` resets matplotlib's fonts to Latin-only ones; this wrapper calls
    it and then points the fonts at the bundled Chinese font again.

    Args:
        **kwargs: passed to ``seaborn.set_theme`` (``style``, ``context``, ``palette``,
            ``font_scale``, ``rc`` ...). A ``font`` argument is overridden.

    Returns:
        What was set (see :func:`setup`).

    >>> import matplotlib
    >>> with matplotlib.rc_context():
    ...     info = set_theme(style="ticks", context="talk")
    ...     matplotlib.rcParams["font.family"][0], matplotlib.rcParams["axes.grid"]
    ('Course Sans SC', False)
    """
    import seaborn as sns

    sns.set_theme(**kwargs)
    info = _apply_fonts()
    info["theme"] = kwargs.get("style", "darkgrid")  # seaborn's default style
    return info


def _show_data_error(shell: Any, etype: type, value: BaseException, tb: Any,
                     tb_offset: int | None = None) -> list[str]:
    """IPython handler: show a DataError as its bilingual message, without a traceback."""
    from .errors import friendly_message

    stb = [friendly_message(value)]
    shell._showtraceback(etype, value, stb)  # what IPython itself does after formatting
    return stb


def _install_error_display() -> bool:
    """Under IPython, show :class:`helpers.errors.DataError` without a traceback."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or not hasattr(shell, "_showtraceback"):
        return False
    from .errors import DataError

    shell.set_custom_exc((DataError,), _show_data_error)
    return True


def setup(theme: str | None = "whitegrid", context: str = "notebook",
          font_scale: float = 1.0) -> SetupInfo:
    """Make charts show Chinese and errors read well; call once at the top of a notebook.

    It registers the bundled font with matplotlib, applies a seaborn theme (optional),
    sets a projector-friendly figure size, lets pandas align Chinese text in printed
    tables, and, in Jupyter, shows a :class:`helpers.errors.DataError` as its bilingual
    message without a traceback. Calling it again is harmless.

    Args:
        theme: a seaborn style ("whitegrid", "darkgrid", "white", "ticks" ...), or None to
            keep matplotlib's own look.
        context: seaborn context, used with a theme: "notebook", "talk" (bigger, for a
            projector) or "paper".
        font_scale: extra scaling of all text, used with a theme (seaborn's ``font_scale``).

    Returns:
        What was set, as a dict: font path and family, the family list, the theme, whether
        the real minus sign is used, and whether the Jupyter error display was installed.
        A notebook shows it as one line, e.g. ``中文图表已就绪：字体 Course Sans SC，主题 whitegrid``.

    >>> import matplotlib, pandas as pd
    >>> with matplotlib.rc_context(), pd.option_context("display.unicode.east_asian_width", False):
    ...     info = setup(theme=None)
    ...     info["font_family"], matplotlib.rcParams["font.family"][0], info["theme"]
    ('Course Sans SC', 'Course Sans SC', None)
    """
    import matplotlib as mpl
    import pandas as pd

    if theme is not None:
        import seaborn as sns

        sns.set_theme(style=theme, context=context, font_scale=font_scale)
    info = _apply_fonts()
    mpl.rcParams["figure.figsize"] = FIGURE_SIZE
    mpl.rcParams["figure.dpi"] = FIGURE_DPI
    mpl.rcParams["savefig.dpi"] = SAVE_DPI
    mpl.rcParams["savefig.bbox"] = "tight"
    pd.set_option("display.unicode.east_asian_width", True)
    info.update(theme=theme, context=context, error_display=_install_error_display())
    return info
