"""The catalog of integration types, discovered from the provider folders."""

from interlink.catalog.registry import DuplicateProvider, Registry, default_registry

__all__ = ["DuplicateProvider", "Registry", "default_registry"]
