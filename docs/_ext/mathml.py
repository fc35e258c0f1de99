r"""Render LaTeX math to MathML at build time: offline, no JavaScript, no fonts to download.

Why: the built docs must load nothing from the network. A JavaScript math
engine would have to be shipped (MathJax is ~24 MB of assets) and would run in
every reader's browser. Converting once, at build time, with the pure-Python
``latex2mathml`` gives MathML Core, which Chromium (≥ 109), Firefox and Safari
render natively. The pages stay light and print well.

This registers an HTML math renderer named ``mathml`` (``html_math_renderer``).

One gap of latex2mathml is filled here: math inside text, as in the headings of
``trace.render("latex")`` (``\textbf{Forget Gate ($f\_t$)}``), would be shown
with its dollar signs; :func:`_math_inside_text` splits such text around the
math first.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

_TEXT_UNDERSCORE = re.compile(r"\\_")
_TEXT_COMMAND = re.compile(r"\\(?:text|textbf|textit|textrm|mbox)\{")


def _math_inside_text(latex: str) -> str:
    r"""``\textbf{Gate ($f_t$)}`` → ``\textbf{Gate (}f_t\textbf{)}``, so the math is typeset, not printed."""
    out, pos = [], 0
    while (match := _TEXT_COMMAND.search(latex, pos)) is not None:
        end, depth = match.end(), 1
        while end < len(latex) and depth:
            depth += {"{": 1, "}": -1}.get(latex[end], 0)
            end += 1
        parts = latex[match.end() : end - 1].split("$")
        if len(parts) % 2 == 0:  # an unpaired dollar: leave the text alone
            out.append(latex[pos:end])
        else:
            pieces = [part if k % 2 else f"{match.group(0)}{part}}}" for k, part in enumerate(parts) if part]
            out.append(latex[pos : match.start()] + "".join(pieces))
        pos = end
    out.append(latex[pos:])
    return "".join(out)


def _mathml(latex: str, display: bool) -> str:
    try:
        latex = _math_inside_text(_TEXT_UNDERSCORE.sub("_", latex.strip()))
        markup = convert(latex, display="block" if display else "inline")
    except Exception as error:
        raise ExtensionError(f"cannot convert this LaTeX to MathML: {latex!r} ({error})") from error
    return markup


def visit_math(self: Any, node: nodes.Element) -> None:
    self.body.append(f'<span class="math">{_mathml(node.astext(), display=False)}</span>')
    raise nodes.SkipNode


def visit_math_block(self: Any, node: nodes.Element) -> None:
    self.body.append(f'<div class="math">{_mathml(node.astext(), display=True)}</div>')
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_math_block, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
