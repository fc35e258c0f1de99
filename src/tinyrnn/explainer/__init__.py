"""The RNN Explainer: an interactive, offline page showing LSTM and GRU cells computing step by step.

* ``python -m tinyrnn explainer`` serves it on ``127.0.0.1`` and opens the browser
  (:mod:`tinyrnn.explainer.server`);
* :func:`write_html` writes it as one self-contained HTML file (no server, no
  network), which is what the documentation embeds.

The page is static HTML, CSS and vanilla JavaScript shipped in ``static/``; its
arithmetic mirrors :mod:`tinyrnn.lstm` and :mod:`tinyrnn.gru` operation for
operation, and the browser tests check that the two agree.
"""

from tinyrnn.explainer.page import CELLS, page_data, standalone_html, write_html

__all__ = ["CELLS", "page_data", "standalone_html", "write_html"]
