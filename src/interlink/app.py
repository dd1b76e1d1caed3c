"""Builds the ASGI application: every face (``api/``, ``dialects/``, the console) over one hub, with the shared kit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from starlette.responses import Response

from interlink import api, console, dialects
from interlink.core.settings import Settings
from interlink.http_kit import docs, metrics, problems
from interlink.http_kit.contract import refuse_unknown_query
from interlink.http_kit.http import FastJSON, refuse_nul
from interlink.http_kit.json_guard import JsonGuardMiddleware
from interlink.http_kit.middleware import BodyLimitMiddleware, TraceMiddleware
from interlink.services.hub import Hub, open_hub


def create_app(hub: Hub | None = None, settings: Settings | None = None) -> FastAPI:
    """An app bound to ``hub``, or one that opens a hub from ``settings`` when it starts."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if hub is not None:
            app.state.hub = hub
            yield
            return
        assert settings is not None, "create_app needs a hub or settings"
        app.state.hub = await open_hub(settings)
        try:
            yield
        finally:
            await app.state.hub.close()

    app = FastAPI(
        title="Interlink",
        version="0.1.0",
        lifespan=lifespan,
        description="A self-hosted integrations hub: notifications out, data in, one catalog.",
        dependencies=[Depends(refuse_nul), Depends(refuse_unknown_query)],
        docs_url=None,
        redoc_url=None,
    )
    if hub is not None:
        app.state.hub = hub
    problems.install(app)
    api.install(app)  # the native /v2 API
    docs.install(app)  # Swagger UI and ReDoc from a package, no CDN
    dialects.install(app)  # Novu, campaign, …: their routes, and their error shape on their paths
    app.include_router(console.router)
    app.mount("/console/static", console.static_files(), name="console-static")

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> Response:
        return FastJSON({"status": "ok"})

    chosen = settings or (hub.settings if hub else None)
    if chosen is not None and chosen.metrics:
        app.router.routes.append(metrics.route())
    limit = chosen.max_body_bytes if chosen else 1_048_576
    seconds = chosen.body_seconds if chosen else 30.0
    app.add_middleware(JsonGuardMiddleware, render=dialects.render_error)
    app.add_middleware(api.HooksFirst)  # the intake: plain Starlette past the API's stack, the hottest path
    app.add_middleware(api.FastReads)  # plain reads of integrations, past routing; the routes answer the rest
    app.add_middleware(BodyLimitMiddleware, limit=limit, body_seconds=seconds)
    app.add_middleware(TraceMiddleware)
    if chosen is not None and (chosen.metrics or chosen.metrics_port):
        app.add_middleware(metrics.MetricsMiddleware)
    return app
