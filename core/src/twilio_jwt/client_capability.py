"""ClientCapability: the legacy Twilio Client capability token (contract section 3).

The token is generic: a list of scope strings signed with the account's auth token.
The scope classes themselves (``IncomingClientScope``, ``OutgoingClientScope``,
``EventStreamScope``) come from the ``twilio-jwt-voice`` plugin through the
``twilio_jwt_scope_types`` hook, so this module knows only the :class:`Scope` base.
"""

from __future__ import annotations

import threading
from typing import Any, ClassVar

import attrs

from twilio_jwt.capability import CapabilityToken
from twilio_jwt.checks import type_name
from twilio_jwt.decoding import Decodable, DecodedJWT, TokenSpec
from twilio_jwt.errors import InvalidParameterTypeError
from twilio_jwt.host import PluginHost
from twilio_jwt.rebuild import rebuild_scope, rebuilding, typed_claim
from twilio_jwt.scope import Scope, check_scope_string
from twilio_jwt.secret import Secret

__all__ = ["ClientCapability"]

#: Serialises ``add_scope`` calls (see :meth:`ClientCapability.add_scope`); readers never take it.
_ADDING = threading.Lock()


@attrs.define(eq=False, on_setattr=attrs.setters.frozen)
class ClientCapability(CapabilityToken, Decodable[str | bytes, "ClientCapability"]):
    """A capability token for the Twilio Client JS/mobile SDKs.

    ``ClientCapability(account_sid, auth_token, *, ttl=3600, host=None)``. Scopes keep
    the order they were added in, and adding one twice keeps both (the token lists
    what the caller asked for; the official helpers agree). The ``scope`` claim is
    the scope strings joined by one space, ``""`` when there are none.

    >>> from twilio_jwt import ClientCapability
    >>> from twilio_jwt.scopes import IncomingClientScope
    >>> capability = ClientCapability("AC" + "0" * 32, "auth-token")
    >>> capability.add_scope(IncomingClientScope("alice"))
    >>> jwt = capability.to_jwt()
    """

    DECODING: ClassVar[TokenSpec] = TokenSpec(
        "ClientCapability", CapabilityToken.ALGORITHMS, None, marker="scope", sids=(("iss", "AC"),)
    )

    #: The scopes added so far, in order: a tuple replaced (never changed) by add_scope, so a
    #: thread signing meanwhile reads a whole one. Read-only, as every field after construction.
    scopes: tuple[Scope, ...] = attrs.field(factory=tuple, init=False, repr=False)

    @classmethod
    def _rebuild(cls, decoded: DecodedJWT, key: Secret[Any], host: PluginHost | None) -> ClientCapability:
        """Verify ``token`` with the auth token ``key`` and rebuild the capability it carries.

        Only HS256 is accepted; ``exp`` is checked allowing ``leeway`` seconds of clock
        skew. Each scope string is rebuilt by the installed scope class with its prefix
        (``from_scope_string``); one with no such class comes back as a
        :class:`~twilio_jwt.scope.RawScope` that writes the same string. The result mints
        a token with the same claims. Failures raise a :class:`~twilio_jwt.errors.TokenError`.
        """
        base, scope = cls._base_arguments(decoded.claims, key, host), typed_claim(decoded.claims, "scope", str)
        with rebuilding(cls.__name__, cls.REBUILT_FROM):
            capability = cls(**base)
        for text in scope.split(" ") if scope else ():
            capability.add_scope(rebuild_scope(text, host))
        return capability

    def add_scope(self, scope: Scope) -> None:
        """Append a scope (any :class:`~twilio_jwt.scope.Scope`, usually from ``twilio_jwt.scopes``).

        Safe while other threads sign or add scopes to the same capability: the scopes
        are replaced by a longer tuple, never changed in place, and writers take a lock.
        """
        if not isinstance(scope, Scope):
            raise InvalidParameterTypeError("scope", f"expected a twilio_jwt Scope, got {type_name(scope)}")
        check_scope_string("scope", scope.to_scope_string())  # a third-party scope could write anything
        with _ADDING:
            object.__setattr__(self, "scopes", (*self.scopes, scope))

    def _claims(self) -> dict[str, Any]:
        return {"scope": " ".join(scope.to_scope_string() for scope in self.scopes)}
