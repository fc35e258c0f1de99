"""The LSTM-vs-GRU study's figures: standalone SVG text computed from the results JSON, stdlib only.

:func:`figures` returns ``{name: SVG text}``; the same results give byte-identical
SVGs (the intervals are seeded bootstraps). Every figure is 400 units wide with
its panels stacked, text of at least 13 units: shown at a phone's width it stays
readable. One colour per arm throughout (:data:`ARM_COLOURS`, the Okabe–Ito
colour-blind-safe palette).

* ``battery``: per battery task, the test score of every seed (faint dots) and
  the mean with its 95% bootstrap interval, for every arm run on it; the solved
  threshold dashed, runs solved as ``k/n``.
* ``forget``: the same for the LSTM variants (no forget gate, b_f = 1, coupled
  gates, peepholes) on the long tasks.
* ``size``: score against the number of training sequences (log scale), LSTM
  and GRU: the mean with its interval per size, every seed as a faint dot.
* ``tuning``: learning rate × initial scale, one heat map per cell, coloured by
  the share of seeds that solved the task (``7/10`` printed in each square).
* ``counting``: (A) the largest n recognised per run, per language, loss and
  cell, with the training lengths shaded; (B, C) why: the shipped LSTM's
  counting component of C_t and every component of the shipped GRU's h_t on a
  word twice as long as any trained on.
* ``vanishing``: ‖∂L/∂h_t‖ against the lag T − t (log scale), mean over seeds,
  for the tanh RNN, the LSTM and the GRU, at initialisation and after training.
* ``timing``: seconds per epoch over the LSTM's median, each timed round and the
  median, against the 3/4 ratio of the cells' multiply-adds.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

import study_report
from study_stats import bootstrap_mean
from tinyrnn.family import from_params
from tinyrnn.tasks import counting_word

WIDTH = 400
SIZE = 13  # every label, tick and legend
TITLE_SIZE = 15  # panel titles
LINE = 18  # one line of 13-unit text
INK, MUTED, GRID, SHADE = "#222222", "#555555", "#e3e3e3", "#ececec"
REFERENCE = "#777777"  # the dashed reference lines

#: One colour per arm, in every figure (Okabe & Ito's palette; the peephole LSTM in Tol's wine).
ARM_COLOURS: dict[str, str] = {
    "LSTM": "#0072B2",
    "GRU": "#D55E00",
    "GRU, equal parameters": "#E69F00",
    "LSTM b_f=1": "#56B4E9",
    "LSTM coupled": "#009E73",
    "LSTM no forget gate": "#CC79A7",
    "LSTM peepholes": "#882255",
    "RNN": "#000000",
}
#: Line styles of the line plots, so that the arms differ without colour too.
ARM_DASHES: dict[str, str] = {"LSTM": "", "GRU": "7 4", "RNN": "2 3", "LSTM b_f=1": "10 3 2 3"}
#: Labels that would not fit the label column of a 400-unit figure.
SHORT: dict[str, str] = {"GRU, equal parameters": "GRU, equal params"}

FORGET_ARMS = ("LSTM", "LSTM no forget gate", "LSTM b_f=1", "LSTM coupled", "LSTM peepholes")
SIZE_ARMS = ("LSTM", "GRU")
VANISHING_ARMS = ("RNN", "LSTM", "GRU")
TIMING_ARMS = ("LSTM", "GRU", "GRU, equal parameters")
MULTIPLY_ADDS = 0.75  # a GRU step's multiply-adds over an LSTM's: three gate blocks against four
JITTER = (0.0, -2.5, 2.5, -5.0, 5.0)  # vertical offsets of the seeds' dots in a row, so that ties stay visible


def colour(arm: str) -> str:
    """The arm's colour (dark grey for an arm not in :data:`ARM_COLOURS`)."""
    return ARM_COLOURS.get(arm, "#444444")


def label(arm: str) -> str:
    """The arm's name as drawn (:data:`SHORT` where it would not fit)."""
    return SHORT.get(arm, arm)


# Text and numbers --------------------------------------------------------------------------------------

_NARROW, _WIDE = set(" .,:;'|!ijlI()[]/"), set("mwMW—%")


def text_width(text: str, size: float = SIZE, bold: bool = False) -> float:
    """An upper estimate of the text's width in DejaVu Sans (wider than phones' fonts), for the layout."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.32
        elif ch in "frt":
            em += 0.42
        elif ch in _WIDE:
            em += 0.95
        elif ch.isupper():
            em += 0.72
        else:
            em += 0.63
    return em * size * (1.08 if bold else 1.0)


def wrap(text: str, width: float, size: float = SIZE) -> list[str]:
    """The text broken at spaces into lines of at most ``width`` units (by :func:`text_width`)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def number(value: float) -> str:
    """A tick label: ``0.25``, ``10``, ``−1`` (a true minus sign)."""
    return f"{value:g}".replace("-", "−")


def power_of_ten(exponent: int) -> str:
    """``10^k`` as SVG text markup, the exponent raised (and still 13 units)."""
    return f'10<tspan dy="-6" font-size="{SIZE}">{number(exponent)}</tspan>'


def _step(span: float, count: int) -> float:
    """The round step (1, 2, 2.5, 5 × 10^k) that cuts ``span`` into at most about ``count`` parts."""
    raw = span / max(count, 1)
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))


def nice_range(low: float, high: float, count: int = 5) -> tuple[float, float]:
    """``[low, high]`` widened to round steps (at least 1 wide if the two are equal)."""
    if not high > low:
        low, high = low - 0.5, high + 0.5
    step = _step(high - low, count)
    return math.floor(low / step + 1e-3) * step, math.ceil(high / step - 1e-3) * step  # 0.1% of a step: no wider


def ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round values from ``low`` to ``high``, about ``count`` steps."""
    if not high > low:
        return [low]
    step = _step(high - low, count)
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    return [round(k * step, 10) for k in range(first, last + 1)]


def _f(value: float) -> str:
    """A coordinate, to a tenth of a unit."""
    return f"{value:.1f}"


# Drawing -----------------------------------------------------------------------------------------------


class Drawing:
    """SVG elements in drawing order; :meth:`svg` wraps them in the figure's ``<svg>``."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        size: int = SIZE,
        anchor: str = "start",
        bold: bool = False,
        fill: str = INK,
        markup: bool = False,
        rotate: bool = False,
    ) -> None:
        """Text at baseline ``y`` (``markup``: ``content`` is already SVG; ``rotate``: vertical, reading up)."""
        body = content if markup else escape(content)
        place = f'transform="translate({_f(x)} {_f(y)}) rotate(-90)"' if rotate else f'x="{_f(x)}" y="{_f(y)}"'
        extra = (f' text-anchor="{anchor}"' if anchor != "start" else "") + (' font-weight="bold"' if bold else "")
        extra += f' fill="{fill}"' if fill != INK else ""
        self.parts.append(f'<text {place} font-size="{size}"{extra}>{body}</text>')

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1.0, dash: str = "") -> None:
        """A straight line (``dash``: an SVG dash pattern)."""
        style = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" stroke="{stroke}" '
            f'stroke-width="{width:g}"{style}/>'
        )

    def circle(self, x: float, y: float, r: float, fill: str, opacity: float = 1.0, outline: bool = False) -> None:
        """A dot (``outline``: a white ring, to stand out over faint dots)."""
        extra = f' fill-opacity="{opacity:g}"' if opacity < 1 else ""
        extra += ' stroke="white" stroke-width="1.2"' if outline else ""
        self.parts.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{r:g}" fill="{fill}"{extra}/>')

    def rect(
        self, x: float, y: float, w: float, h: float, fill: str, stroke: str = "none", opacity: float = 1.0
    ) -> None:
        """A rectangle from its top-left corner (``stroke="none"``: no outline)."""
        extra = f' stroke="{stroke}"' if stroke != "none" else ""
        extra += f' fill-opacity="{opacity:g}"' if opacity < 1 else ""
        self.parts.append(f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}" fill="{fill}"{extra}/>')

    def polyline(self, points: Sequence[tuple[float, float]], stroke: str, width: float = 2.0, dash: str = "") -> None:
        """A line through ``points``."""
        coords = " ".join(f"{_f(x)},{_f(y)}" for x, y in points)
        style = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{stroke}" stroke-width="{width:g}" '
            f'stroke-linejoin="round"{style}/>'
        )

    def svg(self, title: str, desc: str, height: float) -> str:
        """The complete figure, ``height`` units tall (rounded up)."""
        h = math.ceil(height)
        size = f'viewBox="0 0 {WIDTH} {h}" width="{WIDTH}" height="{h}"'
        head = [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" {size} font-family="sans-serif" font-size="{SIZE}">',
            f"<title>{escape(title)}</title>",
            f"<desc>{escape(desc)}</desc>",
            f'<rect x="0" y="0" width="{WIDTH}" height="{h}" fill="white"/>',
        ]
        return "\n".join([*head, *self.parts, "</svg>"]) + "\n"


@dataclass(frozen=True)
class Scale:
    """Data values to SVG units: ``transform`` (identity, log10, …) then linear from [low, high] to [start, end].

    Values outside the range are drawn at its edge (nothing leaves the panel).
    """

    low: float
    high: float
    start: float
    end: float
    transform: Callable[[float], float] = float

    def __call__(self, value: float) -> float:
        """The SVG coordinate of ``value``."""
        t0, t1 = self.transform(self.low), self.transform(self.high)
        t = min(max(self.transform(value), t0), t1)
        return self.start + (t - t0) / (t1 - t0) * (self.end - self.start)


def log10_or_floor(value: float) -> float:
    """log10, with −∞ for 0 and below (a :class:`Scale` then draws it at its low edge)."""
    return math.log10(value) if value > 0 else -math.inf


def log10_one_plus(value: float) -> float:
    """log10(1 + n): a log scale that has room for n = 0."""
    return math.log10(1 + max(value, 0.0))


def spaced(values: Sequence[float], scale: Scale, gap: float) -> list[float]:
    """The tick values whose labels are at least ``gap`` units apart (the first and last kept)."""
    kept: list[float] = []
    for v in values:
        if not kept or abs(scale(v) - scale(kept[-1])) >= gap:
            kept.append(v)
        elif v == values[-1]:
            kept[-1] = v
    return kept


def legend(d: Drawing, top: float, entries: Sequence[tuple[str, str, str]]) -> float:
    """Legend lines from ``top``: ``(glyph, colour, text)``, one entry a line (long texts wrapped); the new top.

    Glyphs: ``seed`` (faint dot), ``mean`` (dot and bar), ``median`` (bold tick), ``line`` / ``line:<dash>``,
    ``solved`` (dashed vertical), ``rule`` (solid vertical), ``shade`` (grey square), ``swatch`` (square of the
    colour), ``""`` (none).
    """
    y = top
    for glyph, fill, words in entries:
        cy = y + LINE / 2
        if glyph == "seed":
            for dx in (-6.0, 0.0, 6.0):
                d.circle(22 + dx, cy, 3, fill, 0.4)
        elif glyph == "mean":
            d.line(8, cy, 36, cy, fill, 2.5)
            d.circle(22, cy, 4.5, fill, outline=True)
        elif glyph == "median":
            d.line(22, cy - 7, 22, cy + 7, fill, 3)
        elif glyph.startswith("line"):
            d.line(8, cy, 36, cy, fill, 2.5, glyph.partition(":")[2])
        elif glyph in ("solved", "rule"):
            d.line(22, cy - 8, 22, cy + 8, fill, 1.5, "4 3" if glyph == "solved" else "")
        elif glyph in ("shade", "swatch"):
            d.rect(14, cy - 7, 16, 14, fill, "#bbbbbb" if glyph == "shade" else "none")
        for row in wrap(words, WIDTH - 48):
            d.text(44, y + 13, row)
            y += LINE
    return y + 4


def no_data(d: Drawing, top: float, what: str) -> float:
    """A line saying that the results hold no ``what``; the new top."""
    d.text(8, top + 18, f"No {what} in these results.", fill=MUTED)
    return top + 30


# A panel of rows: one row per arm, values along x --------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One row of a :func:`rows_panel`: faint dots, a centre (mean dot or median tick) with an interval, a note.

    A ``heading`` row has only its label, bold, across the panel.
    """

    label: str
    colour: str = INK
    dots: Sequence[float] = ()
    centre: float | None = None
    low: float | None = None
    high: float | None = None
    note: str = ""
    median: bool = False
    heading: bool = False


ROW = 18  # height of a row


def widths(rows: Sequence[Row]) -> tuple[float, float]:
    """The widths of the label column and the note column that ``rows`` need."""
    label_width = max((text_width(r.label) for r in rows if not r.heading), default=0.0)
    return label_width, max((text_width(r.note) for r in rows), default=0.0)


def rows_panel(
    d: Drawing,
    top: float,
    *,
    title: str,
    rows: Sequence[Row],
    make_scale: Callable[[float, float], Scale],
    tick_values: Sequence[float],
    tick_label: Callable[[float], str] = number,
    axis_label: str = "",
    references: Sequence[tuple[float, str]] = (),
    shade: tuple[float, float] | None = None,
    tick_gap: float = 0.0,
    columns: tuple[float, float] | None = None,
) -> float:
    """Rows of dots against a shared x axis, labels on the left, notes on the right; the new top.

    ``make_scale(start, end)`` gives the x scale once the label and note columns are measured;
    ``references``: ``(value, dash)`` vertical lines across the rows; ``shade``: an x interval greyed;
    ``tick_gap``: drop the ticks whose labels would come closer than this; ``columns``: the label and note
    columns' widths (:func:`columns`; default: this panel's), so that stacked panels share their x axis.
    """
    y = top
    if title:
        d.text(4, y + 15, title, size=TITLE_SIZE, bold=True)
        y += 24
    label_width, note_width = columns or widths(rows)
    left = 8 + label_width + 8
    right = WIDTH - 10 - (note_width + 8 if note_width else 0)
    scale = make_scale(left + 6, right - 6)
    if tick_gap:
        tick_values = spaced(tick_values, scale, tick_gap)
    plot_top, plot_bottom = y, y + sum(ROW + (4 if r.heading else 0) for r in rows) + 4
    if shade is not None:
        d.rect(scale(shade[0]), plot_top, scale(shade[1]) - scale(shade[0]), plot_bottom - plot_top, SHADE)
    for v in tick_values:
        d.line(scale(v), plot_top, scale(v), plot_bottom, GRID)
    for value, dash in references:
        d.line(scale(value), plot_top, scale(value), plot_bottom, REFERENCE, 1.5, dash)
    d.line(left, plot_bottom, right, plot_bottom, MUTED)
    y = plot_top + 2
    for row in rows:
        if row.heading:
            d.text(4, y + 16, row.label, bold=True)
            y += ROW + 4
            continue
        cy = y + ROW / 2
        d.text(left - 8, cy + 4.5, row.label, anchor="end")
        for k, value in enumerate(row.dots):
            d.circle(scale(value), cy + JITTER[k % len(JITTER)], 2.8, row.colour, 0.4)
        if row.low is not None and row.high is not None:
            d.line(scale(row.low), cy, scale(row.high), cy, row.colour, 2.5)
        if row.centre is not None:
            if row.median:
                d.line(scale(row.centre), cy - 7, scale(row.centre), cy + 7, row.colour, 3)
            else:
                d.circle(scale(row.centre), cy, 4.5, row.colour, outline=True)
        if row.note:
            d.text(right + 8, cy + 4.5, row.note, fill=MUTED)
        y += ROW
    for v in tick_values:
        d.line(scale(v), plot_bottom, scale(v), plot_bottom + 4, MUTED)
        d.text(scale(v), plot_bottom + 17, tick_label(v), anchor="middle")
    y = plot_bottom + 22
    if axis_label:
        d.text((left + right) / 2, y + 13, axis_label, anchor="middle")
        y += LINE
    return y + 12


# A panel with x and y axes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """The plotting area of a :func:`line_panel` and its scales."""

    x: Scale
    y: Scale
    top: float
    bottom: float


PLOT_LEFT, PLOT_RIGHT = 74, WIDTH - 12


def line_panel(
    d: Drawing,
    top: float,
    *,
    title: str,
    x: tuple[float, float],
    y: tuple[float, float],
    x_ticks: Sequence[float],
    y_ticks: Sequence[float],
    x_label: str,
    y_label: str,
    height: float = 190,
    x_transform: Callable[[float], float] = float,
    x_tick_label: Callable[[float], str] = number,
    y_tick_label: Callable[[float], str] = number,
    y_label_markup: bool = False,
    above: Sequence[tuple[float, str]] = (),
) -> tuple[Frame, float]:
    """A framed plot with ticks and axis labels; the frame (to draw in) and the new top.

    ``above``: ``(x value, text)`` labels in a line between the title and the plot.
    """
    d.text(4, top + 15, title, size=TITLE_SIZE, bold=True)
    plot_top = top + 32 + (LINE if above else 0)
    plot_bottom = plot_top + height
    frame = Frame(
        Scale(x[0], x[1], PLOT_LEFT, PLOT_RIGHT, x_transform),
        Scale(y[0], y[1], plot_bottom, plot_top),
        plot_top,
        plot_bottom,
    )
    for value, words in above:
        d.text(frame.x(value), plot_top - 6, words, anchor="middle", fill=MUTED)
    for v in y_ticks:
        d.line(PLOT_LEFT, frame.y(v), PLOT_RIGHT, frame.y(v), GRID)
        d.text(PLOT_LEFT - 6, frame.y(v) + 4.5, y_tick_label(v), anchor="end", markup=y_label_markup)
    for v in x_ticks:
        d.line(frame.x(v), plot_top, frame.x(v), plot_bottom, GRID)
        d.text(frame.x(v), plot_bottom + 17, x_tick_label(v), anchor="middle")
    d.rect(PLOT_LEFT, plot_top, PLOT_RIGHT - PLOT_LEFT, plot_bottom - plot_top, "none", MUTED)
    d.text((PLOT_LEFT + PLOT_RIGHT) / 2, plot_bottom + 36, x_label, anchor="middle")
    d.text(15, (plot_top + plot_bottom) / 2, y_label, anchor="middle", rotate=True, markup=y_label_markup)
    return frame, plot_bottom + 50


# The figures -------------------------------------------------------------------------------------------


def _solved(results: dict[str, Any]) -> float:
    """The score from which a run counts as solved."""
    return float(results["rules"]["solved"])


def _score_scale(start: float, end: float) -> Scale:
    """Scores 0 … 1 (below 0 drawn at 0)."""
    return Scale(0.0, 1.0, start, end)


SCORE_TICKS = (0.0, 0.25, 0.5, 0.75, 1.0)


def _arm_row(arm: str, runs: Sequence[dict[str, Any]]) -> Row:
    """An arm's scores: every seed, the mean and its bootstrap interval, ``solved/runs``."""
    scores = [float(r["score"]) for r in runs]
    stats = bootstrap_mean(scores)
    solved = sum(bool(r["solved"]) for r in runs)
    return Row(label(arm), colour(arm), scores, stats["mean"], stats["low"], stats["high"], f"{solved}/{len(runs)}")


def _score_kind(entry: dict[str, Any]) -> str:
    """What a battery task's score is."""
    return "accuracy" if entry.get("loss") == "cross_entropy" else "share of loss removed"


def _score_legend(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The legend of the score figures."""
    return [
        ("seed", INK, "one seed's test score (below 0: drawn at 0)"),
        ("mean", INK, "mean over seeds, 95% bootstrap interval"),
        ("solved", REFERENCE, f"solved: score ≥ {number(_solved(results))}; right: runs solved"),
        ("", INK, "score: accuracy, or the share of the best constant prediction's loss removed"),
    ]


def _score_panels(d: Drawing, y: float, results: dict[str, Any], panels: dict[str, list[Row]], what: str) -> float:
    """A panel of arm rows per task, one set of columns for all, the solved threshold dashed (or "no ``what``")."""
    if not panels:
        return no_data(d, y, what)
    shared = widths([row for rows in panels.values() for row in rows])
    for task, rows in panels.items():
        y = rows_panel(
            d,
            y,
            title=f"{task}: {_score_kind(results['battery'][task])}",
            rows=rows,
            make_scale=_score_scale,
            tick_values=SCORE_TICKS,
            references=[(_solved(results), "4 3")],
            columns=shared,
        )
    return y


def battery_figure(results: dict[str, Any]) -> str:
    """Per task, every arm's scores: seeds, mean, interval, solved count."""
    d = Drawing()
    y = legend(d, 6, _score_legend(results))
    battery = results["battery"]
    panels = {
        task: [_arm_row(arm, data["runs"]) for arm, data in entry["arms"].items() if data["runs"]]
        for task, entry in battery.items()
    }
    y = _score_panels(d, y, results, panels, "battery tasks")
    arms = list(dict.fromkeys(arm for entry in battery.values() for arm in entry["arms"]))
    desc = (
        f"Test score (0 to 1) of each seed and the mean with its 95% bootstrap interval, for {', '.join(arms)} on "
        f"each battery task ({', '.join(battery)}), with the solved threshold {number(_solved(results))} dashed; "
        "scores below 0 (a run worse than the constant prediction) are drawn at 0."
    )
    return d.svg("LSTM vs GRU: test score per task and cell", desc, y)


def forget_figure(results: dict[str, Any]) -> str:
    """The LSTM variants on the forget tasks."""
    d = Drawing()
    y = legend(d, 6, _score_legend(results))
    tasks = [t for t in results["parameters"]["forget_tasks"] if t in results["battery"]]
    panels = {
        task: [_arm_row(arm, arms[arm]["runs"]) for arm in FORGET_ARMS if arm in arms and arms[arm]["runs"]]
        for task in tasks
        for arms in [results["battery"][task]["arms"]]
    }
    y = _score_panels(d, y, results, panels, "forget-gate tasks")
    desc = (
        f"Test score of the LSTM and its variants ({', '.join(FORGET_ARMS[1:])}) on the long tasks "
        f"({', '.join(tasks) or 'none'}): each seed, the mean with its 95% bootstrap interval and the runs solved "
        "(k/n); scores below 0 are drawn at 0."
    )
    return d.svg("LSTM variants: forget gate, its bias, coupled gates, peepholes", desc, y)


def size_figure(results: dict[str, Any]) -> str:
    """Score against the number of training sequences, LSTM and GRU."""
    d = Drawing()
    sweep = results["parameters"]["size"]
    sizes = sorted(float(n) for n in sweep["sizes"])
    arms = [a for a in SIZE_ARMS if any(r["arm"] == a for r in results["size"])]
    y = legend(
        d,
        6,
        [
            *((f"line:{ARM_DASHES.get(a, '')}", colour(a), f"{a}: mean, 95% interval") for a in arms),
            ("seed", INK, "one seed's test score"),
            ("solved", REFERENCE, f"solved: score ≥ {number(_solved(results))}"),
        ],
    )
    if not sizes or not arms:
        return d.svg("Score against training-set size", "No size sweep in these results.", no_data(d, y, "size sweep"))
    low, high = math.log10(sizes[0]), math.log10(sizes[-1])
    pad = 0.08 * (high - low) if high > low else 0.3
    frame, bottom = line_panel(
        d,
        y,
        title=f"Memory task, delay {sweep['task']['delay']}, {sweep['updates']} updates",
        x=(10 ** (low - pad), 10 ** (high + pad)),
        y=(0.0, 1.0),
        x_ticks=sizes,
        y_ticks=SCORE_TICKS,
        x_label="training sequences (log scale)",
        y_label="test score",
        height=200,
        x_transform=log10_or_floor,
    )
    d.line(PLOT_LEFT, frame.y(_solved(results)), PLOT_RIGHT, frame.y(_solved(results)), REFERENCE, 1.5, "4 3")
    for k, arm in enumerate(arms):
        shift = (k - (len(arms) - 1) / 2) * 8  # side by side, so that the bars do not hide each other
        means = []
        for n in sizes:
            runs = [r for r in results["size"] if r["arm"] == arm and float(r["n_train"]) == n]
            if not runs:
                continue
            scores = [float(r["score"]) for r in runs]
            stats = bootstrap_mean(scores)
            x = frame.x(n) + shift
            for j, s in enumerate(scores):
                d.circle(x + JITTER[j % len(JITTER)] / 2.5, frame.y(s), 2.8, colour(arm), 0.35)
            d.line(x, frame.y(stats["low"]), x, frame.y(stats["high"]), colour(arm), 2.5)
            means.append((x, frame.y(stats["mean"])))
        d.polyline(means, colour(arm), 2.5, ARM_DASHES.get(arm, ""))
        for x, m in means:
            d.circle(x, m, 4.5, colour(arm), outline=True)
    desc = (
        f"Test score of the LSTM and the GRU on the memory task (delay {sweep['task']['delay']}) against the number "
        f"of training sequences ({', '.join(number(n) for n in sizes)}, log scale), with the same number of updates "
        "at every size: the mean over seeds with its 95% bootstrap interval, and each seed as a faint dot."
    )
    return d.svg("Score against training-set size, LSTM and GRU", desc, bottom)


def _blend(share: float) -> str:
    """White to the LSTM-figure blue (#0072B2) by ``share`` (0 … 1)."""
    share = min(max(share, 0.0), 1.0)
    rgb = [round(255 + (c - 255) * share) for c in (0x00, 0x72, 0xB2)]
    return "#" + "".join(f"{c:02x}" for c in rgb)


def _ink_on(fill: str) -> str:
    """White or near-black text, whichever contrasts more with the ``#rrggbb`` fill (WCAG luminance)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(fill[k : k + 2], 16)) for k in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#ffffff" if (1.05 / (luminance + 0.05)) > ((luminance + 0.05) / 0.05) else INK


def tuning_figure(results: dict[str, Any]) -> str:
    """Share of seeds solved per learning rate × initial scale, one heat map per cell."""
    d = Drawing()
    grid = results["parameters"]["tuning"]
    rates, scales = list(grid["lr"]), list(grid["scale"])
    y = 6.0
    left = 8 + max(text_width(f"× {number(s)}") for s in [*scales, 0.5]) + 8
    cell_w = (WIDTH - 10 - left) / max(len(rates), 1)
    cell_h = 34
    for arm in ("LSTM", "GRU"):
        runs = [r for r in results["tuning"] if r["arm"] == arm]
        d.text(4, y + 15, f"{arm}: runs solved per grid point", size=TITLE_SIZE, bold=True)
        y += 24
        d.text(left + (WIDTH - 10 - left) / 2, y + 13, "learning rate", anchor="middle", fill=MUTED)
        d.text(4, y + 13, "scale", fill=MUTED)
        y += LINE
        for j, lr in enumerate(rates):
            d.text(left + (j + 0.5) * cell_w, y + 13, number(lr), anchor="middle")
        y += LINE + 2
        for scale in scales:
            d.text(left - 8, y + cell_h / 2 + 4.5, f"× {number(scale)}", anchor="end")
            for j, lr in enumerate(rates):
                point = [r for r in runs if r["lr"] == lr and r["scale"] == scale]
                x = left + j * cell_w
                if not point:
                    d.rect(x + 1, y + 1, cell_w - 2, cell_h - 2, "#f4f4f4")
                    d.text(x + cell_w / 2, y + cell_h / 2 + 4.5, "–", anchor="middle", fill=MUTED)
                    continue
                share = sum(bool(r["solved"]) for r in point) / len(point)
                d.rect(x + 1, y + 1, cell_w - 2, cell_h - 2, _blend(share), "#cccccc")
                ink = _ink_on(_blend(share))
                solved = f"{sum(bool(r['solved']) for r in point)}/{len(point)}"
                d.text(x + cell_w / 2, y + cell_h / 2 + 5, solved, size=14, anchor="middle", bold=True, fill=ink)
            y += cell_h
        y += 14
    key = [(0.0, "none"), (0.5, "half"), (1.0, "every seed")]
    d.text(4, y + 13, f"Share of seeds solved (score ≥ {number(_solved(results))}):")
    y += LINE + 4
    x = 8.0
    for share, words in key:
        d.rect(x, y, 22, 16, _blend(share), "#cccccc")
        d.text(x + 28, y + 13, words)
        x += 28 + text_width(words) + 18
    y += 26
    desc = (
        f"Two heat maps, LSTM then GRU: rows are the initial weight scale ({', '.join(number(s) for s in scales)}), "
        f"columns the learning rate ({', '.join(number(r) for r in rates)}); each square is shaded by the share of "
        "its seeds that solved the memory task and shows that count, solved/seeds."
    )
    return d.svg("Tuning: runs solved per learning rate and initial scale", desc, y)


def _language(letters: str) -> str:
    """``"ab"`` → ``aⁿbⁿ``."""
    return "".join(f"{x}ⁿ" for x in letters)


def _loss_name(loss: str) -> str:
    """The loss, in words."""
    return "cross-entropy" if loss == "cross_entropy" else "squared error"


def counting_figure(results: dict[str, Any]) -> str:
    """(A) the largest n recognised per run; (B, C) the shipped LSTM's counter and the GRU's bounded state."""
    d = Drawing()
    c = results["parameters"]["counting"]
    n_max, up_to, far = int(c["n_max"]), int(c["test_up_to"]), study_report.beyond(results)
    y = legend(
        d,
        6,
        [
            ("seed", INK, "one run (seed): largest n such that every aⁿbⁿ up to it is recognised"),
            ("median", INK, f"median; right: runs that reach n ≥ {far} (twice the training)"),
            ("shade", SHADE, f"the training lengths, n ≤ {n_max}"),
        ],
    )
    rows: list[Row] = []
    heading = None
    for letters, loss, arm, found in study_report.counting_groups(results):
        if (letters, loss) != heading:
            heading = (letters, loss)
            rows.append(Row(f"{_language(letters)}, {_loss_name(loss)}", heading=True))
        largest = [float(v) for v in found]
        note = f"{sum(v >= far for v in found)}/{len(found)}"
        rows.append(Row(label(arm), colour(arm), largest, statistics.median(largest), note=note, median=True))

    def scale(start: float, end: float) -> Scale:
        """Largest n, 0 … the longest word tested, on a log scale of 1 + n."""
        return Scale(0.0, float(up_to), start, end, log10_one_plus)

    candidates = [v for v in (0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if v < up_to] + [up_to]
    if rows:
        y = rows_panel(
            d,
            y,
            title="A. Largest n recognised, per run",
            rows=rows,
            make_scale=scale,
            tick_values=[float(v) for v in candidates],
            tick_gap=22,
            axis_label="largest n (log scale of 1 + n)",
            shade=(0.0, float(n_max)),
        )
    else:
        y = no_data(d, y, "counting runs")
    shipped = study_report.pretrained(results)
    N = max(2 * n_max, 1)
    word = counting_word(N).xs
    times = list(range(1, 2 * N + 1))
    boundary = N + 0.5
    x_range = (0.5, 2 * N + 0.5)
    x_ticks = [t for t in ticks(0, 2 * N, 4) if t >= 1] or [1.0]
    above = [((1 + N) / 2, f"{N} a's"), ((3 * N + 1) / 2, f"{N} b's")]
    drawn = []
    lstm = shipped.get("counting_lstm.json")
    if lstm is not None:
        steps = from_params(lstm["key"], lstm["params"]).run(word)
        width = len(steps[0].c)
        k = max(range(width), key=lambda j: (max(s.c[j] for s in steps) - min(s.c[j] for s in steps), -j))
        values = [float(s.c[k]) for s in steps]
        low, high = nice_range(min(*values, 0.0), max(*values, 0.0), 4)
        frame, y = line_panel(
            d,
            y,
            title=f"B. Why: the LSTM's cell state, n = {N}",
            x=x_range,
            y=(low, high),
            x_ticks=x_ticks,
            y_ticks=ticks(low, high, 4),
            x_label="step t of the word aⁿbⁿ",
            y_label=f"C_t, component {k + 1}",
            height=150,
            above=above,
        )
        d.line(frame.x(boundary), frame.top, frame.x(boundary), frame.bottom, REFERENCE, 1.5, "4 3")
        points = [(frame.x(t), frame.y(v)) for t, v in zip(times, values, strict=True)]
        d.polyline(points, colour("LSTM"), 2.5)
        for px, py in points:
            d.circle(px, py, 2.5, colour("LSTM"))
        drawn.append(
            f"the trained LSTM's cell-state component {k + 1} (the one with the largest range) on a{N}b{N}, which "
            "moves one step per letter, one way on the a's and back on the b's"
        )
    gru = shipped.get("counting_gru.json")
    if gru is not None:
        steps = from_params(gru["key"], gru["params"]).run(word)
        frame, y = line_panel(
            d,
            y,
            title=f"{'C' if lstm is not None else 'B'}. The GRU's h_t stays within ±1",
            x=x_range,
            y=(-1.15, 1.15),
            x_ticks=x_ticks,
            y_ticks=(-1.0, -0.5, 0.0, 0.5, 1.0),
            x_label="step t of the word aⁿbⁿ",
            y_label="h_t, every component",
            height=150,
            above=above,
        )
        for bound in (-1.0, 1.0):
            d.line(PLOT_LEFT, frame.y(bound), PLOT_RIGHT, frame.y(bound), REFERENCE, 1.5, "4 3")
        d.line(frame.x(boundary), frame.top, frame.x(boundary), frame.bottom, REFERENCE, 1.5, "4 3")
        dashes = ("", "7 4", "2 3", "10 3 2 3")
        for j in range(len(steps[0].h)):
            points = [(frame.x(t), frame.y(float(s.h[j]))) for t, s in zip(times, steps, strict=True)]
            d.polyline(points, colour("GRU"), 2, dashes[j % len(dashes)])
        drawn.append("every component of the trained GRU's h_t on the same word, with its bound ±1 dashed")
    desc = (
        f"Largest n recognised by each counting run (log scale of 1 + n), per language, loss and cell, with the "
        f"median and the training lengths n ≤ {n_max} shaded"
        + (f"; below it, {' and '.join(drawn)}." if drawn else "; no trained cells to plot.")
    )
    return d.svg("Counting aⁿbⁿ: how far each cell counts, and why", desc, y)


def vanishing_figure(results: dict[str, Any]) -> str:
    """‖∂L/∂h_t‖ against the lag, mean of log10 over seeds, at initialisation and after training."""
    d = Drawing()
    v = results["parameters"]["vanishing"]
    curves: dict[str, dict[str, list[float]]] = {}
    for key in ("log10_norms_at_init", "log10_norms_trained"):
        for arm in VANISHING_ARMS:
            found = [r[key] for r in results["vanishing"] if r["arm"] == arm and r[key]]
            if found:
                lags = min(len(c) for c in found)
                curves.setdefault(key, {})[arm] = [statistics.fmean(c[k] for c in found) for k in range(lags)]
    arms = [a for a in VANISHING_ARMS if any(a in by_arm for by_arm in curves.values())]
    y = legend(d, 6, [(f"line:{ARM_DASHES.get(a, '')}", colour(a), a) for a in arms])
    values = [x for by_arm in curves.values() for curve in by_arm.values() for x in curve]
    if not values:
        return d.svg("Vanishing gradients", "No gradient norms in these results.", no_data(d, y, "gradient norms"))
    low, high = math.floor(min(values)), math.ceil(max(values))
    if high == low:
        high += 1
    step = max(1, math.ceil((high - low) / 6))  # at most 7 decades labelled
    low = step * math.floor(low / step)
    high = low + step * math.ceil((high - low) / step)
    y_ticks = [float(k) for k in range(low, high + 1, step)]
    longest = max(len(curve) for by_arm in curves.values() for curve in by_arm.values())
    x_high = max(longest - 1, 1)
    norm = '‖∂L/∂h<tspan dy="4">t</tspan><tspan dy="-4">‖</tspan> (log scale)'
    for key, title in (
        ("log10_norms_at_init", "At initialisation"),
        ("log10_norms_trained", f"After {v['epochs']} epochs of training"),
    ):
        frame, y = line_panel(
            d,
            y,
            title=title,
            x=(0.0, float(x_high)),
            y=(float(low), float(high)),
            x_ticks=[t for t in ticks(0, x_high, 5) if t == int(t)],  # lags are whole steps
            y_ticks=y_ticks,
            x_label="lag T − t (steps back from the loss)",
            y_label=norm,
            height=170,
            y_tick_label=lambda k: power_of_ten(round(k)),
            y_label_markup=True,
        )
        for arm in arms:
            curve = curves.get(key, {}).get(arm)
            if not curve:
                continue
            points = [(frame.x(lag), frame.y(value)) for lag, value in enumerate(curve)]
            d.polyline(points, colour(arm), 2.5, ARM_DASHES.get(arm, ""))
            if len(points) == 1:
                d.circle(*points[0], 3.5, colour(arm))
    desc = (
        f"The norm of the loss gradient with respect to the hidden state, ‖∂L/∂h_t‖, on a log scale against the "
        f"lag T − t (adding problem, T = {v['length']}), mean of log10 over seeds, for {', '.join(arms)}: "
        "at initialisation (top) and after training (bottom)."
    )
    return d.svg("Vanishing gradients: ‖∂L/∂h_t‖ against the lag", desc, y)


def timing_figure(results: dict[str, Any]) -> str:
    """Seconds per epoch over the LSTM's median, per task and cell."""
    d = Drawing()
    y = legend(
        d,
        6,
        [
            ("seed", INK, "one timed round: the epoch's seconds over the LSTM's median"),
            ("median", INK, "median of the rounds (printed on the right)"),
            ("rule", REFERENCE, "1: as long as the LSTM"),
            ("solved", REFERENCE, f"{number(MULTIPLY_ADDS)}: the GRU's multiply-adds over the LSTM's"),
        ],
    )
    rows: list[Row] = []
    epochs = results["timing"]["epochs"]
    for task, times in epochs.items():
        lstm = [float(t) for t in times.get("LSTM", []) if t > 0]
        if not lstm:
            continue
        base = statistics.median(lstm)
        rows.append(Row(task, heading=True))
        for arm in TIMING_ARMS:
            if not times.get(arm):
                continue
            ratios = [float(t) / base for t in times[arm]]
            middle = statistics.median(ratios)
            rows.append(Row(label(arm), colour(arm), ratios, middle, note=f"{middle:.2f}", median=True))
    ratios_all = [v for r in rows for v in r.dots]
    if not ratios_all:
        return d.svg("Time per epoch", "No timings in these results.", no_data(d, y, "timings"))
    low, high = nice_range(min(0.5, *ratios_all), max(1.5, *ratios_all), 4)

    def scale(start: float, end: float) -> Scale:
        """Ratios, from ``low`` to ``high``."""
        return Scale(low, high, start, end)

    y = rows_panel(
        d,
        y,
        title="Seconds per epoch, relative to the LSTM",
        rows=rows,
        make_scale=scale,
        tick_values=ticks(low, high, 4),
        axis_label="epoch time ÷ the LSTM's median",
        references=[(1.0, ""), (MULTIPLY_ADDS, "4 3")],
    )
    desc = (
        "Per battery task, the seconds of one training epoch of the LSTM, the GRU and the GRU with equal parameters, "
        "each timed round divided by the LSTM's median, and their medians; a line at 1 (as fast as the LSTM) and a "
        f"dashed line at {number(MULTIPLY_ADDS)}, the GRU's share of the LSTM's multiply-adds."
    )
    return d.svg("Time per epoch, GRU over LSTM", desc, y)


FIGURES: dict[str, Callable[[dict[str, Any]], str]] = {
    "battery": battery_figure,
    "forget": forget_figure,
    "size": size_figure,
    "tuning": tuning_figure,
    "counting": counting_figure,
    "vanishing": vanishing_figure,
    "timing": timing_figure,
}


def figures(results: dict[str, Any]) -> dict[str, str]:
    """``{figure name: SVG text}`` for the study's results (see the module docstring), computed from them only."""
    return {name: draw(results) for name, draw in FIGURES.items()}
