"""``from_jwt`` without a key decodes unverified, as twilio-python does, but never silently.

twilio-python's ``from_jwt(token)`` (``key=""``) skips the signature check without a
word, so a forgotten key lets a forged token through. The compat layer keeps the
behaviour (code relying on it keeps working) and warns with
:class:`~twilio_jwt_compat.UnverifiedTokenWarning`, a ``UserWarning`` a program can
filter where reading a token unverified is what it means. Every token type inherits
``from_jwt`` from ``Jwt``; each is checked here, and so is a decode with the key,
which must not warn.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from compat_support import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    CREDENTIAL_SID,
    KEY_SID,
    PRIVATE_KEY,
    PUBLIC_KEY_PEM,
    SECRET,
    TASK_QUEUE_SID,
    VALIDATION_REQUEST,
    WORKER_SID,
    WORKSPACE_SID,
)

import twilio_jwt_compat
from twilio_jwt_compat import (
    AccessToken,
    ClientCapabilityToken,
    ClientValidationJwt,
    Jwt,
    JwtDecodeError,
    TaskQueueCapabilityToken,
    UnverifiedTokenWarning,
    ValidationPayload,
    WorkerCapabilityToken,
    WorkspaceCapabilityToken,
)

PUBLIC_KEY = PUBLIC_KEY_PEM
PAYLOAD = ValidationPayload(*VALIDATION_REQUEST)


class Custom(Jwt):
    def _generate_payload(self) -> dict[str, Any]:
        return {"x": 1}


#: (token class, a token of that class, the key that verifies it)
CASES: list[tuple[type[Jwt], Callable[[], Jwt], str]] = [
    (AccessToken, lambda: AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="alice"), SECRET),
    (ClientCapabilityToken, lambda: ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN), AUTH_TOKEN),
    (
        WorkerCapabilityToken,
        lambda: WorkerCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WORKSPACE_SID, WORKER_SID),
        AUTH_TOKEN,
    ),
    (
        TaskQueueCapabilityToken,
        lambda: TaskQueueCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WORKSPACE_SID, TASK_QUEUE_SID),
        AUTH_TOKEN,
    ),
    (WorkspaceCapabilityToken, lambda: WorkspaceCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WORKSPACE_SID), AUTH_TOKEN),
    (
        ClientValidationJwt,
        lambda: ClientValidationJwt(ACCOUNT_SID, KEY_SID, CREDENTIAL_SID, PRIVATE_KEY, PAYLOAD),
        PUBLIC_KEY,
    ),
    (Custom, lambda: Custom(SECRET, "issuer"), SECRET),
]
IDS = [cls.__name__ for cls, _, _ in CASES]


def message(name: str) -> str:
    return f"{name}.from_jwt() was given no key: the signature was not checked, so anyone could have written this token"


def test_the_warning_is_a_public_user_warning() -> None:
    assert twilio_jwt_compat.UnverifiedTokenWarning is UnverifiedTokenWarning
    assert "UnverifiedTokenWarning" in twilio_jwt_compat.__all__
    assert issubclass(UnverifiedTokenWarning, UserWarning)


@pytest.mark.parametrize(("cls", "build", "key"), CASES, ids=IDS)
@pytest.mark.parametrize("no_key", ["default", "", b"", None])
def test_a_decode_without_a_key_warns_and_still_decodes(
    cls: type[Jwt], build: Callable[[], Jwt], key: str, no_key: object
) -> None:
    token = build().to_jwt()
    with pytest.warns(UnverifiedTokenWarning) as caught:
        decoded = cls.from_jwt(token) if no_key == "default" else cls.from_jwt(token, no_key)  # type: ignore[arg-type]
    assert [(type(w.message), str(w.message)) for w in caught] == [(UnverifiedTokenWarning, message(cls.__name__))]
    assert caught[0].filename == __file__  # reported at the caller's line, not inside the library
    assert decoded.payload == jwt.decode(token, options={"verify_signature": False})
    assert decoded.headers == jwt.get_unverified_header(token)


@pytest.mark.parametrize(("cls", "build", "key"), CASES, ids=IDS)
def test_a_decode_with_the_key_does_not_warn(cls: type[Jwt], build: Callable[[], Jwt], key: str) -> None:
    token = build().to_jwt()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        decoded = cls.from_jwt(token, key)
    assert caught == []
    assert decoded.payload == jwt.decode(token, options={"verify_signature": False})


def test_a_tampered_token_decodes_without_a_key_only_with_the_warning() -> None:
    token = AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="alice").to_jwt()
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(JwtDecodeError, match="signature"):
        AccessToken.from_jwt(forged, SECRET)
    with pytest.warns(UnverifiedTokenWarning, match=r"^AccessToken\.from_jwt\(\) was given no key"):
        assert AccessToken.from_jwt(forged).payload["grants"] == {"identity": "alice"}


def test_the_warning_can_be_filtered_by_its_category() -> None:
    token = AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="alice").to_jwt()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", category=UnverifiedTokenWarning)
        AccessToken.from_jwt(token)
    assert caught == []


def test_a_failed_decode_without_a_key_raises_and_does_not_warn() -> None:
    expired = AccessToken(ACCOUNT_SID, KEY_SID, SECRET, valid_until=1_000_000_000, nbf=None).to_jwt()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(JwtDecodeError, match="expired"):
            AccessToken.from_jwt(expired)
    assert caught == []
