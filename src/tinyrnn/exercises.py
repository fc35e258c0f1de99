r"""Hand-computable LSTM and GRU exercises with answer keys, for exams and homework.

>>> from tinyrnn import exercises
>>> ex = exercises.lstm(seed=7, hidden_size=2, input_size=2, decimals=2)
>>> ex
Exercise(cell='lstm', kind='full', seed=7, hidden_size=2, input_size=2, decimals=2, grid=0.1)
>>> print(ex.question("text").splitlines()[0])
Exercise: one step of an LSTM
>>> key = ex.answer_key("markdown")        # every step, term by term; also "text" and "latex"
>>> ex.solution == ex.cell.step(ex.x, ex.h_prev, ex.c_prev)   # the exact LSTMStep
True

**The grid.** Weights, biases, inputs and states are multiples of ``grid``
(0.1 by default; 0.5, 0.25, 0.2, 1 ... work too) in [−1, 1], so every
pre-activation is a short sum of products that can be done by hand: with
numbers of one decimal, each pre-activation has at most two. The same seed
gives the same exercise on every machine and every Python version: every
choice is made with ``random.Random(seed).random()``, the one method whose
sequence Python promises never to change.

**Hand rounding.** A student rounds every intermediate to ``decimals``
decimals before using it, as on a calculator; the library keeps full
precision. The answer key shows both, side by side, computed by the library
(``cell.step(..., round_to=decimals)`` and ``cell.step(...)``), and flags each
component where they disagree after rounding -- like the slides' ``C_t[2]``,
0.56 by hand but 0.55 from full precision.

**Kinds of question** (``kind=``):

``"full"``        compute the whole step;
``"gate"``        compute one gate (``gate="f"``, ``"i"``, ``"c_tilde"``, ``"o"``; ``"r"``, ``"z"`` for a GRU);
``"saturation"``  compute the gates; exactly one component is saturated (0.1 or less, 0.9 or more):
                  which, and what does the cell remember or forget because of it?
``"find-error"``  a worked solution in which exactly one printed number is wrong: find it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from tinyrnn import _document
from tinyrnn._checks import received, size
from tinyrnn.activations import sigmoid_scalar, tanh_scalar
from tinyrnn.gru import GRUCell, check_variant
from tinyrnn.lstm import LSTMCell
from tinyrnn.params import LAYOUTS
from tinyrnn.render import GRU_STEPS, LSTM_STEPS, _number, explain_preactivation, format_number
from tinyrnn.rounding import check_decimals, hand_round
from tinyrnn.trace import GRUStep, LSTMStep

__all__ = [
    "FORMATS",
    "GATES",
    "KINDS",
    "SATURATED",
    "Exercise",
    "Slip",
    "approximate",
    "from_cell",
    "gru",
    "lstm",
    "sheet",
]

FORMATS = _document.FORMATS
KINDS = ("full", "gate", "saturation", "find-error")
GATES = {"lstm": ("f", "i", "c_tilde", "o"), "gru": ("r", "z")}
MAX_SHEET = 1000  # exercises on one sheet: more would take minutes to draw (each is checked against the others)
SATURATED = 0.1  # a gate value of at most 0.1 or at least 1 - 0.1 is saturated
_SIGMOID_GATES = {"lstm": ("f", "i", "o"), "gru": ("r", "z")}
_MAX_DRAWS = 10_000
MAX_SIZE = 8  # hidden_size and input_size of an exercise: beyond that nobody computes by hand

Cell = LSTMCell | GRUCell
Step = LSTMStep | GRUStep


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


def _pick(rng: random.Random, count: int) -> int:
    """An index in ``range(count)`` from ``rng.random()`` alone (stable across Python versions)."""
    return min(int(rng.random() * count), count - 1)


def _draw_vector(rng: random.Random, n: int, length: int) -> list[float]:
    return [(_pick(rng, 2 * n + 1) - n) / n for _ in range(length)]  # k/n is the float of the decimal k·(1/n)


def _draw(rng: random.Random, cell_type: str, variant: str, H: int, I: int, n: int) -> tuple[Any, ...]:
    """Weights in the layout's order, row by row, then x_t, h_{t-1} (and C_{t-1})."""
    layout = LAYOUTS["lstm" if cell_type == "lstm" else "gru-pytorch" if variant == "pytorch" else "gru"]
    columns = {"hx": H + I, "x": I, "h": H}
    params = {
        name: _draw_vector(rng, n, H) if kind == "b" else [_draw_vector(rng, n, columns[kind]) for _ in range(H)]
        for name, kind in layout.items()
    }
    cell: Cell = LSTMCell.from_params(params) if cell_type == "lstm" else GRUCell.from_params(params, variant)
    x, h_prev = _draw_vector(rng, n, I), _draw_vector(rng, n, H)
    return cell, x, h_prev, _draw_vector(rng, n, H) if cell_type == "lstm" else None


# Exact decimal arithmetic for the numbers a student writes down ---------------


def _dec(value: float) -> Decimal:
    return Decimal(repr(value))


def _products(terms: Iterable[Sequence[Decimal]]) -> Decimal:
    total = Decimal(0)
    for term in terms:
        product = Decimal(1)
        for factor in term:
            product *= factor
        total += product
    return total


def _show_exact(value: Decimal, decimals: int) -> str:
    """An exact decimal with all its digits, at least ``decimals`` of them: ``0.5556``, ``0.60``."""
    text = f"{value:f}"
    whole, _, digits = text.partition(".")
    digits = digits.rstrip("0").ljust(decimals, "0")
    text = f"{whole}.{digits}" if digits else whole
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def approximate(value: float, decimals: int) -> str:
    """``value`` with ``decimals + 2`` decimals, or more until what is shown rounds as ``value`` does.

    σ = 0.124996 with ``decimals=2`` is shown as 0.124996, not as 0.1250 (which would round to 0.13).

    >>> approximate(0.5549112, 2), approximate(0.124996, 2)
    ('0.5549', '0.124996')
    """
    target = hand_round(value, decimals)
    for shown in range(decimals + 2, 16):
        if hand_round(hand_round(value, shown), decimals) == target:
            return format_number(hand_round(value, shown), shown)
    return repr(value)  # pragma: no cover - 15 decimals always agree


# What a student writes for one component: operands and the value they give ----


class _Line(NamedTuple):
    work: str  # up to and including the numbers: r"C_t[2] = … = 0.78 \cdot 0.3 + 0.48 \cdot 0.67" (LaTeX)
    raw: Decimal | float  # their value before rounding: an exact decimal, or σ / tanh of one (a float)


_GATE_OF_PRE = {"f_pre": "f", "i_pre": "i", "c_tilde_pre": "c_tilde", "o_pre": "o", "r_pre": "r", "z_pre": "z"}
_GATE_OF_PRE |= {"h_tilde_pre": "h_tilde", "hn": "hn"}
_SQUASHED = {"f": "f_pre", "i": "i_pre", "o": "o_pre", "r": "r_pre", "z": "z_pre", "c_tilde": "c_tilde_pre"}
_SQUASHED |= {"h_tilde": "h_tilde_pre", "tanh_c": "c"}
_COMPONENTS = {  # one component of a field, in LaTeX
    "f": "f_t[{k}]",
    "i": "i_t[{k}]",
    "c_tilde": r"\tilde{{C}}_t[{k}]",
    "c": "C_t[{k}]",
    "o": "o_t[{k}]",
    "tanh_c": r"\tanh(C_t[{k}])",
    "h": "h_t[{k}]",
    "r": "r_t[{k}]",
    "z": "z_t[{k}]",
    "r_h_prev": r"r_t[{k}] \cdot h_{{t-1}}[{k}]",
    "h_tilde": r"\tilde{{h}}_t[{k}]",
}


def _component(field: str, k: int) -> str:
    r"""``C_t[2]``, ``\tanh(C_t[2])``; a pre-activation as ``(W_f \cdot [h_{t-1}, x_t] + b_f)[0]``."""
    template = _COMPONENTS.get(field)
    return template.format(k=k) if template else f"({_row_label(field)})[{k}]"


def _row_label(field: str) -> str:
    for steps in (LSTM_STEPS, *GRU_STEPS.values()):
        for _, _, _, rows in steps:
            for label, name in rows:
                if name == field:
                    return label
    raise KeyError(field)  # pragma: no cover - every field has a row


def _n(value: float | Decimal, decimals: int) -> str:
    """An operand as a student writes it: no trailing zeros, negatives in parentheses."""
    return _number(float(value), decimals)


def _row_terms(row: Sequence[float], inputs: Sequence[float], bias: float) -> list[tuple[Decimal, ...]]:
    """``row · inputs + bias`` as the terms a student adds: ``[(w, v), ..., (b,)]``."""
    terms: list[tuple[Decimal, ...]] = [(_dec(w), _dec(v)) for w, v in zip(row, inputs, strict=True)]
    return [*terms, (_dec(bias),)]


class _Explainer:
    """The hand computation of every field of a step, one component at a time."""

    def __init__(self, cell: Cell, step: Step, decimals: int) -> None:
        self.cell, self.step, self.decimals = cell, step, decimals
        self.params = cell.params

    def terms(self, field: str, k: int) -> list[tuple[Decimal, ...]]:
        """The products (and lone biases) that add up to component ``k`` of a pre-activation."""
        t, p, gate = self.step, self.params, _GATE_OF_PRE[field]
        if isinstance(t, GRUStep) and t.variant == "pytorch":
            n = {"r": "r", "z": "z", "h_tilde": "n", "hn": "n"}[gate]
            x_terms = _row_terms(p[f"W_i{n}"][k], t.x, p[f"b_i{n}"][k])
            h_terms = _row_terms(p[f"W_h{n}"][k], t.h_prev, p[f"b_h{n}"][k])
            if gate == "hn":
                return h_terms
            if gate == "h_tilde":  # the student multiplies r_t by the hn she has already written down
                return [*x_terms, (_dec(t.r[k]), _dec(t.hn[k]))]  # type: ignore[index]
            return x_terms + h_terms
        if isinstance(t, GRUStep) and gate == "h_tilde":
            return _row_terms(p["W_h"][k], [*t.r_h_prev, *t.x], p["b_h"][k])  # type: ignore[misc]
        key = "c" if gate == "c_tilde" else gate
        return _row_terms(p[f"W_{key}"][k], [*t.h_prev, *t.x], p[f"b_{key}"][k])

    def line(self, field: str, k: int) -> _Line:
        """Component ``k`` of ``field`` as a student writes it, and its value before rounding."""
        t, d = self.step, self.decimals
        label = _component(field, k)
        if field in _GATE_OF_PRE:
            work = explain_preactivation(self.cell, t, _GATE_OF_PRE[field], k, decimals=d, fmt="latex")
            return _Line(work.rsplit(" = ", 1)[0], _products(self.terms(field, k)))
        if field in _SQUASHED:
            source = getattr(t, _SQUASHED[field])[k]
            if field in _SIGMOID_GATES["lstm"] + _SIGMOID_GATES["gru"]:
                return _Line(rf"{label} = \sigma({format_number(source, d)})", sigmoid_scalar(source))
            return _Line(rf"{label} = \tanh({format_number(source, d)})", tanh_scalar(source))
        n, h_prev = self.decimals, _dec(t.h_prev[k])
        if field == "c":
            assert isinstance(t, LSTMStep)
            f, c_prev, i, c_tilde = (_dec(getattr(t, name)[k]) for name in ("f", "c_prev", "i", "c_tilde"))
            work = (
                rf"C_t[{k}] = f_t[{k}] \cdot C_{{t-1}}[{k}] + i_t[{k}] \cdot \tilde{{C}}_t[{k}] = "
                rf"{_n(f, n)} \cdot {_n(c_prev, n)} + {_n(i, n)} \cdot {_n(c_tilde, n)}"
            )
            return _Line(work, f * c_prev + i * c_tilde)
        if field == "h" and isinstance(t, LSTMStep):
            o, tanh_c = _dec(t.o[k]), _dec(t.tanh_c[k])
            return _Line(rf"h_t[{k}] = o_t[{k}] \cdot \tanh(C_t[{k}]) = {_n(o, n)} \cdot {_n(tanh_c, n)}", o * tanh_c)
        assert isinstance(t, GRUStep)
        if field == "r_h_prev":
            r = _dec(t.r[k])
            return _Line(rf"{label} = {_n(r, n)} \cdot {_n(h_prev, n)}", r * h_prev)
        z, h_tilde = _dec(t.z[k]), _dec(t.h_tilde[k])
        keep_old, keep_new = (1 - z, z) if t.variant == "colah" else (z, 1 - z)
        Z, old, new = f"z_t[{k}]", f"h_{{t-1}}[{k}]", rf"\tilde{{h}}_t[{k}]"
        z_number = _n(z, n)
        if t.variant == "colah":
            symbols = rf"(1 - {Z}) \cdot {old} + {Z} \cdot {new}"
            numbers = rf"(1 - {z_number}) \cdot {_n(h_prev, n)} + {z_number} \cdot {_n(h_tilde, n)}"
        elif t.variant == "cho2014":
            symbols = rf"{Z} \cdot {old} + (1 - {Z}) \cdot {new}"
            numbers = rf"{z_number} \cdot {_n(h_prev, n)} + (1 - {z_number}) \cdot {_n(h_tilde, n)}"
        else:
            symbols = rf"(1 - {Z}) \cdot {new} + {Z} \cdot {old}"
            numbers = rf"(1 - {z_number}) \cdot {_n(h_tilde, n)} + {z_number} \cdot {_n(h_prev, n)}"
        return _Line(f"h_t[{k}] = {symbols} = {numbers}", keep_old * h_prev + keep_new * h_tilde)

    def text(self, field: str, k: int, exact: Step | None = None) -> str:
        """The whole line, with the rounding shown: ``C_t[2] = … = 0.5556 \to 0.56``."""
        line, d = self.line(field, k), self.decimals
        kept = getattr(self.step, field)[k]
        if isinstance(line.raw, Decimal):
            shown = " = " + _show_exact(line.raw, d)
            rounded = "" if line.raw == _dec(kept) else rf" \to {format_number(kept, d)}"
        else:
            exact_value = line.raw == hand_round(line.raw, d + 2)
            shown = (" = " if exact_value else r" \approx ") + approximate(line.raw, d)
            rounded = rf" \to {format_number(kept, d)}"
        text = f"${line.work}{shown}{rounded}$"
        if exact is not None and _differs(exact, self.step, field, k, d):
            value = getattr(exact, field)[k]
            text += (
                rf" (differs: full precision gives ${approximate(value, d)} \to "
                f"{format_number(hand_round(value, d), d)}$)"
            )
        return text


def _differs(exact: Step, by_hand: Step, field: str, k: int, decimals: int) -> bool:
    """Do the exact and the hand-rounded value of a component disagree once both are rounded?"""
    kept: float = getattr(by_hand, field)[k]
    return hand_round(getattr(exact, field)[k], decimals) != kept


# Exercises -----------------------------------------------------------------------


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
        "saturated",
        "seed",
        "slip",
        "solution",
        "x",
    )

    def __init__(
        self,
        cell: Cell,
        x: list[float],
        h_prev: list[float],
        c_prev: list[float] | None,
        *,
        decimals: int,
        shown_decimals: int,
        kind: str = "full",
        grid: float | None = None,
        seed: int | None = None,
    ) -> None:
        self.cell, self.x, self.h_prev, self.c_prev = cell, x, h_prev, c_prev
        self.kind, self.decimals, self.grid, self.seed = kind, decimals, grid, seed
        self._shown_decimals = shown_decimals
        if isinstance(cell, LSTMCell):
            self.solution: Step = cell.step(x, h_prev, c_prev)
            self.by_hand: Step = cell.step(x, h_prev, c_prev, round_to=decimals)
        else:
            self.solution = cell.step(x, h_prev)
            self.by_hand = cell.step(x, h_prev, round_to=decimals)
        self.gate: str | None = None
        self.slip: Slip | None = None
        self.saturated: tuple[str, int] | None = None

    @property
    def cell_type(self) -> str:
        """``"lstm"`` or ``"gru"``."""
        return "lstm" if isinstance(self.cell, LSTMCell) else "gru"

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
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Exercise) and self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self._identity())

    def __repr__(self) -> str:
        variant = f", variant={self.cell.variant!r}" if isinstance(self.cell, GRUCell) else ""
        return (
            f"Exercise(cell={self.cell_type!r}{variant}, kind={self.kind!r}, seed={self.seed}, "
            f"hidden_size={self.cell.hidden_size}, input_size={self.cell.input_size}, "
            f"decimals={self.decimals}, grid={self.grid})"
        )

    def question(self, fmt: str = "text", *, number: int | None = None, table: bool = False) -> str:
        """The question in ``fmt`` (``"text"``, ``"markdown"`` or ``"latex"``).

        ``number`` titles it "Exercise 3"; ``table=True`` adds a table of σ and tanh
        for exams without calculators.
        """
        from tinyrnn._exercise_text import question_blocks, table_blocks

        blocks = question_blocks(self, number)
        if table:
            blocks += table_blocks(self)
        return self._write(blocks, fmt)

    def answer_key(self, fmt: str = "text", *, number: int | None = None) -> str:
        """The answer key in ``fmt``: every step term by term, by hand and exact side by side."""
        from tinyrnn._exercise_text import answer_blocks

        return self._write(answer_blocks(self, number), fmt)

    def table(self, fmt: str = "text") -> str:
        """σ(a) and tanh(a), rounded to ``decimals``, for every argument a the hand computation needs."""
        from tinyrnn._exercise_text import table_blocks

        return self._write(table_blocks(self), fmt)

    def _write(self, blocks: list[_document.Block], fmt: str) -> str:
        if fmt not in FORMATS:
            raise ValueError(f"fmt must be one of {', '.join(map(repr, FORMATS))}, got {received(fmt)}")
        return _document.write(blocks, fmt, lambda v: format_number(v, self._shown_decimals))

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

    def _explainer(self) -> _Explainer:
        return _Explainer(self.cell, self.by_hand, self.decimals)


# Kinds: what makes a drawn step a good exercise of each kind ---------------------


def _saturated(ex: Exercise) -> tuple[str, int] | None:
    """The one saturated gate component, if exactly one is (by hand and exactly), else ``None``."""
    found, low, high = [], SATURATED, 1 - SATURATED
    for field in _SIGMOID_GATES[ex.cell_type]:
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

    for field in t._fields:
        values = getattr(t, field)
        if field in ("x", "h_prev", "c_prev", "variant", "rounding") or values is None:
            continue
        for k in range(len(values)):
            if field in _GATE_OF_PRE:
                terms = explain.terms(field, k)
                raw = _products(terms)
                for term in terms:
                    shown = r" \cdot ".join(_n(f, d) for f in term)
                    what = f"term ${shown}$" if len(term) > 1 else f"bias ${shown}$"
                    add(field, k, raw - 2 * _products([term]), f"the sign of the {what} was flipped")
            elif field in ("f", "i", "o", "r", "z"):
                pre = getattr(t, _SQUASHED[field])[k]
                why = rf"the sign of the pre-activation was flipped: $\sigma({format_number(-pre, d)})$"
                add(field, k, sigmoid_scalar(-pre), why)
            elif field in ("c_tilde", "h_tilde"):
                pre = getattr(t, _SQUASHED[field])[k]
                add(field, k, sigmoid_scalar(pre), r"$\sigma$ was used instead of $\tanh$")
            elif field == "c" and isinstance(t, LSTMStep):
                wrong = _dec(t.f[k]) * _dec(t.c_tilde[k]) + _dec(t.i[k]) * _dec(t.c_prev[k])
                add(field, k, wrong, r"$f_t$ and $i_t$ were swapped: $f_t \odot \tilde{C}_t + i_t \odot C_{t-1}$")
            elif field == "tanh_c" and isinstance(t, LSTMStep):
                add(field, k, t.c[k], r"the $\tanh$ was forgotten: $C_t$ was copied")
            elif field == "h" and isinstance(t, LSTMStep):
                add(field, k, _dec(t.o[k]) * _dec(t.c[k]), r"$o_t \odot C_t$ instead of $o_t \odot \tanh(C_t)$")
            elif field == "r_h_prev" and isinstance(t, GRUStep):
                add(field, k, (1 - _dec(t.r[k])) * _dec(t.h_prev[k]), r"$1 - r_t$ was used instead of $r_t$")
            elif field == "h" and isinstance(t, GRUStep):
                # (1 - z)·a + z·b and z·a + (1 - z)·b add up to a + b: the swapped weighting is the rest.
                swapped = _dec(t.h_prev[k]) + _dec(t.h_tilde[k]) - Decimal(explain.line(field, k).raw)
                add(field, k, swapped, r"$z_t$ and $1 - z_t$ were swapped (the other GRU convention)")
    return found


def _choose_slip(ex: Exercise, rng: random.Random) -> Slip | None:
    found = _slips(ex)
    if not found:
        return None
    fields = sorted(found, key=list(ex.by_hand._fields).index)
    candidates = found[fields[_pick(rng, len(fields))]]
    return candidates[_pick(rng, len(candidates))]


def _check_kind(kind: object, gate: object, cell_type: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(map(repr, KINDS))}, got {received(kind)}")
    if gate is not None and (kind != "gate" or gate not in GATES[cell_type]):
        if kind != "gate":
            raise ValueError(f"gate is only used with kind='gate', got gate={gate!r} with kind={kind!r}")
        article = "an LSTM" if cell_type == "lstm" else "a GRU"
        raise ValueError(
            f"gate must be one of {', '.join(map(repr, GATES[cell_type]))} for {article} exercise, got {received(gate)}"
        )


def _generate(
    cell_type: str,
    seed: object,
    hidden_size: object,
    input_size: object,
    decimals: object,
    *,
    variant: str = "colah",
    kind: object = "full",
    gate: object = None,
    grid: object = 0.1,
) -> Exercise:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {received(seed)}")
    H, I = size(hidden_size, "hidden_size"), size(input_size, "input_size")
    for name, value in (("hidden_size", H), ("input_size", I)):
        if value > MAX_SIZE:
            raise ValueError(f"{name} must be at most {MAX_SIZE} for an exercise by hand, got {value}")
    d = check_decimals(decimals)
    n, g = _check_grid(grid)
    if g > d:
        raise ValueError(f"grid {grid!r} has {g} decimals but decimals is {d}; the given numbers must fit in them")
    _check_kind(kind, gate, cell_type)
    rng = random.Random(seed)
    for _ in range(_MAX_DRAWS):
        cell, x, h_prev, c_prev = _draw(rng, cell_type, variant, H, I, n)
        ex = Exercise(cell, x, h_prev, c_prev, decimals=d, shown_decimals=g, kind=str(kind), grid=1 / n, seed=seed)
        if kind == "gate":
            ex.gate = str(gate) if gate is not None else GATES[cell_type][_pick(rng, len(GATES[cell_type]))]
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
) -> Exercise:
    """An LSTM exercise drawn from ``random.Random(seed)``.

    Args:
        seed: the same seed gives the same exercise everywhere.
        hidden_size, input_size: H and I (2 and 2 keep it short by hand).
        decimals: every intermediate is rounded to this many decimals by hand.
        kind: ``"full"``, ``"gate"``, ``"saturation"`` or ``"find-error"`` (see the module docstring).
        gate: for ``kind="gate"``: ``"f"``, ``"i"``, ``"c_tilde"`` or ``"o"`` (default: drawn).
        grid: the step of the grid of weights, biases, inputs and states in [−1, 1].
    """
    return _generate("lstm", seed, hidden_size, input_size, decimals, kind=kind, gate=gate, grid=grid)


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
) -> Exercise:
    """A GRU exercise in ``variant`` (``"colah"``, the slides', ``"cho2014"`` or ``"pytorch"``); see :func:`lstm`.

    ``gate`` is ``"r"`` or ``"z"`` for ``kind="gate"``.
    """
    variant = check_variant(variant)
    return _generate("gru", seed, hidden_size, input_size, decimals, variant=variant, kind=kind, gate=gate, grid=grid)


def sheet(cell: str = "lstm", count: int = 5, seed: int = 7, **options: Any) -> list[Exercise]:
    """``count`` distinct exercises (at most ``MAX_SHEET``) with seeds ``seed``, ``seed + 1``, … (a seed that
    repeats one is skipped).

    ``options`` are those of :func:`lstm` or :func:`gru`.

    >>> [ex.seed for ex in sheet("gru", count=3, seed=1, variant="pytorch")]
    [1, 2, 3]
    """
    if cell not in ("lstm", "gru"):
        raise ValueError(f"cell must be 'lstm' or 'gru', got {received(cell)}")
    count = size(count, "count", maximum=MAX_SHEET)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {received(seed)}")
    make: Callable[..., Exercise] = lstm if cell == "lstm" else gru
    found: list[Exercise] = []
    next_seed = seed
    while len(found) < count:
        ex = make(next_seed, **options)
        if ex not in found:
            found.append(ex)
        next_seed += 1
    return found


def from_cell(cell: Cell, x: Any, h_prev: Any, c_prev: Any = None, *, decimals: int = 2) -> Exercise:
    """A full-step exercise with your own weights and inputs (every number must fit in ``decimals``).

    >>> from tinyrnn import examples
    >>> ex = from_cell(examples.slide_lstm_cell(), examples.X, examples.H_PREV, examples.C_PREV)
    >>> ex.by_hand.c[2], round(ex.solution.c[2], 2)          # the slides' C_t[2]
    (0.56, 0.55)
    """
    if not isinstance(cell, LSTMCell | GRUCell):
        raise TypeError(f"cell must be an LSTMCell or a GRUCell, got {received(cell)}")
    d = check_decimals(decimals)
    if isinstance(cell, GRUCell) and c_prev is not None:
        raise ValueError("c_prev must be None for a GRU: a GRU has no cell state")
    given = cell.step(x, h_prev, c_prev) if isinstance(cell, LSTMCell) else cell.step(x, h_prev)  # checks them
    numbers: dict[str, Any] = {**cell.params, "x": list(given.x), "h_prev": list(given.h_prev)}
    if isinstance(given, LSTMStep):
        numbers["c_prev"] = list(given.c_prev)
    shown = 0
    for name, value in numbers.items():
        for v in [v for row in value for v in row] if isinstance(value[0], list) else value:
            if hand_round(v, d) != v:
                raise ValueError(f"{name} contains {v!r}, which has more than decimals={d} decimals")
            shown = max(shown, next(p for p in range(d + 1) if hand_round(v, p) == v))
    return Exercise(cell, numbers["x"], numbers["h_prev"], numbers.get("c_prev"), decimals=d, shown_decimals=shown)
