"""Render LaTeX math to MathML at build time: offline, no JavaScript, no fonts to download.

Why: the built docs must load nothing from the network. A JavaScript math
engine would have to be shipped (MathJax is ~24 MB of assets) and would run in
every reader's browser. Converting once, at build time, with the pure-Python
``latex2mathml`` gives MathML Core, which Chromium (≥ 109), Firefox and Safari
render natively. The pages stay light and print well.

This registers an HTML math renderer named ``mathml`` (``html_math_renderer``).
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

_TEXT_UNDERSCORE = re.compile(r"\\_")


def _mathml(latex: str, display: bool) -> str:
    try:
        markup = convert(_TEXT_UNDERSCORE.sub("_", latex.strip()), display="block" if display else "inline")
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
