"""One token object shared between threads: signing while another thread adds (issue 12, item 9).

A server may build a token, hand it to a worker that adds grants (or scopes) and sign
it from another thread; ``to_jwt`` used to iterate the live grants dict and raised
``RuntimeError: dictionary changed size during iteration``. Grants and scopes are now
replaced, never changed in place, and writers take a lock, so every token signed
meanwhile carries the grants as they stood at one moment (a prefix of the order they
were added in), and no concurrent add is lost. Real threads, bounded loops; a short
switch interval makes the interpreter change threads often.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar

import attrs
import pytest

from twilio_jwt import AccessToken, ClientCapability
from twilio_jwt.grant import Grant, RawGrant
from twilio_jwt.scope import RawScope
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, decode_hs

ADDS = 1500
READERS = 3
MAX_SIGNATURES = 20_000  # per reader: the loops end even if the writer were stuck
AUTH_TOKEN = "shared-auth-token-" + "cd" * 16


@pytest.fixture(autouse=True)
def _switch_often() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def run(writers: list[Callable[[], None]], reader: Callable[[], None] | None = None) -> list[BaseException]:
    """Run the writers and READERS copies of ``reader`` (until the writers end); every exception comes back."""
    errors: list[BaseException] = []
    done = threading.Event()

    def guarded(work: Callable[[], None]) -> Callable[[], None]:
        def target() -> None:
            try:
                work()
            except BaseException as exc:  # noqa: BLE001 - reported to the test, whatever it is
                errors.append(exc)

        return target

    def read_until_done() -> None:
        assert reader is not None
        for _ in range(MAX_SIGNATURES):
            reader()
            if done.is_set():
                break
        reader()  # once more after every add

    write_threads = [threading.Thread(target=guarded(work)) for work in writers]
    read_threads = [threading.Thread(target=guarded(read_until_done)) for _ in range(READERS if reader else 0)]
    for thread in read_threads + write_threads:
        thread.start()
    for thread in write_threads:
        thread.join(timeout=120)
    done.set()
    for thread in read_threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in write_threads + read_threads), "a thread did not finish"
    return errors


@attrs.frozen
class YieldingGrant(Grant):
    """A grant whose payload takes a moment, as a third-party grant's may: it lets other threads run
    while ``to_jwt`` is part-way through the grants (without it the race is there but rarely hit)."""

    key: ClassVar[str] = "yielding"

    def to_payload(self) -> dict[str, Any]:
        time.sleep(0)  # releases the GIL
        return {"yielded": True}

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> YieldingGrant:
        return cls()


def _grant_numbers(jwt: str) -> list[int]:
    _, claims = decode_hs(jwt, TEST_SECRET)
    grants = dict(claims["grants"])
    assert grants.pop("identity") == "alice"
    assert grants.pop("yielding") == {"yielded": True}
    return [payload["n"] for payload in grants.values()]


def test_to_jwt_while_another_thread_adds_grants_signs_a_consistent_prefix() -> None:
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="alice")
    token.add_grant(YieldingGrant())
    token.to_jwt()  # the plugin host is loaded and the signer ready before the threads start
    seen: list[list[int]] = []

    def add() -> None:
        for n in range(ADDS):
            token.add_grant(RawGrant(f"g{n}", {"n": n}))

    def sign() -> None:
        seen.append(_grant_numbers(token.to_jwt()))
        numbers = [grant.payload["n"] for grant in token.grants if isinstance(grant, RawGrant)]
        assert numbers == list(range(len(numbers)))

    assert run([add], sign) == []
    assert len(seen) > READERS  # the readers really signed while the writer ran
    for numbers in seen:
        assert numbers == list(range(len(numbers)))  # the grants at one moment: g0 .. gk, in order
    assert _grant_numbers(token.to_jwt()) == list(range(ADDS))


def test_concurrent_add_grant_loses_nothing() -> None:
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="alice")
    token.to_jwt()
    writers = 4

    def adder(w: int) -> Callable[[], None]:
        def add() -> None:
            for n in range(ADDS // writers):
                token.add_grant(RawGrant(f"w{w}-{n}", {"n": n}))

        return add

    assert run([adder(w) for w in range(writers)]) == []
    _, claims = decode_hs(token.to_jwt(), TEST_SECRET)
    assert len(claims["grants"]) == 1 + writers * (ADDS // writers)  # with the identity


def test_to_jwt_while_another_thread_adds_scopes_signs_a_consistent_prefix() -> None:
    capability = ClientCapability(TEST_ACCOUNT_SID, AUTH_TOKEN)
    capability.to_jwt()
    seen: list[list[str]] = []

    def add() -> None:
        for n in range(ADDS):
            capability.add_scope(RawScope(f"scope:test:n{n}"))

    def sign() -> None:
        _, claims = decode_hs(capability.to_jwt(), AUTH_TOKEN)
        signed = claims["scope"].split(" ") if claims["scope"] else []
        seen.append(signed)
        # This thread's own list: seen[-1] could be another reader's, appended after the left side was read.
        assert len(capability.scopes) >= len(signed)

    assert run([add], sign) == []
    assert len(seen) > READERS
    for scopes in seen:
        assert scopes == [f"scope:test:n{n}" for n in range(len(scopes))]
    assert len(capability.scopes) == ADDS


def test_concurrent_add_scope_loses_nothing() -> None:
    capability = ClientCapability(TEST_ACCOUNT_SID, AUTH_TOKEN)
    writers = 4

    def adder(w: int) -> Callable[[], None]:
        def add() -> None:
            for n in range(ADDS // writers):
                capability.add_scope(RawScope(f"scope:test:w{w}n{n}"))

        return add

    assert run([adder(w) for w in range(writers)]) == []
    assert len(capability.scopes) == writers * (ADDS // writers)
    assert len(set(capability.scopes)) == writers * (ADDS // writers)
