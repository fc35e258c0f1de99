"""Helpers shared by the tests: run the command line as a user does, compile LaTeX with pdflatex, talk raw HTTP."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

needs_pdflatex = pytest.mark.skipif(
    shutil.which("pdflatex") is None, reason="pdflatex is not installed (.ci/run installs it)"
)


def import_path() -> str:
    """A PYTHONPATH under which a subprocess imports the very tinyrnn this process imported.

    (Under mutation testing that is the mutated copy, which mutmut puts first on this process's sys.path only.)
    """
    import tinyrnn as package

    here = str(Path(package.__file__).resolve().parent.parent)
    return os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH", "")]))


def tinyrnn(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m tinyrnn ARGS`` in a subprocess, with no PATH and UTF-8 output.

    Only the import path and coverage's settings (to measure the subprocess) are passed on from the environment.
    """
    passed_on = {name: value for name, value in os.environ.items() if name.startswith("COVERAGE_")}
    passed_on["PYTHONPATH"] = import_path()
    return subprocess.run(
        [sys.executable, "-m", "tinyrnn", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**passed_on, "PYTHONIOENCODING": "utf-8", "PATH": ""},
    )


def assert_compiles(source: str, directory: Path, name: str = "document") -> Path:
    """Compile a whole LaTeX document with pdflatex; fail with its log on any error. Returns the PDF."""
    (directory / f"{name}.tex").write_text(source, encoding="utf-8")
    result = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert not re.search(r"^! ", result.stdout, re.MULTILINE), result.stdout[-3000:]
    return directory / f"{name}.pdf"


def assert_usage_error(args: list[str], words: str) -> None:
    """``python -m tinyrnn ARGS`` exits with status 2 and one line naming the problem, never a traceback."""
    result = tinyrnn(*args)
    assert result.returncode == 2
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert re.search(r"^(tinyrnn[\w -]*): error: .* \(see \1 --help\)$", result.stderr.strip()), result.stderr


def http_exchange(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes to 127.0.0.1:port; read the whole answer (the server closes after an error or
    ``Connection: close``): the status, the headers (lower-case names) and the body."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body
