"""Exception classes.

Every error the library raises on purpose is a :class:`TwilioJWTError`. Errors about
bad input also subclass the built-in ``ValueError`` or ``TypeError`` the wire contract
promises, so ``except ValueError`` keeps working for callers who never heard of us.
Messages name the parameter and never contain a secret.
"""

from __future__ import annotations


class TwilioJWTError(Exception):
    """Base class of every error raised by twilio-jwt on purpose."""


class _ParameterError(TwilioJWTError):
    """An error about one parameter: the message starts with its name, kept in :attr:`parameter`."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter


class InvalidParameterError(_ParameterError, ValueError):
    """A parameter has the right type but an unusable value (empty, out of range, wrong prefix)."""


class InvalidParameterTypeError(_ParameterError, TypeError):
    """A parameter has the wrong type."""


class PluginError(TwilioJWTError):
    """A plugin could not be loaded, or misbehaved (raised in strict mode)."""


class PluginConflictError(PluginError, ValueError):
    """Two plugins offer the same grant key, scope name or algorithm, and nobody chose one."""


class MissingPluginError(TwilioJWTError, ImportError):
    """A name was asked for whose plugin is not installed; the message names the distribution."""


class TokenError(TwilioJWTError, ValueError):
    """A token could not be decoded or verified.

    Raised by every ``from_jwt`` and by ``twilio-jwt decode``. Each subclass names one
    reason, and its message says what to do about it; none ever contains the token or
    the key. It is a ``ValueError`` too, since a bad token is bad input.
    """


class MalformedTokenError(TokenError):
    """Not a compact JWS: wrong number of segments, bad base64url, or a segment that is not a JSON object."""


class TokenTooLargeError(MalformedTokenError):
    """The token is over the size limit and was refused before any parsing."""


class InvalidClaimError(MalformedTokenError):
    """A claim or header field is missing, of the wrong type, or does not rebuild the token type."""

    def __init__(self, claim: str, message: str) -> None:
        super().__init__(f"claim {claim!r}: {message}")
        self.claim = claim


class InvalidSignatureError(TokenError):
    """The signature does not match: wrong key, or the token was changed after signing."""


class AlgorithmNotAllowedError(TokenError):
    """The token names an algorithm its type does not accept (``none`` included)."""


class ExpiredTokenError(TokenError):
    """The token's ``exp`` is in the past (beyond the leeway)."""


class NotYetValidError(TokenError):
    """The token's ``nbf`` is in the future (beyond the leeway)."""


class WrongTokenTypeError(TokenError):
    """The token is another kind of Twilio token (its ``cty`` header or claims say so)."""
