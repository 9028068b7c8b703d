"""How cost grows with the work: each series is fitted and classified.

Three series, each point timed in calibrated rounds that visit every point in turn
(the minimum over rounds is fitted, as the least disturbed reading; the JSON keeps
median, min and max):

- time per access token (build + ``to_jwt()``) against the number of grants, 1 to 6;
- the same against the size of the Voice grant's application params, 10 B to 64 KiB;
- time per validation token (canonicalise + RS256) against the body size, 0 to 1 MiB.

Classification: a least-squares line ``t = a + b x`` is fitted. When the line rises
less than 10 % over the whole range the series is *flat*. Otherwise the slope of
``log t`` against ``log x`` over the upper half of the points is the growth exponent:
above 1.2 the series is *superlinear* (a missed target); at most 1.2 with a line that
fits (R² >= 0.9) it is *linear*; anything else is *irregular* (missed).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from benchmarks.fixtures import (
    ACCOUNT_SID,
    API_KEY_SID,
    API_SECRET,
    APP_SID,
    IDENTITY,
    ROOM,
    WORKER_SID,
    WORKSPACE_SID,
)
from benchmarks.report import Row, Target, unavailable
from benchmarks.timing import Settings, Stats, sampler

__all__ = ["Fit", "classify", "run"]

SHAPE = Target("flat or linear", math.inf)
PARAM_SIZES = (10, 100, 1024, 4096, 16384, 65536)
BODY_SIZES = (0, 1024, 16384, 65536, 262144, 1048576)


@dataclass(frozen=True)
class Fit:
    """A fitted series: ``t = intercept + slope * x``, its R², growth exponent and shape."""

    intercept: float
    slope: float
    r2: float
    exponent: float
    shape: str

    @property
    def met(self) -> bool:
        return self.shape in ("flat", "linear")


def _line(xs: Sequence[float], ts: Sequence[float]) -> tuple[float, float, float]:
    """Least squares ``t = a + b x``: (a, b, R²)."""
    n = len(xs)
    mx, mt = sum(xs) / n, sum(ts) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (t - mt) for x, t in zip(xs, ts, strict=True)) / sxx
    intercept = mt - slope * mx
    total = sum((t - mt) ** 2 for t in ts)
    residual = sum((t - intercept - slope * x) ** 2 for x, t in zip(xs, ts, strict=True))
    return intercept, slope, 1 - residual / total if total else 1.0


def classify(xs: Sequence[float], ts: Sequence[float]) -> Fit:
    """Fit and name the shape of a series (see the module docstring)."""
    intercept, slope, r2 = _line(xs, ts)
    low, high = intercept + slope * min(xs), intercept + slope * max(xs)
    upper = [(x, t) for x, t in zip(xs, ts, strict=True) if x >= sorted(xs)[len(xs) // 2] and x > 0]
    exponent = _line([math.log(x) for x, _ in upper], [math.log(t) for _, t in upper])[1]
    if (high - low) / low < 0.10:
        shape = "flat"
    elif exponent > 1.2:
        shape = "superlinear"
    elif r2 >= 0.9:
        shape = "linear"
    else:
        shape = "irregular"
    return Fit(intercept, slope, r2, exponent, shape)


def series(
    case: str, unit: tuple[str, float], points: Sequence[tuple[float, Callable[[], object]]], settings: Settings
) -> Row:
    """Time every point, fit, and make the row. ``unit`` names x's unit and its size in x."""
    samplers = [sampler(fn, settings.budget) for _, fn in points]
    samples: list[list[float]] = [[] for _ in points]
    for _ in range(max(3, settings.rounds // 2)):  # round-robin, so a burst of noise hits one round, not one point
        for sample, taken in zip(samplers, samples, strict=True):
            taken.append(sample())
    stats = [Stats.of(taken) for taken in samples]
    xs = [x for x, _ in points]
    fit = classify(xs, [s.low for s in stats])
    name, size = unit
    row = Row(case, SHAPE, fit.met)
    row.summary = f"{_us(fit.intercept)} + {_us(fit.slope * size)}/{name} (R2 {fit.r2:.3f})"
    row.note = f"{fit.shape}, exponent {fit.exponent:.2f}"
    row.extra = {
        "fit": {"intercept_s": fit.intercept, "slope_s_per_x": fit.slope, "r2": fit.r2, "exponent": fit.exponent},
        "shape": fit.shape,
        "points": [{"x": x, **s.as_json()} for x, s in zip(xs, stats, strict=True)],
    }
    return row


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:.3g} us"


def _grant_makers() -> list[Callable[[], Any]]:
    """Six grants, one per plugin, each built fresh per token as a request handler does."""
    from twilio_jwt_chat import ChatGrant
    from twilio_jwt_playback import PlaybackGrant
    from twilio_jwt_sync import SyncGrant
    from twilio_jwt_task_router import TaskRouterGrant
    from twilio_jwt_video import VideoGrant
    from twilio_jwt_voice import VoiceGrant

    player = {"playbackUrl": "https://example.com/live.m3u8", "playerStreamerSid": "VJ" + "3" * 32}
    return [
        lambda: VoiceGrant(incoming_allow=True, outgoing_application_sid=APP_SID),
        lambda: VideoGrant(room=ROOM),
        lambda: ChatGrant(service_sid="IS" + "1" * 32, endpoint_id="app:alice:device"),
        lambda: SyncGrant(service_sid="IS" + "2" * 32),
        lambda: TaskRouterGrant(workspace_sid=WORKSPACE_SID, worker_sid=WORKER_SID, role="worker"),
        lambda: PlaybackGrant(grant=player),
    ]


def by_grants(settings: Settings) -> Row:
    from twilio_jwt import AccessToken

    makers = _grant_makers()

    def minter(count: int) -> Callable[[], str]:
        chosen = makers[:count]

        def mint() -> str:
            token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, identity=IDENTITY)
            for make in chosen:
                token.add_grant(make())
            return token.to_jwt()

        return mint

    case = "scaling: access token vs number of grants (1-6)"
    return series(case, ("grant", 1), [(n, minter(n)) for n in range(1, 7)], settings)


def by_params(settings: Settings) -> Row:
    from twilio_jwt import AccessToken
    from twilio_jwt_voice import VoiceGrant

    def minter(size: int) -> Callable[[], str]:
        params = {"data": "x" * size}

        def mint() -> str:
            token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_SECRET, identity=IDENTITY)
            token.add_grant(VoiceGrant(outgoing_application_sid=APP_SID, outgoing_application_params=params))
            return token.to_jwt()

        return mint

    case = "scaling: access token vs voice params size (10 B-64 KiB)"
    return series(case, ("KiB", 1024), [(size, minter(size)) for size in PARAM_SIZES], settings)


def by_body(settings: Settings) -> Row:
    case = "scaling: validation token vs body size (0-1 MiB)"
    from benchmarks.cases_validation import request, signer

    try:
        sign = signer()
    except (ImportError, AttributeError) as exc:
        return unavailable(case, SHAPE, str(exc))

    def minter(size: int) -> Callable[[], str]:
        req = request("x" * size)
        return lambda: sign(req)

    return series(case, ("MiB", 1048576), [(size, minter(size)) for size in BODY_SIZES], settings)


def run(settings: Settings) -> list[Row]:
    return [by_grants(settings), by_params(settings), by_body(settings)]
