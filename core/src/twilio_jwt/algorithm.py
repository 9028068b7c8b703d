"""Signing algorithms: PyJWT's algorithm shape, provided by plugins.

An algorithm object has a ``name`` (``"HS256"``), turns a user's key into what it
signs with (:meth:`prepare_key`), signs and verifies. Because the shape is PyJWT's,
a PyJWT algorithm object (or a thin wrapper of one) can be offered as a backend,
and decoding hands these same objects to PyJWT.
"""

from __future__ import annotations

import abc
from typing import Any

__all__ = ["SigningAlgorithm"]


class SigningAlgorithm(abc.ABC):
    """Base class of signing-algorithm backends.

    ``prepare_key`` is called once per token object and algorithm, and its result is
    reused for every ``sign``: put key parsing there, not in ``sign``.
    """

    #: The JOSE ``alg`` value, e.g. ``"HS256"``.
    name: str

    @abc.abstractmethod
    def prepare_key(self, key: Any) -> Any:
        """Check and convert a user-supplied key; raise ``ValueError`` for an unusable one."""

    @abc.abstractmethod
    def sign(self, msg: bytes, key: Any) -> bytes:
        """Sign ``msg`` with a key returned by :meth:`prepare_key`."""

    @abc.abstractmethod
    def verify(self, msg: bytes, key: Any, sig: bytes) -> bool:
        """True when ``sig`` is a valid signature of ``msg`` under ``key``."""

    def prepare_verify_key(self, key: Any) -> Any:
        """Convert a key for :meth:`verify` (a public key for asymmetric algorithms)."""
        return self.prepare_key(key)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"
