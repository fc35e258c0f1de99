"""Bad input gets a clear error naming the argument, expected and received -- never a wrong number."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import tinyrnn
from tinyrnn import GRUCell, LSTMCell, Vector, examples

LSTM = LSTMCell(input_size=3, hidden_size=2, seed=0)
GRU = GRUCell(input_size=3, hidden_size=2, seed=0)
GOOD = LSTM.params


def _params(**changes: Any) -> dict[str, Any]:
    params = {**GOOD, **changes}
    return {k: v for k, v in params.items() if v is not None}


CASES: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    ("x too short", lambda: LSTM.step([0.5, 0.1]), ValueError, "x has length 2 but input_size is 3"),
    ("x too long", lambda: GRU.step([0.5, 0.1, 0.2, 0.3]), ValueError, "x has length 4 but input_size is 3"),
    (
        "h_prev wrong length",
        lambda: LSTM.step([1, 2, 3], h_prev=[0.0]),
        ValueError,
        "h_prev has length 1 but hidden_size is 2",
    ),
    (
        "c_prev wrong length",
        lambda: LSTM.step([1, 2, 3], c_prev=[0, 0, 0]),
        ValueError,
        "c_prev has length 3 but hidden_size is 2",
    ),
    (
        "x is a string",
        lambda: LSTM.step("0.5,0.1,0.2"),
        TypeError,
        "x must be a sequence of real numbers, got the string",
    ),
    ("x is None", lambda: LSTM.step(None), TypeError, "x must be a sequence of real numbers, got None"),
    (
        "x is a number",
        lambda: LSTM.step(0.5),
        TypeError,
        "x must be a sequence of real numbers, got a single number 0.5",
    ),
    (
        "x holds a bool",
        lambda: LSTM.step([True, 0.0, 1.0]),
        TypeError,
        r"x\[0\] must be a real number, got the bool True",
    ),
    ("x holds a complex", lambda: LSTM.step([1j, 0.0, 1.0]), TypeError, r"x\[0\] must be a real number, got complex"),
    (
        "x holds NaN",
        lambda: LSTM.step([0.0, float("nan"), 1.0]),
        ValueError,
        r"x\[1\] is nan; expected a finite number",
    ),
    ("h_prev holds inf", lambda: GRU.step([0, 0, 0], [float("inf"), 0]), ValueError, r"h_prev\[0\] is inf"),
    (
        "x nested too deep",
        lambda: LSTM.step([[0.5], [0.1], [0.2]]),
        TypeError,
        r"x\[0\] must be a real number, got list",
    ),
    (
        "x is a dict",
        lambda: LSTM.step({"a": 1}),
        TypeError,
        "x must be an ordered sequence of real numbers, got a dict",
    ),
    (
        "x is a set",
        lambda: LSTM.step({1.0, 2.0, 3.0}),
        TypeError,
        "x must be an ordered sequence of real numbers, got a set",
    ),
    ("x is empty", lambda: LSTM.step([]), ValueError, "x is empty; expected at least one number"),
    ("int too large", lambda: LSTM.step([10**400, 0, 0]), ValueError, r"x\[0\] = int .* is too large for a float"),
    ("xs empty", lambda: LSTM.run([]), ValueError, "xs is empty; expected at least one input vector"),
    ("xs a string", lambda: GRU.run("abc"), TypeError, "xs must be a sequence of input vectors, got the string 'abc'"),
    ("xs item wrong", lambda: LSTM.run([[1, 2, 3], [1, 2]]), ValueError, r"xs\[1\] has length 2 but input_size is 3"),
    ("h0 wrong", lambda: GRU.run([[1, 2, 3]], h0=[1.0]), ValueError, "h0 has length 1 but hidden_size is 2"),
    ("hidden_size 0", lambda: LSTMCell(3, 0), ValueError, "hidden_size must be a positive int, got 0"),
    ("input_size negative", lambda: GRUCell(-1, 2), ValueError, "input_size must be a positive int, got -1"),
    ("size a float", lambda: LSTMCell(3.0, 2), TypeError, "input_size must be a positive int, got float 3.0"),
    ("size a bool", lambda: LSTMCell(3, True), TypeError, "hidden_size must be a positive int, got the bool True"),
    ("seed a string", lambda: LSTMCell(3, 2, seed="1"), TypeError, "seed must be an int or None, got the string '1'"),
    (
        "unknown variant",
        lambda: GRUCell(3, 2, variant="keras"),
        ValueError,
        "variant must be one of 'colah', 'cho2014', 'pytorch'",
    ),
    ("params not a mapping", lambda: LSTMCell.from_params([1, 2]), TypeError, "params must be a mapping of W_f, b_f"),
    (
        "params key missing",
        lambda: LSTMCell.from_params(_params(b_o=None)),
        ValueError,
        "params is missing 'b_o'; an LSTMCell needs exactly",
    ),
    (
        "params key misspelt",
        lambda: LSTMCell.from_params(_params(b_o=None, B_o=[0, 0])),
        ValueError,
        r"params has unknown key 'B_o' \(did you mean 'b_o'\?\)",
    ),
    (
        "params extra key",
        lambda: LSTMCell.from_params(_params(W_x=[[0.0]])),
        ValueError,
        "params has unknown key 'W_x'",
    ),
    ("params key not a string", lambda: LSTMCell.from_params({**GOOD, 1: 2}), TypeError, "params keys must be strings"),
    (
        "ragged matrix",
        lambda: LSTMCell.from_params(_params(W_i=[[0.0] * 5, [0.0] * 4])),
        ValueError,
        r"params\['W_i'\]\[1\] has length 4 but params\['W_i'\]\[0\] has length 5",
    ),
    (
        "wrong row count",
        lambda: LSTMCell.from_params(_params(W_o=[[0.0] * 5])),
        ValueError,
        r"params\['W_o'\] has 1 rows but hidden_size \(from b_f\) is 2",
    ),
    (
        "too few columns",
        lambda: LSTMCell.from_params(_params(W_f=[[0.0, 0.0], [0.0, 0.0]])),
        ValueError,
        r"params\['W_f'\] has rows of 2 numbers, but hidden_size \(from b_f\) is 2 and each row needs",
    ),
    (
        "stacked gates",
        lambda: LSTMCell.from_params(_params(W_f=[[0.0] * 5] * 8)),
        ValueError,
        r"params\['W_f'\] has 8 rows but hidden_size \(from b_f\) is 2; it looks like several gates stacked",
    ),
    ("empty matrix", lambda: LSTMCell.from_params(_params(W_f=[])), ValueError, r"params\['W_f'\] is empty"),
    (
        "bias wrong length",
        lambda: LSTMCell.from_params(_params(b_c=[0.0])),
        ValueError,
        r"params\['b_c'\] has length 1 but hidden_size \(from b_f\) is 2",
    ),
    (
        "NaN weight",
        lambda: LSTMCell.from_params(_params(b_i=[0.0, float("nan")])),
        ValueError,
        r"params\['b_i'\]\[1\] is nan",
    ),
    (
        "string weight",
        lambda: LSTMCell.from_params(_params(b_i=["0.1", 0.0])),
        TypeError,
        r"params\['b_i'\]\[0\] must be a real number, got the string '0.1'",
    ),
    (
        "matrix where a row is a number",
        lambda: LSTMCell.from_params(_params(W_f=[0.1, 0.2])),
        TypeError,
        r"params\['W_f'\]\[0\] must be a row",
    ),
    (
        "gru keys of the other variant",
        lambda: GRUCell.from_params(GRUCell(1, 1, variant="pytorch", seed=0).params),
        ValueError,
        "pass variant='pytorch'",
    ),
    (
        "round_to negative",
        lambda: LSTM.step([1, 2, 3], round_to=-1),
        ValueError,
        "round_to must be an int from 0 to 15, got -1",
    ),
    ("render format", lambda: examples.slide_lstm().render("docx"), ValueError, "fmt must be one of"),
    (
        "sigmoid of a string",
        lambda: tinyrnn.sigmoid("1"),
        TypeError,
        "x must be a sequence of real numbers, got the string '1'",
    ),
    (
        "vector of mismatched length",
        lambda: Vector([1.0, 2.0]) * Vector([1.0]),
        ValueError,
        "cannot multiply vectors of lengths 2 and 1",
    ),
]


@pytest.mark.parametrize(("case", "call", "error", "words"), CASES, ids=[case[0] for case in CASES])
def test_bad_input_raises_a_clear_error(
    case: str, call: Callable[[], object], error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words):
        call()


def test_the_catalogue_is_large_and_distinct() -> None:
    assert len(CASES) >= 40
    assert len({case[0] for case in CASES}) == len(CASES)


def test_numpy_values_are_accepted() -> None:
    np = pytest.importorskip("numpy", reason="NumPy is not installed")
    step = LSTM.step(np.array([0.5, -0.3, 0.8]), h_prev=[np.float32(0.25), np.float64(0.5)])
    assert step == LSTM.step([0.5, -0.3, 0.8], [0.25, 0.5])
    with pytest.raises(TypeError, match=r"x\[0\] must be a real number, got ndarray"):
        LSTM.step(np.zeros((3, 1)))
    with pytest.raises(TypeError, match="x must be a sequence of real numbers"):
        LSTM.step(np.float64(0.5))
