"""Scopes: the permissions listed in a legacy client capability token.

A scope renders itself as one scope string (``scope:client:incoming?clientName=...``).
Plugins provide scope classes; ``twilio_jwt.scopes`` resolves them by class name.
"""

from __future__ import annotations

import abc
from typing import Any, ClassVar

import attrs

from twilio_jwt.checks import check_required_str, validator
from twilio_jwt.errors import InvalidParameterError

__all__ = ["Scope", "RawScope", "check_scope_string"]


class Scope(abc.ABC):
    """Base class of every client-capability scope, and the contract decoding relies on.

    - :meth:`to_scope_string` (required): the scope as it appears in the token.
    - :attr:`PREFIX`: the text before ``?`` that names this kind of scope
      (``"scope:client:incoming"``). Decoding hands a scope string to the installed class
      whose ``PREFIX`` is its prefix. ``None`` (the default) declares a scope that is
      only minted: a decoded token keeps its string as a :class:`RawScope`.
    - :meth:`from_scope_string`: rebuilds the scope from its string. A class that sets
      ``PREFIX`` must define it; both are checked when the class is defined, so a broken
      contract is a ``TypeError`` at import, not a scope silently left raw at decode time.
    """

    __slots__ = ()

    PREFIX: ClassVar[str | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if (prefix := cls.PREFIX) is None:
            return
        if not isinstance(prefix, str) or not prefix or "?" in prefix or " " in prefix:
            raise TypeError(f"{cls.__name__}.PREFIX must be None or a non-empty str without '?' or a space")
        if getattr(cls.from_scope_string, "__func__", None) is vars(Scope)["from_scope_string"].__func__:
            raise TypeError(f"{cls.__name__} sets PREFIX but does not define from_scope_string to rebuild itself")

    @abc.abstractmethod
    def to_scope_string(self) -> str:
        """The scope as it appears in the token's space-separated ``scope`` claim."""

    @classmethod
    def from_scope_string(cls, scope_string: str) -> Scope:
        """The scope rebuilt from ``scope_string`` (which starts with :attr:`PREFIX`).

        Raise ``ValueError``/``TypeError`` for a string the class cannot read; decoding
        reports it as an invalid ``scope`` claim.
        """
        raise NotImplementedError(f"{cls.__name__} is only minted: it declares no PREFIX to be rebuilt from")


def check_scope_string(parameter: str, value: object) -> str:
    """One scope string: non-empty and without a space, which would split it into two scopes."""
    text = check_required_str(parameter, value)
    if " " in text:
        raise InvalidParameterError(parameter, "a scope string holds no space: the scope claim is split on spaces")
    return text


@attrs.frozen
class RawScope(Scope):
    """A scope whose plugin is not installed, kept as the scope string that was decoded.

    It writes back exactly the same string, so decoding and re-minting a capability
    token never loses a scope just because this process lacks its plugin.
    """

    scope_string: str = attrs.field(validator=validator(check_scope_string))

    def to_scope_string(self) -> str:
        return self.scope_string

    @classmethod
    def from_scope_string(cls, scope_string: str) -> RawScope:
        return cls(scope_string)
