"""Turns posted form fields into the values the services take: properties by their schema, metadata rows.

Only the shape of a form is read here (a number typed as text, header lines, JSON text); every rule about
the values stays in the services, whose errors come back beside the same fields.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.datastructures import FormData

from interlink.core.errors import FieldError, Unprocessable
from interlink.sdk import Manifest, Property, PropertyType

META_ROWS = 3  # blank key/value rows offered beside the filled ones
LISTS = {PropertyType.EMAIL_LIST, PropertyType.PHONE_LIST}


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _lines(raw: str) -> list[str]:
    return [line.strip() for line in raw.replace(",", "\n").splitlines() if line.strip()]


def _headers(raw: str, path: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        if not colon:
            raise Unprocessable(
                "Some properties are invalid", [FieldError(path, f"line {number} must read Name: value")]
            )
        out[name.strip()] = value.strip()
    return out


def parse_value(prop: Property, raw: str, path: str) -> Any:
    """One property's form text as the service expects it; text that is not the right shape passes through."""
    kind = prop.type
    if kind is PropertyType.INTEGER:
        try:
            return int(raw)
        except ValueError:
            return raw  # the service names the field: "must be an integer"
    if kind is PropertyType.BOOLEAN:
        return {"true": True, "false": False}.get(raw, raw)
    if kind in LISTS:
        return _lines(raw)
    if kind is PropertyType.HEADERS:
        return _headers(raw, path)
    if kind is PropertyType.JSON:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise Unprocessable("Some properties are invalid", [FieldError(path, "must be valid JSON")]) from exc
    return raw


def properties_for_create(manifest: Manifest, form: FormData) -> dict[str, Any]:
    """Every property the form filled in; blank ones are left out so defaults and required checks apply."""
    out: dict[str, Any] = {}
    for prop in manifest.properties:
        raw = text(form, f"prop.{prop.key}")
        if raw:
            out[prop.key] = parse_value(prop, raw, f"prop.{prop.key}")
    return out


def properties_for_update(manifest: Manifest, form: FormData, current: dict[str, Any]) -> dict[str, Any]:
    """Changes only: a blank secret keeps its value, a cleared plain property is removed, a locked one is kept."""
    out: dict[str, Any] = {}
    for prop in manifest.properties:
        name = f"prop.{prop.key}"
        raw = text(form, name)
        if not prop.editable:
            if raw and parse_value(prop, raw, name) != current.get(prop.key):
                out[prop.key] = parse_value(prop, raw, name)  # the service refuses the change, naming the field
            continue
        if prop.secret:
            if text(form, f"clear.{prop.key}") == "1":
                out[prop.key] = None
            elif raw:
                out[prop.key] = parse_value(prop, raw, name)
            continue
        if raw:
            value = parse_value(prop, raw, name)
            if value != current.get(prop.key):
                out[prop.key] = value
        elif prop.key in current:
            out[prop.key] = None
    return out


def metadata(form: FormData) -> dict[str, str]:
    """Key/value rows (``meta_key``/``meta_value`` pairs in order); blank rows are skipped."""
    keys, values = form.getlist("meta_key"), form.getlist("meta_value")
    out: dict[str, str] = {}
    for key, value in zip(keys, values, strict=False):
        if isinstance(key, str) and isinstance(value, str) and key.strip():
            out[key.strip()] = value
    if len(keys) != len(values):
        raise Unprocessable("The metadata rows are incomplete", [FieldError("metadata", "every key needs a value")])
    return out


def shown_value(prop: Property, value: Any) -> str:
    """A stored value as its form field shows it; secrets are never shown."""
    if prop.secret or value is None:
        return ""
    if prop.type in LISTS and isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if prop.type is PropertyType.HEADERS and isinstance(value, dict):
        return "\n".join(f"{k}: {v}" for k, v in value.items())
    if prop.type is PropertyType.JSON:
        return orjson.dumps(value).decode()
    if prop.type is PropertyType.BOOLEAN:
        return "true" if value is True else "false" if value is False else ""
    return str(value)


def echo(manifest: Manifest, form: FormData) -> dict[str, str]:
    """What the user typed, to fill the form again after an error; secrets are not sent back."""
    return {p.key: text(form, f"prop.{p.key}") for p in manifest.properties if not p.secret}
