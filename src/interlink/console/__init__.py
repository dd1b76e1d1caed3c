"""The web console at ``/console``: server-rendered pages over the same services as the API."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.staticfiles import StaticFiles

from interlink.console.pages import auth, detail, integrations, messages, places
from interlink.console.web import HERE

router = APIRouter()
for _module in (auth, integrations, detail, messages, places):
    router.include_router(_module.router)


def static_files() -> StaticFiles:
    """The console's stylesheet and script, shipped in the package: nothing is loaded from elsewhere."""
    return StaticFiles(directory=HERE / "static")
