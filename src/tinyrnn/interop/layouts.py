"""Every framework's weight layout by name: PyTorch, Keras and ONNX weights as plain nested lists.

A student who has only the printed numbers of another framework can load
them, and print a tinyrnn cell's numbers the way another framework stores
them, with no framework installed::

    LSTMCell.from_layout({"weight_ih": ..., "weight_hh": ..., "bias_ih": ..., "bias_hh": ...}, "pytorch")
    cell.to_layout("onnx")            # {"W": ..., "R": ..., "B": ...}

Every framework stacks a cell's gates (G = 4 for the LSTM, 3 for the GRU, H
rows each) into one matrix for the input and one for the hidden state, in
its own gate order, and multiplies from its own side::

    layout     tensors and shapes                                LSTM gates   GRU gates
    pytorch    weight_ih  G·H × I    (W x)                       i, f, g, o   r, z, n
               weight_hh  G·H × H    (W h)
               bias_ih, bias_hh  G·H  (both added)
    keras      kernel            I × G·H   (x W: transposed)     i, f, c, o   z, r, h
               recurrent_kernel  H × G·H
               bias  G·H; a GRU with reset_after=True: 2 × G·H (input biases, recurrent biases)
    onnx       W  1 × G·H × I    (the first axis is num_directions = 1)
               R  1 × G·H × H                                    i, o, f, c   z, r, h
               B  1 × 2·G·H      (W's biases, then R's); an LSTM may also have P (peepholes: zeros only)

The letters are each framework's own names of tinyrnn's gates: ``g`` is
PyTorch's name of the LSTM candidate C̃ (tinyrnn's ``c``), ``n`` its name of
the GRU candidate h̃. tinyrnn's LSTM keeps one matrix per gate acting on
``[h_{t-1}, x_t]``, so ``W_f`` is PyTorch's block of ``weight_hh`` followed by
its block of ``weight_ih`` (hidden columns first), and ``b_f`` is the sum of
the two biases. A GRU's weights in Keras's and ONNX's layouts carry the
option that decides how it resets, under the framework's own name:
``reset_after`` (Keras: ``True`` computes variant ``"pytorch"``, ``False``
variant ``"cho2014"``) and ``linear_before_reset`` (ONNX: ``1`` is
``"pytorch"``, ``0`` is ``"cho2014"``). PyTorch's GRU is variant ``"pytorch"``.

Nothing is ever transposed, reordered or cut silently: a tensor of the wrong
shape (a transposed one is named as such), the weights of the other cell
kind, a missing or unknown name (the closest one suggested, another layout's
names recognised) and an unknown layout name each raise an error that names
the argument and the fix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from tinyrnn.checks import empty, is_real, received, sequence_items
from tinyrnn.vector import Matrix, Vector, as_matrix, as_vector

__all__ = [
    "FRAMEWORK_LAYOUTS",
    "GATE_ORDERS",
    "gru_params_from_layout",
    "gru_to_layout",
    "lstm_params_from_layout",
    "lstm_to_layout",
    "rnn_params_from_layout",
    "rnn_to_layout",
]

#: The layouts ``from_layout``/``to_layout`` read and write, by framework.
FRAMEWORK_LAYOUTS: tuple[str, ...] = ("pytorch", "keras", "onnx")

#: Each framework's gate order, in its own names: ``GATE_ORDERS["lstm"]["onnx"]`` is ``("i", "o", "f", "c")``.
GATE_ORDERS: dict[str, dict[str, tuple[str, ...]]] = {
    "lstm": {"pytorch": ("i", "f", "g", "o"), "keras": ("i", "f", "c", "o"), "onnx": ("i", "o", "f", "c")},
    "gru": {"pytorch": ("r", "z", "n"), "keras": ("z", "r", "h"), "onnx": ("z", "r", "h")},
    "rnn": {"pytorch": ("h",), "keras": ("h",), "onnx": ("h",)},
}

_OURS = {"g": "c", "n": "h"}  # PyTorch's names of the candidates -> tinyrnn's gate letters
_FRAMEWORK = {"pytorch": "PyTorch", "keras": "Keras", "onnx": "ONNX"}
_TENSORS = {  # input weights, recurrent weights, then the biases
    "pytorch": ("weight_ih", "weight_hh", "bias_ih", "bias_hh"),
    "keras": ("kernel", "recurrent_kernel", "bias"),
    "onnx": ("W", "R", "B"),
}
_OPTION = {"keras": "reset_after", "onnx": "linear_before_reset"}  # a GRU's: how it resets
_ALIASES = {"torch": "pytorch", "tensorflow": "keras", "tf": "keras", "tf.keras": "keras", "onnxruntime": "onnx"}
_KIND = {"lstm": "an LSTM", "gru": "a GRU", "rnn": "an RNN"}
_CELL = {"lstm": "LSTMCell", "gru": "GRUCell", "rnn": "RNNCell"}
_PEEPHOLES = ("i", "o", "f")  # the order of ONNX's P


class _Blocks(NamedTuple):
    """A cell's numbers cut by gate (tinyrnn's letters), each block with H rows as tinyrnn writes them."""

    W_x: dict[str, Sequence[Sequence[float]]]  # H × I, acting on x_t
    W_h: dict[str, Sequence[Sequence[float]]]  # H × H, acting on h_{t-1}
    b_x: dict[str, Sequence[float]]  # H, added to the input part
    b_h: dict[str, Sequence[float]]  # H, added to the recurrent part (inside the reset for a reset-after GRU)


# From a framework's layout to tinyrnn's parameters ---------------------------------------------------


def lstm_params_from_layout(weights: Mapping[str, Any], layout: str) -> dict[str, Any]:
    """``cell.params`` of an LSTM whose weights are given in a framework's layout (see the module docstring).

    ``W_f = [W_hf | W_if]`` (hidden columns first) and ``b_f = b_if + b_hf``
    for each gate, after the blocks are cut in the framework's gate order.
    The biases may be left out (PyTorch's ``bias=False``, Keras's
    ``use_bias=False``, ONNX's optional ``B``): they are zeros then.

    Raises:
        TypeError: ``layout`` is not a string, ``weights`` is not a mapping, a key is not a string, or an entry
            is not a nested sequence of real numbers.
        ValueError: ``layout`` is unknown (the closest name is suggested), a key is missing or unknown, or an
            entry has the wrong shape (a transposed matrix and a GRU's weights are named as such).

    >>> weights = {"weight_ih": [[1.0], [2.0], [3.0], [4.0]], "weight_hh": [[0.5], [0.6], [0.7], [0.8]],
    ...            "bias_ih": [0.1, 0.2, 0.3, 0.4], "bias_hh": [0.0, 0.0, 0.0, 1.0]}   # H = 1, I = 1
    >>> params = lstm_params_from_layout(weights, "pytorch")   # PyTorch's gates: i, f, g, o
    >>> params["W_f"], params["b_f"], params["W_o"], params["b_o"]   # W_f = [W_hf | W_if]
    ([[0.6, 2.0]], [0.2], [[0.8, 4.0]], [1.4])
    """
    layout = _check_layout(layout)
    blocks, _ = _read(weights, "lstm", layout)
    params: dict[str, Any] = {}
    for gate in ("f", "i", "c", "o"):
        params[f"W_{gate}"] = [
            [*h_row, *x_row] for h_row, x_row in zip(blocks.W_h[gate], blocks.W_x[gate], strict=True)
        ]
        params[f"b_{gate}"] = [x + h for x, h in zip(blocks.b_x[gate], blocks.b_h[gate], strict=True)]
    if layout == "onnx" and "P" in weights:  # peepholes, i, o, f: an LSTMCell(peepholes=True) if any is nonzero
        H = len(params["b_f"])
        P = as_vector(
            _one_direction(weights["P"], "P", "1 × 3·hidden_size", depth=2), "weights['P'][0]", 3 * H, "3·hidden_size"
        )
        if any(P):
            for position, gate in enumerate(_PEEPHOLES):
                params[f"p_{gate}"] = list(P[position * H : (position + 1) * H])
    return params


def gru_params_from_layout(weights: Mapping[str, Any], layout: str) -> tuple[dict[str, Any], str]:
    """``(cell.params, variant)`` of a GRU whose weights are given in a framework's layout.

    PyTorch's layout, Keras's with ``reset_after=True`` and ONNX's with
    ``linear_before_reset=1`` give variant ``"pytorch"`` (the twelve tensors,
    both biases kept: ``b_hn`` sits inside the reset); Keras's with
    ``reset_after=False`` and ONNX's with ``linear_before_reset=0`` give
    variant ``"cho2014"`` (``W_z = [W_hz | W_iz]``, one bias per gate: ONNX's
    two are added). Keras's and ONNX's weights must say which, under the
    framework's own name.

    Raises:
        TypeError: as :func:`lstm_params_from_layout`.
        ValueError: as :func:`lstm_params_from_layout`; also a missing or invalid ``reset_after`` or
            ``linear_before_reset``, or a Keras bias whose shape contradicts ``reset_after``.

    >>> weights = {"kernel": [[1.0, 2.0, 3.0]], "recurrent_kernel": [[0.5, 0.6, 0.7]],
    ...            "bias": [[0.1, 0.2, 0.3], [0.0, 0.0, 0.4]], "reset_after": True}   # Keras: z, r, h
    >>> params, variant = gru_params_from_layout(weights, "keras")
    >>> variant, params["W_iz"], params["W_hr"], params["b_in"], params["b_hn"]
    ('pytorch', [[1.0]], [[0.6]], [0.3], [0.4])
    """
    layout = _check_layout(layout)
    blocks, reset_after = _read(weights, "gru", layout)
    params: dict[str, Any] = {}
    if reset_after:  # PyTorch's equations: the twelve tensors as they are
        for gate in ("r", "z", "h"):
            name = "n" if gate == "h" else gate
            params[f"W_i{name}"] = [list(row) for row in blocks.W_x[gate]]
            params[f"W_h{name}"] = [list(row) for row in blocks.W_h[gate]]
        for gate in ("r", "z", "h"):
            name = "n" if gate == "h" else gate
            params[f"b_i{name}"] = list(blocks.b_x[gate])
            params[f"b_h{name}"] = list(blocks.b_h[gate])
        return params, "pytorch"
    for gate in ("z", "r", "h"):
        params[f"W_{gate}"] = [
            [*h_row, *x_row] for h_row, x_row in zip(blocks.W_h[gate], blocks.W_x[gate], strict=True)
        ]
        params[f"b_{gate}"] = [x + h for x, h in zip(blocks.b_x[gate], blocks.b_h[gate], strict=True)]
    return params, "cho2014"


# From tinyrnn's parameters to a framework's layout ---------------------------------------------------


def lstm_to_layout(cell: Any, layout: str) -> dict[str, Any]:
    """An LSTM cell's weights in a framework's layout, as plain nested lists (the recurrent biases are zero).

    ``LSTMCell.from_layout(lstm_to_layout(cell, layout), layout) == cell`` for every layout.

    >>> from tinyrnn import LSTMCell
    >>> weights = lstm_to_layout(LSTMCell(input_size=3, hidden_size=2, seed=0), "onnx")
    >>> list(weights), len(weights["W"]), len(weights["W"][0]), len(weights["W"][0][0])   # 1 × 4H × I
    (['W', 'R', 'B'], 1, 8, 3)
    """
    layout = _check_layout(layout)
    params, H = cell.params, cell.hidden_size
    blocks = _Blocks({}, {}, {}, {})
    for gate in ("f", "i", "c", "o"):
        blocks.W_h[gate] = [row[:H] for row in params[f"W_{gate}"]]
        blocks.W_x[gate] = [row[H:] for row in params[f"W_{gate}"]]
        blocks.b_x[gate] = params[f"b_{gate}"]
        blocks.b_h[gate] = [0.0] * H
    weights = _write(blocks, "lstm", layout, reset_after=False)
    if "p_f" in params:  # only ONNX has peepholes (LSTMCell.to_layout refuses the others)
        weights["P"] = [[p for gate in _PEEPHOLES for p in params[f"p_{gate}"]]]
    return weights


def gru_to_layout(cell: Any, layout: str) -> dict[str, Any]:
    """A GRU cell's weights in a framework's layout, as plain nested lists, with the option that says how it resets.

    Variant ``"pytorch"`` goes to every layout (Keras ``reset_after=True``,
    ONNX ``linear_before_reset=1``); ``"cho2014"`` and ``"colah"`` reset
    before the product, which only Keras (``reset_after=False``) and ONNX
    (``linear_before_reset=0``) can express: ``"colah"`` is written as the
    ``"cho2014"`` cell computing the same function, ``W_z`` and ``b_z``
    negated (σ(−a) = 1 − σ(a)), and loads back as that ``"cho2014"`` cell.

    Raises:
        ValueError: ``layout`` is unknown, or is ``"pytorch"`` for a ``"colah"`` or ``"cho2014"`` cell.

    >>> from tinyrnn import GRUCell
    >>> weights = gru_to_layout(GRUCell(input_size=1, hidden_size=2, variant="cho2014", seed=0), "keras")
    >>> sorted(weights), weights["reset_after"], len(weights["kernel"]), len(weights["kernel"][0])   # I × 3H
    (['bias', 'kernel', 'recurrent_kernel', 'reset_after'], False, 1, 6)
    """
    layout = _check_layout(layout)
    params, H, variant = cell.params, cell.hidden_size, cell.variant
    blocks = _Blocks({}, {}, {}, {})
    if variant == "pytorch":
        for gate in ("r", "z", "h"):
            name = "n" if gate == "h" else gate
            blocks.W_x[gate], blocks.W_h[gate] = params[f"W_i{name}"], params[f"W_h{name}"]
            blocks.b_x[gate], blocks.b_h[gate] = params[f"b_i{name}"], params[f"b_h{name}"]
        return _write(blocks, "gru", layout, reset_after=True)
    if layout == "pytorch":
        raise ValueError(
            f"a GRUCell of variant {variant!r} has no PyTorch layout: PyTorch resets after the matrix product, "
            "r ⊙ (W_hn h + b_hn), while this variant resets before it, W_h · [r ⊙ h, x]: the two agree only when "
            "W_h's hidden block is diagonal and b_hn = 0, not for general weights. Use layout='keras' or 'onnx' "
            "(their reset-before option), "
            "or build the cell with variant='pytorch'."
        )
    sign = -1.0 if variant == "colah" else 1.0  # colah weighs h̃ with z: the cho2014 cell has −W_z, −b_z
    for gate in ("z", "r", "h"):
        flip = sign if gate == "z" else 1.0
        blocks.W_h[gate] = [[flip * w for w in row[:H]] for row in params[f"W_{gate}"]]
        blocks.W_x[gate] = [[flip * w for w in row[H:]] for row in params[f"W_{gate}"]]
        blocks.b_x[gate] = [flip * b for b in params[f"b_{gate}"]]
        blocks.b_h[gate] = [0.0] * H
    return _write(blocks, "gru", layout, reset_after=False)


def rnn_params_from_layout(weights: Mapping[str, Any], layout: str) -> dict[str, Any]:
    """``cell.params`` of a plain RNN whose weights are in a framework's layout: ``W_h = [W_hh | W_ih]``, biases summed.

    PyTorch's ``nn.RNNCell`` (``weight_ih`` H × I, ``weight_hh`` H × H, ``bias_ih``, ``bias_hh``), Keras's
    ``SimpleRNN`` (``kernel`` I × H, ``recurrent_kernel`` H × H, ``bias`` H) and ONNX's ``RNN`` node (``W``
    1 × H × I, ``R`` 1 × H × H, ``B`` 1 × 2H). The nonlinearity is not in the weights: say it to
    :meth:`tinyrnn.RNNCell.from_layout`.

    >>> weights = {"kernel": [[1.0, 2.0]], "recurrent_kernel": [[0.5, 0.6], [0.7, 0.8]], "bias": [0.1, 0.2]}
    >>> rnn_params_from_layout(weights, "keras")        # Keras multiplies x W: W_h = [Uᵀ | Kᵀ]
    {'W_h': [[0.5, 0.7, 1.0], [0.6, 0.8, 2.0]], 'b_h': [0.1, 0.2]}
    """
    layout = _check_layout(layout)
    blocks, _ = _read(weights, "rnn", layout)
    return {
        "W_h": [[*h_row, *x_row] for h_row, x_row in zip(blocks.W_h["h"], blocks.W_x["h"], strict=True)],
        "b_h": [x + h for x, h in zip(blocks.b_x["h"], blocks.b_h["h"], strict=True)],
    }


def rnn_to_layout(cell: Any, layout: str) -> dict[str, Any]:
    """A plain RNN cell's weights in a framework's layout (the recurrent bias is zero).

    >>> from tinyrnn import RNNCell
    >>> weights = rnn_to_layout(RNNCell(input_size=3, hidden_size=2, seed=0), "pytorch")
    >>> list(weights), len(weights["weight_ih"]), len(weights["weight_ih"][0])   # H × I
    (['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'], 2, 3)
    """
    layout = _check_layout(layout)
    params, H = cell.params, cell.hidden_size
    blocks = _Blocks(
        {"h": [row[H:] for row in params["W_h"]]},
        {"h": [row[:H] for row in params["W_h"]]},
        {"h": params["b_h"]},
        {"h": [0.0] * H},
    )
    return _write(blocks, "rnn", layout, reset_after=False)


def _write(blocks: _Blocks, kind: str, layout: str, reset_after: bool) -> dict[str, Any]:
    gates = [_OURS.get(name, name) for name in GATE_ORDERS[kind][layout]]

    def stacked(part: dict[str, Any]) -> list[list[float]]:  # the gates' blocks one below the other
        return [list(row) for gate in gates for row in part[gate]]

    def joined(part: dict[str, Any]) -> list[float]:  # the gates' biases one after the other
        return [float(b) for gate in gates for b in part[gate]]

    W_x, W_h, b_x, b_h = stacked(blocks.W_x), stacked(blocks.W_h), joined(blocks.b_x), joined(blocks.b_h)
    if layout == "pytorch":
        return {"weight_ih": W_x, "weight_hh": W_h, "bias_ih": b_x, "bias_hh": b_h}
    if layout == "keras":
        weights: dict[str, Any] = {"kernel": _transpose(W_x), "recurrent_kernel": _transpose(W_h)}
        weights["bias"] = [b_x, b_h] if reset_after else [x + h for x, h in zip(b_x, b_h, strict=True)]
        if kind == "gru":
            weights["reset_after"] = reset_after
        return weights
    weights = {"W": [W_x], "R": [W_h], "B": [b_x + b_h]}  # onnx: one direction, then W's biases and R's
    if kind == "gru":
        weights["linear_before_reset"] = int(reset_after)
    return weights


def _transpose(rows: list[list[float]]) -> list[list[float]]:
    return [list(column) for column in zip(*rows, strict=True)]


# Reading and checking a framework's tensors --------------------------------------------------------------


def _check_layout(layout: object) -> str:
    names = ", ".join(map(repr, FRAMEWORK_LAYOUTS))
    if not isinstance(layout, str):
        raise TypeError(f"layout must be one of {names}, got {received(layout)}")
    if layout not in FRAMEWORK_LAYOUTS:
        import difflib  # only on the error path

        close = difflib.get_close_matches(layout.lower(), FRAMEWORK_LAYOUTS, n=1)
        guess = _ALIASES.get(layout.lower()) or (close[0] if close else None)
        suggestion = f" (did you mean {guess!r}?)" if guess else ""
        raise ValueError(f"layout must be one of {names}, got {layout!r}{suggestion}")
    return layout


def _read(weights: object, kind: str, layout: str) -> tuple[_Blocks, bool]:
    """The blocks of ``weights`` in ``layout`` and, for a GRU, whether it resets after the product."""
    weights = _check_keys(weights, kind, layout)
    reset_after = _reset_after(weights, layout) if kind == "gru" else False
    x_name, h_name = _TENSORS[layout][:2]
    # Both matrices as stacked gate rows, G·H × n, as PyTorch writes them: the recurrent one gives H.
    W_h = _stacked(weights, h_name, layout, _gates(kind, layout))
    H = len(W_h[0])
    _check_rows(W_h, h_name, kind, layout, H, transposed=_gates(kind, layout) * len(W_h) == H)
    W_x = _stacked(weights, x_name, layout, _gates(kind, layout))
    _check_rows(W_x, x_name, kind, layout, H, transposed=len(W_x[0]) == _gates(kind, layout) * H)
    b_x, b_h = _biases(weights, kind, layout, H, reset_after)
    blocks = _Blocks({}, {}, {}, {})
    for position, name in enumerate(GATE_ORDERS[kind][layout]):
        gate, rows = _OURS.get(name, name), slice(position * H, (position + 1) * H)
        blocks.W_x[gate], blocks.W_h[gate] = W_x[rows], W_h[rows]
        blocks.b_x[gate], blocks.b_h[gate] = b_x[rows], b_h[rows]
    return blocks, reset_after


def _gates(kind: str, layout: str) -> int:
    return len(GATE_ORDERS[kind][layout])


def _names(kind: str, layout: str) -> list[str]:
    """The keys of a layout: its tensors, then (a GRU in Keras or ONNX) the option that says how it resets."""
    names = list(_TENSORS[layout])
    if kind == "gru" and layout in _OPTION:
        names.append(_OPTION[layout])
    return names


def _check_keys(weights: object, kind: str, layout: str) -> Mapping[str, Any]:
    expected = _names(kind, layout)
    has = f"{_FRAMEWORK[layout]}'s layout of {_KIND[kind]} has {', '.join(expected)}"
    if not isinstance(weights, Mapping):
        raise TypeError(f"weights must be a mapping of names to nested lists ({has}), got {received(weights)}")
    optional = {"pytorch": {"bias_ih", "bias_hh"}, "keras": {"bias"}, "onnx": {"B"}}[layout]  # no bias: zeros
    if kind == "lstm" and layout == "onnx":
        optional |= {"P"}  # peepholes: an LSTMCell(peepholes=True), or none if zeros
    for key in weights:
        if not isinstance(key, str):
            raise TypeError(f"weights keys must be strings such as {expected[0]!r}, got {received(key)}")
        if key not in expected and key not in optional:
            raise ValueError(f"weights has unknown key {key!r}{_key_hint(key, kind, layout, expected)}; {has}")
    for key in expected:
        if key not in weights and key not in optional:
            raise ValueError(f"weights is missing {key!r}; {has}{_option_words(key)}")
    if layout == "pytorch" and ("bias_ih" in weights) != ("bias_hh" in weights):
        given, missing = ("bias_ih", "bias_hh") if "bias_ih" in weights else ("bias_hh", "bias_ih")
        raise ValueError(
            f"weights has {given!r} but not {missing!r}: PyTorch's modules have both biases or neither "
            "(bias=False); give both, or leave both out for zeros"
        )
    return weights


def _key_hint(key: str, kind: str, layout: str, expected: list[str]) -> str:
    for other in FRAMEWORK_LAYOUTS:
        if other != layout and key in _names(kind, other):
            return f" (a name of {_FRAMEWORK[other]}'s layout: pass layout={other!r})"
    if key.endswith("_l0") and key[:-3] in expected:
        return f" (nn.{kind.upper()} names layer 0's {key[:-3]} {key}: drop the '_l0')"
    if key in _OPTION.values():
        return f" (the option of {_FRAMEWORK[layout]}'s GRU; {_KIND[kind]} has none)"
    if key.startswith(("W_", "b_")):
        return f" (tinyrnn's own parameter names: use {_CELL[kind]}.from_params)"
    import difflib  # only on the error path

    guess = difflib.get_close_matches(key, expected, n=1, cutoff=0.5)
    return f" (did you mean {guess[0]!r}?)" if guess else ""


def _option_words(key: str) -> str:
    if key == "reset_after":
        return (
            " (the Keras GRU's option: True, Keras's default, resets after the product, variant 'pytorch'; "
            "False before it, variant 'cho2014')"
        )
    if key == "linear_before_reset":
        return (
            " (the ONNX GRU node's attribute: 0, ONNX's default, resets before the product, variant 'cho2014'; "
            "1 after it, variant 'pytorch')"
        )
    return ""


def _reset_after(weights: Mapping[str, Any], layout: str) -> bool:
    """Whether a GRU resets after the product: always in PyTorch; Keras and ONNX say it by name."""
    if layout == "pytorch":
        return True
    name = _OPTION[layout]
    value = weights[name]
    allowed = "True or False" if layout == "keras" else "0 or 1"
    if type(value) not in (bool, int) or value not in (0, 1):
        raise ValueError(f"weights[{name!r}] must be {allowed}, got {received(value)}{_option_words(name)}")
    return bool(value)


def _stacked(weights: Mapping[str, Any], name: str, layout: str, G: int) -> Matrix:
    """``weights[name]`` as stacked gate rows, G·H × n (Keras's transposed back, ONNX's direction taken off)."""
    value, where = weights[name], f"weights[{name!r}]"
    if layout == "onnx":
        shape = f"1 × {G}·hidden_size × {'hidden_size' if name == 'R' else 'input_size'}"
        value, where = _one_direction(value, name, shape, depth=3), where + "[0]"
    M = as_matrix(value, where)
    return M.T if layout == "keras" else M


def _one_direction(value: object, name: str, shape: str, depth: int) -> object:
    """ONNX's tensors start with an axis of ``num_directions``: check that it is there and 1, and take it off."""
    where = f"weights[{name!r}]"
    items = sequence_items(value, where)
    if not items:
        raise empty(value, where, f"one direction, shape {shape}")
    found = 1 if is_real(items[0]) else 2  # how deep the numbers sit, looking down the first elements
    if found == 2 and depth == 3:
        first = sequence_items(items[0], f"{where}[0]")  # read once: it may be a one-shot iterator
        items[0] = first
        found = 2 if first and is_real(first[0]) else 3
    if found < depth:
        raise ValueError(
            f"{where} has no direction axis: ONNX's {name} has shape {shape} (num_directions = 1 first); "
            f"wrap it in a list: [{name}]"
        )
    if len(items) > 1:
        raise ValueError(
            f"{where} holds {len(items)} directions (num_directions = {len(items)}: a bidirectional node); a tinyrnn "
            "cell runs one direction: pass [W[0]], [R[0]] and [B[0]] for the forward one"
        )
    return items[0]


def _check_rows(M: Matrix, name: str, kind: str, layout: str, H: int, *, transposed: bool) -> None:
    """``M`` (stacked gate rows) must hold G blocks of H rows; say what it looks like if it does not."""
    G = _gates(kind, layout)
    if len(M) == G * H:
        return
    recurrent = name == _TENSORS[layout][1]
    n = "hidden_size" if recurrent else "input_size"
    expected = f"{n} × {G}·hidden_size" if layout == "keras" else f"{G}·hidden_size × {n}"
    rows, cols = len(M), len(M[0])
    shape = f"{cols} × {rows}" if layout == "keras" else f"{rows} × {cols}"
    gate_side, other_side = ("columns", "rows") if layout == "keras" else ("rows", "columns")
    if recurrent:
        should = f"{G} × as many {gate_side} as {other_side}"
    else:
        should = f"{G}·{H} = {G * H} {gate_side} (hidden_size = {H} from {_TENSORS[layout][1]})"
    message = (
        f"weights[{name!r}] has shape {shape}, but {_FRAMEWORK[layout]}'s {name} of {_KIND[kind]} is {expected}, "
        f"the gates {', '.join(GATE_ORDERS[kind][layout])} stacked: {should}"
    )
    other = "gru" if kind == "lstm" else "lstm"
    if transposed:
        message += "; it looks transposed (Keras stacks the gates in columns, PyTorch and ONNX in rows)"
    elif rows == _gates(other, layout) * H:
        message += f"; {rows} = {_gates(other, layout)}·{H} {gate_side} are {_KIND[other]}'s gates: use "
        message += f"{_CELL[other]}.from_layout"
    raise ValueError(message)


def _biases(
    weights: Mapping[str, Any], kind: str, layout: str, H: int, reset_after: bool
) -> tuple[Sequence[float], Sequence[float]]:
    """The input and the recurrent biases, stacked (G·H each); zeros where the framework has none."""
    G = _gates(kind, layout)
    zeros = Vector.zeros(G * H)
    length = f"{G}·hidden_size (hidden_size = {H} from {_TENSORS[layout][1]})"
    if layout == "pytorch":
        if "bias_ih" not in weights:
            return zeros, zeros
        b_ih = as_vector(weights["bias_ih"], "weights['bias_ih']", G * H, length)
        return b_ih, as_vector(weights["bias_hh"], "weights['bias_hh']", G * H, length)
    if layout == "onnx":
        if "B" not in weights:
            return zeros, zeros
        B = as_vector(_one_direction(weights["B"], "B", f"1 × {2 * G}·hidden_size", depth=2), "weights['B'][0]")
        if len(B) != 2 * G * H:
            raise ValueError(
                f"weights['B'][0] has length {len(B)} but ONNX's B of {_KIND[kind]} holds W's biases, then R's: "
                f"2·{G}·hidden_size = {2 * G * H} numbers (hidden_size = {H} from R)"
            )
        return B[: G * H], B[G * H :]
    if "bias" not in weights:
        return zeros, zeros
    items = sequence_items(weights["bias"], "weights['bias']")  # read once: it may be a one-shot iterator
    two_rows = bool(items) and not is_real(items[0]) and not isinstance(items[0], str | bytes)
    if two_rows != (kind == "gru" and reset_after):
        raise ValueError(
            f"weights['bias'] is {'two rows' if two_rows else 'one vector'}, but Keras's bias of "
            f"{_KIND[kind]}{' with reset_after=' + str(reset_after) if kind == 'gru' else ''} is "
            f"{'two rows of 3·hidden_size (input biases, then recurrent ones)' if not two_rows else 'one vector'}"
            + (": fix weights['reset_after'] or the bias" if kind == "gru" else f" of {G}·hidden_size")
        )
    if two_rows:
        rows = as_matrix(items, "weights['bias']", 2, G * H, rows_name="2 (input, recurrent)", cols_name=length)
        return rows[0], rows[1]
    return as_vector(items, "weights['bias']", G * H, length), zeros
