"""Screenshots of the RNN Explainer for its docs page, at 1280 × 900 and 390 × 844.

    python scripts/explainer_screens.py          # writes docs/_static/explainer-screens/*.png

Three views, each at both sizes: the default view (the slide example), the
cell over time (the counting preset when tinyrnn ships the trained counting
cells, the memory-task preset otherwise), and two cells compared. Needs the
browser extra and Chromium (as the browser tests).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from tinyrnn.explainer import presets
from tinyrnn.explainer.server import running

OUT = Path(__file__).resolve().parents[1] / "docs" / "_static" / "explainer-screens"
SIZES = ((1280, 900), (390, 844))


def over_time(page: Any) -> None:
    page.select_option("#preset", "counting" if presets.counting_presets() else "memory")
    page.click("#later")
    page.click("#later")
    page.click("#later")
    page.eval_on_selector("#overtime", "e => e.scrollIntoView({block: 'start'})")


def compare(page: Any) -> None:
    page.select_option("#compare", "gru-colah")
    page.click("#next")
    page.click("#next")
    page.eval_on_selector("#views", "e => e.scrollIntoView({block: 'start'})")


def default(page: Any) -> None:
    """The page as it opens: the slide example, step 1."""


VIEWS = {"default": default, "over-time": over_time, "compare": compare}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with running() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for name, prepare in VIEWS.items():
            for width, height in SIZES:
                context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
                page = context.new_page()
                page.goto(server.url)
                prepare(page)
                page.wait_for_timeout(200)
                target = OUT / f"{name}-{width}.png"
                page.screenshot(path=str(target))
                print(target.relative_to(OUT.parents[2]))
                context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
