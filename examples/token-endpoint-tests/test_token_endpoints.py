"""The token-endpoint examples, each as a real server on 127.0.0.1, against one contract.

Flask runs under werkzeug's ``make_server`` and FastAPI under ``uvicorn.Server``, each in a
thread on an ephemeral port; every request goes over HTTP with httpx, and every token is
verified with PyJWT (signature, header, claims, grants), so nothing of the apps is mocked.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping

import httpx
import jwt
import pytest
import token_endpoint_fastapi
import token_endpoint_flask
import uvicorn
from werkzeug.serving import make_server

ACCOUNT = "AC" + "0123456789abcdef" * 2
KEY = "SK" + "fedcba9876543210" * 2
SECRET = "endpoint-test-secret-" + "0123456789abcdef" * 2
CONFIG = {"TWILIO_ACCOUNT_SID": ACCOUNT, "TWILIO_API_KEY": KEY, "TWILIO_API_SECRET": SECRET}

Serve = Callable[[Mapping[str, str]], str]


def _serve_flask(environ: Mapping[str, str], stop: list[Callable[[], None]]) -> str:
    server = make_server("127.0.0.1", 0, token_endpoint_flask.create_app(environ), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def shutdown() -> None:
        server.shutdown()
        server.server_close()
        thread.join(10)

    stop.append(shutdown)
    return f"http://127.0.0.1:{server.server_port}"


def _serve_fastapi(environ: Mapping[str, str], stop: list[Callable[[], None]]) -> str:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(token_endpoint_fastapi.create_app(environ), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)

    def shutdown() -> None:
        server.should_exit = True
        thread.join(10)
        sock.close()

    stop.append(shutdown)
    return f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.fixture(params=["flask", "fastapi"])
def serve(request: pytest.FixtureRequest) -> Iterator[Serve]:
    """``serve(environ)``: start the example app with that configuration; its base URL."""
    start = {"flask": _serve_flask, "fastapi": _serve_fastapi}[request.param]
    stop: list[Callable[[], None]] = []
    yield lambda environ: start(environ, stop)
    for shutdown in stop:
        shutdown()


def _fetch(base: str, method: str = "GET", identity: str | None = "alice") -> httpx.Response:
    headers = {} if identity is None else {"X-Identity": identity}
    return httpx.request(method, f"{base}/token", headers=headers, timeout=30)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_token_for_the_signed_in_identity_verifies_with_pyjwt(serve: Serve, method: str) -> None:
    before = int(time.time())
    reply = _fetch(serve(CONFIG), method, identity="alice")
    assert reply.status_code == 200
    assert reply.headers["cache-control"] == "no-store"
    assert reply.headers["content-type"].startswith("application/json")
    body = reply.json()
    assert sorted(body) == ["identity", "token"]
    assert body["identity"] == "alice"
    token = body["token"]
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT", "cty": "twilio-fpa;v=1"}
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["iss"] == KEY
    assert claims["sub"] == ACCOUNT
    assert claims["jti"].startswith(f"{KEY}-")
    assert before <= claims["iat"] <= int(time.time())
    assert claims["exp"] - claims["iat"] == 3600
    assert claims["grants"] == {"identity": "alice", "voice": {"incoming": {"allow": True}}, "video": {}}
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, SECRET + "x", algorithms=["HS256"])


def test_outgoing_calls_go_to_the_configured_twiml_app(serve: Serve) -> None:
    app_sid = "AP" + "a" * 32
    reply = _fetch(serve({**CONFIG, "TWILIO_TWIML_APP_SID": app_sid}), identity="bob")
    assert reply.status_code == 200
    claims = jwt.decode(reply.json()["token"], SECRET, algorithms=["HS256"])
    assert claims["grants"]["identity"] == "bob"
    assert claims["grants"]["voice"] == {"incoming": {"allow": True}, "outgoing": {"application_sid": app_sid}}


@pytest.mark.parametrize("identity", [None, ""])
def test_no_identity_is_refused_with_401_and_no_token(serve: Serve, identity: str | None) -> None:
    reply = _fetch(serve(CONFIG), identity=identity)
    assert reply.status_code == 401
    assert reply.headers["cache-control"] == "no-store"
    assert reply.json() == {"error": "X-Identity: sign in first; the token is minted for the signed-in user"}


@pytest.mark.parametrize("unset", ["TWILIO_ACCOUNT_SID", "TWILIO_API_KEY", "TWILIO_API_SECRET"])
def test_missing_configuration_is_a_500_naming_the_variable(serve: Serve, unset: str) -> None:
    environ = {name: value for name, value in CONFIG.items() if name != unset}
    reply = _fetch(serve(environ))
    assert reply.status_code == 500
    assert reply.headers["cache-control"] == "no-store"
    assert reply.json() == {"error": f"server misconfigured: {unset} not set"}
    assert SECRET not in reply.text


def test_empty_variables_count_as_missing_and_are_all_named(serve: Serve) -> None:
    reply = _fetch(serve({**CONFIG, "TWILIO_ACCOUNT_SID": "", "TWILIO_API_SECRET": ""}))
    assert reply.status_code == 500
    assert reply.json() == {"error": "server misconfigured: TWILIO_ACCOUNT_SID, TWILIO_API_SECRET not set"}


@pytest.mark.parametrize(
    ("variable", "value", "parameter"),
    [
        ("TWILIO_API_KEY", ACCOUNT, "key_sid"),  # an Account SID where the API key SID belongs
        ("TWILIO_ACCOUNT_SID", KEY, "account_sid"),
        ("TWILIO_TWIML_APP_SID", "AP 0123", "outgoing_application_sid"),  # white space: a copying slip
    ],
)
def test_an_unusable_credential_is_a_500_naming_it_without_the_secret(
    serve: Serve, variable: str, value: str, parameter: str
) -> None:
    reply = _fetch(serve({**CONFIG, variable: value}))
    assert reply.status_code == 500
    assert reply.headers["cache-control"] == "no-store"
    error = reply.json()["error"]
    assert error.startswith(f"server misconfigured: {variable}: {parameter}: "), error
    assert SECRET not in reply.text
    assert "token" not in reply.json()
