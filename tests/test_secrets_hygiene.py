"""Secrets never show: not in repr/str, exception messages and tracebacks, log records, pickles or CLI output.

Every token type is minted and made to fail in the ways that matter (bad arguments
next to a good secret, a secret that is itself refused, wrong keys, tampered and
expired tokens, pickling), with every log record captured at DEBUG, and everything
produced is scanned for the API key secret, the auth token and the private key, and
for what they look like when they leak by accident: their base64 (also as the HTTP
basic-auth value), their first 8 characters, and each line of the PEM body.

``twilio-jwt mint validation --show-canonical`` shows the canonical request with the
Authorization value as ``***``; only ``--reveal-authorization`` prints it, on request.
"""

from __future__ import annotations

import base64
import copy
import http.server
import logging
import pathlib
import pickle
import subprocess
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from twilio_jwt import AccessToken, ClientCapability
from twilio_jwt.grants import VoiceGrant
from twilio_jwt.scopes import IncomingClientScope
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID
from twilio_jwt_rsa import RequestVerifier, ValidationToken, WireRequest
from twilio_jwt_rsa.httpx_auth import HttpxValidationAuth
from twilio_jwt_rsa.requests_auth import RequestsValidationAuth
from twilio_jwt_task_router import Policy, TaskRouterCapability, WorkerCapability

Run = Callable[..., "subprocess.CompletedProcess[str]"]  # the ``cli`` fixture of tests/conftest.py

KEYS = pathlib.Path(__file__).parent / "conformance" / "keys"
KEY_FILE = KEYS / "rsa2048_pkcs8.pem"
PRIVATE_KEY = KEY_FILE.read_text("utf-8")
PUBLIC_KEY = (KEYS / "rsa2048_public.pem").read_text("utf-8")
API_SECRET = "Qv7x2Lr9-api-key-secret-PzK4mW8vN3bT6yH1"
AUTH_TOKEN = "Jc5V1nH8-auth-token-sD2fG6kL0pR4wX9zQ3"
CR, WS, WK = "CR" + "6" * 32, "WS" + "7" * 32, "WK" + "8" * 32
URL = "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages.json"
REQUEST = {"method": "POST", "url": URL, "auth": (TEST_KEY_SID, API_SECRET), "data": {"Body": "hi"}}


def _encodings(text: str) -> Iterator[str]:
    raw = text.encode()
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        encoded = encode(raw).decode()
        yield encoded
        yield encoded.rstrip("=")
    yield raw.hex()


def _fragments() -> list[str]:
    found: list[str] = []
    for secret in (API_SECRET, AUTH_TOKEN):
        found += [secret, secret[:8], *_encodings(secret), *_encodings(f"{TEST_KEY_SID}:{secret}")]
    body = [line for line in PRIVATE_KEY.splitlines() if line and not line.startswith("-----")]
    found += body
    found += [line[:16] for line in body]
    found += [base64.b64encode(PRIVATE_KEY.encode()).decode()[:40]]
    return found


FRAGMENTS = _fragments()


def assert_clean(text: str | bytes, where: str) -> None:
    """No secret and no recognisable piece of one in ``text``."""
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    for fragment in FRAGMENTS:
        assert fragment not in text, f"{where} shows {fragment[:4]}... (a piece of a secret)"


class Seen:
    """Everything a scenario produced that a person or a log could see."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []

    def add(self, where: str, value: object) -> None:
        self.texts.append((f"{where} repr", repr(value)))
        self.texts.append((f"{where} str", str(value)))

    def fails(self, where: str, call: Callable[[], object]) -> BaseException:
        """Run ``call``, which must fail; keep its message and its whole traceback."""
        try:
            call()
        except Exception as exc:  # noqa: BLE001 - every failure is scanned, whatever its type
            self.texts.append((f"{where} message", str(exc)))
            self.texts.append((f"{where} traceback", "".join(traceback.format_exception(exc))))
            return exc
        raise AssertionError(f"{where} did not fail")

    def pickles(self, where: str, value: object) -> None:
        """Pickling a token is refused (for every protocol), and so is copying it."""
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            exc = self.fails(f"{where} pickle {protocol}", lambda p=protocol: pickle.dumps(value, protocol=p))
            assert isinstance(exc, TypeError)
        self.fails(f"{where} deepcopy", lambda: copy.deepcopy(value))


@pytest.fixture
def seen(caplog: pytest.LogCaptureFixture) -> Iterator[Seen]:
    caplog.set_level(logging.DEBUG)
    collected = Seen()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield collected
    for where, text in collected.texts:
        assert_clean(text, where)
    for record in caplog.records:
        assert_clean(record.getMessage(), f"log record from {record.name}")
        assert_clean(repr(record.args), f"log record arguments from {record.name}")
    assert_clean(caplog.text, "the captured log")
    for warning in caught:
        assert_clean(str(warning.message), "a warning")


def now(monkeypatch: pytest.MonkeyPatch, moment: float) -> None:
    monkeypatch.setattr(time, "time", lambda: moment)


# -- every token type, minted and failing ------------------------------------------------------------------------------


def test_access_token(seen: Seen, monkeypatch: pytest.MonkeyPatch) -> None:
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, API_SECRET, identity="alice", nbf=1, region="ie1")
    token.add_grant(VoiceGrant(incoming_allow=True))
    jwt = token.to_jwt("HS512")
    seen.add("token", token)
    seen.add("decoded", AccessToken.from_jwt(jwt, API_SECRET))
    seen.pickles("token", token)
    seen.fails("bad ttl", lambda: AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, API_SECRET, identity="a", ttl=0))
    seen.fails("bad sid", lambda: AccessToken(TEST_ACCOUNT_SID, API_SECRET, API_SECRET, identity="a"))
    seen.fails("bad identity", lambda: AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, API_SECRET, identity=b"x"))
    pem_like = "-----BEGIN PUBLIC KEY-----\n" + API_SECRET + "\n-----END PUBLIC KEY-----\n"
    seen.fails("pem secret", lambda: AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, pem_like, identity="a"))
    seen.fails("secret as a list", lambda: AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, [API_SECRET], identity="a"))
    seen.fails("algorithm", lambda: token.to_jwt(API_SECRET))
    seen.fails("wrong key", lambda: AccessToken.from_jwt(jwt, API_SECRET[::-1]))
    seen.fails("tampered", lambda: AccessToken.from_jwt(jwt[:-4] + "AAAA", API_SECRET))
    seen.fails("secret as the token", lambda: AccessToken.from_jwt(API_SECRET, API_SECRET))
    now(monkeypatch, time.time() + 7200)
    seen.fails("expired", lambda: AccessToken.from_jwt(jwt, API_SECRET))


def test_client_capability(seen: Seen) -> None:
    capability = ClientCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, ttl=60)
    capability.add_scope(IncomingClientScope("alice"))
    jwt = capability.to_jwt()
    seen.add("capability", capability)
    seen.add("decoded", ClientCapability.from_jwt(jwt, AUTH_TOKEN))
    seen.pickles("capability", capability)
    seen.fails("bad account", lambda: ClientCapability(AUTH_TOKEN, AUTH_TOKEN))
    seen.fails("auth token as a number", lambda: ClientCapability(TEST_ACCOUNT_SID, 12345, ttl=0))
    seen.fails("bad scope", lambda: capability.add_scope(AUTH_TOKEN))  # type: ignore[arg-type]
    seen.fails("HS512", lambda: capability.to_jwt("HS512"))
    seen.fails("wrong key", lambda: ClientCapability.from_jwt(jwt, AUTH_TOKEN + "x"))
    seen.fails("as an access token", lambda: AccessToken.from_jwt(jwt, AUTH_TOKEN))


@pytest.mark.parametrize("cls", [TaskRouterCapability, WorkerCapability])
def test_taskrouter_capability(seen: Seen, cls: type[TaskRouterCapability]) -> None:
    capability = cls(TEST_ACCOUNT_SID, AUTH_TOKEN, WS, WK, friendly_name="worker")
    capability.add_policy(Policy("https://example.com/x", post_filter={"a": {"required": True}}))
    jwt = capability.to_jwt()
    seen.add("capability", capability)
    seen.add("decoded", TaskRouterCapability.from_jwt(jwt, AUTH_TOKEN))
    seen.pickles("capability", capability)
    seen.fails("bad workspace", lambda: cls(TEST_ACCOUNT_SID, AUTH_TOKEN, AUTH_TOKEN, WK))
    seen.fails("empty auth token", lambda: cls(TEST_ACCOUNT_SID, "", WS, WK))
    seen.fails("bad policy", lambda: capability.add_policy({"url": AUTH_TOKEN}))  # type: ignore[arg-type]
    seen.fails("wrong key", lambda: TaskRouterCapability.from_jwt(jwt, "not-the-auth-token"))


def test_validation_token_and_the_request_adapters(seen: Seen) -> None:
    token = ValidationToken(TEST_ACCOUNT_SID, CR, TEST_KEY_SID, PRIVATE_KEY, algorithm="PS256")
    canonicalizer = token.get_request_canonicalizer(REQUEST)
    jwt = token.generate_token(canonicalizer)
    seen.add("token", token)
    seen.add("signer", token._signer)
    seen.add("canonicalizer", canonicalizer)
    seen.add("decoded", ValidationToken.from_jwt(jwt, PRIVATE_KEY))
    seen.add("wire request", WireRequest("GET", "/x", {"Authorization": _basic(API_SECRET), "Host": "h"}))
    seen.add("requests adapter", RequestsValidationAuth(token, auth=(TEST_KEY_SID, API_SECRET)))
    seen.add("httpx adapter", HttpxValidationAuth(token, auth=(TEST_KEY_SID, API_SECRET)))
    seen.pickles("token", token)
    seen.pickles("requests adapter", RequestsValidationAuth(token, auth=(TEST_KEY_SID, API_SECRET)))
    seen.fails(
        "bad algorithm", lambda: ValidationToken(TEST_ACCOUNT_SID, CR, TEST_KEY_SID, PRIVATE_KEY, algorithm="HS256")
    )
    seen.fails("public key", lambda: ValidationToken(TEST_ACCOUNT_SID, CR, TEST_KEY_SID, PUBLIC_KEY))
    seen.fails(
        "1024-bit key",
        lambda: ValidationToken(TEST_ACCOUNT_SID, CR, TEST_KEY_SID, (KEYS / "rsa1024_pkcs8.pem").read_text()),
    )
    broken = PRIVATE_KEY.replace(PRIVATE_KEY.splitlines()[3], "!" * 64)
    seen.fails("corrupt key", lambda: ValidationToken(TEST_ACCOUNT_SID, CR, TEST_KEY_SID, broken))
    seen.fails("bad request", lambda: token.get_request_canonicalizer({**REQUEST, "url": "/relative"}))
    seen.fails("bad canonicalizer", lambda: token.generate_token(REQUEST))  # type: ignore[arg-type]
    seen.fails("other key", lambda: ValidationToken.from_jwt(jwt, (KEYS / "rsa3072_pkcs8.pem").read_text()))
    verifier = RequestVerifier(PUBLIC_KEY)
    result = verifier.verify(WireRequest("POST", "/other", {"Authorization": _basic(API_SECRET)}), token=jwt)
    assert not result
    seen.add("verification result", result)


def _basic(secret: str) -> str:
    return "Basic " + base64.b64encode(f"{TEST_KEY_SID}:{secret}".encode()).decode()


class _Quiet(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_a_signed_request_logs_no_secret(seen: Seen) -> None:
    """requests and urllib3 log at DEBUG while the adapter signs with the key and sends basic auth."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        token = ValidationToken(TEST_ACCOUNT_SID, CR, TEST_KEY_SID, PRIVATE_KEY)
        auth = RequestsValidationAuth(token, auth=(TEST_KEY_SID, API_SECRET))
        response = requests.post(f"http://127.0.0.1:{server.server_port}/x", data={"a": "b"}, auth=auth, timeout=10)
        assert response.status_code == 204
        seen.add("request", response.request.url)
    finally:
        server.shutdown()
        server.server_close()


# -- the command line --------------------------------------------------------------------------------------------------

SECRETS_ENV = {
    "TWILIO_API_SECRET": API_SECRET,
    "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
    "TWILIO_CREDENTIAL_SID": CR,
}
MINT_ACCESS = ("mint", "access-token", "--identity", "alice", "--grant", "voice:incoming_allow=true")
MINT_VALIDATION = ("mint", "validation", "--private-key", str(KEY_FILE), "--method", "GET", "--url", URL)


def test_cli_success_and_failure_runs_show_no_secret(cli: Run) -> None:
    def run(*args: str, status: int) -> str:
        result = cli(*args, env=SECRETS_ENV)
        assert result.returncode == status, result.stderr
        where = "twilio-jwt " + " ".join(arg for arg in args if arg not in (API_SECRET, AUTH_TOKEN))[:60]
        assert_clean(result.stdout, f"{where} stdout")
        assert_clean(result.stderr, f"{where} stderr")
        return result.stdout.strip()

    access = run(*MINT_ACCESS, status=0)
    client = run("mint", "client-capability", "--incoming", "alice", status=0)
    taskrouter = run("mint", "taskrouter", "--workspace-sid", WS, "--channel", WK, status=0)
    validation = run(*MINT_VALIDATION, "--header", f"Authorization: {_basic(API_SECRET)}", status=0)
    run(*MINT_VALIDATION, "--header", f"Authorization: {_basic(API_SECRET)}", "--show-canonical", status=0)
    run("decode", "--secret-env", "TWILIO_API_SECRET", "--json", access, status=0)
    run("decode", "--secret-env", "TWILIO_AUTH_TOKEN", client, status=0)
    run("decode", "--secret", AUTH_TOKEN, taskrouter, status=0)
    run("decode", "--public-key", str(KEYS / "rsa2048_public.pem"), validation, status=0)
    # Failures, with the secret on the command line too.
    run(*MINT_ACCESS, "--api-secret", API_SECRET, "--ttl", "0", status=2)
    run(*MINT_ACCESS, "--api-secret", "-----BEGIN PUBLIC KEY-----" + API_SECRET, status=2)
    run(*MINT_ACCESS, "--api-secrt", API_SECRET, status=2)
    run(*MINT_ACCESS, f"--api={API_SECRET}", status=2)
    run(*MINT_ACCESS, API_SECRET, status=2)
    run("mint", "client-capability", "--auth-token", AUTH_TOKEN, "--incoming", "", status=2)
    run("mint", "taskrouter", "--auth-token", AUTH_TOKEN, "--workspace-sid", AUTH_TOKEN, status=2)
    run(*MINT_VALIDATION, "--algorithm", "HS256", status=2)
    run("decode", "--secret", API_SECRET[::-1], access, status=1)
    run("decode", "--secret", API_SECRET, access[:-6] + "AAAAAA", status=1)
    run("decode", "--secret", API_SECRET, "--public-key", "x", access, status=2)
