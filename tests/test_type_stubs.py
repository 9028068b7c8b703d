"""The stubs ``twilio_jwt/grants.pyi`` and ``scopes.pyi`` name the classes the modules give at run time.

Type checkers read the stubs; programs get the classes through the plugin host. Were a
stub to name another class, or miss a first-party one, ``mypy`` would check user code
against the wrong constructor (or against ``Any``), so both are compared here.
"""

from __future__ import annotations

import ast
import importlib
import pathlib

import pytest

import twilio_jwt
from twilio_jwt._known import DISTRIBUTION_FOR

CORE = pathlib.Path(twilio_jwt.__file__).parent


def _reexports(stub: str) -> dict[str, str]:
    """Name -> module of each ``from module import Name as Name`` in the stub."""
    tree = ast.parse((CORE / stub).read_text("utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("twilio_jwt_"):
            for alias in node.names:
                assert alias.asname == alias.name, f"{stub}: {alias.name} must be re-exported as itself"
                found[alias.name] = node.module
    return found


@pytest.mark.parametrize(("stub", "suffix"), [("grants.pyi", "Grant"), ("scopes.pyi", "Scope")])
def test_each_stub_names_the_runtime_class_of_every_first_party_name(stub: str, suffix: str) -> None:
    module = importlib.import_module(f"twilio_jwt.{stub.removesuffix('.pyi')}")
    names = _reexports(stub)
    assert set(names) == {name for name in DISTRIBUTION_FOR if name.endswith(suffix)}
    for name, plugin in names.items():
        assert getattr(module, name) is getattr(importlib.import_module(plugin), name)
        assert DISTRIBUTION_FOR[name].replace("-", "_") == plugin
