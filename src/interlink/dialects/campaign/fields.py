"""Campaign fields ↔ manifest properties, per type, and reading a create request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from interlink.catalog.values import normalize_email
from interlink.core.errors import BadRequest, FieldError
from interlink.dialects.base import invert, property_key
from interlink.sdk import Manifest

CHANNELS = ("EMAIL", "SMS", "PUSH")
SECRET_FIELDS = ("apiKey", "apiSecret", "vapidPrivateKey")  # write-only: never in a response
SENDER_FIELDS = ("senderEmail", "senderName", "senderPhone", "vapidPublicKey")
VALUE_FIELDS = SECRET_FIELDS + SENDER_FIELDS
_EMAIL = {"apiKey": "apiKey", "senderEmail": "from", "senderName": "senderName"}

# Campaign field -> property key, by Interlink type id. A type missing here maps fields of equal name.
FIELD_MAPS: dict[str, dict[str, str]] = {
    "sendgrid": _EMAIL,
    "elastic_email": _EMAIL,
    "twilio": {"apiKey": "accountSid", "apiSecret": "token", "senderPhone": "from"},
    "nexmo": {"apiKey": "apiKey", "apiSecret": "secretKey", "senderPhone": "from"},
    "web_push": {"vapidPublicKey": "vapidPublicKey", "vapidPrivateKey": "vapidPrivateKey", "senderEmail": "subject"},
    "fcm": {"apiKey": "serviceAccount"},
}
MAILTO = "mailto:"


def field_map(manifest: Manifest) -> dict[str, str]:
    found = FIELD_MAPS.get(manifest.id)
    if found is not None:
        return found
    return {name: name for name in VALUE_FIELDS if manifest.prop(name) is not None}


@dataclass
class CreateForm:
    """A valid create request, before its fields are mapped onto a type."""

    name: str
    type: str
    channel: str
    values: dict[str, str]
    is_active: bool


def create_form(body: dict[str, Any], known_type: Callable[[str], bool], type_names: list[str]) -> CreateForm:
    """Check the fields the campaign API documents; every problem names its field."""
    problems: list[FieldError] = []
    allowed = {"name", "type", "channel", "isActive", *VALUE_FIELDS}
    problems += [FieldError(key, "is not a known field") for key in body if key not in allowed]

    def required(key: str) -> str:
        value = body.get(key)
        if value is None or value == "":
            problems.append(FieldError(key, "is required"))
        elif not isinstance(value, str):
            problems.append(FieldError(key, "must be a string"))
        else:
            return value
        return ""

    name, type_name, channel = required("name"), required("type"), required("channel")
    if len(name) > 200:
        problems.append(FieldError("name", "must be at most 200 characters"))
    if type_name and not known_type(type_name):
        problems.append(FieldError("type", f"must be one of {', '.join(type_names)}"))
    if channel and channel not in CHANNELS:
        problems.append(FieldError("channel", f"must be one of {', '.join(CHANNELS)}"))
    values: dict[str, str] = {}
    for key in VALUE_FIELDS:
        value = body.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, str):
            values[key] = value
        else:
            problems.append(FieldError(key, "must be a string"))
    is_active = body.get("isActive", True)
    if not isinstance(is_active, bool):
        problems.append(FieldError("isActive", "must be a boolean"))
    if problems:
        raise BadRequest("The request is invalid", problems)
    return CreateForm(name, type_name, channel, values, is_active)


def mapped(manifest: Manifest, type_name: str, values: dict[str, str]) -> tuple[dict[str, Any], list[FieldError]]:
    """Campaign fields as property values of ``manifest``, and the fields that cannot be used (not raised)."""
    mapping = field_map(manifest)
    problems = [FieldError(key, f"is not used by type {type_name}") for key in values if key not in mapping]
    out: dict[str, Any] = {}
    for key, value in values.items():
        target = mapping.get(key)
        if target is None:
            continue
        if target == "subject":  # Web Push: the VAPID contact is the sender's address
            email = normalize_email(value)
            if email is None:
                problems.append(FieldError(key, "must be an email address"))
                continue
            value = MAILTO + email
        out[target] = value
    return out, problems


def sender_fields(manifest: Manifest, properties: dict[str, Any]) -> dict[str, Any]:
    """The sender fields of a response; secret fields are never among them."""
    back = invert(field_map(manifest))
    out: dict[str, Any] = dict.fromkeys(SENDER_FIELDS)
    for key, value in properties.items():
        name = back.get(key)
        if name not in SENDER_FIELDS:
            continue
        if key == "subject" and isinstance(value, str):
            value = value[len(MAILTO) :] if value.startswith(MAILTO) else None
        out[name] = value
    return out


def error_path(manifest: Manifest) -> Callable[[str], str]:
    """Rename a service error path (``properties.from``) to the campaign field (``senderEmail``)."""
    back = invert(field_map(manifest))

    def rename(path: str) -> str:
        key = property_key(path)
        return back.get(key, path) if key is not None else path

    return rename
