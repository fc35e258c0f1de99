"""GRUCell: the three conventions, their laws and their identities."""

from __future__ import annotations

import json
import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import VARIANTS, gru_cases, sizes
from tinyrnn import GRUCell, GRUStep, LSTMCell, Vector


def _between(value: float, a: float, b: float) -> bool:
    slack = 1e-12 * max(1.0, abs(a), abs(b))
    return min(a, b) - slack <= value <= max(a, b) + slack


@given(gru_cases())
def test_gates_are_in_the_unit_interval(case: tuple) -> None:
    cell, x, h = case
    step = cell.step(x, h)
    assert all(0.0 <= g <= 1.0 for g in (*step.r, *step.z))
    assert all(-1.0 <= g <= 1.0 for g in step.h_tilde)


@given(gru_cases())
def test_new_state_lies_between_the_old_state_and_the_candidate(case: tuple) -> None:
    cell, x, h = case
    step = cell.step(x, h)
    for new, old, candidate in zip(step.h, step.h_prev, step.h_tilde, strict=True):
        assert _between(new, old, candidate)


@given(gru_cases(variant="colah"))
def test_colah_with_w_z_equals_cho2014_with_minus_w_z(case: tuple) -> None:
    colah, x, h = case
    params = colah.params
    params["W_z"] = [[-w for w in row] for row in params["W_z"]]
    params["b_z"] = [-b for b in params["b_z"]]
    cho = GRUCell.from_params(params, variant="cho2014")
    a, b = colah.step(x, h), cho.step(x, h)
    assert a.r == b.r and a.h_tilde == b.h_tilde
    for z_colah, z_cho in zip(a.z, b.z, strict=True):
        assert math.isclose(z_cho, 1.0 - z_colah, abs_tol=2**-52)
    for u, v in zip(a.h, b.h, strict=True):
        assert math.isclose(u, v, rel_tol=1e-14, abs_tol=1e-14)


@given(gru_cases())
def test_trace_fields_follow_the_variant_equations(case: tuple) -> None:
    cell, x, h = case
    step = cell.step(x, h)
    assert step.variant == cell.variant
    for k in range(cell.hidden_size):
        if cell.variant == "colah":
            assert step.h[k] == (1 - step.z[k]) * h[k] + step.z[k] * step.h_tilde[k]
        elif cell.variant == "cho2014":
            assert step.h[k] == step.z[k] * h[k] + (1 - step.z[k]) * step.h_tilde[k]
        else:
            assert step.h[k] == (1 - step.z[k]) * step.h_tilde[k] + step.z[k] * h[k]
    if cell.variant == "pytorch":
        assert step.r_h_prev is None and step.hn is not None
        params = cell.params
        for k in range(cell.hidden_size):
            hn = math.fsum(w * v for w, v in zip(params["W_hn"][k], h, strict=True)) + params["b_hn"][k]
            assert math.isclose(step.hn[k], hn, rel_tol=1e-9, abs_tol=1e-9)
    else:
        assert step.hn is None
        assert step.r_h_prev == Vector([r * v for r, v in zip(step.r, h, strict=True)])


@given(sizes, sizes, st.sampled_from(VARIANTS))
def test_zero_weights_give_half_gates_and_half_the_old_state(H: int, I: int, variant: str) -> None:
    params = {
        name: [[0.0] * len(row) for row in value] if isinstance(value[0], list) else [0.0] * len(value)
        for name, value in GRUCell(I, H, variant=variant, seed=0).params.items()
    }
    step = GRUCell.from_params(params, variant=variant).step([1.0] * I, [0.8] * H)
    assert step.r == step.z == Vector([0.5] * H)
    assert step.h_tilde == Vector([0.0] * H)
    assert step.h == Vector([0.4] * H)


@given(gru_cases(), st.integers(1, 5), st.randoms(use_true_random=False))
def test_run_equals_repeated_step(case: tuple, length: int, rng: random.Random) -> None:
    cell, _, h = case
    xs = [[rng.uniform(-2, 2) for _ in range(cell.input_size)] for _ in range(length)]
    trace = cell.run(xs, h0=h)
    for x_t, step in zip(xs, trace, strict=True):
        assert step == cell.step(x_t, h)
        h = step.h
    assert trace.h == h
    with pytest.raises(AttributeError, match="a GRU has no cell state"):
        _ = trace.c


@given(gru_cases())
def test_params_round_trip_exactly(case: tuple) -> None:
    cell = case[0]
    again = GRUCell.from_params(json.loads(json.dumps(cell.params)), variant=cell.variant)
    assert again == cell
    assert again.step(case[1], case[2]) == cell.step(case[1], case[2])


def test_sizes_parameter_counts_and_the_slides_25_to_30_percent() -> None:
    for H, I in [(1, 1), (3, 3), (8, 2), (16, 16)]:
        gru, lstm = GRUCell(I, H, seed=0), LSTMCell(I, H, seed=0)
        assert gru.num_parameters == 3 * H * (H + I) + 3 * H
        assert GRUCell(I, H, variant="cho2014", seed=0).num_parameters == gru.num_parameters
        assert GRUCell(I, H, variant="pytorch", seed=0).num_parameters == 3 * H * (H + I) + 6 * H
        assert 1 - gru.num_parameters / lstm.num_parameters == 0.25  # same layout: exactly 25 % fewer
    assert list(GRUCell(1, 1, seed=0).params) == ["W_z", "b_z", "W_r", "b_r", "W_h", "b_h"]
    assert list(GRUCell(1, 1, variant="pytorch", seed=0).params) == [
        "W_ir",
        "W_iz",
        "W_in",
        "W_hr",
        "W_hz",
        "W_hn",
        "b_ir",
        "b_iz",
        "b_in",
        "b_hr",
        "b_hz",
        "b_hn",
    ]
    assert repr(GRUCell(2, 3, seed=0)) == "GRUCell(input_size=2, hidden_size=3, variant='colah')"


def test_variants_are_distinct_cells() -> None:
    colah, cho = GRUCell(2, 2, seed=5), GRUCell(2, 2, variant="cho2014", seed=5)
    assert colah.params == cho.params
    assert colah != cho
    assert colah.step([1.0, 0.0], [0.5, -0.5]) != cho.step([1.0, 0.0], [0.5, -0.5])


def test_pytorch_keys_with_the_default_variant_explain_what_to_do() -> None:
    params = GRUCell(2, 2, variant="pytorch", seed=0).params
    with pytest.raises(ValueError, match="these are the keys of variant 'pytorch': pass variant='pytorch'"):
        GRUCell.from_params(params)
    with pytest.raises(ValueError, match="pass variant='colah' or 'cho2014'"):
        GRUCell.from_params(GRUCell(2, 2, seed=0).params, variant="pytorch")


def test_unknown_variant_is_rejected_with_a_suggestion() -> None:
    with pytest.raises(
        ValueError,
        match=r"variant must be one of 'colah', 'cho2014', 'pytorch', got 'Pytorch' \(did you mean 'pytorch'\?\)",
    ):
        GRUCell(2, 2, variant="Pytorch")
    with pytest.raises(TypeError, match="variant must be one of"):
        GRUCell(2, 2, variant=None)  # type: ignore[arg-type]


def test_hand_rounding_mode_for_every_variant() -> None:
    for variant in VARIANTS:
        step = GRUCell(3, 3, variant=variant, seed=1).step([0.5, -0.3, 0.8], [0.2, 0.4, -0.1], round_to=2)
        assert isinstance(step, GRUStep) and step.rounding == 2
        for name in ("r_pre", "r", "z_pre", "z", "h_tilde_pre", "h_tilde", "h"):
            assert all(v == round(v, 2) for v in getattr(step, name))


def test_the_variant_hint_appears_only_when_the_keys_are_another_variants() -> None:
    colah, pytorch = GRUCell(1, 1, seed=0).params, GRUCell(1, 1, variant="pytorch", seed=0).params
    with pytest.raises(
        ValueError,
        match=r"; a GRUCell needs exactly W_z, b_z, W_r, b_r, W_h, b_h; these are the keys "
        r"of variant 'pytorch': pass variant='pytorch'$",
    ):
        GRUCell.from_params(pytorch, variant="cho2014")
    with pytest.raises(
        ValueError,
        match=r"b_hz, b_hn; these are the keys of variant 'colah' or 'cho2014': "
        r"pass variant='colah' or 'cho2014'$",
    ):
        GRUCell.from_params(colah, variant="pytorch")
    colah["W_q"] = colah.pop("W_r")  # a typo: no variant has these keys, so no hint
    with pytest.raises(
        ValueError,
        match=r"^params has unknown key 'W_q' \(did you mean 'W_r'\?\); a GRUCell needs "
        r"exactly W_z, b_z, W_r, b_r, W_h, b_h$",
    ):
        GRUCell.from_params(colah)
    pytorch["W_q"] = pytorch.pop("W_ir")
    with pytest.raises(ValueError, match=r"b_hr, b_hz, b_hn$"):
        GRUCell.from_params(pytorch, variant="pytorch")


@pytest.mark.parametrize("variant", VARIANTS)
def test_run_in_hand_rounding_mode_is_the_rounded_steps_in_turn(variant: str) -> None:
    cell = GRUCell(2, 2, variant=variant, seed=3)
    xs = [[0.5, -0.3], [0.8, 0.1]]
    run = cell.run(xs, round_to=2)
    first = cell.step(xs[0], round_to=2)
    assert run[0] == first
    assert run[1] == cell.step(xs[1], first.h, round_to=2)
    assert all(step.rounding == 2 for step in run)


def test_variant_messages_list_the_three_variants_exactly() -> None:
    with pytest.raises(TypeError, match=r"^variant must be one of 'colah', 'cho2014', 'pytorch', got int 1$"):
        GRUCell(2, 2, variant=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^variant must be one of 'colah', 'cho2014', 'pytorch', got 'keras'$"):
        GRUCell(2, 2, variant="keras")  # nothing close: no suggestion


@pytest.mark.parametrize("cell", [GRUCell(1, 1, seed=0), LSTMCell(1, 1, seed=0)])
def test_an_empty_sequence_is_refused(cell: GRUCell | LSTMCell) -> None:
    with pytest.raises(ValueError, match=r"^xs is empty; expected at least one input vector$"):
        cell.run([])


@pytest.mark.parametrize("variant", VARIANTS)
def test_backward_step_refuses_a_cell_state_gradient_and_says_why(variant: str) -> None:
    cell = GRUCell(2, 2, variant=variant, seed=0)
    step, dh = cell.step([0.5, -0.5], [0.1, 0.2]), Vector([1.0, 0.0])
    with pytest.raises(ValueError, match=r"^dc must be None for a GRUCell: a GRU has no cell state C$"):
        cell.backward_step(step, dh, Vector([0.0, 0.0]))  # type: ignore[arg-type]
    assert cell.backward_step(step, dh, None).dc_prev is None
