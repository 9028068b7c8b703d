"""The compat layer keeps twilio-python's SID rule: the right prefix is enough.

twilio-jwt's own token types take an account, API key or credential SID only in
Twilio's exact form (the prefix and 32 ASCII letters or digits). twilio-python checks
only the prefix (and, for access tokens, nothing), and code moving over with the compat
layer (tests with ``"ACxxx"`` placeholders, say) must keep working: every compat token
still mints with short or long SIDs, and the token equals twilio-python's. The compat
layer checks its SIDs itself and builds none of core's token types with them, so a
stricter core rule cannot reach it.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

import pytest
import twilio.jwt.access_token as twilio_access_token
import twilio.jwt.access_token.grants as twilio_grants
import twilio.jwt.client as twilio_client
import twilio.jwt.taskrouter.capabilities as twilio_taskrouter
from compat_support import AUTH_TOKEN, NOW, PRIVATE_KEY, SECRET, assert_same_token, decode, freeze

import twilio_jwt_compat as compat

#: (account SID, API key SID, credential SID, workspace SID, worker SID, task queue SID)
SIDS = {
    "short": ("ACxxx", "SKxxx", "CRxxx", "WSxxx", "WKxxx", "WQxxx"),
    "33-characters": tuple(prefix + "a" * 33 for prefix in ("AC", "SK", "CR", "WS", "WK", "WQ")),
    "upper-case": ("AC" + "ABCDEF01" * 4, "SK" + "ABCDEF01" * 4, "CR1", "WS1", "WK1", "WQ1"),
}
HEADERS = {"Authorization": "x", "Host": "api.twilio.com"}
PAYLOAD = compat.ValidationPayload("GET", "/", "", HEADERS, ["authorization"], "")


def mint_access_token(lib: Any, sids: tuple[str, ...]) -> str:
    token = lib.AccessToken(sids[0], sids[1], SECRET, identity="alice")
    token.add_grant(lib.VoiceGrant(incoming_allow=True))
    return str(token.to_jwt())


def mint_client(lib: Any, sids: tuple[str, ...]) -> str:
    token = lib.ClientCapabilityToken(sids[0], AUTH_TOKEN)
    token.allow_client_incoming("alice")
    return str(token.to_jwt())


def mint_worker(lib: Any, sids: tuple[str, ...]) -> str:
    return str(lib.WorkerCapabilityToken(sids[0], AUTH_TOKEN, sids[3], sids[4], allow_update_activities=True).to_jwt())


def mint_task_queue(lib: Any, sids: tuple[str, ...]) -> str:
    return str(lib.TaskQueueCapabilityToken(sids[0], AUTH_TOKEN, sids[3], sids[5]).to_jwt())


def mint_workspace(lib: Any, sids: tuple[str, ...]) -> str:
    return str(lib.WorkspaceCapabilityToken(sids[0], AUTH_TOKEN, sids[3]).to_jwt())


TWILIO = types.SimpleNamespace(
    AccessToken=twilio_access_token.AccessToken,
    VoiceGrant=twilio_grants.VoiceGrant,
    ClientCapabilityToken=twilio_client.ClientCapabilityToken,
    WorkerCapabilityToken=twilio_taskrouter.WorkerCapabilityToken,
    TaskQueueCapabilityToken=twilio_taskrouter.TaskQueueCapabilityToken,
    WorkspaceCapabilityToken=twilio_taskrouter.WorkspaceCapabilityToken,
)


#: (minting function, the key it is signed with, whether the bytes equal twilio-python's)
MINTERS: dict[str, tuple[Callable[[Any, tuple[str, ...]], str], str, bool]] = {
    "access-token": (mint_access_token, SECRET, True),
    "client-capability": (mint_client, AUTH_TOKEN, True),
    # TaskRouter policies have their keys in the plugin's order: the same JSON, other bytes.
    "worker": (mint_worker, AUTH_TOKEN, False),
    "task-queue": (mint_task_queue, AUTH_TOKEN, False),
    "workspace": (mint_workspace, AUTH_TOKEN, False),
}


@pytest.mark.parametrize("sids", SIDS.values(), ids=SIDS.keys())
@pytest.mark.parametrize("kind", MINTERS)
def test_sids_twilio_python_accepts_still_mint_the_same_token(
    monkeypatch: pytest.MonkeyPatch, kind: str, sids: tuple[str, ...]
) -> None:
    mint, key, same_bytes = MINTERS[kind]
    freeze(monkeypatch, NOW)
    ours, theirs = mint(compat, sids), mint(TWILIO, sids)
    _, claims = assert_same_token(ours, theirs, key)
    assert sids[0] in (claims.get("sub"), claims.get("iss"))
    if same_bytes:
        assert ours == theirs


def test_a_short_sid_access_token_decodes_with_the_key() -> None:
    token = compat.AccessToken("ACxxx", "SKxxx", SECRET, identity="alice").to_jwt()
    decoded = compat.AccessToken.from_jwt(token, SECRET)
    assert (decoded.issuer, decoded.subject) == ("SKxxx", "ACxxx")
    assert decoded.payload["jti"].startswith("SKxxx-")


@pytest.mark.parametrize("sids", SIDS.values(), ids=SIDS.keys())
def test_validation_tokens_take_short_sids(sids: tuple[str, ...]) -> None:
    token = compat.ClientValidationJwt(sids[0], sids[1], sids[2], PRIVATE_KEY, PAYLOAD).to_jwt()
    header, claims = decode(token)
    assert (header["kid"], claims["iss"], claims["sub"]) == (sids[2], sids[1], sids[0])


def test_the_prefix_is_still_checked() -> None:
    with pytest.raises(ValueError, match=r"^account_sid: "):
        compat.AccessToken("SKxxx", "SKxxx", SECRET)
    with pytest.raises(ValueError, match=r"^account_sid: "):
        compat.WorkerCapabilityToken("APxxx", AUTH_TOKEN, "WSxxx", "WKxxx")
    with pytest.raises(ValueError, match=r"^credential_sid: "):
        compat.ClientValidationJwt("ACxxx", "SKxxx", "SKxxx", PRIVATE_KEY, PAYLOAD)
