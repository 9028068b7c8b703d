"""``checks.validator``: a pure check run by attrs, naming the constructor parameter (the field's alias)."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest

from twilio_jwt import FieldGrant, InvalidParameterError, InvalidParameterTypeError, optional_str_field
from twilio_jwt.checks import (
    check_bool,
    check_credential_sid,
    check_epoch,
    check_optional_sid,
    check_optional_str,
    check_required_str,
    check_sid,
    validator,
)


@attrs.frozen
class _Example:
    _name: str = attrs.field(alias="name", validator=validator(check_required_str))
    sid: str = attrs.field(default="WS1", validator=validator(check_sid, "WS", "WK"))


def test_the_message_names_the_parameter_not_the_private_attribute() -> None:
    with pytest.raises(InvalidParameterError, match=r"^name: is required and must be a non-empty str$"):
        _Example("")
    with pytest.raises(InvalidParameterTypeError, match=r"^name: expected a str, got int$"):
        _Example(1)  # type: ignore[arg-type]


def test_extra_arguments_reach_the_check() -> None:
    assert _Example("a", "WK1").sid == "WK1"
    with pytest.raises(InvalidParameterError, match=r"^sid: expected a workspace SID .* or a worker SID"):
        _Example("a", "AC1")


def test_a_validator_leaves_the_value_as_given() -> None:
    value = "caf\u00e9"
    assert _Example(value)._name is value


def test_field_helpers_name_the_field_they_are_declared_as() -> None:
    @attrs.frozen
    class ThingGrant(FieldGrant):
        key = "thing"
        service_sid: str | None = optional_str_field()
        legacy: str | None = optional_str_field()

    assert ThingGrant(service_sid="IS1").to_payload() == {"service_sid": "IS1"}
    with pytest.raises(InvalidParameterTypeError, match=r"^service_sid: expected a str or None, got int$"):
        ThingGrant(service_sid=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterTypeError, match=r"^legacy: expected a str or None, got bytes$"):
        ThingGrant(legacy=b"x")  # type: ignore[arg-type]


_SAMPLES: tuple[object, ...] = (
    None,
    "",
    " ",
    "us1",
    "caf\u00e9",
    "a\udc80",
    "IS1\n",
    "WK1",
    "AP" + "0" * 32,
    "AC" + "a" * 32,
    "SK" + "b" * 32,
    "AC" + "a" * 31,
    "AC" + "\u00e9" * 32,
    "AC" + "a" * 31 + "!",
    True,
    False,
    0,
    1,
    1.5,
    2**60,
    float("nan"),
    b"x",
    [],
)


@pytest.mark.parametrize(
    ("check", "args"),
    [
        (check_optional_str, ()),
        (check_optional_sid, ()),
        (check_bool, ()),
        (check_epoch, ()),
        (check_required_str, ()),
        (check_credential_sid, ("AC",)),
        (check_credential_sid, ("SK",)),
        (check_sid, ("WS", "WK")),
    ],
)
def test_a_written_out_validator_passes_and_refuses_exactly_what_its_check_does(
    check: Callable[..., object], args: tuple[str, ...]
) -> None:
    validate = validator(check, *args)
    field = attrs.fields(_Example)._name
    outcomes = [(value, _outcome(check, "name", value, *args)) for value in _SAMPLES]
    assert {outcome is None for _, outcome in outcomes} == {True, False}  # the samples pass and fail each check
    for value, outcome in outcomes:
        assert _outcome(validate, None, field, value) == outcome, value


def _outcome(call: Callable[..., object], *args: object) -> tuple[type, str] | None:
    """The error ``call(*args)`` raises (its class and message), or ``None``."""
    try:
        call(*args)
    except (InvalidParameterError, InvalidParameterTypeError) as exc:
        return type(exc), str(exc)
    return None
