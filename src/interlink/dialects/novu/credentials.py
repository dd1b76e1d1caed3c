"""Novu credential keys ↔ manifest property keys: mostly identical, with a few renames and conversions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from interlink.core.errors import FieldError, Unprocessable
from interlink.dialects.base import invert, property_key
from interlink.sdk import Manifest

# The keys of Novu's CredentialsDto: what a Novu client can name at all.
# fmt: off
NOVU_KEYS = frozenset((
    "apiKey", "user", "secretKey", "domain", "password", "host", "port", "secure", "region", "accountSid",
    "messageProfileId", "token", "from", "senderName", "projectName", "applicationId", "clientId", "requireTls",
    "ignoreTls", "tlsOptions", "baseUrl", "webhookUrl", "redirectUrl", "hmac", "serviceAccount", "ipPoolName",
    "apiKeyRequestHeader", "secretKeyRequestHeader", "idPath", "datePath", "apiToken", "authenticateByToken",
    "authenticationTokenKey", "instanceId", "alertUid", "title", "imageUrl", "state", "externalLink", "channelId",
    "phoneNumberIdentification", "accessKey", "appSid", "senderId", "tenantId", "AppIOBaseUrl", "signingSecret",
))
# fmt: on

Converter = Callable[[dict[str, Any]], tuple[dict[str, Any], list[FieldError]]]


@dataclass(frozen=True)
class KeyMap:
    """How one type's Novu credentials differ from its property keys."""

    renames: dict[str, str] = field(default_factory=dict)  # Novu key -> property key
    ignored: frozenset[str] = frozenset()  # Novu keys Interlink has no use for
    convert: Converter | None = None  # consumes keys whose value changes shape


def _port(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and 1 <= value <= 65535 else None


def _smtp(given: dict[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    """Novu's nodemailer: ``port`` is a string, TLS is three booleans (one enum here) and certificate
    checking hides in ``tlsOptions.rejectUnauthorized``."""
    out: dict[str, Any] = {}
    problems: list[FieldError] = []
    if "port" in given:
        port = _port(given.pop("port"))
        if port is None:
            problems.append(FieldError("credentials.port", "must be a port number from 1 to 65535"))
        else:
            out["port"] = port
    if "tlsOptions" in given:
        options = given.pop("tlsOptions")
        verify = options.get("rejectUnauthorized") if isinstance(options, dict) else None
        if (
            not isinstance(options, dict)
            or set(options) - {"rejectUnauthorized"}
            or type(verify) not in (bool, type(None))
        ):
            problems.append(FieldError("credentials.tlsOptions", "may only hold rejectUnauthorized (a boolean)"))
        elif verify is not None:
            out["tlsVerify"] = verify
    flags = {key: given.pop(key) for key in ("secure", "requireTls", "ignoreTls") if key in given}
    problems += [
        FieldError(f"credentials.{k}", "must be a boolean value") for k, v in flags.items() if type(v) is not bool
    ]
    if flags and not problems:
        if flags.get("secure"):
            out["secure"] = "TLS"
        elif flags.get("ignoreTls") and not flags.get("requireTls"):
            out["secure"] = "NONE"
        else:
            out["secure"] = "STARTTLS"
    return out, problems


KEYMAPS: dict[str, KeyMap] = {
    "smtp": KeyMap(renames={"tlsOptions": "tlsVerify"}, convert=_smtp),
    "apns": KeyMap(
        renames={
            "secretKey": "privateKey",
            "apiKey": "keyId",
            "projectName": "teamId",
            "applicationId": "bundleId",
            "secure": "production",
        }
    ),
    "mailgun": KeyMap(ignored=frozenset({"user"})),
}


def keymap(manifest: Manifest) -> KeyMap:
    return KEYMAPS.get(manifest.id, KeyMap())


def novu_name(manifest: Manifest, key: str) -> str:
    """What Novu calls a property of ``manifest``."""
    return invert(keymap(manifest).renames).get(key, key)


def _harmless(value: Any) -> bool:
    """Values that switch nothing on: a client may send them for keys Interlink does not have."""
    return value is False or value == {} or value == []


def to_values(manifest: Manifest, credentials: dict[str, Any]) -> dict[str, Any]:
    """Novu credentials as property values of ``manifest``; 422 naming each key Interlink cannot honour."""
    mapping = keymap(manifest)
    given = {k: v for k, v in credentials.items() if v is not None and v != ""}
    out, problems = mapping.convert(given) if mapping.convert else ({}, [])
    for key, value in given.items():
        if key in mapping.ignored:
            continue
        target = mapping.renames.get(key, key)
        if manifest.prop(target) is None:
            if not _harmless(value):
                problems.append(FieldError(f"credentials.{key}", f"is not supported by Interlink's {manifest.name}"))
            continue
        out[target] = value
    if problems:
        raise Unprocessable("Some credentials are invalid", problems)
    return out


def replacement(manifest: Manifest, values: dict[str, Any]) -> dict[str, Any]:
    """Novu replaces credentials wholesale: clear each editable plain key Novu can name that was left out.

    Secret keys are replaced by the service (``replace_credentials``); keys Novu cannot name
    (such as ``recipients``) are kept.
    """
    out = dict(values)
    for prop in manifest.properties:
        if prop.key in out or prop.secret or not prop.editable:
            continue
        if novu_name(manifest, prop.key) in NOVU_KEYS:
            out[prop.key] = None
    return out


def error_path(manifest: Manifest) -> Callable[[str], str]:
    """Rename a service error path (``properties.keyId``) to Novu's (``credentials.apiKey``)."""

    def rename(path: str) -> str:
        key = property_key(path)
        return path if key is None else f"credentials.{novu_name(manifest, key)}"

    return rename
