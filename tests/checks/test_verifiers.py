"""Each provider's credential check against a local server answering as its docs say: ok, failing, unknown."""

from __future__ import annotations

import base64

from aiohttp import web

from interlink.providers.discord.verify import VERIFIER as DISCORD
from interlink.providers.fcm.verify import VERIFIER as FCM
from interlink.providers.mailgun.verify import VERIFIER as MAILGUN
from interlink.providers.nexmo.verify import VERIFIER as VONAGE
from interlink.providers.postmark.verify import VERIFIER as POSTMARK
from interlink.providers.sendgrid.verify import VERIFIER as SENDGRID
from interlink.providers.ses.verify import VERIFIER as SES
from interlink.providers.slack.verify import VERIFIER as SLACK
from interlink.providers.smtp.verify import VERIFIER as SMTP
from interlink.providers.telegram.verify import VERIFIER as TELEGRAM
from interlink.providers.twilio.verify import VERIFIER as TWILIO
from interlink.queue.transport import HttpTransport
from interlink.sdk.checks import CheckStatus
from tests.providers.fcm.fake import FakeGoogle
from tests.providers.ses.fake import ACCESS_KEY, REGION, SECRET_KEY, signature_problem
from tests.providers.smtp.mailserver import MailServer
from tests.providers.twilio.fake import ACCOUNT, TOKEN
from tests.receivers import Received, Receiver, Reply, status


def answer(code: int, body: object, **headers: str) -> Reply:
    async def reply(_request: web.Request, _seen: Received) -> web.StreamResponse:
        return web.json_response(body, status=code, headers=headers)

    return reply


async def test_sendgrid_scopes(transport: HttpTransport) -> None:
    async with Receiver(
        replies=[
            answer(200, {"scopes": ["mail.send", "alerts.read"]}),
            answer(200, {"scopes": ["alerts.read"]}),
            answer(401, {"errors": [{"field": None, "message": "authorization required"}]}),
        ]
    ) as api:
        config = {"apiKey": "SG.key-value", "baseUrl": api.url}
        results = [await SENDGRID.verify(config, transport) for _ in range(3)]
    assert [r.status for r in results] == [CheckStatus.OK, CheckStatus.FAILING, CheckStatus.FAILING]
    assert results[1].detail == "the API key works but lacks the mail.send scope"
    assert results[2].detail == "SendGrid answered HTTP 401: authorization required"
    assert (api.received[0].method, api.received[0].path) == ("GET", "/v3/scopes")
    assert api.received[0].headers["Authorization"] == "Bearer SG.key-value"


async def test_twilio_account(transport: HttpTransport) -> None:
    async with Receiver(
        replies=[
            answer(200, {"sid": ACCOUNT, "friendly_name": "Ops", "status": "active"}),
            answer(200, {"sid": ACCOUNT, "status": "suspended"}),
            answer(401, {"code": 20003, "message": "Authenticate", "status": 401}),
            status(503),
        ]
    ) as api:
        config = {"accountSid": ACCOUNT, "token": TOKEN, "baseUrl": api.url}
        results = [await TWILIO.verify(config, transport) for _ in range(4)]
    assert [r.status for r in results] == [
        CheckStatus.OK,
        CheckStatus.FAILING,
        CheckStatus.FAILING,
        CheckStatus.UNKNOWN,
    ]
    assert results[0].detail == "Twilio account Ops is active"
    assert results[2].detail == "Twilio answered HTTP 401: error 20003: Authenticate"
    assert api.received[0].path == f"/2010-04-01/Accounts/{ACCOUNT}.json"
    wanted = "Basic " + base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode()
    assert api.received[0].headers["Authorization"] == wanted


async def test_slack_auth_test_and_webhooks(transport: HttpTransport) -> None:
    async with Receiver(
        replies=[
            answer(200, {"ok": True, "team": "Acme", "user": "alertbot", "team_id": "T1", "user_id": "W1"}),
            answer(200, {"ok": False, "error": "invalid_auth"}),
        ]
    ) as api:
        config = {"mode": "BOT", "apiToken": "xoxb-1", "baseUrl": api.url}
        ok, bad = [await SLACK.verify(config, transport) for _ in range(2)]
    assert (ok.status, ok.detail) == (CheckStatus.OK, "signed in to Acme as alertbot")
    assert (bad.status, bad.detail) == (CheckStatus.FAILING, "Slack: invalid_auth")
    assert (api.received[0].method, api.received[0].path) == ("POST", "/auth.test")
    hook = await SLACK.verify({"mode": "WEBHOOK", "webhookUrl": "https://hooks.slack.com/x"}, transport)
    assert hook.status is CheckStatus.UNKNOWN


async def test_telegram_get_me(transport: HttpTransport) -> None:
    async with Receiver(
        replies=[
            answer(200, {"ok": True, "result": {"id": 1, "is_bot": True, "first_name": "Ops", "username": "ops_bot"}}),
            answer(401, {"ok": False, "error_code": 401, "description": "Unauthorized"}),
        ]
    ) as api:
        config = {"apiToken": "123:abc", "baseUrl": api.url}
        ok, bad = [await TELEGRAM.verify(config, transport) for _ in range(2)]
    assert (ok.status, ok.detail) == (CheckStatus.OK, "the token belongs to @ops_bot")
    assert (bad.status, bad.detail) == (CheckStatus.FAILING, "Telegram answered HTTP 401: Unauthorized")
    assert api.received[0].path == "/bot123:abc/getMe"


async def test_postmark_mailgun_vonage_discord(transport: HttpTransport) -> None:
    async with Receiver(
        replies=[
            answer(200, {"ID": 1, "Name": "Staging"}),
            answer(
                401,
                {
                    "ErrorCode": 10,
                    "Message": "The Server Token you provided in the X-Postmark-Server-Token header was invalid.",
                },
            ),
            answer(200, {"domain": {"name": "mg.example.com", "state": "active"}}),
            answer(200, {"domain": {"name": "mg.example.com", "state": "unverified"}}),
            answer(200, {"value": 10.17, "autoReload": False}),
            answer(200, {"id": "1", "name": "Ops hook", "channel_id": "2", "token": "tok"}),
            answer(404, {"message": "Unknown Webhook", "code": 10015}),
        ]
    ) as api:
        results = [
            await POSTMARK.verify({"apiKey": "pm-token", "baseUrl": api.url}, transport),
            await POSTMARK.verify({"apiKey": "pm-token", "baseUrl": api.url}, transport),
            await MAILGUN.verify({"apiKey": "key-1", "domain": "mg.example.com", "baseUrl": api.url}, transport),
            await MAILGUN.verify({"apiKey": "key-1", "domain": "mg.example.com", "baseUrl": api.url}, transport),
            await VONAGE.verify({"apiKey": "k", "secretKey": "s", "baseUrl": api.url}, transport),
            await DISCORD.verify({"webhookUrl": f"{api.url}/api/webhooks/1/tok"}, transport),
            await DISCORD.verify({"webhookUrl": f"{api.url}/api/webhooks/1/tok"}, transport),
        ]
    assert [r.status.value for r in results] == ["ok", "failing", "ok", "failing", "ok", "ok", "failing"]
    assert results[1].detail.startswith("Postmark answered HTTP 401: error 10: The Server Token")
    assert results[3].detail == "the domain is unverified at Mailgun"
    assert results[6].detail == "Discord answered HTTP 404: Unknown Webhook (code 10015)"
    paths = [r.path for r in api.received]
    assert paths[:5] == [
        "/server",
        "/server",
        "/v4/domains/mg.example.com",
        "/v4/domains/mg.example.com",
        "/account/get-balance?api_key=k&api_secret=s",
    ]


async def test_ses_get_account_is_signed(transport: HttpTransport) -> None:
    async def reply(request: web.Request, seen: Received) -> web.StreamResponse:
        if signature_problem(request, seen):
            return web.json_response(
                {"message": "signature"}, status=403, headers={"x-amzn-ErrorType": "SignatureDoesNotMatch:"}
            )
        return web.json_response({"SendingEnabled": True, "ProductionAccessEnabled": False})

    async with Receiver(default=reply) as api:
        config = {"apiKey": ACCESS_KEY, "secretKey": SECRET_KEY, "region": REGION, "baseUrl": api.url}
        ok = await SES.verify(config, transport)
        bad = await SES.verify({**config, "secretKey": "wrong"}, transport)
    assert (ok.status, ok.detail) == (CheckStatus.OK, "SES accepted the credentials (still in the SES sandbox)")
    assert (bad.status, bad.detail) == (CheckStatus.FAILING, "SES answered HTTP 403: SignatureDoesNotMatch: signature")
    assert api.received[0].path == "/v2/email/account"


async def test_fcm_token_grant(transport: HttpTransport) -> None:
    google, stranger = FakeGoogle(), FakeGoogle()
    async with google.receiver() as api:
        ok = await FCM.verify({"serviceAccount": google.service_account(api.url)}, transport)
        bad = await FCM.verify({"serviceAccount": stranger.service_account(api.url)}, transport)
    assert ok.status is CheckStatus.OK and "sender@interlink-test" in ok.detail
    assert bad.status is CheckStatus.FAILING and "invalid_grant" in bad.detail


async def test_smtp_login(transport: HttpTransport) -> None:
    async with MailServer(users={"ops": "right-password"}) as server:
        config = {"host": "127.0.0.1", "port": server.port, "secure": "NONE", "user": "ops"}
        ok = await SMTP.verify({**config, "password": "right-password"}, transport)
        bad = await SMTP.verify({**config, "password": "wrong"}, transport)
        assert server.received == []
    assert (ok.status, ok.detail) == (CheckStatus.OK, "the server accepted the login")
    assert bad.status is CheckStatus.FAILING and bad.detail.startswith("SMTP 535")
    from tests.receivers import closed_port

    down = await SMTP.verify({"host": "127.0.0.1", "port": closed_port(), "secure": "NONE"}, transport)
    assert down.status is CheckStatus.UNKNOWN
