"""The cells' argument checks: the shortcuts of ``step`` (all lists, all Vectors) decide exactly as ``as_vector`` does."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tinyrnn

# Numbers of every kind the checks must tell apart: floats, ±inf, nan, ints, bools, a string, None.
odd_items = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([math.inf, -math.inf, math.nan, 1, 0, True, "0.5", None, 1e308]),
)
arguments = st.one_of(
    st.lists(st.floats(-3, 3), min_size=1, max_size=4),  # mostly the common case
    st.lists(odd_items, min_size=0, max_size=4),
    st.lists(st.floats(-3, 3), min_size=1, max_size=4).map(tuple),
    st.lists(st.floats(-3, 3), min_size=1, max_size=4).map(tinyrnn.Vector),  # the other shortcut
    st.none(),
)


def outcome(function: Any, *args: Any) -> Any:
    """The trace, or the exception's type and message."""
    try:
        return function(*args)
    except (TypeError, ValueError) as error:
        return type(error), str(error)


def one_by_one(cell: Any, x: Any, *states: Any) -> Any:
    """What ``step`` did before the shortcut: ``as_vector`` on each argument in turn."""
    names = ("h_prev", "c_prev")
    vectors = [cell._input(x, "x"), *(cell._state(s, name) for s, name in zip(states, names, strict=False))]
    return cell._step(*vectors, None)


@given(x=arguments, h=arguments, c=arguments)
def test_lstm_step_checks_lists_as_as_vector_does(x: Any, h: Any, c: Any) -> None:
    cell = tinyrnn.LSTMCell(3, 2, seed=0)
    assert outcome(cell.step, x, h, c) == outcome(one_by_one, cell, x, h, c)


@given(x=arguments, h=arguments)
def test_gru_step_checks_lists_as_as_vector_does(x: Any, h: Any) -> None:
    cell = tinyrnn.GRUCell(3, 2, seed=0)
    assert outcome(cell.step, x, h) == outcome(one_by_one, cell, x, h)


@pytest.mark.parametrize(
    ("x", "h", "words"),
    [
        ([0.5, math.nan, 0.1], [0.0, 0.0], "x[1] is nan"),
        ([0.5, 0.2, 0.1], [math.inf, 0.0], "h_prev[0] is inf"),
        ([0.5, 0.2], [0.0, 0.0], "x has length 2 but input_size is 3"),
        ([0.5, 0.2, 0.1], [0.0], "h_prev has length 1 but hidden_size is 2"),
        ([0.5, True, 0.1], [0.0, 0.0], "x[1] must be a real number, got the bool True"),
        ([1e308, 1e308, 1e308], [1e308, 1e308], None),  # the sum overflows, yet every value is fine
    ],
)
def test_the_shortcut_still_names_the_bad_argument(x: Any, h: Any, words: str | None) -> None:
    cell = tinyrnn.GRUCell(3, 2, seed=0)
    if words is None:
        assert cell.step(x, h) == one_by_one(cell, x, h)
        return
    with pytest.raises((TypeError, ValueError), match=re.escape(words)):
        cell.step(x, h)
