"""The HMAC algorithm object (PyJWT's ``HMACAlgorithm`` shape)."""

from __future__ import annotations

import hmac

from twilio_jwt import SigningAlgorithm
from twilio_jwt.secret import check_hmac_secret

__all__ = ["HMACAlgorithm", "KeyedSecret"]


class KeyedSecret(bytes):
    """The secret's bytes, carrying an HMAC already keyed with them.

    Keying an HMAC (hashing the key into its inner and outer pads, and OpenSSL looking
    the digest up by name) is about a fifth of what signing a small token costs;
    copying a keyed HMAC skips it. Being ``bytes``, a prepared key is still exactly
    what PyJWT's own HMAC algorithm, ``hmac.digest`` and comparisons take.
    """

    keyed: hmac.HMAC


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
        prepared.keyed = hmac.new(prepared, digestmod=self.digest)
        return prepared

    def prepare_verify_key(self, key: object) -> bytes:
        # Decoding prepares the key for each token it checks: keying an HMAC here would
        # cost more than it saves on the one signature it verifies.
        return check_hmac_secret("key", key)

    def sign(self, msg: bytes, key: bytes) -> bytes:
        if type(key) is KeyedSecret:
            mac = key.keyed.copy()
            mac.update(msg)
            return mac.digest()
        return hmac.digest(key, msg, self.digest)

    def verify(self, msg: bytes, key: bytes, sig: bytes) -> bool:
        return hmac.compare_digest(sig, self.sign(msg, key))
