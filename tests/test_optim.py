"""Optimisers on cell.params-shaped mappings: the update rules, clipping, immutability, bad input."""

from __future__ import annotations

import copy
import math

import pytest

from tinyrnn import LSTMCell
from tinyrnn.optim import SGD, Adam, add_gradients, clip_gradients, scale_gradients

PARAMS = {"W": [[1.0, -2.0], [0.5, 0.0]], "b": [0.25, -0.75]}
GRADS = {"W": [[0.1, -0.2], [0.0, 3.0]], "b": [-1.0, 0.5]}


def test_sgd_is_theta_minus_lr_times_g() -> None:
    new = SGD(lr=0.5).step(PARAMS, GRADS)
    assert new == {"W": [[1.0 - 0.05, -2.0 + 0.1], [0.5, 0.0 - 1.5]], "b": [0.25 + 0.5, -0.75 - 0.25]}


def test_sgd_momentum_accumulates_a_velocity() -> None:
    opt = SGD(lr=0.1, momentum=0.9)
    first = opt.step({"b": [0.0]}, {"b": [1.0]})  # v = 1
    second = opt.step(first, {"b": [1.0]})  # v = 0.9·1 + 1 = 1.9
    assert first == {"b": [-0.1]}
    assert math.isclose(second["b"][0], -0.1 - 0.1 * 1.9)


def test_adam_first_step_moves_every_weight_by_about_lr_against_its_gradient() -> None:
    new = Adam(lr=0.01).step(PARAMS, GRADS)
    for name, value in PARAMS.items():
        rows = value if isinstance(value[0], list) else [value]
        new_rows = new[name] if isinstance(value[0], list) else [new[name]]
        grad_rows = GRADS[name] if isinstance(value[0], list) else [GRADS[name]]
        for row, new_row, grad_row in zip(rows, new_rows, grad_rows, strict=True):
            for p, q, g in zip(row, new_row, grad_row, strict=True):
                expected = 0.0 if g == 0 else -math.copysign(0.01, g)
                assert math.isclose(q - p, expected, abs_tol=1e-8)


def test_adam_equals_torch_adam() -> None:
    torch = pytest.importorskip("torch", reason="PyTorch is not installed: pip install '.[torch]' (CI installs it)")
    weights = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64, requires_grad=True)
    theirs = torch.optim.Adam([weights], lr=0.05, betas=(0.8, 0.99), eps=1e-8)
    ours, params = Adam(lr=0.05, beta1=0.8, beta2=0.99, eps=1e-8), {"w": [1.0, -2.0, 0.5]}
    for step in range(5):
        grads = [math.sin(step + k) for k in range(3)]
        weights.grad = torch.tensor(grads, dtype=torch.float64)
        theirs.step()
        params = ours.step(params, {"w": grads})
        assert all(
            math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15) for a, b in zip(params["w"], weights.tolist(), strict=True)
        )


def test_steps_never_change_their_arguments() -> None:
    params, grads = copy.deepcopy(PARAMS), copy.deepcopy(GRADS)
    for opt in (SGD(), SGD(momentum=0.5), Adam()):
        opt.step(params, grads)
    add_gradients(params, grads)
    scale_gradients(grads, 2.0)
    clip_gradients(grads, 0.1)
    assert (params, grads) == (PARAMS, GRADS)


def test_clipping_rescales_to_the_norm_and_reports_it() -> None:
    norm = math.sqrt(sum(g * g for g in (0.1, -0.2, 0.0, 3.0, -1.0, 0.5)))
    clipped, reported = clip_gradients(GRADS, 1.0)
    assert math.isclose(reported, norm)
    new_norm = math.sqrt(sum(g * g for row in clipped["W"] for g in row) + sum(g * g for g in clipped["b"]))
    assert math.isclose(new_norm, 1.0)
    assert clip_gradients(GRADS, 100.0) == (GRADS, reported)


def test_add_and_scale() -> None:
    assert add_gradients(GRADS, GRADS) == scale_gradients(GRADS, 2.0)


def test_works_on_a_cells_params() -> None:
    cell = LSTMCell(2, 3, seed=0)
    zero = scale_gradients(cell.params, 0.0)
    assert LSTMCell.from_params(Adam().step(cell.params, zero)) == cell


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: SGD(lr=0), ValueError, "lr must be positive, got 0.0"),
        (lambda: SGD(lr="0.1"), TypeError, "lr must be a real number"),
        (lambda: SGD(momentum=1.0), ValueError, "momentum must be in [0, 1), got 1.0"),
        (lambda: Adam(beta2=-0.1), ValueError, "beta2 must be in [0, 1)"),
        (lambda: Adam(eps=0.0), ValueError, "eps must be positive"),
        (lambda: SGD().step([1.0], GRADS), TypeError, "params must be a mapping of parameter names to lists"),
        (
            lambda: SGD().step(PARAMS, [1.0]),
            TypeError,
            "grads must be a mapping of parameter names to lists (like cell.params), got list",
        ),
        (lambda: SGD().step(PARAMS, {"W": GRADS["W"]}), ValueError, "they differ at 'b'"),
        (
            lambda: SGD().step(PARAMS, {"W": GRADS["W"], "b": [1.0]}),
            ValueError,
            "grads['b'] does not have the shape of params['b']",
        ),
        (lambda: clip_gradients(GRADS, -1.0), ValueError, "max_norm must be positive"),
        (lambda: scale_gradients(GRADS, None), TypeError, "factor must be a real number"),
    ],
)
def test_bad_input(call, error, message) -> None:
    with pytest.raises(error) as raised:
        call()
    assert message in str(raised.value)
