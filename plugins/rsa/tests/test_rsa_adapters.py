"""The requests and httpx adapters, driven through each client's own request preparation (no network).

Each signed request's ``rqh`` is compared with what ``ValidationToken.get_request_canonicalizer``
predicts for the same request described as a mapping: two independent routes to the
canonical form that must agree. The wire itself is exercised in the repository's
end-to-end tests (tests/test_request_signing_e2e.py).
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
from collections.abc import Generator
from typing import Any

import httpx
import jwt
import pytest
import requests
from rsa_test_keys import CREDENTIAL_SID, Keys

from twilio_jwt import InvalidParameterError, InvalidParameterTypeError, PluginHost
from twilio_jwt._jws import b64url_decode
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID
from twilio_jwt_rsa import ValidationToken
from twilio_jwt_rsa.httpx_auth import HttpxValidationAuth
from twilio_jwt_rsa.requests_auth import RequestsValidationAuth

URL = "https://api.twilio.com/2010-04-01/Accounts/AC0123/Messages.json"
FORM = {"To": "+15558675310", "Body": "hé llo *~+%", "MediaUrl": ["https://a/1", "https://a/2"]}
PARAMS = {"PageSize": 5, "q": "a b"}
USER, PASSWORD = "SK0123", "api-key-secret"


def claims_of(token: str, keys: Keys) -> dict[str, Any]:
    """The token's claims, after PyJWT has verified its RS256 signature with the public key."""
    header = json.loads(b64url_decode(token.split(".")[0]))
    assert header == {"cty": "twilio-pkrv;v=1", "typ": "JWT", "alg": "RS256", "kid": "CR" + "0123456789abcdef" * 2}
    return jwt.decode(token, keys.public, algorithms=["RS256"])


def predicted(vt: ValidationToken, request: dict[str, Any]) -> str:
    return vt.get_request_canonicalizer(request).get_signature_hash()


# -- requests ----------------------------------------------------------------------------


def test_requests_form_post_with_params_and_basic_auth(validation_token: ValidationToken, keys: Keys) -> None:
    auth = RequestsValidationAuth(validation_token, auth=(USER, PASSWORD))
    prepared = requests.Request("POST", URL, params=PARAMS, data=FORM, auth=auth).prepare()
    claims = claims_of(prepared.headers["Twilio-Client-Validation"], keys)
    assert prepared.headers["Authorization"] == "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    assert claims["hrh"] == "authorization;host"
    assert claims["rqh"] == predicted(
        validation_token, {"method": "POST", "url": URL, "params": PARAMS, "data": FORM, "auth": (USER, PASSWORD)}
    )


def test_requests_uses_url_userinfo_as_basic_auth_like_requests_does(
    validation_token: ValidationToken, keys: Keys
) -> None:
    url = URL.replace("https://", "https://user%40x:p%3Aw@")
    prepared = requests.Request("GET", url, auth=RequestsValidationAuth(validation_token)).prepare()
    assert prepared.headers["Authorization"] == "Basic " + base64.b64encode(b"user@x:p:w").decode()
    claims = claims_of(prepared.headers["Twilio-Client-Validation"], keys)
    assert claims["rqh"] == predicted(validation_token, {"method": "GET", "url": url})


def test_requests_signs_the_authorization_another_auth_sets(validation_token: ValidationToken, keys: Keys) -> None:
    class Bearer(requests.auth.AuthBase):
        def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
            request.headers["Authorization"] = "Bearer t0k3n"
            return request

    prepared = requests.Request(
        "DELETE", URL, headers={"X-Extra": "1"}, auth=RequestsValidationAuth(validation_token, auth=Bearer())
    ).prepare()
    claims = claims_of(prepared.headers["Twilio-Client-Validation"], keys)
    assert claims["rqh"] == predicted(
        validation_token, {"method": "DELETE", "url": URL, "headers": {"Authorization": "Bearer t0k3n"}}
    )


def test_requests_json_body_is_hashed_as_sent(validation_token: ValidationToken, keys: Keys) -> None:
    prepared = requests.Request(
        "POST", URL, json={"a": "é", "b": [1, 2]}, auth=RequestsValidationAuth(validation_token)
    ).prepare()
    assert prepared.body == b'{"a": "\\u00e9", "b": [1, 2]}'  # requests' own JSON, not the contract's compact form
    claims = claims_of(prepared.headers["Twilio-Client-Validation"], keys)
    assert claims["rqh"] == predicted(validation_token, {"method": "POST", "url": URL, "data": prepared.body.decode()})


@pytest.mark.parametrize("body", [io.BytesIO(b"abc"), (chunk for chunk in [b"a", b"b"])], ids=["file", "generator"])
def test_requests_refuses_a_streamed_body(validation_token: ValidationToken, body: Any) -> None:
    with pytest.raises(
        InvalidParameterTypeError, match=r"^body: a streamed body \(file or generator\) cannot be signed"
    ):
        requests.Request("POST", URL, data=body, auth=RequestsValidationAuth(validation_token)).prepare()


# -- httpx -------------------------------------------------------------------------------


def signed_by_httpx(auth: httpx.Auth, request: httpx.Request) -> httpx.Request:
    flow = auth.sync_auth_flow(request)
    return next(flow)


def test_httpx_form_post_with_params_and_basic_auth(validation_token: ValidationToken, keys: Keys) -> None:
    request = httpx.Request("POST", URL, params=PARAMS, data=FORM)
    signed = signed_by_httpx(HttpxValidationAuth(validation_token, auth=(USER, PASSWORD)), request)
    claims = claims_of(signed.headers["Twilio-Client-Validation"], keys)
    assert claims["rqh"] == predicted(
        validation_token, {"method": "POST", "url": URL, "params": PARAMS, "data": FORM, "auth": (USER, PASSWORD)}
    )


def test_httpx_json_body_matches_the_contracts_json_form(validation_token: ValidationToken, keys: Keys) -> None:
    data = {"a": "é", "b": [1, 2], "c": {"d": None}}
    signed = signed_by_httpx(HttpxValidationAuth(validation_token), httpx.Request("PUT", URL, json=data))
    claims = claims_of(signed.headers["Twilio-Client-Validation"], keys)
    headers = {"Content-Type": "application/json"}
    assert claims["rqh"] == predicted(validation_token, {"method": "PUT", "url": URL, "headers": headers, "data": data})


def test_httpx_signs_every_request_of_a_challenge_response_auth(validation_token: ValidationToken, keys: Keys) -> None:
    auth = HttpxValidationAuth(validation_token, auth=httpx.DigestAuth("user", "pw"))
    request = httpx.Request("GET", URL)
    flow = auth.sync_auth_flow(request)
    first = next(flow)
    assert "Authorization" not in first.headers
    assert claims_of(first.headers["Twilio-Client-Validation"], keys)["rqh"] == predicted(
        validation_token, {"method": "GET", "url": URL}
    )
    challenge = httpx.Response(
        401, headers={"WWW-Authenticate": 'Digest realm="r", nonce="abc", qop="auth"'}, request=first
    )
    second = flow.send(challenge)
    assert second.headers["Authorization"].startswith("Digest ")
    assert claims_of(second.headers["Twilio-Client-Validation"], keys)["rqh"] == predicted(
        validation_token, {"method": "GET", "url": URL, "headers": {"Authorization": second.headers["Authorization"]}}
    )


def test_httpx_async_flow_signs_too(validation_token: ValidationToken, keys: Keys) -> None:
    async def sign() -> httpx.Request:
        flow = HttpxValidationAuth(validation_token, auth=(USER, PASSWORD)).async_auth_flow(
            httpx.Request("POST", URL, content=b"raw \x00 bytes")
        )
        return await flow.__anext__()

    signed = asyncio.run(sign())
    claims = claims_of(signed.headers["Twilio-Client-Validation"], keys)
    assert claims["rqh"] == predicted(
        validation_token, {"method": "POST", "url": URL, "auth": (USER, PASSWORD), "data": "raw \x00 bytes"}
    )


def test_httpx_reads_a_streamed_body_before_signing(validation_token: ValidationToken, keys: Keys) -> None:
    def chunks() -> Generator[bytes, None, None]:
        yield b"To=%2B1&"
        yield b"Body=hi"

    signed = signed_by_httpx(HttpxValidationAuth(validation_token), httpx.Request("POST", URL, content=chunks()))
    claims = claims_of(signed.headers["Twilio-Client-Validation"], keys)
    assert claims["rqh"] == predicted(validation_token, {"method": "POST", "url": URL, "data": "To=%2B1&Body=hi"})


# -- arguments ---------------------------------------------------------------------------


@pytest.mark.parametrize("adapter", [RequestsValidationAuth, HttpxValidationAuth])
def test_adapters_check_their_arguments(adapter: Any, validation_token: ValidationToken) -> None:
    with pytest.raises(InvalidParameterTypeError, match=r"^validation_token: expected a ValidationToken, got str$"):
        adapter("eyJ...")
    with pytest.raises(
        InvalidParameterTypeError, match=r"^auth: expected a \(user, password\) pair, a .* or None, got"
    ):
        adapter(validation_token, auth=("only-one",))
    with pytest.raises(InvalidParameterTypeError, match=r"^auth: expected .*, got str$"):
        adapter(validation_token, auth="user:password")
    assert "PRIVATE" not in repr(adapter(validation_token, auth=(USER, PASSWORD)))


# -- request parts that are not HTTP (issue 12): refused before anything is signed ---------------------------


class _Injecting(requests.auth.AuthBase):
    """Sets a header after requests has checked the headers it was given (auth runs later)."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["X-A"] = "1\nx-b:2"
        return request


def test_requests_adapter_refuses_a_header_value_with_a_newline(keys: Keys, rsa_host: PluginHost) -> None:
    """Before: signed with x-a and x-b, the value hashed exactly like two headers."""
    signer = ValidationToken(
        TEST_ACCOUNT_SID, CREDENTIAL_SID, TEST_KEY_SID, keys.pkcs8, signed_headers=["x-a", "x-b"], host=rsa_host
    )
    auth = RequestsValidationAuth(signer, auth=_Injecting())
    with pytest.raises(InvalidParameterError, match=r"^headers: the value of 'X-A' holds CR, LF or NUL"):
        requests.Request("GET", URL, auth=auth).prepare()


class _InjectingFlow(httpx.Auth):
    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["X-A"] = "1\r\n x"
        yield request


def test_httpx_adapter_refuses_a_header_value_with_a_newline(validation_token: ValidationToken) -> None:
    auth = HttpxValidationAuth(validation_token, auth=_InjectingFlow())
    flow = auth.sync_auth_flow(httpx.Request("GET", URL))
    with pytest.raises(InvalidParameterError, match=r"^headers: the value of 'X-A' holds CR, LF or NUL"):
        next(flow)


@pytest.mark.parametrize("method", ["po\u017ft", "GET\x00", "G T"])
def test_requests_adapter_refuses_a_method_that_is_not_an_http_token(
    validation_token: ValidationToken, method: str
) -> None:
    prepared = requests.Request("GET", URL).prepare()
    prepared.method = method  # requests upper-cases what it is given: "po\u017ft" would become "POST"
    with pytest.raises(InvalidParameterError, match=r"^method: .* is not an HTTP method"):
        RequestsValidationAuth(validation_token)(prepared)


@pytest.mark.parametrize("method", ["GET\x00", "G T"])
def test_httpx_adapter_refuses_a_method_that_is_not_an_http_token(
    validation_token: ValidationToken, method: str
) -> None:
    flow = HttpxValidationAuth(validation_token).sync_auth_flow(httpx.Request(method, URL))
    with pytest.raises(InvalidParameterError, match=r"^method: .* is not an HTTP method"):
        next(flow)
