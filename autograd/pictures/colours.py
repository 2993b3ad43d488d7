"""Colours shared by the drawings: the computation graph (:mod:`autograd.pictures.draw`) and the
network (:mod:`nn.draw_network`) mark ``nan`` alike and tint by the same rule."""

from __future__ import annotations

#: Purple, for ``nan`` (ColorBrewer's PRGn): no sign, so neither of the sign colours.
NAN_COLOUR = "#7b3294"
#: A light purple from the same palette, for a fill that black text must stay readable on.
NAN_LIGHT_COLOUR = "#c2a5cf"


def mix_with_white(rgb: tuple[int, int, int], strength: float) -> str:
    """``rgb`` blended with white, as ``#rrggbb``: strength 0 is white, 1 the full colour.

    Args:
        rgb: the full colour, three ints from 0 to 255.
        strength: how much of it, from 0 to 1.

    Example:
        >>> mix_with_white((0, 0, 255), 0.5)
        '#8080ff'
    """
    r, g, b = (round(255 + (c - 255) * strength) for c in rgb)
    return f"#{r:02x}{g:02x}{b:02x}"
