r"""What each cell *is*, as data: one description (a :class:`CellSpec`) per cell kind.

What a cell *does* is its step function, one line per equation
(:func:`tinyrnn.lstm.lstm_step`, :func:`tinyrnn.gru.gru_step`), with its
backward step beside it. Everything else reads the description: the weight
layout, initialisation and checks (:mod:`tinyrnn.params`), the traces and
their JSON (:mod:`tinyrnn.trace`), rendering (:mod:`tinyrnn.render`), the fast
kernels (:mod:`tinyrnn.fast`), the exercises, the command line, the RNN
Explainer (which receives it as JSON) and the docs' tables.

A description says:

* ``weights``: each parameter's name and shape (:class:`Weight`);
* ``fields``: the trace, in order: the given inputs, then every
  pre-activation, gate, candidate and state, each with its LaTeX label and the
  *rule* that computes it (:class:`Affine`, :class:`Activation`,
  :class:`Products`, :class:`Constant`) -- the equation as data, which the
  tests prove equal to the step function;
* ``steps``: the slides' numbered steps, their titles and formulas (LaTeX,
  translated to text, Markdown and HTML by :mod:`tinyrnn.notation`);
* ``states``: what one step hands to the next (``h``, and ``c`` for an LSTM).

Every description has a ``key``, the one name of a cell kind everywhere (the
command line, the explainer, the kernels): :data:`KEYS`.

>>> lstm = spec("lstm")
>>> [w.name for w in lstm.weights][:4]
['W_f', 'b_f', 'W_i', 'b_i']
>>> lstm.field("f").rule
Activation(function='sigmoid', field='f_pre')
>>> lstm.num_parameters(hidden_size=3, input_size=3), lstm.parameter_formula
(84, '4·H·(H + I) + 4·H')
>>> spec("gru", variant="pytorch").key
'gru-pytorch'
"""

from __future__ import annotations

from typing import Any

from tinyrnn.checks import received
from tinyrnn.specs import gru, lstm, rnn
from tinyrnn.specs.schema import (
    SHAPES,
    VECTORS,
    Activation,
    Affine,
    CellSpec,
    Constant,
    Field,
    Hadamard,
    MatVec,
    Products,
    Rule,
    Step,
    Weight,
)

__all__ = [
    "KEYS",
    "SHAPES",
    "VECTORS",
    "Activation",
    "Affine",
    "CellSpec",
    "Constant",
    "Field",
    "Hadamard",
    "MatVec",
    "Products",
    "Rule",
    "Step",
    "Weight",
    "family",
    "option_flag",
    "option_flags",
    "option_words",
    "shown_options",
    "spec",
    "spec_of_key",
]


# The registry: every description, by key. --------------------------------------------------------


# The first wave's four cells first (their keys are the oldest), then the family around them.
_SPECS = {spec.key: spec for spec in (lstm.LSTM, *gru.SPECS, *rnn.SPECS, *lstm.SPECS[1:])}
_FAMILIES: dict[str, list[CellSpec]] = {}
for _spec in _SPECS.values():
    _FAMILIES.setdefault(_spec.kind, []).append(_spec)
del _spec

#: The key of every cell kind tinyrnn has, in the order of the family.
KEYS = tuple(_SPECS)


def shown_options(described: CellSpec) -> list[tuple[str, Any]]:
    """The options worth naming: a variant always, a flag only when it differs from its default.

    >>> shown_options(spec("gru")), shown_options(spec("lstm")), shown_options(spec("lstm", peepholes=True))
    ([('variant', 'colah')], [], [('peepholes', True)])
    """
    defaults = dict(_FAMILIES[described.kind][0].options)
    return [(n, v) for n, v in described.options if not isinstance(v, bool) or v != defaults[n]]


def option_words(described: CellSpec) -> list[str]:
    """The shown options in words: ``variant 'colah'``, ``peepholes``, ``no forget gate``.

    >>> option_words(spec("lstm", coupled=True, peepholes=True)), option_words(spec("lstm", forget_gate=False))
    (['peepholes', 'coupled'], ['no forget gate'])
    """
    return [
        (name.replace("_", " ") if value else "no " + name.replace("_", " "))
        if isinstance(value, bool)
        else f"{name} {value!r}"
        for name, value in shown_options(described)
    ]


def option_flags(described: CellSpec) -> list[str]:
    """The shown options as the command line spells them: ``--variant cho2014``, ``--peepholes``, ``--no-forget-gate``.

    >>> option_flags(spec("lstm", peepholes=True, forget_gate=False)), option_flags(spec("gru", variant="pytorch"))
    (['--peepholes', '--no-forget-gate'], ['--variant pytorch'])
    """
    flags = []
    for name, value in shown_options(described):
        if isinstance(value, bool):
            flags.append(option_flag(name, value))
        elif value != dict(_FAMILIES[described.kind][0].options)[name]:
            flags.append(f"{option_flag(name, value)} {value}")
    return flags


def option_flag(name: str, value: object) -> str:
    """The command-line flag that sets the option ``name`` to the flag ``value``, or that takes its value.

    >>> option_flag("peepholes", True), option_flag("forget_gate", False), option_flag("variant", "pytorch")
    ('--peepholes', '--no-forget-gate', '--variant')
    """
    dashed = name.replace("_", "-")
    return f"--no-{dashed}" if value is False else f"--{dashed}"


def family(kind: str) -> tuple[CellSpec, ...]:
    """Every description of the cell ``kind`` (``"lstm"``, ``"gru"``), its default first.

    >>> [each.key for each in family("gru")]
    ['gru-colah', 'gru-cho2014', 'gru-pytorch']
    """
    return tuple(_FAMILIES[kind])


def spec_of_key(key: object) -> CellSpec:
    """The description called ``key`` (one of :data:`KEYS`); a ``ValueError`` suggests the closest.

    >>> spec_of_key("gru-cho2014").options
    (('variant', 'cho2014'),)
    """
    if isinstance(key, str) and key in _SPECS:
        return _SPECS[key]
    import difflib

    guess = difflib.get_close_matches(key, KEYS, n=1) if isinstance(key, str) else []
    suggestion = f" (did you mean {guess[0]!r}?)" if guess else ""
    raise ValueError(f"the cell kind must be one of {', '.join(map(repr, KEYS))}, got {received(key)}{suggestion}")


def spec(kind: str, **options: Any) -> CellSpec:
    """The description of the cell ``kind`` with these options (the keyword arguments of its class).

    Options left out take their defaults (those of the kind's first description).

    >>> spec("gru", variant="cho2014").key, spec("lstm").key
    ('gru-cho2014', 'lstm')
    """
    family = _FAMILIES.get(kind)
    if family is None:
        raise ValueError(f"kind must be one of {', '.join(map(repr, _FAMILIES))}, got {received(kind)}")
    defaults = dict(family[0].options)
    wanted = tuple((name, options.get(name, default)) for name, default in defaults.items())
    for candidate in family:
        if candidate.options == wanted and len(options.keys() - defaults.keys()) == 0:
            return candidate
    raise ValueError(f"a {kind} cell has no kind with the options {options}")
