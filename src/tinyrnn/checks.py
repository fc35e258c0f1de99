"""Argument checks that turn bad input into errors that teach.

Every public entry point of tinyrnn validates its arguments through these
helpers, so a wrong type fails with a ``TypeError`` and a wrong value with a
``ValueError`` whose message names the argument, what was expected and what
was received -- never deep inside a list comprehension, never as a silently
wrong number.

>>> real(0.5, "x")
0.5
>>> real("0.5", "x")
Traceback (most recent call last):
...
TypeError: x must be a real number, got the string '0.5'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Set

__all__ = [
    "MAX_SIZE",
    "TEXT",
    "UNORDERED",
    "article",
    "empty",
    "is_real",
    "positive_int",
    "real",
    "received",
    "sequence_items",
    "size",
]

#: Iterables that are not sequences of items: text iterates characters (or bytes), and mappings and
#: sets iterate keys or an arbitrary order. Every check of a sequence argument refuses them.
TEXT: tuple[type, ...] = (str, bytes, bytearray)
UNORDERED: tuple[type, ...] = (Mapping, Set)

#: The largest length, layer size or count tinyrnn accepts (ten million): a pure-Python
#: vector or cell with more numbers than this would not fit in a laptop's memory.
MAX_SIZE = 10_000_000


def received(value: object) -> str:
    """Describe ``value`` for an error message: ``"the string 'a'"``, ``"None"``, ..."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return f"the bool {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if type(value) is int and value.bit_length() > 200:  # repr of a huge int is slow, or refused past 4300 digits
        return f"{'negative ' if value < 0 else ''}int of about {int(value.bit_length() * 0.30103) + 1} digits"
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return f"{type(value).__name__} {shown}"


def real(value: object, name: str) -> float:
    """Return ``value`` as a finite float, or raise naming ``name``.

    Accepted: ``int`` and every ``numbers.Real`` except ``bool`` (so NumPy
    floats work). Rejected: ``bool``, ``str``, ``None``, complex numbers,
    containers, NaN, infinities and integers too large for a float.
    """
    if type(value) is float:
        result = value
    elif isinstance(value, bool) or not is_real(value):
        if isinstance(value, Iterable) and not isinstance(value, str | bytes):
            raise TypeError(f"{name} must be a real number, got {received(value)} (nested too deep?)")
        raise TypeError(f"{name} must be a real number, got {received(value)}")
    else:
        try:
            result = float(value)  # type: ignore[arg-type]
        except OverflowError:
            raise ValueError(
                f"{name} = {received(value)} is too large for a float (largest is about 1.8e308)"
            ) from None
    if result - result != 0.0:  # NaN or ±inf
        if math.isinf(result) and value != result:  # a finite number that became ±inf: NumPy's longdouble 1e400
            raise ValueError(f"{name} = {received(value)} is too large for a float (largest is about 1.8e308)")
        raise ValueError(f"{name} is {result}; expected a finite number")
    return result


def is_real(value: object) -> bool:
    """``True`` for ``int``, ``float`` and other ``numbers.Real`` (``bool`` too: callers exclude it)."""
    if type(value) is int:
        return True
    import numbers  # only reached for unusual types (NumPy scalars, Fraction, ...)

    return isinstance(value, numbers.Real)


def sequence_items(value: object, name: str) -> list[object]:
    """Return the items of an ordered sequence, consuming an iterator only once.

    Strings, bytes, mappings and sets are rejected: iterating them would give
    characters, keys or an arbitrary order instead of numbers.
    """
    if isinstance(value, TEXT):
        raise TypeError(f"{name} must be a sequence of real numbers, got {received(value)}")
    if isinstance(value, UNORDERED):
        raise TypeError(f"{name} must be an ordered sequence of real numbers, got a {type(value).__name__}")
    if isinstance(value, bool) or value is None or not isinstance(value, Iterable):
        if value is not None and not isinstance(value, bool) and is_real(value):
            raise TypeError(
                f"{name} must be a sequence of real numbers, got a single number {value!r}; wrap it in a list"
            )
        raise TypeError(f"{name} must be a sequence of real numbers, got {received(value)}")
    try:
        return list(value)
    except TypeError as error:  # e.g. a 0-d NumPy array claims to be iterable
        raise TypeError(f"{name} must be a sequence of real numbers, got {received(value)}") from error


def empty(value: object, name: str, expected: str) -> ValueError:
    """The error for an empty ``value``; an iterator is probably one that was already used up.

    >>> empty(iter([]), "x", "at least one number")
    ValueError('x is empty; expected at least one number (x is an iterator: was it already used up?)')
    """
    hint = f" ({name} is an iterator: was it already used up?)" if isinstance(value, Iterator) else ""
    return ValueError(f"{name} is empty; expected {expected}{hint}")


def size(value: object, name: str, maximum: int = MAX_SIZE) -> int:
    """Return ``value`` as an ``int`` from 1 to ``maximum`` (a layer size, a count), or raise naming ``name``.

    >>> size(10**400, "hidden_size")
    Traceback (most recent call last):
    ...
    ValueError: hidden_size must be a positive int of at most 10,000,000, got int of about 401 digits
    """
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise TypeError(f"{name} must be a positive int, got {received(value)}")
    result = int(value.__index__())
    shown = result if result.bit_length() <= 200 else received(result)
    if result < 1:
        raise ValueError(f"{name} must be a positive int, got {shown}")
    if result > maximum:
        raise ValueError(f"{name} must be a positive int of at most {maximum:,}, got {shown}")
    return result


def positive_int(text: str) -> int:
    """A command line's type for a count or a size: the text of a positive ``int``, or argparse's error.

    argparse shows the message after the option's name: ``argument --count: must be a positive int, got 0``.

    >>> positive_int("3")
    3
    >>> positive_int("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: must be a positive int, got 0
    """
    import argparse  # only the command lines need it: `import tinyrnn` stays light

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid positive int value: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive int, got {value}")
    return value


def article(name: str) -> str:
    """``name`` with its article, by how its first letter is spoken: ``"an LSTMCell"``, ``"a GRUCell"``.

    >>> article("LSTMStep"), article("GRUCell"), article("RNNCell")
    ('an LSTMStep', 'a GRUCell', 'an RNNCell')
    """
    return ("an " if name[0] in "AEFHILMNORSX" else "a ") + name
