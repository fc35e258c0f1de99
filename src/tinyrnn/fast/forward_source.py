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
            # Step 1: forget gate  f_t = σ(W_f · [h_{t-1}, x_t] + b_f)
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
from tinyrnn.specs import spec_of_key
from tinyrnn.trace import GRUStep, LSTMStep
from tinyrnn.vector import LEFT_TO_RIGHT, Vector, float_dot

__all__ = [
    "GENERATED_LIMIT",
    "KERNELS",
    "check_kind",
    "flat_weights",
    "generated_kernel",
    "kernel_source",
    "products",
]

Kernel = Callable[..., Any]

#: The cells that have fast kernels, by the keys of their descriptions (:data:`tinyrnn.specs.KEYS`); the
#: others run their readable step.
KERNELS = ("lstm", "gru-colah", "gru-cho2014", "gru-pytorch")

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
    """Writes the source of one generated kernel, line by line."""

    def __init__(self, kind: str, H: int, I: int, *, traced: bool, unrolled: bool) -> None:
        self.kind, self.H, self.I, self.traced, self.unrolled = kind, H, I, traced, unrolled
        self.lines: list[str] = []
        self.columns = {"hx": H + I, "x": I, "h": H}

    def line(self, text: str = "", indent: int = 2) -> None:
        self.lines.append("    " * indent + text if text else "")

    def affine(self, W: str, b: str, k: int, operands: Sequence[str], vector: str) -> str:
        """Row ``k`` of ``W · v + b``: unrolled, or with ``dot`` as the reference's ``dot`` computes it."""
        if self.unrolled:
            terms = " + ".join(f"{W}_{k}_{j} * {v}" for j, v in enumerate(operands))
            return f"0.0 + {terms} + {b}_{k}"
        return f"dot({W}_{k}, {vector}) + {b}_{k}"

    def gate(self, name: str, pre: str, function: str) -> None:
        for k in range(self.H):
            a, g = f"{pre}_{k}", f"{name}_{k}"
            self.line(SIGMOID.format(g=g, a=a) if function == "σ" else f"{g} = tanh({a})")

    def check_finite(self, pres: Sequence[str]) -> None:
        self.line("# an overflowed pre-activation (inf or nan): the reference step saturates it instead")
        self.line("total = " + " + ".join(name for pre in pres for name in _names(pre, self.H)))
        self.line("if total - total != 0.0:")
        self.line("return None", indent=3)

    def vector(self, name: str) -> str:
        return f"new(Vector, {_tuple(_names(name, self.H))})"

    def write(self) -> str:
        kind, H, I = self.kind, self.H, self.I
        shape = f"{H}x{I}"
        function = f"{kind.replace('-', '_')}_step_{shape}"
        self.line(f"def make_{function.replace('_step', '')}(weights):", indent=0)
        first = _weights(kind)[0][0]
        self.line(
            f'"""Unpack the flat weights into one name each ({first}_0_1 is {first}[0][1]); return the step."""', 1
        )
        self.unpack_weights()
        self.line()
        arguments = "x, h_prev, c_prev" if kind == "lstm" else "x, h_prev"
        self.line(f"def {function}({arguments}):", indent=1)
        self.line(f"{_tuple(_names('x', I))} = x")
        self.line(f"{_tuple(_names('h_prev', H))} = h_prev")
        if kind == "lstm":
            self.line(f"{_tuple(_names('c_prev', H))} = c_prev")
            self.lstm()
        elif kind == "gru-pytorch":
            self.gru_pytorch()
        else:
            self.gru_concat()
        self.line()
        self.line(f"return {function}", indent=1)
        return "\n".join(self.lines) + "\n"

    def unpack_weights(self) -> None:
        self.line("(", indent=1)
        rows: list[tuple[str, int]] = []
        for name, shape in _weights(self.kind):
            if shape == "b":
                self.line(", ".join(_names(name, self.H)) + ",")
            else:
                for k in range(self.H):
                    self.line(", ".join(_names(f"{name}_{k}", self.columns[shape])) + ",")
                    rows.append((f"{name}_{k}", self.columns[shape]))
        self.line(") = weights", indent=1)
        if not self.unrolled:
            self.line("# the rows, for dot(): math.sumprod, as the reference's dot product computes them", 1)
            for row, columns in rows:
                self.line(f"{row} = {_tuple(_names(row, columns))}", indent=1)

    def lstm(self) -> None:
        H, hx = self.H, _names("h_prev", self.H) + _names("x", self.I)
        if not self.unrolled:
            self.line(f"hx = {_tuple(hx)}")
        steps = {
            "f": "# Step 1: forget gate  f_t = σ(W_f · [h_{t-1}, x_t] + b_f)",
            "i": "# Step 2: input gate  i_t = σ(W_i · [h_{t-1}, x_t] + b_i)",
            "c_tilde": "#         candidate  C̃_t = tanh(W_C · [h_{t-1}, x_t] + b_C)",
            "o": "# Step 4: output gate  o_t = σ(W_o · [h_{t-1}, x_t] + b_o)",
        }
        for name, comment in steps.items():
            self.line(comment)
            W, b = ("W_c", "b_c") if name == "c_tilde" else (f"W_{name}", f"b_{name}")
            for k in range(H):
                self.line(f"{name}_pre_{k} = {self.affine(W, b, k, hx, 'hx')}")
        self.check_finite([f"{name}_pre" for name in steps])
        self.line("# the activations (σ exactly as activations.sigmoid_scalar computes it)")
        for name in steps:
            self.gate(name, f"{name}_pre", "tanh" if name == "c_tilde" else "σ")
        self.line("# Step 3: cell state  C_t = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t")
        for k in range(H):
            self.line(f"c_{k} = f_{k} * c_prev_{k} + i_{k} * c_tilde_{k}")
        self.line("#         hidden state  h_t = o_t ⊙ tanh(C_t)")
        self.gate("tanh_c", "c", "tanh")
        for k in range(H):
            self.line(f"h_{k} = o_{k} * tanh_c_{k}")
        if not self.traced:
            self.line(f"return {_tuple(_names('h', H))}, {_tuple(_names('c', H))}")
            return
        self.line("return new(LSTMStep, (")
        self.line("x, h_prev, c_prev,", indent=3)
        for name in ("f_pre", "f", "i_pre", "i", "c_tilde_pre", "c_tilde", "c", "o_pre", "o", "tanh_c", "h"):
            self.line(f"{self.vector(name)},", indent=3)
        self.line("None,  # rounding: full precision", indent=3)
        self.line("))")

    def gru_concat(self) -> None:
        H, x = self.H, _names("x", self.I)
        hx, rhx = _names("h_prev", H) + x, _names("r_h_prev", H) + x
        if not self.unrolled:
            self.line(f"hx = {_tuple(hx)}")
        self.line("# Step 1: reset gate  r_t = σ(W_r · [h_{t-1}, x_t] + b_r)")
        for k in range(H):
            self.line(f"r_pre_{k} = {self.affine('W_r', 'b_r', k, hx, 'hx')}")
        self.gate("r", "r_pre", "σ")
        self.line("# Step 2: update gate  z_t = σ(W_z · [h_{t-1}, x_t] + b_z)")
        for k in range(H):
            self.line(f"z_pre_{k} = {self.affine('W_z', 'b_z', k, hx, 'hx')}")
        self.gate("z", "z_pre", "σ")
        self.line("# Step 3: candidate  h̃_t = tanh(W_h · [r_t ⊙ h_{t-1}, x_t] + b_h)")
        for k in range(H):
            self.line(f"r_h_prev_{k} = r_{k} * h_prev_{k}")
        if not self.unrolled:
            self.line(f"r_h_prev_x = {_tuple(rhx)}")
        for k in range(H):
            self.line(f"h_tilde_pre_{k} = {self.affine('W_h', 'b_h', k, rhx, 'r_h_prev_x')}")
        self.check_finite(["r_pre", "z_pre", "h_tilde_pre"])
        self.gate("h_tilde", "h_tilde_pre", "tanh")
        if self.kind == "gru-colah":
            self.line("# Step 4: new hidden state  h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t")
            update = "h_{k} = (1.0 - z_{k}) * h_prev_{k} + z_{k} * h_tilde_{k}"
        else:
            self.line("# Step 4: new hidden state  h_t = z_t ⊙ h_{t-1} + (1 − z_t) ⊙ h̃_t")
            update = "h_{k} = z_{k} * h_prev_{k} + (1.0 - z_{k}) * h_tilde_{k}"
        for k in range(H):
            self.line(update.format(k=k))
        self.gru_return(self.kind.removeprefix("gru-"), ("r_h_prev", None))

    def gru_pytorch(self) -> None:
        H, x, h = self.H, _names("x", self.I), _names("h_prev", self.H)
        for gate, comment in (
            ("r", "# Step 1: reset gate  r_t = σ(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)"),
            ("z", "# Step 2: update gate  z_t = σ(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)"),
        ):
            self.line(comment)
            for k in range(H):
                inputs = self.affine(f"W_i{gate}", f"b_i{gate}", k, x, "x")
                hidden = self.affine(f"W_h{gate}", f"b_h{gate}", k, h, "h_prev")
                self.line(f"{gate}_pre_{k} = ({inputs}) + ({hidden})")
            self.gate(gate, f"{gate}_pre", "σ")
        self.line("# Step 3: candidate  h̃_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t-1} + b_hn))")
        for k in range(H):
            self.line(f"hn_{k} = {self.affine('W_hn', 'b_hn', k, h, 'h_prev')}")
        for k in range(H):
            self.line(f"h_tilde_pre_{k} = ({self.affine('W_in', 'b_in', k, x, 'x')}) + r_{k} * hn_{k}")
        self.check_finite(["r_pre", "z_pre", "hn", "h_tilde_pre"])
        self.gate("h_tilde", "h_tilde_pre", "tanh")
        self.line("# Step 4: new hidden state  h_t = (1 − z_t) ⊙ h̃_t + z_t ⊙ h_{t-1}")
        for k in range(H):
            self.line(f"h_{k} = (1.0 - z_{k}) * h_tilde_{k} + z_{k} * h_prev_{k}")
        self.gru_return("pytorch", (None, "hn"))

    def gru_return(self, variant: str, optional: tuple[str | None, str | None]) -> None:
        if not self.traced:
            self.line(f"return {_tuple(_names('h', self.H))}")
            return
        self.line("return new(GRUStep, (")
        self.line(f"{variant!r}, x, h_prev,", indent=3)
        for name in ("r_pre", "r", "z_pre", "z", *optional, "h_tilde_pre", "h_tilde", "h"):
            self.line(f"{self.vector(name) if name else None},", indent=3)
        self.line("None,  # rounding: full precision", indent=3)
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
        "LSTMStep": LSTMStep,
        "GRUStep": GRUStep,
    }
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - our own generated source, nothing from outside
    make: Callable[[tuple[float, ...]], Kernel] = namespace[f"make_{kind.replace('-', '_')}_{H}x{I}"]
    return make


def flat_weights(kind: str, params: Mapping[str, Any]) -> tuple[float, ...]:
    """All weights of a cell in the order a generated kernel unpacks them (matrices row by row)."""

    def values() -> Iterator[float]:
        for name, shape in _weights(kind):
            if shape == "b":
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
