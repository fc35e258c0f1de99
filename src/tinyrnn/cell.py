"""What every recurrent cell shares: its weights, its sizes, how it is built.

:class:`tinyrnn.LSTMCell` and :class:`tinyrnn.GRUCell` inherit from
:class:`Cell`. A cell is immutable: its weights are fixed when it is built
(seeded, or from a parameter mapping), and ``cell.params`` returns a fresh
plain copy that ``from_params`` accepts back unchanged.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from tinyrnn.checks import MAX_SIZE, TEXT, UNORDERED, empty, received, size
from tinyrnn.params import Layout, Params, check_params, count_parameters, init_params, to_plain
from tinyrnn.vector import Vector, as_vector

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["Cell"]

_ONLY_FLOAT = {float}
_NO_STATE = object()  # a GRU has no cell state
_new = tuple.__new__


class Cell:
    """Base class of the cells: weights in a layout, ``input_size`` and ``hidden_size``.

    Subclasses define ``_layout()`` (which parameters, which shapes) and
    ``_prepare()`` (precompute what the fast kernel needs).

    >>> from tinyrnn import GRUCell, LSTMCell
    >>> cells = [LSTMCell(input_size=2, hidden_size=4, seed=0), GRUCell(input_size=2, hidden_size=4, seed=0)]
    >>> [(isinstance(c, Cell), c.input_size, c.hidden_size, c.num_parameters) for c in cells]
    [(True, 2, 4, 112), (True, 2, 4, 84)]
    """

    __slots__ = ("_fast", "_hidden_size", "_input_size", "_params", "_zeros")
    _owner: ClassVar[str] = "a cell"

    def __init__(self, input_size: int, hidden_size: int, *, seed: int | None = None) -> None:
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise TypeError(f"seed must be an int or None, got {received(seed)}")
        self._hidden_size = size(hidden_size, "hidden_size")
        self._input_size = size(input_size, "input_size")
        count = self.num_parameters
        if count > MAX_SIZE:
            raise ValueError(
                f"input_size={self._input_size} and hidden_size={self._hidden_size} give {count:,} parameters; "
                f"a pure-Python cell holds at most {MAX_SIZE:,}"
            )
        rng = random.Random(seed)
        self._setup(init_params(self._layout(), self._hidden_size, self._input_size, rng))

    @classmethod
    def _from_checked(cls, params: object, **options: Any) -> Self:
        cell = cls.__new__(cls)
        cell._set_options(**options)
        hidden_size, input_size, checked = check_params(params, cell._layout(), cls._owner, cell._key_hint(params))
        cell._hidden_size, cell._input_size = hidden_size, input_size
        cell._setup(checked)
        return cell

    def _set_options(self, **options: Any) -> None:
        """Store subclass options (the GRU variant) before the layout is needed."""

    def _key_hint(self, params: object) -> str:  # noqa: ARG002 - subclasses look at params
        """Extra words for a key error, e.g. which GRU variant the given keys belong to."""
        return ""

    def _layout(self) -> Layout:
        raise NotImplementedError

    def _setup(self, params: Params) -> None:
        self._params = params
        self._zeros = Vector.zeros(self._hidden_size)
        self._prepare()

    def _prepare(self) -> None:
        """Precompute the fast kernel's data from ``self._params``."""

    # The public surface ---------------------------------------------------

    @property
    def input_size(self) -> int:
        """The length of the input vector ``x_t``."""
        return self._input_size

    @property
    def hidden_size(self) -> int:
        """The length of the hidden state ``h_t`` (and of every gate)."""
        return self._hidden_size

    @property
    def params(self) -> dict[str, Any]:
        """The weights as plain nested lists of floats, JSON-serialisable; ``from_params`` takes them back."""
        return to_plain(self._params)

    @property
    def weights(self) -> Mapping[str, Any]:
        """The weights as the step functions take them: read-only, by name, as :class:`~tinyrnn.Matrix`/``Vector``.

        >>> from tinyrnn import LSTMCell
        >>> cell = LSTMCell(input_size=1, hidden_size=2, seed=0)
        >>> cell.weights["W_f"].shape
        (2, 3)
        """
        return MappingProxyType(self._params)

    @property
    def num_parameters(self) -> int:
        """How many numbers the cell learns: every weight and every bias."""
        return count_parameters(self._layout(), self._hidden_size, self._input_size)

    def _input(self, value: object, name: str) -> Vector:
        return as_vector(value, name, self._input_size, "input_size")

    def _state(self, value: object, name: str) -> Vector:
        if value is None:
            return self._zeros
        return as_vector(value, name, self._hidden_size, "hidden_size")

    def _plain(self, x: object, h_prev: object, c_prev: object = _NO_STATE) -> tuple[Vector, ...] | None:
        """``x`` and the states as Vectors in the two common cases of ``step``, else ``None``.

        The common cases, checked for all arguments at once: all of them
        Vectors (already validated) of the right lengths, or all of them lists
        of finite floats of the right lengths -- exactly the checks
        :func:`~tinyrnn.vector.as_vector` makes one argument at a time (a list,
        every element exactly a ``float``, every one finite, the right length),
        at half the cost. ``None`` sends the caller to ``as_vector`` argument
        by argument, which accepts everything else it should (tuples, ints,
        NumPy floats, a missing state, a mix) or raises the error that names
        the argument. A GRU passes no ``c_prev``.
        """
        gru = c_prev is _NO_STATE
        kind = type(x)
        if kind is Vector:
            if type(h_prev) is not Vector or (not gru and type(c_prev) is not Vector):
                return None
        elif kind is list:
            if type(h_prev) is not list or (not gru and type(c_prev) is not list):
                return None
            values = x + h_prev if gru else x + h_prev + c_prev  # type: ignore[operator]
            if set(map(type, values)) != _ONLY_FLOAT:
                return None
            total = sum(values)
            if total - total != 0.0:  # an inf or nan among them (or a sum that overflowed): check one by one
                return None
        else:
            return None
        H = self._hidden_size
        if len(x) != self._input_size or len(h_prev) != H or (not gru and len(c_prev) != H):  # type: ignore[arg-type]
            return None
        if kind is Vector:
            return (x, h_prev) if gru else (x, h_prev, c_prev)  # type: ignore[return-value]
        if gru:
            return _new(Vector, x), _new(Vector, h_prev)  # type: ignore[arg-type]
        return _new(Vector, x), _new(Vector, h_prev), _new(Vector, c_prev)  # type: ignore[arg-type]

    def _inputs(self, xs: object) -> list[Vector]:
        if isinstance(xs, TEXT + UNORDERED) or not isinstance(xs, Iterable):
            raise TypeError(f"xs must be an ordered sequence of input vectors, got {received(xs)}")
        items = list(xs)
        if not items:
            raise empty(xs, "xs", "at least one input vector")
        return [self._input(x, f"xs[{t}]") for t, x in enumerate(items)]

    def _identity(self) -> tuple[Any, ...]:
        return (type(self), self._input_size, self._hidden_size, tuple(self._params.items()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Cell) and self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self._identity())

    def __repr__(self) -> str:
        return f"{type(self).__name__}(input_size={self._input_size}, hidden_size={self._hidden_size})"
