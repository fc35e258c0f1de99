"""The catalogue of hostile inputs: each one, where it enters tinyrnn, and the error it must get.

Every case is one bad input on one *surface*:

``"api"``   a call of the public Python API; ``expected`` is the exception type (exactly that type);
``"cli"``   ``python -m tinyrnn ARGV`` (run as ``tinyrnn.cli.main(argv)``); ``expected`` is the exit status;
``"json"``  ``python -m tinyrnn lstm|gru --params FILE`` with a hostile parameter file; the exit status;
``"http"``  a raw HTTP request to the explainer's server on 127.0.0.1; ``expected`` is the HTTP status.

Each ``id`` starts with its surface (``"api/x-too-short"``). ``words`` are the plain substrings the error message (for HTTP: the response) must contain: for the
API, the command line and the files, the offending argument and what was expected. The tests in this
folder run every case (``test_hostile_*.py``); the docs count the cases by surface. This module
imports only the standard library and tinyrnn, so the docs can import it too::

    sys.path.insert(0, "tests/hostile"); from catalogue import CASES
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import tinyrnn
import tinyrnn.family
from tinyrnn import (
    GRUCell,
    GRUStep,
    LSTMCell,
    LSTMStep,
    Matrix,
    RNNCell,
    RNNStep,
    SequenceTrace,
    Vector,
    examples,
    exercises,
)
from tinyrnn.exercises import lms

SURFACES = ("api", "cli", "json", "http")
NAN, INF = math.nan, math.inf


@dataclass(frozen=True)
class Case:
    """One hostile input and the error it must get (see the module docstring)."""

    id: str
    surface: str
    expected: type[Exception] | int
    words: tuple[str, ...]
    call: Callable[[], object] | None = None  # api
    argv: tuple[str, ...] = ()  # cli, json: "{file}" stands for the parameter file's path
    content: Callable[[], bytes] | None = None  # json: the parameter file
    request: str = ""  # http: "{port}" stands for the server's port (also in words)
    needs: str | None = None  # an optional package the call needs (the case skips, saying so, without it)


# The cells and data the API cases start from ------------------------------------------------------

LSTM = LSTMCell(input_size=3, hidden_size=2, seed=0)
GRU = GRUCell(input_size=3, hidden_size=2, seed=0)
GRU_PYTORCH = GRUCell(input_size=3, hidden_size=2, variant="pytorch", seed=0)
STEP = examples.slide_lstm().to_dict()
GRU_STEP = examples.slide_gru().to_dict()
RUN = LSTMCell(3, 2, seed=1).run([[1.0, 2.0, 3.0], [0.5, 0.5, 0.5]]).to_dict()
RNN = RNNCell(input_size=3, hidden_size=2, seed=0)
RNN_RELU_STEP = RNNCell(3, 2, nonlinearity="relu", seed=1).step([1.0, 1.0, 1.0]).to_dict()


def lstm_params(**changes: Any) -> dict[str, Any]:
    """LSTM's weights with some entries changed (``None`` removes one)."""
    params = {**LSTM.params, **changes}
    return {key: value for key, value in params.items() if value is not None}


def twice(make: Callable[[], Any], use: Callable[[Any], object]) -> Callable[[], object]:
    """Use one value (a one-shot iterator) twice: the second use must not silently see nothing."""

    def call() -> object:
        value = make()
        use(value)
        return use(value)

    return call


def api(name: str, call: Callable[[], object], error: type[Exception], *words: str, needs: str | None = None) -> Case:
    return Case(f"api/{name}", "api", error, words, call=call, needs=needs)


def lstm_step(**changes: Any) -> Callable[[], object]:
    return lambda: LSTMStep.from_dict({**STEP, **changes})


def run_dict(**changes: Any) -> Callable[[], object]:
    return lambda: SequenceTrace.from_dict({**RUN, **changes})


def run_steps(change: Callable[[list[dict[str, Any]]], list[Any]]) -> Callable[[], object]:
    return lambda: SequenceTrace.from_dict({**RUN, "steps": change([dict(step) for step in RUN["steps"]])})


def _backward(*args: Any, **kwargs: Any) -> Callable[[], object]:
    return lambda: tinyrnn.backward(*args, **kwargs)


# Framework layouts (from_layout, to_layout): plain lists in PyTorch's, Keras's and ONNX's layouts --------

PT, KE, ON = (LSTM.to_layout(layout) for layout in ("pytorch", "keras", "onnx"))
GRU_KE, GRU_ON = GRU_PYTORCH.to_layout("keras"), GRU_PYTORCH.to_layout("onnx")


def transposed(rows: list[list[float]]) -> list[list[float]]:
    return [list(column) for column in zip(*rows, strict=True)]


def without(weights: dict[str, Any], key: str) -> dict[str, Any]:
    return {name: value for name, value in weights.items() if name != key}


LAYOUT_CASES = [
    api(
        "layout-unknown",
        lambda: LSTMCell.from_layout(PT, "pytoch"),
        ValueError,
        "layout must be one of 'pytorch', 'keras', 'onnx'",
        "(did you mean 'pytorch'?)",
    ),
    api(
        "layout-another-name",
        lambda: LSTM.to_layout("tensorflow"),
        ValueError,
        "layout must be one of",
        "got 'tensorflow' (did you mean 'keras'?)",
    ),
    api("layout-None", lambda: GRU.to_layout(None), TypeError, "layout must be one of", "got None"),
    api(
        "layout-weights-not-a-mapping",
        lambda: LSTMCell.from_layout([PT["weight_ih"], PT["weight_hh"]], "pytorch"),
        TypeError,
        "weights must be a mapping",
        "PyTorch's layout of an LSTM has weight_ih, weight_hh, bias_ih, bias_hh",
    ),
    api(
        "layout-key-not-a-string",
        lambda: LSTMCell.from_layout({**PT, 0: [0.0]}, "pytorch"),
        TypeError,
        "weights keys must be strings such as 'weight_ih'",
        "got int 0",
    ),
    api(
        "layout-onnx-empty",
        lambda: LSTMCell.from_layout({**ON, "W": []}, "onnx"),
        ValueError,
        "weights['W'] is empty",
        "expected one direction, shape 1 × 4·hidden_size × input_size",
    ),
    api(
        "layout-key-missing",
        lambda: LSTMCell.from_layout(without(ON, "R"), "onnx"),
        ValueError,
        "weights is missing 'R'",
        "ONNX's layout of an LSTM has W, R, B",
    ),
    api(
        "layout-key-misspelt",
        lambda: LSTMCell.from_layout({**without(KE, "kernel"), "kernal": KE["kernel"]}, "keras"),
        ValueError,
        "weights has unknown key 'kernal'",
        "(did you mean 'kernel'?)",
    ),
    api(
        "layout-names-of-another-layout",
        lambda: LSTMCell.from_layout(KE, "pytorch"),
        ValueError,
        "weights has unknown key 'kernel'",
        "(a name of Keras's layout: pass layout='keras')",
    ),
    api(
        "layout-nn-lstm-state-dict",
        lambda: LSTMCell.from_layout({f"{name}_l0": value for name, value in PT.items()}, "pytorch"),
        ValueError,
        "weights has unknown key 'weight_ih_l0'",
        "drop the '_l0'",
    ),
    api(
        "layout-tinyrnn-params",
        lambda: GRUCell.from_layout(GRU.params, "onnx"),
        ValueError,
        "weights has unknown key 'W_z'",
        "use GRUCell.from_params",
    ),
    api(
        "layout-one-pytorch-bias",
        lambda: LSTMCell.from_layout(without(PT, "bias_hh"), "pytorch"),
        ValueError,
        "weights has 'bias_ih' but not 'bias_hh'",
        "both biases or neither (bias=False)",
    ),
    api(
        "layout-transposed-pytorch",
        lambda: LSTMCell.from_layout({**PT, "weight_ih": transposed(PT["weight_ih"])}, "pytorch"),
        ValueError,
        "weights['weight_ih'] has shape 3 × 8",
        "it looks transposed",
    ),
    api(
        "layout-transposed-keras",
        lambda: LSTMCell.from_layout({**KE, "recurrent_kernel": transposed(KE["recurrent_kernel"])}, "keras"),
        ValueError,
        "weights['recurrent_kernel'] has shape 8 × 2",
        "it looks transposed",
    ),
    api(
        "layout-gru-weights-for-an-lstm",
        lambda: LSTMCell.from_layout(GRU_PYTORCH.to_layout("pytorch"), "pytorch"),
        ValueError,
        "PyTorch's weight_hh of an LSTM is 4·hidden_size × hidden_size",
        "6 = 3·2 rows are a GRU's gates: use GRUCell.from_layout",
    ),
    api(
        "layout-lstm-weights-for-a-gru",
        lambda: GRUCell.from_layout({**ON, "linear_before_reset": 1}, "onnx"),
        ValueError,
        "ONNX's R of a GRU is 3·hidden_size × hidden_size",
        "8 = 4·2 rows are an LSTM's gates: use LSTMCell.from_layout",
    ),
    api(
        "layout-input-rows-wrong",
        lambda: LSTMCell.from_layout({**PT, "weight_ih": PT["weight_ih"][:7]}, "pytorch"),
        ValueError,
        "weights['weight_ih'] has shape 7 × 3",
        "4·2 = 8 rows (hidden_size = 2 from weight_hh)",
    ),
    api(
        "layout-bias-wrong-length",
        lambda: LSTMCell.from_layout({**KE, "bias": KE["bias"][:-1]}, "keras"),
        ValueError,
        "weights['bias'] has length 7",
        "4·hidden_size (hidden_size = 2 from recurrent_kernel) is 8",
    ),
    api(
        "layout-onnx-without-direction-axis",
        lambda: LSTMCell.from_layout({**ON, "W": ON["W"][0]}, "onnx"),
        ValueError,
        "weights['W'] has no direction axis",
        "wrap it in a list: [W]",
    ),
    api(
        "layout-onnx-bidirectional",
        lambda: LSTMCell.from_layout({name: value * 2 for name, value in ON.items()}, "onnx"),
        ValueError,
        "holds 2 directions (num_directions = 2",
        "pass [W[0]], [R[0]] and [B[0]] for the forward one",
    ),
    api(
        "layout-onnx-b-one-half",
        lambda: LSTMCell.from_layout({**ON, "B": [ON["B"][0][:8]]}, "onnx"),
        ValueError,
        "weights['B'][0] has length 8",
        "holds W's biases, then R's: 2·4·hidden_size = 16 numbers",
    ),
    api(
        "layout-onnx-peepholes-too-short",
        lambda: LSTMCell.from_layout({**ON, "P": [[0.5] * 5]}, "onnx"),
        ValueError,
        "weights['P'][0] has length 5",
        "3·hidden_size is 6",
    ),
    api(
        "layout-keras-gru-without-reset-after",
        lambda: GRUCell.from_layout(without(GRU_KE, "reset_after"), "keras"),
        ValueError,
        "weights is missing 'reset_after'",
        "True, Keras's default, resets after the product, variant 'pytorch'",
    ),
    api(
        "layout-onnx-gru-without-linear-before-reset",
        lambda: GRUCell.from_layout(without(GRU_ON, "linear_before_reset"), "onnx"),
        ValueError,
        "weights is missing 'linear_before_reset'",
        "0, ONNX's default, resets before the product, variant 'cho2014'",
    ),
    api(
        "layout-linear-before-reset-2",
        lambda: GRUCell.from_layout({**GRU_ON, "linear_before_reset": 2}, "onnx"),
        ValueError,
        "weights['linear_before_reset'] must be 0 or 1",
        "got int 2",
    ),
    api(
        "layout-keras-bias-contradicts-reset-after",
        lambda: GRUCell.from_layout({**GRU_KE, "reset_after": False}, "keras"),
        ValueError,
        "weights['bias'] is two rows",
        "a GRU with reset_after=False is one vector: fix weights['reset_after'] or the bias",
    ),
    api(
        "layout-reset-after-for-an-lstm",
        lambda: LSTMCell.from_layout({**KE, "reset_after": True}, "keras"),
        ValueError,
        "weights has unknown key 'reset_after'",
        "an LSTM has none",
    ),
    api(
        "layout-string-weight",
        lambda: LSTMCell.from_layout({**PT, "bias_ih": ["0.1", *PT["bias_ih"][1:]]}, "pytorch"),
        TypeError,
        "weights['bias_ih'][0] must be a real number",
        "the string '0.1'",
    ),
    api(
        "layout-nan-weight",
        lambda: LSTMCell.from_layout({**ON, "R": [[[NAN, 0.0], *ON["R"][0][1:]]]}, "onnx"),
        ValueError,
        "weights['R'][0][0][0] is nan",
        "expected a finite number",
    ),
    api(
        "layout-colah-gru-to-pytorch",
        lambda: GRU.to_layout("pytorch"),
        ValueError,
        "a GRUCell of variant 'colah' has no PyTorch layout",
        "Use layout='keras' or 'onnx'",
    ),
]


# Keras layers (from_keras): need Keras 3 -------------------------------------------------------------------


def keras_layer(kind: str, built: bool = True, wraps: str | None = None, **options: Any) -> Callable[[], Any]:
    """A Keras layer of ``kind`` (2 units, built for input_size 3 unless told), made when the case runs.

    ``wraps`` makes a wrapper (``Bidirectional``, ``RNN``) around a new, unbuilt layer of that kind.
    """

    def make() -> Any:
        import keras

        if wraps is not None:
            inner = getattr(keras.layers, wraps)(2)
            return getattr(keras.layers, kind)(inner)
        layer = getattr(keras.layers, kind)(2, **options)
        if built:
            layer.build((None, 3) if kind.endswith("Cell") else (None, None, 3))
        return layer

    return make


def keras_case(name: str, cell: type, layer: Callable[[], Any], error: type[Exception], *words: str) -> Case:
    return api(f"keras-{name}", lambda: cell.from_keras(layer()), error, *words, needs="keras")  # type: ignore[attr-defined]


KERAS_CASES = [
    keras_case(
        "gru-for-an-lstm",
        LSTMCell,
        keras_layer("GRU"),
        TypeError,
        "layer must be a keras.layers.LSTM or LSTMCell, got GRU",
        "a GRU goes to GRUCell.from_keras",
    ),
    keras_case(
        "lstm-cell-for-a-gru",
        GRUCell,
        keras_layer("LSTMCell"),
        TypeError,
        "layer must be a keras.layers.GRU or GRUCell, got LSTMCell",
        "an LSTM goes to LSTMCell.from_keras",
    ),
    keras_case("not-a-layer", LSTMCell, dict, TypeError, "layer must be a keras.layers.LSTM", "got dict {}"),
    keras_case(
        "bidirectional",
        LSTMCell,
        keras_layer("Bidirectional", wraps="LSTM"),
        TypeError,
        "got Bidirectional",
        "a Bidirectional layer holds two; pass layer.forward_layer",
    ),
    keras_case(
        "rnn-wrapper",
        GRUCell,
        keras_layer("RNN", wraps="GRUCell"),
        TypeError,
        "got RNN",
        "pass the keras.layers.RNN's layer.cell",
    ),
    keras_case(
        "simple-rnn",
        GRUCell,
        keras_layer("SimpleRNN"),
        TypeError,
        "got SimpleRNN",
        "a SimpleRNN goes to RNNCell.from_keras",
    ),
    keras_case(
        "unbuilt",
        LSTMCell,
        keras_layer("LSTM", built=False),
        ValueError,
        "layer is not built, so it has no weights yet",
        "layer.build((None, None, input_size))",
    ),
    keras_case(
        "activation-relu",
        LSTMCell,
        keras_layer("LSTM", activation="relu"),
        ValueError,
        "layer.activation is relu",
        "build the layer with activation='tanh'",
    ),
    keras_case(
        "recurrent-activation-hard-sigmoid",
        GRUCell,
        keras_layer("GRU", recurrent_activation="hard_sigmoid"),
        ValueError,
        "layer.recurrent_activation is hard_sigmoid",
        "build the layer with recurrent_activation='sigmoid'",
    ),
    keras_case(
        "dropout",
        GRUCell,
        keras_layer("GRU", dropout=0.25),
        ValueError,
        "layer.dropout is 0.25",
        "build the layer with dropout=0.0",
    ),
    keras_case(
        "recurrent-dropout",
        LSTMCell,
        keras_layer("LSTMCell", recurrent_dropout=0.5),
        ValueError,
        "layer.recurrent_dropout is 0.5",
        "build the layer with recurrent_dropout=0.0",
    ),
    keras_case(
        "go-backwards",
        LSTMCell,
        keras_layer("LSTM", go_backwards=True),
        ValueError,
        "layer.go_backwards is True",
        "build the layer with go_backwards=False",
    ),
]

LSTM_RUN = LSTM.run([[1.0, 2.0, 3.0], [0.5, 0.5, 0.5]])
API_CASES = [
    # Exercises and the LMS export (issue 16) ------------------------------------------------------------
    api(
        "exercise-rounding-unknown",
        lambda: exercises.lstm(rounding="per-sum"),
        ValueError,
        "rounding must be one of 'per-line', 'per-product'",
        "the string 'per-sum'",
    ),
    api(
        "lms-saturation",
        lambda: lms.moodle([exercises.lstm(kind="saturation")]),
        ValueError,
        "an LMS quiz asks for numbers",
        "kind='saturation'",
    ),
    # Wrong lengths of x, h_prev, c_prev -------------------------------------------------------------
    api("x-too-short", lambda: LSTM.step([0.5, 0.1]), ValueError, "x has length 2", "but input_size is 3"),
    api("x-too-long", lambda: GRU.step([0.5, 0.1, 0.2, 0.3]), ValueError, "x has length 4", "input_size is 3"),
    api(
        "h_prev-wrong-length",
        lambda: LSTM.step([1, 2, 3], [0.0]),
        ValueError,
        "h_prev has length 1",
        "hidden_size is 2",
    ),
    api(
        "c_prev-wrong-length",
        lambda: LSTM.step([1, 2, 3], None, [0, 0, 0]),
        ValueError,
        "c_prev has length 3",
        "hidden_size is 2",
    ),
    api("x-empty", lambda: LSTM.step([]), ValueError, "x is empty", "expected at least one number"),
    # Wrong types -----------------------------------------------------------------------------------
    api(
        "x-a-string", lambda: LSTM.step("0.5,0.1,0.2"), TypeError, "x must be a sequence of real numbers", "the string"
    ),
    api("x-bytes", lambda: LSTM.step(b"abc"), TypeError, "x must be a sequence of real numbers", "got bytes"),
    api("x-None", lambda: LSTM.step(None), TypeError, "x must be a sequence of real numbers", "got None"),
    api(
        "x-a-number",
        lambda: LSTM.step(0.5),
        TypeError,
        "x must be a sequence",
        "a single number 0.5; wrap it in a list",
    ),
    api("x-a-dict", lambda: LSTM.step({"a": 1}), TypeError, "x must be an ordered sequence of real numbers", "a dict"),
    api("x-a-set", lambda: LSTM.step({1.0, 2.0, 3.0}), TypeError, "x must be an ordered sequence", "a set"),
    api(
        "x-holds-a-bool", lambda: LSTM.step([True, 0.0, 1.0]), TypeError, "x[0] must be a real number", "the bool True"
    ),
    api(
        "x-holds-a-string",
        lambda: LSTM.step([0.5, "0.1", 0.2]),
        TypeError,
        "x[1] must be a real number",
        "the string '0.1'",
    ),
    api("x-holds-None", lambda: GRU.step([0.5, 0.1, None]), TypeError, "x[2] must be a real number", "got None"),
    api("x-holds-complex", lambda: LSTM.step([1j, 0.0, 1.0]), TypeError, "x[0] must be a real number", "got complex"),
    api(
        "x-nested-too-deep",
        lambda: LSTM.step([[0.5], [0.1], [0.2]]),
        TypeError,
        "x[0] must be a real number",
        "nested too deep?",
    ),
    api(
        "h_prev-a-string",
        lambda: GRU.step([1, 2, 3], "ab"),
        TypeError,
        "h_prev must be a sequence of real numbers",
        "the string 'ab'",
    ),
    # NaN, ±inf, numbers too large for a float ----------------------------------------------------------
    api("x-holds-nan", lambda: LSTM.step([0.0, NAN, 1.0]), ValueError, "x[1] is nan", "expected a finite number"),
    api(
        "x-holds-minus-inf", lambda: LSTM.step([0.0, 1.0, -INF]), ValueError, "x[2] is -inf", "expected a finite number"
    ),
    api(
        "h_prev-holds-inf",
        lambda: GRU.step([0, 0, 0], [INF, 0]),
        ValueError,
        "h_prev[0] is inf",
        "expected a finite number",
    ),
    api("c_prev-holds-nan", lambda: LSTM.step([0, 0, 0], None, [0.0, NAN]), ValueError, "c_prev[1] is nan", "finite"),
    api(
        "x-int-10**400",
        lambda: LSTM.step([10**400, 0, 0]),
        ValueError,
        "x[0] = int of about 401 digits",
        "too large for a float",
    ),
    api(
        "x-int-10**5000",
        lambda: LSTM.step([0, 0, -(10**5000)]),
        ValueError,
        "x[2] = negative int of about 5001 digits",
        "too large for a float",
    ),
    # One-shot generators: read once, and a used-up one is named, not taken for an empty vector --------
    api(
        "x-generator-used-twice",
        twice(lambda: (v for v in [0.5, 0.1, 0.2]), LSTM.step),
        ValueError,
        "x is empty",
        "x is an iterator: was it already used up?",
    ),
    api(
        "xs-generator-used-twice",
        twice(lambda: iter([[0.5, 0.1, 0.2]]), GRU.run),
        ValueError,
        "xs is empty",
        "expected at least one input vector (xs is an iterator",
    ),
    # Sequences of inputs ----------------------------------------------------------------------------
    api("xs-empty", lambda: LSTM.run([]), ValueError, "xs is empty", "expected at least one input vector"),
    api(
        "xs-a-string",
        lambda: GRU.run("abc"),
        TypeError,
        "xs must be an ordered sequence of input vectors",
        "the string 'abc'",
    ),
    api(
        "xs-a-dict",
        lambda: LSTM.run({"a": [1, 2, 3]}),
        TypeError,
        "xs must be an ordered sequence of input vectors",
        "dict",
    ),
    api("xs-a-set", lambda: LSTM.run({(1, 2, 3)}), TypeError, "xs must be an ordered sequence of input vectors", "set"),
    api(
        "xs-one-vector",
        lambda: LSTM.run([0.1, 0.2, 0.3]),
        TypeError,
        "xs[0] must be a sequence of real numbers",
        "wrap it in a list",
    ),
    api(
        "xs-item-wrong-length",
        lambda: LSTM.run([[1, 2, 3], [1, 2]]),
        ValueError,
        "xs[1] has length 2",
        "input_size is 3",
    ),
    api("h0-wrong-length", lambda: GRU.run([[1, 2, 3]], h0=[1.0]), ValueError, "h0 has length 1", "hidden_size is 2"),
    api(
        "c0-holds-inf",
        lambda: LSTM.run([[1, 2, 3]], c0=[0.0, INF]),
        ValueError,
        "c0[1] is inf",
        "expected a finite number",
    ),
    # Sizes: 0, negative, float, bool, None, too large ------------------------------------------------
    api("hidden_size-0", lambda: LSTMCell(3, 0), ValueError, "hidden_size must be a positive int", "got 0"),
    api("input_size-negative", lambda: GRUCell(-1, 2), ValueError, "input_size must be a positive int", "got -1"),
    api(
        "input_size-a-float", lambda: LSTMCell(3.0, 2), TypeError, "input_size must be a positive int", "got float 3.0"
    ),
    api(
        "hidden_size-a-bool",
        lambda: LSTMCell(3, True),
        TypeError,
        "hidden_size must be a positive int",
        "the bool True",
    ),
    api("input_size-None", lambda: GRUCell(None, 2), TypeError, "input_size must be a positive int", "got None"),
    api(
        "input_size-a-string",
        lambda: LSTMCell("3", 2),
        TypeError,
        "input_size must be a positive int",
        "the string '3'",
    ),
    api(
        "hidden_size-10**400",
        lambda: LSTMCell(3, 10**400),
        ValueError,
        "hidden_size must be a positive int of at most 10,000,000",
        "int of about 401 digits",
    ),
    api(
        "cell-too-many-parameters",
        lambda: GRUCell(10**6, 10**6),
        ValueError,
        "input_size=1000000 and hidden_size=1000000",
        "holds at most 10,000,000",
    ),
    api("vector-zeros-0", lambda: Vector.zeros(0), ValueError, "length must be a positive int", "got 0"),
    api(
        "sheet-count-too-large",
        lambda: exercises.sheet("lstm", 5000),
        ValueError,
        "count must be a positive int of at most 1,000",
        "got 5000",
    ),
    api("seed-a-string", lambda: LSTMCell(3, 2, seed="1"), TypeError, "seed must be an int or None", "the string '1'"),
    api("seed-a-float", lambda: GRUCell(3, 2, seed=1.5), TypeError, "seed must be an int or None", "float 1.5"),
    # GRU variant ------------------------------------------------------------------------------------
    api(
        "variant-unknown",
        lambda: GRUCell(3, 2, variant="keras"),
        ValueError,
        "variant must be one of 'colah', 'cho2014', 'pytorch'",
        "got 'keras'",
    ),
    api(
        "variant-misspelt",
        lambda: GRUCell(3, 2, variant="Colah"),
        ValueError,
        "variant must be one of",
        "(did you mean 'colah'?)",
    ),
    api(
        "variant-None",
        lambda: GRUCell.from_params(GRU.params, variant=None),
        TypeError,
        "variant must be one of",
        "got None",
    ),
    # Parameter mappings: keys ------------------------------------------------------------------------
    api(
        "params-not-a-mapping",
        lambda: LSTMCell.from_params([1, 2]),
        TypeError,
        "params must be a mapping of W_f, b_f",
        "got list",
    ),
    api(
        "params-None", lambda: GRUCell.from_params(None), TypeError, "params must be a mapping of W_z, b_z", "got None"
    ),
    api(
        "params-empty",
        lambda: LSTMCell.from_params({}),
        ValueError,
        "params is missing 'W_f'",
        "an LSTMCell needs exactly W_f, b_f",
    ),
    api(
        "params-key-missing",
        lambda: LSTMCell.from_params(lstm_params(b_o=None)),
        ValueError,
        "params is missing 'b_o'",
        "needs exactly",
    ),
    api(
        "params-key-misspelt",
        lambda: LSTMCell.from_params(lstm_params(b_o=None, B_o=[0, 0])),
        ValueError,
        "params has unknown key 'B_o'",
        "(did you mean 'b_o'?)",
    ),
    api(
        "params-key-extra",
        lambda: LSTMCell.from_params(lstm_params(W_x=[[0.0]])),
        ValueError,
        "params has unknown key 'W_x'",
        "needs exactly W_f",
    ),
    api(
        "params-key-not-a-string",
        lambda: LSTMCell.from_params({**LSTM.params, 1: 2}),
        TypeError,
        "params keys must be strings such as 'W_f'",
        "got int 1",
    ),
    api(
        "params-pytorch-key-misspelt",
        lambda: GRUCell.from_params(
            {**{k: v for k, v in GRU_PYTORCH.params.items() if k != "W_hn"}, "W_nh": [[0.0] * 2] * 2}, variant="pytorch"
        ),
        ValueError,
        "params has unknown key 'W_nh'",
        "(did you mean 'W_hn'?)",
    ),
    # Wrong gate count: the weights of another cell or variant ------------------------------------------
    api(
        "gru-weights-for-an-lstm",
        lambda: LSTMCell.from_params(GRU.params),
        ValueError,
        "params has unknown key 'W_z'; an LSTMCell needs exactly",
        "these are the keys of a GRUCell: use GRUCell",
    ),
    api(
        "lstm-weights-for-a-gru",
        lambda: GRUCell.from_params(LSTM.params),
        ValueError,
        "params has unknown key 'W_f'; a GRUCell needs exactly",
        "these are the keys of an LSTMCell: use LSTMCell",
    ),
    api(
        "pytorch-weights-for-colah",
        lambda: GRUCell.from_params(GRU_PYTORCH.params),
        ValueError,
        "params has unknown key",
        "pass variant='pytorch'",
    ),
    api(
        "colah-weights-for-pytorch",
        lambda: GRUCell.from_params(GRU.params, variant="pytorch"),
        ValueError,
        "params has unknown key",
        "pass variant='colah' or 'cho2014'",
    ),
    api(
        "stacked-gates",
        lambda: LSTMCell.from_params(lstm_params(W_f=[[0.0] * 5] * 8)),
        ValueError,
        "params['W_f'] has 8 rows",
        "it looks like several gates stacked",
    ),
    # Parameter mappings: shapes and values -------------------------------------------------------------
    api(
        "matrix-ragged",
        lambda: LSTMCell.from_params(lstm_params(W_i=[[0.0] * 5, [0.0] * 4])),
        ValueError,
        "params['W_i'][1] has length 4",
        "a matrix must not be ragged",
    ),
    api(
        "matrix-empty",
        lambda: LSTMCell.from_params(lstm_params(W_f=[])),
        ValueError,
        "params['W_f'] is empty",
        "expected at least one row",
    ),
    api(
        "matrix-empty-rows",
        lambda: LSTMCell.from_params(lstm_params(W_f=[[], []])),
        ValueError,
        "params['W_f'][0] is empty",
        "expected at least one number",
    ),
    api(
        "matrix-wrong-row-count",
        lambda: LSTMCell.from_params(lstm_params(W_o=[[0.0] * 5])),
        ValueError,
        "params['W_o'] has 1 rows",
        "hidden_size (from b_f) is 2",
    ),
    api(
        "matrix-too-few-columns",
        lambda: LSTMCell.from_params(lstm_params(W_f=[[0.0, 0.0]] * 2)),
        ValueError,
        "params['W_f'] has rows of 2 numbers",
        "hidden_size + input_size",
    ),
    api(
        "matrix-of-numbers",
        lambda: LSTMCell.from_params(lstm_params(W_f=[0.1, 0.2])),
        TypeError,
        "params['W_f'][0] must be a row",
        "got float 0.1",
    ),
    api(
        "matrix-a-string",
        lambda: LSTMCell.from_params(lstm_params(W_f="abc")),
        TypeError,
        "params['W_f'] must be a sequence of real numbers",
        "the string 'abc'",
    ),
    api(
        "matrix-a-dict",
        lambda: LSTMCell.from_params(lstm_params(W_c={"a": [1]})),
        TypeError,
        "params['W_c'] must be an ordered sequence",
        "a dict",
    ),
    api(
        "matrix-3-d",
        lambda: LSTMCell.from_params(lstm_params(W_f=[[[0.0] * 5]] * 2)),
        TypeError,
        "params['W_f'][0][0] must be a real number",
        "nested too deep?",
    ),
    api(
        "bias-a-matrix",
        lambda: LSTMCell.from_params(lstm_params(b_f=[[0.0, 0.0]])),
        TypeError,
        "params['b_f'][0] must be a real number",
        "nested too deep?",
    ),
    api(
        "bias-wrong-length",
        lambda: LSTMCell.from_params(lstm_params(b_c=[0.0])),
        ValueError,
        "params['b_c'] has length 1",
        "hidden_size (from b_f) is 2",
    ),
    api(
        "bias-a-bool",
        lambda: LSTMCell.from_params(lstm_params(b_i=True)),
        TypeError,
        "params['b_i'] must be a sequence of real numbers",
        "the bool True",
    ),
    api(
        "weight-nan",
        lambda: LSTMCell.from_params(lstm_params(b_i=[0.0, NAN])),
        ValueError,
        "params['b_i'][1] is nan",
        "expected a finite number",
    ),
    api(
        "weight-inf",
        lambda: GRUCell.from_params({**GRU.params, "W_h": [[INF] * 5] * 2}),
        ValueError,
        "params['W_h'][0][0] is inf",
        "expected a finite number",
    ),
    api(
        "weight-a-string",
        lambda: LSTMCell.from_params(lstm_params(b_i=["0.1", 0.0])),
        TypeError,
        "params['b_i'][0] must be a real number",
        "the string '0.1'",
    ),
    api(
        "weight-10**400",
        lambda: LSTMCell.from_params(lstm_params(b_o=[0, 10**400])),
        ValueError,
        "params['b_o'][1] = int of about 401 digits",
        "too large for a float",
    ),
    # Other keyword arguments -----------------------------------------------------------------------------
    api(
        "round_to-negative",
        lambda: LSTM.step([1, 2, 3], round_to=-1),
        ValueError,
        "round_to must be an int from 0 to 15",
        "got -1",
    ),
    api(
        "round_to-a-float",
        lambda: GRU.step([1, 2, 3], round_to=2.0),
        TypeError,
        "round_to must be an int from 0 to 15",
        "float 2.0",
    ),
    api(
        "render-format",
        lambda: examples.slide_lstm().render("docx"),
        ValueError,
        "fmt must be one of 'text'",
        "the string 'docx'",
    ),
    api(
        "render-decimals-a-bool",
        lambda: examples.slide_gru().render("text", True),
        TypeError,
        "decimals must be an int from 0 to 15",
        "the bool True",
    ),
    api(
        "render-notes-a-list",
        lambda: examples.slide_lstm().render("text", 2, notes=[1]),
        TypeError,
        "notes must map step numbers (int) to remarks (str)",
        "list [1]",
    ),
    # Vectors and activations ----------------------------------------------------------------------------
    api(
        "sigmoid-of-a-string",
        lambda: tinyrnn.sigmoid("1"),
        TypeError,
        "x must be a sequence of real numbers",
        "the string '1'",
    ),
    api("tanh-of-inf", lambda: tinyrnn.tanh(INF), ValueError, "x is inf", "expected a finite number"),
    api(
        "vector-lengths-differ",
        lambda: Vector([1.0, 2.0]) * Vector([1.0]),
        ValueError,
        "cannot multiply vectors",
        "of lengths 2 and 1",
    ),
    api(
        "vector-times-nan",
        lambda: Vector([1.0]) * NAN,
        ValueError,
        "the scalar operand is nan",
        "expected a finite number",
    ),
    api(
        "matrix-ragged-rows",
        lambda: Matrix([[1, 2], [3]]),
        ValueError,
        "rows[1] has length 1 but rows[0] has length 2",
        "must not be ragged",
    ),
    api(
        "matvec-wrong-length",
        lambda: Matrix([[1, 2]]) @ Vector([1.0]),
        ValueError,
        "the right operand of @ has length 1",
        "the number of matrix columns is 2",
    ),
    # Traces from dicts (JSON) ------------------------------------------------------------------------------
    api("step-from-None", lambda: LSTMStep.from_dict(None), TypeError, "data must be a mapping", "got None"),
    api(
        "step-of-the-other-type",
        lambda: LSTMStep.from_dict(GRU_STEP),
        ValueError,
        "data['type'] is 'GRUStep'",
        "LSTMStep.from_dict expects 'LSTMStep'",
    ),
    api("step-field-unknown", lstm_step(g=[1.0]), ValueError, "data has unknown field 'g'", "has fields x, h_prev"),
    api(
        "step-field-missing",
        lambda: LSTMStep.from_dict({k: v for k, v in STEP.items() if k != "f"}),
        ValueError,
        "data is missing field 'f'",
        "has fields x, h_prev",
    ),
    api("step-field-nan", lstm_step(c=[NAN, 0.0, 0.0]), ValueError, "data['c'][0] is nan", "expected a finite number"),
    api("step-field-wrong-length", lstm_step(f=[0.5, 0.5]), ValueError, "data['f'] has length 2", "len(h_prev) is 3"),
    api(
        "step-gate-outside-0-1",
        lstm_step(f=[0.5, 5.0, 0.5]),
        ValueError,
        "data['f'][1] is 5.0",
        "f = σ(f_pre) lies in [0, 1]",
    ),
    api(
        "step-tanh-outside-1",
        lambda: GRUStep.from_dict({**GRU_STEP, "h_tilde": [0.0, -2.0, 0.0]}),
        ValueError,
        "data['h_tilde'][1] is -2.0",
        "lies in [-1, 1]",
    ),
    api(
        "step-rounding-a-string",
        lstm_step(rounding="2"),
        TypeError,
        "data['rounding'] must be an int from 0 to 15",
        "the string '2'",
    ),
    api(
        "gru-step-variant-unknown",
        lambda: GRUStep.from_dict({**GRU_STEP, "variant": "keras"}),
        ValueError,
        "data['variant'] must be one of",
        "the string 'keras'",
    ),
    api(
        "gru-step-field-of-other-variant",
        lambda: GRUStep.from_dict({**GRU_STEP, "hn": [0.0] * 3}),
        ValueError,
        "data['hn'] must be None",
        "for variant 'colah'",
    ),
    api("run-from-a-list", lambda: SequenceTrace.from_dict([RUN]), TypeError, "data must be a mapping", "got list"),
    api(
        "run-key-unknown",
        run_dict(cell="lstm"),
        ValueError,
        "data has unknown key 'cell'",
        "{'type': 'SequenceTrace', 'steps': [...]}",
    ),
    api(
        "run-steps-a-tuple", run_dict(steps=tuple(RUN["steps"])), ValueError, "data['steps'] is tuple", "'steps': [...]"
    ),
    api(
        "run-step-type-unhashable",
        run_steps(lambda steps: [{**steps[0], "type": []}]),
        ValueError,
        "data['steps'][0]['type'] must be 'LSTMStep' or 'GRUStep'",
        "got list []",
    ),
    api(
        "run-step-not-a-mapping",
        run_steps(lambda steps: [steps[0], 5]),
        TypeError,
        "data['steps'][1] must be a mapping",
        "got int 5",
    ),
    api(
        "run-steps-of-two-kinds",
        run_steps(lambda steps: [steps[0], GRU_STEP]),
        ValueError,
        "data['steps'][1] is a GRUStep but data['steps'][0] is an LSTMStep",
        "steps of one kind",
    ),
    api(
        "run-steps-not-chained",
        run_steps(lambda steps: steps[::-1]),
        ValueError,
        "data['steps'][1]['h_prev'] is not data['steps'][0]['h']",
        "not one sequence",
    ),
    api(
        "run-from-None",
        lambda: SequenceTrace(None),
        TypeError,
        "steps must be a sequence of LSTMStep or GRUStep or RNNStep traces",
        "got None",
    ),
    # The family: the plain RNN and the LSTM's options -----------------------------------------------------
    api("rnn-x-too-short", lambda: RNN.step([0.5]), ValueError, "x has length 1", "input_size is 3"),
    api("rnn-h-nan", lambda: RNN.step([0.0, 0.0, 0.0], [NAN, 0.0]), ValueError, "h_prev[0] is nan", "finite"),
    api(
        "rnn-c-given",
        lambda: RNN.step([0.0, 0.0, 0.0], [0.0, 0.0], [0.0, 0.0]),
        TypeError,
        "takes from 2 to 3 positional arguments",  # Python's own message (the name before it varies under mutmut)
        "4 were given",
    ),
    api(
        "rnn-nonlinearity-unknown",
        lambda: RNNCell(3, 2, nonlinearity="sigmoid"),
        ValueError,
        "nonlinearity must be one of 'tanh', 'relu'",
        "the string 'sigmoid'",
    ),
    api(
        "rnn-nonlinearity-typo",
        lambda: RNNCell(3, 2, nonlinearity="Relu"),
        ValueError,
        "nonlinearity must be",
        "did you mean 'relu'?",
    ),
    api("rnn-nonlinearity-None", lambda: RNNCell(3, 2, nonlinearity=None), TypeError, "nonlinearity must be", "None"),
    api("rnn-size-0", lambda: RNNCell(0, 2), ValueError, "input_size must be a positive int", "got 0"),
    api("rnn-seed-float", lambda: RNNCell(3, 2, seed=1.5), TypeError, "seed must be an int or None", "float 1.5"),
    api(
        "rnn-params-missing-b_h",
        lambda: RNNCell.from_params({"W_h": [[0.1, 0.2]]}),
        ValueError,
        "params is missing 'b_h'",
        "needs exactly W_h, b_h",
    ),
    api(
        "rnn-params-of-an-lstm",
        lambda: RNNCell.from_params(LSTM.params),
        ValueError,
        "unknown key",
        "these are the keys of an LSTMCell: use LSTMCell",
    ),
    api(
        "rnn-params-W_h-ragged",
        lambda: RNNCell.from_params({"W_h": [[0.1, 0.2], [0.3]], "b_h": [0.0, 0.0]}),
        ValueError,
        "params['W_h'][1] has length 1",
        "ragged",
    ),
    api("rnn-run-empty", lambda: RNN.run([]), ValueError, "xs is empty", "at least one input vector"),
    api(
        "lstm-coupled-without-forget-gate",
        lambda: LSTMCell(3, 2, coupled=True, forget_gate=False),
        ValueError,
        "coupled=True needs the forget gate",
        "pass forget_gate=True, or coupled=False",
    ),
    api(
        "lstm-flag-not-bool",
        lambda: LSTMCell(3, 2, peepholes="yes"),
        TypeError,
        "peepholes must be True or False",
        "the string 'yes'",
    ),
    api("lstm-flag-int", lambda: LSTMCell(3, 2, coupled=1), TypeError, "coupled must be True or False", "int 1"),
    api(
        "lstm-p_f-without-peepholes",
        lambda: LSTMCell.from_params({**LSTM.params, "p_f": [0.1, 0.2]}),
        ValueError,
        "unknown key 'p_f'",
        "pass peepholes=True",
    ),
    api(
        "lstm-peephole-keys-to-a-plain-cell",
        lambda: LSTMCell.from_params(LSTMCell(3, 2, peepholes=True, seed=0).params),
        ValueError,
        "these are the keys of an LSTM with peepholes=True",
        "pass peepholes=True",
    ),
    api(
        "lstm-plain-keys-to-a-peephole-cell",
        lambda: LSTMCell.from_params(LSTM.params, peepholes=True),
        ValueError,
        "params is missing 'p_f'",
        "pass peepholes=False",
    ),
    api(
        "lstm-peephole-p_f-too-short",
        lambda: LSTMCell.from_params(LSTMCell(3, 2, peepholes=True, seed=0).params | {"p_f": [0.1]}, peepholes=True),
        ValueError,
        "params['p_f'] has length 1",
        "hidden_size",
    ),
    api(
        "lstm-coupled-keys-with-W_i",
        lambda: LSTMCell.from_params(LSTM.params, coupled=True),
        ValueError,
        "unknown key 'W_i'",
        "pass coupled=False",
    ),
    api(
        "lstm-to-torch-peepholes",
        lambda: LSTMCell(3, 2, peepholes=True, seed=0).to_torch(),
        ValueError,
        "to_torch needs the standard LSTM",
        "peepholes=True",
    ),
    api(
        "trace-flag-not-bool",
        lambda: LSTMStep.from_dict({**STEP, "peepholes": "no"}),
        ValueError,
        "data['peepholes'] must be one of False, True",
        "the string 'no'",
    ),
    api(
        "trace-coupled-with-i_pre",
        lambda: LSTMStep.from_dict({**STEP, "coupled": True}),
        ValueError,
        "data['i_pre'] must be None for",
        "coupled True",
    ),
    api(
        "trace-rnn-relu-negative-h",
        lambda: RNNStep.from_dict({**RNN_RELU_STEP, "h": [-0.5, 0.0]}),
        ValueError,
        "data['h'][0] is -0.5",
        "relu(h_pre) lies in [0, inf]",
    ),
    api(
        "exercise-rnn-gate",
        lambda: exercises.rnn(kind="gate"),
        ValueError,
        "an RNN has no gates",
        "use kind='full' or 'find-error'",
    ),
    api(
        "exercise-lstm-flag-not-bool",
        lambda: exercises.lstm(forget_gate=0),
        TypeError,
        "forget_gate must be True or False",
        "int 0",
    ),
    api(
        "family-key-unknown",
        lambda: tinyrnn.family.build("lstm-peephole", 2, 2),
        ValueError,
        "cell kind must be",
        "did you mean 'lstm-peepholes'",
    ),
    # The backward pass ------------------------------------------------------------------------------------
    api(
        "backward-not-a-cell",
        _backward("lstm", LSTM_RUN, [1.0, 0.0]),
        TypeError,
        "cell must be an LSTMCell or a GRUCell",
        "the string 'lstm'",
    ),
    api(
        "backward-steps-of-another-cell",
        _backward(GRU, LSTM_RUN, [1.0, 0.0]),
        TypeError,
        "steps are LSTMStep traces",
        "cell is a GRUCell",
    ),
    api(
        "backward-dh-wrong-length", _backward(LSTM, LSTM_RUN, [1.0]), ValueError, "dh has length 1", "hidden_size is 2"
    ),
    api(
        "backward-dh-nan", _backward(LSTM, LSTM_RUN, [1.0, NAN]), ValueError, "dh[1] is nan", "expected a finite number"
    ),
    api(
        "backward-dc-for-a-gru",
        _backward(GRU, GRU.run([[1, 2, 3]]), [1.0, 0.0], [0.0, 0.0]),
        ValueError,
        "dc must be None for a GRUCell",
        "no cell state",
    ),
    api(
        "backward-hand-rounded",
        _backward(LSTM, LSTM.step([1, 2, 3], round_to=2), [1.0, 0.0]),
        ValueError,
        "hand-rounding mode (round_to=2)",
        "needs a full-precision trace",
    ),
    *LAYOUT_CASES,
    *KERAS_CASES,
]


# The command line ------------------------------------------------------------------------------------


def cli(name: str, argv: str, *words: str, status: int = 2) -> Case:
    return Case(f"cli/{name}", "cli", status, words, argv=tuple(argv.split(" ")))


CLI_CASES = [
    cli("x-not-a-number", "lstm --x 0.5,abc", "--x must be comma-separated numbers", "'abc' is not a number"),
    cli("x-empty-item", "gru --x 0.5,,0.1", "--x must be comma-separated numbers", "'' is not a number"),
    cli("x-too-large", "lstm --x 1e400,0,0", "--x must be comma-separated numbers", "'1e400' is too large for a float"),
    cli("x-nan", "lstm --x nan,0,0", "--x must be comma-separated numbers", "'nan' is not a finite number"),
    cli("x-too-short", "lstm --x 0.5,0.1", "--x has 2 numbers", "the cell's input size is 3"),
    cli("h-too-short", "gru --h 1", "--h has 1 number", "the cell's hidden size is 3"),
    cli("c-too-long", "lstm --c 1,2,3,4", "--c has 4 numbers", "the cell's hidden size is 3"),
    cli("c-for-a-gru", "gru --c 1,2,3", "unrecognized arguments", "--c 1,2,3"),
    cli("decimals-too-many", "lstm --decimals 99", "--decimals must be an int from 0 to 15", "got 99"),
    cli("decimals-a-float", "gru --decimals 1.5", "argument --decimals", "invalid int value: '1.5'"),
    cli("round-to-negative", "lstm --round-to -1", "--round-to must be an int from 0 to 15", "got -1"),
    cli("seed-not-an-int", "lstm --seed 1e3", "argument --seed", "invalid int value: '1e3'"),
    cli("hidden-size-0", "lstm --seed 1 --hidden-size 0", "--hidden-size must be a positive int", "got 0"),
    cli("hidden-size-negative", "gru --seed 1 --hidden-size -3", "--hidden-size must be a positive int", "got -3"),
    cli(
        "hidden-size-huge",
        "lstm --seed 1 --hidden-size 100000000",
        "--hidden-size must be a positive int of at most",
        "got 100000000",
    ),
    cli("hidden-size-vs-weights", "lstm --hidden-size 4", "--hidden-size is 4", "the weights have hidden size 3"),
    cli("format-unknown", "lstm --format pdf", "argument --format", "invalid choice: 'pdf'"),
    cli("variant-unknown", "gru --variant keras", "argument --variant", "invalid choice: 'keras'"),
    cli("seed-and-params", "lstm --seed 1 --params w.json", "argument --params", "not allowed with argument --seed"),
    cli("command-unknown", "frobnicate", "argument COMMAND", "invalid choice: 'frobnicate'"),
    cli("option-unknown", "lstm --colour red", "unrecognized arguments", "--colour"),
    cli("option-mistyped", "lstm --sed 3", "unrecognized arguments: --sed 3", "(did you mean --seed?)"),
    cli("option-mistyped-exercise", "exercise gru --varient pytorch", "--varient", "(did you mean --variant?)"),
    cli("command-mistyped", "lsmt", "invalid choice: 'lsmt'", "(did you mean lstm?)"),
    cli("variant-mistyped", "gru --variant pytroch", "invalid choice: 'pytroch'", "(did you mean pytorch?)"),
    cli(
        "x-negative-not-a-number", "lstm --x -1,zero,1", "--x must be comma-separated numbers", "'zero' is not a number"
    ),
    cli(
        "exercise-gate-without-kind",
        "exercise lstm --gate z",
        "--gate must be one of f, i, c_tilde, o",
        "use `tinyrnn exercise gru --gate z`",
    ),
    cli(
        "exercise-gate-with-another-kind",
        "exercise lstm --kind full --gate f",
        "--gate is only for --kind gate",
        "got --kind full",
    ),
    cli("exercise-no-cell", "exercise --seed 3", "the cell is missing", "tinyrnn exercise lstm|gru|rnn [options]"),
    cli(
        "exercise-decimals-too-many", "exercise lstm --decimals 20", "--decimals must be an int from 0 to 15", "got 20"
    ),
    cli(
        "exercise-grid-too-fine",
        "exercise lstm --grid 0.25 --decimals 1",
        "--grid 0.25 has 2 decimals",
        "but --decimals is 1",
    ),
    cli("standalone-not-latex", "lstm --standalone", "--standalone is only for --format latex", "lstm"),
    cli(
        "exercise-rounding-unknown",
        "exercise lstm --rounding per-sum",
        "argument --rounding",
        "invalid choice: 'per-sum'",
    ),
    cli("exercise-moodle-saturation", "exercise gru --kind saturation --format moodle", "--format moodle", "leave out"),
    cli("exercise-gift-table", "exercise lstm --format gift --table", "--format gift writes numerical", "--table"),
    cli("option-without-value", "lstm --x", "argument --x", "expected one argument"),
    cli("port-too-large", "explainer --port 70000", "--port must be an integer from 0 to 65535", "got 70000"),
    cli("port-not-a-number", "explainer --port http", "--port must be an integer from 0 to 65535", "got 'http'"),
    cli("exercise-count-0", "exercise lstm --count 0", "argument --count", "must be a positive int, got 0"),
    cli(
        "exercise-count-huge",
        "exercise gru --count 5000",
        "--count must be a positive int of at most 1,000",
        "got 5000",
    ),
    cli(
        "exercise-hidden-size-huge",
        "exercise lstm --hidden-size 100000",
        "--hidden-size must be at most 8",
        "got 100000",
    ),
    cli("exercise-grid-nan", "exercise lstm --grid nan", "--grid must be 1/n", "got float nan"),
    cli(
        "exercise-gate-unknown",
        "exercise gru --kind gate --gate f",
        "--gate must be one of r, z",
        "f is a gate of an LSTM",
    ),
    cli("reference-unknown-cell", "reference rnn", "argument {lstm,gru}", "invalid choice: 'rnn'"),
    cli("rnn-nonlinearity-unknown", "rnn --nonlinearity sigmoid", "argument --nonlinearity", "invalid choice"),
    cli(
        "lstm-coupled-no-forget-gate",
        "lstm --coupled --no-forget-gate",
        "--coupled needs the forget gate",
        "drop --no-forget-gate, or drop --coupled",
    ),
    cli("lstm-flag-with-a-value", "lstm --peepholes yes", "unrecognized arguments", "yes"),
    cli("rnn-with-c", "rnn --c 0.1,0.2,0.3", "unrecognized arguments", "--c"),
    cli("exercise-rnn-saturation", "exercise rnn --kind saturation", "an RNN has no gates", "use --kind full"),
    cli("exercise-variant-for-rnn", "exercise rnn --variant pytorch", "--variant", "is only for gru exercises"),
    cli("exercise-flag-for-gru", "exercise gru --peepholes", "--peepholes", "is only for lstm exercises"),
    cli(
        "params-missing-file",
        "lstm --params /nonexistent/w.json",
        "cannot read --params /nonexistent/w.json",
        "No such file",
    ),
    cli("params-a-directory", "gru --params /", "cannot read --params /", "Is a directory"),
]


# Parameter files (--params FILE) -----------------------------------------------------------------------


def params_file(
    name: str, content: str | bytes | Callable[[], bytes], *words: str, cell: str = "lstm", status: int = 2
) -> Case:
    if callable(content):
        make = content
    else:
        data = content.encode("utf-8") if isinstance(content, str) else content
        make = lambda: data  # noqa: E731 - the bytes, made when the test runs
    return Case(f"json/{name}", "json", status, words, argv=(cell, "--params", "{file}"), content=make)


def lstm_json(**changes: Any) -> str:
    """The LSTM slide weights as JSON (3 × 6 matrices), with some entries changed (``None`` removes one)."""
    params = {**examples.SLIDE_LSTM_PARAMS, **changes}
    return json.dumps({key: value for key, value in params.items() if value is not None})


JSON_CASES = [
    params_file("not-json", "{not json", "is not valid JSON", "Expecting property name enclosed in double quotes"),
    params_file("truncated", lstm_json()[:-40], "is not valid JSON", "at line 1 column"),
    params_file("empty-file", "", "is not valid JSON", "Expecting value at line 1 column 1"),
    params_file("not-utf-8", b"\xff\xfe{}", "is not UTF-8 text", "--params"),
    params_file(
        "huge",
        lambda: b"[" + b"0," * 5_000_001 + b"0]",
        "is larger than 10000000 bytes",
        "a parameter file is far smaller",
    ),
    params_file("deeply-nested", "[" * 100_000 + "]" * 100_000, "is nested too deeply", "to be a parameter file"),
    params_file("top-level-list", "[1, 2, 3]", "params must be a mapping of W_f, b_f", "got list"),
    params_file("top-level-null", "null", "params must be a mapping of W_z, b_z", "got None", cell="gru"),
    params_file("nan-weight", lstm_json(b_o=[0.0, NAN, 0.0]), "params['b_o'][1] is nan", "expected a finite number"),
    params_file(
        "infinity-weight", lstm_json(W_c=[[-INF] * 6] * 3), "params['W_c'][0][0] is -inf", "expected a finite number"
    ),
    params_file("number-too-large", '{"W_f": [[1e999]]}', "has the number 1e999", "too large for a float"),
    params_file(
        "integer-too-long",
        '{"b_f": [' + "9" * 5000 + "]}",
        "has the number 99999999999999999...",
        "too large for a float",
    ),
    params_file(
        "key-twice", '{"b_f": [0, 0, 0], "b_f": [1, 1, 1]}', "gives the key 'b_f' twice", "each key must appear once"
    ),
    params_file("key-missing", lstm_json(b_o=None), "params is missing 'b_o'", "an LSTMCell needs exactly"),
    params_file("key-extra", lstm_json(W_x=[[0.0]]), "params has unknown key 'W_x'", "needs exactly W_f"),
    params_file(
        "key-misspelt", lstm_json(b_o=None, bo=[0, 0, 0]), "params has unknown key 'bo'", "(did you mean 'b_o'?)"
    ),
    params_file(
        "wrong-gate-count",
        json.dumps(examples.SLIDE_GRU_PARAMS),
        "holds GRU weights, not LSTM weights",
        "use `tinyrnn gru --params",
    ),
    params_file(
        "other-variant",
        json.dumps(GRU_PYTORCH.params),
        "holds the weights of another GRU",
        "use `tinyrnn gru --variant pytorch --params",
        cell="gru",
    ),
    params_file(
        "ragged-matrix",
        lstm_json(W_i=[[0.0] * 6, [0.0] * 6, [0.0] * 5]),
        "params['W_i'][2] has length 5",
        "must not be ragged",
    ),
    params_file("empty-matrix", lstm_json(W_o=[]), "params['W_o'] is empty", "expected at least one row"),
    params_file(
        "string-weight", lstm_json(b_c=["0.1", 0, 0]), "params['b_c'][0] must be a real number", "the string '0.1'"
    ),
    params_file("bool-weight", lstm_json(b_f=[True, 0, 0]), "params['b_f'][0] must be a real number", "the bool True"),
    params_file(
        "nested-too-deep",
        lstm_json(b_i=[[0.0], [0.0], [0.0]]),
        "params['b_i'][0] must be a real number",
        "nested too deep?",
    ),
    params_file(
        "wrong-row-count", lstm_json(W_o=[[0.0] * 6] * 2), "params['W_o'] has 2 rows", "hidden_size (from b_f) is 3"
    ),
]


# The explainer's server ----------------------------------------------------------------------------------

FORBIDDEN = "only answers requests with Host 127.0.0.1:{port} or localhost:{port}"


def http(name: str, request: str, status: int, *words: str) -> Case:
    return Case(f"http/{name}", "http", status, words, request=request)


def get(path: str = "/", host: str | None = "127.0.0.1:{port}", extra: str = "", method: str = "GET") -> str:
    host_line = "" if host is None else f"Host: {host}\r\n"
    return f"{method} {path} HTTP/1.1\r\n{host_line}{extra}Connection: close\r\n\r\n"


HTTP_CASES = [
    http("host-foreign", get(host="evil.example"), 403, FORBIDDEN),
    http("host-foreign-same-port", get(host="evil.example:{port}"), 403, FORBIDDEN),
    http("host-without-port", get(host="127.0.0.1"), 403, FORBIDDEN),
    http("host-other-port", get(host="localhost:1"), 403, FORBIDDEN),
    http("host-dns-rebinding", get(host="localhost.evil.example:{port}"), 403, FORBIDDEN),
    http("host-with-userinfo", get(host="127.0.0.1:{port}@evil.example"), 403, FORBIDDEN),
    http("host-missing", get(host=None), 403, FORBIDDEN),
    http("host-twice", get(extra="Host: evil.example:{port}\r\n"), 403, FORBIDDEN),
    http("http-1.0-without-host", "GET / HTTP/1.0\r\n\r\n", 403, FORBIDDEN),
    http("traversal-dots", get("/../../../../etc/passwd"), 404, "The RNN Explainer has no such file"),
    http("traversal-encoded", get("/%2e%2e/%2e%2e/etc/passwd"), 404, "no such file"),
    http("traversal-backslashes", get("\\..\\..\\etc\\passwd"), 404, "no such file"),
    http("traversal-to-the-source", get("/../__init__.py"), 404, "no such file"),
    http("absolute-form-foreign", get("http://evil.example/app.js"), 404, "no such file"),
    http("path-with-nul", get("/app.js%00.html"), 404, "no such file"),
    http("method-post", get(method="POST", extra="Content-Length: 0\r\n"), 405, "Only GET and HEAD are allowed"),
    http("method-put", get(method="PUT", extra="Content-Length: 0\r\n"), 405, "Only GET and HEAD are allowed"),
    http("method-trace", get(method="TRACE"), 405, "Only GET and HEAD are allowed"),
    http("method-lowercase-get", get(method="get"), 405, "Only GET and HEAD are allowed"),
    http("header-oversized", get(extra=f"X-Big: {'a' * 70_000}\r\n"), 431, "Line too long"),
    http("headers-too-many", get(extra="".join(f"X-H{k}: {k}\r\n" for k in range(150))), 431, "Too many headers"),
    http("request-line-oversized", get("/" + "a" * 70_000), 414, "URI is too long"),
    http("http-version-2", "GET / HTTP/2.0\r\nHost: 127.0.0.1:{port}\r\n\r\n", 505, "Invalid HTTP version (2.0)"),
    http("http-version-garbage", "GET / HTTP/1.1x\r\nHost: 127.0.0.1:{port}\r\n\r\n", 400, "Bad request version"),
    http("tls-handshake", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http\r\n\r\n", 400, "Bad request"),
]

CASES: list[Case] = [*API_CASES, *CLI_CASES, *JSON_CASES, *HTTP_CASES]


def counts() -> dict[str, int]:
    """How many cases each surface has, in the order of ``SURFACES`` (for the docs)."""
    return {surface: sum(case.surface == surface for case in CASES) for surface in SURFACES}
