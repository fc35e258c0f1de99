r"""The slides' notation, written once in LaTeX and translated to text, Markdown and HTML.

Every formula and label of tinyrnn is written in LaTeX, as on the slides
(``f_t = \sigma(W_f \cdot [h_{t-1}, x_t] + b_f)``); the other forms are
translations of it, so the four renderings can never disagree:

* text: the slides' Unicode notation (``σ``, ``⊙``, ``C̃_t``), for terminals;
* Markdown: ``$…$`` math, for MyST, Jupyter and GitHub;
* HTML: the text form, escaped, with subscripts as ``<sub>``.

>>> formula = r"\tilde{C}_t = \tanh(W_C \cdot [h_{t-1}, x_t] + b_C)"
>>> to_text(formula)
'C̃_t = tanh(W_C · [h_{t-1}, x_t] + b_C)'
>>> to_html(r"W_{ir} x_t")
'W<sub>ir</sub> x<sub>t</sub>'
"""

from __future__ import annotations

import re

__all__ = ["forms", "text_width", "to_html", "to_text"]

_TEXT_MACROS = (
    (r"\tilde{C}", "C\u0303"),
    (r"\tilde{h}", "h\u0303"),
    (r"\sigma", "σ"),
    (r"\tanh", "tanh"),
    (r"\operatorname{relu}", "relu"),
    (r"\odot", "⊙"),
    (r"\cdot", "·"),
    (r"\approx", "≈"),
    ("$", ""),
)


def to_text(latex: str) -> str:
    r"""The slide notation in Unicode: ``\tilde{C}_t`` → ``C̃_t``, ``\odot`` → ``⊙``, ``W_{ir}`` → ``W_ir``.

    >>> to_text(r"h_t = o_t \odot \tanh(C_t)")
    'h_t = o_t ⊙ tanh(C_t)'
    """
    for macro, symbol in _TEXT_MACROS:
        latex = latex.replace(macro, symbol)
    return re.sub(r"_\{([a-z]{2})\}", r"_\1", latex)


def to_html(latex: str) -> str:
    """The text notation, HTML-escaped, with subscripts as ``<sub>``.

    >>> to_html(r"C_{t-1} \\odot f_t")
    'C<sub>t-1</sub> ⊙ f<sub>t</sub>'
    """
    from html import escape

    text = escape(to_text(latex), quote=False)
    text = re.sub(r"_\{([^}]*)\}", r"<sub>\1</sub>", text)
    return re.sub(r"_([A-Za-z0-9]+)", r"<sub>\1</sub>", text)


def forms(latex: str) -> dict[str, str]:
    r"""One formula in every form: ``latex``, ``text``, ``markdown`` (``$…$``) and ``html``.

    >>> forms(r"z_t = \sigma(a)")["text"]
    'z_t = σ(a)'
    """
    return {"latex": latex, "text": to_text(latex), "markdown": f"${latex}$", "html": to_html(latex)}


def text_width(text: str) -> int:
    """How many columns ``text`` takes in a terminal: a combining tilde (the one of ``C̃``) takes none.

    >>> text_width("C̃_t"), len("C̃_t")
    (3, 4)
    """
    return len(text) - text.count("\u0303")
