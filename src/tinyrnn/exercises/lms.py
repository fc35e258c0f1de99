r"""Exercises as a quiz for an LMS: Moodle XML and GIFT, one numerical question per asked value.

A sheet of exercises (seeds S, S + 1, …: one variant per student) becomes one
*category* per asked value -- ``f_t[0]``, ``f_t[1]``, …, ``h_t[1]`` -- holding
that value's question in every variant. A quiz that draws one random question
from each category gives every student their own numbers. Each question shows
the whole exercise (the numbers, the weights, the equations and the rounding
rule), asks for one value, accepts the hand-rounded answer within half a unit
of its last decimal (and the full-precision one, with a remark, when the two
differ), and shows the worked answer key as general feedback.

Moodle XML follows the structure Moodle documents for ``<quiz>`` and
``<question type="numerical">``; GIFT follows Moodle's GIFT grammar (special
characters ``~ = # { } :`` and ``\`` escaped, one question per paragraph).
Both are plain text; nothing is fetched.

>>> from tinyrnn import exercises
>>> sheet = exercises.sheet("lstm", count=2, seed=7, kind="gate", gate="f")
>>> quiz = moodle(sheet)
>>> quiz.count('<question type="numerical">'), quiz.count('<question type="category">')
(8, 4)
>>> print(gift(sheet).splitlines()[2])
$CATEGORY: $course$/top/tinyrnn/LSTM, the forget gate, seeds 7-8/01 (W_f · [h_{t-1}, x_t] + b_f)[0]
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, NamedTuple

from tinyrnn.render import format_number
from tinyrnn.rounding import hand_round

if TYPE_CHECKING:
    from tinyrnn.exercises.exercise import Exercise

__all__ = ["LMS_FORMATS", "Answer", "Question", "gift", "moodle", "questions"]

#: The LMS formats of ``python -m tinyrnn exercise … --format``.
LMS_FORMATS = ("moodle", "gift")


class Answer(NamedTuple):
    """One accepted answer of a numerical question: value, share of the mark (100 = full), tolerance, feedback."""

    value: str
    fraction: int
    tolerance: str
    feedback: str


class Question(NamedTuple):
    """One numerical question: its category path, name, id, HTML text and general feedback, its answers."""

    category: str
    name: str
    idnumber: str
    text: str
    feedback: str
    answers: tuple[Answer, ...]


def _label(ex: Exercise, field: str, k: int) -> str:
    from tinyrnn.exercises.by_hand import component
    from tinyrnn.exercises.document import math_to_text

    return math_to_text(component(ex.cell.spec, field, k))


def _asked(ex: Exercise) -> list[tuple[str, int]]:
    """The values a question asks for, as (field, component): every gate, candidate and state component."""
    from tinyrnn.exercises.text import _fields, _results

    fields = _fields(ex)
    if ex.kind == "full":
        fields = tuple(field for field in fields if field in _results(ex.cell.spec))
    return [(field, k) for field in fields for k in range(ex.cell.hidden_size)]


def _tolerance(decimals: int) -> str:
    """Half a unit of the last decimal: ``0.005`` for 2 decimals (the answer must round to the key's value)."""
    return format_number(0.5 * 10.0**-decimals, decimals + 1)


def _answers(ex: Exercise, value: float, exact: float) -> tuple[Answer, ...]:
    d = ex.decimals
    by_hand = format_number(value, d)
    answers = [Answer(by_hand, 100, _tolerance(d), "Right: the value by the rounding rule of the question.")]
    full = format_number(hand_round(exact, d), d)
    if full != by_hand:
        remark = (
            f"Right in full precision, where nothing is rounded before the end; the question's rounding rule "
            f"gives {by_hand} (see the worked solution)."
        )
        answers.append(Answer(full, 100, _tolerance(d), remark))
    return tuple(answers)


def _html(ex: Exercise, blocks: list[tuple[object, ...]]) -> str:
    from tinyrnn.exercises.document import write

    return write(blocks, "html", lambda v: format_number(v, ex._shown_decimals)).replace("\n", "")


def questions(sheet: Sequence[Exercise]) -> list[Question]:
    """One numerical question per asked value of every exercise, in categories by value (see the module docstring)."""
    from tinyrnn.exercises.by_hand import component
    from tinyrnn.exercises.text import answer_blocks, question_blocks, rounding_rule

    if not sheet:
        return []
    first = sheet[0]
    kinds = {ex.kind for ex in sheet}
    if "saturation" in kinds:
        raise ValueError(
            "an LMS quiz asks for numbers, and kind='saturation' asks which gate is saturated; "
            "use kind='full', 'gate' or 'find-error'"
        )
    seeds = [ex.seed for ex in sheet]
    what = question_blocks(first, None)[0][1].split(": ", 1)[1]
    cell = first.cell.spec.kind.upper()
    topic = what.replace(f" of an {cell}", "").replace(f" of a {cell}", "").replace(" in a step", "")
    group = f"{cell}, {topic}" if topic not in ("one step", "find the error") else f"{cell} {topic}"
    if seeds[0] is not None:
        group += f", seeds {seeds[0]}-{seeds[-1]}" if len(seeds) > 1 else f", seed {seeds[0]}"
    group = group.replace("/", "-")
    out = []
    for ex in sheet:
        blocks = question_blocks(ex, None)
        feedback = _html(ex, answer_blocks(ex, None))
        variant = f"seed {ex.seed}" if ex.seed is not None else "your numbers"
        if ex.kind == "find-error":
            slip = ex.slip
            assert slip is not None
            ask = (
                f"Give the correct value of the wrong number, to {ex.decimals} decimals, rounded by this rule. "
                + rounding_rule(ex)
            )
            text = _html(ex, [*blocks, ("paragraph", ask)])
            exact = getattr(ex.solution, slip.field)[slip.component]
            out.append(
                Question(
                    f"$course$/top/tinyrnn/{group}/the correct value",
                    f"{cell} {variant}: the wrong number",
                    f"tinyrnn-{first.cell.spec.key}-{ex.kind}-{ex.seed}",
                    text,
                    feedback,
                    _answers(ex, slip.correct, exact),
                )
            )
            continue
        task = next(k for k, block in enumerate(blocks) if block[0] == "paragraph" and block[1].startswith("Compute"))
        for n, (field, k) in enumerate(_asked(ex), 1):
            label = _label(ex, field, k)
            ask = f"Compute ${component(ex.cell.spec, field, k)}$ and give it to {ex.decimals} decimals."
            text = _html(ex, [*blocks[:task], ("paragraph", ask), *blocks[task + 1 :]])
            value, exact = getattr(ex.by_hand, field)[k], getattr(ex.solution, field)[k]
            out.append(
                Question(
                    f"$course$/top/tinyrnn/{group}/{n:02d} {label.replace('/', '-')}",
                    f"{cell} {variant}: {label}",
                    f"tinyrnn-{first.cell.spec.key}-{ex.kind}-{ex.seed}-{field}-{k}",
                    text,
                    feedback,
                    _answers(ex, value, exact),
                )
            )
    return sorted(out, key=lambda q: q.category)  # stable: the variants of a value stay in seed order


# Moodle XML -------------------------------------------------------------------------------------------


def _text(value: str, indent: str) -> str:
    return f"{indent}<text>{escape(value, quote=False)}</text>"


def moodle(sheet: Sequence[Exercise]) -> str:
    """The sheet as a Moodle XML quiz: a category question before each value's numerical questions."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        (
            "<!-- Written by tinyrnn. Moodle: Question bank > Import > Moodle XML format; then a quiz with one "
            "random question from each category gives every student their own variant. -->"
        ),
        "<quiz>",
    ]
    category = None
    for q in questions(sheet):
        if q.category != category:
            category = q.category
            lines += [
                '  <question type="category">',
                "    <category>",
                _text(category, "      "),
                "    </category>",
                '    <info format="html">',
                _text("One question per variant (seed): draw one at random for each student.", "      "),
                "    </info>",
                "  </question>",
            ]
        lines += [
            '  <question type="numerical">',
            "    <name>",
            _text(q.name, "      "),
            "    </name>",
            '    <questiontext format="html">',
            _text(q.text, "      "),
            "    </questiontext>",
            '    <generalfeedback format="html">',
            _text(q.feedback, "      "),
            "    </generalfeedback>",
            "    <defaultgrade>1.0000000</defaultgrade>",
            "    <penalty>0.3333333</penalty>",
            "    <hidden>0</hidden>",
            f"    <idnumber>{escape(q.idnumber)}</idnumber>",
        ]
        for answer in q.answers:
            lines += [
                f'    <answer fraction="{answer.fraction}" format="moodle_auto_format">',
                _text(answer.value, "      "),
                '      <feedback format="html">',
                _text(f"<p>{escape(answer.feedback)}</p>", "        "),
                "      </feedback>",
                f"      <tolerance>{answer.tolerance}</tolerance>",
                "    </answer>",
            ]
        lines += [
            "    <unitgradingtype>0</unitgradingtype>",
            "    <unitpenalty>0.1000000</unitpenalty>",
            "    <showunits>3</showunits>",
            "    <unitsleft>0</unitsleft>",
            "  </question>",
        ]
    lines.append("</quiz>")
    return "\n".join(lines)


# GIFT -------------------------------------------------------------------------------------------------

_GIFT_SPECIAL = str.maketrans({c: "\\" + c for c in "\\~=#{}:"})


def gift_escape(text: str) -> str:
    r"""Text for GIFT: ``~ = # { } :`` and ``\`` escaped with a backslash, on one line.

    >>> gift_escape("a = {b}: c")
    'a \\= \\{b\\}\\: c'
    """
    return " ".join(text.translate(_GIFT_SPECIAL).split("\n"))


def gift(sheet: Sequence[Exercise]) -> str:
    """The sheet in GIFT: a ``$CATEGORY`` line before each value's numerical questions."""
    lines = [
        (
            "// Written by tinyrnn. Moodle: Question bank > Import > GIFT format; then a quiz with one random question "
            "from each category gives every student their own variant."
        ),
        "",
    ]
    category = None
    for q in questions(sheet):
        if q.category != category:
            category = q.category
            lines += [f"$CATEGORY: {category}", ""]
        lines.append(f"::{gift_escape(q.name)}::[html]{gift_escape(q.text)}{{#")
        for answer in q.answers:
            feedback = gift_escape(f"<p>{escape(answer.feedback)}</p>")
            lines.append(f"\t=%{answer.fraction}%{answer.value}:{answer.tolerance}#{feedback}")
        lines += [f"\t####{gift_escape(q.feedback)}", "}", ""]
    return "\n".join(lines).rstrip("\n")
