"""Outbound webhooks: POST a JSON payload to a URL, signed per Standard Webhooks."""
