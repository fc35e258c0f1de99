"""Write the golden snapshots of the exercise generator: tests/snapshots/*.md and *.tex.

    python scripts/update_exercise_snapshots.py

tests/test_exercises.py compares what the generator prints now with these files, byte for byte: a change
to an exercise, its answer key or its formatting shows up as a diff to review (and commit, if intended).
"""

from __future__ import annotations

from pathlib import Path

from tinyrnn import exercises

SNAPSHOTS = Path(__file__).resolve().parents[1] / "tests" / "snapshots"


def snapshots() -> dict[str, str]:
    """File name -> content: the question and answer key of two fixed exercises, in Markdown and LaTeX."""
    chosen = {
        "lstm-seed7-full": exercises.lstm(seed=7),
        "gru-seed7-find-error": exercises.gru(seed=7, kind="find-error"),
    }
    files = {}
    for name, ex in chosen.items():
        for fmt, suffix in (("markdown", "md"), ("latex", "tex")):
            files[f"{name}.{suffix}"] = ex.question(fmt, table=True) + "\n\n" + ex.answer_key(fmt) + "\n"
    return files


def main() -> None:
    SNAPSHOTS.mkdir(exist_ok=True)
    for name, content in snapshots().items():
        (SNAPSHOTS / name).write_text(content, encoding="utf-8")
        print(f"wrote tests/snapshots/{name}")


if __name__ == "__main__":
    main()
