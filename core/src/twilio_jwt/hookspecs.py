"""The hooks a twilio-jwt plugin may implement.

One name everywhere: the pluggy project name, the entry-point group and the hook
prefix are all ``twilio_jwt``. Every hook returns a list (``None`` counts as no
result, as everywhere in pluggy); the host calls each plugin's implementations as
pluggy registered them, one plugin at a time so that a failure is pinned on its plugin, and builds registries
keyed by grant key, scope name and algorithm name, so no hook result depends on the
order of plugins. Hooks take no arguments today; arguments added later reach only the
implementations that ask for them (pluggy's rule), so an implementation must never
give a parameter a default.

A plugin is a module (or any object) with functions marked ``@hookimpl``::

    from twilio_jwt import hookimpl

    @hookimpl
    def twilio_jwt_grant_types():
        return [MyGrant]

and an entry point in group ``twilio_jwt`` that names it.

Plugins are trusted code (as in pytest, llm and datasette): the host isolates a
plugin's failures, not its intentions. See ``docs/security.md (Plugins)`` for what holds
whatever plugins do: each token type's algorithms are fixed, a token's ``alg`` never
chooses, no ``none`` algorithm is registered, and one plugin signs and verifies each
algorithm.

The first three hooks are called once each, when their kind (grant classes, scope
classes, algorithms) is first looked up or the plugins are listed; the two command-line
hooks only when the ``twilio-jwt`` program runs. So a plugin imports what a hook returns
inside the hook, never at import time: a process that only mints access tokens then
never imports the plugin's scopes or CLI code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from twilio_jwt.algorithm import SigningAlgorithm
    from twilio_jwt.cli.commands import ClaimView, Command
    from twilio_jwt.grant import Grant
    from twilio_jwt.scope import Scope

__all__ = ["PROJECT_NAME", "hookspec", "hookimpl", "Spec"]

#: pluggy project name, entry-point group and hook prefix.
PROJECT_NAME = "twilio_jwt"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


class Spec:
    """Hook specifications. Implementations are plain functions with the same names."""

    @hookspec
    def twilio_jwt_grant_types(self) -> Sequence[type[Grant]]:  # type: ignore[empty-body]
        """Return the access-token grant classes this plugin provides.

        Each is a :class:`twilio_jwt.grant.Grant` subclass with a unique ``key`` (the
        name under ``grants`` in the token, for example ``"voice"``). A key offered by
        two plugins is a conflict that names both; ``twilio_jwt.grants`` resolves
        classes by their class name.
        """

    @hookspec
    def twilio_jwt_scope_types(self) -> Sequence[type[Scope]]:  # type: ignore[empty-body]
        """Return the client-capability scope classes this plugin provides.

        Each is a :class:`twilio_jwt.scope.Scope` subclass; ``twilio_jwt.scopes``
        resolves them by class name, which must be unique across plugins.
        """

    @hookspec
    def twilio_jwt_signing_algorithms(self) -> Sequence[SigningAlgorithm]:  # type: ignore[empty-body]
        """Return signing-algorithm objects (PyJWT's shape: ``prepare_key``, ``sign``, ``verify``).

        Each has a ``name`` such as ``"HS256"`` (never ``none``: refused). The one plugin
        offering a name signs and verifies it; when two offer one name the user picks the
        backend (``algorithm_backends=`` or ``TWILIO_JWT_ALGORITHM_BACKENDS``), which then
        does both, and until then using that name is an error naming both. Offering an
        algorithm never widens what a token type accepts: each token type's
        ``ALGORITHMS`` is fixed.
        """

    @hookspec
    def twilio_jwt_cli_commands(self) -> Sequence[Command]:  # type: ignore[empty-body]
        """Return the ``twilio-jwt mint`` commands this plugin adds.

        Each is a :class:`twilio_jwt.cli.commands.Command`: a ``name`` (``"taskrouter"``
        becomes ``twilio-jwt mint taskrouter``), a one-line ``help``,
        ``add_arguments(parser)`` that adds its argparse options (with examples under
        ``--help``), and ``run(args) -> int`` that does the work and returns the exit
        status. A name offered by two plugins makes that command report the clash
        instead of running; a plugin cannot replace core's ``access-token``.
        """

    @hookspec
    def twilio_jwt_claim_views(self) -> Sequence[ClaimView]:  # type: ignore[empty-body]
        """Return how ``twilio-jwt decode`` shows claims of this plugin's token types.

        Each is a :class:`twilio_jwt.cli.commands.ClaimView`: the token type's decoding
        name, the claim, and ``render(value)`` giving ``(label, text)`` rows for a
        section of its own (TaskRouter shows each policy on one line). Claims without a
        view are shown as dotted paths, which is always correct, only longer.
        """
