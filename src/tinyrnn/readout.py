"""A linear read-out layer: what turns a hidden state into a prediction.

A cell's hidden state ``h_t`` is not yet an answer. A read-out layer maps it
to one: ``y_t = W_y · h_t + b_y`` (a number to regress, or one logit per
class for :func:`~tinyrnn.losses.cross_entropy`). Its backward pass is the
one of any affine map (see :mod:`tinyrnn.gradients`)::

    ∂L/∂W_y = ∂L/∂y ⊗ h_t      ∂L/∂b_y = ∂L/∂y      ∂L/∂h_t = W_yᵀ · ∂L/∂y

and ``∂L/∂h_t`` is what :func:`tinyrnn.backward` takes as ``dh``.

>>> layer = Linear.from_params({"W_y": [[1.0, -1.0]], "b_y": [0.5]})
>>> layer([0.25, 0.75])
Vector([0.0])
>>> grads, dh = layer.backward([0.25, 0.75], dy=[2.0])
>>> grads, dh
({'W_y': [[0.5, 1.5]], 'b_y': [2.0]}, Vector([2.0, -2.0]))
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from typing import Any

from tinyrnn.checks import received, size
from tinyrnn.gradients import outer
from tinyrnn.params import to_plain
from tinyrnn.vector import Matrix, Vector, as_matrix, as_vector

__all__ = ["Linear"]


class Linear:
    """``y = W_y · h + b_y``: ``in_features`` numbers in, ``out_features`` out.

    Args:
        in_features: the length of ``h`` (a cell's ``hidden_size``).
        out_features: the length of ``y``.
        seed: weights uniform in ``±1/√in_features`` from ``random.Random(seed)``
            (``W_y`` row by row, then ``b_y``); ``None`` draws fresh ones.

    Immutable, like the cells: :meth:`from_params` builds a new layer from
    updated weights.

    >>> layer = Linear(in_features=3, out_features=2, seed=0)
    >>> len(layer([0.1, 0.2, 0.3])), layer.num_parameters
    (2, 8)
    >>> Linear.from_params(layer.params) == layer
    True
    """

    __slots__ = ("_W_y", "_b_y", "_columns")
    _W_y: Matrix
    _b_y: Vector
    _columns: Matrix

    def __init__(self, in_features: int, out_features: int, *, seed: int | None = None) -> None:
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise TypeError(f"seed must be an int or None, got {received(seed)}")
        n_in, n_out = size(in_features, "in_features"), size(out_features, "out_features")
        rng = random.Random(seed)
        bound = 1.0 / math.sqrt(n_in)
        W_y = [[rng.uniform(-bound, bound) for _ in range(n_in)] for _ in range(n_out)]
        b_y = [rng.uniform(-bound, bound) for _ in range(n_out)]
        self._set(self._checked({"W_y": W_y, "b_y": b_y}))

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Linear:
        """A layer with the given weights: ``W_y`` (out_features rows of in_features numbers) and ``b_y``."""
        layer = cls.__new__(cls)
        layer._set(cls._checked(params))
        return layer

    @staticmethod
    def _checked(params: object) -> dict[str, Any]:
        if not isinstance(params, Mapping):
            raise TypeError(f"params must be a mapping of W_y and b_y, got {received(params)}")
        for key in params:
            if key not in ("W_y", "b_y"):
                raise ValueError(f"params has unknown key {key!r}; a Linear layer needs exactly W_y, b_y")
        for key in ("W_y", "b_y"):
            if key not in params:
                raise ValueError(f"params is missing {key!r}; a Linear layer needs exactly W_y, b_y")
        W_y = as_matrix(params["W_y"], "params['W_y']")
        b_y = as_vector(params["b_y"], "params['b_y']", len(W_y), "the number of rows of W_y (out_features)")
        return {"W_y": W_y, "b_y": b_y}

    def _set(self, checked: dict[str, Any]) -> None:
        self._W_y, self._b_y = checked["W_y"], checked["b_y"]
        self._columns = self._W_y.T

    @property
    def in_features(self) -> int:
        """The length of the input ``h``."""
        return len(self._W_y[0])

    @property
    def out_features(self) -> int:
        """The length of the output ``y``."""
        return len(self._W_y)

    @property
    def params(self) -> dict[str, Any]:
        """``W_y`` and ``b_y`` as plain nested lists (a fresh copy)."""
        return to_plain({"W_y": self._W_y, "b_y": self._b_y})

    @property
    def num_parameters(self) -> int:
        """``out_features × (in_features + 1)``."""
        return self.out_features * (self.in_features + 1)

    def __call__(self, h: Any) -> Vector:
        """``y = W_y · h + b_y``."""
        return self._W_y @ as_vector(h, "h", self.in_features, "in_features") + self._b_y

    def backward(self, h: Any, dy: Any) -> tuple[dict[str, Any], Vector]:
        """``({"W_y": ∂L/∂W_y, "b_y": ∂L/∂b_y}, ∂L/∂h)`` from the input ``h`` and ``dy = ∂L/∂y``."""
        h = as_vector(h, "h", self.in_features, "in_features")
        dy = as_vector(dy, "dy", self.out_features, "out_features")
        grads = {"W_y": outer(dy, h), "b_y": dy}  # ∂L/∂W_y = dy ⊗ h,  ∂L/∂b_y = dy
        return to_plain(grads), self._columns @ dy  # ∂L/∂h = W_yᵀ · dy

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Linear) and (self._W_y, self._b_y) == (other._W_y, other._b_y)

    def __hash__(self) -> int:
        return hash((self._W_y, self._b_y))

    def __repr__(self) -> str:
        return f"Linear(in_features={self.in_features}, out_features={self.out_features})"
