"""AccessToken minting: against the floor encoder and twilio-python.

The token is the one a Voice + Video app hands its browser client: an identity, a
VoiceGrant that accepts calls and places them through a TwiML app, and a VideoGrant
for one room (the shape of Twilio's own quickstarts). "build" means constructing the
token and both grants and calling ``to_jwt()``, which is what a request handler does
for every user; "to_jwt only" signs an already built token again.

The "imports inside" rows write each side's imports inside the timed function, as
code that imports where it mints does: ours ``from twilio_jwt import AccessToken`` and
``from twilio_jwt.grants import VoiceGrant, VideoGrant`` (the names any user reads in
the README), twilio-python its own two import statements; the floor stays the plain
hand-written encoder, since no import is work a token needs. Every import after the first finds its
module in ``sys.modules``, so what the rows add is the cost of the import statements
themselves. A last row times one repeated ``from twilio_jwt.grants import VoiceGrant``
against ``from json.decoder import JSONDecodeError``: a plain attribute of a plain
(non-package) module, reached the same way. ``from json import dumps`` is timed in the
same rounds and shown in the note; it is cheaper (about half, here) for a reason
outside any library: CPython looks up ``__path__`` on the module of every ``from``
import, which a package has and a plain module lacks, and the failed lookup builds and
drops an ``AttributeError`` (or calls the module's ``__getattr__``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from benchmarks.fixtures import ACCOUNT_SID, API_KEY_SID, API_SECRET, APP_SID, IDENTITY, ROOM, frozen_clock
from benchmarks.floor import encode_hs256
from benchmarks.report import Row, against, at_most, faster
from benchmarks.timing import Settings, compare_many, sampler

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


def mint_ours_importing() -> str:
    """Our token, with the imports inside the function (``twilio_jwt.grants`` resolves the grant names)."""
    from twilio_jwt import AccessToken
    from twilio_jwt.grants import VideoGrant, VoiceGrant

    token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, identity=IDENTITY)
    # twilio_jwt.grants names are typed as type[Grant]: the plugin packages export the precise types.
    token.add_grant(VoiceGrant(incoming_allow=True, outgoing_application_sid=APP_SID))  # type: ignore[call-arg]
    token.add_grant(VideoGrant(room=ROOM))  # type: ignore[call-arg]
    return str(token.to_jwt())


def mint_twilio_importing() -> str:
    from twilio.jwt.access_token import AccessToken  # type: ignore[import-untyped]
    from twilio.jwt.access_token.grants import VideoGrant, VoiceGrant  # type: ignore[import-untyped]

    token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, identity=IDENTITY)
    token.add_grant(VoiceGrant(incoming_allow=True, outgoing_application_sid=APP_SID))
    token.add_grant(VideoGrant(room=ROOM))
    return str(token.to_jwt())


def _twilio_importing() -> Callable[[], str]:
    """twilio-python's imports-inside minter; importing here first makes a missing ``twilio`` a missed row."""
    import twilio.jwt.access_token  # type: ignore[import-untyped] # noqa: F401

    return mint_twilio_importing


def import_grant() -> object:
    from twilio_jwt.grants import VoiceGrant

    return VoiceGrant


def import_plain_module_attribute() -> object:
    from json.decoder import JSONDecodeError

    return JSONDecodeError


def import_package_attribute() -> object:
    from json import dumps

    return dumps


def mint_ours() -> str:
    return str(builder()().to_jwt())


def _twilio_minter() -> Callable[[], str]:
    from twilio.jwt.access_token import AccessToken
    from twilio.jwt.access_token.grants import VideoGrant, VoiceGrant

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
    with frozen_clock(1_700_000_000.25):
        variants = {mint_ours_importing()}
    if variants != {ours}:
        raise AssertionError(f"the imports-inside minters write other tokens: {sorted(variants)}")


def import_row(settings: Settings) -> Row:
    """One repeated ``from twilio_jwt.grants import VoiceGrant`` against a plain module attribute import."""
    case = "repeated `from twilio_jwt.grants import VoiceGrant`"
    from twilio_jwt_voice import VoiceGrant

    if import_grant() is not VoiceGrant:
        raise AssertionError("twilio_jwt.grants.VoiceGrant is not the voice plugin's class")
    ours, (plain, package), (ratio, _) = compare_many(
        sampler(import_grant, settings.budget),
        [sampler(import_plain_module_attribute, settings.budget), sampler(import_package_attribute, settings.budget)],
        settings.rounds,
    )
    row = Row.compared(
        case, "from json.decoder import JSONDecodeError", (ours, plain, ratio), at_most(1.2, "a plain module attribute")
    )
    row.note = f"from json import dumps (a package): {package.median * 1e9:.0f} ns"
    row.extra = {"package_attribute_import": package.as_json()}
    return row


def run(settings: Settings) -> list[Row]:
    build_case = "AccessToken identity+Voice+Video: build + to_jwt() HS256"
    check_same_bytes()
    build = builder()
    ours = sampler(lambda: build().to_jwt(), settings.budget)
    signs = sampler(build().to_jwt, settings.budget)
    inside_case = "AccessToken identity+Voice+Video, imports inside the function: build + to_jwt() HS256"
    inside = sampler(mint_ours_importing, settings.budget)
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
        against(inside_case, "floor", inside, lambda: mint_floor, at_most(1.3, "floor"), settings),
        against(inside_case, "twilio-python", inside, _twilio_importing, faster(2.0, "twilio-python"), settings),
        import_row(settings),
    ]
