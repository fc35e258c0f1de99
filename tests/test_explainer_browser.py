"""The RNN Explainer in a real browser: Debian's Chromium driven by Playwright.

Every test records the console and every request: no console error, and no
request may leave 127.0.0.1 (for the file:// copy: no request at all). The
arithmetic is checked against tinyrnn on hundreds of random cells, values read
from what the page displays. Screenshots of the main states are saved in
``test-artifacts/explainer/`` (git-ignored) for a person to look at; the
time every kind of change takes at H = I = 4, until its frame is out, is saved
next to them (reported, never asserted: no test depends on wall-clock time;
``benchmarks/run.py --explainer`` copies it into the benchmark results).
"""

from __future__ import annotations

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
from tinyrnn import GRUCell, LSTMCell, examples, explainer
from tinyrnn.explainer.server import ExplainerServer, running
from tinyrnn.render import GRU_STEPS, LSTM_STEPS, explain_preactivation, format_number, to_text

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
CELLS = ("lstm", "gru-colah", "gru-cho2014", "gru-pytorch")
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

    def __init__(self, browser: Any, width: int = 1280) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
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
# before stay on the page, stowed and hidden, for a fast switch back).
PANEL = "#panel > .cell-values:not(.stowed)"
DIAGRAM = "#diagram > .drawing.shown"
WEIGHTS = "#weights > .weight-set:not(.stowed)"


def shown(page: Any, field: str) -> list[str]:
    """The panel's text for one vector, component by component."""
    texts: list[str] = page.eval_on_selector_all(
        f'{PANEL} .v[data-field="{field}"]', "els => els.map(e => e.textContent)"
    )
    return texts


def in_diagram(page: Any, field: str) -> list[str]:
    texts: list[str] = page.eval_on_selector_all(
        f'{DIAGRAM} .chip[data-field="{field}"] text.num', "els => els.map(e => e.textContent)"
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


def python_cell(cell: str, params: dict[str, Any]) -> Any:
    if cell == "lstm":
        return LSTMCell.from_params(params)
    return GRUCell.from_params(params, variant=cell.removeprefix("gru-"))


def python_run(state: dict[str, Any]) -> Any:
    cell = python_cell(state["cell"], state["params"])
    if state["cell"] == "lstm":
        return cell, cell.run(state["xs"], state["h_prev"], state["c_prev"])
    return cell, cell.run(state["xs"], state["h_prev"])


def load_state(page: Any, state: dict[str, Any]) -> None:
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
    # Steps the slides do not show are completed with the same weights.
    assert shown(page, "h") == two(examples.slide_lstm().h)
    assert page.text_content("#version") == tinyrnn.__version__
    # The term-by-term pre-activation of component 0, exactly as tinyrnn.render writes it.
    assert page.text_content('[data-explain="f"]') == explain_preactivation(
        examples.slide_lstm_cell(), examples.slide_lstm(), "f", 0
    )
    screenshot(page, "lstm-slide-step1-1280")


@pytest.mark.parametrize("variant", ["colah", "cho2014", "pytorch"])
def test_every_gru_variant_shows_the_slide_numbers(page: Any, variant: str) -> None:
    page.select_option("#cell", f"gru-{variant}")
    trace = examples.slide_gru(variant)
    assert shown(page, "r") == ["0.58", "0.73", "0.45"] == two(examples.SLIDE_NUMBERS["gru"]["r"])
    assert in_diagram(page, "r") == ["0.58", "0.73", "0.45"]
    for field in ("z", "h_tilde", "h"):
        assert shown(page, field) == two(getattr(trace, field)), field
    assert ("hn" in {f for f, _, _ in all_shown(page)}) == (variant == "pytorch")
    # Step 4 differs between the conventions: its formula is the variant's.
    for _ in range(3):
        page.click("#next")
    formula = GRU_STEPS[variant][3][2][0]
    assert page.text_content("#formula-lines") == flat(to_text(formula))
    screenshot(page, f"gru-{variant}-step4-1280")


# Step by step ---------------------------------------------------------------------------------


def check_step(page: Any, cell: str, number: int) -> None:
    table = LSTM_STEPS if cell == "lstm" else GRU_STEPS[cell.removeprefix("gru-")]
    _, title, formulas, rows = table[number - 1]
    assert step_number(page) == number
    assert current_panel_step(page) == number
    assert page.text_content("#where") == flat(f"Step {number} of 4: {to_text(title)}")
    assert page.text_content("#formula-lines") == "".join(flat(to_text(formula)) for formula in formulas)
    highlighted = page.eval_on_selector_all(f"{DIAGRAM} .current", "els => els.map(e => e.dataset.steps)")
    assert highlighted, "nothing highlighted on the diagram"
    assert all(str(number) in steps.split() for steps in highlighted)
    dimmed = page.eval_on_selector_all(f"{DIAGRAM} .later", "els => els.map(e => e.dataset.steps)")
    assert all(min(map(int, steps.split())) > number for steps in dimmed)
    # The highlighted panel group holds this step's rows.
    fields = page.eval_on_selector_all(
        f'{PANEL} .group[aria-current="step"] .vector', "els => els.map(e => e.dataset.field)"
    )
    assert set(fields) <= {field for _, field in rows}


@pytest.mark.parametrize("cell", CELLS)
def test_next_through_every_step_and_back_to_the_start(page: Any, cell: str) -> None:
    page.select_option("#cell", cell)
    assert page.is_disabled("#back")
    check_step(page, cell, 1)
    for number in (2, 3, 4):
        page.click("#next")
        check_step(page, cell, number)
        if cell == "lstm" and number == 3:
            screenshot(page, "lstm-slide-step3-1280")
    assert page.is_disabled("#next")
    for number in (3, 2, 1):
        page.click("#back")
        check_step(page, cell, number)
    assert page.is_disabled("#back")
    assert not page.is_disabled("#next")


def test_the_term_by_term_line_follows_the_chosen_component(page: Any) -> None:
    cell, trace = examples.slide_lstm_cell(), examples.slide_lstm()
    for number, gates in ((1, ("f",)), (2, ("i", "c_tilde")), (4, ("o",))):
        while step_number(page) < number:
            page.click("#next")
        for index in range(3):
            page.select_option("#component", str(index))
            for gate in gates:
                expected = explain_preactivation(cell, trace, gate, index)
                assert page.text_content(f'[data-explain="{gate}"]') == expected
    # Clicking a value in the panel picks its component too.
    page.click(f'{PANEL} .v[data-field="o"][data-index="2"]')
    assert page.input_value("#component") == "2"


def test_sequence_mode_carries_h_and_c_forward_and_back_in_time(page: Any) -> None:
    page.select_option("#time-steps", "3")
    page.select_option("#decimals", "all")
    cell = examples.slide_lstm_cell()
    xs = [examples.X] * 3
    run = cell.run(xs, examples.H_PREV, examples.C_PREV)
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
    screenshot(page, "lstm-sequence-t3-1280")
    page.click("#earlier")
    assert page.get_attribute("#when", "data-t") == "2"
    assert [float(v) for v in shown(page, "h_prev")] == pytest.approx(list(run[0].h), abs=1e-12)
    page.click("#earlier")
    assert page.is_disabled("#earlier")
    page.click("#later")
    page.click("#later")
    assert page.is_disabled("#later")


# Editing -------------------------------------------------------------------------------------


def test_a_slider_recomputes_every_value(page: Any) -> None:
    page.select_option("#decimals", "all")
    page.click(f'{WEIGHTS} details[data-gate="f"] summary')
    slider = page.locator(f'{WEIGHTS} input[type=range][data-key="p:W_f:0:0"]')
    assert slider.input_value() == "0.1"
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")  # the slider moves: 0.1 → 0.15; the step does not change
    assert step_number(page) == 1
    assert page.input_value('input[type="number"][data-key="p:W_f:0:0"]') == "0.15"
    assert page.input_value("#preset") == "custom"
    params = examples.slide_lstm_cell().params
    params["W_f"][0][0] = 0.15
    expected = LSTMCell.from_params(params).step(examples.X, examples.H_PREV, examples.C_PREV)
    for field in ("f_pre", "f", "c", "h"):
        assert [float(v) for v in shown(page, field)] == pytest.approx(list(getattr(expected, field)), abs=1e-12)
    # A typed number too, and an out-of-range one is refused without touching the values.
    page.fill('input[type="number"][data-key="x:0:1"]', "0.7")
    expected = LSTMCell.from_params(params).step([0.5, 0.7, 0.8], examples.H_PREV, examples.C_PREV)
    assert [float(v) for v in shown(page, "h")] == pytest.approx(list(expected.h), abs=1e-12)
    page.fill('input[type="number"][data-key="x:0:1"]', "1e101")
    assert page.get_attribute('input[type="number"][data-key="x:0:1"]', "aria-invalid") is not None
    assert [float(v) for v in shown(page, "h")] == pytest.approx(list(expected.h), abs=1e-12)
    assert "type a number" in page.text_content("#status")


def test_sizes_and_presets(page: Any) -> None:
    page.select_option("#hidden-size", "2")
    assert page.input_value("#preset") == "random"  # the slide example is 3 × 3
    assert len(shown(page, "h")) == 2
    page.select_option("#input-size", "4")
    assert len(shown(page, "x")) == 4
    page.select_option("#preset", "zeros")
    assert shown(page, "f") == ["0.50", "0.50"]  # σ(0)
    assert shown(page, "c_tilde") == ["0.00", "0.00"]
    page.select_option("#hidden-size", "3")
    page.select_option("#input-size", "3")
    page.select_option("#preset", "slide")
    assert shown(page, "f") == ["0.65", "0.42", "0.78"]


def open_every_weight_group(page: Any) -> None:
    closed = page.locator(f"{WEIGHTS} details:not([open]) summary")
    while closed.count():
        closed.first.click()


def test_reused_controls_follow_every_structural_change(page: Any) -> None:
    """Slider rows, diagrams and panels are reused across changes: each time, every slider is the current
    cell's, once, showing its number, and the values are tinyrnn's."""
    # A group opened just before a change of cell: its toggle event arrives once it is off the page.
    page.evaluate(
        """() => {
          document.querySelector('#weights > :not(.stowed) details:not([open]) summary').click();
          const cell = document.getElementById('cell');
          cell.value = 'gru-colah';
          cell.dispatchEvent(new Event('change', { bubbles: true }));
        }"""
    )
    page.select_option("#cell", "lstm")
    assert page.is_visible('details[data-gate="f"][open] input[data-key="p:W_f:0:0"]')
    open_every_weight_group(page)
    steps = [("#cell", "gru-pytorch"), ("#hidden-size", "2"), ("#input-size", "4"), ("#cell", "lstm")]
    steps += [("#time-steps", "2"), ("#hidden-size", "4"), ("#cell", "gru-colah"), ("#cell", "gru-cho2014")]
    steps += [("#input-size", "1"), ("#cell", "lstm"), ("#preset", "zeros"), ("#hidden-size", "3")]
    seen = ["gru-colah", "lstm"]  # the cells shown so far, sorted
    for selector, value in steps:
        page.select_option(selector, value)
        if selector == "#cell" and value not in seen:
            seen = sorted([*seen, value])
        open_every_weight_group(page)
        page.click("#export-state")
        state = json.loads(page.input_value("#io-text"))
        rows = page.eval_on_selector_all(
            f"#inputs .param, {WEIGHTS} .param",
            "rows => rows.map(r => [r.children[1].dataset.key, r.children[1].id, r.children[2].value, r.textContent])",
        )
        expected = {f"p:{name}:" + ":".join(map(str, index)): v for name, index, v in flat_params(state["params"])}
        weights = {key: float(number) for key, _, number, _ in rows if key.startswith("p:")}
        assert weights == expected, (selector, value)
        assert len(weights) == len([key for key, *_ in rows if key.startswith("p:")])  # each once
        assert len({row_id for _, row_id, _, _ in rows}) == len(rows)  # ids unique
        _, trace = python_run(state)
        last = trace[-1]
        page.select_option("#decimals", "all")
        while page.is_visible("#later") and page.is_enabled("#later"):
            page.click("#later")  # the last time step
        assert [float(v) for v in shown(page, "h")] == pytest.approx(list(last.h), abs=TOLERANCE)
        assert len(in_diagram(page, "h")) == len(last.h) and len(in_diagram(page, "x")) == len(last.x)
        page.select_option("#decimals", "2")
        # One drawing, values panel and set of weights shown, the current cell's; the others kept are not
        # rendered, and their sliders cannot take the focus.
        others = [cell for cell in seen if cell != state["cell"]]
        layout = LAYOUT_OF[state["cell"]]
        other_layouts = sorted({LAYOUT_OF[cell] for cell in seen} - {layout})
        assert page.evaluate(KEPT) == {
            "drawings": [[state["cell"], "visible"]] + [[cell, "hidden (not .shown)"] for cell in others],
            "panels": [[state["cell"], "visible"]] + [[cell, "hidden (.stowed)"] for cell in others],
            "weights": [[layout, "visible"]] + [[name, "hidden (.stowed)"] for name in other_layouts],
            "focusable": [layout],
            "arrows": 1,
        }


# The drawings, values panels and weight sets on the page, the shown one first: [cell or parameter layout,
# how it is rendered]; the weight sets whose first slider takes the focus; how many arrowhead markers
# (one, shared: an id is unique).
LAYOUT_OF = {"lstm": "lstm", "gru-colah": "gru", "gru-cho2014": "gru", "gru-pytorch": "gru-pytorch"}
KEPT = """() => {
  const order = (list) => list.sort((a, b) => (b[1] === 'visible') - (a[1] === 'visible') || a[0].localeCompare(b[0]));
  const stowable = (selector, name) => order([...document.querySelectorAll(selector)].map((box) => [box.dataset[name],
    getComputedStyle(box).contentVisibility + (box.classList.contains('stowed') ? ' (.stowed)' : '')]));
  return {
    drawings: order([...document.querySelectorAll('#diagram > .drawing')].map((g) => [g.dataset.cell,
      getComputedStyle(g).visibility + (g.classList.contains('shown') ? '' : ' (not .shown)')])),
    panels: stowable('#panel > .cell-values', 'cell'),
    weights: stowable('#weights > .weight-set', 'layout'),
    focusable: [...document.querySelectorAll('#weights > .weight-set')].filter((set) => {
      const slider = set.querySelector('input');
      if (!slider) return false;
      slider.focus();
      const took = document.activeElement === slider;
      slider.blur();
      return took;
    }).map((set) => set.dataset.layout),
    arrows: document.querySelectorAll('[id=arrow]').length,
  };
}"""


def flat_params(params: dict[str, Any]) -> Iterator[tuple[str, tuple[int, ...], float]]:
    for name, value in params.items():
        for k, entry in enumerate(value):
            if isinstance(entry, list):
                yield from ((name, (k, j), float(v)) for j, v in enumerate(entry))
            else:
                yield name, (k,), float(entry)


@pytest.mark.parametrize("cell", CELLS)
def test_seeded_random_weights_are_tinyrnns(page: Any, cell: str, tmp_path: Path) -> None:
    """The page's seeded weights are bit for bit those of LSTMCell(I, H, seed=s) / GRUCell(...)."""
    page.select_option("#cell", cell)
    page.select_option("#preset", "random")
    page.select_option("#hidden-size", "2")
    page.select_option("#input-size", "4")
    page.fill("#seed", "20261125")
    page.dispatch_event("#seed", "change")
    page.click("#export-params")
    exported = json.loads(page.input_value("#io-text"))
    if cell == "lstm":
        expected = LSTMCell(4, 2, seed=20261125)
    else:
        expected = GRUCell(4, 2, variant=cell.removeprefix("gru-"), seed=20261125)
    assert exported == expected.params
    assert list(exported) == list(expected.params)  # the layout's key order


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
    loaded = python_cell(cell, params)
    assert loaded == python_cell(cell, expected_params)
    command = [sys.executable, "-m", "tinyrnn", cell.partition("-")[0], "--params", str(path), "--format", "json"]
    command += ["--x", "0.5,-0.3,0.8", "--h", "0.2,0.4,-0.1"]  # the slide's inputs, shown on the page
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
        (bad_params(lambda p: p.__setitem__("b_f", [0.1] * 5)), "hidden_size (the length of b_f) is 5"),
        (bad_params(lambda p: p["b_o"].__setitem__(1, "0.5")), "params['b_o'][1] must be a finite number"),
        (bad_params(lambda p: p["b_o"].__setitem__(1, None)), "params['b_o'][1] must be a finite number, got null"),
        (bad_params(lambda p: p["b_o"].__setitem__(1, 1e101)), "up to ±1e100"),
        (bad_params(lambda p: p.pop("W_o")), 'params is missing "W_o"; an LSTM needs exactly'),
        ('{"params": ' + bad_params(lambda p: None) + ', "xs": [[1e999, 0, 0]]}', "xs[0][0] must be a finite number"),
        ('{"params": ' + bad_params(lambda p: None) + ', "xs": []}', "xs must be a list of 1 to 6 inputs"),
        ('{"params": ' + bad_params(lambda p: None) + ', "cell": "gru-colah"}', "cell is gru-colah but params"),
        ("x" * 1_000_001, "at most 1000000 are read"),
    ],
)
def test_malformed_parameters_are_refused_with_a_message(page: Any, text: str, message: str) -> None:
    page.evaluate("text => { document.getElementById('io-text').value = text; }", text)
    page.click("#load")
    assert message in page.text_content("#io-message")
    assert shown(page, "f") == ["0.65", "0.42", "0.78"]


def test_a_bare_params_file_loads(page: Any) -> None:
    cell = GRUCell(2, 3, variant="pytorch", seed=5)
    page.fill("#io-text", json.dumps(cell.params))
    page.click("#load")
    assert page.input_value("#cell") == "gru-pytorch"
    assert page.input_value("#hidden-size") == "3"
    assert page.input_value("#input-size") == "2"
    assert page.input_value("#preset") == "custom"


# One source of truth: the page's arithmetic is tinyrnn's -------------------------------------


def random_state(rng: random.Random, cell: str) -> dict[str, Any]:
    H, I, T = rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 3)
    scale = rng.choice([0.5, 1.0, 3.0, 8.0])  # 8: saturated gates too
    layout = tinyrnn.params.LAYOUTS["lstm" if cell == "lstm" else "gru-pytorch" if cell == "gru-pytorch" else "gru"]
    columns = {"hx": H + I, "x": I, "h": H}

    def numbers(n: int) -> list[float]:
        return [rng.uniform(-scale, scale) for _ in range(n)]

    params = {
        name: numbers(H) if kind == "b" else [numbers(columns[kind]) for _ in range(H)] for name, kind in layout.items()
    }
    state: dict[str, Any] = {
        "cell": cell,
        "params": params,
        "xs": [numbers(I) for _ in range(T)],
        "h_prev": numbers(H),
    }
    if cell == "lstm":
        state["c_prev"] = numbers(H)
    return state


def test_the_page_computes_what_tinyrnn_computes_on_240_random_cells(page: Any) -> None:
    """Every displayed full-precision value of 240 random cells (all variants, sizes 1-4, 1-3 time steps)."""
    rng = random.Random(20261125)
    page.select_option("#decimals", "all")
    worst, compared, steps_seen = 0.0, 0, 0
    for case in range(240):
        state = random_state(rng, CELLS[case % 4])
        load_state(page, state)
        _, run = python_run(state)
        for t, step in enumerate(run):
            displayed = all_shown(page)
            expected_fields = {name for name in step._fields if isinstance(getattr(step, name), tuple)}
            expected_fields -= {name for name in expected_fields if getattr(step, name) is None}
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
    report = {"cases": 240, "time_steps": steps_seen, "values_compared": compared, "max_abs_difference": worst}
    (ARTIFACTS / "agreement.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nexplainer agreement: {report}")
    assert compared > 10000


def test_numbers_are_rounded_as_python_rounds_them(page: Any) -> None:
    """The page's formatNumber is tinyrnn's format_number: exact ties to even, the sign of a rounded zero
    dropped, huge and tiny values, and random ones at every number of decimals the page shows."""
    rng = random.Random(6)
    ties = [k / 2**n for n in range(1, 9) for k in range(-40, 41, 1)]  # every one exact: many exact ties
    near = [math.nextafter(v, direction) for v in (0.125, 0.375, 2.5, -0.625, 1.0005) for direction in (0, 9)]
    odd = [0.0, -0.0, 5e-324, -1e-300, 1e21, -3.3e25, 1.7976931348623157e308, 0.005, 0.015, 1.005, 2.675]
    spread = [rng.uniform(-3, 3) * 10 ** rng.randint(-6, 6) for _ in range(3000)]
    values = ties + near + odd + spread
    cases = [(v, d) for v in values for d in (0, 1, 2, 3, 4, 15)]
    shown = page.evaluate("cases => cases.map(([v, d]) => TinyRNN.render.formatNumber(v, d))", cases)
    wrong = [(v, d, text) for (v, d), text in zip(cases, shown, strict=True) if text != format_number(v, d)]
    assert wrong == []
    assert len(cases) > 20000


def test_exports_and_term_by_term_match_python_on_random_cells(page: Any) -> None:
    rng = random.Random(7)
    page.select_option("#decimals", "3")
    for case in range(24):
        state = random_state(rng, CELLS[case % 4])
        load_state(page, state)
        cell, run = python_run(state)
        step = run[0]
        page.click("#export-markdown")
        assert page.input_value("#io-text") == step.render("markdown", 3)
        page.click("#export-latex")
        assert page.input_value("#io-text") == step.render("latex", 3)
        gates = ("f", "i", "c_tilde", "o") if state["cell"] == "lstm" else ("r", "z", "h_tilde")
        index = case % cell.hidden_size
        page.select_option("#component", str(index))
        for _ in range(3):
            for gate in gates:
                selector = f'[data-explain="{gate}"]'
                if page.locator(selector).count():
                    assert page.text_content(selector) == explain_preactivation(cell, step, gate, index, decimals=3)
            page.click("#next")


# Keyboard, accessibility, narrow screens -------------------------------------------------------


def test_keyboard_navigation(page: Any) -> None:
    page.keyboard.press("ArrowRight")
    assert step_number(page) == 2
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    assert step_number(page) == 2
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # stays at the first step
    assert step_number(page) == 1
    # Tab reaches the Next button; Enter and Space press it; the focus is visible.
    page.focus("#cell")
    for _ in range(80):
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
    # Arrow keys in a form control belong to that control.
    page.focus("#cell")
    page.keyboard.press("ArrowDown")
    assert page.input_value("#cell") == "gru-colah"
    assert step_number(page) == 3


def test_every_control_has_a_label(page: Any) -> None:
    page.select_option("#time-steps", "2")
    for summary in page.locator(f"{WEIGHTS} summary").all():
        summary.click()  # build every weight's controls
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea, button')].filter(el => {
            if (el.labels && [...el.labels].some(l => l.textContent.trim())) return false;
            if ((el.getAttribute('aria-label') || '').trim()) return false;
            const ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
            if (ids.length && ids.every(id => document.getElementById(id)?.textContent.trim())) return false;
            return !(el.tagName === 'BUTTON' && el.textContent.trim());
        }).map(el => el.outerHTML.slice(0, 80))"""
    )
    assert unlabelled == []
    count = page.evaluate("() => document.querySelectorAll('input, select, textarea, button').length")
    assert count > 2 * examples.slide_lstm_cell().num_parameters


def test_readable_at_390_pixels(browser: Any, server: ExplainerServer) -> None:
    recorded = Recorded(browser, width=390)
    narrow = recorded.page
    narrow.goto(server.url)
    # Only the diagram scrolls sideways, inside its own box; the page itself fits.
    assert narrow.evaluate("() => document.documentElement.scrollWidth") <= 390
    sizes = narrow.eval_on_selector_all(
        f"{PANEL} .v, .explain-line, #where", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert min(sizes) >= 12
    assert narrow.is_visible("#next") and narrow.is_visible("#back")
    # Every slider row's controls fit inside the row (a row clips what sticks out).
    narrow.locator(f"{WEIGHTS} details.gate summary").first.click()
    overflowing = narrow.eval_on_selector_all(
        f"#inputs .param, {WEIGHTS} .param",
        """rows => rows.filter((row) => {
          const box = row.getBoundingClientRect();
          return [...row.querySelectorAll('label, input')].some((part) => {
            const r = part.getBoundingClientRect();
            return r.left < box.left - 0.5 || r.right > box.right + 0.5;
          });
        }).map((row) => row.querySelector('input').dataset.key)""",
    )
    assert overflowing == []
    screenshot(narrow, "lstm-slide-390")
    narrow.select_option("#cell", "gru-pytorch")
    narrow.click("#next")
    narrow.click("#next")
    screenshot(narrow, "gru-pytorch-step3-390")
    recorded.check_and_close(server.url)


def test_an_open_weight_group_uses_two_columns_on_a_wide_screen_and_one_on_a_phone(
    browser: Any, server: ExplainerServer
) -> None:
    for width, columns in ((1280, 2), (390, 1)):
        recorded = Recorded(browser, width=width)
        recorded.page.goto(server.url)
        group = recorded.page.locator(f"{WEIGHTS} details.gate").first
        group.locator("summary").click()
        group.scroll_into_view_if_needed()
        lefts = group.locator(".param").evaluate_all(
            "rows => rows.map(row => Math.round(row.getBoundingClientRect().left))"
        )
        assert len(lefts) == 3 * 6 + 3  # W_f (3×6) and b_f (3) of the slide's LSTM
        assert len(set(lefts)) == columns, (width, sorted(set(lefts)))
        recorded.check_and_close(server.url)


# The standalone copy ---------------------------------------------------------------------------


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
    assert recorded.requests == [path.as_uri()]
    recorded.check_and_close(path.as_uri())


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
  choose('cell', other);
  const theirs = exported();
  const load = (text) => { $('io-text').value = text; $('load').click(); };
  load(mine);
  await measure('load_json', count, (k) => load(k % 2 ? mine : theirs));
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
    page.select_option("#hidden-size", "4")
    page.select_option("#input-size", "4")
    page.select_option("#time-steps", "1")
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
