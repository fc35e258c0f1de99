r"""The plain (Elman) RNN, described: one matrix, one bias, one equation -- what the gates improve on.

::

    Step 1  h_t = tanh(W_h · [h_{t-1}, x_t] + b_h)        (or ReLU: max(0, ·))

No gate decides what to keep: the whole state is rewritten at every step,
which is why its gradient vanishes (or explodes) over long lags.

>>> [spec.key for spec in SPECS]
['rnn-tanh', 'rnn-relu']
>>> TANH.field("h").rule
Activation(function='tanh', field='h_pre')
"""

from __future__ import annotations

import math

from tinyrnn.specs.schema import Activation, Affine, CellSpec, Field, MatVec, Step, Weight

__all__ = ["NONLINEARITIES", "RELU", "SPECS", "TANH"]

#: The activations of the plain RNN, as PyTorch's ``nn.RNNCell`` names them; ``"tanh"`` is the default.
NONLINEARITIES = ("tanh", "relu")

HX = r"[h_{t-1}, x_t]"
_LATEX = {"tanh": r"\tanh", "relu": r"\operatorname{relu}"}
_BOUNDS = {"tanh": ("tanh(h_pre)", -1.0, 1.0), "relu": ("relu(h_pre)", 0.0, math.inf)}


def _describe(nonlinearity: str) -> CellSpec:
    act = _LATEX[nonlinearity]
    return CellSpec(
        key=f"rnn-{nonlinearity}",
        kind="rnn",
        options=(("nonlinearity", nonlinearity),),
        name=f"plain RNN ({nonlinearity})",
        title="RNN step",
        convention=f"with {nonlinearity}",
        trace="RNNStep",
        weights=(Weight("W_h", "hx", "W_h"), Weight("b_h", "b", "b_h")),
        fields=(
            Field("x", "x_t", "the input", component="x_t[{k}]", input_sized=True),
            Field("h_prev", "h_{t-1}", "the previous hidden state", component="h_{{t-1}}[{k}]"),
            Field(
                "h_pre",
                rf"W_h \cdot {HX} + b_h",
                "the pre-activation of the new state",
                Affine((MatVec("W_h", ("h_prev", "x")), "b_h")),
            ),
            Field(
                "h",
                "h_t",
                "the new hidden state",
                Activation(nonlinearity, "h_pre"),
                _BOUNDS[nonlinearity],
                "h_t[{k}]",
            ),
        ),
        states=("h",),
        steps=(Step(1, r"New Hidden State ($h_t$)", (rf"h_t = {act}(W_h \cdot {HX} + b_h)",), ("h_pre", "h")),),
        gates=(),
    )


#: The plain RNN with tanh, the default (PyTorch's ``nn.RNNCell``, Keras's ``SimpleRNN``).
TANH = _describe("tanh")

#: The plain RNN with ReLU: ``h_t ≥ 0``, unbounded above.
RELU = _describe("relu")

#: Both plain RNNs, tanh first.
SPECS = (TANH, RELU)
