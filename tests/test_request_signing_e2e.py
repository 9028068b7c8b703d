"""End to end: requests and httpx sign through the adapters, a real HTTP server checks what arrived.

The server (``http.server`` in a thread on 127.0.0.1, ephemeral port, so a non-default
port is always in play) records the raw request line, every header as received and
the body bytes, and the test verifies those with :class:`twilio_jwt_rsa.RequestVerifier`:
nothing the client library believes it sent is used, only what came over the socket.
Then each signed part is changed in turn and verification must fail.
"""

from __future__ import annotations

import asyncio
import http.server
import pathlib
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import httpx
import pytest
import requests

from twilio_jwt import InvalidParameterError
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID
from twilio_jwt_rsa import RequestVerifier, ValidationToken, WireRequest
from twilio_jwt_rsa.httpx_auth import HttpxValidationAuth
from twilio_jwt_rsa.requests_auth import RequestsValidationAuth

KEYS = pathlib.Path(__file__).parent / "conformance" / "keys"
PEM = (KEYS / "rsa2048_pkcs8.pem").read_text()
PUBLIC_PEM = (KEYS / "rsa2048_public.pem").read_text()
CREDENTIAL_SID = "CR" + "7" * 32
BASIC = (TEST_KEY_SID, "api-key-secret")


@dataclass(frozen=True)
class Arrived:
    """One request as the server read it off the socket."""

    request_line: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @property
    def method(self) -> str:
        return self.request_line.split(" ")[0]

    @property
    def target(self) -> str:
        return self.request_line.split(" ")[1]

    def with_header(self, name: str, value: str) -> Arrived:
        kept = tuple((k, v) for k, v in self.headers if k.lower() != name.lower())
        return replace(self, headers=(*kept, (name, value)))


class Recorder(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _record(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.arrived.append(Arrived(self.requestline, tuple(self.headers.items()), body))  # type: ignore[attr-defined]
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _record

    def log_message(self, format: str, *args: Any) -> None:
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Recorder)
        self.arrived: list[Arrived] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def take(self) -> Arrived:
        (arrived,) = self.arrived
        self.arrived.clear()
        return arrived


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    srv = Server()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join()


@pytest.fixture(scope="module")
def verifier() -> RequestVerifier:
    return RequestVerifier(
        PUBLIC_PEM, account_sid=TEST_ACCOUNT_SID, signing_key=TEST_KEY_SID, credential_sid=CREDENTIAL_SID
    )


def vt(**kwargs: Any) -> ValidationToken:
    return ValidationToken(TEST_ACCOUNT_SID, CREDENTIAL_SID, TEST_KEY_SID, PEM, **kwargs)


def check(verifier: RequestVerifier, arrived: Arrived) -> Any:
    return verifier.verify(WireRequest(arrived.method, arrived.target, arrived.headers, arrived.body, scheme="http"))


# Each case: (method, path, keyword arguments common to requests and httpx).
QUERY = [("k", "v 1"), ("k", "v+2"), ("k", "v*3"), ("u", "é ü"), ("t", "~x~"), ("p", "100%"), ("e", "")]
CASES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "GET query params": ("GET", "/2010-04-01/Accounts/AC1/Calls.json", {"params": QUERY}),
    "GET query in url": ("GET", "/q?b=2&a=1&a=0&s=a%20b&plus=a+b&star=*&tilde=~&pct=%25&uni=%C3%A9", {}),
    "GET odd path": ("GET", "/a b/é/*~+/%25/", {"params": {"x": "1"}}),
    "POST form": (
        "POST",
        "/2010-04-01/Accounts/AC1/Messages.json",
        {"data": {"To": "+15558675310", "Body": "hé *~+% llo", "MediaUrl": ["https://a/1", "https://a/2"]}},
    ),
    "POST json": (
        "POST",
        "/v1/Services",
        {"json": {"FriendlyName": "é", "list": [1, 2.5, None], "nested": {"ok": True}}},
    ),
    "PUT bytes": ("PUT", "/raw", {"content": b"\x00\x01\xfe\xff binary"}),
    "DELETE empty": ("DELETE", "/2010-04-01/Accounts/AC1/Messages/SM1.json", {}),
}


def send_requests(
    server: Server, signer: ValidationToken, method: str, path: str, kwargs: dict[str, Any], **extra: Any
) -> None:
    options = dict(kwargs)
    if "content" in options:
        options["data"] = options.pop("content")
    with requests.Session() as session:
        session.auth = RequestsValidationAuth(signer, auth=BASIC)
        session.request(method, server.base + path, timeout=10, **options, **extra).raise_for_status()


def send_httpx(
    server: Server, signer: ValidationToken, method: str, path: str, kwargs: dict[str, Any], **extra: Any
) -> None:
    with httpx.Client(auth=HttpxValidationAuth(signer, auth=BASIC), timeout=10) as client:
        client.request(method, server.base + path, **kwargs, **extra).raise_for_status()


def send_httpx_async(
    server: Server, signer: ValidationToken, method: str, path: str, kwargs: dict[str, Any], **extra: Any
) -> None:
    async def go() -> None:
        async with httpx.AsyncClient(auth=HttpxValidationAuth(signer, auth=BASIC), timeout=10) as client:
            (await client.request(method, server.base + path, **kwargs, **extra)).raise_for_status()

    asyncio.run(go())


CLIENTS: dict[str, Callable[..., None]] = {
    "requests": send_requests,
    "httpx": send_httpx,
    "httpx-async": send_httpx_async,
}


def tampered(arrived: Arrived) -> dict[str, Arrived]:
    """The request with one signed part changed at a time."""
    path, _, query = arrived.target.partition("?")
    authorization = dict((k.lower(), v) for k, v in arrived.headers)["authorization"]
    return {
        "method": replace(arrived, request_line=arrived.request_line.replace(arrived.method, "PATCH", 1)),
        "path": replace(arrived, request_line=arrived.request_line.replace(path, path + "x", 1)),
        "query": replace(
            arrived, request_line=arrived.request_line.replace(arrived.target, f"{path}?{query}&extra=1", 1)
        ),
        "authorization": arrived.with_header("Authorization", authorization + "x"),
        "host": arrived.with_header("Host", "127.0.0.1:1"),
        "body": replace(arrived, body=arrived.body + b"!"),
    }


@pytest.mark.parametrize("client", list(CLIENTS))
@pytest.mark.parametrize("case", list(CASES))
def test_signed_requests_verify_from_the_wire_and_tampering_fails(
    client: str, case: str, server: Server, verifier: RequestVerifier
) -> None:
    method, path, kwargs = CASES[case]
    CLIENTS[client](server, vt(), method, path, kwargs)
    arrived = server.take()
    assert arrived.method == method
    result = check(verifier, arrived)
    assert result.ok, (result.reason, result.canonicalizer)
    assert result.canonicalizer is not None
    assert result.canonicalizer.header_lines.startswith("authorization:Basic ")
    assert check(verifier, arrived.with_header("User-Agent", "changed")).ok  # unsigned headers may change
    for part, changed in tampered(arrived).items():
        refused = check(verifier, changed)
        assert not refused.ok, part
        assert refused.reason.startswith("the request does not match its token (rqh)"), (part, refused.reason)


@pytest.mark.parametrize("client", list(CLIENTS))
def test_extra_signed_headers_survive_the_wire_and_are_protected(
    client: str, server: Server, verifier: RequestVerifier
) -> None:
    signer = vt(signed_headers=["X-Request-Tag", "Content-Type"], algorithm="PS256")
    CLIENTS[client](server, signer, "POST", "/tagged", {"data": {"a": "1"}}, headers={"X-Request-Tag": "tag-1"})
    arrived = server.take()
    result = check(verifier, arrived)
    assert result.ok, result.reason
    assert result.claims is not None
    assert result.claims["hrh"] == "authorization;content-type;host;x-request-tag"
    assert "\nx-request-tag:tag-1\n" in result.canonicalizer.canonicalized_request  # type: ignore[union-attr]
    for name, value in (("X-Request-Tag", "tag-2"), ("Content-Type", "text/plain")):
        assert not check(verifier, arrived.with_header(name, value)).ok


@pytest.mark.parametrize("client", ["requests", "httpx"])
def test_url_userinfo_is_the_signed_basic_auth(client: str, server: Server, verifier: RequestVerifier) -> None:
    url = server.base.replace("http://", "http://user%40x:p%3Aw@") + "/userinfo"
    if client == "requests":
        with requests.Session() as session:
            session.get(url, auth=RequestsValidationAuth(vt()), timeout=10).raise_for_status()
    else:
        with httpx.Client(auth=HttpxValidationAuth(vt()), timeout=10) as http:
            http.get(url).raise_for_status()
    arrived = server.take()
    assert ("Authorization", "Basic dXNlckB4OnA6dw==") in arrived.headers
    assert check(verifier, arrived).ok


def test_a_token_for_one_request_does_not_verify_another(server: Server, verifier: RequestVerifier) -> None:
    send_httpx(server, vt(), "GET", "/one", {})
    first = server.take()
    send_httpx(server, vt(), "GET", "/two", {})
    second = server.take()
    token = dict(first.headers)["Twilio-Client-Validation"]
    assert not check(verifier, second.with_header("Twilio-Client-Validation", token)).ok


# -- raw request lines a client library would never send (issue 12) -----------------------------------------

AUTHORIZATION = "Basic dXNlcjpwYXNz"


def send_raw(server: Server, method: str, target: str, headers: list[tuple[str, str]]) -> Arrived:
    """Write one request byte for byte on a socket, wait for the answer, return what the server read."""
    lines = [
        f"{method} {target} HTTP/1.1",
        *(f"{name}: {value}" for name, value in headers),
        "Content-Length: 0",
        "Connection: close",
    ]
    with socket.create_connection(server.server_address, timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        assert sock.recv(64).startswith(b"HTTP/1.1 204")
    return server.take()


def raw_headers(server: Server, token: str, authorization: str = AUTHORIZATION) -> list[tuple[str, str]]:
    host = f"127.0.0.1:{server.server_address[1]}"
    return [("Host", host), ("Authorization", authorization), ("Twilio-Client-Validation", token)]


def token_for(server: Server, method: str, target: str) -> str:
    host = f"127.0.0.1:{server.server_address[1]}"
    signer = vt()
    wire = WireRequest(method, target, {"Host": host, "Authorization": AUTHORIZATION}, scheme="http")
    return signer.generate_token(signer.get_wire_canonicalizer(wire))


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("/api/send?to=alice#&to=mallory", "the request target has a fragment"),
        ("/api/admin/../send?to=alice", "has a dot segment"),
        ("/api/./send?to=alice", "has a dot segment"),
        ("/api//send?to=alice", "has an empty segment (//)"),
        ("/api/%73end?to=alice", "is not in canonical form"),
    ],
)
def test_a_raw_target_that_is_not_canonical_is_refused_from_the_wire(
    target: str, reason: str, server: Server, verifier: RequestVerifier
) -> None:
    """A token for GET /api/send?to=alice; the server hands the app the raw target (Tornado reads the fragment)."""
    token = token_for(server, "GET", "/api/send?to=alice")
    legit = send_raw(server, "GET", "/api/send?to=alice", raw_headers(server, token))
    assert check(verifier, legit).ok
    arrived = send_raw(server, "GET", target, raw_headers(server, token))
    assert arrived.target == target  # http.server passes it on as it came
    result = check(verifier, arrived)
    assert not result.ok
    assert reason in result.reason


def test_a_folded_authorization_header_from_the_wire_is_refused_without_showing_it(server: Server) -> None:
    """obs-fold (RFC 9112 5.2): http.server keeps the CR LF in the value; it must not be hashed or logged."""
    folded = "Basic c2VjcmV0LWxpbmUtb25l\r\n c2VjcmV0LWxpbmUtdHdv"
    arrived = send_raw(server, "GET", "/folded", raw_headers(server, token_for(server, "GET", "/folded"), folded))
    assert ("Authorization", folded) in arrived.headers
    with pytest.raises(InvalidParameterError, match=r"^headers: the value of 'Authorization' holds CR, LF or NUL") as e:
        WireRequest(arrived.method, arrived.target, arrived.headers, arrived.body, scheme="http")
    assert "c2VjcmV0" not in str(e.value)


def test_a_method_that_is_not_a_token_from_the_wire_is_refused(server: Server) -> None:
    """A request line in UTF-8 read as ISO-8859-1, as http.server reads it: "po\\u017ft" is not POST."""
    token = token_for(server, "POST", "/m")
    lines = f"po\u017ft /m HTTP/1.1\r\nHost: 127.0.0.1:{server.server_address[1]}\r\nConnection: close\r\n\r\n"
    with socket.create_connection(server.server_address, timeout=10) as sock:
        sock.sendall(lines.encode("utf-8"))
        assert sock.recv(64).startswith(b"HTTP/1.1 501")  # http.server has no do_ method for it
    method = lines.encode("utf-8").decode("latin-1").split(" ")[0]
    with pytest.raises(InvalidParameterError, match=r"^method: .* is not an HTTP method"):
        WireRequest(method, "/m", raw_headers(server, token), scheme="http")
