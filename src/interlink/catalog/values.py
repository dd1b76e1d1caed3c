"""Validates integration property values against a type's property schema."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from interlink.core.errors import FieldError
from interlink.sdk import Manifest, Property, PropertyType
from interlink.sdk.signing import is_valid_secret, new_secret

_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
MAX_LIST = 100


_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")


def normalize_phone(value: str) -> str | None:
    """Return the E.164 form of a phone number given with its country code, or None.

    Spaces and punctuation are tidied away for numbers the numbering plan knows; a number already written in
    E.164 form is taken as it is even when the plan does not list it (new ranges, test numbers).
    """
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    compact = value.strip()
    return compact if _E164.match(compact) else None


def normalize_email(value: str) -> str | None:
    """Return a normalized email address, or None when it is not one."""
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def _check(prop: Property, value: Any, path: str) -> tuple[Any, str | None]:
    kind = prop.type
    if kind in {PropertyType.STRING, PropertyType.TEXT}:
        if not isinstance(value, str):
            return value, "must be a string"
        if len(value) > prop.max_length:
            return value, f"must be at most {prop.max_length} characters"
        return value, None
    if kind is PropertyType.INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            return value, "must be an integer"
        return value, None
    if kind is PropertyType.BOOLEAN:
        return (value, None) if isinstance(value, bool) else (value, "must be a boolean")
    if kind is PropertyType.ENUM:
        if value not in prop.choices:
            return value, f"must be one of {', '.join(prop.choices)}"
        return value, None
    if kind is PropertyType.URL:
        if not isinstance(value, str) or len(value) > prop.max_length:
            return value, "must be an http(s) URL"
        try:
            parts = urlsplit(value)
            host = parts.hostname
        except ValueError:
            return value, "must be an http(s) URL"
        if parts.scheme not in {"http", "https"} or not host:
            return value, "must be an http(s) URL"
        return value, None
    if kind is PropertyType.EMAIL:
        normal = normalize_email(value) if isinstance(value, str) else None
        return (normal, None) if normal else (value, "must be an email address")
    if kind is PropertyType.PHONE:
        normal = normalize_phone(value) if isinstance(value, str) else None
        return (normal, None) if normal else (value, "must be a phone number in E.164 form, e.g. +14155552671")
    if kind in {PropertyType.EMAIL_LIST, PropertyType.PHONE_LIST}:
        return _check_list(kind, value)
    if kind is PropertyType.HEADERS:
        return _check_headers(value)
    if kind is PropertyType.WEBHOOK_SECRET:
        secrets = value.split() if isinstance(value, str) else []
        if not secrets or len(secrets) > 5 or not all(is_valid_secret(part) for part in secrets):
            return value, "must be whsec_ secrets (24 to 64 random bytes in base64), space-separated during a rotation"
        return value, None
    if kind is PropertyType.ID_LIST:
        if not isinstance(value, list) or len(value) > MAX_LIST or not all(isinstance(v, str) and v for v in value):
            return value, f"must be a list of at most {MAX_LIST} ids"
        return list(dict.fromkeys(value)), None
    if kind is PropertyType.RESOURCE:
        if not isinstance(value, str) or not value:
            return value, "must be a resource path such as places/{placeId}"
        return value, None
    return value, None  # JSON: any value


def _check_list(kind: PropertyType, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, list) or len(value) > MAX_LIST:
        return value, f"must be a list of at most {MAX_LIST} entries"
    normalize = normalize_email if kind is PropertyType.EMAIL_LIST else normalize_phone
    what = "an email address" if kind is PropertyType.EMAIL_LIST else "a phone number in E.164 form"
    out = []
    for i, item in enumerate(value):
        normal = normalize(item) if isinstance(item, str) else None
        if normal is None:
            return value, f"entry {i} must be {what}"
        if normal not in out:
            out.append(normal)
    return out, None


def _check_headers(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, dict) or len(value) > 50:
        return value, "must be an object of at most 50 header names to string values"
    for name, text in value.items():
        if not _HEADER_NAME.match(name) or not isinstance(text, str) or "\n" in text or "\r" in text:
            return value, f"header {name!r} must be a token name with a single-line string value"
    return value, None


def validate_values(
    manifest: Manifest, values: dict[str, Any], path: str = "properties"
) -> tuple[dict[str, Any], list[FieldError]]:
    """Check values against the schema: unknown keys, types, and required ones. Returns normalized values."""
    problems: list[FieldError] = []
    clean: dict[str, Any] = {}
    for key, value in values.items():
        prop = manifest.prop(key)
        if prop is None:
            problems.append(FieldError(f"{path}.{key}", f"is not a property of type {manifest.id}"))
            continue
        if value is None:
            continue
        normal, problem = _check(prop, value, f"{path}.{key}")
        if not problem and prop.secret and isinstance(normal, str) and normal != normal.strip():
            if prop.type is PropertyType.TEXT:
                normal = normal.strip()  # a pasted key file (PEM, JSON) ends with a line break; that is no mistake
            else:
                problem = "must not start or end with spaces or line breaks (check how the value was copied)"
        if not problem and prop.check is not None:
            problem = prop.check(normal)
        if problem:
            problems.append(FieldError(f"{path}.{key}", problem))
        else:
            clean[key] = normal
    return clean, problems


def missing_required(manifest: Manifest, values: dict[str, Any], path: str = "properties") -> list[FieldError]:
    """Name every required property (given the others' values) that has no value."""
    return [
        FieldError(f"{path}.{prop.key}", "is required")
        for prop in manifest.properties
        if prop.is_required(values) and values.get(prop.key) in (None, "", [])
    ]


def with_defaults(manifest: Manifest, values: dict[str, Any]) -> dict[str, Any]:
    """Fill non-secret defaults for properties the caller left out."""
    out = dict(values)
    for prop in manifest.properties:
        if prop.default is not None and prop.key not in out:
            out[prop.key] = prop.default
    return out


def generate_missing(manifest: Manifest, values: dict[str, Any]) -> dict[str, str]:
    """Create the values a type generates when none is given (webhook signing secrets); returns them."""
    made = {
        prop.key: new_secret()
        for prop in manifest.properties
        if prop.type is PropertyType.WEBHOOK_SECRET and not values.get(prop.key)
    }
    values.update(made)
    return made
