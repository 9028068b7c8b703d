"""The HMAC algorithm object (PyJWT's ``HMACAlgorithm`` shape)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from twilio_jwt import SigningAlgorithm
from twilio_jwt.secret import check_hmac_secret

__all__ = ["HMACAlgorithm", "KeyedSecret"]

#: The key XORed with RFC 2104's inner (0x36) and outer (0x5C) pads, one ``bytes.translate`` each.
_INNER_PAD = bytes(byte ^ 0x36 for byte in range(256))
_OUTER_PAD = bytes(byte ^ 0x5C for byte in range(256))


class KeyedSecret(bytes):
    """The secret's bytes, carrying HMAC's inner and outer hashes already keyed with them.

    Keying an HMAC (hashing the key into its inner and outer pads, and OpenSSL looking
    the digest up by name) is about a fifth of what signing a small token costs;
    copying the two keyed hashes skips it. They are :mod:`hashlib`'s own objects (HMAC
    as RFC 2104 writes it, the standard library's pure-Python construction), so each
    step of signing is one C call: about a third faster than copying an ``hmac.HMAC``,
    whose methods are Python. Being ``bytes``, a prepared key is still exactly what
    PyJWT's own HMAC algorithm, ``hmac.digest`` and comparisons take.
    """

    pads: tuple[Any, Any]


class HMACAlgorithm(SigningAlgorithm):
    """HMAC with one SHA-2 digest.

    ``prepare_key`` refuses empty keys and PEM or SSH keys: an HMAC "secret" that is
    a public key is the algorithm-confusion attack, whoever hands it to us. It returns
    a :class:`KeyedSecret`, which signers keep and reuse for every token.
    """

    __slots__ = ("digest", "name")

    def __init__(self, name: str, digest: str) -> None:
        self.name = name
        self.digest = digest

    def prepare_key(self, key: object) -> bytes:
        prepared = KeyedSecret(check_hmac_secret("key", key))
        new = getattr(hashlib, self.digest)
        size = new().block_size
        block = (new(prepared).digest() if len(prepared) > size else prepared).ljust(size, b"\0")
        prepared.pads = (new(block.translate(_INNER_PAD)), new(block.translate(_OUTER_PAD)))
        return prepared

    def prepare_verify_key(self, key: object) -> bytes:
        # Decoding prepares the key for each token it checks: keying an HMAC here would
        # cost more than it saves on the one signature it verifies.
        return check_hmac_secret("key", key)

    def sign(self, msg: bytes, key: bytes) -> bytes:
        if type(key) is KeyedSecret:
            inner, outer = key.pads[0].copy(), key.pads[1].copy()
            inner.update(msg)
            outer.update(inner.digest())
            return outer.digest()  # type: ignore[no-any-return]
        return hmac.digest(key, msg, self.digest)

    def verify(self, msg: bytes, key: bytes, sig: bytes) -> bool:
        return hmac.compare_digest(sig, self.sign(msg, key))
