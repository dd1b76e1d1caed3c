"""A real listening socket on loopback that records every connection, to prove none was made.

Accepts are first come, first served, so a sentinel connection made last and seen last shows that
nothing before it got through, without waiting on a clock.
"""

from __future__ import annotations

import secrets
import selectors
import socket
import threading
from types import TracebackType


class RecordingListener:
    """Accepts on ``host``:``port`` in a thread; ``peers`` holds the first bytes of each connection."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, 0))
        self.sock.listen(512)
        self.port: int = self.sock.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(self.sock, selectors.EVENT_READ)
        while not self._stop.is_set():
            if not selector.select(timeout=0.1):
                continue
            conn, _ = self.sock.accept()
            conn.settimeout(0.5)
            try:
                first = conn.recv(256)
            except OSError:
                first = b""
            conn.close()
            with self._changed:
                self.connections.append(first)
                self._changed.notify_all()
        selector.close()

    def sentinel(self) -> list[bytes]:
        """Connect once more with a unique marker; return what arrived before it."""
        marker = b"SENTINEL-" + secrets.token_hex(4).encode()
        with socket.create_connection(self.sock.getsockname()[:2], timeout=2) as probe:
            probe.sendall(marker)
            with self._changed:
                self._changed.wait_for(lambda: marker in self.connections, timeout=5)
        return self.connections[: self.connections.index(marker)]

    def __enter__(self) -> RecordingListener:
        self._thread.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()
