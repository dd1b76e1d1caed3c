"""APNs's case of the provider contract: a local HTTP/2 TLS server per scenario, answering with Apple's reasons.

APNs sends no Retry-After, so the rate-limit scenario with a wait does not apply.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interlink.providers.apns.sender import SENDER
from interlink.sdk import OutboundMessage
from interlink.sdk.testing import ALL, Fake, Scenario, closed_port
from tests.providers.apns.fake import BUNDLE, KEY_ID, TEAM_ID, FakeApns, auth_key

PEM, PUBLIC = auth_key()
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTAPNS000000000002", channel="push", recipient={"token": "c" * 64}, subject="Hi", text="Yo"
)
ANSWERS: dict[Scenario, tuple[int, dict[str, Any]]] = {
    Scenario.RATE_LIMITED_BARE: (429, {"reason": "TooManyRequests"}),
    Scenario.SERVER_ERROR: (503, {"reason": "ServiceUnavailable"}),
    Scenario.PERMANENT: (400, {"reason": "BadTopic"}),
}


def config(base: str) -> dict[str, Any]:
    return {"keyId": KEY_ID, "teamId": TEAM_ID, "bundleId": BUNDLE, "privateKey": PEM, "baseUrl": base}


@dataclass
class _Apns:
    config: Mapping[str, Any]
    server: FakeApns | None

    @property
    def requests(self) -> int:
        return len(self.server.received) if self.server else 0


class ApnsCase:
    provider = "apns"
    message = MESSAGE
    rate_limit_wait: float | None = None
    scenarios = ALL - {Scenario.RATE_LIMITED}

    @asynccontextmanager
    async def _fake(self, scenario: Scenario) -> AsyncIterator[Fake]:
        if scenario is Scenario.REFUSED:
            yield _Apns(config(f"https://127.0.0.1:{closed_port()}"), None)
            return
        with tempfile.TemporaryDirectory() as folder:
            server = FakeApns(
                PUBLIC,
                fixed=ANSWERS.get(scenario),
                delay=3.0 if scenario is Scenario.TIMEOUT else 0.0,
                echo=scenario is Scenario.SECRET_ECHO,
            )
            await server.start(Path(folder))
            before = os.environ.get("SSL_CERT_FILE")
            os.environ["SSL_CERT_FILE"] = str(Path(folder) / "apns-cert.pem")  # trust this run's certificate
            try:
                yield _Apns(config(server.url), server)
            finally:
                if before is None:
                    os.environ.pop("SSL_CERT_FILE", None)
                else:
                    os.environ["SSL_CERT_FILE"] = before
                await server.stop(SENDER)

    def fake(self, scenario: Scenario) -> AbstractAsyncContextManager[Fake]:
        return self._fake(scenario)

    def check_success(self, fake: Fake) -> None:
        assert fake.requests == 1
        assert isinstance(fake, _Apns) and fake.server is not None
        pushed = fake.server.received[0]
        assert (pushed.http_version, pushed.path) == ("2", f"/3/device/{'c' * 64}")
        assert pushed.headers["apns-topic"] == BUNDLE


CASE = ApnsCase()
