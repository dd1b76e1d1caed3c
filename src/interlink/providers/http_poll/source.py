"""GET a JSON document with the configured authentication and map its records to points."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import orjson

from interlink.sdk import Point, PullError, PullWindow, Transport
from interlink.sdk.fetching import fetch
from interlink.sdk.mapping import RecordError, RecordMapping, expression_problems

SERVICE = "the JSON API"


def _auth(config: Mapping[str, Any]) -> dict[str, str]:
    """The header the configured authentication sends (RFC 7617 Basic, RFC 6750 Bearer, or a named header)."""
    kind = config.get("authType") or "NONE"
    if kind == "HEADER":
        return {str(config.get("headerName")): str(config.get("headerValue") or "")}
    if kind == "BASIC":
        pair = f"{config.get('username') or ''}:{config.get('password') or ''}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode()}
    if kind == "BEARER":
        return {"Authorization": f"Bearer {config.get('token') or ''}"}
    return {}


class JsonPollSource:
    """The whole answer is mapped before anything is kept: one bad record refuses the answer."""

    chunk = timedelta(days=1)

    def problems(self, config: Mapping[str, Any]) -> dict[str, str]:
        found = expression_problems(config)
        name = config.get("headerName")
        if config.get("authType") == "HEADER" and name and (not str(name).isascii() or ":" in str(name)):
            found["headerName"] = "must be a plain header name"
        return found

    def interpret(self, config: Mapping[str, Any], document: Any, now: datetime) -> list[Point]:
        """Points from a parsed document; ``ValueError`` names the record that cannot be used."""
        mapping = RecordMapping.from_config(config)
        points: list[Point] = []
        for index, record in enumerate(mapping.records(document)):
            points.extend(mapping.points(record, index, now=now))
        return points

    async def pull(self, window: PullWindow, transport: Transport) -> list[Point]:
        headers = {"Accept": "application/json", **_auth(window.config)}
        answer = await fetch(transport, str(window.config.get("url")), service=SERVICE, headers=headers)
        try:
            document = orjson.loads(answer.body)
        except orjson.JSONDecodeError:
            raise PullError(f"{SERVICE} answered with something that is not JSON", retryable=False) from None
        try:
            return self.interpret(window.config, document, window.end)
        except RecordError as exc:
            raise PullError(f"{SERVICE} answered with data that cannot be mapped: {exc}", retryable=False) from None


SOURCE = JsonPollSource()
