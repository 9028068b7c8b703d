"""twilio-python's ``from_jwt`` rules, on :mod:`twilio_jwt.decoding`.

twilio-python accepts a token only when its ``alg`` is the class's one algorithm,
verifies the signature only when a key is given, always checks ``exp`` and ``nbf``,
does not look at ``cty``, and turns every failure into ``JwtDecodeError``. The
parsing, the signature check (pinned to that one algorithm, through the plugin
registry) and the time checks are twilio-jwt's own.
"""

from __future__ import annotations

from typing import Any

from twilio_jwt.decoding import TokenSpec, check_times, read_unverified, verify
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError, TokenError
from twilio_jwt_compat.base import JwtDecodeError

__all__ = ["decode"]


def decode(token: object, key: object, algorithm: str, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and claims of ``token``, checked as twilio-python's ``from_jwt`` checks them."""
    try:
        decoded = read_unverified(token)
        alg = decoded.header.get("alg")
        if alg != algorithm:
            shown = repr(alg[:20]) if isinstance(alg, str) else type(alg).__name__
            raise JwtDecodeError(f"Incorrect decoding algorithm {shown}, expecting {algorithm}.")
        if key:
            # Every token twilio-python mints has exp; cty is not checked, as twilio-python does not.
            spec = TokenSpec(name, (algorithm,), decoded.header.get("cty"), marker="exp")
            decoded = verify(token, key, spec)
        else:
            check_times(decoded.claims, name, 0)
    except (TokenError, InvalidParameterError, InvalidParameterTypeError) as exc:
        if isinstance(exc, JwtDecodeError):
            raise
        raise JwtDecodeError(str(exc)) from None
    return decoded.header, decoded.claims
