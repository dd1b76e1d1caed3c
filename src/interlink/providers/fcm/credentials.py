"""The shape of a Google service account key, checked when an FCM integration is saved rather than at first send."""

from __future__ import annotations

import json

REQUIRED = ("project_id", "private_key", "client_email")


def service_account_problem(value: object) -> str | None:
    """Why ``value`` is not a service account JSON key file, or None."""
    if not isinstance(value, str):
        return "must be the service account's JSON key file, as text"
    try:
        parsed = json.loads(value)
    except ValueError:
        return "must be the service account's JSON key file; it is not valid JSON"
    if not isinstance(parsed, dict) or parsed.get("type") != "service_account":
        return 'must be a service account key: a JSON object with "type": "service_account"'
    missing = [k for k in REQUIRED if not isinstance(parsed.get(k), str) or not parsed[k].strip()]
    if missing:
        return f"is missing {', '.join(missing)}"
    if "-----BEGIN PRIVATE KEY-----" not in parsed["private_key"]:
        return "has a private_key that is not a PEM private key"
    if "@" not in parsed["client_email"]:
        return "has a client_email that is not an email address"
    return None
