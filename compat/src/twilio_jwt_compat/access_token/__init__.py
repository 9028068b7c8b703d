"""``AccessToken`` and ``AccessTokenGrant`` as ``twilio.jwt.access_token`` has them.

The claims are twilio-python's: ``jti``, ``grants`` (each grant under its key, then
``identity`` when there is one), ``iss``, ``exp``, ``nbf = now`` by default, ``sub``,
and no ``iat``. Grants may be this package's twilio-python-shaped grants or any
twilio-jwt :class:`~twilio_jwt.grant.Grant`, third-party plugin grants included.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, TypeVar

import attrs

from twilio_jwt.access_token import AccessToken as _CoreAccessToken
from twilio_jwt.checks import check_name, check_optional_str, check_sid, type_name
from twilio_jwt.errors import InvalidParameterError
from twilio_jwt.grant import Grant, RawGrant
from twilio_jwt.secret import Secret, check_hmac_secret
from twilio_jwt_compat.base import GENERATE, Jwt, build_time

__all__ = ["AccessToken", "AccessTokenGrant"]

G = TypeVar("G", bound="AccessTokenGrant")


class AccessTokenGrant(Grant):
    """A grant giving access to a Twilio resource (``twilio.jwt.access_token.AccessTokenGrant``).

    A subclass sets ``key`` and implements ``to_payload()``, as with twilio-python. It
    is a twilio-jwt :class:`~twilio_jwt.grant.Grant` too, so it also fits twilio-jwt's
    own :class:`~twilio_jwt.AccessToken`.
    """

    def to_payload(self) -> dict[str, Any]:
        raise NotImplementedError("Grant must implement to_payload.")

    @classmethod
    def from_payload(cls: type[G], payload: Mapping[str, Any]) -> G:
        raise NotImplementedError(f"{cls.__name__} cannot be rebuilt from a payload")

    def __str__(self) -> str:
        return f"<{type(self).__name__} {self.to_payload()}>"


def grant_key(grant: Grant) -> str:
    """The key a grant goes under: ``key`` as a class attribute or (twilio-python style) a property."""
    return grant.grant_key if isinstance(grant, RawGrant) else str(grant.key)


def _grant(parameter: str, grant: object) -> Grant:
    # twilio-python raises ValueError here; keeping the class keeps callers' except clauses working.
    if not isinstance(grant, Grant):
        raise InvalidParameterError(
            parameter, f"must be an AccessTokenGrant or another twilio-jwt Grant, got {type_name(grant)}"
        )
    return grant


def _grants(value: Iterable[Grant] | None) -> list[Grant]:
    """A new list (twilio-python keeps the caller's list and appends to it)."""
    return [_grant("grants", grant) for grant in value or ()]


def _identity(value: object) -> str | None:
    """Falsy means none (twilio-python leaves it out); otherwise a str, or an int written in decimal."""
    return check_name("identity", value) if value else None


def _account_sid(value: object) -> str:
    return check_sid("account_sid", value, "AC")


def _signing_key_sid(value: object) -> str:
    return check_sid("signing_key_sid", value, "SK")


def _region(value: object) -> str | None:
    return check_optional_str("region", value)


@attrs.define(eq=False, init=False, kw_only=True)
class AccessToken(Jwt):
    """Access token carrying grants (``twilio.jwt.access_token.AccessToken``).

    ``AccessToken(account_sid, signing_key_sid, secret, grants=None, identity=None,
    nbf=Jwt.GENERATE, ttl=3600, valid_until=None, region=None)``.

    >>> from twilio_jwt_compat import AccessToken, VideoGrant
    >>> token = AccessToken("AC" + "0" * 32, "SK" + "0" * 32, "api-key-secret", identity="alice")
    >>> token.add_grant(VideoGrant(room="standup"))
    >>> jwt = token.to_jwt()
    """

    ALGORITHM: ClassVar[str] = "HS256"

    account_sid: str = attrs.field(init=False, converter=_account_sid)
    signing_key_sid: str = attrs.field(init=False, converter=_signing_key_sid)
    identity: str | None = attrs.field(init=False, converter=_identity)
    region: str | None = attrs.field(init=False, converter=_region)
    grants: list[Grant] = attrs.field(init=False, converter=_grants)

    def __init__(
        self,
        account_sid: str,
        signing_key_sid: str,
        secret: str | bytes,
        grants: Iterable[Grant] | None = None,
        identity: str | None = None,
        nbf: int | float | object | None = GENERATE,
        ttl: int | None = 3600,
        valid_until: int | float | None = None,
        region: str | None = None,
    ) -> None:
        self.account_sid = account_sid
        self.signing_key_sid = signing_key_sid
        self.__attrs_init__(
            secret_key=Secret(check_hmac_secret("secret", secret)),
            issuer=self.signing_key_sid,
            subject=self.account_sid,
            algorithm=self.ALGORITHM,
            nbf=nbf,
            ttl=ttl,
            valid_until=valid_until,
        )
        self.identity = identity
        self.region = region
        self.grants = list(grants or ())

    def add_grant(self, grant: Grant) -> None:
        """Add a grant (a later grant with the same key replaces the earlier one's payload)."""
        self.grants.append(_grant("grant", grant))

    def _generate_headers(self) -> dict[str, str]:
        headers = {"cty": _CoreAccessToken.CONTENT_TYPE}
        if self.region:
            headers["twr"] = self.region
        return headers

    def _generate_payload(self) -> dict[str, Any]:
        grants: dict[str, Any] = {grant_key(grant): grant.to_payload() for grant in self.grants}
        if self.identity:
            grants["identity"] = self.identity
        return {"jti": f"{self.signing_key_sid}-{build_time()}", "grants": grants}

    def __str__(self) -> str:
        return f"<AccessToken {self.to_jwt()}>"
