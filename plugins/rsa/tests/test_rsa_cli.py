"""``twilio-jwt mint validation``, contributed by this plugin through ``twilio_jwt_cli_commands``."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest
from rsa_test_keys import CREDENTIAL_SID, Keys

from twilio_jwt import PluginHost, use_host
from twilio_jwt.cli.main import main
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID

URL = "https://api.twilio.com/2010-04-01/Accounts.json"


@pytest.fixture(autouse=True)
def _host(rsa_host: PluginHost, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", TEST_ACCOUNT_SID)
    monkeypatch.setenv("TWILIO_API_KEY", TEST_KEY_SID)
    with use_host(rsa_host):
        yield


@pytest.fixture
def key_file(keys: Keys, tmp_path: Path) -> str:
    path = tmp_path / "key.pem"
    path.write_text(keys.pkcs8)
    return str(path)


def test_the_plugin_contributes_mint_validation(keys: Keys, key_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--credential-sid", CREDENTIAL_SID, "--private-key", key_file, "--method", "GET", "--url", URL]
    status = main(["mint", "validation", *argv, "--show-canonical"])
    out, err = capsys.readouterr()
    assert status == 0
    claims = jwt.decode(out.strip(), keys.public, algorithms=["RS256"])
    assert (claims["iss"], claims["sub"], claims["hrh"]) == (TEST_KEY_SID, TEST_ACCOUNT_SID, "authorization;host")
    canonical, digest = err.splitlines()[:-1], err.splitlines()[-1]
    assert canonical[:2] == ["GET", "/2010-04-01/Accounts.json"]
    assert digest == "sha256: " + hashlib.sha256("\n".join(canonical).encode()).hexdigest()
    assert claims["rqh"] == digest.removeprefix("sha256: ")


def test_a_missing_key_file_names_its_option(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--credential-sid", CREDENTIAL_SID, "--private-key", "/no/such.pem", "--method", "GET", "--url", URL]
    assert main(["mint", "validation", *argv]) == 2
    assert capsys.readouterr() == (
        "",
        "twilio-jwt: error: --private-key: cannot read '/no/such.pem' (No such file or directory)\n",
    )
