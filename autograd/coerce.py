"""What counts as a number: the plain floats a Value holds, from whatever was passed in.

Ints, floats and other real numbers (``fractions.Fraction``, NumPy scalars) are accepted;
``bool`` is not (``Value(True)`` is almost always a mistake), nor are strings or Values
(a Value where a number belongs gets a hint to use its ``.data``).
"""

from __future__ import annotations

import numbers

from autograd import floats


def real_number(x: object) -> float | None:
    """``x`` as a float if it is a real number (bools excluded), else ``None``.

    An int too big for a float becomes ``±inf``, as IEEE 754 rounds it, rather than
    raising ``OverflowError``.
    """
    kind = type(x)
    if kind is float:
        return x  # type: ignore[return-value]
    if kind is int or (isinstance(x, numbers.Real) and kind is not bool):
        try:
            return float(x)  # type: ignore[arg-type]
        except OverflowError:  # an int beyond float range: IEEE says inf
            return floats.INF if x > 0 else -floats.INF  # type: ignore[operator]
    return None


def to_float(x: object, what: str = "Value(data)") -> float:
    """``x`` as a float, or a TypeError that names ``what`` expected it and what came.

    Args:
        x: the number.
        what: where it was passed, for the message (e.g. ``"the exponent of **"``).

    Raises:
        TypeError: ``x`` is not a real number.
    """
    number = real_number(x)
    if number is None:
        # Imported here, on the error path only: autograd.value imports this module.
        from autograd.value import Value

        hint = " (use its .data)" if isinstance(x, Value) else ""
        raise TypeError(f"{what} expects a float or an int, got {type(x).__name__}: {x!r}{hint}")
    return number
