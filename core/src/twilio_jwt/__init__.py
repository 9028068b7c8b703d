"""twilio-jwt: mint the JSON Web Tokens Twilio accepts.

The core holds the token types, the hook specifications and the plugin host; grants,
scopes and signing algorithms come from plugins (``twilio-jwt-voice``,
``twilio-jwt-hmac``, ...) found through entry points in group ``twilio_jwt``.
Importing this package loads no plugin and never imports ``cryptography``. Public Key
Client Validation (``ValidationToken``, ``RequestVerifier``) lives in ``twilio-jwt-rsa``,
the only plugin that can sign or verify it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from twilio_jwt._lazy import lazy_getattr
from twilio_jwt._records import PluginLoadWarning
from twilio_jwt.access_token import AccessToken
from twilio_jwt.algorithm import SigningAlgorithm
from twilio_jwt.errors import (
    AlgorithmNotAllowedError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidParameterError,
    InvalidParameterTypeError,
    InvalidSignatureError,
    MalformedTokenError,
    MissingPluginError,
    NotYetValidError,
    PluginConflictError,
    PluginError,
    TokenError,
    TokenTooLargeError,
    TwilioJWTError,
    WrongTokenTypeError,
)
from twilio_jwt.grant import FieldGrant, Grant, RawGrant, optional_sid_field, optional_str_field
from twilio_jwt.hookspecs import hookimpl, hookspec
from twilio_jwt.host import PluginHost, default_host, set_default_host, use_host

if TYPE_CHECKING:  # the lazy exports below, as type checkers see them
    from twilio_jwt.capability import CapabilityToken
    from twilio_jwt.client_capability import ClientCapability
    from twilio_jwt.scope import RawScope, Scope

__version__ = "0.1.0"

__all__ = [
    "AccessToken",
    "AlgorithmNotAllowedError",
    "CapabilityToken",
    "ClientCapability",
    "ExpiredTokenError",
    "FieldGrant",
    "Grant",
    "InvalidClaimError",
    "InvalidParameterError",
    "InvalidParameterTypeError",
    "InvalidSignatureError",
    "MalformedTokenError",
    "MissingPluginError",
    "NotYetValidError",
    "PluginConflictError",
    "PluginError",
    "PluginHost",
    "PluginLoadWarning",
    "RawGrant",
    "RawScope",
    "Scope",
    "SigningAlgorithm",
    "TokenError",
    "TokenTooLargeError",
    "TwilioJWTError",
    "WrongTokenTypeError",
    "default_host",
    "hookimpl",
    "hookspec",
    "optional_sid_field",
    "optional_str_field",
    "set_default_host",
    "use_host",
]

# Exports whose modules are imported only when first used (PEP 562): minting an access
# token needs none of them, and neither does loading a plugin that offers only grants.
_LAZY: dict[str, str] = {
    "CapabilityToken": "twilio_jwt.capability",
    "ClientCapability": "twilio_jwt.client_capability",
    "RawScope": "twilio_jwt.scope",
    "Scope": "twilio_jwt.scope",
}

__getattr__ = lazy_getattr(__name__, _LAZY)
