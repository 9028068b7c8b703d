"""ValidationToken: Twilio's Public Key Client Validation (contract section 5).

With Public Key Client Validation on, every REST request carries a
``Twilio-Client-Validation`` header: a short-lived RS256 (or PS256) JWT over the hash
of the request's canonical form, signed with a private key whose public half was
uploaded to Twilio as a credential (``CR...``). A stolen API key secret alone then
cannot make requests, and a request changed in transit no longer matches its token.

It lives in the rsa plugin, not in core, because only this plugin can sign or verify
it. This module still imports no ``cryptography``: the RS256/PS256 algorithm object
comes from the plugin host through :func:`~twilio_jwt._signing.make_signer`, which
parses the key once, when the token is built; every request after that costs one
canonicalisation and one RSA signature.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from typing import Any, ClassVar, NoReturn

import attrs

from twilio_jwt._jws import encode
from twilio_jwt._signing import Signer, make_signer
from twilio_jwt._token_type import TokenType
from twilio_jwt.access_token import validate_host
from twilio_jwt.checks import check_algorithm, check_credential_sid, check_ttl, type_name, validator
from twilio_jwt.decoding import Decodable, DecodedJWT, TokenSpec
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError, TwilioJWTError
from twilio_jwt.host import PluginHost, default_host
from twilio_jwt.rebuild import rebuilding, ttl_of, typed_claim
from twilio_jwt.secret import Secret, hide, reveal
from twilio_jwt_rsa.canonical import RequestCanonicalizer, WireRequest, canonicalize_request, check_signed_headers

__all__ = ["HEADER_NAME", "MAX_TTL", "ValidationToken"]

#: The HTTP header that carries the token.
HEADER_NAME = "Twilio-Client-Validation"

#: Twilio's documentation: "Max exp - nbf is 300 seconds".
MAX_TTL = 300


#: Stands in for the private key of a token decoded with only the public key.
_VERIFY_ONLY = object()


def _private_key(value: object) -> Secret[object]:
    """Only presence is checked here; the rsa plugin's ``prepare_key`` judges the key itself."""
    value = reveal(value)  # the constructor's door (HidesSecretArguments) hands over a holder
    if value is _VERIFY_ONLY:
        return Secret(value)
    if value is None or (isinstance(value, (str, bytes, bytearray)) and not value):
        raise InvalidParameterError("private_key", "is required: a PEM RSA private key (str or bytes) or a loaded key")
    return Secret(value)


def _algorithm(value: str | None) -> str:
    return check_algorithm("algorithm", value, ValidationToken.ALGORITHMS, ValidationToken.DEFAULT_ALGORITHM)


def _ttl(value: int | None) -> int:
    return check_ttl("ttl", value, default=MAX_TTL, maximum=MAX_TTL)


def _signed_headers(value: Iterable[str] | None) -> tuple[str, ...]:
    return check_signed_headers("signed_headers", value)


@attrs.define(eq=False, on_setattr=attrs.setters.frozen)
class ValidationToken(Decodable[object, "ValidationToken"], metaclass=TokenType):
    """Signs requests for Public Key Client Validation.

    >>> vt = ValidationToken(account_sid, credential_sid, api_key_sid, private_key_pem)  # doctest: +SKIP
    >>> canonicalizer = vt.get_request_canonicalizer({"method": "GET", "url": url, "auth": (api_key_sid, secret)})
    >>> headers["Twilio-Client-Validation"] = vt.generate_token(canonicalizer)

    ``signing_key`` is the API key SID (``SK...``) and ``credential_sid`` the public key
    credential (``CR...``). The key is read once, here; a key that is not an RSA private
    key of at least 2048 bits is a ``ValueError``. ``signed_headers`` adds header names
    to sign; ``authorization`` and ``host`` are always signed, since Twilio requires them.
    """

    DEFAULT_ALGORITHM: ClassVar[str] = "RS256"
    #: The one allow-list: signing checks it, ``DECODING`` holds this same tuple (fixed: see token_types).
    ALGORITHMS: ClassVar[tuple[str, ...]] = ("RS256", "PS256")
    CONTENT_TYPE: ClassVar[str] = "twilio-pkrv;v=1"
    #: Hidden when the class is called, so no traceback's locals show it (see :mod:`twilio_jwt.secret`).
    SECRET_ARGUMENTS: ClassVar[tuple[tuple[str, int], ...]] = (("private_key", 3),)
    #: What decoding and :class:`~twilio_jwt_rsa.request_verifier.RequestVerifier` accept as a validation token.
    DECODING: ClassVar[TokenSpec] = TokenSpec(
        "ValidationToken", ALGORITHMS, CONTENT_TYPE, marker="rqh", sids=(("iss", "SK"), ("sub", "AC"))
    )

    account_sid: str = attrs.field(validator=validator(check_credential_sid, "AC"))
    credential_sid: str = attrs.field(validator=validator(check_credential_sid, "CR"))
    signing_key: str = attrs.field(validator=validator(check_credential_sid, "SK"))
    _private_key: Secret[object] = attrs.field(alias="private_key", converter=_private_key, repr=False)
    algorithm: str = attrs.field(default=DEFAULT_ALGORITHM, kw_only=True, converter=_algorithm)
    ttl: int = attrs.field(default=MAX_TTL, kw_only=True, converter=_ttl)
    signed_headers: tuple[str, ...] = attrs.field(default=None, kw_only=True, converter=_signed_headers)
    host: PluginHost | None = attrs.field(default=None, kw_only=True, repr=False, validator=validate_host)
    _signer: Signer | None = attrs.field(init=False, repr=False, default=None)

    def __attrs_post_init__(self) -> None:
        # After the validators (a default would run before them): the key is parsed once, here.
        if self._private_key.reveal() is not _VERIFY_ONLY:
            # Header keys in the order of Twilio's published example.
            header = (("cty", self.CONTENT_TYPE), ("typ", "JWT"), ("alg", self.algorithm), ("kid", self.credential_sid))
            signer = make_signer(self.host, self.algorithm, self._private_key, *header)
            object.__setattr__(self, "_signer", signer)

    @property
    def can_sign(self) -> bool:
        """False for a token rebuilt by :meth:`from_jwt` from the public key alone."""
        return self._signer is not None

    @classmethod
    def _rebuild(cls, decoded: DecodedJWT, key: Any, host: PluginHost | None) -> ValidationToken:
        """Verify ``token`` with ``key`` (the public key, or the private key) and rebuild the ValidationToken.

        Only RS256 and PS256 are accepted; ``exp`` and ``nbf`` are checked allowing
        ``leeway`` seconds of clock skew. The result has the original's account,
        credential (from ``kid``), API key, algorithm, ttl and signed headers (from
        ``hrh``). Given the private key it signs like the original, so ``generate_token``
        for the same request gives the same claims; given only the public key, which is
        what a receiving side holds, it is verify-only (:attr:`can_sign` is false and
        ``generate_token`` says so). To check the request against ``rqh`` as well, use
        :class:`~twilio_jwt_rsa.request_verifier.RequestVerifier`.
        """
        algorithm = (host or default_host()).algorithm(decoded.header["alg"])
        try:
            key = hide(algorithm.prepare_key(reveal(key)))  # parsed once: the loaded key is passed on below
        except ValueError:  # verified, so it is the public key: rebuild without signing power
            key = _VERIFY_ONLY
        claims = decoded.claims
        kid: Any = decoded.header.get("kid")  # checked when the token is rebuilt, like every claim
        hrh = typed_claim(claims, "hrh", str)
        claim_for = dict(
            account_sid="sub", credential_sid="kid", signing_key="iss", ttl="exp - iat", signed_headers="hrh"
        )
        with rebuilding(cls.__name__, claim_for):
            return cls(
                claims["sub"],
                kid,
                claims["iss"],
                key,
                algorithm=decoded.header["alg"],
                ttl=ttl_of(claims),
                signed_headers=hrh.split(";"),
                host=host,
            )

    def get_request_canonicalizer(self, request: object) -> RequestCanonicalizer:
        """The canonical form of a request described like ``requests.Request``.

        ``request`` is a mapping (or an object with these attributes) with ``url`` and
        ``method`` (both required) and optionally ``headers``, ``params``, ``data`` and
        ``auth`` (a ``(user, password)`` pair). See contract section 5 for how each is read.
        """
        return canonicalize_request(request, self.signed_headers)

    def get_wire_canonicalizer(self, request: WireRequest) -> RequestCanonicalizer:
        """The canonical form of a request exactly as an HTTP client is about to send it.

        What the ``requests`` and ``httpx`` adapters use: the raw (encoded) path and query,
        the final headers and the body bytes, in a :class:`~twilio_jwt_rsa.canonical.WireRequest`.
        """
        if not isinstance(request, WireRequest):
            raise InvalidParameterTypeError("request", f"expected a WireRequest, got {type_name(request)}")
        return request.canonicalize(self.signed_headers)

    def generate_token(self, canonicalizer: RequestCanonicalizer) -> str:
        """The ``Twilio-Client-Validation`` header value for the canonicalized request."""
        if not isinstance(canonicalizer, RequestCanonicalizer):
            raise InvalidParameterTypeError(
                "canonicalizer", f"expected a RequestCanonicalizer, got {type_name(canonicalizer)}"
            )
        signer = self._signer
        if signer is None:
            raise TwilioJWTError(
                "this ValidationToken was decoded with the public key and cannot sign; "
                "pass the private key to from_jwt to sign again"
            )
        now = math.floor(time.time())
        claims = {
            "iss": self.signing_key,
            "sub": self.account_sid,
            "iat": now,
            "exp": now + self.ttl,
            "hrh": canonicalizer.hrh,
            "rqh": canonicalizer.get_signature_hash(),
        }
        return encode(signer.header, claims, signer.algorithm, signer.key)

    def __copy__(self) -> ValidationToken:
        """The token itself: every field is frozen, so a shallow copy could only be an equal twin."""
        return self

    def __reduce__(self) -> NoReturn:
        raise TypeError("a twilio-jwt ValidationToken cannot be pickled: it would write the private key out")
