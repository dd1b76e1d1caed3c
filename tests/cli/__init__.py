"""Helpers that run the real ``interlink`` console script as a subprocess on its own SQLite data directory."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

# Variables that would point a child at another database or key than its own data directory.
_SCRUB = (
    "INTERLINK_DATABASE_URL",
    "INTERLINK_TEST_DATABASE_URL",
    "INTERLINK_MASTER_KEY",
    "INTERLINK_DATA_DIR",
)


def interlink_bin() -> str:
    """The installed console script: beside this interpreter, else on PATH."""
    beside = Path(sys.executable).parent / "interlink"
    if beside.exists():
        return str(beside)
    found = shutil.which("interlink")
    assert found, "the interlink console script is not installed"
    return found


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _SCRUB}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def run(*args: str, data_dir: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run one command to completion with ``--data-dir``."""
    return subprocess.run(
        [interlink_bin(), *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env or child_env(),
        check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Served:
    """A running ``interlink serve``: its base URL and everything it printed so far."""

    process: subprocess.Popen[str]
    url: str
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)

    @property
    def admin_key(self) -> str | None:
        keys = [line.strip() for line in self.stdout if line.strip().startswith("il_")]
        assert len(keys) <= 1, "the admin key must be printed at most once"
        return keys[0] if keys else None

    def client(self, key: str | None = None) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"X-Api-Key": key} if key else {}, timeout=30)

    def stop(self) -> None:
        """SIGTERM, as a service manager would, and check the server shut down cleanly."""
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        # uvicorn re-raises the signal after its graceful shutdown, so -SIGTERM is a clean exit too.
        assert code in (0, -signal.SIGTERM), (code, "".join(self.stderr)[-2000:])
        assert "Traceback" not in "".join(self.stderr)


def _drain(stream: object, into: list[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.append(line)


@contextmanager
def serving(data_dir: Path, env: dict[str, str] | None = None) -> Iterator[Served]:
    """Start ``interlink serve`` on a free loopback port, wait for /healthz, and always stop it afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [interlink_bin(), "serve", "--data-dir", str(data_dir), "--port", str(port), "--host", "127.0.0.1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env or child_env(),
    )
    served = Served(process, f"http://127.0.0.1:{port}")
    readers = [
        threading.Thread(target=_drain, args=(process.stdout, served.stdout), daemon=True),
        threading.Thread(target=_drain, args=(process.stderr, served.stderr), daemon=True),
    ]
    for reader in readers:
        reader.start()
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise AssertionError(f"serve exited with {process.returncode}: {''.join(served.stderr)[-2000:]}")
            try:
                if httpx.get(f"{served.url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"serve did not answer /healthz: {''.join(served.stderr)[-2000:]}")
            time.sleep(0.1)
        deadline = time.monotonic() + 10
        while not any("Serving on" in line for line in served.stdout) and time.monotonic() < deadline:
            time.sleep(0.05)
        yield served
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        for reader in readers:
            reader.join(timeout=5)
