"""The table-driven percent-encoders write exactly what the urllib.parse calls they replace write."""

from __future__ import annotations

from urllib.parse import quote, quote_from_bytes, quote_plus

from hypothesis import given, settings
from hypothesis import strategies as st

from twilio_jwt._percent import encode_component, encode_form, encode_uri_component

texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=2000)
@given(st.binary(max_size=40))
def test_encode_component_is_quote_from_bytes_with_nothing_safe(data: bytes) -> None:
    assert encode_component(data) == quote_from_bytes(data, safe="")


@settings(max_examples=2000)
@given(texts)
def test_encode_form_is_quote_plus(text: str) -> None:
    assert encode_form(text.encode()) == quote_plus(text, safe="")


@settings(max_examples=2000)
@given(texts)
def test_encode_uri_component_is_javascripts(text: str) -> None:
    assert encode_uri_component(text.encode()) == quote(text, safe="!~*'()")


def test_known_answers() -> None:
    assert encode_component(b"a b*+~%") == "a%20b%2A%2B~%25"
    assert encode_form(b"a b*+~") == "a+b%2A%2B~"
    assert encode_uri_component("a b*'()é".encode()) == "a%20b*'()%C3%A9"
