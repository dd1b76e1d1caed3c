"""What every face shares: its description, errors normalised for its renderer, and type lookups."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from interlink.core.errors import FieldError, InterlinkError
from interlink.http_kit.problems import validation_errors
from interlink.sdk import Direction, Manifest
from interlink.services.hub import Hub
from interlink.services.integration_view import IntegrationView


@dataclass(frozen=True)
class Failure:
    """An error of any origin, reduced to what a face needs to render it in its own shape."""

    status: int
    title: str
    detail: str
    errors: list[FieldError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    from_router: bool = False  # no route matched the path or method

    @classmethod
    def of(cls, exc: Exception) -> Failure:
        """Normalise the three kinds of error a request can end in."""
        if isinstance(exc, InterlinkError):
            return cls(exc.status, exc.title, exc.detail, list(exc.errors), dict(exc.headers))
        if isinstance(exc, RequestValidationError):
            status, errors = validation_errors(exc)
            return cls(status, "Bad Request" if status == 400 else "Unprocessable Content", "Invalid request", errors)
        if isinstance(exc, StarletteHTTPException):
            headers = dict(getattr(exc, "headers", None) or {})
            return cls(exc.status_code, "Error", str(exc.detail), [], headers, from_router=True)
        return cls(500, "Internal Server Error", "Something went wrong")


Renderer = Callable[[Request, Failure], Response]


@dataclass(frozen=True)
class Face:
    """One compatible API: its routes, the paths it answers for, and how it renders errors.

    ``name`` is also the key of the face's type names in each manifest's ``aliases``.
    """

    name: str
    router: APIRouter
    paths: re.Pattern[str]
    render: Renderer
    error_model: type[BaseModel] | None = None  # the shape of ``render``'s bodies, documented on its operations

    def owns(self, path: str) -> bool:
        return bool(self.paths.match(path))


def manifest_for(hub: Hub, dialect: str, alias: str) -> Manifest | None:
    """The outbound type a face calls ``alias``, or None."""
    manifest = hub.registry.by_alias(dialect, alias)
    return manifest if manifest is not None and manifest.direction is Direction.EGRESS else None


def alias_of(hub: Hub, dialect: str, record: IntegrationView) -> str | None:
    """The face's name for a stored integration's type; None when the face cannot express it."""
    manifest = hub.registry.get(record.type)
    if manifest is None or manifest.direction is not Direction.EGRESS:
        return None
    return manifest.aliases.get(dialect)


def supported_aliases(hub: Hub, dialect: str) -> list[str]:
    """Every type name the face accepts, sorted, for error messages."""
    return sorted(m.aliases[dialect] for m in hub.registry.by_direction(Direction.EGRESS) if dialect in m.aliases)


@contextmanager
def renamed_fields(rename: Callable[[str], str]) -> Iterator[None]:
    """Re-raise service errors with their field paths in the face's names (``properties.from`` → ``senderEmail``)."""
    try:
        yield
    except InterlinkError as exc:
        if exc.errors:
            exc.errors = [FieldError(rename(e.path), e.message) for e in exc.errors]
        raise


def property_key(path: str) -> str | None:
    """The property key a service error path names (``properties.x`` or ``credentials.x``), else None."""
    head, _, rest = path.partition(".")
    if head in {"properties", "credentials"} and rest:
        return rest.split(".", 1)[0].split("[", 1)[0]
    return None


def invert(mapping: Mapping[str, str]) -> dict[str, str]:
    return {v: k for k, v in mapping.items()}
