"""Golden tests: every number printed on the slides, and the weights that reproduce them."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path

import pytest

from tinyrnn import GRUStep, LSTMStep, examples
from tinyrnn.render import format_vector

ROOT = Path(__file__).resolve().parents[1]


def _load_search_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("find_slide_weights", ROOT / "scripts" / "find_slide_weights.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["find_slide_weights"] = module
    spec.loader.exec_module(module)
    return module


def _rounded(values: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(round(v, 2) for v in values)


@pytest.mark.parametrize(
    ("name", "printed"),
    [
        ("f", (0.65, 0.42, 0.78)),
        ("i", (0.53, 0.71, 0.48)),
        ("c_tilde", (0.32, -0.54, 0.67)),
        ("c", (0.56, -0.47, 0.55)),
    ],
)
def test_every_lstm_number_on_the_slide(name: str, printed: tuple[float, ...]) -> None:
    step = examples.slide_lstm()
    assert isinstance(step, LSTMStep)
    assert _rounded(getattr(step, name)) == printed
    assert examples.SLIDE_NUMBERS["lstm"][name] == printed


def test_every_gru_number_on_the_slide_in_every_variant() -> None:
    for variant in ("colah", "cho2014", "pytorch"):
        step = examples.slide_gru(variant)
        assert isinstance(step, GRUStep)
        assert _rounded(step.r) == (0.58, 0.73, 0.45)
    assert examples.SLIDE_NUMBERS["gru"] == {"r": (0.58, 0.73, 0.45)}


def test_the_slide_inputs() -> None:
    step = examples.slide_lstm()
    assert tuple(step.x) == examples.X == (0.5, -0.3, 0.8)
    assert tuple(step.h_prev) == examples.H_PREV == (0.2, 0.4, -0.1)
    assert tuple(step.c_prev) == examples.C_PREV == (0.6, -0.2, 0.3)
    assert tuple(examples.slide_gru().h_prev) == (0.2, 0.4, -0.1)


def test_c_t_2_is_055_from_full_precision_and_056_from_the_rounded_gates() -> None:
    step = examples.slide_lstm()
    assert round(step.c[2], 2) == 0.55
    by_hand = 0.78 * 0.3 + 0.48 * 0.67  # the slide's rounded gates
    assert round(by_hand, 4) == 0.5556
    assert round(by_hand, 2) == 0.56


@pytest.mark.parametrize("params", [examples.SLIDE_LSTM_PARAMS, examples.SLIDE_GRU_PARAMS])
def test_slide_weights_are_multiples_of_a_tenth_in_minus_one_one(params: dict) -> None:
    for name, value in params.items():
        numbers = list(itertools.chain.from_iterable(value)) if isinstance(value[0], list) else value
        for v in numbers:
            assert -1.0 <= v <= 1.0, name
            assert round(v * 10) == pytest.approx(v * 10, abs=1e-9), name
            assert v == round(v, 1), name


def test_the_search_script_finds_exactly_the_shipped_weights() -> None:
    script = _load_search_script()
    lstm, gru = script.search()
    assert lstm == examples.SLIDE_LSTM_PARAMS
    assert gru == examples.SLIDE_GRU_PARAMS
    script.verify(lstm, gru)


def test_slide_cells_and_the_gru_conventions() -> None:
    assert examples.slide_lstm_cell().params == examples.SLIDE_LSTM_PARAMS
    assert examples.slide_gru_cell().params == examples.SLIDE_GRU_PARAMS
    colah, cho, torch_like = (examples.slide_gru(v) for v in ("colah", "cho2014", "pytorch"))
    assert [round(a, 14) for a in colah.h] == [round(b, 14) for b in cho.h]  # the z ↔ 1 − z identity
    assert _rounded(torch_like.z) == _rounded(tuple(1 - z for z in colah.z))
    assert torch_like.h_tilde != colah.h_tilde  # reset after the product: a different candidate


def test_walkthrough_reproduces_checks_and_explains() -> None:
    text = examples.walkthrough()
    for line in (
        "LSTM Calculation (3D Vector Example)",
        "GRU Calculation (3D Vector Example)",
        "f_t = [0.65, 0.42, 0.78]",
        "i_t = [0.53, 0.71, 0.48]",
        "C̃_t = [0.32, -0.54, 0.67]",
        "C_t = [0.56, -0.47, 0.55]",
        "r_t = [0.58, 0.73, 0.45]",
        "Step 4: Output Gate (o_t) + Hidden State (h_t) — not on the slides",
        "Step 3: Candidate Hidden State (h̃_t) — not on the slides",
        "Step 4: New Hidden State (h_t) — not on the slides",
        "From the rounded gates: 0.78·0.3 + 0.48·0.67 = 0.5556 → 0.56",
        "→ 0.55",
    ):
        assert line in text, line
    assert "DIFFERS" not in text
    assert text.count("reproduced") == 5


def test_walkthrough_shows_the_converted_weights_of_the_other_gru_conventions() -> None:
    """cho2014 and pytorch run the slide's GRU with W_z and b_z negated: the walkthrough says so and prints them."""
    text = examples.walkthrough()
    assert "same weights converted" in text and "W_z and b_z negated" in text
    for k, row in enumerate(examples.SLIDE_GRU_PARAMS["W_z"]):
        assert f"W_z[{k}] = {format_vector([-w for w in row], 2)}" in text
    assert f"b_z    = {format_vector([-b for b in examples.SLIDE_GRU_PARAMS['b_z']], 2)}" in text
    # what the conversion buys: the same h_t (up to σ(-a) and 1 - σ(a) rounding differently)
    assert examples.slide_gru("cho2014").h == pytest.approx(examples.slide_gru("colah").h, abs=1e-15)
