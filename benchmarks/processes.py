"""Fresh Python processes for the cases that time start-up and first use.

Every script runs under this interpreter with the parent's environment, except that
writing bytecode is allowed. Before any fresh process is timed, :func:`compile_bytecode`
compiles every directory on the subprocess's import path (the standard library,
site-packages and the editable source folders) with ``python -m compileall``, as pip
does on install: the developer environment sets ``PYTHONDONTWRITEBYTECODE`` and uv
installs without compiling, so otherwise every start would compile every module
from source and time the compiler, not the libraries.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import time
from collections.abc import Mapping
from typing import Any

__all__ = ["compile_bytecode", "environment", "import_times", "run_script", "wall_time"]

ROOT = pathlib.Path(__file__).resolve().parent.parent


def environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra or {})
    return env


def run_script(code: str, env: Mapping[str, str], *args: str, options: tuple[str, ...] = ()) -> str:
    """Run ``python [options] -c code *args`` and return its stdout; a failing script is an error naming its stderr."""
    done = subprocess.run(
        [sys.executable, *options, "-c", code, *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(f"benchmark subprocess failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return done.stdout


def wall_time(code: str, env: Mapping[str, str]) -> float:
    """Seconds from launching ``python -c code`` to its exit, as the parent sees it."""
    started = time.perf_counter()
    run_script(code, env)
    return time.perf_counter() - started


def compile_bytecode(env: Mapping[str, str]) -> dict[str, Any]:
    """Compile every folder on the subprocess's ``sys.path`` to bytecode; what was done, for the report.

    The repository root (on ``PYTHONPATH`` for the benchmarks themselves) is left out:
    the timed scripts never import from it, and it holds ``.venv`` and ``.nox``.
    ``compileall`` writes ``.pyc`` files whatever ``PYTHONDONTWRITEBYTECODE`` says; files
    that do not compile (test data in some distributions) are skipped, not fatal.
    """
    paths = json.loads(run_script("import json, sys; print(json.dumps(sys.path))", env))
    folders = [p for p in paths if p and os.path.isdir(p) and pathlib.Path(p).resolve() != ROOT]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-j", "0", *folders],
        env=environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    return {
        "tool": "python -m compileall -q -j 0",
        "folders": folders,
        "seconds": round(time.perf_counter() - started, 1),
        "returncode": done.returncode,
    }


def import_times(code: str, env: Mapping[str, str]) -> list[tuple[str, int, int]]:
    """``python -X importtime -c code``: (module, self us, cumulative us) per import, in import order."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(f"importtime subprocess failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    rows: list[tuple[str, int, int]] = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        fields = line[len("import time:") :].split("|")
        if len(fields) != 3 or not fields[0].strip().isdigit():
            continue  # the header line
        rows.append((fields[2].strip(), int(fields[0]), int(fields[1])))
    return rows
