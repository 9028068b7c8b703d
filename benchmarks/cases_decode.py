"""AccessToken.from_jwt against PyJWT's ``jwt.decode`` of the same token.

PyJWT's decode verifies the signature and the time claims and returns a dict; ours
does that through PyJWT too and then checks the claims' shapes and rebuilds a working
AccessToken with its grants, so the target allows 20 % on top.
"""

from __future__ import annotations

import math
import time

from benchmarks.cases_access import builder
from benchmarks.fixtures import API_SECRET, frozen_clock
from benchmarks.report import Row, at_most, failed, unavailable
from benchmarks.timing import Settings, compare, sampler

__all__ = ["run"]


def run(settings: Settings) -> list[Row]:
    case = "AccessToken.from_jwt (identity+Voice+Video, HS256)"
    target = at_most(1.2, "PyJWT jwt.decode")
    from twilio_jwt import AccessToken

    from_jwt = getattr(AccessToken, "from_jwt", None)
    if from_jwt is None:
        return [unavailable(case, target, "AccessToken.from_jwt")]
    try:
        import jwt
    except ImportError as exc:
        return [failed(case, target, exc)]
    build = builder()
    with frozen_clock(math.floor(time.time())):  # one second throughout: the rebuilt token must match exactly
        token = build().to_jwt()
        if from_jwt(token, API_SECRET).to_jwt() != token:
            raise AssertionError("from_jwt did not rebuild the token it was given")
    ours = sampler(lambda: from_jwt(token, API_SECRET), settings.budget)
    baseline = sampler(lambda: jwt.decode(token, API_SECRET, algorithms=["HS256"]), settings.budget)
    return [Row.compared(case, "PyJWT", compare(ours, baseline, settings.rounds), target)]
