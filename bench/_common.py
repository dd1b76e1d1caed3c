"""Shared benchmark machinery: servers on loopback, a bounded concurrent load loop, and the report."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import json
import math
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

HOST = "127.0.0.1"
MAX_ERROR_SAMPLES = 5
PR_SET_PDEATHSIG = 1


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class ServerProcess:
    """A server started as a subprocess; its output goes to files so a full pipe never stalls it."""

    name: str
    proc: subprocess.Popen[bytes]
    port: int
    log_dir: Path

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def stdout(self) -> str:
        return (self.log_dir / "stdout.log").read_text(errors="replace")

    def stderr_tail(self, lines: int = 20) -> str:
        return "\n".join((self.log_dir / "stderr.log").read_text(errors="replace").splitlines()[-lines:])

    def logged_errors(self, limit: int = 3) -> list[str]:
        """The last line (the exception itself) of the first few error-level JSON log lines the server wrote."""
        found: list[str] = []
        for line in (self.log_dir / "stderr.log").read_text(errors="replace").splitlines():
            if '"level":"error"' not in line:
                continue
            try:
                record = json.loads(line)
            except ValueError:
                continue
            detail = str(record.get("error") or record.get("message") or "").strip().splitlines()
            found.append((detail[-1] if detail else "?")[:300])
            if len(found) >= limit:
                break
        return found

    def peak_rss_kib(self) -> int | None:
        """The process's peak resident set size (VmHWM) so far, or None once it has gone."""
        try:
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return None

    def cpu_seconds(self) -> float | None:
        """User plus system CPU time the process (all its threads) has used so far, or None once it has gone."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the server to stop, and kill it if it has not within ``timeout`` seconds."""
        if self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout)


@dataclass(frozen=True)
class CpuSnapshot:
    """CPU seconds used so far by the whole machine, by the benchmark itself and by each PostgreSQL backend
    serving ``database``.

    Two snapshots bracket a scenario; their difference says where the machine's cores went, which is what
    bounds how much a second server or worker process can add on a small machine.
    """

    taken: float
    machine_busy: float
    client: float
    backends: Mapping[int, float]

    @classmethod
    def now(cls, database: str | None = None) -> CpuSnapshot:
        backends = _backends_cpu(database) if database else {}
        return cls(time.monotonic(), _machine_busy_seconds(), time.process_time(), backends)

    def until(self, later: CpuSnapshot) -> CpuUse:
        """What was used from this snapshot to ``later``; a backend that closed in between is not counted."""
        database = sum(cpu - self.backends.get(pid, 0.0) for pid, cpu in later.backends.items())
        return CpuUse(
            later.taken - self.taken, later.machine_busy - self.machine_busy, later.client - self.client, database
        )


@dataclass(frozen=True)
class CpuUse:
    """CPU seconds used between two snapshots, and the wall time between them."""

    wall: float
    machine_busy: float
    client: float
    database: float

    @property
    def busy_share(self) -> float:
        """How much of all the machine's cores was busy: near 1.0 leaves nothing for another process."""
        return self.machine_busy / (self.wall * (os.cpu_count() or 1)) if self.wall > 0 else 0.0


def _machine_busy_seconds() -> float:
    """Busy (not idle, not waiting on I/O) CPU seconds of all cores since boot, from /proc/stat."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()
    except OSError:
        return 0.0
    ticks = [int(v) for v in first[1:]]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _backends_cpu(database: str) -> dict[int, float]:
    """User plus system CPU seconds of each PostgreSQL backend whose process title names ``database``."""
    found: dict[int, float] = {}
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            title = (proc / "cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
            if not title.startswith("postgres: ") or f" {database} " not in title:
                continue
            fields = (proc / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        found[int(proc.name)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return found


def _die_with_parent() -> None:
    """Runs in the child before exec: on Linux, have the kernel send SIGTERM if the benchmark dies abruptly."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start_server(
    name: str, argv: Sequence[str], port: int, log_dir: Path, env: Mapping[str, str] | None = None
) -> ServerProcess:
    """Start ``argv`` in its own session with stdout and stderr written under ``log_dir``.

    Its own session keeps a Ctrl-C at the terminal for the benchmark, which then stops it in order.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    full_env = {**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"}
    with (log_dir / "stdout.log").open("wb") as out, (log_dir / "stderr.log").open("wb") as err:
        proc = subprocess.Popen(
            list(argv),
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=full_env,
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
    return ServerProcess(name, proc, port, log_dir)


async def wait_ready(server: ServerProcess, path: str, within: float = 60.0) -> None:
    """Poll ``path`` until the server answers anything at all; fail early if the process exits."""
    deadline = time.monotonic() + within
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
        while time.monotonic() < deadline:
            if server.proc.poll() is not None:
                raise RuntimeError(
                    f"{server.name} exited with {server.proc.returncode} before it was ready:\n{server.stderr_tail()}"
                )
            try:
                async with session.get(server.base_url + path) as response:
                    await response.read()
                    return
            except (aiohttp.ClientError, TimeoutError):
                await asyncio.sleep(0.1)
    raise RuntimeError(f"{server.name} was not ready after {within:.0f}s:\n{server.stderr_tail()}")


@dataclass(frozen=True)
class Call:
    """One request to make: method, path and an optional JSON body already encoded."""

    method: str
    path: str
    body: bytes | None = None
    headers: Mapping[str, str] | None = None


@dataclass
class Outcome:
    """What one scenario measured: per-request latencies in seconds, errors, wall time, the server's peak RSS."""

    server: str
    scenario: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    peak_rss_kib: int | None = None
    server_cpu: float | None = None
    stopped_early: bool = False
    cpu_use: CpuUse | None = None  # where the machine's cores went during the scenario

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def rate(self) -> float:
        return self.requests / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def cpu_ms_per_request(self) -> float | None:
        """Server CPU time per request: near ``1000 / rate`` means the server saturates one core."""
        return None if self.server_cpu is None or not self.requests else self.server_cpu * 1000 / self.requests

    def percentile_ms(self, pct: float) -> float:
        return percentile(self.latencies, pct) * 1000

    def machine_bound(self) -> float | None:
        """The most requests/s this machine's cores allow if every part of a request (servers, PostgreSQL, the
        client, the kernel) keeps costing what it cost here: the rate over the share of all cores that was busy."""
        use = self.cpu_use
        return None if use is None or use.busy_share <= 0 else self.rate / min(use.busy_share, 1.0)


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (the smallest value with at least ``pct`` percent at or below it)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


OnResponse = Callable[[int, int, bytes], None]


def client_session(concurrency: int, headers: Mapping[str, str] | None = None) -> aiohttp.ClientSession:
    """One keep-alive session whose connection pool holds exactly ``concurrency`` connections."""
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
    return aiohttp.ClientSession(
        connector=connector, headers=dict(headers or {}), timeout=aiohttp.ClientTimeout(total=30)
    )


async def drive(
    session: aiohttp.ClientSession,
    base_url: str | Sequence[str],
    make: Callable[[int], Call],
    outcome: Outcome,
    *,
    requests: int,
    concurrency: int,
    duration: float,
    on_response: OnResponse | None = None,
) -> Outcome:
    """Send ``requests`` calls from ``concurrency`` workers, stopping early after ``duration`` seconds.

    Latency runs from sending the request to having read the whole response body. A non-2xx status or
    a transport error counts as an error and is still timed. Given several base URLs (several servers),
    the workers are spread evenly over them.
    """
    bases = [base_url] if isinstance(base_url, str) else list(base_url)
    counter = 0
    started = time.perf_counter()
    deadline = started + duration

    async def worker(base: str) -> None:
        nonlocal counter
        while counter < requests:
            if time.perf_counter() >= deadline:
                outcome.stopped_early = True
                return
            index = counter
            counter += 1
            call = make(index)
            began = time.perf_counter()
            try:
                async with session.request(
                    call.method, base + call.path, data=call.body, headers=call.headers
                ) as response:
                    body = await response.read()
                    status = response.status
            except (aiohttp.ClientError, TimeoutError) as exc:
                outcome.latencies.append(time.perf_counter() - began)
                _record_error(outcome, f"{call.method} {call.path}: {type(exc).__name__}: {exc}")
                continue
            outcome.latencies.append(time.perf_counter() - began)
            if not 200 <= status < 300:
                _record_error(
                    outcome, f"{call.method} {call.path}: HTTP {status}: {body[:300].decode(errors='replace')}"
                )
            elif on_response is not None:
                on_response(index, status, body)

    await asyncio.gather(*(worker(bases[n % len(bases)]) for n in range(concurrency)))
    outcome.elapsed = time.perf_counter() - started
    return outcome


def _record_error(outcome: Outcome, message: str) -> None:
    outcome.errors += 1
    if len(outcome.error_samples) < MAX_ERROR_SAMPLES:
        outcome.error_samples.append(message)


def load_average() -> float:
    """The 1-minute load average: other busy processes on this machine lower every figure."""
    return os.getloadavg()[0]


def format_rss(kib: int | None) -> str:
    return "?" if kib is None else f"{kib / 1024:.0f} MiB"


def table(outcomes: Sequence[Outcome]) -> str:
    """The results as an aligned text table, one row per server and scenario."""
    header = ("server", "scenario", "requests", "errors", "req/s", "p50 ms", "p99 ms", "CPU ms/req", "peak RSS")
    rows = [
        (
            o.server,
            o.scenario + (" (cut)" if o.stopped_early else ""),
            str(o.requests),
            str(o.errors),
            f"{o.rate:,.0f}",
            f"{o.percentile_ms(50):.2f}",
            f"{o.percentile_ms(99):.2f}",
            "?" if o.cpu_ms_per_request is None else f"{o.cpu_ms_per_request:.2f}",
            format_rss(o.peak_rss_kib),
        )
        for o in outcomes
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    left = {0, 1}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.ljust(w) if i in left else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def error_report(outcomes: Sequence[Outcome]) -> str:
    """A paragraph per scenario that had errors, with a few of the responses; empty when there were none."""
    parts = []
    for o in outcomes:
        if o.errors:
            samples = "\n".join(f"    {s}" for s in o.error_samples)
            parts.append(f"ERRORS in {o.server} {o.scenario}: {o.errors} of {o.requests} requests failed\n{samples}")
    return "\n".join(parts)
