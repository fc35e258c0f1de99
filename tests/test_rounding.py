"""hand_round: half away from zero on the digits a calculator shows, for every finite float."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from strategies import any_finite
from tinyrnn import LSTMCell
from tinyrnn.rounding import hand_round


def _decimal(units: int, decimals: int) -> tuple[float, Decimal]:
    """The number units·10^-decimals as the float a user types and as its exact decimal."""
    exact = Decimal(units).scaleb(-decimals)
    return float(exact), exact


def _half_up(exact: Decimal, decimals: int) -> float:
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def test_binary_noise_does_not_flip_a_tie() -> None:
    assert 0.95 * 0.7 == 0.6649999999999999  # the float product falls just below the tie 0.665 ...
    assert hand_round(0.95 * 0.7, 2) == 0.67  # ... but a calculator shows 0.665 and rounds it up
    assert hand_round(-0.7 * 0.05, 2) == -0.04
    assert hand_round(0.75 * 0.3, 2) == 0.23


def test_every_product_of_a_gate_and_a_grid_value_rounds_like_a_calculator() -> None:
    # Exhaustive: a 2-decimal gate value times a 1-decimal state, as in f_t ⊙ C_{t-1} or r_t ⊙ h_{t-1}.
    for a in range(-100, 101):
        for b in range(-10, 11):
            (u, exact_u), (v, exact_v) = _decimal(a, 2), _decimal(b, 1)
            assert hand_round(u * v, 2) == _half_up(exact_u * exact_v, 2), (u, v)


@given(
    st.lists(st.tuples(st.integers(-100, 100), st.integers(-100, 100)), min_size=1, max_size=7),
    st.integers(0, 3),
)
def test_sums_of_products_of_typed_numbers_round_like_exact_decimal_arithmetic(
    terms: list[tuple[int, int]], decimals: int
) -> None:
    # Products of numbers with `decimals` digits, summed: what a hand-rounded LSTM or GRU step computes.
    floats = [(_decimal(a, decimals)[0], _decimal(b, decimals)[0]) for a, b in terms]
    exact = sum((_decimal(a, decimals)[1] * _decimal(b, decimals)[1] for a, b in terms), Decimal(0))
    computed = sum(u * v for u, v in floats)
    assert hand_round(computed, decimals) == _half_up(exact, decimals)


@given(any_finite, st.integers(0, 15))
def test_every_finite_float_rounds_to_a_nearby_float(value: float, decimals: int) -> None:
    rounded = hand_round(value, decimals)
    assert math.isfinite(rounded)
    # Within half a unit of the last kept decimal of the value (plus the float's own rounding).
    error = abs(Fraction(rounded) - Fraction(value))
    assert error <= Fraction(1, 2 * 10**decimals) + Fraction(abs(value)) * Fraction(1, 2**50)


@given(st.integers(-(10**12), 10**12), st.integers(0, 15))
def test_a_number_with_few_enough_decimals_is_kept_as_it_is(units: int, decimals: int) -> None:
    value, _ = _decimal(units, decimals)
    assert hand_round(value, decimals) == value


def test_hand_rounding_mode_accepts_huge_values() -> None:
    # Quantizing 5e29 to 2 decimals needs 32 digits, more than Decimal's default context holds.
    step = LSTMCell(1, 1, seed=0).step([1e30], round_to=2)
    assert step.rounding == 2
    assert all(math.isfinite(v) for name in ("f_pre", "f", "c", "h") for v in getattr(step, name))


def test_hand_rounding_mode_rounds_a_binary_tie_as_a_calculator_does() -> None:
    # f_t = σ(2.95) → 0.95 and C̃_t = tanh(0) = 0, so C_t = 0.95·0.7 = 0.665: 0.67 on a calculator.
    zeros = {"W_f": [[0.0, 0.0]], "W_i": [[0.0, 0.0]], "b_i": [0.0], "W_c": [[0.0, 0.0]], "b_c": [0.0]}
    cell = LSTMCell.from_params({**zeros, "b_f": [2.95], "W_o": [[0.0, 0.0]], "b_o": [0.0]})
    step = cell.step([0.0], [0.0], [0.7], round_to=2)
    assert (step.f, step.c_tilde) == ((0.95,), (0.0,))
    assert step.c == (0.67,)
