"""Drop-in layers for code written against other Twilio JWT libraries.

Each submodule offers another library's public names, signatures and defaults, built
on twilio-jwt's own checks, plugins and encoder, so moving to twilio-jwt is a change
of imports rather than a rewrite:

- :mod:`twilio_jwt.compat.twilio_python`: twilio-python's ``twilio.jwt`` package.

Nothing here is imported by ``import twilio_jwt``; a compat layer loads only when a
program asks for it.
"""
