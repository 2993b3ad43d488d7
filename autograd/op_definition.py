r"""What an op is: the :class:`Op` base class, which reads an op's math from its docstring.

An op is a small class with two methods side by side:

* ``forward(*inputs, kit=floats)``: the value, from the input values;
* ``derivatives(*inputs, out, kit=floats)``: the local derivative of the output with
  respect to each input, from the same inputs and the output value (a tuple, one per input).

Both are written once, against a number kit (:mod:`autograd.kit`): called with plain
floats and no kit, as the engine calls them, they compute with :mod:`autograd.floats`;
the tape runs the very same code on NumPy arrays, and higher derivatives on Values.

The first line of each op's raw docstring is the math, in the form
``f(a, b) = a*b;  df/da = b,  df/db = a``. It is parsed when the class is defined into
:attr:`Op.formula` and :attr:`Op.derivative_formulas`, so the drawing, the backprop
stepper and the docs all show the very formula the code was written from. The ops
themselves, every one the engine knows, are in :mod:`autograd.ops`.
"""

from __future__ import annotations

import functools
import inspect
import re
from typing import ClassVar

from autograd import floats
from autograd.kit import Number, NumberKit

_FIRST_LINE = re.compile(r"^f\((?P<args>[^)]*)\) = (?P<formula>.+?);\s+(?P<derivatives>df/d.*)$")
_DERIVATIVE = re.compile(r"df/d(?P<arg>\w+) = (?P<formula>.+?)(?=,\s+df/d\w+ = |$)")


class Op:
    """Base of every op. Subclasses set ``name`` and ``symbol`` and write the math
    in the first line of their docstring.

    Attributes:
        name: identifier, as in ``OPS[name]``.
        symbol: what a drawing shows in the op's node, e.g. ``"*"`` or ``"tanh"``; a
            constant in it is written as formulas write it (``**2``, ``**0.3333``).
        arity: how many inputs it takes (read from the docstring).
        input_names: the docstring's names for the inputs, e.g. ``("a", "b")``.
        formula: the output as a formula of those names, e.g. ``"a*b"``.
        derivative_formulas: ``d out / d input`` for each input, e.g. ``("b", "a")``.
    """

    name: ClassVar[str] = ""
    symbol: ClassVar[str] = ""
    #: True where ``forward`` is one of Python's own operators (``operator.add``), a
    #: function written in C that takes no kit but already works on every kind of number.
    forward_is_operator: ClassVar[bool] = False
    #: Whether ``forward`` and ``derivatives`` take a ``kit`` (an op written with ``math``
    #: on floats only, as a first op of one's own may be, runs in the engine but not on
    #: the tape or in higher derivatives).
    takes_kit: ClassVar[bool]
    arity: ClassVar[int]
    input_names: ClassVar[tuple[str, ...]]
    formula: ClassVar[str]
    derivative_formulas: ClassVar[tuple[str, ...]]

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        doc_lines = (cls.__doc__ or "").strip().splitlines()
        first_line = doc_lines[0] if doc_lines else ""  # a blank docstring has no lines at all
        match = _FIRST_LINE.match(first_line)
        if match is None:
            raise TypeError(
                f"op {cls.__name__}: the docstring must start with "
                f"'f(a, ...) = ...;  df/da = ...', got {first_line!r}"
            )
        names = tuple(arg.strip() for arg in match["args"].split(","))
        derivatives = dict(
            (m["arg"], m["formula"].strip()) for m in _DERIVATIVE.finditer(match["derivatives"])
        )
        if tuple(derivatives) != names:
            raise TypeError(
                f"op {cls.__name__}: derivatives given for {tuple(derivatives)}, "
                f"but the inputs are {names}"
            )
        if len(names) > 2:
            raise TypeError(
                f"op {cls.__name__}: a node holds one or two inputs, but the docstring "
                f"names {len(names)}: {names}"
            )
        cls.arity = len(names)
        cls.input_names = names
        cls.formula = match["formula"].strip()
        cls.derivative_formulas = tuple(derivatives[n] for n in names)
        methods = ("derivatives",) if cls.forward_is_operator else ("forward", "derivatives")
        cls.takes_kit = all(
            "kit" in inspect.signature(getattr(cls, method)).parameters for method in methods
        )

    def forward(self, *inputs: float, kit: NumberKit = floats) -> float:
        """The output value from the input values."""
        raise NotImplementedError

    def derivatives(self, *inputs_and_out: float, kit: NumberKit = floats) -> tuple[float, ...]:
        """Local derivatives ``d out / d input``, one per input, given the inputs and ``out``."""
        raise NotImplementedError

    def forward_with(self, kit: NumberKit, *inputs: Number) -> Number:
        """``forward`` on the numbers of ``kit`` (NumPy arrays, Values, floats)."""
        if self.forward_is_operator or kit is floats:
            return self.forward(*inputs)  # the engine's own call: floats are the default
        self._check_takes(kit)
        return self.forward(*inputs, kit=kit)

    def derivatives_with(self, kit: NumberKit, *inputs_and_out: Number) -> tuple[Number, ...]:
        """``derivatives`` on the numbers of ``kit``: the same formulas, other numbers."""
        if kit is floats:
            return self.derivatives(*inputs_and_out)
        self._check_takes(kit)
        return self.derivatives(*inputs_and_out, kit=kit)

    def _check_takes(self, kit: NumberKit) -> None:
        if not self.takes_kit:
            raise TypeError(
                f"op {self.name or type(self).__name__} computes with floats only (its forward "
                f"and derivatives take no `kit`): to run on NumPy arrays (the tape) or on Values "
                f"(higher derivatives), an op computes through a number kit, as gradschool's "
                f"own ops do; see autograd.kit (a function the kits lack, such as sin, is "
                f"added to each kit first)"
            )

    @property
    def parameters(self) -> dict[str, float]:
        """Constants baked into this op (such as the exponent of ``a**n``), by name."""
        return {}

    # An op holds nothing but its constants, and never changes: a copy is the op itself,
    # and pickle rebuilds it from its class and constants, one instance per kind.

    def __copy__(self) -> Op:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Op:
        return self

    def __reduce__(self) -> tuple[object, ...]:
        return _shared_op, (type(self), *self.parameters.values())

    def __repr__(self) -> str:
        return f"<op {self.symbol}>"

    def __str__(self) -> str:
        return self.symbol


@functools.lru_cache(maxsize=256)
def _shared_op(kind: type[Op], *constants: float) -> Op:
    """The op of class ``kind`` with these constants, as unpickled (one per kind)."""
    return kind(*constants)
