"""The ``cell-diagram`` directive: a static, labelled SVG of a cell, drawn at build time by the explainer's code.

    ```{cell-diagram} lstm
    ```

The argument is a key of :data:`tinyrnn.specs.KEYS`. The drawing is the RNN
Explainer's own (``diagram.js``, laid out from the cell's description, so no
cell is drawn by hand and none can drift from the code), run by Node.js
through ``cell_diagram.js``, with the slide example's numbers (2 decimals) in
its chips. Two drawings go into the page: the wide one, and the tall one that
replaces it on a phone (below 40em, as the other figures: docs/_static/tinyrnn.css). Their styles are the explainer's
``.diagram`` rules, read from ``explainer.css``; their font sizes are also
written as attributes, so that a reader of the SVG alone sees the sizes shown.

Building the docs needs ``node`` (Node.js ≥ 18) on the PATH.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

DRIVER = Path(__file__).with_name("cell_diagram.js")
SCALE = 1.25  # a drawing is shown at most this much larger than its own units (as in the explainer)
_LEFT_OUT = (":focus", ".current", ".changed", ".picked", ".later", ".hit", ".flow", ".unit {", "transition")


def _static() -> Path:
    return Path(str(resources.files("tinyrnn.explainer") / "static"))


def diagram_css() -> tuple[str, list[tuple[str, int]]]:
    """The explainer's drawing rules (``.diagram …``), scoped to ``.cell-diagram``; and its font sizes by class."""
    css = (_static() / "explainer.css").read_text(encoding="utf-8")
    variables = " ".join(re.findall(r"(--[\w-]+:\s*[^;]+;)", css.split("}", 1)[0]))
    rules = [
        rule.strip()
        for rule in re.findall(r"^\.diagram [^{]*\{[^}]*\}", css, flags=re.M)
        if not any(word in rule for word in _LEFT_OUT)
    ]
    scoped = [rule.replace(".diagram ", ".cell-diagram svg ") for rule in rules]
    sizes = []
    for rule in rules:
        size = re.search(r"font-size:\s*(\d+)px", rule)
        if size is None:
            continue
        for selector in rule.split("{", 1)[0].split(","):
            classes = re.findall(r"\.([\w-]+)", selector.replace(".diagram", ""))
            sizes.append((" ".join(classes) or "text", int(size.group(1))))
    sizes.sort(key=lambda pair: -len(pair[0].split()))  # the most specific first: "symbol small" before "symbol"
    return f".cell-diagram {{ {variables} }}\n" + "\n".join(scoped), sizes


def drawings(key: str) -> dict[str, Any]:
    """The wide and tall drawings of the slide example's cell ``key`` (SVG groups) and their sizes."""
    from tinyrnn import examples
    from tinyrnn.explainer.page import cell_data
    from tinyrnn.specs import spec_of_key

    node = shutil.which("node")
    if node is None:
        raise ExtensionError(
            "the cell diagrams are drawn by the RNN Explainer's diagram.js, run with Node.js: "
            "install node (Debian: apt install nodejs) to build the docs"
        )
    cell = examples.slide_cell(key)
    with_c = any(field.name == "c_prev" for field in spec_of_key(key).fields)
    given = (examples.X, examples.H_PREV, examples.C_PREV) if with_c else (examples.X, examples.H_PREV)
    trace = cell.step(*given).to_dict()
    _, sizes = diagram_css()
    request = {
        "spec": cell_data(spec_of_key(key)),
        "trace": trace,
        "H": cell.hidden_size,
        "I": cell.input_size,
        "decimals": 2,
        "fontSizes": [[classes, px] for classes, px in sizes if classes != "text"],
    }
    result = subprocess.run(  # noqa: S603 - node, our own driver, the static dir
        [node, str(DRIVER), str(_static())], input=json.dumps(request), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise ExtensionError(f"cell_diagram.js failed for {key!r}: {result.stderr.strip()[-2000:]}")
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer


def figure_html(key: str, caption: str) -> str:
    """A ``<figure>`` with the two drawings of ``key``, their title and description, and ``caption``."""
    from tinyrnn.notation import to_text
    from tinyrnn.specs import spec_of_key

    described = spec_of_key(key)
    answer = drawings(key)
    css, sizes = diagram_css()
    base = dict(sizes).get("text", 14)
    title = f"The {described.title} cell, drawn from its description, on the slide example"
    steps = "; ".join(f"step {s.number}: " + ", ".join(to_text(f) for f in s.formulas) for s in described.steps)
    svgs = []
    for orientation in ("wide", "tall"):
        width, height = answer["sizes"][orientation]
        ident = f"cell-diagram-{key}-{orientation}"
        marker = f"arrow-{key}-{orientation}"
        drawing = answer[orientation].replace("url(#arrow)", f"url(#{marker})")
        svgs.append(
            f'<svg class="cell-diagram-{orientation}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"'
            f' style="max-width: {round(width * SCALE)}px" font-size="{base}" role="img"'
            f' aria-labelledby="{ident}-title {ident}-desc">'
            f'<title id="{ident}-title">{html.escape(title)}</title>'
            f'<desc id="{ident}-desc">{html.escape(steps)}</desc>'
            f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="4" markerHeight="4"'
            f' orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"></path></marker></defs>'
            f"{drawing}</svg>"
        )
    return (
        f'<figure class="cell-diagram" id="cell-diagram-{key}"><style>{css}</style>'
        + "".join(svgs)
        + f"<figcaption>{caption}</figcaption></figure>"
    )


def default_caption(key: str) -> str:
    """What the boxes and circles of ``key``'s drawing mean (only the operations it has), and where it comes from."""
    from tinyrnn.render import to_text
    from tinyrnn.specs import spec_of_key

    text = " ".join(to_text(f) for s in spec_of_key(key).steps for f in s.formulas)
    meaning = ["each box is an affine map and its activation"]
    if "⊙" in text:
        meaning.append("⊙ multiplies elementwise, + adds")
    if "1 -" in text or "1 −" in text:
        meaning.append("1− takes the gate from one")
    return (
        "; ".join(meaning).capitalize() + "; the numbers are the slide example's values, to 2 decimals. "
        'Drawn while these docs were built, by the <a href="explainer.html">RNN Explainer</a>\'s own drawing code.'
    )


class CellDiagram(SphinxDirective):
    """``{cell-diagram} KEY``; the content, if any, is the caption (HTML, written as is)."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        from tinyrnn.specs import KEYS

        key = self.arguments[0]
        if key not in KEYS:
            raise self.error(f"cell-diagram: unknown cell {key!r}; one of {', '.join(KEYS)}")
        self.env.note_dependency(str(DRIVER))
        for name in ("diagram.js", "render.js", "explainer.css"):
            self.env.note_dependency(str(_static() / name))
        caption = "\n".join(self.content) or default_caption(key)
        return [nodes.raw("", figure_html(key, caption), format="html")]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("cell-diagram", CellDiagram)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
