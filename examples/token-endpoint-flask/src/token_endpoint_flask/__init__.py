"""A Twilio access-token endpoint in Flask: ``GET`` or ``POST /token`` answers ``{"identity", "token"}``.

Your client (a browser or a mobile app) calls it once the user has signed in to *your*
application; the token lets that client use Twilio Voice and Video as that identity for an
hour. Twilio never sees your users' passwords: it trusts the token because it is signed with
your API key secret, which is why the secret stays on this server and the token is never cached
(``Cache-Control: no-store``).

Run it: ``TWILIO_ACCOUNT_SID=AC... TWILIO_API_KEY=SK... TWILIO_API_SECRET=... flask --app
token_endpoint_flask run``, then ``curl -H 'X-Identity: alice' http://127.0.0.1:5000/token``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, jsonify, request

from twilio_jwt import AccessToken, InvalidParameterError
from twilio_jwt_video import VideoGrant
from twilio_jwt_voice import VoiceGrant

__all__ = ["IDENTITY_HEADER", "REQUIRED", "TTL", "create_app"]

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


def create_app(environ: Mapping[str, str] | None = None) -> Flask:
    """The application, reading its credentials from ``environ`` (default ``os.environ``) at each request.

    The identity is the ``X-Identity`` header, which stands for your own authentication: an
    authenticating proxy in front of the app sets it (and drops any copy a client sends). In
    your application, replace ``identity`` below with your session's user (``flask_login``'s
    ``current_user.get_id()``, say). Never mint a token for an identity the client picked itself.
    """
    app = Flask(__name__)
    settings = os.environ if environ is None else environ

    @app.route("/token", methods=["GET", "POST"])
    def token() -> tuple[Response, int]:
        identity = request.headers.get(IDENTITY_HEADER, "").strip()
        if not identity:
            return _error(f"{IDENTITY_HEADER}: sign in first; the token is minted for the signed-in user", 401)
        missing = [name for name in REQUIRED if not settings.get(name)]
        if missing:
            return _error(f"server misconfigured: {', '.join(missing)} not set", 500)
        try:
            access = AccessToken(*(settings[name] for name in REQUIRED), identity=identity, ttl=TTL)
            outgoing = settings.get(TWIML_APP) or None
            access.add_grant(VoiceGrant(incoming_allow=True, outgoing_application_sid=outgoing))
        except InvalidParameterError as exc:  # its message names the parameter and never holds the secret
            return _error(f"server misconfigured: {_VARIABLE.get(exc.parameter, exc.parameter)}: {exc}", 500)
        access.add_grant(VideoGrant())
        return jsonify(identity=identity, token=access.to_jwt()), 200

    @app.after_request
    def never_cache(response: Response) -> Response:
        # A token is a credential: no browser or proxy cache may keep it (nor an error about one).
        response.headers["Cache-Control"] = "no-store"
        return response

    return app


def _error(message: str, status: int) -> tuple[Response, int]:
    body: dict[str, Any] = {"error": message}
    return jsonify(body), status
