"""The contract every route of every face follows, in one place for new routers to adopt.

- Pagination: ``PagingDep`` reads ``limit`` and ``cursor`` (the ``nextCursor`` of the previous page);
  ``page_body`` answers ``{"data": [...], "nextCursor": ...}``, ``nextCursor`` null on the last page.
- Query parameters: ``refuse_unknown_query`` (installed app-wide) refuses any a route does not declare.
- Errors: ``ERRORS`` (or ``problems(...)``) documents problem+json answers in a route's ``responses``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from starlette.routing import Match, Mount

from interlink.core.errors import BadRequest, FieldError
from interlink.services import paging as service_paging
from interlink.services.paging import Page

T = TypeVar("T")
PROBLEM = "application/problem+json"


@dataclass(frozen=True)
class Paging:
    """The page a list request asks for."""

    limit: int
    cursor: str | None


def paging(
    limit: int = Query(
        service_paging.DEFAULT_LIMIT, ge=1, le=service_paging.MAX_PAGE, description="Rows per page (1 to 200)"
    ),
    cursor: str | None = Query(
        None,
        min_length=1,
        max_length=service_paging.MAX_CURSOR,
        description="The nextCursor of the previous page; omit for the first page",
    ),
) -> Paging:
    return Paging(limit, cursor)


PagingDep = Annotated[Paging, Depends(paging)]


def page_body(data: list[Any], page: Page[Any], **extra: Any) -> dict[str, Any]:
    """A list answer: its rows, any extra counts, and ``nextCursor`` (null on the last page)."""
    return {"data": data, **extra, "nextCursor": page.next_cursor}


class PageOf(BaseModel, Generic[T]):
    """One page of a list."""

    data: list[T]
    nextCursor: str | None = Field(description="Pass as cursor for the next page; null on the last page")


class FieldProblem(BaseModel):
    path: str = Field(description="The failing field: a dotted path, a query parameter, a header or body")
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem document; ``errors`` names every failing field."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldProblem] | None = None
    traceId: str | None = None


_DESCRIPTIONS = {
    400: "The request cannot be read, or names an unknown query parameter",
    401: "No valid API key",
    403: "The key lacks the scope",
    404: "Not found in the key's environment",
    405: "Method not allowed (see Allow)",
    409: "Conflicts with the current state, or the Idempotency-Key is in use",
    413: "The body is too large",
    422: "A field breaks a rule",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` entries documenting problem+json answers for ``statuses``."""
    schema = {"$ref": "#/components/schemas/Problem"}
    return {
        s: {"description": _DESCRIPTIONS.get(s, "Error"), "content": {PROBLEM: {"schema": schema}}} for s in statuses
    }


ERRORS = problems(400, 401, 403, 404, 409, 413, 422)

_known_cache: dict[int, frozenset[str]] = {}


def _query_names(dependant: Dependant) -> set[str]:
    """Every query parameter a route reads, through its dependencies (a model's fields count one by one)."""
    names: set[str] = set()
    pending = [dependant]
    while pending:
        current = pending.pop()
        for param in current.query_params:
            model = param.field_info.annotation
            if isinstance(model, type) and issubclass(model, BaseModel):
                names.update(f.alias or name for name, f in model.model_fields.items())
            else:
                names.add(param.alias)
        pending.extend(current.dependencies)
    return names


def _known(route: APIRoute) -> frozenset[str]:
    found = _known_cache.get(id(route))
    if found is None:
        found = frozenset(_query_names(route.dependant))
        _known_cache[id(route)] = found
    return found


_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def allowed_methods(request: Request) -> str:
    """Every method some route serves at the request's path, for a complete ``Allow`` on a 405."""
    allowed = [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.router.routes
            if not isinstance(route, Mount)
        )
    ]
    return ", ".join(allowed)


async def refuse_unknown_query(request: Request) -> None:
    """App-wide dependency: a query parameter the route does not declare is a 400 naming it, never ignored."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not route.include_in_schema or not request.query_params:
        return  # pages outside the API (the console) read their own query parameters
    unknown = sorted({name for name in request.query_params if name not in _known(route)})
    if unknown:
        raise BadRequest(
            f"Unknown query parameters: {', '.join(unknown)}",
            [FieldError(name, "is not a query parameter of this operation") for name in unknown],
        )
