"""Signing ``requests`` requests for Public Key Client Validation (extra ``twilio-jwt-rsa[requests]``).

::

    session = requests.Session()
    session.auth = RequestsValidationAuth(validation_token, auth=(api_key_sid, api_key_secret))
    session.post(url, data={"To": "+15558675310", "Body": "hi"})

The header is computed from the ``PreparedRequest``, after ``requests`` has encoded
the URL, query and body and after the client's own authentication has set
``Authorization``: exactly what goes on the wire. ``requests`` adds ``Host`` only
while sending (in urllib3), so the host comes from the URL, the way urllib3 writes it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from requests import PreparedRequest
from requests.auth import AuthBase, HTTPBasicAuth
from requests.utils import get_auth_from_url

from twilio_jwt.errors import InvalidParameterTypeError
from twilio_jwt_rsa.adapters import check_auth, check_validation_token
from twilio_jwt_rsa.canonical import WireRequest
from twilio_jwt_rsa.validation_token import HEADER_NAME, ValidationToken

__all__ = ["RequestsValidationAuth"]


class RequestsValidationAuth(AuthBase):
    """A ``requests`` auth that adds the ``Twilio-Client-Validation`` header to every request.

    ``auth`` authenticates the request itself and runs first, so the ``Authorization``
    header it sets is the one signed: a ``(user, password)`` pair (basic auth, as
    ``requests`` does with ``auth=(user, password)``) or another ``AuthBase``. With
    ``None``, a ``user:password@`` in the URL is used as ``requests`` would use it.
    Bodies must be bytes or str: a streamed body (file, generator) cannot be hashed
    before it is sent. Redirects are not signed again (Twilio's API does not redirect).
    """

    def __init__(self, validation_token: ValidationToken, auth: tuple[str, str] | AuthBase | None = None) -> None:
        self.validation_token = check_validation_token(validation_token)
        self.auth = check_auth(auth, AuthBase, HTTPBasicAuth)

    def __call__(self, request: PreparedRequest) -> PreparedRequest:
        url = request.url or ""
        auth = self.auth
        if auth is None and any(user_password := get_auth_from_url(url)):
            auth = HTTPBasicAuth(*user_password)
        if auth is not None:
            request = auth(request)
        body = request.body
        if body is not None and not isinstance(body, (bytes, str)):
            raise InvalidParameterTypeError("body", "a streamed body (file or generator) cannot be signed; pass bytes")
        parts = urlsplit(url)
        # path_url is the request target urllib3 sends; it adds Host from the URL only while sending.
        method = request.method or ""  # None (never prepared) is refused as a missing method
        wire = WireRequest(method, request.path_url, request.headers, body, scheme=parts.scheme, host=parts.netloc)
        request.headers[HEADER_NAME] = self.validation_token.generate_token(
            self.validation_token.get_wire_canonicalizer(wire)
        )
        return request

    def __repr__(self) -> str:
        return f"RequestsValidationAuth({self.validation_token!r})"
