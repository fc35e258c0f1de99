"""The GRU cell of the slides, step by step, in the three conventions in use.

Slide "GRU Calculation (3D Vector Example)" gives steps 1 and 2; tinyrnn
completes steps 3 and 4. A GRU has two gates and one state::

    Step 1  reset gate     r_t = σ(W_r · [h_{t-1}, x_t] + b_r)
    Step 2  update gate    z_t = σ(W_z · [h_{t-1}, x_t] + b_z)
    Step 3  candidate      h̃_t = tanh(W_h · [r_t ⊙ h_{t-1}, x_t] + b_h)
    Step 4  new state      h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t

Three conventions disagree on steps 3 and 4, so tinyrnn has three variants:

``"colah"`` (default)
    The equations above: colah's blog ("Understanding LSTM Networks"), whose
    notation the slides use. The slides themselves stop after step 2, so they
    do not choose between ``z_t`` and ``1 − z_t`` in step 4; tinyrnn follows colah.
``"cho2014"``
    The original paper, Keras ``reset_after=False`` and the book *Dive into
    Deep Learning* (d2l): the same gates, but
    the update gate weighs the *old* state: ``h_t = z_t ⊙ h_{t-1} + (1 − z_t) ⊙ h̃_t``.
    Law: ``colah`` with ``(W_z, b_z)`` equals ``cho2014`` with ``(−W_z, −b_z)``.
``"pytorch"``
    PyTorch's ``nn.GRUCell`` (and Keras ``reset_after=True``): separate input
    and hidden weights, two biases per gate, the reset applied *after* the
    product: ``h̃_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t-1} + b_hn))`` and
    ``h_t = (1 − z_t) ⊙ h̃_t + z_t ⊙ h_{t-1}``.
    Exactly Keras's ``GRU(reset_after=True)`` and ONNX's ``GRU`` with ``linear_before_reset=1``.

Parameters: 3·H·(H + I) + 3·H for ``colah``/``cho2014``; 3·H·(H + I) + 6·H
for ``pytorch`` (its second bias per gate).

What a GRU *is* in each convention -- weights, trace fields and the rule of
each, steps and formulas -- is described once, as data, in
:mod:`tinyrnn.specs.gru`; this module is what it *does*: the step, one line
per equation, and the step backwards beside it (:func:`gru_step_backward`).

Backwards, bottom to top, with ``dX = ∂L/∂X`` and the derivatives written
with the outputs the trace stores (``σ' = s(1 − s)``, ``tanh' = 1 − t²``)::

    Step 4  dh̃ = dh ⊙ z_t,   dz = dh ⊙ (h̃_t − h_{t-1}),   dh_{t-1} ← dh ⊙ (1 − z_t)
    Step 3  dh̃_pre = dh̃ ⊙ (1 − h̃_t²)
            dW_h = dh̃_pre ⊗ [r_t ⊙ h_{t-1}, x_t],   d[r_t ⊙ h_{t-1}, x_t] = W_hᵀ · dh̃_pre
            dr = d(r_t ⊙ h_{t-1}) ⊙ h_{t-1},   dh_{t-1} ← d(r_t ⊙ h_{t-1}) ⊙ r_t
    Step 2  dz_pre = dz ⊙ z_t ⊙ (1 − z_t)
    Step 1  dr_pre = dr ⊙ r_t ⊙ (1 − r_t)
            dW_r = dr_pre ⊗ [h_{t-1}, x_t],  dW_z = dz_pre ⊗ [h_{t-1}, x_t]
            d[h_{t-1}, x_t] ← W_rᵀ · dr_pre + W_zᵀ · dz_pre

``h_{t-1}`` reaches ``h_t`` three ways (directly, through ``h̃_t`` and through
the gates), so ``dh_{t-1}`` collects three terms (``←`` means "add to").
``"cho2014"`` swaps ``z_t`` and ``1 − z_t`` in step 4; ``"pytorch"`` resets
after the product, ``h̃_t = tanh(W_in x_t + b_in + r_t ⊙ hn)`` with
``hn = W_hn h_{t-1} + b_hn``, so ``dr = dh̃_pre ⊙ hn`` and ``dhn = dh̃_pre ⊙ r_t``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from tinyrnn.activations import sigmoid, sigmoid_derivative, tanh, tanh_derivative
from tinyrnn.cell import Cell
from tinyrnn.checks import received
from tinyrnn.gradients import StepGradients, outer
from tinyrnn.rounding import keeper
from tinyrnn.trace import GRU_VARIANTS, GRUStep, SequenceTrace
from tinyrnn.vector import Vector, concat

__all__ = ["GRU_VARIANTS", "GRUCell", "gru_step", "gru_step_backward"]


def gru_step(
    params: Mapping[str, Any], variant: str, x: Vector, h_prev: Vector, round_to: int | None = None
) -> GRUStep:
    """The reference GRU step: the equations of ``variant``, one line each.

    Args:
        params: the weights of the variant's layout, as Matrix/Vector.
        variant: ``"colah"``, ``"cho2014"`` or ``"pytorch"``.
        x, h_prev: x_t and h_{t-1} (validated Vectors).
        round_to: ``None`` for full precision; ``d`` to round every
            intermediate to ``d`` decimals before using it, as by hand.

    >>> from tinyrnn import examples
    >>> step = gru_step(examples.slide_gru_cell().weights, "colah", Vector(examples.X), Vector(examples.H_PREV))
    >>> round(step.r, 2)
    Vector([0.58, 0.73, 0.45])
    """
    if variant == "pytorch":
        return _pytorch_gru_step(params, x, h_prev, round_to)
    W_r, b_r, W_z, b_z, W_h, b_h = (params[k] for k in ("W_r", "b_r", "W_z", "b_z", "W_h", "b_h"))
    keep = keeper(round_to)  # what is written down after each line: every digit, or round_to decimals

    hx = concat(h_prev, x)  # [h_{t-1}, x_t]
    # Step 1: reset gate           r_t = σ(W_r · [h_{t-1}, x_t] + b_r)
    r_pre = keep(W_r @ hx + b_r)
    r = keep(sigmoid(r_pre))
    # Step 2: update gate          z_t = σ(W_z · [h_{t-1}, x_t] + b_z)
    z_pre = keep(W_z @ hx + b_z)
    z = keep(sigmoid(z_pre))
    # Step 3: candidate            h̃_t = tanh(W_h · [r_t ⊙ h_{t-1}, x_t] + b_h)
    r_h_prev = keep(r * h_prev)
    h_tilde_pre = keep(W_h @ concat(r_h_prev, x) + b_h)
    h_tilde = keep(tanh(h_tilde_pre))
    # Step 4: new hidden state
    if variant == "colah":  #      h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t
        h = keep((1 - z) * h_prev + z * h_tilde)
    else:  # "cho2014":            h_t = z_t ⊙ h_{t-1} + (1 − z_t) ⊙ h̃_t
        h = keep(z * h_prev + (1 - z) * h_tilde)

    return GRUStep(
        variant=variant,
        x=x,
        h_prev=h_prev,
        r_pre=r_pre,
        r=r,
        z_pre=z_pre,
        z=z,
        r_h_prev=r_h_prev,
        hn=None,
        h_tilde_pre=h_tilde_pre,
        h_tilde=h_tilde,
        h=h,
        rounding=round_to,
    )


def _pytorch_gru_step(params: Mapping[str, Any], x: Vector, h_prev: Vector, round_to: int | None) -> GRUStep:
    """PyTorch's ``nn.GRUCell``: input part and hidden part added after each is computed."""
    W_ir, W_iz, W_in, W_hr, W_hz, W_hn = (params[k] for k in ("W_ir", "W_iz", "W_in", "W_hr", "W_hz", "W_hn"))
    b_ir, b_iz, b_in, b_hr, b_hz, b_hn = (params[k] for k in ("b_ir", "b_iz", "b_in", "b_hr", "b_hz", "b_hn"))
    keep = keeper(round_to)

    # Step 1: reset gate           r_t = σ(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)
    r_pre = keep((W_ir @ x + b_ir) + (W_hr @ h_prev + b_hr))
    r = keep(sigmoid(r_pre))
    # Step 2: update gate          z_t = σ(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)
    z_pre = keep((W_iz @ x + b_iz) + (W_hz @ h_prev + b_hz))
    z = keep(sigmoid(z_pre))
    # Step 3: candidate            h̃_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t-1} + b_hn))
    hn = keep(W_hn @ h_prev + b_hn)
    h_tilde_pre = keep((W_in @ x + b_in) + r * hn)
    h_tilde = keep(tanh(h_tilde_pre))
    # Step 4: new hidden state     h_t = (1 − z_t) ⊙ h̃_t + z_t ⊙ h_{t-1}
    h = keep((1 - z) * h_tilde + z * h_prev)

    return GRUStep(
        variant="pytorch",
        x=x,
        h_prev=h_prev,
        r_pre=r_pre,
        r=r,
        z_pre=z_pre,
        z=z,
        r_h_prev=None,
        hn=hn,
        h_tilde_pre=h_tilde_pre,
        h_tilde=h_tilde,
        h=h,
        rounding=round_to,
    )


def gru_step_backward(params: Mapping[str, Any], step: GRUStep, dh: Vector) -> StepGradients:
    """The gradients of one GRU step (any variant), from its trace and ``dh = ∂L/∂h_t``.

    Args:
        params: the cell's weights as Matrix/Vector (``cell.weights``).
        step: the step's trace (the forward cache); ``step.variant`` picks the equations.
        dh: ``∂L/∂h_t``: from the loss at this step plus from step ``t + 1``.

    Returns:
        :class:`~tinyrnn.gradients.StepGradients` with ``dc_prev = None``.

    >>> from tinyrnn import examples
    >>> step = examples.slide_gru()
    >>> grads = gru_step_backward(examples.slide_gru_cell().weights, step, Vector([1.0, 0, 0]))
    >>> db_h = grads.params["b_h"]                 # L = h_t[0]: only row 0 of b_h matters
    >>> db_h[0] == step.z[0] * (1 - step.h_tilde[0] ** 2), db_h[1:] == (0.0, 0.0)
    (True, True)
    """
    if step.variant == "pytorch":
        return _pytorch_gru_step_backward(params, step, dh)
    W_r, W_z, W_h = params["W_r"], params["W_z"], params["W_h"]
    x, h_prev, r, z, h_tilde = step.x, step.h_prev, step.r, step.z, step.h_tilde
    r_h_prev = cast(Vector, step.r_h_prev)  # r_t ⊙ h_{t-1}: recorded for this variant (None for pytorch)
    H = len(h_prev)

    # Step 4 backwards: new hidden state
    if step.variant == "colah":  # h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t
        dh_tilde = dh * z
        dz = dh * (h_tilde - h_prev)
        dh_prev = dh * (1 - z)  # the direct path; the paths through h̃_t and the gates follow
    else:  # "cho2014":          h_t = z_t ⊙ h_{t-1} + (1 − z_t) ⊙ h̃_t
        dh_tilde = dh * (1 - z)
        dz = dh * (h_prev - h_tilde)
        dh_prev = dh * z
    # Step 3 backwards: candidate       h̃_t = tanh(W_h · [r_t ⊙ h_{t-1}, x_t] + b_h)
    dh_tilde_pre = dh_tilde * tanh_derivative(h_tilde)
    d_rhx = W_h.T @ dh_tilde_pre  # ∂L/∂[r_t ⊙ h_{t-1}, x_t]
    d_r_h_prev = Vector(d_rhx[:H])
    dr = d_r_h_prev * h_prev
    dh_prev = dh_prev + d_r_h_prev * r
    # Step 2 backwards: update gate     z_t = σ(z_pre)
    dz_pre = dz * sigmoid_derivative(z)
    # Step 1 backwards: reset gate      r_t = σ(r_pre)
    dr_pre = dr * sigmoid_derivative(r)

    hx = concat(h_prev, x)
    grads = {
        "W_z": outer(dz_pre, hx),  # ∂L/∂W_z = dz_pre ⊗ [h_{t-1}, x_t]
        "b_z": dz_pre,
        "W_r": outer(dr_pre, hx),
        "b_r": dr_pre,
        "W_h": outer(dh_tilde_pre, concat(r_h_prev, x)),  # the candidate saw [r_t ⊙ h_{t-1}, x_t]
        "b_h": dh_tilde_pre,
    }
    d_hx = W_r.T @ dr_pre + W_z.T @ dz_pre  # [h_{t-1}, x_t] feeds both gates
    dh_prev = dh_prev + Vector(d_hx[:H])
    dx = Vector(d_rhx[H:]) + Vector(d_hx[H:])  # x_t feeds the candidate and both gates
    return StepGradients(grads, dx=dx, dh_prev=dh_prev, dc_prev=None)


def _pytorch_gru_step_backward(params: Mapping[str, Any], step: GRUStep, dh: Vector) -> StepGradients:
    """PyTorch's ``nn.GRUCell`` backwards: separate input and hidden products, reset after the product."""
    W_ir, W_iz, W_in, W_hr, W_hz, W_hn = (params[k] for k in ("W_ir", "W_iz", "W_in", "W_hr", "W_hz", "W_hn"))
    x, h_prev, r, z, h_tilde = step.x, step.h_prev, step.r, step.z, step.h_tilde
    hn = cast(Vector, step.hn)  # W_hn h_{t-1} + b_hn: recorded for this variant (None for the others)

    # Step 4 backwards: new hidden state  h_t = (1 − z_t) ⊙ h̃_t + z_t ⊙ h_{t-1}
    dh_tilde = dh * (1 - z)
    dz = dh * (h_prev - h_tilde)
    dh_prev = dh * z
    # Step 3 backwards: candidate   h̃_t = tanh(W_in x_t + b_in + r_t ⊙ hn),  hn = W_hn h_{t-1} + b_hn
    dh_tilde_pre = dh_tilde * tanh_derivative(h_tilde)
    dr = dh_tilde_pre * hn
    dhn = dh_tilde_pre * r
    # Step 2 backwards: update gate       z_t = σ(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)
    dz_pre = dz * sigmoid_derivative(z)
    # Step 1 backwards: reset gate        r_t = σ(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)
    dr_pre = dr * sigmoid_derivative(r)

    grads = {
        "W_ir": outer(dr_pre, x),
        "W_iz": outer(dz_pre, x),
        "W_in": outer(dh_tilde_pre, x),
        "W_hr": outer(dr_pre, h_prev),
        "W_hz": outer(dz_pre, h_prev),
        "W_hn": outer(dhn, h_prev),
        "b_ir": dr_pre,  # a bias added to a pre-activation gets that pre-activation's gradient,
        "b_iz": dz_pre,
        "b_in": dh_tilde_pre,
        "b_hr": dr_pre,  # so both biases of a gate get the same one
        "b_hz": dz_pre,
        "b_hn": dhn,
    }
    dx = W_ir.T @ dr_pre + W_iz.T @ dz_pre + W_in.T @ dh_tilde_pre
    dh_prev = dh_prev + W_hr.T @ dr_pre + W_hz.T @ dz_pre + W_hn.T @ dhn
    return StepGradients(grads, dx=dx, dh_prev=dh_prev, dc_prev=None)


def check_variant(variant: object) -> str:
    """``variant`` if it is one of :data:`GRU_VARIANTS`, else a ``ValueError`` listing them."""
    if not isinstance(variant, str):
        raise TypeError(f"variant must be one of {', '.join(map(repr, GRU_VARIANTS))}, got {received(variant)}")
    if variant not in GRU_VARIANTS:
        import difflib

        guess = difflib.get_close_matches(variant, GRU_VARIANTS, n=1)
        suggestion = f" (did you mean {guess[0]!r}?)" if guess else ""
        raise ValueError(f"variant must be one of {', '.join(map(repr, GRU_VARIANTS))}, got {variant!r}{suggestion}")
    return variant


class GRUCell(Cell):
    """A GRU cell in one of three conventions (see the module docstring).

    Args:
        input_size: I, the length of ``x_t`` (a positive int).
        hidden_size: H, the length of ``h_t`` and of both gates.
        variant: ``"colah"`` (default, the slides' notation), ``"cho2014"`` or ``"pytorch"``.
        seed: weights uniform in ±1/√H from ``random.Random(seed)``, key by key, row by row.

    Keys of ``params``: ``W_z, b_z, W_r, b_r, W_h, b_h`` for ``colah`` and
    ``cho2014`` (each ``W_*`` acting on ``[h_{t-1}, x_t]``, the candidate's on
    ``[r_t ⊙ h_{t-1}, x_t]``); for ``pytorch`` the twelve tensors of PyTorch's
    equations, ``W_ir, W_iz, W_in`` (H × I), ``W_hr, W_hz, W_hn`` (H × H)
    and ``b_ir, b_iz, b_in, b_hr, b_hz, b_hn``.

    >>> cell = GRUCell(input_size=3, hidden_size=3, seed=0)
    >>> cell.variant, cell.num_parameters        # 3·H·(H+I) + 3·H
    ('colah', 63)
    >>> GRUCell(3, 3, variant="pytorch", seed=0).num_parameters   # two biases per gate
    72
    >>> step = cell.step([0.5, -0.3, 0.8], h_prev=[0.2, 0.4, -0.1])
    >>> all(0 <= r <= 1 for r in step.r)
    True
    """

    __slots__ = ("_variant",)
    kind = "gru"

    def __init__(self, input_size: int, hidden_size: int, *, variant: str = "colah", seed: int | None = None) -> None:
        super().__init__(input_size, hidden_size, seed=seed, variant=variant)

    def _set_options(self, variant: str = "colah") -> None:  # type: ignore[override]
        self._variant = check_variant(variant)
        super()._set_options(variant=variant)

    @property
    def variant(self) -> str:
        """``"colah"``, ``"cho2014"`` or ``"pytorch"``."""
        return self._variant

    @classmethod
    def from_params(cls, params: Mapping[str, Any], variant: str = "colah") -> GRUCell:
        """A cell with the given weights, in the layout of ``variant`` (see the class docstring).

        Raises:
            TypeError: ``variant`` is not a string, ``params`` is not a mapping, a key is not a string,
                or an entry is not a matrix (or vector) of real numbers (see :meth:`LSTMCell.from_params`).
            ValueError: ``variant`` is unknown, a key is missing or unknown (the closest valid key is
                suggested; keys of another variant are named as such), or an entry is empty, ragged, of
                the wrong shape, or holds NaN, ±inf or a number too large for a float.

        >>> from tinyrnn import examples
        >>> cell = GRUCell.from_params(examples.SLIDE_GRU_PARAMS)
        >>> cell.variant, cell.input_size, cell.hidden_size
        ('colah', 3, 3)
        """
        return cls._from_checked(params, variant=variant)

    def step(self, x: Any, h_prev: Any = None, *, round_to: int | None = None) -> GRUStep:
        """One step from ``x_t`` and ``h_{t-1}`` (a missing state is zeros).

        ``round_to=d`` replays the step in hand-rounding mode: every
        intermediate is rounded to ``d`` decimals before it is used.
        ``x`` has ``input_size`` numbers, ``h_prev`` ``hidden_size``.

        >>> from tinyrnn import examples
        >>> cell = examples.slide_gru_cell()
        >>> round(cell.step(examples.X, examples.H_PREV).r, 2)
        Vector([0.58, 0.73, 0.45])
        >>> cell.step(examples.X, examples.H_PREV, round_to=2).h   # by hand
        Vector([0.48, 0.06, -0.2])
        """
        checked = self._plain(x, h_prev)  # the common case, both lists of floats, checked at once
        if checked is None:
            checked = (self._input(x, "x"), self._state(h_prev, "h_prev"))
        x, h_prev = checked
        return self._step(x, h_prev, round_to)

    def run(self, xs: Any, h0: Any = None, *, round_to: int | None = None) -> SequenceTrace:
        """Run a sequence: one step per input, each step's ``h`` feeding the next.

        >>> run = GRUCell(input_size=2, hidden_size=3, seed=1).run([[1.0, 0.0], [0.0, 1.0]])
        >>> len(run), run[1].h_prev == run[0].h
        (2, True)
        """
        return self._run(xs, (self._state(h0, "h0"),), round_to)

    def _step(self, x: Vector, h_prev: Vector, round_to: int | None) -> GRUStep:
        if round_to is None:
            fast: GRUStep | None = self._fast(x, h_prev)  # type: ignore[misc]  # a GRU always has one
            if fast is not None:
                return fast
        return gru_step(self._params, self._variant, x, h_prev, round_to)

    def backward_step(self, step: GRUStep, dh: Vector, dc: None = None) -> StepGradients:
        """The gradients of one step of this cell (:func:`gru_step_backward` with its weights).

        ``dh`` is ``∂L/∂h_t``; a GRU has no cell state, so ``dc`` must be ``None``.

        >>> from tinyrnn import examples
        >>> grads = examples.slide_gru_cell().backward_step(examples.slide_gru(), Vector([1.0, 0.0, 0.0]))
        >>> len(grads.dh_prev), grads.dc_prev
        (3, None)
        """
        if dc is not None:
            raise ValueError("dc must be None for a GRUCell: a GRU has no cell state C")
        return gru_step_backward(self._params, step, dh)

    @classmethod
    def from_torch(cls, module: Any) -> GRUCell:
        """The same cell as a ``torch.nn.GRUCell``; the result has ``variant="pytorch"``.

        >>> import pytest; torch = pytest.importorskip("torch")   # skipped without PyTorch
        >>> cell = GRUCell.from_torch(torch.nn.GRUCell(3, 2))
        >>> cell.variant, cell.num_parameters      # 3·H·(H+I) + 6·H: two biases per gate
        ('pytorch', 42)
        """
        from tinyrnn.interop import gru_params_from_torch

        return cls.from_params(gru_params_from_torch(module), variant="pytorch")

    def to_torch(self) -> Any:
        """A ``torch.nn.GRUCell`` (float64) computing the same function.

        Only the ``"pytorch"`` variant converts: PyTorch applies the reset gate
        after the matrix product, ``r ⊙ (W_hn h + b_hn)``, while ``colah``/``cho2014``
        apply it before, ``W_h · [r ⊙ h, x]``. The two agree only in a special case
        (the hidden block of ``W_h`` diagonal and ``b_hn = 0``), not for general
        weights, so a ``ValueError`` says so.

        >>> import pytest; torch = pytest.importorskip("torch")   # skipped without PyTorch
        >>> from tinyrnn import examples
        >>> module = examples.slide_gru_cell("pytorch").to_torch()
        >>> x, h_prev = (torch.tensor([v], dtype=torch.float64) for v in (examples.X, examples.H_PREV))
        >>> h = module(x, h_prev)
        >>> [round(v, 2) for v in h[0].tolist()]
        [0.48, 0.06, -0.21]
        """
        from tinyrnn.interop import gru_to_torch

        return gru_to_torch(self)

    @classmethod
    def from_keras(cls, layer: Any) -> GRUCell:
        """The same cell as a built Keras 3 ``keras.layers.GRU`` or ``GRUCell``.

        ``reset_after=True`` (Keras's default) gives variant ``"pytorch"``, both
        biases kept (``b_hn`` inside the reset); ``reset_after=False`` gives
        ``"cho2014"``. ``use_bias=False`` gives zero biases. Needs
        ``pip install 'tinyrnn[keras]'`` and ``KERAS_BACKEND=torch``.

        Raises:
            ImportError: Keras 3 is not installed, or its backend is not (the message says what to install).
            TypeError: ``layer`` is not a Keras GRU or GRUCell.
            ValueError: as :meth:`LSTMCell.from_keras`: an unbuilt layer, another activation or recurrent
                activation, dropout, recurrent dropout or ``go_backwards=True``.

        >>> import pytest; keras = pytest.importorskip("keras")   # skipped without Keras
        >>> layer = keras.layers.GRU(2, reset_after=True)
        >>> layer.build((None, None, 3))
        >>> cell = GRUCell.from_keras(layer)
        >>> cell.variant, cell.input_size, cell.hidden_size
        ('pytorch', 3, 2)
        """
        from tinyrnn.interop.keras import gru_params_from_keras

        params, variant = gru_params_from_keras(layer)
        return cls.from_params(params, variant=variant)

    def to_keras(self) -> Any:
        """A built float64 ``keras.layers.GRU(return_sequences=True, return_state=True)`` computing the same function.

        ``"pytorch"`` gives ``reset_after=True``, ``"cho2014"`` ``reset_after=False``,
        and ``"colah"`` ``reset_after=False`` with ``W_z, b_z`` negated.

        >>> import pytest; keras = pytest.importorskip("keras")   # skipped without Keras
        >>> from tinyrnn import examples
        >>> layer = examples.slide_gru_cell("colah").to_keras()
        >>> x, h_prev = (keras.ops.convert_to_tensor([v], "float64") for v in (examples.X, examples.H_PREV))
        >>> sequence, h = layer(keras.ops.expand_dims(x, 1), initial_state=[h_prev])   # batch, time, input
        >>> layer.reset_after, [round(v, 4) for v in h[0].tolist()]   # the slide's h_t (on the torch backend)
        (False, [0.4706, 0.063, -0.2046])
        """
        from tinyrnn.interop.keras import gru_to_keras

        return gru_to_keras(self)

    @classmethod
    def from_layout(cls, weights: Mapping[str, Any], layout: str) -> GRUCell:
        """A cell from plain nested lists in a framework's layout: ``"pytorch"``, ``"keras"`` or ``"onnx"``.

        PyTorch: ``weight_ih`` (3H × I), ``weight_hh`` (3H × H), ``bias_ih``,
        ``bias_hh`` (3H), gates r, z, n: variant ``"pytorch"``. Keras:
        ``kernel`` (I × 3H), ``recurrent_kernel`` (H × 3H), ``bias`` and
        ``reset_after`` (``True``: bias 2 × 3H, variant ``"pytorch"``;
        ``False``: bias 3H, variant ``"cho2014"``), gates z, r, h. ONNX: ``W``
        (1 × 3H × I), ``R`` (1 × 3H × H), ``B`` (1 × 6H) and
        ``linear_before_reset`` (1: ``"pytorch"``; 0: ``"cho2014"``), gates
        z, r, h. Biases may be left out (zeros). See :mod:`tinyrnn.interop.layouts`.

        Raises:
            TypeError: as :meth:`LSTMCell.from_layout`.
            ValueError: as :meth:`LSTMCell.from_layout`; also a missing or invalid ``reset_after`` or
                ``linear_before_reset``, or a Keras bias whose shape contradicts ``reset_after``.

        >>> weights = {"W": [[[0.1], [0.2], [0.3]]], "R": [[[0.4], [0.5], [0.6]]], "linear_before_reset": 0}
        >>> cell = GRUCell.from_layout(weights, "onnx")      # ONNX's gates: z, r, h
        >>> cell.variant, cell.params["W_z"], cell.params["W_h"]   # [W_h | W_x] of each gate
        ('cho2014', [[0.4, 0.1]], [[0.6, 0.3]])
        """
        from tinyrnn.interop.layouts import gru_params_from_layout

        params, variant = gru_params_from_layout(weights, layout)
        return cls.from_params(params, variant=variant)

    def to_layout(self, layout: str) -> dict[str, Any]:
        """The weights as plain nested lists in a framework's layout, with the option that says how it resets.

        Variant ``"pytorch"`` converts to every layout; ``"cho2014"`` and ``"colah"``
        (written with ``W_z, b_z`` negated) only to ``"keras"`` and ``"onnx"``.

        Raises:
            ValueError: ``layout`` is unknown, or ``"pytorch"`` for a ``"colah"`` or ``"cho2014"`` cell.

        >>> GRUCell(input_size=2, hidden_size=1, variant="pytorch", seed=0).to_layout("onnx")["linear_before_reset"]
        1
        """
        from tinyrnn.interop.layouts import gru_to_layout

        return gru_to_layout(self, layout)
