"""``GET /metrics`` and the middleware that counts every request by its route template (never the raw path)."""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from interlink.core import metrics
from interlink.services import metrics as metrics_service
from interlink.services.hub import Hub

Scope = dict[str, Any]


class MetricsMiddleware:
    """Requests by method, route template and status, with latency; unmatched paths count as one route."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def record_status(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope.get("method", "")
            metrics.HTTP_REQUESTS.labels(method, template, str(status)).inc()
            metrics.HTTP_LATENCY.labels(method, template).observe(time.perf_counter() - started)


async def metrics_page(request: Request) -> Response:
    """Prometheus' text format; no API key, so it is served only when the operator turns it on."""
    body = await metrics_service.render(request.app.state.hub)
    return Response(body, media_type=metrics_service.CONTENT_TYPE)


def route() -> Route:
    """The ``/metrics`` route, for the API app or an app of its own on a separate port."""
    return Route("/metrics", metrics_page, methods=["GET"], include_in_schema=False)


async def start_exporter(hub: Hub, host: str, port: int) -> web.AppRunner:
    """Serve only ``/metrics`` on a port of its own, for ``INTERLINK_METRICS_PORT`` (a worker has no API)."""

    async def page(_request: web.Request) -> web.Response:
        body = await metrics_service.render(hub)
        return web.Response(body=body, headers={"Content-Type": metrics_service.CONTENT_TYPE})

    app = web.Application()
    app.router.add_get("/metrics", page)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
