"""The plugin author's kit (``check_grant_class``, ``check_algorithm``): it passes good plugins and fails broken ones.

Every broken class here breaks exactly one rule, and the test names the message the
kit gives for it, so a kit that stopped checking a rule fails here.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs
import pytest
from core_fakes import PetGrant

from twilio_jwt import FieldGrant, Grant, RawGrant, SigningAlgorithm, optional_str_field
from twilio_jwt.testing import ReferenceHMAC, check_algorithm, check_grant_class

KEY = "kit-key-" + "k" * 32
WRONG = "kit-key-" + "w" * 32


# -- grants ----------------------------------------------------------------------------------


@attrs.frozen
class CounterGrant(Grant):
    """A well-behaved grant that is not a FieldGrant: an int, a bool and a mapping."""

    key: ClassVar[str] = "counter"

    count: int = attrs.field(default=0)
    enabled: bool = attrs.field(default=False)
    labels: Mapping[str, str] | None = attrs.field(default=None)

    @count.validator
    def _count(self, attribute: Any, value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"count: expected an int, got {type(value).__name__}")

    @enabled.validator
    def _enabled(self, attribute: Any, value: object) -> None:
        if not isinstance(value, bool):
            raise TypeError(f"enabled: expected a bool, got {type(value).__name__}")

    @labels.validator
    def _labels(self, attribute: Any, value: object) -> None:
        if value is not None and not isinstance(value, Mapping):
            raise TypeError(f"labels: expected a mapping, got {type(value).__name__}")

    def to_payload(self) -> dict[str, Any]:
        return {"count": self.count, "enabled": self.enabled, "labels": dict(self.labels or {})}

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> CounterGrant:
        return cls(payload["count"], payload["enabled"], payload["labels"] or None)


def test_good_grants_pass() -> None:
    check_grant_class(PetGrant, [{}, {"name": "rex"}, {"name": "żółw 🐢"}])
    check_grant_class(CounterGrant, [{}, {"count": 3, "enabled": True, "labels": {"a": "b"}}])


@attrs.frozen
class NotJSONGrant(PetGrant):
    def to_payload(self) -> dict[str, Any]:
        return {"name": self.name, "when": object()}


@attrs.frozen
class LossyGrant(PetGrant):
    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> LossyGrant:
        return cls()


@attrs.frozen
class LaxGrant(Grant):
    key: ClassVar[str] = "lax"
    name: Any = None

    def to_payload(self) -> dict[str, Any]:
        return {"name": str(self.name)} if self.name is not None else {}

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> LaxGrant:
        return cls(**payload)


@attrs.frozen
class MumblingGrant(LaxGrant):
    """Refuses wrong types, but with a TypeError that does not say which argument."""

    def __attrs_post_init__(self) -> None:
        if self.name is not None and not isinstance(self.name, str):
            raise TypeError("bad value")


@attrs.frozen
class KeylessGrant(PetGrant):
    key: ClassVar[str] = ""  # type: ignore[misc]


@attrs.frozen
class IdentityGrant(PetGrant):
    key: ClassVar[str] = "identity"  # type: ignore[misc]


@attrs.frozen
class ListGrant(PetGrant):
    def to_payload(self) -> Any:
        return [self.name]


@attrs.frozen
class RawFromPayloadGrant(PetGrant):
    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> Any:
        return RawGrant(cls.key, dict(payload))


@attrs.frozen
class NaNGrant(FieldGrant):
    key: ClassVar[str] = "nan"
    name: str | None = optional_str_field()

    def to_payload(self) -> dict[str, Any]:
        return {"ratio": float("nan")}


@pytest.mark.parametrize(
    ("cls", "examples", "message"),
    [
        (NotJSONGrant, [{"name": "rex"}], r"NotJSONGrant\(\*\*\{'name': 'rex'\}\)\.to_payload\(\) is not JSON"),
        (NaNGrant, [{}], r"to_payload\(\) is not JSON: Out of range float values"),
        (LossyGrant, [{"name": "rex"}], r"LossyGrant.from_payload\(\{'name': 'rex'\}\) gives \{\}"),
        (LaxGrant, [{"name": "rex"}], "a wrong type for 'name' was accepted"),
        (MumblingGrant, [{"name": "rex"}], "the TypeError for a wrong name does not name it: bad value"),
        (KeylessGrant, [{}], "KeylessGrant.key must be a non-empty str, got ''"),
        (IdentityGrant, [{}], "IdentityGrant.key is 'identity'"),
        (ListGrant, [{"name": "rex"}], r"to_payload\(\) must be a dict, got list"),
        (RawFromPayloadGrant, [{}], r"RawFromPayloadGrant.from_payload\(\) returned RawGrant"),
        (PetGrant, [], "needs at least one example"),
        (dict, [{}], "is not a twilio_jwt Grant subclass"),
    ],
)
def test_broken_grants_fail(cls: Any, examples: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(AssertionError, match=message):
        check_grant_class(cls, examples)


# -- algorithms ------------------------------------------------------------------------------


def test_good_algorithms_pass() -> None:
    for name in ("HS256", "HS384", "HS512"):
        check_algorithm(ReferenceHMAC(name), KEY, WRONG)


class AcceptsAnything(ReferenceHMAC):
    def verify(self, msg: bytes, key: bytes, sig: bytes) -> bool:
        return True


class IgnoresTheMessage(ReferenceHMAC):
    def sign(self, msg: bytes, key: bytes) -> bytes:
        return hmac.new(key, b"", hashlib.sha256).digest()

    def verify(self, msg: bytes, key: bytes, sig: bytes) -> bool:
        return hmac.compare_digest(sig, self.sign(msg, key))


class ReturnsText(ReferenceHMAC):
    def sign(self, msg: bytes, key: bytes) -> Any:
        return super().sign(msg, key).hex()


class Truthy(ReferenceHMAC):
    def verify(self, msg: bytes, key: bytes, sig: bytes) -> Any:
        return int(super().verify(msg, key, sig))


class ShowsTheKey(ReferenceHMAC):
    def prepare_key(self, key: Any) -> bytes:
        self.last = key
        return super().prepare_key(key)

    def __repr__(self) -> str:
        return f"<ShowsTheKey {getattr(self, 'last', '')}>"


class Nameless(ReferenceHMAC):
    def __init__(self) -> None:
        super().__init__("HS256")
        self.name = ""


class NoVerifyKey(SigningAlgorithm):
    """Lacks nothing abstract but breaks ``prepare_verify_key`` (returns a key verify cannot use)."""

    name = "HS256"

    def prepare_key(self, key: Any) -> bytes:
        return str(key).encode()

    def prepare_verify_key(self, key: Any) -> Any:
        return None

    def sign(self, msg: bytes, key: bytes) -> bytes:
        return hmac.new(key, msg, hashlib.sha256).digest()

    def verify(self, msg: bytes, key: Any, sig: bytes) -> bool:
        return isinstance(key, bytes) and hmac.compare_digest(sig, self.sign(msg, key))


@pytest.mark.parametrize(
    ("algorithm", "message"),
    [
        (AcceptsAnything("HS256"), r"HS256.verify\(\) returned True for a signature under the wrong key"),
        (IgnoresTheMessage("HS256"), r"HS256.verify\(\) returned True for a changed message"),
        (ReturnsText("HS256"), r"HS256.sign\(\) must return non-empty bytes"),
        (Truthy("HS256"), r"HS256.verify\(\) returned 1 for its own signature"),
        (ShowsTheKey("HS256"), "repr of HS256 shows the key"),
        (Nameless(), "has no str name"),
        (NoVerifyKey(), r"HS256.verify\(\) returned False for its own signature"),
    ],
)
def test_broken_algorithms_fail(algorithm: Any, message: str) -> None:
    with pytest.raises(AssertionError, match=message):
        check_algorithm(algorithm, KEY, WRONG)
