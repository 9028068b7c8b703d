"""A plugin whose entry point name, ``video``, is already taken by twilio-jwt-video.

The host loads the first of the two in (name, distribution) order, twilio-jwt-video,
and reports this one as a collision instead of letting either vanish silently. What
this module would provide never matters: it is never registered.
"""
