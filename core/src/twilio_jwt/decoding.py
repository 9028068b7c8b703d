"""Reading and verifying tokens, and the ``from_jwt`` every token type gets from :class:`Decodable`.

A token type describes what it accepts in a :class:`TokenSpec` (its own algorithm
list, its ``cty`` header, a claim only it carries, the SID claims and their
prefixes). :func:`verify` checks a token against it; what comes back are checked
header and claims, from which the type rebuilds itself with the functions of
:mod:`twilio_jwt.rebuild`.

PyJWT does the parsing and the signature check through its public API (see
:mod:`twilio_jwt._pyjwt`, imported only when something is decoded, so minting
never loads PyJWT). What PyJWT does not check is checked here, once each, in an order
chosen for the message a person gets: size before any parsing; canonical, unpadded
base64url (PyJWT accepts padding, and before 2.10 stray bits); the header read
strictly (UTF-8 only, no duplicate keys, no NaN), then its ``alg`` against the type's
list and its ``cty``, before the signature (so "signed with HS384 but only HS256 is
allowed" beats "bad signature"; both are refusals, so reading the header first never
lets anything through); the signature (PyJWT); then the claims read strictly,
``exp``/``nbf`` with the leeway, and the SID claims.
"""

from __future__ import annotations

import datetime
import functools
import json
import time
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from twilio_jwt import errors
from twilio_jwt._jws import b64url_decode
from twilio_jwt._times import iso8601, span

# Defined with the token types (every token type needs them to be defined, minting or not) and
# importable from here too.
from twilio_jwt._token_type import Decodable as Decodable
from twilio_jwt._token_type import TokenSpec as TokenSpec
from twilio_jwt.algorithm import SigningAlgorithm
from twilio_jwt.checks import MAX_EPOCH, check_sid, type_name
from twilio_jwt.host import PluginHost, check_host, default_host
from twilio_jwt.rebuild import json_type, rebuilding, shown

#: Tokens larger than this are refused before any parsing (Twilio's own are a few KiB).
MAX_TOKEN_BYTES = 64 * 1024


@attrs.frozen
class DecodedJWT:
    """A token's header and claims, and whether they were verified."""

    header: dict[str, Any]
    claims: dict[str, Any]
    verified: bool


def check_leeway(value: object) -> float:
    """Seconds of clock skew to allow: an int/float from 0 to ``MAX_EPOCH``, or a ``timedelta``."""
    if isinstance(value, datetime.timedelta):
        value = value.total_seconds()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise errors.InvalidParameterTypeError("leeway", f"expected int, float or timedelta, got {type_name(value)}")
    if not 0 <= value <= MAX_EPOCH:  # compared, not converted: holds for any int, infinity and NaN
        raise errors.InvalidParameterError("leeway", "must be a finite number of seconds >= 0, at most 2**53 - 1")
    return float(value)


def read_unverified(token: object) -> DecodedJWT:
    """Header and claims as written, checking only that the token is well formed.

    Nothing here is trustworthy: the signature, times and type are not checked.
    """
    header, claims, _ = _token_bytes(token).split(b".")
    return DecodedJWT(_json_object(header, "header"), _json_object(claims, "claims"), verified=False)


def verify(
    token: object, key: object, spec: TokenSpec, *, leeway: object = 0, host: PluginHost | None = None
) -> DecodedJWT:
    """Check ``token`` against ``spec`` and ``key``; the claims come back only if everything holds.

    Raises a :class:`~twilio_jwt.errors.TokenError` subclass naming the reason, an
    ``InvalidParameterError`` for an unusable key or leeway, or ``MissingPluginError``
    when no installed plugin provides the (allowed) algorithm the token was signed with.
    """
    data = _token_bytes(token)
    allowance = 0.0 if leeway.__class__ is int and not leeway else check_leeway(leeway)
    host = default_host() if host is None else check_host(host) or default_host()
    segment = data.partition(b".")[0]
    items = _flat_header(segment)
    header = _json_object(segment, "header") if items is None else dict(items)
    alg, cty = header.get("alg"), header.get("cty")
    if alg not in spec.algorithms:
        raise errors.AlgorithmNotAllowedError(
            f"the token is signed with {shown(alg, 10)} but {spec.a_name} allows only {', '.join(spec.algorithms)}; "
            "a token's own alg header never widens that list"
        )
    if cty != spec.content_type:
        found = "has no cty header" if cty is None else f"has cty {shown(cty)}"
        wanted = f"cty {spec.content_type!r}" if spec.content_type else "no cty header"
        raise errors.WrongTokenTypeError(
            f"this is not {spec.a_name}: the token {found}, and {spec.a_name} has {wanted}"
        )
    payload = _pyjwt()(host.algorithm(alg), data, key)  # allowed but not installed: MissingPluginError
    if payload is None:
        raise errors.InvalidSignatureError(
            f"the {spec.name}'s {alg} signature does not match: "
            "it was signed with another key, or changed after signing"
        )
    claims = _json_object(payload, "claims", encoded=False)
    if spec.marker not in claims:
        raise errors.WrongTokenTypeError(f"this is not {spec.a_name}: it has no {spec.marker!r} claim")
    check_times(claims, spec.name, allowance)
    for claim, prefix in spec.sids:
        sid = claims.get(claim)
        if not (sid.__class__ is str and sid.startswith(prefix) and sid.isalnum()):  # else check_sid passes it
            with rebuilding(spec.name, {claim: claim}):
                check_sid(claim, sid, prefix)
    return DecodedJWT(header, claims, True)


@functools.cache
def _pyjwt() -> Callable[[SigningAlgorithm, bytes, object], bytes | None]:
    """PyJWT's signature check, imported on the first decode (so minting never loads PyJWT), then kept."""
    from twilio_jwt._pyjwt import verified_payload

    return verified_payload


def check_times(claims: Mapping[str, Any], name: str, leeway: float) -> None:
    """``exp`` (required) is in the future and ``nbf`` (when present) in the past, allowing ``leeway`` seconds.

    ``name`` is the token type the messages speak of; the clock is read once, here.
    """
    now = time.time()
    exp, iat = claims.get("exp"), None if "nbf" in claims else claims.get("iat")  # with nbf: the checks below
    if exp.__class__ is iat.__class__ is int and -MAX_EPOCH <= iat <= MAX_EPOCH and now - leeway < exp <= MAX_EPOCH:
        return  # the usual token (int exp and iat, no nbf): every check below passes
    skew = f" (leeway {span(leeway)})" if leeway else ""
    exp = _number(claims, "exp")
    if exp is None:
        raise errors.InvalidClaimError("exp", f"is required: every {name} expires")
    if exp <= now - leeway:
        raise errors.ExpiredTokenError(
            f"the {name} expired at {iso8601(exp)}, {span(now - exp)} ago{skew}; mint a new one"
        )
    nbf = _number(claims, "nbf")
    if nbf is not None and nbf > now + leeway:
        raise errors.NotYetValidError(
            f"the {name} is not valid before {iso8601(nbf)} (nbf), {span(nbf - now)} from now{skew}; "
            "check the clocks, or pass a leeway for clock skew"
        )
    _number(claims, "iat")


def _number(claims: Mapping[str, Any], name: str) -> float | None:
    """A time claim: absent, or a JSON number within +-:data:`~twilio_jwt.checks.MAX_EPOCH` (bools are not numbers).

    The bound is the one minting applies. It is checked by comparison, which holds for
    any int (``10**400``) and any float (``1e400`` reads as infinity): converting such a
    number, as ``math.isfinite`` or ``datetime`` would, raises ``OverflowError``.
    """
    value = claims.get(name)
    if value is None and name not in claims:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise errors.InvalidClaimError(name, f"expected epoch seconds (a JSON number), got {json_type(value)}")
    if not -MAX_EPOCH <= value <= MAX_EPOCH:  # NaN fails every comparison too
        raise errors.InvalidClaimError(
            name, f"epoch seconds out of range: a time claim must be within +-{MAX_EPOCH} (2**53 - 1)"
        )
    return value


# -- parsing -----------------------------------------------------------------------------


def _token_bytes(token: object) -> bytes:
    """The token as bytes, refusing wrong types and oversized input before any parsing."""
    if not isinstance(token, (str, bytes, bytearray)):
        raise errors.InvalidParameterTypeError("token", f"expected a str or bytes, got {type_name(token)}")
    if len(token) > MAX_TOKEN_BYTES:  # before encoding: a huge str is not even copied
        raise errors.TokenTooLargeError(
            _TOO_LARGE.format(len(token), "characters long" if isinstance(token, str) else "bytes")
        )
    if token.__class__ is str and token.isascii():  # the usual token: no error handler to look up
        data = token.encode()
    else:
        data = bytes(token, "utf-8", "surrogatepass") if isinstance(token, str) else bytes(token)
    if len(data) > MAX_TOKEN_BYTES:
        raise errors.TokenTooLargeError(_TOO_LARGE.format(len(data), "bytes"))
    data = data.strip()
    segments = data.split(b".") if data else []
    if len(segments) != 3:
        what = (
            f"a JWT is three base64url segments joined by dots (header.claims.signature); this one has {len(segments)}"
        )
        raise errors.MalformedTokenError(what if segments else "the token is empty")
    if not data.translate(None, _ALPHABET_AND_DOT):  # the usual token: base64url, each segment canonical
        for segment in segments:
            if segment and segment[-1] not in _LAST[len(segment) & 3]:  # _canonical, inline
                break
        else:
            return data
    for name, segment in zip(("header", "claims", "signature"), segments, strict=True):
        if segment.translate(None, _ALPHABET) or not _canonical(segment):
            raise errors.MalformedTokenError(f"the {name} segment is not valid base64url")
    return data


_TOO_LARGE = f"the token is {{}} {{}}; tokens over {MAX_TOKEN_BYTES // 1024} KiB are refused unread"
_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_ALPHABET_AND_DOT = _ALPHABET + b"."
#: The last character a segment may end with, by its length mod 4: the ones whose unused low bits are 0.
_LAST = (_ALPHABET, b"", b"AQgw", b"AEIMQUYcgkosw048")


def _canonical(segment: bytes) -> bool:
    """Unpadded base64url with no bits left over: decoders drop stray bits in the last
    character, so without this check one token could be spelt several ways."""
    return not segment or segment[-1] in _LAST[len(segment) & 3]


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):  # a KeyError leaves the JSON decoder as it is: _json_object names the key
        seen: set[str] = set()
        raise KeyError(next(key for key, _ in pairs if key in seen or seen.add(key)))  # type: ignore[func-returns-value]
    return result


# Built once: ``json.loads`` with these hooks would build a new decoder for every segment.
_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_refuse_constant)
_SCAN: Callable[[str, int], tuple[Any, int]] = _DECODER.scan_once  # type: ignore[attr-defined] # not in typeshed
_NOT_JSON = object()


@functools.lru_cache(maxsize=64)
def _flat_header(raw: bytes) -> tuple[tuple[str, Any], ...] | None:
    """A header segment's items, read once per distinct segment (one per algorithm and type in practice).

    ``None`` when a value is not a str: a nested value is read afresh for each token, so
    no caller changing it could change what the next token's header says.
    """
    items = tuple(_json_object(raw, "header").items())
    return items if all(value.__class__ is str for _, value in items) else None


def _json_object(raw: bytes, segment: str, *, encoded: bool = True) -> dict[str, Any]:
    """A segment (base64url unless not ``encoded``) as a JSON object, read strictly (RFC 7519 7.2, RFC 8259 4).

    Duplicate keys are refused rather than letting the last one win: two readers of one
    token (Twilio and a proxy, say) might each take another value. So are NaN and
    Infinity, which are not JSON, and any encoding but UTF-8.
    """
    try:
        text = (b64url_decode(raw) if encoded else raw).decode("utf-8")
        try:
            value, end = _SCAN(text, 0)  # the decoder's own scanner, without its two calls around it
        except StopIteration:
            end = -1
        if end != len(text):  # white space around the value, or not one JSON value: the decoder reads it or says why
            value = _DECODER.decode(text)
    except UnicodeDecodeError:
        raise errors.MalformedTokenError(f"the {segment} segment is not UTF-8") from None
    except KeyError as exc:
        raise errors.MalformedTokenError(
            f"the {segment} segment has the key {shown(exc.args[0])} more than once; a token says each thing once"
        ) from None
    except (ValueError, RecursionError):
        value = _NOT_JSON
    if not isinstance(value, dict):
        if segment == "header":  # the header is short: one message says it all
            raise errors.MalformedTokenError("the header segment is not a JSON object")
        what = "not JSON" if value is _NOT_JSON else f"JSON but {json_type(value)}, not an object"
        raise errors.MalformedTokenError(f"the {segment} segment is {what}")
    return value
