"""Checking a signed request on the receiving side (what Twilio does with a validation token).

Useful for a proxy or test server that stands in for Twilio, and for anyone who wants
the same protection on their own API. The verifier checks what the server will act on:
a request not already in canonical form (a fragment, dot or empty segments, a method
in lower case; :meth:`WireRequest.canonical_problem`) is refused, never normalised into
a match with a token signed for another request. For the rest it recomputes the
canonical request from what actually arrived (raw request target, headers, body bytes)
with the same builder the signer used, so both sides cannot disagree about the
canonical form; the token itself is checked by :func:`twilio_jwt.decoding.verify`
(algorithm pinned to RS256/PS256, ``cty``, signature, ``exp``/``nbf``, SID claims), and
its lifetime here against Twilio's 300-second cap. docs/security.md lists every rule,
and what is not verified (replay within the lifetime, unsigned headers, query order).

Problems with the request or its token are a :class:`VerificationResult` with
``ok=False`` and a reason a person can act on; only programming errors (a headers
argument that is not headers, an unusable public key) raise.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Mapping
from typing import Any

import attrs

from twilio_jwt.checks import check_sid, type_name
from twilio_jwt.decoding import check_leeway, verify
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError, TokenError
from twilio_jwt.host import PluginHost, check_host, default_host
from twilio_jwt_rsa.canonical import DEFAULT_SIGNED_HEADERS, RequestCanonicalizer, WireRequest, check_signed_headers
from twilio_jwt_rsa.validation_token import HEADER_NAME, MAX_TTL, ValidationToken

__all__ = ["RequestVerifier", "VerificationResult"]


@attrs.frozen
class VerificationResult:
    """The outcome of :meth:`RequestVerifier.verify`; true in a boolean context only when ``ok``.

    ``claims`` are the verified claims (``None`` when the token itself failed);
    ``canonicalizer`` is the canonical request recomputed from what arrived, for logging
    when ``rqh`` does not match.
    """

    ok: bool
    reason: str
    claims: Mapping[str, Any] | None = None
    canonicalizer: RequestCanonicalizer | None = attrs.field(default=None, repr=False)

    def __bool__(self) -> bool:
        return self.ok


def _optional_sid(prefix: str) -> Any:
    return lambda _, attribute, value: value is None or check_sid(attribute.name, value, prefix)


@attrs.define(eq=False, on_setattr=attrs.setters.frozen)
class RequestVerifier:
    """Verifies the ``Twilio-Client-Validation`` header of requests signed with one key pair.

    ``public_key`` is the PEM (or a loaded key object) uploaded to Twilio as the
    credential; it is read once, here. ``account_sid``, ``signing_key`` (API key SID)
    and ``credential_sid``, when given, must match the token's ``sub``, ``iss`` and
    ``kid``. ``leeway`` allows seconds of clock skew on ``exp``, ``nbf`` and ``iat``
    (which is required, and no more than 300 seconds before ``exp``).
    """

    _public_key: Any = attrs.field(alias="public_key", repr=False)
    account_sid: str | None = attrs.field(default=None, kw_only=True, validator=_optional_sid("AC"))
    signing_key: str | None = attrs.field(default=None, kw_only=True, validator=_optional_sid("SK"))
    credential_sid: str | None = attrs.field(default=None, kw_only=True, validator=_optional_sid("CR"))
    leeway: float = attrs.field(default=0, kw_only=True, converter=check_leeway)
    host: PluginHost | None = attrs.field(default=None, kw_only=True, repr=False, converter=check_host)

    def __attrs_post_init__(self) -> None:
        # Parse the key once; what decoding hands back to the algorithm is the loaded key.
        algorithm = (self.host or default_host()).algorithm(ValidationToken.DEFAULT_ALGORITHM)
        object.__setattr__(self, "_public_key", algorithm.prepare_verify_key(self._public_key))

    def verify(self, request: WireRequest, *, token: str | None = None) -> VerificationResult:
        """Check a request as it arrived, given as a :class:`~twilio_jwt_rsa.canonical.WireRequest`.

        Build it from what came over the socket: the method, the raw request target
        (still percent-encoded), every header received (a mapping,
        ``http.client.HTTPMessage`` or ``(name, value)`` pairs), the body bytes, and the
        scheme the client used (it decides which default port the Host header may omit)::

            verifier.verify(WireRequest(self.command, self.path, self.headers, body, scheme="https"))

        The token is read from the ``Twilio-Client-Validation`` header unless ``token`` is given.
        Pass the target as it was on the request line: a decoded path (WSGI's ``PATH_INFO``)
        may not be in canonical form, and is then refused.
        """
        if not isinstance(request, WireRequest):
            raise InvalidParameterTypeError("request", f"expected a WireRequest, got {type_name(request)}")
        found = [token] if token is not None else [value.strip() for value in request.header_values(HEADER_NAME)]
        problem = request.canonical_problem()
        if not problem and len(found) != 1:
            problem = f"the request has {'no' if not found else 'more than one'} {HEADER_NAME} header"
        if problem:
            return VerificationResult(False, problem)
        try:
            decoded = verify(found[0], self._public_key, ValidationToken.DECODING, leeway=self.leeway, host=self.host)
        except TokenError as exc:
            return VerificationResult(False, str(exc))
        claims = decoded.claims
        problem = self._claims_problem(decoded.header, claims)
        if problem:
            return VerificationResult(False, problem, claims)
        canonicalizer = request.canonicalize(claims["hrh"].split(";"))
        if not hmac.compare_digest(canonicalizer.get_signature_hash(), claims["rqh"]):
            return VerificationResult(
                False,
                "the request does not match its token (rqh): the method, path, query, a signed header "
                f"({claims['hrh']}) or the body differs from what was signed",
                claims,
                canonicalizer,
            )
        return VerificationResult(True, "verified", claims, canonicalizer)

    def _claims_problem(self, header: Mapping[str, Any], claims: Mapping[str, Any]) -> str | None:
        """What decoding does not check: the expected identity, ``rqh`` and ``hrh`` well formed, the lifetime bounded.

        Twilio caps a validation token's life at :data:`MAX_TTL` seconds; every token is held
        to it. ``iat`` is required (without it a token could have been minted any time before
        its ``exp``), may not lie in the future, and ``exp`` may be neither more than
        ``MAX_TTL`` after ``iat`` nor more than ``MAX_TTL`` from now; ``leeway`` allows clock
        skew on the two comparisons with now. Decoding has already checked that both are numbers.
        """
        for expected, found, what in (
            (self.credential_sid, header.get("kid"), "credential (kid)"),
            (self.signing_key, claims.get("iss"), "API key (iss)"),
            (self.account_sid, claims.get("sub"), "account (sub)"),
        ):
            if expected is not None and found != expected:
                return f"the token was issued for another {what} than this verifier expects"
        hrh, rqh, iat, exp = claims.get("hrh"), claims.get("rqh"), claims.get("iat"), claims["exp"]
        if not isinstance(rqh, str) or len(rqh) != 64:
            return "the token's rqh claim is not a SHA-256 hex digest"
        if not isinstance(hrh, str):
            return "the token has no hrh claim (the signed header names)"
        names = hrh.split(";")
        try:
            check_signed_headers("hrh", names)
        except InvalidParameterError:
            return "the token's hrh claim holds something that is not an HTTP header name"
        if names != sorted({name.lower() for name in names}):
            return "the token's hrh claim is not a sorted list of distinct lower-case header names"
        if not set(DEFAULT_SIGNED_HEADERS) <= set(names):
            return "the token's hrh claim does not sign both authorization and host, as Twilio requires"
        if iat is None:
            return "the token has no iat claim: without it its lifetime cannot be bounded"
        now = time.time()
        if iat > now + self.leeway:
            return "the token was issued in the future (iat is later than now, beyond the leeway)"
        if exp > now + MAX_TTL + self.leeway:
            return f"the token expires more than {MAX_TTL} seconds from now (exp)"
        if exp - iat > MAX_TTL:
            return f"the token lives longer than {MAX_TTL} seconds (exp - iat)"
        return None
