"""The docs build offline with -W, and every page shows numbers produced by tinyrnn.

Skipped (with the reason) only when Sphinx is not installed; CI installs the
``docs`` extra, so there it always runs.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
import subprocess
import sys
from html import unescape
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sphinx", reason="Sphinx is not installed: pip install -e '.[docs]' (CI installs it)")
pytest.importorskip("myst_parser", reason="myst-parser is not installed: pip install -e '.[docs]'")

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    "index",
    "lstm",
    "gru",
    "family",
    "rounding",
    "lstm-vs-gru",
    "conventions",
    "frameworks",
    "traces",
    "explainer",
    "api",
    "exercises",
    "lms",
    "exam-reference",
    "performance",
    "backward",
    "training",
    "reliability",
]

# The results printed on the slides (/work/shared/slides.md), as printed: the pages must show them.
SLIDE_LSTM = {
    "f": "[0.65, 0.42, 0.78]",
    "i": "[0.53, 0.71, 0.48]",
    "c_tilde": "[0.32, -0.54, 0.67]",
    "c": "[0.56, -0.47, 0.55]",
}
SLIDE_GRU = {"r": "[0.58, 0.73, 0.45]"}


def _build(out: Path, prelude: str = "") -> subprocess.CompletedProcess[str]:
    """Build the docs into ``out`` with -W, after running ``prelude`` in the same process."""
    command = "import sys\nfrom sphinx.cmd.build import main\nsys.exit(main(sys.argv[1:]))"
    args = ["-W", "--keep-going", "-q", "-b", "html", str(ROOT / "docs"), str(out)]
    return subprocess.run(
        [sys.executable, "-c", prelude + "\n" + command, *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="session")
def built_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs") / "html"
    result = _build(out)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


def _page_text(built_docs: Path, page: str) -> str:
    """A page's text: tags removed, MathML dropped, entities decoded."""
    html = (built_docs / f"{page}.html").read_text(encoding="utf-8")
    html = re.sub(r"<math\b.*?</math>", " ", html, flags=re.S)
    return unescape(_text(html))


def test_every_page_exists_and_is_in_the_toctree(built_docs: Path) -> None:
    index = (built_docs / "index.html").read_text(encoding="utf-8")
    for page in PAGES:
        assert (built_docs / f"{page}.html").exists(), page
        assert f'href="{page}.html"' in index or page == "index", page


def test_the_slide_numbers_match_the_library_constants() -> None:
    from tinyrnn import examples
    from tinyrnn.render import format_vector

    assert {k: format_vector(v, 2) for k, v in examples.SLIDE_NUMBERS["lstm"].items()} == SLIDE_LSTM
    assert {k: format_vector(v, 2) for k, v in examples.SLIDE_NUMBERS["gru"].items()} == SLIDE_GRU


def test_the_lstm_page_shows_every_slide_number(built_docs: Path) -> None:
    text = _page_text(built_docs, "lstm")
    for name, printed in SLIDE_LSTM.items():
        assert printed in text, name
    for number in ["0.65", "0.42", "0.78", "0.53", "0.71", "0.48", "0.32", "-0.54", "0.67", "0.56", "-0.47", "0.55"]:
        assert re.search(rf"(?<![\d.-]){re.escape(number)}(?!\d)", text), number


def test_the_gru_page_shows_every_slide_number(built_docs: Path) -> None:
    text = _page_text(built_docs, "gru")
    for name, printed in SLIDE_GRU.items():
        assert printed in text, name


def test_the_steps_missing_from_the_slides_are_completed_and_marked(built_docs: Path) -> None:
    from tinyrnn import examples
    from tinyrnn.render import format_vector

    lstm = _page_text(built_docs, "lstm")
    step_4 = lstm[lstm.index("Step 4: Output gate") :]
    assert "Not on the slides" in step_4[:400]
    assert format_vector(examples.slide_lstm().h, 4) in step_4
    gru = _page_text(built_docs, "gru")
    for heading in ("Step 3: Candidate hidden state", "Step 4: New hidden state"):
        section = gru[gru.index(heading) :]
        assert "Not on the slides" in section[:300], heading
    assert format_vector(examples.slide_gru().h, 4) in gru


def test_the_pages_explain_preactivations_term_by_term(built_docs: Path) -> None:
    lstm, gru = _page_text(built_docs, "lstm"), _page_text(built_docs, "gru")
    for gate in ("f", "i", "C", "o"):
        assert f"W_{gate}[0] · [h_{{t-1}}, x_t] + b_{gate}[0]" in lstm, gate
    for gate in ("r", "z"):
        assert f"W_{gate}[0] · [h_{{t-1}}, x_t] + b_{gate}[0]" in gru, gate
    assert "W_f[0] · [h_{t-1}, x_t] + b_f[0]\n    = 0.1·0.2 + 0.5·0.4 + 0.5·(-0.1)" in lstm


def test_the_rounding_page_explains_c_t_2(built_docs: Path) -> None:
    text = _page_text(built_docs, "rounding")
    assert "= 0.78·0.3 + 0.48·0.67" in text
    assert "0.5556  →  0.56" in text
    assert "0.550739  →  0.55" in text


def test_the_parameter_table_agrees_with_the_formulas_and_with_pytorch(built_docs: Path) -> None:
    torch = pytest.importorskip("torch", reason="PyTorch is not installed: pip install -e '.[torch]' (CI installs it)")
    html = (built_docs / "lstm-vs-gru.html").read_text(encoding="utf-8")
    rows = [
        [unescape(_text(cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    ]
    checked = 0
    for row in rows:
        if len(row) != 9 or not (row[0].isdigit() and row[1].isdigit()):
            continue
        I, H = int(row[0]), int(row[1])
        lstm, gru = 4 * H * (H + I) + 4 * H, 3 * H * (H + I) + 3 * H
        torch_lstm = sum(p.numel() for p in torch.nn.LSTMCell(I, H).parameters())
        torch_gru = sum(p.numel() for p in torch.nn.GRUCell(I, H).parameters())
        assert [int(row[2]), int(row[3]), int(row[5]), int(row[6])] == [lstm, gru, torch_lstm, torch_gru], row
        assert row[4] == row[7] == "25.0 %", row
        checked += 1
    assert checked >= 4


def test_breaking_a_slide_number_in_the_library_breaks_the_build(tmp_path: Path) -> None:
    prelude = (
        "import tinyrnn.examples as e\n"
        "e.SLIDE_LSTM_PARAMS['b_f'] = [0.4, 0.5, 0.3]  # f_t[0] becomes 0.67 instead of the slide's 0.65\n"
        "e.SLIDE_GRU_PARAMS['b_r'] = [0.2, 0.5, -0.2]  # r_t[2] becomes 0.48 instead of 0.45"
    )
    result = _build(tmp_path / "html", prelude)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-2000:]
    assert re.search(r"run-python block at lstm:\d+ raised", output), output[-3000:]
    assert re.search(r"run-python block at gru:\d+ raised", output), output[-3000:]
    assert "AssertionError" in output


def test_no_resource_is_loaded_from_outside_the_site(built_docs: Path) -> None:
    remote = re.compile(
        r"""<(?:script|link|img|iframe|source|embed)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I
    )
    font = re.compile(r"""url\(\s*["']?(?:https?:)?//""", re.I)
    for path in built_docs.rglob("*"):
        if path.suffix in {".html", ".css"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not remote.search(text), (path, remote.search(text))
            assert not font.search(text), path
            assert "@import" not in text or path.suffix != ".css" or "//" not in text.split("@import", 1)[1][:100]


def test_math_is_rendered_to_mathml_at_build_time(built_docs: Path) -> None:
    for page in PAGES:
        html = (built_docs / f"{page}.html").read_text(encoding="utf-8")
        assert "<math" in html or page == "api", page
        assert not re.search(r"<script[^>]*(mathjax|katex)", html, re.I), page
        for math in re.findall(r"<math\b.*?</math>", html, re.S):
            assert "$" not in math, (page, math[:300])  # math inside \text{...} is typeset, not printed


def test_the_home_page_runs_its_example(built_docs: Path) -> None:
    import tinyrnn

    index = (built_docs / "index.html").read_text(encoding="utf-8")
    step = tinyrnn.LSTMCell(input_size=3, hidden_size=3, seed=0).step(
        [0.5, -0.3, 0.8], h_prev=[0.2, 0.4, -0.1], c_prev=[0.6, -0.2, 0.3]
    )
    from tinyrnn.render import format_vector

    assert format_vector(step.h, 2) in index
    assert "pip install . &amp;&amp; python -m tinyrnn" in _text(index)


def _text(html: str) -> str:
    """The page's text with the tags (e.g. syntax highlighting spans) removed."""
    return re.sub(r"<[^>]+>", "", html)


def test_the_performance_page_shows_the_committed_benchmark_results(built_docs: Path) -> None:
    """The numbers of the last run, for students: what they mean and when to switch; the goals live elsewhere."""
    import json

    page = (built_docs / "performance.html").read_text(encoding="utf-8")
    goals = json.loads((ROOT / "benchmarks" / "results" / "goals.json").read_text(encoding="utf-8"))
    assert goals["machine"]["date"] in page
    assert "<svg" in page and "<polyline" in page
    assert "def make_gru_colah_2x1(weights):" in _text(page)
    text = _text(page)
    assert "When to switch to NumPy or PyTorch" in text and "In short." in text
    for developer_words in ("issue 8", "not met", "The goals", "goal is"):
        assert developer_words not in text, developer_words
    steps = json.loads((ROOT / "benchmarks" / "results" / "steps.json").read_text(encoding="utf-8"))
    smallest = str(min(steps["sizes"]))
    assert f"took {steps['series']['lstm_traced'][smallest]:.1f} µs" in text
    readme = (ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8")
    assert "## The goals (issue 8)" in readme and "## The goals not met, and why" in readme


PUBLIC_MODULES = [
    "tinyrnn",
    "tinyrnn.vector",
    "tinyrnn.activations",
    "tinyrnn.cell",
    "tinyrnn.lstm",
    "tinyrnn.gru",
    "tinyrnn.rnn",
    "tinyrnn.specs",
    "tinyrnn.family",
    "tinyrnn.notation",
    "tinyrnn.trace",
    "tinyrnn.render",
    "tinyrnn.rounding",
    "tinyrnn.examples",
    "tinyrnn.params",
    "tinyrnn.interop",
    "tinyrnn.interop.layouts",
    "tinyrnn.interop.torch",
    "tinyrnn.interop.keras",
    "tinyrnn.bptt",
    "tinyrnn.gradients",
    "tinyrnn.lstm_backward",
    "tinyrnn.gru_backward",
    "tinyrnn.losses",
    "tinyrnn.optim",
    "tinyrnn.readout",
    "tinyrnn.tasks",
    "tinyrnn.training",
]


def test_every_public_name_is_in_the_api_reference_with_an_example(built_docs: Path) -> None:
    api = (built_docs / "api.html").read_text(encoding="utf-8")
    documented = set(re.findall(r'id="(?:module-)?([\w.]+)"', api))
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        assert module_name in documented, module_name
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.ismodule(obj):
                assert obj.__name__ in documented, obj.__name__
                continue
            assert any(entry.endswith("." + name) for entry in documented), f"{module_name}.{name}"
            if inspect.isclass(obj) or inspect.isfunction(obj):
                assert ">>>" in (inspect.getdoc(obj) or ""), f"{module_name}.{name} has no example"
    for cell in ("LSTMCell", "GRUCell"):
        for method in (
            "step",
            "run",
            "from_params",
            "from_torch",
            "to_torch",
            "from_keras",
            "to_keras",
            "from_layout",
            "to_layout",
        ):
            assert ">>>" in (inspect.getdoc(getattr(getattr(importlib.import_module("tinyrnn"), cell), method)) or "")


def test_pages_in_chromium_load_nothing_from_outside_and_fit_phone_and_desktop(built_docs: Path) -> None:
    """Headless Chromium at 1280 and 390 px: no request leaves the site, nothing overflows, all math is laid out."""
    pytest.importorskip(
        "playwright", reason="playwright is not installed: pip install -e '.[browser]' (CI installs it)"
    )
    browser = _load_script("docs_browser")
    if not Path(browser.CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {browser.CHROMIUM} (CI installs Debian's chromium)")
    reports = browser.inspect_pages(built_docs, PAGES)
    assert [(r.page, r.width) for r in reports] == [(page, width) for page in PAGES for width in (1280, 390)]
    for report in reports:
        where = (report.page, report.width)
        assert report.outside_requests == [], (*where, report.outside_requests)
        assert report.page_width <= report.width, (*where, report.page_width)
        assert report.overflowing == [], (*where, report.overflowing)
        assert report.math_laid_out == report.math_total, where
        # No table, code block or figure cut off or spilling out of its column, at either width ...
        assert report.clipped == [], (*where, report.clipped)
        # ... none that needs sideways scrolling on a desktop screen ...
        if report.width >= 1280:
            assert report.scrolling == [], (*where, report.scrolling)
        # ... and on a phone, every figure's text at least 11 px.
        if report.width <= 390:
            small = [(title, px) for title, px in report.figure_text if px < browser.MIN_FIGURE_TEXT]
            assert small == [], (*where, small)
    assert any(r.figure_text for r in reports if r.page == "performance" and r.width == 390)
    assert all(r.math_total > 0 for r in reports if r.page in {"lstm", "conventions"})


def _load_script(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


def test_the_explainer_page_embeds_the_standalone_copy(built_docs: Path) -> None:
    from tinyrnn.explainer import standalone_html

    embedded = built_docs / "_static" / "explainer.html"
    assert embedded.read_text(encoding="utf-8") == standalone_html()
    page = (built_docs / "explainer.html").read_text(encoding="utf-8")
    assert '<iframe class="tinyrnn-explainer" src="_static/explainer.html"' in page
    # The slide's f_t, printed by tinyrnn at build time (as MathML).
    assert "<mn>0.65</mn><mo>&#x0002C;</mo><mn>0.42</mn><mo>&#x0002C;</mo><mn>0.78</mn>" in page


def test_the_embedded_explainer_works_from_the_files_with_no_request(built_docs: Path) -> None:
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[browser]' (CI installs it)")
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    args += ["--disable-component-update", "--disable-sync", "--no-first-run"]
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=args)
        page = browser.new_page()
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto((built_docs / "explainer.html").as_uri())
        frame = page.frame_locator("iframe.tinyrnn-explainer")
        assert frame.locator('#panel .v[data-field="c"]').all_text_contents() == ["0.56", "-0.47", "0.55"]
        frame.locator("#next").click()
        assert frame.locator("#where").get_attribute("data-step") == "2"
        browser.close()
    assert errors == []
    assert all(url.startswith("file://") for url in requests), requests


def test_the_exercises_page_shows_three_generated_exercises_with_their_keys(built_docs: Path) -> None:
    from tinyrnn import exercises
    from tinyrnn.render import format_number

    page = _text((built_docs / "exercises.html").read_text(encoding="utf-8"))
    for number, ex in enumerate(
        (
            exercises.lstm(seed=7),
            exercises.gru(seed=7, kind="saturation"),
            exercises.gru(seed=7, variant="pytorch", kind="find-error"),
        ),
        start=1,
    ):
        assert f"Exercise {number}: " in page
        assert f"Answer key to exercise {number}: " in page
        # Numbers of the generated key (math is MathML: a minus sign is a tag of its own, so look at |v|).
        for field in {1: ("f", "c", "h"), 2: ("r", "z"), 3: ("z", "hn", "h")}[number]:
            for exact, by_hand in zip(getattr(ex.solution, field), getattr(ex.by_hand, field), strict=True):
                assert exercises.approximate(abs(exact), 2) in page, (number, field)
                assert format_number(abs(by_hand), 2) in page, (number, field)
    assert "Hand rounding" in page and "differs after rounding" in page


def test_the_exam_reference_page_shows_both_files_with_copy_and_download(built_docs: Path) -> None:
    html = (built_docs / "exam-reference.html").read_text(encoding="utf-8")
    for name in ("lstm_step.py", "gru_step.py"):
        assert re.search(rf'href="_downloads/[0-9a-f]+/{name}"', html), name
        assert (next((built_docs / "_downloads").rglob(name))).read_bytes() == (
            ROOT / "src" / "tinyrnn" / "handouts" / name
        ).read_bytes()
    text = _text(html)
    assert "def lstm_step(params, x, h_prev, c_prev):" in text.replace("&quot;", '"')
    assert "def gru_step(params, x, h_prev):" in text
    assert "f = [0.65, 0.42, 0.78]" in text and "r = [0.58, 0.73, 0.45]" in text  # the slides' numbers, printed
    assert "copybutton" in html


def test_the_backward_page_shows_the_librarys_gradients(built_docs: Path) -> None:
    from tinyrnn import backward, examples
    from tinyrnn.render import format_number

    page = _text((built_docs / "backward.html").read_text(encoding="utf-8"))
    grads = backward(examples.slide_lstm_cell(), examples.slide_lstm(), [1.0, 1.0, 1.0])
    for row in grads.params["W_f"]:  # the worked example's table of ∂L/∂W_f
        assert all(format_number(value, 4) in page for value in row)
    assert "gradients checked; largest relative error" in page
    training = _text((built_docs / "training.html").read_text(encoding="utf-8"))
    assert "epoch   1/5" in training
    comparison = _text((built_docs / "lstm-vs-gru.html").read_text(encoding="utf-8"))
    assert "table, row by row" in comparison and "Fewer parameters (~25-30% less)" in comparison


def test_the_reliability_page_counts_the_catalogue_and_quotes_the_result_files(built_docs: Path) -> None:
    import json
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "hostile"))
    try:
        import catalogue
    finally:
        sys.path.remove(str(ROOT / "tests" / "hostile"))
    page = _text((built_docs / "reliability.html").read_text(encoding="utf-8"))
    assert f"holds {len(catalogue.CASES)} hostile inputs" in page
    for surface, count in catalogue.counts().items():
        assert f"{count} " in page, surface
    coverage = json.loads((ROOT / "tests" / "coverage" / "summary.json").read_text(encoding="utf-8"))
    assert f"was {coverage['percent_covered']:.2f} %" in page
    mutation = json.loads((ROOT / "tests" / "mutation" / "results.json").read_text(encoding="utf-8"))
    assert f"Mutation score: {100 * mutation['score']:.2f} %" in page
    assert f"made {mutation['total']} mutants" in page
    assert "x has length 2 but input_size is 3" in page  # a catalogue case, run while the docs were built


@pytest.mark.parametrize(
    ("page", "key"),
    [("lstm", "lstm"), ("gru", "gru-colah")]
    + [
        ("family", key)
        for key in ("rnn-tanh", "lstm-no-forget-gate", "lstm", "lstm-peepholes", "lstm-coupled", "gru-colah")
    ],
)
def test_the_cell_diagrams_are_drawn_with_the_librarys_numbers(built_docs: Path, page: str, key: str) -> None:
    """Each cell diagram is static SVG (a wide and a tall drawing, no script, nothing to click) whose chips
    show the library's own step on the slide example, to 2 decimals."""
    from tinyrnn import Vector, examples
    from tinyrnn.render import format_number

    html = (built_docs / f"{page}.html").read_text(encoding="utf-8")
    found = re.search(rf'<figure class="cell-diagram" id="cell-diagram-{key}">(.*?)</figure>', html, re.S)
    assert found, (page, key)
    figure = found.group(1)
    assert re.findall(r'<svg class="cell-diagram-(\w+)"', figure) == ["wide", "tall"]
    assert not re.search(r"<script|tabindex=|\bdata-|onclick", figure)
    assert figure.count("<title") == 2 and figure.count("<desc") == 2
    cell = examples.slide_cell(key)
    states = [examples.H_PREV, examples.C_PREV][: len(cell.spec.states)]
    step = cell.step(examples.X, *states)
    for svg in re.findall(r"<svg.*?</svg>", figure, re.S):
        chips = re.findall(r'<text[^>]*class="num"[^>]*>([^<]*)</text>', svg)
        for name in step._fields:
            if name.endswith("_pre") or not isinstance(getattr(step, name), Vector):
                continue  # pre-activations are not drawn (their boxes show the gate they feed); flags are not values
            for value in getattr(step, name):
                assert format_number(value, 2) in chips, (page, key, name, value, chips)
