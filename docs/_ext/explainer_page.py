"""Put the RNN Explainer into the built docs: ``_static/explainer.html``, written by tinyrnn itself.

The "RNN Explainer" page embeds that file in an iframe. It is the single-file
copy from :func:`tinyrnn.explainer.write_html` (CSS, JavaScript and the slide
presets inlined), so it works from the rendered docs with no server and no
network: opened from a web server or straight from the disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

TARGET = Path("_static") / "explainer.html"


def _write(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from tinyrnn.explainer import write_html

    target = Path(app.outdir) / TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    write_html(target)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", _write)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
