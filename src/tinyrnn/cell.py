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

from tinyrnn.checks import MAX_SIZE, TEXT, UNORDERED, article, empty, received, size
from tinyrnn.fast.forward import fast_kernel
from tinyrnn.params import Params, check_params, init_params, to_plain
from tinyrnn.specs import KEYS, CellSpec, family, shown_options, spec, spec_of_key
from tinyrnn.trace import SequenceTrace
from tinyrnn.vector import Vector, as_vector

if TYPE_CHECKING:
    from typing_extensions import Self

    from tinyrnn.gradients import StepGradients

__all__ = ["Cell"]

_ONLY_FLOAT = {float}
_NO_STATE = object()  # a GRU has no cell state
_new = tuple.__new__


class Cell:
    """Base class of the cells: a description, weights in its layout, ``input_size`` and ``hidden_size``.

    A subclass names its ``kind`` (``"lstm"``) and stores its options (a GRU's
    variant) in ``_set_options``, which picks its description
    (:attr:`spec`, from :mod:`tinyrnn.specs`): the layout, the parameter count
    and which fast kernel runs it all come from there.

    >>> from tinyrnn import GRUCell, LSTMCell
    >>> cells = [LSTMCell(input_size=2, hidden_size=4, seed=0), GRUCell(input_size=2, hidden_size=4, seed=0)]
    >>> [(isinstance(c, Cell), c.input_size, c.hidden_size, c.num_parameters) for c in cells]
    [(True, 2, 4, 112), (True, 2, 4, 84)]
    >>> cells[1].spec.key
    'gru-colah'
    """

    __slots__ = ("_fast", "_hidden_size", "_input_size", "_params", "_spec", "_zeros")
    kind: ClassVar[str] = ""

    def __init__(self, input_size: int, hidden_size: int, *, seed: int | None = None, **options: Any) -> None:
        self._set_options(**options)
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
        self._setup(init_params(self._spec.layout, self._hidden_size, self._input_size, rng))

    @classmethod
    def _from_checked(cls, params: object, **options: Any) -> Self:
        cell = cls.__new__(cls)
        cell._set_options(**options)
        owner = article(cls.__name__)
        hidden_size, input_size, checked = check_params(params, cell._spec.layout, owner, cell._key_hint(params))
        cell._hidden_size, cell._input_size = hidden_size, input_size
        cell._setup(checked)
        return cell

    def _set_options(self, **options: Any) -> None:
        """Check and store the options (a GRU's variant) and pick the description they select."""
        self._spec = spec(self.kind, **options)

    def _key_hint(self, params: object) -> str:
        """Extra words for a key error: keys of another kind of cell, or of another option, are named as such."""
        if not isinstance(params, Mapping):
            return ""
        keys = set(params)
        ours = self._spec
        matches = [other for other in family(self.kind) if other is not ours and keys == set(other.layout)]
        if matches:  # exactly the keys of this kind with other options
            return "; " + _other_options(ours, matches, "these are the keys of")
        for key in KEYS:  # exactly the keys of another kind of cell
            other = spec_of_key(key)
            if other.kind != self.kind and keys == set(other.layout):
                cls = f"{other.kind.upper()}Cell"
                return f"; these are the keys of {article(cls)}: use {cls}"
        mine = dict(ours.options)
        for key in (key for key in params if key not in ours.layout):  # in order: the error names the first
            owners = [other for other in family(self.kind) if key in other.layout]  # a key of other options
            if owners:  # the nearest first: the fewest options to change
                owners.sort(key=lambda other: sum(value != mine[name] for name, value in other.options))
                return "; " + _other_options(ours, owners, f"{key!r} is a weight of")
        return ""

    def _setup(self, params: Params) -> None:
        self._params = params
        self._zeros = Vector.zeros(self._hidden_size)
        self._fast = fast_kernel(self._spec.key, params, self._hidden_size, self._input_size)

    # The public surface ---------------------------------------------------

    if TYPE_CHECKING:  # every cell has them; their states differ (an LSTM's C), so each writes its own

        def step(self, *args: Any, **kwargs: Any) -> Any: ...
        def run(self, *args: Any, **kwargs: Any) -> SequenceTrace: ...
        def backward_step(self, *args: Any, **kwargs: Any) -> StepGradients: ...

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
        return self._spec.num_parameters(self._hidden_size, self._input_size)

    @property
    def spec(self) -> CellSpec:
        """The description of this cell's kind (:mod:`tinyrnn.specs`): weights, trace fields, steps."""
        return self._spec

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

    def _run(self, xs: object, states: tuple[Vector, ...], round_to: int | None) -> SequenceTrace:
        """One step per input, each step's new states (``h``, and ``c`` for an LSTM) the next one's."""
        inputs = self._inputs(xs)
        names = self._spec.states
        steps = []
        for x in inputs:
            step = self._step(x, *states, round_to)  # type: ignore[attr-defined]
            steps.append(step)
            states = tuple(getattr(step, name) for name in names)
        return SequenceTrace(steps)

    def _identity(self) -> tuple[Any, ...]:
        return (type(self), self._spec.key, self._input_size, self._hidden_size, tuple(self._params.items()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Cell) and self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self._identity())

    def _repr_html_(self) -> str:
        """What a notebook shows: kind, sizes, options, parameter count, the weights in a collapsed table."""
        from tinyrnn.render import cell_html

        return cell_html(self)

    def __repr__(self) -> str:
        options = "".join(f", {name}={value!r}" for name, value in shown_options(self._spec))
        return f"{type(self).__name__}(input_size={self._input_size}, hidden_size={self._hidden_size}{options})"


def _other_options(ours: CellSpec, others: list[CellSpec], words: str) -> str:
    """``these are the keys of variant 'colah' or 'cho2014': pass variant='colah' or 'cho2014'``, or for flags
    ``… of an LSTM with peepholes=True: pass peepholes=True``."""
    mine = dict(ours.options)
    differing = [name for name, value in others[0].options if value != mine[name]]
    if len(differing) == 1 and not isinstance(mine[differing[0]], bool):
        name = differing[0]
        shown = " or ".join(repr(value) for value in dict.fromkeys(dict(other.options)[name] for other in others))
        return f"{words} {name} {shown}: pass {name}={shown}"
    options = ", ".join(f"{name}={dict(others[0].options)[name]!r}" for name in differing)
    return f"{words} {article(ours.kind.upper())} with {options}: pass {options}"
