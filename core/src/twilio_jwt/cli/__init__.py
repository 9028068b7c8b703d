"""The ``twilio-jwt`` command line (``python -m twilio_jwt``)."""
