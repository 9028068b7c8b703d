"""Tracebacks with locals, as an error reporter records them, show no secret in library frames (issue 12, item 6).

Sentry and similar tools keep every frame's local variables. ``AccessToken.from_jwt(bad,
secret)`` used to leave ``key = '<secret>'`` in the library's frames, and a constructor
refusing a bad ``identity`` left the secret in attrs' generated ``__init__``. Each
public entry point that takes a secret or key is made to fail here with a real secret,
the failure is captured the way a reporter does (``TracebackException(...,
capture_locals=True)``, chained exceptions included), and every frame that is not this
test's own is searched for the secret, its base64 and hex forms, its first 8 characters
and each line of the private key's PEM body.
"""

from __future__ import annotations

import base64
import pathlib
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from twilio_jwt import AccessToken, ClientCapability, PluginHost, SigningAlgorithm, hookimpl
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, ReferenceHMAC
from twilio_jwt_rsa import ValidationToken
from twilio_jwt_task_router import TaskRouterCapability, WorkerCapability

KEYS = pathlib.Path(__file__).parent / "conformance" / "keys"
PRIVATE_KEY = (KEYS / "rsa2048_pkcs8.pem").read_text("utf-8")
SMALL_KEY = (KEYS / "rsa1024_pkcs8.pem").read_text("utf-8")
API_SECRET = "Wq3n8Ks1-traceback-api-secret-Vd6Hp2Tz"
AUTH_TOKEN = "Bx9r4Mc7-traceback-auth-token-Lf0Qj5Ng"
CR, WS, WK = "CR" + "6" * 32, "WS" + "7" * 32, "WK" + "8" * 32
REQUEST = {"method": "GET", "url": "https://api.twilio.com/x", "auth": (TEST_KEY_SID, "pw")}
PEM_SECRET = PRIVATE_KEY  # a private key passed where an HMAC secret goes: refused, and a secret itself


def _fragments() -> list[str]:
    found: list[str] = []
    for secret in (API_SECRET, AUTH_TOKEN):
        raw = secret.encode()
        found += [secret, secret[:8], base64.b64encode(raw).decode()[:16], raw.hex()[:16], repr(raw)[2:18]]
    for pem in (PRIVATE_KEY, SMALL_KEY):
        found += [line[:16] for line in pem.splitlines() if line and not line.startswith("-----")]
    return found


FRAGMENTS = _fragments()


def _chain(te: traceback.TracebackException) -> Iterator[traceback.TracebackException]:
    """The exception and every chained one a formatted traceback shows."""
    while te is not None:
        yield te
        te = te.__cause__ or (None if te.__suppress_context__ else te.__context__)  # type: ignore[assignment]


def assert_no_secret_in_library_frames(call: Callable[[], object]) -> BaseException:
    try:
        call()
    except Exception as exc:  # noqa: BLE001 - whatever it is, a reporter records it
        caught = exc
    else:
        raise AssertionError("the call did not fail")
    report = traceback.TracebackException.from_exception(caught, capture_locals=True)
    frames = 0
    for te in _chain(report):
        for frame in te.stack:
            if frame.filename == __file__:
                continue  # the caller's own frames hold the secret: it is the caller's variable
            frames += 1
            for name, value in (frame.locals or {}).items():
                for fragment in FRAGMENTS:
                    assert fragment not in value, f"{frame.name}() in {frame.filename} shows it as {name}"
        for fragment in FRAGMENTS:
            assert fragment not in "".join(te.format_exception_only()), "the message shows it"
    assert frames >= 1, "no library frame at all: the door frame itself must be kept"
    return caught


def _access_jwt() -> str:
    return AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, API_SECRET, identity="alice").to_jwt()


def _validation_jwt() -> str:
    token = ValidationToken(TEST_ACCOUNT_SID, CR, TEST_KEY_SID, PRIVATE_KEY)
    jwt: str = token.generate_token(token.get_request_canonicalizer(REQUEST))
    return jwt


def _tampered(jwt: str) -> str:
    head, claims, signature = jwt.split(".")
    return f"{head}.{claims}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"


CASES: dict[str, Callable[[], object]] = {
    # AccessToken
    "AccessToken: bad identity": lambda: AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, API_SECRET, identity=""),
    "AccessToken: bad ttl, secret by keyword": lambda: AccessToken(
        TEST_ACCOUNT_SID, TEST_KEY_SID, secret=API_SECRET, identity="a", ttl=0
    ),
    "AccessToken: bad account SID": lambda: AccessToken("AC1", TEST_KEY_SID, API_SECRET, identity="a"),
    "AccessToken: secret in a list": lambda: AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, [API_SECRET], identity="a"),
    "AccessToken: a private key as the secret": lambda: AccessToken(
        TEST_ACCOUNT_SID, TEST_KEY_SID, PEM_SECRET, identity="a"
    ),
    "AccessToken.from_jwt: bad signature": lambda: AccessToken.from_jwt(_tampered(_access_jwt()), API_SECRET),
    "AccessToken.from_jwt: another key": lambda: AccessToken.from_jwt(_access_jwt(), AUTH_TOKEN),
    "AccessToken.from_jwt: not a token": lambda: AccessToken.from_jwt("a.b", API_SECRET),
    "AccessToken.from_jwt: key by keyword": lambda: AccessToken.from_jwt(token="x.y.z", key=API_SECRET),
    "AccessToken.from_jwt: a private key as the key": lambda: AccessToken.from_jwt(_access_jwt(), PEM_SECRET),
    "AccessToken.from_jwt: bad leeway": lambda: AccessToken.from_jwt(_access_jwt(), API_SECRET, leeway=-1),
    # ClientCapability
    "ClientCapability: bad ttl": lambda: ClientCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, ttl=0),
    "ClientCapability: bad account SID": lambda: ClientCapability(TEST_KEY_SID, auth_token=AUTH_TOKEN),
    "ClientCapability.from_jwt: another token type": lambda: ClientCapability.from_jwt(_access_jwt(), AUTH_TOKEN),
    "ClientCapability.from_jwt: bad signature": lambda: ClientCapability.from_jwt(
        _tampered(ClientCapability(TEST_ACCOUNT_SID, AUTH_TOKEN).to_jwt()), AUTH_TOKEN
    ),
    # TaskRouterCapability (a plugin's subclass) and a ready-made subclass of it
    "TaskRouterCapability: bad workspace": lambda: TaskRouterCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, "XX1", WK),
    "WorkerCapability: bad worker": lambda: WorkerCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, WS, "XX1"),
    "TaskRouterCapability.from_jwt: bad signature": lambda: TaskRouterCapability.from_jwt(
        _tampered(TaskRouterCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, WS, WK).to_jwt()), AUTH_TOKEN
    ),
    # ValidationToken and the rsa plugin beneath it
    "ValidationToken: bad ttl": lambda: ValidationToken(TEST_ACCOUNT_SID, CR, TEST_KEY_SID, PRIVATE_KEY, ttl=0),
    "ValidationToken: bad credential": lambda: ValidationToken(TEST_ACCOUNT_SID, "CR1", TEST_KEY_SID, PRIVATE_KEY),
    "ValidationToken: 1024-bit key": lambda: ValidationToken(TEST_ACCOUNT_SID, CR, TEST_KEY_SID, SMALL_KEY),
    "ValidationToken: key by keyword, bad algorithm": lambda: ValidationToken(
        TEST_ACCOUNT_SID, CR, TEST_KEY_SID, private_key=PRIVATE_KEY, algorithm="HS256"
    ),
    "ValidationToken.from_jwt: bad signature": lambda: ValidationToken.from_jwt(
        _tampered(_validation_jwt()), PRIVATE_KEY
    ),
    "ValidationToken.from_jwt: 1024-bit key": lambda: ValidationToken.from_jwt(_validation_jwt(), SMALL_KEY),
    "ValidationToken.from_jwt: expired": lambda: _expired(),
}


def _expired() -> object:
    real = time.time
    jwt = _validation_jwt()
    time.time = lambda: real() + 3600
    try:
        return ValidationToken.from_jwt(jwt, PRIVATE_KEY)
    finally:
        time.time = real


@pytest.mark.parametrize("case", list(CASES))
def test_no_library_frame_shows_the_secret(case: str) -> None:
    caught = assert_no_secret_in_library_frames(CASES[case])
    assert isinstance(caught, (ValueError, TypeError)), type(caught)


def test_an_entry_point_called_while_handling_another_error_leaves_that_error_alone() -> None:
    """The caller's own exception (the context of ours) keeps its traceback: only frames below the door go."""
    try:
        raise KeyError("the caller's own")
    except KeyError:
        with pytest.raises(ValueError, match=r"^identity: ") as caught:
            AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, API_SECRET, identity="")
    context = caught.value.__context__
    assert isinstance(context, KeyError)
    assert context.__traceback__ is not None
    assert context.__traceback__.tb_frame.f_code.co_name == sys._getframe().f_code.co_name


class _Exploding(ReferenceHMAC):
    """An HMAC whose verify-key preparation has a bug (not one of the library's own errors)."""

    def prepare_verify_key(self, key: Any) -> Any:
        raise RuntimeError("a bug in a plugin")


class _ExplodingPlugin:
    @hookimpl
    def twilio_jwt_signing_algorithms(self) -> list[SigningAlgorithm]:
        return [_Exploding("HS256")]


def test_a_bug_below_the_door_is_reported_with_where_it_happened_but_no_locals() -> None:
    host = PluginHost(plugins=[_ExplodingPlugin()])
    caught = assert_no_secret_in_library_frames(lambda: AccessToken.from_jwt(_access_jwt(), API_SECRET, host=host))
    assert isinstance(caught, RuntimeError)
    assert str(caught) == "a bug in a plugin"
    if sys.version_info >= (3, 11):
        (note,) = caught.__notes__
        assert note.startswith("raised inside twilio-jwt (frames below the entry point are not kept):")
        assert "prepare_verify_key" in note  # where it happened is still there, without any value


def test_the_door_keeps_exceptions_as_they_were() -> None:
    """Type, message and the parameter a message names are unchanged; nothing chained is invented."""
    with pytest.raises(ValueError, match=r"^identity: is required") as caught:
        AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, API_SECRET, identity="")
    assert caught.value.parameter == "identity"  # type: ignore[attr-defined]
    assert caught.value.__cause__ is None
    # The traceback starts at the door: nothing below the entry point is kept.
    names = [entry.name for entry in traceback.extract_tb(caught.value.__traceback__)]
    assert "__init__" not in names
    assert "_identity" not in names
