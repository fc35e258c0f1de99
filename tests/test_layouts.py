"""Framework layouts as plain lists (tinyrnn/interop/layouts.py): round trips, gate orders, and the frameworks' numbers.

Each layout is checked three ways: it round-trips every cell exactly; hand-written weights whose
gates differ land in the gate the framework's documentation names; and the cell loaded from a
framework's weights computes that framework's numbers -- PyTorch itself where it is installed
(CI installs it), Keras in tests/test_keras.py, and for ONNX (not installed anywhere) the numbers
of ONNX's own operator tests and of ONNX Runtime's, copied below with their sources.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import given

from strategies import gru_cases, lstm_cases
from tinyrnn import GRUCell, LSTMCell, examples
from tinyrnn.interop import FRAMEWORK_LAYOUTS, GATE_ORDERS


def _gap(ours: Any, theirs: Any) -> float:
    """The largest difference between two equally long sequences of numbers (or of such sequences)."""
    return max(_gap(a, b) if isinstance(b, list) else abs(a - b) for a, b in zip(ours, theirs, strict=True))


def _negated_z(cell: GRUCell) -> GRUCell:
    """The cho2014 cell computing what a colah cell computes: W_z, b_z negated (σ(−a) = 1 − σ(a))."""
    params = cell.params
    params["W_z"] = [[-w for w in row] for row in params["W_z"]]
    params["b_z"] = [-b for b in params["b_z"]]
    return GRUCell.from_params(params, variant="cho2014")


# Round trips: every cell, every layout, exactly --------------------------------------------------------


@given(case=lstm_cases())
def test_every_lstm_round_trips_exactly_through_every_layout(case: tuple) -> None:
    cell = case[0]
    for layout in FRAMEWORK_LAYOUTS:
        weights = cell.to_layout(layout)
        assert json.loads(json.dumps(weights)) == weights  # plain data
        assert LSTMCell.from_layout(weights, layout) == cell


@given(case=gru_cases(variant="pytorch"))
def test_every_pytorch_gru_round_trips_exactly_through_every_layout(case: tuple) -> None:
    cell = case[0]
    for layout in FRAMEWORK_LAYOUTS:
        weights = cell.to_layout(layout)
        assert json.loads(json.dumps(weights)) == weights
        back = GRUCell.from_layout(weights, layout)
        assert back == cell and back.variant == "pytorch"


@given(case=gru_cases(variant="cho2014"))
def test_a_cho2014_gru_round_trips_through_keras_and_onnx(case: tuple) -> None:
    cell = case[0]
    for layout in ("keras", "onnx"):
        assert GRUCell.from_layout(cell.to_layout(layout), layout) == cell


@given(case=gru_cases(variant="colah"))
def test_a_colah_gru_comes_back_as_the_cho2014_cell_of_the_same_function(case: tuple) -> None:
    cell, x, h = case
    for layout in ("keras", "onnx"):
        back = GRUCell.from_layout(cell.to_layout(layout), layout)
        assert back == _negated_z(cell)
        assert _gap(back.step(x, h).h, cell.step(x, h).h) <= 1e-12


def test_a_reset_before_gru_has_no_pytorch_layout() -> None:
    for variant in ("colah", "cho2014"):
        with pytest.raises(ValueError, match="has no PyTorch layout: PyTorch resets after the matrix product"):
            GRUCell(2, 2, variant=variant, seed=0).to_layout("pytorch")


def test_the_options_say_how_a_gru_resets() -> None:
    pytorch, cho = GRUCell(2, 3, variant="pytorch", seed=0), GRUCell(2, 3, variant="cho2014", seed=0)
    assert pytorch.to_layout("keras")["reset_after"] is True
    assert len(pytorch.to_layout("keras")["bias"]) == 2  # input biases, recurrent biases
    assert cho.to_layout("keras")["reset_after"] is False
    assert len(cho.to_layout("keras")["bias"]) == 9
    assert pytorch.to_layout("onnx")["linear_before_reset"] == 1
    assert cho.to_layout("onnx")["linear_before_reset"] == 0
    assert "reset_after" not in pytorch.to_layout("pytorch")


def test_shapes_are_the_frameworks() -> None:
    H, I = 3, 2
    lstm = LSTMCell(I, H, seed=0)

    def shape(value: Any) -> tuple[int, ...]:
        return (len(value), *shape(value[0])) if isinstance(value, list) else ()

    assert {k: shape(v) for k, v in lstm.to_layout("pytorch").items()} == {
        "weight_ih": (12, 2),
        "weight_hh": (12, 3),
        "bias_ih": (12,),
        "bias_hh": (12,),
    }
    assert {k: shape(v) for k, v in lstm.to_layout("keras").items()} == {
        "kernel": (2, 12),
        "recurrent_kernel": (3, 12),
        "bias": (12,),
    }
    assert {k: shape(v) for k, v in lstm.to_layout("onnx").items()} == {"W": (1, 12, 2), "R": (1, 12, 3), "B": (1, 24)}
    gru = GRUCell(I, H, variant="pytorch", seed=0)
    assert shape(gru.to_layout("keras")["bias"]) == (2, 9)
    assert shape(gru.to_layout("onnx")["B"]) == (1, 18)


# Gate orders: hand-made weights whose gates differ --------------------------------------------------------


def _gate_weights(order: tuple[str, ...]) -> dict[str, float]:
    """Gate k of ``order`` (a framework's own names) gets the number k + 1."""
    return {gate: float(k + 1) for k, gate in enumerate(order)}


def test_lstm_gates_land_where_each_framework_documents_them() -> None:
    # H = I = 1: every block is one number; the input weight of gate k is k + 1, its recurrent one 10·(k + 1).
    pytorch = {"weight_ih": [[1.0], [2.0], [3.0], [4.0]], "weight_hh": [[10.0], [20.0], [30.0], [40.0]]}  # i f g o
    keras = {"kernel": [[1.0, 2.0, 3.0, 4.0]], "recurrent_kernel": [[10.0, 20.0, 30.0, 40.0]]}  # i f c o
    onnx = {"W": [[[1.0], [2.0], [3.0], [4.0]]], "R": [[[10.0], [20.0], [30.0], [40.0]]]}  # i o f c
    expected = {
        "pytorch": {"i": 1, "f": 2, "c": 3, "o": 4},
        "keras": {"i": 1, "f": 2, "c": 3, "o": 4},
        "onnx": {"i": 1, "o": 2, "f": 3, "c": 4},
    }
    for layout, weights in (("pytorch", pytorch), ("keras", keras), ("onnx", onnx)):
        params = LSTMCell.from_layout(weights, layout).params
        for gate, k in expected[layout].items():
            assert params[f"W_{gate}"] == [[10.0 * k, 1.0 * k]], (layout, gate)  # [W_h | W_x]
            assert params[f"b_{gate}"] == [0.0]
    assert GATE_ORDERS["lstm"] == {
        "pytorch": ("i", "f", "g", "o"),
        "keras": ("i", "f", "c", "o"),
        "onnx": ("i", "o", "f", "c"),
    }


def test_gru_gates_and_both_biases_land_where_each_framework_documents_them() -> None:
    pytorch = {
        "weight_ih": [[1.0], [2.0], [3.0]],  # r z n
        "weight_hh": [[10.0], [20.0], [30.0]],
        "bias_ih": [0.1, 0.2, 0.3],
        "bias_hh": [0.01, 0.02, 0.03],
    }
    keras = {
        "kernel": [[2.0, 1.0, 3.0]],  # z r h
        "recurrent_kernel": [[20.0, 10.0, 30.0]],
        "bias": [[0.2, 0.1, 0.3], [0.02, 0.01, 0.03]],
        "reset_after": True,
    }
    onnx = {
        "W": [[[2.0], [1.0], [3.0]]],  # z r h
        "R": [[[20.0], [10.0], [30.0]]],
        "B": [[0.2, 0.1, 0.3, 0.02, 0.01, 0.03]],
        "linear_before_reset": 1,
    }
    cells = [GRUCell.from_layout(w, layout) for layout, w in (("pytorch", pytorch), ("keras", keras), ("onnx", onnx))]
    assert cells[0] == cells[1] == cells[2]
    params = cells[0].params
    assert cells[0].variant == "pytorch"
    assert (params["W_ir"], params["W_iz"], params["W_in"]) == ([[1.0]], [[2.0]], [[3.0]])
    assert (params["W_hr"], params["W_hz"], params["W_hn"]) == ([[10.0]], [[20.0]], [[30.0]])
    assert (params["b_ir"], params["b_hz"], params["b_hn"]) == ([0.1], [0.02], [0.03])  # b_hn kept apart


def test_a_reset_before_gru_adds_onnx_two_biases_and_keeps_keras_one() -> None:
    onnx = {"W": [[[2.0], [1.0], [3.0]]], "R": [[[20.0], [10.0], [30.0]]], "B": [[0.25, 0.5, 1.0, 1.0, 2.0, 4.0]]}
    cell = GRUCell.from_layout({**onnx, "linear_before_reset": 0}, "onnx")
    assert cell.variant == "cho2014"
    assert cell.params == {
        "W_z": [[20.0, 2.0]],
        "b_z": [1.25],
        "W_r": [[10.0, 1.0]],
        "b_r": [2.5],
        "W_h": [[30.0, 3.0]],
        "b_h": [5.0],
    }
    keras = {"kernel": [[2.0, 1.0, 3.0]], "recurrent_kernel": [[20.0, 10.0, 30.0]], "bias": [1.25, 2.5, 5.0]}
    assert GRUCell.from_layout({**keras, "reset_after": False}, "keras") == cell


def test_missing_biases_are_zeros() -> None:
    lstm = {"weight_ih": [[1.0]] * 4, "weight_hh": [[2.0]] * 4}
    assert LSTMCell.from_layout(lstm, "pytorch").params["b_o"] == [0.0]
    gru = {"kernel": [[1.0] * 3], "recurrent_kernel": [[1.0] * 3], "reset_after": True}
    assert GRUCell.from_layout(gru, "keras").params["b_hn"] == [0.0]
    onnx = {"W": [[[1.0]] * 4], "R": [[[1.0]] * 4], "P": [[0.0, 0.0, 0.0]]}  # P of zeros: no peepholes
    assert LSTMCell.from_layout(onnx, "onnx").params["b_c"] == [0.0]


def test_one_shot_iterators_and_numpy_arrays_are_read_once() -> None:
    cell = LSTMCell(2, 3, seed=5)
    weights = cell.to_layout("onnx")
    one_shot = {"W": iter([iter(weights["W"][0])]), "R": weights["R"], "B": iter([iter(weights["B"][0])])}
    assert LSTMCell.from_layout(one_shot, "onnx") == cell
    np = pytest.importorskip("numpy", reason="NumPy is not installed")
    keras = {name: np.array(value) for name, value in cell.to_layout("keras").items()}
    assert LSTMCell.from_layout(keras, "keras") == cell


def test_the_slide_cells_in_every_layout() -> None:
    lstm = examples.slide_lstm_cell()
    for layout in FRAMEWORK_LAYOUTS:
        loaded = LSTMCell.from_layout(lstm.to_layout(layout), layout)
        assert loaded.step(examples.X, examples.H_PREV, examples.C_PREV) == examples.slide_lstm()


# PyTorch itself --------------------------------------------------------------------------------------------


def _torch() -> Any:
    return pytest.importorskip("torch", reason="PyTorch is not installed: pip install '.[torch]' (CI installs it)")


def _tensors(module: Any, suffix: str = "") -> dict[str, Any]:
    return {
        name: getattr(module, name + suffix).detach().double().tolist()
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
    }


@pytest.mark.parametrize(("I", "H"), [(1, 1), (3, 2), (2, 5)])
def test_pytorch_layout_against_torch_lstm_and_gru(I: int, H: int) -> None:
    torch = _torch()
    torch.manual_seed(I * 10 + H)
    rng = random.Random(H)
    xs = [[rng.uniform(-2, 2) for _ in range(I)] for _ in range(4)]
    h0, c0 = [rng.uniform(-1, 1) for _ in range(H)], [rng.uniform(-1, 1) for _ in range(H)]
    inputs = torch.tensor([[x] for x in xs], dtype=torch.float64)  # time, batch, input
    # nn.LSTM, a whole sequence; its state dict names layer 0's tensors weight_ih_l0, ...
    lstm = torch.nn.LSTM(I, H, dtype=torch.float64)
    with torch.no_grad():
        for parameter in lstm.parameters():
            parameter.uniform_(-1, 1)
        out, (_, c_n) = lstm(
            inputs, (torch.tensor([[h0]], dtype=torch.float64), torch.tensor([[c0]], dtype=torch.float64))
        )
    run = LSTMCell.from_layout(_tensors(lstm, "_l0"), "pytorch").run(xs, h0, c0)
    assert _gap([step.h for step in run], out[:, 0].tolist()) < 1e-12
    assert _gap(run.c, c_n[0, 0].tolist()) < 1e-12
    # nn.GRU, and back: to_layout loads into PyTorch's own module
    gru = torch.nn.GRU(I, H, dtype=torch.float64)
    with torch.no_grad():
        for parameter in gru.parameters():
            parameter.uniform_(-1, 1)
        out, _ = gru(inputs, torch.tensor([[h0]], dtype=torch.float64))
    cell = GRUCell.from_layout(_tensors(gru, "_l0"), "pytorch")
    run = cell.run(xs, h0)
    assert _gap([step.h for step in run], out[:, 0].tolist()) < 1e-12
    module = torch.nn.GRUCell(I, H, dtype=torch.float64)
    module.load_state_dict({k: torch.tensor(v, dtype=torch.float64) for k, v in cell.to_layout("pytorch").items()})
    assert _tensors(module) == _tensors(gru, "_l0")


def test_pytorch_layout_of_an_lstm_cell_loads_into_torch() -> None:
    torch = _torch()
    cell = LSTMCell(3, 2, seed=9)
    module = torch.nn.LSTMCell(3, 2, dtype=torch.float64)
    module.load_state_dict({k: torch.tensor(v, dtype=torch.float64) for k, v in cell.to_layout("pytorch").items()})
    x, h, c = [0.5, -1.0, 2.0], [0.3, -0.2], [1.0, -1.5]
    with torch.no_grad():
        h_t, c_t = module(
            torch.tensor([x], dtype=torch.float64),
            (torch.tensor([h], dtype=torch.float64), torch.tensor([c], dtype=torch.float64)),
        )
    step = cell.step(x, h, c)
    assert _gap([*step.h, *step.c], h_t[0].tolist() + c_t[0].tolist()) < 1e-12


# ONNX: the numbers of its own operator tests, and of ONNX Runtime's ------------------------------------------

F32_TENTH = 0.10000000149011612  # 0.1 as a float32, the weight_scale of ONNX's tests

# ONNX's operator tests: onnx/backend/test/case/node/lstm.py and gru.py (onnx 1.23.2), functions export_defaults
# and export_initial_bias; the expected outputs below are the Y_h they generate, stored in the repository as
# onnx/backend/test/data/node/test_{lstm,gru}_{defaults,with_initial_bias}/test_data_set_0/output_0.pb (float32).
# X has sequence length 1 and a batch of 3; every weight is 0.1, every bias of W is 0.1 (those of R are 0).
ONNX_NODE_TESTS = {
    "test_lstm_defaults": (
        "lstm",
        2,
        3,
        [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]],
        False,
        [0.09524120390415192, 0.2560644745826721, 0.4032377600669861],
    ),
    "test_lstm_with_initial_bias": (
        "lstm",
        3,
        4,
        [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]],
        True,
        [0.2560644745826721, 0.536727786064148, 0.6672132015228271],
    ),
    "test_gru_defaults": (
        "gru",
        2,
        5,
        [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]],
        False,
        [0.12397027760744095, 0.2005366086959839, 0.1999165266752243],
    ),
    "test_gru_with_initial_bias": (
        "gru",
        3,
        3,
        [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]],
        True,
        [0.2005366086959839, 0.15482337772846222, 0.07484275847673416],
    ),
}


@pytest.mark.parametrize("name", ONNX_NODE_TESTS)
def test_onnx_layout_reproduces_onnx_operator_tests(name: str) -> None:
    kind, I, H, batch, with_bias, expected = ONNX_NODE_TESTS[name]
    G = 4 if kind == "lstm" else 3
    weights: dict[str, Any] = {"W": [[[F32_TENTH] * I] * (G * H)], "R": [[[F32_TENTH] * H] * (G * H)]}
    if with_bias:
        weights["B"] = [[F32_TENTH] * (G * H) + [0.0] * (G * H)]
    if kind == "gru":
        weights["linear_before_reset"] = 0  # the attribute's default: these nodes do not set it
    cell = LSTMCell.from_layout(weights, "onnx") if kind == "lstm" else GRUCell.from_layout(weights, "onnx")
    for x, y in zip(batch, expected, strict=True):  # one step from zero states; every unit of Y_h is y
        assert all(abs(h - y) < 1e-7 for h in cell.step(x).h), (name, x, cell.step(x).h, y)


# ONNX Runtime's operator tests, onnxruntime/test/providers/cpu/rnn/deep_cpu_lstm_op_test.cc and
# deep_cpu_gru_op_test.cc: unlike ONNX's, their gates have different weights, so they pin the gate order
# (LSTM i, o, f, c; GRU z, r, h), the order of B's halves (W's biases, then R's) and linear_before_reset.
# Sequence length 2, batch 2, input_size 1, hidden_size 3; R is 0.1 everywhere; X[t][b] below.

# TEST(LSTMTest, ForwardSimpleWeightsNoBiasTwoRows): W = 0.1, 0.2, 0.3, 0.4, 1, 2, 3, 4, 10, 11, 12, 13.
ORT_LSTM = {
    "X": [[1.0, 2.0], [10.0, 11.0]],
    "W": [0.1, 0.2, 0.3, 0.4, 1.0, 2.0, 3.0, 4.0, 10.0, 11.0, 12.0, 13.0],
    "Y": [
        [[0.28828835, 0.36581863, 0.45679406], [0.34526032, 0.47220859, 0.55850911]],
        [[0.84196719, 0.89402526, 0.91073048], [0.85882828, 0.90703777, 0.92382453]],
    ],
    "Y_c": [[1.27731147, 1.44181041, 1.53179041], [1.3249796, 1.51063104, 1.61451544]],
}
# TEST(GRUTest, ForwardDefaultActivationsSimpleWeightsWithBiasBatchParallel) and its ...LinearBeforeReset.
ORT_GRU = {
    "X": [[-0.1, 0.2], [-0.3, 0.4]],
    "W": [0.1, 0.2, 0.3, 0.2, 0.3, 0.1, 0.3, 0.1, 0.2],  # wz, wr, wh
    "B": [-0.01, 0.1, 0.01, -0.2, -0.02, 0.02, 0.3, -0.3, -0.3, -0.03, 0.5, -0.7, 0.05, -0.7, 0.3, 0.07, -0.03, 0.5],
    "Y": {
        0: [
            [[0.16783132, -0.11754231, 0.11977843], [0.2046872, -0.10372487, 0.15365849]],
            [[0.22688604, -0.19698407, 0.14017843], [0.33386092, -0.15799662, 0.2381169]],
        ],
        1: [
            [[0.15024948, -0.11097029, -0.02121867], [0.18887489, -0.09747667, 0.02093463]],
            [[0.19538902, -0.19016478, -0.05644283], [0.30856851, -0.15190377, 0.05999807]],
        ],
    },
}


def _f32(values: list[float]) -> list[float]:
    """The float32 nearest each value: ONNX Runtime's tests write their weights as C++ float literals."""
    import struct

    return [struct.unpack("f", struct.pack("f", v))[0] for v in values]


def _sequences(X: list[list[float]]) -> list[list[list[float]]]:
    """ONNX's X[t][b] (input_size 1) as one sequence per batch entry."""
    return [[[X[t][b]] for t in range(len(X))] for b in range(len(X[0]))]


def test_onnx_layout_reproduces_onnx_runtime_lstm_test() -> None:
    W = [[[w] for w in _f32(ORT_LSTM["W"])]]
    cell = LSTMCell.from_layout({"W": W, "R": [[[F32_TENTH] * 3] * 12]}, "onnx")
    for b, xs in enumerate(_sequences(ORT_LSTM["X"])):
        run = cell.run(xs)
        for t, step in enumerate(run):
            assert all(abs(h - y) < 1e-6 for h, y in zip(step.h, ORT_LSTM["Y"][t][b], strict=True)), (b, t)
        assert all(abs(c - y) < 1e-6 for c, y in zip(run.c, ORT_LSTM["Y_c"][b], strict=True)), b


@pytest.mark.parametrize("linear_before_reset", [0, 1])
def test_onnx_layout_reproduces_onnx_runtime_gru_tests(linear_before_reset: int) -> None:
    weights = {
        "W": [[[w] for w in _f32(ORT_GRU["W"])]],
        "R": [[[F32_TENTH] * 3] * 9],
        "B": [_f32(ORT_GRU["B"])],
        "linear_before_reset": linear_before_reset,
    }
    cell = GRUCell.from_layout(weights, "onnx")
    assert cell.variant == ("pytorch" if linear_before_reset else "cho2014")
    expected = ORT_GRU["Y"][linear_before_reset]
    for b, xs in enumerate(_sequences(ORT_GRU["X"])):
        for t, step in enumerate(cell.run(xs)):
            assert all(abs(h - y) < 1e-6 for h, y in zip(step.h, expected[t][b], strict=True)), (b, t, step.h)
