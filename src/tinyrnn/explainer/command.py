"""``tinyrnn explainer [--port N] [--no-browser]``: the command-line entry of the RNN Explainer.

Kept apart from the server so that building the command line imports nothing heavy.
"""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_command"]


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--port must be an integer from 0 to 65535, got {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"--port must be an integer from 0 to 65535, got {port}")
    return port


def _run(args: argparse.Namespace) -> str:
    from tinyrnn.explainer.server import HOST, serve

    def announce(line: str) -> None:
        print(line, flush=True)

    try:
        serve(args.port, open_browser=not args.no_browser, announce=announce)
    except KeyboardInterrupt:  # Ctrl-C: the normal way to stop
        pass
    except OSError as error:  # e.g. the --port is taken
        raise ValueError(f"cannot listen on {HOST}:{args.port}: {error.strerror or error}") from None
    return "RNN Explainer stopped."


def add_command(subparsers: Any) -> None:
    """Register ``explainer`` on the subparsers of ``python -m tinyrnn``."""
    parser = subparsers.add_parser(
        "explainer",
        help="open the RNN Explainer, an interactive page, in the browser",
        description="Serve the RNN Explainer on 127.0.0.1 and open it in the browser. "
        "The page works offline; Ctrl-C stops the server.",
    )
    parser.add_argument("--port", type=_port, default=0, help="port to listen on (default: a random free port)")
    parser.add_argument("--no-browser", action="store_true", help="print the address but do not open a browser")
    parser.set_defaults(run=_run)
