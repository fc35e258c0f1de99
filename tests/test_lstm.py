"""LSTMCell: the laws of the equations, sizes, seeding, sequences and hand rounding."""

from __future__ import annotations

import json
import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import any_finite, lstm_cases, sizes
from tinyrnn import LSTMCell, LSTMStep, SequenceTrace, Vector, examples
from tinyrnn.lstm import lstm_step, lstm_step_backward
from tinyrnn.rounding import hand_round


@given(lstm_cases())
def test_gates_are_in_the_unit_interval_and_candidates_in_minus_one_one(case: tuple) -> None:
    cell, x, h, c = case
    step = cell.step(x, h, c)
    for gate in (step.f, step.i, step.o):
        assert all(0.0 <= g <= 1.0 for g in gate)
    assert all(-1.0 <= g <= 1.0 for g in step.c_tilde)
    assert all(-1.0 <= t <= 1.0 for t in step.tanh_c)


@given(lstm_cases())
def test_cell_state_moves_by_at_most_one_and_hidden_state_is_bounded(case: tuple) -> None:
    cell, x, h, c = case
    step = cell.step(x, h, c)
    for new, old in zip(step.c, step.c_prev, strict=True):
        assert abs(new) <= abs(old) + 1.0
    assert all(abs(v) <= 1.0 for v in step.h)


@given(lstm_cases())
def test_trace_fields_follow_the_equations(case: tuple) -> None:
    cell, x, h, c = case
    step = cell.step(x, h, c)
    params = cell.params
    hx = [*h, *x]
    for k in range(cell.hidden_size):
        for gate, key in (("f", "f"), ("i", "i"), ("c_tilde", "c"), ("o", "o")):
            expected = math.fsum(w * v for w, v in zip(params[f"W_{key}"][k], hx, strict=True)) + params[f"b_{key}"][k]
            assert math.isclose(getattr(step, f"{gate}_pre")[k], expected, rel_tol=1e-9, abs_tol=1e-9)
        assert step.c[k] == step.f[k] * c[k] + step.i[k] * step.c_tilde[k]
        assert step.h[k] == step.o[k] * math.tanh(step.c[k])


@given(sizes, sizes, st.lists(any_finite, min_size=1, max_size=1))
def test_zero_weights_give_gates_of_exactly_one_half(H: int, I: int, fill: list[float]) -> None:
    params = {}
    for gate in "fico":
        params[f"W_{gate}"] = [[0.0] * (H + I) for _ in range(H)]
        params[f"b_{gate}"] = [0.0] * H
    cell = LSTMCell.from_params(params)
    c_prev = [fill[0]] * H
    step = cell.step([1.0] * I, [0.5] * H, c_prev)
    assert step.f == step.i == step.o == Vector([0.5] * H)
    assert step.c_tilde == Vector([0.0] * H)
    assert step.c == Vector([0.5 * fill[0]] * H)


@given(lstm_cases(), st.integers(1, 5), st.randoms(use_true_random=False))
def test_run_equals_repeated_step(case: tuple, length: int, rng: random.Random) -> None:
    cell, _, h, c = case
    xs = [[rng.uniform(-2, 2) for _ in range(cell.input_size)] for _ in range(length)]
    trace = cell.run(xs, h0=h, c0=c)
    assert isinstance(trace, SequenceTrace)
    assert len(trace) == length
    for x_t, step in zip(xs, trace, strict=True):
        assert step == cell.step(x_t, h, c)
        h, c = step.h, step.c
    assert trace.h == h
    assert trace.c == c


@given(lstm_cases())
def test_params_round_trip_exactly_through_json(case: tuple) -> None:
    cell = case[0]
    again = LSTMCell.from_params(json.loads(json.dumps(cell.params)))
    assert again == cell
    assert again.params == cell.params
    assert again.step(case[1], case[2], case[3]) == cell.step(case[1], case[2], case[3])


def test_sizes_and_parameter_count() -> None:
    for H, I in [(1, 1), (3, 3), (2, 5), (8, 4)]:
        cell = LSTMCell(input_size=I, hidden_size=H, seed=1)
        assert (cell.input_size, cell.hidden_size) == (I, H)
        assert cell.num_parameters == 4 * H * (H + I) + 4 * H
        assert sum(len(v) if not isinstance(v[0], list) else len(v) * len(v[0]) for v in cell.params.values()) == (
            cell.num_parameters
        )
        assert list(cell.params) == ["W_f", "b_f", "W_i", "b_i", "W_c", "b_c", "W_o", "b_o"]
    assert repr(LSTMCell(2, 3, seed=0)) == "LSTMCell(input_size=2, hidden_size=3)"


def test_seeded_initialisation_is_uniform_in_the_pytorch_range_and_reproducible() -> None:
    H, I = 4, 2
    cell = LSTMCell(I, H, seed=42)
    assert cell == LSTMCell(I, H, seed=42)
    assert cell != LSTMCell(I, H, seed=43)
    # The documented recipe: random.Random(seed).uniform(-1/√H, 1/√H), key by key, row by row.
    rng, bound = random.Random(42), 1 / math.sqrt(H)
    expected_first_row = [rng.uniform(-bound, bound) for _ in range(H + I)]
    assert cell.params["W_f"][0] == expected_first_row
    values = [
        v for value in cell.params.values() for row in (value if isinstance(value[0], list) else [value]) for v in row
    ]
    assert all(-bound <= v <= bound for v in values)
    assert len(set(values)) == len(values)


def test_missing_states_are_zeros() -> None:
    cell = LSTMCell(2, 3, seed=0)
    assert cell.step([1.0, 2.0]) == cell.step([1.0, 2.0], [0.0] * 3, [0.0] * 3)
    assert cell.step([1.0, 2.0]).h_prev == Vector([0.0, 0.0, 0.0])


def test_hand_rounding_mode_rounds_every_intermediate_before_use() -> None:
    exact, by_hand = examples.slide_lstm(), examples.slide_lstm(round_to=2)
    assert isinstance(by_hand, LSTMStep)
    assert by_hand.rounding == 2 and exact.rounding is None
    assert round(exact.c[2], 2) == 0.55  # the slide's number, from full precision
    assert by_hand.c[2] == 0.56  # what a student with a calculator gets
    for name in ("f_pre", "f", "i_pre", "i", "c_tilde_pre", "c_tilde", "c", "o_pre", "o", "tanh_c", "h"):
        assert all(v == round(v, 2) for v in getattr(by_hand, name)), name
    # Each written-down value is computed from the previous written-down values.
    for k in range(3):
        assert by_hand.c[k] == hand_round(by_hand.f[k] * by_hand.c_prev[k] + by_hand.i[k] * by_hand.c_tilde[k], 2)
        assert by_hand.f[k] == hand_round(1 / (1 + math.exp(-by_hand.f_pre[k])), 2)
        assert by_hand.h[k] == hand_round(by_hand.o[k] * by_hand.tanh_c[k], 2)


def test_hand_round_is_half_away_from_zero_on_the_decimal_digits() -> None:
    assert hand_round(0.125, 2) == 0.13
    assert hand_round(-0.125, 2) == -0.13
    assert hand_round(0.5556, 2) == 0.56
    assert hand_round(2.5, 0) == 3.0
    with pytest.raises(ValueError, match="round_to must be an int from 0 to 15, got 16"):
        LSTMCell(1, 1, seed=0).step([1.0], round_to=16)
    with pytest.raises(TypeError, match=r"round_to must be an int from 0 to 15, got float 2\.0"):
        LSTMCell(1, 1, seed=0).step([1.0], round_to=2.0)  # type: ignore[arg-type]


def test_a_wrong_key_is_named_with_the_keys_an_lstm_needs_and_nothing_else() -> None:
    params = LSTMCell(1, 1, seed=0).params
    params["W_x"] = params.pop("W_f")
    with pytest.raises(
        ValueError,
        match=r"^params has unknown key 'W_x' \(did you mean 'W_f'\?\); an LSTMCell needs "
        r"exactly W_f, b_f, W_i, b_i, W_c, b_c, W_o, b_o$",
    ):
        LSTMCell.from_params(params)


def test_run_in_hand_rounding_mode_is_the_rounded_steps_in_turn() -> None:
    cell = LSTMCell(2, 2, seed=3)
    xs = [[0.5, -0.3], [0.8, 0.1]]
    run = cell.run(xs, round_to=2)
    first = cell.step(xs[0], round_to=2)
    assert run[0] == first
    assert run[1] == cell.step(xs[1], first.h, first.c, round_to=2)
    assert all(step.rounding == 2 for step in run)


def test_run_names_a_bad_initial_state() -> None:
    cell = LSTMCell(1, 2, seed=0)
    with pytest.raises(ValueError, match=r"^h0\[1\] is nan; expected a finite number$"):
        cell.run([[1.0]], h0=[0.0, math.nan])
    with pytest.raises(ValueError, match=r"^c0 has length 1 but hidden_size is 2$"):
        cell.run([[1.0]], c0=[0.0])


def test_coupled_without_a_forget_gate_is_refused_with_the_reason_and_both_ways_out() -> None:
    with pytest.raises(
        ValueError,
        match=r"^coupled=True needs the forget gate: coupling makes the input gate i_t = 1 - f_t; "
        r"pass forget_gate=True, or coupled=False for the LSTM without a forget gate$",
    ):
        LSTMCell(2, 2, coupled=True, forget_gate=False)


@pytest.mark.parametrize("option", [{"peepholes": True}, {"coupled": True}, {"forget_gate": False}])
def test_to_keras_names_itself_and_the_option_no_framework_lstm_has(option: dict[str, bool]) -> None:
    """The check comes before Keras is imported: the message is the same with or without Keras."""
    [(name, value)] = option.items()
    with pytest.raises(
        ValueError,
        match=rf"^to_keras needs the standard LSTM, but this cell has {name}={value}: the framework's LSTM has no "
        rf"such option \(build the cell without {name}={value}\)$",
    ):
        LSTMCell(2, 2, seed=0, **option).to_keras()


def test_backward_step_without_dc_is_the_step_with_no_gradient_from_later_steps() -> None:
    cell, step = examples.slide_lstm_cell(), examples.slide_lstm()
    dh = Vector([1.0, -0.5, 0.25])
    grads = cell.backward_step(step, dh)
    assert grads == cell.backward_step(step, dh, Vector.zeros(3))
    assert grads == lstm_step_backward(cell.weights, step, dh, Vector.zeros(3))
    dC = dh * step.o * (1 - step.tanh_c * step.tanh_c)  # ∂L/∂C_t through h_t only: nothing from step t + 1
    for got, expected in zip(grads.dc_prev, dC * step.f, strict=True):
        assert math.isclose(got, expected, rel_tol=1e-12)


def test_a_cell_too_large_for_a_generated_kernel_and_with_no_stacked_one_steps_by_the_reference() -> None:
    """4·H·(H + I) = 1680 products is above the generated kernels' limit, and peepholes have no stacked kernel."""
    cell = LSTMCell(input_size=1, hidden_size=20, peepholes=True, seed=0)
    x, h, c = Vector([0.5]), Vector([0.1] * 20), Vector([-0.2] * 20)
    step = cell.step(x, h, c)
    assert step == lstm_step(cell.weights, x, h, c, peepholes=True)
    assert cell.run([x, x], h, c)[1] == cell.step(x, step.h, step.c)
