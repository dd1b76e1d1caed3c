"""The hottest reads (``GET /v2/integrations/{id}``, a page of ``/v2/integrations`` and of a subscriber's in-app feed
``/v2/inbox/{subscriberId}``), answered in pure ASGI.

A request that reads plainly (a valid key, no query beyond ``limit`` and ``cursor``, a record that exists) is
answered here with the very body its FastAPI route renders, past the routing and dependency machinery. Anything
else, every refusal included, goes on to the route unchanged, so status codes and error bodies stay the route's.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from fastapi.routing import APIRoute
from starlette.responses import Response

from interlink.api.routes import inbox as inbox_routes
from interlink.api.routes import integrations as routes
from interlink.core.errors import InterlinkError
from interlink.core.ids import is_id
from interlink.services import keys, paging
from interlink.services.hub import Hub
from interlink.services.integrations import IntegrationFilter

PREFIX = "/v2/integrations"
INBOX = "/v2/inbox/"
_EVERYTHING = IntegrationFilter()


def _key(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The ``X-Api-Key`` presented, or None: other ways of presenting a key take the route's path."""
    for name, value in headers:
        if name == b"x-api-key":
            return value.decode("latin-1").strip() or None
    return None


def _paging(query: bytes) -> tuple[int, str | None] | None:
    """``limit`` and ``cursor`` when the query holds nothing else and both are valid; else None."""
    if not query:
        return paging.DEFAULT_LIMIT, None
    try:
        pairs = parse_qsl(query.decode("ascii"), keep_blank_values=True, strict_parsing=True)
    except (UnicodeDecodeError, ValueError):
        return None
    given = dict(pairs)
    if len(given) != len(pairs) or not set(given) <= {"limit", "cursor"}:
        return None
    limit_text = given.get("limit", str(paging.DEFAULT_LIMIT))
    cursor = given.get("cursor")
    if not limit_text.isdigit() or not 1 <= int(limit_text) <= paging.MAX_PAGE:
        return None
    if cursor is not None and (not 1 <= len(cursor) <= paging.MAX_CURSOR or "\x00" in cursor):
        return None
    return int(limit_text), cursor


class FastReads:
    """Pure ASGI, beside ``HooksFirst``: answers the plain case of the hottest reads, hands on every other request."""

    def __init__(self, app: Any) -> None:
        self.app = app
        # The routes these answers stand in for, so metrics count them under their templates.
        self._routes = {
            r.path: r
            for r in (*routes.router.routes, *inbox_routes.router.routes)
            if isinstance(r, APIRoute) and "GET" in (r.methods or ())
        }

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            path: str = scope["path"]
            response = None
            if path.startswith(PREFIX):
                response = await self._answer(scope)
            elif path.startswith(INBOX):
                response = await self._answer_feed(scope)
            if response is not None:
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _answer_feed(self, scope: dict[str, Any]) -> Response | None:
        """A page of one subscriber's feed (``limit`` and ``cursor`` only; ``read`` and ``archived`` take the route)."""
        subscriber = scope["path"][len(INBOX) :]
        wanted = _paging(scope["query_string"])
        key = _key(scope["headers"])
        if not subscriber or "/" in subscriber or wanted is None or key is None:
            return None
        hub: Hub = scope["app"].state.hub
        limit, cursor = wanted
        try:
            who = await keys.authenticate(hub, key)
            response = await inbox_routes.answer_feed(hub, who, subscriber, None, False, cursor, limit)
        except InterlinkError:
            return None  # the route answers it again, in its own words
        scope["route"] = self._routes[INBOX + "{subscriberId}"]
        return response

    async def _answer(self, scope: dict[str, Any]) -> Response | None:
        path: str = scope["path"]
        rest = path[len(PREFIX) :]
        one = rest[1:] if rest.startswith("/") and is_id(rest[1:], "int") else None
        wanted = _paging(scope["query_string"]) if rest == "" else None
        if one is None and wanted is None:
            return None
        if one is not None and scope["query_string"]:
            return None
        key = _key(scope["headers"])
        if key is None:
            return None
        hub: Hub = scope["app"].state.hub
        try:
            who = await keys.authenticate(hub, key)
            if one is not None:
                response = await routes.answer_one(hub, who, one)
                template = PREFIX + "/{integrationId}"
            else:
                assert wanted is not None
                limit, cursor = wanted
                response, template = await routes.answer_page(hub, who, _EVERYTHING, cursor, limit), PREFIX
        except InterlinkError:
            return None  # the route answers it again, in its own words
        scope["route"] = self._routes[template]
        return response
