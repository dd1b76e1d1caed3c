"""Reads Novu request bodies the way Novu's DTOs do: unknown fields ignored, each bad field named."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from interlink.core.errors import BadRequest, FieldError

CHANNELS = ("in_app", "email", "sms", "chat", "push")
_UPDATABLE = ("name", "identifier", "active", "credentials", "conditions")


@dataclass
class CreateForm:
    """A valid ``CreateIntegrationRequestDto``."""

    provider_id: str
    channel: str
    name: str | None = None
    identifier: str | None = None
    environment_id: str | None = None
    credentials: dict[str, Any] = field(default_factory=dict)
    active: bool = False
    check: bool = False
    conditions: list[Any] = field(default_factory=list)


@dataclass
class UpdateForm:
    """A valid ``UpdateIntegrationRequestDto``; ``given`` holds the fields that change something."""

    given: dict[str, Any]
    environment_id: str | None = None
    check: bool = False


class _Reader:
    """Collects every problem of one body before refusing it."""

    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body
        self.problems: list[FieldError] = []

    def fail(self, key: str, message: str) -> None:
        self.problems.append(FieldError(key, message))

    def string(self, key: str, *, required: bool = False) -> str | None:
        value = self.body.get(key)
        if value is None:
            if required:
                self.fail(key, "should not be null or undefined")
            return None
        if not isinstance(value, str):
            self.fail(key, "must be a string")
            return None
        return value

    def boolean(self, key: str) -> bool | None:
        value = self.body.get(key)
        if value is not None and not isinstance(value, bool):
            self.fail(key, "must be a boolean value")
            return None
        return value

    def obj(self, key: str) -> dict[str, Any] | None:
        value = self.body.get(key)
        if value is not None and not isinstance(value, dict):
            self.fail(key, "must be an object")
            return None
        return value

    def array(self, key: str) -> list[Any] | None:
        value = self.body.get(key)
        if value is not None and not isinstance(value, list):
            self.fail(key, "must be an array")
            return None
        return value

    def configurations(self) -> None:
        """Novu's inbound-webhook configurations have no counterpart here; refuse rather than drop them."""
        value = self.obj("configurations")
        if value and any(value.values()):
            self.fail("configurations", "are not supported by Interlink")

    def done(self) -> None:
        if self.problems:
            raise BadRequest("Bad Request", self.problems)


def create_form(body: dict[str, Any]) -> CreateForm:
    read = _Reader(body)
    provider_id = read.string("providerId", required=True)
    channel = read.string("channel", required=True)
    if channel is not None and channel not in CHANNELS:
        read.fail("channel", f"must be one of the following values: {', '.join(CHANNELS)}")
    form = CreateForm(
        provider_id=provider_id or "",
        channel=channel or "",
        name=read.string("name"),
        identifier=read.string("identifier"),
        environment_id=read.string("_environmentId"),
        credentials=read.obj("credentials") or {},
        active=bool(read.boolean("active")),
        check=bool(read.boolean("check")),
        conditions=read.array("conditions") or [],
    )
    read.configurations()
    read.done()
    return form


def update_form(body: dict[str, Any]) -> UpdateForm:
    read = _Reader(body)
    checks: dict[str, Callable[[str], Any]] = {
        "name": read.string,
        "identifier": read.string,
        "active": read.boolean,
        "credentials": read.obj,
        "conditions": read.array,
    }
    given = {key: checks[key](key) for key in _UPDATABLE if body.get(key) is not None}
    form = UpdateForm(given, read.string("_environmentId"), bool(read.boolean("check")))
    read.configurations()
    read.done()
    if not given:
        raise BadRequest("No properties found for update")
    return form
