"""The Teams sender against a local Workflows trigger: the Adaptive Card envelope, and each documented answer."""

from __future__ import annotations

from dataclasses import replace

from interlink.providers.msteams.sender import SENDER
from interlink.queue.transport import HttpTransport
from interlink.sdk import OutboundMessage, Outcome
from tests.providers.msteams.contract import FLOW_PATH, FLOW_QUERY, MESSAGE, SIG
from tests.providers.msteams.fake import FakeWorkflow, documented, fixture
from tests.receivers import Receiver, status


def outbound(**overrides: object) -> OutboundMessage:
    return replace(MESSAGE, **overrides)  # type: ignore[arg-type]


def config(api: Receiver, query: str = FLOW_QUERY) -> dict[str, object]:
    return {"webhookUrl": f"{api.url}{FLOW_PATH}?{query}"}


async def test_the_card_is_the_documented_envelope_and_202_is_delivered(transport: HttpTransport) -> None:
    async with FakeWorkflow().receiver() as api:
        result = await SENDER.send(outbound(), config(api), transport)
    [request] = api.received
    assert request.method == fixture("workflow_trigger__request")["method"]
    assert request.path == f"{FLOW_PATH}?{FLOW_QUERY}", "the signed query reaches the flow unchanged"
    assert request.headers["Content-Type"] == "application/json"
    assert request.json() == fixture("workflow_trigger__request")["body"]
    assert (result.outcome, result.status_code, result.provider_message_id) == (Outcome.DELIVERED, 202, None)


async def test_the_subject_is_a_bold_heading(transport: HttpTransport) -> None:
    async with FakeWorkflow().receiver() as api:
        await SENDER.send(outbound(subject="Pump 3", text="stopped"), config(api), transport)
    body = api.received[0].json()["attachments"][0]["content"]["body"]
    assert body == [
        {"type": "TextBlock", "text": "Pump 3", "weight": "Bolder", "size": "Medium", "wrap": True},
        {"type": "TextBlock", "text": "stopped", "wrap": True},
    ]


async def test_documented_refusals_fail_with_the_error_code_only(transport: HttpTransport) -> None:
    async with FakeWorkflow().receiver(documented("workflow_trigger__schema_mismatch")) as api:
        mismatch = await SENDER.send(outbound(), config(api), transport)
        unsigned = await SENDER.send(outbound(), config(api, FLOW_QUERY.replace(SIG, "forged")), transport)
    assert (mismatch.outcome, mismatch.detail) == (
        Outcome.FAILED,
        "HTTP 400: Teams workflow error TriggerInputSchemaMismatch",
    )
    assert (unsigned.outcome, unsigned.detail) == (
        Outcome.FAILED,
        "HTTP 401: Teams workflow error DirectApiAuthorizationRequired",
    )


async def test_a_retired_connectors_200_failure_is_a_failure(transport: HttpTransport) -> None:
    async with Receiver(replies=[documented("connector_post__legacy_failure")]) as api:
        result = await SENDER.send(outbound(), config(api), transport)
    assert (result.outcome, result.status_code) == (Outcome.FAILED, 200)
    assert result.detail.startswith("HTTP 200: Teams refused the message: Webhook message delivery failed")


async def test_throttling_and_outages_are_retried(transport: HttpTransport) -> None:
    async with Receiver(replies=[status(429, {"Retry-After": "12"}), status(429), status(500), status(504)]) as api:
        results = [await SENDER.send(outbound(), config(api), transport) for _ in range(4)]
    assert [r.outcome for r in results] == [Outcome.RETRY] * 4
    assert [r.retry_after for r in results] == [12.0, None, None, None]
