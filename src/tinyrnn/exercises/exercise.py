"""One exercise: a cell with easy numbers, the question, the solution and its answer key.

The public face of this module is :mod:`tinyrnn.exercises` (its docstring
tells the whole story): :class:`Exercise`, :func:`lstm`, :func:`gru`,
:func:`sheet` and :func:`from_cell`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

from tinyrnn.activations import sigmoid_scalar
from tinyrnn.cell import Cell
from tinyrnn.checks import article, received, size
from tinyrnn.exercises import document
from tinyrnn.exercises.by_hand import ROUNDINGS, SATURATED, HandWork, Step, dec, hand_step, operand
from tinyrnn.family import CELLS, check_cell, described, from_params
from tinyrnn.gru import check_variant
from tinyrnn.render import format_number, pre_activations
from tinyrnn.rounding import check_decimals, hand_round
from tinyrnn.specs import Activation, Affine, CellSpec, Hadamard, MatVec, Products, family, shown_options, spec_of_key

__all__ = [
    "FORMATS",
    "GATES",
    "KINDS",
    "MAKERS",
    "MAX_HAND_SIZE",
    "ROUNDINGS",
    "Exercise",
    "Slip",
    "draw_seed",
    "from_cell",
    "gru",
    "lstm",
    "rnn",
    "sheet",
]

FORMATS = document.FORMATS
KINDS = ("full", "gate", "saturation", "find-error")


def _askable(described: CellSpec) -> tuple[str, ...]:
    """The gates (and candidates) a "gate" question can ask for: computed from the given inputs alone.

    Not the GRU's h̃ (it needs r_t first), not a peephole o_t (it needs C_t), not a new state.
    """
    given = {field.name for field in described.given} | set(described.layout)

    def from_given(part: object) -> bool:
        if isinstance(part, MatVec):
            return set(part.inputs) <= given
        if isinstance(part, Hadamard):
            return {part.left, part.right} <= given
        if isinstance(part, Affine):  # PyTorch's (W_ir x + b_ir) + (W_hr h + b_hr)
            return all(from_given(inner) for inner in part.parts)
        return isinstance(part, str)

    gates = []
    for gate, pre in pre_activations(described).items():
        rule = described.field(pre).rule
        assert isinstance(rule, Affine)
        if gate != pre and gate not in described.states and all(from_given(part) for part in rule.parts):
            gates.append(gate)
    return tuple(gates)


#: The gates a ``kind="gate"`` question can ask for, by cell kind.
GATES = {kind: _askable(family(kind)[0]) for kind in CELLS}
MAX_SHEET = 1000  # exercises on one sheet: more would take minutes to draw (each is checked against the others)
_MAX_DRAWS = 10_000
MAX_HAND_SIZE = 8  # hidden_size and input_size of an exercise: beyond that nobody computes by hand

ExerciseCell = Cell


class Slip(NamedTuple):
    """The wrong number of a "find the error" exercise: where it is and what went wrong."""

    field: str  # trace field, e.g. "c"
    component: int  # which component of the field
    printed: float  # the wrong value shown in the question
    correct: float  # the value by hand (every intermediate rounded)
    why: str  # the mistake, in words with $math$


# The grid ----------------------------------------------------------------------


def _check_grid(grid: object) -> tuple[int, int]:
    """``(n, g)`` for a grid of the multiples of 1/n, which have ``g`` decimals."""
    message = "grid must be 1/n for n = 2^a·5^b up to 100, such as 1, 0.5, 0.25, 0.2 or 0.1"
    if isinstance(grid, bool) or not isinstance(grid, int | float) or not 0 < grid <= 1:
        raise (ValueError if isinstance(grid, int | float) and not isinstance(grid, bool) else TypeError)(
            f"{message}, got {received(grid)}"
        )
    n = round(1 / grid)
    twos = fives = 0
    rest = n
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    if 1 / n != grid or rest != 1 or n > 100:
        raise ValueError(f"{message}, got {grid!r}")
    return n, max(twos, fives)


def draw_seed(key: str, seed: int) -> int:
    """The integer that seeds the draw of an exercise: ``seed`` and the cell kind's key, hashed with SHA-256.

    Different cell kinds (and GRU conventions) of one seed draw different numbers; the same key and seed
    draw the same numbers on every machine, every Python and every later tinyrnn (an int seed is used by
    ``random.Random`` as it is, and ``random()``'s sequence for it is one Python promises never to change).

    >>> draw_seed("lstm", 7) != draw_seed("gru-colah", 7)
    True
    """
    import hashlib

    digest = hashlib.sha256(f"tinyrnn exercise {key} {seed}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _pick(rng: random.Random, count: int) -> int:
    """An index in ``range(count)`` from ``rng.random()`` alone (stable across Python versions)."""
    return min(int(rng.random() * count), count - 1)


def _draw_vector(rng: random.Random, n: int, length: int) -> list[float]:
    return [(_pick(rng, 2 * n + 1) - n) / n for _ in range(length)]  # k/n is the float of the decimal k·(1/n)


def _draw(rng: random.Random, key: str, H: int, I: int, n: int) -> tuple[Any, ...]:
    """Weights in the layout's order, row by row, then the given inputs (x_t, h_{t-1}, C_{t-1}) in order."""
    described = spec_of_key(key)
    params = {
        weight.name: [_draw_vector(rng, n, weight.columns(H, I)) for _ in range(H)]
        if weight.is_matrix
        else _draw_vector(rng, n, H)
        for weight in described.weights
    }
    given = [_draw_vector(rng, n, I if field.input_sized else H) for field in described.given]
    return (from_params(key, params), *given, *([None] * (3 - len(given))))


class Exercise:
    """One exercise: the cell and its inputs, the question, the solution and the answer key.

    Attributes:
        cell: the :class:`~tinyrnn.LSTMCell` or :class:`~tinyrnn.GRUCell` with the grid weights.
        x, h_prev, c_prev: the given x_t, h_{t-1} and C_{t-1} (``c_prev`` is ``None`` for a GRU).
        kind: one of :data:`KINDS`; ``gate``: the gate asked for (``kind="gate"``).
        decimals: the decimals a student keeps; ``grid``: the grid step (``None`` for :func:`from_cell`).
        seed: the seed it was drawn with (``None`` for :func:`from_cell`).
        solution: the exact trace (:class:`~tinyrnn.LSTMStep` / :class:`~tinyrnn.GRUStep`).
        by_hand: the trace with every intermediate rounded to ``decimals`` (what a student writes).
        rounding: ``"per-line"`` (each line's result rounded, not each product) or ``"per-product"``.
        slip: for ``kind="find-error"``, the wrong number shown (a :class:`Slip`), else ``None``.
        saturated: for ``kind="saturation"``, the saturated gate component ``(field, index)``, else ``None``.
    """

    __slots__ = (
        "_shown_decimals",
        "by_hand",
        "c_prev",
        "cell",
        "decimals",
        "gate",
        "grid",
        "h_prev",
        "kind",
        "rounding",
        "saturated",
        "seed",
        "slip",
        "solution",
        "x",
    )

    def __init__(
        self,
        cell: ExerciseCell,
        x: list[float],
        h_prev: list[float],
        c_prev: list[float] | None,
        *,
        decimals: int,
        shown_decimals: int,
        kind: str = "full",
        grid: float | None = None,
        seed: int | None = None,
        rounding: str = "per-line",
    ) -> None:
        self.cell, self.x, self.h_prev, self.c_prev = cell, x, h_prev, c_prev
        self.rounding = rounding
        self.kind, self.decimals, self.grid, self.seed = kind, decimals, grid, seed
        self._shown_decimals = shown_decimals
        states = (h_prev, c_prev)[: len(cell.spec.states)]  # h_{t-1}, and C_{t-1} for a cell that has one
        self.solution: Step = cell.step(x, *states)
        if rounding == "per-line":  # the library's own hand-rounding mode
            self.by_hand: Step = cell.step(x, *states, round_to=decimals)
        else:
            self.by_hand = hand_step(cell, (x, *states), decimals, rounding)
        self.gate: str | None = None
        self.slip: Slip | None = None
        self.saturated: tuple[str, int] | None = None

    @property
    def cell_type(self) -> str:
        """The cell's kind: ``"lstm"`` or ``"gru"``."""
        return self.cell.spec.kind

    def _identity(self) -> tuple[Any, ...]:
        c_prev = None if self.c_prev is None else tuple(self.c_prev)
        return (
            repr(self.cell),
            repr(self.cell.params),
            tuple(self.x),
            tuple(self.h_prev),
            c_prev,
            self.kind,
            self.gate,
            self.slip,
            self.rounding,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Exercise) and self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self._identity())

    def __repr__(self) -> str:
        options = "".join(f", {name}={value!r}" for name, value in shown_options(self.cell.spec))
        return (
            f"Exercise(cell={self.cell_type!r}{options}, kind={self.kind!r}, seed={self.seed}, "
            f"hidden_size={self.cell.hidden_size}, input_size={self.cell.input_size}, "
            f"decimals={self.decimals}, grid={self.grid}"
            + (f", rounding={self.rounding!r})" if self.rounding != "per-line" else ")")
        )

    def question(self, fmt: str = "text", *, number: int | None = None, table: bool = False) -> str:
        """The question in ``fmt`` (``"text"``, ``"markdown"`` or ``"latex"``).

        ``number`` titles it "Exercise 3"; ``table=True`` adds a table of σ and tanh
        for exams without calculators.
        """
        from tinyrnn.exercises.text import question_blocks, table_blocks

        blocks = question_blocks(self, number)
        if table:
            blocks += table_blocks([self])
        return self._write(blocks, fmt)

    def answer_key(self, fmt: str = "text", *, number: int | None = None) -> str:
        """The answer key in ``fmt``: every step term by term, by hand and exact side by side."""
        from tinyrnn.exercises.text import answer_blocks

        return self._write(answer_blocks(self, number), fmt)

    def table(self, fmt: str = "text") -> str:
        """A table of σ(a) and tanh(a) to ``decimals`` decimals, a ≥ 0 in steps of 0.01, up to what the exercise needs.

        Generic: it lists every a of the range, not the arguments of this exercise, so it gives no answer away.
        """
        from tinyrnn.exercises.text import table_blocks

        return self._write(table_blocks([self]), fmt)

    def _write(self, blocks: list[document.Block], fmt: str) -> str:
        if fmt not in FORMATS:
            raise ValueError(f"fmt must be one of {', '.join(map(repr, FORMATS))}, got {received(fmt)}")
        return document.write(blocks, fmt, lambda v: format_number(v, self._shown_decimals))

    def explain(self, field: str, component: int, fmt: str = "text") -> str:
        """One line of the answer key: how a student computes ``field[component]`` by hand.

        >>> from tinyrnn import examples
        >>> slide = from_cell(examples.slide_lstm_cell(), examples.X, examples.H_PREV, examples.C_PREV)
        >>> print(slide.explain("c", 2))
        C_t[2] = f_t[2] · C_{t-1}[2] + i_t[2] · C̃_t[2] = 0.78·0.3 + 0.48·0.67 = 0.5556 → 0.56
        (differs: full precision gives 0.5507 → 0.55)
        """
        given = ("variant", "x", "h_prev", "c_prev", "rounding")
        fields = [
            name for name in self.by_hand._fields if name not in given and getattr(self.by_hand, name) is not None
        ]
        if field not in fields:
            raise ValueError(f"field must be one of {', '.join(map(repr, fields))}, got {received(field)}")
        if isinstance(component, bool) or not isinstance(component, int) or not 0 <= component < self.cell.hidden_size:
            raise ValueError(
                f"component must be an int from 0 to {self.cell.hidden_size - 1}, got {received(component)}"
            )
        return self._write([("paragraph", self._explainer().text(field, component, self.solution))], fmt)

    def _explainer(self) -> HandWork:
        return HandWork(self.cell, self.by_hand, self.decimals, self.rounding)


# Kinds: what makes a drawn step a good exercise of each kind ---------------------


def _saturated(ex: Exercise) -> tuple[str, int] | None:
    """The one saturated gate component, if exactly one is (by hand and exactly), else ``None``."""
    found, low, high = [], SATURATED, 1 - SATURATED
    for field in ex.cell.spec.gates:
        for k, (exact, by_hand) in enumerate(zip(getattr(ex.solution, field), getattr(ex.by_hand, field), strict=True)):
            if (exact < low and by_hand <= low) or (exact > high and by_hand >= high):
                found.append((field, k))
            elif not (low < exact < high and low < by_hand < high):
                return None  # the two disagree: say 0.1003 exactly, but 0.10 by hand
    return found[0] if len(found) == 1 else None


def _slips(ex: Exercise) -> dict[str, list[Slip]]:
    """Plausible mistakes, by field: each changes one printed number by at least 2 in its last decimal."""
    t, d, explain = ex.by_hand, ex.decimals, ex._explainer()
    found: dict[str, list[Slip]] = {}

    def add(field: str, k: int, wrong: Decimal | float, why: str) -> None:
        printed, correct = hand_round(float(wrong), d), getattr(t, field)[k]
        if abs(printed - correct) >= 2 * 10.0**-d - 1e-12:
            found.setdefault(field, []).append(Slip(field, k, printed, correct, why))

    described = t.spec
    for field in described.fields:
        rule, values = field.rule, getattr(t, field.name)
        if rule is None:
            continue
        for k in range(len(values)):
            for wrong, why in _mistakes(described, field.name, t, k, d, explain):
                add(field.name, k, wrong, why)
    return found


def _mistakes(described: CellSpec, field: str, t: Step, k: int, d: int, explain: HandWork) -> list[tuple[Any, str]]:
    """The plausible mistakes in component ``k`` of ``field``, by the rule that computes it: (wrong value, why)."""
    rule = described.field(field).rule
    latex = {each.name: each.latex for each in described.fields}
    if isinstance(rule, Affine):
        written = explain.terms(field, k)
        raw = sum((explain.kept(term) for term in written), Decimal(0))
        mistakes = []
        for term in written:
            shown = r" \cdot ".join(operand(f, d) for f in term)
            what = f"term ${shown}$" if len(term) > 1 else f"bias ${shown}$"
            mistakes.append((raw - 2 * explain.kept(term), f"the sign of the {what} was flipped"))
        return mistakes
    if isinstance(rule, Activation):
        pre = getattr(t, rule.field)[k]
        if rule.function == "sigmoid":
            why = rf"the sign of the pre-activation was flipped: $\sigma({format_number(-pre, d)})$"
            return [(sigmoid_scalar(-pre), why)]
        if rule.function == "tanh" and isinstance(described.field(rule.field).rule, Affine):
            return [(sigmoid_scalar(pre), r"$\sigma$ was used instead of $\tanh$")]
        if rule.function == "tanh":  # tanh of a state
            return [(pre, rf"the $\tanh$ was forgotten: ${latex[rule.field]}$ was copied")]
        return []
    if not isinstance(rule, Products):
        return []

    def value(factor: str) -> Decimal:  # a factor of a product, "z" or "1-z", as the student wrote it
        written = dec(getattr(t, factor.removeprefix("1-"))[k])
        return 1 - written if factor.startswith("1-") else written

    terms = rule.terms
    if len(terms) == 2 and all(len(term) == 2 for term in terms):
        (a, x), (b, y) = terms
        if a.startswith("1-") or b.startswith("1-"):  # (1 − z)·u + z·v: the weights swapped
            swapped = {(b, x), (a, y)}
            gate = latex[a.removeprefix("1-")]
            why = f"${gate}$ and $1 - {gate}$ were swapped"
            if any(_products_of(each, field) == swapped for each in family(described.kind)):
                why += f" (the other {described.kind.upper()} convention)"
            return [(value(b) * value(x) + value(a) * value(y), why)]
        why = (
            rf"${latex[a]}$ and ${latex[b]}$ were swapped: ${latex[a]} \odot {latex[y]} + {latex[b]} \odot {latex[x]}$"
        )
        return [(value(a) * value(y) + value(b) * value(x), why)]
    if len(terms) == 1 and len(terms[0]) == 2:
        a, x = terms[0]
        source = described.field(x).rule
        if isinstance(source, Activation) and source.function == "tanh":  # o ⊙ tanh(C) written as o ⊙ C
            why = rf"${latex[a]} \odot {latex[source.field]}$ instead of ${latex[a]} \odot {latex[x]}$"
            return [(value(a) * dec(getattr(t, source.field)[k]), why)]
        if not a.startswith("1-"):  # r ⊙ h written as (1 − r) ⊙ h
            return [((1 - value(a)) * value(x), f"$1 - {latex[a]}$ was used instead of ${latex[a]}$")]
    return []


def _products_of(described: CellSpec, field: str) -> set[tuple[str, ...]]:
    """The terms of ``field``'s rule in ``described``, in any order (empty if it is not a sum of products)."""
    rule = next((each.rule for each in described.fields if each.name == field), None)
    return set(rule.terms) if isinstance(rule, Products) else set()


def _choose_slip(ex: Exercise, rng: random.Random) -> Slip | None:
    found = _slips(ex)
    if not found:
        return None
    fields = sorted(found, key=list(ex.by_hand._fields).index)
    candidates = found[fields[_pick(rng, len(fields))]]
    return candidates[_pick(rng, len(candidates))]


def _check_kind(kind: object, gate: object, cell_type: str, gates: tuple[str, ...], has_gates: bool) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(map(repr, KINDS))}, got {received(kind)}")
    if kind in ("gate", "saturation") and not has_gates:
        cell = article(cell_type.upper())
        raise ValueError(
            f"{cell} has no gates, so there is no {kind!r} exercise for it: use kind='full' or 'find-error'"
        )
    if gate is not None and (kind != "gate" or gate not in gates):
        if kind != "gate":
            raise ValueError(f"gate is only used with kind='gate', got gate={gate!r} with kind={kind!r}")
        raise ValueError(
            f"gate must be one of {', '.join(map(repr, gates))} for {article(cell_type.upper())} exercise, "
            f"got {received(gate)}"
        )


def _generate(
    key: str,
    seed: object,
    hidden_size: object,
    input_size: object,
    decimals: object,
    *,
    kind: object = "full",
    gate: object = None,
    grid: object = 0.1,
    rounding: object = "per-line",
) -> Exercise:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {received(seed)}")
    H, I = size(hidden_size, "hidden_size"), size(input_size, "input_size")
    for name, value in (("hidden_size", H), ("input_size", I)):
        if value > MAX_HAND_SIZE:
            raise ValueError(f"{name} must be at most {MAX_HAND_SIZE} for an exercise by hand, got {value}")
    d = check_decimals(decimals)
    n, g = _check_grid(grid)
    if g > d:
        raise ValueError(f"grid {grid!r} has {g} decimals but decimals is {d}; the given numbers must fit in them")
    cell_type = spec_of_key(key).kind
    gates = _askable(spec_of_key(key))
    _check_kind(kind, gate, cell_type, gates, bool(spec_of_key(key).gates))
    if rounding not in ROUNDINGS:
        raise ValueError(f"rounding must be one of {', '.join(map(repr, ROUNDINGS))}, got {received(rounding)}")
    rng = random.Random(draw_seed(key, seed))
    for _ in range(_MAX_DRAWS):
        cell, x, h_prev, c_prev = _draw(rng, key, H, I, n)
        ex = Exercise(
            cell,
            x,
            h_prev,
            c_prev,
            decimals=d,
            shown_decimals=g,
            kind=str(kind),
            grid=1 / n,
            seed=seed,
            rounding=str(rounding),
        )
        if kind == "gate":
            ex.gate = str(gate) if gate is not None else gates[_pick(rng, len(gates))]
        elif kind == "saturation":
            ex.saturated = _saturated(ex)
            if ex.saturated is None:
                continue
        elif kind == "find-error":
            ex.slip = _choose_slip(ex, rng)
            if ex.slip is None:
                continue
        return ex
    raise ValueError(
        f"no {kind!r} exercise found in {_MAX_DRAWS} draws with grid {grid!r}, hidden_size {H} and input_size {I}; "
        "try a smaller size or a finer grid"
    )


def lstm(
    seed: int = 7,
    hidden_size: int = 2,
    input_size: int = 2,
    decimals: int = 2,
    *,
    kind: str = "full",
    gate: str | None = None,
    grid: float = 0.1,
    peepholes: bool = False,
    coupled: bool = False,
    forget_gate: bool = True,
    rounding: str = "per-line",
) -> Exercise:
    """An LSTM exercise drawn from ``seed`` (see :func:`draw_seed`).

    Args:
        seed: the same seed gives the same exercise everywhere.
        hidden_size, input_size: H and I (2 and 2 keep it short by hand).
        decimals: every intermediate is rounded to this many decimals by hand.
        kind: ``"full"``, ``"gate"``, ``"saturation"`` or ``"find-error"`` (see the module docstring).
        gate: for ``kind="gate"``: ``"f"``, ``"i"``, ``"c_tilde"`` or ``"o"`` (default: drawn).
        grid: the step of the grid of weights, biases, inputs and states in [−1, 1].
        peepholes, coupled, forget_gate: the options of :class:`tinyrnn.LSTMCell`.
        rounding: ``"per-line"`` (round each line's result, not each product: the default) or
            ``"per-product"`` (round each product too); the question states the rule, the key follows it.

    >>> lstm(seed=1, coupled=True).cell
    LSTMCell(input_size=2, hidden_size=2, coupled=True)
    """
    key = described("lstm", peepholes=peepholes, coupled=coupled, forget_gate=forget_gate).key
    return _generate(key, seed, hidden_size, input_size, decimals, kind=kind, gate=gate, grid=grid, rounding=rounding)


def gru(
    seed: int = 7,
    hidden_size: int = 2,
    input_size: int = 2,
    decimals: int = 2,
    *,
    variant: str = "colah",
    kind: str = "full",
    gate: str | None = None,
    grid: float = 0.1,
    rounding: str = "per-line",
) -> Exercise:
    """A GRU exercise in ``variant`` (``"colah"``, the slides', ``"cho2014"`` or ``"pytorch"``); see :func:`lstm`.

    ``gate`` is ``"r"`` or ``"z"`` for ``kind="gate"``.
    """
    variant = check_variant(variant)
    key = f"gru-{variant}"
    return _generate(key, seed, hidden_size, input_size, decimals, kind=kind, gate=gate, grid=grid, rounding=rounding)


def rnn(
    seed: int = 7,
    hidden_size: int = 2,
    input_size: int = 2,
    decimals: int = 2,
    *,
    nonlinearity: str = "tanh",
    kind: str = "full",
    gate: str | None = None,
    grid: float = 0.1,
    rounding: str = "per-line",
) -> Exercise:
    """A plain RNN exercise (``nonlinearity`` ``"tanh"`` or ``"relu"``); see :func:`lstm`. It has no gates:
    ``kind`` is ``"full"`` or ``"find-error"`` (``gate`` is there for the same signature: it must be ``None``).

    >>> ex = rnn(seed=3, nonlinearity="relu")
    >>> ex.cell.nonlinearity, [field for field in ex.solution.spec.steps[0].fields]
    ('relu', ['h_pre', 'h'])
    """
    key = described("rnn", nonlinearity=nonlinearity).key
    return _generate(key, seed, hidden_size, input_size, decimals, kind=kind, gate=gate, grid=grid, rounding=rounding)


def sheet(cell: str = "lstm", count: int = 5, seed: int = 7, **options: Any) -> list[Exercise]:
    """``count`` distinct exercises (at most ``MAX_SHEET``) with seeds ``seed``, ``seed + 1``, … (a seed that
    repeats one is skipped).

    ``cell`` is a cell kind (``"lstm"``, ``"gru"``, ``"rnn"``); ``options`` are those of :func:`lstm`,
    :func:`gru` or :func:`rnn`: the exercise's and the options of the kind's descriptions.

    >>> [ex.seed for ex in sheet("gru", count=3, seed=1, variant="pytorch")]
    [1, 2, 3]
    """
    if cell not in CELLS:
        raise ValueError(f"cell must be {' or '.join(map(repr, CELLS))}, got {received(cell)}")
    count = size(count, "count", maximum=MAX_SHEET)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {received(seed)}")
    defaults = dict(family(cell)[0].options)
    chosen = {name: options.pop(name) for name in list(options) if name in defaults}
    key = described(cell, **chosen).key  # checked as the cell's class checks its options
    found: list[Exercise] = []
    next_seed = seed
    while len(found) < count:
        ex = _generate_with(key, next_seed, options)
        if ex not in found:
            found.append(ex)
        next_seed += 1
    return found


def _generate_with(key: str, seed: int, options: dict[str, Any]) -> Exercise:
    """An exercise of the cell kind ``key`` with the options of :func:`lstm` (defaults for those left out)."""
    known = {
        "hidden_size": 2,
        "input_size": 2,
        "decimals": 2,
        "kind": "full",
        "gate": None,
        "grid": 0.1,
        "rounding": "per-line",
    }
    unknown = sorted(options.keys() - known.keys())
    if unknown:
        raise TypeError(f"sheet() got an unexpected keyword argument {unknown[0]!r}")
    chosen = known | options
    return _generate(
        key,
        seed,
        chosen["hidden_size"],
        chosen["input_size"],
        chosen["decimals"],
        kind=chosen["kind"],
        gate=chosen["gate"],
        grid=chosen["grid"],
        rounding=chosen["rounding"],
    )


#: The exercise makers by cell kind (the public functions; ``sheet`` draws any kind by its key).
MAKERS: dict[str, Callable[..., Exercise]] = {"lstm": lstm, "gru": gru, "rnn": rnn}


def from_cell(
    cell: ExerciseCell, x: Any, h_prev: Any, c_prev: Any = None, *, decimals: int = 2, rounding: str = "per-line"
) -> Exercise:
    """A full-step exercise with your own weights and inputs (every number must fit in ``decimals``).

    >>> from tinyrnn import examples
    >>> ex = from_cell(examples.slide_lstm_cell(), examples.X, examples.H_PREV, examples.C_PREV)
    >>> ex.by_hand.c[2], round(ex.solution.c[2], 2)          # the slides' C_t[2]
    (0.56, 0.55)
    """
    cell = check_cell(cell)
    d = check_decimals(decimals)
    has_c = "c" in cell.spec.states
    if not has_c and c_prev is not None:
        kind = cell.spec.kind.upper()
        raise ValueError(f"c_prev must be None for {article(kind)}: {article(kind)} has no cell state")
    given = cell.step(x, h_prev, c_prev) if has_c else cell.step(x, h_prev)  # checks them
    numbers: dict[str, Any] = {
        **cell.params,
        **{field.name: list(getattr(given, field.name)) for field in given.spec.given},
    }
    shown = 0
    for name, value in numbers.items():
        for v in [v for row in value for v in row] if isinstance(value[0], list) else value:
            if hand_round(v, d) != v:
                raise ValueError(f"{name} contains {v!r}, which has more than decimals={d} decimals")
            shown = max(shown, next(p for p in range(d + 1) if hand_round(v, p) == v))
    if rounding not in ROUNDINGS:
        raise ValueError(f"rounding must be one of {', '.join(map(repr, ROUNDINGS))}, got {received(rounding)}")
    x, h, c = numbers["x"], numbers["h_prev"], numbers.get("c_prev")
    return Exercise(cell, x, h, c, decimals=d, shown_decimals=shown, rounding=rounding)
