"""Lazily imported exports: a package names what it offers, and a module loads on first use.

Every process that mints any token loads every installed plugin, and what a package
imports when it is loaded is paid by all of them, most of whom never touch the
exports in question (a TaskRouter capability token, a validation token). A package
lists such exports in a table and installs :func:`lazy_getattr`'s result as its
module ``__getattr__`` (PEP 562); static type checkers see the same names through
imports under ``if TYPE_CHECKING:``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_getattr(package: str, exports: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` importing ``exports[name]`` (a module name) on first use.

    The value is then stored on the package, so later look-ups are plain attributes.
    """

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
