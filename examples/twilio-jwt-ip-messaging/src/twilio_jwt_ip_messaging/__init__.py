"""A twilio-jwt plugin that brings back the IP Messaging grant.

Programmable Chat was called IP Messaging once, and access tokens for it carried a
grant under the key ``ip_messaging``. Twilio's helper libraries dropped that grant for
``ChatGrant`` (key ``chat``), but services created back then still read the old key.
The fields are ChatGrant's; everything else (checking the fields, leaving out empty
ones, rebuilding the grant from a decoded token) comes from twilio-jwt's ``FieldGrant``.

This package is written the way any outside author would write it: it imports only
the public ``twilio_jwt`` API and is found through its entry point in group
``twilio_jwt``::

    from twilio_jwt import AccessToken
    from twilio_jwt.grants import IpMessagingGrant   # or: from twilio_jwt_ip_messaging import ...
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from twilio_jwt import FieldGrant, Grant, hookimpl, optional_str_field

__all__ = ["IpMessagingGrant"]


@attrs.frozen
class IpMessagingGrant(FieldGrant):
    """Lets the identity use a (legacy) IP Messaging service; the fields are ChatGrant's."""

    key: ClassVar[str] = "ip_messaging"

    service_sid: str | None = optional_str_field()
    endpoint_id: str | None = optional_str_field()
    deployment_role_sid: str | None = optional_str_field()
    push_credential_sid: str | None = optional_str_field()


@hookimpl
def twilio_jwt_grant_types() -> list[type[Grant]]:
    return [IpMessagingGrant]
