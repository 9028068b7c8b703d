"""``twilio-jwt mint taskrouter`` and decode's policy section, contributed by this plugin through its hooks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import twilio_jwt_task_router
from twilio_jwt import PluginHost, use_host
from twilio_jwt.cli.main import main
from twilio_jwt.testing import TEST_ACCOUNT_SID, ReferenceHMACPlugin, decode_hs
from twilio_jwt_task_router import Policy, TaskRouterCapability

AUTH_TOKEN = "plugin-cli-auth-token-0123456789ab"
WS = "WS" + "1" * 32
WK = "WK" + "2" * 32


@pytest.fixture(autouse=True)
def host(monkeypatch: pytest.MonkeyPatch) -> Iterator[PluginHost]:
    """This plugin and a reference HMAC signer, whatever else is installed."""
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", TEST_ACCOUNT_SID)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    host = PluginHost(plugins={"task_router": twilio_jwt_task_router, "ref_hmac": ReferenceHMACPlugin()})
    with use_host(host):
        yield host


def test_the_plugin_contributes_mint_taskrouter(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["mint", "taskrouter", "--workspace-sid", WS, "--channel", WK, "--allow", "update_activities"])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    _, claims = decode_hs(out.strip(), AUTH_TOKEN)
    assert (claims["workspace_sid"], claims["channel"], claims["iss"]) == (WS, WK, TEST_ACCOUNT_SID)
    worker = f"https://taskrouter.twilio.com/v1/Workspaces/{WS}/Workers/{WK}"
    posts = [p for p in claims["policies"] if (p["url"], p["method"]) == (worker, "POST")]
    assert [(p["allow"], p["post_filter"]) for p in posts] == [(True, {"ActivitySid": {"required": True}})]


def test_a_mistake_is_one_usage_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mint", "taskrouter", "--workspace-sid", WS, "--channel", "XX" + "3" * 32]) == 2
    assert capsys.readouterr() == (
        "",
        "twilio-jwt: error: --channel expects a worker (WK...), task queue (WQ...) or workspace (WS...) SID\n",
    )


def test_decode_shows_policies_through_the_plugins_claim_view(capsys: pytest.CaptureFixture[str]) -> None:
    capability = TaskRouterCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, WS, WK)
    capability.add_policy(Policy("https://example.com/a"))
    capability.add_policy(Policy("https://example.com/b", "post", post_filter={"A": {"required": True}}, allow=False))
    assert main(["decode", "--secret", AUTH_TOKEN, capability.to_jwt()]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "type       TaskRouterCapability"
    assert lines[lines.index("policies") + 1 :] == [
        "  [0]  allow  GET     https://example.com/a",
        '  [1]  DENY   POST    https://example.com/b  post_filter {"A": {"required": true}}',
    ]
    assert not any(line.startswith("  policies[") for line in lines)


def test_without_the_plugin_decode_shows_policies_as_plain_claims(capsys: pytest.CaptureFixture[str]) -> None:
    capability = TaskRouterCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, WS, WK)
    capability.add_policy(Policy("https://example.com/a"))
    token = capability.to_jwt()
    with use_host(PluginHost(plugins={"ref_hmac": ReferenceHMACPlugin()})):
        assert main(["decode", token]) == 0
    out = capsys.readouterr().out
    assert "\npolicies\n" not in out
    assert any(
        line.startswith("  policies[0].url ") and line.endswith(" https://example.com/a") for line in out.splitlines()
    )
