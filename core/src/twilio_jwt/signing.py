"""Turning a token's secret into a ready signer, once per token and algorithm.

A token asks its plugin host for the algorithm object and prepares its key the first
time it signs with that algorithm, then keeps both: the second ``to_jwt()`` of the
same token does no look-up, no key check and no header encoding.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from twilio_jwt.active import default_host
from twilio_jwt.algorithm import SigningAlgorithm
from twilio_jwt.host import PluginHost
from twilio_jwt.jws import header_segment

__all__ = ["Signer", "make_signer"]


class Signer(NamedTuple):
    """An algorithm, the key it prepared and the encoded header to sign under."""

    algorithm: SigningAlgorithm
    key: Any
    header: bytes

    def __repr__(self) -> str:
        return f"Signer({self.algorithm.name})"


def make_signer(host: PluginHost | None, name: str, key: object, *header: tuple[str, str]) -> Signer:
    """Look ``name`` up in ``host`` (or the default host) and prepare ``key`` for it."""
    algorithm = (host or default_host()).algorithm(name)
    return Signer(algorithm, algorithm.prepare_key(key), header_segment(("alg", name), *header))
