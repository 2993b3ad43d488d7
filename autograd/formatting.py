"""How numbers are written wherever the engine shows one: drawings, step texts, op symbols.

One place, so that the ``**0.3333`` in a drawing's op node and the ``x**0.3333`` under it
in a backprop step are written by the same rule:

* a value has 4 significant digits and keeps a ``.0`` when whole (``-3.0``), so that it
  reads as a float; ``inf`` and ``nan`` are written as such (:func:`format_number`);
* a constant inside a formula or an op's symbol drops that ``.0`` (the ``2`` of ``x**2``,
  :func:`constant_text`).
"""

from __future__ import annotations

import math


def format_number(x: float) -> str:
    """``x`` with 4 significant digits: ``-3.0``, ``0.8814``, ``1.235e+05``, ``inf``, ``nan``.

    Args:
        x: the number.

    Returns:
        The compact text; whole numbers keep a ``.0`` so that they read as floats.
    """
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0.0:  # -0.0 too: a sign on zero only puzzles a reader
        return "0.0"
    text = f"{x:.4g}"
    if "." not in text and "e" not in text:
        text += ".0"
    return text


def constant_text(x: float) -> str:
    """A constant as a formula or an op symbol shows it: ``2`` rather than ``2.0``,
    ``0.3333`` for a third; otherwise as :func:`format_number` writes it.

    Args:
        x: the constant.
    """
    text = format_number(x)
    return text[:-2] if text.endswith(".0") else text
