"""Hostile HTTP requests to a real explainer server on 127.0.0.1: the right status, the security headers,
an explanation in the body, and the server still answers afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from catalogue import HTTP_CASES, Case

from helpers import http_exchange
from tinyrnn.explainer.page import SERVED_CSP
from tinyrnn.explainer.server import ExplainerServer, running


@pytest.fixture(scope="module")
def server() -> Iterator[ExplainerServer]:
    with running() as serving:
        yield serving


def send(server: ExplainerServer, request: str) -> tuple[int, dict[str, str], str]:
    """Send the raw request (``{port}`` filled in); read the whole answer."""
    status, headers, body = http_exchange(server.port, request.replace("{port}", str(server.port)).encode("latin-1"))
    return status, headers, body.decode("utf-8")


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
