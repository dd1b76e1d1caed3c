"""Twilio, inbound: an SMS to your Twilio number opens an alert; requests carry X-Twilio-Signature."""
