"""The places where the compat layer deliberately does not copy twilio-python: its plain bugs.

Each test shows both sides: what the compat layer does, and that twilio-python really
does otherwise (so the exception, as ``twilio_jwt_compat`` documents it,
is real and still needed). The list in that module's docstring and this file match.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

import pytest
import twilio.http.validation_client as twilio_validation_client
import twilio.jwt.access_token as twilio_access_token
import twilio.jwt.access_token.grants as twilio_grants
import twilio.jwt.client as twilio_client
import twilio.jwt.taskrouter.capabilities as twilio_taskrouter
import twilio.jwt.validation as twilio_validation
from compat_support import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    CREDENTIAL_SID,
    KEY_SID,
    NOW,
    PRIVATE_KEY,
    SECRET,
    WORKER_SID,
    WORKSPACE_SID,
    decode,
    freeze,
)

from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError
from twilio_jwt_compat import (
    AccessToken,
    ClientCapabilityToken,
    ClientValidationJwt,
    PlaybackGrant,
    ValidationPayload,
    VideoGrant,
    WorkerCapabilityToken,
)


def ticking_clock(monkeypatch: pytest.MonkeyPatch, start: float, step: float) -> list[float]:
    """A clock that moves on by ``step`` at every read; returns the list of readings made."""
    readings: list[float] = []

    def read() -> float:
        readings.append(start + step * len(readings))
        return readings[-1]

    monkeypatch.setattr(time, "time", read)
    return readings


def test_the_clock_is_read_once_per_token(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each read is 0.4 s later, starting just before a second boundary.
    readings = ticking_clock(monkeypatch, NOW + 0.9, 0.4)
    claims = decode(AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="alice").to_jwt())[1]
    assert len(readings) == 1
    assert claims["jti"] == f"{KEY_SID}-{NOW}"
    assert claims["nbf"] == NOW
    assert claims["exp"] == NOW + 3600

    readings.clear()
    theirs = decode(twilio_access_token.AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="alice").to_jwt())[1]
    assert len(readings) > 1
    assert theirs["jti"] == f"{KEY_SID}-{NOW}"
    assert theirs["nbf"] == NOW + 1  # read again a second later: the claims disagree


@pytest.mark.parametrize(("now", "floored"), [(-1.5, -2), (-0.25, -1), (-3600.75, -3601)])
def test_clocks_before_1970_are_floored(monkeypatch: pytest.MonkeyPatch, now: float, floored: int) -> None:
    freeze(monkeypatch, now)
    claims = decode(AccessToken(ACCOUNT_SID, KEY_SID, SECRET).to_jwt())[1]
    assert (claims["jti"], claims["nbf"], claims["exp"]) == (f"{KEY_SID}-{floored}", floored, floored + 3600)
    theirs = decode(twilio_access_token.AccessToken(ACCOUNT_SID, KEY_SID, SECRET).to_jwt())[1]
    assert theirs["nbf"] == floored + 1  # int() truncates towards zero


def test_playback_grant_without_grant_is_an_empty_object() -> None:
    assert PlaybackGrant().to_payload() == {}
    assert decode(AccessToken(ACCOUNT_SID, KEY_SID, SECRET, grants=[PlaybackGrant()]).to_jwt())[1]["grants"] == {
        "player": {}
    }
    assert twilio_grants.PlaybackGrant().to_payload() is None  # written as "player": null


def test_client_capability_honours_valid_until(monkeypatch: pytest.MonkeyPatch) -> None:
    freeze(monkeypatch, NOW)
    claims = decode(ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, valid_until=NOW + 60).to_jwt(), AUTH_TOKEN)[1]
    assert claims["exp"] == NOW + 60
    theirs = twilio_client.ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, valid_until=NOW + 60).to_jwt()
    assert decode(theirs, AUTH_TOKEN)[1]["exp"] == NOW + 3600  # dropped


TTL_NONE: list[Any] = [
    pytest.param(
        lambda: AccessToken(ACCOUNT_SID, KEY_SID, SECRET, ttl=None),
        lambda: twilio_access_token.AccessToken(ACCOUNT_SID, KEY_SID, SECRET, ttl=None),
        SECRET,
        id="access-token",
    ),
    pytest.param(
        lambda: ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, ttl=None),
        lambda: twilio_client.ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, ttl=None),
        AUTH_TOKEN,
        id="client",
    ),
    pytest.param(
        lambda: WorkerCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WORKSPACE_SID, WORKER_SID, ttl=None),
        lambda: twilio_taskrouter.WorkerCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WORKSPACE_SID, WORKER_SID, ttl=None),
        AUTH_TOKEN,
        id="worker",
    ),
]


@pytest.mark.parametrize(("ours", "theirs", "key"), TTL_NONE)
def test_ttl_none_means_the_default(monkeypatch: pytest.MonkeyPatch, ours: Any, theirs: Any, key: str) -> None:
    freeze(monkeypatch, NOW)
    assert decode(ours().to_jwt(), key)[1]["exp"] == NOW + 3600
    with pytest.raises(TypeError, match="NoneType"):
        theirs().to_jwt()


def test_none_as_client_name_or_application_sid_is_refused() -> None:
    token = ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN)
    with pytest.raises(InvalidParameterError, match=r"^client_name: "):
        token.allow_client_incoming(None)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match=r"^application_sid: "):
        token.allow_client_outgoing(None)  # type: ignore[arg-type]
    theirs = twilio_client.ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN)
    theirs.allow_client_incoming(None)
    theirs.allow_client_outgoing(None)
    scope = decode(theirs.to_jwt(), AUTH_TOKEN)[1]["scope"]
    assert "clientName=None" in scope
    assert "appSid=None" in scope


@pytest.mark.parametrize("value", [None, True, False])
@pytest.mark.parametrize("method", ["allow_client_outgoing", "allow_event_stream"])
def test_none_and_bools_as_scope_parameters_are_refused(method: str, value: object) -> None:
    arguments = ("AP1",) if method == "allow_client_outgoing" else ()
    with pytest.raises(InvalidParameterTypeError, match=r"^params\['flag'\]: "):
        getattr(ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN), method)(*arguments, flag=value)
    theirs = twilio_client.ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN)
    getattr(theirs, method)(*arguments, flag=value)
    assert f"flag%3D{value}" in decode(theirs.to_jwt(), AUTH_TOKEN)[1]["scope"]


def test_the_grants_list_given_is_copied() -> None:
    given = [VideoGrant(room="a")]
    token = AccessToken(ACCOUNT_SID, KEY_SID, SECRET, grants=given)
    token.add_grant(VideoGrant(room="b"))
    assert len(given) == 1
    assert len(token.grants) == 2

    theirs_given = [twilio_grants.VideoGrant(room="a")]
    theirs = twilio_access_token.AccessToken(ACCOUNT_SID, KEY_SID, SECRET, grants=theirs_given)
    theirs.add_grant(twilio_grants.VideoGrant(room="b"))
    assert len(theirs_given) == 2


# -- the canonical request of a validation token ----------------------------------------------------------

BASE = {
    "method": "GET",
    "path": "/Messages",
    "query_string": "a=1",
    "all_headers": {"Authorization": "foobar", "Host": "api.twilio.com"},
    "signed_headers": ["authorization", "host"],
    "body": "",
}
LINES = "authorization:foobar\nhost:api.twilio.com\n"


def canonical(method: str = "GET", path: str = "/Messages", query: str = "a=1", lines: str = LINES) -> str:
    """Contract section 5's canonical request, written out by hand (empty body)."""
    return f"{method}\n{path}\n{query}\n{lines}\nauthorization;host\n"


CANONICAL_CASES = [
    pytest.param({"query_string": "q=a+b"}, canonical(query="q=a%20b"), id="plus-in-query-is-a-space"),
    pytest.param({"query_string": "b=2&&a=1"}, canonical(query="a=1&b=2"), id="empty-query-pieces-dropped"),
    pytest.param({"query_string": "flag&a=1"}, canonical(query="a=1&flag="), id="key-without-equals"),
    pytest.param({"query_string": "x=%7e&y=%2f"}, canonical(query="x=~&y=%2F"), id="query-escapes-normalised"),
    pytest.param({"query_string": "x=a b"}, canonical(query="x=a%20b"), id="raw-space-in-query"),
    pytest.param({"path": "/a/./b/../c"}, canonical(path="/a/c"), id="dot-segments"),
    pytest.param({"path": "/a//b"}, canonical(path="/a/b"), id="repeated-slashes"),
    pytest.param({"path": "/%41b/%2f"}, canonical(path="/Ab/%2F"), id="path-escapes-normalised"),
    pytest.param({"path": ""}, canonical(path="/"), id="empty-path"),
    pytest.param(
        {"all_headers": {"Authorization": "  foobar\t", "Host": "api.twilio.com"}}, canonical(), id="values-trimmed"
    ),
    pytest.param(
        {"all_headers": {"Authorization": "foobar", "Host": "API.Twilio.COM:443"}}, canonical(), id="host-canonical"
    ),
    pytest.param(
        {"all_headers": {"Authorization": "foobar", "authorization": "second", "Host": "api.twilio.com"}},
        canonical(lines="authorization:foobar,second\nhost:api.twilio.com\n"),
        id="names-differing-in-case-merged",
    ),
    pytest.param({"method": "get"}, canonical(), id="method-upper-cased"),
    pytest.param({"signed_headers": ["Authorization", "HOST"]}, canonical(), id="signed-names-lower-cased"),
    pytest.param({"signed_headers": ["authorization"]}, canonical(), id="host-always-signed"),
]


def rqh(token: str) -> str:
    return str(decode(token)[1]["rqh"])


@pytest.mark.parametrize(("changes", "expected"), CANONICAL_CASES)
def test_validation_hashes_the_canonical_request(changes: dict[str, Any], expected: str) -> None:
    fields = {**BASE, **changes}
    ours = ClientValidationJwt(ACCOUNT_SID, KEY_SID, CREDENTIAL_SID, PRIVATE_KEY, ValidationPayload(**fields))
    assert rqh(ours.to_jwt()) == hashlib.sha256(expected.encode()).hexdigest()
    theirs = twilio_validation.ClientValidationJwt(
        ACCOUNT_SID, KEY_SID, CREDENTIAL_SID, PRIVATE_KEY, twilio_validation_client.ValidationPayload(**fields)
    )
    assert rqh(theirs.to_jwt()) != rqh(ours.to_jwt())
