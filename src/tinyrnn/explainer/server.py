"""A tiny local web server for the RNN Explainer: ``python -m tinyrnn explainer``.

It is written to be safe to leave running on a laptop:

* it listens on ``127.0.0.1`` only (never on a network interface);
* it answers from a fixed table of the page's own files, built in memory at
  start-up (:func:`tinyrnn.explainer.page.served_files`): no part of a URL ever
  reaches the file system, so ``..``, ``%2e%2e`` or ``//host`` are simply 404;
* it rejects a request whose ``Host`` header is not ``127.0.0.1:<port>`` or
  ``localhost:<port>`` with 403, so a web page on another site cannot reach
  it through DNS rebinding;
* it answers ``GET`` and ``HEAD`` only (anything else: 405);
* every response carries ``X-Content-Type-Options: nosniff``, a strict
  ``Content-Security-Policy`` and ``Cache-Control: no-store``.

Oversized request lines and headers are refused by :mod:`http.server`
itself (414 and 431); a silent client is dropped after ``TIMEOUT`` seconds.
"""

from __future__ import annotations

import http.server
import threading
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from tinyrnn.explainer.page import SERVED_CSP, served_files

__all__ = ["HOST", "ExplainerServer", "running", "serve"]

HOST = "127.0.0.1"
TIMEOUT = 10  # seconds a connection may stay silent

SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Content-Security-Policy", SERVED_CSP),
    ("Cache-Control", "no-store"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
)


class _Handler(http.server.BaseHTTPRequestHandler):
    """Answers from ``server.files`` only, after checking the method and the Host header."""

    server: ExplainerServer
    server_version = "tinyrnn-explainer"
    sys_version = ""
    timeout = TIMEOUT
    protocol_version = "HTTP/1.1"
    # A malformed request line is answered with a status line and the security headers, never as HTTP/0.9
    # (whose answer is a bare body without headers).
    default_request_version = "HTTP/1.1"
    _extra_headers: tuple[tuple[str, str], ...] = ()

    def parse_request(self) -> bool:
        """Parse as usual, then refuse a foreign Host (403) or a method other than GET/HEAD (405)."""
        if not super().parse_request():
            return False
        hosts = self.headers.get_all("Host") or []
        if len(hosts) != 1 or hosts[0].strip().lower() not in self.server.allowed_hosts:
            port = self.server.port
            self.send_error(
                403, "Forbidden", f"This server only answers requests with Host 127.0.0.1:{port} or localhost:{port}"
            )
            return False
        if self.command not in ("GET", "HEAD"):
            self._extra_headers = (("Allow", "GET, HEAD"),)
            self.send_error(405, "Method Not Allowed", "Only GET and HEAD are allowed")
            return False
        return True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        self.close_connection = True  # after an error, this connection is done
        super().send_error(code, message, explain)

    def end_headers(self) -> None:
        for name, value in (*SECURITY_HEADERS, *self._extra_headers):
            self.send_header(name, value)
        super().end_headers()

    def _answer(self, with_body: bool) -> None:
        path = self.path.split("?", 1)[0]
        entry = self.server.files.get(path)
        if entry is None:
            self.send_error(404, "Not Found", "The RNN Explainer has no such file")
            return
        body, content_type = entry
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the name of the overridden parameter
        """Quiet: a teaching tool does not need an access log on the terminal."""


class ExplainerServer(http.server.ThreadingHTTPServer):
    """The explainer's HTTP server, bound to ``127.0.0.1``; ``port=0`` picks a free port.

    >>> server = ExplainerServer(port=0)
    >>> server.url.startswith("http://127.0.0.1:")
    True
    >>> server.server_close()
    """

    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, port: int = 0, cell: str = "lstm") -> None:
        self.files = served_files(cell)
        super().__init__((HOST, port), _Handler)
        self.port: int = self.server_address[1]
        self.allowed_hosts = frozenset({f"{HOST}:{self.port}", f"localhost:{self.port}"})

    @property
    def url(self) -> str:
        """Where the page is: ``http://127.0.0.1:<port>/``."""
        return f"http://{HOST}:{self.port}/"


@contextmanager
def running(port: int = 0, cell: str = "lstm") -> Iterator[ExplainerServer]:
    """Serve in a background thread for the duration of a ``with`` block (tests, notebooks).

    >>> import urllib.request
    >>> with running() as server:
    ...     urllib.request.urlopen(server.url).status
    200
    """
    server = ExplainerServer(port, cell)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def serve(
    port: int = 0,
    *,
    open_browser: bool = True,
    cell: str = "lstm",
    announce: Callable[[str], None] = print,
    stop: threading.Event | None = None,
) -> None:
    """Serve the explainer until Ctrl-C (``KeyboardInterrupt``), or until ``stop`` is set.

    ``announce`` receives the one line saying where the page is.
    """
    with running(port, cell) as server:
        announce(f"RNN Explainer at {server.url}  (Ctrl-C to stop)")
        if open_browser:
            webbrowser.open(server.url)
        (stop or threading.Event()).wait()
