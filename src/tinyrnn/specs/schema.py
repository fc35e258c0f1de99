"""What a cell description is made of: weights, fields and their rules, steps (see :mod:`tinyrnn.specs`).

>>> Weight("W_f", "hx", "W_f").columns(hidden_size=3, input_size=2)
5
>>> Products((("f", "c_prev"), ("i", "c_tilde"))).terms[0]
('f', 'c_prev')
"""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = [
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
]

#: Shapes of a weight, written with H (``hidden_size``) and I (``input_size``).
SHAPES = {
    "hx": "H × (H + I), acting on [h_{t-1}, x_t] (hidden state first, as on the slides)",
    "x": "H × I, acting on x_t alone (PyTorch's layout)",
    "h": "H × H, acting on h_{t-1} alone (PyTorch's layout)",
    "b": "H numbers, a bias",
    "p": "H numbers, a peephole (one weight per unit, on the cell state)",
}


#: The shapes of :data:`SHAPES` that are vectors of H numbers, not matrices.
VECTORS = frozenset({"b", "p"})


class Weight(NamedTuple):
    """One parameter: its key in ``cell.params``, its shape (a key of :data:`SHAPES`), its LaTeX name.

    >>> Weight("W_c", "hx", "W_C").is_matrix, Weight("p_f", "p", "p_f").is_matrix
    (True, False)
    """

    name: str
    shape: str
    latex: str

    def columns(self, hidden_size: int, input_size: int) -> int:
        """Numbers per row (a matrix) or ``1`` (a vector)."""
        return {"hx": hidden_size + input_size, "x": input_size, "h": hidden_size}.get(self.shape, 1)

    @property
    def is_matrix(self) -> bool:
        """``True`` for a matrix, ``False`` for a bias or peephole vector."""
        return self.shape not in VECTORS


# The rules: how each computed field of a trace is computed, as data. ----------------------------


class MatVec(NamedTuple):
    """``weight · [inputs…]``: a matrix times the concatenation of some fields (``("h_prev", "x")``).

    >>> MatVec("W_f", ("h_prev", "x"))          # W_f · [h_{t-1}, x_t]
    MatVec(weight='W_f', inputs=('h_prev', 'x'))
    """

    weight: str
    inputs: tuple[str, ...]


class Hadamard(NamedTuple):
    """``left ⊙ right``, elementwise: a peephole ``p_f ⊙ C_{t-1}`` (a weight and a field) or ``r_t ⊙ hn``.

    >>> Hadamard("p_f", "c_prev").left
    'p_f'
    """

    left: str
    right: str


class Affine(NamedTuple):
    """A pre-activation: the sum of its parts, left to right.

    A part is a :class:`MatVec`, a :class:`Hadamard`, a bias (its name), or an
    ``Affine`` in parentheses (PyTorch adds ``(W_ir x + b_ir) + (W_hr h + b_hr)``).

    >>> Affine((MatVec("W_f", ("h_prev", "x")), "b_f")).parts[1]     # W_f · [h_{t-1}, x_t] + b_f
    'b_f'
    """

    parts: tuple[MatVec | Hadamard | Affine | str, ...]


class Activation(NamedTuple):
    """``function(field)`` elementwise; ``function`` is ``"sigmoid"``, ``"tanh"`` or ``"relu"``.

    >>> Activation("sigmoid", "f_pre")            # f_t = σ(f_pre)
    Activation(function='sigmoid', field='f_pre')
    """

    function: str
    field: str


class Products(NamedTuple):
    """A sum of elementwise products of fields: ``(("f", "c_prev"), ("i", "c_tilde"))`` is ``f ⊙ C_{t-1} + i ⊙ C̃``.

    A factor ``"1-z"`` is ``1 − z``; a term with one factor is that factor.

    >>> Products((("1-z", "h_prev"), ("z", "h_tilde"))).terms[0]     # (1 − z_t) ⊙ h_{t-1} + …
    ('1-z', 'h_prev')
    """

    terms: tuple[tuple[str, ...], ...]


class Constant(NamedTuple):
    """Every component the same number: the forget gate of an LSTM without one is ``1``.

    >>> Constant(1.0).value
    1.0
    """

    value: float


Rule = Affine | Activation | Products | Constant


class Field(NamedTuple):
    """One field of a trace: its name, its LaTeX label, what it is, how it is computed.

    ``rule`` is ``None`` for the given inputs (``x``, ``h_prev``, ``c_prev``);
    ``bounds`` is ``(formula, low, high)`` when every component lies in a
    range (a gate in [0, 1]); ``component`` writes component ``k`` in LaTeX
    (``"f_t[{k}]"``); ``input_sized`` is ``True`` for ``x`` alone.
    ``when_low`` and ``when_high`` say, for a gate, what it does when it is
    closed (near 0) or open (near 1): Markdown with ``$…$`` math and the
    placeholders ``{k}`` (the component), ``{h_prev}`` and ``{c_prev}`` (its
    previous states, as numbers).

    >>> field = Field("f", "f_t", "the forget gate", Activation("sigmoid", "f_pre"), ("σ(f_pre)", 0.0, 1.0))
    >>> field.name, field.bounds[1:]
    ('f', (0.0, 1.0))
    """

    name: str
    latex: str
    meaning: str
    rule: Rule | None = None
    bounds: tuple[str, float, float] | None = None
    component: str = ""
    input_sized: bool = False
    when_low: str = ""
    when_high: str = ""


class Step(NamedTuple):
    """One of the slides' numbered steps: its number, title and formulas (LaTeX), the fields it shows.

    >>> Step(3, r"Update Cell State ($C_t$)", (r"C_t = f_t \\odot C_{t-1} + i_t \\odot \\tilde{C}_t",), ("c",)).fields
    ('c',)
    """

    number: int
    title: str
    formulas: tuple[str, ...]
    fields: tuple[str, ...]


class CellSpec(NamedTuple):
    """The description of one cell kind (see the module docstring).

    ``key`` names it everywhere (``"lstm"``, ``"gru-pytorch"``); ``kind`` is
    the family (``"lstm"``, ``"gru"``) and ``options`` the keyword arguments of
    its class that select it (``(("variant", "pytorch"),)``); ``trace`` is the
    name of its trace class; ``name``, ``title`` (of a rendered step) and ``convention`` (how a
    sentence names the variant: ``"in PyTorch's convention"``) are words for people.

    >>> from tinyrnn.specs import spec
    >>> gru = spec("gru", variant="pytorch")
    >>> gru.key, gru.trace, gru.states, gru.gates
    ('gru-pytorch', 'GRUStep', ('h',), ('r', 'z'))
    """

    key: str
    kind: str
    options: tuple[tuple[str, Any], ...]
    name: str
    title: str
    convention: str
    trace: str
    weights: tuple[Weight, ...]
    fields: tuple[Field, ...]
    states: tuple[str, ...]
    steps: tuple[Step, ...]
    gates: tuple[str, ...]

    def field(self, name: str) -> Field:
        """The field called ``name`` (a ``KeyError`` if there is none)."""
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(name)

    @property
    def given(self) -> tuple[Field, ...]:
        """The inputs of a step: ``x``, then the previous states."""
        return tuple(field for field in self.fields if field.rule is None)

    @property
    def layout(self) -> dict[str, str]:
        """``{weight name: shape}``, in the order the weights are drawn and listed."""
        return {weight.name: weight.shape for weight in self.weights}

    @property
    def matrices(self) -> tuple[str, ...]:
        """The names of the weight matrices, in layout order."""
        return tuple(weight.name for weight in self.weights if weight.is_matrix)

    def num_parameters(self, hidden_size: int, input_size: int) -> int:
        """``Σ rows × columns`` over the weights: how many numbers the cell learns."""
        return sum(hidden_size * weight.columns(hidden_size, input_size) for weight in self.weights)

    @property
    def parameter_formula(self) -> str:
        """The parameter count as a formula in H and I, e.g. ``4·H·(H + I) + 4·H``."""
        count = {shape: sum(w.shape == shape for w in self.weights) for shape in SHAPES}
        hx, x, h = count["hx"], count["x"], count["h"]
        paired = min(x, h)  # W_x·x + W_h·h is one H × (H + I) block, split in two
        terms = [(hx + paired, "H·(H + I)"), (x - paired, "H·I"), (h - paired, "H·H"), (count["b"] + count["p"], "H")]
        return " + ".join(f"{n}·{what}" if n != 1 else what for n, what in terms if n)

    def to_json(self) -> dict[str, Any]:
        """The description as plain JSON-ready data, formulas in every form (what the explainer receives)."""
        from tinyrnn.notation import forms

        def rule(value: Rule | MatVec | Hadamard | None) -> Any:
            if value is None:
                return None
            data: dict[str, Any] = {"type": type(value).__name__}  # MatVec and Hadamard are rules of one part
            if isinstance(value, Affine):
                data["parts"] = [
                    {"type": "Bias", "weight": part} if isinstance(part, str) else rule(part) for part in value.parts
                ]
            else:
                data.update(value._asdict())
                if isinstance(value, Products):
                    data["terms"] = [list(term) for term in value.terms]
            return data

        return {
            "key": self.key,
            "kind": self.kind,
            "options": dict(self.options),
            "name": self.name,
            "title": self.title,
            "convention": self.convention,
            "trace": self.trace,
            "weights": [{**weight._asdict(), "label": forms(weight.latex)} for weight in self.weights],
            "fields": [
                {
                    "name": field.name,
                    "label": forms(field.latex),
                    "meaning": field.meaning,
                    "rule": rule(field.rule),
                    "bounds": None if field.bounds is None else [_finite(b) for b in field.bounds[1:]],
                    "input_sized": field.input_sized,
                }
                for field in self.fields
            ],
            "states": list(self.states),
            "steps": [
                {
                    "number": step.number,
                    "title": forms(step.title),
                    "formulas": [forms(formula) for formula in step.formulas],
                    "fields": list(step.fields),
                }
                for step in self.steps
            ],
            "gates": list(self.gates),
            "parameter_formula": self.parameter_formula,
        }


def _finite(bound: float) -> float | None:
    """A bound for JSON: an infinite one (ReLU's) is ``None``, as JSON has no infinity."""
    return bound if abs(bound) != float("inf") else None
