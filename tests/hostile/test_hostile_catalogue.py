"""The catalogue itself: distinct ids, known surfaces, messages that name the argument and what was expected."""

from __future__ import annotations

from catalogue import CASES, SURFACES, counts

# The docs state these numbers (they count CASES by surface at build time); a new case changes them here too.
DOCUMENTED_COUNTS = {"api": 184, "cli": 53, "json": 24, "http": 25}


def test_ids_are_unique_and_surfaces_known() -> None:
    ids = [case.id for case in CASES]
    assert len(set(ids)) == len(ids), sorted(i for i in ids if ids.count(i) > 1)
    assert {case.surface for case in CASES} == set(SURFACES)
    assert all(case.id.startswith(f"{case.surface}/") for case in CASES)


def test_the_counts_per_surface_are_the_documented_ones() -> None:
    assert counts() == DOCUMENTED_COUNTS
    assert sum(counts().values()) == len(CASES) >= 80


def test_every_case_says_what_its_message_must_contain() -> None:
    for case in CASES:
        if case.surface == "http":
            assert isinstance(case.expected, int) and 400 <= case.expected < 600, case.id
            assert case.request and case.words, case.id
            continue
        # The argument (or file, or option) named, and what was expected or received: two phrases at least.
        assert len(case.words) >= 2 and all(case.words), case.id
        if case.surface == "api":
            assert isinstance(case.expected, type) and issubclass(case.expected, Exception), case.id
            assert case.call is not None, case.id
        else:
            assert case.expected == 2, case.id
            assert case.argv, case.id
            assert (case.content is not None) == (case.surface == "json"), case.id


def test_no_two_cases_are_the_same_input() -> None:
    inputs = [(case.surface, case.argv, case.request) for case in CASES if case.surface in ("cli", "http")]
    assert len(set(inputs)) == len(inputs)
    files = [case.content() for case in CASES if case.content is not None]
    assert len(set(files)) == len(files)
