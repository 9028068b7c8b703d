"""CapabilityToken: what the two legacy capability tokens have in common.

:class:`~twilio_jwt.client_capability.ClientCapability` (Twilio Client scopes,
contract section 3) and ``TaskRouterCapability`` (TaskRouter policies, section 4,
in the ``twilio-jwt-task-router`` plugin) are both HS256 tokens signed with the
account's auth token, issued by the Account SID, with ``iat`` and ``exp`` from one
floored clock read. They differ only in the claims they add, so this base owns the
validation, the secret, the signer cache and the encoding, and a subclass writes
:meth:`CapabilityToken._claims`. A plugin defining another such token subclasses it
the same way (core never imports the plugin).
"""

from __future__ import annotations

import abc
import json
import math
import time
from typing import Any, ClassVar

import attrs

from twilio_jwt._jws import encode
from twilio_jwt._signing import make_signer
from twilio_jwt._token_type import TokenType
from twilio_jwt.access_token import hmac_secret, ttl_up_to_a_day, validate_host
from twilio_jwt.checks import check_algorithm, check_credential_sid, validator
from twilio_jwt.decoding import TokenSpec
from twilio_jwt.host import PluginHost
from twilio_jwt.rebuild import ttl_of
from twilio_jwt.secret import Secret

__all__ = ["CapabilityToken"]


def _auth_token(value: str | bytes) -> Secret[bytes]:
    return hmac_secret("auth_token", value)


@attrs.define(eq=False, on_setattr=attrs.setters.frozen)
class CapabilityToken(metaclass=TokenType):
    """Base of the tokens signed with an account's auth token (header ``{"alg": "HS256", "typ": "JWT"}``).

    Claims: whatever :meth:`_claims` returns, then ``iss`` (the Account SID), ``iat``
    (now) and ``exp`` (now + ttl); no ``sub`` and no ``nbf``. Only HS256 is allowed:
    Twilio verifies these tokens with the auth token, so another algorithm would only
    make tokens Twilio refuses.
    """

    DEFAULT_ALGORITHM: ClassVar[str] = "HS256"
    #: The one allow-list: signing checks it, ``DECODING`` holds this same tuple (fixed: see token_types).
    ALGORITHMS: ClassVar[tuple[str, ...]] = ("HS256",)
    #: What decoding accepts as this token type; each subclass sets its own (see :mod:`twilio_jwt.decoding`).
    DECODING: ClassVar[TokenSpec]
    #: The base's constructor parameters -> the claims ``from_jwt`` rebuilds them from (for error messages).
    REBUILT_FROM: ClassVar[dict[str, str]] = {"account_sid": "iss", "ttl": "exp - iat"}
    #: Hidden when the class is called, so no traceback's locals show it (see :mod:`twilio_jwt.secret`).
    SECRET_ARGUMENTS: ClassVar[tuple[tuple[str, int], ...]] = (("auth_token", 1),)

    account_sid: str = attrs.field(validator=validator(check_credential_sid, "AC"))
    _auth_token: Secret[bytes] = attrs.field(alias="auth_token", converter=_auth_token, repr=False)
    ttl: int = attrs.field(default=3600, kw_only=True, converter=ttl_up_to_a_day)
    host: PluginHost | None = attrs.field(default=None, kw_only=True, repr=False, validator=validate_host)

    @abc.abstractmethod
    def _claims(self) -> dict[str, Any]:
        """The claims of this token type; ``iss``, ``iat`` and ``exp`` are added after them."""

    def _encoded_claims(self) -> dict[str, str]:
        """Claims of this type whose JSON text is kept ready (written after the others)."""
        return {}

    def claims(self) -> dict[str, Any]:
        """The claims of this token type as JSON values, without ``iss``, ``iat`` and ``exp``."""
        claims = self._claims()
        claims.update((name, json.loads(text)) for name, text in self._encoded_claims().items())
        return claims

    def to_jwt(self, algorithm: str | None = None) -> str:
        """Sign the token with the auth token (HS256, the only algorithm allowed)."""
        if algorithm is not None and algorithm not in self.ALGORITHMS:
            check_algorithm("algorithm", algorithm, self.ALGORITHMS, self.DEFAULT_ALGORITHM)  # raises: not allowed
        algorithm = algorithm or self.DEFAULT_ALGORITHM
        signer = make_signer(self.host, algorithm, self._auth_token, ("typ", "JWT"))
        now = math.floor(time.time())
        claims = self._claims()
        claims["iss"] = self.account_sid
        claims["iat"] = now
        claims["exp"] = now + self.ttl
        return encode(signer.header, claims, signer.algorithm, signer.key, self._encoded_claims())

    @staticmethod
    def _base_arguments(claims: dict[str, Any], key: Secret[Any], host: PluginHost | None) -> dict[str, Any]:
        """The base's constructor arguments rebuilt from verified claims, for a subclass's ``_rebuild``
        (build inside ``rebuilding(name, REBUILT_FROM)``; ``key`` is the holder ``from_jwt`` passes)."""
        return {"account_sid": claims["iss"], "auth_token": key, "ttl": ttl_of(claims), "host": host}
