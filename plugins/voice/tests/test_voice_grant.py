"""VoiceGrant with core alone (contract section 2), plus what a core + voice install can and cannot do."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

import twilio_jwt_voice
from twilio_jwt import InvalidParameterError, InvalidParameterTypeError, MissingPluginError
from twilio_jwt.testing import (
    NOT_STR,
    TEST_ACCOUNT_SID,
    TEST_KEY_SID,
    TEST_SECRET,
    assert_discovered_exactly,
    expected_plugins,
    mint_claims,
)
from twilio_jwt_voice import VoiceGrant

APP = "AP" + "1" * 32
CREDENTIAL = "CR" + "2" * 32

PAYLOADS: list[tuple[dict[str, Any], dict[str, Any]]] = [
    ({}, {}),
    ({"incoming_allow": True}, {"incoming": {"allow": True}}),
    ({"incoming_allow": False}, {}),
    ({"incoming_allow": None}, {}),
    ({"outgoing_application_sid": APP}, {"outgoing": {"application_sid": APP}}),
    ({"outgoing_application_sid": ""}, {}),
    (
        {"outgoing_application_sid": APP, "outgoing_application_params": {"to": "+15550100", "n": [1, None]}},
        {"outgoing": {"application_sid": APP, "params": {"to": "+15550100", "n": [1, None]}}},
    ),
    (
        {"outgoing_application_sid": APP, "outgoing_application_params": {}},
        {"outgoing": {"application_sid": APP, "params": {}}},
    ),
    ({"push_credential_sid": CREDENTIAL}, {"push_credential_sid": CREDENTIAL}),
    ({"endpoint_id": "alice-phone"}, {"endpoint_id": "alice-phone"}),
    ({"push_credential_sid": "", "endpoint_id": None}, {}),
    (
        {
            "incoming_allow": True,
            "outgoing_application_sid": APP,
            "outgoing_application_params": {"k": "v"},
            "push_credential_sid": CREDENTIAL,
            "endpoint_id": "e",
        },
        {
            "incoming": {"allow": True},
            "outgoing": {"application_sid": APP, "params": {"k": "v"}},
            "push_credential_sid": CREDENTIAL,
            "endpoint_id": "e",
        },
    ),
]


@pytest.mark.parametrize(("given", "payload"), PAYLOADS)
def test_payload_and_round_trip(given: dict[str, Any], payload: dict[str, Any]) -> None:
    grant = VoiceGrant(**given)
    assert VoiceGrant.key == "voice"
    assert grant.to_payload() == payload
    assert VoiceGrant.from_payload(payload).to_payload() == payload


STR_FIELDS = ("outgoing_application_sid", "push_credential_sid", "endpoint_id")
BAD_TYPES: list[tuple[str, Any]] = [
    *((field, value) for field in STR_FIELDS for value in NOT_STR),
    *(("incoming_allow", value) for value in (1, 0, "true", "false", [True])),
    *(("outgoing_application_params", value) for value in ("to=+1555", [("to", "x")], 5)),
    ("outgoing_application_params", {"when": object()}),
    ("outgoing_application_params", {"nan": float("nan")}),
    ("outgoing_application_params", {1j: "complex key"}),
]


@pytest.mark.parametrize(("field", "value"), BAD_TYPES)
def test_wrong_types_are_type_errors_at_construction(field: str, value: Any) -> None:
    arguments = {field: value}
    if field == "outgoing_application_params":
        arguments["outgoing_application_sid"] = APP
    with pytest.raises(InvalidParameterTypeError, match=f"^{field}: ") as excinfo:
        VoiceGrant(**arguments)
    assert isinstance(excinfo.value, TypeError)


@pytest.mark.parametrize("sid", [None, ""])
def test_params_without_an_application_are_refused(sid: str | None) -> None:
    with pytest.raises(InvalidParameterError, match=r"^outgoing_application_params: needs outgoing_application_sid"):
        VoiceGrant(outgoing_application_sid=sid, outgoing_application_params={"to": "x"})


def test_params_are_copied_not_shared() -> None:
    params = {"to": "a"}
    grant = VoiceGrant(outgoing_application_sid=APP, outgoing_application_params=params)
    params["to"] = "changed"
    assert grant.to_payload()["outgoing"]["params"] == {"to": "a"}


@pytest.mark.parametrize(
    ("payload", "parameter"),
    [
        ({"incoming": "yes"}, "incoming"),
        ({"incoming": {"allow": "true"}}, "incoming.allow"),
        ({"incoming": {"allow": 1}}, "incoming.allow"),
        ({"outgoing": ["AP"]}, "outgoing"),
        ({"outgoing": {"application_sid": 5}}, "outgoing_application_sid"),
        ({"endpoint_id": 3}, "endpoint_id"),
    ],
)
def test_from_payload_refuses_wrong_shapes_with_a_type_error(payload: dict[str, Any], parameter: str) -> None:
    with pytest.raises(InvalidParameterTypeError, match=f"^{parameter}: "):
        VoiceGrant.from_payload(payload)


@pytest.mark.parametrize(("allow", "expected"), [(True, True), (False, None), (None, None)])
def test_from_payload_reads_incoming_allow(allow: bool | None, expected: bool | None) -> None:
    assert VoiceGrant.from_payload({"incoming": {"allow": allow}}).incoming_allow is expected


def test_mints_through_an_explicit_host() -> None:
    grant = VoiceGrant(incoming_allow=True, outgoing_application_sid=APP)
    claims = mint_claims([twilio_jwt_voice], grant)
    assert claims["grants"] == {"identity": "alice", "voice": grant.to_payload()}


# -- the nox session for this plugin installs core and voice only ------------------------------------------------------

voice_alone = pytest.mark.skipif(
    expected_plugins() != ["voice"], reason="needs core + voice alone (TWILIO_JWT_EXPECT_PLUGINS=voice)"
)


@pytest.mark.skipif(expected_plugins() is None, reason="needs TWILIO_JWT_EXPECT_PLUGINS (nox plugin session)")
def test_the_session_discovers_exactly_this_plugin() -> None:
    assert expected_plugins() == ["voice"]
    assert_discovered_exactly(["voice"])


@voice_alone
def test_importing_a_grant_of_another_plugin_names_its_distribution() -> None:
    with pytest.raises(ImportError, match="install twilio-jwt-video") as excinfo:
        from twilio_jwt.grants import VideoGrant  # noqa: F401
    assert isinstance(excinfo.value, MissingPluginError)


@voice_alone
def test_cli_asked_for_a_video_grant_exits_2_naming_the_distribution() -> None:
    environ = {
        **os.environ,
        "TWILIO_ACCOUNT_SID": TEST_ACCOUNT_SID,
        "TWILIO_API_KEY": TEST_KEY_SID,
        "TWILIO_API_SECRET": TEST_SECRET,
    }
    argv = ["mint", "access-token", "--identity", "alice", "--grant", "voice:incoming_allow=true"]
    result = subprocess.run(
        [sys.executable, "-m", "twilio_jwt", *argv, "--grant", "video:room=r"],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "twilio-jwt: error: --grant: no installed plugin provides a grant called 'video'; "
        "install twilio-jwt-video (installed: voice)"
    ]
    assert TEST_SECRET not in result.stderr
