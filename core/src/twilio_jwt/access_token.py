"""AccessToken: the token Twilio's Voice, Video, Chat, Sync and other SDKs accept.

Wire format: contract section 1. ``iat`` is always present and ``nbf`` only when
asked for (twilio-python's default ``nbf = now`` fails under clock skew); identity is
required; the secret lives in a :class:`~twilio_jwt.secret.Secret` and is never shown.
"""

from __future__ import annotations

import functools
import threading
import time
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from twilio_jwt._jws import encode
from twilio_jwt._signing import make_signer
from twilio_jwt._token_type import Decodable, TokenSpec, TokenType
from twilio_jwt.checks import (
    check_algorithm,
    check_credential_sid,
    check_epoch,
    check_name,
    check_optional_str,
    check_ttl,
    type_name,
    validator,
)
from twilio_jwt.errors import InvalidParameterTypeError
from twilio_jwt.grant import Grant, attrs_repr, grant_key_of
from twilio_jwt.host import PluginHost, check_host, default_host
from twilio_jwt.secret import _MAY_START_A_KEY, Secret, check_hmac_secret, reveal

if TYPE_CHECKING:
    from twilio_jwt.decoding import DecodedJWT

__all__ = ["AccessToken", "MAX_TTL"]

#: Twilio rejects access tokens that live longer than 24 hours.
MAX_TTL = 86400

#: Serialises ``add_grant`` calls (of every token: adding is rare and quick, a lock per token
#: would cost every token built). Readers never take it: see :meth:`AccessToken.add_grant`.
_ADDING = threading.Lock()

#: The constructor parameters ``from_jwt`` fills -> the claims they come from (named in its errors).
_REBUILT_FROM = dict(
    account_sid="sub", key_sid="iss", identity="grants.identity", ttl="exp - iat", nbf="nbf", region="twr"
)


# Pure checks are validators (the field's annotation types the parameter for mypy); the
# converters below change the value, and their parameter's annotation is the public type.


def hmac_secret(parameter: str, value: str | bytes) -> Secret[bytes]:
    """An HMAC secret (the door of :mod:`twilio_jwt.secret` hands over a holder) in a :class:`Secret`."""
    return Secret(check_hmac_secret(parameter, reveal(value)))


def _secret(value: str | bytes) -> Secret[bytes]:
    raw = value._value if isinstance(value, Secret) else value
    if type(raw) is str and raw:  # the usual secret, checked here (looks_like_asymmetric_key's first test) at once
        key = raw.encode("utf-8", "surrogatepass")
        if key[:1] not in _MAY_START_A_KEY and b"-----BEGIN " not in key:
            return Secret(key)
    return hmac_secret("secret", value)


def _identity(value: str | int) -> str:
    # The usual identity (ASCII, not empty) is check_name's answer without calling it.
    return value if type(value) is str and value and value.isascii() else check_name("identity", value)


def ttl_up_to_a_day(value: int | None) -> int:
    """The ``ttl`` of the tokens that may live up to :data:`MAX_TTL` (an hour when ``None``)."""
    if type(value) is int and 1 <= value <= MAX_TTL:
        return value
    return check_ttl("ttl", value, default=3600, maximum=MAX_TTL)


def validate_host(instance: object, attribute: attrs.Attribute[PluginHost | None], value: PluginHost | None) -> None:
    """Every token type's ``host`` check, as an attrs validator."""
    if value is not None:
        check_host(value)


def _options(token: AccessToken, attribute: attrs.Attribute[PluginHost | None], host: PluginHost | None) -> None:
    """``nbf``, ``region`` and ``host`` checked in that order by one validator (a validator each costs a call each)."""
    if token.nbf is not None or token.region is not None or host is not None:  # the usual: none of them given
        check_epoch("nbf", token.nbf)
        check_optional_str("region", token.region)
        validate_host(token, attribute, host)


@functools.cache
def _rebuilders() -> tuple[Any, ...]:
    """What ``from_jwt`` rebuilds with, imported on the first decode (minting never imports it), then kept."""
    from twilio_jwt.rebuild import rebuild_grant, rebuilding, ttl_of, typed_claim

    return rebuild_grant, rebuilding, ttl_of, typed_claim


@attrs.define(repr=False, eq=False, on_setattr=attrs.setters.frozen)
class AccessToken(Decodable[str | bytes, "AccessToken"], metaclass=TokenType):
    """An access token carrying an identity and service grants.

    >>> from twilio_jwt import AccessToken
    >>> token = AccessToken("AC" + "0" * 32, "SK" + "0" * 32, "api-key-secret", identity="alice")
    >>> jwt = token.to_jwt()
    """

    DEFAULT_ALGORITHM: ClassVar[str] = "HS256"
    #: The one allow-list: signing checks it, ``DECODING`` holds this same tuple (fixed: see token_types).
    ALGORITHMS: ClassVar[tuple[str, ...]] = ("HS256", "HS384", "HS512")
    CONTENT_TYPE: ClassVar[str] = "twilio-fpa;v=1"
    #: Hidden when the class is called, so no traceback's locals show it (see :mod:`twilio_jwt.secret`).
    SECRET_ARGUMENTS: ClassVar[tuple[tuple[str, int], ...]] = (("secret", 2),)
    #: What decoding accepts as an access token (see :mod:`twilio_jwt.decoding`).
    DECODING: ClassVar[TokenSpec] = TokenSpec(
        "AccessToken", ALGORITHMS, CONTENT_TYPE, marker="grants", sids=(("iss", "SK"), ("sub", "AC"))
    )

    account_sid: str = attrs.field(validator=validator(check_credential_sid, "AC"))
    key_sid: str = attrs.field(validator=validator(check_credential_sid, "SK"))
    _secret: Secret[bytes] = attrs.field(alias="secret", converter=_secret, repr=False)
    identity: str = attrs.field(kw_only=True, converter=_identity)
    ttl: int = attrs.field(default=3600, kw_only=True, converter=ttl_up_to_a_day)
    nbf: int | float | None = attrs.field(default=None, kw_only=True)  # nbf and region: checked by _options
    region: str | None = attrs.field(default=None, kw_only=True)
    host: PluginHost | None = attrs.field(default=None, kw_only=True, repr=False, validator=_options)
    # Replaced, never changed in place (copy-on-write): see add_grant.
    _grants: dict[str, Grant] = attrs.field(factory=dict, init=False, repr=False)

    __repr__ = attrs_repr  # attrs' own text, without compiling a __repr__ in every process

    @property
    def grants(self) -> tuple[Grant, ...]:
        """The grants added so far (one per key: adding a second grant with a key replaces the first)."""
        return tuple(self._grants.values())

    def add_grant(self, grant: Grant) -> None:
        """Add a grant; a grant with the same key as an earlier one replaces it.

        Safe while other threads call ``to_jwt`` or ``add_grant`` on the same token: the
        grants mapping is replaced by a new one rather than changed, so ``to_jwt`` (which
        reads it once) signs the grants as they were before or after this call, never
        a mapping that changes under it; writers take a lock so no grant is lost.
        """
        if Grant not in grant.__class__.__mro__ and not isinstance(grant, Grant):  # the MRO first: no ABC hook
            raise InvalidParameterTypeError("grant", f"expected a twilio_jwt Grant, got {type_name(grant)}")
        key = grant_key_of(grant)
        with _ADDING:
            object.__setattr__(self, "_grants", {**self._grants, key: grant})

    def to_jwt(self, algorithm: str | None = None) -> str:
        """Sign the token (HS256 unless ``algorithm`` names another allowed one)."""
        if algorithm is None:
            algorithm = self.DEFAULT_ALGORITHM
        elif algorithm not in self.ALGORITHMS:
            algorithm = check_algorithm("algorithm", algorithm, self.ALGORITHMS, self.DEFAULT_ALGORITHM)
        header: tuple[tuple[str, str], ...] = (("typ", "JWT"), ("cty", self.CONTENT_TYPE))
        if self.region:
            header += (("twr", self.region),)
        # The shared signers only (no per-token ones): a new token per request is the usual case, found in one look-up.
        signer = make_signer(self.host, algorithm, self._secret, *header)
        now = int(clock := time.time())  # math.floor without importing math, which nothing else minting needs
        now -= now > clock  # int() rounds toward zero
        grants: dict[str, Any] = {"identity": self.identity}
        for key, grant in self._grants.items():  # one read: add_grant replaces the mapping, never changes it
            grants[key] = grant.to_payload()
        claims: dict[str, Any] = {
            "jti": f"{self.key_sid}-{now}",
            "grants": grants,
            "iat": now,
            "exp": now + self.ttl,
            "iss": self.key_sid,
            "sub": self.account_sid,
        }
        if self.nbf is not None:
            claims["nbf"] = self.nbf
        return encode(signer.header, claims, signer.algorithm, signer.key)

    @classmethod
    def _rebuild(cls, decoded: DecodedJWT, key: Secret[Any], host: PluginHost | None) -> AccessToken:
        """Verify ``token`` with the API key secret ``key`` and rebuild the AccessToken it carries.

        Only HS256/384/512 are accepted, whatever the token's header says; ``exp`` and
        ``nbf`` are checked allowing ``leeway`` seconds of clock skew. Grants are rebuilt
        by the plugins that provide their keys; a key with no plugin installed comes
        back as a :class:`~twilio_jwt.grant.RawGrant` that re-encodes unchanged. The
        result mints a token with the same claims (``ttl = exp - iat``, ``nbf`` and the
        ``twr`` region header kept). Failures raise a
        :class:`~twilio_jwt.errors.TokenError` subclass that says why.
        """
        rebuild_grant, rebuilding, ttl_of, typed_claim = _rebuilders()

        claims = decoded.claims
        grants: Any = claims.get("grants")
        if grants.__class__ is not dict:
            grants = typed_claim(claims, "grants", dict)
        # Past the metaclass and the door of __init__: from_jwt is the door already (the key hidden, frames cut).
        rebuilt, init = object.__new__(cls), getattr(cls.__init__, "__wrapped__", cls.__init__)
        try:
            init(
                rebuilt,
                claims["sub"],
                claims["iss"],
                key,  # type: ignore[arg-type] # the holder, which the converter takes
                identity=grants.get("identity"),
                ttl=ttl_of(claims),
                nbf=claims.get("nbf"),
                region=decoded.header.get("twr"),
                host=host,
            )
        except (ValueError, TypeError):  # only these are the token's (see rebuilding)
            with rebuilding(cls.__name__, _REBUILT_FROM):
                raise
        # rebuild_grant gives each key's own grant, so this is what add_grant would build, in one step.
        host = host or default_host()
        grants = {name: rebuild_grant(name, payload, host) for name, payload in grants.items() if name != "identity"}
        object.__setattr__(rebuilt, "_grants", grants)
        return rebuilt
