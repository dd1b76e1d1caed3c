"""Measure Interlink's create, get, list and inbox on SQLite and PostgreSQL beside a bare Starlette ceiling, in one run.

Run from the repository root: ``.venv/bin/python bench/api.py`` (``--help`` for the knobs).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import secrets
import shutil
import signal
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import aiohttp

try:
    from bench import _common as common
except ModuleNotFoundError:  # run as a script: bench/ itself is first on sys.path
    import _common as common  # type: ignore[no-redef]

REPO_ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
KEY_PATTERN = re.compile(r"\bil_[A-Za-z0-9_-]+")
WEBHOOK = {
    "type": "webhook",
    "properties": {"url": "https://hooks.example.com/in", "authType": "BASIC"},
    "credentials": {"username": "ops", "password": "bench-pass"},
    "metadata": {"team": "bench"},
}
CEILING_OF = {"create": "POST", "get": "GET", "list": "GET", "inbox": "GET"}
FEED_ITEMS = 60  # more than the 50 items of a default feed page, so every page read is full
FEED_WAIT_SECONDS = 60.0
PAIR = "postgres x2"  # two ``interlink serve`` processes on one PostgreSQL database


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per scenario (default 2000)")
    parser.add_argument("--concurrency", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument(
        "--duration", type=float, default=20.0, help="stop a scenario after this many seconds (default 20)"
    )
    parser.add_argument("--warmup", type=int, default=100, help="unmeasured requests before each scenario")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    parser.add_argument(
        "--pg-url",
        default="postgresql://postgres@127.0.0.1:5432/test",
        help="an existing PostgreSQL database to connect to; the run creates and drops its own beside it",
    )
    parser.add_argument(
        "--server-log-level",
        default="info",
        choices=("debug", "info", "warning", "error"),
        help="Interlink's --log-level (default info, its own default: one JSON access line per request)",
    )
    args = parser.parse_args(argv)
    if args.requests < 1 or args.concurrency < 1 or args.duration <= 0 or args.warmup < 0:
        parser.error("--requests and --concurrency must be positive, --duration above 0, --warmup 0 or more")
    if urlsplit(args.pg_url).hostname not in LOOPBACK:
        parser.error("--pg-url must point at a loopback address")
    return args


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def interlink_command() -> list[str]:
    """The ``interlink`` entry point of the running interpreter's environment."""
    script = Path(sys.executable).parent / "interlink"
    if script.exists():
        return [str(script)]
    found = shutil.which("interlink")
    if found:
        return [found]
    return [sys.executable, "-c", "from interlink.cli.main import app; app()"]


class Run:
    """One benchmark run: the settings, every measured outcome and the unmeasured warm-ups."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.outcomes: list[common.Outcome] = []
        self.warmups: list[common.Outcome] = []
        self.server_errors: dict[str, list[str]] = {}
        self.database: str | None = None  # the PostgreSQL database the Interlink servers now run on

    async def scenario(
        self,
        servers: list[common.ServerProcess],
        label: str,
        name: str,
        session: aiohttp.ClientSession,
        make: Callable[[int], common.Call],
        on_response: common.OnResponse | None = None,
        warm: Callable[[int], common.Call] | None = None,
    ) -> common.Outcome:
        """Warm up (unmeasured), then measure one scenario and note the servers' CPU and largest peak RSS."""
        args = self.args
        bases = [server.base_url for server in servers]
        if args.warmup:
            warmup = common.Outcome(label, f"{name} warm-up")
            await common.drive(
                session,
                bases,
                warm or make,
                warmup,
                requests=args.warmup,
                concurrency=args.concurrency,
                duration=args.duration,
                on_response=on_response,
            )
            if warmup.errors:
                self.warmups.append(warmup)
        progress(f"  {label} {name}: {args.requests} requests, {args.concurrency} concurrent")
        outcome = common.Outcome(label, name)
        cpu_before = _total([server.cpu_seconds() for server in servers])
        machine_before = common.CpuSnapshot.now(self.database)
        await common.drive(
            session,
            bases,
            make,
            outcome,
            requests=args.requests,
            concurrency=args.concurrency,
            duration=args.duration,
            on_response=on_response,
        )
        peaks = [server.peak_rss_kib() for server in servers]
        outcome.peak_rss_kib = max((p for p in peaks if p is not None), default=None)
        cpu_after = _total([server.cpu_seconds() for server in servers])
        outcome.cpu_use = machine_before.until(common.CpuSnapshot.now(self.database))
        if cpu_before is not None and cpu_after is not None:
            outcome.server_cpu = cpu_after - cpu_before
        self.outcomes.append(outcome)
        return outcome

    async def ceiling(self, work_dir: Path) -> None:
        """The bare Starlette app under the same uvicorn settings Interlink uses."""
        port = common.free_port()
        argv = [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.ceiling:app",
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
        server = common.start_server("starlette", argv, port, work_dir / "starlette")
        try:
            await common.wait_ready(server, "/items/ready")
            body = json.dumps({"name": "Ops hook", **WEBHOOK}).encode()
            headers = {"Content-Type": "application/json"}
            async with common.client_session(self.args.concurrency, headers) as session:
                one = [server]
                await self.scenario(one, "starlette", "GET", session, lambda i: common.Call("GET", f"/items/{i}"))
                await self.scenario(one, "starlette", "POST", session, lambda i: common.Call("POST", "/items", body))
        finally:
            server.stop()

    async def interlink(self, label: str, work_dir: Path, database_url: str | None, processes: int = 1) -> None:
        """Start ``interlink serve`` (``processes`` of them on one database, each as the README starts one) on a
        fresh data directory, read the admin key the first prints, and run the scenarios against all of them."""
        data_dir = work_dir / label / "data"
        self.database = urlsplit(database_url).path.lstrip("/") if database_url else None
        env = {"INTERLINK_DATABASE_URL": database_url or f"sqlite+aiosqlite:///{data_dir / 'interlink.db'}"}
        servers: list[common.ServerProcess] = []
        try:
            for number in range(processes):
                port = common.free_port()
                argv = [
                    *interlink_command(),
                    "serve",
                    "--data-dir",
                    str(data_dir),
                    "--host",
                    common.HOST,
                    "--port",
                    str(port),
                    "--log-level",
                    self.args.server_log_level,
                ]
                name = label if processes == 1 else f"{label}-{number + 1}"
                servers.append(common.start_server(name, argv, port, work_dir / name, env))
                await common.wait_ready(servers[-1], "/healthz")  # the first migrates the database alone
            match = KEY_PATTERN.search(servers[0].stdout())
            if match is None:
                raise RuntimeError(f"{label}: interlink serve printed no admin key on its first start")
            await self.interlink_scenarios(servers, label, match.group(0))
            reader = await reader_key(data_dir, env)
            await self.inbox_scenario(servers, label, match.group(0), reader)
        finally:
            for server in servers:
                server.stop()
                logged = server.logged_errors()
                if logged:
                    self.server_errors[server.name] = logged

    async def interlink_scenarios(self, servers: list[common.ServerProcess], label: str, key: str) -> None:
        ids: list[str] = []
        run_tag = secrets.token_hex(3)

        def create(prefix: str) -> Callable[[int], common.Call]:
            def make(index: int) -> common.Call:
                body = {"name": f"bench {prefix} {run_tag} {index}", **WEBHOOK}
                headers = {"Idempotency-Key": f"bench-{prefix}-{run_tag}-{index}"}
                return common.Call("POST", "/v2/integrations", json.dumps(body).encode(), headers)

            return make

        def keep_id(_index: int, _status: int, body: bytes) -> None:
            ids.append(json.loads(body)["id"])

        def get(index: int) -> common.Call:
            return common.Call("GET", f"/v2/integrations/{ids[index % len(ids)]}")

        def list_(_index: int) -> common.Call:
            return common.Call("GET", "/v2/integrations?limit=50")

        headers = {"X-Api-Key": key, "Content-Type": "application/json"}
        async with common.client_session(self.args.concurrency, headers) as session:
            await self.scenario(servers, label, "create", session, create("hook"), keep_id, warm=create("warm-up"))
            if not ids:
                progress(f"  {label}: create stored nothing, so get has no ids to read; skipping get")
            else:
                await self.scenario(servers, label, "get", session, get)
            await self.scenario(servers, label, "list", session, list_)

    async def inbox_scenario(self, servers: list[common.ServerProcess], label: str, admin: str, reader: str) -> None:
        """Fill one subscriber's in-app feed past a page, then read its first page as the subscriber's app does:
        ``GET /v2/inbox/{subscriberId}`` with a read-only key."""
        subscriber = f"bench-user-{secrets.token_hex(3)}"
        base = servers[0].base_url
        async with common.client_session(4, {"X-Api-Key": admin, "Content-Type": "application/json"}) as session:
            inbox = {"name": "Bench inbox", "type": "in_app"}
            async with session.post(f"{base}/v2/integrations", data=json.dumps(inbox)) as answer:
                if answer.status != 201:
                    raise RuntimeError(f"{label}: creating the in-app integration answered {answer.status}")
            batch = {
                "messages": [
                    {
                        "channel": "in_app",
                        "to": subscriber,
                        "subject": f"Report {n} is ready",
                        "text": f"Your weekly report number {n} is ready to read.",
                        "html": f"<p>Your weekly report number <b>{n}</b> is ready to read.</p>",
                        "payload": {"reportId": n, "url": f"https://app.example.com/reports/{n}"},
                    }
                    for n in range(FEED_ITEMS)
                ]
            }
            async with session.post(f"{base}/v2/messages/batch", data=json.dumps(batch)) as answer:
                if answer.status != 202:
                    raise RuntimeError(f"{label}: sending the feed's messages answered {answer.status}")
            await wait_for_feed(session, f"{base}/v2/inbox/{subscriber}?limit=1", label)
        async with common.client_session(self.args.concurrency, {"X-Api-Key": reader}) as session:
            feed = common.Call("GET", f"/v2/inbox/{subscriber}")
            await self.scenario(servers, label, "inbox", session, lambda _index: feed)


async def wait_for_feed(session: aiohttp.ClientSession, url: str, label: str) -> None:
    """Until every message sent to the feed is in it (the server's own worker delivers them), or fail."""
    deadline = asyncio.get_running_loop().time() + FEED_WAIT_SECONDS
    while True:
        async with session.get(url) as answer:
            if answer.status == 200 and (await answer.json())["totalCount"] >= FEED_ITEMS:
                return
        if asyncio.get_running_loop().time() > deadline:
            raise RuntimeError(f"{label}: the feed did not fill within {FEED_WAIT_SECONDS:.0f} s")
        await asyncio.sleep(0.2)


async def reader_key(data_dir: Path, env: dict[str, str]) -> str:
    """A read-only key for the default environment, made with ``interlink keys create`` as an operator would."""
    argv = [
        *interlink_command(),
        "keys",
        "create",
        "--env",
        "development",
        "--scopes",
        "read",
        "--name",
        "bench reader",
    ]
    process = await asyncio.create_subprocess_exec(
        *argv,
        "--data-dir",
        str(data_dir),
        env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    match = KEY_PATTERN.search(out.decode())
    if process.returncode != 0 or match is None:
        raise RuntimeError(f"interlink keys create failed: {err.decode().strip() or out.decode().strip()}")
    return match.group(0)


async def create_database(admin_url: str) -> str | None:
    """A fresh, uniquely named database beside ``admin_url``'s, or None (with a note) when PostgreSQL is away."""
    import asyncpg

    try:
        conn = await asyncio.wait_for(asyncpg.connect(admin_url), timeout=5)
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        where = urlsplit(admin_url)
        progress(
            f"note: PostgreSQL at {where.hostname}:{where.port or 5432} is unreachable "
            f"({type(exc).__name__}); skipping it"
        )
        return None
    name = f"bench_{secrets.token_hex(4)}"
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return name


async def drop_database(admin_url: str, name: str) -> None:
    import asyncpg

    conn = await asyncio.wait_for(asyncpg.connect(admin_url), timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def interlink_url(admin_url: str, database: str) -> str:
    """``admin_url`` pointed at ``database`` through Interlink's asyncpg driver."""
    parts = urlsplit(admin_url)
    return urlunsplit(("postgresql+asyncpg", parts.netloc, f"/{database}", parts.query, ""))


def _total(values: list[float | None]) -> float | None:
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def scaling_lines(outcomes: list[common.Outcome]) -> list[str]:
    """For each scenario run by one and by two PostgreSQL servers: how many times one's throughput two reach,
    and how many times this machine's cores would allow at the CPU one request cost in the single run."""
    one = {o.scenario: o for o in outcomes if o.server == "postgres"}
    lines = []
    for o in outcomes:
        single = one.get(o.scenario)
        if o.server != PAIR or single is None or single.rate == 0:
            continue
        line = (
            f"{PAIR} {o.scenario}: {o.rate / single.rate:.2f}x one server "
            f"({o.rate:,.0f} vs {single.rate:,.0f} req/s; CPU {o.cpu_ms_per_request or 0:.2f} vs "
            f"{single.cpu_ms_per_request or 0:.2f} ms/req)"
        )
        bound, use = single.machine_bound(), single.cpu_use
        if bound is not None and use is not None and single.requests:
            line += (
                f"; one server ran with the machine {use.busy_share:.0%} busy (PostgreSQL "
                f"{1000 * use.database / single.requests:.2f} ms and the client "
                f"{1000 * use.client / single.requests:.2f} ms of CPU per request), "
                f"so these {os.cpu_count()} cores allow at most {bound / single.rate:.2f}x"
            )
            if o.cpu_use is not None:
                line += f"; the pair ran them {o.cpu_use.busy_share:.0%} busy"
        lines.append(line)
    return lines


def ceiling_lines(outcomes: list[common.Outcome]) -> list[str]:
    """For each Interlink scenario: its throughput as a share of the matching ceiling scenario's."""
    ceiling = {o.scenario: o for o in outcomes if o.server == "starlette"}
    lines = []
    for o in outcomes:
        if o.server == "starlette":
            continue
        top = ceiling.get(CEILING_OF[o.scenario])
        if top is None or top.rate == 0:
            continue
        lines.append(
            f"{o.server} {o.scenario}: {o.rate / top.rate:.1%} of the ceiling's {top.scenario} "
            f"({o.rate:,.0f} of {top.rate:,.0f} req/s; p50 {o.percentile_ms(50):.2f} vs {top.percentile_ms(50):.2f} ms)"
        )
    return lines


async def main(args: argparse.Namespace) -> int:
    current = asyncio.current_task()
    if current is not None:  # a SIGTERM unwinds like Ctrl-C: servers stopped, database dropped, files removed
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, current.cancel)
    run = Run(args)
    load_before = common.load_average()
    with tempfile.TemporaryDirectory(prefix="interlink-bench-") as tmp:
        work_dir = Path(tmp)
        steps: list[tuple[str, Callable[[], Awaitable[None]]]] = [
            ("starlette ceiling", lambda: run.ceiling(work_dir)),
            ("interlink on SQLite", lambda: run.interlink("sqlite", work_dir, None)),
        ]
        for title, step in steps:
            progress(title)
            await step()
        if args.sqlite_only:
            progress("note: --sqlite-only given; PostgreSQL skipped")
        else:
            for label, processes in (("postgres", 1), (PAIR, 2)):
                database = await create_database(args.pg_url)
                if database is None:
                    break
                progress(f"interlink on PostgreSQL, {processes} server process(es) (database {database})")
                try:
                    await run.interlink(label, work_dir, interlink_url(args.pg_url, database), processes)
                finally:
                    await drop_database(args.pg_url, database)

    cores = os.cpu_count() or 1
    print(
        f"\n{args.requests} requests per scenario, {args.concurrency} concurrent clients, {args.warmup} warm-up "
        f"requests each; Interlink log level {args.server_log_level}; load average {load_before:.2f} on {cores} "
        "cores before the run"
    )
    if load_before > cores / 2:
        print("note: other processes were keeping this machine busy, so every figure is likely lower than when idle")
    print()
    print(common.table(run.outcomes))
    print()
    for line in ceiling_lines(run.outcomes) + scaling_lines(run.outcomes):
        print(line)
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
