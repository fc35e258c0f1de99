"""Backpropagation through time, by hand: the gradients of a whole sequence from its traces.

A loss ``L`` depends on the hidden states ``h_1 … h_T`` a cell computed
(and, for an LSTM, maybe on the final cell state ``C_T``). :func:`backward`
takes what the loss sends back -- ``dh = ∂L/∂h_t`` -- and returns ``∂L/∂W``
for every weight, ``∂L/∂x_t`` for every input and ``∂L/∂h_0`` (and
``∂L/∂C_0``). It walks the steps last to first; at each step it calls the
cell's backward step (``cell.backward_step``: :func:`~tinyrnn.lstm.lstm_step_backward`,
:func:`~tinyrnn.gru.gru_step_backward`) with::

    ∂L/∂h_t = (what the loss sends to h_t directly) + (what step t+1 sends back to its h_{t-1})
    ∂L/∂C_t = (what the loss sends to C_t directly) + (what step t+1 sends back to its C_{t-1})

and adds up each weight's gradient over the steps, since the same weights are
used at every step. The traces are the forward cache: nothing is recomputed.
No autograd is involved anywhere; the derivatives are written by hand and
checked against central differences and PyTorch in ``tests/test_backward.py``.

>>> import tinyrnn
>>> cell = tinyrnn.LSTMCell(input_size=2, hidden_size=3, seed=0)
>>> steps = cell.run([[0.5, -0.3], [0.1, 0.8], [-0.4, 0.2]])
>>> grads = tinyrnn.backward(cell, steps, dh=[1.0, 0.0, 0.0])     # L = h_3[0]
>>> len(grads.params["W_f"]), len(grads.params["W_f"][0]), len(grads.dx), len(grads.dh0)
(3, 5, 3, 3)
"""

from __future__ import annotations

from typing import Any

from tinyrnn.cell import Cell
from tinyrnn.checks import article, is_real, received, sequence_items
from tinyrnn.family import check_cell
from tinyrnn.fast.backward import Upstream, bptt_kernel
from tinyrnn.gradients import Gradients, add_params
from tinyrnn.trace import SequenceTrace, Trace
from tinyrnn.vector import Vector, as_vector

__all__ = ["backward", "backward_reference"]


def backward(cell: Cell, steps: Any, dh: Any, dc: Any = None) -> Gradients:
    """The gradients of a loss with respect to a cell's weights, inputs and initial states.

    Args:
        cell: the :class:`~tinyrnn.LSTMCell` or :class:`~tinyrnn.GRUCell` that
            computed ``steps``.
        steps: what ``cell.run(xs)`` returned (a :class:`~tinyrnn.SequenceTrace`),
            or one step from ``cell.step(...)`` (a one-step sequence).
        dh: ``∂L/∂h``: either one vector of ``hidden_size`` numbers (the loss
            depends on the last hidden state ``h_T`` only), or one such vector
            per step (``∂L/∂h_t`` for ``t = 1 … T``, e.g. a loss at every step).
        dc: LSTM only, optional: ``∂L/∂C_T`` (one vector) or one vector per step.

    Returns:
        :class:`~tinyrnn.gradients.Gradients` with ``params`` (same keys and
        shapes as ``cell.params``), ``dx`` (one vector per step), ``dh0``,
        and for an LSTM ``dc0``.

    Raises:
        TypeError: ``cell`` is not a cell, ``steps`` not traces of that kind of cell.
        ValueError: sizes, GRU variant, number of vectors or hand-rounding mode do
            not fit, or the steps are not one sequence as ``cell.run`` returns it.

    The traces do not record the weights, so pass the cell that computed them:
    the gradient is that of ``cell``'s equations at the values in the trace.

    >>> import tinyrnn
    >>> cell = tinyrnn.GRUCell(input_size=1, hidden_size=2, seed=1)
    >>> steps = cell.run([[1.0], [0.5]])
    >>> grads = tinyrnn.backward(cell, steps, dh=[[0.0, 0.0], [1.0, 1.0]])   # L = h_2[0] + h_2[1]
    >>> sorted(grads.params) == sorted(cell.params)
    True
    >>> tinyrnn.backward(cell, steps, dh=[1.0, 1.0], dc=[0.0, 0.0])
    Traceback (most recent call last):
    ...
    ValueError: dc must be None for a GRUCell: a GRU has no cell state C
    """
    sequence, dhs, dcs = _check_arguments(cell, steps, dh, dc)
    fast = bptt_kernel(cell.spec.key, cell.weights, sequence, dhs, dcs)
    if fast is not None:
        return fast
    return _reference(cell, sequence, dhs, dcs)


def backward_reference(cell: Cell, steps: Any, dh: Any, dc: Any = None) -> Gradients:
    """:func:`backward` computed with the readable step functions only (no fast kernel).

    The result equals :func:`backward`'s, float for float (``==``); it is
    slower, and here so that the tests (and curious readers) can compare.

    >>> import tinyrnn
    >>> cell = tinyrnn.GRUCell(input_size=2, hidden_size=2, variant="cho2014", seed=3)
    >>> steps = cell.run([[1.0, -1.0], [0.5, 0.25]])
    >>> backward_reference(cell, steps, [1.0, 0.0]) == tinyrnn.backward(cell, steps, [1.0, 0.0])
    True
    """
    sequence, dhs, dcs = _check_arguments(cell, steps, dh, dc)
    return _reference(cell, sequence, dhs, dcs)


def _reference(cell: Cell, steps: tuple[Any, ...], dhs: Upstream, dcs: Upstream) -> Gradients:
    """Backpropagation through time with the readable step functions, last step first."""
    has_c = "c" in cell.spec.states
    zeros = Vector.zeros(cell.hidden_size)
    dh_next, dc_next = zeros, zeros  # nothing comes back from after the last step
    totals: dict[str, Any] | None = None
    dxs: list[Vector] = [zeros] * len(steps)
    for t in range(len(steps) - 1, -1, -1):
        dh = _plus(dhs[t], dh_next)  # ∂L/∂h_t: from the loss at step t, and from step t+1
        grads = cell.backward_step(steps[t], dh, _plus(dcs[t], dc_next) if has_c else None)
        dh_next = grads.dh_prev
        if grads.dc_prev is not None:
            dc_next = grads.dc_prev
        dxs[t] = grads.dx
        totals = add_params(totals, grads.params)  # the same weights act at every step
    assert totals is not None  # a sequence has at least one step
    return Gradients.from_totals(totals, dxs, dh_next, dc_next if has_c else None)


def _plus(upstream: Vector | None, from_next_step: Vector) -> Vector:
    return from_next_step if upstream is None else upstream + from_next_step


# Argument checks ----------------------------------------------------------


def _check_arguments(cell: object, steps: object, dh: object, dc: object) -> tuple[tuple[Any, ...], Upstream, Upstream]:
    cell = check_cell(cell)
    sequence = _check_steps(cell, steps)
    T, H = len(sequence), cell.hidden_size
    dhs = _upstream(dh, "dh", T, H)
    if "c" not in cell.spec.states:
        if dc is not None:
            kind = cell.spec.kind.upper()
            raise ValueError(f"dc must be None for {article(type(cell).__name__)}: a {kind} has no cell state C")
        dcs: Upstream = [None] * T
    else:
        dcs = [None] * T if dc is None else _upstream(dc, "dc", T, H)
    return sequence, dhs, dcs


def _check_steps(cell: Cell, steps: object) -> tuple[Any, ...]:
    """The steps as a tuple, after checking they can have come from ``cell.run``."""
    if isinstance(steps, SequenceTrace):
        sequence: tuple[Any, ...] = tuple(steps)
    elif isinstance(steps, Trace):
        sequence = (steps,)
    elif isinstance(steps, list | tuple) and steps and all(isinstance(s, Trace) for s in steps):
        sequence = tuple(SequenceTrace(steps))
    else:
        raise TypeError(
            f"steps must be what cell.run returned (a SequenceTrace) or one step from cell.step, got {received(steps)}"
        )
    described = cell.spec
    if type(sequence[0]).__name__ != described.trace:
        raise TypeError(
            f"steps are {type(sequence[0]).__name__} traces but cell is {article(type(cell).__name__)}, which makes "
            f"{described.trace} traces; pass the steps this cell computed"
        )
    previous = None
    for t, step in enumerate(sequence):
        where = f"steps[{t}]" if len(sequence) > 1 else "steps"
        if step.input_size != cell.input_size:
            raise ValueError(f"{where}.x has length {step.input_size} but the cell's input_size is {cell.input_size}")
        if step.hidden_size != cell.hidden_size:
            raise ValueError(
                f"{where}.h has length {step.hidden_size} but the cell's hidden_size is {cell.hidden_size}"
            )
        for name, value in described.options:
            if getattr(step, name) != value:
                raise ValueError(
                    f"{where} was computed by a {described.kind.upper()} of {name} {getattr(step, name)!r} "
                    f"but cell has {name} {value!r}"
                )
        if step.rounding is not None:
            raise ValueError(
                f"{where} was computed in hand-rounding mode (round_to={step.rounding}); rounding has no useful "
                "derivative, so the backward pass needs a full-precision trace: run the cell without round_to"
            )
        if previous is not None:
            for state in described.states:
                if getattr(step, f"{state}_prev") != getattr(previous, state):
                    raise ValueError(
                        f"steps[{t}].{state}_prev is not steps[{t - 1}].{state}: the steps are not one sequence "
                        "as cell.run returns it"
                    )
        previous = step
    return sequence


def _upstream(value: object, name: str, T: int, H: int) -> Upstream:
    """``∂L/∂h_t`` per step: one vector means the last step only (``None`` elsewhere)."""
    if type(value) is Vector:
        return [None] * (T - 1) + [as_vector(value, name, H, "hidden_size")]
    items = sequence_items(value, name)
    if not items:
        raise ValueError(f"{name} is empty; expected one vector of hidden_size={H} numbers, or one per step")
    first = items[0]
    if isinstance(first, bool) or is_real(first) or isinstance(first, str | bytes):
        return [None] * (T - 1) + [as_vector(items, name, H, "hidden_size")]
    if len(items) != T:
        raise ValueError(
            f"{name} has {len(items)} vectors but steps has {T} step{'s' if T != 1 else ''}; give one vector "
            f"(the gradient with respect to the last step's state) or one per step"
        )
    return [as_vector(item, f"{name}[{t}]", H, "hidden_size") for t, item in enumerate(items)]
