r"""The words of an exercise: its question, its answer key and its σ/tanh table, as document blocks.

Every number comes from the exercise's traces (``ex.solution``, exact, and
``ex.by_hand``, every intermediate rounded); nothing is recomputed here except
the value of each hand-written line before it is rounded (``0.5556`` in
``0.78·0.3 + 0.48·0.67 = 0.5556 → 0.56``), which the tests check against the
trace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tinyrnn import examples
from tinyrnn.activations import sigmoid_scalar, tanh_scalar
from tinyrnn.exercises.by_hand import SATURATED, SQUASHED, approximate, component, differs, row_label
from tinyrnn.gru import GRUCell
from tinyrnn.render import GRU_STEPS, LSTM_STEPS, format_number, format_vector
from tinyrnn.rounding import hand_round

if TYPE_CHECKING:
    from tinyrnn.exercises.document import Block
    from tinyrnn.exercises.exercise import Exercise
    from tinyrnn.render import StepTable

__all__ = ["answer_blocks", "question_blocks", "table_blocks"]

_NAMES = {
    "f": "the forget gate",
    "i": "the input gate",
    "c_tilde": "the candidate",
    "o": "the output gate",
    "r": "the reset gate",
    "z": "the update gate",
}
_VARIANTS = {
    "colah": "in the slides' convention",
    "cho2014": "in the convention of Cho et al. (2014)",
    "pytorch": "in PyTorch's convention",
}
# The fields of each gate (the pre-activation and the gate), and the weights it needs.
_GATE_FIELDS = {gate: (f"{gate}_pre", gate) for gate in ("f", "i", "c_tilde", "o", "r", "z")}


def _steps(ex: Exercise) -> StepTable:
    return LSTM_STEPS if ex.cell_type == "lstm" else GRU_STEPS[ex.cell.variant]  # type: ignore[union-attr]


def _variant(ex: Exercise) -> str:
    return ex.cell.variant if isinstance(ex.cell, GRUCell) else "lstm"


def _fields(ex: Exercise) -> tuple[str, ...]:
    """The trace fields the question asks for."""
    if ex.kind == "gate":
        assert ex.gate is not None
        return _GATE_FIELDS[ex.gate]
    if ex.kind == "saturation":
        gates = ("f", "i", "o") if ex.cell_type == "lstm" else ("r", "z")
        return tuple(field for gate in gates for field in _GATE_FIELDS[gate])
    return tuple(name for _, _, _, rows in _steps(ex) for _, name in rows)


def _title(ex: Exercise, number: int | None) -> str:
    cell = "an LSTM" if ex.cell_type == "lstm" else "a GRU"
    what = {
        "full": f"one step of {cell}",
        "gate": f"{_NAMES.get(ex.gate or '', '')} of {cell}",
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
    if ex.kind == "gate":
        parts.append(f"--gate {ex.gate}")
    if isinstance(ex.cell, GRUCell) and ex.cell.variant != "colah":
        parts.append(f"--variant {ex.cell.variant}")
    sizes = (ex.cell.hidden_size, ex.cell.input_size, ex.decimals, ex.grid)
    if sizes != (2, 2, 2, 0.1):
        parts.append(f"--hidden-size {sizes[0]} --input-size {sizes[1]} --decimals {sizes[2]} --grid {sizes[3]:g}")
    return " ".join(parts)


# The question ----------------------------------------------------------------


_WEIGHTS = {
    "lstm": {"f": ("f",), "i": ("i",), "c_tilde": ("c",), "o": ("o",)},
    "gru": {"r": ("r",), "z": ("z",), "h_tilde": ("h",)},
    "pytorch": {"r": ("r",), "z": ("z",), "h_tilde": ("n",)},
}


def _weights_block(ex: Exercise, fields: tuple[str, ...]) -> Block:
    params, H = ex.cell.params, ex.cell.hidden_size
    variant = _variant(ex)
    table = _WEIGHTS["pytorch" if variant == "pytorch" else ex.cell_type]
    lines: list[list[tuple[str, Any, int | None]]] = []
    for gate, (key,) in table.items():
        if gate not in fields:
            continue
        if variant == "pytorch":
            lines.append(
                [
                    (f"W_{{i{key}}}", params[f"W_i{key}"], None),
                    (f"W_{{h{key}}}", params[f"W_h{key}"], None),
                    (f"b_{{i{key}}}", params[f"b_i{key}"], None),
                    (f"b_{{h{key}}}", params[f"b_h{key}"], None),
                ]
            )
        else:
            shown = "C" if key == "c" else key
            lines.append([(f"W_{shown}", params[f"W_{key}"], H), (f"b_{shown}", params[f"b_{key}"], None)])
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


def _rounding_rule(ex: Exercise) -> str:
    return (
        f"Round every intermediate result to {ex.decimals} decimals before you use it "
        r"(half away from zero, as on a calculator). $\sigma(a) = 1 / (1 + \exp(-a))$."
    )


def _squashed_fields(ex: Exercise) -> tuple[str, ...]:
    return tuple(field for field in _fields(ex) if field in SQUASHED)


def _task(ex: Exercise) -> str:
    skipped = ("hn", "tanh_c", "r_h_prev")  # intermediates: shown in the key, not asked for
    names = [f"${row_label(f)}$" for f in _fields(ex) if not f.endswith("_pre") and f not in skipped]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
    if ex.kind == "full":
        return f"Compute {listed}."
    if ex.kind == "gate":
        pre, gate = _fields(ex)
        return f"Compute the pre-activation ${row_label(pre)}$ and {_NAMES[gate]} ${row_label(gate)}$."
    low, high = format_number(SATURATED, 1), format_number(1 - SATURATED, 1)
    meaning = (
        "What does that mean for what the cell keeps of $C_{t-1}$, writes into $C_t$ or shows in $h_t$?"
        if ex.cell_type == "lstm"
        else "What does that mean for what the cell keeps of $h_{t-1}$?"
    )
    return (
        f"Compute the gates {listed}. Exactly one of their components is saturated "
        f"({low} or less, or {high} or more): which one? {meaning}"
    )


def question_blocks(ex: Exercise, number: int | None) -> list[Block]:
    """The question: the cell, the given numbers, the equations and the task."""
    variant = _variant(ex)
    cell = "An LSTM cell" if variant == "lstm" else f"A GRU cell {_VARIANTS[variant]}"
    states = "the previous states $h_{t-1}$ and $C_{t-1}$" if variant == "lstm" else "the previous state $h_{t-1}$"
    H, I = ex.cell.hidden_size, ex.cell.input_size
    if variant == "pytorch":
        acts = "Each $W_{ir}$, $W_{iz}$, $W_{in}$ acts on $x_t$ and each $W_{hr}$, $W_{hz}$, $W_{hn}$ on $h_{t-1}$."
    else:
        acts = (
            "Each matrix acts on $[h_{t-1}, x_t]$, hidden state first; the bar separates the columns "
            "for $h_{t-1}$ from those for $x_t$."
        )
        if variant != "lstm" and "h_tilde" in _fields(ex):
            acts += r" $W_h$ acts on $[r_t \odot h_{t-1}, x_t]$."
    fields = _fields(ex)
    blocks: list[Block] = [
        ("title", _title(ex, number)),
        (
            "paragraph",
            f"{cell} with input size ${I}$ and hidden size ${H}$ receives the input $x_t$ and {states}.",
        ),
        ("paragraph", _given(ex)),
        ("paragraph", f"The weights. {acts}"),
        _weights_block(ex, tuple(f.removesuffix("_pre") for f in fields)),
        ("paragraph", "The equations:"),
        ("items", _formulas(ex, fields)),
    ]
    if ex.kind == "find-error":
        blocks += [
            (
                "paragraph",
                (
                    f"Here is a worked solution, every intermediate rounded to {ex.decimals} decimals. Exactly one "
                    "printed number is wrong; every other number was computed from the correct values. Which "
                    "number is wrong, what went wrong, and what is the correct value?"
                ),
            ),
            *_worked_solution(ex),
        ]
    else:
        blocks += [("paragraph", _task(ex)), ("paragraph", _rounding_rule(ex))]
    return blocks


def _worked_solution(ex: Exercise) -> list[Block]:
    """The hand-rounded solution, step by step, with the slip in it."""
    values = {name: list(getattr(ex.by_hand, name) or ()) for name in ex.by_hand._fields[:-1] if name != "variant"}
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
                ["", "value"],
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
                f"${component(name, k)}$" for k in range(len(exact)) if differs(ex.solution, ex.by_hand, name, k, d)
            ]
            exact_shown = "$[" + ", ".join(approximate(v, d) for v in exact) + "]$"
            table.append([f"${label}$", f"${format_vector(by_hand, d)}$", exact_shown, ", ".join(differ) or "-"])
        blocks.append(("table", ["", "by hand", "exact", "differs after rounding"], table))
    return blocks


def _meaning(ex: Exercise, field: str, k: int) -> str:
    """What a saturated gate component does, in words, with the student's numbers."""
    t, d = ex.by_hand, ex.decimals
    high = getattr(t, field)[k] > 0.5
    value = f"{component(field, k)} = {format_number(getattr(t, field)[k], d)}"
    if field in ("f", "i", "o"):
        c_prev = format_number(t.c_prev[k], ex._shown_decimals)  # type: ignore[union-attr]
        text = {
            ("f", True): f"the forget gate is open: the cell keeps almost all of $C_{{t-1}}[{k}] = {c_prev}$.",
            ("f", False): f"the forget gate is closed: the cell forgets $C_{{t-1}}[{k}] = {c_prev}$, so $C_t[{k}]$ "
            rf"is almost only the new $i_t[{k}] \cdot \tilde{{C}}_t[{k}]$.",
            ("i", True): rf"the input gate is open: the candidate $\tilde{{C}}_t[{k}]$ is written into the cell "
            "almost in full.",
            ("i", False): rf"the input gate is closed: the candidate $\tilde{{C}}_t[{k}]$ is (almost) not written, "
            rf"so $C_t[{k}] \approx f_t[{k}] \cdot C_{{t-1}}[{k}]$: the cell remembers what it had.",
            ("o", True): rf"the output gate is open: the cell shows its state, $h_t[{k}] \approx \tanh(C_t[{k}])$.",
            ("o", False): f"the output gate is closed: the cell keeps $C_t[{k}]$ to itself and shows almost "
            f"nothing, $h_t[{k}] \\approx 0$.",
        }[field, high]
        return f"${value}$: {text}"
    variant, h_prev = _variant(ex), format_number(t.h_prev[k], ex._shown_decimals)
    if field == "z":
        keeps_old = high == (variant != "colah")  # colah weighs the old state with 1 - z_t, the others with z_t
        if keeps_old:
            text = f"the update gate keeps the old state: $h_t[{k}] \\approx h_{{t-1}}[{k}] = {h_prev}$."
        else:
            text = (
                f"the update gate replaces the old state: $h_t[{k}] \\approx \\tilde{{h}}_t[{k}]$, and "
                f"$h_{{t-1}}[{k}] = {h_prev}$ is forgotten."
            )
    elif variant == "pytorch":
        text = (
            rf"the reset gate is open: the candidate uses $(W_{{hn}} h_{{t-1}} + b_{{hn}})[{k}]$ in full."
            if high
            else rf"the reset gate is closed: the candidate $\tilde{{h}}_t[{k}]$ (almost) ignores the past state."
        )
    else:
        text = (
            f"the reset gate is open: the candidate uses $h_{{t-1}}[{k}] = {h_prev}$ in full."
            if high
            else f"the reset gate is closed: the candidate is computed (almost) without $h_{{t-1}}[{k}] = {h_prev}$."
        )
    return f"${value}$: {text}"


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
        f"By hand: every intermediate rounded to {d} decimals before it is used, as a student does. Exact: full "
        "precision, rounded only when shown. Where the two disagree after rounding, the line and the table say so "
        f"(like the slides' $C_t[2]$: {format_number(by_hand, 2)} by hand, {format_number(exact, 2)} exact)."
    )
    blocks.append(("paragraph", rule))
    if ex.kind == "find-error":
        slip = ex.slip
        assert slip is not None
        step = next(n for n, _, _, rows in _steps(ex) for _, name in rows if name == slip.field)
        blocks += [
            ("heading", "The error"),
            (
                "paragraph",
                (
                    f"The wrong number is ${component(slip.field, slip.component)}$ in step {step}: the solution "
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
                    f"${component(field, k)} = {format_number(value, d)}$ is saturated ({side}); every other gate "
                    f"component lies between {format_number(SATURATED, 1)} and {format_number(1 - SATURATED, 1)}."
                ),
            ),
            ("paragraph", "What it means: " + _meaning(ex, field, k)),
        ]
    return blocks


# The table of σ and tanh -------------------------------------------------------


def table_blocks(ex: Exercise) -> list[Block]:
    """σ(a) and tanh(a) for every argument a of σ or tanh in the hand computation.

    For "find the error" the wrongly printed argument is listed too, so that the table gives nothing away.
    """
    sources = {SQUASHED[field] for field in _squashed_fields(ex)}
    arguments = {value for field in sources for value in getattr(ex.by_hand, field)}
    if ex.slip is not None and ex.slip.field in sources:
        arguments.add(ex.slip.printed)
    d = ex.decimals
    rows = [
        [
            f"${format_number(a, d)}$",
            f"${format_number(hand_round(sigmoid_scalar(a), d), d)}$",
            f"${format_number(hand_round(tanh_scalar(a), d), d)}$",
        ]
        for a in sorted(arguments)
    ]
    return [
        ("heading", rf"Table: $\sigma(a)$ and $\tanh(a)$, rounded to {d} decimals"),
        ("table", ["$a$", r"$\sigma(a)$", r"$\tanh(a)$"], rows),
    ]
