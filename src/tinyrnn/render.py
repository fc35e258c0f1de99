r"""Render traces as the slides show them: numbered steps, formulas, values.

One description of each cell's steps (the tables ``LSTM_STEPS`` and
``GRU_STEPS`` below, with formulas written once in LaTeX) feeds four
writers: plain text (Unicode, slide notation), Markdown (with ``$…$`` math,
for MyST, Jupyter and GitHub), LaTeX (one ``align*`` environment that
compiles with ``amsmath``) and HTML (escaped, no scripts, no external
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

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from tinyrnn.checks import received
from tinyrnn.rounding import check_decimals

if TYPE_CHECKING:
    from tinyrnn.trace import SequenceTrace, Trace

__all__ = ["FORMATS", "GRU_STEPS", "LSTM_STEPS", "explain_preactivation", "format_number", "format_vector", "render"]

#: The formats of :func:`render`.
FORMATS = ("text", "markdown", "latex", "html")

HX = r"[h_{t-1}, x_t]"

# (step number, title, formulas, rows shown as (label, trace field)) -- the slides' steps.
StepTable = tuple[tuple[int, str, tuple[str, ...], tuple[tuple[str, str], ...]], ...]

#: The LSTM slide's four steps: ``(number, title, LaTeX formulas, rows shown as (label, trace field))``.
LSTM_STEPS: StepTable = (
    (
        1,
        r"Forget Gate ($f_t$)",
        (rf"f_t = \sigma(W_f \cdot {HX} + b_f)",),
        ((rf"W_f \cdot {HX} + b_f", "f_pre"), ("f_t", "f")),
    ),
    (
        2,
        r"Input Gate ($i_t$) + Candidate ($\tilde{C}_t$)",
        (rf"i_t = \sigma(W_i \cdot {HX} + b_i)", rf"\tilde{{C}}_t = \tanh(W_C \cdot {HX} + b_C)"),
        (
            (rf"W_i \cdot {HX} + b_i", "i_pre"),
            ("i_t", "i"),
            (rf"W_C \cdot {HX} + b_C", "c_tilde_pre"),
            (r"\tilde{C}_t", "c_tilde"),
        ),
    ),
    (3, r"Update Cell State ($C_t$)", (r"C_t = f_t \odot C_{t-1} + i_t \odot \tilde{C}_t",), (("C_t", "c"),)),
    (
        4,
        r"Output Gate ($o_t$) + Hidden State ($h_t$)",
        (rf"o_t = \sigma(W_o \cdot {HX} + b_o)", r"h_t = o_t \odot \tanh(C_t)"),
        ((rf"W_o \cdot {HX} + b_o", "o_pre"), ("o_t", "o"), (r"\tanh(C_t)", "tanh_c"), ("h_t", "h")),
    ),
)

_GRU_GATES: StepTable = (
    (
        1,
        r"Reset Gate ($r_t$)",
        (rf"r_t = \sigma(W_r \cdot {HX} + b_r)",),
        ((rf"W_r \cdot {HX} + b_r", "r_pre"), ("r_t", "r")),
    ),
    (
        2,
        r"Update Gate ($z_t$)",
        (rf"z_t = \sigma(W_z \cdot {HX} + b_z)",),
        ((rf"W_z \cdot {HX} + b_z", "z_pre"), ("z_t", "z")),
    ),
    (
        3,
        r"Candidate Hidden State ($\tilde{h}_t$)",
        (r"\tilde{h}_t = \tanh(W_h \cdot [r_t \odot h_{t-1}, x_t] + b_h)",),
        (
            (r"r_t \odot h_{t-1}", "r_h_prev"),
            (r"W_h \cdot [r_t \odot h_{t-1}, x_t] + b_h", "h_tilde_pre"),
            (r"\tilde{h}_t", "h_tilde"),
        ),
    ),
)

#: The GRU's four steps in each variant, laid out like :data:`LSTM_STEPS`.
GRU_STEPS: dict[str, StepTable] = {
    "colah": (
        *_GRU_GATES,
        (4, r"New Hidden State ($h_t$)", (r"h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde{h}_t",), (("h_t", "h"),)),
    ),
    "cho2014": (
        *_GRU_GATES,
        (4, r"New Hidden State ($h_t$)", (r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t",), (("h_t", "h"),)),
    ),
    "pytorch": (
        (
            1,
            r"Reset Gate ($r_t$)",
            (r"r_t = \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr})",),
            ((r"W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr}", "r_pre"), ("r_t", "r")),
        ),
        (
            2,
            r"Update Gate ($z_t$)",
            (r"z_t = \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz})",),
            ((r"W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz}", "z_pre"), ("z_t", "z")),
        ),
        (
            3,
            r"Candidate Hidden State ($\tilde{h}_t$, PyTorch's $n_t$)",
            (r"\tilde{h}_t = \tanh(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn}))",),
            (
                (r"W_{hn} h_{t-1} + b_{hn}", "hn"),
                (r"W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn})", "h_tilde_pre"),
                (r"\tilde{h}_t", "h_tilde"),
            ),
        ),
        (4, r"New Hidden State ($h_t$)", (r"h_t = (1 - z_t) \odot \tilde{h}_t + z_t \odot h_{t-1}",), (("h_t", "h"),)),
    ),
}

_GIVEN = {
    "LSTMStep": (("x_t", "x"), ("h_{t-1}", "h_prev"), ("C_{t-1}", "c_prev")),
    "GRUStep": (("x_t", "x"), ("h_{t-1}", "h_prev")),
}


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


# Notation: formulas are written once, in LaTeX, and translated -------------

_TEXT_MACROS = (
    (r"\tilde{C}", "C\u0303"),
    (r"\tilde{h}", "h\u0303"),
    (r"\sigma", "σ"),
    (r"\tanh", "tanh"),
    (r"\odot", "⊙"),
    (r"\cdot", "·"),
    ("$", ""),
)


def to_text(latex: str) -> str:
    r"""The slide notation in Unicode: ``\tilde{C}_t`` → ``C̃_t``, ``\odot`` → ``⊙``, ``W_{ir}`` → ``W_ir``."""
    for macro, symbol in _TEXT_MACROS:
        latex = latex.replace(macro, symbol)
    return re.sub(r"_\{([a-z]{2})\}", r"_\1", latex)


def to_html(latex: str) -> str:
    """The text notation, HTML-escaped, with subscripts as ``<sub>``."""
    from html import escape

    text = escape(to_text(latex), quote=False)
    text = re.sub(r"_\{([^}]*)\}", r"<sub>\1</sub>", text)
    return re.sub(r"_([A-Za-z0-9]+)", r"<sub>\1</sub>", text)


def text_width(text: str) -> int:
    return len(text) - text.count("\u0303")


# The document model: a title, the given inputs, then the numbered steps -----


def _describe(trace: Trace) -> tuple[str, str, list[tuple[str, Any]], StepTable]:
    kind = type(trace).__name__
    sizes = f"input_size = {trace.input_size}, hidden_size = {trace.hidden_size}"
    if kind == "LSTMStep":
        title, steps = f"LSTM step ({sizes})", LSTM_STEPS
    else:
        title, steps = f"GRU step ({sizes}, variant {trace.variant!r})", GRU_STEPS[trace.variant]  # type: ignore[attr-defined]
    given = [(label, getattr(trace, field)) for label, field in _GIVEN[kind]]
    rounding = trace.rounding  # type: ignore[attr-defined]
    if rounding is None:
        note = "computed in full precision"
    else:
        note = f"hand-rounding mode: every intermediate rounded to {rounding} decimals before it is used"
    return title, note, given, steps


def render(trace: Trace, fmt: str = "text", decimals: int = 2, notes: Mapping[int, str] | None = None) -> str:
    """Render one step trace in ``fmt`` (``text``, ``markdown``, ``latex`` or ``html``).

    ``notes`` maps a step number to a remark added to its heading, e.g.
    ``{4: "not on the slides"}``. Numbers are shown to ``decimals`` decimals;
    the trace keeps full precision. ``trace.render(...)`` calls this.

    >>> from tinyrnn import examples
    >>> text = render(examples.slide_lstm(), "text", 2, notes={4: "not on the slides"})
    >>> [line for line in text.splitlines() if line.startswith("Step 4")]
    ['Step 4: Output Gate (o_t) + Hidden State (h_t) — not on the slides']
    >>> print(render(examples.slide_gru(), "latex").splitlines()[0])
    \\begin{align*}
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


def _latex(trace: Trace, decimals: int, notes: dict[int, str]) -> str:
    title, note, given, steps = _describe(trace)
    out = [
        r"\begin{align*}",
        rf"&\textbf{{{_latex_text(title)}}}\\",
        rf"&\text{{{_latex_text(note)}; shown to {decimals} decimals}}\\",
    ]
    out += [rf"{label} &= {format_vector(v, decimals)}\\" for label, v in given]
    for number, heading, formulas, rows in steps:
        out.append(rf"&\textbf{{{_latex_text(_heading(number, heading, notes))}}}\\")
        out += [formula.replace(" = ", " &= ", 1) + r"\\" for formula in formulas]
        out += [rf"{label} &= {format_vector(v, decimals)}\\" for label, v in _rows(trace, rows)]
    out[-1] = out[-1][:-2]  # no line break after the last row
    out.append(r"\end{align*}")
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


# Term by term: one component of a pre-activation, as a student writes it ----

_GATE_PARAMS = {
    "LSTMStep": {"f": ("W_f", "b_f"), "i": ("W_i", "b_i"), "c_tilde": ("W_c", "b_c"), "o": ("W_o", "b_o")},
    "GRUStep": {"r": ("W_r", "b_r"), "z": ("W_z", "b_z"), "h_tilde": ("W_h", "b_h")},
}


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


def _explain_text(cell: Any, trace: Any, gate: str, index: int, decimals: int) -> str:
    kind = type(trace).__name__
    params = cell.params
    variant = getattr(trace, "variant", None)
    gates = {**_GATE_PARAMS.get(kind, {}), **({"hn": ("W_hn", "b_hn")} if variant == "pytorch" else {})}
    if gate not in gates:
        raise ValueError(f"gate must be one of {', '.join(map(repr, gates))} for a {kind}, got {received(gate)}")
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < trace.hidden_size:
        raise ValueError(f"index must be an int from 0 to {trace.hidden_size - 1}, got {received(index)}")
    pre = (trace.hn if gate == "hn" else getattr(trace, gate + "_pre"))[index]
    result = format_number(pre, decimals)
    if variant == "pytorch":
        suffix = {"r": "r", "z": "z", "h_tilde": "n", "hn": "n"}[gate]
        W_i, b_i = params[f"W_i{suffix}"][index], params[f"b_i{suffix}"][index]
        W_h, b_h = params[f"W_h{suffix}"][index], params[f"b_h{suffix}"][index]
        x_part = f"{_sum_terms(W_i, trace.x, decimals)} + {operand(b_i, decimals)}"
        h_part = f"{_sum_terms(W_h, trace.h_prev, decimals)} + {operand(b_h, decimals)}"
        if gate == "hn":
            return f"W_hn[{index}]·h_{{t-1}} + b_hn[{index}] = {h_part} = {result}"
        if gate == "h_tilde":
            r = operand(trace.r[index], decimals)
            return (
                f"W_in[{index}]·x_t + b_in[{index}] + r_t[{index}]·(W_hn[{index}]·h_{{t-1}} + b_hn[{index}]) = "
                f"{x_part} + {r}·({h_part}) = {result}"
            )
        lhs = f"W_i{suffix}[{index}]·x_t + b_i{suffix}[{index}] + W_h{suffix}[{index}]·h_{{t-1}} + b_h{suffix}[{index}]"
        return f"{lhs} = {x_part} + {h_part} = {result}"
    W_key, b_key = gates[gate]
    if gate == "h_tilde":
        inputs, label = (*trace.r_h_prev, *trace.x), "[r_t ⊙ h_{t-1}, x_t]"
    else:
        inputs, label = (*trace.h_prev, *trace.x), "[h_{t-1}, x_t]"
    W_row, bias = params[W_key][index], params[b_key][index]
    shown = "W_C" if W_key == "W_c" else W_key
    return (
        f"{shown}[{index}] · {label} + {shown.replace('W', 'b')}[{index}] = "
        f"{_sum_terms(W_row, inputs, decimals)} + {operand(bias, decimals)} = {result}"
    )
