"""``twilio-jwt mint validation``, run as a real subprocess with every plugin installed."""

from __future__ import annotations

import pathlib
import subprocess
from collections.abc import Callable

import pytest

from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID
from twilio_jwt_rsa import RequestVerifier, WireRequest

Run = Callable[..., subprocess.CompletedProcess[str]]  # the ``cli`` fixture of tests/conftest.py
KEYS = pathlib.Path(__file__).parent / "conformance" / "keys"
KEY_FILE = str(KEYS / "rsa2048_pkcs8.pem")
CREDENTIAL_SID = "CR" + "9" * 32
URL = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=5&Page=0"
BASIC = "Basic dXNlcjpwYXNz"
MINT = ("mint", "validation", "--credential-sid", CREDENTIAL_SID, "--private-key", KEY_FILE)
REQUEST = ("--method", "post", "--url", URL, "--header", f"Authorization: {BASIC}", "--data", "To=%2B1&Body=hi")
VERIFIER = RequestVerifier((KEYS / "rsa2048_public.pem").read_text(), credential_sid=CREDENTIAL_SID)


def verified(token: str, *extra_headers: tuple[str, str]) -> dict[str, object]:
    headers = [
        ("Authorization", BASIC),
        ("Host", "api.twilio.com"),
        ("Twilio-Client-Validation", token),
        *extra_headers,
    ]
    result = VERIFIER.verify(
        WireRequest("POST", URL.removeprefix("https://api.twilio.com"), headers, b"To=%2B1&Body=hi")
    )
    assert result.ok, result.reason
    assert result.claims is not None
    return dict(result.claims)


def test_prints_the_header_value_for_the_request(cli: Run) -> None:
    result = cli(*MINT, *REQUEST)
    assert (result.returncode, result.stderr) == (0, "")
    (token,) = result.stdout.splitlines()
    claims = verified(token)
    assert (claims["iss"], claims["sub"], claims["exp"] - claims["iat"]) == (TEST_KEY_SID, TEST_ACCOUNT_SID, 300)  # type: ignore[operator]


def test_show_canonical_hides_the_authorization_value(cli: Run) -> None:
    result = cli(*MINT, *REQUEST, "--show-canonical")
    assert result.returncode == 0
    assert BASIC not in result.stderr
    assert "\nauthorization:***\nhost:api.twilio.com\n\nauthorization;host\n" in result.stderr


def test_show_canonical_writes_the_canonical_request_to_stderr(cli: Run) -> None:
    result = cli(*MINT, *REQUEST, "--show-canonical", "--reveal-authorization", "--algorithm", "PS256", "--ttl", "60")
    assert result.returncode == 0
    (token,) = result.stdout.splitlines()
    claims = verified(token)
    assert claims["exp"] - claims["iat"] == 60  # type: ignore[operator]
    canonical, sha = result.stderr.rstrip("\n").rsplit("\n", 1)
    assert canonical.startswith(
        "POST\n/2010-04-01/Accounts/AC1/Messages.json\nPage=0&PageSize=5\n"
        f"authorization:{BASIC}\nhost:api.twilio.com\n\nauthorization;host\n"
    )
    assert sha == f"sha256: {claims['rqh']}"


def test_extra_signed_headers_and_options_over_the_environment(cli: Run) -> None:
    account, key = "AC" + "4" * 32, "SK" + "4" * 32
    result = cli(
        *MINT,
        *REQUEST,
        "--header",
        "X-Tag: a",
        "--header",
        "x-tag:b",
        "--signed-header",
        "X-Tag",
        "--account-sid",
        account,
        "--api-key",
        key,
    )
    assert result.returncode == 0, result.stderr
    claims = verified(result.stdout.strip(), ("X-Tag", "a"), ("X-Tag", "b"))
    assert (claims["hrh"], claims["sub"], claims["iss"]) == ("authorization;host;x-tag", account, key)


def test_credential_sid_from_the_environment(cli: Run) -> None:
    result = cli(
        "mint", "validation", "--private-key", KEY_FILE, *REQUEST, env={"TWILIO_CREDENTIAL_SID": CREDENTIAL_SID}
    )
    assert result.returncode == 0, result.stderr
    verified(result.stdout.strip())


@pytest.mark.parametrize(
    ("argv", "env", "message"),
    [
        ((*MINT, "--url", URL), {}, "the following arguments are required: --method"),
        ((*MINT, "--method", "GET"), {}, "the following arguments are required: --url"),
        ((*MINT, "--method", "GET", "--url", "/relative"), {}, "--url: must be an absolute http:// or https:// URL"),
        (
            (*MINT, *REQUEST, "--header", "Basic QUMxMjM0NTY3ODk6c2VjcmV0"),
            {},
            "--header expects NAME:VALUE; one --header has no ':' (its value is not shown)",
        ),
        (
            (*MINT, *REQUEST, "--algorithm", "HS256"),
            {},
            "algorithm: 'HS256' is not allowed here; use one of RS256, PS256",
        ),
        ((*MINT, *REQUEST, "--ttl", "301"), {}, "--ttl: must be between 1 and 300 seconds, got 301"),
        (
            (*MINT, *REQUEST, "--signed-header", "bad name"),
            {},
            "--signed-header: 'bad name' is not an HTTP header name",
        ),
        (
            ("mint", "validation", "--private-key", KEY_FILE, *REQUEST),
            {},
            "--credential-sid is required (or set TWILIO_CREDENTIAL_SID)",
        ),
        (
            ("mint", "validation", "--credential-sid", "SK" + "1" * 32, "--private-key", KEY_FILE, *REQUEST),
            {},
            "--credential-sid/TWILIO_CREDENTIAL_SID: expected a credential SID",
        ),
        (
            ("mint", "validation", "--credential-sid", CREDENTIAL_SID, "--private-key", "missing.pem", *REQUEST),
            {},
            "--private-key: cannot read 'missing.pem' (No such file or directory)",
        ),
    ],
)
def test_errors_are_one_line_exit_2(cli: Run, argv: tuple[str, ...], env: dict[str, str], message: str) -> None:
    result = cli(*argv, env=env)
    assert (result.returncode, result.stdout) == (2, "")
    (line,) = result.stderr.splitlines()
    assert message in line


@pytest.mark.parametrize("key", ["rsa1024_pkcs8.pem", "ec_p256_pkcs8.pem", "rsa2048_public.pem"])
def test_unusable_keys_are_one_line_without_key_material(cli: Run, key: str) -> None:
    pem = (KEYS / key).read_text()
    result = cli("mint", "validation", "--credential-sid", CREDENTIAL_SID, "--private-key", str(KEYS / key), *REQUEST)
    assert (result.returncode, result.stdout) == (2, "")
    (line,) = result.stderr.splitlines()
    assert line.startswith("twilio-jwt: error: --private-key: ")
    for body_line in pem.splitlines()[1:-1]:
        assert body_line[:12] not in line


def test_api_secret_env_builds_the_basic_authorization_header_twilio_clients_send(cli: Run) -> None:
    """The request as a Twilio client makes it: Basic base64(API key SID:secret), verified on the wire."""
    import base64

    secret = "api-secret-for-basic-auth-0123456789"
    request = ("--method", "post", "--url", URL, "--data", "To=%2B1&Body=hi")
    result = cli(*MINT, *request, "--api-secret-env", "MY_SECRET", "--show-canonical", env={"MY_SECRET": secret})
    assert result.returncode == 0, result.stderr
    assert secret not in result.stdout + result.stderr
    assert "\nauthorization:***\n" in result.stderr
    (token,) = result.stdout.splitlines()
    basic = "Basic " + base64.b64encode(f"{TEST_KEY_SID}:{secret}".encode()).decode()
    result_on_the_wire = VERIFIER.verify(
        WireRequest(
            "POST",
            URL.removeprefix("https://api.twilio.com"),
            [("Authorization", basic), ("Host", "api.twilio.com"), ("Twilio-Client-Validation", token)],
            b"To=%2B1&Body=hi",
        )
    )
    assert result_on_the_wire.ok, result_on_the_wire.reason
    with pytest.raises(AssertionError):
        verified(token)  # made for the header it built, not for another one


@pytest.mark.parametrize(
    ("extra", "env", "message"),
    [
        (
            ("--api-secret-env", "MY_SECRET", "--header", "authorization: Basic eA=="),
            {"MY_SECRET": "s" * 32},
            "twilio-jwt: error: --api-secret-env makes the Authorization header: "
            "leave out --header 'Authorization: ...'",
        ),
        (
            (
                "--api-secret-env",
                "pasted-the-secret-itself-0123456789",
            ),
            {},
            "twilio-jwt: error: --api-secret-env takes the NAME of an environment variable holding the secret",
        ),
        (
            ("--api-secret-env", "UNSET_SECRET_VARIABLE"),
            {},
            "twilio-jwt: error: --api-secret-env: the environment variable UNSET_SECRET_VARIABLE is not set",
        ),
    ],
)
def test_api_secret_env_mistakes(cli: Run, extra: tuple[str, ...], env: dict[str, str], message: str) -> None:
    result = cli(*MINT, "--method", "GET", "--url", URL, *extra, env=env)
    assert (result.returncode, result.stdout) == (2, "")
    (line,) = result.stderr.splitlines()
    assert line.startswith(message)
    assert "pasted-the-secret" not in line
