"""Memory while minting a million tokens in a loop.

A subprocess mints tokens the way a busy server does (a new AccessToken with a
Voice and a Video grant per user, each with its own identity, so no per-token value
repeats) and reads its peak resident set size (``getrusage``'s ``ru_maxrss``) after
the first thousand tokens and again at the end. Caches that never stop growing, or
anything kept per token, show up as growth between the two readings.
"""

from __future__ import annotations

import json
import textwrap

from benchmarks.fixtures import ACCOUNT_SID, API_KEY_SID, API_SECRET, APP_SID, ROOM
from benchmarks.processes import environment, run_script
from benchmarks.report import Row, below
from benchmarks.timing import Settings, Stats

__all__ = ["run"]

LIMIT_MB = 5.0
WARM = 1000

SCRIPT = textwrap.dedent(f"""
    import json, resource, sys, time
    from twilio_jwt import AccessToken
    from twilio_jwt_video import VideoGrant
    from twilio_jwt_voice import VoiceGrant

    def mint(index):
        token = AccessToken({ACCOUNT_SID!r}, {API_KEY_SID!r}, {API_SECRET!r}, identity=f"user-{{index}}")
        token.add_grant(VoiceGrant(incoming_allow=True, outgoing_application_sid={APP_SID!r}))
        token.add_grant(VideoGrant(room={ROOM!r}))
        return token.to_jwt()

    def peak_kib():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    total = int(sys.argv[1])
    for index in range({WARM}):
        mint(index)
    warm = peak_kib()
    started = time.perf_counter()
    for index in range({WARM}, total):
        mint(index)
    print(json.dumps({{"warm_kib": warm, "end_kib": peak_kib(), "seconds": time.perf_counter() - started}}))
""")


def run(settings: Settings) -> list[Row]:
    case = f"minting {settings.mints:,} tokens: peak RSS growth after the first {WARM:,}"
    env = environment()
    result = json.loads(run_script(SCRIPT, env, str(settings.mints)))
    growth = (result["end_kib"] - result["warm_kib"]) / 1024
    target = below(LIMIT_MB, "MB")
    seconds = result["seconds"]
    row = Row(case, target, target.met(growth), ours=Stats.of([growth]), unit="MB")
    row.note = f"{seconds:.0f} s for the loop" + ("; over 2 minutes" if seconds > 120 else "")
    row.extra = {
        "peak_rss_after_warmup_kib": result["warm_kib"],
        "peak_rss_end_kib": result["end_kib"],
        "seconds": seconds,
    }
    return [row]
