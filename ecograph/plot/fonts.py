"""Fonts for names in any script: a name the default font lacks gets an installed font that has it.

Matplotlib's default font (DejaVu Sans) has no Chinese, Japanese or Korean characters, among
others; it would draw '王小明' as three empty boxes and warn once per character and per drawing.
:func:`fit_text` gives such a text the installed fonts that have its characters as fallbacks
(matplotlib takes each character from the first font of the list that has it), and where no
installed font has them, ecograph warns once, naming what to install, and matplotlib's
warnings per character are silenced for ecograph's own figures.
"""

from __future__ import annotations

import functools
import warnings

from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text

__all__ = ["fit_text", "fit_fonts", "MissingGlyphsWarning"]



def _quiet_matplotlib() -> None:
    """Silence matplotlib's warning per missing character where ecograph's plotting code draws.

    Matplotlib attributes it to its caller, so figures drawn by other code still get it. Set
    again whenever glyphs are missing, as a ``warnings.catch_warnings`` block may have reset it.
    """
    warnings.filterwarnings(
        "ignore", message=r"Glyph \d+ .* missing from font", module=r"ecograph\.plot(\.|$)"
    )


class MissingGlyphsWarning(UserWarning):
    """No installed font has some characters of the figure's text; they are drawn as boxes."""


_warned: set[str] = set()


@functools.cache
def _charmap(path: str) -> frozenset[int]:
    try:
        return frozenset(FT2Font(path).get_charmap())
    except (OSError, RuntimeError, ValueError):
        return frozenset()


@functools.cache
def _installed() -> tuple[tuple[str, str], ...]:
    """(family name, file) of each installed font, regular faces first, each family once."""
    seen: dict[str, str] = {}
    faces = sorted(
        font_manager.fontManager.ttflist,
        key=lambda f: (f.style != "normal", f.weight not in (400, "normal", "regular"), f.name),
    )
    for face in faces:
        # Matplotlib's "Last Resort" font maps every character to a box: it covers nothing.
        if not face.name.startswith("Last Resort"):
            seen.setdefault(face.name, face.fname)
    return tuple(seen.items())


@functools.cache
def _fallbacks(chars: frozenset[str]) -> tuple[tuple[str, ...], frozenset[str]]:
    """Return the families that together cover most of ``chars``, and the characters none has."""
    left = set(chars)
    chosen: list[str] = []
    while left:
        best: str | None = None
        best_cover: set[str] = set()
        for name, path in _installed():
            cover = {c for c in left if ord(c) in _charmap(path)}
            if len(cover) > len(best_cover):
                best, best_cover = name, cover
        if best is None:
            break
        chosen.append(best)
        left -= best_cover
    return tuple(chosen), frozenset(left)


def fit_text(text: Text) -> frozenset[str]:
    """Give ``text`` fallback fonts for the characters its font lacks.

    Returns
    -------
    frozenset of str
        The characters no installed font has (drawn as boxes); :func:`fit_fonts` warns of them.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> t = Figure().text(0, 0, "Mori \u306e")  # HIRAGANA NO: not in DejaVu Sans, in STIX
    >>> fit_text(t)
    frozenset()
    >>> t.get_fontfamily()[-1]
    'STIXGeneral'
    """
    content = text.get_text()
    if not content or content.isascii():
        return frozenset()
    path = font_manager.findfont(text.get_fontproperties())
    have = _charmap(path)
    missing = frozenset(c for c in content if not c.isspace() and ord(c) not in have)
    if not missing:
        return frozenset()
    families, uncovered = _fallbacks(missing)
    if uncovered:
        _quiet_matplotlib()
    if families:
        current = list(text.get_fontfamily())
        text.set_fontfamily([*current, *(f for f in families if f not in current)])
    return uncovered


def fit_fonts(fig: Figure) -> None:
    """Apply :func:`fit_text` to every text of ``fig``; warn once of characters no font has.

    The warning (:class:`MissingGlyphsWarning`) names a few of the characters and what to
    install; characters already warned of in this process are not warned of again.
    """
    uncovered: set[str] = set()
    for artist in fig.findobj(Text):
        assert isinstance(artist, Text)
        uncovered |= fit_text(artist)
    new = uncovered - _warned
    if new:
        _warned.update(new)
        sample = "".join(sorted(new)[:5])
        warnings.warn(
            f"no installed font has {len(new)} of the characters in the figure's text "
            f"(e.g. {sample!r}); they are drawn as empty boxes. Install a font that has them "
            "(for Chinese, Japanese or Korean names: Noto Sans CJK) and draw the figure again.",
            MissingGlyphsWarning,
            stacklevel=3,
        )
