r"""A tiny document model for exercise sheets, written as plain text, Markdown or LaTeX.

A document is a list of blocks. Text in a block is ASCII prose with inline
math between ``$`` signs, written once in LaTeX (``$f_t = \sigma(a)$``), and
inline code between backticks. The text writer translates the math to the
slides' Unicode notation (``f_t = σ(a)``); Markdown keeps it for MyST, Jupyter
and GitHub; LaTeX compiles with ``article`` and ``amsmath`` and is pure ASCII.

Blocks (tuples):

``("title", text)``               the exercise's title
``("heading", text)``             a step or section heading
``("paragraph", text)``
``("items", [text, ...])``        a bullet list
``("table", [header...], [[cell...], ...])``
``("weights", [[(label, value, split), ...], ...])``
                                  one line per group of weights; ``value`` is a
                                  matrix (list of rows) or a vector; ``split`` is
                                  the column after which a bar separates
                                  ``h_{t-1}`` from ``x_t`` (or ``None``)
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

from tinyrnn.notation import text_width, to_text

__all__ = ["FORMATS", "TEXT_WIDTH", "Block", "math_to_text", "write"]

Block = tuple[Any, ...]
Number = Callable[[float], str]
FORMATS = ("text", "markdown", "latex")
TEXT_WIDTH = 88  # plain-text prose is wrapped to this many columns (tables and weights are not)

_MORE_TEXT = (
    (r"\le ", "≤ "),
    (r"\ge ", "≥ "),
    (r"\approx", "≈"),
    (r"\ldots", "…"),
    (r"\quad", "  "),
    (r"\exp", "exp"),
    (r"\to ", "→ "),
)


def math_to_text(latex: str) -> str:
    r"""The slides' Unicode notation for a formula: ``\tilde{C}_t \to 0.5`` → ``C̃_t → 0.5``.

    >>> math_to_text(r"C_t[2] = 0.78 \cdot 0.3 + 0.48 \cdot 0.67 = 0.5556 \to 0.56")
    'C_t[2] = 0.78·0.3 + 0.48·0.67 = 0.5556 → 0.56'
    """
    latex = re.sub(r"(?<=[\d)]) \\cdot (?=[\d(])", "·", latex)  # 0.78·0.3, as a student writes it
    for macro, symbol in _MORE_TEXT:
        latex = latex.replace(macro, symbol)
    return to_text(latex)


def _pieces(text: str) -> list[tuple[str, str]]:
    """``"a $x$ `c`"`` → ``[("text", "a "), ("math", "x"), ("text", " "), ("code", "c")]``."""
    parts = text.split("$")
    if len(parts) % 2 == 0:
        raise ValueError(f"unbalanced $ in {text!r}")
    out: list[tuple[str, str]] = []
    for k, part in enumerate(parts):
        if k % 2:
            out.append(("math", part))
        else:
            out += [("code" if j % 2 else "text", piece) for j, piece in enumerate(part.split("`")) if piece]
    return out


def _plain(text: str) -> str:
    return "".join(math_to_text(part) if kind == "math" else part for kind, part in _pieces(text))


_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}"}


def _latex(text: str) -> str:
    out = []
    for kind, part in _pieces(text):
        if kind == "math":
            out.append("$" + part.replace(", ", r",\allowbreak ") + "$")  # a long vector may wrap after a comma
            continue
        escaped = "".join(_LATEX_SPECIAL.get(char, char) for char in part).replace("--", "-{}-")  # not an en dash
        out.append(rf"\texttt{{{escaped}}}" if kind == "code" else escaped)
    return "".join(out)


def _breakable(latex: str) -> list[str]:
    r"""``a = b + c`` → ``["a", "= b", "+ c"]``: split before each ``=``, ``+``, ``\to``, ``\approx`` outside braces.

    Parentheses may be split (``tanh(a`` and ``+ b)``): they need not balance within one formula; braces do.
    """
    pieces, depth, start = [], 0, 0
    for k, char in enumerate(latex):
        depth += (char == "{") - (char == "}")
        if depth == 0 and k > start and re.match(r" (=|\+|\\to|\\approx) ", latex[k:]):
            pieces.append(latex[start:k])
            start = k + 1
    return [*pieces, latex[start:]]


def _markdown(text: str, *, breakable: bool = False) -> str:
    """Text for MyST; ``breakable`` splits long formulas so that a line can wrap (MathML does not wrap)."""
    out = []
    for kind, part in _pieces(text):
        if kind == "math":
            out.append("$" + ("$ ${}".join(_breakable(part)) if breakable else part) + "$")  # {}: + stays binary
        else:
            out.append(f"`{part}`" if kind == "code" else part)
    return "".join(out)


# Weights: matrices with a bar between the h_{t-1} and x_t columns ---------------


def _latex_value(value: Sequence[Any], split: int | None, number: Number, *, rule: bool = True) -> str:
    """A vector as on the slides, ``[0.5, -0.3]``; a matrix as an ``array`` with a bar after column ``split``.

    ``rule=False`` draws the bar as a column of ``|`` (MathML, which the HTML docs use, has no column rules).
    """
    if not isinstance(value[0], Sequence):
        return "[" + ", ".join(number(v) for v in value) + "]"
    cells = [[number(v) for v in row] for row in value]
    columns = len(cells[0])
    if split is None:
        spec = "r" * columns
    elif rule:
        spec = "r" * split + "|" + "r" * (columns - split)
    else:
        spec = "r" * split + "c" + "r" * (columns - split)
        cells = [[*row[:split], r"\vert", *row[split:]] for row in cells]
    rows = r" \\ ".join(" & ".join(row) for row in cells)
    return rf"\left[\begin{{array}}{{{spec}}} {rows} \end{{array}}\right]"


def _latex_weights(line: Sequence[tuple[str, Sequence[Any], int | None]], number: Number, *, rule: bool) -> str:
    return r",\quad ".join(f"{label} = {_latex_value(value, split, number, rule=rule)}" for label, value, split in line)


def _flat(value: Sequence[Any]) -> list[Any]:
    return [v for row in value for v in row] if isinstance(value[0], Sequence) else list(value)


def _text_weights(line: Sequence[tuple[str, Sequence[Any], int | None]], number: Number, width: int) -> list[str]:
    """Side by side, each matrix as rows of numbers ``width`` wide in brackets: ``W_f = [ 0.1 -0.3 | 0.5 ]``."""
    columns: list[list[str]] = []
    for label, value, split in line:
        name = f"{math_to_text(label)} = "
        if not isinstance(value[0], Sequence):
            columns.append([name + "[" + ", ".join(number(v) for v in value) + "]"])
            continue
        rows = []
        for row in value:
            shown = [number(v).rjust(width) for v in row]
            if split is not None:
                shown = [*shown[:split], "|", *shown[split:]]
            rows.append("[ " + " ".join(shown) + " ]")
        columns.append([(name if k == 0 else " " * text_width(name)) + row for k, row in enumerate(rows)])
    widths = [max(text_width(text) for text in column) for column in columns]
    out = []
    for k in range(max(len(column) for column in columns)):
        cells = [column[k] if k < len(column) else "" for column in columns]
        out.append(
            "  " + "   ".join(c + " " * (w - text_width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()
        )
    return out


def _fitted_text_weights(
    line: Sequence[tuple[str, Sequence[Any], int | None]], number: Number, width: int
) -> list[str]:
    """:func:`_text_weights`, split into several rows of weights where one would be wider than ``TEXT_WIDTH``."""
    rows: list[list[tuple[str, Sequence[Any], int | None]]] = [[]]
    for item in line:
        trial = [*rows[-1], item]
        if rows[-1] and max(text_width(text) for text in _text_weights(trial, number, width)) > TEXT_WIDTH:
            rows.append([item])
        else:
            rows[-1] = trial
    return [text for row in rows for text in _text_weights(row, number, width)]


# Writers -----------------------------------------------------------------------


def _write_text(blocks: Sequence[Block], number: Number) -> str:
    out: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind == "title":
            title = _plain(block[1])
            out += ["", title, "=" * text_width(title)]
        elif kind == "heading":
            out += ["", _plain(block[1])]
        elif kind == "paragraph":
            out += ["", *textwrap.wrap(_plain(block[1]), TEXT_WIDTH, break_on_hyphens=False)]
        elif kind == "items":
            for item in block[1]:
                out += textwrap.wrap(
                    _plain(item), TEXT_WIDTH, initial_indent="  - ", subsequent_indent="      ", break_on_hyphens=False
                )
        elif kind == "table":
            rows = [[_plain(cell) for cell in row] for row in (block[1], *block[2])]
            widths = [max(text_width(row[j]) for row in rows) for j in range(len(rows[0]))]
            for k, row in enumerate(rows):
                line = "  ".join(
                    cell + " " * (width - text_width(cell)) for cell, width in zip(row, widths, strict=True)
                )
                out.append("  " + line.rstrip())
                if k == 0:
                    out.append("  " + "  ".join("-" * width for width in widths))
        elif kind == "weights":
            width = max(len(number(v)) for line in block[1] for _, value, _ in line for v in _flat(value))
            for line in block[1]:
                out += _fitted_text_weights(line, number, width)
    return "\n".join(out).strip("\n")


_NUMBERS_ONLY = re.compile(r"\$(\[-?[\d.]+(?:, -?[\d.]+)*\])\$")


def _markdown_cell(cell: str) -> str:
    """A table cell for MyST: a vector of numbers as text (it may wrap after a comma; MathML does not)."""
    return _markdown(_NUMBERS_ONLY.sub(r"\1", cell), breakable=True).replace("|", r"\|")


def _write_markdown(blocks: Sequence[Block], number: Number) -> str:
    out: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind in ("title", "heading"):
            out += ["", f"**{_markdown(block[1])}**", ""]
        elif kind == "paragraph":
            out += ["", _markdown(block[1], breakable=True), ""]
        elif kind == "items":
            out += ["", *(f"- {_markdown(item, breakable=True)}" for item in block[1]), ""]
        elif kind == "table":
            header, rows = block[1], block[2]
            out += ["", "| " + " | ".join(_markdown_cell(cell) for cell in header) + " |"]
            out.append("|" + "|".join(":--" for _ in header) + "|")
            out += ["| " + " | ".join(_markdown_cell(cell) for cell in row) + " |" for row in rows]
            out.append("")
        elif kind == "weights":
            out += [f"\n$${_latex_weights(line, number, rule=False)}$$\n" for line in block[1]]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


_LATEX_WIDTH = 60  # characters of a weights line that fit a line of an article (a wider one is split, then scaled)


def _latex_width(line: Sequence[tuple[str, Sequence[Any], int | None]], number: Number) -> int:
    """About how many characters wide a line of weights is when typeset: the widest row of each matrix, or a vector."""
    width = 0
    for label, value, _ in line:
        rows = value if isinstance(value[0], Sequence) else [value]
        width += text_width(math_to_text(label)) + 6 + max(sum(len(number(v)) + 2 for v in row) for row in rows)
    return width


def _latex_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A table whose columns share the line by the length of what they hold, each wrapping (ragged right)."""
    lengths = [
        max(text_width(_plain(row[j])) for row in (header, *rows)) + 4 for j in range(len(header))
    ]  # + 4: a short column still gets some room
    share = [0.97 * n / sum(lengths) for n in lengths]  # each column loses 6 pt of padding: the sum stays in the line
    floor = min(0.13, 0.97 / len(share))  # room for a bold header word such as "quantity"
    small = [f < floor for f in share]
    if any(small) and not all(small):
        rest = (0.97 - floor * sum(small)) / sum(f for f, low in zip(share, small, strict=True) if not low)
        share = [floor if low else f * rest for f, low in zip(share, small, strict=True)]
    spec = "".join(rf">{{\raggedright\arraybackslash}}p{{\dimexpr {f:.3f}\linewidth-6pt\relax}}" for f in share)
    head = " & ".join(rf"\textbf{{{_latex(cell)}}}" for cell in header) + r" \\ \hline"
    body = [" & ".join(_latex(cell) for cell in row) + r" \\" for row in rows]
    return [
        rf"{{\small\setlength{{\tabcolsep}}{{3pt}}\noindent\begin{{tabular}}{{@{{}}{spec}@{{}}}}",
        head,
        *body,
        r"\end{tabular}}",
    ]


def _latex_group(blocks: Sequence[Block], number: Number) -> list[str]:
    out: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind == "title":
            out += [rf"\subsection*{{{_latex(block[1])}}}"]
        elif kind == "heading":
            out += [rf"\textbf{{{_latex(block[1])}}}\par"]
        elif kind == "paragraph":
            out += [_latex(block[1]) + r"\par"]
        elif kind == "items":
            out += [r"\begin{itemize}", *(rf"\item {_latex(item)}" for item in block[1]), r"\end{itemize}"]
        elif kind == "table":
            out += _latex_table(block[1], block[2])
        elif kind == "weights":
            lines: list[list[tuple[str, Sequence[Any], int | None]]] = []
            for line in block[1]:  # a line too wide for the page is split, one weight after another
                lines.append([])
                for item in line:
                    if lines[-1] and _latex_width([*lines[-1], item], number) > _LATEX_WIDTH:
                        lines.append([])
                    lines[-1].append(item)
            shown = [rf"\tinyrnnfit{{$\displaystyle {_latex_weights(line, number, rule=True)}$}}" for line in lines]
            out += [r"\begin{center}", " \\\\[0.5ex]\n".join(shown), r"\end{center}"]
    return out


def _write_latex(blocks: Sequence[Block], number: Number) -> str:
    """Each title or heading and what follows it, up to the next, kept on one page (a minipage)."""
    from tinyrnn.render import LATEX_HEAD

    groups: list[list[Block]] = []
    for block in blocks:
        if block[0] in ("title", "heading") or not groups:
            groups.append([])
        groups[-1].append(block)
    out = [LATEX_HEAD[1]]
    for group in groups:
        out += ["", r"\noindent\begin{minipage}{\linewidth}\raggedright\setlength{\parskip}{0.6ex}"]
        out += _latex_group(group, number)
        out += [r"\end{minipage}\par\medskip"]
    return "\n".join(out)


def _html_math(latex: str) -> str:
    """Math as HTML: the slides' Unicode notation, escaped, subscripts as ``<sub>``."""
    text = html.escape(math_to_text(latex), quote=False)
    text = re.sub(r"_\{([^}]*)\}", r"<sub>\1</sub>", text)
    return re.sub(r"_([A-Za-z0-9]+)", r"<sub>\1</sub>", text)


def _html(text: str) -> str:
    """Prose with ``$math$`` and backtick code as HTML."""
    out = []
    for kind, part in _pieces(text):
        if kind == "math":
            out.append(f'<span class="math">{_html_math(part)}</span>')
        elif kind == "code":
            out.append(f"<code>{html.escape(part, quote=False)}</code>")
        else:
            out.append(html.escape(part, quote=False))
    return "".join(out)


_CELL = 'style="padding: 0 0.4em; text-align: right; white-space: nowrap"'


def _html_value(value: Sequence[Any], split: int | None, number: Number) -> str:
    """A vector on one line, ``[0.5, -0.3]``; a matrix as a table with a rule after column ``split``."""
    if not isinstance(value[0], Sequence):
        return "[" + ", ".join(number(v) for v in value) + "]"
    rows = []
    for row in value:
        cells = []
        for k, v in enumerate(row):
            rule = "; border-left: 1px solid" if split is not None and k == split else ""
            cells.append(f'<td {_CELL[:-1]}{rule}">{number(v)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    border = 'style="display: inline-table; vertical-align: middle; border-left: 1px solid; border-right: 1px solid"'
    return f"<table {border}>" + "".join(rows) + "</table>"


def _write_html(blocks: Sequence[Block], number: Number) -> str:
    out: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind == "title":
            out.append(f"<h3>{_html(block[1])}</h3>")
        elif kind == "heading":
            out.append(f"<h4>{_html(block[1])}</h4>")
        elif kind == "paragraph":
            out.append(f"<p>{_html(block[1])}</p>")
        elif kind == "items":
            out.append("<ul>" + "".join(f"<li>{_html(item)}</li>" for item in block[1]) + "</ul>")
        elif kind == "table":
            header = "".join(f'<th style="text-align: left; padding: 0 0.6em">{_html(c)}</th>' for c in block[1])
            rows = "".join(
                "<tr>" + "".join(f'<td style="padding: 0 0.6em">{_html(c)}</td>' for c in row) + "</tr>"
                for row in block[2]
            )
            head = f"<thead><tr>{header}</tr></thead>"
            out.append(f'<table style="border-collapse: collapse">{head}<tbody>{rows}</tbody></table>')
        elif kind == "weights":
            for line in block[1]:
                items = [
                    f'<span style="display: inline-block; margin: 0.2em 1.2em 0.2em 0">{_html_math(label)} = '
                    f"{_html_value(value, split, number)}</span>"
                    for label, value, split in line
                ]
                out.append("<div>" + "".join(items) + "</div>")
    return "\n".join(out)


_WRITERS = {"text": _write_text, "markdown": _write_markdown, "latex": _write_latex, "html": _write_html}


def write(blocks: Sequence[Block], fmt: str, number: Number) -> str:
    """The document in ``fmt``; ``number(value)`` formats the weights' numbers."""
    return _WRITERS[fmt](blocks, number)
