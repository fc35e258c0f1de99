"""Vectors and matrices of floats: the only data structure tinyrnn needs.

A :class:`Vector` is an immutable sequence of finite floats with the
elementwise arithmetic of the slides::

    a + b      a - b      a * b  (the Hadamard product a ⊙ b)
    1 - z      0.5 * a    a * 0.5   (a real number acts on every element)

A :class:`Matrix` is an immutable tuple of equally long row vectors, and
``W @ v`` is the matrix-vector product ``W · v``. :func:`concat` builds the
slides' ``[h_{t-1}, x_t]``.

Numerics. Everything is float64. Operands are always finite (constructors
reject NaN and ±inf), and a result that overflows float64 saturates at
``±sys.float_info.max`` instead of becoming ``inf``; a dot product whose
float sum overflows is recomputed exactly and then saturated. So no
``inf - inf = nan`` can ever appear in a trace. Lengths must match exactly:
nothing is truncated or broadcast, except a single real number, which
multiplies or shifts every element as in ``1 - z``.

>>> h_prev = Vector([0.2, 0.4, -0.1])
>>> x = Vector([0.5, -0.3, 0.8])
>>> concat(h_prev, x)
Vector([0.2, 0.4, -0.1, 0.5, -0.3, 0.8])
>>> W = Matrix([[1, 0, 0, 0, 0, 0], [0, 0, 0, 1, 1, 0]])
>>> W @ concat(h_prev, x)
Vector([0.2, 0.2])
>>> 1 - Vector([0.25, 1.0])
Vector([0.75, 0.0])
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from functools import partial
from math import copysign
from operator import add, mul, sub
from typing import Any, SupportsIndex

from tinyrnn.checks import empty, is_real, real, received, sequence_items

__all__ = ["Matrix", "Vector", "as_matrix", "as_vector", "concat", "dot", "matvec"]

MAX_FLOAT = sys.float_info.max


class Vector(tuple[float, ...]):
    """An immutable vector of finite floats with elementwise ``+``, ``-`` and ``*``.

    ``Vector(values)`` accepts any ordered iterable of real numbers (``int``,
    ``float``, NumPy floats...) and stores them as floats. It rejects strings,
    ``bool``, ``None``, complex numbers, nested lists, NaN, ±inf and empty input.

    >>> f = Vector([0.65, 0.42, 0.78])
    >>> c_prev = Vector([0.6, -0.2, 0.3])
    >>> round(f * c_prev, 3)                     # f_t ⊙ C_{t-1}
    Vector([0.39, -0.084, 0.234])
    >>> len(f), f[0], list(f)
    (3, 0.65, [0.65, 0.42, 0.78])
    >>> Vector([1, 2]) + Vector([3, 4, 5])
    Traceback (most recent call last):
    ...
    ValueError: cannot add vectors of lengths 2 and 3
    """

    __slots__ = ()

    def __new__(cls, values: Iterable[float] = ()) -> Vector:
        return as_vector(values, "values", _cls=cls)

    @classmethod
    def zeros(cls, length: int) -> Vector:
        """The vector of ``length`` zeros (the default initial state).

        >>> Vector.zeros(3)
        Vector([0.0, 0.0, 0.0])
        """
        from tinyrnn.checks import size

        return trusted((0.0,) * size(length, "length"))

    @classmethod
    def ones(cls, length: int) -> Vector:
        """The vector of ``length`` ones (the forget gate of an LSTM that has none).

        >>> Vector.ones(2)
        Vector([1.0, 1.0])
        """
        from tinyrnn.checks import size

        return trusted((1.0,) * size(length, "length"))

    # Elementwise arithmetic -------------------------------------------------

    def __add__(self, other: object) -> Vector:
        return _elementwise(add, self, other, "add")

    def __radd__(self, other: object) -> Vector:
        return _elementwise(add, self, other, "add", reflected=True)

    def __sub__(self, other: object) -> Vector:
        return _elementwise(sub, self, other, "subtract")

    def __rsub__(self, other: object) -> Vector:
        return _elementwise(sub, self, other, "subtract", reflected=True)

    def __mul__(self, other: object) -> Vector:
        return _elementwise(mul, self, other, "multiply")

    def __rmul__(self, other: object) -> Vector:
        return _elementwise(mul, self, other, "multiply", reflected=True)

    def __neg__(self) -> Vector:
        return trusted(tuple(-v for v in self))

    def __round__(self, ndigits: SupportsIndex | None = None) -> Vector:
        """``round(v, d)`` rounds every element to ``d`` decimals (for display and tests)."""
        digits = 0 if ndigits is None else ndigits
        return trusted(tuple(round(v, digits) for v in self))

    def __repr__(self) -> str:
        return f"Vector({list(self)!r})"

    def __getnewargs__(self) -> tuple[tuple[float, ...]]:
        return (tuple(self),)


class Matrix(tuple[Vector, ...]):
    """An immutable matrix: a non-empty tuple of equally long row :class:`Vector` s.

    ``W @ v`` is the matrix-vector product; ``W.T`` the transpose.

    >>> W_f = Matrix([[0.1, 0.2], [0.3, 0.4]])
    >>> W_f.shape
    (2, 2)
    >>> round(W_f @ Vector([1.0, -1.0]), 10)
    Vector([-0.1, -0.1])
    >>> Matrix([[1, 2], [3]])
    Traceback (most recent call last):
    ...
    ValueError: rows[1] has length 1 but rows[0] has length 2; a matrix must not be ragged
    """

    __slots__ = ()

    def __new__(cls, rows: Iterable[Iterable[float]] = ()) -> Matrix:
        return as_matrix(rows, "rows", _cls=cls)

    @property
    def shape(self) -> tuple[int, int]:
        """``(number of rows, number of columns)``: ``(H, H + I)`` for a slide weight matrix.

        >>> Matrix([[1, 2, 3], [4, 5, 6]]).shape
        (2, 3)
        """
        return (len(self), len(self[0]))

    @property
    def T(self) -> Matrix:
        """The transposed matrix (Keras and d2l store ``W.T``: they multiply ``x W``).

        >>> Matrix([[1, 2], [3, 4]]).T
        Matrix([[1.0, 3.0], [2.0, 4.0]])
        """
        return tuple.__new__(Matrix, (trusted(column) for column in zip(*self, strict=True)))

    def __matmul__(self, v: object) -> Vector:
        return matvec(self, v)

    def __repr__(self) -> str:
        return f"Matrix({[list(row) for row in self]!r})"

    def __getnewargs__(self) -> tuple[tuple[Vector, ...]]:
        return (tuple(self),)


_PLAIN_SEQUENCES = (list, tuple)
_ONLY_FLOAT = {float}


def _all_finite(values: Iterable[float]) -> bool:
    """``True`` if no element is NaN or ±inf (a sum that overflows only sends us to the slow path)."""
    total = sum(values)
    return total - total == 0.0


def _all_finite_floats(values: list[Any] | tuple[Any, ...]) -> bool:
    return bool(values) and set(map(type, values)) == _ONLY_FLOAT and _all_finite(values)


#: Wrap an iterable of floats already known to be finite as a :class:`Vector`, with no validation
#: (``tuple.__new__`` itself, so the fast kernels pay no Python call for it).
trusted: Callable[[Iterable[float]], Vector] = partial(tuple.__new__, Vector)


def map_trusted(function: Callable[[float], float], vector: Vector) -> Vector:
    """``Vector(map(function, vector))`` for a function known to map finite floats to finite floats."""
    return tuple.__new__(Vector, map(function, vector))


def as_vector(
    value: object, name: str, length: int | None = None, length_name: str = "", *, _cls: type[Vector] = Vector
) -> Vector:
    """Return ``value`` as a :class:`Vector`, validating it as argument ``name``.

    If ``length`` is given the vector must have exactly that many elements;
    ``length_name`` says where the length comes from, e.g. ``"input_size"``.

    >>> as_vector([0.5, -0.3], "x", 3, "input_size")
    Traceback (most recent call last):
    ...
    ValueError: x has length 2 but input_size is 3
    """
    if type(value) is Vector and _cls is Vector:
        result: Vector = value
    elif type(value) in _PLAIN_SEQUENCES and _all_finite_floats(value):  # type: ignore[arg-type]
        result = tuple.__new__(_cls, value)  # type: ignore[arg-type]  # the common case: a list of finite floats
    else:
        items = sequence_items(value, name)
        if not items:
            raise empty(value, name, "at least one number")
        floats = []
        for k, item in enumerate(items):
            if type(item) is float and item - item == 0.0:
                floats.append(item)
            else:
                floats.append(real(item, f"{name}[{k}]"))
        result = tuple.__new__(_cls, floats)
    if length is not None and len(result) != length:
        raise ValueError(f"{name} has length {len(result)} but {length_name or 'the expected length'} is {length}")
    return result


def as_matrix(
    value: object,
    name: str,
    rows: int | None = None,
    cols: int | None = None,
    *,
    rows_name: str = "",
    cols_name: str = "",
    _cls: type[Matrix] = Matrix,
) -> Matrix:
    """Return ``value`` as a :class:`Matrix`, validating it as argument ``name``.

    ``rows`` and ``cols``, when given, are the required shape; ``rows_name``
    and ``cols_name`` explain them in the error message.

    >>> as_matrix([[1, 2, 3]], "W_f", 1, 2, cols_name="hidden_size + input_size")
    Traceback (most recent call last):
    ...
    ValueError: W_f[0] has length 3 but hidden_size + input_size is 2
    """
    if type(value) is Matrix and _cls is Matrix:
        result: Matrix = value
    else:
        items = sequence_items(value, name)
        if not items:
            raise empty(value, name, "at least one row")
        vectors = []
        for k, row in enumerate(items):
            if isinstance(row, bool) or not isinstance(row, Iterable) or isinstance(row, str | bytes):
                raise TypeError(f"{name}[{k}] must be a row (a sequence of numbers), got {received(row)}")
            vectors.append(as_vector(row, f"{name}[{k}]"))
        for k, row in enumerate(vectors):
            if len(row) != len(vectors[0]):
                raise ValueError(
                    f"{name}[{k}] has length {len(row)} but {name}[0] has length {len(vectors[0])}; "
                    "a matrix must not be ragged"
                )
        result = tuple.__new__(_cls, vectors)
    if rows is not None and len(result) != rows:
        raise ValueError(f"{name} has {len(result)} rows but {rows_name or 'the expected number of rows'} is {rows}")
    if cols is not None and len(result[0]) != cols:
        raise ValueError(f"{name}[0] has length {len(result[0])} but {cols_name or 'the expected length'} is {cols}")
    return result


def concat(a: Iterable[float], b: Iterable[float]) -> Vector:
    """The concatenation ``[a, b]``, e.g. ``[h_{t-1}, x_t]`` (hidden state first, as on the slides).

    >>> concat([0.2, 0.4], [0.5])
    Vector([0.2, 0.4, 0.5])
    """
    return trusted((*as_vector(a, "a"), *as_vector(b, "b")))


def plain_dot(a: Iterable[float], b: Iterable[float]) -> float:
    """``Σ_k a[k]·b[k]`` added left to right from 0: ``sum(map(mul, a, b))``, with no overflow check.

    >>> plain_dot([1.0, 2.0], [3.0, 4.0])
    11.0
    """
    total: float = sum(map(mul, a, b))
    return total


#: The float dot product :func:`dot` uses, with no overflow check: ``math.sumprod`` on Python ≥ 3.12
#: (one C loop, extended precision), :func:`plain_dot` before.
float_dot: Callable[[Iterable[float], Iterable[float]], float]
try:
    from math import sumprod as float_dot  # type: ignore[attr-defined,no-redef]
except ImportError:  # Python 3.10 and 3.11
    float_dot = plain_dot

#: ``True`` where :data:`float_dot` adds left to right (Python < 3.12): then a dot product written out
#: term by term, ``0.0 + a0 * b0 + a1 * b1 + …``, gives the same float (the fast kernels rely on it).
LEFT_TO_RIGHT = float_dot is plain_dot


def dot(a: Vector, b: Vector) -> float:
    """The dot product ``Σ_k a[k]·b[k]`` of two equally long vectors of finite floats.

    Float arithmetic (``math.sumprod`` on Python ≥ 3.12, ``sum(map(mul, a, b))``
    before); if that overflows, the exact sum is rounded once and saturated at
    ``±sys.float_info.max``. This one function is what every cell uses, in the
    readable reference code and in the fast kernels alike.

    >>> dot(Vector([1.0, 2.0]), Vector([3.0, 4.0]))
    11.0
    >>> dot(Vector([1e308, -1e308]), Vector([10.0, 10.0]))  # the float sum would be nan
    0.0
    """
    total = float_dot(a, b)
    if total - total == 0.0:
        return total
    return _exact_dot(a, b)


def _exact_dot(a: Iterable[float], b: Iterable[float]) -> float:
    from fractions import Fraction  # rare path: only when float arithmetic overflowed

    exact = sum((Fraction(u) * Fraction(v) for u, v in zip(a, b, strict=True)), Fraction(0))
    try:
        return float(exact)
    except OverflowError:
        return MAX_FLOAT if exact > 0 else -MAX_FLOAT


def matvec(W: Matrix, v: object) -> Vector:
    """The matrix-vector product ``W · v``: one :func:`dot` per row of ``W``.

    >>> matvec(Matrix([[1, 2], [3, 4]]), [1, 1])
    Vector([3.0, 7.0])
    """
    vector = as_vector(v, "the right operand of @", len(W[0]), "the number of matrix columns")
    return trusted(tuple([dot(row, vector) for row in W]))


def _saturate(values: tuple[float, ...]) -> Vector:
    """Replace an overflowed ±inf by ±max float; finite operands can never give NaN here."""
    if _all_finite(values):
        return trusted(values)
    return trusted(tuple(v if v - v == 0.0 else copysign(MAX_FLOAT, v) for v in values))


def _elementwise(
    operation: Callable[[float, float], float], vector: Vector, other: object, word: str, *, reflected: bool = False
) -> Vector:
    if (isinstance(other, int | float) and not isinstance(other, bool)) or _is_scalar(other):
        scalar = real(other, "the scalar operand")
        pairs: Iterable[tuple[float, float]] = (
            ((scalar, v) for v in vector) if reflected else ((v, scalar) for v in vector)
        )
        return _saturate(tuple(operation(a, b) for a, b in pairs))
    if not isinstance(other, tuple | list) and not _is_array_like(other):
        return NotImplemented  # type: ignore[no-any-return]  # Python then raises a TypeError naming both types
    operand = as_vector(other, "the other operand")
    if len(operand) != len(vector):
        lengths = (len(operand), len(vector)) if reflected else (len(vector), len(operand))
        raise ValueError(f"cannot {word} vectors of lengths {lengths[0]} and {lengths[1]}")
    left, right = (operand, vector) if reflected else (vector, operand)
    return _saturate(tuple(map(operation, left, right)))


def _is_array_like(value: object) -> bool:
    return hasattr(value, "__array__") and hasattr(value, "__len__")


def _is_scalar(value: object) -> bool:
    return not isinstance(value, bool) and is_real(value) and not hasattr(value, "__len__")
