"""Sphinx configuration of the tinyrnn docs (MyST Markdown, furo, built offline)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

import tinyrnn  # noqa: E402 - the docs document the installed package

project = "tinyrnn"
author = "tinyrnn developers"
copyright = "2026, tinyrnn developers"
version = release = tinyrnn.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx_copybutton",
    "run_python",
    "mathml",
    "explainer_page",
    "cell_diagram",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "_*.md"]

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

html_math_renderer = "mathml"
html_theme = "furo"
html_title = f"tinyrnn {release}"
html_static_path = ["_static"]
html_css_files = ["tinyrnn.css"]
html_js_files = ["tinyrnn-scroll.js"]
html_theme_options = {"navigation_with_keys": True}
html_permalinks_icon = "#"

# Offline: nothing is fetched from the network when building or reading the docs.
intersphinx_mapping: dict[str, tuple[str, None]] = {}
html_use_opensearch = ""

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = False

nitpicky = False
