"""Every hostile input to the Python API gets exactly its documented exception, naming the argument."""

from __future__ import annotations

import pytest
from catalogue import API_CASES, LSTM, Case

from tinyrnn import LSTMCell


@pytest.mark.parametrize("case", API_CASES, ids=[case.id for case in API_CASES])
def test_hostile_input_raises_a_clear_error(case: Case) -> None:
    assert case.call is not None
    if case.needs is not None:
        pytest.importorskip(case.needs, reason=f"{case.needs} is not installed: pip install '.[{case.needs}]'")
    with pytest.raises(Exception) as caught:  # noqa: PT011 - the exact type is checked below
        case.call()
    assert type(caught.value) is case.expected, f"{type(caught.value).__name__}: {caught.value}"
    message = str(caught.value)
    assert "\n" not in message
    for words in case.words:
        assert words in message


def test_one_shot_iterators_are_read_once_and_accepted() -> None:
    expected = LSTM.step([0.5, 0.1, 0.2], [0.1, 0.2], [0.3, 0.4])
    assert LSTM.step(iter([0.5, 0.1, 0.2]), (v for v in [0.1, 0.2]), iter([0.3, 0.4])) == expected
    assert LSTM.run(iter([[0.5, 0.1, 0.2]])) == LSTM.run([[0.5, 0.1, 0.2]])
    # Each parameter entry is read exactly once, so generators work (the bias gives hidden_size, W_f input_size).
    params = LSTM.params
    one_shot = {key: (iter(value) if key in ("b_f", "W_f") else value) for key, value in params.items()}
    assert LSTMCell.from_params(one_shot) == LSTM


# NumPy: real scalars and 1-D arrays of real numbers are vectors' numbers; the rest is refused (docs/api.md).


def test_numpy_real_scalars_and_1d_arrays_are_accepted() -> None:
    np = pytest.importorskip("numpy", reason="NumPy is not installed")
    expected = LSTM.step([0.5, -0.3, 0.8], [0.25, 0.5], [1.0, 2.0])
    assert LSTM.step(np.array([0.5, -0.3, 0.8]), [np.float32(0.25), np.float64(0.5)], np.array([1, 2])) == expected
    assert (
        LSTM.step([np.float16(0.5), -0.3, 0.8], np.array([0.25, 0.5], dtype=np.float32), [np.int64(1), 2]) == expected
    )
    params = {key: np.array(value) for key, value in LSTM.params.items()}
    assert LSTMCell.from_params(params) == LSTM
    assert LSTM.run(np.array([[0.5, -0.3, 0.8]])) == LSTM.run([[0.5, -0.3, 0.8]])


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (lambda np: np.zeros((3, 1)), TypeError, "x[0] must be a real number, got ndarray"),
        (lambda np: np.float64(0.5), TypeError, "x must be a sequence of real numbers, got a single number"),
        (lambda np: np.array(0.5), TypeError, "x must be a sequence of real numbers, got ndarray"),
        (lambda np: np.array([1, 0, 1], dtype=bool), TypeError, "x[0] must be a real number, got bool"),
        (lambda np: np.array([1j, 0, 0]), TypeError, "x[0] must be a real number, got complex128"),
        (lambda np: np.array([0.5, np.nan, 0.0]), ValueError, "x[1] is nan; expected a finite number"),
        (
            lambda np: np.array([0.5, 0.0, np.inf], dtype=np.float32),
            ValueError,
            "x[2] is inf; expected a finite number",
        ),
        (lambda np: np.array(["0.5", "0", "0"]), TypeError, "x[0] must be a real number, got the string"),
        (lambda np: np.array([], dtype=float), ValueError, "x is empty; expected at least one number"),
    ],
    ids=["2-d", "scalar", "0-d", "bool", "complex", "nan", "float32-inf", "strings", "empty"],
)
def test_numpy_values_that_are_not_real_numbers_are_refused(make: object, error: type[Exception], words: str) -> None:
    np = pytest.importorskip("numpy", reason="NumPy is not installed")
    with pytest.raises(error) as caught:
        LSTM.step(make(np))  # type: ignore[operator]
    assert type(caught.value) is error
    assert words in str(caught.value)


def test_a_numpy_longdouble_too_large_for_a_float_is_named() -> None:
    np = pytest.importorskip("numpy", reason="NumPy is not installed")
    if np.finfo(np.longdouble).max <= np.finfo(np.float64).max:
        pytest.skip("this platform's longdouble is a float64")
    with pytest.raises(ValueError, match=r"x\[0\] = longdouble .* is too large for a float"):
        LSTM.step([np.longdouble("1e400"), 0.0, 0.0])
