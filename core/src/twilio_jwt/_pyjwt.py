"""The plugins' signing backends as PyJWT algorithms, each on its own ``PyJWS``.

Imported by :mod:`twilio_jwt.decoding` only when a token is verified, so PyJWT (and
the ``cryptography`` it may import) never loads for minting. Only PyJWT's public API
is used: a ``PyJWS`` made with ``algorithms=[]`` knows none of PyJWT's own
algorithms, and ``register_algorithm`` gives it one backend chosen through the
plugin registry. So a token's ``alg`` header cannot pick anything else: ``none`` and
the HS256-keyed-with-a-public-key trick find nothing to run.
"""

from __future__ import annotations

import functools
from typing import Any, NoReturn

from jwt.algorithms import Algorithm
from jwt.api_jws import PyJWS
from jwt.exceptions import InvalidKeyError, InvalidSignatureError, InvalidTokenError

from twilio_jwt.algorithm import SigningAlgorithm
from twilio_jwt.errors import InvalidParameterError, MalformedTokenError


def verified_payload(algorithm: SigningAlgorithm, token: bytes, key: object) -> bytes | None:
    """The payload of ``token`` once PyJWT has checked its signature with ``algorithm``; ``None`` if it does not match.

    The caller has checked the header's ``alg`` already: it is ``algorithm.name``. PyJWT's
    errors are told apart by their class: an unusable key is the caller's parameter
    error, and a header PyJWT refuses (a ``kid`` that is not a str, an unknown ``crit``)
    a malformed token.
    """
    try:
        jws = _cached(algorithm) if algorithm.__hash__ is not None else _new(algorithm)  # pinned_jws, one call less
        payload: bytes = jws.decode_complete(token, key, algorithms=[algorithm.name])["payload"]  # type: ignore[arg-type]
    except InvalidKeyError as exc:
        raise InvalidParameterError("key", str(exc)) from None
    except InvalidSignatureError:
        return None
    except InvalidTokenError as exc:
        raise MalformedTokenError(f"not a well-formed JWT: {exc}") from None
    return payload


class PluginAlgorithm(Algorithm):
    """A :class:`~twilio_jwt.algorithm.SigningAlgorithm` in PyJWT's ``Algorithm`` shape.

    PyJWT prepares the verification key with ``prepare_key``; for us that is
    :meth:`SigningAlgorithm.prepare_verify_key` (the public half for RSA), so the
    backend's own key checks (the HMAC key-confusion guard included) run on decode too.
    JWKs are neither exported nor imported.
    """

    def __init__(self, algorithm: SigningAlgorithm) -> None:
        self.algorithm = algorithm
        # What PyJWT calls on every decode, bound to the backend: no frame of ours in between. (The
        # methods below are the same, for the ABC; PyJWT only asks whether ``verify``'s answer is true.)
        self.prepare_key = algorithm.prepare_verify_key  # type: ignore[method-assign]
        self.verify = algorithm.verify  # type: ignore[method-assign]

    def prepare_key(self, key: Any) -> Any:
        return self.algorithm.prepare_verify_key(key)

    def sign(self, msg: bytes, key: Any) -> bytes:
        return self.algorithm.sign(msg, key)

    def verify(self, msg: bytes, key: Any, sig: bytes) -> bool:
        return bool(self.algorithm.verify(msg, key, sig))

    @staticmethod
    def to_jwk(key_obj: Any, as_dict: bool = False) -> NoReturn:
        raise NotImplementedError("twilio-jwt algorithms do not export or import JWKs")

    from_jwk = to_jwk  # type: ignore[assignment]


def pinned_jws(algorithm: SigningAlgorithm) -> PyJWS:
    """A ``PyJWS`` that knows exactly this backend, under its name.

    Cached per backend object (the cache holds the objects it is keyed by); a backend
    whose class makes it unhashable gets a new ``PyJWS`` each time.
    """
    if algorithm.__hash__ is None:  # a backend class that defines __eq__ without __hash__
        return _new(algorithm)
    return _cached(algorithm)


def _new(algorithm: SigningAlgorithm) -> PyJWS:
    jws = PyJWS(algorithms=[])
    jws.register_algorithm(algorithm.name, PluginAlgorithm(algorithm))
    return jws


_cached = functools.lru_cache(maxsize=64)(_new)
