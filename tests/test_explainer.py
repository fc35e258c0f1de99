"""The RNN Explainer's page builder and command line (the browser tests are in test_explainer_browser.py)."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import webbrowser
from pathlib import Path

import pytest

from tinyrnn import examples, explainer, family
from tinyrnn.explainer import page, presets, server
from tinyrnn.notation import to_text
from tinyrnn.render import GRU_STEPS, LSTM_STEPS
from tinyrnn.specs import KEYS, spec_of_key

STATIC = Path(page.__file__).parent / "static"


def _data_block(html: str) -> dict[str, object]:
    match = re.search(r'<script type="application/json" id="tinyrnn-data">(.*?)</script>', html, re.S)
    assert match is not None
    data: dict[str, object] = json.loads(match.group(1))
    return data


def test_write_html_writes_one_self_contained_file(tmp_path: Path) -> None:
    target = explainer.write_html(tmp_path / "explainer.html")
    html = target.read_text(encoding="utf-8")
    assert target == tmp_path / "explainer.html"
    assert html.startswith("<!doctype html>")
    # Everything is inline: no stylesheet link, no script src, no marker left.
    assert '<link rel="stylesheet"' not in html
    assert "<script src=" not in html
    assert "tinyrnn:" not in html.replace("tinyrnn-data", "")
    assert "{{DATA}}" not in html
    for name in (*page.SCRIPTS, page.STYLESHEET):
        assert (STATIC / name).read_text(encoding="utf-8") in html, name


def test_the_standalone_policy_allows_exactly_its_inline_blocks() -> None:
    html = explainer.standalone_html()
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert policy is not None
    assert policy.group(1) == page.standalone_csp()
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    script = re.search(r"<script>(.*?)</script>", html, re.S)
    assert style is not None and script is not None
    for text, directive in ((style.group(1), "style-src"), (script.group(1), "script-src")):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in policy.group(1)
    assert "default-src 'none'" in policy.group(1)
    assert "connect-src 'none'" in policy.group(1)
    assert "unsafe" not in policy.group(1)


def test_no_network_and_no_html_injection_in_the_page_sources() -> None:
    """Static checks backing the browser tests: nothing that could fetch, nothing that parses HTML."""
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    for attribute in re.findall(r'(?:src|href|action)="([^"]*)"', html):
        assert attribute in ("data:,", "#stepper") or attribute.startswith("#"), attribute
    sources = {name: (STATIC / name).read_text(encoding="utf-8") for name in (*page.SCRIPTS, page.STYLESHEET)}
    forbidden = (
        "fetch(",
        "XMLHttpRequest",
        "WebSocket",
        "EventSource",
        "sendBeacon",
        "import(",
        "@import",
        "url(",
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        'setAttribute("style"',
    )
    for name, text in sources.items():
        for word in forbidden:
            # url(#arrow) is the diagram's own marker reference, inside the SVG.
            assert word not in text.replace('"url(#arrow)"', ""), (name, word)
        assert "http://" not in text.replace('"http://www.w3.org/2000/svg"', ""), name
        assert "https://" not in text, name


def test_the_data_block_is_generated_from_the_library() -> None:
    data = _data_block(explainer.standalone_html())
    assert data == json.loads(json.dumps(explainer.page_data()))
    slide = {preset["id"]: preset for preset in data["presets"]}["slide"]  # type: ignore[index]
    assert slide["xs"] == [list(examples.X)]
    assert slide["h_prev"] == list(examples.H_PREV)
    assert slide["c_prev"] == list(examples.C_PREV)
    assert slide["cells"]["lstm"] == examples.slide_lstm_cell().params
    for variant in ("colah", "cho2014", "pytorch"):
        assert slide["cells"][f"gru-{variant}"] == examples.slide_gru_cell(variant).params
    cells = data["cells"]
    assert isinstance(cells, dict)
    assert list(cells) == list(KEYS)
    for key, described in cells.items():
        spec = spec_of_key(key)
        assert [w["name"] for w in described["weights"]] == [w.name for w in spec.weights]
        assert [s["formulas"][0]["latex"] for s in described["steps"]] == [s.formulas[0] for s in spec.steps]
        for field, words in zip(described["fields"], spec.fields, strict=True):
            assert field["rule"] == json.loads(json.dumps(spec.to_json()))["fields"][spec.fields.index(words)]["rule"]
            for side in ("when_low", "when_high"):
                if getattr(words, side):  # plain text for the page's story: no LaTeX left, the {k} holes kept
                    assert "\\" not in field[side] and "$" not in field[side] and "{k}" in field[side], field[side]
    assert [s["title"] for s in cells["gru-pytorch"]["steps"]] == [
        {"latex": row[1], "text": to_text(row[1])} for row in GRU_STEPS["pytorch"]
    ]
    assert [s["formulas"][0]["latex"] for s in cells["lstm"]["steps"]] == [row[2][0] for row in LSTM_STEPS]


def test_the_whole_page_weighs_at_most_250_kb() -> None:
    """HTML + JavaScript + CSS + the data block with every description and preset, as one file."""
    size = len(explainer.standalone_html().encode("utf-8"))
    print(f"\nexplainer page: {size} bytes ({size / 1024:.1f} KiB)")
    assert size <= 250 * 1024


def test_the_memory_preset_does_what_its_words_say() -> None:
    """Stores the capital symbol, keeps it through the distractors, shows it on recall (LSTM) / holds it (GRU)."""
    memory = presets.memory_presets()
    for word, sign in (("Abaabab?", 1), ("Baabbab?", -1)):
        xs = [memory["alphabet"][c] for c in word]
        for key, params in memory["cells"].items():
            run = family.from_params(key, params).run(xs)
            state = [step.c[0] for step in run] if key == "lstm" else [step.h[0] for step in run]
            assert all(sign * value > 0.9 for value in state), (key, word, state)
            assert sign * run[-1].h[0] > 0.7
            if key == "lstm":
                assert all(abs(step.h[0]) < 0.01 for step in run[:-1])  # hidden until recalled


def test_the_counting_presets_come_from_the_shipped_files(tmp_path: Path) -> None:
    """The mechanism, on files laid out as tinyrnn.pretrained's format 1 (the real ones ship with issue 19)."""
    assert presets.counting_presets(tmp_path) is None
    lstm = family.build("lstm", 2, 4, seed=1).params
    gru = family.build("gru-colah", 2, 4, seed=2).params
    for name, cell, variant, params in (
        ("counting_lstm.json", "lstm", None, lstm),
        ("counting_gru.json", "gru", "colah", gru),
    ):
        data = {
            "format": 1,
            "cell": cell,
            "variant": variant,
            "params": params,
            "alphabet": ["a", "b"],
            "outputs": ["b", "$"],
        }
        (tmp_path / name).write_text(json.dumps(data))
    found = presets.counting_presets(tmp_path)
    assert found is not None
    assert found["cells"] == {"lstm": lstm, "gru-colah": gru}
    assert found["sequence"] == "aaaabbbb" and found["alphabet"] == {"a": [1.0, 0.0], "b": [0.0, 1.0]}


def test_the_shipped_counting_cells_are_a_preset_when_present() -> None:
    from importlib import resources

    folder = resources.files("tinyrnn") / "pretrained"
    missing = [name for name in presets.PRETRAINED if not (folder / name).is_file()]
    if missing:
        pytest.skip(f"tinyrnn/pretrained/{' and '.join(missing)} not shipped yet (issue 19): no counting preset")
    ids = [preset["id"] for preset in explainer.page_data()["presets"]]
    assert ids == ["slide", "counting", "memory"]


def test_the_data_block_cannot_close_its_script_element() -> None:
    html = explainer.standalone_html()
    block = re.search(r'id="tinyrnn-data">(.*?)</script>', html, re.S)
    assert block is not None
    assert "<" not in block.group(1) and ">" not in block.group(1) and "&" not in block.group(1)


@pytest.mark.parametrize("cell", explainer.CELLS)
def test_the_first_cell_shown_can_be_chosen(cell: str, tmp_path: Path) -> None:
    html = explainer.write_html(tmp_path / "page.html", cell=cell).read_text(encoding="utf-8")
    assert _data_block(html)["start"] == cell


def test_write_html_rejects_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"path must be a str or os\.PathLike, got int 3"):
        explainer.write_html(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"cell must be one of 'lstm', 'gru-colah'.*got 'gru'"):
        explainer.write_html(tmp_path / "x.html", cell="gru")
    with pytest.raises(TypeError, match=r"cell must be one of .* got None"):
        explainer.write_html(tmp_path / "x.html", cell=None)  # type: ignore[arg-type]


def test_the_served_table_is_fixed() -> None:
    table = page.served_files()
    assert sorted(table) == sorted(["/", f"/{page.STYLESHEET}", *(f"/{name}" for name in page.SCRIPTS)])
    html = table["/"][0].decode()
    for name in page.SCRIPTS:
        assert f'<script src="{name}"></script>' in html
    assert table["/"][1] == "text/html; charset=utf-8"
    assert table["/app.js"][1] == "text/javascript; charset=utf-8"


# The command line ------------------------------------------------------------------


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tinyrnn", "explainer", "--no-browser", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def _get(port: int, path: str = "/") -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def _stop(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=20)
    return process.returncode, stdout, stderr


def test_the_command_serves_on_a_random_port_and_stops_cleanly_on_ctrl_c() -> None:
    process = _start()
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.fullmatch(r"RNN Explainer at http://127\.0\.0\.1:(\d+)/  \(Ctrl-C to stop\)\n", line)
    assert match is not None, line
    port = int(match.group(1))
    assert _get(port).status == 200
    assert _get(port, "/app.js").status == 200
    returncode, stdout, stderr = _stop(process)
    assert returncode == 0
    assert stdout.strip() == "RNN Explainer stopped."
    assert stderr == ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_the_command_uses_the_given_port() -> None:
    port = _free_port()
    process = _start("--port", str(port))
    assert process.stdout is not None
    assert f"http://127.0.0.1:{port}/" in process.stdout.readline()
    assert _get(port).status == 200
    assert _stop(process)[0] == 0


def test_a_taken_port_is_a_one_line_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "tinyrnn", "explainer", "--no-browser", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"tinyrnn: error: cannot listen on 127.0.0.1:{port}: ")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("value", "message"),
    [("abc", "--port must be an integer from 0 to 65535, got 'abc'"), ("70000", "got 70000"), ("-1", "got -1")],
)
def test_bad_ports_are_one_line_errors(value: str, message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tinyrnn", "explainer", "--port", value],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_the_command_is_in_the_help() -> None:
    result = subprocess.run([sys.executable, "-m", "tinyrnn", "--help"], capture_output=True, text=True, check=True)
    assert "explainer" in result.stdout
    result = subprocess.run(
        [sys.executable, "-m", "tinyrnn", "explainer", "--help"], capture_output=True, text=True, check=True
    )
    assert "--no-browser" in result.stdout
    assert "--port" in result.stdout


def test_serve_opens_the_browser_on_its_url(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    stop = threading.Event()

    def fake_open(url: str) -> bool:
        opened.append(url)
        stop.set()
        return True

    announced: list[str] = []
    monkeypatch.setattr(webbrowser, "open", fake_open)
    server.serve(0, open_browser=True, announce=announced.append, stop=stop)
    assert len(opened) == 1
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", opened[0])
    assert announced == [f"RNN Explainer at {opened[0]}  (Ctrl-C to stop)"]


def test_serve_without_a_browser_opens_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(webbrowser, "open", lambda url: pytest.fail(f"opened {url}"))
    stop = threading.Event()
    announced: list[str] = []

    def announce(line: str) -> None:
        announced.append(line)
        stop.set()

    server.serve(0, open_browser=False, announce=announce, stop=stop)
    assert len(announced) == 1


def test_the_wheel_ships_the_static_files(tmp_path: Path) -> None:
    """The page's files are package data: a built wheel holds every one of them."""
    import zipfile

    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path), str(root)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("tinyrnn-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("index.html", page.STYLESHEET, *page.SCRIPTS):
        assert f"tinyrnn/explainer/static/{name}" in names, name
