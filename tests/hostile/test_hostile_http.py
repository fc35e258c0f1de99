"""Hostile HTTP requests to a real explainer server on 127.0.0.1: the right status, the security headers,
an explanation in the body, and the server still answers afterwards."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from catalogue import HTTP_CASES, Case

from tinyrnn.explainer.page import SERVED_CSP
from tinyrnn.explainer.server import ExplainerServer, running


@pytest.fixture(scope="module")
def server() -> Iterator[ExplainerServer]:
    with running() as serving:
        yield serving


def send(server: ExplainerServer, request: str) -> tuple[int, dict[str, str], str]:
    """Send the raw request; read the whole answer (the server closes the connection after an error)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(request.replace("{port}", str(server.port)).encode("latin-1"))
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body.decode("utf-8")


@pytest.mark.parametrize("case", HTTP_CASES, ids=[case.id for case in HTTP_CASES])
def test_hostile_request(server: ExplainerServer, case: Case) -> None:
    status, headers, body = send(server, case.request)
    assert status == case.expected
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-security-policy"] == SERVED_CSP
    for words in case.words:
        assert words.replace("{port}", str(server.port)) in body
    assert "<script" not in body.lower()  # nothing from the request is echoed as markup
    assert send(server, f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nConnection: close\r\n\r\n")[0] == 200
