"""The LSTM cell of the slides, step by step.

Slide "LSTM Calculation (3D Vector Example)", with ``[h_{t-1}, x_t]`` the
concatenation (hidden state first) and ⊙ the elementwise product::

    Step 1  forget gate       f_t  = σ(W_f · [h_{t-1}, x_t] + b_f)
    Step 2  input gate        i_t  = σ(W_i · [h_{t-1}, x_t] + b_i)
            candidate         C̃_t  = tanh(W_C · [h_{t-1}, x_t] + b_C)
    Step 3  cell state        C_t  = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t
    Step 4  output gate       o_t  = σ(W_o · [h_{t-1}, x_t] + b_o)      (not on the slides)
            hidden state      h_t  = o_t ⊙ tanh(C_t)                     (not on the slides)

Three options change these lines (:mod:`tinyrnn.specs.lstm` has the whole
story): ``peepholes=True`` adds ``p_f ⊙ C_{t-1}``, ``p_i ⊙ C_{t-1}`` and
``p_o ⊙ C_t`` to the gates' pre-activations; ``coupled=True`` makes
``i_t = 1 − f_t``; ``forget_gate=False`` makes ``f_t = 1``.

Shapes: ``x_t`` has ``input_size`` = I numbers; ``h``, ``C`` and every gate
have ``hidden_size`` = H; each ``W_*`` has H rows of H + I numbers; each
``b_*`` has H. Parameters: 4·H·(H + I) + 4·H. (PyTorch's ``nn.LSTMCell`` is
the same cell with the gates in the order i, f, g, o, weights split into
``weight_ih``/``weight_hh`` and two biases: see :meth:`LSTMCell.from_torch`.)

What an LSTM *is* -- its weights, the fields of its trace and the rule of
each, its steps and their formulas -- is described once, as data, in
:mod:`tinyrnn.specs.lstm`; this module is what it *does*: the step, one line
per equation, and the step backwards beside it (:func:`lstm_step_backward`).

Backwards. The backward step reads the same lines bottom to top. Given ``dh = ∂L/∂h_t``
and ``dC_next = ∂L/∂C_t`` from later steps (``C_t`` also feeds ``C_{t+1}``),
every name ``dX`` below is ``∂L/∂X``, and σ' and tanh' are written with the
outputs the trace stores: ``σ'(a) = s(1 − s)``, ``tanh'(a) = 1 − t²``::

    Step 4  do      = dh ⊙ tanh(C_t)
            dC      = dh ⊙ o_t ⊙ (1 − tanh²C_t) + dC_next
            do_pre  = do ⊙ o_t ⊙ (1 − o_t)
    Step 3  df = dC ⊙ C_{t-1},  di = dC ⊙ C̃_t,  dC̃ = dC ⊙ i_t,  dC_{t-1} = dC ⊙ f_t
    Step 2  dC̃_pre = dC̃ ⊙ (1 − C̃_t²),   di_pre = di ⊙ i_t ⊙ (1 − i_t)
    Step 1  df_pre = df ⊙ f_t ⊙ (1 − f_t)
    Weights dW_g = dg_pre ⊗ [h_{t-1}, x_t],  db_g = dg_pre   for g = f, i, C, o
    Inputs  d[h_{t-1}, x_t] = W_fᵀ·df_pre + W_iᵀ·di_pre + W_Cᵀ·dC̃_pre + W_oᵀ·do_pre

Nothing is recomputed: every value on the right comes from the trace.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tinyrnn.activations import sigmoid, sigmoid_derivative, tanh, tanh_derivative
from tinyrnn.cell import Cell
from tinyrnn.checks import received
from tinyrnn.gradients import StepGradients, outer
from tinyrnn.rounding import keeper
from tinyrnn.trace import LSTMStep, SequenceTrace
from tinyrnn.vector import Vector, concat

__all__ = ["LSTMCell", "lstm_step", "lstm_step_backward"]


def lstm_step(
    params: Mapping[str, Any],
    x: Vector,
    h_prev: Vector,
    c_prev: Vector,
    round_to: int | None = None,
    *,
    peepholes: bool = False,
    coupled: bool = False,
    forget_gate: bool = True,
) -> LSTMStep:
    """The reference LSTM step: the slides' equations, one line each.

    Args:
        params: ``W_f, b_f, W_i, b_i, W_c, b_c, W_o, b_o`` as Matrix/Vector (without ``W_f, b_f`` when
            ``forget_gate=False``, without ``W_i, b_i`` when ``coupled``; with ``p_f, p_i, p_o`` for
            ``peepholes``, but for the gates the cell has).
        x, h_prev, c_prev: x_t, h_{t-1} and C_{t-1} (validated Vectors).
        round_to: ``None`` for full precision; ``d`` to round every
            intermediate to ``d`` decimals before using it, as by hand.
        peepholes, coupled, forget_gate: the options of :class:`LSTMCell`.

    Returns:
        The :class:`~tinyrnn.LSTMStep` trace.

    >>> from tinyrnn import examples
    >>> cell = examples.slide_lstm_cell()
    >>> step = lstm_step(cell.weights, Vector(examples.X), Vector(examples.H_PREV), Vector(examples.C_PREV))
    >>> round(step.c, 2)
    Vector([0.56, -0.47, 0.55])
    """
    keep = keeper(round_to)  # what is written down after each line: every digit, or round_to decimals

    def gate_input(gate: str, peephole_on: Vector) -> Vector:
        """``W_g · [h_{t-1}, x_t] + b_g``, with the peephole term ``+ p_g ⊙ C`` between them if there is one."""
        W, b = params["W_" + gate], params["b_" + gate]
        pre: Vector = W @ hx + params["p_" + gate] * peephole_on + b if peepholes else W @ hx + b
        return pre

    hx = concat(h_prev, x)  # [h_{t-1}, x_t]
    # Step 1: forget gate           f_t = σ(W_f · [h_{t-1}, x_t] + b_f)        (no forget gate: f_t = 1)
    f_pre = keep(gate_input("f", c_prev)) if forget_gate else None
    f = keep(sigmoid(f_pre)) if f_pre is not None else Vector.ones(len(h_prev))
    # Step 2: input gate            i_t = σ(W_i · [h_{t-1}, x_t] + b_i)        (coupled: i_t = 1 − f_t)
    i_pre = None if coupled else keep(gate_input("i", c_prev))
    i = keep(sigmoid(i_pre)) if i_pre is not None else keep(1 - f)
    #         candidate             C̃_t = tanh(W_C · [h_{t-1}, x_t] + b_C)
    c_tilde_pre = keep(params["W_c"] @ hx + params["b_c"])
    c_tilde = keep(tanh(c_tilde_pre))
    # Step 3: cell state            C_t = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t           (no forget gate: C_{t-1} + i_t ⊙ C̃_t)
    c = keep(f * c_prev + i * c_tilde) if forget_gate else keep(c_prev + i * c_tilde)
    # Step 4: output gate           o_t = σ(W_o · [h_{t-1}, x_t] + b_o)        (its peephole looks at the new C_t)
    o_pre = keep(gate_input("o", c))
    o = keep(sigmoid(o_pre))
    #         hidden state          h_t = o_t ⊙ tanh(C_t)
    tanh_c = keep(tanh(c))
    h = keep(o * tanh_c)

    return LSTMStep(
        x=x,
        h_prev=h_prev,
        c_prev=c_prev,
        f_pre=f_pre,
        f=f,
        i_pre=i_pre,
        i=i,
        c_tilde_pre=c_tilde_pre,
        c_tilde=c_tilde,
        c=c,
        o_pre=o_pre,
        o=o,
        tanh_c=tanh_c,
        h=h,
        peepholes=peepholes,
        coupled=coupled,
        forget_gate=forget_gate,
        rounding=round_to,
    )


def lstm_step_backward(params: Mapping[str, Any], step: LSTMStep, dh: Vector, dC_next: Vector) -> StepGradients:
    """The gradients of one LSTM step, from its trace and what the loss sends back.

    Args:
        params: the cell's weights as Matrix/Vector (``cell.weights``).
        step: the step's trace, as ``cell.step`` returned it (the forward cache); its options
            (``peepholes``, ``coupled``, ``forget_gate``) say which lines run.
        dh: ``∂L/∂h_t``: from the loss at this step plus from step ``t + 1``.
        dC_next: ``∂L/∂C_t`` from step ``t + 1`` (zeros after the last step).

    Returns:
        :class:`~tinyrnn.gradients.StepGradients`: ``∂L/∂W`` for each parameter,
        ``dx = ∂L/∂x_t``, ``dh_prev = ∂L/∂h_{t-1}`` and ``dc_prev = ∂L/∂C_{t-1}``.

    With peepholes, C_{t-1} also reaches f_t and i_t, and C_t reaches o_t:
    ``dC += do_pre ⊙ p_o``, ``dC_{t-1} += df_pre ⊙ p_f + di_pre ⊙ p_i`` and
    ``dp_g = dg_pre ⊙ C``. Coupled, ``i_t = 1 − f_t`` sends ``−di`` to f_t.

    >>> from tinyrnn import examples
    >>> step = examples.slide_lstm()
    >>> grads = lstm_step_backward(examples.slide_lstm_cell().weights, step, Vector([1.0, 0, 0]), Vector.zeros(3))
    >>> db_o = grads.params["b_o"]                 # L = h_t[0]: only row 0 of b_o matters
    >>> db_o[0] == step.tanh_c[0] * (step.o[0] * (1 - step.o[0])), db_o[1:] == (0.0, 0.0)
    (True, True)
    """
    x, h_prev, c_prev, c = step.x, step.h_prev, step.c_prev, step.c
    f, i, c_tilde, o, tanh_c = step.f, step.i, step.c_tilde, step.o, step.tanh_c
    peepholes, coupled, forget_gate = step.peepholes, step.coupled, step.forget_gate
    H = len(h_prev)

    # Step 4 backwards: hidden state    h_t = o_t ⊙ tanh(C_t)
    do = dh * tanh_c
    dC = dh * o * tanh_derivative(tanh_c) + dC_next  # C_t reaches L through h_t and through C_{t+1}
    #                   output gate     o_t = σ(o_pre)
    do_pre = do * sigmoid_derivative(o)
    if peepholes:  # and through o_t's peephole, p_o ⊙ C_t
        dC = dC + do_pre * params["p_o"]
    # Step 3 backwards: cell state      C_t = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t
    df = dC * c_prev
    di = dC * c_tilde
    dc_tilde = dC * i
    dc_prev = dC * f  # f_t = 1 without a forget gate: dC itself
    if coupled:  # i_t = 1 − f_t: what reaches i_t reaches f_t with the opposite sign
        df = df - di
    # Step 2 backwards: candidate       C̃_t = tanh(c_tilde_pre)
    dc_tilde_pre = dc_tilde * tanh_derivative(c_tilde)
    #                   input gate      i_t = σ(i_pre)
    di_pre = None if coupled else di * sigmoid_derivative(i)
    # Step 1 backwards: forget gate     f_t = σ(f_pre)
    df_pre = df * sigmoid_derivative(f) if forget_gate else None

    # Each pre-activation is  g_pre = W_g · [h_{t-1}, x_t] (+ p_g ⊙ C) + b_g:
    hx = concat(h_prev, x)
    deltas = {"f": df_pre, "i": di_pre, "c": dc_tilde_pre, "o": do_pre}
    present = {gate: delta for gate, delta in deltas.items() if delta is not None}
    grads: dict[str, Any] = {}
    for gate, delta in present.items():
        grads["W_" + gate] = outer(delta, hx)  # ∂L/∂W_g = dg_pre ⊗ [h_{t-1}, x_t]
        grads["b_" + gate] = delta  # ∂L/∂b_g = dg_pre
    if peepholes:
        seen = {"f": c_prev, "i": c_prev, "o": c}  # the cell state each peephole looks at
        for gate in ("f", "i", "o"):
            if gate in present:
                grads["p_" + gate] = present[gate] * seen[gate]  # ∂L/∂p_g = dg_pre ⊙ C
                if gate != "o":
                    dc_prev = dc_prev + present[gate] * params["p_" + gate]
    # [h_{t-1}, x_t] feeds every pre-activation, so its gradient has a term for each.
    terms = [params["W_" + gate].T @ delta for gate, delta in present.items()]
    d_hx = terms[0]
    for term in terms[1:]:
        d_hx = d_hx + term
    return StepGradients(grads, dx=Vector(d_hx[H:]), dh_prev=Vector(d_hx[:H]), dc_prev=dc_prev)


class LSTMCell(Cell):
    """An LSTM cell with the slides' notation (see the module docstring for the equations).

    Args:
        input_size: I, the length of ``x_t`` (a positive int).
        hidden_size: H, the length of ``h_t``, ``C_t`` and every gate.
        peepholes: the gates also see the cell state: ``+ p_f ⊙ C_{t-1}``, ``+ p_i ⊙ C_{t-1}``,
            ``+ p_o ⊙ C_t`` (Gers & Schmidhuber 2000); adds the vectors ``p_f, p_i, p_o``.
        coupled: ``i_t = 1 − f_t`` (CIFG): no ``W_i, b_i``. As many parameters as a GRU.
        forget_gate: ``False`` is the LSTM of 1997: ``f_t = 1``, no ``W_f, b_f``.
        seed: weights are drawn uniformly from ±1/√H by ``random.Random(seed)``,
            key by key (``W_f, b_f, W_i, …``, then ``p_f, …``), row by row: the same seed gives
            the same weights on every machine, and the same ``W`` and ``b`` with or without
            peepholes. ``None`` draws fresh ones.

    Raises:
        TypeError: an option is not a ``bool``.
        ValueError: ``coupled=True`` with ``forget_gate=False`` (``i_t = 1 − f_t`` needs an ``f_t``).

    >>> cell = LSTMCell(input_size=3, hidden_size=3, seed=0)
    >>> cell.num_parameters                      # 4·H·(H+I) + 4·H
    84
    >>> step = cell.step([0.5, -0.3, 0.8], h_prev=[0.2, 0.4, -0.1], c_prev=[0.6, -0.2, 0.3])
    >>> [round(v, 4) for v in step.h]
    [0.4216, -0.038, 0.3035]
    >>> LSTMCell.from_params(cell.params) == cell
    True
    >>> LSTMCell(3, 3, coupled=True).num_parameters     # 3·H·(H+I) + 3·H: a GRU's count
    63
    """

    __slots__ = ("_options",)
    kind = "lstm"

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        *,
        peepholes: bool = False,
        coupled: bool = False,
        forget_gate: bool = True,
        seed: int | None = None,
    ) -> None:
        super().__init__(
            input_size, hidden_size, seed=seed, peepholes=peepholes, coupled=coupled, forget_gate=forget_gate
        )

    def _set_options(self, peepholes: bool = False, coupled: bool = False, forget_gate: bool = True) -> None:  # type: ignore[override]
        options = {"peepholes": peepholes, "coupled": coupled, "forget_gate": forget_gate}
        for name, value in options.items():
            if not isinstance(value, bool):
                raise TypeError(f"{name} must be True or False, got {received(value)}")
        if coupled and not forget_gate:
            raise ValueError(
                "coupled=True needs the forget gate: coupling makes the input gate i_t = 1 - f_t; "
                "pass forget_gate=True, or coupled=False for the LSTM without a forget gate"
            )
        self._options = options
        super()._set_options(**options)

    @property
    def peepholes(self) -> bool:
        """Whether the gates see the cell state (``p_f, p_i, p_o``)."""
        return self._options["peepholes"]

    @property
    def coupled(self) -> bool:
        """Whether the input gate is ``1 − f_t`` (no ``W_i, b_i``)."""
        return self._options["coupled"]

    @property
    def forget_gate(self) -> bool:
        """Whether the cell has a forget gate (``False``: ``f_t = 1``, the LSTM of 1997)."""
        return self._options["forget_gate"]

    @classmethod
    def from_params(
        cls, params: Mapping[str, Any], *, peepholes: bool = False, coupled: bool = False, forget_gate: bool = True
    ) -> LSTMCell:
        """A cell with the given weights: ``W_f, b_f, W_i, b_i, W_c, b_c, W_o, b_o`` (and the options' changes).

        With ``peepholes``, also ``p_f, p_i, p_o`` (H numbers each); ``coupled`` has no
        ``W_i, b_i`` (nor ``p_i``), ``forget_gate=False`` no ``W_f, b_f`` (nor ``p_f``).

        Each ``W_*`` is a list of H rows of H + I numbers acting on ``[h_{t-1}, x_t]``
        (hidden state first); each ``b_*`` a list of H numbers. H and I are
        inferred from ``W_f`` and every other entry is checked against them.

        Raises:
            TypeError: ``params`` is not a mapping, a key is not a string, or an entry is not a
                matrix (or vector) of real numbers: a string, ``None``, a ``bool``, a complex number,
                a list nested too deep.
            ValueError: a key is missing or unknown (the closest valid key is suggested), or an entry
                is empty, ragged, of the wrong shape, or holds NaN, ±inf or a number too large for a float.

        >>> zeros = {"W_f": [[0.0, 0.0]], "b_f": [0.0], "W_i": [[0.0, 0.0]], "b_i": [0.0],
        ...          "W_c": [[0.0, 1.0]], "b_c": [0.0], "W_o": [[0.0, 0.0]], "b_o": [0.0]}
        >>> cell = LSTMCell.from_params(zeros)       # H = 1, I = 1
        >>> step = cell.step([2.0])
        >>> step.f, step.c_tilde == tanh([2.0])      # σ(0) = 0.5; C̃ = tanh(1·x)
        (Vector([0.5]), True)
        """
        return cls._from_checked(params, peepholes=peepholes, coupled=coupled, forget_gate=forget_gate)

    def step(self, x: Any, h_prev: Any = None, c_prev: Any = None, *, round_to: int | None = None) -> LSTMStep:
        """One step from ``x_t``, ``h_{t-1}`` and ``C_{t-1}`` (missing states are zeros).

        ``round_to=d`` replays the step in hand-rounding mode: every
        intermediate is rounded to ``d`` decimals before it is used.
        ``x`` has ``input_size`` numbers, ``h_prev`` and ``c_prev`` ``hidden_size``.

        >>> from tinyrnn import examples
        >>> cell = examples.slide_lstm_cell()
        >>> round(cell.step(examples.X, examples.H_PREV, examples.C_PREV).c, 2)
        Vector([0.56, -0.47, 0.55])
        >>> cell.step(examples.X, examples.H_PREV, examples.C_PREV, round_to=2).c   # by hand
        Vector([0.56, -0.47, 0.56])
        """
        checked = self._plain(x, h_prev, c_prev)  # the common case, all lists of floats, checked at once
        if checked is None:
            checked = (self._input(x, "x"), self._state(h_prev, "h_prev"), self._state(c_prev, "c_prev"))
        x, h_prev, c_prev = checked
        return self._step(x, h_prev, c_prev, round_to)

    def run(self, xs: Any, h0: Any = None, c0: Any = None, *, round_to: int | None = None) -> SequenceTrace:
        """Run a sequence: one step per input, each step's ``h`` and ``c`` feeding the next.

        >>> run = LSTMCell(input_size=2, hidden_size=3, seed=1).run([[1.0, -1.0], [0.5, 0.5]])
        >>> len(run), run[1].c_prev == run[0].c, round(run.h, 4)
        (2, True, Vector([-0.0186, 0.1239, 0.097]))
        """
        return self._run(xs, (self._state(h0, "h0"), self._state(c0, "c0")), round_to)

    def _step(self, x: Vector, h_prev: Vector, c_prev: Vector, round_to: int | None) -> LSTMStep:
        if round_to is None and self._fast is not None:
            fast: LSTMStep | None = self._fast(x, h_prev, c_prev)
            if fast is not None:
                return fast
        return lstm_step(self._params, x, h_prev, c_prev, round_to, **self._options)

    def backward_step(self, step: LSTMStep, dh: Vector, dc: Vector | None = None) -> StepGradients:
        """The gradients of one step of this cell (:func:`lstm_step_backward` with its weights).

        ``dh`` is ``∂L/∂h_t`` and ``dc`` is ``∂L/∂C_t`` from later steps (zeros when ``None``).

        >>> from tinyrnn import examples
        >>> cell = examples.slide_lstm_cell()
        >>> grads = cell.backward_step(examples.slide_lstm(), Vector([1.0, 0.0, 0.0]))
        >>> len(grads.dh_prev), len(grads.dc_prev)
        (3, 3)
        """
        return lstm_step_backward(self._params, step, dh, self._zeros if dc is None else dc)

    @classmethod
    def from_torch(cls, module: Any) -> LSTMCell:
        """The same cell as a ``torch.nn.LSTMCell`` (gate order i, f, g, o; ``bias_ih + bias_hh``).

        >>> import pytest; torch = pytest.importorskip("torch")   # skipped without PyTorch
        >>> module = torch.nn.LSTMCell(3, 2)
        >>> cell = LSTMCell.from_torch(module)
        >>> cell.input_size, cell.hidden_size, len(cell.params["W_f"][0])   # W_f acts on [h, x]: 2 + 3
        (3, 2, 5)
        """
        from tinyrnn.interop import lstm_params_from_torch

        return cls.from_params(lstm_params_from_torch(module))

    def to_torch(self) -> Any:
        """A ``torch.nn.LSTMCell`` (float64) computing the same function (requires PyTorch).

        >>> import pytest; torch = pytest.importorskip("torch")   # skipped without PyTorch
        >>> from tinyrnn import examples
        >>> module = examples.slide_lstm_cell().to_torch()
        >>> h, c = module(torch.tensor([examples.X], dtype=torch.float64),
        ...               (torch.tensor([examples.H_PREV], dtype=torch.float64),
        ...                torch.tensor([examples.C_PREV], dtype=torch.float64)))
        >>> [round(v, 2) for v in c[0].tolist()]
        [0.56, -0.47, 0.55]
        """
        from tinyrnn.interop import lstm_to_torch

        self._standard_only("to_torch")
        return lstm_to_torch(self)

    @classmethod
    def from_keras(cls, layer: Any) -> LSTMCell:
        """The same cell as a built Keras 3 ``keras.layers.LSTM`` or ``LSTMCell`` (gates i, f, c, o; ``x W``).

        ``use_bias=False`` gives zero biases. Needs ``pip install 'tinyrnn[keras]'``
        and ``KERAS_BACKEND=torch`` (see :mod:`tinyrnn.interop.keras`).

        Raises:
            ImportError: Keras 3 is not installed, or its backend is not (the message says what to install).
            TypeError: ``layer`` is not a Keras LSTM or LSTMCell (a GRU, a Bidirectional wrapper, ...).
            ValueError: the layer is not built, or has an ``activation`` other than ``tanh``, a
                ``recurrent_activation`` other than ``sigmoid``, ``dropout`` or ``recurrent_dropout``, or
                ``go_backwards=True``.

        >>> import pytest; keras = pytest.importorskip("keras")   # skipped without Keras
        >>> layer = keras.layers.LSTM(2)
        >>> layer.build((None, None, 3))
        >>> cell = LSTMCell.from_keras(layer)
        >>> cell.input_size, cell.hidden_size, cell.params["b_f"]   # unit_forget_bias=True: b_f starts at 1
        (3, 2, [1.0, 1.0])
        """
        from tinyrnn.interop.keras import lstm_params_from_keras

        return cls.from_params(lstm_params_from_keras(layer))

    def to_keras(self) -> Any:
        """A built float64 ``keras.layers.LSTM(return_sequences=True, return_state=True)`` computing the same function.

        >>> import pytest; keras = pytest.importorskip("keras")   # skipped without Keras
        >>> from tinyrnn import examples
        >>> layer = examples.slide_lstm_cell().to_keras()
        >>> slide = (examples.X, examples.H_PREV, examples.C_PREV)
        >>> x, h_prev, c_prev = (keras.ops.convert_to_tensor([v], "float64") for v in slide)   # batches of one
        >>> sequence, h, c = layer(keras.ops.expand_dims(x, 1), initial_state=[h_prev, c_prev])   # batch, time
        >>> [round(v, 2) for v in c[0].tolist()]   # the slide's C_t (on the torch backend)
        [0.56, -0.47, 0.55]
        """
        from tinyrnn.interop.keras import lstm_to_keras

        self._standard_only("to_keras")
        return lstm_to_keras(self)

    @classmethod
    def from_layout(cls, weights: Mapping[str, Any], layout: str) -> LSTMCell:
        """A cell from plain nested lists in a framework's layout: ``"pytorch"``, ``"keras"`` or ``"onnx"``.

        ``weights`` maps the framework's names to its tensors (no framework is
        needed): PyTorch ``weight_ih`` (4H × I), ``weight_hh`` (4H × H),
        ``bias_ih``, ``bias_hh`` (4H), gates i, f, g, o; Keras ``kernel``
        (I × 4H), ``recurrent_kernel`` (H × 4H), ``bias`` (4H), gates i, f, c, o;
        ONNX ``W`` (1 × 4H × I), ``R`` (1 × 4H × H), ``B`` (1 × 8H), gates
        i, o, f, c, and optionally ``P`` (1 × 3H, peepholes i, o, f: a cell with
        ``peepholes=True`` unless they are zeros). Biases may be left out (zeros).
        See :mod:`tinyrnn.interop.layouts`.

        Raises:
            TypeError: ``layout`` is not a string, ``weights`` is not a mapping, or an entry is not a nested
                sequence of real numbers.
            ValueError: ``layout`` is unknown (the closest name is suggested), a key is missing or unknown, or
                an entry has the wrong shape (a transposed matrix and a GRU's weights are named as such).

        >>> weights = {"W": [[[0.1], [0.2], [0.3], [0.4]]], "R": [[[0.5], [0.6], [0.7], [0.8]]]}   # H = I = 1
        >>> cell = LSTMCell.from_layout(weights, "onnx")        # ONNX's gates: i, o, f, c
        >>> cell.params["W_f"], cell.params["W_o"]             # [W_h | W_x] of each gate
        ([[0.7, 0.3]], [[0.6, 0.2]])
        >>> LSTMCell.from_layout(cell.to_layout("keras"), "keras") == cell
        True
        """
        from tinyrnn.interop.layouts import lstm_params_from_layout

        params = lstm_params_from_layout(weights, layout)
        return cls.from_params(params, peepholes="p_f" in params)  # ONNX's P, when it is not zeros

    def to_layout(self, layout: str) -> dict[str, Any]:
        """The weights as plain nested lists in a framework's layout (see :meth:`from_layout`); recurrent biases 0.

        >>> cell = LSTMCell(input_size=3, hidden_size=2, seed=0)
        >>> weights = cell.to_layout("keras")
        >>> list(weights), len(weights["kernel"]), len(weights["kernel"][0])   # kernel: I × 4H
        (['kernel', 'recurrent_kernel', 'bias'], 3, 8)
        """
        from tinyrnn.interop.layouts import lstm_to_layout

        self._standard_only("to_layout", allowed=("peepholes",) if layout == "onnx" else ())  # ONNX has P
        return lstm_to_layout(self, layout)

    def _standard_only(self, method: str, allowed: tuple[str, ...] = ()) -> None:
        """Frameworks' LSTM cells have a forget gate and no peepholes or coupling: say which option is in the way."""
        defaults = {"peepholes": False, "coupled": False, "forget_gate": True}
        for name, value in self._options.items():
            if value != defaults[name] and name not in allowed:
                raise ValueError(
                    f"{method} needs the standard LSTM, but this cell has {name}={value}: the framework's LSTM "
                    f"has no such option (build the cell without {name}={value})"
                )
