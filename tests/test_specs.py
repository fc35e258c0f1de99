"""The cell descriptions (tinyrnn.specs) tell the truth: their rules, run, are the step functions, float for float.

A description is data: each computed field of a trace has a *rule* (an affine
map, an activation, a sum of products, a constant). The interpreter below runs
the rules with the same Vector arithmetic as the readable steps, in the same
order, so every field must come out identical -- which proves that what the
renderers, exercises, explainer and docs read about a cell is what the cell
computes.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tinyrnn import family as cells
from tinyrnn.activations import relu, sigmoid, tanh
from tinyrnn.params import LAYOUTS
from tinyrnn.render import GRU_STEPS, LSTM_STEPS, step_table
from tinyrnn.specs import (
    KEYS,
    Activation,
    Affine,
    CellSpec,
    Constant,
    Hadamard,
    MatVec,
    Products,
    family,
    spec,
    spec_of_key,
)
from tinyrnn.trace import STEP_TRACES
from tinyrnn.vector import Vector, concat

FUNCTIONS = {"sigmoid": sigmoid, "tanh": tanh, "relu": relu}


def _affine(rule: Affine, weights: Any, values: dict[str, Vector]) -> Vector:
    total: Vector | None = None
    for part in rule.parts:
        if isinstance(part, str):
            term = weights[part]
        elif isinstance(part, MatVec):
            operand = values[part.inputs[0]]
            for name in part.inputs[1:]:
                operand = concat(operand, values[name])
            term = weights[part.weight] @ operand
        elif isinstance(part, Hadamard):
            left, right = (weights[n] if n in weights else values[n] for n in (part.left, part.right))
            term = left * right
        else:
            term = _affine(part, weights, values)
        total = term if total is None else total + term
    assert total is not None
    return total


def interpret(described: CellSpec, weights: Any, given: dict[str, Vector]) -> dict[str, Vector]:
    """Every field of a step, computed from the description's rules alone."""
    values = dict(given)
    for field in described.fields:
        rule = field.rule
        if rule is None:
            continue
        if isinstance(rule, Affine):
            values[field.name] = _affine(rule, weights, values)
        elif isinstance(rule, Activation):
            values[field.name] = FUNCTIONS[rule.function](values[rule.field])
        elif isinstance(rule, Products):
            total = None
            for term in rule.terms:
                product = None
                for factor in term:
                    value = values[factor.removeprefix("1-")]
                    value = 1 - value if factor.startswith("1-") else value
                    product = value if product is None else product * value
                total = product if total is None else total + product
            values[field.name] = total
        else:
            assert isinstance(rule, Constant)
            values[field.name] = Vector([rule.value] * len(given["h_prev"]))
    return values


sizes = st.integers(1, 4)
numbers = st.floats(-3, 3, allow_nan=False)


@given(st.sampled_from(KEYS), sizes, sizes, st.integers(0, 2**32 - 1), st.data())
def test_the_rules_of_every_description_compute_the_step_float_for_float(
    key: str, H: int, I: int, seed: int, data: st.DataObject
) -> None:
    cell = cells.build(key, I, H, seed=seed)
    described = cell.spec
    given_values = {
        field.name: Vector(
            data.draw(st.lists(numbers, min_size=I if field.input_sized else H, max_size=I if field.input_sized else H))
        )
        for field in described.given
    }
    step = cell.step(*given_values.values())
    expected = interpret(described, cell.weights, given_values)
    for field in described.fields:
        assert getattr(step, field.name) == expected[field.name], (key, field.name)


def test_each_trace_class_has_exactly_the_fields_of_its_descriptions_in_order() -> None:
    for trace in STEP_TRACES:
        specs = family(trace.kind)
        assert {each.trace for each in specs} == {trace.__name__}
        union: list[str] = []
        for each in specs:
            names = [field.name for field in each.fields]
            in_trace = [name for name in trace._fields if name in names]
            assert in_trace == names, each.key  # same order
            union += [name for name in names if name not in union]
        assert set(trace._fields) == set(union) | set(trace._options) | {"rounding"}


def test_the_first_waves_tables_are_views_of_the_descriptions() -> None:
    assert {
        "lstm": spec("lstm").layout,
        "gru": spec("gru", variant="colah").layout,
        "gru-pytorch": spec("gru", variant="pytorch").layout,
    } == LAYOUTS
    assert step_table(spec("lstm")) == LSTM_STEPS
    assert {variant: step_table(spec("gru", variant=variant)) for variant in GRU_STEPS} == GRU_STEPS


@given(st.sampled_from(KEYS), st.integers(1, 50), st.integers(1, 50))
def test_the_parameter_formula_counts_the_parameters(key: str, H: int, I: int) -> None:
    described = spec_of_key(key)
    formula = described.parameter_formula.replace("·", "*").replace("H", str(H)).replace("I", str(I))
    assert eval(formula) == described.num_parameters(H, I) == cells.build(key, I, H, seed=0).num_parameters


def test_every_key_names_one_description_and_options_select_it() -> None:
    assert len(set(KEYS)) == len(KEYS)
    for key in KEYS:
        described = spec_of_key(key)
        assert described.key == key
        assert spec(described.kind, **dict(described.options)) is described
        cell = cells.build(key, 2, 3, seed=1)
        assert cell.spec is described and type(cell.step([0.1, 0.2])).__name__ == described.trace
    assert spec("gru").key == "gru-colah"  # options left out take their defaults


def test_a_description_round_trips_through_json_with_formulas_in_every_form() -> None:
    for key in KEYS:
        data = json.loads(json.dumps(spec_of_key(key).to_json(), allow_nan=False))
        assert data["key"] == key
        for step in data["steps"]:
            for formula in step["formulas"]:
                assert set(formula) == {"latex", "text", "markdown", "html"}
                assert "\\" not in formula["text"] and "<" not in formula["text"]
        assert all(field["rule"] is None or "type" in field["rule"] for field in data["fields"])


def test_unknown_kinds_and_keys_are_refused_with_the_closest_suggested() -> None:
    with pytest.raises(
        ValueError,
        match=r"cell kind must be one of .*'gru-colah'.*got the string 'gru-cola' \(did you mean 'gru-colah'\?\)",
    ):
        spec_of_key("gru-cola")
    with pytest.raises(ValueError, match="got None"):
        spec_of_key(None)
    with pytest.raises(ValueError, match="kind must be one of 'lstm', 'gru'"):
        spec("lstn")
    with pytest.raises(ValueError, match="no kind with the options"):
        spec("gru", variant="keras")
    with pytest.raises(ValueError, match="no kind with the options"):
        spec("lstm", variant="colah")


def test_gate_bounds_are_the_ranges_of_their_activations() -> None:
    ranges = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, math.inf)}
    for key in KEYS:
        for field in spec_of_key(key).fields:
            if isinstance(field.rule, Activation) and field.bounds is not None:
                assert field.bounds[1:] == ranges[field.rule.function]
