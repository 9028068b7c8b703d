"""Eight threads mint 10,000 tokens each while the default plugin host loads for the first time.

The default host is reset (``set_default_host(None)``), so the first look-up of every
thread races to create it and to discover and load the installed plugins through
their entry points. Loading must happen once (one host, one load, each plugin
registered once), no thread may see an error or a half-built registry, and every one
of the 80,000 tokens must carry its own claims under a valid signature, checked here
with the standard library's ``hmac`` rather than with the library under test.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from twilio_jwt import AccessToken, PluginHost, default_host, set_default_host
from twilio_jwt._jws import b64url_decode
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET

THREADS = 8
TOKENS = 10_000
DIGESTS = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}


@pytest.fixture
def fresh_default_host() -> Iterator[None]:
    set_default_host(None)
    yield
    set_default_host(None)  # the next user rediscovers, as after a fresh import


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[PluginHost]:
    """Every host that ran its (once-only) plugin load; the real load runs unchanged."""
    seen: list[PluginHost] = []
    load = PluginHost._load

    def counted(self: PluginHost) -> Any:
        seen.append(self)
        return load(self)

    monkeypatch.setattr(PluginHost, "_load", counted)
    return seen


def mint_many(index: int, start: threading.Barrier, out: dict[int, tuple[PluginHost, list[str]]]) -> None:
    algorithm = AccessToken.ALGORITHMS[index % len(AccessToken.ALGORITHMS)]
    start.wait()
    from twilio_jwt.grants import VideoGrant, VoiceGrant  # resolved through the default host: may load it

    tokens = []
    for number in range(TOKENS):
        token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity=f"t{index}-{number}")
        token.add_grant(VoiceGrant(incoming_allow=True))
        token.add_grant(VideoGrant(room=f"room-{index}"))
        tokens.append(token.to_jwt(algorithm))
    out[index] = (default_host(), tokens)


def check(token: str, key: bytes) -> dict[str, Any]:
    """The claims, after checking the signature with ``hmac`` alone."""
    header_b64, claims_b64, signature_b64 = token.split(".")
    header = json.loads(b64url_decode(header_b64))
    expected = hmac.digest(key, f"{header_b64}.{claims_b64}".encode(), DIGESTS[header["alg"]])
    assert hmac.compare_digest(expected, b64url_decode(signature_b64)), token
    claims: dict[str, Any] = json.loads(b64url_decode(claims_b64))
    return claims


def test_threads_minting_while_plugins_load_for_the_first_time(
    fresh_default_host: None, loads: list[PluginHost]
) -> None:
    start = threading.Barrier(THREADS)
    out: dict[int, tuple[PluginHost, list[str]]] = {}
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            mint_many(index, start, out)
        except BaseException as exc:  # noqa: BLE001 - reported below, with every other thread's
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []

    # One host, loaded once, every plugin registered once.
    host = default_host()
    assert {id(used) for used, _ in out.values()} == {id(host)}
    assert loads == [host]
    names = [record.name for record in host.records]
    assert len(names) == len(set(names))
    assert sorted(name for name, _ in host.manager.list_name_plugin()) == sorted(names)
    assert names == [record.name for record in PluginHost().records]  # what a quiet, single load finds
    assert host.failures == ()

    # Every token verifies and carries exactly its own claims.
    key = TEST_SECRET.encode()
    identities = set()
    for index, (_, tokens) in out.items():
        assert len(tokens) == TOKENS
        for number, token in enumerate(tokens):
            claims = check(token, key)
            grants = claims["grants"]
            assert grants == {
                "identity": f"t{index}-{number}",
                "voice": {"incoming": {"allow": True}},
                "video": {"room": f"room-{index}"},
            }
            assert (claims["iss"], claims["sub"], claims["exp"] - claims["iat"]) == (
                TEST_KEY_SID,
                TEST_ACCOUNT_SID,
                3600,
            )
            identities.add(grants["identity"])
    assert len(identities) == THREADS * TOKENS
