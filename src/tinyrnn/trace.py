"""Traces: the whole story of one step of a cell, as frozen plain data.

A trace records the inputs of a step, every pre-activation, every gate, the
candidate and the new state(s), named as on the slides. It is what
``cell.step`` returns and what the backward pass reads -- the cache of the
computation, not an add-on. A trace never recomputes anything.

* Immutable (a tuple underneath, like a ``NamedTuple``), hashable, comparable.
* Full precision inside; ``repr`` rounds to 4 decimals; ``str`` and the
  notebook display render the slides' walkthrough to the same decimals (2,
  set in one place: :data:`tinyrnn.render.DISPLAY`); :meth:`Trace.render` to any format.
* JSON-ready: ``type(t).from_dict(t.to_dict()) == t`` exactly.

>>> import json, tinyrnn
>>> cell = tinyrnn.LSTMCell(input_size=2, hidden_size=1, seed=0)
>>> step = cell.step([0.5, -0.3])
>>> step.hidden_size, step.input_size
(1, 2)
>>> tinyrnn.LSTMStep.from_dict(json.loads(json.dumps(step.to_dict()))) == step
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import TYPE_CHECKING, Any, ClassVar

from tinyrnn.checks import article, received
from tinyrnn.rounding import check_decimals
from tinyrnn.specs import CellSpec, Field, spec
from tinyrnn.specs.gru import VARIANTS
from tinyrnn.vector import Vector, as_vector

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["GRU_VARIANTS", "GRUStep", "LSTMStep", "RNNStep", "SequenceTrace", "Trace"]

#: The three GRU conventions tinyrnn computes (see :class:`tinyrnn.GRUCell`); ``"colah"`` is the slides'.
GRU_VARIANTS = VARIANTS


class Trace(tuple[Any, ...]):
    """Base class of the step traces: a tuple whose fields are named by the annotations.

    Subclasses declare their fields as annotations, in the order of the slides
    (each becomes a read-only attribute), and the ``kind`` of cell whose
    description (:mod:`tinyrnn.specs`) they record: ``class LSTMStep(Trace,
    kind="lstm")``. The description says which fields a step of each option
    (a GRU's ``variant``) fills in, which lie in a range, and how each is
    computed; the fields named in ``_options`` say which description a trace
    follows (:attr:`spec`). ``x`` has ``input_size`` numbers, every other
    vector ``hidden_size``.

    >>> from tinyrnn import LSTMStep
    >>> LSTMStep._fields[:5]
    ('x', 'h_prev', 'c_prev', 'f_pre', 'f')
    >>> issubclass(LSTMStep, Trace) and issubclass(LSTMStep, tuple)
    True
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    #: The fields that say which description of the kind a trace follows, e.g. ``("variant",)``.
    _options: ClassVar[tuple[str, ...]] = ()
    #: The options a dict may leave out (an LSTM's flags, added after the first wave), with their defaults.
    _option_defaults: ClassVar[dict[str, Any]] = {}
    #: Fields some descriptions of the kind leave out (``None`` there), and ``rounding``.
    _optional_fields: ClassVar[frozenset[str]] = frozenset()
    kind: ClassVar[str] = ""

    def __init_subclass__(cls, kind: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = [name for name, annotation in _own_annotations(cls).items() if "ClassVar" not in str(annotation)]
        cls._fields = cls._fields + tuple(own)
        for index, name in enumerate(cls._fields):
            setattr(cls, name, property(itemgetter(index), doc=f"The ``{name}`` of this step."))
        if kind:
            from tinyrnn.specs import family

            cls.kind = kind
            always = set.intersection(*({field.name for field in each.fields} for each in family(kind)))
            cls._optional_fields = (frozenset(cls._fields) - always - set(cls._options)) | set(cls._option_defaults)

    @property
    def spec(self) -> CellSpec:
        """The description of the cell this step came from (:mod:`tinyrnn.specs`)."""
        return spec(self.kind, **{name: getattr(self, name) for name in self._options})

    def __new__(cls, **fields: Any) -> Self:
        """Build a trace from keyword arguments, validated exactly like :meth:`from_dict`."""
        return cls.from_dict({"type": cls.__name__, **fields})

    # Equality is per type: an LSTMStep never equals a GRUStep or a plain tuple.
    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = tuple.__hash__

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), tuple(self)))

    @property
    def hidden_size(self) -> int:
        """The length of the hidden state ``h``."""
        return len(self[self._fields.index("h")])

    @property
    def input_size(self) -> int:
        """The length of the input ``x``."""
        return len(self[self._fields.index("x")])

    def to_dict(self) -> dict[str, Any]:
        """The trace as plain JSON-serialisable data: ``{"type": ..., field: list or value}``."""
        data: dict[str, Any] = {"type": type(self).__name__}
        for name, value in zip(self._fields, self, strict=True):
            if name in self._option_defaults and value == self._option_defaults[name]:
                continue  # a flag at its default is left out: the dict of a standard LSTM step is the first wave's
            data[name] = list(value) if isinstance(value, Vector) else value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Rebuild a trace from :meth:`to_dict` output, checking every field and length.

        Raises:
            TypeError: ``data`` is not a mapping, or a field is not a vector of real numbers (a string,
                ``None``, a list nested too deep...) or ``rounding`` not an int.
            ValueError: ``data['type']`` names another trace; a field is missing or unknown; a vector is
                empty, of the wrong length, holds NaN, ±inf or a number too large for a float, or a gate
                (tanh) value lies outside [0, 1] ([-1, 1]); a GRU's ``variant`` is unknown or does not
                fit its fields; ``rounding`` is outside 0 to 15.
        """
        if not isinstance(data, Mapping):
            raise TypeError(f"data must be a mapping (as returned by to_dict), got {received(data)}")
        if data.get("type", cls.__name__) != cls.__name__:
            raise ValueError(
                f"data['type'] is {data.get('type')!r} but {cls.__name__}.from_dict expects {cls.__name__!r}"
            )
        unknown = sorted(set(data) - set(cls._fields) - {"type"}, key=str)
        if unknown:
            raise ValueError(
                f"data has unknown field {unknown[0]!r}; {article(cls.__name__)} has fields {', '.join(cls._fields)}"
            )
        missing = [name for name in cls._fields if name not in data and name not in cls._optional_fields]
        if missing:
            raise ValueError(
                f"data is missing field {missing[0]!r}; {article(cls.__name__)} has fields {', '.join(cls._fields)}"
            )
        values = cls._check_fields(data)
        return tuple.__new__(cls, [values[name] for name in cls._fields])

    @classmethod
    def _check_fields(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        options = {
            name: cls._check_option(name, data.get(name, cls._option_defaults.get(name))) for name in cls._options
        }
        which = " and ".join(f"{name} {value!r}" for name, value in options.items())
        if cls.kind:
            present = {field.name: field for field in spec(cls.kind, **options).fields}
        else:  # a trace of no described kind: every field a vector, x of input_size, the others of hidden_size
            present = {name: Field(name, name, name, input_sized=name == "x") for name in cls._fields}
        values: dict[str, Any] = {"rounding": _check_rounding(data.get("rounding")), **options}
        hidden = as_vector(data["h_prev"], "data['h_prev']")
        for name in cls._fields:
            if name in values:
                continue
            field = present.get(name)
            if field is None:  # this description has no such field
                if data.get(name) is not None:
                    raise ValueError(f"data[{name!r}] must be None for {which}")
                values[name] = None
                continue
            if data.get(name) is None and name in cls._optional_fields:
                raise ValueError(f"data[{name!r}] is required for {which}")
            length, length_name = (None, "") if field.input_sized else (len(hidden), "len(h_prev)")
            values[name] = as_vector(data[name], f"data[{name!r}]", length, length_name)
            if field.bounds is not None:
                formula, low, high = field.bounds
                for k, value in enumerate(values[name]):
                    if not low <= value <= high:
                        raise ValueError(
                            f"data[{name!r}][{k}] is {value} but {name} = {formula} lies in [{low:g}, {high:g}]"
                        )
        return values

    @classmethod
    def _check_option(cls, name: str, value: object) -> Any:
        """An option field (a GRU's ``variant``) must have a value some description of the kind has."""
        from tinyrnn.specs import family

        allowed = list(dict.fromkeys(dict(each.options)[name] for each in family(cls.kind)))
        if isinstance(value, bool | str) and value in allowed:
            return value
        raise ValueError(f"data[{name!r}] must be one of {', '.join(map(repr, allowed))}, got {received(value)}")

    def __repr__(self) -> str:
        parts = []
        for name, value in zip(self._fields, self, strict=True):
            if isinstance(value, Vector):
                parts.append(f"{name}={[round(v, 4) for v in value]}")
            elif value is not None and not (name in self._option_defaults and value == self._option_defaults[name]):
                parts.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def render(self, fmt: str = "text", decimals: int = 2, *, notes: Mapping[int, str] | None = None) -> str:
        """The step as the slides show it: numbered steps, formulas, values.

        Args:
            fmt: ``"text"``, ``"markdown"``, ``"latex"`` (an ``amsmath`` fragment) or ``"html"``.
            decimals: how many decimals to show (the values inside stay exact).
            notes: optional remarks for step headings, e.g. ``{4: "not on the slides"}``.
        """
        from tinyrnn.render import render

        return render(self, fmt, decimals, notes)

    def __str__(self) -> str:
        from tinyrnn.render import DISPLAY

        return self.render("text", DISPLAY.decimals)

    def _repr_html_(self) -> str:
        from tinyrnn.render import DISPLAY

        return self.render("html", DISPLAY.decimals)


def _own_annotations(cls: type) -> dict[str, Any]:
    """The annotations written in this class body (not its bases'), as names and (string) types."""
    annotations = cls.__dict__.get("__annotations__")  # noqa: RUF063 - inspect costs import time; this is exact here
    if annotations is None:  # Python ≥ 3.14 may compute them lazily
        import inspect

        annotations = inspect.get_annotations(cls)
    return dict(annotations)


def _rebuild(cls: type[Trace], values: tuple[Any, ...]) -> Trace:
    return tuple.__new__(cls, values)


def _check_rounding(value: object) -> int | None:
    return None if value is None else check_decimals(value, "data['rounding']")


class LSTMStep(Trace, kind="lstm"):
    """One LSTM step, as on the slide "LSTM Calculation (3D Vector Example)".

    ============= ======================================================== ====
    field         meaning                                                  step
    ============= ======================================================== ====
    x             x_t, the input (length input_size)
    h_prev        h_{t-1}, the previous hidden state
    c_prev        C_{t-1}, the previous cell state
    f_pre         W_f · [h_{t-1}, x_t] + b_f                               1
    f             f_t = σ(f_pre), the forget gate                          1
    i_pre         W_i · [h_{t-1}, x_t] + b_i                               2
    i             i_t = σ(i_pre), the input gate                           2
    c_tilde_pre   W_C · [h_{t-1}, x_t] + b_C                               2
    c_tilde       C̃_t = tanh(c_tilde_pre), the candidate                   2
    c             C_t = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t, the new cell state      3
    o_pre         W_o · [h_{t-1}, x_t] + b_o                               4
    o             o_t = σ(o_pre), the output gate                          4
    tanh_c        tanh(C_t)                                                4
    h             h_t = o_t ⊙ tanh(C_t), the new hidden state              4
    peepholes     the cell's options (:class:`tinyrnn.LSTMCell`)
    coupled
    forget_gate
    rounding      None, or the decimals of hand-rounding mode
    ============= ======================================================== ====

    The options change some lines, never the fields: with ``peepholes`` the
    pre-activations of f, i and o hold their peephole terms (``+ p_f ⊙ C_{t-1}``,
    ``+ p_i ⊙ C_{t-1}``, ``+ p_o ⊙ C_t``); a ``coupled`` step has ``i = 1 − f``
    and ``i_pre = None``; without a forget gate ``f`` is all ones and
    ``f_pre = None``. ``to_dict`` leaves out the options at their defaults.

    Shapes: ``x`` has ``input_size`` numbers, every other vector ``hidden_size``.
    Convention: the slides' (colah's), ``[h_{t-1}, x_t]`` with the hidden state first.

    >>> from tinyrnn import examples
    >>> step = examples.slide_lstm()
    >>> round(step.f, 2), round(step.c, 2)
    (Vector([0.65, 0.42, 0.78]), Vector([0.56, -0.47, 0.55]))
    >>> step.input_size, step.hidden_size, step.rounding
    (3, 3, None)
    >>> print(step.render("text").splitlines()[0])
    LSTM step (input_size = 3, hidden_size = 3)
    """

    __slots__ = ()
    x: Vector
    h_prev: Vector
    c_prev: Vector
    f_pre: Vector
    f: Vector
    i_pre: Vector
    i: Vector
    c_tilde_pre: Vector
    c_tilde: Vector
    c: Vector
    o_pre: Vector
    o: Vector
    tanh_c: Vector
    h: Vector
    peepholes: bool
    coupled: bool
    forget_gate: bool
    rounding: int | None

    _options: ClassVar[tuple[str, ...]] = ("peepholes", "coupled", "forget_gate")
    _option_defaults: ClassVar[dict[str, Any]] = {"peepholes": False, "coupled": False, "forget_gate": True}


class GRUStep(Trace, kind="gru"):
    """One GRU step, as on the slide "GRU Calculation (3D Vector Example)".

    ``variant`` says which of the three conventions produced it (see
    :class:`tinyrnn.GRUCell`). Step by step:

    1. ``r_pre``, ``r``: the reset gate r_t = σ(...).
    2. ``z_pre``, ``z``: the update gate z_t = σ(...).
    3. the candidate h̃_t = tanh(``h_tilde_pre``) in ``h_tilde``. For ``"colah"``
       and ``"cho2014"`` the reset is applied before the product and
       ``r_h_prev`` = r_t ⊙ h_{t-1}; for ``"pytorch"`` it is applied after,
       and ``hn`` = W_hn h_{t-1} + b_hn (the other of the two is ``None``).
    4. ``h``: the new hidden state, interpolating h_{t-1} and h̃_t with z_t.

    ``rounding`` is ``None``, or the decimals of hand-rounding mode. Shapes:
    ``x`` has ``input_size`` numbers, every other vector ``hidden_size``.

    >>> from tinyrnn import examples
    >>> step = examples.slide_gru()
    >>> step.variant, round(step.r, 2), round(step.h, 2)
    ('colah', Vector([0.58, 0.73, 0.45]), Vector([0.47, 0.06, -0.2]))
    >>> step.hn is None, examples.slide_gru("pytorch").r_h_prev is None
    (True, True)
    """

    __slots__ = ()
    variant: str
    x: Vector
    h_prev: Vector
    r_pre: Vector
    r: Vector
    z_pre: Vector
    z: Vector
    r_h_prev: Vector | None
    hn: Vector | None
    h_tilde_pre: Vector
    h_tilde: Vector
    h: Vector
    rounding: int | None

    _options: ClassVar[tuple[str, ...]] = ("variant",)


class RNNStep(Trace, kind="rnn"):
    """One step of the plain (Elman) RNN: ``h_t = act(W_h · [h_{t-1}, x_t] + b_h)``.

    ============= ======================================================== ====
    field         meaning                                                  step
    ============= ======================================================== ====
    nonlinearity  the activation, ``"tanh"`` or ``"relu"``
    x             x_t, the input (length input_size)
    h_prev        h_{t-1}, the previous hidden state
    h_pre         W_h · [h_{t-1}, x_t] + b_h                               1
    h             h_t = act(h_pre), the new hidden state                   1
    rounding      None, or the decimals of hand-rounding mode
    ============= ======================================================== ====

    >>> from tinyrnn import RNNCell
    >>> step = RNNCell(2, 3, seed=0).step([0.5, -0.3])
    >>> step.nonlinearity, len(step.h_pre), step.hidden_size
    ('tanh', 3, 3)
    """

    __slots__ = ()
    nonlinearity: str
    x: Vector
    h_prev: Vector
    h_pre: Vector
    h: Vector
    rounding: int | None

    _options: ClassVar[tuple[str, ...]] = ("nonlinearity",)


class SequenceTrace(tuple[Any, ...]):
    """The traces of a whole sequence, as returned by ``cell.run(xs)``: one step per input.

    Each step's ``h`` (and ``c``) is the next step's ``h_prev`` (and ``c_prev``).
    ``trace.h`` (and ``trace.c``) is the final state.

    >>> from tinyrnn import LSTMCell
    >>> run = LSTMCell(input_size=2, hidden_size=3, seed=1).run([[1.0, -1.0], [0.5, 0.5]])
    >>> run, run[1].h_prev == run[0].h
    (SequenceTrace(2 × LSTMStep), True)
    >>> round(run.h, 4), round(run.c, 4)
    (Vector([-0.0186, 0.1239, 0.097]), Vector([-0.0403, 0.2305, 0.241]))
    >>> type(run).from_dict(run.to_dict()) == run
    True
    """

    __slots__ = ()

    def __new__(cls, steps: Iterable[Trace]) -> Self:
        if isinstance(steps, str | bytes | Mapping) or not isinstance(steps, Iterable):
            raise TypeError(f"steps must be a sequence of {_names(' or ')} traces, got {received(steps)}")
        items = list(steps)
        if not items:
            raise ValueError("steps is empty; a sequence trace has at least one step")
        kinds = {type(step) for step in items}
        if len(kinds) != 1 or not issubclass(next(iter(kinds)), Trace):
            raise TypeError(f"steps must all be {_names(' or all be ')}, got {sorted(k.__name__ for k in kinds)}")
        return tuple.__new__(cls, items)

    @property
    def h(self) -> Vector:
        """The final hidden state h_T."""
        return self[-1].h  # type: ignore[no-any-return]

    @property
    def c(self) -> Vector:
        """The final cell state C_T (LSTM only)."""
        last = self[-1]
        if "c" not in last.spec.states:
            raise AttributeError(f"{article(last.kind.upper())} has no cell state c; use .h")
        return last.c  # type: ignore[no-any-return]

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = tuple.__hash__

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data: ``{"type": "SequenceTrace", "steps": [...]}``."""
        return {"type": "SequenceTrace", "steps": [step.to_dict() for step in self]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SequenceTrace:
        """Rebuild from :meth:`to_dict` output, checking every step and that each follows the one before.

        Raises:
            TypeError: ``data`` (or one of its steps) is not a mapping, or a field has the wrong type.
            ValueError: a field is missing, unknown or has a wrong value or length, the steps are of
                two kinds, or a step's ``h_prev`` (``c_prev``) is not the previous step's ``h`` (``c``).
        """
        if not isinstance(data, Mapping):
            raise TypeError(f"data must be a mapping (as returned by to_dict), got {received(data)}")
        shape = "data must be a mapping {'type': 'SequenceTrace', 'steps': [...]} as returned by to_dict"
        if data.get("type") != "SequenceTrace":
            raise ValueError(f"{shape}; data['type'] is {received(data.get('type'))}")
        if not isinstance(data.get("steps"), list):
            raise ValueError(f"{shape}; data['steps'] is {received(data.get('steps'))}")
        unknown = sorted(set(data) - {"type", "steps"}, key=str)
        if unknown:
            raise ValueError(f"{shape}; data has unknown key {unknown[0]!r}")
        kinds = {trace.__name__: trace for trace in STEP_TRACES}
        steps: list[Trace] = []
        for k, step in enumerate(data["steps"]):
            if not isinstance(step, Mapping):
                raise TypeError(f"data['steps'][{k}] must be a mapping (a step's to_dict), got {received(step)}")
            kind = step.get("type")
            if not isinstance(kind, str) or kind not in kinds:
                names = " or ".join(repr(name) for name in kinds)
                raise ValueError(f"data['steps'][{k}]['type'] must be {names}, got {received(kind)}")
            first = type(steps[0]).__name__ if steps else kind
            if kind != first:
                raise ValueError(
                    f"data['steps'][{k}] is {article(kind)} but data['steps'][0] is {article(first)}; "
                    "a sequence trace has steps of one kind"
                )
            steps.append(kinds[kind].from_dict(step))
            _check_follows(steps, k)
        return cls(steps)

    def __repr__(self) -> str:
        return f"SequenceTrace({len(self)} × {type(self[0]).__name__})"

    def render(self, fmt: str = "text", decimals: int = 2) -> str:
        """Every time step rendered in turn (see :meth:`Trace.render`)."""
        from tinyrnn.render import render_sequence

        return render_sequence(self, fmt, decimals)

    def __str__(self) -> str:
        from tinyrnn.render import DISPLAY

        return self.render("text", DISPLAY.decimals)

    def _repr_html_(self) -> str:
        from tinyrnn.render import DISPLAY

        return self.render("html", DISPLAY.decimals)


def _check_follows(steps: list[Trace], k: int) -> None:
    """Step ``k`` starts from the state step ``k - 1`` ended with, as in ``cell.run``."""
    if k == 0:
        return
    before, step = steps[k - 1], steps[k]
    for option in step._options:
        if getattr(step, option) != getattr(before, option):
            raise ValueError(
                f"data['steps'][{k}][{option!r}] is {getattr(step, option)!r} but data['steps'][{k - 1}][{option!r}] "
                f"is {getattr(before, option)!r}; a sequence trace comes from one cell"
            )
    for state in step.spec.states:
        if getattr(step, f"{state}_prev") != getattr(before, state):
            raise ValueError(
                f"data['steps'][{k}]['{state}_prev'] is not data['steps'][{k - 1}]['{state}']: "
                "the steps are not one sequence as cell.run returns it"
            )


#: Every kind of step trace, in the order of the family.
STEP_TRACES: tuple[type[Trace], ...] = (LSTMStep, GRUStep, RNNStep)


def _names(joiner: str) -> str:
    return joiner.join(trace.__name__ for trace in STEP_TRACES)
