"""Keys for the rsa plugin's tests, generated once per session with cryptography.

The plugin is tested with core alone (``nox -s "plugin(name='rsa')"``), so nothing
here reads the shared conformance keys; every key kind the plugin must refuse is made
here too (a 1024-bit RSA key, an EC key, an encrypted PEM).
"""

from __future__ import annotations

import pytest
from rsa_test_keys import CREDENTIAL_SID, Keys, make_keys

from twilio_jwt import PluginHost
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID
from twilio_jwt_rsa import ValidationToken


@pytest.fixture(scope="session")
def keys() -> Keys:
    return make_keys()


@pytest.fixture(scope="session")
def rsa_host() -> PluginHost:
    """A host with this plugin alone, whatever else is installed."""
    import twilio_jwt_rsa

    return PluginHost(plugins=[twilio_jwt_rsa])


@pytest.fixture
def validation_token(keys: Keys, rsa_host: PluginHost) -> ValidationToken:
    return ValidationToken(TEST_ACCOUNT_SID, CREDENTIAL_SID, TEST_KEY_SID, keys.pkcs8, host=rsa_host)
