"""The docs build offline with -W, and every page shows numbers produced by tinyrnn.

Skipped (with the reason) only when Sphinx is not installed; CI installs the
``docs`` extra, so there it always runs.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sphinx", reason="Sphinx is not installed: pip install -e '.[docs]' (CI installs it)")
pytest.importorskip("myst_parser", reason="myst-parser is not installed: pip install -e '.[docs]'")

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["index", "api", "explainer"]


@pytest.fixture(scope="session")
def built_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs") / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(ROOT / "docs"), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


def test_every_page_exists(built_docs: Path) -> None:
    for page in PAGES:
        assert (built_docs / f"{page}.html").exists(), page


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
    index = (built_docs / "index.html").read_text(encoding="utf-8")
    assert "<math" in index
    assert not re.search(r"<script[^>]*(mathjax|katex)", index, re.I)


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
