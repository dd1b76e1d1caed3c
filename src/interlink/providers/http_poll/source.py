"""GET a JSON document with the configured authentication and map its records to points."""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urljoin

import orjson

from interlink.sdk import Point, PullError, PullWindow, Transport
from interlink.sdk.fetching import fetch
from interlink.sdk.mapping import RecordError, RecordMapping, expression_problems

SERVICE = "the JSON API"
MAX_PAGES = 50
_LINK = re.compile(r'<(?P<target>[^>]*)>\s*(?:;[^,]*?\brel=(?P<rel>"[^"]*"|[^;,\s]+))')


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
        """Follow ``rel="next"`` links; an unchanged first page (304 to its validators) means nothing new."""
        auth = _auth(window.config)
        url: str | None = str(window.config.get("url"))
        known = {} if window.backfill else dict(window.state.get("validators") or {})
        points: list[Point] = []
        pages = 0
        while url and pages < MAX_PAGES:
            headers = {"Accept": "application/json", **auth}
            if pages == 0:
                headers.update(_conditional(known))
            answer = await fetch(transport, url, service=SERVICE, headers=headers)
            if answer.status == 304:
                return []
            if pages == 0:
                window.state["validators"] = _validators(answer.headers)
            points.extend(self._page(window, answer.body, pages))
            url = _next_link(answer.headers.get("Link"), url)
            pages += 1
        return points

    def _page(self, window: PullWindow, body: bytes, page: int) -> list[Point]:
        where = f" (page {page + 1})" if page else ""
        try:
            document = orjson.loads(body)
        except orjson.JSONDecodeError:
            raise PullError(f"{SERVICE} answered with something that is not JSON{where}", retryable=False) from None
        try:
            return self.interpret(window.config, document, window.end)
        except RecordError as exc:
            raise PullError(
                f"{SERVICE} answered with data that cannot be mapped{where}: {exc}", retryable=False
            ) from None


def _conditional(known: Mapping[str, Any]) -> dict[str, str]:
    """RFC 9110 §13.1: ``If-None-Match`` from an ETag, ``If-Modified-Since`` from a Last-Modified."""
    headers = {}
    if known.get("etag"):
        headers["If-None-Match"] = str(known["etag"])
    if known.get("lastModified"):
        headers["If-Modified-Since"] = str(known["lastModified"])
    return headers


def _validators(headers: Mapping[str, str]) -> dict[str, str]:
    found = {"etag": headers.get("ETag"), "lastModified": headers.get("Last-Modified")}
    return {k: v[:200] for k, v in found.items() if v}


def _next_link(header: str | None, current: str) -> str | None:
    """The ``rel="next"`` target of an RFC 8288 Link header, resolved against the page it came with."""
    for match in _LINK.finditer(header or ""):
        if "next" in match["rel"].strip('"').split():
            return urljoin(current, str(match["target"]))
    return None


SOURCE = JsonPollSource()
