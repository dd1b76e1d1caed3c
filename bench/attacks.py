"""Bounded runs of the security attacks against a real ``interlink serve``: attempts, what got through, RSS.

    .venv/bin/python bench/attacks.py            # about a minute; loopback only

Each attack is bounded in attempts and time. "Got through" counts what the attack wanted: a 2xx for a
refused URL, a revoked key or a read-only write, a bomb that rendered, a connection the server kept past
its deadline, or a connection that reached the loopback listener.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.security.listener import RecordingListener
from tests.security.server import Served, start, stop
from tests.security.spellings import loopback_urls
from tests.security.test_slow_clients import _dribbled_headers, _silent, _slow_body
from tests.security.test_template_bombs import LOOP, NESTED, REPLACE

HEADER_SECONDS, BODY_SECONDS = 2.0, 3.0


def cli(*args: str, data: Path) -> str:
    interlink = str(Path(sys.executable).parent / "interlink")
    done = subprocess.run([interlink, *args, "--data-dir", str(data)], capture_output=True, text=True, check=True)
    return done.stdout


def cli_key(data: Path, scopes: str, name: str) -> str:
    return cli("keys", "create", "--env", "development", "--scopes", scopes, "--name", name, data=data).strip()


def key_id(data: Path, name: str) -> str:
    for line in cli("keys", "list", data=data).splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) > 2 and cells[2] == name:
            return cells[1]
    raise LookupError(name)


async def measured(served: Served, name: str, attack: Callable[[], Awaitable[tuple[int, int]]]) -> None:
    before = peak = served.rss_mb
    health: list[float] = []
    done = threading.Event()

    def sample() -> None:  # its own thread, so the attack's clients never delay the probe
        nonlocal peak
        with httpx.Client(base_url=f"http://127.0.0.1:{served.port}", timeout=30) as http:
            while not done.wait(0.05):
                peak = max(peak, served.rss_mb)
                started = time.monotonic()
                http.get("/healthz")
                health.append(time.monotonic() - started)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.monotonic()
    attempts, through = await attack()
    took = time.monotonic() - started
    done.set()
    sampler.join()
    after = served.rss_mb
    slowest = max(health, default=0) * 1000
    print(
        f"| {name} | {attempts} | {through} | {took:.1f} s | {slowest:.0f} ms "
        f"| {before:.0f} MB | {peak:.0f} MB | {after:.0f} MB |",
        flush=True,
    )


async def main() -> None:
    data = Path(tempfile.mkdtemp(prefix="interlink-attacks-"))
    served = start(data, INTERLINK_HEADER_SECONDS=str(HEADER_SECONDS), INTERLINK_BODY_SECONDS=str(BODY_SECONDS))
    key = {"X-Api-Key": served.admin_key}
    base = f"http://127.0.0.1:{served.port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=60, headers=key) as http:
            assert (await http.post("/v2/integrations", json={"name": "inbox", "type": "in_app"})).status_code == 201
            print("| attack | attempts | got through | time | slowest /healthz | RSS before | RSS peak | RSS after |")
            print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")

            listener = RecordingListener()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                spelled = [loopback_urls(listener.port).example() for _ in range(300)]
            read_only, revoked = cli_key(data, "read", "ro"), cli_key(data, "read,write", "gone")
            cli("keys", "revoke", key_id(data, "gone"), data=data)

            async def urls() -> tuple[int, int]:
                through = 0
                with listener:
                    for url in spelled:
                        body = {"name": "x", "type": "webhook", "properties": {"url": url}}
                        through += (await http.post("/v2/integrations", json=body)).status_code < 300
                    through += len(listener.sentinel())
                return len(spelled), through

            async def bombs() -> tuple[int, int]:
                through = attempts = 0
                for _ in range(5):
                    batch = [{"channel": "in_app", "to": f"s{i}", "template": {"text": LOOP}} for i in range(60)]
                    answers = await asyncio.gather(
                        http.post("/v2/messages/batch", json={"messages": batch}),
                        *(
                            http.post("/v2/messages", json={"channel": "in_app", "to": "s", "template": {"text": t}})
                            for t in (REPLACE, NESTED, "{{ 'a' * 10**9 }}")
                        ),
                    )
                    attempts += len(answers)
                    through += sum(a.status_code < 300 for a in answers)
                return attempts, through

            async def keys() -> tuple[int, int]:
                paths = (await http.get("/openapi.json")).json()["paths"]
                attempts = through = 0
                async with httpx.AsyncClient(base_url=base, timeout=30) as anon:
                    for template, ops in paths.items():
                        path = re.sub(r"\{[^}]+\}", "x1", template.replace("{locale}", "en"))
                        for method in ops:
                            if path.endswith("/stream"):
                                continue
                            tries = [{"X-Api-Key": revoked}, {"X-Api-Key": "il_unknown"}, {}]
                            if method != "get":
                                tries += [{"X-Api-Key": read_only}, {"X-Api-Key": read_only, "Idempotency-Key": "a"}]
                            for header in tries:
                                answer = await anon.request(method, path, headers=header, json={})
                                attempts += 1
                                through += answer.status_code < 300
                return attempts, through

            async def loris() -> tuple[int, int]:
                started = time.monotonic()
                closed = await asyncio.gather(
                    *(_dribbled_headers(served.port, started) for _ in range(200)),
                    *(_silent(served.port, started) for _ in range(200)),
                )
                return len(closed), sum(t > HEADER_SECONDS + 5 for t in closed)

            async def bodies() -> tuple[int, int]:
                statuses = await asyncio.gather(*(_slow_body(served.port, served.admin_key) for _ in range(200)))
                return len(statuses), sum(s not in (408, 503, 0) for s in statuses)

            await measured(served, "internal URL spellings at create", urls)
            await measured(served, "template bombs (batches of 60 + single bombs)", bombs)
            await measured(served, "revoked, unknown, absent and read-only keys on every route", keys)
            await measured(served, "slow-loris + silent connections", loris)
            await measured(served, "slow 1 MB bodies", bodies)
    finally:
        stop(served)


if __name__ == "__main__":
    asyncio.run(main())
