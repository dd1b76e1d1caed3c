"""Twilio voice shares Twilio's account check."""

from interlink.providers.twilio.verify import VERIFIER

__all__ = ["VERIFIER"]
