"""Colours the two drawings share."""

from __future__ import annotations

import math

from autograd.pictures.colours import (
    NAN_COLOUR,
    NEGATIVE_RGB,
    POSITIVE_RGB,
    grad_colour,
    mix_with_white,
)


def test_mixing_goes_from_white_to_the_full_colour():
    assert mix_with_white((33, 102, 172), 0.0) == "#ffffff"
    assert mix_with_white((33, 102, 172), 1.0) == "#2166ac"
    assert mix_with_white((0, 0, 255), 0.5) == "#8080ff"  # halfway, rounded


def test_the_graph_drawing_tints_gradients_by_the_shared_rule():
    assert grad_colour(2.0, 2.0)[0] == mix_with_white(POSITIVE_RGB, 1.0)
    assert grad_colour(-1.0, 2.0)[0] == mix_with_white(NEGATIVE_RGB, 0.15 + 0.85 * 0.5)
    assert grad_colour(math.nan, 2.0)[0] == NAN_COLOUR
