"""Signed, expiring acknowledge and resolve links, so a person acts on an alert from a message without a key.

A link names the alert, the action and an expiry, signed with HMAC-SHA256 under a key derived (HKDF)
from the master key; it is checked in constant time. Links live under ``INTERLINK_PUBLIC_URL``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from interlink.core.errors import InterlinkError
from interlink.core.ids import is_id
from interlink.core.timeutil import utcnow
from interlink.core.tracing import reset_trace_id, set_trace_id
from interlink.services import alerts
from interlink.services.alert_hooks import AlertView
from interlink.services.hub import Hub

ACTIONS = ("acknowledge", "resolve")
LIFETIME = timedelta(hours=24)
PATH = "/v2/alert-links"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


class LinkRefused(InterlinkError):
    """The link is malformed, forged or expired: said plainly, without saying which part failed to forge it."""

    def __init__(self, detail: str, status: int = 404) -> None:
        super().__init__(detail, [], status, "Link not usable")


@dataclass(frozen=True)
class Link:
    alert_id: str
    action: str
    expires_at: datetime


def _key(hub: Hub) -> bytes:
    kdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"interlink alert links v1")
    return kdf.derive(hub.master_key.material)


def _sign(hub: Hub, text: str) -> str:
    digest = hmac.new(_key(hub), text.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def token(hub: Hub, alert_id: str, action: str, now: datetime | None = None) -> str:
    expires = int(((now or utcnow()) + LIFETIME).timestamp())
    text = f"{alert_id}.{action}.{expires}"
    return f"{text}.{_sign(hub, text)}"


def url(hub: Hub, alert_id: str, action: str, now: datetime | None = None) -> str:
    base = (os.environ.get("INTERLINK_PUBLIC_URL") or DEFAULT_PUBLIC_URL).rstrip("/")
    return f"{base}{PATH}/{token(hub, alert_id, action, now)}"


def links(hub: Hub, alert_id: str, now: datetime | None = None) -> dict[str, str]:
    return {action: url(hub, alert_id, action, now) for action in ACTIONS}


def read(hub: Hub, value: str, now: datetime | None = None) -> Link:
    """The link a token stands for; refused (404) when malformed or forged, (410) when expired."""
    parts = value.split(".")
    if (
        len(parts) != 4
        or parts[1] not in ACTIONS
        or not is_id(parts[0], "alr")
        or not (parts[2].isdigit() and len(parts[2]) <= 12)
    ):
        raise LinkRefused("This link is not valid")
    alert_id, action, expires, signature = parts
    if not hmac.compare_digest(_sign(hub, f"{alert_id}.{action}.{expires}"), signature):
        raise LinkRefused("This link is not valid")
    expires_at = datetime.fromtimestamp(int(expires), tz=UTC)
    if expires_at <= (now or utcnow()):
        raise LinkRefused("This link has expired", 410)
    return Link(alert_id, action, expires_at)


async def preview(hub: Hub, value: str) -> tuple[Link, AlertView]:
    """What a link would do, for the confirmation page; nothing changes."""
    link = read(hub, value)
    async with hub.db.read() as session:
        alert = await alerts.get_view(session, link.alert_id)
    if alert is None:
        raise LinkRefused("This alert no longer exists")
    return link, alert


async def act(hub: Hub, value: str) -> tuple[Link, AlertView]:
    """Carry the link's action out on the alert's behalf of whoever holds the link."""
    link = read(hub, value)
    async with hub.db.write() as session:
        alert = await alerts.get_view(session, link.alert_id)
        if alert is None:
            raise LinkRefused("This alert no longer exists")
        token = set_trace_id(alert.trace_id)
        try:
            verb = alerts.acknowledge if link.action == "acknowledge" else alerts.resolve
            if link.action == "acknowledge" and alert.status != "open":
                return link, alert  # acknowledging twice, or after it resolved, changes nothing
            moved = await verb(
                session, hub, alert.id, actor="link", detail={"via": "signed link"}, trace_id=alert.trace_id
            )
        finally:
            reset_trace_id(token)
    return link, moved
