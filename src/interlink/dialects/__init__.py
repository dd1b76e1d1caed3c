"""Compatible faces over the same services: each is a thin translator with its own error shape.

A face is one module exposing ``FACE`` (a :class:`~interlink.dialects.base.Face`); adding a face is
adding its module and listing it in ``FACES``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from interlink.core.errors import InterlinkError
from interlink.dialects import campaign, novu, pagertree
from interlink.dialects.base import Face, Failure
from interlink.http_kit import problems
from interlink.http_kit.contract import allowed_methods, install_openapi

FACES: tuple[Face, ...] = (novu.FACE, campaign.FACE, pagertree.FACE)
_HANDLED = (InterlinkError, RequestValidationError, StarletteHTTPException)


def routers() -> list[APIRouter]:
    return [face.router for face in FACES]


def face_for(path: str) -> Face | None:
    """The face that answers for ``path``, or None for the native API."""
    return next((face for face in FACES if face.owns(path)), None)


async def render_error(request: Request, exc: Exception) -> Response:
    """An error in the shape of the face that owns the path (problem+json for the native API)."""
    face = face_for(request.url.path)
    if face is not None:
        return face.render(request, Failure.of(exc))
    return problems.render(request, exc)


def install(app: FastAPI) -> None:
    """Mount every face and route errors on a face's paths to its renderer; call after the native handlers."""
    for router in routers():
        app.include_router(router)
    install_openapi(app, [(face.paths, "application/json", face.error_model) for face in FACES])
    for kind in _HANDLED:
        app.add_exception_handler(kind, _dispatching(app.exception_handlers.get(kind)))


def _dispatching(native: Callable[..., Any] | None) -> Callable[[Request, Exception], Any]:
    async def handle(request: Request, exc: Exception) -> Response:
        if isinstance(exc, StarletteHTTPException) and exc.status_code == 405:
            exc = StarletteHTTPException(405, "Method Not Allowed", {"Allow": allowed_methods(request)})
        face = face_for(request.url.path)
        if face is not None:
            return face.render(request, Failure.of(exc))
        if native is None:
            raise exc
        result = native(request, exc)
        response: Response = await result if inspect.isawaitable(result) else result
        return response

    return handle
