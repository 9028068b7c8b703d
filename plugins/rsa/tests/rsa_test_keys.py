"""Test keys for the rsa plugin (imported by conftest and the tests; a unique module name on purpose)."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

CREDENTIAL_SID = "CR" + "0123456789abcdef" * 2
PASSWORD = b"correct horse battery staple"


@dataclass(frozen=True)
class Keys:
    """One RSA key pair in every form the plugin accepts, and the forms it refuses."""

    private: rsa.RSAPrivateKey
    pkcs8: str
    pkcs1: str
    encrypted: bytes
    public_pem: str
    public_pkcs1: str
    small: str
    ec: str

    @property
    def public(self) -> rsa.RSAPublicKey:
        return self.private.public_key()


def _pem(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, form: serialization.PrivateFormat) -> str:
    return key.private_bytes(serialization.Encoding.PEM, form, serialization.NoEncryption()).decode()


def make_keys() -> Keys:
    """A fresh 2048-bit pair in every form, a 1024-bit key and an EC key."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = private.public_key()
    return Keys(
        private=private,
        pkcs8=_pem(private, serialization.PrivateFormat.PKCS8),
        pkcs1=_pem(private, serialization.PrivateFormat.TraditionalOpenSSL),
        encrypted=private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(PASSWORD),
        ),
        public_pem=public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode(),
        public_pkcs1=public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.PKCS1).decode(),
        small=_pem(rsa.generate_private_key(65537, 1024), serialization.PrivateFormat.PKCS8),
        ec=_pem(ec.generate_private_key(ec.SECP256R1()), serialization.PrivateFormat.PKCS8),
    )
