"""Fuzzing: whatever ``from_params``, ``from_layout``, ``from_dict`` and the command line are given, only the
exceptions their docstrings document ever escape (``TypeError``/``ValueError``; for ``main``, ``SystemExit``)."""

from __future__ import annotations

import builtins
import contextlib
import io
import json
import math
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tinyrnn import GRUCell, GRUStep, LSTMCell, LSTMStep, SequenceTrace, examples
from tinyrnn.cli import main


def documented_raises(function: Callable[..., Any]) -> set[type[BaseException]]:
    """The exception types listed in the ``Raises:`` section of ``function``'s docstring."""
    doc = function.__doc__ or ""
    section = doc.split("Raises:", 1)[1] if "Raises:" in doc else ""
    names = re.findall(r"^\s{4,}(\w+): ", section.split("\n\n", 1)[0], re.MULTILINE)
    return {getattr(builtins, name) for name in names}


# Values of every kind a caller or a JSON file could pass, nested a little.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([10**400, -(10**400), 2**1024]),
    st.floats(),  # NaN and ±inf included
    st.complex_numbers(allow_nan=True),
    st.text(max_size=5),
    st.binary(max_size=5),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=4), inner, max_size=3),
        st.frozensets(st.integers(), max_size=3),
        st.lists(inner, max_size=3).map(iter),  # a one-shot iterator
    ),
    max_leaves=12,
)


@st.composite
def mutated(draw: st.DrawFn, good: dict[str, Any]) -> Any:
    """``good`` with a few entries replaced, removed, added or nested deeper, or something else entirely."""
    if draw(st.integers(0, 9)) == 0:
        return draw(values)
    data = dict(good)
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from([*good, "type", "variant", "W_x", "b_F", "steps"]))
        action = draw(st.sampled_from(["replace", "remove", "deeper", "element"]))
        if action == "remove":
            data.pop(key, None)
        elif action == "deeper" and key in data:
            data[key] = [data[key]]
        elif action == "element" and isinstance(data.get(key), list) and data[key]:
            items = list(data[key])
            items[draw(st.integers(0, len(items) - 1))] = draw(values)
            data[key] = items
        else:
            data[key] = draw(values)
    return data


def only(documented: set[type[BaseException]], call: Callable[[], object]) -> None:
    escaped: Exception | None = None
    try:
        call()
    except Exception as error:  # noqa: BLE001 -- which exceptions escape is the question
        escaped = error
    if escaped is not None:
        assert type(escaped) in documented, f"{type(escaped).__name__}: {escaped}"
        assert str(escaped)  # and it says something


LSTM_PARAMS = LSTMCell(2, 2, seed=0).params
GRU_PARAMS = {variant: GRUCell(2, 2, variant=variant, seed=0).params for variant in ("colah", "pytorch")}
STEP = examples.slide_lstm().to_dict()
GRU_STEP = examples.slide_gru("pytorch").to_dict()
RUN = LSTMCell(2, 2, seed=0).run([[1.0, 2.0], [3.0, 4.0]]).to_dict()


LAYOUTS = ("pytorch", "keras", "onnx")
LSTM_LAYOUTS = {layout: LSTMCell(2, 2, seed=0).to_layout(layout) for layout in LAYOUTS}
GRU_LAYOUTS = {
    (variant, layout): GRUCell(2, 2, variant=variant, seed=0).to_layout(layout)
    for variant in ("cho2014", "pytorch")
    for layout in LAYOUTS
    if variant == "pytorch" or layout != "pytorch"
}


def test_the_documented_exceptions_are_type_and_value_errors() -> None:
    for function in (
        LSTMCell.from_params,
        GRUCell.from_params,
        LSTMCell.from_layout,
        GRUCell.from_layout,
        LSTMStep.from_dict,
        SequenceTrace.from_dict,
    ):
        assert documented_raises(function) == {TypeError, ValueError}, function
    assert documented_raises(main) == {SystemExit}


@given(mutated(LSTM_PARAMS))
def test_fuzz_lstm_from_params(params: Any) -> None:
    only(documented_raises(LSTMCell.from_params), lambda: LSTMCell.from_params(params))


@given(
    st.sampled_from(["colah", "pytorch"]).flatmap(lambda v: mutated(GRU_PARAMS[v])),
    values | st.sampled_from(["colah", "cho2014", "pytorch"]),
)
def test_fuzz_gru_from_params(params: Any, variant: Any) -> None:
    only(documented_raises(GRUCell.from_params), lambda: GRUCell.from_params(params, variant=variant))


@given(
    st.sampled_from(LAYOUTS).flatmap(lambda layout: st.tuples(mutated(LSTM_LAYOUTS[layout]), st.just(layout))),
    st.sampled_from(LAYOUTS) | values,
)
def test_fuzz_lstm_from_layout(case: tuple[Any, str], other_layout: Any) -> None:
    weights, layout = case
    only(documented_raises(LSTMCell.from_layout), lambda: LSTMCell.from_layout(weights, layout))
    only(documented_raises(LSTMCell.from_layout), lambda: LSTMCell.from_layout(weights, other_layout))


@given(st.sampled_from(sorted(GRU_LAYOUTS)).flatmap(lambda key: st.tuples(mutated(GRU_LAYOUTS[key]), st.just(key[1]))))
def test_fuzz_gru_from_layout(case: tuple[Any, str]) -> None:
    weights, layout = case
    only(documented_raises(GRUCell.from_layout), lambda: GRUCell.from_layout(weights, layout))


@given(mutated(STEP))
def test_fuzz_lstm_step_from_dict(data: Any) -> None:
    only(documented_raises(LSTMStep.from_dict), lambda: LSTMStep.from_dict(data))


@given(mutated(GRU_STEP))
def test_fuzz_gru_step_from_dict(data: Any) -> None:
    only(documented_raises(GRUStep.from_dict), lambda: GRUStep.from_dict(data))


@given(st.one_of(mutated(RUN), st.lists(mutated(RUN["steps"][0]), max_size=3).map(lambda s: {**RUN, "steps": s})))
def test_fuzz_sequence_trace_from_dict(data: Any) -> None:
    only(documented_raises(SequenceTrace.from_dict), lambda: SequenceTrace.from_dict(data))


# The command line --------------------------------------------------------------------------------------

COMMANDS = ["lstm", "gru", "walkthrough", "exercise", "reference"]  # not "explainer": it would serve forever
OPTIONS = [
    "--x",
    "--h",
    "--c",
    "--params",
    "--seed",
    "--hidden-size",
    "--format",
    "--decimals",
    "--round-to",
    "--variant",
    "--kind",
    "--gate",
    "--count",
    "--grid",
    "--input-size",
    "--answers",
    "--table",
    "--help",
]
WORDS = [
    "0.5,-0.3,0.8",
    "1,2",
    "nan,0,0",
    "1e400",
    "inf",
    "-1",
    "0",
    "2",
    "16",
    "99999999999",
    "1.5",
    "abc",
    "",
    ",",
    "lstm",
    "gru",
    "pytorch",
    "keras",
    "json",
    "latex",
    "gate",
    "f",
    "r",
    "0.1",
    "PARAMS",
]
tokens = st.one_of(st.sampled_from(COMMANDS + OPTIONS + WORDS), st.text(max_size=6).filter(lambda t: t != "explainer"))
json_files = st.one_of(
    st.text(max_size=30),  # mostly not JSON
    values.map(lambda v: json.dumps(v, default=repr)),
    mutated(examples.SLIDE_LSTM_PARAMS).map(lambda v: json.dumps(v, default=repr)),
    mutated(examples.SLIDE_GRU_PARAMS).map(lambda v: json.dumps(v, default=repr)),
)


@given(st.lists(tokens, max_size=7), json_files)
def test_fuzz_the_command_line(argv: list[str], content: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "params.json"
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
        argv = [str(path) if token == "PARAMS" else token for token in argv]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(argv)
            except SystemExit as stop:  # the one exception main documents
                assert SystemExit in documented_raises(main)
                status = stop.code  # type: ignore[assignment]
    assert status in (0, 2), (argv, err.getvalue())
    assert "Traceback" not in err.getvalue()
    if status == 2:
        assert len(err.getvalue().strip().splitlines()) == 1, err.getvalue()
        assert err.getvalue().startswith("tinyrnn")


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_json_numbers_in_a_file_are_named(value: float, tmp_path: Path) -> None:
    path = tmp_path / "params.json"
    path.write_text(json.dumps({**examples.SLIDE_LSTM_PARAMS, "b_f": [value, 0.0, 0.0]}))
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["lstm", "--params", str(path)]) == 2
    assert f"params['b_f'][0] is {value}; expected a finite number" in err.getvalue()
