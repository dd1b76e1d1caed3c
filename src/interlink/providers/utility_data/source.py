"""Green Button Connect: GET the subscription's batch feed for a published range with the bearer token."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from interlink.providers.utility_data.espi import FeedError, parse_feed
from interlink.sdk import Point, PullError, PullWindow, Transport
from interlink.sdk.fetching import fetch

SERVICE = "the utility's data API"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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
        answer = await fetch(
            transport,
            str(uri),
            service=SERVICE,
            params={"published-min": _stamp(window.start), "published-max": _stamp(window.end)},
            headers={"Authorization": f"Bearer {token}", "Accept": "application/atom+xml"},
        )
        if answer.status == 202 or not answer.body.strip():
            return []  # accepted for processing: nothing ready yet
        try:
            return parse_feed(answer.body)
        except FeedError as exc:
            raise PullError(f"{SERVICE} answered with a feed that cannot be read: {exc}", retryable=False) from None


SOURCE = GreenButtonSource()
