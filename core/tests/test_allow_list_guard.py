"""A plugin cannot change which algorithms a token type accepts, nor offer one named ``none``.

Core alone: plugins are objects registered here or fake distributions written onto
``sys.path``; tests/faults does the same with real installed distributions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from core_fakes import ACCOUNT_SID, KEY_SID, SECRET, Install, load_warnings

from twilio_jwt import AccessToken, ClientCapability, PluginError, PluginHost, hookimpl
from twilio_jwt.capability import CapabilityToken
from twilio_jwt.errors import InvalidParameterError, MissingPluginError
from twilio_jwt.testing import ReferenceHMAC, ReferenceHMACPlugin, decode_hs
from twilio_jwt.token_types import token_types

PRISTINE = {
    AccessToken: ("HS256", "HS384", "HS512"),
    CapabilityToken: ("HS256",),
}


@pytest.fixture(autouse=True)
def allow_lists_are_pristine_after() -> Iterator[None]:
    yield
    assert (AccessToken.ALGORITHMS, AccessToken.DECODING.algorithms) == (PRISTINE[AccessToken],) * 2
    assert (CapabilityToken.ALGORITHMS, ClientCapability.DECODING.algorithms) == (PRISTINE[CapabilityToken],) * 2
    assert "ALGORITHMS" not in vars(ClientCapability)


class Widens:
    """Adds ``"none"`` to AccessToken's list from inside its hook."""

    @hookimpl
    def twilio_jwt_signing_algorithms(self) -> list[Any]:
        AccessToken.ALGORITHMS = (*AccessToken.ALGORITHMS, "none")
        return []


class WidensInPlace:
    """Rewrites the frozen decoding spec in place, keeping the object."""

    @hookimpl
    def twilio_jwt_signing_algorithms(self) -> list[Any]:
        object.__setattr__(AccessToken.DECODING, "algorithms", ("HS256", "RS256"))
        return []


class Narrows:
    """Any change is refused, not only widening: a plugin has no say in a token type's list."""

    @hookimpl
    def twilio_jwt_signing_algorithms(self) -> list[Any]:
        ClientCapability.ALGORITHMS = ()
        return []


def load(plugin: object, **options: Any) -> tuple[PluginHost, list[str]]:
    host = PluginHost(plugins={"ref_hmac": ReferenceHMACPlugin(), "sneaky": plugin}, **options)
    return host, load_warnings(host)


@pytest.mark.parametrize(
    ("plugin", "changed"),
    [
        (Widens(), "AccessToken.ALGORITHMS"),
        (WidensInPlace(), "AccessToken.DECODING"),
        (Narrows(), "ClientCapability.ALGORITHMS"),
    ],
    ids=["widens", "in-place", "narrows"],
)
def test_a_changed_allow_list_is_put_back_and_the_plugin_reported(plugin: object, changed: str) -> None:
    host, messages = load(plugin)
    assert messages == [
        f"plugin sneaky (no distribution) failed at allow-list: changed {changed}; a plugin may not change "
        "which algorithms a token type accepts (put back; the plugin is not used)"
    ]
    assert [r.name for r in host.records] == ["ref_hmac"]
    assert "sneaky" not in dict(host.manager.list_name_plugin())
    token = AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="alice", host=host)
    decode_hs(token.to_jwt(), SECRET)  # the other plugins work
    with pytest.raises(InvalidParameterError, match=r"^algorithm: 'none' is not allowed here"):
        token.to_jwt("none")


def test_strict_mode_makes_it_an_error() -> None:
    with pytest.raises(PluginError, match=r"plugin sneaky \(no distribution\) failed at allow-list"):
        PluginHost(plugins={"sneaky": Widens()}, strict=True).load()


def test_changing_the_list_at_import_is_caught_and_remembered(install: Install) -> None:
    source = """
        from twilio_jwt import AccessToken
        AccessToken.ALGORITHMS = (*AccessToken.ALGORITHMS, "RS256")
        """
    install("fake-widen-at-import", {"fake_widen_at_import": source}, version="6.6.6")
    environ = {"TWILIO_JWT_LOAD_PLUGINS": "fake_widen_at_import"}
    expected = (
        "plugin fake_widen_at_import (fake-widen-at-import 6.6.6) failed at allow-list: changed "
        "AccessToken.ALGORITHMS; a plugin may not change which algorithms a token type accepts "
        "(put back; the plugin is not used)"
    )
    assert load_warnings(PluginHost(environ=environ)) == [expected]
    # The module is imported now and its top level will not run again: the next host still refuses it.
    assert load_warnings(PluginHost(environ=environ)) == [expected]


def test_what_the_application_set_before_loading_is_kept() -> None:
    """The reference is taken when loading starts: an application may narrow a list itself."""
    try:
        AccessToken.ALGORITHMS = ("HS512",)
        host = PluginHost(plugins=[ReferenceHMACPlugin()])
        host.load()
        assert AccessToken.ALGORITHMS == ("HS512",)
        token = AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="alice", host=host)
        with pytest.raises(InvalidParameterError, match="use one of HS512"):
            token.to_jwt("HS256")
    finally:
        AccessToken.ALGORITHMS = PRISTINE[AccessToken]


class _Hook:
    def __init__(self, action: Any) -> None:
        self.action = action

    @hookimpl
    def twilio_jwt_signing_algorithms(self) -> list[Any]:
        self.action()
        return []


def test_capability_token_types_are_guarded_from_their_definition() -> None:
    @attrs.define(eq=False)
    class PluginCapability(CapabilityToken):
        def _claims(self) -> dict[str, Any]:
            return {}

    assert PluginCapability in token_types()
    assert {AccessToken, CapabilityToken, ClientCapability} <= set(token_types())
    _, (message,) = load(_Hook(lambda: setattr(PluginCapability, "ALGORITHMS", ("HS256", "none"))))
    assert f"changed {PluginCapability.__qualname__}.ALGORITHMS;" in message
    assert "ALGORITHMS" not in vars(PluginCapability)


class _OffersNone:
    def __init__(self, name: str) -> None:
        self.name = name

    @hookimpl
    def twilio_jwt_signing_algorithms(self) -> list[Any]:
        return [_Named(self.name)]


class _Named(ReferenceHMAC):
    def __init__(self, name: str) -> None:
        super().__init__("HS256")
        self.name = name


@pytest.mark.parametrize("name", ["none", "None", "NONE", " none ", "nOnE"])
def test_an_algorithm_named_none_is_never_registered(name: str) -> None:
    host = PluginHost(plugins={"ref_hmac": ReferenceHMACPlugin(), "unsigned": _OffersNone(name)})
    (message,) = load_warnings(host)
    assert message == (
        "plugin unsigned (no distribution) failed at hook: "
        f"ValueError: an algorithm named {name!r} is refused: 'none' means an unsigned token"
    )
    assert all(key.strip().lower() != "none" for key in host.registry.algorithms)
    with pytest.raises(MissingPluginError):
        host.algorithm(name)
