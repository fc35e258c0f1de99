"""Losses: values, gradients checked by central differences, stability, bad input."""

from __future__ import annotations

import math
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gradcheck import relative_error
from strategies import moderate, vectors
from tinyrnn.losses import cross_entropy, mse, softmax

EPS = 1e-6


def central(function, values: list[float], k: int) -> float:
    up, down = list(values), list(values)
    up[k] += EPS
    down[k] -= EPS
    return (function(up) - function(down)) / (2 * EPS)


@given(st.integers(1, 6).flatmap(lambda n: st.tuples(vectors(n, moderate), vectors(n, moderate))))
def test_mse_gradient_matches_central_differences(case: tuple) -> None:
    y, t = case
    loss, dy = mse(y, t)
    assert math.isclose(
        loss, sum((a - b) ** 2 for a, b in zip(y, t, strict=True)) / len(y), rel_tol=1e-12, abs_tol=1e-15
    )
    # L(y ± EPS) each carry a round-off of about 1.5 ulp of L (the squares, their sum, the division by n):
    # the difference quotient inherits their difference divided by 2·EPS, on top of the method's own error.
    round_off = 4 * sys.float_info.epsilon * max(loss, 1.0) / (2 * EPS)
    for k in range(len(y)):
        numeric = central(lambda v: mse(v, t)[0], y, k)
        assert abs(dy[k] - numeric) <= 1e-6 * max(abs(dy[k]), abs(numeric), 1e-3) + round_off


@given(st.integers(2, 6).flatmap(lambda n: st.tuples(vectors(n, moderate), st.integers(0, n - 1))))
def test_cross_entropy_gradient_matches_central_differences(case: tuple) -> None:
    z, label = case
    loss, dz = cross_entropy(z, label)
    assert math.isclose(loss, -math.log(softmax(z)[label]), rel_tol=1e-9, abs_tol=1e-12)
    for k in range(len(z)):
        assert relative_error(dz[k], central(lambda v: cross_entropy(v, label)[0], z, k)) <= 1e-6
    assert abs(sum(dz)) < 1e-12  # softmax − onehot sums to zero


@given(vectors(4, st.floats(-1e308, 1e308)))
def test_softmax_is_a_distribution_for_any_finite_logits(z: list[float]) -> None:
    p = softmax(z)
    assert all(0.0 <= v <= 1.0 for v in p)
    assert math.isclose(sum(p), 1.0, rel_tol=1e-12)
    assert math.isfinite(cross_entropy(z, 0)[0])


@given(
    st.integers(1, 4).flatmap(
        lambda n: st.tuples(vectors(n, st.floats(-1e308, 1e308)), vectors(n, st.floats(-1e308, 1e308)))
    )
)
def test_mse_is_finite_for_any_finite_values(case: tuple) -> None:
    loss, dy = mse(*case)
    assert math.isfinite(loss) and loss >= 0.0
    assert all(math.isfinite(v) for v in dy)


def test_losses_beyond_the_float_range_saturate() -> None:
    assert mse([1e308, -1e308], [-1e308, 1e308])[0] == sys.float_info.max
    # Each squared error (1e154)² = 1e308 is a float; their exact sum is not (math.fsum raises OverflowError).
    assert mse([1e154, 1e154], [0.0, 0.0])[0] == sys.float_info.max
    assert cross_entropy([-1e308, 0.0, 0.0, 7.976931348623158e307], 0)[0] == sys.float_info.max


def test_a_confident_right_answer_costs_almost_nothing() -> None:
    loss, dz = cross_entropy([100.0, 0.0, 0.0], 0)
    assert loss < 1e-40 and dz[0] <= 0.0


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: mse([1.0, 2.0], [1.0]), ValueError, "target has length 1 but len(prediction) is 2"),
        (lambda: mse("12", [1.0]), TypeError, "prediction must be a sequence of real numbers"),
        (lambda: cross_entropy([1.0, 2.0], 2), ValueError, "label must be between 0 and 1 (there are 2 logits), got 2"),
        (lambda: cross_entropy([1.0, 2.0], 1.0), TypeError, "label must be an int"),
        (lambda: cross_entropy([1.0, 2.0], True), TypeError, "label must be an int"),
        (lambda: softmax([]), ValueError, "logits is empty"),
    ],
)
def test_bad_input(call, error, message) -> None:
    with pytest.raises(error) as raised:
        call()
    assert message in str(raised.value)
