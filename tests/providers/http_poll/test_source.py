"""The JSON polling source against a local API: each auth kind's exact header, JMESPath mapping, failures."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

import pytest
from aiohttp import web

from interlink.providers.http_poll.source import SOURCE
from interlink.sdk import PullError, PullWindow
from tests.receivers import Received, Receiver, status

NOW = datetime(2024, 7, 1, 12, tzinfo=UTC)
# Stripe-style list envelope (docs.stripe.com/api/pagination) holding Tasmota-style sensor readings.
DOCUMENT = {
    "object": "list",
    "has_more": False,
    "data": [
        {"device": {"id": "pow1"}, "Time": "2024-07-01T10:00:00", "ENERGY": {"Power": 2635, "Voltage": 227}},
        {"device": {"id": "pow2"}, "Time": 1719828000, "ENERGY": {"Power": 12.5, "Voltage": None}},
    ],
}
MAPPING = {
    "itemsPath": "data",
    "externalIdPath": "device.id",
    "timePath": "Time",
    "values": {"power": "ENERGY.Power", "voltage": "ENERGY.Voltage"},
}


def answer(document: Any) -> Any:
    async def reply(_request: web.Request, _seen: Received) -> web.StreamResponse:
        return web.json_response(document)

    return reply


def window(url: str, **config: Any) -> PullWindow:
    return PullWindow({"url": url, **MAPPING, **config}, NOW, NOW)


@pytest.mark.parametrize(
    ("config", "header", "value"),
    [
        ({"authType": "NONE"}, "Authorization", None),
        ({"authType": "HEADER", "headerName": "X-Api-Key", "headerValue": "k-123"}, "X-Api-Key", "k-123"),
        (
            {"authType": "BASIC", "username": "ops", "password": "pw:1"},
            "Authorization",
            "Basic " + base64.b64encode(b"ops:pw:1").decode(),
        ),
        ({"authType": "BEARER", "token": "tok-9"}, "Authorization", "Bearer tok-9"),
    ],
    ids=["none", "header", "basic", "bearer"],
)
async def test_each_auth_kind_sends_its_header(transport, config, header, value) -> None:
    async with Receiver(default=answer(DOCUMENT)) as server:
        points = await SOURCE.pull(window(server.url + "/readings?site=1", **config), transport)
    [request] = server.received
    assert (request.method, request.path) == ("GET", "/readings?site=1")
    assert request.headers.get(header) == value
    assert [(p.external_id, p.metric, p.time, p.value) for p in points] == [
        ("pow1", "power", datetime(2024, 7, 1, 10, tzinfo=UTC), 2635.0),
        ("pow1", "voltage", datetime(2024, 7, 1, 10, tzinfo=UTC), 227.0),
        ("pow2", "power", datetime(2024, 7, 1, 10, tzinfo=UTC), 12.5),  # null voltage is a gap
    ]


async def test_metric_and_value_expressions_and_a_record_without_time(transport) -> None:
    rows = [{"sensor": "t1", "kind": "temperature", "reading": "21.5", "unit": "°C"}]
    config = {
        "itemsPath": "",
        "externalIdPath": "sensor",
        "metricPath": "kind",
        "valuePath": "reading",
        "unitPath": "unit",
    }
    async with Receiver(default=answer(rows)) as server:
        [point] = await SOURCE.pull(PullWindow({"url": server.url, **config}, NOW, NOW), transport)
    assert (point.external_id, point.metric, point.value, point.unit, point.time) == (
        "t1",
        "temperature",
        21.5,
        "°C",
        NOW,
    )


async def test_a_refused_credential_is_not_retried_and_not_echoed(transport) -> None:
    async with Receiver(default=status(401, {"WWW-Authenticate": "Bearer"}, "bad token tok-9")) as server:
        with pytest.raises(PullError) as caught:
            await SOURCE.pull(window(server.url, authType="BEARER", token="tok-9"), transport)
    assert (caught.value.retryable, caught.value.status_code) == (False, 401)
    assert "tok-9" not in str(caught.value)


@pytest.mark.parametrize("retry_after", ["2", "Wed, 21 Oct 2099 07:28:00 GMT"], ids=["seconds", "http-date"])
async def test_429_honours_retry_after(transport, retry_after: str) -> None:
    async with Receiver(default=status(429, {"Retry-After": retry_after})) as server:
        with pytest.raises(PullError) as caught:
            await SOURCE.pull(window(server.url), transport)
    assert caught.value.retryable and caught.value.retry_after is not None and caught.value.retry_after >= 2


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ({"data": [{"device": {}, "Time": 1, "ENERGY": {"Power": 1}}]}, "record 0: externalId is missing"),
        ({"data": [DOCUMENT["data"][0], {"device": {"id": "x"}, "Time": "soon", "ENERGY": {}}]}, "record 1: time"),
        ({"data": [{"device": {"id": "x"}, "Time": 1, "ENERGY": {"Power": [1]}}]}, "value of power is not a number"),
    ],
    ids=["no-id", "bad-time", "list-value"],
)
async def test_records_that_cannot_be_mapped_refuse_the_answer(transport, document, reason) -> None:
    async with Receiver(default=answer(document)) as server:
        with pytest.raises(PullError) as caught:
            await SOURCE.pull(window(server.url), transport)
    assert reason in str(caught.value) and not caught.value.retryable


async def test_an_answer_that_is_not_json_is_refused(transport) -> None:
    async with Receiver(default=status(200, {"Content-Type": "text/html"}, "<html>")) as server:
        with pytest.raises(PullError, match="not JSON"):
            await SOURCE.pull(window(server.url), transport)


def test_expressions_are_checked_when_saved() -> None:
    assert list(SOURCE.problems({"externalIdPath": "id", "valuePath": "a.["})) == ["valuePath"]
    assert "valuePath" in SOURCE.problems({"externalIdPath": "id"})
    assert "values" in SOURCE.problems({"externalIdPath": "id", "values": {"power": 3}})
    assert SOURCE.problems({"externalIdPath": "id", "values": {"power": '"LYWSD03-52680f".Temperature'}}) == {}


def test_plain_paths_and_full_expressions_pick_the_same_values() -> None:
    document = {"data": [{"a": {"b": 1}, "tags": [{"k": "x", "v": 2}, {"k": "y", "v": 3}]}]}
    config = {
        "itemsPath": "data",
        "externalIdPath": "tags[?k=='y'] | [0].k",
        "values": {"plain": "a.b", "filtered": "tags[?k=='y'] | [0].v", "missing": "a.c.d"},
    }
    points = SOURCE.interpret(config, document, NOW)
    assert [(p.external_id, p.metric, p.value) for p in points] == [("y", "plain", 1.0), ("y", "filtered", 3.0)]


async def items(request: web.Request, _seen: Received) -> web.StreamResponse:
    """A paged API with validators, as RFC 9110 and RFC 8288 describe (GitHub-style Link headers)."""
    if request.query.get("page") == "2":
        return web.json_response({"data": [{"id": "s1", "ts": 1719795600, "v": 2.5}]})
    if request.headers.get("If-None-Match") == '"v1"':
        return web.Response(status=304)
    headers = {"ETag": '"v1"', "Last-Modified": "Mon, 01 Jul 2024 00:00:00 GMT", "Link": '</items?page=2>; rel="next"'}
    return web.json_response({"data": [{"id": "s1", "ts": 1719792000, "v": 1.5}]}, headers=headers)


async def test_pages_are_followed_and_an_unchanged_answer_is_not_read_again(transport) -> None:
    config = {"itemsPath": "data", "externalIdPath": "id", "timePath": "ts", "valuePath": "v"}
    async with Receiver(default=items) as server:
        first = PullWindow({"url": server.url + "/items", **config}, NOW, NOW)
        points = await SOURCE.pull(first, transport)
        again = PullWindow(first.config, NOW, NOW, state=first.state)
        unchanged = await SOURCE.pull(again, transport)
    assert [p.value for p in points] == [1.5, 2.5]
    assert first.state == {"validators": {"etag": '"v1"', "lastModified": "Mon, 01 Jul 2024 00:00:00 GMT"}}
    assert unchanged == []
    assert [r.path for r in server.received] == ["/items", "/items?page=2", "/items"]
    assert server.received[2].headers["If-None-Match"] == '"v1"'
    assert server.received[2].headers["If-Modified-Since"] == "Mon, 01 Jul 2024 00:00:00 GMT"
    assert "If-None-Match" not in server.received[0].headers
