"""The signer process: holds HMAC secrets and signs or verifies on request (a local stand-in for a KMS).

Run it with the keys in a JSON file that only it reads (``{"key id": "secret", ...}``)::

    twilio-jwt-external-signer --listen unix:/run/twilio-signer.sock --key-file /etc/twilio-signer/keys.json
    twilio-jwt-external-signer --listen 127.0.0.1:0 --key-file keys.json     # any free port

It prints ``listening ADDRESS`` once it accepts connections (with the real port for
``:0``), then serves :mod:`~twilio_jwt_external_signer.protocol` requests until it is
stopped. Secrets never leave it: answers carry signatures and yes/no, nothing else.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hmac
import json
import os
import socketserver
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from twilio_jwt_external_signer.protocol import format_address, parse_address

__all__ = ["main", "answer"]

DIGESTS = {"HS256": "sha256"}


def answer(keys: Mapping[str, bytes], request: Any) -> dict[str, Any]:
    """The answer to one decoded request (an ``{"ok": false, ...}`` error for anything unusable)."""
    if not isinstance(request, dict) or not isinstance(request.get("key_id"), str):
        return {"ok": False, "error": "a request is a JSON object with a key_id"}
    op, key_id = request.get("op"), request["key_id"]
    if op == "has":
        return {"ok": True, "has": key_id in keys}
    if key_id not in keys:
        return {"ok": False, "error": f"no key {key_id[:60]!r}"}
    digest = DIGESTS.get(request.get("alg", ""))
    if digest is None or op not in ("sign", "verify"):
        return {
            "ok": False,
            "error": f"unsupported request (op {str(op)[:20]!r}, alg {str(request.get('alg'))[:20]!r})",
        }
    try:
        mac = hmac.digest(keys[key_id], base64.b64decode(request["message"], validate=True), digest)
        if op == "sign":
            return {"ok": True, "signature": base64.b64encode(mac).decode("ascii")}
        return {"ok": True, "valid": hmac.compare_digest(mac, base64.b64decode(request["signature"], validate=True))}
    except (KeyError, TypeError, binascii.Error):
        return {"ok": False, "error": "message and signature must be base64 strings"}


class _Handler(socketserver.StreamRequestHandler):
    keys: Mapping[str, bytes] = {}

    def handle(self) -> None:
        for line in self.rfile:
            try:
                reply = answer(self.keys, json.loads(line))
            except ValueError:
                reply = {"ok": False, "error": "a request is one line of JSON"}
            self.wfile.write(json.dumps(reply).encode() + b"\n")
            self.wfile.flush()


class _UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


class _TCPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


def _load_keys(path: str) -> dict[str, bytes]:
    with open(path, encoding="utf-8") as file:
        data = json.load(file)
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) and v for k, v in data.items()):
        raise SystemExit(f"{path}: expected a JSON object of key id -> non-empty secret")
    return {key_id: secret.encode("utf-8") for key_id, secret in data.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="twilio-jwt-external-signer", description="Hold HMAC secrets and sign twilio-jwt tokens on request."
    )
    parser.add_argument("--listen", required=True, help="unix:PATH or HOST:PORT (port 0: any free port)")
    parser.add_argument("--key-file", required=True, help='JSON file {"key id": "secret", ...}, read once at start')
    args = parser.parse_args(argv)
    handler = type("Handler", (_Handler,), {"keys": _load_keys(args.key_file)})
    kind, where = parse_address(args.listen)
    server: socketserver.BaseServer
    if kind == "unix":
        if os.path.exists(where):
            os.unlink(where)
        server = _UnixServer(where, handler)
        os.chmod(where, 0o600)  # only this user may ask for signatures
        address = args.listen
    else:
        server = _TCPServer(where, handler)
        host, port = server.server_address[:2]
        address = format_address(("tcp", (host, port)))
    print(f"listening {address}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
