"""The inputs that once broke a fuzz harness, replayed in every test run (see fuzz/run.py).

Each file in ``fuzz/regressions/<harness>/`` is an input on which the harness raised
something undocumented before the fix: a lone surrogate reaching ``str.encode`` in a
header, a body or basic auth; an int too long for ``str()`` in the query; a grant
stored under ``""`` that escaped decoding as ``InvalidParameterError``. Replaying runs
the harness itself (only documented errors may come out), and the named cases below
also pin the exact error each input now gets. The seeds are replayed too, so the
harnesses themselves cannot rot between fuzz runs.
"""

from __future__ import annotations

import importlib.util
import pathlib
import time
from typing import Any

import pytest

from twilio_jwt import AccessToken
from twilio_jwt.errors import InvalidClaimError, InvalidParameterError

FUZZ = pathlib.Path(__file__).parent.parent / "fuzz"
_spec = importlib.util.spec_from_file_location("fuzz_harnesses", FUZZ / "harnesses.py")
assert _spec is not None
assert _spec.loader is not None
harnesses: Any = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harnesses)

KEPT = sorted((FUZZ / "regressions").glob("*/*"))


@pytest.mark.parametrize("path", KEPT, ids=[f"{p.parent.name}/{p.name}" for p in KEPT])
def test_a_kept_input_raises_only_documented_errors(path: pathlib.Path) -> None:
    harnesses.TARGETS[path.parent.name](path.read_bytes())


@pytest.mark.parametrize("name", sorted(harnesses.TARGETS))
def test_the_seeds_run(name: str) -> None:
    for seed in harnesses.seeds(name):
        harnesses.TARGETS[name](seed)


@pytest.mark.parametrize(
    ("name", "parameter"),
    [
        ("header-value-lone-surrogate", "headers"),
        ("params-huge-int", "params"),
        ("data-lone-surrogate", "data"),
        ("auth-lone-surrogate", "auth"),
    ],
)
def test_each_canonical_regression_is_refused_naming_its_parameter(name: str, parameter: str) -> None:
    request = harnesses._request((FUZZ / "regressions" / "canonical" / name).read_bytes())
    with pytest.raises(InvalidParameterError) as excinfo:
        harnesses._validation_token().get_request_canonicalizer(request)
    assert excinfo.value.parameter == parameter


def test_a_grant_under_the_empty_key_is_a_claim_error(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (FUZZ / "regressions" / "decoding" / "empty-grant-key").read_bytes()
    token = next(iter(harnesses._tokens(AccessToken, data)))
    monkeypatch.setattr(time, "time", lambda: harnesses.NOW)
    with pytest.raises(InvalidClaimError) as excinfo:
        AccessToken.from_jwt(token, harnesses.KINDS[AccessToken][1])
    assert excinfo.value.claim == "grants"
