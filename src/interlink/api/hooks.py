"""``/v2/hooks/{integrationId}/{token}``: the intake, a plain Starlette route because it is the hottest path.

It answers ``2xx`` only once the raw request is committed; parsing and alerting run on the queue.
Refusals: unknown integration or token 404 (as for any unknown path), a method the source does not
use 405, a disabled integration 423, a body over the intake limit 413, a bad, stale or missing
signature 401. Every request that reaches a known integration is logged as an inbound event.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
from datetime import datetime
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route

from interlink.core import metrics
from interlink.core.ids import new_id
from interlink.core.timeutil import utcnow
from interlink.core.tracing import current_trace_id
from interlink.http_kit.problems import problem
from interlink.sdk.inbound import InboundRequest
from interlink.services.hub import Hub
from interlink.services.intake import Intake, Receiver

log = logging.getLogger("interlink.intake")
MAX_BYTES = 262_144
PREFIX = "/v2/hooks/"
REDACTED = {"authorization", "cookie", "proxy-authorization", "x-api-key"}
_DUMMY = "x" * 32


def intake_of(request: Request) -> Intake:
    state = request.app.state
    intake: Intake | None = getattr(state, "intake", None)
    if intake is None:
        hub: Hub = state.hub
        intake = state.intake = Intake(hub)
    return intake


async def _body(request: Request) -> bytes | None:
    """The body, or None when it is larger than the intake takes."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _row(target: Receiver, request: Request, now: datetime, body: bytes, **fields: Any) -> dict[str, Any]:
    headers = [[k.lower(), "[redacted]" if k.lower() in REDACTED else v] for k, v in request.headers.items()]
    return {
        "id": new_id("ibe"),
        "environment_id": target.environment_id,
        "organization_id": target.organization_id,
        "integration_id": target.integration_id,
        "integration_type": target.type,
        "method": request.method,
        "query": request.url.query,
        "headers": headers,
        "body": body,
        "remote_address": request.client.host if request.client else None,
        "received_at": now,
        "run_at": now,
        "trace_id": current_trace_id(),
        "attempts": 0,
        "result": {},
        **fields,
    }


async def _refuse(intake: Intake, row: dict[str, Any], status: int, title: str, reason: str) -> Response:
    metrics.INBOUND_REQUESTS.labels(row["integration_type"], "refused").inc()
    log.info(
        "inbound request refused",
        extra={"integration": row["integration_id"], "status": status, "reason": reason, "event": row["id"]},
    )
    # The refusal stands even when its log row could not be written (the writer logged why).
    with contextlib.suppress(Exception):
        await intake.record({**row, "outcome": "refused", "reason": reason, "status_code": status, "status": "refused"})
    return problem(status, title, reason, instance=None)


async def receive(request: Request) -> Response:
    intake = intake_of(request)
    integration_id = request.path_params["integration_id"]
    token = request.path_params["token"]
    target = await intake.receiver(integration_id)
    matches = hmac.compare_digest(token.encode(), (target.token if target else _DUMMY).encode())
    handler = intake.hub.registry.handler(target.type) if target else None
    if target is None or handler is None or not matches:
        return problem(404, "Not Found", "Not Found", instance=request.url.path)  # as for any unknown path
    now = utcnow()
    if not target.active:
        return await _refuse(intake, _row(target, request, now, b""), 423, "Locked", "the integration is disabled")
    if request.method not in handler.methods and not (request.method == "HEAD" and "GET" in handler.methods):
        row = _row(target, request, now, b"")
        return await _refuse(intake, row, 405, "Method Not Allowed", f"{request.method} is not used by this source")
    body = await _body(request)
    if body is None:
        row = _row(target, request, now, b"")
        return await _refuse(intake, row, 413, "Content Too Large", f"the body is larger than {MAX_BYTES} bytes")
    raw = InboundRequest(
        request.method,
        {k.lower(): v for k, v in request.headers.items()},
        body,
        request.url.query,
        str(request.url),
        request.client.host if request.client else None,
        target.options,
    )
    verdict = handler.verify(raw, target.secrets, now)
    row = _row(target, request, now, body)
    if not verdict.ok:
        return await _refuse(intake, row, 401, "Unauthorized", verdict.reason)
    try:
        await intake.record(
            {**row, "outcome": "accepted", "reason": "accepted", "status_code": 202, "status": "queued"}
        )
    except Exception:
        metrics.INBOUND_REQUESTS.labels(target.type, "unstored").inc()
        return problem(503, "Service Unavailable", "the request could not be stored; send it again")
    metrics.INBOUND_REQUESTS.labels(target.type, "accepted").inc()
    reply = handler.reply(raw)
    if reply is not None:
        return Response(reply.body, status_code=reply.status, media_type=reply.content_type)
    answer = {"id": row["id"], "status": "accepted", "traceId": row["trace_id"]}
    return Response(orjson.dumps(answer), status_code=202, media_type="application/json")


ROUTE = Route("/v2/hooks/{integration_id}/{token}", receive, methods=["POST", "GET", "HEAD", "PUT"])


class HooksFirst:
    """Pure ASGI: hands ``/v2/hooks/{id}/{token}`` straight to the intake, past the API's routing and middleware.

    It sits inside the trace and body-limit middleware; any other path goes on to the API unchanged.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].startswith(PREFIX):
            match, child = ROUTE.matches(scope)
            if match is Match.FULL:
                await ROUTE.handle({**scope, **child}, receive, send)
                return
        await self.app(scope, receive, send)
