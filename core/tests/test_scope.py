"""The Scope contract (issue 14 item 7): PREFIX and from_scope_string are declared, checked, and all decoding uses.

Before, decoding guessed with ``getattr(cls, "PREFIX", None)`` and
``getattr(cls, "from_scope_string", None)``: a class with a misspelt or missing half
was silently left raw when a token was decoded.
"""

from __future__ import annotations

from typing import ClassVar

import attrs
import pytest

from twilio_jwt import ClientCapability, InvalidClaimError, PluginHost, Scope, hookimpl
from twilio_jwt.scope import RawScope
from twilio_jwt.testing import ReferenceHMACPlugin

ACCOUNT_SID = "AC" + "c" * 32
AUTH_TOKEN = "auth-token-never-shown-0123456789"


@attrs.frozen
class DoorScope(Scope):
    """Minted and rebuilt: ``scope:door:open?name=...``."""

    PREFIX: ClassVar[str] = "scope:door:open"

    name: str

    def to_scope_string(self) -> str:
        return f"{self.PREFIX}?name={self.name}"

    @classmethod
    def from_scope_string(cls, scope_string: str) -> DoorScope:
        query = scope_string.removeprefix(f"{cls.PREFIX}?")
        if not query.startswith("name=") or len(query) == 5:
            raise ValueError("scope_string: needs name")
        return cls(query[5:])


@attrs.frozen
class BellScope(Scope):
    """Only minted: no PREFIX, so a decoded token keeps it as a RawScope."""

    def to_scope_string(self) -> str:
        return "scope:bell:ring"


class ScopesPlugin:
    @hookimpl
    def twilio_jwt_scope_types(self) -> list[type[Scope]]:
        return [DoorScope, BellScope]


@pytest.fixture
def host() -> PluginHost:
    return PluginHost(plugins={"ref_hmac": ReferenceHMACPlugin(), "scopes": ScopesPlugin()})


def test_the_base_declares_the_contract() -> None:
    assert Scope.PREFIX is None
    assert RawScope.PREFIX is None
    assert RawScope.from_scope_string("scope:x:y?a=1") == RawScope("scope:x:y?a=1")
    assert DoorScope.from_scope_string("scope:door:open?name=front") == DoorScope("front")
    with pytest.raises(NotImplementedError, match=r"^BellScope is only minted"):
        BellScope.from_scope_string("scope:bell:ring")


def test_decoding_rebuilds_through_the_contract_and_keeps_mint_only_scopes_raw(host: PluginHost) -> None:
    capability = ClientCapability(ACCOUNT_SID, AUTH_TOKEN, host=host)
    capability.add_scope(DoorScope("front"))
    capability.add_scope(BellScope())
    decoded = ClientCapability.from_jwt(capability.to_jwt(), AUTH_TOKEN, host=host)
    assert decoded.scopes == (DoorScope("front"), RawScope("scope:bell:ring"))
    bad = ClientCapability(ACCOUNT_SID, AUTH_TOKEN, host=host)
    bad.add_scope(RawScope("scope:door:open?room=1"))
    with pytest.raises(InvalidClaimError, match=r"DoorScope cannot be rebuilt from 'scope:door:open'"):
        ClientCapability.from_jwt(bad.to_jwt(), AUTH_TOKEN, host=host)


def test_a_prefix_without_from_scope_string_is_a_type_error_when_the_class_is_defined() -> None:
    with pytest.raises(TypeError, match=r"^HalfScope sets PREFIX but does not define from_scope_string"):

        class HalfScope(Scope):
            PREFIX: ClassVar[str] = "scope:half:thing"

            def to_scope_string(self) -> str:
                return self.PREFIX


@pytest.mark.parametrize("prefix", ["", "scope:a b", "scope:a?x", 5, b"scope:a"])
def test_a_prefix_that_cannot_name_a_scope_is_a_type_error(prefix: object) -> None:
    with pytest.raises(TypeError, match=r"^OddScope.PREFIX must be None or a non-empty str"):

        class OddScope(Scope):
            PREFIX = prefix  # type: ignore[assignment]

            def to_scope_string(self) -> str:
                return "scope:odd"

            @classmethod
            def from_scope_string(cls, scope_string: str) -> OddScope:
                return cls()


def test_a_subclass_inherits_the_contract_it_was_given() -> None:
    @attrs.frozen
    class BackDoorScope(DoorScope):
        pass

    assert BackDoorScope.from_scope_string("scope:door:open?name=back") == BackDoorScope("back")
