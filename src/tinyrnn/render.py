r"""Render traces as the slides show them: numbered steps, formulas, values.

One description of each cell's steps (the tables ``LSTM_STEPS`` and
``GRU_STEPS`` below, with formulas written once in LaTeX) feeds four
writers: plain text (Unicode, slide notation), Markdown (with ``$…$`` math,
for MyST, Jupyter and GitHub), LaTeX (text headings, each step's rows in an
``aligned`` block; needs ``amsmath`` and ``graphicx``) and HTML (escaped, no scripts, no external
resources).

Numbers are shown with a fixed number of decimals; the trace itself keeps
full precision. ``-0.00`` is shown as ``0.00``.

>>> from tinyrnn import examples
>>> print(examples.slide_lstm().render("text").splitlines()[6])
Step 1: Forget Gate (f_t)
>>> explain_preactivation(examples.slide_lstm_cell(), examples.slide_lstm(), "f", 0)
'W_f[0] · [h_{t-1}, x_t] + b_f[0] = 0.1·0.2 + 0.5·0.4 + 0.5·(-0.1) + 0.4·0.5 + 0.5·(-0.3) + 0.1·0.8 + 0.3 = 0.60'
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from tinyrnn.checks import article, received
from tinyrnn.notation import text_width, to_html, to_text
from tinyrnn.rounding import check_decimals
from tinyrnn.specs import Activation, Affine, CellSpec, Hadamard, MatVec, option_words, spec
from tinyrnn.specs.gru import VARIANTS

if TYPE_CHECKING:
    from tinyrnn.trace import SequenceTrace, Trace

__all__ = [
    "DISPLAY",
    "FORMATS",
    "GRU_STEPS",
    "LSTM_STEPS",
    "Display",
    "cell_html",
    "explain_preactivation",
    "format_number",
    "format_vector",
    "latex_document",
    "render",
]

#: The formats of :func:`render`.
FORMATS = ("text", "markdown", "latex", "html")

# (step number, title, formulas, rows shown as (label, trace field)) -- the slides' steps.
StepTable = tuple[tuple[int, str, tuple[str, ...], tuple[tuple[str, str], ...]], ...]


def step_table(described: CellSpec) -> StepTable:
    """A cell description's steps as ``(number, title, LaTeX formulas, rows shown as (label, trace field))``."""
    return tuple(
        (step.number, step.title, step.formulas, tuple((described.field(name).latex, name) for name in step.fields))
        for step in described.steps
    )


#: The LSTM slide's four steps: ``(number, title, LaTeX formulas, rows shown as (label, trace field))``.
LSTM_STEPS: StepTable = step_table(spec("lstm"))

#: The GRU's four steps in each variant, laid out like :data:`LSTM_STEPS`.
GRU_STEPS: dict[str, StepTable] = {variant: step_table(spec("gru", variant=variant)) for variant in VARIANTS}


class Display:
    """How many decimals a step, a run and a cell show of themselves: one setting for ``str()`` and the notebook.

    ``print(step)`` and a notebook's display of ``step`` (its HTML) both read :data:`DISPLAY`, so they always
    show the same numbers: the slides' two decimals unless you ask for more. The values inside stay exact.

    >>> from tinyrnn import examples
    >>> step = examples.slide_lstm()
    >>> DISPLAY.decimals
    2
    >>> "[0.65, 0.42, 0.78]" in str(step) and "[0.65, 0.42, 0.78]" in step._repr_html_()
    True
    >>> with DISPLAY.using(decimals=3):
    ...     "[0.646, 0.416, 0.776]" in str(step) and "[0.646, 0.416, 0.776]" in step._repr_html_()
    True
    """

    __slots__ = ("_decimals",)

    def __init__(self, decimals: int = 2) -> None:
        self._decimals = check_decimals(decimals)

    @property
    def decimals(self) -> int:
        """Decimals shown by ``str()`` and the notebook display (an int from 0 to 15; default 2)."""
        return self._decimals

    @decimals.setter
    def decimals(self, value: int) -> None:
        self._decimals = check_decimals(value)

    @contextlib.contextmanager
    def using(self, decimals: int) -> Iterator[Display]:
        """Show ``decimals`` decimals inside a ``with`` block, then what was shown before."""
        before, self.decimals = self._decimals, decimals
        try:
            yield self
        finally:
            self._decimals = before

    def __repr__(self) -> str:
        return f"Display(decimals={self._decimals})"


#: The one display setting of tinyrnn: ``tinyrnn.render.DISPLAY.decimals = 4`` shows 4 decimals everywhere.
DISPLAY = Display()


#: The packages of a standalone LaTeX document: all in Debian's ``texlive-latex-base``, the smallest TeX install.
LATEX_PACKAGES = ("geometry", "amsmath", "amssymb", "array", "graphicx")


def latex_document(body: str) -> str:
    r"""``body`` as a whole document for ``pdflatex``: ``article`` and packages of the smallest TeX install.

    A4 with 2 cm margins, no paragraph indent; only :data:`LATEX_PACKAGES` (geometry, amsmath, amssymb,
    array, graphicx), which Debian's ``texlive-latex-base`` has.

    >>> print(latex_document("Hello.").splitlines()[0])
    \documentclass[11pt]{article}
    """
    preamble = [
        r"\documentclass[11pt]{article}",
        r"\usepackage[a4paper,margin=2cm]{geometry}",
        r"\usepackage{amsmath,amssymb}",
        r"\usepackage{array}",
        r"\usepackage{graphicx}",
        r"\setlength{\parindent}{0pt}",
        r"\setlength{\parskip}{0.5\baselineskip}",
        r"\begin{document}",
    ]
    return "\n".join([*preamble, body, r"\end{document}"])


# Numbers ----------------------------------------------------------------------


def format_number(value: float, decimals: int) -> str:
    """``value`` with exactly ``decimals`` decimals; a rounded negative zero loses its sign.

    >>> format_number(0.6502, 2), format_number(-0.001, 2)
    ('0.65', '0.00')
    """
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def format_vector(values: Sequence[float], decimals: int) -> str:
    """``[0.65, 0.42, 0.78]``: a vector with every element to ``decimals`` decimals.

    >>> format_vector([0.6457, -0.3, -0.0001], 2)
    '[0.65, -0.30, 0.00]'
    """
    return "[" + ", ".join(format_number(v, decimals) for v in values) + "]"


# The document model: a title, the given inputs, then the numbered steps -----


def _describe(trace: Trace) -> tuple[str, str, list[tuple[str, Any]], StepTable]:
    described = trace.spec
    options = "".join(f", {words}" for words in option_words(described))
    title = f"{described.title} (input_size = {trace.input_size}, hidden_size = {trace.hidden_size}{options})"
    given = [(field.latex, getattr(trace, field.name)) for field in described.given]
    rounding = trace.rounding  # type: ignore[attr-defined]
    if rounding is None:
        note = "computed in full precision"
    else:
        note = f"hand-rounding mode: every intermediate rounded to {rounding} decimals before it is used"
    return title, note, given, step_table(described)


def render(trace: Trace, fmt: str = "text", decimals: int = 2, notes: Mapping[int, str] | None = None) -> str:
    """Render one step trace in ``fmt`` (``text``, ``markdown``, ``latex`` or ``html``).

    ``notes`` maps a step number to a remark added to its heading, e.g.
    ``{4: "not on the slides"}``. Numbers are shown to ``decimals`` decimals;
    the trace keeps full precision. ``trace.render(...)`` calls this.

    >>> from tinyrnn import examples
    >>> text = render(examples.slide_lstm(), "text", 2, notes={4: "not on the slides"})
    >>> [line for line in text.splitlines() if line.startswith("Step 4")]
    ['Step 4: Output Gate (o_t) + Hidden State (h_t) — not on the slides']
    >>> print(render(examples.slide_gru(), "latex").splitlines()[2])
    \\noindent\\textbf{GRU step (input\\_size = 3, hidden\\_size = 3, variant \\texttt{colah})}\\\\
    """
    writer = _writer(fmt)
    decimals = check_decimals(decimals)
    text: str = writer(trace, decimals, _check_notes(notes))
    return text


def _check_notes(notes: object) -> dict[int, str]:
    if notes is None:
        return {}
    if not isinstance(notes, Mapping) or not all(isinstance(k, int) and isinstance(v, str) for k, v in notes.items()):
        raise TypeError(f"notes must map step numbers (int) to remarks (str), got {received(notes)}")
    return dict(notes)


def _heading(number: int, heading: str, notes: dict[int, str]) -> str:
    note = notes.get(number)
    return f"Step {number}: {heading}" + (f" — {note}" if note else "")


def render_sequence(trace: SequenceTrace, fmt: str = "text", decimals: int = 2) -> str:
    """Render every time step of a sequence trace, each under a ``t = …`` heading."""
    writer = _writer(fmt)
    decimals = check_decimals(decimals)
    parts = []
    for t, step in enumerate(trace, start=1):
        heading = {
            "text": f"Time step t = {t}",
            "markdown": f"#### Time step $t = {t}$",
            "latex": f"% Time step t = {t}",
            "html": f"<h3>Time step t = {t}</h3>",
        }[fmt]
        parts.append(heading + "\n" + writer(step, decimals, {}))
    return "\n\n".join(parts)


def _writer(fmt: object) -> Any:
    writers = {"text": _text, "markdown": _markdown, "latex": _latex, "html": _html}
    if fmt not in writers:
        raise ValueError(f"fmt must be one of {', '.join(map(repr, FORMATS))}, got {received(fmt)}")
    return writers[fmt]


def _rows(trace: Trace, rows: tuple[tuple[str, str], ...]) -> list[tuple[str, Any]]:
    return [(label, getattr(trace, field)) for label, field in rows if getattr(trace, field) is not None]


def _text(trace: Trace, decimals: int, notes: dict[int, str]) -> str:
    title, note, given, steps = _describe(trace)
    lines = [title, f"({note}; shown to {decimals} decimals)", "Given:"]
    width = max(text_width(label) for label, _ in given)
    lines += [f"  {' ' * (width - text_width(label))}{label} = {format_vector(v, decimals)}" for label, v in given]
    for number, heading, formulas, rows in steps:
        lines.append(to_text(_heading(number, heading, notes)))
        lines += [f"  {to_text(formula)}" for formula in formulas]
        shown = [(to_text(label), v) for label, v in _rows(trace, rows)]
        width = max(text_width(label) for label, _ in shown)
        lines += [
            f"    {' ' * (width - text_width(label))}{label} = {format_vector(v, decimals)}" for label, v in shown
        ]
    return "\n".join(lines)


def _markdown(trace: Trace, decimals: int, notes: dict[int, str]) -> str:
    title, note, given, steps = _describe(trace)
    out = [f"**{title}** — {note}; shown to {decimals} decimals.", "", "| Given | Value |", "|:--|:--|"]
    out += [f"| ${label}$ | {format_vector(v, decimals)} |" for label, v in given]
    for number, heading, formulas, rows in steps:
        out += ["", f"**{_heading(number, heading, notes)}**", ""]
        out += [f"$${formula}$$" for formula in formulas]
        out += ["", "| Quantity | Value |", "|:--|:--|"]
        out += [f"| ${label}$ | {format_vector(v, decimals)} |" for label, v in _rows(trace, rows)]
    return "\n".join(out)


def _latex_text(text: str) -> str:
    """Escape ``_`` for LaTeX text mode, but not inside ``$…$`` (where it is a subscript)."""
    parts = text.split("$")
    return "$".join(part if k % 2 else part.replace("_", r"\_") for k, part in enumerate(parts))


#: The first lines of a LaTeX rendering: what a fragment needs, and the macro that keeps a block within the line.
LATEX_HEAD = (
    "% Written by tinyrnn. As a fragment it needs \\usepackage{amsmath,graphicx} (or use --standalone).",
    r"\providecommand{\tinyrnnfit}[1]{\resizebox{\ifdim\width>\linewidth\linewidth\else\width\fi}{!}{#1}}",
)
LATEX_CHUNK = 6  # numbers of a vector on one line of a LaTeX rendering; a longer vector goes on to the next line


def latex_vector(values: Sequence[float], decimals: int) -> str:
    r"""A vector for an ``aligned`` row: ``[0.65, 0.42]``, broken after every ``LATEX_CHUNK`` numbers.

    >>> latex_vector([0.5] * 7, 1)
    '[0.5, 0.5, 0.5, 0.5, 0.5, 0.5,\\\\ &\\phantom{{}=[}0.5]'
    """
    numbers = [format_number(v, decimals) for v in values]
    lines = [", ".join(numbers[k : k + LATEX_CHUNK]) for k in range(0, len(numbers), LATEX_CHUNK)]
    return "[" + ",\\\\ &\\phantom{{}=[}".join(lines) + "]"


def latex_block(rows: Sequence[tuple[str, str]]) -> str:
    """Rows ``(left, right)`` aligned at their ``=``, scaled down only if wider than the line (``\\tinyrnnfit``)."""
    body = "\\\\\n".join(f"{left} &= {right}" for left, right in rows)
    return f"\\tinyrnnfit{{$\\displaystyle\\begin{{aligned}}\n{body}\n\\end{{aligned}}$}}"


def _latex(trace: Trace, decimals: int, notes: dict[int, str]) -> str:
    title, note, given, steps = _describe(trace)
    title = re.sub(r"'([^']*)'", r"\\texttt{\1}", _latex_text(title))  # variant \texttt{pytorch}
    out = [*LATEX_HEAD, rf"\noindent\textbf{{{title}}}\\", f"{_latex_text(note)}; shown to {decimals} decimals", ""]
    given_rows = [(label, latex_vector(v, decimals)) for label, v in given]
    out += [r"\noindent\textbf{Given}", r"\begin{center}", latex_block(given_rows), r"\end{center}"]
    for number, heading, formulas, rows in steps:
        out += ["", rf"\noindent\textbf{{{_latex_text(_heading(number, heading, notes))}}}", r"\begin{center}"]
        out.append(latex_block([(left, right) for left, right in (f.split(" = ", 1) for f in formulas)]) + r"\\[1ex]")
        out += [latex_block([(label, latex_vector(v, decimals)) for label, v in _rows(trace, rows)]), r"\end{center}"]
    return "\n".join(out)


def _html(trace: Trace, decimals: int, notes: dict[int, str]) -> str:
    from html import escape

    title, note, given, steps = _describe(trace)

    def table(rows: list[tuple[str, Any]]) -> str:
        cells = "".join(
            f'<tr><th scope="row">{to_html(label)}</th><td>{format_vector(v, decimals)}</td></tr>' for label, v in rows
        )
        return f'<table class="tinyrnn-values">{cells}</table>'

    out = [
        '<div class="tinyrnn-trace">',
        f"<p><strong>{escape(title)}</strong> — {escape(note)}; shown to {decimals} decimals.</p>",
        "<p>Given:</p>",
        table(given),
    ]
    for number, heading, formulas, rows in steps:
        out.append(f"<h4>{to_html(_heading(number, heading, notes))}</h4>")
        out += [f'<p class="tinyrnn-formula">{to_html(formula)}</p>' for formula in formulas]
        out.append(table(_rows(trace, rows)))
    out.append("</div>")
    return "\n".join(out)


# A cell in a notebook ------------------------------------------------------------


def cell_html(cell: Any, decimals: int | None = None) -> str:
    """A cell as HTML: its kind, sizes, options and parameter count, its weights in a collapsed table.

    What a notebook shows for a cell (``cell._repr_html_()``); ``decimals`` defaults to :data:`DISPLAY`'s.

    >>> from tinyrnn import GRUCell
    >>> html = cell_html(GRUCell(input_size=2, hidden_size=3, variant="pytorch", seed=0))
    >>> "<strong>GRUCell</strong>" in html, "63 parameters" in html, "<details>" in html
    (True, True, True)
    """
    from html import escape

    shown = DISPLAY.decimals if decimals is None else check_decimals(decimals)
    described = cell.spec
    options = "".join(f", {escape(name)} <code>{escape(str(value))}</code>" for name, value in described.options)
    rows = []
    for weight in described.weights:
        value = cell.params[weight.name]
        matrix = value if weight.is_matrix else [value]
        cells = "".join(
            "<tr>" + "".join(f"<td>{format_number(v, shown)}</td>" for v in row) + "</tr>" for row in matrix
        )
        shape = f"{len(matrix)} × {len(matrix[0])}" if weight.is_matrix else f"{len(value)}"
        rows.append(
            f'<tr><th scope="row">{to_html(weight.latex)}</th><td>{shape}</td>'
            f'<td><table class="tinyrnn-matrix">{cells}</table></td></tr>'
        )
    count, formula = cell.num_parameters, escape(described.parameter_formula)
    summary = (
        f"<p><strong>{type(cell).__name__}</strong> — {escape(described.name)}: input size {cell.input_size}, "
        f"hidden size {cell.hidden_size}{options}; {count:,} parameters ({formula})</p>"
    )
    return "\n".join(
        [
            '<div class="tinyrnn-cell">',
            summary,
            f"<details><summary>Weights ({len(described.weights)} arrays, shown to {shown} decimals)</summary>",
            f'<table class="tinyrnn-weights">{"".join(rows)}</table>',
            "</details>",
            "</div>",
        ]
    )


# Term by term: one component of a pre-activation, as a student writes it ----


def operand(value: float, decimals: int) -> str:
    """A term's number: at most ``decimals`` decimals, no trailing zeros, negatives in parentheses."""
    text = format_number(value, decimals)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"({text})" if text.startswith("-") else text


def _sum_terms(weights: Sequence[float], inputs: Sequence[float], decimals: int) -> str:
    return " + ".join(f"{operand(w, decimals)}·{operand(v, decimals)}" for w, v in zip(weights, inputs, strict=True))


def _text_to_latex(line: str) -> str:
    r"""The inverse of :func:`to_text` for explanation lines: ``0.1·0.2`` → ``0.1 \cdot 0.2``, ``W_ir`` → ``W_{ir}``."""
    line = line.replace(" · ", "·").replace("·", r" \cdot ").replace("⊙", r"\odot")
    return re.sub(r"_([a-z]{2})\[", r"_{\1}[", line)


def explain_preactivation(cell: Any, trace: Any, gate: str, index: int, *, decimals: int = 2, fmt: str = "text") -> str:
    r"""One component of a pre-activation, term by term, as a student computes it by hand.

    Args:
        cell: the cell that produced ``trace`` (its weights are needed).
        trace: an :class:`~tinyrnn.LSTMStep` or :class:`~tinyrnn.GRUStep`.
        gate: ``"f"``, ``"i"``, ``"c_tilde"``, ``"o"`` (LSTM) or ``"r"``, ``"z"``, ``"h_tilde"`` (GRU),
            and ``"hn"`` (``W_hn h_{t-1} + b_hn``) for the ``pytorch`` variant.
        index: which component (row of the weight matrix).
        decimals: decimals of the numbers shown.
        fmt: ``"text"`` (the slides' Unicode notation) or ``"latex"`` (math mode, for LaTeX and Markdown).

    Returns:
        ``"W_f[0] · [h_{t-1}, x_t] + b_f[0] = <the products> + <the bias> = <the sum>"``; for the
        ``"pytorch"`` GRU variant, its separate input and hidden parts.

    >>> from tinyrnn import examples
    >>> print(explain_preactivation(examples.slide_gru_cell(), examples.slide_gru(), "r", 2).replace(" = ", "\n  = "))
    W_r[2] · [h_{t-1}, x_t] + b_r[2]
      = (-0.3)·0.2 + 0·0.4 + 0.4·(-0.1) + (-0.5)·0.5 + (-0.1)·(-0.3) + 0.5·0.8 + (-0.3)
      = -0.22
    >>> print(explain_preactivation(examples.slide_lstm_cell(), examples.slide_lstm(), "o", 1, fmt="latex"))
    W_o[1] \cdot [h_{t-1}, x_t] + b_o[1] = 0.5 \cdot 0.2 + 0.2 \cdot 0.4 + ... + 0.1 = -0.10
    """
    if fmt not in ("text", "latex"):
        raise ValueError(f"fmt must be 'text' or 'latex', got {received(fmt)}")
    line = _explain_text(cell, trace, gate, index, check_decimals(decimals))
    return _text_to_latex(line) if fmt == "latex" else line


def pre_activations(described: CellSpec) -> dict[str, str]:
    """Each pre-activation a student can be asked for, by the name of its gate: ``{"f": "f_pre", …}``.

    A pre-activation that no activation squashes (PyTorch's ``hn``) goes by its own name.

    >>> pre_activations(spec("gru", variant="pytorch"))
    {'r': 'r_pre', 'z': 'z_pre', 'h_tilde': 'h_tilde_pre', 'hn': 'hn'}
    """
    affine = [field.name for field in described.fields if isinstance(field.rule, Affine)]
    squashed = {
        field.name: field.rule.field
        for field in described.fields
        if isinstance(field.rule, Activation) and field.rule.field in affine
    }
    return {**squashed, **{name: name for name in affine if name not in squashed.values()}}


def weights_of(described: CellSpec, rule: Affine) -> list[str]:
    """The weights a pre-activation uses, its own and those of a pre-activation it multiplies (PyTorch's hn).

    >>> weights_of(spec("gru", variant="pytorch"), spec("gru", variant="pytorch").field("h_tilde_pre").rule)
    ['W_in', 'b_in', 'W_hn', 'b_hn']
    """
    names: list[str] = []
    for part in rule.parts:
        if isinstance(part, str):
            names.append(part)
        elif isinstance(part, MatVec):
            names.append(part.weight)
        elif isinstance(part, Hadamard):
            for name in (part.left, part.right):
                inner = next((f.rule for f in described.fields if f.name == name), None)
                if isinstance(inner, Affine):
                    names += weights_of(described, inner)
                elif inner is None and name in described.layout:  # a weight: a peephole
                    names.append(name)
        else:
            names += weights_of(described, part)
    return names


def weight_groups(described: CellSpec) -> list[list[str]]:
    """The weights by the pre-activation that first uses them, matrices first: ``[["W_f", "b_f"], …]``.

    >>> weight_groups(spec("gru", variant="pytorch"))[0]
    ['W_ir', 'W_hr', 'b_ir', 'b_hr']
    """
    shapes = {weight.name: weight for weight in described.weights}
    seen: set[str] = set()
    groups = []
    for field in described.fields:
        if isinstance(field.rule, Affine):
            names = [name for name in dict.fromkeys(weights_of(described, field.rule)) if name not in seen]
            seen.update(names)
            if names:
                groups.append([n for n in names if shapes[n].is_matrix] + [n for n in names if not shapes[n].is_matrix])
    rest = [weight.name for weight in described.weights if weight.name not in seen]
    return groups + ([rest] if rest else [])


def _explain_text(cell: Any, trace: Any, gate: str, index: int, decimals: int) -> str:
    described = trace.spec
    gates = pre_activations(described)
    if gate not in gates:
        kind = article(type(trace).__name__)
        raise ValueError(f"gate must be one of {', '.join(map(repr, gates))} for {kind}, got {received(gate)}")
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < trace.hidden_size:
        raise ValueError(f"index must be an int from 0 to {trace.hidden_size - 1}, got {received(index)}")
    pre = gates[gate]
    rule = described.field(pre).rule
    assert isinstance(rule, Affine)
    symbols, numbers = _terms(described, rule, trace, cell.params, index, decimals)
    return f"{' + '.join(symbols)} = {' + '.join(numbers)} = {format_number(getattr(trace, pre)[index], decimals)}"


def _terms(
    described: CellSpec, rule: Affine, trace: Any, params: Mapping[str, Any], k: int, decimals: int
) -> tuple[list[str], list[str]]:
    """The parts of component ``k`` of a pre-activation: in symbols (``W_f[0] · [h_{t-1}, x_t]``) and in numbers."""
    symbols: list[str] = []
    numbers: list[str] = []
    for part in rule.parts:
        if isinstance(part, str):  # a bias
            symbols.append(f"{_weight(described, part)}[{k}]")
            numbers.append(operand(params[part][k], decimals))
        elif isinstance(part, MatVec):
            labels = [to_text(described.field(name).latex) for name in part.inputs]
            shown = f" · [{', '.join(labels)}]" if len(labels) > 1 else f"·{labels[0]}"
            inputs = [value for name in part.inputs for value in getattr(trace, name)]
            symbols.append(f"{_weight(described, part.weight)}[{k}]{shown}")
            numbers.append(_sum_terms(params[part.weight][k], inputs, decimals))
        elif isinstance(part, Hadamard):
            (left, left_value), (right, right_value) = (
                _factor(described, name, trace, params, k, decimals) for name in (part.left, part.right)
            )
            symbols.append(f"{left}·{right}")
            numbers.append(f"{left_value}·{right_value}")
        else:  # a sum in parentheses, shown without them: its parts are added in turn
            more_symbols, more_numbers = _terms(described, part, trace, params, k, decimals)
            symbols += more_symbols
            numbers += more_numbers
    return symbols, numbers


def _factor(
    described: CellSpec, name: str, trace: Any, params: Mapping[str, Any], k: int, decimals: int
) -> tuple[str, str]:
    """One factor of a product ``a ⊙ b``, component ``k``: a weight, a field, or a pre-activation in parentheses."""
    if name in params:
        return f"{_weight(described, name)}[{k}]", operand(params[name][k], decimals)
    field = described.field(name)
    if isinstance(field.rule, Affine):
        symbols, numbers = _terms(described, field.rule, trace, params, k, decimals)
        return f"({' + '.join(symbols)})", f"({' + '.join(numbers)})"
    return to_text(field.component.format(k=k)), operand(getattr(trace, name)[k], decimals)


def _weight(described: CellSpec, name: str) -> str:
    """A weight's name as the slides write it, in text: ``W_C``, ``W_ir``."""
    return to_text(next(weight.latex for weight in described.weights if weight.name == name))
