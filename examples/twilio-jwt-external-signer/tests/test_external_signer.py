"""The external-signer backend, tested as installed from its wheel (``nox -s examples``).

The test process plays the operator: it makes a secret, writes it to a key file and
starts the signer process with it. It keeps the secret only to check signatures the
way Twilio would; the minting code is only ever given the key handle, and one test
mints in a separate process that never sees the secret at all and then scans its own
objects for it.
"""

from __future__ import annotations

import json
import os
import pathlib
import pickle
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest

from twilio_jwt import AccessToken, InvalidParameterError, PluginConflictError, PluginHost, PluginLoadWarning, use_host
from twilio_jwt.decoding import verify
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, check_algorithm, decode_hs
from twilio_jwt_rsa import ValidationToken

if os.environ.get("TWILIO_JWT_EXPECT_PLUGINS") is None:  # a developer's venv, without the wheel: nothing to test
    pytest.importorskip("twilio_jwt_external_signer", reason="install the example's wheel (nox -s examples)")

import twilio_jwt_external_signer
from twilio_jwt_external_signer import (
    ExternalSignerHS256,
    RemoteKey,
    SignerUnavailableError,
    key_handle,
)

HERE = pathlib.Path(__file__).parent
PRIVATE_KEY = (HERE / "rsa2048_test_key.pem").read_text("utf-8")
PUBLIC_KEY = (HERE / "rsa2048_test_key.pub.pem").read_text("utf-8")
CREDENTIAL = "CR" + "0123456789abcdef" * 2
NOW = 1_700_000_000


@attrs.frozen
class Signer:
    """A running signer process and what the operator knows about it."""

    address: str
    secret: str
    other_secret: str

    @property
    def handle(self) -> str:
        return key_handle("twilio-api-key", self.address)

    @property
    def other_handle(self) -> str:
        return key_handle("other-key", self.address)


@pytest.fixture
def socket_dir() -> Iterator[pathlib.Path]:
    """A fresh directory with a short path, for unix sockets, removed afterwards.

    Not pytest's ``tmp_path``: that lives under the checkout's or the user's temporary
    directory, and a socket path longer than ``sun_path`` (108 bytes on Linux, 104 on
    macOS) cannot be bound. ``/tmp`` where there is one (macOS's own ``$TMPDIR`` is long).
    """
    base = "/tmp" if os.path.isdir("/tmp") else None
    folder = pathlib.Path(tempfile.mkdtemp(prefix="tjxs-", dir=base))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["unix", "tcp"])
def signer(request: pytest.FixtureRequest, tmp_path: pathlib.Path, socket_dir: pathlib.Path) -> Iterator[Signer]:
    """A signer process listening on a unix socket or on 127.0.0.1, holding two keys."""
    secret, other = "sk-" + secrets.token_urlsafe(32), "sk-" + secrets.token_urlsafe(32)
    key_file = tmp_path / "keys.json"
    key_file.write_text(json.dumps({"twilio-api-key": secret, "other-key": other}))
    key_file.chmod(0o600)
    listen = f"unix:{socket_dir / 'signer.sock'}" if request.param == "unix" else "127.0.0.1:0"
    process = subprocess.Popen(
        [sys.executable, "-m", "twilio_jwt_external_signer.signer", "--listen", listen, "--key-file", str(key_file)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready = process.stdout.readline().split()
        assert ready[:1] == ["listening"], f"the signer did not start: {ready}"
        yield Signer(ready[1], secret, other)
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()


@pytest.fixture
def host() -> Iterator[PluginHost]:
    """Every installed plugin, from entry points, with the external signer chosen for HS256."""
    chosen = PluginHost(algorithm_backends={"HS256": "external_signer"})
    with use_host(chosen):
        yield chosen


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW)


def access_token(secret: str, host: PluginHost | None = None) -> AccessToken:
    return AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, secret, identity="alice", host=host)


# -- discovery and selection -----------------------------------------------------------------


def test_it_is_discovered_from_its_installed_wheel_and_chosen_explicitly(host: PluginHost) -> None:
    assert "site-packages" in (twilio_jwt_external_signer.__file__ or ""), "the example must be installed, not editable"
    record = next(r for r in host.records if r.name == "external_signer")
    assert (record.distribution, record.version, record.algorithm_names) == (
        "twilio-jwt-external-signer",
        "0.1.0",
        ("HS256",),
    )
    assert host.algorithm("HS256") is twilio_jwt_external_signer.HS256
    assert host.registry.providers[("algorithm", "HS256")].name == "external_signer"
    assert host.registry.providers[("algorithm", "HS384")].name == "hmac"  # the rest of hmac is untouched
    assert host.registry.providers[("algorithm", "RS256")].name == "rsa"


def test_without_a_choice_hs256_is_a_conflict_naming_both_plugins() -> None:
    undecided = PluginHost(environ={})
    with pytest.warns(PluginLoadWarning, match="algorithm 'HS256' is offered by"):
        undecided.load()
    with pytest.raises(PluginConflictError) as excinfo:
        undecided.algorithm("HS256")
    assert "twilio-jwt-external-signer 0.1.0" in str(excinfo.value)
    assert "twilio-jwt-hmac" in str(excinfo.value)


def test_the_environment_variable_chooses_it(signer: Signer) -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("TWILIO_")}
    environ.update(
        TWILIO_JWT_ALGORITHM_BACKENDS="HS256=external_signer",
        TWILIO_ACCOUNT_SID=TEST_ACCOUNT_SID,
        TWILIO_API_KEY=TEST_KEY_SID,
        TWILIO_API_SECRET=signer.handle,  # the command line is given the handle, never the secret
    )
    run = [sys.executable, "-m", "twilio_jwt"]
    plugins = json.loads(
        subprocess.run([*run, "plugins", "--json"], capture_output=True, env=environ, check=True).stdout
    )
    assert (plugins["failed"], plugins["conflicts"]) == ([], [])
    minted = subprocess.run(
        [*run, "mint", "access-token", "--identity", "bob"], capture_output=True, text=True, env=environ
    )
    assert minted.returncode == 0, minted.stderr
    _, claims = decode_hs(minted.stdout.strip(), signer.secret)
    assert claims["grants"] == {"identity": "bob"}


# -- the contract and the tokens -------------------------------------------------------------


def test_the_backend_meets_the_algorithm_contract(signer: Signer) -> None:
    check_algorithm(ExternalSignerHS256(), signer.handle, signer.other_handle)


def test_tokens_are_byte_for_byte_those_of_the_stock_hmac_plugin(
    signer: Signer, host: PluginHost, frozen: None
) -> None:
    stock = PluginHost(algorithm_backends={"HS256": "hmac"})
    assert access_token(signer.handle).to_jwt() == access_token(signer.secret, stock).to_jwt()


def test_a_token_verifies_with_the_secret_the_signer_holds(signer: Signer, host: PluginHost) -> None:
    jwt = access_token(signer.handle).to_jwt()
    header, claims = decode_hs(jwt, signer.secret)  # a stdlib HMAC check, as Twilio's servers do
    assert (header["alg"], claims["iss"], claims["grants"]) == ("HS256", TEST_KEY_SID, {"identity": "alice"})
    with pytest.raises(AssertionError, match="signature does not verify"):
        decode_hs(jwt, signer.other_secret)


def test_decoding_verifies_through_the_signer(signer: Signer, host: PluginHost) -> None:
    jwt = access_token(signer.handle).to_jwt()
    assert AccessToken.from_jwt(jwt, signer.handle).identity == "alice"
    from twilio_jwt import InvalidSignatureError

    with pytest.raises(InvalidSignatureError):
        AccessToken.from_jwt(jwt, signer.other_handle)


def test_it_composes_with_the_stock_rsa_plugin_in_one_process(signer: Signer, host: PluginHost) -> None:
    jwt = access_token(signer.handle).to_jwt()
    validation = ValidationToken(TEST_ACCOUNT_SID, CREDENTIAL, TEST_KEY_SID, PRIVATE_KEY)
    request = {"method": "GET", "url": "https://api.twilio.com/2010-04-01/Accounts.json", "auth": (TEST_KEY_SID, "x")}
    signed_request = validation.generate_token(validation.get_request_canonicalizer(request))
    assert decode_hs(jwt, signer.secret)[0]["alg"] == "HS256"
    checked = verify(signed_request, PUBLIC_KEY, ValidationToken.DECODING)
    assert (checked.header["alg"], checked.claims["iss"]) == ("RS256", TEST_KEY_SID)


# -- the secret never enters the minting process ---------------------------------------------


def _recording(method: Callable[..., Any], calls: list[tuple[Any, ...]]) -> Callable[..., Any]:
    def record(*args: Any) -> Any:
        calls.append(args)
        return method(*args)

    return record


def test_the_backend_never_receives_the_secret_and_nothing_shows_it(
    signer: Signer, host: PluginHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = host.algorithm("HS256")
    calls: list[tuple[Any, ...]] = []
    for name in ("prepare_key", "prepare_verify_key", "sign", "verify"):
        monkeypatch.setattr(backend, name, _recording(getattr(backend, name), calls))
    token = access_token(signer.handle)
    jwt = token.to_jwt()
    again = AccessToken.from_jwt(jwt, signer.handle)
    assert {type(arg) for args in calls for arg in args} <= {bytes, str, RemoteKey}
    seen = [repr(arg) for args in calls for arg in args] + [repr(token), str(token), repr(again), repr(backend)]
    seen.append(repr(backend.prepare_key(signer.handle)))
    seen.append(pickle.dumps(backend.prepare_key(signer.handle)).decode("latin-1"))
    for text in seen:
        assert signer.secret not in text
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(token)


_MINT_IN_ANOTHER_PROCESS = """
import gc, json, sys
from twilio_jwt import AccessToken, default_host
from twilio_jwt_rsa import ValidationToken

handle, key_file, dump = sys.argv[1:4]
token = AccessToken("{account}", "{key}", handle, identity="alice")
jwt = token.to_jwt()
rebuilt = AccessToken.from_jwt(jwt, handle)  # verified by the signer
validation = ValidationToken("{account}", "{credential}", "{key}", open(key_file).read())
signed = validation.generate_token(validation.get_request_canonicalizer({{"method": "GET", "url": "https://api.twilio.com/"}}))
providers = {{name: default_host().registry.providers[("algorithm", name)].name for name in ("HS256", "RS256")}}
seen = []
for obj in gc.get_objects():
    for ref in gc.get_referents(obj):
        if isinstance(ref, str):
            seen.append(ref)
        elif isinstance(ref, (bytes, bytearray)):
            seen.append(bytes(ref).decode("latin-1"))
with open(dump, "w", encoding="utf-8", errors="surrogatepass") as file:
    file.write("\\n".join(seen))
print(json.dumps({{"jwt": jwt, "signed": signed, "providers": providers, "identity": rebuilt.identity}}))
"""


def test_a_minting_process_given_only_the_handle_never_holds_the_secret(
    signer: Signer, host: PluginHost, tmp_path: pathlib.Path
) -> None:
    """Mint (HS256 by the signer, RS256 by the rsa plugin) in a child process, then search its objects."""
    script = _MINT_IN_ANOTHER_PROCESS.format(account=TEST_ACCOUNT_SID, key=TEST_KEY_SID, credential=CREDENTIAL)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("TWILIO_")}
    environ["TWILIO_JWT_ALGORITHM_BACKENDS"] = "HS256=external_signer"
    dump = tmp_path / "strings.txt"
    result = subprocess.run(
        [sys.executable, "-c", script, signer.handle, str(HERE / "rsa2048_test_key.pem"), str(dump)],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["providers"] == {"HS256": "external_signer", "RS256": "rsa"}
    assert out["identity"] == "alice"
    assert decode_hs(out["jwt"], signer.secret)[1]["sub"] == TEST_ACCOUNT_SID
    assert verify(out["signed"], PUBLIC_KEY, ValidationToken.DECODING).claims["sub"] == TEST_ACCOUNT_SID
    strings = dump.read_text("utf-8", errors="surrogatepass")
    assert signer.handle in strings  # the scan does reach what the token holds
    assert signer.secret not in strings
    assert signer.other_secret not in strings


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("handle", "message"),
    [
        ("no-at-sign", r"^key: expected a key handle KEY_ID@ADDRESS \(the signer holds the secret itself\)$"),
        ("@unix:/tmp/x", r"^key: expected a key handle KEY_ID@ADDRESS"),
        ("id@nowhere", r"^key: the handle's address is unusable: expected unix:PATH or HOST:PORT"),
        ("id@unix:", r"^key: the handle's address is unusable: a unix: address needs a socket path"),
    ],
)
def test_a_malformed_handle_is_refused_without_echoing_it(handle: str, message: str) -> None:
    with pytest.raises(InvalidParameterError, match=message):
        ExternalSignerHS256().prepare_key(handle)


def test_a_key_the_signer_does_not_hold_is_refused_when_the_token_first_signs(signer: Signer, host: PluginHost) -> None:
    token = access_token(key_handle("missing", signer.address))
    with pytest.raises(InvalidParameterError, match=r"^key: the external signer at .* holds no key 'missing'$"):
        token.to_jwt()


def test_a_signer_that_is_not_running_is_a_connection_error(socket_dir: pathlib.Path) -> None:
    address = f"unix:{socket_dir / 'absent.sock'}"
    with pytest.raises(SignerUnavailableError, match=f"^the external signer at {address} is unavailable") as excinfo:
        ExternalSignerHS256().prepare_key(key_handle("twilio-api-key", address))
    assert isinstance(excinfo.value, ConnectionError)
