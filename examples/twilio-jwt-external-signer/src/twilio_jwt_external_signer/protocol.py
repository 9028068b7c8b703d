"""The signer's wire protocol: one JSON object per line each way, over a unix or TCP socket.

Requests name an operation and a key id, never a key::

    {"op": "has", "key_id": "twilio"}                                   -> {"ok": true, "has": true}
    {"op": "sign", "key_id": "twilio", "alg": "HS256", "message": B64}  -> {"ok": true, "signature": B64}
    {"op": "verify", "key_id": "twilio", "alg": "HS256", "message": B64, "signature": B64}
                                                                        -> {"ok": true, "valid": true}

and a failure is ``{"ok": false, "error": "..."}``. ``B64`` is standard base64. The same
shape as a key-management service's Sign/Verify API, so swapping the local stand-in
for a real KMS changes :func:`call` and nothing else.
"""

from __future__ import annotations

import json
import socket
from typing import Any

from twilio_jwt import TwilioJWTError

__all__ = ["Address", "SignerUnavailableError", "SignerRefusedError", "parse_address", "call", "TIMEOUT"]

#: Seconds to wait for the signer to answer one request.
TIMEOUT = 10.0

Address = tuple[str, Any]  # ("unix", "/path") or ("tcp", ("127.0.0.1", 8123))


class SignerUnavailableError(TwilioJWTError, ConnectionError):
    """The signer process could not be reached (not started, wrong address, closed the connection)."""


class SignerRefusedError(TwilioJWTError, ValueError):
    """The signer answered with an error (unknown key id, unsupported algorithm, bad request)."""


def parse_address(text: str) -> Address:
    """``unix:/run/signer.sock`` or ``HOST:PORT`` (``127.0.0.1:8123``, ``[::1]:8123``)."""
    if text.startswith("unix:"):
        path = text[len("unix:") :]
        if not path:
            raise ValueError("a unix: address needs a socket path")
        return ("unix", path)
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ValueError(f"expected unix:PATH or HOST:PORT, got {text[:80]!r}")
    return ("tcp", (host.strip("[]"), int(port)))


def format_address(address: Address) -> str:
    kind, where = address
    return f"unix:{where}" if kind == "unix" else f"{where[0]}:{where[1]}"


def call(address: Address, request: dict[str, Any]) -> dict[str, Any]:
    """Send one request and return the signer's answer (``SignerRefusedError`` when it says no)."""
    try:
        with _connect(address) as connection, connection.makefile("rwb") as stream:
            stream.write(json.dumps(request).encode() + b"\n")
            stream.flush()
            line = stream.readline()
    except OSError as exc:
        reason = f"{type(exc).__name__}: {exc.strerror or exc}"
        raise SignerUnavailableError(
            f"the external signer at {format_address(address)} is unavailable ({reason})"
        ) from None
    if not line:
        raise SignerUnavailableError(f"the external signer at {format_address(address)} closed the connection")
    answer: dict[str, Any] = json.loads(line)
    if not answer.get("ok"):
        raise SignerRefusedError(f"the external signer refused: {answer.get('error', 'no reason given')}")
    return answer


def _connect(address: Address) -> socket.socket:
    kind, where = address
    if kind != "unix":
        return socket.create_connection(where, timeout=TIMEOUT)
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.settimeout(TIMEOUT)
        connection.connect(where)
    except OSError:
        connection.close()
        raise
    return connection
