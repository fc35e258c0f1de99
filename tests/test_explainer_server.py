"""The explainer's local server, attacked with real HTTP requests (http.client and raw sockets)."""

from __future__ import annotations

import http.client
import socket
from collections.abc import Iterator

import pytest

from helpers import http_exchange
from tinyrnn.explainer.page import SERVED_CSP, served_files
from tinyrnn.explainer.server import ExplainerServer, running


@pytest.fixture(scope="module")
def server() -> Iterator[ExplainerServer]:
    with running() as serving:
        yield serving


Response = tuple[int, dict[str, str], bytes]


def raw(server: ExplainerServer, request: bytes) -> Response:
    """Send bytes as they are; read the whole answer."""
    return http_exchange(server.port, request)


def request(server: ExplainerServer, method: str, path: str, host: str | None = "default", extra: str = "") -> Response:
    host_line = "" if host is None else f"Host: {f'127.0.0.1:{server.port}' if host == 'default' else host}\r\n"
    return raw(server, f"{method} {path} HTTP/1.1\r\n{host_line}{extra}Connection: close\r\n\r\n".encode("latin-1"))


def assert_secure(headers: dict[str, str]) -> None:
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-security-policy"] == SERVED_CSP
    assert headers["cache-control"] == "no-store"


def test_binds_to_127_0_0_1_only(server: ExplainerServer) -> None:
    assert server.server_address[0] == "127.0.0.1"
    # Another loopback address on the same port reaches nothing: the socket is not bound to 0.0.0.0.
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.2", server.port), timeout=5):
        pass


def test_serves_every_file_of_the_table_with_the_security_headers(server: ExplainerServer) -> None:
    for path, (body, content_type) in served_files().items():
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        assert response.status == 200, path
        assert response.read() == body
        assert response.getheader("Content-Type") == content_type
        assert_secure({k.lower(): v for k, v in response.getheaders()})
        connection.close()


def test_head_sends_headers_without_a_body(server: ExplainerServer) -> None:
    status, headers, body = request(server, "HEAD", "/")
    assert status == 200
    assert body == b""
    assert int(headers["content-length"]) == len(served_files()["/"][0])
    assert_secure(headers)


def test_localhost_is_an_allowed_host_and_a_query_string_is_ignored(server: ExplainerServer) -> None:
    assert request(server, "GET", "/", host=f"localhost:{server.port}")[0] == 200
    assert request(server, "GET", "/", host=f"LOCALHOST:{server.port}")[0] == 200
    assert request(server, "GET", "/app.js?v=1")[0] == 200


@pytest.mark.parametrize(
    "path",
    [
        "/..",
        "/../",
        "/../README.md",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%2f..%2fpyproject.toml",
        "/static/app.js",
        "/./app.js",
        "/app.js/",
        "/app.js%00",
        "/APP.JS",
        "/index.html",
        "/page.py",
        "/__init__.py",
        "//evil.example/",
        "//127.0.0.1/app.js",
        "http://evil.example/app.js",
        "\\..\\..\\etc\\passwd",
        "/<script>alert(1)</script>",
    ],
)
def test_anything_outside_the_table_is_404(server: ExplainerServer, path: str) -> None:
    status, headers, body = request(server, "GET", path)
    assert status == 404
    assert_secure(headers)
    assert b"<script>" not in body  # the path is never echoed back
    assert b"root:" not in body


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1",
        "localhost",
        "127.0.0.1:1",
        "localhost.evil.example:{port}",
        "127.0.0.1.nip.io:{port}",
        "[::1]:{port}",
        "0.0.0.0:{port}",
        "",
    ],
)
def test_a_foreign_host_header_is_403(server: ExplainerServer, host: str) -> None:
    status, headers, _ = request(server, "GET", "/", host=host.format(port=server.port))
    assert status == 403
    assert_secure(headers)


def test_a_missing_or_doubled_host_header_is_403(server: ExplainerServer) -> None:
    assert request(server, "GET", "/", host=None)[0] == 403
    assert raw(server, b"GET / HTTP/1.0\r\n\r\n")[0] == 403
    assert raw(server, b"GET /\r\n\r\n")[0] == 403  # HTTP/0.9 has no Host header at all
    doubled = f"Host: evil.example:{server.port}\r\n"
    assert request(server, "GET", "/", extra=doubled)[0] == 403


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "FOO"])
def test_methods_other_than_get_and_head_are_405(server: ExplainerServer, method: str) -> None:
    status, headers, _ = request(server, method, "/", extra="Content-Length: 0\r\n")
    assert status == 405
    assert headers["allow"] == "GET, HEAD"
    assert_secure(headers)


def test_an_oversized_header_line_is_refused(server: ExplainerServer) -> None:
    status, headers, _ = request(server, "GET", "/", extra=f"X-Big: {'a' * 70000}\r\n")
    assert status == 431
    assert_secure(headers)


def test_too_many_headers_are_refused(server: ExplainerServer) -> None:
    many = "".join(f"X-H{k}: {k}\r\n" for k in range(150))
    status, headers, _ = request(server, "GET", "/", extra=many)
    assert status == 431
    assert_secure(headers)


def test_an_oversized_request_line_is_refused(server: ExplainerServer) -> None:
    status, headers, _ = request(server, "GET", "/" + "a" * 70000)
    assert status == 414
    assert_secure(headers)


def test_garbage_is_a_400_not_a_crash(server: ExplainerServer) -> None:
    status, headers, _ = raw(server, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http at all\r\n\r\n")
    assert status == 400
    assert_secure(headers)
    assert request(server, "GET", "/")[0] == 200  # and the server still answers
