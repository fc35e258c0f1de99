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
PAGES = ["index", "api", "exercises", "exam-reference"]


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
            ROOT / "src" / "tinyrnn" / "reference" / name
        ).read_bytes()
    text = _text(html)
    assert "def lstm_step(params, x, h_prev, c_prev):" in text.replace("&quot;", '"')
    assert "def gru_step(params, x, h_prev):" in text
    assert "f = [0.65, 0.42, 0.78]" in text and "r = [0.58, 0.73, 0.45]" in text  # the slides' numbers, printed
    assert "copybutton" in html
