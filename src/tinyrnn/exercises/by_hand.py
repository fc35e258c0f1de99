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
from typing import Any, NamedTuple

from tinyrnn.activations import sigmoid_scalar, tanh_scalar
from tinyrnn.cell import Cell
from tinyrnn.render import explain_preactivation, format_number, pre_activations
from tinyrnn.render import operand as render_operand
from tinyrnn.rounding import hand_round
from tinyrnn.specs import Activation, Affine, CellSpec, Constant, Hadamard, MatVec, Products
from tinyrnn.trace import Trace

Step = Trace

__all__ = [
    "ROUNDINGS",
    "SATURATED",
    "HandWork",
    "Line",
    "approximate",
    "component",
    "dec",
    "differs",
    "exact_sum",
    "hand_step",
    "operand",
    "show_exact",
    "squashed",
]

SATURATED = 0.1  # a gate value of at most 0.1 or at least 1 - 0.1 is saturated

#: How a student rounds: each line's result (a sum of products, σ or tanh of a number), or each product too.
ROUNDINGS = ("per-line", "per-product")


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
    products: tuple[Decimal, ...] = ()  # a sum's terms, exact (a lone bias is a term of one factor)


def squashed(described: CellSpec) -> dict[str, str]:
    """Each activated field and the field it squashes: ``{"f": "f_pre", …, "tanh_c": "c"}``."""
    return {field.name: field.rule.field for field in described.fields if isinstance(field.rule, Activation)}


def component(described: CellSpec, field: str, k: int) -> str:
    r"""``C_t[2]``, ``\tanh(C_t[2])``; a pre-activation as ``(W_f \cdot [h_{t-1}, x_t] + b_f)[0]``."""
    found = described.field(field)
    return found.component.format(k=k) if found.component else f"({found.latex})[{k}]"


def operand(value: float | Decimal, decimals: int) -> str:
    """An operand as a student writes it: no trailing zeros, negatives in parentheses."""
    return render_operand(float(value), decimals)


def _factor(name: str) -> tuple[str, bool]:
    """A factor of a product, ``"z"`` or ``"1-z"``: its field and whether it is the complement ``1 − z``."""
    return name.removeprefix("1-"), name.startswith("1-")


def _products(
    described: CellSpec, rule: Affine | Products, value: Any, params: Any, k: int
) -> list[tuple[Decimal, ...]]:
    """The factors of each term of component ``k`` of a sum (a pre-activation or a sum of products), as written.

    ``value(name)`` gives the vector a field holds; a factor ``"1-z"`` of a product is ``1 − z_t[k]``.
    """
    if isinstance(rule, Products):
        terms = []
        for term in rule.terms:
            factors = []
            for factor in term:
                name, complement = _factor(factor)
                written = dec(value(name)[k])
                factors.append(1 - written if complement else written)
            terms.append(tuple(factors))
        return terms
    terms = []
    for part in rule.parts:
        if isinstance(part, str):  # a bias
            terms.append((dec(params[part][k]),))
        elif isinstance(part, MatVec):
            inputs = [v for name in part.inputs for v in value(name)]
            terms += [(dec(w), dec(v)) for w, v in zip(params[part.weight][k], inputs, strict=True)]
        elif isinstance(part, Hadamard):  # the student multiplies numbers she has already written down
            left, right = (params[name][k] if name in params else value(name)[k] for name in (part.left, part.right))
            terms.append((dec(left), dec(right)))
        else:
            terms += _products(described, part, value, params, k)
    return terms


def _kept(term: tuple[Decimal, ...], decimals: int, rounding: str) -> Decimal:
    """A term's product as the student keeps it: exact (per line), or rounded (per product)."""
    product = exact_sum([term])
    if rounding == "per-product" and len(term) > 1:
        return dec(hand_round(float(product), decimals))
    return product


def hand_step(cell: Cell, given: Sequence[Any], decimals: int, rounding: str = "per-line") -> Step:
    """The step as a student computes it, from the rules of the cell's description, in exact decimals.

    ``given`` are x_t and the previous states. ``rounding="per-line"`` rounds each line's result (what
    ``cell.step(..., round_to=decimals)`` computes, and the tests prove equal); ``"per-product"`` also
    rounds each product before adding. Rounding is half away from zero (:func:`~tinyrnn.rounding.hand_round`).
    """
    described, params = cell.spec, cell.params
    values: dict[str, list[float]] = {field.name: list(v) for field, v in zip(described.given, given, strict=True)}
    for field in described.fields:
        rule = field.rule
        if rule is None:
            continue
        out = []
        for k in range(cell.hidden_size):
            if isinstance(rule, Affine | Products):
                raw: Decimal | float = sum(
                    (_kept(t, decimals, rounding) for t in _products(described, rule, values.__getitem__, params, k)),
                    Decimal(0),
                )
            elif isinstance(rule, Activation):
                source = values[rule.field][k]
                if rule.function == "relu":
                    raw = max(source, 0.0)
                else:
                    raw = (sigmoid_scalar if rule.function == "sigmoid" else tanh_scalar)(source)
            else:
                raw = rule.value
            out.append(hand_round(float(raw), decimals))
        values[field.name] = out
    options = dict(described.options)
    trace: type[Step] = type(cell.step(*given))
    data = {name: values.get(name) for name in trace._fields if name not in options and name != "rounding"}
    return trace.from_dict({**options, **data, "rounding": decimals})


class HandWork:
    """The hand computation of every field of a step, one component at a time, read from the cell's description."""

    def __init__(self, cell: Cell, step: Step, decimals: int, rounding: str = "per-line") -> None:
        self.cell, self.step, self.decimals, self.rounding = cell, step, decimals, rounding
        self.params = cell.params
        self.spec = step.spec

    def terms(self, field: str, k: int) -> list[tuple[Decimal, ...]]:
        """The products (and lone biases) that add up to component ``k`` of a pre-activation."""
        rule = self.spec.field(field).rule
        assert isinstance(rule, Affine)
        return _products(self.spec, rule, lambda name: getattr(self.step, name), self.params, k)

    def kept(self, term: tuple[Decimal, ...]) -> Decimal:
        """A term's product as the student keeps it under this exercise's rounding."""
        return _kept(term, self.decimals, self.rounding)

    def line(self, field: str, k: int) -> Line:
        """Component ``k`` of ``field`` as a student writes it, and its value before rounding."""
        t, d, described = self.step, self.decimals, self.spec
        label = component(described, field, k)
        rule = described.field(field).rule
        if isinstance(rule, Affine):
            gate = next(gate for gate, pre in pre_activations(described).items() if pre == field)
            work = explain_preactivation(self.cell, t, gate, k, decimals=d, fmt="latex")
            terms = self.terms(field, k)
            raw = sum((self.kept(term) for term in terms), Decimal(0))
            return Line(work.rsplit(" = ", 1)[0], raw, tuple(exact_sum([term]) for term in terms))
        if isinstance(rule, Activation):
            source = getattr(t, rule.field)[k]
            function = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\operatorname{relu}"}[rule.function]
            work = rf"{label} = {function}({format_number(source, d)})"
            if rule.function == "relu":
                return Line(work, dec(max(source, 0.0)))
            return Line(work, (sigmoid_scalar if rule.function == "sigmoid" else tanh_scalar)(source))
        if isinstance(rule, Constant):
            return Line(f"{label} = {operand(rule.value, d)}", dec(rule.value))
        assert isinstance(rule, Products)
        symbols, numbers, raw, products = [], [], Decimal(0), []
        for term in rule.terms:
            term_symbols, term_numbers, product = [], [], Decimal(1)
            for factor in term:
                name, complement = _factor(factor)
                value = dec(getattr(t, name)[k])
                symbol, number = component(described, name, k), operand(value, d)
                if complement:
                    symbol, number, value = f"(1 - {symbol})", f"(1 - {number})", 1 - value
                term_symbols.append(symbol)
                term_numbers.append(number)
                product *= value
            symbols.append(r" \cdot ".join(term_symbols))
            numbers.append(r" \cdot ".join(term_numbers))
            raw += self.kept((product,) if len(term) == 1 else (product, Decimal(1)))
            products.append(product)
        written = " + ".join(symbols)
        shown = f"{label} = " if written == label else f"{label} = {written} = "  # r_t[k]·h_{t-1}[k] names itself
        return Line(shown + " + ".join(numbers), raw, tuple(products))

    def text(self, field: str, k: int, exact: Step | None = None) -> str:
        """The whole line, with the rounding shown: ``C_t[2] = … = 0.5556 \to 0.56``."""
        line, d = self.line(field, k), self.decimals
        kept = getattr(self.step, field)[k]
        rounded_products = [self.kept((p, Decimal(1))) for p in line.products]
        per_product = self.rounding == "per-product" and len(line.products) > 1
        if isinstance(line.raw, Decimal) and per_product and rounded_products != list(line.products):
            products = " + ".join(_written(p, d) for p in line.products)
            kept_products = " + ".join(_written(p, d) for p in rounded_products)
            shown = f" = {products} \\to {kept_products} = {show_exact(line.raw, d)}"
            rounded = "" if line.raw == dec(kept) else rf" \to {format_number(kept, d)}"
        elif isinstance(line.raw, Decimal):
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


def _written(value: Decimal, decimals: int) -> str:
    """A product in a sum, as written: all its digits, a negative one in parentheses."""
    text = show_exact(value, decimals)
    return f"({text})" if text.startswith("-") else text


def differs(exact: Step, by_hand: Step, field: str, k: int, decimals: int) -> bool:
    """Do the exact and the hand-rounded value of a component disagree once both are rounded?"""
    kept: float = getattr(by_hand, field)[k]
    return hand_round(getattr(exact, field)[k], decimals) != kept
