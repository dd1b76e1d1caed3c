"""A provider's documented payloads (``fixtures/<name>.json``), with a record of which ones tests really used.

A fixture is *served* when a fake answered a request with it and *declared* when a test loaded it to compare
or send it; the contract fails a fixture that is neither.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from aiohttp import web

from interlink.sdk.testing.sources import source_of

Reply = Callable[[web.Request, Any], Awaitable[web.StreamResponse]]
"""How a fake answers one request: ``(request, what was recorded)`` to a response."""

_KEEP: Any = object()


@dataclass
class FixtureBook:
    """The fixtures of one provider folder and which of them were served or declared."""

    folder: Path
    served: set[str] = field(default_factory=set)
    declared: set[str] = field(default_factory=set)

    def names(self) -> list[str]:
        return sorted(path.stem for path in self.folder.glob("*.json"))

    def _read(self, name: str) -> dict[str, Any]:
        path = self.folder / f"{name}.json"
        if not path.is_file():
            raise FileNotFoundError(f"no fixture {name!r} in {self.folder.name}")
        data: dict[str, Any] = orjson.loads(path.read_bytes())
        return data

    def load(self, name: str) -> dict[str, Any]:
        """A documented request or response, counted as declared by the test that loads it."""
        self.declared.add(name)
        return self._read(name)

    def reply(
        self,
        name: str,
        headers: Mapping[str, str | None] | None = None,
        body: Any = _KEEP,
        status: int | None = None,
    ) -> Reply:
        """Answer with the documented response ``name``; ``headers`` add to its own (None removes one)."""
        doc = self._read(name)
        kept = doc.get("body") if body is _KEEP else body
        kind = {} if kept is None else {"Content-Type": "text/plain" if isinstance(kept, str) else "application/json"}
        given = {k.lower() for k in doc.get("headers", {})}
        merged = {**({} if "content-type" in given else kind), **doc.get("headers", {}), **(headers or {})}
        data = b"" if kept is None else kept.encode() if isinstance(kept, str) else orjson.dumps(kept)
        sent = {k: v for k, v in merged.items() if v is not None}
        code = status or int(doc["status"])

        async def answer(_request: web.Request, _seen: Any) -> web.StreamResponse:
            self.served.add(name)
            return web.Response(status=code, headers=sent, body=data)

        return answer

    def source(self, name: str) -> str:
        """Where the fixture was copied from: a public page, then any note (its ``source`` key or sidecar line)."""
        path = self.folder / f"{name}.json"
        if not path.is_file():
            raise FileNotFoundError(f"no fixture {name!r} in {self.folder.name}")
        return source_of(path)

    def unused(self) -> list[str]:
        return [name for name in self.names() if name not in self.served | self.declared]


_BOOKS: dict[Path, FixtureBook] = {}


def fixtures(folder: Path) -> FixtureBook:
    """The one book of ``folder`` for this test run (pass a provider's test folder or its ``fixtures``)."""
    folder = folder.resolve()
    if folder.name != "fixtures":
        folder = folder / "fixtures"
    return _BOOKS.setdefault(folder, FixtureBook(folder))


def plain(status: int, headers: Mapping[str, str] | None = None, body: str = "") -> Reply:
    """An undocumented answer (e.g. a proxy's bare 502)."""

    async def answer(_request: web.Request, _seen: Any) -> web.StreamResponse:
        return web.Response(status=status, headers=dict(headers or {}), text=body)

    return answer
