"""The LMS export: Moodle XML checked by an XML parser against Moodle's documented structure, GIFT line by
line against its grammar, and both against the exercises they come from."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from helpers import assert_usage_error, tinyrnn
from tinyrnn import exercises
from tinyrnn.exercises import lms
from tinyrnn.render import format_number
from tinyrnn.rounding import hand_round

# What Moodle documents for <quiz> (docs.moodle.org, "Moodle XML format"): the children each question type
# may have, and the ones it must have.
QUESTION_CHILDREN = {
    "category": ({"category", "info", "idnumber"}, {"category"}),
    "numerical": (
        {
            "name",
            "questiontext",
            "generalfeedback",
            "defaultgrade",
            "penalty",
            "hidden",
            "idnumber",
            "answer",
            "units",
            "unitgradingtype",
            "unitpenalty",
            "showunits",
            "unitsleft",
            "instructions",
            "tags",
        },
        {"name", "questiontext", "answer"},
    ),
}
ANSWER_CHILDREN = {"text", "feedback", "tolerance"}
HTML_VOID = {"br", "img", "hr"}


class _Balanced(HTMLParser):
    """Fails on an end tag that closes nothing, and remembers the tags left open."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in HTML_VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (tag, self.open)
        self.open.pop()


def assert_html(text: str) -> None:
    parser = _Balanced()
    parser.feed(text)
    parser.close()
    assert parser.open == [], parser.open
    assert "<script" not in text.lower() and "http" not in text


def parse_moodle(xml: str) -> list[dict[str, object]]:
    """Parse a Moodle XML quiz and check its structure; return the numerical questions as plain data."""
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == "quiz"
    category = None
    found = []
    for question in root:
        assert question.tag == "question"
        kind = question.get("type")
        assert kind in QUESTION_CHILDREN, kind
        allowed, required = QUESTION_CHILDREN[kind]
        children = {child.tag for child in question}
        assert children <= allowed, children - allowed
        assert required <= children, required - children
        if kind == "category":
            category = question.findtext("category/text")
            assert category and category.startswith("$course$/top/tinyrnn/")
            continue
        assert category is not None  # every question sits in a category
        for tag in ("questiontext", "generalfeedback"):
            element = question.find(tag)
            assert element is not None and element.get("format") == "html"
            assert_html(element.findtext("text") or "")
        assert float(question.findtext("defaultgrade") or "") > 0
        assert 0 <= float(question.findtext("penalty") or "") <= 1
        assert question.findtext("hidden") in ("0", "1")
        answers = []
        for answer in question.findall("answer"):
            assert {child.tag for child in answer} <= ANSWER_CHILDREN
            fraction = float(answer.get("fraction", ""))
            assert 0 <= fraction <= 100
            value, tolerance = float(answer.findtext("text") or ""), float(answer.findtext("tolerance") or "")
            assert tolerance >= 0
            assert_html(answer.findtext("feedback/text") or "")
            answers.append((value, tolerance, fraction))
        assert any(fraction == 100 for _, _, fraction in answers)
        found.append(
            {
                "category": category,
                "name": question.findtext("name/text"),
                "text": question.findtext("questiontext/text"),
                "feedback": question.findtext("generalfeedback/text"),
                "answers": answers,
            }
        )
    return found


# GIFT, as Moodle's importer reads it: questions are paragraphs; a backslash escapes ~ = # { } : and itself.
_ESCAPED = re.compile(r"\\[\\~=#{}:n]")
_SPECIAL = set("~=#{}:")


def _plain_gift(text: str) -> str:
    """A GIFT text segment: no special character may stand unescaped; return it unescaped."""
    bare = _ESCAPED.sub("", text)
    assert not _SPECIAL & set(bare), (sorted(_SPECIAL & set(bare)), text[:200])
    return _ESCAPED.sub(lambda m: {"\\n": "\n"}.get(m[0], m[0][1]), text)


def _split_unescaped(text: str, mark: str) -> list[str]:
    """``text`` split at each ``mark`` that is not escaped."""
    parts, start, k = [], 0, 0
    while k < len(text):
        if text[k] == "\\":
            k += 2
            continue
        if text.startswith(mark, k):
            parts.append(text[start:k])
            start = k = k + len(mark)
            continue
        k += 1
    return [*parts, text[start:]]


def parse_gift(source: str) -> list[dict[str, object]]:
    """Check a GIFT file line by line against the grammar of its numerical questions; return them."""
    category = None
    found = []
    paragraphs = re.split(r"\n[ \t]*\n", source.strip("\n"))
    for paragraph in paragraphs:
        lines = [line for line in paragraph.split("\n") if not line.strip().startswith("//")]
        if not lines:
            continue
        if lines[0].startswith("$CATEGORY:"):
            assert len(lines) == 1
            category = lines[0][len("$CATEGORY:") :].strip()
            assert category.startswith("$course$/top/tinyrnn/")
            continue
        assert category is not None
        head = re.fullmatch(r"::(.+?)::\[html\](.*)\{#", lines[0])  # ::name::[html]text{#
        assert head, lines[0][:200]
        name, text = _plain_gift(head[1]), _plain_gift(head[2])
        assert lines[-1] == "}"
        answers, feedback = [], None
        for line in lines[1:-1]:
            assert line.startswith("\t"), line
            if line.startswith("\t####"):
                assert feedback is None
                feedback = _plain_gift(line[len("\t####") :])
                continue
            answer = re.fullmatch(r"\t=%(\d{1,3})%(-?\d+(?:\.\d+)?):(\d+(?:\.\d+)?)#(.*)", line)  # =%100%0.65:0.005#…
            assert answer, line
            assert feedback is None  # general feedback comes last
            _plain_gift(answer[4])
            answers.append((float(answer[2]), float(answer[3]), float(answer[1])))
        assert answers and feedback is not None
        assert_html(text)
        assert_html(feedback)
        found.append({"category": category, "name": name, "text": text, "feedback": feedback, "answers": answers})
    return found


SHEETS = [
    ("lstm", {"kind": "full"}),
    ("gru", {"kind": "gate"}),
    ("gru", {"kind": "find-error", "variant": "pytorch"}),
    ("lstm", {"kind": "full", "decimals": 3, "rounding": "per-product"}),
]


@pytest.mark.parametrize(("cell", "options"), SHEETS)
def test_moodle_and_gift_hold_the_same_questions_and_the_keys_answers(cell: str, options: dict[str, object]) -> None:
    sheet = exercises.sheet(cell, count=4, seed=11, **options)
    from_xml, from_gift = parse_moodle(lms.moodle(sheet)), parse_gift(lms.gift(sheet))
    assert len(from_xml) == len(from_gift) == len(lms.questions(sheet))
    for a, b in zip(from_xml, from_gift, strict=True):
        assert a == b
    d = sheet[0].decimals
    for question in lms.questions(sheet):
        assert float(question.answers[0].tolerance) == 0.5 * 10**-d  # half a unit of the last decimal
    by_seed = {ex.seed: ex for ex in sheet}
    for q in from_xml:
        seed = int(re.search(r"seed (\d+)", str(q["name"]))[1])  # type: ignore[index]
        ex = by_seed[seed]
        if ex.kind == "find-error":
            assert ex.slip is not None
            expected = ex.slip.correct
        else:
            field, k = next((f, k) for f, k in lms._asked(ex) if str(q["name"]).endswith(lms._label(ex, f, k)))
            expected = getattr(ex.by_hand, field)[k]
            assert "Compute " in str(q["text"])
        value, _tolerance, fraction = q["answers"][0]  # type: ignore[index]
        assert (value, fraction) == (float(format_number(expected, d)), 100)
        assert f"seed {seed}" in str(q["feedback"])  # the worked key of that variant


def test_one_category_per_asked_value_one_question_per_student_variant() -> None:
    sheet = exercises.sheet("lstm", count=5, seed=3)
    questions = parse_moodle(lms.moodle(sheet))
    categories: dict[str, list[dict[str, object]]] = {}
    for q in questions:
        categories.setdefault(str(q["category"]), []).append(q)
    assert len(categories) == 2 * 6  # f, i, C̃, C, o, h of hidden size 2
    for members in categories.values():
        seeds = [re.search(r"seed (\d+)", str(q["name"]))[1] for q in members]  # type: ignore[index]
        assert seeds == ["3", "4", "5", "6", "7"]  # consecutive seeds: one variant per student
        assert len({q["answers"][0][0] for q in members}) > 1  # type: ignore[index]  # and different numbers


def test_the_full_precision_value_is_accepted_with_a_remark_when_it_differs() -> None:
    for seed in range(40):
        sheet = [exercises.lstm(seed=seed)]
        for question in lms.questions(sheet):
            if len(question.answers) == 2:
                by_hand, exact = question.answers
                assert by_hand.value != exact.value and exact.fraction == 100
                assert "full precision" in exact.feedback
                return
    pytest.fail("no exercise in 40 seeds where hand rounding and full precision differ")


def test_escaping_is_what_the_grammar_needs() -> None:
    assert lms.gift_escape("a: {x} = ~y # \\") == "a\\: \\{x\\} \\= \\~y \\# \\\\"
    assert _plain_gift(lms.gift_escape("C_t[2] = 0.5556 → 0.56; {a}: b#c")) == "C_t[2] = 0.5556 → 0.56; {a}: b#c"
    with pytest.raises(AssertionError):
        _plain_gift("an unescaped = sign")


@pytest.mark.parametrize("fmt", ["moodle", "gift"])
def test_the_command_writes_the_quiz(fmt: str) -> None:
    result = tinyrnn("exercise", "gru", "--count", "3", "--format", fmt)
    assert result.returncode == 0, result.stderr
    sheet = exercises.sheet("gru", count=3, seed=7)
    assert result.stdout == (lms.moodle(sheet) if fmt == "moodle" else lms.gift(sheet)) + "\n"
    parsed = parse_moodle(result.stdout) if fmt == "moodle" else parse_gift(result.stdout)
    assert len(parsed) == 3 * 2 * 4  # r, z, h̃, h of hidden size 2, three variants


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["exercise", "lstm", "--kind", "saturation", "--format", "moodle"], "leave out --kind saturation"),
        (["exercise", "lstm", "--table", "--format", "gift"], "--format gift writes numerical questions"),
        (["exercise", "lstm", "--answers", "--format", "moodle"], "each question's general feedback"),
        (["exercise", "lstm", "--format", "moodel"], "(did you mean moodle?)"),
    ],
)
def test_what_a_quiz_cannot_hold_is_refused_in_cli_words(args: list[str], words: str) -> None:
    assert_usage_error(args, words)


def test_an_lms_quiz_refuses_a_saturation_question_in_the_api() -> None:
    with pytest.raises(ValueError, match="kind='saturation' asks which gate is saturated"):
        lms.moodle([exercises.lstm(seed=1, kind="saturation")])
    assert lms.questions([]) == []
    assert hand_round(0.125, 2) == 0.13  # the rounding the answers use
