"""First-party grants share one ``repr``/``==``/``hash`` (``ValueGrant``): each must behave as attrs' own.

The grant classes are declared ``@attrs.frozen(repr=False, eq=False)`` so that a
process does not compile three methods per class. Here each is compared with the
same class decorated by plain ``@attrs.frozen`` (same name, same fields), whose
methods attrs generates: the text, the equalities and the hashability must agree.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from twilio_jwt import AccessToken, Grant, RawGrant
from twilio_jwt.grant import ValueGrant, attrs_repr
from twilio_jwt.grants import ChatGrant, PlaybackGrant, SyncGrant, TaskRouterGrant, VideoGrant, VoiceGrant
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET

#: Per class: instances that differ from each other, one decoded with extra fields (compared, never hashed).
SAMPLES: dict[type[Grant], list[Any]] = {
    VoiceGrant: [
        lambda c: c(),
        lambda c: c(incoming_allow=True, outgoing_application_sid="AP1"),
        lambda c: c(outgoing_application_sid="AP1", outgoing_application_params={"to": "+1555"}),
        lambda c: c.from_payload({"incoming": {"allow": True, "future": 1}, "future": "x"}),
    ],
    VideoGrant: [lambda c: c(), lambda c: c(room="r"), lambda c: c.from_payload({"room": "r", "future": [1]})],
    ChatGrant: [lambda c: c(service_sid="IS1"), lambda c: c(service_sid="IS1", endpoint_id="e")],
    SyncGrant: [lambda c: c(), lambda c: c(endpoint_id="e")],
    TaskRouterGrant: [lambda c: c(role="worker"), lambda c: c(workspace_sid="WS1", role="worker")],
    PlaybackGrant: [lambda c: c(), lambda c: c(grant={"playbackUrl": "https://x.test/p"})],
    RawGrant: [lambda c: c("future", {"a": 1}), lambda c: c("future", {"a": 2}), lambda c: c("other", {"a": 1})],
}


def _with_attrs_methods(cls: type[Grant]) -> type[Grant]:
    """``cls`` again, decorated with plain ``@attrs.frozen``: attrs writes its repr, eq and hash."""
    twin = attrs.frozen(type(cls.__name__, (cls,), {"__qualname__": cls.__qualname__}))
    assert {"__eq__", "__hash__", "__repr__"} <= set(vars(twin))
    return twin


def _hash(value: object) -> int | str:
    try:
        return hash(value)
    except TypeError as exc:
        return f"TypeError: {exc}"


@pytest.mark.parametrize("cls", list(SAMPLES), ids=lambda cls: cls.__name__)
def test_repr_equality_and_hash_are_attrs_own(cls: type[Grant]) -> None:
    assert issubclass(cls, ValueGrant)
    assert not {"__eq__", "__hash__", "__repr__"} & set(vars(cls))  # nothing compiled for this class
    twin = _with_attrs_methods(cls)
    ours = [make(cls) for make in SAMPLES[cls]]
    theirs = [make(twin) for make in SAMPLES[cls]]
    assert [repr(grant) for grant in ours] == [repr(grant) for grant in theirs]
    again = [make(cls) for make in SAMPLES[cls]]
    for a, twin_a, same in zip(ours, theirs, again, strict=True):
        assert [a == b for b in ours] == [twin_a == twin_b for twin_b in theirs]
        assert [a != b for b in ours] == [twin_a != twin_b for twin_b in theirs]
        assert (a == same, _hash(a) == _hash(same)) == (True, True)
        assert type(_hash(a)) is type(_hash(twin_a))  # both hashable, or both refuse the same way
        assert (a == twin_a, a == object(), a.__eq__(1)) == (False, False, NotImplemented)


def test_extra_fields_count_for_equality_but_not_for_the_hash() -> None:
    plain, decoded = VideoGrant(room="r"), VideoGrant.from_payload({"room": "r", "future": "x"})
    assert plain != decoded
    assert hash(plain) == hash(decoded)
    assert repr(decoded) == "VideoGrant(room='r')"


def test_the_access_token_repr_is_attrs_text_without_the_secret() -> None:
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="alice", nbf=5, region="ie1")
    token.add_grant(VideoGrant(room="r"))
    expected = (
        f"AccessToken(account_sid={TEST_ACCOUNT_SID!r}, key_sid={TEST_KEY_SID!r}, identity='alice', ttl=3600, "
        "nbf=5, region='ie1')"
    )
    assert repr(token) == attrs_repr(token) == expected
    assert TEST_SECRET not in repr(token)
