"""Hostile command lines and parameter files: exit status 2 and one line naming the problem, never a traceback.

The cases run ``tinyrnn.cli.main(argv)`` in this process (what ``python -m tinyrnn`` calls): every
error must come back as a status or a ``SystemExit``, never as another exception.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from catalogue import CLI_CASES, JSON_CASES, Case

from tinyrnn import LSTMCell, examples
from tinyrnn.cli import main


def run_main(argv: list[str]) -> int:
    """The exit status of ``main(argv)``, whether it returns it or argparse raises ``SystemExit``."""
    try:
        return main(argv)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 1


def check(case: Case, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    status = run_main(argv)
    out, err = capsys.readouterr()
    assert status == case.expected, err
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    assert err.startswith("tinyrnn")
    prog = err.split(": error: ", 1)[0]
    assert err.rstrip().endswith(f"(see {prog} --help)"), err  # the help hint of the command that failed
    for words in case.words:
        assert words in err


@pytest.mark.parametrize("case", CLI_CASES, ids=[case.id for case in CLI_CASES])
def test_bad_command_line(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    check(case, list(case.argv), capsys)


@pytest.mark.parametrize("case", JSON_CASES, ids=[case.id for case in JSON_CASES])
def test_bad_parameter_file(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert case.content is not None
    path = tmp_path / "params.json"
    path.write_bytes(case.content())
    argv = [str(path) if arg == "{file}" else arg for arg in case.argv]
    check(case, argv, capsys)


def test_a_good_parameter_file_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The checks that refuse the files above do not refuse a good one (with a byte-order mark, even)."""
    from catalogue import lstm_json

    path = tmp_path / "params.json"
    path.write_bytes(b"\xef\xbb\xbf" + lstm_json().encode())
    assert run_main(["lstm", "--params", str(path)]) == 0
    cell = LSTMCell.from_params(examples.SLIDE_LSTM_PARAMS)  # with --params, the states default to zeros
    assert capsys.readouterr().out.strip() == cell.step(examples.X).render("text", 2)
