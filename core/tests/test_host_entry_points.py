"""Entry-point discovery: real ``.dist-info`` folders on ``sys.path``, environment passed explicitly.

The full development venv also holds the first-party plugins, so these tests look at
the plugins they installed themselves (names starting ``fake_``) unless they narrow
the host with ``TWILIO_JWT_LOAD_PLUGINS``.
"""

from __future__ import annotations

import importlib.metadata
import re
from collections.abc import Mapping

import pytest
from core_fakes import ACCOUNT_SID, KEY_SID, SECRET, Install, fake_names, grant_plugin_source, load_warnings

from twilio_jwt import AccessToken, MissingPluginError, PluginError, PluginHost, use_host
from twilio_jwt.cli.main import main
from twilio_jwt.testing import decode_hs

HMAC_SOURCE = """
    from twilio_jwt.testing import ReferenceHMACPlugin

    _plugin = ReferenceHMACPlugin()
    twilio_jwt_signing_algorithms = _plugin.twilio_jwt_signing_algorithms
    """

BROKEN_SOURCE = """
    raise ImportError("No module named 'a_dependency_nobody_installed'")
    """


def only(*names: str, **more: str) -> Mapping[str, str]:
    """An environment that loads just these plugins (so installed real ones stay out)."""
    return {"TWILIO_JWT_LOAD_PLUGINS": ",".join(names), **more}


@pytest.fixture
def three(install: Install) -> None:
    """Three fake distributions, installed in an order that is not their sorted order."""
    install("fake-pets", {"fake_pets": grant_plugin_source("pet")}, version="2.0.1")
    install("fake-fish", {"fake_fish": grant_plugin_source("fish")}, version="0.3.0")
    install("fake-birds", {"fake_birds": grant_plugin_source("bird")}, version="1.0.0")


@pytest.fixture
def signing(install: Install) -> None:
    """A fake HMAC distribution (load it alone with ``only``: the full venv has the real one)."""
    install("fake-hmac", {"fake_hmac": HMAC_SOURCE}, version="0.3.0")


def test_discovery_finds_nothing_when_nothing_is_installed() -> None:
    installed = sorted(ep.name for ep in importlib.metadata.entry_points(group="twilio_jwt"))
    host = PluginHost(environ={})
    found = sorted([r.name for r in host.records] + [f.name for f in host.failures])
    assert found == installed  # discovery invents nothing and drops nothing
    if not installed:  # core alone (nox -s core): no entry points, so no plugins at all
        assert host.records == ()
        assert host.failures == ()
        assert host.registry.grants == {}


def test_records_name_distribution_version_in_sorted_order(three: None) -> None:
    host = PluginHost(environ={})
    fakes = [(r.name, r.distribution, r.version) for r in host.records if r.name.startswith("fake_")]
    assert fakes == [
        ("fake_birds", "fake-birds", "1.0.0"),
        ("fake_fish", "fake-fish", "0.3.0"),
        ("fake_pets", "fake-pets", "2.0.1"),
    ]
    names = [r.name for r in host.records]
    assert names == sorted(names)
    assert host.grant_for_key("pet").__module__ == "_fake_fake_pets_fake_pets"


def test_a_discovered_host_mints(three: None, signing: None) -> None:
    host = PluginHost(environ=only("fake_hmac", "fake_pets"))
    token = AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="alice", host=host)
    token.add_grant(host.grant_for_key("pet")(value="rex"))
    _, claims = decode_hs(token.to_jwt(), SECRET)
    assert claims["grants"] == {"identity": "alice", "pet": {"value": "rex"}}


@pytest.mark.parametrize(
    ("environ", "loaded", "disabled"),
    [
        ({}, ["fake_birds", "fake_fish", "fake_pets"], []),
        ({"TWILIO_JWT_LOAD_PLUGINS": "fake_pets"}, ["fake_pets"], ["fake_birds", "fake_fish"]),
        ({"TWILIO_JWT_LOAD_PLUGINS": " fake_pets , fake_birds ,"}, ["fake_birds", "fake_pets"], ["fake_fish"]),
        ({"TWILIO_JWT_DISABLE_PLUGINS": "fake_fish"}, ["fake_birds", "fake_pets"], ["fake_fish"]),
        (
            {"TWILIO_JWT_LOAD_PLUGINS": "fake_pets,fake_fish", "TWILIO_JWT_DISABLE_PLUGINS": "fake_fish"},
            ["fake_pets"],
            ["fake_birds", "fake_fish"],
        ),
    ],
    ids=["unset-loads-all", "one", "list-with-spaces", "disable", "load-and-disable"],
)
def test_load_and_disable_variables(
    three: None, environ: dict[str, str], loaded: list[str], disabled: list[str]
) -> None:
    host = PluginHost(environ=environ)
    assert fake_names(host) == loaded
    assert [name for name in host.disabled if name.startswith("fake_")] == disabled
    assert host.failures == ()
    assert all(host.manager.is_blocked(name) for name in disabled)


def test_an_empty_load_variable_loads_nothing(three: None) -> None:
    host = PluginHost(environ={"TWILIO_JWT_LOAD_PLUGINS": ""})
    assert host.records == ()
    assert {"fake_birds", "fake_fish", "fake_pets"} <= set(host.disabled)
    with pytest.raises(MissingPluginError, match=r"install twilio-jwt-hmac .or check TWILIO_JWT_LOAD_PLUGINS"):
        host.algorithm("HS256")


def test_the_default_environment_is_read_when_none_is_given(three: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_JWT_LOAD_PLUGINS", "fake_birds")
    assert [r.name for r in PluginHost().records] == ["fake_birds"]


def test_the_same_entry_point_name_from_two_distributions_is_a_collision(install: Install) -> None:
    install("fake-pets", {"fake_pets": grant_plugin_source("pet")}, version="1.0.0")
    install("fake-pets-fork", {"fake_pets": grant_plugin_source("pet")}, version="9.9.9")
    host = PluginHost(environ=only("fake_pets"))
    (message,) = load_warnings(host)
    assert [(r.name, r.distribution) for r in host.records] == [("fake_pets", "fake-pets")]
    (failure,) = host.failures
    assert (failure.name, failure.distribution, failure.version, failure.stage) == (
        "fake_pets",
        "fake-pets-fork",
        "9.9.9",
        "collision",
    )
    assert "is also used by fake-pets; only that one was loaded" in failure.reason
    assert message == failure.describe()
    assert message.startswith("plugin fake_pets (fake-pets-fork 9.9.9) failed at collision")


def test_an_import_error_names_plugin_distribution_and_version(three: None, install: Install) -> None:
    install("fake-broken", {"fake_broken": BROKEN_SOURCE}, version="0.0.7")
    host = PluginHost(environ={})
    messages = load_warnings(host)
    failure = next(f for f in host.failures if f.name == "fake_broken")
    assert (failure.distribution, failure.version, failure.stage) == ("fake-broken", "0.0.7", "import")
    assert failure.reason == "ImportError: No module named 'a_dependency_nobody_installed'"
    assert failure.describe() in messages
    assert fake_names(host) == ["fake_birds", "fake_fish", "fake_pets"]  # the others still load


@pytest.mark.parametrize("value", ["1", "true", "YES", " on "])
def test_strict_variable_turns_a_failure_into_an_error(install: Install, value: str) -> None:
    install("fake-broken", {"fake_broken": BROKEN_SOURCE}, version="0.0.7")
    host = PluginHost(environ=only("fake_broken", TWILIO_JWT_STRICT_PLUGINS=value))
    expected = (
        "TWILIO_JWT_STRICT_PLUGINS is set and plugin loading had problems:\n  plugin fake_broken (fake-broken 0.0.7)"
    )
    with pytest.raises(PluginError, match=re.escape(expected)):
        host.load()
    with pytest.raises(PluginError):  # every later use fails the same way, nothing half-loaded
        host.grant_for_key("pet")


UNDECORATED_SOURCE = """
    from typing import ClassVar

    from twilio_jwt import FieldGrant, hookimpl, optional_str_field


    class HatGrant(FieldGrant):  # no @attrs.frozen
        key: ClassVar[str] = "hat"
        size: str | None = optional_str_field()


    @hookimpl
    def twilio_jwt_grant_types():
        return [HatGrant]
    """


def test_a_grant_class_without_its_decorator_is_reported_at_load_naming_the_distribution(install: Install) -> None:
    install("fake-hats", {"fake_hats": UNDECORATED_SOURCE}, version="0.4.0")
    host = PluginHost(environ=only("fake_hats"))
    assert load_warnings(host) == [
        "plugin fake_hats (fake-hats 0.4.0) failed at hook: TypeError: grant class HatGrant subclasses the attrs "
        "class FieldGrant but is not decorated itself: add @attrs.frozen, or its fields are ignored"
    ]
    with pytest.raises(MissingPluginError, match="grant key 'hat'"):
        host.grant_for_key("hat")


@pytest.mark.parametrize("value", ["", "0", "false", "no"])
def test_strict_variable_off_values_only_warn(install: Install, value: str) -> None:
    install("fake-broken", {"fake_broken": BROKEN_SOURCE})
    host = PluginHost(environ=only("fake_broken", TWILIO_JWT_STRICT_PLUGINS=value))
    assert load_warnings(host) == [f.describe() for f in host.failures]


def test_grant_key_conflict_names_both_distributions(install: Install) -> None:
    install("fake-cats", {"fake_cats": grant_plugin_source("pet", "CatGrant")}, version="1.1.0")
    install("fake-dogs", {"fake_dogs": grant_plugin_source("pet", "DogGrant")}, version="2.2.0")
    host = PluginHost(environ=only("fake_cats", "fake_dogs"))
    expected = "grant key 'pet' is offered by fake_cats (fake-cats 1.1.0) and fake_dogs (fake-dogs 2.2.0)"
    assert load_warnings(host) == [expected + "; uninstall or disable one (TWILIO_JWT_DISABLE_PLUGINS)"]
    fixed = PluginHost(environ=only("fake_cats", "fake_dogs", TWILIO_JWT_DISABLE_PLUGINS="fake_dogs"))
    assert fixed.grant_named("CatGrant").key == "pet"


def test_backends_variable_chooses_between_discovered_plugins(install: Install) -> None:
    install("fake-hmac-a", {"fake_a": HMAC_SOURCE})
    install("fake-hmac-b", {"fake_b": HMAC_SOURCE})
    environ = only("fake_a", "fake_b", TWILIO_JWT_ALGORITHM_BACKENDS="HS256=fake_b,HS384=fake_a,HS512=fake_a")
    host = PluginHost(environ=environ)
    providers = host.registry.providers
    assert [providers[("algorithm", name)].distribution for name in AccessToken.ALGORITHMS] == [
        "fake-hmac-b",
        "fake-hmac-a",
        "fake-hmac-a",
    ]


def test_after_first_mint_no_entry_point_metadata_is_read(
    three: None, signing: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = PluginHost(environ=only("fake_hmac", "fake_pets"))
    token = AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="alice", host=host)
    token.add_grant(host.grant_for_key("pet")(value="rex"))
    token.to_jwt()

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("importlib.metadata was read after the first mint")

    for name in ("entry_points", "distributions", "distribution", "metadata", "version"):
        monkeypatch.setattr(importlib.metadata, name, forbidden)
    again = AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="bob", host=host)
    again.add_grant(host.grant_named("FakeGrant")(value="fido"))
    for algorithm in AccessToken.ALGORITHMS:
        decode_hs(again.to_jwt(algorithm), SECRET)


def test_plugins_command_reports_failures_with_distribution_and_version(
    three: None, install: Install, capsys: pytest.CaptureFixture[str]
) -> None:
    install("fake-broken", {"fake_broken": BROKEN_SOURCE}, version="0.0.7")
    host = PluginHost(environ=only("fake_broken", "fake_pets", TWILIO_JWT_DISABLE_PLUGINS="fake_pets"))
    with use_host(host):
        assert main(["plugins"]) == 1  # a failed plugin is reported, and the exit status says so
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "no plugins loaded",
        "FAILED fake_broken (fake-broken 0.0.7) at import: "
        "ImportError: No module named 'a_dependency_nobody_installed'",
        *(f"disabled {name}" for name in host.disabled),
    ]
