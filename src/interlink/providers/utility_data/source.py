"""Green Button Connect: GET the subscription's batch feed for a published range with the bearer token.

An expired token (401) is refreshed once per pull when a refresh token and token endpoint are configured;
the fresh token lives for that pull only, since a source never writes.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from interlink.providers.utility_data.espi import FeedError, parse_feed
from interlink.sdk import Point, PullError, PullWindow, Transport
from interlink.sdk.fetching import Fetched, fetch

SERVICE = "the utility's data API"


def _stamp(moment: datetime) -> str:
    at = moment.astimezone(UTC)
    return f"{at.year:04d}-" + at.strftime("%m-%dT%H:%M:%SZ")  # %Y would not pad a year before 1000


class GreenButtonSource:
    """One request per window; the feed is parsed whole before anything is kept."""

    chunk = timedelta(days=7)

    def problems(self, config: Mapping[str, Any]) -> dict[str, str]:
        return {}

    async def pull(self, window: PullWindow, transport: Transport) -> list[Point]:
        uri = window.config.get("resourceUri")
        if not uri:
            raise PullError("resourceUri is not set: paste the subscription's resource URI", retryable=False)
        token = str(window.config.get("apiToken") or "")
        try:
            answer = await self._feed(transport, str(uri), token, window)
        except PullError as exc:
            if exc.status_code != 401 or not (window.config.get("refreshToken") and window.config.get("tokenUrl")):
                raise
            answer = await self._feed(transport, str(uri), await _refresh(window.config, transport), window)
        if answer.status == 202 or not answer.body.strip():
            return []  # accepted for processing: nothing ready yet
        try:
            return parse_feed(answer.body)
        except FeedError as exc:
            raise PullError(f"{SERVICE} answered with a feed that cannot be read: {exc}", retryable=False) from None

    async def _feed(self, transport: Transport, uri: str, token: str, window: PullWindow) -> Fetched:
        return await fetch(
            transport,
            uri,
            service=SERVICE,
            params={"published-min": _stamp(window.start), "published-max": _stamp(window.end)},
            headers={"Authorization": f"Bearer {token}", "Accept": "application/atom+xml"},
        )


async def _refresh(config: Mapping[str, Any], transport: Transport) -> str:
    """A fresh access token from the refresh token (RFC 6749 §6), the client authenticating with Basic (§2.3.1)."""
    pair = f"{config.get('clientId') or ''}:{config.get('clientSecret') or ''}".encode()
    answer = await fetch(
        transport,
        str(config["tokenUrl"]),
        service="the utility's token endpoint",
        method="POST",
        form={"grant_type": "refresh_token", "refresh_token": str(config["refreshToken"])},
        headers={"Authorization": "Basic " + base64.b64encode(pair).decode(), "Accept": "application/json"},
        limit=64 * 1024,
    )
    try:
        token = orjson.loads(answer.body).get("access_token")
    except (orjson.JSONDecodeError, AttributeError):
        token = None
    if not isinstance(token, str) or not token:
        raise PullError("the utility's token endpoint answered without an access_token", retryable=False)
    return token


SOURCE = GreenButtonSource()
