"""Runs a POST handler under ``Idempotency-Key``: replays, conflicts and same-transaction storage."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Request
from starlette.responses import Response

from interlink.core.errors import Conflict
from interlink.http_kit.auth import hub_of
from interlink.http_kit.http import FastJSON
from interlink.services import idempotency
from interlink.services.caller import WRITE, Caller

Finish = Callable[[Any, Any], Awaitable[None]]


async def respond(
    request: Request,
    caller: Caller,
    status: int,
    render: Callable[[Any], Any],
    work: Callable[[Finish | None], Awaitable[Any]],
    body: bytes | None = None,
    reveal: Callable[[Any], dict[str, Any]] | None = None,
) -> Response:
    """Run ``work`` once per key; ``work`` passes the finisher to the service it calls.

    ``reveal`` adds one-time secrets to the response; a replay answers them too, from the encrypted
    record kept with the key until it expires.
    """
    caller.require(WRITE)  # before any replay or claim: a read-only key neither sees a write's answer nor claims
    key = request.headers.get("idempotency-key")
    if key is None:
        result = await work(None)
        return FastJSON({**render(result), **(reveal(result) if reveal else {})}, status_code=status)
    hub = hub_of(request)
    raw = body if body is not None else await request.body()
    print_ = idempotency.fingerprint(request.method, request.url.path, raw)
    outcome = await idempotency.prepare(hub, caller, key, print_)
    if isinstance(outcome, idempotency.Replay):
        return _replay(key, outcome)
    try:
        await work(outcome.finisher(status, render, reveal))
    except idempotency.Raced:
        # Another request with this key committed first: this work was rolled back; answer as the winner did.
        again = await idempotency.prepare(hub, caller, key, print_)
        if isinstance(again, idempotency.Replay):
            return _replay(key, again)
        raise Conflict(
            f'Request with key "{key}" is currently being processed. Please retry after 1 second',
            headers={"Retry-After": "1"},
        ) from None
    return Response(outcome.body, status_code=status, media_type="application/json", headers={"Idempotency-Key": key})


def _replay(key: str, outcome: idempotency.Replay) -> Response:
    return Response(
        outcome.body,
        status_code=outcome.status_code,
        media_type="application/json",
        headers={"Idempotency-Key": key, "Idempotency-Replay": "true"},
    )
