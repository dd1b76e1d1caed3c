"""Twilio (incoming): Twilio's worked signature example verifies; an SMS becomes exactly this alert."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

import httpx

from interlink.providers.twilio_inbound.handler import HANDLER, signature
from interlink.sdk.inbound import ActionKind, AlertAction, InboundRequest
from tests.conftest import Tenant
from tests.inbound.helpers import fixture, receiver, wait_event

NOW = datetime(2024, 1, 1, tzinfo=UTC)
DOC = fixture("twilio_inbound", "signature__documented")
SMS = fixture("twilio_inbound", "sms__received")["params"]
FORM = {"content-type": "application/x-www-form-urlencoded"}


def documented(signed: str | None = DOC["signature"]) -> InboundRequest:
    headers = {**FORM, **({"x-twilio-signature": signed} if signed else {})}
    return InboundRequest("POST", headers, urlencode(DOC["params"]).encode(), url=DOC["url"])


def test_twilios_worked_example_verifies_and_forged_or_missing_signatures_do_not() -> None:
    assert HANDLER.verify(documented(), [DOC["authToken"]], NOW).ok
    assert HANDLER.verify(documented(), ["new-token", DOC["authToken"]], NOW).ok
    forged, missing = (
        HANDLER.verify(documented("AAAA"), [DOC["authToken"]], NOW),
        HANDLER.verify(documented(None), [DOC["authToken"]], NOW),
    )
    assert (forged.ok, forged.reason) == (False, "the signature does not match")
    assert (missing.ok, missing.reason) == (False, "X-Twilio-Signature is missing")
    behind_proxy = InboundRequest(
        "POST",
        {**FORM, "x-twilio-signature": DOC["signature"]},
        urlencode(DOC["params"]).encode(),
        url="http://10.0.0.5:8000/myapp.php?foo=1&bar=2",
        options={"publicBaseUrl": "https://mycompany.com"},
    )
    assert HANDLER.verify(behind_proxy, [DOC["authToken"]], NOW).ok


def test_an_sms_opens_an_alert() -> None:
    request = InboundRequest("POST", FORM, urlencode(SMS).encode())
    assert HANDLER.interpret(request) == [
        AlertAction(
            ActionKind.CREATE,
            title="Database is down, please check db-1",
            description="Database is down, please check db-1",
            third_party_id="SM1234567890abcdef1234567890abcdef",
            tags=("sms", "from:+14155552672", "to:+14155552671"),
        )
    ]


async def test_an_sms_through_the_intake_is_answered_with_empty_twiml(
    client: httpx.AsyncClient, tenant: Tenant, worker: object
) -> None:
    twilio = await receiver(client, tenant, "twilio_inbound", "SMS in", credentials={"authToken": "tw-token"})
    url = "http://interlink.test" + twilio["inboundUrl"]
    body = urlencode(SMS)
    signed = signature("tw-token", url, sorted(SMS.items()))
    answer = await client.post(twilio["inboundUrl"], content=body, headers={**FORM, "X-Twilio-Signature": signed})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/xml")
    assert answer.text == '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
    forged = await client.post(twilio["inboundUrl"], content=body, headers={**FORM, "X-Twilio-Signature": "x"})
    assert forged.status_code == 401
    log = await client.get("/v2/inbound-events", params={"integrationId": twilio["id"]}, headers=tenant.headers)
    accepted = [e for e in log.json()["data"] if e["outcome"] == "accepted"]
    assert (await wait_event(client, tenant, accepted[0]["id"]))["status"] == "processed"
