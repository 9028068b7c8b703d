"""ClientCapability (contract section 3) with a scope class defined here: core needs no plugin for it."""

from __future__ import annotations

import pickle
import time

import attrs
import pytest

import twilio_jwt
from twilio_jwt import (
    ClientCapability,
    InvalidParameterError,
    InvalidParameterTypeError,
    MissingPluginError,
    PluginHost,
    Scope,
    hookimpl,
)
from twilio_jwt.testing import ReferenceHMACPlugin, decode_hs

ACCOUNT_SID = "AC" + "c" * 32
AUTH_TOKEN = "auth-token-never-shown-0123456789"
NOW = 1_700_000_000


@attrs.frozen
class RoomScope(Scope):
    """A third-party-style scope: ``scope:room:join?name=...``."""

    room: str

    def to_scope_string(self) -> str:
        return f"scope:room:join?name={self.room}"


class RoomPlugin:
    @hookimpl
    def twilio_jwt_scope_types(self) -> list[type[Scope]]:
        return [RoomScope]


@pytest.fixture
def hmac_plugin() -> ReferenceHMACPlugin:
    return ReferenceHMACPlugin()


@pytest.fixture
def host(hmac_plugin: ReferenceHMACPlugin) -> PluginHost:
    return PluginHost(plugins={"ref_hmac": hmac_plugin, "rooms": RoomPlugin()})


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW + 0.9)


def capability(host: PluginHost, **kwargs: object) -> ClientCapability:
    return ClientCapability(ACCOUNT_SID, AUTH_TOKEN, host=host, **kwargs)  # type: ignore[arg-type]


@pytest.mark.usefixtures("frozen")
def test_header_and_claims_follow_the_contract(host: PluginHost) -> None:
    cap = capability(host, ttl=600)
    cap.add_scope(RoomScope("a"))
    header, claims = decode_hs(cap.to_jwt(), AUTH_TOKEN)
    assert header == {"alg": "HS256", "typ": "JWT"}
    assert claims == {"scope": "scope:room:join?name=a", "iss": ACCOUNT_SID, "iat": NOW, "exp": NOW + 600}


@pytest.mark.usefixtures("frozen")
def test_no_scope_gives_an_empty_scope_claim_and_ttl_none_means_3600(host: PluginHost) -> None:
    _, claims = decode_hs(capability(host, ttl=None).to_jwt(), AUTH_TOKEN)
    assert claims == {"scope": "", "iss": ACCOUNT_SID, "iat": NOW, "exp": NOW + 3600}


def test_scopes_keep_insertion_order_and_duplicates(host: PluginHost) -> None:
    cap = capability(host)
    for room in ("b", "a", "b"):
        cap.add_scope(RoomScope(room))
    _, claims = decode_hs(cap.to_jwt(), AUTH_TOKEN)
    assert claims["scope"] == "scope:room:join?name=b scope:room:join?name=a scope:room:join?name=b"
    assert cap.scopes == (RoomScope("b"), RoomScope("a"), RoomScope("b"))


def test_now_is_floored_also_before_1970(host: PluginHost, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: -1.5)
    _, claims = decode_hs(capability(host, ttl=1).to_jwt(), AUTH_TOKEN)
    assert (claims["iat"], claims["exp"]) == (-2, -1)


def test_key_is_prepared_once_and_no_hook_runs_after_the_first_mint(
    host: PluginHost, hmac_plugin: ReferenceHMACPlugin
) -> None:
    cap = capability(host)
    first, second = cap.to_jwt(), cap.to_jwt()
    decode_hs(first, AUTH_TOKEN), decode_hs(second, AUTH_TOKEN)
    hs256 = hmac_plugin.algorithms[0]
    assert (hs256.name, hs256.prepared, hs256.signed, hmac_plugin.hook_calls) == ("HS256", 1, 2, 1)


def test_scope_classes_come_from_the_registry(host: PluginHost) -> None:
    assert host.scope_named("RoomScope") is RoomScope
    assert twilio_jwt.ClientCapability is ClientCapability
    assert "ClientCapability" in twilio_jwt.__all__


def test_only_hs256_is_allowed(host: PluginHost) -> None:
    assert ClientCapability.ALGORITHMS == ("HS256",)
    with pytest.raises(InvalidParameterError, match=r"^algorithm: 'HS384' is not allowed here; use one of HS256$"):
        capability(host).to_jwt("HS384")


def test_missing_hs256_backend_names_the_distribution() -> None:
    cap = ClientCapability(ACCOUNT_SID, AUTH_TOKEN, host=PluginHost(plugins={"rooms": RoomPlugin()}))
    with pytest.raises(MissingPluginError, match="twilio-jwt-hmac"):
        cap.to_jwt()


def test_auth_token_is_never_shown_or_pickled(host: PluginHost) -> None:
    cap = capability(host)
    assert AUTH_TOKEN not in repr(cap)
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(cap)


# -- bad input: one test per rule of section 3, each checking the type and the parameter named --


def _raises(error: type[Exception], parameter: str, build: object) -> None:
    with pytest.raises(error) as info:
        build()  # type: ignore[operator]
    assert str(info.value).startswith(f"{parameter}: ")
    assert AUTH_TOKEN not in str(info.value)


@pytest.mark.parametrize("value", [None, ""])
def test_account_sid_none_or_empty_is_value_error(value: object) -> None:
    _raises(InvalidParameterError, "account_sid", lambda: ClientCapability(value, AUTH_TOKEN))


@pytest.mark.parametrize("value", ["SK" + "0" * 32, "XX1", "ac" + "0" * 32])
def test_account_sid_without_ac_prefix_is_value_error(value: str) -> None:
    _raises(InvalidParameterError, "account_sid", lambda: ClientCapability(value, AUTH_TOKEN))


def test_account_sid_of_another_kind_is_named() -> None:
    with pytest.raises(InvalidParameterError, match="got an API key SID"):
        ClientCapability("SK" + "0" * 32, AUTH_TOKEN)


@pytest.mark.parametrize("value", [123, b"AC00", ["AC"]])
def test_account_sid_not_a_str_is_type_error(value: object) -> None:
    _raises(InvalidParameterTypeError, "account_sid", lambda: ClientCapability(value, AUTH_TOKEN))


@pytest.mark.parametrize("value", [None, "", b""])
def test_auth_token_none_or_empty_is_value_error(value: object) -> None:
    _raises(InvalidParameterError, "auth_token", lambda: ClientCapability(ACCOUNT_SID, value))


def test_auth_token_that_is_a_pem_key_is_value_error() -> None:
    pem = "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n"
    _raises(InvalidParameterError, "auth_token", lambda: ClientCapability(ACCOUNT_SID, pem))


@pytest.mark.parametrize("value", [12345, 1.5, ["token"]])
def test_auth_token_of_another_type_is_type_error(value: object) -> None:
    _raises(InvalidParameterTypeError, "auth_token", lambda: ClientCapability(ACCOUNT_SID, value))


def test_auth_token_omitted_is_type_error() -> None:
    with pytest.raises(TypeError, match="auth_token"):
        ClientCapability(ACCOUNT_SID)  # type: ignore[call-arg]


@pytest.mark.parametrize("value", [0, -60, 86401])
def test_ttl_outside_1_to_86400_is_value_error(value: int) -> None:
    _raises(InvalidParameterError, "ttl", lambda: ClientCapability(ACCOUNT_SID, AUTH_TOKEN, ttl=value))


@pytest.mark.parametrize("value", [1.5, "1h", True])
def test_ttl_not_an_int_is_type_error(value: object) -> None:
    _raises(InvalidParameterTypeError, "ttl", lambda: ClientCapability(ACCOUNT_SID, AUTH_TOKEN, ttl=value))


def test_ttl_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        ClientCapability(ACCOUNT_SID, AUTH_TOKEN, 600)  # type: ignore[misc]


@pytest.mark.parametrize("value", ["scope:client:incoming?clientName=a", None, RoomScope])
def test_add_scope_of_something_else_is_type_error(value: object) -> None:
    cap = ClientCapability(ACCOUNT_SID, AUTH_TOKEN)
    _raises(InvalidParameterTypeError, "scope", lambda: cap.add_scope(value))  # type: ignore[arg-type]
    assert cap.scopes == ()
