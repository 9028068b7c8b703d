"""twilio-python's ``twilio.jwt`` API, built on twilio-jwt (the ``twilio-jwt-compat`` distribution).

Code written against Twilio's Python helper moves over by changing its imports::

    from twilio.jwt.access_token import AccessToken     # before
    from twilio_jwt_compat import AccessToken           # after

Install it with ``pip install "twilio-jwt[compat]"`` (or ``twilio-jwt-compat``): it
depends on the plugins whose grants, scopes and signing backends it uses. It is a
library, not a plugin: it registers nothing, and core never imports it.

Every public name of ``twilio.jwt`` is here, and the module paths mirror
twilio-python's, so replacing the prefix ``twilio.jwt`` by ``twilio_jwt_compat`` also
works (``twilio_jwt_compat.access_token.grants``, ``twilio_jwt_compat.client``,
``twilio_jwt_compat.taskrouter.capabilities``, ``twilio_jwt_compat.validation``);
``ValidationPayload`` (``twilio.http.validation_client`` there) is in ``validation``.
Constructors keep twilio-python's signatures and defaults, and tokens decode to the
claims twilio-python writes: ``nbf = now`` by default, no ``iat``, ``identity`` optional
and last in ``grants``, ``valid_until`` overriding ``ttl``, twilio-python's scope-string
form and policy order. They are produced by twilio-jwt's encoder with the signing
backends of the installed plugins; grants, TaskRouter policies and the canonical
request come from twilio-jwt's plugins and core. Headers and claims are laid out as
PyJWT lays out twilio-python's, so access, client capability and validation tokens
equal twilio-python's byte for byte; TaskRouter tokens have the same claims, and the
same policies with their keys in the plugin's order.

Where twilio-python has a plain bug, this layer does not copy it:

- The clock is read once per token and floored. twilio-python reads ``time.time()``
  up to three times, so ``jti``, ``exp`` and ``nbf`` can disagree by a second, and
  truncates it, which gives a later ``now`` for clocks before 1970.
- ``PlaybackGrant()`` with no grant writes ``{}``; twilio-python writes ``null``.
- ``ClientCapabilityToken(valid_until=...)`` is honoured; twilio-python accepts it
  and drops it.
- ``ttl=None`` means the default, 3600; twilio-python fails with a ``TypeError`` in
  ``to_jwt()``.
- ``None`` as a client name or application SID is a ``ValueError``, and ``None`` or a
  bool as a scope parameter a ``TypeError``; twilio-python writes the text ``None`` or
  ``True`` into the scope string.
- ``AccessToken(grants=a_list)`` copies the list; twilio-python appends later grants
  to the caller's list.
- ``ClientValidationJwt`` hashes the canonical request Twilio computes (contract
  section 5): path and query decoded and re-encoded (``+`` in a query is a space,
  written ``%20``), empty query pieces dropped, a query key without ``=`` given
  one, dot segments and repeated ``/``
  removed, an empty path read as ``/``, header values trimmed, header names that
  differ only in case merged, the host lower-cased without its default port, the
  method upper-cased, signed header names lower-cased with ``authorization`` and
  ``host`` always among them. twilio-python hashes the raw parts, so its token fails
  Twilio's check whenever they are not already canonical.

Where twilio-jwt is stricter, the difference is deliberate, and every one of them
refuses input that makes a token Twilio rejects, or hides a mistake:

- SIDs are checked where they are given: ``AC`` account, ``SK`` API key, ``CR``
  credential, ``WS``/``WK``/``WQ`` TaskRouter SIDs (``ValueError``; ``TypeError`` for a
  non-str), and hold no white space or control characters; the length is not
  checked, as in twilio-python (a placeholder such as ``"ACxxx"`` mints), whereas
  twilio-jwt's own token types, which this layer does not build, take only Twilio's
  exact form. Secrets and auth tokens must be non-empty when the token is built (not
  at ``to_jwt()``), and a PEM or SSH key is refused as an HMAC secret.
- ``ttl`` (also ``to_jwt(ttl)``) is an int from 1 to 86400: Twilio rejects tokens that
  live longer than 24 hours. ``nbf`` and ``valid_until`` are int or float epoch seconds.
- ``identity``: a falsy one is left out, as in twilio-python; an int is written as its
  decimal string (twilio-python writes a JSON number); other types are a ``TypeError``.
- Grant fields take str (a falsy value is left out, as in twilio-python; the ``*_sid``
  ones are one printable word: white space or control characters are a ``ValueError``),
  ``incoming_allow`` a bool (twilio-python ignored a truthy ``1``), voice params and
  the playback grant a JSON-serialisable mapping; a wrong type is a ``TypeError`` when
  the grant is built or the attribute set, not a token Twilio cannot read.
- ``region`` is a str or ``None`` (twilio-python ignored other types silently).
  ``Jwt``'s ``algorithm`` is one an installed plugin signs with (HS*, RS*, PS*;
  never ``none``); header fields are str.
- Scope parameters are str, int or float (or, as keyword arguments of ``allow_*``,
  lists of them); TaskRouter switches are bools, and an unknown keyword argument is
  a ``TypeError`` (twilio-python ignored a misspelt switch).
- Secrets are not readable back (``secret_key``, ``auth_token``): they are kept in a
  :class:`~twilio_jwt.secret.Secret`. The SIDs of TaskRouter tokens are read-only, and
  their ``policies`` is a new list each time (add policies with the ``allow_*``
  methods or ``_make_policy``). Their policies are the task_router plugin's
  ``Policy`` objects, so a bad URL, method or filter is refused when it is added.
- ``from_jwt`` without a key (``""``, the default, or ``None``) decodes without
  checking the signature, as twilio-python does, but warns with
  :class:`UnverifiedTokenWarning` (a ``UserWarning``, so it can be filtered).
- ``from_jwt`` raises :class:`JwtDecodeError`, which is also a
  :class:`~twilio_jwt.errors.TokenError` (a ``ValueError``); with a key, the token must
  have an ``exp`` (every token twilio-python mints has one).
"""

from __future__ import annotations

from twilio_jwt_compat.access_token import AccessToken, AccessTokenGrant
from twilio_jwt_compat.access_token.grants import (
    ChatGrant,
    PlaybackGrant,
    SyncGrant,
    TaskRouterGrant,
    VideoGrant,
    VoiceGrant,
)
from twilio_jwt_compat.base import Jwt, JwtDecodeError, UnverifiedTokenWarning
from twilio_jwt_compat.client import ClientCapabilityToken, ScopeURI
from twilio_jwt_compat.taskrouter import TaskRouterCapabilityToken
from twilio_jwt_compat.taskrouter.capabilities import (
    TaskQueueCapabilityToken,
    WorkerCapabilityToken,
    WorkspaceCapabilityToken,
)
from twilio_jwt_compat.validation import ClientValidationJwt, ValidationPayload

__all__ = [
    "AccessToken",
    "AccessTokenGrant",
    "ChatGrant",
    "ClientCapabilityToken",
    "ClientValidationJwt",
    "Jwt",
    "JwtDecodeError",
    "PlaybackGrant",
    "ScopeURI",
    "SyncGrant",
    "TaskQueueCapabilityToken",
    "TaskRouterCapabilityToken",
    "TaskRouterGrant",
    "UnverifiedTokenWarning",
    "ValidationPayload",
    "VideoGrant",
    "VoiceGrant",
    "WorkerCapabilityToken",
    "WorkspaceCapabilityToken",
]
