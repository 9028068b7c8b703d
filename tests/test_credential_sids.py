"""Credential SIDs are exactly their prefix and 32 ASCII letters or digits (issue 13, item 3).

The account SID, the API key SID and the public key credential SID say whose
credentials sign a token; Twilio rejects a token whose SID is truncated, too long or
mangled, but only when the token is used, far from the mistake. So the token types
refuse them when built, saying what is wrong and never echoing the value. Other SIDs
(grant fields, TwiML application, TaskRouter workspace and worker SIDs) and the
twilio-python compat layer keep the lighter rule.
"""

from __future__ import annotations

import pathlib
import time
from collections.abc import Callable
from typing import Any

import jwt
import pytest

from twilio_jwt import AccessToken, ClientCapability, InvalidClaimError, InvalidParameterError
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, decode_hs
from twilio_jwt_chat import ChatGrant
from twilio_jwt_rsa import ValidationToken
from twilio_jwt_task_router import TaskRouterCapability
from twilio_jwt_voice import OutgoingClientScope, VoiceGrant

PRIVATE_KEY = (pathlib.Path(__file__).parent / "conformance" / "keys" / "rsa2048_pkcs8.pem").read_text()
CR = "CR" + "0123456789abcdef" * 2
WS = "WS" + "1" * 32
WK = "WK" + "2" * 32
AUTH_TOKEN = "auth-token-" + "ab" * 16

# Each constructor with every credential SID it takes, as (parameter, prefix, build(value)).
BUILDERS: list[tuple[str, str, Callable[[str], object]]] = [
    ("account_sid", "AC", lambda v: AccessToken(v, TEST_KEY_SID, TEST_SECRET, identity="alice")),
    ("key_sid", "SK", lambda v: AccessToken(TEST_ACCOUNT_SID, v, TEST_SECRET, identity="alice")),
    ("account_sid", "AC", lambda v: ClientCapability(v, AUTH_TOKEN)),
    ("account_sid", "AC", lambda v: TaskRouterCapability(v, AUTH_TOKEN, WS, WK)),
    ("account_sid", "AC", lambda v: ValidationToken(v, CR, TEST_KEY_SID, PRIVATE_KEY)),
    ("credential_sid", "CR", lambda v: ValidationToken(TEST_ACCOUNT_SID, v, TEST_KEY_SID, PRIVATE_KEY)),
    ("signing_key", "SK", lambda v: ValidationToken(TEST_ACCOUNT_SID, CR, v, PRIVATE_KEY)),
]
IDS = [
    "AccessToken.account_sid",
    "AccessToken.key_sid",
    "ClientCapability.account_sid",
    "TaskRouterCapability.account_sid",
    "ValidationToken.account_sid",
    "ValidationToken.credential_sid",
    "ValidationToken.signing_key",
]

# (what follows the prefix, the end of the message after "expected '<prefix>' followed by 32 letters or digits")
WRONG_BODIES = {
    "truncated": ("0123456789abcdef", ", got 16 characters after the prefix"),
    "one short": ("a" * 31, ", got 31 characters after the prefix"),
    "one long": ("a" * 33, ", got 33 characters after the prefix"),
    "prefix only": ("", ", got 0 characters after the prefix"),
    "one character": ("\u00e9", ", got 1 character after the prefix"),
    "punctuation": ("a" * 31 + "-", "; the 32 characters after the prefix hold punctuation or symbols"),
    "a dot": ("0" * 16 + "." + "0" * 15, "; the 32 characters after the prefix hold punctuation or symbols"),
    "not ASCII": ("a" * 31 + "\u00e9", "; the 32 characters after the prefix hold characters outside ASCII"),
    "fullwidth digits": ("\uff10" * 32, "; the 32 characters after the prefix hold characters outside ASCII"),
    "a space": (
        "a" * 15 + " " + "a" * 16,
        "; the 32 characters after the prefix hold white space or control characters",
    ),
    "a newline": ("a" * 31 + "\n", "; the 32 characters after the prefix hold white space or control characters"),
}


@pytest.mark.parametrize(("parameter", "prefix", "build"), BUILDERS, ids=IDS)
@pytest.mark.parametrize("body", list(WRONG_BODIES))
def test_a_credential_sid_that_is_not_prefix_and_32_letters_or_digits_is_refused(
    parameter: str, prefix: str, build: Callable[[str], object], body: str
) -> None:
    rest, ending = WRONG_BODIES[body]
    with pytest.raises(InvalidParameterError) as caught:
        build(prefix + rest)
    assert isinstance(caught.value, ValueError)
    assert caught.value.parameter == parameter
    assert str(caught.value) == f"{parameter}: expected {prefix!r} followed by 32 letters or digits{ending}"
    if len(rest) >= 4:
        assert rest not in str(caught.value)  # never echoed


@pytest.mark.parametrize(("parameter", "prefix", "build"), BUILDERS, ids=IDS)
@pytest.mark.parametrize("body", ["x" * 32, "X" * 32, "0123456789abcdef" * 2, "0123456789ABCDEFabcdefGHIJKLmnop"])
def test_placeholders_and_real_looking_sids_of_the_right_length_are_accepted(
    parameter: str, prefix: str, build: Callable[[str], object], body: str
) -> None:
    assert getattr(build(prefix + body), parameter) == prefix + body


def test_the_message_for_a_sid_of_another_kind_still_names_that_kind() -> None:
    with pytest.raises(
        InvalidParameterError, match=r"^account_sid: expected an Account SID starting with 'AC'; got an API"
    ):
        AccessToken(TEST_KEY_SID, TEST_KEY_SID, TEST_SECRET, identity="alice")


def test_other_sids_keep_the_lighter_rule() -> None:
    """Grant fields, application and TaskRouter SIDs are checked for shape only, as before."""
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="alice")
    token.add_grant(ChatGrant(service_sid="IS1"))
    token.add_grant(VoiceGrant(outgoing_application_sid="AP1"))
    _, claims = decode_hs(token.to_jwt(), TEST_SECRET)
    assert claims["grants"]["chat"] == {"service_sid": "IS1"}
    assert claims["grants"]["voice"]["outgoing"]["application_sid"] == "AP1"
    capability = ClientCapability(TEST_ACCOUNT_SID, AUTH_TOKEN)
    capability.add_scope(OutgoingClientScope("AP1"))
    assert decode_hs(capability.to_jwt(), AUTH_TOKEN)[1]["scope"] == "scope:client:outgoing?appSid=AP1"
    short = TaskRouterCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, "WS1", "WK1")
    assert decode_hs(short.to_jwt(), AUTH_TOKEN)[1]["workspace_sid"] == "WS1"


def test_the_twilio_python_compat_layer_keeps_its_leniency() -> None:
    """twilio-python accepts any SID; code moved from it must keep minting."""
    from twilio_jwt_compat import AccessToken as CompatAccessToken

    token = CompatAccessToken("AC123", "SK123", TEST_SECRET, identity="alice")
    _, claims = decode_hs(token.to_jwt(), TEST_SECRET)
    assert (claims["sub"], claims["iss"]) == ("AC123", "SK123")


def _forged_access_token(**claims: Any) -> str:
    now = int(time.time())
    body = {"jti": "x", "grants": {"identity": "alice"}, "iat": now, "exp": now + 60}
    body.update(claims)
    return jwt.encode(body, TEST_SECRET, algorithm="HS256", headers={"cty": "twilio-fpa;v=1"})


@pytest.mark.parametrize(
    ("claims", "claim", "prefix"),
    [
        ({"sub": TEST_ACCOUNT_SID[:18], "iss": TEST_KEY_SID}, "sub", "AC"),
        ({"sub": TEST_ACCOUNT_SID, "iss": TEST_KEY_SID + "0"}, "iss", "SK"),
    ],
    ids=["short sub", "long iss"],
)
def test_from_jwt_names_the_claim_holding_a_sid_twilio_would_reject(
    claims: dict[str, str], claim: str, prefix: str
) -> None:
    """A correctly signed token whose SIDs Twilio would reject cannot be rebuilt into a token that mints them."""
    with pytest.raises(InvalidClaimError) as caught:
        AccessToken.from_jwt(_forged_access_token(**claims), TEST_SECRET)
    assert caught.value.claim == claim
    assert str(caught.value).startswith(f"claim {claim!r}: expected {prefix!r} followed by 32 letters or digits, got ")
    assert str(caught.value).endswith("(so this is not a valid AccessToken)")
