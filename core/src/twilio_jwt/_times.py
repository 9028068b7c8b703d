"""Epoch seconds as people read them: ISO 8601 and "in 59m 12s" / "3h 5m ago".

Decoding errors ("expired at 2026-01-01T00:00:00Z, 3m 0s ago") and ``twilio-jwt
decode`` show times the same way, so both use these functions.
"""

from __future__ import annotations

import datetime

_UNITS = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))
#: Beyond 2**53 seconds (about 285 million years) a time is not worth counting in days, and the
#: ints and floats a token can hold (``1e400`` reads as infinity, ``10**400`` converts to no float)
#: would overflow the arithmetic: such spans are shown as "over 285 million years".
_LONGEST = 2**53
_TOO_LONG = "over 285 million years"


def iso8601(epoch: float) -> str:
    """``2026-01-01T00:00:00Z`` (UTC, whole seconds); an epoch no calendar holds says so."""
    try:
        return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return "(out of calendar range)"


def span(seconds: float) -> str:
    """A duration in its two largest units: ``2d 3h``, ``59m 12s``, ``3h``, ``0s``."""
    if not -_LONGEST <= seconds <= _LONGEST:  # compared, not converted: holds for any int, infinity and NaN
        return _TOO_LONG
    left, parts = int(abs(seconds)), list[str]()
    for unit, size in _UNITS:
        count, left = divmod(left, size)
        if count or parts:
            parts.append(f"{count}{unit}")
    return " ".join(part for part in parts[:2] if part[0] != "0") or "0s"  # "3h 0m" is "3h"


def relative(epoch: float, now: float) -> str:
    """``in 59m 12s``, ``3h ago`` or ``now``, seen from ``now`` (``in over 285 million years`` past all range)."""
    if not -_LONGEST <= epoch <= _LONGEST:  # epoch - now would overflow for an int past any float
        return f"in {_TOO_LONG}" if epoch > 0 else f"{_TOO_LONG} ago"
    delta = epoch - now
    if int(abs(delta)) == 0:
        return "now"
    return f"in {span(delta)}" if delta > 0 else f"{span(delta)} ago"
