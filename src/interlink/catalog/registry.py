"""Discovers ``providers/<id>/manifest.py`` folders and indexes their manifests by id."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Iterator
from functools import lru_cache
from types import ModuleType
from typing import Any

from interlink.sdk import Direction, Manifest, Sender, Source, Subscriber
from interlink.sdk.inbound import Handler


class DuplicateProvider(Exception):
    """Two provider folders declare the same id, or a manifest's id differs from its folder."""


class InvalidManifest(Exception):
    """A provider's manifest breaks the manifest rules."""


class Registry:
    """An immutable index of manifests; lists the catalog without loading any sender."""

    def __init__(self, manifests: Iterable[Manifest], packages: dict[str, str] | None = None) -> None:
        self._by_id: dict[str, Manifest] = {}
        self._packages = packages or {}
        self._senders: dict[str, Sender | None] = {}
        self._plugins: dict[str, Any] = {}
        for manifest in manifests:
            problems = manifest.problems()
            if problems:
                raise InvalidManifest(f"provider {manifest.id!r}: " + "; ".join(problems))
            if manifest.id in self._by_id:
                raise DuplicateProvider(f"provider id {manifest.id!r} is declared twice")
            self._by_id[manifest.id] = manifest

    @classmethod
    def discover(cls, *packages: ModuleType) -> Registry:
        """Scan each package's sub-folders for a ``manifest`` module holding ``MANIFEST``."""
        found = [(package.__name__, manifest) for package in packages for manifest in _scan(package)]
        return cls((m for _, m in found), {m.id: name for name, m in found})

    def get(self, type_id: str) -> Manifest | None:
        return self._by_id.get(type_id)

    def __contains__(self, type_id: object) -> bool:
        return type_id in self._by_id

    def __iter__(self) -> Iterator[Manifest]:
        return iter(sorted(self._by_id.values(), key=lambda m: (m.direction, m.channel, m.id)))

    def __len__(self) -> int:
        return len(self._by_id)

    def by_direction(self, direction: Direction) -> list[Manifest]:
        return [m for m in self if m.direction is direction]

    def sender(self, type_id: str) -> Sender | None:
        """The provider's sender (``providers/<id>/sender.py``, ``SENDER``), loaded on first use."""
        if type_id not in self._senders:
            self._senders[type_id] = self._load(type_id, "sender", "SENDER")
        return self._senders[type_id]

    def source(self, type_id: str) -> Source | None:
        """The provider's polled source (``providers/<id>/source.py``, ``SOURCE``), loaded on first use."""
        found = self._load(type_id, "source", "SOURCE") if type_id in self._by_id else None
        return found if found is not None and hasattr(found, "pull") else None

    def subscriber(self, type_id: str) -> Subscriber | None:
        """The provider's subscription (``providers/<id>/source.py``, ``SOURCE`` with ``subscribe``)."""
        found = self._load(type_id, "source", "SOURCE") if type_id in self._by_id else None
        return found if found is not None and hasattr(found, "subscribe") else None

    def _load(self, type_id: str, module_leaf: str, attribute: str) -> Any:
        key = f"{type_id}.{module_leaf}.{attribute}"
        if key not in self._plugins:
            module_name = f"{self._packages.get(type_id, 'interlink.providers')}.{type_id}.{module_leaf}"
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                module = None
            self._plugins[key] = getattr(module, attribute, None) if module else None
        return self._plugins[key]

    def handler(self, type_id: str) -> Handler | None:
        """The provider's inbound handler (``providers/<id>/handler.py``, ``HANDLER``), loaded on first use."""
        found: Handler | None = self._load(type_id, "handler", "HANDLER") if type_id in self._by_id else None
        return found

    def by_alias(self, dialect: str, alias: str) -> Manifest | None:
        """Find the manifest another system names ``alias`` (e.g. Novu's ``nodemailer`` is ``smtp``)."""
        return next((m for m in self if m.aliases.get(dialect) == alias), None)


def _scan(package: ModuleType) -> Iterator[Manifest]:
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not info.ispkg or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}.manifest")
        manifest = getattr(module, "MANIFEST", None)
        if not isinstance(manifest, Manifest):
            raise InvalidManifest(f"{package.__name__}.{info.name}.manifest has no MANIFEST")
        if manifest.id != info.name:
            raise DuplicateProvider(f"folder {info.name!r} declares provider id {manifest.id!r}")
        yield manifest


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The registry of every provider shipped with Interlink."""
    import interlink.providers

    return Registry.discover(interlink.providers)
