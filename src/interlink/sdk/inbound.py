"""The inbound handler contract: a raw request in, a verdict and the alert actions it means out.

A provider's ``handler.py`` exposes ``HANDLER``, an object with two pure functions:
``verify(request, secrets, now) -> Verdict`` and ``interpret(request) -> list[AlertAction]``.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol
from urllib.parse import parse_qsl

import orjson

URGENCIES = ("silent", "low", "medium", "high", "critical")


class ActionKind(StrEnum):
    """What a source's request asks for."""

    CREATE = "create"
    ACKNOWLEDGE = "acknowledge"
    RESOLVE = "resolve"
    IGNORE = "ignore"


@dataclass(frozen=True)
class AlertAction:
    """One thing a request means: open (or repeat) an alert, acknowledge or resolve one, or nothing."""

    kind: ActionKind
    title: str = ""
    description: str | None = None
    urgency: str | None = None
    third_party_id: str | None = None
    dedup_keys: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    additional_data: tuple[dict[str, Any], ...] = ()
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form (previews, inbound event results)."""
        return {
            "action": self.kind.value,
            "title": self.title,
            "description": self.description,
            "urgency": self.urgency,
            "thirdPartyId": self.third_party_id,
            "dedupKeys": list(self.dedup_keys),
            "tags": list(self.tags),
            "additionalData": list(self.additional_data),
            **({"reason": self.reason} if self.reason else {}),
        }


@dataclass(frozen=True)
class InboundRequest:
    """The raw request as received; header names are lowercase."""

    method: str
    headers: dict[str, str]
    body: bytes
    query: str = ""
    url: str = ""
    remote_address: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    fetched: dict[str, bytes] = field(default_factory=dict)  # what ``fetches`` named, fetched by Interlink

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self) -> Any:
        """The body as JSON; ValueError when it is not."""
        try:
            return orjson.loads(self.body) if self.body else None
        except orjson.JSONDecodeError as exc:
            raise ValueError("the body is not JSON") from exc

    def form(self) -> dict[str, str]:
        """The body as an URL-encoded form (last value wins)."""
        return dict(parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True))


@dataclass(frozen=True)
class Verdict:
    """Whether a request may be accepted; ``reason`` says why not (it never holds a secret)."""

    ok: bool
    reason: str = "accepted"

    @classmethod
    def accept(cls) -> Verdict:
        return cls(True)

    @classmethod
    def refuse(cls, reason: str) -> Verdict:
        return cls(False, reason)


@dataclass(frozen=True)
class Reply:
    """A body a source expects in the ``2xx`` answer (a handshake such as Slack's URL challenge)."""

    body: bytes
    content_type: str = "application/json"
    status: int = 200


class Handler(Protocol):
    """What ``providers/<id>/handler.py`` exposes as ``HANDLER``.

    ``methods`` lists the HTTP methods the source uses (``POST``, and ``GET``/``HEAD`` for handshakes);
    ``reply`` shapes the ``2xx`` answer when the source expects one, else returns None. A source whose
    check needs a document from elsewhere (SNS: its signing certificate) names it in ``fetches``; the
    queue fetches it through the guarded HTTP client and hands it to ``interpret`` in
    ``request.fetched``. ``visits`` names URLs to GET once ``interpret`` accepted the request (SNS:
    the subscription confirmation).
    """

    methods: tuple[str, ...]

    def verify(self, request: InboundRequest, secrets: list[str], now: datetime) -> Verdict: ...

    def interpret(self, request: InboundRequest) -> list[AlertAction]: ...

    def reply(self, request: InboundRequest) -> Reply | None: ...

    def fetches(self, request: InboundRequest) -> list[str]: ...

    def visits(self, request: InboundRequest) -> list[str]: ...


class BaseHandler:
    """Defaults for a handler: POST only, no signature, the standard ``202`` answer."""

    methods: tuple[str, ...] = ("POST",)

    def verify(self, request: InboundRequest, secrets: list[str], now: datetime) -> Verdict:
        return Verdict.accept()

    def interpret(self, request: InboundRequest) -> list[AlertAction]:
        return []

    def reply(self, request: InboundRequest) -> Reply | None:
        return None

    def fetches(self, request: InboundRequest) -> list[str]:
        return []

    def visits(self, request: InboundRequest) -> list[str]:
        return []


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two texts."""
    return hmac.compare_digest(a.encode(), b.encode())


def normal_urgency(value: object, default: str | None = None) -> str | None:
    """A source's severity word as one of Interlink's urgencies, or ``default``."""
    text = str(value or "").strip().lower()
    if text in URGENCIES:
        return text
    mapped = {
        "crit": "critical",
        "fatal": "critical",
        "emergency": "critical",
        "p1": "critical",
        "error": "high",
        "p2": "high",
        "major": "high",
        "warning": "medium",
        "warn": "medium",
        "p3": "medium",
        "minor": "low",
        "info": "low",
        "p4": "low",
        "debug": "silent",
        "none": "silent",
    }
    return mapped.get(text, default)


def hmac_hex(secret: str, payload: bytes, algorithm: str = "sha256") -> str:
    """Hex HMAC of ``payload`` with ``secret`` (GitHub, Sentry, Stripe, Slack)."""
    return hmac.new(secret.encode(), payload, algorithm).hexdigest()


def any_matches(offered: list[str], wanted: list[str]) -> bool:
    """Constant-time: does any offered signature equal any wanted one (two secrets during a rotation)."""
    found = False
    for a in offered:
        for b in wanted:
            found |= same(a, b)
    return found


def fresh(timestamp: float, now: datetime, tolerance: float = 300.0) -> bool:
    """Whether a signed timestamp (seconds since the epoch) is within ``tolerance`` of now."""
    return abs(now.timestamp() - timestamp) <= tolerance


def presented_token(request: InboundRequest) -> str | None:
    """The bearer token, or the password of basic auth, the request carries."""
    scheme, _, value = (request.header("authorization") or "").strip().partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if scheme.lower() == "basic":
        try:
            return base64.b64decode(value.strip(), validate=True).decode("utf-8", "replace").partition(":")[2]
        except (binascii.Error, ValueError):
            return None
    return None
