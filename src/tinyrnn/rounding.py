"""Rounding like a person with a calculator, for the slides' two-decimal numbers.

The slides print every value to two decimals but compute each step from the
*unrounded* values of the step before. A student working by hand does
something else: she rounds every intermediate to ``d`` decimals and goes on
with the rounded number. The two can disagree in the last digit -- the
slides' ``C_t[2]`` is the classic case (0.55 from full precision, 0.56 from
the rounded gates). tinyrnn keeps full precision by default and can replay a
step in *hand-rounding mode* (``cell.step(..., round_to=2)``) so both answers
can be shown side by side.

Rounding is half away from zero on the decimal digits the calculator shows
(``0.125 → 0.13``), not Python's ``round`` (which works on the binary value
and gives 0.12). The calculator shows 12 significant digits, so binary noise
in the last bits of a float cannot flip a tie: ``0.95 * 0.7`` is stored as
0.6649999999999999, but a calculator shows 0.665 and so rounds it to 0.67.

>>> hand_round(0.125, 2)
0.13
>>> hand_round(-0.5556, 2)
-0.56
>>> 0.95 * 0.7, hand_round(0.95 * 0.7, 2)
(0.6649999999999999, 0.67)
"""

from __future__ import annotations

from collections.abc import Callable

from tinyrnn.checks import received
from tinyrnn.vector import Vector, map_trusted

__all__ = ["check_decimals", "hand_round", "keeper"]


def check_decimals(decimals: object, name: str = "decimals") -> int:
    """Validate a number of decimals: an ``int`` from 0 to 15.

    >>> check_decimals(2)
    2
    >>> check_decimals(16)
    Traceback (most recent call last):
    ...
    ValueError: decimals must be an int from 0 to 15, got 16
    """
    if isinstance(decimals, bool) or not isinstance(decimals, int):
        raise TypeError(f"{name} must be an int from 0 to 15, got {received(decimals)}")
    if not 0 <= decimals <= 15:
        raise ValueError(f"{name} must be an int from 0 to 15, got {decimals}")
    return decimals


def hand_round(value: float, decimals: int) -> float:
    """Round ``value`` half away from zero to ``decimals`` decimal places, as on a calculator.

    The decimal digits are those a 12-digit calculator shows: ``0.95 * 0.7`` is
    stored as 0.6649999999999999 but shown, and rounded, as 0.665 (see the module
    docstring). Beyond 12 significant digits, those of ``repr(value)``.

    >>> hand_round(0.125, 2), round(0.125, 2)    # Python's round sees the binary value
    (0.13, 0.12)
    >>> hand_round(-0.5556, 2)
    -0.56
    """
    from decimal import ROUND_HALF_UP, Context, Decimal  # only needed in hand-rounding mode

    quantum = Decimal(1).scaleb(-check_decimals(decimals))
    wide = Context(prec=400)  # any float fits: 1e308 to 15 decimals has 324 digits (the default context has 28)
    shown = Decimal(f"{value:.12g}")  # what a 12-digit calculator shows: 0.665, not 0.6649999999999999
    if shown.quantize(quantum, context=wide) == shown:  # it shows no digit beyond those kept: round every digit
        shown = Decimal(repr(value))
    return float(shown.quantize(quantum, ROUND_HALF_UP, wide))


def _exact(values: Vector) -> Vector:
    return values


def keeper(round_to: int | None) -> Callable[[Vector], Vector]:
    """What a person writes down after each step: every digit, or ``round_to`` decimals.

    The reference cells pass every intermediate through this function, so the
    same code computes the full-precision trace and the hand-rounded one.

    >>> keeper(2)(Vector([0.6502, -0.5556]))
    Vector([0.65, -0.56])
    >>> keeper(None)(Vector([0.6502]))
    Vector([0.6502])
    """
    if round_to is None:
        return _exact
    digits = check_decimals(round_to, "round_to")
    return lambda values: map_trusted(lambda v: hand_round(v, digits), values)
