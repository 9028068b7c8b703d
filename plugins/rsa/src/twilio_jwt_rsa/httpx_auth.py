"""Signing ``httpx`` requests for Public Key Client Validation (extra ``twilio-jwt-rsa[httpx]``).

::

    auth = HttpxValidationAuth(validation_token, auth=(api_key_sid, api_key_secret))
    with httpx.Client(auth=auth) as client:
        client.post(url, data={"To": "+15558675310", "Body": "hi"})

Works with ``httpx.Client`` and ``httpx.AsyncClient``. The header is computed from
the ``httpx.Request`` after the client's own authentication has run: the raw request
target (``url.raw_path``), the headers as they will be sent (httpx has already set
``Host``) and the body bytes (``requires_request_body`` makes httpx read a streamed
body first).
"""

from __future__ import annotations

from collections.abc import Generator

import httpx

from twilio_jwt_rsa.adapters import check_auth, check_validation_token
from twilio_jwt_rsa.canonical import WireRequest
from twilio_jwt_rsa.validation_token import HEADER_NAME, ValidationToken

__all__ = ["HttpxValidationAuth"]


class HttpxValidationAuth(httpx.Auth):
    """An ``httpx.Auth`` that adds the ``Twilio-Client-Validation`` header to every request.

    ``auth`` authenticates the request itself and runs first, so the ``Authorization``
    header it sets is the one signed: a ``(user, password)`` pair (``httpx.BasicAuth``)
    or another ``httpx.Auth``, whose every request (a digest retry too) is signed.
    With ``None``, a ``user:password@`` in the URL is used as httpx would use it.
    """

    requires_request_body = True

    def __init__(self, validation_token: ValidationToken, auth: tuple[str, str] | httpx.Auth | None = None) -> None:
        self.validation_token = check_validation_token(validation_token)
        self.auth = check_auth(auth, httpx.Auth, httpx.BasicAuth)
        self.requires_response_body = bool(self.auth is not None and self.auth.requires_response_body)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        auth = self.auth
        if auth is None and (request.url.username or request.url.password):
            auth = httpx.BasicAuth(request.url.username, request.url.password)
        if auth is None:
            yield self._sign(request)
            return
        flow = auth.auth_flow(request)
        outgoing = next(flow)
        while True:
            response = yield self._sign(outgoing)
            try:
                outgoing = flow.send(response)
            except StopIteration:
                return

    def _sign(self, request: httpx.Request) -> httpx.Request:
        url = request.url
        target = url.raw_path.decode("ascii")  # path and query, exactly as they go on the request line
        wire = WireRequest(
            request.method,
            target,
            request.headers.raw,
            request.content,
            scheme=url.scheme,
            host=url.netloc.decode("ascii"),
        )
        request.headers[HEADER_NAME] = self.validation_token.generate_token(
            self.validation_token.get_wire_canonicalizer(wire)
        )
        return request

    def __repr__(self) -> str:
        return f"HttpxValidationAuth({self.validation_token!r})"
