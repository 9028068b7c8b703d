"""Fake plugins and shared values for core's tests (imported by the tests and conftest).

Core is tested alone, with no first-party plugin installed, so the grants here are
small classes standing in for a third-party plugin's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import attrs
import pytest

from twilio_jwt import FieldGrant, Grant, PluginHost, PluginLoadWarning, hookimpl, optional_str_field

ACCOUNT_SID = "AC" + "a" * 32
KEY_SID = "SK" + "b" * 32
SECRET = "not-shown-anywhere-7d1f3c0a9e5b42e61f"


@attrs.frozen
class PetGrant(FieldGrant):
    """A third-party-style grant: one optional str field."""

    key: ClassVar[str] = "pet"
    name: str | None = optional_str_field()


@attrs.frozen
class OtherPetGrant(FieldGrant):
    """Offers the same key as :class:`PetGrant`, from another plugin."""

    key: ClassVar[str] = "pet"
    colour: str | None = optional_str_field()


class GrantPlugin:
    """A plugin object offering the given grant classes and counting its hook calls."""

    def __init__(self, *grants: type[Grant]) -> None:
        self.grants = list(grants)
        self.hook_calls = 0

    @hookimpl
    def twilio_jwt_grant_types(self) -> list[type[Grant]]:
        self.hook_calls += 1
        return self.grants


def grant_plugin_source(key: str, class_name: str = "FakeGrant") -> str:
    """The source of a plugin module offering one FieldGrant with ``key`` and a ``value`` field."""
    return f"""
        from typing import ClassVar

        import attrs

        from twilio_jwt import FieldGrant, hookimpl, optional_str_field


        @attrs.frozen
        class {class_name}(FieldGrant):
            key: ClassVar[str] = {key!r}
            value: str | None = optional_str_field()


        @hookimpl
        def twilio_jwt_grant_types():
            return [{class_name}]
        """


#: ``install(distribution, {entry_point_name: module_source}, version="1.0.0")``
Install = Callable[..., None]


def fake_names(host: PluginHost, prefix: str = "fake_") -> list[str]:
    """Names of the loaded plugins this test installed (the full venv may hold real ones too)."""
    return [record.name for record in host.records if record.name.startswith(prefix)]


def load_warnings(host: PluginHost) -> list[str]:
    """Load ``host`` and return the PluginLoadWarning messages it emitted (at least one)."""
    with pytest.warns(PluginLoadWarning) as caught:
        host.load()
    return [str(warning.message) for warning in caught]


def kwargs(**overrides: Any) -> dict[str, Any]:
    """AccessToken arguments with ``overrides`` applied."""
    base: dict[str, Any] = {"account_sid": ACCOUNT_SID, "key_sid": KEY_SID, "secret": SECRET, "identity": "alice"}
    base.update(overrides)
    return base
