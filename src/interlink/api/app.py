"""Builds the ASGI application: every face over one hub, with middleware and error handlers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from starlette.responses import Response

from interlink import dialects
from interlink.api import problems
from interlink.api.http import FastJSON, refuse_nul
from interlink.api.middleware import BodyLimitMiddleware, TraceMiddleware
from interlink.api.routes import audit, catalog, inbox, integrations, messages, places, resources
from interlink.api.routes import dead_targets as dead_target_routes
from interlink.api.routes import recipients as recipient_routes
from interlink.core.settings import Settings
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
        dependencies=[Depends(refuse_nul)],
    )
    if hub is not None:
        app.state.hub = hub
    problems.install(app)
    for module in (catalog, resources, integrations, messages, places, audit, inbox):
        app.include_router(module.router)
    app.include_router(recipient_routes.router)
    app.include_router(dead_target_routes.router)
    dialects.install(app)  # Novu, campaign, …: their routes, and their error shape on their paths

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> Response:
        return FastJSON({"status": "ok"})

    limit = (hub.settings if hub else settings).max_body_bytes if (hub or settings) else 1_048_576
    app.add_middleware(BodyLimitMiddleware, limit=limit)
    app.add_middleware(TraceMiddleware)
    return app
