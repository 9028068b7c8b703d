"""Exception classes.

Every error the library raises on purpose is a :class:`TwilioJWTError`. Errors about
bad input also subclass the built-in ``ValueError`` or ``TypeError`` the wire contract
promises, so ``except ValueError`` keeps working for callers who never heard of us.
Messages name the parameter and never contain a secret.
"""

from __future__ import annotations

__all__ = [
    "TwilioJWTError",
    "InvalidParameterError",
    "InvalidParameterTypeError",
    "PluginError",
    "PluginConflictError",
    "MissingPluginError",
]


class TwilioJWTError(Exception):
    """Base class of every error raised by twilio-jwt on purpose."""


class InvalidParameterError(TwilioJWTError, ValueError):
    """A parameter has the right type but an unusable value (empty, out of range, wrong prefix)."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter


class InvalidParameterTypeError(TwilioJWTError, TypeError):
    """A parameter has the wrong type."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter


class PluginError(TwilioJWTError):
    """A plugin could not be loaded, or misbehaved (raised in strict mode)."""


class PluginConflictError(PluginError, ValueError):
    """Two plugins offer the same grant key, scope name or algorithm, and nobody chose one."""


class MissingPluginError(TwilioJWTError, ImportError):
    """A name was asked for whose plugin is not installed; the message names the distribution."""
