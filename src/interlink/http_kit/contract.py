"""The contract every route of every face follows, in one place for new routers to adopt.

- Pagination: ``PagingDep`` reads ``limit`` and ``cursor`` (the ``nextCursor`` of the previous page);
  ``page_body`` answers ``{"data": [...], "nextCursor": ...}``, ``nextCursor`` null on the last page.
- Query parameters: ``refuse_unknown_query`` (installed app-wide) refuses any a route does not declare.
- Responses: declare ``response_model=`` (``PageOf[View]`` for a list); ``install_openapi`` documents every
  error status on every operation in the shape of the face that owns the path, so routes add nothing.
- A face that parses its own body documents it with ``openapi_extra=json_body(Model)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, FastAPI, Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic import BaseModel, BeforeValidator, Field
from starlette.routing import Match, Mount

from interlink.core.errors import BadRequest, FieldError
from interlink.services import paging as service_paging
from interlink.services.paging import Page

T = TypeVar("T")
_RFC3339 = re.compile(r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d(:\d\d(\.\d+)?)?([Zz]|[+-]\d\d:?\d\d)?$")


def _rfc3339(value: Any) -> Any:
    """Only an RFC 3339 date-time, as the schema says: no Unix numbers, no bare dates."""
    if not isinstance(value, str) or not _RFC3339.match(value):
        raise ValueError("must be an RFC 3339 date-time such as 2024-05-01T12:00:00Z")
    return value


DateTimeQuery = Annotated[datetime, BeforeValidator(_rfc3339)]
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


ERROR_STATUSES = {
    400: "The request cannot be read, or names an unknown query parameter",
    401: "No valid API key",
    403: "The key lacks the scope, or targets another environment",
    404: "Not found in the key's environment",
    409: "Conflicts with the current state, or the Idempotency-Key is in use",
    413: "The body is too large",
    422: "A field breaks a rule; every failing field is named",
}
_DOCUMENTED: dict[str, type[BaseModel]] = {}


def component(model: type[BaseModel]) -> dict[str, str]:
    """A reference to ``model`` in ``/openapi.json``'s components (registered for ``install_openapi``)."""
    name = str(model.model_json_schema()["title"])
    _DOCUMENTED[name] = model
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(model: type[BaseModel], *, required: bool = True) -> dict[str, Any]:
    """``openapi_extra`` for a route that reads its JSON body itself (a face's own parser): documents it."""
    return {"requestBody": {"required": required, "content": {"application/json": {"schema": component(model)}}}}


ErrorDoc = tuple[re.Pattern[str], str, type[BaseModel] | None]


def install_openapi(app: FastAPI, faces: list[ErrorDoc]) -> None:
    """Make ``/openapi.json`` state every error body: problem+json on the native API, each face's own shape
    on its paths, on every operation; FastAPI's ``HTTPValidationError`` (never answered) is dropped."""

    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes, tags=app.openapi_tags
        )
        default = (PROBLEM, component(Problem))
        docs = [
            (pattern, (media, component(model) if model else {"type": "object"})) for pattern, media, model in faces
        ]
        for path, item in schema.get("paths", {}).items():
            media, ref = next((doc for pattern, doc in docs if pattern.match(path)), default)
            for operation in item.values():
                responses = operation.setdefault("responses", {})
                for status, description in ERROR_STATUSES.items():
                    responses[str(status)] = {"description": description, "content": {media: {"schema": ref}}}
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        for name, model in _DOCUMENTED.items():
            found = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(found.pop("$defs", {}))
            components[name] = found
        app.openapi_schema = schema
        return schema

    app.openapi = build  # type: ignore[method-assign]


_known_cache: dict[int, frozenset[str] | None] = {}


async def accept_any_query() -> None:
    """Route dependency (``dependencies=[Depends(accept_any_query)]``): the route takes query parameters it
    cannot declare, such as a third party's additions to an inbound hook URL, so none is refused."""


def _query_names(dependant: Dependant) -> set[str] | None:
    """Every query parameter a route reads, through its dependencies (a model's fields count one by one);
    None when the route accepts any."""
    names: set[str] = set()
    pending = [dependant]
    while pending:
        current = pending.pop()
        if current.call is accept_any_query:
            return None
        for param in current.query_params:
            model = param.field_info.annotation
            if isinstance(model, type) and issubclass(model, BaseModel):
                names.update(f.alias or name for name, f in model.model_fields.items())
            else:
                names.add(param.alias)
        pending.extend(current.dependencies)
    return names


def _known(route: APIRoute) -> frozenset[str] | None:
    if id(route) not in _known_cache:
        names = _query_names(route.dependant)
        _known_cache[id(route)] = None if names is None else frozenset(names)
    return _known_cache[id(route)]


_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def allowed_methods(request: Request) -> str:
    """The methods served at the request's path, for a complete ``Allow`` on a 405.

    Where templates overlap (``/v1/integrations/active`` and ``/v1/integrations/{id}``) the most literal
    template is the resource the path names, exactly as the OpenAPI document lists it.
    """
    path = request.url.path
    documented = [
        (template, item)
        for template, item in request.app.openapi().get("paths", {}).items()
        if _template(template).match(path)
    ]
    if documented:
        _, item = min(documented, key=lambda found: (found[0].count("{"), -len(found[0])))
        return ", ".join(sorted(method.upper() for method in item))
    served = [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.router.routes
            if not isinstance(route, Mount)
        )
    ]
    return ", ".join(served)


def _template(template: str) -> re.Pattern[str]:
    found = _templates.get(template)
    if found is None:
        found = re.compile("^" + re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template)) + "$")
        _templates[template] = found
    return found


_templates: dict[str, re.Pattern[str]] = {}


async def refuse_unknown_query(request: Request) -> None:
    """App-wide dependency: a query parameter the route does not declare is a 400 naming it, never ignored."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not route.include_in_schema or not request.query_params:
        return  # pages outside the API (the console) read their own query parameters
    known = _known(route)
    if known is None:
        return
    unknown = sorted({name for name in request.query_params if name not in known})
    if unknown:
        raise BadRequest(
            f"Unknown query parameters: {', '.join(unknown)}",
            [FieldError(name, "is not a query parameter of this operation") for name in unknown],
        )
