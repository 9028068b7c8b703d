"""The RSA algorithm objects (PyJWT's ``RSAAlgorithm`` / ``RSAPSSAlgorithm`` shape).

Building one imports nothing: the plugin host builds all six whenever plugins load,
and a process that only mints HS256 tokens must never import ``cryptography``. The
padding and hash objects are made on first use and kept, so signing with a prepared
key is one call into OpenSSL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from twilio_jwt import SigningAlgorithm

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.padding import AsymmetricPadding
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
    from cryptography.hazmat.primitives.hashes import HashAlgorithm

__all__ = ["RSAAlgorithm", "RSAPSSAlgorithm"]


class RSAAlgorithm(SigningAlgorithm):
    """RSASSA-PKCS1-v1_5 with one SHA-2 digest (RS256, RS384, RS512).

    ``prepare_key`` takes PEM (PKCS#1 or PKCS#8, ``str`` or ``bytes``, with ``password=``
    when encrypted) or an ``RSAPrivateKey``; ``prepare_verify_key`` takes a public key
    in the same forms, or a private key whose public half it uses.
    """

    __slots__ = ("_scheme", "hash_name", "name")

    def __init__(self, name: str, hash_name: str) -> None:
        self.name = name
        #: cryptography's hash class name: ``"SHA256"``, ``"SHA384"`` or ``"SHA512"``.
        self.hash_name = hash_name
        self._scheme: tuple[AsymmetricPadding, HashAlgorithm] | None = None

    def prepare_key(self, key: object, password: str | bytes | None = None) -> RSAPrivateKey:
        from twilio_jwt_rsa.keys import load_private_key  # when a key is read, not when the plugin loads

        return load_private_key(key, password)

    def prepare_verify_key(self, key: object) -> RSAPublicKey:
        from twilio_jwt_rsa.keys import load_public_key

        return load_public_key(key)

    def sign(self, msg: bytes, key: RSAPrivateKey) -> bytes:
        pad, digest = self._scheme or self._load_scheme()
        return key.sign(msg, pad, digest)

    def verify(self, msg: bytes, key: RSAPublicKey, sig: bytes) -> bool:
        from cryptography.exceptions import InvalidSignature

        pad, digest = self._scheme or self._load_scheme()
        try:
            key.verify(sig, msg, pad, digest)
        except InvalidSignature:
            return False
        return True

    def _load_scheme(self) -> tuple[AsymmetricPadding, HashAlgorithm]:
        from cryptography.hazmat.primitives import hashes

        digest: HashAlgorithm = getattr(hashes, self.hash_name)()
        self._scheme = (self._padding(digest), digest)
        return self._scheme

    def _padding(self, digest: HashAlgorithm) -> AsymmetricPadding:
        from cryptography.hazmat.primitives.asymmetric import padding

        return padding.PKCS1v15()


class RSAPSSAlgorithm(RSAAlgorithm):
    """RSASSA-PSS (PS256, PS384, PS512): MGF1 with the same digest, salt as long as the digest.

    The salt length is fixed rather than ``PSS.MAX_LENGTH`` because RFC 7518 section 3.5
    says so and verifiers (PyJWT, Twilio) check it; verification here is equally strict.
    """

    __slots__ = ()

    def _padding(self, digest: HashAlgorithm) -> AsymmetricPadding:
        from cryptography.hazmat.primitives.asymmetric import padding

        return padding.PSS(mgf=padding.MGF1(digest), salt_length=digest.digest_size)
