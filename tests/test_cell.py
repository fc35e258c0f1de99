"""The cells' argument checks: the shortcuts of ``step`` (all lists, all Vectors) decide exactly as ``as_vector`` does."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tinyrnn
import tinyrnn.cell

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


def test_equal_cells_hash_equal_and_are_interchangeable_as_keys() -> None:
    a, b = tinyrnn.LSTMCell(2, 3, seed=7), tinyrnn.LSTMCell.from_params(tinyrnn.LSTMCell(2, 3, seed=7).params)
    assert a == b
    assert hash(a) == hash(b)
    assert {a: "first"}[b] == "first"
    assert len({a, b, tinyrnn.LSTMCell(2, 3, seed=8)}) == 2


def test_a_cell_equals_only_cells_of_its_own_class() -> None:
    class MyLSTM(tinyrnn.LSTMCell):
        __slots__ = ()

    params = tinyrnn.LSTMCell(1, 1, seed=0).params
    assert MyLSTM.from_params(params) != tinyrnn.LSTMCell.from_params(params)
    assert MyLSTM.from_params(params) == MyLSTM.from_params(params)


def test_a_list_cell_state_next_to_vectors_is_checked_and_converted() -> None:
    """The all-Vectors shortcut must not let a list ``c_prev`` through unchecked."""
    cell = tinyrnn.LSTMCell(2, 2, seed=0)
    x, h = tinyrnn.Vector([0.5, -0.5]), tinyrnn.Vector([0.1, 0.2])
    step = cell.step(x, h, [0.3, -0.3])
    assert step == cell.step(x, h, tinyrnn.Vector([0.3, -0.3]))
    assert type(step.c_prev) is tinyrnn.Vector
    with pytest.raises(ValueError, match=r"^c_prev\[0\] is nan; expected a finite number$"):
        cell.step(x, h, [math.nan, 0.0])


def test_every_list_argument_of_an_lstm_step_is_checked() -> None:
    cell = tinyrnn.LSTMCell(2, 2, seed=0)
    with pytest.raises(ValueError, match=r"^c_prev\[1\] is inf; expected a finite number$"):
        cell.step([0.5, -0.5], [0.1, 0.2], [0.0, math.inf])
    with pytest.raises(TypeError, match=r"^c_prev\[0\] must be a real number, got the string '0'$"):
        cell.step([0.5, -0.5], [0.1, 0.2], ["0", 0.0])


@pytest.mark.parametrize("kind", [list, tinyrnn.Vector])
def test_a_cell_state_of_the_wrong_length_is_named(kind: Any) -> None:
    cell = tinyrnn.LSTMCell(2, 2, seed=0)
    with pytest.raises(ValueError, match=r"^c_prev has length 1 but hidden_size is 2$"):
        cell.step(kind([0.5, -0.5]), kind([0.1, 0.2]), kind([0.0]))


def test_a_gru_step_from_vectors_equals_the_step_from_lists() -> None:
    cell = tinyrnn.GRUCell(2, 2, seed=0)
    step = cell.step(tinyrnn.Vector([0.5, -0.5]), tinyrnn.Vector([0.1, 0.2]))
    assert step == cell.step([0.5, -0.5], [0.1, 0.2])
    assert step.h_prev == (0.1, 0.2)


@pytest.mark.parametrize("make", [lambda: tinyrnn.LSTMCell(3, 2, seed=0), lambda: tinyrnn.GRUCell(3, 2, seed=0)])
def test_a_cell_of_exactly_the_largest_size_is_built_and_one_more_parameter_is_refused(
    make: Callable[[], tinyrnn.cell.Cell], monkeypatch: pytest.MonkeyPatch
) -> None:
    count = make().num_parameters  # 4·2·5 + 4·2 = 48 for the LSTM, 3·2·5 + 3·2 = 36 for the GRU
    monkeypatch.setattr(tinyrnn.cell, "MAX_SIZE", count)  # the limit, lowered to a size that builds at once
    assert make().num_parameters == count
    monkeypatch.setattr(tinyrnn.cell, "MAX_SIZE", count - 1)
    with pytest.raises(ValueError, match=f"give {count} parameters; a pure-Python cell holds at most {count - 1}"):
        make()


@pytest.mark.parametrize(
    ("cls", "options", "params", "hint"),
    [
        (  # one weight of another option: the smallest change that has it
            tinyrnn.LSTMCell,
            {},
            {**tinyrnn.LSTMCell(1, 1, seed=0).params, "p_f": [0.0]},
            "'p_f' is a weight of an LSTM with peepholes=True: pass peepholes=True",
        ),
        (  # all the keys of a cell with two other options: both are named, in one list
            tinyrnn.LSTMCell,
            {},
            tinyrnn.LSTMCell(1, 1, peepholes=True, coupled=True, seed=0).params,
            "these are the keys of an LSTM with peepholes=True, coupled=True: pass peepholes=True, coupled=True",
        ),
        (  # a weight of two other variants: both are named
            tinyrnn.GRUCell,
            {"variant": "pytorch"},
            {**tinyrnn.GRUCell(1, 1, variant="pytorch", seed=0).params, "W_z": [[0.0, 0.0]]},
            "'W_z' is a weight of variant 'colah' or 'cho2014': pass variant='colah' or 'cho2014'",
        ),
        (  # the hint speaks of the key the error names (the first unknown one), not of another
            tinyrnn.GRUCell,
            {"variant": "pytorch"},
            {name: value for name, value in tinyrnn.GRUCell(1, 1, seed=0).params.items() if name != "b_h"},
            "'W_z' is a weight of variant 'colah' or 'cho2014': pass variant='colah' or 'cho2014'",
        ),
        (  # a peephole of a coupled cell: the nearest cell that has it keeps coupled=True
            tinyrnn.LSTMCell,
            {"coupled": True},
            {**tinyrnn.LSTMCell(1, 1, coupled=True, seed=0).params, "p_o": [0.0]},
            "'p_o' is a weight of an LSTM with peepholes=True: pass peepholes=True",
        ),
    ],
)
def test_a_key_error_names_the_options_whose_weights_were_given(
    cls: Any, options: dict[str, Any], params: dict[str, Any], hint: str
) -> None:
    with pytest.raises(ValueError, match=rf"needs exactly [^;]*; {re.escape(hint)}$"):
        cls.from_params(params, **options)


def test_a_key_that_is_not_a_string_is_named_even_next_to_an_unknown_string_key() -> None:
    """The hint looks at the unknown keys before the keys are checked: it must not trip over an int among strings."""
    params = {**tinyrnn.LSTMCell(1, 1, seed=0).params, 1: [0.0], "W_x": [[0.0, 0.0]]}
    with pytest.raises(TypeError, match=r"^params keys must be strings such as 'W_f', got int 1$"):
        tinyrnn.LSTMCell.from_params(params)
