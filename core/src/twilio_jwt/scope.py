"""Scopes: the permissions listed in a legacy client capability token.

A scope renders itself as one scope string (``scope:client:incoming?clientName=...``).
Plugins provide scope classes; ``twilio_jwt.scopes`` resolves them by class name.
"""

from __future__ import annotations

import abc

import attrs

from twilio_jwt.checks import check_required_str
from twilio_jwt.errors import InvalidParameterError

__all__ = ["Scope", "RawScope", "check_scope_string"]


class Scope(abc.ABC):
    """Base class of every client-capability scope."""

    __slots__ = ()

    @abc.abstractmethod
    def to_scope_string(self) -> str:
        """The scope as it appears in the token's space-separated ``scope`` claim."""


def check_scope_string(parameter: str, value: object) -> str:
    """One scope string: non-empty and without a space, which would split it into two scopes."""
    text = check_required_str(parameter, value)
    if " " in text:
        raise InvalidParameterError(parameter, "a scope string holds no space: the scope claim is split on spaces")
    return text


def _scope_string(value: object) -> str:
    return check_scope_string("scope_string", value)


@attrs.frozen
class RawScope(Scope):
    """A scope whose plugin is not installed, kept as the scope string that was decoded.

    It writes back exactly the same string, so decoding and re-minting a capability
    token never loses a scope just because this process lacks its plugin.
    """

    scope_string: str = attrs.field(converter=_scope_string)

    def to_scope_string(self) -> str:
        return self.scope_string
