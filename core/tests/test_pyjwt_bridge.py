"""The bridge's fast base64url segment check decides exactly as PyJWT's own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jwt.api_jws import PyJWS
from jwt.exceptions import DecodeError

from twilio_jwt.pyjwt_bridge import _PinnedJWS

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
segments = st.one_of(
    st.text(alphabet=ALPHABET + "=", max_size=40).map(str.encode),
    st.text(alphabet=ALPHABET + "=+/!. \n", max_size=12).map(str.encode),
    st.binary(max_size=12),
)


def _outcome(check: object, segment: bytes) -> bytes | str:
    try:
        return check(segment, "header")  # type: ignore[operator,no-any-return]
    except DecodeError as exc:
        return f"DecodeError: {exc}"


@settings(max_examples=3000)
@given(segments)
def test_same_verdict_and_bytes_as_pyjwt(segment: bytes) -> None:
    assert _outcome(_PinnedJWS._decode_base64url_segment, segment) == _outcome(PyJWS._decode_base64url_segment, segment)


@pytest.mark.parametrize(
    ("segment", "accepted"),
    [
        (b"eyJh", True),
        (b"eyJhbg==", True),
        (b"eyJhbg===", False),
        (b"eyI", True),
        (b"eyJ", False),
        (b"e", False),
        (b"ey!J", False),
        (b"eyJhbQ", True),
        (b"eyJhbR", False),
        (b"eyJ=", False),
    ],
)
def test_examples(segment: bytes, accepted: bool) -> None:
    """Non-canonical trailing bits (``bR``) and padding off a whole quantum are refused, as PyJWT does."""
    assert isinstance(_outcome(_PinnedJWS._decode_base64url_segment, segment), bytes) is accepted
    assert _outcome(_PinnedJWS._decode_base64url_segment, segment) == _outcome(PyJWS._decode_base64url_segment, segment)
