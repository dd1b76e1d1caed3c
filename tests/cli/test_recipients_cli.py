"""``interlink recipients``: the phone verification flow from the command line, the code sent by a worker."""

from __future__ import annotations

import asyncio
from pathlib import Path

from interlink.core.settings import Settings
from interlink.services import integrations
from interlink.services.hub import open_hub
from interlink.services.worker import Worker
from tests.cli.test_cli import cli, default_caller
from tests.providers.twilio.fake import ACCOUNT, TOKEN, FakeTwilio
from tests.recipients.helpers import code_sent_to

PHONE = "+14158675309"


def settings_for(data_dir: Path) -> Settings:
    return Settings(
        data_dir=data_dir,
        database_url=f"sqlite+aiosqlite:///{data_dir / 'interlink.db'}",
        allow_private_networks=True,
        poll_seconds=0.05,
    )


async def test_a_phone_is_added_verified_listed_and_removed_on_the_cli(tmp_path: Path) -> None:
    async with FakeTwilio().receiver() as api:
        hub = await open_hub(settings_for(tmp_path))
        stop = asyncio.Event()
        try:
            draft = integrations.IntegrationDraft(
                type="twilio",
                name="Texts",
                properties={"accountSid": ACCOUNT, "from": "+15017122661", "baseUrl": api.url},
                credentials={"token": TOKEN},
            )
            sms = (await integrations.create(hub, await default_caller(hub), draft)).id
            running = asyncio.create_task(Worker(hub, concurrency=4).run(stop, grace=1.0))
            added = await cli("recipients", "add", sms, "+1 415 867 5309", "--name", "On call", data_dir=tmp_path)
            assert added.returncode == 0, added.stderr
            rid, address, status = added.stdout.split()
            assert (address, status) == (PHONE, "pending")
            assert f"interlink recipients verify {sms} {rid} CODE" in added.stderr
            code = await code_sent_to(api, PHONE)
            wrong = await cli(
                "recipients", "verify", sms, rid, "000000" if code != "000000" else "111111", data_dir=tmp_path
            )
            assert wrong.returncode == 2 and "4 tries left" in wrong.stderr and "Traceback" not in wrong.stderr
            verified = await cli("recipients", "verify", sms, rid, code, data_dir=tmp_path)
            assert verified.returncode == 0, verified.stderr
            assert verified.stdout.split() == [rid, PHONE, "verified"]
            listed = await cli("recipients", "list", sms, data_dir=tmp_path)
            assert rid in listed.stdout and "On call" in listed.stdout and "verified" in listed.stdout
            removed = await cli("recipients", "remove", sms, rid, data_dir=tmp_path)
            assert removed.stdout.strip() == f"removed {rid}"
            bad = await cli("recipients", "add", sms, "call me", data_dir=tmp_path)
            assert bad.returncode == 2 and "address" in bad.stderr and bad.stdout == ""
        finally:
            stop.set()
            if "running" in locals():
                await running
            await hub.close()
