"""TaskRouterGrant with core alone: contract section 2 and minting through an explicit host, then discovery."""

from __future__ import annotations

import pytest

import twilio_jwt_task_router
from twilio_jwt.testing import assert_discovered_exactly, check_field_grant, expected_plugins
from twilio_jwt_task_router import TaskRouterGrant


def test_grant_follows_the_field_grant_contract() -> None:
    check_field_grant(TaskRouterGrant, "task_router", ("workspace_sid", "worker_sid", "role"), twilio_jwt_task_router)


@pytest.mark.skipif(expected_plugins() is None, reason="needs TWILIO_JWT_EXPECT_PLUGINS (nox plugin session)")
def test_the_session_discovers_exactly_this_plugin() -> None:
    assert expected_plugins() == ["task_router"]
    assert_discovered_exactly(["task_router"])
