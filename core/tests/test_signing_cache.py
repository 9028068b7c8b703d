"""Ready signers are shared between token objects with the same secret, and can be dropped."""

from __future__ import annotations

from twilio_jwt import AccessToken, PluginHost, signing
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, ReferenceHMACPlugin


def test_new_tokens_with_one_secret_share_a_signer_until_the_cache_is_cleared() -> None:
    plugin = ReferenceHMACPlugin()
    host = PluginHost(plugins={"ref": plugin})
    secret = "rotated-secret-" + "x" * 40

    def mint() -> str:
        return AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, secret, identity="alice", host=host).to_jwt()

    hs256 = plugin.algorithms[0]
    signing.clear_cache()
    mint()
    prepared = hs256.prepared
    mint()
    assert hs256.prepared == prepared  # the second token reused the first one's prepared key
    signing.clear_cache()
    assert signing._CACHE == {}
    mint()
    assert hs256.prepared == prepared + 1
