"""SMTP's case of the provider contract: a real aiosmtpd server, and SMTP's replies for each way a send can end.

SMTP has no rate-limit signal with a wait (a 4xx says "later" without saying when), so that one scenario does
not apply; "rate limited" without a signal is a 450 on RCPT.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import ALL, Fake, Scenario
from tests.providers.smtp.mailserver import MailServer, free_port

FROM = "alerts@example.com"
USER = "mailer"
PASSWORD = "pa55-Secret-word"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTSMTP0000000000001",
    channel="email",
    recipient={"email": "ann@example.org", "name": "Ann Lee"},
    subject="Your report",
    text="Hello Ann,\nyour report is ready.",
)
RCPT_REPLIES = {
    Scenario.RATE_LIMITED_BARE: "450 4.7.1 Too many messages, slow down",
    Scenario.SERVER_ERROR: "421 4.3.2 Service not available",
    Scenario.PERMANENT: "550 5.1.1 Mailbox unavailable",
    Scenario.SECRET_ECHO: f"550 5.7.1 {USER} with {PASSWORD} may not send here",
}


def config(port: int) -> dict[str, object]:
    return {"host": "127.0.0.1", "port": port, "secure": "NONE", "from": FROM, "user": USER, "password": PASSWORD}


@dataclass
class _SmtpFake:
    config: Mapping[str, Any]
    server: MailServer | None = None
    seen: list[int] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return self.server.handler.rcpt_seen if self.server else 0


@asynccontextmanager
async def _silent() -> AsyncIterator[int]:
    """A server that accepts the connection and never greets."""

    async def hold(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(5)
        writer.close()

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()


class SmtpCase:
    provider = "smtp"
    message = MESSAGE
    rate_limit_wait: float | None = None
    scenarios = ALL - {Scenario.RATE_LIMITED}

    @asynccontextmanager
    async def _fake(self, scenario: Scenario) -> AsyncIterator[Fake]:
        if scenario is Scenario.REFUSED:
            yield _SmtpFake(config(free_port()))
        elif scenario is Scenario.TIMEOUT:
            async with _silent() as port:
                yield _SmtpFake(config(port))
        else:
            replies = [RCPT_REPLIES[scenario]] if scenario in RCPT_REPLIES else []
            async with MailServer(rcpt_replies=replies, users={USER: PASSWORD}) as server:
                yield _SmtpFake(config(server.port), server)

    def fake(self, scenario: Scenario) -> AbstractAsyncContextManager[Fake]:
        return self._fake(scenario)

    def check_success(self, fake: Fake) -> None:
        assert isinstance(fake, _SmtpFake) and fake.server is not None
        [mail] = fake.server.received
        assert mail.login == USER and mail.rcpt_tos == ["ann@example.org"]


CASE = SmtpCase()
