"""σ, tanh and ReLU: the laws of the docstring, one property each, over every finite float."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import any_finite, moderate
from tinyrnn import Vector, sigmoid, tanh
from tinyrnn.activations import relu, relu_derivative, sigmoid_derivative, tanh_derivative

not_huge = st.floats(min_value=-1e300, max_value=1e300, allow_nan=False)


@given(any_finite)
def test_sigmoid_is_finite_and_in_the_unit_interval(x: float) -> None:
    s = sigmoid(x)
    assert isinstance(s, float)
    assert 0.0 <= s <= 1.0


@given(any_finite)
def test_tanh_is_finite_and_in_minus_one_one(x: float) -> None:
    assert -1.0 <= tanh(x) <= 1.0


@given(any_finite, any_finite)
def test_both_are_monotone(a: float, b: float) -> None:
    a, b = min(a, b), max(a, b)
    assert sigmoid(a) <= sigmoid(b)
    assert tanh(a) <= tanh(b)


@given(any_finite)
def test_sigmoid_of_minus_x_is_one_minus_sigmoid(x: float) -> None:
    # σ(x) near 0.88 is within an ulp or two (2**-53 each) of the truth, and 1 - σ(x) is exact: x = 2.0 differs by 1.4e-16.
    assert math.isclose(sigmoid(-x), 1.0 - sigmoid(x), rel_tol=0.0, abs_tol=2**-51)


@given(not_huge)
def test_tanh_is_twice_sigmoid_of_twice_minus_one(x: float) -> None:
    assert math.isclose(tanh(x), 2.0 * sigmoid(2.0 * x) - 1.0, rel_tol=0.0, abs_tol=4 * 2**-53)


@given(any_finite)
def test_tanh_is_odd(x: float) -> None:
    assert tanh(-x) == -tanh(x)


def test_fixed_points_and_extremes() -> None:
    assert sigmoid(0.0) == 0.5
    assert tanh(0.0) == 0.0
    assert sigmoid(1e308) == 1.0
    assert sigmoid(-1e308) == 0.0
    assert tanh(-1e308) == -1.0
    assert sigmoid(-1000.0) == 0.0  # no OverflowError from exp(1000)
    assert sigmoid(-700.0) > 0.0  # and small values keep their relative precision
    assert math.isclose(sigmoid(-30.0), math.exp(-30.0) / (1.0 + math.exp(-30.0)), rel_tol=1e-15)


@given(st.lists(any_finite, min_size=1, max_size=8))
def test_sequences_give_vectors_equal_to_the_scalar_function(xs: list[float]) -> None:
    assert sigmoid(xs) == Vector([sigmoid(x) for x in xs])
    assert tanh(xs) == Vector([tanh(x) for x in xs])
    assert isinstance(sigmoid(xs), Vector)


@given(any_finite)
def test_relu_is_max_of_zero_and_x_and_its_derivative_a_step(x: float) -> None:
    r = relu(x)
    assert type(r) is float
    assert r == max(0.0, x)
    assert relu_derivative(r) == (1.0 if x > 0.0 else 0.0)
    assert relu([x]) == Vector([r])
    assert relu_derivative([r]) == Vector([relu_derivative(r)])


def test_relu_and_its_derivative_at_the_kink_and_on_either_side() -> None:
    """ReLU(-0.0) is +0.0, not -0.0; relu' is 0 at 0 (as in PyTorch) and 1 for every positive output."""
    assert math.copysign(1.0, relu(-0.0)) == 1.0
    assert repr(relu([-1.5, -0.0, 0.0, 0.25, 2.5])) == "Vector([0.0, 0.0, 0.0, 0.25, 2.5])"
    assert [relu_derivative(r) for r in (0.0, 0.25, 1.0, 2.5)] == [0.0, 1.0, 1.0, 1.0]
    assert relu_derivative([0.0, 0.25, 1.0, 2.5]) == Vector([0.0, 1.0, 1.0, 1.0])
    assert relu_derivative(relu(-3.0)) == 0.0
    assert relu_derivative(-3.0) == 0.0  # not an output of ReLU, but the rule "1 where r > 0, else 0" still holds


@given(moderate)
def test_derivatives_match_central_differences(x: float) -> None:
    eps = 1e-6
    numeric_sigmoid = (sigmoid(x + eps) - sigmoid(x - eps)) / (2 * eps)
    numeric_tanh = (tanh(x + eps) - tanh(x - eps)) / (2 * eps)
    assert math.isclose(sigmoid_derivative(sigmoid(x)), numeric_sigmoid, rel_tol=1e-6, abs_tol=1e-9)
    assert math.isclose(tanh_derivative(tanh(x)), numeric_tanh, rel_tol=1e-6, abs_tol=1e-9)
    assert sigmoid_derivative([sigmoid(x)]) == Vector([sigmoid_derivative(sigmoid(x))])
    assert tanh_derivative([tanh(x)]) == Vector([tanh_derivative(tanh(x))])


@pytest.mark.parametrize("function", [sigmoid, tanh, relu])
@pytest.mark.parametrize(
    ("value", "error", "words"),
    [
        ("0.5", TypeError, "x must be a sequence of real numbers, got the string '0.5'"),
        (None, TypeError, "x must be a real number, got None"),
        (True, TypeError, "x must be a real number, got the bool True"),
        (1 + 2j, TypeError, "x must be a real number, got complex"),
        (float("nan"), ValueError, "x is nan; expected a finite number"),
        (float("inf"), ValueError, "x is inf; expected a finite number"),
        ([0.5, None], TypeError, r"x\[1\] must be a real number, got None"),
        (10**400, ValueError, "too large for a float"),
    ],
)
def test_bad_arguments_name_the_argument(function: object, value: object, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        function(value)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("function", "name"), [(sigmoid_derivative, "s"), (tanh_derivative, "t"), (relu_derivative, "r")]
)
def test_the_derivatives_name_their_argument_after_the_output_they_take(function: object, name: str) -> None:
    """σ' takes s = σ(a), tanh' takes t = tanh(a) and relu' takes r = relu(a): the messages say so."""
    with pytest.raises(TypeError, match=rf"^{name} must be a real number, got None$"):
        function(None)  # type: ignore[operator]
    with pytest.raises(TypeError, match=rf"^{name} must be a sequence of real numbers, got the string '0.5'$"):
        function("0.5")  # type: ignore[operator]
    with pytest.raises(ValueError, match=rf"^{name}\[1\] is nan; expected a finite number$"):
        function([0.5, float("nan")])  # type: ignore[operator]
