r"""A tiny document model for exercise sheets, written as plain text, Markdown or LaTeX.

A document is a list of blocks. Text in a block is ASCII prose with inline
math between ``$`` signs, the math written once in LaTeX (``$f_t = \sigma(a)$``);
the text writer translates it to the slides' Unicode notation (``f_t = σ(a)``),
Markdown keeps it for MyST/Jupyter/GitHub math, LaTeX compiles with ``article``
and ``amsmath`` and is pure ASCII.

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
``("raw", {fmt: str})``           already rendered, e.g. a trace's rendering
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from tinyrnn.render import _width, to_text

__all__ = ["Block", "write"]

Block = tuple[Any, ...]

_MORE_TEXT = ((r"\approx", "≈"), (r"\ldots", "…"), (r"\quad", "  "), (r"\exp", "exp"), (r"\to ", "→ "))


def math_to_text(latex: str) -> str:
    r"""The slides' Unicode notation for a formula: ``\tilde{C}_t \to 0.5`` → ``C̃_t → 0.5``.

    >>> math_to_text(r"C_t[2] = 0.78 \cdot 0.3 + 0.48 \cdot 0.67 = 0.5556 \to 0.56")
    'C_t[2] = 0.78·0.3 + 0.48·0.67 = 0.5556 → 0.56'
    """
    latex = re.sub(r"(?<=[\d)]) \\cdot (?=[\d(])", "·", latex)  # 0.78·0.3, as a student writes it
    for macro, symbol in _MORE_TEXT:
        latex = latex.replace(macro, symbol)
    return to_text(latex)


def _split_math(text: str) -> list[tuple[bool, str]]:
    """``"a $x$ b"`` → ``[(False, "a "), (True, "x"), (False, " b")]``."""
    parts = text.split("$")
    if len(parts) % 2 == 0:
        raise ValueError(f"unbalanced $ in {text!r}")
    return [(k % 2 == 1, part) for k, part in enumerate(parts) if part]


def _plain(text: str) -> str:
    return "".join(math_to_text(part) if is_math else part for is_math, part in _split_math(text))


_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}"}


def _latex(text: str) -> str:
    out = []
    for is_math, part in _split_math(text):
        if is_math:
            out.append(f"${part}$")
        else:
            escaped = "".join(_LATEX_SPECIAL.get(char, char) for char in part)
            out.append(escaped.replace("--", "-{}-"))  # --seed, not an en dash
    return "".join(out)


def _markdown_cell(text: str) -> str:
    return text.replace("|", r"\|")


# Weights: matrices with a bar between the h_{t-1} and x_t columns ------------


def _latex_value(value: Sequence[Any], split: int | None, number: Any) -> str:
    if not isinstance(value[0], Sequence):  # a vector: written as on the slides, [0.5, -0.3]
        return "[" + ", ".join(number(v) for v in value) + "]"
    columns = len(value[0])
    spec = "r" * columns if split is None else "r" * split + "|" + "r" * (columns - split)
    rows = r" \\ ".join(" & ".join(number(v) for v in row) for row in value)
    return rf"\left[\begin{{array}}{{{spec}}} {rows} \end{{array}}\right]"


def _text_weights(line: Sequence[tuple[str, Sequence[Any], int | None]], number: Any, width: int) -> list[str]:
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
        columns.append([(name if k == 0 else " " * _width(name)) + row for k, row in enumerate(rows)])
    height = max(len(column) for column in columns)
    widths = [max(_width(text) for text in column) for column in columns]
    out = []
    for k in range(height):
        parts = [
            (column[k] if k < len(column) else "") + " " * (width - _width(column[k] if k < len(column) else ""))
            for column, width in zip(columns, widths, strict=True)
        ]
        out.append("  " + "   ".join(parts).rstrip())
    return out


def _flat(value: Sequence[Any]) -> list[Any]:
    return [v for row in value for v in row] if isinstance(value[0], Sequence) else list(value)


# Writers -----------------------------------------------------------------------


def _write_text(blocks: Sequence[Block], number: Any) -> str:
    out: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind == "title":
            title = _plain(block[1])
            out += ["", title, "=" * _width(title)]
        elif kind in ("heading", "paragraph"):
            out += ["", _plain(block[1])]
        elif kind == "items":
            out += [f"  - {_plain(item)}" for item in block[1]]
        elif kind == "table":
            rows = [[_plain(cell) for cell in row] for row in (block[1], *block[2])]
            widths = [max(_width(row[j]) for row in rows) for j in range(len(rows[0]))]
            for k, row in enumerate(rows):
                line = "  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True))
                out.append("  " + line.rstrip())
                if k == 0:
                    out.append("  " + "  ".join("-" * width for width in widths))
        elif kind == "weights":
            width = max(len(number(v)) for line in block[1] for _, value, _ in line for v in _flat(value))
            for line in block[1]:
                out += _text_weights(line, number, width)
        elif kind == "raw":
            out += ["", block[1]["text"]]
    return "\n".join(out).strip("\n")


def _write_markdown(blocks: Sequence[Block], number: Any) -> str:
    out: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind in ("title", "heading"):
            out += ["", f"**{block[1]}**", ""]
        elif kind == "paragraph":
            out += ["", block[1], ""]
        elif kind == "items":
            out += ["", *(f"- {item}" for item in block[1]), ""]
        elif kind == "table":
            out += ["", "| " + " | ".join(_markdown_cell(cell) for cell in block[1]) + " |"]
            out.append("|" + "|".join(":--" for _ in block[1]) + "|")
            out += ["| " + " | ".join(_markdown_cell(cell) for cell in row) + " |" for row in block[2]]
            out.append("")
        elif kind == "weights":
            for line in block[1]:
                math = r",\quad ".join(
                    f"{label} = {_latex_value(value, split, number)}" for label, value, split in line
                )
                out += ["", f"$${math}$$", ""]
        elif kind == "raw":
            out += ["", block[1]["markdown"], ""]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


def _write_latex(blocks: Sequence[Block], number: Any) -> str:
    out: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind == "title":
            out += ["", rf"\subsection*{{{_latex(block[1])}}}"]
        elif kind == "heading":
            out += ["", rf"\medskip\noindent\textbf{{{_latex(block[1])}}}", ""]
        elif kind == "paragraph":
            out += ["", _latex(block[1]), ""]
        elif kind == "items":
            out += [r"\begin{itemize}", *(rf"\item {_latex(item)}" for item in block[1]), r"\end{itemize}"]
        elif kind == "table":
            spec = "l" * len(block[1])
            rows = [" & ".join(_latex(cell) for cell in row) + r" \\" for row in block[2]]
            header = " & ".join(rf"\textbf{{{_latex(cell)}}}" for cell in block[1]) + r" \\ \hline"
            out += ["", rf"{{\small\noindent\begin{{tabular}}{{{spec}}}", header, *rows, r"\end{tabular}}", ""]
        elif kind == "weights":
            lines = [
                r",\quad ".join(f"{label} = {_latex_value(value, split, number)}" for label, value, split in line)
                for line in block[1]
            ]
            out += [r"\begin{gather*}", " \\\\\n".join(lines), r"\end{gather*}"]
        elif kind == "raw":
            out += ["", block[1]["latex"], ""]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


FORMATS = ("text", "markdown", "latex")
_WRITERS = {"text": _write_text, "markdown": _write_markdown, "latex": _write_latex}


def write(blocks: Sequence[Block], fmt: str, number: Any) -> str:
    """The document in ``fmt``; ``number(value)`` formats the weights' numbers."""
    return str(_WRITERS[fmt](blocks, number))
