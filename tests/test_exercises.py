"""Exercises: answers equal the library's traces, hand rounding equals a re-computation, the grid, kinds, formats."""

from __future__ import annotations

import importlib.util
import math
import random
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import assert_compiles, assert_usage_error, needs_pdflatex, tinyrnn
from tinyrnn import GRUCell, LSTMCell, examples, exercises
from tinyrnn.exercises import KINDS, Exercise, by_hand, exercise
from tinyrnn.exercises.command import latex_document
from tinyrnn.exercises.document import math_to_text
from tinyrnn.exercises.text import _steps
from tinyrnn.render import format_number, format_vector
from tinyrnn.rounding import hand_round

ROOT = Path(__file__).resolve().parents[1]
GRIDS = {1.0: 0, 0.5: 1, 0.25: 2, 0.2: 1, 0.1: 1}  # grid -> decimals of its numbers
CELLS = ("lstm", "colah", "cho2014", "pytorch")


@st.composite
def any_exercise(draw: st.DrawFn, kinds: tuple[str, ...] = KINDS) -> Exercise:
    cell, kind = draw(st.sampled_from(CELLS)), draw(st.sampled_from(kinds))
    grid = draw(st.sampled_from(sorted(GRIDS)))
    decimals = draw(st.integers(max(GRIDS[grid], 1), 4))
    options = {
        "seed": draw(st.integers(0, 2**32)),
        "hidden_size": draw(st.integers(1, 3)),
        "input_size": draw(st.integers(1, 3)),
        "decimals": decimals,
        "kind": kind,
        "grid": grid,
    }
    if cell == "lstm":
        return exercises.lstm(**options)
    return exercises.gru(**options, variant=cell)


def _step(ex: Exercise, round_to: int | None = None) -> Any:
    if isinstance(ex.cell, LSTMCell):
        return ex.cell.step(ex.x, ex.h_prev, ex.c_prev, round_to=round_to)
    return ex.cell.step(ex.x, ex.h_prev, round_to=round_to)


def _asked(ex: Exercise) -> list[str]:
    from tinyrnn.exercises.text import _fields

    return list(_fields(ex))


# Every answer is the library's ----------------------------------------------------


@given(any_exercise())
def test_solution_and_hand_solution_are_the_library_traces(ex: Exercise) -> None:
    assert ex.solution == _step(ex)
    assert ex.by_hand == _step(ex, round_to=ex.decimals)
    assert ex.by_hand.rounding == ex.decimals


@given(any_exercise(), st.sampled_from(exercises.FORMATS))
def test_every_answer_in_the_key_is_the_traces(ex: Exercise, fmt: str) -> None:
    key = ex.answer_key(fmt).replace(r",\allowbreak ", ", ")  # LaTeX may wrap a vector after a comma
    d = ex.decimals
    explain = ex._explainer()
    for field in _asked(ex):
        by_hand, exact = getattr(ex.by_hand, field), getattr(ex.solution, field)
        assert format_vector(by_hand, d) in key, field  # the table's "by hand" column
        assert "[" + ", ".join(exercises.approximate(v, d) for v in exact) + "]" in key, field  # "exact"
        for k, kept in enumerate(by_hand):
            # Each hand-written line ends in the trace's value, and the value before rounding rounds to it.
            line = explain.line(field, k)
            assert hand_round(float(line.raw), d) == kept, (field, k)
            text = explain.text(field, k, ex.solution)
            assert re.search(rf"(=|\\to) {re.escape(format_number(kept, d))}\$", text), text
            differs = hand_round(exact[k], d) != kept
            assert ("differs: full precision gives" in text) == differs


# Hand rounding equals a straightforward re-computation ---------------------------


def _dec(value: float) -> Decimal:
    return Decimal(repr(value))


def _by_hand(ex: Exercise) -> dict[str, list[Decimal]]:
    """The step re-computed the plain way: exact decimal arithmetic, every result rounded half up at once."""
    d, p = ex.decimals, ex.cell.params

    def keep(value: Decimal) -> Decimal:
        return value.quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)

    def sigma(a: Decimal) -> Decimal:
        return keep(_dec(1 / (1 + math.exp(-float(a)))))

    def tanh(a: Decimal) -> Decimal:
        return keep(_dec(math.tanh(float(a))))

    def linear(W: list[list[float]], b: list[float], v: list[Decimal]) -> list[Decimal]:
        return [
            sum((_dec(w) * vk for w, vk in zip(row, v, strict=True)), _dec(bk)) for row, bk in zip(W, b, strict=True)
        ]

    x, h = [_dec(v) for v in ex.x], [_dec(v) for v in ex.h_prev]
    out: dict[str, list[Decimal]] = {}
    if isinstance(ex.cell, LSTMCell):
        assert ex.c_prev is not None
        c_prev = [_dec(v) for v in ex.c_prev]
        for gate, key in (("f", "f"), ("i", "i"), ("c_tilde", "c"), ("o", "o")):
            out[f"{gate}_pre"] = [keep(a) for a in linear(p[f"W_{key}"], p[f"b_{key}"], h + x)]
            out[gate] = [(tanh if gate == "c_tilde" else sigma)(a) for a in out[f"{gate}_pre"]]
        out["c"] = [keep(f * c + i * g) for f, c, i, g in zip(out["f"], c_prev, out["i"], out["c_tilde"], strict=True)]
        out["tanh_c"] = [tanh(c) for c in out["c"]]
        out["h"] = [keep(o * t) for o, t in zip(out["o"], out["tanh_c"], strict=True)]
        return out
    variant = ex.cell.variant
    if variant == "pytorch":
        for gate in ("r", "z"):
            x_part = linear(p[f"W_i{gate}"], p[f"b_i{gate}"], x)
            h_part = linear(p[f"W_h{gate}"], p[f"b_h{gate}"], h)
            out[f"{gate}_pre"] = [keep(a + b) for a, b in zip(x_part, h_part, strict=True)]
            out[gate] = [sigma(a) for a in out[f"{gate}_pre"]]
        out["hn"] = [keep(a) for a in linear(p["W_hn"], p["b_hn"], h)]
        x_part = linear(p["W_in"], p["b_in"], x)
        out["h_tilde_pre"] = [keep(a + r * n) for a, r, n in zip(x_part, out["r"], out["hn"], strict=True)]
    else:
        for gate in ("r", "z"):
            out[f"{gate}_pre"] = [keep(a) for a in linear(p[f"W_{gate}"], p[f"b_{gate}"], h + x)]
            out[gate] = [sigma(a) for a in out[f"{gate}_pre"]]
        out["r_h_prev"] = [keep(r * hk) for r, hk in zip(out["r"], h, strict=True)]
        out["h_tilde_pre"] = [keep(a) for a in linear(p["W_h"], p["b_h"], out["r_h_prev"] + x)]
    out["h_tilde"] = [tanh(a) for a in out["h_tilde_pre"]]
    old_weight = {"colah": lambda z: 1 - z, "cho2014": lambda z: z, "pytorch": lambda z: z}[variant]
    out["h"] = [
        keep(old_weight(z) * hk + (1 - old_weight(z)) * ht)
        for z, hk, ht in zip(out["z"], h, out["h_tilde"], strict=True)
    ]
    return out


@given(any_exercise())
def test_hand_rounded_values_equal_a_straightforward_recomputation(ex: Exercise) -> None:
    expected = _by_hand(ex)
    for field, values in expected.items():
        assert list(getattr(ex.by_hand, field)) == [float(v) for v in values], field


# The grid ------------------------------------------------------------------------


def _given_numbers(ex: Exercise) -> list[float]:
    numbers = [*ex.x, *ex.h_prev, *(ex.c_prev or [])]
    for value in ex.cell.params.values():
        numbers += [v for row in value for v in row] if isinstance(value[0], list) else value
    return numbers


@given(any_exercise())
def test_grid_values_fit_the_decimals_and_pre_activations_have_the_decimals_the_grid_implies(ex: Exercise) -> None:
    assert ex.grid is not None
    n, g = round(1 / ex.grid), GRIDS[ex.grid]
    for v in _given_numbers(ex):
        assert -1.0 <= v <= 1.0
        assert v == round(v * n) / n  # a multiple of the grid step ...
        assert hand_round(v, ex.decimals) == v  # ... exactly representable in the chosen decimals
        assert float(format_number(v, g)) == v  # ... and shown exactly in the question
    # Products of two grid numbers have 2g decimals, biases g: so has every pre-activation made of them.
    # (A GRU's candidate also uses r_t, which is not on the grid, so it is not one of them.)
    explain = by_hand.HandWork(ex.cell, ex.solution, ex.decimals)
    pre = ("f_pre", "i_pre", "c_tilde_pre", "o_pre") if isinstance(ex.cell, LSTMCell) else ("r_pre", "z_pre")
    if isinstance(ex.cell, GRUCell) and ex.cell.variant == "pytorch":
        pre += ("hn",)
    for field in pre:
        for k, value in enumerate(getattr(ex.solution, field)):
            exact = by_hand.exact_sum(explain.terms(field, k))
            assert exact == exact.quantize(Decimal(1).scaleb(-2 * g)), (field, exact)
            assert abs(value - float(exact)) <= 1e-12 * max(1.0, abs(float(exact)))
            if 2 * g <= ex.decimals:  # then a student writes it down exactly, without rounding
                assert getattr(ex.by_hand, field)[k] == float(exact)


def test_the_same_seed_gives_the_same_exercise_and_touches_no_global_state() -> None:
    state = random.getstate()
    first, again = (
        exercises.gru(seed=11, variant="pytorch", kind="find-error"),
        exercises.gru(seed=11, variant="pytorch", kind="find-error"),
    )
    assert random.getstate() == state
    assert first == again and first.question("latex") == again.question("latex")
    assert first.answer_key("markdown") == again.answer_key("markdown")
    assert exercises.lstm(seed=11) != exercises.lstm(seed=12)


# Snapshots: a fixed seed's LaTeX and Markdown, byte for byte -----------------------


def _snapshot_script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "update_exercise_snapshots", ROOT / "scripts" / "update_exercise_snapshots.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_golden_snapshots_are_unchanged() -> None:
    files = _snapshot_script().snapshots()
    assert {name.rsplit(".", 1)[1] for name in files} == {"md", "tex"}
    for name, content in files.items():
        path = ROOT / "tests" / "snapshots" / name
        assert path.read_text(encoding="utf-8") == content, (
            f"{name} changed; review the diff, then run python scripts/update_exercise_snapshots.py"
        )


# Kinds ---------------------------------------------------------------------------


@given(any_exercise(kinds=("saturation",)))
def test_saturation_exercises_have_exactly_one_saturated_gate_component(ex: Exercise) -> None:
    gates = ("f", "i", "o") if isinstance(ex.cell, LSTMCell) else ("r", "z")
    saturated = [
        (gate, k)
        for gate in gates
        for k, (exact, hand) in enumerate(zip(getattr(ex.solution, gate), getattr(ex.by_hand, gate), strict=True))
        if (exact > 0.9 and hand >= 0.9) or (exact < 0.1 and hand <= 0.1)
    ]
    assert saturated == [ex.saturated]
    for gate in gates:
        for k, hand in enumerate(getattr(ex.by_hand, gate)):
            if (gate, k) != ex.saturated:
                assert 0.1 < hand < 0.9 and 0.1 < getattr(ex.solution, gate)[k] < 0.9
    field, k = saturated[0]
    key = ex.answer_key("text")
    value = format_number(getattr(ex.by_hand, field)[k], ex.decimals)
    assert f"The saturated gate\n\n{field}_t[{k}] = {value} is saturated" in key


@given(any_exercise(kinds=("find-error",)), st.sampled_from(exercises.FORMATS))
def test_find_the_error_prints_exactly_one_wrong_number_and_the_key_names_it(ex: Exercise, fmt: str) -> None:
    slip = ex.slip
    assert slip is not None
    assert slip.correct == getattr(ex.by_hand, slip.field)[slip.component]
    assert abs(slip.printed - slip.correct) >= 2 * 10**-ex.decimals - 1e-12
    question = ex.question(fmt).replace(r",\allowbreak ", ", ")
    worked = question[question.index("worked solution") :]
    d = ex.decimals
    for label, field in (row for _, _, _, rows in _steps(ex) for row in rows):
        values = getattr(ex.by_hand, field)
        if values is None:
            continue
        shown = list(values)
        if field == slip.field:
            shown[slip.component] = slip.printed
        row = {
            "text": r"^\s*{}\s+{}$",
            "markdown": r"^\| \${}\$ \| \${}\$ \|$",
            "latex": r"^\${}\$ & \${}\$ \\\\$",
        }[fmt]
        if fmt == "markdown":  # a table cell: the label breakable, a vector as text
            from tinyrnn.exercises.document import _markdown_cell

            row = r"^\| {} \| {} \|$"
            label_shown = re.escape(_markdown_cell(f"${label}$"))
            cell = lambda v: re.escape(_markdown_cell(f"${format_vector(v, d)}$"))  # noqa: E731
        else:
            label_shown = re.escape(math_to_text(label) if fmt == "text" else label)
            cell = lambda v: re.escape(format_vector(v, d))  # noqa: E731
        assert re.search(row.format(label_shown, cell(shown)), worked, re.MULTILINE), field
        if field == slip.field:
            assert not re.search(row.format(label_shown, cell(values)), worked, re.MULTILINE)
    key = ex.answer_key(fmt)
    assert format_number(slip.printed, d) in key and format_number(slip.correct, d) in key
    assert "The wrong number is" in key


@given(any_exercise(kinds=("gate",)))
def test_a_single_gate_question_shows_only_that_gates_weights(ex: Exercise) -> None:
    assert ex.gate in exercises.GATES[ex.cell_type]
    question, key = ex.question("text"), ex.answer_key("text")
    names = {"f": "W_f", "i": "W_i", "c_tilde": "W_C", "o": "W_o", "r": "W_r", "z": "W_z"}
    if isinstance(ex.cell, GRUCell) and ex.cell.variant == "pytorch":
        names = {"r": "W_ir", "z": "W_iz"}
    for gate, name in names.items():
        assert (f"{name} = " in question) == (gate == ex.gate), name
    assert key.count("Step ") == 1


def test_every_gate_can_be_asked_for() -> None:
    for gate in exercises.GATES["lstm"]:
        assert exercises.lstm(seed=1, kind="gate", gate=gate).gate == gate
    for gate in exercises.GATES["gru"]:
        assert exercises.gru(seed=1, kind="gate", gate=gate, variant="cho2014").gate == gate


# Formats -------------------------------------------------------------------------


@given(any_exercise(), st.booleans())
def test_text_is_translated_and_markdown_is_well_formed(ex: Exercise, table: bool) -> None:
    text = ex.question("text", table=table) + ex.answer_key("text")
    assert "\\" not in text and "$" not in text  # every LaTeX macro translated to the slides' notation
    markdown = ex.question("markdown", table=table) + "\n" + ex.answer_key("markdown")
    for line in markdown.splitlines():
        assert line.count("$") % 2 == 0, line
        if line.startswith("|"):
            assert line.endswith("|")
    tables = re.findall(r"((?:^\|.*\|\n?)+)", markdown, re.MULTILINE)
    for block in tables:
        counts = {len(re.findall(r"(?<!\\)\|", row)) for row in block.strip().splitlines()}
        assert len(counts) == 1, block


@needs_pdflatex
def test_latex_compiles_with_article_and_amsmath(tmp_path: Path) -> None:
    parts = []
    for number, (cell, kind) in enumerate(((c, k) for c in CELLS for k in KINDS), start=1):
        ex = (
            exercises.lstm(seed=number, kind=kind)
            if cell == "lstm"
            else exercises.gru(seed=number, kind=kind, variant=cell)
        )
        parts += [ex.question("latex", number=number, table=True), ex.answer_key("latex", number=number)]
    parts.append(exercises.lstm(seed=3, hidden_size=3, input_size=1, decimals=3, grid=0.25).answer_key("latex"))
    source = latex_document("\n\n".join(parts))
    assert source.isascii()
    pdf = assert_compiles(source, tmp_path, "sheet")
    assert pdf.stat().st_size > 10_000


def test_the_table_of_sigma_and_tanh_is_generic_and_covers_every_argument() -> None:
    """Every a ≥ 0 in steps of 0.01 up to a bound past every argument: the table lists no answer in particular."""
    ex = exercises.lstm(seed=5)
    table = ex.table("text")
    sigma, tanh = table.split("Table: tanh(a)")
    rows = {
        name: {m[1]: m[2].split() for m in re.finditer(r"^  (-?\d+\.\d)((?:\s+\d\.\d\d)+)\s*$", part, re.MULTILINE)}
        for name, part in (("sigma", sigma), ("tanh", tanh))
    }
    bound = float(re.search(r"0 ≤ a ≤ (\S+),", table)[1])  # type: ignore[index]
    for name, function in (("sigma", lambda a: 1 / (1 + math.exp(-a))), ("tanh", math.tanh)):
        for start, values in rows[name].items():
            for k, shown in enumerate(values):  # every entry, half-up rounded
                a = round(float(start) + k / 100, 2)
                assert shown == format_number(hand_round(function(a), 2), 2), (name, a)
        assert len(rows[name]) == round(bound * 10) + 1  # 0.0, 0.1, … up to the bound: nothing skipped
    for source in ("f_pre", "i_pre", "c_tilde_pre", "o_pre", "c"):
        assert all(abs(a) <= bound for a in getattr(ex.by_hand, source))  # the range covers every argument
    words = " ".join(table.split())
    assert "σ(-a) = 1 - σ(a)" in words and "tanh(-a) = -tanh(a)" in words
    assert ex.question("text", table=True).endswith(table)
    gate = exercises.lstm(seed=5, kind="gate", gate="f").table("text")
    assert "Table: σ(a)" in gate and "tanh" not in gate  # only the functions the question needs


def test_a_sheet_has_one_table_for_all_its_exercises() -> None:
    result = tinyrnn("exercise", "gru", "--count", "3", "--table")
    assert result.stdout.count("Table: σ(a)") == 1 and result.stdout.count("Table: tanh(a)") == 1


# The rounding rule, stated exactly; the other rule with its own key -----------------------------


def test_the_question_says_exactly_what_to_round() -> None:
    words = " ".join(exercises.lstm(seed=7).question("text").split())
    assert "round each line's result, not each product" in words
    assert "0.78·0.3 + 0.48·0.67 = 0.5556 → 0.56" in words and "half away from zero" in words
    per_product = " ".join(exercises.lstm(seed=7, rounding="per-product").question("text").split())
    assert "Round each product to 2 decimals as soon as you have it" in per_product
    assert "0.234 + 0.3216 → 0.23 + 0.32 = 0.55" in per_product


@given(any_exercise())
def test_the_per_line_evaluator_is_the_librarys_hand_rounding_mode(ex: Exercise) -> None:
    """The rules of the description, evaluated in exact decimals, give what cell.step(round_to=d) gives."""
    from tinyrnn.exercises.by_hand import hand_step

    states = (ex.h_prev, ex.c_prev)[: len(ex.cell.spec.states)]
    assert hand_step(ex.cell, (ex.x, *states), ex.decimals, "per-line") == ex.by_hand


def test_a_per_product_key_rounds_each_product_and_says_so() -> None:
    from decimal import Decimal

    from tinyrnn.exercises.by_hand import dec

    ex = exercises.lstm(seed=7, rounding="per-product")
    line = ex._explainer().line("c", 0)
    products = [dec(hand_round(float(p), 2)) for p in line.products]
    assert line.raw == sum(products, Decimal(0))  # the sum of the rounded products
    assert ex.by_hand.c[0] == hand_round(float(line.raw), 2)
    key = " ".join(ex.answer_key("text").split())
    assert "each product and each line's result rounded to 2 decimals" in key
    assert "--rounding per-product" in key
    assert "= (-0.588) + (-0.1512) → (-0.59) + (-0.15) = -0.74" in key
    assert tinyrnn("exercise", "lstm", "--rounding", "per-product", "--answers").stdout == (
        ex.question("text") + "\n\n\n" + ex.answer_key("text") + "\n"
    )


def test_the_two_rules_disagree_in_many_exercises_which_is_why_each_has_its_key() -> None:
    """Counted over 300 seeds: how often a student who rounds each product would differ from a per-line key."""
    differ = {"lstm": 0, "gru": 0}
    for seed in range(300):
        for kind, make in (("lstm", exercises.lstm), ("gru", exercises.gru)):
            line, product = make(seed=seed), make(seed=seed, rounding="per-product")
            assert line.solution == product.solution  # the same numbers, only the rounding differs
            fields = [f for step in line.cell.spec.steps for f in step.fields]
            differ[kind] += any(getattr(line.by_hand, f) != getattr(product.by_hand, f) for f in fields)
    assert 30 < differ["lstm"] < 270 and 30 < differ["gru"] < 270, differ


# Different cells, different numbers; the same seed, the same exercise forever ---------------------


def test_different_cells_of_one_seed_draw_different_weights() -> None:
    for seed in range(1, 20):
        lstm, gru = exercises.lstm(seed=seed), exercises.gru(seed=seed)
        lstm_rows = {tuple(row) for name in ("W_f", "W_i", "W_c", "W_o") for row in lstm.cell.params[name]}
        gru_rows = {tuple(row) for name in ("W_r", "W_z", "W_h") for row in gru.cell.params[name]}
        assert not lstm_rows & gru_rows, seed
        assert lstm.x != gru.x or lstm.h_prev != gru.h_prev


#: What `exercises.lstm(seed=7)` draws since tinyrnn 0.1 (issue 16): a change here breaks every printed exam.
FROZEN = {
    "x": [-1.0, 0.1],
    "h_prev": [-0.4, -1.0],
    "c_prev": [-0.7, -1.0],
    "W_f": [[-0.3, -1.0, 0.3, 0.4], [-0.9, -0.4, 0.7, 0.2]],
}


def test_a_seed_gives_the_same_exercise_in_every_version() -> None:
    """The draw is frozen: these numbers are what seed 7 gives, on every machine, Python and later tinyrnn."""
    from tinyrnn.exercises import draw_seed

    assert draw_seed("lstm", 7) == int.from_bytes(
        __import__("hashlib").sha256(b"tinyrnn exercise lstm 7").digest()[:8], "big"
    )
    ex = exercises.lstm(seed=7)
    assert (ex.x, ex.h_prev, ex.c_prev) == (FROZEN["x"], FROZEN["h_prev"], FROZEN["c_prev"])
    assert ex.cell.params["W_f"] == FROZEN["W_f"]


# The slide example as an exercise: the hand-rounding lesson ------------------------


def test_the_slide_example_flags_c_t_2_as_the_slides_do() -> None:
    ex = exercises.from_cell(examples.slide_lstm_cell(), examples.X, examples.H_PREV, examples.C_PREV)
    assert ex.solution == examples.slide_lstm() and ex.by_hand == examples.slide_lstm(round_to=2)
    key = ex.answer_key("text")
    words = " ".join(key.split())  # the text format wraps long lines
    # The slide prints C_t[2] = 0.55 (full precision); by hand 0.78·0.3 + 0.48·0.67 = 0.5556 → 0.56.
    assert "C_t[2] = f_t[2] · C_{t-1}[2] + i_t[2] · C̃_t[2] = 0.78·0.3 + 0.48·0.67 = 0.5556 → 0.56" in words
    exact = examples.slide_lstm().c[2]
    assert format_number(exact, 2) == "0.55"
    assert f"(differs: full precision gives {exercises.approximate(exact, 2)} → 0.55)" in words
    assert re.search(r"^\s*C_t\s+\[0\.56, -0\.47, 0\.56\]\s+\[.*\]\s+C_t\[2\]$", key, re.MULTILINE)
    assert "Printed again by" not in key


def test_from_cell_checks_its_numbers() -> None:
    with pytest.raises(ValueError, match=r"W_f contains 0\.\d+, which has more than decimals=2 decimals"):
        exercises.from_cell(LSTMCell(1, 1, seed=0), [0.5], [0.1], [0.2])
    with pytest.raises(ValueError, match="c_prev must be None for a GRU"):
        exercises.from_cell(examples.slide_gru_cell(), examples.X, examples.H_PREV, examples.C_PREV)
    with pytest.raises(ValueError, match="x has length 2 but input_size is 3"):
        exercises.from_cell(examples.slide_gru_cell(), [0.5, 0.1], examples.H_PREV)
    with pytest.raises(TypeError, match="cell must be an LSTMCell or a GRUCell"):
        exercises.from_cell("lstm", [0.5], [0.1])  # type: ignore[arg-type]


# Sheets and bad arguments --------------------------------------------------------


def test_a_sheet_has_distinct_exercises() -> None:
    sheet = exercises.sheet("lstm", count=6, seed=1, grid=1.0, hidden_size=1, input_size=1, kind="gate", gate="f")
    assert len(sheet) == len(set(sheet)) == 6
    assert [ex.seed for ex in sheet] == sorted(ex.seed for ex in sheet)


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: exercises.lstm(seed="7"), TypeError, "seed must be an int, got the string '7'"),
        (lambda: exercises.lstm(hidden_size=0), ValueError, "hidden_size must be a positive int, got 0"),
        (lambda: exercises.lstm(input_size=9), ValueError, "input_size must be at most 8 for an exercise by hand"),
        (lambda: exercises.lstm(decimals=16), ValueError, "decimals must be an int from 0 to 15, got 16"),
        (lambda: exercises.lstm(grid=0.3), ValueError, "grid must be 1/n for n = 2^a·5^b up to 100"),
        (lambda: exercises.lstm(grid="0.1"), TypeError, "grid must be 1/n"),
        (lambda: exercises.lstm(grid=0.25, decimals=1), ValueError, "grid 0.25 has 2 decimals but decimals is 1"),
        (lambda: exercises.lstm(kind="easy"), ValueError, "kind must be one of 'full', 'gate', 'saturation'"),
        (lambda: exercises.lstm(kind="gate", gate="r"), ValueError, "gate must be one of 'f', 'i', 'c_tilde', 'o'"),
        (lambda: exercises.gru(gate="z"), ValueError, "gate is only used with kind='gate'"),
        (lambda: exercises.gru(variant="keras"), ValueError, "variant must be one of 'colah', 'cho2014', 'pytorch'"),
        (lambda: exercises.lstm().question("pdf"), ValueError, "fmt must be one of 'text', 'markdown', 'latex'"),
        (lambda: exercises.sheet("cnn"), ValueError, "cell must be 'lstm' or 'gru' or 'rnn'"),
        (lambda: exercises.sheet(count=0), ValueError, "count must be a positive int, got 0"),
        (lambda: exercises.sheet(seed=1.5), TypeError, "seed must be an int, got float 1.5"),
        (lambda: exercises.sheet(seed=True), TypeError, "seed must be an int, got the bool True"),
    ],
)
def test_bad_arguments_name_the_argument(call: Any, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=re.escape(words)):
        call()


def test_a_sheet_skips_a_seed_that_repeats_an_exercise(monkeypatch: pytest.MonkeyPatch) -> None:
    """Seeds 2k and 2k + 1 give the same exercise here: the sheet takes seeds 0, 2, 4 and numbers them 1, 2, 3."""
    draw, generate = exercises.lstm, exercise._generate_with
    monkeypatch.setattr(exercise, "_generate_with", lambda key, seed, options: generate(key, seed // 2 * 2, options))
    sheet = exercises.sheet("lstm", count=3, seed=0)
    assert [ex.seed for ex in sheet] == [0, 2, 4]
    assert sheet == [draw(0), draw(2), draw(4)]


def test_a_find_the_error_exercise_needs_a_visible_slip(monkeypatch: pytest.MonkeyPatch) -> None:
    """A draw in which no mistake changes a printed number by 2 in its last decimal is redrawn, then given up on."""
    monkeypatch.setattr(exercise, "_slips", lambda ex: {})
    with pytest.raises(ValueError, match=f"no 'find-error' exercise found in {exercise._MAX_DRAWS} draws"):
        exercises.gru(seed=3, kind="find-error")


def test_a_kind_that_cannot_be_found_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exercise, "_MAX_DRAWS", 1)
    seed = next(s for s in range(100) if exercise._saturated(exercises.lstm(seed=s)) is None)
    with pytest.raises(ValueError, match="no 'saturation' exercise found in 1 draws"):
        exercises.lstm(seed=seed, kind="saturation")


# The command line ----------------------------------------------------------------


def test_exercise_command_prints_the_question_and_the_key() -> None:
    ex = exercises.lstm(seed=7)
    result = tinyrnn("exercise", "lstm", "--seed", "7", "--format", "latex", "--answers")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ex.question("latex") + "\n\n\\clearpage\n\n" + ex.answer_key("latex") + "\n"
    only_question = tinyrnn("exercise", "lstm", "--seed", "7", "--format", "latex")
    assert only_question.stdout == ex.question("latex") + "\n"


def test_exercise_command_prints_a_numbered_sheet() -> None:
    result = tinyrnn("exercise", "gru", "--variant", "pytorch", "--kind", "saturation", "--count", "3", "--answers")
    assert result.returncode == 0, result.stderr
    sheet = exercises.sheet("gru", 3, 7, variant="pytorch", kind="saturation")
    for number, ex in enumerate(sheet, start=1):
        assert ex.question("text", number=number) in result.stdout
        assert ex.answer_key("text", number=number) in result.stdout
    assert result.stdout.index("Exercise 3:") < result.stdout.index("Answer key to exercise 1:")


@needs_pdflatex
def test_exercise_command_standalone_latex_compiles(tmp_path: Path) -> None:
    result = tinyrnn(
        "exercise",
        "lstm",
        "--count",
        "2",
        "--kind",
        "find-error",
        "--format",
        "latex",
        "--standalone",
        "--table",
        "--answers",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii()
    assert_compiles(result.stdout, tmp_path, "exam")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["exercise", "cnn"], "invalid choice: 'cnn'"),
        (["exercise", "lstm", "--seed", "x"], "argument --seed: invalid int value: 'x'"),
        (["exercise", "lstm", "--count", "0"], "argument --count: must be a positive int, got 0"),
        (["exercise", "lstm", "--count", "two"], "argument --count: invalid positive int value: 'two'"),
        (["exercise", "lstm", "--format", "html"], "argument --format: invalid choice: 'html'"),
        (["exercise", "lstm", "--kind", "easy"], "argument --kind: invalid choice: 'easy'"),
        (["exercise", "lstm", "--variant", "pytorch"], "unrecognized arguments: --variant pytorch"),
        (["exercise", "lstm", "--standalone"], "--standalone is only for --format latex"),
        (["exercise", "lstm", "--grid", "0.3"], "--grid must be 1/n"),
        (["exercise", "lstm", "--decimals", "99"], "--decimals must be an int from 0 to 15, got 99"),
        (["exercise", "gru", "--kind", "gate", "--gate", "f"], "--gate must be one of r, z for a GRU exercise"),
        (["exercise", "lstm", "--hidden-size", "12"], "--hidden-size must be at most 8"),
        (["reference", "rnn"], "invalid choice: 'rnn'"),
        (["reference"], "the following arguments are required"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args: list[str], words: str) -> None:
    assert_usage_error(args, words)


def test_one_line_of_the_key_on_its_own() -> None:
    ex = exercises.from_cell(examples.slide_gru_cell("pytorch"), examples.X, examples.H_PREV)
    for fmt in exercises.FORMATS:
        line = ex.explain("hn", 1, fmt)
        assert format_number(ex.by_hand.hn[1], 2) in line  # type: ignore[index]
    assert ex.explain("h", 0, "latex").isascii()
    with pytest.raises(ValueError, match="field must be one of 'r_pre', 'r', 'z_pre', 'z', 'hn'"):
        ex.explain("r_h_prev", 0)
    with pytest.raises(ValueError, match="component must be an int from 0 to 2, got int 3"):
        ex.explain("h", 3)


def test_public_names() -> None:
    for name in exercises.__all__:
        assert hasattr(exercises, name), name
    assert set(exercises.KINDS) == {"full", "gate", "saturation", "find-error"}
