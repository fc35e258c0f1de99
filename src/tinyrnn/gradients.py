"""What the backward pass returns, and the one product every weight gradient is made of.

Every pre-activation of a cell is an affine map ``a = W · v + b`` (``v`` is
``[h_{t-1}, x_t]`` on the slides). If the loss ``L`` sends back ``∂L/∂a``,
the chain rule gives, for that one map::

    ∂L/∂W = ∂L/∂a ⊗ v      (the outer product: row k is ∂L/∂a[k] · v)
    ∂L/∂b = ∂L/∂a
    ∂L/∂v = Wᵀ · ∂L/∂a

:func:`outer` is the first line; ``W.T @ da`` the third. A step's gradients
are a :class:`StepGradients`; a whole sequence's, summed over the steps
(backpropagation through time), a :class:`Gradients`.

>>> outer(Vector([1.0, -2.0]), Vector([0.5, 0.25, 4.0]))
Matrix([[0.5, 0.25, 4.0], [-1.0, -0.5, -8.0]])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from operator import add
from typing import Any, NamedTuple

from tinyrnn.params import to_plain
from tinyrnn.vector import Matrix, Vector

__all__ = ["Gradients", "StepGradients", "add_params", "outer"]


def outer(u: Vector, v: Vector) -> Matrix:
    """The outer product ``u ⊗ v = u vᵀ``: ``len(u)`` rows, row ``k`` is ``u[k] · v``.

    It is ``∂L/∂W`` for ``a = W · v + b`` when ``u = ∂L/∂a``.

    >>> outer(Vector([2.0]), Vector([1.0, -0.5]))
    Matrix([[2.0, -1.0]])
    """
    return tuple.__new__(Matrix, [v * u_k for u_k in u])


def add_params(total: Mapping[str, Any] | None, more: Mapping[str, Any]) -> dict[str, Any]:
    """``total + more`` key by key (Matrix rows or Vectors); ``None + more`` is ``more``.

    Backpropagation through time sums each weight's gradient over the steps.

    >>> add_params(None, {"b": Vector([1.0, 2.0])})
    {'b': Vector([1.0, 2.0])}
    >>> add_params({"b": Vector([1.0, 2.0])}, {"b": Vector([0.5, 0.5])})
    {'b': Vector([1.5, 2.5])}
    """
    if total is None:
        return dict(more)
    summed: dict[str, Any] = {}
    for name, value in total.items():
        if isinstance(value, Matrix):
            summed[name] = tuple.__new__(Matrix, map(add, value, more[name]))
        else:
            summed[name] = value + more[name]
    return summed


class StepGradients(NamedTuple):
    """The gradients of one step, given what the loss sends back to its outputs.

    ``params`` has the cell's keys (Matrix/Vector values); ``dx``, ``dh_prev``
    and ``dc_prev`` are ``∂L/∂x_t``, ``∂L/∂h_{t-1}`` and ``∂L/∂C_{t-1}``
    (``None`` for a GRU, which has no cell state).

    >>> from tinyrnn import examples
    >>> from tinyrnn.lstm_backward import lstm_step_backward
    >>> grads = lstm_step_backward(examples.slide_lstm_cell().weights, examples.slide_lstm(), Vector([1.0, 0, 0]),
    ...                            Vector.zeros(3))
    >>> sorted(grads.params), len(grads.dx), len(grads.dh_prev), len(grads.dc_prev)
    (['W_c', 'W_f', 'W_i', 'W_o', 'b_c', 'b_f', 'b_i', 'b_o'], 3, 3, 3)
    """

    params: dict[str, Any]
    dx: Vector
    dh_prev: Vector
    dc_prev: Vector | None


class Gradients:
    """The gradients of a whole sequence, as returned by :func:`tinyrnn.backward`.

    ``params`` holds ``∂L/∂W`` for every weight and bias, summed over the
    steps, with the same keys, shapes and plain nested lists as ``cell.params``;
    ``dx`` has ``∂L/∂x_t`` for every step; ``dh0`` is ``∂L/∂h_0``, and ``dc0``
    is ``∂L/∂C_0`` (LSTM only: a GRU has no cell state, and ``dc0`` raises
    ``AttributeError``).

    >>> import tinyrnn
    >>> cell = tinyrnn.LSTMCell(input_size=1, hidden_size=2, seed=0)
    >>> grads = tinyrnn.backward(cell, cell.run([[1.0], [2.0]]), dh=[1.0, 0.0])
    >>> grads
    Gradients(params: W_f, b_f, W_i, b_i, W_c, b_c, W_o, b_o; dx: 2 steps; dh0, dc0)
    >>> len(grads.params["W_f"]), len(grads.params["W_f"][0])     # H rows of H + I, like cell.params
    (2, 3)
    """

    __slots__ = ("_dc0", "_dh0", "_dx", "_params")

    def __init__(self, params: dict[str, Any], dx: Iterable[Vector], dh0: Vector, dc0: Vector | None = None) -> None:
        self._params = params
        self._dx = tuple(dx)
        self._dh0 = dh0
        self._dc0 = dc0

    @classmethod
    def from_totals(
        cls, totals: Mapping[str, Any], dx: Iterable[Vector], dh0: Vector, dc0: Vector | None = None
    ) -> Gradients:
        """From Matrix/Vector totals (converted to plain lists)."""
        return cls(to_plain(dict(totals)), dx, dh0, dc0)

    @property
    def params(self) -> dict[str, Any]:
        """``∂L/∂W`` and ``∂L/∂b`` for every parameter, shaped like ``cell.params`` (a fresh copy)."""
        return {
            name: [list(row) for row in value] if value and isinstance(value[0], list) else list(value)
            for name, value in self._params.items()
        }

    @property
    def dx(self) -> tuple[Vector, ...]:
        """``∂L/∂x_t`` for every step ``t`` of the sequence."""
        return self._dx

    @property
    def dh0(self) -> Vector:
        """``∂L/∂h_0``: what the loss sends back to the initial hidden state."""
        return self._dh0

    @property
    def dc0(self) -> Vector:
        """``∂L/∂C_0``: what the loss sends back to the initial cell state (LSTM only)."""
        if self._dc0 is None:
            raise AttributeError("a GRU has no cell state, so there is no dc0; use dh0")
        return self._dc0

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data: ``params``, ``dx``, ``dh0`` (and ``dc0``)."""
        data: dict[str, Any] = {"params": self.params, "dx": [list(v) for v in self._dx], "dh0": list(self._dh0)}
        if self._dc0 is not None:
            data["dc0"] = list(self._dc0)
        return data

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Gradients) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]  # holds lists

    def __repr__(self) -> str:
        names = ", ".join(self._params)
        states = "dh0, dc0" if self._dc0 is not None else "dh0"
        return f"Gradients(params: {names}; dx: {len(self._dx)} steps; {states})"
