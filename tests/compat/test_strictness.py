"""Bad input to every public parameter of the compat layer, and its other deliberate differences.

twilio-python accepts almost anything and mints a token Twilio later refuses; the
compat layer refuses such input where it is given, with twilio-jwt's errors:
``InvalidParameterError`` (a ``ValueError``) or ``InvalidParameterTypeError`` (a
``TypeError``), each message starting with the parameter's name and never holding a
secret. Good values still give twilio-python's token (see ``test_differential.py``).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import pytest
from compat_support import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    CREDENTIAL_SID,
    KEY_SID,
    KEYS,
    NOW,
    PRIVATE_KEY,
    PUBLIC_KEY_PEM,
    SECRET,
    TASK_QUEUE_SID,
    VALIDATION_REQUEST,
    WORKER_SID,
    WORKSPACE_SID,
    decode,
    freeze,
)

import twilio_jwt
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError, TokenError
from twilio_jwt_compat import (
    AccessToken,
    AccessTokenGrant,
    ChatGrant,
    ClientCapabilityToken,
    ClientValidationJwt,
    Jwt,
    JwtDecodeError,
    PlaybackGrant,
    ScopeURI,
    SyncGrant,
    TaskQueueCapabilityToken,
    TaskRouterCapabilityToken,
    TaskRouterGrant,
    UnverifiedTokenWarning,
    ValidationPayload,
    VideoGrant,
    VoiceGrant,
    WorkerCapabilityToken,
    WorkspaceCapabilityToken,
)

PEM_PUBLIC = PUBLIC_KEY_PEM
PAYLOAD = ValidationPayload(*VALIDATION_REQUEST)

Build = Callable[..., Any]


def raises(error: type[Exception], parameter: str, build: Callable[[], object]) -> Exception:
    """``build()`` raises ``error`` (one of ours) whose message starts with the parameter's name."""
    with pytest.raises(error) as caught:
        build()
    message = str(caught.value)
    assert message.startswith(f"{parameter}: "), message
    for secret in (SECRET, AUTH_TOKEN, PRIVATE_KEY):
        assert secret not in message
    return caught.value


def builder(cls: type[Any], **defaults: Any) -> Build:
    """``build(**changes)``: ``cls`` with good keyword arguments, some of them changed."""
    return lambda **changes: cls(**{**defaults, **changes})


access_token = builder(AccessToken, account_sid=ACCOUNT_SID, signing_key_sid=KEY_SID, secret=SECRET)
client = builder(ClientCapabilityToken, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
worker = builder(
    WorkerCapabilityToken,
    account_sid=ACCOUNT_SID,
    auth_token=AUTH_TOKEN,
    workspace_sid=WORKSPACE_SID,
    worker_sid=WORKER_SID,
)
validation = builder(
    ClientValidationJwt,
    account_sid=ACCOUNT_SID,
    api_key_sid=KEY_SID,
    credential_sid=CREDENTIAL_SID,
    private_key=PRIVATE_KEY,
    validation_payload=PAYLOAD,
)


# -- SIDs and secrets ---------------------------------------------------------------------------------------

SID_CASES = [
    (access_token, "account_sid", KEY_SID),
    (access_token, "signing_key_sid", ACCOUNT_SID),
    (client, "account_sid", KEY_SID),
    (worker, "account_sid", "AP" + "1" * 32),
    (worker, "workspace_sid", WORKER_SID),
    (worker, "worker_sid", TASK_QUEUE_SID),
    (validation, "account_sid", KEY_SID),
    (validation, "api_key_sid", ACCOUNT_SID),
    (validation, "credential_sid", KEY_SID),
]


@pytest.mark.parametrize(("build", "parameter", "other_kind"), SID_CASES)
@pytest.mark.parametrize("kind", ["missing", "empty", "wrong-prefix", "not-str"])
def test_sids(build: Build, parameter: str, other_kind: str, kind: str) -> None:
    value = {"missing": None, "empty": "", "wrong-prefix": other_kind, "not-str": 12345}[kind]
    error = InvalidParameterTypeError if kind == "not-str" else InvalidParameterError
    exc = raises(error, parameter, lambda: build(**{parameter: value}))
    if kind == "wrong-prefix":
        assert repr(other_kind[:2]) in str(exc)


def test_an_account_sid_as_the_api_key_is_named() -> None:
    exc = raises(InvalidParameterError, "signing_key_sid", lambda: access_token(signing_key_sid=ACCOUNT_SID))
    assert "an Account SID" in str(exc)


@pytest.mark.parametrize(
    ("build", "parameter"),
    [(access_token, "secret"), (client, "auth_token"), (worker, "auth_token")],
)
@pytest.mark.parametrize(
    ("value", "error"),
    [
        (None, InvalidParameterError),
        ("", InvalidParameterError),
        (b"", InvalidParameterError),
        (42, InvalidParameterTypeError),
        (PEM_PUBLIC, InvalidParameterError),
    ],
    ids=["none", "empty", "empty-bytes", "int", "pem-key"],
)
def test_hmac_secrets(build: Build, parameter: str, value: object, error: type[Exception]) -> None:
    raises(error, parameter, lambda: build(**{parameter: value}))


def test_taskqueue_and_workspace_tokens_check_their_channels() -> None:
    raises(
        InvalidParameterError,
        "task_queue_sid",
        lambda: TaskQueueCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WORKSPACE_SID, WORKER_SID),
    )
    raises(InvalidParameterError, "workspace_sid", lambda: WorkspaceCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, "WX1"))


@pytest.mark.parametrize(
    ("key", "error"),
    [
        (None, InvalidParameterError),
        ("", InvalidParameterError),
        (PEM_PUBLIC, ValueError),
        ((KEYS / "rsa1024_pkcs8.pem").read_text(), ValueError),
        ((KEYS / "ec_p256_pkcs8.pem").read_text(), ValueError),
        ("not a key", ValueError),
    ],
    ids=["none", "empty", "public-key", "1024-bit", "ec-key", "garbage"],
)
def test_validation_private_key(key: object, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"^private_key: ") as caught:
        validation(private_key=key)
    if isinstance(key, str) and key:
        lines = key.splitlines()
        assert lines[len(lines) // 2] not in str(caught.value)


@pytest.mark.parametrize(
    ("payload", "error", "parameter"),
    [
        ({"not": "a payload"}, InvalidParameterTypeError, "validation_payload"),
        (("GET", "/"), InvalidParameterTypeError, "validation_payload"),
        (PAYLOAD._replace(method=None), InvalidParameterError, "method"),
        (PAYLOAD._replace(method=1), InvalidParameterTypeError, "method"),
        (PAYLOAD._replace(all_headers="Host: x"), InvalidParameterTypeError, "headers"),
        (PAYLOAD._replace(all_headers={"Host": 1}), InvalidParameterTypeError, "headers"),
        (PAYLOAD._replace(signed_headers="host"), InvalidParameterTypeError, "signed_headers"),
        (PAYLOAD._replace(signed_headers=["bad name"]), InvalidParameterError, "signed_headers"),
        (PAYLOAD._replace(body=1), InvalidParameterTypeError, "body"),
        (PAYLOAD._replace(query_string=1), InvalidParameterTypeError, "query"),
    ],
)
def test_validation_payload(payload: Any, error: type[Exception], parameter: str) -> None:
    raises(error, parameter, lambda: validation(validation_payload=payload))


# -- times --------------------------------------------------------------------------------------------------

TIME_CASES = [
    ("ttl", 0, InvalidParameterError),
    ("ttl", -1, InvalidParameterError),
    ("ttl", 86401, InvalidParameterError),
    ("ttl", 1.5, InvalidParameterTypeError),
    ("ttl", "60", InvalidParameterTypeError),
    ("ttl", True, InvalidParameterTypeError),
    ("nbf", "now", InvalidParameterTypeError),
    ("nbf", True, InvalidParameterTypeError),
    ("valid_until", "tomorrow", InvalidParameterTypeError),
    ("valid_until", False, InvalidParameterTypeError),
]


@pytest.mark.parametrize("build", [access_token, client, worker], ids=["access", "client", "worker"])
@pytest.mark.parametrize(("parameter", "value", "error"), TIME_CASES)
def test_times(build: Build, parameter: str, value: object, error: type[Exception]) -> None:
    raises(error, parameter, lambda: build(**{parameter: value}))


@pytest.mark.parametrize(
    ("value", "error"), [(86401, InvalidParameterError), (-5, InvalidParameterError), ("9", InvalidParameterTypeError)]
)
def test_to_jwt_ttl(value: object, error: type[Exception]) -> None:
    raises(error, "ttl", lambda: access_token().to_jwt(value))


def test_the_longest_ttl_is_a_day(monkeypatch: pytest.MonkeyPatch) -> None:
    freeze(monkeypatch, NOW)
    assert decode(access_token(ttl=86400).to_jwt(86400))[1]["exp"] == NOW + 86400


def test_times_are_checked_when_set() -> None:
    token = access_token()
    raises(InvalidParameterError, "ttl", lambda: setattr(token, "ttl", 100_000))
    raises(InvalidParameterTypeError, "nbf", lambda: setattr(token, "nbf", "soon"))
    token.nbf = None
    token.ttl = 60
    assert (token.nbf, token.ttl) == (None, 60)


# -- identity, region, grants ------------------------------------------------------------------------------


@pytest.mark.parametrize(("identity", "written"), [(12345, "12345"), (-7, "-7"), ("alice", "alice")])
def test_identity_ints_are_written_as_strings(identity: object, written: str) -> None:
    assert decode(access_token(identity=identity).to_jwt())[1]["grants"] == {"identity": written}


@pytest.mark.parametrize("identity", [1.5, True, b"alice", ["alice"], {"a": 1}])
def test_identity_of_another_type(identity: object) -> None:
    raises(InvalidParameterTypeError, "identity", lambda: access_token(identity=identity))


@pytest.mark.parametrize("identity", [None, "", 0, False])
def test_a_falsy_identity_is_left_out(identity: object) -> None:
    assert "identity" not in decode(access_token(identity=identity).to_jwt())[1]["grants"]


@pytest.mark.parametrize("region", [1, b"us1", ["us1"]])
def test_region_of_another_type(region: object) -> None:
    raises(InvalidParameterTypeError, "region", lambda: access_token(region=region))


@pytest.mark.parametrize("grant", [object(), "voice", {"voice": {}}, VoiceGrant])
def test_only_grants_are_accepted(grant: object) -> None:
    # twilio-python raises ValueError here; the compat layer keeps that class.
    raises(InvalidParameterError, "grants", lambda: access_token(grants=[grant]))
    raises(InvalidParameterError, "grant", lambda: access_token().add_grant(grant))


STR_FIELDS = [
    (VoiceGrant, "outgoing_application_sid"),
    (VoiceGrant, "push_credential_sid"),
    (VoiceGrant, "endpoint_id"),
    (VideoGrant, "room"),
    (ChatGrant, "service_sid"),
    (ChatGrant, "endpoint_id"),
    (ChatGrant, "deployment_role_sid"),
    (ChatGrant, "push_credential_sid"),
    (SyncGrant, "service_sid"),
    (SyncGrant, "endpoint_id"),
    (TaskRouterGrant, "workspace_sid"),
    (TaskRouterGrant, "worker_sid"),
    (TaskRouterGrant, "role"),
]


@pytest.mark.parametrize(("cls", "field"), STR_FIELDS)
@pytest.mark.parametrize("value", [1, 1.5, True, b"bytes", ["list"], {"a": "b"}], ids=type)
def test_grant_str_fields(cls: type[Any], field: str, value: object) -> None:
    raises(InvalidParameterTypeError, field, lambda: cls(**{field: value}))
    grant = cls()
    raises(InvalidParameterTypeError, field, lambda: setattr(grant, field, value))
    assert getattr(grant, field) is None  # the refused value was not kept


@pytest.mark.parametrize(
    ("build", "parameter", "error"),
    [
        (lambda: VoiceGrant(incoming_allow=1), "incoming_allow", InvalidParameterTypeError),
        (lambda: VoiceGrant(incoming_allow="yes"), "incoming_allow", InvalidParameterTypeError),
        (
            lambda: VoiceGrant(outgoing_application_sid="AP1", outgoing_application_params=["to"]),
            "outgoing_application_params",
            InvalidParameterTypeError,
        ),
        (
            lambda: VoiceGrant(outgoing_application_sid="AP1", outgoing_application_params={"x": float("nan")}),
            "outgoing_application_params",
            InvalidParameterTypeError,
        ),
        (
            lambda: VoiceGrant(outgoing_application_sid="AP1", outgoing_application_params={"x": object()}),
            "outgoing_application_params",
            InvalidParameterTypeError,
        ),
        (lambda: PlaybackGrant(grant="token"), "grant", InvalidParameterTypeError),
        (lambda: PlaybackGrant(grant={"x": {1, 2}}), "grant", InvalidParameterTypeError),
    ],
)
def test_grant_other_fields(build: Build, parameter: str, error: type[Exception]) -> None:
    raises(error, parameter, build)


@pytest.mark.parametrize(("cls", "field"), [(cls, field) for cls, field in STR_FIELDS if field.endswith("_sid")])
@pytest.mark.parametrize("value", ["   ", "IS1 ", "IS\n1", "IS\x001"])
def test_grant_sid_fields_are_one_printable_word(cls: type[Any], field: str, value: str) -> None:
    raises(InvalidParameterError, field, lambda: cls(**{field: value}))


def test_grants_can_be_changed_after_construction() -> None:
    grant = VoiceGrant(outgoing_application_sid="AP1")
    grant.incoming_allow = True
    grant.outgoing_application_params = {"to": "+15550100"}
    token = access_token(grants=[grant])
    assert decode(token.to_jwt())[1]["grants"]["voice"] == {
        "incoming": {"allow": True},
        "outgoing": {"application_sid": "AP1", "params": {"to": "+15550100"}},
    }
    raises(InvalidParameterTypeError, "incoming_allow", lambda: setattr(grant, "incoming_allow", "no"))


def test_grants_mix_with_twilio_jwt_grants() -> None:
    """A compat grant is a twilio-jwt Grant, and a twilio-jwt grant (plugin or raw) fits the compat token."""
    from twilio_jwt.grant import RawGrant
    from twilio_jwt.grants import VideoGrant as CoreVideoGrant

    token = access_token(identity="alice", grants=[CoreVideoGrant(room="r"), RawGrant("custom", {"k": [1]})])
    assert decode(token.to_jwt())[1]["grants"] == {"video": {"room": "r"}, "custom": {"k": [1]}, "identity": "alice"}
    core = twilio_jwt.AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="bob")
    core.add_grant(ChatGrant(service_sid="IS1"))
    assert decode(core.to_jwt())[1]["grants"] == {"identity": "bob", "chat": {"service_sid": "IS1"}}


def test_grants_rebuild_from_payloads() -> None:
    voice = VoiceGrant(incoming_allow=True, outgoing_application_sid="AP1", outgoing_application_params={"a": 1})
    assert VoiceGrant.from_payload(voice.to_payload()).to_payload() == voice.to_payload()
    assert PlaybackGrant.from_payload({"k": "v"}).grant == {"k": "v"}


def test_a_grant_of_your_own() -> None:
    """twilio-python's way to write a grant: subclass AccessTokenGrant, give it a key and a payload."""

    class CustomGrant(AccessTokenGrant):
        @property
        def key(self) -> str:  # type: ignore[override]
            return "custom"

        def to_payload(self) -> dict[str, Any]:
            return {"level": 3}

    token = access_token(grants=[CustomGrant()])
    assert decode(token.to_jwt())[1]["grants"] == {"custom": {"level": 3}}
    assert str(CustomGrant()) == "<CustomGrant {'level': 3}>"
    with pytest.raises(NotImplementedError):
        AccessTokenGrant().to_payload()
    with pytest.raises(NotImplementedError):
        CustomGrant.from_payload({})


# -- client capability tokens ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "parameter"),
    [
        (lambda t: t.allow_client_outgoing(""), InvalidParameterError, "application_sid"),
        (lambda t: t.allow_client_outgoing(123), InvalidParameterTypeError, "application_sid"),
        (lambda t: t.allow_client_outgoing("AP1", x={"a": 1}), InvalidParameterTypeError, "params['x']"),
        (lambda t: t.allow_client_outgoing("AP1", x=[None]), InvalidParameterTypeError, "params['x']"),
        (lambda t: t.allow_client_incoming(""), InvalidParameterError, "client_name"),
        (lambda t: t.allow_client_incoming(1.5), InvalidParameterTypeError, "client_name"),
        (lambda t: t.allow_client_incoming(True), InvalidParameterTypeError, "client_name"),
        (lambda t: t.allow_event_stream(x=object()), InvalidParameterTypeError, "params['x']"),
        (lambda t: t.allow_event_stream(x=[1, {}]), InvalidParameterTypeError, "params['x']"),
        (lambda t: setattr(t, "client_name", 2.5), InvalidParameterTypeError, "client_name"),
    ],
)
def test_client_capability_scopes(call: Callable[[Any], object], error: type[Exception], parameter: str) -> None:
    raises(error, parameter, lambda: call(client()))


def test_client_capability_keywords_are_the_allow_methods() -> None:
    with pytest.raises(TypeError, match="allow_client_outgoin"):
        client(allow_client_outgoin={"application_sid": "AP1"})
    with pytest.raises(TypeError, match="application_sid"):
        client(allow_client_outgoing={})
    with pytest.raises(TypeError):
        client(allow_event_stream=["not", "a", "mapping"])


@pytest.mark.parametrize(
    ("build", "error", "parameter"),
    [
        (lambda: ScopeURI(None, "incoming"), InvalidParameterError, "service"),
        (lambda: ScopeURI("client", 1), InvalidParameterTypeError, "privilege"),
        (lambda: ScopeURI("client", "incoming", ["clientName"]), InvalidParameterTypeError, "params"),
        (lambda: ScopeURI("client", "incoming", {1: "x"}), InvalidParameterTypeError, "params"),
        (
            lambda: ScopeURI("client", "incoming", {"clientName": None}),
            InvalidParameterTypeError,
            "params['clientName']",
        ),
        (lambda: ScopeURI("client", "incoming").add_param("k", True), InvalidParameterTypeError, "params['k']"),
    ],
)
def test_scope_uri(build: Build, error: type[Exception], parameter: str) -> None:
    raises(error, parameter, build)


def test_any_twilio_jwt_scope_fits_a_client_token() -> None:
    from twilio_jwt.scope import RawScope

    token = client()
    token.capabilities["custom"] = RawScope("scope:custom:thing")
    assert decode(token.to_jwt(), AUTH_TOKEN)[1]["scope"] == "scope:custom:thing"


# -- TaskRouter capability tokens -----------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, 1, "yes"])
def test_taskrouter_switches_are_bools(value: object) -> None:
    raises(InvalidParameterTypeError, "allow_update_self", lambda: worker(allow_update_self=value))


def test_taskrouter_unknown_keywords_are_refused() -> None:
    with pytest.raises(TypeError, match="allow_updates_self"):
        worker(allow_updates_self=True)
    with pytest.raises(TypeError, match="allow_fetch_activities"):
        TaskQueueCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WORKSPACE_SID, TASK_QUEUE_SID, allow_fetch_activities=True)


def test_taskrouter_base_class_cannot_be_built() -> None:
    with pytest.raises(NotImplementedError):
        TaskRouterCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WORKSPACE_SID, WORKER_SID)


def test_taskrouter_sids_are_read_only_and_policies_a_copy() -> None:
    token = worker()
    for name in ("account_sid", "workspace_sid", "channel_id"):
        with pytest.raises(AttributeError):
            setattr(token, name, "WK" + "0" * 32)
    policies = token.policies
    policies.clear()
    assert len(token.policies) == 6
    token.allow_update_activities()
    assert token.policies[-1]["post_filter"] == {"ActivitySid": {"required": True}}
    assert (token.channel_prefix, token.resource_url.endswith(f"/Workers/{WORKER_SID}")) == ("WK", True)
    assert token.workspace_url == f"https://taskrouter.twilio.com/v1/Workspaces/{WORKSPACE_SID}"


@pytest.mark.parametrize(
    ("call", "error", "parameter"),
    [
        (lambda t: t.allow_web_sockets("XX" + "1" * 32), InvalidParameterError, "channel_id"),
        (lambda t: t._make_policy("", "GET", True), InvalidParameterError, "url"),
        (lambda t: t._make_policy("https://x", None, True), InvalidParameterTypeError, "method"),
        (lambda t: t._make_policy("https://x", "GET", "yes"), InvalidParameterTypeError, "allow"),
        (
            lambda t: t._make_policy("https://x", "GET", True, query_filter=["x"]),
            InvalidParameterTypeError,
            "query_filter",
        ),
    ],
)
def test_taskrouter_policies(call: Callable[[Any], object], error: type[Exception], parameter: str) -> None:
    raises(error, parameter, lambda: call(worker()))


def test_taskrouter_make_policy_for_subclass_hooks() -> None:
    token = worker(allow_web_sockets=False, allow_fetch_self=False, allow_fetch_activities=False)
    token._make_policy("https://example.com/x", "patch", False, post_filter={"A": 1})
    assert token.policies[-1] == {
        "url": "https://example.com/x",
        "method": "PATCH",
        "query_filter": {},
        "post_filter": {"A": 1},
        "allow": False,
    }


# -- the Jwt base class ---------------------------------------------------------------------------------


class Custom(Jwt):
    def _generate_payload(self) -> dict[str, Any]:
        return {"x": 1}


@pytest.mark.parametrize(
    ("algorithm", "error"),
    [
        ("none", InvalidParameterError),
        ("ES256", InvalidParameterError),
        ("hs256", InvalidParameterError),
        (256, InvalidParameterTypeError),
    ],
)
def test_jwt_algorithm(algorithm: object, error: type[Exception]) -> None:
    raises(error, "algorithm", lambda: Custom(SECRET, "issuer", algorithm=algorithm))


@pytest.mark.parametrize(("parameter", "value"), [("issuer", 1), ("subject", ["s"])])
def test_jwt_issuer_and_subject(parameter: str, value: object) -> None:
    arguments = {"secret_key": SECRET, "issuer": "issuer", parameter: value}
    raises(InvalidParameterTypeError, parameter, lambda: Custom(**arguments))


def test_jwt_without_a_key_cannot_sign() -> None:
    raises(InvalidParameterError, "secret_key", lambda: Custom(None, "issuer").to_jwt())
    raises(InvalidParameterError, "secret_key", lambda: Custom("", "issuer").to_jwt())


def test_jwt_header_fields_are_str() -> None:
    class BadHeader(Custom):
        def _generate_headers(self) -> dict[str, Any]:
            return {"kid": 5}

    raises(InvalidParameterTypeError, "headers", lambda: BadHeader(SECRET, "issuer").to_jwt())


def test_jwt_needs_a_payload() -> None:
    with pytest.raises(NotImplementedError, match="Subclass must provide a payload"):
        Jwt(SECRET, "issuer").to_jwt()


def test_jwt_rsa_with_an_hmac_secret_or_hmac_with_a_pem_key() -> None:
    with pytest.raises(ValueError, match="PEM or SSH key"):
        Custom(PRIVATE_KEY, "issuer").to_jwt()
    with pytest.raises(ValueError, match=r"^private_key: ") as caught:
        Custom(SECRET, "issuer", algorithm="RS256").to_jwt()
    assert SECRET not in str(caught.value)


# -- secrets stay hidden ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [access_token, client, worker, validation, lambda: Custom(SECRET, "issuer")],
    ids=["access", "client", "worker", "validation", "jwt"],
)
def test_secrets_are_not_shown_or_kept_readable(build: Build) -> None:
    token = build()
    text = repr(token) + str(vars(token) if hasattr(token, "__dict__") else "")
    for secret in (SECRET, AUTH_TOKEN, "PRIVATE KEY"):
        assert secret not in text
    assert not hasattr(token, "secret_key")
    assert not hasattr(token, "auth_token")
    with pytest.raises(TypeError):
        pickle.dumps(token)


# -- decoding ----------------------------------------------------------------------------------------------


def test_from_jwt_errors() -> None:
    good = access_token(identity="alice").to_jwt()
    hs512 = Custom(SECRET, "issuer", algorithm="HS512").to_jwt()
    expired = access_token(valid_until=1_000_000_000, nbf=None).to_jwt()
    future = access_token(nbf=4_000_000_000).to_jwt()
    cases = [
        (lambda: AccessToken.from_jwt(good, "another-secret-" + "0" * 40), "signature does not match"),
        (lambda: AccessToken.from_jwt(good[:-4] + "AAAA", SECRET), "signature does not match"),
        (lambda: AccessToken.from_jwt(hs512, SECRET), "Incorrect decoding algorithm 'HS512', expecting HS256."),
        (lambda: AccessToken.from_jwt(expired, SECRET), "expired"),
        (lambda: AccessToken.from_jwt(expired), "expired"),
        (lambda: AccessToken.from_jwt(future), "not valid before"),
        (lambda: AccessToken.from_jwt("not.a-token"), "three base64url segments"),
        (lambda: AccessToken.from_jwt(12345), "token"),  # type: ignore[arg-type]
        (lambda: ClientValidationJwt.from_jwt(good), "expecting RS256"),
    ]
    for decode_it, words in cases:
        with pytest.raises(JwtDecodeError) as caught:
            decode_it()
        assert isinstance(caught.value, TokenError)
        assert isinstance(caught.value, ValueError)
        assert words in str(caught.value)
        assert SECRET not in str(caught.value)


def test_from_jwt_needs_exp_when_verifying() -> None:
    class NoExpiry(Custom):
        def _payload_at(self, now: int) -> dict[str, Any]:
            payload = super()._payload_at(now)
            del payload["exp"]
            return payload

    token = NoExpiry(SECRET, "issuer").to_jwt()
    with pytest.raises(JwtDecodeError, match="exp"):
        Custom.from_jwt(token, SECRET)


def test_from_jwt_without_a_key_does_not_check_the_signature() -> None:
    token = access_token(identity="alice").to_jwt()
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.warns(UnverifiedTokenWarning):
        assert AccessToken.from_jwt(tampered).payload["grants"] == {"identity": "alice"}


def test_validation_tokens_decode_with_the_key() -> None:
    token = validation().to_jwt()
    decoded = ClientValidationJwt.from_jwt(token, PEM_PUBLIC)
    assert decoded.headers["kid"] == CREDENTIAL_SID
    assert decoded.payload["hrh"] == "authorization;host"
