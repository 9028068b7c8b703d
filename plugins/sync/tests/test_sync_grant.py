"""SyncGrant with core alone: contract section 2 and minting through an explicit host, then discovery."""

from __future__ import annotations

import pytest

import twilio_jwt_sync
from twilio_jwt.testing import assert_discovered_exactly, check_field_grant, expected_plugins
from twilio_jwt_sync import SyncGrant


def test_grant_follows_the_field_grant_contract() -> None:
    check_field_grant(SyncGrant, "data_sync", ("service_sid", "endpoint_id"), twilio_jwt_sync)


@pytest.mark.skipif(expected_plugins() is None, reason="needs TWILIO_JWT_EXPECT_PLUGINS (nox plugin session)")
def test_the_session_discovers_exactly_this_plugin() -> None:
    assert expected_plugins() == ["sync"]
    assert_discovered_exactly(["sync"])
