"""The credential-check tests reuse the providers' transport fixture (loopback allowed)."""

from tests.providers.conftest import transport

__all__ = ["transport"]
