"""A page reaches each contact method through the environment's integrations: SMS by Twilio, chat by Slack."""

from __future__ import annotations

from urllib.parse import parse_qs

from aiohttp import web

from tests.alerts.helpers import create_action, open_one
from tests.conftest import Tenant
from tests.paging.conftest import Clock
from tests.paging.helpers import post, tick
from tests.receivers import Received, Receiver, wait_status


async def twilio(_request: web.Request, _seen: Received) -> web.StreamResponse:
    return web.json_response({"sid": "SM0123456789abcdef0123456789abcdef", "status": "queued"}, status=201)


async def slack(_request: web.Request, _seen: Received) -> web.StreamResponse:
    return web.json_response({"ok": True, "channel": "C0123456789", "ts": "1700000000.000100"})


async def test_sms_and_chat_pages_carry_the_links(client, hub, tenant: Tenant, worker, clock: Clock) -> None:
    async with Receiver(default=twilio) as sms_api, Receiver(default=slack) as slack_api:
        twilio_props = {"accountSid": "AC123", "from": "+14155550100", "baseUrl": sms_api.url}
        await post(
            client,
            tenant,
            "/v2/integrations",
            {"name": "SMS", "type": "twilio", "properties": twilio_props, "credentials": {"token": "tw-token"}},
        )
        slack_props = {"mode": "BOT", "baseUrl": slack_api.url, "channel": "C0000000000"}
        await post(
            client,
            tenant,
            "/v2/integrations",
            {"name": "Slack", "type": "slack", "properties": slack_props, "credentials": {"apiToken": "xoxb-1"}},
        )
        methods = [{"type": "sms", "to": "+14155552671"}, {"type": "chat", "to": "C0123456789"}]
        user = await post(
            client, tenant, "/v2/users", {"name": "Dee", "email": "dee@example.com", "contactMethods": methods}
        )
        source = await post(
            client,
            tenant,
            "/v2/integrations",
            {"name": "In", "type": "inbound_webhook", "properties": {"accountUserIds": [user["id"]]}},
        )
        alert, _ = await open_one(hub, tenant, source["id"], create_action("Queue stuck", urgency="high"))

        await tick(hub, clock.now)
        [sms] = await sms_api.wait_for(1)
        [chat] = await slack_api.wait_for(1)
    form = {k: v[0] for k, v in parse_qs(sms.body.decode()).items()}
    assert sms.path == "/2010-04-01/Accounts/AC123/Messages.json"
    assert (form["To"], form["From"]) == ("+14155552671", "+14155550100")
    assert form["Body"].startswith("[HIGH] Queue stuck") and "/v2/alert-links/" in form["Body"]
    assert chat.path == "/chat.postMessage" and chat.json()["channel"] == "C0123456789"
    assert "Acknowledge: " in chat.json()["text"] and alert.id in chat.json()["text"]
    for message in (await client.get("/v2/messages", headers=tenant.headers)).json()["data"]:
        await wait_status(client, tenant.headers, message["id"], "delivered")
