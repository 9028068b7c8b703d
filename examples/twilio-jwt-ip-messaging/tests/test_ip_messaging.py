"""The IP Messaging plugin, tested as installed from its wheel (``nox -s examples``).

Only the public twilio-jwt API is used, as any plugin author's tests would. The test
environment also holds the external-signer example, which offers HS256 too, so each
test says which HS256 backend it wants (the stock ``hmac`` plugin), exactly as a user
with both installed would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import attrs
import pytest

from twilio_jwt import AccessToken, PluginHost, use_host
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, check_grant_class, decode_hs

if os.environ.get("TWILIO_JWT_EXPECT_PLUGINS") is None:  # a developer's venv, without the wheel: nothing to test
    pytest.importorskip("twilio_jwt_ip_messaging", reason="install the example's wheel (nox -s examples)")

import twilio_jwt_ip_messaging
from twilio_jwt_ip_messaging import IpMessagingGrant

FIELDS = ("service_sid", "endpoint_id", "deployment_role_sid", "push_credential_sid")
SERVICE = "IS" + "0123456789abcdef" * 2
CHOOSE_HMAC = {"TWILIO_JWT_ALGORITHM_BACKENDS": "HS256=hmac"}


@pytest.fixture
def host() -> Iterator[PluginHost]:
    """Every installed plugin, from entry points, with the stock HMAC backend chosen for HS256."""
    chosen = PluginHost(algorithm_backends={"HS256": "hmac"})
    with use_host(chosen):
        yield chosen


def test_the_grant_meets_the_grant_contract() -> None:
    check_grant_class(
        IpMessagingGrant,
        [{}, {"service_sid": SERVICE}, {name: f"{name}-value" for name in FIELDS}, {"endpoint_id": "ålice:web 🐢"}],
    )


def test_it_has_chat_grants_fields_under_the_old_key() -> None:
    assert IpMessagingGrant.key == "ip_messaging"
    assert tuple(field.name for field in attrs.fields(IpMessagingGrant) if field.init) == FIELDS


def test_it_is_discovered_from_its_installed_wheel(host: PluginHost) -> None:
    assert "site-packages" in (twilio_jwt_ip_messaging.__file__ or ""), "the example must be installed, not editable"
    record = next(r for r in host.records if r.name == "ip_messaging")
    assert (record.distribution, record.version, record.grant_keys) == (
        "twilio-jwt-ip-messaging",
        "0.1.0",
        ("ip_messaging",),
    )
    from twilio_jwt.grants import IpMessagingGrant as resolved

    assert resolved is IpMessagingGrant
    assert host.grant_for_key("ip_messaging") is IpMessagingGrant


def test_a_token_carries_the_grant_and_decodes_back_to_it(host: PluginHost) -> None:
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="alice")
    grant = IpMessagingGrant(service_sid=SERVICE, endpoint_id="alice:web")
    token.add_grant(grant)
    jwt = token.to_jwt()
    _, claims = decode_hs(jwt, TEST_SECRET)
    assert claims["grants"] == {
        "identity": "alice",
        "ip_messaging": {"service_sid": SERVICE, "endpoint_id": "alice:web"},
    }
    assert AccessToken.from_jwt(jwt, TEST_SECRET).grants == (grant,)


def test_wrong_types_name_the_field() -> None:
    with pytest.raises(TypeError, match=r"^service_sid: expected a str or None, got int$"):
        IpMessagingGrant(service_sid=5)  # type: ignore[arg-type]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("TWILIO_")}
    environ.update(CHOOSE_HMAC, TWILIO_ACCOUNT_SID=TEST_ACCOUNT_SID, TWILIO_API_KEY=TEST_KEY_SID)
    environ["TWILIO_API_SECRET"] = TEST_SECRET
    return subprocess.run(
        [sys.executable, "-m", "twilio_jwt", *args], capture_output=True, text=True, env=environ, check=False
    )


def test_the_command_line_lists_mints_and_decodes_it() -> None:
    plugins = json.loads(_cli("plugins", "--json").stdout)
    listed = next(p for p in plugins["plugins"] if p["name"] == "ip_messaging")
    assert (listed["distribution"], listed["version"], listed["grants"]) == (
        "twilio-jwt-ip-messaging",
        "0.1.0",
        ["ip_messaging"],
    )
    assert plugins["failed"] == []
    assert plugins["conflicts"] == []

    minted = _cli("mint", "access-token", "--identity", "alice", "--grant", f"ip_messaging:service_sid={SERVICE}")
    assert minted.returncode == 0, minted.stderr
    decoded = _cli("decode", "--secret-env", "TWILIO_API_SECRET", "--json", minted.stdout.strip())
    assert decoded.returncode == 0, decoded.stderr
    (grant,) = json.loads(decoded.stdout)["grants"]
    assert (grant["key"], grant["grant_class"], grant["distribution"], grant["payload"]) == (
        "ip_messaging",
        "IpMessagingGrant",
        "twilio-jwt-ip-messaging",
        {"service_sid": SERVICE},
    )
