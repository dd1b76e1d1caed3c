"""The Green Button source against a local Data Custodian: request, units and multipliers, each failure."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aiohttp import web

from interlink.providers.utility_data.espi import parse_feed
from interlink.providers.utility_data.source import SOURCE
from interlink.sdk import PullError, PullWindow
from tests.providers.utility_data.fake import FEED, DataCustodian

START = datetime(2012, 3, 1, tzinfo=UTC)
END = datetime(2012, 3, 2, tzinfo=UTC)


def window(server: DataCustodian, token: str = "at-1") -> PullWindow:
    return PullWindow({"resourceUri": server.resource_uri, "apiToken": token}, START, END)


async def test_interval_readings_become_points_with_units_and_multipliers_applied(transport) -> None:
    async with DataCustodian() as server:
        points = await SOURCE.pull(window(server), transport)
    [request] = server.requests
    assert request.headers["Authorization"] == "Bearer at-1"
    assert dict(request.query) == {"published-min": "2012-03-01T00:00:00Z", "published-max": "2012-03-02T00:00:00Z"}
    seen = [(p.external_id, p.metric, p.time, p.value, p.unit) for p in points]
    first = datetime(2012, 3, 1, 5, 0, tzinfo=UTC)  # 1330578000
    assert seen == [
        ("5446AF3F", "energy_import", first, 0.282, "kWh"),
        ("5446AF3F", "cost_import", first, 0.00974, "USD"),
        ("5446AF3F", "energy_import", first.replace(minute=15), 0.323, "kWh"),
        ("5446AF3F", "cost_import", first.replace(minute=15), 0.00965, "USD"),
        # no timePeriod: readings follow intervalLength from the block start; 192200 x 10^-3 Wh = 0.1922 kWh
        ("5446AF3F", "energy_export", first, 0.1922, "kWh"),
        ("5446AF3F", "energy_export", first.replace(hour=6), 0.15, "kWh"),
    ]


async def test_an_expired_token_fails_without_retrying_and_is_never_echoed(transport) -> None:
    async with DataCustodian() as server:
        with pytest.raises(PullError) as caught:
            await SOURCE.pull(window(server, token="expired-token-xyz"), transport)
    assert (caught.value.retryable, caught.value.status_code) == (False, 401)
    assert "expired-token-xyz" not in str(caught.value) and "credentials" in str(caught.value)


async def test_429_is_retried_after_the_servers_delay(transport) -> None:
    limited = web.Response(status=429, headers={"Retry-After": "90"})
    async with DataCustodian(failures=[limited]) as server:
        with pytest.raises(PullError) as caught:
            await SOURCE.pull(window(server), transport)
    assert (caught.value.retryable, caught.value.retry_after) == (True, 90.0)


async def test_not_ready_yet_is_no_points() -> None:
    assert parse_feed(b'<feed xmlns="http://www.w3.org/2005/Atom"/>') == []


@pytest.mark.parametrize(
    ("feed", "reason"),
    [
        (b"<feed", "not well-formed"),
        (b"<html><body>Login</body></html>", "not an Atom feed"),
        (FEED.replace(b"<value>323</value>", b"<value>lots</value>"), "'lots' is not a whole number"),
        (FEED.replace(b'href="/espi/1_1/resource/ReadingType/07"/>', b'href="/x"/>'), "no usage point or reading type"),
        (
            b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><feed xmlns="http://www.w3.org/2005/Atom">&b;</feed>',
            "not well-formed",
        ),
    ],
    ids=["truncated", "html", "bad-value", "dangling-reading-type", "entities"],
)
async def test_a_malformed_feed_is_refused_whole(transport, feed: bytes, reason: str) -> None:
    async with DataCustodian(feed=feed) as server:
        with pytest.raises(PullError) as caught:
            await SOURCE.pull(window(server), transport)
    assert reason in str(caught.value)
    assert caught.value.retryable is False


async def test_without_a_resource_uri_nothing_is_called(transport) -> None:
    with pytest.raises(PullError, match="resourceUri"):
        await SOURCE.pull(PullWindow({"apiToken": "at-1"}, START, END), transport)


def refreshing(server: DataCustodian, refresh_token: str = "rt-1") -> PullWindow:
    config = {
        "resourceUri": server.resource_uri,
        "apiToken": "at-expired",
        "tokenUrl": server.token_url,
        "clientId": "third-party-1",
        "clientSecret": "client-secret-1",
        "refreshToken": refresh_token,
    }
    return PullWindow(config, START, END)


async def test_an_expired_token_is_refreshed_once_and_the_feed_read(transport) -> None:
    async with DataCustodian() as server:
        points = await SOURCE.pull(refreshing(server), transport)
    assert [(r.method, r.path) for r in server.requests] == [
        ("GET", "/DataCustodian/espi/1_1/resource/Batch/Subscription/5"),
        ("POST", "/DataCustodian/oauth/token"),
        ("GET", "/DataCustodian/espi/1_1/resource/Batch/Subscription/5"),
    ]
    assert server.requests[2].headers["Authorization"] == "Bearer at-2"
    assert len(points) == 6


async def test_a_refused_refresh_fails_without_showing_either_token(transport) -> None:
    async with DataCustodian() as server:
        with pytest.raises(PullError) as caught:
            await SOURCE.pull(refreshing(server, refresh_token="rt-revoked"), transport)
    assert caught.value.retryable is False and "token endpoint refused the request (HTTP 400)" in str(caught.value)
    assert "rt-revoked" not in str(caught.value) and "at-expired" not in str(caught.value)
