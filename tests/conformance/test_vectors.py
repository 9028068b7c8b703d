"""Replays every shared conformance vector (see README.md beside this file).

Tokens are compared as decoded JSON (header and claims, strict types), and every
signature is verified with PyJWT pinned to the expected algorithm.
"""

from __future__ import annotations

import builtins
import json
import pathlib
import time
from collections.abc import Iterable, Mapping
from typing import Any

import jwt
import pytest

HERE = pathlib.Path(__file__).parent
VECTORS = [json.loads(line) for line in (HERE / "vectors.jsonl").read_text("utf-8").split("\n") if line.strip()]


def call(cls: Any, values: Mapping[str, Any], positional: Iterable[str], keywords: Iterable[str] = ()) -> Any:
    """Leading present positional parameters positionally, the rest by keyword; absent = not passed."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    gap = False
    for name in positional:
        if name in values and not gap:
            args.append(values[name])
        elif name in values:
            kwargs[name] = values[name]
        else:
            gap = True
    kwargs.update({k: values[k] for k in keywords if k in values})
    return cls(*args, **kwargs)


GRANTS = {
    "voice": "VoiceGrant",
    "video": "VideoGrant",
    "chat": "ChatGrant",
    "sync": "SyncGrant",
    "task_router": "TaskRouterGrant",
    "playback": "PlaybackGrant",
}


def replay_access_token(inp: dict[str, Any]) -> tuple[str, None]:
    from twilio_jwt import AccessToken, grants

    token = call(AccessToken, inp, ("account_sid", "key_sid", "secret"), ("identity", "ttl", "nbf", "region"))
    for spec in inp.get("grants", []):
        fields = {k: v for k, v in spec.items() if k != "type"}
        token.add_grant(getattr(grants, GRANTS[spec["type"]])(**fields))
    return (token.to_jwt(inp["algorithm"]) if "algorithm" in inp else token.to_jwt()), None


def replay_client_capability(inp: dict[str, Any]) -> tuple[str, None]:
    from twilio_jwt import ClientCapability, scopes

    cap = call(ClientCapability, inp, ("account_sid", "auth_token"), ("ttl",))
    for spec in inp.get("scopes", []):
        if spec["type"] == "incoming":
            scope = call(scopes.IncomingClientScope, spec, ("client_name",))
        elif spec["type"] == "outgoing":
            scope = call(scopes.OutgoingClientScope, spec, ("application_sid",), ("client_name", "params"))
        else:
            scope = call(scopes.EventStreamScope, spec, (), ("filters",))
        cap.add_scope(scope)
    return cap.to_jwt(), None


def replay_taskrouter_capability(inp: dict[str, Any]) -> tuple[str, None]:
    from twilio_jwt_task_router import Policy, TaskRouterCapability

    cap = call(
        TaskRouterCapability,
        inp,
        ("account_sid", "auth_token", "workspace_sid", "channel_id"),
        ("friendly_name", "ttl", "version"),
    )
    for spec in inp.get("policies", []):
        cap.add_policy(Policy(**spec))
    return cap.to_jwt(), None


def replay_validation_token(inp: dict[str, Any]) -> tuple[str, Any]:
    from twilio_jwt_rsa import RequestCanonicalizer, ValidationToken

    vt = call(
        ValidationToken, inp, ("account_sid", "credential_sid", "signing_key", "private_key"), ("algorithm", "ttl")
    )
    request = dict(inp.get("request", {}))
    if "auth" in request:
        request["auth"] = tuple(request["auth"])
    canon = vt.get_request_canonicalizer(request)
    assert isinstance(canon, RequestCanonicalizer)
    return vt.generate_token(canon), canon


REPLAY = {
    "access_token": replay_access_token,
    "client_capability": replay_client_capability,
    "taskrouter_capability": replay_taskrouter_capability,
    "validation_token": replay_validation_token,
}


def segments(token: str) -> tuple[Any, Any]:
    header, claims, _ = token.split(".")
    return (json.loads(jwt.utils.base64url_decode(header)), json.loads(jwt.utils.base64url_decode(claims)))


def strict(value: Any) -> Any:
    """JSON value with the type of every scalar attached, so 1 != 1.0 and True != 1."""
    if isinstance(value, dict):
        return {k: strict(v) for k, v in value.items()}
    if isinstance(value, list):
        return [strict(v) for v in value]
    return (type(value).__name__, value)


def verification_key(vec: dict[str, Any], inp: dict[str, Any]) -> Any:
    if vec["kind"] == "validation_token":
        from cryptography.hazmat.primitives.serialization import load_pem_private_key

        return load_pem_private_key(inp["private_key"].encode(), None).public_key()
    return inp.get("secret", inp.get("auth_token"))


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
@pytest.mark.parametrize("vec", VECTORS, ids=[v["id"] for v in VECTORS])
def test_vector(vec: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    inp = dict(vec["input"])
    for field in ("secret", "private_key"):
        if field + "_file" in inp:
            inp[field] = (HERE / "keys" / inp.pop(field + "_file")).read_text("utf-8")
    monkeypatch.setattr(time, "time", lambda: inp["now"])
    expected = vec["expected"]
    replay = REPLAY[vec["kind"]]
    if expected["expect"] == "error":
        with pytest.raises(getattr(builtins, expected["error_type"])):
            replay(inp)
        return
    token, canon = replay(inp)
    header, claims = segments(token)
    assert strict(header) == strict(expected["header"])
    assert strict(claims) == strict(expected["claims"])
    alg = expected["header"]["alg"]
    verified = jwt.api_jws.PyJWS().decode_complete(token, verification_key(vec, inp), algorithms=[alg])
    assert json.loads(verified["payload"]) == claims
    if vec["kind"] == "validation_token":
        text = canon.canonicalized_request
        text = text() if callable(text) else text
        assert text == expected["canonical_request"]
        assert claims["rqh"] == expected["rqh"]


def test_every_kind_is_covered() -> None:
    kinds = {v["kind"] for v in VECTORS}
    assert kinds == set(REPLAY)
    assert len(VECTORS) >= 245
