"""AccessToken minting: against the floor encoder and twilio-python.

The token is the one a Voice + Video app hands its browser client: an identity, a
VoiceGrant that accepts calls and places them through a TwiML app, and a VideoGrant
for one room (the shape of Twilio's own quickstarts). "build" means constructing the
token and both grants and calling ``to_jwt()``, which is what a request handler does
for every user; "to_jwt only" signs an already built token again.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from benchmarks.fixtures import ACCOUNT_SID, API_KEY_SID, API_SECRET, APP_SID, IDENTITY, ROOM, frozen_clock
from benchmarks.floor import encode_hs256
from benchmarks.report import Row, against, at_most, faster
from benchmarks.timing import Settings, sampler

__all__ = ["mint_ours", "run"]

HEADER = {"alg": "HS256", "typ": "JWT", "cty": "twilio-fpa;v=1"}
KEY = API_SECRET.encode()


def floor_claims(now: int) -> dict[str, Any]:
    """The claims twilio-jwt writes for this token, written out by hand."""
    return {
        "jti": f"{API_KEY_SID}-{now}",
        "grants": {
            "identity": IDENTITY,
            "voice": {"incoming": {"allow": True}, "outgoing": {"application_sid": APP_SID}},
            "video": {"room": ROOM},
        },
        "iat": now,
        "exp": now + 3600,
        "iss": API_KEY_SID,
        "sub": ACCOUNT_SID,
    }


def mint_floor() -> str:
    return encode_hs256(HEADER, floor_claims(math.floor(time.time())), KEY)


def builder() -> Callable[[], Any]:
    """A function building our token, with the imports hoisted as a request handler has them."""
    from twilio_jwt import AccessToken
    from twilio_jwt_video import VideoGrant
    from twilio_jwt_voice import VoiceGrant

    def build() -> Any:
        token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, identity=IDENTITY)
        token.add_grant(VoiceGrant(incoming_allow=True, outgoing_application_sid=APP_SID))
        token.add_grant(VideoGrant(room=ROOM))
        return token

    return build


def mint_ours() -> str:
    return str(builder()().to_jwt())


def _twilio_minter() -> Callable[[], str]:
    from twilio.jwt.access_token import AccessToken  # type: ignore[import-untyped]
    from twilio.jwt.access_token.grants import VideoGrant, VoiceGrant  # type: ignore[import-untyped]

    def mint() -> str:
        token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, identity=IDENTITY)
        token.add_grant(VoiceGrant(incoming_allow=True, outgoing_application_sid=APP_SID))
        token.add_grant(VideoGrant(room=ROOM))
        return str(token.to_jwt())

    return mint


def check_same_bytes() -> None:
    """The floor must write our exact token, or comparing with it means nothing."""
    with frozen_clock(1_700_000_000.25):
        ours, floor = mint_ours(), mint_floor()
    if ours != floor:
        raise AssertionError(f"floor and twilio-jwt disagree:\n  ours  {ours}\n  floor {floor}")


def run(settings: Settings) -> list[Row]:
    build_case = "AccessToken identity+Voice+Video: build + to_jwt() HS256"
    check_same_bytes()
    build = builder()
    ours = sampler(lambda: build().to_jwt(), settings.budget)
    signs = sampler(build().to_jwt, settings.budget)
    return [
        against(build_case, "floor", ours, lambda: mint_floor, at_most(1.5, "floor"), settings),
        against(build_case, "twilio-python", ours, _twilio_minter, faster(1.8, "twilio-python"), settings),
        against(
            "AccessToken identity+Voice+Video: to_jwt() only",
            "floor",
            signs,
            lambda: mint_floor,
            at_most(1.3, "floor"),
            settings,
        ),
    ]
