r"""What a student writes down: each component of a step computed by hand, and its exact value.

A student rounds every intermediate to ``decimals`` decimals before using it,
as on a calculator. Each line of an answer key is one component of one field:
the operands she writes (``0.78·0.3 + 0.48·0.67``), their exact value as a
:class:`~decimal.Decimal` (sums of products of the numbers written down are
exact in decimal), and what she keeps after rounding. σ and tanh are the only
inexact operations; :func:`approximate` shows them with enough digits to
round as the key does.

>>> approximate(0.5549112, 2)
'0.5549'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import NamedTuple

from tinyrnn.activations import sigmoid_scalar, tanh_scalar
from tinyrnn.cell import Cell
from tinyrnn.render import GRU_STEPS, LSTM_STEPS, explain_preactivation, format_number
from tinyrnn.render import operand as render_operand
from tinyrnn.rounding import hand_round
from tinyrnn.trace import GRUStep, LSTMStep

Step = LSTMStep | GRUStep

__all__ = [
    "COMPONENTS",
    "GATE_OF_PRE",
    "SATURATED",
    "SQUASHED",
    "HandWork",
    "Line",
    "approximate",
    "component",
    "dec",
    "differs",
    "exact_sum",
    "operand",
    "row_label",
    "show_exact",
]

SATURATED = 0.1  # a gate value of at most 0.1 or at least 1 - 0.1 is saturated
SIGMOID_GATES = {"lstm": ("f", "i", "o"), "gru": ("r", "z")}


def dec(value: float) -> Decimal:
    return Decimal(repr(value))


def exact_sum(terms: Iterable[Sequence[Decimal]]) -> Decimal:
    total = Decimal(0)
    for term in terms:
        product = Decimal(1)
        for factor in term:
            product *= factor
        total += product
    return total


def show_exact(value: Decimal, decimals: int) -> str:
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


class Line(NamedTuple):
    work: str  # up to and including the numbers: r"C_t[2] = … = 0.78 \cdot 0.3 + 0.48 \cdot 0.67" (LaTeX)
    raw: Decimal | float  # their value before rounding: an exact decimal, or σ / tanh of one (a float)


GATE_OF_PRE = {"f_pre": "f", "i_pre": "i", "c_tilde_pre": "c_tilde", "o_pre": "o", "r_pre": "r", "z_pre": "z"}
GATE_OF_PRE |= {"h_tilde_pre": "h_tilde", "hn": "hn"}
SQUASHED = {"f": "f_pre", "i": "i_pre", "o": "o_pre", "r": "r_pre", "z": "z_pre", "c_tilde": "c_tilde_pre"}
SQUASHED |= {"h_tilde": "h_tilde_pre", "tanh_c": "c"}
COMPONENTS = {  # one component of a field, in LaTeX
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


def component(field: str, k: int) -> str:
    r"""``C_t[2]``, ``\tanh(C_t[2])``; a pre-activation as ``(W_f \cdot [h_{t-1}, x_t] + b_f)[0]``."""
    template = COMPONENTS.get(field)
    return template.format(k=k) if template else f"({row_label(field)})[{k}]"


def row_label(field: str) -> str:
    for steps in (LSTM_STEPS, *GRU_STEPS.values()):
        for _, _, _, rows in steps:
            for label, name in rows:
                if name == field:
                    return label
    raise KeyError(field)  # pragma: no cover - every field has a row


def operand(value: float | Decimal, decimals: int) -> str:
    """An operand as a student writes it: no trailing zeros, negatives in parentheses."""
    return render_operand(float(value), decimals)


def row_terms(row: Sequence[float], inputs: Sequence[float], bias: float) -> list[tuple[Decimal, ...]]:
    """``row · inputs + bias`` as the terms a student adds: ``[(w, v), ..., (b,)]``."""
    terms: list[tuple[Decimal, ...]] = [(dec(w), dec(v)) for w, v in zip(row, inputs, strict=True)]
    return [*terms, (dec(bias),)]


class HandWork:
    """The hand computation of every field of a step, one component at a time."""

    def __init__(self, cell: Cell, step: Step, decimals: int) -> None:
        self.cell, self.step, self.decimals = cell, step, decimals
        self.params = cell.params

    def terms(self, field: str, k: int) -> list[tuple[Decimal, ...]]:
        """The products (and lone biases) that add up to component ``k`` of a pre-activation."""
        t, p, gate = self.step, self.params, GATE_OF_PRE[field]
        if isinstance(t, GRUStep) and t.variant == "pytorch":
            n = {"r": "r", "z": "z", "h_tilde": "n", "hn": "n"}[gate]
            x_terms = row_terms(p[f"W_i{n}"][k], t.x, p[f"b_i{n}"][k])
            h_terms = row_terms(p[f"W_h{n}"][k], t.h_prev, p[f"b_h{n}"][k])
            if gate == "hn":
                return h_terms
            if gate == "h_tilde":  # the student multiplies r_t by the hn she has already written down
                return [*x_terms, (dec(t.r[k]), dec(t.hn[k]))]  # type: ignore[index]
            return x_terms + h_terms
        if isinstance(t, GRUStep) and gate == "h_tilde":
            return row_terms(p["W_h"][k], [*t.r_h_prev, *t.x], p["b_h"][k])  # type: ignore[misc]
        key = "c" if gate == "c_tilde" else gate
        return row_terms(p[f"W_{key}"][k], [*t.h_prev, *t.x], p[f"b_{key}"][k])

    def line(self, field: str, k: int) -> Line:
        """Component ``k`` of ``field`` as a student writes it, and its value before rounding."""
        t, d = self.step, self.decimals
        label = component(field, k)
        if field in GATE_OF_PRE:
            work = explain_preactivation(self.cell, t, GATE_OF_PRE[field], k, decimals=d, fmt="latex")
            return Line(work.rsplit(" = ", 1)[0], exact_sum(self.terms(field, k)))
        if field in SQUASHED:
            source = getattr(t, SQUASHED[field])[k]
            if field in SIGMOID_GATES["lstm"] + SIGMOID_GATES["gru"]:
                return Line(rf"{label} = \sigma({format_number(source, d)})", sigmoid_scalar(source))
            return Line(rf"{label} = \tanh({format_number(source, d)})", tanh_scalar(source))
        n, h_prev = self.decimals, dec(t.h_prev[k])
        if field == "c":
            assert isinstance(t, LSTMStep)
            f, c_prev, i, c_tilde = (dec(getattr(t, name)[k]) for name in ("f", "c_prev", "i", "c_tilde"))
            work = (
                rf"C_t[{k}] = f_t[{k}] \cdot C_{{t-1}}[{k}] + i_t[{k}] \cdot \tilde{{C}}_t[{k}] = "
                rf"{operand(f, n)} \cdot {operand(c_prev, n)} + {operand(i, n)} \cdot {operand(c_tilde, n)}"
            )
            return Line(work, f * c_prev + i * c_tilde)
        if field == "h" and isinstance(t, LSTMStep):
            o, tanh_c = dec(t.o[k]), dec(t.tanh_c[k])
            return Line(
                rf"h_t[{k}] = o_t[{k}] \cdot \tanh(C_t[{k}]) = {operand(o, n)} \cdot {operand(tanh_c, n)}", o * tanh_c
            )
        assert isinstance(t, GRUStep)
        if field == "r_h_prev":
            r = dec(t.r[k])
            return Line(rf"{label} = {operand(r, n)} \cdot {operand(h_prev, n)}", r * h_prev)
        z, h_tilde = dec(t.z[k]), dec(t.h_tilde[k])
        keep_old, keep_new = (1 - z, z) if t.variant == "colah" else (z, 1 - z)
        Z, old, new = f"z_t[{k}]", f"h_{{t-1}}[{k}]", rf"\tilde{{h}}_t[{k}]"
        z_number = operand(z, n)
        if t.variant == "colah":
            symbols = rf"(1 - {Z}) \cdot {old} + {Z} \cdot {new}"
            numbers = rf"(1 - {z_number}) \cdot {operand(h_prev, n)} + {z_number} \cdot {operand(h_tilde, n)}"
        elif t.variant == "cho2014":
            symbols = rf"{Z} \cdot {old} + (1 - {Z}) \cdot {new}"
            numbers = rf"{z_number} \cdot {operand(h_prev, n)} + (1 - {z_number}) \cdot {operand(h_tilde, n)}"
        else:
            symbols = rf"(1 - {Z}) \cdot {new} + {Z} \cdot {old}"
            numbers = rf"(1 - {z_number}) \cdot {operand(h_tilde, n)} + {z_number} \cdot {operand(h_prev, n)}"
        return Line(f"h_t[{k}] = {symbols} = {numbers}", keep_old * h_prev + keep_new * h_tilde)

    def text(self, field: str, k: int, exact: Step | None = None) -> str:
        """The whole line, with the rounding shown: ``C_t[2] = … = 0.5556 \to 0.56``."""
        line, d = self.line(field, k), self.decimals
        kept = getattr(self.step, field)[k]
        if isinstance(line.raw, Decimal):
            shown = " = " + show_exact(line.raw, d)
            rounded = "" if line.raw == dec(kept) else rf" \to {format_number(kept, d)}"
        else:
            exact_value = line.raw == hand_round(line.raw, d + 2)
            shown = (" = " if exact_value else r" \approx ") + approximate(line.raw, d)
            rounded = rf" \to {format_number(kept, d)}"
        text = f"${line.work}{shown}{rounded}$"
        if exact is not None and differs(exact, self.step, field, k, d):
            value = getattr(exact, field)[k]
            text += (
                rf" (differs: full precision gives ${approximate(value, d)} \to "
                f"{format_number(hand_round(value, d), d)}$)"
            )
        return text


def differs(exact: Step, by_hand: Step, field: str, k: int, decimals: int) -> bool:
    """Do the exact and the hand-rounded value of a component disagree once both are rounded?"""
    kept: float = getattr(by_hand, field)[k]
    return hand_round(getattr(exact, field)[k], decimals) != kept
