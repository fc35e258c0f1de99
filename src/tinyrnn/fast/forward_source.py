"""Generated kernels: one cell shape, every sum written out, the same floats as the readable step.

For a small cell, the whole step is written out as Python source for one
shape, every dot product unrolled into
``0.0 + W_f_0_0 * h_prev_0 + W_f_0_1 * h_prev_1 + … + b_f_0`` and σ inlined,
then compiled once per (kind, H, I) and cached, so every cell of that shape
(training rebuilds cells often) reuses the compiled code: a cell only hands
over its weights, which become the names ``W_f_0_0, …`` of a closure. Print
the code a student's cell runs with :func:`kernel_source`::

    >>> print(kernel_source("lstm", hidden_size=1, input_size=1))   # doctest: +ELLIPSIS
    def make_lstm_1x1(weights):
    ...
        def lstm_step_1x1(x, h_prev, c_prev):
    ...
            # Step 1: f_t = σ(W_f · [h_{t-1}, x_t] + b_f)
            f_pre_0 = 0.0 + W_f_0_0 * h_prev_0 + W_f_0_1 * x_0 + b_f_0
    ...

Why ``0.0 +``: the readable step's dot product is ``sum(map(mul, row, v))``,
which starts from 0, so a sum of ``-0.0`` products is ``0.0``; starting the
unrolled sum the same way keeps even the sign of zero identical. On
Python ≥ 3.12 the readable step uses ``math.sumprod`` (one C loop with
extended precision), which no unrolled sum reproduces, so there the generated
code calls that same primitive on each row: ``dot(W_f_0, hx) + b_f_0``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

from tinyrnn.activations import tanh_scalar as tanh
from tinyrnn.notation import to_text
from tinyrnn.specs import KEYS, VECTORS, Activation, Affine, Constant, Hadamard, MatVec, Products, spec_of_key
from tinyrnn.trace import STEP_TRACES
from tinyrnn.vector import LEFT_TO_RIGHT, Vector, float_dot

__all__ = [
    "GENERATED_LIMIT",
    "KERNELS",
    "STACKED",
    "check_kind",
    "flat_weights",
    "generated_kernel",
    "kernel_source",
    "products",
]

Kernel = Callable[..., Any]
TRACES = {trace.__name__: trace for trace in STEP_TRACES}

#: The cells that have fast kernels: every cell kind (:data:`tinyrnn.specs.KEYS`), since the kernels are
#: written from the descriptions. (The stacked kernels, for cells above :data:`GENERATED_LIMIT`, exist for
#: the first wave's four; the others run their readable step at those sizes.)
KERNELS = KEYS

#: The first wave's cells, which also have stacked kernels (any size) and fast backward kernels.
STACKED = ("lstm", "gru-colah", "gru-cho2014", "gru-pytorch")

#: Cells whose step has at most this many products (``4·H·(H + I)`` for an
#: LSTM, ``3·H·(H + I)`` for a GRU) get a generated kernel, larger ones the
#: stacked kernel. Chosen by measurement (``benchmarks/bench_kernels.py``, see
#: ``docs/performance.md``): below it the generated code is 1.5-3.5× faster;
#: from about 1,900 products on it is no faster (a sudden step, probably the
#: code outgrowing a CPU cache) while its one-off compilation keeps growing.
GENERATED_LIMIT = 1600


SIGMOID = "{g} = 1.0 / (1.0 + exp(-{a})) if {a} >= 0.0 else (e := exp({a})) / (1.0 + e)"


def check_kind(kind: object) -> str:
    """``kind`` if it is one of :data:`KERNELS`, else a ``ValueError`` listing them."""
    if kind not in KERNELS:
        raise ValueError(f"kind must be one of {', '.join(map(repr, KERNELS))}, got {kind!r}")
    return str(kind)


def _weights(kind: str) -> list[tuple[str, str]]:
    """``(name, shape)`` of each weight, in the order of the flat tuple a generated kernel is built from."""
    return list(spec_of_key(kind).layout.items())


def _names(prefix: str, count: int) -> list[str]:
    return [f"{prefix}_{k}" for k in range(count)]


def _tuple(names: Sequence[str]) -> str:
    return "(" + ", ".join(names) + ("," if len(names) == 1 else "") + ")"


class _Writer:
    """Writes the source of one generated kernel, line by line, from the cell's description.

    Each computed field of the description becomes one line per unit, in the
    description's order, written as its rule says (the same float operations
    in the same order as the readable step, which ``tests/test_specs.py``
    proves the rules describe): an :class:`~tinyrnn.specs.Affine` rule as a
    written-out sum, an activation inlined, a sum of products as it stands.
    """

    def __init__(self, kind: str, H: int, I: int, *, traced: bool, unrolled: bool) -> None:
        self.kind, self.H, self.I, self.traced, self.unrolled = kind, H, I, traced, unrolled
        self.spec = spec_of_key(kind)
        self.lines: list[str] = []
        self.columns = {weight.name: weight.columns(H, I) for weight in self.spec.weights}
        self.sizes = {field.name: I if field.input_sized else H for field in self.spec.fields}
        self.concatenated: set[tuple[str, ...]] = set()  # the [h_{t-1}, x_t] tuples written so far (for dot)

    def line(self, text: str = "", indent: int = 2) -> None:
        self.lines.append("    " * indent + text if text else "")

    def operand(self, name: str, k: int) -> str:
        """Component ``k`` of a field or of a vector weight (a peephole), as a name."""
        return f"{name}_{k}"

    def affine(self, rule: Affine, k: int) -> str:
        """Row ``k`` of a pre-activation: its parts added left to right, as the readable step adds them."""
        parts = []
        for position, part in enumerate(rule.parts):
            if isinstance(part, str):  # a bias
                parts.append(f"{part}_{k}")
            elif isinstance(part, MatVec):
                if self.unrolled:
                    operands = [self.operand(name, j) for name in part.inputs for j in range(self.sizes[name])]
                    terms = " + ".join(f"{part.weight}_{k}_{j} * {v}" for j, v in enumerate(operands))
                    text = f"0.0 + {terms}"  # sum() starts from 0: even the sign of a zero is the same
                else:
                    text = f"dot({part.weight}_{k}, {self.concatenation(part.inputs)})"
                parts.append(text if position == 0 else f"({text})")
            elif isinstance(part, Hadamard):
                parts.append(f"{self.operand(part.left, k)} * {self.operand(part.right, k)}")
            else:  # a sum in parentheses, added as one number
                parts.append(f"({self.affine(part, k)})")
        return " + ".join(parts)

    def concatenation(self, inputs: tuple[str, ...]) -> str:
        """The name of the tuple ``[inputs…]`` that ``dot`` multiplies (written before its first use)."""
        name = "_".join(inputs) + "_concatenated"
        if inputs not in self.concatenated:
            self.concatenated.add(inputs)
            operands = [self.operand(field, j) for field in inputs for j in range(self.sizes[field])]
            self.line(f"{name} = {_tuple(operands)}")
        return name

    def products(self, rule: Products, k: int) -> str:
        """A sum of products, ``1 − z`` written ``(1.0 - z_k)``."""
        terms = []
        for term in rule.terms:
            factors = [f"(1.0 - {name[2:]}_{k})" if name.startswith("1-") else f"{name}_{k}" for name in term]
            terms.append(" * ".join(factors))
        return " + ".join(terms)

    def field(self, name: str, rule: object) -> None:
        for k in range(self.H):
            target = f"{name}_{k}"
            if isinstance(rule, Affine):
                self.line(f"{target} = {self.affine(rule, k)}")
            elif isinstance(rule, Activation):
                source = f"{rule.field}_{k}"
                self.line(
                    {
                        "sigmoid": SIGMOID.format(g=target, a=source),
                        "tanh": f"{target} = tanh({source})",
                        "relu": f"{target} = {source} if {source} > 0.0 else 0.0",
                    }[rule.function]
                )
            elif isinstance(rule, Products):
                self.line(f"{target} = {self.products(rule, k)}")
            else:
                assert isinstance(rule, Constant)
                self.line(f"{target} = {rule.value!r}")

    def write(self) -> str:
        kind, H, I = self.kind, self.H, self.I
        function = f"{kind.replace('-', '_')}_step_{H}x{I}"
        self.line(f"def make_{function.replace('_step', '')}(weights):", indent=0)
        first = self.spec.weights[0].name
        self.line(
            f'"""Unpack the flat weights into one name each ({first}_0_1 is {first}[0][1]); return the step."""', 1
        )
        self.unpack_weights()
        self.line()
        given = [field.name for field in self.spec.given]
        self.line(f"def {function}({', '.join(given)}):", indent=1)
        for name in given:
            self.line(f"{_tuple(_names(name, self.sizes[name]))} = {name}")
        shown = set()
        for step in self.spec.steps:
            for formula in step.formulas:
                self.line(f"# Step {step.number}: {to_text(formula)}")
            for name in step.fields:
                field = self.spec.field(name)
                if name not in shown:
                    shown.add(name)
                    self.field(name, field.rule)
        pres = [field.name for field in self.spec.fields if isinstance(field.rule, Affine)]
        self.line("# an overflowed pre-activation (inf or nan): the readable step saturates it instead")
        self.line("total = " + " + ".join(name for pre in pres for name in _names(pre, H)))
        self.line("if total - total != 0.0:")
        self.line("return None", indent=3)
        self.returned()
        self.line()
        self.line(f"return {function}", indent=1)
        return "\n".join(self.lines) + "\n"

    def unpack_weights(self) -> None:
        self.line("(", indent=1)
        rows: list[tuple[str, int]] = []
        for weight in self.spec.weights:
            if not weight.is_matrix:
                self.line(", ".join(_names(weight.name, self.H)) + ",")
            else:
                for k in range(self.H):
                    self.line(", ".join(_names(f"{weight.name}_{k}", self.columns[weight.name])) + ",")
                    rows.append((f"{weight.name}_{k}", self.columns[weight.name]))
        self.line(") = weights", indent=1)
        if not self.unrolled:
            self.line("# the rows, for dot(): math.sumprod, as the readable step's dot product computes them", 1)
            for row, columns in rows:
                self.line(f"{row} = {_tuple(_names(row, columns))}", indent=1)

    def returned(self) -> None:
        """The trace (fields in its class's order, the options, no rounding), or only the new states."""
        if not self.traced:
            self.line("return " + ", ".join(_tuple(_names(state, self.H)) for state in self.spec.states))
            return
        present = {field.name for field in self.spec.fields}
        options = dict(self.spec.options)
        given = {field.name for field in self.spec.given}
        self.line(f"return new({self.spec.trace}, (")
        for name in TRACES[self.spec.trace]._fields:
            if name in given:
                value = name
            elif name in present:
                value = f"new(Vector, {_tuple(_names(name, self.H))})"
            elif name in options:
                value = repr(options[name])
            else:
                value = "None"  # rounding: full precision; or a field this kind does not have
            self.line(f"{value},", indent=3)
        self.line("))")


def kernel_source(
    kind: str, hidden_size: int, input_size: int, *, traced: bool = True, unrolled: bool = LEFT_TO_RIGHT
) -> str:
    """The Python source of the generated kernel for one shape, to read or print.

    Args:
        kind: ``"lstm"``, ``"gru-colah"``, ``"gru-cho2014"`` or ``"gru-pytorch"``.
        hidden_size, input_size: H and I.
        traced: ``True`` (what the cells run) returns the whole trace;
            ``False`` only the new state (``h, c`` or ``h`` as tuples): the
            same arithmetic without the trace, to measure what recording costs.
        unrolled: ``True`` writes every dot product as a sum of products
            (Python < 3.12, where the reference sums left to right);
            ``False`` calls ``dot`` on each row (Python ≥ 3.12, ``math.sumprod``).

    The source defines ``make_<kind>_<H>x<I>(weights)``, which takes the flat
    tuple of weights (:func:`flat_weights`) and returns the step function.

    >>> source = kernel_source("gru-colah", hidden_size=1, input_size=2)
    >>> print(source.splitlines()[0])
    def make_gru_colah_1x2(weights):
    >>> [line.strip() for line in source.splitlines() if line.strip().startswith("r_pre_0")]
    ['r_pre_0 = 0.0 + W_r_0_0 * h_prev_0 + W_r_0_1 * x_0 + W_r_0_2 * x_1 + b_r_0']
    """
    from tinyrnn.checks import size

    return _Writer(
        check_kind(kind),
        size(hidden_size, "hidden_size"),
        size(input_size, "input_size"),
        traced=traced,
        unrolled=unrolled,
    ).write()


@lru_cache(maxsize=64)
def _compiled(kind: str, H: int, I: int, traced: bool, unrolled: bool) -> Callable[[tuple[float, ...]], Kernel]:
    """Compile the source of one shape once; every cell of that shape reuses the code."""
    import math

    source = kernel_source(kind, H, I, traced=traced, unrolled=unrolled)
    filename = f"<tinyrnn kernel {kind} {H}x{I}{'' if traced else ' untraced'}>"
    namespace: dict[str, Any] = {
        "exp": math.exp,
        "tanh": tanh,
        "dot": float_dot,
        "new": tuple.__new__,
        "Vector": Vector,
        **TRACES,
    }
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - our own generated source, nothing from outside
    make: Callable[[tuple[float, ...]], Kernel] = namespace[f"make_{kind.replace('-', '_')}_{H}x{I}"]
    return make


def flat_weights(kind: str, params: Mapping[str, Any]) -> tuple[float, ...]:
    """All weights of a cell in the order a generated kernel unpacks them (matrices row by row)."""

    def values() -> Iterator[float]:
        for name, shape in _weights(kind):
            if shape in VECTORS:
                yield from params[name]
            else:
                for row in params[name]:
                    yield from row

    return tuple(values())


def generated_kernel(
    kind: str,
    params: Mapping[str, Any],
    hidden_size: int,
    input_size: int,
    *,
    traced: bool = True,
    unrolled: bool = LEFT_TO_RIGHT,
) -> Kernel:
    """The generated kernel of ``kind`` for these weights (any size; :func:`fast_kernel` chooses)."""
    return _compiled(check_kind(kind), hidden_size, input_size, traced, unrolled)(flat_weights(kind, params))


def products(kind: str, hidden_size: int, input_size: int) -> int:
    """The number of multiplications in the dot products of one step: ``Σ rows × columns`` of the matrices.

    >>> products("lstm", hidden_size=3, input_size=2), products("gru-pytorch", hidden_size=3, input_size=2)
    (60, 45)
    """
    weights = spec_of_key(kind).weights
    return sum(hidden_size * weight.columns(hidden_size, input_size) for weight in weights if weight.is_matrix)
