"""Generated backward steps: one cell shape, every sum written out.

The stacked backward kernels (:mod:`tinyrnn.fast.backward`) spend most of
their time in the products ``Wᵀ · d``: one ``sum(map(mul, column, d))`` call
per column of every weight matrix. For a small cell, the same arithmetic is
faster written out as Python source for one shape, as the forward cells do
(:mod:`tinyrnn.fast.forward`): each column's dot product becomes
``(0.0 + W_f_0_j * df_pre_0 + W_f_1_j * df_pre_1 + …)`` and each elementwise
line of the readable step one line per unit. The source is compiled once per
(kind, H, I) and cached; a backward call hands the cell's weights to it, and
they become the names ``W_f_0_0, …`` of a closure. ``backward_source`` shows
the code.

The operations and their order are the readable step's
(:func:`~tinyrnn.lstm_backward.lstm_step_backward`,
:func:`~tinyrnn.gru_backward.gru_step_backward`): ``sum`` starts from 0, so
the unrolled sums start from ``0.0``; ``tests/test_backward.py`` checks the
result equals the reference with ``==``. On Python ≥ 3.12 the reference's dot
product is ``math.sumprod`` (extended precision), which no written-out sum
reproduces, so there no code is generated and the stacked kernels run.

>>> print(backward_source("gru-colah", hidden_size=1, input_size=1))   # doctest: +ELLIPSIS
def gru_colah_bptt_1x1(weights, steps, dhs):
    ...
    for t in range(len(steps) - 1, -1, -1):
    ...
        # Step 4 backwards: h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t
        dh_tilde_0 = dh_0 * z_0
    ...
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache, partial
from itertools import chain
from typing import Any

from tinyrnn.fast.forward_source import GENERATED_LIMIT, STACKED, products
from tinyrnn.specs import spec_of_key
from tinyrnn.vector import LEFT_TO_RIGHT

__all__ = ["GENERATED_LIMIT", "MATRICES", "backward_source", "generated_bptt", "outer_rows"]

#: The weight matrices of each cell with fast kernels, in the order of the flat tuple the generated code is built from.
MATRICES = {kind: spec_of_key(kind).matrices for kind in STACKED}


def _names(prefix: str, count: int) -> list[str]:
    return [f"{prefix}_{k}" for k in range(count)]


def _unpack(names: Sequence[str], source: str) -> str:
    return f"({', '.join(names)},) = {source}"


def _list(names: Sequence[str]) -> str:
    return "[" + ", ".join(names) + "]"


class _Writer:
    """The source of one generated backward pass through time, line by line."""

    def __init__(self, kind: str, H: int, I: int) -> None:
        self.kind, self.H, self.I = kind, H, I
        self.lines: list[str] = []
        self.columns = {weight.name: weight.columns(H, I) for weight in spec_of_key(kind).weights}

    def line(self, text: str = "", indent: int = 2) -> None:
        self.lines.append("    " * indent + text if text else "")

    def each(self, template: str, indent: int = 2) -> None:
        """One line per unit ``k``: ``template`` with ``{k}`` filled in."""
        for k in range(self.H):
            self.line(template.format(k=k), indent)

    def transposed(self, W: str, d: str, columns: int) -> list[str]:
        """``Wᵀ · d`` column by column, each sum as ``dot`` (``sum(map(mul, …))``) adds it: from 0, in order."""
        return ["(0.0 + " + " + ".join(f"{W}_{k}_{j} * {d}_{k}" for k in range(self.H)) + ")" for j in range(columns)]

    def upstream(self, name: str, upstream: str) -> None:
        """``name_k = upstream[t][k] + name_next_k`` (or ``name_next_k`` when nothing comes from the loss)."""
        self.line(f"up = {upstream}[t]")
        self.line("if up is None:")
        self.each(f"{name}_{{k}} = {name}_next_{{k}}", indent=3)
        self.line("else:")
        self.line(_unpack(_names("up", self.H), "up"), 3)
        self.each(f"{name}_{{k}} = up_{{k}} + {name}_next_{{k}}", indent=3)

    def write(self) -> str:
        kind, H, I = self.kind, self.H, self.I
        function = f"{kind.replace('-', '_')}_bptt_{H}x{I}"
        arguments = "weights, steps, dhs, dcs" if kind == "lstm" else "weights, steps, dhs"
        self.line(f"def {function}({arguments}):", indent=0)
        self.line(
            '"""Backpropagation through time, last step first; the weights arrive flat (W_f_0_1 is W_f[0][1])."""', 1
        )
        names = []
        for W in MATRICES[kind]:
            columns = self.columns[W]
            names += [f"{W}_{k}_{j}" for k in range(H) for j in range(columns)]
        self.line(_unpack(names, "weights"), 1)
        self.line("dxs = [None] * len(steps)", 1)
        self.line("# nothing comes back from after the last step", 1)
        self.each("dh_next_{k} = 0.0", indent=1)
        if kind == "lstm":
            self.each("dC_next_{k} = 0.0", indent=1)
            self.lstm()
        elif kind == "gru-pytorch":
            self.pytorch()
        else:
            self.gru()
        return "\n".join(self.lines) + "\n"

    def lstm(self) -> None:
        H, I = self.H, self.I
        self.line("deltas, inputs = [], []  # per step, last first: the stacked d*_pre, and [h_{t-1}, x_t]", 1)
        self.line("for t in range(len(steps) - 1, -1, -1):", 1)
        self.line("x, h_prev, c_prev, _, f, _, i, _, c_tilde, _, _, o, tanh_c, _, _, _, _, _ = steps[t]")
        for name in ("c_prev", "f", "i", "c_tilde", "o", "tanh_c"):
            self.line(_unpack(_names(name, H), name))
        self.upstream("dh", "dhs")
        self.upstream("dC", "dcs")
        self.line("# Step 4 backwards: h_t = o_t ⊙ tanh(C_t)")
        self.each("do_{k} = dh_{k} * tanh_c_{k}")
        self.each("dC_{k} = dh_{k} * o_{k} * (1.0 - tanh_c_{k} * tanh_c_{k}) + dC_{k}")
        self.each("do_pre_{k} = do_{k} * (o_{k} * (1.0 - o_{k}))")
        self.line("# Step 3 backwards: C_t = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t;  steps 2 and 1: through σ and tanh")
        self.each("df_pre_{k} = dC_{k} * c_prev_{k} * (f_{k} * (1.0 - f_{k}))")
        self.each("di_pre_{k} = dC_{k} * c_tilde_{k} * (i_{k} * (1.0 - i_{k}))")
        self.each("dc_tilde_pre_{k} = dC_{k} * i_{k} * (1.0 - c_tilde_{k} * c_tilde_{k})")
        self.each("dC_next_{k} = dC_{k} * f_{k}")
        self.line("# d[h_{t-1}, x_t] = W_fᵀ·df_pre + W_iᵀ·di_pre + W_Cᵀ·dC̃_pre + W_oᵀ·do_pre")
        terms = list(
            zip(
                self.transposed("W_f", "df_pre", H + I),
                self.transposed("W_i", "di_pre", H + I),
                self.transposed("W_c", "dc_tilde_pre", H + I),
                self.transposed("W_o", "do_pre", H + I),
                strict=True,
            )
        )
        for k in range(H):
            self.line(f"dh_next_{k} = " + " + ".join(terms[k]))
        self.line("dxs[t] = [" + ", ".join(" + ".join(column) for column in terms[H:]) + "]")
        deltas = [name for gate in ("df_pre", "di_pre", "dc_tilde_pre", "do_pre") for name in _names(gate, H)]
        self.line(f"deltas.append({_list(deltas)})")
        self.line("inputs.append((*h_prev, *x))")
        dh0, dc0 = _list(_names("dh_next", H)), _list(_names("dC_next", H))
        self.line(f"return deltas, inputs, dxs, {dh0}, {dc0}", 1)

    def gru(self) -> None:
        H, I = self.H, self.I
        self.line("gate_deltas, gate_inputs, cand_deltas, cand_inputs = [], [], [], []  # per step, last first", 1)
        self.line("for t in range(len(steps) - 1, -1, -1):", 1)
        self.line("_, x, h_prev, _, r, _, z, r_h_prev, _, _, h_tilde, _, _ = steps[t]")
        for name in ("h_prev", "r", "z", "h_tilde"):
            self.line(_unpack(_names(name, H), name))
        self.upstream("dh", "dhs")
        if self.kind == "gru-colah":
            self.line("# Step 4 backwards: h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t")
            self.each("dh_tilde_{k} = dh_{k} * z_{k}")
            self.each("dz_{k} = dh_{k} * (h_tilde_{k} - h_prev_{k})")
            self.each("dh_prev_{k} = dh_{k} * (1.0 - z_{k})")
        else:
            self.line("# Step 4 backwards: h_t = z_t ⊙ h_{t-1} + (1 − z_t) ⊙ h̃_t")
            self.each("dh_tilde_{k} = dh_{k} * (1.0 - z_{k})")
            self.each("dz_{k} = dh_{k} * (h_prev_{k} - h_tilde_{k})")
            self.each("dh_prev_{k} = dh_{k} * z_{k}")
        self.line("# Step 3 backwards: h̃_t = tanh(W_h · [r_t ⊙ h_{t-1}, x_t] + b_h)")
        self.each("dh_tilde_pre_{k} = dh_tilde_{k} * (1.0 - h_tilde_{k} * h_tilde_{k})")
        d_rhx = self.transposed("W_h", "dh_tilde_pre", H + I)
        for k in range(H):
            self.line(f"d_r_h_prev_{k} = {d_rhx[k]}")
        self.each("dr_{k} = d_r_h_prev_{k} * h_prev_{k}")
        self.each("dh_prev_{k} = dh_prev_{k} + d_r_h_prev_{k} * r_{k}")
        self.line("# Steps 2 and 1 backwards: through σ")
        self.each("dz_pre_{k} = dz_{k} * (z_{k} * (1.0 - z_{k}))")
        self.each("dr_pre_{k} = dr_{k} * (r_{k} * (1.0 - r_{k}))")
        self.line("# d[h_{t-1}, x_t] = W_rᵀ·dr_pre + W_zᵀ·dz_pre;  x_t also feeds the candidate")
        terms = list(zip(self.transposed("W_r", "dr_pre", H + I), self.transposed("W_z", "dz_pre", H + I), strict=True))
        for k in range(H):
            self.line(f"dh_next_{k} = dh_prev_{k} + ({' + '.join(terms[k])})")
        dx = [f"{d_rhx[H + j]} + ({' + '.join(terms[H + j])})" for j in range(I)]
        self.line(f"dxs[t] = {_list(dx)}")
        self.line(f"gate_deltas.append({_list(_names('dz_pre', H) + _names('dr_pre', H))})")
        self.line("gate_inputs.append((*h_prev, *x))")
        self.line(f"cand_deltas.append({_list(_names('dh_tilde_pre', H))})")
        self.line("cand_inputs.append((*r_h_prev, *x))")
        dh0 = _list(_names("dh_next", H))
        self.line(f"return gate_deltas, gate_inputs, cand_deltas, cand_inputs, dxs, {dh0}", 1)

    def pytorch(self) -> None:
        H, I = self.H, self.I
        self.line("input_deltas, hidden_deltas, xs, h_prevs = [], [], [], []  # per step, last first", 1)
        self.line("for t in range(len(steps) - 1, -1, -1):", 1)
        self.line("_, x, h_prev, _, r, _, z, _, hn, _, h_tilde, _, _ = steps[t]")
        for name in ("h_prev", "r", "z", "hn", "h_tilde"):
            self.line(_unpack(_names(name, H), name))
        self.upstream("dh", "dhs")
        self.line("# Step 4 backwards: h_t = (1 − z_t) ⊙ h̃_t + z_t ⊙ h_{t-1}")
        self.each("dh_tilde_{k} = dh_{k} * (1.0 - z_{k})")
        self.each("dz_{k} = dh_{k} * (h_prev_{k} - h_tilde_{k})")
        self.each("dh_prev_{k} = dh_{k} * z_{k}")
        self.line("# Step 3 backwards: h̃_t = tanh(W_in x_t + b_in + r_t ⊙ hn),  hn = W_hn h_{t-1} + b_hn")
        self.each("dh_tilde_pre_{k} = dh_tilde_{k} * (1.0 - h_tilde_{k} * h_tilde_{k})")
        self.each("dr_{k} = dh_tilde_pre_{k} * hn_{k}")
        self.each("dhn_{k} = dh_tilde_pre_{k} * r_{k}")
        self.line("# Steps 2 and 1 backwards: through σ")
        self.each("dz_pre_{k} = dz_{k} * (z_{k} * (1.0 - z_{k}))")
        self.each("dr_pre_{k} = dr_{k} * (r_{k} * (1.0 - r_{k}))")
        self.line("# dx = W_irᵀ·dr_pre + W_izᵀ·dz_pre + W_inᵀ·dh̃_pre")
        terms = zip(
            self.transposed("W_ir", "dr_pre", I),
            self.transposed("W_iz", "dz_pre", I),
            self.transposed("W_in", "dh_tilde_pre", I),
            strict=True,
        )
        self.line("dxs[t] = [" + ", ".join(" + ".join(column) for column in terms) + "]")
        self.line("# dh_{t-1} = dh ⊙ z_t + W_hrᵀ·dr_pre + W_hzᵀ·dz_pre + W_hnᵀ·dhn")
        hidden_terms = zip(
            _names("dh_prev", H),
            self.transposed("W_hr", "dr_pre", H),
            self.transposed("W_hz", "dz_pre", H),
            self.transposed("W_hn", "dhn", H),
            strict=True,
        )
        for k, column in enumerate(hidden_terms):
            self.line(f"dh_next_{k} = " + " + ".join(column))
        inputs = _names("dr_pre", H) + _names("dz_pre", H) + _names("dh_tilde_pre", H)
        hidden = _names("dr_pre", H) + _names("dz_pre", H) + _names("dhn", H)
        self.line(f"input_deltas.append({_list(inputs)})")
        self.line(f"hidden_deltas.append({_list(hidden)})")
        self.line("xs.append(x)")
        self.line("h_prevs.append(h_prev)")
        self.line(f"return input_deltas, hidden_deltas, xs, h_prevs, dxs, {_list(_names('dh_next', H))}", 1)


def backward_source(kind: str, hidden_size: int, input_size: int) -> str:
    """The Python source of the generated backward step of one shape (``kind``: "lstm", "gru-colah", …)."""
    if kind not in MATRICES:
        raise ValueError(f"kind must be one of {', '.join(map(repr, MATRICES))}, got {kind!r}")
    return _Writer(kind, hidden_size, input_size).write()


@lru_cache(maxsize=64)
def _compiled(kind: str, hidden_size: int, input_size: int) -> Callable[..., Any]:
    """Compile the source of one shape once; every cell of that shape reuses it."""
    namespace: dict[str, Any] = {}
    source = backward_source(kind, hidden_size, input_size)
    exec(compile(source, f"<tinyrnn backward {kind} {hidden_size}x{input_size}>", "exec"), namespace)  # noqa: S102 - our own generated source
    function: Callable[..., Any] = namespace[source.split("(", 1)[0].removeprefix("def ")]
    return function


def generated_bptt(
    kind: str, params: Mapping[str, Any], hidden_size: int, input_size: int
) -> Callable[..., Any] | None:
    """This cell's generated backward pass, its weights bound; ``None`` on Python ≥ 3.12 or above the size limit."""
    if not LEFT_TO_RIGHT or products(kind, hidden_size, input_size) > GENERATED_LIMIT:
        return None
    weights = tuple(chain.from_iterable(chain.from_iterable(params[name] for name in MATRICES[kind])))
    return partial(_compiled(kind, hidden_size, input_size), weights)


@lru_cache(maxsize=256)
def _outer(rows: int, columns: int) -> Callable[[Sequence[float], Sequence[float]], list[list[float]]]:
    """``u ⊗ v`` for one shape, written out: row ``k`` is ``[v_0 * u_k, v_1 * u_k, …]``, as ``v * u_k`` computes it."""
    u, v = _names("u", rows), _names("v", columns)
    body = ", ".join("[" + ", ".join(f"{v_j} * {u_k}" for v_j in v) + "]" for u_k in u)
    source = f"def outer(u, v):\n    {_unpack(u, 'u')}\n    {_unpack(v, 'v')}\n    return [{body}]\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<tinyrnn outer {rows}x{columns}>", "exec"), namespace)  # noqa: S102 - our own generated source
    function: Callable[[Sequence[float], Sequence[float]], list[list[float]]] = namespace["outer"]
    return function


def outer_rows(u: Sequence[float], v: Sequence[float]) -> list[list[float]]:
    """``u ⊗ v`` as lists, with generated code when the shape is small enough (the same floats either way)."""
    if len(u) * len(v) <= GENERATED_LIMIT:
        return _outer(len(u), len(v))(u, v)
    return [[v_j * u_k for v_j in v] for u_k in u]
