"""Layout helpers for the docs pages: Markdown tables of numbers that tinyrnn computed.

The pages' hidden ``{run-python}`` blocks import these (``docs/_ext`` is on
``sys.path`` while the docs build). They only *lay out* values: every number
comes from a tinyrnn trace, cell or example passed in, none is computed or
typed here. Shown (copyable) examples never use this module: they import
tinyrnn only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from tinyrnn.render import explain_preactivation, format_number, format_vector

__all__ = [
    "SLIDE_SYMBOLS",
    "activation_lines",
    "check_against_slide",
    "explain_lines",
    "md_table",
    "num",
    "slide_table",
    "slide_vector",
    "values_table",
    "weights_table",
]

# How the slides write each trace field (LaTeX, for the tables).
SLIDE_SYMBOLS = {
    "x": "x_t",
    "h_prev": "h_{t-1}",
    "c_prev": "C_{t-1}",
    "f_pre": r"W_f \cdot [h_{t-1}, x_t] + b_f",
    "f": "f_t",
    "i_pre": r"W_i \cdot [h_{t-1}, x_t] + b_i",
    "i": "i_t",
    "c_tilde_pre": r"W_C \cdot [h_{t-1}, x_t] + b_C",
    "c_tilde": r"\tilde{C}_t",
    "c": "C_t",
    "o_pre": r"W_o \cdot [h_{t-1}, x_t] + b_o",
    "o": "o_t",
    "tanh_c": r"\tanh(C_t)",
    "h": "h_t",
    "r_pre": r"W_r \cdot [h_{t-1}, x_t] + b_r",
    "r": "r_t",
    "z_pre": r"W_z \cdot [h_{t-1}, x_t] + b_z",
    "z": "z_t",
    "r_h_prev": r"r_t \odot h_{t-1}",
    "h_tilde_pre": r"W_h \cdot [r_t \odot h_{t-1}, x_t] + b_h",
    "h_tilde": r"\tilde{h}_t",
}


def num(value: float, decimals: int = 4) -> str:
    """A number as a factor in a written product: fixed decimals, a negative one in parentheses."""
    text = format_number(value, decimals)
    return f"({text})" if text.startswith("-") else text


def md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A MyST pipe table, every column left-aligned, in a ``table`` of class ``tinyrnn-numbers``.

    The class keeps each cell (e.g. a vector) on one line; a table too wide for
    the page scrolls sideways instead (``_static/tinyrnn.css``).
    """
    lines = ["```{table}", ":class: tinyrnn-numbers", ""]
    lines += ["| " + " | ".join(header) + " |", "|" + "|".join(":--" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join([*lines, "```"]) + "\n"


def slide_vector(slide: Mapping[str, Sequence[float]], field: str) -> str:
    """The vector the slide prints for ``field``, or a dash when the slide prints none."""
    return format_vector(slide[field], 2) if field in slide else "—"


def values_table(step: Any, fields: Sequence[str], slide: Mapping[str, Sequence[float]] | None = None) -> str:
    """One row per trace field: its symbol, the value to 4 and to 2 decimals, and (optionally) the slide's."""
    header = ["Quantity", "tinyrnn (4 decimals)", "to 2 decimals"]
    if slide is not None:
        header.append("slide")
    rows = []
    for field in fields:
        value = getattr(step, field)
        row = [f"${SLIDE_SYMBOLS[field]}$", format_vector(value, 4), format_vector(value, 2)]
        if slide is not None:
            row.append(slide_vector(slide, field))
        rows.append(row)
    return md_table(header, rows)


def weights_table(params: Mapping[str, Any], hidden_size: int, decimals: int = 1) -> str:
    """Every weight matrix of a concatenated layout, one row per gate component, its bias last.

    The columns are the entries of ``[h_{t-1}, x_t]`` each weight multiplies.
    """
    names = list(params)
    first = params[names[0]][0]
    columns = [f"$h_{{t-1}}[{k}]$" for k in range(hidden_size)]
    columns += [f"$x_t[{k}]$" for k in range(len(first) - hidden_size)]
    rows = []
    for W, b in zip(names[::2], names[1::2], strict=True):
        shown = "W_C" if W == "W_c" else W
        for k, (row, bias) in enumerate(zip(params[W], params[b], strict=True)):
            rows.append([f"${shown}[{k}]$", *(format_number(w, decimals) for w in row), format_number(bias, decimals)])
    return md_table(["row", *columns, "bias"], rows)


def explain_lines(cell: Any, step: Any, gate: str, decimals: int = 2) -> str:
    """Every component of a pre-activation, term by term (``explain_preactivation``), one ``=`` per line."""
    blocks = []
    for k in range(step.hidden_size):
        lhs, *rest = explain_preactivation(cell, step, gate, k, decimals=decimals).split(" = ")
        blocks.append("\n".join([lhs, *(f"    = {part}" for part in rest)]))
    return "\n\n".join(blocks)


def activation_lines(name: str, fn_name: str, fn: Callable[[float], float], pre: Any, values: Any) -> str:
    """``f_t[0] = σ(0.6000) = 0.6457`` for every component, checking that the trace holds exactly ``fn(pre)``."""
    lines = []
    for k, (a, v) in enumerate(zip(pre, values, strict=True)):
        if fn(a) != v:
            raise AssertionError(f"{name}[{k}] = {v!r} in the trace, but {fn_name}({a!r}) = {fn(a)!r}")
        lines.append(f"{name}[{k}] = {fn_name}({format_number(a, 4)}) = {format_number(v, 4)}")
    return "\n".join(lines)


def check_against_slide(step: Any, slide: Mapping[str, Sequence[float]], field: str) -> None:
    """Fail the docs build unless ``step.<field>`` shown to two decimals is what the slide prints."""
    ours, printed = format_vector(getattr(step, field), 2), format_vector(slide[field], 2)
    if ours != printed:
        raise AssertionError(f"{field}: tinyrnn gives {ours}, the slide prints {printed}")


def slide_table(step: Any, slide: Mapping[str, Sequence[float]]) -> str:
    """Every result the slide prints next to tinyrnn's, two decimals; checked (see :func:`check_against_slide`)."""
    rows = []
    for field, printed in slide.items():
        check_against_slide(step, slide, field)
        ours = format_vector(getattr(step, field), 2)
        rows.append([f"${SLIDE_SYMBOLS[field]}$", format_vector(printed, 2), ours, "yes"])
    return md_table(["", "slide", "tinyrnn", "same"], rows)
