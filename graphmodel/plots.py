"""Charts that draw Chinese: find an installed font with Chinese glyphs and make
matplotlib use it.

Region, entity and organisation names are Chinese; matplotlib's own font (DejaVu
Sans) has no Chinese glyphs and draws them as empty boxes. Nothing here runs at
import time: a notebook or a report calls :func:`use_cjk_font` (or uses
:func:`cjk_rc` in a ``matplotlib.rc_context``) when it draws.

The font comes from the system: ``make system`` (run by ``make test``) installs
Debian's ``fonts-noto-cjk``; on other systems any family of :data:`CJK_FAMILIES`
works (Windows' Microsoft YaHei, macOS's PingFang SC, WenQuanYi...).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import ReportError

__all__ = ["CJK_FAMILIES", "cjk_font", "cjk_font_file", "cjk_rc", "use_cjk_font"]

#: Font families with Chinese glyphs, the preferred first: simplified-Chinese
#: sans-serif faces, then other faces of the same fonts, then other systems' fonts.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans SC",
    "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Sans CJK HK", "Noto Sans CJK KR",
    "Source Han Sans", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei",
    "PingFang SC", "Hiragino Sans GB", "Heiti SC", "SimHei", "Noto Serif CJK SC",
    "Noto Serif CJK JP", "AR PL UMing CN", "Droid Sans Fallback",
)

# Parts of the file names of those fonts: a font installed after matplotlib cached
# its font list is looked for among the system's font files by these.
_FILE_HINTS = ("notosanscjk", "notoserifcjk", "notosanssc", "sourcehansans", "wqy", "msyh",
               "simhei", "pingfang", "hiragino", "droidsansfallback", "uming")


def _installed() -> set[str]:
    from matplotlib import font_manager

    return {f.name for f in font_manager.fontManager.ttflist}


def _preferred(names: set[str]) -> str | None:
    return next((family for family in CJK_FAMILIES if family in names), None)


def cjk_font() -> str | None:
    """The family name of an installed font with Chinese glyphs that matplotlib can
    use (the first of :data:`CJK_FAMILIES` installed), or None.

    Returns
    -------
    str or None

    Examples
    --------
    >>> cjk_font() in CJK_FAMILIES  # make system installs Noto Sans CJK
    True
    """
    found = _preferred(_installed())
    if found is not None:
        return found
    from matplotlib import font_manager

    # matplotlib caches its font list: a font installed since is not in it yet.
    for path in font_manager.findSystemFonts():
        simple = Path(path).name.lower().replace("-", "").replace("_", "")
        if any(hint in simple for hint in _FILE_HINTS):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # a font matplotlib cannot read
                continue
    return _preferred(_installed())


def cjk_font_file() -> tuple[str, int] | None:
    """The file of :func:`cjk_font`'s regular face and the face's number in it (a
    ``.ttc`` collection holds several), or None without a CJK font.

    Examples
    --------
    >>> path, face = cjk_font_file()
    >>> path.endswith((".ttc", ".otf", ".ttf")), face >= 0
    (True, True)
    """
    family = cjk_font()
    if family is None:
        return None
    from matplotlib import font_manager

    faces = [f for f in font_manager.fontManager.ttflist if f.name == family]
    # The upright face nearest the regular weight (400).
    faces.sort(key=lambda f: (f.style != "normal", abs(_weight(f.weight) - 400)))
    return faces[0].fname, int(getattr(faces[0], "index", 0))  # index: matplotlib >= 3.10


def _weight(weight: Any) -> int:
    from matplotlib import font_manager

    if isinstance(weight, int):
        return weight
    return int(font_manager.weight_dict.get(str(weight), 400))


def cjk_rc() -> dict[str, Any]:
    """matplotlib settings that draw Chinese with :func:`cjk_font`, for
    ``matplotlib.rc_context`` or ``rcParams.update``; a
    :class:`~graphmodel.ReportError` when no such font is installed.

    The CJK family comes first; the usual sans-serif families follow it, so that
    matplotlib falls back to them, glyph by glyph, for anything it lacks.

    Examples
    --------
    >>> cjk_rc()["font.sans-serif"][0] == cjk_font()
    True
    """
    family = cjk_font()
    if family is None:
        raise ReportError("no font with Chinese glyphs is installed, so charts would draw "
                          "Chinese names as boxes: install one (Debian: apt-get install "
                          "fonts-noto-cjk, or `make system`)")
    import matplotlib

    rest = [f for f in matplotlib.rcParams["font.sans-serif"] if f != family]
    return {"font.family": ["sans-serif"], "font.sans-serif": [family, *rest],
            # Some CJK fonts lack the minus sign U+2212: draw negative ticks with "-".
            "axes.unicode_minus": False,
            # Names are data: "$x$" in a region's name is drawn as it is, never as
            # mathematics (and "$x^{$" once failed the whole report).
            "text.parse_math": False}


def use_cjk_font() -> str:
    """Make matplotlib draw Chinese text (axis labels, tick labels, titles) from now
    on, with an installed CJK font; returns its family name.

    Returns
    -------
    str
        The family used, one of :data:`CJK_FAMILIES`.

    Raises
    ------
    ReportError
        When no font with Chinese glyphs is installed.

    Examples
    --------
    >>> import graphmodel, matplotlib
    >>> with matplotlib.rc_context():  # here only inside the block; in a notebook, for good
    ...     graphmodel.use_cjk_font() in CJK_FAMILIES
    True
    """
    import matplotlib

    settings: Any = cjk_rc()  # matplotlib types its keys as literals; these are valid ones
    matplotlib.rcParams.update(settings)
    return str(settings["font.sans-serif"][0])
