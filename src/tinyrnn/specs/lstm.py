r"""The LSTM, described: its weights, the fields of its trace and how each is computed, its four steps.

The equations (slide "LSTM Calculation (3D Vector Example)"; steps 4 is not
on the slides)::

    Step 1  f_t = σ(W_f · [h_{t-1}, x_t] + b_f)
    Step 2  i_t = σ(W_i · [h_{t-1}, x_t] + b_i),   C̃_t = tanh(W_C · [h_{t-1}, x_t] + b_C)
    Step 3  C_t = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t
    Step 4  o_t = σ(W_o · [h_{t-1}, x_t] + b_o),   h_t = o_t ⊙ tanh(C_t)

>>> LSTM.key, [field.name for field in LSTM.given]
('lstm', ['x', 'h_prev', 'c_prev'])
>>> LSTM.field("c").rule
Products(terms=(('f', 'c_prev'), ('i', 'c_tilde')))
"""

from __future__ import annotations

from tinyrnn.specs.schema import Activation, Affine, CellSpec, Field, MatVec, Products, Step, Weight

__all__ = ["LSTM", "SPECS"]

HX = r"[h_{t-1}, x_t]"
_HX = ("h_prev", "x")


def _gate(name: str, meaning: str, when_low: str, when_high: str) -> tuple[Field, Field]:
    """A gate's two fields: ``W_g · [h_{t-1}, x_t] + b_g`` and ``g_t = σ(…)``, and what the gate does."""
    pre = Field(
        f"{name}_pre",
        rf"W_{name} \cdot {HX} + b_{name}",
        f"the pre-activation of {meaning}",
        Affine((MatVec(f"W_{name}", _HX), f"b_{name}")),
    )
    gate = Field(
        name,
        f"{name}_t",
        meaning,
        Activation("sigmoid", pre.name),
        (f"σ({pre.name})", 0.0, 1.0),
        f"{name}_t[{{k}}]",
        when_low=when_low,
        when_high=when_high,
    )
    return pre, gate


_F_PRE, _F = _gate(
    "f",
    "the forget gate",
    r"the forget gate is closed: the cell forgets $C_{{t-1}}[{k}] = {c_prev}$, so $C_t[{k}]$ is almost only the "
    r"new $i_t[{k}] \cdot \tilde{{C}}_t[{k}]$.",
    "the forget gate is open: the cell keeps almost all of $C_{{t-1}}[{k}] = {c_prev}$.",
)
_I_PRE, _I = _gate(
    "i",
    "the input gate",
    r"the input gate is closed: the candidate $\tilde{{C}}_t[{k}]$ is (almost) not written, so "
    r"$C_t[{k}] \approx f_t[{k}] \cdot C_{{t-1}}[{k}]$: the cell remembers what it had.",
    r"the input gate is open: the candidate $\tilde{{C}}_t[{k}]$ is written into the cell almost in full.",
)
_O_PRE, _O = _gate(
    "o",
    "the output gate",
    r"the output gate is closed: the cell keeps $C_t[{k}]$ to itself and shows almost nothing, "
    r"$h_t[{k}] \approx 0$.",
    r"the output gate is open: the cell shows its state, $h_t[{k}] \approx \tanh(C_t[{k}])$.",
)

#: The standard LSTM: the slides' cell (colah's notation), with a forget gate and no peepholes.
LSTM = CellSpec(
    key="lstm",
    kind="lstm",
    options=(),
    name="LSTM",
    title="LSTM step",
    convention="",
    trace="LSTMStep",
    weights=tuple(
        Weight(f"{letter}_{gate}", "b" if letter == "b" else "hx", f"{letter}_{'C' if gate == 'c' else gate}")
        for gate in "fico"
        for letter in "Wb"
    ),
    fields=(
        Field("x", "x_t", "the input", component="x_t[{k}]", input_sized=True),
        Field("h_prev", "h_{t-1}", "the previous hidden state", component="h_{{t-1}}[{k}]"),
        Field("c_prev", "C_{t-1}", "the previous cell state", component="C_{{t-1}}[{k}]"),
        _F_PRE,
        _F,
        _I_PRE,
        _I,
        Field(
            "c_tilde_pre",
            rf"W_C \cdot {HX} + b_C",
            "the pre-activation of the candidate",
            Affine((MatVec("W_c", _HX), "b_c")),
        ),
        Field(
            "c_tilde",
            r"\tilde{C}_t",
            "the candidate",
            Activation("tanh", "c_tilde_pre"),
            ("tanh(c_tilde_pre)", -1.0, 1.0),
            r"\tilde{{C}}_t[{k}]",
        ),
        Field("c", "C_t", "the new cell state", Products((("f", "c_prev"), ("i", "c_tilde"))), component="C_t[{k}]"),
        _O_PRE,
        _O,
        Field(
            "tanh_c",
            r"\tanh(C_t)",
            "tanh of the cell state",
            Activation("tanh", "c"),
            ("tanh(c)", -1.0, 1.0),
            r"\tanh(C_t[{k}])",
        ),
        Field("h", "h_t", "the new hidden state", Products((("o", "tanh_c"),)), ("o ⊙ tanh(c)", -1.0, 1.0), "h_t[{k}]"),
    ),
    states=("h", "c"),
    steps=(
        Step(1, r"Forget Gate ($f_t$)", (rf"f_t = \sigma(W_f \cdot {HX} + b_f)",), ("f_pre", "f")),
        Step(
            2,
            r"Input Gate ($i_t$) + Candidate ($\tilde{C}_t$)",
            (rf"i_t = \sigma(W_i \cdot {HX} + b_i)", rf"\tilde{{C}}_t = \tanh(W_C \cdot {HX} + b_C)"),
            ("i_pre", "i", "c_tilde_pre", "c_tilde"),
        ),
        Step(3, r"Update Cell State ($C_t$)", (r"C_t = f_t \odot C_{t-1} + i_t \odot \tilde{C}_t",), ("c",)),
        Step(
            4,
            r"Output Gate ($o_t$) + Hidden State ($h_t$)",
            (rf"o_t = \sigma(W_o \cdot {HX} + b_o)", r"h_t = o_t \odot \tanh(C_t)"),
            ("o_pre", "o", "tanh_c", "h"),
        ),
    ),
    gates=("f", "i", "o"),
)

#: Every LSTM tinyrnn describes, the standard one first.
SPECS = (LSTM,)
