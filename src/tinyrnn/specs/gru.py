r"""The GRU, described in its three conventions: weights, trace fields and their rules, four steps.

The slides give steps 1 and 2; the conventions in use disagree on steps 3
and 4 (see :mod:`tinyrnn.gru`)::

    Step 1  r_t = σ(W_r · [h_{t-1}, x_t] + b_r)
    Step 2  z_t = σ(W_z · [h_{t-1}, x_t] + b_z)
    Step 3  h̃_t = tanh(W_h · [r_t ⊙ h_{t-1}, x_t] + b_h)
    Step 4  h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t      ("colah"; "cho2014" swaps z_t and 1 − z_t)

``"pytorch"`` has separate input and hidden weights, two biases per gate,
and applies the reset after the product:
``h̃_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t-1} + b_hn))``,
``h_t = (1 − z_t) ⊙ h̃_t + z_t ⊙ h_{t-1}``.

>>> [spec.key for spec in SPECS]
['gru-colah', 'gru-cho2014', 'gru-pytorch']
>>> COLAH.field("h").rule
Products(terms=(('1-z', 'h_prev'), ('z', 'h_tilde')))
"""

from __future__ import annotations

from tinyrnn.specs.schema import Activation, Affine, CellSpec, Field, Hadamard, MatVec, Products, Step, Weight

__all__ = ["CHO2014", "COLAH", "PYTORCH", "SPECS", "VARIANTS"]

#: The three GRU conventions, the slides' notation (colah's) first.
VARIANTS = ("colah", "cho2014", "pytorch")

HX = r"[h_{t-1}, x_t]"
_HX = ("h_prev", "x")

_GIVEN = (
    Field("x", "x_t", "the input", component="x_t[{k}]", input_sized=True),
    Field("h_prev", "h_{t-1}", "the previous hidden state", component="h_{{t-1}}[{k}]"),
)


def _gate(name: str, latex: str, meaning: str, pre: Affine, when: tuple[str, str]) -> tuple[Field, Field]:
    """A gate's two fields: its pre-activation and its σ; ``when`` says what it does closed and open."""
    return (
        Field(f"{name}_pre", latex, f"the pre-activation of {meaning}", pre),
        Field(
            name,
            f"{name}_t",
            meaning,
            Activation("sigmoid", f"{name}_pre"),
            (f"σ({name}_pre)", 0.0, 1.0),
            f"{name}_t[{{k}}]",
            when_low=when[0],
            when_high=when[1],
        ),
    )


# What a closed (near 0) and an open (near 1) gate do: the update gate's meaning depends on the convention.
_KEEPS = r"the update gate keeps the old state: $h_t[{k}] \approx h_{{t-1}}[{k}] = {h_prev}$."
_REPLACES = (
    r"the update gate replaces the old state: $h_t[{k}] \approx \tilde{{h}}_t[{k}]$, and "
    r"$h_{{t-1}}[{k}] = {h_prev}$ is forgotten."
)
_RESETS = (
    "the reset gate is closed: the candidate is computed (almost) without $h_{{t-1}}[{k}] = {h_prev}$.",
    "the reset gate is open: the candidate uses $h_{{t-1}}[{k}] = {h_prev}$ in full.",
)


_H_TILDE = Field(
    "h_tilde",
    r"\tilde{h}_t",
    "the candidate hidden state",
    Activation("tanh", "h_tilde_pre"),
    ("tanh(h_tilde_pre)", -1.0, 1.0),
    r"\tilde{{h}}_t[{k}]",
)
_GATE_STEPS = (
    Step(1, r"Reset Gate ($r_t$)", (rf"r_t = \sigma(W_r \cdot {HX} + b_r)",), ("r_pre", "r")),
    Step(2, r"Update Gate ($z_t$)", (rf"z_t = \sigma(W_z \cdot {HX} + b_z)",), ("z_pre", "z")),
    Step(
        3,
        r"Candidate Hidden State ($\tilde{h}_t$)",
        (r"\tilde{h}_t = \tanh(W_h \cdot [r_t \odot h_{t-1}, x_t] + b_h)",),
        ("r_h_prev", "h_tilde_pre", "h_tilde"),
    ),
)


def _concatenated(
    variant: str, name: str, convention: str, update: str, h: Products, when_z: tuple[str, str]
) -> CellSpec:
    """``colah`` or ``cho2014``: one matrix per gate on ``[h_{t-1}, x_t]``, the reset before the product."""
    return CellSpec(
        key=f"gru-{variant}",
        kind="gru",
        options=(("variant", variant),),
        name=name,
        title="GRU step",
        convention=convention,
        trace="GRUStep",
        weights=tuple(
            Weight(f"{letter}_{gate}", "b" if letter == "b" else "hx", f"{letter}_{gate}")
            for gate in "zrh"
            for letter in "Wb"
        ),
        fields=(
            *_GIVEN,
            *_gate("r", rf"W_r \cdot {HX} + b_r", "the reset gate", Affine((MatVec("W_r", _HX), "b_r")), _RESETS),
            *_gate("z", rf"W_z \cdot {HX} + b_z", "the update gate", Affine((MatVec("W_z", _HX), "b_z")), when_z),
            Field(
                "r_h_prev",
                r"r_t \odot h_{t-1}",
                "the reset previous state",
                Products((("r", "h_prev"),)),
                component=r"r_t[{k}] \cdot h_{{t-1}}[{k}]",
            ),
            Field(
                "h_tilde_pre",
                r"W_h \cdot [r_t \odot h_{t-1}, x_t] + b_h",
                "the pre-activation of the candidate",
                Affine((MatVec("W_h", ("r_h_prev", "x")), "b_h")),
            ),
            _H_TILDE,
            Field("h", "h_t", "the new hidden state", h, component="h_t[{k}]"),
        ),
        states=("h",),
        steps=(*_GATE_STEPS, Step(4, r"New Hidden State ($h_t$)", (update,), ("h",))),
        gates=("r", "z"),
    )


#: The slides' notation, colah's convention: the update gate weighs the *new* candidate.
COLAH = _concatenated(
    "colah",
    "GRU (colah's convention, the slides' notation)",
    "in colah's convention (the slides' notation)",
    r"h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde{h}_t",
    Products((("1-z", "h_prev"), ("z", "h_tilde"))),
    (_KEEPS, _REPLACES),
)

#: Cho et al. (2014), Keras ``reset_after=False``: the update gate weighs the *old* state.
CHO2014 = _concatenated(
    "cho2014",
    "GRU (Cho et al. 2014)",
    "in the convention of Cho et al. (2014)",
    r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t",
    Products((("z", "h_prev"), ("1-z", "h_tilde"))),
    (_REPLACES, _KEEPS),
)


def _part(gate: str, source: str) -> Affine:
    """``W_{<source><gate>} · <x or h> + b_{<source><gate>}``, one half of a PyTorch pre-activation."""
    return Affine((MatVec(f"W_{source}{gate}", ("x",) if source == "i" else ("h_prev",)), f"b_{source}{gate}"))


def _halves(gate: str) -> str:
    return rf"W_{{i{gate}}} x_t + b_{{i{gate}}} + W_{{h{gate}}} h_{{t-1}} + b_{{h{gate}}}"


#: PyTorch's ``nn.GRUCell`` (Keras ``reset_after=True``, ONNX ``linear_before_reset=1``).
PYTORCH = CellSpec(
    key="gru-pytorch",
    kind="gru",
    options=(("variant", "pytorch"),),
    name="GRU (PyTorch's convention)",
    title="GRU step",
    convention="in PyTorch's convention",
    trace="GRUStep",
    weights=(
        *(
            Weight(f"W_{source}{gate}", "x" if source == "i" else "h", f"W_{{{source}{gate}}}")
            for source in "ih"
            for gate in "rzn"
        ),
        *(Weight(f"b_{source}{gate}", "b", f"b_{{{source}{gate}}}") for source in "ih" for gate in "rzn"),
    ),
    fields=(
        *_GIVEN,
        *_gate(
            "r",
            _halves("r"),
            "the reset gate",
            Affine((_part("r", "i"), _part("r", "h"))),
            (
                r"the reset gate is closed: the candidate $\tilde{{h}}_t[{k}]$ (almost) ignores the past state.",
                r"the reset gate is open: the candidate uses $(W_{{hn}} h_{{t-1}} + b_{{hn}})[{k}]$ in full.",
            ),
        ),
        *_gate("z", _halves("z"), "the update gate", Affine((_part("z", "i"), _part("z", "h"))), (_REPLACES, _KEEPS)),
        Field("hn", r"W_{hn} h_{t-1} + b_{hn}", "the hidden part of the candidate", _part("n", "h")),
        Field(
            "h_tilde_pre",
            r"W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn})",
            "the pre-activation of the candidate",
            Affine((_part("n", "i"), Hadamard("r", "hn"))),
        ),
        _H_TILDE,
        Field(
            "h", "h_t", "the new hidden state", Products((("1-z", "h_tilde"), ("z", "h_prev"))), component="h_t[{k}]"
        ),
    ),
    states=("h",),
    steps=(
        Step(1, r"Reset Gate ($r_t$)", (rf"r_t = \sigma({_halves('r')})",), ("r_pre", "r")),
        Step(2, r"Update Gate ($z_t$)", (rf"z_t = \sigma({_halves('z')})",), ("z_pre", "z")),
        Step(
            3,
            r"Candidate Hidden State ($\tilde{h}_t$, PyTorch's $n_t$)",
            (r"\tilde{h}_t = \tanh(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn}))",),
            ("hn", "h_tilde_pre", "h_tilde"),
        ),
        Step(4, r"New Hidden State ($h_t$)", (r"h_t = (1 - z_t) \odot \tilde{h}_t + z_t \odot h_{t-1}",), ("h",)),
    ),
    gates=("r", "z"),
)

#: The three GRU descriptions, in the order of :data:`VARIANTS`.
SPECS = (COLAH, CHO2014, PYTORCH)
