"""``ClientValidationJwt`` (``twilio.jwt.validation``) and ``ValidationPayload`` (``twilio.http.validation_client``).

The request is canonicalised by twilio-jwt's :meth:`~twilio_jwt_rsa.canonical.WireRequest.canonicalize`,
the same code the contract's ``ValidationToken`` and the request verifier use, so the
``rqh`` claim is the hash Twilio computes on its side. twilio-python signs the raw
path and query instead; the two agree for every request whose path and query are
already in canonical form (which is what ``requests`` sends for plain ASCII values)
and differ where twilio-python's hash could not match Twilio's (see the package
documentation). The claims are twilio-python's: ``hrh``, ``rqh``, ``iss``, ``exp =
now + 300``, ``nbf = now``, ``sub``, and no ``iat``.

The rsa plugin's modules are imported when a token is built, not with this module:
importing the layer loads no plugin.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

import attrs

from twilio_jwt.checks import check_sid, type_name
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError
from twilio_jwt_compat.base import Jwt

if TYPE_CHECKING:
    from twilio_jwt_rsa.canonical import RequestCanonicalizer

__all__ = ["ClientValidationJwt", "ValidationPayload"]


class ValidationPayload(NamedTuple):
    """The parts of a request that are signed, as twilio-python's ``ValidationClient`` collects them.

    ``path`` and ``query_string`` are the raw (still percent-encoded) parts of the URL,
    ``all_headers`` the request's headers (a value may be a list of values),
    ``signed_headers`` the header names to sign, ``body`` the body as sent.
    """

    method: str
    path: str
    query_string: str
    all_headers: Mapping[str, str | Sequence[str]]
    signed_headers: Sequence[str]
    body: str | bytes | None


def _credential_sid(value: object) -> str:
    return check_sid("credential_sid", value, "CR")


def _validation_payload(value: object) -> ValidationPayload:
    if not isinstance(value, tuple) or len(value) != len(ValidationPayload._fields):
        raise InvalidParameterTypeError("validation_payload", f"expected a ValidationPayload, got {type_name(value)}")
    return ValidationPayload(*value)


def canonicalize(payload: ValidationPayload) -> RequestCanonicalizer:
    """The canonical form of the request ``payload`` describes (an empty path is ``/``)."""
    from twilio_jwt_rsa.canonical import WireRequest

    wire = WireRequest(
        payload.method, payload.path or "/", payload.all_headers, payload.body, query=payload.query_string or ""
    )
    return wire.canonicalize(payload.signed_headers)


@attrs.define(eq=False, init=False, kw_only=True)
class ClientValidationJwt(Jwt):
    """The ``Twilio-Client-Validation`` token for one request (``twilio.jwt.validation.ClientValidationJwt``).

    ``ClientValidationJwt(account_sid, api_key_sid, credential_sid, private_key,
    validation_payload)``: RS256 with the private key whose public half is the
    credential ``credential_sid``. The SIDs and the key (an RSA private key of at least
    2048 bits, PEM or loaded) are checked here, and so is the payload.
    """

    ALGORITHM: ClassVar[str] = "RS256"

    credential_sid: str = attrs.field(init=False, converter=_credential_sid)
    validation_payload: ValidationPayload = attrs.field(init=False, converter=_validation_payload)

    def __init__(
        self,
        account_sid: str,
        api_key_sid: str,
        credential_sid: str,
        private_key: object,
        validation_payload: ValidationPayload,
    ) -> None:
        if private_key is None or (isinstance(private_key, (str, bytes)) and not private_key):
            raise InvalidParameterError(
                "private_key", "is required: a PEM RSA private key (str or bytes) or a loaded key"
            )
        from twilio_jwt_rsa.validation_token import MAX_TTL

        self.__attrs_init__(
            secret_key=private_key,
            issuer=check_sid("api_key_sid", api_key_sid, "SK"),
            subject=check_sid("account_sid", account_sid, "AC"),
            algorithm=self.ALGORITHM,
            ttl=MAX_TTL,
        )
        self.credential_sid = credential_sid
        self.validation_payload = validation_payload
        canonicalize(self.validation_payload)
        self._current_signer()

    def _generate_headers(self) -> dict[str, str]:
        from twilio_jwt_rsa.validation_token import ValidationToken

        return {"cty": ValidationToken.CONTENT_TYPE, "kid": self.credential_sid}

    def _generate_payload(self) -> dict[str, Any]:
        canonical = canonicalize(self.validation_payload)
        return {"hrh": canonical.hrh, "rqh": canonical.get_signature_hash()}
