"""``Jwt``: twilio-python's base class of every token, on twilio-jwt's checks and encoder.

twilio-python builds each token from a subclass's ``_generate_payload()`` and
``_generate_headers()`` and then adds the time claims itself: ``exp = now + ttl``,
``nbf = now`` unless told otherwise, ``exp = valid_until`` when one is given, and no
``iat``. No twilio-jwt token type writes those claims (they all write ``iat`` and
``nbf`` only on request), so this class keeps twilio-python's claim assembly, and
everything under it is twilio-jwt's: the signing backend comes from the plugin host
through :func:`~twilio_jwt._signing.make_signer` and the bytes from
:func:`~twilio_jwt._jws.encode`.

The clock is read once per token (twilio-python reads it up to three times, so a
second boundary between reads could give ``jti``, ``exp`` and ``nbf`` different
``now`` values) and floored (twilio-python truncates, which differs before 1970).
A subclass's ``_generate_payload()`` that needs ``now`` reads it with
:func:`build_time`, which returns the reading of the token being built.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ClassVar, Final

import attrs

from twilio_jwt._jws import encode
from twilio_jwt._signing import Signer, make_signer
from twilio_jwt.access_token import MAX_TTL
from twilio_jwt.checks import check_algorithm, check_epoch, check_optional_str, check_ttl, type_name
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError, TokenError
from twilio_jwt.secret import Secret

__all__ = ["GENERATE", "Jwt", "JwtDecodeError", "UnverifiedTokenWarning", "build_time"]


class _Generate:
    """The type of :data:`GENERATE`; one instance, shown by its name."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "Jwt.GENERATE"

    def __reduce__(self) -> str:
        return "GENERATE"


#: ``nbf=GENERATE`` (the default) writes ``nbf = now``; ``nbf=None`` writes no ``nbf``.
GENERATE: Final = _Generate()

#: Every algorithm some first-party plugin signs with (twilio-python passes any name to PyJWT).
ALGORITHMS: Final = ("HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512")

_BUILD_TIME: ContextVar[int | None] = ContextVar("twilio_jwt_compat_build_time", default=None)


def build_time() -> int:
    """``now`` of the token being built, for ``_generate_payload()``; outside a build, the floored clock."""
    now = _BUILD_TIME.get()
    return math.floor(time.time()) if now is None else now


@contextmanager
def _building(now: int) -> Iterator[None]:
    token = _BUILD_TIME.set(now)
    try:
        yield
    finally:
        _BUILD_TIME.reset(token)


class JwtDecodeError(TokenError):
    """twilio-python's decoding error; here also a :class:`~twilio_jwt.errors.TokenError` (a ``ValueError``)."""


class UnverifiedTokenWarning(UserWarning):
    """``from_jwt`` was given no key, so it decoded the token without checking its signature.

    twilio-python does this silently; this layer keeps the behaviour and warns. Pass the
    key to verify the token, or, where reading a token unverified is intended, filter it::

        warnings.filterwarnings("ignore", category=twilio_jwt_compat.UnverifiedTokenWarning)
    """


def unverified_message(name: str) -> str:
    """The text of the :class:`UnverifiedTokenWarning` that ``name.from_jwt()`` gives without a key."""
    return f"{name}.from_jwt() was given no key: the signature was not checked, so anyone could have written this token"


def _signing_key(value: object) -> object:
    """Keep a key hidden: str/bytes go into a :class:`Secret`; ``None``/empty means "no key yet".

    A key object (a loaded RSA private key) is kept as it is; the algorithm's
    ``prepare_key`` checks every key when the token is signed.
    """
    if value is None or value == "" or value == b"":
        return None
    if isinstance(value, str):
        return Secret(value.encode("utf-8", "surrogatepass"))
    if isinstance(value, (bytes, bytearray, memoryview)):
        return Secret(bytes(value))
    return value


# attrs converters are named functions: mypy's attrs plugin types only those.


def _issuer(value: object) -> str | None:
    return check_optional_str("issuer", value)


def _subject(value: object) -> str | None:
    return check_optional_str("subject", value)


def _algorithm(value: object) -> str:
    return check_algorithm("algorithm", value, ALGORITHMS, "HS256")


def _nbf(value: object) -> object:
    return value if value is GENERATE else check_epoch("nbf", value)


def check_compat_ttl(value: object) -> int:
    """An int from 1 to 86400 (Twilio refuses longer-lived tokens); ``None`` means 3600."""
    return check_ttl("ttl", value, default=3600, maximum=MAX_TTL)


def _valid_until(value: object) -> int | float | None:
    return check_epoch("valid_until", value)


def _header_items(headers: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The header as (name, str value) pairs sorted by name, as PyJWT (and so twilio-python) writes them."""
    for name, value in headers.items():
        wrong = value if isinstance(name, str) else name
        if not isinstance(wrong, str):
            raise InvalidParameterTypeError("headers", f"names and values must be str, got {type_name(wrong)}")
    return tuple(sorted(headers.items()))


@attrs.define(eq=False, init=False, kw_only=True)
class Jwt:
    """Base class for building a JSON Web Token (``twilio.jwt.Jwt``).

    ``Jwt(secret_key, issuer, subject=None, algorithm=None, nbf=Jwt.GENERATE,
    ttl=3600, valid_until=None)``. A subclass provides ``_generate_payload()`` and
    may add header fields with ``_generate_headers()``. Attributes can be changed
    after construction and are checked again when they are.

    Subclasses are attrs classes with ``init=False``: their own ``__init__`` keeps
    twilio-python's signature, calls ``__attrs_init__`` with the fields of this class
    and then assigns their own fields (declared ``init=False``), which runs the
    fields' converters, so every subclass shares this ``__attrs_init__``.
    """

    GENERATE: ClassVar[object] = GENERATE
    ALGORITHM: ClassVar[str] = "HS256"

    _secret_key: object = attrs.field(alias="secret_key", converter=_signing_key, repr=False)
    issuer: str | None = attrs.field(converter=_issuer)
    subject: str | None = attrs.field(default=None, converter=_subject)
    algorithm: str = attrs.field(default="HS256", converter=_algorithm)
    nbf: int | float | object | None = attrs.field(default=GENERATE, converter=_nbf)
    ttl: int = attrs.field(default=3600, converter=check_compat_ttl)
    valid_until: int | float | None = attrs.field(default=None, converter=_valid_until)
    _decoded: tuple[dict[str, Any], dict[str, Any]] | None = attrs.field(default=None, init=False, repr=False)
    _signer: tuple[object, str, tuple[tuple[str, str], ...], Signer] | None = attrs.field(
        default=None, init=False, repr=False
    )

    def __init__(
        self,
        secret_key: object,
        issuer: str | None,
        subject: str | None = None,
        algorithm: str | None = None,
        nbf: int | float | object | None = GENERATE,
        ttl: int | None = 3600,
        valid_until: int | float | None = None,
    ) -> None:
        self.__attrs_init__(
            secret_key=secret_key,
            issuer=issuer,
            subject=subject,
            algorithm=algorithm or self.ALGORITHM,
            nbf=nbf,
            ttl=ttl,
            valid_until=valid_until,
        )

    def _generate_payload(self) -> dict[str, Any]:
        """The token's own claims; ``iss``, ``exp``, ``nbf`` and ``sub`` are added after them."""
        raise NotImplementedError("Subclass must provide a payload.")

    def _generate_headers(self) -> dict[str, str]:
        """Header fields besides ``typ`` and ``alg`` (none by default)."""
        return {}

    @property
    def payload(self) -> dict[str, Any]:
        """The claims the token would carry if it were signed now (or the decoded ones)."""
        if self._decoded is not None:
            return self._decoded[1]
        return self._payload_at(math.floor(time.time()))

    @property
    def headers(self) -> dict[str, Any]:
        """The JOSE header the token would carry (or the decoded one)."""
        if self._decoded is not None:
            return self._decoded[0]
        headers: dict[str, Any] = dict(self._generate_headers())
        headers["typ"] = "JWT"
        headers["alg"] = self.algorithm
        return headers

    def _payload_at(self, now: int) -> dict[str, Any]:
        """twilio-python's claim assembly, with one clock reading for every claim."""
        with _building(now):
            payload = dict(self._generate_payload())
        payload["iss"] = self.issuer
        payload["exp"] = now + self.ttl
        if self.nbf is not None:
            payload["nbf"] = now if self.nbf is GENERATE else self.nbf
        if self.valid_until:
            payload["exp"] = self.valid_until
        if self.subject:
            payload["sub"] = self.subject
        return payload

    def to_jwt(self, ttl: int | None = None) -> str:
        """Sign the token; a ``ttl`` given here replaces the constructor's and ``valid_until`` (as in twilio-python)."""
        signer = self._current_signer()
        now = math.floor(time.time())
        payload = dict(self._decoded[1]) if self._decoded is not None else self._payload_at(now)
        if ttl:
            payload["exp"] = now + check_compat_ttl(ttl)
        return encode(signer.header, payload, signer.algorithm, signer.key)

    def _current_signer(self) -> Signer:
        """The signer for the current key, algorithm and header: prepared once, reused while they stay the same.

        Preparing it checks the key (the HMAC key-confusion guard, an RSA key's type and size).
        """
        key = self._secret_key
        if key is None:
            raise InvalidParameterError("secret_key", "JWT does not have a signing key configured.")
        algorithm = self.algorithm
        header = _header_items({**self.headers, "alg": algorithm})  # a decoded header keeps its fields
        cached = self._signer
        if cached is not None and cached[0] is key and cached[1] == algorithm and cached[2] == header:
            return cached[3]
        signer = make_signer(None, algorithm, key.reveal() if isinstance(key, Secret) else key, *header)
        self._signer = (key, algorithm, header, signer)
        return signer

    @classmethod
    def _from_jwt(cls, headers: dict[str, Any], payload: dict[str, Any], key: object = None) -> Jwt:
        """A plain :class:`Jwt` holding a decoded header and claims (what every twilio-python ``from_jwt`` returns)."""
        jwt = Jwt(
            secret_key=key,
            issuer=payload.get("iss"),
            subject=payload.get("sub"),
            algorithm=headers.get("alg"),
            valid_until=payload.get("exp"),
            nbf=payload.get("nbf"),
        )
        jwt._decoded = (headers, payload)
        return jwt

    @classmethod
    def from_jwt(cls, jwt: str | bytes, key: str | bytes | None = "") -> Jwt:
        """Decode a token signed with ``cls.ALGORITHM``; with a ``key``, verify its signature too.

        Without a key (``""``, ``b""`` or ``None``) the signature is not checked, as
        twilio-python does, but ``exp`` and ``nbf`` still are, and an
        :class:`UnverifiedTokenWarning` says so: anyone can write such a token, and a
        forgotten key should not go unnoticed. Any failure raises :class:`JwtDecodeError`.
        """
        from twilio_jwt_compat.decoding import decode

        headers, payload = decode(jwt, key, cls.ALGORITHM, cls.__name__)
        try:
            decoded = cls._from_jwt(headers, payload, key)
        except (ValueError, TypeError) as exc:
            raise JwtDecodeError(str(exc)) from None
        if not key:
            warnings.warn(unverified_message(cls.__name__), UnverifiedTokenWarning, stacklevel=2)
        return decoded

    def __str__(self) -> str:
        return f"<JWT {self.to_jwt()}>"
