"""The client-capability scopes (contract section 3), with core and this plugin only.

Tokens are minted through an explicit host holding this plugin and core's reference
HMAC test backend, so nothing here needs ``twilio-jwt-hmac``.
"""

from __future__ import annotations

import string
import time
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

import twilio_jwt_voice
from twilio_jwt import ClientCapability, InvalidParameterError, InvalidParameterTypeError, PluginHost
from twilio_jwt.testing import ReferenceHMACPlugin, decode_hs
from twilio_jwt_voice import EventStreamScope, IncomingClientScope, OutgoingClientScope
from twilio_jwt_voice.scope_query import esc

ACCOUNT_SID = "AC" + "d" * 32
AUTH_TOKEN = "voice-auth-token-0123456789abcdef"
APP_SID = "AP" + "e" * 32
EVENTS = "scope:stream:subscribe?path=/2010-04-01/Events"
SCOPES = (IncomingClientScope, OutgoingClientScope, EventStreamScope)


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost(plugins=[twilio_jwt_voice, ReferenceHMACPlugin()])


def test_scopes_are_registered_through_the_hook(host: PluginHost) -> None:
    assert [host.scope_named(cls.__name__) for cls in SCOPES] == list(SCOPES)
    assert set(twilio_jwt_voice.__all__) >= {cls.__name__ for cls in SCOPES}


def test_client_capability_signs_the_scope_strings_in_order(host: PluginHost, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: 1_700_000_000)
    cap = ClientCapability(ACCOUNT_SID, AUTH_TOKEN, ttl=60, host=host)
    cap.add_scope(EventStreamScope(filters={"a": "b"}))
    cap.add_scope(OutgoingClientScope(APP_SID, client_name="alice", params={"foo": "bar"}))
    cap.add_scope(IncomingClientScope("alice"))
    header, claims = decode_hs(cap.to_jwt(), AUTH_TOKEN)
    assert header == {"alg": "HS256", "typ": "JWT"}
    assert claims == {
        "scope": f"{EVENTS}&appParams=a%3Db "
        f"scope:client:outgoing?appSid={APP_SID}&clientName=alice&appParams=foo%3Dbar "
        "scope:client:incoming?clientName=alice",
        "iss": ACCOUNT_SID,
        "iat": 1_700_000_000,
        "exp": 1_700_000_060,
    }


# -- scope strings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (IncomingClientScope("alice"), "scope:client:incoming?clientName=alice"),
        (IncomingClientScope(0), "scope:client:incoming?clientName=0"),
        (IncomingClientScope("ünï cödé"), "scope:client:incoming?clientName=%C3%BCn%C3%AF%20c%C3%B6d%C3%A9"),
        (IncomingClientScope("100%"), "scope:client:incoming?clientName=100%25"),
        (OutgoingClientScope("AP123"), "scope:client:outgoing?appSid=AP123"),
        (
            OutgoingClientScope("AP123", client_name="CL123", params={"foo": "bar"}),
            "scope:client:outgoing?appSid=AP123&clientName=CL123&appParams=foo%3Dbar",
        ),
        (OutgoingClientScope("AP123", client_name="", params={}), "scope:client:outgoing?appSid=AP123"),
        (OutgoingClientScope("AP123", client_name=7), "scope:client:outgoing?appSid=AP123&clientName=7"),
        (
            OutgoingClientScope("AP123", params={"foo": "a b"}),
            "scope:client:outgoing?appSid=AP123&appParams=foo%3Da%2520b",
        ),
        (
            OutgoingClientScope("AP123", params={"z": 1, "a": 2.5}),
            "scope:client:outgoing?appSid=AP123&appParams=z%3D1%26a%3D2.5",
        ),
        (EventStreamScope(), EVENTS),
        (EventStreamScope(filters={}), EVENTS),
        (EventStreamScope(filters={"q": "a b&c=d/é"}), f"{EVENTS}&appParams=q%3Da%2520b%2526c%253Dd%252F%25C3%25A9"),
    ],
)
def test_scope_string(scope: IncomingClientScope | OutgoingClientScope | EventStreamScope, expected: str) -> None:
    assert scope.to_scope_string() == expected


def test_esc_is_encode_uri_component_on_every_ascii_character() -> None:
    kept = set(string.ascii_letters + string.digits + "-_.!~*'()")
    for code in range(128):
        char = chr(code)
        assert esc("x", char) == (char if char in kept else f"%{code:02X}")
    assert esc("x", "é😀") == "%C3%A9%F0%9F%98%80"


def test_params_are_kept_as_the_strings_written_and_read_only() -> None:
    scope = OutgoingClientScope("AP1", params={"n": 1, "f": 2.5, "s": "x"})
    assert dict(scope.params or {}) == {"n": "1", "f": "2.5", "s": "x"}
    with pytest.raises(TypeError):
        scope.params["n"] = "2"  # type: ignore[index]


def test_scopes_compare_by_their_scope_string_and_hash() -> None:
    assert OutgoingClientScope("AP1", params={"a": 1}) == OutgoingClientScope("AP1", params={"a": "1"})
    assert OutgoingClientScope("AP1", params={"a": "1", "b": "2"}) != OutgoingClientScope(
        "AP1", params={"b": "2", "a": "1"}
    )
    assert len({IncomingClientScope("a"), IncomingClientScope("a"), EventStreamScope(filters={"x": "y"})}) == 2


# -- bad input: one test per rule, each checking the type and the parameter named -----------------


def _raises(error: type[Exception], parameter: str, build: object) -> None:
    with pytest.raises(error) as info:
        build()  # type: ignore[operator]
    assert str(info.value).startswith(f"{parameter}: "), str(info.value)


@pytest.mark.parametrize("value", [None, ""])
def test_incoming_client_name_none_or_empty_is_value_error(value: object) -> None:
    _raises(InvalidParameterError, "client_name", lambda: IncomingClientScope(value))  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [1.5, True, False, b"alice", ["alice"]])
def test_incoming_client_name_float_bool_or_other_is_type_error(value: object) -> None:
    _raises(InvalidParameterTypeError, "client_name", lambda: IncomingClientScope(value))  # type: ignore[arg-type]


def test_incoming_client_name_omitted_is_type_error() -> None:
    with pytest.raises(TypeError, match="client_name"):
        IncomingClientScope()  # type: ignore[call-arg]


@pytest.mark.parametrize("value", [None, ""])
def test_outgoing_application_sid_none_or_empty_is_value_error(value: object) -> None:
    _raises(InvalidParameterError, "application_sid", lambda: OutgoingClientScope(value))  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [123, True, b"AP1"])
def test_outgoing_application_sid_not_a_str_is_type_error(value: object) -> None:
    _raises(InvalidParameterTypeError, "application_sid", lambda: OutgoingClientScope(value))  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [1.5, True, b"alice"])
def test_outgoing_client_name_float_bool_or_other_is_type_error(value: object) -> None:
    _raises(InvalidParameterTypeError, "client_name", lambda: OutgoingClientScope("AP1", client_name=value))  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["a=1", ["a", "1"], 1, ("a", "1")])
def test_params_and_filters_not_a_mapping_is_type_error(value: object) -> None:
    _raises(InvalidParameterTypeError, "params", lambda: OutgoingClientScope("AP1", params=value))  # type: ignore[arg-type]
    _raises(InvalidParameterTypeError, "filters", lambda: EventStreamScope(filters=value))  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [True, None, ["x", "y"], {"k": "v"}, b"x"])
def test_param_and_filter_values_other_than_str_int_float_are_type_error(value: object) -> None:
    _raises(InvalidParameterTypeError, "params['multi']", lambda: OutgoingClientScope("AP1", params={"multi": value}))
    _raises(InvalidParameterTypeError, "filters['multi']", lambda: EventStreamScope(filters={"multi": value}))


def test_param_keys_other_than_str_are_type_error() -> None:
    _raises(InvalidParameterTypeError, "params", lambda: OutgoingClientScope("AP1", params={1: "a"}))
    _raises(InvalidParameterTypeError, "filters", lambda: EventStreamScope(filters={None: "a"}))


def test_lone_surrogate_is_value_error_when_the_scope_is_built() -> None:
    _raises(InvalidParameterError, "client_name", lambda: IncomingClientScope("a\ud800"))
    _raises(InvalidParameterError, "params", lambda: OutgoingClientScope("AP1", params={"k": "\udfff"}))
    _raises(InvalidParameterError, "filters", lambda: EventStreamScope(filters={"\ud800": "v"}))


# -- from_scope_string ------------------------------------------------------------------------


def test_twilio_python_form_is_read_too() -> None:
    """Sorted parameters, ``+`` for a space, the path escaped and event filters under ``params``."""
    outgoing = "scope:client:outgoing?appParams=foo%3Dbar+baz%26a%3D1&appSid=AP123&clientName=al+ice"
    assert OutgoingClientScope.from_scope_string(outgoing) == OutgoingClientScope(
        "AP123", client_name="al ice", params={"foo": "bar baz", "a": "1"}
    )
    events = "scope:stream:subscribe?params=type%3Dcalls&path=%2F2010-04-01%2FEvents"
    assert EventStreamScope.from_scope_string(events) == EventStreamScope(filters={"type": "calls"})


@pytest.mark.parametrize(
    ("cls", "text"),
    [
        (IncomingClientScope, "scope:client:outgoing?clientName=a"),
        (IncomingClientScope, "scope:client:incoming"),
        (IncomingClientScope, "scope:client:incoming?clientName=a&clientName=b"),
        (IncomingClientScope, "scope:client:incoming?clientName=a&extra=1"),
        (IncomingClientScope, "scope:client:incoming?clientName"),
        (IncomingClientScope, "scope:client:incoming?clientName=%FF"),
        (OutgoingClientScope, "scope:client:outgoing?clientName=a"),
        (OutgoingClientScope, "scope:client:outgoing?appSid=AP1&appParams=novalue"),
        (OutgoingClientScope, "scope:client:outgoing?appSid=AP1&appParams=a%3D1%26a%3D2"),
        (EventStreamScope, "scope:stream:subscribe?path=/elsewhere"),
        (EventStreamScope, "scope:stream:subscribe"),
        (EventStreamScope, f"{EVENTS}&appParams=a%3Db&params=a%3Db"),
    ],
)
def test_from_scope_string_refuses_malformed_strings(cls: type[IncomingClientScope], text: str) -> None:
    _raises(InvalidParameterError, "scope_string", lambda: cls.from_scope_string(text))


@pytest.mark.parametrize("cls", SCOPES)
def test_from_scope_string_of_a_non_str_is_type_error(cls: type[IncomingClientScope]) -> None:
    _raises(InvalidParameterTypeError, "scope_string", lambda: cls.from_scope_string(b"scope"))  # type: ignore[arg-type]


# -- properties: any unicode survives the double encoding ---------------------------------------

names = st.text(min_size=1)
sids = names.filter(lambda text: " " not in text and text.isprintable())  # a SID is one printable word
mappings = st.dictionaries(st.text(), st.text(), max_size=6)


def _app_params(scope_string: str) -> dict[str, str]:
    """Decode ``appParams`` twice, by hand with the standard library (not the code under test)."""
    query = scope_string.partition("?")[2]
    raw = dict(piece.split("=", 1) for piece in query.split("&"))
    inner = unquote(raw["appParams"], errors="strict")
    return {
        unquote(k, errors="strict"): unquote(v, errors="strict") for k, v in (p.split("=", 1) for p in inner.split("&"))
    }


@given(names)
def test_incoming_round_trips(name: str) -> None:
    scope = IncomingClientScope(name)
    assert unquote(scope.to_scope_string().partition("=")[2], errors="strict") == name
    assert IncomingClientScope.from_scope_string(scope.to_scope_string()) == scope


@given(sids, st.one_of(st.none(), names), mappings)
def test_outgoing_round_trips(sid: str, client_name: str | None, params: dict[str, str]) -> None:
    scope = OutgoingClientScope(sid, client_name=client_name, params=params)
    text = scope.to_scope_string()
    assert " " not in text
    if params:
        assert list(_app_params(text).items()) == list(params.items())
    rebuilt = OutgoingClientScope.from_scope_string(text)
    assert rebuilt == scope
    assert list((rebuilt.params or {}).items()) == list(params.items())


@given(mappings)
def test_event_stream_round_trips(filters: dict[str, str]) -> None:
    scope = EventStreamScope(filters=filters)
    if filters:
        assert list(_app_params(scope.to_scope_string()).items()) == list(filters.items())
    assert EventStreamScope.from_scope_string(scope.to_scope_string()) == scope


def test_each_scope_declares_the_scope_contract_decoding_uses() -> None:
    """Scope's contract (issue 14): a PREFIX naming the kind, and from_scope_string defined on the class."""
    assert [cls.PREFIX for cls in (IncomingClientScope, OutgoingClientScope, EventStreamScope)] == [
        "scope:client:incoming",
        "scope:client:outgoing",
        "scope:stream:subscribe",
    ]
    for scope in (IncomingClientScope("a"), OutgoingClientScope("AP1", params={"x": "1"}), EventStreamScope()):
        text = scope.to_scope_string()
        assert text.partition("?")[0] == type(scope).PREFIX
        assert "from_scope_string" in vars(type(scope))
        assert type(scope).from_scope_string(text) == scope
