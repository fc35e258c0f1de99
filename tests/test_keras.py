"""Parity with Keras 3 (on the torch backend): same weights, same sequences, same numbers.

Every direction (``from_keras``, ``to_keras``), every variant, several sizes, batches of
sequences of several steps from random nonzero states, random weights, float64 and float32
layers. Outputs agree within 1e-5 (the issue's bound); the weights round-trip exactly.

Keras 3 computes some of these paths in float32 even for a float64 layer: its type
promotion turns float64 into float32 on every backend but TensorFlow
(``keras.backend.result_type("float64", "float64") == "float32"``, to match JAX), and the
cells' own ``call`` multiplies with ``keras.ops.matmul``. The LSTM layer and the GRU layer with
``reset_after=True`` instead run the torch backend's fused loop in the kernel's dtype. So: the
LSTM and ``reset_after=True`` GRU layers agree to ~1e-16, while the ``reset_after=False`` GRU,
and any LSTM or GRU cell called on its own, agree to ~1e-7 (float32 products).
``test_keras_float32_paths_are_the_documented_ones`` measures it and docs/frameworks.md says it.

Skipped, with the reason, without Keras; CI installs the ``keras`` extra and tests/conftest.py
sets ``KERAS_BACKEND=torch``.
"""

from __future__ import annotations

import random
import subprocess
import sys
from typing import Any

import pytest

from tinyrnn import GRUCell, LSTMCell, examples

keras = pytest.importorskip("keras", reason="Keras 3 is not installed: pip install '.[keras]' (CI installs it)")

TOLERANCE = 1e-5  # the bound for every path
FLOAT64 = 1e-13  # what the float64 paths reach (measured: ~1e-16)
SIZES = [(1, 1), (3, 2), (2, 5), (4, 3)]  # (input_size, hidden_size)
BATCH, STEPS = 3, 4


def _gap(ours: Any, theirs: Any) -> float:
    """The largest difference between two equally shaped nested sequences of numbers."""
    if not isinstance(theirs, list):
        return abs(ours - theirs)
    return max(_gap(a, b) for a, b in zip(ours, theirs, strict=True))


def _data(rng: random.Random, I: int, H: int) -> tuple[list[Any], list[Any], list[Any]]:
    """A batch of input sequences and nonzero initial states h0, c0."""
    xs = [[[rng.uniform(-2, 2) for _ in range(I)] for _ in range(STEPS)] for _ in range(BATCH)]
    h0 = [[rng.uniform(-1, 1) for _ in range(H)] for _ in range(BATCH)]
    c0 = [[rng.uniform(-1, 1) for _ in range(H)] for _ in range(BATCH)]
    return xs, h0, c0


def _random_params(rng: random.Random, layout: dict[str, str], H: int, I: int) -> dict[str, Any]:
    columns = {"hx": H + I, "x": I, "h": H}
    return {
        name: [rng.uniform(-1.5, 1.5) for _ in range(H)]
        if kind == "b"
        else [[rng.uniform(-1.5, 1.5) for _ in range(columns[kind])] for _ in range(H)]
        for name, kind in layout.items()
    }


def _keras_run(layer: Any, xs: list[Any], states: list[Any]) -> list[Any]:
    """``layer`` (return_sequences and return_state) on a batch: [outputs, *final states] as lists."""
    tensor = keras.ops.convert_to_tensor
    results = layer(tensor(xs, "float64"), initial_state=[tensor(state, "float64") for state in states])
    return [result.tolist() for result in results]


def _our_run(cell: Any, xs: list[Any], states: list[Any]) -> list[Any]:
    """The same batch through tinyrnn, one sequence at a time, in Keras's shapes."""
    runs = [cell.run(x, *(state[b] for state in states)) for b, x in enumerate(xs)]
    finals = [[run.h for run in runs]]
    if isinstance(cell, LSTMCell):
        finals.append([run.c for run in runs])
    return [[[step.h for step in run] for run in runs], *finals]


def _lstm_layer(I: int, H: int, dtype: str = "float64", **options: Any) -> Any:
    layer = keras.layers.LSTM(H, return_sequences=True, return_state=True, dtype=dtype, **options)
    layer.build((None, None, I))
    return layer


def _gru_layer(I: int, H: int, dtype: str = "float64", **options: Any) -> Any:
    layer = keras.layers.GRU(H, return_sequences=True, return_state=True, dtype=dtype, **options)
    layer.build((None, None, I))
    return layer


def _randomize(layer: Any, rng: random.Random) -> Any:
    """Random weights, so no gate or bias looks like another (Keras starts biases at 0, or 1 for f)."""
    for variable in layer.weights:
        shape = tuple(variable.shape)
        if len(shape) == 1:
            variable.assign([rng.uniform(-1.5, 1.5) for _ in range(shape[0])])
        else:
            variable.assign([[rng.uniform(-1.5, 1.5) for _ in range(shape[1])] for _ in range(shape[0])])
    return layer


# tinyrnn -> Keras ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("I", "H"), SIZES)
def test_lstm_to_keras_agrees(I: int, H: int) -> None:
    rng = random.Random(I * 100 + H)
    from tinyrnn.params import LAYOUTS

    cell = LSTMCell.from_params(_random_params(rng, LAYOUTS["lstm"], H, I))
    xs, h0, c0 = _data(rng, I, H)
    layer = cell.to_keras()
    assert layer.dtype == "float64" and layer.return_sequences and layer.return_state
    assert _gap(_our_run(cell, xs, [h0, c0]), _keras_run(layer, xs, [h0, c0])) <= FLOAT64


@pytest.mark.parametrize("variant", ["colah", "cho2014", "pytorch"])
@pytest.mark.parametrize(("I", "H"), SIZES)
def test_gru_to_keras_agrees(variant: str, I: int, H: int) -> None:
    from tinyrnn.params import LAYOUTS

    rng = random.Random(I * 100 + H)
    layout = LAYOUTS["gru-pytorch" if variant == "pytorch" else "gru"]
    cell = GRUCell.from_params(_random_params(rng, layout, H, I), variant=variant)
    xs, h0, _ = _data(rng, I, H)
    layer = cell.to_keras()
    assert layer.reset_after is (variant == "pytorch")
    gap = _gap(_our_run(cell, xs, [h0]), _keras_run(layer, xs, [h0]))
    assert gap <= (FLOAT64 if variant == "pytorch" else TOLERANCE), gap


# Keras -> tinyrnn ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize(("I", "H"), SIZES)
def test_lstm_from_keras_agrees(dtype: str, I: int, H: int) -> None:
    rng = random.Random(I * 10 + H)
    layer = _randomize(_lstm_layer(I, H, dtype), rng)
    xs, h0, c0 = _data(rng, I, H)
    cell = LSTMCell.from_keras(layer)
    gap = _gap(_our_run(cell, xs, [h0, c0]), _keras_run(layer, xs, [h0, c0]))
    assert gap <= (FLOAT64 if dtype == "float64" else TOLERANCE), gap


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("implementation", [1, 2])
@pytest.mark.parametrize("reset_after", [True, False])
@pytest.mark.parametrize(("I", "H"), SIZES[1:])
def test_gru_from_keras_agrees(dtype: str, implementation: int, reset_after: bool, I: int, H: int) -> None:
    rng = random.Random(I * 10 + H + implementation)
    layer = _randomize(_gru_layer(I, H, dtype, reset_after=reset_after, implementation=implementation), rng)
    xs, h0, _ = _data(rng, I, H)
    cell = GRUCell.from_keras(layer)
    assert cell.variant == ("pytorch" if reset_after else "cho2014")
    gap = _gap(_our_run(cell, xs, [h0]), _keras_run(layer, xs, [h0]))
    assert gap <= (FLOAT64 if reset_after and dtype == "float64" else TOLERANCE), gap


@pytest.mark.parametrize("kind", ["lstm", "gru"])
def test_keras_cells_called_step_by_step_agree(kind: str) -> None:
    I, H = 3, 4
    rng = random.Random(7)
    keras_cell = (keras.layers.LSTMCell if kind == "lstm" else keras.layers.GRUCell)(H, dtype="float64")
    keras_cell.build((None, I))
    _randomize(keras_cell, rng)
    cell = LSTMCell.from_keras(keras_cell) if kind == "lstm" else GRUCell.from_keras(keras_cell)
    xs, h0, c0 = _data(rng, I, H)
    tensor = keras.ops.convert_to_tensor
    states = [tensor(h0, "float64")] + ([tensor(c0, "float64")] if kind == "lstm" else [])
    outputs = []
    for t in range(STEPS):
        output, states = keras_cell(tensor([x[t] for x in xs], "float64"), states)
        outputs.append(output.tolist())
    ours = _our_run(cell, xs, [h0, c0] if kind == "lstm" else [h0])[0]
    assert _gap([[ours[b][t] for b in range(BATCH)] for t in range(STEPS)], outputs) <= TOLERANCE


def test_use_bias_false_gives_zero_biases() -> None:
    rng = random.Random(3)
    layer = _randomize(_lstm_layer(2, 3, use_bias=False), rng)
    cell = LSTMCell.from_keras(layer)
    assert all(cell.params[f"b_{gate}"] == [0.0] * 3 for gate in "fico")
    xs, h0, c0 = _data(rng, 2, 3)
    assert _gap(_our_run(cell, xs, [h0, c0]), _keras_run(layer, xs, [h0, c0])) <= FLOAT64
    for reset_after in (True, False):
        gru = _randomize(_gru_layer(2, 3, use_bias=False, reset_after=reset_after), rng)
        cell = GRUCell.from_keras(gru)
        assert all(value == [0.0] * 3 for name, value in cell.params.items() if name.startswith("b_"))
        assert _gap(_our_run(cell, xs, [h0]), _keras_run(gru, xs, [h0])) <= TOLERANCE


# Weights: exact round trips ------------------------------------------------------------------------------


def _negated_z(cell: GRUCell) -> GRUCell:
    params = cell.params
    params["W_z"] = [[-w for w in row] for row in params["W_z"]]
    params["b_z"] = [-b for b in params["b_z"]]
    return GRUCell.from_params(params, variant="cho2014")


def test_weights_round_trip_exactly() -> None:
    lstm = LSTMCell(3, 2, seed=4)
    assert LSTMCell.from_keras(lstm.to_keras()) == lstm
    for variant in ("pytorch", "cho2014"):
        gru = GRUCell(3, 2, variant=variant, seed=4)
        assert GRUCell.from_keras(gru.to_keras()) == gru
    colah = GRUCell(3, 2, variant="colah", seed=4)
    assert GRUCell.from_keras(colah.to_keras()) == _negated_z(colah)  # the cho2014 cell of the same function
    # float32 layers: their numbers are float32s, which float64 holds exactly, both ways
    layer = _randomize(_lstm_layer(3, 2, "float32"), random.Random(1))
    back = LSTMCell.from_keras(layer).to_keras()
    assert [w.value.tolist() for w in back.weights] == [w.value.tolist() for w in layer.weights]
    gru32 = _randomize(_gru_layer(3, 2, "float32"), random.Random(2))
    assert [w.value.tolist() for w in GRUCell.from_keras(gru32).to_keras().weights] == [
        w.value.tolist() for w in gru32.weights
    ]


def test_reset_after_keeps_two_bias_vectors() -> None:
    layer = _randomize(_gru_layer(2, 3, reset_after=True), random.Random(5))
    bias = layer.cell.bias.value.tolist()
    params = GRUCell.from_keras(layer).params
    assert params["b_iz"] + params["b_ir"] + params["b_in"] == bias[0]  # Keras's gate order z, r, h
    assert params["b_hz"] + params["b_hr"] + params["b_hn"] == bias[1]  # b_hn: inside the reset


def test_the_slide_examples_in_keras() -> None:
    x, h_prev, c_prev = ([v] for v in (examples.X, examples.H_PREV, examples.C_PREV))
    _, h, c = _keras_run(examples.slide_lstm_cell().to_keras(), [[list(examples.X)]], [h_prev, c_prev])
    assert _gap(c[0], list(examples.slide_lstm().c)) <= FLOAT64
    for variant in ("colah", "cho2014", "pytorch"):
        _, h = _keras_run(examples.slide_gru_cell(variant).to_keras(), [x], [h_prev])
        assert _gap(h[0], list(examples.slide_gru(variant).h)) <= TOLERANCE


# Which paths Keras computes in float32 (docs/frameworks.md) ------------------------------------------------


def test_keras_float32_paths_are_the_documented_ones() -> None:
    if keras.backend.backend() != "torch":
        pytest.skip(f"measured on the torch backend; this run uses {keras.backend.backend()}")
    assert keras.backend.result_type("float64", "float64") == "float32", (
        "Keras now keeps float64 in its type promotion: update the float32 paragraph of docs/frameworks.md"
    )
    rng = random.Random(11)
    I, H = 3, 4
    xs, h0, c0 = _data(rng, I, H)
    lstm = _randomize(_lstm_layer(I, H), rng)
    fused_lstm = _gap(_our_run(LSTMCell.from_keras(lstm), xs, [h0, c0]), _keras_run(lstm, xs, [h0, c0]))
    generic_lstm = _randomize(_lstm_layer(I, H, use_cudnn=False), rng)  # the cell's own call, step by step
    generic = _gap(_our_run(LSTMCell.from_keras(generic_lstm), xs, [h0, c0]), _keras_run(generic_lstm, xs, [h0, c0]))
    gaps = {}
    for reset_after in (True, False):
        gru = _randomize(_gru_layer(I, H, reset_after=reset_after), rng)
        gaps[reset_after] = _gap(_our_run(GRUCell.from_keras(gru), xs, [h0]), _keras_run(gru, xs, [h0]))
    assert fused_lstm <= FLOAT64 and gaps[True] <= FLOAT64  # float64 throughout
    assert 1e-12 < gaps[False] <= 1e-6 and 1e-12 < generic <= 1e-6  # float32 products, float64 elsewhere


def test_import_tinyrnn_never_imports_keras() -> None:
    code = "import sys, tinyrnn; tinyrnn.GRUCell(2, 2, seed=0).step([1.0, 2.0]); print('keras' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_keras_example_of_the_frameworks_page_runs() -> None:
    """docs/frameworks.md shows its Keras example without running it (the docs build needs no Keras): run it here."""
    import ast
    import contextlib
    import io
    import re
    from pathlib import Path

    page = (Path(__file__).resolve().parents[1] / "docs" / "frameworks.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(import keras.*?)```", page, flags=re.S)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "docs/frameworks.md", "exec"), {"__name__": "__docs__"})
    keras_h, ours, reset_after = out.getvalue().splitlines()
    assert _gap(ast.literal_eval(keras_h), ast.literal_eval(ours)) <= FLOAT64
    assert reset_after == "False"
