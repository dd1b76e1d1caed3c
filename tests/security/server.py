"""A real ``interlink serve`` process on 127.0.0.1 for the slow-client attacks, with its RSS readable."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Served:
    process: subprocess.Popen[str]
    port: int
    admin_key: str

    @property
    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]


def start(data_dir: Path, **env: str) -> Served:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("INTERLINK_")}
    environment.update({"INTERLINK_DATA_DIR": str(data_dir), "INTERLINK_LOG_JSON": "true", **env})
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "interlink"),
            "serve",
            "--port",
            str(port),
            "--no-worker",
            "--log-level",
            "warning",
        ],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    key = ""
    deadline = time.monotonic() + 60
    for line in process.stdout:
        if line.strip().startswith("il_"):
            key = line.strip()
        if line.startswith("Serving on"):
            break
        assert time.monotonic() < deadline, "the server did not start"
    while True:  # the line is printed just before uvicorn binds
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert time.monotonic() < deadline and process.poll() is None, "the server did not start"
            time.sleep(0.05)
    return Served(process, port, key)


def stop(served: Served) -> None:
    served.process.terminate()
    try:
        served.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.wait()
