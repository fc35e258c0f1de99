"""The cell family: the plain RNN and the LSTM with peepholes, coupled gates or no forget gate.

Each new cell is its description, its step, its backward step: the laws the
issue names are checked here with hypothesis, the gradients against central
differences (and PyTorch autograd for the RNN), and the fast kernels against
the readable steps, float for float.
"""

from __future__ import annotations

import json
import math
from itertools import product
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tinyrnn
from gradcheck import analytic, numeric_gradients, relative_error
from strategies import family_cell, family_sequence_cases, moderate, vectors
from tinyrnn import LSTMCell, LSTMStep, RNNCell, RNNStep, SequenceTrace, Vector, backward, examples, family
from tinyrnn.bptt import backward_reference
from tinyrnn.lstm import lstm_step
from tinyrnn.rnn import check_nonlinearity, rnn_step
from tinyrnn.specs import KEYS, spec_of_key

NEW_KEYS = [key for key in KEYS if key not in ("lstm", "gru-colah", "gru-cho2014", "gru-pytorch")]
FLAGS = [
    {"peepholes": p, "coupled": c, "forget_gate": f}
    for p, c, f in product((False, True), repeat=3)
    if not (c and not f)
]
STANDARD = {"peepholes": False, "coupled": False, "forget_gate": True}
unit = st.floats(-1, 1, allow_nan=False)
sizes = st.integers(1, 4)


def identical(a: Any, b: Any) -> bool:
    """Equal to the bit: the same floats, even the sign of every zero."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(identical(u, v) for u, v in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return math.copysign(1.0, a) == math.copysign(1.0, b) and a == b
    return bool(a == b)


@st.composite
def steps(draw: st.DrawFn, key: str, elements: st.SearchStrategy[float] = moderate) -> tuple[Any, list[Vector]]:
    H, I = draw(sizes), draw(sizes)
    cell = family_cell(draw, key, H, I, elements)
    given_values = [Vector(draw(vectors(I if f.input_sized else H, elements))) for f in cell.spec.given]
    return cell, given_values


def readable(cell: Any, given_values: list[Vector], round_to: int | None = None) -> Any:
    if cell.spec.kind == "rnn":
        return rnn_step(cell.weights, cell.nonlinearity, *given_values, round_to)
    options = {"peepholes": cell.peepholes, "coupled": cell.coupled, "forget_gate": cell.forget_gate}
    return lstm_step(cell.weights, *given_values, round_to, **options)


# The fast kernels are the readable steps -----------------------------------------------------


@pytest.mark.parametrize("key", NEW_KEYS)
@given(data=st.data())
def test_the_kernel_of_every_new_cell_is_its_readable_step_float_for_float(key: str, data: st.DataObject) -> None:
    cell, given_values = data.draw(steps(key))
    assert cell._fast is not None  # a generated kernel, written from the description
    assert identical(cell.step(*given_values), readable(cell, given_values))


@pytest.mark.parametrize("key", NEW_KEYS)
def test_a_kernel_gives_up_on_overflow_and_the_readable_step_saturates(key: str) -> None:
    cell = family.from_params(key, {name: _filled(w, 1e308) for name, w in spec_of_key(key).layout.items()})
    given_values = [[1e308] for _ in cell.spec.given]
    step = cell.step(*given_values)
    assert all(math.isfinite(v) for field in step.spec.fields for v in getattr(step, field.name))


def _filled(shape: str, value: float) -> Any:
    return [[value] * 2] if shape == "hx" else [value]


# The laws of the issue ------------------------------------------------------------------------


@given(steps("lstm-coupled"))
def test_coupled_gates_make_the_input_gate_one_minus_the_forget_gate_exactly(case: tuple) -> None:
    cell, given_values = case
    step = cell.step(*given_values)
    assert step.i == 1 - step.f and step.i_pre is None and step.coupled


@given(steps("lstm-no-forget-gate"))
def test_without_a_forget_gate_the_cell_state_only_adds(case: tuple) -> None:
    cell, (x, h, c_prev) = case
    step = cell.step(x, h, c_prev)
    assert step.f == Vector.ones(cell.hidden_size) and step.f_pre is None
    assert step.c == c_prev + step.i * step.c_tilde  # exactly, as computed
    for dc, added, c in zip(step.c - c_prev, step.i * step.c_tilde, step.c, strict=True):
        # C_t − C_{t-1} = i ⊙ C̃ up to the one rounding of the addition (exact in real numbers)
        assert abs(dc - added) <= math.ulp(c)


@pytest.mark.parametrize("flags", [f for f in FLAGS if f["peepholes"]], ids=str)
@given(data=st.data())
def test_peepholes_of_zero_are_the_cell_without_them_float_for_float(
    flags: dict[str, bool], data: st.DataObject
) -> None:
    plain = {**flags, "peepholes": False}
    cell, given_values = data.draw(steps(family.described("lstm", **plain).key))
    zeros = {f"p_{gate}": [0.0] * cell.hidden_size for gate in cell.spec.gates}
    peephole = LSTMCell.from_params({**cell.params, **zeros}, **flags)
    with_them, without = peephole.step(*given_values), cell.step(*given_values)
    for field in cell.spec.fields:
        assert getattr(with_them, field.name) == getattr(without, field.name), field.name


@given(steps("rnn-relu"))
def test_a_relu_rnn_state_is_never_negative(case: tuple) -> None:
    cell, given_values = case
    assert all(v >= 0.0 for v in cell.step(*given_values).h)


@given(steps("rnn-tanh"), st.data())
def test_an_rnn_with_no_recurrent_weights_is_a_feed_forward_layer(case: tuple, data: st.DataObject) -> None:
    cell, (x, h) = case
    H = cell.hidden_size
    params = cell.params
    params["W_h"] = [[0.0] * H + row[H:] for row in params["W_h"]]
    layer = RNNCell.from_params(params)
    other = data.draw(vectors(H, moderate))
    assert layer.step(x, h).h == layer.step(x, other).h


@pytest.mark.parametrize("key", NEW_KEYS)
@given(data=st.data())
def test_json_round_trips_exactly_for_every_kind(key: str, data: st.DataObject) -> None:
    cell, xs, h0, c0, _, _ = data.draw(family_sequence_cases(key))
    run = cell.run(xs, h0, c0) if c0 is not None else cell.run(xs, h0)
    again = SequenceTrace.from_dict(json.loads(json.dumps(run.to_dict())))
    assert again == run
    assert type(run[0]).from_dict(run[0].to_dict()) == run[0]


def test_a_standard_lstm_steps_dict_is_the_first_waves() -> None:
    data = examples.slide_lstm().to_dict()
    assert "peepholes" not in data and "forget_gate" not in data
    assert LSTMStep.from_dict(data) == examples.slide_lstm()
    flagged = examples.slide_cell("lstm-peepholes-coupled").step(examples.X, examples.H_PREV, examples.C_PREV)
    assert flagged.to_dict()["peepholes"] is True and flagged.to_dict()["coupled"] is True


# The flags as a user sees them -------------------------------------------------------------------


@pytest.mark.parametrize("flags", FLAGS, ids=str)
def test_flags_read_back_and_show_in_repr_and_render(flags: dict[str, bool]) -> None:
    cell = LSTMCell(3, 2, seed=1, **flags)
    assert (cell.peepholes, cell.coupled, cell.forget_gate) == tuple(flags.values())
    shown = [f"{name}={value}" for name, value in flags.items() if value != STANDARD[name]]
    assert repr(cell) == f"LSTMCell(input_size=3, hidden_size=2{''.join(', ' + s for s in shown)})"
    step = cell.step([0.1, 0.2, 0.3])
    title = step.render("text").splitlines()[0]
    assert ("peepholes" in title) == flags["peepholes"] and ("no forget gate" in title) == (not flags["forget_gate"])
    assert LSTMCell.from_params(cell.params, **flags) == cell
    assert (cell != LSTMCell(3, 2, seed=1)) == bool(shown)


def test_the_coupled_lstm_has_the_grus_parameter_count() -> None:
    for H, I in ((3, 3), (8, 5), (1, 7)):
        coupled = LSTMCell(I, H, coupled=True).num_parameters
        assert coupled == tinyrnn.GRUCell(I, H).num_parameters == 3 * H * (H + I) + 3 * H


def test_bad_options_name_the_option_to_pass() -> None:
    with pytest.raises(ValueError, match=r"coupled=True needs the forget gate.*pass forget_gate=True"):
        LSTMCell(2, 2, coupled=True, forget_gate=False)
    with pytest.raises(TypeError, match="peepholes must be True or False, got int 1"):
        LSTMCell(2, 2, peepholes=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="forget_gate must be True or False, got the string 'no'"):
        LSTMCell.from_params(LSTMCell(1, 1, seed=0).params, forget_gate="no")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"nonlinearity must be one of 'tanh', 'relu', got the string 'sigmoid'"):
        RNNCell(2, 2, nonlinearity="sigmoid")
    with pytest.raises(ValueError, match=r"did you mean 'relu'"):
        RNNCell(2, 2, nonlinearity="rleu")
    with pytest.raises(TypeError, match="nonlinearity must be one of 'tanh', 'relu', got None"):
        RNNCell.from_params({"W_h": [[1.0, 1.0]], "b_h": [0.0]}, nonlinearity=None)  # type: ignore[arg-type]


def test_the_keys_of_another_kind_name_the_option_to_pass() -> None:
    plain, peephole = LSTMCell(2, 2, seed=0), LSTMCell(2, 2, peepholes=True, seed=0)
    with pytest.raises(ValueError, match=r"these are the keys of .*peepholes=True.*: pass peepholes=True"):
        LSTMCell.from_params(peephole.params)  # a peephole LSTM's keys to a plain one
    with pytest.raises(ValueError, match=r"'p_f'.* pass peepholes=True"):
        LSTMCell.from_params({**plain.params, "p_f": [0.0, 0.0]})  # p_f alone, without peepholes=True
    with pytest.raises(ValueError, match=r"pass peepholes=False"):
        LSTMCell.from_params(plain.params, peepholes=True)
    with pytest.raises(ValueError, match=r"pass coupled=True"):
        LSTMCell.from_params(LSTMCell(2, 2, coupled=True, seed=0).params)
    with pytest.raises(ValueError, match=r"these are the keys of an RNNCell: use RNNCell"):
        LSTMCell.from_params(RNNCell(2, 2, seed=0).params)
    with pytest.raises(ValueError, match=r"these are the keys of a GRUCell"):
        RNNCell.from_params(tinyrnn.GRUCell(2, 2, seed=0).params)


def test_frameworks_refuse_an_lstm_they_do_not_have() -> None:
    for flags in [f for f in FLAGS if f != STANDARD]:
        name = next(n for n, v in flags.items() if v != STANDARD[n])
        with pytest.raises(ValueError, match=rf"to_torch needs the standard LSTM, but this cell has {name}="):
            LSTMCell(2, 2, seed=0, **flags).to_torch()


# Gradients ------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", NEW_KEYS)
@settings(max_examples=15)
@given(data=st.data())
def test_every_gradient_of_every_new_cell_matches_central_differences(key: str, data: st.DataObject) -> None:
    case = data.draw(family_sequence_cases(key, elements=unit, max_length=3, max_size=3), label="case")
    cell, xs, h0, c0, dhs, dcs = case
    grads = backward(cell, cell.run(xs, h0, c0) if c0 is not None else cell.run(xs, h0), dhs, dcs)
    assert grads == backward_reference(cell, cell.run(xs, h0, c0) if c0 is not None else cell.run(xs, h0), dhs, dcs)
    checked = 0
    for path, numeric in numeric_gradients(case):
        if key == "rnn-relu" and _near_the_kink(cell, xs, h0):
            continue  # ReLU has no derivative at 0: central differences straddle it
        assert relative_error(analytic(grads, path), numeric) <= 1e-6, (path, analytic(grads, path), numeric)
        checked += 1
    assert checked == 0 or checked == cell.num_parameters + len(xs) * cell.input_size + len(h0) * (1 + (c0 is not None))


def _near_the_kink(cell: Any, xs: Any, h0: Any) -> bool:
    return any(abs(v) < 1e-4 for step in cell.run(xs, h0) for v in step.h_pre)


@pytest.mark.parametrize("key", NEW_KEYS)
def test_a_cell_of_every_kind_trains(key: str) -> None:
    from tinyrnn.tasks import memory_task

    task = memory_task(delay=1, n_train=10, n_test=4, seed=0)
    cell = family.build(key, task.input_size, 3, seed=0)
    result = tinyrnn.train(cell, task, epochs=2, verbose=False)
    assert type(result.cell) is type(cell) and result.cell.spec is cell.spec and result.cell != cell
    assert len(result.losses) == 2 and all(math.isfinite(v) for v in result.losses)


# PyTorch parity for the RNN ------------------------------------------------------------------


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
@settings(max_examples=25)
@given(data=st.data())
def test_the_rnn_is_torch_rnncell_forward_and_backward(nonlinearity: str, data: st.DataObject) -> None:
    torch = pytest.importorskip("torch", reason="PyTorch is not installed: pip install '.[torch]' (CI installs it)")
    cell, xs, h0, _, dhs, _ = data.draw(family_sequence_cases(f"rnn-{nonlinearity}", elements=unit))
    module = cell.to_torch()
    assert RNNCell.from_torch(module) == cell or _close_params(RNNCell.from_torch(module), cell)
    x = [torch.tensor([v], dtype=torch.float64, requires_grad=True) for v in xs]
    h = start = torch.tensor([h0], dtype=torch.float64, requires_grad=True)
    loss = torch.tensor(0.0, dtype=torch.float64)
    run = cell.run(xs, h0)
    for t in range(len(xs)):
        h = module(x[t], h)
        assert max(abs(a - b) for a, b in zip(h[0].tolist(), run[t].h, strict=True)) <= 1e-12
        loss = loss + (h[0] * torch.tensor(dhs[t], dtype=torch.float64)).sum()
    loss.backward()
    grads = backward(cell, run, dhs)
    H = cell.hidden_size
    expected_W = torch.cat([module.weight_hh.grad, module.weight_ih.grad], dim=1).tolist()
    for row, expected in zip(grads.params["W_h"], expected_W, strict=True):
        assert max(abs(a - b) for a, b in zip(row, expected, strict=True)) <= 1e-10
    assert max(abs(a - b) for a, b in zip(grads.params["b_h"], module.bias_ih.grad.tolist(), strict=True)) <= 1e-10
    assert max(abs(a - b) for a, b in zip(grads.dh0, start.grad[0].tolist(), strict=True)) <= 1e-10
    assert len(grads.dh0) == H


def _close_params(a: RNNCell, b: RNNCell) -> bool:
    """``bias_ih + bias_hh`` is summed on import: equal up to that one rounding."""

    def flat(cell: RNNCell) -> list[float]:
        return [v for row in cell.params["W_h"] for v in row] + cell.params["b_h"]

    return all(abs(u - v) <= 1e-15 for u, v in zip(flat(a), flat(b), strict=True))


def test_torch_rnncell_with_two_biases_imports_with_their_sum() -> None:
    torch = pytest.importorskip("torch", reason="PyTorch is not installed: pip install '.[torch]' (CI installs it)")
    torch.manual_seed(0)
    module = torch.nn.RNNCell(3, 2, nonlinearity="relu").double()
    cell = RNNCell.from_torch(module)
    assert cell.nonlinearity == "relu"
    assert cell.params["b_h"] == (module.bias_ih + module.bias_hh).tolist()
    x, h = [0.3, -0.2, 0.5], [0.1, 0.4]
    expected = module(torch.tensor([x], dtype=torch.float64), torch.tensor([h], dtype=torch.float64))[0].tolist()
    assert max(abs(a - b) for a, b in zip(cell.step(x, h).h, expected, strict=True)) <= 1e-12
    with pytest.raises(TypeError, match=r"module must be a torch\.nn\.RNNCell"):
        RNNCell.from_torch(torch.nn.GRUCell(3, 2))


# The RNN cell as a user calls it ---------------------------------------------------------------


def test_a_bad_nonlinearity_is_named_as_given_with_a_suggestion_only_when_one_is_close() -> None:
    with pytest.raises(TypeError, match=r"^nonlinearity must be one of 'tanh', 'relu', got int 1$"):
        RNNCell(2, 2, nonlinearity=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^nonlinearity must be one of 'tanh', 'relu', got the string 'sigmoid'$"):
        check_nonlinearity("sigmoid")  # nothing close: the message ends there
    with pytest.raises(ValueError, match=r"got the string 'TANH' \(did you mean 'tanh'\?\)$"):
        check_nonlinearity("TANH")


def test_an_rnn_run_rounds_every_step_by_hand_and_names_a_bad_h0() -> None:
    cell = RNNCell.from_params({"W_h": [[0.5, 1.0]], "b_h": [0.1]})
    run = cell.run([[0.4], [0.65]], [0.2], round_to=1)
    # h_pre = 0.5·0.2 + 0.4 + 0.1 = 0.6, h = tanh(0.6) = 0.537 → 0.5; then 0.5·0.5 + 0.65 + 0.1 = 1.0 → 0.8
    assert [(step.h_pre, step.h, step.rounding) for step in run] == [
        (Vector([0.6]), Vector([0.5]), 1),
        (Vector([1.0]), Vector([0.8]), 1),
    ]
    assert cell.run([[0.4], [0.65]], [0.2])[1].h != Vector([0.8])  # in full precision: tanh(1.0186...)
    with pytest.raises(ValueError, match=r"^h0 has length 2 but hidden_size is 1$"):
        cell.run([[0.4]], [0.1, 0.2])


def test_an_rnn_backward_step_refuses_a_cell_state_gradient() -> None:
    cell = RNNCell(1, 1, seed=0)
    with pytest.raises(ValueError, match=r"^dc must be None for an RNNCell: an RNN has no cell state C$"):
        cell.backward_step(cell.step([1.0]), Vector([1.0]), Vector([1.0]))  # type: ignore[arg-type]


def test_a_layout_gives_a_tanh_rnn_unless_told_otherwise() -> None:
    weights = RNNCell.from_params({"W_h": [[0.5, 1.0]], "b_h": [0.1]}).to_layout("onnx")
    assert RNNCell.from_layout(weights, "onnx").nonlinearity == "tanh"  # the weights do not say it
    assert RNNCell.from_layout(weights, "onnx", nonlinearity="relu").nonlinearity == "relu"


def test_an_rnn_too_large_for_a_generated_kernel_steps_with_the_readable_step() -> None:
    cell = RNNCell(30, 30, seed=0)  # H·(H + I) = 1800 products: no generated kernel, no stacked one for an RNN
    assert cell._fast is None
    x, h_prev = [0.01 * k for k in range(30)], [0.5 - 0.02 * k for k in range(30)]
    assert identical(cell.step(x, h_prev), rnn_step(cell.weights, "tanh", Vector(x), Vector(h_prev)))
    run = cell.run([x, x], h_prev)
    assert run[1].h == rnn_step(cell.weights, "tanh", Vector(x), run[0].h).h


# Every output of every new cell ----------------------------------------------------------------


@pytest.mark.parametrize("key", NEW_KEYS)
def test_every_new_cell_renders_rounds_by_hand_and_makes_exercises(key: str) -> None:
    from tinyrnn import exercises

    cell = examples.slide_cell(key)
    step = cell.step(*[getattr(examples, name) for name in ("X", "H_PREV", "C_PREV")][: 1 + len(cell.spec.states)])
    for fmt in ("text", "markdown", "latex", "html"):
        assert "Step 1" in step.render(fmt)
    by_hand = cell.step(
        examples.X, examples.H_PREV, *([examples.C_PREV] if "c" in cell.spec.states else []), round_to=2
    )
    assert by_hand.rounding == 2 and all(v == round(v, 2) for f in cell.spec.fields for v in getattr(by_hand, f.name))
    options = dict(cell.spec.options)
    maker = exercises.MAKERS[cell.spec.kind]
    for kind in ("full", "find-error"):
        ex = maker(seed=3, kind=kind, **options)
        assert ex.cell.spec is cell.spec
        assert ex.question() and ex.answer_key("latex")


def test_the_slide_rnn_is_the_slide_lstms_candidate() -> None:
    rnn = examples.slide_cell("rnn-tanh").step(examples.X, examples.H_PREV)
    assert rnn.h == examples.slide_lstm().c_tilde and isinstance(rnn, RNNStep)
