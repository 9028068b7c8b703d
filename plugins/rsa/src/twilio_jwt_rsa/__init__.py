"""twilio-jwt plugin: RSA and RSA-PSS signing (being written)."""
