"""The outbound webhook's case of the provider contract: our own Standard Webhooks request, any receiver's answer."""

from __future__ import annotations

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import HttpCase, Recorded, plain

SIGNING_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
PASSWORD = "hook-password-0123456789"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTWEBHOOK000000001", channel="webhook", recipient={}, subject="Pump 3", text="Pressure low"
)


def config(base: str) -> dict[str, object]:
    return {"url": base + "/hooks/interlink", "authType": "BASIC", "username": "hook-user", "password": PASSWORD,
            "signingSecret": SIGNING_SECRET}  # fmt: skip


def signed(request: Recorded) -> None:
    assert (request.method, request.path) == ("POST", "/hooks/interlink")
    assert request.headers["webhook-id"] == MESSAGE.id
    assert request.headers["webhook-signature"].startswith("v1,")


CASE = HttpCase(
    provider="webhook",
    config=config,
    message=MESSAGE,
    success=plain(204),
    rate_limited=plain(429, {"Retry-After": "9"}),
    rate_limit_wait=9.0,
    rate_limited_bare=plain(429),
    permanent=plain(410, body="gone"),
    request_check=signed,
)
