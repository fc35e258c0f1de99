"""The linear read-out layer: forward, hand-derived backward checked by central differences, bad input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gradcheck import relative_error
from strategies import matrices, sizes, vectors
from tinyrnn.readout import Linear

EPS = 1e-6
unit = st.floats(-1.0, 1.0)


@st.composite
def cases(draw: st.DrawFn) -> tuple:
    n_in, n_out = draw(sizes), draw(sizes)
    params = {"W_y": draw(matrices(n_out, n_in, unit)), "b_y": draw(vectors(n_out, unit))}
    return params, draw(vectors(n_in, unit)), draw(vectors(n_out, unit))


def loss(params: dict, h: list[float], dy: list[float]) -> float:
    return sum(a * b for a, b in zip(Linear.from_params(params)(h), dy, strict=True))


@given(cases())
def test_gradients_match_central_differences(case: tuple) -> None:
    params, h, dy = case
    grads, dh = Linear.from_params(params).backward(h, dy)
    for r, row in enumerate(params["W_y"]):
        for k in range(len(row)):
            up = {"W_y": [list(x) for x in params["W_y"]], "b_y": params["b_y"]}
            down = {"W_y": [list(x) for x in params["W_y"]], "b_y": params["b_y"]}
            up["W_y"][r][k] += EPS
            down["W_y"][r][k] -= EPS
            numeric = (loss(up, h, dy) - loss(down, h, dy)) / (2 * EPS)
            assert relative_error(grads["W_y"][r][k], numeric) <= 1e-6
    assert grads["b_y"] == list(dy)  # ∂(dy · (W h + b))/∂b = dy, exactly
    for k in range(len(h)):
        up, down = list(h), list(h)
        up[k] += EPS
        down[k] -= EPS
        numeric = (loss(params, up, dy) - loss(params, down, dy)) / (2 * EPS)
        assert relative_error(dh[k], numeric) <= 1e-6


def test_seeded_layers_are_reproducible_and_round_trip() -> None:
    layer = Linear(4, 2, seed=3)
    assert layer == Linear(4, 2, seed=3) != Linear(4, 2, seed=4)
    assert Linear.from_params(layer.params) == layer
    assert (layer.in_features, layer.out_features, layer.num_parameters) == (4, 2, 10)
    assert hash(layer) == hash(Linear.from_params(layer.params))
    assert repr(layer) == "Linear(in_features=4, out_features=2)"
    assert all(abs(w) <= 0.5 for row in layer.params["W_y"] for w in row)  # ±1/√in_features


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: Linear(0, 2), ValueError, "in_features must be a positive int"),
        (lambda: Linear(2, 2, seed="1"), TypeError, "seed must be an int or None"),
        (lambda: Linear.from_params([[1.0]]), TypeError, "params must be a mapping of W_y and b_y"),
        (lambda: Linear.from_params({"W_y": [[1.0]]}), ValueError, "params is missing 'b_y'"),
        (lambda: Linear.from_params({"W_y": [[1.0]], "b_y": [0.0], "W": 1}), ValueError, "unknown key 'W'"),
        (lambda: Linear.from_params({"W_y": [[1.0]], "b_y": [0.0, 1.0]}), ValueError, "params['b_y'] has length 2"),
        (lambda: Linear(2, 1, seed=0)([1.0]), ValueError, "h has length 1 but in_features is 2"),
        (
            lambda: Linear(2, 1, seed=0).backward([1.0, 2.0], [1.0, 2.0]),
            ValueError,
            "dy has length 2 but out_features is 1",
        ),
    ],
)
def test_bad_input(call, error, message) -> None:
    with pytest.raises(error) as raised:
        call()
    assert message in str(raised.value)
