"""Token types: each owns the algorithms it signs and accepts, as one value that never changes.

A token type's ``ALGORITHMS`` is one tuple: ``to_jwt`` checks against it and its
``DECODING`` spec holds that same tuple (not a copy) for ``from_jwt``; a token's own
``alg`` header only picks among those names. :class:`TokenType` makes the three class
attributes that decide this (``ALGORITHMS``, ``DEFAULT_ALGORITHM``, ``DECODING``)
refuse assignment and deletion, from anyone at any time (before, during or after
plugins load), so there is nothing to snapshot, compare or put back.

Plugins are trusted code, as in pytest, llm and datasette: they run in the process and
could go around this on purpose (``type.__setattr__``), as they could patch any
function. Nothing in a library can stop that, so nothing here pretends to; install only
plugins you trust (see ``docs/security.md (Plugins)``).

Every class made with the metaclass is listed by :func:`token_types` (``twilio-jwt
decode`` tries each), so a plugin's token type (``TaskRouterCapability``) takes part
just by subclassing :class:`~twilio_jwt.capability.CapabilityToken`.
"""

from __future__ import annotations

import abc
import weakref
from collections.abc import Mapping
from typing import Any, NamedTuple

from twilio_jwt.secret import HidesSecretArguments

__all__ = ["FIXED", "TokenSpec", "TokenType", "token_types"]

#: The class attributes that decide which algorithms a token type signs and accepts.
FIXED = frozenset({"ALGORITHMS", "DEFAULT_ALGORITHM", "DECODING"})

_TYPES: weakref.WeakSet[type] = weakref.WeakSet()


class TokenType(HidesSecretArguments, abc.ABCMeta):
    """Metaclass of token types: lists them, keeps their algorithm attributes as defined, and
    hides the secret arguments of their constructors (:class:`~twilio_jwt.secret.HidesSecretArguments`)."""

    def __init__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], /, **kwargs: Any) -> None:
        super().__init__(name, bases, namespace, **kwargs)
        _TYPES.add(cls)

    def __setattr__(cls, name: str, value: Any) -> None:
        _refuse(cls, name)
        super().__setattr__(name, value)

    def __delattr__(cls, name: str) -> None:
        _refuse(cls, name)
        super().__delattr__(name)


def _refuse(cls: type, name: str) -> None:
    if name in FIXED:
        raise AttributeError(f"{cls.__qualname__}.{name} cannot be changed: a token type's algorithms are fixed")


def token_types() -> list[type]:
    """Every token type defined so far (core's and plugins'), by name.

    The classes attrs threw away when it made their slotted copies are left out.
    """
    return sorted((cls for cls in list(_TYPES) if "__attrs_attrs__" in vars(cls)), key=lambda cls: cls.__qualname__)


class TokenSpec(NamedTuple):
    """What one token type accepts when decoding.

    ``algorithms`` is the type's own allow-list (the token's ``alg`` only picks among
    them); ``content_type`` the exact ``cty`` header (``None``: there must be none);
    ``marker`` a claim every token of the type carries, which tells apart types that
    share a ``cty``; ``sids`` the claims that hold SIDs, with their prefixes. A named
    tuple, not an attrs class: every token type defines one when it is imported.
    """

    name: str
    algorithms: tuple[str, ...]
    content_type: str | None
    marker: str
    sids: tuple[tuple[str, str], ...] = ()

    @property
    def sid_claims(self) -> dict[str, str]:
        """The SID claims, each named as itself: what :func:`~twilio_jwt.rebuild.rebuilding` maps errors to."""
        return {claim: claim for claim, _ in self.sids}

    @property
    def a_name(self) -> str:
        """``"an AccessToken"``, ``"a ClientCapability"``: the name as a message uses it."""
        return f"{'an' if self.name[:1] in 'AEIOU' else 'a'} {self.name}"

    def matches(self, header: Mapping[str, Any], claims: Mapping[str, Any]) -> bool:
        """True when an (unverified) header and claims look like this type's."""
        return header.get("cty") == self.content_type and self.marker in claims
