"""ValidationToken with the real rsa plugin: tokens, the published example, bad input, the key read once."""

from __future__ import annotations

import json
import pathlib
import pickle
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.serialization import load_pem_private_key, load_pem_public_key

import twilio_jwt_rsa
from twilio_jwt import InvalidParameterError, InvalidParameterTypeError, PluginHost, TwilioJWTError, hookimpl
from twilio_jwt._jws import b64url, b64url_decode
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID
from twilio_jwt_rsa import RequestCanonicalizer, RSAAlgorithm, ValidationToken

CONFORMANCE = pathlib.Path(__file__).parent / "conformance"
KEYS = CONFORMANCE / "keys"
PEM = (KEYS / "rsa2048_pkcs8.pem").read_text()
PUBLIC = load_pem_public_key((KEYS / "rsa2048_public.pem").read_bytes())
EXAMPLE = json.loads((CONFORMANCE / "pkcv-docs-example.json").read_text())
CREDENTIAL_SID = "CR" + "5" * 32
URL = "https://api.twilio.com/2010-04-01/Accounts/AC0123/Messages.json"
REQUEST = {"method": "POST", "url": URL, "auth": (TEST_KEY_SID, "secret"), "data": {"To": "+1", "Body": "hi"}}
NOW = 1_700_000_000


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW + 0.75)


def token(**kwargs: Any) -> ValidationToken:
    return ValidationToken(TEST_ACCOUNT_SID, CREDENTIAL_SID, TEST_KEY_SID, kwargs.pop("private_key", PEM), **kwargs)


def decode(jwt_text: str, alg: str = "RS256") -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and claims after PyJWT has verified the signature with the public key, pinned to ``alg``."""
    verified = jwt.api_jws.PyJWS().decode_complete(jwt_text, PUBLIC, algorithms=[alg])
    return verified["header"], json.loads(verified["payload"])


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize("algorithm", [None, "RS256", "PS256"])
def test_header_and_claims(algorithm: str | None) -> None:
    vt = token(algorithm=algorithm, ttl=None)
    canonicalizer = vt.get_request_canonicalizer(REQUEST)
    minted = vt.generate_token(canonicalizer)
    alg = algorithm or "RS256"
    _, claims = decode(minted, alg)
    assert b64url_decode(minted.split(".")[0]) == (
        f'{{"cty":"twilio-pkrv;v=1","typ":"JWT","alg":"{alg}","kid":"{CREDENTIAL_SID}"}}'.encode()
    )
    assert claims == {
        "iss": TEST_KEY_SID,
        "sub": TEST_ACCOUNT_SID,
        "iat": NOW,
        "exp": NOW + 300,
        "hrh": "authorization;host",
        "rqh": canonicalizer.get_signature_hash(),
    }
    assert (vt.algorithm, vt.ttl) == (alg, 300)


@pytest.mark.usefixtures("frozen")
def test_signed_headers_appear_in_hrh_and_in_the_canonical_request() -> None:
    vt = token(signed_headers=["X-Twilio-Request-Id", "content-type"], ttl=60)
    request = {**REQUEST, "headers": {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Request-Id": "r1"}}
    canonicalizer = vt.get_request_canonicalizer(request)
    assert vt.signed_headers == ("authorization", "content-type", "host", "x-twilio-request-id")
    text = canonicalizer.canonicalized_request
    assert "\ncontent-type:application/x-www-form-urlencoded\nhost:api.twilio.com\nx-twilio-request-id:r1\n\n" in text
    assert "\nauthorization;content-type;host;x-twilio-request-id\n" in text
    _, claims = decode(vt.generate_token(canonicalizer))
    assert claims["hrh"] == "authorization;content-type;host;x-twilio-request-id"
    assert claims["exp"] - claims["iat"] == 60
    changed = vt.get_request_canonicalizer({**request, "headers": {**request["headers"], "X-Twilio-Request-Id": "r2"}})
    assert changed.get_signature_hash() != canonicalizer.get_signature_hash()


def test_ps256_tokens_differ_every_time_but_all_verify() -> None:
    vt = token(algorithm="PS256")
    canonicalizer = vt.get_request_canonicalizer(REQUEST)
    first, second = vt.generate_token(canonicalizer), vt.generate_token(canonicalizer)
    assert first.split(".")[2] != second.split(".")[2]
    assert decode(first, "PS256")[1]["rqh"] == decode(second, "PS256")[1]["rqh"]


@pytest.mark.parametrize("form", ["pkcs1 text", "pkcs8 bytes", "key object", "3072-bit"])
def test_private_key_forms(form: str) -> None:
    larger = (KEYS / "rsa3072_pkcs8.pem").read_bytes()
    key, public = {
        "pkcs1 text": ((KEYS / "rsa2048_pkcs1.pem").read_text(), PUBLIC),
        "pkcs8 bytes": (PEM.encode(), PUBLIC),
        "key object": (load_pem_private_key(PEM.encode(), None), PUBLIC),
        "3072-bit": (larger.decode(), load_pem_private_key(larger, None).public_key()),
    }[form]
    minted = token(private_key=key).generate_token(token().get_request_canonicalizer(REQUEST))
    assert jwt.api_jws.PyJWS().decode_complete(minted, public, algorithms=["RS256"])
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.api_jws.PyJWS().decode_complete(
            minted[:-2] + ("A" if minted[-2] != "A" else "B") + minted[-1], public, algorithms=["RS256"]
        )


# -- Twilio's published example ------------------------------------------------------------------


def test_signing_the_published_header_and_claims_reproduces_the_published_token() -> None:
    algorithm = PluginHost(plugins=[twilio_jwt_rsa]).algorithm("RS256")
    key = algorithm.prepare_key(EXAMPLE["private_key_pem"])
    signing_input = b64url(EXAMPLE["header_json"].encode()) + b"." + b64url(EXAMPLE["claims_json"].encode())
    assert (signing_input + b"." + b64url(algorithm.sign(signing_input, key))).decode() == EXAMPLE["token"]


def test_the_published_example_header_and_request_hash_are_what_we_mint(monkeypatch: pytest.MonkeyPatch) -> None:
    claims = json.loads(EXAMPLE["claims_json"])
    monkeypatch.setattr(time, "time", lambda: claims["exp"] - 300)
    vt = ValidationToken(claims["sub"], "CR" + "0" * 32, claims["iss"], EXAMPLE["private_key_pem"])
    canonicalizer = vt.get_request_canonicalizer(EXAMPLE["request"])
    assert canonicalizer.get_signature_hash() == EXAMPLE["canonical_request_hash"]
    minted = vt.generate_token(canonicalizer)
    assert minted.split(".")[0] == EXAMPLE["token"].split(".")[0]
    ours = json.loads(b64url_decode(minted.split(".")[1]))
    assert ours == {**claims, "iat": claims["exp"] - 300}  # the contract adds iat; all else as published


# -- the key is read once ------------------------------------------------------------------------


class CountingRS256(RSAAlgorithm):
    """The real RS256, counting how often a key is prepared."""

    def __init__(self) -> None:
        super().__init__("RS256", "SHA256")
        self.prepared = 0

    def prepare_key(self, key: object, password: str | bytes | None = None) -> Any:
        self.prepared += 1
        return super().prepare_key(key, password)


class CountingPlugin:
    def __init__(self) -> None:
        self.algorithm = CountingRS256()

    @hookimpl
    def twilio_jwt_signing_algorithms(self) -> list[RSAAlgorithm]:
        return [self.algorithm]


def test_the_private_key_is_parsed_once_per_token_not_per_request() -> None:
    plugin = CountingPlugin()
    vt = token(host=PluginHost(plugins=[plugin]))
    assert plugin.algorithm.prepared == 1
    for n in range(5):
        decode(vt.generate_token(vt.get_request_canonicalizer({**REQUEST, "params": {"n": n}})))
    assert plugin.algorithm.prepared == 1


# -- bad input ---------------------------------------------------------------------------------------

BAD = [
    ("account_sid empty", {"account_sid": ""}, InvalidParameterError, r"^account_sid: is required"),
    (
        "account_sid key",
        {"account_sid": TEST_KEY_SID},
        InvalidParameterError,
        r"^account_sid: expected an Account SID .*; got an API key SID",
    ),
    ("account_sid int", {"account_sid": 5}, InvalidParameterTypeError, r"^account_sid: expected a str"),
    (
        "credential_sid key",
        {"credential_sid": TEST_KEY_SID},
        InvalidParameterError,
        r"^credential_sid: expected a credential SID starting with 'CR'; got an API key SID",
    ),
    ("credential_sid None", {"credential_sid": None}, InvalidParameterError, r"^credential_sid: is required"),
    (
        "signing_key credential",
        {"signing_key": CREDENTIAL_SID},
        InvalidParameterError,
        r"^signing_key: expected an API key SID .*; got a credential SID",
    ),
    (
        "signing_key account",
        {"signing_key": TEST_ACCOUNT_SID},
        InvalidParameterError,
        r"^signing_key: .*got an Account SID",
    ),
    ("key empty", {"private_key": ""}, InvalidParameterError, r"^private_key: is required"),
    ("key None", {"private_key": None}, InvalidParameterError, r"^private_key: is required"),
    (
        "key 1024",
        {"private_key": (KEYS / "rsa1024_pkcs8.pem").read_text()},
        InvalidParameterError,
        r"^private_key: is a 1024-bit RSA key",
    ),
    (
        "key EC",
        {"private_key": (KEYS / "ec_p256_pkcs8.pem").read_text()},
        InvalidParameterError,
        r"^private_key: is an EC \(elliptic curve\) private key",
    ),
    (
        "key public",
        {"private_key": (KEYS / "rsa2048_public.pem").read_text()},
        InvalidParameterError,
        r"^private_key: is a public key",
    ),
    ("key garbage", {"private_key": "hunter2"}, InvalidParameterError, r"^private_key: is not a PEM key"),
    ("key int", {"private_key": 42}, InvalidParameterTypeError, r"^private_key: expected a PEM str or bytes"),
    (
        "algorithm HS256",
        {"algorithm": "HS256"},
        InvalidParameterError,
        r"^algorithm: 'HS256' is not allowed here; use one of RS256, PS256$",
    ),
    ("algorithm lower", {"algorithm": "rs256"}, InvalidParameterError, r"^algorithm: 'rs256' is not allowed"),
    ("algorithm RS512", {"algorithm": "RS512"}, InvalidParameterError, r"^algorithm: 'RS512' is not allowed"),
    ("algorithm none", {"algorithm": "none"}, InvalidParameterError, r"^algorithm: 'none' is not allowed"),
    ("algorithm int", {"algorithm": 256}, InvalidParameterTypeError, r"^algorithm: expected a str, got int"),
    ("ttl 0", {"ttl": 0}, InvalidParameterError, r"^ttl: must be between 1 and 300 seconds, got 0"),
    ("ttl 301", {"ttl": 301}, InvalidParameterError, r"^ttl: must be between 1 and 300 seconds, got 301"),
    ("ttl float", {"ttl": 1.5}, InvalidParameterTypeError, r"^ttl: expected an int number of seconds, got float"),
    ("ttl bool", {"ttl": True}, InvalidParameterTypeError, r"^ttl: expected an int number of seconds, got bool"),
    (
        "signed_headers str",
        {"signed_headers": "x-a"},
        InvalidParameterTypeError,
        r"^signed_headers: expected a list of header names",
    ),
    (
        "signed_headers bad name",
        {"signed_headers": ["x a"]},
        InvalidParameterError,
        r"^signed_headers: 'x a' is not an HTTP header name",
    ),
]


@pytest.mark.parametrize(("case", "change", "error", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_arguments_name_the_parameter_and_never_the_key(
    case: str, change: dict[str, Any], error: type[Exception], message: str
) -> None:
    arguments = {
        "account_sid": TEST_ACCOUNT_SID,
        "credential_sid": CREDENTIAL_SID,
        "signing_key": TEST_KEY_SID,
        "private_key": PEM,
    }
    arguments.update(change)
    with pytest.raises(error, match=message) as caught:
        ValidationToken(
            arguments.pop("account_sid"),
            arguments.pop("credential_sid"),
            arguments.pop("signing_key"),
            arguments.pop("private_key"),
            **arguments,
        )
    for line in PEM.splitlines()[1:-1]:
        assert line[:12] not in str(caught.value)


def test_missing_arguments_are_type_errors() -> None:
    with pytest.raises(TypeError, match="private_key"):
        ValidationToken(TEST_ACCOUNT_SID, CREDENTIAL_SID, TEST_KEY_SID)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("request_", "error", "message"),
    [
        ({"method": "GET"}, InvalidParameterError, r"^url: is required"),
        ({"url": URL}, InvalidParameterError, r"^method: is required"),
        ({"url": "/relative", "method": "GET"}, InvalidParameterError, r"^url: must be an absolute"),
        (
            None,
            InvalidParameterTypeError,
            r"^request: expected a mapping or an object with url and method attributes, got None",
        ),
    ],
)
def test_bad_requests(request_: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        token().get_request_canonicalizer(request_)


def test_generate_token_wants_a_canonicalizer() -> None:
    with pytest.raises(InvalidParameterTypeError, match=r"^canonicalizer: expected a RequestCanonicalizer, got dict$"):
        token().generate_token(REQUEST)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterTypeError, match=r"^request: expected a WireRequest, got dict$"):
        token().get_wire_canonicalizer(REQUEST)  # type: ignore[arg-type]


def test_the_key_is_never_shown_nor_pickled() -> None:
    vt = token()
    canonicalizer = vt.get_request_canonicalizer(REQUEST)
    shown = repr(vt) + str(vt) + repr(canonicalizer) + repr(vt._signer)
    assert "PRIVATE" not in shown
    assert PEM.splitlines()[1][:12] not in shown
    assert repr(vt).startswith(f"ValidationToken(account_sid='{TEST_ACCOUNT_SID}', credential_sid='{CREDENTIAL_SID}'")
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(vt)
    assert isinstance(canonicalizer, RequestCanonicalizer)
    assert pickle.loads(pickle.dumps(canonicalizer)) == canonicalizer
    with pytest.raises(AttributeError):
        vt.ttl = 5  # type: ignore[misc]


@pytest.mark.parametrize("public", [PUBLIC, (KEYS / "rsa2048_public.pem").read_text()], ids=["object", "pem"])
def test_from_jwt_with_the_public_key_rebuilds_a_verify_only_token(public: object) -> None:
    """The receiving side holds only the public key: from_jwt works with it, but cannot sign."""
    original = token(algorithm="PS256", ttl=120, signed_headers=["X-Extra"])
    minted = original.generate_token(original.get_request_canonicalizer(REQUEST))
    decoded = ValidationToken.from_jwt(minted, public)
    assert repr(decoded) == repr(original)
    assert decoded.can_sign is False
    with pytest.raises(TwilioJWTError, match="decoded with the public key and cannot sign"):
        decoded.generate_token(decoded.get_request_canonicalizer(REQUEST))


@pytest.mark.usefixtures("frozen")
def test_from_jwt_with_the_private_key_signs_the_same_claims_again() -> None:
    original = token()
    canonical = original.get_request_canonicalizer(REQUEST)
    minted = original.generate_token(canonical)
    again = ValidationToken.from_jwt(minted, PEM)
    assert again.can_sign is True
    assert again.generate_token(canonical) == minted  # RS256 is deterministic and the clock is frozen


def test_the_private_key_is_hidden_from_asdict_and_repr() -> None:
    import attrs

    vt = token()
    shown = repr(attrs.asdict(vt, recurse=False)) + repr(vt)
    assert "PRIVATE KEY" not in shown
    assert PEM.splitlines()[1] not in shown
