"""A Twilio access-token endpoint in FastAPI: ``GET`` or ``POST /token`` answers ``{"identity", "token"}``.

Your client (a browser or a mobile app) calls it once the user has signed in to *your*
application; the token lets that client use Twilio Voice and Video as that identity for an
hour. Twilio never sees your users' passwords: it trusts the token because it is signed with
your API key secret, which is why the secret stays on this server and the token is never cached
(``Cache-Control: no-store``).

Run it: ``TWILIO_ACCOUNT_SID=AC... TWILIO_API_KEY=SK... TWILIO_API_SECRET=... uvicorn --factory
token_endpoint_fastapi:create_app``, then ``curl -H 'X-Identity: alice' http://127.0.0.1:8000/token``.
"""

import os
from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from twilio_jwt import AccessToken, InvalidParameterError
from twilio_jwt_video import VideoGrant
from twilio_jwt_voice import VoiceGrant

__all__ = ["IDENTITY_HEADER", "REQUIRED", "TTL", "TokenReply", "create_app"]

#: The credentials the token is signed with, as environment variables, in AccessToken's order.
REQUIRED = ("TWILIO_ACCOUNT_SID", "TWILIO_API_KEY", "TWILIO_API_SECRET")
#: Optional: the TwiML App SID (AP...) that the client's outgoing calls are handed to.
TWIML_APP = "TWILIO_TWIML_APP_SID"
#: AccessToken and VoiceGrant parameter -> the variable it came from, so an error names the variable.
_VARIABLE = {
    "account_sid": "TWILIO_ACCOUNT_SID",
    "key_sid": "TWILIO_API_KEY",
    "secret": "TWILIO_API_SECRET",
    "outgoing_application_sid": TWIML_APP,
}
#: Stand-in for your authentication: see ``create_app``.
IDENTITY_HEADER = "X-Identity"
TTL = 3600  # seconds: clients ask again before it runs out


class TokenReply(BaseModel):
    """What the client gets: whom the token is for, and the token."""

    identity: str
    token: str


class Refused(Exception):
    """Ends a request with a JSON ``{"error": ...}`` and a status: the caller's fault (4xx) or ours (5xx)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def create_app(environ: Mapping[str, str] | None = None) -> FastAPI:
    """The application, reading its credentials from ``environ`` (default ``os.environ``) at each request.

    The identity is the ``X-Identity`` header, which stands for your own authentication: an
    authenticating proxy in front of the app sets it (and drops any copy a client sends). In
    your application, make ``signed_in`` return your session's user instead (a dependency on
    your login system). Never mint a token for an identity the client picked itself.
    """
    app = FastAPI(title="Twilio access tokens")
    settings = os.environ if environ is None else environ

    def signed_in(x_identity: Annotated[str, Header()] = "") -> str:
        if not x_identity.strip():
            raise Refused(401, f"{IDENTITY_HEADER}: sign in first; the token is minted for the signed-in user")
        return x_identity.strip()

    def signing_token(identity: Annotated[str, Depends(signed_in)]) -> AccessToken:
        """An AccessToken for ``identity`` with the configured credentials, or a 500 naming what is wrong."""
        missing = [name for name in REQUIRED if not settings.get(name)]
        if missing:
            raise Refused(500, f"server misconfigured: {', '.join(missing)} not set")
        try:
            token = AccessToken(*(settings[name] for name in REQUIRED), identity=identity, ttl=TTL)
            token.add_grant(VoiceGrant(incoming_allow=True, outgoing_application_sid=settings.get(TWIML_APP) or None))
        except InvalidParameterError as exc:  # its message names the parameter and never holds the secret
            raise Refused(500, f"server misconfigured: {_VARIABLE.get(exc.parameter, exc.parameter)}: {exc}") from None
        token.add_grant(VideoGrant())
        return token

    @app.api_route("/token", methods=["GET", "POST"])
    def token(access: Annotated[AccessToken, Depends(signing_token)]) -> TokenReply:
        return TokenReply(identity=access.identity, token=access.to_jwt())

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Exception) -> Response:
        status = exc.status if isinstance(exc, Refused) else 500
        return JSONResponse({"error": str(exc)}, status_code=status)

    @app.middleware("http")
    async def never_cache(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        # A token is a credential: no browser or proxy cache may keep it (nor an error about one).
        response = await call_next(request)
        response.headers["Cache-Control"] = "no-store"
        return response

    return app
