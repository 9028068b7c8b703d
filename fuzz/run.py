"""Run one fuzz harness for a bounded time: ``python fuzz/run.py decoding --seconds 60``.

With atheris installed (``nox -s fuzz`` tries to install it) the harness runs under
libFuzzer with coverage from the instrumented library, starting from the seeds and
the kept regressions, and a crash leaves its input in ``--artifacts``. Without atheris
the same harness runs under hypothesis with random bytes for the same time. Either
way the exit status is 0 only if nothing but documented errors came out.

Every input that ever crashed a harness is kept in ``fuzz/regressions/<harness>/`` once
fixed, and ``tests/test_fuzz_regressions.py`` replays them in the normal test run.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time
from collections.abc import Callable

HERE = pathlib.Path(__file__).parent
REGRESSIONS = HERE / "regressions"


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("harness", choices=["decoding", "canonical"])
    parser.add_argument("--seconds", type=int, default=60, help="how long to fuzz (default 60)")
    parser.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    parser.add_argument("--artifacts", type=pathlib.Path, default=pathlib.Path(".nox/fuzz"), help="crashes and corpus")
    return parser.parse_args(argv)


def _atheris(args: argparse.Namespace) -> int:
    import atheris

    with atheris.instrument_imports(include=["twilio_jwt", "twilio_jwt_voice", "twilio_jwt_task_router", "jwt"]):
        import jwt  # noqa: F401 - decoding imports it lazily; instrument it now

        import twilio_jwt_hmac  # noqa: F401
        import twilio_jwt_rsa  # noqa: F401

        sys.path.insert(0, str(HERE))
        from harnesses import TARGETS, seeds

    corpus = args.artifacts / "corpus" / args.harness
    corpus.mkdir(parents=True, exist_ok=True)
    for index, seed in enumerate(seeds(args.harness)):
        (corpus / f"seed-{index}").write_bytes(seed)
    kept = REGRESSIONS / args.harness
    directories = [str(corpus)] + ([str(kept)] if kept.is_dir() else [])
    options = [f"-max_total_time={args.seconds}", f"-artifact_prefix={args.artifacts}/{args.harness}-", "-timeout=20"]
    atheris.Setup([sys.argv[0], *options, *directories], TARGETS[args.harness])
    atheris.Fuzz()  # exits the process: 0 when time is up, non-zero on a crash
    return 0


def _hypothesis(args: argparse.Namespace) -> int:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    sys.path.insert(0, str(HERE))
    from harnesses import TARGETS, seeds

    target: Callable[[bytes], None] = TARGETS[args.harness]
    for seed in seeds(args.harness):
        target(seed)
    examples = 0

    @settings(max_examples=2000, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.binary(max_size=2048))
    def run(data: bytes) -> None:
        nonlocal examples
        examples += 1
        target(data)

    stop = time.monotonic() + args.seconds
    while time.monotonic() < stop:
        run()
    print(f"fuzz {args.harness}: {examples} hypothesis examples in {args.seconds}s, no undocumented error")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
        except ImportError:
            engine = "hypothesis"
        else:
            engine = "atheris"
    print(f"fuzz {args.harness}: {engine}, {args.seconds}s", flush=True)
    return _atheris(args) if engine == "atheris" else _hypothesis(args)


if __name__ == "__main__":
    raise SystemExit(main())
