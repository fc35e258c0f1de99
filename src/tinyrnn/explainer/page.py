"""The page of the RNN Explainer: its files, the data it is generated from, the single-file copy.

The page is static HTML, CSS and vanilla JavaScript in ``static/`` (no
framework, no build step, nothing loaded from the network). Python fills in
one thing: the JSON data block, generated here from :mod:`tinyrnn.examples`
(the slide inputs and weights) and the cell descriptions of
:mod:`tinyrnn.specs` (weights, trace fields and the rule computing each, the
steps of the slides with their formulas in every form), so the page and the
library cannot drift apart.

Two ways to assemble it:

* :func:`served_files` -- the table of files that ``python -m tinyrnn explainer``
  serves: ``index.html`` links ``explainer.css`` and the scripts;
* :func:`standalone_html` -- one file with the CSS and JavaScript inlined and a
  ``Content-Security-Policy`` meta tag that allows exactly those inline blocks
  (by hash) and nothing else: it works from ``file://`` or inside the docs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tinyrnn.checks import received
from tinyrnn.specs import KEYS, CellSpec, spec_of_key

__all__ = [
    "CELLS",
    "SCRIPTS",
    "SERVED_CSP",
    "page_data",
    "served_files",
    "standalone_csp",
    "standalone_html",
    "write_html",
]

# The scripts, in load order: arithmetic first, user interface last.
SCRIPTS = ("cells.js", "seeded.js", "render.js", "untrusted.js", "diagram.js", "story.js", "heatmap.js", "app.js")
STYLESHEET = "explainer.css"

# What the page may show first: the cell switch's values, the keys of the cell descriptions.
CELLS = KEYS

# The served page loads its own files and nothing else; no network calls at all.
SERVED_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'none'; font-src 'none'; object-src 'none'; media-src 'none'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

_DATA_MARKER = "{{DATA}}"
_STYLE_MARKER = "<!-- tinyrnn:style -->"
_SCRIPTS_MARKER = "<!-- tinyrnn:scripts -->"
_CSP_MARKER = "<!-- tinyrnn:csp -->"


def _static(name: str) -> str:
    from importlib.resources import files

    return (files("tinyrnn.explainer") / "static" / name).read_text(encoding="utf-8")


def _check_cell(cell: object) -> str:
    if not isinstance(cell, str):
        raise TypeError(f"cell must be one of {', '.join(map(repr, CELLS))}, got {received(cell)}")
    if cell not in CELLS:
        raise ValueError(f"cell must be one of {', '.join(map(repr, CELLS))}, got {cell!r}")
    return cell


def _slim(value: Any) -> Any:
    """A description's JSON as the page reads it: of each formula's forms, the LaTeX (exports) and the text."""
    if isinstance(value, dict):
        if set(value) == {"latex", "text", "markdown", "html"}:
            return {"latex": value["latex"], "text": value["text"]}
        return {key: _slim(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_slim(item) for item in value]
    return value


def cell_data(described: CellSpec) -> dict[str, Any]:
    """One cell description as the page reads it: :meth:`CellSpec.to_json`, slimmed."""
    data: dict[str, Any] = _slim(described.to_json())
    return data


def _cells() -> dict[str, Any]:
    """Every cell description, by key."""
    return {key: cell_data(spec_of_key(key)) for key in KEYS}


def page_data(cell: str = "lstm") -> dict[str, Any]:
    """Everything the page needs from Python, as plain JSON-ready data.

    ``cell`` is what the page shows first, a key of :data:`tinyrnn.specs.KEYS`
    (``"lstm"``, ``"gru-colah"``, …). ``cells`` holds every cell description
    (:meth:`~tinyrnn.specs.CellSpec.to_json`, formulas as LaTeX and text, and
    the words of each gate): the page computes, draws and tells each cell
    from it alone. ``presets`` are :func:`tinyrnn.explainer.presets.presets`.
    """
    from tinyrnn import __version__
    from tinyrnn.explainer.presets import presets

    return {"version": __version__, "start": _check_cell(cell), "cells": _cells(), "presets": presets()}


def _data_block(cell: str) -> str:
    """The data as JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left."""
    text = json.dumps(page_data(cell), ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _template(cell: str) -> str:
    return _static("index.html").replace(_DATA_MARKER, _data_block(cell))


def served_files(cell: str = "lstm") -> dict[str, tuple[bytes, str]]:
    """The fixed table the server answers from: URL path -> (body, content type). Nothing else exists."""
    links = "\n".join(f'<script src="{name}"></script>' for name in SCRIPTS)
    page = (
        _template(cell)
        .replace(_CSP_MARKER, "")
        .replace(_STYLE_MARKER, f'<link rel="stylesheet" href="{STYLESHEET}">')
        .replace(_SCRIPTS_MARKER, links)
    )
    table = {"/": (page.encode(), "text/html; charset=utf-8")}
    table[f"/{STYLESHEET}"] = (_static(STYLESHEET).encode(), "text/css; charset=utf-8")
    for name in SCRIPTS:
        table[f"/{name}"] = (_static(name).encode(), "text/javascript; charset=utf-8")
    return table


def _sha256(text: str) -> str:
    import base64
    import hashlib

    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _inline_parts() -> tuple[str, str]:
    style = "\n" + _static(STYLESHEET) + "\n"
    script = "\n" + "\n".join(_static(name) for name in SCRIPTS) + "\n"
    for name, text in (("style", style), ("script", script)):
        if f"</{name}" in text.lower():
            raise RuntimeError(f"the inlined {name} must not contain '</{name}'")
    return style, script


def standalone_csp() -> str:
    """The policy of the single-file copy: its own inline style and script (by hash), nothing else."""
    style, script = _inline_parts()
    return (
        f"default-src 'none'; script-src {_sha256(script)}; style-src {_sha256(style)}; img-src data:; "
        "connect-src 'none'; font-src 'none'; object-src 'none'; media-src 'none'; base-uri 'none'; "
        "form-action 'none'"
    )


def standalone_html(cell: str = "lstm") -> str:
    """The whole page as one HTML document: CSS and JavaScript inlined, no request to make."""
    style, script = _inline_parts()
    meta = f'<meta http-equiv="Content-Security-Policy" content="{standalone_csp()}">'
    return (
        _template(cell)
        .replace(_CSP_MARKER, meta)
        .replace(_STYLE_MARKER, f"<style>{style}</style>")
        .replace(_SCRIPTS_MARKER, f"<script>{script}</script>")
    )


def write_html(path: str | os.PathLike[str], *, cell: str = "lstm") -> Path:
    """Write the RNN Explainer as one self-contained HTML file and return its path.

    The file needs no server and no network: open it in a browser, or embed
    it in documentation (the docs' "RNN Explainer" page does).

    Args:
        path: where to write (the parent directory must exist).
        cell: what the page shows first: ``"lstm"`` (default), ``"gru-colah"``,
            ``"gru-cho2014"`` or ``"gru-pytorch"``.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "explainer.html"
    >>> write_html(target).read_text(encoding="utf-8").startswith("<!doctype html>")
    True
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or os.PathLike, got {received(path)}")
    target = Path(path)
    target.write_text(standalone_html(_check_cell(cell)), encoding="utf-8")
    return target
