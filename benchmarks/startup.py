"""A fresh process that imports and mints one HS256 access token with a VoiceGrant.

Three jobs, timed in one interleaved run of fresh processes (each round starts a
different one first), as the parent sees them: interpreter start, imports, the work,
exit.

- ours: ``from twilio_jwt import AccessToken``, ``from twilio_jwt.grants import
  VoiceGrant``, one token. Only what that needs should be imported (which plugins
  load is the library's business, not the script's).
- the dependency floor: ``import attrs, pluggy, hmac, json, base64, hashlib`` and
  nothing else: what our required dependencies cost before we do anything.
- twilio-python doing the same job as ours.

Bytecode for the whole environment is compiled first (:func:`compile_bytecode`), so
no side times the compiler. A bare ``python -c pass`` is timed in the same rounds
and reported, since nothing can go below it. One more, untimed, run of our script
under ``python -X importtime`` is written, sorted by cumulative time, to
``benchmarks/results/importtime.txt`` and into the JSON: it shows what minting
imports.
"""

from __future__ import annotations

import statistics
import textwrap
from typing import Any

from benchmarks.fixtures import ACCOUNT_SID, API_KEY_SID, API_SECRET, APP_SID, IDENTITY, ROOT
from benchmarks.processes import compile_bytecode, environment, import_times, run_script, wall_time
from benchmarks.report import Row, at_most
from benchmarks.timing import Settings, compare_many

__all__ = ["FLOOR", "OURS", "TWILIO", "importtime_report", "run"]

_ARGS = f"{ACCOUNT_SID!r}, {API_KEY_SID!r}, {API_SECRET!r}, identity={IDENTITY!r}"
_GRANT = f"VoiceGrant(incoming_allow=True, outgoing_application_sid={APP_SID!r})"

OURS = textwrap.dedent(f"""
    from twilio_jwt import AccessToken
    from twilio_jwt.grants import VoiceGrant
    token = AccessToken({_ARGS})
    token.add_grant({_GRANT})
    print(token.to_jwt())
""")

TWILIO = textwrap.dedent(f"""
    from twilio.jwt.access_token import AccessToken
    from twilio.jwt.access_token.grants import VoiceGrant
    token = AccessToken({_ARGS})
    token.add_grant({_GRANT})
    print(token.to_jwt())
""")

FLOOR = "import attrs, pluggy, hmac, json, base64, hashlib"

#: What the untimed check run prints after the token: the modules minting imported.
_MODULES = "\nimport sys\nprint(' '.join(sorted(sys.modules)))\n"

IMPORTTIME = ROOT / "benchmarks" / "results" / "importtime.txt"
TOP = 30
RUNS = 5  # importtime runs; each module's median self and cumulative time is reported


def _check_token(text: str, side: str) -> None:
    """Both scripts must write a valid token with the voice grant, or timing them means nothing."""
    import jwt

    claims = jwt.decode(text.strip(), API_SECRET, algorithms=["HS256"])
    voice = claims["grants"].get("voice", {})
    if voice.get("outgoing", {}).get("application_sid") != APP_SID:
        raise AssertionError(f"{side}'s fresh-process token has no voice grant: {claims}")


def importtime_report(
    code: str, env: dict[str, str], modules: list[str], floor: list[str]
) -> tuple[str, dict[str, Any]]:
    """``-X importtime`` of ``code``: the text file's content and its JSON form (top ``TOP`` by cumulative time).

    ``modules`` are the modules the script had at exit, ``floor`` the dependency floor's:
    the difference is what minting imports beyond the dependencies.
    """
    first, *others = [import_times(code, env) for _ in range(RUNS)]
    runs = [{name: (own, cum) for name, own, cum in run} for run in (first, *others)]
    times = []
    for name, _, _ in first:
        seen = [run[name] for run in runs if name in run]
        times.append((name, round(statistics.median(o for o, _ in seen)), round(statistics.median(c for _, c in seen))))
    beyond = sorted(set(modules) - set(floor))
    self_us = {name: own for name, own, _ in times}
    ranked = sorted(times, key=lambda row: row[2], reverse=True)
    ours = [row for row in times if row[0].split(".")[0].startswith("twilio_jwt")]
    total = sum(row[1] for row in times)
    lines = [
        "# python -X importtime -c <benchmarks/startup.py OURS>: import, mint one HS256 token with a VoiceGrant",
        f"# bytecode compiled first (python -m compileall); median of {RUNS} runs per module; microseconds",
        "# a module imported through importlib.import_module (a plugin package named by an entry point) has no",
        "# line of its own: -X importtime reports imports made by import statements, the children's lines remain",
        f"# {len(times)} imports, {total / 1e3:.1f} ms of import time in all; "
        f"top {TOP} by cumulative time (a parent's cumulative includes its children's):",
        f"{'cumulative_us':>13} {'self_us':>8}  module",
        *(f"{cum:>13} {own:>8}  {name}" for name, own, cum in ranked[:TOP]),
        "",
        f"# twilio-jwt modules imported ({len(ours)}, {sum(r[1] for r in ours) / 1e3:.1f} ms self time), import order:",
        *(f"{cum:>13} {own:>8}  {name}" for name, own, cum in ours),
        "",
        f"# modules in sys.modules at exit beyond the dependency floor's ({len(beyond)}; self us where imported):",
        *(f"{self_us.get(name, ''):>8}  {name}" for name in beyond),
        "",
        f"# every module in sys.modules at exit ({len(modules)}):",
        " ".join(modules),
        "",
    ]
    data = {
        "command": "python -X importtime -c OURS",
        "imports": len(times),
        "self_total_us": total,
        "top": [{"module": n, "self_us": s, "cumulative_us": c} for n, s, c in ranked[:TOP]],
        "twilio_jwt_modules": [{"module": n, "self_us": s, "cumulative_us": c} for n, s, c in ours],
        "beyond_floor": beyond,
        "file": str(IMPORTTIME.relative_to(ROOT)),
    }
    return "\n".join(lines), data


def run(settings: Settings) -> list[Row]:
    env = environment()
    compiled = compile_bytecode(env)
    # Untimed warm-up of each script (and a check that both mint a real token).
    checked = run_script(OURS + _MODULES, env).splitlines()
    _check_token(checked[0], "ours")
    _check_token(run_script(TWILIO, env), "twilio-python")
    modules = checked[1].split()
    floor_modules = run_script(FLOOR + _MODULES, env).split()
    stats = compare_many(
        lambda: wall_time(OURS, env),
        [lambda: wall_time(FLOOR, env), lambda: wall_time(TWILIO, env), lambda: wall_time("pass", env)],
        settings.process_rounds,
    )
    ours, (floor, twilio, bare), (vs_floor, vs_twilio, _) = stats
    text, importtime = importtime_report(OURS, env, modules, floor_modules)
    IMPORTTIME.parent.mkdir(parents=True, exist_ok=True)
    IMPORTTIME.write_text(text, "utf-8")
    own = [a - b for a, b in zip(ours.samples, floor.samples, strict=True)]
    ours_modules = sorted(m for m in modules if m.split(".")[0].startswith("twilio_jwt"))
    common = {
        "bytecode": compiled,
        "bare_interpreter": bare.as_json(),
        "twilio_jwt_modules_imported": ours_modules,
    }
    compiled_note = "bytecode compiled first"
    case = "fresh process: import, mint one HS256 token with a VoiceGrant"
    floor_row = Row.compared(case, "dependency floor", (ours, floor, vs_floor), at_most(1.25, "dependency floor"))
    floor_row.note = (
        f"{compiled_note}; floor = python -c '{FLOOR}'; ours - floor {statistics.median(own) * 1e3:.0f} ms; "
        f"bare python {bare.median * 1e3:.0f} ms"
    )
    floor_row.extra = {**common, "floor_script": FLOOR, "ours_minus_floor_median_s": statistics.median(own)}
    twilio_row = Row.compared(case, "twilio-python", (ours, twilio, vs_twilio), at_most(0.65, "twilio-python"))
    twilio_row.note = (
        f"{compiled_note}; {len(ours_modules)} twilio_jwt* modules imported; -X importtime: {importtime['file']}"
    )
    twilio_row.extra = {**common, "importtime": importtime}
    return [floor_row, twilio_row]
