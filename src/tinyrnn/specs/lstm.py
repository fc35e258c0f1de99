r"""The LSTM, described: its weights, the fields of its trace and how each is computed, its four steps.

The equations (slide "LSTM Calculation (3D Vector Example)"; step 4 is not
on the slides)::

    Step 1  f_t = σ(W_f · [h_{t-1}, x_t] + b_f)
    Step 2  i_t = σ(W_i · [h_{t-1}, x_t] + b_i),   C̃_t = tanh(W_C · [h_{t-1}, x_t] + b_C)
    Step 3  C_t = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t
    Step 4  o_t = σ(W_o · [h_{t-1}, x_t] + b_o),   h_t = o_t ⊙ tanh(C_t)

and three changes to them, each an option of :class:`tinyrnn.LSTMCell`,
which can be combined (all but ``coupled`` without a forget gate):

``peepholes=True`` (Gers & Schmidhuber 2000; the "standard" LSTM of TF, ONNX and most papers)
    the gates also look at the cell state, one weight per unit:
    ``+ p_f ⊙ C_{t-1}`` in f_t, ``+ p_i ⊙ C_{t-1}`` in i_t, ``+ p_o ⊙ C_t`` in o_t.
``coupled=True`` (CIFG: coupled input and forget gates)
    no ``W_i, b_i``: ``i_t = 1 − f_t``. "Update gate: combines forget and
    input gates", the slides say of the GRU: this is that idea inside an LSTM.
``forget_gate=False`` (the LSTM of 1997)
    no ``W_f, b_f``: ``f_t = 1``, so ``C_t = C_{t-1} + i_t ⊙ C̃_t``.

>>> LSTM.key, [field.name for field in LSTM.given]
('lstm', ['x', 'h_prev', 'c_prev'])
>>> LSTM.field("c").rule
Products(terms=(('f', 'c_prev'), ('i', 'c_tilde')))
>>> describe(coupled=True).field("i").rule
Products(terms=(('1-f',),))
"""

from __future__ import annotations

from tinyrnn.specs.schema import Activation, Affine, CellSpec, Constant, Field, Hadamard, MatVec, Products, Step, Weight

__all__ = ["LSTM", "SPECS", "describe"]

HX = r"[h_{t-1}, x_t]"
_HX = ("h_prev", "x")

# What a closed (near 0) and an open (near 1) gate does to the numbers: {k} is the unit, {c_prev} C_{t-1}[k].
_WORDS = {
    "f": (
        (
            r"the forget gate is closed: the cell forgets $C_{{t-1}}[{k}] = {c_prev}$, so $C_t[{k}]$ is almost only "
            r"the new $i_t[{k}] \cdot \tilde{{C}}_t[{k}]$."
        ),
        "the forget gate is open: the cell keeps almost all of $C_{{t-1}}[{k}] = {c_prev}$.",
    ),
    "i": (
        (
            r"the input gate is closed: the candidate $\tilde{{C}}_t[{k}]$ is (almost) not written, so "
            r"$C_t[{k}] \approx f_t[{k}] \cdot C_{{t-1}}[{k}]$: the cell remembers what it had."
        ),
        r"the input gate is open: the candidate $\tilde{{C}}_t[{k}]$ is written into the cell almost in full.",
    ),
    "o": (
        (
            r"the output gate is closed: the cell keeps $C_t[{k}]$ to itself and shows almost nothing, "
            r"$h_t[{k}] \approx 0$."
        ),
        r"the output gate is open: the cell shows its state, $h_t[{k}] \approx \tanh(C_t[{k}])$.",
    ),
}
_MEANINGS = {"f": "the forget gate", "i": "the input gate", "o": "the output gate"}


def _gate(name: str, peephole: str | None) -> tuple[Field, Field, str]:
    """A gate's pre-activation and σ, ``W_g · [h_{t-1}, x_t] (+ p_g ⊙ C) + b_g``, and its formula."""
    meaning, (when_low, when_high) = _MEANINGS[name], _WORDS[name]
    parts: tuple[MatVec | Hadamard | str, ...] = (MatVec(f"W_{name}", _HX), f"b_{name}")
    label = rf"W_{name} \cdot {HX} + b_{name}"
    if peephole is not None:  # the peephole term sits between the product and the bias
        latex = {"c_prev": "C_{t-1}", "c": "C_t"}[peephole]
        parts = (MatVec(f"W_{name}", _HX), Hadamard(f"p_{name}", peephole), f"b_{name}")
        label = rf"W_{name} \cdot {HX} + p_{name} \odot {latex} + b_{name}"
    pre = Field(f"{name}_pre", label, f"the pre-activation of {meaning}", Affine(parts))
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
    return pre, gate, rf"{name}_t = \sigma({label})"


def _key(peepholes: bool, coupled: bool, forget_gate: bool) -> str:
    return "lstm" + "-peepholes" * peepholes + "-coupled" * coupled + "-no-forget-gate" * (not forget_gate)


def _name(peepholes: bool, coupled: bool, forget_gate: bool) -> str:
    changes = [
        *(["peepholes"] * peepholes),
        *(["coupled input and forget gates"] * coupled),
        *(["no forget gate (the LSTM of 1997)"] * (not forget_gate)),
    ]
    return "LSTM" + (" with " + " and ".join(changes) if changes else "")


def describe(*, peepholes: bool = False, coupled: bool = False, forget_gate: bool = True) -> CellSpec:
    """The LSTM with these options (the defaults describe the slides' cell, :data:`LSTM`)."""
    if coupled and not forget_gate:
        raise ValueError("coupled=True needs a forget gate: i_t = 1 - f_t couples the input gate to it")
    fields = [
        Field("x", "x_t", "the input", component="x_t[{k}]", input_sized=True),
        Field("h_prev", "h_{t-1}", "the previous hidden state", component="h_{{t-1}}[{k}]"),
        Field("c_prev", "C_{t-1}", "the previous cell state", component="C_{{t-1}}[{k}]"),
    ]
    gates = ["f", "i", "o"]
    # Step 1: the forget gate, or none (f_t = 1)
    if forget_gate:
        f_pre, f, f_formula = _gate("f", "c_prev" if peepholes else None)
        fields += [f_pre, f]
        step1 = Step(1, r"Forget Gate ($f_t$)", (f_formula,), ("f_pre", "f"))
    else:
        gates.remove("f")
        fields.append(
            Field("f", "f_t", "the forget gate, always 1 (there is none)", Constant(1.0), component="f_t[{k}]")
        )
        step1 = Step(1, r"No Forget Gate ($f_t = 1$)", ("f_t = 1",), ("f",))
    # Step 2: the input gate, or 1 - f_t when coupled; the candidate
    if coupled:
        gates.remove("i")
        fields.append(
            Field("i", "i_t", "the input gate, 1 − f_t (coupled)", Products((("1-f",),)), component="i_t[{k}]")
        )
        input_formula, input_rows = "i_t = 1 - f_t", ["i"]
    else:
        i_pre, i, input_formula = _gate("i", "c_prev" if peepholes else None)
        fields += [i_pre, i]
        input_rows = ["i_pre", "i"]
    fields += [
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
    ]
    step2 = Step(
        2,
        r"Input Gate ($i_t$) + Candidate ($\tilde{C}_t$)",
        (input_formula, rf"\tilde{{C}}_t = \tanh(W_C \cdot {HX} + b_C)"),
        (*input_rows, "c_tilde_pre", "c_tilde"),
    )
    # Step 3: the cell state
    if forget_gate:
        c_rule, c_formula = (
            Products((("f", "c_prev"), ("i", "c_tilde"))),
            r"C_t = f_t \odot C_{t-1} + i_t \odot \tilde{C}_t",
        )
    else:
        c_rule, c_formula = Products((("c_prev",), ("i", "c_tilde"))), r"C_t = C_{t-1} + i_t \odot \tilde{C}_t"
    fields.append(Field("c", "C_t", "the new cell state", c_rule, component="C_t[{k}]"))
    step3 = Step(3, r"Update Cell State ($C_t$)", (c_formula,), ("c",))
    # Step 4: the output gate (its peephole looks at the new C_t) and the hidden state
    o_pre, o, o_formula = _gate("o", "c" if peepholes else None)
    fields += [
        o_pre,
        o,
        Field(
            "tanh_c",
            r"\tanh(C_t)",
            "tanh of the cell state",
            Activation("tanh", "c"),
            ("tanh(c)", -1.0, 1.0),
            r"\tanh(C_t[{k}])",
        ),
        Field("h", "h_t", "the new hidden state", Products((("o", "tanh_c"),)), ("o ⊙ tanh(c)", -1.0, 1.0), "h_t[{k}]"),
    ]
    step4 = Step(
        4,
        r"Output Gate ($o_t$) + Hidden State ($h_t$)",
        (o_formula, r"h_t = o_t \odot \tanh(C_t)"),
        ("o_pre", "o", "tanh_c", "h"),
    )
    weights = [
        Weight(f"{letter}_{gate}", "b" if letter == "b" else "hx", f"{letter}_{'C' if gate == 'c' else gate}")
        for gate in "fico"
        if not (gate == "f" and not forget_gate) and not (gate == "i" and coupled)
        for letter in "Wb"
    ]
    if peepholes:  # after the plain weights: a seed draws the same W and b with or without peepholes
        weights += [Weight(f"p_{gate}", "p", f"p_{gate}") for gate in gates]
    return CellSpec(
        key=_key(peepholes, coupled, forget_gate),
        kind="lstm",
        options=(("peepholes", peepholes), ("coupled", coupled), ("forget_gate", forget_gate)),
        name=_name(peepholes, coupled, forget_gate),
        title="LSTM step",
        convention="",
        trace="LSTMStep",
        weights=tuple(weights),
        fields=tuple(fields),
        states=("h", "c"),
        steps=(step1, step2, step3, step4),
        gates=tuple(gates),
    )


#: The standard LSTM: the slides' cell (colah's notation), with a forget gate and no peepholes.
LSTM = describe()

#: Every LSTM tinyrnn describes, the standard one first, then peepholes, coupled gates, no forget gate.
SPECS = tuple(
    describe(peepholes=peepholes, coupled=coupled, forget_gate=forget_gate)
    for forget_gate in (True, False)
    for coupled in (False, True)
    for peepholes in (False, True)
    if not (coupled and not forget_gate)
)
