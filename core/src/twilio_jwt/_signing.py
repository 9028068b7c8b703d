"""Turning a token's secret into a ready signer: the algorithm object, its prepared key and the header.

Preparing is done once per secret, not per token: a token finds its signer in the
shared cache below on every ``to_jwt()`` (one dict look-up), so its second
``to_jwt()``, like a new token's first, does no key check and no header encoding.

A server mints a new token object per request with the same secret, so ready signers
are shared between token objects: a small process-wide cache keyed by host, algorithm
name, header and the key's ``hash()`` makes the first ``to_jwt()`` of a new token one
dict look-up, and a validation token built again with the same PEM text does not parse
it again. Only ``str``/``bytes`` keys are shared (other key objects may be mutable). No
raw secret is a key: ``hash()`` of bytes is SipHash under the process's own random key
(hash randomisation), and a hit is taken only when the entry's secret, kept in a
:class:`~twilio_jwt.secret.Secret`, matches in constant time, so a collision costs a
miss, never a wrong key. (With hash randomisation off, ``PYTHONHASHSEED`` set, the hash
is unkeyed; whoever can read the keys can read the entries, which hold the secrets
anyway.) At most :data:`MAX_CACHED` entries are kept (least recently used out first);
the secrets they hold are the same ones the tokens hold, never written anywhere. After
rotating a secret, :func:`clear_cache` drops the old one at once.
"""

from __future__ import annotations

import hmac
from typing import Any, NoReturn

from twilio_jwt._jws import header_segment
from twilio_jwt.algorithm import SigningAlgorithm
from twilio_jwt.host import PluginHost, default_host
from twilio_jwt.secret import Secret

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


def make_signer(host: PluginHost | None, name: str, key: object, *header: tuple[str, str]) -> Signer:
    """Look ``name`` up in ``host`` (or the default host) and prepare ``key`` for it.

    ``key`` is a :class:`~twilio_jwt.secret.Secret` (what tokens hold) or the key
    itself. The header is ``alg`` followed by ``header``, unless ``header`` places
    ``("alg", name)`` itself: a token type whose published examples fix the key order
    (the validation token's ``cty, typ, alg, kid``) says where it goes.
    """
    host = host or default_host()
    raw: object = key._value if isinstance(key, Secret) else key  # not reveal(): a call saved
    text = raw.encode("utf-8", "surrogatepass") if type(raw) is str else raw
    if type(text) is not bytes:
        return _prepare(host, name, raw, header)
    slot = (host, name, header, type(raw), hash(text))
    held = _READY.pop(slot, None)  # taken out and put back last: the most recently used
    if held is not None and hmac.compare_digest(held[0]._value, text):
        _READY[slot] = held
        return held[1]
    signer = _prepare(host, name, raw, header)  # a prepare_key that raises caches nothing
    _READY[slot] = (Secret(text), signer)
    for stale in list(_READY)[:-MAX_CACHED]:  # the least recently used, past MAX_CACHED (list(): one atomic copy)
        _READY.pop(stale, None)
    return signer


#: The shared ready signers: (host, name, header, key type, hash of the key) -> (the key in a holder, its signer).
_READY: dict[tuple[object, ...], tuple[Secret[bytes], Signer]] = {}


def _prepare(host: PluginHost, name: str, key: object, header: tuple[tuple[str, str], ...]) -> Signer:
    algorithm = host.algorithm(name)
    items = header if ("alg", name) in header else (("alg", name), *header)
    return Signer(algorithm, algorithm.prepare_key(key), header_segment(*items))


def clear_cache() -> None:
    """Forget every shared signer (and so every secret and key they hold)."""
    _READY.clear()
