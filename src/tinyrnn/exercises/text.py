r"""The words of an exercise: its question, its answer key and its σ/tanh table, as document blocks.

Every number comes from the exercise's traces (``ex.solution``, exact, and
``ex.by_hand``, every intermediate rounded); nothing is recomputed here except
the value of each hand-written line before it is rounded (``0.5556`` in
``0.78·0.3 + 0.48·0.67 = 0.5556 → 0.56``), which the tests check against the
trace.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tinyrnn import examples
from tinyrnn.activations import sigmoid_scalar, tanh_scalar
from tinyrnn.checks import article
from tinyrnn.exercises.by_hand import SATURATED, approximate, component, differs, squashed
from tinyrnn.render import format_number, format_vector, pre_activations, step_table, weights_of
from tinyrnn.rounding import hand_round
from tinyrnn.specs import Activation, Affine, CellSpec, MatVec, option_flags

if TYPE_CHECKING:
    from tinyrnn.exercises.document import Block
    from tinyrnn.exercises.exercise import Exercise
    from tinyrnn.render import StepTable

__all__ = ["answer_blocks", "question_blocks", "table_blocks"]


def _steps(ex: Exercise) -> StepTable:
    return step_table(ex.cell.spec)


def _gate_fields(described: CellSpec, gate: str) -> tuple[str, str]:
    """A gate's pre-activation and the gate: ``("f_pre", "f")``."""
    return pre_activations(described)[gate], gate


def _fields(ex: Exercise) -> tuple[str, ...]:
    """The trace fields the question asks for."""
    described = ex.cell.spec
    if ex.kind == "gate":
        assert ex.gate is not None
        return _gate_fields(described, ex.gate)
    if ex.kind == "saturation":
        return tuple(field for gate in described.gates for field in _gate_fields(described, gate))
    return tuple(name for step in described.steps for name in step.fields)


def _cell(ex: Exercise) -> str:
    """``"an LSTM"``, ``"a GRU"``."""
    return article(ex.cell.spec.kind.upper())


def _title(ex: Exercise, number: int | None) -> str:
    cell = _cell(ex)
    gate = ex.cell.spec.field(ex.gate).meaning if ex.gate else ""
    what = {
        "full": f"one step of {cell}",
        "gate": f"{gate} of {cell}",
        "saturation": f"which gate of {cell} is saturated?",
        "find-error": f"find the error in a step of {cell}",
    }[ex.kind]
    return f"Exercise{'' if number is None else f' {number}'}: {what}"


def _command(ex: Exercise) -> str:
    """The command that prints this exercise again."""
    if ex.seed is None:
        return ""
    parts = [f"python -m tinyrnn exercise {ex.cell_type} --seed {ex.seed}"]
    if ex.kind != "full":
        parts.append(f"--kind {ex.kind}")
    if ex.rounding != "per-line":
        parts.append(f"--rounding {ex.rounding}")
    if ex.kind == "gate":
        parts.append(f"--gate {ex.gate}")
    parts += option_flags(ex.cell.spec)
    sizes = (ex.cell.hidden_size, ex.cell.input_size, ex.decimals, ex.grid)
    if sizes != (2, 2, 2, 0.1):
        parts.append(f"--hidden-size {sizes[0]} --input-size {sizes[1]} --decimals {sizes[2]} --grid {sizes[3]:g}")
    return " ".join(parts)


# The question ----------------------------------------------------------------


def _weights_block(ex: Exercise, fields: tuple[str, ...]) -> Block:
    """The weights of each gate asked for, matrices first; a bar splits the columns for h_{t-1} from x_t's."""
    params, H, described = ex.cell.params, ex.cell.hidden_size, ex.cell.spec
    shapes = {weight.name: weight for weight in described.weights}
    lines: list[list[tuple[str, Any, int | None]]] = []
    for gate, pre in pre_activations(described).items():
        if gate == pre or pre not in fields:
            continue
        rule = described.field(pre).rule
        assert isinstance(rule, Affine)
        names = list(dict.fromkeys(weights_of(described, rule)))
        names = [name for name in names if shapes[name].is_matrix] + [n for n in names if not shapes[n].is_matrix]
        lines.append([(shapes[name].latex, params[name], H if shapes[name].shape == "hx" else None) for name in names])
    return ("weights", lines)


def _given(ex: Exercise) -> str:
    number = ex._shown_decimals
    given = [f"$x_t = {format_vector(ex.x, number)}$", f"$h_{{t-1}} = {format_vector(ex.h_prev, number)}$"]
    if ex.c_prev is not None:
        given.append(f"$C_{{t-1}} = {format_vector(ex.c_prev, number)}$")
    return "Given: " + ", ".join(given) + "."


def _step_formulas(formulas: tuple[str, ...], rows: tuple[tuple[str, str], ...], fields: tuple[str, ...]) -> list[str]:
    """The formulas of one step that compute one of ``fields`` (``f_t = …`` for ``f``)."""
    wanted = []
    for formula in formulas:
        lhs = formula.split(" = ", 1)[0]
        targets = {name for label, name in rows if label == lhs} or {name for _, name in rows}
        if targets & set(fields):
            wanted.append(formula)
    return wanted


def _formulas(ex: Exercise, fields: tuple[str, ...]) -> list[str]:
    return [f"${f}$" for _, _, formulas, rows in _steps(ex) for f in _step_formulas(formulas, rows, fields)]


def rounding_rule(ex: Exercise) -> str:
    """The rounding rule of the exercise, exactly: what is rounded, when, and how."""
    d = ex.decimals
    places = f"{d} decimal{'s' if d != 1 else ''}"
    if ex.rounding == "per-product":
        what = (
            f"Round each product to {places} as soon as you have it, then add the rounded products "
            r"($0.78 \cdot 0.3 + 0.48 \cdot 0.67 = 0.234 + 0.3216 \to 0.23 + 0.32 = 0.55$); "
            rf"round each $\sigma$ and $\tanh$ to {places} too, and use the rounded numbers in the next lines."
        )
    else:
        what = (
            "Compute each line exactly (a sum of products, or $\\sigma$ or $\\tanh$ of a number) and round "
            f"its result to {places} before you use it in a later line: round each line's result, not each "
            r"product ($0.78 \cdot 0.3 + 0.48 \cdot 0.67 = 0.5556 \to 0.56$)."
        )
    calculator = "Round half away from zero, as a calculator does ($0.125 \\to 0.13$). "
    return f"Rounding. {what} {calculator}" + r"$\sigma(a) = 1 / (1 + \exp(-a))$."


def _rule_words(ex: Exercise) -> str:
    """The rounding rule in a few words, for the answer key."""
    places = f"{ex.decimals} decimal{'s' if ex.decimals != 1 else ''}"
    if ex.rounding == "per-product":
        return f"each product and each line's result rounded to {places} before it is used"
    return f"each line's result (not each product) rounded to {places} before it is used"


def _squashed_fields(ex: Exercise) -> tuple[str, ...]:
    activated = squashed(ex.cell.spec)
    return tuple(field for field in _fields(ex) if field in activated)


def _results(described: CellSpec) -> set[str]:
    """What a student is asked for: the gates and candidates, and the new states (not the intermediates)."""
    affine = {field.name for field in described.fields if isinstance(field.rule, Affine)}
    return set(described.states) | {gate for gate, pre in squashed(described).items() if pre in affine}


def _acts(described: CellSpec, shown: set[str]) -> str:
    """What each weight matrix multiplies: ``[h_{t-1}, x_t]`` (a bar splits its columns), or x_t and h_{t-1}."""
    groups: dict[tuple[str, ...], list[str]] = {}

    def collect(rule: Affine) -> None:
        for part in rule.parts:
            if isinstance(part, MatVec):
                groups.setdefault(part.inputs, []).append(part.weight)
            elif isinstance(part, Affine):
                collect(part)

    for field in described.fields:
        if isinstance(field.rule, Affine):
            collect(field.rule)
    latex = {weight.name: weight.latex for weight in described.weights}

    def inputs(names: tuple[str, ...]) -> str:
        labels = [described.field(name).latex for name in names]
        return f"[{', '.join(labels)}]" if len(labels) > 1 else labels[0]

    hx = ("h_prev", "x")
    if hx not in groups:  # PyTorch's layout: input and hidden matrices apart
        said = [
            ", ".join(f"${latex[w]}$" for w in ws) + f" {'acts ' if not k else ''}on ${inputs(group)}$"
            for k, (group, ws) in enumerate(groups.items())
        ]
        return "Each " + " and each ".join(said) + "."
    text = (
        "Each matrix acts on $[h_{t-1}, x_t]$, hidden state first; the bar separates the columns "
        "for $h_{t-1}$ from those for $x_t$."
    )
    for group, ws in groups.items():
        if group != hx and {latex[w] for w in ws} & shown:
            text += " " + ", ".join(f"${latex[w]}$" for w in ws) + f" acts on ${inputs(group)}$."
    return text


def _task(ex: Exercise) -> str:
    described = ex.cell.spec
    names = [f"${described.field(f).latex}$" for f in _fields(ex) if f in _results(described)]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
    if ex.kind == "full":
        return f"Compute {listed}."
    if ex.kind == "gate":
        pre, gate = _fields(ex)
        pre_label, gate_field = described.field(pre).latex, described.field(gate)
        return f"Compute the pre-activation ${pre_label}$ and {gate_field.meaning} ${gate_field.latex}$."
    low, high = format_number(SATURATED, 1), format_number(1 - SATURATED, 1)
    meaning = (
        "What does that mean for what the cell keeps of $C_{t-1}$, writes into $C_t$ or shows in $h_t$?"
        if "c" in described.states
        else "What does that mean for what the cell keeps of $h_{t-1}$?"
    )
    return (
        f"Compute the gates {listed}. Exactly one of their components is saturated "
        f"({low} or less, or {high} or more): which one? {meaning}"
    )


def question_blocks(ex: Exercise, number: int | None) -> list[Block]:
    """The question: the cell, the given numbers, the equations and the task."""
    described = ex.cell.spec
    cell = _cell(ex)
    cell = f"{cell[0].upper()}{cell[1:]} cell" + (f" {described.convention}" if described.convention else "")
    previous = [f"${field.latex}$" for field in described.given if not field.input_sized]
    states = f"the previous state{'s' if len(previous) > 1 else ''} {' and '.join(previous)}"
    H, I = ex.cell.hidden_size, ex.cell.input_size
    fields = _fields(ex)
    weights_block = _weights_block(ex, fields)
    acts = _acts(described, {name for line in weights_block[1] for name, _, _ in line})
    blocks: list[Block] = [
        ("title", _title(ex, number)),
        (
            "paragraph",
            f"{cell} with input size ${I}$ and hidden size ${H}$ receives the input $x_t$ and {states}.",
        ),
        ("paragraph", _given(ex)),
        ("paragraph", f"The weights. {acts}"),
        weights_block,
        ("paragraph", "The equations:"),
        ("items", _formulas(ex, fields)),
    ]
    if ex.kind == "find-error":
        blocks += [
            (
                "paragraph",
                (
                    "Here is a worked solution, rounded by the rule below. Exactly one "
                    "printed number is wrong; every other number was computed from the correct values. Which "
                    "number is wrong, what went wrong, and what is the correct value?"
                ),
            ),
            ("paragraph", rounding_rule(ex)),
            *_worked_solution(ex),
        ]
    else:
        blocks += [("paragraph", _task(ex)), ("paragraph", rounding_rule(ex))]
    return blocks


def _worked_solution(ex: Exercise) -> list[Block]:
    """The hand-rounded solution, step by step, with the slip in it."""
    values = {field.name: list(getattr(ex.by_hand, field.name) or ()) for field in ex.cell.spec.fields}
    if ex.slip is not None:
        values[ex.slip.field][ex.slip.component] = ex.slip.printed
    blocks: list[Block] = []
    for number, heading, formulas, rows in _steps(ex):
        shown = [(label, name) for label, name in rows if values.get(name)]
        blocks += [
            ("heading", f"Step {number}: {heading}"),
            ("paragraph", ", ".join(f"${formula}$" for formula in formulas)),
            (
                "table",
                ["quantity", "value"],
                [[f"${label}$", f"${format_vector(values[name], ex.decimals)}$"] for label, name in shown],
            ),
        ]
    return blocks


# The answer key --------------------------------------------------------------


def _step_blocks(ex: Exercise, fields: tuple[str, ...]) -> list[Block]:
    """Each step: its formulas, every component term by term, and the side-by-side table."""
    explain, d = ex._explainer(), ex.decimals
    blocks: list[Block] = []
    for number, heading, formulas, rows in _steps(ex):
        shown = [(label, name) for label, name in rows if name in fields and getattr(ex.by_hand, name) is not None]
        if not shown:
            continue
        blocks.append(("heading", f"Step {number}: {heading}"))
        blocks.append(("paragraph", ", ".join(f"${f}$" for f in _step_formulas(formulas, rows, fields))))
        lines = [explain.text(name, k, ex.solution) for _, name in shown for k in range(ex.cell.hidden_size)]
        blocks.append(("items", lines))
        table = []
        for label, name in shown:
            by_hand, exact = getattr(ex.by_hand, name), getattr(ex.solution, name)
            differ = [
                f"${component(ex.cell.spec, name, k)}$"
                for k in range(len(exact))
                if differs(ex.solution, ex.by_hand, name, k, d)
            ]
            exact_shown = "$[" + ", ".join(approximate(v, d) for v in exact) + "]$"
            table.append([f"${label}$", f"${format_vector(by_hand, d)}$", exact_shown, ", ".join(differ) or "-"])
        blocks.append(("table", ["quantity", "by hand", "exact", "differs after rounding"], table))
    return blocks


def _meaning(ex: Exercise, field: str, k: int) -> str:
    """What a saturated gate component does, in words, with the student's numbers (from the cell's description)."""
    t, d, described = ex.by_hand, ex.decimals, ex.cell.spec
    high = getattr(t, field)[k] > 0.5
    value = f"{component(described, field, k)} = {format_number(getattr(t, field)[k], d)}"
    words = described.field(field)
    states = {f.name: format_number(getattr(t, f.name)[k], ex._shown_decimals) for f in described.given[1:]}
    return f"${value}$: " + (words.when_high if high else words.when_low).format(k=k, **states)


def answer_blocks(ex: Exercise, number: int | None) -> list[Block]:
    """The answer key of any kind of exercise."""
    d = ex.decimals
    title = _title(ex, number).replace("Exercise", "Answer key", 1)
    blocks: list[Block] = [("title", title if number is None else title.replace("key", "key to exercise", 1))]
    command = _command(ex)
    if command:
        blocks.append(("paragraph", f"Printed again by `{command}`."))
    by_hand, exact = examples.slide_lstm(round_to=2).c[2], hand_round(examples.slide_lstm().c[2], 2)
    rule = (
        f"By hand: {_rule_words(ex)}, as the question says. Exact: full "
        "precision, rounded only when shown. Where the two disagree after rounding, the line and the table say so "
        f"(like the slides' $C_t[2]$: {format_number(by_hand, 2)} by hand, {format_number(exact, 2)} exact)."
    )
    blocks.append(("paragraph", rule))
    if ex.kind == "find-error":
        slip = ex.slip
        assert slip is not None
        step = next(n for n, _, _, rows in _steps(ex) for _, name in rows if name == slip.field)
        wrong = component(ex.cell.spec, slip.field, slip.component)
        blocks += [
            ("heading", "The error"),
            (
                "paragraph",
                (
                    f"The wrong number is ${wrong}$ in step {step}: the solution "
                    f"prints ${format_number(slip.printed, d)}$, the correct value is "
                    f"${format_number(slip.correct, d)}$. What went wrong: {slip.why}. Every other printed number "
                    "is right. The correct line:"
                ),
            ),
            ("items", [ex._explainer().text(slip.field, slip.component, ex.solution)]),
            ("heading", "The whole solution"),
        ]
    blocks += _step_blocks(ex, _fields(ex))
    if ex.kind == "saturation":
        assert ex.saturated is not None
        field, k = ex.saturated
        value = getattr(ex.by_hand, field)[k]
        side = f"{format_number(SATURATED, 1)} or less" if value < 0.5 else f"{format_number(1 - SATURATED, 1)} or more"
        blocks += [
            ("heading", "The saturated gate"),
            (
                "paragraph",
                (
                    f"${component(ex.cell.spec, field, k)} = {format_number(value, d)}$ is saturated ({side}); "
                    "every other gate "
                    f"component lies between {format_number(SATURATED, 1)} and {format_number(1 - SATURATED, 1)}."
                ),
            ),
            ("paragraph", "What it means: " + _meaning(ex, field, k)),
        ]
    return blocks


# The table of σ and tanh -------------------------------------------------------


_FUNCTIONS = {
    "sigmoid": (r"\sigma", sigmoid_scalar, r"\sigma(-a) = 1 - \sigma(a)"),
    "tanh": (r"\tanh", tanh_scalar, r"\tanh(-a) = -\tanh(a)"),
}


def table_blocks(exercises: Sequence[Exercise]) -> list[Block]:
    """A table of σ(a) and tanh(a) for a ≥ 0 in steps of 0.01 (of ``10**-decimals``), over the range the exercises need.

    The table is generic: every a from 0 up to a bound that covers every argument of σ or tanh in the exercises
    (the wrongly printed one of "find the error" included), so it gives no answer away. Rows are a to one
    decimal fewer, columns its last decimal; negative a by σ(−a) = 1 − σ(a) and tanh(−a) = −tanh(a).
    """
    ex = exercises[0]
    d = ex.decimals
    step = max(d, 1) if d <= 2 else 2  # decimals of a in the table: 2 at most (then interpolate)
    arguments, functions = [0.0], []
    for each in exercises:
        activated = {f.name: f.rule for f in each.cell.spec.fields if isinstance(f.rule, Activation)}
        for field in _squashed_fields(each):
            rule = activated[field]
            if rule.function in _FUNCTIONS and rule.function not in functions:
                functions.append(rule.function)
            arguments += [abs(v) for v in getattr(each.by_hand, rule.field)]
            if each.slip is not None and each.slip.field == rule.field:
                arguments.append(abs(each.slip.printed))
    bound = math.ceil(max(arguments) * 2 + 1e-9) / 2  # up to the next multiple of 0.5 above every argument
    rows_step, unit = 10.0 ** (1 - step), 10.0 ** (-step)
    blocks: list[Block] = []
    for name in [f for f in _FUNCTIONS if f in functions]:
        symbol, function, symmetry = _FUNCTIONS[name]
        header = ["$a$", *(format_number(k * unit, step)[-1] for k in range(10))]
        rows = []
        for r in range(round(bound / rows_step) + 1):
            start = r * rows_step
            cells = [
                f"${format_number(function(start + k * unit), d)}$"
                for k in range(10)
                if start + k * unit <= bound + 1e-9
            ]
            rows.append([format_number(start, step - 1), *cells, *([""] * (10 - len(cells)))])
        more = " Between two entries, interpolate." if d > 2 else ""
        blocks += [
            ("heading", rf"Table: ${symbol}(a)$ for $0 \le a \le {format_number(bound, 1)}$, to {d} decimals"),
            (
                "paragraph",
                (
                    f"Row: $a$ to {step - 1} decimal{'s' if step != 2 else ''}; column: its next decimal. "
                    f"For a negative $a$, use ${symmetry}$.{more}"
                ),
            ),
            ("table", header, rows),
        ]
    return blocks
