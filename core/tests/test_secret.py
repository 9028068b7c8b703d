"""The one holder for secrets and keys: hidden from repr, pickling and copying, comparable without leaking time."""

from __future__ import annotations

import copy
import pickle

import pytest

from twilio_jwt.secret import Secret, hide, reveal


class _Key:
    """Stands in for a loaded key object (compared by identity)."""


@pytest.mark.parametrize("value", [b"raw-bytes-secret", "pem text secret", _Key()], ids=["bytes", "str", "object"])
def test_a_secret_shows_nothing_and_cannot_be_pickled(value: object) -> None:
    secret = Secret(value)
    assert secret.reveal() is value
    assert repr(secret) == str(secret) == f"{secret}" == "Secret('***')"
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        with pytest.raises(TypeError, match=r"^a twilio-jwt Secret cannot be pickled: it would write the secret out$"):
            pickle.dumps(secret, protocol=protocol)
    with pytest.raises(TypeError, match="cannot be pickled"):
        copy.deepcopy(secret)


def test_equal_values_are_equal_secrets_and_hash_alike() -> None:
    key = _Key()
    assert Secret(b"abc") == Secret(bytearray(b"abc"))
    assert Secret("abc") == Secret("abc")
    assert Secret("caf\u00e9\udc80") == Secret("caf\u00e9\udc80")  # any str, lone surrogates too
    assert Secret(key) == Secret(key)
    assert hash(Secret(b"abc")) == hash(Secret(b"abc"))
    assert hash(Secret(key)) == hash(Secret(key))
    assert Secret(b"abc") != Secret(b"abd")
    assert Secret("abc") != Secret(b"abc")  # text and bytes are never one secret
    assert Secret(key) != Secret(_Key())
    assert Secret(b"abc") != b"abc"
    assert len({Secret(b"abc"), Secret(b"abc"), Secret(b"xyz")}) == 2


def test_hide_wraps_once_and_reveal_unwraps() -> None:
    held = hide("value")
    assert isinstance(held, Secret)
    assert hide(held) is held
    assert reveal(held) == "value"
    assert reveal("plain") == "plain"


def test_a_door_needs_named_parameters() -> None:
    """A secret-taking constructor the door cannot rebind by name is refused when the class is made, not left open."""
    from typing import Any, ClassVar

    from twilio_jwt.secret import HidesSecretArguments

    class Named(metaclass=HidesSecretArguments):
        SECRET_ARGUMENTS: ClassVar[tuple[tuple[str, int], ...]] = (("key", 0),)

        def __init__(self, key: object, *, name: str = "x") -> None:
            self.held = key

    assert isinstance(Named("raw").held, Secret)
    with pytest.raises(TypeError) as caught:

        class Starred(metaclass=HidesSecretArguments):
            SECRET_ARGUMENTS: ClassVar[tuple[tuple[str, int], ...]] = (("key", 0),)

            def __init__(self, *args: Any) -> None:
                pass

    assert str(caught.value) == (
        "Starred.__init__ cannot get the door that hides its secret arguments: it needs named parameters "
        "(as attrs writes them), with key at its position"
    )
