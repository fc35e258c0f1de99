"""Optimisers: how a gradient changes the weights.

They work on *parameter mappings* shaped like ``cell.params``: a name maps
to a vector (a list of numbers) or a matrix (a list of rows). ``step``
returns new weights; it never changes its arguments, since cells are
immutable (build the next cell with ``from_params``)::

    SGD       θ ← θ − lr · g                      (with momentum μ:  v ← μ·v + g,  θ ← θ − lr · v)
    Adam      m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
              θ ← θ − lr · m̂ / (√v̂ + ε),   m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)   (t = number of steps)

>>> opt = SGD(lr=0.5)
>>> opt.step({"b": [1.0, 2.0]}, {"b": [0.5, -1.0]})
{'b': [0.75, 2.5]}
>>> clip_gradients({"b": [3.0, 4.0]}, max_norm=1.0)     # the norm was 5
({'b': [0.6000000000000001, 0.8]}, 5.0)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from operator import add
from typing import Any

from tinyrnn.checks import real, received

__all__ = ["SGD", "Adam", "add_gradients", "clip_gradients", "scale_gradients"]

Params = dict[str, Any]  # name -> list of floats, or list of rows


def _leaves(value: Any) -> list[list[float]]:
    """The rows of a matrix, or ``[vector]``: the lists of floats inside a parameter."""
    return value if value and isinstance(value[0], list | tuple) else [value]


def _combine(function: Callable[..., float], first: Mapping[str, Any], *others: Mapping[str, Any]) -> Params:
    """Apply ``function`` number by number to equally shaped parameter mappings."""
    result: Params = {}
    for name, value in first.items():
        if value and isinstance(value[0], list | tuple):
            result[name] = [
                list(map(function, row, *(other[name][r] for other in others))) for r, row in enumerate(value)
            ]
        else:
            result[name] = list(map(function, value, *(other[name] for other in others)))
    return result


def _zeros_like(grads: Mapping[str, Any]) -> Params:
    return _combine(lambda _: 0.0, grads)


def _check_shapes(params: object, grads: object, names: tuple[str, str] = ("params", "grads")) -> None:
    expected = "a mapping of parameter names to lists (like cell.params)"
    if not isinstance(params, Mapping):
        raise TypeError(f"{names[0]} must be {expected}, got {received(params)}")
    if not isinstance(grads, Mapping):
        raise TypeError(f"{names[1]} must be {expected}, got {received(grads)}")
    if list(params) != list(grads):
        missing = [k for k in params if k not in grads] + [k for k in grads if k not in params]
        raise ValueError(
            f"{names[0]} and {names[1]} must have the same keys in the same order; they differ at {missing[0]!r}"
            if missing
            else f"{names[0]} and {names[1]} must have their keys in the same order"
        )
    for name, value in params.items():
        mine, theirs = _leaves(value), _leaves(grads[name])
        if len(mine) != len(theirs) or any(len(a) != len(b) for a, b in zip(mine, theirs, strict=True)):
            raise ValueError(f"{names[1]}[{name!r}] does not have the shape of {names[0]}[{name!r}]")


def _positive(value: object, name: str) -> float:
    number = real(value, name)
    if number <= 0.0:
        raise ValueError(f"{name} must be positive, got {number}")
    return number


def _fraction(value: object, name: str) -> float:
    number = real(value, name)
    if not 0.0 <= number < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {number}")
    return number


def add_gradients(a: Mapping[str, Any], b: Mapping[str, Any]) -> Params:
    """``a + b`` entry by entry (to sum the gradients of a batch).

    >>> add_gradients({"W": [[1.0, 2.0]]}, {"W": [[0.5, -1.0]]})
    {'W': [[1.5, 1.0]]}
    """
    _check_shapes(a, b, ("a", "b"))
    return _combine(add, a, b)


def scale_gradients(grads: Mapping[str, Any], factor: float) -> Params:
    """``factor · grads`` entry by entry (e.g. ``1 / batch_size``).

    >>> scale_gradients({"b": [1.0, -2.0]}, 0.5)
    {'b': [0.5, -1.0]}
    """
    factor = real(factor, "factor")
    return _combine(lambda g: g * factor, grads)


def clip_gradients(grads: Mapping[str, Any], max_norm: float) -> tuple[Params, float]:
    """Rescale ``grads`` so that their overall Euclidean norm is at most ``max_norm``.

    Returns ``(clipped, norm)``, ``norm`` being the norm before clipping.
    Recurrent networks need this now and then: a gradient summed over many
    steps can be huge ("exploding gradients"), and one huge step undoes training.

    >>> clip_gradients({"b": [0.3, 0.4]}, max_norm=1.0)      # norm 0.5: unchanged
    ({'b': [0.3, 0.4]}, 0.5)
    """
    limit = _positive(max_norm, "max_norm")
    norm = math.sqrt(math.fsum(g * g for value in grads.values() for row in _leaves(value) for g in row))
    if norm <= limit:
        return _combine(float, grads), norm
    return scale_gradients(grads, limit / norm), norm


class SGD:
    """Stochastic gradient descent, with optional momentum: ``θ ← θ − lr · g``.

    Args:
        lr: the learning rate (positive).
        momentum: μ in [0, 1); ``v ← μ·v + g`` and ``θ ← θ − lr · v`` (0: plain SGD).

    >>> SGD(lr=0.1).step({"W": [[1.0, 2.0]]}, {"W": [[10.0, -10.0]]})
    {'W': [[0.0, 3.0]]}
    """

    def __init__(self, lr: float = 0.1, momentum: float = 0.0) -> None:
        self.lr = _positive(lr, "lr")
        self.momentum = _fraction(momentum, "momentum")
        self._velocity: Params | None = None

    def step(self, params: Mapping[str, Any], grads: Mapping[str, Any]) -> Params:
        """The new weights after one step along ``−grads``."""
        _check_shapes(params, grads)
        lr = self.lr
        if self.momentum == 0.0:
            return _combine(lambda p, g: p - lr * g, params, grads)
        mu = self.momentum
        velocity = self._velocity if self._velocity is not None else _zeros_like(grads)
        _check_shapes(params, velocity, ("params", "the velocity from earlier steps"))
        self._velocity = _combine(lambda v, g: mu * v + g, velocity, grads)
        return _combine(lambda p, v: p - lr * v, params, self._velocity)


class Adam:
    """Adam (Kingma & Ba, 2015): a step per weight scaled by running averages of ``g`` and ``g²``.

    Args:
        lr: the learning rate (positive); each weight moves by at most about ``lr`` per step.
        beta1, beta2: decay rates of the running averages ``m`` and ``v``, in [0, 1).
        eps: added to ``√v̂`` to avoid dividing by zero.

    >>> opt = Adam(lr=0.1)
    >>> new = opt.step({"b": [1.0, 1.0]}, {"b": [5.0, -0.001]})
    >>> [round(v, 3) for v in new["b"]]          # the first step moves each weight by ≈ lr, whatever |g|
    [0.9, 1.1]
    """

    def __init__(self, lr: float = 0.01, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> None:
        self.lr = _positive(lr, "lr")
        self.beta1 = _fraction(beta1, "beta1")
        self.beta2 = _fraction(beta2, "beta2")
        self.eps = _positive(eps, "eps")
        self._m: Params | None = None
        self._v: Params | None = None
        self._t = 0

    def step(self, params: Mapping[str, Any], grads: Mapping[str, Any]) -> Params:
        """The new weights after one Adam step."""
        _check_shapes(params, grads)
        b1, b2, eps = self.beta1, self.beta2, self.eps
        m = self._m if self._m is not None else _zeros_like(grads)
        v = self._v if self._v is not None else _zeros_like(grads)
        _check_shapes(params, m, ("params", "the running averages from earlier steps"))
        self._t += 1
        self._m = m = _combine(lambda m_k, g: b1 * m_k + (1.0 - b1) * g, m, grads)
        self._v = v = _combine(lambda v_k, g: b2 * v_k + (1.0 - b2) * g * g, v, grads)
        step_size = self.lr / (1.0 - b1**self._t)  # m̂ = m / (1 − β₁ᵗ), folded into the step
        correction = math.sqrt(1.0 - b2**self._t)  # √v̂ = √v / √(1 − β₂ᵗ)
        return _combine(lambda p, m_k, v_k: p - step_size * m_k / (math.sqrt(v_k) / correction + eps), params, m, v)
