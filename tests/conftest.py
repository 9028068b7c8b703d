"""Shared fixtures for the tests that run with everything installed (and for tests/faults).

Command-line tests run the real program in a subprocess, so an uncaught exception
shows up as the traceback a user would see, and each run starts from a clean
environment holding only the credentials the test asked for.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping

import pytest

from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET

#: The environment variables a ``twilio-jwt mint`` run reads its credentials from.
CREDENTIALS = {
    "TWILIO_ACCOUNT_SID": TEST_ACCOUNT_SID,
    "TWILIO_API_KEY": TEST_KEY_SID,
    "TWILIO_API_SECRET": TEST_SECRET,
}

Run = Callable[..., "subprocess.CompletedProcess[str]"]


def clean_environ(extra: Mapping[str, str] | None = None, *, credentials: bool = True) -> dict[str, str]:
    """``os.environ`` without any ``TWILIO_*`` variable, plus the test credentials and ``extra``."""
    environ = {name: value for name, value in os.environ.items() if not name.startswith("TWILIO_")}
    if credentials:
        environ.update(CREDENTIALS)
    environ.update(extra or {})
    return environ


@pytest.fixture(name="clean_environ")
def clean_environ_fixture() -> Callable[..., dict[str, str]]:
    """:func:`clean_environ`, for tests that start their own subprocesses."""
    return clean_environ


@pytest.fixture
def cli() -> Run:
    """``cli(*args, env={...}, credentials=True)``: run ``python -m twilio_jwt`` and return the result."""

    def run(
        *args: str, env: Mapping[str, str] | None = None, credentials: bool = True
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "twilio_jwt", *args],
            capture_output=True,
            text=True,
            env=clean_environ(env, credentials=credentials),
            check=False,
            timeout=120,
        )

    return run
