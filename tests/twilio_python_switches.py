"""twilio-python's TaskRouter keyword switches, written down once for the tests that compare with it.

They are listed by hand from twilio-python's documentation and source (not taken from
our own plugin), so a test comparing the two libraries cannot agree with itself by
construction.
"""

from __future__ import annotations

#: ``TaskRouterCapabilityToken``'s switches, in the order its docstring lists them.
COMMON_SWITCHES = [
    "allow_web_sockets",
    "allow_fetch_self",
    "allow_update_self",
    "allow_delete_self",
    "allow_fetch_subresources",
    "allow_update_subresources",
    "allow_delete_subresources",
]
#: ``WorkerCapabilityToken`` adds these.
WORKER_SWITCHES = [
    *COMMON_SWITCHES,
    "allow_fetch_activities",
    "allow_fetch_reservations",
    "allow_fetch_worker_reservations",
    "allow_update_activities",
    "allow_update_reservations",
]
