"""Open built docs pages in headless Chromium: screenshots, outside requests, overflow.

    python scripts/docs_browser.py docs/_build/html lstm conventions --out test-artifacts/screenshots

serves the built site on 127.0.0.1 (a free port), opens each page at a
1280-px and a 390-px wide viewport, saves a full-page screenshot of each
(``<page>-<width>.png``, and screen-sized parts ``<page>-<width>-<n>.png``)
and prints, per page and width, the requests that left the site, whether
the page is wider than the viewport, which elements stick out of it, and
whether every ``<math>`` element was laid out. Exit
status 1 if any page loaded something from outside or overflowed.

``tests/test_docs.py`` uses :func:`inspect_pages` for the same checks.
Needs ``pip install -e '.[browser]'`` (the ``playwright`` package) and
Debian's ``chromium`` (``/usr/bin/chromium``; ``playwright install`` cannot
download browsers here).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = (1280, 390)
SLICE = 1200  # px: the height of each part screenshot
MIN_FIGURE_TEXT = 11  # px: the smallest text a figure may show on a phone

# Text, images, math, tables and code of the article that reach past its right edge, unless they sit in a box
# (inside the article) that scrolls sideways, like a wide table or a code block. Content cut off by an
# `overflow: hidden` box counts as overflowing: the reader cannot see it.
_OVERFLOW_JS = """
() => {
  const article = document.querySelector('article');
  const viewport = document.documentElement.clientWidth;
  const edge = Math.min(article.getBoundingClientRect().right, viewport);
  const scrolls = (el) => {
    for (let p = el; p && p !== article; p = p.parentElement) {
      const s = getComputedStyle(p);
      if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && p.getBoundingClientRect().right <= viewport)
        return true;
    }
    return false;
  };
  const name = (el) =>
    el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className ? '.' + el.className : '');
  const out = [];
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || getComputedStyle(el).visibility === 'hidden') continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if (Array.from(range.getClientRects()).some(r => r.width > 0 && r.right > edge + 1) && !scrolls(el))
      out.push(name(el) + ': ' + node.textContent.trim().slice(0, 40));
  }
  for (const el of article.querySelectorAll('img, svg, math, table, pre, video, iframe')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > edge + 1 && !scrolls(el)) out.push(name(el));
  }
  const wide = Array.from(article.querySelectorAll('.table-wrapper, pre, div.math'))
    .filter(el => el.scrollWidth > el.clientWidth + 1).length;
  return {pageWidth: document.documentElement.scrollWidth, viewport, outside: out.slice(0, 10), wide};
}
"""

# Issue 16: a table, code block or figure whose content is wider than its box with no box that scrolls
# sideways around it (the content is cut off or spills out); and, listed apart, the tables and code blocks
# that need sideways scrolling at all (none may at 1280 px).
_BOXES_JS = """
() => {
  const article = document.querySelector('article');
  const column = article.getBoundingClientRect();
  const viewport = document.documentElement.clientWidth;
  const scroller = (el) => {
    for (let p = el; p && p !== article; p = p.parentElement) {
      const s = getComputedStyle(p).overflowX;
      if (s === 'auto' || s === 'scroll') return p;
    }
    return null;
  };
  const name = (el) => el.tagName.toLowerCase()
    + (typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '')
    + ': ' + (el.textContent || el.getAttribute('alt') || '').trim().slice(0, 50);
  const clipped = [], scrolling = [];
  const figures = Array.from(article.querySelectorAll('svg, img')).filter(el => el.getBoundingClientRect().width > 100);
  for (const el of [...article.querySelectorAll('table, pre'), ...figures]) {
    const r = el.getBoundingClientRect();
    if (r.width === 0) continue;
    const box = scroller(el);
    const own = getComputedStyle(el).overflowX;
    const wider = el.scrollWidth > el.clientWidth + 1 || r.right > column.right + 1;
    if ((own === 'hidden' || own === 'clip') && el.scrollWidth > el.clientWidth + 1) clipped.push(name(el));
    else if (wider && !box) clipped.push(name(el));
    else if (box && box.getBoundingClientRect().right > viewport + 1) clipped.push(name(el));
    if (box && box.scrollWidth > box.clientWidth + 1 && el.tagName !== 'svg' && el.tagName !== 'IMG')
      scrolling.push(name(el));
  }
  return {clipped: clipped.slice(0, 10), scrolling: Array.from(new Set(scrolling)).slice(0, 10)};
}
"""

# The smallest text of each figure (an inline SVG or an SVG image) as the reader sees it, in CSS pixels.
_FIGURE_TEXT_JS = r"""
async () => {
  const article = document.querySelector('article');
  const out = [];
  const sizes = (doc, width) => {
    const svg = doc.documentElement || doc;
    const box = (svg.getAttribute('viewBox') || '').split(/[ ,]+/).map(Number);
    const units = box.length === 4 ? box[2] : Number(svg.getAttribute('width'));
    let smallest = Infinity;
    for (const text of svg.querySelectorAll('text')) {
      if (!text.textContent.trim()) continue;
      let size = null;
      for (let p = text; p && size === null; p = p.parentElement) {
        const style = p.getAttribute && (p.getAttribute('style') || '').match(/font-size:\s*([\d.]+)/);
        const attr = p.getAttribute && (p.getAttribute('font-size') || (style && style[1]));
        if (attr) size = parseFloat(attr);
      }
      smallest = Math.min(smallest, (size === null ? 16 : size) * width / units);
    }
    return smallest;
  };
  for (const svg of article.querySelectorAll('svg')) {
    const width = svg.getBoundingClientRect().width;
    if (width <= 100 || svg.closest('a, button')) continue;
    const px = sizes(svg, width);
    if (px !== Infinity) out.push([svg.querySelector('title')?.textContent || 'svg', px]);
  }
  for (const img of article.querySelectorAll('img')) {
    const width = img.getBoundingClientRect().width;
    if (width <= 100 || !img.src.endsWith('.svg')) continue;
    const doc = new DOMParser().parseFromString(await (await fetch(img.src)).text(), 'image/svg+xml');
    const px = sizes(doc, width);
    if (px !== Infinity) out.push([img.getAttribute('alt') || img.src, px]);
  }
  return out;
}
"""

_MATH_JS = """
() => Array.from(document.querySelectorAll('math')).map(m => {
  const r = m.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && m.namespaceURI === 'http://www.w3.org/1998/Math/MathML';
})
"""


@dataclass
class PageReport:
    """What one page showed at one viewport width."""

    page: str
    width: int
    screenshot: Path | None
    outside_requests: list[str] = field(default_factory=list)
    page_width: int = 0
    overflowing: list[str] = field(default_factory=list)
    math_total: int = 0
    math_laid_out: int = 0
    scrolling_boxes: int = 0  # tables, code blocks and equations that scroll sideways (allowed; worth a look)
    clipped: list[str] = field(default_factory=list)  # a table, code block or figure cut off or spilling out
    scrolling: list[str] = field(default_factory=list)  # tables and code blocks that need sideways scrolling
    figure_text: list[tuple[str, float]] = field(default_factory=list)  # each figure's smallest text, in px

    @property
    def ok(self) -> bool:
        return (
            not self.outside_requests
            and self.page_width <= self.width
            and not self.overflowing
            and not self.clipped
            and not (self.width >= 1280 and self.scrolling)
            and not (self.width <= 390 and any(px < MIN_FIGURE_TEXT for _, px in self.figure_text))
        )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the name of the overridden parameter
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 at a free port for the duration of the block; yield its origin."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def inspect_pages(
    site: Path, pages: Sequence[str], widths: Sequence[int] = WIDTHS, out: Path | None = None
) -> list[PageReport]:
    """Open every page at every width; screenshots go to ``out`` when it is given."""
    from playwright.sync_api import sync_playwright

    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    with serve(site) as origin, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            reports = [_inspect(browser, origin, name, width, out) for name in pages for width in widths]
        finally:
            browser.close()
    return reports


def _inspect(browser: Any, origin: str, page_name: str, width: int, out: Path | None) -> PageReport:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    report = PageReport(page_name, width, None)

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith((origin + "/", "data:", "blob:", "about:")):
            request_route.continue_()
        else:
            report.outside_requests.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.goto(f"{origin}/{page_name}.html", wait_until="load")
    overflow = page.evaluate(_OVERFLOW_JS)
    report.page_width, report.overflowing = overflow["pageWidth"], overflow["outside"]
    report.scrolling_boxes = overflow["wide"]
    boxes = page.evaluate(_BOXES_JS)
    report.clipped, report.scrolling = boxes["clipped"], boxes["scrolling"]
    report.figure_text = [(title, round(px, 1)) for title, px in page.evaluate(_FIGURE_TEXT_JS)]
    laid_out = page.evaluate(_MATH_JS)
    report.math_total, report.math_laid_out = len(laid_out), sum(laid_out)
    if out is not None:
        report.screenshot = out / f"{page_name}-{width}.png"
        page.screenshot(path=str(report.screenshot), full_page=True)
        height = page.evaluate("document.documentElement.scrollHeight")
        for n, top in enumerate(range(0, height, SLICE)):  # screen-sized parts, easier to look at
            clip = {"x": 0, "y": top, "width": width, "height": min(SLICE, height - top)}
            page.screenshot(path=str(out / f"{page_name}-{width}-{n + 1}.png"), full_page=True, clip=clip)
    context.close()
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built HTML directory, e.g. docs/_build/html")
    parser.add_argument("pages", nargs="+", help="page names without .html, e.g. lstm conventions")
    parser.add_argument("--out", type=Path, default=Path("test-artifacts/screenshots"))
    args = parser.parse_args(argv)
    reports = inspect_pages(args.site, args.pages, WIDTHS, args.out)
    for r in reports:
        print(
            f"{r.page:14} {r.width:5} px  page width {r.page_width:5}  math laid out {r.math_laid_out}/{r.math_total}"
            f"  outside requests {len(r.outside_requests)}  boxes scrolling sideways {r.scrolling_boxes}"
            f"  overflowing {r.overflowing or 'none'}  -> {r.screenshot}"
        )
        for label, items in (("clipped", r.clipped), ("scrolls sideways", r.scrolling)):
            for item in items:
                print(f"    {label}: {item}")
        for title, px in r.figure_text:
            print(f"    figure text {px} px: {title[:60]}")
        for url in r.outside_requests:
            print(f"    outside: {url}")
    return 0 if all(r.ok for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
