"""What the ``requests`` and ``httpx`` adapters share: checking their arguments.

Kept apart from both adapter modules so that neither HTTP client is imported by the
other's adapter, and neither by the plugin itself.
"""

from __future__ import annotations

from typing import TypeVar

from twilio_jwt.checks import type_name
from twilio_jwt.errors import InvalidParameterTypeError
from twilio_jwt_rsa.validation_token import ValidationToken

__all__ = ["check_auth", "check_validation_token"]

A = TypeVar("A")


def check_validation_token(value: object) -> ValidationToken:
    """The token that signs every request: a :class:`twilio_jwt_rsa.ValidationToken`."""
    if not isinstance(value, ValidationToken):
        raise InvalidParameterTypeError("validation_token", f"expected a ValidationToken, got {type_name(value)}")
    return value


def check_auth(value: object, auth_class: type[A], basic: type[A]) -> A | None:
    """The client's own authentication: ``None``, a ``(user, password)`` pair (basic auth) or an ``auth_class``."""
    if value is None or isinstance(value, auth_class):
        return value
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(part, (str, bytes)) for part in value):
        return basic(*value)  # type: ignore[call-arg]
    expected = f"a (user, password) pair, a {auth_class.__module__}.{auth_class.__name__} or None"
    raise InvalidParameterTypeError("auth", f"expected {expected}, got {type_name(value)}")
