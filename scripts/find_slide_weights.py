"""Find weights that reproduce every number printed on the slides.

The slides give the inputs and the rounded results of the LSTM and GRU
examples, but not the weights. This script searches for weights that are
multiples of 0.1 in [-1, 1] -- so a student can recompute each
pre-activation by hand -- such that every printed number is reproduced when
tinyrnn's full-precision result is rounded to two decimals.

How: with the inputs in tenths, a row of weights in tenths gives a
pre-activation in hundredths, exactly, in integer arithmetic. For each gate
component we list the pre-activations (in hundredths) whose σ or tanh rounds
to the slide's number, pick the combination of forget/input/candidate values
that also gives the slide's C_t, and then draw weight rows from a seeded
generator until one hits the chosen pre-activation exactly. The gates the
slides leave out (o_t; GRU z_t and h̃_t) get seeded rows from the same grid.
Finally the weights are checked with tinyrnn itself.

Run ``python scripts/find_slide_weights.py`` to print the weights that
``tinyrnn.examples`` ships; ``tests/test_examples.py`` runs :func:`search`
and checks that it returns exactly those weights.
"""

from __future__ import annotations

import itertools
import math
import pprint
import random

X = (0.5, -0.3, 0.8)
H_PREV = (0.2, 0.4, -0.1)
C_PREV = (0.6, -0.2, 0.3)
SLIDE_LSTM = {
    "f": (0.65, 0.42, 0.78),
    "i": (0.53, 0.71, 0.48),
    "c_tilde": (0.32, -0.54, 0.67),
    "c": (0.56, -0.47, 0.55),
}
SLIDE_GRU = {"r": (0.58, 0.73, 0.45)}

SEED = 2024
WEIGHTS = range(-5, 6)  # tenths: the rows are drawn from {-0.5, ..., 0.5}, friendly for hand computation


def _tenths(values: tuple[float, ...]) -> tuple[int, ...]:
    return tuple(round(v * 10) for v in values)


HX_TENTHS = _tenths(H_PREV + X)  # [h_{t-1}, x_t] in tenths


def sigmoid(a: float) -> float:
    return 1.0 / (1.0 + math.exp(-a))


def candidates(function: object, target: float) -> list[int]:
    """Pre-activations in hundredths whose function value rounds to ``target``."""
    return [a for a in range(-400, 401) if round(function(a / 100), 2) == target]  # type: ignore[operator]


def draw_row(rng: random.Random, target: int | None) -> tuple[list[float], float]:
    """A weight row and a bias (multiples of 0.1) whose pre-activation is ``target`` hundredths."""
    while True:
        weights = [rng.choice(WEIGHTS) for _ in HX_TENTHS]
        bias = rng.choice(WEIGHTS)
        hundredths = sum(w * v for w, v in zip(weights, HX_TENTHS, strict=True)) + 10 * bias
        if target is None or hundredths == target:
            return [w / 10 for w in weights], bias / 10


def _fill(rng: random.Random, name: str, targets: list[int | None], params: dict[str, list]) -> None:
    rows = [draw_row(rng, target) for target in targets]
    params["W_" + name] = [row for row, _ in rows]
    params["b_" + name] = [bias for _, bias in rows]


def lstm_pre_activations() -> dict[str, list[int]]:
    """Per component, the (f, i, C̃) pre-activations (hundredths) that also reproduce C_t."""
    chosen: dict[str, list[int]] = {"f": [], "i": [], "c": []}
    for k in range(3):
        options = itertools.product(
            candidates(sigmoid, SLIDE_LSTM["f"][k]),
            candidates(sigmoid, SLIDE_LSTM["i"][k]),
            candidates(math.tanh, SLIDE_LSTM["c_tilde"][k]),
        )
        for a_f, a_i, a_c in options:
            c = sigmoid(a_f / 100) * C_PREV[k] + sigmoid(a_i / 100) * math.tanh(a_c / 100)
            if round(c, 2) == SLIDE_LSTM["c"][k]:
                break
        else:  # pragma: no cover - the search always succeeds for the slide numbers
            raise RuntimeError(f"no pre-activations reproduce C_t[{k}]")
        for name, a in zip("fic", (a_f, a_i, a_c), strict=True):
            chosen[name].append(a)
    return chosen


def search() -> tuple[dict[str, list], dict[str, list]]:
    """Return ``(lstm_params, gru_params)`` in tinyrnn's ``cell.params`` format."""
    rng = random.Random(SEED)
    lstm: dict[str, list] = {}
    chosen = lstm_pre_activations()
    _fill(rng, "f", chosen["f"], lstm)
    _fill(rng, "i", chosen["i"], lstm)
    _fill(rng, "c", chosen["c"], lstm)
    _fill(rng, "o", [None, None, None], lstm)  # step 4: not on the slides, any grid row will do

    gru: dict[str, list] = {}
    _fill(rng, "z", [None, None, None], gru)  # the slides print no z_t
    _fill(rng, "r", [candidates(sigmoid, r)[0] for r in SLIDE_GRU["r"]], gru)
    _fill(rng, "h", [None, None, None], gru)
    return lstm, {k: gru[k] for k in ("W_z", "b_z", "W_r", "b_r", "W_h", "b_h")}


def verify(lstm: dict[str, list], gru: dict[str, list]) -> None:
    """Check with tinyrnn itself that every printed slide number is reproduced."""
    import tinyrnn

    step = tinyrnn.LSTMCell.from_params(lstm).step(X, H_PREV, C_PREV)
    for name, expected in SLIDE_LSTM.items():
        got = tuple(round(v, 2) for v in getattr(step, name))
        assert got == expected, (name, got, expected)
    gru_step = tinyrnn.GRUCell.from_params(gru).step(X, H_PREV)
    assert tuple(round(v, 2) for v in gru_step.r) == SLIDE_GRU["r"]
    for params in (lstm, gru):
        for value in params.values():
            for v in itertools.chain.from_iterable(value) if isinstance(value[0], list) else value:
                assert -1 <= v <= 1, v
                assert v == round(v * 10) / 10, v


if __name__ == "__main__":
    lstm_params, gru_params = search()
    verify(lstm_params, gru_params)
    print("SLIDE_LSTM_PARAMS = ", end="")
    pprint.pprint(lstm_params, sort_dicts=False, width=100)
    print("SLIDE_GRU_PARAMS = ", end="")
    pprint.pprint(gru_params, sort_dicts=False, width=100)
