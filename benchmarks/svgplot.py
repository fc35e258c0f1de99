"""A log-log line plot as a standalone SVG string, with the standard library only.

    svg = loglog({"tinyrnn": {3: 4.1, 8: 12.0}, "NumPy": {3: 5.0, 8: 5.2}},
                 title="One LSTM step", xlabel="H = I", ylabel="µs per step",
                 marks=[(21.5, "NumPy faster from H ≈ 21.5")])

Decade grid lines, the measured x values as ticks, one colour and marker per
series, optional vertical marks (the crossovers), a legend. No scripts, no
external resources: the SVG can be inlined in an HTML page.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 760, 460
LEFT, RIGHT, TOP, BOTTOM = 70, 250, 40, 50
COLOURS = ("#1b6ac9", "#d1495b", "#2a9d8f", "#8e5ea2", "#e9a03b", "#555555", "#7cae00", "#c2185b", "#00838f")
DASHES = ("", "6 3", "2 3", "8 3 2 3")


def loglog(
    series: Mapping[str, Mapping[float, float]],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    marks: Sequence[tuple[float, str]] = (),
    narrow: bool = False,
) -> str:
    """The plot as an SVG string; ``narrow=True`` lays it out for a phone: 360 units wide, the legend
    stacked below the plot, so that shown at a phone's width its text is still 12 px."""
    rows = len(series) + len(marks)  # the legend's rows when it is stacked below the plot
    WIDTH, HEIGHT, LEFT, RIGHT = (360, 330 + 20 * rows, 52, 12) if narrow else (760, 460, 70, 250)
    plot_bottom = 260 if narrow else HEIGHT - BOTTOM
    xs = sorted({x for points in series.values() for x in points})
    ys = [y for points in series.values() for y in points.values() if y > 0]
    x0, x1 = math.log10(xs[0]), math.log10(xs[-1])
    if x1 == x0:
        x0, x1 = x0 - 0.5, x1 + 0.5
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    if y1 == y0:
        y1 += 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, plot_bottom - TOP

    def px(x: float) -> float:
        return LEFT + (math.log10(x) - x0) / (x1 - x0) * plot_w

    def py(y: float) -> float:
        return TOP + plot_h - (math.log10(y) - y0) / (y1 - y0) * plot_h

    size = f'width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}"'
    fit = 'style="max-width: 100%; height: auto"'  # shrinks to a phone's width when inlined in a page
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" {size} font-family="sans-serif" font-size="12" role="img" {fit}>',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{4 if narrow else LEFT}" y="{TOP - 15}" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    for decade in range(y0, y1 + 1):
        y = py(10.0**decade)
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" stroke="#dddddd"/>')
        out.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{_number(10.0**decade)}</text>')
    for x in xs:
        X = px(x)
        out.append(f'<line x1="{X:.1f}" y1="{TOP}" x2="{X:.1f}" y2="{TOP + plot_h}" stroke="#eeeeee"/>')
        out.append(f'<text x="{X:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">{_number(x)}</text>')
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#333333"/>')
    out.append(
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{plot_bottom + 40}" text-anchor="middle">'
        f"{escape(xlabel)} (log scale)</text>"
    )
    out.append(
        f'<text transform="translate(18 {TOP + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle">'
        f"{escape(ylabel)} (log scale)</text>"
    )
    for k, (x, label) in enumerate(marks):
        if xs[0] <= x <= xs[-1]:
            X = px(x)
            line = f'<line x1="{X:.1f}" y1="{TOP}" x2="{X:.1f}" y2="{TOP + plot_h}"'
            out.append(line + ' stroke="#999999" stroke-dasharray="4 4"/>')
            if narrow:  # the label goes below the plot, after the series
                ly = plot_bottom + 65 + 20 * (len(series) + k)
                out.append(f'<line x1="10" y1="{ly}" x2="34" y2="{ly}" stroke="#999999" stroke-dasharray="4 4"/>')
                out.append(f'<text x="40" y="{ly + 4}" fill="#555555">{escape(label)}</text>')
            else:
                out.append(f'<text x="{X + 4:.1f}" y="{TOP + 14 + 14 * k}" fill="#555555">{escape(label)}</text>')
    for k, (name, points) in enumerate(series.items()):
        colour, dash = COLOURS[k % len(COLOURS)], DASHES[k % len(DASHES)]
        coords = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in sorted(points.items()) if y > 0)
        style = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"{style}/>')
        for x, y in sorted(points.items()):
            if y > 0:
                out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{colour}"/>')
        ly, lx = (plot_bottom + 65 + 20 * k, 10) if narrow else (TOP + 10 + 20 * k, LEFT + plot_w + 15)
        out.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 24}" y2="{ly}" stroke="{colour}" stroke-width="2"{style}/>')
        out.append(f'<text x="{lx + 30}" y="{ly + 4}">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _number(value: float) -> str:
    return f"{value:g}" if value < 1e5 else f"1e{round(math.log10(value))}"


def crossover(mine: Mapping[float, float], other: Mapping[float, float]) -> float | None:
    """The first H where ``other`` becomes faster than ``mine``, interpolated on the log-log lines.

    ``None`` if ``other`` is never faster at the measured sizes; the smallest
    size if it is faster from the start.
    """
    sizes = sorted(set(mine) & set(other))
    previous = None
    for H in sizes:
        gap = math.log(mine[H] / other[H])  # > 0: the other one is faster
        if gap > 0:
            if previous is None:
                return H
            h0, g0 = previous
            return math.exp(math.log(h0) + (0 - g0) * (math.log(H) - math.log(h0)) / (gap - g0))
        previous = (H, gap)
    return None
