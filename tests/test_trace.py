"""Traces are frozen plain data: immutable, comparable, JSON round-trip, validated on the way in."""

from __future__ import annotations

import copy
import json
import pickle

import pytest
from hypothesis import given

from strategies import gru_cases, lstm_cases
from tinyrnn import GRUStep, LSTMCell, LSTMStep, SequenceTrace, Vector, examples


@given(lstm_cases())
def test_lstm_trace_json_round_trip_is_exact(case: tuple) -> None:
    cell, x, h, c = case
    step = cell.step(x, h, c)
    data = json.loads(json.dumps(step.to_dict(), allow_nan=False))
    assert LSTMStep.from_dict(data) == step
    assert data["type"] == "LSTMStep"


@given(gru_cases())
def test_gru_trace_json_round_trip_is_exact(case: tuple) -> None:
    cell, x, h = case
    step = cell.step(x, h)
    assert GRUStep.from_dict(json.loads(json.dumps(step.to_dict(), allow_nan=False))) == step


@given(lstm_cases())
def test_sequence_trace_round_trip(case: tuple) -> None:
    cell, x, h, c = case
    trace = cell.run([x, x, x], h, c)
    assert SequenceTrace.from_dict(json.loads(json.dumps(trace.to_dict()))) == trace


def test_traces_are_frozen() -> None:
    step = examples.slide_lstm()
    with pytest.raises(AttributeError):
        step.f = Vector([0.0, 0.0, 0.0])  # type: ignore[misc]
    with pytest.raises(TypeError):
        step.f[0] = 0.0  # type: ignore[index]
    assert hash(step) == hash(examples.slide_lstm())
    assert pickle.loads(pickle.dumps(step)) == step
    assert copy.deepcopy(step) == step


def test_equality_is_per_type_and_per_value() -> None:
    lstm, gru = examples.slide_lstm(), examples.slide_gru()
    assert lstm == examples.slide_lstm()
    assert lstm != gru
    assert lstm != tuple(lstm)
    assert lstm != examples.slide_lstm(round_to=2)


def test_keyword_constructor_validates_like_from_dict() -> None:
    step = examples.slide_lstm()
    fields = {name: getattr(step, name) for name in step._fields}
    assert LSTMStep(**fields) == step
    with pytest.raises(ValueError, match=r"data\['f'\] has length 2 but len\(h_prev\) is 3"):
        LSTMStep(**{**fields, "f": [0.5, 0.5]})


def test_sizes_and_repr() -> None:
    step = LSTMCell(input_size=2, hidden_size=3, seed=0).step([1.0, 2.0])
    assert (step.input_size, step.hidden_size) == (2, 3)
    text = repr(examples.slide_lstm())
    assert text.startswith("LSTMStep(x=[0.5, -0.3, 0.8], h_prev=[0.2, 0.4, -0.1]")
    assert "f=[0.6457, 0.4158, 0.7756]" in text
    assert repr(examples.slide_gru()).startswith("GRUStep(variant='colah', x=")
    assert repr(LSTMCell(1, 1, seed=0).run([[1.0], [2.0]])) == "SequenceTrace(2 × LSTMStep)"


@pytest.mark.parametrize(
    ("change", "error", "words"),
    [
        ({"type": "GRUStep"}, ValueError, "data\\['type'\\] is 'GRUStep' but LSTMStep.from_dict expects 'LSTMStep'"),
        ({"g": [1.0]}, ValueError, "data has unknown field 'g'"),
        ({"h": None}, TypeError, r"data\['h'\] must be a sequence of real numbers, got None"),
        ({"c": [1.0, float("nan"), 0.0]}, ValueError, r"data\['c'\]\[1\] is nan"),
        ({"rounding": 99}, ValueError, r"data\['rounding'\] must be an int from 0 to 15"),
    ],
)
def test_from_dict_rejects_bad_data(change: dict, error: type[Exception], words: str) -> None:
    data = {**examples.slide_lstm().to_dict(), **change}
    with pytest.raises(error, match=words):
        LSTMStep.from_dict(data)


def test_from_dict_rejects_missing_fields_and_non_mappings() -> None:
    data = examples.slide_lstm().to_dict()
    del data["o"]
    with pytest.raises(ValueError, match="data is missing field 'o'"):
        LSTMStep.from_dict(data)
    with pytest.raises(TypeError, match="data must be a mapping"):
        LSTMStep.from_dict([1, 2])  # type: ignore[arg-type]


def test_gru_from_dict_checks_the_variant_fields() -> None:
    data = examples.slide_gru().to_dict()
    with pytest.raises(ValueError, match=r"data\['variant'\] must be one of"):
        GRUStep.from_dict({**data, "variant": "keras"})
    with pytest.raises(ValueError, match=r"data\['hn'\] must be None for variant 'colah'"):
        GRUStep.from_dict({**data, "hn": [0.0, 0.0, 0.0]})
    with pytest.raises(ValueError, match=r"data\['hn'\] is required for variant 'pytorch'"):
        GRUStep.from_dict({**data, "variant": "pytorch", "r_h_prev": None})


def test_sequence_trace_validation() -> None:
    with pytest.raises(ValueError, match="steps is empty"):
        SequenceTrace([])
    with pytest.raises(TypeError, match="steps must all be LSTMStep or all be GRUStep"):
        SequenceTrace([examples.slide_lstm(), examples.slide_gru()])
    with pytest.raises(ValueError, match="data must be a mapping"):
        SequenceTrace.from_dict({"steps": "x"})
