r"""The RNN Explainer's presets: weights and inputs that show something, as plain data for the page.

* ``slide``: the slides' 3 × 3 examples (:mod:`tinyrnn.examples`), one step.
* ``counting``: the cells trained to count (``aⁿbⁿ``) that the LSTM-vs-GRU
  study ships in :mod:`tinyrnn.pretrained`, on ``"aaaabbbb"``: the LSTM's
  counting component of ``C_t`` climbs on every ``a`` and comes down on every
  ``b`` (a staircase over time). Present only when the package ships them.
* ``memory``: the memory task of :func:`tinyrnn.tasks.memory_task` with two
  symbols (channels: ``A``, ``B``, *store*, *recall*) and weights set by hand
  so that each gate does one job, readable on the heatmap: the cell *stores*
  the symbol shown with the store flag, *keeps* it through the distractors,
  and *recalls* it at the end.

A preset is ``{"id", "title", "about", "cells": {key: params}, "sequence",
"alphabet", "h_prev", "c_prev"}``: ``alphabet`` maps a character of
``sequence`` to its input vector (one-hot, or a symbol with its flag).

>>> memory = memory_presets()
>>> memory["alphabet"]["A"], memory["alphabet"]["?"]
([1.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0])
>>> from tinyrnn import family
>>> cell = family.from_params("lstm", memory["cells"]["lstm"])
>>> xs = [memory["alphabet"][c] for c in memory["sequence"]]
>>> [round(step.c[0], 2) for step in cell.run(xs)][::3], round(cell.run(xs)[-1].h[0], 2)
([0.99, 0.98, 0.95], 0.73)
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

__all__ = ["COUNTING_WORD", "PRETRAINED", "counting_presets", "memory_presets", "presets", "slide_presets"]

#: The word the counting cells are shown on: four a's, then four b's.
COUNTING_WORD = "aaaabbbb"

#: The files of the trained counting cells in ``tinyrnn/pretrained/`` (shipped by the LSTM-vs-GRU study).
PRETRAINED = ("counting_lstm.json", "counting_gru.json")


def slide_presets() -> dict[str, Any]:
    """The slide examples: x_t, h_{t-1}, C_{t-1} and the weights of every cell that has them."""
    from tinyrnn import examples
    from tinyrnn.specs.gru import VARIANTS

    return {
        "id": "slide",
        "title": "Slide example",
        "about": "The lecture's 3 × 3 example: the weights reproduce every number printed on the slides.",
        "cells": {
            "lstm": examples.slide_lstm_cell().params,
            **{f"gru-{variant}": examples.slide_gru_cell(variant).params for variant in VARIANTS},
        },
        "sequence": None,
        "alphabet": None,
        "xs": [list(examples.X)],
        "h_prev": list(examples.H_PREV),
        "c_prev": list(examples.C_PREV),
    }


def _key(data: dict[str, Any]) -> str:
    """The description key of a shipped cell: ``lstm``, or ``gru-<variant>``."""
    if isinstance(data.get("key"), str):
        return str(data["key"])
    return "lstm" if data["cell"] == "lstm" else f"gru-{data['variant']}"


def counting_presets(folder: Any = None) -> dict[str, Any] | None:
    """The trained counting cells (``None`` when this tinyrnn ships none), shown on :data:`COUNTING_WORD`."""
    if folder is None:
        folder = resources.files("tinyrnn") / "pretrained"
    cells: dict[str, Any] = {}
    notes: dict[str, Any] = {}
    alphabet: list[str] | None = None
    for name in PRETRAINED:
        path = folder / name
        if not path.is_file():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        cells[_key(data)] = data["params"]
        notes[_key(data)] = {"readout": data.get("readout"), "outputs": data.get("outputs"), "how": data.get("how")}
        alphabet = data["alphabet"]
    if not cells or alphabet is None:
        return None
    size = len(alphabet)
    return {
        "id": "counting",
        "title": "Counting aⁿbⁿ (trained)",
        "about": (
            "Cells trained on aⁿbⁿ (n ≤ 10) by the LSTM-vs-GRU study (tinyrnn.pretrained), shown on "
            f"“{COUNTING_WORD}”. Watch C_t over time: one component climbs on every a and comes down on every b, "
            "a staircase that counts. The GRU's h_t, a mix of numbers in −1…1, has no such counter."
        ),
        "cells": cells,
        "notes": notes,
        "sequence": COUNTING_WORD,
        "alphabet": {letter: [1.0 if j == k else 0.0 for j in range(size)] for k, letter in enumerate(alphabet)},
        "xs": None,
        "h_prev": None,
        "c_prev": None,
    }


# Memory task, by hand. Inputs: [A, B, store, recall]; the columns of an "hx" weight are [h_{t-1}..., x_t...].
_STRONG, _HALF = 10.0, 5.0  # σ(±5) = 0.993 / 0.007: a gate that is open or shut


def memory_presets() -> dict[str, Any]:
    """The memory task with two symbols, one hidden unit, weights set by hand (see the module docstring).

    LSTM: the input gate opens and the forget gate shuts on *store* (write the
    symbol, ``C̃ = tanh(±3)``), both stay the other way round otherwise (keep
    ``C``), and the output gate opens on *recall* only (``h_t`` shows the
    stored sign). GRU: the update gate opens on *store* only, so ``h`` takes
    the symbol and then keeps it; the reset gate plays no part (its weights are zero).
    """
    lstm = {
        "W_f": [[0.0, 0.0, 0.0, -_STRONG, 0.0]],
        "b_f": [_HALF],
        "W_i": [[0.0, 0.0, 0.0, _STRONG, 0.0]],
        "b_i": [-_HALF],
        "W_c": [[0.0, 3.0, -3.0, 0.0, 0.0]],
        "b_c": [0.0],
        "W_o": [[0.0, 0.0, 0.0, 0.0, _STRONG]],
        "b_o": [-_HALF],
    }
    zero = [[0.0] * 5]

    def gru(sign: float) -> dict[str, Any]:  # colah: z weighs the candidate; cho2014: z weighs the old state
        return {
            "W_z": [[0.0, 0.0, 0.0, sign * _STRONG, 0.0]],
            "b_z": [-sign * _HALF],
            "W_r": zero,
            "b_r": [0.0],
            "W_h": [[0.0, 3.0, -3.0, 0.0, 0.0]],
            "b_h": [0.0],
        }

    pytorch = {
        "W_ir": [[0.0] * 4],
        "W_iz": [[0.0, 0.0, -_STRONG, 0.0]],
        "W_in": [[3.0, -3.0, 0.0, 0.0]],
        "W_hr": [[0.0]],
        "W_hz": [[0.0]],
        "W_hn": [[0.0]],
        "b_ir": [0.0],
        "b_iz": [_HALF],
        "b_in": [0.0],
        "b_hr": [0.0],
        "b_hz": [0.0],
        "b_hn": [0.0],
    }
    return {
        "id": "memory",
        "title": "Memory task (set by hand)",
        "about": (
            "Remember the symbol shown with the store flag (A or B, capital) through distractors (a, b), then "
            "recall it (?). Weights set by hand so that each gate does one job: write on store, keep otherwise, "
            "show on recall. The sign of C_t (LSTM) or h_t (GRU) holds the symbol: + for A, − for B."
        ),
        "cells": {"lstm": lstm, "gru-colah": gru(1.0), "gru-cho2014": gru(-1.0), "gru-pytorch": pytorch},
        "sequence": "Abaabab?",
        "alphabet": {
            "A": [1.0, 0.0, 1.0, 0.0],
            "B": [0.0, 1.0, 1.0, 0.0],
            "a": [1.0, 0.0, 0.0, 0.0],
            "b": [0.0, 1.0, 0.0, 0.0],
            "?": [0.0, 0.0, 0.0, 1.0],
        },
        "xs": None,
        "h_prev": None,
        "c_prev": None,
    }


def presets(folder: Any = None) -> list[dict[str, Any]]:
    """Every preset of the page, in the order of its menu (the counting cells only when shipped)."""
    found = [slide_presets(), counting_presets(folder), memory_presets()]
    return [preset for preset in found if preset is not None]
