"""The inputs every case shares: SIDs, secrets, the RSA key and a frozen clock.

Both sides of a comparison get exactly these values, so a difference in time is a
difference in the code, not in the work asked of it.
"""

from __future__ import annotations

import pathlib
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = [
    "ACCOUNT_SID",
    "API_KEY_SID",
    "API_SECRET",
    "APP_SID",
    "AUTH_TOKEN",
    "CREDENTIAL_SID",
    "IDENTITY",
    "ROOM",
    "ROOT",
    "WORKER_SID",
    "WORKSPACE_SID",
    "frozen_clock",
    "private_key_pem",
]

ROOT = pathlib.Path(__file__).resolve().parent.parent

ACCOUNT_SID = "AC3edf87da6dc2bd9a148492b81d6e1f89"
API_KEY_SID = "SK62847ac1d94938ad0267cdf6a2d778cd"
API_SECRET = "fc542acd8a65c857c4eaf2bc61c8ae9e"
AUTH_TOKEN = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
APP_SID = "AP74c9a3ba14e5b3173535c997be5a057d"
CREDENTIAL_SID = "CR5c689c29bebd96fe8eaa2496572a6d70"
WORKSPACE_SID = "WS8d2c2b6a3b6f4b6d9e3f0a1b2c3d4e5f"
WORKER_SID = "WK1a2b3c4d5e6f708192a3b4c5d6e7f809"
IDENTITY = "alice"
ROOM = "daily-standup"


def private_key_pem() -> str:
    """The 2048-bit RSA key of the conformance suite (PKCS#8 PEM text)."""
    return (ROOT / "tests" / "conformance" / "keys" / "rsa2048_pkcs8.pem").read_text("utf-8")


@contextmanager
def frozen_clock(now: float) -> Iterator[None]:
    """Make ``time.time()`` return ``now``, for the one-off "same bytes" checks (never while timing)."""
    real = time.time
    time.time = lambda: now
    try:
        yield
    finally:
        time.time = real
