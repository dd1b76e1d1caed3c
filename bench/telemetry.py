"""Telemetry throughput and query latency on SQLite and PostgreSQL, in one process, on loopback only.

Writes ``--points`` points (one per minute across ``--series`` series) through the store, then
``--source-points`` through the JSON polling source from a local HTTP server, then times raw and bucketed
reads: a raw day, a day per hour, a week per 6 hours, a month per day.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
from aiohttp import web
from sqlalchemy.engine import make_url

from interlink.app import create_app
from interlink.core.settings import Settings
from interlink.providers.http_poll.source import SOURCE
from interlink.queue.transport import HttpTransport
from interlink.sdk import PullWindow
from interlink.services import keys, telemetry, tenants
from interlink.services.hub import Hub, open_hub
from interlink.store import telemetry as store

START = datetime(2024, 1, 1, tzinfo=UTC)
BATCH = 20_000
PAGE = 10_000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=10_000_000, help="points written through the store")
    parser.add_argument("--series", type=int, default=10, help="series the points are spread over")
    parser.add_argument("--source-points", type=int, default=200_000, help="points pulled through the JSON source")
    parser.add_argument("--queries", type=int, default=50, help="queries per read scenario")
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sqlite-only", action="store_true")
    return parser.parse_args(argv)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def write_store(hub: Hub, env_id: str, points: int, series: int) -> float:
    """Points/s written straight through the store, in batches of ``BATCH`` per transaction."""
    per_series = points // series
    began = time.perf_counter()
    for s in range(series):
        base = int(START.timestamp() * 1000)
        for first in range(0, per_series, BATCH):
            rows = [
                {
                    "environment_id": env_id,
                    "resource_path": f"places/bench/things/{s}",
                    "metric": "power",
                    "ts": base + i * 60_000,
                    "source": "int_bench",
                    "value": float(i % 1000),
                    "unit": "kW",
                    "external_id": f"m{s}",
                }
                for i in range(first, min(per_series, first + BATCH))
            ]
            async with hub.db.write() as session:
                await store.upsert_points(session, rows)
    return per_series * series / (time.perf_counter() - began)


async def write_source(hub: Hub, env_id: str, integration_id: str, points: int) -> float:
    """Points/s fetched from a local JSON API, mapped with JMESPath and ingested through the mappings."""
    pages = max(1, points // PAGE)

    async def answer(request: web.Request) -> web.Response:
        page = int(request.query.get("page", "0"))
        base = int(START.timestamp()) + page * PAGE * 60
        rows = [{"id": "m0", "ts": base + i * 60, "v": i % 100} for i in range(PAGE)]
        return web.json_response({"data": rows})

    app = web.Application()
    app.router.add_get("/readings", answer)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    transport = HttpTransport(allow_private=True, timeout=30)
    config = {"itemsPath": "data", "externalIdPath": "id", "timePath": "ts", "valuePath": "v", "metric": "source_power"}
    began = time.perf_counter()
    try:
        for page in range(pages):
            window = PullWindow({**config, "url": f"http://127.0.0.1:{port}/readings?page={page}"}, START, START)
            found = await SOURCE.pull(window, transport)
            async with hub.db.write() as session:
                await telemetry.ingest(session, env_id, integration_id, found, datetime.now(UTC))
    finally:
        await transport.close()
        await runner.cleanup()
    return pages * PAGE / (time.perf_counter() - began)


async def read_latency(
    hub: Hub, env_id: str, points: int, series: int, queries: int
) -> dict[str, tuple[float, float, int]]:
    """p50/p99 ms and rows returned for each read scenario, over random ranges within the written span."""
    span = timedelta(minutes=points // series)
    scenarios = {
        "raw day": (timedelta(days=1), None),
        "day per 1h": (timedelta(days=1), 3_600_000),
        "week per 6h": (timedelta(days=7), 21_600_000),
        "month per 1d": (timedelta(days=30), 86_400_000),
    }
    rng = random.Random(7)
    out: dict[str, tuple[float, float, int]] = {}
    for name, (length, step) in scenarios.items():
        if length > span:
            continue
        timings: list[float] = []
        rows = 0
        for _ in range(queries):
            offset = timedelta(minutes=rng.randrange(0, int((span - length).total_seconds() // 60) + 1))
            low = START + offset
            series_path = f"places/bench/things/{rng.randrange(series)}"
            query = store.Series(
                env_id, series_path, "power", telemetry.epoch_ms(low), telemetry.epoch_ms(low + length)
            )
            began = time.perf_counter()
            async with hub.db.read() as session:
                found = await (
                    store.raw(session, query, 10_000) if step is None else store.buckets(session, query, step)
                )
            timings.append((time.perf_counter() - began) * 1000)
            rows = len(found)
        out[name] = (pct(timings, 50), pct(timings, 99), rows)
    return out


async def api_setup(hub: Hub) -> tuple[str, str]:
    """An organization with a thing mapped to the source's external id; returns (environment id, integration id)."""
    _, (dev, _) = await tenants.create_organization(hub, f"bench {secrets.token_hex(3)}")
    key = await keys.create(hub, dev, ["read", "write"], "bench")
    transport = httpx.ASGITransport(app=create_app(hub))
    async with httpx.AsyncClient(transport=transport, base_url="http://b", headers={"X-Api-Key": key.secret}) as api:
        site = (await api.post("/v2/places", json={"name": "Site"})).json()
        meter = (await api.post("/v2/things", json={"name": "M", "kind": "meter", "placeId": site["id"]})).json()
        body = {
            "name": "Bench",
            "type": "http_poll",
            "active": False,
            "properties": {"url": "http://127.0.0.1/", "externalIdPath": "id", "valuePath": "v"},
        }
        source = (await api.post("/v2/integrations", json=body)).json()
        mapping = {"integrationId": source["id"], "externalId": "m0", "resourcePath": meter["path"]}
        await api.post("/v2/integrations/resource-mappings", json=mapping)
    return dev.id, source["id"]


async def run_one(label: str, url: str, args: argparse.Namespace, work: Path) -> list[str]:
    hub = await open_hub(Settings(data_dir=work, database_url=url))
    try:
        env_id, integration_id = await api_setup(hub)
        store_rate = await write_store(hub, env_id, args.points, args.series)
        source_rate = await write_source(hub, env_id, integration_id, args.source_points)
        reads = await read_latency(hub, env_id, args.points, args.series, args.queries)
    finally:
        await hub.close()
    lines = [f"| {label} | store write | {store_rate:,.0f} points/s | | |"]
    lines.append(f"| {label} | source write (JSON, JMESPath, mappings) | {source_rate:,.0f} points/s | | |")
    for name, (p50, p99, rows) in reads.items():
        lines.append(f"| {label} | {name} | {p50:.1f} ms | {p99:.1f} ms | {rows} rows |")
    return lines


async def pg_database(base: str) -> tuple[str, str] | None:
    url = make_url(base)
    name = f"bench_{secrets.token_hex(4)}"
    try:
        conn = await asyncpg.connect(host=url.host, port=url.port or 5432, user=url.username, database=url.database)
    except (OSError, asyncpg.PostgresError):
        return None
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return url.set(drivername="postgresql+asyncpg", database=name).render_as_string(hide_password=False), name


async def drop_pg(base: str, name: str) -> None:
    url = make_url(base)
    conn = await asyncpg.connect(host=url.host, port=url.port or 5432, user=url.username, database=url.database)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def main(args: argparse.Namespace) -> int:
    print(f"{args.points:,} points over {args.series} series (one a minute), {args.source_points:,} through the source")
    lines = ["| database | scenario | rate or p50 | p99 | result |", "| --- | --- | --- | --- | --- |"]
    with tempfile.TemporaryDirectory(prefix="interlink-bench-") as tmp:
        work = Path(tmp)
        lines += await run_one("sqlite", f"sqlite+aiosqlite:///{work / 'bench.db'}", args, work)
        if not args.sqlite_only:
            made = await pg_database(args.pg_url)
            if made is None:
                print("PostgreSQL cannot be reached; skipped")
            else:
                try:
                    lines += await run_one("postgres", made[0], args, work)
                finally:
                    await drop_pg(args.pg_url, made[1])
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse_args())))
