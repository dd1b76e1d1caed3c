"""The ceiling: a bare Starlette app answering JSON, so Interlink's figures can be read against the rig's limit."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

ITEM = {
    "id": "int_01J00000000000000000000000",
    "name": "Ops hook",
    "type": "webhook",
    "channel": "webhook",
    "active": True,
    "properties": {"url": "https://hooks.example.com/in", "authType": "BASIC"},
    "credentials": {"username": "set", "password": "set"},
}


async def get_item(request: Request) -> JSONResponse:
    """Answer a GET with a small JSON document, as GET /v2/integrations/{id} does."""
    return JSONResponse({**ITEM, "id": request.path_params["item_id"]})


async def create_item(request: Request) -> JSONResponse:
    """Parse a JSON body and answer 201, as POST /v2/integrations does, with no work in between."""
    body = await request.json()
    return JSONResponse({**ITEM, "name": body.get("name")}, status_code=201)


app = Starlette(routes=[Route("/items/{item_id}", get_item), Route("/items", create_item, methods=["POST"])])
