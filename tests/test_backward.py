"""tinyrnn.backward: hand-derived gradients, checked against central differences; laws; edge cases; bad input."""

from __future__ import annotations

import json
import math
from itertools import chain
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tinyrnn
from gradcheck import EPS, analytic, numeric_gradients, relative_error
from strategies import KINDS, sequence_cases
from tinyrnn import GRUCell, LSTMCell, Vector, backward, examples
from tinyrnn.bptt import backward_reference
from tinyrnn.gru_backward import gru_step_backward
from tinyrnn.lstm_backward import lstm_step_backward
from tinyrnn.params import to_plain

TOLERANCE = 1e-6  # relative error |a − n| / max(|a|, |n|, 1e-3), with central differences of eps = 1e-6
assert EPS == 1e-6

# Weights, inputs, states and upstream gradients in [−1, 1] (cells are initialised in ±1/√H): central
# differences then have round-off below 1e-9, so a relative error above 1e-6 can only be a wrong derivative.
unit = st.floats(min_value=-1.0, max_value=1.0, allow_nan=False)


def run(case: tuple) -> Any:
    cell, xs, h0, c0, _, _ = case
    return cell.run(xs, h0, c0) if isinstance(cell, LSTMCell) else cell.run(xs, h0)


def gradients(case: tuple) -> tinyrnn.Gradients:
    cell, _, _, _, dhs, dcs = case
    return backward(cell, run(case), dhs, dcs)


def all_numbers(grads: tinyrnn.Gradients) -> list[float]:
    """Every number of a result: weight and bias gradients, dx, dh0 (and dc0)."""
    data = grads.to_dict()
    numbers = [
        v
        for value in data["params"].values()
        for v in (list(chain.from_iterable(value)) if isinstance(value[0], list) else value)
    ]
    return numbers + [v for dx in data["dx"] for v in dx] + data["dh0"] + data.get("dc0", [])


# Central differences ------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_every_gradient_matches_central_differences(kind: str, data: st.DataObject) -> None:
    case = data.draw(sequence_cases(kind, elements=unit), label="case")
    cell, xs, h0, _, _, _ = case
    grads = gradients(case)
    checked = 0
    for path, numeric in numeric_gradients(case):
        ours = analytic(grads, path)
        assert relative_error(ours, numeric) <= TOLERANCE, (path, ours, numeric)
        checked += 1
    # every weight and bias, every input number, every initial-state number
    states = 2 * len(h0) if kind == "lstm" else len(h0)
    assert checked == cell.num_parameters + len(xs) * cell.input_size + states


def test_the_check_catches_a_wrong_derivative() -> None:
    """A gradient check that cannot fail proves nothing: break one sign and it must fail."""
    case = (
        examples.slide_lstm_cell(),
        [list(examples.X), [0.1, -0.2, 0.3]],
        list(examples.H_PREV),
        list(examples.C_PREV),
        [[0.5, -0.5, 1.0], [1.0, 0.2, -0.3]],
        None,
    )
    grads = gradients(case)
    params = grads.params
    params["W_o"][1][2] = -params["W_o"][1][2]
    broken = tinyrnn.Gradients(params, grads.dx, grads.dh0, grads.dc0)
    errors = {path: relative_error(analytic(broken, path), n) for path, n in numeric_gradients(case)}
    assert errors[("params", "W_o", 1, 2)] > 1.0
    assert max(e for path, e in errors.items() if path != ("params", "W_o", 1, 2)) <= TOLERANCE


# Laws ------------------------------------------------------------------------------


@given(sequence_cases())
def test_one_vector_means_the_last_step_only(case: tuple) -> None:
    cell, _, _, _, dhs, _ = case
    steps = run(case)
    zeros = [0.0] * cell.hidden_size
    assert backward(cell, steps, dhs[-1]) == backward(cell, steps, [zeros] * (len(steps) - 1) + [dhs[-1]])


@given(sequence_cases())
def test_the_gradients_are_linear_in_the_upstream_gradient(case: tuple) -> None:
    cell, _, _, _, dhs, dcs = case
    steps = run(case)
    doubled = backward(
        cell, steps, [[2 * v for v in dh] for dh in dhs], None if dcs is None else [[2 * v for v in dc] for dc in dcs]
    )
    single = backward(cell, steps, dhs, dcs)
    for name, value in single.params.items():
        flat = [v for row in value for v in row] if isinstance(value[0], list) else value
        twice = [v for row in doubled.params[name] for v in row] if isinstance(value[0], list) else doubled.params[name]
        assert all(math.isclose(2 * a, b, rel_tol=1e-12, abs_tol=1e-300) for a, b in zip(flat, twice, strict=True))


@given(sequence_cases(kind="colah"))
def test_colah_and_cho2014_are_the_same_cell_with_the_update_gate_negated(case: tuple) -> None:
    """``colah(W_z, b_z)`` equals ``cho2014(−W_z, −b_z)``, so their gradients agree up to that sign."""
    cell, xs, h0, _, dhs, _ = case
    params = cell.params
    params["W_z"] = [[-w for w in row] for row in params["W_z"]]
    params["b_z"] = [-b for b in params["b_z"]]
    cho = GRUCell.from_params(params, variant="cho2014")
    ours, theirs = backward(cell, cell.run(xs, h0), dhs), backward(cho, cho.run(xs, h0), dhs)
    sign = {"W_z": -1.0, "b_z": -1.0}
    for name, value in ours.params.items():
        rows = value if isinstance(value[0], list) else [value]
        other = theirs.params[name] if isinstance(value[0], list) else [theirs.params[name]]
        for row, other_row in zip(rows, other, strict=True):
            for a, b in zip(row, other_row, strict=True):
                assert math.isclose(a, sign.get(name, 1.0) * b, rel_tol=1e-9, abs_tol=1e-12), name
    for a, b in zip(
        [*ours.dh0, *(v for dx in ours.dx for v in dx)],
        [*theirs.dh0, *(v for dx in theirs.dx for v in dx)],
        strict=True,
    ):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@given(sequence_cases())
def test_the_sequence_gradient_is_the_sum_of_the_step_gradients(case: tuple) -> None:
    """BPTT, written out: step t receives dh_t + what step t+1 sent back; weight gradients add up."""
    cell, _, _, _, dhs, dcs = case
    steps = run(case)
    dh_next = Vector.zeros(cell.hidden_size)
    dc_next = Vector.zeros(cell.hidden_size)
    totals: dict[str, Any] = {}
    for t in reversed(range(len(steps))):
        if isinstance(cell, LSTMCell):
            grads = lstm_step_backward(cell._params, steps[t], Vector(dhs[t]) + dh_next, Vector(dcs[t]) + dc_next)
            dc_next = grads.dc_prev
        else:
            grads = gru_step_backward(cell._params, steps[t], Vector(dhs[t]) + dh_next)
        dh_next = grads.dh_prev
        for name, value in to_plain(grads.params).items():
            if name not in totals:
                totals[name] = value
            elif isinstance(value[0], list):
                totals[name] = [
                    [a + b for a, b in zip(r, s, strict=True)] for r, s in zip(totals[name], value, strict=True)
                ]
            else:
                totals[name] = [a + b for a, b in zip(totals[name], value, strict=True)]
    result = backward(cell, steps, dhs, dcs)
    assert result.params == totals
    assert result.dh0 == dh_next
    if isinstance(cell, LSTMCell):
        assert result.dc0 == dc_next


@given(sequence_cases())
def test_the_fast_path_equals_the_readable_reference_exactly(case: tuple) -> None:
    cell, _, _, _, dhs, dcs = case
    steps = run(case)
    assert backward(cell, steps, dhs, dcs) == backward_reference(cell, steps, dhs, dcs)


# Edge cases ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_single_step_is_a_sequence_of_length_one(kind: str) -> None:
    cell: Any = LSTMCell(3, 2, seed=5) if kind == "lstm" else GRUCell(3, 2, variant=kind, seed=5)
    x, h = [0.5, -0.3, 0.8], [0.2, 0.4]
    step = cell.step(x, h, [0.1, -0.1]) if kind == "lstm" else cell.step(x, h)
    steps = cell.run([x], h, [0.1, -0.1]) if kind == "lstm" else cell.run([x], h)
    grads = backward(cell, step, [1.0, -2.0])
    assert grads == backward(cell, steps, [1.0, -2.0]) == backward(cell, [step], [[1.0, -2.0]])
    assert len(grads.dx) == 1


@given(sequence_cases())
def test_zero_upstream_gradient_gives_zero_gradients(case: tuple) -> None:
    cell, _, _, _, dhs, dcs = case
    zeros = [[0.0] * cell.hidden_size for _ in dhs]
    grads = backward(cell, run(case), zeros, None if dcs is None else zeros)
    numbers = all_numbers(grads)
    assert all(v == 0.0 for v in numbers)


def _saturated(kind: str, bias: float) -> Any:
    """A cell whose every pre-activation is about ``bias`` (±50): each gate is 0 or 1 to the last bit."""
    cell: Any = LSTMCell(2, 3, seed=1) if kind == "lstm" else GRUCell(2, 3, variant=kind, seed=1)
    params = {name: [bias] * 3 if name.startswith("b_") else value for name, value in cell.params.items()}
    return LSTMCell.from_params(params) if kind == "lstm" else GRUCell.from_params(params, variant=kind)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("bias", [50.0, -50.0])
def test_saturated_gates_give_finite_gradients(kind: str, bias: float) -> None:
    cell = _saturated(kind, bias)
    xs = [[0.5, -0.3], [0.8, 0.1], [-0.2, 0.4]]
    steps = cell.run(xs)
    pre = [
        v
        for step in steps
        for name in ("f_pre", "i_pre", "o_pre", "r_pre", "z_pre")
        if hasattr(step, name)
        for v in getattr(step, name)
    ]
    assert all(abs(v) > 45 for v in pre)  # really saturated
    grads = backward(cell, steps, [[1.0, -1.0, 0.5]] * 3, [[1.0, 1.0, 1.0]] * 3 if kind == "lstm" else None)
    numbers = all_numbers(grads)
    assert all(math.isfinite(v) for v in numbers)
    assert grads == backward_reference(
        cell, steps, [[1.0, -1.0, 0.5]] * 3, [[1.0, 1.0, 1.0]] * 3 if kind == "lstm" else None
    )


def test_traces_that_went_through_json_give_the_same_gradients() -> None:
    cell = LSTMCell(2, 3, seed=2)
    steps = cell.run([[0.5, -0.3], [0.1, 0.2]])
    again = tinyrnn.SequenceTrace.from_dict(json.loads(json.dumps(steps.to_dict())))
    assert backward(cell, again, [1.0, 0.0, 0.0]) == backward(cell, steps, [1.0, 0.0, 0.0])


# The result ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_result_has_the_cells_keys_and_shapes_as_plain_lists(kind: str) -> None:
    cell: Any = LSTMCell(3, 2, seed=0) if kind == "lstm" else GRUCell(3, 2, variant=kind, seed=0)
    grads = backward(cell, cell.run([[1, 2, 3], [4, 5, 6]]), [0.5, 0.5])
    params = cell.params
    assert list(grads.params) == list(params)
    for name, value in params.items():
        assert type(grads.params[name]) is list
        assert len(grads.params[name]) == len(value)
        if isinstance(value[0], list):
            assert all(type(row) is list and len(row) == len(value[0]) for row in grads.params[name])
    assert len(grads.dx) == 2 and all(len(dx) == 3 for dx in grads.dx)
    assert len(grads.dh0) == 2
    json.dumps(grads.to_dict(), allow_nan=False)
    assert "Gradients(" in repr(grads)
    if kind == "lstm":
        assert len(grads.dc0) == 2
    else:
        with pytest.raises(AttributeError, match="no cell state"):
            _ = grads.dc0
    grads.params["W_" + ("f" if kind == "lstm" else "hn" if kind == "pytorch" else "z")][0][0] = 99.0
    assert 99.0 not in list(chain.from_iterable(grads.params[next(iter(params))]))  # a fresh copy each time


def test_the_slide_lstm_step_by_hand() -> None:
    """One number of the docs' worked example recomputed from the trace by the chain rule, term by term."""
    cell, step = examples.slide_lstm_cell(), examples.slide_lstm()
    grads = backward(cell, step, [1.0, 0.0, 0.0])  # L = h_t[0]
    # ∂h[0]/∂W_f[0][j] = o[0] · (1 − tanh²C[0]) · C_prev[0] · f[0](1 − f[0]) · [h_prev, x][j]
    hx = [*step.h_prev, *step.x]
    by_hand = [step.o[0] * (1 - step.tanh_c[0] ** 2) * step.c_prev[0] * step.f[0] * (1 - step.f[0]) * v for v in hx]
    assert all(math.isclose(a, b, rel_tol=1e-14) for a, b in zip(grads.params["W_f"][0], by_hand, strict=True))
    assert grads.params["W_f"][1] == [0.0] * 6 and grads.params["W_f"][2] == [0.0] * 6


# Bad input ------------------------------------------------------------------------

LSTM = LSTMCell(3, 2, seed=0)
GRU = GRUCell(3, 2, seed=0)
LSTM_STEPS = LSTM.run([[1, 2, 3], [4, 5, 6]])
GRU_STEPS = GRU.run([[1, 2, 3], [4, 5, 6]])

BAD: list[tuple[str, Any, type[Exception], str]] = [
    (
        "cell is not a cell",
        lambda: backward("LSTM", LSTM_STEPS, [1, 1]),
        TypeError,
        "cell must be an LSTMCell or a GRUCell or an RNNCell, got the string 'LSTM'",
    ),
    (
        "steps of the other kind",
        lambda: backward(LSTM, GRU_STEPS, [1, 1]),
        TypeError,
        "steps are GRUStep traces but cell is an LSTMCell",
    ),
    ("steps are numbers", lambda: backward(LSTM, [1, 2], [1, 1]), TypeError, "steps must be what cell.run returned"),
    ("steps are empty", lambda: backward(LSTM, [], [1, 1]), TypeError, "steps must be what cell.run returned"),
    (
        "steps mix kinds",
        lambda: backward(LSTM, [LSTM_STEPS[0], GRU_STEPS[0]], [1, 1]),
        TypeError,
        "all be LSTMStep or all be GRUStep",
    ),
    (
        "wrong input size",
        lambda: backward(LSTMCell(2, 2), LSTM_STEPS, [1, 1]),
        ValueError,
        "steps[0].x has length 3 but the cell's input_size is 2",
    ),
    (
        "wrong hidden size",
        lambda: backward(LSTMCell(3, 3), LSTM_STEPS, [1, 1, 1]),
        ValueError,
        "steps[0].h has length 2 but the cell's hidden_size is 3",
    ),
    (
        "wrong variant",
        lambda: backward(GRUCell(3, 2, variant="cho2014"), GRU_STEPS, [1, 1]),
        ValueError,
        "variant 'colah' but cell has variant 'cho2014'",
    ),
    (
        "hand rounding",
        lambda: backward(LSTM, LSTM.step([1, 2, 3], round_to=2), [1, 1]),
        ValueError,
        "hand-rounding mode (round_to=2)",
    ),
    (
        "not one sequence",
        lambda: backward(LSTM, [LSTM_STEPS[0], LSTM_STEPS[0]], [1, 1]),
        ValueError,
        "steps[1].h_prev is not steps[0].h",
    ),
    ("dh too short", lambda: backward(LSTM, LSTM_STEPS, [1.0]), ValueError, "dh has length 1 but hidden_size is 2"),
    (
        "dh per step, too few",
        lambda: backward(LSTM, LSTM_STEPS, [[1, 1]]),
        ValueError,
        "dh has 1 vectors but steps has 2 steps",
    ),
    (
        "dh per step, one too short",
        lambda: backward(LSTM, LSTM_STEPS, [[1, 1], [1]]),
        ValueError,
        "dh[1] has length 1 but hidden_size is 2",
    ),
    ("dh is a string", lambda: backward(LSTM, LSTM_STEPS, "1,1"), TypeError, "dh must be a sequence of real numbers"),
    (
        "dh is None",
        lambda: backward(LSTM, LSTM_STEPS, None),
        TypeError,
        "dh must be a sequence of real numbers, got None",
    ),
    ("dh is empty", lambda: backward(LSTM, LSTM_STEPS, []), ValueError, "dh is empty"),
    (
        "dh has NaN",
        lambda: backward(LSTM, LSTM_STEPS, [1.0, float("nan")]),
        ValueError,
        "dh[1] is nan; expected a finite number",
    ),
    (
        "dh has a bool",
        lambda: backward(LSTM, LSTM_STEPS, [True, 1.0]),
        TypeError,
        "dh[0] must be a real number, got the bool True",
    ),
    ("dc for a GRU", lambda: backward(GRU, GRU_STEPS, [1, 1], dc=[1, 1]), ValueError, "dc must be None for a GRUCell"),
    (
        "dc too long",
        lambda: backward(LSTM, LSTM_STEPS, [1, 1], dc=[1, 1, 1]),
        ValueError,
        "dc has length 3 but hidden_size is 2",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_bad_input_raises_a_clear_error(call: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as raised:
        call()
    assert message in str(raised.value)


extreme = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from([1e308, -1e308, 1e200, -1e200, 0.0])
)


@given(sequence_cases(elements=extreme, max_length=3, max_size=3))
def test_extreme_values_give_finite_gradients_equal_to_the_reference(case: tuple) -> None:
    """Overflowing float64 saturates at ±max float (as in the forward pass); the fast path falls back."""
    cell, _, _, _, dhs, dcs = case
    steps = run(case)
    grads = backward(cell, steps, dhs, dcs)
    assert grads == backward_reference(cell, steps, dhs, dcs)
    assert all(math.isfinite(v) for v in all_numbers(grads))


def test_the_fast_path_hands_overflow_to_the_reference() -> None:
    from tinyrnn.fast.backward import lstm_bptt_kernel

    cell = LSTMCell.from_params({name: [[0.0] * 3] if name.startswith("W") else [0.0] for name in LSTM.params})
    steps = cell.run([[1e300, -1e300]], [0.5], [1.0])  # every gate is 0.5; dW = d_pre ⊗ [h, x] overflows
    dhs, dcs = [Vector([1e300])], [None]
    assert lstm_bptt_kernel(cell._params, tuple(steps), dhs, dcs, list(cell.params)) is None
    assert all(math.isfinite(v) for v in all_numbers(backward(cell, steps, [1e300])))


@given(sequence_cases())
def test_the_list_kernels_also_equal_the_reference(case: tuple) -> None:
    """Cells above the size limit of generated code run the list kernels: force them for small cells too."""
    from unittest import mock

    from tinyrnn.fast import backward_source as backward_generated

    cell, _, _, _, dhs, dcs = case
    steps = run(case)
    with mock.patch.object(backward_generated, "GENERATED_LIMIT", 0):
        assert backward_generated.generated_bptt("lstm", LSTM._params, 2, 3) is None
        listed = backward(cell, steps, dhs, dcs)
    assert listed == backward_reference(cell, steps, dhs, dcs) == backward(cell, steps, dhs, dcs)


def test_the_generated_source_reads_like_the_step() -> None:
    from tinyrnn.fast.backward_source import backward_source

    source = backward_source("lstm", hidden_size=2, input_size=1)
    assert "dC_0 = dh_0 * o_0 * (1.0 - tanh_c_0 * tanh_c_0) + dC_0" in source  # dC_0: from the loss and step t+1
    assert "(0.0 + W_f_0_2 * df_pre_0 + W_f_1_2 * df_pre_1)" in source  # column 2 of W_f (x_t's), summed over k
    for kind in ("gru-colah", "gru-cho2014", "gru-pytorch"):
        compile(backward_source(kind, 3, 2), kind, "exec")
    with pytest.raises(ValueError, match="kind must be one of"):
        backward_source("rnn", 1, 1)


def test_the_gradients_repr_lists_the_parameters_and_the_state_gradients() -> None:
    gru = GRUCell(input_size=1, hidden_size=1, seed=0)
    lstm = LSTMCell(input_size=1, hidden_size=1, seed=0)
    assert repr(backward(gru, gru.run([[1.0]]), dh=[1.0])) == (
        "Gradients(params: W_z, b_z, W_r, b_r, W_h, b_h; dx: 1 steps; dh0)"
    )
    assert repr(backward(lstm, lstm.run([[1.0], [2.0]]), dh=[1.0])) == (
        "Gradients(params: W_f, b_f, W_i, b_i, W_c, b_c, W_o, b_o; dx: 2 steps; dh0, dc0)"
    )


def test_gradients_are_equal_exactly_when_their_numbers_are() -> None:
    cell = LSTMCell(input_size=1, hidden_size=1, seed=0)
    steps = cell.run([[1.0], [2.0]])
    grads = backward(cell, steps, dh=[1.0])
    assert grads == backward(cell, steps, dh=[1.0])
    assert grads != backward(cell, steps, dh=[2.0])
    assert grads != grads.to_dict()
    assert sorted(grads.to_dict()) == ["dc0", "dh0", "dx", "params"]
    assert grads.to_dict()["dc0"] == list(grads.dc0)
    gru = GRUCell(input_size=1, hidden_size=1, seed=0)
    assert sorted(backward(gru, gru.run([[1.0]]), dh=[1.0]).to_dict()) == ["dh0", "dx", "params"]


def test_a_vector_upstream_gradient_means_the_last_step_like_a_list() -> None:
    cell = LSTMCell(input_size=1, hidden_size=2, seed=0)
    steps = cell.run([[1.0], [2.0]])
    assert backward(cell, steps, dh=Vector([1.0, -1.0])) == backward(cell, steps, dh=[1.0, -1.0])
    assert backward(cell, steps, dh=Vector([1.0, -1.0])) == backward(cell, steps, dh=[[0.0, 0.0], [1.0, -1.0]])


GRU1, LSTM1 = GRUCell(1, 2, seed=0), LSTMCell(1, 2, seed=0)
LSTM1_STEPS = LSTM1.run([[1.0], [2.0]])
EXACT_MESSAGES = [
    (
        lambda: backward(GRU1, "abc", [1, 1]),
        "steps must be what cell.run returned (a SequenceTrace) or one step from cell.step, got the string 'abc'",
    ),
    (
        lambda: backward(GRU1, LSTM1_STEPS[0], [1, 1]),
        "steps are LSTMStep traces but cell is a GRUCell, which makes GRUStep traces; pass the steps this cell computed",
    ),
    (
        lambda: backward(LSTM1, LSTM1.step([1.0], round_to=2), [1, 1]),
        (
            "steps was computed in hand-rounding mode (round_to=2); rounding has no useful derivative, so the "
            "backward pass needs a full-precision trace: run the cell without round_to"
        ),
    ),
    (
        lambda: backward(LSTM1, [LSTM1_STEPS[0], LSTM1.step([2.0], LSTM1_STEPS[0].h, [0.5, 0.5])], [1, 1]),
        "steps[1].c_prev is not steps[0].c: the steps are not one sequence as cell.run returns it",
    ),
    (
        lambda: backward(LSTM1, LSTM1_STEPS[0], [[1, 1], [1, 1]]),
        (
            "dh has 2 vectors but steps has 1 step; give one vector (the gradient with respect to the last "
            "step's state) or one per step"
        ),
    ),
    (lambda: backward(LSTM1, LSTM1_STEPS, Vector([1.0])), "dh has length 1 but hidden_size is 2"),
    (
        lambda: backward(GRU1, GRUCell(1, 2, variant="pytorch", seed=0).run([[1.0]]), [1, 1]),
        "steps was computed by a GRU of variant 'pytorch' but cell has variant 'colah'",
    ),
    (
        lambda: backward(GRU1, GRU1.run([[1.0]]), [1.0, 1.0], dc=[1.0, 1.0]),
        "dc must be None for a GRUCell: a GRU has no cell state C",
    ),
]


@pytest.mark.parametrize(("call", "message"), EXACT_MESSAGES)
def test_a_single_step_is_called_steps_and_the_message_names_what_differs(call: Any, message: str) -> None:
    """One step is ``steps`` (not ``steps[0]``); a broken chain names the state that breaks it."""
    with pytest.raises((TypeError, ValueError)) as raised:
        call()
    assert str(raised.value) == message
