"""The legacy capability tokens against twilio-python's.

Both sides build the token from scratch and sign it, per request: a Twilio Client
token that accepts calls for ``alice`` and places them through a TwiML app with two
parameters, and a TaskRouter worker token with the default policies (event bridge
GET/POST, the worker itself, activities, tasks and its reservations: what
twilio-python's ``WorkerCapabilityToken`` adds unless told otherwise).
"""

from __future__ import annotations

from collections.abc import Callable

from benchmarks.fixtures import ACCOUNT_SID, APP_SID, AUTH_TOKEN, IDENTITY, WORKER_SID, WORKSPACE_SID
from benchmarks.report import Row, against, faster, unavailable
from benchmarks.timing import Settings, sampler

__all__ = ["run"]

PARAMS = {"agent": IDENTITY, "queue": "support"}
Minter = Callable[[], str]


def client_ours() -> Minter:
    from twilio_jwt import ClientCapability
    from twilio_jwt_voice import IncomingClientScope, OutgoingClientScope

    def mint() -> str:
        capability = ClientCapability(ACCOUNT_SID, AUTH_TOKEN)
        capability.add_scope(IncomingClientScope(IDENTITY))
        capability.add_scope(OutgoingClientScope(APP_SID, client_name=IDENTITY, params=PARAMS))
        return capability.to_jwt()

    return mint


def client_twilio() -> Minter:
    from twilio.jwt.client import ClientCapabilityToken  # type: ignore[import-untyped]

    def mint() -> str:
        capability = ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN)
        capability.allow_client_incoming(IDENTITY)
        capability.allow_client_outgoing(APP_SID, **PARAMS)
        return str(capability.to_jwt())

    return mint


def worker_ours() -> Minter:
    from twilio_jwt_task_router import WorkerCapability

    return lambda: WorkerCapability(ACCOUNT_SID, AUTH_TOKEN, WORKSPACE_SID, WORKER_SID).to_jwt()


def worker_twilio() -> Minter:
    from twilio.jwt.taskrouter.capabilities import WorkerCapabilityToken  # type: ignore[import-untyped]

    return lambda: str(WorkerCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WORKSPACE_SID, WORKER_SID).to_jwt())


def versus_twilio(case: str, ours: Callable[[], Minter], twilio: Callable[[], Minter], settings: Settings) -> Row:
    """One "at least 2x faster than twilio-python" row, or why it could not be measured."""
    target = faster(2, "twilio-python")
    try:
        mint = ours()
    except (ImportError, AttributeError) as exc:
        return unavailable(case, target, str(exc))
    return against(case, "twilio-python", sampler(mint, settings.budget), twilio, target, settings)


def run(settings: Settings) -> list[Row]:
    return [
        versus_twilio(
            "ClientCapability incoming + outgoing(params): build + to_jwt()", client_ours, client_twilio, settings
        ),
        versus_twilio("TaskRouter worker, default policies: build + to_jwt()", worker_ours, worker_twilio, settings),
    ]
