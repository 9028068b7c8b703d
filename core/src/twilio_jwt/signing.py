"""Turning a token's secret into a ready signer, once per token and algorithm.

A token asks its plugin host for the algorithm object and prepares its key the first
time it signs with that algorithm, then keeps both: the second ``to_jwt()`` of the
same token does no look-up, no key check and no header encoding.

A server mints a new token object per request with the same secret, so ready signers
are also shared between token objects: a small process-wide cache keyed by host,
algorithm name, header and key (a ``str`` or ``bytes`` key only: other key objects
may be mutable) makes the first ``to_jwt()`` of a new token a dict look-up too, and
a validation token built again with the same PEM text does not parse it again. The
cache is bounded (cleared past :data:`MAX_CACHED`), so it holds at most that many
keys; they are the same objects the tokens hold, never written anywhere. After
rotating a secret, :func:`clear_cache` drops the old one at once.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from twilio_jwt.algorithm import SigningAlgorithm
from twilio_jwt.host import PluginHost, default_host
from twilio_jwt.jws import header_segment

__all__ = ["MAX_CACHED", "Signer", "clear_cache", "make_signer"]

#: Ready signers kept for reuse by new token objects (one per secret and header in practice).
MAX_CACHED = 64


class Signer(NamedTuple):
    """An algorithm, the key it prepared and the encoded header to sign under."""

    algorithm: SigningAlgorithm
    key: Any
    header: bytes

    def __repr__(self) -> str:
        return f"Signer({self.algorithm.name})"


def make_signer(host: PluginHost | None, name: str, key: object, *header: tuple[str, str]) -> Signer:
    """Look ``name`` up in ``host`` (or the default host) and prepare ``key`` for it.

    The header is ``alg`` followed by ``header``, unless ``header`` places ``("alg", name)``
    itself: a token type whose published examples fix the key order (the validation
    token's ``cty, typ, alg, kid``) says where it goes.
    """
    host = host or default_host()
    cache_key = (host, name, header, key) if type(key) in (str, bytes) else None
    signer = _CACHE.get(cache_key) if cache_key else None
    if signer is None:
        algorithm = host.algorithm(name)
        items = header if ("alg", name) in header else (("alg", name), *header)
        signer = Signer(algorithm, algorithm.prepare_key(key), header_segment(*items))
        if cache_key:
            if len(_CACHE) >= MAX_CACHED:
                _CACHE.clear()
            _CACHE[cache_key] = signer
    return signer


_CACHE: dict[tuple[PluginHost, str, tuple[tuple[str, str], ...], object], Signer] = {}


def clear_cache() -> None:
    """Forget every shared signer (and so every secret and key they hold)."""
    _CACHE.clear()
