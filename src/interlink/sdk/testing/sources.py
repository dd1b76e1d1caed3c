"""Where each fixture was copied from: its own ``source`` key, or its line in the folder's ``SOURCES.txt``.

A raw payload (an inbound webhook's body, sent byte for byte and signed) cannot carry a key of ours, so the
fixtures folder names it in a sidecar instead, one line per fixture: ``<name> <https://page> [note]``.
Blank lines and lines starting with ``#`` are skipped.
"""

from __future__ import annotations

from pathlib import Path

import orjson

SIDECAR = "SOURCES.txt"


def sidecar(folder: Path) -> dict[str, str]:
    """The fixtures ``folder``'s sidecar lines: fixture name to its page and note (empty without a sidecar)."""
    path = folder / SIDECAR
    if not path.is_file():
        return {}
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    pairs = (line.split(maxsplit=1) for line in lines if line and not line.startswith("#"))
    return {pair[0]: pair[1] if len(pair) > 1 else "" for pair in pairs}


def source_of(path: Path) -> str:
    """The page (then any note) fixture ``path`` was copied from: its JSON ``source`` first, else the sidecar's."""
    try:
        data = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError:
        data = None
    own = data.get("source") if isinstance(data, dict) else None
    if isinstance(own, str) and own:
        return own
    return sidecar(path.parent).get(path.stem, "")


def strays(folder: Path) -> list[str]:
    """Sidecar lines of ``folder`` naming a fixture that is not there (a renamed or deleted ``<name>.json``)."""
    return sorted(name for name in sidecar(folder) if not (folder / f"{name}.json").is_file())
