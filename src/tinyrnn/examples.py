"""The slides' worked examples, reproduced: inputs, weights, cells, traces, walkthrough.

The slides give the inputs and the two-decimal results of an LSTM step and of
the first two GRU steps, but not the weights. The weights below are
multiples of 0.1 in [−1, 1] (so every pre-activation can be checked by hand)
found by ``scripts/find_slide_weights.py``, a seeded search that the test
suite re-runs. With them, every number printed on the slides is reproduced
when tinyrnn's full-precision result is rounded to two decimals -- including
``C_t[2] = 0.55``, which hand rounding does *not* give (see :func:`walkthrough`).

>>> from tinyrnn import examples
>>> step = examples.slide_lstm()
>>> [round(v, 2) for v in step.f], [round(v, 2) for v in step.c]
([0.65, 0.42, 0.78], [0.56, -0.47, 0.55])
>>> [round(v, 2) for v in examples.slide_gru().r]
[0.58, 0.73, 0.45]
"""

from __future__ import annotations

from typing import Any

from tinyrnn.cell import Cell
from tinyrnn.gru import GRUCell, check_variant
from tinyrnn.lstm import LSTMCell
from tinyrnn.render import explain_preactivation, format_number, format_vector
from tinyrnn.specs import spec_of_key
from tinyrnn.trace import GRUStep, LSTMStep

__all__ = [
    "C_PREV",
    "H_PREV",
    "SLIDE_GRU_PARAMS",
    "SLIDE_LSTM_PARAMS",
    "SLIDE_NUMBERS",
    "SLIDE_PEEPHOLES",
    "X",
    "slide_cell",
    "slide_gru",
    "slide_gru_cell",
    "slide_lstm",
    "slide_lstm_cell",
    "walkthrough",
]

# "Given Input" on both slides.
#: x_t, the current input (both slides).
X = (0.5, -0.3, 0.8)
#: h_{t-1}, the previous hidden state (both slides).
H_PREV = (0.2, 0.4, -0.1)
#: C_{t-1}, the previous cell state (LSTM slide only).
C_PREV = (0.6, -0.2, 0.3)

#: Every "Result:" printed on the slides, as printed (two decimals): ``SLIDE_NUMBERS["lstm"]["c"]``.
SLIDE_NUMBERS: dict[str, dict[str, tuple[float, ...]]] = {
    "lstm": {
        "f": (0.65, 0.42, 0.78),
        "i": (0.53, 0.71, 0.48),
        "c_tilde": (0.32, -0.54, 0.67),
        "c": (0.56, -0.47, 0.55),
    },
    "gru": {"r": (0.58, 0.73, 0.45)},
}

# Output of `python scripts/find_slide_weights.py` (checked by tests/test_examples.py).
#: The LSTM weights that reproduce the slide: ``W_*`` act on ``[h_{t-1}, x_t]`` (3 × 6), ``b_*`` have 3 numbers.
SLIDE_LSTM_PARAMS: dict[str, Any] = {
    "W_f": [[0.1, 0.5, 0.5, 0.4, 0.5, 0.1], [-0.3, -0.4, 0.4, -0.3, 0.1, -0.5], [0.2, 0.5, -0.2, 0.5, -0.1, 0.5]],
    "b_f": [0.3, 0.5, 0.3],
    "W_i": [[-0.4, 0.3, -0.2, -0.4, -0.1, 0.4], [0.4, 0.2, -0.3, 0.5, 0.0, 0.3], [0.4, 0.5, -0.1, 0.3, 0.4, -0.4]],
    "b_i": [-0.1, 0.2, -0.1],
    "W_c": [[0.2, 0.2, -0.1, 0.2, 0.0, -0.5], [0.0, -0.3, 0.4, 0.1, -0.4, -0.4], [0.2, 0.1, 0.2, -0.3, 0.0, 0.5]],
    "b_c": [0.5, -0.3, 0.5],
    "W_o": [[0.4, -0.5, -0.1, -0.1, -0.5, -0.1], [0.5, 0.2, -0.3, 0.1, 0.2, -0.5], [0.2, 0.4, 0.5, -0.1, 0.5, -0.4]],
    "b_o": [0.0, 0.1, -0.4],
}
#: The GRU weights (variant ``"colah"``) that reproduce the slide's ``r_t``; same shapes as the LSTM's.
SLIDE_GRU_PARAMS: dict[str, Any] = {
    "W_z": [[0.2, 0.1, 0.2, -0.4, -0.4, 0.5], [0.5, 0.2, -0.5, -0.3, 0.4, 0.0], [0.4, -0.3, -0.5, 0.5, 0.2, 0.1]],
    "b_z": [-0.4, 0.2, -0.1],
    "W_r": [[-0.2, 0.5, 0.4, -0.3, -0.2, 0.1], [0.5, 0.4, -0.4, 0.2, 0.3, 0.2], [-0.3, 0.0, 0.4, -0.5, -0.1, 0.5]],
    "b_r": [0.2, 0.5, -0.3],
    "W_h": [[0.3, -0.3, -0.4, 0.4, -0.2, 0.3], [-0.2, -0.5, 0.0, -0.4, -0.4, 0.4], [0.1, 0.0, 0.5, -0.4, -0.1, -0.4]],
    "b_h": [0.5, -0.3, 0.2],
}


def slide_lstm_cell() -> LSTMCell:
    """The LSTM cell of the slide example (input_size = hidden_size = 3), weights ``SLIDE_LSTM_PARAMS``.

    >>> cell = slide_lstm_cell()
    >>> cell.num_parameters, cell.params["b_f"]
    (84, [0.3, 0.5, 0.3])
    """
    return LSTMCell.from_params(SLIDE_LSTM_PARAMS)


def slide_lstm(round_to: int | None = None) -> LSTMStep:
    """The slide's LSTM step from ``X``, ``H_PREV``, ``C_PREV`` (``round_to=2``: by hand).

    >>> round(slide_lstm().i, 2), round(slide_lstm().c_tilde, 2)
    (Vector([0.53, 0.71, 0.48]), Vector([0.32, -0.54, 0.67]))
    >>> slide_lstm(round_to=2).c          # every intermediate rounded first: C_t[2] = 0.56
    Vector([0.56, -0.47, 0.56])
    """
    return slide_lstm_cell().step(X, H_PREV, C_PREV, round_to=round_to)


def _negated(rows: list[list[float]] | list[float]) -> Any:
    return [_negated(row) if isinstance(row, list) else -row for row in rows]


def slide_gru_cell(variant: str = "colah") -> GRUCell:
    """The GRU cell of the slide example, in any of the three conventions.

    ``W_r, b_r`` and ``W_h, b_h`` are the same in every variant. For
    ``cho2014`` and ``pytorch``, which weigh the old state with ``z_t`` where
    ``colah`` uses ``1 − z_t``, the update gate's weights are negated (σ(−a) =
    1 − σ(a)), so all three keep the same share of the old state: ``cho2014``
    then gives exactly colah's ``h_t``. The ``pytorch`` layout splits each
    matrix into its ``h`` and ``x`` columns, puts the bias in ``b_i*`` (``b_h*``
    are zero) and resets *after* the product, so its ``h̃_t`` differs.

    >>> [slide_gru_cell(v).num_parameters for v in ("colah", "cho2014", "pytorch")]
    [63, 63, 72]
    """
    variant = check_variant(variant)
    if variant == "colah":
        return GRUCell.from_params(SLIDE_GRU_PARAMS)
    params = {**SLIDE_GRU_PARAMS, "W_z": _negated(SLIDE_GRU_PARAMS["W_z"]), "b_z": _negated(SLIDE_GRU_PARAMS["b_z"])}
    if variant == "cho2014":
        return GRUCell.from_params(params, variant="cho2014")
    H = len(params["b_r"])
    split = {}
    for gate, source in (("r", "r"), ("z", "z"), ("n", "h")):
        split[f"W_i{gate}"] = [row[H:] for row in params["W_" + source]]
        split[f"W_h{gate}"] = [row[:H] for row in params["W_" + source]]
        split[f"b_i{gate}"] = list(params["b_" + source])
        split[f"b_h{gate}"] = [0.0] * H
    return GRUCell.from_params(split, variant="pytorch")


def slide_gru(variant: str = "colah", round_to: int | None = None) -> GRUStep:
    """The slide's GRU step from ``X`` and ``H_PREV`` in ``variant`` (``round_to=2``: by hand).

    >>> round(slide_gru().r, 2), round(slide_gru("cho2014").h, 2) == round(slide_gru().h, 2)
    (Vector([0.58, 0.73, 0.45]), True)
    """
    return slide_gru_cell(variant).step(X, H_PREV, round_to=round_to)


#: Peephole weights for the slide example's LSTM with peepholes. Not on the slides (which have no
#: peepholes): chosen here, multiples of 0.1 like the other weights, so that every cell of the family
#: can be shown on the slide's inputs.
SLIDE_PEEPHOLES: dict[str, list[float]] = {"p_f": [0.1, -0.2, 0.3], "p_i": [0.2, 0.1, -0.1], "p_o": [-0.1, 0.3, 0.2]}


def slide_cell(key: str) -> Cell:
    """The slide example's cell of any kind, by its key (:data:`tinyrnn.specs.KEYS`).

    The LSTMs with options keep the slide's weights for the gates they have (and
    :data:`SLIDE_PEEPHOLES`); the plain RNN takes the slide LSTM's candidate
    weights ``W_C, b_C`` as its ``W_h, b_h``, so on the slide's inputs its
    ``h_t`` (tanh) is the LSTM's ``C̃_t``: the candidate *is* a plain RNN step.

    >>> slide_cell("gru-pytorch") == slide_gru_cell("pytorch"), slide_cell("lstm") == slide_lstm_cell()
    (True, True)
    >>> round(slide_cell("rnn-tanh").step(X, H_PREV).h, 2)      # the slide's C̃_t
    Vector([0.32, -0.54, 0.67])
    """
    from tinyrnn.family import from_params

    described = spec_of_key(key)
    if described.kind == "gru":
        return slide_gru_cell(dict(described.options)["variant"])
    if described.kind == "rnn":
        return from_params(key, {"W_h": SLIDE_LSTM_PARAMS["W_c"], "b_h": SLIDE_LSTM_PARAMS["b_c"]})
    weights = {**SLIDE_LSTM_PARAMS, **SLIDE_PEEPHOLES}
    return from_params(key, {name: weights[name] for name in described.layout})


# The walkthrough printed by `python -m tinyrnn` ------------------------------

_NOT_ON_SLIDES = "not on the slides: completed by tinyrnn with the same weights"


def _weights(params: dict[str, Any]) -> list[str]:
    lines = []
    names = list(params)
    for W, b in zip(names[::2], names[1::2], strict=True):
        rows = ", ".join(format_vector(row, 1) for row in params[W])
        lines.append(
            f"  {'W_C' if W == 'W_c' else W} = [{rows}]   {'b_C' if b == 'b_c' else b} = {format_vector(params[b], 1)}"
        )
    return lines


def _check_against_slides(step: LSTMStep | GRUStep, kind: str) -> list[str]:
    lines = []
    for name, printed in SLIDE_NUMBERS[kind].items():
        ours = tuple(round(v, 2) for v in getattr(step, name))
        verdict = "reproduced" if ours == printed else "DIFFERS"
        shown = format_vector(getattr(step, name), 2)
        lines.append(f"  slide: {name} = {format_vector(printed, 2)}   tinyrnn: {shown}   {verdict}")
    return lines


def _rounding_note() -> list[str]:
    exact, by_hand = slide_lstm(), slide_lstm(round_to=2)
    f, c_prev, i, g = by_hand.f[2], by_hand.c_prev[2], by_hand.i[2], by_hand.c_tilde[2]
    hand_value = f * c_prev + i * g
    by_hand_terms = f"{format_number(f, 2)}·{format_number(c_prev, 1)} + {format_number(i, 2)}·{format_number(g, 2)}"
    exact_terms = f"{exact.f[2]:.6f}·{format_number(c_prev, 1)} + {exact.i[2]:.6f}·{exact.c_tilde[2]:.6f}"
    return [
        "Rounding: why C_t[2] is 0.55 on the slide, and 0.56 by hand",
        f"  From the rounded gates: {by_hand_terms} = {hand_value:.4f} → {format_number(hand_value, 2)}",
        f"  From full precision:    {exact_terms} = {exact.c[2]:.6f} → {format_number(exact.c[2], 2)}",
        "  Both are right: rounding early drops digits that the slide kept. tinyrnn keeps full precision,",
        "  as the slide does; cell.step(..., round_to=2) replays the calculation by hand (every value rounded).",
    ]


def walkthrough() -> str:
    """Both slide examples, step by step, in plain text: what ``python -m tinyrnn`` prints.

    >>> text = walkthrough()
    >>> text.splitlines()[0], text.count("reproduced")
    ('tinyrnn: the slide examples, step by step', 5)
    """
    lstm_cell, lstm = slide_lstm_cell(), slide_lstm()
    gru_cell, gru = slide_gru_cell(), slide_gru()
    lines = [
        "tinyrnn: the slide examples, step by step",
        "=" * 41,
        "",
        "LSTM Calculation (3D Vector Example)",
        "-" * 36,
        "Weights (not on the slides; multiples of 0.1 found by scripts/find_slide_weights.py):",
    ]
    lines += _weights(SLIDE_LSTM_PARAMS)
    lines += ["", lstm.render("text", 2, notes={4: _NOT_ON_SLIDES}), "", "Pre-activations term by term (component 0):"]
    lines += [f"  {explain_preactivation(lstm_cell, lstm, gate, 0)}" for gate in ("f", "i", "c_tilde", "o")]
    lines += ["", "Checked against the slide:", *_check_against_slides(lstm, "lstm"), "", *_rounding_note(), ""]
    lines += [
        "GRU Calculation (3D Vector Example)",
        "-" * 35,
        "Weights (not on the slides; multiples of 0.1 found by scripts/find_slide_weights.py):",
    ]
    lines += _weights(SLIDE_GRU_PARAMS)
    lines += [
        "",
        gru.render("text", 2, notes={3: _NOT_ON_SLIDES, 4: _NOT_ON_SLIDES}),
        "",
        "Pre-activations term by term (component 0):",
    ]
    lines += [f"  {explain_preactivation(gru_cell, gru, gate, 0)}" for gate in ("r", "z", "h_tilde")]
    lines += ["", "Checked against the slide:", *_check_against_slides(gru, "gru"), ""]
    lines += ["The GRU in other conventions: the same weights converted (see examples.slide_gru_cell).", ""]
    lines += ["  cho2014 and pytorch weigh h_{t-1} with z_t, where colah uses 1 - z_t; σ(-a) = 1 - σ(a), so they get"]
    lines += ["  W_z and b_z negated, and the same share of the old state is kept:"]
    converted = {"W_z": _negated(SLIDE_GRU_PARAMS["W_z"]), "b_z": _negated(SLIDE_GRU_PARAMS["b_z"])}
    lines += [f"    W_z[{k}] = {format_vector(row, 2)}" for k, row in enumerate(converted["W_z"])]
    lines += [f"    b_z    = {format_vector(converted['b_z'], 2)}"]
    lines += ["  pytorch also splits each matrix into its h and x columns, the biases in b_i* (b_h* = 0), and resets"]
    lines += ["  after the product, so its h̃ differs.", ""]
    for variant in ("colah", "cho2014", "pytorch"):
        step = slide_gru(variant)
        r, h_tilde, h = (format_vector(v, 2) for v in (step.r, step.h_tilde, step.h))
        lines.append(f"  {variant:8} r = {r}  h̃ = {h_tilde}  h = {h}")
    return "\n".join(lines)
