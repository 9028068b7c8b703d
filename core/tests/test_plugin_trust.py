"""What the plugin trust model guarantees (see docs/security.md (Plugins)).

Plugins are trusted code. What holds is about tokens, not about defending against
plugins: each token type's algorithms are one fixed tuple that minting and decoding
both read, a token's own ``alg`` header never chooses anything outside it, no algorithm
named ``none`` is registered, and the backend that signs an algorithm is the one that
verifies it (the one chosen by ``TWILIO_JWT_ALGORITHM_BACKENDS`` when several offer it).
"""

from __future__ import annotations

import importlib
import json
from typing import Any

import attrs
import pytest
from core_fakes import ACCOUNT_SID, KEY_SID, SECRET, Install, load_warnings

from twilio_jwt import (
    AccessToken,
    AlgorithmNotAllowedError,
    ClientCapability,
    InvalidParameterError,
    PluginError,
    PluginHost,
    hookimpl,
    use_host,
)
from twilio_jwt._jws import b64url
from twilio_jwt._token_type import FIXED, token_types
from twilio_jwt.capability import CapabilityToken
from twilio_jwt.cli.main import main
from twilio_jwt.errors import MissingPluginError
from twilio_jwt.testing import ReferenceHMAC, ReferenceHMACPlugin, decode_hs

ALLOW_LISTS = {
    AccessToken: ("HS256", "HS384", "HS512"),
    CapabilityToken: ("HS256",),
    ClientCapability: ("HS256",),
}
WIDEN_AT_IMPORT = """
    from twilio_jwt import AccessToken, ClientCapability

    AccessToken.ALGORITHMS = (*AccessToken.ALGORITHMS, "none", "RS256")
    ClientCapability.ALGORITHMS = (*ClientCapability.ALGORITHMS, "HS512")
    """
FIXED_MESSAGE = "AccessToken.ALGORITHMS cannot be changed: a token type's algorithms are fixed"


def assert_allow_lists_untouched() -> None:
    for cls, algorithms in ALLOW_LISTS.items():
        assert algorithms == cls.ALGORITHMS
        assert cls is CapabilityToken or cls.DECODING.algorithms is cls.ALGORITHMS
    assert "ALGORITHMS" not in vars(ClientCapability)  # inherited from CapabilityToken, never set on it


def unsigned_access_token() -> str:
    header = b64url(b'{"alg":"none","typ":"JWT","cty":"twilio-fpa;v=1"}').decode()
    claims = {"jti": f"{KEY_SID}-1", "grants": {"identity": "mallory"}, "iss": KEY_SID, "sub": ACCOUNT_SID}
    payload = b64url(json.dumps({**claims, "iat": 2**31 - 100, "exp": 2**31}).encode()).decode()
    return f"{header}.{payload}."


def hs512_client_capability(host: PluginHost) -> str:
    """A correctly signed capability token, but with HS512, which ClientCapability never accepts."""
    header = b64url(b'{"alg":"HS512","typ":"JWT"}').decode()
    payload = b64url(json.dumps({"scope": "", "iss": ACCOUNT_SID, "exp": 2**31}).encode()).decode()
    algorithm = host.algorithm("HS512")
    signature = algorithm.sign(f"{header}.{payload}".encode(), algorithm.prepare_key(SECRET))
    return f"{header}.{payload}.{b64url(signature).decode()}"


def assert_forgeries_refused(host: PluginHost) -> None:
    with pytest.raises(AlgorithmNotAllowedError, match=r"signed with 'none' but an AccessToken allows only HS256"):
        AccessToken.from_jwt(unsigned_access_token(), SECRET, host=host)
    with pytest.raises(AlgorithmNotAllowedError, match=r"signed with 'HS512' but a ClientCapability allows only HS256"):
        ClientCapability.from_jwt(hs512_client_capability(host), SECRET, host=host)
    token = AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="alice", host=host)
    for algorithm in ("none", "RS256"):
        with pytest.raises(InvalidParameterError, match=f"^algorithm: '{algorithm}' is not allowed here"):
            token.to_jwt(algorithm)


# -- one fixed tuple per token type --------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", sorted(ALLOW_LISTS, key=lambda cls: cls.__name__), ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("name", sorted(FIXED))
def test_the_algorithm_attributes_cannot_be_assigned_or_deleted(cls: type, name: str) -> None:
    with pytest.raises(AttributeError, match=f"^{cls.__qualname__}.{name} cannot be changed"):
        setattr(cls, name, ("HS256", "none"))
    with pytest.raises(AttributeError, match=f"^{cls.__qualname__}.{name} cannot be changed"):
        delattr(cls, name)
    assert_allow_lists_untouched()


def test_every_token_type_decodes_with_the_tuple_it_mints_with() -> None:
    types = [cls for cls in token_types() if hasattr(cls, "DECODING")]  # the abstract base has none
    assert {AccessToken, ClientCapability} <= set(types)
    for cls in types:
        assert cls.DECODING.algorithms is cls.ALGORITHMS  # one value, not a copy that could drift
        assert cls.DEFAULT_ALGORITHM in cls.ALGORITHMS  # what to_jwt() signs with unasked is one of its own names
        assert isinstance(cls.ALGORITHMS, tuple)


def test_other_class_attributes_stay_assignable() -> None:
    AccessToken.note = "x"  # type: ignore[attr-defined]
    del AccessToken.note  # type: ignore[attr-defined]


def test_a_plugin_token_type_is_listed_and_fixed_from_its_definition() -> None:
    @attrs.define(eq=False)
    class PluginCapability(CapabilityToken):
        def _claims(self) -> dict[str, Any]:
            return {}

    assert PluginCapability in token_types()
    with pytest.raises(AttributeError, match=r"PluginCapability.ALGORITHMS cannot be changed"):
        PluginCapability.ALGORITHMS = ("HS256", "none")
    assert PluginCapability.ALGORITHMS == ("HS256",)


# -- the old bypasses: widening before the host loads, or while another host loads ---------------------------------


def test_widening_at_import_before_any_host_loads_fails_and_forgeries_are_refused(
    install: Install, hmac_plugin: ReferenceHMACPlugin
) -> None:
    """The application imports the plugin's module itself, before any host: the old guard took that as given."""
    install("fake-widen", {"fake_widen": WIDEN_AT_IMPORT}, version="6.6.6")
    with pytest.raises(AttributeError, match=FIXED_MESSAGE):
        importlib.import_module("_fake_fake_widen_fake_widen")
    assert_allow_lists_untouched()
    host = PluginHost(environ={"TWILIO_JWT_LOAD_PLUGINS": "fake_widen"}, entry_points=True)
    assert load_warnings(host) == [
        f"plugin fake_widen (fake-widen 6.6.6) failed at import: AttributeError: {FIXED_MESSAGE}"
    ]
    assert_forgeries_refused(PluginHost(plugins={"ref_hmac": hmac_plugin}))


def test_strict_mode_reports_the_widening_plugin(install: Install) -> None:
    install("fake-widen", {"fake_widen": WIDEN_AT_IMPORT}, version="6.6.6")
    environ = {"TWILIO_JWT_LOAD_PLUGINS": "fake_widen", "TWILIO_JWT_STRICT_PLUGINS": "1"}
    with pytest.raises(PluginError, match=r"plugin fake_widen \(fake-widen 6.6.6\) failed at import: AttributeError"):
        PluginHost(environ=environ).load()
    assert_allow_lists_untouched()


class WidensInItsHook:
    """Tries from inside a hook, that is while some host is loading."""

    @hookimpl
    def twilio_jwt_signing_algorithms(self) -> list[Any]:
        AccessToken.ALGORITHMS = (*AccessToken.ALGORITHMS, "none")
        return []


def test_widening_while_a_host_loads_fails_at_the_hook(hmac_plugin: ReferenceHMACPlugin) -> None:
    first = PluginHost(plugins={"ref_hmac": hmac_plugin})
    first.load()
    second = PluginHost(plugins={"ref_hmac": ReferenceHMACPlugin(), "sneaky": WidensInItsHook()})
    assert load_warnings(second) == [f"plugin sneaky (no distribution) failed at hook: AttributeError: {FIXED_MESSAGE}"]
    assert_allow_lists_untouched()
    assert_forgeries_refused(first)
    assert_forgeries_refused(second)


# -- the token's alg header never chooses ------------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["HS256", "HS384", "HS512"])
def test_each_token_type_signs_only_with_its_own_names(host: PluginHost, algorithm: str) -> None:
    token = AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="alice", host=host)
    header, _ = decode_hs(token.to_jwt(algorithm), SECRET)
    assert header["alg"] == algorithm
    capability = ClientCapability(ACCOUNT_SID, SECRET, host=host)
    if algorithm in ClientCapability.ALGORITHMS:
        assert decode_hs(capability.to_jwt(algorithm), SECRET)[0]["alg"] == algorithm
    else:  # registered in the host, but not one of ClientCapability's names
        with pytest.raises(
            InvalidParameterError, match=f"^algorithm: '{algorithm}' is not allowed here; use one of HS256"
        ):
            capability.to_jwt(algorithm)


def test_a_forged_header_cannot_pick_an_algorithm(host: PluginHost) -> None:
    assert_forgeries_refused(host)


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


# -- one backend signs and verifies each algorithm ---------------------------------------------------------------------


class CountingHMAC(ReferenceHMAC):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.verified = 0

    def verify(self, msg: bytes, key: bytes, sig: bytes) -> bool:
        self.verified += 1
        return super().verify(msg, key, sig)


class CountingPlugin(ReferenceHMACPlugin):
    def __init__(self) -> None:
        super().__init__()
        self.algorithms = [CountingHMAC(name) for name in ("HS256", "HS384", "HS512")]


@pytest.mark.parametrize("chosen", ["fast", "audited"])
def test_the_backends_variable_picks_the_plugin_that_signs_and_verifies(chosen: str) -> None:
    plugins = {"fast": CountingPlugin(), "audited": CountingPlugin()}
    environ = {"TWILIO_JWT_ALGORITHM_BACKENDS": f"HS256={chosen},HS384={chosen},HS512={chosen}"}
    host = PluginHost(plugins=plugins, environ=environ)
    jwt = AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="alice", host=host).to_jwt()
    assert AccessToken.from_jwt(jwt, SECRET, host=host).identity == "alice"
    used = {name: (p.algorithms[0].signed, p.algorithms[0].verified) for name, p in plugins.items()}
    assert used == {name: (1, 1) if name == chosen else (0, 0) for name in plugins}
    assert host.registry.providers[("algorithm", "HS256")].name == chosen


def test_the_plugins_command_shows_which_backend_signs_and_verifies(capsys: pytest.CaptureFixture[str]) -> None:
    host = PluginHost(
        plugins={"fast": CountingPlugin(), "audited": CountingPlugin()}, algorithm_backends={"HS256": "audited"}
    )
    with use_host(host):  # the command shows the problems instead of warning about them
        assert main(["plugins"]) == 1  # HS384 and HS512 are still offered twice: a conflict, so exit 1
    lines = capsys.readouterr().out.splitlines()
    assert (
        "algorithm HS256 is signed and verified by audited (no distribution), chosen by TWILIO_JWT_ALGORITHM_BACKENDS"
        in lines
    )
    assert [line for line in lines if line.startswith("CONFLICT ")] == [
        f"CONFLICT algorithm {name!r} is offered by fast (no distribution) and audited (no distribution); "
        f"choose one with TWILIO_JWT_ALGORITHM_BACKENDS='{name}=<plugin>'"
        for name in ("HS384", "HS512")
    ]
    with use_host(host):
        assert main(["plugins", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["algorithms"] == {"HS256": {"plugin": "audited", "distribution": None, "version": None, "chosen": True}}
