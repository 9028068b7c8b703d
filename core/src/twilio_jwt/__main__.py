"""``python -m twilio_jwt``: the same command line as the ``twilio-jwt`` script."""

from twilio_jwt.cli.main import main

raise SystemExit(main())
