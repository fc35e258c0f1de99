"""Renderers: slide notation, the rounded values, well-formed LaTeX and HTML, for every trace."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import assert_compiles, needs_pdflatex
from strategies import gru_cases, lstm_cases
from tinyrnn import LSTMCell, Vector, examples
from tinyrnn.render import FORMATS, explain_preactivation, format_number, format_vector

traces = st.one_of(
    lstm_cases().map(lambda c: c[0].step(c[1], c[2], c[3])), gru_cases().map(lambda c: c[0].step(c[1], c[2]))
)


def _vector_fields(step: object) -> list[str]:
    return [name for name in step._fields if isinstance(getattr(step, name), Vector)]  # type: ignore[attr-defined]


@given(traces, st.sampled_from(FORMATS), st.integers(0, 6))
def test_renderers_never_raise_and_show_every_rounded_value(step: object, fmt: str, decimals: int) -> None:
    output = step.render(fmt, decimals)  # type: ignore[attr-defined]
    for name in _vector_fields(step):
        assert format_vector(getattr(step, name), decimals) in output, name
    for number in (1, 2, 3, 4):
        assert f"Step {number}: " in output


@given(traces)
def test_latex_is_balanced_and_html_is_well_formed(step: object) -> None:
    latex = step.render("latex", 3)  # type: ignore[attr-defined]
    assert latex.count("{") == latex.count("}")
    assert latex.startswith("% Written by tinyrnn. As a fragment it needs") and latex.endswith(r"\end{center}")
    steps = len(step.spec.steps)  # type: ignore[attr-defined]
    assert latex.count(r"\begin{aligned}") == latex.count(r"\end{aligned}") == 1 + 2 * steps
    assert r"\textbf{Step" in latex and r"\begin{align*}" not in latex  # headings outside any math
    html = step._repr_html_()  # type: ignore[attr-defined]
    root = ET.fromstring(html)  # raises if not well-formed
    assert root.tag == "div"
    assert "<script" not in html and "http" not in html and "style=" not in html


def test_text_rendering_uses_the_slide_notation() -> None:
    text = str(examples.slide_lstm())
    assert "Step 1: Forget Gate (f_t)" in text
    assert "f_t = σ(W_f · [h_{t-1}, x_t] + b_f)" in text
    assert "C̃_t = tanh(W_C · [h_{t-1}, x_t] + b_C)" in text
    assert "C_t = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t" in text
    assert "f_t = [0.65, 0.42, 0.78]" in text
    assert "C_t = [0.56, -0.47, 0.55]" in text
    gru = str(examples.slide_gru())
    assert "h̃_t = tanh(W_h · [r_t ⊙ h_{t-1}, x_t] + b_h)" in gru
    assert "r_t = [0.58, 0.73, 0.45]" in gru
    pytorch = examples.slide_gru("pytorch").render("markdown")
    assert r"$$\tilde{h}_t = \tanh(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn}))$$" in pytorch


def test_notes_mark_the_steps_the_slides_leave_out() -> None:
    for fmt in FORMATS:
        output = examples.slide_lstm().render(fmt, notes={4: "not on the slides"})
        assert "not on the slides" in output
    with pytest.raises(TypeError, match="notes must map step numbers"):
        examples.slide_lstm().render(notes={"4": 1})  # type: ignore[dict-item]


def test_latex_headings_keep_their_subscripts() -> None:
    latex = examples.slide_gru("pytorch").render("latex")
    assert r"\textbf{Step 1: Reset Gate ($r_t$)}" in latex
    assert r"\textbf{GRU step (input\_size = 3, hidden\_size = 3, variant \texttt{pytorch})}" in latex
    assert r"$r\_t$" not in latex


def test_markdown_has_math_and_tables() -> None:
    md = examples.slide_lstm().render("markdown")
    assert "| $f_t$ | [0.65, 0.42, 0.78] |" in md
    assert r"$$f_t = \sigma(W_f \cdot [h_{t-1}, x_t] + b_f)$$" in md


def test_numbers_are_formatted_for_humans() -> None:
    assert format_number(-0.0001, 2) == "0.00"
    assert format_number(-0.006, 2) == "-0.01"
    assert format_number(12.0, 0) == "12"
    assert format_vector([0.5, -0.25], 1) == "[0.5, -0.2]"


def test_bad_format_and_decimals() -> None:
    step = examples.slide_lstm()
    with pytest.raises(
        ValueError, match="fmt must be one of 'text', 'markdown', 'latex', 'html', got the string 'pdf'"
    ):
        step.render("pdf")
    with pytest.raises(ValueError, match="decimals must be an int from 0 to 15, got -1"):
        step.render("text", -1)
    with pytest.raises(TypeError, match="decimals must be an int"):
        step.render("text", 2.5)  # type: ignore[arg-type]


@given(lstm_cases(), st.data())
def test_term_by_term_expansion_adds_up_to_the_pre_activation(case: tuple, data: st.DataObject) -> None:
    cell, x, h, c = case
    step = cell.step(x, h, c)
    gate = data.draw(st.sampled_from(["f", "i", "c_tilde", "o"]))
    k = data.draw(st.integers(0, cell.hidden_size - 1))
    line = explain_preactivation(cell, step, gate, k, decimals=6)
    _, terms, result = line.split(" = ")
    assert result == format_number(getattr(step, gate + "_pre")[k], 6)
    total = sum(eval(term.replace("·", "*")) for term in terms.split(" + "))
    assert math.isclose(total, getattr(step, gate + "_pre")[k], abs_tol=1e-4 * (1 + len(terms)))


def test_term_by_term_for_every_gru_variant() -> None:
    for variant in ("colah", "cho2014", "pytorch"):
        cell, step = examples.slide_gru_cell(variant), examples.slide_gru(variant)
        for gate in ("r", "z", "h_tilde"):
            line = explain_preactivation(cell, step, gate, 1)
            assert line.endswith(" = " + format_number(getattr(step, gate + "_pre")[1], 2))
    with pytest.raises(ValueError, match="gate must be one of 'r', 'z', 'h_tilde' for a GRUStep, got the string 'f'"):
        explain_preactivation(examples.slide_gru_cell(), examples.slide_gru(), "f", 0)
    with pytest.raises(ValueError, match="index must be an int from 0 to 2, got int 3"):
        explain_preactivation(examples.slide_lstm_cell(), examples.slide_lstm(), "f", 3)


@needs_pdflatex
def test_latex_compiles_with_article_and_amsmath(tmp_path: Path) -> None:
    body = "\n\n".join(step.render("latex") for step in (examples.slide_lstm(), examples.slide_gru("pytorch")))
    source = (
        "\\documentclass{article}\n\\usepackage{amsmath,graphicx}\n\\usepackage[utf8]{inputenc}\n\\begin{document}\n"
        + body
        + "\n\\end{document}\n"
    )
    assert_compiles(source, tmp_path, "trace")


@given(
    st.one_of(
        lstm_cases().map(lambda c: (c[0], c[0].step(c[1], c[2], c[3]))),
        gru_cases().map(lambda c: (c[0], c[0].step(c[1], c[2]))),
    ),
    st.data(),
)
def test_term_by_term_in_latex_says_the_same_as_the_text(case: tuple, data: st.DataObject) -> None:
    from tinyrnn.render import to_text

    cell, step = case
    if type(step).__name__ == "LSTMStep":
        gates = ["f", "i", "c_tilde", "o"]
    else:
        gates = ["r", "z", "h_tilde"] + (["hn"] if step.variant == "pytorch" else [])
    gate = data.draw(st.sampled_from(gates))
    k = data.draw(st.integers(0, cell.hidden_size - 1))
    text = explain_preactivation(cell, step, gate, k, decimals=3)
    latex = explain_preactivation(cell, step, gate, k, decimals=3, fmt="latex")
    assert latex.isascii()
    assert "·" not in latex and "⊙" not in latex
    assert to_text(latex).replace(" · ", "·") == text.replace(" · ", "·")


def test_pytorch_hn_term_by_term() -> None:
    cell, step = examples.slide_gru_cell("pytorch"), examples.slide_gru("pytorch")
    line = explain_preactivation(cell, step, "hn", 2)
    assert line.startswith("W_hn[2]·h_{t-1} + b_hn[2] = ")
    assert line.endswith(" = " + format_number(step.hn[2], 2))
    with pytest.raises(ValueError, match="gate must be one of 'r', 'z', 'h_tilde' for a GRUStep, got the string 'hn'"):
        explain_preactivation(examples.slide_gru_cell(), examples.slide_gru(), "hn", 0)
    with pytest.raises(ValueError, match="fmt must be 'text' or 'latex', got the string 'html'"):
        explain_preactivation(cell, step, "r", 0, fmt="html")


def test_term_by_term_with_no_decimals_shows_whole_numbers() -> None:
    """decimals=0: integers without a decimal point, negatives in parentheses; f_pre = 2·1 − 3·4 + 1 = −9."""
    zero = {name: [[0.0, 0.0]] for name in ("W_f", "W_i", "W_c", "W_o")} | {
        name: [0.0] for name in ("b_f", "b_i", "b_c", "b_o")
    }
    cell = LSTMCell.from_params(zero | {"W_f": [[2.0, -3.0]], "b_f": [1.0]})
    step = cell.step([4.0], [1.0], [0.0])
    assert step.f_pre == Vector([-9.0])
    assert (
        explain_preactivation(cell, step, "f", 0, decimals=0)
        == "W_f[0] · [h_{t-1}, x_t] + b_f[0] = 2·1 + (-3)·4 + 1 = -9"
    )
