"""Traces are frozen plain data: immutable, comparable, JSON round-trip, validated on the way in."""

from __future__ import annotations

import copy
import json
import pickle
from typing import Any

import pytest
from hypothesis import given

from strategies import gru_cases, lstm_cases
from tinyrnn import GRUCell, GRUStep, LSTMCell, LSTMStep, RNNCell, SequenceTrace, Vector, examples


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


def test_a_sequence_renders_every_step_in_turn() -> None:
    run = LSTMCell(input_size=1, hidden_size=1, seed=0).run([[1.0], [2.0]])
    text = str(run)
    assert text == run.render("text", 2)
    assert text.count("LSTM step (input_size = 1, hidden_size = 1)") == 2
    assert text.index(f"{run[0].h[0]:.2f}") < text.rindex(f"{run[1].h[0]:.2f}")
    assert run._repr_html_() == run.render("html", 2)
    assert f"{run[1].h[0]:.2f}" in run._repr_html_()
    assert run.render("markdown", 3) != run.render("markdown", 1)


def test_sequence_traces_are_equal_exactly_when_their_steps_are() -> None:
    cell = LSTMCell(input_size=1, hidden_size=1, seed=0)
    run = cell.run([[1.0], [2.0]])
    assert not run != cell.run([[1.0], [2.0]])  # noqa: SIM202 - this is the test of __ne__
    assert run != cell.run([[1.0], [3.0]])
    assert run != tuple(run)
    assert hash(run) == hash(cell.run([[1.0], [2.0]]))


def test_a_trace_subclass_gets_one_read_only_field_per_annotation_in_order() -> None:
    """``Trace.__init_subclass__``: annotations become fields after the base's; ClassVars do not."""
    from typing import ClassVar

    from tinyrnn.trace import Trace

    class Base(Trace):
        x: Vector
        h_prev: Vector
        h: Vector

    class Extended(Base):
        extra: Vector
        note: ClassVar[str] = "not a field"

    assert Base._fields == ("x", "h_prev", "h")
    assert Extended._fields == ("x", "h_prev", "h", "extra")
    step = Extended(x=[1.0], h_prev=[0.5, 0.25], h=[0.0, 1.0], extra=[2.0, 3.0])
    assert (step.x, step.h_prev, step.h, step.extra) == ((1.0,), (0.5, 0.25), (0.0, 1.0), (2.0, 3.0))
    assert Extended.extra.__doc__ == "The ``extra`` of this step."
    with pytest.raises(AttributeError):
        step.extra = Vector([0.0, 0.0])  # type: ignore[misc]
    assert (step.input_size, step.hidden_size) == (1, 2)


def test_a_step_shows_the_same_decimals_in_a_notebook_and_as_text() -> None:
    """One display policy: the slide example shows the slides' 0.65 printed and in a notebook, never 0.6457."""
    from tinyrnn.render import DISPLAY

    step, run = examples.slide_lstm(), examples.slide_lstm_cell().run([examples.X])
    assert "[0.65, 0.42, 0.78]" in str(step) and "[0.65, 0.42, 0.78]" in step._repr_html_()
    assert f"{step.f[0]:.4f}" not in str(step) + step._repr_html_()
    assert step._repr_html_() == step.render("html", 2) and str(step) == step.render("text", 2)
    with DISPLAY.using(decimals=4):  # one place changes both
        four = f"{step.f[0]:.4f}"
        assert four in str(step) and four in step._repr_html_() and f"{run[0].h[0]:.4f}" in str(run)
        assert step._repr_html_() == step.render("html", 4) and str(step) == step.render("text", 4)
        assert run._repr_html_() == run.render("html", 4) and str(run) == run.render("text", 4)
    assert DISPLAY.decimals == 2
    with pytest.raises(ValueError, match="decimals must be an int from 0 to 15, got 16"):
        DISPLAY.decimals = 16


def test_a_cell_has_an_html_repr_with_its_weights_collapsed() -> None:
    cell = GRUCell(input_size=2, hidden_size=3, variant="pytorch", seed=1)
    html = cell._repr_html_()
    assert "<strong>GRUCell</strong>" in html and "GRU (PyTorch&#x27;s convention)" in html
    assert "input size 2, hidden size 3, variant <code>pytorch</code>" in html
    assert f"{cell.num_parameters} parameters" in html
    assert html.count("<details>") == 1 and "<summary>Weights (12 arrays" in html
    assert html.count('<th scope="row">') == len(cell.spec.weights)
    from tinyrnn.render import format_number

    assert all(format_number(v, 2) in html for v in cell.params["b_in"])
    lstm = examples.slide_lstm_cell()._repr_html_()
    assert "84 parameters (4·H·(H + I) + 4·H)" in lstm and "W<sub>C</sub>" in lstm


def test_a_gru_sequence_round_trips_and_has_a_repr() -> None:
    run = examples.slide_gru_cell().run([[0.5, -0.3, 0.8]])
    assert SequenceTrace.from_dict(json.loads(json.dumps(run.to_dict()))) == run
    assert repr(run) == "SequenceTrace(1 × GRUStep)"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        ({"type": "Sequence", "steps": []}, "data['type'] is the string 'Sequence'"),
        ({"type": "SequenceTrace", "steps": "x"}, "data['steps'] is the string 'x'"),
        ({"steps": []}, "data['type'] is None"),
    ],
)
def test_sequence_from_dict_rejects_anything_but_its_own_format(data: object, what: str) -> None:
    shape = "data must be a mapping {'type': 'SequenceTrace', 'steps': [...]} as returned by to_dict"
    with pytest.raises(ValueError, match=r"^data must be a mapping ") as raised:
        SequenceTrace.from_dict(data)  # type: ignore[arg-type]
    assert str(raised.value) == f"{shape}; {what}"
    with pytest.raises(TypeError, match=r"^data must be a mapping \(as returned by to_dict\), got list \[1, 2\]$"):
        SequenceTrace.from_dict([1, 2])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("step", "error", "message"),
    [
        (
            {"type": "CNNStep"},
            ValueError,
            "data['steps'][1]['type'] must be 'LSTMStep' or 'GRUStep' or 'RNNStep', got the string 'CNNStep'",
        ),
        ([1.0], TypeError, "data['steps'][1] must be a mapping (a step's to_dict), got list [1.0]"),
        ({}, ValueError, "data['steps'][1]['type'] must be 'LSTMStep' or 'GRUStep' or 'RNNStep', got None"),
    ],
)
def test_sequence_from_dict_names_the_step_of_unknown_type(step: object, error: type[Exception], message: str) -> None:
    data = {"type": "SequenceTrace", "steps": [examples.slide_lstm().to_dict(), step]}
    with pytest.raises(error) as raised:
        SequenceTrace.from_dict(data)
    assert str(raised.value) == message


def test_gru_from_dict_names_the_variants_and_the_field_that_must_be_none() -> None:
    data = examples.slide_gru("pytorch").to_dict()
    with pytest.raises(
        ValueError, match=r"^data\['variant'\] must be one of 'colah', 'cho2014', 'pytorch', got the string 'keras'$"
    ):
        GRUStep.from_dict({**data, "variant": "keras"})
    with pytest.raises(ValueError, match=r"^data\['r_h_prev'\] must be None for variant 'pytorch'$"):
        GRUStep.from_dict({**data, "r_h_prev": [0.0, 0.0, 0.0]})


def test_the_type_key_is_optional_in_from_dict() -> None:
    data = examples.slide_lstm().to_dict()
    del data["type"]
    assert LSTMStep.from_dict(data) == examples.slide_lstm()


def test_from_dict_messages_list_the_fields_and_name_the_bad_one() -> None:
    data = examples.slide_lstm().to_dict()
    fields = "x, h_prev, c_prev, f_pre, f, i_pre, i, c_tilde_pre, c_tilde, c, o_pre, o, tanh_c, h, peepholes, coupled, forget_gate, rounding"
    with pytest.raises(ValueError, match=rf"^data has unknown field 1; an LSTMStep has fields {fields}$"):
        LSTMStep.from_dict({**data, 1: [0.0], "zz": [0.0]})  # keys of any type, sorted as text
    del data["o"]
    with pytest.raises(ValueError, match=rf"^data is missing field 'o'; an LSTMStep has fields {fields}$"):
        LSTMStep.from_dict(data)
    with pytest.raises(TypeError, match=r"^data\['h_prev'\] must be a sequence of real numbers, got the string 'x'$"):
        LSTMStep.from_dict({**examples.slide_lstm().to_dict(), "h_prev": "x"})


def test_to_dict_holds_plain_lists_not_vectors() -> None:
    data = examples.slide_gru().to_dict()
    assert type(data["h"]) is list and data["h"] == list(examples.slide_gru().h)
    assert data["hn"] is None and data["variant"] == "colah"


def test_a_subclass_without_annotations_keeps_its_bases_fields() -> None:
    class Annotated(LSTMStep):
        """A step with one more method and no new field."""

        __slots__ = ()

        def total(self) -> float:
            return sum(self.h)

    assert Annotated._fields == LSTMStep._fields
    step = Annotated(**{name: getattr(examples.slide_lstm(), name) for name in LSTMStep._fields})
    assert step.total() == sum(examples.slide_lstm().h)


def test_a_sequence_renders_as_text_with_two_decimals_by_default() -> None:
    run = examples.slide_gru_cell().run([[0.5, -0.3, 0.8], [0.1, 0.2, 0.3]])
    assert run.render() == run.render("text", 2) == str(run)
    assert run.render() != run.render("text", 3)


def test_from_dict_says_what_it_received_instead_of_a_mapping() -> None:
    with pytest.raises(TypeError, match=r"^data must be a mapping \(as returned by to_dict\), got list \[1, 2\]$"):
        LSTMStep.from_dict([1, 2])  # type: ignore[arg-type]


def test_sequence_from_dict_checks_that_each_step_follows_the_one_before() -> None:
    lstm = LSTMCell(1, 2, seed=0).run([[1.0], [2.0]]).to_dict()
    lstm["steps"][1]["c_prev"] = [0.0, 0.0]  # h_prev still follows, c_prev does not
    with pytest.raises(
        ValueError,
        match=r"^data\['steps'\]\[1\]\['c_prev'\] is not data\['steps'\]\[0\]\['c'\]: "
        r"the steps are not one sequence as cell.run returns it$",
    ):
        SequenceTrace.from_dict(lstm)
    colah = examples.slide_gru_cell().run([[0.5, -0.3, 0.8], [0.1, 0.2, 0.3]]).to_dict()
    colah["steps"][1]["variant"] = "cho2014"
    with pytest.raises(
        ValueError,
        match=r"^data\['steps'\]\[1\]\['variant'\] is 'cho2014' but data\['steps'\]\[0\]"
        r"\['variant'\] is 'colah'; a sequence trace comes from one cell$",
    ):
        SequenceTrace.from_dict(colah)


def test_sequence_from_dict_names_unknown_keys_and_mixed_kinds() -> None:
    lstm, gru = examples.slide_lstm().to_dict(), examples.slide_gru().to_dict()
    with pytest.raises(ValueError, match=r"; data has unknown key 1$"):
        SequenceTrace.from_dict({"type": "SequenceTrace", "steps": [lstm], 1: 0, "z": 0})  # keys of any type
    with pytest.raises(
        ValueError,
        match=r"^data\['steps'\]\[1\] is a GRUStep but data\['steps'\]\[0\] is an "
        r"LSTMStep; a sequence trace has steps of one kind$",
    ):
        SequenceTrace.from_dict({"type": "SequenceTrace", "steps": [lstm, gru]})


def test_a_trace_subclass_declared_with_a_kind_follows_that_kinds_descriptions() -> None:
    """As ``Trace``'s docstring says: the kind gives the spec, the checks of ``from_dict`` and the optional fields."""
    from typing import ClassVar

    from tinyrnn import RNNCell
    from tinyrnn.trace import Trace

    class ElmanStep(Trace, kind="rnn"):
        __slots__ = ()
        nonlinearity: str
        x: Vector
        h_prev: Vector
        h_pre: Vector
        h: Vector
        rounding: int | None

        _options: ClassVar[tuple[str, ...]] = ("nonlinearity",)

    step = RNNCell(2, 1, nonlinearity="relu", seed=0).step([0.5, -0.3])
    data = {**step.to_dict(), "type": "ElmanStep"}
    del data["rounding"]  # no description fills it in: a dict may leave it out
    mine = ElmanStep.from_dict(data)
    assert ElmanStep.kind == "rnn" and mine.spec == step.spec
    assert tuple(mine) == tuple(step)
    with pytest.raises(ValueError, match=r"^data is missing field 'h_pre'; an ElmanStep has fields nonlinearity, "):
        ElmanStep.from_dict({name: value for name, value in data.items() if name != "h_pre"})
    with pytest.raises(ValueError, match=r"^data\['h'\]\[0\] is -1.0 but h = relu\(h_pre\) lies in \[0, inf\]$"):
        ElmanStep.from_dict({**data, "h": [-1.0]})


def test_the_repr_shows_the_options_that_differ_from_their_defaults_and_no_none() -> None:
    """A coupled LSTM has no ``i_pre`` (``None``): the repr leaves it out, like the flags at their default."""
    zeros = {f"{kind}_{gate}": [[0.0, 0.0]] if kind == "W" else [0.0] for gate in "fco" for kind in "Wb"}
    cell = LSTMCell.from_params(zeros, coupled=True)  # no W_i, b_i: i = 1 - f
    assert repr(cell.step([1.0])) == (
        "LSTMStep(x=[1.0], h_prev=[0.0], c_prev=[0.0], f_pre=[0.0], f=[0.5], i=[0.5], c_tilde_pre=[0.0], "
        "c_tilde=[0.0], c=[0.0], o_pre=[0.0], o=[0.5], tanh_c=[0.0], h=[0.0], coupled=True)"
    )
    assert repr(cell.step([1.0], round_to=2)).endswith(", h=[0.0], coupled=True, rounding=2)")


def test_a_field_that_must_be_none_names_every_option_of_the_step() -> None:
    data = LSTMCell(1, 1, coupled=True, seed=0).step([1.0]).to_dict()
    with pytest.raises(
        ValueError, match=r"^data\['i_pre'\] must be None for peepholes False and coupled True and forget_gate True$"
    ):
        LSTMStep.from_dict({**data, "i_pre": [0.0]})


@pytest.mark.parametrize(("cell", "kind"), [(GRUCell(1, 1, seed=0), "a GRU"), (RNNCell(1, 1, seed=0), "an RNN")])
def test_a_sequence_of_a_cell_without_cell_state_says_so_with_its_article(cell: Any, kind: str) -> None:
    with pytest.raises(AttributeError, match=rf"^{kind} has no cell state c; use \.h$"):
        _ = cell.run([[1.0]]).c
