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
PAGES = ["index", "api", "performance"]


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


def test_the_performance_page_shows_the_committed_benchmark_results(built_docs: Path) -> None:
    import json

    page = (built_docs / "performance.html").read_text(encoding="utf-8")
    goals = json.loads((ROOT / "benchmarks" / "results" / "goals.json").read_text(encoding="utf-8"))
    assert goals["machine"]["date"] in page
    assert "<svg" in page and "<polyline" in page
    assert "The goals of issue 8" in page
    assert "def make_gru_colah_2x1(weights):" in _text(page)
