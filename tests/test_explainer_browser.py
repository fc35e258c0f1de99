"""The RNN Explainer in a real browser: Debian's Chromium driven by Playwright.

Every test records the console and every request: no console message of
level warning or error (a test fails on one), and no request may leave
127.0.0.1 (for the file:// copy: no request at all). The
arithmetic is checked against tinyrnn on hundreds of random cells, values read
from what the page displays. Screenshots of the main states are saved in
``test-artifacts/explainer/`` (git-ignored) for a person to look at; the
time every kind of change takes at H = I = 4, until its frame is out, is saved
next to them (reported, never asserted: no test depends on wall-clock time;
``benchmarks/run.py --explainer`` copies it into the benchmark results).
"""

from __future__ import annotations

import itertools
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tinyrnn
from tinyrnn import GRUCell, LSTMCell, examples, explainer, family, specs
from tinyrnn.explainer import presets
from tinyrnn.explainer.server import ExplainerServer, running
from tinyrnn.render import GRU_STEPS, explain_preactivation, format_number, pre_activations, to_text

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        f"Chromium is not installed at {CHROMIUM} (apt-get install chromium; .ci/run installs it)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the browser extra is not installed: pip install -e '.[browser]'"
)

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "explainer"
TOLERANCE = 1e-12


# Fixtures: one browser, one server; a fresh recorded page per test --------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server() -> Iterator[ExplainerServer]:
    with running() as serving:
        yield serving


class Recorded:
    """A page with its console messages, page errors and requests recorded."""

    def __init__(
        self, browser: Any, width: int = 1280, height: int = 900, reduced_motion: str = "no-preference", **options: Any
    ) -> None:
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, accept_downloads=True, reduced_motion=reduced_motion, **options
        )
        self.page = self.context.new_page()
        self.console: list[tuple[str, str]] = []
        self.requests: list[str] = []
        self.page.on("console", lambda message: self.console.append((message.type, message.text)))
        self.page.on("pageerror", lambda error: self.console.append(("pageerror", str(error))))
        self.context.on("request", lambda request: self.requests.append(request.url))

    def check_and_close(self, allowed: str) -> None:
        problems = [(kind, text) for kind, text in self.console if kind in ("error", "warning", "pageerror")]
        self.context.close()
        assert problems == [], problems
        assert self.requests, "no request recorded at all: the recorder is broken"
        outside = [url for url in self.requests if not url.startswith((allowed, "blob:"))]
        assert outside == [], outside


@pytest.fixture
def page(browser: Any, server: ExplainerServer) -> Iterator[Any]:
    recorded = Recorded(browser)
    recorded.page.goto(server.url)
    yield recorded.page
    recorded.check_and_close(server.url)


# Reading the page ----------------------------------------------------------------------------

# What the reader sees: the current cell's values panel, drawing and weights (the other cells' ones shown
# before stay on the page, hidden, for a fast switch back).
PANEL = "#panel > .cell-values:not(.stowed)"
DIAGRAM = "#diagram > .drawing.shown"
WEIGHTS = "#weights > .weight-set:not(.stowed)"
KEYS = tuple(specs.KEYS)


def shown(page: Any, field: str) -> list[str]:
    """The panel's text for one vector, component by component."""
    texts: list[str] = page.eval_on_selector_all(
        f'{PANEL} .v[data-field="{field}"]', "els => els.map(e => e.textContent)"
    )
    return texts


def in_diagram(page: Any, field: str, drawing: str = DIAGRAM) -> list[str]:
    texts: list[str] = page.eval_on_selector_all(
        f'{drawing} .chip[data-field="{field}"] text.num', "els => els.map(e => e.textContent)"
    )
    return texts


def all_shown(page: Any) -> list[tuple[str, int, str]]:
    rows = page.eval_on_selector_all(
        f"{PANEL} .v", "els => els.map(e => [e.dataset.field, Number(e.dataset.index), e.textContent])"
    )
    return [(field, index, text) for field, index, text in rows]


def step_number(page: Any) -> int:
    return int(page.get_attribute("#where", "data-step"))


def current_panel_step(page: Any) -> int:
    return int(page.get_attribute(f'{PANEL} .group[aria-current="step"]', "data-step"))


def flat(latex_text: str) -> str:
    """The text a reader sees once subscripts are typeset: h_{t-1} → ht-1."""
    return re.sub(r"_\{([^}]*)\}|_([A-Za-z0-9]+)", lambda m: m.group(1) or m.group(2), latex_text)


def two(values: Any) -> list[str]:
    return [format_number(v, 2) for v in values]


def given_names(key: str) -> list[str]:
    return [field.name for field in specs.spec_of_key(key).given]


def python_run(state: dict[str, Any]) -> Any:
    cell = family.from_params(state["cell"], state["params"])
    initial = [state["h_prev"]] + ([state["c_prev"]] if "c_prev" in given_names(state["cell"]) else [])
    return cell, cell.run(state["xs"], *initial)


def set_number(page: Any, selector: str, value: Any) -> None:
    """Type into a number field and commit it, as Enter or leaving the field does."""
    page.fill(selector, str(value))
    page.dispatch_event(selector, "change")


def load_state(page: Any, state: dict[str, Any]) -> None:
    if page.input_value("#cell") != state["cell"]:
        page.select_option("#cell", state["cell"])
    page.fill("#io-text", json.dumps(state))
    page.click("#load")
    message = page.text_content("#io-message")
    assert message.startswith("Loaded"), message


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


# The slide example ---------------------------------------------------------------------------


def test_the_page_opens_on_the_slide_example_with_the_slide_numbers(page: Any) -> None:
    assert page.title() == "RNN Explainer · tinyrnn"
    assert page.input_value("#cell") == "lstm"
    assert page.input_value("#preset") == "slide"
    printed = examples.SLIDE_NUMBERS["lstm"]
    for field in ("f", "i", "c_tilde", "c"):
        expected = [format_number(v, 2) for v in printed[field]]
        assert shown(page, field) == expected, field
        assert in_diagram(page, field) == expected, field
    assert shown(page, "x") == ["0.50", "-0.30", "0.80"]
    assert shown(page, "h_prev") == ["0.20", "0.40", "-0.10"]
    assert shown(page, "c_prev") == ["0.60", "-0.20", "0.30"]
    assert shown(page, "h") == two(examples.slide_lstm().h)
    assert page.text_content("#version") == tinyrnn.__version__
    assert page.text_content('[data-explain="f"]') == explain_preactivation(
        examples.slide_lstm_cell(), examples.slide_lstm(), "f", 0
    )


@pytest.mark.parametrize("variant", ["colah", "cho2014", "pytorch"])
def test_every_gru_variant_shows_the_slide_numbers(page: Any, variant: str) -> None:
    page.select_option("#cell", f"gru-{variant}")
    trace = examples.slide_gru(variant)
    assert shown(page, "r") == ["0.58", "0.73", "0.45"] == two(examples.SLIDE_NUMBERS["gru"]["r"])
    assert in_diagram(page, "r") == ["0.58", "0.73", "0.45"]
    for field in ("z", "h_tilde", "h"):
        assert shown(page, field) == two(getattr(trace, field)), field
    assert ("hn" in {f for f, _, _ in all_shown(page)}) == (variant == "pytorch")
    for _ in range(3):
        page.click("#next")
    formula = GRU_STEPS[variant][3][2][0]
    assert page.text_content("#formula-lines") == flat(to_text(formula))


# Step by step ---------------------------------------------------------------------------------


def check_step(page: Any, key: str, number: int) -> None:
    described = specs.spec_of_key(key)
    step = described.steps[number - 1]
    assert step_number(page) == number
    assert current_panel_step(page) == number
    count = len(described.steps)
    assert page.text_content("#where") == flat(f"Step {number} of {count}: {to_text(step.title)}")
    assert page.text_content("#formula-lines") == "".join(flat(to_text(formula)) for formula in step.formulas)
    highlighted = page.eval_on_selector_all(f"{DIAGRAM} .current", "els => els.map(e => e.dataset.steps)")
    assert highlighted, "nothing highlighted on the diagram"
    assert all(str(number) in steps.split() for steps in highlighted)
    dimmed = page.eval_on_selector_all(f"{DIAGRAM} .later", "els => els.map(e => e.dataset.steps)")
    assert all(min(map(int, steps.split())) > number for steps in dimmed)
    fields = page.eval_on_selector_all(
        f'{PANEL} .group[aria-current="step"] .vector', "els => els.map(e => e.dataset.field)"
    )
    assert set(fields) == set(step.fields)


@pytest.mark.parametrize("key", KEYS)
def test_next_through_every_step_and_back_to_the_start(page: Any, key: str) -> None:
    page.select_option("#cell", key)
    count = len(specs.spec_of_key(key).steps)
    assert page.is_disabled("#back")
    check_step(page, key, 1)
    for number in range(2, count + 1):
        page.click("#next")
        check_step(page, key, number)
    assert page.is_disabled("#next")
    for number in range(count - 1, 0, -1):
        page.click("#back")
        check_step(page, key, number)
    assert page.is_disabled("#back")


def test_the_term_by_term_line_follows_the_chosen_component(page: Any) -> None:
    cell, trace = examples.slide_lstm_cell(), examples.slide_lstm()
    for number, gates in ((1, ("f",)), (2, ("i", "c_tilde")), (4, ("o",))):
        while step_number(page) < number:
            page.click("#next")
        for index in range(3):
            page.select_option("#component", str(index))
            for gate in gates:
                assert page.text_content(f'[data-explain="{gate}"]') == explain_preactivation(cell, trace, gate, index)
    page.click(f'{PANEL} .v[data-field="o"][data-index="2"]')
    assert page.input_value("#component") == "2"


def test_sequence_mode_carries_h_and_c_forward_and_back_in_time(page: Any) -> None:
    set_number(page, "#time-steps", 3)
    page.select_option("#decimals", "all")
    cell = examples.slide_lstm_cell()
    run = cell.run([examples.X] * 3, examples.H_PREV, examples.C_PREV)
    assert page.text_content("#when") == "time step t = 1 of 3"
    positions = [(t, s) for t in range(1, 4) for s in range(1, 5)]
    for k, (t, s) in enumerate(positions):
        assert page.get_attribute("#when", "data-t") == str(t)
        assert step_number(page) == s
        for field in ("h_prev", "c_prev", "h", "c"):
            assert [float(v) for v in shown(page, field)] == pytest.approx(list(getattr(run[t - 1], field)), abs=1e-12)
        if k < len(positions) - 1:
            page.click("#next")
    assert page.is_disabled("#next")
    page.click("#earlier")
    assert page.get_attribute("#when", "data-t") == "2"
    page.click("#earlier")
    assert page.is_disabled("#earlier")


# Editing -------------------------------------------------------------------------------------


def test_a_slider_recomputes_every_value(page: Any) -> None:
    page.select_option("#decimals", "all")
    page.click(f'{WEIGHTS} details[data-gate="f"] summary')
    slider = page.locator(f'{WEIGHTS} input[type=range][data-key="p:W_f:0:0"]')
    assert slider.input_value() == "0.1"
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    assert step_number(page) == 1
    assert page.input_value('input[type="number"][data-key="p:W_f:0:0"]') == "0.15"
    assert page.input_value("#preset") == "custom"
    params = examples.slide_lstm_cell().params
    params["W_f"][0][0] = 0.15
    expected = LSTMCell.from_params(params).step(examples.X, examples.H_PREV, examples.C_PREV)
    for field in ("f_pre", "f", "c", "h"):
        assert [float(v) for v in shown(page, field)] == pytest.approx(list(getattr(expected, field)), abs=1e-12)
    page.fill('input[type="number"][data-key="x:0:1"]', "0.7")
    expected = LSTMCell.from_params(params).step([0.5, 0.7, 0.8], examples.H_PREV, examples.C_PREV)
    assert [float(v) for v in shown(page, "h")] == pytest.approx(list(expected.h), abs=1e-12)
    page.fill('input[type="number"][data-key="x:0:1"]', "1e101")
    assert page.get_attribute('input[type="number"][data-key="x:0:1"]', "aria-invalid") is not None
    assert [float(v) for v in shown(page, "h")] == pytest.approx(list(expected.h), abs=1e-12)
    assert "type a number" in page.text_content("#status")


def test_sizes_and_presets(page: Any) -> None:
    set_number(page, "#hidden-size", 2)
    assert page.input_value("#preset") == "random"  # the slide example is 3 × 3
    assert len(shown(page, "h")) == 2
    set_number(page, "#input-size", 4)
    assert len(shown(page, "x")) == 4
    page.select_option("#preset", "zeros")
    assert shown(page, "f") == ["0.50", "0.50"]  # σ(0)
    assert shown(page, "c_tilde") == ["0.00", "0.00"]
    page.select_option("#preset", "slide")
    assert page.input_value("#hidden-size") == "3" and page.input_value("#input-size") == "3"
    assert shown(page, "f") == ["0.65", "0.42", "0.78"]
    set_number(page, "#hidden-size", 8)
    assert len(in_diagram(page, "h")) == 8


@pytest.mark.parametrize("key", KEYS)
def test_seeded_random_weights_are_tinyrnns(page: Any, key: str) -> None:
    page.select_option("#cell", key)
    page.select_option("#preset", "random")
    set_number(page, "#hidden-size", 2)
    set_number(page, "#input-size", 4)
    set_number(page, "#seed", 20261125)
    page.click("#export-params")
    exported = json.loads(page.input_value("#io-text"))
    expected = family.build(key, 4, 2, seed=20261125)
    assert exported == expected.params
    assert list(exported) == list(expected.params)


# Export and load -----------------------------------------------------------------------------


def download(page: Any, button: str, tmp_path: Path) -> Path:
    page.click(button)
    with page.expect_download() as info:
        page.click("#download")
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


@pytest.mark.parametrize("cell", ["lstm", "gru-pytorch"])
def test_exported_json_loads_in_python_and_on_the_command_line(page: Any, cell: str, tmp_path: Path) -> None:
    page.select_option("#cell", cell)
    first = "W_f" if cell == "lstm" else "W_ir"
    page.click(f'{WEIGHTS} details[data-gate="{first[-1]}"] summary')
    page.fill(f'input[type="number"][data-key="p:{first}:1:2"]', "-0.75")
    path = download(page, "#export-params", tmp_path)
    assert path.name == f"tinyrnn-{cell}-params.json"
    params = json.loads(path.read_text())
    variant = cell.removeprefix("gru-")
    reference = examples.slide_lstm_cell() if cell == "lstm" else examples.slide_gru_cell(variant)
    expected_params = reference.params
    expected_params[first][1][2] = -0.75
    assert family.from_params(cell, params) == family.from_params(cell, expected_params)
    command = [sys.executable, "-m", "tinyrnn", cell.partition("-")[0], "--params", str(path), "--format", "json"]
    command += ["--x", "0.5,-0.3,0.8", "--h", "0.2,0.4,-0.1"]
    command += ["--c", "0.6,-0.2,0.3"] if cell == "lstm" else ["--variant", variant]
    result = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)
    step = json.loads(result.stdout)
    page.select_option("#decimals", "all")
    assert [float(v) for v in shown(page, "h")] == pytest.approx(step["h"], abs=1e-12)


@pytest.mark.parametrize(("fmt", "button"), [("markdown", "#export-markdown"), ("latex", "#export-latex")])
def test_the_step_exports_are_the_python_renderings(page: Any, fmt: str, button: str, tmp_path: Path) -> None:
    page.click(button)
    assert page.input_value("#io-text") == examples.slide_lstm().render(fmt)
    page.select_option("#cell", "gru-cho2014")
    page.select_option("#preset", "slide")
    page.select_option("#decimals", "3")
    path = download(page, button, tmp_path)
    assert path.read_text() == examples.slide_gru("cho2014").render(fmt, 3)


BAD_JSON = [
    ("", "nothing to load"),
    ('<img src=x onerror="window.__pwned = 1">', "not valid JSON"),
    ('{"W_f": "<img src=x onerror=window.__pwned=1>"}', 'params is missing "b_f"; an LSTM needs exactly W_f, b_f'),
    ('{"W_f": [[1]], "<img src=x onerror=window.__pwned=1>": 1}', 'unknown key "<img src=x onerror=window.__pwned=1>"'),
    ('"<script>window.__pwned = 1</script>"', "expected a JSON object"),
    ("[1, 2, 3]", "expected a JSON object, got a list of 3"),
    ('{"__proto__": {"polluted": 1}}', "unknown key"),
    ('{"params": {"__proto__": {"polluted": 1}}}', "unknown key"),
    ("{}", 'params is missing "W_f"'),
    ('{"params": {}, "evil": 1}', 'unknown key "evil"'),
    ('{"cell": "rnn-sigmoid", "params": {}}', "cell must be one of"),
]


@pytest.mark.parametrize(("text", "message"), BAD_JSON)
def test_loaded_json_is_untrusted(page: Any, text: str, message: str) -> None:
    page.fill("#io-text", text)
    page.click("#load")
    shown_message = page.text_content("#io-message")
    assert shown_message.startswith("Not loaded: ")
    assert message in shown_message
    assert page.evaluate("() => document.querySelectorAll('img, #io-message *').length") == 0
    assert page.evaluate("() => window.__pwned === undefined && ({}).polluted === undefined")
    assert shown(page, "f") == ["0.65", "0.42", "0.78"]  # nothing changed


def bad_params(change: Any) -> str:
    params = examples.slide_lstm_cell().params
    change(params)
    return json.dumps(params)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (bad_params(lambda p: p["W_f"][1].pop()), "params['W_f'][1] has length 5 but hidden_size + input_size is 6"),
        (bad_params(lambda p: p.__setitem__("b_f", [0.1] * 9)), "hidden_size (the length of b_f) is 9"),
        (bad_params(lambda p: p["b_o"].__setitem__(1, "0.5")), "params['b_o'][1] must be a finite number"),
        (bad_params(lambda p: p["b_o"].__setitem__(1, None)), "params['b_o'][1] must be a finite number, got null"),
        (bad_params(lambda p: p["b_o"].__setitem__(1, 1e101)), "up to ±1e100"),
        (bad_params(lambda p: p.pop("W_o")), 'params is missing "W_o"; an LSTM needs exactly'),
        ('{"params": ' + bad_params(lambda p: None) + ', "xs": [[1e999, 0, 0]]}', "xs[0][0] must be a finite number"),
        ('{"params": ' + bad_params(lambda p: None) + ', "xs": []}', "xs must be a list of 1 to 32 inputs"),
        ('{"params": ' + bad_params(lambda p: None) + ', "cell": "gru-colah"}', "cell is gru-colah but params"),
        ("x" * 1_000_001, "at most 1000000 are read"),
    ],
)
def test_malformed_parameters_are_refused_with_a_message(page: Any, text: str, message: str) -> None:
    page.evaluate("text => { document.getElementById('io-text').value = text; }", text)
    page.click("#load")
    assert message in page.text_content("#io-message")
    assert shown(page, "f") == ["0.65", "0.42", "0.78"]


def test_a_json_file_of_another_cell_kind_is_refused_with_a_message_and_changes_nothing(
    page: Any, tmp_path: Path
) -> None:
    cell = GRUCell(2, 3, variant="pytorch", seed=5)
    path = tmp_path / "gru.json"
    path.write_text(json.dumps(cell.params))
    before = all_shown(page)
    page.set_input_files("#load-file", str(path))
    page.wait_for_function("() => document.getElementById('io-message').textContent.startsWith('Not loaded')")
    message = page.text_content("#io-message")
    assert "holds the weights of GRU (PyTorch's convention), not of the LSTM shown" in message
    assert page.input_value("#cell") == "lstm" and all_shown(page) == before
    # Next to the control: the message is right below the load buttons.
    control, note = page.locator(".file-label").bounding_box(), page.locator("#io-message").bounding_box()
    assert 0 <= note["y"] - (control["y"] + control["height"]) < 60
    # With that cell chosen, the same file loads.
    page.select_option("#cell", "gru-pytorch")
    page.set_input_files("#load-file", str(path))
    page.wait_for_function("() => document.getElementById('io-message').textContent.startsWith('Loaded')")
    assert page.input_value("#hidden-size") == "3" and page.input_value("#input-size") == "2"
    assert page.input_value("#preset") == "custom"
    # The GRU conventions share their weights: a colah file loads into cho2014 as it is.
    page.select_option("#cell", "gru-cho2014")
    page.fill("#io-text", json.dumps(GRUCell(2, 3, seed=1).params))
    page.click("#load")
    assert page.text_content("#io-message").startswith("Loaded GRU (Cho et al. 2014)")


# One source of truth: the page's arithmetic is tinyrnn's, for every cell of the family --------------


def random_state(rng: random.Random, key: str, max_steps: int = 3) -> dict[str, Any]:
    H, I, T = rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, max_steps)
    scale = rng.choice([0.5, 1.0, 3.0, 8.0])  # 8: saturated gates too
    columns = {"hx": H + I, "x": I, "h": H}

    def numbers(n: int) -> list[float]:
        return [rng.uniform(-scale, scale) for _ in range(n)]

    params = {
        w.name: numbers(H) if not w.is_matrix else [numbers(columns[w.shape]) for _ in range(H)]
        for w in specs.spec_of_key(key).weights
    }
    state: dict[str, Any] = {"cell": key, "params": params, "xs": [numbers(I) for _ in range(T)], "h_prev": numbers(H)}
    if "c_prev" in given_names(key):
        state["c_prev"] = numbers(H)
    return state


def test_the_page_computes_what_tinyrnn_computes_on_random_cells_of_every_kind(page: Any) -> None:
    """Every displayed full-precision value of random cells of every key (sizes 1-4, 1-3 time steps)."""
    rng = random.Random(20261125)
    page.select_option("#decimals", "all")
    worst, compared, steps_seen = 0.0, 0, 0
    cases = 40 * len(KEYS)
    for case in range(cases):
        state = random_state(rng, KEYS[case % len(KEYS)])
        load_state(page, state)
        _, run = python_run(state)
        for t, step in enumerate(run):
            displayed = all_shown(page)
            expected_fields = {field.name for field in specs.spec_of_key(state["cell"]).fields}
            assert {field for field, _, _ in displayed} == expected_fields
            for field, index, text in displayed:
                value = getattr(step, field)[index]
                difference = abs(float(text) - value)
                assert difference <= TOLERANCE, (case, t, field, index, text, value)
                worst = max(worst, difference)
                compared += 1
            steps_seen += 1
            if t < len(run) - 1:
                page.click("#later")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = {"cases": cases, "keys": list(KEYS), "time_steps": steps_seen, "values_compared": compared}
    report["max_abs_difference"] = worst
    (ARTIFACTS / "agreement.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nexplainer agreement: {report}")
    assert compared > 8000


def test_the_interpreter_is_bit_for_bit_tinyrnn_on_every_key(page: Any) -> None:
    """The rule interpreter called directly (no display rounding): every field equal to the last bit."""
    rng = random.Random(5)
    worst = 0.0
    for case in range(60 * len(KEYS)):
        state = random_state(rng, KEYS[case % len(KEYS)], max_steps=4)
        _, run = python_run(state)
        computed = page.evaluate(
            """s => { const spec = JSON.parse(document.getElementById('tinyrnn-data').textContent).cells[s.cell];
              return TinyRNN.cells.run(spec, s.params, s.xs, {h_prev: s.h_prev, c_prev: s.c_prev}); }""",
            state,
        )
        for step, values in zip(run, computed, strict=True):
            for field in specs.spec_of_key(state["cell"]).fields:
                for a, b in zip(getattr(step, field.name), values[field.name], strict=True):
                    worst = max(worst, abs(a - b))
    assert worst <= TOLERANCE
    assert worst == 0.0  # the same float operations in the same order


def test_numbers_are_rounded_as_python_rounds_them(page: Any) -> None:
    rng = random.Random(6)
    ties = [k / 2**n for n in range(1, 9) for k in range(-40, 41, 1)]
    near = [math.nextafter(v, direction) for v in (0.125, 0.375, 2.5, -0.625, 1.0005) for direction in (0, 9)]
    odd = [0.0, -0.0, 5e-324, -1e-300, 1e21, -3.3e25, 1.7976931348623157e308, 0.005, 0.015, 1.005, 2.675]
    spread = [rng.uniform(-3, 3) * 10 ** rng.randint(-6, 6) for _ in range(3000)]
    cases = [(v, d) for v in ties + near + odd + spread for d in (0, 1, 2, 3, 4, 15)]
    texts = page.evaluate("cases => cases.map(([v, d]) => TinyRNN.render.formatNumber(v, d))", cases)
    wrong = [(v, d, text) for (v, d), text in zip(cases, texts, strict=True) if text != format_number(v, d)]
    assert wrong == []


def test_exports_and_term_by_term_match_python_on_random_cells(page: Any) -> None:
    rng = random.Random(7)
    page.select_option("#decimals", "3")
    for case in range(6 * len(KEYS)):
        state = random_state(rng, KEYS[case % len(KEYS)])
        load_state(page, state)
        cell, run = python_run(state)
        step = run[0]
        page.click("#export-markdown")
        assert page.input_value("#io-text") == step.render("markdown", 3)
        page.click("#export-latex")
        assert page.input_value("#io-text") == step.render("latex", 3)
        gates = pre_activations(cell.spec)
        index = case % cell.hidden_size
        page.select_option("#component", str(index))
        for _ in range(len(cell.spec.steps)):
            for gate in gates:
                selector = f'[data-explain="{gate}"]'
                if page.locator(selector).count():
                    assert page.text_content(selector) == explain_preactivation(cell, step, gate, index, decimals=3)
            if page.get_attribute("#when", "data-t") != "1" or not page.is_enabled("#next"):
                break
            page.click("#next")


# 1. Layout: the picture beside the controls; marked changes; a phone; the docs frame ---------------


def visible_share(page: Any, selector: str) -> float:
    """How much of an element's box is inside the viewport (0 … 1)."""
    share: float = page.evaluate(
        """s => { const r = document.querySelector(s).getBoundingClientRect();
          const h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
          const w = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
          return (h * w) / (r.width * r.height); }""",
        selector,
    )
    return share


def test_the_diagram_stays_in_view_while_any_control_is_used_at_1280(page: Any) -> None:
    open_every_weight_group(page)
    controls = page.eval_on_selector_all(
        ".side input, .side select, .side button, .side summary, #toolbar select",
        "els => els.filter(e => e.offsetParent !== null && e.getBoundingClientRect().width > 2)"
        ".map((e, k) => { e.dataset.probe = k; return k; })",
    )
    assert len(controls) > 150
    for k in [*controls[:: max(1, len(controls) // 40)], controls[-1]]:
        page.eval_on_selector(f'[data-probe="{k}"]', "e => e.scrollIntoView({block: 'center'})")
        if page.evaluate("() => scrollY") < 1:
            continue  # the top of the page: everything is in view anyway
        assert visible_share(page, "#diagram") > 0.97, k
        assert visible_share(page, f'[data-probe="{k}"]') > 0.5, k
        assert page.is_visible("#next")
    # Beside each other: the controls start level with the picture, not below it.
    diagram = page.locator("#view-a").bounding_box()
    inputs = page.locator(".side").bounding_box()
    assert inputs["x"] >= diagram["x"] + diagram["width"] and inputs["y"] < diagram["y"] + diagram["height"]


def test_changed_values_are_marked_for_about_a_second(page: Any) -> None:
    page.fill('input[type="number"][data-key="x:0:0"]', "1.72")
    marked = page.eval_on_selector_all(f"{DIAGRAM} .cell.changed", "els => els.map(e => e.parentNode.dataset.field)")
    assert {"x", "f", "c", "h"} <= set(marked)
    assert "h_prev" not in marked  # unchanged values are not marked
    assert page.locator(f"{PANEL} .v.changed").count() > 0
    page.wait_for_timeout(1400)
    assert page.locator(".changed").count() == 0


def test_no_motion_under_prefers_reduced_motion(browser: Any, server: ExplainerServer) -> None:
    for motion, moves in (("no-preference", True), ("reduce", False)):
        recorded = Recorded(browser, reduced_motion=motion)
        page = recorded.page
        page.goto(server.url)
        page.click("#next")
        flows = page.eval_on_selector_all(
            f"{DIAGRAM} .flow", "els => els.map(e => [getComputedStyle(e).animationName, getComputedStyle(e).display])"
        )
        assert flows, "no flow drawn into step 2"
        assert all((name == "flow" and display != "none") == moves for name, display in flows), (motion, flows)
        transition = page.eval_on_selector(f"{DIAGRAM} .cell", "e => getComputedStyle(e).transitionDuration")
        assert (transition != "0s") == moves
        recorded.check_and_close(server.url)


def test_at_390_pixels_the_diagram_fits_and_every_control_is_reachable(browser: Any, server: ExplainerServer) -> None:
    recorded = Recorded(browser, width=390, height=844)
    narrow = recorded.page
    narrow.goto(server.url)
    for key in KEYS:
        narrow.select_option("#cell", key)
        assert narrow.evaluate("() => document.documentElement.scrollWidth") <= 390, key
        box = narrow.locator("#diagram").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, key
        assert label_sizes(narrow) >= 11, key
    open_every_weight_group(narrow)
    outside = narrow.evaluate(
        """() => [...document.querySelectorAll('input, select, button, textarea, summary, .file-label')]
          .filter(e => e.offsetParent !== null && e.id !== 'load-file').filter(e => {
            e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();
            return r.left < -0.5 || r.right > 390.5 || r.width < 1 || r.height < 1; }).map(e => e.outerHTML.slice(0, 60))"""
    )
    assert outside == []
    recorded.check_and_close(server.url)


def label_sizes(page: Any) -> float:
    """The smallest rendered font size, in CSS pixels, of the diagram's text (names, labels, numbers, subscripts)."""
    size: float = page.evaluate(
        """() => { const svg = document.getElementById('diagram'); const scale = svg.getBoundingClientRect().width /
            svg.viewBox.baseVal.width; return Math.min(...[...svg.querySelectorAll('.drawing.shown text, .drawing.shown tspan')]
            .map(t => parseFloat(getComputedStyle(t).fontSize) * scale)); }"""
    )
    return size


FRAME_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>docs</title></head><body>
<p>Some text before.</p><iframe class="tinyrnn-explainer" src="explainer.html" title="RNN Explainer"></iframe>
<script src="explainer-frame.js"></script></body></html>"""


def test_in_the_docs_the_frame_fits_its_content(browser: Any, tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    explainer.write_html(tmp_path / "explainer.html")
    (tmp_path / "explainer-frame.js").write_text((root / "docs" / "_static" / "explainer-frame.js").read_text())
    (tmp_path / "docs.html").write_text(FRAME_PAGE)
    recorded = Recorded(browser, width=900)
    page = recorded.page
    page.goto((tmp_path / "docs.html").as_uri())
    frame = page.frame_locator("iframe")
    frame.locator("#next").click()
    for action in ("start", "open a weight group", "time steps"):
        if action == "open a weight group":
            frame.locator(f"{WEIGHTS} summary").first.click()
        if action == "time steps":
            frame.locator("#time-steps").fill("5")
            frame.locator("#time-steps").dispatch_event("change")
        inside = page.frames[1]
        for _ in range(50):
            page.wait_for_timeout(100)
            inner = inside.evaluate("() => [document.documentElement.scrollHeight, innerHeight]")
            outer = page.eval_on_selector("iframe", "f => f.getBoundingClientRect().height")
            if inner[0] <= inner[1] + 1:
                break
        assert inner[0] <= inner[1] + 1, (action, inner, outer)  # no inner scrollbar: the frame fits its page
    recorded.check_and_close((tmp_path / "docs.html").as_uri().rsplit("/", 1)[0])


# 2. Edits survive a change of cell; two cells compared ------------------------------------------------


def test_edits_survive_a_change_of_cell(page: Any) -> None:
    page.select_option("#decimals", "all")
    page.fill('input[type="number"][data-key="x:0:0"]', "1.72")
    page.fill('input[type="number"][data-key="h0:1"]', "-0.9")
    page.fill('input[type="number"][data-key="c0:2"]', "1.5")
    for key in ("gru-colah", "lstm", "gru-pytorch", "lstm"):
        page.select_option("#cell", key)
        assert shown(page, "x")[0] == "1.72", key
        assert shown(page, "h_prev")[1] == "-0.9", key
    assert shown(page, "c_prev")[2] == "1.5"
    # Same names and shapes: the weights come along (colah → cho2014), and the page says so.
    page.select_option("#cell", "gru-colah")
    page.click(f'{WEIGHTS} details[data-gate="z"] summary')
    page.fill('input[type="number"][data-key="p:W_z:0:0"]', "0.33")
    page.select_option("#cell", "gru-cho2014")
    page.click("#export-params")
    params = json.loads(page.input_value("#io-text"))
    assert params["W_z"][0][0] == 0.33
    assert "kept x, h, C and the weights W_z" in page.text_content("#status")
    state = {"cell": "gru-cho2014", "params": params, "xs": [[1.72, -0.3, 0.8]], "h_prev": [0.2, -0.9, -0.1]}
    _, run = python_run(state)
    assert [float(v) for v in shown(page, "h")] == pytest.approx(list(run[0].h), abs=TOLERANCE)


def test_compare_shows_two_cells_side_by_side_on_the_same_input(page: Any) -> None:
    page.select_option("#decimals", "all")
    page.select_option("#compare", "gru-colah")
    a, b = page.locator("#view-a").bounding_box(), page.locator("#view-b").bounding_box()
    assert b["x"] >= a["x"] + a["width"] - 1 and abs(a["y"] - b["y"]) < 2  # side by side
    assert page.get_attribute("#count-a", "data-count") == str(LSTMCell(3, 3).num_parameters)
    assert page.get_attribute("#count-b", "data-count") == str(GRUCell(3, 3).num_parameters)
    assert "63 parameters = 3·H·(H + I) + 3·H" in page.text_content("#count-b")
    expected = examples.slide_gru("colah").h
    assert [float(v) for v in in_diagram(page, "h", "#diagram-b > .drawing.shown")] == pytest.approx(
        [float(format_number(v, 2)) for v in expected], abs=1e-9
    )
    # The same input: an edit of x reaches both.
    page.fill('input[type="number"][data-key="x:0:0"]', "-1")
    step = examples.slide_gru_cell("colah").step([-1, -0.3, 0.8], examples.H_PREV)
    assert in_diagram(page, "h", "#diagram-b > .drawing.shown") == two(step.h)
    screenshot(page, "compare-1280")


# 3. A story for every step; tooltips; labels --------------------------------------------------------


def story(page: Any) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = page.eval_on_selector_all(
        "#story .story-line", "els => els.map(e => [e.dataset.field, e.textContent])"
    )
    return rows


def test_the_story_says_what_the_numbers_on_screen_mean(page: Any) -> None:
    page.select_option("#component", "2")
    ((field, text),) = story(page)
    assert field == "f"
    assert text.startswith("ft: ft[2] = 0.78: 78% of Ct-1[2] = 0.30 goes into Ct[2].")
    assert "The forget gate is open: the cell keeps almost all of Ct-1[2] = 0.30." in text
    page.fill('input[type="number"][data-key="h0:2"]', "-2")  # the gate moves: the words follow
    assert story(page)[0][1] != text


@pytest.mark.parametrize("key", KEYS)
def test_every_step_of_every_cell_has_a_story(page: Any, key: str) -> None:
    page.select_option("#cell", key)
    described = specs.spec_of_key(key)
    for step in described.steps:
        told = story(page)
        assert told, step.number
        for field, text in told:
            assert field in step.fields
            sentences = [s for s in re.split(r"(?<=[.:])\s+(?=[A-Z])", text.split(": ", 1)[1]) if s]
            assert 2 <= len(sentences) <= 4, (step.number, field, text)
            assert re.search(r"\d\.\d\d", text), text  # numbers from the screen
        if step.number < len(described.steps):
            page.click("#next")


def test_every_diagram_element_has_a_tooltip_on_hover_and_on_focus(page: Any) -> None:
    for key in ("lstm", "gru-pytorch"):
        page.select_option("#cell", key)
        count = page.locator(f"{DIAGRAM} .unit").count()
        for k in range(count):
            page.locator(f"{DIAGRAM} .unit").nth(k).hover()
            assert page.is_visible("#tip")
            lines = page.eval_on_selector_all("#tip > *", "els => els.map(e => e.textContent)")
            assert len(lines) == 3 and lines[2].startswith("= ["), lines
        # The keyboard: Tab into the drawing, arrows from element to element (lines included).
        page.mouse.move(0, 0)
        page.locator(f"{DIAGRAM} [tabindex='0']").focus()
        seen = set()
        for _ in range(page.locator(f"{DIAGRAM} .unit, {DIAGRAM} .hit").count()):
            assert page.is_visible("#tip")
            seen.add(page.evaluate("() => document.activeElement.getAttribute('aria-label')"))
            assert page.evaluate("() => document.activeElement.getAttribute('aria-describedby')") == "tip"
            page.keyboard.press("ArrowRight")
        assert len(seen) == page.locator(f"{DIAGRAM} .unit, {DIAGRAM} .hit").count()
        page.keyboard.press("Escape")
        assert not page.is_visible("#tip")
    text = page.text_content("#tip")
    assert text is not None


def segments_of(d: str) -> list[tuple[float, float, float, float]]:
    """The straight segments of an SVG path made of M and L commands: (x1, y1, x2, y2)."""
    out: list[tuple[float, float, float, float]] = []
    for run in d.split("M")[1:]:
        points = [(float(x), float(y)) for x, y in re.findall(r"([-\d.]+),([-\d.]+)", run)]
        out += [(*a, *b) for a, b in itertools.pairwise(points)]
    return out


def labels_touching_lines(page: Any) -> list[Any]:
    boxes = page.eval_on_selector_all(
        f"{DIAGRAM} text.label, {DIAGRAM} text.caption",
        "els => els.map(e => { const b = e.getBBox(); return [e.textContent, b.x, b.y, b.width, b.height]; })",
    )
    paths = page.eval_on_selector_all(f"{DIAGRAM} path.wire", "els => els.map(e => e.getAttribute('d'))")
    assert boxes and paths
    return [
        (text, (x1, y1, x2, y2))
        for text, x, y, w, h in boxes
        for x1, y1, x2, y2 in (s for d in paths for s in segments_of(d))
        if min(x1, x2) <= x + w and max(x1, x2) >= x and min(y1, y2) <= y + h and max(y1, y2) >= y
    ]


def test_on_a_phone_every_cell_is_drawn_tall_with_large_labels_touching_no_line(
    browser: Any, server: ExplainerServer
) -> None:
    recorded = Recorded(browser, width=390, height=844)
    page = recorded.page
    page.goto(server.url)
    for key in KEYS:
        page.select_option("#cell", key)
        # Tall on a phone, unless the cell is so small (the plain RNN) that it fits the width drawn wide.
        fits = page.evaluate("() => document.querySelector('#diagram').getBoundingClientRect().right <= innerWidth")
        assert fits, key
        if key.startswith(("lstm", "gru")):
            assert page.get_attribute("#diagram", "data-orientation") == "tall", key
        assert label_sizes(page) >= 11, key
        assert labels_touching_lines(page) == [], key
    recorded.check_and_close(server.url)


@pytest.mark.parametrize("key", KEYS)
def test_labels_are_large_and_touch_no_line(page: Any, key: str) -> None:
    page.select_option("#cell", key)
    assert page.get_attribute("#diagram", "data-orientation") == "wide"
    assert label_sizes(page) >= 11
    assert labels_touching_lines(page) == []


# 4. Over time -------------------------------------------------------------------------------------


def heatmap_colour(page: Any, column: int, field: str, k: int) -> list[int]:
    """The colour painted in the heatmap's cell (step, field, component): read back from the canvas."""
    rgb: list[int] = page.evaluate(
        """([s, field, k]) => { const shown = document.querySelector('#maps canvas'); const r = devicePixelRatio;
          const c = document.createElement('canvas'); c.width = shown.width; c.height = shown.height;
          c.getContext('2d', {willReadFrequently: true}).drawImage(shown, 0, 0); c.style.width = shown.style.width;
          const rows = TinyRNN.heatmap.rowsOf(JSON.parse(document.getElementById('tinyrnn-data').textContent)
            .cells[document.getElementById('cell').value]);
          const g = rows.findIndex(row => row.name === field); const H = Number(document.getElementById('hidden-size').value);
          const cell = parseFloat(c.style.width) / Number(document.getElementById('time-steps').value);
          const y = g * (H * 12 + 8) + k * 12 + 5, x = s * cell + cell / 2 - 1;
          return [...c.getContext('2d').getImageData(Math.round(x * r), Math.round(y * r), 1, 1).data].slice(0, 3); }""",
        [column, field, k],
    )
    return rgb


def test_the_memory_preset_over_time_heatmap_and_column_click(page: Any) -> None:
    page.select_option("#preset", "memory")
    assert page.input_value("#time-steps") == "8"
    assert page.input_value("#sequence") == "Abaabab?"
    assert page.is_visible("#overtime")
    memory = presets.memory_presets()
    cell = family.from_params("lstm", memory["cells"]["lstm"])
    run = cell.run([memory["alphabet"][c] for c in memory["sequence"]])
    rows = page.eval_on_selector_all("#maps .map-label", "els => els.map(e => e.dataset.field)")
    assert rows == ["h", "c", "f", "i", "c_tilde", "o"]
    # The colour of a cell is the diagram's colour of that value.
    for t in (0, 3, 7):
        expected = page.evaluate("v => TinyRNN.diagram.colour(v, true).fill", run[t].o[0])
        assert "rgb(" + ", ".join(map(str, heatmap_colour(page, t, "o", 0))) + ")" == expected.replace(",", ", ")
    # Clicking column 6 opens time step 6 in the diagram.
    box = page.locator("#maps canvas").bounding_box()
    page.locator("#maps canvas").click(position={"x": box["width"] * (5.5 / 8), "y": 4})
    assert page.get_attribute("#when", "data-t") == "6"
    page.select_option("#decimals", "all")
    assert [float(v) for v in in_diagram(page, "c")] == pytest.approx([float(format_number(run[5].c[0], 2))])
    assert float(shown(page, "c")[0]) == pytest.approx(run[5].c[0], abs=TOLERANCE)
    # And from the keyboard.
    page.focus("#maps canvas")
    page.keyboard.press("ArrowRight")
    assert page.get_attribute("#when", "data-t") == "7"
    assert page.get_attribute("#maps canvas", "aria-valuenow") == "7"
    # The plot shows the stored symbol: C_t[0] jumps to ≈ 1 on "A" and keeps it.
    assert page.input_value("#plot-row") == "a:c:0"
    assert round(run[-1].h[0], 2) == 0.73
    screenshot(page, "memory-1280")


def test_the_counting_presets_show_a_staircase(page: Any) -> None:
    found = presets.counting_presets()
    if found is None:
        pytest.skip(
            "the trained counting cells are not shipped yet: tinyrnn/pretrained/counting_lstm.json and "
            "counting_gru.json (issue 19) are missing, so the page has no counting preset"
        )
    page.select_option("#preset", "counting")
    assert page.input_value("#sequence") == "aaaabbbb"
    values = [float(v) for v in page.text_content("#plot-range").split("values: ")[1].split(", ")]
    # A staircase: one step the same way on each a (up or down, as the training chose), back on each b.
    steps = [b - a for a, b in itertools.pairwise([0.0, *values])]
    way = math.copysign(1, steps[0])
    assert all(way * step > 0.5 for step in steps[:4]), values
    assert all(way * step < -0.5 for step in steps[4:]), values
    screenshot(page, "counting-1280")


def test_the_heatmap_redraws_at_t_32_and_h_8(page: Any) -> None:
    set_number(page, "#hidden-size", 8)
    set_number(page, "#time-steps", 32)
    rows = page.eval_on_selector_all("#maps .map-label", "els => els.length")
    assert rows == 6
    size = page.eval_on_selector("#maps canvas", "c => [parseFloat(c.style.width), parseFloat(c.style.height)]")
    assert size[0] >= 32 * 8 and size[1] == 6 * 8 * 12 + 5 * 8
    assert page.text_content("#when") == "time step t = 1 of 32"


BAD_SEQUENCES = [
    ("#sequence", "aab?", "“?” is not in the alphabet (a, b, c)"),
    ("#sequence", "0.1, 0.2; 0.3, 0.4, 0.5", "step 1 has 2 numbers but the input size I is 3"),
    ("#sequence", "0.1, x, 0.2", "is not a number"),
    ("#sequence", "a" * 33, "at most 32"),
    ("#time-steps", "33", "T must be a whole number from 1 to 32"),
    ("#time-steps", "0", "T must be a whole number from 1 to 32"),
    ("#hidden-size", "9", "H must be a whole number from 1 to 8"),
    ("#input-size", "2.5", "I must be a whole number from 1 to 8"),
]


@pytest.mark.parametrize(("selector", "text", "message"), BAD_SEQUENCES)
def test_bad_input_gets_a_message_next_to_its_control_and_changes_nothing(
    page: Any, selector: str, text: str, message: str
) -> None:
    before = all_shown(page)
    if selector == "#sequence":
        page.fill(selector, text)
        page.click("#sequence-apply")
        where = "#sequence-message"
    else:
        set_number(page, selector, text)
        where = "#toolbar-message"
    assert message in page.text_content(where)
    assert page.get_attribute(selector, "aria-invalid") == "true"
    assert all_shown(page) == before
    # Next to the control: the message sits right below it.
    control, note = page.locator(selector).bounding_box(), page.locator(where).bounding_box()
    assert 0 <= note["y"] - (control["y"] + control["height"]) < 140


def test_characters_become_one_hot_inputs(page: Any) -> None:
    page.fill("#sequence", "abca")
    page.click("#sequence-apply")
    assert page.input_value("#time-steps") == "4"
    page.click("#export-state")
    state = json.loads(page.input_value("#io-text"))
    assert state["xs"] == [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]]


# 6. Accessibility: the keyboard and axe-core ------------------------------------------------------


def test_keyboard_navigation(page: Any) -> None:
    page.keyboard.press("ArrowRight")
    assert step_number(page) == 2
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert step_number(page) == 1
    page.focus("#cell")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "next":
            break
    else:
        pytest.fail("Tab never reached the Next button")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    width = page.evaluate("() => parseFloat(getComputedStyle(document.activeElement).outlineWidth)")
    assert outline != "none" and width >= 2
    page.keyboard.press("Enter")
    assert step_number(page) == 2
    page.keyboard.press(" ")
    assert step_number(page) == 3
    page.focus("#cell")
    page.keyboard.press("ArrowDown")
    assert page.input_value("#cell") == "gru-colah"


def test_every_control_has_a_label(page: Any) -> None:
    set_number(page, "#time-steps", 2)
    page.select_option("#compare", "gru-pytorch")
    open_every_weight_group(page)
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea, button, canvas, [tabindex]')].filter(el => {
            if (el.labels && [...el.labels].some(l => l.textContent.trim())) return false;
            if ((el.getAttribute('aria-label') || '').trim()) return false;
            const ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
            if (ids.length && ids.every(id => document.getElementById(id)?.textContent.trim())) return false;
            return !(el.tagName === 'BUTTON' && el.textContent.trim());
        }).map(el => el.outerHTML.slice(0, 80))"""
    )
    assert unlabelled == []


AXE = Path(__file__).resolve().parent / "js" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("key", KEYS)
def test_axe_finds_no_serious_or_critical_violation(browser: Any, server: ExplainerServer, key: str) -> None:
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE} (npm ci --prefix tests/js; .ci/run does it)")
    recorded = Recorded(browser, bypass_csp=True)  # to inject axe, a test-only script, into the page
    page = recorded.page
    page.goto(server.url)
    page.select_option("#cell", key)
    set_number(page, "#time-steps", 3)
    page.select_option("#compare", KEYS[(KEYS.index(key) + 1) % len(KEYS)])
    page.click(f"{WEIGHTS} summary")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "async () => (await axe.run(document)).violations.map(v => [v.id, v.impact, v.nodes.length])"
    )
    serious = [v for v in results if v[1] in ("serious", "critical")]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe-{key}.json").write_text(json.dumps(results, indent=1) + "\n")
    assert serious == [], serious
    recorded.check_and_close(server.url)


# The standalone copy and its weight ----------------------------------------------------------------


def test_the_standalone_file_works_with_no_request_at_all(browser: Any, tmp_path: Path) -> None:
    path = explainer.write_html(tmp_path / "explainer.html")
    recorded = Recorded(browser)
    standalone = recorded.page
    standalone.goto(path.as_uri())
    assert shown(standalone, "c") == ["0.56", "-0.47", "0.55"]
    standalone.click("#next")
    assert step_number(standalone) == 2
    standalone.select_option("#cell", "gru-colah")
    assert shown(standalone, "r") == ["0.58", "0.73", "0.45"]
    standalone.select_option("#preset", "memory")
    assert standalone.is_visible("#overtime")
    assert recorded.requests == [path.as_uri()]
    recorded.check_and_close(path.as_uri())


def open_every_weight_group(page: Any) -> None:
    closed = page.locator(f"{WEIGHTS} details:not([open]) summary")
    while closed.count():
        closed.first.click()


# Real time: measured at H = I = 4 (reported, not asserted) --------------------------------------

# Every kind of change a reader can make, timed in Chromium. A change is made at the start of an
# animation frame, as the browser delivers input, and three times are taken: the page's own work
# (recompute + redraw), that work with the browser's style and layout of the changed page, and the
# time until that frame is done (style, layout, paint and commit: a task queued from the frame's
# callback runs once the frame is out). Rasterisation runs on other threads and is not included.
MEASURE = """async ({ moves, count, other }) => {
  const $ = (id) => document.getElementById(id);
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const timed = (act) => new Promise((resolve) => requestAnimationFrame(() => {
    const start = performance.now();
    act();
    const computed = performance.now();
    document.body.getBoundingClientRect();  // style and layout of the changed page
    const laidOut = performance.now();
    setTimeout(() => resolve([computed - start, laidOut - start, performance.now() - start]), 0);
  }));
  const results = {};
  async function measure(kind, n, act, prepare = () => {}) {
    const rows = [];
    for (let k = 0; k < n; k++) {
      prepare(k);
      await frame();
      rows.push(await timed(() => act(k)));
    }
    results[kind] = rows;
  }
  const fire = (element, type) => element.dispatchEvent(new Event(type, { bubbles: true }));
  const choose = (id, value) => { $(id).value = value; fire($(id), 'change'); };
  const alternate = (id, first, second) => (k) => choose(id, k % 2 ? first : second);  // ends on `first`
  const value = (k) => String(((k * 37) % 400 - 200) / 100);
  const sliders = () => [...document.querySelectorAll('#weights > :not(.stowed) input[type=range]')];
  const numbers = () => [...document.querySelectorAll('#weights > :not(.stowed) input[type=number]')];
  const cell = $('cell').value;
  const count0 = sliders().length;
  const shownH = () => [...document.querySelectorAll('#panel > :not(.stowed) .v[data-field=h]')].map((chip) => chip.textContent).join(' ');
  const before = shownH();

  // Editing a value: the page at the top (diagram and values on screen, most sliders off it) ...
  await measure('slider', moves, (k) => { const s = sliders()[k % count0]; s.value = value(k); fire(s, 'input'); });
  const moved = shownH() !== before;  // the moves really recomputed the values
  await measure('number_field', count, (k) => { const s = numbers()[(k * 7) % count0]; s.value = value(k); fire(s, 'input'); });
  // ... and with the slider in the middle of the screen, as when dragging it.
  await measure('slider_in_view', count, (k) => { const s = sliders()[(k * 11) % count0]; s.value = value(k); fire(s, 'input'); },
    (k) => sliders()[(k * 11) % count0].scrollIntoView({ block: 'center' }));
  window.scrollTo(0, 0);
  // Walking through the steps.
  await measure('back_next', count, (k) => $(k % 8 < 4 ? 'next' : 'back').click());
  await measure('component', count, alternate('component', '0', '3'));
  await measure('decimals', count, alternate('decimals', '2', '4'));
  // New numbers, same structure.
  await measure('preset', count, alternate('preset', 'random', 'zeros'));
  await measure('seed', count, (k) => choose('seed', String(k % 2 ? 0 : k + 1)));
  // New structure.
  await measure('cell_type', count, alternate('cell', cell, other));
  if (cell.startsWith('gru')) await measure('gru_variant', count, alternate('cell', cell, cell === 'gru-colah' ? 'gru-cho2014' : 'gru-colah'));
  await measure('hidden_size', count, alternate('hidden-size', '4', '3'));
  await measure('input_size', count, alternate('input-size', '4', '3'));
  await measure('time_steps', count, alternate('time-steps', '1', '3'));
  choose('time-steps', '3');
  await measure('time_step', count, (k) => $(k % 4 < 2 ? 'later' : 'earlier').click());
  choose('time-steps', '1');
  // Loading a pasted JSON: this cell's whole state and another cell's, in turn.
  const exported = () => { $('export-state').click(); return $('io-text').value; };
  const mine = exported();
  choose('hidden-size', '3');
  const theirs = exported();  // the same cell at another size
  const load = (text) => { $('io-text').value = text; $('load').click(); };
  load(mine);
  await measure('load_json', count, (k) => load(k % 2 ? mine : theirs));
  // Another cell side by side (two drawings and both computed on every change).
  await measure('compare', count, alternate('compare', '', other));
  choose('compare', other);
  await measure('slider_comparing', count, (k) => { const s = sliders()[(k * 5) % count0]; s.value = value(k); fire(s, 'input'); });
  choose('compare', '');
  // The cell over time: the heatmap at T = 32, H = 8, redrawn by every change.
  choose('hidden-size', '8');
  choose('time-steps', '32');
  const input = () => document.querySelector('#inputs input[type=range]');
  await measure('heatmap_slider', count, (k) => { const s = input(); s.value = value(k); fire(s, 'input'); });
  await measure('heatmap_time_step', count, (k) => $(k % 4 < 2 ? 'later' : 'earlier').click());
  await measure('heatmap_back_next', count, (k) => $(k % 8 < 4 ? 'next' : 'back').click());
  choose('time-steps', '1');
  choose('hidden-size', '4');
  choose('preset', 'random');
  return { results, moved, sliders: count0, same: sliders().length === count0 && $('cell').value === cell };
}"""

FRAME_MS = 16.0  # one frame at 60 Hz (16.7 ms), rounded down


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median_ms": statistics.median(ordered),
        "p95_ms": ordered[math.ceil(0.95 * len(ordered)) - 1],
        "max_ms": ordered[-1],
    }


def change_report(rows: list[list[float]]) -> dict[str, Any]:
    work, laid_out, framed = (list(column) for column in zip(*rows, strict=True))
    return {
        "samples": len(rows),
        "recompute_and_redraw": summary(work),
        "with_style_and_layout": summary(laid_out),
        "to_next_frame": summary(framed),
        "share_within_one_frame": sum(t <= FRAME_MS for t in framed) / len(framed),
        "median_within_one_frame": statistics.median(framed) <= FRAME_MS,
        "p95_within_one_frame": summary(framed)["p95_ms"] <= FRAME_MS,
    }


@pytest.mark.parametrize(("cell", "other"), [("lstm", "gru-colah"), ("gru-pytorch", "lstm")])
def test_measure_the_recompute_time_at_h_4_i_4(page: Any, cell: str, other: str) -> None:
    page.select_option("#cell", cell)
    set_number(page, "#hidden-size", 4)
    set_number(page, "#input-size", 4)
    set_number(page, "#time-steps", 1)
    for summary_element in page.locator(f"{WEIGHTS} summary").all():
        summary_element.click()  # every weight's slider on the page
    page.evaluate("() => window.scrollTo(0, 0)")
    screenshot(page, f"{cell}-h4-i4-1280")
    load_before = os.getloadavg()
    measured = page.evaluate(MEASURE, {"moves": 300, "count": 40, "other": other})
    load_after = os.getloadavg()
    timings = measured["results"]
    assert measured["moved"]  # the slider moves really recomputed the values
    assert measured["same"]  # every alternation ended where it started
    reference = LSTMCell(4, 4) if cell == "lstm" else GRUCell(4, 4, variant="pytorch")
    assert measured["sliders"] == reference.num_parameters  # one slider per weight and bias, all measured
    assert len(timings["slider"]) == 300 and all(t >= 0 for row in timings["slider"] for t in row)
    kinds = {"slider", "number_field", "slider_in_view", "back_next", "component", "decimals", "preset", "seed"}
    kinds |= {"cell_type", "hidden_size", "input_size", "time_steps", "time_step", "load_json"}
    kinds |= {"compare", "slider_comparing", "heatmap_slider", "heatmap_time_step", "heatmap_back_next"}
    assert kinds | ({"gru_variant"} if cell.startswith("gru") else set()) == set(timings)
    changes = {kind: change_report(rows) for kind, rows in timings.items()}
    report = {
        "cell": cell,
        "H": 4,
        "I": 4,
        "sliders": measured["sliders"],
        "moves": 300,
        "recompute_and_redraw": changes["slider"]["recompute_and_redraw"],
        "with_style_and_layout": changes["slider"]["with_style_and_layout"],
        "frame_budget_ms": FRAME_MS,
        "changes": changes,
        "slowest_p95_to_next_frame": max(change["to_next_frame"]["p95_ms"] for change in changes.values()),
        "slowest_median_to_next_frame": max(change["to_next_frame"]["median_ms"] for change in changes.values()),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "cpus": os.cpu_count(),
        "user_agent": page.evaluate("() => navigator.userAgent"),
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"timing-{cell}.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nexplainer timing, {cell} (load {load_before[0]:.1f}):")
    for kind, change in changes.items():
        print(
            f"  {kind:15s} "
            + "  ".join(
                f"{name} {change[name]['median_ms']:.1f}/{change[name]['p95_ms']:.1f}"
                for name in ("recompute_and_redraw", "with_style_and_layout", "to_next_frame")
            )
        )


# 5. Cells the page has never seen: described, then computed, drawn and told with no new JavaScript ----------

HX = ("h_prev", "x")


def _unseen_cells() -> list[Any]:
    """Descriptions of the cells the family issue adds (RNN, LSTM flags), written with the schema alone."""
    from tinyrnn.specs import Activation, Affine, CellSpec, Constant, Field, Hadamard, MatVec, Products, Step, Weight
    from tinyrnn.specs.lstm import LSTM

    x, h_prev = LSTM.field("x"), LSTM.field("h_prev")
    rnn = CellSpec(
        key="rnn-relu",
        kind="rnn",
        options=(("nonlinearity", "relu"),),
        name="RNN (ReLU)",
        title="RNN step",
        convention="",
        trace="RNNStep",
        weights=(Weight("W_h", "hx", "W_h"), Weight("b_h", "b", "b_h")),
        fields=(
            x,
            h_prev,
            Field("h_pre", r"W_h \cdot [h_{t-1}, x_t] + b_h", "the pre-activation", Affine((MatVec("W_h", HX), "b_h"))),
            Field("h", "h_t", "the new hidden state", Activation("relu", "h_pre"), component="h_t[{k}]"),
        ),
        states=("h",),
        steps=(Step(1, r"New Hidden State ($h_t$)", (r"h_t = relu(W_h \cdot [h_{t-1}, x_t] + b_h)",), ("h_pre", "h")),),
        gates=(),
    )
    fields = {field.name: field for field in LSTM.fields}

    def peephole(name: str, state: str) -> Any:
        rule = Affine((MatVec(f"W_{name}", HX), Hadamard(f"p_{name}", state), f"b_{name}"))
        return fields[f"{name}_pre"]._replace(rule=rule)

    peepholes = LSTM._replace(
        key="lstm-peepholes",
        options=(("peepholes", True),),
        name="LSTM with peepholes",
        weights=(*LSTM.weights, *(Weight(f"p_{g}", "p", f"p_{g}") for g in "fio")),
        fields=tuple(
            peephole(f.name[0], "c" if f.name == "o_pre" else "c_prev") if f.name in ("f_pre", "i_pre", "o_pre") else f
            for f in LSTM.fields
        ),
    )
    coupled = LSTM._replace(
        key="lstm-coupled",
        options=(("coupled", True),),
        name="LSTM with coupled gates",
        weights=tuple(w for w in LSTM.weights if w.name not in ("W_i", "b_i")),
        fields=tuple(
            f._replace(rule=Products((("1-f",),))) if f.name == "i" else f for f in LSTM.fields if f.name != "i_pre"
        ),
        steps=tuple(s._replace(fields=tuple(n for n in s.fields if n != "i_pre")) for s in LSTM.steps),
    )
    no_forget = LSTM._replace(
        key="lstm-no-forget-gate",
        options=(("forget_gate", False),),
        name="LSTM without a forget gate",
        weights=tuple(w for w in LSTM.weights if w.name not in ("W_f", "b_f")),
        fields=tuple(f._replace(rule=Constant(1.0)) if f.name == "f" else f for f in LSTM.fields if f.name != "f_pre"),
        steps=tuple(s._replace(fields=tuple(n for n in s.fields if n != "f_pre")) for s in LSTM.steps),
        gates=("i", "o"),
    )
    return [rnn, peepholes, coupled, no_forget]


@pytest.mark.parametrize("described", _unseen_cells(), ids=lambda d: d.key)
def test_a_cell_the_page_never_saw_is_computed_drawn_and_told_from_its_description(
    page: Any, described: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import test_specs
    from test_specs import interpret
    from tinyrnn.explainer.page import cell_data
    from tinyrnn.params import init_params, to_plain
    from tinyrnn.vector import Vector

    relu = lambda values: Vector([v if v > 0 else 0.0 for v in values])  # noqa: E731 (max(0, v), -0.0 → 0.0)
    monkeypatch.setitem(test_specs.FUNCTIONS, "relu", relu)
    data = cell_data(described)
    rng = random.Random(3)
    for H, I, T in ((1, 1, 2), (3, 2, 3), (4, 4, 4)):
        weights = init_params(described.layout, H, I, random.Random(rng.randrange(10**6)))
        xs = [[rng.uniform(-2, 2) for _ in range(I)] for _ in range(T)]
        initial = {f.name: [rng.uniform(-2, 2) for _ in range(H)] for f in described.given if f.name != "x"}
        expected, carried = [], dict(initial)
        for x in xs:
            values = interpret(described, weights, {"x": Vector(x), **{k: Vector(v) for k, v in carried.items()}})
            expected.append({name: list(values[name]) for name in values})
            carried = {f"{state}_prev": list(values[state]) for state in described.states}
        result = page.evaluate(
            """([spec, params, xs, initial, H, I]) => {
              const T = TinyRNN, trace = T.cells.run(spec, params, xs, initial);
              const out = {trace, drawings: {}, stories: []};
              const svg = document.getElementById('diagram');
              for (const orientation of ['wide', 'tall']) {
                const drawing = T.diagram.build(spec, H, I, orientation);
                svg.append(drawing.root);
                const wires = [...drawing.root.querySelectorAll('path.wire')].map(p => p.getAttribute('d'));
                const labels = [...drawing.root.querySelectorAll('text.label, text.caption')].map(t => {
                  const b = t.getBBox(); return [t.textContent, b.x, b.y, b.width, b.height]; });
                out.drawings[orientation] = {chips: Object.keys(drawing.chips), units: drawing.list.length, wires, labels,
                  steps: [...new Set(drawing.tagged.flatMap(([, s]) => s))]};
                drawing.root.remove();
              }
              for (const step of spec.steps) out.stories.push(T.story.tell(spec, trace[0], step, 0, 2));
              return out; }""",
            [data, to_plain(weights), xs, initial, H, I],
        )
        for step, got in zip(expected, result["trace"], strict=True):
            for name, values in step.items():
                assert got[name] == values, (described.key, name)  # bit for bit
        for orientation, drawing in result["drawings"].items():
            assert set(drawing["chips"]) == {f.name for f in described.fields} - {
                f.name
                for f in described.fields
                if f.rule is not None
                and type(f.rule).__name__ == "Affine"
                and any(getattr(g.rule, "field", None) == f.name for g in described.fields)
            }, orientation
            assert sorted(drawing["steps"]) == [s.number for s in described.steps]
            for text, lx, ly, lw, lh in drawing["labels"]:
                for x1, y1, x2, y2 in (s for d in drawing["wires"] for s in segments_of(d)):
                    inside = (
                        min(x1, x2) <= lx + lw and max(x1, x2) >= lx and min(y1, y2) <= ly + lh and max(y1, y2) >= ly
                    )
                    assert not inside, (described.key, orientation, text)
        for step, told in zip(described.steps, result["stories"], strict=True):
            assert told, (described.key, step.number)
            assert all(len(entry["sentences"]) >= 2 for entry in told)
