"""How times read in decoding errors and ``twilio-jwt decode``."""

from __future__ import annotations

import math

import pytest

from twilio_jwt._times import iso8601, relative, span


@pytest.mark.parametrize(
    ("epoch", "text"),
    [
        (0, "1970-01-01T00:00:00Z"),
        (1_700_000_000, "2023-11-14T22:13:20Z"),
        (1.9, "1970-01-01T00:00:01Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (1e20, "(out of calendar range)"),
    ],
)
def test_iso8601(epoch: float, text: str) -> None:
    assert iso8601(epoch) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0s"),
        (0.9, "0s"),
        (42, "42s"),
        (60, "1m"),
        (3552, "59m 12s"),
        (10800, "3h"),
        (10920, "3h 2m"),
        (10921, "3h 2m"),
        (86400 + 7200, "1d 2h"),
        (86400 + 5, "1d"),
        (-90, "1m 30s"),
    ],
)
def test_span(seconds: float, text: str) -> None:
    assert span(seconds) == text


def test_relative() -> None:
    assert relative(1000 + 3552, 1000) == "in 59m 12s"
    assert relative(1000 - 10800, 1000) == "3h ago"
    assert relative(1000.4, 1000) == "now"


@pytest.mark.parametrize("epoch", [math.inf, -math.inf, 10**400, -(10**400), 2**53 + 1])
def test_times_past_all_range_are_shown_without_overflowing(epoch: float) -> None:
    """A token can hold ``1e400`` (infinity) or ``10**400``: shown, never an OverflowError."""
    assert iso8601(epoch) == "(out of calendar range)"
    assert span(epoch) == "over 285 million years"
    assert relative(epoch, 1_700_000_000) == ("in " if epoch > 0 else "") + "over 285 million years" + (
        "" if epoch > 0 else " ago"
    )
