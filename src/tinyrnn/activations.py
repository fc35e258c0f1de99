"""The two squashing functions of the slides, σ and tanh, the plain RNN's ReLU, and their derivatives.

    σ(a)    = 1 / (1 + e^(−a))        in [0, 1]   (a gate: how much to let through)
    tanh(a) = (e^a − e^(−a)) / (e^a + e^(−a))  in [−1, 1]   (a candidate value)

Both accept a real number (and return a float) or a sequence (and return a
:class:`~tinyrnn.vector.Vector`). Both are finite, in range and monotone for
every finite float, ±1e308 included: σ never evaluates ``exp`` of a large
positive number, so it cannot overflow.

Laws (each one a property test in ``tests/test_activations.py``):
σ(−a) = 1 − σ(a);  tanh(a) = 2σ(2a) − 1;  σ(0) = 0.5;  tanh(−a) = −tanh(a).

The derivatives are written in terms of the function's *output*, which is
what a trace stores and what the backward pass reads:
σ'(a) = s·(1 − s) with s = σ(a);  tanh'(a) = 1 − t² with t = tanh(a);
relu'(a) = 1 where r = relu(a) > 0, else 0 (ReLU(a) = max(0, a), the plain
RNN's other activation; its derivative at 0 is taken as 0, as PyTorch does).

>>> sigmoid(0.0)
0.5
>>> sigmoid([-1e308, 0.0, 1e308])
Vector([0.0, 0.5, 1.0])
>>> round(tanh(0.81), 4)
0.6696
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import overload

from tinyrnn.checks import real
from tinyrnn.vector import Vector, as_vector, map_trusted

__all__ = ["relu", "relu_derivative", "sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative"]


def sigmoid_scalar(a: float) -> float:
    """σ(a) for one finite float: ``1/(1 + e^−a)``, rewritten as ``e^a/(1 + e^a)`` for a < 0.

    Both branches only ever call ``exp`` of a non-positive number, so nothing
    overflows, and small results keep their full relative precision.
    """
    if a >= 0.0:
        return 1.0 / (1.0 + math.exp(-a))
    e = math.exp(a)
    return e / (1.0 + e)


tanh_scalar = math.tanh  # math.tanh is already stable: tanh(±1e308) = ±1.0


def relu_scalar(a: float) -> float:
    """ReLU(a) = max(0, a) for one finite float (``-0.0`` and ``0.0`` give ``0.0``)."""
    return a if a > 0.0 else 0.0


@overload
def sigmoid(x: float) -> float: ...
@overload
def sigmoid(x: Iterable[float]) -> Vector: ...
def sigmoid(x: float | Iterable[float]) -> float | Vector:
    """The logistic sigmoid σ(x) = 1 / (1 + e^(−x)), elementwise on sequences.

    Args:
        x: a real number, or a sequence of real numbers.

    Returns:
        A float in [0, 1] for a number; a Vector of such floats for a sequence.

    >>> sigmoid(0.62)
    0.6502185485738271
    >>> round(sigmoid([-0.1, 1.24]), 4)
    Vector([0.475, 0.7756])
    """
    if isinstance(x, Iterable):
        return map_trusted(sigmoid_scalar, as_vector(x, "x"))
    return sigmoid_scalar(real(x, "x"))


@overload
def tanh(x: float) -> float: ...
@overload
def tanh(x: Iterable[float]) -> Vector: ...
def tanh(x: float | Iterable[float]) -> float | Vector:
    """The hyperbolic tangent tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)), elementwise on sequences.

    Args:
        x: a real number, or a sequence of real numbers.

    Returns:
        A float in [−1, 1] for a number; a Vector of such floats for a sequence.

    >>> tanh(0.0)
    0.0
    >>> round(tanh([0.81, -1e308]), 4)
    Vector([0.6696, -1.0])
    """
    if isinstance(x, Iterable):
        return map_trusted(tanh_scalar, as_vector(x, "x"))
    return tanh_scalar(real(x, "x"))


@overload
def sigmoid_derivative(s: float) -> float: ...
@overload
def sigmoid_derivative(s: Iterable[float]) -> Vector: ...
def sigmoid_derivative(s: float | Iterable[float]) -> float | Vector:
    """dσ/da written with the output: σ'(a) = s · (1 − s), where s = σ(a).

    >>> sigmoid_derivative(sigmoid(0.0))
    0.25
    """
    if isinstance(s, Iterable):
        gate = as_vector(s, "s")
        return gate * (1.0 - gate)
    value = real(s, "s")
    return value * (1.0 - value)


@overload
def tanh_derivative(t: float) -> float: ...
@overload
def tanh_derivative(t: Iterable[float]) -> Vector: ...
def tanh_derivative(t: float | Iterable[float]) -> float | Vector:
    """d tanh/da written with the output: tanh'(a) = 1 − t², where t = tanh(a).

    >>> tanh_derivative(tanh(0.0))
    1.0
    """
    if isinstance(t, Iterable):
        value = as_vector(t, "t")
        return 1.0 - value * value
    scalar = real(t, "t")
    return 1.0 - scalar * scalar


@overload
def relu(x: float) -> float: ...
@overload
def relu(x: Iterable[float]) -> Vector: ...
def relu(x: float | Iterable[float]) -> float | Vector:
    """ReLU(x) = max(0, x), elementwise on sequences: the plain RNN's other activation, in [0, ∞).

    >>> relu([-1.5, 0.0, 2.5])
    Vector([0.0, 0.0, 2.5])
    """
    if isinstance(x, Iterable):
        return map_trusted(relu_scalar, as_vector(x, "x"))
    return relu_scalar(real(x, "x"))


@overload
def relu_derivative(r: float) -> float: ...
@overload
def relu_derivative(r: Iterable[float]) -> Vector: ...
def relu_derivative(r: float | Iterable[float]) -> float | Vector:
    """d ReLU/da written with the output: 1 where r = ReLU(a) > 0, else 0.

    >>> relu_derivative(relu([-1.0, 2.0]))
    Vector([0.0, 1.0])
    """
    if isinstance(r, Iterable):
        return map_trusted(lambda v: 1.0 if v > 0.0 else 0.0, as_vector(r, "r"))
    return 1.0 if real(r, "r") > 0.0 else 0.0
