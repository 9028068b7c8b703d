"""Decoding is forward compatible: a grant field this version does not know survives decode -> mint.

Twilio adds grant fields over time. A token minted elsewhere (or by a newer version)
with such a field decodes into the installed grant class, which keeps the unknown
fields, read-only, in ``extra_fields`` and writes them back unchanged, so re-minting the
decoded token gives the same claims. Minting from scratch still accepts only the
declared fields: ``extra_fields`` is no constructor parameter.
"""

from __future__ import annotations

from typing import Any

import attrs
import jwt
import pytest

from twilio_jwt import AccessToken, Grant, InvalidParameterTypeError, RawGrant
from twilio_jwt.grants import ChatGrant, PlaybackGrant, SyncGrant, TaskRouterGrant, VideoGrant, VoiceGrant
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET

FUTURE: dict[str, Any] = {"future_flag": True, "future_object": {"list": [1, "two", None], "n": 2.5}}

#: Each first-party grant class, its key, and a payload using its declared fields plus unknown ones.
CASES: list[tuple[type[Grant], dict[str, Any]]] = [
    (VideoGrant, {"room": "room-1", **FUTURE}),
    (ChatGrant, {"service_sid": "IS" + "1" * 32, "endpoint_id": "e-1", **FUTURE}),
    (SyncGrant, {"service_sid": "IS" + "2" * 32, **FUTURE}),
    (TaskRouterGrant, {"workspace_sid": "WS" + "3" * 32, "role": "worker", **FUTURE}),
    (PlaybackGrant, {"requestCredentials": None, "playbackUrl": "https://x.test/p", **FUTURE}),
    (
        VoiceGrant,
        {
            "incoming": {"allow": True, "future_incoming": "ring"},
            "outgoing": {"application_sid": "AP" + "4" * 32, "params": {"to": "+1555"}, "future_outgoing": [1]},
            "push_credential_sid": "CR" + "5" * 32,
            "endpoint_id": "e-2",
            **FUTURE,
        },
    ),
    (VoiceGrant, {"incoming": {"future_incoming": 1}, "outgoing": {"future_outgoing": {}}, **FUTURE}),
    (VoiceGrant, {"incoming": {"allow": False, "future_incoming": 1}}),
]


def _mint_with_payload(key: str, payload: dict[str, Any]) -> str:
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="alice", ttl=600)
    token.add_grant(RawGrant(key, payload))  # what a newer minter would write
    return token.to_jwt()


def _grants(token: str) -> dict[str, Any]:
    claims = jwt.decode(token, TEST_SECRET, algorithms=["HS256"])
    grants: dict[str, Any] = claims["grants"]
    return grants


@pytest.mark.parametrize(("cls", "payload"), CASES, ids=[f"{c.__name__}-{i}" for i, (c, _) in enumerate(CASES)])
def test_unknown_grant_fields_survive_decode_and_remint(cls: type[Grant], payload: dict[str, Any]) -> None:
    original = _mint_with_payload(cls.key, payload)
    decoded = AccessToken.from_jwt(original, TEST_SECRET)
    (grant,) = decoded.grants
    assert type(grant) is cls  # the installed class, not a RawGrant
    assert _grants(decoded.to_jwt()) == _grants(original) == {"identity": "alice", cls.key: payload}


def test_voice_keeps_unknown_fields_nested_where_they_were() -> None:
    grant = VoiceGrant.from_payload(CASES[5][1])
    assert grant.incoming_allow is True
    assert grant.outgoing_application_params == {"to": "+1555"}
    assert dict(grant.extra_fields) == {
        **FUTURE,
        "incoming": {"future_incoming": "ring"},
        "outgoing": {"future_outgoing": [1]},
    }
    with pytest.raises(TypeError):
        grant.extra_fields["x"] = 1  # type: ignore[index]
    assert VoiceGrant.from_payload({"incoming": {"allow": True}}).extra_fields == {}
    assert VoiceGrant.from_payload({"incoming": {"allow": False}}).to_payload() == {}  # as before: nothing to keep


@pytest.mark.parametrize("cls", [VideoGrant, ChatGrant, SyncGrant, TaskRouterGrant, VoiceGrant])
def test_constructors_accept_only_declared_fields(cls: type[Any]) -> None:
    with pytest.raises(TypeError, match="future_flag"):
        cls(future_flag=True)
    with pytest.raises(TypeError, match="extra_fields"):
        cls(extra_fields={"future_flag": True})
    decoded = cls.from_payload({"future_flag": True})
    assert decoded.extra_fields == {"future_flag": True}
    assert attrs.evolve(decoded).extra_fields == {}  # a changed copy is minted from its declared fields


def test_unknown_voice_fields_must_still_be_json() -> None:
    with pytest.raises(InvalidParameterTypeError, match=r"^payload: must be JSON-serialisable"):
        VoiceGrant.from_payload({"incoming": {"allow": True}, "future": object()})
