"""The engine scrubs what any sender reports: a receiver that repeats a credential never gets it shown or logged."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import Tenant
from tests.receivers import Receiver, create_webhook, send, status, wait_status

PASSWORD = "s3cr3t-pass-0042"


async def test_a_credential_the_receiver_repeats_is_never_shown_or_logged(
    client, tenant: Tenant, worker, caplog: pytest.LogCaptureFixture
) -> None:
    echo = status(400, {"Content-Type": "text/plain"}, f"user ops with password {PASSWORD} may not post here")
    caplog.set_level(logging.DEBUG)
    async with Receiver(default=echo) as receiver:
        hook = await create_webhook(
            client,
            tenant.headers,
            receiver.url,
            properties={"authType": "BASIC"},
            credentials={"username": "ops", "password": PASSWORD},
        )
        sent = await send(client, tenant.headers)
        done = await wait_status(client, tenant.headers, sent["id"], "failed")
    [attempt] = done["attempts"]
    assert (attempt["outcome"], attempt["statusCode"], attempt["integrationId"]) == ("failed", 400, hook["id"])
    assert attempt["responseExcerpt"] == "user ops with password *** may not post here"
    shown = str(done) + "".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert PASSWORD not in shown
