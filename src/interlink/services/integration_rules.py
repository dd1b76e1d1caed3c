"""Rules for an integration's input: identifiers, metadata, property values, conditions, editability.

Pure functions over a type's manifest and the caller's values; ``services.integrations`` applies them.
"""

from __future__ import annotations

import re
import secrets
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from interlink.catalog.values import validate_values, with_defaults
from interlink.core import conditions as condition_rules
from interlink.core.errors import FieldError, Unprocessable, invalid
from interlink.core.settings import Settings
from interlink.queue.outbound_policy import OutboundPolicy
from interlink.sdk import Direction, Manifest, PropertyType
from interlink.services import audit

MAX_METADATA_KEYS = 50
T = TypeVar("T")
IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$")


@dataclass
class Problems:
    """Every failing field of one request, so a client learns them all at once rather than one per try."""

    errors: list[FieldError] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path, message))

    def run(self, check: Callable[..., T], *args: Any) -> T | None:
        """``check(*args)``, or None with its failing fields noted."""
        with self.catch():
            return check(*args)
        return None

    @contextmanager
    def catch(self) -> Iterator[None]:
        """Note the failing fields of a check (sync or awaited) that raises ``Unprocessable``, and go on."""
        try:
            yield
        except Unprocessable as exc:
            self.errors += exc.errors or [FieldError("body", exc.detail)]

    def raise_any(self) -> None:
        if self.errors:
            detail = (
                "Some required properties are missing"
                if all(e.message == "is required" for e in self.errors)
                else "The request is invalid"
            )
            raise Unprocessable(detail, self.errors)


def slugify(text: str) -> str:
    """Lowercase, dashes for anything else, as identifiers are generated from names."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60] or "integration"


def new_identifier(name: str) -> str:
    alphabet = string.ascii_letters + string.digits
    return f"{slugify(name)}-{''.join(secrets.choice(alphabet) for _ in range(8))}"


def check_metadata(metadata: Any) -> dict[str, str]:
    if not isinstance(metadata, dict) or len(metadata) > MAX_METADATA_KEYS:
        raise invalid("metadata", f"must be an object of at most {MAX_METADATA_KEYS} keys")
    for key, value in metadata.items():
        if not isinstance(value, str | int | float | bool) or len(str(key)) > 100 or len(str(value)) > 1000:
            raise invalid(f"metadata.{key}", "must be a string, number or boolean of at most 1000 characters")
    return dict(metadata)


def split_secrets(manifest: Manifest, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Separate plain properties from secret ones by the type's schema."""
    secret_keys = manifest.secret_keys
    plain = {k: v for k, v in values.items() if k not in secret_keys}
    hidden = {k: v for k, v in values.items() if k in secret_keys}
    return plain, hidden


def outbound_policy(settings: Settings) -> OutboundPolicy:
    """The same policy the worker's transport applies when it connects."""
    return OutboundPolicy.build(settings.allow_private_networks, settings.outbound_allow)


def check_destinations(
    manifest: Manifest, values: dict[str, Any], path: str, policy: OutboundPolicy
) -> list[FieldError]:
    """Refuse, at save time, a URL or mail host the outbound policy would refuse at send time."""
    problems: list[FieldError] = []
    for key, value in values.items():
        prop = manifest.prop(key)
        if prop is None or not isinstance(value, str):
            continue
        if prop.type is PropertyType.URL:
            refused = policy.url_refusal(value)
        elif key == "host" and manifest.direction is Direction.EGRESS:
            refused = policy.host_refusal(value)
        elif prop.dials is not None:  # a URL of another scheme (e.g. Apprise's) whose host is connected to
            refused = next(filter(None, (policy.host_refusal(host) for host in prop.dials(value))), None)
        else:
            continue
        if refused:
            problems.append(FieldError(f"{path}.{key}", f"cannot be called: {refused}"))
    return problems


def credential_keys(manifest: Manifest, hidden: dict[str, Any]) -> list[str]:
    """The secret keys set, plus ``key:Name`` for each header a secret header map holds (names are not secret)."""
    names = [
        f"{key}:{name}"
        for key, value in hidden.items()
        if (prop := manifest.prop(key)) is not None and prop.type is PropertyType.HEADERS and isinstance(value, dict)
        for name in value
    ]
    return sorted(hidden) + sorted(names)


def merge_input(
    manifest: Manifest, properties: Any, credentials: Any, policy: OutboundPolicy | None = None
) -> dict[str, Any]:
    if not isinstance(properties, dict):
        raise invalid("properties", "must be an object")
    if not isinstance(credentials, dict):
        raise invalid("credentials", "must be an object")
    values, problems = validate_values(manifest, properties, "properties")
    secret_values, secret_problems = validate_values(manifest, credentials, "credentials")
    if policy is not None:
        problems += check_destinations(manifest, values, "properties", policy)
        secret_problems += check_destinations(manifest, secret_values, "credentials", policy)
    if problems or secret_problems:
        raise Unprocessable("Some properties are invalid", problems + secret_problems)
    return {**values, **secret_values}


def given_values(manifest: Manifest, properties: Any, credentials: Any) -> dict[str, Any]:
    """The raw values given, unchecked: enough to tell which required ones are missing when others are invalid."""
    raw = {
        **(properties if isinstance(properties, dict) else {}),
        **(credentials if isinstance(credentials, dict) else {}),
    }
    return with_defaults(manifest, raw)


def check_conditions(conditions: Any) -> list[dict[str, Any]]:
    problems = condition_rules.validate(conditions)
    if problems:
        raise Unprocessable("The conditions are invalid", problems)
    checked: list[dict[str, Any]] = conditions
    return checked


def audit_view(values: dict[str, Any], manifest: Manifest) -> dict[str, Any]:
    return {k: (audit.REDACTED if k in manifest.secret_keys else v) for k, v in values.items()}


def check_editable(manifest: Manifest, current: dict[str, Any], incoming: dict[str, Any]) -> None:
    fixed = [
        FieldError(f"properties.{key}", "cannot be changed after the integration is created")
        for key, value in incoming.items()
        if (prop := manifest.prop(key)) is not None and not prop.editable and current.get(key) != value
    ]
    if fixed:
        raise Unprocessable("Some properties cannot be changed after create", fixed)
