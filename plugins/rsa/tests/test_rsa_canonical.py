"""The canonical request of contract section 5 (no signing involved).

Both routes are covered: a request described as a mapping (what
``ValidationToken.get_request_canonicalizer`` reads) and a request as it went over the
wire (what the HTTP adapters and the verifier use).
"""

from __future__ import annotations

import email.parser
import hashlib
import types
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twilio_jwt import InvalidParameterError, InvalidParameterTypeError
from twilio_jwt_rsa import RequestCanonicalizer, WireRequest
from twilio_jwt_rsa.canonical import (
    DEFAULT_SIGNED_HEADERS,
    canonical_host,
    canonical_path,
    canonical_query,
    canonicalize_request,
    check_signed_headers,
    target_problem,
)

SIGNED = DEFAULT_SIGNED_HEADERS
AUTH = {"Authorization": "foobar", "Host": "api.twilio.com"}


def canon(request: dict[str, Any], signed: tuple[str, ...] = SIGNED) -> RequestCanonicalizer:
    return canonicalize_request(request, signed)


def canonicalize_wire(
    method: Any, path: Any, headers: Any, body: Any = b"", *, signed_headers: Any = None, **kwargs: Any
) -> RequestCanonicalizer:
    return WireRequest(method, path, headers, body, **kwargs).canonicalize(signed_headers)


# -- the contract's known answers ------------------------------------------------------------


def test_known_answer_1_canonical_string_and_hash() -> None:
    c = canon(
        {
            "method": "GET",
            "url": "https://api.twilio.com/Messages?PageSize=5&Limit=10",
            "headers": AUTH,
            "data": "foobar",
        }
    )
    assert c.canonicalized_request == (
        "GET\n/Messages\nLimit=10&PageSize=5\nauthorization:foobar\nhost:api.twilio.com\n\nauthorization;host\n"
        "c3ab8ff13720e8ad9047dd39466b3c8974e592c2fa383d4a3960714caef0c4f2"
    )
    assert c.get_signature_hash() == "4dc9b67bed579647914587b0e22a1c65c1641d8674797cd82de65e766cce5f80"
    assert c.hrh == "authorization;host"


def test_known_answers_2_and_3() -> None:
    second = canon({"method": "POST", "url": "https://api.twilio.com/Messages", "headers": AUTH, "data": "testbody"})
    assert second.get_signature_hash() == "bd792c967c20d546c738b94068f5f72758a10d26c12979677501e1eefe58c65a"
    third = canon(
        {
            "method": "POST",
            "url": "https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000000",
            "headers": {
                "Authorization": "Basic QUMwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDpmb29iYXI=",
                "Host": "api.twilio.com",
            },
            "data": "FriendlyName=my new friendly name",
        }
    )
    assert third.body_hash == "b8e20591615abc52293f088c87be6df8e9b7b40c3da573f134c9132add851e2d"
    assert third.get_signature_hash() == "245eece1e638d9b0081ca0621183cd417fc97a1818bd822aa26697f9aa70c792"


# -- parts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", "/"),
        ("/", "/"),
        ("//a///b", "/a/b"),
        ("/a/./b/../c", "/a/c"),
        ("/a/b/..", "/a/"),
        ("/../a", "/a"),
        ("/a/b/", "/a/b/"),
        ("/a b/*/~/+/é", "/a%20b/%2A/~/%2B/%C3%A9"),
        ("/a%20b/%2a/%7E/%c3%a9", "/a%20b/%2A/~/%C3%A9"),
        ("/100%/%zz/%4", "/100%25/%25zz/%254"),
        ("/a%2Fb", "/a%2Fb"),
        ("/%FF", "/%FF"),
    ],
)
def test_path(raw: str, expected: str) -> None:
    assert canonical_path(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("b=2&a=1", "a=1&b=2"),
        ("a=1&&b=2&", "a=1&b=2"),
        ("k", "k="),
        ("k=a=b", "k=a%3Db"),
        ("q=a+b&r=a%20b&s=a%2Bb", "q=a%20b&r=a%20b&s=a%2Bb"),
        ("x=*&y=~&z=%7e", "x=%2A&y=~&z=~"),
        ("p=100%&r=%zz", "p=100%25&r=%25zz"),
        ("u=%C3%A9&v=é", "u=%C3%A9&v=%C3%A9"),
        ("b=%FF", "b=%FF"),
        ("a=2&a=1&A=3", "A=3&a=1&a=2"),
    ],
)
def test_query(raw: str, expected: str) -> None:
    assert canonical_query(raw) == expected


@pytest.mark.parametrize(
    ("host", "scheme", "expected"),
    [
        ("API.Twilio.COM", "https", "api.twilio.com"),
        ("api.twilio.com:443", "https", "api.twilio.com"),
        ("api.twilio.com:443", "http", "api.twilio.com:443"),
        ("api.twilio.com:80", "http", "api.twilio.com"),
        ("127.0.0.1:8443", "https", "127.0.0.1:8443"),
        ("user:pw@Example.com:443", "https", "example.com"),
        ("[::1]:443", "https", "[::1]"),
    ],
)
def test_host(host: str, scheme: str, expected: str) -> None:
    assert canonical_host(host, scheme) == expected


def test_headers_are_matched_case_insensitively_trimmed_and_multi_values_sorted() -> None:
    c = canon(
        {
            "method": "get",
            "url": "https://api.twilio.com/x",
            "headers": {"AUTHORIZATION": "  Basic x \t", "x-multi": ["b", " a "], "X-Multi": "c", "Unsigned": "z"},
        },
        check_signed_headers("signed_headers", ["X-Multi", "x-absent"]),
    )
    assert c.method == "GET"
    assert c.header_lines == "authorization:Basic x\nhost:api.twilio.com\nx-multi:a,b,c\n"
    assert c.signed_headers == ("authorization", "host", "x-absent", "x-multi")
    assert c.canonicalized_request.endswith("x-multi:a,b,c\n\nauthorization;host;x-absent;x-multi\n")


def test_a_host_header_wins_over_the_url() -> None:
    c = canon({"method": "GET", "url": "https://api.twilio.com/x", "headers": {"host": "Other.example:443"}})
    assert c.header_lines == "host:other.example\n"


@pytest.mark.parametrize(
    ("request_", "authorization"),
    [
        ({"auth": ("AC1", "tok")}, "Basic QUMxOnRvaw=="),
        ({"auth": ["AC1", "tok"], "headers": {"authorization": "Bearer x"}}, "Basic QUMxOnRvaw=="),
        ({"auth": ("ü", "pw")}, "Basic w7w6cHc="),
        ({"url": "https://us%40r:p%3A@api.twilio.com/x"}, "Basic dXNAcjpwOg=="),
        ({"url": "https://u:p@api.twilio.com/x", "auth": ("a", "b")}, "Basic YTpi"),
        ({"url": "https://u:p@api.twilio.com/x", "headers": {"Authorization": "Bearer x"}}, "Basic dTpw"),
    ],
)
def test_auth_pairs_and_url_userinfo_become_basic_auth(request_: dict[str, Any], authorization: str) -> None:
    c = canon({"method": "GET", "url": "https://api.twilio.com/x", **request_})
    assert c.header_lines == f"authorization:{authorization}\nhost:api.twilio.com\n"


@pytest.mark.parametrize(
    ("data", "content_type", "body"),
    [
        (None, None, b""),
        ("", None, b""),
        ("é", None, "é".encode()),
        (b"\x00\xff", None, b"\x00\xff"),
        ({"a": "x y", "l": [1, 2.5], "e": "é"}, None, b"a=x+y&l=1&l=2.5&e=%C3%A9"),
        ({"a": "x y"}, "application/x-www-form-urlencoded", b"a=x+y"),
        (
            {"a": "é", "b": [1, None, {"c": True}]},
            "application/json; charset=utf-8",
            '{"a":"é","b":[1,null,{"c":true}]}'.encode(),
        ),
        ({"a": 1}, "application/vnd.api+json", b'{"a":1}'),
    ],
)
def test_body(data: Any, content_type: str | None, body: bytes) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    c = canon({"method": "POST", "url": "https://api.twilio.com/x", "headers": headers, "data": data})
    assert c.body_hash == (hashlib.sha256(body).hexdigest() if body else "")


def test_params_join_the_url_query_raw() -> None:
    c = canon(
        {
            "method": "GET",
            "url": "https://api.twilio.com/x?b=1&a=%20",
            "params": {"p": "a%20b", "l": [2, 1.5], "e": "é", "t": ("x",)},
        }
    )
    assert c.query == "a=%20&b=1&e=%C3%A9&l=1.5&l=2&p=a%2520b&t=x"


def test_an_attribute_style_request_reads_the_same() -> None:
    fields = {"method": "POST", "url": "https://api.twilio.com/x?a=1", "headers": AUTH, "data": {"k": "v"}}
    request = types.SimpleNamespace(**fields, params=None, auth=None)
    assert canon(fields) == canonicalize_request(request, SIGNED)


# -- bad requests --------------------------------------------------------------------------------

BAD = [
    ("not a mapping", "a string", InvalidParameterTypeError, r"^request: expected a mapping or an object"),
    (
        "unknown key",
        {"url": "https://h/", "method": "GET", "body": "x"},
        InvalidParameterTypeError,
        r"^request: unexpected keys body",
    ),
    ("no url", {"method": "GET"}, InvalidParameterError, r"^url: is required"),
    ("empty url", {"method": "GET", "url": ""}, InvalidParameterError, r"^url: is required"),
    ("url not str", {"method": "GET", "url": b"https://h/"}, InvalidParameterTypeError, r"^url: expected a str"),
    ("no method", {"url": "https://h/"}, InvalidParameterError, r"^method: is required"),
    ("method not str", {"url": "https://h/", "method": 1}, InvalidParameterTypeError, r"^method: expected a str"),
    (
        "relative url",
        {"method": "GET", "url": "/2010-04-01/Accounts"},
        InvalidParameterError,
        r"^url: must be an absolute",
    ),
    ("ftp url", {"method": "GET", "url": "ftp://h/x"}, InvalidParameterError, r"^url: must be an absolute http"),
    ("bad url", {"method": "GET", "url": "https://[::1/x"}, InvalidParameterError, r"^url: is not a valid URL"),
    (
        "headers list",
        {"method": "GET", "url": "https://h/", "headers": [("a", "b")]},
        InvalidParameterTypeError,
        r"^headers: expected a mapping",
    ),
    (
        "header value int",
        {"method": "GET", "url": "https://h/", "headers": {"a": 1}},
        InvalidParameterTypeError,
        r"^headers: ",
    ),
    (
        "params list",
        {"method": "GET", "url": "https://h/", "params": [("a", "b")]},
        InvalidParameterTypeError,
        r"^params: expected a mapping",
    ),
    (
        "params bool",
        {"method": "GET", "url": "https://h/", "params": {"b": True}},
        InvalidParameterTypeError,
        r"^params: 'b' must be a str",
    ),
    (
        "params None",
        {"method": "GET", "url": "https://h/", "params": {"n": [None]}},
        InvalidParameterTypeError,
        r"^params: 'n' must be",
    ),
    (
        "params key",
        {"method": "GET", "url": "https://h/", "params": {1: "a"}},
        InvalidParameterTypeError,
        r"^params: keys must be str",
    ),
    (
        "data list",
        {"method": "POST", "url": "https://h/", "data": [1]},
        InvalidParameterTypeError,
        r"^data: expected bytes, a str or None",
    ),
    (
        "form nested",
        {"method": "POST", "url": "https://h/", "data": {"a": {"b": 1}}},
        InvalidParameterTypeError,
        r"^data: 'a' must be",
    ),
    (
        "form bool",
        {"method": "POST", "url": "https://h/", "data": {"a": [True]}},
        InvalidParameterTypeError,
        r"^data: 'a' must be",
    ),
    (
        "json object",
        {
            "method": "POST",
            "url": "https://h/",
            "headers": {"content-type": "application/json"},
            "data": {"a": object()},
        },
        InvalidParameterTypeError,
        r"^data: is not JSON-serialisable",
    ),
    (
        "auth str",
        {"method": "GET", "url": "https://h/", "auth": "u:p"},
        InvalidParameterTypeError,
        r"^auth: expected a \(user, password\) pair",
    ),
    (
        "auth triple",
        {"method": "GET", "url": "https://h/", "auth": ("u", "p", "x")},
        InvalidParameterTypeError,
        r"^auth: ",
    ),
]


@pytest.mark.parametrize(("case", "request_", "error", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_requests_name_the_parameter(case: str, request_: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        canon(request_)


# -- signed header names ---------------------------------------------------------------------------


def test_signed_headers_are_lower_cased_sorted_and_always_include_authorization_and_host() -> None:
    assert check_signed_headers("signed_headers", None) == ("authorization", "host")
    assert check_signed_headers("signed_headers", ["X-B", "x-a", "HOST", "x-b"]) == (
        "authorization",
        "host",
        "x-a",
        "x-b",
    )
    assert check_signed_headers("signed_headers", ()) == ("authorization", "host")


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ("x-custom", InvalidParameterTypeError, r"^signed_headers: expected a list of header names, got str$"),
        (5, InvalidParameterTypeError, r"^signed_headers: expected a list of header names, got int$"),
        ([b"x"], InvalidParameterTypeError, r"^signed_headers: expected header names as str, got bytes$"),
        (["x custom"], InvalidParameterError, r"^signed_headers: 'x custom' is not an HTTP header name$"),
        ([""], InvalidParameterError, r"^signed_headers: '' is not an HTTP header name$"),
        (["x:y"], InvalidParameterError, r"is not an HTTP header name"),
    ],
)
def test_bad_signed_headers(value: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        check_signed_headers("signed_headers", value)


# -- the wire route ---------------------------------------------------------------------------------


def test_wire_headers_from_an_http_message_keep_repeated_values() -> None:
    message = email.parser.Parser().parsestr("Host: API.twilio.com:443\nX-Rep: 2\nX-Rep: 1\nAuthorization: a\n\n")
    c = canonicalize_wire("post", "/a%20b?y=1&x=2", message, "body", signed_headers=["x-rep"])
    assert c.canonicalized_request == (
        "POST\n/a%20b\nx=2&y=1\nauthorization:a\nhost:api.twilio.com\nx-rep:1,2\n\n"
        f"authorization;host;x-rep\n{hashlib.sha256(b'body').hexdigest()}"
    )


def test_wire_pairs_of_bytes_are_read_as_latin_1_and_host_falls_back() -> None:
    c = canonicalize_wire("GET", "/", [(b"Authorization", b"Basic \xe9")], None, query="", scheme="http", host="H:80")
    assert c.header_lines == "authorization:Basic é\nhost:h\n"
    assert canonicalize_wire("GET", "/x?ignored", {}, query="a=1").path == "/x%3Fignored"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"scheme": "ftp"}, InvalidParameterError, r"^scheme: expected 'https' or 'http'"),
        ({"query": 1}, InvalidParameterTypeError, r"^query: expected a str or None"),
        ({"host": 1}, InvalidParameterTypeError, r"^host: expected a str or None"),
        ({"body": 1}, InvalidParameterTypeError, r"^body: expected bytes, a str or None"),
        ({"headers": "Host: x"}, InvalidParameterTypeError, r"^headers: expected a mapping of headers, got str"),
        ({"headers": 5}, InvalidParameterTypeError, r"^headers: expected a mapping of headers, got int"),
        ({"headers": [("a",)]}, InvalidParameterTypeError, r"^headers: expected \(name, value\) pairs"),
        ({"method": ""}, InvalidParameterError, r"^method: is required"),
        ({"path": None}, InvalidParameterError, r"^path: is required"),
    ],
)
def test_bad_wire_arguments(kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    arguments: dict[str, Any] = {"method": "GET", "path": "/", "headers": {}, **kwargs}
    with pytest.raises(error, match=message):
        canonicalize_wire(**arguments)


@settings(max_examples=2000)
@given(st.text(alphabet="/.a~-_2B é+*", max_size=14))
def test_canonical_paths_take_the_fast_path_only_when_it_gives_the_same_answer(raw: str) -> None:
    """``%61`` is ``a`` escaped, so it forces the full decode/re-encode path, which must agree.

    (No ``%`` in the alphabet: replacing ``a`` inside an escape such as ``%a2`` would change it.)
    """
    assert canonical_path(raw) == canonical_path(raw.replace("a", "%61"))


# -- targets that are not already canonical (issue 12: the verifier checks what the server acts on) ----------

CANONICAL_TARGETS = [
    "/api/send?to=alice",
    "/",
    "/a/",
    "/2010-04-01/Accounts/AC1/Messages.json?PageSize=5&Page=0",
    "/a%20b/%C3%A9/*~+/%25/?k=v%201&k=v+2",  # what requests and httpx send for "/a b/é/*~+/%25/"
    "/v2/PhoneNumbers/+14155550100",  # sub-delimiters unescaped, as clients send them
    "/a%2fb",  # lower-case hex spells the same bytes; %2F is not a separator, so it is not rewritten
    "/q?b=2&a=1&a",  # pair order, and a key without "=", are the canonical query's business
]


@pytest.mark.parametrize("target", CANONICAL_TARGETS)
def test_targets_in_canonical_form_pass(target: str) -> None:
    assert target_problem(target) is None


NON_CANONICAL_TARGETS = [
    ("/api/send?to=alice#&to=mallory", "has a fragment"),
    ("/api/send#x", "has a fragment"),
    ("/api/admin/../send?to=alice", "has a dot segment"),
    ("/api/./send", "has a dot segment"),
    ("/api/admin/%2e%2E/send", "has a dot segment"),
    ("/api/admin/..", "has a dot segment"),
    ("/api//send", "has an empty segment (//)"),
    ("//api/send", "has an empty segment (//)"),
    ("/%7Euser", "is not in canonical form"),
    ("/api/%73end", "is not in canonical form"),
    ("/a%zz", "is not in canonical form"),
    ("/a b", "is not in canonical form"),
    ("/\u00e9", "is not in canonical form"),
    ("/a\\b", "is not in canonical form"),
    ("/a?b=%zz", "query holds a malformed %-escape"),
    ("/a?b=c d", "query holds a malformed %-escape or a character that must be escaped"),
    ("/a?b=\u00e9", "query holds"),
    ("*", "is not a path starting with /"),
    ("http://h/x", "is not a path starting with /"),
]


@pytest.mark.parametrize(("target", "reason"), NON_CANONICAL_TARGETS)
def test_targets_the_canonical_form_would_rewrite_are_named(target: str, reason: str) -> None:
    problem = target_problem(target)
    assert problem is not None
    assert reason in problem


def test_a_separate_query_is_checked_too_and_a_question_mark_in_the_path_is_not_canonical() -> None:
    assert target_problem("/a", "b=1") is None
    assert "query" in (target_problem("/a", "b=%zz") or "")
    assert "fragment" in (target_problem("/a", "b=1#c") or "")
    assert "not in canonical form" in (target_problem("/a?b", "c=1") or "")


def test_wire_request_canonical_problem_includes_the_method_case() -> None:
    assert WireRequest("GET", "/a?b=1", {}).canonical_problem() is None
    assert "not upper case" in (WireRequest("get", "/a", {}).canonical_problem() or "")
    assert "dot segment" in (WireRequest("GET", "/a/../b", {}).canonical_problem() or "")


# -- request parts that are not HTTP (issue 12: refused on both sides, naming the part) ---------------------

BAD_METHODS = ["po\u017ft", "PO ST", "GET\x00", "GET\r\n", "G\tET", "\u0130NDEX", "GET/"]


@pytest.mark.parametrize("method", BAD_METHODS)
def test_a_method_that_is_not_an_http_token_is_refused_on_both_routes(method: str) -> None:
    assert method.upper() != method or not method.isascii() or not method.isalpha()
    with pytest.raises(InvalidParameterError, match=r"^method: .* is not an HTTP method"):
        canon({"method": method, "url": "https://api.twilio.com/x"})
    with pytest.raises(InvalidParameterError, match=r"^method: .* is not an HTTP method"):
        WireRequest(method, "/x", {})


BAD_HEADERS = [
    ({"X-A": "1\nx-b:2"}, r"the value of 'X-A' holds CR, LF or NUL"),
    ({"X-A": "1\r\nx-b:2"}, r"the value of 'X-A' holds CR, LF or NUL"),
    ({"X-A": "1\rx"}, r"the value of 'X-A' holds CR, LF or NUL"),
    ({"X-A": "1\x00"}, r"the value of 'X-A' holds CR, LF or NUL"),
    ({"X-A": ["ok", "b\nc"]}, r"the value of 'X-A' holds CR, LF or NUL"),
    ({"X A": "1"}, r"'X A' is not an HTTP header name"),
    ({"X-A:": "1"}, r"'X-A:' is not an HTTP header name"),
    ({"X-A\n": "1"}, r"'X-A\\n' is not an HTTP header name"),
    ({"": "1"}, r"'' is not an HTTP header name"),
]


@pytest.mark.parametrize(("headers", "message"), BAD_HEADERS)
def test_headers_that_are_not_http_are_refused_on_both_routes(headers: dict[str, Any], message: str) -> None:
    """Before: ``X-A: "1\\nx-b:2"`` signed with x-a and x-b hashed exactly like two headers."""
    request = {"method": "GET", "url": "https://api.twilio.com/x", "headers": headers}
    with pytest.raises(InvalidParameterError, match=rf"^headers: {message}"):
        canon(request, ("authorization", "host", "x-a", "x-b"))
    with pytest.raises(InvalidParameterError, match=rf"^headers: {message}"):
        WireRequest("GET", "/x", headers)
    raw = [
        (name.encode("latin-1"), value.encode("latin-1")) for name, value in headers.items() if isinstance(value, str)
    ]
    if raw:
        with pytest.raises(InvalidParameterError, match=rf"^headers: {message}"):
            WireRequest("GET", "/x", raw)


def test_a_url_with_a_control_character_or_a_host_with_a_newline_is_refused() -> None:
    """urlsplit drops tabs and newlines silently, so "/a\\nb" would have been signed as "/ab"."""
    for url in ("https://api.twilio.com/a\nb", "https://api.twilio.com/a\tb", "https://api.twilio.com/a\x00"):
        with pytest.raises(InvalidParameterError, match=r"^url: holds a control character"):
            canon({"method": "GET", "url": url})
    with pytest.raises(InvalidParameterError, match=r"^host: holds CR, LF or NUL"):
        WireRequest("GET", "/", {}, host="h\r\nx-b: 2")


# -- redaction of the authorization line (issue 12: a folded header left the credential visible) --------------

FOLDED = "Basic c2VjcmV0LWxpbmUtb25l\r\n c2VjcmV0LWxpbmUtdHdv"


def test_a_folded_authorization_header_is_refused_without_showing_it() -> None:
    """Before: it was accepted, and repr() and redacted() showed the continuation line."""
    for build in (
        lambda: canon({"method": "GET", "url": "https://api.twilio.com/x", "headers": {"Authorization": FOLDED}}),
        lambda: WireRequest("GET", "/x", {"Authorization": FOLDED, "Host": "h"}),
        lambda: WireRequest("GET", "/x", email.parser.Parser().parsestr(f"Authorization: {FOLDED}\nHost: h\n\n")),
    ):
        with pytest.raises(InvalidParameterError, match=r"^headers: the value of 'Authorization'") as caught:
            build()
        assert "c2VjcmV0" not in str(caught.value)


def test_a_hand_built_canonicalizer_cannot_carry_a_continuation_line() -> None:
    fields = {"method": "GET", "path": "/", "query": "", "signed_headers": SIGNED, "body_hash": ""}
    for lines in (
        "authorization:Basic c2VjcmV0LWxpbmUtb25l\r\n c2VjcmV0LWxpbmUtdHdv\nhost:h\n",
        "authorization:Basic one\n two\nhost:h\n",
        "authorization:x\nx-unsigned:y\n",
        "authorization:x",
    ):
        with pytest.raises(InvalidParameterError, match=r"^header_lines: "):
            RequestCanonicalizer(header_lines=lines, **fields)
    with pytest.raises(InvalidParameterError, match=r"^method: "):
        RequestCanonicalizer(header_lines="", **{**fields, "method": "G T"})


@pytest.mark.parametrize("odd", ["\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\t", "\x1b[2K"])
def test_redaction_hides_every_accepted_authorization_value_whole(odd: str) -> None:
    """Characters str.splitlines() (or a terminal) treats as line breaks stay inside the hidden value."""
    value = f"Basic c2VjcmV0LWxpbmUtb25l{odd}c2VjcmV0LWxpbmUtdHdv"
    c = canonicalize_wire("GET", "/x", {"Authorization": value, "Host": "h"})
    assert c.header_lines == f"authorization:{value}\nhost:h\n"
    for shown in (repr(c), c.redacted()):
        assert "c2VjcmV0" not in shown
        assert "authorization:***" in shown
    assert c.redacted() == c.canonicalized_request.replace(value, "***")


@pytest.mark.parametrize(
    "lines",
    [
        "authorization:x\nhost:h\n\x85",  # a last line without its newline
        "authorization:a\x00b\nhost:h\n",
        "authorization:x\rhost:h\n",
        " authorization:x\nhost:h\n",  # a name that is not a signed one
        "authorization:x\n:host\n",
        "authorization:x\nhost\n",
        "\n",
    ],
)
def test_a_hand_built_canonicalizer_is_held_to_one_line_per_signed_header(lines: str) -> None:
    """The one check of ``header_lines`` (the builder's lines pass it; these could smuggle a line past redaction)."""
    fields = {"method": "GET", "path": "/", "query": "", "signed_headers": SIGNED, "body_hash": ""}
    with pytest.raises(InvalidParameterError, match=r"^header_lines: each line must be name:value for a signed header"):
        RequestCanonicalizer(header_lines=lines, **fields)
    assert RequestCanonicalizer(header_lines="authorization:x:y\nhost:h\n", **fields).hrh == "authorization;host"
