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

from typing import Any, NoReturn

from twilio_jwt.active import default_host
from twilio_jwt.algorithm import SigningAlgorithm
from twilio_jwt.host import PluginHost
from twilio_jwt.jws import header_segment

__all__ = ["MAX_CACHED", "Signer", "Signers", "clear_cache", "make_signer"]

#: Ready signers kept for reuse by new token objects (one per secret and header in practice).
MAX_CACHED = 64


class Signer:
    """An algorithm, the key it prepared and the encoded header to sign under.

    A plain slotted class, not a tuple: ``attrs.asdict``/``astuple`` recurse into tuples
    (and failed rebuilding a named one), so a token holding a signer would hand its
    prepared key (the HMAC secret's bytes) to whoever serialises it. Here it is one
    opaque value whose ``repr`` names only the algorithm, and that refuses pickling.
    """

    __slots__ = ("algorithm", "header", "key")

    def __init__(self, algorithm: SigningAlgorithm, key: Any, header: bytes) -> None:
        self.algorithm = algorithm
        self.key = key
        self.header = header

    def __repr__(self) -> str:
        return f"Signer({self.algorithm.name})"

    def __reduce__(self) -> NoReturn:
        raise TypeError("a twilio-jwt Signer cannot be pickled: it would write the key out")


class Signers:
    """One token's ready signers, by algorithm name: what ``to_jwt`` reuses after its first call.

    Opaque to ``attrs.asdict``/``astuple`` (neither a dict nor a tuple nor an attrs
    class), so serialising a token that has signed shows ``<ready signers: HS256>``,
    never a key. Safe to share between threads: the mapping is replaced, never changed
    in place, so a reader always sees a whole one; two threads preparing the same
    algorithm at once both succeed and one result is kept.
    """

    __slots__ = ("_by_name",)

    def __init__(self) -> None:
        self._by_name: dict[str, Signer] = {}

    def get(self, name: str) -> Signer | None:
        """The ready signer for ``name``, if this token has signed with it."""
        return self._by_name.get(name)

    def put(self, name: str, signer: Signer) -> Signer:
        """Keep ``signer`` for ``name`` and return it."""
        self._by_name = {**self._by_name, name: signer}
        return signer

    @property
    def names(self) -> tuple[str, ...]:
        """The algorithms a signer is ready for."""
        return tuple(self._by_name)

    def __repr__(self) -> str:
        return f"<ready signers: {', '.join(self._by_name) or 'none'}>"

    def __reduce__(self) -> NoReturn:
        raise TypeError("a twilio-jwt token's signers cannot be pickled: they would write the key out")


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
