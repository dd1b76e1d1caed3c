"""Egress benchmark: end-to-end signed webhook deliveries per second and accept-to-delivered latency.

For SQLite and PostgreSQL, with one and two ``interlink worker`` processes: an ``interlink serve --no-worker``
accepts messages through ``POST /v2/messages/batch`` while the workers deliver them, signed, to a local
receiver that notes when each ``webhook-id`` arrived. In the same run the fastest plain aiohttp loop POSTs
as many requests to the same receiver: the ceiling. Loopback only; every process is stopped at the end.

    python -m bench.egress [--messages 10000] [--sqlite-only]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bench import _common as common
from bench.api import KEY_PATTERN, create_database, drop_database, interlink_command, interlink_url, progress


@dataclass
class Result:
    """One configuration's figures."""

    label: str
    messages: int
    seconds: float = 0.0
    accept_seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    duplicates: int = 0
    worker_cpu: float = 0.0
    peak_rss_kib: int = 0
    server_rss_kib: int = 0
    ceiling: float = 0.0  # the plain loop's POSTs/s, measured just before this configuration
    ceiling_cpu: float = 0.0  # the plain loop's CPU seconds per POST: what one POST costs on this machine now
    machine_busy: float | None = None  # all cores' busy share (every process) from first accept to last arrival

    @property
    def rate(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000, help="messages per configuration")
    parser.add_argument("--batch", type=int, default=500, help="messages per accept request (at most 500)")
    parser.add_argument("--accept-concurrency", type=int, default=4, help="accept requests in flight")
    parser.add_argument("--workers", default="1,2", help="worker process counts to measure")
    parser.add_argument(
        "--integration-concurrency", type=int, default=256, help="the integration's maxConcurrency (default cap: 32)"
    )
    parser.add_argument("--ceiling-concurrency", type=int, default=256, help="connections of the plain loop")
    parser.add_argument("--timeout", type=float, default=300, help="seconds a configuration may take at most")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test", help="admin connection")
    args = parser.parse_args(argv)
    if not 1 <= args.batch <= 500:
        parser.error("--batch must be between 1 and 500")
    return args


async def _json(session: aiohttp.ClientSession, method: str, url: str, **kwargs: object) -> object:
    async with session.request(method, url, **kwargs) as response:
        body = await response.read()
        if response.status >= 300:
            raise RuntimeError(f"{method} {url} answered {response.status}: {body[:300]!r}")
        return json.loads(body) if body else None


async def _wait_for_line(server: common.ServerProcess, text: str, within: float = 60) -> None:
    deadline = time.monotonic() + within
    while text not in server.stdout():
        if server.proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{server.name} did not get ready:\n{server.stderr_tail()}")
        await asyncio.sleep(0.1)


async def measure(
    args: argparse.Namespace, label: str, work: Path, database_url: str | None, workers: int, receiver: str
) -> Result:
    """Accept ``args.messages`` while ``workers`` processes deliver them; figures from the receiver's clock."""
    data_dir = work / label / "data"
    env = {
        "INTERLINK_DATABASE_URL": database_url or f"sqlite+aiosqlite:///{data_dir / 'interlink.db'}",
        "INTERLINK_ALLOW_PRIVATE_NETWORKS": "true",
        "INTERLINK_LOG_JSON": "true",
    }
    port = common.free_port()
    argv = [
        *interlink_command(),
        "serve",
        "--no-worker",
        "--data-dir",
        str(data_dir),
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    api = common.start_server(f"{label} api", argv, port, work / label / "api", env)
    started: list[common.ServerProcess] = [api]
    result = Result(label, args.messages)
    try:
        await common.wait_ready(api, "/healthz")
        key = KEY_PATTERN.search(api.stdout())
        if key is None:
            raise RuntimeError(f"{label}: no admin key printed")
        headers = {"X-Api-Key": key.group(0), "Content-Type": "application/json"}
        async with aiohttp.ClientSession(headers=headers) as session:
            await _json(session, "POST", f"{receiver}/reset")
            hook = {
                "name": "bench receiver",
                "type": "webhook",
                "properties": {"url": f"{receiver}/hook", "maxConcurrency": args.integration_concurrency},
            }
            await _json(session, "POST", f"{api.base_url}/v2/integrations", data=json.dumps(hook))
            for n in range(workers):
                worker_argv = [*interlink_command(), "worker", "--data-dir", str(data_dir), "--log-level", "warning"]
                worker = common.start_server(f"{label} worker {n}", worker_argv, 0, work / label / f"worker{n}", env)
                started.append(worker)
                await _wait_for_line(worker, "worker ready")
            cpu_before = sum(w.cpu_seconds() or 0 for w in started[1:])
            accepted: dict[str, float] = {}
            batches = [list(range(i, min(i + args.batch, args.messages))) for i in range(0, args.messages, args.batch)]
            queue = iter(batches)
            cpu_at_begin = common.CpuSnapshot.now()
            begin = time.time()

            async def accept() -> None:
                for batch in queue:
                    body = {
                        "messages": [
                            {"channel": "webhook", "eventType": "order.paid", "payload": {"n": i}} for i in batch
                        ]
                    }
                    answer = await _json(session, "POST", f"{api.base_url}/v2/messages/batch", data=json.dumps(body))
                    now = time.time()
                    for item in answer["data"]:  # type: ignore[index]
                        accepted[item["id"]] = now

            await asyncio.gather(*(accept() for _ in range(args.accept_concurrency)))
            result.accept_seconds = time.time() - begin
            deadline = time.monotonic() + args.timeout
            while True:
                stats = await _json(session, "GET", f"{receiver}/stats")
                if stats["unique"] >= args.messages:  # type: ignore[index]
                    result.machine_busy = cpu_at_begin.until(common.CpuSnapshot.now()).busy_share
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{label}: only {stats['unique']} of {args.messages} delivered in time")  # type: ignore[index]
                await asyncio.sleep(0.05)
            arrivals: dict[str, float] = await _json(session, "GET", f"{receiver}/times")  # type: ignore[assignment]
            result.duplicates = stats["requests"] - stats["unique"]  # type: ignore[index]
        result.seconds = max(arrivals.values()) - begin
        result.latencies = sorted(arrivals[m] - accepted[m] for m in accepted if m in arrivals)
        result.worker_cpu = sum(w.cpu_seconds() or 0 for w in started[1:]) - cpu_before
        result.peak_rss_kib = max((w.peak_rss_kib() or 0) for w in started[1:])
        result.server_rss_kib = api.peak_rss_kib() or 0
        return result
    finally:
        for server in reversed(started):
            server.stop()


def ceiling(receiver: str, count: int, concurrency: int) -> tuple[float, float]:
    """POSTs per second of the plain aiohttp loop, in its own process like the workers, and its CPU per POST."""
    import resource
    import subprocess

    def children_cpu() -> float:
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        return used.ru_utime + used.ru_stime

    cpu_before = children_cpu()
    out = subprocess.run(
        [sys.executable, "-m", "bench._post_loop", f"{receiver}/hook", str(count), str(concurrency)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return count / float(out.stdout.strip()), (children_cpu() - cpu_before) / count


async def main(args: argparse.Namespace) -> int:
    load_before = common.load_average()
    port = common.free_port()
    with tempfile.TemporaryDirectory(prefix="interlink-egress-") as tmp:
        work = Path(tmp)
        argv = [sys.executable, "-m", "bench._receiver", str(port)]
        receiver_proc = common.start_server("receiver", argv, port, work / "receiver")
        results: list[Result] = []
        try:
            await common.wait_ready(receiver_proc, "/stats")
            receiver = receiver_proc.base_url

            def plain_loop() -> tuple[float, float]:
                progress(f"ceiling: plain aiohttp loop, {args.messages} POSTs")
                return ceiling(receiver, args.messages, args.ceiling_concurrency)

            counts = [int(n) for n in args.workers.split(",") if n.strip()]
            for workers in counts:
                rate, cpu = plain_loop()
                progress(f"SQLite, {workers} worker process(es)")
                results.append(await measure(args, f"sqlite x{workers}", work, None, workers, receiver))
                results[-1].ceiling, results[-1].ceiling_cpu = rate, cpu
            if not args.sqlite_only:
                for workers in counts:
                    database = await create_database(args.pg_url)
                    if database is None:
                        break
                    rate, cpu = plain_loop()
                    progress(f"PostgreSQL, {workers} worker process(es) (database {database})")
                    try:
                        results.append(
                            await measure(
                                args,
                                f"postgres x{workers}",
                                work,
                                interlink_url(args.pg_url, database),
                                workers,
                                receiver,
                            )
                        )
                        results[-1].ceiling, results[-1].ceiling_cpu = rate, cpu
                    finally:
                        await drop_database(args.pg_url, database)
        finally:
            receiver_proc.stop()
    print(
        f"\n{args.messages} signed webhook messages per configuration, accepted in batches of {args.batch} "
        f"({args.accept_concurrency} in flight); load average {load_before:.2f} on {os.cpu_count()} cores before\n"
    )
    print(
        f"{'configuration':<14} {'deliv/s':>8} {'accept/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'dups':>5} "
        f"{'worker CPU ms/msg':>18} {'worker RSS':>10} {'server RSS':>10} {'plain/s':>8} {'of ceiling':>10} "
        f"{'plain CPU ms':>12} {'machine busy':>12}"
    )
    for r in results:
        print(
            f"{r.label:<14} {r.rate:>8,.0f} {r.messages / r.accept_seconds:>9,.0f} "
            f"{common.percentile(r.latencies, 50) * 1000:>8.0f} {common.percentile(r.latencies, 99) * 1000:>8.0f} "
            f"{r.duplicates:>5} {r.worker_cpu / r.messages * 1000:>18.3f} {common.format_rss(r.peak_rss_kib):>10} "
            f"{common.format_rss(r.server_rss_kib):>10} {r.ceiling:>8,.0f} {r.rate / r.ceiling:>10.0%} "
            f"{r.ceiling_cpu * 1000:>12.3f} {'?' if r.machine_busy is None else format(r.machine_busy, '.0%'):>12}"
        )
    print(
        "plain/s: the ceiling, the same number of plain POSTs (no queue, no signing) sent just before that row, "
        "so a busy machine weighs on both alike; plain CPU ms: that loop's CPU per POST, what a bare aiohttp POST "
        "costs on this machine now, to read the worker's CPU against; machine busy: all cores' busy share "
        "(every process, this benchmark's and any other) from the first accept to the last arrival, "
        "near 100% when the cores are saturated"
    )
    for r in results:
        base = next((b for b in results if b.label.split()[0] == r.label.split()[0] and b.label.endswith("x1")), None)
        if base is not None and base is not r and base.rate:
            line = f"{r.label}: {r.rate / base.rate:.2f} times the deliveries/s of {base.label}"
            if base.machine_busy:  # every part of a delivery costing what it cost there: rate over busy share
                line += (
                    f"; {base.label} ran with the machine {base.machine_busy:.0%} busy, so these {os.cpu_count()} "
                    f"cores allow at most {1 / min(base.machine_busy, 1.0):.2f} times"
                )
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse_args())))
