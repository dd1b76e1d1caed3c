"""Standard Webhooks sender: the specification's example becomes exactly this action; signatures are required."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import orjson
import pytest
from standardwebhooks.webhooks import Webhook

from interlink.providers.standard_webhooks.handler import HANDLER
from interlink.sdk.inbound import ActionKind, AlertAction, InboundRequest
from interlink.sdk.signing import new_secret
from tests.conftest import Tenant
from tests.inbound.helpers import alerts_of, fixture, fixture_bytes, wait_event

NOW = datetime(2022, 11, 3, 20, 26, 30, tzinfo=UTC)
SECRET = new_secret()


def signed(body: bytes, at: datetime = NOW, secret: str = SECRET) -> dict[str, str]:
    msg_id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, at, body.decode()),
    }


def test_the_specifications_example_event_opens_an_alert() -> None:
    body = fixture_bytes("standard_webhooks", "contact_created")
    assert HANDLER.interpret(InboundRequest("POST", signed(body), body)) == [
        AlertAction(
            ActionKind.CREATE,
            title="contact.created",
            third_party_id="1f81eb52-5198-4599-803e-771906343485",
            tags=("contact.created",),
        )
    ]
    resolved = {**fixture("standard_webhooks", "contact_created"), "type": "incident.resolved"}
    [action] = HANDLER.interpret(InboundRequest("POST", {}, orjson.dumps(resolved)))
    assert (action.kind, action.third_party_id) == (ActionKind.RESOLVE, "1f81eb52-5198-4599-803e-771906343485")


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("forged", "the signature does not match"),
        ("stale", "webhook-timestamp is not within five minutes of now"),
        ("missing", "webhook-id, webhook-timestamp and webhook-signature are required"),
        ("unset", "the integration has no signing secret"),
    ],
)
def test_forged_stale_missing_and_unconfigured_are_refused(case: str, reason: str) -> None:
    body = fixture_bytes("standard_webhooks", "contact_created")
    headers = {
        "forged": signed(body, secret=new_secret()),
        "stale": signed(body, NOW - timedelta(minutes=10)),
        "missing": {},
        "unset": signed(body),
    }[case]
    verdict = HANDLER.verify(InboundRequest("POST", headers, body), [] if case == "unset" else [SECRET], NOW)
    assert (verdict.ok, verdict.reason) == (False, reason)


async def test_the_generated_secret_signs_requests_through_the_intake(
    client: httpx.AsyncClient, tenant: Tenant, worker: object
) -> None:
    created = await client.post(
        "/v2/integrations", json={"name": "Svix app", "type": "standard_webhooks"}, headers=tenant.headers
    )
    assert created.status_code == 201, created.text
    secret = created.json()["generatedCredentials"]["signingSecret"]
    body = fixture_bytes("standard_webhooks", "contact_created")
    url = created.json()["inboundUrl"]
    assert (await client.post(url, content=body)).status_code == 401
    accepted = await client.post(url, content=body, headers=signed(body, datetime.now(UTC), secret))
    assert accepted.status_code == 202
    await wait_event(client, tenant, accepted.json()["id"])
    [alert] = await alerts_of(client, tenant, created.json()["id"])
    assert alert["title"] == "contact.created"
