"""Colours shared by the drawings: the computation graph (:mod:`autograd.pictures.draw`) and the
network (:mod:`nn.draw_network`) mark ``nan`` alike and tint by the same rule."""

from __future__ import annotations

import math

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


#: The name cell's colour for each kind of node.
KIND_COLOURS = {"leaf": "#c9e7c9", "computed": "#e6e0f5", "output": "#ffd966"}
POSITIVE_RGB = (33, 102, 172)  # blue, as in ColorBrewer's RdBu
NEGATIVE_RGB = (178, 24, 43)  # red
ZERO_COLOUR = "#d9d9d9"
HIGHLIGHT_COLOUR = "#e66101"  # orange: the node the current step is about
BORDER_COLOUR = "#555555"
GROUP_COLOUR = "#8073ac"  # the border of a folded module, and the box of an open one


def grad_colour(grad: float, biggest: float) -> tuple[str, str]:
    """Background and text colour of a grad cell: blue if positive, red if negative,
    darker the larger ``|grad| / biggest``; grey for 0, purple for nan.

    Args:
        grad: the gradient.
        biggest: the largest ``|grad|`` in the drawing (sets the scale).
    """
    if math.isnan(grad):
        return NAN_COLOUR, "white"
    if grad == 0.0:
        return ZERO_COLOUR, "black"
    share = 1.0 if math.isinf(grad) or not biggest > 0 else min(abs(grad) / biggest, 1.0)
    strength = 0.15 + 0.85 * share  # the faintest gradient is still visibly tinted
    rgb = POSITIVE_RGB if grad > 0 else NEGATIVE_RGB
    return mix_with_white(rgb, strength), ("white" if strength > 0.55 else "black")
