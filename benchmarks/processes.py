"""Fresh Python processes for the cases that time start-up and first use.

Every script runs under this interpreter with the parent's environment, except that
writing bytecode is allowed: one untimed warm-up run per script leaves ``.pyc``
files behind, so both sides import from cached bytecode as a deployed application
does (the developer environment sets ``PYTHONDONTWRITEBYTECODE``, and compiling on
every start would time the compiler, not the libraries).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping

__all__ = ["environment", "run_script", "wall_time"]


def environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra or {})
    return env


def run_script(code: str, env: Mapping[str, str], *args: str) -> str:
    """Run ``python -c code *args`` and return its stdout; a failing script is an error naming its stderr."""
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"benchmark subprocess failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return done.stdout


def wall_time(code: str, env: Mapping[str, str]) -> float:
    """Seconds from launching ``python -c code`` to its exit, as the parent sees it."""
    started = time.perf_counter()
    run_script(code, env)
    return time.perf_counter() - started
