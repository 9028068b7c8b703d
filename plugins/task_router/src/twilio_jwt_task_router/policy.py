"""Policy: one HTTP permission inside a TaskRouter capability token (contract section 4).

A policy always serialises all five keys, filters as ``{}`` when absent, because
that is what TaskRouter's JS SDK and both official helpers write. Two choices differ
from twilio-node: the method is upper-cased (TaskRouter compares it as written), and
``allow=False`` is honoured (twilio-node always writes ``true``, a bug that turns a
deny into an allow).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from twilio_jwt._jws import compact_json
from twilio_jwt.checks import check_json, check_mapping, check_required_str, type_name, validator
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError

__all__ = ["Policy", "check_flag"]


def check_flag(parameter: str, value: object) -> bool:
    """``True`` or ``False`` only: ``None``, ``1`` or ``"true"`` are a ``TypeError``, never a guess."""
    if not isinstance(value, bool):
        raise InvalidParameterTypeError(parameter, f"expected True or False, got {type_name(value)}")
    return value


# Converters change the value (their parameter types are the public ones); pure checks are validators.


def _method(value: str) -> str:
    # Only an omitted method means GET: None is a TypeError, like any other non-str.
    if not isinstance(value, str):
        raise InvalidParameterTypeError("method", f"expected a str such as 'GET' or 'POST', got {type_name(value)}")
    if not value:
        raise InvalidParameterError("method", "must not be empty")
    return value.upper()


def _filter(parameter: str, value: object) -> dict[str, Any]:
    mapping = check_mapping(parameter, value)
    return check_json(parameter, dict(mapping)) if mapping else {}


def _query_filter(value: Mapping[str, Any] | None) -> dict[str, Any]:
    return _filter("query_filter", value)


def _post_filter(value: Mapping[str, Any] | None) -> dict[str, Any]:
    return _filter("post_filter", value)


@attrs.frozen
class Policy:
    """Allow (or, with ``allow=False``, deny) ``method`` on ``url``, optionally narrowed by filters.

    ``Policy(url, method="GET", query_filter=None, post_filter=None, allow=True)``.
    ``post_filter={"ActivitySid": {"required": True}}`` for instance lets a worker
    change its activity and nothing else. Filters must be JSON-serialisable mappings.
    """

    url: str = attrs.field(validator=validator(check_required_str))
    method: str = attrs.field(default="GET", converter=_method)
    query_filter: dict[str, Any] = attrs.field(default=None, converter=_query_filter, hash=False)
    post_filter: dict[str, Any] = attrs.field(default=None, converter=_post_filter, hash=False)
    allow: bool = attrs.field(default=True, validator=validator(check_flag))
    #: The policy's JSON text as written into a token, serialised once (after the validators).
    encoded: str = attrs.field(init=False, repr=False, eq=False, default="")

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "encoded", compact_json(self.to_payload()))

    def to_payload(self) -> dict[str, Any]:
        """The JSON object written into the token's ``policies`` list."""
        return {
            "url": self.url,
            "method": self.method,
            "query_filter": dict(self.query_filter),
            "post_filter": dict(self.post_filter),
            "allow": self.allow,
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> Policy:
        """Rebuild a policy from an object of a decoded token's ``policies`` list."""
        if not isinstance(payload, Mapping):
            raise InvalidParameterTypeError("policy", f"expected a mapping, got {type_name(payload)}")
        unknown = sorted(set(payload) - {"url", "method", "query_filter", "post_filter", "allow"})
        if unknown:
            raise InvalidParameterError("policy", f"unexpected keys: {', '.join(unknown)[:200]}")
        return cls(**{"url": None, **payload})  # a missing url is "url: is required", not a bare TypeError
