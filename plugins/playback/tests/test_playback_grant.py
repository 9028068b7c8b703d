"""PlaybackGrant with core alone: a mapping emitted verbatim under ``player``."""

from __future__ import annotations

from typing import Any

import pytest

import twilio_jwt_playback
from twilio_jwt import InvalidParameterTypeError
from twilio_jwt.testing import assert_discovered_exactly, expected_plugins, mint_claims
from twilio_jwt_playback import PlaybackGrant

LIVE = {
    "requestCredentials": None,
    "playbackUrl": "https://example.test/live.m3u8",
    "playerStreamerSid": "VJ" + "0" * 32,
}


@pytest.mark.parametrize(
    ("given", "payload"),
    [
        (None, {}),
        ({}, {}),
        (LIVE, LIVE),
        ({"nested": {"list": [1, 2.5, True, None, "x"]}}, {"nested": {"list": [1, 2.5, True, None, "x"]}}),
    ],
)
def test_payload_is_the_mapping_verbatim_and_round_trips(given: dict[str, Any] | None, payload: dict[str, Any]) -> None:
    grant = PlaybackGrant(grant=given)
    assert PlaybackGrant.key == "player"
    assert grant.to_payload() == payload
    assert PlaybackGrant.from_payload(payload) == grant
    assert PlaybackGrant().to_payload() == {}


def test_the_mapping_is_copied_when_the_grant_is_built() -> None:
    source = {"a": "1"}
    grant = PlaybackGrant(grant=source)
    source["a"] = "changed"
    assert grant.to_payload() == {"a": "1"}


@pytest.mark.parametrize(
    "value",
    ["playbackUrl=x", ["a", "b"], 5, b"{}", {"when": object()}, {"n": float("inf")}, {("tuple", "key"): 1}],
)
def test_a_non_mapping_or_non_json_grant_is_a_type_error(value: Any) -> None:
    with pytest.raises(InvalidParameterTypeError, match=r"^grant: ") as excinfo:
        PlaybackGrant(grant=value)
    assert isinstance(excinfo.value, TypeError)


def test_mints_through_an_explicit_host() -> None:
    claims = mint_claims([twilio_jwt_playback], PlaybackGrant(grant=LIVE))
    assert claims["grants"] == {"identity": "alice", "player": LIVE}


@pytest.mark.skipif(expected_plugins() is None, reason="needs TWILIO_JWT_EXPECT_PLUGINS (nox plugin session)")
def test_the_session_discovers_exactly_this_plugin() -> None:
    assert expected_plugins() == ["playback"]
    assert_discovered_exactly(["playback"])
