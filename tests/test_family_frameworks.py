"""The family in other frameworks: the plain RNN in PyTorch, Keras and ONNX layouts, and ONNX's peepholes.

``RNNCell.from_layout``/``to_layout`` read and write ``nn.RNNCell``'s, Keras
``SimpleRNN``'s and ONNX ``RNN``'s tensors as plain lists; ``from_keras``/
``to_keras`` convert a Keras ``SimpleRNN`` (tanh or ReLU). ONNX's LSTM node
has peepholes, ``P = [P_i, P_o, P_f]`` (the ONNX operator specification,
"LSTM": "P: The weight tensor for peepholes. Concatenation of P[iof]"): they
load as an ``LSTMCell(peepholes=True)``.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import family_sequence_cases
from tinyrnn import LSTMCell, RNNCell
from tinyrnn.interop import FRAMEWORK_LAYOUTS

unit = st.floats(-1, 1, allow_nan=False)


@pytest.mark.parametrize("layout", FRAMEWORK_LAYOUTS)
@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
@given(data=st.data())
def test_an_rnn_round_trips_through_every_layout(layout: str, nonlinearity: str, data: st.DataObject) -> None:
    cell = data.draw(family_sequence_cases(f"rnn-{nonlinearity}"))[0]
    again = RNNCell.from_layout(cell.to_layout(layout), layout, nonlinearity=nonlinearity)
    assert again == cell


def test_an_rnns_layouts_stack_nothing_and_transpose_only_for_keras() -> None:
    cell = RNNCell.from_params({"W_h": [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], "b_h": [0.7, 0.8]})  # H = 2, I = 1
    assert cell.to_layout("pytorch") == {
        "weight_ih": [[0.3], [0.6]],
        "weight_hh": [[0.1, 0.2], [0.4, 0.5]],
        "bias_ih": [0.7, 0.8],
        "bias_hh": [0.0, 0.0],
    }
    assert cell.to_layout("keras") == {
        "kernel": [[0.3, 0.6]],
        "recurrent_kernel": [[0.1, 0.4], [0.2, 0.5]],
        "bias": [0.7, 0.8],
    }
    assert cell.to_layout("onnx") == {
        "W": [[[0.3], [0.6]]],
        "R": [[[0.1, 0.2], [0.4, 0.5]]],
        "B": [[0.7, 0.8, 0.0, 0.0]],
    }


def test_an_rnn_layout_of_the_wrong_shape_is_refused() -> None:
    lstm = LSTMCell(1, 2, seed=0).to_layout("pytorch")
    with pytest.raises(ValueError, match=r"weight_hh.*LSTM's gates: use LSTMCell.from_layout"):
        RNNCell.from_layout(lstm, "pytorch")
    with pytest.raises(ValueError, match="layout must be one of 'pytorch', 'keras', 'onnx'"):
        RNNCell.from_layout({}, "caffe")
    with pytest.raises(ValueError, match="nonlinearity must be one of"):
        RNNCell.from_layout(RNNCell(1, 1, seed=0).to_layout("onnx"), "onnx", nonlinearity="sigmoid")


def test_onnx_peepholes_load_as_an_lstm_with_peepholes_in_the_order_i_o_f() -> None:
    H, I = 2, 1
    weights = LSTMCell(I, H, seed=0).to_layout("onnx")
    p_i, p_o, p_f = [0.1, 0.2], [0.3, 0.4], [0.5, 0.6]
    cell = LSTMCell.from_layout({**weights, "P": [p_i + p_o + p_f]}, "onnx")
    assert cell.peepholes
    assert (cell.params["p_i"], cell.params["p_o"], cell.params["p_f"]) == (p_i, p_o, p_f)
    assert cell.to_layout("onnx")["P"] == [p_i + p_o + p_f]
    assert not LSTMCell.from_layout({**weights, "P": [[0.0] * 3 * H]}, "onnx").peepholes  # zeros: none
    with pytest.raises(ValueError, match="to_layout needs the standard LSTM, but this cell has peepholes=True"):
        cell.to_layout("keras")


def test_torch_rnncell_goes_through_the_pytorch_layout() -> None:
    torch = pytest.importorskip("torch", reason="PyTorch is not installed: pip install '.[torch]' (CI installs it)")
    torch.manual_seed(3)
    module = torch.nn.RNNCell(3, 2, nonlinearity="relu").double()
    weights = {
        name: getattr(module, name).detach().tolist() for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
    }
    assert RNNCell.from_layout(weights, "pytorch", nonlinearity="relu") == RNNCell.from_torch(module)


# Keras SimpleRNN (Keras 3 on the torch backend) -----------------------------------------------------------


os.environ.setdefault("KERAS_BACKEND", "torch")
try:  # imported once, here: Keras's import changes the recursion limit, which hypothesis tests must not see
    import keras as _KERAS  # noqa: N812 - a module-level constant: the module or None
except ImportError:
    _KERAS = None


def _keras() -> Any:
    if _KERAS is None:
        pytest.skip("Keras is not installed: pip install '.[keras]' (CI installs it)")
    return _KERAS


def _run_keras(layer: Any, keras: Any, xs: list[list[list[float]]], h0: list[list[float]]) -> tuple[Any, Any]:
    sequence, h = layer(
        keras.ops.convert_to_tensor(xs, "float64"), initial_state=[keras.ops.convert_to_tensor(h0, "float64")]
    )
    return sequence.tolist(), h.tolist()


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
@settings(max_examples=8, deadline=None)
@given(data=st.data())
def test_keras_simplernn_and_the_rnn_compute_the_same_sequences(nonlinearity: str, data: st.DataObject) -> None:
    keras = _keras()
    cell, xs, h0, _, _, _ = data.draw(family_sequence_cases(f"rnn-{nonlinearity}", elements=unit, max_length=4))
    batch = data.draw(st.integers(1, 3))
    inputs = [[[x + 0.1 * b for x in step] for step in xs] for b in range(batch)]
    states = [[h + 0.05 * b for h in h0] for b in range(batch)]
    layer = cell.to_keras()
    sequence, h = _run_keras(layer, keras, inputs, states)
    for b in range(batch):
        run = cell.run(inputs[b], states[b])
        for t, step in enumerate(run):
            assert max(abs(u - v) for u, v in zip(sequence[b][t], step.h, strict=True)) <= 1e-5
        assert max(abs(u - v) for u, v in zip(h[b], run.h, strict=True)) <= 1e-5
    assert RNNCell.from_keras(layer) == cell  # float64 weights: exact


def test_keras_simplernn_refusals_name_the_option() -> None:
    keras = _keras()
    layer = keras.layers.SimpleRNN(2, activation="sigmoid")
    layer.build((None, None, 3))
    with pytest.raises(ValueError, match=r"activation is sigmoid.*activation='tanh' or 'relu'"):
        RNNCell.from_keras(layer)
    unbuilt = keras.layers.SimpleRNN(2)
    with pytest.raises(ValueError, match="layer is not built"):
        RNNCell.from_keras(unbuilt)
    dropout = keras.layers.SimpleRNN(2, dropout=0.5)
    dropout.build((None, None, 1))
    with pytest.raises(ValueError, match=r"layer.dropout is 0.5.*dropout=0.0"):
        RNNCell.from_keras(dropout)
    lstm = keras.layers.LSTM(2)
    lstm.build((None, None, 1))
    with pytest.raises(TypeError, match=r"layer must be a keras\.layers\.SimpleRNN"):
        RNNCell.from_keras(lstm)
    simple = keras.layers.SimpleRNN(2)
    simple.build((None, None, 1))
    with pytest.raises(TypeError, match=r"a SimpleRNN goes to RNNCell\.from_keras"):
        LSTMCell.from_keras(simple)
    no_bias = keras.layers.SimpleRNN(2, use_bias=False)
    no_bias.build((None, None, 1))
    assert RNNCell.from_keras(no_bias).params["b_h"] == [0.0, 0.0]
