"""A local Green Button Data Custodian: the subscription batch feed behind a bearer token, as ESPI describes it.

``GET /espi/1_1/resource/Batch/Subscription/5?published-min=…&published-max=…`` with ``Authorization: Bearer``
answers ``application/atom+xml``; a wrong token is 401 with ``WWW-Authenticate: Bearer error="invalid_token"``
(RFC 6750 §3.1); a malformed ``published-min`` is 400. ``POST /DataCustodian/oauth/token`` takes the
``refresh_token`` grant with the client's Basic credentials (RFC 6749 §2.3.1, §6) and issues a new access token.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

FEED = (Path(__file__).parent / "fixtures" / "batch_subscription.xml").read_bytes()
PATH = "/DataCustodian/espi/1_1/resource/Batch/Subscription/5"
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


@dataclass
class DataCustodian:
    token: str = "at-1"
    refresh_token: str = "rt-1"
    client: tuple[str, str] = ("third-party-1", "client-secret-1")
    feed: bytes = FEED
    failures: list[web.Response] = field(default_factory=list)
    requests: list[web.Request] = field(default_factory=list)
    port: int = 0
    _runner: web.AppRunner | None = None

    @property
    def resource_uri(self) -> str:
        return f"http://127.0.0.1:{self.port}{PATH}"

    async def __aenter__(self) -> DataCustodian:
        app = web.Application()
        app.router.add_get(PATH, self._batch)
        app.router.add_post("/DataCustodian/oauth/token", self._token)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    @property
    def token_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/DataCustodian/oauth/token"

    async def _token(self, request: web.Request) -> web.Response:
        self.requests.append(request)
        form = await request.post()
        basic = "Basic " + base64.b64encode(":".join(self.client).encode()).decode()
        if request.headers.get("Authorization") != basic:
            return web.json_response({"error": "invalid_client"}, status=401)
        if form.get("grant_type") != "refresh_token" or form.get("refresh_token") != self.refresh_token:
            return web.json_response({"error": "invalid_grant"}, status=400)
        self.token = "at-2"
        scope = "FB=4_5_15;IntervalDuration=3600;BlockDuration=monthly;HistoryLength=13"
        return web.json_response(
            {
                "access_token": self.token,
                "token_type": "Bearer",
                "expires_in": 3600,
                "refresh_token": self.refresh_token,
                "scope": scope,
                "resourceURI": self.resource_uri,
            }
        )

    async def _batch(self, request: web.Request) -> web.Response:
        self.requests.append(request)
        if self.failures:
            return self.failures.pop(0)
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return web.Response(status=401, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        for name in ("published-min", "published-max"):
            if name in request.query and not STAMP.match(request.query[name]):
                return web.Response(status=400, text=f"{name} is not a date-time")
        return web.Response(body=self.feed, content_type="application/atom+xml")
