"""A webhook receiver for the egress benchmark: answers 204 at once and notes when each webhook-id arrived.

Run as ``python -m bench._receiver PORT``; ``GET /stats`` returns counts and ``GET /times`` the arrival times.
"""

from __future__ import annotations

import sys
import time

from aiohttp import web

arrivals: dict[str, float] = {}
requests = 0


async def receive(request: web.Request) -> web.Response:
    global requests
    await request.read()
    requests += 1
    arrivals.setdefault(request.headers.get("webhook-id", f"plain-{requests}"), time.time())
    return web.Response(status=204)


async def stats(_request: web.Request) -> web.Response:
    return web.json_response({"requests": requests, "unique": len(arrivals)})


async def times(_request: web.Request) -> web.Response:
    return web.json_response(arrivals)


async def reset(_request: web.Request) -> web.Response:
    global requests
    arrivals.clear()
    requests = 0
    return web.Response(status=204)


def main() -> None:
    app = web.Application()
    app.router.add_post("/hook", receive)
    app.router.add_get("/stats", stats)
    app.router.add_get("/times", times)
    app.router.add_post("/reset", reset)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)


if __name__ == "__main__":
    main()
