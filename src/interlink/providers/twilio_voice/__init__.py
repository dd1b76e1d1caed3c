"""Voice calls through the Twilio Calls API."""
