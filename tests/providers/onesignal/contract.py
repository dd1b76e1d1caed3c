"""OneSignal's case of the provider contract: its documented answers, the exact request."""

from __future__ import annotations

import uuid
from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import HttpCase, Recorded, fixtures

BOOK = fixtures(Path(__file__).parent)
APP, KEY = "8250eaf6-1a58-489e-b136-7c74a864b434", "os_v2_app_0123456789abcdefghijklmnop"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTONESIGNAL000001",
    channel="push",
    recipient={"token": "1dd608f2-c6a1-11e3-851d-000c2940e62c"},
    subject="Pump 3",
    text="Pressure is low",
)


def config(base: str) -> dict[str, object]:
    return {"applicationId": APP, "apiKey": KEY, "baseUrl": base}


def sent(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", "/notifications")
    assert request.headers["Authorization"] == f"Key {KEY}"
    assert request.json() == {
        "app_id": APP,
        "target_channel": "push",
        "contents": {"en": "Pressure is low"},
        "idempotency_key": str(uuid.uuid5(uuid.NAMESPACE_URL, f"interlink:{MESSAGE.id}")),
        "include_subscription_ids": ["1dd608f2-c6a1-11e3-851d-000c2940e62c"],
        "headings": {"en": "Pump 3"},
    }


CASE = HttpCase(
    provider="onesignal",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("notification__created"),
    rate_limited=BOOK.reply("error__rate_limit"),
    rate_limit_wait=7.0,
    rate_limited_bare=BOOK.reply("error__rate_limit", headers={"Retry-After": None}),
    permanent=BOOK.reply("notification__not_subscribed"),  # a 200 that sent nothing
    request_check=sent,
)
