"""Measure webhook intake: accepted webhooks/s and latency to 2xx, and receipt-to-alert, beside a group-commit ceiling.

Run from the repository root: ``.venv/bin/python bench/ingress.py`` (``--help`` for the knobs).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp

try:
    from bench import _common as common
    from bench import api
except ModuleNotFoundError:  # run as a script: bench/ itself is first on sys.path
    import _common as common  # type: ignore[no-redef]

    import api  # type: ignore[no-redef]

REPO_ROOT = Path(__file__).resolve().parent.parent


def firing(run_tag: str, index: int) -> bytes:
    """An Alertmanager notification with one firing alert of its own fingerprint (so each opens an alert)."""
    alert = {
        "status": "firing",
        "labels": {"alertname": "BenchProbe", "instance": f"host-{index}", "severity": "high"},
        "annotations": {"summary": f"bench alert {index}"},
        "startsAt": "2024-01-01T00:00:00Z",
        "fingerprint": f"{run_tag}-{index}",
    }
    return json.dumps({"version": "4", "status": "firing", "receiver": "bench", "alerts": [alert]}).encode()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    args, rest = argparse.ArgumentParser(add_help=False).parse_known_args(argv)
    split = "--split-worker" in (rest if argv is not None else sys.argv[1:])
    args = api.parse_args([a for a in (argv if argv is not None else sys.argv[1:]) if a != "--split-worker"])
    args.split_worker = split
    return args


def _at(value: str) -> float:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


class IngressRun(api.Run):
    """The api benchmark's machinery, with the intake's scenarios."""

    def __init__(self, args: argparse.Namespace) -> None:
        super().__init__(args)
        self.to_alert: dict[str, tuple[float, float, int, int]] = {}

    async def ingress_ceiling(self, work_dir: Path) -> None:
        port = common.free_port()
        argv = [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.ingress_ceiling:app",
            "--app-dir",
            str(REPO_ROOT),
            "--host",
            common.HOST,
            "--port",
            str(port),
            "--loop",
            "uvloop",
            "--http",
            "httptools",
            "--no-access-log",
            "--log-level",
            "warning",
        ]
        env = {"INGRESS_CEILING_DB": str(work_dir / "ceiling.db")}
        server = common.start_server("starlette+commit", argv, port, work_dir / "ceiling", env)
        try:
            await common.wait_ready(server, "/ready")
            async with common.client_session(self.args.concurrency) as session:
                await self.scenario(
                    server,
                    "starlette+commit",
                    "webhook",
                    session,
                    lambda i: common.Call("POST", "/hooks/h/t", firing("c", i)),
                )
        finally:
            server.stop()

    async def interlink(self, label: str, work_dir: Path, database_url: str | None, split: bool = False) -> None:
        """``interlink serve`` on a fresh data directory; with ``split``, serve only, beside an ``interlink worker``."""
        port = common.free_port()
        data_dir = work_dir / label / "data"
        serve = [*api.interlink_command(), "serve", "--data-dir", str(data_dir), "--host", common.HOST]
        serve += ["--port", str(port), "--log-level", self.args.server_log_level, *(["--no-worker"] if split else [])]
        env = {
            "INTERLINK_DATABASE_URL": database_url or f"sqlite+aiosqlite:///{data_dir / 'interlink.db'}",
            "INTERLINK_POLL_SECONDS": "0.05",
        }
        server = common.start_server(label, serve, port, work_dir / label, env)
        worker = None
        try:
            await common.wait_ready(server, "/healthz")
            match = api.KEY_PATTERN.search(server.stdout())
            if match is None:
                raise RuntimeError(f"{label}: interlink serve printed no admin key on its first start")
            if split:
                argv = [*api.interlink_command(), "worker", "--data-dir", str(data_dir), "--log-level", "warning"]
                worker = common.start_server(f"{label} worker", argv, 0, work_dir / f"{label}-worker", env)
            await self.interlink_scenarios(server, label, match.group(0))
        finally:
            if worker is not None:
                worker.stop()
            server.stop()
            logged = server.logged_errors()
            if logged:
                self.server_errors[label] = logged

    async def interlink_scenarios(self, server: common.ServerProcess, label: str, key: str) -> None:
        headers = {"X-Api-Key": key, "Content-Type": "application/json"}
        async with (
            aiohttp.ClientSession(headers=headers) as http,
            http.post(f"{server.base_url}/v2/integrations", json={"name": "bench", "type": "alertmanager"}) as response,
        ):
            created = await response.json()
            if response.status != 201:
                raise RuntimeError(f"{label}: could not create the receiver: {created}")
        path = created["inboundUrl"]
        run_tag = f"{label}-{int(time.time())}"
        async with common.client_session(self.args.concurrency) as session:
            await self.scenario(
                server,
                label,
                "webhook",
                session,
                lambda i: common.Call("POST", path, firing(run_tag, i)),
                warm=lambda i: common.Call("POST", path, firing(run_tag + "-warm", i)),
            )
        self.to_alert[label] = await receipt_to_alert(server.base_url, key, created["id"])


async def _pages(http: aiohttp.ClientSession, url: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    query = {**params, "limit": 200}
    while True:
        async with http.get(url, params=query) as response:
            page = await response.json()
        rows.extend(page["data"])
        if not page.get("nextCursor"):
            return rows
        query["before"] = page["nextCursor"]


async def receipt_to_alert(
    base: str, key: str, integration_id: str, within: float = 60.0
) -> tuple[float, float, int, int]:
    """Wait (bounded) until every accepted request was processed; p50/p99 of alert createdAt - receivedAt."""
    deadline = time.monotonic() + within
    async with aiohttp.ClientSession(headers={"X-Api-Key": key}) as http:
        while True:
            events = await _pages(http, f"{base}/v2/inbound-events", {"integrationId": integration_id})
            pending = [e for e in events if e["status"] in {"queued", "running"}]
            if not pending or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.5)
        alerts = await _pages(http, f"{base}/v2/alerts", {"integrationId": integration_id})
    received = {e["id"]: _at(e["receivedAt"]) for e in events}
    gaps = [_at(a["createdAt"]) - received[a["inboundEventIds"][0]] for a in alerts if a["inboundEventIds"]]
    return common.percentile(gaps, 50) * 1000, common.percentile(gaps, 99) * 1000, len(alerts), len(pending)


async def main(args: argparse.Namespace) -> int:
    current = asyncio.current_task()
    if current is not None:
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, current.cancel)
    run = IngressRun(args)
    load_before = common.load_average()
    with tempfile.TemporaryDirectory(prefix="interlink-ingress-") as tmp:
        work_dir = Path(tmp)
        steps: list[tuple[str, Callable[[], Awaitable[None]]]] = [
            ("starlette + group commit ceiling", lambda: run.ingress_ceiling(work_dir)),
            ("interlink on SQLite", lambda: run.interlink("sqlite", work_dir, None)),
            (
                "interlink on SQLite, worker in its own process",
                lambda: run.interlink("sqlite+worker", work_dir, None, True),
            ),
        ]
        for title, step in steps:
            api.progress(title)
            await step()
        if not args.sqlite_only:
            for label, split in (("postgres", False), ("postgres+worker", True))[: 2 if args.split_worker else 1]:
                database = await api.create_database(args.pg_url)
                if database is None:
                    break
                api.progress(f"interlink on PostgreSQL (database {database}){', its worker apart' if split else ''}")
                try:
                    await run.interlink(label, work_dir, api.interlink_url(args.pg_url, database), split)
                finally:
                    await api.drop_database(args.pg_url, database)
    cores = os.cpu_count() or 1
    print(
        f"\n{args.requests} webhooks per server, {args.concurrency} concurrent senders, {args.warmup} warm-up each; "
        f"Interlink log level {args.server_log_level}; load average {load_before:.2f} on {cores} cores before the run"
    )
    if load_before > cores / 2:
        print("note: other processes were keeping this machine busy, so every figure is likely lower than when idle")
    print()
    print(common.table(run.outcomes))
    print()
    ceiling = next((o for o in run.outcomes if o.server == "starlette+commit"), None)
    for o in run.outcomes:
        if o.server == "starlette+commit":
            continue
        share = (
            f"{o.rate / ceiling.rate:.1%} of the ceiling's {ceiling.rate:,.0f}/s" if ceiling and ceiling.rate else ""
        )
        p50, p99, opened, pending = run.to_alert.get(o.server, (float("nan"), float("nan"), 0, 0))
        print(
            f"{o.server}: {o.rate:,.0f} accepted webhooks/s ({share}); to 2xx p50 {o.percentile_ms(50):.2f} ms, "
            f"p99 {o.percentile_ms(99):.2f} ms; receipt to alert p50 {p50:.1f} ms, p99 {p99:.1f} ms "
            f"({opened} alerts, {pending} still queued when measured)"
        )
    report = common.error_report(run.warmups + run.outcomes)
    for label, lines in run.server_errors.items():
        report += f"\n{label} logged errors, for instance:\n" + "\n".join(f"    {line}" for line in lines)
    if report:
        print("\n" + report.strip())
        return 1
    return 0


def entry() -> None:
    args = parse_args()
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
        runner: Callable[[Awaitable[int]], int] = asyncio.run  # type: ignore[assignment]
    else:
        runner = uvloop.run
    try:
        code = runner(main(args))
    except RuntimeError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        code = 2
    except (KeyboardInterrupt, asyncio.CancelledError):
        print("benchmark interrupted; its servers are stopped", file=sys.stderr)
        code = 130
    sys.exit(code)


if __name__ == "__main__":
    entry()
