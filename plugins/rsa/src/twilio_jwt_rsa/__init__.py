"""twilio-jwt plugin: RSA signing (RS256, RS384, RS512) and RSA-PSS (PS256, PS384, PS512),
and Twilio's Public Key Client Validation.

The only twilio-jwt distribution that depends on ``cryptography``, and it imports it
only when a key is read or a signature made: loading this plugin (which happens in
every process that mints any token) stays cheap, and minting an HS256 token never
imports ``cryptography``. Signing for ``requests`` and ``httpx`` lives in
:mod:`twilio_jwt_rsa.requests_auth` and :mod:`twilio_jwt_rsa.httpx_auth` (extras
``[requests]`` and ``[httpx]``), imported only by those who use them.

Public Key Client Validation (:class:`ValidationToken`, :class:`RequestVerifier` and
the canonical request, :class:`RequestCanonicalizer` and :class:`WireRequest`) lives
here rather than in core: such a token can be signed (RS256/PS256) or verified only
with this plugin installed, and core holds only what every token shares.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from twilio_jwt import hookimpl
from twilio_jwt._lazy import lazy_getattr
from twilio_jwt_rsa.algorithm import RSAAlgorithm, RSAPSSAlgorithm

if TYPE_CHECKING:
    from twilio_jwt.cli.commands import ClaimView, Command
    from twilio_jwt_rsa.canonical import RequestCanonicalizer, WireRequest
    from twilio_jwt_rsa.keys import MIN_KEY_SIZE, load_private_key, load_public_key
    from twilio_jwt_rsa.request_verifier import RequestVerifier, VerificationResult
    from twilio_jwt_rsa.validation_token import ValidationToken

# The key helpers and Public Key Client Validation are imported on first use: every
# process that mints any token loads this plugin (for its algorithm list), and HS256
# minting never reads an RSA key nor signs a request.
_KEYS = "twilio_jwt_rsa.keys"
_CANONICAL = "twilio_jwt_rsa.canonical"
_VERIFIER = "twilio_jwt_rsa.request_verifier"
__getattr__ = lazy_getattr(
    __name__,
    {
        **dict.fromkeys(("MIN_KEY_SIZE", "load_private_key", "load_public_key"), _KEYS),
        "RequestCanonicalizer": _CANONICAL,
        "WireRequest": _CANONICAL,
        "RequestVerifier": _VERIFIER,
        "VerificationResult": _VERIFIER,
        "ValidationToken": "twilio_jwt_rsa.validation_token",
    },
)

__all__ = [
    "MIN_KEY_SIZE",
    "PS256",
    "PS384",
    "PS512",
    "RS256",
    "RS384",
    "RS512",
    "RSAAlgorithm",
    "RSAPSSAlgorithm",
    "RequestCanonicalizer",
    "RequestVerifier",
    "ValidationToken",
    "VerificationResult",
    "WireRequest",
    "load_private_key",
    "load_public_key",
]

RS256 = RSAAlgorithm("RS256", "SHA256")
RS384 = RSAAlgorithm("RS384", "SHA384")
RS512 = RSAAlgorithm("RS512", "SHA512")
PS256 = RSAPSSAlgorithm("PS256", "SHA256")
PS384 = RSAPSSAlgorithm("PS384", "SHA384")
PS512 = RSAPSSAlgorithm("PS512", "SHA512")


@hookimpl
def twilio_jwt_signing_algorithms() -> list[RSAAlgorithm]:
    return [RS256, RS384, RS512, PS256, PS384, PS512]


@hookimpl
def twilio_jwt_cli_commands() -> list[Command]:
    from twilio_jwt_rsa.cli import COMMAND

    return [COMMAND]


@hookimpl
def twilio_jwt_claim_views() -> list[ClaimView]:
    """No view of its own: importing ValidationToken registers it, so ``twilio-jwt decode`` knows it."""
    import twilio_jwt_rsa.validation_token  # noqa: F401 - registers the token type

    return []
