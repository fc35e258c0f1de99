"""Two loss functions and their gradients: what starts a backward pass.

Each function returns ``(loss, gradient)``: the number to minimise and its
derivative with respect to the prediction, ready to be sent back through a
read-out layer and :func:`tinyrnn.backward`::

    mean squared error        L = (1/n) Σ_k (y_k − t_k)²           ∂L/∂y = (2/n) (y − t)
    softmax cross-entropy     p = softmax(z),  L = −log p_label    ∂L/∂z = p − onehot(label)

Both losses stay finite for any finite input: a loss too large for a float
saturates at ``sys.float_info.max``, as :class:`~tinyrnn.Vector` arithmetic does.

>>> loss, dy = mse([0.5, 1.0], [0.0, 1.0])
>>> loss, dy
(0.125, Vector([0.5, 0.0]))
>>> loss, dz = cross_entropy([0.0, 0.0], label=1)     # two equal logits: p = (1/2, 1/2)
>>> round(loss, 6), dz                                 # −log(1/2) = log 2
(0.693147, Vector([0.5, -0.5]))
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable
from typing import Any

from tinyrnn.checks import received
from tinyrnn.vector import Vector, as_vector

__all__ = ["cross_entropy", "mse", "softmax"]

MAX_FLOAT = sys.float_info.max


def _saturated(value: float) -> float:
    return value if value < MAX_FLOAT else MAX_FLOAT


def _sum_of_squares(values: Iterable[float]) -> float:
    try:
        return _saturated(math.fsum(v * v for v in values))
    except OverflowError:  # fsum of several huge squares: the exact sum does not fit in a float
        return MAX_FLOAT


def mse(prediction: Any, target: Any) -> tuple[float, Vector]:
    """Mean squared error ``L = (1/n) Σ (y − t)²`` and ``∂L/∂y = (2/n)(y − t)``.

    Args:
        prediction: ``y``, a sequence of n real numbers.
        target: ``t``, a sequence of n real numbers.

    >>> mse([1.0, 3.0], [0.0, 1.0])             # ((1 − 0)² + (3 − 1)²) / 2
    (2.5, Vector([1.0, 2.0]))
    """
    y = as_vector(prediction, "prediction")
    t = as_vector(target, "target", len(y), "len(prediction)")
    error = y - t
    n = len(y)
    total = _sum_of_squares(error)
    return (total if total == MAX_FLOAT else total / n), error * (2.0 / n)


def softmax(logits: Any) -> Vector:
    """``p_k = e^{z_k} / Σ_j e^{z_j}``, computed as ``e^{z_k − max z}`` so that nothing overflows.

    >>> softmax([1000.0, 1000.0])
    Vector([0.5, 0.5])
    """
    z = as_vector(logits, "logits")
    top = max(z)
    exps = [math.exp(v - top) for v in z]
    total = math.fsum(exps)
    return Vector([e / total for e in exps])


def cross_entropy(logits: Any, label: int) -> tuple[float, Vector]:
    """Softmax cross-entropy ``L = −log softmax(z)[label]`` and ``∂L/∂z = softmax(z) − onehot(label)``.

    ``L`` is computed as ``log Σ_j e^{z_j − max z} − (z_label − max z)``, so
    nothing overflows but a loss beyond the largest float, which saturates.

    Args:
        logits: ``z``, one real number per class.
        label: the index of the correct class, ``0 ≤ label < len(logits)``.

    >>> loss, dz = cross_entropy([2.0, 0.0, 0.0], label=0)
    >>> round(loss, 4), round(dz, 4)            # p = softmax(z); dz = p − (1, 0, 0)
    (0.2395, Vector([-0.213, 0.1065, 0.1065]))
    """
    z = as_vector(logits, "logits")
    if isinstance(label, bool) or not isinstance(label, int):
        raise TypeError(f"label must be an int (the index of the correct class), got {received(label)}")
    if not 0 <= label < len(z):
        raise ValueError(f"label must be between 0 and {len(z) - 1} (there are {len(z)} logits), got {label}")
    top = max(z)
    log_total = math.log(math.fsum(math.exp(v - top) for v in z))
    p = softmax(z)
    onehot = [1.0 if k == label else 0.0 for k in range(len(z))]
    gap = z[label] - top  # ≤ 0; below −max float only when the logits span more than the float range
    return _saturated(log_total - gap if gap - gap == 0.0 else MAX_FLOAT), p - onehot
