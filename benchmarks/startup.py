"""A fresh process that imports, loads every plugin and mints one HS256 access token.

The same job written with twilio-python is the baseline, in the same environment
(every plugin, ``cryptography`` and ``twilio`` installed). Wall time is measured by
the parent around the whole process: interpreter start, imports, plugin discovery,
one token and exit. A bare ``python -c pass`` is timed too and reported in the JSON,
since no library can go below it.
"""

from __future__ import annotations

import textwrap

from benchmarks.fixtures import ACCOUNT_SID, API_KEY_SID, API_SECRET, APP_SID, IDENTITY
from benchmarks.processes import environment, run_script, wall_time
from benchmarks.report import Row, faster
from benchmarks.timing import Settings, compare, measure

__all__ = ["run"]

_ARGS = f"{ACCOUNT_SID!r}, {API_KEY_SID!r}, {API_SECRET!r}, identity={IDENTITY!r}"
_GRANT = f"VoiceGrant(incoming_allow=True, outgoing_application_sid={APP_SID!r})"

OURS = textwrap.dedent(f"""
    import twilio_jwt
    from twilio_jwt.grants import VoiceGrant
    host = twilio_jwt.default_host()
    token = twilio_jwt.AccessToken({_ARGS})
    token.add_grant({_GRANT})
    print(token.to_jwt(), len(host.records))
""")

TWILIO = textwrap.dedent(f"""
    from twilio.jwt.access_token import AccessToken
    from twilio.jwt.access_token.grants import VoiceGrant
    token = AccessToken({_ARGS})
    token.add_grant({_GRANT})
    print(token.to_jwt())
""")


def run(settings: Settings) -> list[Row]:
    case = "fresh process: import, load all plugins, mint one HS256 token"
    env = environment()
    plugins = int(run_script(OURS, env).split()[1])  # warm-up (writes .pyc) and a check that plugins loaded
    run_script(TWILIO, env)
    rounds = settings.process_rounds
    stats = compare(lambda: wall_time(OURS, env), lambda: wall_time(TWILIO, env), rounds)
    row = Row.compared(case, "twilio-python", stats, faster(2, "twilio-python (<= 0.5x its wall time)"))
    bare = measure(lambda: wall_time("pass", env), rounds)
    row.extra = {"plugins_loaded": plugins, "bare_interpreter": bare.as_json()}
    row.note = f"{plugins} plugins; bare python {bare.median * 1e3:.0f} ms"
    return [row]
