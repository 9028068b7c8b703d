"""Ready signers are shared between token objects with the same secret, and can be dropped."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from twilio_jwt import AccessToken, InvalidParameterError, PluginHost
from twilio_jwt import _signing as signing
from twilio_jwt._jws import b64url_decode
from twilio_jwt.secret import Secret
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, ReferenceHMACPlugin


def test_new_tokens_with_one_secret_share_a_signer_until_the_cache_is_cleared() -> None:
    plugin = ReferenceHMACPlugin()
    host = PluginHost(plugins={"ref": plugin})
    secret = "rotated-secret-" + "x" * 40

    def mint() -> str:
        return AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, secret, identity="alice", host=host).to_jwt()

    hs256 = plugin.algorithms[0]
    signing.clear_cache()
    mint()
    prepared = hs256.prepared
    mint()
    assert hs256.prepared == prepared  # the second token reused the first one's prepared key
    signing.clear_cache()
    assert len(signing._READY) == 0
    mint()
    assert hs256.prepared == prepared + 1


def _dict_keys_everywhere() -> Iterator[object]:
    """Every key of every dict the garbage collector knows, and each item of a tuple key (one level)."""
    for found in gc.get_objects():
        if isinstance(found, dict):
            for key in list(found):
                yield key
                if isinstance(key, tuple):
                    yield from key


def test_the_shared_cache_is_keyed_by_a_hash_not_by_the_raw_secret() -> None:
    """A raw secret as a dict key shows in any dump of the cache; the entry holds it in a Secret."""
    host = PluginHost(plugins={"ref": ReferenceHMACPlugin()})
    secret = "cache-key-secret-" + "q" * 40
    signing.clear_cache()
    AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, secret, identity="alice", host=host).to_jwt()
    assert len(signing._READY) == 1
    raw = secret.encode()
    assert not any(type(key) in (str, bytes) and key in (secret, raw) for key in _dict_keys_everywhere())


def test_the_shared_cache_is_bounded_least_recently_used_first() -> None:
    plugin = ReferenceHMACPlugin()
    host = PluginHost(plugins={"ref": plugin})
    hs256 = plugin.algorithms[0]
    signing.clear_cache()

    def mint(n: int) -> None:
        AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, f"secret-{n:03d}-" + "z" * 32, identity="a", host=host).to_jwt()

    for n in range(signing.MAX_CACHED):
        mint(n)
    mint(0)  # used again: now the most recent
    prepared = hs256.prepared
    mint(signing.MAX_CACHED)  # one too many: the least recently used (secret 1) goes
    assert len(signing._READY) == signing.MAX_CACHED
    mint(0)
    assert hs256.prepared == prepared + 1  # secret 0 was still there
    mint(1)
    assert hs256.prepared == prepared + 2  # secret 1 was dropped and is prepared again


def test_a_refused_key_is_not_cached() -> None:
    host = PluginHost(plugins={"ref": ReferenceHMACPlugin()})
    signing.clear_cache()
    with pytest.raises(InvalidParameterError, match=r"^key: looks like a PEM or SSH key"):
        signing.make_signer(host, "HS256", Secret(b"-----BEGIN PUBLIC KEY-----\nAAAA"))
    assert len(signing._READY) == 0


def test_make_signer_keeps_an_explicit_alg_position() -> None:
    host = PluginHost(plugins=[ReferenceHMACPlugin()])
    default = signing.make_signer(host, "HS256", "secret", ("typ", "JWT"))
    assert b64url_decode(default.header) == b'{"alg":"HS256","typ":"JWT"}'
    placed = signing.make_signer(host, "HS256", "secret", ("cty", "c"), ("typ", "JWT"), ("alg", "HS256"), ("kid", "k"))
    assert b64url_decode(placed.header) == b'{"cty":"c","typ":"JWT","alg":"HS256","kid":"k"}'


def test_an_entry_under_the_same_hash_with_another_secret_is_a_miss_not_a_wrong_key() -> None:
    """The cache is keyed by ``hash()`` of the secret: a collision must never sign with the other secret."""
    host = PluginHost(plugins={"ref": ReferenceHMACPlugin()})
    signing.clear_cache()
    other = signing.make_signer(host, "HS256", Secret(b"the-other-secret-" + b"o" * 32))
    slot = (host, "HS256", (), bytes, hash(b"the-real-secret-" + b"r" * 32))
    signing._READY[slot] = (Secret(b"the-other-secret-" + b"o" * 32), other)  # a collision, planted
    signer = signing.make_signer(host, "HS256", Secret(b"the-real-secret-" + b"r" * 32))
    assert signer is not other
    assert signing._READY[slot][1] is signer
    assert signer.algorithm.sign(b"m", signer.key) != other.algorithm.sign(b"m", other.key)
    assert signing.make_signer(host, "HS256", b"the-real-secret-" + b"r" * 32) is signer  # now a hit
