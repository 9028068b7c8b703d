"""The plugin host with explicit plugin objects: registries, failures, conflicts, caching."""

from __future__ import annotations

import re
import threading
import time
from typing import Any, ClassVar

import attrs
import pytest
from core_fakes import ACCOUNT_SID, KEY_SID, SECRET, GrantPlugin, OtherPetGrant, PetGrant, load_warnings

import twilio_jwt
from twilio_jwt import (
    AccessToken,
    FieldGrant,
    Grant,
    InvalidParameterError,
    MissingPluginError,
    PluginConflictError,
    PluginError,
    PluginHost,
    PluginLoadWarning,
    Scope,
    default_host,
    hookimpl,
    optional_str_field,
    use_host,
)
from twilio_jwt.testing import ReferenceHMAC, ReferenceHMACPlugin, decode_hs


def mint(host: PluginHost, *grants: Grant, algorithm: str = "HS256") -> str:
    token = AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="alice", host=host)
    for grant in grants:
        token.add_grant(grant)
    return token.to_jwt(algorithm)


class Scoped(Scope):
    def to_scope_string(self) -> str:
        return "scope:fake:thing"


class ScopePlugin:
    @hookimpl
    def twilio_jwt_scope_types(self) -> list[type[Scope]]:
        return [Scoped]


# -- what an explicit host provides -------------------------------------------------------------------------------


def test_explicit_host_builds_registries_from_the_given_plugins(
    host: PluginHost, hmac_plugin: ReferenceHMACPlugin
) -> None:
    assert [(r.name, r.distribution, r.version) for r in host.records] == [
        ("ref_hmac", None, None),
        ("pets", None, None),
    ]
    assert host.records[0].algorithm_names == ("HS256", "HS384", "HS512")
    assert host.records[1].grant_keys == ("pet",)
    assert host.grant_for_key("pet") is PetGrant
    assert host.grant_named("PetGrant") is PetGrant
    assert host.algorithm("HS512") is hmac_plugin.algorithms[2]
    assert host.failures == ()
    assert host.disabled == ()
    assert host.registry.conflicts == {}


def test_explicit_host_mints_a_verifiable_token(host: PluginHost) -> None:
    header, claims = decode_hs(mint(host, PetGrant(name="rex")), SECRET)
    assert header == {"alg": "HS256", "typ": "JWT", "cty": "twilio-fpa;v=1"}
    assert claims["grants"] == {"identity": "alice", "pet": {"name": "rex"}}


def test_plugins_given_as_a_list_are_named_after_their_module_or_class(hmac_plugin: ReferenceHMACPlugin) -> None:
    host = PluginHost(plugins=[hmac_plugin, GrantPlugin(PetGrant), ScopePlugin()])
    assert [r.name for r in host.records] == ["ReferenceHMACPlugin", "GrantPlugin", "ScopePlugin"]
    assert host.scope_named("Scoped") is Scoped
    assert host.records[2].scope_names == ("Scoped",)


def test_two_list_plugins_with_one_name_are_refused_rather_than_one_dropped() -> None:
    with pytest.raises(InvalidParameterError, match="plugins: two plugins are named 'GrantPlugin'"):
        PluginHost(plugins=[GrantPlugin(PetGrant), GrantPlugin(OtherPetGrant)])


def test_explicit_host_ignores_the_environment(monkeypatch: pytest.MonkeyPatch, pets: GrantPlugin) -> None:
    monkeypatch.setenv("TWILIO_JWT_LOAD_PLUGINS", "")
    monkeypatch.setenv("TWILIO_JWT_STRICT_PLUGINS", "1")
    host = PluginHost(plugins={"pets": pets})
    assert [r.name for r in host.records] == ["pets"]


def test_nothing_loads_before_the_first_look_up(pets: GrantPlugin) -> None:
    host = PluginHost(plugins={"pets": pets})
    assert pets.hook_calls == 0
    host.grant_for_key("pet")
    assert pets.hook_calls == 1


def test_explicit_records_keep_the_given_order(hmac_plugin: ReferenceHMACPlugin) -> None:
    plugins = {"zeta": GrantPlugin(PetGrant), "alpha": hmac_plugin, "mid": ScopePlugin()}
    assert [r.name for r in PluginHost(plugins=plugins).records] == ["zeta", "alpha", "mid"]


# -- a plugin that misbehaves is reported and the others keep working -------------------------------------------------


class Misspelt:
    @hookimpl
    def twilio_jwt_grant_type(self) -> list[type[Grant]]:  # missing "s": no such hook
        return [PetGrant]


class Raises:
    @hookimpl
    def twilio_jwt_grant_types(self) -> list[type[Grant]]:
        raise RuntimeError("database unreachable")


class ReturnsDict:
    @hookimpl
    def twilio_jwt_grant_types(self) -> Any:
        return {"pet": PetGrant}


class ReturnsNonGrant:
    @hookimpl
    def twilio_jwt_grant_types(self) -> Any:
        return [dict]


class ReturnsNone:
    @hookimpl
    def twilio_jwt_scope_types(self) -> Any:
        return None


class NoSign:
    name = "HS256"

    def prepare_key(self, key: object) -> object:
        return key


class ReturnsHalfAlgorithm:
    @hookimpl
    def twilio_jwt_signing_algorithms(self) -> Any:
        return [NoSign()]


class KeylessGrant(FieldGrant):
    pass


class ReturnsKeylessGrant:
    @hookimpl
    def twilio_jwt_grant_types(self) -> Any:
        return [KeylessGrant]


class UndecoratedGrant(FieldGrant):  # forgot @attrs.frozen: ``colour`` would be silently ignored
    key: ClassVar[str] = "undecorated"
    colour: str | None = optional_str_field()


class ReturnsUndecoratedGrant:
    @hookimpl
    def twilio_jwt_grant_types(self) -> Any:
        return [UndecoratedGrant]


class UndecoratedScope(Scoped):
    pass


@attrs.frozen
class AttrsScope(Scope):
    value: str = "x"

    def to_scope_string(self) -> str:
        return "scope:fake:attrs"


class UndecoratedAttrsScope(AttrsScope):
    pass


class ReturnsScopes:
    @hookimpl
    def twilio_jwt_scope_types(self) -> Any:
        return [UndecoratedScope, UndecoratedAttrsScope]


class ReturnsTwice:
    @hookimpl
    def twilio_jwt_grant_types(self) -> Any:
        return [PetGrant, PetGrant]


class UnknownArgument:
    @hookimpl
    def twilio_jwt_grant_types(self, colour: str) -> Any:
        return [PetGrant]


@pytest.mark.parametrize(
    ("plugin", "stage", "reason"),
    [
        (Misspelt(), "register", "twilio_jwt_grant_type"),
        (UnknownArgument(), "register", "colour"),
        (Raises(), "hook", "RuntimeError: database unreachable"),
        (ReturnsDict(), "hook", "twilio_jwt_grant_types must return a list, got dict"),
        (ReturnsNonGrant(), "hook", "which is not a Grant subclass"),
        (ReturnsKeylessGrant(), "hook", "grant class KeylessGrant has no str key"),
        (ReturnsHalfAlgorithm(), "hook", "algorithm HS256 has no sign() method"),
        (ReturnsTwice(), "hook", "returned the same name twice"),
        (
            ReturnsUndecoratedGrant(),
            "hook",
            "TypeError: grant class UndecoratedGrant subclasses the attrs class FieldGrant but is not decorated "
            "itself: add @attrs.frozen, or its fields are ignored",
        ),
        (
            ReturnsScopes(),  # a plain Scope subclass is fine; only the undecorated attrs one is reported
            "hook",
            "TypeError: scope class UndecoratedAttrsScope subclasses the attrs class AttrsScope but is not decorated",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else type(value).__name__,
)
def test_a_misbehaving_plugin_is_reported_and_the_others_work(
    plugin: object, stage: str, reason: str, hmac_plugin: ReferenceHMACPlugin
) -> None:
    host = PluginHost(plugins={"ref_hmac": hmac_plugin, "bad": plugin, "pets": GrantPlugin(PetGrant)})
    with pytest.warns(PluginLoadWarning, match=f"plugin bad \\(no distribution\\) failed at {stage}"):
        records = host.records
    assert [r.name for r in records] == ["ref_hmac", "pets"]
    (failure,) = host.failures
    assert (failure.name, failure.stage) == ("bad", stage)
    assert reason in failure.reason
    # The bad plugin's hooks are gone from the manager, the good ones still answer.
    assert "bad" not in dict(host.manager.list_name_plugin())
    decode_hs(mint(host, PetGrant(name="rex")), SECRET)


def test_a_hook_returning_none_offers_nothing_as_pluggy_says(hmac_plugin: ReferenceHMACPlugin) -> None:
    """Hooks are called through pluggy, whose rule is that a ``None`` result is no result."""
    host = PluginHost(plugins={"ref_hmac": hmac_plugin, "quiet": ReturnsNone()}, strict=True)
    assert [(r.name, r.scopes) for r in host.records] == [("ref_hmac", ()), ("quiet", ())]
    assert host.failures == ()


class OffersPets:
    """Implements the same hook as :class:`Raises`, which fails beside it."""

    @hookimpl
    def twilio_jwt_grant_types(self) -> list[type[Grant]]:
        return [PetGrant]


def test_hooks_are_called_through_pluggy_one_plugin_at_a_time(hmac_plugin: ReferenceHMACPlugin) -> None:
    """Each plugin's hook runs alone, so a result is pinned on its plugin even when two offer one hook."""
    host = PluginHost(plugins={"ref_hmac": hmac_plugin, "a": OffersPets(), "b": Raises()})
    assert [(f.name, f.stage) for f in (load_warnings(host) and host.failures)] == [("b", "hook")]
    assert [(r.name, r.grant_keys) for r in host.records] == [("ref_hmac", ()), ("a", ("pet",))]
    assert host.manager.hook.twilio_jwt_grant_types() == [[PetGrant]]  # the manager keeps only what loaded


def test_strict_turns_a_plugin_failure_into_an_error(hmac_plugin: ReferenceHMACPlugin) -> None:
    host = PluginHost(plugins={"ref_hmac": hmac_plugin, "bad": Raises()}, strict=True)
    with pytest.raises(PluginError, match=r"plugin bad .* failed at hook: RuntimeError: database unreachable") as info:
        host.algorithm("HS256")
    # The argument, not the variable, made it strict: the message says which.
    assert str(info.value).splitlines()[0] == "PluginHost(strict=True) and plugin loading had problems:"


# -- conflicts -----------------------------------------------------------------------------------------------------


def test_a_grant_key_offered_twice_is_a_conflict_naming_both_plugins(hmac_plugin: ReferenceHMACPlugin) -> None:
    host = PluginHost(
        plugins={"ref_hmac": hmac_plugin, "cats": GrantPlugin(PetGrant), "dogs": GrantPlugin(OtherPetGrant)}
    )
    expected = re.escape("grant key 'pet' is offered by cats (no distribution) and dogs (no distribution)")
    with pytest.warns(PluginLoadWarning, match=expected):
        host.load()
    for look_up in (lambda: host.grant_for_key("pet"), lambda: host.grant_named("PetGrant")):
        with pytest.raises(PluginConflictError, match=expected):
            look_up()
    with pytest.raises(PluginConflictError, match=expected):
        host.grant_named("OtherPetGrant")
    with pytest.raises(ValueError, match="TWILIO_JWT_DISABLE_PLUGINS"):
        host.grant_for_key("pet")
    # Signing is unaffected by a grant conflict.
    decode_hs(mint(host), SECRET)


def test_strict_turns_a_conflict_into_an_error(hmac_plugin: ReferenceHMACPlugin) -> None:
    plugins = {"cats": GrantPlugin(PetGrant), "dogs": GrantPlugin(OtherPetGrant)}
    with pytest.raises(PluginError, match=r"grant key 'pet' is offered by cats .* and dogs"):
        PluginHost(plugins=plugins, strict=True).load()


# -- algorithm backends compose explicitly ---------------------------------------------------------------------------


@pytest.fixture
def two_backends() -> dict[str, ReferenceHMACPlugin]:
    return {"fast": ReferenceHMACPlugin(), "audited": ReferenceHMACPlugin()}


def test_two_backends_for_one_algorithm_is_an_error_naming_both(two_backends: dict[str, ReferenceHMACPlugin]) -> None:
    host = PluginHost(plugins=two_backends)
    expected = [
        f"algorithm {name!r} is offered by fast (no distribution) and audited (no distribution); "
        f"choose one with TWILIO_JWT_ALGORITHM_BACKENDS='{name}=<plugin>'"
        for name in AccessToken.ALGORITHMS
    ]
    assert load_warnings(host) == expected
    with pytest.raises(PluginConflictError) as excinfo:
        mint(host)
    assert str(excinfo.value) == expected[0]


def chosen_backend_signs(host: PluginHost, plugins: dict[str, ReferenceHMACPlugin], chosen: str) -> None:
    """HS256 minted through ``host`` went to ``chosen``'s algorithm only."""
    decode_hs(mint(host), SECRET)
    signed = {name: plugin.algorithms[0].signed for name, plugin in plugins.items()}
    assert signed == {name: int(name == chosen) for name in plugins}


@pytest.mark.parametrize("chosen", ["fast", "audited"])
def test_algorithm_backends_argument_chooses_one(two_backends: dict[str, ReferenceHMACPlugin], chosen: str) -> None:
    host = PluginHost(plugins=two_backends, algorithm_backends={"HS256": chosen})
    # Only HS256 was chosen: HS384 and HS512 stay in conflict.
    assert [message.split(" is ")[0] for message in load_warnings(host)] == ["algorithm 'HS384'", "algorithm 'HS512'"]
    chosen_backend_signs(host, two_backends, chosen)
    assert host.registry.providers[("algorithm", "HS256")].name == chosen
    with pytest.raises(PluginConflictError, match="HS384"):
        mint(host, algorithm="HS384")


@pytest.mark.parametrize("chosen", ["fast", "audited"])
def test_backends_environment_variable_chooses_one(two_backends: dict[str, ReferenceHMACPlugin], chosen: str) -> None:
    environ = {"TWILIO_JWT_ALGORITHM_BACKENDS": f" HS256 = {chosen} ,HS384={chosen},HS512={chosen}"}
    host = PluginHost(plugins=two_backends, environ=environ)
    chosen_backend_signs(host, two_backends, chosen)
    assert host.registry.conflicts == {}


def test_the_argument_wins_over_the_environment(two_backends: dict[str, ReferenceHMACPlugin]) -> None:
    environ = {"TWILIO_JWT_ALGORITHM_BACKENDS": "HS256=fast,HS384=fast,HS512=fast"}
    chosen = {"HS256": "audited", "HS384": "audited", "HS512": "audited"}
    host = PluginHost(plugins=two_backends, environ=environ, algorithm_backends=chosen)
    chosen_backend_signs(host, two_backends, "audited")


@pytest.mark.parametrize("text", ["HS256", "HS256=", "=fast", "HS256=fast,HS384", "HS256:fast"])
def test_bad_backends_syntax_is_an_error_naming_the_variable(
    two_backends: dict[str, ReferenceHMACPlugin], text: str
) -> None:
    host = PluginHost(plugins=two_backends, environ={"TWILIO_JWT_ALGORITHM_BACKENDS": text})
    with pytest.raises(InvalidParameterError, match=r"^TWILIO_JWT_ALGORITHM_BACKENDS: expected ALGORITHM=PLUGIN"):
        host.load()


@pytest.mark.parametrize(("algorithm", "pick"), [("HS256", "nobody"), ("RS256", "fast")])
def test_choosing_a_backend_that_is_not_loaded_is_reported(
    two_backends: dict[str, ReferenceHMACPlugin], algorithm: str, pick: str
) -> None:
    host = PluginHost(plugins={"fast": two_backends["fast"]}, algorithm_backends={algorithm: pick})
    message = f"algorithm '{algorithm}' is unusable: the chosen backend '{pick}' is not loaded"
    with pytest.warns(PluginLoadWarning, match=message):
        host.load()
    with pytest.raises(PluginConflictError, match=message):
        host.algorithm(algorithm)


# -- loading happens once, under a lock, and the registries are cached ----------------------------------------------


class SlowPlugin(ReferenceHMACPlugin):
    """Sleeps inside its hook so that concurrent first uses overlap."""

    @hookimpl
    def twilio_jwt_signing_algorithms(self) -> list[Any]:
        time.sleep(0.05)
        return super().twilio_jwt_signing_algorithms()


def test_threads_hammering_first_use_load_once() -> None:
    slow = SlowPlugin()
    host = PluginHost(plugins={"slow": slow})
    barrier = threading.Barrier(16)
    seen: list[object] = []

    def first_use() -> None:
        barrier.wait()
        seen.append(host.algorithm("HS256"))

    threads = [threading.Thread(target=first_use) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert slow.hook_calls == 1
    assert len(seen) == 16
    assert all(found is slow.algorithms[0] for found in seen)


def test_after_the_first_mint_no_hook_is_called(
    host: PluginHost, hmac_plugin: ReferenceHMACPlugin, pets: GrantPlugin
) -> None:
    mint(host, PetGrant(name="first"))
    # Minting looks up an algorithm only: the grant hook is not called until a grant is looked up.
    assert (hmac_plugin.hook_calls, pets.hook_calls) == (1, 0)
    for algorithm in AccessToken.ALGORITHMS:
        mint(host, PetGrant(name="again"), algorithm=algorithm)
    host.grant_named("PetGrant")
    host.records, host.failures, host.load()
    assert (hmac_plugin.hook_calls, pets.hook_calls) == (1, 1)


def test_a_token_prepares_its_key_once_per_algorithm(host: PluginHost, hmac_plugin: ReferenceHMACPlugin) -> None:
    token = AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="alice", host=host)
    for _ in range(3):
        token.to_jwt()
    token.to_jwt("HS384")
    hs256, hs384, _ = hmac_plugin.algorithms
    assert (hs256.prepared, hs256.signed, hs384.prepared, hs384.signed) == (1, 3, 1, 1)


# -- names whose plugin is missing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("look_up", "distribution"),
    [
        (lambda h: h.grant_named("VideoGrant"), "twilio-jwt-video"),
        (lambda h: h.grant_for_key("data_sync"), "twilio-jwt-sync"),
        (lambda h: h.scope_named("IncomingClientScope"), "twilio-jwt-voice"),
        (lambda h: h.algorithm("RS256"), "twilio-jwt-rsa"),
    ],
)
def test_a_first_party_name_without_its_plugin_names_the_distribution(
    host: PluginHost, look_up: Any, distribution: str
) -> None:
    with pytest.raises(MissingPluginError, match=f"install {distribution}$") as excinfo:
        look_up(host)
    assert isinstance(excinfo.value, ImportError)


def test_an_unknown_name_raises_without_an_install_hint(host: PluginHost) -> None:
    with pytest.raises(MissingPluginError, match=r"^no installed twilio-jwt plugin provides the grant class 'Nope'$"):
        host.grant_named("Nope")


def test_importing_a_missing_grant_names_its_distribution(host: PluginHost) -> None:
    with use_host(host), pytest.raises(ImportError, match="install twilio-jwt-video") as excinfo:
        from twilio_jwt.grants import VideoGrant  # noqa: F401
    assert isinstance(excinfo.value, MissingPluginError)
    with use_host(host), pytest.raises(ImportError, match="install twilio-jwt-voice"):
        from twilio_jwt.scopes import OutgoingClientScope  # noqa: F401


def test_grants_module_resolves_through_the_active_host(host: PluginHost) -> None:
    import twilio_jwt.grants

    with use_host(host):
        from twilio_jwt.grants import PetGrant as resolved

        assert resolved is PetGrant
        assert dir(twilio_jwt.grants) == ["PetGrant"]
    with pytest.raises(AttributeError):
        twilio_jwt.grants.__wrapped__  # noqa: B018 - dunder names are never looked up as grants


@pytest.mark.parametrize(("module", "name", "cls"), [("grants", "PetGrant", PetGrant), ("scopes", "Scoped", Scoped)])
def test_a_resolved_name_is_then_a_plain_module_attribute(
    hmac_plugin: ReferenceHMACPlugin, monkeypatch: pytest.MonkeyPatch, module: str, name: str, cls: type
) -> None:
    import importlib

    namespace = vars(importlib.import_module(f"twilio_jwt.{module}"))
    host = PluginHost(plugins={"ref_hmac": hmac_plugin, "pets": GrantPlugin(PetGrant), "scopes": ScopePlugin()})
    with use_host(host):
        assert name not in namespace
        assert getattr(importlib.import_module(f"twilio_jwt.{module}"), name) is cls
        assert namespace[name] is cls  # stored: the next import is a plain attribute read
        monkeypatch.setattr(host, "_view", None)
        monkeypatch.setattr(host, "_live", None)
        monkeypatch.setattr(host, "_load", lambda: pytest.fail("the name was resolved again"))
        exec(f"from twilio_jwt.{module} import {name} as again; assert again is cls", {"cls": cls})
        monkeypatch.undo()
        with use_host(PluginHost(plugins={"ref_hmac": hmac_plugin})):  # another host: the stored name is forgotten
            assert name not in namespace
            with pytest.raises(MissingPluginError):
                exec(f"from twilio_jwt.{module} import {name}")
        assert name not in namespace  # and not brought back by leaving the inner host
    assert name not in namespace


def test_use_host_restores_the_previous_default(host: PluginHost, pets: GrantPlugin) -> None:
    before = default_host()
    inner = PluginHost(plugins={"pets": pets})
    with use_host(host):
        assert default_host() is host
        with use_host(inner):
            assert default_host() is inner
        assert default_host() is host
    assert default_host() is before


def test_a_token_without_a_host_uses_the_active_default(host: PluginHost, hmac_plugin: ReferenceHMACPlugin) -> None:
    token = AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="alice")
    with use_host(host):
        decode_hs(token.to_jwt(), SECRET)
    assert hmac_plugin.algorithms[0].signed == 1


def test_an_unknown_top_level_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        twilio_jwt.Nope  # noqa: B018


# -- a plugin module, not an object --------------------------------------------------------------------------------


def test_a_module_is_a_plugin(hmac_plugin: ReferenceHMACPlugin) -> None:
    import types

    module = types.ModuleType("shelter")

    @attrs.frozen
    class ShelterGrant(FieldGrant):
        key: ClassVar[str] = "shelter"
        city: str | None = optional_str_field()

    @hookimpl
    def twilio_jwt_grant_types() -> list[type[Grant]]:
        return [ShelterGrant]

    module.twilio_jwt_grant_types = twilio_jwt_grant_types  # type: ignore[attr-defined]
    host = PluginHost(plugins=[module, hmac_plugin])
    assert host.records[0].name == "shelter"
    _, claims = decode_hs(mint(host, ShelterGrant(city="Oslo")), SECRET)
    assert claims["grants"]["shelter"] == {"city": "Oslo"}


def test_reference_hmac_counts_and_verifies() -> None:
    algorithm = ReferenceHMAC("HS256")
    key = algorithm.prepare_key(SECRET)
    signature = algorithm.sign(b"msg", key)
    assert algorithm.verify(b"msg", key, signature)
    assert not algorithm.verify(b"msg!", key, signature)
    assert (algorithm.prepared, algorithm.signed) == (1, 1)
