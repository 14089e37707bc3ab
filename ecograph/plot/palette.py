"""The one palette of every picture: figures, the HTML map and the workspace.

Relationship colours are chosen for readers with a colour-vision deficiency: in simulations of
protanopia, deuteranopia and tritanopia (Machado, Oliveira & Fernandes 2009, severity 1) the
three relationship types stay at least :data:`MIN_DELTA_E` apart in CIELAB (CIE76 delta E).
Each type also has its own line pattern (solid, dashed, dotted), so the pictures read in
greyscale and on a washed-out projector. Faction colours never reuse a relationship colour.

Colours come from the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"):
cooperation is its blue, agreement its orange, conflict its vermillion darkened (the plain
vermillion and the orange both turn olive for a deuteranope; the darker one stays apart).

References
----------
.. [1] Machado, G. M., Oliveira, M. M., & Fernandes, L. A. F. (2009). A physiologically-based
   model for simulation of color vision deficiency. IEEE Transactions on Visualization and
   Computer Graphics, 15(6), 1291-1298. (Matrices for severity 1.0, applied to linear RGB.)
.. [2] Okabe, M., & Ito, K. (2008). Color Universal Design (CUD): How to make figures and
   presentations that are friendly to colorblind people. https://jfly.uni-koeln.de/color/
.. [3] CIE 1976 L*a*b* colour space, D65 white; sRGB transfer function (IEC 61966-2-1).

Examples
--------
>>> RELATION_COLOURS["conflict"]
'#8C2D04'
>>> round(delta_e(simulate("#E69F00", "deuteranopia"), simulate("#8C2D04", "deuteranopia")))
47
"""

from __future__ import annotations

import math
from typing import Literal

__all__ = [
    "OKABE_ITO",
    "RELATION_COLOURS",
    "RELATION_LINES",
    "FACTION_COLOURS",
    "SYSTEM_TINT",
    "SYSTEM_INK",
    "DEFICIENCIES",
    "MIN_DELTA_E",
    "simulate",
    "delta_e",
    "to_lab",
]

#: The Okabe-Ito palette (Okabe & Ito 2008).
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Relationship type -> line colour (keys are :class:`~ecograph.model.RelationType` values).
RELATION_COLOURS: dict[str, str] = {
    "cooperation": OKABE_ITO["blue"],
    "agreement": OKABE_ITO["orange"],
    "conflict": "#8C2D04",  # Okabe-Ito vermillion, darkened
}

#: Relationship type -> line pattern name (solid, dashed, dotted).
RELATION_LINES: dict[str, str] = {
    "cooperation": "solid",
    "agreement": "dashed",
    "conflict": "dotted",
}

#: Faction colours, numbered from faction 1; none of them is a relationship colour.
FACTION_COLOURS: tuple[str, ...] = (
    OKABE_ITO["sky_blue"],
    OKABE_ITO["yellow"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    "#777777",
    OKABE_ITO["black"],
)

#: System (role value, or ``"other"``) -> pale tint for its region.
SYSTEM_TINT: dict[str, str] = {
    "change_agent": "#DCEBF7",
    "client": "#FCF3C8",
    "target": "#F9DED3",
    "action": "#D9F0E6",
    "professional": "#ECE6F2",
    "problem_identification": "#EFEFEF",
    "other": "#F7F7F7",
}

#: System -> darker ink for its nodes and region titles.
SYSTEM_INK: dict[str, str] = {
    "change_agent": "#3A78B0",
    "client": "#A68A00",
    "target": "#B0532E",
    "action": "#2C8A62",
    "professional": "#7A5C99",
    "problem_identification": "#666666",
    "other": "#888888",
}

Deficiency = Literal["protanopia", "deuteranopia", "tritanopia"]

#: Machado et al. (2009) simulation matrices, severity 1.0, on linear RGB.
_MACHADO: dict[str, tuple[tuple[float, float, float], ...]] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}

#: The three colour-vision deficiencies simulated.
DEFICIENCIES: tuple[str, ...] = tuple(_MACHADO)

#: The smallest CIE76 distance the relationship colours keep, with normal vision and under
#: each simulated deficiency (about 2.3 is a just-noticeable difference; 20 is clearly apart).
MIN_DELTA_E = 30.0


def _linear(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    out = []
    for i in (0, 2, 4):
        c = int(h[i : i + 2], 16) / 255
        out.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return out[0], out[1], out[2]


def simulate(hex_colour: str, deficiency: str | None) -> tuple[float, float, float]:
    """Return the colour as seen with ``deficiency`` (None: normal vision), in linear RGB.

    Raises
    ------
    KeyError
        If the deficiency is not one of :data:`DEFICIENCIES`.
    """
    rgb = _linear(hex_colour)
    if deficiency is None:
        return rgb
    m = _MACHADO[deficiency]
    sim = [sum(m[r][c] * rgb[c] for c in range(3)) for r in range(3)]
    clipped = [min(1.0, max(0.0, v)) for v in sim]
    return clipped[0], clipped[1], clipped[2]


def to_lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """Return CIELAB (D65) of a linear-RGB colour."""
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return math.cbrt(t) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """Return the CIE76 colour difference of two linear-RGB colours."""
    la, lb = to_lab(a), to_lab(b)
    return math.dist(la, lb)
