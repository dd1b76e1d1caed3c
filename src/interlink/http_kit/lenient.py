"""Reads a JSON body into a pydantic model leniently, so type errors and rule errors come back in one answer.

A field that fails its type is set aside and named; the rest is validated as usual and handed on, so the
service can add its own findings (``IntegrationDraft.problems``) and refuse the request once, naming every
failing field. A field the service cannot do without (``needed``) still stops the request at once.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar, cast

from pydantic import BaseModel, ValidationError, create_model
from starlette.requests import Request

from interlink.core.errors import FieldError, Unprocessable
from interlink.http_kit.http import json_body
from interlink.http_kit.problems import field_errors

M = TypeVar("M", bound=BaseModel)


@cache
def _partial(model: type[BaseModel]) -> type[BaseModel]:
    """``model`` with every required field optional, to validate what is left once failing fields are set aside."""
    optional: dict[str, Any] = {
        name: (cast(Any, info.annotation) | None, None)
        for name, info in model.model_fields.items()
        if info.is_required()
    }
    return create_model(f"{model.__name__}Rest", __base__=model, **optional)


def parse(model: type[M], data: Any, needed: frozenset[str] = frozenset()) -> tuple[M, list[FieldError]]:
    """``data`` as ``model`` with the fields that failed their type left unset, and those failures named."""
    if not isinstance(data, dict):
        raise Unprocessable("The request is invalid", [FieldError("body", "must be a JSON object")])
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        found = field_errors(exc.errors(), prefixed=False)
        failed = {str(e["loc"][0]) for e in exc.errors() if e.get("loc")}
    if failed & needed:
        raise Unprocessable("The request is invalid", found)
    rest = {k: v for k, v in data.items() if k not in failed}
    try:
        return _partial(model).model_validate(rest), found  # type: ignore[return-value]
    except ValidationError:
        raise Unprocessable("The request is invalid", found) from None


async def read(request: Request, model: type[M], needed: frozenset[str] = frozenset()) -> tuple[M, list[FieldError]]:
    """The request's JSON body as ``model`` (see ``parse``); a missing body is a 422 naming ``body``."""
    data = await json_body(request)
    if data is None:
        raise Unprocessable("The request is invalid", [FieldError("body", "Field required")])
    return parse(model, data, needed)
