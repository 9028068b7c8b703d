"""Scopes: the permissions listed in a legacy client capability token.

A scope renders itself as one scope string (``scope:client:incoming?clientName=...``).
Plugins provide scope classes; ``twilio_jwt.scopes`` resolves them by class name.
"""

from __future__ import annotations

import abc

__all__ = ["Scope"]


class Scope(abc.ABC):
    """Base class of every client-capability scope."""

    __slots__ = ()

    @abc.abstractmethod
    def to_scope_string(self) -> str:
        """The scope as it appears in the token's space-separated ``scope`` claim."""
